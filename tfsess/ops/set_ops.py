"""tf.sets: set_size and the set operations (intersection, union, difference) over the last dimension.

A rank-n dense tensor or SparseTensor holds one set per index of its first n-1 dims (a "group");
each set is the unique values along the last dim (for a SparseTensor, the values present). The
operations return a SparseTensor whose row per group lists the result set in ascending order, its
last dense dim the largest result set, as TF's set kernels (set_kernels.cc) do.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.framework.tensor_spec import convert_to_tensor_or_sparse_tensor
from tfsess.ops._infer import check_dtype, check_same_dtype, fmt_shape, host
from tfsess.ops.sparse_ops import _first_bad_row

_VALID = (dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64, dtypes.uint8, dtypes.uint16, dtypes.string)
_OPERATIONS = {"intersection": np.intersect1d, "union": np.union1d,
               "a-b": np.setdiff1d, "b-a": lambda a, b: np.setdiff1d(b, a)}


# ================================================================== kernels' helpers
def _sparse_sets(indices, values, shape, validate, what):
    """{flat group index: unique sorted values} of a sparse set tensor, and its group shape."""
    indices, shape = host(indices, np.int64), host(shape, np.int64)
    if shape.size < 2:
        raise errors.InvalidArgumentError(None, None, f"Invalid {what} rank: {shape.size}, expected >= 2")
    if validate:
        bad = _first_bad_row(indices, shape)
        if bad is not None:
            raise errors.InvalidArgumentError(None, None, bad)
    groups = tuple(int(d) for d in shape[:-1])
    if indices.shape[0] == 0:
        return {}, groups
    flat = np.ravel_multi_index(tuple(np.clip(indices[:, :-1], 0, None).T), groups, mode="clip")
    values = host(values)
    order = np.argsort(flat, kind="stable")
    flat, values = flat[order], values[order]
    starts = np.flatnonzero(np.r_[True, flat[1:] != flat[:-1]])
    ends = np.r_[starts[1:], flat.size]
    return {int(flat[s]): np.unique(values[s:e]) for s, e in zip(starts, ends)}, groups


def _dense_sets(x):
    x = host(x)
    if x.ndim < 2:
        raise errors.InvalidArgumentError(None, None, f"Invalid rank: {x.ndim}, expected >= 2")
    rows = x.reshape(-1, x.shape[-1])
    return {g: np.unique(rows[g]) for g in range(rows.shape[0])}, tuple(x.shape[:-1])


def _check_groups(a, b):
    if a != b:
        raise errors.InvalidArgumentError(None, None, f"Mismatched shapes [{','.join(map(str, a))}] vs "
                                                      f"[{','.join(map(str, b))}]")


def _sparse_result(sets, groups, dtype):
    """(indices, values, dense_shape) of per-group sorted result sets."""
    size = int(np.prod(groups)) if groups else 1
    rows, values, widest = [], [], 0
    for g in range(size):
        members = sets.get(g)
        if members is None or members.size == 0:
            continue
        position = np.unravel_index(g, groups)
        rows.append(np.column_stack([np.tile(np.asarray(position, np.int64), (members.size, 1)),
                                     np.arange(members.size, dtype=np.int64)]))
        values.append(members)
        widest = max(widest, members.size)
    rank = len(groups) + 1
    indices = np.concatenate(rows) if rows else np.zeros((0, rank), np.int64)
    values = np.concatenate(values).astype(dtype, copy=False) if values else np.zeros((0,), dtype)
    return indices, values, np.array([*groups, widest], np.int64)


def _operate(a_sets, b_sets, groups, operation, dtype):
    empty = np.zeros((0,), dtype)
    combine = _OPERATIONS[operation]
    size = int(np.prod(groups)) if groups else 1
    result = {g: combine(a_sets.get(g, empty), b_sets.get(g, empty)) for g in range(size)}
    return _sparse_result(result, groups, dtype)


def _check_operation(operation):
    if operation not in _OPERATIONS:
        raise errors.InvalidArgumentError(None, None, f"Invalid set_operation {operation}.")


# ================================================================== SetSize
def _set_size_infer(inputs, attrs):
    check_dtype(inputs[1], _VALID, "set_values")
    return [(dtypes.int32, unknown_shape())]


@register_op("SetSize", infer=_set_size_infer, no_gradient=True, gpu=False)
def _set_size(xp, indices, values, shape, *, validate_indices=True):
    sets, groups = _sparse_sets(indices, values, shape, validate_indices, "input")
    counts = np.zeros(int(np.prod(groups)), np.int32)
    for g, members in sets.items():
        counts[g] = members.size
    return counts.reshape(groups)


# ================================================================== the set operations
def _result_specs(dtype, rank):
    return [(dtypes.int64, TensorShape([None, rank])), (dtype, TensorShape([None])),
            (dtypes.int64, TensorShape([rank]))]


def _dense_rank(t, op_type, shapes):
    ndims = t.shape.ndims
    if ndims is not None and ndims < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {ndims} for '{op_type}' with input shapes: "
                         f"{shapes}.")
    return ndims


def _dense_to_dense_infer(inputs, attrs):
    a, b = inputs
    check_dtype(a, _VALID, "set1")
    check_same_dtype(inputs, "DenseToDenseSetOperation", names=("set1", "set2"))
    shapes = f"{fmt_shape(a.shape)}, {fmt_shape(b.shape)}"
    ra, rb = _dense_rank(a, "DenseToDenseSetOperation", shapes), _dense_rank(b, "DenseToDenseSetOperation", shapes)
    if ra is not None and rb is not None:
        if ra != rb:
            raise ValueError(f"Shape must be rank {ra} but is rank {rb} for 'DenseToDenseSetOperation' with input "
                             f"shapes: {shapes}.")
        ga, gb = a.shape.as_tuple_or_none()[:-1], b.shape.as_tuple_or_none()[:-1]
        for i, (x, y) in enumerate(zip(ga, gb)):
            if x is not None and y is not None and x != y:
                raise ValueError(f"Dimension {i} in both shapes must be equal, but are {x} and {y}. Shapes are "
                                 f"{fmt_shape(TensorShape(ga))} and {fmt_shape(TensorShape(gb))}. for "
                                 f"'DenseToDenseSetOperation' with input shapes: {fmt_shape(a.shape)}")
    return _result_specs(a.dtype.base_dtype, ra if ra is not None else rb)


@register_op("DenseToDenseSetOperation", infer=_dense_to_dense_infer, no_gradient=True, gpu=False)
def _dense_to_dense(xp, a, b, *, set_operation, validate_indices=True):
    _check_operation(set_operation)
    a_sets, a_groups = _dense_sets(a)
    b_sets, b_groups = _dense_sets(b)
    _check_groups(a_groups, b_groups)
    return _operate(a_sets, b_sets, a_groups, set_operation, host(a).dtype)


def _dense_to_sparse_infer(inputs, attrs):
    a, _, b_values, b_shape = inputs
    check_dtype(a, _VALID, "set1")
    check_same_dtype([a, b_values], "DenseToSparseSetOperation", names=("set1", "set2_values"))
    rank = _dense_rank(a, "DenseToSparseSetOperation", f"{fmt_shape(a.shape)}")
    if rank is None and b_shape.shape.is_fully_defined():
        rank = b_shape.shape.as_tuple_or_none()[0]
    return _result_specs(a.dtype.base_dtype, rank)


@register_op("DenseToSparseSetOperation", infer=_dense_to_sparse_infer, no_gradient=True, gpu=False)
def _dense_to_sparse(xp, a, b_indices, b_values, b_shape, *, set_operation, validate_indices=True):
    _check_operation(set_operation)
    a_sets, a_groups = _dense_sets(a)
    b_sets, b_groups = _sparse_sets(b_indices, b_values, b_shape, validate_indices, "set2")
    _check_groups(a_groups, b_groups)
    return _operate(a_sets, b_sets, a_groups, set_operation, host(a).dtype)


def _sparse_to_sparse_infer(inputs, attrs):
    a_values, a_shape, b_values = inputs[1], inputs[2], inputs[4]
    check_dtype(a_values, _VALID, "set1_values")
    check_same_dtype([a_values, b_values], "SparseToSparseSetOperation", names=("set1_values", "set2_values"))
    rank = a_shape.shape.as_tuple_or_none()[0] if a_shape.shape.is_fully_defined() else None
    return _result_specs(a_values.dtype.base_dtype, rank)


@register_op("SparseToSparseSetOperation", infer=_sparse_to_sparse_infer, no_gradient=True, gpu=False)
def _sparse_to_sparse(xp, a_indices, a_values, a_shape, b_indices, b_values, b_shape, *, set_operation,
                      validate_indices=True):
    _check_operation(set_operation)
    a_sets, a_groups = _sparse_sets(a_indices, a_values, a_shape, validate_indices, "set1")
    b_sets, b_groups = _sparse_sets(b_indices, b_values, b_shape, validate_indices, "set2")
    _check_groups(a_groups, b_groups)
    return _operate(a_sets, b_sets, a_groups, set_operation, host(a_values).dtype)


# ------------------------------------------------------------------ public API
def _valid_names():
    return "{" + ", ".join(f"tf.{d.name}" for d in _VALID) + "}"


def set_size(a, validate_indices=True):
    """The number of unique elements of each set of the SparseTensor `a` (tf.sets.size).

    Returns:
        An int32 tensor of `a`'s dense shape without its last dim.

    Raises:
        TypeError: `a` not a SparseTensor, or of a dtype other than int8-64, uint8/16 or string.
    """
    a = convert_to_tensor_or_sparse_tensor(a, name="a")
    if not isinstance(a, SparseTensor):
        raise TypeError(f"Expected `SparseTensor`, got {a}.")
    if a.values.dtype.base_dtype not in _VALID:
        raise TypeError(f"Invalid dtype `<dtype: '{a.values.dtype.base_dtype.name}'>` not in supported dtypes: "
                        f"`{_valid_names()}`.")
    with op_scope(None, "SetSize", [a.indices, a.values, a.dense_shape]) as scope:
        return apply_op("SetSize", [a.indices, a.values, a.dense_shape],
                        {"validate_indices": bool(validate_indices)}, name=scope).outputs[0]


def _convert_pair(a, b):
    """(a, b, flipped): tensors or SparseTensors, dense first where only one is dense."""
    a = convert_to_tensor_or_sparse_tensor(a, name="a")
    if a.dtype.base_dtype not in _VALID:
        raise TypeError(f"'a' has invalid dtype `<dtype: '{a.dtype.base_dtype.name}'>` not in supported dtypes: "
                        f"`{_valid_names()}`.")
    b = convert_to_tensor_or_sparse_tensor(b, name="b")
    if b.dtype.base_dtype != a.dtype.base_dtype:
        raise TypeError(f"Types don't match, <dtype: '{a.dtype.base_dtype.name}'> vs "
                        f"<dtype: '{b.dtype.base_dtype.name}'>.")
    if isinstance(a, SparseTensor) and not isinstance(b, SparseTensor):
        return b, a, True
    return a, b, False


def _set_operation(a, b, operation, validate_indices):
    attrs = {"set_operation": operation, "validate_indices": bool(validate_indices)}
    if isinstance(a, SparseTensor):
        if not isinstance(b, SparseTensor):
            raise ValueError("Sparse,Dense is not supported, but Dense,Sparse is. Please flip the order of your "
                             "inputs.")
        op_type, inputs = "SparseToSparseSetOperation", [a.indices, a.values, a.dense_shape,
                                                         b.indices, b.values, b.dense_shape]
    elif isinstance(b, SparseTensor):
        op_type, inputs = "DenseToSparseSetOperation", [convert_to_tensor(a), b.indices, b.values, b.dense_shape]
    else:
        op_type, inputs = "DenseToDenseSetOperation", [a, b]
    with op_scope(None, op_type, inputs) as scope:
        op = apply_op(op_type, inputs, attrs, name=scope)
    return SparseTensor(*op.outputs)


def set_intersection(a, b, validate_indices=True):
    """The per-group intersection of the sets of `a` and `b` (tf.sets.intersection), a SparseTensor.

    Raises:
        TypeError: dtypes that differ or are not int8-64, uint8/16 or string.
        ValueError: ranks below 2 or group dims that differ (when known statically).
    """
    a, b, _ = _convert_pair(a, b)
    return _set_operation(a, b, "intersection", validate_indices)


def set_union(a, b, validate_indices=True):
    """The per-group union of the sets of `a` and `b` (tf.sets.union), a SparseTensor."""
    a, b, _ = _convert_pair(a, b)
    return _set_operation(a, b, "union", validate_indices)


def set_difference(a, b, aminusb=True, validate_indices=True):
    """The per-group difference a - b (or b - a when `aminusb` is False) (tf.sets.difference), a SparseTensor."""
    a, b, flipped = _convert_pair(a, b)
    if flipped:
        aminusb = not aminusb
    return _set_operation(a, b, "a-b" if aminusb else "b-a", validate_indices)


size, intersection, union, difference = set_size, set_intersection, set_union, set_difference

__all__ = ["difference", "intersection", "set_difference", "set_intersection", "set_size", "set_union", "size",
           "union"]
