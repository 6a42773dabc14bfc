"""Round-13 variations around the fc fixes: shape elements the shape refiner sees through (top_k's k,
fill dims), TopKV2's k and index dtypes, half images on the float32-only Adjust* CPU kernels,
kernel broadcast messages, and sparse_reshape's build-time and run-time checks."""
import numpy as np

from _harness import catch, message_has


def case_fc13_shape_elements_seen_through(tf):
    p = tf.placeholder(tf.float32, [None, 3, 5])
    s = tf.shape(p)
    s64 = tf.shape(p, out_type=tf.int64)
    return {
        "k_dim1": tf.nn.top_k(p, s[1]).values.shape.as_list(),
        "k_last": tf.nn.top_k(p, s[-1]).indices.shape.as_list(),
        "k_unknown_dim": tf.nn.top_k(p, s[0]).values.shape.as_list(),
        "k_unstack": tf.nn.top_k(p, tf.unstack(s)[2]).values.shape.as_list(),
        "k_int64": tf.nn.top_k(p, s64[1]).values.shape.as_list(),
        "k_plus_zero": tf.nn.top_k(p, s[1] + 0).values.shape.as_list(),
        "k_sliced_twice": tf.nn.top_k(p, s[1:][1]).values.shape.as_list(),
        "fill": tf.fill([s[1], s[2]], 1.0).shape.as_list(),
        "zeros": tf.zeros([s[2], 2]).shape.as_list(),
        "sort_axis1": tf.sort(p, axis=1).shape.as_list(),
        "argsort_axis0": tf.argsort(p, axis=0).shape.as_list(),
        "too_big": catch(tf.nn.top_k, tf.placeholder(tf.float32, [None, 5, 3]), s[2]),
    }


def case_fc13_top_k_k_and_index_dtypes(tf):
    x = tf.constant([[3.0, 1.0, 2.0, 5.0], [0.5, 4.0, 4.0, -1.0]])
    v64, i64 = tf.nn.top_k(x, tf.constant(2, tf.int64), index_type=tf.int64)
    v16, i16 = tf.nn.top_k(x, tf.constant(3, tf.int16), index_type=tf.int16)
    sess = tf.Session()
    return {"v64": sess.run(v64), "i64": sess.run(i64), "v16": sess.run(v16), "i16": sess.run(i16),
            "dtypes": [i64.dtype.name, i16.dtype.name, v64.dtype.name],
            "tk": [v64.op.get_attr("Tk").name, v16.op.get_attr("index_type").name],
            "float_k": catch(tf.nn.top_k, x, tf.constant(2.0)),
            "uint8_k": catch(tf.nn.top_k, x, tf.constant(2, tf.uint8))}


def _run_alone(tf, build):
    """Builds `build(tf)` in a graph of its own and runs it: (value or error class, dtype)."""
    with tf.Graph().as_default():
        out = build(tf)
        with tf.Session() as sess:
            return catch(sess.run, out), out.dtype.name


def case_fc13_adjust_ops_on_half_and_uint8(tf):
    half = np.array([[[0.1, 0.5, 0.9], [0.0, 0.25, 1.0]]], np.float16)
    u8 = np.array([[[10, 100, 250], [0, 128, 255]], [[30, 30, 30], [200, 50, 0]]], np.uint8)
    return {
        "sat_half": _run_alone(tf, lambda tf: tf.image.adjust_saturation(tf.constant(half), 0.5)),
        "contrast_half": _run_alone(tf, lambda tf: tf.image.adjust_contrast(tf.constant(half), 0.5)),
        "hue_half": _run_alone(tf, lambda tf: tf.image.adjust_hue(tf.constant(half), 0.1)),
        "brightness_half": _run_alone(tf, lambda tf: tf.image.adjust_brightness(tf.constant(half), 0.1)),
        "contrast_u8": _run_alone(tf, lambda tf: tf.image.adjust_contrast(tf.constant(u8), 1.5)),
        "contrast_f32": _run_alone(tf, lambda tf: tf.image.adjust_contrast(tf.constant(u8 / 255.0, tf.float32),
                                                                            0.25)),
        "hue_u8": _run_alone(tf, lambda tf: tf.image.adjust_hue(tf.constant(u8), -0.3)),
    }


def case_fc13_adjust_contrast_op_and_errors(tf):
    img = tf.constant(np.linspace(0, 1, 24, dtype=np.float32).reshape(2, 2, 2, 3))
    out = tf.image.adjust_contrast(img, 3.0)
    inner = out.op.inputs[0]
    return {"types": [out.op.type, inner.op.type, inner.op.name],
            "value": tf.Session().run(out),
            "gradient": catch(tf.gradients, out, img),
            "rank2": catch(tf.image.adjust_contrast, tf.ones([2, 3]), 2.0),
            "vector_factor": catch(tf.image.adjust_contrast, img, [2.0, 1.0]),
            "unknown": tf.image.adjust_contrast(tf.placeholder(tf.float32), 2.0).shape.ndims}


