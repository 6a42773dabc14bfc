"""A sweep of tf.nn corners taken from TF's nn_ops kernel tests (conv_ops, pooling_ops, depthwise conv,
conv2d_transpose, atrous_conv2d, fused_batch_norm, lrn, in_topk, xent, nn_test, embedding_ops):
values, shapes, errors and gradients (values and op types)."""
import numpy as np

from _harness import catch, message_has
from _casekit import wave


def _fixed(shape, scale=0.5, phase=0.0):
    return wave(shape, scale, phase, step=0.7)


def _grad_types(ys, xs, tf):
    g = tf.gradients(ys, xs)
    return g, [t.op.type for t in g]


def case_x_lsweep_convolution_dilation_any_rank(tf):
    x1 = tf.constant(_fixed([2, 9, 2], 1.0))
    f1 = tf.constant(_fixed([3, 2, 3]))
    a = tf.nn.convolution(x1, f1, "SAME", dilation_rate=[2])
    x2 = tf.constant(_fixed([1, 7, 8, 2], 1.0))
    f2 = tf.constant(_fixed([2, 3, 2, 2]))
    b = tf.nn.convolution(x2, f2, "VALID", dilation_rate=[2, 2])
    c = tf.nn.convolution(x2, f2, "SAME", strides=[2, 1])
    x3 = tf.constant(_fixed([1, 5, 6, 4, 1], 1.0))
    f3 = tf.constant(_fixed([2, 2, 2, 1, 2]))
    d = tf.nn.convolution(x3, f3, "SAME", dilation_rate=[2, 1, 2])
    g, types = _grad_types(tf.reduce_sum(b * b) + tf.reduce_sum(d), [x2, f2, x3, f3], tf)
    sess = tf.Session()
    return {"shapes": [t.shape.as_list() for t in (a, b, c, d)], "vals": sess.run([a, b, c, d]),
            "g": sess.run(g), "types": types, "ops": [t.op.type for t in (a, b, c, d)]}


def case_x_lsweep_convolution_errors(tf):
    x = tf.constant(_fixed([1, 6, 6, 2]))
    f = tf.constant(_fixed([2, 2, 2, 3]))
    return {"both": catch(lambda: tf.nn.convolution(x, f, "SAME", strides=[2, 2], dilation_rate=[2, 2])),
            "channels": catch(lambda: tf.nn.convolution(x, tf.constant(_fixed([2, 2, 3, 3])), "SAME")),
            "strides_len": catch(lambda: tf.nn.convolution(x, f, "SAME", strides=[2])),
            "padding": catch(lambda: tf.nn.convolution(x, f, "FULL"))}


def case_x_lsweep_conv1d_conv3d_dilations(tf):
    x = tf.constant(_fixed([2, 8, 2], 1.0))
    f = tf.constant(_fixed([3, 2, 2]))
    a = tf.nn.conv1d(x, f, stride=2, padding="SAME")
    b = tf.nn.conv1d(x, f, 1, "VALID", dilations=2)
    x3 = tf.constant(_fixed([1, 4, 5, 3, 2], 1.0))
    f3 = tf.constant(_fixed([2, 2, 2, 2, 1]))
    c = tf.nn.conv3d(x3, f3, [1, 2, 1, 1, 1], "SAME")
    d = tf.nn.conv3d(x3, f3, [1, 1, 1, 1, 1], "VALID", dilations=[1, 1, 2, 1, 1])
    g, types = _grad_types(tf.reduce_sum(a) + tf.reduce_sum(b) + tf.reduce_sum(c * c), [x, f, x3, f3], tf)
    sess = tf.Session()
    return {"shapes": [t.shape.as_list() for t in (a, b, c, d)], "vals": sess.run([a, b, c]),
            "d": catch(sess.run, d), "g": sess.run(g), "types": types, "ops": [t.op.type for t in (a, b, c, d)]}


def case_x_lsweep_pool_dilation(tf):
    x = tf.constant(_fixed([1, 8, 7, 2], 1.0))
    a = tf.nn.pool(x, [2, 2], "MAX", padding="SAME", dilation_rate=[2, 2])
    b = tf.nn.pool(x, [3, 2], "AVG", padding="VALID", dilation_rate=[1, 2])
    c = tf.nn.pool(x, [2, 2], "AVG", padding="SAME", strides=[2, 2])
    x1 = tf.constant(_fixed([2, 9, 3], 1.0))
    d = tf.nn.pool(x1, [3], "MAX", "VALID", dilation_rate=[2])
    g = tf.gradients(tf.reduce_sum(a * a) + tf.reduce_sum(b), x)[0]
    sess = tf.Session()
    return {"shapes": [t.shape.as_list() for t in (a, b, c, d)], "vals": sess.run([a, b, c, d]), "g": sess.run(g),
            "both": catch(lambda: tf.nn.pool(x, [2, 2], "MAX", "SAME", dilation_rate=[2, 2], strides=[2, 2]))}


