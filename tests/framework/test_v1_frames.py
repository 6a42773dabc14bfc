"""While loops in GraphDefs as TF1 frames: export (ops/while_graphdef.py), import (ops/while_import.py),
the stack ops of TF1 loop gradients, and TF-written fixtures (fixtures/loops, make_loop_fixtures.py)."""
import os

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors
from tfsess.framework.op_builder import apply_op

LOOPS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "loops")
EXPECTED = np.load(os.path.join(LOOPS, "expected.npz"))
FRAME_OPS = {"Enter", "Merge", "Switch", "LoopCond", "NextIteration", "Exit"}


def _read_graph_def(name):
    gd = tf.GraphDef()
    with open(os.path.join(LOOPS, name), "rb") as f:
        gd.ParseFromString(f.read())
    return gd


def _power_loop():
    n = tf.placeholder(tf.int32, [], name="n")
    c = tf.constant(3.0, name="c")
    _, acc = tf.while_loop(lambda i, a: i < n, lambda i, a: (i + 1, a * c), [tf.constant(0), tf.constant(1.0)])
    return tf.identity(acc, name="out")


def _round_trip(build, feeds, fetches):
    """(values before, values after import_graph_def of the GraphDef, the GraphDef)."""
    with tf.Graph().as_default() as g:
        build()
        want = tf.Session().run(fetches, feeds)
        gd = g.as_graph_def()
    with tf.Graph().as_default():
        tf.import_graph_def(gd, name="")
        got = tf.Session().run(fetches, feeds)
    return want, got, gd


# ------------------------------------------------------------------ export
def test_imported_exit_names_can_be_fetched_and_round_trip():
    with tf.Graph().as_default() as g:
        _power_loop()
        gd = g.as_graph_def()
    with tf.Graph().as_default() as g2:
        tf.import_graph_def(gd, name="")
        assert tf.Session().run("while/Exit_1:0", {"n:0": 2}) == 9.0
        again = {n.name: n for n in g2.as_graph_def().node}
    assert again["while/Exit_1"].op == "Exit" and list(again["out"].input) == ["while/Exit_1"]


def test_loop_is_written_as_tf1_frame_with_tf_names():
    with tf.Graph().as_default() as g:
        _power_loop()
        nodes = {n.name: n for n in g.as_graph_def().node}
    assert "while" not in nodes and not any(n.op == "While" for n in nodes.values())
    assert {n.op for n in nodes.values()} >= FRAME_OPS
    assert list(nodes["while/Merge"].input) == ["while/Enter", "while/NextIteration"]
    assert list(nodes["while/Switch_1"].input) == ["while/Merge_1", "while/LoopCond"]
    assert list(nodes["while/Identity_1"].input) == ["while/Switch_1:1"]
    assert list(nodes["while/Exit_1"].input) == ["while/Switch_1"]
    assert list(nodes["out"].input) == ["while/Exit_1"]
    # the condition reads the Merge, the body the Identity; outside tensors enter once, as constants
    assert list(nodes["while/Less"].input) == ["while/Merge", "while/Less/Enter"]
    assert list(nodes["while/mul"].input) == ["while/Identity_1", "while/mul/Enter"]
    assert nodes["while/mul/Enter"].attr["is_constant"].b and not nodes["while/Enter"].attr["is_constant"].b
    assert nodes["while/Enter"].attr["frame_name"].s == b"while/while_context"
    assert list(nodes["while/add/y"].input) == ["^while/Identity"]  # runs in the frame


def test_maximum_iterations_adds_tf_counter_variable():
    with tf.Graph().as_default() as g:
        r = tf.while_loop(lambda i: i < 10, lambda i: i + 2, [tf.constant(0)], maximum_iterations=3)
        tf.identity(r, name="out")
        nodes = {n.name: n for n in g.as_graph_def().node}
    assert nodes["while/Enter"].input[0] == "while/iteration_counter"
    assert sum(n.op == "Enter" and not n.attr["is_constant"].b for n in nodes.values()) == 2
    assert list(nodes["out"].input) == ["while/Exit_1"]


@pytest.mark.parametrize("program", ["power", "nested", "max", "tensor_array", "cond_in_body"])
def test_round_trip_runs_the_same(program):
    x = np.arange(12, dtype=np.float32).reshape(4, 3)

    def build():
        if program == "power":
            _power_loop()
        elif program == "nested":
            def outer(i, acc):
                return i + 1, tf.while_loop(lambda j, a: j < i, lambda j, a: (j + 1, a + 1.0), [0, acc])[1]
            tf.identity(tf.while_loop(lambda i, a: i < 4, outer, [0, tf.constant(0.0)])[1], name="out")
        elif program == "max":
            tf.identity(tf.while_loop(lambda i: i < 10, lambda i: i + 2, [tf.constant(0)], maximum_iterations=3),
                        name="out")
        elif program == "tensor_array":
            xs = tf.placeholder(tf.float32, [4, 3], name="x")
            ta = tf.TensorArray(tf.float32, size=4)
            _, ta = tf.while_loop(lambda i, a: i < 4, lambda i, a: (i + 1, a.write(i, xs[i] * 2.0)), [0, ta])
            tf.identity(ta.stack(), name="out")
        else:
            body = lambda i, a: (i + 1, tf.cond(i < 2, lambda: a + 1.0, lambda: a * 2.0))  # noqa: E731
            tf.identity(tf.while_loop(lambda i, a: i < 4, body, [0, tf.constant(1.0)])[1], name="out")
    feeds = {"n:0": 4} if program == "power" else {"x:0": x} if program == "tensor_array" else {}
    want, got, gd = _round_trip(build, feeds, ["out:0"])
    np.testing.assert_array_equal(got[0], want[0])
    assert FRAME_OPS <= {n.op for n in gd.node}


