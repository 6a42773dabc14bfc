"""Partitioned variables: one logical variable stored as parts split along one axis (TF1's PartitionedVariable).

`get_variable(..., partitioner=p)` asks `p(shape=..., dtype=...)` how many parts each axis gets and
makes the variables `NAME/part_0`, `NAME/part_1`, ..., each with a SaveSliceInfo saying where it
sits in the whole (a Saver writes them as slices of one checkpoint entry `NAME`). The parts are
ordinary variables in the collections; the PartitionedVariable converts to their concatenation.
"""
from __future__ import annotations

from collections.abc import Sequence

from tfsess.framework import dtypes
from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import convert_to_tensor, register_tensor_conversion_function
from tfsess.framework.operation import Tensor
from tfsess.framework.tensor_shape import as_shape
from tfsess.ops import array_ops, indexing_ops, stack_ops
from tfsess.ops.save_slice_info import SaveSliceInfo


class PartitionInfo:
    """What an initializer is told about the part it initializes: the whole shape and the part's offset
    (TF's _PartitionInfo, passed as `partition_info`)."""

    def __init__(self, full_shape, var_offset):
        if not isinstance(full_shape, (list, tuple)):
            raise TypeError(f"`full_shape` must be a sequence (like tuple or list) instead of "
                            f"{type(full_shape).__name__}")
        if not isinstance(var_offset, (list, tuple)):
            raise TypeError(f"`var_offset` must be a sequence (like tuple or list) instead of "
                            f"{type(var_offset).__name__}")
        if len(var_offset) != len(full_shape):
            raise ValueError(f"Expected equal length, but `var_offset` is of length {len(var_offset)} while "
                             f"full_shape is of length {len(full_shape)}.")
        for offset, shape in zip(var_offset, full_shape):
            if offset < 0 or offset >= shape:
                raise ValueError(f"Expected 0 <= offset < shape but found offset={offset}, shape={shape} for "
                                 f"var_offset={var_offset}, full_shape={full_shape}")
        self._full_shape, self._var_offset = full_shape, var_offset

    full_shape = property(lambda self: self._full_shape)
    var_offset = property(lambda self: self._var_offset)

    def single_offset(self, shape):
        """The offset along the one partitioned axis of a part of `shape` (0 when nothing is partitioned)."""
        dim = self.single_slice_dim(shape)
        return 0 if dim is None else self.var_offset[dim]

    def single_slice_dim(self, shape):
        """The axis a part of `shape` is cut along, or None when it is the whole variable."""
        if not isinstance(shape, (tuple, list)):
            raise TypeError(f"`shape` must be a sequence (like tuple or list) instead of {type(shape).__name__}")
        if len(shape) != len(self.full_shape):
            raise ValueError(f"Expected equal length, but received shape={shape} of length {len(shape)} while "
                             f"self.full_shape={self.full_shape} is of length {len(self.full_shape)}.")
        for i in range(len(shape)):
            if self.var_offset[i] + shape[i] > self.full_shape[i]:
                raise ValueError(f"With self.var_offset={self.var_offset}, a partition of shape={shape} would "
                                 f"exceed self.full_shape={self.full_shape} in dimension {i}.")
        slice_dim = None
        for i in range(len(shape)):
            if shape[i] == self.full_shape[i]:
                continue
            if slice_dim is not None:
                raise ValueError(f"Cannot use single_slice_dim() with shape={shape} and "
                                 f"self.full_shape={self.full_shape} since slice dim could be either dimension "
                                 f"{slice_dim} or {i}.")
            slice_dim = i
        return slice_dim


