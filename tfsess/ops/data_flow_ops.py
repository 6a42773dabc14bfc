"""Queues (tf.FIFOQueue, PaddingFIFOQueue, RandomShuffleQueue, PriorityQueue) and their ops.

A queue op (`FIFOQueueV2`, ...) outputs a scalar `resource` handle: its kernel returns the
session's queue object (tfsess/runtime/queues.py), created on first use and kept in the
session's resources under the op's name or `shared_name`. The enqueue, dequeue, close and size
ops take that handle as input 0, so two sessions over one graph hold separate queues.
"""
from __future__ import annotations

import hashlib

import numpy as np

from tfsess.framework import dtypes as _dtypes
from tfsess.framework import errors
from tfsess.framework.graph import get_default_graph
from tfsess.framework.graph_api import get_seed
from tfsess.framework.op_builder import apply_op, constant_value, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op, set_op_fields
from tfsess.framework.tensor_shape import Dimension, TensorShape, as_shape, dimension_value, unknown_shape
from tfsess.lib.xp import to_host
from tfsess.ops import array_ops, gather_ops, stack_ops
from tfsess.ops._infer import no_outputs
from tfsess.runtime import queues as _queues


# ----------------------------------------------------------------- queue resource ops
def _handle_infer(inputs, attrs):
    return [(_dtypes.resource, TensorShape([]))]


def _queue_kernel(op_type):
    cls = _queues.QUEUE_CLASSES[op_type]

    def kernel(xp, *, ctx, component_types, shapes=(), capacity=-1, shared_name="", min_after_dequeue=0,
               seed=0, seed2=0, container=""):
        op = ctx.op
        types, dims = list(component_types), [tuple(s) for s in shapes]
        if cls is _queues.PriorityQueue:
            types, dims = [_dtypes.int64] + types, ([()] + dims if dims else dims)
        extra = {"min_after_dequeue": min_after_dequeue, "seed": seed, "seed2": seed2} \
            if cls is _queues.RandomShuffleQueue else {}
        if extra and capacity >= 0 and min_after_dequeue >= capacity:  # TF's kernel refuses it when it runs
            raise errors.InvalidArgumentError(None, op, f"min_after_dequeue {min_after_dequeue} must be < capacity "
                                               f"{capacity}")

        def create():
            return cls(_queues.resource_name(op.name, shared_name), types, dims, capacity, **extra)

        queue = ctx.resources.get_or_create(("queue", shared_name or op.name), create)
        if ctx.resources.closed.is_set():  # created while the session closed: never leave it waiting
            queue.cancel()
        if shared_name:
            _check_shared(queue, cls, types, dims, capacity, shared_name)
        return queue

    kernel.__name__ = "_" + op_type.lower()
    return kernel


def _check_shared(queue, cls, types, dims, capacity, shared_name):
    mine = (cls.kind, [t.name for t in types], [list(s) for s in dims] or None, capacity)
    theirs = (queue.kind, [t.name for t in queue.dtypes], [list(s) for s in queue.shapes or []] or None,
              queue.capacity if queue.capacity != _queues.INT32_MAX else -1)
    for what, have, want in zip(("type", "component types", "component shapes", "capacity"), theirs, mine):
        if have != want:
            raise errors.InvalidArgumentError(
                None, None, f"Shared queue '{shared_name}' has {what} {have} but requested {what} {want}")


for _op_type in _queues.QUEUE_CLASSES:
    register_op(_op_type, infer=_handle_infer, needs_ctx=True, stateful=True, gpu=False)(_queue_kernel(_op_type))


# ----------------------------------------------------------------- queue operation ops
def _as_queue(handle):
    if not isinstance(handle, _queues.Queue):
        raise errors.InvalidArgumentError(None, None, f"Expected a queue handle, got {type(handle).__name__}")
    return handle


def _outputs(values):
    return values[0] if len(values) == 1 else tuple(values)


def _components_infer(inputs, attrs):
    return [(t, unknown_shape()) for t in attrs["component_types"]]


def _enqueue_kernel(validate, enqueue):
    """A kernel checking the components with Queue.`validate`, then handing them to Queue.`enqueue`."""
    def kernel(xp, handle, *components, ctx, Tcomponents, timeout_ms=-1):  # noqa: N803 - TF's attr
        queue = _as_queue(handle)
        queue.check_signature(Tcomponents)
        components = [np.asarray(to_host(c)) for c in components]
        getattr(queue, validate)(components)
        getattr(queue, enqueue)(components, ctx.remaining_timeout)
        return ()
    return kernel


