"""SparseTensors as strings: serialize_sparse, serialize_many_sparse and deserialize_many_sparse.

Each component (indices, values, dense_shape) is a serialized TensorProto, as TF's kernels write
them (the bytes of tf.io.serialize_tensor); a minibatch row splits off the first dimension.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor, convert_to_sparse_tensor
from tfsess.framework.tensor_proto import make_ndarray, make_tensor_proto
from tfsess.framework.tensor_shape import TensorShape
from tfsess.lib.xp import to_host
from tfsess.ops import sparse_ops


def _serialized(array):
    return make_tensor_proto(np.asarray(array), content=True).SerializeToString()


def _parsed(data):
    from tfsess.protos import tensor_pb2  # optional dependency: protobuf
    proto = tensor_pb2.TensorProto()
    try:
        proto.ParseFromString(data if isinstance(data, bytes) else str(data).encode("utf-8"))
        return dtypes.as_dtype(proto.dtype), make_ndarray(proto)
    except Exception:  # protobuf's DecodeError, or values that do not fill the shape
        raise errors.InvalidArgumentError(None, None, "Could not parse serialized proto") from None


def _check_out_type(out_type):
    if dtypes.as_dtype(out_type) != dtypes.string:
        raise TypeError(f"tfsess serializes sparse tensors as strings only, not {dtypes.as_dtype(out_type).name}")


def sparse_components(indices, values, shape):
    """(indices, values, dense_shape) on the host, checked as a SparseTensor's (TF's messages), int64 index parts."""
    indices, values, shape = (np.asarray(to_host(t)) for t in (indices, values, shape))
    sparse_ops.check_components(indices, values, shape)
    return indices.astype(np.int64), values, shape.astype(np.int64)


@register_op("SerializeSparse", gpu=False, no_gradient=True,
             infer=lambda inputs, attrs: [(attrs.get("out_type", dtypes.string), TensorShape([3]))])
def _serialize_sparse(xp, sparse_indices, sparse_values, sparse_shape, *, out_type=dtypes.string):
    parts = [_serialized(c) for c in sparse_components(sparse_indices, sparse_values, sparse_shape)]
    out = np.empty(3, dtype=object)
    out[:] = parts
    return out


@register_op("SerializeManySparse", gpu=False, no_gradient=True,
             infer=lambda inputs, attrs: [(attrs.get("out_type", dtypes.string), TensorShape([None, 3]))])
def _serialize_many_sparse(xp, sparse_indices, sparse_values, sparse_shape, *, out_type=dtypes.string):
    indices, values, shape = sparse_components(sparse_indices, sparse_values, sparse_shape)
    if shape.size < 2:
        raise errors.InvalidArgumentError(None, None, f"Rank of input SparseTensor should be > 1, but saw rank: "
                                          f"{shape.size}")
    out = np.empty((int(shape[0]), 3), dtype=object)
    for row in range(int(shape[0])):
        keep = indices[:, 0] == row
        out[row] = [_serialized(indices[keep][:, 1:]), _serialized(values[keep]), _serialized(shape[1:])]
    return out


def _deserialize_infer(inputs, attrs):
    return [(dtypes.int64, TensorShape([None, None])), (attrs["dtype"], TensorShape([None])),
            (dtypes.int64, TensorShape([None]))]


@register_op("DeserializeManySparse", infer=_deserialize_infer, gpu=False, no_gradient=True)
def _deserialize_many_sparse(xp, serialized_sparse, *, dtype):
    rows = np.asarray(serialized_sparse, dtype=object)
    if rows.ndim != 2 or rows.shape[1] != 3:
        raise errors.InvalidArgumentError(None, None, f"Serialized sparse should be a matrix with 3 columns, got "
                                          f"shape {list(rows.shape)}")
    parts = []
    for idx_bytes, val_bytes, shape_bytes in rows:
        _, indices = _parsed(idx_bytes)
        value_type, values = _parsed(val_bytes)
        _, shape = _parsed(shape_bytes)
        parts.append((indices.reshape(-1, shape.size) if indices.size == 0 else indices, values, shape, value_type))
    return stack_rows(parts, dtype)


def stack_rows(parts, dtype):
    """(indices, values, dense_shape) of SparseTensors `parts` ((indices, values, dense_shape, values' DType)
    each) stacked on a new first dimension, each other dimension the largest of theirs; TF's checks of the
    values' type and the ranks, with its messages."""
    all_indices, all_values, shapes = [], [], []
    for i, (indices, values, shape, value_type) in enumerate(parts):
        if value_type != dtype:
            raise errors.InvalidArgumentError(None, None, f"Requested SparseTensor of type {_c_name(dtype)} but "
                                              f"SparseTensor[{i}].values.dtype() == {_c_name(value_type)}")
        indices, values, shape = sparse_components(indices, values, shape)
        if shapes and shape.size != shapes[0].size:
            raise errors.InvalidArgumentError(None, None, f"Inconsistent rank across SparseTensors: rank prior to "
                                              f"SparseTensor[{i}] was: {shapes[0].size + 1} but rank of "
                                              f"SparseTensor[{i}] is: {shape.size + 1}")
        all_indices.append(np.concatenate([np.full((len(indices), 1), i, np.int64), indices], axis=1))
        all_values.append(values)
        shapes.append(shape)
    if not shapes:
        return np.zeros((0, 1), np.int64), np.zeros(0, dtype.as_numpy_dtype), np.zeros(1, np.int64)
    out_shape = np.concatenate([[len(shapes)], np.max(np.stack(shapes), axis=0)]).astype(np.int64)
    return np.concatenate(all_indices), np.concatenate(all_values).astype(dtype.as_numpy_dtype), out_shape


def _c_name(dtype):
    return {"float32": "float", "float64": "double", "string": "string"}.get(dtype.name, dtype.name)


def serialize_sparse(sp_input, name=None, out_type=dtypes.string):
    """A [3] string tensor: the serialized indices, values and dense shape of `sp_input` (tf.io.serialize_sparse)."""
    _check_out_type(out_type)
    sp_input = convert_to_sparse_tensor(sp_input)
    return apply_op("SerializeSparse", [sp_input.indices, sp_input.values, sp_input.dense_shape],
                    {"out_type": dtypes.string}, name=name or "SerializeSparse").outputs[0]


def serialize_many_sparse(sp_input, name=None, out_type=dtypes.string):
    """An [N, 3] string tensor: each row of `sp_input`'s first dimension serialized as a SparseTensor
    (tf.io.serialize_many_sparse)."""
    _check_out_type(out_type)
    sp_input = convert_to_sparse_tensor(sp_input)
    return apply_op("SerializeManySparse", [sp_input.indices, sp_input.values, sp_input.dense_shape],
                    {"out_type": dtypes.string}, name=name or "SerializeManySparse").outputs[0]


def deserialize_many_sparse(serialized_sparse, dtype, rank=None, name=None):
    """One SparseTensor of the serialized rows stacked on a new first dimension; each other dimension
    is the largest of the rows' (tf.io.deserialize_many_sparse)."""
    serialized_sparse = convert_to_tensor(serialized_sparse, dtypes.string)
    indices, values, shape = apply_op("DeserializeManySparse", [serialized_sparse], {"dtype": dtypes.as_dtype(dtype)},
                                      name=name or "DeserializeManySparse").outputs
    result = SparseTensor(indices, values, shape)
    if rank is not None:
        result.set_shape([None] * int(rank))
    return result


__all__ = ["deserialize_many_sparse", "serialize_many_sparse", "serialize_sparse"]
