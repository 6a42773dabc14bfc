"""A sweep of tf.TensorArray (v1, in graph mode) and the functional ops over it against TF 2.21:
dynamic_size, clear_after_read, element_shape/infer_shape, gather/scatter/split/concat/unstack/stack
with their errors, gradients, identity, close, size, unwritten reads, colocate_with_first_write_call,
and scan/foldl/foldr/map_fn with nested structures.

Recorded from TF 2.21."""
import numpy as np

from _harness import catch, message_has


def _run(tf, fetch, feed=None):
    return tf.Session().run(fetch, feed)


def _err(tf, fetch, *fragments):
    sess = tf.Session()
    return message_has(lambda: sess.run(fetch), *fragments)


def case_x_rsweep_ta_unwritten_reads(tf):
    ta = tf.TensorArray(tf.float32, size=3, element_shape=[2])
    ta = ta.write(1, [1.0, 2.0])
    unknown = tf.TensorArray(tf.float32, size=3).write(1, [[1.0, 2.0]])
    return {"stack": _run(tf, ta.stack()), "read0": _run(tf, ta.read(0)), "gather": _run(tf, ta.gather([2, 1])),
            "unknown_stack": _run(tf, unknown.stack()),
            "unknown_read": _err(tf, unknown.read(0), "Could not read from TensorArray index 0", "not yet written")}


def case_x_rsweep_ta_static_shapes(tf):
    ta = tf.TensorArray(tf.float32, size=2)
    w = ta.write(0, tf.zeros([3, 4]))
    no_infer = tf.TensorArray(tf.float32, size=2, infer_shape=False).write(0, tf.zeros([3, 4]))
    es = tf.TensorArray(tf.int32, size=0, dynamic_size=True, element_shape=tf.TensorShape([None, 2]))
    return {"before": str(ta.element_shape), "after": str(w.element_shape), "read": str(w.read(1).shape),
            "stack": str(w.stack().shape), "no_infer": str(no_infer.read(0).shape),
            "no_infer_stack": str(no_infer.stack().shape), "es": str(es.element_shape),
            "es_stack": str(es.stack().shape), "concat": str(es.concat().shape),
            "gather": str(w.gather([0, 1]).shape), "size": str(w.size().shape), "dtype": w.dtype.name,
            "bad_write": message_has(lambda: w.write(1, tf.zeros([3, 5])), "Incompatible shape", "(3, 4)",
                                     "(3, 5)")}


def case_x_rsweep_ta_dynamic_size(tf):
    ta = tf.TensorArray(tf.float32, size=1, dynamic_size=True)
    ta = ta.write(0, 1.0).write(4, 5.0).scatter([6, 2], [7.0, 3.0])
    fixed = tf.TensorArray(tf.float32, size=2).write(0, 1.0)
    return {"stack": _run(tf, ta.stack()), "size": _run(tf, ta.size()),
            "oob_write": _err(tf, fixed.write(2, 3.0).stack(), "Tried to write to index 2 but array is not "
                              "resizeable and size is: 2"),
            "oob_read": _err(tf, fixed.read(5), "Tried to read from index 5 but array size is: 2"),
            "neg": _err(tf, fixed.write(-1, 3.0).stack(), "Tried to write to index -1")}


def case_x_rsweep_ta_clear_after_read(tf):
    ta = tf.TensorArray(tf.float32, size=2).unstack([1.0, 2.0])
    r1 = ta.read(0)
    with tf.control_dependencies([r1]):
        r2 = ta.read(0)
    keep = tf.TensorArray(tf.float32, size=2, clear_after_read=False).unstack([1.0, 2.0])
    k1 = keep.read(0)
    with tf.control_dependencies([k1]):
        k2 = keep.read(0)
    cleared_stack = tf.TensorArray(tf.float32, size=2).unstack([1.0, 2.0])
    s1 = cleared_stack.stack()
    with tf.control_dependencies([s1]):
        s2 = cleared_stack.read(1)
    return {"twice": _err(tf, r2, "Could not read index 0 twice because it was cleared after a previous read",
                          "clear_after_read = false"),
            "keep": _run(tf, [k1, k2]), "after_stack": catch(lambda: _run(tf, s2))}


