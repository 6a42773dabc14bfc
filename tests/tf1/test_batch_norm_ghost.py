"""tf.layers.batch_normalization with virtual_batch_size (ghost batches) and adjustment, against TF 2.21's legacy layer."""
import numpy as np
import pytest

import tfsess as tf

X = (np.sin(np.arange(48)) * 2).reshape(4, 2, 2, 3).astype(np.float32)
# TF 2.21 (tf.compat.v1.layers, legacy Keras): the first 8 outputs of each call below
TF_GHOST_TRAINING = [-0.05974, 1.39714, 1.09924, 0.14068, -1.45176, -1.21064, -0.45656, 1.0683]
TF_GHOST_INFERENCE_AFTER_UPDATE = [-0.02134, 1.51198, 1.4109, 0.19656, -1.45985, -1.5424, -0.45277, 1.16895]
TF_ADJUSTED = [0.42795, 3.23985, 2.86114, 0.79576, -2.33967, -2.17588, -0.30029, 2.59582]


def test_ghost_batches_and_adjustment_match_tf(g):
    training = tf.placeholder_with_default(True, [])
    ghost = tf.layers.batch_normalization(tf.constant(X), training=training, virtual_batch_size=2, momentum=0.5)
    adjusted = tf.layers.batch_normalization(tf.constant(X), training=True,
                                             adjustment=lambda shape: (tf.fill([3], 2.0), tf.fill([3], 0.5)))
    shapes = {v.op.name: v.shape.as_list() for v in tf.global_variables()}
    assert shapes["batch_normalization/gamma"] == [1, 1, 1, 1, 3]  # a dim of virtual batches at index 1
    assert shapes["batch_normalization/moving_mean"] == [1, 1, 1, 1, 3]
    assert shapes["batch_normalization_1/gamma"] == [3]
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert len(updates) == 4
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run([ghost, adjusted] + updates)
        inference = sess.run(ghost, {training: False})
    assert out[0].shape == X.shape
    np.testing.assert_allclose(out[0].ravel()[:8], TF_GHOST_TRAINING, atol=1e-4)
    np.testing.assert_allclose(out[1].ravel()[:8], TF_ADJUSTED, atol=1e-4)
    np.testing.assert_allclose(inference.ravel()[:8], TF_GHOST_INFERENCE_AFTER_UPDATE, atol=1e-4)


@pytest.mark.parametrize("kwargs, message", [
    ({"virtual_batch_size": 0}, "must be a positive integer"),
    ({"virtual_batch_size": 2, "axis": 0}, "axis cannot include 0"),
    ({"virtual_batch_size": 2, "adjustment": lambda shape: (1.0, 0.0)}, "adjustment cannot be specified"),
])
def test_ghost_batch_argument_errors(g, kwargs, message):
    with pytest.raises(ValueError, match=message):
        tf.layers.batch_normalization(tf.constant(X), **kwargs)


def test_ghost_batch_size_must_divide_the_batch(g):
    with pytest.raises(ValueError, match="evenly divisible by 36 but is 48"):
        tf.layers.batch_normalization(tf.constant(X), virtual_batch_size=3, training=True)