def test_reexport_of_imported_frames_keeps_node_names():
    with tf.Graph().as_default() as g:
        _power_loop()
        gd = g.as_graph_def()
    with tf.Graph().as_default() as g2:
        tf.import_graph_def(gd, name="m")
        names = {n.name for n in g2.as_graph_def().node}
        frames = {n.attr["frame_name"].s for n in g2.as_graph_def().node if n.op == "Enter"}
    assert names == {"m/" + n.name for n in gd.node}
    assert frames == {b"m/while/while_context"}


def test_loop_gradient_is_written_as_tf1_backward_frame():
    feed = {"x:0": np.float32([0.1, 0.2, 0.3])}

    def build():
        x = tf.placeholder(tf.float32, [3], name="x")
        c = tf.constant([1.0, 2.0, 3.0], name="c")
        _, y = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, tf.sin(v) * c), [0, x])
        gx, gc = tf.gradients(tf.reduce_sum(y), [x, c])
        tf.identity(gx, name="gx")
        tf.identity(gc, name="gc")
    want, got, gd = _round_trip(build, feed, ["gx:0", "gc:0"])
    for a, b in zip(got, want):
        np.testing.assert_allclose(a, b, rtol=1e-6)
    ops = {n.op for n in gd.node}
    assert "WhileGrad" not in ops and {"StackV2", "StackPushV2", "StackPopV2"} <= ops
    frames = {n.attr["frame_name"].s for n in gd.node if n.op == "Enter"}
    assert len(frames) == 2 and b"while/while_context" in frames
    pushes = [n for n in gd.node if n.op == "StackPushV2"]
    assert all(n.attr["T"].type for n in pushes)


def test_gradient_of_loop_holding_a_loop_round_trips_as_while_grad_node():
    feed = {"x:0": np.float32(0.3)}

    def build():
        x = tf.placeholder(tf.float32, [], name="x")

        def outer(i, v):
            return i + 1, tf.while_loop(lambda j, u: j < 2, lambda j, u: (j + 1, tf.sin(u) * 1.5), [0, v])[1]
        _, y = tf.while_loop(lambda i, v: i < 2, outer, [0, x])
        tf.identity(tf.gradients(y, x)[0], name="gx")
    want, got, gd = _round_trip(build, feed, ["gx:0"])
    np.testing.assert_allclose(got[0], want[0], rtol=1e-6)
    grads = [n for n in gd.node if n.op == "WhileGrad"]
    assert len(grads) == 1 and grads[0].attr["frame_name"].s == b"while/while_context"
    assert not any(n.name.startswith("gradients/grad_arg") for n in gd.node)  # its gradient graph stays inside


def test_meta_graph_with_loop_and_saver_round_trip(tmp_path):
    with tf.Graph().as_default():
        w = tf.Variable(2.0, name="w")
        k = tf.placeholder(tf.int32, [], name="k")
        _, r = tf.while_loop(lambda i, v: i < k, lambda i, v: (i + 1, v * w), [0, tf.constant(1.0)])
        tf.identity(r, name="pow")
        tf.train.GradientDescentOptimizer(0.001).minimize(tf.square(r - 20.0), name="train")
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(w.assign(3.0))
        path = tf.train.Saver().save(sess, str(tmp_path / "m"))
    with tf.Graph().as_default():
        saver = tf.train.import_meta_graph(path + ".meta")
        sess = tf.Session()
        saver.restore(sess, path)
        assert [sess.run("pow:0", {"k:0": n}) for n in (0, 2, 4)] == [1.0, 9.0, 81.0]
        sess.run("train", {"k:0": 3})
        np.testing.assert_allclose(sess.run("w:0"), EXPECTED["trained_w"], rtol=1e-6)


def test_convert_variables_to_constants_and_extract_sub_graph_keep_frames():
    with tf.Graph().as_default() as g:
        w = tf.Variable(2.0, name="w")
        _, r = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * w), [0, tf.constant(1.0)])
        tf.identity(r, name="out")
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        frozen = tf.graph_util.convert_variables_to_constants(sess, g.as_graph_def(), ["out"])
        sub = tf.graph_util.extract_sub_graph(g.as_graph_def(), ["out"])
    assert "Enter" in {n.op for n in sub.node} and "VariableV2" not in {n.op for n in frozen.node}
    with tf.Graph().as_default():
        out, = tf.import_graph_def(frozen, return_elements=["out:0"], name="")
        assert tf.Session().run(out) == 8.0