_ENQUEUE_OPS = {
    "QueueEnqueueV2": ("validate_tuple", "enqueue"),
    "QueueEnqueueManyV2": ("validate_many", "enqueue_many"),
}
for _op_type, (_validate, _enqueue) in _ENQUEUE_OPS.items():
    register_op(_op_type, infer=no_outputs, needs_ctx=True, stateful=True, gpu=False, may_block=True)(
        _enqueue_kernel(_validate, _enqueue))


@register_op("QueueDequeueV2", infer=_components_infer, needs_ctx=True, stateful=True, gpu=False, may_block=True)
def _queue_dequeue_v2(xp, handle, *, ctx, component_types, timeout_ms=-1):
    queue = _as_queue(handle)
    queue.check_signature(component_types)
    return _outputs(queue.dequeue(ctx.remaining_timeout))


def _dequeue_many_kernel(op_name, allow_small_batch):
    def kernel(xp, handle, n, *, ctx, component_types, timeout_ms=-1):
        n = int(n)
        if n < 0:
            raise errors.InvalidArgumentError(None, None, f"{op_name} requested {n} < 0 elements")
        queue = _as_queue(handle)
        queue.check_signature(component_types)
        return _outputs(queue.dequeue_many(n, ctx.remaining_timeout, allow_small_batch))
    return kernel


_queue_dequeue_many_v2 = register_op("QueueDequeueManyV2", infer=_components_infer, needs_ctx=True, stateful=True,
                                     gpu=False, may_block=True)(_dequeue_many_kernel("DequeueManyOp", False))
_queue_dequeue_up_to_v2 = register_op("QueueDequeueUpToV2", infer=_components_infer, needs_ctx=True,
                                      stateful=True, gpu=False, may_block=True)(_dequeue_many_kernel("DequeueUpToOp", True))


@register_op("QueueCloseV2", infer=no_outputs, stateful=True, gpu=False)
def _queue_close_v2(xp, handle, *, cancel_pending_enqueues=False):
    _as_queue(handle).close(cancel_pending_enqueues)
    return ()


@register_op("QueueSizeV2", infer=lambda inputs, attrs: [(_dtypes.int32, TensorShape([]))], stateful=True, gpu=False)
def _queue_size_v2(xp, handle):
    return np.asarray(_as_queue(handle).size(), dtype=np.int32)


@register_op("QueueIsClosedV2", infer=lambda inputs, attrs: [(_dtypes.bool, TensorShape([]))], stateful=True,
             gpu=False)
def _queue_is_closed_v2(xp, handle):
    return np.asarray(_as_queue(handle).is_closed())


for _op_type in ("QueueEnqueueV2", "QueueEnqueueManyV2", "QueueDequeueV2", "QueueDequeueManyV2",
                 "QueueDequeueUpToV2", "QueueCloseV2", "QueueSizeV2", "QueueIsClosedV2", *_queues.QUEUE_CLASSES):
    set_op_fields(_op_type, no_gradient=True)


# ----------------------------------------------------------------- argument normalisation (TF's helpers)
def _as_type_list(dtypes):
    if dtypes is None:
        raise ValueError("dtypes must be given")
    if not isinstance(dtypes, (list, tuple)):
        return [_dtypes.as_dtype(dtypes)]
    return [_dtypes.as_dtype(d) for d in dtypes]


def _as_shape_list(shapes, dtypes, unknown_dim_allowed=False, unknown_rank_allowed=False):
    """Shapes as a list of TensorShapes (None stays None); one bare shape means one component."""
    del dtypes
    if unknown_dim_allowed:
        if (not isinstance(shapes, (list, tuple)) or not shapes
                or any(shape is None or isinstance(shape, int) for shape in shapes)):
            raise ValueError("When providing partial shapes, a list of shapes must be provided.")
    if shapes is None:
        return None
    if isinstance(shapes, TensorShape):
        shapes = [shapes]
    if not isinstance(shapes, (tuple, list)):
        raise TypeError("Shapes must be a TensorShape or a list or tuple of TensorShapes, "
                        f"got {type(shapes)} instead.")
    if all(shape is None or isinstance(shape, int) for shape in shapes):
        shapes = [shapes]
    shapes = [as_shape(shape) for shape in shapes]
    if not unknown_dim_allowed and any(not shape.is_fully_defined() for shape in shapes):
        raise ValueError(f"All shapes must be fully defined: {shapes}")
    if not unknown_rank_allowed and any(shape.dims is None for shape in shapes):
        raise ValueError(f"All shapes must have a defined rank: {shapes}")
    return shapes


