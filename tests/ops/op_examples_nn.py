"""Examples for the depthwise convolution, normalization and candidate-sampling op types."""
import numpy as np

from op_examples import IMG, builder, grads, plain

EXAMPLES = {}

DW_FILTER = np.arange(2 * 2 * 3 * 2, dtype=np.float32).reshape(2, 2, 3, 2) / 10.0  # multiplier 2

EXAMPLES["DepthwiseConv2dNative"] = plain(
    lambda tf, x, w: tf.nn.depthwise_conv2d(x, w, [1, 2, 2, 1], "SAME"), IMG, DW_FILTER)


def _depthwise_grads(tf, tmp):
    x, w = tf.constant(IMG), tf.constant(DW_FILTER)
    return grads(tf, tf.nn.depthwise_conv2d(x, w, [1, 1, 1, 1], "SAME") ** 2, [x, w])


EXAMPLES["DepthwiseConv2dNativeBackpropInput"] = builder(_depthwise_grads)
EXAMPLES["DepthwiseConv2dNativeBackpropFilter"] = builder(_depthwise_grads)

SCALE3 = np.array([1.0, 2.0, 0.5], np.float32)
OFFSET3 = np.array([0.0, 0.1, -0.1], np.float32)


def _fused_training(tf, x, scale, offset):
    return list(tf.nn.fused_batch_norm(x, scale, offset, is_training=True))


def _fused_inference(tf, x, scale, offset):
    return list(tf.nn.fused_batch_norm(x, scale, offset, mean=offset, variance=scale, is_training=False))


EXAMPLES["FusedBatchNormV3"] = plain(lambda tf, x, s, o: _fused_training(tf, x, s, o) + _fused_inference(tf, x, s, o),
                                     IMG, SCALE3, OFFSET3)


def _fused_grads(tf, tmp):
    x, scale, offset = tf.constant(IMG), tf.constant(SCALE3), tf.constant(OFFSET3)
    y = tf.nn.fused_batch_norm(x, scale, offset, is_training=True)[0]
    y2 = tf.nn.fused_batch_norm(x, scale, offset, mean=offset, variance=scale, is_training=False)[0]
    return grads(tf, y * y + y2, [x, scale, offset])


EXAMPLES["FusedBatchNormGradV3"] = builder(_fused_grads)
EXAMPLES["LRN"] = plain(lambda tf, x: tf.nn.lrn(x, depth_radius=1, bias=2.0, alpha=0.5, beta=0.75), IMG)


def _lrn_grad(tf, tmp):
    x = tf.constant(IMG)
    return grads(tf, tf.nn.lrn(x, 2) ** 2, [x])


EXAMPLES["LRNGrad"] = builder(_lrn_grad)

LABELS = np.array([[1, 3], [4, 0]], np.int64)
EXAMPLES["LogUniformCandidateSampler"] = plain(
    lambda tf, t: list(tf.nn.log_uniform_candidate_sampler(t, 2, 4, unique=True, range_max=10, seed=3)),
    LABELS, variants=False)
EXAMPLES["UniformCandidateSampler"] = plain(
    lambda tf, t: list(tf.nn.uniform_candidate_sampler(t, 2, 5, unique=False, range_max=10, seed=3)),
    LABELS, variants=False)
EXAMPLES["LearnedUnigramCandidateSampler"] = plain(
    lambda tf, t: list(tf.nn.learned_unigram_candidate_sampler(t, 2, 4, unique=True, range_max=10, seed=3)),
    LABELS, variants=False)
EXAMPLES["FixedUnigramCandidateSampler"] = plain(
    lambda tf, t: list(tf.nn.fixed_unigram_candidate_sampler(t, 2, 3, unique=False, range_max=6, seed=3,
                                                             unigrams=[1, 2, 3, 4, 5, 6], distortion=0.5)),
    LABELS, variants=False)
EXAMPLES["AllCandidateSampler"] = plain(
    lambda tf, t: list(tf.nn.all_candidate_sampler(t, 2, 5, unique=True, seed=3)), LABELS, variants=False)
EXAMPLES["ComputeAccidentalHits"] = plain(
    lambda tf, t, s: list(tf.nn.compute_accidental_hits(t, s, num_true=2)),
    LABELS, np.array([3, 7, 0, 3], np.int64), variants=False)
