"""Sparse ops: sparse_placeholder, to_dense, add, reduce_sum/max, sparse-dense matmul, reorder,
retain, reshape, transpose, and element-wise sparse-dense products.

A SparseTensor's indices are int64 [N, rank] rows, values [N], dense_shape int64 [rank]. Ops
that need canonical (row-major sorted, unique) indices check them as TF does and fail with
InvalidArgumentError naming the offending row.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, constant_value, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import NotDifferentiable, register_op
from tfsess.framework.sparse_tensor import SparseTensor, convert_to_sparse_tensor, is_sparse
from tfsess.framework.tensor_shape import TensorShape, as_shape, unknown_shape
from tfsess.ops import array_ops, math_ops
from tfsess.ops._infer import check_dtype, check_same_dtype, fmt_shape, partial_shape


def _host(value):
    get = getattr(value, "get", None)
    return get() if get is not None and not isinstance(value, np.ndarray) else value


def _index_str(row) -> str:
    return "[" + ",".join(str(int(v)) for v in row) + "]"


def _shape_str(shape) -> str:
    return "[" + ",".join(str(int(v)) for v in shape) + "]"


# ================================================================== index checks
def _first_bad_row(indices, shape):
    """TF's IndicesValid: (row, message) of the first out-of-bounds, unordered or repeated row."""
    n = indices.shape[0]
    if n == 0:
        return None
    out_of_bounds = np.any((indices < 0) | (indices >= np.asarray(shape)[None, :]), axis=1)
    order = np.zeros(n, dtype=np.int8)  # -1 out of order, 0 repeated, 1 fine
    order[0] = 1
    if n > 1:
        diff = indices[1:] - indices[:-1]
        nonzero = diff != 0
        first = np.argmax(nonzero, axis=1)
        sign = np.where(nonzero.any(axis=1), np.sign(diff[np.arange(n - 1), first]), 0)
        order[1:] = sign
    bad = np.flatnonzero(out_of_bounds | (order < 1))
    if bad.size == 0:
        return None
    i = int(bad[0])
    where = f"indices[{i}] = {_index_str(indices[i])}"
    if out_of_bounds[i]:
        return f"{where} is out of bounds: need 0 <= index < {_shape_str(shape)}"
    if order[i] == 0:
        return f"{where} is repeated"
    return (f"{where} is out of order. Many sparse ops require sorted indices.\n    Use `tf.sparse.reorder` to "
            "create a correctly ordered copy.\n\n")


def _check_components(indices, values, shape, what="input"):
    if indices.ndim != 2:
        raise errors.InvalidArgumentError(
            None, None, f"{what} indices should be a matrix but received shape {list(indices.shape)}")
    if values.ndim != 1 or values.shape[0] != indices.shape[0]:
        raise errors.InvalidArgumentError(
            None, None, f"Expected {indices.shape[0]} non-empty {what} values, got {values.size} (values shape "
                        f"{list(values.shape)} does not match {indices.shape[0]} indices)")
    if shape.ndim != 1 or shape.shape[0] != indices.shape[1]:
        raise errors.InvalidArgumentError(
            None, None, f"{what} shape should be a vector of {indices.shape[1]} elements (the rank of the "
                        f"indices) but received shape {list(shape.shape)}")


def _check_in_bounds(indices, shape):
    bad = np.any((indices < 0) | (indices >= np.asarray(shape)[None, :]), axis=1)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise errors.InvalidArgumentError(
            None, None, f"indices[{i}] = {_index_str(indices[i])} is out of bounds: need 0 <= index < "
                        f"{_shape_str(shape)}")


def _row_order(indices):
    """The stable permutation sorting index rows in row-major order."""
    if indices.shape[0] == 0 or indices.shape[1] == 0:
        return np.arange(indices.shape[0])
    return np.lexsort(indices.T[::-1])


# ================================================================== SparseToDense
def _sparse_to_dense_infer(inputs, attrs):
    indices, output_shape, values, default = inputs
    check_dtype(indices, (dtypes.int32, dtypes.int64), "sparse_indices")
    check_same_dtype([values, default], "SparseToDense", names=("sparse_values", "default_value"))
    if default.shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {default.shape.ndims} for 'SparseToDense' with input "
                         f"shapes: {fmt_shape(indices.shape)}, {fmt_shape(output_shape.shape)}, "
                         f"{fmt_shape(values.shape)}, {fmt_shape(default.shape)}.")
    dims = partial_shape(output_shape)
    return [(values.dtype.base_dtype, unknown_shape() if dims is None else TensorShape(dims))]