def case_x_rsweep_ta_write_twice_and_dtype(tf):
    ta = tf.TensorArray(tf.float32, size=2)
    twice = ta.write(0, 1.0).write(0, 2.0)
    return {"twice": _err(tf, twice.stack(), "Could not write to TensorArray index 0 because it has already been "
                          "written to"),
            "dtype": message_has(lambda: ta.write(0, tf.constant(1, tf.int32)), "TensorArray dtype is float32",
                                 "int32"),
            "dtype_py": _run(tf, ta.write(0, 3).write(1, 2.5).stack()),
            # TF wraps the array in a ShouldUseWrapper (its type name); the class it answers is TensorArray's
            "unstack_dtype": catch(lambda: ta.unstack(tf.constant([1, 2])).__class__.__name__)}


def case_x_rsweep_ta_split_concat(tf):
    ta = tf.TensorArray(tf.float32, size=3, infer_shape=False)
    sp = ta.split(tf.reshape(tf.range(12, dtype=tf.float32), [6, 2]), [1, 3, 2])
    lengths = tf.placeholder(tf.int64, [None])
    bad = tf.TensorArray(tf.float32, size=2).split([1.0, 2.0, 3.0], lengths)
    return {"concat": _run(tf, sp.concat()), "read": _run(tf, sp.read(1)), "size": _run(tf, sp.size()),
            "concat_shape": str(sp.concat().shape),
            "sum": message_has(lambda: tf.Session().run(bad.concat(), {lengths: [1, 1]}),
                               "Expected sum of lengths to be equal to values.shape[0], but sum of lengths is 2 "
                               "and value's shape is: [3]"),
            "count": message_has(lambda: tf.Session().run(bad.concat(), {lengths: [1, 1, 1]}),
                                 "but array is not resizeable and size is: 2"),
            "scalar_concat": _err(tf, tf.TensorArray(tf.float32, size=2).unstack([1.0, 2.0]).concat(),
                                  "Concat saw a scalar shape at index 0 but requires at least vectors")}


def case_x_rsweep_ta_concat_mismatch(tf):
    ta = tf.TensorArray(tf.float32, size=2, infer_shape=False).write(0, [[1.0, 2.0]]).write(1, [[1.0, 2.0, 3.0]])
    return {"concat": _err(tf, ta.concat(), "Concat saw mismatched shapes", "index 1"),
            "stack": _err(tf, ta.stack(), "Incompatible shapes", "TensorArray")}


def case_x_rsweep_ta_scatter_gather_errors(tf):
    ta = tf.TensorArray(tf.float32, size=3)
    sc = ta.scatter([2, 0], [[1.0, 2.0], [3.0, 4.0]])
    idx = tf.placeholder(tf.int32, [None])
    return {"gather": _run(tf, sc.gather([0, 2])), "gather_shape": str(sc.gather(idx).shape),
            "dup": _err(tf, ta.scatter([1, 1], [1.0, 2.0]).stack(), "Could not write to TensorArray index 1"),
            "oob": _err(tf, ta.scatter([5], [1.0]).stack(), "Tried to write to index 5"),
            "count": catch(ta.scatter, [0, 1], [1.0, 2.0, 3.0]),
            "gather_oob": message_has(lambda: tf.Session().run(sc.gather(idx), {idx: [0, 7]}),
                                      "Tried to read from index 7 but array size is: 3"),
            "gather_unwritten": message_has(lambda: tf.Session().run(sc.gather(idx), {idx: [1]}),
                                            "Could not read from TensorArray index 1")}


def case_x_rsweep_ta_unstack_errors(tf):
    fixed = tf.TensorArray(tf.float32, size=2)
    v = tf.placeholder(tf.float32, [None])
    return {"too_many": message_has(lambda: tf.Session().run(fixed.unstack(v).stack(), {v: [1.0, 2.0, 3.0]}),
                                    "but array is not resizeable and size is: 2"),
            "scalar": catch(fixed.unstack, 1.0),
            "ok": tf.Session().run(fixed.unstack(v).stack(), {v: [1.0, 2.0]})}


