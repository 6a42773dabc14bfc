"""tf.layers corners found by the lsweep sweep: the `_scope` argument, Keras's window-argument checks."""
import re

import numpy as np
import pytest

import tfsess as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default():
        yield


def test_scope_argument_is_entered_when_the_layer_is_made():
    x = tf.zeros([2, 3])
    with tf.name_scope("explicit"):
        pass  # takes the name scope 'explicit', so the layer's becomes 'explicit_1'
    layer = tf.layers.Dense(1, _scope="explicit")
    y = layer(x)
    assert [v.name for v in layer.weights] == ["explicit/kernel:0", "explicit/bias:0"]
    assert y.op.name == "explicit_1/BiasAdd"
    assert layer.scope_name == "explicit"


@pytest.mark.parametrize("make", [
    lambda x: tf.layers.conv2d(x, 3, 3, strides=2, dilation_rate=2),
    lambda x: tf.layers.separable_conv2d(x, 3, 3, strides=(1, 2), dilation_rate=(2, 1)),
    lambda x: tf.layers.conv1d(tf.zeros([1, 7, 2]), 3, 3, strides=2, dilation_rate=2),
])
def test_strides_with_dilation_raise_value_error(make):
    with pytest.raises(ValueError, match="`strides > 1` not supported in conjunction with `dilation_rate > 1`"):
        make(tf.zeros([1, 7, 7, 2]))


def test_zero_kernel_size_or_strides_raise_value_error():
    with pytest.raises(ValueError, match=re.escape("`kernel_size` argument must be a tuple of 2 integers. Received: (0, 3) "
                                                   "including {0} that does not satisfy the requirement `> 0`")):
        tf.layers.Conv2D(3, (0, 3))  # Keras's normalize_tuple refuses it first
    with pytest.raises(ValueError, match="`strides` cannot contains 0"):
        tf.layers.Conv1D(3, 2, strides=0)


@pytest.mark.parametrize("padding, kernel, strides, want", [
    ("valid", [2, 3], [1, 2], (1, 4, 5, 1)),
    ("same", 3, 2, (1, 6, 4, 1)),
])
def test_conv2d_transpose_output_size_of_unknown_dims_counts_the_kernel(padding, kernel, strides, want):
    x = tf.placeholder(tf.float32, [None, None, None, 2])
    y = tf.layers.conv2d_transpose(x, 1, kernel, strides=strides, padding=padding)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(y, {x: np.ones([1, 3, 2, 2], np.float32)}).shape == want


def test_conv3d_transpose_output_size_of_unknown_dims_counts_the_kernel():
    x = tf.placeholder(tf.float32, [None, None, 3, None, 2])
    y = tf.layers.conv3d_transpose(x, 2, [2, 3, 2], strides=[1, 2, 2], padding="valid")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(y, {x: np.ones([1, 2, 3, 4, 2], np.float32)}).shape == (1, 3, 7, 8, 2)


def test_layer_losses_list_added_losses_before_weight_penalties():
    class Scale(tf.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight("w", [3], initializer=tf.ones_initializer(),
                                     regularizer=lambda v: tf.reduce_sum(v) * 0.1)

        def call(self, inputs):
            self.add_loss(tf.reduce_mean(inputs))
            return inputs * self.w

    layer = Scale()
    layer(tf.fill([2, 3], 2.0))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(layer.losses), [2.0, 0.3], rtol=1e-6)
        # the collection keeps them in the order they were made: the penalty first
        np.testing.assert_allclose(sess.run(tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)), [0.3, 2.0],
                                   rtol=1e-6)


def test_unnamed_legacy_layers_take_the_counters_name_not_their_scopes():
    import tfsess as tf
    with tf.Graph().as_default():
        x = tf.zeros([2, 4])
        first, second = tf.layers.Dense(3), tf.layers.Dense(3, _scope="q")
        first(x)
        second(x)
        assert (first.name, second.name) == ("dense_1", "dense_2")
        assert (first.scope_name, second.scope_name) == ("dense", "q")
        assert [v.name for v in first.weights] == ["dense/kernel:0", "dense/bias:0"]
