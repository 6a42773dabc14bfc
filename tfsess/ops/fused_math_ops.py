"""Math TF runs as one kernel and writes into graphs as one op: Xlogy, Xlog1py, Xdivy, EuclideanNorm and
PreventGradient, with TF's gradients. A graph TF writes (a loss with xlogy, a training graph through
reduce_euclidean_norm) holds these op types, so tfsess builds, reads and runs them too.

    Xlogy(x, y)   = 0 where x == 0, else x * log(y)
    Xlog1py(x, y) = 0 where x == 0, else x * log1p(y)
    Xdivy(x, y)   = 0 where x == 0, else x / y
    EuclideanNorm(input, axes) = sqrt(sum(input * conj(input))) over axes
"""
from __future__ import annotations

import numpy as np

from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.ops import array_ops, logic_ops, math_ops, raw_ops, reduction_ops
from tfsess.ops._infer import FLOAT_COMPLEX, IDX, NUMBER, apply_gen, binary
from tfsess.ops.unary_ops import conj_if_complex


def _zero_where_x_is_zero(value_of):
    """The kernel giving `value_of(xp, x, y)` where x != 0 and 0 where x == 0 (inf and nan from x == 0 dropped)."""
    def kernel(xp, x, y):
        with np.errstate(all="ignore"):
            value = value_of(xp, x, y)
        return xp.where(x == 0, xp.zeros_like(value), value).astype(np.result_type(x, y), copy=False)
    return kernel


_xlogy = register_op("Xlogy", infer=binary("Xlogy", FLOAT_COMPLEX))(
    _zero_where_x_is_zero(lambda xp, x, y: x * xp.log(y)))
_xlog1py = register_op("Xlog1py", infer=binary("Xlog1py", FLOAT_COMPLEX))(
    _zero_where_x_is_zero(lambda xp, x, y: x * xp.log1p(y)))
_xdivy = register_op("Xdivy", infer=binary("Xdivy", FLOAT_COMPLEX))(_zero_where_x_is_zero(lambda xp, x, y: x / y))


def same_dtype_pair(x, y):
    """(x, y) as tensors, y converted to x's dtype (the binary x*log(y) family's and multiply_no_nan's inputs)."""
    x = convert_to_tensor(x, name="x")
    return x, convert_to_tensor(y, dtype=x.dtype.base_dtype, name="y")


def xlogy(x, y, name=None):
    """x * log(y), 0 where x is 0 (tf.math.xlogy)."""
    x, y = same_dtype_pair(x, y)
    return apply_gen("Xlogy", [("x", x, "T"), ("y", y, "T")], name=name)


def xlog1py(x, y, name=None):
    """x * log1p(y), 0 where x is 0 (tf.math.xlog1py)."""
    x, y = same_dtype_pair(x, y)
    return apply_gen("Xlog1py", [("x", x, "T"), ("y", y, "T")], name=name)


def xdivy(x, y, name=None):
    """x / y, 0 where x is 0 (tf.math.xdivy)."""
    x, y = same_dtype_pair(x, y)
    return apply_gen("Xdivy", [("x", x, "T"), ("y", y, "T")], name=name)


def _x_nonzero(x):
    return math_ops.cast(logic_ops.not_equal(x, array_ops.zeros_like(x)), x.dtype.base_dtype)


def _binary_grads(op, grad, partial_x, partial_y):
    """Each partial times `grad`, summed over the axes its input was broadcast along, as TF's x*log(y)
    gradients write it (always a Sum and a Reshape, on BroadcastGradientArgs of the shapes)."""
    x, y = op.inputs
    sx, sy = array_ops.shape(x), array_ops.shape(y)
    rx, ry = raw_ops.BroadcastGradientArgs(sx, sy)
    return [array_ops.reshape(reduction_ops.reduce_sum(partial_x * grad, rx), sx),
            array_ops.reshape(reduction_ops.reduce_sum(partial_y * grad, ry), sy)]


def _xlogy_grad(op, grad):
    x, y = (conj_if_complex(t) for t in op.inputs)
    with op.graph.control_dependencies([grad]):
        return _binary_grads(op, grad, xlogy(_x_nonzero(x), y), xdivy(x, y))


def _xlog1py_grad(op, grad):
    x, y = (conj_if_complex(t) for t in op.inputs)
    with op.graph.control_dependencies([grad]):
        return _binary_grads(op, grad, xlog1py(_x_nonzero(x), y), xdivy(x, y + 1))


def _xdivy_grad(op, grad):
    x, y = (conj_if_complex(t) for t in op.inputs)
    with op.graph.control_dependencies([grad]):
        return _binary_grads(op, grad, xdivy(_x_nonzero(x), y), xdivy(-x, y * y))


_xlogy.gradient(_xlogy_grad)
_xlog1py.gradient(_xlog1py_grad)
_xdivy.gradient(_xdivy_grad)


@register_op("EuclideanNorm", infer=reduction_ops.reduction_infer(NUMBER))
def _euclidean_norm(xp, x, axes, *, keep_dims=False):
    axes = reduction_ops.kernel_axes(x, axes)
    squares = x * xp.conj(x) if xp.iscomplexobj(x) else x * x
    return xp.sqrt(xp.sum(squares, axis=axes, keepdims=keep_dims)).astype(x.dtype, copy=False)


@_euclidean_norm.gradient
def _euclidean_norm_grad(op, grad):
    x, axes = op.inputs
    norm = op.outputs[0]
    if not op.get_attr("keep_dims"):
        kept = reduction_ops.reduced_shape(array_ops.shape(x), axes)
        norm, grad = array_ops.reshape(norm, kept), array_ops.reshape(grad, kept)
    return [math_ops.truediv(x, norm / grad), None]


def reduce_euclidean_norm(input_tensor, axis=None, keepdims=False, name=None):
    """sqrt(sum(x ** 2)) over `axis`, all axes when None (tf.math.reduce_euclidean_norm)."""
    x = convert_to_tensor(input_tensor, name="input_tensor")
    return apply_gen("EuclideanNorm", [("input", x, None), ("reduction_indices",
                                                             reduction_ops.reduction_dims(x, axis), IDX)],
                     {"keep_dims": bool(keepdims)}, name=name)


@register_op("PreventGradient", infer=lambda inputs, attrs: [(inputs[0].dtype.base_dtype, inputs[0].shape)])
def _prevent_gradient(xp, x, *, message=""):
    return x


@_prevent_gradient.gradient
def _prevent_gradient_grad(op, grad):
    message = op.get_attr("message")
    message = message.decode("utf-8") if isinstance(message, bytes) else message
    raise LookupError(f"Gradient explicitly disabled. Reason: {message}")


def prevent_gradient(input, message="", name=None):  # noqa: A002 - TF's argument name
    """`input` unchanged, whose gradient raises LookupError with `message` (array_ops.prevent_gradient)."""
    return apply_gen("PreventGradient", [("input", input, "T")], {"message": message}, name=name)


__all__ = []  # public through tf.math (composite_math_ops re-exports the builders)
