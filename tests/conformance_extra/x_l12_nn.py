"""Second-pass variations of the public layers_nn_ops cases: tf.nn conv2d_transpose (strides as
1/2/4 ints, dilations, NCHW on the CPU, inside while_loop), depthwise/separable convolutions
(float16, explicit padding, rates), fused_batch_norm (dtype errors, inference gradients), lrn,
in_top_k and top_k, embedding_lookup over partitioned variables, sampled losses' gradients and the
candidate samplers' deterministic expected counts."""
# pending_*: cases recorded from TF 2.21 whose tfsess results still differ (defects found in round 12,
# listed in that round's closing note); the runner collects only case_*, so rename one back once fixed.
import numpy as np

from _harness import catch, message_has
from _casekit import wave


# --- conv2d_transpose -------------------------------------------------------------------------

def case_x_l12_nn_conv2d_transpose_stride_forms_and_dilations(tf):
    x = tf.constant(wave([1, 2, 3, 2], 1.0))
    w = tf.constant(wave([3, 2, 1, 2], phase=1.0))
    sess = tf.Session()
    out = sess.run({
        "int": tf.nn.conv2d_transpose(x, w, [1, 4, 6, 1], 2, "SAME"),
        "pair": tf.nn.conv2d_transpose(x, w, [1, 4, 3, 1], [2, 1], "SAME"),
        "one": tf.nn.conv2d_transpose(x, w, [1, 2, 3, 1], [1], "SAME"),
    })
    dil = tf.nn.conv2d_transpose(x, w, [1, 6, 5, 1], 1, "VALID", dilations=2)
    out["dilated"] = catch(sess.run, dil)
    out["three_strides"] = catch(tf.nn.conv2d_transpose, x, w, [1, 4, 6, 1], [1, 2, 2], "SAME")
    return out


def case_x_l12_nn_conv2d_transpose_nchw_cpu_and_names(tf):
    x = tf.constant(wave([1, 2, 2, 2], 1.0))
    w = tf.constant(wave([2, 2, 1, 2], phase=1.0))
    y = tf.nn.conv2d_transpose(x, w, [1, 4, 4, 1], [1, 2, 2, 1], "SAME", name="deconv")
    nchw = tf.nn.conv2d_transpose(tf.transpose(x, [0, 3, 1, 2]), w, [1, 1, 4, 4], [1, 1, 2, 2], "SAME",
                                  data_format="NCHW")
    sess = tf.Session()
    return {"y": sess.run(y), "name": [y.op.name, y.op.type, [i.op.type for i in y.op.inputs]],
            "nchw_static": nchw.shape.as_list(), "nchw_run": catch(sess.run, nchw),
            "after": sess.run(tf.reduce_sum(y)),
            "bad_format": catch(tf.nn.conv2d_transpose, x, w, [1, 4, 4, 1], [1, 2, 2, 1], "SAME", data_format="NWHC")}


def case_x_l12_nn_conv2d_transpose_in_while_loop(tf):
    w = tf.constant(wave([2, 2, 1, 1], phase=0.3) + 0.5)
    x0 = tf.constant(wave([1, 2, 2, 1], 1.0))

    def body(i, x):
        up = tf.nn.conv2d_transpose(x, w, tf.stack([1, tf.shape(x)[1] * 2, tf.shape(x)[2] * 2, 1]), [1, 2, 2, 1],
                                    "SAME")
        return i + 1, tf.nn.avg_pool(up, [1, 2, 2, 1], [1, 2, 2, 1], "VALID")

    _, out = tf.while_loop(lambda i, x: i < 3, body, [0, x0], shape_invariants=[tf.TensorShape([]),
                                                                               tf.TensorShape([1, None, None, 1])])
    g = tf.gradients(tf.reduce_sum(out), x0)[0]
    sess = tf.Session()
    return {"out": sess.run(out), "g": sess.run(g), "static": out.shape.as_list()}


# --- conv2d_transpose as the gradient of conv2d ------------------------------------------------

