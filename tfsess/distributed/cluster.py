"""Jobs and tasks: tf.train.ClusterSpec, ClusterDef, replica_device_setter, and their Dask workers.

A ClusterSpec names the tasks of a distributed graph, job by job (`/job:ps/task:0`,
`/job:worker/task:1`). As in TF a job lists its tasks' addresses (a list, or a dict from task
index to address); beyond TF, a job may also be a task count (`{"ps": 1, "worker": 2}`): such
tasks are mapped onto the Dask cluster's workers in sorted order (workers sorted by name, then
address; jobs in sorted name order, tasks by index; round robin when there are more tasks than
workers), so every session of one cluster maps them alike.

`TaskMap` resolves tasks to Dask workers for a session; it imports nothing from Dask.
"""
from __future__ import annotations

import itertools
from typing import NamedTuple, Optional

from tfsess.framework.device_spec import DeviceSpecV1, DeviceSpecV2, merge_device

from tfsess.framework.config_pb import ClusterDef, JobDef


# ------------------------------------------------------------------ ClusterSpec
class ClusterSpec:
    """A cluster as a set of tasks organised into jobs (tf.train.ClusterSpec).

    Args:
        cluster: a dict from job name to a list of task addresses, a dict from task index to
            address, or (beyond TF) a task count; or a ClusterDef; or another ClusterSpec.
    Raises:
        TypeError: `cluster` is none of these, or a job name or address is not a string.
    """

    def __init__(self, cluster):
        if isinstance(cluster, ClusterSpec):
            self._cluster_spec = {job: dict(tasks) for job, tasks in cluster._cluster_spec.items()}
        elif isinstance(cluster, ClusterDef):
            self._cluster_spec = {job.name: {int(i): t for i, t in job.tasks.items()} for job in cluster.job}
        elif isinstance(cluster, dict):
            self._cluster_spec = {}
            for job_name, tasks in cluster.items():
                if isinstance(tasks, (list, tuple)):
                    job_tasks = dict(enumerate(tasks))
                elif isinstance(tasks, dict):
                    job_tasks = {int(i): task for i, task in tasks.items()}
                elif isinstance(tasks, int) and not isinstance(tasks, bool) and tasks >= 0:
                    job_tasks = {i: None for i in range(tasks)}  # beyond TF: mapped onto Dask workers
                else:
                    raise TypeError(f"The tasks for job {job_name!r} must be a list or a dictionary from "
                                    "integers to strings (or, in tfsess, a task count).")
                self._cluster_spec[job_name] = job_tasks
        else:
            raise TypeError("`cluster` must be a dictionary mapping one or more job names to lists of network "
                            "addresses, or a `ClusterDef` protocol buffer")
        self._check()

    def _check(self):
        for job_name, tasks in self._cluster_spec.items():
            if not isinstance(job_name, (str, bytes)):
                raise TypeError(f"Job name {job_name!r} must be bytes or unicode")
            for address in tasks.values():
                if address is not None and not isinstance(address, (str, bytes)):
                    raise TypeError(f"Task address {address!r} must be bytes or unicode")
        # an empty address (a count's task in a ClusterDef) is one to map onto a Dask worker
        self._cluster_spec = {_text(job): {i: _text(a) or None if a is not None else None for i, a in tasks.items()}
                              for job, tasks in self._cluster_spec.items()}

    def __bool__(self):
        return bool(self._cluster_spec)

    def __eq__(self, other):
        if isinstance(other, ClusterSpec):
            return self._cluster_spec == other._cluster_spec
        if isinstance(other, dict):
            try:
                return self == ClusterSpec(other)
            except TypeError:
                return False
        return NotImplemented

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = None

    def __repr__(self):
        items = self.as_dict()
        return "ClusterSpec({" + ", ".join(f"{k!r}: {items[k]!r}" for k in sorted(items)) + "})"

    # -------------------------------------------------------------- TF's accessors
    @property
    def jobs(self) -> list:
        """The job names, in the order they were given."""
        return list(self._cluster_spec)

    def _job(self, job_name):
        try:
            return self._cluster_spec[job_name]
        except KeyError:
            raise ValueError(f"No such job in cluster: {job_name!r}") from None

    def num_tasks(self, job_name) -> int:
        """The number of tasks of `job_name`; ValueError if there is no such job."""
        return len(self._job(job_name))

    def task_indices(self, job_name) -> list:
        """The task indices of `job_name`, sorted."""
        return sorted(self._job(job_name))

    def task_address(self, job_name, task_index):
        """The address of a task (None for a task that a count maps onto a Dask worker)."""
        job = self._job(job_name)
        try:
            return job[task_index]
        except KeyError:
            raise ValueError(f"No task with index {task_index!r} in job {job_name!r}") from None

    def job_tasks(self, job_name) -> list:
        """The addresses of a job's tasks by index (None where a sparse job has no task)."""
        job = self._job(job_name)
        out = [None] * (max(job) + 1 if job else 0)
        for i, address in job.items():
            out[i] = address
        return out

    def as_dict(self) -> dict:
        """Job -> list of addresses (dense jobs) or dict from task index to address (sparse jobs)."""
        out = {}
        for job in self.jobs:
            indices = self.task_indices(job)
            if not indices:
                out[job] = {}
            elif max(indices) + 1 == len(indices):
                out[job] = self.job_tasks(job)
            else:
                out[job] = {i: self.task_address(job, i) for i in indices}
        return out

    def as_cluster_def(self) -> ClusterDef:
        """The ClusterDef message (jobs sorted by name; tasks a count maps have address '')."""
        cluster_def = ClusterDef()
        for job_name, tasks in sorted(self._cluster_spec.items()):
            job = cluster_def.job.add(name=job_name)
            for i, address in sorted(tasks.items()):
                job.tasks[i] = address or ""
        return cluster_def

    # -------------------------------------------------------------- tfsess
    def tasks(self) -> list:
        """Every (job, task index), jobs in sorted name order, tasks by index."""
        return [(job, i) for job in sorted(self._cluster_spec) for i in sorted(self._cluster_spec[job])]


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def as_cluster_spec(cluster) -> Optional[ClusterSpec]:
    """`cluster` (ClusterSpec, dict, ClusterDef or None) as a ClusterSpec; None or an empty def gives None."""
    if cluster is None:
        return None
    if isinstance(cluster, ClusterDef) and not len(cluster.job):
        return None
    spec = cluster if isinstance(cluster, ClusterSpec) else ClusterSpec(cluster)
    return spec if spec else None