@register_op("SparseToDense", infer=_sparse_to_dense_infer)
def _sparse_to_dense(xp, indices, output_shape, values, default_value, *, validate_indices=True):
    indices, output_shape = np.asarray(_host(indices)), np.asarray(_host(output_shape))
    if indices.ndim > 2:
        raise errors.InvalidArgumentError(
            None, None, f"sparse_indices should be a scalar, vector, or matrix, got shape {list(indices.shape)}")
    num_elems = indices.shape[0] if indices.ndim > 0 else 1
    num_dims = indices.shape[1] if indices.ndim > 1 else 1
    if output_shape.ndim != 1:
        raise errors.InvalidArgumentError(None, None, f"output_shape must be rank 1, got shape "
                                                      f"{list(output_shape.shape)}")
    if output_shape.size != num_dims:
        raise errors.InvalidArgumentError(None, None, f"output_shape has incorrect number of elements: "
                                                      f"{output_shape.size} should be: {num_dims}")
    if not (values.ndim == 0 or (values.ndim == 1 and values.shape[0] == num_elems)):
        raise errors.InvalidArgumentError(None, None, f"sparse_values has incorrect shape {list(values.shape)}, "
                                                      f"should be [] or [{num_elems}]")
    if np.ndim(default_value) != 0:
        raise errors.InvalidArgumentError(None, None, "default_value should be a scalar.")
    rows = indices.reshape(num_elems, num_dims).astype(np.int64)
    shape = tuple(int(d) for d in output_shape)
    if validate_indices:
        message = _first_bad_row(rows, shape)
        if message:
            raise errors.InvalidArgumentError(None, None, message)
    else:
        _check_in_bounds(rows, shape)
    out = xp.full(shape, default_value, dtype=values.dtype)
    if num_elems:
        out[tuple(xp.asarray(rows.T))] = values
    return out


@_sparse_to_dense.gradient
def _sparse_to_dense_grad(op, grad):
    sparse_indices, output_shape = op.inputs[0], op.inputs[1]
    values_grad = array_ops.gather_nd(grad, sparse_indices)
    default_grad = math_ops.reduce_sum(grad) - math_ops.reduce_sum(values_grad)
    return [None, None, values_grad, default_grad]


def sparse_to_dense(sparse_indices, output_shape, sparse_values, default_value=0, validate_indices=True,
                    name=None):
    """A dense tensor with `sparse_values` at `sparse_indices` and `default_value` elsewhere."""
    with op_scope(name, "SparseToDense", [sparse_indices, output_shape, sparse_values, default_value]) as scope:
        indices = convert_to_tensor(sparse_indices, name="sparse_indices")
        shape = convert_to_tensor(output_shape, dtype=indices.dtype.base_dtype, name="output_shape")
        values = convert_to_tensor(sparse_values, name="sparse_values")
        default = convert_to_tensor(default_value, dtype=values.dtype.base_dtype, name="default_value")
        return apply_op("SparseToDense", [indices, shape, values, default],
                        {"validate_indices": bool(validate_indices)}, name=scope).outputs[0]


def sparse_tensor_to_dense(sp_input, default_value=None, validate_indices=True, name=None):
    """The dense tensor of `sp_input`, `default_value` (0) where no value is given (tf.sparse.to_dense).

    Raises:
        TypeError: `sp_input` is not sparse.
        errors.InvalidArgumentError (when run): with `validate_indices`, an index that is out of
            bounds, out of row-major order or repeated; values not matching the indices in number.
    """
    sp_input = convert_to_sparse_tensor(sp_input)
    if default_value is None:
        default_value = array_ops.zeros([], dtype=sp_input.dtype.base_dtype)
    with op_scope(name, "SparseToDense", [sp_input.indices, sp_input.values]) as scope:
        default = convert_to_tensor(default_value, dtype=sp_input.dtype.base_dtype, name="default_value")
        return apply_op("SparseToDense", [sp_input.indices, sp_input.dense_shape, sp_input.values, default],
                        {"validate_indices": bool(validate_indices)}, name=scope).outputs[0]


