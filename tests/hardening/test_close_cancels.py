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


def test_closing_during_a_step_reading_variables_cancels_it(fresh_graph):
    v = tf.Variable(np.ones((200, 200), np.float32))
    x = tf.identity(v)
    for _ in range(3000):  # a long step: each op reads the variable again
        x = tf.tanh(tf.matmul(x, v) * 1e-3)
    sess = tf.Session()
    sess.run(v.initializer)
    thread, outcome = _run_in_thread(sess, x)
    time.sleep(0.3)
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
