"""What runs inside Dask workers: per-task state, compiled partitions, and the partition runner.

State (variables, queues, readers) lives in a TaskStore per (job, task) on the worker serving the
task, in `dask_worker._tfsess_stores`. Sessions of one Dask cluster share it, as the sessions of a
TF cluster share a ps server's variables: a VariableV2 `w` (or one with `shared_name="w"`) on
`/job:ps/task:0` is the same variable for every open session that places it there, whatever its
graph. A store lives while any session that used it is open; the last one to close (or
`tfsess.distributed.reset`) drops it. `ConfigProto.isolate_session_state` gives a session
stores of its own. A worker that dies loses its stores: the variables they held are lost and
stay uninitialised on the worker that replaces it (reads raise FailedPreconditionError).

A partition is compiled once per worker as a Dask task whose result (a CompiledGroup holding an
executor Plan over a rebuilt sub-graph) stays in that worker's memory; each step is one Dask task
per partition taking the compiled partition, the client's feeds and the bundles of tensors sent by
other partitions (Dask futures, so values move worker to worker).
"""
from __future__ import annotations

import logging
import threading
import time
import uuid

import numpy as np
from distributed import get_worker, rejoin, secede

from tfsess.framework import errors
from tfsess.framework.config_pb import ConfigProto
from tfsess.framework.graph import Graph
from tfsess.framework.operation import Operation
from tfsess.framework.registry import lookup, register_op
from tfsess.lib.xp import to_host
from tfsess.runtime.devices import DeviceManager
from tfsess.runtime.executor import DEAD, Plan, RunContext, as_op_error
from tfsess.runtime.resources import ResourceManager

_STORES_LOCK = threading.Lock()


# ------------------------------------------------------------------ values on the wire
class _DeadMarker:
    """A dead tensor (an untaken cond branch) as it travels between partitions."""

    def __reduce__(self):
        return (_dead_marker, ())

    def __repr__(self):
        return "<dead tensor>"


DEAD_WIRE = _DeadMarker()


def _dead_marker():
    return DEAD_WIRE


def to_wire(value):
    if value is DEAD:
        return DEAD_WIRE
    if not isinstance(value, (np.ndarray, np.generic)) and hasattr(value, "__cuda_array_interface__"):
        return to_host(value)  # a CuPy array travels as host memory
    return value


def from_wire(value):
    return DEAD if value is DEAD_WIRE or isinstance(value, _DeadMarker) else value


def nbytes(value) -> int:
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            return int(sum(len(v) if isinstance(v, (bytes, str)) else 8 for v in value.flat))
        return int(value.nbytes)
    if isinstance(value, (bytes, str)):
        return len(value)
    return int(getattr(value, "nbytes", 0) or 0)


# ------------------------------------------------------------------ errors that cross processes
class RemoteOpError(Exception):
    """An OpError raised in a partition, in a form that pickles: error class, message, op name, task."""

    def __init__(self, error_class, message, op_name, task):
        super().__init__(error_class, message, op_name, task)
        self.error_class, self.message, self.op_name, self.task = error_class, message, op_name, task

    def __str__(self):
        return f"{self.error_class.__name__} on {self.task}: {self.message}"


def _remote(exc, task) -> RemoteOpError:
    if isinstance(exc, RemoteOpError):
        return exc
    if isinstance(exc, errors.OpError):
        op = exc.op
        return RemoteOpError(type(exc), exc.message, op.name if op is not None else None, str(task))
    err = as_op_error(exc, None)
    return RemoteOpError(type(err), err.message, None, str(task))


# ------------------------------------------------------------------ the receive op
def _recv_infer(inputs, attrs):
    return list(attrs["output_specs"])


@register_op("_DaskRecv", infer=_recv_infer, needs_ctx=True, stateful=True, emits_dead=True, gpu=False)
def _dask_recv(xp, *, ctx, tensor_names, output_specs=()):
    """Outputs the values this partition received for one producer that runs elsewhere (maybe dead)."""
    values = tuple(ctx.recv.get(name) for name in tensor_names)
    return values[0] if len(values) == 1 else values


class PartitionContext(RunContext):
    """The RunContext of a partition: adds the received values (`recv`) for _DaskRecv ops."""

    __slots__ = ("recv",)


class PartitionPlan(Plan):
    """An executor Plan whose outputs may be dead: a partition forwards an untaken branch's tensors."""

    def _fetched(self, vals):
        dead = [s for s in self.fetch_slots if vals[s] is DEAD]
        if not dead:
            return super()._fetched(vals)
        for s in dead:
            vals[s] = np.zeros(())
        values = super()._fetched(vals)
        return [DEAD if s in dead else v for s, v in zip(self.fetch_slots, values)]


