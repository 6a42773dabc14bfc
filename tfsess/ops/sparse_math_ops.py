"""Sparse arithmetic: sparse add, reduce_sum/max, sparse-dense matmul and element-wise sparse-dense ops.

Index checks and canonical order are sparse_ops' (see there).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, constant_value, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor, convert_to_sparse_tensor, is_sparse
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import array_ops, gather_ops, math_ops, reduction_ops, sequence_ops, sparse_ops, unary_ops
from tfsess.ops._infer import check_dtype, check_same_dtype, fmt_shape, partial_shape
from tfsess.lib.xp import to_host


# ================================================================== SparseAdd
def _sparse_add_infer(inputs, attrs):
    a_indices, a_values, a_shape, b_indices, b_values, b_shape, thresh = inputs
    check_same_dtype([a_values, b_values], "SparseAdd", names=("a_values", "b_values"))
    n = None
    return [(dtypes.int64, TensorShape([n, a_indices.shape[1].value if a_indices.shape.ndims == 2 else None])),
            (a_values.dtype.base_dtype, TensorShape([n])), (dtypes.int64, a_shape.shape)]


def _match_pairs(a, b):
    """Row-major merge of two sorted index sets: (order, source, paired) over the concatenation."""
    both = np.concatenate([a, b], axis=0)
    source = np.concatenate([np.zeros(len(a), np.int8), np.ones(len(b), np.int8)])
    keys = [source] + [both[:, d] for d in range(both.shape[1] - 1, -1, -1)]
    order = np.lexsort(keys) if len(both) else np.arange(0)
    rows, src = both[order], source[order]
    same_next = np.zeros(len(order), dtype=bool)
    if len(order) > 1:
        same_next[:-1] = np.all(rows[1:] == rows[:-1], axis=1) & (src[:-1] == 0) & (src[1:] == 1)
    return order, src, same_next


@register_op("SparseAdd", infer=_sparse_add_infer)
def _sparse_add(xp, a_indices, a_values, a_shape, b_indices, b_values, b_shape, thresh):
    a_indices, b_indices = np.asarray(to_host(a_indices)), np.asarray(to_host(b_indices))
    a_shape, b_shape = np.asarray(to_host(a_shape)), np.asarray(to_host(b_shape))
    if a_indices.ndim != 2 or b_indices.ndim != 2:
        raise errors.InvalidArgumentError(None, None, f"Input indices should be matrices but received shapes: "
                                                      f"{list(a_indices.shape)} and {list(b_indices.shape)}")
    if a_values.shape[0] != a_indices.shape[0] or b_values.shape[0] != b_indices.shape[0]:
        raise errors.InvalidArgumentError(None, None, f"Expected {a_indices.shape[0]} and {b_indices.shape[0]} "
                                                      f"non-empty input values, got {a_values.size} and "
                                                      f"{b_values.size}")
    if a_shape.shape != b_shape.shape:
        raise errors.InvalidArgumentError(None, None, f"Operands do not have the same ranks; got shapes: "
                                                      f"{sparse_ops.shape_str(a_shape)} and "
                                                      f"{sparse_ops.shape_str(b_shape)}")
    for i, (x, y) in enumerate(zip(a_shape, b_shape)):
        if x != y:
            raise errors.InvalidArgumentError(None, None, f"Operands' shapes do not match: got {x} and {y} for "
                                                          f"dimension {i}")
    if np.ndim(thresh) != 0:
        raise errors.InvalidArgumentError(None, None, f"The magnitude threshold must be a scalar: got shape "
                                                      f"{list(np.shape(thresh))}")
    order, src, paired = _match_pairs(a_indices, b_indices)
    values = xp.concatenate([a_values, b_values])[order]
    rows = np.concatenate([a_indices, b_indices], axis=0)[order]
    second = np.zeros(len(order), dtype=bool)
    second[1:] = paired[:-1]
    summed = values.copy()
    pair_at = np.flatnonzero(paired)
    summed[pair_at] = values[pair_at] + values[pair_at + 1]
    keep = ~second
    keep[pair_at] = np.abs(to_host(summed[pair_at])) >= thresh
    keep_at = np.flatnonzero(keep)
    return rows[keep_at].astype(np.int64), summed[keep_at], a_shape.astype(np.int64)


@register_op("SparseAddGrad", infer=lambda inputs, attrs: [(inputs[0].dtype.base_dtype, TensorShape([None]))] * 2,
             no_gradient=True)
def _sparse_add_grad_kernel(xp, backprop_val_grad, a_indices, b_indices, sum_indices):
    sums = np.asarray(to_host(sum_indices))
    return (_gather_matching(xp, backprop_val_grad, sums, np.asarray(to_host(a_indices))),
            _gather_matching(xp, backprop_val_grad, sums, np.asarray(to_host(b_indices))))


def _gather_matching(xp, values, keys, queries):
    """values[position of each query row among `keys` rows], 0 where a query row is absent."""
    out = xp.zeros(len(queries), dtype=values.dtype)
    if not len(queries) or not len(keys):
        return out
    order, src, paired = _match_pairs(keys, queries)
    at = np.flatnonzero(paired)
    key_pos, query_pos = order[at], order[at + 1] - len(keys)
    out[query_pos] = values[key_pos]
    return out


@_sparse_add.gradient
def _sparse_add_grad(op, *grads):
    val_grad = grads[1]
    a_grad, b_grad = apply_op("SparseAddGrad", [val_grad, op.inputs[0], op.inputs[3], op.outputs[0]],
                              name="SparseAddGrad").outputs
    a_grad.set_shape(op.inputs[1].shape)
    b_grad.set_shape(op.inputs[4].shape)
    return [None, a_grad, None, None, b_grad, None, None]


def _sparse_dense_add_infer(inputs, attrs):
    a_indices, a_values, a_shape, b = inputs
    check_same_dtype([a_values, b], "SparseTensorDenseAdd", names=("a_values", "b"))
    return [(b.dtype.base_dtype, b.shape)]


@register_op("SparseTensorDenseAdd", infer=_sparse_dense_add_infer)
def _sparse_dense_add(xp, a_indices, a_values, a_shape, b):
    a_indices, a_shape = np.asarray(to_host(a_indices)), np.asarray(to_host(a_shape))
    sparse_ops.check_components(a_indices, a_values, a_shape)
    if a_shape.size != b.ndim:
        raise errors.InvalidArgumentError(None, None, f"Two operands have different ranks; received: "
                                                      f"{a_shape.size} and {b.ndim}")
    for i, (x, y) in enumerate(zip(a_shape, b.shape)):
        if x != y:
            raise errors.InvalidArgumentError(None, None, f"Dimension {i} does not equal (no broadcasting is "
                                                          f"supported): sparse side {x} vs dense side {y}")
    sparse_ops.check_in_bounds(a_indices, a_shape)
    out = b.copy()
    if len(a_indices):
        xp.add.at(out, tuple(xp.asarray(a_indices.T)), a_values)
    return out


@_sparse_dense_add.gradient
def _sparse_dense_add_grad(op, grad):
    return [None, gather_ops.gather_nd(grad, op.inputs[0]), None, grad]


def sparse_add(a, b, threshold=None, thresh=None):
    """a + b where at least one is sparse: sparse + sparse is sparse, sparse + dense is dense.

    Summed entries whose magnitude is below `threshold` are dropped (tf.sparse_add).

    Raises:
        TypeError: neither input is sparse.
        ValueError: sparse inputs of incompatible static shapes.
    """
    if thresh is not None:
        if threshold is not None:
            raise ValueError("Cannot specify both 'thresh' and 'threshold'.")
        threshold = thresh
    return sparse_add_v2(a, b, 0 if threshold is None else threshold)


def sparse_add_v2(a, b, threshold=0):
    """tf.sparse.add in TF2 form."""
    if not (is_sparse(a) or is_sparse(b)):
        raise TypeError("At least one input should be SparseTensor; do you mean to use tf.add()?")
    if is_sparse(a) and is_sparse(b):
        a, b = convert_to_sparse_tensor(a), convert_to_sparse_tensor(b)
        threshold = convert_to_tensor(threshold, dtype=a.values.dtype.base_dtype.real_dtype, name="threshold")
        op = apply_op("SparseAdd", [a.indices, a.values, a.dense_shape, b.indices, b.values, b.dense_shape,
                                    threshold], name="SparseAdd")
        indices, values, shape = op.outputs
        a.shape.assert_is_compatible_with(b.shape)
        static = a.shape.merge_with(b.shape)
        if static.is_fully_defined():
            shape = static.as_list()
        return SparseTensor(indices, values, shape)
    if is_sparse(b):
        a, b = b, a
    a = convert_to_sparse_tensor(a)
    with op_scope(None, "SparseTensorDenseAdd", [a.values, b]) as scope:
        b = convert_to_tensor(b, dtype=a.dtype.base_dtype, name="b")
        return apply_op("SparseTensorDenseAdd", [a.indices, a.values, a.dense_shape, b], name=scope).outputs[0]


# ================================================================== reductions
def _reduction_static(shape_tensor, axes_tensor, keep_dims):
    # as TF's SparseReduceShapeFn: only a constant dense shape gives a static shape, a partial one nothing
    dims = constant_value(shape_tensor)
    axes = constant_value(axes_tensor)
    if dims is None or axes is None:
        return unknown_shape()
    dims = [int(d) for d in np.asarray(dims).reshape(-1)]
    rank = len(dims)
    axes = {int(a) % rank for a in np.asarray(axes).reshape(-1)} if rank else set()
    if keep_dims:
        return TensorShape([1 if i in axes else d for i, d in enumerate(dims)])
    return TensorShape([d for i, d in enumerate(dims) if i not in axes])


def _sparse_reduce_infer(inputs, attrs):
    indices, values, shape, axes = inputs
    return [(values.dtype.base_dtype, _reduction_static(shape, axes, attrs.get("keep_dims", False)))]


def reduce_layout(indices, shape, axes, keep_dims):
    shape = [int(d) for d in shape]
    rank = len(shape)
    axes_list = [int(a) for a in np.asarray(axes).reshape(-1)]
    for a in axes_list:
        if not -rank <= a < rank:
            raise errors.InvalidArgumentError(None, None, f"Invalid reduction dimension {a}, for input with "
                                                          f"{rank} dimensions.")
    reduced = {a % rank for a in axes_list}
    kept = [d for d in range(rank) if d not in reduced]
    out_shape = tuple(shape[d] for d in kept)
    final = tuple(1 if d in reduced else shape[d] for d in range(rank)) if keep_dims else out_shape
    return kept, out_shape, final


def _sparse_reduce(xp, indices, values, shape, axes, keep_dims, ufunc, init):
    indices, shape = np.asarray(to_host(indices)), np.asarray(to_host(shape))
    sparse_ops.check_components(indices, values, shape)
    sparse_ops.check_in_bounds(indices, shape)
    kept, out_shape, final = reduce_layout(indices, shape, axes, keep_dims)
    if not kept:  # every axis reduced; TF gives 0 where no entry falls (a max included)
        total = ufunc.reduce(values, initial=init) if len(values) else 0
        return xp.asarray(total, dtype=values.dtype).reshape(final)
    out = xp.full(out_shape, init, dtype=values.dtype)
    if len(indices):
        where = tuple(xp.asarray(indices[:, kept].T))
        ufunc.at(out, where, values)
        if init != 0:
            seen = xp.zeros(out_shape, dtype=bool)
            seen[where] = True
            out[~seen] = 0
    else:
        out[...] = 0
    return out.reshape(final)


@register_op("SparseReduceSum", infer=_sparse_reduce_infer)
def _sparse_reduce_sum(xp, indices, values, shape, axes, *, keep_dims=False):
    return _sparse_reduce(xp, indices, values, shape, axes, keep_dims, xp.add, 0)


@register_op("SparseReduceMax", infer=_sparse_reduce_infer)
def _sparse_reduce_max(xp, indices, values, shape, axes, *, keep_dims=False):
    lowest = -np.inf if values.dtype.kind == "f" else np.iinfo(values.dtype).min
    return _sparse_reduce(xp, indices, values, shape, axes, keep_dims, xp.maximum, lowest)


@_sparse_reduce_sum.gradient
def _sparse_reduce_sum_grad(op, out_grad):
    sp_indices, sp_shape = op.inputs[0], op.inputs[2]
    kept = reduction_ops.reduced_shape(sp_shape, op.inputs[3])
    reshaped = array_ops.reshape(out_grad, kept)
    scale = sp_shape // math_ops.cast(kept, dtypes.int64)
    return [None, gather_ops.gather_nd(reshaped, sp_indices // scale), None, None]


def _sparse_reduce_op(op_type, sp_input, axis, keepdims, reduction_axes, keep_dims, name):
    if keep_dims is not None:
        if keepdims is not None:
            raise ValueError("Cannot specify both 'keep_dims' and 'keepdims'.")
        keepdims = keep_dims
    if reduction_axes is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'reduction_axes' and 'axis'.")
        axis = reduction_axes
    sp_input = convert_to_sparse_tensor(sp_input)
    if axis is None:
        rank = sp_input.dense_shape.shape[0].value
        axes = convert_to_tensor(np.arange(rank, dtype=np.int32)) if rank is not None else \
            sequence_ops.range_(0, array_ops.size(sp_input.dense_shape))
    else:
        axes = convert_to_tensor(axis, dtype=dtypes.int32)
    return apply_op(op_type, [sp_input.indices, sp_input.values, sp_input.dense_shape, axes],
                    {"keep_dims": bool(keepdims)}, name=name or op_type).outputs[0]


def sparse_reduce_sum(sp_input, axis=None, keepdims=None, reduction_axes=None, keep_dims=None, name=None):
    """Sum of a SparseTensor's values over `axis` (all by default) as a dense tensor."""
    return _sparse_reduce_op("SparseReduceSum", sp_input, axis, keepdims, reduction_axes, keep_dims, name)


