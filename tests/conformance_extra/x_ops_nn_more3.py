"""More tf.nn and neighbours: fractional pooling (TF's Philox pooling sequences), ctc_loss_v2 with dense
labels, atrous_conv2d_transpose, stateless/general dropout, volume patches, approximate top-k and
tf.sparse.bincount: values, shapes, gradients and errors."""
import numpy as np

from _harness import catch, message_has


def _run(tf, fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


def _image(shape, seed=1):
    return np.random.RandomState(seed).randn(*shape).astype(np.float32)


# ------------------------------------------------------------------ fractional pooling
def case_x_ops_nn_more3_fractional_max_pool_sequences(tf):
    x = tf.constant(_image((2, 11, 9, 3)))
    out = {}
    for pr in (False, True):
        for ov in (False, True):
            y, rows, cols = tf.nn.fractional_max_pool(x, [1, 1.5, 1.4, 1], pseudo_random=pr, overlapping=ov,
                                                      deterministic=True, seed=3, seed2=4)
            out[f"{pr}_{ov}"] = (y, rows, cols)
    values = _run(tf, out)
    return ({k: [v[1].tolist(), v[2].tolist(), np.round(v[0], 5)] for k, v in values.items()},
            out["False_False"][0].shape.as_list(), out["False_False"][0].op.type)


def case_x_ops_nn_more3_fractional_max_pool_runs_repeat(tf):
    x = tf.constant(_image((1, 10, 7, 1), 2))
    y = tf.nn.fractional_max_pool(x, [1, 1.44, 1.73, 1], deterministic=True, seed=5, seed2=7)
    z = tf.nn.fractional_max_pool(tf.constant(_image((1, 8, 7, 1), 3)), [1, 2.0, 1.73, 1], pseudo_random=True,
                                  deterministic=True, seed=5, seed2=7)
    with tf.Session() as sess:
        first = sess.run([y.row_pooling_sequence, y.col_pooling_sequence, z[1], z[2]])
        second = sess.run([y.row_pooling_sequence, y.col_pooling_sequence, z[1], z[2]])
    return [a.tolist() for a in first], [a.tolist() for a in second]


def case_x_ops_nn_more3_fractional_avg_pool_values_and_grad(tf):
    x = tf.constant(_image((2, 9, 8, 2), 4).astype(np.float64))
    out = {}
    for pr, ov in ((False, False), (True, True), (True, False)):
        y, rows, cols = tf.nn.fractional_avg_pool(x, [1, 1.3, 1.9, 1], pseudo_random=pr, overlapping=ov,
                                                  deterministic=True, seed=1, seed2=2)
        out[f"{pr}_{ov}"] = [y, rows, cols, tf.gradients(tf.reduce_sum(y * y), x)[0]]
    return {k: [np.round(v[0], 8), v[1], v[2], np.round(v[3], 8)] for k, v in _run(tf, out).items()}


def case_x_ops_nn_more3_fractional_max_pool_grad(tf):
    x = tf.constant(_image((1, 7, 6, 2), 5))
    grads = {}
    for ov in (False, True):
        y = tf.nn.fractional_max_pool(x, [1, 1.6, 1.5, 1], overlapping=ov, deterministic=True, seed=9, seed2=1)[0]
        grads[str(ov)] = tf.gradients(tf.reduce_sum(y * tf.constant(np.arange(1, 1 + 4 * 4 * 2, dtype=np.float32)
                                                                    .reshape(1, 4, 4, 2))), x)[0]
    types = sorted({op.type for op in tf.get_default_graph().get_operations() if "Fractional" in op.type})
    return _run(tf, grads), types


def case_x_ops_nn_more3_fractional_pool_int_and_errors(tf):
    xi = tf.constant(np.arange(2 * 7 * 7).reshape(2, 7, 7, 1))
    ones = tf.ones([1, 4, 4, 1])
    return {"int": _run(tf, list(tf.nn.fractional_avg_pool(xi, [1, 1.5, 1.5, 1], deterministic=True, seed=1,
                                                            seed2=1))),
            "ratio_small": catch(tf.nn.fractional_max_pool, ones, [1, 0.5, 2, 1]),
            "ratio_len": catch(tf.nn.fractional_max_pool, ones, [1, 2, 1]),
            "rank": catch(tf.nn.fractional_max_pool, tf.ones([4, 4, 1]), [1, 2, 2, 1]),
            "seed_not_deterministic": catch(_run, tf, tf.nn.fractional_max_pool(ones, [1, 2, 2, 1], seed=1)[0]),
            "ratio_above_size": catch(_run, tf, tf.nn.fractional_max_pool(ones, [1, 5, 2, 1])[0])}


def case_x_ops_nn_more3_fractional_pool_nondeterministic_shapes(tf):
    y = tf.nn.fractional_max_pool(tf.ones([2, 10, 6, 3]), [1, 1.7, 1.2, 1])
    p = tf.nn.fractional_avg_pool(tf.placeholder(tf.float32, [None, 9, None, 2]), [1, 2.5, 1.5, 1])
    rows, cols = _run(tf, [y[1], y[2]])
    return {"out": y[0].shape.as_list(), "placeholder": str(p[0].shape), "rows": [int(rows[0]), int(rows[-1]),
            len(rows)], "cols": [int(cols[0]), int(cols[-1]), len(cols)]}


# ------------------------------------------------------------------ ctc_loss_v2
def _ctc_inputs(tf):
    logits = tf.constant(_image((6, 3, 5), 3))
    return logits, tf.constant([[1, 2, 2, 0], [3, 1, 0, 0], [4, 4, 1, 2]]), tf.constant([3, 2, 4]), \
        tf.constant([6, 5, 6])


def case_x_ops_nn_more3_ctc_loss_v2_dense(tf):
    logits, labels, label_length, logit_length = _ctc_inputs(tf)
    losses = {"default_blank": tf.nn.ctc_loss_v2(labels, logits, label_length, logit_length),
              "batch_major": tf.nn.ctc_loss_v2(labels, tf.transpose(logits, [1, 0, 2]), label_length, logit_length,
                                               logits_time_major=False, blank_index=2),
              "last_blank": tf.nn.ctc_loss_v2(tf.constant([[1, 2, 2, 0], [3, 1, 0, 0], [3, 3, 1, 2]]), logits,
                                              label_length, logit_length, blank_index=-1)}
    grads = {k: tf.gradients(tf.reduce_sum(v * [1.0, 2.0, 3.0]), logits)[0] for k, v in losses.items()}
    values = _run(tf, [losses, grads])
    return ({k: np.round(v, 4) for k, v in values[0].items()}, {k: np.round(v, 4) for k, v in values[1].items()},
            losses["default_blank"].shape.as_list())


def case_x_ops_nn_more3_ctc_loss_v2_sparse(tf):
    logits, _, _, logit_length = _ctc_inputs(tf)
    sparse = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [2, 0]], [1, 3, 2, 4], [3, 2])
    loss = tf.nn.ctc_loss_v2(sparse, logits, None, logit_length, blank_index=0)
    grad = tf.gradients(tf.reduce_sum(loss), logits)[0]
    values = _run(tf, [loss, grad])
    return np.round(values[0], 4), np.round(values[1], 4), catch(tf.nn.ctc_loss_v2, sparse, logits, None,
                                                                   logit_length)


