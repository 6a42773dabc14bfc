"""The tf.losses namespace."""
from tfsess.ops.losses_impl import *  # noqa: F401,F403
