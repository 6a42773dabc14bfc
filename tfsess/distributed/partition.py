"""Placing a pruned graph on tasks and cutting it into partitions that Dask runs worker-side.

Placement (TaskPlacer) follows TF's placer at the job/task level: an op goes to the task its
device spec names (`/job:ps/task:0`); colocation groups (the `_class` attr, ref edges such as
Assign -> its variable, resource edges such as an enqueue -> its queue) stay together; a
generator (no inputs, one output) without a request joins its consumers' task; anything else
goes to the session's default task. The device inside the task (`/device:GPU:0`) is left to
the worker's own placer.

Partitioning (DistPlan) cuts the pruned graph by task, then splits each task's ops into stages
so that partitions form a DAG even when values go back and forth (a ps task reads variables
for the workers, then applies their gradients): an op's stage is the number of task changes on
the longest path reaching it, then pushed as late as its consumers allow. One partition is one
(task, stage); it becomes one Dask task per step. Variable and queue handles are looked up
again in every partition of their task that uses them, so only plain values ever cross a cut.
"""
from __future__ import annotations

import itertools
from typing import NamedTuple

from tfsess.distributed.cluster import Task, TaskMap
from tfsess.framework import dtypes, errors
from tfsess.framework.device_spec import DeviceSpecV2
from tfsess.runtime.colocation import ColocationGroups, merged_group_spec, parse_device
from tfsess.runtime.executor import needed_ops

_plan_ids = itertools.count(1)

# Op types whose kernels may block (queues, readers, barriers): their partitions secede from the
# Dask worker's thread pool while they wait, so other partitions can run on that worker.
_BLOCKING_PREFIXES = ("Queue", "Reader", "Barrier", "Stage", "Unstage", "Accumulator", "TakeMany")


# ------------------------------------------------------------------ placement
class TaskPlacer:
    """Assigns each op of one graph to a Task; placements never change once made."""

    def __init__(self, task_map: TaskMap, allow_soft_placement=False):
        self.task_map = task_map
        self.allow_soft = bool(allow_soft_placement)
        self._graph = None
        self._seen = 0
        self._groups = ColocationGroups(resource_edges=True)
        self._placed = {}
        self.records = []

    # -------------------------------------------------------------- colocation groups
    def _update(self, graph):
        if self._graph is None:
            self._graph = graph
        ops = graph._ops[self._seen:]
        self._seen += len(ops)
        for op in ops:
            self._groups.add(op)

    # -------------------------------------------------------------- placing
    def place(self, graph, ops) -> dict:
        """{op: Task} for `ops` (in dependency order); raises InvalidArgumentError for an op that cannot go anywhere."""
        self._update(graph)
        pending = [op for op in ops if op not in self._placed]
        first = [op for op in pending if not _is_generator(op)]
        second = [op for op in pending if _is_generator(op)]
        for op in first + second:  # TF places generators last, next to their consumers
            task = self._choose(op)
            self._placed[op] = task
            self._groups.assign(op.name, task)
            self.records.append({"op": op.name, "op_type": op.type, "requested_device": op.device,
                                 "assigned_device": task.device_prefix + (local_device(op) or ""),
                                 "soft_placed": False})
        return {op: self._placed[op] for op in ops}

    def _choose(self, op) -> Task:
        placed = self._groups.assigned(op.name)
        if placed is not None:
            own = _parse(op)
            if own is None or _task_matches(own, placed, self.task_map):
                return placed
            if self.allow_soft:
                return placed
            raise errors.InvalidArgumentError(
                op.node_def, op,
                f"Cannot assign a device for operation {op.name}: Could not satisfy explicit device "
                f"specification '{op.device}' because the node {{{{colocation_node {op.name}}}}} was colocated "
                f"with a group of nodes that were assigned to {placed.device_prefix}")
        members = self._groups.members(op.name)
        spec = self._group_spec(op, members)
        if spec.job is None and spec.task is None:
            if len(members) == 1 and _is_generator(op):
                consumers = {self._placed.get(c) for c in op._outputs[0]._consumers}
                consumers.discard(None)
                if len(consumers) == 1:
                    return consumers.pop()
            return self.task_map.default_task
        return self._task_for(op, spec)

    def _task_for(self, op, spec) -> Task:
        task_map = self.task_map
        default = task_map.default_task
        job, index = spec.job or default.job, spec.task
        if job == "localhost" and "localhost" not in task_map.cluster.jobs:
            if index in (None, 0):
                return default  # TF's in-process name for "this task"
        elif job in task_map.cluster.jobs:
            if index is None:
                indices = task_map.cluster.task_indices(job)
                index = default.index if job == default.job else (indices[0] if indices else 0)
            task = Task(job, index)
            if task_map.has(task):
                return task
        if self.allow_soft:
            return default
        names = ", ".join(f"{t.device_prefix}/device:CPU:0" for t in task_map.tasks)
        raise errors.InvalidArgumentError(
            op.node_def, op,
            f"Cannot assign a device for operation {op.name}: {{{{node {op.name}}}}} was explicitly assigned to "
            f"{op.device or spec.to_string()} but available devices are [ {names} ]. Make sure the device "
            "specification refers to a valid device (the cluster's jobs are "
            f"{sorted(task_map.cluster.jobs)}).")

    def _group_spec(self, op, members) -> DeviceSpecV2:
        """The job/task fields the members of a colocation group ask for, merged."""
        return merged_group_spec(op, members, ("job", "task"), self.allow_soft)

    def placement_info(self):
        return list(self.records)


