"""The tf.sets namespace (tensorflow.compat.v1.sets)."""
from tfsess.ops.set_ops import *  # noqa: F401,F403