def case_fc13_kernel_broadcast_messages(tf):
    p = tf.placeholder(tf.float32, [None, None])
    q = tf.placeholder(tf.float32, [None])
    feed = {p: np.ones((3, 4), np.float32), q: np.ones((2,), np.float32)}
    sess = tf.Session()
    out = {name: message_has(lambda t=t: sess.run(t, feed), "Incompatible shapes: [3,4] vs. [2]")
           for name, t in (("add", p + q), ("mul", p * q), ("sub_chain", tf.exp(p - q) * 2.0),
                           ("squared_difference", tf.squared_difference(p, q)), ("greater", p > q),
                           ("floordiv", tf.floordiv(p, q)), ("atan2", tf.atan2(p, q)))}
    out["select_v2"] = message_has(lambda: sess.run(tf.where_v2(p > 0, p, q), feed),
                                   "condition [3,4], then [3,4], and else [2] must be broadcastable")
    out["usable"] = sess.run(p + q, {p: np.ones((2, 1), np.float32), q: np.ones((3,), np.float32)})
    return out


def case_fc13_sparse_reshape_checks(tf):
    st = tf.SparseTensor([[1, 0], [0, 2]], [3, 4], [2, 3])
    sp = tf.sparse_placeholder(tf.int64)
    sess = tf.Session()
    value = ([[0, 0], [1, 1]], [5, 6], [2, 2])
    out = {"two_unknown": message_has(lambda: tf.sparse_reshape(st, [-1, -1]), "At most one dimension",
                                      "Found: [-1 -1]"),
           "wrong_multiple": message_has(lambda: tf.sparse_reshape(st, [4, -1]), "shape [4, None] (4 elements)"),
           "wrong_size": catch(tf.sparse_reshape, st, [5, 2]),
           "zero_dim": tf.sparse_reshape(st, [0, -1]).shape.as_list(),
           "const_shape": tf.sparse_reshape(st, [3, -1]).dense_shape.op.type,
           "fed_shape": tf.sparse_reshape(sp, [-1, 2]).shape.as_list()}
    for name, shape, fragment in (("multiple", [3, -1], "input_shape=[2,2] output_shape=[3,1]"),
                                  ("has", [3, 3], "but the requested shape has 9"),
                                  ("empty", [0, -1], "for an empty tensor"),
                                  ("negative", [-3, 2], "must be non-negative, not -3"),
                                  ("both", [-1, -1], "not both 0 and 1")):
        out["run_" + name] = message_has(lambda shape=shape: sess.run(tf.sparse_reshape(sp, shape), {sp: value}),
                                         fragment)
    out["usable"] = sess.run(tf.sparse_reshape(sp, [1, -1]), {sp: value})
    return out


def case_fc13_grouped_conv2d(tf):
    x = tf.constant(np.sin(np.arange(2 * 5 * 5 * 6, dtype=np.float32)).reshape(2, 5, 5, 6))
    f = tf.constant(np.cos(np.arange(3 * 3 * 2 * 6, dtype=np.float32)).reshape(3, 3, 2, 6))
    y = tf.nn.conv2d(x, f, [1, 2, 1, 1], "SAME")
    gx, gf = tf.gradients(tf.reduce_sum(y * y), [x, f])
    nchw = tf.nn.conv2d(tf.transpose(x, [0, 3, 1, 2]), f, [1, 1, 1, 1], "VALID", data_format="NCHW")
    explicit = tf.nn.conv2d(x, f, [1, 1, 1, 1], [[0, 0], [1, 0], [0, 2], [0, 0]])
    p = tf.placeholder(tf.float32, [None, None, None, None])
    sess = tf.Session()
    return {"y": sess.run(y), "gx": sess.run(gx), "gf": sess.run(gf), "nchw": sess.run(nchw),
            "explicit": sess.run(explicit),
            "explicit_grad": catch(sess.run, tf.gradients(tf.reduce_sum(explicit), x)[0]),
            "static_groups": catch(tf.nn.conv2d, tf.ones([1, 3, 3, 4]), tf.ones([2, 2, 2, 1]), [1, 1, 1, 1], "VALID"),
            "run_groups": message_has(lambda: sess.run(tf.nn.conv2d(p, tf.ones([2, 2, 2, 1]), [1, 1, 1, 1], "VALID"),
                                                       {p: np.ones((1, 3, 3, 4), np.float32)}),
                                      "number of groups: 1 vs 2"),
            "conv3d_depth": message_has(lambda: sess.run(tf.nn.conv3d(tf.placeholder_with_default(
                np.ones((1, 2, 2, 2, 4), np.float32), [None] * 5), tf.ones([1, 1, 1, 2, 1]), [1] * 5, "VALID")),
                "same depth: 4 vs 2")}
