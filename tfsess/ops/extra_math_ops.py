"""Smaller tf.math / tf.* functions of TF1: angle, bitcast, broadcast_dynamic_shape, batch_gather,
nextafter, polyval, cumulative_logsumexp and the to_complex casts."""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.dispatch import add_dispatch_support
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import array_ops, cumulative_ops, gather_ops, indexing_ops, logic_ops, math_ops, unary_ops
from tfsess.ops._infer import COMPLEX, FLOAT, IDX, INDEX, NUMBER, apply_gen, binary, check_dtype, fmt_shape


# ------------------------------------------------------------------ angle
def _angle_infer(inputs, attrs):
    check_dtype(inputs[0], COMPLEX, "input")
    return [(attrs["Tout"], inputs[0].shape)]


@register_op("Angle", infer=_angle_infer, elementwise=True)
def _angle(xp, x, *, Tout):  # noqa: N803 - TF's attr name
    # atan2 in float64, then rounded: NumPy's float32 atan2 may be an ulp off the correctly rounded value
    return xp.arctan2(x.imag.astype(np.float64), x.real.astype(np.float64)).astype(Tout.as_numpy_dtype)


@_angle.gradient
def _angle_grad(op, grad):
    x = op.inputs[0]
    z = unary_ops.reciprocal(unary_ops.complex(unary_ops.imag(x), unary_ops.real(x)))
    complex_grad = unary_ops.complex(grad, array_ops.zeros_like(grad))
    return [-complex_grad * z]


def angle(input, name=None):  # noqa: A002 - TF's name
    """The argument of each complex element; pi for negative reals and 0 otherwise (tf.math.angle)."""
    with op_scope(name, "Angle", [input]) as scope:
        input = convert_to_tensor(input, name="input")
        if input.dtype.is_complex:
            return apply_gen("Angle", [("input", input, None)], {"Tout": input.dtype.real_dtype}, name=scope)
        return indexing_ops.where(logic_ops.less(input, 0), np.pi * array_ops.ones_like(input),
                                  array_ops.zeros_like(input), name=scope)


# ------------------------------------------------------------------ bitcast
_BITCASTABLE = NUMBER


