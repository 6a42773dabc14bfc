"""A graph's ops drawn as an inline SVG: a small layered (Sugiyama-style) layout, no JavaScript.

1. Nodes: one per op, except that (as TensorBoard does) bookkeeping name scopes are collapsed
   into single labelled nodes by default: `gradients`, the optimizers' scopes (`GradientDescent`,
   `Adam`, `Momentum`, ...), `*/Initializer`, `save` and `report_uninitialized_variables`. If the
   drawing still has more than `READABLE_NODES` nodes, name scopes collapse from the deepest level
   up until it fits (depth 1 at the most); past `max_nodes` nodes the rest is left out.
   Edges between collapsed nodes are deduplicated.
2. Layers: longest path from the sources (left to right), sources then moved next to their first
   consumer; cycles that collapsing creates are broken by taking the earliest-created node first.
3. Order and placement: name scopes form a tree of blocks. Inside each block its children (ops
   and sub-scope blocks) are stacked column by column in one order, so a scope's members are
   contiguous in every layer and no other op falls inside its box; barycentre sweeps (towards
   predecessors, then successors) reorder and move whole blocks, keeping the order with the
   fewest edge crossings.
4. Drawing: nodes coloured by device, each name scope (with 2+ nodes) a dashed box around exactly
   its members, data edges solid, control edges dashed; every name escaped. `to_dot()` writes
   the same graph for Graphviz, as an export.
"""
from __future__ import annotations

import dataclasses
import re
import uuid
from collections import Counter, defaultdict
from typing import Optional

from ipython_ext.html import esc, truncate

MAX_NODES = 150        # hard cap: past it the remaining nodes are left out (the note says so)
READABLE_NODES = 40    # past it (after the default collapsing) scopes collapse, deepest first
MAX_EDGES = 1500
NODE_H, ROW_GAP, COL_GAP, MARGIN, LEGEND_H = 32, 14, 44, 16, 22
BOX_PAD, BOX_LABEL_H = 4, 13   # a scope box's inner padding and its label row
SWEEPS = 10
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
UNSET = "#7f7f7f"
# Name scopes collapsed by default (TensorBoard hides the same bookkeeping): matched on any path
# component, with TF's uniquifying suffix (gradients_1, save_2, ...); `Initializer` below top level.
COLLAPSED_SCOPES = ("gradients", "GradientDescent", "Adam", "Momentum", "RMSProp", "Adagrad", "Adadelta",
                    "Ftrl", "ProximalAdagrad", "ProximalGradientDescent", "train", "save",
                    "report_uninitialized_variables")
_COLLAPSED_RE = re.compile(r"(?:%s)(?:_\d+)?" % "|".join(map(re.escape, COLLAPSED_SCOPES)))
_INITIALIZER_RE = re.compile(r"Initializer(?:_\d+)?")


@dataclasses.dataclass
class Node:
    key: str
    label: str
    sub: str
    device: str
    size: int          # ops inside
    collapsed: bool
    index: int         # creation order of its first op
    layer: int = 0
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0


@dataclasses.dataclass(eq=False)
class Box:
    """A name scope with 2+ nodes: drawn as a box around exactly its `members`."""
    scope: str
    parent: Optional["Box"]
    items: list = dataclasses.field(default_factory=list)    # children: node keys and Boxes
    members: list = dataclasses.field(default_factory=list)  # node keys at any depth inside
    index: int = 0     # creation order of its first member
    height: int = 0    # levels of boxes nested inside it
    col0: int = 0      # first and last layer of its members
    col1: int = 0
    x0: float = 0.0
    y0: float = 0.0
    x1: float = 0.0
    y1: float = 0.0

    @property
    def label(self) -> str:
        """The scope's name relative to the enclosing box."""
        if self.parent is not None and self.parent.scope:
            return self.scope[len(self.parent.scope) + 1:]
        return self.scope


