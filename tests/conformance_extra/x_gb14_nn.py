"""Round-14 variations of layers_nn_ops: the nn ops that layers stand on, composed with feeds, gradients,
while loops and each other; their argument checks (class and message) and the session after them.

Needs only tensorflow for the reference."""
import numpy as np

from _harness import catch, message_has
from _casekit import wave


# --- conv2d_transpose -------------------------------------------------------------------------

def case_x_gb14_conv2d_transpose_fed_output_shape(tf):
    x = tf.constant(wave([2, 2, 2, 2], 1.0))
    w = tf.constant(wave([2, 2, 3, 2], phase=0.4))
    shape = tf.placeholder(tf.int32, [4])
    y = tf.nn.conv2d_transpose(x, w, shape, [1, 2, 2, 1], "SAME")
    g = tf.gradients(tf.reduce_sum(y * y), [x, w])
    sess = tf.Session()
    return {"static": y.shape.as_list(), "y": sess.run(y, {shape: [2, 4, 4, 3]}),
            "y_odd": sess.run(y, {shape: [2, 3, 3, 3]}).shape,
            "grads": sess.run(g, {shape: [2, 4, 4, 3]}),
            "after": sess.run(y, {shape: [2, 4, 4, 3]}).sum().round(4)}


def case_x_gb14_conv2d_transpose_channel_errors(tf):
    x = tf.zeros([1, 2, 2, 2])
    return {
        "in_channels": message_has(lambda: tf.nn.conv2d_transpose(x, tf.zeros([2, 2, 3, 5]), [1, 4, 4, 3],
                                                                  [1, 2, 2, 1]), "2", "5"),
        "out_channels": catch(tf.nn.conv2d_transpose, x, tf.zeros([2, 2, 3, 2]), [1, 4, 4, 4], [1, 2, 2, 1]),
        "shape_len": catch(tf.nn.conv2d_transpose, x, tf.zeros([2, 2, 3, 2]), [4, 4, 3], [1, 2, 2, 1]),
        "bad_padding": catch(tf.nn.conv2d_transpose, x, tf.zeros([2, 2, 3, 2]), [1, 4, 4, 3], 2, "FULL"),
    }


# --- depthwise / separable --------------------------------------------------------------------

def case_x_gb14_depthwise_rate_with_strides_and_names(tf):
    x = tf.constant(wave([1, 5, 5, 2], 1.0))
    w = tf.constant(wave([2, 2, 2, 1], phase=0.3))
    with tf.name_scope("blk"):
        y = tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "SAME", rate=[2, 1], name="dw")
    sess = tf.Session()
    return {"y": sess.run(y), "name": y.op.name, "type": y.op.type,
            "rate_and_stride": catch(tf.nn.depthwise_conv2d, x, w, [1, 2, 2, 1], "SAME", rate=[2, 2]),
            "grad_w": sess.run(tf.gradients(tf.reduce_sum(tf.sin(y)), w)[0])}


def case_x_gb14_separable_pointwise_errors_and_rate(tf):
    x = tf.constant(wave([1, 6, 6, 2], 1.0))
    dw = tf.constant(wave([3, 3, 2, 2], phase=0.7))
    pw = tf.constant(wave([1, 1, 4, 3], phase=1.4))
    y = tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], "VALID", rate=[2, 2])
    sess = tf.Session()
    return {"y": sess.run(y), "static": y.shape.as_list(),
            "pw_in_mismatch": catch(tf.nn.separable_conv2d, x, dw, tf.zeros([1, 1, 3, 3]), [1, 1, 1, 1], "VALID"),
            "pw_not_1x1": catch(tf.nn.separable_conv2d, x, dw, tf.zeros([2, 1, 4, 3]), [1, 1, 1, 1], "VALID"),
            "grads": sess.run(tf.gradients(tf.reduce_sum(y), [dw, pw]))}


# --- fused_batch_norm -------------------------------------------------------------------------

def case_x_gb14_fused_batch_norm_training_grads_and_unknown(tf):
    x = tf.placeholder(tf.float32, [None, 2, 2, 3])
    scale = tf.constant([1.0, 2.0, 0.5])
    offset = tf.constant([0.0, 0.1, -0.1])
    y, mean, var = tf.nn.fused_batch_norm(x, scale, offset, epsilon=0.01, is_training=True)
    gx, gs, go = tf.gradients(tf.reduce_sum(y * tf.constant(wave([1, 2, 2, 3], phase=0.2))), [x, scale, offset])
    sess = tf.Session()
    feed = {x: wave([2, 2, 2, 3], 2.0)}
    return {"static": [t.shape.as_list() for t in (y, mean, var)], "var": sess.run(var, feed),
            "gx": sess.run(gx, feed), "gs": sess.run(gs, feed), "go": sess.run(go, feed),
            "bad_scale": catch(tf.nn.fused_batch_norm, x, tf.ones([2]), offset, is_training=True)}


