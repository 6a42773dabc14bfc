"""TensorLists as TF2's control flow builds them: tf.TensorArray under tf.enable_control_flow_v2() (TensorList
ops), while_v2 loops differentiated through them, map_fn / scan / dynamic_rnn under v2, call ops' static shapes,
and GraphDefs TF 2.21 wrote with while_v2 gradients (tests/framework/fixtures/tensorlists, made by its
write_fixtures.py). Each case switches control flow v2 on and off again."""
import os

import numpy as np

FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "framework", "fixtures",
                        "tensorlists")
X = np.array([[0.5, -1.0], [2.0, 0.25], [1.0, 1.5]], np.float32)


def _v2(fn):
    """Runs fn(tf) with control flow v2 on in a fresh graph."""
    def case(tf):
        tf.enable_control_flow_v2()
        try:
            with tf.Graph().as_default():
                return fn(tf)
        finally:
            tf.disable_control_flow_v2()
    return case


def _error(fn):
    try:
        fn()
    except Exception as exc:  # the error is the result
        text = getattr(exc, "message", str(exc))
        skip = ("{{node", "Graph execution", "Detected at", "File ", "Node:")
        lines = [ln for ln in text.splitlines() if ln.strip() and not any(k in ln for k in skip)]
        return {"raised": type(exc).__name__, "first": lines[0].strip()[:70] if lines else ""}
    return "no error"


def _shape(t):
    return None if t.shape.ndims is None else t.shape.as_list()


def _ops(tf):
    ta = tf.TensorArray(tf.float32, size=3).unstack(tf.constant(X))
    read, gathered = ta.read(1), ta.gather([2, 0])
    written = ta.write(0, [9.0, 8.0])
    stacked, concat = written.stack(), written.concat()
    split = tf.TensorArray(tf.float32, size=2).split(tf.constant(X), [1, 2])
    scattered = tf.TensorArray(tf.float32, size=4, element_shape=[2]).scatter([3, 1], tf.constant(X[:2]))
    g = tf.get_default_graph()
    with tf.Session() as sess:
        values = sess.run({"read": read, "gathered": gathered, "stacked": stacked, "concat": concat,
                           "split_last": split.read(1), "scattered": scattered.stack(), "size": written.size()})
    return {"values": values, "types": sorted({n.op for n in g.as_graph_def().node}), "flow": [str(ta.flow.dtype.name), ta.handle is None],
            "names": sorted(op.name for op in g.get_operations() if op.type.startswith("TensorList")),
            "shapes": [_shape(t) for t in (read, gathered, stacked, concat)]}


def case_ta_v2_ops(tf):
    return _v2(_ops)(tf)


def _loop_grad(tf):
    x = tf.placeholder(tf.float32, [3, 2], name="x")
    inputs = tf.TensorArray(tf.float32, size=3).unstack(x)

    def body(i, acc, out):
        acc = acc * inputs.read(i) + 1.0
        return i + 1, acc, out.write(i, acc * acc)
    _, acc, out = tf.while_loop(lambda i, *_: i < 3, body, [0, tf.ones([2]), tf.TensorArray(tf.float32, size=3)])
    stacked = out.stack()
    grad = tf.gradients(tf.reduce_sum(stacked) + tf.reduce_sum(acc * acc), x)[0]
    with tf.Session() as sess:
        values = sess.run([stacked, acc, grad], {x: X})
    return {"values": values, "grad_name": grad.name, "shapes": [_shape(stacked), _shape(grad)]}


def case_ta_v2_loop_gradient(tf):
    return _v2(_loop_grad)(tf)


def _dynamic(tf):
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)
    ta = ta.write(0, [1.0, 2.0]).write(3, [3.0, 4.0])
    grown = ta.stack()
    with tf.Session() as sess:
        return {"stack": sess.run(grown), "size": sess.run(ta.size()), "shape": _shape(grown),
                "size_op": ta.size().op.type}


def case_ta_v2_dynamic_size(tf):
    return _v2(_dynamic)(tf)


def _errors(tf):
    ta = tf.TensorArray(tf.float32, size=2)
    unknown = tf.TensorArray(tf.float32, size=2, element_shape=None)
    full = tf.TensorArray(tf.float32, size=2).unstack(tf.constant(X[:2]))
    with tf.Session() as sess:
        return {
            "read_out_of_range": _error(lambda: sess.run(full.read(5))),
            "read_unset_unknown_shape": _error(lambda: sess.run(unknown.read(0))),
            "stack_unset_unknown_shape": _error(lambda: sess.run(unknown.stack())),
            "gather_unset_unknown_shape": _error(lambda: sess.run(unknown.gather([1]))),
            "concat_unset_unknown_shape": _error(lambda: sess.run(unknown.concat())),
            "run_wrong_dtype": _error(lambda: sess.run(ta.write(0, tf.constant([1, 2])).flow)),
            "write_wrong_shape": _error(lambda: full.write(0, [1.0, 2.0, 3.0])),
            "write_wrong_dtype": _error(lambda: ta.write(0, tf.constant([1, 2]))),
            "still_usable": sess.run(full.read(1)),
        }


def case_ta_v2_errors(tf):
    return _v2(_errors)(tf)


def _gather_grad(tf):
    """TF's list gradient of a gather scatters the gradient rows back: a repeated index keeps one of them."""
    x = tf.placeholder(tf.float32, [3, 2], name="x")
    ta = tf.TensorArray(tf.float32, size=3).unstack(x)
    y = ta.gather([2, 0, 2]) * tf.constant([[1.0], [2.0], [3.0]])
    grad = tf.gradients(y, x)[0]
    with tf.Session() as sess:
        return sess.run([y, grad], {x: X})


