"""Segment reductions beyond the sums: segment_mean/max/min/prod (sorted ids), unsorted_segment_max/min/prod
(and the composites unsorted_segment_mean/sqrt_n), sparse_segment_sum/mean/sqrt_n (rows picked by `indices`).

Kernels reduce on the host with NumPy's unbuffered `ufunc.at` (repeated ids accumulate). Empty segments are
filled as TF fills them: sorted ops with 0 (1 for prod), unsorted max/min with the dtype's lowest/highest
value, unsorted prod with 1, sparse mean/sqrt_n with 0.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dispatch, errors
from tfsess.framework.op_builder import constant_value, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import (array_ops, broadcast_ops, gather_ops, logic_ops, math_ops, reduction_ops, stack_ops,
                        unary_ops)
from tfsess.ops._infer import FLOAT, INDEX, REAL, apply_gen, check_dtype, host, index_attr
from tfsess.ops.sparse_segment_grad_ops import sparse_segment_grad


# ------------------------------------------------------------------ shared kernels
def _lowest(dtype):
    return (np.finfo if dtype.kind == "f" else np.iinfo)(dtype).min  # numeric_limits::lowest, as TF


def _highest(dtype):
    return (np.finfo if dtype.kind == "f" else np.iinfo)(dtype).max


_UFUNC = {"max": np.maximum, "min": np.minimum, "prod": np.multiply, "sum": np.add}


def _reduce_into(kind, rows, ids, num, empty):
    """Reduces `rows` (one per id) into `num` segments; ids < 0 are dropped; empty segments get `empty`."""
    keep = ids >= 0
    ids, rows = ids[keep], rows[keep]
    dtype = rows.dtype
    if kind == "mean":
        out = np.zeros((num,) + rows.shape[1:], dtype)
        np.add.at(out, ids, rows)
        counts = np.bincount(ids, minlength=num).reshape((num,) + (1,) * (rows.ndim - 1))
        if dtype.kind in "iu":
            return (np.sign(out) * (np.abs(out) // np.maximum(counts, 1))).astype(dtype)  # truncated, as C++ does
        return (out / np.maximum(counts, 1)).astype(dtype)
    start = {"max": _lowest(dtype), "min": _highest(dtype), "prod": 1, "sum": 0}[kind]
    out = np.full((num,) + rows.shape[1:], start, dtype)
    _UFUNC[kind].at(out, ids, rows)
    if empty is not None:
        out[np.bincount(ids, minlength=num) == 0] = empty
    return out


def _sorted_count(op_type, data, ids):
    ids = host(ids).reshape(-1)
    if ids.size != data.shape[0]:
        raise errors.InvalidArgumentError(None, None, f"{op_type}: segment_ids should be the same size as dimension 0 "
                                          f"of input, got {ids.size} and {data.shape[0]}")
    if ids.size and (ids[0] < 0 or np.any(np.diff(ids) < 0)):
        raise errors.InvalidArgumentError(None, None, f"{op_type}: segment ids are not increasing")
    return ids, (int(ids[-1]) + 1 if ids.size else 0)


def _checked_ids(op_type, ids, num):
    ids = host(ids).reshape(-1)
    if ids.size and ids.max() >= num:
        bad = int(np.argmax(ids >= num))
        raise errors.InvalidArgumentError(None, None, f"{op_type}: segment_ids[{bad}] = {ids[bad]} is out of range "
                                          f"[0, {num})")
    return ids


# ------------------------------------------------------------------ sorted segments
def _segment_infer_for(op_type, allowed):
    def infer(inputs, attrs):
        data, ids = inputs
        dtype = check_dtype(data, allowed, "data")
        check_dtype(ids, INDEX, "segment_ids")
        if data.shape.ndims == 0:
            raise ValueError(f"Shape must be at least rank 1 but is rank 0 for '{op_type}' (data)")
        if ids.shape.ndims not in (None, 1):
            raise ValueError(f"Shape must be rank 1 but is rank {ids.shape.ndims} for '{op_type}' (segment_ids)")
        if data.shape.ndims is None:
            return [(dtype, unknown_shape())]
        return [(dtype, TensorShape([None] + list(data.shape.as_tuple_or_none()[1:])))]
    return infer


def _sorted_kernel(op_type, kind, empty):
    def kernel(xp, data, ids):
        ids, num = _sorted_count(op_type, data, ids)
        rows = host(data)
        return xp.asarray(_reduce_into(kind, rows, ids, num, empty))
    return kernel


def _gather_by_ids(values, ids):
    """values[ids], with rows of negative ids (dropped by unsorted ops) as zeros."""
    zero = array_ops.zeros_like(ids)
    gathered = gather_ops.gather(values, math_ops.maximum(ids, zero))
    mask = _broadcast_like(logic_ops.greater_equal(ids, zero), gathered)
    return logic_ops.select_v2(mask, gathered, array_ops.zeros_like(gathered))


def _broadcast_like(per_row, target):
    """A per-id tensor (shape of ids) reshaped and broadcast to `target`'s shape (ids' shape then the row's)."""
    ones = array_ops.ones_like(array_ops.shape(target))
    tail = ones[array_ops.rank(per_row):]
    shaped = array_ops.reshape(per_row, stack_ops.concat([array_ops.shape(per_row), tail], 0))
    return broadcast_ops.broadcast_to(shaped, array_ops.shape(target))


