"""tf.CriticalSection: run a function's ops under a session-wide mutex (MutexV2, MutexLock, ConsumeMutexLock).

`execute(fn)` builds, as TF does, a MutexLock on the section's MutexV2 handle, `fn`'s ops with a
control dependency on the lock, a ConsumeMutexLock after `fn`'s outputs, and identities of the
outputs after that. A run holds the mutex from its MutexLock until its ConsumeMutexLock, or until
the lock value dies (a failed step), so concurrent runs of the section take turns. MutexLock may
block, so a plan runs it after every op that does not lead to it: a second section in the same
run waits for the first to be consumed instead of deadlocking. A wait ends with the run's
deadline (DeadlineExceededError) or the session's close (CancelledError).
"""
from __future__ import annotations

import threading
import weakref

from tfsess.framework import dtypes, errors, nest
from tfsess.framework.graph import get_default_graph
from tfsess.framework.graph_api import colocate_with, control_dependencies, name_scope
from tfsess.framework.op_builder import apply_op
from tfsess.framework.operation import Operation
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops, control_flow_ops
from tfsess.ops._infer import no_outputs

CRITICAL_SECTION_EXECUTIONS = "critical_section_executions"
_RUNNING = threading.local()  # the sections whose execute() is building fn's ops in this thread
_WAIT_SLICE_S = 0.05  # how often a waiting MutexLock looks at the run's deadline and the session's close


class _Mutex:
    """A session's mutex: held by at most one run's lock value at a time."""

    def __init__(self, name):
        self.name = name
        self._held = False
        self._cancelled = False
        self._cond = threading.Condition()

    def acquire(self, ctx):
        with self._cond:
            while self._held:
                if self._cancelled:
                    raise errors.CancelledError(None, None, f"Mutex {self.name} was cancelled: the session closed")
                left = ctx.remaining_timeout()
                if left is not None and left <= 0:
                    raise errors.DeadlineExceededError(None, None, f"Timed out waiting for mutex {self.name}")
                self._cond.wait(_WAIT_SLICE_S if left is None else min(left, _WAIT_SLICE_S))
            self._held = True
        return _MutexLockValue(self)

    def release(self):
        with self._cond:
            self._held = False
            self._cond.notify()

    def cancel(self):
        with self._cond:
            self._cancelled = True
            self._cond.notify_all()


class _MutexLockValue:
    """The value of a MutexLock: releases its mutex when consumed or when it dies, whichever comes first."""

    def __init__(self, mutex):
        self._finalizer = weakref.finalize(self, mutex.release)

    def release(self):
        self._finalizer()


@register_op("MutexV2", infer=lambda inputs, attrs: [(dtypes.resource, TensorShape([]))], stateful=True,
             needs_ctx=True, no_gradient=True, gpu=False)
def _mutex(xp, *, ctx, container="", shared_name=""):
    name = shared_name or ctx.op.name
    return ctx.resources.get_or_create(("mutex", name), lambda: _Mutex(name))


@register_op("MutexLock", infer=lambda inputs, attrs: [(dtypes.variant, TensorShape([]))], stateful=True,
             needs_ctx=True, no_gradient=True, gpu=False, may_block=True)
def _mutex_lock(xp, mutex, *, ctx):
    if not isinstance(mutex, _Mutex):
        raise errors.InvalidArgumentError(None, None, f"{ctx.op.name} needs a mutex handle from MutexV2")
    return mutex.acquire(ctx)


@register_op("ConsumeMutexLock", infer=no_outputs, stateful=True, needs_ctx=True, no_gradient=True, gpu=False)
def _consume_mutex_lock(xp, lock, *, ctx):
    if not isinstance(lock, _MutexLockValue):
        raise errors.InvalidArgumentError(None, None, f"{ctx.op.name} needs the value of a MutexLock")
    lock.release()


