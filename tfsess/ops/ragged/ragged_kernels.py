"""The ragged op types TF has kernels for: RaggedRange, RaggedTensorToTensor, RaggedTensorToSparse
and RaggedGather, with their gradients.

A ragged value is its flat values plus one row-splits vector per ragged dimension: splits[k] has
one more entry than dimension k has items, starts at 0, never decreases and ends at the number of
items of the next level.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.indexed_slices import IndexedSlices
from tfsess.framework.op_builder import apply_op
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import array_ops, logic_ops, math_ops, raw_ops, reduction_ops, sequence_ops
from tfsess.ops._infer import host, partial_shape

_SPLITS = (dtypes.int32, dtypes.int64)
_RANGE_TYPES = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64)


def _invalid(message):
    return errors.InvalidArgumentError(None, None, message)


def check_splits(nested_splits, n_values):
    """The splits as int64 host arrays, after TF's checks (InvalidArgumentError)."""
    out = []
    for level, splits in enumerate(nested_splits):
        splits = np.asarray(host(splits)).astype(np.int64)
        if splits.ndim != 1 or splits.size == 0:
            raise _invalid("Invalid ragged splits: splits must be a non-empty vector")
        if splits[0] != 0:
            raise _invalid("First value of ragged splits must be 0.")
        if np.any(np.diff(splits) < 0):
            raise _invalid("Ragged splits must be sorted in ascending order.")
        size = nested_splits[level + 1].shape[0] - 1 if level + 1 < len(nested_splits) else n_values
        if splits[-1] != size:
            raise _invalid("Final value of ragged splits must match the length the corresponding ragged values.")
        out.append(splits)
    return out


def value_positions(nested_splits):
    """For each flat value row: its index along the outer dimension and along each ragged one
    ([n_values, ragged_rank + 1]), and the largest length of each of those dimensions."""
    index = np.arange(nested_splits[0].size - 1, dtype=np.int64)[:, None]
    dims = [index.shape[0]]
    for splits in nested_splits:
        lengths = np.diff(splits)
        parent = np.repeat(np.arange(lengths.size), lengths)
        within = np.arange(splits[-1], dtype=np.int64) - splits[:-1][parent]
        index = np.concatenate([index[parent], within[:, None]], axis=1)
        dims.append(int(lengths.max()) if lengths.size else 0)
    return index, dims


# ------------------------------------------------------------------ RaggedRange
def _ragged_range_infer(inputs, attrs):
    dtype = inputs[0].dtype.base_dtype
    for name, t in zip(("starts", "limits", "deltas"), inputs):
        if t.dtype.base_dtype not in _RANGE_TYPES:
            raise TypeError(f"Value for attr 'T' of {t.dtype.base_dtype.name} is not in the list of allowed values")
        if t.dtype.base_dtype != dtype:
            raise TypeError(f"Input '{name}' of 'RaggedRange' Op has type {t.dtype.base_dtype.name} that does not "
                            f"match type {dtype.name} of argument 'starts'.")
        if t.shape.ndims is not None and t.shape.ndims > 1:
            raise ValueError(f"Shape must be at most rank 1 but is rank {t.shape.ndims} for '{{node RaggedRange}}'")
    sizes = {t.shape.dims[0].value for t in inputs if t.shape.ndims == 1 and t.shape.dims[0].value is not None}
    if len(sizes) > 1:
        raise ValueError(f"Dimensions must be equal, but are {' and '.join(str(n) for n in sorted(sizes))} for "
                         f"'{{node RaggedRange}}' with input shapes: {', '.join(str(t.shape) for t in inputs)}.")
    known_scalar = all(t.shape.ndims == 0 for t in inputs)
    rows = 1 if known_scalar else (sizes.pop() if len(sizes) == 1 else None)
    splits_dtype = dtypes.as_dtype(attrs.get("Tsplits", dtypes.int64))
    return [(splits_dtype, TensorShape([None if rows is None else rows + 1])), (dtype, TensorShape([None]))]


