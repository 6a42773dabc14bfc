"""Variations of the public rnn_tensor_array cases: other dtypes, dynamic_size, element_shape,
infer_shape, clear_after_read, gather/scatter/split/concat/unstack/stack errors with TF's texts,
TensorArray across while_loop and its gradients.  Recorded from TF 2.21 compat.v1 alone."""
import numpy as np

from _harness import catch, message_has


def case_write_read_stack_dtypes(tf):
    sess = tf.Session()
    f64 = tf.TensorArray(tf.float64, size=2).write(0, [1.5]).write(1, [2.5])
    i64 = tf.TensorArray(tf.int64, size=2).write(0, tf.constant(7, tf.int64)).write(1, tf.constant(8, tf.int64))
    b = tf.TensorArray(tf.bool, size=2).write(0, True).write(1, False)
    s = tf.TensorArray(tf.string, size=2).write(0, "x").write(1, tf.constant("y") + "z")
    h = tf.TensorArray(tf.float16, size=1).write(0, [0.5, 1.0])
    return {"vals": sess.run([f64.stack(), i64.stack(), b.stack(), s.stack(), h.stack()]),
            "dtypes": [t.dtype.name for t in (f64, i64, b, s, h)],
            "static": [f64.stack().shape.as_list(), i64.stack().shape.as_list()]}


def case_write_read_names_and_size_fed(tf):
    n = tf.placeholder(tf.int32, [])
    ta = tf.TensorArray(tf.float32, size=n, name="arr")
    ta = ta.write(0, [1.0, 2.0])
    r = ta.read(0, name="first")
    sess = tf.Session()
    return {"read": sess.run(r, {n: 3}), "size": sess.run(ta.size(), {n: 3}), "names": [r.name, ta.handle.name,
                                                                                       ta.flow.name],
            "negative": catch(sess.run, ta.size(), {n: -1}), "after": sess.run(r, {n: 1})}


def case_write_scalar_and_matrix_static_shapes(tf):
    scalar = tf.TensorArray(tf.int32, size=2).write(0, 1).write(1, 2)
    mat = tf.TensorArray(tf.float32, size=1).write(0, tf.zeros([2, 3]))
    sess = tf.Session()
    return {"scalar": sess.run(scalar.stack()), "scalar_static": scalar.stack().shape.as_list(),
            "mat_static": mat.stack().shape.as_list(), "read_static": mat.read(0).shape.as_list(),
            "elem": [scalar.element_shape.as_list(), mat.element_shape.as_list()]}


def case_unstack_gather_dtypes_and_repeat(tf):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], tf.float64)
    sess = tf.Session()
    ta = lambda: tf.TensorArray(tf.float64, size=3, clear_after_read=False).unstack(x)  # noqa: E731
    s = tf.TensorArray(tf.string, size=2).unstack(tf.constant(["p", "q"]))
    return {"gather_repeat": sess.run(ta().gather([1, 1, 0])), "gather_empty": sess.run(ta().gather([])),
            "gather_static": ta().gather([0, 2]).shape.as_list(), "strings": sess.run(s.stack())}


def case_unstack_unknown_and_errors(tf):
    p = tf.placeholder(tf.int32, [None, 2])
    ta = tf.TensorArray(tf.int32, size=0, dynamic_size=True).unstack(p)
    fixed = tf.TensorArray(tf.int32, size=2).unstack(p)
    sess = tf.Session()
    return {"size": sess.run(ta.size(), {p: [[1, 2], [3, 4], [5, 6]]}),
            "fixed_too_many": message_has(lambda: sess.run(fixed.stack(), {p: [[1, 2], [3, 4], [5, 6]]}),
                                          "Could not scatter", "size"),
            "scalar_unstack": catch(lambda: tf.TensorArray(tf.int32, size=1).unstack(tf.constant(3))),
            "wrong_dtype": catch(lambda: tf.TensorArray(tf.int32, size=2).unstack(tf.constant([1.0, 2.0])).dtype.name),
            "after": sess.run(fixed.stack(), {p: [[1, 2], [3, 4]]})}


