"""The Dask runtime: the steps of `tf.Session("dask://HOST:PORT")` or `tf.Session(client)` on a Dask cluster.

The session is a tf.Session in every respect the client sees (run, fetch structures, feeds,
make_callable, partial_run, as_default, context manager, close); only its Runtime differs:
the pruned graph is placed on the cluster's tasks, cut into partitions (partition.py), and each
step submits one Dask task per partition, pinned to the worker serving its task. Tensors that
cross a cut travel as Dask futures from worker to worker; only fetched values come back to the
client, and only fed values leave it.

Which worker serves a task comes from a ClusterSpec: the `cluster=` argument, else
`config.cluster_def`, else one job `worker` with a task per Dask worker. See cluster.py for the
mapping and worker_state.py for how state is kept on workers and shared between sessions.

Faults: a worker lost during a run raises UnavailableError naming the task (the scheduler notices a
dead worker at once; the session checks every half second while it waits); the session stays
usable, and a task whose worker came back (a Dask nanny restarts it under the same name) is
served again. Its variables are lost: reads raise FailedPreconditionError naming them, and nothing
re-initialises them behind the program's back.
"""
from __future__ import annotations

import itertools
import pickle
import threading
import time
import uuid

import distributed

from tfsess.distributed import worker_state
from tfsess.distributed.clients import connect, disconnect
from tfsess.distributed.cluster import Task, TaskMap, as_cluster_spec
from tfsess.distributed.partition import DistPlan, TaskPlacer
from tfsess.distributed.run_metadata import fill_step_stats, partition_graph_def
from tfsess.framework import errors
from tfsess.framework.device_spec import DeviceSpecV2
from tfsess.runtime.devices import DeviceAttributes
from tfsess.runtime.executor import DEAD
from tfsess.runtime.runtime import Runtime

DEFAULT_CONNECT_TIMEOUT = 3.0       # seconds to reach the scheduler before UnavailableError
POLL_INTERVAL = 0.5                 # seconds between liveness checks while a step runs
WORKER_TABLE_TTL = 1.0              # seconds a snapshot of the scheduler's workers is trusted
SCATTER_BYTES = 1 << 20             # feeds this large go straight to their worker (client.scatter)
MAX_PLANS = 256                     # partitioned plans kept per session
_DEADLINE_GRACE = 1.0               # let a worker-side DeadlineExceededError (naming the op) arrive first

try:
    from distributed.client import _wait as _client_wait  # distributed.wait() needs a default client
except ImportError:  # pragma: no cover
    _client_wait = None


