"""Queues: FIFO/padding/random-shuffle/priority semantics, blocking, closing, cancellation, deadlines."""
import threading
import time

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors
from tfsess.runtime.queues import Philox


pytestmark = pytest.mark.usefixtures("reset_graph")


def _in_thread(fn):
    """Runs fn in a thread; returns (thread, box) where box gets 'value' or 'error'."""
    box = {}

    def target():
        try:
            box["value"] = fn()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, box


def _wait_until_blocked(queue_obj, line="_dequeues"):
    """Waits until another thread's attempt is pending in the queue's `line` (checked every ms)."""
    deadline = time.monotonic() + 5
    while not getattr(queue_obj, line):
        assert time.monotonic() < deadline, f"nothing became pending in {line}"
        time.sleep(0.001)


def _queue_object(sess, q):
    return sess.run(q.queue_ref)


def test_fifo_order_size_and_static_shapes():
    q = tf.FIFOQueue(10, [tf.int32, tf.string], shapes=[[2], []], name="q")
    sess = tf.Session()
    sess.run(q.enqueue_many(([[1, 2], [3, 4], [5, 6]], ["a", "b", "c"])))
    assert sess.run(q.size()) == 3
    first = sess.run(q.dequeue())
    np.testing.assert_array_equal(first[0], [1, 2])
    assert first[1] == b"a"
    ints, strs = q.dequeue_many(2)
    assert ints.shape.as_list() == [2, 2] and strs.shape.as_list() == [2]
    got = sess.run([ints, strs])
    np.testing.assert_array_equal(got[0], [[3, 4], [5, 6]])
    assert got[1].tolist() == [b"b", b"c"]
    up_to = q.dequeue_up_to(3)
    assert up_to[0].shape.as_list() == [None, 2]
    assert q.name == "q" and q.queue_ref.dtype == tf.resource
    assert q.enqueue(([0, 0], "x")).name == "q_enqueue" and q.enqueue(([0, 0], "x")).type == "QueueEnqueueV2"


def test_dequeue_up_to_and_many_on_closed_queue():
    q = tf.FIFOQueue(10, tf.float32, shapes=[[]])
    sess = tf.Session()
    sess.run(q.enqueue_many([[1.0, 2.0, 3.0, 4.0, 5.0]]))
    sess.run(q.close())
    with pytest.raises(errors.OutOfRangeError, match="is closed and has insufficient elements"):
        sess.run(q.dequeue_many(6))
    assert sess.run(q.size()) == 5  # a failed dequeue_many takes nothing
    assert sess.run(q.dequeue_up_to(3)).tolist() == [1.0, 2.0, 3.0]
    assert sess.run(q.dequeue_up_to(3)).tolist() == [4.0, 5.0]
    with pytest.raises(errors.OutOfRangeError):
        sess.run(q.dequeue_up_to(3))
    with pytest.raises(errors.OutOfRangeError):
        sess.run(q.dequeue())
    with pytest.raises(errors.CancelledError, match="is closed"):
        sess.run(q.enqueue(1.0))
    with pytest.raises(errors.CancelledError, match="already closed"):
        sess.run(q.close())
    sess.run(q.close(cancel_pending_enqueues=True))  # closing and cancelling again is fine
    assert sess.run(q.dequeue_many(0)).shape == (0,)


def test_close_session_cancels_blocked_dequeue_and_enqueue():
    q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
    full = tf.FIFOQueue(1, tf.int32, shapes=[[]])
    sess = tf.Session()
    sess.run(full.enqueue(1))
    dequeue, enqueue = q.dequeue(), full.enqueue(2)
    dequeue_thread, dequeued = _in_thread(lambda: sess.run(dequeue))
    enqueue_thread, enqueued = _in_thread(lambda: sess.run(enqueue))
    _wait_until_blocked(_queue_object(sess, q), "_dequeues")
    _wait_until_blocked(_queue_object(sess, full), "_enqueues")
    sess.close()
    dequeue_thread.join(1.0)
    enqueue_thread.join(1.0)
    assert not dequeue_thread.is_alive() and not enqueue_thread.is_alive()
    assert isinstance(dequeued["error"], errors.CancelledError)
    assert isinstance(enqueued["error"], errors.CancelledError)
    assert "Dequeue operation was cancelled" in dequeued["error"].message
    assert dequeued["error"].op is not None and dequeued["error"].op.type == "QueueDequeueV2"