@dataclasses.dataclass
class Layout:
    nodes: dict
    edges: list        # (src key, dst key, is_control)
    layers: list       # lists of keys, in drawing order
    depth: Optional[int]
    total_ops: int
    shown_ops: int
    collapsed: dict = dataclasses.field(default_factory=dict)  # scope collapsed by default -> op count
    boxes: dict = dataclasses.field(default_factory=dict)      # scope -> Box (scopes with 2+ nodes)
    root: Optional[Box] = None

    @property
    def note(self) -> str:
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


# ------------------------------------------------------------------ nodes and edges
def _key(name: str, depth: Optional[int]) -> str:
    if depth is None:
        return name
    parts = name.split("/")
    return "/".join(parts[:depth]) if len(parts) > depth else name


def _prefixes(name: str) -> list:
    """'a/b/c' -> ['a', 'a/b', 'a/b/c']."""
    parts = name.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _default_keys(names: list) -> tuple:
    """(key per name with the bookkeeping scopes collapsed, {collapsed scope: op count}).

    An op named like a scope (the optimizer's final `Adam` NoOp next to `Adam/...`) belongs to
    it, as in TensorBoard. A scope is collapsed only if it holds 2+ ops but not the whole graph.
    """
    scopes = {p for n in names for p in _prefixes(n)[:-1]}
    found = {}
    for n in names:
        parts = n.split("/")
        for i, prefix in enumerate(_prefixes(n)):
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


def short_device(device: str) -> str:
    """'/job:localhost/replica:0/task:0/device:GPU:1' -> 'GPU:1'; '' stays ''."""
    found = re.findall(r"(?:device:)?([A-Za-z_]+):(\d+|\*)", device or "")
    found = [(t, i) for t, i in found if t.lower() not in ("job", "replica", "task")]
    if not found:
        return device or ""
    kind, index = found[-1]
    return f"{kind.upper()}:{index}"


def _nodes_and_edges(ops, max_nodes: int, collapse: bool) -> Layout:
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
    return Layout(nodes, edges, [], depth, len(ops), sum(len(members[k]) for k in keys), collapsed)


def build(ops, max_nodes: int = MAX_NODES, collapse: bool = True) -> Layout:
    """Nodes, edges, layers and positions of a drawing of `ops` (a graph's operations, in creation order).

    collapse: collapse the bookkeeping scopes (COLLAPSED_SCOPES, */Initializer) and, past
    READABLE_NODES nodes, every scope from the deepest level up; False collapses scopes only past
    `max_nodes` nodes (the Graphviz export's behaviour).
    """
    layout = _nodes_and_edges(ops, max_nodes, collapse)
    _assign_layers(layout)
    _scope_tree(layout)
    _arrange(layout)
    return layout


def _node(key: str, ops: list, index: int) -> Node:
    collapsed = len(ops) > 1 or ops[0].name != key
    device = Counter(short_device(op.device) for op in ops).most_common(1)[0][0]
    label = key.rsplit("/", 1)[-1]
    sub = (f"{len(ops)} ops" if len(ops) > 1 else "1 op") if collapsed else ops[0].type
    width = max(56, min(200, 7 * max(len(truncate(label, 26)), len(sub)) + 18))
    return Node(key, label, sub, device, len(ops), collapsed, index, w=width)


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