# --- in_top_k / top_k ---------------------------------------------------------------------------

def case_x_gb14_in_top_k_non_finite_and_big_k(tf):
    preds = tf.constant([[0.1, np.nan, 0.3], [np.inf, 0.2, 0.1], [0.5, 0.5, 0.5]], tf.float32)
    sess = tf.Session()
    return sess.run({
        "nan_row": tf.nn.in_top_k(preds, [2, 0, 1], 1),
        "k_big": tf.nn.in_top_k(preds, [2, 1, 1], 5),
        "all_ties_k1": tf.nn.in_top_k(tf.constant([[0.5, 0.5, 0.5]]), [2], 1),
        "v2": tf.math.in_top_k([1, 0], [[0.2, 0.9], [0.3, 0.1]], 1),
    })


def case_x_gb14_in_top_k_errors(tf):
    preds = tf.constant([[0.1, 0.8, 0.1], [0.3, 0.3, 0.4]])
    sess = tf.Session()
    t = tf.placeholder(tf.int32, [None])
    return {
        "targets_len": catch(tf.nn.in_top_k, preds, [1, 0, 0], 1),
        "rank1_preds": catch(tf.nn.in_top_k, tf.constant([0.1, 0.2]), [1], 1),
        "float_targets": catch(tf.nn.in_top_k, preds, [1.0, 0.0], 1),
        "fed_len": catch(sess.run, tf.nn.in_top_k(preds, t, 1), {t: [1, 0, 0]}),
        "after": sess.run(tf.nn.in_top_k(preds, t, 2), {t: [1, 0]}),
    }


def case_x_gb14_top_k_unsorted_and_fed_k(tf):
    x = tf.constant([[3.0, 1.0, 4.0, 1.0, 5.0], [9.0, 2.0, 6.0, 5.0, 3.0]])
    k = tf.placeholder(tf.int32, [])
    v, i = tf.nn.top_k(x, k)
    vi, ii = tf.nn.top_k(tf.constant([[1, 3, 2]], tf.int64), 2)
    sess = tf.Session()
    return {"static": [v.shape.as_list(), i.shape.as_list()], "k2": sess.run([v, i], {k: 2}),
            "k0": sess.run(v, {k: 0}).shape, "too_big": catch(sess.run, v, {k: 6}),
            "negative": catch(sess.run, v, {k: -1}), "int64": sess.run([vi, ii]),
            "static_too_big": catch(tf.nn.top_k, x, 6), "scalar": catch(tf.nn.top_k, tf.constant(1.0), 1),
            "dtypes": [vi.dtype.name, ii.dtype.name]}


# --- embedding_lookup -------------------------------------------------------------------------

def case_x_gb14_embedding_lookup_div_max_norm_and_grad(tf):
    p0 = tf.Variable([[3.0, 4.0], [0.0, 0.5], [1.0, 1.0]])
    p1 = tf.Variable([[6.0, 8.0], [0.1, 0.0]])
    ids = tf.constant([[4, 0], [1, 3]])
    y = tf.nn.embedding_lookup([p0, p1], ids, partition_strategy="div", max_norm=2.0, name="emb")
    g = tf.gradients(tf.reduce_sum(y), [p0, p1])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"y": sess.run(y), "static": y.shape.as_list(), "grad_types": [type(t).__name__ for t in g],
            "grads": [sess.run(tf.convert_to_tensor(t)) for t in g],
            "scalar_id": sess.run(tf.nn.embedding_lookup(p0, 2)), "empty_ids": sess.run(
                tf.nn.embedding_lookup(p0, tf.zeros([0, 2], tf.int32))).shape}


# --- moments / normalization / losses ---------------------------------------------------------

def case_x_gb14_moments_keep_dims_and_normalize(tf):
    x = tf.constant(wave([2, 3, 4], 2.0))
    w = tf.constant(wave([2, 3, 1], 1.0, phase=0.5) ** 2 + 0.1)
    m, v = tf.nn.moments(x, [0, 1], keep_dims=True)
    wm, wv = tf.nn.weighted_moments(x, [0, 2], w, keep_dims=True)
    cnt, ms, vs, sh = tf.nn.sufficient_statistics(x, [1], shift=tf.constant(0.5), keep_dims=True)
    nm, nv = tf.nn.normalize_moments(cnt, ms, vs, sh)
    nm0, nv0 = tf.nn.normalize_moments(cnt, ms, vs, None)
    sess = tf.Session()
    out = sess.run({"m": m, "v": v, "wm": wm, "wv": wv, "cnt": cnt, "nm": nm, "nv": nv, "nm0": nm0, "nv0": nv0})
    out["shapes"] = [t.shape.as_list() for t in (m, wm, cnt, ms, nm)]
    out["grad"] = sess.run(tf.gradients(tf.reduce_sum(v) + tf.reduce_sum(wv), x)[0])
    return out


