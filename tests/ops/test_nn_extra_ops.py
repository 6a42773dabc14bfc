"""depthwise/separable convolution, fused batch norm, LRN, candidate samplers, sampled losses."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework.op_builder import apply_op


def _fixed(shape, scale=0.5, phase=0.0):
    n = int(np.prod(shape))
    return (np.sin(np.arange(1, n + 1) * 0.9 + phase) * scale).reshape(shape).astype(np.float32)


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default():
        yield


def _run(t, feed=None):
    with tf.Session() as sess:
        return sess.run(t, feed)


def test_depthwise_conv2d_is_a_conv2d_per_channel():
    x, w = _fixed([1, 5, 5, 2], 1.0), _fixed([2, 2, 2, 3], phase=0.4)
    got = _run(tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "SAME"))
    for c in range(2):
        want = _run(tf.nn.conv2d(x[..., c:c + 1], w[:, :, c:c + 1, :], [1, 1, 1, 1], "SAME"))
        np.testing.assert_allclose(got[..., 3 * c:3 * c + 3], want, rtol=1e-5, atol=1e-6)


def test_depthwise_conv2d_checks_channels_and_strides_with_rate():
    with pytest.raises(ValueError):
        tf.nn.depthwise_conv2d(tf.zeros([1, 4, 4, 2]), tf.zeros([2, 2, 3, 1]), [1, 1, 1, 1], "SAME")
    # channels last, TF's v1 wrapper builds strides with a rate (through space_to_batch); channels first refuses
    assert tf.nn.depthwise_conv2d(tf.zeros([1, 4, 4, 1]), tf.zeros([2, 2, 1, 1]), [1, 2, 2, 1], "SAME",
                                  rate=[2, 2]).op.type == "BatchToSpaceND"
    with pytest.raises(ValueError):
        tf.nn.depthwise_conv2d(tf.zeros([1, 1, 4, 4]), tf.zeros([2, 2, 1, 1]), [1, 1, 2, 2], "SAME", rate=[2, 2],
                               data_format="NCHW")


def test_separable_conv2d_is_depthwise_then_pointwise():
    x, dw, pw = _fixed([1, 4, 4, 2], 1.0), _fixed([2, 2, 2, 1], phase=0.7), _fixed([1, 1, 2, 3], phase=1.4)
    got = _run(tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], "VALID"))
    depthwise = _run(tf.nn.depthwise_conv2d(x, dw, [1, 1, 1, 1], "VALID"))
    np.testing.assert_allclose(got, depthwise @ pw[0, 0], rtol=1e-5, atol=1e-6)


def test_fused_batch_norm_training_and_inference():
    x = _fixed([2, 2, 2, 3], 2.0)
    y, mean, var = _run(list(tf.nn.fused_batch_norm(x, [1.0, 2.0, 0.5], [0.0, 0.1, -0.1], epsilon=0.001)))
    flat = x.reshape(-1, 3)
    np.testing.assert_allclose(mean, flat.mean(0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(var, flat.var(0, ddof=1), rtol=1e-5)
    want = (x - flat.mean(0)) / np.sqrt(flat.var(0) + 0.001) * [1.0, 2.0, 0.5] + [0.0, 0.1, -0.1]
    np.testing.assert_allclose(y, want, rtol=1e-4, atol=1e-5)
    y_inf = _run(tf.nn.fused_batch_norm(x, [1.0, 1.0, 1.0], [0.0, 0.0, 0.0], mean=[1.0, 0.0, 0.0],
                                        variance=[3.0, 1.0, 1.0], is_training=False)[0])
    np.testing.assert_allclose(y_inf[..., 0], (x[..., 0] - 1.0) / np.sqrt(3.001), rtol=1e-5)


def test_fused_batch_norm_nchw_matches_nhwc():
    x = _fixed([2, 3, 2, 2], 2.0)
    nchw = _run(tf.nn.fused_batch_norm(x, [1.0, 2.0, 3.0], [0.0, 0.0, 1.0], data_format="NCHW")[0])
    nhwc = _run(tf.nn.fused_batch_norm(x.transpose(0, 2, 3, 1), [1.0, 2.0, 3.0], [0.0, 0.0, 1.0])[0])
    np.testing.assert_allclose(nchw, nhwc.transpose(0, 3, 1, 2), rtol=1e-5, atol=1e-6)


def test_fused_batch_norm_needs_statistics_for_inference():
    with pytest.raises(ValueError, match="mean"):
        tf.nn.fused_batch_norm(tf.zeros([1, 2, 2, 2]), tf.ones([2]), tf.zeros([2]), is_training=False)


def test_lrn_against_a_direct_sum():
    x = _fixed([1, 2, 2, 5], 2.0)
    got = _run(tf.nn.lrn(x, depth_radius=1, bias=2.0, alpha=0.5, beta=0.75))
    want = np.empty_like(x)
    for d in range(5):
        window = x[..., max(d - 1, 0):d + 2]
        want[..., d] = x[..., d] / (2.0 + 0.5 * np.sum(window ** 2, axis=-1)) ** 0.75
    np.testing.assert_allclose(got, want, rtol=1e-5)


def test_samplers_are_seeded_unique_and_in_range():
    labels = tf.constant([[1], [3]], tf.int64)
    sampled, true_count, sampled_count = tf.nn.log_uniform_candidate_sampler(labels, 1, 5, unique=True,
                                                                             range_max=10, seed=5)
    first = _run([sampled, true_count, sampled_count])
    again = _run([sampled, true_count, sampled_count])
    np.testing.assert_array_equal(first[0], again[0])
    assert len(set(first[0].tolist())) == 5 and first[0].dtype == np.int64
    assert np.all((first[1] > 0) & (first[1] <= 1)) and first[1].shape == (2, 1)
    u, ut, ue = _run(list(tf.nn.uniform_candidate_sampler(labels, 1, 6, unique=False, range_max=10, seed=5)))
    assert np.all((u >= 0) & (u < 10))
    np.testing.assert_allclose(ut, np.full((2, 1), 0.6), rtol=1e-6)
    np.testing.assert_allclose(ue, np.full(6, 0.6), rtol=1e-6)


def test_compute_accidental_hits_keeps_the_last_position_of_a_repeated_sample():
    rows, ids, weights = _run(list(tf.nn.compute_accidental_hits(
        tf.constant([[1, 3], [4, 1]], tf.int64), tf.constant([3, 1, 1, 5], tf.int64), 2)))
    assert rows.tolist() == [0, 0, 1] and ids.tolist() == [2, 0, 2]
    assert np.all(weights == -np.finfo(np.float32).max)


def test_sampled_softmax_loss_against_a_direct_computation():
    weights, biases = _fixed([6, 3], 1.0), np.array([0.1, -0.1, 0.2, 0.0, 0.3, -0.2], np.float32)
    inputs = _fixed([2, 3], 1.0, phase=1.0)
    sampled = np.array([0, 4, 5]), np.array([[0.5], [0.25]], np.float32), np.array([0.3, 0.25, 0.2], np.float32)
    loss = _run(tf.nn.sampled_softmax_loss(
        weights, biases, tf.constant([[1], [4]], tf.int64), inputs, 3, 6,
        sampled_values=tuple(tf.constant(s) for s in sampled), remove_accidental_hits=False))
    for row, label in enumerate([1, 4]):
        true_logit = inputs[row] @ weights[label] + biases[label] - np.log(sampled[1][row, 0])
        sampled_logits = weights[sampled[0]] @ inputs[row] + biases[sampled[0]] - np.log(sampled[2])
        logits = np.concatenate([[true_logit], sampled_logits])
        want = -(true_logit - np.log(np.sum(np.exp(logits))))
        np.testing.assert_allclose(loss[row], want, rtol=1e-5)


def test_depthwise_backprops_check_out_backprop_shape_like_conv2d():
    x = tf.constant(_fixed((1, 4, 4, 2)))
    f = tf.constant(_fixed((2, 2, 2, 3)))
    wrong_dy = tf.constant(_fixed((1, 3, 3, 5)))  # VALID 2x2 on 4x4 gives 3x3 with 2*3=6 channels
    attrs = {"strides": [1, 1, 1, 1], "padding": "VALID", "data_format": "NHWC"}
    backprop_input = apply_op("DepthwiseConv2dNativeBackpropInput", [tf.constant([1, 4, 4, 2]), f, wrong_dy],
                              attrs, name="bad_input_grad").outputs[0]
    backprop_filter = apply_op("DepthwiseConv2dNativeBackpropFilter", [x, tf.constant([2, 2, 2, 3]), wrong_dy],
                               attrs, name="bad_filter_grad").outputs[0]
    with tf.Session() as sess:
        for t, name in [(backprop_input, "bad_input_grad"), (backprop_filter, "bad_filter_grad")]:
            with pytest.raises(tf.errors.InvalidArgumentError, match="Size of out_backprop doesn't match") as info:
                sess.run(t)
            assert info.value.op.name == name