def sparse_reduce_max(sp_input, axis=None, keepdims=None, reduction_axes=None, keep_dims=None, name=None):
    """Max of a SparseTensor's given values over `axis` as a dense tensor (implicit zeros ignored)."""
    return _sparse_reduce_op("SparseReduceMax", sp_input, axis, keepdims, reduction_axes, keep_dims, name)


# ================================================================== sparse x dense matmul
def _sp_matmul_infer(inputs, attrs):
    a_indices, a_values, a_shape, b = inputs
    check_same_dtype([a_values, b], "SparseTensorDenseMatMul", names=("a_values", "b"))
    check_dtype(a_indices, (dtypes.int32, dtypes.int64), "a_indices")
    a_dims = partial_shape(a_shape)
    if a_dims is not None and len(a_dims) != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {len(a_dims)} for 'SparseTensorDenseMatMul'.")
    if b.shape.ndims is not None and b.shape.ndims != 2:
        raise ValueError(f"Shape must be rank 2 but is rank {b.shape.ndims} for 'SparseTensorDenseMatMul' with "
                         f"input shapes: {fmt_shape(a_indices.shape)}, {fmt_shape(a_values.shape)}, "
                         f"{fmt_shape(a_shape.shape)}, {fmt_shape(b.shape)}.")
    a_dims = a_dims or [None, None]
    b_dims = list(b.shape.as_tuple_or_none()) if b.shape.ndims == 2 else [None, None]
    adj_a, adj_b = attrs.get("adjoint_a", False), attrs.get("adjoint_b", False)
    left, inner_a = (a_dims[1], a_dims[0]) if adj_a else (a_dims[0], a_dims[1])
    inner_b, right = (b_dims[1], b_dims[0]) if adj_b else (b_dims[0], b_dims[1])
    if inner_a is not None and inner_b is not None and inner_a != inner_b:
        raise ValueError(f"Dimensions must be equal, but are {inner_a} and {inner_b} for "
                         "'SparseTensorDenseMatMul' with input shapes: "
                         f"{fmt_shape(a_indices.shape)}, {fmt_shape(a_values.shape)}, {fmt_shape(a_shape.shape)}, "
                         f"{fmt_shape(b.shape)}.")
    return [(a_values.dtype.base_dtype, TensorShape([left, right]))]


