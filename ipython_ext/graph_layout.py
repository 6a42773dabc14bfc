"""Positions for a DrawnGraph: a small layered (Sugiyama-style) layout, left to right.

1. Layers: longest path from the sources, sources then moved next to their first consumer;
   cycles that collapsing creates are broken by taking the earliest-created node first.
2. Order and placement: name scopes form a tree of blocks. Inside each block its children (nodes
   and sub-scope blocks) are stacked column by column in one order, so a scope's members are
   contiguous in every layer and no other node falls inside its box; barycentre sweeps (towards
   predecessors, then successors) reorder and move whole blocks, keeping the order with the
   fewest edge crossings.
3. Auxiliary nodes (no edges) are stacked in a strip right of the graph, as in TensorBoard.
4. Edges are routed around nodes: through each column they cross, an edge runs in the gap between
   two nodes nearest its straight line (`route`).
The result is plain numbers (`Place` per node, `Rect` per scope); graph_svg turns them into SVG.
"""
from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Optional

import numpy as np

from ipython_ext.graph_model import MAX_NODES, DrawnGraph, Node, Scope, scope_chains, select
from ipython_ext.html import truncate

NODE_H, ROW_GAP, COL_GAP, MARGIN, LEGEND_H = 32, 14, 56, 16, 22
BOX_PAD, BOX_LABEL_H = 4, 13   # a scope box's inner padding and its label row
SWEEPS = 10


@dataclasses.dataclass
class Place:
    """A node's column and its rectangle (height NODE_H)."""
    layer: int = 0
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0


@dataclasses.dataclass
class Rect:
    """A scope's box: the layers of its members and the rectangle around them."""
    col0: int = 0
    col1: int = 0
    x0: float = 0.0
    y0: float = 0.0
    x1: float = 0.0
    y1: float = 0.0


@dataclasses.dataclass
class Layout:
    graph: DrawnGraph
    places: dict       # node key -> Place
    rects: dict        # scope name -> Rect
    layers: list       # lists of main node keys, top to bottom
    columns: list = dataclasses.field(default_factory=list)  # (left x, width) of each layer's column
    strip: Optional[Rect] = None                             # the box of the auxiliary nodes, if any

    @property
    def size(self) -> tuple:
        """(width, height) of everything placed, without the right and bottom margin."""
        boxes = list(self.rects.values()) + ([self.strip] if self.strip else [])
        width = max([p.x + p.w for p in self.places.values()] + [r.x1 for r in boxes], default=0)
        height = max([p.y + NODE_H for p in self.places.values()] + [r.y1 for r in boxes], default=0)
        return width, height


def build(ops, max_nodes: int = MAX_NODES, collapse: bool = True, stats: Optional[dict] = None) -> Layout:
    """The laid-out drawing of `ops` (see graph_model.select for `max_nodes`, `collapse` and `stats`)."""
    return lay_out(select(ops, max_nodes, collapse, stats))


def lay_out(graph: DrawnGraph) -> Layout:
    places = {k: Place(w=node_width(n)) for k, n in graph.nodes.items()}
    layout = Layout(graph, places, {name: Rect() for name in graph.scopes}, [])
    _assign_layers(layout)
    for name, scope in graph.scopes.items():
        rect = layout.rects[name]
        rect.col0 = min(places[k].layer for k in scope.members)
        rect.col1 = max(places[k].layer for k in scope.members)
    _arrange(layout)
    _strip(layout)
    return layout


def node_width(node: Node) -> float:
    return max(56, min(200, 7 * max(len(truncate(node.label, 26)), len(node.sub)) + 18))