def case_x_lsweep_with_space_to_batch(tf):
    x = tf.constant(_fixed([1, 7, 6, 2], 1.0))
    f = tf.constant(_fixed([3, 3, 2, 1]))

    def op(inp, num_spatial_dims, padding):
        return tf.nn.conv2d(inp, f, [1, 1, 1, 1], padding)

    a = tf.nn.with_space_to_batch(x, [2, 2], "SAME", op)
    b = tf.nn.with_space_to_batch(x, [2, 1], "VALID", op, filter_shape=[3, 3])
    ref = tf.nn.convolution(x, f, "SAME", dilation_rate=[2, 2])
    sess = tf.Session()
    va, vb, vr = sess.run([a, b, ref])
    return {"a": va, "b": vb, "same": bool(np.allclose(va, vr, atol=1e-5)),
            "shapes": [a.shape.as_list(), b.shape.as_list()]}


def case_x_lsweep_max_pool_v2_tensor_ksize(tf):
    x = tf.constant(_fixed([1, 5, 6, 2], 1.0))
    ksize = tf.placeholder(tf.int32, [4])
    strides = tf.constant([1, 2, 2, 1])
    y = tf.nn.max_pool_v2(x, ksize, strides, "SAME")
    g = tf.gradients(tf.reduce_sum(y * y), x)[0]
    sess = tf.Session()
    feed = {ksize: [1, 3, 2, 1]}
    return {"shape": y.shape.as_list(), "op": y.op.type, "y": sess.run(y, feed), "g": sess.run(g, feed),
            "gtype": g.op.type, "bad": catch(sess.run, y, {ksize: [2, 2, 2, 1]})}


