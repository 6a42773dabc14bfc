"""Arithmetic, reductions and matmul, plus the Tensor Python operators."""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, constant_value, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops._infer import binary, check_same_dtype


# ------------------------------------------------------------------ binary elementwise
def _binary_operands(x, y):
    """Converts operands; a Python value takes the other operand's dtype (TF's rule)."""
    if isinstance(x, Tensor) or not isinstance(y, Tensor):
        x = convert_to_tensor(x)
        y = convert_to_tensor(y, dtype=x.dtype.base_dtype) if not isinstance(y, Tensor) else y
    else:
        y = convert_to_tensor(y)
        x = convert_to_tensor(x, dtype=y.dtype.base_dtype)
    return x, y


def _binary_op(op_type, x, y, name, default_name):
    x, y = _binary_operands(x, y)
    return apply1(op_type, [x, y], name=name or default_name)


@register_op("AddV2", infer=binary("AddV2"), elementwise=True, out_arg=True)
def _add(xp, x, y, out=None):
    return xp.add(x, y, out=out) if out is not None else xp.add(x, y)


@register_op("Sub", infer=binary("Sub"), elementwise=True, out_arg=True)
def _sub(xp, x, y, out=None):
    return xp.subtract(x, y, out=out) if out is not None else xp.subtract(x, y)


@register_op("Mul", infer=binary("Mul"), elementwise=True, out_arg=True)
def _mul(xp, x, y, out=None):
    return xp.multiply(x, y, out=out) if out is not None else xp.multiply(x, y)


@register_op("RealDiv", infer=binary("RealDiv"), elementwise=True)
def _real_div(xp, x, y):
    if x.dtype.kind in "iu":
        return _int_div(xp, x, y)
    with np.errstate(divide="ignore", invalid="ignore"):
        return xp.true_divide(x, y).astype(x.dtype, copy=False)


def _int_div(xp, x, y):
    if xp.any(y == 0):
        raise errors.InvalidArgumentError(None, None, "Integer division by zero")
    q = xp.floor_divide(xp.abs(x), xp.abs(y))  # TF's Div on ints truncates toward zero
    return (q * xp.sign(x) * xp.sign(y)).astype(x.dtype, copy=False)


def add(x, y, name=None):
    """x + y elementwise, with broadcasting (tf.add)."""
    return _binary_op("AddV2", x, y, name, "Add")


def subtract(x, y, name=None):
    return _binary_op("Sub", x, y, name, "Sub")


def multiply(x, y, name=None):
    return _binary_op("Mul", x, y, name, "Mul")


def truediv(x, y, name=None):
    """x / y; integer inputs are cast to floats first (tf.truediv)."""
    x, y = _binary_operands(x, y)
    with op_scope(name, "truediv", [x, y]) as scope:
        check_same_dtype([x, y], "truediv")
        float_type = {dtypes.int8: dtypes.float32, dtypes.int16: dtypes.float32, dtypes.uint8: dtypes.float32,
                      dtypes.int32: dtypes.float64, dtypes.int64: dtypes.float64}.get(x.dtype.base_dtype)
        if float_type is not None:
            x, y = cast(x, float_type), cast(y, float_type)
        return apply1("RealDiv", [x, y], name=scope)


def divide(x, y, name=None):
    return truediv(x, y, name=name)


# ------------------------------------------------------------------ cast
def _cast_infer(inputs, attrs):
    return [(attrs["DstT"], inputs[0].shape)]


@register_op("Cast", infer=_cast_infer, elementwise=True)
def _cast(xp, x, *, DstT, Truncate=False):  # noqa: N803 - TF's attr names
    target = DstT.as_numpy_dtype
    if DstT == dtypes.string:
        raise errors.UnimplementedError(None, None, "Cast to string is not supported")
    if x.dtype.kind == "c" and np.dtype(target).kind != "c":
        x = x.real
    return xp.asarray(x).astype(target, copy=False)


def cast(x, dtype, name=None):
    """Casts a tensor to `dtype` (tf.cast)."""
    x = convert_to_tensor(x)
    dtype = dtypes.as_dtype(dtype).base_dtype
    if x.dtype.base_dtype == dtype:
        return x
    return apply1("Cast", [x], {"SrcT": x.dtype.base_dtype, "DstT": dtype, "Truncate": False},
                  name=name or "Cast")


def to_float(x, name="ToFloat"):
    return cast(x, dtypes.float32, name=name)


def to_int32(x, name="ToInt32"):
    return cast(x, dtypes.int32, name=name)


# ------------------------------------------------------------------ reductions
def reduced_shape(shape: TensorShape, axes, keep_dims: bool) -> TensorShape:
    if shape.ndims is None:
        return unknown_shape()
    if axes is None:
        return TensorShape([None] * shape.ndims if keep_dims else None) if keep_dims else unknown_shape()
    rank = shape.ndims
    axes = {int(a) % rank if rank else int(a) for a in np.asarray(axes).reshape(-1)}
    dims = shape.as_tuple_or_none()
    if keep_dims:
        return TensorShape([1 if i in axes else d for i, d in enumerate(dims)])
    return TensorShape([d for i, d in enumerate(dims) if i not in axes])


