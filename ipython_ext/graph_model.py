"""What a graph drawing shows: which ops become nodes, the edges between them, and the name scopes.

1. Nodes: one per op, except that (as TensorBoard does) a variable or a while loop is one node
   (graph_fold), and bookkeeping name scopes are collapsed into single labelled nodes by default:
   `gradients`, the optimizers' scopes (`GradientDescent`, `Adam`, `Momentum`, ...),
   `*/Initializer`, `save` and `report_uninitialized_variables`. If the drawing still has more
   than `READABLE_NODES` nodes, name scopes collapse from the deepest level up until it fits
   (depth 1 at the most); past `max_nodes` nodes the rest is left out. Auxiliary nodes (init,
   save/restore, queue close, the summaries' merge) are flagged for the side strip.
2. Edges: one per (source node, destination node), deduplicated between collapsed nodes; data if
   any tensor flows, else control; labelled with the static shape that flows ("?x784"); none
   touches an auxiliary node (those count their links instead); a queue's enqueue feeds its dequeue.
3. Scopes: the name scopes with 2+ main (non-auxiliary) nodes form a tree; every main node belongs
   to its innermost scope.
Positions are graph_layout's business, SVG and DOT text graph_svg's.
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from typing import Optional

from ipython_ext.graph_fold import fold

MAX_NODES = 150        # hard cap: past it the remaining nodes are left out (the note says so)
READABLE_NODES = 40    # past it (after the default collapsing) scopes collapse, deepest first
MAX_EDGES = 1500
MAX_LABEL = 24         # characters of a node or edge label
MAX_DEVICE = 200       # characters of a device string that short_device reads
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
    kind: str = "op"   # "op", "scope" (collapsed name scope), "variable" or "while"
    aux: bool = False  # drawn in the side strip, without edges
    links: int = 0     # auxiliary nodes: how many main nodes it is connected to
    stat: Optional[float] = None  # step-stats time or bytes of its ops, where given


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
    labels: dict = dataclasses.field(default_factory=dict)     # (src key, dst key) -> shape text of a data edge

    @property
    def main(self) -> list:
        """The keys of the nodes drawn in the graph proper (not in the side strip)."""
        return [k for k, n in self.nodes.items() if not n.aux]

    @property
    def aux(self) -> list:
        """The keys of the auxiliary nodes (side strip)."""
        return [k for k, n in self.nodes.items() if n.aux]

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


def select(ops, max_nodes: int = MAX_NODES, collapse: bool = True, stats: Optional[dict] = None) -> DrawnGraph:
    """The nodes, edges and scopes of a drawing of `ops` (a graph's operations, in creation order).

    collapse: fold variables and loops, set auxiliary ops aside, collapse the bookkeeping scopes
    (COLLAPSED_SCOPES, */Initializer) and, past READABLE_NODES nodes, every scope from the deepest
    level up; False collapses scopes only past `max_nodes` nodes (the Graphviz export's behaviour).
    stats: op name -> a number (step-stats time or bytes); each node gets the sum of its ops'.
    """
    ops = list(ops)
    names = [op.name for op in ops]
    folding = fold(ops) if collapse else None
    if collapse:
        base, defaults = _default_keys(names)
        base = [folding.key.get(n, b) for n, b in zip(names, base)]
    else:
        base, defaults = names, {}
    depth = _choose_depth(base, min(max_nodes, READABLE_NODES) if collapse else max_nodes)
    key_of = {n: _key(b, depth) for n, b in zip(names, base)}
    members = defaultdict(list)
    for op in ops:
        members[key_of[op.name]].append(op)
    keys = list(members)[:max_nodes]
    nodes = {k: _node(k, members[k], i, folding) for i, k in enumerate(keys)}
    if stats:
        for k, node in nodes.items():
            found = [stats[op.name] for op in members[k] if op.name in stats]
            node.stat = float(sum(found)) if found else None
    edges, labels = _edges([op for k in keys for op in members[k]], key_of, nodes)
    if folding is not None:
        _join_queues(folding.queue_links, key_of, nodes, edges, labels)
    collapsed = {s: nodes[s].size for s in defaults if s in nodes and nodes[s].kind == "scope"}
    root, scopes = _scope_tree({k: n for k, n in nodes.items() if not n.aux})
    return DrawnGraph(nodes, edges, depth, len(ops), sum(len(members[k]) for k in keys), collapsed, scopes, root,
                      labels)


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
    """'/job:localhost/replica:0/task:0/device:GPU:1' -> 'GPU:1'; '' stays ''.

    Linear in the string: the last `KIND:INDEX` path component (job/replica/task skipped), else
    the string itself cut to MAX_LABEL characters.
    """
    device = str(device or "")
    for part in reversed(device[-MAX_DEVICE:].split("/")):
        found = _DEVICE_RE.fullmatch(part)
        if found and found.group(1).lower() not in ("job", "replica", "task"):
            return f"{found.group(1).upper()}:{found.group(2)}"
    return device if len(device) <= MAX_LABEL else device[:MAX_LABEL - 3] + "..."


_DEVICE_RE = re.compile(r"(?:device:)?([A-Za-z_]{1,32}):(\d{1,9}|\*)")


def shape_text(shape) -> str:
    """A static shape as an edge label: '?x784', 'scalar', '' when the rank is unknown."""
    try:
        dims = shape.as_list()
    except (ValueError, AttributeError):
        return ""
    if not dims:
        return "scalar"
    text = "x".join("?" if d is None else str(d) for d in dims)
    return text if len(text) <= MAX_LABEL else text[:MAX_LABEL - 3] + "..."


def _node(key: str, ops: list, index: int, folding) -> Node:
    device = Counter(short_device(op.device) for op in ops).most_common(1)[0][0]
    label = key.rsplit("/", 1)[-1]
    kind = folding.kind.get(key) if folding is not None else None
    aux = folding is not None and all(op.name in folding.aux for op in ops)
    if kind == "variable":
        variable = next(op for op in ops if op.name == key)
        shape = shape_text(variable.outputs[0].shape) if variable.outputs else ""
        sub = "Variable " + shape if shape and shape != "scalar" else "Variable"
        return Node(key, label, sub, device, len(ops), False, index, "variable", aux)
    if kind == "while":
        return Node(key, folding.label[key], f"{len(ops)} ops", device, len(ops), True, index, "while", aux)
    collapsed = len(ops) > 1 or ops[0].name != key
    sub = (f"{len(ops)} ops" if len(ops) > 1 else "1 op") if collapsed else ops[0].type
    return Node(key, label, sub, device, len(ops), collapsed, index, "scope" if collapsed else "op", aux)


def _edges(ops, key_of: dict, nodes: dict) -> tuple:
    """(edges, labels): one edge per (source node, destination node), data if any tensor flows, else
    control; a data edge's label is the shape of the first tensor on it ('+N' more if several).
    Edges touching an auxiliary node are left out and counted in its `links`."""
    found, tensors, aux_links = {}, defaultdict(list), defaultdict(set)
    for op in ops:
        dst = key_of[op.name]
        for is_control, sources in ((False, op.inputs), (True, op.control_inputs)):
            for source in sources:
                src = key_of.get(source.name if is_control else source.op.name)
                if src is None or src == dst or src not in nodes:
                    continue
                if nodes[src].aux or nodes[dst].aux:
                    if nodes[src].aux != nodes[dst].aux:
                        aux_links[src if nodes[src].aux else dst].add(dst if nodes[src].aux else src)
                    continue
                found[(src, dst)] = found.get((src, dst), True) and is_control
                if not is_control and not any(t is source for t in tensors[(src, dst)]):
                    tensors[(src, dst)].append(source)
    for key, linked in aux_links.items():
        nodes[key].links = len(linked)
    edges = [(s, d, c) for (s, d), c in list(found.items())[:MAX_EDGES]]
    labels = {}
    for s, d, c in edges:
        flowing = tensors.get((s, d))
        if not c and flowing and nodes[d].kind != "scope":  # edges into a collapsed scope converge: no labels
            # a resource handle (queue, variable handle) has no shape worth showing
            handle = getattr(flowing[0].dtype, "name", "") in ("resource", "variant")
            text = "" if handle else shape_text(flowing[0].shape)
            labels[(s, d)] = text + (f" +{len(flowing) - 1}" if len(flowing) > 1 and text else "")
    return edges, labels


def _join_queues(links, key_of: dict, nodes: dict, edges: list, labels: dict):
    """A data edge labelled 'queue' from each enqueue's node to its queue's dequeue nodes."""
    present = {(s, d) for s, d, _ in edges}
    for enqueue, dequeue in links:
        src, dst = key_of.get(enqueue), key_of.get(dequeue)
        if src in nodes and dst in nodes and src != dst and (src, dst) not in present \
                and not nodes[src].aux and not nodes[dst].aux and len(edges) < MAX_EDGES:
            edges.append((src, dst, False))
            labels[(src, dst)] = "queue"
            present.add((src, dst))
