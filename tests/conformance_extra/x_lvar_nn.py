"""Variations of the public layers_nn_ops cases: tf.nn conv2d_transpose, depthwise/separable
convolutions, fused_batch_norm, lrn, in_top_k, embedding_lookup, sampled losses and candidate
samplers with other dtypes, shapes, arguments, names and error paths."""
import numpy as np

from _harness import catch, message_has


def _fixed(shape, scale=0.5, phase=0.0):
    n = int(np.prod(shape)) if shape else 1
    return (np.sin(np.arange(1, n + 1) * 0.9 + phase) * scale).reshape(shape).astype(np.float32)


def case_x_lvar_nn_conv2d_transpose_float64_and_tensor_shape(tf):
    x = tf.constant(_fixed([1, 2, 3, 2], 1.0).astype(np.float64))
    w = tf.constant(_fixed([2, 3, 1, 2], phase=1.0).astype(np.float64))
    shp = tf.placeholder(tf.int32, [4])
    a = tf.nn.conv2d_transpose(x, w, shp, [1, 2, 2, 1], "SAME", name="up")
    b = tf.nn.conv2d_transpose(x, w, tf.constant([1, 4, 7, 1]), 2, "VALID")
    c = tf.nn.conv2d_transpose(x, w, [1, 3, 5, 1], [1, 1, 2, 1], "VALID")
    sess = tf.Session()
    return {"a": sess.run(a, {shp: [1, 4, 6, 1]}), "b": sess.run(b), "c": sess.run(c),
            "static": [a.shape.as_list(), b.shape.as_list(), c.shape.as_list()],
            "dtype": a.dtype.name, "op": [a.op.name, a.op.type]}


def case_x_lvar_nn_conv2d_transpose_errors(tf):
    x = tf.constant(_fixed([1, 2, 2, 2], 1.0))
    w = tf.constant(_fixed([3, 3, 1, 2], phase=1.0))
    w3 = tf.constant(_fixed([3, 3, 1, 3]))
    sess = tf.Session()
    shp = tf.placeholder(tf.int32, [4])
    fed = tf.nn.conv2d_transpose(x, w, shp, [1, 2, 2, 1], "SAME")
    return {
        "channel_mismatch": catch(tf.nn.conv2d_transpose, x, w3, [1, 4, 4, 1], [1, 2, 2, 1], "SAME"),
        "out_channels_mismatch": catch(tf.nn.conv2d_transpose, x, w, [1, 4, 4, 2], [1, 2, 2, 1], "SAME"),
        "bad_padding": catch(tf.nn.conv2d_transpose, x, w, [1, 4, 4, 1], [1, 2, 2, 1], "FULL"),
        "bad_output_rank": catch(tf.nn.conv2d_transpose, x, w, [1, 4, 4], [1, 2, 2, 1], "SAME"),
        "fed_good": sess.run(fed, {shp: [1, 3, 4, 1]}).shape,
    }


def case_x_lvar_nn_conv2d_transpose_grads(tf):
    x = tf.constant(_fixed([1, 2, 2, 2], 1.0))
    w = tf.constant(_fixed([2, 2, 3, 2], phase=1.0))
    y = tf.nn.conv2d_transpose(x, w, [1, 4, 4, 3], [1, 2, 2, 1], "SAME")
    gx, gw = tf.gradients(tf.reduce_sum(y * y), [x, w])
    sess = tf.Session()
    return {"gx": sess.run(gx), "gw": sess.run(gw)}


def case_x_lvar_depthwise_conv2d_more(tf):
    x = tf.constant(_fixed([2, 5, 5, 2], 1.0).astype(np.float64))
    w = tf.constant(_fixed([3, 3, 2, 1], phase=0.7).astype(np.float64))
    sess = tf.Session()
    same = tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "SAME", rate=[2, 2], name="dw")
    s3 = tf.nn.depthwise_conv2d(x, w, [1, 3, 3, 1], "VALID")
    p = tf.placeholder(tf.float32, [None, None, None, 2])
    u = tf.nn.depthwise_conv2d(p, tf.ones([2, 2, 2, 3]), [1, 1, 1, 1], "VALID")
    out = sess.run({"same_rate2": same, "valid_s3": s3})
    out["static"] = [same.shape.as_list(), s3.shape.as_list(), u.shape.as_list()]
    out["dtype"] = same.dtype.name
    out["op"] = [same.op.name, same.op.type]
    return out


