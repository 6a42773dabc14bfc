"""A session's threads, sized by its ConfigProto as TF's DirectSession sizes them.

- `intra_op_parallelism_threads` caps the BLAS/OpenMP pools while the session's steps run
  (through threadpoolctl, an optional dependency: `BLAS_LIMITS`) and the workers of its fused
  elementwise chains (runtime/chains.py).
- `inter_op_parallelism_threads`, `use_per_session_threads` and `session_inter_op_thread_pool`
  give the session its inter-op pools (`session_pools`); `RunOptions.inter_op_thread_pool` picks
  one per run (-1: the caller's thread). Independent heavy branches of a step run on that pool
  (runtime/parallel_plan.py).
"""
from __future__ import annotations

import concurrent.futures
import os
import sys
import threading

from tfsess.framework import errors
from tfsess.platform import tf_logging

CALLER_THREAD = -1  # RunOptions.inter_op_thread_pool: run the step in the caller's thread


def cpu_count() -> int:
    """The CPUs this process may run on (TF's NumSchedulableCPUs)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # no affinity API on this platform
        return os.cpu_count() or 1


class InterOpPool:
    """A pool of `num_threads` threads for a step's independent branches; threads start on first use."""

    def __init__(self, num_threads: int, name: str):
        self.num_threads = num_threads
        self.name = name
        self._executor = None
        self._lock = threading.Lock()

    def submit(self, fn, *args) -> None:
        """Runs `fn(*args)` on a thread of the pool (`fn` reports its own outcome)."""
        executor = self._executor
        if executor is None:
            with self._lock:
                if self._executor is None:
                    self._executor = concurrent.futures.ThreadPoolExecutor(
                        self.num_threads, thread_name_prefix=f"tfsess-{self.name}")
                executor = self._executor
        try:
            executor.submit(fn, *args)
        except RuntimeError:  # shut down meanwhile by its session closing: the caller runs it
            fn(*args)

    def shutdown(self):
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False)


_GLOBAL_POOLS: dict = {}   # global_name -> InterOpPool, never released (as TF's)
_GLOBAL_LOCK = threading.Lock()
_DEFAULT_POOL = "__default__"  # the pool of sessions that configure none: sized by the first one


def _inter_op_threads(config) -> int:
    threads = config.inter_op_parallelism_threads
    return threads if threads != 0 else cpu_count()


def _global_pool(name: str, num_threads: int) -> InterOpPool:
    """The process's pool named `name`, made with `num_threads` threads by the first session asking for it.

    TF keeps the first size when a later session names the pool with another (its DirectSession
    records an error that no Run reports); so does this.
    """
    with _GLOBAL_LOCK:
        pool = _GLOBAL_POOLS.get(name)
        if pool is None:
            pool = _GLOBAL_POOLS[name] = InterOpPool(num_threads, f"Compute-{name}")
        return pool


class SessionPools:
    """The inter-op pools of one session, and its intra-op limit."""

    def __init__(self, config):
        self.intra_op = max(0, config.intra_op_parallelism_threads)
        self.caller_thread_only = config.inter_op_parallelism_threads < 0  # TF: run every op in the caller
        self.pools, self._owned = [], []
        default_threads = _inter_op_threads(config)
        if len(config.session_inter_op_thread_pool):
            for k, options in enumerate(config.session_inter_op_thread_pool):
                threads = options.num_threads or default_threads
                if options.global_name:
                    self.pools.append(_global_pool(options.global_name, threads))
                else:
                    self._owned.append(InterOpPool(threads, f"Compute{k}"))
                    self.pools.append(self._owned[-1])
        elif config.use_per_session_threads:
            self._owned.append(InterOpPool(default_threads, "Compute"))
            self.pools.append(self._owned[0])
        else:
            self.pools.append(_global_pool(_DEFAULT_POOL, default_threads))

    def pool_for(self, options):
        """The pool a run with `options` uses, or None for the caller's thread alone.

        Raises:
            errors.InvalidArgumentError: `options.inter_op_thread_pool` names no pool of this session.
        """
        index = getattr(options, "inter_op_thread_pool", 0) if options is not None else 0
        if index == CALLER_THREAD:
            return None
        if not 0 <= index < len(self.pools):
            raise errors.InvalidArgumentError(None, None, f"Invalid inter_op_thread_pool: {index}")
        pool = self.pools[index]
        return None if self.caller_thread_only or pool.num_threads < 2 else pool

    def may_run_parallel(self) -> bool:
        """Whether some run of this session may use two threads or more."""
        return not self.caller_thread_only and any(pool.num_threads > 1 for pool in self.pools)

    def close(self):
        """Stops the threads of the pools this session owns (global pools live on, as TF's)."""
        for pool in self._owned:
            pool.shutdown()


