"""Relu, ReluGrad and BiasAdd written into a dying input's buffer (`out=`) give the bits of a fresh
result, whichever input the buffer is; a session's interpreted and compiled runs of such a layer agree."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.ops import nn_ops

RNG = np.random.default_rng(5)


def _bits(a):
    return a.view(np.dtype(f"u{a.dtype.itemsize}"))


def _specials(shape, dtype):
    x = RNG.standard_normal(shape).astype(dtype)
    x.flat[::9], x.flat[1::13], x.flat[2::17], x.flat[3::19] = 0.0, -0.0, np.inf, np.nan
    return x


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_relu_and_relu_grad_into_an_input_buffer(dtype):
    x, g = _specials((4, 6, 5), dtype), _specials((4, 6, 5), dtype)
    want = nn_ops._relu(np, x)
    got = nn_ops._relu(np, x.copy(), out=None)
    buf = x.copy()
    assert nn_ops._relu(np, buf, out=buf) is buf
    np.testing.assert_array_equal(_bits(buf), _bits(want))
    np.testing.assert_array_equal(_bits(got), _bits(want))
    want = nn_ops._relu_grad_kernel(np, g, x)
    for k in (0, 1):
        args = [g.copy(), x.copy()]
        assert nn_ops._relu_grad_kernel(np, *args, out=args[k]) is args[k]
        np.testing.assert_array_equal(_bits(args[k]), _bits(want))


@pytest.mark.parametrize("data_format,shape", [("NHWC", (2, 3, 4, 5)), ("NCHW", (2, 5, 3, 4)), ("NHWC", (6, 5))])
def test_bias_add_into_its_value_buffer(data_format, shape):
    value, bias = _specials(shape, np.float32), RNG.standard_normal(5).astype(np.float32)
    want = nn_ops._bias_add(np, value, bias, data_format=data_format)
    buf = value.copy()
    assert nn_ops._bias_add(np, buf, bias, data_format=data_format, out=buf) is buf
    np.testing.assert_array_equal(_bits(buf), _bits(want))


def test_a_relu_layer_step_reuses_buffers_and_matches_numpy():
    x = RNG.standard_normal((8, 6, 6, 3)).astype(np.float32)
    w = RNG.standard_normal((3, 3, 3, 4)).astype(np.float32)
    b = RNG.standard_normal(4).astype(np.float32)
    with tf.Graph().as_default():
        xt = tf.constant(x)
        h = tf.nn.relu(tf.nn.bias_add(tf.nn.conv2d(xt, w, [1, 1, 1, 1], "SAME") * 2.0, b))
        loss = tf.reduce_sum(h * h)
        dx, = tf.gradients(loss, [xt])
        with tf.Session() as sess:
            runs = [sess.run([h, dx]) for _ in range(4)]  # interpreted, then compiled
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)))
    conv = sum(padded[:, i:i + 6, j:j + 6, :] @ w[i, j] for i in range(3) for j in range(3))
    want_h = np.maximum(conv * 2.0 + b, 0)
    for got_h, got_dx in runs:
        np.testing.assert_allclose(got_h, want_h, rtol=1e-5, atol=1e-5)
        np.testing.assert_array_equal(got_dx, runs[0][1])
