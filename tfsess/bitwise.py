"""The tf.bitwise namespace (compat.v1)."""
from tfsess.ops.bitwise_ops import *  # noqa: F401,F403
