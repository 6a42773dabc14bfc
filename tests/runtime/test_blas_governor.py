"""The BLAS thread count learned per plan for sessions without intra_op_parallelism_threads."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.runtime import blas_governor
from tfsess.runtime.blas_governor import PlanThreads
from tfsess.runtime.thread_pools import BlasLimits


def _drive(learning, seconds_for, runs):
    """Runs `learning` `runs` times, each taking seconds_for(threads); returns the counts used."""
    used = []
    for _ in range(runs):
        threads = learning.threads_for_next_run()
        used.append(threads)
        learning.record(threads, seconds_for(threads))
    return used


def test_a_quiet_machine_keeps_every_thread_and_probes_less_and_less():
    learning = PlanThreads(4)
    used = _drive(learning, {4: 0.01, 1: 0.03}.get, 2000)
    assert learning.current == 4
    assert used[:8] == [4] * 5 + [1] * 3      # after three compiled runs, three runs try one thread
    probes = used.count(1) // blas_governor.PROBE_RUNS
    assert 3 <= probes <= 10                  # then backs off: 20 s of runs, probes at most every 8 s
    assert learning.probe_every == blas_governor.MAX_PROBE_EVERY_SECONDS


def test_occasional_slow_runs_do_not_move_a_plan_off_the_faster_count():
    learning = PlanThreads(2)
    times = iter([0.006, 0.012] * 2000)       # every other run on two threads hiccups
    used = _drive(learning, lambda threads: next(times) if threads == 2 else 0.0095, 1000)
    assert learning.current == 2 and used.count(1) <= 10 * blas_governor.PROBE_RUNS


def test_a_loaded_machine_drops_to_one_thread_and_returns_when_the_load_goes():
    learning = PlanThreads(2)
    load = {"busy": True}

    def seconds(threads):
        return (0.1 if threads == 2 else 0.01) if load["busy"] else (0.005 if threads == 2 else 0.009)

    used = _drive(learning, seconds, 10)
    assert learning.current == 1 and used == [2] * 5 + [1] * 5
    load["busy"] = False
    _drive(learning, seconds, 200)            # a probe of two threads now wins
    assert learning.current == 2


def test_a_probe_must_win_clearly_to_switch():
    learning = PlanThreads(2)
    _drive(learning, {2: 0.010, 1: 0.0095}.get, 100)
    assert learning.current == 2


def test_quick_plans_stop_being_governed():
    learning = PlanThreads(2)
    _drive(learning, lambda threads: 1e-5, 3)
    assert not learning.worth_governing


class _FakeLibrary:
    internal_api = "fakeblas"

    def __init__(self, threads):
        self.num_threads = threads

    def set_num_threads(self, n):
        self.num_threads = n


@pytest.fixture
def fake_blas(monkeypatch):
    limits, lib = BlasLimits(), _FakeLibrary(2)
    limits._libraries = [(lib, 2)]
    monkeypatch.setattr("tfsess.runtime.local.BLAS_LIMITS", limits)
    monkeypatch.setattr(blas_governor, "MIN_GOVERNED_SECONDS", 0.0)  # these test plans run in microseconds
    return lib


def _matmul_and_thread_count(lib):
    x = tf.Variable(np.ones((4, 4), np.float32))  # a constant product would be folded away
    product = tf.matmul(x, x)
    seen = tf.py_func(lambda: np.int64(lib.num_threads), [], tf.int64)
    return product, seen


def test_a_session_probes_one_thread_after_its_first_compiled_runs_and_follows_what_it_learned(g, fake_blas):
    fetches = _matmul_and_thread_count(fake_blas)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    assert [sess.run(fetches)[1] for _ in range(8)] == [2] * 5 + [1] * 3
    (learning,) = sess._runtime._blas_threads.values()
    learning.current, learning.probe_every = 1, 1e9   # as after a winning probe, with no probe due
    assert sess.run(fetches)[1] == 1
    np.testing.assert_array_equal(sess.run(fetches)[0], np.full((4, 4), 4, np.float32))


def test_configured_limits_and_plans_without_blas_work_are_not_governed(g, fake_blas):
    product, seen = _matmul_and_thread_count(fake_blas)
    init = tf.global_variables_initializer()
    limited = tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=1))
    limited.run(init)
    assert [limited.run(seen) for _ in range(4)] == [1] * 4
    assert limited._runtime._blas_threads == {}
    plain = tf.Session()
    plain.run(init)
    plain.run(tf.constant(1.0) + 1.0)
    assert plain._runtime._blas_threads == {}
    plain.run([product, seen])
    assert len(plain._runtime._blas_threads) == 1


def test_plans_too_quick_for_threads_to_matter_are_dropped_after_their_first_run(g, fake_blas, monkeypatch):
    monkeypatch.setattr(blas_governor, "MIN_GOVERNED_SECONDS", 10.0)
    fetches = _matmul_and_thread_count(fake_blas)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
        sess.run(fetches)
    assert sess._runtime._blas_threads == {}


def test_a_plan_with_parallel_branches_runs_them_at_once_only_on_one_blas_thread(g, fake_blas, monkeypatch):
    import tfsess.runtime.local as local
    parallel_runs = []

    def counting(*args):
        parallel_runs.append(fake_blas.num_threads)
        return run_parallel(*args)

    run_parallel = local.run_parallel
    monkeypatch.setattr(local, "run_parallel", counting)
    a = tf.Variable(np.ones((300, 300), np.float32))
    b = tf.Variable(np.full((300, 300), 2, np.float32))
    total = tf.reduce_sum(tf.matmul(a, a)) + tf.reduce_sum(tf.matmul(b, b))  # two independent heavy branches
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    values = [sess.run(total) for _ in range(8)]
    (learning,) = sess._runtime._blas_threads.values()
    assert values == [300.0 * 300 * 300 * 5] * 8
    assert parallel_runs == [1] * 3           # the probe's three runs on one thread
    learning.probe_every = 1e9
    for threads, runs in ((1, [1] * 4), (2, [1] * 4), (1, [1] * 5)):
        learning.current = threads            # as after a probe that won
        assert sess.run(total) == values[0]
        assert parallel_runs == runs


def test_load_arriving_mid_run_is_answered_within_a_few_runs():
    learning = PlanThreads(2)
    _drive(learning, {2: 0.006, 1: 0.0095}.get, 60)      # quiet: two threads, probes backing off
    assert learning.current == 2 and learning.probe_every > blas_governor.PROBE_EVERY_SECONDS
    used = _drive(learning, {2: 0.06, 1: 0.012}.get, 12)  # load arrives: two threads now spin
    assert learning.current == 1 and used[:3] == [2, 2, 2] and used[-3:] == [1, 1, 1]