def case_x_rsweep_ta_identity_close_handle(tf):
    ta = tf.TensorArray(tf.float32, size=2, name="arr")
    w = ta.write(0, 1.0).write(1, 2.0)
    ident = w.identity()
    closed = w.close()
    return {"ident_type": type(ident).__name__, "ident": _run(tf, ident.stack()),
            "close_type": closed.type, "close_name": closed.name,
            "handle": [ta.handle.op.type, ta.handle.name, ta.flow.name, w.flow.op.type],
            "write_op": w.flow.op.type, "stack_op": w.stack().op.type,
            "ops": sorted({op.type for op in tf.get_default_graph().get_operations()})}


def case_x_rsweep_ta_grad_values(tf):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    ta = tf.TensorArray(tf.float32, size=3).unstack(x)
    y = ta.gather([2, 0]) * tf.constant([[1.0, 10.0], [100.0, 1000.0]])
    r = ta.read(1)
    sp = tf.TensorArray(tf.float32, size=2, infer_shape=False).split(tf.range(5.0), [2, 3])
    c = sp.concat() * tf.range(5.0)
    g = tf.gradients([tf.reduce_sum(y), tf.reduce_sum(r * 3.0)], [x])
    gs = tf.gradients(c, [sp.flow])
    x2 = tf.constant([1.0, 2.0, 3.0])
    sc = tf.TensorArray(tf.float32, size=4).scatter([3, 1, 0], x2)
    gsc = tf.gradients(tf.reduce_sum(sc.stack(), axis=0) * 0 + sc.read(3) * 7.0, [x2])
    return {"g": _run(tf, g), "gs_none": gs[0] is None, "gsc": _run(tf, gsc)}


def case_x_rsweep_ta_grad_in_while(tf):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    w = tf.constant([0.5, -1.0])
    in_ta = tf.TensorArray(tf.float32, size=3).unstack(x)
    out_ta = tf.TensorArray(tf.float32, size=3)

    def body(i, acc, ta):
        v = in_ta.read(i) * w + acc
        return i + 1, v, ta.write(i, tf.tanh(v))
    _, acc, out_ta = tf.while_loop(lambda i, *_: i < 3, body, [0, tf.zeros([2]), out_ta])
    loss = tf.reduce_sum(out_ta.stack() * tf.constant([[1.0], [2.0], [3.0]])) + tf.reduce_sum(acc)
    g = tf.gradients(loss, [x, w])
    return {"loss": _run(tf, loss), "g": _run(tf, g)}


def case_x_rsweep_ta_colocate_and_dynamic_in_loop(tf):
    ta = tf.TensorArray(tf.int32, size=0, dynamic_size=True, colocate_with_first_write_call=False,
                        element_shape=[])

    def body(i, ta):
        return i + 1, ta.write(i, i * i)
    _, ta = tf.while_loop(lambda i, _: i < 5, body, [0, ta])
    grown = ta.stack()
    return {"stack": _run(tf, grown), "size": _run(tf, ta.size()), "shape": str(grown.shape),
            "first_write": _run(tf, tf.TensorArray(tf.float32, size=2, colocate_with_first_write_call=True)
                                .write(1, [1.0]).write(0, [2.0]).concat())}


def case_x_rsweep_ta_size_zero_and_empty_stack(tf):
    empty = tf.TensorArray(tf.float32, size=0, element_shape=[2, 3])
    unknown = tf.TensorArray(tf.float32, size=0)
    return {"stack": _run(tf, empty.stack()), "concat": _run(tf, empty.concat()),
            "size": _run(tf, empty.size()), "gather": _run(tf, empty.gather(tf.zeros([0], tf.int32))),
            "unknown": _err(tf, unknown.stack(), "TensorArray has size zero",
                            "but element shape <unknown> is not fully defined")}