# ------------------------------------------------------------------ layering
def _assign_layers(layout: Layout):
    preds, succs = defaultdict(set), defaultdict(set)
    for s, d, _ in layout.edges:
        preds[d].add(s)
        succs[s].add(d)
    nodes = layout.nodes
    remaining = {k: len(preds[k]) for k in nodes}
    ready = sorted((k for k, n in remaining.items() if n == 0), key=lambda k: nodes[k].index)
    done, order = set(), []
    while len(done) < len(nodes):
        if not ready:  # a cycle (collapsed scopes): take the earliest node, ignoring its back edges
            ready = [min((k for k in nodes if k not in done), key=lambda k: nodes[k].index)]
        key = ready.pop(0)
        if key in done:
            continue
        done.add(key)
        order.append(key)
        nodes[key].layer = max((nodes[p].layer + 1 for p in preds[key] if p in done), default=0)
        for s in sorted(succs[key], key=lambda k: nodes[k].index):
            remaining[s] -= 1
            if remaining[s] == 0 and s not in done:
                ready.append(s)
    rank = {k: i for i, k in enumerate(order)}
    # Sources (constants, placeholders, variables) move next to their first data consumer, and the
    # ops after them follow (e.g. `init`, which only waits for the variables' initial assignments).
    # A source stays within the layers its scope's other ops use (a slot variable stays by its
    # variable rather than stretching the scope's box to the optimizer); a scope of sources only
    # moves together, up to its earliest consumer.
    first_data = defaultdict(list)
    for s, d, control in layout.edges:
        if not control:
            first_data[s].append(d)
    chains = _scope_chains(list(nodes))
    members = defaultdict(list)
    for key, chain in chains.items():
        for scope in chain:
            members[scope].append(key)

    def limit(key):  # the rightmost layer `key` may move to
        own = min(nodes[s].layer for s in first_data[key] or succs[key]) - 1
        if not chains[key]:
            return own
        scope = members[chains[key][-1]]
        inner = [nodes[k].layer for k in scope if preds[k]]
        if inner:
            return min(own, max(inner))
        return min(min((nodes[s].layer for s in first_data[k] or succs[k]), default=own + 1) - 1 for k in scope)

    for _ in range(3):
        moved = False
        for key in order:
            node = nodes[key]
            if preds[key]:
                layer = max((nodes[p].layer + 1 for p in preds[key] if rank[p] < rank[key]), default=0)
            elif succs[key]:
                layer = limit(key)
            else:
                continue
            if layer > node.layer:
                node.layer, moved = layer, True
        if not moved:
            break
    used = {layer: i for i, layer in enumerate(sorted({n.layer for n in nodes.values()}))}
    layout.layers = [[] for _ in used]
    for key in sorted(nodes, key=lambda k: nodes[k].index):
        nodes[key].layer = used[nodes[key].layer]
        layout.layers[nodes[key].layer].append(key)


# ------------------------------------------------------------------ scope tree
def _scope_tree(layout: Layout):
    """Boxes for the name scopes with 2+ nodes, nested; every node goes in its innermost box.

    A node named like a scope (variable `w` next to `w/Assign`, `w/read`) is a member of it.
    """
    nodes = layout.nodes
    chains = _scope_chains(list(nodes))
    root = Box("", None, index=-1)
    boxes = {}
    for scope in sorted({s for chain in chains.values() for s in chain}, key=lambda s: s.count("/")):
        parent = next((boxes[p] for p in reversed(_prefixes(scope)[:-1]) if p in boxes), root)
        boxes[scope] = box = Box(scope, parent)
        parent.items.append(box)
    for key in sorted(nodes, key=lambda k: nodes[k].index):
        inside = [boxes[p] for p in chains[key]]
        (inside[-1] if inside else root).items.append(key)
        for box in [root] + inside:
            box.members.append(key)
    for box in sorted(boxes.values(), key=lambda b: -b.scope.count("/")):  # innermost first
        box.index = min(nodes[k].index for k in box.members)
        box.height = max((b.height + 1 for b in box.items if isinstance(b, Box)), default=0)
        box.col0 = min(nodes[k].layer for k in box.members)
        box.col1 = max(nodes[k].layer for k in box.members)
    for box in [root] + list(boxes.values()):
        box.items.sort(key=lambda it: it.index if isinstance(it, Box) else nodes[it].index)
    layout.boxes, layout.root = boxes, root


def _scope_chains(keys: list) -> dict:
    """key -> the name scopes with 2+ nodes that contain it, outermost first.

    A node named like a scope (variable `w` next to `w/Assign`, `w/read`) is a member of it.
    """
    scopes = {p for k in keys for p in _prefixes(k)[:-1]}
    chains = {k: [p for p in _prefixes(k) if p in scopes] for k in keys}
    count = Counter(p for chain in chains.values() for p in chain)
    return {k: [p for p in chain if count[p] >= 2] for k, chain in chains.items()}


def _pad(box: Box) -> float:
    """Horizontal padding: an enclosing box is wider than the boxes inside it."""
    return 6 + 5 * box.height


