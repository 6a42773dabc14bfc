"""More tf.nn and tf.linalg: edit_distance, sparse embedding lookups (combiners, weights, shards,
max_norm, safe lookups with defaults), max_pool_with_argmax, LU and friends, fake quantization."""
import numpy as np

from _harness import catch


def _sess_run(tf, fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


# ------------------------------------------------------------------ edit distance
def case_x_ops_nn_more2_edit_distance_strings(tf):
    hyp = tf.SparseTensor([[0, 0, 0], [1, 0, 0], [1, 0, 1]], ["a", "b", "c"], [2, 1, 2])
    truth = tf.SparseTensor([[0, 0, 0], [0, 0, 1], [1, 0, 0]], ["a", "x", "b"], [2, 2, 2])
    d = tf.edit_distance(hyp, truth)
    return {"values": _sess_run(tf, [d, tf.edit_distance(hyp, truth, normalize=False)]),
            "shape": d.shape.as_list(), "type": d.op.type, "name": d.op.name}


def case_x_ops_nn_more2_edit_distance_empty_and_unordered(tf):
    hyp = tf.SparseTensor([[0, 1], [0, 0], [1, 0]], [2, 1, 5], [3, 2])
    truth = tf.SparseTensor([[0, 0], [0, 1], [2, 0]], [1, 3, 4], [3, 2])
    return _sess_run(tf, [tf.edit_distance(hyp, truth), tf.edit_distance(hyp, truth, normalize=False)])


def case_x_ops_nn_more2_edit_distance_errors(tf):
    truth = tf.SparseTensor([[0, 0]], [1], [1, 2])
    return {"dense": catch(tf.edit_distance, [1], truth),
            "dense_truth": catch(tf.edit_distance, truth, [1]),
            "dtypes": catch(tf.edit_distance, tf.SparseTensor([[0, 0]], tf.constant([1], tf.int64), [1, 2]), truth),
            "ranks": catch(tf.edit_distance, tf.SparseTensor([[0, 0, 0]], [1], [1, 2, 2]), truth)}


# ------------------------------------------------------------------ sparse embedding lookups
def _tables(tf):
    params = tf.constant(np.arange(12, dtype=np.float32).reshape(4, 3))
    shards = [tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3)),
              tf.constant(np.arange(6, 12, dtype=np.float32).reshape(2, 3))]
    return params, shards


def _ids_and_weights(tf):
    idx = [[0, 0], [0, 1], [2, 0], [2, 1], [2, 2]]
    return (tf.SparseTensor(idx, tf.constant([1, 3, 0, 0, 2], tf.int64), [3, 3]),
            tf.SparseTensor(idx, [2.0, 0.5, 1.0, -1.0, 3.0], [3, 3]))


def case_x_ops_nn_more2_embedding_lookup_sparse_combiners(tf):
    params, _ = _tables(tf)
    ids, weights = _ids_and_weights(tf)
    out = {}
    for combiner in ("sum", "mean", "sqrtn"):
        out[combiner] = tf.nn.embedding_lookup_sparse(params, ids, None, combiner=combiner)
        out[combiner + "_weighted"] = tf.nn.embedding_lookup_sparse(params, ids, weights, combiner=combiner)
    values = _sess_run(tf, out)
    return {k: np.round(v, 5) for k, v in values.items()}, {k: v.shape.as_list() for k, v in out.items()}


def case_x_ops_nn_more2_embedding_lookup_sparse_shards_max_norm(tf):
    _, shards = _tables(tf)
    ids, weights = _ids_and_weights(tf)
    out = {"div": tf.nn.embedding_lookup_sparse(shards, ids, weights, partition_strategy="div"),
           "mod": tf.nn.embedding_lookup_sparse(shards, ids, weights, combiner="sum"),
           "max_norm": tf.nn.embedding_lookup_sparse(shards, ids, None, combiner="sqrtn", max_norm=5.0)}
    values = _sess_run(tf, out)
    return {k: np.round(v, 5) for k, v in values.items()}, {k: v.shape.as_list() for k, v in out.items()}


def case_x_ops_nn_more2_embedding_lookup_sparse_errors_and_grad(tf):
    params, _ = _tables(tf)
    ids, weights = _ids_and_weights(tf)
    out = tf.nn.embedding_lookup_sparse(params, ids, weights)
    grad = tf.convert_to_tensor(tf.gradients(out, params)[0])
    return {"grad": np.round(_sess_run(tf, grad), 5),
            "combiner": catch(tf.nn.embedding_lookup_sparse, params, ids, None, combiner="max"),
            "dense_ids": catch(tf.nn.embedding_lookup_sparse, params, [1, 2], None)}