def _is_resource(tensor) -> bool:
    """A resource handle, or a variable's ref (how tfsess's resource variables reach their ops)."""
    return tensor.dtype == dtypes.resource or (tensor.dtype._ref and tensor.op.type in ("VariableV2", "Variable"))


def _identity(value):
    """An identity of a tensor; an op becomes a group of it (its run, once the lock is held)."""
    if isinstance(value, Operation):
        return control_flow_ops.group(value)
    return array_ops.identity(value)


class CriticalSection:
    """Runs functions' ops exclusively: no two runs execute the section's functions at the same time."""

    def __init__(self, name=None, shared_name=None, critical_section_def=None, import_scope=None):
        if critical_section_def is not None:
            raise ValueError("tfsess builds CriticalSections from a name only, not from a critical_section_def")
        with name_scope(name, "CriticalSection"):
            scope = get_default_graph().get_name_scope()
            self._handle = apply_op("MutexV2", [], {"container": "", "shared_name": shared_name or scope},
                                    name="mutex").outputs[0]

    @property
    def name(self):
        return self._handle.op.name

    def _is_self_handle(self, tensor) -> bool:
        op = tensor.op
        return op.type == "MutexV2" and op.get_attr("shared_name") == self._handle.op.get_attr("shared_name")

    def execute(self, fn, exclusive_resource_access=True, name=None):
        """fn()'s outputs, computed while holding the section's mutex (identities after the lock is consumed).

        Raises ValueError when fn locks this same section (a deadlock) or, with
        exclusive_resource_access, when another section's function uses the resources fn uses.
        """
        graph = get_default_graph()
        signature = (self._handle.op.get_attr("shared_name"), self._handle.op.device)
        running = _RUNNING.__dict__.setdefault("stack", [])
        if signature in running:
            raise ValueError(f"Attempting to lock a CriticalSection (signature={signature}) in which we are already "
                             f"running. This is illegal and may cause deadlocks.")
        with name_scope(name, "critical_section_execute"):
            lock = apply_op("MutexLock", [self._handle], {}, name="MutexLock").outputs[0]
            before = set(graph._all_operations())
            running.append(signature)
            try:
                with control_dependencies([lock]):
                    result = fn()
            finally:
                running.pop()
            created = [op for op in graph._all_operations() if op not in before]
            for op in created:
                if not op.inputs and not op.control_inputs:
                    op._add_control_input(lock.op)  # fn's input-free ops wait for the lock too
            resources = {t for op in created for t in op.inputs if _is_resource(t)}
            if any(self._is_self_handle(t) for t in resources):
                raise ValueError(f"Attempting to lock a CriticalSection in which we are already running "
                                 f"(signature={self._handle.op.name}). This is illegal and may cause deadlocks.")
            self._check_access(graph, resources, exclusive_resource_access)
            flat = [_identity(t) for t in nest.flatten(result)]
            with control_dependencies(flat):
                with colocate_with(self._handle.op):
                    consumed = apply_op("ConsumeMutexLock", [lock], {}, name="ConsumeMutexLock")
            with control_dependencies([consumed]):
                outputs = [_identity(t) for t in flat]
            graph.add_to_collection(CRITICAL_SECTION_EXECUTIONS, (self._handle, resources, exclusive_resource_access))
            return nest.pack_sequence_as(result, outputs)

    def _check_access(self, graph, resources, exclusive):
        for handle, used, other_exclusive in graph.get_collection(CRITICAL_SECTION_EXECUTIONS):
            if handle is self._handle or not (exclusive or other_exclusive):
                continue
            shared = resources & used
            if shared:
                raise ValueError(f"This execution would access resources: {sorted(t.name for t in shared)}. Either "
                                 f"this lock (CriticalSection: {self._handle.name}) or lock (CriticalSection: "
                                 f"{handle.name}) requested exclusive resource access of this resource. Did you "
                                 f"mean to call execute with keyword argument exclusive_resource_access=False?")


__all__ = ["CriticalSection"]