def case_x_gb14_l2_normalize_axes_and_losses(tf):
    x = tf.constant(wave([2, 3, 2], 2.0))
    lab = tf.constant(np.abs(wave([2, 3], 3.0, phase=1.0)).round())
    logits = tf.constant(wave([2, 3], 1.5, phase=0.3))
    sess = tf.Session()
    out = sess.run({
        "l2_axes": tf.nn.l2_normalize(x, axis=[1, 2]),
        "l2_eps": tf.nn.l2_normalize(tf.constant([1e-8, 0.0]), epsilon=1e-4),
        "poisson": tf.nn.log_poisson_loss(lab, logits),
        "poisson_full": tf.nn.log_poisson_loss(lab, logits, compute_full_loss=True),
        "weighted": tf.nn.weighted_cross_entropy_with_logits(labels=lab / 3.0, logits=logits, pos_weight=2.5),
    })
    out["l2_grad"] = sess.run(tf.gradients(tf.reduce_sum(tf.nn.l2_normalize(x, [0, 2]) * x), x)[0])
    out["poisson_grad"] = sess.run(tf.gradients(tf.nn.log_poisson_loss(lab, logits, True), logits)[0])
    out["poisson_shape"] = catch(tf.nn.log_poisson_loss, tf.zeros([2, 2]), logits)
    return out


def case_x_gb14_sigmoid_xent_shape_errors(tf):
    logits = tf.zeros([2, 3])
    p = tf.placeholder(tf.float32, [None, 3])
    sess = tf.Session()
    y = tf.nn.sigmoid_cross_entropy_with_logits(labels=p, logits=tf.placeholder_with_default(logits, [None, 3]))
    return {
        "mismatch": message_has(lambda: tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.zeros([3, 2]),
                                                                               logits=logits),
                                "logits and labels must have the same shape", "(2, 3) vs (3, 2)"),
        "missing": catch(tf.nn.sigmoid_cross_entropy_with_logits, logits=logits),
        "int_labels": catch(tf.nn.sigmoid_cross_entropy_with_logits, labels=tf.zeros([2, 3], tf.int32),
                            logits=logits),
        "fed_mismatch": catch(sess.run, y, {p: np.zeros([1, 3], np.float32)}),
        "fed_ok": sess.run(y, {p: np.ones([2, 3], np.float32)}),
    }


# --- dropout ----------------------------------------------------------------------------------

def case_x_gb14_nn_dropout_argument_forms(tf):
    x = tf.ones([4, 5])
    sess = tf.Session()
    return {
        "both": catch(tf.nn.dropout, x, keep_prob=0.5, rate=0.5),
        "keep_zero": catch(tf.nn.dropout, x, keep_prob=0.0),
        "rate_one": catch(tf.nn.dropout, x, rate=1.0),
        "rate_neg": catch(tf.nn.dropout, x, rate=-0.1),
        "int_x": message_has(lambda: tf.nn.dropout(tf.ones([2], tf.int32), rate=0.5), "floating point tensor"),
        "rate_vec": catch(tf.nn.dropout, x, rate=tf.constant([0.5, 0.5])),
        "keep_one_identity": bool(np.array_equal(sess.run(tf.nn.dropout(x, keep_prob=1.0)), np.ones([4, 5]))),
        "rate_zero_identity": bool(np.array_equal(sess.run(tf.nn.dropout(x, rate=0.0)), np.ones([4, 5]))),
        "noise_shape_rows": [sorted(set(r.tolist())) for r in
                             sess.run(tf.nn.dropout(x, rate=0.5, noise_shape=[4, 1], seed=3))],
        "bad_noise": catch(tf.nn.dropout, x, rate=0.5, noise_shape=[3, 1]),
        "grad": sorted(set(sess.run(tf.gradients(tf.nn.dropout(x, rate=0.75, seed=1), x)[0]).ravel().tolist())),
    }


# --- generic pool / convolution ---------------------------------------------------------------

