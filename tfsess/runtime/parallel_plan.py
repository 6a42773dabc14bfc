"""Independent heavy branches of a plan run at once, on the session's inter-op pool.

TF's executor starts every op whose inputs are ready on its inter-op pool. A Plan runs its steps
in one thread (runtime/executor.py), the fastest way for ordinary plans. A plan with two or more
heavy steps (matmuls, convolutions, fused chains, large elementwise work: kernels that release
the GIL) that do not depend on each other gets a `Schedule`, and `run_parallel` starts each step
once the steps it depends on are done, so those branches use several cores.

A step depends on the producers of its inputs and on its control inputs; beyond that:
- a step with effects (stateful, needing the run context, maybe blocking, maybe dead) waits for
  every step before it and is waited for by every such step after it, so effects, deadness and
  errors happen in the plan's order;
- a step reading a variable's value (or finding the variable), or reading an output of a step that
  is not pure (a ref variable's buffer may be such an output), waits for the last step with effects
  before it, and the next one waits for it, so it reads what the sequential run reads;
- any other step is a pure function of its inputs: it may run as soon as they exist.
Values are therefore those of `Plan.run`. So are errors: the run reports the failure of the
earliest step in plan order and still runs the steps that neither depend on a failed one nor
need the session (as `Plan.run` does after a failure); a closing session cancels the run before
its next step starts. Traced runs stay sequential (their step stats are those of `run_traced`);
steps run through the executor's own step runner, without the in-place buffer reuse of
`Plan.run` (a reader of the buffer may still be running), and each intermediate goes once its
last reader is done.
"""
from __future__ import annotations

import heapq
import math
import queue

from tfsess.framework import errors
from tfsess.runtime.chains import ChainKernel
from tfsess.runtime.executor import raise_translated, run_special, translated_error
from tfsess.runtime.resources import NEVER_CANCELLED
from tfsess.runtime.step_memory import check_string_feeds, release_step_buffers

HEAVY_WORK = 1 << 20   # multiply-adds (or element passes) worth handing to another thread
BLAS_OPS = frozenset({"MatMul", "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3", "Einsum", "Conv2D",
                      "Conv2DBackpropInput", "Conv2DBackpropFilter"})
STATE_READS = frozenset({"ReadVariableOp", "VarHandleOp"})  # stateful only in reading (or finding) a variable


class Schedule:
    """A plan's dependency graph over its steps (indices into `plan.steps`), built once per plan."""

    __slots__ = ("n_deps", "after", "data_after", "roots", "readers", "keep", "skip_after_failure", "inline")

    def __init__(self, plan):
        steps = plan.steps
        step_of_op, producer = _producers(plan)
        members = {id(fused): [member.op for member in chain] for fused, chain in plan.fused}
        deps = [_data_deps(i, step, producer, step_of_op, members.get(id(step), (step.op,)))
                for i, step in enumerate(steps)]
        data_deps = [set(d) for d in deps]
        _add_order_deps(steps, deps, producer)
        self.n_deps = [len(d) for d in deps]
        self.after = [[] for _ in steps]        # every step waiting for this one
        self.data_after = [[] for _ in steps]   # those reading its outputs or controlled by it
        for j, found in enumerate(deps):
            for i in found:
                self.after[i].append(j)
                if i in data_deps[j]:
                    self.data_after[i].append(j)
        self.roots = [j for j, n in enumerate(self.n_deps) if n == 0]
        self.keep = frozenset(plan.fetch_slots)
        readers = {}
        for step in steps:
            for s in step.ins + step.ctrl_ins:
                readers[s] = readers.get(s, 0) + 1
        self.readers = readers
        self.skip_after_failure = [step.needs_ctx and not step.op._opdef.is_variable for step in steps]
        # steps with effects or using the run context run in the calling thread, one at a time:
        # a blocking one never holds a pool thread, and the context's current op is theirs alone
        self.inline = [step.needs_ctx or _kind(step) == "effects" for step in steps]


def schedule_for(plan):
    """The Schedule of `plan` when two of its heavy steps may run at once; None keeps it sequential."""
    if len(plan.steps) < 2 or any(not _on_plain_cpu(step) for step in plan.steps):
        return None
    heavy = [i for i, step in enumerate(plan.steps) if _work(step) >= HEAVY_WORK]
    if len(heavy) < 2:
        return None
    schedule = Schedule(plan)
    return schedule if _independent_pair(schedule, heavy) else None