# ------------------------------------------------------------------ ordering and placement
def _arrange(layout: Layout):
    """Columns by layer; inside each box its children stacked per column in one order; barycentre sweeps.

    A child (node or box) occupies its columns (a box: every layer from its first member's to its
    last's) and sits below each earlier sibling there, so a scope's members are contiguous in every
    layer and nothing else falls inside its box. Each sweep sorts siblings by barycentre (whole
    boxes move), sizes every box compactly, then slides each child towards its barycentre within
    the slack its column leaves (the drawing never grows past the compact stacking's height).
    """
    nodes, root = layout.nodes, layout.root
    boxes = list(layout.boxes.values())
    gap = max(COL_GAP, 2 * max((_pad(b) for b in boxes), default=0) + 16)
    widths = [max(nodes[k].w for k in layer) for layer in layout.layers]
    left = [MARGIN + sum(widths[:i]) + gap * i for i in range(len(widths))]
    for node in nodes.values():
        node.x = left[node.layer] + (widths[node.layer] - node.w) / 2
    top = MARGIN + LEGEND_H + 4
    preds, succs = defaultdict(list), defaultdict(list)
    for s, d, _ in layout.edges:
        preds[d].append(s)
        succs[s].append(d)
    member_sets = {b: set(b.members) for b in boxes}
    heights, latest = {}, {}

    def cols(item):
        return range(item.col0, item.col1 + 1) if isinstance(item, Box) else (nodes[item].layer,)

    def index(item):
        return item.index if isinstance(item, Box) else nodes[item].index

    def size(box, order_key) -> float:
        """Sorts `box`'s children, sizes it by compact stacking; notes each child's latest position."""
        box.items.sort(key=order_key)
        level = {}
        for item in box.items:
            heights[item] = BOX_LABEL_H + 2 * BOX_PAD + size(item, order_key) if isinstance(item, Box) else NODE_H
            y = max(level.get(c, 0.0) for c in cols(item))
            for c in cols(item):
                level[c] = y + heights[item] + ROW_GAP
        height = max(level.values(), default=ROW_GAP) - ROW_GAP
        floor = {}
        for item in reversed(box.items):  # as low as the later siblings allow
            latest[item] = min(floor.get(c, height) for c in cols(item)) - heights[item]
            for c in cols(item):
                floor[c] = latest[item] - ROW_GAP
        return height

    def position(box, origin, want):
        level = {}
        for item in box.items:
            y = max(level.get(c, 0.0) for c in cols(item))
            if want is not None:
                y = max(y, min(want[item] - origin, latest[item]))
            for c in cols(item):
                level[c] = y + heights[item] + ROW_GAP
            if isinstance(item, Box):
                item.y0, item.y1 = origin + y, origin + y + heights[item]
                position(item, item.y0 + BOX_LABEL_H + BOX_PAD, want)
            else:
                nodes[item].y = origin + y

    def centre(key):
        return nodes[key].y + NODE_H / 2

    def pairs(item, neighbours):
        if isinstance(item, Box):
            inside = member_sets[item]
            return [(m, n) for m in item.members for n in neighbours[m] if n not in inside]
        return [(item, n) for n in neighbours[item]]

    best = None
    for sweep in range(SWEEPS):
        want = None
        if sweep == 0:
            order_key = index
        else:
            want, key = {}, {}
            first, second = (preds, succs) if sweep % 2 else (succs, preds)
            for item in list(nodes) + boxes:
                found = pairs(item, first) or pairs(item, second)
                shift = sum(centre(n) - centre(m) for m, n in found) / len(found) if found else 0.0
                y0, y1 = (item.y0, item.y1) if isinstance(item, Box) else (nodes[item].y, nodes[item].y + NODE_H)
                want[item] = y0 + shift
                key[item] = ((y0 + y1) / 2 + shift, index(item))
            order_key = key.__getitem__
        size(root, order_key)
        position(root, top, want)
        score = (_crossings(layout, left, widths),
                 sum(abs(centre(s) - centre(d)) for s, d, _ in layout.edges))
        if best is None or score < best[0]:
            best = (score, {k: n.y for k, n in nodes.items()}, {b: (b.y0, b.y1) for b in boxes})
    _, ys, box_ys = best
    for k, y in ys.items():
        nodes[k].y = y
    for b in boxes:
        b.y0, b.y1 = box_ys[b]
        b.x0 = min(nodes[k].x for k in b.members) - _pad(b)
        b.x1 = max(nodes[k].x + nodes[k].w for k in b.members) + _pad(b)
    for layer in layout.layers:
        layer.sort(key=lambda k: nodes[k].y)


