"""The tf.autograph namespace: to_graph, to_code, set_verbosity, trace, and experimental (do_not_convert,
set_loop_options, Feature)."""
from tfsess import autograph_experimental as experimental  # noqa: F401
from tfsess.ops.autograph.api import to_code, to_graph  # noqa: F401
from tfsess.ops.autograph_api import set_verbosity, trace  # noqa: F401

__all__ = ["experimental", "set_verbosity", "to_code", "to_graph", "trace"]
