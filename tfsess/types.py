"""The tf.types namespace (compat.v1): only its `experimental` part."""
from tfsess import types_experimental as experimental  # noqa: F401

__all__ = ["experimental"]
