"""ConfigProto's thread fields: the BLAS cap inside steps, chain workers, inter-op pools (no timings)."""
import logging
import sys
import types

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework.config_pb import ThreadPoolOptionProto
from tfsess.lib import fast_math
from tfsess.runtime import thread_pools
from tfsess.runtime.thread_pools import BlasLimits, SessionPools


def _blas_threads_in_step(sess, threadpoolctl):
    """The BLAS pools' thread counts as a kernel of `sess` sees them, read inside a step."""
    def read():
        return np.array([info["num_threads"] for info in threadpoolctl.threadpool_info()
                         if info["user_api"] == "blas"] or [-1], np.int64)
    with sess.graph.as_default():
        counts = tf.py_func(read, [], tf.int64)
    return list(sess.run(counts))


def test_intra_op_limit_is_observed_inside_a_step_and_lifted_for_unlimited_sessions(g):
    threadpoolctl = pytest.importorskip("threadpoolctl")
    own = _blas_threads_in_step(tf.Session(), threadpoolctl)
    if own == [-1]:
        pytest.skip("threadpoolctl finds no BLAS library in this NumPy")
    limited = tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=1))
    assert _blas_threads_in_step(limited, threadpoolctl) == [1] * len(own)
    assert _blas_threads_in_step(tf.Session(), threadpoolctl) == own  # an unlimited session lifts the cap
    assert _blas_threads_in_step(limited, threadpoolctl) == [1] * len(own)
    tf.Session().run(tf.constant(1.0) + 1.0)
    assert [info["num_threads"] for info in threadpoolctl.threadpool_info() if info["user_api"] == "blas"] == own


class _FakeLibrary:
    internal_api = "fakeblas"

    def __init__(self, threads):
        self.num_threads, self.calls = threads, []

    def set_num_threads(self, n):
        self.calls.append(n)
        self.num_threads = n


def test_blas_limits_hold_the_smallest_running_limit_and_set_only_on_change():
    limits, lib = BlasLimits(), _FakeLibrary(8)
    limits._libraries = [(lib, 8)]
    limits.enter(4)
    limits.enter(4)
    limits.enter(2)
    assert lib.num_threads == 2 and lib.calls == [4, 2]
    limits.exit(2)
    assert lib.num_threads == 4
    limits.release()   # a step without a limit while limited ones run: the cap stays
    assert lib.num_threads == 4
    limits.exit(4)
    limits.exit(4)
    assert lib.num_threads == 4 and lib.calls == [4, 2, 4]  # kept once no step runs: cheap for the next
    limits.release()
    assert lib.num_threads == 8 and limits.applied == 0


def test_a_library_loaded_after_the_first_look_is_capped_too(monkeypatch):
    first, later = _FakeLibrary(8), _FakeLibrary(4)
    first.filepath, later.filepath = "numpy-openblas.so", "scipy-openblas.so"
    loaded = [first]
    limits = BlasLimits()
    limits._controller = lambda: types.SimpleNamespace(lib_controllers=list(loaded))
    limits.enter(2)
    limits.exit(2)
    assert first.num_threads == 2
    loaded.append(later)  # as `import scipy` loads SciPy's own OpenBLAS
    monkeypatch.setitem(sys.modules, "a_module_imported_since", types.ModuleType("a_module_imported_since"))
    limits.release()
    assert (first.num_threads, later.num_threads) == (8, 4)  # each library's own count
    limits.enter(1)
    assert (first.num_threads, later.num_threads) == (1, 1)


