"""tf.ragged's factories: constant, constant_value, placeholder, range."""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.ops import constant_op, math_ops
from tfsess.ops.ragged.ragged_kernels import ragged_range_op
from tfsess.ops.ragged.ragged_tensor import RaggedTensor
from tfsess.ops.ragged.ragged_tensor_value import RaggedTensorValue


def _scalar_depth(value, depth=0):
    """The nesting depths at which `value` holds scalars (a set)."""
    if isinstance(value, (list, tuple)):
        found = set()
        for item in value:
            found |= _scalar_depth(item, depth + 1)
        return found
    if isinstance(value, np.ndarray):
        return {depth + value.ndim}
    return {depth}


def _nested_parts(pylist, ragged_rank, inner_shape):
    """(flat values as a Python list, [row splits per ragged dimension]) of a nested list."""
    depths = _scalar_depth(pylist)
    if len(depths) > 1:
        raise ValueError("all scalar values must have the same nesting depth")
    max_depth = depths.pop() if depths else (1 + (len(inner_shape) if inner_shape else 0))
    if ragged_rank is None and max_depth - (len(inner_shape) if inner_shape else 0) < 2:
        ragged_rank = 0  # as TF: a flat list (or scalar) is a dense Tensor
    if ragged_rank is None:
        ragged_rank = max(1, max_depth - 1 - (len(inner_shape) if inner_shape else 0))
    if max_depth and ragged_rank >= max_depth and depths != set():
        raise ValueError(f"Invalid pylist={pylist!r}: incompatible with ragged_rank={ragged_rank}")
    if ragged_rank == 0:
        return pylist, [], 0
    items, nested = list(pylist), []
    for _ in range(ragged_rank):
        lengths = [len(row) for row in items]
        nested.append(np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)]).astype(np.int64))
        items = [item for row in items for item in row]
    return items, nested, ragged_rank


def _values_array(items, dtype, inner_shape):
    np_dtype = None if dtype is None else dtypes.as_dtype(dtype).as_numpy_dtype
    if not items:
        shape = (0,) + tuple(inner_shape or ())
        return np.zeros(shape, np_dtype or np.float32)
    try:
        return np.array(items, dtype=np_dtype)
    except ValueError:
        raise ValueError("inner values must have a uniform shape (the dimensions below the ragged ones)") from None


def constant(pylist, dtype=None, ragged_rank=None, inner_shape=None, name=None, row_splits_dtype=dtypes.int64):
    """A constant RaggedTensor from a nested Python list (tf.ragged.constant).

    Raises:
        ValueError: scalars at different nesting depths, or inner values of different shapes.
    """
    with op_scope(name, "RaggedConstant", []):
        items, nested, ragged_rank = _nested_parts(pylist, ragged_rank, inner_shape)
        if ragged_rank == 0:
            return constant_op.constant(pylist, dtype=dtype)
        values = _values_array(items, dtype, inner_shape)  # checks the inner shapes are uniform
        # a non-empty list converts by TF's rules (Python ints to int32, floats to float32)
        flat = constant_op.constant(items if items else values, dtype=dtype, name="values")
        splits_dtype = dtypes.as_dtype(row_splits_dtype)
        splits = [constant_op.constant(s.astype(splits_dtype.as_numpy_dtype)) for s in nested]
        return RaggedTensor.from_nested_row_splits(flat, splits, validate=False)


def constant_value(pylist, dtype=None, ragged_rank=None, inner_shape=None, row_splits_dtype="int64"):
    """A RaggedTensorValue of NumPy arrays from a nested Python list (tf.ragged.constant_value)."""
    items, nested, ragged_rank = _nested_parts(pylist, ragged_rank, inner_shape)
    if ragged_rank == 0:
        return np.array(pylist, dtype=None if dtype is None else dtypes.as_dtype(dtype).as_numpy_dtype)
    values = _values_array(items, dtype, inner_shape)
    if dtype is None and values.dtype == np.float64 and values.size:
        values = values.astype(np.float64)
    splits_dtype = dtypes.as_dtype(row_splits_dtype).as_numpy_dtype
    value = values
    for splits in reversed(nested):
        value = RaggedTensorValue(value, splits.astype(splits_dtype))
    return value


def placeholder(dtype, ragged_rank, value_shape=None, name=None):
    """A RaggedTensor of placeholders: flat_values [None, *value_shape] and int64 row_splits_i [None]
    (tf.ragged.placeholder); feed it a RaggedTensorValue."""
    if ragged_rank == 0:
        return constant_op.placeholder(dtype, value_shape, name)
    with op_scope(name, "RaggedPlaceholder", []):
        flat_shape = None if value_shape is None else [None] + list(value_shape)
        result = constant_op.placeholder(dtype, flat_shape, "flat_values")
        for i in reversed(range(ragged_rank)):
            splits = constant_op.placeholder(dtypes.int64, [None], f"row_splits_{i}")
            result = RaggedTensor.from_row_splits(result, splits, validate=False)
        return result


def range_(starts, limits=None, deltas=1, dtype=None, name=None, row_splits_dtype=dtypes.int64):
    """Row i is range(starts[i], limits[i], deltas[i]) (tf.ragged.range; RaggedRange)."""
    if limits is None:
        starts, limits = 0, starts
    with op_scope(name, "RaggedRange", [starts, limits, deltas]) as scope:
        tensors = [convert_to_tensor(v, dtype=dtype, name=n) for v, n in
                   ((starts, "starts"), (limits, "limits"), (deltas, "deltas"))]
        common = _common_range_dtype(tensors) if dtype is None else dtypes.as_dtype(dtype)
        tensors = [t if t.dtype.base_dtype == common else math_ops.cast(t, common) for t in tensors]
        splits, values = ragged_range_op(*tensors, dtypes.as_dtype(row_splits_dtype), name=scope)
        return RaggedTensor.from_row_splits(values, splits, validate=False)


_RANGE_ORDER = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64)


def _common_range_dtype(tensors):
    kinds = [t.dtype.base_dtype for t in tensors]
    return max(kinds, key=lambda d: _RANGE_ORDER.index(d) if d in _RANGE_ORDER else -1)

