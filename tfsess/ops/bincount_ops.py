"""Counting into sparse outputs: DenseCountSparseOutput, SparseCountSparseOutput and tf.sparse.bincount.

Each batch (row of a 2-D input, or the whole of a 1-D one) counts its values; values at or above a
positive `maxlength` are left out, negative values are an error. The output is a SparseTensor whose
entries are each batch's counted values in increasing order: [batch, value] (or [value] for 1-D
input), the count (1 with binary_output, the weights' sum with weights), and the dense shape
[batches, size] with TF's size rule: `maxlength` when it is given (>= 0), else max(max value + 1, minlength)
(the max value starts at 0, so an empty input gives size 1).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework import graph_api
from tfsess.ops import array_ops, check_ops, constant_op
from tfsess.ops._infer import INDEX, REAL, apply_gen, check_dtype, check_rank, fmt_shape, host


def _output_size(max_seen, maxlength, minlength):
    return maxlength if maxlength >= 0 else max(max_seen + 1, minlength)


def _count(batches, values, weights, num_batches, is_1d, attrs, out_dtype):
    """The three sparse outputs from each value's batch number, the values and their weights (or None)."""
    maxlength, minlength = int(attrs["maxlength"]), int(attrs["minlength"])
    if values.size and values.min() < 0:
        raise errors.InvalidArgumentError(None, None, "Input values must all be non-negative")
    keep = values < maxlength if maxlength >= 0 else np.ones(values.shape, dtype=bool)
    batches, values = batches[keep].astype(np.int64), values[keep].astype(np.int64)
    max_seen = int(values.max()) if values.size else 0
    size = _output_size(max_seen, maxlength, minlength)
    keys, first, inverse = np.unique(np.stack([batches, values]), axis=1, return_index=True, return_inverse=True)
    if attrs["binary_output"]:
        counts = np.ones(keys.shape[1], dtype=out_dtype)
    elif weights is not None:
        counts = np.zeros(keys.shape[1], dtype=out_dtype)
        np.add.at(counts, inverse.reshape(-1), weights[keep].astype(out_dtype))
    else:
        counts = np.bincount(inverse.reshape(-1), minlength=keys.shape[1]).astype(out_dtype)
    indices = keys[1:].T if is_1d else keys.T
    shape = [size] if is_1d else [num_batches, size]
    return np.ascontiguousarray(indices, dtype=np.int64), counts, np.asarray(shape, dtype=np.int64)


def _attrs_check(inputs, op_type):
    check_dtype(inputs[0 if op_type == "DenseCountSparseOutput" else 1], INDEX, "values")
    check_dtype(inputs[-1], REAL, "weights")


def _merged_rank(w, v):
    """The rank of TF's Merge(weights, values), with its error text."""
    where = f" for 'DenseCountSparseOutput' with input shapes: {fmt_shape(v)}, {fmt_shape(w)}."
    if w.ndims is None or v.ndims is None:
        return v.ndims if w.ndims is None else w.ndims
    if w.ndims != v.ndims:
        raise ValueError(f"Shapes must be equal rank, but are {w.ndims} and {v.ndims}{where}")
    for i, (a, b) in enumerate(zip(w.as_tuple_or_none(), v.as_tuple_or_none())):
        if a is not None and b is not None and a != b:
            raise ValueError(f"Dimension {i} in both shapes must be equal, but are {a} and {b}. Shapes are "
                             f"{fmt_shape(w)} and {fmt_shape(v)}.{where}")
    return w.ndims


def _dense_count_infer(inputs, attrs):
    values, weights = inputs
    _attrs_check(inputs, "DenseCountSparseOutput")
    rank = values.shape.ndims
    if not (weights.shape.is_fully_defined() and weights.shape.num_elements() == 0):
        rank = _merged_rank(weights.shape, values.shape)
    return [(dtypes.int64, TensorShape([None, rank])), (weights.dtype.base_dtype, TensorShape([None])),
            (dtypes.int64, TensorShape([rank]))]


@register_op("DenseCountSparseOutput", infer=_dense_count_infer, no_gradient=True)
def _dense_count(xp, values, weights, **attrs):
    values, weights = host(values), host(weights)
    if values.ndim not in (1, 2):
        raise errors.InvalidArgumentError(
            None, None, f"Input must be a 1 or 2-dimensional tensor. Got: [{','.join(map(str, values.shape))}]")
    use_weights = weights.size > 0
    if use_weights and weights.shape != values.shape:
        raise errors.InvalidArgumentError(
            None, None, f"Weights and values must have the same shape. Weight shape: "
                        f"[{','.join(map(str, weights.shape))}]; values shape: [{','.join(map(str, values.shape))}]")
    is_1d = values.ndim == 1
    batches = np.zeros(values.size, np.int64) if is_1d else np.repeat(np.arange(values.shape[0]), values.shape[1])
    num_batches = 1 if is_1d else values.shape[0]
    out = _count(batches, values.reshape(-1), weights.reshape(-1) if use_weights else None, num_batches, is_1d,
                 attrs, weights.dtype)
    return tuple(xp.asarray(a) for a in out)