# ------------------------------------------------------------------ per-task state
class TaskStore:
    """The state of one task on one worker: its resources, the sessions using it, transfer counters."""

    def __init__(self, key):
        self.key = key
        self.resources = ResourceManager()
        self.sessions = set()
        self.incarnation = uuid.uuid4().hex
        self.created = time.time()
        self.stats = {}             # session id -> [bytes sent to other tasks, tensors sent, steps]
        self.lock = threading.Lock()

    def count(self, session_id, sent_bytes, sent_tensors):
        with self.lock:
            entry = self.stats.setdefault(session_id, [0, 0, 0])
            entry[0] += sent_bytes
            entry[1] += sent_tensors
            entry[2] += 1


def _stores(worker) -> dict:
    stores = getattr(worker, "_tfsess_stores", None)
    if stores is None:
        with _STORES_LOCK:
            stores = getattr(worker, "_tfsess_stores", None)
            if stores is None:
                stores = {}
                worker._tfsess_stores = stores
    return stores


def acquire_store(worker, key, session_id) -> TaskStore:
    """The store of `key` on `worker` (made if new), with `session_id` registered as a user."""
    stores = _stores(worker)
    with _STORES_LOCK:
        store = stores.get(key)
        if store is None or store.resources.closed.is_set():
            store = stores[key] = TaskStore(key)
        store.sessions.add(session_id)
    return store


def release_session(session_id, dask_worker=None):
    """Runs on each worker when a session closes: drops the stores no open session uses any more."""
    worker = dask_worker if dask_worker is not None else _current_worker()
    stores = _stores(worker)
    dropped = []
    with _STORES_LOCK:
        for key, store in list(stores.items()):
            store.sessions.discard(session_id)
            store.stats.pop(session_id, None)
            if not store.sessions:
                dropped.append(stores.pop(key))
    for store in dropped:
        store.resources.close()
    return len(dropped)


def reset_stores(containers=None, dask_worker=None):
    """Drops every tfsess store on this worker (tf.Session.reset): their variables and queues are gone."""
    worker = dask_worker if dask_worker is not None else _current_worker()
    stores = _stores(worker)
    with _STORES_LOCK:
        dropped = list(stores.values())
        stores.clear()
    for store in dropped:
        store.resources.close()
    return len(dropped)


def collect_stats(session_id, dask_worker=None):
    """[bytes sent to other tasks, tensors sent, partition steps] of a session on this worker."""
    worker = dask_worker if dask_worker is not None else _current_worker()
    total = [0, 0, 0]
    for store in list(_stores(worker).values()):
        entry = store.stats.get(session_id)
        if entry:
            total = [a + b for a, b in zip(total, entry)]
    return total


def list_local_devices(config, dask_worker=None):
    """(device_type, index, memory_limit_bytes, incarnation, description) of the worker's devices."""
    manager = DeviceManager(config)
    try:
        return [(d.device_type, d.index, int(d.memory_limit_bytes), d.incarnation, d.physical_device_desc)
                for d in manager.devices]
    finally:
        manager.release()


def _current_worker():
    return get_worker()


