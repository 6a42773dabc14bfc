"""What a graph drawing shows: which ops become nodes, the edges between them, and the name scopes.

1. Nodes: one per op, except that (as TensorBoard does) bookkeeping name scopes are collapsed
   into single labelled nodes by default: `gradients`, the optimizers' scopes (`GradientDescent`,
   `Adam`, `Momentum`, ...), `*/Initializer`, `save` and `report_uninitialized_variables`. If the
   drawing still has more than `READABLE_NODES` nodes, name scopes collapse from the deepest level
   up until it fits (depth 1 at the most); past `max_nodes` nodes the rest is left out.
2. Edges: one per (source node, destination node), deduplicated between collapsed nodes; data if
   any tensor flows, else control.
3. Scopes: the name scopes with 2+ nodes form a tree; every node belongs to its innermost scope.
Positions are graph_layout's business, SVG and DOT text graph_svg's.
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from typing import Optional

MAX_NODES = 150        # hard cap: past it the remaining nodes are left out (the note says so)
READABLE_NODES = 40    # past it (after the default collapsing) scopes collapse, deepest first
MAX_EDGES = 1500
# Name scopes collapsed by default (TensorBoard hides the same bookkeeping): matched on any path
# component, with TF's uniquifying suffix (gradients_1, save_2, ...); `Initializer` below top level.
COLLAPSED_SCOPES = ("gradients", "GradientDescent", "Adam", "Momentum", "RMSProp", "Adagrad", "Adadelta",
                    "Ftrl", "ProximalAdagrad", "ProximalGradientDescent", "train", "save",
                    "report_uninitialized_variables")
_COLLAPSED_RE = re.compile(r"(?:%s)(?:_\d+)?" % "|".join(map(re.escape, COLLAPSED_SCOPES)))
_INITIALIZER_RE = re.compile(r"Initializer(?:_\d+)?")


@dataclasses.dataclass
class Node:
    """One drawn node: an op, or a collapsed name scope standing for several ops."""
    key: str           # the op's name, or the collapsed scope's
    label: str         # the last path component
    sub: str           # the op type, or "N ops" for a collapsed scope
    device: str        # short device ('GPU:1'), the most common among its ops; '' if unset
    size: int          # ops inside
    collapsed: bool
    index: int         # creation order of its first op


@dataclasses.dataclass(eq=False)
class Scope:
    """A name scope with 2+ nodes (drawn as a box around exactly its `members`)."""
    scope: str
    parent: Optional["Scope"]
    items: list = dataclasses.field(default_factory=list)    # children: node keys and Scopes, by creation
    members: list = dataclasses.field(default_factory=list)  # node keys at any depth inside
    index: int = 0     # creation order of its first member
    height: int = 0    # levels of scopes nested inside it

    @property
    def label(self) -> str:
        """The scope's name relative to the enclosing scope."""
        if self.parent is not None and self.parent.scope:
            return self.scope[len(self.parent.scope) + 1:]
        return self.scope


@dataclasses.dataclass
class DrawnGraph:
    nodes: dict        # key -> Node, in creation order
    edges: list        # (src key, dst key, is_control)
    depth: Optional[int]  # name scopes below this depth are collapsed (None: none for size)
    total_ops: int
    shown_ops: int
    collapsed: dict = dataclasses.field(default_factory=dict)  # scope collapsed by default -> op count
    scopes: dict = dataclasses.field(default_factory=dict)     # scope -> Scope (scopes with 2+ nodes)
    root: Optional[Scope] = None                               # the unnamed scope around everything

    @property
    def note(self) -> str:
        """What was collapsed or left out, for the reader ('' if nothing)."""
        parts = []
        if self.collapsed:  # the outermost by name, the others counted by name
            scopes = sorted(self.collapsed, key=lambda s: (s.count("/"), self.nodes[s].index))
            named = [f"{s} ({self.collapsed[s]} ops)" for s in scopes[:3]]
            rest = Counter(s.rsplit("/", 1)[-1] for s in scopes[3:])
            if rest:
                named.append(f"{len(scopes) - 3} more (" + ", ".join(
                    f"{name} x{n}" if n > 1 else name for name, n in rest.most_common(4))
                    + (", ..." if len(rest) > 4 else "") + ")")
            parts.append("collapsed by default: " + ", ".join(named))
        if self.depth is not None:
            parts.append(f"name scopes below depth {self.depth} collapsed")
        if self.shown_ops < self.total_ops:
            parts.append(f"showing {self.shown_ops} of {self.total_ops} ops")
        return "; ".join(parts)


def select(ops, max_nodes: int = MAX_NODES, collapse: bool = True) -> DrawnGraph:
    """The nodes, edges and scopes of a drawing of `ops` (a graph's operations, in creation order).

    collapse: collapse the bookkeeping scopes (COLLAPSED_SCOPES, */Initializer) and, past
    READABLE_NODES nodes, every scope from the deepest level up; False collapses scopes only past
    `max_nodes` nodes (the Graphviz export's behaviour).
    """
    ops = list(ops)
    names = [op.name for op in ops]
    base, defaults = _default_keys(names) if collapse else (names, {})
    depth = _choose_depth(base, min(max_nodes, READABLE_NODES) if collapse else max_nodes)
    key_of = {n: _key(b, depth) for n, b in zip(names, base)}
    members = defaultdict(list)
    for op in ops:
        members[key_of[op.name]].append(op)
    keys = list(members)[:max_nodes]
    nodes = {k: _node(k, members[k], i) for i, k in enumerate(keys)}
    edges = _edges([op for k in keys for op in members[k]], key_of, set(keys))
    collapsed = {s: nodes[s].size for s in defaults if s in nodes}
    root, scopes = _scope_tree(nodes)
    return DrawnGraph(nodes, edges, depth, len(ops), sum(len(members[k]) for k in keys), collapsed, scopes, root)