def test_write_graph_binary_reads_back(tmp_path):
    with tf.Graph().as_default() as g:
        _power_loop()
        tf.io.write_graph(g, str(tmp_path), "g.pb", as_text=False)
    gd = tf.GraphDef()
    gd.ParseFromString((tmp_path / "g.pb").read_bytes())
    with tf.Graph().as_default():
        out, = tf.import_graph_def(gd, return_elements=["out:0"], input_map={"n:0": tf.constant(2)})
        assert tf.Session().run(out) == 9.0


# ------------------------------------------------------------------ TF-written graphs
def test_frozen_lstm_dynamic_rnn_from_tf():
    x = np.linspace(-1, 1, 30, dtype=np.float32).reshape(2, 5, 3)
    with tf.Graph().as_default():
        out, h = tf.import_graph_def(_read_graph_def("lstm_frozen.pb"), return_elements=["out:0", "h:0"])
        got_out, got_h = tf.Session().run([out, h], {"import/x:0": x})
    np.testing.assert_allclose(got_out, EXPECTED["lstm_out"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_h, EXPECTED["lstm_h"], rtol=1e-5, atol=1e-6)


def test_nested_frames_from_tf():
    with tf.Graph().as_default() as g:
        out, = tf.import_graph_def(_read_graph_def("nested.pb"), return_elements=["out:0"], name="")
        sess = tf.Session()
        assert [sess.run(out, {"n:0": k}) for k in (0, 1, 4)] == list(EXPECTED["nested"])
        whiles = [op for op in g.get_operations() if op.type == "While"]
    assert sorted(op.name for op in whiles) == ["while", "while/while"]


def test_tf_meta_graph_with_loop_gradient_restores_and_trains():
    prefix = os.path.join(LOOPS, "loop_model", "model.ckpt-1")
    with tf.Graph().as_default():
        saver = tf.train.import_meta_graph(prefix + ".meta")
        sess = tf.Session()
        saver.restore(sess, prefix)
        np.testing.assert_array_equal([sess.run("pow:0", {"k:0": n}) for n in (0, 2, 4)], EXPECTED["pow"])
        sess.run("train", {"k:0": 3})
        np.testing.assert_allclose(sess.run("w:0"), EXPECTED["trained_w"], rtol=1e-6)


def test_gradient_through_imported_frame():
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [], name="x")
        _, y = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, tf.sin(v)), [0, x])
        tf.identity(y, name="y")
        gd = g.as_graph_def()
        want = tf.Session().run(tf.gradients(y, x)[0], {x: 0.5})
    with tf.Graph().as_default():
        y, x = tf.import_graph_def(gd, return_elements=["y:0", "x:0"])
        np.testing.assert_allclose(tf.Session().run(tf.gradients(y, x)[0], {x: 0.5}), want, rtol=1e-6)


# ------------------------------------------------------------------ errors and stacks
def test_broken_frame_is_rejected_whole():
    with tf.Graph().as_default() as g:
        _power_loop()
        gd = g.as_graph_def()
    for node in gd.node:
        if node.name == "while/Merge":
            node.op = "Identity"
            del node.input[1:]
    with tf.Graph().as_default() as g2:
        tf.constant(1.0, name="before")
        with pytest.raises(ValueError, match="while/while_context"):
            tf.import_graph_def(gd)
        assert [op.name for op in g2.get_operations()] == ["before"]


def test_exit_output_read_inside_loop_is_an_error():
    with tf.Graph().as_default() as g:
        _power_loop()
        gd = g.as_graph_def()
    for node in gd.node:
        if node.name == "while/mul":
            node.input[0] = "while/Switch_1"  # the false branch: no value inside the loop
    with tf.Graph().as_default(), pytest.raises(ValueError, match="while/mul"):
        tf.import_graph_def(gd)


def test_stack_ops_pop_in_reverse_and_fail_when_empty():
    op = apply_op
    with tf.Graph().as_default():
        handle = op("StackV2", [tf.constant(-1)], {"elem_type": tf.float32}).outputs[0]
        push = op("StackPushV2", [handle, tf.constant(1.0)]).outputs[0]
        with tf.control_dependencies([push]):
            push2 = op("StackPushV2", [handle, tf.constant(2.0)]).outputs[0]
        with tf.control_dependencies([push2]):
            first = op("StackPopV2", [handle], {"elem_type": tf.float32}).outputs[0]
        with tf.control_dependencies([first]):
            second = op("StackPopV2", [handle], {"elem_type": tf.float32}).outputs[0]
        with tf.control_dependencies([second]):
            third = op("StackPopV2", [handle], {"elem_type": tf.float32}).outputs[0]
        sess = tf.Session()
        assert sess.run([first, second]) == [2.0, 1.0]
        with pytest.raises(errors.OutOfRangeError, match="empty"):
            sess.run(third)
        assert sess.run(first) == 2.0  # a fresh stack each run: the session stays usable