def case_x_lvar_depthwise_conv2d_errors_and_grads(tf):
    x = tf.constant(_fixed([1, 4, 4, 2], 1.0))
    w = tf.constant(_fixed([2, 2, 2, 2], phase=0.7))
    y = tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "VALID")
    gx, gw = tf.gradients(tf.reduce_sum(tf.square(y)), [x, w])
    sess = tf.Session()
    return {"gx": sess.run(gx), "gw": sess.run(gw),
            "channel_mismatch": catch(tf.nn.depthwise_conv2d, x, tf.ones([2, 2, 3, 1]), [1, 1, 1, 1], "VALID"),
            "rate_and_stride": catch(tf.nn.depthwise_conv2d, x, w, [1, 2, 2, 1], "VALID", rate=[2, 2]),
            "bad_padding": catch(tf.nn.depthwise_conv2d, x, w, [1, 1, 1, 1], "FULL")}


def case_x_lvar_separable_conv2d_more(tf):
    x = tf.constant(_fixed([1, 5, 5, 2], 1.0))
    dw = tf.constant(_fixed([3, 3, 2, 2], phase=0.7))
    pw = tf.constant(_fixed([1, 1, 4, 3], phase=1.4))
    a = tf.nn.separable_conv2d(x, dw, pw, [1, 2, 2, 1], "SAME", name="sep")
    b = tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], "VALID", rate=[2, 2])
    g = tf.gradients(tf.reduce_sum(a), [x, dw, pw])
    sess = tf.Session()
    return {"a": sess.run(a), "b": sess.run(b), "static": [a.shape.as_list(), b.shape.as_list()],
            "g": sess.run(g), "op": a.op.name,
            "bad_pointwise": catch(tf.nn.separable_conv2d, x, dw, tf.ones([1, 1, 3, 3]), [1, 1, 1, 1], "VALID"),
            "pointwise_not_1x1": catch(tf.nn.separable_conv2d, x, dw, tf.ones([2, 2, 4, 3]), [1, 1, 1, 1], "VALID")}


def case_x_lvar_fused_batch_norm_training_more(tf):
    x = tf.constant((_fixed([2, 3, 2, 2], 2.0) + np.array([1.0, -1.0], np.float32)).astype(np.float16))
    y, mean, var = tf.nn.fused_batch_norm(x, tf.constant([1.0, 0.5]), tf.constant([0.2, 0.0]), epsilon=0.01,
                                          is_training=True, name="fbn")
    p = tf.placeholder(tf.float32, [None, None, None, 3])
    yp, mp, vp = tf.nn.fused_batch_norm(p, tf.ones([3]), tf.zeros([3]), is_training=True)
    sess = tf.Session()
    return {"y": sess.run(y), "mean": sess.run(mean), "var": sess.run(var),
            "dtypes": [t.dtype.name for t in (y, mean, var)],
            "static": [t.shape.as_list() for t in (yp, mp, vp)],
            "fed_var": sess.run(vp, {p: _fixed([2, 2, 1, 3], 1.5)}),
            "op": [y.op.type, y.op.name]}


def case_x_lvar_fused_batch_norm_exponential_avg(tf):
    x = tf.constant(_fixed([2, 2, 2, 2], 2.0))
    y, m, v = tf.nn.fused_batch_norm(x, tf.ones([2]), tf.zeros([2]), mean=tf.constant([1.0, -1.0]),
                                     variance=tf.constant([2.0, 0.5]), is_training=True,
                                     exponential_avg_factor=0.25)
    sess = tf.Session()
    return {"y": sess.run(y), "m": sess.run(m), "v": sess.run(v)}


def case_x_lvar_fused_batch_norm_errors_and_grad(tf):
    x = tf.constant(_fixed([1, 2, 2, 2], 2.0))
    scale = tf.constant([1.0, 2.0])
    offset = tf.constant([0.1, -0.1])
    y, _, _ = tf.nn.fused_batch_norm(x, scale, offset, is_training=True)
    g = tf.gradients(tf.reduce_sum(y * tf.constant(_fixed([1, 2, 2, 2], phase=0.4))), [x, scale, offset])
    sess = tf.Session()
    return {"g": sess.run(g),
            "rank3": catch(tf.nn.fused_batch_norm, tf.zeros([2, 2, 2]), tf.ones([2]), tf.zeros([2])),
            "scale_size": catch(tf.nn.fused_batch_norm, x, tf.ones([3]), tf.zeros([3])),
            "bad_format": catch(tf.nn.fused_batch_norm, x, scale, offset, data_format="NCWH")}


