"""The tf.quantization namespace: fake quantization and its gradients, quantize/dequantize and the
quantize-and-dequantize ops."""
from tfsess.ops.quantization_ops import *  # noqa: F401,F403
from tfsess.ops.quantize_ops import (dequantize, quantize, quantize_and_dequantize,  # noqa: F401
                                     quantize_and_dequantize_v2, quantized_concat)
