"""The tf.quantization namespace: fake quantization and its gradients."""
from tfsess.ops.quantization_ops import *  # noqa: F401,F403