def _min_max_grad(op, grad, reduce_sum, *extra):
    """TF's _SegmentMinOrMaxGrad: the gradient shared equally among the entries equal to their segment's result."""
    data, ids = op.inputs[0], op.inputs[1]
    gathered_out = _gather_by_ids(op.outputs[0], ids)
    is_selected = logic_ops.logical_and(logic_ops.equal(data, gathered_out),
                                        _broadcast_like(logic_ops.greater_equal(ids, array_ops.zeros_like(ids)),
                                                        data))
    num_selected = reduce_sum(math_ops.cast(is_selected, grad.dtype), ids, *extra)
    gathered = _gather_by_ids(grad / math_ops.maximum(num_selected, array_ops.ones_like(num_selected)), ids)
    return [logic_ops.select_v2(is_selected, gathered, array_ops.zeros_like(data)), None] + [None] * len(extra)


def _prod_grad(op, grad, reduce_prod, reduce_sum, *extra):
    """TF's _SegmentProdGrad: product of the others, exact where entries are zero (one zero: the rest's product)."""
    data, ids = op.inputs[0], op.inputs[1]
    is_zero = logic_ops.equal(data, array_ops.zeros_like(data))
    num_zeros = reduce_sum(math_ops.cast(is_zero, grad.dtype), ids, *extra)
    grad = logic_ops.select_v2(logic_ops.greater(num_zeros, array_ops.ones_like(num_zeros)),
                               array_ops.zeros_like(grad), grad)
    non_zero_data = logic_ops.select_v2(is_zero, array_ops.ones_like(data), data)
    non_zero_prod = reduce_prod(non_zero_data, ids, *extra)
    others = logic_ops.select_v2(is_zero, _gather_by_ids(non_zero_prod, ids),
                                 _gather_by_ids(op.outputs[0], ids) / non_zero_data)
    return [_gather_by_ids(grad, ids) * others, None] + [None] * len(extra)


def _sorted_op(name, op_type, kind, empty, allowed, doc):
    kernel = register_op(op_type, infer=_segment_infer_for(op_type, allowed))(_sorted_kernel(op_type, kind, empty))

    def function(data, segment_ids, name=None):
        return apply_gen(op_type, [("data", data, None), ("segment_ids", segment_ids, index_attr("Tindices"))],
                         name=name)
    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"{doc} of the rows of `data` by sorted `segment_ids` (tf.math.{name})."
    return kernel, function


_segment_mean, segment_mean = _sorted_op("segment_mean", "SegmentMean", "mean", None, REAL, "The mean")
_segment_max, segment_max = _sorted_op("segment_max", "SegmentMax", "max", 0, REAL, "The maximum")
_segment_min, segment_min = _sorted_op("segment_min", "SegmentMin", "min", 0, REAL, "The minimum")
_segment_prod, segment_prod = _sorted_op("segment_prod", "SegmentProd", "prod", None, REAL, "The product")


@_segment_mean.gradient
def _segment_mean_grad(op, grad):
    data, ids = op.inputs
    counts = reduction_ops.segment_sum(array_ops.ones_like(ids, dtype=grad.dtype), ids)
    return [_gather_by_ids(grad, ids) / _broadcast_like(gather_ops.gather(counts, ids), data), None]


_segment_max.gradient(lambda op, grad: _min_max_grad(op, grad, reduction_ops.segment_sum))
_segment_min.gradient(lambda op, grad: _min_max_grad(op, grad, reduction_ops.segment_sum))
_segment_prod.gradient(lambda op, grad: _prod_grad(op, grad, segment_prod, reduction_ops.segment_sum))


