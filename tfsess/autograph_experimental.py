"""The tf.autograph.experimental namespace: Feature, do_not_convert, set_loop_options."""
from tfsess.ops.autograph_api import Feature, do_not_convert, set_loop_options  # noqa: F401

__all__ = ["Feature", "do_not_convert", "set_loop_options"]
