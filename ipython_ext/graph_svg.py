"""A laid-out graph as text: inline SVG (no JavaScript) for the reprs, DOT for Graphviz.

Nodes are coloured by device (or, given step stats, by time or bytes), each name scope (with 2+
nodes) is a dashed box around exactly its members, auxiliary nodes sit in a side strip, data
edges are solid and labelled with their static shape, control edges dashed; every name and label
is escaped. The SVG fits the output's width (viewBox, width 100%, never wider than 1:1);
`drawing_html` adds a CSS-only 1:1 toggle. `draw` is the public API.
Which nodes and scopes are drawn is graph_model's business, where they go graph_layout's.
"""
from __future__ import annotations

import uuid
from typing import Optional

from ipython_ext.graph_layout import LEGEND_H, MARGIN, NODE_H, ROW_GAP, Layout, Place, build, route
from ipython_ext.graph_model import MAX_LABEL, MAX_NODES, Node, select
from ipython_ext.html import Markup, esc, human_bytes, truncate, wrap

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
UNSET = "#7f7f7f"
HEAT = ((0xfe, 0xe8, 0xc8), (0xb3, 0x00, 0x00))  # least to most time or bytes
STAT_MEASURES = ("time", "bytes")
# Rules for the drawing's own elements (the extension's stylesheet styles nodes, scopes and edges).
_STYLE = ("<style>svg.tfs-graph text.tfs-edge-label{font-size:9px;paint-order:stroke;stroke:var(--tfs-bg,white);"
          "stroke-width:3px;stroke-linejoin:round}svg.tfs-graph .tfs-strip{fill:none;stroke:var(--tfs-fg3,#999);"
          "stroke-dasharray:2 3}svg.tfs-graph .tfs-node.tfs-aux{fill-opacity:0.1;stroke-dasharray:3 2}"
          "svg.tfs-graph .tfs-node.tfs-while{stroke-width:3;stroke-dasharray:8 2}</style>")


def graph_svg(graph, max_nodes: int = MAX_NODES, collapse: bool = True, stats: Optional[dict] = None) -> tuple:
    """(svg, note) for `graph`'s ops; note says what was collapsed or left out ('' if nothing)."""
    layout = build(graph.get_operations(), max_nodes, collapse, stats)
    return to_svg(layout), layout.graph.note


def graph_drawing(graph, max_nodes: int = MAX_NODES) -> tuple:
    """(html, note): `graph`'s drawing as drawing_html gives it, and what was collapsed or left out."""
    layout = build(graph.get_operations(), max_nodes)
    return drawing_html(layout), layout.graph.note


def device_colours(devices) -> dict:
    named = sorted({d for d in devices if d})
    colours = {d: PALETTE[i % len(PALETTE)] for i, d in enumerate(named)}
    colours[""] = UNSET
    return colours


def heat_colour(fraction: float) -> str:
    """The heat scale's colour at `fraction` (0: least, 1: most)."""
    fraction = min(max(fraction, 0.0), 1.0)
    low, high = HEAT
    return "#" + "".join(f"{round(a + (b - a) * fraction):02x}" for a, b in zip(low, high))


def to_svg(layout: Layout, measure: str = "time") -> str:
    """The layout as an `<svg>` element (uses the .tfs-* classes of the extension's stylesheet).

    measure: what the nodes' `stat` counts ('time' in microseconds or 'bytes'), for the legend.
    """
    nodes, places = layout.graph.nodes, layout.places
    uid = uuid.uuid4().hex[:10]
    width, height = natural_size(layout)
    parts = [f"<svg class='tfs-graph' xmlns='http://www.w3.org/2000/svg' width='100%' "
             f"style='max-width:{width:.0f}px' viewBox='0 0 {width:.0f} {height:.0f}' "
             f"preserveAspectRatio='xMinYMin meet'>{_STYLE}",
             f"<defs><marker id='tfs-arrow-{uid}' viewBox='0 0 10 10' refX='10' refY='5' markerWidth='7' "
             f"markerHeight='7' orient='auto-start-reverse'><path class='tfs-arrow' d='M0,0L10,5L0,10z'/></marker></defs>"]
    stats = [n.stat for n in nodes.values() if n.stat is not None]
    if stats:
        top = max(stats) or 1.0
        colours = {k: heat_colour(n.stat / top) if n.stat is not None else UNSET for k, n in nodes.items()}
        parts += _heat_legend(max(stats), measure)
    else:
        by_device = device_colours(n.device for n in nodes.values())
        colours = {k: by_device[n.device] for k, n in nodes.items()}
        parts += _legend(by_device)
    parts += _scope_boxes(layout)
    if layout.strip is not None:
        box = layout.strip
        parts.append(f"<g><title>auxiliary nodes: initialisation, saving, queue closing, summaries</title>"
                     f"<rect class='tfs-strip' x='{box.x0:.1f}' y='{box.y0:.1f}' width='{box.x1 - box.x0:.1f}' "
                     f"height='{box.y1 - box.y0:.1f}' rx='6'/><text class='tfs-scope-label' x='{box.x0 + 4:.1f}' "
                     f"y='{box.y0 + 10:.1f}'>auxiliary</text></g>")
    labels = layout.graph.labels
    for s, d, control in layout.graph.edges:
        parts.append(_edge(layout, s, d, control, uid, labels.get((s, d), "")))
    parts += [_node_svg(n, places[k], colours[k], measure) for k, n in nodes.items()]
    parts.append("</svg>")
    return "".join(parts)


