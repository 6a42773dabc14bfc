"""SparseTensors through the batching queues of tf.train.batch and its kin, as TF carries them.

A SparseTensor cannot sit in a queue: each one is stored in the session's SparseTensorsMap and its
int64 handle is enqueued instead (one handle per element, or one per row with `enqueue_many`); after
the dequeue the batch of handles is taken back out as one SparseTensor with a leading batch dimension
(ops/sparse_tensors_map.py). The dense outputs of such a batch wait for the sparse ones, so a fetch of
either runs the take.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import Dimension
from tfsess.ops import array_ops, constant_op, control_flow_ops, gather_ops, sparse_ops, sparse_tensors_map
from tfsess.ops.cond_ops import smart_cond


class SparseInfo:
    """What restoring one batched component needs: whether it was sparse, the op that stored it, its rank."""

    def __init__(self, sparse, map_op=None, rank=None):
        self.sparse, self.map_op = sparse, map_op
        self.rank = Dimension(rank) if not isinstance(rank, Dimension) else rank

    def __eq__(self, other):
        if not isinstance(other, SparseInfo) or self.sparse != other.sparse:
            return False
        return not self.sparse or (self.map_op.name == other.map_op.name
                                   and self.rank.is_compatible_with(other.rank))

    def __str__(self):
        return f"{type(self).__name__}(sparse={self.sparse}, map_op={getattr(self.map_op, 'name', None)}, " \
               f"rank={self.rank.value})"

    __repr__ = __str__

    def merge_with(self, other):
        if self != other:
            raise ValueError(f"SparseMetaData objects are incompatible: {self} vs. {other}")
        if self.sparse:
            self.rank = self.rank.merge_with(other.rank)
        return self


def _store_one(t, shared_map_op, enqueue_many, keep_input):
    """(the handle tensor of SparseTensor `t`, the op that stores it)."""
    name = shared_map_op.name if shared_map_op is not None else None
    stored_by = []

    def store(sparse, many):
        handle = (sparse_tensors_map.add_many_sparse_to_tensors_map(sparse, shared_name=name) if many
                  else sparse_tensors_map.add_sparse_to_tensors_map(sparse, shared_name=name))
        stored_by.append(handle.op)
        return handle
    if keep_input.shape.ndims == 1:  # keep the values of the rows kept, store every row
        kept = sparse_ops.sparse_retain(t, gather_ops.gather(keep_input, t.indices[:, 0]))
        handle = store(kept, True)
    elif enqueue_many:
        handle = smart_cond(keep_input, lambda: store(t, True),
                             lambda: -1 * array_ops.ones(array_ops.shape(t)[0:1], dtypes.int64))
        handle.set_shape([None])
    else:
        handle = smart_cond(keep_input, lambda: store(t, False), lambda: constant_op.constant(-1, dtypes.int64))
    return handle, (stored_by[0] if stored_by else handle.op)


def store_sparse_tensors(tensor_list, enqueue_many, keep_input, shared_map_ops=None):
    """(the list with each SparseTensor replaced by its handles, expanded to a trailing dimension of 1,
    [SparseInfo] of the list)."""
    shared_map_ops = shared_map_ops or [None] * len(tensor_list)
    stored, infos = [], []
    for t, shared_map_op in zip(tensor_list, shared_map_ops):
        if not isinstance(t, SparseTensor):
            stored.append(t)
            infos.append(SparseInfo(False))
            continue
        handle, storing_op = _store_one(t, shared_map_op, enqueue_many, keep_input)
        rank = Dimension(t.dense_shape.shape.with_rank(1).as_list()[0])
        stored.append(array_ops.expand_dims(handle, [-1]))
        infos.append(SparseInfo(True, shared_map_op or storing_op, rank - 1 if enqueue_many else rank))
    return stored, infos


def store_sparse_tensors_join(tensor_list_list, enqueue_many, keep_input):
    """store_sparse_tensors over each list of a *_join call, all storing into the first list's maps."""
    first, infos = store_sparse_tensors(tensor_list_list[0], enqueue_many, keep_input)
    stored_list_list = [first]
    for tensor_list in tensor_list_list[1:]:
        stored, candidates = store_sparse_tensors(tensor_list, enqueue_many, keep_input,
                                                  [info.map_op for info in infos])
        if infos != candidates:
            raise ValueError(f"Inconsistent SparseTensors list: {tensor_list_list[0]} vs. {tensor_list}")
        infos = [info.merge_with(candidate) for info, candidate in zip(infos, candidates)]
        stored_list_list.append(stored)
    return stored_list_list, infos


def restore_sparse_tensors(dequeued, infos):
    """The dequeued batch with each stored component taken back out as a SparseTensor."""
    sequence = isinstance(dequeued, (list, tuple))
    items = list(dequeued) if sequence else [dequeued]
    restored = [sparse_tensors_map.take_many_sparse_from_tensors_map(info.map_op, array_ops.squeeze(s, [1]),
                                                                     rank=(info.rank + 1).value)
                if info.sparse else s for s, info in zip(items, infos)]
    if not any(isinstance(x, SparseTensor) for x in restored):
        return dequeued
    values = [x.values if isinstance(x, SparseTensor) else x for x in restored]

    def waiting(x):
        return control_flow_ops.with_dependencies(values, x)
    together = [SparseTensor(waiting(x.indices), waiting(x.values), waiting(x.dense_shape))
                if isinstance(x, SparseTensor) else waiting(x) for x in restored]
    return together if sequence else restored[0]