_parse = parse_device


def _task_matches(spec, task, task_map) -> bool:
    job = spec.job
    if job == "localhost" and "localhost" not in task_map.cluster.jobs:
        return task == task_map.default_task
    return (job is None or job == task.job) and (spec.task is None or spec.task == task.index)


def _is_generator(op) -> bool:
    return not op._inputs and len(op._outputs) == 1 and not op._outputs[0].dtype.is_ref_dtype


def local_device(op) -> str:
    """The part of `op`'s device spec that the worker places by: `/device:GPU:0`, or ''."""
    spec = _parse(op)
    if spec is None or spec.device_type is None:
        return ""
    return DeviceSpecV2(device_type=spec.device_type, device_index=spec.device_index).to_string()


# ------------------------------------------------------------------ partition specs (sent to workers)
class NodeSpec(NamedTuple):
    """One op as a worker rebuilds it: inputs by tensor name, control inputs by op name."""

    name: str
    type: str
    inputs: tuple
    control: tuple
    attrs: dict
    outputs: tuple      # ((DType, TensorShape), ...)
    device: str         # the device inside the task, e.g. "/device:CPU:0" or ""


class GroupSpec:
    """One partition: its ops, what it receives (from the client, from other partitions) and sends.

    Attributes:
        key: unique name (also the Dask key prefix).
        task: the Task it runs on.
        nodes: NodeSpecs in dependency order.
        stubs: (op name, output specs, by_recv) for the producers of received or fed tensors
            that live elsewhere; `by_recv` stubs execute a `_DaskRecv` op (their values may be dead).
        feeds: names of the client-fed tensors it reads (the order of the run's feed argument).
        sources: for each incoming bundle argument, the names of the tensors in it ([] for a
            control dependency only).
        dests: for each destination, the names of the tensors sent there; the last one is the
            client's when `to_client`.
        dest_remote: whether each destination runs on another task (bytes counted as moved).
    """

    def __init__(self, key, task, store_key):
        self.key, self.task, self.store_key = key, task, store_key
        self.nodes, self.stubs, self.feeds = [], [], []
        self.sources, self.dests, self.dest_remote = [], [], []
        self.to_client = False
        self.may_block = False
        self.config = None
        self.rewrites = True
        self.stage = 0

    @property
    def single(self) -> bool:
        return len(self.dests) == 1

    def __repr__(self):
        return f"<GroupSpec {self.key} on {self.task}: {len(self.nodes)} ops>"


class _Group:
    """Client-side bookkeeping of one partition while the plan is built."""

    def __init__(self, task, stage):
        self.task, self.stage = task, stage
        self.ops = []
        self.op_set = set()
        self.inputs = {}        # source group -> [tensor, ...]  (ordered, unique)
        self.feeds = []
        self.outputs = {}       # dest group (or "client") -> [tensor, ...]
        self.index = None
        self.spec = None

    def add(self, op):
        if op not in self.op_set:
            self.op_set.add(op)
            self.ops.append(op)


def _append_unique(lst, item):
    if item not in lst:
        lst.append(item)


