"""tf.CriticalSection: exclusive execution across concurrent runs, TF's graph checks, a failed run releases."""
import threading
import time

import pytest

import tfsess as tf


def test_concurrent_runs_take_turns(g):
    v = tf.Variable(0, use_resource=True)
    section = tf.CriticalSection(name="section")

    def bump():
        with tf.control_dependencies([v.read_value()]):
            return v.assign_add(1)
    bumped = section.execute(bump)
    sess = tf.Session()
    sess.run(v.initializer)
    seen = []

    def work():
        for _ in range(25):
            seen.append(int(sess.run(bumped)))
    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(seen) == list(range(1, 101))  # every read-then-add ran alone
    assert [o.type for o in g.get_operations() if "Mutex" in o.type] == ["MutexV2", "MutexLock", "ConsumeMutexLock"]
    assert g.as_graph_def() is not None


def test_two_sections_in_one_run_and_a_failed_run_releases_the_lock(g):
    section = tf.CriticalSection()
    x = tf.placeholder(tf.float32, [])
    first = section.execute(lambda: x * 2.0)
    second = section.execute(lambda: tf.debugging.check_numerics(tf.math.log(x), "log"))
    sess = tf.Session()
    assert sess.run([first, second], {x: 1.0}) == [2.0, 0.0]
    with pytest.raises(tf.errors.InvalidArgumentError, match="log"):
        sess.run(second, {x: -1.0})
    assert sess.run(first, {x: 3.0}) == 6.0  # the failed run's lock died with it


def test_nested_and_shared_resource_executions_are_refused(g):
    v = tf.Variable(1.0, use_resource=True)
    section, other = tf.CriticalSection(name="a"), tf.CriticalSection(name="b")
    with pytest.raises(ValueError, match="Attempting to lock a CriticalSection .* in which we are already running"):
        section.execute(lambda: section.execute(lambda: tf.constant(1.0)))
    section.execute(lambda: v.assign_add(1.0))
    with pytest.raises(ValueError, match="requested exclusive resource access"):
        other.execute(lambda: v.assign_add(2.0))


def _sleepy(a):
    time.sleep(0.5)
    return a


def test_a_waiting_run_ends_at_its_deadline(g):
    section = tf.CriticalSection()
    x = tf.placeholder(tf.float32, [])
    slow = section.execute(lambda: tf.py_func(_sleepy, [x], tf.float32))
    sess = tf.Session()
    started = threading.Event()

    def hold():
        started.set()
        sess.run(slow, {x: 1.0})
    holder = threading.Thread(target=hold)
    holder.start()
    started.wait()
    time.sleep(0.1)
    with pytest.raises(tf.errors.DeadlineExceededError):
        sess.run(slow, {x: 2.0}, options=tf.RunOptions(timeout_in_ms=100))
    holder.join()
    assert sess.run(slow, {x: 3.0}) == 3.0