class BlasLimits:
    """The process's BLAS/OpenMP thread counts, capped while steps of sessions with a limit run.

    The libraries' pools are process-wide, so sessions share this one object: while limited steps
    run, the smallest of their limits holds. When the last one ends the cap stays (setting it
    again on every step would cost more than small steps do) until a step of a session without
    a limit starts, which gives the libraries their own counts back. Without threadpoolctl
    nothing is capped, and the first session asking for a limit says so once.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._running = {}     # limit -> steps running under it
        self.applied = 0       # the cap set now; 0: the libraries' own counts
        self._libraries = None  # [(threadpoolctl controller, its own count)], found on first use
        self._controller = None  # threadpoolctl's ThreadpoolController class, once imported
        self._modules_seen = 0   # len(sys.modules) when the libraries were last looked for

    def enter(self, limit: int) -> None:
        """A step capped at `limit` threads starts."""
        with self._lock:
            self._running[limit] = self._running.get(limit, 0) + 1
            wanted = min(self._running)
            if wanted != self.applied:
                self._set(wanted)

    def exit(self, limit: int) -> None:
        """A step capped at `limit` ends: the smallest cap among those still running holds."""
        with self._lock:
            left = self._running[limit] - 1
            if left:
                self._running[limit] = left
            else:
                del self._running[limit]
            if self._running and min(self._running) != self.applied:
                self._set(min(self._running))

    def release(self) -> None:
        """A step without a limit starts: the libraries get their own counts back if no capped step runs."""
        with self._lock:
            if self.applied and not self._running:
                self._set(0)

    def own_threads(self) -> int:
        """The largest thread count the libraries chose for themselves (0 when none can be set)."""
        return max((own for _, own in self._found()), default=0)

    def _set(self, limit: int) -> None:
        for lib, own in self._found():
            lib.set_num_threads(limit or own)
            # threadpoolctl lets one thread at a time control OpenBLAS's process-wide pool: each
            # change here is complete, so the next one may come from another thread
            clear = getattr(lib, "clear_controlling_thread", None)
            if clear is not None:
                clear()
        self.applied = limit

    def _found(self) -> list:
        """[(controller, its own count)] of the BLAS/OpenMP libraries loaded now.

        Found again whenever modules were imported since the last look (an import may load another
        library, as SciPy loads its own OpenBLAS); a library keeps the count it had when first found.
        """
        if self._libraries is None or (self._controller is not None and len(sys.modules) != self._modules_seen):
            if self._controller is None:
                try:
                    import threadpoolctl  # optional dependency: the `perf` extra
                except ImportError:
                    tf_logging.warning("intra_op_parallelism_threads cannot limit the BLAS/OpenMP thread pools "
                                       "without threadpoolctl (pip install threadpoolctl); only tfsess's own "
                                       "pools follow it.")
                    self._libraries = []
                    return self._libraries
                self._controller = threadpoolctl.ThreadpoolController
            self._modules_seen = len(sys.modules)
            own = {lib.filepath: count for lib, count in self._libraries or ()}
            self._libraries = [(lib, own.get(lib.filepath, lib.num_threads))
                               for lib in self._controller().lib_controllers]
        return self._libraries


BLAS_LIMITS = BlasLimits()


def loop_workers() -> int:
    """Threads a compiled loop may split its batch over: the intra-op cap of the sessions running
    steps now (the one the BLAS pools follow), else this process's CPUs."""
    return BLAS_LIMITS.applied or cpu_count()
