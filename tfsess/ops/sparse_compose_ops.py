"""Sparse functions TF builds from other ops: expand_dims, eye, reset_shape, merge, to_indicator, mask."""
from __future__ import annotations

import numbers

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.indexed_slices import IndexedSlices
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.sparse_tensor import SparseTensor, convert_to_sparse_tensor
from tfsess.framework.tensor_util import constant_value
from tfsess.ops import (array_ops, check_ops, constant_op, control_flow_ops, gather_ops, indexing_ops,
                        math_ops, reduction_ops, sequence_ops, sparse_ops, stack_ops)


def sparse_expand_dims(sp_input, axis=None, name=None):
    """`sp_input` with a dimension of size 1 inserted at `axis` (-1: last) (tf.sparse.expand_dims)."""
    sp_input = convert_to_sparse_tensor(sp_input)
    rank = sp_input.dense_shape.shape[0].value
    if rank is None:
        rank = array_ops.shape(sp_input.dense_shape)[0]
    axis = -1 if axis is None else axis
    with op_scope(name, "expand_dims", [sp_input]):
        if isinstance(axis, numbers.Integral):
            axis = convert_to_tensor(axis, name="axis", dtype=dtypes.int32)
        elif not isinstance(axis, Tensor):
            raise TypeError("axis must be an int or a Tensor")
        axis = indexing_ops.where_v2(axis >= 0, axis, axis + rank + 1)
        column_size = array_ops.shape(sp_input.indices)[0]
        new_index = constant_op.zeros(stack_ops.stack([column_size, 1]), dtype=dtypes.int64)
        before = indexing_ops.slice_(sp_input.indices, stack_ops.stack([0, 0]), stack_ops.stack([-1, axis]))
        after = indexing_ops.slice_(sp_input.indices, stack_ops.stack([0, axis]), [-1, -1])
        indices = stack_ops.concat([before, new_index, after], axis=1)
        shape_before = indexing_ops.slice_(sp_input.dense_shape, [0], array_ops.reshape(axis, [1]))
        shape_after = indexing_ops.slice_(sp_input.dense_shape, array_ops.reshape(axis, [1]), [-1])
        new_shape = convert_to_tensor([1], name="new_shape", dtype=dtypes.int64)
        shape = stack_ops.concat([shape_before, new_shape, shape_after], axis=0)
        return SparseTensor(indices=indices, values=sp_input.values, dense_shape=shape)


def sparse_eye(num_rows, num_columns=None, dtype=dtypes.float32, name=None):
    """A [num_rows, num_columns] SparseTensor with ones on the diagonal (tf.sparse.eye)."""
    with op_scope(name, "eye", [num_rows, num_columns]):
        num_rows = math_ops.cast(convert_to_tensor(num_rows, name="num_rows"), dtypes.int64)
        num_columns = num_rows if num_columns is None else \
            math_ops.cast(convert_to_tensor(num_columns, name="num_columns"), dtypes.int64)
        diag_size = math_ops.minimum(num_rows, num_columns)
        diag_range = sequence_ops.range_(diag_size, dtype=dtypes.int64)
        return SparseTensor(indices=stack_ops.stack([diag_range, diag_range], axis=1),
                            values=constant_op.ones(stack_ops.stack([diag_size]), dtype=dtype),
                            dense_shape=stack_ops.stack([num_rows, num_columns]))


def sparse_reset_shape(sp_input, new_shape=None):
    """`sp_input` with dense shape `new_shape` (no smaller), or the tightest shape holding its
    indices (tf.sparse.reset_shape)."""
    sp_input = convert_to_sparse_tensor(sp_input)
    in_indices = array_ops.identity(sp_input.indices)
    in_values = array_ops.identity(sp_input.values)
    in_shape = array_ops.identity(sp_input.dense_shape)
    if new_shape is None:
        low_bound = reduction_ops.reduce_max(in_indices, axis=0)
        output_shape = math_ops.maximum(constant_op.constant(0, dtype=dtypes.int64),
                                        low_bound + array_ops.ones_like(in_shape))
        return SparseTensor(in_indices, in_values, output_shape)
    output_shape = convert_to_tensor(new_shape)
    output_shape.shape.with_rank(1)
    output_shape = math_ops.cast(output_shape, dtypes.int64)
    if not output_shape.shape.dims[0].is_compatible_with(in_shape.shape.dims[0]):
        raise ValueError(f"Dimensions {output_shape.shape.dims[0]} and {in_shape.shape.dims[0]} are not compatible")
    known = constant_value(output_shape)
    if known is not None and sp_input.shape.is_fully_defined():
        current = np.array(sp_input.shape.as_list())
        if not np.all(current <= known):
            # TF's message names the two shapes the other way round
            raise ValueError(f"Requested new_shape should have dimension sizes >= sp_input.shape.  Found new_shape "
                             f"({current}), sp_input.shape ({known}).")
        return SparseTensor(in_indices, in_values, known)
    output_shape = control_flow_ops.with_dependencies(
        [check_ops.assert_equal(array_ops.shape(in_shape), array_ops.shape(output_shape))], output_shape)
    output_shape = control_flow_ops.with_dependencies([check_ops.assert_less_equal(in_shape, output_shape)],
                                                      output_shape)
    return SparseTensor(in_indices, in_values, output_shape)