def _as_name_list(names, dtypes):
    if names is None:
        return None
    if not isinstance(names, (list, tuple)):
        names = [names]
    if len(names) != len(dtypes):
        raise ValueError("List of names must have the same length as the list of dtypes, received "
                         f"len(names)={len(names)},len(dtypes)={len(dtypes)}")
    return list(names)


def _shape_attr(shapes):
    return [] if shapes is None else [list(s.as_tuple_or_none()) for s in shapes]


def _create_queue(op_type, attrs, name, on_cpu=False):
    """The queue op, built outside any control-dependency block (TF's init_scope)."""
    if not attrs["component_types"]:
        raise ValueError(f"Attr 'component_types' of '{op_type}' Op passed list of length 0 less than minimum 1.")
    graph = get_default_graph()
    with graph.control_dependencies(None):
        if on_cpu:
            with graph.device("CPU"):
                return apply_op(op_type, [], attrs, name=name, graph=graph).outputs[0]
        return apply_op(op_type, [], attrs, name=name, graph=graph).outputs[0]


# ----------------------------------------------------------------- the Python queue classes
class QueueBase:
    """Base class for queues: a handle plus the enqueue/dequeue/close/size ops (tf.QueueBase)."""

    def __init__(self, dtypes, shapes, names, queue_ref):
        self._dtypes = dtypes
        if shapes is not None:
            if len(shapes) != len(dtypes):
                raise ValueError("Queue shapes must have the same length as dtypes, received "
                                 f"len(shapes)={len(shapes)}, len(dtypes)={len(dtypes)}")
            self._shapes = [TensorShape(s) for s in shapes]
        else:
            self._shapes = [unknown_shape() for _ in self._dtypes]
        if names is not None:
            if len(names) != len(dtypes):
                raise ValueError(f"Queue names must have the same length as dtypes,received "
                                 f"len(names)={len(names)},len {len(dtypes)}")
            self._names = names
        else:
            self._names = None
        self._queue_ref = queue_ref
        self._name = queue_ref.op.name.split("/")[-1]

    @staticmethod
    def from_list(index, queues):
        """A queue whose handle is `queues[index]`, chosen at run time (tf.QueueBase.from_list)."""
        if not queues or not isinstance(queues, list) or not all(isinstance(x, QueueBase) for x in queues):
            raise TypeError("A list of queues expected")
        dtypes = queues[0].dtypes
        if not all(dtypes == q.dtypes for q in queues[1:]):
            raise TypeError("Queues do not have matching component dtypes.")
        names = queues[0].names
        if not all(names == q.names for q in queues[1:]):
            raise TypeError("Queues do not have matching component names.")
        shapes = [_shape_common(*s) for s in zip(*[q.shapes for q in queues])]
        refs = stack_ops.stack([q.queue_ref for q in queues])
        return QueueBase(dtypes=dtypes, shapes=shapes, names=names, queue_ref=gather_ops.gather(refs, index))

    queue_ref = property(lambda self: self._queue_ref, doc="The underlying queue reference.")
    name = property(lambda self: self._queue_ref.op.name, doc="The name of the underlying queue.")
    dtypes = property(lambda self: self._dtypes, doc="The dtypes of the components of an element.")
    shapes = property(lambda self: self._shapes, doc="The shapes of the components of an element.")
    names = property(lambda self: self._names, doc="The component names, or None.")

    def _check_enqueue_dtypes(self, vals):
        if isinstance(vals, dict):
            if not self._names:
                raise ValueError("Queue must have names to enqueue a dictionary")
            if sorted(self._names, key=str) != sorted(vals.keys(), key=str):
                raise ValueError(f"Keys in dictionary to enqueue do not match names of Queue.  Dictionary: "
                                 f"{sorted(vals.keys())},Queue: {sorted(self._names)}")
            vals = [vals[k] for k in self._names]
        else:
            if self._names:
                raise ValueError("You must enqueue a dictionary in a Queue with names")
            if not isinstance(vals, (list, tuple)):
                vals = [vals]
        return [convert_to_tensor(val, dtype=dtype, name="component_%d" % i)
                for i, (val, dtype) in enumerate(zip(vals, self._dtypes))]

    @staticmethod
    def _scope_vals(vals):
        if isinstance(vals, (list, tuple)):
            return list(vals)
        if isinstance(vals, dict):
            return list(vals.values())
        return [vals]

    def _attrs(self, vals):
        return {"Tcomponents": [v.dtype.base_dtype for v in vals], "timeout_ms": -1}

    def enqueue(self, vals, name=None):
        """Enqueues one element; blocks while the queue is full.

        Raises:
            ValueError, TypeError: a component's static shape or dtype does not fit the queue.
        """
        with op_scope(name, f"{self._name}_enqueue", self._scope_vals(vals)) as scope:
            vals = self._check_enqueue_dtypes(vals)
            for val, shape in zip(vals, self._shapes):
                val.shape.assert_is_compatible_with(shape)
            return apply_op("QueueEnqueueV2", [self._queue_ref] + vals, self._attrs(vals), name=scope)

    def enqueue_many(self, vals, name=None):
        """Enqueues the slices of `vals` along dimension 0 as elements; blocks while full."""
        with op_scope(name, f"{self._name}_EnqueueMany", self._scope_vals(vals)) as scope:
            vals = self._check_enqueue_dtypes(vals)
            batch_dim = Dimension(dimension_value(vals[0].shape.with_rank_at_least(1)[0]))
            for val, shape in zip(vals, self._shapes):
                val_batch_dim = Dimension(dimension_value(val.shape.with_rank_at_least(1)[0]))
                batch_dim = batch_dim.merge_with(val_batch_dim)
                val.shape[1:].assert_is_compatible_with(shape)
            return apply_op("QueueEnqueueManyV2", [self._queue_ref] + vals, self._attrs(vals), name=scope)

    def _dequeue_return_value(self, tensors):
        if self._names:
            return {n: tensors[i] for i, n in enumerate(self._names)}
        if len(tensors) == 1:
            return tensors[0]
        return tensors

    def _dequeue_op(self, op_type, inputs, name):
        attrs = {"component_types": list(self._dtypes), "timeout_ms": -1}
        with op_scope(name, op_type, [self._queue_ref]) as scope:
            inputs = [convert_to_tensor(x, dtype=_dtypes.int32, name="n") for x in inputs]
            return apply_op(op_type, [self._queue_ref] + inputs, attrs, name=scope)

    def dequeue(self, name=None):
        """Dequeues one element; blocks while empty, OutOfRangeError once closed and empty."""
        op = self._dequeue_op("QueueDequeueV2", [], name or f"{self._name}_Dequeue")
        for output, shape in zip(op.outputs, self._shapes):
            output.set_shape(shape)
        return self._dequeue_return_value(op.outputs)

    def dequeue_many(self, n, name=None):
        """Dequeues and batches `n` elements; OutOfRangeError if closed with fewer left."""
        op = self._dequeue_op("QueueDequeueManyV2", [n], name or f"{self._name}_DequeueMany")
        batch_dim = Dimension(_int_or_none(constant_value(op.inputs[1])))
        for output, shape in zip(op.outputs, self._shapes):
            output.set_shape(TensorShape([batch_dim]).concatenate(shape))
        return self._dequeue_return_value(op.outputs)

    def dequeue_up_to(self, n, name=None):
        """Like dequeue_many, but once closed returns the (fewer than `n`) elements left."""
        op = self._dequeue_op("QueueDequeueUpToV2", [n], name or f"{self._name}_DequeueUpTo")
        for output, shape in zip(op.outputs, self._shapes):
            output.set_shape(TensorShape([None]).concatenate(shape))
        return self._dequeue_return_value(op.outputs)

    def close(self, cancel_pending_enqueues=False, name=None):
        """Closes the queue; pending enqueues finish first unless `cancel_pending_enqueues`."""
        return apply_op("QueueCloseV2", [self._queue_ref], {"cancel_pending_enqueues": bool(cancel_pending_enqueues)},
                        name=name or f"{self._name}_Close")

    def is_closed(self, name=None):
        """A bool scalar: whether the queue is closed."""
        return apply_op("QueueIsClosedV2", [self._queue_ref], name=name or f"{self._name}_Is_Closed").outputs[0]

    def size(self, name=None):
        """An int32 scalar: the number of elements in the queue."""
        return apply_op("QueueSizeV2", [self._queue_ref], name=name or f"{self._name}_Size").outputs[0]


