"""TanhGrad and SigmoidGrad: the gradients of Tanh and Sigmoid as one kernel each, as TF has them.

    TanhGrad(y, dy)    = dy * (1 - y * y)      y = tanh(x)
    SigmoidGrad(y, dy) = dy * y * (1 - y)      y = sigmoid(x)

Both read the forward op's output, so a backward pass keeps no input of the activation alive.
The arithmetic is TF's kernels' (Eigen's scalar_tanh_gradient_op and scalar_sigmoid_gradient_op),
in the same order. Their own gradients are TF's math_grad.py _TanhGradGrad and _SigmoidGradGrad.
"""
from __future__ import annotations

from tfsess.framework.registry import register_op
from tfsess.ops import raw_ops
from tfsess.ops._infer import FLOAT_COMPLEX, apply_gen, check_dtype, check_same_dtype, quiet


def _activation_grad_infer(inputs, attrs):
    """(y, dy) -> y's dtype and shape (TF's shape function keeps y's shape)."""
    check_dtype(inputs[0], FLOAT_COMPLEX, "y")
    check_same_dtype(inputs, "Grad", names=("y", "dy"))
    return [(inputs[0].dtype.base_dtype, inputs[0].shape)]


def _conj(t):
    return raw_ops.Conj(t) if t.dtype.base_dtype.is_complex else t


@register_op("TanhGrad", infer=_activation_grad_infer, elementwise=True, out_arg=True)
@quiet
def _tanh_grad_kernel(xp, y, dy, out=None):
    return xp.multiply(dy, 1 - y * y, out=out)


@register_op("SigmoidGrad", infer=_activation_grad_infer, elementwise=True, out_arg=True)
@quiet
def _sigmoid_grad_kernel(xp, y, dy, out=None):
    return xp.multiply(dy * y, 1 - y, out=out)


def tanh_grad(y, dy, name=None):
    """The TanhGrad op: `dy * (1 - y * y)`, the gradient of tanh given its output `y`."""
    return apply_gen("TanhGrad", [("y", y, "T"), ("dy", dy, "T")], name=name)


def sigmoid_grad(y, dy, name=None):
    """The SigmoidGrad op: `dy * y * (1 - y)`, the gradient of sigmoid given its output `y`."""
    return apply_gen("SigmoidGrad", [("y", y, "T"), ("dy", dy, "T")], name=name)


@_tanh_grad_kernel.gradient
def _tanh_grad_grad(op, grad):
    y, dy = _conj(op.inputs[0]), _conj(op.inputs[1])
    return [grad * -2.0 * dy * y, tanh_grad(y, grad)]


@_sigmoid_grad_kernel.gradient
def _sigmoid_grad_grad(op, grad):
    y, dy = _conj(op.inputs[0]), _conj(op.inputs[1])
    grad_dy = grad * dy
    return [grad_dy - 2.0 * grad_dy * y, sigmoid_grad(y, grad)]


__all__ = []  # internal: the gradient ops of tanh and sigmoid (gen_math_ops.tanh_grad in TF)