@register_op("RaggedRange", infer=_ragged_range_infer, gpu=False, no_gradient=True)
def _ragged_range(xp, starts, limits, deltas, *, Tsplits=dtypes.int64):  # noqa: N803 - TF's attr name
    starts, limits, deltas = (np.asarray(host(t)) for t in (starts, limits, deltas))
    for name, t in (("starts", starts), ("limits", limits), ("deltas", deltas)):
        if t.ndim > 1:
            raise _invalid(f"{name} must be a scalar or vector")
    sizes = {t.size for t in (starts, limits, deltas) if t.ndim == 1}
    if len(sizes) > 1:
        raise _invalid("starts, limits, and deltas must have the same shape")
    n = sizes.pop() if sizes else 1
    starts, limits, deltas = (np.broadcast_to(t.reshape(-1), (n,)) for t in (starts, limits, deltas))
    if np.any(deltas == 0):
        raise _invalid("Requires delta != 0")
    if starts.dtype.kind in "iu":
        span = np.where(deltas > 0, limits - starts, starts - limits)
        step = np.abs(deltas)
        counts = np.maximum(0, (span + step - 1) // step)
    else:
        counts = np.maximum(0, np.ceil((limits - starts) / deltas)).astype(np.int64)
    splits = np.concatenate([[0], np.cumsum(counts)]).astype(dtypes.as_dtype(Tsplits).as_numpy_dtype)
    values = [starts[i] + deltas[i] * np.arange(counts[i], dtype=starts.dtype) for i in range(n)]
    flat = np.concatenate(values).astype(starts.dtype) if values else np.zeros((0,), starts.dtype)
    return xp.asarray(splits), xp.asarray(flat)


# ------------------------------------------------------------------ RaggedTensorToSparse
def _to_sparse_infer(inputs, attrs):
    splits, values = inputs[:-1], inputs[-1]
    for s in splits:
        if s.dtype.base_dtype not in _SPLITS:
            raise TypeError(f"Value for attr 'Tsplits' of {s.dtype.base_dtype.name} is not in the list of allowed "
                            f"values: int32, int64")
    rank = None if values.shape.ndims is None else values.shape.ndims + len(splits)
    return [(dtypes.int64, TensorShape([None, rank])), (values.dtype.base_dtype, TensorShape([None])),
            (dtypes.int64, TensorShape([rank]))]


@register_op("RaggedTensorToSparse", infer=_to_sparse_infer, gpu=False)
def _ragged_tensor_to_sparse(xp, *inputs, RAGGED_RANK=None):  # noqa: N803 - TF's attr name
    values = np.asarray(host(inputs[-1]))
    nested = check_splits(list(inputs[:-1]), values.shape[0])
    index, dims = value_positions(nested)
    inner = values.shape[1:]
    if inner:  # each value row expands into its inner positions, in row-major order
        inner_index = np.indices(inner).reshape(len(inner), -1).T
        index = np.concatenate([np.repeat(index, inner_index.shape[0], axis=0),
                                np.tile(inner_index, (index.shape[0], 1))], axis=1)
    shape = np.asarray(dims + list(inner), np.int64)
    return xp.asarray(index.astype(np.int64)), xp.asarray(values.reshape(-1)), xp.asarray(shape)


@_ragged_tensor_to_sparse.gradient
def _ragged_tensor_to_sparse_grad(op, *grads):
    values_grad = array_ops.reshape(grads[1], array_ops.shape(op.inputs[-1]))
    return [None] * (len(op.inputs) - 1) + [values_grad]


# ------------------------------------------------------------------ RaggedTensorToTensor
def _to_tensor_infer(inputs, attrs):
    shape, values, default = inputs[:3]
    types = [t.decode() if isinstance(t, bytes) else t for t in attrs["row_partition_types"]]
    ragged_dims = len(types) - (1 if types and types[0] == "FIRST_DIM_SIZE" else 0)
    if values.dtype.base_dtype != default.dtype.base_dtype:
        raise TypeError(f"Input 'default_value' of 'RaggedTensorToTensor' Op has type "
                        f"{default.dtype.base_dtype.name} that does not match type {values.dtype.base_dtype.name} "
                        f"of argument 'values'.")
    rank = None if values.shape.ndims is None else values.shape.ndims + ragged_dims
    dims = partial_shape(shape)
    if dims is not None and len(dims) > 0 and (rank is None or len(dims) == rank):
        return [(values.dtype.base_dtype, TensorShape([None if d is None or d < 0 else d for d in dims]))]
    return [(values.dtype.base_dtype, unknown_shape(rank))]


def _nested_splits_from_partitions(types, partitions, n_values):
    """Row-splits vectors from TF's row partition tensors (ROW_SPLITS, or FIRST_DIM_SIZE + VALUE_ROWIDS)."""
    partitions = [np.asarray(host(p)).astype(np.int64) for p in partitions]
    types = [t.decode() if isinstance(t, bytes) else t for t in types]
    splits, nrows = [], None
    for kind, tensor in zip(types, partitions):
        if kind == "ROW_SPLITS":
            splits.append(tensor)
        elif kind == "FIRST_DIM_SIZE":
            nrows = int(tensor)
        elif kind == "VALUE_ROWIDS":
            rows = nrows if not splits else splits[-1][-1]
            if tensor.size and (tensor.min() < 0 or tensor.max() >= rows or np.any(np.diff(tensor) < 0)):
                raise _invalid("Invalid value_rowids: must be sorted and within [0, nrows)")
            splits.append(np.concatenate([[0], np.cumsum(np.bincount(tensor, minlength=rows))]))
        else:
            raise _invalid(f"Invalid row partition type: {kind}")
    return splits


@register_op("RaggedTensorToTensor", infer=_to_tensor_infer, gpu=False)
def _ragged_tensor_to_tensor(xp, shape, values, default_value, *row_partition_tensors, row_partition_types):
    values = np.asarray(host(values))
    nested = _nested_splits_from_partitions(row_partition_types, row_partition_tensors, values.shape[0])
    nested = check_splits(nested, values.shape[0])
    index, dims = value_positions(nested)
    natural = dims + list(values.shape[1:])
    wanted = np.asarray(host(shape)).astype(np.int64).reshape(-1)
    if wanted.size == 1 and wanted[0] == -1 and len(natural) != 1:
        wanted = np.full(len(natural), -1)
    if wanted.size != len(natural):
        raise _invalid(f"The shape argument has rank {wanted.size} but the result has rank {len(natural)}")
    out_shape = [n if w < 0 else int(w) for w, n in zip(wanted, natural)]
    default = np.asarray(host(default_value))
    try:
        out = np.array(np.broadcast_to(default, out_shape[len(dims):]), dtype=values.dtype)
    except ValueError:
        raise _invalid(f"default_value.shape={list(default.shape)} and rt_input.flat_values.shape="
                       f"{list(values.shape)} are incompatible: default_value.rank = {default.ndim} must be less "
                       f"than rt_input.flat_values.rank = {values.ndim}") from None
    out = np.array(np.broadcast_to(out, out_shape), dtype=values.dtype)
    keep = np.all(index < np.asarray(out_shape[:len(dims)]), axis=1)
    inner = tuple(slice(0, min(a, b)) for a, b in zip(out_shape[len(dims):], values.shape[1:]))
    out[tuple(index[keep].T) + inner] = values[keep][(slice(None),) + inner]
    return xp.asarray(out)


@_ragged_tensor_to_tensor.gradient
def _ragged_tensor_to_tensor_grad(op, grad):
    # Where each output element came from: the flat position of its value, or -1 for the default.
    shape, values, default = op.inputs[:3]
    partitions = list(op.inputs[3:])
    n = reduction_ops.reduce_prod(array_ops.shape(values, out_type=dtypes.int64))
    positions = array_ops.reshape(math_ops.cast(sequence_ops.range_(n), dtypes.int64),
                                  array_ops.shape(values, out_type=dtypes.int64))
    source = raw_ops.RaggedTensorToTensor(shape, positions, np.int64(-1), *partitions,
                                          row_partition_types=op.get_attr("row_partition_types"))
    source = array_ops.reshape(source, [-1])
    flat_grad = array_ops.reshape(grad, [-1])
    is_default = logic_ops.equal(source, np.int64(-1))
    default_total = reduction_ops.reduce_sum(_where(is_default, flat_grad, array_ops.zeros_like(flat_grad)))
    default_grad = default_total if default.shape.ndims == 0 else None  # a non-scalar default gets none
    if values.shape.ndims == 1:  # as TF: the gradients of the values that reached the output, as IndexedSlices
        kept = raw_ops.Where(logic_ops.logical_not(is_default))
        kept = array_ops.reshape(kept, [-1])
        values_grad = IndexedSlices(raw_ops.GatherV2(flat_grad, kept, np.int32(0)),
                                    math_ops.cast(raw_ops.GatherV2(source, kept, np.int32(0)), dtypes.int32),
                                    array_ops.shape(values))
    else:
        segments = _where(is_default, n, source)
        values_grad = reduction_ops.unsorted_segment_sum(flat_grad, segments, n + 1)[:-1]
        values_grad = array_ops.reshape(values_grad, array_ops.shape(values))
    return [None, values_grad, default_grad] + [None] * len(partitions)


def _where(condition, x, y):
    return raw_ops.SelectV2(condition, x, y)


def ragged_range_op(starts, limits, deltas, splits_dtype=dtypes.int64, name=None):
    """(row_splits, values) of the RaggedRange op over tensors of one dtype."""
    op = apply_op("RaggedRange", [starts, limits, deltas], {"T": starts.dtype.base_dtype, "Tsplits": splits_dtype},
                  name=name)
    return op.outputs[0], op.outputs[1]


# ------------------------------------------------------------------ RaggedFillEmptyRows
def _fill_empty_rows_infer(inputs, attrs):
    rowids, values, nrows, default = inputs
    for tensor, what, rank in ((rowids, "value_rowids", 1), (values, "values", 1), (nrows, "nrows", 0),
                               (default, "default_value", 0)):
        if tensor.shape.ndims is not None and tensor.shape.ndims != rank:
            raise ValueError(f"Shape must be rank {rank} but is rank {tensor.shape.ndims} for 'RaggedFillEmptyRows' "
                             f"({what})")
    if values.dtype.base_dtype != default.dtype.base_dtype:
        raise TypeError(f"Input 'default_value' of 'RaggedFillEmptyRows' Op has type {default.dtype.base_dtype.name} "
                        f"that does not match type {values.dtype.base_dtype.name} of argument 'values'.")
    return [(dtypes.int64, TensorShape([None])), (values.dtype.base_dtype, TensorShape([None])),
            (dtypes.bool, TensorShape([None])), (dtypes.int64, rowids.shape)]


@register_op("RaggedFillEmptyRows", infer=_fill_empty_rows_infer, gpu=False)
def _ragged_fill_empty_rows(xp, value_rowids, values, nrows, default_value):
    rowids, values = np.asarray(host(value_rowids)).astype(np.int64), np.asarray(host(values))
    nrows = int(np.asarray(host(nrows)))
    if rowids.shape != values.shape[:1]:
        raise _invalid(f"The length of `values` ({values.shape[0]}) must match the first dimension of "
                       f"`value_rowids` ({rowids.shape[0]}).")
    if rowids.size and (rowids.min() < 0 or rowids.max() >= nrows or np.any(np.diff(rowids) < 0)):
        raise _invalid("value_rowids must be sorted and within [0, nrows)")
    empty = np.bincount(rowids, minlength=nrows)[:nrows] == 0
    # each input value moves down by the number of empty rows before its row
    reverse = np.arange(rowids.size, dtype=np.int64) + np.cumsum(empty)[rowids] if rowids.size else rowids
    out_rowids = np.empty(rowids.size + int(empty.sum()), np.int64)
    out_values = np.empty((out_rowids.size,) + values.shape[1:], values.dtype)
    filled = np.ones(out_rowids.size, bool)
    filled[reverse] = False
    out_rowids[reverse], out_values[reverse] = rowids, values
    out_rowids[filled], out_values[filled] = np.flatnonzero(empty), np.asarray(host(default_value))
    return xp.asarray(out_rowids), xp.asarray(out_values), xp.asarray(empty), xp.asarray(reverse.astype(np.int64))


@_ragged_fill_empty_rows.gradient
def _ragged_fill_empty_rows_grad(op, *grads):
    d_values, d_default = apply_op("RaggedFillEmptyRowsGrad", [op.outputs[3], grads[1]],
                                   {"T": op.inputs[1].dtype.base_dtype}).outputs
    return [None, d_values, None, d_default]


def _fill_empty_rows_grad_infer(inputs, attrs):
    reverse, grad = inputs
    return [(grad.dtype.base_dtype, reverse.shape), (grad.dtype.base_dtype, TensorShape([]))]


@register_op("RaggedFillEmptyRowsGrad", infer=_fill_empty_rows_grad_infer, gpu=False, no_gradient=True)
def _ragged_fill_empty_rows_grad_kernel(xp, reverse_index_map, grad_values):
    reverse, grad = np.asarray(host(reverse_index_map)).astype(np.int64), np.asarray(host(grad_values))
    used = np.zeros(grad.shape[0], bool)
    used[reverse] = True
    return xp.asarray(grad[reverse]), xp.asarray(grad[~used].sum(dtype=grad.dtype))


# ------------------------------------------------------------------ RaggedGather
def _ragged_gather_infer(inputs, attrs):
    params_splits, values, indices = inputs[:-2], inputs[-2], inputs[-1]
    if indices.dtype.base_dtype not in _SPLITS:
        raise TypeError(f"Value for attr 'Tindices' of {indices.dtype.base_dtype.name} is not in the list of "
                        f"allowed values: int32, int64")
    out_rank = attrs.get("OUTPUT_RAGGED_RANK")
    if out_rank is None:
        out_rank = len(params_splits) + (indices.shape.ndims or 1) - 1
    splits_dtype = params_splits[0].dtype.base_dtype
    inner = values.shape[1:] if values.shape.ndims is not None else unknown_shape()
    return [(splits_dtype, TensorShape([None]))] * out_rank + [(values.dtype.base_dtype,
                                                                 TensorShape([None]).concatenate(inner))]


@register_op("RaggedGather", infer=_ragged_gather_infer, gpu=False)
def _ragged_gather(xp, *inputs, OUTPUT_RAGGED_RANK=None, PARAMS_RAGGED_RANK=None):  # noqa: N803 - TF's attrs
    values, indices = np.asarray(host(inputs[-2])), np.asarray(host(inputs[-1])).astype(np.int64)
    splits_dtype = np.asarray(host(inputs[0])).dtype
    nested = check_splits(list(inputs[:-2]), values.shape[0])
    nrows = nested[0].size - 1
    flat = indices.reshape(-1)
    bad = np.flatnonzero((flat < 0) | (flat >= nrows))
    if bad.size:
        raise _invalid(f"indices[{bad[0]}] = {flat[bad[0]]} is not in [0, {nrows})")
    out_splits = []
    for dim in indices.shape[1:]:  # the dimensions of the indices themselves are uniform rows
        count = int(np.prod(indices.shape[:len(out_splits) + 1]))
        out_splits.append(np.arange(count + 1, dtype=np.int64) * dim)
    current = flat
    for splits in nested:
        starts, limits = splits[current], splits[current + 1]
        out_splits.append(np.concatenate([[0], np.cumsum(limits - starts)]).astype(np.int64))
        current = np.concatenate([np.arange(a, b) for a, b in zip(starts, limits)] + [np.zeros(0, np.int64)])
    outputs = [xp.asarray(s.astype(splits_dtype)) for s in out_splits]
    return tuple(outputs) + (xp.asarray(values[current.astype(np.int64)]),)


@_ragged_gather.gradient
def _ragged_gather_grad(op, *grads):
    params_splits, values, indices = list(op.inputs[:-2]), op.inputs[-2], op.inputs[-1]
    combined = params_splits[0]  # each outer row's range of flat values
    for splits in params_splits[1:]:
        combined = raw_ops.GatherV2(splits, combined, np.int32(0))
    flat = array_ops.reshape(indices, [-1])
    starts = raw_ops.GatherV2(combined, flat, np.int32(0))
    limits = raw_ops.GatherV2(combined[1:], flat, np.int32(0))
    one = math_ops.cast(1, combined.dtype.base_dtype)
    _, positions = ragged_range_op(starts, limits, one, combined.dtype.base_dtype)
    values_grad = IndexedSlices(grads[-1], positions, array_ops.shape(values))
    return [None] * len(params_splits) + [values_grad, None]


def ragged_gather_op(nested_splits, values, indices, name=None):
    """(output nested splits, output values) of the RaggedGather op."""
    indices_rank = indices.shape.ndims
    attrs = {"PARAMS_RAGGED_RANK": len(nested_splits), "OUTPUT_RAGGED_RANK": len(nested_splits) + indices_rank - 1,
             "Tvalues": values.dtype.base_dtype, "Tindices": indices.dtype.base_dtype,
             "Tsplits": nested_splits[0].dtype.base_dtype}
    outputs = apply_op("RaggedGather", list(nested_splits) + [values, indices], attrs, name=name).outputs
    return list(outputs[:-1]), outputs[-1]