# ------------------------------------------------------------------ replica_device_setter
# TF's STANDARD_PS_OPS. Variables are told by their OpDef (is_variable); the types stay listed for
# the ops that are not registered here (hash tables) and for OpDefs not flagged.
STANDARD_PS_OPS = ("Variable", "VariableV2", "AutoReloadVariable", "MutableHashTable", "MutableHashTableV2",
                   "MutableHashTableOfTensors", "MutableHashTableOfTensorsV2", "MutableDenseHashTable",
                   "MutableDenseHashTableV2", "VarHandleOp")


def is_standard_ps_op(op) -> bool:
    """Whether replica_device_setter puts `op` on a ps task by default: variables and TF's other ps ops."""
    opdef = getattr(op, "_opdef", None)  # device functions also see node-like stand-ins, as in TF
    return bool(opdef is not None and opdef.is_variable) or op.type in STANDARD_PS_OPS


class _RoundRobinStrategy:
    """The next ps task for each placed op, cycling over `num_tasks`."""

    def __init__(self, num_tasks):
        self._num_tasks = num_tasks
        self._next_task = 0

    def __call__(self, unused_op):
        task = self._next_task
        self._next_task = (self._next_task + 1) % self._num_tasks
        return task


class _ReplicaDeviceChooser:
    """The device function of replica_device_setter: ps ops round robin on ps tasks, the rest on the worker."""

    def __init__(self, ps_tasks, ps_device, worker_device, merge_devices, ps_ops, ps_strategy):
        self._ps_tasks, self._ps_device, self._worker_device = ps_tasks, ps_device, worker_device
        self._merge_devices, self._ps_ops, self._ps_strategy = merge_devices, ps_ops, ps_strategy

    def device_function(self, op):
        """The device of `op`: its own (or outer scopes') fields win over the chosen ps/worker device."""
        current = op.device or _outer_device(op, self.device_function)
        if not self._merge_devices and current:
            return current
        current_device = DeviceSpecV1.from_string(current or "")
        on_ps = is_standard_ps_op(op) if self._ps_ops is None else op.type in self._ps_ops
        if self._ps_tasks and self._ps_device and on_ps:
            ps_device = DeviceSpecV1.from_string(self._ps_device)
            if ps_device.job and (not current_device.job or current_device.job == ps_device.job):
                ps_device.task = self._ps_strategy(op)
            ps_device.merge_from(current_device)
            return ps_device.to_string()
        worker_device = DeviceSpecV1.from_string(self._worker_device or "")
        worker_device.merge_from(current_device)
        return worker_device.to_string()


