"""A laid-out graph as text: inline SVG (no JavaScript) for the reprs, DOT for Graphviz.

Nodes are coloured by device, each name scope (with 2+ nodes) is a dashed box around exactly its
members, data edges are solid and control edges dashed; every name and label is escaped.
Which nodes and scopes are drawn is graph_model's business, where they go graph_layout's.
"""
from __future__ import annotations

import uuid
from typing import Optional

from ipython_ext.graph_layout import LEGEND_H, MARGIN, NODE_H, ROW_GAP, Layout, Place, build
from ipython_ext.graph_model import MAX_NODES, Node, select
from ipython_ext.html import esc, truncate

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
UNSET = "#7f7f7f"


def graph_svg(graph, max_nodes: int = MAX_NODES, collapse: bool = True) -> tuple:
    """(svg, note) for `graph`'s ops; note says what was collapsed or left out ('' if nothing)."""
    layout = build(graph.get_operations(), max_nodes, collapse)
    return to_svg(layout), layout.graph.note


def device_colours(devices) -> dict:
    named = sorted({d for d in devices if d})
    colours = {d: PALETTE[i % len(PALETTE)] for i, d in enumerate(named)}
    colours[""] = UNSET
    return colours


def to_svg(layout: Layout) -> str:
    """The layout as an `<svg>` element (uses the .tfs-* classes of the extension's stylesheet)."""
    nodes, places = layout.graph.nodes, layout.places
    uid = uuid.uuid4().hex[:10]
    colours = device_colours(n.device for n in nodes.values())
    width, height = layout.size
    width, height = max(width + MARGIN, 240), max(height + MARGIN, MARGIN + LEGEND_H + 10)
    parts = [f"<svg class='tfs-graph' xmlns='http://www.w3.org/2000/svg' width='{width:.0f}' "
             f"height='{height:.0f}' viewBox='0 0 {width:.0f} {height:.0f}'>",
             f"<defs><marker id='tfs-arrow-{uid}' viewBox='0 0 10 10' refX='10' refY='5' markerWidth='7' "
             f"markerHeight='7' orient='auto-start-reverse'><path class='tfs-arrow' d='M0,0L10,5L0,10z'/></marker></defs>"]
    parts += _legend(colours)
    parts += _scope_boxes(layout)
    for s, d, control in layout.graph.edges:
        parts.append(_edge(places[s], places[d], control, uid))
    parts += [_node_svg(n, places[k], colours[n.device]) for k, n in nodes.items()]
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
    for name, scope in sorted(layout.graph.scopes.items(), key=lambda item: item[0].count("/")):
        box = layout.rects[name]
        ops = sum(layout.graph.nodes[k].size for k in scope.members)
        fits = max(3, int((box.x1 - box.x0 - 6) / 6))
        out.append(f"<g><title>{esc(scope.scope)} ({len(scope.members)} nodes, {ops} ops)</title>"
                   f"<rect class='tfs-scope' x='{box.x0:.1f}' y='{box.y0:.1f}' width='{box.x1 - box.x0:.1f}' "
                   f"height='{box.y1 - box.y0:.1f}' rx='6'/><text class='tfs-scope-label' x='{box.x0 + 4:.1f}' "
                   f"y='{box.y0 + 10:.1f}'>{esc(truncate(scope.label, fits))}</text></g>")
    return out


def _edge(a: Place, b: Place, control: bool, uid: str) -> str:
    x1, y1, x2, y2 = a.x + a.w, a.y + NODE_H / 2, b.x, b.y + NODE_H / 2
    if x2 <= x1:  # a back edge (a cycle through collapsed scopes): loop around below
        bend = max(a.y, b.y) + NODE_H + ROW_GAP
        d = f"M{x1:.1f},{y1:.1f} C{x1 + 30:.1f},{bend:.1f} {x2 - 30:.1f},{bend:.1f} {x2:.1f},{y2:.1f}"
    else:
        mid = (x1 + x2) / 2
        d = f"M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
    cls = "tfs-edge tfs-ctrl" if control else "tfs-edge"
    return f"<path class='{cls}' d='{d}' marker-end='url(#tfs-arrow-{uid})'/>"


def _node_svg(n: Node, p: Place, colour: str) -> str:
    cls = "tfs-node tfs-collapsed" if n.collapsed else "tfs-node"
    kind = f"name scope, {n.sub}" if n.collapsed else n.sub
    tip = f"{n.key}\n{kind}\ndevice: {n.device or '(not set)'}"
    cx = p.x + p.w / 2
    return (f"<g><title>{esc(tip)}</title>"
            f"<rect class='tfs-node-bg' x='{p.x:.1f}' y='{p.y:.1f}' width='{p.w:.1f}' height='{NODE_H}' "
            f"rx='{10 if n.collapsed else 4}' fill='white'/>"  # edges passing behind stay hidden
            f"<rect class='{cls}' x='{p.x:.1f}' y='{p.y:.1f}' width='{p.w:.1f}' height='{NODE_H}' "
            f"rx='{10 if n.collapsed else 4}' fill='{colour}' stroke='{colour}'/>"
            f"<text x='{cx:.1f}' y='{p.y + 13:.1f}' text-anchor='middle'>{esc(truncate(n.label, 26))}</text>"
            f"<text class='tfs-sub' x='{cx:.1f}' y='{p.y + 26:.1f}' text-anchor='middle'>{esc(n.sub)}</text></g>")


# ------------------------------------------------------------------ Graphviz export
def _dot_str(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(graph, max_nodes: Optional[int] = None) -> str:
    """The graph in Graphviz DOT: every op (scopes collapsed past `max_nodes` nodes, if given)."""
    ops = graph.get_operations()
    drawn = select(ops, max_nodes or len(ops) or 1, collapse=False)  # Graphviz places the nodes itself
    lines = ["digraph tfsess {", "  rankdir=LR;", '  node [shape=box, style=rounded, fontname="monospace"];']
    for n in drawn.nodes.values():
        lines.append(f"  {_dot_str(n.key)} [label={_dot_str(n.label + chr(10) + n.sub)}];")
    for s, d, control in drawn.edges:
        style = " [style=dashed]" if control else ""
        lines.append(f"  {_dot_str(s)} -> {_dot_str(d)}{style};")
    lines.append("}")
    return "\n".join(lines) + "\n"