def case_x_lsweep_max_pool_with_argmax_batch_index(tf):
    x = tf.constant(_fixed([2, 4, 4, 2], 1.0))
    out, arg = tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID", include_batch_in_index=True)
    out2, arg2 = tf.nn.max_pool_with_argmax(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME", output_dtype=tf.int32)
    g = tf.gradients(tf.reduce_sum(out * out), x)[0]
    sess = tf.Session()
    return {"vals": sess.run([out, arg, out2, arg2]), "g": sess.run(g), "dtypes": [arg.dtype.name, arg2.dtype.name],
            "gtype": g.op.type}


def case_x_lsweep_fractional_pool_seeds(tf):
    x = tf.constant(_fixed([1, 6, 7, 2], 1.0))
    a, rows, cols = tf.nn.fractional_max_pool(x, [1.0, 1.5, 1.7, 1.0], pseudo_random=True, overlapping=True,
                                              seed=3, seed2=5)
    b, r2, c2 = tf.nn.fractional_avg_pool(x, [1.0, 2.0, 1.4, 1.0], deterministic=True, seed=4, seed2=1)
    g = tf.gradients(tf.reduce_sum(a * a) + tf.reduce_sum(b), x)[0]
    sess = tf.Session()
    return {"vals": sess.run([a, rows, cols, b, r2, c2]), "g": sess.run(g), "shapes": [a.shape.as_list(),
                                                                                       b.shape.as_list()]}


def case_x_lsweep_dilation_erosion(tf):
    x = tf.constant(_fixed([1, 5, 6, 2], 1.0))
    k = tf.constant(_fixed([2, 3, 2], 0.3))
    d = tf.nn.dilation2d(x, k, [1, 1, 1, 1], [1, 2, 1, 1], "SAME")
    e = tf.nn.erosion2d(x, k, [1, 2, 1, 1], [1, 1, 1, 1], "VALID")
    g, types = _grad_types(tf.reduce_sum(d * d) + tf.reduce_sum(e), [x, k], tf)
    sess = tf.Session()
    return {"shapes": [d.shape.as_list(), e.shape.as_list()], "vals": sess.run([d, e]), "g": sess.run(g),
            "types": types, "ops": [d.op.type, e.op.type]}


def case_x_lsweep_depthwise_native_backprops(tf):
    x = tf.constant(_fixed([1, 5, 5, 2], 1.0))
    f = tf.constant(_fixed([3, 3, 2, 2]))
    y = tf.nn.depthwise_conv2d_native(x, f, [1, 2, 2, 1], "SAME")
    dy = tf.constant(_fixed([1, 3, 3, 4], 1.0, 1.0))
    bi = tf.nn.depthwise_conv2d_native_backprop_input([1, 5, 5, 2], f, dy, [1, 2, 2, 1], "SAME")
    bf = tf.nn.depthwise_conv2d_native_backprop_filter(x, [3, 3, 2, 2], dy, [1, 2, 2, 1], "SAME")
    g, types = _grad_types(tf.reduce_sum(y * dy), [x, f], tf)
    d = tf.nn.depthwise_conv2d(x, f, [1, 1, 1, 1], "VALID", rate=[2, 2])
    sess = tf.Session()
    vb, vf, vg = sess.run([bi, bf, g])
    return {"y": sess.run(y), "bi": vb, "bf": vf, "match": [bool(np.allclose(vb, vg[0], atol=1e-5)),
                                                          bool(np.allclose(vf, vg[1], atol=1e-5))],
            "types": types, "d": sess.run(d), "dshape": d.shape.as_list()}


def case_x_lsweep_conv2d_transpose_output_shape_checks(tf):
    x = tf.constant(_fixed([1, 3, 3, 2], 1.0))
    f = tf.constant(_fixed([3, 3, 4, 2]))
    ok = tf.nn.conv2d_transpose(x, f, [1, 6, 6, 4], [1, 2, 2, 1], "SAME")
    ok2 = tf.nn.conv2d_transpose(x, f, [1, 5, 5, 4], [1, 2, 2, 1], "SAME")
    out_t = tf.placeholder(tf.int32, [4])
    dyn = tf.nn.conv2d_transpose(x, f, out_t, [1, 2, 2, 1], "VALID")
    sess = tf.Session()
    return {"ok": sess.run(ok), "ok2": sess.run(ok2), "dyn_shape": dyn.shape.as_list(),
            "dyn": sess.run(dyn, {out_t: [1, 7, 7, 4]}),
            "channels": catch(lambda: tf.nn.conv2d_transpose(x, f, [1, 6, 6, 3], [1, 2, 2, 1], "SAME")),
            "in_channels": catch(lambda: tf.nn.conv2d_transpose(x, tf.constant(_fixed([3, 3, 4, 3])),
                                                                [1, 6, 6, 4], [1, 2, 2, 1], "SAME")),
            "len": catch(lambda: tf.nn.conv2d_transpose(x, f, [1, 6, 6], [1, 2, 2, 1], "SAME"))}


def case_x_lsweep_atrous_conv2d(tf):
    x = tf.constant(_fixed([1, 7, 7, 2], 1.0))
    f = tf.constant(_fixed([3, 3, 2, 2]))
    a = tf.nn.atrous_conv2d(x, f, 2, "SAME")
    b = tf.nn.atrous_conv2d(x, f, 1, "VALID")
    c = tf.nn.atrous_conv2d(x, f, 3, "VALID")
    g = tf.gradients(tf.reduce_sum(a * a), [x, f])
    sess = tf.Session()
    return {"shapes": [t.shape.as_list() for t in (a, b, c)], "vals": sess.run([a, b, c]), "g": sess.run(g),
            "rate0": catch(lambda: tf.nn.atrous_conv2d(x, f, 0, "SAME"))}


def case_x_lsweep_fused_batch_norm_modes(tf):
    # fed, not constants: TF's constant folding breaks fetching every output of an inference FusedBatchNorm
    x = tf.placeholder_with_default(_fixed([2, 3, 2, 3], 2.0), [2, 3, 2, 3])
    scale = tf.constant([1.0, 0.5, 2.0])
    offset = tf.constant([0.1, -0.2, 0.0])
    mean = tf.placeholder_with_default([0.1, 0.2, -0.1], [3])
    var = tf.placeholder_with_default([1.0, 0.5, 2.0], [3])
    t = tf.nn.fused_batch_norm(x, scale, offset, epsilon=0.01, is_training=True)
    i = tf.nn.fused_batch_norm(x, scale, offset, mean, var, epsilon=0.01, is_training=False)
    e = tf.nn.fused_batch_norm(x, scale, offset, mean, var, epsilon=0.01, is_training=True,
                               exponential_avg_factor=0.25)
    g, types = _grad_types(tf.reduce_sum(t[0] * t[0]) + tf.reduce_sum(i[0] * x), [x, scale, offset], tf)
    sess = tf.Session()
    return {"t": sess.run(t), "i": sess.run(i), "e": sess.run(e), "g": sess.run(g), "types": types,
            "op": t[0].op.type, "missing": catch(lambda: tf.nn.fused_batch_norm(x, scale, offset, is_training=False)),
            "rank": catch(lambda: tf.nn.fused_batch_norm(tf.constant(_fixed([2, 3])), scale, offset))}


def case_x_lsweep_fused_batch_norm_nchw_cpu(tf):
    x = tf.constant(_fixed([2, 3, 2, 2], 2.0))
    y = tf.nn.fused_batch_norm(x, tf.ones([3]), tf.zeros([3]), data_format="NCHW")
    return {"shape": y[0].shape.as_list(), "run": catch(tf.Session().run, y)}


def case_x_lsweep_lrn_values_and_grad(tf):
    x = tf.constant(_fixed([1, 2, 3, 6], 2.0))
    a = tf.nn.lrn(x)
    b = tf.nn.local_response_normalization(x, depth_radius=2, bias=0.5, alpha=0.3, beta=0.75)
    g, types = _grad_types(tf.reduce_sum(b * b), [x], tf)
    sess = tf.Session()
    return {"vals": sess.run([a, b]), "g": sess.run(g), "types": types,
            "rank": catch(lambda: tf.nn.lrn(tf.constant(_fixed([2, 3])))),
            "f64": catch(lambda: tf.nn.lrn(tf.constant(_fixed([1, 1, 1, 2]).astype(np.float64))))}


def case_x_lsweep_moments_family(tf):
    x = tf.constant(_fixed([3, 4, 2], 2.0))
    w = tf.constant(_fixed([3, 4, 1], 1.0) ** 2)
    m, v = tf.nn.moments(x, [0, 1], keep_dims=True)
    wm, wv = tf.nn.weighted_moments(x, [0, 1], w)
    cnt, s, ss, sh = tf.nn.sufficient_statistics(x, [0, 2], shift=0.5)
    nm, nv = tf.nn.normalize_moments(cnt, s, ss, 0.5)
    cnt2, s2, ss2, sh2 = tf.nn.sufficient_statistics(tf.placeholder_with_default(x, [None, 4, 2]), [0])
    g = tf.gradients(tf.reduce_sum(v) + tf.reduce_sum(wv), x)[0]
    sess = tf.Session()
    return {"vals": sess.run([m, v, wm, wv, cnt, s, ss, sh, nm, nv, cnt2]), "g": sess.run(g),
            "shapes": [t.shape.as_list() for t in (m, wm, s, cnt2)], "none": sh2 is None,
            "names": [m.op.name, v.op.name, wm.op.name, cnt.op.name]}


def case_x_lsweep_l2_normalize_and_losses(tf):
    x = tf.constant(_fixed([2, 3], 2.0))
    a = tf.nn.l2_normalize(x, axis=1)
    b = tf.nn.l2_normalize(x, [0, 1], epsilon=1e-3)
    z = tf.nn.l2_normalize(tf.zeros([2]))
    t = tf.constant(np.abs(_fixed([2, 3], 3.0)) + np.float32(1.0))
    lp = tf.nn.log_poisson_loss(t, x)
    lpf = tf.nn.log_poisson_loss(t, x, compute_full_loss=True)
    labels = tf.constant((_fixed([2, 3]) > 0).astype(np.float32))
    w = tf.nn.weighted_cross_entropy_with_logits(labels=labels, logits=x, pos_weight=2.5)
    g, types = _grad_types(tf.reduce_sum(a) + tf.reduce_sum(lpf) + tf.reduce_sum(w), [x], tf)
    sess = tf.Session()
    return {"vals": sess.run([a, b, z, lp, lpf, w]), "g": sess.run(g), "types": types,
            "shape_err": catch(lambda: tf.nn.log_poisson_loss(tf.zeros([3]), x))}


def case_x_lsweep_softmax_xent_dims(tf):
    logits = tf.constant(_fixed([3, 4], 3.0))
    labels = tf.nn.softmax(tf.constant(_fixed([3, 4], 2.0, 1.0)))
    a = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits, dim=0)
    b = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, axis=0)
    c = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits)
    l3 = tf.constant(_fixed([2, 3, 4], 3.0))
    d = tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.nn.softmax(l3 * 0.5), logits=l3, axis=1)
    ga, ta = _grad_types(tf.reduce_sum(a), [logits, labels], tf)
    gc, tc = _grad_types(tf.reduce_sum(c), [logits, labels], tf)
    gg = tf.gradients(tf.gradients(tf.reduce_sum(c), logits)[0], logits)[0]
    sess = tf.Session()
    return {"vals": sess.run([a, b, c, d]), "ga": sess.run(ga), "gc": sess.run(gc), "gg": sess.run(gg),
            "types": [ta, tc], "shapes": [t.shape.as_list() for t in (a, d)], "ops": [a.op.name, c.op.name],
            "mismatch": catch(lambda: tf.nn.softmax_cross_entropy_with_logits_v2(labels=tf.zeros([3, 5]),
                                                                                 logits=logits))}


