"""tf.layers.InputSpec checks and Keras-style legacy layers (tf.layers.experimental)."""
import pytest

import tfsess as tf


class Doubler(tf.layers.Layer):
    def call(self, inputs):
        return inputs * 2.0


def test_input_spec_checks_rank_axes_and_dtype():
    x = tf.placeholder(tf.float32, [None, 3])
    layer = Doubler(name="doubler")
    layer.input_spec = tf.layers.InputSpec(ndim=2, axes={-1: 3})
    assert layer(x).shape.as_list() == [None, 3]
    layer.input_spec = tf.layers.InputSpec(min_ndim=3)
    with pytest.raises(ValueError, match='Input 0 of layer "doubler".*expected min_ndim=3, found ndim=2'):
        layer(x)
    layer.input_spec = tf.layers.InputSpec(dtype="int32")
    with pytest.raises(ValueError, match="expected dtype=int32"):
        layer(x)
    with pytest.raises(ValueError, match="Axis 3 is greater than the maximum allowed value: 1"):
        tf.layers.InputSpec(ndim=2, axes={3: 1})
    assert repr(tf.layers.InputSpec(min_ndim=2, max_ndim=4)) == "InputSpec(max_ndim=4, min_ndim=2)"


def test_keras_style_layers_own_their_weights(reset_graph):  # names count from a fresh default graph
    x = tf.placeholder(tf.float32, [None, 3])
    with tf.layers.experimental.keras_style_scope():
        layer = tf.layers.Dense(2)
        first, second = layer(x), layer(x)
        with pytest.raises(ValueError, match="reuse argument not allowed"):
            tf.layers.Dense(2, _reuse=True)
    assert layer.name == "dense_1" and first.name == "dense_1/BiasAdd:0" and second.name == "dense_1_1/BiasAdd:0"
    assert [v.name for v in tf.global_variables()] == ["dense_1/kernel:0", "dense_1/bias:0"]
    legacy = tf.layers.Dense(2)
    legacy(x)
    assert not legacy._keras_style and legacy.weights[0].name == "dense/kernel:0"
