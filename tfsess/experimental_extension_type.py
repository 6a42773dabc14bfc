"""The tf.experimental.extension_type namespace."""
from tfsess.ops.extension_type import as_dict  # noqa: F401

__all__ = ["as_dict"]
