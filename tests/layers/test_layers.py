"""tf.layers: variable names and scopes, reuse, shapes, batch-norm moving statistics, errors."""
import numpy as np
import pytest

import tfsess as tf


def _fixed(shape, scale=0.5, phase=0.0):
    n = int(np.prod(shape))
    return (np.sin(np.arange(1, n + 1) * 0.9 + phase) * scale).reshape(shape).astype(np.float32)


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default():
        yield


def _names(variables):
    return [v.name for v in variables]


def test_conv2d_layer_object_reuses_its_variables_and_name_scope():
    layer = tf.layers.Conv2D(2, 3, padding="same")
    x = tf.constant(_fixed([1, 4, 4, 2]))
    a, b = layer(x), layer(x * 2.0)
    assert _names(layer.trainable_variables) == ["conv2d/kernel:0", "conv2d/bias:0"]
    assert _names(tf.global_variables()) == ["conv2d/kernel:0", "conv2d/bias:0"]
    assert [a.op.name, b.op.name] == ["conv2d/BiasAdd", "conv2d/BiasAdd_1"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        av, bv = sess.run([a, b])
    bias = 0.0  # zeros initializer: the convolution is linear in the input
    np.testing.assert_allclose(bv - bias, 2 * (av - bias), rtol=1e-5, atol=1e-6)


def test_functional_layers_number_their_scopes():
    x = tf.constant(_fixed([1, 6, 6, 2]))
    tf.layers.conv2d(x, 1, 2)
    tf.layers.conv2d(x, 1, 2)
    tf.layers.separable_conv2d(x, 3, 2, depth_multiplier=2)
    tf.layers.conv2d_transpose(x, 2, 3)
    assert [(v.name, v.shape.as_list()) for v in tf.global_variables()] == [
        ("conv2d/kernel:0", [2, 2, 2, 1]), ("conv2d/bias:0", [1]),
        ("conv2d_1/kernel:0", [2, 2, 2, 1]), ("conv2d_1/bias:0", [1]),
        ("separable_conv2d/depthwise_kernel:0", [2, 2, 2, 2]),
        ("separable_conv2d/pointwise_kernel:0", [1, 1, 4, 3]), ("separable_conv2d/bias:0", [3]),
        ("conv2d_transpose/kernel:0", [3, 3, 2, 2]), ("conv2d_transpose/bias:0", [2])]


def test_conv1d_causal_padding_sees_only_the_past():
    x = tf.placeholder(tf.float32, [1, 5, 1])
    y = tf.layers.conv1d(x, 1, 2, padding="causal", use_bias=False, kernel_initializer=tf.ones_initializer())
    assert y.shape.as_list() == [1, 5, 1]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run(y, {x: np.arange(1, 6, dtype=np.float32).reshape(1, 5, 1)})
    np.testing.assert_allclose(out.ravel(), [1, 3, 5, 7, 9])


def test_pooling_1d_and_2d_shapes_and_values():
    x = tf.constant(np.arange(8, dtype=np.float32).reshape(1, 4, 2))
    with tf.Session() as sess:
        mx, av = sess.run([tf.layers.max_pooling1d(x, 2, 2), tf.layers.average_pooling1d(x, 2, 2)])
    np.testing.assert_allclose(mx, [[[2, 3], [6, 7]]])
    np.testing.assert_allclose(av, [[[1, 2], [5, 6]]])
    assert tf.layers.MaxPooling2D(2, 2)(tf.placeholder(tf.float32, [None, 5, 5, 1])).shape.as_list() == [None, 2, 2, 1]


def test_conv2d_transpose_with_unknown_spatial_dims():
    p = tf.placeholder(tf.float32, [None, None, None, 2])
    y = tf.layers.conv2d_transpose(p, 3, 3, strides=2, padding="same")
    assert y.shape.as_list() == [None, None, None, 3]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(y, {p: _fixed([1, 2, 3, 2])}).shape == (1, 4, 6, 3)


def test_batch_norm_training_updates_follow_the_momentum_rule():
    data = _fixed([6, 2], 3.0) + np.array([1.0, -1.0], np.float32)
    y = tf.layers.batch_normalization(tf.constant(data), training=True, momentum=0.9)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert len(updates) == 2
    mm, mv = [v for v in tf.global_variables() if "moving" in v.name]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run(y)
        sess.run(updates)
        np.testing.assert_allclose(sess.run(mm), 0.1 * data.mean(0), rtol=1e-5)
        np.testing.assert_allclose(sess.run(mv), 0.9 + 0.1 * data.var(0), rtol=1e-5)
    np.testing.assert_allclose(out, (data - data.mean(0)) / np.sqrt(data.var(0) + 1e-3), rtol=1e-4, atol=1e-5)


def test_fused_batch_norm_layer_uses_bessels_correction_for_the_moving_variance():
    data = _fixed([2, 2, 2, 3], 2.0) + 1.0
    training = tf.placeholder(tf.bool, [])
    tf.layers.batch_normalization(tf.constant(data), training=training, momentum=0.5)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert any(op.type == "FusedBatchNormV3" for op in tf.get_default_graph().get_operations())
    mv = [v for v in tf.global_variables() if "moving_variance" in v.name][0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(updates, {training: False})  # momentum 1 when not training: no change
        np.testing.assert_allclose(sess.run(mv), np.ones(3))
        sess.run(updates, {training: True})
        flat = data.reshape(-1, 3)
        np.testing.assert_allclose(sess.run(mv), 0.5 + 0.5 * flat.var(0, ddof=1), rtol=1e-5)


def test_batch_norm_inference_uses_moving_statistics_and_adds_no_updates():
    y = tf.layers.batch_normalization(tf.constant(_fixed([4, 3], 2.0)), training=False,
                                      moving_variance_initializer=tf.constant_initializer(4.0))
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == []
    assert _names(tf.trainable_variables()) == ["batch_normalization/gamma:0", "batch_normalization/beta:0"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(y), _fixed([4, 3], 2.0) / np.sqrt(4.001), rtol=1e-5)


def test_layer_weights_split_by_trainable():
    bn = tf.layers.BatchNormalization(name="bn")
    bn(tf.constant(_fixed([4, 3])), training=True)
    assert _names(bn.trainable_weights) == ["bn/gamma:0", "bn/beta:0"]
    assert _names(bn.non_trainable_weights) == ["bn/moving_mean:0", "bn/moving_variance:0"]
    assert len(bn.variables) == 4 and len(bn.updates) == 2


@pytest.mark.parametrize("build", [
    lambda x: tf.layers.conv2d(x, 1, 2, padding="full"),
    lambda x: tf.layers.conv2d(tf.zeros([4, 4, 1]), 1, 2),
    lambda x: tf.layers.conv2d(x, 1, 5),
    lambda x: tf.layers.max_pooling2d(x, 2, 2, padding="nope"),
    lambda x: tf.layers.conv2d(tf.placeholder(tf.float32, [None, 4, 4, None]), 1, 2),
    lambda x: tf.layers.batch_normalization(x, axis=7),
])
def test_bad_layer_arguments_raise_value_error(build):
    with pytest.raises(ValueError):
        build(tf.zeros([1, 4, 4, 1]))
