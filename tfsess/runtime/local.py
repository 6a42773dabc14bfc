"""The in-process runtime (target '' or 'local'): executor plans on this process's devices.

One plan cache keyed by RunSignature and graph version, the session's devices, resources and
thread pools (runtime/thread_pools.py), and the step-stats writer for traced runs. A plan with
independent heavy branches runs them on the session's inter-op pool (runtime/parallel_plan.py).
"""
from __future__ import annotations

import itertools
import threading
import time

from tfsess.framework import errors
from tfsess.runtime.blas_governor import PlanThreads, uses_blas
from tfsess.runtime.devices import DeviceManager
from tfsess.runtime.executor import Plan, RunContext
from tfsess.runtime.parallel_plan import run_parallel, schedule_for
from tfsess.runtime.partition_graphs import partition_graph_defs
from tfsess.runtime.resources import ResourceManager
from tfsess.runtime.runtime import Runtime, RunSignature
from tfsess.runtime.thread_pools import BLAS_LIMITS, SessionPools
from tfsess.runtime.timeline import fill_step_stats

MAX_PLANS = 512  # graphs that grow in a loop must not leak plans


class LocalRuntime(Runtime):
    """Runs steps in this process: one Plan per (RunSignature, graph version), kernels on local devices."""

    def __init__(self, target: bytes, graph, config):
        self.target = target
        self.graph, self.config = graph, config
        self.resources = ResourceManager()
        self.devices = DeviceManager(config)
        self.compilations = 0
        # OptimizerOptions.L0 turns off tfsess's graph rewrites (folding, fusion), as it does Grappler's
        self.rewrites = config.graph_options.optimizer_options.opt_level != -1
        self.threads = SessionPools(config)
        self._default_pool = self.threads.pool_for(None)
        self._plans = {}       # (signature, graph version) -> Plan
        self._schedules = {}   # the same keys -> the plan's parallel Schedule, or None
        self._blas_threads = {}  # the same keys -> PlanThreads of a plan whose BLAS thread count is learned
        self._lock = threading.Lock()
        self._step_ids = itertools.count(1)

    def plan(self, signature: RunSignature) -> Plan:
        """The compiled plan of `signature` for the graph as it is now."""
        return self._compiled(signature)[0]

    def _compiled(self, signature: RunSignature) -> tuple:
        """(Plan, Schedule or None) of `signature` for the graph as it is now."""
        key = (signature, self.graph.version)
        plan = self._plans.get(key)
        return (plan, self._schedules.get(key)) if plan is not None else self._compile(signature, key)

    def _compile(self, signature: RunSignature, key) -> tuple:
        plan = Plan(signature.fetch_tensors, signature.targets, signature.feed_tensors,
                    self.devices.placer(self.graph), self.rewrites,
                    fed_ops_ran=signature.ran_ops or False)
        for fused, _ in plan.fused:
            fused.kernel.workers = self.threads.intra_op
        schedule = schedule_for(plan) if self.threads.may_run_parallel() else None
        with self._lock:
            self.compilations += 1
            if len(self._plans) > MAX_PLANS:
                self._plans.clear()
                self._schedules.clear()
                self._blas_threads.clear()
            self._schedules[key] = schedule
            if not self.threads.intra_op and uses_blas(plan) and BLAS_LIMITS.own_threads() > 1:
                self._blas_threads[key] = PlanThreads(BLAS_LIMITS.own_threads())
            self._plans[key] = plan
        return plan, schedule

    def run(self, signature, feeds, options=None, run_metadata=None, session=None):
        __tracebackhide__ = True  # IPython leaves this frame out of users' tracebacks
        key = (signature, self.graph.version)
        plan = self._plans.get(key)
        plan, schedule = (plan, self._schedules.get(key)) if plan is not None else self._compile(signature, key)
        pool = self._default_pool if options is None else self.threads.pool_for(options)
        ctx = self._context(options, session) if plan.needs_ctx or options is not None else None
        feed_values = [feeds[t] for t in plan.feed_tensors]
        limit, learning = self._blas_limit(key)
        if limit:
            BLAS_LIMITS.enter(limit)
        elif BLAS_LIMITS.applied:
            BLAS_LIMITS.release()
        start = time.perf_counter()
        try:
            if options is not None and options.trace_level and run_metadata is not None:
                stats = []
                values = plan.run_traced(feed_values, ctx, stats, self.resources.cancel)
                fill_step_stats(run_metadata, stats, start)
            elif schedule is not None and pool is not None and (learning is None or limit):
                # a learned count of all threads runs the plan's steps one after another: branches
                # at once, each splitting its GEMMs over every core, would make the BLAS threads
                # spin against each other; one thread each is the parallel candidate
                values = run_parallel(plan, schedule, pool, feed_values, ctx, self.resources.cancel)
            else:
                values = plan.run(feed_values, ctx, self.resources.cancel)
        except errors.OpError as exc:
            if self.resources.closed.is_set() and not isinstance(exc, errors.CancelledError):
                raise _cancelled() from None  # what failed was the session closing under the step
            raise
        finally:
            if limit:
                BLAS_LIMITS.exit(limit)
        if learning is not None:
            self._learn(key, learning, limit, time.perf_counter() - start)
        if self.resources.closed.is_set():
            raise _cancelled()  # closed while the step ran: its results went with the session
        if run_metadata is not None and getattr(options, "output_partition_graphs", False):
            for graph_def in partition_graph_defs(plan, self.devices.host):
                run_metadata.partition_graphs.append(graph_def)
        return values

    def _blas_limit(self, key) -> tuple:
        """(the BLAS thread cap of this run, 0 for the libraries' own count; the plan's PlanThreads or None)."""
        if self.threads.intra_op:
            return self.threads.intra_op, None
        learning = self._blas_threads.get(key)
        if learning is None:
            return 0, None
        threads = learning.threads_for_next_run()
        return (0 if threads == learning.candidates[0] else threads), learning

    def _learn(self, key, learning: PlanThreads, limit: int, seconds: float) -> None:
        learning.record(limit or learning.candidates[0], seconds)
        if not learning.worth_governing:
            self._blas_threads.pop(key, None)  # too quick for the thread count to matter

    def _context(self, options, session):
        timeout_ms = getattr(options, "timeout_in_ms", 0) or self.config.operation_timeout_in_ms
        deadline = time.monotonic() + timeout_ms / 1000.0 if timeout_ms and timeout_ms > 0 else None
        return RunContext(session, self.resources, options, deadline, next(self._step_ids), self.devices)

    # -------------------------------------------------------------- reports
    def list_devices(self):
        return self.devices.list_devices()

    def memory_info(self):
        return self.devices.memory_info()

    def placement_info(self):
        return self.devices.placement_info()

    def resource(self, key):
        return self.resources.get(key)

    def resource_items(self):
        return self.resources.items()

    def close(self):
        self.resources.close()
        self.devices.release()
        self.threads.close()
        self._plans, self._schedules = {}, {}


def _cancelled():
    """TF's error for a step whose session was closed while it ran."""
    return errors.CancelledError(None, None, "Session has been closed: the step was cancelled.")