def case_gather_errors(tf):
    ta = tf.TensorArray(tf.float32, size=3).unstack(tf.constant([1.0, 2.0, 3.0]))
    idx = tf.placeholder(tf.int32, [None])
    g = ta.gather(idx)
    sess = tf.Session()
    return {"out_of_range": message_has(lambda: sess.run(g, {idx: [0, 5]}), "Tried to read from index 5",
                                        "size"),
            "negative": catch(sess.run, g, {idx: [-1]}),
            "ok": sess.run(g, {idx: [2, 0]}),
            "float_indices": catch(lambda: ta.gather(tf.constant([0.0])))}


def case_scatter_dtypes_and_dynamic(tf):
    sess = tf.Session()
    a = tf.TensorArray(tf.int64, size=3).scatter([1, 0, 2], tf.constant([10, 20, 30], tf.int64))
    grow = tf.TensorArray(tf.float32, size=0, dynamic_size=True).scatter([4, 1], tf.constant([[1.0], [2.0]]))
    return {"a": sess.run(a.stack()), "grow_size": sess.run(grow.size()), "grow_read": sess.run(grow.read(4)),
            "a_static": a.stack().shape.as_list()}


def case_scatter_errors(tf):
    sess = tf.Session()
    fixed = tf.TensorArray(tf.float32, size=2).scatter([0, 3], tf.constant([1.0, 2.0]))
    twice = tf.TensorArray(tf.float32, size=3).scatter([1, 1], tf.constant([1.0, 2.0]))
    return {"out_of_range": message_has(lambda: sess.run(fixed.stack()), "Tried to write to index 3",
                                        "not resizeable"),
            "twice": message_has(lambda: sess.run(twice.read(1)), "Could not write to TensorArray index 1"),
            "lengths_mismatch": catch(lambda: tf.TensorArray(tf.float32, size=3).scatter([0, 1],
                                                                                       tf.constant([1.0, 2.0, 3.0]))),
            "after": sess.run(tf.TensorArray(tf.float32, size=1).scatter([0], tf.constant([5.0])).stack())}


def case_concat_split_dtypes_and_errors(tf):
    sess = tf.Session()
    ta = tf.TensorArray(tf.int32, size=2, infer_shape=False).write(0, [[1, 2]]).write(1, [[3, 4], [5, 6]])
    sp = tf.TensorArray(tf.float64, size=2).split(tf.constant([[1.0], [2.0], [3.0]], tf.float64), [1, 2])
    bad_sum = tf.TensorArray(tf.float32, size=2).split(tf.constant([1.0, 2.0, 3.0]), [1, 1])
    bad_len = tf.TensorArray(tf.float32, size=3).split(tf.constant([1.0, 2.0, 3.0]), [1, 2])
    return {"concat": sess.run(ta.concat()), "split": sess.run([sp.read(0), sp.read(1)]),
            "bad_sum": message_has(lambda: sess.run(bad_sum.read(0)), "Expected sum of lengths to be equal to",
                                   "values.shape[0]"),
            "bad_len": message_has(lambda: sess.run(bad_len.read(0)), "Expected lengths to be a vector of length",
                                   "TensorArray size"),
            "scalar_split": catch(lambda: tf.TensorArray(tf.float32, size=1).split(tf.constant(1.0), [1]))}


def case_concat_scalars_and_mismatched(tf):
    sess = tf.Session()
    scal = tf.TensorArray(tf.float32, size=2).write(0, 1.0).write(1, 2.0)
    ragged = tf.TensorArray(tf.float32, size=2, infer_shape=False).write(0, [[1.0, 2.0]]).write(1, [[3.0]])
    return {"scalars": message_has(lambda: sess.run(scal.concat()),
                                   "Concat saw a scalar shape at index 0 but requires at least vectors"),
            "ragged": message_has(lambda: sess.run(ragged.concat()), "TensorArray has inconsistent shapes"),
            "after": sess.run(scal.stack())}


def case_dynamic_size_variants(tf):
    sess = tf.Session()
    grow = tf.TensorArray(tf.float64, size=2, dynamic_size=True, clear_after_read=False)
    grow = grow.write(0, 1.0).write(5, 6.0)
    fed = tf.placeholder(tf.int32, [])
    w = tf.TensorArray(tf.int32, size=0, dynamic_size=True).write(fed, 9)
    return {"size": sess.run(grow.size()), "stack": sess.run(grow.stack()), "read_gap": sess.run(grow.read(3)),
            "fed_size": sess.run(w.size(), {fed: 3}), "fed_stack": sess.run(w.stack(), {fed: 2}),
            "negative": catch(sess.run, w.size(), {fed: -1})}


