"""close() while another thread's step runs: that step ends with CancelledError within a second,
as TF's does, and the closing thread returns at once."""
import threading
import time

import numpy as np

import tfsess as tf
from tfsess.framework import errors


def _run_in_thread(sess, fetch, feeds=None):
    outcome = {}

    def work():
        try:
            sess.run(fetch, feeds)
            outcome["result"] = "finished"
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            outcome["error"] = exc
        outcome["ended"] = time.monotonic()
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread, outcome


def test_closing_during_a_long_step_cancels_it_between_ops(fresh_graph):
    v = tf.Variable(np.eye(200, dtype=np.float32))
    rows = tf.placeholder(tf.float32, [None, 200])
    x = rows
    for _ in range(1000):  # a long step when many rows are fed: 1,000 matmuls reading the variable
        x = tf.tanh(tf.matmul(x, v))
    sess = tf.Session()
    sess.run(v.initializer)
    sess.run(x, {rows: np.ones((1, 200), np.float32)})  # compiles the plan: the next run only computes
    thread, outcome = _run_in_thread(sess, x, {rows: np.ones((4000, 200), np.float32)})
    time.sleep(0.2)
    assert thread.is_alive(), "the step must still be running when the session closes"
    started = time.monotonic()
    sess.close()
    assert time.monotonic() - started < 1.0       # the closing thread does not hang
    thread.join(10)
    assert not thread.is_alive()
    assert isinstance(outcome.get("error"), errors.CancelledError), outcome
    assert outcome["ended"] - started < 1.0


def test_closing_during_a_blocked_dequeue_cancels_it(fresh_graph):
    q = tf.FIFOQueue(4, tf.float32)
    sess = tf.Session()
    thread, outcome = _run_in_thread(sess, q.dequeue())
    time.sleep(0.2)
    started = time.monotonic()
    sess.close()
    thread.join(5)
    assert isinstance(outcome.get("error"), errors.CancelledError), outcome
    assert outcome["ended"] - started < 1.0


def test_closing_during_a_long_while_loop_cancels_it(fresh_graph):
    v = tf.Variable(1.0)
    _, total = tf.while_loop(lambda i, s: i < 10**7, lambda i, s: (i + 1, s + v), [tf.constant(0), tf.constant(0.0)])
    sess = tf.Session()
    sess.run(v.initializer)
    thread, outcome = _run_in_thread(sess, total)
    time.sleep(0.3)
    started = time.monotonic()
    sess.close()
    thread.join(5)
    assert isinstance(outcome.get("error"), errors.CancelledError), outcome
    assert outcome["ended"] - started < 1.0