# ------------------------------------------------------------------ layering
def _assign_layers(layout: Layout):
    graph, places = layout.graph, layout.places
    nodes = {k: graph.nodes[k] for k in graph.main}
    preds, succs = defaultdict(set), defaultdict(set)
    for s, d, _ in graph.edges:
        preds[d].add(s)
        succs[s].add(d)
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
        places[key].layer = max((places[p].layer + 1 for p in preds[key] if p in done), default=0)
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
    for s, d, control in graph.edges:
        if not control:
            first_data[s].append(d)
    chains = scope_chains(nodes)
    members = defaultdict(list)
    for key, chain in chains.items():
        for scope in chain:
            members[scope].append(key)

    def limit(key):  # the rightmost layer `key` may move to
        own = min(places[s].layer for s in first_data[key] or succs[key]) - 1
        if not chains[key]:
            return own
        scope = members[chains[key][-1]]
        inner = [places[k].layer for k in scope if preds[k]]
        if inner:
            return min(own, max(inner))
        return min(min((places[s].layer for s in first_data[k] or succs[k]), default=own + 1) - 1 for k in scope)

    for _ in range(3):
        moved = False
        for key in order:
            place = places[key]
            if preds[key]:
                layer = max((places[p].layer + 1 for p in preds[key] if rank[p] < rank[key]), default=0)
            elif succs[key]:
                layer = limit(key)
            else:
                continue
            if layer > place.layer:
                place.layer, moved = layer, True
        if not moved:
            break
    used = {layer: i for i, layer in enumerate(sorted({places[k].layer for k in nodes}))}
    layout.layers = [[] for _ in used]
    for key in sorted(nodes, key=lambda k: nodes[k].index):
        places[key].layer = used[places[key].layer]
        layout.layers[places[key].layer].append(key)


def _pad(scope: Scope) -> float:
    """Horizontal padding: an enclosing box is wider than the boxes inside it."""
    return 6 + 5 * scope.height


# ------------------------------------------------------------------ ordering and placement
def _arrange(layout: Layout):
    """Columns by layer; inside each scope its children stacked per column in one order; barycentre sweeps.

    A child (node or scope) occupies its columns (a scope: every layer from its first member's to its
    last's) and sits below each earlier sibling there, so a scope's members are contiguous in every
    layer and nothing else falls inside its box. Each sweep sorts siblings by barycentre (whole
    scopes move), sizes every scope compactly, then slides each child towards its barycentre within
    the slack its column leaves (the drawing never grows past the compact stacking's height).
    """
    graph, places, rects = layout.graph, layout.places, layout.rects
    nodes, root = graph.nodes, graph.root
    scopes = list(graph.scopes.values())
    gap = max(COL_GAP, 2 * max((_pad(s) for s in scopes), default=0) + 16)
    widths = [max(places[k].w for k in layer) for layer in layout.layers]
    left = [MARGIN + sum(widths[:i]) + gap * i for i in range(len(widths))]
    layout.columns = list(zip(left, widths))
    main = graph.main
    for key in main:
        places[key].x = left[places[key].layer] + (widths[places[key].layer] - places[key].w) / 2
    top = MARGIN + LEGEND_H + 4
    preds, succs = defaultdict(list), defaultdict(list)
    for s, d, _ in graph.edges:
        preds[d].append(s)
        succs[s].append(d)
    member_sets = {s: set(s.members) for s in scopes}
    children = {s: list(s.items) for s in [root] + scopes}  # reordered by the sweeps
    heights, latest = {}, {}

    def cols(item):
        if isinstance(item, Scope):
            rect = rects[item.scope]
            return range(rect.col0, rect.col1 + 1)
        return (places[item].layer,)

    def index(item):
        return item.index if isinstance(item, Scope) else nodes[item].index

    def extent(item) -> tuple:
        if isinstance(item, Scope):
            return rects[item.scope].y0, rects[item.scope].y1
        return places[item].y, places[item].y + NODE_H

    def size(scope, order_key) -> float:
        """Sorts `scope`'s children, sizes it by compact stacking; notes each child's latest position."""
        items = children[scope]
        items.sort(key=order_key)
        level = {}
        for item in items:
            heights[item] = BOX_LABEL_H + 2 * BOX_PAD + size(item, order_key) if isinstance(item, Scope) else NODE_H
            y = max(level.get(c, 0.0) for c in cols(item))
            for c in cols(item):
                level[c] = y + heights[item] + ROW_GAP
        height = max(level.values(), default=ROW_GAP) - ROW_GAP
        floor = {}
        for item in reversed(items):  # as low as the later siblings allow
            latest[item] = min(floor.get(c, height) for c in cols(item)) - heights[item]
            for c in cols(item):
                floor[c] = latest[item] - ROW_GAP
        return height

    def position(scope, origin, want):
        level = {}
        for item in children[scope]:
            y = max(level.get(c, 0.0) for c in cols(item))
            if want is not None:
                y = max(y, min(want[item] - origin, latest[item]))
            for c in cols(item):
                level[c] = y + heights[item] + ROW_GAP
            if isinstance(item, Scope):
                rect = rects[item.scope]
                rect.y0, rect.y1 = origin + y, origin + y + heights[item]
                position(item, rect.y0 + BOX_LABEL_H + BOX_PAD, want)
            else:
                places[item].y = origin + y

    def centre(key):
        return places[key].y + NODE_H / 2

    def pairs(item, neighbours):
        if isinstance(item, Scope):
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
            for item in main + scopes:
                found = pairs(item, first) or pairs(item, second)
                shift = sum(centre(n) - centre(m) for m, n in found) / len(found) if found else 0.0
                y0, y1 = extent(item)
                want[item] = y0 + shift
                key[item] = ((y0 + y1) / 2 + shift, index(item))
            order_key = key.__getitem__
        size(root, order_key)
        position(root, top, want)
        score = (_crossings(layout, left, widths),
                 sum(abs(centre(s) - centre(d)) for s, d, _ in graph.edges))
        if best is None or score < best[0]:
            best = (score, {k: places[k].y for k in main}, {n: (r.y0, r.y1) for n, r in rects.items()})
    _, ys, box_ys = best
    for k, y in ys.items():
        places[k].y = y
    for scope in scopes:
        rect = rects[scope.scope]
        rect.y0, rect.y1 = box_ys[scope.scope]
        rect.x0 = min(places[k].x for k in scope.members) - _pad(scope)
        rect.x1 = max(places[k].x + places[k].w for k in scope.members) + _pad(scope)
    for layer in layout.layers:
        layer.sort(key=lambda k: places[k].y)