@register_op("SparseTensorDenseMatMul", infer=_sp_matmul_infer)
def _sp_matmul(xp, a_indices, a_values, a_shape, b, *, adjoint_a=False, adjoint_b=False):
    a_indices, a_shape = np.asarray(to_host(a_indices)).astype(np.int64), np.asarray(to_host(a_shape))
    sparse_ops.check_components(a_indices, a_values, a_shape, "a")
    if a_shape.size != 2 or b.ndim != 2:
        raise errors.InvalidArgumentError(None, None, f"Tensor 'a_shape' is not a vector of 2 or b is not a matrix: "
                                                      f"{sparse_ops.shape_str(a_shape)} and {list(b.shape)}")
    if adjoint_b:
        b = xp.conj(b.T) if b.dtype.kind == "c" else b.T
    values = xp.conj(a_values) if adjoint_a and a_values.dtype.kind == "c" else a_values
    rows, cols = (a_indices[:, 1], a_indices[:, 0]) if adjoint_a else (a_indices[:, 0], a_indices[:, 1])
    out_rows, inner = (int(a_shape[1]), int(a_shape[0])) if adjoint_a else (int(a_shape[0]), int(a_shape[1]))
    if inner != b.shape[0]:
        raise errors.InvalidArgumentError(
            None, None, f"Cannot multiply A and B because inner dimension does not match: {inner} vs. {b.shape[0]}.  "
                        f"Did you forget a transpose?  Dimensions of A: [{out_rows}, {inner}).  Dimensions of B: "
                        f"{list(b.shape)}")
    for name, idx, bound, col in (("m", rows, out_rows, 1 if adjoint_a else 0),
                                  ("k", cols, inner, 0 if adjoint_a else 1)):
        bad = np.flatnonzero((idx < 0) | (idx >= bound))
        if bad.size:
            i = int(bad[0])
            raise errors.InvalidArgumentError(None, None, f"{name} ({int(idx[i])}) from index[{i},{col}] out of "
                                                          f"bounds (>={bound})")
    out = xp.zeros((out_rows, b.shape[1]), dtype=b.dtype)
    if len(rows):
        xp.add.at(out, xp.asarray(rows), values[:, None] * b[xp.asarray(cols)])
    return out


