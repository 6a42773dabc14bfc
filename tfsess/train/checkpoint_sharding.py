"""Checkpoint sharding: tf.train.experimental's ShardingCallback, ShardByTaskPolicy, MaxShardSizePolicy.

A callback receives the tensors a checkpoint saves as `ShardableTensor`s and returns shards, each a
dict ``{checkpoint key: {slice spec: tensor}}``. Each shard is written by its own SaveV2 to a
temporary prefix and MergeV2Checkpoints makes them one checkpoint whose data file k holds shard k,
as TF's MultiDeviceSaver does. MaxShardSizePolicy cuts tensors into slices along the axis that
fills the current shard best, so one tensor may span several shards (its index entry lists the
slices); TF's readers and tfsess's put them back together.
"""
from __future__ import annotations

import abc
import dataclasses
import math
from typing import Any

from tfsess.framework import dtypes
from tfsess.framework.default_session import get_default_session
from tfsess.framework.device_spec import DeviceSpecV2
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import constant_op, indexing_ops
from tfsess.train import saver as saver_lib
from tfsess.train.saver_slices import SliceKey

OBJECT_GRAPH_PROTO_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH"


@dataclasses.dataclass(frozen=True)
class ShardableTensor:
    """One tensor a checkpoint saves, as a sharding callback sees it (tf.train.experimental.ShardableTensor)."""

    _tensor_save_spec: Any
    tensor: Any
    dtype: Any
    device: Any
    name: str
    shape: Any
    slice_spec: str
    checkpoint_key: str
    trackable: Any

    def __hash__(self) -> int:
        return hash((self.name, self.dtype, str(self.device), self.checkpoint_key))


class ShardingCallback(abc.ABC):
    """Splits a checkpoint's tensors into shards (tf.train.experimental.ShardingCallback).

    Subclasses define `description` (a property) and `__call__(shardable_tensors)`, which returns a
    list of shards ``[{checkpoint key: {slice spec: tensor}}]``.
    """

    @property
    @abc.abstractmethod
    def description(self) -> str:
        """A text description of the sharding policy."""

    @abc.abstractmethod
    def __call__(self, shardable_tensors):
        """The shards for `shardable_tensors`."""

    def __hash__(self) -> int:
        value = hash(self.description)
        for name, attr in vars(self).items():
            if not callable(attr):
                value ^= hash(name)
                try:
                    value ^= hash(attr)
                except TypeError:
                    pass
        return value


class ShardByTaskPolicy(ShardingCallback):
    """One shard per device task (tf.train.experimental.ShardByTaskPolicy): the default layout."""

    @property
    def description(self) -> str:
        return "Split tensors into shards based on their device spec task."

    def __call__(self, shardable_tensors):
        shard = {}
        for item in shardable_tensors:
            shard.setdefault(item.checkpoint_key, {})[item.slice_spec] = item.tensor
        return [shard]


def slice_spec_string(full_shape, offset, shape) -> str:
    """TF's SaveSliceInfo spec: the full shape, then `offset,length` per axis joined by ':'."""
    full = " ".join("%d" % d for d in full_shape)
    return (full + " " + ":".join("%d,%d" % (o, n) for o, n in zip(offset, shape))).strip()


def _parse_spec(spec):
    """(full shape, offset, slice shape) of a SaveSliceInfo spec (every axis written as offset,length)."""
    parts = spec.split()
    full = [int(d) for d in parts[:-1]]
    extents = [tuple(int(n) for n in axis.split(",")) for axis in parts[-1].split(":")]
    return full, [o for o, _ in extents], [n for _, n in extents]


class MaxShardSizePolicy(ShardingCallback):
    """Shards of at most `max_shard_size` bytes (tf.train.experimental.MaxShardSizePolicy).

    A shard may be larger when it holds a scalar or string that cannot be cut, or the object
    graph, whose size is unknown while the save op is built.
    """

    def __init__(self, max_shard_size: int):
        self.max_shard_size = max_shard_size

    @property
    def description(self) -> str:
        return "Split tensors into shards with a max shard size."

    def __call__(self, shardable_tensors):
        return _MaxShardSizePartitioner(self.max_shard_size).shards(shardable_tensors)