def _int_or_none(value):
    return None if value is None else int(value)


def _shape_common(*shapes):
    """The most specific shape every one of `shapes` is compatible with."""
    result = TensorShape(shapes[0])
    for s in shapes[1:]:
        result = result.most_specific_compatible_shape(s)
    return result


def _queue_attrs(dtypes, shapes, capacity, shared_name):
    return {"component_types": dtypes, "shapes": _shape_attr(shapes), "capacity": int(capacity),
            "container": "", "shared_name": shared_name or ""}


class FIFOQueue(QueueBase):
    """A queue that dequeues elements in first-in first-out order (tf.FIFOQueue)."""

    def __init__(self, capacity, dtypes, shapes=None, names=None, shared_name=None, name="fifo_queue"):
        dtypes = _as_type_list(dtypes)
        shapes = _as_shape_list(shapes, dtypes)
        names = _as_name_list(names, dtypes)
        ref = _create_queue("FIFOQueueV2", _queue_attrs(dtypes, shapes, capacity, shared_name), name, on_cpu=True)
        super().__init__(dtypes, shapes, names, ref)


class PaddingFIFOQueue(QueueBase):
    """A FIFOQueue whose dequeue_many pads dims given as None to the batch's largest."""

    def __init__(self, capacity, dtypes, shapes, names=None, shared_name=None, name="padding_fifo_queue"):
        dtypes = _as_type_list(dtypes)
        shapes = _as_shape_list(shapes, dtypes, unknown_dim_allowed=True)
        names = _as_name_list(names, dtypes)
        if len(dtypes) != len(shapes):
            raise ValueError(f"Shapes must be provided for all components, but received {len(dtypes)} dtypes "
                             f"and {len(shapes)} shapes.")
        ref = _create_queue("PaddingFIFOQueueV2", _queue_attrs(dtypes, shapes, capacity, shared_name), name)
        super().__init__(dtypes, shapes, names, ref)


