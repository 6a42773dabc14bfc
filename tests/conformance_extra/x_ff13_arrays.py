"""Third-pass variations of the public rnn_tensor_array and rnn_functional cases: TensorArrays of
float16/complex/uint8, unknown-rank element shapes, reads of one index twice under gradients, arrays
written in cond branches, scatter/split error texts, nested map_fn with gradients, zero-length scans,
fold options and dtype mismatches of scan's function.

Recorded from TF 2.21 compat.v1 with nothing beyond tensorflow itself."""
import numpy as np

from _harness import catch, message_has


def case_ta_float16_complex_uint8_roundtrip(tf):
    sess = tf.Session()
    out = {}
    for name, dtype, vals in [("f16", tf.float16, [[1.5, -2.0], [0.25, 8.0]]),
                              ("c64", tf.complex64, [[1 + 2j, -1j], [3.0, 0.5 - 0.5j]]),
                              ("u8", tf.uint8, [[0, 255], [7, 128]])]:
        ta = tf.TensorArray(dtype, size=2).unstack(tf.constant(vals, dtype))
        stacked = ta.stack()
        out[name] = {"stack": sess.run(stacked), "read1": sess.run(ta.read(1)), "dtype": stacked.dtype.name,
                     "static": stacked.shape.as_list()}
    return out


def case_ta_names_flow_and_handle(tf):
    ta = tf.TensorArray(tf.float32, size=2, tensor_array_name="arr", name="MyTA")
    wrote = ta.write(0, [1.0]).write(1, [2.0])
    sess = tf.Session()
    return {"handle_op": ta.handle.op.type, "handle_name": ta.handle.op.name, "flow_dtype": ta.flow.dtype.name,
            "flow_op": ta.flow.op.type, "dtype": wrote.dtype.name, "size": sess.run(wrote.size()),
            "stack_op": wrote.stack().op.type, "element_shape": wrote.element_shape.as_list()}


def case_ta_unknown_rank_element_shape_stack_scalars(tf):
    ta = tf.TensorArray(tf.int32, size=3, element_shape=tf.TensorShape(None))
    before = ta.element_shape.dims
    ta = ta.write(0, 4).write(1, 5).write(2, 6)
    stacked = ta.stack()
    sess = tf.Session()
    return {"before": before, "after": ta.element_shape.as_list(), "static": stacked.shape.as_list(),
            "value": sess.run(stacked)}


def case_ta_infer_shape_write_mismatch_messages(tf):
    ta = tf.TensorArray(tf.float32, size=3).write(0, [1.0, 2.0])
    no_infer = tf.TensorArray(tf.float32, size=2, infer_shape=False).write(0, [1.0]).write(1, [1.0, 2.0, 3.0])
    sess = tf.Session()
    return {"mismatch": message_has(lambda: ta.write(1, [[1.0, 2.0]]), "Inconsistent shapes", "(2,)"),
            "no_infer_concat": sess.run(no_infer.concat()), "no_infer_shape": no_infer.element_shape.dims,
            "stack_ragged": catch(sess.run, no_infer.stack())}