class PartitionedVariable:
    """A container of the parts of one variable, in offset order; converts to their concatenation."""

    def __init__(self, name, shape, dtype, variable_list, partitions):
        if not isinstance(variable_list, (list, tuple)):
            raise TypeError(f"variable_list is not a list or tuple: {variable_list}")
        if not isinstance(partitions, (list, tuple)):
            raise TypeError(f"partitions is not a list or tuple: {partitions}")
        if not all(p >= 1 for p in partitions):
            raise ValueError(f"partition values must be positive: {partitions}")
        if not variable_list:
            raise ValueError("variable_list may not be empty")
        for v in variable_list:
            if not all(v._get_save_slice_info() is not None for v in variable_list):
                raise ValueError(f"All variables must have a save_slice_info available: "
                                 f"{[v.name for v in variable_list]}")
            if len(shape) != len(partitions):
                raise ValueError(f"len(shape) != len(partitions): {shape} vs. {partitions}")
            if v._get_save_slice_info().full_shape != list(shape):
                raise ValueError(f"All variables' full shapes must match shape: {shape}; but full shapes were: "
                                 f"{[v._get_save_slice_info().full_shape]}")
        self._variable_list = sorted(variable_list, key=lambda v: v._get_save_slice_info().var_offset)
        self._name, self._shape, self._dtype, self._partitions = name, as_shape(shape), dtype, partitions

    def __iter__(self):
        return iter(self._variable_list)

    def __len__(self):
        axes = self._partition_axes()
        if len(axes) > 1:
            raise ValueError(f"Cannot get a length for {len(axes)} > 1 partition axes")
        return len(self._variable_list)

    def _partition_axes(self):
        if all(p == 1 for p in self._partitions):
            return [0]
        return [i for i, p in enumerate(self._partitions) if p > 1]

    def _concat(self):
        """The whole value: the parts concatenated (`NAME/ConcatPartitions/concat`) under the name NAME."""
        graph = self._variable_list[0].graph
        with graph.as_default():
            if len(self._variable_list) == 1:
                with graph.name_scope(None):
                    return array_ops.identity(self._variable_list[0], name=self._name)
            axes = self._partition_axes()
            if len(axes) > 1:
                raise NotImplementedError(f"Cannot concatenate along more than one dimension: {axes}.  Multi-axis "
                                          f"partition concat is not supported")
            with graph.name_scope(self._name + "/ConcatPartitions/"):
                concatenated = stack_ops.concat(self._variable_list, axes[0])
            with graph.name_scope(None):
                return array_ops.identity(concatenated, name=self._name)

    def as_tensor(self):
        """The whole value, built outside the caller's control dependencies (as a variable's read is)."""
        with self._variable_list[0].graph.control_dependencies(None):
            return self._concat()

    name = property(lambda self: self._name)
    dtype = property(lambda self: self._dtype)
    shape = property(lambda self: self._shape)
    graph = property(lambda self: self._variable_list[0].graph)

    def get_shape(self):
        return self._shape

    def _get_variable_list(self):
        return self._variable_list

    def _get_partitions(self):
        return self._partitions

    def _apply_assign_fn(self, assign_fn, value):
        axes = self._partition_axes()
        if len(axes) > 1:
            raise NotImplementedError(f"Cannot do assign action along more than one dimension: {axes}.  Multi-axis "
                                      f"partition assign action is not supported ")
        if isinstance(value, list):
            if len(value) != len(self._variable_list):
                raise ValueError(f"Expected {len(self._variable_list)} values, one per partition, got {len(value)}")
            values = value
        elif isinstance(value, PartitionedVariable):
            values = list(value)
        else:
            sizes = [v.shape[axes[0]].value for v in self._variable_list]
            values = stack_ops.split(convert_to_tensor(value, dtype=self._dtype), sizes, axis=axes[0])
        return [assign_fn(v, values[i]) for i, v in enumerate(self._variable_list)]

    def assign(self, value, use_locking=False, name=None, read_value=True):
        """Assigns each part its slice of `value` (a tensor of the whole shape, a list, or a PartitionedVariable)."""
        return self._assigns("assign", value, use_locking, name, read_value)

    def assign_add(self, value, use_locking=False, name=None, read_value=True):
        return self._assigns("assign_add", value, use_locking, name, read_value)

    def assign_sub(self, value, use_locking=False, name=None, read_value=True):
        return self._assigns("assign_sub", value, use_locking, name, read_value)

    def _assigns(self, method, value, use_locking, name, read_value):
        ops = self._apply_assign_fn(lambda v, x: getattr(v, method)(x, use_locking=use_locking, name=name,
                                                                    read_value=read_value), value)
        # as TF: a ref variable's assign without read_value is an Operation already, so asking for its `.op`
        # raises AttributeError there too
        return ops if read_value else [o.op for o in ops]

    def __repr__(self):
        return f"<PartitionedVariable '{self._name}' shape={self._shape} dtype={self._dtype.name} " \
               f"partitions={self._partitions}>"


def _partitioned_to_tensor(v, dtype=None, name=None, as_ref=False):
    if dtype is not None and not dtype.is_compatible_with(v.dtype):
        raise ValueError(f"Incompatible type conversion requested to type '{dtype.name}' for variable of type "
                         f"'{v.dtype.name}'")
    if as_ref:
        raise NotImplementedError("PartitionedVariable doesn't support being used as a reference.")
    return v.as_tensor()


register_tensor_conversion_function(PartitionedVariable, _partitioned_to_tensor)


# ------------------------------------------------------------------ how get_variable makes the parts
def call_partitioner(partitioner, shape, dtype):
    """`partitioner(shape=, dtype=)` checked as TF does: one entry >= 1 per axis, at most one above 1."""
    if not shape.is_fully_defined():
        raise ValueError(f"Shape of a new partitioned variable must be fully defined, but instead was {shape}.")
    if shape.ndims < 1:
        raise ValueError(f"A partitioned Variable must have rank at least 1, shape: {shape}")
    slicing = partitioner(shape=shape, dtype=dtype)
    if not isinstance(slicing, Sequence):
        raise ValueError(f"Partitioner must return a sequence, but saw: {slicing}")
    if len(slicing) != shape.ndims:
        raise ValueError(f"Partitioner returned a partition list that does not match the Variable's rank: "
                         f"{slicing} vs. {shape}")
    if any(p < 1 for p in slicing):
        raise ValueError(f"Partitioner returned zero partitions for some axes: {slicing}")
    if sum(p > 1 for p in slicing) > 1:
        raise ValueError(f"Can only slice a variable along one dimension: shape: {shape}, partitioning: {slicing}")
    return list(slicing)