# ================================================================== placeholder
def sparse_placeholder(dtype, shape=None, name=None):
    """A SparseTensor of three placeholders (dense_shape, values, indices) (tf.sparse.placeholder).

    Feed it a SparseTensorValue or an (indices, values, dense_shape) tuple. With `shape`, the
    dense_shape defaults to it (unknown dims as -1) and the static shape is known.
    """
    from tfsess.ops.constant_op import placeholder, placeholder_with_default
    dtype = dtypes.as_dtype(dtype).base_dtype
    shape_name = None if name is None else name + "/shape"
    if shape is None:
        rank = None
        dense_shape = placeholder(dtypes.int64, shape=[rank], name=shape_name)
        default = unknown_shape()
    else:
        if isinstance(shape, Tensor):
            rank = shape.shape[0].value
            dims = partial_shape(shape)
            default = unknown_shape() if dims is None else TensorShape(dims)
            shape_tensor = shape
        else:
            given = as_shape(shape)
            if given.ndims is None:
                raise ValueError("sparse_placeholder needs a shape of known rank (or None).")
            rank = given.ndims
            default = TensorShape([None if d is None or d == -1 else d for d in given.as_tuple_or_none()])
            values = [-1 if d is None else int(d) for d in given.as_tuple_or_none()]
            shape_tensor = convert_to_tensor(np.asarray(values, dtype=np.int64),
                                             name=None if name is None else name + "/shape_default")
        dense_shape = placeholder_with_default(shape_tensor, shape=shape_tensor.shape, name=shape_name)
    values = placeholder(dtype, shape=[None], name=None if name is None else name + "/values")
    indices = placeholder(dtypes.int64, shape=[None, rank], name=None if name is None else name + "/indices")
    result = SparseTensor(indices=indices, values=values, dense_shape=dense_shape)
    result._dense_shape_default = default
    return result


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
    a_indices, b_indices = np.asarray(_host(a_indices)), np.asarray(_host(b_indices))
    a_shape, b_shape = np.asarray(_host(a_shape)), np.asarray(_host(b_shape))
    if a_indices.ndim != 2 or b_indices.ndim != 2:
        raise errors.InvalidArgumentError(None, None, f"Input indices should be matrices but received shapes: "
                                                      f"{list(a_indices.shape)} and {list(b_indices.shape)}")
    if a_values.shape[0] != a_indices.shape[0] or b_values.shape[0] != b_indices.shape[0]:
        raise errors.InvalidArgumentError(None, None, f"Expected {a_indices.shape[0]} and {b_indices.shape[0]} "
                                                      f"non-empty input values, got {a_values.size} and "
                                                      f"{b_values.size}")
    if a_shape.shape != b_shape.shape:
        raise errors.InvalidArgumentError(None, None, f"Operands do not have the same ranks; got shapes: "
                                                      f"{_shape_str(a_shape)} and {_shape_str(b_shape)}")
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
    keep[pair_at] = np.abs(_host(summed[pair_at])) >= thresh
    keep_at = np.flatnonzero(keep)
    return rows[keep_at].astype(np.int64), summed[keep_at], a_shape.astype(np.int64)


@register_op("SparseAddGrad", infer=lambda inputs, attrs: [(inputs[0].dtype.base_dtype, TensorShape([None])),
                                                           (inputs[0].dtype.base_dtype, TensorShape([None]))])
def _sparse_add_grad_kernel(xp, backprop_val_grad, a_indices, b_indices, sum_indices):
    sums = np.asarray(_host(sum_indices))
    return (_gather_matching(xp, backprop_val_grad, sums, np.asarray(_host(a_indices))),
            _gather_matching(xp, backprop_val_grad, sums, np.asarray(_host(b_indices))))


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


