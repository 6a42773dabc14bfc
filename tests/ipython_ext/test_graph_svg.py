"""The layered layout and its SVG: layers follow edges, scopes collapse past the size bound."""
import re

from hypothesis import given, settings, strategies as st

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


# ------------------------------------------------------------------ scope boxes and default collapsing
def _linear_regression():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None, 1], name="x")
        y = tf.placeholder(tf.float32, [None, 1], name="y")
        with tf.name_scope("w"):
            w = tf.Variable(tf.zeros([1, 1]), name="weight")
            b = tf.Variable(tf.zeros([1]), name="bias")
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y), name="loss")
        tf.train.GradientDescentOptimizer(0.1).minimize(loss)
        tf.global_variables_initializer()
    return g


def _mlp(optimizer=None, sizes=(32, 16)):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None, 8], name="x")
        y = tf.placeholder(tf.int64, [None], name="y")
        h = x
        for i, n in enumerate(sizes):
            with tf.variable_scope(f"layer{i}"):
                w = tf.get_variable("w", [h.shape[1], n], initializer=tf.random_uniform_initializer(-0.1, 0.1))
                b = tf.get_variable("b", [n], initializer=tf.zeros_initializer())
                h = tf.nn.relu(tf.matmul(h, w) + b)
        with tf.variable_scope("logits"):
            w = tf.get_variable("w", [h.shape[1], 3])
            logits = tf.matmul(h, w)
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
        (optimizer or tf.train.AdamOptimizer(1e-3)).minimize(loss)
        tf.global_variables_initializer()
    return g


def _reentered_scopes():
    """Scope `w` reopened far downstream, a nested scope, ops of other scopes in between."""
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope("w"):
            a = tf.constant(1.0, name="a")
        x = tf.placeholder(tf.float32, name="x")
        with tf.name_scope("net"):
            h = a * x
            with tf.name_scope("inner"):
                h = tf.sin(h) + tf.cos(h)
            h = h * 2.0
        z = tf.identity(h, name="z")
        with tf.name_scope("w/"):
            tf.add(z, a, name="late")
        with tf.name_scope("other"):
            tf.multiply(x, 3.0, name="m")
            tf.subtract(z, x, name="s")
    return g


def _saver_graph():
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope("model"):
            v = tf.Variable(tf.ones([2]), name="v")
            tf.reduce_sum(v * 2.0, name="total")
        tf.train.Saver()
        tf.report_uninitialized_variables()
    return g


GRAPHS = {"chain": _chain_graph, "linreg": _linear_regression, "mlp_adam": _mlp,
          "mlp_momentum": lambda: _mlp(tf.train.MomentumOptimizer(0.1, 0.9), (8,)),
          "reentered": _reentered_scopes, "saver": _saver_graph}


def _rect(n):
    return n.x, n.y, n.x + n.w, n.y + graph_svg.NODE_H


