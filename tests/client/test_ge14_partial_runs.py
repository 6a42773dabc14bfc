"""Partial runs run each op once, end their handle as TF does; callables without feeds take no arguments."""
import numpy as np
import pytest

import tfsess as tf


def _counter_graph():
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(0, name='v')
        p = tf.placeholder(tf.int32, shape=[], name='p')
        inc = tf.assign_add(v, 1)
        a = inc * 1
        b = inc * 10 + p
    return g, v, p, a, b


def test_stateful_op_runs_once_across_steps():
    g, v, p, a, b = _counter_graph()
    sess = tf.Session(graph=g)
    sess.run(v.initializer)
    h = sess.partial_run_setup([a, b], [p])
    assert sess.partial_run(h, a) == 1
    assert sess.partial_run(h, b, {p: 0}) == 10
    assert sess.run(v) == 1


def test_control_dependency_on_an_op_that_ran_holds():
    g = tf.Graph()
    with g.as_default():
        w = tf.Variable(0, name='w')
        q = tf.placeholder(tf.float32, shape=[], name='q')
        inc = tf.assign_add(w, 1)
        first = tf.cast(inc, tf.float32)
        with tf.control_dependencies([inc]):
            after = tf.identity(q) * 3.0
    sess = tf.Session(graph=g)
    sess.run(w.initializer)
    h = sess.partial_run_setup([first, after], [q])
    assert sess.partial_run(h, first) == 1.0
    assert sess.partial_run(h, after, {q: 2.0}) == 6.0
    assert sess.run(w) == 1


def test_random_draw_shared_by_two_steps():
    g = tf.Graph()
    with g.as_default():
        r = tf.random_uniform([4], seed=3)
        p = tf.placeholder(tf.float32, shape=[])
        a, b = r * 1.0, r + p
    sess = tf.Session(graph=g)
    h = sess.partial_run_setup([a, b], [p])
    np.testing.assert_allclose(sess.partial_run(h, a), sess.partial_run(h, b, {p: 0.0}))


def test_setup_target_runs_once_its_feed_arrives():
    g = tf.Graph()
    with g.as_default():
        v = tf.Variable(1.0)
        p = tf.placeholder(tf.float32, shape=[])
        upd = tf.assign(v, p)
        q = tf.placeholder(tf.float32, shape=[])
        r = q * 2.0
    sess = tf.Session(graph=g)
    sess.run(v.initializer)
    h = sess.partial_run_setup([upd.op, r], [p, q])
    assert sess.partial_run(h, r, {q: 1.5}) == 3.0
    assert sess.run(v) == 1.0
    assert sess.partial_run(h, [], {p: 4.0}) == []
    assert sess.run(v) == 4.0


def test_partial_run_errors_and_handle_lifetime():
    g = tf.Graph()
    with g.as_default():
        a = tf.placeholder(tf.float32, shape=[None], name='a')
        idx = tf.placeholder(tf.int32, shape=[], name='idx')
        picked = tf.gather(a, idx)
        total = tf.reduce_sum(a, name='total')
    sess = tf.Session(graph=g)
    with pytest.raises(tf.errors.InvalidArgumentError, match='a:0 is both fed and fetched'):
        sess.partial_run_setup([a, total], [a])
    h = sess.partial_run_setup([total, picked], [a, idx])
    with pytest.raises(RuntimeError, match='requires empty `target_list`'):
        sess.partial_run(h, [total, picked.op], {a: [1.0]})
    with pytest.raises(tf.errors.InvalidArgumentError, match="total:0 can't be computed from the feeds"):
        sess.partial_run(h, total)
    assert sess.partial_run(h, total, {a: [1.0, 2.0]}) == 3.0
    with pytest.raises(tf.errors.InvalidArgumentError):
        sess.partial_run(h, picked, {idx: 9})
    with pytest.raises(tf.errors.InvalidArgumentError, match="Must run 'setup'"):
        sess.partial_run(h, picked, {idx: 0})   # a failed step ended the partial run
    h = sess.partial_run_setup([total], [a])
    assert sess.partial_run(h, total, {a: [2.0]}) == 2.0
    with pytest.raises(tf.errors.InvalidArgumentError, match="Must run 'setup'"):
        sess.partial_run(h, [])   # every feed fed and fetch fetched: the handle is gone


def test_callable_without_feed_list_takes_no_arguments():
    g = tf.Graph()
    with g.as_default():
        c = tf.constant([1, 2])
        x = tf.placeholder(tf.int32, shape=[])
    sess = tf.Session(graph=g)
    with pytest.raises(TypeError):
        sess.make_callable(c)(1)
    with pytest.raises(TypeError):
        sess.make_callable(c)(options=tf.RunOptions())
    assert sess.make_callable(c, [])(5).tolist() == [1, 2]   # a feed list, even empty, zips its arguments
    assert sess.make_callable(x + 1, [x])(1, 'extra') == 2


def test_resource_assign_without_outputs_runs_once():
    g = tf.Graph()
    with g.as_default():
        v = tf.get_variable('rv', initializer=1.0, use_resource=True)
        p = tf.placeholder(tf.float32, shape=[])
        a = v.assign_add(1.0)   # reads after an AssignAddVariableOp, which has no outputs to feed
        b = a + p
    sess = tf.Session(graph=g)
    sess.run(v.initializer)
    h = sess.partial_run_setup([a, b], [p])
    assert sess.partial_run(h, a) == 2.0
    assert sess.partial_run(h, b, {p: 10.0}) == 12.0
    assert sess.run(v) == 2.0