def _strip(layout: Layout):
    """Stacks the auxiliary nodes in a labelled box right of everything else."""
    aux = layout.graph.aux
    if not aux:
        return
    width = max(layout.places[k].w for k in aux) + 2 * BOX_PAD + 8
    x0 = layout.size[0] + COL_GAP if layout.graph.main else MARGIN
    y = MARGIN + LEGEND_H + 4 + BOX_LABEL_H + BOX_PAD
    for key in aux:
        place = layout.places[key]
        place.layer, place.x, place.y = -1, x0 + (width - place.w) / 2, y
        y += NODE_H + ROW_GAP
    layout.strip = Rect(-1, -1, x0, MARGIN + LEGEND_H + 4, x0 + width, y - ROW_GAP + BOX_PAD)


def route(layout: Layout, src: str, dst: str) -> list:
    """The points an edge from `src` to `dst` (a later column) passes: its ends, and where it enters
    and leaves each column in between, at the free height nearest its straight line there."""
    a, b = layout.places[src], layout.places[dst]
    x1, y1, x2, y2 = a.x + a.w, a.y + NODE_H / 2, b.x, b.y + NODE_H / 2
    points = [(x1, y1)]
    for column in range(a.layer + 1, b.layer):
        left, width = layout.columns[column]
        centre = left + width / 2
        want = y1 + (y2 - y1) * (centre - x1) / max(x2 - x1, 1.0)
        y = _free_height(layout, column, want)
        points += [(left, y), (left + width, y)]
    return points + [(x2, y2)]


def _free_height(layout: Layout, column: int, want: float) -> float:
    """`want` if no node of the column is near it, else the middle of the nearest gap between nodes."""
    spans = [(layout.places[k].y, layout.places[k].y + NODE_H) for k in layout.layers[column]]
    if all(want < top - 3 or want > bottom + 3 for top, bottom in spans):
        return want
    spans.sort()
    gaps = [spans[0][0] - ROW_GAP / 2, spans[-1][1] + ROW_GAP / 2]
    gaps += [(spans[i][1] + spans[i + 1][0]) / 2 for i in range(len(spans) - 1)]
    return min(gaps, key=lambda y: abs(y - want))


def _crossings(layout: Layout, left: list, widths: list) -> int:
    """Edge crossings, counted between consecutive columns on the straight lines between the ends."""
    places = layout.places
    gaps = defaultdict(list)
    for s, d, _ in layout.graph.edges:
        a, b = places[s], places[d]
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
