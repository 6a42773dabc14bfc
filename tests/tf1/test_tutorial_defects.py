"""Defects found running classic TF1 tutorial programs unchanged."""
import numpy as np
import pytest

import tfsess as tf


def test_gradient_of_reduce_sum_over_a_scalar_fed_through_an_unknown_shape(g):
    x = tf.placeholder(tf.float32)
    grad = tf.gradients(tf.reduce_sum(x), x)[0]
    with tf.Session() as sess:
        assert sess.run(grad, {x: 3.0}) == 1.0
        np.testing.assert_array_equal(sess.run(grad, {x: [1.0, 2.0]}), [1.0, 1.0])


# TF's floor kernels report a bad argument, its truncating ones an internal error
@pytest.mark.parametrize("fn, error", [(tf.floormod, tf.errors.InvalidArgumentError),
                                       (tf.floordiv, tf.errors.InvalidArgumentError),
                                       (tf.truncatediv, tf.errors.InternalError),
                                       (tf.truncatemod, tf.errors.InternalError)])
def test_integer_division_of_empty_inputs_does_not_raise(g, fn, error):
    a, b = tf.placeholder(tf.int32), tf.placeholder(tf.int32)
    out = fn(a, b)
    with tf.Session() as sess:
        assert sess.run(out, {a: np.zeros([0], np.int32), b: 0}).shape == (0,)
        with pytest.raises(error):
            sess.run(out, {a: [1], b: [0]})


@pytest.mark.parametrize("axis", [-1, 0])
def test_softmax_cross_entropy_with_logits_of_unknown_rank(g, axis):
    logits, labels = tf.placeholder(tf.float32), tf.placeholder(tf.float32)
    loss = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits, axis=axis)
    grad = tf.gradients(tf.reduce_sum(loss), logits)[0]
    x = np.array([[1.0, 2.0], [3.0, 1.0]], np.float32)
    y = np.array([[0.0, 1.0], [1.0, 0.0]], np.float32)
    if axis == 0:
        x, y = x.T, y.T
    with tf.Session() as sess:
        value, dx = sess.run([loss, grad], {logits: x, labels: y})
    rows = x if axis == -1 else x.T
    want = -np.log(np.exp(rows[[0, 1], [1, 0]]) / np.exp(rows).sum(1))
    np.testing.assert_allclose(value, want, rtol=1e-5)
    assert dx.shape == x.shape
    tf1 = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    assert tf1.shape.ndims is None


def test_minimize_accepts_dict_values_as_var_list(g):
    variables = {"w": tf.Variable(1.0), "b": tf.Variable(2.0)}
    loss = variables["w"] * variables["b"]
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, var_list=variables.values())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        out = sess.run(variables)
    assert out["w"] == pytest.approx(0.8) and out["b"] == pytest.approx(1.9)


def test_floor_div_alias(g):
    with tf.Session() as sess:
        assert sess.run(tf.floor_div(7, 2)) == 3