def _outer_device(op, fn) -> str:
    """The device the scopes outside `fn` give `op` (TF sets op.device before calling a device function).

    Only device strings and specs are merged: calling an outer device function again could
    advance its state (a round-robin strategy).
    """
    try:
        entries = list(op.graph._scope.devices)
    except AttributeError:
        return ""
    device = ""
    for entry in entries:
        if entry == fn:
            return device
        if entry is None:
            device = ""
        elif not callable(entry) or isinstance(entry, str):
            device = merge_device(device, entry.to_string() if hasattr(entry, "to_string") else entry)
    return ""


def replica_device_setter(ps_tasks=0, ps_device="/job:ps", worker_device="/job:worker", merge_devices=True,
                          cluster=None, ps_ops=None, ps_strategy=None):
    """A device function for `with tf.device(...)` placing variables on ps tasks round robin.

    Ops whose type is in `ps_ops` (default: variables and TF's other STANDARD_PS_OPS)
    go to `ps_device` with the task chosen by `ps_strategy` (round robin over the ps tasks);
    every other op goes to `worker_device`. Device fields an op already has win (merge).
    Returns None (no device function) when there are no ps tasks.

    Args:
        ps_tasks: the number of ps tasks; ignored when `cluster` is given.
        cluster: a ClusterSpec, dict or ClusterDef; its ps job's task count is used.
    Raises:
        TypeError: `cluster` is not a cluster description, or `ps_strategy` is not callable.
    """
    if cluster is not None:
        cluster_spec = (cluster if isinstance(cluster, ClusterSpec) else ClusterSpec(cluster)).as_dict()
        ps_job_name = DeviceSpecV2.from_string(ps_device).job
        if ps_job_name not in cluster_spec or cluster_spec[ps_job_name] is None:
            return None
        ps_tasks = len(cluster_spec[ps_job_name])
    if ps_tasks == 0:
        return None
    if ps_strategy is None:
        ps_strategy = _RoundRobinStrategy(ps_tasks)
    if not callable(ps_strategy):
        raise TypeError("ps_strategy must be callable")
    return _ReplicaDeviceChooser(ps_tasks, ps_device, worker_device, merge_devices, ps_ops,
                                 ps_strategy).device_function


# ------------------------------------------------------------------ tasks and Dask workers
class Task(NamedTuple):
    """One task of a cluster: `/job:<job>/task:<index>`."""

    job: str
    index: int

    def __str__(self):
        return f"/job:{self.job}/task:{self.index}"

    @property
    def device_prefix(self) -> str:
        return f"/job:{self.job}/replica:0/task:{self.index}"


