"""Sparse tensors' structure: sparse_placeholder, to_dense, reorder, retain, reshape, transpose, concat.

A SparseTensor's indices are int64 [N, rank] rows, values [N], dense_shape int64 [rank]. Ops
that need canonical (row-major sorted, unique) indices check them as TF does and fail with
InvalidArgumentError naming the offending row.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, constant_value, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor, convert_to_sparse_tensor
from tfsess.framework.tensor_shape import TensorShape, as_shape, unknown_shape
from tfsess.ops import (array_ops, constant_op, gather_ops, indexing_ops, logic_ops, reduction_ops, sequence_ops,
                        stack_ops)
from tfsess.ops._infer import check_dtype, check_same_dtype, fmt_shape, partial_shape
from tfsess.lib.xp import to_host


def _index_str(row) -> str:
    return "[" + ",".join(str(int(v)) for v in row) + "]"


def shape_str(shape) -> str:
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
        return f"{where} is out of bounds: need 0 <= index < {shape_str(shape)}"
    if order[i] == 0:
        return f"{where} is repeated"
    return (f"{where} is out of order. Many sparse ops require sorted indices.\n    Use `tf.sparse.reorder` to "
            "create a correctly ordered copy.\n\n")


def check_components(indices, values, shape, what="input"):
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


def check_in_bounds(indices, shape):
    bad = np.any((indices < 0) | (indices >= np.asarray(shape)[None, :]), axis=1)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise errors.InvalidArgumentError(
            None, None, f"indices[{i}] = {_index_str(indices[i])} is out of bounds: need 0 <= index < "
                        f"{shape_str(shape)}")


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
    indices, output_shape = np.asarray(to_host(indices)), np.asarray(to_host(output_shape))
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
        check_in_bounds(rows, shape)
    out = xp.full(shape, default_value, dtype=values.dtype)
    if num_elems:
        out[tuple(xp.asarray(rows.T))] = values
    return out


@_sparse_to_dense.gradient
def _sparse_to_dense_grad(op, grad):
    sparse_indices, output_shape = op.inputs[0], op.inputs[1]
    values_grad = gather_ops.gather_nd(grad, sparse_indices)
    default_grad = reduction_ops.reduce_sum(grad) - reduction_ops.reduce_sum(values_grad)
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
        default_value = constant_op.zeros([], dtype=sp_input.dtype.base_dtype)
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
    dtype = dtypes.as_dtype(dtype).base_dtype
    shape_name = None if name is None else name + "/shape"
    if shape is None:
        rank = None
        dense_shape = constant_op.placeholder(dtypes.int64, shape=[rank], name=shape_name)
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
        dense_shape = constant_op.placeholder_with_default(shape_tensor, shape=shape_tensor.shape, name=shape_name)
    part = (lambda suffix: None) if name is None else (lambda suffix: name + suffix)
    values = constant_op.placeholder(dtype, shape=[None], name=part("/values"))
    indices = constant_op.placeholder(dtypes.int64, shape=[None, rank], name=part("/indices"))
    result = SparseTensor(indices=indices, values=values, dense_shape=dense_shape)
    result._dense_shape_default = default
    return result


def _reorder_infer(inputs, attrs):
    return [(dtypes.int64, inputs[0].shape), (inputs[1].dtype.base_dtype, inputs[1].shape)]


@register_op("SparseReorder", infer=_reorder_infer)
def _sparse_reorder(xp, indices, values, shape):
    indices, shape = np.asarray(to_host(indices)), np.asarray(to_host(shape))
    check_components(indices, values, shape)
    order = _row_order(indices)
    return indices[order].astype(np.int64), values[xp.asarray(order)]


@_sparse_reorder.gradient
def _sparse_reorder_grad(op, unused_indices_grad, values_grad):
    input_indices, input_shape = op.inputs[0], op.inputs[2]
    entries = sequence_ops.range_(array_ops.shape(input_indices, out_type=dtypes.int64)[0])
    ordered = apply_op("SparseReorder", [input_indices, entries, input_shape], name="SparseReorder").outputs[1]
    inverted = array_ops.invert_permutation(ordered)
    return [None, gather_ops.gather(values_grad, inverted), None]


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
    where_true = array_ops.reshape(indexing_ops.where(to_retain), [-1])
    new_indices = gather_ops.gather(sp_input.indices, where_true)
    new_values = gather_ops.gather(sp_input.values, where_true)
    return SparseTensor(new_indices, new_values, array_ops.identity(sp_input.dense_shape))


def _sparse_reshape_infer(inputs, attrs):
    indices, shape, new_shape = inputs
    dims = partial_shape(new_shape)
    rank = len(dims) if dims is not None else None
    return [(dtypes.int64, TensorShape([indices.shape[0].value if indices.shape.ndims == 2 else None, rank])),
            (dtypes.int64, TensorShape([rank]))]


def _reshape_error(message, input_shape, output_shape):
    shapes = f"input_shape=[{','.join(map(str, input_shape))}] output_shape=[{','.join(map(str, output_shape))}]"
    return errors.InvalidArgumentError(None, None, f"{message}. {shapes}")


def _sparse_reshape_target(shape, wanted):
    """The output dense shape for `wanted` (one -1 at most), checked against `shape` in TF's order."""
    total = int(np.prod(shape, dtype=np.int64))
    out, unknown, product = [], None, 1
    for d, size in enumerate(wanted):
        if size == -1:
            if unknown is not None:
                raise errors.InvalidArgumentError(None, None, f"only one output dimension may be -1, not both "
                                                              f"{unknown} and {d}")
            unknown = d
            out.append(1)
            continue
        if size < 0:
            raise errors.InvalidArgumentError(None, None, f"size {d} must be non-negative, not {size}")
        product *= size
        out.append(size)
    if unknown is not None:
        if product <= 0:
            raise errors.InvalidArgumentError(None, None, "reshape cannot infer the missing input size for an empty "
                                                          "tensor unless all specified input sizes are non-zero")
        if total % product:
            raise _reshape_error(f"Input to reshape is a SparseTensor with {total} dense values, but the requested "
                                 f"shape requires a multiple of {product}", shape, out)
        out[unknown] = total // product
    if int(np.prod(out, dtype=np.int64)) != total:
        raise _reshape_error(f"Input to reshape is a tensor with {total} dense values, but the requested shape has "
                             f"{int(np.prod(out, dtype=np.int64))}", shape, out)
    return out


