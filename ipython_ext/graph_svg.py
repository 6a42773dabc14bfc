"""A graph's ops drawn as an inline SVG: a small layered (Sugiyama-style) layout, no JavaScript.

1. Nodes: one per op; past `max_nodes` ops, name scopes collapse into single nodes, from the
   deepest level up, until the drawing fits (TensorBoard shows the top of the hierarchy too).
2. Layers: longest path from the sources (left to right); cycles that collapsing creates are
   broken by taking the earliest-created node first.
3. Order within layers: barycentre sweeps (down by predecessors, up by successors) against edge
   crossings; ties keep name scopes together.
4. Drawing: nodes coloured by device, name scopes as dashed boxes, data edges solid, control edges
   dashed; every name escaped. `to_dot()` writes the same graph for Graphviz, as an export.
"""
from __future__ import annotations

import dataclasses
import re
import uuid
from collections import Counter, defaultdict
from typing import Optional

from ipython_ext.html import esc, truncate

MAX_NODES = 150
MAX_EDGES = 1500
NODE_H, ROW_GAP, COL_GAP, MARGIN, LEGEND_H = 32, 14, 44, 16, 22
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
UNSET = "#7f7f7f"


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


@dataclasses.dataclass
class Layout:
    nodes: dict
    edges: list        # (src key, dst key, is_control)
    layers: list       # lists of keys, in drawing order
    depth: Optional[int]
    total_ops: int
    shown_ops: int

    @property
    def note(self) -> str:
        parts = []
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


def _choose_depth(names: list, max_nodes: int) -> Optional[int]:
    if len(names) <= max_nodes:
        return None
    deepest = max(n.count("/") for n in names)
    for depth in range(deepest, 0, -1):
        if len({_key(n, depth) for n in names}) <= max_nodes:
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


def build(ops, max_nodes: int = MAX_NODES) -> Layout:
    """Nodes, edges and layers of a drawing of `ops` (a graph's operations, in creation order)."""
    ops = list(ops)
    depth = _choose_depth([op.name for op in ops], max_nodes)
    members = defaultdict(list)
    for op in ops:
        members[_key(op.name, depth)].append(op)
    keys = list(members)[:max_nodes]
    shown = {k for k in keys}
    nodes = {k: _node(k, members[k], i) for i, k in enumerate(keys)}
    edges = _edges([op for k in keys for op in members[k]], depth, shown)
    layout = Layout(nodes, edges, [], depth, len(ops), sum(len(members[k]) for k in keys))
    _assign_layers(layout)
    _order(layout)
    _place(layout)
    return layout


def _node(key: str, ops: list, index: int) -> Node:
    collapsed = len(ops) > 1 or ops[0].name != key
    device = Counter(short_device(op.device) for op in ops).most_common(1)[0][0]
    label = key.rsplit("/", 1)[-1]
    sub = f"{len(ops)} ops" if collapsed else ops[0].type
    width = max(56, min(200, 7 * max(len(truncate(label, 26)), len(sub)) + 18))
    return Node(key, label, sub, device, len(ops), collapsed, index, w=width)


def _edges(ops, depth, shown) -> list:
    found = {}
    for op in ops:
        dst = _key(op.name, depth)
        for is_control, sources in ((False, [t.op for t in op.inputs]), (True, op.control_inputs)):
            for src_op in sources:
                src = _key(src_op.name, depth)
                if src != dst and src in shown and (src, dst) not in found:
                    found[(src, dst)] = is_control
                elif (src, dst) in found and not is_control:
                    found[(src, dst)] = False
    return [(s, d, c) for (s, d), c in list(found.items())[:MAX_EDGES]]


# ------------------------------------------------------------------ layering and ordering
def _assign_layers(layout: Layout):
    preds, succs = defaultdict(set), defaultdict(set)
    for s, d, _ in layout.edges:
        preds[d].add(s)
        succs[s].add(d)
    remaining = {k: len(preds[k]) for k in layout.nodes}
    ready = sorted((k for k, n in remaining.items() if n == 0), key=lambda k: layout.nodes[k].index)
    done = set()
    while len(done) < len(layout.nodes):
        if not ready:  # a cycle (collapsed scopes): take the earliest node, ignoring its back edges
            ready = [min((k for k in layout.nodes if k not in done), key=lambda k: layout.nodes[k].index)]
        key = ready.pop(0)
        if key in done:
            continue
        done.add(key)
        node = layout.nodes[key]
        node.layer = max((layout.nodes[p].layer + 1 for p in preds[key] if p in done), default=0)
        for s in sorted(succs[key], key=lambda k: layout.nodes[k].index):
            remaining[s] -= 1
            if remaining[s] == 0 and s not in done:
                ready.append(s)
    count = max((n.layer for n in layout.nodes.values()), default=-1) + 1
    layout.layers = [[] for _ in range(count)]
    for key in sorted(layout.nodes, key=lambda k: layout.nodes[k].index):
        layout.layers[layout.nodes[key].layer].append(key)


