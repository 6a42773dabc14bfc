"""Variable partitioners (tf.fixed_size_partitioner and friends): functions `(shape, dtype) -> list` giving
how many shards each axis of a variable is split into, as TF's partitioned_variables.py computes them.
"""
from __future__ import annotations

import math

from tfsess.framework import dtypes
from tfsess.framework.tensor_shape import as_shape
from tfsess.ops import variable_scope


def _bytes_per_element(dtype, bytes_per_string_element):
    dtype = dtypes.as_dtype(dtype)
    return bytes_per_string_element if dtype.base_dtype == dtypes.string else dtype.size


def variable_axis_size_partitioner(max_shard_bytes, axis=0, bytes_per_string_element=16, max_shards=None):
    """A partitioner keeping each shard under `max_shard_bytes` by splitting `axis` only
    (tf.variable_axis_size_partitioner)."""
    if max_shard_bytes < 1 or bytes_per_string_element < 1:
        raise ValueError(f"Both max_shard_bytes and bytes_per_string_element must be positive. Currently, "
                         f"max_shard_bytes is {max_shard_bytes} andbytes_per_string_element is "
                         f"{bytes_per_string_element}")
    if max_shards and max_shards < 1:
        raise ValueError("max_shards must be positive.")

    def _partitioner(shape, dtype):
        shape = as_shape(shape)
        if not shape.is_fully_defined():
            raise ValueError(f"shape {shape} is not fully defined.")
        dims = shape.as_list()
        if not 0 <= axis < len(dims):
            raise ValueError(f"axis {axis} is out of range for shape {dims}")
        slice_bytes = _bytes_per_element(dtype, bytes_per_string_element) * math.prod(dims[:axis] + dims[axis + 1:])
        slices_per_shard = max(1, math.floor(max_shard_bytes / slice_bytes))
        axis_shards = int(math.ceil(1.0 * dims[axis] / slices_per_shard))
        if max_shards:
            axis_shards = min(max_shards, axis_shards)
        partitions = [1] * len(dims)
        partitions[axis] = axis_shards
        return partitions
    return _partitioner


def min_max_variable_partitioner(max_partitions=1, axis=0, min_slice_size=256 << 10, bytes_per_string_element=16):
    """A partitioner giving each shard at least `min_slice_size` bytes, with at most `max_partitions` shards
    along `axis` (tf.min_max_variable_partitioner)."""
    if axis != 0:
        raise ValueError(f"Only axis=0 is currently supported. Received axis={axis}")

    def _partitioner(shape, dtype):
        shape = as_shape(shape)
        if not shape.is_fully_defined():
            raise ValueError(f"shape {shape} is not fully defined.")
        dims = shape.as_list()
        total_size = math.prod(dims) * _bytes_per_element(dtype, bytes_per_string_element)
        partitions = total_size / min_slice_size
        partitions_list = [1] * len(dims)
        partitions_list[axis] = max(1, min(dims[axis], max_partitions, int(math.ceil(partitions))))
        return partitions_list
    return _partitioner


def fixed_size_partitioner(num_shards, axis=0):
    """A partitioner splitting `axis` into `num_shards` shards (at most its length) (tf.fixed_size_partitioner)."""
    def _partitioner(shape, **unused_args):
        dims = as_shape(shape).as_list()
        partitions_list = [1] * len(dims)
        partitions_list[axis] = min(num_shards, dims[axis])
        return partitions_list
    return _partitioner




def create_partitioned_variables(shape, slicing, initializer, dtype=dtypes.float32, trainable=True,
                                 collections=None, name=None, reuse=None):
    """The parts of a new partitioned variable cut as `slicing` says, in a variable scope `name` (default
    "PartitionedVariable"), as a list of variables (tf.create_partitioned_variables; deprecated in TF).

    Raises:
        ValueError: `shape` and `slicing` differ in length, or `shape` has rank 0.
    """
    if len(shape) != len(slicing):
        raise ValueError(f"The 'shape' and 'slicing' of a partitioned Variable must have the length: shape: "
                         f"{shape}, slicing: {slicing}")
    if len(shape) < 1:
        raise ValueError(f"A partitioned Variable must have rank at least 1: shape: {shape}")
    with variable_scope.variable_scope(name, "PartitionedVariable", reuse=reuse):
        partitioned = variable_scope._get_partitioned_variable(
            name=None, shape=shape, dtype=dtype, initializer=initializer, trainable=trainable,
            partitioner=lambda **unused_kwargs: slicing, collections=collections)
        return list(partitioned)


__all__ = ["create_partitioned_variables", "fixed_size_partitioner", "min_max_variable_partitioner",
           "variable_axis_size_partitioner"]
