"""The drawing model, its layered layout and SVG: layers follow edges, scopes collapse past the size bound."""
import re
import time
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import tfsess as tf
from ipython_ext import graph_fold, graph_layout, graph_model, graph_svg


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
    _assert_routes_avoid_nodes(layout)


# ------------------------------------------------------------------ the model, not the bookkeeping
def _nodes_at(layout, column):
    return [_rect(layout.places[k]) for k in layout.layers[column]]


def _assert_routes_avoid_nodes(layout):
    """Inside every column an edge crosses it runs level, clear of that column's nodes."""
    for s, d, _ in layout.graph.edges:
        a, b = layout.places[s], layout.places[d]
        if b.layer <= a.layer:
            continue
        points = graph_layout.route(layout, s, d)
        assert len(points) == 2 + 2 * (b.layer - a.layer - 1)
        for i, column in enumerate(range(a.layer + 1, b.layer)):
            (xa, ya), (xb, yb) = points[1 + 2 * i], points[2 + 2 * i]
            left, width = layout.columns[column]
            assert ya == yb and (xa, xb) == (left, left + width)
            for x0, y0, x1, y1 in _nodes_at(layout, column):
                assert not y0 <= ya <= y1, (s, d, column)


def test_a_variable_is_one_node_and_edges_carry_shapes():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None, 784], name="x")
        w = tf.Variable(tf.zeros([784, 10]), name="w")
        r = tf.Variable(1.0, name="r")
        y = tf.matmul(x, w, name="y") * r
    drawn = graph_model.select(g.get_operations())
    assert set(drawn.nodes) == {"x", "w", "r", "y", "mul"}
    w_node = drawn.nodes["w"]
    # VariableV2, Assign, read and the zeros (Fill and its two inputs) that only feed the initial value
    assert w_node.kind == "variable" and w_node.size == 6 and w_node.sub == "Variable 784x10"
    assert drawn.nodes["r"].size == 4 and drawn.nodes["r"].sub == "Variable"  # with r/initial_value
    assert drawn.labels[("x", "y")] == "?x784" and drawn.labels[("w", "y")] == "784x10"
    assert drawn.labels[("y", "mul")] == "?x10" and drawn.labels[("r", "mul")] == "scalar"
    svg, _ = graph_svg.graph_svg(g)
    assert ">?x784<" in svg and "tfs-edge-label" in svg and "variable (6 ops folded)" in svg


def test_auxiliary_ops_move_to_the_side_strip_without_edges():
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(tf.ones([2]), name="v")
        total = tf.reduce_sum(v * 2.0, name="total")
        tf.summary.scalar("total", total)
        tf.summary.merge_all()
        tf.group(tf.global_variables_initializer(), tf.local_variables_initializer())
        step = tf.group(v.assign(v * 0.5), name="step")  # a user's update, not bookkeeping
        q = tf.FIFOQueue(4, [tf.float32], shapes=[[2]])
        q.close()
        tf.train.Saver()
        tf.report_uninitialized_variables()
    layout = graph_layout.build(g.get_operations())
    drawn = layout.graph
    aux = set(drawn.aux)
    assert {"init", "init_1", "group_deps", "save", "report_uninitialized_variables", "fifo_queue_Close",
            "Merge/MergeSummary"} == aux
    assert not drawn.nodes["step"].aux and "step" in drawn.main
    assert not any(s in aux or d in aux for s, d, _ in drawn.edges)
    assert drawn.nodes["init"].links == 1 and drawn.nodes["save"].links >= 1
    strip = layout.strip
    for key in aux:
        p = layout.places[key]
        assert strip.x0 < p.x and p.x + p.w < strip.x1 and strip.y0 < p.y and p.y + graph_layout.NODE_H < strip.y1
    assert all(layout.places[k].x + layout.places[k].w < strip.x0 for k in drawn.main)
    assert not any(key in layer for layer in layout.layers for key in aux)
    svg = graph_svg.to_svg(layout)
    assert "tfs-strip" in svg and ">auxiliary<" in svg and "tfs-aux" in svg


def test_a_queue_enqueue_is_joined_to_its_dequeue():
    g = tf.Graph()
    with g.as_default():
        q = tf.FIFOQueue(4, [tf.float32], shapes=[[3]], name="q")
        q.enqueue([tf.constant([1.0, 2.0, 3.0], name="item")], name="put")
        tf.identity(q.dequeue(name="get"), name="out")
    drawn = graph_model.select(g.get_operations())
    assert ("put", "get", False) in drawn.edges and drawn.labels[("put", "get")] == "queue"
    assert drawn.labels.get(("q", "put"), "") == ""  # a resource handle: no shape label
    layout = graph_layout.lay_out(drawn)
    assert layout.places["put"].layer < layout.places["get"].layer


def test_while_loops_and_dynamic_rnn_are_one_box():
    g = tf.Graph()
    with g.as_default():
        xs = tf.placeholder(tf.float32, [None, 5, 3], name="xs")
        out, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(4), xs, dtype=tf.float32)
        tf.reduce_sum(out, name="total")
        tf.while_loop(lambda k: k < 10, lambda k: k + 1, [tf.constant(0, name="start")])
    ops = g.get_operations()
    drawn = graph_model.select(ops)
    rnn, loop = drawn.nodes["rnn"], drawn.nodes["while"]
    assert rnn.kind == "while" and rnn.label == "while (rnn)" and rnn.collapsed
    assert rnn.size == sum(op.name.startswith("rnn/") and not op.name.startswith("rnn/basic_rnn_cell/") for op in ops)
    assert drawn.nodes["rnn/basic_rnn_cell/kernel"].kind == "variable"  # the cell's variables stay visible
    assert ("rnn/basic_rnn_cell/kernel", "rnn", False) in drawn.edges and ("xs", "rnn", False) in drawn.edges
    assert loop.label == "while" and loop.size == sum(op.name.split("/")[0] == "while" for op in ops)
    assert "tfs-while" in graph_svg.graph_svg(g)[0]


