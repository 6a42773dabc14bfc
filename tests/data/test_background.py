"""Background work on session-owned threads: prefetch, parallel map, generators; closing stops it."""
import threading
import time

import numpy as np
import pytest

import tfsess as tf
from tfsess.data.background import THREAD_PREFIX


def our_threads():
    return [t for t in threading.enumerate() if t.name.startswith(THREAD_PREFIX)]


def wait_until_gone(seconds=2.0):
    end = time.monotonic() + seconds
    while our_threads() and time.monotonic() < end:
        time.sleep(0.01)
    return our_threads()


def blocked_get_next(sess, nxt):
    """Runs `nxt` on another thread; returns (thread, outcome dict with the error and when it came)."""
    outcome = {}

    def run():
        try:
            outcome["value"] = sess.run(nxt)
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            outcome["error"], outcome["at"] = exc, time.monotonic()
    thread = threading.Thread(target=run)
    thread.start()
    time.sleep(0.3)
    return thread, outcome


@pytest.mark.parametrize("prefetch", [False, True])
def test_close_cancels_a_get_next_blocked_on_a_generator(g, prefetch):
    release = threading.Event()

    def waits():
        yield 1
        release.wait(10)  # blocks until the test lets it go
        yield 2

    ds = tf.data.Dataset.from_generator(waits, tf.int64, tf.TensorShape([]))
    if prefetch:
        ds = ds.prefetch(1)
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    assert sess.run(nxt) == 1
    thread, outcome = blocked_get_next(sess, nxt)
    assert thread.is_alive() and not outcome
    closed_at = time.monotonic()
    sess.close()
    thread.join(2)
    assert isinstance(outcome.get("error"), tf.errors.CancelledError)
    assert outcome["at"] - closed_at < 1.0
    release.set()  # the generator returns from user code: its thread sees the close and ends
    assert wait_until_gone() == []


def test_close_stops_a_prefetch_thread_waiting_for_room(g):
    nxt = tf.data.make_one_shot_iterator(tf.data.Dataset.range(10 ** 9).prefetch(4)).get_next()
    sess = tf.Session()
    assert sess.run(nxt) == 0
    assert our_threads()  # the prefetch thread, holding 4 elements and waiting for room
    sess.close()
    assert wait_until_gone() == []


def test_prefetch_computes_ahead_of_get_next(g):
    produced = []

    def counting():
        for i in range(10):
            produced.append(i)
            yield i
    nxt = tf.data.make_one_shot_iterator(
        tf.data.Dataset.from_generator(counting, tf.int64).prefetch(3)).get_next()
    with tf.Session() as sess:
        assert sess.run(nxt) == 0
        end = time.monotonic() + 2
        while len(produced) < 5 and time.monotonic() < end:
            time.sleep(0.01)
        assert len(produced) >= 5  # one taken, three buffered, one waiting to be put
        assert [sess.run(nxt) for _ in range(9)] == list(range(1, 10))
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(nxt)


def test_parallel_map_runs_on_several_threads_in_input_order(g):
    seen = set()

    def slow_identity(x):
        seen.add((threading.current_thread().name, threading.get_ident()))
        time.sleep(0.01)
        return x
    ds = tf.data.Dataset.range(40).map(lambda x: tf.py_func(slow_identity, [x], tf.int64), num_parallel_calls=4)
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    with tf.Session() as sess:
        assert [sess.run(nxt) for _ in range(40)] == list(range(40))
    assert len({ident for name, ident in seen if name.startswith(THREAD_PREFIX)}) > 1
    assert wait_until_gone() == []


def test_parallel_map_error_names_the_op_and_the_iterator_goes_on(g):
    ds = tf.data.Dataset.from_tensor_slices(np.array([1, 0, 2], np.int32)).map(
        lambda x: tf.floordiv(4, x), num_parallel_calls=tf.data.experimental.AUTOTUNE)
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    with tf.Session() as sess:
        assert sess.run(nxt) == 4
        with pytest.raises(tf.errors.InvalidArgumentError, match="node floordiv"):
            sess.run(nxt)
        assert sess.run(nxt) == 2


def test_reinitializing_stops_the_previous_threads(g):
    source = tf.placeholder(tf.int64, [])
    it = tf.data.make_initializable_iterator(tf.data.Dataset.range(source).prefetch(2))
    nxt = it.get_next()
    with tf.Session() as sess:
        for n in (10 ** 9, 3):
            sess.run(it.initializer, {source: n})
            assert sess.run(nxt) == 0
        assert [sess.run(nxt) for _ in range(2)] == [1, 2]
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(nxt)
    assert wait_until_gone() == []


def test_a_generator_advances_only_when_asked(g):
    produced = []

    def counting():
        for i in range(3):
            produced.append(i)
            yield i
    nxt = tf.data.make_one_shot_iterator(tf.data.Dataset.from_generator(counting, tf.int64)).get_next()
    with tf.Session() as sess:
        assert sess.run(nxt) == 0
        time.sleep(0.1)
        assert produced == [0]
        assert [sess.run(nxt), sess.run(nxt)] == [1, 2] and produced == [0, 1, 2]
    assert wait_until_gone() == []


def test_an_exception_in_a_generator_reaches_get_next(g):
    def failing():
        yield 1
        raise ValueError("broken source")
    nxt = tf.data.make_one_shot_iterator(tf.data.Dataset.from_generator(failing, tf.int64)).get_next()
    with tf.Session() as sess:
        assert sess.run(nxt) == 1
        with pytest.raises(tf.errors.InvalidArgumentError, match="broken source"):  # as TF raises it
            sess.run(nxt)