def slice_dim_and_count(slicing):
    """(the partitioned axis, how many parts): (0, 1) when nothing is split."""
    for dim, count in enumerate(slicing):
        if count > 1:
            return dim, count
    return 0, 1


def iter_slices(full_shape, num_slices, slice_dim):
    """(offset, shape) of each part: the first `length % num_slices` parts get one more row."""
    excess = full_shape[slice_dim] % num_slices
    offset = [0] * len(full_shape)
    min_len = full_shape[slice_dim] // num_slices
    for i in range(num_slices):
        shape = full_shape[:]
        shape[slice_dim] = min_len + bool(i < excess)
        yield offset[:], shape
        offset[slice_dim] += shape[slice_dim]


def get_partitioned_variable(store, name, shape, dtype, initializer, reuse, partitioner, make_part):
    """The PartitionedVariable `name` of `store` (its `_vars` and `_partitioned_vars`), created or reused as
    TF's _VariableStore._get_partitioned_variable does. `make_part(part_name, init_shape, dtype, initializer,
    partition_info)` makes one part (a single variable)."""
    from_value = isinstance(initializer, Tensor)
    if name in store._vars:
        raise ValueError(f"A partitioner was provided, but an unpartitioned version of the variable was found: "
                         f"{name}.  Perhaps a variable of the same name was already created without partitioning?")
    shape = as_shape(shape)
    if from_value:
        shape = shape.merge_with(initializer.get_shape())
    partitions = call_partitioner(partitioner, shape, dtype) if (not reuse or partitioner) else None
    if name in store._partitioned_vars:
        return _existing(store._partitioned_vars[name], name, shape, dtype, reuse, partitions)
    if reuse is True:
        raise ValueError(f"PartitionedVariable {name} does not exist, or was not created with tf.get_variable(). "
                         f"Did you mean to set reuse=False or reuse=tf.AUTO_REUSE in VarScope?")
    slice_dim, num_slices = slice_dim_and_count(partitions)
    _check_existing_parts(store, name, num_slices)
    graph = get_default_graph()
    parts = []
    for i, (var_offset, var_shape) in enumerate(iter_slices(shape.as_list(), num_slices, slice_dim)):
        partition_info = PartitionInfo(full_shape=shape.as_list(), var_offset=var_offset)
        part_name = f"{name}/part_{i}"
        with graph.name_scope(part_name + "/PartitionedInitializer"):
            if callable(initializer):
                init, init_shape, part_dtype = initializer, var_shape, dtype
            else:
                value = initializer if from_value else convert_to_tensor(initializer, dtype=dtype)
                init = indexing_ops.slice_(value, var_offset, var_shape)
                init_shape, part_dtype = None, init.dtype.base_dtype
                if from_value:
                    dtype = part_dtype
        with graph.name_scope(None):
            var = make_part(part_name, init_shape, part_dtype, init, partition_info)
        var._set_save_slice_info(SaveSliceInfo(name, shape.as_list(), var_offset, var_shape))
        parts.append(var)
    partitioned = PartitionedVariable(name=name, shape=shape, dtype=dtype, variable_list=parts,
                                      partitions=partitions)
    store._partitioned_vars[name] = partitioned
    return partitioned


def _existing(found, name, shape, dtype, reuse, partitions):
    if reuse is False:
        raise ValueError(f"Partitioned variable with name {name} already exists. Did you mean to set reuse=True or "
                         f"reuse=tf.AUTO_REUSE in VarScope?")
    if not shape.is_compatible_with(found.get_shape()):
        raise ValueError(f"Trying to reuse partitioned variable {name}, but specified shape {shape} and found shape "
                         f"{found.get_shape()}.")
    if not dtypes.as_dtype(dtype).is_compatible_with(found.dtype):
        raise ValueError(f"Trying to reuse partitioned variable {name}, but specified dtype {dtype.name} and found "
                         f"dtype {found.dtype.name}.")
    if partitions is not None and found._get_partitions() != partitions:
        raise ValueError(f"Trying to reuse partitioned variable {name}, but specified partitions {partitions} and "
                         f"found partitions {found._get_partitions()}.")
    return found


def _check_existing_parts(store, name, num_slices):
    if f"{name}/part_0" not in store._vars:
        return
    if f"{name}/part_{num_slices - 1}" not in store._vars:
        raise ValueError(f"Partitioner returned a different partitioning than what was already found.  Partitioner "
                         f"returned {num_slices} shards, and shard {name}/part_0 was found, but "
                         f"{name}/part_{num_slices - 1} was not.")
    if f"{name}/part_{num_slices}" in store._vars:
        raise ValueError(f"Partitioner returned a different partitioning than what was already found.  Partitioner "
                         f"returned {num_slices} shards, and shard {name}/part_0 was found, but so was the extra "
                         f"shard {name}/part_{num_slices}.")


__all__ = ["PartitionedVariable"]
