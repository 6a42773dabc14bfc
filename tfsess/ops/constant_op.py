"""Constants and placeholders: Const, Placeholder, PlaceholderWithDefault, zeros/ones/fill."""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import (CONSTANT_VALUE_RULES, apply1, apply_op, convert_to_tensor,
                                         constant_shape, constant_value, to_numpy)
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops._infer import from_attrs


def _const_infer(inputs, attrs):
    return [(attrs["dtype"], TensorShape(attrs["value"].shape))]


@register_op("Const", infer=_const_infer, gpu=True)
def _const(xp, *, value, dtype):
    return value if xp is np else xp.asarray(value)


CONSTANT_VALUE_RULES["Const"] = lambda t: t.op.get_attr("value")


def constant(value, dtype=None, shape=None, name="Const", verify_shape=False):
    """Creates a constant tensor from a Python or NumPy value (tf.constant)."""
    dtype = None if dtype is None else dtypes.as_dtype(dtype).base_dtype
    array = to_numpy(value, dtype)
    dtype = dtype or dtypes.as_dtype(array.dtype) if array.dtype != object else (dtype or dtypes.string)
    if shape is not None:
        array = _fit_shape(array, shape, verify_shape)
    array.flags.writeable = False  # kernels may not write into a constant's buffer
    return apply1("Const", [], {"value": array, "dtype": dtype}, name=name)


def _fit_shape(array, shape, verify_shape):
    shape = tuple(TensorShape(shape).as_list())
    if array.shape == shape:
        return array
    if verify_shape:
        raise TypeError(f"Expected Tensor's shape: {shape}, got {array.shape}.")
    size = int(np.prod(shape, dtype=np.int64))
    if array.size == 1:
        return np.full(shape, array.reshape(()), dtype=array.dtype)
    if array.size > size:
        raise TypeError(f"Too many elements provided. Takes at most {size}, but got {array.size}.")
    if array.size == size:
        return array.reshape(shape)
    # TF pads a short value list with its last element
    flat = np.concatenate([array.reshape(-1), np.repeat(array.reshape(-1)[-1:], size - array.size)])
    return flat.reshape(shape)


@register_op("Placeholder", infer=from_attrs(), needs_ctx=True, stateful=True)
def _placeholder(xp, *, ctx, dtype, shape):
    op = ctx.op
    raise errors.InvalidArgumentError(
        op.node_def, op,
        f"You must feed a value for placeholder tensor '{op.name}' with dtype {dtype.name}"
        + (f" and shape {list(TensorShape(shape).as_tuple_or_none())}" if shape is not None
           and TensorShape(shape).ndims is not None else "")
        + f"\n\t [[{{{{node {op.name}}}}}]]")


def placeholder(dtype, shape=None, name=None):
    """A tensor that must be fed when run (tf.placeholder)."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    shape = None if shape is None else TensorShape(shape).dims
    if shape is not None:
        shape = [d.value for d in shape]
    return apply1("Placeholder", [], {"dtype": dtype, "shape": shape}, name=name or "Placeholder")


def _pwd_infer(inputs, attrs):
    return [(inputs[0].dtype.base_dtype, TensorShape(attrs["shape"]) if attrs["shape"] is not None
             else unknown_shape())]


@register_op("PlaceholderWithDefault", infer=_pwd_infer)
def _placeholder_with_default(xp, value, *, shape):
    return value


def placeholder_with_default(input, shape, name=None):  # noqa: A002 - TF's argument name
    """A placeholder that passes `input` through when it is not fed."""
    value = convert_to_tensor(input)
    shape = TensorShape(shape)
    if not value.shape.is_compatible_with(shape):
        raise ValueError(f"Shapes {value.shape} and {shape} are incompatible")
    dims = None if shape.ndims is None else shape.as_tuple_or_none()
    return apply1("PlaceholderWithDefault", [value], {"shape": None if dims is None else list(dims)},
                  name=name or "PlaceholderWithDefault")


def _fill_infer(inputs, attrs):
    dims = constant_shape(inputs[0])
    return [(inputs[1].dtype.base_dtype, TensorShape(dims) if dims is not None else unknown_shape())]


@register_op("Fill", infer=_fill_infer)
def _fill(xp, dims, value):
    dims = tuple(int(d) for d in np.asarray(dims).reshape(-1))
    if any(d < 0 for d in dims):
        raise errors.InvalidArgumentError(None, None, f"dims must be non-negative, got {list(dims)}")
    return xp.full(dims, value, dtype=value.dtype)


def _fill_value(tensor):
    dims = constant_value(tensor.op.inputs[0])
    value = constant_value(tensor.op.inputs[1])
    if dims is None or value is None:
        return None
    return np.full(tuple(np.asarray(dims).reshape(-1)), value)


CONSTANT_VALUE_RULES["Fill"] = _fill_value


def fill(dims, value, name=None):
    """A tensor of shape `dims` filled with `value` (tf.fill)."""
    dims = convert_to_tensor(dims, dtype=dtypes.int32)
    return apply1("Fill", [dims, convert_to_tensor(value)], name=name or "Fill")


def _filled(shape, dtype, fill_value, name):
    dtype = dtypes.as_dtype(dtype).base_dtype
    from tfsess.framework.operation import Tensor
    if not isinstance(shape, Tensor) and not _holds_tensor(shape):
        dims = TensorShape(shape).as_list()
        return constant(np.full(dims, fill_value, dtype=dtype.as_numpy_dtype) if dtype != dtypes.string
                        else np.full(dims, b"", dtype=object), dtype=dtype, name=name)
    return fill(shape, constant(fill_value, dtype=dtype), name=name)


def _holds_tensor(value):
    from tfsess.framework.operation import Tensor
    return isinstance(value, (list, tuple)) and any(isinstance(v, Tensor) for v in value)


def zeros(shape, dtype=dtypes.float32, name=None):
    """A tensor of zeros (tf.zeros)."""
    return _filled(shape, dtype, 0, name or "zeros")


def ones(shape, dtype=dtypes.float32, name=None):
    """A tensor of ones (tf.ones)."""
    return _filled(shape, dtype, 1, name or "ones")


__all__ = ["constant", "placeholder", "placeholder_with_default", "fill", "zeros", "ones"]