NotDifferentiable("SparseAddGrad")


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
    a_indices, a_shape = np.asarray(_host(a_indices)), np.asarray(_host(a_shape))
    _check_components(a_indices, a_values, a_shape)
    if a_shape.size != b.ndim:
        raise errors.InvalidArgumentError(None, None, f"Two operands have different ranks; received: "
                                                      f"{a_shape.size} and {b.ndim}")
    for i, (x, y) in enumerate(zip(a_shape, b.shape)):
        if x != y:
            raise errors.InvalidArgumentError(None, None, f"Dimension {i} does not equal (no broadcasting is "
                                                          f"supported): sparse side {x} vs dense side {y}")
    _check_in_bounds(a_indices, a_shape)
    out = b.copy()
    if len(a_indices):
        xp.add.at(out, tuple(xp.asarray(a_indices.T)), a_values)
    return out


@_sparse_dense_add.gradient
def _sparse_dense_add_grad(op, grad):
    return [None, array_ops.gather_nd(grad, op.inputs[0]), None, grad]


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
    dims = partial_shape(shape_tensor)
    axes = constant_value(axes_tensor)
    if dims is None or axes is None:
        return unknown_shape()
    rank = len(dims)
    axes = {int(a) % rank for a in np.asarray(axes).reshape(-1)} if rank else set()
    if keep_dims:
        return TensorShape([1 if i in axes else d for i, d in enumerate(dims)])
    return TensorShape([d for i, d in enumerate(dims) if i not in axes])


def _sparse_reduce_infer(inputs, attrs):
    indices, values, shape, axes = inputs
    return [(values.dtype.base_dtype, _reduction_static(shape, axes, attrs.get("keep_dims", False)))]