class DistPlan:
    """A run compiled for a cluster: partitions, their transfers, and where each fetch comes from.

    Attributes:
        fetch_tensors: the fetched tensors, in the order results come back.
        groups: GroupSpecs in a topological order.
        group_sources: for each group, the (source group index, destination slot) of each incoming bundle.
        fetch_from: for each fetch tensor, ("feed", None) or (group index, position in its client bundle).
    """

    def __init__(self, fetch_tensors, target_ops, feed_tensors, placer: TaskPlacer, graph, *, config=None,
                 rewrites=True, session_key="s", store_scope=None):
        self.fetch_tensors = list(fetch_tensors)
        self.feed_tensors = list(feed_tensors)
        feed_set = set(self.feed_tensors)
        roots = [t.op for t in self.fetch_tensors if t not in feed_set] + list(target_ops)
        ops = needed_ops(roots, feed_set)
        self.ops = ops
        self._by_name = {op.name: op for op in ops}
        task_of = placer.place(graph, ops)
        self._check_edges(ops, task_of, feed_set)
        stage = _stages(ops, task_of, feed_set)
        maybe_dead = _maybe_dead(ops, feed_set)
        groups, home = _assign_groups(ops, task_of, stage, feed_set, self.fetch_tensors)
        _link_groups(groups, home, feed_set, self.fetch_tensors)
        _drop_trailing_no_ops(groups)
        ordered = sorted(groups.values(), key=lambda g: (g.stage, str(g.task)))
        for i, g in enumerate(ordered):
            g.index = i
        plan_id = next(_plan_ids)
        for g in ordered:
            g.spec = _group_spec(g, ops, f"tfsess-{session_key}-p{plan_id}-{g.task.job}{g.task.index}-s{g.stage}",
                                 (g.task.job, g.task.index, store_scope), config, rewrites)
        self.groups, self.group_sources = [], []
        for g in ordered:
            sources = sorted(g.inputs, key=lambda s: s.index)
            g.spec.sources = [[t.name for t in g.inputs[s]] for s in sources]
            g.spec.stubs = _stubs(g, feed_set, maybe_dead)
            self.group_sources.append([(s.index, s.dest_slot[g]) for s in sources])
            self.groups.append(g.spec)
        self.fetch_from = [("feed", None) if t in feed_set else
                           (home[t._op].index, home[t._op].outputs["client"].index(t)) for t in self.fetch_tensors]
        self.client_groups = sorted({g for g, _ in self.fetch_from if g != "feed"})
        self.feeds_of = [[self.feed_tensors.index(t) for t in g.feeds] for g in ordered]
        self.variables = {}  # task -> names of the variables this plan touches there
        for g in ordered:
            for op in g.ops:
                if _is_variable(op):
                    self.variables.setdefault(g.task, set()).add(op._attrs.get("shared_name") or op.name)

    def graph_op(self, name):
        """The client graph's op of a partition op's name (None for names not in this plan)."""
        return self._by_name.get(name) if name else None

    @staticmethod
    def _check_edges(ops, task_of, feed_set):
        for op in ops:
            ref_inputs = op._opdef.ref_inputs
            for i, t in enumerate(op._inputs):
                if t in feed_set:
                    continue
                crossing = task_of[t._op] != task_of[op]
                if crossing and ((i in ref_inputs and t.dtype.is_ref_dtype) or t.dtype.base_dtype == dtypes.resource):
                    raise errors.InvalidArgumentError(
                        op.node_def, op,
                        f"Cannot run {op.name} on {task_of[op].device_prefix}: its input {t.name} is a "
                        f"{'resource handle' if t.dtype.base_dtype == dtypes.resource else 'variable reference'} "
                        f"that lives on {task_of[t._op].device_prefix}; an op that updates or uses a variable or "
                        "queue must run on that variable's or queue's task.")

    def describe(self) -> str:
        """One line per partition: task, stage, ops, what it receives and sends."""
        lines = []
        for g, sources in zip(self.groups, self.group_sources):
            ins = sum(len(s) for s in g.sources)
            lines.append(f"{g.task} stage {g.stage}: {len(g.nodes)} ops, {ins} tensors in from "
                         f"{[self.groups[i].task.__str__() for i, _ in sources]}, out {[len(d) for d in g.dests]}")
        return "\n".join(lines)


def _consumers(ops, feed_set) -> dict:
    """op -> the ops in `ops` that read its outputs or wait for it."""
    consumers = {}
    for op in ops:
        for t in op._inputs:
            if t not in feed_set:
                consumers.setdefault(t._op, []).append(op)
        for c in op._control_inputs:
            consumers.setdefault(c, []).append(op)
    return consumers


def _assign_groups(ops, task_of, stage, feed_set, fetch_tensors):
    """({(task, stage): _Group}, {op: its home group}); handle-like ops join each same-task reader's group."""
    groups, home = {}, {}

    def group(task, s):
        g = groups.get((task, s))
        if g is None:
            g = groups[(task, s)] = _Group(task, s)
        return g

    for op in ops:
        if not _replicable(op):
            home[op] = group(task_of[op], stage[op])
            home[op].add(op)
    consumers = _consumers(ops, feed_set)
    fetched_ops = {t.op for t in fetch_tensors if t not in feed_set}
    for op in ops:
        if _replicable(op):
            cons = consumers.get(op, ())
            same = [c for c in cons if task_of[c] == task_of[op]]
            for c in same:
                home[c].add(op)
            home[op] = group(task_of[op], stage[op])
            if op in fetched_ops or len(same) < len(cons) or not cons:
                home[op].add(op)  # its home partition sends it to other tasks or the client
    return groups, home