def _order(layout: Layout, sweeps: int = 4):
    preds, succs = defaultdict(list), defaultdict(list)
    for s, d, _ in layout.edges:
        preds[d].append(s)
        succs[s].append(d)
    position = {k: i for layer in layout.layers for i, k in enumerate(layer)}
    for sweep in range(sweeps):
        down = sweep % 2 == 0
        order = range(1, len(layout.layers)) if down else range(len(layout.layers) - 2, -1, -1)
        neighbours = preds if down else succs
        for i in order:
            layer = layout.layers[i]
            bary = {}
            for k in layer:
                near = [position[n] for n in neighbours[k] if n in position]
                bary[k] = sum(near) / len(near) if near else position[k]
            # members of a name scope stay adjacent (tidy scope boxes): sort scopes by their mean
            group = defaultdict(list)
            for k in layer:
                group[_scope(k)].append(bary[k])
            mean = {g: sum(v) / len(v) for g, v in group.items()}
            layer.sort(key=lambda k: (mean[_scope(k)], _scope(k), bary[k], layout.nodes[k].index))
            for j, k in enumerate(layer):
                position[k] = j


def _scope(key: str) -> str:
    return key.rsplit("/", 1)[0] if "/" in key else ""


def _place(layout: Layout):
    tallest = max((len(layer) for layer in layout.layers), default=0)
    deepest = max((k.count("/") for k in layout.nodes), default=0)
    top = MARGIN + LEGEND_H + (14 + 4 * deepest if deepest else 0)  # room for the scope boxes' padding
    x = MARGIN
    for layer in layout.layers:
        width = max(layout.nodes[k].w for k in layer)
        offset = (tallest - len(layer)) * (NODE_H + ROW_GAP) / 2
        for j, k in enumerate(layer):
            node = layout.nodes[k]
            node.x = x + (width - node.w) / 2
            node.y = top + offset + j * (NODE_H + ROW_GAP)
        x += width + COL_GAP


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
    width = max((n.x + n.w for n in nodes.values()), default=0) + MARGIN
    height = max((n.y + NODE_H for n in nodes.values()), default=0) + MARGIN
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


def _scope_boxes(layout: Layout, limit: int = 80) -> list:
    groups = defaultdict(list)
    for node in layout.nodes.values():
        parts = node.key.split("/")
        for d in range(1, len(parts)):
            groups["/".join(parts[:d])].append(node)
    boxes = [(scope, ns) for scope, ns in groups.items() if len(ns) >= 2][:limit]
    deepest = max((s.count("/") for s, _ in boxes), default=0)
    out = []
    for scope, ns in sorted(boxes, key=lambda b: b[0].count("/")):
        pad = 4 + 4 * (deepest - scope.count("/"))
        x0, y0 = min(n.x for n in ns) - pad, min(n.y for n in ns) - pad - 10
        x1, y1 = max(n.x + n.w for n in ns) + pad, max(n.y + NODE_H for n in ns) + pad
        out.append(f"<g><title>{esc(scope)} ({len(ns)} nodes)</title>"
                   f"<rect class='tfs-scope' x='{x0:.1f}' y='{y0:.1f}' width='{x1 - x0:.1f}' "
                   f"height='{y1 - y0:.1f}' rx='6'/><text class='tfs-scope-label' x='{x0 + 4:.1f}' "
                   f"y='{y0 + 9:.1f}'>{esc(truncate(scope, 40))}</text></g>")
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
    kind = f"name scope, {n.size} ops" if n.collapsed else n.sub
    tip = f"{n.key}\n{kind}\ndevice: {n.device or '(not set)'}"
    cx = n.x + n.w / 2
    return (f"<g><title>{esc(tip)}</title>"
            f"<rect class='{cls}' x='{n.x:.1f}' y='{n.y:.1f}' width='{n.w:.1f}' height='{NODE_H}' "
            f"rx='{10 if n.collapsed else 4}' fill='{colour}' stroke='{colour}'/>"
            f"<text x='{cx:.1f}' y='{n.y + 13:.1f}' text-anchor='middle'>{esc(truncate(n.label, 26))}</text>"
            f"<text class='tfs-sub' x='{cx:.1f}' y='{n.y + 26:.1f}' text-anchor='middle'>{esc(n.sub)}</text></g>")


def graph_svg(graph, max_nodes: int = MAX_NODES) -> tuple:
    """(svg, note) for `graph`'s ops; note says what was collapsed or left out ('' if nothing)."""
    layout = build(graph.get_operations(), max_nodes)
    return to_svg(layout), layout.note


# ------------------------------------------------------------------ Graphviz export
def _dot_str(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(graph, max_nodes: Optional[int] = None) -> str:
    """The graph in Graphviz DOT (scopes collapsed past `max_nodes` ops, if given)."""
    layout = build(graph.get_operations(), max_nodes or len(graph.get_operations()) or 1)
    lines = ["digraph tfsess {", "  rankdir=LR;", '  node [shape=box, style=rounded, fontname="monospace"];']
    for n in layout.nodes.values():
        lines.append(f"  {_dot_str(n.key)} [label={_dot_str(n.label + chr(10) + n.sub)}];")
    for s, d, control in layout.edges:
        style = " [style=dashed]" if control else ""
        lines.append(f"  {_dot_str(s)} -> {_dot_str(d)}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"
