"""The tf.layers namespace: TF1's functional layers."""
from tfsess.ops.layers_core import *  # noqa: F401,F403
