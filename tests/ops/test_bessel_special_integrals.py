"""tf.math.special: Bessel functions and special integrals against published values and TF's edge rules."""
import numpy as np
import pytest

import tfsess as tf

# Reference values (Abramowitz & Stegun tables; DLMF) at x = 1
AT_ONE = {
    "bessel_i0": 1.2660658777520082, "bessel_i0e": 1.2660658777520082 * np.exp(-1.0),
    "bessel_i1": 0.5651591039924851, "bessel_i1e": 0.5651591039924851 * np.exp(-1.0),
    "bessel_k0": 0.42102443824070834, "bessel_k0e": 0.42102443824070834 * np.e,
    "bessel_k1": 0.6019072301972346, "bessel_k1e": 0.6019072301972346 * np.e,
    "bessel_j0": 0.7651976865579666, "bessel_j1": 0.44005058574493355,
    "bessel_y0": 0.08825696421567697, "bessel_y1": -0.7812128213002887,
    "dawsn": 0.5380795069127684, "expint": 1.8951178163559368,
    "fresnel_cos": 0.7798934003768228, "fresnel_sin": 0.4382591473903547, "spence": 0.0,
}


@pytest.mark.parametrize("name", sorted(AT_ONE))
@pytest.mark.parametrize("dtype, rtol", [(np.float64, 1e-14), (np.float32, 1e-6)])
def test_values_at_one(name, dtype, rtol):
    with tf.Session() as sess:
        out = sess.run(getattr(tf.math.special, name)(np.array([1.0], dtype)))
    assert out.dtype == dtype
    np.testing.assert_allclose(out[0], AT_ONE[name], rtol=rtol, atol=1e-15)


def test_both_branches_of_each_approximation():
    """Values either side of each interval boundary the kernels switch at (2, 5, 8; 3.25, 6.25; 2.5625)."""
    x = np.array([1.9, 2.1, 4.9, 5.1, 7.9, 8.1, 20.0])
    with tf.Session() as sess:
        j0, i0e, k1, y0 = sess.run([tf.math.special.bessel_j0(x), tf.math.bessel_i0e(x),
                                    tf.math.special.bessel_k1(x), tf.math.special.bessel_y0(x)])
    # recorded from TF 2.21 (float64)
    np.testing.assert_allclose(j0, [0.28181855937438544, 0.16660698033199023, -0.20973832758532618,
                                    -0.14433474706050067, 0.1943618448412782, 0.14751745404437766,
                                    0.16702466434058325], rtol=1e-13)
    np.testing.assert_allclose(i0e, [0.31824316288914156, 0.29956309452628194, 0.18552997208195338,
                                     0.1816151020959179, 0.14436986414104191, 0.14251180948829525,
                                     0.08978031188482603], rtol=1e-13)
    np.testing.assert_allclose(k1, [0.15966015303266756, 0.12274641153350786, 0.004521169177299837,
                                    0.0036191814623178008, 0.0001728843064923898, 0.00013964122894503082,
                                    5.883057969557039e-10], rtol=1e-13)
    np.testing.assert_allclose(y0, [0.49681997128382027, 0.5182937375137608, -0.29205459424401364,
                                    -0.3216024491248595, 0.20652094814437574, 0.23809132870223484,
                                    0.0626405968093837], rtol=1e-13)


def test_spence_and_expint_identities():
    """spence(2) = -pi^2 / 12, spence(0) = pi^2 / 6; Ei(x) ~ exp(x) / x sum_k k! / x^k for large x."""
    with tf.Session() as sess:
        s, e = sess.run([tf.math.special.spence(np.array([0.0, 2.0, 0.5])),
                          tf.math.special.expint(np.array([100.0, 0.5]))])
    np.testing.assert_allclose(s[:2], [np.pi ** 2 / 6, -np.pi ** 2 / 12], rtol=1e-14)
    np.testing.assert_allclose(s[2], np.pi ** 2 / 12 - np.log(2.0) ** 2 / 2, rtol=1e-14)
    np.testing.assert_allclose(e[0], np.exp(100.0) / 100.0 * (1 + 0.01 + 2e-4 + 6e-6 + 2.4e-7 + 1.2e-8), rtol=1e-9)
    np.testing.assert_allclose(e[1], 0.4542199048631736, rtol=1e-14)


def test_edge_values_follow_tf():
    inf, nan = np.inf, np.nan
    x = np.array([0.0, -1.0, inf, -inf, nan])
    special = tf.math.special
    with tf.Session() as sess:
        k0, y0, y1, expint, spence, dawsn, i1 = sess.run(
            [special.bessel_k0(x), special.bessel_y0(x), special.bessel_y1(x), special.expint(x), special.spence(x),
             special.dawsn(x), special.bessel_i1(x)])
        y1_f32, i0_f32 = sess.run([special.bessel_y1(x.astype(np.float32)),
                                   special.bessel_i0(np.float32([90.0, -90.0]))])
    np.testing.assert_array_equal(k0[:2], [inf, inf])
    np.testing.assert_array_equal(y0[:2], [-inf, -inf])
    np.testing.assert_array_equal(y1[:2], [-inf, -inf])
    assert np.isnan(y1_f32[0]) and y1_f32[1] == -inf  # TF's float kernel: NaN at 0
    assert np.isnan(expint[1]) and expint[0] == -inf
    assert np.isnan(spence[1]) and np.isnan(spence[4])
    np.testing.assert_array_equal(dawsn[:4], [0.0, -0.5380795069127684, 0.0, 0.0])
    np.testing.assert_array_equal(i0_f32, [inf, inf])  # exp(90) overflows float32, as in TF
    assert np.isnan(i1[2])  # exp(inf) * 0, as TF


def test_float16_and_names_and_dtype_errors():
    with tf.Graph().as_default():
        x = tf.constant([0.5, 1.0], tf.float16)
        y = tf.math.special.bessel_j1(x)
        assert y.dtype == tf.float16 and y.op.name == "bessel_j1/BesselJ1"
        assert tf.math.special.dawsn(x, name="d").op.name == "d/Dawsn"
        with tf.Session() as sess:
            np.testing.assert_allclose(sess.run(y), [0.2422684576748739, 0.44005058574493355], rtol=1e-3)
        with pytest.raises(TypeError, match="x"):
            tf.math.special.bessel_i0(tf.constant([1, 2]))


def test_gradients_follow_tf_imputations_at_zero():
    x = tf.constant([0.0, 1.0], tf.float64)
    grads = tf.gradients([tf.math.bessel_i1(x), tf.math.bessel_i1e(x), tf.math.special.bessel_j1(x)], [x])
    with tf.Session() as sess:
        g = sess.run(grads[0])
    # d/dx (I1 + I1e + J1) at 0 is 1 + 0.5 + 0.5; at 1: I0(1) - I1(1) + (I0e(1) - 2 I1e(1)) + J0(1) - J1(1)
    i0, i1 = 1.2660658777520082, 0.5651591039924851
    at_one = (i0 - i1) + np.exp(-1.0) * (i0 - 2 * i1) + 0.7651976865579666 - 0.44005058574493355
    np.testing.assert_allclose(g, [2.0, at_one], rtol=1e-13)
