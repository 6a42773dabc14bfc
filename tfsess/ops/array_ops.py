"""Shape-manipulating ops: identity, reshape, shape, rank, range."""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import (CONSTANT_VALUE_RULES, apply1, constant_shape, constant_value,
                                         convert_to_tensor)
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops._infer import same_as_input


@register_op("Identity", infer=same_as_input(0))
def _identity(xp, x):
    return x


CONSTANT_VALUE_RULES["Identity"] = lambda t: constant_value(t.op.inputs[0])


def identity(input, name=None):  # noqa: A002 - TF's argument name
    """Returns a tensor with the same value as `input` (tf.identity)."""
    x = convert_to_tensor(input)
    return apply1("Identity", [x], name=name or "Identity")


def _reshape_infer(inputs, attrs):
    x, shape = inputs
    dims = constant_shape(shape)
    if dims is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    known = x.shape.num_elements()
    if dims.count(None) == 1 and known is not None and all(d is not None for d in dims if d is not None):
        rest = int(np.prod([d for d in dims if d is not None], dtype=np.int64))
        if rest and known % rest:
            raise ValueError(f"Cannot reshape a tensor with {known} elements to shape {dims}")
        dims = [known // rest if d is None and rest else d for d in dims]
    elif None not in dims and known is not None and int(np.prod(dims, dtype=np.int64)) != known:
        raise ValueError(f"Cannot reshape a tensor with {known} elements to shape {dims} "
                         f"({int(np.prod(dims, dtype=np.int64))} elements) for '{shape.name}'")
    return [(x.dtype.base_dtype, TensorShape(dims))]


@register_op("Reshape", infer=_reshape_infer)
def _reshape(xp, x, shape):
    dims = [int(d) for d in np.asarray(shape).reshape(-1)]
    try:
        return xp.reshape(x, dims)
    except ValueError:
        raise errors.InvalidArgumentError(
            None, None, f"Input to reshape is a tensor with {x.size} values, but the requested shape "
                        f"has {int(np.prod(dims))}") from None


def reshape(tensor, shape, name=None):
    """Reshapes `tensor` to `shape`; one dim may be -1 (tf.reshape)."""
    x = convert_to_tensor(tensor)
    return apply1("Reshape", [x, convert_to_tensor(shape, dtype=dtypes.int32)], name=name or "Reshape")


def _shape_infer(inputs, attrs):
    return [(attrs["out_type"], TensorShape([inputs[0].shape.ndims]))]


@register_op("Shape", infer=_shape_infer)
def _shape(xp, x, *, out_type):
    return np.asarray(x.shape, dtype=out_type.as_numpy_dtype)


def _shape_value(t):
    shape = t.op.inputs[0].shape
    return np.asarray(shape.as_list(), dtype=t.dtype.as_numpy_dtype) if shape.is_fully_defined() else None


CONSTANT_VALUE_RULES["Shape"] = _shape_value


def shape(input, name=None, out_type=dtypes.int32):  # noqa: A002
    """The shape of `input` as a 1-D tensor (tf.shape)."""
    return apply1("Shape", [convert_to_tensor(input)], {"out_type": dtypes.as_dtype(out_type)},
                  name=name or "Shape")


@register_op("Rank", infer=lambda inputs, attrs: [(dtypes.int32, TensorShape([]))])
def _rank(xp, x):
    return np.asarray(x.ndim, dtype=np.int32)


def rank(input, name=None):  # noqa: A002
    return apply1("Rank", [convert_to_tensor(input)], name=name or "Rank")


def _range_infer(inputs, attrs):
    start, limit, delta = (constant_value(t) for t in inputs)
    if start is None or limit is None or delta is None:
        return [(inputs[0].dtype.base_dtype, TensorShape([None]))]
    return [(inputs[0].dtype.base_dtype, TensorShape([len(np.arange(start, limit, delta))]))]


@register_op("Range", infer=_range_infer)
def _range(xp, start, limit, delta):
    if delta == 0:
        raise errors.InvalidArgumentError(None, None, "Requires delta != 0")
    return xp.arange(start, limit, delta, dtype=start.dtype)


def range_(start, limit=None, delta=1, dtype=None, name="range"):
    """Like Python's range, as a tensor (tf.range)."""
    if limit is None:
        start, limit = 0, start
    values = [start, limit, delta]
    tensors = [v for v in values if hasattr(v, "dtype") and hasattr(v, "op")]
    if dtype is None:
        kinds = [np.asarray(v).dtype.kind for v in values if v not in tensors]
        dtype = tensors[0].dtype.base_dtype if tensors else (dtypes.float32 if "f" in kinds else dtypes.int32)
    start, limit, delta = (convert_to_tensor(v, dtype=dtype) for v in values)
    return apply1("Range", [start, limit, delta], name=name)

__all__ = [
    "identity",
    "rank",
    "reshape",
    "shape",
]
