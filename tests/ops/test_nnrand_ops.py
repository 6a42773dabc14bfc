"""Fractional pooling, sparse bincount, volume patches, approximate top-k, ctc_loss_v2, dropout variants,
index and stateless shuffles, and tf.random.Generator: properties that hold for any seed, and the
links between ops (each against its plainer equivalent)."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors
from tfsess.framework.op_builder import apply_op
from tfsess.ops import fractional_pool_ops, index_shuffle_ops


def _run(fetches, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


@pytest.fixture(autouse=True)
def _fresh_graph():
    with tf.Graph().as_default():
        yield


# ------------------------------------------------------------------ fractional pooling
@pytest.mark.parametrize("pseudo_random", [False, True])
@pytest.mark.parametrize("n_in,n_out", [(10, 6), (11, 7), (9, 3), (25, 12)])
def test_pooling_sequences_cover_the_input_in_cells_of_two_sizes(pseudo_random, n_in, n_out):
    rows, cols = fractional_pool_ops.pooling_sequences(n_in, n_in, n_out, n_out, pseudo_random, 3, 9)
    for seq in (rows, cols):
        assert seq[0] == 0 and seq[-1] == n_in and len(seq) == n_out + 1
        assert set(np.diff(seq)) <= {n_in // n_out, n_in // n_out + 1}


def test_fractional_max_pool_is_the_max_over_its_cells():
    x = np.random.RandomState(0).randn(2, 9, 7, 3).astype(np.float32)
    y, rows, cols = _run(list(tf.nn.fractional_max_pool(x, [1, 1.6, 1.5, 1], deterministic=True, seed=1, seed2=2)))
    for i in range(len(rows) - 1):
        for j in range(len(cols) - 1):
            cell = x[:, rows[i]:rows[i + 1], cols[j]:cols[j + 1], :]
            np.testing.assert_array_equal(y[:, i, j, :], cell.max(axis=(1, 2)))


def test_fractional_avg_pool_overlapping_cells_share_their_border():
    x = np.arange(1 * 7 * 7 * 1, dtype=np.float64).reshape(1, 7, 7, 1)
    y, rows, cols = _run(list(tf.nn.fractional_avg_pool(x, [1, 1.5, 1.5, 1], overlapping=True, deterministic=True,
                                                         seed=4, seed2=5)))
    cell = x[0, rows[0]:rows[1] + 1, cols[0]:cols[1] + 1, 0]
    assert y[0, 0, 0, 0] == pytest.approx(cell.mean())


def test_fractional_pool_deterministic_repeats_and_seedless_varies():
    x = tf.constant(np.random.RandomState(1).randn(1, 40, 40, 1).astype(np.float32))
    fixed = tf.nn.fractional_max_pool(x, [1, 1.3, 1.3, 1], deterministic=True, seed=7, seed2=8)[1]
    free = tf.nn.fractional_max_pool(x, [1, 1.3, 1.3, 1])[1]
    with tf.Session() as sess:
        a, b = sess.run(fixed), sess.run(fixed)
        draws = {tuple(sess.run(free)) for _ in range(6)}
    np.testing.assert_array_equal(a, b)
    assert len(draws) > 1


def test_fractional_max_pool_gradient_goes_to_each_cells_first_maximum():
    x = tf.constant(np.ones((1, 4, 4, 1), np.float32))
    y = tf.nn.fractional_max_pool(x, [1, 2.0, 2.0, 1], deterministic=True, seed=1, seed2=1)[0]
    grad = _run(tf.gradients(tf.reduce_sum(y), x)[0])
    assert grad.sum() == 4 and grad[0, 0, 0, 0] == 1 and grad[0, 1, 1, 0] == 0


def test_fractional_pool_errors_leave_the_session_usable():
    x = tf.ones([1, 4, 4, 1])
    bad = tf.nn.fractional_max_pool(x, [1, 2, 2, 1], seed=1)[0]
    good = tf.nn.fractional_max_pool(x, [1, 2, 2, 1])[0]
    with tf.Session() as sess:
        with pytest.raises(errors.InvalidArgumentError, match="deterministic is false"):
            sess.run(bad)
        assert sess.run(good).shape == (1, 2, 2, 1)


# ------------------------------------------------------------------ sparse bincount
def test_sparse_bincount_rows_match_numpy_bincount():
    values = np.random.RandomState(2).randint(0, 9, size=(5, 7))
    weights = np.random.RandomState(3).rand(5, 7).astype(np.float32)
    out = _run(tf.sparse.bincount(values, weights=weights, axis=-1))
    dense = np.zeros(out.dense_shape, np.float32)
    dense[tuple(out.indices.T)] = out.values
    for row in range(5):
        np.testing.assert_allclose(dense[row], np.bincount(values[row], weights[row], minlength=dense.shape[1]),
                                   rtol=1e-6)


def test_sparse_bincount_sparse_input_counts_only_present_values():
    st = tf.SparseTensor([[0, 1], [1, 0], [1, 2]], [4, 4, 1], [2, 3])
    out = _run(tf.sparse.bincount(st, axis=-1, binary_output=True))
    assert out.indices.tolist() == [[0, 4], [1, 1], [1, 4]] and out.values.tolist() == [1, 1, 1]


# ------------------------------------------------------------------ volume patches, approximate top-k
def test_extract_volume_patches_valid_windows_are_the_input_blocks():
    x = np.random.RandomState(4).randn(1, 4, 3, 5, 2).astype(np.float32)
    y = _run(tf.extract_volume_patches(x, [1, 2, 2, 3, 1], [1, 2, 1, 2, 1], "VALID"))
    np.testing.assert_array_equal(y[0, 1, 0, 1], x[0, 2:4, 0:2, 2:5, :].ravel())


def test_approx_max_k_equals_top_k_on_cpu():
    x = np.random.RandomState(5).randn(3, 11).astype(np.float32)
    approx, exact = _run([tf.math.approx_max_k(x, 4), tf.nn.top_k(x, 4)])
    np.testing.assert_array_equal(approx.values, exact.values)
    np.testing.assert_array_equal(approx.indices, exact.indices)


def test_approx_min_k_builds_but_has_no_cpu_kernel():
    y = tf.math.approx_min_k(tf.ones([2, 5]), 2)
    assert y.values.shape.as_list() == [2, 2]
    with pytest.raises(errors.InvalidArgumentError, match="No OpKernel"):
        _run(y.values)


# ------------------------------------------------------------------ ctc_loss_v2, dropout
def test_ctc_loss_v2_dense_labels_equal_the_sparse_ctc_loss():
    logits = np.random.RandomState(6).randn(5, 2, 4).astype(np.float32)
    dense = tf.nn.ctc_loss_v2([[1, 2, 0], [2, 0, 0]], logits, [2, 1], [5, 4], blank_index=3)
    sparse = tf.nn.ctc_loss(tf.SparseTensor([[0, 0], [0, 1], [1, 0]], [1, 2, 2], [2, 2]), logits, [5, 4])
    a, b = _run([dense, sparse])
    np.testing.assert_allclose(a, b, rtol=1e-6)


def test_stateless_dropout_keeps_scaled_values_and_repeats():
    d = tf.nn.experimental.stateless_dropout(tf.ones([50, 40]), 0.25, seed=[7, 8])
    with tf.Session() as sess:
        a, b = sess.run(d), sess.run(d)
    np.testing.assert_array_equal(a, b)
    assert set(np.unique(a).tolist()) == {0.0, np.float32(1 / 0.75)}
    assert 0.15 < (a == 0).mean() < 0.35


# ------------------------------------------------------------------ index and stateless shuffles
@pytest.mark.parametrize("max_index", [0, 1, 9, 300, 70000])
def test_index_shuffle_is_a_permutation(max_index):
    key = [11, 22, 33]
    values = sorted(index_shuffle_ops.shuffled_index(i, key, max_index, 4) for i in range(min(max_index, 2000) + 1))
    if max_index <= 2000:
        assert values == list(range(max_index + 1))
    else:
        assert len(set(values)) == len(values) and max(values) <= max_index


def test_stateless_shuffle_permutes_rows_the_same_way_each_run():
    x = np.arange(30).reshape(10, 3)
    y = tf.random.experimental.stateless_shuffle(x, [4, 5])
    with tf.Session() as sess:
        a, b = sess.run(y), sess.run(y)
    np.testing.assert_array_equal(a, b)
    assert sorted(a[:, 0].tolist()) == list(range(0, 30, 3)) and (a[:, 1] == a[:, 0] + 1).all()


# ------------------------------------------------------------------ tf.random.Generator
def test_generator_draw_moves_the_counter_by_256_per_value():
    g = tf.random.Generator.from_seed(1234)
    n = g.normal([2, 5])
    with tf.Session() as sess:
        sess.run(g.state.initializer)
        first = sess.run(n)
        assert sess.run(g.state).tolist() == [1234 + 10 * 256, 0, 0]
        assert not np.array_equal(first, sess.run(n))


def test_generator_normal_is_the_stateless_op_on_its_key_and_counter():
    g = tf.random.Generator.from_key_counter(9, [5, 0], "philox")
    n = g.normal([4])
    key = tf.constant([9], tf.uint64)
    counter = tf.constant([5, 0], tf.uint64)
    raw = apply_op("StatelessRandomNormalV2", [tf.constant([4]), key, counter, tf.constant(1)],
                   {"dtype": tf.float32}).outputs[0]
    a, b = _run([n, raw])
    np.testing.assert_array_equal(a, b)


def test_generator_uninitialized_and_threefry_errors():
    g = tf.random.Generator.from_seed(1)
    with pytest.raises(errors.NotFoundError):
        tf.Session().run(g.normal([1]))
    t = tf.random.Generator.from_seed(1, alg="threefry")
    draw = t.uniform([2])
    with tf.Session() as sess:
        sess.run(t.state.initializer)
        with pytest.raises(errors.UnimplementedError, match="ThreeFry"):
            sess.run(draw)
        assert sess.run(t.state).tolist() == [1, 0]


def test_generator_state_is_a_global_variable_and_split_needs_eager():
    g = tf.random.Generator.from_seed(3)
    assert g.state in tf.global_variables() and g.state.op.type == "VarHandleOp"
    with pytest.raises(NotImplementedError):
        g.split(2)
