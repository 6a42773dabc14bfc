"""Splitting and merging by index: DynamicPartition, DynamicStitch, ParallelDynamicStitch.

`dynamic_partition` sends each slice of `data` to the output its `partitions` entry names;
`dynamic_stitch` interleaves slices back into one tensor by index. Each is the other's gradient.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, constant_value, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import array_ops, gather_ops, reduction_ops, sequence_ops
from tfsess.ops._infer import apply_gen, check_dtype, fmt_shape, host


# ------------------------------------------------------------------ dynamic_partition
def _partition_infer(inputs, attrs):
    data, partitions = inputs
    check_dtype(partitions, (dtypes.int32,), "partitions")
    n = attrs["num_partitions"]
    if n < 1:
        raise ValueError(f"num_partitions must be at least 1 for 'DynamicPartition', got {n}.")
    p_rank, d_shape = partitions.shape.ndims, data.shape
    if p_rank is None or d_shape.ndims is None:
        return [(data.dtype.base_dtype, unknown_shape())] * n
    if not d_shape[:p_rank].is_compatible_with(partitions.shape) or d_shape.ndims < p_rank:
        raise ValueError(f"Dimensions must be equal for 'DynamicPartition': data's shape {fmt_shape(d_shape)} must "
                         f"start with partitions' shape {fmt_shape(partitions.shape)}.")
    out = TensorShape([None] + list(d_shape.as_tuple_or_none()[p_rank:]))
    return [(data.dtype.base_dtype, out)] * n


@register_op("DynamicPartition", infer=_partition_infer)
def _dynamic_partition(xp, data, partitions, *, num_partitions):
    where = host(partitions)
    bad = (where < 0) | (where >= num_partitions)
    if np.any(bad):
        pos = np.argwhere(bad)[0]
        raise errors.InvalidArgumentError(None, None, f"partitions[{','.join(map(str, pos))}] = "
                                                      f"{int(where[tuple(pos)])} is not in [0, {num_partitions})")
    flat = data.reshape((where.size,) + data.shape[where.ndim:])
    flat_where = where.reshape(-1)
    return tuple(flat[np.flatnonzero(flat_where == k)] for k in range(num_partitions))


@_dynamic_partition.gradient
def _dynamic_partition_grad(op, *grads):
    data, partitions = op.inputs
    prefix = array_ops.shape(partitions)
    original = array_ops.reshape(sequence_ops.range_(reduction_ops.reduce_prod(prefix)), prefix)
    split = dynamic_partition(original, partitions, op.get_attr("num_partitions"))
    stitched = dynamic_stitch(split, list(grads))
    return [array_ops.reshape(stitched, array_ops.shape(data)), None]


def dynamic_partition(data, partitions, num_partitions, name=None):
    """Partitions `data` into `num_partitions` tensors using indices from `partitions` (tf.dynamic_partition).

    Raises:
        ValueError: `partitions`' shape is not a prefix of `data`'s, or num_partitions < 1.
        errors.InvalidArgumentError (at run time): a partition index outside [0, num_partitions).
    """
    op = apply_gen("DynamicPartition", [("data", data, None), ("partitions", partitions, dtypes.int32)],
                   {"num_partitions": int(num_partitions)}, name=name, outputs=True)
    return list(op.outputs)


# ------------------------------------------------------------------ dynamic_stitch
def _stitch_infer(inputs, attrs):
    n = len(inputs) // 2
    indices, data = inputs[:n], inputs[n:]
    dtype = data[0].dtype.base_dtype
    for i, d in zip(indices, data):
        check_dtype(i, (dtypes.int32,), "indices")
        if d.dtype.base_dtype != dtype:
            raise TypeError(f"All data of 'DynamicStitch' must have one dtype: {dtype.name} and "
                            f"{d.dtype.base_dtype.name}.")
    tail = None
    for i, d in zip(indices, data):
        if i.shape.ndims is None or d.shape.ndims is None:
            continue
        if not d.shape[:i.shape.ndims].is_compatible_with(i.shape):
            raise ValueError(f"Dimensions must be equal for 'DynamicStitch' with input shapes: "
                             f"{fmt_shape(i.shape)}, {fmt_shape(d.shape)}: data must start with indices' shape.")
        rest = d.shape[i.shape.ndims:]
        if tail is not None and not tail.is_compatible_with(rest):
            raise ValueError(f"Dimensions must be equal for 'DynamicStitch': slices {fmt_shape(tail)} and "
                             f"{fmt_shape(rest)} differ.")
        tail = rest if tail is None else tail.merge_with(rest)
    if tail is None:
        return [(dtype, unknown_shape())]
    values = [constant_value(i) for i in indices]
    first = None if any(v is None for v in values) else max((int(np.max(v)) + 1 for v in values if np.size(v)),
                                                              default=0)
    return [(dtype, TensorShape([first]).concatenate(tail))]


def _stitch(xp, *inputs):
    n = len(inputs) // 2
    indices = [host(i) for i in inputs[:n]]
    data = inputs[n:]
    for k, idx in enumerate(indices):
        if np.any(idx < 0):
            raise errors.InvalidArgumentError(None, None, f"indices[{k}] holds a negative index {int(idx.min())}.")
    size = max((int(idx.max()) + 1 for idx in indices if idx.size), default=0)
    tail = data[0].shape[indices[0].ndim:]
    out = xp.zeros((size,) + tail, dtype=data[0].dtype)
    for idx, d in zip(indices, data):  # later inputs win where indices repeat, as TF documents
        if d.shape[:idx.ndim] != idx.shape:
            raise errors.InvalidArgumentError(None, None, f"data.shape = {list(d.shape)} does not start with "
                                                          f"indices.shape = {list(idx.shape)}")
        out[idx.reshape(-1)] = d.reshape((idx.size,) + tail)
    return out


def _stitch_grad(op, grad):
    n = len(op.inputs) // 2
    return [None] * n + [gather_ops.gather(grad, i) for i in op.inputs[:n]]


register_op("DynamicStitch", infer=_stitch_infer)(_stitch).gradient(_stitch_grad)
register_op("ParallelDynamicStitch", infer=_stitch_infer)(_stitch).gradient(_stitch_grad)


def _stitch_op(op_type, indices, data, name):
    with op_scope(name, op_type, list(indices) + list(data)) as scope:
        indices = [_int32_indices(i, op_type) for i in indices]
        data = [convert_to_tensor(d, name="data") for d in data]
        if len(indices) != len(data) or not indices:
            raise ValueError(f"{op_type} needs as many data tensors as index tensors (and at least one), "
                             f"got {len(indices)} and {len(data)}.")
        return apply_op(op_type, indices + data, {"N": len(indices)}, name=scope).outputs[0]


def _int32_indices(value, op_type):
    tensor = convert_to_tensor(value, dtype=dtypes.int32 if not hasattr(value, "dtype") else None, name="indices")
    if tensor.dtype.base_dtype != dtypes.int32:
        raise TypeError(f"Input 'indices' of '{op_type}' Op has type {tensor.dtype.base_dtype.name} that does not "
                        "match expected type of int32.")
    return tensor


def dynamic_stitch(indices, data, name=None):
    """Interleaves the values of the `data` tensors into one tensor by `indices` (tf.dynamic_stitch)."""
    return _stitch_op("DynamicStitch", indices, data, name)


def parallel_dynamic_stitch(indices, data, name=None):
    """dynamic_stitch whose result is undefined where indices repeat (tf.parallel_dynamic_stitch)."""
    return _stitch_op("ParallelDynamicStitch", indices, data, name)


__all__ = ["dynamic_partition", "dynamic_stitch", "parallel_dynamic_stitch"]
