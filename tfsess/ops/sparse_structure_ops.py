"""More sparse ops with kernels of their own: fill_empty_rows, slice, split, softmax, the sparse-sparse
maximum/minimum and the reductions that stay sparse (reduce_sum_sparse, reduce_max_sparse).

Outputs are in row-major order wherever the inputs are, as TF's kernels give them.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor, convert_to_sparse_tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.lib.xp import to_host
from tfsess.ops import array_ops, sequence_ops, sparse_math_ops, sparse_ops
from tfsess.ops._infer import check_same_dtype, partial_shape


def _host(value):
    return np.asarray(to_host(value))


def _sparse_specs(values_dtype, rank=None, n=None):
    return [(dtypes.int64, TensorShape([n, rank])), (values_dtype, TensorShape([n])), (dtypes.int64, TensorShape([rank]))]


def _rank_of(shape_tensor):
    return shape_tensor.shape[0].value if shape_tensor.shape.ndims == 1 else None


# ------------------------------------------------------------------ fill_empty_rows
def _fill_empty_rows_infer(inputs, attrs):
    indices, values, shape, default = inputs
    check_same_dtype([values, default], "SparseFillEmptyRows", names=("values", "default_value"))
    rank = _rank_of(shape)
    dims = partial_shape(shape)
    rows = dims[0] if dims else None
    return [(dtypes.int64, TensorShape([None, rank])), (values.dtype.base_dtype, TensorShape([None])),
            (dtypes.bool, TensorShape([rows])), (dtypes.int64, TensorShape([indices.shape[0].value
                                                                            if indices.shape.ndims else None]))]


@register_op("SparseFillEmptyRows", infer=_fill_empty_rows_infer)
def _sparse_fill_empty_rows(xp, indices, values, dense_shape, default_value):
    indices, shape, values = _host(indices).astype(np.int64), _host(dense_shape), _host(values)
    sparse_ops.check_components(indices, values, shape)
    if shape.size == 0:
        raise errors.InvalidArgumentError(None, None, "Dense shape cannot be empty.")
    rows = int(shape[0])
    if len(indices) and (indices[:, 0].min() < 0 or indices[:, 0].max() >= rows):
        i = int(np.flatnonzero((indices[:, 0] < 0) | (indices[:, 0] >= rows))[0])
        raise errors.InvalidArgumentError(None, None, f"indices({i}, 0) is invalid: {indices[i, 0]} >= {rows}")
    present = np.zeros(rows, bool)
    present[indices[:, 0]] = True
    empty = np.flatnonzero(~present)
    filler = np.zeros((len(empty), indices.shape[1]), np.int64)
    filler[:, 0] = empty
    all_rows = np.concatenate([indices[:, 0], empty])
    order = np.argsort(all_rows, kind="stable")  # by row; a row keeps its entries' order
    out_indices = np.concatenate([indices, filler])[order]
    out_values = np.concatenate([values, np.full(len(empty), default_value, values.dtype)])[order]
    reverse = np.empty(len(order), np.int64)
    reverse[order] = np.arange(len(order))
    return out_indices, out_values, ~present, reverse[:len(indices)]


@_sparse_fill_empty_rows.gradient
def _sparse_fill_empty_rows_grad(op, *grads):
    d_values, d_default = apply_op("SparseFillEmptyRowsGrad", [op.outputs[3], grads[1]]).outputs
    return [None, d_values, None, d_default]


@register_op("SparseFillEmptyRowsGrad", no_gradient=True, infer=lambda inputs, attrs: [
    (inputs[1].dtype.base_dtype, inputs[0].shape), (inputs[1].dtype.base_dtype, TensorShape([]))])
def _sparse_fill_empty_rows_grad_kernel(xp, reverse_index_map, grad_values):
    d_values = grad_values[xp.asarray(reverse_index_map)]
    return d_values, (grad_values.sum() - d_values.sum()).astype(grad_values.dtype)


def sparse_fill_empty_rows(sp_input, default_value, name=None):
    """`sp_input` with one `default_value` entry (at column 0) in every empty row, and a bool
    vector marking those rows (tf.sparse.fill_empty_rows)."""
    sp_input = convert_to_sparse_tensor(sp_input)
    with op_scope(name, "SparseFillEmptyRows", [sp_input]):
        default = convert_to_tensor(default_value, dtype=sp_input.values.dtype, name="default_value")
        out = apply_op("SparseFillEmptyRows", [sp_input.indices, sp_input.values, sp_input.dense_shape,
                                               default]).outputs
        return SparseTensor(out[0], out[1], sp_input.dense_shape), out[2]


# ------------------------------------------------------------------ sparse-sparse maximum / minimum
def _sparse_sparse_infer(inputs, attrs):
    check_same_dtype([inputs[1], inputs[4]], "SparseSparseMinOrMax", names=("a_values", "b_values"))
    return [(dtypes.int64, TensorShape([None, _rank_of(inputs[2])])), (inputs[1].dtype.base_dtype, TensorShape([None]))]


def _sparse_sparse_kernel(ufunc):
    def kernel(xp, a_indices, a_values, a_shape, b_indices, b_values, b_shape):
        a_idx, b_idx = _host(a_indices).astype(np.int64), _host(b_indices).astype(np.int64)
        a_shape, b_shape, a_values, b_values = _host(a_shape), _host(b_shape), _host(a_values), _host(b_values)
        sparse_ops.check_components(a_idx, a_values, a_shape, "a")
        sparse_ops.check_components(b_idx, b_values, b_shape, "b")
        if a_shape.size != b_shape.size:
            raise errors.InvalidArgumentError(None, None, f"Operands do not have the same ranks; got shapes: "
                                              f"{sparse_ops.shape_str(a_shape)} and {sparse_ops.shape_str(b_shape)}")
        for d, (x, y) in enumerate(zip(a_shape, b_shape)):
            if x != y:
                raise errors.InvalidArgumentError(None, None, f"Operands' shapes do not match: got {x} and {y} for "
                                                  f"dimension {d}")
        both = np.concatenate([a_idx, b_idx])
        union, where = np.unique(both, axis=0, return_inverse=True) if len(both) else (both, np.zeros(0, int))
        where = where.reshape(-1)
        dense_a, dense_b = np.zeros(len(union), a_values.dtype), np.zeros(len(union), b_values.dtype)
        dense_a[where[:len(a_idx)]] = a_values
        dense_b[where[len(a_idx):]] = b_values
        return union.astype(np.int64), ufunc(dense_a, dense_b)  # an entry missing on one side counts as 0
    return kernel


register_op("SparseSparseMaximum", infer=_sparse_sparse_infer, no_gradient=True)(_sparse_sparse_kernel(np.maximum))
register_op("SparseSparseMinimum", infer=_sparse_sparse_infer, no_gradient=True)(_sparse_sparse_kernel(np.minimum))


def _sparse_sparse(op_type, sp_a, sp_b, name):
    sp_a, sp_b = convert_to_sparse_tensor(sp_a), convert_to_sparse_tensor(sp_b)
    with op_scope(name, op_type, [sp_a.indices, sp_a.values, sp_b.indices, sp_b.values]) as scope:
        indices, values = apply_op(op_type, [sp_a.indices, sp_a.values, sp_a.dense_shape, sp_b.indices,
                                             sp_b.values, sp_b.dense_shape], name=scope).outputs
    return SparseTensor(indices, values, sp_a.dense_shape)


def sparse_maximum(sp_a, sp_b, name=None):
    """Elementwise maximum of two SparseTensors of one shape; a missing entry is 0 (tf.sparse.maximum)."""
    return _sparse_sparse("SparseSparseMaximum", sp_a, sp_b, name)


def sparse_minimum(sp_a, sp_b, name=None):
    """Elementwise minimum of two SparseTensors of one shape; a missing entry is 0 (tf.sparse.minimum)."""
    return _sparse_sparse("SparseSparseMinimum", sp_a, sp_b, name)


# ------------------------------------------------------------------ slice
def _slice_infer(inputs, attrs):
    return _sparse_specs(inputs[1].dtype.base_dtype, _rank_of(inputs[2]))


def _slice_window(indices, shape, start, size):
    if not (start.size == size.size == shape.size):
        raise errors.InvalidArgumentError(None, None, f"Expected start and size to have {shape.size} elements, got "
                                          f"{start.size} and {size.size}")
    low = np.minimum(np.maximum(start, 0), shape)
    high = np.minimum(low + np.maximum(size, 0), shape)
    keep = np.all((indices >= low) & (indices < high), axis=1) if len(indices) else np.zeros(0, bool)
    return keep, low, high


@register_op("SparseSlice", infer=_slice_infer)
def _sparse_slice(xp, indices, values, shape, start, size):
    indices, values, shape = _host(indices).astype(np.int64), _host(values), _host(shape).astype(np.int64)
    sparse_ops.check_components(indices, values, shape)
    keep, low, high = _slice_window(indices, shape, _host(start).astype(np.int64), _host(size).astype(np.int64))
    return (indices[keep] - low).astype(np.int64), values[keep], (high - low).astype(np.int64)


@_sparse_slice.gradient
def _sparse_slice_grad(op, *grads):
    indices, start = op.inputs[0], op.inputs[3]
    d_values = apply_op("SparseSliceGrad", [grads[1], indices, start, op.outputs[0]]).outputs[0]
    return [None, d_values, None, None, None]


@register_op("SparseSliceGrad", no_gradient=True,
             infer=lambda inputs, attrs: [(inputs[0].dtype.base_dtype, TensorShape([inputs[1].shape[0].value
                                                                                     if inputs[1].shape.ndims else None]))])
def _sparse_slice_grad_kernel(xp, backprop_val_grad, input_indices, input_start, output_indices):
    inputs, outputs = _host(input_indices).astype(np.int64), _host(output_indices).astype(np.int64)
    shifted = outputs + _host(input_start).astype(np.int64)
    out = np.zeros(len(inputs), _host(backprop_val_grad).dtype)
    if len(shifted):
        position = {tuple(row): i for i, row in enumerate(inputs)}
        out[[position[tuple(row)] for row in shifted]] = _host(backprop_val_grad)
    return out


def sparse_slice(sp_input, start, size, name=None):
    """The entries of `sp_input` inside [start, start + size), indexed from `start` (tf.sparse.slice)."""
    sp_input = convert_to_sparse_tensor(sp_input)
    with op_scope(name, "SparseSlice", [sp_input]) as scope:
        start = convert_to_tensor(start, dtypes.int64, name="start")
        size = convert_to_tensor(size, dtypes.int64, name="size")
        out = apply_op("SparseSlice", [sp_input.indices, sp_input.values, sp_input.dense_shape, start, size],
                       name=scope).outputs
        return SparseTensor(*out)


# ------------------------------------------------------------------ split
def _split_infer(inputs, attrs):
    n = attrs["num_split"]
    rank, dtype = _rank_of(inputs[3]), inputs[2].dtype.base_dtype
    return ([(dtypes.int64, TensorShape([None, rank]))] * n + [(dtype, TensorShape([None]))] * n
            + [(dtypes.int64, TensorShape([rank]))] * n)


@register_op("SparseSplit", infer=_split_infer, no_gradient=True)
def _sparse_split(xp, split_dim, indices, values, shape, *, num_split):
    indices, values, shape = _host(indices).astype(np.int64), _host(values), _host(shape).astype(np.int64)
    sparse_ops.check_components(indices, values, shape)
    rank, axis = shape.size, int(_host(split_dim))
    if not -rank <= axis < rank:
        raise errors.InvalidArgumentError(None, None, f"Input split_dim should be between {-rank} and {rank}, got "
                                          f"{axis}")
    axis %= rank
    if num_split < 1 or num_split > shape[axis]:
        raise errors.InvalidArgumentError(None, None, f"Input num_split should be between 1 and {shape[axis]}, got "
                                          f"{num_split}")
    base, extra = divmod(int(shape[axis]), num_split)
    sizes = [base + (i < extra) for i in range(num_split)]
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    out_indices, out_values, out_shapes = [], [], []
    for i in range(num_split):
        keep = (indices[:, axis] >= bounds[i]) & (indices[:, axis] < bounds[i + 1])
        part = indices[keep].copy()
        part[:, axis] -= bounds[i]
        part_shape = shape.copy()
        part_shape[axis] = sizes[i]
        out_indices.append(part)
        out_values.append(values[keep])
        out_shapes.append(part_shape)
    return tuple(out_indices + out_values + out_shapes)


def sparse_split(keyword_required=None, sp_input=None, num_split=None, axis=None, name=None, split_dim=None):
    """Splits `sp_input` into `num_split` SparseTensors along `axis`; the first ones take one more
    row when it does not divide (tf.sparse.split). Arguments by keyword, as TF requires."""
    if keyword_required is not None:
        raise ValueError("Keyword arguments are required for this function.")
    if sp_input is None or num_split is None:
        raise ValueError("sp_input and num_split are required.")
    if split_dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'split_dim' and 'axis'.")
        axis = split_dim
    sp_input = convert_to_sparse_tensor(sp_input)
    with op_scope(name, "SparseSplit", [sp_input]) as scope:
        axis_t = convert_to_tensor(axis, dtypes.int64, name="split_dim")
        out = apply_op("SparseSplit", [axis_t, sp_input.indices, sp_input.values, sp_input.dense_shape],
                       {"num_split": int(num_split)}, name=scope).outputs
        n = int(num_split)
        return [SparseTensor(out[i], out[n + i], out[2 * n + i]) for i in range(n)]


# ------------------------------------------------------------------ softmax
@register_op("SparseSoftmax", infer=lambda inputs, attrs: [(inputs[1].dtype.base_dtype, inputs[1].shape)])
def _sparse_softmax(xp, sp_indices, sp_values, sp_shape):
    indices, values, shape = _host(sp_indices).astype(np.int64), _host(sp_values), _host(sp_shape)
    sparse_ops.check_components(indices, values, shape)
    if shape.size < 2:
        raise errors.InvalidArgumentError(None, None, f"Input should have rank >= 2, but received shape: "
                                          f"{sparse_ops.shape_str(shape)}")
    if not len(values):
        return values.copy()
    _, group = np.unique(indices[:, :-1], axis=0, return_inverse=True)  # entries sharing all but the last index
    group = group.reshape(-1)
    wide = values.astype(np.float64) if values.dtype.itemsize < 8 else values  # rounded once, at the end
    top = np.full(group.max() + 1, -np.inf, wide.dtype)
    np.maximum.at(top, group, wide)
    exp = np.exp(wide - top[group])
    total = np.zeros(len(top), wide.dtype)
    np.add.at(total, group, exp)
    return (exp / total[group]).astype(values.dtype)


@_sparse_softmax.gradient
def _sparse_softmax_grad(op, grad):
    indices, shape = op.inputs[0], op.inputs[2]
    out = op.outputs[0]
    product = SparseTensor(indices, out * grad, shape)
    sum_reduced = -sparse_math_ops.sparse_reduce_sum(product, [-1], keepdims=True)
    summed = sparse_math_ops.sparse_dense_cwise("SparseDenseCwiseAdd", SparseTensor(indices, grad, shape),
                                                sum_reduced, "SparseDenseCwiseAdd")
    return [None, summed.values * out, None]


def sparse_softmax(sp_input, name=None):
    """Softmax over the last dimension of the entries present, each row apart (tf.sparse.softmax)."""
    sp_input = convert_to_sparse_tensor(sp_input)
    with op_scope(name, "SparseSoftmax", [sp_input.indices, sp_input.values]):
        values = apply_op("SparseSoftmax", [sp_input.indices, sp_input.values, sp_input.dense_shape]).outputs[0]
        return SparseTensor(sp_input.indices, values, sp_input.dense_shape)


# ------------------------------------------------------------------ reductions that stay sparse
def _reduce_sparse_infer(inputs, attrs):
    return _sparse_specs(inputs[1].dtype.base_dtype)


def _reduce_sparse_kernel(ufunc):
    def kernel(xp, input_indices, input_values, input_shape, reduction_axes, *, keep_dims=False):
        indices, values, shape = _host(input_indices).astype(np.int64), _host(input_values), _host(input_shape)
        sparse_ops.check_components(indices, values, shape)
        kept, _, final = sparse_math_ops.reduce_layout(indices, shape, _host(reduction_axes), keep_dims)
        groups, where = (np.unique(indices[:, kept], axis=0, return_inverse=True) if len(indices)
                         else (np.zeros((0, len(kept)), np.int64), np.zeros(0, int)))
        where = where.reshape(-1)
        if not len(indices) and not kept:
            groups = np.zeros((0, 0), np.int64)
        out = np.zeros(len(groups), values.dtype)
        seen = np.zeros(len(groups), bool)
        for i, g in enumerate(where):  # the first value of a group starts it: max ignores implicit zeros
            out[g] = values[i] if not seen[g] else ufunc(out[g], values[i])
            seen[g] = True
        if keep_dims:
            full = np.zeros((len(groups), len(shape)), np.int64)
            full[:, kept] = groups
            groups = full
        return groups.astype(np.int64), out, np.asarray(final, np.int64)
    return kernel


register_op("SparseReduceSumSparse", infer=_reduce_sparse_infer, no_gradient=True)(_reduce_sparse_kernel(np.add))
register_op("SparseReduceMaxSparse", infer=_reduce_sparse_infer, no_gradient=True)(_reduce_sparse_kernel(np.maximum))


def _reduce_sparse(op_type, sp_input, axis, keepdims, reduction_axes, keep_dims, name):
    keepdims = keep_dims if keep_dims is not None else keepdims
    axis = reduction_axes if reduction_axes is not None else axis
    sp_input = convert_to_sparse_tensor(sp_input)
    if axis is None:
        rank = _rank_of(sp_input.dense_shape)
        axes = convert_to_tensor(np.arange(rank, dtype=np.int32)) if rank is not None else \
            sequence_ops.range_(0, array_ops.size(sp_input.dense_shape))
    else:
        axes = convert_to_tensor(axis, dtype=dtypes.int32)
    out = apply_op(op_type, [sp_input.indices, sp_input.values, sp_input.dense_shape, axes],
                   {"keep_dims": bool(keepdims)}, name=name or op_type).outputs
    return SparseTensor(*out)


def sparse_reduce_sum_sparse(sp_input, axis=None, keepdims=None, reduction_axes=None, keep_dims=None, name=None):
    """Sum over `axis` of a SparseTensor, as a SparseTensor of the groups that had entries
    (tf.sparse.reduce_sum_sparse)."""
    return _reduce_sparse("SparseReduceSumSparse", sp_input, axis, keepdims, reduction_axes, keep_dims, name)


def sparse_reduce_max_sparse(sp_input, axis=None, keepdims=None, reduction_axes=None, keep_dims=None, name=None):
    """Max over `axis` of the entries present, as a SparseTensor (tf.sparse.reduce_max_sparse)."""
    return _reduce_sparse("SparseReduceMaxSparse", sp_input, axis, keepdims, reduction_axes, keep_dims, name)


__all__ = ["sparse_fill_empty_rows", "sparse_maximum", "sparse_minimum", "sparse_reduce_max_sparse",
           "sparse_reduce_sum_sparse", "sparse_slice", "sparse_softmax", "sparse_split"]