def test_close_queue_wakes_blocked_dequeue_with_out_of_range():
    q = tf.FIFOQueue(3, tf.int32, shapes=[[]])
    sess = tf.Session()
    dequeue = q.dequeue_many(2)
    thread, box = _in_thread(lambda: sess.run(dequeue))
    sess.run(q.enqueue(7))
    _wait_until_blocked(_queue_object(sess, q), "_dequeues")
    sess.run(q.close())
    thread.join(1.0)
    assert isinstance(box["error"], errors.OutOfRangeError)
    assert sess.run(q.dequeue_up_to(5)).tolist() == [7]  # the partly served dequeue_many gave it back


def test_two_sessions_hold_separate_queues():
    q = tf.FIFOQueue(5, tf.int32, shapes=[[]])
    a, b = tf.Session(), tf.Session()
    a.run(q.enqueue_many([[1, 2, 3]]))
    assert a.run(q.size()) == 3 and b.run(q.size()) == 0
    b.run(q.close())
    assert not a.run(q.is_closed()) and b.run(q.is_closed())


def test_shared_name_shares_and_checks_compatibility():
    q1 = tf.FIFOQueue(5, tf.int32, shapes=[[]], shared_name="shared")
    q2 = tf.FIFOQueue(5, tf.int32, shapes=[[]], shared_name="shared")
    q3 = tf.FIFOQueue(5, tf.float32, shapes=[[]], shared_name="shared")
    sess = tf.Session()
    sess.run(q1.enqueue(4))
    assert sess.run(q2.dequeue()) == 4
    with pytest.raises(errors.InvalidArgumentError, match="Shared queue 'shared'"):
        sess.run(q3.size())