@_sp_matmul.gradient
def _sp_matmul_grad(op, grad):
    a_indices, a_values, a_shape, b = op.inputs
    adj_a, adj_b = op.get_attr("adjoint_a"), op.get_attr("adjoint_b")
    b_grad = apply_op("SparseTensorDenseMatMul", [a_indices, a_values, a_shape, grad],
                      {"adjoint_a": not adj_a, "adjoint_b": False}, name="SparseTensorDenseMatMul").outputs[0]
    if adj_b:
        b_grad = array_ops.transpose(b_grad)
        if b_grad.dtype.base_dtype.is_complex:
            b_grad = unary_ops.conj(b_grad)
    rows, cols = a_indices[:, 0], a_indices[:, 1]
    parts_a = gather_ops.gather(grad, cols if adj_a else rows)
    parts_b = gather_ops.gather(array_ops.transpose(b) if adj_b else b, rows if adj_a else cols)
    if b.dtype.base_dtype.is_complex:
        parts_b = unary_ops.conj(parts_b)
    values_grad = reduction_ops.reduce_sum(parts_a * parts_b, axis=1)
    if adj_a and values_grad.dtype.base_dtype.is_complex:
        values_grad = unary_ops.conj(values_grad)
    return [None, values_grad, None, b_grad]


def sparse_tensor_dense_matmul(sp_a, b, adjoint_a=False, adjoint_b=False, name=None):
    """The dense product of SparseTensor `sp_a` (rank 2) and dense `b` (tf.sparse.sparse_dense_matmul).

    Raises:
        ValueError: inner dimensions that differ statically.
    """
    if is_sparse(b):
        if adjoint_a != adjoint_b:
            return array_ops.transpose(sparse_tensor_dense_matmul(b, sp_a, adjoint_a, adjoint_b))
        return array_ops.transpose(sparse_tensor_dense_matmul(b, sp_a, adjoint_a=not adjoint_a,
                                                              adjoint_b=not adjoint_b))
    sp_a = convert_to_sparse_tensor(sp_a)
    with op_scope(name, "SparseTensorDenseMatMul", [sp_a.indices, sp_a.values, b]):
        b = convert_to_tensor(b, name="b")
        return apply_op("SparseTensorDenseMatMul", [sp_a.indices, sp_a.values, sp_a.dense_shape, b],
                        {"adjoint_a": bool(adjoint_a), "adjoint_b": bool(adjoint_b)},
                        name="SparseTensorDenseMatMul").outputs[0]