# ------------------------------------------------------------------ compiled partitions
class CompiledGroup:
    """One partition rebuilt as a graph on a worker, with its executor Plan and its task's store."""

    def __init__(self, spec, store, session_id):
        self.spec, self.store, self.session_id = spec, store, session_id
        self.error = None
        self.devices = None
        try:
            self._build(spec)
        except Exception as exc:  # noqa: BLE001 - raised in context by the first run
            self.error = _remote(exc, spec.task)

    def _build(self, spec):
        graph = Graph()
        tensors = {}
        by_recv_names = {}
        for name, outputs, by_recv in spec.stubs:
            if by_recv:
                names = tuple(f"{name}:{i}" for i in range(len(outputs)))
                op = Operation(graph, "_DaskRecv", name, [], {"tensor_names": names, "output_specs": outputs},
                               lookup("_DaskRecv"), outputs)
                by_recv_names.update((n, True) for n in names)
            else:
                op = Operation(graph, "Placeholder", name, [], {"dtype": outputs[0][0], "shape": outputs[0][1]},
                               lookup("Placeholder"), outputs)
            for t in op._outputs:
                tensors[t.name] = t
        for node in spec.nodes:
            inputs = [tensors[n] for n in node.inputs]
            op = Operation(graph, node.type, node.name, inputs, node.attrs, lookup(node.type), node.outputs)
            op._device = node.device
            op._control_inputs = [graph._by_name[c] for c in node.control]
            for t in op._outputs:
                tensors[t.name] = t
        received = [n for names in spec.sources for n in names]
        self.fed_names = list(spec.feeds) + [n for n in received if n not in by_recv_names]
        self.recv_names = [n for n in received if n in by_recv_names]
        out_names = []
        for names in spec.dests:
            for n in names:
                if n not in out_names:
                    out_names.append(n)
        self.out_index = {n: i for i, n in enumerate(out_names)}
        self.devices = DeviceManager(spec.config) if spec.config is not None else _default_devices()
        placer = self.devices.placer(graph)
        targets = [graph._by_name[node.name] for node in spec.nodes]
        self.plan = PartitionPlan([tensors[n] for n in out_names], targets, [tensors[n] for n in self.fed_names],
                                  placer, spec.rewrites)
        self.graph = graph

    def run(self, step_id, deadline_s, feed_values, bundles, trace=False):
        spec = self.spec
        if self.error is not None:
            raise self.error
        store = self.store
        if store.resources.closed.is_set():  # the store was reset: state starts afresh
            store = self.store = acquire_store(_current_worker(), spec.store_key, self.session_id)
        received = dict(zip(spec.feeds, feed_values))  # _DaskRecv stubs may also carry a fed output
        for names, bundle in zip(spec.sources, bundles):
            for name, value in zip(names, bundle):
                received[name] = from_wire(value)
        values = list(feed_values) + [received[n] for n in self.fed_names[len(spec.feeds):]]
        deadline = None if deadline_s is None else time.monotonic() + deadline_s
        ctx = PartitionContext(self, store.resources, None, deadline, step_id)
        ctx.recv = received
        stats = [] if trace else None
        try:
            if trace:
                start = time.time()
                perf = time.perf_counter()
                out = self.plan.run_traced(values, ctx, stats)
            else:
                out = self.plan.run(values, ctx)
        except Exception as exc:  # noqa: BLE001 - crosses the process boundary as a RemoteOpError
            raise _remote(exc, spec.task) from None
        bundles_out = []
        sent_bytes = sent_tensors = 0
        for names, remote in zip(spec.dests, spec.dest_remote):
            bundle = tuple(to_wire(out[self.out_index[n]]) for n in names)
            if remote:
                sent_bytes += sum(nbytes(v) for v in bundle)
                sent_tensors += len(bundle)
            bundles_out.append(bundle)
        store.count(self.session_id, sent_bytes, sent_tensors)
        if trace:  # the records ride after the bundles
            return tuple(bundles_out) + (_trace_records(stats, start, perf, spec.task),)
        return bundles_out[0] if len(bundles_out) == 1 else tuple(bundles_out)


def _trace_records(stats, start, perf, task):
    """Executor trace records as plain tuples: (op name, op type, inputs, device, start_us, end_us, outputs)."""
    out = []
    offset = start - perf
    for op, device, t0, t1, outputs in stats:
        name = getattr(device, "name", "/device:CPU:0")
        local = name.split("/device:", 1)[-1] if "/device:" in name else "CPU:0"
        shapes = [(tuple(np.shape(v)), str(getattr(v, "dtype", "")), nbytes(v)) for v in outputs
                  if v is not None and v is not DEAD and not hasattr(v, "read")]
        inputs = [t.name for t in getattr(op, "inputs", ())]
        out.append((op.name, op.type, inputs, f"{task.device_prefix}/device:{local}",
                    int((t0 + offset) * 1e6), int((t1 + offset) * 1e6), shapes))
    return out


def _default_devices():
    return DeviceManager(ConfigProto())


# ------------------------------------------------------------------ Dask task functions
class _ExpectedOpErrors:
    """A logging filter: an op error in a tfsess partition (OutOfRange at the end of a queue, an
    uninitialised variable) is the client's to report, not a worker failure to log."""

    def filter(self, record):
        args = record.args if isinstance(record.args, tuple) else ()
        return not (isinstance(record.msg, str) and record.msg.startswith("Compute Failed") and len(args) > 3
                    and str(args[0]).startswith("tfsess-") and str(args[3]).startswith("RemoteOpError("))


_QUIET = {"installed": False}


def _quiet_expected_errors():
    if not _QUIET["installed"]:
        logging.getLogger("distributed.worker").addFilter(_ExpectedOpErrors())
        _QUIET["installed"] = True


def compile_group(spec, session_id):
    """Dask task: compiles a partition on the worker that runs it; the result stays in worker memory."""
    _quiet_expected_errors()
    worker = _current_worker()
    store = acquire_store(worker, spec.store_key, session_id)
    return CompiledGroup(spec, store, session_id)


def run_group(compiled, step_id, deadline_s, trace, n_feeds, *args):
    """Dask task: one step of one partition; `args` are its `n_feeds` fed values, then its incoming bundles."""
    feed_values, bundles = args[:n_feeds], args[n_feeds:]
    if compiled.spec.may_block:
        secede()  # a blocking queue op must not hold the worker's only thread
        try:
            return compiled.run(step_id, deadline_s, feed_values, bundles, trace)
        finally:
            rejoin()
    return compiled.run(step_id, deadline_s, feed_values, bundles, trace)


def pick(bundles, index):
    """Dask task: one destination's bundle out of a partition's result."""
    return bundles[index]