def case_x_gb14_nn_pool_and_convolution_generic(tf):
    x = tf.constant(wave([1, 6, 6, 2], 1.0))
    x1 = tf.constant(wave([2, 7, 2], 1.0))
    sess = tf.Session()
    out = sess.run({
        "avg_dilated": tf.nn.pool(x, [2, 2], "AVG", "VALID", dilation_rate=[2, 2]),
        "max_dilated_nd": tf.nn.pool(x1, [2], "MAX", "VALID", dilation_rate=[3]),
        "max_strided": tf.nn.pool(x, [3, 3], "MAX", "VALID", strides=[2, 2]),
        "pool_1d": tf.nn.pool(x1, [3], "MAX", "SAME", strides=[2]),
        "conv_1d_dilated": tf.nn.convolution(x1, tf.constant(wave([2, 2, 3])), "VALID", dilation_rate=[3]),
        "conv_strided": tf.nn.convolution(x, tf.constant(wave([2, 2, 2, 1])), "SAME", strides=[2, 3]),
    })
    out["bad_type"] = catch(tf.nn.pool, x, [2, 2], "MIN", "SAME")
    out["dil_and_stride"] = catch(tf.nn.pool, x, [2, 2], "MAX", "SAME", dilation_rate=[2, 2], strides=[2, 2])
    out["conv_dil_and_stride"] = catch(tf.nn.convolution, x, tf.zeros([2, 2, 2, 1]), "SAME",
                                       strides=[2, 2], dilation_rate=[2, 2])
    out["window_len"] = catch(tf.nn.pool, x, [2], "MAX", "SAME")
    out["same_dilated"] = catch(tf.nn.pool, x, [2, 2], "AVG", "SAME", dilation_rate=[2, 2])
    out["grad"] = sess.run(tf.gradients(tf.reduce_sum(tf.nn.pool(x, [2, 2], "AVG", "VALID", dilation_rate=[2, 2])),
                                        x)[0])[0, :, :, 0]
    return out


# --- samplers and sampled losses ----------------------------------------------------------------

def case_x_gb14_nce_accidental_hits_and_sampled_num_true(tf):
    weights = tf.constant(wave([6, 3], 1.0))
    biases = tf.constant([0.1, -0.1, 0.2, 0.0, 0.3, -0.2])
    inputs = tf.constant(wave([2, 3], 1.0, phase=1.0))
    labels = tf.constant([[1, 2], [4, 0]], tf.int64)
    sampled = (tf.constant([0, 2, 5], tf.int64), tf.constant([[0.5, 0.4], [0.25, 0.3]]),
               tf.constant([0.3, 0.25, 0.2]))
    nce = tf.nn.nce_loss(weights, biases, labels, inputs, num_sampled=3, num_classes=6, num_true=2,
                         sampled_values=sampled, remove_accidental_hits=True)
    ssm = tf.nn.sampled_softmax_loss(weights, biases, labels, inputs, num_sampled=3, num_classes=6, num_true=2,
                                     sampled_values=sampled)
    sess = tf.Session()
    return {"nce": sess.run(nce), "ssm": sess.run(ssm), "grad": sess.run(tf.gradients(tf.reduce_sum(ssm), inputs)[0]),
            "bad_num_true": catch(tf.nn.sampled_softmax_loss, weights, biases, labels, inputs, 3, 6, num_true=1,
                                  sampled_values=sampled)}


# --- conv1d / convolution names -------------------------------------------------------------------

def _types_under(tf, prefix):
    return [(op.name, op.type) for op in tf.get_default_graph().get_operations()
            if op.name.startswith(prefix) and op.type != "Const"]


def case_x_gb14_conv1d_op_names_and_grads(tf):
    x = tf.constant(wave([2, 7, 2], 1.0))
    w = tf.constant(wave([3, 2, 2], phase=0.6))
    a = tf.nn.conv1d(x, w, 1, "VALID")
    b = tf.nn.conv1d(x, w, 2, "SAME", name="strided")
    c = tf.nn.conv1d(x, w, 1, "SAME", dilations=2, name="dilated")
    ncw = tf.nn.conv1d(tf.zeros([2, 2, 7]), w, 1, "VALID", data_format="NCW", name="ncw")
    sess = tf.Session()
    return {"names": [t.op.name for t in (a, b, c, ncw)], "ops": _types_under(tf, "conv1d") + _types_under(tf, "strided"),
            "values": sess.run([a, b, c]), "static": [t.shape.as_list() for t in (a, b, c, ncw)],
            "grads": sess.run(tf.gradients(tf.reduce_sum(b * b) + tf.reduce_sum(c), [x, w]))}


