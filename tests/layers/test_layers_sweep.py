"""tf.layers corners found by the lsweep sweep: the `_scope` argument, Keras's window-argument checks."""
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
    with pytest.raises(ValueError, match="`kernel_size` cannot contain 0"):
        tf.layers.Conv2D(3, (0, 3))
    with pytest.raises(ValueError, match="`strides` cannot contains 0"):
        tf.layers.Conv1D(3, 2, strides=0)