DEFAULT_JOBS = ("worker", "chief", "master", "localhost")


class TaskMap:
    """Which Dask worker serves each task of a ClusterSpec, by TF's job/task names.

    Tasks given by address match a worker whose address (with or without its protocol,
    localhost meaning 127.0.0.1) or name equals it; tasks given by count are bound, when first
    resolved, to the name of the worker of their rank in sorted order, so a worker restarted
    under the same name (a Dask nanny's) serves them again.
    """

    def __init__(self, cluster: Optional[ClusterSpec], default_task=None):
        self.cluster = cluster
        self._bound = {}            # Task -> worker name (count tasks) once resolved
        self.tasks = None if cluster is None else [Task(j, i) for j, i in cluster.tasks()]
        self._default = default_task

    def bind(self, workers: dict):
        """Fixes the tasks of a cluster given by counts (or the default cluster) onto `workers` (addr -> info)."""
        ordered = sorted(workers.items(), key=lambda kv: _worker_order(kv[0], kv[1]))
        if self.cluster is None:
            self.cluster = ClusterSpec({"worker": len(ordered)})
            self.tasks = [Task(j, i) for j, i in self.cluster.tasks()]
        if not ordered:
            return
        cycle = itertools.cycle(ordered)
        for task in self.tasks:
            if self.cluster.task_address(task.job, task.index) is None and task not in self._bound:
                address, info = next(cycle)
                self._bound[task] = _worker_name(address, info)

    @property
    def default_task(self) -> Task:
        if self._default is not None:
            return self._default
        jobs = sorted(self.cluster.jobs) if self.cluster is not None else []
        for job in DEFAULT_JOBS:
            if job in jobs and self.cluster.num_tasks(job):
                return Task(job, self.cluster.task_indices(job)[0])
        for job in jobs:
            if self.cluster.num_tasks(job):
                return Task(job, self.cluster.task_indices(job)[0])
        raise ValueError("The cluster has no tasks")

    def has(self, task: Task) -> bool:
        try:
            self.cluster.task_address(task.job, task.index)
        except ValueError:
            return False
        return True

    def describe(self, task: Task) -> str:
        """How `task` is found: its address, or the worker name a count bound it to."""
        address = self.cluster.task_address(task.job, task.index)
        if address is not None:
            return f"address {address}"
        name = self._bound.get(task)
        return f"Dask worker named {name!r}" if name is not None else "a Dask worker (none bound)"

    def resolve(self, task: Task, workers: dict) -> Optional[str]:
        """The address of the live worker serving `task` among `workers` (addr -> info), or None."""
        address = self.cluster.task_address(task.job, task.index)
        if address is None:
            name = self._bound.get(task)
            if name is None:
                self.bind(workers)
                name = self._bound.get(task)
            for addr, info in workers.items():
                if _worker_name(addr, info) == name:
                    return addr
            return None
        wanted = _normal_address(address)
        for addr, info in workers.items():
            if _normal_address(addr) == wanted or str(info.get("name")) == address:
                return addr
        return None


def _worker_name(address, info):
    name = info.get("name")
    return str(address if name is None else name)


def _worker_order(address, info):
    name = info.get("name")
    if isinstance(name, int) or (isinstance(name, str) and name.isdigit()):
        return (0, int(name), "", address)
    return (1, 0, str(name if name is not None else address), address)


def _normal_address(address: str) -> str:
    address = str(address)
    if "://" in address:
        address = address.split("://", 1)[1]
    host, sep, port = address.rpartition(":")
    if sep and host in ("localhost", "0.0.0.0", "[::1]", "::1"):
        host = "127.0.0.1"
    return f"{host}{sep}{port}" if sep else address


__all__ = ["ClusterSpec", "ClusterDef", "JobDef", "replica_device_setter"]
