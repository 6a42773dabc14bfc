"""Variations of the public rnn_functional cases: map_fn, scan, foldl, foldr with other dtypes,
nested structures, infer_shape, back_prop=False, parallel_iterations, swap_memory, names, feeds,
gradients and their error texts.  Recorded from TF 2.21 compat.v1 alone."""
import numpy as np

from _harness import catch, message_has


# --- map_fn basic -------------------------------------------------------------------------------
def case_map_fn_dtypes(tf):
    sess = tf.Session()
    return sess.run({
        "float64": tf.map_fn(lambda v: v * 2.0, tf.constant([1.5, -2.0], tf.float64)),
        "int64": tf.map_fn(lambda v: v + 1, tf.constant([3, 4], tf.int64)),
        "bool": tf.map_fn(tf.logical_not, tf.constant([True, False])),
        "string": tf.map_fn(lambda s: s + "!", tf.constant(["a", "bc"])),
        "to_string": tf.map_fn(lambda v: tf.as_string(v), tf.constant([1, 22]), dtype=tf.string),
        "float16": tf.map_fn(lambda v: v * v, tf.constant([0.5, 3.0], tf.float16)),
    })


def case_map_fn_scalar_and_names(tf):
    x = tf.constant([[1, 2], [3, 4]])
    out = tf.map_fn(lambda r: r[0] * r[1], x, name="prod")
    other = tf.map_fn(lambda r: r, x)
    sess = tf.Session()
    return {"out": sess.run(out), "name": out.name, "other": other.name, "static": out.shape.as_list(),
            "dtype": out.dtype.name}


def case_map_fn_rows_to_matrix_unknown_length(tf):
    p = tf.placeholder(tf.int32, [None])
    out = tf.map_fn(lambda v: tf.fill([3], v), p)
    sess = tf.Session()
    return {"static": out.shape.as_list(), "two": sess.run(out, {p: [1, 2]}),
            "empty": sess.run(out, {p: np.zeros([0], np.int32)})}


