"""RaggedTensor.__getitem__ and row gathers (tf.gather on a ragged tensor) for the common forms:
rt[i], rt[a:b:c], rt[:, a:b] (each row sliced), rt[..., inner] past the ragged dimensions.

Indexing one position of an inner ragged dimension (rt[:, 0]) is TF's ValueError.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.ops import gather_ops, logic_ops, math_ops, sequence_ops
from tfsess.ops.ragged.ragged_kernels import ragged_range_op


def _is_ragged(value) -> bool:
    return hasattr(value, "nested_row_splits")


def ragged_tensor_getitem(rt, key):
    """`rt[key]`; raises ValueError for forms TF rejects (an int on an inner ragged dimension)."""
    key = key if isinstance(key, tuple) else (key,)
    if any(k is Ellipsis or k is None for k in key):
        raise ValueError("tfsess: Ellipsis and newaxis are not supported when indexing a RaggedTensor")
    with op_scope(None, "RaggedGetItem", [rt]):
        return _getitem(rt, key)


def _getitem(value, key):
    if not key:
        return value
    if not _is_ragged(value):
        return value[key]
    first, rest = key[0], key[1:]
    if isinstance(first, slice):
        rows = value if first == slice(None) else _slice_rows(value, first)
        return _getitem_inner(rows, rest)
    starts, limits = value.row_splits[:-1], value.row_splits[1:]
    row = _take_range(value.values, starts[first], limits[first])
    return _getitem(row, rest)


def _getitem_inner(rt, key):
    """`rt[:, key...]`: key[0] applies to the ragged dimension 1, the rest to the dimensions below."""
    if not key:
        return rt
    first, rest = key[0], key[1:]
    if not isinstance(first, slice):
        raise ValueError("Cannot index into an inner ragged dimension.")
    if first != slice(None):
        rt = _slice_each_row(rt, first)
    if not rest:
        return rt
    return rt.with_values(_getitem(rt.values, (slice(None),) + rest))


def _take_range(values, start, limit):
    """values[start:limit] along the outer dimension (a Tensor or RaggedTensor)."""
    if not _is_ragged(values):
        return values[start:limit]
    splits = values.row_splits[start:limit + 1]
    return type(values).from_row_splits(_take_range(values.values, splits[0], splits[-1]), splits - splits[0],
                                        validate=False)


def _slice_rows(rt, key):
    indices = sequence_ops.range_(rt.nrows(out_type=dtypes.int64), dtype=dtypes.int64)[key]
    return gather_rows(rt, indices)


def gather_rows(rt, indices):
    """The rows `indices` (a vector) of `rt`, as a RaggedTensor with the same ragged_rank."""
    splits_dtype = rt.row_splits.dtype.base_dtype
    indices = math_ops.cast(indices, splits_dtype)
    starts = gather_ops.gather(rt.row_splits[:-1], indices)
    limits = gather_ops.gather(rt.row_splits[1:], indices)
    one = convert_to_tensor(1, dtype=splits_dtype)
    new_splits, positions = ragged_range_op(starts, limits, one, splits_dtype)
    values = gather_rows(rt.values, positions) if _is_ragged(rt.values) else gather_ops.gather(rt.values, positions)
    return type(rt).from_row_splits(values, new_splits, validate=False)


def _bound(base, starts, limits, offset):
    """starts + offset (from the end when negative), clamped into each row."""
    if offset is None:
        return base
    if isinstance(offset, Tensor):
        offset = math_ops.cast(offset, starts.dtype)
        return logic_ops.select_v2(offset >= 0, math_ops.minimum(starts + offset, limits),
                                   math_ops.maximum(limits + offset, starts))
    if offset >= 0:
        return math_ops.minimum(starts + offset, limits)
    return math_ops.maximum(limits + offset, starts)


def _slice_each_row(rt, key):
    if key.step not in (None, 1):
        raise ValueError("tfsess: a step when slicing an inner ragged dimension is not supported")
    starts, limits = rt.row_splits[:-1], rt.row_splits[1:]
    new_starts = _bound(starts, starts, limits, key.start)
    new_limits = math_ops.maximum(_bound(limits, starts, limits, key.stop), new_starts)
    one = convert_to_tensor(1, dtype=starts.dtype.base_dtype)
    new_splits, positions = ragged_range_op(new_starts, new_limits, one, starts.dtype.base_dtype)
    values = gather_rows(rt.values, positions) if _is_ragged(rt.values) else gather_ops.gather(rt.values, positions)
    return type(rt).from_row_splits(values, new_splits, validate=False)