def case_dynamic_size_in_while_loop(tf):
    ta = tf.TensorArray(tf.float32, size=0, dynamic_size=True, element_shape=[])

    def body(i, acc):
        return i + 1, acc.write(i, tf.cast(i, tf.float32) * 0.5)

    n = tf.placeholder(tf.int32, [])
    _, out = tf.while_loop(lambda i, acc: i < n, body, [0, ta])
    sess = tf.Session()
    return {"four": sess.run(out.stack(), {n: 4}), "size": sess.run(out.size(), {n: 2}),
            "static": out.stack().shape.as_list()}


def case_fixed_size_errors_messages(tf):
    sess = tf.Session()
    w = tf.TensorArray(tf.float32, size=2).write(2, 1.0)
    neg = tf.TensorArray(tf.float32, size=2).write(-1, 1.0)
    r = tf.TensorArray(tf.float32, size=2).write(0, 1.0).read(3)
    return {"write": message_has(lambda: sess.run(w.stack()), "Tried to write to index 2 but array is not resizeable",
                                 "size is: 2"),
            "negative": catch(sess.run, neg.stack()),
            "read": message_has(lambda: sess.run(r), "Tried to read from index 3 but array size is: 2"),
            "after": sess.run(tf.TensorArray(tf.float32, size=1).write(0, 3.0).stack())}


def case_clear_after_read_variants(tf):
    ta = tf.TensorArray(tf.int32, size=2).unstack([1, 2])
    stacked = ta.stack()
    with tf.control_dependencies([stacked]):
        after_stack = ta.read(0)
    g = ta.gather([1])
    with tf.control_dependencies([g]):
        after_gather = ta.read(1)
    sess = tf.Session()
    return {"stack_then_read": catch(sess.run, after_stack),
            "gather_then_read": message_has(lambda: sess.run(after_gather), "Could not read index 1 twice",
                                            "clear_after_read"),
            "stack": sess.run(stacked)}


def case_clear_after_read_false_in_loop(tf):
    src = tf.TensorArray(tf.float32, size=3, clear_after_read=False).unstack(tf.constant([1.0, 2.0, 3.0]))

    def body(i, acc):
        return i + 1, acc + src.read(i) + src.read(0)

    _, total = tf.while_loop(lambda i, acc: i < 3, body, [0, tf.constant(0.0)])
    sess = tf.Session()
    return sess.run(total)


def case_write_same_index_twice_variants(tf):
    sess = tf.Session()
    ta = tf.TensorArray(tf.int32, size=3).write(1, 1).write(1, 2)
    grow = tf.TensorArray(tf.int32, size=0, dynamic_size=True).write(0, 5).write(0, 6)
    return {"fixed": message_has(lambda: sess.run(ta.stack()), "Could not write to TensorArray index 1",
                                 "already been written to"),
            "dynamic": catch(sess.run, grow.stack())}


def case_write_wrong_shape_and_dtype(tf):
    ta = tf.TensorArray(tf.float32, size=3, element_shape=[None, 2])
    wrote = ta.write(0, tf.zeros([3, 2]))
    inferred = tf.TensorArray(tf.int32, size=2).write(0, [1, 2])
    return {"elem": [ta.element_shape.as_list(), wrote.element_shape.as_list()],
            "bad_inner": catch(lambda: ta.write(1, tf.zeros([3, 3]))),
            "inferred_mismatch": catch(lambda: inferred.write(1, [1, 2, 3])),
            "dtype": catch(lambda: inferred.write(1, [1.0, 2.0])),
            "no_infer_ok": tf.TensorArray(tf.int32, size=2, infer_shape=False).write(0, [1]).write(1, [1, 2])
            .element_shape.as_list() is None}


def case_write_wrong_shape_runtime(tf):
    p = tf.placeholder(tf.float32)
    ta = tf.TensorArray(tf.float32, size=2).write(0, [1.0, 2.0]).write(1, p)
    sess = tf.Session()
    return {"stack": message_has(lambda: sess.run(ta.stack(), {p: [1.0]}), "TensorArray has inconsistent shapes"),
            "ok": sess.run(ta.stack(), {p: [3.0, 4.0]})}