def case_x_l12_nn_conv_transpose_is_conv_gradient_valid_odd(tf):
    x = tf.constant(wave([1, 5, 5, 2], 1.0))
    w = tf.constant(wave([3, 3, 2, 3], phase=2.0))
    y = tf.nn.conv2d(x, w, [1, 2, 2, 1], "VALID")
    up = tf.constant(wave([1, 2, 2, 3], phase=0.3))
    gx, gw = tf.gradients(y, [x, w], grad_ys=up)
    t = tf.nn.conv2d_transpose(up, w, [1, 5, 5, 2], [1, 2, 2, 1], "VALID")
    bf = tf.nn.conv2d_backprop_filter(x, [3, 3, 2, 3], up, [1, 2, 2, 1], "VALID")
    bi = tf.nn.conv2d_backprop_input([1, 5, 5, 2], w, up, [1, 2, 2, 1], "VALID")
    sess = tf.Session()
    gxv, gwv, tv, bfv, biv = sess.run([gx, gw, t, bf, bi])
    return {"t": tv, "gx_eq": bool(np.allclose(gxv, tv, atol=1e-5)), "gw_eq": bool(np.allclose(gwv, bfv, atol=1e-5)),
            "bi_eq": bool(np.allclose(biv, tv, atol=1e-6)), "types": [gx.op.type, gw.op.type]}


def case_x_l12_nn_conv_transpose_second_order(tf):
    x = tf.constant(wave([1, 3, 3, 1], 1.0))
    w = tf.constant(wave([2, 2, 1, 2], phase=0.5))
    y = tf.nn.conv2d_transpose(tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME"), w, [1, 3, 3, 1], [1, 1, 1, 1], "SAME")
    gx = tf.gradients(tf.reduce_sum(tf.square(y)), x)[0]
    gw = tf.gradients(tf.reduce_sum(gx), w)[0]
    sess = tf.Session()
    return {"y": sess.run(y), "gx": sess.run(gx), "gw": sess.run(gw)}


# --- depthwise_conv2d -------------------------------------------------------------------------

def case_x_l12_depthwise_float16_and_explicit_padding(tf):
    x = tf.constant(wave([1, 4, 4, 2], 1.0))
    w = tf.constant(wave([2, 2, 2, 1], phase=0.7))
    sess = tf.Session()
    out = {"half": sess.run(tf.nn.depthwise_conv2d(tf.cast(x, tf.float16), tf.cast(w, tf.float16), [1, 1, 1, 1],
                                                   "VALID")),
           "explicit": catch(lambda: sess.run(tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1],
                                                                     [[0, 0], [1, 0], [0, 1], [0, 0]]))),
           "native": sess.run(tf.nn.depthwise_conv2d_native(x, w, [1, 2, 2, 1], "SAME", name="dwn"))}
    out["native_op"] = tf.get_default_graph().get_operation_by_name("dwn").type
    return out


def case_x_l12_depthwise_nchw_cpu_and_unknown(tf):
    x = tf.constant(wave([1, 4, 4, 2], 1.0))
    w = tf.constant(wave([2, 2, 2, 2], phase=0.7))
    nchw = tf.nn.depthwise_conv2d(tf.transpose(x, [0, 3, 1, 2]), w, [1, 1, 1, 1], "VALID", data_format="NCHW")
    p = tf.placeholder(tf.float32, None)
    u = tf.nn.depthwise_conv2d(p, w, [1, 1, 1, 1], "SAME")
    sess = tf.Session()
    return {"nchw_static": nchw.shape.as_list(), "nchw": catch(sess.run, nchw),
            "unknown_static": u.shape.as_list(), "fed": sess.run(u, {p: wave([1, 3, 3, 2])})}


def case_x_l12_depthwise_rate_same_grads(tf):
    x = tf.constant(wave([1, 5, 5, 2], 1.0).astype(np.float64))
    w = tf.constant(wave([2, 2, 2, 2], phase=0.7).astype(np.float64))
    y = tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "SAME", rate=[2, 1])
    gx, gw = tf.gradients(tf.reduce_sum(y * y), [x, w])
    sess = tf.Session()
    return {"y": sess.run(y), "gx": sess.run(gx), "gw": sess.run(gw), "static": y.shape.as_list()}


# --- separable_conv2d -------------------------------------------------------------------------

