"""The tf.debugging.experimental namespace: tfdbg v2's dump switches. tfsess does not write tfdbg's
DebugEvents files: enable_dump_debug_info makes TF's argument checks, then refuses."""
from tfsess.framework import dtypes

# TF's TensorDebugMode enum names, in its order, and the modes its dumping callback supports
_TENSOR_DEBUG_MODES = ["UNSPECIFIED", "NO_TENSOR", "CURT_HEALTH", "CONCISE_HEALTH", "FULL_HEALTH", "SHAPE",
                       "FULL_NUMERICS", "FULL_TENSOR", "REDUCE_INF_NAN_THREE_SLOTS"]
_DUMPABLE_MODES = ("NO_TENSOR", "CURT_HEALTH", "CONCISE_HEALTH", "FULL_HEALTH", "SHAPE", "FULL_TENSOR")


def enable_dump_debug_info(dump_root, tensor_debug_mode="NO_TENSOR", circular_buffer_size=1000, op_regex=None,
                           tensor_dtypes=None):
    """Would dump tfdbg v2 debugging information under `dump_root` (tf.debugging.experimental.enable_dump_debug_info).

    Raises:
        ValueError: an unknown `tensor_debug_mode`, or `tensor_dtypes` neither a list, a tuple nor a callable.
        NotImplementedError: a mode TF's dumping does not support, or (for valid arguments) always: tfsess
            writes no DebugEvents files.
    """
    if tensor_debug_mode not in _TENSOR_DEBUG_MODES:
        raise ValueError(f"Invalid value in tensor_debug_mode ('{tensor_debug_mode}'). Valid options are: "
                         f"{_TENSOR_DEBUG_MODES}")
    if tensor_debug_mode not in _DUMPABLE_MODES:
        raise NotImplementedError(f"tfdbg dumping: support for tensor debug mode {tensor_debug_mode} is not "
                                  f"implemented yet")
    if tensor_dtypes is not None:
        if not isinstance(tensor_dtypes, (list, tuple)) and not callable(tensor_dtypes):
            raise ValueError("If specified, tensor_dtypes is expected to be a list, a tuple, or a callable that "
                             f"takes a DType argument and returns a boolean, but received {tensor_dtypes}")
        if isinstance(tensor_dtypes, (list, tuple)):
            for dtype in tensor_dtypes:
                dtypes.as_dtype(dtype)  # TF converts each, raising TypeError for what is no dtype
    raise NotImplementedError(f"enable_dump_debug_info({dump_root!r}): tfsess does not write tfdbg v2 DebugEvents "
                              "dumps; tf.debugging.enable_check_numerics and RunMetadata step stats are its tools")


def disable_dump_debug_info():
    """Disables dumping (tf.debugging.experimental.disable_dump_debug_info): a no-op, as in TF when
    enable_dump_debug_info has not enabled it, which in tfsess it never does."""


__all__ = ["disable_dump_debug_info", "enable_dump_debug_info"]