def case_ta_same_index_read_twice_gradient(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    ta = tf.TensorArray(tf.float32, size=3, clear_after_read=False).unstack(x)
    y = ta.read(1) * ta.read(1) + 3.0 * ta.read(2) + ta.read(1)
    g = tf.gradients(y, x)[0]
    sess = tf.Session()
    return {"y": sess.run(y), "g": sess.run(g)}


def case_ta_written_in_cond_branches(tf):
    flag = tf.placeholder(tf.bool, [])
    ta = tf.TensorArray(tf.float32, size=2)
    ta = tf.cond(flag, lambda: ta.write(0, 1.0).write(1, 2.0), lambda: ta.write(0, -1.0).write(1, -2.0))
    stacked = ta.stack()
    sess = tf.Session()
    return {"true": sess.run(stacked, {flag: True}), "false": sess.run(stacked, {flag: False}),
            "type": type(ta).__name__}


def case_ta_scatter_repeat_and_split_error_messages(tf):
    sess = tf.Session()
    rep = tf.TensorArray(tf.float32, size=3).scatter([0, 0], tf.constant([1.0, 2.0]))
    bad_split = tf.TensorArray(tf.float32, size=2).split(tf.constant([1.0, 2.0, 3.0]), [1, 1])
    return {
        "repeat": message_has(lambda: sess.run(rep.stack()), "already been written"),
        "split_sum": message_has(lambda: sess.run(bad_split.concat()), "lengths"),
        "after": sess.run(tf.TensorArray(tf.float32, size=1).write(0, 5.0).stack()),
    }


def case_ta_empty_stack_and_concat_with_shape(tf):
    ta = tf.TensorArray(tf.float32, size=0, element_shape=[2])
    dyn = tf.TensorArray(tf.float32, size=0, dynamic_size=True, element_shape=[3])
    sess = tf.Session()
    s, c = ta.stack(), dyn.concat()
    return {"stack": sess.run(s), "stack_static": s.shape.as_list(),
            "concat": sess.run(c), "concat_static": c.shape.as_list(), "size": sess.run(dyn.size())}


def case_map_fn_nested_gradient(tf):
    m = tf.constant([[1.0, 2.0], [3.0, -1.0]])
    y = tf.map_fn(lambda row: tf.map_fn(lambda v: v * v * row[0], row), m)
    g = tf.gradients(tf.reduce_sum(y), m)[0]
    sess = tf.Session()
    return {"y": sess.run(y), "g": sess.run(g), "static": y.shape.as_list()}


def case_map_fn_float16_complex_and_int64_out(tf):
    sess = tf.Session()
    h = tf.map_fn(lambda v: v * tf.constant(2.0, tf.float16), tf.constant([1.0, 0.5], tf.float16))
    c = tf.map_fn(lambda v: v * tf.constant(1j, tf.complex64), tf.constant([1 + 1j, 2.0], tf.complex64))
    i = tf.map_fn(lambda v: tf.cast(tf.size(v), tf.int64), tf.zeros([3, 4]), dtype=tf.int64)
    return {"h": sess.run(h), "c": sess.run(c), "i": sess.run(i), "dtypes": [h.dtype.name, c.dtype.name, i.dtype.name]}


def case_map_fn_wrong_declared_structure(tf):
    x = tf.constant([1, 2])
    return {
        "pair_declared_single": catch(tf.map_fn, lambda v: (v, v), x),
        "single_declared_pair": catch(tf.map_fn, lambda v: v, x, dtype=(tf.int32, tf.int32)),
        "wrong_dtype": catch(tf.map_fn, lambda v: tf.cast(v, tf.float32), x),
    }


def case_scan_zero_length_with_initializer(tf):
    x = tf.placeholder(tf.float32, [None])
    ys = tf.scan(lambda acc, v: acc + v * tf.ones([2]), x, initializer=tf.constant([1.0, 2.0]))
    sess = tf.Session()
    return {"static": ys.shape.as_list(), "empty": sess.run(ys, {x: np.zeros([0], np.float32)}),
            "two": sess.run(ys, {x: [1.0, 2.0]})}


def case_scan_fn_dtype_and_shape_change_errors(tf):
    x = tf.constant([1.0, 2.0])
    return {
        "dtype": catch(tf.scan, lambda acc, v: tf.cast(acc, tf.int32), x, initializer=tf.constant(0.0)),
        "shape": catch(lambda: tf.Session().run(tf.scan(lambda acc, v: tf.concat([acc, [v]], 0), x,
                                                        initializer=tf.constant([0.0])))),
    }


def case_scan_variable_gradient_and_train(tf):
    w = tf.Variable(0.5, name="w")
    xs = tf.constant([1.0, 2.0, 3.0])
    ys = tf.scan(lambda acc, v: acc * w + v, xs, initializer=tf.constant(0.0))
    loss = tf.square(ys[-1] - 4.0)
    step = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    seen = []
    for _ in range(3):
        seen.append(sess.run([loss, w]))
        sess.run(step)
    return seen


def case_foldr_structured_no_initializer_and_options(tf):
    a = tf.constant([1, 2, 3])
    b = tf.constant([10.0, 20.0, 30.0])
    out = tf.foldr(lambda acc, v: (acc[0] + v[0], acc[1] - v[1]), (a, b), parallel_iterations=1, swap_memory=True,
                   name="fr")
    sess = tf.Session()
    return {"value": sess.run(out), "type": type(out).__name__}


def case_foldl_gradient_wrt_initializer_float64(tf):
    x = tf.constant([1.0, 2.0, 3.0], tf.float64)
    init = tf.constant(2.0, tf.float64)
    y = tf.foldl(lambda acc, v: acc * v + acc, x, initializer=init)
    gx, gi = tf.gradients(y, [x, init])
    sess = tf.Session()
    return sess.run({"y": y, "gx": gx, "gi": gi})