class DaskRuntime(Runtime):
    """One session's link to a Dask cluster: client, task map, plan cache, compiled partitions, steps.

    Args (beyond the session's target, graph and config):
        cluster: a ClusterSpec (or dict / ClusterDef) naming the jobs; default `config.cluster_def`,
            else one job "worker" with a task per Dask worker.
        default_task: where ops without a job go ("/job:worker/task:1"); default the first
            task of job worker (or chief, master, localhost, else the first job in sorted order).
        connect_timeout: seconds to reach the scheduler (default 3) before UnavailableError.
    """

    def __init__(self, target, graph, config, *, cluster=None, default_task=None, connect_timeout=None):
        self.graph, self.config = graph, config
        self.compilations = 0
        self._closed = False
        self._plans = {}            # (RunSignature, graph version) -> DistPlan
        if cluster is None:
            cluster = getattr(config, "cluster_def", None)
        isolate = bool(getattr(config, "isolate_session_state", False))
        # OptimizerOptions.L0 turns off tfsess's graph rewrites (folding, fusion), as it does Grappler's
        self.rewrites = config.graph_options.optimizer_options.opt_level != -1
        timeout = DEFAULT_CONNECT_TIMEOUT if connect_timeout is None else float(connect_timeout)
        self.client, self.address, self._owned = connect(target, timeout)
        self.target = ("dask://" + self.address.split("://", 1)[-1] if self.address.startswith("tcp://")
                       else "dask://" + self.address).encode()
        self.session_id = uuid.uuid4().hex[:12]
        self.store_scope = self.session_id if isolate else None
        self.task_map = TaskMap(as_cluster_spec(cluster), _as_task(default_task))
        self._lock = threading.RLock()
        self._workers = {}
        self._table_time = 0.0
        self._stale = True
        self._compiled = {}         # (group key, address) -> Future of a CompiledGroup
        self._by_plan = {}          # id(plan) -> [compiled keys]
        self._last_address = {}     # Task -> address that served it last
        self._task_vars = {}        # Task -> names of variables this session placed there
        self._lost = {}             # Task -> (variable names, reason)
        self._step_ids = itertools.count(1)
        self.feed_bytes = 0
        self.fetch_bytes = 0
        try:
            self.refresh()
            self.task_map.bind(self._workers)
            self.task_map.default_task  # noqa: B018 - raises ValueError for a cluster without tasks
        except BaseException:
            self.close()
            raise
        self.task_placer = TaskPlacer(self.task_map, config.allow_soft_placement)

    # -------------------------------------------------------------- the Runtime interface
    def run(self, signature, feeds, options=None, run_metadata=None, session=None):
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        plan = self.plan(signature)
        timeout_ms = getattr(options, "timeout_in_ms", 0) or self.config.operation_timeout_in_ms
        trace = bool(options is not None and options.trace_level and run_metadata is not None)
        values, records = self._step(plan, feeds, timeout_ms / 1000.0 if timeout_ms and timeout_ms > 0 else None,
                                     trace)
        if run_metadata is not None and options is not None:
            if trace:
                fill_step_stats(run_metadata, records)
            if getattr(options, "output_partition_graphs", False):
                for group in plan.groups:
                    run_metadata.partition_graphs.append(partition_graph_def(group))
        return values

    def plan(self, signature):
        """The partitioned plan of `signature` for the graph as it is now."""
        key = (signature, self.graph.version)
        plan = self._plans.get(key)
        if plan is None:
            with self._lock:
                plan = DistPlan(signature.fetch_tensors, signature.targets, signature.feed_tensors, self.task_placer,
                                self.graph, config=self.config, rewrites=self.rewrites, session_key=self.session_id,
                                store_scope=self.store_scope)
                self.compilations += 1
                if len(self._plans) > MAX_PLANS:  # graphs that grow in a loop must not leak partitions
                    for old in self._plans.values():
                        self.forget(old)
                    self._plans.clear()
                self._plans[key] = plan
        return plan

    def placement_info(self):
        """Each op placed by this session's runs, with its task."""
        return self.task_placer.placement_info()

    # -------------------------------------------------------------- workers
    def refresh(self):
        """Re-reads the scheduler's live workers."""
        try:
            info = self.client.scheduler_info(n_workers=-1)
        except Exception as exc:  # noqa: BLE001
            raise errors.UnavailableError(None, None, f"The Dask scheduler at {self.address} is unreachable: "
                                                      f"{type(exc).__name__}: {exc}") from None
        workers = {addr: w for addr, w in info.get("workers", {}).items()
                   if w.get("status", "running") not in ("closing", "closed", "closing_gracefully")}
        with self._lock:
            self._workers = workers
            self._table_time = time.monotonic()
            self._stale = False
        return workers

    def addresses(self, tasks) -> dict:
        """{task: worker address} for `tasks`; UnavailableError for a task that no live worker serves."""
        with self._lock:
            if self._stale or time.monotonic() - self._table_time > WORKER_TABLE_TTL:
                self.refresh()
            out = {}
            for task in tasks:
                address = self.task_map.resolve(task, self._workers)
                if address is None:
                    self.refresh()
                    address = self.task_map.resolve(task, self._workers)
                if address is None:
                    self._stale = True
                    raise errors.UnavailableError(
                        None, None, f"Task {task} is unavailable: no live worker of the Dask cluster at "
                                    f"{self.address} serves it (it is mapped to {self.task_map.describe(task)}; live "
                                    f"workers: {sorted(self._workers) or 'none'}).")
                last = self._last_address.get(task)
                if last is not None and last != address:
                    self._replaced(task, last, f"its Dask worker {last} was lost; {address} serves it now")
                self._last_address[task] = address
                out[task] = address
            return out

    def _replaced(self, task, old_address, reason):
        names = self._task_vars.get(task, set())
        if names:
            self._lost[task] = (set(names), reason)
        for key in [k for k in self._compiled if k[1] == old_address]:
            self._compiled.pop(key).release()

    # -------------------------------------------------------------- compiled partitions
    def compiled(self, plan, group, address):
        key = (group.key, address)
        with self._lock:
            future = self._compiled.get(key)
            if future is None:
                try:
                    future = self.client.submit(worker_state.compile_group, group, self.session_id,
                                                key=f"{group.key}-compile-{uuid.uuid4().hex[:6]}",
                                                workers=[address], allow_other_workers=False, pure=False)
                except Exception as exc:  # noqa: BLE001 - an attr that does not serialise
                    raise _unshippable(plan, group, exc) from None
                self._compiled[key] = future
                self._by_plan.setdefault(id(plan), []).append(key)
                self._task_vars.setdefault(group.task, set()).update(plan.variables.get(group.task, ()))
            return future

    def forget(self, plan):
        """Releases the compiled partitions of a plan dropped from the session's cache."""
        with self._lock:
            for key in self._by_plan.pop(id(plan), ()):
                future = self._compiled.pop(key, None)
                if future is not None:
                    future.release()

    # -------------------------------------------------------------- a step
    def _step(self, plan, feeds, timeout_s=None, trace=False):
        """Runs one step of `plan`; returns the values of plan.fetch_tensors (feeds fetched as fed) and trace records."""
        start = time.monotonic()
        deadline = start + timeout_s if timeout_s else None
        tasks = {g.task for g in plan.groups}
        addresses = self.addresses(tasks)
        compiled = [self.compiled(plan, g, addresses[g.task]) for g in plan.groups]
        step_id = next(self._step_ids)
        submit = self.client.submit
        feed_values = [feeds[t] for t in plan.feed_tensors]
        shipped = self._ship_feeds(plan, feed_values, addresses)
        results, picks = [], {}

        def bundle(i, slot):
            if not trace and plan.groups[i].single:
                return results[i]
            future = picks.get((i, slot))
            if future is None:
                future = picks[(i, slot)] = submit(
                    worker_state.pick, results[i], slot, key=f"{results[i].key}-o{slot}",
                    workers=[addresses[plan.groups[i].task]], allow_other_workers=False, pure=False)
            return future

        remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
        for i, group in enumerate(plan.groups):
            feeds_in = [shipped[k] for k in plan.feeds_of[i]]
            bundles = [bundle(src, slot) for src, slot in plan.group_sources[i]]
            results.append(submit(worker_state.run_group, compiled[i], step_id, remaining, trace, len(feeds_in),
                                  *feeds_in, *bundles, key=f"{group.key}-{self.session_id}-{step_id}",
                                  workers=[addresses[group.task]], allow_other_workers=False, pure=False))
        client_slots = {i: len(plan.groups[i].dests) - 1 for i in plan.client_groups}
        wanted = {i: bundle(i, slot) for i, slot in client_slots.items()}
        records = {i: bundle(i, len(g.dests)) for i, g in enumerate(plan.groups)} if trace else {}
        every = results + list(picks.values())
        try:
            self._wait(plan, results, every, addresses, deadline)
            got = self._gather(plan, list(wanted.values()) + list(records.values()), addresses)
        finally:
            for future in every + [v for v in shipped if isinstance(v, distributed.Future)]:
                future.release()
        client_bundles = dict(zip(wanted, got[:len(wanted)]))
        out = []
        for k, ((i, pos), t) in enumerate(zip(plan.fetch_from, plan.fetch_tensors)):
            if i == "feed":
                out.append(feeds[t])
            else:
                value = worker_state.from_wire(client_bundles[i][pos])
                if value is DEAD:
                    raise errors.InvalidArgumentError(
                        None, None, f"Retval[{k}] does not have value (tensor {t.name} is in a cond branch that "
                                    "was not taken)")
                self.fetch_bytes += worker_state.nbytes(value)
                out.append(value)
        trace_records = [rec for recs in got[len(wanted):] for rec in recs]
        return out, trace_records

    def _ship_feeds(self, plan, feed_values, addresses):
        shipped = []
        for k, value in enumerate(feed_values):
            size = worker_state.nbytes(value)
            self.feed_bytes += size
            if size >= SCATTER_BYTES:
                users = [g.task for g, feeds in zip(plan.groups, plan.feeds_of) if k in feeds]
                value = self.client.scatter(value, workers=[addresses[users[0]]], hash=False)
            shipped.append(value)
        return shipped

    def _wait(self, plan, results, every, addresses, deadline):
        while True:
            try:
                self._wait_some(every, POLL_INTERVAL)
                break
            except TimeoutError:
                pass
            except distributed.client.FuturesCancelledError:
                break
            if any(f.status == "error" for f in results):
                break
            lost = self._lost_tasks(addresses)
            if lost:
                self._cancel(every)
                raise self._unavailable(lost, "(before or during this step): the step was aborted")
            if self._closed:
                self._cancel(every)
                raise errors.CancelledError(None, None, "Session has been closed.")
            if deadline is not None and time.monotonic() > deadline + _DEADLINE_GRACE:
                self._cancel(every)
                raise errors.DeadlineExceededError(None, None, "Timed out waiting for the Dask cluster to run the "
                                                               "step (operation timeout exceeded).")
        for i, future in enumerate(results):
            if future.status in ("error", "cancelled"):
                self._cancel(every)
                if future.status == "cancelled" and self._closed:
                    raise errors.CancelledError(None, None, "Session has been closed.")
                raise self._convert(future, plan.groups[i], addresses, plan)

    def _wait_some(self, futures, timeout):
        """Returns when every future is done; TimeoutError after `timeout` seconds."""
        if _client_wait is not None:
            self.client.sync(_client_wait, futures, timeout=timeout)
            return
        end = time.monotonic() + timeout  # pragma: no cover - a distributed without client._wait
        while any(f.status == "pending" for f in futures):
            if time.monotonic() > end:
                raise TimeoutError
            time.sleep(0.002)

    def _gather(self, plan, futures, addresses):
        if not futures:
            return []
        try:
            return self.client.gather(futures)
        except Exception as exc:  # noqa: BLE001 - a worker died between the step and the gather
            lost = self._lost_tasks(addresses)
            if lost:
                raise self._unavailable(lost, "while its results were fetched") from None
            raise errors.UnavailableError(None, None, f"Fetching results from the Dask cluster at {self.address} "
                                                      f"failed: {type(exc).__name__}: {exc}") from None

    def _lost_tasks(self, addresses) -> list:
        try:
            live = self.refresh()
        except errors.UnavailableError:
            return list(addresses.items())
        lost = [(task, addr) for task, addr in addresses.items() if addr not in live]
        if lost:
            with self._lock:
                self._stale = True
                for task, addr in lost:
                    self._replaced(task, addr, f"its Dask worker {addr} was lost")
        return lost

    def _unavailable(self, lost, when):
        parts = []
        for task, addr in lost:
            text = f"Task {task} (Dask worker {addr}) was lost {when}."
            names = self._lost.get(task, (set(), ""))[0]
            if names:
                text += f" The variables it held are lost: {', '.join(sorted(names))}."
            parts.append(text)
        return errors.UnavailableError(None, None, " ".join(parts))

    def _cancel(self, futures):
        try:
            self.client.cancel([f for f in futures if f.status == "pending"])
        except Exception:  # noqa: BLE001 - best effort
            pass

    def _convert(self, future, group, addresses, plan):
        try:
            exc = future.exception(timeout=5)
        except Exception as err:  # noqa: BLE001 - cancelled, or the scheduler went away
            exc = err
        if isinstance(exc, worker_state.RemoteOpError):
            graph_op = plan.graph_op(exc.op_name)
            message = exc.message
            if exc.error_class is errors.FailedPreconditionError:
                message = self._explain_lost(message)
            return exc.error_class(graph_op.node_def if graph_op is not None else None, graph_op, message)
        lost = self._lost_tasks(addresses)
        if lost:
            return self._unavailable(lost, "(before or during this step): the step was aborted")
        if type(exc).__name__ == "KilledWorker":
            return errors.UnavailableError(None, None, f"Task {group.task} could not run partition {group.key}: {exc}")
        if isinstance(exc, errors.OpError):
            return exc
        return errors.UnknownError(None, None, f"Partition {group.key} on task {group.task} failed: "
                                               f"{type(exc).__name__}: {exc}")

    def _explain_lost(self, message):
        prefix = "Attempting to use uninitialized value "
        if not message.startswith(prefix):
            return message
        name = message[len(prefix):].split()[0] if message[len(prefix):].split() else ""
        for task, (names, reason) in self._lost.items():
            if name in names:
                return (f"{message}\n\tThe value of {name} was lost with task {task} ({reason}); tfsess never "
                        "re-initialises a lost variable: run its initializer or restore a checkpoint.")
        return message

    # -------------------------------------------------------------- reports and closing
    def transfer_info(self) -> dict:
        """Bytes and tensors moved between tasks (worker to worker), fed and fetched, by this session."""
        totals = [0, 0, 0]
        try:
            per_worker = self.client.run(worker_state.collect_stats, self.session_id, on_error="return")
            for value in per_worker.values():
                if isinstance(value, (list, tuple)):
                    totals = [a + b for a, b in zip(totals, value)]
        except Exception:  # noqa: BLE001 - report what the client knows
            pass
        return {"bytes_between_tasks": totals[0], "tensors_between_tasks": totals[1], "partition_steps": totals[2],
                "bytes_fed": self.feed_bytes, "bytes_fetched": self.fetch_bytes}

    def list_devices(self):
        """The devices of every task: `/job:J/replica:0/task:T/device:CPU:0`, ..."""
        tasks = self.task_map.tasks or []
        addresses = {}
        for task in tasks:
            address = self.task_map.resolve(task, self._workers)
            if address is not None:
                addresses[task] = address
        found = self.client.run(worker_state.list_local_devices, self.config, workers=sorted(set(addresses.values())),
                                on_error="return") if addresses else {}
        out = []
        for task, address in addresses.items():
            for device_type, index, memory, incarnation, desc in found.get(address, ()) or ():
                out.append(DeviceAttributes(f"{task.device_prefix}/device:{device_type}:{index}", device_type,
                                            memory, incarnation, desc, False))
        return out

    def close(self):
        if self._closed:
            return
        self._closed = True
        compiled, self._compiled = list(getattr(self, "_compiled", {}).values()), {}
        self._by_plan, self._plans = {}, {}
        for future in compiled:
            try:
                future.release()
            except Exception:  # noqa: BLE001
                pass
        client = getattr(self, "client", None)
        if client is None:
            return
        try:
            if client.status == "running":
                client.run(worker_state.release_session, self.session_id, on_error="ignore")
        except Exception:  # noqa: BLE001 - a gone cluster has nothing left to release
            pass
        if self._owned:
            disconnect(client, self.address)

    def finalize(self):
        if not self._closed:
            # never block a finalizer on the cluster: release the workers' state from a thread
            try:
                threading.Thread(target=self.close, name="tfsess-dask-release", daemon=True).start()
            except Exception:  # noqa: BLE001 - interpreter shutdown
                pass