def case_x_ops_nn_more2_safe_embedding_lookup_sparse(tf):
    params, shards = _tables(tf)
    idx = [[0, 0, 0], [0, 1, 1], [1, 0, 0], [1, 1, 0]]
    ids = tf.SparseTensor(idx, tf.constant([1, -1, 3, 2], tf.int64), [2, 2, 2])
    weights = tf.SparseTensor(idx, [1.0, 2.0, 0.0, 2.0], [2, 2, 2])
    out = {"mean": tf.nn.safe_embedding_lookup_sparse(params, ids, weights),
           "default": tf.nn.safe_embedding_lookup_sparse(shards, ids, weights, default_id=3, combiner="sqrtn"),
           "sum": tf.nn.safe_embedding_lookup_sparse([params], ids, None, combiner="sum")}
    values = _sess_run(tf, out)
    return ({k: np.round(v, 5) for k, v in values.items()}, {k: v.shape.as_list() for k, v in out.items()},
            catch(tf.nn.safe_embedding_lookup_sparse, None, ids))


# ------------------------------------------------------------------ LU and friends
def _square_batch():
    rng = np.random.RandomState(0)
    return rng.randn(3, 3), rng.randn(2, 4, 4), rng.randn(3, 2), rng.randn(2, 4, 1)


def case_x_ops_nn_more2_lu_factors(tf):
    a, ab, _, _ = _square_batch()
    lu, p = tf.linalg.lu(tf.constant(a))
    lub, pb = tf.linalg.lu(tf.constant(ab.astype(np.float32)), output_idx_type=tf.int64)
    values = _sess_run(tf, [lu, p, lub, pb])
    return {"values": [np.round(v, 5) for v in values], "types": [lu.op.type, str(p.dtype), str(pb.dtype)],
            "shapes": [t.shape.as_list() for t in (lu, p, lub, pb)]}


def case_x_ops_nn_more2_lu_solve_reconstruct_inverse(tf):
    a, ab, rhs, rhsb = _square_batch()
    lu, p = tf.linalg.lu(tf.constant(a))
    lub, pb = tf.linalg.lu(tf.constant(ab))
    out = [tf.linalg.lu_solve(lu, p, rhs), tf.linalg.lu_solve(lub, pb, rhsb), tf.linalg.lu_reconstruct(lu, p),
           tf.linalg.lu_reconstruct(lub, pb), tf.linalg.lu_matrix_inverse(lu, p), tf.linalg.lu_matrix_inverse(lub, pb)]
    return [np.round(v, 6) for v in _sess_run(tf, out)], [t.shape.as_list() for t in out]


def case_x_ops_nn_more2_lu_errors(tf):
    sess = tf.Session()
    eye = tf.eye(2)
    singular = catch(sess.run, tf.linalg.lu(tf.constant([[1.0, 2.0], [2.0, 4.0]])))
    return {"singular": singular, "after": sess.run(tf.constant(2.0)),
            "ints": catch(tf.linalg.lu, tf.constant([[1, 2], [3, 4]])),
            "not_square": catch(tf.linalg.lu, tf.zeros([2, 3])),
            "no_grad": catch(tf.gradients, tf.linalg.lu(eye).lu, eye)}


def case_x_ops_nn_more2_slogdet_and_grad(tf):
    a, ab, _, _ = _square_batch()
    x = tf.constant(ab)
    sign, log_abs = tf.linalg.slogdet(x)
    grad = tf.gradients(log_abs, x)[0]
    c = tf.linalg.slogdet(tf.constant(a + 1j * a.T))
    singular = tf.linalg.slogdet(tf.constant([[1.0, 2.0], [2.0, 4.0]]))
    values = _sess_run(tf, [sign, log_abs, grad, c.sign, c.log_abs_determinant, singular.log_abs_determinant])
    return [np.round(v, 6) for v in values], sign.op.type, [sign.shape.as_list(), log_abs.shape.as_list()]


def case_x_ops_nn_more2_pinv_rank_normalize(tf):
    _, ab, rhs, _ = _square_batch()
    x = tf.constant([[3.0, 4.0], [1.0, 1.0]])
    out = [tf.linalg.pinv(tf.constant(rhs)), tf.linalg.pinv(tf.constant([[1.0, 2.0], [2.0, 4.0]])),
           tf.linalg.matrix_rank(tf.constant([[1.0, 2.0], [2.0, 4.0]])), tf.linalg.matrix_rank(tf.constant(ab)),
           tf.linalg.matrix_rank(tf.constant(ab), tol=10.0),
           tf.linalg.normalize(x), tf.linalg.normalize(x, axis=1), tf.linalg.normalize(x, ord=1, axis=0)]
    values = _sess_run(tf, out)
    return [np.round(v, 5) if not isinstance(v, tuple) else [np.round(w, 5) for w in v] for v in values]