def case_x_lsweep_sparse_softmax_labels_errors(tf):
    logits = tf.constant(_fixed([3, 4], 3.0))
    labels = tf.placeholder(tf.int32, [3])
    y = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    g = tf.gradients(tf.reduce_sum(y), logits)[0]
    sess = tf.Session()
    return {"ok": sess.run([y, g], {labels: [0, 3, 1]}),
            "high": message_has(lambda: sess.run(y, {labels: [0, 4, 1]}), "Received a label value of 4",
                                "[0, 4)"),
            "neg": catch(sess.run, y, {labels: [-1, 0, 1]}),
            "after": sess.run(y, {labels: [1, 1, 1]}),
            "rank": catch(lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.zeros([3, 1], tf.int32),
                                                                                 logits=logits)),
            "float": catch(lambda: tf.nn.sparse_softmax_cross_entropy_with_logits(labels=tf.zeros([3]),
                                                                                  logits=logits)),
            "rank3": sess.run(tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels=tf.constant([[0, 1], [2, 3]]), logits=tf.constant(_fixed([2, 2, 4], 2.0))))}


def case_x_lsweep_in_top_k(tf):
    p = tf.constant([[0.1, 0.3, 0.3, 0.2], [0.5, 0.1, 0.1, 0.3], [np.inf, 0.0, 0.0, 0.0]], tf.float32)
    t = tf.constant([2, 3, 0])
    sess = tf.Session()
    return {"k1": sess.run(tf.nn.in_top_k(p, t, 1)), "k2": sess.run(tf.nn.in_top_k(p, t, 2)),
            "k0": sess.run(tf.nn.in_top_k(p, t, 0)),
            "oob": sess.run(tf.nn.in_top_k(p, tf.constant([4, 0, 1]), 2)),
            "t64": sess.run(tf.math.in_top_k(p, tf.constant([2, 3, 0], tf.int64), 1)),
            "bad_rank": catch(lambda: tf.nn.in_top_k(tf.zeros([4]), t, 1))}


