"""The tf.config namespace (tf.config.threading so far)."""
from tfsess.config import threading  # noqa: F401