def _bitcast_infer(inputs, attrs):
    src = check_dtype(inputs[0], _BITCASTABLE, "input")
    dst = attrs["type"]
    shape = inputs[0].shape
    if src.size == dst.size:
        return [(dst, shape)]
    if src.size > dst.size:
        return [(dst, shape.concatenate([src.size // dst.size]) if shape.ndims is not None else unknown_shape())]
    if shape.ndims is None:
        return [(dst, unknown_shape())]
    last = shape.dims[-1].value if shape.ndims else None
    if shape.ndims == 0 or (last is not None and last != dst.size // src.size):
        raise ValueError(f"Cannot bitcast from {src.as_datatype_enum} to {dst.as_datatype_enum} due to shape. "
                         f"{last if shape.ndims else 0} does not match {dst.size // src.size} for 'Bitcast' "
                         f"with input shapes: {fmt_shape(shape)}.")
    return [(dst, shape[:-1])]


@register_op("Bitcast", infer=_bitcast_infer, no_gradient=True)
def _bitcast(xp, x, *, type):  # noqa: A002 - TF's attr name
    x = xp.ascontiguousarray(x)
    target = np.dtype(type.as_numpy_dtype)
    if x.dtype.itemsize > target.itemsize:
        return x.view(target).reshape(x.shape + (x.dtype.itemsize // target.itemsize,))
    if x.dtype.itemsize < target.itemsize:
        if x.ndim == 0 or x.shape[-1] != target.itemsize // x.dtype.itemsize:
            raise errors.InvalidArgumentError(None, None, "Cannot bitcast due to shape. "
                                              f"{x.shape[-1] if x.ndim else 0} does not match "
                                              f"{target.itemsize // x.dtype.itemsize}")
        return x.view(target).reshape(x.shape[:-1])
    return x.view(target)


def bitcast(input, type, name=None):  # noqa: A002 - TF's names
    """Reinterprets the bytes of `input` as `type`, adding or dropping a last dim when widths differ (tf.bitcast)."""
    return apply_gen("Bitcast", [("input", input, None)], {"type": dtypes.as_dtype(type)}, name=name)


# ------------------------------------------------------------------ broadcast_dynamic_shape
def _broadcast_args_infer(inputs, attrs):
    s0, s1 = inputs
    dtype = check_dtype(s0, INDEX, "s0")
    check_dtype(s1, INDEX, "s1")
    for t in (s0, s1):
        if t.shape.ndims not in (None, 1):
            raise ValueError(f"Shape must be rank 1 but is rank {t.shape.ndims} for 'BroadcastArgs' with input "
                             f"shapes: {fmt_shape(s0.shape)}, {fmt_shape(s1.shape)}.")
    n0 = s0.shape.dims[0].value if s0.shape.ndims else None
    n1 = s1.shape.dims[0].value if s1.shape.ndims else None
    return [(dtype, TensorShape([max(n0, n1) if n0 is not None and n1 is not None else None]))]


def _broadcast_args_kernel(xp, s0, s1):
    a, b = [int(v) for v in np.asarray(s0)], [int(v) for v in np.asarray(s1)]
    try:
        out = np.broadcast_shapes(tuple(a), tuple(b))
    except ValueError:
        raise errors.InvalidArgumentError(None, None, f"Incompatible shapes: [{','.join(map(str, a))}] vs. "
                                          f"[{','.join(map(str, b))}]") from None
    return np.asarray(out, dtype=np.asarray(s0).dtype)


register_op("BroadcastArgs", infer=_broadcast_args_infer, foldable=True, no_gradient=True, gpu=False)(
    _broadcast_args_kernel)


@add_dispatch_support
def broadcast_dynamic_shape(shape_x, shape_y):
    """The shape both shapes broadcast to, as a tensor (tf.broadcast_dynamic_shape)."""
    return apply_gen("BroadcastArgs", [("s0", shape_x, ("T", dtypes.int32)), ("s1", shape_y, ("T", dtypes.int32))])


# ------------------------------------------------------------------ batch_gather
def batch_gather(params, indices, name=None):
    """gather along the axis after `indices`'s batch dims (tf.batch_gather; TF deprecates it for gather)."""
    with op_scope(name, "BatchGather", [params, indices]):
        params = convert_to_tensor(params, name="params")
        indices = convert_to_tensor(indices, name="indices")
        if indices.shape.ndims is None:
            raise ValueError("batch_gather does not allow indices with unknown shape.")
        return gather_ops.gather(params, indices, batch_dims=indices.shape.ndims - 1)


# ------------------------------------------------------------------ nextafter
register_op("NextAfter", infer=binary("NextAfter", (dtypes.float32, dtypes.float64)), elementwise=True,
            foldable=True, no_gradient=True)(lambda xp, x1, x2: xp.nextafter(x1, x2))


def nextafter(x1, x2, name=None):
    """The next representable value after x1 towards x2, elementwise (tf.math.nextafter)."""
    return apply_gen("NextAfter", [("x1", x1, "T"), ("x2", x2, "T")], name=name)


# ------------------------------------------------------------------ polyval
def polyval(coeffs, x, name=None):
    """coeffs[0] * x**(n-1) + ... + coeffs[n-1], by Horner's rule as TF builds it (tf.math.polyval)."""
    if not isinstance(coeffs, list):
        raise ValueError(f"Argument coeffs must be list type. Received type {type(coeffs)}.")
    with op_scope(name, "polyval", list(coeffs) + [x]) as scope:
        x = convert_to_tensor(x, name="x")
        if not coeffs:
            return array_ops.zeros_like(x, name=scope)
        coeffs = [convert_to_tensor(c, name=f"coeff_{i}") for i, c in enumerate(coeffs)]
        p = coeffs[0]
        for c in coeffs[1:]:
            p = c + p * x
        return p


# ------------------------------------------------------------------ cumulative_logsumexp
def _cumulative_logsumexp_infer(inputs, attrs):
    x, axis = inputs
    dtype = check_dtype(x, FLOAT, "x")
    check_dtype(axis, INDEX, "axis")
    if axis.shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {axis.shape.ndims} for '{axis.op.name}'")
    return [(dtype, x.shape)]


def _logaddexp_accumulate(xp, x, axis):
    with np.errstate(all="ignore"):
        return xp.logaddexp.accumulate(x, axis=axis, dtype=x.dtype)


_cumulative_logsumexp = register_op("CumulativeLogsumexp", infer=_cumulative_logsumexp_infer)(
    cumulative_ops.cumulative_kernel(_logaddexp_accumulate, -np.inf))  # exclusive starts from log(0)


@_cumulative_logsumexp.gradient
def _cumulative_logsumexp_grad(op, grad):
    # As TF: the gradient split by sign so that each part's logarithm exists.
    x, axis = op.inputs
    out = op.outputs[0]
    exclusive, reverse = op.get_attr("exclusive"), op.get_attr("reverse")
    lowest = grad.dtype.min
    log_pos = indexing_ops.where_v2(logic_ops.greater(grad, 0), unary_ops.log(grad), lowest)
    log_neg = indexing_ops.where_v2(logic_ops.less(grad, 0), unary_ops.log(-grad), lowest)
    pos = unary_ops.exp(cumulative_logsumexp(log_pos - out, axis, exclusive, not reverse) + x)
    neg = unary_ops.exp(cumulative_logsumexp(log_neg - out, axis, exclusive, not reverse) + x)
    return [pos - neg, None]


def cumulative_logsumexp(x, axis=0, exclusive=False, reverse=False, name=None):
    """log(cumsum(exp(x))) along `axis`, computed stably (tf.math.cumulative_logsumexp)."""
    with op_scope(name, "CumulativeLogsumexp", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return apply_gen("CumulativeLogsumexp", [("x", x, None), ("axis", axis, IDX)],
                         {"exclusive": bool(exclusive), "reverse": bool(reverse)}, name=scope)


# ------------------------------------------------------------------ TF1's to_complex casts
def to_complex64(x, name="ToComplex64"):
    """Casts to complex64 (tf.to_complex64; TF deprecates it for tf.cast)."""
    return math_ops.cast(x, dtypes.complex64, name=name)


def to_complex128(x, name="ToComplex128"):
    """Casts to complex128 (tf.to_complex128; TF deprecates it for tf.cast)."""
    return math_ops.cast(x, dtypes.complex128, name=name)


__all__ = ["angle", "batch_gather", "bitcast", "broadcast_dynamic_shape", "cumulative_logsumexp", "nextafter",
           "polyval", "to_complex64", "to_complex128"]
