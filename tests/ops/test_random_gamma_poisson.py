"""Gamma and Poisson samplers: the vectorised first try agrees with the one-draw-at-a-time replay,
moments, the implicit gradient against finite differences, stateless determinism and errors."""
import math

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors
from tfsess.ops import distributions_samplers as samplers
from tfsess.ops.special_math_ops import igamma_f64


def _replayed_gamma(key, counter, alpha, per_alpha):
    out = np.empty((alpha.size, per_alpha))
    for a_index, a in enumerate(alpha):
        d = a + (2.0 / 3 if a < 1 else -1.0 / 3)
        for s in range(per_alpha):
            stream = samplers._Stream(key, counter, a_index * per_alpha + s, np.float64)
            out[a_index, s] = samplers._gamma_replay(stream, float(a), d, 1.0 / 3 / math.sqrt(d))
    return out.T


def test_vectorised_gamma_matches_the_replay_of_every_stream():
    alpha = np.array([0.05, 0.4, 1.0, 1.3, 2.5, 60.0])  # small alphas reject often
    fast = samplers.gamma(1234, 77 << 64, alpha, 40)
    np.testing.assert_array_equal(fast, _replayed_gamma(1234, 77 << 64, alpha, 40))


def _knuth_replay(key, counter, index, rate):
    stream, prod, x = samplers._Stream(key, counter, index, np.float64), 1.0, 0
    while True:
        prod *= stream.uniform()
        if prod <= math.exp(-rate):
            return x
        x += 1


def test_knuth_poisson_matches_a_scalar_replay():
    rate = np.array([0.1, 2.0, 9.5])
    fast = samplers.poisson(99, 5 << 64, rate, 30)
    slow = np.array([[_knuth_replay(99, 5 << 64, r * 30 + s, rate[r]) for r in range(3)] for s in range(30)])
    np.testing.assert_array_equal(fast, slow)


def test_sample_moments():
    with tf.Graph().as_default(), tf.Session() as sess:
        g = tf.random_gamma([20000], [0.3, 2.0, 15.0], beta=[1.0, 2.0, 0.5], seed=1, dtype=tf.float64)
        p = tf.random_poisson([0.7, 11.0, 250.0], [20000], seed=2, dtype=tf.float64)
        gv, pv = sess.run([g, p])
    np.testing.assert_allclose(gv.mean(0), [0.3, 1.0, 30.0], rtol=0.03)
    np.testing.assert_allclose(gv.var(0), [0.3, 0.5, 60.0], rtol=0.06)
    np.testing.assert_allclose(pv.mean(0), [0.7, 11.0, 250.0], rtol=0.03)
    np.testing.assert_allclose(pv.var(0), [0.7, 11.0, 250.0], rtol=0.06)
    assert np.all(pv == np.round(pv)) and pv.min() >= 0


def test_gamma_gradient_is_the_implicit_derivative_summed_over_samples():
    with tf.Graph().as_default(), tf.Session() as sess:
        alpha = tf.constant([0.6, 2.0, 8.0], tf.float64)
        beta = tf.constant([1.0, 2.0, 0.5], tf.float64)
        s = tf.random_gamma([5], alpha, beta=beta, dtype=tf.float64, seed=4)
        ga, gb = tf.gradients(tf.reduce_sum(s * s), [alpha, beta])
        sv, ga, gb = sess.run([s, ga, gb])
    alpha_v, beta_v = np.array([0.6, 2.0, 8.0]), np.array([1.0, 2.0, 0.5])
    unit = sv * beta_v  # the Gamma(alpha, 1) draws
    expected = (2 * sv * samplers.gamma_sample_alpha_derivative(alpha_v, unit) / beta_v).sum(0)
    np.testing.assert_allclose(ga, expected, rtol=1e-10)
    np.testing.assert_allclose(gb, (2 * sv * -unit / beta_v ** 2).sum(0), rtol=1e-10)


def test_gamma_gradient_is_unbiased():
    # E[d sample / d alpha] = d E[sample] / d alpha = 1 / beta
    with tf.Graph().as_default(), tf.Session() as sess:
        alpha = tf.constant([0.3, 1.0, 4.0], tf.float64)
        s = tf.random_gamma([20000], alpha, beta=2.0, dtype=tf.float64, seed=6)
        grad = sess.run(tf.gradients(tf.reduce_mean(s, 0), alpha)[0])
    np.testing.assert_allclose(grad, [0.5, 0.5, 0.5], rtol=0.03)


def test_alpha_derivative_of_the_cdf_inversion():
    # d sample / d alpha = -(dP/dalpha) / density: check against a central difference of P.
    a, x = np.array([0.3, 1.0, 2.5, 10.0, 100.0]), np.array([0.1, 1.5, 2.0, 12.0, 95.0])
    h = 1e-5
    dcdf = (igamma_f64(a + h, x) - igamma_f64(a - h, x)) / (2 * h)
    density = np.exp(-x + (a - 1) * np.log(x) - np.array([math.lgamma(v) for v in a]))
    np.testing.assert_allclose(samplers.gamma_sample_alpha_derivative(a, x), -dcdf / density, rtol=1e-6)


def test_stateless_samplers_depend_only_on_the_seed():
    def draw():
        with tf.Graph().as_default(), tf.Session() as sess:
            return sess.run([tf.random.stateless_gamma([3, 2], [4, 5], [1.5, 0.5]),
                             tf.random.stateless_poisson([3, 2], [4, 5], [1.5, 30.0]),
                             tf.random.stateless_categorical([[0.0, 1.0, 3.0]], 6, [4, 5])])
    first, second = draw(), draw()
    for a, b in zip(first, second):
        np.testing.assert_array_equal(a, b)


def test_stateful_runs_advance_and_sessions_repeat():
    with tf.Graph().as_default():
        g = tf.random_gamma([4], 2.0, seed=5)
        with tf.Session() as sess:
            a, b = sess.run(g), sess.run(g)
        with tf.Session() as sess:
            c = sess.run(g)
    assert not np.array_equal(a, b)
    np.testing.assert_array_equal(a, c)


def test_errors_name_the_problem_and_leave_the_session_usable():
    with tf.Graph().as_default(), tf.Session() as sess:
        shape = tf.placeholder(tf.int32, [None])
        g = tf.random_gamma(shape, [1.0], seed=1)
        with pytest.raises(errors.InvalidArgumentError, match="non-zero element count"):
            sess.run(g, {shape: [0]})
        assert sess.run(g, {shape: [2]}).shape == (2, 1)
        bad = tf.random.stateless_poisson([2], [1, 2], lam=[1.0, 2.0, 3.0])
        with pytest.raises(errors.InvalidArgumentError, match="StatelessRandomPoisson"):
            sess.run(bad)
    with pytest.raises(TypeError):  # as TF: alpha 1.0 does not convert to int32
        tf.random_gamma([2], 1.0, dtype=tf.int32)


def test_gamma_shapes_and_dtypes():
    with tf.Graph().as_default():
        g = tf.random_gamma([2, 3], [[1.0], [2.0]], beta=[1.0, 2.0], dtype=tf.float16)
        p = tf.random_poisson(tf.ones([4]), [5], dtype=tf.int64)
        assert g.shape.as_list() == [2, 3, 2, 2] and g.dtype == tf.float16
        assert p.shape.as_list() == [5, 4] and p.dtype == tf.int64 and p.op.type == "RandomPoissonV2"
