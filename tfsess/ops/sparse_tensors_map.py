"""SparseTensors kept in a session under integer handles: AddSparseToTensorsMap, AddManySparseToTensorsMap and
TakeManySparseFromTensorsMap. This is how tf.train.batch and its kin carry a SparseTensor through a queue:
the handle is enqueued, and a dequeued batch of handles is taken back out as one SparseTensor, one row per
handle. A map is a session resource named by the storing op's `shared_name` (else the op's name); taking a
handle removes its SparseTensor."""
from __future__ import annotations

import itertools
import threading

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor
from tfsess.framework.operation import Operation
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor, convert_to_sparse_tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.lib.xp import to_host
from tfsess.ops.sparse_serialization_ops import sparse_components, stack_rows

STORING_OPS = ("AddSparseToTensorsMap", "AddManySparseToTensorsMap")


class SparseTensorsMap:
    """One map's SparseTensors (indices, values, dense_shape, values' DType) by handle."""

    def __init__(self, name):
        self.name = name
        self._lock = threading.Lock()
        self._handles = itertools.count(1)
        self._items = {}

    def add(self, parts) -> int:
        with self._lock:
            handle = next(self._handles)
            self._items[handle] = parts
            return handle

    def take(self, handles):
        with self._lock:
            missing = [int(h) for h in handles if int(h) not in self._items]
            if missing:
                raise errors.InvalidArgumentError(None, None, f"Unable to find SparseTensor: {missing[0]} in map: "
                                                  f"{self.name}")
            return [self._items.pop(int(h)) for h in handles]


def _map(ctx, container, shared_name):
    name = shared_name or ctx.op.name
    return ctx.resources.get_or_create(("sparse_tensors_map", container, name), lambda: SparseTensorsMap(name))


def _parts(indices, values, shape, dtype):
    return (*sparse_components(indices, values, shape), dtype)


@register_op("AddSparseToTensorsMap", infer=lambda inputs, attrs: [(dtypes.int64, TensorShape([]))], stateful=True,
             needs_ctx=True, no_gradient=True, gpu=False)
def _add_sparse(xp, sparse_indices, sparse_values, sparse_shape, *, ctx, T=None, container="", shared_name=""):
    parts = _parts(sparse_indices, sparse_values, sparse_shape, ctx.op.inputs[1].dtype)
    return np.int64(_map(ctx, container, shared_name).add(parts))


@register_op("AddManySparseToTensorsMap", infer=lambda inputs, attrs: [(dtypes.int64, TensorShape([None]))],
             stateful=True, needs_ctx=True, no_gradient=True, gpu=False)
def _add_many_sparse(xp, sparse_indices, sparse_values, sparse_shape, *, ctx, T=None, container="", shared_name=""):
    indices, values, shape, dtype = _parts(sparse_indices, sparse_values, sparse_shape, ctx.op.inputs[1].dtype)
    if shape.size < 2:
        raise errors.InvalidArgumentError(None, None, f"Rank of input SparseTensor should be > 1, but saw rank: "
                                          f"{shape.size}")
    rows = indices[:, 0]
    if rows.size and (rows.min() < 0 or rows.max() >= shape[0]):
        raise errors.InvalidArgumentError(None, None, f"Index out of bounds of the minibatch dimension "
                                          f"{int(shape[0])}: {int(rows.min() if rows.min() < 0 else rows.max())}")
    sparse_map = _map(ctx, container, shared_name)
    return np.array([sparse_map.add((indices[rows == row][:, 1:], values[rows == row], shape[1:], dtype))
                     for row in range(int(shape[0]))], np.int64)


def _take_infer(inputs, attrs):
    return [(dtypes.int64, TensorShape([None, None])), (attrs["dtype"], TensorShape([None])),
            (dtypes.int64, TensorShape([None]))]


@register_op("TakeManySparseFromTensorsMap", infer=_take_infer, stateful=True, needs_ctx=True, no_gradient=True,
             gpu=False)
def _take_many_sparse(xp, sparse_handles, *, ctx, dtype, container="", shared_name=""):
    handles = np.asarray(to_host(sparse_handles))
    if handles.ndim != 1:
        raise errors.InvalidArgumentError(None, None, f"sparse_handles should be a vector but received shape "
                                          f"{list(handles.shape)}")
    return stack_rows(_map(ctx, container, shared_name).take(handles), dtypes.as_dtype(dtype))


def _text(attr):
    return attr.decode("utf-8") if isinstance(attr, bytes) else attr


def add_sparse_to_tensors_map(sp_input, container=None, shared_name=None, name=None):
    """A scalar int64 handle under which the session keeps `sp_input` (TF's _add_sparse_to_tensors_map)."""
    sp_input = convert_to_sparse_tensor(sp_input)
    return apply_op("AddSparseToTensorsMap", [sp_input.indices, sp_input.values, sp_input.dense_shape],
                    {"T": sp_input.values.dtype, "container": container or "", "shared_name": shared_name or ""},
                    name=name or "AddSparseToTensorsMap").outputs[0]


def add_many_sparse_to_tensors_map(sp_input, container=None, shared_name=None, name=None):
    """A vector of int64 handles, one per row of `sp_input`'s first (minibatch) dimension, each keeping that row
    as a SparseTensor of one rank less (TF's _add_many_sparse_to_tensors_map)."""
    sp_input = convert_to_sparse_tensor(sp_input)
    return apply_op("AddManySparseToTensorsMap", [sp_input.indices, sp_input.values, sp_input.dense_shape],
                    {"T": sp_input.values.dtype, "container": container or "", "shared_name": shared_name or ""},
                    name=name or "AddManySparseToTensorsMap").outputs[0]


def take_many_sparse_from_tensors_map(sparse_map_op, sparse_handles, rank=None, name=None):
    """The SparseTensors kept under `sparse_handles` (a vector) by `sparse_map_op`, stacked on a new first
    dimension, each other dimension the largest of theirs (TF's _take_many_sparse_from_tensors_map)."""
    if not isinstance(sparse_map_op, Operation):
        raise TypeError("sparse_map_op be an Operation")
    if sparse_map_op.type not in STORING_OPS:
        raise TypeError("sparse_map_op must be one of AddSparseToTensorsMap or AddSparseToTensorsMap. Instead, "
                        f"found `{sparse_map_op.type}`.")
    attrs = {"dtype": sparse_map_op.get_attr("T"), "container": _text(sparse_map_op.get_attr("container")),
             "shared_name": _text(sparse_map_op.get_attr("shared_name")) or sparse_map_op.name}
    handles = convert_to_tensor(sparse_handles, dtypes.int64)
    with sparse_map_op.graph.colocate_with(sparse_map_op):
        indices, values, shape = apply_op("TakeManySparseFromTensorsMap", [handles], attrs,
                                          name=name or "TakeManySparseFromTensorsMap").outputs
    indices.set_shape([None, rank])
    shape.set_shape([rank])
    return SparseTensor(indices, values, shape)


__all__ = ["add_many_sparse_to_tensors_map", "add_sparse_to_tensors_map", "take_many_sparse_from_tensors_map"]