def case_x_l12_separable_float64_multiplier_and_errors(tf):
    x = tf.constant(wave([1, 4, 4, 2], 1.0).astype(np.float64))
    dw = tf.constant(wave([2, 2, 2, 3], phase=0.7).astype(np.float64))
    pw = tf.constant(wave([1, 1, 6, 2], phase=1.4).astype(np.float64))
    y = tf.nn.separable_conv2d(x, dw, pw, [1, 2, 2, 1], "SAME")
    sess = tf.Session()
    return {"y": sess.run(y), "static": y.shape.as_list(), "dtype": y.dtype.name,
            "rate_and_stride": catch(tf.nn.separable_conv2d, x, dw, pw, [1, 2, 2, 1], "SAME", rate=[2, 2]),
            "dtype_mismatch": catch(tf.nn.separable_conv2d, x, tf.cast(dw, tf.float32), pw, [1, 1, 1, 1], "SAME"),
            "ops": sorted(set(op.type for op in tf.get_default_graph().get_operations()))}


def case_x_l12_separable_unknown_and_grad(tf):
    p = tf.placeholder(tf.float32, [None, None, None, 2])
    dw = tf.constant(wave([2, 2, 2, 1], phase=0.7))
    pw = tf.constant(wave([1, 1, 2, 2], phase=1.4))
    y = tf.nn.separable_conv2d(p, dw, pw, [1, 1, 1, 1], "VALID", rate=[2, 2], name="sep")
    g = tf.gradients(tf.reduce_sum(y), [p, dw, pw])
    sess = tf.Session()
    feed = {p: wave([1, 4, 5, 2], 1.0)}
    return {"static": y.shape.as_list(), "y": sess.run(y, feed), "g": sess.run(g, feed), "name": y.op.name}


# --- fused_batch_norm -------------------------------------------------------------------------

def case_x_l12_fused_batch_norm_dtypes_and_rank(tf):
    x = tf.constant(wave([1, 2, 2, 2], 2.0))
    return {
        "float64": catch(tf.nn.fused_batch_norm, tf.cast(x, tf.float64), tf.ones([2], tf.float64),
                         tf.zeros([2], tf.float64)),
        "scale_half": catch(tf.nn.fused_batch_norm, tf.cast(x, tf.float16), tf.ones([2], tf.float16),
                            tf.zeros([2], tf.float16)),
        "rank5": catch(tf.nn.fused_batch_norm, tf.zeros([1, 1, 2, 2, 2]), tf.ones([2]), tf.zeros([2])),
        "unknown_rank_static": [t.shape.as_list() if t.shape.ndims is not None else None for t in
                                tf.nn.fused_batch_norm(tf.placeholder(tf.float32), tf.ones([2]), tf.zeros([2]))],
    }


def case_x_l12_fused_batch_norm_inference_grads(tf):
    x = tf.constant(wave([1, 2, 2, 2], 2.0))
    scale, offset = tf.constant([1.0, 2.0]), tf.constant([0.5, -0.5])
    mean, var = tf.constant([0.1, -0.2]), tf.constant([1.5, 0.25])
    y, _, _ = tf.nn.fused_batch_norm(x, scale, offset, mean=mean, variance=var, epsilon=0.01, is_training=False)
    gx, gs, go = tf.gradients(tf.reduce_sum(y * tf.constant(wave([1, 2, 2, 2], phase=0.4))), [x, scale, offset])
    sess = tf.Session()
    return {"y": sess.run(y), "gx": sess.run(gx), "gs": sess.run(gs), "go": sess.run(go)}


def case_x_l12_fused_batch_norm_training_moving_update_loop(tf):
    x = tf.constant(wave([4, 1, 1, 2], 2.0) + np.array([1.0, -1.0], np.float32))
    mm = tf.Variable([0.0, 0.0])
    mv = tf.Variable([1.0, 1.0])
    y, m, v = tf.nn.fused_batch_norm(x, tf.ones([2]), tf.zeros([2]), mean=mm, variance=mv, is_training=True,
                                     exponential_avg_factor=0.5)
    update = tf.group(mm.assign(m), mv.assign(v))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for _ in range(2):
        sess.run(update)
    return {"y": sess.run(y), "mm": sess.run(mm), "mv": sess.run(mv)}


# --- lrn --------------------------------------------------------------------------------------