def _link_groups(groups, home, feed_set, fetch_tensors):
    """Records each tensor (and control edge) that crosses partitions, and each fetch, on both ends."""
    for g in list(groups.values()):
        for op in g.ops:
            for t in op._inputs:
                if t in feed_set:
                    _append_unique(g.feeds, t)
                    continue
                src = home[t._op]
                if src is not g and t._op not in g.op_set:
                    _append_unique(g.inputs.setdefault(src, []), t)
                    _append_unique(src.outputs.setdefault(g, []), t)
            for c in op._control_inputs:
                src = home[c]
                if src is not g and c not in g.op_set:
                    g.inputs.setdefault(src, [])
                    src.outputs.setdefault(g, [])
    for t in fetch_tensors:
        if t not in feed_set:
            _append_unique(home[t._op].outputs.setdefault("client", []), t)


def _group_spec(g, ops, key, store_key, config, rewrites) -> GroupSpec:
    """The GroupSpec of one partition (its sources and stubs are filled once every partition has its slots)."""
    spec = GroupSpec(key, g.task, store_key)
    spec.stage, spec.config, spec.rewrites = g.stage, config, rewrites
    spec.nodes = [_node_spec(op, g.op_set) for op in _in_order(g.ops, ops)]
    spec.may_block = any(op.type.startswith(_BLOCKING_PREFIXES) for op in g.ops)
    spec.feeds = [t.name for t in g.feeds]
    dests = sorted((d for d in g.outputs if d != "client"), key=lambda d: d.index)
    spec.dests = [[t.name for t in g.outputs[d]] for d in dests]
    spec.dest_remote = [d.task != g.task for d in dests]
    g.dest_slot = {d: k for k, d in enumerate(dests)}
    if "client" in g.outputs:
        g.dest_slot["client"] = len(spec.dests)
        spec.dests.append([t.name for t in g.outputs["client"]])
        spec.dest_remote.append(False)
        spec.to_client = True
    if not spec.dests:
        spec.dests, spec.dest_remote = [[]], [False]  # a partition with no outputs still returns (an empty bundle)
    return spec


def _drop_trailing_no_ops(groups):
    """Drops partitions of NoOps that nothing waits for (a train op's final group): the step waits for all anyway."""
    changed = True
    while changed:
        changed = False
        for key, g in list(groups.items()):
            if not g.outputs and all(op.type == "NoOp" for op in g.ops):
                for src in g.inputs:
                    src.outputs.pop(g, None)
                del groups[key]
                changed = True


def _replicable(op) -> bool:
    """Handle-like ops (variables, queues, constants) rebuilt in each partition of their task that uses them."""
    if op._inputs or op._control_inputs:
        return False
    if not op._opdef.stateful:
        return op.type == "Const"
    return any(t.dtype.is_ref_dtype or t.dtype.base_dtype == dtypes.resource for t in op._outputs)


def _stages(ops, task_of, feed_set) -> dict:
    asap = {}
    for op in ops:
        task = task_of[op]
        s = 0
        for t in op._inputs:
            if t not in feed_set:
                src = t._op
                s = max(s, asap[src] + (task_of[src] != task))
        for c in op._control_inputs:
            s = max(s, asap[c] + (task_of[c] != task))
        asap[op] = s
    consumers = _consumers(ops, feed_set)
    stage = dict(asap)
    for op in reversed(ops):  # as late as the consumers allow: fewer values kept between stages
        cons = consumers.get(op)
        if cons:
            stage[op] = min(stage[c] - (task_of[c] != task_of[op]) for c in cons)
    return stage


def _maybe_dead(ops, feed_set) -> set:
    dead = set()
    for op in ops:
        if op._opdef.emits_dead or any(t in dead for t in op._inputs if t not in feed_set):
            dead.update(op._outputs)
    return dead


def _in_order(group_ops, all_ops):
    members = set(group_ops)
    return [op for op in all_ops if op in members]


def _node_spec(op, members) -> NodeSpec:
    return NodeSpec(op.name, op.type, tuple(t.name for t in op._inputs),
                    tuple(c.name for c in op._control_inputs if c in members), dict(op._attrs),
                    tuple((t.dtype, t.shape) for t in op._outputs), local_device(op))


def _stubs(g, feed_set, maybe_dead) -> list:
    """Stand-ins for the producers of tensors this partition receives or is fed."""
    needed = {}
    for t in g.feeds:
        if t._op not in g.op_set:
            needed.setdefault(t._op, False)
    for tensors in g.inputs.values():
        for t in tensors:
            needed[t._op] = needed.get(t._op, False) or t in maybe_dead
    return [(op.name, tuple((t.dtype.base_dtype, t.shape) for t in op._outputs), by_recv)
            for op, by_recv in needed.items()]


def _is_variable(op) -> bool:
    # the OpDef tells (is_variable); the type check covers a VariableV2 OpDef not flagged
    return op._opdef.is_variable or op.type in ("VariableV2", "Variable")
