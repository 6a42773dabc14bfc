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


def test_conv2d_backprop_input_takes_its_batch_from_out_backprop():
    sizes = tf.placeholder(tf.int32, [4])
    y = tf.nn.conv2d_transpose(tf.zeros([3, 2, 2, 2]), tf.zeros([3, 3, 4, 2]), sizes, [1, 2, 2, 1], "SAME")
    assert y.shape.as_list() == [3, None, None, None]


def test_explicit_padding_of_batch_or_depth_is_refused():
    x, f = tf.zeros([1, 4, 4, 2]), tf.zeros([2, 2, 2, 1])
    with pytest.raises(ValueError, match="Nonzero explicit padding in the batch or depth dimensions"):
        tf.nn.conv2d(x, f, [1, 1, 1, 1], [[1, 0], [0, 0], [0, 0], [0, 0]])
    with pytest.raises(ValueError, match="nonnegative"):
        tf.nn.conv2d(x, f, [1, 1, 1, 1], [[0, 0], [-1, 0], [0, 0], [0, 0]])
    assert tf.nn.conv2d(x, f, [1, 1, 1, 1], [[0, 0], [1, 2], [0, 1], [0, 0]]).shape.as_list() == [1, 6, 4, 1]


def test_softplus_and_swish_gradients_end_in_mul_as_tf():
    x = tf.constant([[1.0, -2.0, 0.5]])
    beta = tf.constant(2.0)
    g_softplus = tf.gradients(tf.nn.softplus(x), x)[0]
    y = tf.nn.swish(x, beta=beta)
    g_x, g_beta = tf.gradients(tf.reduce_sum(y), [x, beta])
    assert g_softplus.op.type == "Mul" and g_x.op.type == "Mul" and y.op.type == "IdentityN"
    with tf.Session() as sess:
        gs, gx, gb = sess.run([g_softplus, g_x, g_beta])
    v = np.array([[1.0, -2.0, 0.5]])
    sig = 1 / (1 + np.exp(-2 * v))
    np.testing.assert_allclose(gs, 1 / (1 + np.exp(-v)), rtol=1e-6)
    np.testing.assert_allclose(gx, sig * (1 + 2 * v * (1 - sig)), rtol=1e-5)
    np.testing.assert_allclose(gb, np.sum(v * v * sig * (1 - sig)), rtol=1e-5)


def test_embedding_lookup_max_norm_clips_each_embedding_of_rank2_ids():
    params = tf.constant(np.arange(8, dtype=np.float32).reshape(4, 2))
    for shards in (params, [params[:2], params[2:]]):
        y = tf.nn.embedding_lookup(shards, [[0, 1], [2, 3]], partition_strategy="div", max_norm=2.0)
        with tf.Session() as sess:
            norms = np.linalg.norm(sess.run(y), axis=-1)
        np.testing.assert_allclose(norms, [[1.0, 2.0], [2.0, 2.0]], rtol=1e-6)


def test_dilated_depthwise_goes_through_space_to_batch():
    x = tf.constant(_fixed([1, 7, 7, 2], 1.0))
    f = tf.constant(_fixed([3, 3, 2, 2]))
    y = tf.nn.depthwise_conv2d(x, f, [1, 1, 1, 1], "SAME", rate=[2, 2])
    direct = tf.nn.depthwise_conv2d_native(x, f, [1, 1, 1, 1], "SAME", dilations=[1, 2, 2, 1])
    assert y.op.type == "BatchToSpaceND"
    assert tf.nn.depthwise_conv2d(x, f, [1, 2, 2, 1], "SAME", rate=[2, 2]) is not None  # TF does not refuse it
    with tf.Session() as sess:
        got, want = sess.run([y, direct])
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_conv2d_input_depth_not_a_multiple_of_the_filters_is_invalid_argument():
    x = tf.placeholder(tf.float32, [None, None, None, None])
    y = tf.nn.conv2d(x, tf.zeros([2, 2, 3, 1]), [1, 1, 1, 1], "VALID")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="input depth must be evenly divisible by filter"):
            sess.run(y, {x: np.zeros([1, 3, 3, 2])})
        with pytest.raises(tf.errors.InvalidArgumentError, match="divisible by number of groups: 1 vs 2"):
            sess.run(y, {x: np.zeros([1, 3, 3, 6])})  # TF 2.21's CPU kernel runs groups, given enough filters
        assert sess.run(y, {x: np.zeros([1, 3, 3, 3])}).shape == (1, 2, 2, 1)  # the session stays usable