def case_x_l12_lrn_float16_grad_and_unknown(tf):
    x = tf.constant(wave([1, 2, 2, 3], 2.0).astype(np.float16))
    y = tf.nn.lrn(x, depth_radius=2, bias=1.0, alpha=0.2, beta=0.5)
    g = tf.gradients(tf.reduce_sum(y), x)[0]
    p = tf.placeholder(tf.float32, [None, None, None, 4])
    u = tf.nn.lrn(p, 1)
    sess = tf.Session()
    return {"y": sess.run(y), "g": sess.run(g), "g_dtype": g.dtype.name, "static": u.shape.as_list(),
            "fed": sess.run(u, {p: wave([1, 1, 2, 4], 3.0)}),
            "unknown_rank": catch(lambda: tf.nn.lrn(tf.placeholder(tf.float32)).shape.ndims)}


def case_x_l12_lrn_bad_arguments(tf):
    x = tf.constant(wave([1, 1, 1, 3], 1.0))
    sess = tf.Session()
    return {"negative_radius": catch(lambda: sess.run(tf.nn.lrn(x, depth_radius=-1))),
            "int_input": catch(tf.nn.lrn, tf.ones([1, 1, 1, 2], tf.int32)),
            "beta_zero": sess.run(tf.nn.lrn(x, depth_radius=1, bias=2.0, alpha=1.0, beta=0.0)),
            "after": sess.run(tf.nn.lrn(x))}


# --- in_top_k / top_k -------------------------------------------------------------------------

def case_x_l12_in_top_k_unknown_batch_and_k_tensor(tf):
    preds = tf.placeholder(tf.float32, [None, 4])
    targets = tf.placeholder(tf.int64, [None])
    k = tf.constant(2, tf.int64)
    r = tf.nn.in_top_k(preds, targets, k)
    v2 = tf.math.in_top_k(preds, targets, 1)
    sess = tf.Session()
    feed = {preds: [[0.1, 0.9, 0.3, 0.3], [0.4, 0.1, 0.4, 0.0], [0.0, 0.0, 0.0, 0.0]], targets: [2, 2, 3]}
    return {"r": sess.run(r, feed), "v2": sess.run(v2, feed), "static": r.shape.as_list(), "op": r.op.type,
            "bad_target": catch(sess.run, r, {preds: [[0.1, 0.2, 0.3, 0.4]], targets: [4]}),
            "mismatch": catch(sess.run, r, {preds: [[0.1, 0.2, 0.3, 0.4]], targets: [1, 2]})}


def case_x_l12_top_k_values_ties_and_grad(tf):
    x = tf.constant([[1.0, 3.0, 3.0, 2.0], [4.0, -1.0, 0.0, 4.0]])
    values, indices = tf.nn.top_k(x, 2)
    unsorted = tf.nn.top_k(x, 3, sorted=False)
    g = tf.gradients(tf.reduce_sum(values * tf.constant([[1.0, 2.0], [3.0, 4.0]])), x)[0]
    k = tf.placeholder(tf.int32, [])
    dyn = tf.nn.top_k(x, k)
    sess = tf.Session()
    out = {"values": sess.run(values), "indices": sess.run(indices), "g": sess.run(g),
           "unsorted_sets": [sorted(r) for r in sess.run(unsorted.indices).tolist()],
           "dyn_static": dyn.values.shape.as_list(), "dyn": sess.run(dyn, {k: 1}),
           "names": [values.name, indices.name, values.op.type]}
    out["k_too_big"] = catch(tf.nn.top_k, x, 5)
    out["k_too_big_run"] = catch(sess.run, dyn.values, {k: 9})
    out["negative"] = catch(tf.nn.top_k, x, -1)
    out["ints"] = sess.run(tf.nn.top_k(tf.constant([3, 1, 2], tf.int64), 2))
    return out


# --- embedding_lookup over partitions ---------------------------------------------------------

def case_x_l12_embedding_lookup_partitioned_variable_and_grad(tf):
    with tf.variable_scope("emb", partitioner=tf.fixed_size_partitioner(3)):
        table = tf.get_variable("table", initializer=tf.constant(np.arange(14, dtype=np.float32).reshape(7, 2)))
    ids = tf.constant([[6, 0], [3, 3]])
    looked = tf.nn.embedding_lookup(table, ids, partition_strategy="div")
    looked_mod = tf.nn.embedding_lookup(list(table), ids, partition_strategy="mod")
    parts = list(table)
    grads = tf.gradients(tf.reduce_sum(looked), parts)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"div": sess.run(looked), "mod": sess.run(looked_mod), "parts": [p.shape.as_list() for p in parts],
            "names": [p.name for p in parts], "grad_types": [type(g).__name__ for g in grads],
            "grad_values": [sess.run(tf.convert_to_tensor(g)) for g in grads]}


