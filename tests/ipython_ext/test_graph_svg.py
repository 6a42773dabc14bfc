"""The layered layout and its SVG: layers follow edges, scopes collapse past the size bound."""
import re

import tfsess as tf
from ipython_ext import graph_svg


def _chain_graph():
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope("inputs"):
            a = tf.constant(1.0, name="a")
            b = tf.constant(2.0, name="b")
        with tf.name_scope("model"):
            c = tf.add(a, b, name="c")
            d = tf.multiply(c, a, name="d")
        with tf.control_dependencies([d]):
            tf.identity(b, name="e")
    return g


def test_layers_follow_edges_left_to_right():
    layout = graph_svg.build(_chain_graph().get_operations())
    nodes = layout.nodes
    assert layout.depth is None and set(nodes) == {"inputs/a", "inputs/b", "model/c", "model/d", "e"}
    for src, dst, _ in layout.edges:
        assert nodes[src].layer < nodes[dst].layer
        assert nodes[src].x + nodes[src].w < nodes[dst].x
    assert ("model/d", "e", True) in layout.edges  # a control edge
    assert nodes["inputs/a"].layer == 0 and nodes["model/d"].layer == 2


def test_nodes_do_not_overlap():
    layout = graph_svg.build(_chain_graph().get_operations())
    boxes = [(n.x, n.y, n.x + n.w, n.y + graph_svg.NODE_H) for n in layout.nodes.values()]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_svg_has_scopes_devices_and_control_edges():
    svg, note = graph_svg.graph_svg(_chain_graph())
    assert svg.startswith("<svg") and svg.endswith("</svg>") and note == ""
    assert "tfs-scope" in svg and ">model<" in svg and "tfs-ctrl" in svg
    assert "<script" not in svg


def test_large_graphs_collapse_scopes():
    g = tf.Graph()
    with g.as_default():
        x = tf.constant(1.0, name="x")
        for i in range(40):
            with tf.name_scope(f"block{i}"):
                c, d = tf.constant(float(i), name="c"), tf.constant(2.0, name="d")
                x = tf.multiply(tf.add(x, c, name="add"), d, name="mul")
    assert len(g.get_operations()) > 150
    layout = graph_svg.build(g.get_operations())
    assert layout.depth == 1 and len(layout.nodes) == 41
    assert layout.nodes["block3"].collapsed and layout.nodes["block3"].size == 4
    assert layout.nodes["block3"].layer < layout.nodes["block4"].layer
    svg, note = graph_svg.graph_svg(g)
    assert "collapsed" in note and "4 ops" in svg


def test_flat_huge_graphs_are_truncated():
    g = tf.Graph()
    with g.as_default():
        for i in range(200):
            tf.constant(float(i), name=f"c{i}")
    layout = graph_svg.build(g.get_operations())
    assert len(layout.nodes) == 150 and "showing 150 of 200 ops" in layout.note


def test_devices_get_colours():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/cpu:0"):
            a = tf.constant(1.0)
        b = a + 1.0
    layout = graph_svg.build(g.get_operations())
    devices = {n.device for n in layout.nodes.values()}
    assert devices == {"CPU:0", ""}
    colours = graph_svg.device_colours(devices)
    assert colours["CPU:0"] != colours[""]
    assert graph_svg.short_device("/job:localhost/replica:0/task:0/device:GPU:1") == "GPU:1"


def test_to_dot():
    dot = graph_svg.to_dot(_chain_graph())
    assert dot.startswith("digraph tfsess {")
    assert '"inputs/a" -> "model/c";' in dot and '"model/d" -> "e" [style=dashed];' in dot
    assert re.search(r'"model/c" \[label="c\\nAddV2"\];', dot)