class _MaxShardSizePartitioner:
    """TF's greedy partitioner: fill the current shard, cutting each tensor along its best axis."""

    def __init__(self, max_shard_size):
        self.max = max_shard_size
        self.by_shard = [{}]
        self.oversized = []
        self.remaining = max_shard_size

    def shards(self, shardable_tensors):
        for item in shardable_tensors:
            self._add_tensor(item)
        return (self.by_shard if self.by_shard[0] else []) + self.oversized

    def _place(self, key, spec, tensor):
        self.by_shard[-1].setdefault(key, {})[spec] = tensor

    def _new_shard(self):
        self.by_shard.append({})
        self.remaining = self.max

    def _add_tensor(self, item):
        key, root = item.checkpoint_key, item.tensor
        if item.slice_spec:  # already a slice of a larger tensor: specs stay relative to the whole
            self.full_shape, self.root_offset, root_shape = _parse_spec(item.slice_spec)
        else:
            root_shape = item.shape.as_list()
            self.full_shape, self.root_offset = root_shape, [0] * len(root_shape)
        dtype = dtypes.as_dtype(item.dtype).base_dtype
        self.dtype_size = 0 if dtype in (dtypes.string, dtypes.variant) else dtype.size
        total = math.prod(root_shape) * self.dtype_size
        if key == OBJECT_GRAPH_PROTO_KEY or dtype == dtypes.variant:
            total = 0  # fed when the save runs: its size is unknown while the op is built
        elif dtype == dtypes.string:
            root, total = self._string_sizes(root, root_shape)
        if not root_shape:
            self._add_scalar(key, item.slice_spec, root, total)
            return
        self.key, self.root, self.root_shape, self.device = key, root, root_shape, item.device
        self.offset, self.shape = list(self.root_offset), list(root_shape)
        size, fresh = total, False
        while size > self.remaining:
            axis, part = self._next_partition()
            if part == 0:
                if fresh:  # not even one slice fits an empty shard (TF loops forever here)
                    axis, part = 0, 1
                else:
                    self._new_shard()
                    fresh = True
                    continue
            self._add_partition(axis, part)
            fresh = False
            size = math.prod(self.shape) * self.dtype_size
        if math.prod(self.shape) > 0:
            self._place(key, slice_spec_string(self.full_shape, self.offset, self.shape), self._slice(self.shape))
        self.remaining -= size

    def _string_sizes(self, root, shape):
        """(the tensor, its bytes) of a string tensor: TF runs it in the default session to measure it, so
        the checkpoint saves the value it had when the save op was built."""
        session = get_default_session()
        if session is None:
            self.dtype_size = 0
            return root, 0
        if len(shape) > 1:
            raise NotImplementedError(f"MaxShardSizePolicy on the string tensor {root.name} of rank {len(shape)}: "
                                      "only scalars and vectors of strings are measured")
        value = session.run(root)
        items = [value] if not shape else list(value)
        sizes = [len(x) for x in items]
        self.dtype_size = max(sizes, default=0)
        return constant_op.constant(value, dtype=dtypes.string), sum(sizes)

    def _add_scalar(self, key, spec, tensor, size):
        if size > self.max:
            self.oversized.append({key: {spec: tensor}})
            return
        if size > self.remaining:
            self._new_shard()
        self._place(key, spec, tensor)
        self.remaining -= size

    def _next_partition(self):
        """(axis, slice length along it) of the slice that fills the rest of the current shard best."""
        count = math.prod(self.shape)

        def partitions(axis):
            per_slice = count // self.shape[axis] * self.dtype_size
            slices = self.remaining // per_slice if per_slice else math.inf
            return math.inf if slices == 0 else math.ceil(self.shape[axis] / slices)

        best_parts, best_axis = partitions(0), 0
        for axis in range(1, len(self.shape)):
            parts = partitions(axis)
            if parts < best_parts and count * self.dtype_size / parts <= self.remaining:
                best_axis, best_parts = axis, int(parts)
        return best_axis, math.ceil(self.shape[best_axis] / best_parts)

    def _slice(self, shape):
        relative = [o - r for o, r in zip(self.offset, self.root_offset)]
        with self.root.graph.device(_device_string(self.device)):
            return indexing_ops.slice_(self.root, relative, shape)

    def _add_partition(self, axis, part):
        shape = list(self.shape)
        shape[axis] = part
        size = math.prod(shape) * self.dtype_size
        piece = self._slice(shape)
        spec = slice_spec_string(self.full_shape, self.offset, shape)
        if size > self.max:
            self.oversized.append({self.key: {spec: piece}})
        else:
            self._place(self.key, spec, piece)
            self.remaining -= size
            if self.remaining == 0:
                self._new_shard()
        self.offset[axis] += part
        self.shape[axis] -= part


def _device_string(device):
    return device.to_string() if isinstance(device, DeviceSpecV2) else (device or None)


def shardable_tensors(items):
    """ShardableTensors of `items`, each (checkpoint key, tensor, trackable or None), in the order given."""
    out = []
    for key, tensor, obj in items:
        dtype = tensor.dtype.base_dtype
        out.append(ShardableTensor(_tensor_save_spec=None, tensor=tensor, dtype=dtype,
                                   device=DeviceSpecV2.from_string(tensor.device or ""), name=key,
                                   shape=TensorShape(tensor.shape), slice_spec="", checkpoint_key=key,
                                   trackable=obj))
    return out


class _SavedTensor:
    """A shard's tensor as the Saver's save-op builder takes it (anything with `saved_tensor()`)."""

    def __init__(self, tensor):
        self.tensor = tensor

    def saved_tensor(self):
        return self.tensor


def sharded_save(prefix, items, callback):
    """TF's sharded save of `items` ((key, tensor, trackable) in save order) as `callback` splits them: one
    SaveV2 per shard into `<prefix>_temp/part-...`, merged into `prefix`; returns the prefix after the merge."""
    by_task = {}
    for item in shardable_tensors(items):
        by_task.setdefault(saver_lib._cpu0(item.device.to_string()), []).append(item)
    shards = []
    for task, tensors in by_task.items():
        for shard in callback(tensors):
            refs = {}
            for key, slices in shard.items():
                for spec, tensor in slices.items():
                    if tensor is not None:
                        refs[SliceKey(key, spec.strip()) if spec.strip() else key] = _SavedTensor(tensor)
            shards.append((task, refs))
    return saver_lib._sharded_save(prefix, shards)


__all__ = ["MaxShardSizePolicy", "ShardByTaskPolicy", "ShardableTensor", "ShardingCallback"]
