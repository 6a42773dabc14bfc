"""Grouped Conv2D (input depth a multiple of the filter's), which TF 2.21's CPU kernels run (values from TF)."""
import numpy as np
import pytest

import tfsess as tf


def _inputs():
    x = tf.constant(np.arange(2 * 4 * 4 * 6, dtype=np.float32).reshape(2, 4, 4, 6) / 50)
    f = tf.constant(np.arange(2 * 2 * 3 * 4, dtype=np.float32).reshape(2, 2, 3, 4) / 10 - 1)
    return x, f


def test_grouped_conv2d_is_each_group_convolved_alone():
    with tf.Graph().as_default():
        x, f = _inputs()
        y = tf.nn.conv2d(x, f, [1, 2, 1, 1], "SAME")
        halves = [tf.nn.conv2d(x[..., 3 * g:3 * g + 3], f[..., 2 * g:2 * g + 2], [1, 2, 1, 1], "SAME")
                  for g in range(2)]
        nchw = tf.nn.conv2d(tf.transpose(x, [0, 3, 1, 2]), f, [1, 1, 2, 1], "VALID", data_format="NCHW")
        with tf.Session() as sess:
            got, want, channels_first = sess.run([y, tf.concat(halves, -1), nchw])
        np.testing.assert_allclose(got, want, rtol=1e-6)
        np.testing.assert_allclose(got.ravel()[:4], [8.56, 8.944, 10.336, 10.792], rtol=1e-5)  # TF 2.21
        np.testing.assert_allclose(channels_first[0, :, 0, 0], [8.56, 8.944, 10.336, 10.792], rtol=1e-5)


def test_grouped_conv2d_gradients_and_errors():
    with tf.Graph().as_default():
        x, f = _inputs()
        y = tf.nn.conv2d(x, f, [1, 2, 1, 1], "SAME")
        gx, gf = tf.gradients(tf.reduce_sum(y * y), [x, f])
        explicit = tf.nn.conv2d(x, f, [1, 1, 1, 1], [[0, 0], [1, 0], [0, 1], [0, 0]])
        gx_explicit = tf.gradients(tf.reduce_sum(explicit), x)[0]
        with pytest.raises(ValueError, match=r"Depth of output \(1\) is not a multiple of the number of groups \(2\)"):
            tf.nn.conv2d(tf.ones([1, 3, 3, 4]), tf.ones([2, 2, 2, 1]), [1, 1, 1, 1], "VALID")
        with tf.Session() as sess:
            dx, df = sess.run([gx, gf])
            np.testing.assert_allclose(dx.ravel()[:3], [-33.2192, -19.216, -5.2128], rtol=1e-4)  # TF 2.21
            np.testing.assert_allclose(df.ravel()[:3], [1728.2996, 1869.5461, 2111.0322], rtol=1e-5)
            with pytest.raises(tf.errors.InvalidArgumentError, match="Gradients for grouped convolutions"):
                sess.run(gx_explicit)


def test_conv3d_takes_no_groups():
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32, [None] * 5)
        y = tf.nn.conv3d(p, tf.ones([1, 1, 1, 2, 1]), [1] * 5, "VALID")
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError, match="must have the same depth: 4 vs 2"):
                sess.run(y, {p: np.ones([1, 2, 2, 2, 4], np.float32)})
