"""edit_distance, CTC decoders and label helpers, sparse embedding lookups, max_pool_with_argmax, and others."""
import numpy as np
import pytest

import tfsess as tf


def _run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def test_edit_distance_groups_in_given_order_and_normalizes():
    hyp = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], [1, 2, 5], [3, 2])
    truth = \
        tf.SparseTensor([[0, 0], [0, 1], [2, 0]], [1, 3, 4], [3, 2])
    got, raw = _run([tf.edit_distance(hyp, truth), tf.edit_distance(hyp, truth, normalize=False)])
    # row 0: [1, 2] vs [1, 3] -> 1 of 2; row 1: [5] vs [] -> inf; row 2: [] vs [4] -> 1
    np.testing.assert_array_equal(got, np.float32([0.5, np.inf, 1.0]))
    np.testing.assert_array_equal(raw, np.float32([1, 1, 1]))


def test_edit_distance_rejects_dense_and_mismatched_inputs():
    truth = tf.SparseTensor([[0, 0]], [1], [1, 2])
    with pytest.raises(TypeError, match="Hypothesis must be a SparseTensor"):
        tf.edit_distance([1], truth)
    with pytest.raises(TypeError, match="truth_values"):
        tf.edit_distance(tf.SparseTensor([[0, 0]], tf.constant([1], tf.int64), [1, 2]), truth)
    with pytest.raises(ValueError, match="hypothesis_shape does not match truth_shape"):
        tf.edit_distance(tf.SparseTensor([[0, 0, 0]], [1], [1, 2, 2]), truth)


def test_edit_distance_keeps_the_order_within_a_group_as_tf():
    hyp = tf.SparseTensor([[0, 1], [0, 0]], [2, 1], [1, 2])
    truth = tf.SparseTensor([[0, 0], [0, 1]], [1, 2], [1, 2])
    assert _run(tf.edit_distance(hyp, truth, normalize=False)).tolist() == [2.0]


PARAMS = np.arange(12, dtype=np.float32).reshape(4, 3)
IDS = ([[0, 0], [0, 1], [2, 0], [2, 1]], [1, 3, 0, 2], [3, 2])


@pytest.mark.parametrize("combiner", ["sum", "mean", "sqrtn"])
def test_embedding_lookup_sparse_matches_numpy(combiner):
    weights = np.float32([2.0, 0.5, 1.0, 3.0])
    ids = tf.SparseTensor(IDS[0], tf.constant(IDS[1], tf.int64), IDS[2])
    sp_w = tf.SparseTensor(IDS[0], weights, IDS[2])
    got, got_w = _run([tf.nn.embedding_lookup_sparse(PARAMS, ids, None, combiner=combiner),
                       tf.nn.embedding_lookup_sparse(PARAMS, ids, sp_w, combiner=combiner)])
    want, want_w = np.zeros((3, 3), np.float32), np.zeros((3, 3), np.float32)
    for row, members in ((0, [0, 1]), (2, [2, 3])):
        rows, w = PARAMS[[IDS[1][m] for m in members]], weights[members]
        scale = {"sum": 1.0, "mean": len(members), "sqrtn": np.sqrt(len(members))}[combiner]
        scale_w = {"sum": 1.0, "mean": w.sum(), "sqrtn": np.sqrt((w ** 2).sum())}[combiner]
        want[row], want_w[row] = rows.sum(0) / scale, (rows * w[:, None]).sum(0) / scale_w
    np.testing.assert_allclose(got, want, rtol=1e-6)
    np.testing.assert_allclose(got_w, want_w, rtol=1e-6)


def test_embedding_lookup_sparse_shards_agree_with_one_table():
    ids = tf.SparseTensor(IDS[0], tf.constant(IDS[1], tf.int64), IDS[2])
    div = tf.nn.embedding_lookup_sparse([tf.constant(PARAMS[:2]), tf.constant(PARAMS[2:])], ids, None, partition_strategy="div")
    mod = tf.nn.embedding_lookup_sparse([tf.constant(PARAMS[0::2]), tf.constant(PARAMS[1::2])], ids, None, partition_strategy="mod")
    one = tf.nn.embedding_lookup_sparse(PARAMS, ids, None)
    assert div.shape.as_list() == [None, 3]
    a, b, c = _run([div, mod, one])
    np.testing.assert_allclose(a, c)
    np.testing.assert_allclose(b, c)