def case_x_lvar_lrn_more(tf):
    x16 = tf.constant(_fixed([1, 2, 2, 4], 2.0).astype(np.float16))
    x = tf.constant(_fixed([2, 1, 3, 3], 1.5))
    a = tf.nn.lrn(x16, depth_radius=1)
    b = tf.nn.lrn(x, depth_radius=0, bias=0.5, alpha=2.0, beta=1.0, name="norm")
    c = tf.nn.lrn(x, depth_radius=10, alpha=0.3)
    g = tf.gradients(tf.reduce_sum(c * x), x)[0]
    sess = tf.Session()
    return {"a": sess.run(a), "b": sess.run(b), "c": sess.run(c), "g": sess.run(g),
            "dtype": a.dtype.name, "op": [b.op.name, b.op.type],
            "rank3": catch(tf.nn.lrn, tf.zeros([2, 2, 3])),
            "float64": catch(tf.nn.lrn, tf.zeros([1, 1, 1, 2], tf.float64))}


def case_x_lvar_in_top_k_more(tf):
    preds = tf.constant([[0.1, 0.8, 0.1, 0.0], [0.3, 0.3, 0.4, 0.2]])
    nan_preds = tf.constant([[np.nan, 0.5, 0.2], [0.1, np.inf, 0.2]])
    sess = tf.Session()
    k = tf.placeholder(tf.int32, [])
    kt = tf.nn.in_top_k(preds, [2, 3], k, name="topk")
    out = sess.run({
        "k_all": tf.nn.in_top_k(preds, [0, 3], 4),
        "k_big": tf.nn.in_top_k(preds, [0, 3], 10),
        "ties_k3": tf.nn.in_top_k(preds, [0, 2], 1),
        "nan": tf.nn.in_top_k(nan_preds, [1, 1], 1),
        "nan_k2": tf.nn.in_top_k(nan_preds, [0, 2], 2),
    })
    out["fed_k"] = sess.run(kt, {k: 2})
    out["meta"] = [kt.op.name, kt.op.type, kt.dtype.name, kt.shape.as_list()]
    out["batch_mismatch"] = catch(tf.nn.in_top_k, preds, [1, 2, 0], 1)
    out["rank1_preds"] = catch(tf.nn.in_top_k, tf.constant([0.1, 0.2]), [1], 1)
    out["float64"] = catch(tf.nn.in_top_k, tf.constant([[0.1, 0.2]], tf.float64), [1], 1)
    out["neg_k"] = catch(sess.run, kt, {k: -1})
    return out


def case_x_lvar_embedding_lookup_shapes_dtypes(tf):
    params = tf.constant(np.arange(12, dtype=np.float64).reshape(4, 3))
    ids3 = tf.constant([[[0, 1]], [[3, 3]]], tf.int64)
    sess = tf.Session()
    a = tf.nn.embedding_lookup(params, ids3)
    b = tf.nn.embedding_lookup(params, 2)
    c = tf.nn.embedding_lookup(tf.constant(np.arange(8).reshape(4, 2, 1).astype(np.int32)), [1, 3])
    p = tf.placeholder(tf.int32, [None])
    d = tf.nn.embedding_lookup(params, p, name="emb")
    return {"a": sess.run(a), "b": sess.run(b), "c": sess.run(c), "d": sess.run(d, {p: [3, 0]}),
            "static": [t.shape.as_list() for t in (a, b, c, d)], "dtypes": [t.dtype.name for t in (a, c)],
            "empty": sess.run(tf.nn.embedding_lookup(params, tf.zeros([0], tf.int32))).shape}


def case_x_lvar_embedding_lookup_partitioned_more(tf):
    parts = [tf.constant([[0.0], [3.0], [6.0]]), tf.constant([[1.0], [4.0], [7.0]]), tf.constant([[2.0], [5.0]])]
    div_parts = [tf.constant([[0.0], [1.0], [2.0]]), tf.constant([[3.0], [4.0], [5.0]]), tf.constant([[6.0], [7.0]])]
    sess = tf.Session()
    out = sess.run({
        "mod_2d": tf.nn.embedding_lookup(parts, [[7, 0, 5], [1, 1, 2]]),
        "div_2d": tf.nn.embedding_lookup(div_parts, [[7, 0], [3, 5]], partition_strategy="div"),
        "mod_scalar": tf.nn.embedding_lookup(parts, 4),
        "div_max_norm": tf.nn.embedding_lookup(div_parts, [6, 7, 1], partition_strategy="div", max_norm=5.0),
    })
    out["mod_oob"] = catch(sess.run, tf.nn.embedding_lookup(parts, [8]))
    return out


def case_x_lvar_embedding_lookup_variables_and_grad(tf):
    with tf.variable_scope("emb"):
        table = tf.get_variable("table", initializer=tf.constant(_fixed([5, 2], 1.0)))
    looked = tf.nn.embedding_lookup(table, [4, 1, 4])
    g = tf.gradients(tf.reduce_sum(looked * 2.0), table)[0]
    train = tf.train.GradientDescentOptimizer(0.5).minimize(tf.reduce_sum(looked))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    gv = sess.run(g)
    sess.run(train)
    return {"grad_type": type(g).__name__, "indices": gv.indices, "values": gv.values,
            "dense_shape": gv.dense_shape, "after": sess.run(table), "looked": looked.shape.as_list()}


