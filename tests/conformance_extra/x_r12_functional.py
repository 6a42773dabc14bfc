"""Second-pass variations of the public rnn_functional cases: map_fn / scan / foldl / foldr with
fn_output_signature, back_prop=False under tf.gradients, infer_shape=False, string and bool
elements, names of their ops, inside tf.data map and export-import, and scalar-elems errors."""
import numpy as np

from _harness import catch, message_has


def case_map_fn_fn_output_signature_and_strings(tf):
    words = tf.constant(["a", "bb", "ccc"])
    sess = tf.Session()
    lens = tf.map_fn(lambda w: tf.strings.length(w), words, fn_output_signature=tf.int32)
    upper = tf.map_fn(lambda w: tf.strings.join([w, w]), words)
    flags = tf.map_fn(lambda v: v > 1, tf.constant([0, 2, 5]), dtype=tf.bool)
    spec = tf.map_fn(lambda v: tf.cast(v, tf.float64) * 0.5, tf.constant([1, 2]),
                     fn_output_signature=tf.TensorSpec([], tf.float64))
    return {"lens": sess.run(lens), "upper": sess.run(upper), "flags": sess.run(flags),
            "spec": sess.run(spec), "dtypes": [lens.dtype.name, upper.dtype.name, spec.dtype.name]}


def case_map_fn_back_prop_false_gradient(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    y = tf.map_fn(lambda v: v * v, x, back_prop=False)
    z = tf.map_fn(lambda v: v * v, x)
    sess = tf.Session()
    g_none = tf.gradients(tf.reduce_sum(y), x)
    return {"y": sess.run(y), "g_none": [g is None for g in g_none],
            "g": sess.run(tf.gradients(tf.reduce_sum(z) + tf.reduce_sum(y), x)[0])}


def case_map_fn_infer_shape_false_and_names(tf):
    p = tf.placeholder(tf.float32, [None, 2])
    free = tf.map_fn(lambda r: r * 2.0, p, infer_shape=False, name="free")
    fixed_shape = tf.map_fn(lambda r: r * 2.0, p, name="fixed")
    sess = tf.Session()
    feed = {p: [[1.0, 2.0], [3.0, 4.0]]}
    return {"free_static": free.shape.as_list() if free.shape.dims is not None else None,
            "fixed_static": fixed_shape.shape.as_list(), "free": sess.run(free, feed),
            "prefixes": [free.op.name.split("/")[0], fixed_shape.op.name.split("/")[0]],
            "varying": catch(lambda: sess.run(tf.map_fn(lambda v: tf.range(v), tf.constant([1, 2]),
                                                        infer_shape=False)))}


def case_map_fn_scalar_elems_errors(tf):
    return {
        "scalar": message_has(lambda: tf.map_fn(lambda v: v, tf.constant(3.0)),
                              "elems must be a 1+ dimensional Tensor"),
        "scalar_class": catch(tf.map_fn, lambda v: v, tf.constant(3.0)),
        "dtype_mismatch": catch(lambda: tf.Session().run(tf.map_fn(lambda v: v * 2, tf.constant([1, 2]), dtype=tf.float32))),
        "structure_mismatch": catch(lambda: tf.map_fn(lambda v: (v, v), tf.constant([1, 2]))),
    }


def case_map_fn_inside_dataset_map(tf):
    ds = tf.data.Dataset.from_tensor_slices(np.arange(6, dtype=np.float32).reshape(3, 2))
    ds = ds.map(lambda row: tf.map_fn(lambda v: v * v + 1.0, row))
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    return [sess.run(nxt) for _ in range(3)]


def case_map_fn_export_import(tf):
    x = tf.placeholder(tf.float32, [None], name="x")
    tf.identity(tf.map_fn(lambda v: v * 3.0 + 1.0, x), name="y")
    tf.identity(tf.scan(lambda a, v: a + v, x), name="s")
    meta = tf.train.export_meta_graph()
    with tf.Graph().as_default():
        tf.train.import_meta_graph(meta)
        sess = tf.Session()
        return sess.run(["y:0", "s:0"], {"x:0": [1.0, 2.0, 4.0]})


def case_scan_names_options_and_static(tf):
    x = tf.placeholder(tf.float32, [None, 2])
    ys = tf.scan(lambda acc, v: acc * 0.5 + v, x, parallel_iterations=1, swap_memory=True, name="running")
    rev = tf.scan(lambda acc, v: acc + v, x, initializer=tf.ones([2]), reverse=True, infer_shape=False)
    sess = tf.Session()
    feed = {x: [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]}
    return {"ys": sess.run(ys, feed), "rev": sess.run(rev, feed), "prefix": ys.op.name.split("/")[0],
            "static": ys.shape.as_list(), "empty": sess.run(rev, {x: np.zeros([0, 2], np.float32)})}


def case_scan_back_prop_false_and_int64(tf):
    x = tf.constant([1, 2, 3, 4], tf.int64)
    prod = tf.scan(lambda a, v: a * v, x, back_prop=False)
    f = tf.constant([1.0, 2.0, 3.0])
    ys = tf.scan(lambda a, v: a * v, f, back_prop=False)
    sess = tf.Session()
    return {"prod": sess.run(prod), "dtype": prod.dtype.name,
            "grad_none": tf.gradients(tf.reduce_sum(ys), f)[0] is None}


def case_scan_inside_while_and_gradient(tf):
    w = tf.Variable(0.5)
    x = tf.constant([1.0, 2.0, 3.0])

    def body(i, total):
        return i + 1, total + tf.reduce_sum(tf.scan(lambda a, v: a * w + v, x))

    _, total = tf.while_loop(lambda i, t: i < 2, body, [0, tf.constant(0.0)])
    g = tf.gradients(total, w)[0]
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return sess.run({"total": total, "g": g})


def case_foldl_foldr_names_dtypes_and_gradient(tf):
    x = tf.constant([1.0, 2.0, 3.0], tf.float64)
    left = tf.foldl(lambda a, v: a * v + 1.0, x, initializer=tf.constant(0.5, tf.float64), name="fl")
    right = tf.foldr(lambda a, v: a * v + 1.0, x, initializer=tf.constant(0.5, tf.float64), name="fr")
    gl, gr = tf.gradients(left, x)[0], tf.gradients(right, x)[0]
    sess = tf.Session()
    return {"vals": sess.run([left, right]), "grads": sess.run([gl, gr]), "dtype": left.dtype.name,
            "prefixes": [left.op.name.split("/")[0], right.op.name.split("/")[0]],
            "back_prop_false": tf.gradients(tf.foldl(lambda a, v: a + v, x, back_prop=False), x)[0] is None}


def case_fold_errors_and_empty(tf):
    empty = tf.placeholder(tf.float32, [None])
    sess = tf.Session()
    with_init = tf.foldl(lambda a, v: a + v, empty, initializer=5.0)
    no_init = tf.foldr(lambda a, v: a + v, empty)
    return {
        "with_init_empty": sess.run(with_init, {empty: np.zeros([0], np.float32)}),
        "no_init_empty": catch(sess.run, no_init, {empty: np.zeros([0], np.float32)}),
        "after": sess.run(no_init, {empty: [1.0, 2.0]}),
        "scalar": catch(tf.foldl, lambda a, v: a + v, tf.constant(1.0)),
        "scalar_foldr": catch(tf.foldr, lambda a, v: a + v, tf.constant(1.0), initializer=0.0),
    }