def case_in_while_loop_variants(tf):
    ta = tf.TensorArray(tf.int64, size=4)

    def body(i, acc):
        return i + 1, acc.write(i, tf.cast(i, tf.int64) * 3)

    _, out = tf.while_loop(lambda i, acc: i < 4, body, [0, ta], parallel_iterations=1, back_prop=False,
                           name="fill")
    nested_ta = tf.TensorArray(tf.float32, size=2)

    def outer(i, acc):
        inner_ta = tf.TensorArray(tf.float32, size=3)
        _, inner = tf.while_loop(lambda j, a: j < 3, lambda j, a: (j + 1, a.write(j, tf.cast(i * 10 + j, tf.float32))),
                                 [0, inner_ta])
        return i + 1, acc.write(i, inner.stack())

    _, nested = tf.while_loop(lambda i, acc: i < 2, outer, [0, nested_ta])
    sess = tf.Session()
    return {"stack": sess.run(out.stack()), "nested": sess.run(nested.stack()),
            "names": [out.flow.name, out.stack().name]}


def case_while_loop_reads_and_writes_variants(tf):
    x = tf.placeholder(tf.float64, [None])
    steps = tf.size(x)
    inp = tf.TensorArray(tf.float64, size=steps).unstack(x)
    out = tf.TensorArray(tf.float64, size=steps)

    def body(t, prod, acc):
        prod = prod * inp.read(t)
        return t + 1, prod, acc.write(t, prod)

    _, total, out = tf.while_loop(lambda t, *_: t < steps, body, [0, tf.constant(1.0, tf.float64), out])
    stacked = out.stack()
    sess = tf.Session()
    return {"vals": sess.run([total, stacked], {x: [1.0, 2.0, 3.0]}),
            "empty": catch(sess.run, [total, stacked], {x: np.zeros([0])}),
            "static": stacked.shape.as_list()}


def case_gradients_through_tensor_array_variants(tf):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], tf.float64)
    w = tf.constant([0.5, -1.0], tf.float64)
    inp = tf.TensorArray(tf.float64, size=3).unstack(x)
    out = tf.TensorArray(tf.float64, size=3)

    def body(i, acc):
        return i + 1, acc.write(i, tf.reduce_sum(inp.read(i) * w))

    _, out = tf.while_loop(lambda i, acc: i < 3, body, [0, out])
    y = tf.reduce_sum(tf.square(out.stack()))
    gx, gw = tf.gradients(y, [x, w])
    sess = tf.Session()
    return {"y": sess.run(y), "gx": sess.run(gx), "gw": sess.run(gw)}


def case_gradients_through_write_read_and_concat(tf):
    a = tf.constant([1.0, 2.0])
    b = tf.constant([3.0])
    ta = tf.TensorArray(tf.float32, size=2, infer_shape=False).write(0, a * 2.0).write(1, b * b)
    y = tf.reduce_sum(ta.concat() * tf.constant([1.0, 2.0, 3.0]))
    ta2 = tf.TensorArray(tf.float32, size=2).write(0, a).write(1, a * a)
    z = tf.reduce_sum(ta2.read(1) * 3.0)
    sess = tf.Session()
    return {"y": sess.run(y), "g": sess.run(tf.gradients(y, [a, b])), "z": sess.run(z),
            "gz": sess.run(tf.gradients(z, a)[0])}


def case_gradients_through_split_scatter_gather(tf):
    x = tf.constant([1.0, 2.0, 3.0, 4.0])
    sp = tf.TensorArray(tf.float32, size=2).split(x, [1, 3])
    y = tf.reduce_sum(sp.read(1) * 2.0) + tf.reduce_sum(sp.read(0) * 5.0)
    sc = tf.TensorArray(tf.float32, size=4).scatter([3, 1, 0, 2], x)
    z = tf.reduce_sum(sc.gather([3, 2]) * tf.constant([10.0, 100.0]))
    sess = tf.Session()
    return {"y": sess.run(y), "gy": sess.run(tf.gradients(y, x)[0]), "z": sess.run(z),
            "gz": sess.run(tf.gradients(z, x)[0])}
