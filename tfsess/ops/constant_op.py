"""Constants and placeholders: Const, Placeholder, PlaceholderWithDefault, zeros/ones/fill."""
from __future__ import annotations

import math

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.dispatch import add_dispatch_support
from tfsess.framework.op_builder import (
    apply1,
    constant_value,
    convert_to_tensor,
    op_scope,
    register_constant_builder,
    to_numpy,
)
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.shape_errors import check_mergeable
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops.gradient_sums import sum_all
from tfsess.ops._infer import (INDEX, apply_gen, check_dtype, fmt_shape, from_attrs, host, output_of_shape_input,
                               shape_from_tensor)


def _const_infer(inputs, attrs):
    return [(attrs["dtype"], TensorShape(attrs["value"].shape))]


@register_op("Const", infer=_const_infer, gpu=True, constant_value=lambda t: t.op.get_attr("value"), no_gradient=True)
def _const(xp, *, value, dtype):
    if value.dtype.names:  # a quantized constant: kernels hold its integers (TF fetches them plain too)
        value = value.view(value.dtype[0])
    return value if xp is np else xp.asarray(value)


def constant(value, dtype=None, shape=None, name="Const", verify_shape=False):
    """Creates a constant tensor from a Python or NumPy value (tf.constant)."""
    dtype = None if dtype is None else dtypes.as_dtype(dtype).base_dtype
    if value is None:
        raise ValueError("None values not supported.")
    if (shape is not None and not isinstance(value, (np.ndarray, np.generic))
            and np.prod(TensorShape(shape).as_list(), dtype=np.int64) == 0):  # as TF: the value is then unused
        array = np.empty(TensorShape(shape).as_list(), np.float32 if dtype is None else dtype.as_numpy_dtype)
        return _const_op(array, dtype or dtypes.float32, name)
    array = to_numpy(value, dtype)
    _check_dense(value, array)
    dtype = dtype or dtypes.as_dtype(array.dtype) if array.dtype != object else (dtype or dtypes.string)
    if shape is not None:
        array = _fit_shape(array, shape, verify_shape)
    return _const_op(array, dtype, name)


def _const_op(array, dtype, name):
    array.flags.writeable = False  # kernels may not write into a constant's buffer
    return apply1("Const", [], {"value": array, "dtype": dtype}, name=name)


def _dense_dims(value) -> list:
    """The shape nested lists and tuples spell out, following first elements; an array inside is a scalar."""
    if not isinstance(value, (list, tuple)):
        return []
    return [len(value)] + (_dense_dims(value[0]) if value else [])


def _check_dense(value, array) -> None:
    """As TF: a list holding NumPy arrays (not nested lists) is refused, whatever NumPy makes of it."""
    if isinstance(value, (list, tuple)) and list(array.shape) != _dense_dims(value):
        raise ValueError(f"Expected values {value} to be a dense tensor with shape {_dense_dims(value)}, but got "
                         f"shape {list(array.shape)}.")


def _fit_shape(array, shape, verify_shape):
    shape = tuple(TensorShape(shape).as_list())
    if array.shape == shape:
        return array
    if verify_shape:
        raise TypeError(f"Expected Tensor's shape: {shape}, but got {array.shape}.")
    size = int(np.prod(shape, dtype=np.int64))
    if array.size == 1:
        return np.full(shape, array.reshape(()), dtype=array.dtype)
    if array.size > size:
        raise ValueError(f"Too many elements provided. Takes at most {size}, but got {array.size}.")
    if array.size == size:
        return array.reshape(shape)
    # TF pads a short value list with its last element
    flat = np.concatenate([array.reshape(-1), np.repeat(array.reshape(-1)[-1:], size - array.size)])
    return flat.reshape(shape)


@register_op("Placeholder", infer=from_attrs(), needs_ctx=True, stateful=True, no_gradient=True)
def _placeholder(xp, *, ctx, dtype, shape):
    op = ctx.op
    raise errors.InvalidArgumentError(
        None, op,
        f"You must feed a value for placeholder tensor '{op.name}' with dtype {_C_NAMES.get(dtype.name, dtype.name)}"
        + (" and shape [" + ",".join("?" if d is None else str(d) for d in shape) + "]" if shape else "")
        + f"\n\t [[{{{{node {op.name}}}}}]]")


_C_NAMES = {"float32": "float", "float64": "double", "float16": "half"}  # TF's DataTypeString