class RandomShuffleQueue(QueueBase):
    """A queue that dequeues elements in random order, keeping `min_after_dequeue` until closed."""

    def __init__(self, capacity, min_after_dequeue, dtypes, shapes=None, names=None, seed=None,
                 shared_name=None, name="random_shuffle_queue"):
        dtypes = _as_type_list(dtypes)
        shapes = _as_shape_list(shapes, dtypes)
        names = _as_name_list(names, dtypes)
        seed1, seed2 = get_seed(seed)
        if seed1 is None and seed2 is None:
            seed1, seed2 = 0, 0
        elif seed is None and shared_name is not None:
            # Graph seed but no op seed: seed2 depends only on the graph seed and shared_name.
            digest = hashlib.md5((str(seed1) + shared_name).encode("utf-8")).hexdigest()
            seed2 = int(digest[:8], 16) & 0x7FFFFFFF
        attrs = _queue_attrs(dtypes, shapes, capacity, shared_name)
        attrs.update(min_after_dequeue=int(min_after_dequeue), seed=int(seed1), seed2=int(seed2))
        ref = _create_queue("RandomShuffleQueueV2", attrs, name)
        super().__init__(dtypes, shapes, names, ref)


class PriorityQueue(QueueBase):
    """A queue dequeuing the smallest int64 priority (an extra first component) first."""

    def __init__(self, capacity, types, shapes, names=None, shared_name=None, name="priority_queue"):
        types = _as_type_list(types)
        shapes = _as_shape_list(shapes, types)
        ref = _create_queue("PriorityQueueV2", _queue_attrs(types, shapes, capacity, shared_name), name)
        priority_shapes = [TensorShape([])] + shapes if shapes else shapes
        super().__init__([_dtypes.int64] + types, priority_shapes, names, ref)


__all__ = [
    "FIFOQueue",
    "PaddingFIFOQueue",
    "PriorityQueue",
    "QueueBase",
    "RandomShuffleQueue",
]
