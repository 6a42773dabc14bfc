"""The drawing model, its layered layout and SVG: layers follow edges, scopes collapse past the size bound."""
import re

from hypothesis import given, settings, strategies as st

import tfsess as tf
from ipython_ext import graph_layout, graph_model, graph_svg


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
    layout = graph_layout.build(_chain_graph().get_operations())
    places = layout.places
    assert layout.graph.depth is None and set(places) == {"inputs/a", "inputs/b", "model/c", "model/d", "e"}
    for src, dst, _ in layout.graph.edges:
        assert places[src].layer < places[dst].layer
        assert places[src].x + places[src].w < places[dst].x
    assert ("model/d", "e", True) in layout.graph.edges  # a control edge
    assert places["inputs/a"].layer == 0 and places["model/d"].layer == 2


def test_nodes_do_not_overlap():
    layout = graph_layout.build(_chain_graph().get_operations())
    boxes = [_rect(p) for p in layout.places.values()]
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
    layout = graph_layout.build(g.get_operations())
    nodes = layout.graph.nodes
    assert layout.graph.depth == 1 and len(nodes) == 41
    assert nodes["block3"].collapsed and nodes["block3"].size == 4
    assert layout.places["block3"].layer < layout.places["block4"].layer
    svg, note = graph_svg.graph_svg(g)
    assert "collapsed" in note and "4 ops" in svg


def test_flat_huge_graphs_are_truncated():
    g = tf.Graph()
    with g.as_default():
        for i in range(200):
            tf.constant(float(i), name=f"c{i}")
    drawn = graph_model.select(g.get_operations())
    assert len(drawn.nodes) == 150 and "showing 150 of 200 ops" in drawn.note


def test_devices_get_colours():
    g = tf.Graph()
    with g.as_default():
        with tf.device("/cpu:0"):
            a = tf.constant(1.0)
        b = a + 1.0
    drawn = graph_model.select(g.get_operations())
    devices = {n.device for n in drawn.nodes.values()}
    assert devices == {"CPU:0", ""}
    colours = graph_svg.device_colours(devices)
    assert colours["CPU:0"] != colours[""]
    assert graph_model.short_device("/job:localhost/replica:0/task:0/device:GPU:1") == "GPU:1"


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


def _rect(p):
    return p.x, p.y, p.x + p.w, p.y + graph_layout.NODE_H


def _box(layout, scope):
    r = layout.rects[scope]
    return r.x0, r.y0, r.x1, r.y1