def _sparse_count_infer(inputs, attrs):
    indices, values, dense_shape, weights = inputs
    _attrs_check(inputs, "SparseCountSparseOutput")
    check_dtype(indices, (dtypes.int64,), "indices")
    check_rank(indices, 2, "SparseCountSparseOutput", "indices")
    rank = indices.shape[1].value if indices.shape.ndims == 2 else None
    return [(dtypes.int64, TensorShape([None, rank])), (weights.dtype.base_dtype, TensorShape([None])),
            (dtypes.int64, TensorShape([rank]))]


@register_op("SparseCountSparseOutput", infer=_sparse_count_infer, no_gradient=True)
def _sparse_count(xp, indices, values, dense_shape, weights, **attrs):
    indices, values, dense_shape, weights = host(indices), host(values), host(dense_shape), host(weights)
    use_weights = weights.size > 0
    if use_weights and weights.shape != values.shape:
        raise errors.InvalidArgumentError(
            None, None, f"Weights and values must have the same shape. Weight shape: "
                        f"[{','.join(map(str, weights.shape))}]; values shape: [{','.join(map(str, values.shape))}]")
    is_1d = dense_shape.size == 1
    num_batches = 1 if is_1d else int(dense_shape[0])
    batches = np.zeros(values.size, np.int64) if is_1d else indices[:, 0].astype(np.int64)
    if batches.size and batches.max() >= num_batches:
        raise errors.InvalidArgumentError(
            None, None, "Indices value along the first dimension must be lower than the first index of the shape.")
    out = _count(batches, values, weights if use_weights else None, num_batches, is_1d, attrs, weights.dtype)
    return tuple(xp.asarray(a) for a in out)


def _sparse_weights(values, weights, dtype):
    """TF's validate_sparse_weights: the weights' values, checked against `values`' indices and shape at run."""
    if weights is None:
        return constant_op.constant([], dtype=dtype)
    if not isinstance(weights, SparseTensor):
        raise ValueError(f"Argument `weights` must be a SparseTensor if `values` is a SparseTensor. Received "
                         f"weights={weights} of type: {type(weights).__name__}")
    checks = []
    if weights.dense_shape is not values.dense_shape:
        checks.append(check_ops.assert_equal(weights.dense_shape, values.dense_shape,
                                             message="'weights' and 'values' must have the same dense shape."))
    if weights.indices is not values.indices:
        checks.append(check_ops.assert_equal(weights.indices, values.indices,
                                             message="'weights' and 'values' must have the same indices."))
    if not checks:
        return weights.values
    with graph_api.control_dependencies(checks):
        return array_ops.identity(weights.values)


def _attrs(minlength, maxlength, binary_output):
    return {"minlength": -1 if minlength is None else int(minlength),
            "maxlength": -1 if maxlength is None else int(maxlength), "binary_output": bool(binary_output)}


def sparse_bincount(values, weights=None, axis=0, minlength=None, maxlength=None, binary_output=False, name=None):
    """Counts of each value per batch as a SparseTensor (tf.sparse.bincount).

    `values`: an int32/int64 tensor (1-D or 2-D after `axis`) or SparseTensor; `axis` 0 counts all values
    together, -1 counts each row; `weights` (same structure as `values`) sums weights instead of counting;
    `binary_output` records presence (1) instead.

    Raises:
        ValueError: `weights` with `binary_output`, an axis other than 0 or -1, dense weights for sparse values.
    """
    with op_scope(name, "count", [values, weights]):
        if not isinstance(values, SparseTensor):
            values = convert_to_tensor(values, name="values")
        if weights is not None and not isinstance(weights, SparseTensor):
            weights = convert_to_tensor(weights, name="weights")
        if weights is not None and binary_output:
            raise ValueError("Arguments `binary_output` and `weights` are mutually exclusive. Please specify only one.")
        axis = 0 if axis is None else axis
        if axis not in (0, -1):
            raise ValueError(f"Unsupported value for argument axis={axis}. Only 0 and -1 are currently supported.")
        attrs = _attrs(minlength, maxlength, binary_output)
        if axis == 0:
            if isinstance(values, SparseTensor):
                if weights is not None:
                    weights = _sparse_weights(values, weights, None)
                values = values.values
            else:
                if weights is not None:
                    weights = array_ops.reshape(weights, [-1])
                values = array_ops.reshape(values, [-1])
        if isinstance(values, SparseTensor):
            weights = _sparse_weights(values, weights, values.values.dtype)
            op = apply_gen("SparseCountSparseOutput", [("indices", values.indices, dtypes.int64),
                                                       ("values", values.values, None),
                                                       ("dense_shape", values.dense_shape, dtypes.int64),
                                                       ("weights", weights, None)], attrs, outputs=True)
        else:
            if weights is None:
                weights = constant_op.constant([], dtype=values.dtype)
            op = apply_gen("DenseCountSparseOutput", [("values", values, None), ("weights", weights, None)], attrs,
                           outputs=True)
        return SparseTensor(*op.outputs)


__all__ = []