# ------------------------------------------------------------------ unsorted segments
def _unsorted_op(name, op_type, kind, doc):
    def kernel(xp, data, ids, num):
        num = int(num)
        flat = _checked_ids(op_type, ids, num)
        rows = host(data).reshape((flat.size,) + data.shape[np.ndim(ids):])
        return xp.asarray(_reduce_into(kind, rows, flat, num, None))
    kernel = register_op(op_type, infer=reduction_ops.unsorted_segment_infer(REAL, op_type))(kernel)

    def function(data, segment_ids, num_segments, name=None):
        args = [("data", data, None), ("segment_ids", segment_ids, index_attr("Tindices")),
                ("num_segments", num_segments, index_attr("Tnumsegments"))]
        return apply_gen(op_type, args, name=name)
    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"{doc} of the rows of `data` by `segment_ids` into `num_segments` rows (tf.math.{name})."
    return kernel, function


_unsorted_max, unsorted_segment_max = _unsorted_op("unsorted_segment_max", "UnsortedSegmentMax", "max",
                                                   "The maximum (the dtype's lowest value where empty)")
_unsorted_min, unsorted_segment_min = _unsorted_op("unsorted_segment_min", "UnsortedSegmentMin", "min",
                                                   "The minimum (the dtype's highest value where empty)")
_unsorted_prod, unsorted_segment_prod = _unsorted_op("unsorted_segment_prod", "UnsortedSegmentProd", "prod",
                                                     "The product (1 where empty)")


def _num_of(op):
    return op.inputs[2]


_unsorted_max.gradient(lambda op, grad: _min_max_grad(op, grad, reduction_ops.unsorted_segment_sum, _num_of(op)))
_unsorted_min.gradient(lambda op, grad: _min_max_grad(op, grad, reduction_ops.unsorted_segment_sum, _num_of(op)))
_unsorted_prod.gradient(lambda op, grad: _prod_grad(op, grad, unsorted_segment_prod,
                                                    reduction_ops.unsorted_segment_sum, _num_of(op)))


def _segment_counts(data, segment_ids, num_segments):
    """TF's _unsorted_segment_N: rows per segment (at least 1), shaped to broadcast against the sums."""
    ones = array_ops.ones_like(segment_ids, dtype=data.dtype)
    counts = reduction_ops.unsorted_segment_sum(ones, segment_ids, num_segments)
    tail = array_ops.ones_like(array_ops.shape(data)[array_ops.rank(segment_ids):])
    counts = array_ops.reshape(counts, stack_ops.concat([array_ops.reshape(num_segments, [1]), tail], 0))
    return math_ops.maximum(counts, array_ops.ones_like(counts))


def unsorted_segment_mean(data, segment_ids, num_segments, name=None):
    """The mean of the rows of `data` by `segment_ids` (0 where empty) (tf.math.unsorted_segment_mean)."""
    with op_scope(name, "UnsortedSegmentMean", [data, segment_ids, num_segments]):
        data, segment_ids = convert_to_tensor(data), convert_to_tensor(segment_ids)
        num_segments = convert_to_tensor(num_segments, dtype=segment_ids.dtype)
        summed = reduction_ops.unsorted_segment_sum(data, segment_ids, num_segments)
        return summed / _segment_counts(data, segment_ids, num_segments)


def unsorted_segment_sqrt_n(data, segment_ids, num_segments, name=None):
    """The sum of the rows of `data` by `segment_ids` over sqrt(rows) (tf.math.unsorted_segment_sqrt_n)."""
    with op_scope(name, "UnsortedSegmentSqrtN", [data, segment_ids, num_segments]):
        data, segment_ids = convert_to_tensor(data), convert_to_tensor(segment_ids)
        num_segments = convert_to_tensor(num_segments, dtype=segment_ids.dtype)
        summed = reduction_ops.unsorted_segment_sum(data, segment_ids, num_segments)
        return summed / unary_ops.sqrt(_segment_counts(data, segment_ids, num_segments))


# ------------------------------------------------------------------ sparse segments (rows chosen by indices)
def _sparse_infer_for(op_type, allowed, with_num):
    def infer(inputs, attrs):
        data, indices, ids = inputs[:3]
        dtype = check_dtype(data, allowed, "data")
        check_dtype(indices, INDEX, "indices")
        check_dtype(ids, INDEX, "segment_ids")
        for t, what in ((indices, "indices"), (ids, "segment_ids")):
            if t.shape.ndims not in (None, 1):
                raise ValueError(f"Shape must be rank 1 but is rank {t.shape.ndims} for '{op_type}' ({what})")
        if data.shape.ndims == 0:
            raise ValueError(f"Shape must be at least rank 1 but is rank 0 for '{op_type}' (data)")
        if data.shape.ndims is None:
            return [(dtype, unknown_shape())]
        n = constant_value(inputs[3]) if with_num else None
        return [(dtype, TensorShape([None if n is None else int(n)] + list(data.shape.as_tuple_or_none()[1:])))]
    return infer