def _reduce_layout(indices, shape, axes, keep_dims):
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
    indices, shape = np.asarray(_host(indices)), np.asarray(_host(shape))
    _check_components(indices, values, shape)
    _check_in_bounds(indices, shape)
    kept, out_shape, final = _reduce_layout(indices, shape, axes, keep_dims)
    if not kept:  # every axis reduced
        return xp.asarray(ufunc.reduce(values, initial=init), dtype=values.dtype).reshape(final)
    out = xp.full(out_shape, init, dtype=values.dtype)
    if len(indices):
        ufunc.at(out, tuple(xp.asarray(indices[:, kept].T)), values)
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
    from tfsess.ops.reduction_ops import reduced_shape
    sp_indices, sp_shape = op.inputs[0], op.inputs[2]
    kept = reduced_shape(sp_shape, op.inputs[3])
    reshaped = array_ops.reshape(out_grad, kept)
    scale = sp_shape // math_ops.cast(kept, dtypes.int64)
    return [None, array_ops.gather_nd(reshaped, sp_indices // scale), None, None]


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
            array_ops.range_(0, array_ops.size(sp_input.dense_shape))
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
    a_indices, a_shape = np.asarray(_host(a_indices)).astype(np.int64), np.asarray(_host(a_shape))
    _check_components(a_indices, a_values, a_shape, "a")
    if a_shape.size != 2 or b.ndim != 2:
        raise errors.InvalidArgumentError(None, None, f"Tensor 'a_shape' is not a vector of 2 or b is not a matrix: "
                                                      f"{_shape_str(a_shape)} and {list(b.shape)}")
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
            b_grad = math_ops.conj(b_grad)
    rows, cols = a_indices[:, 0], a_indices[:, 1]
    parts_a = array_ops.gather(grad, cols if adj_a else rows)
    parts_b = array_ops.gather(array_ops.transpose(b) if adj_b else b, rows if adj_a else cols)
    if b.dtype.base_dtype.is_complex:
        parts_b = math_ops.conj(parts_b)
    values_grad = math_ops.reduce_sum(parts_a * parts_b, axis=1)
    if adj_a and values_grad.dtype.base_dtype.is_complex:
        values_grad = math_ops.conj(values_grad)
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
def _reorder_infer(inputs, attrs):
    return [(dtypes.int64, inputs[0].shape), (inputs[1].dtype.base_dtype, inputs[1].shape)]


@register_op("SparseReorder", infer=_reorder_infer)
def _sparse_reorder(xp, indices, values, shape):
    indices, shape = np.asarray(_host(indices)), np.asarray(_host(shape))
    _check_components(indices, values, shape)
    order = _row_order(indices)
    return indices[order].astype(np.int64), values[xp.asarray(order)]


@_sparse_reorder.gradient
def _sparse_reorder_grad(op, unused_indices_grad, values_grad):
    input_indices, input_shape = op.inputs[0], op.inputs[2]
    entries = array_ops.range_(array_ops.shape(input_indices, out_type=dtypes.int64)[0])
    ordered = apply_op("SparseReorder", [input_indices, entries, input_shape], name="SparseReorder").outputs[1]
    inverted = array_ops.invert_permutation(ordered)
    return [None, array_ops.gather(values_grad, inverted), None]


def _with_static_shape(indices, values, sp_input):
    if sp_input.shape.is_fully_defined():
        return SparseTensor(indices, values, sp_input.shape.as_list())
    result = SparseTensor(indices, values, array_ops.identity(sp_input.dense_shape))
    result.set_shape(sp_input.shape)
    return result


def sparse_reorder(sp_input, name=None):
    """`sp_input` with its entries in row-major order (tf.sparse.reorder)."""
    sp_input = convert_to_sparse_tensor(sp_input)
    indices, values = apply_op("SparseReorder", [sp_input.indices, sp_input.values, sp_input.dense_shape],
                               name=name or "SparseReorder").outputs
    return _with_static_shape(indices, values, sp_input)


def sparse_retain(sp_input, to_retain):
    """The entries of `sp_input` where the bool vector `to_retain` is true (tf.sparse.retain)."""
    sp_input = convert_to_sparse_tensor(sp_input)
    to_retain = convert_to_tensor(to_retain)
    to_retain.shape.with_rank(1)
    n_values, n_retain = sp_input.values.shape[0], to_retain.shape[0]
    n_values.merge_with(n_retain)
    where_true = array_ops.reshape(array_ops.where(to_retain), [-1])
    new_indices = array_ops.gather(sp_input.indices, where_true)
    new_values = array_ops.gather(sp_input.values, where_true)
    return SparseTensor(new_indices, new_values, array_ops.identity(sp_input.dense_shape))


def _sparse_reshape_infer(inputs, attrs):
    indices, shape, new_shape = inputs
    dims = partial_shape(new_shape)
    rank = len(dims) if dims is not None else None
    return [(dtypes.int64, TensorShape([indices.shape[0].value if indices.shape.ndims == 2 else None, rank])),
            (dtypes.int64, TensorShape([rank]))]


@register_op("SparseReshape", infer=_sparse_reshape_infer)
def _sparse_reshape(xp, input_indices, input_shape, new_shape):
    indices = np.asarray(_host(input_indices)).astype(np.int64)
    shape = [int(d) for d in np.asarray(_host(input_shape))]
    wanted = [int(d) for d in np.asarray(_host(new_shape))]
    total = int(np.prod(shape, dtype=np.int64))
    unknown = [i for i, d in enumerate(wanted) if d == -1]
    if len(unknown) > 1:
        raise errors.InvalidArgumentError(None, None, f"only one output dimension may be -1, not both "
                                                      f"{unknown[0]} and {unknown[1]}")
    known = int(np.prod([d for d in wanted if d != -1], dtype=np.int64))
    if unknown:
        if known == 0 or total % known:
            raise errors.InvalidArgumentError(
                None, None, f"Input to reshape is a SparseTensor with {total} dense values, but the requested shape "
                            f"requires a multiple of {known}.")
        wanted[unknown[0]] = total // known
    elif known != total:
        raise errors.InvalidArgumentError(
            None, None, f"Input to reshape is a tensor with {total} dense values, but the requested shape has {known}.")
    if indices.shape[0]:
        linear = np.ravel_multi_index(tuple(indices.T), shape) if shape else np.zeros(len(indices), np.int64)
        out = np.stack(np.unravel_index(linear, wanted), axis=1) if wanted else np.zeros((len(indices), 0))
    else:
        out = np.zeros((0, len(wanted)), dtype=np.int64)
    return out.astype(np.int64), np.asarray(wanted, dtype=np.int64)


NotDifferentiable("SparseReshape")


def sparse_reshape(sp_input, shape, name=None):
    """`sp_input` with the same dense values laid out in `shape` (one dim may be -1)."""
    sp_input = convert_to_sparse_tensor(sp_input)
    shape = convert_to_tensor(shape, dtype=dtypes.int64)
    with op_scope(name, "SparseReshape", [sp_input]) as scope:
        indices, dense_shape = apply_op("SparseReshape", [sp_input.indices, sp_input.dense_shape, shape],
                                        name=scope).outputs
        result = SparseTensor(indices, array_ops.identity(sp_input.values), dense_shape)
        dims = partial_shape(shape)
        known = sp_input.shape.num_elements()
        if dims is not None:
            if dims.count(None) == 1 and known is not None:
                rest = int(np.prod([d for d in dims if d is not None], dtype=np.int64))
                if rest and known % rest == 0:
                    dims = [known // rest if d is None else d for d in dims]
            if None not in dims and known is not None and int(np.prod(dims, dtype=np.int64)) != known:
                raise ValueError(f"Cannot reshape a tensor with {known} elements to shape {dims} "
                                 f"({int(np.prod(dims, dtype=np.int64))} elements).")
            result.set_shape(dims)
        return result


def sparse_transpose(sp_input, perm=None, name=None):
    """`sp_input` with its dimensions permuted by `perm` (reversed by default), reordered."""
    with op_scope(name, "SparseTranspose", [sp_input]):
        sp_input = convert_to_sparse_tensor(sp_input)
        if perm is None:
            rank = sp_input.shape.ndims
            if rank is None:
                raise ValueError("sparse_transpose needs a known rank when perm is None.")
            perm = list(range(rank - 1, -1, -1))
        perm = convert_to_tensor(perm, dtype=dtypes.int32)
        indices = array_ops.transpose(array_ops.gather(array_ops.transpose(sp_input.indices), perm))
        dense_shape = array_ops.gather(sp_input.dense_shape, perm)
        transposed = SparseTensor(indices, sp_input.values, dense_shape)
        static, order = sp_input.shape, constant_value(perm)
        if static.ndims is not None and order is not None:
            transposed.set_shape([static.as_tuple_or_none()[int(i)] for i in np.asarray(order)])
        return sparse_reorder(transposed)


def _sparse_concat_infer(inputs, attrs):
    n = attrs["N"]
    values = inputs[n:2 * n]
    check_same_dtype(values, "SparseConcat", names=[f"values_{i}" for i in range(n)])
    shapes = [partial_shape(t) for t in inputs[2 * n:]]
    rank = next((len(s) for s in shapes if s is not None), None)
    return [(dtypes.int64, TensorShape([None, rank])), (values[0].dtype.base_dtype, TensorShape([None])),
            (dtypes.int64, TensorShape([rank]))]


@register_op("SparseConcat", infer=_sparse_concat_infer)
def _sparse_concat(xp, *inputs, concat_dim, N):  # noqa: N803 - TF's attr name
    indices = [np.asarray(_host(t)).astype(np.int64) for t in inputs[:N]]
    values = list(inputs[N:2 * N])
    shapes = [np.asarray(_host(t)).astype(np.int64) for t in inputs[2 * N:]]
    rank = shapes[0].size
    if not -rank <= concat_dim < rank:
        raise errors.InvalidArgumentError(None, None, f"Concat dimension must be in range [{-rank}, {rank}), got "
                                                      f"{concat_dim}.")
    axis = concat_dim % rank
    offset, rows = 0, []
    for i, (idx, vals, shape) in enumerate(zip(indices, values, shapes)):
        _check_components(idx, vals, shape)
        for d in range(rank):
            if d != axis and shape[d] != shapes[0][d]:
                raise errors.InvalidArgumentError(
                    None, None, f"Input shapes must match: expected {shapes[0][d]} for dimension {d} but got "
                                f"{shape[d]} at position {i}")
        shifted = idx.copy()
        shifted[:, axis] += offset
        offset += int(shape[axis])
        rows.append(shifted)
    rows = np.concatenate(rows, axis=0)
    order = _row_order(rows)
    out_shape = shapes[0].copy()
    out_shape[axis] = offset
    return rows[order], xp.concatenate(values)[xp.asarray(order)], out_shape


NotDifferentiable("SparseConcat")


def sparse_concat(axis, sp_inputs, name=None, expand_nonconcat_dim=False, concat_dim=None,
                  expand_nonconcat_dims=None):
    """Concatenates SparseTensors along `axis` (tf.sparse.concat); the result is in row-major order.

    With `expand_nonconcat_dim`, the other dimensions become the largest among the inputs.
    """
    if concat_dim is not None:
        if axis is not None:
            raise ValueError("Cannot specify both 'concat_dim' and 'axis'.")
        axis = concat_dim
    expand = expand_nonconcat_dim if expand_nonconcat_dims is None else expand_nonconcat_dims
    if not isinstance(sp_inputs, (list, tuple)):
        raise TypeError("Inputs must be a list")
    sp_inputs = [convert_to_sparse_tensor(s) for s in sp_inputs]
    if not sp_inputs:
        raise ValueError("sp_inputs must not be empty")
    if len(sp_inputs) == 1:
        return sp_inputs[0]
    axis = int(axis)
    shapes = [s.dense_shape for s in sp_inputs]
    if expand:
        rank = next((s.dense_shape.shape[0].value for s in sp_inputs if s.dense_shape.shape[0].value is not None),
                    None)
        if rank is None:
            raise ValueError("expand_nonconcat_dim needs the rank of the inputs to be known.")
        largest = math_ops.reduce_max(array_ops.stack(shapes), axis=0)
        mask = np.arange(rank) == axis % rank
        shapes = [array_ops.where(mask, s, largest) for s in shapes]
    with op_scope(name, "SparseConcat", [s.values for s in sp_inputs]) as scope:
        n = len(sp_inputs)
        indices, values, dense_shape = apply_op(
            "SparseConcat", [s.indices for s in sp_inputs] + [s.values for s in sp_inputs] + shapes,
            {"concat_dim": axis, "N": n}, name=scope).outputs
        result = SparseTensor(indices, values, dense_shape)
        static = [s.shape for s in sp_inputs]
        if not expand and all(s.is_fully_defined() for s in static):
            dims = static[0].as_list()
            dims[axis] = sum(s.as_list()[axis] for s in static)
            result = SparseTensor(indices, values, dims)
        return result


def from_dense(tensor, name=None):
    """The SparseTensor of the non-zero entries of `tensor` (tf.sparse.from_dense)."""
    with op_scope(name, "dense_to_sparse", [tensor]):
        tensor = convert_to_tensor(tensor)
        zero = array_ops.zeros([], dtype=tensor.dtype.base_dtype)
        indices = array_ops.where(math_ops.not_equal(tensor, zero))
        return SparseTensor(indices, array_ops.gather_nd(tensor, indices),
                            array_ops.shape(tensor, out_type=dtypes.int64))


# ================================================================== sparse (op) dense, element-wise
def _cwise_infer(inputs, attrs):
    check_same_dtype([inputs[1], inputs[3]], "SparseDenseCwise", names=("sp_values", "dense"))
    return [(inputs[1].dtype.base_dtype, inputs[1].shape)]


def _cwise_kernel(fn):
    def kernel(xp, sp_indices, sp_values, sp_shape, dense):
        indices, shape = np.asarray(_host(sp_indices)).astype(np.int64), np.asarray(_host(sp_shape))
        _check_components(indices, sp_values, shape)
        if dense.ndim > shape.size:
            raise errors.InvalidArgumentError(None, None, f"Dense tensor of rank {dense.ndim} cannot be broadcast to "
                                                          f"the sparse tensor's shape {_shape_str(shape)}")
        try:
            full = xp.broadcast_to(dense, tuple(int(d) for d in shape))
        except ValueError:
            raise errors.InvalidArgumentError(
                None, None, f"SparseDenseBinaryOpShared broadcasts dense to sparse only; got incompatible shapes: "
                            f"[{_shape_str(shape)}] vs. [{list(dense.shape)}]") from None
        _check_in_bounds(indices, shape)
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
    "sparse_concat",
    "sparse_placeholder",
    "sparse_reduce_max",
    "sparse_reduce_sum",
    "sparse_reorder",
    "sparse_reshape",
    "sparse_retain",
    "sparse_tensor_dense_matmul",
    "sparse_tensor_to_dense",
    "sparse_to_dense",
    "sparse_transpose",
]


# Registration: SparseTensor * and / a dense tensor (the framework names no op module).
SparseTensor._overloads.update({
    "__mul__": lambda sp, dense: sparse_dense_cwise("SparseDenseCwiseMul", sp, dense, "mul"),
    "__truediv__": lambda sp, dense: sparse_dense_cwise("SparseDenseCwiseDiv", sp, dense, "truediv"),
})
