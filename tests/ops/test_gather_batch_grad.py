"""The gradient of tf.gather with batch_dims (positive and negative), against a NumPy scatter-add."""
import numpy as np
import pytest

import tfsess as tf

P = np.arange(1, 2 * 3 * 4 * 2 + 1, dtype=np.float64).reshape(2, 3, 4, 2)


def _numpy_grad(indices, axis, batch_dims):
    """d sum(gather(P) * W) / dP with W = 0, 1, 2, ... over the gathered shape."""
    grad = np.zeros_like(P)
    out_shape = P.shape[:axis] + indices.shape[batch_dims:] + P.shape[axis + 1:]
    weights = np.arange(int(np.prod(out_shape)), dtype=np.float64).reshape(out_shape)
    for pos in np.ndindex(*out_shape):
        idx_pos = pos[:batch_dims] + pos[axis:axis + indices.ndim - batch_dims]
        src = pos[:axis] + (indices[idx_pos],) + pos[axis + indices.ndim - batch_dims:]
        grad[src] += weights[pos]
    return grad


@pytest.mark.parametrize("indices, axis, batch_dims", [
    ([[2, 0], [1, 1]], 1, 1), ([[3, 0, 3], [1, 1, 2]], 2, 1),
    ([[[0, 3], [1, 1], [2, 2]], [[3, 3], [0, 1], [1, 0]]], 2, 2), ([[1], [0]], 3, 1),
    ([[[0, 1], [3, 3]], [[2, 2], [1, 0]]], 2, 1)])
def test_batch_dims_gradient_matches_scatter_add(indices, axis, batch_dims):
    indices = np.array(indices)
    p = tf.constant(P)
    y = tf.gather(p, indices, axis=axis, batch_dims=batch_dims)
    w = tf.cast(tf.reshape(tf.range(tf.size(y)), tf.shape(y)), tf.float64)
    with tf.Session() as sess:
        got = sess.run(tf.gradients(tf.reduce_sum(y * w), p)[0])
    np.testing.assert_allclose(got, _numpy_grad(indices, axis, batch_dims))


def test_negative_batch_dims_forward_shape_and_gradient():
    indices = np.array([[0, 3], [2, 2]])
    p = tf.constant(P[:, 0])  # [2, 4, 2]
    y = tf.gather(p, indices, axis=-2, batch_dims=-1)
    assert y.shape.as_list() == [2, 2, 2]
    with tf.Session() as sess:
        got, grad = sess.run([y, tf.gradients(tf.reduce_sum(y), p)[0]])
    np.testing.assert_array_equal(got, np.stack([P[0, 0][[0, 3]], P[1, 0][[2, 2]]]))
    np.testing.assert_array_equal(grad[:, :, 0], [[1, 0, 0, 1], [0, 0, 2, 0]])


def test_negative_batch_dims_gradient_needs_indices_rank():
    params = tf.placeholder(tf.float32, [None, None])
    y = tf.gather(params, tf.placeholder(tf.int32), axis=1, batch_dims=-1)
    with pytest.raises(ValueError, match="rank of the indices is unknown"):
        tf.gradients(y, params)


def test_depth_space_block_size_message_is_tfs():
    with pytest.raises(ValueError, match=r"Attr 'block_size' of 'DepthToSpace' Op passed 1 less than minimum 2\."):
        tf.depth_to_space(tf.zeros([1, 2, 2, 4]), 1)