def natural_size(layout: Layout) -> tuple:
    """(width, height) of the drawing at 1:1, margins included."""
    width, height = layout.size
    return max(width + MARGIN, 240), max(height + MARGIN, MARGIN + LEGEND_H + 10)


def drawing_html(layout: Layout, measure: str = "time") -> Markup:
    """The SVG in a scrolling box, fitted to the width, with a '1:1' checkbox that shows it unscaled.

    Pure CSS: where a front-end strips the <style> or the checkbox (untrusted output) the drawing
    simply stays fitted.
    """
    uid = uuid.uuid4().hex[:10]
    width, _ = natural_size(layout)
    return Markup(f"<div class='tfs-drawing'><input type='checkbox' id='tfs-fit-{uid}' class='tfs-fit-toggle'>"
                  f"<label for='tfs-fit-{uid}' class='tfs-muted' title='show the drawing unscaled'> 1:1</label>"
                  f"<style>#tfs-fit-{uid}:checked ~ .tfs-svgbox svg.tfs-graph"
                  f"{{width:{width:.0f}px !important;max-width:none !important}}</style>"
                  f"<div class='tfs-svgbox'>{to_svg(layout, measure)}</div></div>")


def _legend(colours) -> list:
    out, x = [], MARGIN
    for device, colour in colours.items():
        label = device or "no device set"
        out.append(f"<rect x='{x}' y='{MARGIN - 2}' width='10' height='10' rx='2' fill='{colour}'/>"
                   f"<text x='{x + 14}' y='{MARGIN + 7}' class='tfs-sub'>{esc(label)}</text>")
        x += 26 + 6 * len(label)
    return out


def stat_text(value: float, measure: str) -> str:
    return human_bytes(value) if measure == "bytes" else f"{value:,.0f} \u00b5s"


def _heat_legend(top: float, measure: str) -> list:
    out = [f"<text x='{MARGIN}' y='{MARGIN + 7}' class='tfs-sub'>{esc(measure)}: 0</text>"]
    x = MARGIN + 50
    for i in range(6):
        out.append(f"<rect x='{x + 12 * i}' y='{MARGIN - 2}' width='12' height='10' fill='{heat_colour(i / 5)}'/>")
    out.append(f"<text x='{x + 76}' y='{MARGIN + 7}' class='tfs-sub'>{esc(stat_text(top, measure))}</text>")
    return out


def _scope_boxes(layout: Layout) -> list:
    """Outer boxes first (inner ones are drawn over them); each labelled with its name in the parent."""
    out = []
    for name, scope in sorted(layout.graph.scopes.items(), key=lambda item: item[0].count("/")):
        box = layout.rects[name]
        ops = sum(layout.graph.nodes[k].size for k in scope.members)
        fits = max(3, int((box.x1 - box.x0 - 6) / 6))
        out.append(f"<g><title>{esc(truncate(scope.scope, 200))} ({len(scope.members)} nodes, {ops} ops)</title>"
                   f"<rect class='tfs-scope' x='{box.x0:.1f}' y='{box.y0:.1f}' width='{box.x1 - box.x0:.1f}' "
                   f"height='{box.y1 - box.y0:.1f}' rx='6'/><text class='tfs-scope-label' x='{box.x0 + 4:.1f}' "
                   f"y='{box.y0 + 10:.1f}'>{esc(truncate(scope.label, fits))}</text></g>")
    return out


def _curve(x1, y1, x2, y2) -> str:
    mid = (x1 + x2) / 2
    return f" C{mid:.1f},{y1:.1f} {mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"


def _edge(layout: Layout, src: str, dst: str, control: bool, uid: str, label: str) -> str:
    a, b = layout.places[src], layout.places[dst]
    cls = "tfs-edge tfs-ctrl" if control else "tfs-edge"
    if b.x <= a.x + a.w:  # a back edge (a cycle through collapsed scopes): loop around below
        x1, y1, x2, y2 = a.x + a.w, a.y + NODE_H / 2, b.x, b.y + NODE_H / 2
        bend = max(a.y, b.y) + NODE_H + ROW_GAP
        d = f"M{x1:.1f},{y1:.1f} C{x1 + 30:.1f},{bend:.1f} {x2 - 30:.1f},{bend:.1f} {x2:.1f},{y2:.1f}"
        tail = (x1 + x2) / 2, bend
    else:  # through the gaps of the columns in between: curves between columns, straight inside them
        points = route(layout, src, dst)
        d = f"M{points[0][0]:.1f},{points[0][1]:.1f}"
        for i in range(1, len(points)):
            (x1, y1), (x2, y2) = points[i - 1], points[i]
            d += f" L{x2:.1f},{y2:.1f}" if i % 2 == 0 else _curve(x1, y1, x2, y2)
        (x1, y1), (x2, y2) = points[-2], points[-1]
        tail = (x1 + x2) / 2, (y1 + y2) / 2
    text = ""
    if label:
        text = (f"<text class='tfs-sub tfs-edge-label' x='{tail[0]:.1f}' y='{tail[1] - 3:.1f}' "
                f"text-anchor='middle'>{esc(truncate(label, MAX_LABEL))}</text>")
    return (f"<g><title>{esc(truncate(src, 200))} \u2192 {esc(truncate(dst, 200))}</title>"
            f"<path class='{cls}' d='{d}' marker-end='url(#tfs-arrow-{uid})'/>{text}</g>")


