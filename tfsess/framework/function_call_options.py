"""Process switches of function calls in graph mode: the executor a PartitionedCall names
(tf.experimental.function_executor_type) and whether functional control flow outputs its intermediates
(tf.compat.v1.experimental.output_all_intermediates)."""
from __future__ import annotations

import contextlib
import threading

_local = threading.local()  # as TF's context: each thread has its own function-call options
_OUTPUT_ALL_INTERMEDIATES = None  # process-wide in TF too


def executor_type() -> str:
    """The executor_type attr a function call built now takes ('' is the default executor)."""
    return getattr(_local, "executor_type", "")


@contextlib.contextmanager
def function_executor_type(executor_type):
    """Within the block, function calls built by this thread name `executor_type` as their executor (the
    executor_type attr of PartitionedCall), as tf.experimental.function_executor_type does. tfsess runs
    every function on its own plan executor whatever the attr says."""
    old = getattr(_local, "executor_type", "")
    _local.executor_type = "" if executor_type is None else executor_type
    try:
        yield
    finally:
        _local.executor_type = old


def output_all_intermediates(state):
    """Whether tf.cond/tf.while_loop's v2 ops output all their intermediates (True, False, or None for the
    default) (tf.compat.v1.experimental.output_all_intermediates).

    tfsess's v2 control flow never adds intermediates to its ops' outputs (its gradients read the forward
    body's values from the run), which is TF's behaviour for False and, outside Keras, for None.

    Raises:
        NotImplementedError: for True, whose extra outputs tfsess does not build.
    """
    if state is True:
        raise NotImplementedError("output_all_intermediates(True): tfsess's v2 control-flow ops do not output "
                                  "their intermediates; only None and False are supported")
    global _OUTPUT_ALL_INTERMEDIATES
    _OUTPUT_ALL_INTERMEDIATES = state

__all__ = ["function_executor_type", "output_all_intermediates"]
