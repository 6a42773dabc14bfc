"""While loops through GraphDefs: TF1 frames (Enter/Merge/Switch/LoopCond/NextIteration/Exit) written by
as_graph_def and meta graphs, their node names, round trips of loops (nested, TensorArrays, conds,
maximum_iterations, gradients), import_meta_graph of a trained RNN, TF-written fixtures
(tests/framework/fixtures/loops, made by make_loop_fixtures.py). Record with TF_USE_LEGACY_KERAS=1 (the
RNN cells)."""
import os
import shutil
import tempfile

import numpy as np

LOOPS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "framework", "fixtures", "loops")
FRAME_OPS = {"Enter", "Exit", "Merge", "Switch", "NextIteration", "LoopCond"}
X = np.linspace(-1, 1, 30, dtype=np.float32).reshape(2, 5, 3)


def _graph_def(tf, name):
    gd = tf.GraphDef()
    with open(os.path.join(LOOPS, name), "rb") as f:
        gd.ParseFromString(f.read())
    return gd


def _frame_nodes(gd):
    """(name, op, inputs) of the loop-frame nodes and of the nodes whose names start with "while"."""
    return sorted((n.name, n.op, list(n.input)) for n in gd.node if n.op in FRAME_OPS or n.name.startswith("while"))


def _reimport(tf, gd, fetches, feeds=None, name="re"):
    with tf.Graph().as_default():
        out = tf.import_graph_def(gd, return_elements=fetches, name=name)
        return tf.Session().run(out, {f"{name}/{k}": v for k, v in (feeds or {}).items()})


# ------------------------------------------------------------------ moved from the sweep's parked cases
def case_x_interop_loops_import_control_flow_graph(tf):
    with tf.Graph().as_default() as g1:
        n = tf.placeholder(tf.int32, [], name="n")
        i0 = tf.constant(0)
        acc0 = tf.constant(1.0)
        _, acc = tf.while_loop(lambda i, a: i < n, lambda i, a: (i + 1, a * 2.0), [i0, acc0])
        tf.identity(acc, name="loop_out")
        p = tf.placeholder(tf.bool, [], name="p")
        tf.identity(tf.cond(p, lambda: tf.constant(10.0), lambda: tf.constant(-1.0)), name="cond_out")
    gd = g1.as_graph_def()
    with tf.Graph().as_default():
        loop_out, cond_out = tf.import_graph_def(gd, return_elements=["loop_out:0", "cond_out:0"], name="cf")
        sess = tf.Session()
        return {"loop": [sess.run(loop_out, {"cf/n:0": k}) for k in (0, 3)],
                "cond": [sess.run(cond_out, {"cf/p:0": b}) for b in (True, False)],
                "op_types": sorted({n.op for n in gd.node} & FRAME_OPS)}