def _intersects(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_scope_boxes_hold_exactly_their_members():
    for name, make in GRAPHS.items():
        layout = graph_svg.build(make().get_operations())
        assert layout.boxes, name
        for scope, box in layout.boxes.items():
            members = set(box.members)
            assert members == {k for k in layout.nodes if k == scope or k.startswith(scope + "/")}, (name, scope)
            rect = (box.x0, box.y0, box.x1, box.y1)
            for key, node in layout.nodes.items():
                inside = rect[0] <= node.x and node.x + node.w <= rect[2] and rect[1] <= node.y \
                    and node.y + graph_svg.NODE_H <= rect[3]
                if key in members:
                    assert inside, (name, scope, key)
                else:
                    assert not _intersects(rect, _rect(node)), (name, scope, key)
            # nested scopes nest, other scopes' boxes do not overlap this one
            for other, obox in layout.boxes.items():
                orect = (obox.x0, obox.y0, obox.x1, obox.y1)
                if other.startswith(scope + "/"):
                    assert rect[0] < orect[0] and orect[2] < rect[2] and rect[1] < orect[1] and orect[3] <= rect[3]
                elif other != scope and not scope.startswith(other + "/"):
                    assert not _intersects(rect, orect), (name, scope, other)


def test_scope_members_are_contiguous_in_every_layer():
    for name, make in GRAPHS.items():
        layout = graph_svg.build(make().get_operations())
        for layer in layout.layers:
            ys = [layout.nodes[k].y for k in layer]
            assert ys == sorted(ys) and len(set(ys)) == len(ys), name
            for scope in layout.boxes:
                runs = [k == scope or k.startswith(scope + "/") for k in layer]
                if any(runs):
                    first, last = runs.index(True), len(runs) - 1 - runs[::-1].index(True)
                    assert all(runs[first:last + 1]), (name, scope, layer)


def test_linear_regression_placeholders_are_outside_scope_w():
    layout = graph_svg.build(_linear_regression().get_operations())
    box = layout.boxes["w"]
    assert set(box.members) == {"w/zeros", "w/weight", "w/weight/Assign", "w/weight/read",
                                "w/zeros_1", "w/bias", "w/bias/Assign", "w/bias/read"}
    for key in ("x", "y", "MatMul", "init"):
        assert not _intersects((box.x0, box.y0, box.x1, box.y1), _rect(layout.nodes[key]))
    assert layout.boxes["w/weight"].label == "weight"  # a nested box is labelled relative to its parent
    svg, _ = graph_svg.graph_svg(_linear_regression())
    assert ">w<" in svg and ">weight<" in svg


def test_gradients_and_optimizer_scopes_collapse_by_default():
    g = _linear_regression()
    ops = g.get_operations()
    layout = graph_svg.build(ops)
    nodes = layout.nodes
    grads = sum(op.name.startswith("gradients/") for op in ops)
    assert nodes["gradients"].collapsed and nodes["gradients"].size == grads
    # the optimizer's final NoOp `GradientDescent` belongs to its scope, as in TensorBoard
    assert nodes["GradientDescent"].collapsed and nodes["GradientDescent"].size == 4
    assert not any(k.startswith(("gradients/", "GradientDescent/")) for k in nodes)
    assert layout.depth is None and nodes["w/weight/read"].sub == "Identity"
    assert layout.collapsed == {"gradients": grads, "GradientDescent": 4}
    assert "collapsed by default: gradients" in layout.note
    # edges between collapsed nodes are deduplicated, data wins over control
    assert len(layout.edges) == len({(s, d) for s, d, _ in layout.edges})
    assert ("gradients", "GradientDescent", False) in layout.edges
    assert sum(1 for s, d, _ in layout.edges if (s, d) == ("gradients", "GradientDescent")) == 1
    for src, dst, _ in layout.edges:
        assert nodes[src].layer < nodes[dst].layer
    svg, note = graph_svg.graph_svg(g)
    assert f"{grads} ops" in svg and "gradients" in note
    # collapse=False shows every op (and the DOT export does too)
    assert len(graph_svg.build(ops, collapse=False).nodes) == len(ops)
    assert '"gradients/grad_ys_0"' in graph_svg.to_dot(g)  # TF's name for the Fill of ones


def test_initializers_saver_and_report_collapse():
    layout = graph_svg.build(_saver_graph().get_operations())
    assert layout.nodes["save"].collapsed and layout.nodes["save"].size > 5
    assert layout.nodes["report_uninitialized_variables"].collapsed
    assert "model/v" in layout.nodes and "model/total" in layout.nodes
    layout = graph_svg.build(_mlp(sizes=(4,)).get_operations())
    init = layout.nodes["layer0/w/Initializer"]
    assert init.collapsed and init.label == "Initializer" and init.sub == "7 ops"
    assert "layer0/b/Initializer/zeros" in layout.nodes  # a one-op scope stays an op
    assert layout.nodes["Adam"].collapsed and layout.nodes["layer0/w/Adam"].collapsed  # slot variables too


def test_mlp_with_adam_collapses_until_readable():
    g = _mlp(sizes=(32, 16, 16))
    ops = g.get_operations()
    assert len(ops) > 140
    layout = graph_svg.build(ops)
    assert len(layout.nodes) <= graph_svg.READABLE_NODES
    assert layout.depth == 2 and layout.nodes["layer1/w"].collapsed
    assert {"x", "y", "gradients", "Adam", "init", "layer0/MatMul"} <= set(layout.nodes)
    assert layout.boxes["layer0"].members and "below depth 2" in layout.note
    assert sum(n.size for n in layout.nodes.values()) == len(ops) == layout.shown_ops


def test_collapsed_names_are_escaped():
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope("gradients"):
            a = tf.constant(1.0, name="a")
            tf.identity(a, name="b")
        with tf.name_scope("s"):
            tf.constant(2.0, name="c")
            tf.constant(3.0, name="d")
    layout = graph_svg.build(g.get_operations())
    assert set(layout.nodes) == {"gradients", "s/c", "s/d"}
    layout.nodes["gradients"].label = "<script>alert(1)</script>"
    layout.boxes["s"].scope = "<img src=x onerror=alert(1)>"
    svg = graph_svg.to_svg(layout)
    assert "<script" not in svg and "<img" not in svg and "&lt;script&gt;" in svg


def _random_graph(spec):
    """Ops in random (possibly re-entered, nested) scopes, each reading 1-2 earlier ops."""
    g = tf.Graph()
    with g.as_default():
        tensors = []
        for i, (scope, picks) in enumerate(spec):
            inputs = [tensors[p % len(tensors)] for p in picks] if tensors else []
            with tf.name_scope(scope + "/" if scope else None):
                if not inputs:
                    t = tf.constant(float(i), name=f"c{i}")
                elif len(inputs) == 1:
                    t = tf.identity(inputs[0], name=f"i{i}")
                else:
                    t = tf.add(inputs[0], inputs[1], name=f"a{i}")
            tensors.append(t)
    return g


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "a", "a/b", "a/b/c", "b", "b/a", "gradients/x", "c/Initializer"]),
                          st.lists(st.integers(0, 1000), min_size=0, max_size=2)),
                min_size=1, max_size=45))
def test_scope_box_invariant_on_random_graphs(spec):
    layout = graph_svg.build(_random_graph(spec).get_operations())
    rects = {k: _rect(n) for k, n in layout.nodes.items()}
    for a in rects.values():  # nodes never overlap
        assert sum(_intersects(a, b) for b in rects.values()) == 1
    for scope, box in layout.boxes.items():
        rect = (box.x0, box.y0, box.x1, box.y1)
        for key, r in rects.items():
            member = key == scope or key.startswith(scope + "/")
            assert member == (key in box.members)
            assert _intersects(rect, r) == member, (scope, key)