def _on_plain_cpu(step) -> bool:
    device = step.device
    return getattr(device, "device_type", None) == "CPU" and not getattr(device, "tracks_memory", False) \
        and getattr(device, "kernel_type", None) in (None, "CPU")


def _elements(tensor) -> int:
    dims = tensor.shape.as_tuple_or_none()
    return 0 if dims is None else math.prod(d or 1 for d in dims)  # unknown dims count as 1: a low estimate


def _work(step) -> int:
    """A low estimate of a step's multiply-adds or element passes, from static shapes."""
    op = step.op
    if isinstance(step.kernel, ChainKernel):
        return _elements(op._outputs[0]) * len(step.kernel.links)
    if op.type in BLAS_OPS and len(op._inputs) >= 2:
        factor = op._inputs[1]
        dims = factor.shape.as_tuple_or_none()
        inner = _elements(factor) // max(1, dims[-1] or 1) if dims else 1
        return sum(_elements(t) for t in op._outputs) * inner
    if op._opdef.elementwise:
        return sum(_elements(t) for t in op._outputs)
    return 0


def _producers(plan):
    step_of_op, producer = {}, {}
    for i, step in enumerate(plan.steps):
        step_of_op[step.op] = i
        for s in step.outs:
            producer[s] = i
        if step.marker is not None:
            producer[step.marker] = i
    for fused, chain in plan.fused:
        i = step_of_op.get(fused.op)
        if i is not None and plan.steps[i] is fused:
            step_of_op.update((member.op, i) for member in chain)
    return step_of_op, producer


def _data_deps(i, step, producer, step_of_op, ops) -> set:
    """The steps producing step `i`'s inputs, and those of the control inputs of its `ops` (a fused chain's all)."""
    found = {producer[s] for s in step.ins + step.ctrl_ins if s in producer}
    for op in ops:
        found.update(step_of_op[c] for c in op._control_inputs if c in step_of_op)
    found.discard(i)
    return found


def _kind(step) -> str:
    """'effects', 'reads' (a variable's value, or the variable itself) or 'pure'."""
    opdef = step.op._opdef
    if opdef.may_block or step.dead_check or step.marker is not None or step.copies:
        return "effects"
    if opdef.is_variable or step.op.type in STATE_READS:
        return "reads"
    if opdef.stateful or step.needs_ctx:
        return "effects"
    return "reads" if step.derefs else "pure"


def _add_order_deps(steps, deps, producer) -> None:
    """The order edges of the module docstring: effects in plan order, reads between them.

    A step reading an output of a step that is not pure reads as well: the value may be a ref
    variable's buffer, which later writes change in place (runtime/variable_store.py).
    """
    last_effect, since_effect = None, []
    kinds = []
    for j, step in enumerate(steps):
        kind = _kind(step)
        if kind == "pure" and any(kinds[producer[s]] != "pure" for s in step.ins if producer.get(s, j) < j):
            kind = "reads"
        kinds.append(kind)
        if kind == "effects":
            deps[j].update(since_effect)
            if last_effect is not None:
                deps[j].add(last_effect)
            last_effect, since_effect = j, []
        else:
            if kind == "reads" and last_effect is not None:
                deps[j].add(last_effect)
            since_effect.append(j)


def _independent_pair(schedule, heavy) -> bool:
    """Whether two of the `heavy` steps do not depend on each other (bit k: heavy[k] is an ancestor)."""
    bit = {i: 1 << k for k, i in enumerate(heavy)}
    ancestors = [0] * len(schedule.n_deps)
    for i in range(len(ancestors)):   # plan order is a dependency order: ancestors come first
        mine = ancestors[i] | bit.get(i, 0)
        for j in schedule.after[i]:
            ancestors[j] |= mine
    return any(ancestors[j] & ((1 << k) - 1) != (1 << k) - 1 for k, j in enumerate(heavy))


def _call(step, vals, ctx, index, done):
    try:
        run_special(step, vals, ctx)
    except BaseException as exc:  # noqa: BLE001 - handed to the scheduling thread, which raises it
        done.put((index, exc))
    else:
        done.put((index, None))