def case_x_rsweep_scan_nested_and_reverse(tf):
    elems = (tf.constant([1.0, 2.0, 3.0, 4.0]), {"b": tf.constant([[1, 2], [3, 4], [5, 6], [7, 8]])})

    def fn(acc, x):
        a, b = x
        return {"s": acc["s"] + a, "p": acc["p"] * tf.cast(b["b"], tf.float32)}
    init = {"s": tf.constant(0.0), "p": tf.ones([2])}
    fw = tf.scan(fn, elems, initializer=init)
    bw = tf.scan(fn, elems, initializer=init, reverse=True, parallel_iterations=1, back_prop=False)
    no_init = tf.scan(lambda a, x: a * x, tf.constant([[1, 2], [3, 4], [5, 6]]), reverse=True)
    return {"fw": _run(tf, fw), "bw": _run(tf, bw), "no_init": _run(tf, no_init),
            "shapes": [str(fw["p"].shape), str(no_init.shape)], "infer": str(tf.scan(
                lambda a, x: a + x, tf.placeholder(tf.float32, [None, 3])).shape)}


def case_x_rsweep_scan_errors(tf):
    return {"struct": catch(tf.scan, lambda a, x: (a, a), tf.constant([1.0, 2.0]), initializer=tf.constant(0.0)),
            "dtype": catch(tf.scan, lambda a, x: tf.cast(x, tf.int32), tf.constant([1.0, 2.0]),
                           initializer=tf.constant(0.0)),
            "not_callable": catch(tf.scan, 3, tf.constant([1.0])),
            "scalar": catch(tf.scan, lambda a, x: a + x, tf.constant(1.0))}


def case_x_rsweep_folds_nested(tf):
    elems = (tf.constant([1.0, 2.0, 3.0]), tf.constant([10, 20, 30]))
    l = tf.foldl(lambda a, x: (a[0] * 2.0 + x[0], a[1] - x[1]), elems,
                 initializer=(tf.constant(0.0), tf.constant(0)))
    r = tf.foldr(lambda a, x: (a[0] * 2.0 + x[0], a[1] - x[1]), elems,
                 initializer=(tf.constant(0.0), tf.constant(0)))
    nl = tf.foldl(lambda a, x: a * 10 + x, tf.constant([1, 2, 3]))
    nr = tf.foldr(lambda a, x: a * 10 + x, tf.constant([1, 2, 3]))
    x = tf.constant([1.0, 2.0, 3.0])
    g = tf.gradients(tf.foldr(lambda a, e: a * e + 1.0, x, initializer=tf.constant(2.0)), x)
    return {"l": _run(tf, l), "r": _run(tf, r), "nl": _run(tf, nl), "nr": _run(tf, nr), "g": _run(tf, g),
            "names": [nl.op.name.split("/")[0], nr.op.name.split("/")[0]]}


def case_x_rsweep_map_fn_nested_dtypes(tf):
    elems = {"a": tf.constant([[1.0, 2.0], [3.0, 4.0]]), "b": tf.constant([1, 2])}
    out = tf.map_fn(lambda d: (d["a"] * tf.cast(d["b"], tf.float32), tf.strings.as_string(d["b"])), elems,
                    dtype=(tf.float32, tf.string))
    single = tf.map_fn(lambda x: tf.reduce_sum(x), tf.constant([[1, 2], [3, 4]]))
    infer = tf.map_fn(lambda x: x * 2, tf.placeholder(tf.float32, [None, 3]), parallel_iterations=1)
    return {"out": _run(tf, out), "single": _run(tf, single), "shape": str(infer.shape),
            "names": [single.op.name],
            "wrong_dtype": catch(tf.map_fn, lambda x: (x, x), tf.constant([1.0, 2.0]), dtype=tf.float32)}


def case_x_rsweep_map_fn_gradient_nested(tf):
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    y = tf.constant([0.5, 2.0])
    out = tf.map_fn(lambda e: tf.reduce_sum(e[0] * e[0]) * e[1], (x, y), dtype=tf.float32)
    g = tf.gradients(tf.reduce_sum(out), [x, y])
    return {"out": _run(tf, out), "g": _run(tf, g)}


def case_x_rsweep_map_fn_zero_length(tf):
    x = tf.placeholder(tf.float32, [None, 2])
    out = tf.map_fn(lambda e: e * 2.0, x)
    return {"empty": tf.Session().run(out, {x: np.zeros([0, 2], np.float32)}),
            "mismatch": message_has(lambda: tf.Session().run(tf.map_fn(lambda e: e[0] + e[1], (
                tf.constant([1.0, 2.0]), x[:, 0]), dtype=tf.float32), {x: np.ones([3, 2], np.float32)}),
                "")}
