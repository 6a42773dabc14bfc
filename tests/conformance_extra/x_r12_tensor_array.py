"""Second-pass variations of the public rnn_tensor_array cases: TensorArray inside cond, names and
op types of its handle and flow, partially known element shapes, negative and out-of-range
indices with TF's texts, unstack into a fixed size, string / bool / int64 arrays, identity,
export-import of a loop that fills one, and gradients of dynamic-size arrays."""
import numpy as np

from _harness import catch, message_has


def case_names_and_op_types(tf):
    ta = tf.TensorArray(tf.float32, size=2, name="arr")
    w = ta.write(0, 1.0).write(1, 2.0)
    st = w.stack(name="stacked")
    return {"handle": [ta.handle.op.type, ta.handle.op.name], "flow": ta.flow.op.name,
            "write_type": w.flow.op.type, "stack_type": st.op.type, "stack_name": st.op.name,
            "size_type": w.size().op.type, "read_type": w.read(0).op.type,
            "value": tf.Session().run(st)}


def case_in_cond(tf):
    flag = tf.placeholder(tf.bool, [])

    def fill(scale):
        ta = tf.TensorArray(tf.float32, size=3)
        for i in range(3):
            ta = ta.write(i, float(i) * scale)
        return ta.stack()

    out = tf.cond(flag, lambda: fill(1.0), lambda: fill(-2.0))
    ta = tf.TensorArray(tf.int32, size=2).write(0, 7)
    picked = tf.cond(flag, lambda: ta.write(1, 1).stack(), lambda: ta.write(1, -1).stack())
    sess = tf.Session()
    return {"true": sess.run([out, picked], {flag: True}), "false": sess.run([out, picked], {flag: False})}


def case_partial_element_shape(tf):
    ta = tf.TensorArray(tf.float32, size=2, element_shape=tf.TensorShape([None, 2]))
    w = ta.write(0, [[1.0, 2.0]])
    ragged = tf.TensorArray(tf.float32, size=2, element_shape=[None, 2], infer_shape=False)
    rw = ragged.write(0, [[1.0, 2.0]]).write(1, [[3.0, 4.0], [5.0, 6.0]])
    sess = tf.Session()
    return {"element_shape": ta.element_shape.as_list(), "after_write": w.element_shape.as_list(),
            "second_rows": message_has(lambda: w.write(1, [[3.0, 4.0], [5.0, 6.0]]), "Inconsistent shapes"),
            "stack": sess.run(w.write(1, [[3.0, 4.0]]).stack()),
            "stack_static": w.write(1, [[3.0, 4.0]]).stack().shape.as_list(),
            "ragged_element_shape": rw.element_shape.as_list() if rw.element_shape.dims is not None else None,
            "concat": sess.run(rw.concat()), "ragged_stack": catch(sess.run, rw.stack()),
            "bad_depth": catch(lambda: ta.write(0, [[1.0, 2.0, 3.0]]))}


def case_negative_and_range_errors(tf):
    ta = tf.TensorArray(tf.float32, size=3).unstack([1.0, 2.0, 3.0])
    idx = tf.placeholder(tf.int32, [])
    read = ta.read(idx)
    sess = tf.Session()
    return {
        "negative": message_has(lambda: sess.run(read, {idx: -1}), "Tried to read from index -1",
                                "but array size is: 3"),
        "negative_class": catch(sess.run, read, {idx: -1}),
        "past": message_has(lambda: sess.run(read, {idx: 3}), "Tried to read from index 3",
                            "but array size is: 3"),
        "ok_after": sess.run(read, {idx: 2}),
        "write_negative": catch(sess.run, tf.TensorArray(tf.float32, size=2).write(-1, 1.0).flow),
        "gather_past": catch(sess.run, ta.gather([0, 5])),
    }


def case_unstack_fixed_size_mismatch(tf):
    x = tf.placeholder(tf.float32, [None])
    small = tf.TensorArray(tf.float32, size=2).unstack(x)
    grow = tf.TensorArray(tf.float32, size=2, dynamic_size=True).unstack(x)
    sess = tf.Session()
    return {
        "too_many": message_has(lambda: sess.run(small.stack(), {x: [1.0, 2.0, 3.0]}),
                                "Input value must have first dimension equal to the array size"),
        "too_many_class": catch(sess.run, small.stack(), {x: [1.0, 2.0, 3.0]}),
        "fits": sess.run(small.stack(), {x: [1.0, 2.0]}),
        "grows": sess.run([grow.size(), grow.stack()], {x: [1.0, 2.0, 3.0]}),
        "static_too_many": catch(lambda: tf.TensorArray(tf.float32, size=2).unstack([1.0, 2.0, 3.0]) is not None),
    }