def _crossings(layout: Layout, left: list, widths: list) -> int:
    """Edge crossings, counted between consecutive columns on the straight lines between the ends."""
    import numpy as np
    nodes = layout.nodes
    gaps = defaultdict(list)
    for s, d, _ in layout.edges:
        a, b = nodes[s], nodes[d]
        if b.layer <= a.layer:
            continue
        x1, y1, x2, y2 = a.x + a.w, a.y + NODE_H / 2, b.x, b.y + NODE_H / 2
        slope = (y2 - y1) / max(x2 - x1, 1.0)
        for g in range(a.layer, b.layer):
            xa, xb = left[g] + widths[g], left[g + 1]
            gaps[g].append((y1 + slope * (xa - x1), y1 + slope * (xb - x1)))
    total = 0
    for segments in gaps.values():
        if len(segments) > 1:
            ends = np.asarray(segments)
            da = ends[:, 0, None] - ends[None, :, 0]
            db = ends[:, 1, None] - ends[None, :, 1]
            total += int(np.count_nonzero(da * db < -1e-6)) // 2
    return total


# ------------------------------------------------------------------ SVG
def device_colours(devices) -> dict:
    named = sorted({d for d in devices if d})
    colours = {d: PALETTE[i % len(PALETTE)] for i, d in enumerate(named)}
    colours[""] = UNSET
    return colours


def to_svg(layout: Layout) -> str:
    """The layout as an `<svg>` element (uses the .tfs-* classes of the extension's stylesheet)."""
    nodes = layout.nodes
    uid = uuid.uuid4().hex[:10]
    colours = device_colours(n.device for n in nodes.values())
    boxes = list(layout.boxes.values())
    width = max([n.x + n.w for n in nodes.values()] + [b.x1 for b in boxes], default=0) + MARGIN
    height = max([n.y + NODE_H for n in nodes.values()] + [b.y1 for b in boxes], default=0) + MARGIN
    width, height = max(width, 240), max(height, MARGIN + LEGEND_H + 10)
    parts = [f"<svg class='tfs-graph' xmlns='http://www.w3.org/2000/svg' width='{width:.0f}' "
             f"height='{height:.0f}' viewBox='0 0 {width:.0f} {height:.0f}'>",
             f"<defs><marker id='tfs-arrow-{uid}' viewBox='0 0 10 10' refX='10' refY='5' markerWidth='7' "
             f"markerHeight='7' orient='auto-start-reverse'><path class='tfs-arrow' d='M0,0L10,5L0,10z'/></marker></defs>"]
    parts += _legend(colours)
    parts += _scope_boxes(layout)
    for s, d, control in layout.edges:
        parts.append(_edge(nodes[s], nodes[d], control, uid))
    parts += [_node_svg(n, colours[n.device]) for n in nodes.values()]
    parts.append("</svg>")
    return "".join(parts)


def _legend(colours) -> list:
    out, x = [], MARGIN
    for device, colour in colours.items():
        label = device or "no device set"
        out.append(f"<rect x='{x}' y='{MARGIN - 2}' width='10' height='10' rx='2' fill='{colour}'/>"
                   f"<text x='{x + 14}' y='{MARGIN + 7}' class='tfs-sub'>{esc(label)}</text>")
        x += 26 + 6 * len(label)
    return out