# ------------------------------------------------------------------ atrous_conv2d_transpose
def case_x_ops_nn_more3_atrous_conv2d_transpose(tf):
    x = tf.constant(_image((2, 5, 4, 3), 0).astype(np.float64))  # float64: sums in any order agree
    f = tf.constant(_image((3, 2, 2, 3), 1).astype(np.float64))
    out = {}
    for rate, pad, shape in ((2, "SAME", [2, 5, 4, 2]), (3, "VALID", [2, 11, 7, 2]), (1, "SAME", [2, 5, 4, 2]),
                             (2, "VALID", [2, 9, 6, 2])):
        y = tf.nn.atrous_conv2d_transpose(x, f, shape, rate, pad)
        out[f"{rate}_{pad}"] = [y] + tf.gradients(tf.reduce_sum(y * y), [x, f])
    values = _run(tf, out)
    return values, out["2_SAME"][0].op.type


def case_x_ops_nn_more3_atrous_conv2d_transpose_errors(tf):
    x, f = tf.ones([1, 4, 4, 3]), tf.ones([3, 3, 2, 3])
    return {"rate": catch(tf.nn.atrous_conv2d_transpose, x, f, [1, 4, 4, 2], 0, "SAME"),
            "padding": catch(tf.nn.atrous_conv2d_transpose, x, f, [1, 4, 4, 2], 2, "FULL"),
            "shape_len": catch(tf.nn.atrous_conv2d_transpose, x, f, [1, 4, 4, 2, 1], 2, "SAME"),
            "out_channels": catch(tf.nn.atrous_conv2d_transpose, x, f, [1, 4, 4, 3], 2, "SAME"),
            "in_channels": catch(tf.nn.atrous_conv2d_transpose, tf.ones([1, 4, 4, 2]), f, [1, 4, 4, 2], 2, "SAME")}


