"""Conversions between ragged and dense tensors: RaggedTensor.from_tensor, to_tensor, merge_dims.

These take the RaggedTensor class (or a RaggedTensor) as an argument, so that ragged_tensor.py can
call them without the two modules importing each other.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.ops import (array_ops, constant_op, cumulative_ops, gather_ops, indexing_ops, logic_ops, math_ops,
                        reduction_ops, sequence_ops, stack_ops)


def _is_ragged(value) -> bool:
    return hasattr(value, "nested_row_splits")


# ------------------------------------------------------------------ from_tensor
def from_tensor(cls, tensor, lengths, padding, ragged_rank, name, row_splits_dtype):
    """See RaggedTensor.from_tensor."""
    if lengths is not None and padding is not None:
        raise ValueError("Specify argument `lengths` or `padding`, but not both.")
    if not isinstance(ragged_rank, int):
        raise TypeError(f"Argument `ragged_rank` must be an int. Received {ragged_rank}.")
    if ragged_rank <= 0:
        raise ValueError(f"Argument `ragged_rank` must be greater than 0. Received {ragged_rank}.")
    with op_scope(name, "RaggedFromTensor", [tensor, lengths, padding]):
        tensor = convert_to_tensor(tensor, name="tensor")
        tensor.shape.with_rank_at_least(ragged_rank + 1)
        if ragged_rank > 1:
            if lengths is not None or padding is not None:
                raise ValueError("tfsess: lengths or padding with ragged_rank > 1 is not supported")
            shape = array_ops.shape(tensor, out_type=row_splits_dtype)
            merged = array_ops.reshape(tensor, stack_ops.concat(
                [[reduction_ops.reduce_prod(shape[:ragged_rank])], shape[ragged_rank:]], 0))
            result = from_tensor(cls, merged, None, None, 1, None, row_splits_dtype)
            for axis in range(ragged_rank - 1, 0, -1):
                result = cls.from_uniform_row_length(result, shape[axis], reduction_ops.reduce_prod(shape[:axis]),
                                                     validate=False)
            return result
        shape = array_ops.shape(tensor, out_type=row_splits_dtype)
        ncols = shape[1]
        if padding is not None:
            lengths = _lengths_before_padding(tensor, padding, ncols, row_splits_dtype)
        if lengths is not None:
            lengths = convert_to_tensor(lengths, name="lengths", preferred_dtype=row_splits_dtype)
            lengths = math_ops.cast(lengths, row_splits_dtype)
            lengths.shape.with_rank(1)
            lengths = math_ops.maximum(math_ops.minimum(lengths, ncols), math_ops.cast(0, row_splits_dtype))
            splits = stack_ops.concat([constant_op.zeros([1], row_splits_dtype), cumulative_ops.cumsum(lengths)], 0)
            values = indexing_ops.boolean_mask(tensor, sequence_ops.sequence_mask(lengths, maxlen=ncols))
            return cls.from_row_splits(values, splits, validate=False)
        values = array_ops.reshape(tensor, stack_ops.concat([[shape[0] * shape[1]], shape[2:]], 0))
        return cls.from_uniform_row_length(values, ncols, shape[0], validate=False)


def _lengths_before_padding(tensor, padding, ncols, dtype):
    """Each row's length once its suffix of `padding` values (whole inner slices) is dropped."""
    padding = convert_to_tensor(padding, name="padding", dtype=tensor.dtype)
    padding.shape.assert_is_compatible_with(tensor.shape[2:])
    is_padding = logic_ops.equal(padding, tensor)
    if tensor.shape.ndims is not None and tensor.shape.ndims > 2:
        is_padding = reduction_ops.reduce_all(is_padding, axis=list(range(2, tensor.shape.ndims)))
    not_padding = math_ops.cast(logic_ops.logical_not(is_padding), dtype)
    positions = array_ops.expand_dims(sequence_ops.range_(1, ncols + 1, dtype=dtype), 0)
    return reduction_ops.reduce_max(not_padding * positions, axis=1)


# ------------------------------------------------------------------ to_tensor
def to_tensor(rt, default_value, name, shape):
    """See RaggedTensor.to_tensor."""
    with op_scope(name, "RaggedToTensor", [rt, default_value, shape]):
        flat = rt.flat_values
        if default_value is None:
            default_value = constant_op.zeros((), flat.dtype)
        default_value = convert_to_tensor(default_value, name="default_value", dtype=flat.dtype)
        splits = list(rt.nested_row_splits)
        splits_dtype = splits[0].dtype.base_dtype
        if shape is None:
            shape_tensor = convert_to_tensor(np.array(-1, splits_dtype.as_numpy_dtype))
        elif isinstance(shape, Tensor):
            shape_tensor = math_ops.cast(shape, splits_dtype)
        else:
            dims = shape.as_list() if hasattr(shape, "as_list") else list(shape)
            if any(isinstance(d, Tensor) for d in dims):
                shape_tensor = math_ops.cast(stack_ops.stack([-1 if d is None else d for d in dims]), splits_dtype)
            else:
                shape_tensor = convert_to_tensor(np.array([-1 if d is None else int(d) for d in dims],
                                                          splits_dtype.as_numpy_dtype))
        attrs = {"row_partition_types": ["ROW_SPLITS"] * len(splits), "T": flat.dtype.base_dtype,
                 "Tindex": splits_dtype, "Tshape": splits_dtype, "num_row_partition_tensors": len(splits)}
        result = apply_op("RaggedTensorToTensor", [shape_tensor, flat, default_value] + splits, attrs).outputs[0]
        if shape is None and result.shape.ndims is not None and flat.shape.ndims is not None:
            result.set_shape([rt.shape.dims[0].value] + [None] * len(splits) + flat.shape.as_list()[1:])
        return result


# ------------------------------------------------------------------ merge_dims
def merge_dims(rt, outer_axis, inner_axis):
    """See RaggedTensor.merge_dims: dimensions outer_axis..inner_axis become one."""
    rank = rt.shape.ndims
    if outer_axis < 0:
        outer_axis += rank
    if inner_axis < 0:
        inner_axis += rank
    if not 0 <= outer_axis <= inner_axis < rank:
        raise ValueError(f"Expected outer_axis ({outer_axis}) to be less than or equal to inner_axis "
                         f"({inner_axis}), both within the rank {rank}")
    with op_scope(None, "RaggedMergeDims", [rt]):
        return _merge(rt, outer_axis, inner_axis)


def _merge(value, outer, inner):
    if outer == inner:
        return value
    if not _is_ragged(value):
        shape = array_ops.shape(value)
        merged = reduction_ops.reduce_prod(shape[outer:inner + 1], keepdims=True)
        return array_ops.reshape(value, stack_ops.concat([shape[:outer], merged, shape[inner + 1:]], 0))
    if outer == 0:  # the values are already the outer two dimensions merged
        return _merge(value.values, 0, inner - 1)
    if outer > 1:
        return value.with_values(_merge(value.values, outer - 1, inner - 1))
    # outer == 1: each row's items at depth `inner` are a contiguous run of the merged values
    splits = value.row_splits
    inner_values = value.values
    for _ in range(inner - outer):
        if _is_ragged(inner_values):
            splits = gather_ops.gather(inner_values.row_splits, splits)
            inner_values = inner_values.values
        else:
            size = reduction_ops.reduce_prod(array_ops.shape(inner_values, out_type=splits.dtype)[1:2])
            splits = splits * size
            shape = array_ops.shape(inner_values)
            inner_values = array_ops.reshape(inner_values, stack_ops.concat([[-1], shape[2:]], 0))
    return type(value).from_row_splits(inner_values, splits, validate=False)