def case_x_l12_embedding_lookup_unknown_ids_and_uneven_div(tf):
    p0 = tf.constant([[0.0], [1.0], [2.0]])
    p1 = tf.constant([[3.0], [4.0]])
    p2 = tf.constant([[5.0], [6.0]])
    ids = tf.placeholder(tf.int32, None)
    y = tf.nn.embedding_lookup([p0, p1, p2], ids, partition_strategy="div")
    z = tf.nn.embedding_lookup([p0, p1, p2], ids, partition_strategy="mod")
    sess = tf.Session()
    return {"static": [y.shape.ndims, z.shape.ndims], "y": sess.run(y, {ids: [[6, 0, 3], [2, 5, 4]]}),
            "z": sess.run(z, {ids: [0, 1, 2, 3, 4, 5, 6]}), "scalar": sess.run(y, {ids: 4}),
            "oob": catch(sess.run, y, {ids: [7]})}


def case_x_l12_embedding_lookup_max_norm_more(tf):
    params = tf.constant(np.array([[3.0, 4.0], [0.3, 0.4], [6.0, 8.0]]))
    parts = [tf.constant([[3.0, 4.0], [0.0, 0.0]]), tf.constant([[6.0, 8.0]])]
    sess = tf.Session()
    var = tf.Variable([[3.0, 4.0], [1.0, 0.0]])
    looked = tf.nn.embedding_lookup(var, [0, 1], max_norm=2.0)
    g = tf.gradients(tf.reduce_sum(looked), var)[0]
    sess.run(tf.global_variables_initializer())
    return {"float64": sess.run(tf.nn.embedding_lookup(params, [[2, 0]], max_norm=2.5)),
            "parts": sess.run(tf.nn.embedding_lookup(parts, [0, 1, 2], max_norm=1.0)),
            "scalar_id": sess.run(tf.nn.embedding_lookup(params, 2, max_norm=1.0)),
            "g": sess.run(tf.convert_to_tensor(g)), "var_after": sess.run(var)}


def case_x_l12_embedding_lookup_error_messages(tf):
    params = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    sess = tf.Session()
    return {
        "oob_msg": message_has(lambda: sess.run(tf.nn.embedding_lookup(params, [0, 5], name="emb")),
                               "indices[1] = 5 is not in [0, 2)", "emb"),
        "neg_msg": message_has(lambda: sess.run(tf.nn.embedding_lookup(params, [[0], [-2]])), "-2", "[0, 2)"),
        "strategy_msg": message_has(lambda: tf.nn.embedding_lookup([params, params], [0], partition_strategy="x"),
                                    "Unrecognized partition_strategy", "x"),
        "after": sess.run(tf.nn.embedding_lookup(params, [1, 0])),
    }


# --- sampled losses ---------------------------------------------------------------------------

def _sampled(tf, n_true=1):
    return (tf.constant([0, 4, 5], tf.int64), tf.constant([[0.5] * n_true, [0.25] * n_true]),
            tf.constant([0.3, 0.25, 0.2]))


def case_x_l12_sampled_softmax_grads_and_label_dtype(tf):
    weights = tf.Variable(wave([6, 3], 1.0))
    biases = tf.Variable([0.1, -0.1, 0.2, 0.0, 0.3, -0.2])
    inputs = tf.constant(wave([2, 3], 1.0, phase=1.0))
    loss = tf.nn.sampled_softmax_loss(weights, biases, tf.constant([[1], [4]], tf.int64), inputs, 3, 6,
                                      sampled_values=_sampled(tf))
    loss32 = tf.nn.sampled_softmax_loss(weights, biases, tf.constant([[1], [4]], tf.int32), inputs, 3, 6,
                                        sampled_values=_sampled(tf))
    gw, gb, gi = tf.gradients(tf.reduce_sum(loss), [weights, biases, inputs])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"loss": sess.run(loss), "loss32": sess.run(loss32), "gw_type": type(gw).__name__,
            "gw": sess.run(tf.convert_to_tensor(gw)), "gb": sess.run(tf.convert_to_tensor(gb)), "gi": sess.run(gi)}


