"""tf.nn corners found by the lsweep sweep: dilated convolution through space_to_batch, Conv3D's static
shape, LRN's dtypes, sufficient_statistics' count."""
import numpy as np
import pytest

import tfsess as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default():
        yield


def _fixed(shape, scale=0.5):
    n = int(np.prod(shape))
    return (np.sin(np.arange(1, n + 1) * 0.7) * scale).reshape(shape).astype(np.float32)


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
def test_dilated_convolution_goes_through_space_to_batch(padding):
    x = tf.constant(_fixed([1, 7, 8, 2], 1.0))
    f = tf.constant(_fixed([2, 3, 2, 2]))
    y = tf.nn.convolution(x, f, padding, dilation_rate=[2, 3])
    direct = tf.nn.conv2d(x, f, [1, 1, 1, 1], padding, dilations=[1, 2, 3, 1])
    assert y.op.type == "BatchToSpaceND"
    assert tf.gradients(tf.reduce_sum(y), x)[0].op.type == "BatchToSpaceND"
    with tf.Session() as sess:
        got, want = sess.run([y, direct])
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_dilated_convolution_1d_and_unknown_sizes():
    x = tf.placeholder(tf.float32, [None, None, 2])
    f = tf.constant(_fixed([3, 2, 3]))
    y = tf.nn.convolution(x, f, "SAME", dilation_rate=[2])
    value = _fixed([2, 9, 2], 1.0)
    with tf.Session() as sess:
        got = sess.run(y, {x: value})
        want = sess.run(tf.nn.conv1d(tf.constant(value), f, 1, "SAME", dilations=2))
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_conv3d_static_shape_swaps_height_and_width_dilations_as_tf():
    x = tf.constant(_fixed([1, 4, 5, 3, 2]))
    f = tf.constant(_fixed([2, 2, 2, 2, 1]))
    y = tf.nn.conv3d(x, f, [1] * 5, "VALID", dilations=[1, 1, 2, 1, 1])
    assert y.shape.as_list() == [1, 3, 4, 1, 1]  # TF's shape function: H reads W's dilation and W reads H's
    with tf.Session() as sess:
        assert sess.run(y).shape == (1, 3, 3, 2, 1)  # the run dilates H, as TF's kernel


def test_lrn_refuses_float64():
    with pytest.raises(TypeError, match="float64"):
        tf.nn.lrn(tf.zeros([1, 1, 1, 2], tf.float64))
    assert tf.nn.lrn(tf.zeros([1, 1, 1, 2], tf.float16)).dtype == tf.float16


def test_sufficient_statistics_count_is_a_const_when_the_reduced_dims_are_known():
    x = tf.placeholder(tf.float32, [None, 4, 2])
    count, _, _, _ = tf.nn.sufficient_statistics(x, [1, 2])
    assert count.op.type == "Const" and count.op.name == "sufficient_statistics/Const"
    dynamic, _, _, _ = tf.nn.sufficient_statistics(tf.placeholder(tf.float32), [-1])
    assert dynamic.op.name == "sufficient_statistics_1/count"
    with tf.Session() as sess:
        assert sess.run(dynamic, {"Placeholder_1:0": np.ones([2, 3])}) == 3.0
