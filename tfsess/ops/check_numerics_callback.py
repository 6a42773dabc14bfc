"""tf.debugging.enable_check_numerics in TF1 graph mode: each op created afterwards, in this thread, gets a
CheckNumericsV2 check on each of its floating outputs, whose failure names the op, the output slot, its
dtype, shape and inputs in TF's words.

TF's callback hands the checked tensor back in place of the op's output, so that fetching the output runs
the check. Our op-creation hook (op_builder.op_callbacks) sees the op after it is built and cannot swap
its outputs; instead, as TF does for placeholders in graph mode, each op created later that reads a
checked tensor gets a control input on its check. So a run fails at the first checked value a fetched
result depends on; fetching a checked tensor itself does not run its own check.
"""
from __future__ import annotations

import threading
import weakref

from tfsess.framework import dtypes, errors
from tfsess.framework import op_builder
from tfsess.framework.registry import register_op
from tfsess.ops._infer import FLOAT, unary_op

# TF's OP_CALLBACK_SKIP_OPS (control-flow plumbing) and SAFE_OPS (ops that make no new numbers)
_SKIPPED = {"Enter", "Exit", "Identity", "If", "LoopCond", "Merge", "NextIteration", "StatelessIf",
            "StatefulPartitionedCall", "Switch", "While", "RemoteCall", "Concat", "ConcatV2", "ExpandDims", "Fill",
            "Gather", "Maximum", "Minimum", "Reshape", "Slice", "Squeeze", "Stack", "StridedSlice",
            "StridedSliceGrad", "TensorListConcatV2", "TensorListGather", "TensorListGetItem", "TensorListPopBack",
            "TensorListStack", "Transpose", "Unpack", "CheckNumerics", "CheckNumericsV2"}
# control-flow ops take no control inputs from checks: a Merge waiting on the check of an untaken branch would
# be dead (TF hands these ops the checked tensors themselves)
_CONTROL_FLOW = {"Enter", "Exit", "Merge", "NextIteration", "Switch", "LoopCond", "RefEnter", "RefMerge",
                 "RefSwitch", "RefExit", "RefNextIteration"}
_IGNORED_OUTPUTS = {(t, slot) for t in ("FusedBatchNorm", "FusedBatchNormV2") for slot in (1, 2, 3, 4)} \
    | {("FusedBatchNormV3", slot) for slot in (1, 2, 3, 4, 5)}

_state = threading.local()  # enabled: whether this thread instruments new ops (TF's callbacks are per thread)
_checks = weakref.WeakKeyDictionary()  # checked tensor -> its CheckNumericsV2 op, for the consumers created later


@register_op("CheckNumericsV2", infer=unary_op(FLOAT, param="tensor"), stateful=True)
def _check_numerics_v2(xp, tensor, *, message=""):
    if bool(xp.isnan(tensor).any()):
        raise errors.InvalidArgumentError(None, None, f"{message} : Tensor had NaN values")
    infinite = xp.isinf(tensor)
    if bool((infinite & (tensor < 0)).any()):
        raise errors.InvalidArgumentError(None, None, f"{message} : Tensor had -Inf values")
    if bool(infinite.any()):
        raise errors.InvalidArgumentError(None, None, f"{message} : Tensor had +Inf values")
    return tensor


@_check_numerics_v2.gradient
def _check_numerics_v2_grad(op, grad):
    # as TF: the gradient is checked too
    message = "Not a number (NaN) or infinity (Inf) values detected in gradient. " + op._attr("message")
    return [op_builder.apply1("CheckNumericsV2", [grad], {"message": message},
                              name=op.name + "_grad/CheckNumericsV2")]


def _message(slot, op, tensor) -> str:
    """TF's get_check_numerics_error_message for a graph op (without the creation stack trace)."""
    text = (f"\n\n!!! Detected Infinity or NaN in output {slot} of graph op \"{op.type}\" "
            f"(# of outputs: {len(op.outputs)}) !!!\n  dtype: {tensor.dtype}\n  shape: {tensor.shape}\n")
    inputs = list(op.inputs)
    if len(inputs) > 1:
        text += f"\n  Input tensors ({len(inputs)}):\n"
        text += "".join(f"         {i}: {t}\n" for i, t in enumerate(inputs))
    elif inputs:
        text += f"\n  Input tensor: {inputs[0]}\n"
    return text + "\n"


def _instrument(op):
    if not getattr(_state, "enabled", False):
        return
    if op.type not in _CONTROL_FLOW:
        for tensor in op.inputs:
            check = _checks.get(tensor)
            if check is not None:
                op._add_control_input(check)
    if op.type in _SKIPPED:
        return
    for slot, tensor in enumerate(op.outputs):
        if tensor.dtype.base_dtype.is_floating and tensor.dtype.base_dtype != dtypes.resource \
                and (op.type, slot) not in _IGNORED_OUTPUTS:
            with op.graph.name_scope(op.name + "/"):
                check = op_builder.apply_op("CheckNumericsV2", [tensor], {"message": _message(slot, op, tensor)},
                                            name="CheckNumericsV2")
            _checks[tensor] = check


def enable_check_numerics(stack_height_limit=30, path_length_limit=50):
    """Checks, in this thread, the floating outputs of the ops created from now on: a run that computes a
    NaN or Inf there fails with InvalidArgumentError naming the op (tf.debugging.enable_check_numerics).

    The limits shape TF's stack-trace section, which tfsess's messages leave out.
    """
    del stack_height_limit, path_length_limit
    _state.enabled = True
    if _instrument not in op_builder.op_callbacks:
        op_builder.op_callbacks.append(_instrument)


def disable_check_numerics():
    """Stops instrumenting new ops in this thread (tf.debugging.disable_check_numerics); idempotent."""
    _state.enabled = False


__all__ = ["disable_check_numerics", "enable_check_numerics"]