def case_map_fn_options(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    sess = tf.Session()
    a = tf.map_fn(lambda v: v + 1.0, x, parallel_iterations=1, back_prop=False)
    b = tf.map_fn(lambda v: v * 3.0, x, swap_memory=True, infer_shape=False)
    ga = tf.gradients(tf.reduce_sum(a), x)
    gb = tf.gradients(tf.reduce_sum(b), x)
    return {"a": sess.run(a), "b": sess.run(b), "ga_none": ga[0] is None, "gb": sess.run(gb[0]),
            "b_static": b.shape.as_list()}


# --- map_fn structured --------------------------------------------------------------------------
def case_map_fn_structured_float64_and_nested(tf):
    a = tf.constant([1.0, 2.0], tf.float64)
    b = tf.constant([[1, 2], [3, 4]])
    sess = tf.Session()
    mixed = tf.map_fn(lambda ab: (ab[0] * 2.0, tf.reduce_sum(ab[1])), (a, b), dtype=(tf.float64, tf.int32))
    nested = tf.map_fn(lambda d: {"x": d["p"][0], "y": (d["q"], d["p"][1])}, {"p": (a, a + 1.0), "q": b},
                       dtype={"x": tf.float64, "y": (tf.int32, tf.float64)})
    return {"mixed": sess.run(mixed), "nested": sess.run(nested), "mixed_type": type(mixed).__name__,
            "nested_keys": sorted(nested)}


def case_map_fn_structured_errors(tf):
    a = tf.constant([1, 2, 3])
    return {
        "dtype_structure_mismatch": catch(tf.map_fn, lambda v: (v, v), a, dtype=tf.int32),
        "wrong_dtype": catch(tf.map_fn, lambda v: tf.cast(v, tf.float32), a),
        "scalar_elems": catch(tf.map_fn, lambda v: v, tf.constant(3)),
        "not_callable": message_has(lambda: tf.map_fn(3, a), "fn must be callable"),
    }


def case_map_fn_structured_mismatch_runtime(tf):
    p = tf.placeholder(tf.int32, [None])
    q = tf.placeholder(tf.int32, [None])
    out = tf.map_fn(lambda ab: ab[0] * ab[1], (p, q), dtype=tf.int32)
    sess = tf.Session()
    return {"bad": catch(sess.run, out, {p: [1, 2], q: [1, 2, 3]}),
            "ok": sess.run(out, {p: [1, 2], q: [3, 4]})}


# --- map_fn gradient ----------------------------------------------------------------------------
def case_map_fn_gradient_float64_and_captured(tf):
    x = tf.constant([[1.0, 2.0], [3.0, -1.0]], tf.float64)
    w = tf.constant([0.5, -2.0], tf.float64)
    y = tf.reduce_sum(tf.map_fn(lambda r: tf.reduce_sum(r * w) ** 2, x))
    gx, gw = tf.gradients(y, [x, w])
    sess = tf.Session()
    return {"y": sess.run(y), "gx": sess.run(gx), "gw": sess.run(gw)}


def case_map_fn_gradient_variable_and_train(tf):
    v = tf.Variable([1.0, 2.0], name="v")
    x = tf.constant([1.0, -1.0, 2.0])
    y = tf.reduce_sum(tf.map_fn(lambda e: tf.reduce_sum(v * e) ** 2, x))
    step = tf.train.GradientDescentOptimizer(0.01).minimize(y)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    g = sess.run(tf.gradients(y, v)[0])
    sess.run(step)
    return {"g": g, "v_after": sess.run(v)}


# --- scan -----------------------------------------------------------------------------------------
def case_scan_dtypes_and_matrix(tf):
    sess = tf.Session()
    return sess.run({
        "float64": tf.scan(lambda a, v: a * 0.5 + v, tf.constant([1.0, 2.0, 4.0], tf.float64)),
        "int64_init": tf.scan(lambda a, v: a + v, tf.constant([1, 2, 3], tf.int64),
                              initializer=tf.constant(10, tf.int64)),
        "matrix_rows": tf.scan(lambda a, v: a + v, tf.constant([[1, 2], [3, 4], [5, 6]])),
        "bool_any": tf.scan(tf.logical_or, tf.constant([False, True, False])),
        "reverse_init": tf.scan(lambda a, v: a * 2 + v, tf.constant([1, 2, 3]), initializer=0, reverse=True),
    })


def case_scan_names_and_static(tf):
    x = tf.placeholder(tf.float32, [None, 2])
    ys = tf.scan(lambda a, v: a + v, x, name="running")
    sess = tf.Session()
    return {"name": ys.name, "static": ys.shape.as_list(),
            "vals": sess.run(ys, {x: [[1.0, 2.0], [3.0, 4.0]]}),
            "empty": catch(sess.run, ys, {x: np.zeros([0, 2], np.float32)})}


def case_scan_options(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    a = tf.scan(lambda acc, v: acc + v, x, parallel_iterations=1, back_prop=False, swap_memory=True)
    b = tf.scan(lambda acc, v: acc * v, x, infer_shape=False, initializer=tf.constant(1.0))
    sess = tf.Session()
    return {"a": sess.run(a), "b": sess.run(b), "a_grad_none": tf.gradients(tf.reduce_sum(a), x)[0] is None,
            "b_grad": sess.run(tf.gradients(tf.reduce_sum(b), x)[0])}


def case_scan_structured_dict_and_different_outputs(tf):
    steps = tf.constant([1.0, 2.0, 3.0])
    out = tf.scan(lambda acc, v: {"s": acc["s"] + v, "p": acc["p"] * v}, steps,
                  initializer={"s": tf.constant(0.0), "p": tf.constant(1.0)})
    pair = tf.scan(lambda acc, v: (acc[0] + 1, acc[1] + tf.cast(v, tf.float64)), steps,
                   initializer=(tf.constant(0), tf.constant(0.0, tf.float64)))
    sess = tf.Session()
    return {"dict": sess.run(out), "pair": sess.run(pair), "dtypes": [t.dtype.name for t in pair]}


def case_scan_structured_elems(tf):
    a = tf.constant([1, 2, 3])
    b = tf.constant([[1.0], [2.0], [3.0]])
    out = tf.scan(lambda acc, ab: acc + tf.cast(ab[0], tf.float32) * ab[1], (a, b), initializer=tf.constant([0.5]))
    sess = tf.Session()
    return {"out": sess.run(out), "static": out.shape.as_list()}


def case_scan_gradient_float64_reverse(tf):
    x = tf.constant([1.0, 2.0, 3.0], tf.float64)
    w = tf.constant(0.5, tf.float64)
    ys = tf.scan(lambda acc, v: acc * w + v * v, x, initializer=tf.constant(1.0, tf.float64), reverse=True)
    loss = tf.reduce_sum(ys * ys)
    gx, gw = tf.gradients(loss, [x, w])
    sess = tf.Session()
    return sess.run({"ys": ys, "gx": gx, "gw": gw})


def case_scan_gradient_structured(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    w = tf.constant(2.0)
    a, b = tf.scan(lambda acc, v: (acc[0] + v * w, acc[1] * v), x, initializer=(tf.constant(0.0), tf.constant(1.0)))
    loss = tf.reduce_sum(a) + tf.reduce_sum(b)
    gx, gw = tf.gradients(loss, [x, w])
    sess = tf.Session()
    return sess.run({"a": a, "b": b, "gx": gx, "gw": gw})


# --- folds ----------------------------------------------------------------------------------------
def case_foldl_foldr_dtypes_and_names(tf):
    x64 = tf.constant([1.0, 2.0, 4.0], tf.float64)
    s = tf.constant(["a", "b", "c"])
    l = tf.foldl(lambda acc, v: acc / v, x64, name="divl")
    r = tf.foldr(lambda acc, v: acc / v, x64, name="divr")
    sess = tf.Session()
    return {"foldl": sess.run(l), "foldr": sess.run(r), "names": [l.name, r.name],
            "strings_l": sess.run(tf.foldl(lambda acc, v: acc + v, s)),
            "strings_r": sess.run(tf.foldr(lambda acc, v: acc + v, s, initializer=tf.constant(">"))),
            "dtype": l.dtype.name}


def case_foldl_matrix_and_options(tf):
    x = tf.constant([[1, 2], [3, 4], [5, 6]])
    sess = tf.Session()
    return sess.run({
        "rows": tf.foldl(lambda acc, v: acc * 2 + v, x),
        "options": tf.foldl(lambda acc, v: acc + v, x, initializer=tf.constant([100, 0]), parallel_iterations=1,
                            back_prop=False, swap_memory=True),
        "foldr_vector_init": tf.foldr(lambda acc, v: acc - v, x, initializer=tf.zeros([2], tf.int32)),
    })


def case_fold_structured_elems_and_dict(tf):
    a = tf.constant([1.0, 2.0, 3.0])
    b = tf.constant([2.0, 0.5, 1.0])
    dot = tf.foldl(lambda acc, ab: acc + ab[0] * ab[1], (a, b), initializer=tf.constant(0.0))
    d = tf.foldr(lambda acc, v: {"n": acc["n"] + 1, "last": v}, a,
                 initializer={"n": tf.constant(0), "last": tf.constant(0.0)})
    sess = tf.Session()
    return {"dot": sess.run(dot), "dict": sess.run(d)}


def case_fold_gradients_and_errors(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    l = tf.foldl(lambda acc, v: acc * v, x, initializer=tf.constant(2.0))
    r = tf.foldr(lambda acc, v: acc * acc + v, x)
    sess = tf.Session()
    return {"gl": sess.run(tf.gradients(l, x)[0]), "gr": sess.run(tf.gradients(r, x)[0]),
            "empty_no_init": catch(lambda: sess.run(tf.foldl(lambda a, v: a + v, tf.placeholder_with_default(
                np.zeros([0], np.float32), [None])))),
            "not_callable": message_has(lambda: tf.foldr(None, x), "fn must be callable"),
            "after": sess.run(l)}


def case_fold_structured_init_mismatch(tf):
    x = tf.constant([1.0, 2.0])
    return {
        "foldl": catch(tf.foldl, lambda acc, v: acc + v, x, initializer=(tf.constant(0.0), tf.constant(0.0))),
        "foldr_dtype": catch(tf.foldr, lambda acc, v: acc + v, x, initializer=tf.constant(0)),
        "scan_dtype": catch(tf.scan, lambda acc, v: acc + v, x, initializer=tf.constant(0, tf.int32)),
        "scan_out_structure": catch(tf.scan, lambda acc, v: (acc, acc), x, initializer=tf.constant(0.0)),
    }


def case_map_fn_in_while_loop_and_cond(tf):
    x = tf.constant([1.0, 2.0])

    def body(i, acc):
        return i + 1, tf.map_fn(lambda v: v * 2.0, acc)

    _, out = tf.while_loop(lambda i, acc: i < 3, body, [0, x])
    pred = tf.placeholder(tf.bool, [])
    c = tf.cond(pred, lambda: tf.scan(lambda a, v: a + v, x), lambda: tf.map_fn(lambda v: -v, x))
    sess = tf.Session()
    return {"loop": sess.run(out), "true": sess.run(c, {pred: True}), "false": sess.run(c, {pred: False})}