def test_an_imported_while_frame_is_one_box():
    """A TF1 graph's Enter/Merge/Switch/NextIteration/Exit frame, as the importer produces it."""
    def op(name, type_, *inputs):
        return SimpleNamespace(name=name, type=type_, inputs=[SimpleNamespace(op=i) for i in inputs],
                               control_inputs=[], device="", outputs=[])
    x = op("x", "Placeholder")
    enter = op("loop/while/Enter", "Enter", x)
    merge = op("loop/while/Merge", "Merge", enter)
    switch = op("loop/while/Switch", "Switch", merge)
    body = op("loop/while/add", "AddV2", switch)
    nxt = op("loop/while/NextIteration", "NextIteration", body)
    merge.inputs.append(SimpleNamespace(op=nxt))
    exit_ = op("loop/while/Exit", "Exit", switch)
    out = op("out", "Identity", exit_)
    folding = graph_fold.fold([x, enter, merge, switch, body, nxt, exit_, out])
    assert {k for k, v in folding.key.items() if v == "loop/while"} == {
        "loop/while/Enter", "loop/while/Merge", "loop/while/Switch", "loop/while/add", "loop/while/NextIteration",
        "loop/while/Exit"}
    assert folding.label["loop/while"] == "while (loop)" and "x" not in folding.key


def _wide_graph():
    """Long edges past a tall column: x feeds the end of a chain and a stack of side branches."""
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        h = x
        for i in range(4):
            h = tf.nn.relu(h * float(i + 2), name=f"r{i}")
            for j in range(3):
                tf.identity(h, name=f"side{i}_{j}")
        tf.add(h, x, name="skip")
        tf.add(tf.sin(x), tf.cos(h), name="late")
    return g


def test_edges_are_routed_around_nodes():
    for name, make in dict(GRAPHS, wide=_wide_graph).items():
        layout = graph_layout.build(make().get_operations())
        _assert_routes_avoid_nodes(layout)
    layout = graph_layout.build(_wide_graph().get_operations())
    long_edges = [(s, d) for s, d, _ in layout.graph.edges if layout.places[d].layer - layout.places[s].layer > 1]
    assert long_edges  # the test graph has edges that cross columns


def test_drawings_fit_the_width_with_a_one_to_one_toggle():
    layout = graph_layout.build(_mlp().get_operations())
    svg = graph_svg.to_svg(layout)
    width, height = graph_svg.natural_size(layout)
    assert f"width='100%' style='max-width:{width:.0f}px' viewBox='0 0 {width:.0f} {height:.0f}'" in svg
    html = graph_svg.drawing_html(layout)
    found = re.search(r"id='(tfs-fit-\w+)'", html)
    assert found and f"for='{found.group(1)}'" in html and "<script" not in html
    assert f"#{found.group(1)}:checked ~ .tfs-svgbox svg.tfs-graph{{width:{width:.0f}px !important" in html


def test_a_megabyte_device_string_draws_in_under_a_second():
    g = tf.Graph()
    with g.as_default():
        a = tf.constant(1.0, name="a")
        tf.identity(a, name="b")
    huge = "/device:" + "a" * 1_000_000
    a.op._set_device(huge)
    start = time.perf_counter()
    assert graph_model.short_device(huge) == "/device:aaaaaaaaaaaaa..."
    svg, _ = graph_svg.graph_svg(g)
    assert time.perf_counter() - start < 1.0 and len(svg) < 20_000
    assert graph_model.short_device("/job:w/replica:0/task:1/device:GPU:3") == "GPU:3"
    assert graph_model.short_device("/gpu:0") == "GPU:0" and graph_model.short_device("") == ""


def test_draw_colours_nodes_by_step_stats():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None, 64], name="x")
        w = tf.Variable(tf.ones([64, 64]), name="w")
        y = tf.reduce_sum(tf.matmul(x, w, name="mm"), name="total")
    with tf.Session(graph=g) as sess:
        sess.run(tf.variables_initializer([w]))
        meta = tf.RunMetadata()
        sess.run(y, {x: np.ones((32, 64), np.float32)},
                 options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=meta)
    by_bytes = graph_svg.step_stats(meta, "bytes")
    assert by_bytes["mm"] == 32 * 64 * 4
    drawing = graph_svg.draw(g, run_metadata=meta, measure="bytes")
    nodes = drawing.layout.graph.nodes
    assert nodes["mm"].stat == 32 * 64 * 4 and nodes["x"].stat is None
    svg = drawing.svg
    assert graph_svg.heat_colour(1.0) in svg and "bytes: 8.0 KiB" in svg
    html = drawing._repr_html_()
    assert "tfs-fit-toggle" in html and "x --&gt; mm  [?x64]" in html  # the text fallback lists the edges
    assert "time" in graph_svg.draw(g, run_metadata=meta).svg
    with pytest.raises(ValueError, match="measure"):
        graph_svg.step_stats(meta, "flops")