def _node_svg(n: Node, p: Place, colour: str, measure: str) -> str:
    cls = "tfs-node" + (" tfs-collapsed" if n.collapsed else "") + (" tfs-aux" if n.aux else "") \
        + (" tfs-while" if n.kind == "while" else "")
    kind = {"scope": f"name scope, {n.sub}", "while": f"while loop, {n.sub}",
            "variable": f"variable ({n.size} ops folded)"}.get(n.kind, n.sub)
    tip = f"{truncate(n.key, 200)}\n{kind}\ndevice: {n.device or '(not set)'}"
    if n.aux:
        tip += f"\nauxiliary: linked to {n.links} node{'s' if n.links != 1 else ''}"
    if n.stat is not None:
        tip += f"\n{measure}: {stat_text(n.stat, measure)}"
    cx = p.x + p.w / 2
    rx = 16 if n.kind == "variable" else 10 if n.collapsed else 4
    return (f"<g><title>{esc(tip)}</title>"
            f"<rect class='tfs-node-bg' x='{p.x:.1f}' y='{p.y:.1f}' width='{p.w:.1f}' height='{NODE_H}' "
            f"rx='{rx}' fill='white'/>"  # edges passing behind stay hidden
            f"<rect class='{cls}' x='{p.x:.1f}' y='{p.y:.1f}' width='{p.w:.1f}' height='{NODE_H}' "
            f"rx='{rx}' fill='{colour}' stroke='{colour}'/>"
            f"<text x='{cx:.1f}' y='{p.y + 13:.1f}' text-anchor='middle'>{esc(truncate(n.label, 26))}</text>"
            f"<text class='tfs-sub' x='{cx:.1f}' y='{p.y + 26:.1f}' text-anchor='middle'>"
            f"{esc(truncate(n.sub, 30))}</text></g>")


# ------------------------------------------------------------------ the public drawing API
def step_stats(run_metadata, measure: str = "time") -> dict:
    """op name -> microseconds ('time') or requested output bytes ('bytes') from a traced RunMetadata."""
    if measure not in STAT_MEASURES:
        raise ValueError(f"measure must be one of {STAT_MEASURES}, got {measure!r}")
    found = {}
    for device in run_metadata.step_stats.dev_stats:
        for node in device.node_stats:
            if measure == "time":
                value = node.all_end_rel_micros or node.all_end_rel_nanos / 1000.0
            else:
                value = sum(out.tensor_description.allocation_description.requested_bytes for out in node.output)
            found[node.node_name] = found.get(node.node_name, 0) + value
    return found


class Drawing:
    """A graph drawing that displays itself in a notebook (HTML) and as text elsewhere."""

    def __init__(self, graph, run_metadata=None, measure: str = "time", max_nodes: int = MAX_NODES,
                 collapse: bool = True):
        stats = step_stats(run_metadata, measure) if run_metadata is not None else None
        self.measure = measure
        self.layout = build(graph.get_operations(), max_nodes, collapse, stats)
        self.note = self.layout.graph.note

    @property
    def svg(self) -> str:
        return to_svg(self.layout, self.measure)

    def _text(self) -> str:
        drawn = self.layout.graph
        lines = [f"<graph drawing: {len(drawn.nodes)} nodes, {len(drawn.edges)} edges"
                 + (f"; {self.note}" if self.note else "") + ">"]
        for s, d, control in drawn.edges[:40]:
            label = drawn.labels.get((s, d), "")
            lines.append(f"  {truncate(s, 60)} -{'.' if control else '-'}> {truncate(d, 60)}"
                         + (f"  [{label}]" if label else ""))
        if len(drawn.edges) > 40:
            lines.append(f"  ... {len(drawn.edges) - 40} more edges")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        note = f"<div class='tfs-muted'>{esc(self.note)}</div>" if self.note else ""
        return wrap(Markup(drawing_html(self.layout, self.measure) + note), self._text())

    def _repr_pretty_(self, p, cycle):
        p.text(self._text())


def draw(graph, run_metadata=None, measure: str = "time", max_nodes: int = MAX_NODES) -> Drawing:
    """A drawing of `graph` as TensorBoard draws it, inline; given a traced `run_metadata`
    (RunOptions(trace_level=FULL_TRACE)), its nodes are coloured by step-stats `measure`
    ('time' or 'bytes')."""
    return Drawing(graph, run_metadata, measure, max_nodes)


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