def case_x_lvar_embedding_lookup_errors_more(tf):
    params = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    sess = tf.Session()
    return {
        "float_ids": catch(tf.nn.embedding_lookup, params, tf.constant([0.0])),
        "negative_id": catch(sess.run, tf.nn.embedding_lookup(params, [-1])),
        "none_params": catch(tf.nn.embedding_lookup, None, [0]),
        "after_error": sess.run(tf.nn.embedding_lookup(params, [1])),
        "msg": message_has(lambda: sess.run(tf.nn.embedding_lookup(params, [7])), "indices", "7", "[0, 2)"),
    }


def case_x_lvar_sampled_softmax_variants(tf):
    weights = tf.constant(_fixed([6, 3], 1.0))
    biases = tf.constant([0.1, -0.1, 0.2, 0.0, 0.3, -0.2])
    inputs = tf.constant(_fixed([2, 3], 1.0, phase=1.0))
    labels2 = tf.constant([[1, 2], [4, 0]], tf.int64)
    sampled = (tf.constant([0, 3, 5], tf.int64), tf.constant([[0.5, 0.1], [0.25, 0.4]]), tf.constant([0.3, 0.25, 0.2]))
    two_true = tf.nn.sampled_softmax_loss(weights, biases, labels2, inputs, num_sampled=3, num_classes=6,
                                          num_true=2, sampled_values=sampled)
    one = (tf.constant([0, 3, 5], tf.int64), tf.constant([[0.5], [0.25]]), tf.constant([0.3, 0.25, 0.2]))
    no_logq = tf.nn.sampled_softmax_loss(weights, biases, tf.constant([[1], [4]], tf.int64), inputs, 3, 6,
                                         sampled_values=one, subtract_log_q=False)
    sharded = tf.nn.sampled_softmax_loss([weights[:3], weights[3:]], biases, tf.constant([[1], [4]], tf.int64),
                                         inputs, 3, 6, sampled_values=one, partition_strategy="div")
    sess = tf.Session()
    return {"two_true": sess.run(two_true), "no_logq": sess.run(no_logq), "sharded": sess.run(sharded),
            "static": two_true.shape.as_list()}


def case_x_lvar_nce_loss_variants(tf):
    weights = tf.constant(_fixed([5, 2], 1.0))
    biases = tf.constant([0.0, 0.1, 0.2, 0.3, 0.4])
    inputs = tf.constant([[1.0, -1.0], [0.5, 2.0]])
    labels = tf.constant([[2], [1]], tf.int64)
    sampled = (tf.constant([1, 3], tf.int64), tf.constant([[0.4], [0.2]]), tf.constant([0.3, 0.1]))
    hits = tf.nn.nce_loss(weights, biases, labels, inputs, 2, 5, sampled_values=sampled,
                          remove_accidental_hits=True)
    plain = tf.nn.nce_loss(weights, biases, labels, inputs, 2, 5, sampled_values=sampled)
    g = tf.gradients(tf.reduce_sum(plain), [inputs, weights])
    sess = tf.Session()
    return {"hits": sess.run(hits), "plain": sess.run(plain), "g_inputs": sess.run(g[0]),
            "g_weights_type": type(g[1]).__name__}


def case_x_lvar_candidate_samplers_more(tf):
    labels = tf.constant([[1, 2], [3, 4]], tf.int64)
    s, t, e = tf.nn.fixed_unigram_candidate_sampler(labels, 2, 3, True, 5, unigrams=[1, 2, 3, 4, 5], seed=1)
    a, at, ae = tf.nn.all_candidate_sampler(labels, 2, 6, True)
    l, lt, le = tf.nn.learned_unigram_candidate_sampler(labels, 2, 2, False, 8, seed=4)
    sess = tf.Session()
    av, atv, aev = sess.run([a, at, ae])
    sv = sess.run(s)
    return {"shapes": [x.shape.as_list() for x in (s, t, e, a, at, ae, l, lt, le)],
            "dtypes": [x.dtype.name for x in (s, t, e)], "all": av, "all_true": atv, "all_sampled": aev,
            "fixed_unique": len(set(sv.tolist())) == 3, "fixed_range": bool(np.all((sv >= 0) & (sv < 5))),
            "bad_labels_rank": catch(tf.nn.uniform_candidate_sampler, tf.constant([1, 2], tf.int64), 1, 2, True, 5)}
