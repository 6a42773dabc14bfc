"""op_scope, is_symbolic_tensor, guarantee_const, sparse_matmul, required_space_to_batch_paddings,
batch_scatter_update, grad_pass_through, compute_average_loss, ctc_unique_labels, collapse_repeated."""
import numpy as np
import pytest

import tfsess as tf


def _run(fetches, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


def test_sparse_matmul_matches_matmul_and_its_gradients():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    x = tf.constant(a)
    y = tf.sparse_matmul(x, x, transpose_b=True, a_is_sparse=True)
    got, grad = _run([y, tf.gradients(y, x)[0]])
    np.testing.assert_allclose(got, a @ a.T)
    np.testing.assert_allclose(grad, 2 * np.ones((2, 2), np.float32) @ a)
    with pytest.raises(TypeError, match="int32 not in list"):
        tf.sparse_matmul([[1]], [[1]])


def test_guarantee_const_is_identity_without_gradient():
    x = tf.constant([1.0, 2.0])
    g = tf.guarantee_const(x)
    assert g.op.type == "GuaranteeConst" and _run(g).tolist() == [1.0, 2.0]
    with pytest.raises(LookupError):
        tf.gradients(g, x)


def test_required_space_to_batch_paddings_static_and_fed():
    p, c = tf.required_space_to_batch_paddings([5, 7], [2, 3], base_paddings=[[1, 0], [0, 2]])
    shape = tf.placeholder(tf.int32, [2])
    p2, c2 = tf.required_space_to_batch_paddings(shape, [4, 4])
    got = _run([p, c, p2, c2], {shape: [5, 9]})
    assert [g.tolist() for g in got] == [[[1, 0], [0, 2]], [[0, 0], [0, 0]], [[0, 3], [0, 3]], [[0, 3], [0, 3]]]


def test_batch_scatter_update_and_grad_pass_through():
    v = tf.Variable(np.zeros((2, 4), np.float32))
    updated = tf.batch_scatter_update(v, [[1, 3], [0, 2]], [[1.0, 2.0], [3.0, 4.0]])
    x = tf.constant([0.3, 1.7])
    rounded = tf.grad_pass_through(tf.round)(x)
    got, r, g = _run([updated, rounded, tf.gradients(rounded * 3.0, x)[0]])
    assert got.tolist() == [[0, 1, 0, 2], [3, 0, 4, 0]] and r.tolist() == [0, 2] and g.tolist() == [3, 3]


def test_scopes_predicates_and_logger():
    x = tf.constant(1.0)
    with tf.op_scope([x], None, "legacy") as scope:
        assert scope == "legacy/"
    assert tf.is_symbolic_tensor(x) and not tf.is_symbolic_tensor(np.ones(2))
    assert tf.get_logger().name == "tensorflow"


def test_compute_average_loss_and_ctc_label_helpers():
    loss = tf.constant([1.0, 2.0, 3.0, 4.0])
    labels = tf.constant([[1, 1, 2, 2, 0], [3, 3, 3, 1, 1]])
    avg, weighted, (unique, index), (collapsed, lengths) = _run([
        tf.nn.compute_average_loss(loss), tf.nn.compute_average_loss(loss, [1.0, 0.0, 2.0, 1.0], 8),
        tf.nn.ctc_unique_labels(labels), tf.nn.collapse_repeated(labels, [5, 4])])
    assert (avg, weighted) == (2.5, 1.375)
    assert unique.tolist() == [[1, 2, 0, 0, 0], [3, 1, 0, 0, 0]] and index.tolist()[1] == [0, 0, 0, 1, 1]
    assert collapsed.tolist() == [[1, 2, 0], [3, 1, 0]] and lengths.tolist() == [3, 2]
    with pytest.raises(ValueError, match="at least rank 1"):
        tf.nn.compute_average_loss(tf.constant(1.0))


def test_switch_case_runs_the_indexed_branch_or_the_default():
    i = tf.placeholder(tf.int32, [])
    listed = tf.switch_case(i, [lambda: tf.constant(10), lambda: tf.constant(20)], default=lambda: tf.constant(-1))
    keyed = tf.switch_case(i, {1: lambda: tf.constant(1.0), 0: lambda: tf.constant(3.0)})
    with tf.Session() as sess:
        assert [sess.run([listed, keyed], {i: k}) for k in (0, 1, 5)] == [[10, 3.0], [20, 1.0], [-1, 1.0]]
    with pytest.raises(ValueError, match="contiguous range"):
        tf.switch_case(i, {0: lambda: 1, 2: lambda: 2})
    with pytest.raises(TypeError, match="must be a Tensor"):
        tf.switch_case(0, [lambda: 1])


def test_mean_pairwise_squared_error_matches_the_pairwise_definition():
    labels = np.float32([[1, 2, 3], [4, 5, 7]])
    pred = np.float32([[1.5, 2, 2], [4, 6, 9]])
    d = pred - labels
    want = sum(((d[b][:, None] - d[b][None, :]) ** 2).sum() / (3 * 2) for b in range(2))
    got = _run(tf.losses.mean_pairwise_squared_error(labels, pred))
    assert got == pytest.approx(want, rel=1e-6)
    assert tf.get_collection(tf.GraphKeys.LOSSES)[-1].op.name.startswith("mean_pairwise_squared_error")