def case_x_l12_sampled_softmax_errors(tf):
    weights = tf.constant(wave([6, 3], 1.0))
    biases = tf.zeros([6])
    inputs = tf.constant(wave([2, 3], 1.0, phase=1.0))
    return {
        "num_true_mismatch": catch(tf.nn.sampled_softmax_loss, weights, biases, tf.constant([[1], [4]], tf.int64),
                                   inputs, 3, 6, num_true=2, sampled_values=_sampled(tf, 2)),
        "inputs_dim": catch(tf.nn.sampled_softmax_loss, weights, biases, tf.constant([[1], [4]], tf.int64),
                            tf.ones([2, 4]), 3, 6, sampled_values=_sampled(tf)),
    }


def case_x_l12_nce_loss_two_true_and_div_shards(tf):
    weights = tf.constant(wave([6, 2], 1.0))
    biases = tf.constant([0.0, 0.1, 0.2, 0.3, 0.4, 0.5])
    inputs = tf.constant([[1.0, -1.0], [0.5, 2.0]])
    sampled = (tf.constant([1, 3, 5], tf.int64), tf.constant([[0.4, 0.3], [0.2, 0.1]]), tf.constant([0.3, 0.1, 0.2]))
    two = tf.nn.nce_loss(weights, biases, tf.constant([[2, 0], [4, 1]], tf.int64), inputs, 3, 6, num_true=2,
                         sampled_values=sampled)
    one = (tf.constant([1, 3, 5], tf.int64), tf.constant([[0.4], [0.2]]), tf.constant([0.3, 0.1, 0.2]))
    shards = tf.nn.nce_loss([weights[:3], weights[3:]], biases, tf.constant([[2], [4]], tf.int64), inputs, 3, 6,
                            sampled_values=one, partition_strategy="div")
    full = tf.nn.nce_loss(weights, biases, tf.constant([[2], [4]], tf.int64), inputs, 3, 6, sampled_values=one)
    gb = tf.gradients(tf.reduce_sum(full), biases)[0]
    sess = tf.Session()
    return {"two": sess.run(two), "shards": sess.run(shards), "full": sess.run(full),
            "gb": sess.run(tf.convert_to_tensor(gb)), "static": two.shape.as_list()}


# --- candidate samplers -----------------------------------------------------------------------

def case_x_l12_candidate_sampler_expected_counts(tf):
    labels = tf.constant([[1, 3], [0, 9]], tf.int64)
    _, ut, ue = tf.nn.uniform_candidate_sampler(labels, 2, 4, unique=False, range_max=10, seed=3)
    ls, lt, le = tf.nn.log_uniform_candidate_sampler(labels, 2, 5, unique=False, range_max=10, seed=3)
    sess = tf.Session()
    lsv, lev = sess.run([ls, le])
    expected = (np.log((lsv + 2.0) / (lsv + 1.0)) / np.log(11.0)) * 5
    return {"uniform_true": sess.run(ut), "uniform_sampled": sess.run(ue), "log_true": sess.run(lt),
            "log_sampled_ok": bool(np.allclose(lev, expected, rtol=1e-5)),
            "dtypes": [ut.dtype.name, lt.dtype.name]}


def case_x_l12_compute_accidental_hits_and_sampler_errors(tf):
    labels = tf.constant([[1, 3], [0, 2]], tf.int64)
    sampled = tf.constant([3, 0, 3, 5], tf.int64)
    idx, ids, w = tf.nn.compute_accidental_hits(labels, sampled, num_true=2)
    sess = tf.Session()
    return {"idx": sess.run(idx), "ids": sess.run(ids), "w": sess.run(w),
            "unique_too_many": catch(lambda: sess.run(tf.nn.uniform_candidate_sampler(
                labels, 2, 6, unique=True, range_max=4)[0])),
            "int32_labels": catch(tf.nn.uniform_candidate_sampler, tf.constant([[1]], tf.int32), 1, 2, True, 5),
            "num_true_wrong": catch(lambda: sess.run(tf.nn.compute_accidental_hits(labels, sampled, num_true=3)[0]))}
