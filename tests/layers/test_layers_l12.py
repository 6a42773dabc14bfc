"""tf.layers details found by the second variation pass (l12): a named layer object's scope, `build` called
directly, activation names, Keras's window-argument messages."""
import re

import numpy as np
import pytest

import tfsess as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default():
        yield


def test_two_named_layer_objects_take_unique_scopes_as_tf():
    x = tf.zeros([1, 3])
    tf.layers.Dense(2, name="fc")(x)
    second = tf.layers.Dense(2, name="fc")
    second(x)
    assert second.scope_name == "fc_1" and second.name == "fc"
    assert [v.name for v in tf.global_variables()][2:] == ["fc_1/kernel:0", "fc_1/bias:0"]


def test_functional_form_keeps_its_exact_name_and_refuses_a_duplicate():
    x = tf.zeros([1, 3])
    tf.layers.dense(x, 2, name="fc")
    with pytest.raises(ValueError, match="fc/kernel already exists"):
        tf.layers.dense(x, 2, name="fc")


def test_build_called_directly_makes_variables_in_the_layer_scope():
    layer = tf.layers.Conv2D(2, 3, name="conv")
    layer.build([1, 4, 4, 2])  # a list works, as Keras's shape conversion
    assert [v.name for v in layer.weights] == ["conv/kernel:0", "conv/bias:0"]
    y = layer(tf.zeros([1, 4, 4, 2]))
    assert y.op.name == "conv/BiasAdd" and len(tf.global_variables()) == 2
    dense = tf.layers.Dense(3)
    with tf.variable_scope("outer"):
        dense.build(tf.TensorShape([None, 2]))
    assert [v.name for v in dense.weights] == ["outer/dense/kernel:0", "outer/dense/bias:0"]
    assert dense.kernel.dtype.base_dtype == tf.float32


def test_activation_names_are_looked_up_as_keras():
    x = tf.constant(np.array([[-1.0, 2.0]], np.float32))
    y = tf.layers.dense(x, 2, activation="relu", kernel_initializer=tf.constant_initializer(1.0))
    assert y.op.type == "Relu"
    with pytest.raises(ValueError, match="Unknown activation function: 'nope'"):
        tf.layers.conv2d(tf.zeros([1, 4, 4, 1]), 1, 2, activation="nope")


@pytest.mark.parametrize("make, message", [
    (lambda: tf.layers.Conv2D(1, 2, strides=-1), "`strides` argument must be a tuple of 2 integers. Received: -1 "
                                                  "including {-1} that does not satisfy the requirement `>= 0`."),
    (lambda: tf.layers.Conv2D(1, 2, strides=1.5), "`strides` argument must be a tuple of 2 integers. Received: 1.5"),
    (lambda: tf.layers.MaxPooling1D(0, 1), "`pool_size` argument must be a tuple of 1 integers. Received: 0 "
                                            "including {0} that does not satisfy the requirement `> 0`."),
    (lambda: tf.layers.Conv1D(1, [2, "x"]), "`kernel_size` argument must be a tuple of 1 integers"),
])
def test_window_arguments_are_checked_as_keras_normalize_tuple(make, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        make()