@register_op("SparseReshape", infer=_sparse_reshape_infer, no_gradient=True)
def _sparse_reshape(xp, input_indices, input_shape, new_shape):
    indices = np.asarray(to_host(input_indices)).astype(np.int64)
    shape = [int(d) for d in np.asarray(to_host(input_shape))]
    wanted = _sparse_reshape_target(shape, [int(d) for d in np.asarray(to_host(new_shape))])
    if indices.shape[0]:
        linear = np.ravel_multi_index(tuple(indices.T), shape) if shape else np.zeros(len(indices), np.int64)
        out = np.stack(np.unravel_index(linear, wanted), axis=1) if wanted else np.zeros((len(indices), 0))
    else:
        out = np.zeros((0, len(wanted)), dtype=np.int64)
    return out.astype(np.int64), np.asarray(wanted, dtype=np.int64)


def _static_reshape_target(sp_input, shape):
    """TF's build-time view of the new dense shape: a list of ints (for a constant dense_shape) or None.

    Known only when the input's shape is fully defined and `shape` leaves one dim at most to infer
    (and holds no 0); ValueError for two -1s given as a constant or a size that cannot match.
    """
    dims = partial_shape(shape)
    if dims is None or not sp_input.shape.is_fully_defined():
        return None
    given = constant_value(shape)
    if given is not None and int(np.sum(np.asarray(given) == -1)) > 1:
        raise ValueError(f"At most one dimension can be inferred (-1). Found: {np.asarray(given)}")
    original, dims = list(dims), list(dims)
    total = int(np.prod(sp_input.shape.as_list(), dtype=np.int64))
    implied = dims.count(None)
    if implied > 1 or (implied == 1 and 0 in dims):
        return None
    if implied == 1:
        where = dims.index(None)
        dims[where] = total // int(np.prod(dims[:where] + dims[where + 1:], dtype=np.int64))
    size = int(np.prod(dims, dtype=np.int64))
    if size != total:
        raise ValueError(f"Cannot reshape a tensor with {total} elements to shape {original} ({size} elements).")
    return dims


def sparse_reshape(sp_input, shape, name=None):
    """`sp_input` with the same dense values laid out in `shape` (one dim may be -1).

    Raises:
      ValueError: two -1s, or a size that cannot match, known while building.
    """
    sp_input = convert_to_sparse_tensor(sp_input)
    shape = convert_to_tensor(shape, dtype=dtypes.int64)
    with op_scope(name, "SparseReshape", [sp_input]) as scope:
        indices, dense_shape = apply_op("SparseReshape", [sp_input.indices, sp_input.dense_shape, shape],
                                        name=scope).outputs
        static = _static_reshape_target(sp_input, shape)
        if static is not None:  # as TF: the dense shape becomes a constant, so the static shape is known
            dense_shape = constant_op.constant(static, dtype=dtypes.int64)
        return SparseTensor(indices, array_ops.identity(sp_input.values), dense_shape)


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
        indices = array_ops.transpose(gather_ops.gather(array_ops.transpose(sp_input.indices), perm))
        dense_shape = gather_ops.gather(sp_input.dense_shape, perm)
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


@register_op("SparseConcat", infer=_sparse_concat_infer, no_gradient=True)
def _sparse_concat(xp, *inputs, concat_dim, N):  # noqa: N803 - TF's attr name
    indices = [np.asarray(to_host(t)).astype(np.int64) for t in inputs[:N]]
    values = list(inputs[N:2 * N])
    shapes = [np.asarray(to_host(t)).astype(np.int64) for t in inputs[2 * N:]]
    rank = shapes[0].size
    if not -rank <= concat_dim < rank:
        raise errors.InvalidArgumentError(None, None, f"Concat dimension must be in range [{-rank}, {rank}), got "
                                                      f"{concat_dim}.")
    axis = concat_dim % rank
    offset, rows = 0, []
    for i, (idx, vals, shape) in enumerate(zip(indices, values, shapes)):
        check_components(idx, vals, shape)
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
        largest = reduction_ops.reduce_max(stack_ops.stack(shapes), axis=0)
        mask = np.arange(rank) == axis % rank
        shapes = [indexing_ops.where(mask, s, largest) for s in shapes]
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
        zero = constant_op.zeros([], dtype=tensor.dtype.base_dtype)
        indices = indexing_ops.where(logic_ops.not_equal(tensor, zero))
        return SparseTensor(indices, gather_ops.gather_nd(tensor, indices),
                            array_ops.shape(tensor, out_type=dtypes.int64))


__all__ = [
    "sparse_concat",
    "sparse_placeholder",
    "sparse_reorder",
    "sparse_reshape",
    "sparse_retain",
    "sparse_tensor_to_dense",
    "sparse_to_dense",
    "sparse_transpose",
]