def case_x_lsweep_ctc_loss_and_decoders(tf):
    logits = tf.constant(_fixed([5, 2, 4], 3.0))
    seq = tf.constant([5, 4], tf.int32)
    labels = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([1, 2, 2], tf.int32), [2, 2])
    loss = tf.nn.ctc_loss(labels, logits, seq)
    loss_r = tf.nn.ctc_loss(labels, logits, seq, ctc_merge_repeated=False, preprocess_collapse_repeated=True)
    g = tf.gradients(tf.reduce_sum(loss), logits)[0]
    (dec,), neg = tf.nn.ctc_greedy_decoder(logits, seq)
    (dec2,), neg2 = tf.nn.ctc_greedy_decoder(logits, seq, merge_repeated=False)
    beams, probs = tf.nn.ctc_beam_search_decoder(logits, seq, beam_width=3, top_paths=2)
    sess = tf.Session()
    d, d2, b0, b1 = sess.run([dec, dec2, beams[0], beams[1]])
    return {"loss": sess.run([loss, loss_r]), "g": sess.run(g), "gtype": g.op.type,
            "dec": [d.indices, d.values, d.dense_shape], "neg": sess.run(neg),
            "dec2": [d2.indices, d2.values], "neg2": sess.run(neg2),
            "beams": [b0.indices, b0.values, b1.values], "probs": sess.run(probs)}