# ------------------------------------------------------------------ fake quantization
def _quant_inputs(tf):
    x = tf.constant(np.linspace(-8, 8, 13).astype(np.float32))
    x2 = tf.constant(np.linspace(-3, 3, 12).astype(np.float32).reshape(4, 3))
    return x, x2, tf.constant(-2.3), tf.constant(3.1), tf.constant([-1.0, -0.5, 0.2]), tf.constant([1.0, 2.5, 3.0])


def case_x_ops_nn_more2_fake_quant_forward(tf):
    q = tf.quantization
    x, x2, lo, hi, clo, chi = _quant_inputs(tf)
    out = {"args": q.fake_quant_with_min_max_args(x),
           "args_4_narrow": q.fake_quant_with_min_max_args(x, -1, 5.5, num_bits=4, narrow_range=True),
           "args_positive": q.fake_quant_with_min_max_args(x, 0.1, 0.9), "vars": q.fake_quant_with_min_max_vars(x, lo, hi),
           "vars_reversed": q.fake_quant_with_min_max_vars(x, 3.0, 1.0),
           "vars_zero": q.fake_quant_with_min_max_vars(x, 0.0, 0.0),
           "per_channel": q.fake_quant_with_min_max_vars_per_channel(x2, clo, chi, num_bits=5, narrow_range=True),
           "top_level": tf.fake_quant_with_min_max_args(x, -3, 3, num_bits=3)}
    return _sess_run(tf, out), {k: [v.op.type, v.shape.as_list()] for k, v in out.items()}


def case_x_ops_nn_more2_fake_quant_gradients(tf):
    q = tf.quantization
    x, x2, lo, hi, clo, chi = _quant_inputs(tf)
    y = q.fake_quant_with_min_max_vars(x, lo, hi)
    yc = q.fake_quant_with_min_max_vars_per_channel(x2, clo, chi, num_bits=5, narrow_range=True)
    out = {"args": tf.gradients(q.fake_quant_with_min_max_args(x) * x, x)[0],
           "vars": tf.gradients(y * x, [x, lo, hi]), "per_channel": tf.gradients(yc * x2, [x2, clo, chi]),
           "args_op": q.fake_quant_with_min_max_args_gradient(tf.ones([13]), x, -6, 6),
           "vars_op": q.fake_quant_with_min_max_vars_gradient(tf.ones([13]) * 2, x, lo, hi, num_bits=3),
           "per_channel_op": q.fake_quant_with_min_max_vars_per_channel_gradient(tf.ones([4, 3]), x2, clo, chi)}
    return _sess_run(tf, out)


def case_x_ops_nn_more2_fake_quant_errors(tf):
    q = tf.quantization
    x = tf.constant([1.0, 2.0])
    sess = tf.Session()
    return {"min_max": catch(sess.run, q.fake_quant_with_min_max_args(x, 1.0, 0.0)),
            "bits": catch(sess.run, q.fake_quant_with_min_max_args(x, num_bits=1)),
            "vars_bits": catch(sess.run, q.fake_quant_with_min_max_vars(x, -1.0, 1.0, num_bits=17)),
            "after": sess.run(x), "ints": catch(q.fake_quant_with_min_max_args, tf.constant([1, 2])),
            "channels": catch(q.fake_quant_with_min_max_vars_per_channel, tf.zeros([2, 3]), [0.0, 0.0], [1.0, 1.0]),
            "vars_rank": catch(q.fake_quant_with_min_max_vars, x, [0.0], [1.0])}


# ------------------------------------------------------------------ max_pool_with_argmax
def _pool_input(tf):
    grid = np.array([[1, 3, 3, 2], [4, 4, 0, 1], [2, 2, 5, 5]], np.float32)
    return tf.constant(np.stack([grid, -grid])[..., None].repeat(2, 3) * [1.0, 0.5])


def case_x_ops_nn_more2_max_pool_with_argmax(tf):
    x = _pool_input(tf)
    same = tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    valid = tf.nn.max_pool_with_argmax(x, [1, 2, 3, 1], [1, 1, 1, 1], "VALID", include_batch_in_index=True,
                                       Targmax=tf.int32)
    wide = tf.nn.max_pool_with_argmax(x, [1, 3, 3, 1], [1, 2, 1, 1], "SAME", output_dtype=tf.int64)
    out = list(same) + list(valid) + list(wide)
    return _sess_run(tf, out), [[t.shape.as_list(), str(t.dtype)] for t in out], same[0].op.type