def _intersects(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_scope_boxes_hold_exactly_their_members():
    for name, make in GRAPHS.items():
        layout = graph_layout.build(make().get_operations())
        assert layout.graph.scopes, name
        for scope, box in layout.graph.scopes.items():
            members = set(box.members)
            assert members == {k for k in layout.places if k == scope or k.startswith(scope + "/")}, (name, scope)
            rect = _box(layout, scope)
            for key, place in layout.places.items():
                inside = rect[0] <= place.x and place.x + place.w <= rect[2] and rect[1] <= place.y \
                    and place.y + graph_layout.NODE_H <= rect[3]
                if key in members:
                    assert inside, (name, scope, key)
                else:
                    assert not _intersects(rect, _rect(place)), (name, scope, key)
            # nested scopes nest, other scopes' boxes do not overlap this one
            for other in layout.graph.scopes:
                orect = _box(layout, other)
                if other.startswith(scope + "/"):
                    assert rect[0] < orect[0] and orect[2] < rect[2] and rect[1] < orect[1] and orect[3] <= rect[3]
                elif other != scope and not scope.startswith(other + "/"):
                    assert not _intersects(rect, orect), (name, scope, other)


def test_scope_members_are_contiguous_in_every_layer():
    for name, make in GRAPHS.items():
        layout = graph_layout.build(make().get_operations())
        for layer in layout.layers:
            ys = [layout.places[k].y for k in layer]
            assert ys == sorted(ys) and len(set(ys)) == len(ys), name
            for scope in layout.graph.scopes:
                runs = [k == scope or k.startswith(scope + "/") for k in layer]
                if any(runs):
                    first, last = runs.index(True), len(runs) - 1 - runs[::-1].index(True)
                    assert all(runs[first:last + 1]), (name, scope, layer)


def test_linear_regression_placeholders_are_outside_scope_w():
    layout = graph_layout.build(_linear_regression().get_operations())
    # each variable is one node: its Assign, read and the zeros of its initial value fold into it
    assert set(layout.graph.scopes["w"].members) == {"w/weight", "w/bias"}
    assert layout.graph.nodes["w/weight"].kind == "variable" and layout.graph.nodes["w/weight"].size == 4
    for key in ("x", "y", "MatMul"):
        assert not _intersects(_box(layout, "w"), _rect(layout.places[key]))
    assert layout.graph.nodes["init"].aux and "init" not in layout.layers[0]
    svg, _ = graph_svg.graph_svg(_linear_regression())
    assert ">w<" in svg and ">weight<" in svg and ">Variable 1x1<" in svg


def test_gradients_and_optimizer_scopes_collapse_by_default():
    g = _linear_regression()
    ops = g.get_operations()
    layout = graph_layout.build(ops)
    drawn, nodes = layout.graph, layout.graph.nodes
    grads = sum(op.name.startswith("gradients/") for op in ops)
    assert nodes["gradients"].collapsed and nodes["gradients"].size == grads
    # the optimizer's final NoOp `GradientDescent` belongs to its scope, as in TensorBoard
    assert nodes["GradientDescent"].collapsed and nodes["GradientDescent"].size == 4
    assert not any(k.startswith(("gradients/", "GradientDescent/")) for k in nodes)
    assert drawn.depth is None and nodes["w/weight"].sub == "Variable 1x1" and "w/weight/read" not in nodes
    assert drawn.collapsed == {"gradients": grads, "GradientDescent": 4}
    assert "collapsed by default: gradients" in drawn.note
    # edges between collapsed nodes are deduplicated, data wins over control
    assert len(drawn.edges) == len({(s, d) for s, d, _ in drawn.edges})
    assert ("gradients", "GradientDescent", False) in drawn.edges
    assert sum(1 for s, d, _ in drawn.edges if (s, d) == ("gradients", "GradientDescent")) == 1
    for src, dst, _ in drawn.edges:
        assert layout.places[src].layer < layout.places[dst].layer
    svg, note = graph_svg.graph_svg(g)
    assert f"{grads} ops" in svg and "gradients" in note
    # collapse=False shows every op (and the DOT export does too)
    assert len(graph_model.select(ops, collapse=False).nodes) == len(ops)
    assert '"gradients/grad_ys_0"' in graph_svg.to_dot(g)  # TF's name for the Fill of ones


def test_initializers_saver_and_report_collapse():
    nodes = graph_model.select(_saver_graph().get_operations()).nodes
    assert nodes["save"].collapsed and nodes["save"].size > 5
    assert nodes["report_uninitialized_variables"].collapsed
    assert "model/v" in nodes and "model/total" in nodes
    assert nodes["save"].aux and nodes["report_uninitialized_variables"].aux and not nodes["model/v"].aux
    nodes = graph_model.select(_mlp(sizes=(4,)).get_operations()).nodes
    # a variable's Initializer scope and its optimizer slots (layer0/w/Adam, Adam_1) fold into it
    w = nodes["layer0/w"]
    assert w.kind == "variable" and w.sub == "Variable 8x4" and not w.collapsed
    assert not any(k.startswith("layer0/w/") or k.startswith("layer0/b/") for k in nodes)
    assert nodes["Adam"].collapsed and nodes["init"].aux


def test_mlp_with_adam_collapses_until_readable():
    g = _mlp(sizes=(32, 16, 16, 16, 16, 16, 16, 16))
    ops = g.get_operations()
    assert len(ops) > 300
    drawn = graph_model.select(ops)
    assert len(drawn.nodes) <= graph_model.READABLE_NODES
    assert drawn.depth == 1 and drawn.nodes["layer1"].collapsed
    assert {"x", "y", "gradients", "Adam", "init", "layer0"} <= set(drawn.nodes)
    assert "below depth 1" in drawn.note
    small = graph_model.select(_mlp(sizes=(32, 16, 16)).get_operations())  # folding alone makes it readable
    assert small.depth is None and len(small.nodes) <= graph_model.READABLE_NODES
    assert sum(n.size for n in drawn.nodes.values()) == len(ops) == drawn.shown_ops


def test_collapsed_names_are_escaped():
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope("gradients"):
            a = tf.constant(1.0, name="a")
            tf.identity(a, name="b")
        with tf.name_scope("s"):
            tf.constant(2.0, name="c")
            tf.constant(3.0, name="d")
    layout = graph_layout.build(g.get_operations())
    assert set(layout.graph.nodes) == {"gradients", "s/c", "s/d"}
    layout.graph.nodes["gradients"].label = "<script>alert(1)</script>"
    layout.graph.scopes["s"].scope = "<img src=x onerror=alert(1)>"
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
    layout = graph_layout.build(_random_graph(spec).get_operations())
    rects = {k: _rect(p) for k, p in layout.places.items()}
    for a in rects.values():  # nodes never overlap
        assert sum(_intersects(a, b) for b in rects.values()) == 1
    for scope, box in layout.graph.scopes.items():
        rect = _box(layout, scope)
        for key, r in rects.items():
            member = key == scope or key.startswith(scope + "/")
            assert member == (key in box.members)
            assert _intersects(rect, r) == member, (scope, key)