# ------------------------------------------------------------------ stateless and general dropout
def case_x_ops_nn_more3_stateless_dropout(tf):
    exp = tf.nn.experimental
    d1 = exp.stateless_dropout(tf.ones([3, 4]), 0.5, seed=[1, 2])
    d2 = exp.stateless_dropout(tf.ones([3, 4]), tf.constant(0.25), seed=[3, 4], noise_shape=[3, 1])
    d3 = exp.stateless_dropout(tf.ones([2, 5], tf.float64), 0.0, seed=[3, 4])
    d4 = exp.general_dropout(tf.ones([2, 5]), 0.3,
                             lambda shape, dtype: tf.random.stateless_uniform(shape, [5, 6], dtype=dtype))
    return _run(tf, [d1, d2, d3, d4]), [d1.op.name, d2.shape.as_list(), d3.op.type]


def case_x_ops_nn_more3_stateless_dropout_errors(tf):
    exp = tf.nn.experimental
    return {"rate_one": catch(exp.stateless_dropout, tf.ones([2]), 1.0, [1, 2]),
            "int_x": catch(exp.stateless_dropout, tf.ones([2], tf.int32), 0.5, [1, 2]),
            "rate_rank": catch(exp.stateless_dropout, tf.ones([2]), tf.constant([0.5]), [1, 2])}


# ------------------------------------------------------------------ volume patches
def case_x_ops_nn_more3_extract_volume_patches(tf):
    x = tf.constant(np.arange(2 * 3 * 4 * 5 * 2, dtype=np.float32).reshape(2, 3, 4, 5, 2))
    out = {}
    for ks, st, pad in (([1, 2, 2, 2, 1], [1, 1, 1, 1, 1], "VALID"), ([1, 2, 3, 2, 1], [1, 2, 1, 2, 1], "SAME"),
                        ([1, 3, 1, 4, 1], [1, 2, 3, 1, 1], "SAME")):
        y = tf.extract_volume_patches(x, ks, st, pad)
        out[f"{ks}{st}{pad}"] = [y, tf.gradients(tf.reduce_sum(y * y), x)[0], y.shape.as_list()]
    values = _run(tf, {k: v[:2] for k, v in out.items()})
    return {k: [values[k][0], values[k][1], out[k][2]] for k in out}


def case_x_ops_nn_more3_extract_volume_patches_errors(tf):
    x = tf.ones([1, 3, 3, 3, 1])
    return {"ksizes_len": message_has(lambda: tf.extract_volume_patches(x, [1, 2, 2, 1], [1] * 5, "SAME"),
                                      "ksizes", "minimum 5"),
            "rank": catch(tf.extract_volume_patches, x[0], [1, 2, 2, 2, 1], [1] * 5, "SAME"),
            "batch_ksize": catch(_run, tf, tf.extract_volume_patches(x, [2, 2, 2, 2, 1], [1] * 5, "SAME")),
            "image_alias": tf.extract_image_patches(tf.ones([1, 4, 4, 1]), [1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1],
                                                    "VALID").shape.as_list()}


# ------------------------------------------------------------------ approximate top-k
def case_x_ops_nn_more3_approx_max_k(tf):
    x = tf.constant(np.array([[3.0, 1, 4, 1, 5, 9, 2, 6], [2, 7, 1, 8, 2, 8, 1, 8]], np.float32))
    a = tf.math.approx_max_k(x, 3)
    b = tf.nn.approx_max_k(x, 2, recall_target=0.5, aggregate_to_topk=False)
    c = tf.approx_top_k(tf.cast(x, tf.float16), 4, reduction_input_size_override=4)
    g = tf.gradients(a.values * [[1.0, 2.0, 3.0]], x)[0]
    return _run(tf, [a, b, c, g]), [a.values.shape.as_list(), b.values.shape.as_list(), a.values.op.type]


def case_x_ops_nn_more3_approx_top_k_errors(tf):
    x = tf.ones([2, 8])
    return {"min_k_runs": catch(_run, tf, tf.math.approx_min_k(x, 2)),
            "other_axis": catch(_run, tf, tf.math.approx_max_k(x, 1, reduction_dimension=0)),
            "axis_range": catch(tf.math.approx_max_k, x, 1, reduction_dimension=2),
            "scalar": catch(tf.math.approx_max_k, tf.constant(1.0), 1),
            "int": catch(tf.math.approx_max_k, tf.constant([1, 2]), 1),
            "k_big": catch(tf.math.approx_max_k, x, 9),
            "k_negative": catch(tf.math.approx_max_k, x, -1)}