def placeholder(dtype, shape=None, name=None):
    """A tensor that must be fed when run (tf.placeholder)."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    shape = None if shape is None else TensorShape(shape).dims
    if shape is not None:
        shape = [d.value for d in shape]
    return apply1("Placeholder", [], {"dtype": dtype, "shape": shape}, name=name or "Placeholder")


def _pwd_infer(inputs, attrs):
    shape = TensorShape(attrs["shape"]) if attrs["shape"] is not None else unknown_shape()
    check_mergeable(inputs[0].shape, shape)
    return [(inputs[0].dtype.base_dtype, shape)]


@register_op("PlaceholderWithDefault", infer=_pwd_infer)
def _placeholder_with_default(xp, value, *, shape):
    return value


def placeholder_with_default(input, shape, name=None):  # noqa: A002 - TF's argument name
    """A placeholder that passes `input` through when it is not fed."""
    shape = TensorShape(shape)
    dims = None if shape.ndims is None else shape.as_tuple_or_none()
    return apply_gen("PlaceholderWithDefault", [("input", input, None)],
                     {"shape": None if dims is None else list(dims)}, name=name)


def _fill_infer(inputs, attrs):
    dims, value = inputs
    check_dtype(dims, INDEX, "dims")
    if value.shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {value.shape.ndims} for 'Fill' with input "
                         f"shapes: {fmt_shape(dims.shape)}, {fmt_shape(value.shape)}.")
    if dims.shape.ndims not in (None, 1):
        raise ValueError(f"Shape must be rank 1 but is rank {dims.shape.ndims} for 'Fill' with input "
                         f"shapes: {fmt_shape(dims.shape)}, {fmt_shape(value.shape)}.")
    known = constant_value(dims)
    if known is not None and np.any(np.asarray(known) < 0):
        raise ValueError(f"Fill dimensions must be >= 0, got {list(np.asarray(known).reshape(-1))}")
    return [(value.dtype.base_dtype, shape_from_tensor(dims))]


def _fill_value(tensor):
    dims = constant_value(tensor.op.inputs[0])
    value = constant_value(tensor.op.inputs[1])
    if dims is None or value is None or int(np.prod(dims)) > 1000:
        return None
    return np.full(tuple(np.asarray(dims).reshape(-1)), value)


@register_op("Fill", infer=_fill_infer, constant_value=_fill_value, output_shapes=output_of_shape_input(0))
def _fill(xp, dims, value):
    dims = tuple(int(d) for d in host(dims).reshape(-1))
    if any(d < 0 for d in dims):
        raise errors.InvalidArgumentError(None, None, f"dims must be non-negative, got {list(dims)}")
    if np.ndim(value) != 0:
        raise errors.InvalidArgumentError(None, None, f"value must be a scalar, got shape {list(np.shape(value))}")
    return xp.full(dims, host(value).item() if value.dtype != object else value, dtype=value.dtype)


@_fill.gradient
def _fill_grad(op, grad):
    return [None, sum_all(grad)]


@add_dispatch_support
def fill(dims, value, name=None):
    """A tensor of shape `dims` filled with the scalar `value` (tf.fill).

    Raises:
        ValueError: `value` is not a scalar or `dims` not a vector.
    """
    result = apply_gen("Fill", [("dims", dims, ("index_type", dtypes.int32)), ("value", value, None)], name=name)
    result.set_shape(shape_from_tensor(result.op.inputs[0]))
    return result


def _zero_or_one(dtype, one):
    if dtype == dtypes.bool:
        return bool(one)
    if dtype == dtypes.string:
        if one:  # TF's ones converts the int 1 to the dtype
            raise TypeError("Expected string, but got 1 of type 'int'.")
        return b""
    return one


def _filled(shape, dtype, one, name, default_name):
    """TF's zeros/ones: a Const when the shape is static and small, else Fill of a scalar Const."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    with op_scope(name, default_name, [shape]) as scope:
        fill_value = _zero_or_one(dtype, one)
        if not isinstance(shape, Tensor):
            try:
                dims = _small_float_dims(shape) or (TensorShape(shape).as_list() if not _holds_tensor(shape) else None)
            except (TypeError, ValueError):
                dims = None
            if dims is not None and None not in dims:
                if math.prod(dims) < 1000:  # Python ints: a huge shape never wraps to a small one
                    return constant(fill_value, dtype=dtype, shape=dims, name=scope)
                # TF's int64-if-needed: a dim past int32's range makes the shape int64, never a wrap
                wide = any(d > 2**31 - 1 for d in dims)
                shape = constant(dims, dtype=dtypes.int64 if wide else dtypes.int32, name="shape_as_tensor")
            else:
                shape = convert_to_tensor(shape, dtype=dtypes.int32)
        if shape.shape.ndims == 0:
            shape = apply_gen("Reshape", [("tensor", shape, None), ("shape", [-1], ("Tshape", dtypes.int32))])
        return fill(shape, constant(fill_value, dtype=dtype), name=scope)


def _small_float_dims(shape):
    """TF's small-constant path reads a list of Python numbers with int(): `zeros([n / 2])` has shape [n // 2]."""
    if not isinstance(shape, (list, tuple)) or not any(isinstance(d, (float, np.floating)) for d in shape):
        return None
    if all(isinstance(d, (int, float, np.integer, np.floating)) for d in shape) and np.prod(shape) < 1000:
        return [int(d) for d in shape]
    return None


def _holds_tensor(value):
    return isinstance(value, (list, tuple)) and any(isinstance(v, Tensor) for v in value)


@add_dispatch_support
def zeros(shape, dtype=dtypes.float32, name=None):
    """A tensor of zeros of `shape` (tf.zeros)."""
    return _filled(shape, dtype, 0, name, "zeros")


@add_dispatch_support
def ones(shape, dtype=dtypes.float32, name=None):
    """A tensor of ones of `shape` (tf.ones)."""
    return _filled(shape, dtype, 1, name, "ones")


__all__ = ["constant", "placeholder", "placeholder_with_default", "fill", "zeros", "ones"]


register_constant_builder(constant)  # convert_to_tensor builds its Const ops with it: framework names no op module
