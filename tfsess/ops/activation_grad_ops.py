"""The gradients of unary ops that TF computes as one kernel each, from the forward op's output y:

    TanhGrad(y, dy)       = dy * (1 - y * y)        y = tanh(x)
    SigmoidGrad(y, dy)    = dy * y * (1 - y)        y = sigmoid(x)
    SqrtGrad(y, dy)       = 0.5 * dy / y            y = sqrt(x)
    RsqrtGrad(y, dy)      = -0.5 * dy * y ** 3      y = rsqrt(x)
    ReciprocalGrad(y, dy) = -dy * y * y             y = 1 / x  (InvGrad: the old name)

Reading the output, a backward pass keeps no input of the op alive; a graph TF writes holds these
op types, so tfsess reads and runs it. The arithmetic is TF's kernels' (Eigen's scalar_*_gradient_op:
y conjugated for complex values), in the same order; their own gradients are those of TF's math_grad.py.
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


@register_op("SqrtGrad", infer=_activation_grad_infer, elementwise=True, out_arg=True)
@quiet
def _sqrt_grad_kernel(xp, y, dy, out=None):
    return xp.divide(0.5 * dy, xp.conj(y) if xp.iscomplexobj(y) else y, out=out)


@register_op("RsqrtGrad", infer=_activation_grad_infer, elementwise=True, out_arg=True)
@quiet
def _rsqrt_grad_kernel(xp, y, dy, out=None):
    y = xp.conj(y) if xp.iscomplexobj(y) else y
    return xp.multiply(-0.5 * (dy * y), y * y, out=out)


def _reciprocal_grad(xp, y, dy, out=None):
    y = xp.conj(y) if xp.iscomplexobj(y) else y
    return xp.multiply(-dy * y, y, out=out)


_reciprocal_grad_kernel = register_op("ReciprocalGrad", infer=_activation_grad_infer, elementwise=True,
                                      out_arg=True)(quiet(_reciprocal_grad))
_inv_grad_kernel = register_op("InvGrad", infer=_activation_grad_infer, elementwise=True,
                               out_arg=True)(quiet(_reciprocal_grad))


def sqrt_grad(y, dy, name=None):
    """The SqrtGrad op: `0.5 * dy / y`, the gradient of sqrt given its output `y`."""
    return apply_gen("SqrtGrad", [("y", y, "T"), ("dy", dy, "T")], name=name)


def rsqrt_grad(y, dy, name=None):
    """The RsqrtGrad op: `-0.5 * dy * y ** 3`, the gradient of rsqrt given its output `y`."""
    return apply_gen("RsqrtGrad", [("y", y, "T"), ("dy", dy, "T")], name=name)


def reciprocal_grad(y, dy, name=None):
    """The ReciprocalGrad op: `-dy * y * y`, the gradient of 1 / x given its output `y`."""
    return apply_gen("ReciprocalGrad", [("y", y, "T"), ("dy", dy, "T")], name=name)


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


@_sqrt_grad_kernel.gradient
def _sqrt_grad_grad(op, grad):
    with op.graph.control_dependencies([grad]):
        ga = grad / op.inputs[0]
        return [-_conj(ga) * op.outputs[0], 0.5 * _conj(ga)]


@_rsqrt_grad_kernel.gradient
def _rsqrt_grad_grad(op, grad):
    with op.graph.control_dependencies([grad]):
        y, cg = _conj(op.inputs[0]), _conj(grad)
        return [-1.5 * cg * op.inputs[1] * (y * y), rsqrt_grad(y, grad)]


def _reciprocal_grad_grad(op, grad):
    with op.graph.control_dependencies([grad]):
        y, cg = _conj(op.inputs[0]), _conj(grad)
        return [cg * -2.0 * op.inputs[1] * y, reciprocal_grad(y, grad)]


_reciprocal_grad_kernel.gradient(_reciprocal_grad_grad)
_inv_grad_kernel.gradient(_reciprocal_grad_grad)

__all__ = []  # internal: the gradient ops of unary math (gen_math_ops.tanh_grad and kin in TF)