# ------------------------------------------------------------------ tf.sparse.bincount
def _sparse_parts(tf, st):
    value = _run(tf, st)
    return [value.indices.tolist(), value.values.tolist(), value.dense_shape.tolist()]


def case_x_ops_nn_more3_sparse_bincount_dense(tf):
    v = tf.constant([[1, 2, 2, 7], [0, 5, 1, 1]])
    w = tf.constant([[1.0, 2, 3, 4], [5, 6, 7, 8]])
    out = {"flat": tf.sparse.bincount(v), "rows": tf.sparse.bincount(v, axis=-1, minlength=9),
           "maxlength": tf.sparse.bincount(v, axis=-1, maxlength=3), "both": tf.sparse.bincount(v, axis=-1,
                                                                                                maxlength=3,
                                                                                                minlength=5),
           "maxlength_big": tf.sparse.bincount(v, axis=-1, maxlength=10),
           "weights": tf.sparse.bincount(v, axis=-1, weights=w), "weights_flat": tf.sparse.bincount(v, weights=w),
           "binary": tf.sparse.bincount(tf.cast(v, tf.int64), axis=-1, binary_output=True),
           "vector": tf.sparse.bincount(tf.constant([1, 3, 3])), "empty": tf.sparse.bincount(tf.constant([], tf.int32))}
    return ({k: _sparse_parts(tf, s) for k, s in out.items()},
            {k: [s.indices.shape.as_list(), s.values.dtype.name] for k, s in out.items()})


def case_x_ops_nn_more3_sparse_bincount_sparse(tf):
    idx = [[0, 0], [0, 3], [2, 1], [2, 2]]
    values = tf.SparseTensor(idx, [3, 1, 3, 0], [4, 5])
    weights = tf.SparseTensor(idx, [0.5, 1.0, 2.0, 4.0], [4, 5])
    out = {"rows": tf.sparse.bincount(values, axis=-1), "flat": tf.sparse.bincount(values),
           "weighted": tf.sparse.bincount(values, axis=-1, weights=weights),
           "binary": tf.sparse.bincount(values, axis=-1, binary_output=True, minlength=6),
           "vector": tf.sparse.bincount(tf.SparseTensor([[1], [4]], [2, 2], [6]), axis=-1)}
    return {k: _sparse_parts(tf, s) for k, s in out.items()}, out["rows"].values.op.type


def case_x_ops_nn_more3_sparse_bincount_errors(tf):
    v = tf.constant([1, 3, 3])
    return {"weights_shape": catch(tf.sparse.bincount, v, weights=[1.0, 2.0]),
            "axis": catch(tf.sparse.bincount, v, axis=1),
            "binary_and_weights": catch(tf.sparse.bincount, v, weights=[1.0, 2.0, 3.0], binary_output=True),
            "float_values": catch(tf.sparse.bincount, tf.constant([1.0, 3.0])),
            "negative": catch(_run, tf, tf.sparse.bincount(tf.constant([[1, -2]]), axis=-1).values),
            "rank3": catch(_run, tf, tf.sparse.bincount(tf.constant([[[1, 2]]]), axis=-1).values),
            "dense_weights_for_sparse": catch(tf.sparse.bincount, tf.SparseTensor([[0]], [1], [2]),
                                              weights=tf.constant([1.0]), axis=-1)}


# ------------------------------------------------------------------ the generic Conv op
def case_x_ops_nn_more3_conv_generic(tf):
    r = np.random.RandomState(0)

    def t(*shape):
        return tf.constant(r.randn(*shape))  # float64: any summation order agrees

    outs = {"2d": tf.conv(t(2, 5, 5, 3), t(2, 2, 3, 4), strides=[1, 1, 1, 1], padding="SAME"),
            "strided_dilated": tf.conv(t(2, 7, 6, 3), t(2, 3, 3, 4), strides=[1, 2, 1, 1], padding="VALID",
                                       dilations=[1, 1, 2, 1]),
            "3d": tf.conv(t(1, 4, 4, 4, 2), t(2, 2, 2, 2, 3), strides=[1, 1, 2, 1, 1], padding="VALID"),
            "batch_dims": tf.conv(t(2, 3, 5, 5, 3), t(2, 2, 3, 4), strides=[1, 1, 1, 1], padding="SAME",
                                  batch_dims=2),
            "explicit": tf.conv(t(1, 5, 5, 2), t(3, 3, 2, 2), strides=[1, 1, 1, 1], padding="EXPLICIT",
                                explicit_paddings=[0, 0, 1, 2, 2, 0, 0, 0]),
            "int": tf.conv(tf.ones([1, 3, 3, 1], tf.int32), tf.ones([2, 2, 1, 1], tf.int32), strides=[1, 1, 1, 1],
                           padding="VALID")}
    return _run(tf, outs), {k: v.shape.as_list() for k, v in outs.items()}, outs["2d"].op.type


