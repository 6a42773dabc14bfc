"""The tf.autograph namespace: set_verbosity, trace, and experimental (do_not_convert, set_loop_options)."""
from tfsess import autograph_experimental as experimental  # noqa: F401
from tfsess.ops.autograph_api import set_verbosity, trace  # noqa: F401

__all__ = ["experimental", "set_verbosity", "trace"]
