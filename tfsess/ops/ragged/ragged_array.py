"""Array ops on RaggedTensors: concat and stack (tf.concat/tf.stack dispatch, tf.ragged.stack),
tf.gather, tf.ragged.boolean_mask, stack_dynamic_partitions, and the feature crosses
tf.ragged.cross / cross_hashed.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.dispatch import dispatch_for_api
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.ops import (array_ops, check_ops, control_flow_ops, gather_ops, indexing_ops, math_ops, partition_ops,
                        reduction_ops, search_count_ops, sequence_ops, sparse_cross_ops, stack_ops)
from tfsess.ops.ragged.ragged_getitem import gather_rows
from tfsess.ops.ragged.ragged_kernels import ragged_gather_op
from tfsess.ops.ragged.ragged_tensor import RaggedTensor, RaggedTensorValue, convert_to_tensor_or_ragged_tensor

_RAGGED = (RaggedTensor, RaggedTensorValue)


def _as_ragged_list(values, name):
    """All of `values` as RaggedTensors of one ragged_rank (dense ones converted with from_tensor)."""
    if not isinstance(values, (list, tuple)) or not values:
        raise ValueError(f"{name}: values must be a non-empty list of tensors")
    values = [convert_to_tensor_or_ragged_tensor(v) for v in values]
    ragged_rank = max(v.ragged_rank for v in values if isinstance(v, RaggedTensor))
    out = []
    for v in values:
        if not isinstance(v, RaggedTensor):
            v = RaggedTensor.from_tensor(v, ragged_rank=ragged_rank, row_splits_dtype=dtypes.int64)
        elif v.ragged_rank != ragged_rank:
            raise ValueError(f"{name}: all inputs must have the same ragged_rank (got {v.ragged_rank} and "
                             f"{ragged_rank}); build them with the same nesting")
        out.append(v)
    dtype = out[0].dtype.base_dtype
    for v in out:
        if v.dtype.base_dtype != dtype:
            raise TypeError(f"{name}: all inputs must have the same dtype (got {v.dtype.name} and {dtype.name})")
    return out


def _concat_rows(rts):
    """The rows of each RaggedTensor, one after the other (axis 0)."""
    if not isinstance(rts[0], RaggedTensor):
        return stack_ops.concat(rts, 0)
    values = _concat_rows([rt.values for rt in rts])
    splits, offset = [rts[0].row_splits], rts[0].row_splits[-1:]
    for rt in rts[1:]:
        splits.append(rt.row_splits[1:] + offset)
        offset = offset + rt.row_splits[-1:]
    return RaggedTensor.from_row_splits(values, stack_ops.concat(splits, 0), validate=False)


def _interleaved(rts):
    """Row i of the result is [rts[0][i], rts[1][i], ...]: a RaggedTensor with one more dimension."""
    count = len(rts)
    nrows = rts[0].nrows()
    checks = [check_ops.assert_equal(rt.nrows(), nrows, message="Input tensors at index 0 (=x) and 1 (=y) "
                                     "have incompatible shapes.") for rt in rts[1:]]
    rows = _concat_rows(rts)
    nrows = control_flow_ops.with_dependencies(checks, nrows) if checks else nrows
    order = array_ops.reshape(array_ops.transpose(array_ops.reshape(
        sequence_ops.range_(nrows * count, dtype=nrows.dtype), stack_ops.stack([count, nrows]))), [-1])
    gathered = gather_rows(rows, order)
    return RaggedTensor.from_uniform_row_length(gathered, count, nrows, validate=False)


@dispatch_for_api(stack_ops.concat, RaggedTensor, RaggedTensorValue)
def ragged_concat(values, axis, name=None):
    """Concatenates RaggedTensors (and dense tensors) along axis 0 or 1 (tf.concat on ragged inputs).

    Raises:
        ValueError: another axis, or inputs of different ragged_rank.
    """
    with op_scope(name, "RaggedConcat", values):
        rts = _as_ragged_list(values, "concat")
        axis = _axis(axis, rts)
        if len(rts) == 1:
            return rts[0]
        if axis == 0:
            return _concat_rows(rts)
        if axis == 1:
            stacked = _interleaved(rts)
            return RaggedTensor.from_row_splits(stacked.values.values,
                                                gather_ops.gather(stacked.values.row_splits, stacked.row_splits),
                                                validate=False)
        raise ValueError(f"tfsess: concatenating RaggedTensors along axis {axis} is not supported (0 or 1)")


@dispatch_for_api(stack_ops.stack, RaggedTensor, RaggedTensorValue)
def stack(values, axis=0, name=None):
    """Stacks RaggedTensors (and dense tensors) along a new axis 0 or 1 (tf.ragged.stack).

    Raises:
        ValueError: another axis, or inputs of different ragged_rank.
    """
    with op_scope(name, "RaggedConcat", values):
        if not any(isinstance(v, _RAGGED) for v in values):
            return stack_ops.stack(values, axis)
        rts = _as_ragged_list(values, "stack")
        axis = _axis(axis, rts, extra=1)
        if axis == 0:
            rows = _concat_rows(rts)
            counts = stack_ops.stack([rt.nrows() for rt in rts])
            return RaggedTensor.from_row_lengths(rows, counts, validate=False)
        if axis == 1:
            return _interleaved(rts)
        raise ValueError(f"tfsess: stacking RaggedTensors along axis {axis} is not supported (0 or 1)")


def _axis(axis, rts, extra=0):
    rank = rts[0].shape.ndims
    if axis < 0:
        if rank is None:
            raise ValueError("axis may only be negative if rank is statically known.")
        axis += rank + extra
    return axis


@dispatch_for_api(gather_ops.gather, RaggedTensor, RaggedTensorValue)
def gather(params, indices, validate_indices=None, name=None, axis=None, batch_dims=0):
    """tf.gather with ragged params (rows along axis 0) or ragged indices.

    Raises:
        ValueError: an axis or batch_dims other than 0 with ragged params.
    """
    with op_scope(name, "RaggedGather", [params, indices]):
        params = convert_to_tensor_or_ragged_tensor(params)
        indices = convert_to_tensor_or_ragged_tensor(indices)
        if isinstance(indices, RaggedTensor):
            return indices.with_flat_values(gather(params, indices.flat_values, axis=axis, batch_dims=batch_dims))
        if not isinstance(params, RaggedTensor):
            return gather_ops.gather(params, indices, axis=axis, batch_dims=batch_dims)
        if (axis or 0) != 0 or batch_dims != 0:
            raise ValueError("tfsess: tf.gather on a RaggedTensor supports axis=0 and batch_dims=0 only")
        rank = indices.shape.ndims
        if rank is None:
            raise ValueError("The rank of indices must be statically known.")
        if rank == 0:
            return params[indices]
        splits, values = ragged_gather_op(params.nested_row_splits, params.flat_values, indices)
        return RaggedTensor.from_nested_row_splits(values, splits, validate=False)


def boolean_mask(data, mask, name=None):
    """`data` with the items where `mask` is False removed, keeping its rank: a mask of rank k
    drops items of dimension k - 1 (tf.ragged.boolean_mask).

    Raises:
        ValueError: a mask of unknown rank, or of a ragged_rank that data cannot match.
    """
    with op_scope(name, "RaggedMask", [data, mask]):
        data = convert_to_tensor_or_ragged_tensor(data)
        mask = convert_to_tensor_or_ragged_tensor(mask, dtypes.bool, name="mask")
        mask_rank = mask.shape.ndims
        if mask_rank is None:
            raise ValueError("mask.shape.ndims must be known statically.")
        if mask_rank == 1 and not isinstance(mask, RaggedTensor):
            if isinstance(data, RaggedTensor):
                return gather_rows(data, array_ops.reshape(indexing_ops.where(mask), [-1]))
            return indexing_ops.boolean_mask(data, mask)
        ragged_rank = mask_rank - 1
        if not isinstance(mask, RaggedTensor):
            mask = RaggedTensor.from_tensor(mask, ragged_rank=ragged_rank)
        if not isinstance(data, RaggedTensor):
            data = RaggedTensor.from_tensor(data, ragged_rank=mask.ragged_rank)
        if data.ragged_rank != mask.ragged_rank:
            raise ValueError("tfsess: boolean_mask needs data with the mask's ragged_rank")
        return _mask_ragged(data, mask)


def _mask_ragged(data, mask):
    if mask.ragged_rank > 1:
        return data.with_values(_mask_ragged(data.values, mask.values))
    kept = indexing_ops.boolean_mask(data.values, mask.values)
    dtype = mask.row_splits.dtype
    lengths = reduction_ops.unsorted_segment_sum(math_ops.cast(mask.values, dtype), mask.value_rowids(),
                                                 mask.nrows())
    return RaggedTensor.from_row_lengths(kept, lengths, validate=False)


def stack_dynamic_partitions(data, partitions, num_partitions, name=None):
    """Row p holds the items of `data` whose partition is p, in order (tf.ragged.stack_dynamic_partitions)."""
    with op_scope(name, "SegmentStack", [data, partitions, num_partitions]):
        data = convert_to_tensor_or_ragged_tensor(data)
        partitions = convert_to_tensor(partitions, dtypes.int32, name="partitions")
        count = array_ops.shape(partitions)[0]
        order = stack_ops.concat(partition_ops.dynamic_partition(sequence_ops.range_(count), partitions,
                                                                 num_partitions), 0)
        splits_dtype = data.row_splits.dtype if isinstance(data, RaggedTensor) else dtypes.int32  # as TF
        lengths = search_count_ops.bincount(partitions, minlength=num_partitions, maxlength=num_partitions,
                                            dtype=splits_dtype)
        rows = gather_rows(data, order) if isinstance(data, RaggedTensor) else gather_ops.gather(data, order)
        return RaggedTensor.from_row_lengths(rows, lengths, validate=False)


def _as_sparse_columns(inputs):
    """Each feature column (RaggedTensor, SparseTensor or 2-D dense) as a SparseTensor, order kept."""
    columns = []
    for column in inputs:
        if isinstance(column, SparseTensor):
            columns.append(column)
            continue
        column = convert_to_tensor_or_ragged_tensor(column)
        if not isinstance(column, RaggedTensor):
            column = RaggedTensor.from_tensor(column)
        columns.append(column.to_sparse())
    return columns


def cross(inputs, name=None):
    """The string feature crosses of each row of ragged, sparse and dense columns, joined by "_X_" (tf.ragged.cross)."""
    with op_scope(name, "RaggedCross", inputs):
        sparse = sparse_cross_ops.sparse_cross(_as_sparse_columns(inputs))
        return RaggedTensor.from_sparse(sparse)


def cross_hashed(inputs, num_buckets=0, hash_key=None, name=None):
    """The hashed feature crosses of each row, in [0, num_buckets) (tf.ragged.cross_hashed)."""
    with op_scope(name, "RaggedCross", inputs):
        sparse = sparse_cross_ops.sparse_cross_hashed(_as_sparse_columns(inputs), num_buckets, hash_key)
        return RaggedTensor.from_sparse(sparse)


def fill_empty_rows(ragged_input, default_value, name=None):
    """(`ragged_input` with each empty row holding `default_value`, which rows were empty) for a
    2-D RaggedTensor (TF's ragged_array_ops.fill_empty_rows; RaggedFillEmptyRows).

    Raises:
        TypeError: `ragged_input` is not a RaggedTensor.
    """
    with op_scope(name, "RaggedFillEmptyRows", [ragged_input]):
        if not isinstance(ragged_input, RaggedTensor):
            raise TypeError(f"ragged_input must be RaggedTensor,             got {type(ragged_input)}")
        default_value = convert_to_tensor(default_value, dtype=ragged_input.dtype)
        rowids, values, empty, _ = apply_op(
            "RaggedFillEmptyRows", [math_ops.cast(ragged_input.value_rowids(), dtypes.int64), ragged_input.values,
                                    math_ops.cast(ragged_input.nrows(), dtypes.int64), default_value],
            {"T": ragged_input.dtype.base_dtype}).outputs
        return RaggedTensor.from_value_rowids(values, rowids, validate=False), empty