# ================================================================== reorder, retain, reshape, transpose
def _cwise_infer(inputs, attrs):
    check_same_dtype([inputs[1], inputs[3]], "SparseDenseCwise", names=("sp_values", "dense"))
    return [(inputs[1].dtype.base_dtype, inputs[1].shape)]


def _cwise_kernel(fn):
    def kernel(xp, sp_indices, sp_values, sp_shape, dense):
        indices, shape = np.asarray(to_host(sp_indices)).astype(np.int64), np.asarray(to_host(sp_shape))
        sparse_ops.check_components(indices, sp_values, shape)
        if dense.ndim > shape.size:
            raise errors.InvalidArgumentError(None, None, f"Dense tensor of rank {dense.ndim} cannot be broadcast to "
                                                          f"the sparse tensor's shape {sparse_ops.shape_str(shape)}")
        try:
            full = xp.broadcast_to(dense, tuple(int(d) for d in shape))
        except ValueError:
            raise errors.InvalidArgumentError(
                None, None, f"SparseDenseBinaryOpShared broadcasts dense to sparse only; got incompatible shapes: "
                            f"[{sparse_ops.shape_str(shape)}] vs. [{list(dense.shape)}]") from None
        sparse_ops.check_in_bounds(indices, shape)
        return fn(sp_values, full[tuple(xp.asarray(indices.T))]).astype(sp_values.dtype, copy=False)
    return kernel


register_op("SparseDenseCwiseMul", infer=_cwise_infer)(_cwise_kernel(lambda a, b: a * b))
register_op("SparseDenseCwiseDiv", infer=_cwise_infer)(_cwise_kernel(
    lambda a, b: (a // b) if a.dtype.kind in "iu" else a / b))
register_op("SparseDenseCwiseAdd", infer=_cwise_infer)(_cwise_kernel(lambda a, b: a + b))


def sparse_dense_cwise(op_type, sp_input, dense, name):
    """sp_input (op) dense at sp_input's entries, as a SparseTensor with the same indices."""
    sp_input = convert_to_sparse_tensor(sp_input)
    with op_scope(None, name, [sp_input.values, dense]) as scope:
        dense = convert_to_tensor(dense, dtype=sp_input.dtype.base_dtype, name="y")
        values = apply_op(op_type, [sp_input.indices, sp_input.values, sp_input.dense_shape, dense],
                          name=scope).outputs[0]
    return sp_input.with_values(values)


__all__ = [
    "sparse_add",
    "sparse_reduce_max",
    "sparse_reduce_sum",
    "sparse_tensor_dense_matmul",
]