def case_x_gb14_convolution_dilated_partly_known_input(tf):
    x = tf.placeholder(tf.float32, [2, None, 6, 2])
    w = tf.constant(wave([2, 3, 2, 1], phase=0.2))
    same = tf.nn.convolution(x, w, "SAME", dilations=[2, 2], name="same")
    valid = tf.nn.convolution(x, w, "VALID", dilations=[1, 2], name="valid")
    pooled = tf.nn.pool(x, [2, 2], "MAX", "VALID", dilation_rate=[2, 1], name="pool")
    feed = {x: wave([2, 5, 6, 2], 1.0)}
    sess = tf.Session()
    return {"static": [t.shape.as_list() for t in (same, valid, pooled)],
            "types": sorted({op.type for op in tf.get_default_graph().get_operations()
                             if op.name.startswith(("same", "valid"))}),
            "values": sess.run([same, valid, pooled], feed),
            "grad": sess.run(tf.gradients(tf.reduce_sum(same) + tf.reduce_sum(valid * valid), x)[0], feed)[0, :, :, 0]}


def case_x_gb14_depthwise_separable_dilated_static_shapes(tf):
    out = {}
    for key, shape in (("known", [1, 6, 6, 2]), ("partly", [None, None, 6, 2])):
        x = tf.placeholder(tf.float32, shape)
        w = tf.constant(wave([2, 2, 2, 2], phase=0.4))
        a = tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "SAME", rate=[2, 2])
        b = tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "VALID", dilations=[2, 1])
        c = tf.nn.separable_conv2d(x, w, tf.constant(wave([1, 1, 4, 3])), [1, 1, 1, 1], "SAME", rate=[2, 2])
        out[key] = [[t.shape.as_list(), t.op.name] for t in (a, b, c)]
        sess = tf.Session()
        out[key + "_values"] = sess.run([a, b, c], {x: wave([1, 6, 6, 2], 1.0)})
    return out


def case_x_gb14_raw_conv_dilation_stride_checks(tf):
    x = tf.constant(wave([1, 6, 6, 1], 1.0))
    w = tf.constant(wave([2, 2, 1, 1]))
    sess = tf.Session()
    return {
        "conv2d_both": catch(lambda: sess.run(tf.nn.conv2d(x, w, 2, "VALID", dilations=2))),
        "conv1d_both": catch(lambda: sess.run(tf.nn.conv1d(x[:, 0], w[0], 2, "VALID", dilations=2))),
        "conv1d_bad_format": catch(tf.nn.conv1d, x[:, 0], w[0], 1, "VALID", data_format="NHWC3"),
        "batch_dilation": catch(lambda: sess.run(tf.nn.conv2d(x, w, 1, "VALID", dilations=[2, 1, 1, 1]))),
        "after": sess.run(tf.nn.conv2d(x, w, 1, "VALID", dilations=[1, 2, 2, 1])).sum().round(4),
    }


def case_x_gb14_moments_and_normalization_dtypes(tf):
    h = tf.constant(np.linspace(-2, 3, 12).reshape(3, 4).astype(np.float16))
    p = tf.placeholder(tf.float32, [None, 2])
    count, _, _, _ = tf.nn.sufficient_statistics(p, [0])
    m, v = tf.nn.moments(h, [0])
    sess = tf.Session()
    return {
        "moments16": [m.dtype.name, sess.run([m, v])],
        "moments_int": [t.dtype.name for t in tf.nn.moments(tf.constant([[1, 2], [3, 4]]), [0])],
        "l2_int": catch(tf.nn.l2_normalize, tf.constant([3, 4])),
        "l2_16": sess.run(tf.nn.l2_normalize(h, 1)),
        "weighted16": sess.run(tf.nn.weighted_moments(h, [1], tf.ones([3, 1], tf.float16))),
        "normalize_shift": sess.run(tf.nn.normalize_moments(tf.constant(4.0), tf.constant([2.0]), tf.constant([5.0]),
                                                            tf.constant([1.0]))),
        "count_unknown": [count.shape.as_list(), count.op.type, sess.run(count, {p: np.ones([3, 2], np.float32)})],
        "poisson_int": catch(tf.nn.log_poisson_loss, tf.constant([1, 2]), tf.constant([1.0, 2.0])),
        "batch_norm16": sess.run(tf.nn.batch_normalization(h, tf.constant(0.5, tf.float16),
                                                           tf.constant(2.0, tf.float16), None, None, 1e-3)),
        "negative_axis": sess.run(tf.nn.moments(tf.constant([[1.0, 2.0], [3.0, 5.0]]), [-1], keep_dims=True)),
    }