def case_string_bool_int64_arrays(tf):
    s = tf.TensorArray(tf.string, size=0, dynamic_size=True)
    s = s.write(0, "ab").write(1, "c")
    b = tf.TensorArray(tf.bool, size=3).unstack([True, False, True])
    i = tf.TensorArray(tf.int64, size=2, infer_shape=False).write(0, tf.constant([1, 2], tf.int64))
    i = i.write(1, tf.constant([3], tf.int64))
    sess = tf.Session()
    return {"strings": sess.run(s.stack()), "bool_gather": sess.run(b.gather([2, 1])),
            "int64_concat": sess.run(i.concat()), "dtypes": [s.dtype.name, b.dtype.name, i.dtype.name],
            "bad_dtype": catch(lambda: b.write(0, 1.5) is not None)}


def case_identity_and_multiple_reads_after_identity(tf):
    ta = tf.TensorArray(tf.float32, size=2, clear_after_read=False).write(0, 3.0).write(1, 4.0)
    ident = ta.identity()
    v = tf.TensorArray(tf.float32, size=1).write(0, [1.0, 2.0])
    sess = tf.Session()
    return {"reads": sess.run([ident.read(0), ident.read(1), ta.read(0)]),
            "identity_type": ident.flow.op.type, "same_handle": ident.handle is ta.handle,
            "stack": sess.run(ident.stack()), "static": v.identity().element_shape.as_list()}


def case_while_loop_export_import(tf):
    n = tf.placeholder(tf.int32, [], name="n")
    ta = tf.TensorArray(tf.float32, size=n)

    def body(i, acc):
        return i + 1, acc.write(i, tf.cast(i, tf.float32) * 1.5)

    _, out = tf.while_loop(lambda i, acc: i < n, body, [0, ta])
    tf.identity(out.stack(), name="stacked")
    meta = tf.train.export_meta_graph()
    with tf.Graph().as_default():
        tf.train.import_meta_graph(meta)
        sess = tf.Session()
        return {"four": sess.run("stacked:0", {"n:0": 4}), "zero": sess.run("stacked:0", {"n:0": 0}).shape}


def case_dynamic_size_gradient_in_loop(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True)

    def body(i, acc):
        return i + 1, acc.write(i, x[i] * x[i] * tf.cast(i + 1, tf.float32))

    _, out = tf.while_loop(lambda i, acc: i < 3, body, [0, ta])
    y = tf.reduce_sum(out.stack())
    sess = tf.Session()
    return {"y": sess.run(y), "g": sess.run(tf.gradients(y, x)[0])}


def case_gradient_through_concat_and_split_float64(tf):
    x = tf.constant(np.arange(1.0, 6.0), tf.float64)
    ta = tf.TensorArray(tf.float64, size=2, infer_shape=False).split(x, [2, 3])
    doubled = tf.TensorArray(tf.float64, size=2, infer_shape=False)
    doubled = doubled.write(0, ta.read(0) * 2.0).write(1, ta.read(1) * 3.0)
    y = tf.reduce_sum(tf.square(doubled.concat()))
    sess = tf.Session()
    return {"y": sess.run(y), "g": sess.run(tf.gradients(y, x)[0]),
            "bad_lengths": catch(sess.run, tf.TensorArray(tf.float64, size=2, infer_shape=False)
                                 .split(x, [2, 2]).concat())}


def case_scatter_gather_in_loop_and_dtype_errors(tf):
    ta = tf.TensorArray(tf.int32, size=4)
    ta = ta.scatter([3, 1], tf.constant([[30, 31], [10, 11]]))
    ta = ta.scatter([0, 2], tf.constant([[0, 1], [20, 21]]))
    sess = tf.Session()
    return {"stack": sess.run(ta.stack()), "gather": sess.run(ta.gather([1, 3])),
            "float_indices": catch(lambda: ta.gather(tf.constant([0.0]))),
            "scatter_rank": catch(lambda: sess.run(tf.TensorArray(tf.int32, size=2).scatter([[0]], tf.constant([[1]])).flow))}


def case_index_dtype_errors(tf):
    ta = tf.TensorArray(tf.float32, size=2).unstack([3.0, 4.0])
    i64 = tf.constant(1, tf.int64)
    sess = tf.Session()
    return {
        "read_int64": message_has(lambda: ta.read(i64), "Input 'index' of 'TensorArrayReadV3' Op has type int64"),
        "read_int64_class": catch(lambda: ta.read(i64)),
        "write_int64": message_has(lambda: ta.write(i64, 1.0), "Input 'index' of 'TensorArrayWriteV3' Op"),
        "scatter_int64": message_has(lambda: tf.TensorArray(tf.float32, size=2).scatter(
            tf.constant([0, 1], tf.int64), [1.0, 2.0]), "Input 'indices' of 'TensorArrayScatterV3' Op"),
        "gather_int64": catch(lambda: ta.gather(tf.constant([0], tf.int64))),
        "read_numpy_int64": sess.run(ta.read(np.int64(1))),
        "scalar_unstack": catch(lambda: tf.TensorArray(tf.float32, size=1).unstack(1.0)),
    }