def _unshippable(plan, group, exc):
    """The error for a partition Dask cannot send to its worker, naming the op whose attrs do not pickle."""
    for node in group.nodes:
        try:
            pickle.dumps(node.attrs)
        except Exception:  # noqa: BLE001
            op = plan.graph_op(node.name)
            return errors.UnimplementedError(
                op.node_def if op is not None else None, op,
                f"Operation {node.name} (type {node.type}) cannot run on the Dask worker of task {group.task}: its "
                "attributes hold Python objects that do not serialise (a while_loop body graph, a py_func). Run it "
                "in an in-process session, or on workers sharing this process (LocalCluster(processes=False) "
                "with its default inproc protocol, where nothing is serialised).")
    return errors.UnavailableError(None, None, f"Cannot send partition {group.key} to task {group.task}: "
                                               f"{type(exc).__name__}: {exc}")


def _as_task(task):
    if task is None or isinstance(task, Task):
        return task
    spec = DeviceSpecV2.from_string(task) if isinstance(task, str) else task
    return Task(spec.job or "worker", spec.task or 0)


def reset(target, containers=None, config=None):
    """tf.Session.reset for a Dask cluster: drops the variables and queues every task holds."""
    client, address, owned = connect(target, DEFAULT_CONNECT_TIMEOUT)
    try:
        client.run(worker_state.reset_stores, containers, on_error="ignore")
    finally:
        if owned:
            disconnect(client, address)