def case_x_lsweep_ctc_loss_errors(tf):
    logits = tf.constant(_fixed([3, 1, 4], 3.0))
    labels = tf.SparseTensor([[0, 0], [0, 1], [0, 2], [0, 3]], tf.constant([1, 2, 1, 2], tf.int32), [1, 4])
    sess = tf.Session()
    too_long = tf.nn.ctc_loss(labels, logits, [3], ignore_longer_outputs_than_inputs=True)
    return {"long": catch(sess.run, tf.nn.ctc_loss(labels, logits, [3])),
            "ignored": sess.run(too_long),
            "seq": catch(sess.run, tf.nn.ctc_loss(labels, logits, [5])),
            "dense_labels": catch(lambda: tf.nn.ctc_loss(tf.constant([[1, 2]]), logits, [3]))}


def case_x_lsweep_embedding_lookup_sparse_combiners(tf):
    params = tf.constant(_fixed([5, 3], 2.0))
    ids = tf.SparseTensor([[0, 0], [0, 1], [2, 0], [2, 1], [2, 2]], tf.constant([1, 3, 0, 0, 4], tf.int64), [3, 3])
    weights = tf.SparseTensor(ids.indices, tf.constant([1.0, 2.0, 0.5, 0.5, -1.0]), ids.dense_shape)
    outs = [tf.nn.embedding_lookup_sparse(params, ids, None, combiner=c) for c in ("sum", "mean", "sqrtn")]
    wout = [tf.nn.embedding_lookup_sparse(params, ids, weights, combiner=c) for c in ("sum", "mean", "sqrtn")]
    safe = tf.nn.safe_embedding_lookup_sparse(params, ids, weights, combiner="mean", default_id=2)
    safe0 = tf.nn.safe_embedding_lookup_sparse([params], ids, None, combiner="sqrtn")
    g = tf.gradients(tf.reduce_sum(wout[2]) + tf.reduce_sum(safe), params)[0]
    sess = tf.Session()
    gv = sess.run(g)
    return {"outs": sess.run(outs), "w": sess.run(wout), "safe": sess.run([safe, safe0]),
            "g": [gv.indices, gv.values, gv.dense_shape] if hasattr(gv, "indices") else gv,
            "shapes": [t.shape.as_list() for t in outs + [safe]],
            "bad": catch(lambda: tf.nn.embedding_lookup_sparse(params, ids, None, combiner="max"))}


def case_x_lsweep_sampled_losses_accidental_hits(tf):
    w = tf.constant(_fixed([6, 3], 1.0))
    b = tf.constant(_fixed([6], 0.3))
    x = tf.constant(_fixed([4, 3], 1.0, 2.0))
    labels = tf.constant([[0], [2], [5], [1]], tf.int64)
    sampled = (tf.constant([0, 1, 3], tf.int64), tf.constant([0.5, 0.5, 0.5]), tf.constant([0.4, 0.4, 0.4]))
    outs = []
    for hits in (True, False):
        outs.append(tf.nn.sampled_softmax_loss(w, b, labels, x, 3, 6, sampled_values=sampled,
                                               remove_accidental_hits=hits))
        outs.append(tf.nn.nce_loss(w, b, labels, x, 3, 6, sampled_values=sampled, remove_accidental_hits=hits))
    g = tf.gradients(tf.reduce_sum(outs[0]) + tf.reduce_sum(outs[1]), [w, b, x])
    sess = tf.Session()
    gv = sess.run(g)
    return {"losses": sess.run(outs), "gx": gv[2],
            "gw": [np.asarray(getattr(gv[0], "values", gv[0])), np.asarray(getattr(gv[0], "indices", []))]}


def case_x_lsweep_nce_multi_true(tf):
    w = tf.constant(_fixed([7, 2], 1.0))
    b = tf.zeros([7])
    x = tf.constant(_fixed([3, 2], 1.0, 1.0))
    labels = tf.constant([[0, 1], [2, 6], [3, 3]], tf.int64)
    sampled = (tf.constant([1, 4], tf.int64), tf.constant([[0.3, 0.3], [0.2, 0.1], [0.5, 0.5]]),
               tf.constant([0.2, 0.1]))
    loss = tf.nn.nce_loss(w, b, labels, x, 2, 7, num_true=2, sampled_values=sampled)
    sl = tf.nn.sampled_softmax_loss(w, b, labels, x, 2, 7, num_true=2, sampled_values=sampled)
    return tf.Session().run([loss, sl])