def test_without_threadpoolctl_the_limit_is_reported_once_and_our_pools_still_follow(g, monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "threadpoolctl", None)  # the import fails as when it is not installed
    limits = BlasLimits()
    monkeypatch.setattr(thread_pools, "BLAS_LIMITS", limits)
    monkeypatch.setattr("tfsess.runtime.local.BLAS_LIMITS", limits)
    x = tf.placeholder(tf.float32, [300_000])
    y = tf.tanh(x * 2.0 + 1.0) - 0.5
    sess = tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=1))
    value = np.linspace(-1, 1, 300_000, dtype=np.float32)
    with caplog.at_level(logging.WARNING, logger="tensorflow"):
        for _ in range(3):
            out = sess.run(y, {x: value})
    np.testing.assert_array_equal(out, fast_math.tanh(value * 2.0 + 1.0) - 0.5)  # the process's tanh route
    assert len([r for r in caplog.records if "threadpoolctl" in r.getMessage()]) == 1
    plan = sess.runtime.plan(sess._handler(y, (x,)).signature)
    assert plan.fused and all(fused.kernel.workers == 1 for fused, _ in plan.fused)


def test_chain_workers_follow_each_sessions_limit(g):
    x = tf.placeholder(tf.float32, [300_000])
    y = tf.tanh(x * 2.0 + 1.0) - 0.5
    value = np.ones(300_000, np.float32)
    plans = {}
    for threads in (0, 1, 2):
        sess = tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=threads))
        results = sess.run(y, {x: value})
        np.testing.assert_array_equal(results, fast_math.tanh(value * 2.0 + 1.0) - 0.5)
        plans[threads] = sess.runtime.plan(sess._handler(y, (x,)).signature)
    assert {t: [f.kernel.workers for f, _ in p.fused] for t, p in plans.items()} == {0: [0], 1: [1], 2: [2]}


def test_inter_op_pools_as_tf_sizes_them(monkeypatch):
    monkeypatch.setattr(thread_pools, "cpu_count", lambda: 6)
    default = SessionPools(tf.ConfigProto())
    assert default.pools[0] is SessionPools(tf.ConfigProto(inter_op_parallelism_threads=3)).pools[0]  # global
    own = SessionPools(tf.ConfigProto(use_per_session_threads=True, inter_op_parallelism_threads=3))
    assert own.pools[0].num_threads == 3 and own.pools[0] is not default.pools[0]
    assert SessionPools(tf.ConfigProto(use_per_session_threads=True)).pools[0].num_threads == 6
    config = tf.ConfigProto(inter_op_parallelism_threads=4, session_inter_op_thread_pool=[
        ThreadPoolOptionProto(num_threads=1), ThreadPoolOptionProto(), ThreadPoolOptionProto(
            num_threads=2, global_name="test-threads-shared")])
    pools = SessionPools(config)
    assert [p.num_threads for p in pools.pools] == [1, 4, 2]
    again = SessionPools(config)
    assert again.pools[2] is pools.pools[2] and again.pools[0] is not pools.pools[0]
    assert pools.pool_for(tf.RunOptions(inter_op_thread_pool=0)) is None     # one thread: the caller's
    assert pools.pool_for(tf.RunOptions(inter_op_thread_pool=1)) is pools.pools[1]
    assert pools.pool_for(tf.RunOptions(inter_op_thread_pool=-1)) is None
    assert SessionPools(tf.ConfigProto(inter_op_parallelism_threads=-1)).pool_for(None) is None
    assert not SessionPools(tf.ConfigProto(inter_op_parallelism_threads=-1)).may_run_parallel()
    own.close()
    pools.close()


@pytest.mark.parametrize("index", [3, -2, 1])
def test_run_options_naming_no_pool_raise_tf_error(g, index):
    x = tf.constant(2.0) * 3.0
    sess = tf.Session(config=tf.ConfigProto(session_inter_op_thread_pool=[ThreadPoolOptionProto(num_threads=2)] * 1))
    with pytest.raises(tf.errors.InvalidArgumentError, match=f"Invalid inter_op_thread_pool: {index}"):
        sess.run(x, options=tf.RunOptions(inter_op_thread_pool=index))
    assert sess.run(x, options=tf.RunOptions(inter_op_thread_pool=-1)) == 6.0  # the caller's thread
    assert sess.run(x, options=tf.RunOptions(inter_op_thread_pool=0)) == 6.0