def case_x_ops_nn_more3_conv_generic_errors(tf):
    x, f = tf.ones([2, 5, 5, 3]), tf.ones([2, 2, 3, 4])
    return {"rank": catch(tf.conv, tf.ones([2, 7, 3]), tf.ones([3, 3, 2]), strides=[1, 1, 1], padding="SAME"),
            "strides": catch(tf.conv, x, f, strides=[1, 1, 1], padding="SAME"),
            "depth": catch(tf.conv, x, tf.ones([2, 2, 2, 4]), strides=[1, 1, 1, 1], padding="SAME"),
            "batch_strides": catch(tf.conv, tf.ones([2, 3, 5, 5, 3]), f, strides=[1] * 5, padding="SAME",
                                   batch_dims=2),
            "explicit_3d": catch(tf.conv, tf.ones([1, 4, 4, 4, 2]), tf.ones([2, 2, 2, 2, 3]), strides=[1] * 5,
                                 padding="EXPLICIT", explicit_paddings=[0] * 10),
            "channels_first": catch(_run, tf, tf.conv(tf.ones([2, 3, 5, 5]), f, strides=[1, 1, 1, 1], padding="SAME",
                                                      data_format="CHANNELS_FIRST")),
            "groups": catch(_run, tf, tf.conv(tf.ones([1, 5, 5, 4]), tf.ones([2, 2, 2, 6]), strides=[1, 1, 1, 1],
                                              padding="SAME", groups=2)),
            "dilated_3d": catch(_run, tf, tf.conv(tf.ones([1, 5, 5, 5, 2]), tf.ones([2, 2, 2, 2, 3]),
                                                  strides=[1] * 5, padding="SAME", dilations=[1, 2, 1, 1, 1])),
            "no_gradient": catch(tf.gradients, tf.conv(x, f, strides=[1, 1, 1, 1], padding="SAME"), x)}


def case_x_ops_nn_more3_fractional_pool_in_training_graph(tf):
    x = tf.Variable(np.random.RandomState(8).randn(1, 9, 9, 2).astype(np.float32))
    y = tf.nn.fractional_avg_pool(x, [1, 1.7, 1.7, 1], pseudo_random=True, deterministic=True, seed=2, seed2=3)[0]
    loss = tf.reduce_sum(tf.square(y))
    step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = []
        for _ in range(3):
            losses.append(sess.run(loss))
            sess.run(step)
    return np.round(losses, 5)


def case_x_ops_nn_more3_sparse_bincount_edges(tf):
    v = tf.constant([[3, 3, 0], [1, 4, 4]], tf.int64)
    out = {"maxlength_zero": tf.sparse.bincount(v, axis=-1, maxlength=0, minlength=2),
           "maxlength_one": tf.sparse.bincount(v, maxlength=1),
           "int_weights": tf.sparse.bincount(v, axis=-1, weights=tf.constant([[1, 2, 3], [4, 5, 6]])),
           "f64_weights": tf.sparse.bincount(v, weights=tf.constant([[0.5, 0.25, 1.0], [2.0, 4.0, 8.0]],
                                                                     tf.float64)),
           "sparse_rank3": tf.sparse.bincount(tf.SparseTensor([[0, 0, 1], [1, 1, 0], [1, 0, 0]], [2, 5, 2],
                                                              [2, 2, 2]), axis=-1)}
    return {k: _sparse_parts(tf, s) for k, s in out.items()}


def case_x_ops_nn_more3_approx_top_k_in_loss(tf):
    w = tf.Variable(np.linspace(-1.0, 1.0, 12, dtype=np.float32).reshape(2, 6))
    top = tf.math.approx_max_k(w * w, 2)
    loss = tf.reduce_sum(top.values)
    step = tf.train.GradientDescentOptimizer(0.25).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        trace = []
        for _ in range(3):
            trace.append(sess.run([loss, top.indices]))
            sess.run(step)
    return trace