def case_x_interop_loops_meta_graph_with_while_loop_and_saver(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            w = tf.Variable(2.0, name="w")
            k = tf.placeholder(tf.int32, [], name="k")
            _, r = tf.while_loop(lambda i, x: i < k, lambda i, x: (i + 1, x * w), [0, tf.constant(1.0)])
            tf.identity(r, name="pow")
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            sess.run(w.assign(3.0))
            path = tf.train.Saver().save(sess, os.path.join(d, "m"))
        with tf.Graph().as_default():
            saver = tf.train.import_meta_graph(path + ".meta")
            sess = tf.Session()
            saver.restore(sess, path)
            return {"pow": [sess.run("pow:0", {"k:0": n}) for n in (0, 2, 4)]}
    finally:
        shutil.rmtree(d)


# ------------------------------------------------------------------ what as_graph_def writes
def case_x_interop_loops_export_frame_nodes(tf):
    with tf.Graph().as_default() as g:
        n = tf.placeholder(tf.int32, [], name="n")
        c = tf.constant(3.0, name="c")
        _, acc = tf.while_loop(lambda i, a: i < n, lambda i, a: (i + 1, a * c), [tf.constant(0), tf.constant(1.0)])
        tf.identity(acc, name="out")
        gd = g.as_graph_def()
    enters = {n.name: (n.attr["frame_name"].s, n.attr["is_constant"].b, n.attr["parallel_iterations"].i)
              for n in gd.node if n.op == "Enter"}
    return {"nodes": _frame_nodes(gd), "enters": enters,
            "out": [list(n.input) for n in gd.node if n.name == "out"]}


def case_x_interop_loops_export_nested_frames(tf):
    with tf.Graph().as_default() as g:
        def outer(i, acc):
            _, inner = tf.while_loop(lambda j, a: j < i, lambda j, a: (j + 1, a + 1.0), [0, acc])
            return i + 1, inner
        tf.while_loop(lambda i, a: i < 3, outer, [0, tf.constant(0.0)])
        gd = g.as_graph_def()
    return {"nodes": _frame_nodes(gd),
            "frames": sorted({n.attr["frame_name"].s for n in gd.node if n.op == "Enter"})}


def case_x_interop_loops_export_tensor_array_loop(tf):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [4, 3], name="x")
        ta = tf.TensorArray(tf.float32, size=4)
        _, ta = tf.while_loop(lambda i, a: i < 4, lambda i, a: (i + 1, a.write(i, x[i] * 2.0)), [0, ta])
        tf.identity(ta.stack(), name="out")
        gd = g.as_graph_def()
    frame = sorted((n.name, n.op, list(n.input)) for n in gd.node if n.op in FRAME_OPS)
    return {"frame": frame, "types": sorted({n.op for n in gd.node if n.name.startswith("while/")}),
            "values": _reimport(tf, gd, ["out:0"], {"x:0": np.arange(12, dtype=np.float32).reshape(4, 3)})}


def case_x_interop_loops_export_maximum_iterations(tf):
    with tf.Graph().as_default() as g:
        r = tf.while_loop(lambda i: i < 10, lambda i: i + 2, [tf.constant(0)], maximum_iterations=3)
        tf.identity(r, name="out")
        gd = g.as_graph_def()
    loop_vars = sorted(n.name for n in gd.node if n.op == "Enter" and not n.attr["is_constant"].b)
    return {"vars": loop_vars, "counts": {t: sum(n.op == t for n in gd.node) for t in sorted(FRAME_OPS)},
            "out": [list(n.input) for n in gd.node if n.name == "out"], "value": _reimport(tf, gd, ["out:0"])}


# ------------------------------------------------------------------ round trips
def case_x_interop_loops_round_trip_nested(tf):
    with tf.Graph().as_default() as g:
        n = tf.placeholder(tf.int32, [], name="n")

        def outer(i, acc):
            _, inner = tf.while_loop(lambda j, a: j < i, lambda j, a: (j + 1, a * 2.0 + 1.0), [0, acc])
            return i + 1, inner
        tf.identity(tf.while_loop(lambda i, a: i < n, outer, [0, tf.constant(0.5)])[1], name="out")
        gd = g.as_graph_def()
    return {k: _reimport(tf, gd, ["out:0"], {"n:0": k}) for k in (0, 2, 3)}


def case_x_interop_loops_round_trip_cond_in_body(tf):
    with tf.Graph().as_default() as g:
        body = lambda i, a: (i + 1, tf.cond(i < 2, lambda: a + 1.0, lambda: a * 3.0))  # noqa: E731
        tf.identity(tf.while_loop(lambda i, a: i < 5, body, [0, tf.constant(1.0)])[1], name="out")
        gd = g.as_graph_def()
    return {"value": _reimport(tf, gd, ["out:0"]), "has_switch": "Switch" in {n.op for n in gd.node}}


def case_x_interop_loops_round_trip_growing_shape(tf):
    with tf.Graph().as_default() as g:
        _, v = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, tf.concat([v, v * 2.0], 0)),
                             [0, tf.constant([1.0])], shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])
        tf.identity(v, name="out")
        gd = g.as_graph_def()
    return {"value": _reimport(tf, gd, ["out:0"])}


