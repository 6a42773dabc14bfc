"""Examples for edit distance, CTC beam search, max pooling with argmax, LU and friends, fake quantization."""
import numpy as np

from op_examples import IMG, builder, grads, plain

EXAMPLES = {}


def _edit_distance(tf, tmp):
    hyp = tf.SparseTensor([[0, 0, 0], [1, 0, 0], [1, 0, 1]], ["a", "b", "c"], [2, 1, 2])
    truth = tf.SparseTensor([[0, 0, 0], [0, 0, 1], [1, 0, 0]], ["a", "x", "b"], [2, 2, 2])
    return [tf.edit_distance(hyp, truth), tf.edit_distance(hyp, truth, normalize=False)]


EXAMPLES["EditDistance"] = builder(_edit_distance)

SQUARE = np.array([[[0.0, 1.0, 2.0], [3.0, 4.0, 5.0], [6.0, 7.0, 9.0]],
                   [[2.0, -1.0, 0.5], [1.0, 3.0, 1.0], [0.5, 0.25, 4.0]]], np.float32)

EXAMPLES["Lu"] = plain(lambda tf, x: list(tf.linalg.lu(x)) + list(tf.linalg.lu(x, output_idx_type=tf.int64)), SQUARE)
EXAMPLES["LogMatrixDeterminant"] = plain(lambda tf, x: list(tf.linalg.slogdet(x)), SQUARE)

QX = np.linspace(-8, 8, 12, dtype=np.float32).reshape(4, 3)
RANGE_LO, RANGE_HI = np.float32(-2.3), np.float32(3.1)
CHANNEL_LO, CHANNEL_HI = np.float32([-1.0, -0.5, 0.2]), np.float32([1.0, 2.5, 3.0])

EXAMPLES["FakeQuantWithMinMaxArgs"] = plain(
    lambda tf, x: [tf.quantization.fake_quant_with_min_max_args(x, -1.0, 5.5, num_bits=4, narrow_range=True)],
    QX, variants=False)
EXAMPLES["FakeQuantWithMinMaxArgsGradient"] = plain(
    lambda tf, g, x: tf.quantization.fake_quant_with_min_max_args_gradient(g, x), QX * 0 + 1, QX, variants=False)
EXAMPLES["FakeQuantWithMinMaxVars"] = plain(
    lambda tf, x, lo, hi: tf.quantization.fake_quant_with_min_max_vars(x, lo, hi), QX, RANGE_LO, RANGE_HI,
    variants=False)
EXAMPLES["FakeQuantWithMinMaxVarsGradient"] = plain(
    lambda tf, g, x, lo, hi: list(tf.quantization.fake_quant_with_min_max_vars_gradient(g, x, lo, hi)),
    QX * 0 + 1, QX, RANGE_LO, RANGE_HI, variants=False)
EXAMPLES["FakeQuantWithMinMaxVarsPerChannel"] = plain(
    lambda tf, x, lo, hi: tf.quantization.fake_quant_with_min_max_vars_per_channel(x, lo, hi), QX, CHANNEL_LO,
    CHANNEL_HI, variants=False)
EXAMPLES["FakeQuantWithMinMaxVarsPerChannelGradient"] = plain(
    lambda tf, g, x, lo, hi: list(tf.quantization.fake_quant_with_min_max_vars_per_channel_gradient(g, x, lo, hi)),
    QX * 0 + 1, QX, CHANNEL_LO, CHANNEL_HI, variants=False)

EXAMPLES["MaxPoolWithArgmax"] = plain(
    lambda tf, x: list(tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")) +
    list(tf.nn.max_pool_with_argmax(x, [1, 3, 2, 1], [1, 1, 2, 1], "VALID", Targmax=tf.int32,
                                    include_batch_in_index=True)), IMG)


def _argmax_grads(tf, tmp):
    x = tf.constant(IMG)
    return grads(tf, tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")[0] ** 2, [x])


EXAMPLES["MaxPoolGradWithArgmax"] = builder(_argmax_grads)

A23 = np.arange(6, dtype=np.float32).reshape(2, 3)
EXAMPLES["GuaranteeConst"] = plain(lambda tf, x: tf.guarantee_const(x), A23)
EXAMPLES["SparseMatMul"] = plain(lambda tf, a: [tf.sparse_matmul(a, a, transpose_b=True, a_is_sparse=True),
                                                tf.sparse_matmul(a, a, transpose_a=True)], A23, variants=False)

BEAM_LOGITS = np.random.RandomState(3).randn(5, 2, 4).astype(np.float32)
EXAMPLES["CTCBeamSearchDecoder"] = plain(
    lambda tf, x, n: [t for d in tf.nn.ctc_beam_search_decoder(x, n, beam_width=3, top_paths=2)[0]
                      for t in (d.indices, d.values, d.dense_shape)] +
    [tf.nn.ctc_beam_search_decoder_v2(x, n, beam_width=2)[1]], BEAM_LOGITS, np.int32([5, 3]), partial=False, variants=False)
