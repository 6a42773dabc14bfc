"""tf.Session.reset: closes every open in-process session and drops its resources, as TF's DirectSession does."""
import threading

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors


def test_reset_closes_open_sessions_and_their_variable_values():
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(1.0)
        with tf.container("c1"):
            w = tf.Variable(2.0)
        first = tf.Session()
        first.run(tf.global_variables_initializer())
        other_graph = tf.Graph()
        with other_graph.as_default():
            u = tf.Variable(3.0)
            second = tf.Session()
            second.run(u.initializer)
        assert tf.Session.reset("", ["c1"]) is None
        for session, fetch in ((first, v), (first, w), (second, u)):
            with pytest.raises(errors.CancelledError, match="closed"):
                session.run(fetch)
        first.close()
        second.close()  # closing after a reset still works
        fresh = tf.Session()  # sessions made afterwards start empty and run normally
        with pytest.raises(errors.FailedPreconditionError, match="uninitialized value Variable"):
            fresh.run(v)
        fresh.run(v.initializer)
        assert fresh.run(v) == np.float32(1.0)
        fresh.close()


def test_reset_cancels_a_blocked_dequeue():
    g = tf.Graph()
    with g.as_default():
        q = tf.FIFOQueue(2, tf.float32)
        sess = tf.Session()
        caught = []

        def dequeue():
            try:
                sess.run(q.dequeue())
            except errors.OpError as exc:
                caught.append(exc)
        t = threading.Thread(target=dequeue)
        t.start()
        t.join(0.3)
        try:
            with pytest.raises(errors.NotFoundError):  # as TF: 'local' names no session factory
                tf.Session.reset("local")
            tf.Session.reset("")
        finally:
            sess.close()  # never leave the dequeue thread blocked
        t.join(10)
        assert not t.is_alive()
        assert isinstance(caught[0], errors.CancelledError)
        sess.close()


def test_reset_leaves_closed_sessions_alone_and_accepts_a_config():
    with tf.Graph().as_default():
        c = tf.constant(4.0)
        closed = tf.Session()
        closed.close()
        assert tf.Session.reset(b"", config=tf.ConfigProto()) is None
        with pytest.raises(RuntimeError, match="closed Session"):
            closed.run(c)
        with tf.Session() as sess:
            assert sess.run(c) == 4.0


def test_reset_rejects_bad_targets_and_arguments():
    with pytest.raises(errors.NotFoundError, match='target: "bogus"'):
        tf.Session.reset("bogus")
    with pytest.raises(TypeError, match="containers"):
        tf.Session.reset("", containers="c1")
    with pytest.raises(TypeError, match="ConfigProto"):
        tf.Session.reset("", config={})