def case_x_interop_loops_round_trip_input_map_and_scope(tf):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [2], name="x")
        _, y = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * x), [0, tf.ones([2])])
        tf.identity(y, name="out")
        gd = g.as_graph_def()
    with tf.Graph().as_default() as g2:
        out, = tf.import_graph_def(gd, input_map={"x:0": tf.constant([2.0, -1.0])}, return_elements=["out:0"],
                                   name="scope")
        names = sorted(n.name for n in g2.as_graph_def().node if n.op in ("Enter", "Exit"))
        return {"value": tf.Session().run(out), "names": names}


def case_x_interop_loops_gradient_built_before_export(tf):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [3], name="x")
        c = tf.constant([1.0, 2.0, 3.0], name="c")
        _, y = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, tf.sin(v) * c), [0, x])
        gx, gc = tf.gradients(tf.reduce_sum(y), [x, c])
        tf.identity(gx, name="gx")
        tf.identity(gc, name="gc")
        gd = g.as_graph_def()
    return _reimport(tf, gd, ["gx:0", "gc:0"], {"x:0": np.float32([0.1, 0.2, 0.3])})


def case_x_interop_loops_gradient_through_imported_loop(tf):
    # through a meta graph: TF differentiates an imported loop only with its while_context collection
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [], name="x")
        _, y = tf.while_loop(lambda i, v: i < 4, lambda i, v: (i + 1, tf.sin(v) * v), [0, x])
        tf.identity(y, name="y")
        meta = tf.train.export_meta_graph()
    with tf.Graph().as_default() as g:
        tf.train.import_meta_graph(meta, import_scope="m")
        y, x = g.get_tensor_by_name("m/y:0"), g.get_tensor_by_name("m/x:0")
        return tf.Session().run(tf.gradients(y, x)[0], {x: 0.7})


def case_x_interop_loops_import_meta_graph_of_trained_rnn(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            tf.set_random_seed(3)
            x = tf.placeholder(tf.float32, [2, 5, 3], name="x")
            cell = tf.nn.rnn_cell.GRUCell(4, kernel_initializer=tf.constant_initializer(0.2))
            out, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
            loss = tf.reduce_mean(tf.square(out), name="loss")
            tf.train.GradientDescentOptimizer(0.5).minimize(loss, name="train")
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            sess.run("train", {x: X})
            path = tf.train.Saver().save(sess, os.path.join(d, "rnn"))
        with tf.Graph().as_default():
            saver = tf.train.import_meta_graph(path + ".meta")
            sess = tf.Session()
            saver.restore(sess, path)
            before = sess.run("loss:0", {"x:0": X})
            sess.run("train", {"x:0": X})
            return {"before": before, "after": sess.run("loss:0", {"x:0": X})}
    finally:
        shutil.rmtree(d)


# ------------------------------------------------------------------ TF-written graphs
def case_x_interop_loops_frozen_lstm_fixture(tf):
    with tf.Graph().as_default():
        out, h = tf.import_graph_def(_graph_def(tf, "lstm_frozen.pb"), return_elements=["out:0", "h:0"])
        return tf.Session().run([out, h], {"import/x:0": X})


def case_x_interop_loops_nested_fixture(tf):
    with tf.Graph().as_default():
        out, = tf.import_graph_def(_graph_def(tf, "nested.pb"), return_elements=["out:0"], name="")
        sess = tf.Session()
        return [sess.run(out, {"n:0": k}) for k in (0, 2, 5)]


def case_x_interop_loops_tf_meta_graph_with_loop_gradient(tf):
    prefix = os.path.join(LOOPS, "loop_model", "model.ckpt-1")
    with tf.Graph().as_default():
        saver = tf.train.import_meta_graph(prefix + ".meta")
        sess = tf.Session()
        saver.restore(sess, prefix)
        values = [sess.run("pow:0", {"k:0": n}) for n in (1, 3)]
        sess.run("train", {"k:0": 3})
        return {"pow": values, "w": sess.run("w:0")}


def case_x_interop_loops_reexport_of_tf_frames(tf):
    gd = _graph_def(tf, "nested.pb")
    with tf.Graph().as_default() as g:
        tf.import_graph_def(gd, name="")
        again = g.as_graph_def()
    return {"missing": sorted({n.name for n in gd.node} - {n.name for n in again.node}),
            "value": _reimport(tf, again, ["out:0"], {"n:0": 3})}