class _Run:
    """One parallel run's state; only the thread that called `run_parallel` touches it."""

    def __init__(self, plan, schedule, vals, ctx):
        self.plan, self.schedule, self.steps, self.vals, self.ctx = plan, schedule, plan.steps, vals, ctx
        self.waiting = schedule.n_deps.copy()
        self.readers = dict(schedule.readers)
        self.ready = list(schedule.roots)
        self.poisoned = [False] * len(self.steps)
        self.done = [False] * len(self.steps)
        self.failures = {}   # step index -> exception
        self.running = 0

    def finished(self, i, exc):
        """Book-keeping after step `i` ran (exc: what it raised) or was skipped."""
        vals, readers, keep, step = self.vals, self.readers, self.schedule.keep, self.steps[i]
        if exc is not None:
            self._failed(i, exc)
        elif self.failures and self.schedule.skip_after_failure[i] and min(self.failures) < i:
            self._poison(i)   # it ran while an earlier step's failure waited in the queue: as if skipped
        self.done[i] = True
        for s in step.ins + step.ctrl_ins:
            left = readers[s] - 1
            readers[s] = left
            if not left and s not in keep:
                vals[s] = None
        for s in step.outs + ((step.marker,) if step.marker is not None else ()):
            if not readers.get(s) and s not in keep:
                vals[s] = None
        for j in self.schedule.after[i]:
            self.waiting[j] -= 1
            if not self.waiting[j]:
                heapq.heappush(self.ready, j)

    def _failed(self, i, exc):
        """Step `i` raised `exc`: what depends on it must not run, nor what a sequential run would have skipped.

        Steps needing the session after the earliest failure are skipped by `Plan.run`; one of them
        that already ran here (finding a variable: no visible effect) still poisons its consumers.
        """
        earliest = min(self.failures, default=len(self.steps))
        self.failures[i] = exc
        self._poison(i)
        if i < earliest:
            for j in range(i + 1, earliest):
                if self.done[j] and self.schedule.skip_after_failure[j]:
                    self._poison(j)

    def _poison(self, i):
        stack = list(self.schedule.data_after[i])
        while stack:
            j = stack.pop()
            if not self.poisoned[j]:
                self.poisoned[j] = True
                stack.extend(self.schedule.data_after[j])

    def skipped(self, i) -> bool:
        """Whether step `i` must not run: it depends on a failed step, or needs the session after a failure."""
        if self.poisoned[i]:
            return True
        if self.failures and self.schedule.skip_after_failure[i] and min(self.failures) < i:
            self._poison(i)
            return True
        return False


def run_parallel(plan, schedule, pool, feed_values, ctx, cancel=NEVER_CANCELLED):
    """`plan.run(feed_values, ctx, cancel)`, with independent steps running at once on `pool`."""
    __tracebackhide__ = True  # IPython leaves this frame out of users' tracebacks
    if plan.string_feeds:
        check_string_feeds(plan.string_feeds, feed_values)
    vals = plan.template.copy()
    for s, v in zip(plan.feed_slots, feed_values):
        vals[s] = v
    state = _Run(plan, schedule, vals, ctx)
    heapq.heapify(state.ready)
    done = queue.SimpleQueue()
    cancelled_at = _schedule(state, pool, done, cancel)
    if cancelled_at is not None:
        exc = errors.CancelledError(None, None, "The step was cancelled: its session was closed.")
        error = translated_error(exc, plan.steps[cancelled_at])
        release_step_buffers(vals, exc)
        raise_translated(error, exc)
    if state.failures:
        first = min(state.failures)
        exc = state.failures[first]
        error = translated_error(exc, plan.steps[first])
        state.failures.clear()
        release_step_buffers(vals, exc)
        raise_translated(error, exc)
    return plan._fetched(vals)


def _schedule(state, pool, done, cancel):
    """Runs the steps as they become ready; returns the index of the step a cancellation stopped, or None."""
    steps, ready, vals, ctx = state.steps, state.ready, state.vals, state.ctx
    cancelled_at = None
    while ready or state.running:
        while ready and cancelled_at is None:
            i = heapq.heappop(ready)
            if cancel.raised:
                cancelled_at = i
                break
            if state.skipped(i):
                state.finished(i, None)
                continue
            if ready and not state.schedule.inline[i] and state.running < pool.num_threads - 1:
                state.running += 1   # another branch is ready: this one goes to the pool
                pool.submit(_call, steps[i], vals, ctx, i, done)
                continue
            _call(steps[i], vals, ctx, i, done)   # the last ready one, or one with effects: this thread
            state.running += 1
            break
        if cancelled_at is not None and not state.running:
            break
        if state.running:
            i, exc = done.get()
            state.running -= 1
            state.finished(i, exc)
            while state.running:   # take every step finished meanwhile before starting more
                try:
                    i, exc = done.get_nowait()
                except queue.Empty:
                    break
                state.running -= 1
                state.finished(i, exc)
    return cancelled_at