def reduction_infer(out_dtype=None):
    def infer(inputs, attrs):
        x, axes = inputs
        value = constant_value(axes)
        if value is not None and x.shape.ndims is not None:
            for a in np.asarray(value).reshape(-1):
                if not -max(x.shape.ndims, 1) <= a < max(x.shape.ndims, 1):
                    raise ValueError(f"Invalid reduction dimension {a} for input with {x.shape.ndims} "
                                     f"dimensions. for '{axes.name}'")
        shape = reduced_shape(x.shape, value, attrs.get("keep_dims", False))
        if value is None and x.shape.ndims is not None and axes.shape.ndims == 0 and not attrs.get("keep_dims"):
            shape = TensorShape([None] * (x.shape.ndims - 1)) if x.shape.ndims else shape
        return [(out_dtype or x.dtype.base_dtype, shape)]
    return infer


def reduction_axes(xp, x, axes):
    axes = tuple(int(a) for a in np.asarray(axes).reshape(-1))
    for a in axes:
        if not -max(x.ndim, 1) <= a < max(x.ndim, 1):
            raise errors.InvalidArgumentError(
                None, None, f"Invalid reduction dimension ({a} for input with {x.ndim} dimension(s)")
    return tuple(a % x.ndim for a in axes) if x.ndim else ()


@register_op("Sum", infer=reduction_infer())
def _sum(xp, x, axes, *, keep_dims=False):
    return xp.sum(x, axis=reduction_axes(xp, x, axes), keepdims=keep_dims, dtype=x.dtype)


def reduction_dims(x, axis):
    """The axes argument of a reduction: the given axis, or every axis as a Const (TF does this)."""
    if axis is not None:
        return convert_to_tensor(axis, dtype=dtypes.int32)
    if x.shape.ndims is not None:
        return convert_to_tensor(np.arange(x.shape.ndims, dtype=np.int32))
    from tfsess.ops import array_ops
    return array_ops.range_(0, array_ops.rank(x))


def reduce_op(op_type, input_tensor, axis, keepdims, name, keep_dims=None, reduction_indices=None):
    x = convert_to_tensor(input_tensor)
    if keep_dims is not None:
        keepdims = keep_dims
    if reduction_indices is not None:
        axis = reduction_indices
    return apply1(op_type, [x, reduction_dims(x, axis)], {"keep_dims": bool(keepdims)}, name=name or op_type)


def reduce_sum(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    """Sum of elements across `axis` (tf.reduce_sum)."""
    return reduce_op("Sum", input_tensor, axis, keepdims or False, name, keep_dims, reduction_indices)


# ------------------------------------------------------------------ matmul
def _matmul_infer(inputs, attrs):
    a, b = inputs
    check_same_dtype(inputs, "MatMul")
    sa, sb = a.shape, b.shape
    if sa.ndims is not None and sa.ndims != 2 or sb.ndims is not None and sb.ndims != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {sa.ndims if sa.ndims != 2 else sb.ndims} "
                         f"for 'MatMul' with input shapes: {sa}, {sb}.")
    da = sa.as_tuple_or_none() or (None, None)
    db = sb.as_tuple_or_none() or (None, None)
    if attrs.get("transpose_a"):
        da = da[::-1]
    if attrs.get("transpose_b"):
        db = db[::-1]
    if da[1] is not None and db[0] is not None and da[1] != db[0]:
        raise ValueError(f"Dimensions must be equal, but are {da[1]} and {db[0]} for 'MatMul' "
                         f"with input shapes: {sa}, {sb}.")
    return [(a.dtype.base_dtype, TensorShape([da[0], db[1]]))]


@register_op("MatMul", infer=_matmul_infer)
def _matmul(xp, a, b, *, transpose_a=False, transpose_b=False):
    if transpose_a:
        a = a.T
    if transpose_b:
        b = b.T
    if a.shape[1] != b.shape[0]:
        raise errors.InvalidArgumentError(
            None, None, f"Matrix size-incompatible: In[0]: {list(a.shape)}, In[1]: {list(b.shape)}")
    return xp.matmul(a, b)


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False,
           a_is_sparse=False, b_is_sparse=False, name=None):
    """Matrix product of `a` and `b` (tf.matmul)."""
    a, b = _binary_operands(a, b)
    return apply1("MatMul", [a, b], {"transpose_a": bool(transpose_a or adjoint_a),
                                     "transpose_b": bool(transpose_b or adjoint_b)}, name=name or "MatMul")


# ------------------------------------------------------------------ Tensor operators
def _operator(fn, scope_name, reverse=False):
    def method(self, other):
        x, y = (other, self) if reverse else (self, other)
        return fn(x, y, name=scope_name)
    return method


def _add_op(x, y, name):
    return _binary_op("AddV2", x, y, None, name)


def _sub_op(x, y, name):
    return _binary_op("Sub", x, y, None, name)


def _mul_op(x, y, name):
    return _binary_op("Mul", x, y, None, name)


Tensor._overloads.update({
    "__add__": _operator(_add_op, "add"), "__radd__": _operator(_add_op, "add", True),
    "__sub__": _operator(_sub_op, "sub"), "__rsub__": _operator(_sub_op, "sub", True),
    "__mul__": _operator(_mul_op, "mul"), "__rmul__": _operator(_mul_op, "mul", True),
    "__truediv__": _operator(truediv, "truediv"), "__rtruediv__": _operator(truediv, "truediv", True),
    "__div__": _operator(truediv, "truediv"), "__rdiv__": _operator(truediv, "truediv", True),
    "__matmul__": _operator(matmul, "matmul"), "__rmatmul__": _operator(matmul, "matmul", True),
})

__all__ = [
    "add",
    "cast",
    "divide",
    "matmul",
    "multiply",
    "reduce_sum",
    "subtract",
    "to_float",
    "to_int32",
    "truediv",
]