def sparse_merge(sp_ids, sp_values, vocab_size, name=None, already_sorted=False):
    """A SparseTensor whose last index is taken from `sp_ids`' values, holding `sp_values`' values
    (tf.sparse.merge; TF deprecates it). Lists of ids and vocab sizes give several new dimensions."""
    if isinstance(sp_ids, SparseTensor) or not isinstance(sp_ids, (list, tuple)):
        sp_ids = [sp_ids]
        if not isinstance(vocab_size, (Tensor, numbers.Integral)):
            raise TypeError(f"vocab_size has to be a Tensor or Python int. Found {type(vocab_size)}")
        vocab_size = [vocab_size]
    elif not isinstance(vocab_size, (list, tuple)) or len(sp_ids) != len(vocab_size):
        raise ValueError("sp_ids and vocab_size have to be lists of the same length.")
    sp_ids = [convert_to_sparse_tensor(s) for s in sp_ids]
    sp_values = convert_to_sparse_tensor(sp_values)
    with op_scope(name, "SparseMerge", [s.values for s in sp_ids] + [sp_values.values]):
        ids = [array_ops.expand_dims(s.values if s.values.dtype == dtypes.int64 else
                                     math_ops.cast(s.values, dtypes.int64), axis=1) for s in sp_ids]
        vocab_size = [math_ops.cast(convert_to_tensor(v), dtypes.int64) for v in vocab_size]
        kept = sp_ids[0].indices[:, :-1]
        new_indices = stack_ops.concat([kept] + ids, 1)
        new_shape = stack_ops.concat([sp_ids[0].dense_shape[:-1], stack_ops.stack(vocab_size)], 0)
        result = SparseTensor(new_indices, sp_values.values, new_shape)
        if already_sorted:
            return result
        ordered = sparse_ops.sparse_reorder(result)
        return SparseTensor(ordered.indices, ordered.values, new_shape)


def sparse_to_indicator(sp_input, vocab_size, name=None):
    """A dense bool tensor [..., vocab_size], True at each id the last dimension of `sp_input`
    lists (tf.sparse.to_indicator)."""
    sp_input = convert_to_sparse_tensor(sp_input)
    with op_scope(name, "SparseToIndicator", [sp_input.values]) as scope:
        num_entries = array_ops.shape(sp_input.indices)[0]
        true_values = constant_op.fill(array_ops.expand_dims(num_entries, 0), True)
        merged = sparse_merge(sp_input, SparseTensor(sp_input.indices, true_values, sp_input.dense_shape),
                              vocab_size, scope)
        # duplicate ids are allowed: they all mark True
        return sparse_ops.sparse_tensor_to_dense(merged, default_value=False, validate_indices=False, name=scope)


def sparse_mask(a, mask_indices, name=None):
    """The slices of IndexedSlices `a` whose indices are not in `mask_indices` (tf.sparse.mask)."""
    with op_scope(name, "sparse_mask", [a.values, a.indices, mask_indices]) as scope:
        out_indices, to_gather = sequence_ops.setdiff1d(a.indices, mask_indices)
        out_values = gather_ops.gather(a.values, to_gather, name=scope)
        return IndexedSlices(out_values, out_indices, a.dense_shape)


__all__ = ["sparse_mask", "sparse_merge", "sparse_reset_shape",  # tf.sparse alone has expand_dims and eye
           "sparse_to_indicator"]
