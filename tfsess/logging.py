"""The tf.logging namespace."""
from tfsess.platform.tf_logging import *  # noqa: F401,F403