def case_ta_v2_gather_gradient(tf):
    return _v2(_gather_grad)(tf)


def _map_scan(tf):
    x = tf.placeholder(tf.float32, [3, 2], name="x")
    mapped = tf.map_fn(lambda r: r * r + 1.0, x)
    scanned = tf.scan(lambda a, r: a * 0.5 + r, x)
    grads = tf.gradients(tf.reduce_sum(mapped) + tf.reduce_sum(scanned * scanned), x)[0]
    with tf.Session() as sess:
        values = sess.run([mapped, scanned, grads], {x: X})
    return {"values": values, "shapes": [_shape(mapped), _shape(scanned)],
            "list_ops": "TensorListReserve" in {n.op for n in tf.get_default_graph().as_graph_def().node}}


def case_map_fn_scan_v2(tf):
    return _v2(_map_scan)(tf)


def _rnn(tf):
    x = tf.placeholder(tf.float32, [2, 4, 3], name="x")
    cell = tf.nn.rnn_cell.BasicRNNCell(4, name="cell")
    with tf.variable_scope("rnn", initializer=tf.constant_initializer(0.2)):
        outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=[4, 2], dtype=tf.float32)
    loss = tf.reduce_sum(outputs) + tf.reduce_sum(state * state)
    grads = tf.gradients(loss, [x] + tf.trainable_variables())
    feed = np.linspace(-1.0, 1.0, 24, dtype=np.float32).reshape(2, 4, 3)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = sess.run([outputs, state] + grads, {x: feed})
    return {"values": values, "shapes": [_shape(outputs), _shape(state)],
            "list_ops": "TensorListFromTensor" in {n.op for n in tf.get_default_graph().as_graph_def().node}}


def case_dynamic_rnn_v2(tf):
    return _v2(_rnn)(tf)


def _call_shapes(tf):
    @tf.function(input_signature=[tf.TensorSpec([None, None], tf.float32)])
    def f(a):
        return tf.reduce_sum(a, axis=1), a * 2.0, tf.concat([a, a], 0)
    x = tf.placeholder(tf.float32, [2, 3], name="x")
    outs = f(x)
    gd = tf.get_default_graph().as_graph_def()
    with tf.Graph().as_default() as g:
        tf.import_graph_def(gd, name="")
        imported = [_shape(g.get_tensor_by_name(t.name)) for t in outs]
    return {"built": [_shape(t) for t in outs], "imported": imported}


def case_call_shapes_refined(tf):
    return _v2(_call_shapes)(tf)


def _fixture_case(name):
    def case(tf):
        expected = np.load(os.path.join(FIXTURES, "expected.npz"))
        gd = tf.GraphDef()
        with open(os.path.join(FIXTURES, name + ".pb"), "rb") as f:
            gd.ParseFromString(f.read())
        with tf.Graph().as_default() as g:
            tf.import_graph_def(gd, name="")
            feeds = {k.split("/")[-1] + ":0": expected[k] for k in expected.files if k.startswith(name + "/feed/")}
            fetches = sorted(k.split("/fetch/")[1] for k in expected.files if k.startswith(name + "/fetch/"))
            with tf.Session() as sess:
                if any(op.name == "init" for op in g.get_operations()):
                    sess.run("init")
                values = sess.run(fetches, feeds)
            shapes = [_shape(g.get_tensor_by_name(f)) for f in fetches]
        return {"values": dict(zip(fetches, values)), "shapes": shapes,
                "list_ops": sorted({n.op for n in g.as_graph_def().node if "TensorList" in n.op})}
    return case


def case_fixture_while_grad(tf):
    return _fixture_case("while_grad")(tf)


def case_fixture_while_grad_matmul(tf):
    return _fixture_case("while_grad_matmul")(tf)


def case_fixture_nested_while_grad(tf):
    return _fixture_case("nested_while_grad")(tf)


def case_fixture_tensor_array_loop(tf):
    return _fixture_case("tensor_array_loop")(tf)


def case_fixture_dynamic_rnn(tf):
    return _fixture_case("dynamic_rnn")(tf)


def case_fixture_call_shapes(tf):
    return _fixture_case("call_shapes")(tf)


def _while_structure(tf):
    x = tf.placeholder(tf.float32, [3], name="x")
    r = tf.while_loop(lambda a: tf.reduce_sum(a) < 10.0, lambda a: a * x + 1.0, [tf.ones([3])])
    with tf.name_scope("outer"):
        i, r2 = tf.while_loop(lambda i, a: tf.reduce_sum(a) < 10.0, lambda i, a: (i + 1, a * x + 1.0),
                              [0, tf.ones([3])], maximum_iterations=2, name="loop")
    g = tf.get_default_graph()
    loop = g.get_operation_by_name("outer/loop")
    with tf.Session() as sess:
        values = sess.run([r, i, r2], {x: [1.0, 2.0, 0.5]})
    return {"names": [r.name, i.name, r2.name], "inputs": [t.name for t in loop.inputs],
            "nodes": sorted((n.name, n.op) for n in g.as_graph_def().node), "values": values,
            "T": [d.name for d in loop.get_attr("T")]}


def case_while_v2_structure(tf):
    return _v2(_while_structure)(tf)
