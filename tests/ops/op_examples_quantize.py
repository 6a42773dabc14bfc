"""Examples for quantization to and from the quantized dtypes: QuantizeV2, Dequantize, the
quantize-and-dequantize ops and QuantizedConcat."""
import numpy as np

from op_examples import builder, grads, infer_only, plain
from tfsess.ops import quantized_nn_ops

EXAMPLES = {}

QX = np.linspace(-8, 8, 12, dtype=np.float32).reshape(4, 3)
Q8 = np.array([[-128, -5, 0], [3, 64, 127]], np.int8).view([("qint8", np.int8)]).reshape(2, 3)
QU8 = np.array([[0, 7, 128], [200, 250, 255]], np.uint8).view([("quint8", np.uint8)]).reshape(2, 3)


def _quantize(tf, x):
    return [t for mode in ("MIN_COMBINED", "MIN_FIRST", "SCALED") for t in
            tf.quantization.quantize(x, -6.0, 7.5, tf.qint8, mode=mode)] + \
        list(tf.quantization.quantize(x, [-1.0, -2.0, -3.0], [1.0, 2.0, 3.0], tf.quint16, axis=1))


def _dequantize(tf, q):
    return [tf.quantization.dequantize(q, -1.5, 2.0, mode=mode) for mode in ("MIN_COMBINED", "MIN_FIRST", "SCALED")] \
        + [tf.quantization.dequantize(q, [-1.0, -2.0, -3.0], [1.0, 2.0, 3.0], axis=1, mode="SCALED")]
    # (bfloat16 output needs ml_dtypes: tests/ops/test_quantize_ops.py and x_ops_quantize2 cover it)


def _qdq_v4_grad(tf, tmp):
    x = tf.constant(QX)
    return grads(tf, tf.quantization.quantize_and_dequantize_v2(x, -2.0, 3.0, range_given=True), [x])


def _concat(tf, a, b):
    return list(tf.quantization.quantized_concat(0, [a, b], [0.0, -1.0], [1.0, 5.0])) + \
        list(tf.quantization.quantized_concat(1, [a, a], [0.0, 0.0], [2.0, 2.0]))


EXAMPLES["QuantizeV2"] = plain(_quantize, QX, variants=False)
EXAMPLES["Dequantize"] = plain(_dequantize, Q8, variants=False)
EXAMPLES["QuantizeAndDequantizeV2"] = plain(
    lambda tf, x: [tf.quantization.quantize_and_dequantize(x, -2.0, 3.0, range_given=True),
                   tf.quantization.quantize_and_dequantize(x, 0.0, 0.0, num_bits=4, signed_input=False)], QX,
    variants=False)  # TF's CPU kernels take float and double only (checked in tests/test_quantize_ops.py)
EXAMPLES["QuantizeAndDequantizeV4"] = plain(
    lambda tf, x: [tf.quantization.quantize_and_dequantize_v2(x, -2.0, 3.0, range_given=True, round_mode="HALF_UP"),
                   tf.quantization.quantize_and_dequantize_v2(x, 0.0, 0.0, axis=1, narrow_range=True)], QX,
    variants=False)
EXAMPLES["QuantizeAndDequantizeV4Grad"] = builder(_qdq_v4_grad)
EXAMPLES["QuantizedConcat"] = plain(_concat, QU8, QU8[::-1], variants=False)

POOL_IN = (np.arange(36, dtype=np.uint8).reshape(1, 3, 4, 3) * 7).view([("quint8", np.uint8)]).reshape(1, 3, 4, 3)


def _pools(tf, x):
    return list(quantized_nn_ops.quantized_avg_pool(x, 0.0, 6.0, [1, 2, 2, 1], [1, 1, 2, 1], "SAME")) + \
        list(quantized_nn_ops.quantized_max_pool(x, 0.0, 6.0, [1, 2, 2, 1], [1, 1, 1, 1], "VALID"))


EXAMPLES["QuantizedAvgPool"] = plain(_pools, POOL_IN, variants=False)
EXAMPLES["QuantizedMaxPool"] = plain(_pools, POOL_IN, variants=False)

CONV_FILTER = (np.arange(24, dtype=np.uint8).reshape(2, 2, 3, 2) * 9).view([("quint8", np.uint8)]).reshape(2, 2, 3, 2)
EXAMPLES["QuantizedConv2D"] = plain(
    lambda tf, x, f: list(quantized_nn_ops.quantized_conv2d(x, f, 0.0, 6.0, -1.0, 1.0, [1, 1, 1, 1], "SAME")),
    POOL_IN, CONV_FILTER, variants=False)
EXAMPLES["QuantizedReluX"] = infer_only(
    lambda tf, tmp: quantized_nn_ops.quantized_relu_x(tf.placeholder(tf.quint8, [2, 3]), 3.0, -1.0, 5.0),
    "TF 2.21 registers no kernel for it: running it fails there too (tests/ops/test_quantized_nn_ops.py)")
