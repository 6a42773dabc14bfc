"""Quantized pooling and convolution (QuantizedAvgPool, QuantizedMaxPool, QuantizedConv2D) against TF's outputs
recorded by tests/ops/fixtures/make_quantized_pool_fixture.py, and their refusals."""
import json
import os

import numpy as np
import pytest

import tfsess as tf
from tfsess.ops import quantized_nn_ops

with open(os.path.join(os.path.dirname(__file__), "fixtures", "quantized_pool_tf.json")) as f:
    RECORDED = json.load(f)
X = np.array(RECORDED["x"], np.uint8)


@pytest.mark.parametrize("key", [k for k in RECORDED if k.startswith(("avg/", "max/"))])
def test_pool_matches_tf(key):
    name, k, s, pad = key.split("/")
    fn = quantized_nn_ops.quantized_avg_pool if name == "avg" else quantized_nn_ops.quantized_max_pool
    with tf.Graph().as_default():
        p = tf.placeholder(tf.quint8)  # as recorded: a shape of unknown rank
        r = fn(p, -1.0, 2.0, json.loads(k), json.loads(s), pad)
        known = fn(tf.placeholder(tf.quint8, [2, 5, 4, 3]), -1.0, 2.0, [1, 2, 2, 1], [1, 1, 1, 1], "VALID").output
        with tf.Session() as sess:
            out = sess.run(r, {p: X})
    want, lo, hi, shape = RECORDED[key]
    assert out.output.tolist() == want and out.output.dtype == np.uint8
    assert (float(out.min_output), float(out.max_output)) == (lo, hi)
    assert r.output.shape.as_list() == shape and r.output.dtype == tf.quint8
    assert known.shape.as_list() == [2, 4, 3, 3]  # TF's shape function, for a known input shape


def test_refusals():
    with tf.Graph().as_default(), tf.Session() as sess:
        q32 = tf.placeholder(tf.qint32)
        out = quantized_nn_ops.quantized_avg_pool(q32, -1.0, 1.0, [1, 2, 2, 1], [1, 1, 1, 1], "VALID").output
        with pytest.raises(tf.errors.InvalidArgumentError, match="QuantizedAvgPool"):  # TF: quint8 kernels only
            sess.run(out, {q32: np.zeros([1, 2, 2, 1], np.int32)})
        with pytest.raises(TypeError, match="allowed values"):
            quantized_nn_ops.quantized_max_pool(tf.zeros([1, 2, 2, 1]), -1.0, 1.0, [1, 2, 2, 1], [1, 1, 1, 1], "SAME")
        with pytest.raises(ValueError, match="batch or depth"):
            quantized_nn_ops.quantized_max_pool(q32, -1.0, 1.0, [2, 2, 2, 1], [1, 1, 1, 1], "SAME")
        assert sess.run(tf.constant(2)) == 2


@pytest.mark.parametrize("key", [k for k in RECORDED if k.startswith("conv/")])
def test_conv2d_matches_tf(key):
    _, strides, padding, ranges = key.split("/")
    image, kernel = np.array(RECORDED["conv_in"], np.uint8), np.array(RECORDED["conv_filter"], np.uint8)
    with tf.Graph().as_default():
        p, f = tf.placeholder(tf.quint8), tf.placeholder(tf.quint8)
        r = quantized_nn_ops.quantized_conv2d(p, f, *json.loads(ranges), json.loads(strides), padding)
        with tf.Session() as sess:
            out = sess.run(r, {p: image, f: kernel})
    want, lo, hi, shape = RECORDED[key]
    assert out.output.tolist() == want and out.output.dtype == np.int32 and r.output.dtype == tf.qint32
    assert (float(out.min_output), float(out.max_output)) == (lo, hi)
    assert r.output.shape.as_list() == shape


def test_conv2d_refuses_unequal_strides_like_tf():
    with tf.Graph().as_default(), tf.Session() as sess:
        p, f = tf.placeholder(tf.quint8), tf.placeholder(tf.quint8)
        r = quantized_nn_ops.quantized_conv2d(p, f, 0.0, 1.0, 0.0, 1.0, [1, 2, 1, 1], "VALID")
        with pytest.raises(tf.errors.InvalidArgumentError, match="equal length strides"):
            sess.run(r.output, {p: np.zeros([1, 3, 3, 1], np.uint8), f: np.zeros([1, 1, 1, 1], np.uint8)})
        known = quantized_nn_ops.quantized_conv2d(tf.placeholder(tf.quint8, [2, 5, 4, 3]),
                                                  tf.placeholder(tf.quint8, [3, 2, 3, 4]), 0.0, 1.0, 0.0, 1.0,
                                                  [1, 2, 2, 1], "SAME")
        assert known.output.shape.as_list() == [2, 3, 2, 4]


def test_relu_x_builds_but_has_no_kernel_as_in_tf():
    with tf.Graph().as_default(), tf.Session() as sess:
        p = tf.placeholder(tf.quint8, [4])
        r = quantized_nn_ops.quantized_relu_x(p, 3.0, -1.0, 5.0)
        assert r.activations.dtype == tf.quint8 and r.activations.shape.as_list() == [4]
        assert list(type(r)._fields) == ["activations", "min_activations", "max_activations"]
        with pytest.raises(tf.errors.InvalidArgumentError, match="No OpKernel was registered to support Op "
                                                                 "'QuantizedReluX'"):
            sess.run(r.activations, {p: np.zeros(4, np.uint8)})