def test_producer_consumer_threads_lose_and_duplicate_nothing():
    total, batch = 100_000, 500
    q = tf.FIFOQueue(2_000, tf.int64, shapes=[[]])
    chunk = tf.placeholder(tf.int64, [None])
    enqueue = q.enqueue_many([chunk])
    dequeue = q.dequeue_up_to(700)
    sess = tf.Session()
    values = np.arange(total, dtype=np.int64)

    def produce(part):
        for start in range(part * total // 2, (part + 1) * total // 2, batch):
            sess.run(enqueue, {chunk: values[start:start + batch]})

    got = [[], []]

    def consume(k):
        while True:
            try:
                got[k].append(sess.run(dequeue))
            except errors.OutOfRangeError:
                return

    producers = [threading.Thread(target=produce, args=(p,)) for p in range(2)]
    consumers = [threading.Thread(target=consume, args=(c,)) for c in range(2)]
    for t in producers + consumers:
        t.start()
    for t in producers:
        t.join()
    sess.run(q.close())
    for t in consumers:
        t.join(10)
    assert not any(t.is_alive() for t in consumers)
    merged = np.concatenate([np.concatenate(g) for g in got if g])
    assert merged.shape == (total,)
    np.testing.assert_array_equal(np.sort(merged), values)
    for g in got:  # each consumer sees each producer's items in order (FIFO)
        seen = np.concatenate(g)
        for part in range(2):
            mine = seen[(seen >= part * total // 2) & (seen < (part + 1) * total // 2)]
            assert np.all(np.diff(mine) > 0)


def test_run_timeouts_raise_deadline_exceeded_and_leave_queue_usable():
    q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
    sess = tf.Session()
    opts = tf.RunOptions(timeout_in_ms=30)
    with pytest.raises(errors.DeadlineExceededError):
        sess.run(q.dequeue(), options=opts)
    sess.run(q.enqueue(1))
    with pytest.raises(errors.DeadlineExceededError):
        sess.run(q.enqueue(2), options=opts)
    assert sess.run(q.dequeue(), options=opts) == 1
    with pytest.raises(errors.DeadlineExceededError):
        sess.run(q.dequeue_many(2), options=opts)
    sess.run(q.enqueue(3))
    assert sess.run(q.dequeue()) == 3


def test_config_operation_timeout_applies_to_every_run():
    q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
    sess = tf.Session(config=tf.ConfigProto(operation_timeout_in_ms=30))
    with pytest.raises(errors.DeadlineExceededError):
        sess.run(q.dequeue())


def test_close_with_and_without_cancelling_pending_enqueues():
    q = tf.FIFOQueue(1, tf.int32, shapes=[[]])
    x = tf.placeholder(tf.int32, [])
    sess = tf.Session()
    sess.run(q.enqueue(1))
    queue_obj = _queue_object(sess, q)
    # A graceful close waits in line behind the pending enqueue, which still succeeds.
    enqueue = q.enqueue(x)
    thread, box = _in_thread(lambda: sess.run(enqueue, {x: 2}))
    _wait_until_blocked(queue_obj, "_enqueues")
    sess.run(q.close())
    assert not sess.run(q.is_closed())
    assert sess.run(q.dequeue()) == 1
    thread.join(1.0)
    assert "error" not in box and sess.run(q.is_closed())
    assert sess.run(q.dequeue()) == 2
    # Closing with cancel_pending_enqueues cancels a blocked enqueue.
    q2 = tf.FIFOQueue(1, tf.int32, shapes=[[]])
    sess.run(q2.enqueue(1))
    enqueue2 = q2.enqueue(x)
    thread, box = _in_thread(lambda: sess.run(enqueue2, {x: 2}))
    _wait_until_blocked(_queue_object(sess, q2), "_enqueues")
    sess.run(q2.close(cancel_pending_enqueues=True))
    thread.join(1.0)
    assert isinstance(box["error"], errors.CancelledError)
    assert sess.run(q2.dequeue_up_to(5)).tolist() == [1]


def test_enqueue_many_larger_than_capacity_streams_through():
    q = tf.FIFOQueue(3, tf.int32, shapes=[[]])
    sess = tf.Session()
    enqueue = q.enqueue_many([list(range(10))])
    thread, box = _in_thread(lambda: sess.run(enqueue))
    got = sess.run(q.dequeue_many(10))
    thread.join(1.0)
    assert got.tolist() == list(range(10)) and "error" not in box


def test_static_and_runtime_checks():
    q = tf.FIFOQueue(3, tf.float32, shapes=[[2]])
    with pytest.raises(ValueError):
        q.enqueue([1.0, 2.0, 3.0])  # a list is a list of components: 1.0 does not fit [2]
    with pytest.raises(ValueError):
        q.enqueue_many([[1.0, 2.0, 3.0]])
    with pytest.raises(ValueError):
        q.enqueue(tf.constant([1, 2]))  # an int32 tensor for a float32 queue
    with pytest.raises(TypeError):
        tf.FIFOQueue(3, tf.int32).enqueue("a")
    p = tf.placeholder(tf.float32)
    enq = q.enqueue(p)
    sess = tf.Session()
    with pytest.raises(errors.InvalidArgumentError, match="Shape mismatch in tuple component 0") as info:
        sess.run(enq, {p: [1.0, 2.0, 3.0]})
    assert info.value.op is enq
    pair = tf.FIFOQueue(3, [tf.int32, tf.string], shapes=[[], []])
    with pytest.raises(errors.InvalidArgumentError, match="Signature mismatch"):
        sess.run(pair.enqueue((1,)))
    unshaped = tf.FIFOQueue(3, tf.int32)
    assert unshaped.dequeue().shape.ndims is None
    with pytest.raises(errors.InvalidArgumentError, match="specified shapes"):
        sess.run(unshaped.dequeue_many(1))
    with pytest.raises(ValueError):
        tf.FIFOQueue(3, tf.int32, shapes=[[None]])
    with pytest.raises(ValueError):
        tf.FIFOQueue(3, [tf.int32, tf.int32], shapes=[[], [], []])


def test_named_components_enqueue_and_dequeue_dicts():
    q = tf.FIFOQueue(3, [tf.int32, tf.float32], shapes=[[], []], names=["i", "f"])
    sess = tf.Session()
    sess.run(q.enqueue({"f": 2.5, "i": 3}))
    out = q.dequeue()
    assert set(out) == {"i", "f"}
    assert sess.run(out) == {"i": 3, "f": 2.5}
    with pytest.raises(ValueError):
        q.enqueue((1, 2.0))
    with pytest.raises(ValueError):
        q.enqueue({"i": 1})


def test_padding_fifo_queue_pads_each_batch():
    q = tf.PaddingFIFOQueue(10, [tf.int32, tf.string], shapes=[[None], [None, 2]])
    sess = tf.Session()
    sess.run(q.enqueue(([1], [["a", "b"]])))
    sess.run(q.enqueue(([1, 2, 3], [["c", "d"], ["e", "f"]])))
    ints, strs = q.dequeue_many(2)
    assert ints.shape.as_list() == [2, None] and strs.shape.as_list() == [2, None, 2]
    got_ints, got_strs = sess.run([ints, strs])
    np.testing.assert_array_equal(got_ints, [[1, 0, 0], [1, 2, 3]])
    assert got_strs.tolist() == [[[b"a", b"b"], [b"", b""]], [[b"c", b"d"], [b"e", b"f"]]]
    with pytest.raises(ValueError):
        q.enqueue(([1], [["a", "b", "c"]]))
    words = tf.placeholder(tf.string)
    with pytest.raises(errors.InvalidArgumentError, match="Shape mismatch in tuple component 1"):
        sess.run(q.enqueue(([1], words)), {words: [["a", "b", "c"]]})
    with pytest.raises(ValueError):
        tf.PaddingFIFOQueue(3, tf.int32, shapes=None)


def test_random_shuffle_queue_is_seeded_and_keeps_min_after_dequeue():
    def order(seed):
        tf.reset_default_graph()
        q = tf.RandomShuffleQueue(20, 0, tf.int32, shapes=[[]], seed=seed)
        sess = tf.Session()
        sess.run(q.enqueue_many([list(range(20))]))
        return sess.run(q.dequeue_many(20)).tolist()

    first = order(7)
    assert sorted(first) == list(range(20)) and first != list(range(20))
    assert order(7) == first
    assert order(8) != first

    tf.reset_default_graph()
    q = tf.RandomShuffleQueue(10, 3, tf.float32, shapes=[[]], seed=1)
    sess = tf.Session()
    sess.run(q.enqueue_many([[1.0, 2.0, 3.0, 4.0]]))
    sess.run(q.dequeue())  # one above min_after_dequeue
    with pytest.raises(errors.DeadlineExceededError):
        sess.run(q.dequeue(), options=tf.RunOptions(timeout_in_ms=30))
    sess.run(q.close())  # closing lifts min_after_dequeue
    assert len(sess.run(q.dequeue_up_to(10))) == 3


def test_random_shuffle_queue_graph_seed_makes_it_deterministic():
    def order():
        tf.reset_default_graph()
        tf.set_random_seed(11)
        q = tf.RandomShuffleQueue(8, 0, tf.int32, shapes=[[]])
        sess = tf.Session()
        sess.run(q.enqueue_many([list(range(8))]))
        return sess.run(q.dequeue_many(8)).tolist()

    assert order() == order()


def test_priority_queue_dequeues_smallest_priority_first():
    q = tf.PriorityQueue(10, [tf.string], shapes=[[]])
    sess = tf.Session()
    sess.run(q.enqueue_many(([5, 1, 3], ["five", "one", "three"])))
    priorities, names = sess.run(q.dequeue_many(3))
    assert priorities.tolist() == [1, 3, 5] and names.tolist() == [b"one", b"three", b"five"]


def test_philox_matches_random123_known_answers():
    gen = Philox(0, 0)
    assert [gen() for _ in range(4)] == [0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8]
    gen = Philox(0, 0)
    gen._key = (0xA4093822, 0x299F31D0)
    gen._counter = [0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344]
    assert [gen() for _ in range(4)] == [0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1]