# ------------------------------------------------------------------ names and scopes
def _key(name: str, depth: Optional[int]) -> str:
    if depth is None:
        return name
    parts = name.split("/")
    return "/".join(parts[:depth]) if len(parts) > depth else name


def prefixes(name: str) -> list:
    """'a/b/c' -> ['a', 'a/b', 'a/b/c']."""
    parts = name.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _default_keys(names: list) -> tuple:
    """(key per name with the bookkeeping scopes collapsed, {collapsed scope: op count}).

    An op named like a scope (the optimizer's final `Adam` NoOp next to `Adam/...`) belongs to
    it, as in TensorBoard. A scope is collapsed only if it holds 2+ ops but not the whole graph.
    """
    scopes = {p for n in names for p in prefixes(n)[:-1]}
    found = {}
    for n in names:
        parts = n.split("/")
        for i, prefix in enumerate(prefixes(n)):
            if prefix in scopes and (_COLLAPSED_RE.fullmatch(parts[i])
                                     or (i > 0 and _INITIALIZER_RE.fullmatch(parts[i]))):
                found[n] = prefix
                break
    counts = Counter(found.values())
    keep = {s for s, c in counts.items() if 2 <= c < len(names)}
    keys = [found[n] if found.get(n) in keep else n for n in names]
    return keys, {s: counts[s] for s in counts if s in keep}


def _choose_depth(keys: list, limit: int) -> Optional[int]:
    distinct = set(keys)
    deepest = max((k.count("/") for k in distinct), default=0)
    if len(distinct) <= limit or deepest == 0:
        return None
    for depth in range(deepest, 0, -1):
        if len({_key(k, depth) for k in distinct}) <= limit:
            return depth
    return 1


def scope_chains(keys) -> dict:
    """key -> the name scopes with 2+ nodes that contain it, outermost first.

    A node named like a scope (variable `w` next to `w/Assign`, `w/read`) is a member of it.
    """
    keys = list(keys)
    scopes = {p for k in keys for p in prefixes(k)[:-1]}
    chains = {k: [p for p in prefixes(k) if p in scopes] for k in keys}
    count = Counter(p for chain in chains.values() for p in chain)
    return {k: [p for p in chain if count[p] >= 2] for k, chain in chains.items()}


def _scope_tree(nodes: dict) -> tuple:
    """(root, {scope: Scope}) for the name scopes with 2+ nodes, nested; each node in its innermost scope."""
    chains = scope_chains(nodes)
    root = Scope("", None, index=-1)
    scopes = {}
    for name in sorted({s for chain in chains.values() for s in chain}, key=lambda s: (s.count("/"), s)):
        parent = next((scopes[p] for p in reversed(prefixes(name)[:-1]) if p in scopes), root)
        scopes[name] = scope = Scope(name, parent)
        parent.items.append(scope)
    for key in sorted(nodes, key=lambda k: nodes[k].index):
        inside = [scopes[p] for p in chains[key]]
        (inside[-1] if inside else root).items.append(key)
        for scope in [root] + inside:
            scope.members.append(key)
    for scope in sorted(scopes.values(), key=lambda s: -s.scope.count("/")):  # innermost first
        scope.index = min(nodes[k].index for k in scope.members)
        scope.height = max((s.height + 1 for s in scope.items if isinstance(s, Scope)), default=0)
    for scope in [root] + list(scopes.values()):
        scope.items.sort(key=lambda it: it.index if isinstance(it, Scope) else nodes[it].index)
    return root, scopes


# ------------------------------------------------------------------ nodes and edges
def short_device(device: str) -> str:
    """'/job:localhost/replica:0/task:0/device:GPU:1' -> 'GPU:1'; '' stays ''."""
    found = re.findall(r"(?:device:)?([A-Za-z_]+):(\d+|\*)", device or "")
    found = [(t, i) for t, i in found if t.lower() not in ("job", "replica", "task")]
    if not found:
        return device or ""
    kind, index = found[-1]
    return f"{kind.upper()}:{index}"


def _node(key: str, ops: list, index: int) -> Node:
    collapsed = len(ops) > 1 or ops[0].name != key
    device = Counter(short_device(op.device) for op in ops).most_common(1)[0][0]
    label = key.rsplit("/", 1)[-1]
    sub = (f"{len(ops)} ops" if len(ops) > 1 else "1 op") if collapsed else ops[0].type
    return Node(key, label, sub, device, len(ops), collapsed, index)


def _edges(ops, key_of: dict, shown: set) -> list:
    """One edge per (source node, destination node): data if any tensor flows, else control."""
    found = {}
    for op in ops:
        dst = key_of[op.name]
        for is_control, sources in ((False, [t.op for t in op.inputs]), (True, op.control_inputs)):
            for src_op in sources:
                src = key_of.get(src_op.name)
                if src is None or src == dst or src not in shown:
                    continue
                found[(src, dst)] = found.get((src, dst), True) and is_control
    return [(s, d, c) for (s, d), c in list(found.items())[:MAX_EDGES]]