def _scope_boxes(layout: Layout) -> list:
    """Outer boxes first (inner ones are drawn over them); each labelled with its name in the parent."""
    out = []
    for box in sorted(layout.boxes.values(), key=lambda b: b.scope.count("/")):
        ops = sum(layout.nodes[k].size for k in box.members)
        fits = max(3, int((box.x1 - box.x0 - 6) / 6))
        out.append(f"<g><title>{esc(box.scope)} ({len(box.members)} nodes, {ops} ops)</title>"
                   f"<rect class='tfs-scope' x='{box.x0:.1f}' y='{box.y0:.1f}' width='{box.x1 - box.x0:.1f}' "
                   f"height='{box.y1 - box.y0:.1f}' rx='6'/><text class='tfs-scope-label' x='{box.x0 + 4:.1f}' "
                   f"y='{box.y0 + 10:.1f}'>{esc(truncate(box.label, fits))}</text></g>")
    return out


def _edge(a: Node, b: Node, control: bool, uid: str) -> str:
    x1, y1, x2, y2 = a.x + a.w, a.y + NODE_H / 2, b.x, b.y + NODE_H / 2
    if x2 <= x1:  # a back edge (a cycle through collapsed scopes): loop around below
        bend = max(a.y, b.y) + NODE_H + ROW_GAP
        d = f"M{x1:.1f},{y1:.1f} C{x1 + 30:.1f},{bend:.1f} {x2 - 30:.1f},{bend:.1f} {x2:.1f},{y2:.1f}"
    else:
        mid = (x1 + x2) / 2
        d = f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
    cls = "tfs-edge tfs-ctrl" if control else "tfs-edge"
    return f"<path class='{cls}' d='{d}' marker-end='url(#tfs-arrow-{uid})'/>"


def _node_svg(n: Node, colour: str) -> str:
    cls = "tfs-node tfs-collapsed" if n.collapsed else "tfs-node"
    kind = f"name scope, {n.sub}" if n.collapsed else n.sub
    tip = f"{n.key}\n{kind}\ndevice: {n.device or '(not set)'}"
    cx = n.x + n.w / 2
    return (f"<g><title>{esc(tip)}</title>"
            f"<rect class='tfs-node-bg' x='{n.x:.1f}' y='{n.y:.1f}' width='{n.w:.1f}' height='{NODE_H}' "
            f"rx='{10 if n.collapsed else 4}' fill='white'/>"  # edges passing behind stay hidden
            f"<rect class='{cls}' x='{n.x:.1f}' y='{n.y:.1f}' width='{n.w:.1f}' height='{NODE_H}' "
            f"rx='{10 if n.collapsed else 4}' fill='{colour}' stroke='{colour}'/>"
            f"<text x='{cx:.1f}' y='{n.y + 13:.1f}' text-anchor='middle'>{esc(truncate(n.label, 26))}</text>"
            f"<text class='tfs-sub' x='{cx:.1f}' y='{n.y + 26:.1f}' text-anchor='middle'>{esc(n.sub)}</text></g>")


def graph_svg(graph, max_nodes: int = MAX_NODES, collapse: bool = True) -> tuple:
    """(svg, note) for `graph`'s ops; note says what was collapsed or left out ('' if nothing)."""
    layout = build(graph.get_operations(), max_nodes, collapse)
    return to_svg(layout), layout.note


# ------------------------------------------------------------------ Graphviz export
def _dot_str(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(graph, max_nodes: Optional[int] = None) -> str:
    """The graph in Graphviz DOT: every op (scopes collapsed past `max_nodes` nodes, if given)."""
    ops = graph.get_operations()
    layout = _nodes_and_edges(ops, max_nodes or len(ops) or 1, collapse=False)  # no drawing needed
    lines = ["digraph tfsess {", "  rankdir=LR;", '  node [shape=box, style=rounded, fontname="monospace"];']
    for n in layout.nodes.values():
        lines.append(f"  {_dot_str(n.key)} [label={_dot_str(n.label + chr(10) + n.sub)}];")
    for s, d, control in layout.edges:
        style = " [style=dashed]" if control else ""
        lines.append(f"  {_dot_str(s)} -> {_dot_str(d)}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"