def case_x_ops_nn_more2_max_pool_with_argmax_grad(tf):
    x = _pool_input(tf)
    out, _ = tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 1, 1, 1], "SAME")
    out_b, _ = tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID", include_batch_in_index=True)
    g, g_b = tf.gradients(out * out, x)[0], tf.gradients(out_b * 3.0, x)[0]
    return _sess_run(tf, [g, g_b]), g.op.type, catch(tf.gradients, tf.reduce_sum(g * g), x)


def case_x_ops_nn_more2_max_pool_with_argmax_errors(tf):
    x = _pool_input(tf)
    sess = tf.Session()
    return {"nchw": catch(tf.nn.max_pool_with_argmax, x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME", data_format="NCHW"),
            "both": catch(tf.nn.max_pool_with_argmax, x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME", Targmax=tf.int64,
                          output_dtype=tf.int32),
            "int_ksize": catch(tf.nn.max_pool_with_argmax, x, 2, [1, 2, 2, 1], "SAME"),
            "depth": catch(sess.run, tf.nn.max_pool_with_argmax(x, [1, 2, 2, 2], [1, 2, 2, 1], "SAME")),
            "rank": catch(tf.nn.max_pool_with_argmax, tf.zeros([2, 3]), [1, 2, 2, 1], [1, 2, 2, 1], "SAME"),
            "after": sess.run(tf.constant(1))}


# ------------------------------------------------------------------ CTC beam search
def _beam_fetch(decoded, log_probability):
    return [(d.indices, d.values, d.dense_shape) for d in decoded], log_probability


def case_x_ops_nn_more2_ctc_beam_search(tf):
    logits = tf.constant(np.random.RandomState(3).randn(6, 3, 4).astype(np.float32) * 2)
    seq = tf.constant([6, 4, 1])
    out = {"default": _beam_fetch(*tf.nn.ctc_beam_search_decoder(logits, seq, beam_width=5, top_paths=3)),
           "no_merge": _beam_fetch(*tf.nn.ctc_beam_search_decoder(logits, seq, beam_width=2, top_paths=2,
                                                                  merge_repeated=False)),
           "wide": _beam_fetch(*tf.nn.ctc_beam_search_decoder(logits, seq, beam_width=20)),
           "narrow": _beam_fetch(*tf.nn.ctc_beam_search_decoder(logits, seq, beam_width=1)),
           "v2": _beam_fetch(*tf.nn.ctc_beam_search_decoder_v2(logits, seq, beam_width=3, top_paths=2))}
    values = _sess_run(tf, out)
    return {k: (v[0], np.round(v[1], 4)) for k, v in values.items()}


def case_x_ops_nn_more2_ctc_beam_search_repeats_and_errors(tf):
    probs = np.float32([[0.1, 0.8, 0.1], [0.1, 0.8, 0.1], [0.3, 0.1, 0.6], [0.1, 0.8, 0.1]])
    logits = tf.constant(np.log(probs)[:, None, :])
    sess = tf.Session()
    merged = sess.run(_beam_fetch(*tf.nn.ctc_beam_search_decoder(logits, [4], beam_width=4, top_paths=2)))
    kept = sess.run(_beam_fetch(*tf.nn.ctc_beam_search_decoder(logits, [4], beam_width=4, top_paths=2,
                                                               merge_repeated=False)))
    decoded, log_probability = tf.nn.ctc_beam_search_decoder(logits, [4], beam_width=2, top_paths=3)
    return {"merged": (merged[0], np.round(merged[1], 4)), "kept": (kept[0], np.round(kept[1], 4)),
            "too_many_paths": catch(sess.run, log_probability), "after": sess.run(tf.constant(1)),
            "shapes": [log_probability.shape.as_list(), decoded[0].indices.shape.as_list()],
            "type": log_probability.op.type}


# ------------------------------------------------------------------ expm
def case_x_ops_nn_more2_expm(tf):
    rng = np.random.RandomState(1)
    a, big, small = rng.randn(3, 3), rng.randn(2, 4, 4) * 3, rng.randn(3, 3) * 0.01
    fed = tf.placeholder(tf.float64, [None, 3, 3])
    out = {"a": tf.linalg.expm(a), "big": tf.linalg.expm(big), "small": tf.linalg.expm(small),
           "f32": tf.linalg.expm(tf.constant(big.astype(np.float32))),
           "f32_small": tf.linalg.expm(tf.constant(a.astype(np.float32) * 0.2)),
           "complex": tf.linalg.expm(tf.constant(a + 1j * small)),
           "fed": tf.linalg.expm(fed), "empty": tf.linalg.expm(tf.zeros([2, 0, 0]))}
    with tf.Session() as sess:
        values = sess.run(out, {fed: np.stack([a, small])})
    return ({k: np.round(v, 4) for k, v in values.items()}, {k: v.shape.as_list() for k, v in out.items()},
            catch(tf.linalg.expm, tf.constant([[1, 2], [3, 4]])))
