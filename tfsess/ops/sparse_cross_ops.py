"""Feature crosses of sparse and dense string/int64 columns (tf.sparse.cross, cross_hashed).

Each batch row's cross is the Cartesian product of its features in each column (the last column
varying fastest), joined with a separator (SparseCrossV2) or hashed as TF hashes it: FarmHash
Fingerprint64 of a string (an int64 is its own hash), folded with FingerprintCat64 from the hash
key (SparseCross with hashed_output).
"""
from __future__ import annotations

import itertools

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.lib.string_hash import fingerprint64, fingerprint_cat64
from tfsess.lib.xp import to_host
from tfsess.ops import math_ops

_DEFAULT_HASH_KEY = 0xDECAFCAFFE
_INT64_MAX = 2 ** 63 - 1


def _check_features(array):
    if array.dtype != object and array.dtype != np.int64:
        raise errors.InvalidArgumentError(None, None, f"Feature crosses take int64 or string features, got "
                                          f"{dtypes.as_dtype(array.dtype).name}")


def _columns(inputs, n):
    """Per column, the features of each batch row (sparse columns first, then dense)."""
    indices, values, shapes, dense = inputs[:n], inputs[n:2 * n], inputs[2 * n:3 * n], inputs[3 * n:]
    for array in list(values) + list(dense):
        _check_features(np.asarray(array))
    columns, batch = [], None
    for idx, vals, shape in zip(indices, values, shapes):
        idx, vals, shape = np.asarray(to_host(idx)), np.asarray(to_host(vals)), np.asarray(to_host(shape))
        rows = [[] for _ in range(int(shape[0]))]
        for (row, *_), value in zip(idx, vals):
            rows[int(row)].append(value)
        columns.append(rows)
        batch = len(rows) if batch is None else batch
    for tensor in dense:
        tensor = np.asarray(to_host(tensor))
        if tensor.ndim != 2:
            raise errors.InvalidArgumentError(None, None, f"Dense inputs should be a matrix but received shape "
                                              f"{list(tensor.shape)}")
        columns.append([list(row) for row in tensor])
        batch = tensor.shape[0] if batch is None else batch
    if any(len(c) != batch for c in columns):
        raise errors.InvalidArgumentError(None, None, "Expected batch size to be the same for all inputs, got "
                                          f"{[len(c) for c in columns]}")
    return columns, batch or 0


def _as_text(value):
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    return str(int(value)).encode("utf-8")


def _feature_hash(value):
    return fingerprint64(value) if isinstance(value, (bytes, str)) else int(value) & ((1 << 64) - 1)


def _crossed(columns, batch, combine):
    out_indices, out_values, widest = [], [], 0
    for row in range(batch):
        crosses = [combine(features) for features in itertools.product(*(c[row] for c in columns))]
        out_indices += [[row, k] for k in range(len(crosses))]
        out_values += crosses
        widest = max(widest, len(crosses))
    indices = np.asarray(out_indices, np.int64).reshape(-1, 2)
    return indices, out_values, np.asarray([batch, widest], np.int64)


def _cross_infer(inputs, attrs):
    out = attrs.get("out_type", dtypes.string)
    return [(dtypes.int64, TensorShape([None, 2])), (out, TensorShape([None])), (dtypes.int64, TensorShape([2]))]


@register_op("SparseCrossV2", infer=_cross_infer, gpu=False, no_gradient=True)
def _sparse_cross_v2(xp, *inputs, N, sparse_types, dense_types):  # noqa: N803 - TF's attr names
    columns, batch = _columns(inputs[:-1], N)
    sep = _as_text(np.asarray(inputs[-1]).item())
    indices, values, shape = _crossed(columns, batch, lambda features: sep.join(_as_text(f) for f in features))
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return indices, out, shape


@register_op("SparseCross", infer=_cross_infer, gpu=False, no_gradient=True)
def _sparse_cross(xp, *inputs, N, hashed_output, num_buckets, hash_key, sparse_types, dense_types,  # noqa: N803
                  out_type, internal_type):
    columns, batch = _columns(inputs, N)
    if not hashed_output:
        indices, values, shape = _crossed(columns, batch, lambda fs: b"_X_".join(_as_text(f) for f in fs))
        out = np.empty(len(values), dtype=object)
        out[:] = values
        return indices, out, shape
    key = int(hash_key) & ((1 << 64) - 1)

    def combine(features):
        hashed = key
        for feature in features:
            hashed = fingerprint_cat64(hashed, _feature_hash(feature))
        return hashed % (num_buckets if num_buckets > 0 else _INT64_MAX)
    indices, values, shape = _crossed(columns, batch, combine)
    return indices, np.asarray(values, np.int64), shape


def _split_inputs(inputs, message):
    """(sparse, dense) columns, each non-string one cast to int64 as TF's wrappers do."""
    if not isinstance(inputs, (list, tuple)):
        raise TypeError("Inputs must be a list")
    if not all(isinstance(i, (SparseTensor, Tensor)) for i in inputs):
        raise TypeError(message)
    sparse = [SparseTensor(s.indices, _as_feature(s.values), s.dense_shape) if isinstance(s, SparseTensor)
              else s for s in inputs if isinstance(s, SparseTensor)]
    dense = [_as_feature(i) for i in inputs if not isinstance(i, SparseTensor)]
    return sparse, dense


def _as_feature(tensor):
    return tensor if tensor.dtype.base_dtype == dtypes.string else math_ops.cast(tensor, dtypes.int64)


def sparse_cross(inputs, name=None, separator=None):
    """The string crosses of sparse and dense int64/string columns, joined by `separator` ("_X_")
    (tf.sparse.cross)."""
    sparse, dense = _split_inputs(inputs, "All inputs must be Tensor or SparseTensor.")
    sep = convert_to_tensor("_X_" if separator is None else separator, dtypes.string, name="sep")
    out = apply_op("SparseCrossV2", [s.indices for s in sparse] + [s.values for s in sparse]
                   + [s.dense_shape for s in sparse] + dense + [sep],
                   {"N": len(sparse), "sparse_types": [s.dtype.base_dtype for s in sparse],
                    "dense_types": [d.dtype.base_dtype for d in dense]}, name=name or "SparseCrossV2").outputs
    return SparseTensor(*out)


def sparse_cross_hashed(inputs, num_buckets=0, hash_key=None, name=None):
    """The hashed crosses of sparse and dense int64/string columns, in [0, num_buckets) (or any
    non-negative int64 when 0) (tf.sparse.cross_hashed)."""
    sparse, dense = _split_inputs(inputs, "All inputs must be SparseTensors")
    internal = dtypes.string if all(t.dtype == dtypes.string for t in [s.values for s in sparse] + dense) \
        else dtypes.int64
    out = apply_op("SparseCross", [s.indices for s in sparse] + [s.values for s in sparse]
                   + [s.dense_shape for s in sparse] + dense,
                   {"N": len(sparse), "hashed_output": True, "num_buckets": int(num_buckets),
                    "hash_key": int(hash_key or _DEFAULT_HASH_KEY),
                    "sparse_types": [s.dtype.base_dtype for s in sparse],
                    "dense_types": [d.dtype.base_dtype for d in dense], "out_type": dtypes.int64,
                    "internal_type": internal}, name=name or "SparseCross").outputs
    return SparseTensor(*out)


__all__ = []  # exported through tfsess/sparse.py