def _sparse_kernel(op_type, kind, with_num):
    def kernel(xp, data, indices, ids, *num):
        data, indices, ids = host(data), host(indices).reshape(-1), host(ids).reshape(-1)
        if indices.size != ids.size:
            raise errors.InvalidArgumentError(None, None, f"{op_type}: segment_ids and indices should have same "
                                              f"size, got {ids.size} and {indices.size}")
        bad = (indices < 0) | (indices >= data.shape[0])
        if bad.any():
            i = int(np.argmax(bad))
            raise errors.InvalidArgumentError(None, None, f"{op_type}: Index {indices[i]} out of range "
                                              f"[0, {data.shape[0]})")
        if with_num:
            count = int(num[0])
            _checked_ids(op_type, ids, count)
        else:
            if ids.size and (ids[0] < 0 or np.any(np.diff(ids) < 0)):
                raise errors.InvalidArgumentError(None, None, f"{op_type}: segment ids are not increasing")
            count = int(ids[-1]) + 1 if ids.size else 0
        rows = data[indices]
        summed = _reduce_into("sum", rows, ids, count, None)
        if kind == "sum":
            return xp.asarray(summed)
        n = np.bincount(ids[ids >= 0], minlength=count).astype(summed.dtype).reshape((count,) + (1,) * (rows.ndim - 1))
        scale = np.maximum(n, 1) if kind == "mean" else np.sqrt(np.maximum(n, 1))
        return xp.asarray((summed / scale).astype(summed.dtype))
    return kernel


def _sparse_grad(kind):
    """TF's gradient: the SparseSegment*Grad op, row indices[i] taking grad[segment_ids[i]] (scaled)."""
    def grad_fn(op, grad):
        data, indices, ids = op.inputs[:3]
        dim0 = array_ops.shape(data)[0]
        return [sparse_segment_grad(kind, grad, indices, ids, dim0), None, None] + [None] * (len(op.inputs) - 3)
    return grad_fn


_SPARSE = {}
for _kind, _base, _allowed in (("sum", "SparseSegmentSum", REAL), ("mean", "SparseSegmentMean", FLOAT),
                               ("sqrt_n", "SparseSegmentSqrtN", FLOAT)):
    for _with_num, _type in ((False, _base), (True, _base + "WithNumSegments")):
        _k = register_op(_type, infer=_sparse_infer_for(_type, _allowed, _with_num))(
            _sparse_kernel(_type, _kind, _with_num))
        _k.gradient(_sparse_grad(_kind))
        _SPARSE[(_kind, _with_num)] = _type


def _sparse_segment(kind, data, indices, segment_ids, num_segments, name):
    op_type = _SPARSE[(kind, num_segments is not None)]
    args = [("data", data, None), ("indices", indices, index_attr("Tidx")),
            ("segment_ids", segment_ids, index_attr("Tsegmentids"))]
    if num_segments is not None:
        args.append(("num_segments", num_segments, index_attr("Tnumsegments")))
    return apply_gen(op_type, args, name=name)


def sparse_segment_sum(data, indices, segment_ids, name=None, num_segments=None, sparse_gradient=False):
    """Sums the rows `data[indices]` by `segment_ids` (tf.sparse.segment_sum); `sparse_gradient` is accepted,
    the gradient is always dense."""
    return _sparse_segment("sum", data, indices, segment_ids, num_segments, name)


def sparse_segment_mean(data, indices, segment_ids, name=None, num_segments=None, sparse_gradient=False):
    """The mean of the rows `data[indices]` by `segment_ids` (tf.sparse.segment_mean)."""
    return _sparse_segment("mean", data, indices, segment_ids, num_segments, name)


def sparse_segment_sqrt_n(data, indices, segment_ids, name=None, num_segments=None, sparse_gradient=False):
    """The sum of the rows `data[indices]` by `segment_ids` over sqrt(rows) (tf.sparse.segment_sqrt_n)."""
    return _sparse_segment("sqrt_n", data, indices, segment_ids, num_segments, name)


for _fn in (unsorted_segment_max, unsorted_segment_min, unsorted_segment_prod, unsorted_segment_mean,
            unsorted_segment_sqrt_n):  # RaggedTensor data or segment ids
    globals()[_fn.__name__] = dispatch.add_dispatch_support(_fn)

__all__ = [
    "segment_max", "segment_mean", "segment_min", "segment_prod", "sparse_segment_mean", "sparse_segment_sqrt_n",
    "sparse_segment_sum", "unsorted_segment_max", "unsorted_segment_mean", "unsorted_segment_min",
    "unsorted_segment_prod", "unsorted_segment_sqrt_n",
]
