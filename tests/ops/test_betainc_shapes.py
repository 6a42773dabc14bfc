"""tf.math.betainc's shape rule (scalars broadcast, the other inputs must agree) and its x gradient."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.ops.special_math_ops import betainc_f64

X = np.array([[0.1, 0.5, 0.9], [0.3, 0.2, 0.7]])


def test_scalar_a_and_b_broadcast_over_x():
    y = tf.math.betainc(tf.constant(2.0, tf.float64), tf.constant(3.0, tf.float64), X)
    assert y.shape.as_list() == [2, 3]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(y), betainc_f64(2.0, 3.0, X))


def test_scalar_x_gradient_sums_over_the_broadcast():
    xs = tf.constant(0.4, tf.float64)
    a = X * 4.0 + 1.0
    grad = tf.gradients(tf.math.betainc(a, 3.0 * np.ones_like(X), xs), xs)[0]
    eps = 1e-6
    want = np.sum(betainc_f64(a, 3.0, 0.4 + eps) - betainc_f64(a, 3.0, 0.4 - eps)) / (2 * eps)
    with tf.Session() as sess:
        got = sess.run(grad)
    assert np.shape(got) == ()
    np.testing.assert_allclose(got, want, rtol=1e-5)


def test_static_and_runtime_shape_mismatches():
    with pytest.raises(ValueError, match=r"Dimension 0 in both shapes must be equal, but are 2 and 3"):
        tf.math.betainc(X, np.ones([3, 2]), X)
    p = tf.placeholder(tf.float64)
    y = tf.math.betainc(p, 3.0 * np.ones_like(X), X)
    assert y.shape.as_list() == [2, 3]
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"Shapes of a and b are inconsistent: \[2,1\]"):
            sess.run(y, {p: np.ones([2, 1])})


def test_only_float32_and_float64():
    with pytest.raises(TypeError, match="allowed values: float32, float64"):
        tf.math.betainc(tf.constant(1.0, tf.float16), tf.constant(1.0, tf.float16), tf.constant(0.5, tf.float16))