def test_safe_embedding_lookup_sparse_drops_invalid_and_fills_defaults():
    idx = [[0, 0, 0], [0, 1, 1], [1, 0, 0]]
    ids = tf.SparseTensor(idx, tf.constant([1, -1, 3], tf.int64), [2, 2, 2])
    weights = tf.SparseTensor(idx, [1.0, 2.0, 0.0], [2, 2, 2])
    zeros, default = _run([tf.nn.safe_embedding_lookup_sparse(PARAMS, ids, weights),
                           tf.nn.safe_embedding_lookup_sparse(PARAMS, ids, weights, default_id=2)])
    assert zeros.shape == (2, 2, 3)
    np.testing.assert_allclose(zeros.reshape(4, 3), [PARAMS[1], [0] * 3, [0] * 3, [0] * 3])
    np.testing.assert_allclose(default.reshape(4, 3), [PARAMS[1], PARAMS[2], PARAMS[2], PARAMS[2]])


def test_embedding_lookup_sparse_rejects_bad_arguments():
    ids = tf.SparseTensor(IDS[0], tf.constant(IDS[1], tf.int64), IDS[2])
    with pytest.raises(ValueError, match="combiner must be one of"):
        tf.nn.embedding_lookup_sparse(PARAMS, ids, None, combiner="max")
    with pytest.raises(TypeError, match="sp_ids must be SparseTensor"):
        tf.nn.embedding_lookup_sparse(PARAMS, [1, 2], None)
    with pytest.raises(TypeError, match="sp_weights must be either None or SparseTensor"):
        tf.nn.embedding_lookup_sparse(PARAMS, ids, [1.0])


def test_max_pool_with_argmax_picks_the_first_maximum_and_routes_gradients():
    grid = np.float32([[1, 3, 3, 2], [4, 4, 0, 1], [2, 2, 5, 5]]).reshape(1, 3, 4, 1)
    x = tf.constant(grid)
    out, argmax = tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    assert out.shape.as_list() == [1, 2, 2, 1] and argmax.dtype == tf.int64
    values, where, grad = _run([out, argmax, tf.gradients(out * out, x)[0]])
    np.testing.assert_array_equal(values.reshape(2, 2), [[4, 3], [2, 5]])
    np.testing.assert_array_equal(where.reshape(2, 2), [[4, 2], [8, 10]])
    want = np.zeros(12, np.float32)
    want[[4, 2, 8, 10]] = 2 * np.float32([4, 3, 2, 5])
    np.testing.assert_array_equal(grad.reshape(-1), want)


def test_max_pool_with_argmax_batch_index_and_errors():
    x = tf.constant(np.arange(32, dtype=np.float32).reshape(2, 4, 4, 1))
    _, argmax = tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "VALID", include_batch_in_index=True,
                                           Targmax=tf.int32)
    np.testing.assert_array_equal(_run(argmax).reshape(2, 4), [[5, 7, 13, 15], [21, 23, 29, 31]])
    with pytest.raises(ValueError, match="Cannot specify both"):
        tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME", Targmax=tf.int64, output_dtype=tf.int64)
    with pytest.raises(ValueError, match="data_format"):
        tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME", data_format="NCHW")


def _best_path_probability(log_probs, labels):
    """log p(labels) by brute force over every alignment (blank = last class)."""
    time, classes = log_probs.shape
    total = -np.inf
    for path in np.ndindex(*([classes] * time)):
        collapsed = [c for i, c in enumerate(path) if (i == 0 or c != path[i - 1]) and c != classes - 1]
        if collapsed == list(labels):
            total = np.logaddexp(total, sum(log_probs[t, c] for t, c in enumerate(path)))
    return total


def test_ctc_beam_search_with_a_wide_beam_finds_the_best_labelling():
    logits = np.random.RandomState(0).randn(4, 1, 3)
    log_probs = logits[:, 0] - np.log(np.exp(logits[:, 0]).sum(1, keepdims=True))
    decoded, log_probability = tf.nn.ctc_beam_search_decoder_v2(tf.constant(logits), [4], beam_width=50,
                                                                top_paths=2)
    values, scores = _run([[d.values for d in decoded], log_probability])
    for labels, score in zip(values, scores[0]):
        assert score == pytest.approx(_best_path_probability(log_probs, labels))
    assert scores[0, 0] >= scores[0, 1]


def test_ctc_beam_search_rejects_more_paths_than_beams_at_run_time():
    _, log_probability = tf.nn.ctc_beam_search_decoder(tf.zeros([2, 1, 3]), [2], beam_width=1, top_paths=2)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="top_paths must be <= beam_width"):
            sess.run(log_probability)
