"""Numerics checks: tf.check_numerics (op CheckNumerics) and tf.verify_tensor_all_finite."""
from __future__ import annotations

from tfsess.framework import errors
from tfsess.framework.op_builder import apply1, convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.ops._infer import FLOAT, unary_op


@register_op("CheckNumerics", infer=unary_op(FLOAT, param="tensor"), stateful=True)
def _check_numerics(xp, tensor, *, message=""):
    if bool(xp.isnan(tensor).any()):
        raise errors.InvalidArgumentError(None, None, f"{message} : Tensor had NaN values")
    if bool(xp.isinf(tensor).any()):
        raise errors.InvalidArgumentError(None, None, f"{message} : Tensor had Inf values")
    return tensor


@_check_numerics.gradient
def _check_numerics_grad(op, grad):
    # the gradient is checked too, as in TF
    message = op._attr("message")
    return [check_numerics(grad, "Not a number (NaN) or infinity (Inf) values detected in gradient. " + message)]


def check_numerics(tensor, message, name=None):
    """Passes `tensor` through; the run fails (InvalidArgumentError) if it holds NaN or Inf values."""
    tensor = convert_to_tensor(tensor, name="tensor")
    return apply1("CheckNumerics", [tensor], {"message": str(message)}, name=name or "CheckNumerics")


def verify_tensor_all_finite(t, msg, name=None):
    """`t`, checked to hold no NaN or Inf values when run (tf.verify_tensor_all_finite)."""
    return check_numerics(t, msg, name=name or "VerifyFinite")


__all__ = ["check_numerics", "verify_tensor_all_finite"]
