"""Iterators: one-shot, initializable, reinitializable and feedable; their state lives in each session."""
import numpy as np
import pytest

import tfsess as tf


def test_end_of_sequence_is_sticky_and_session_stays_usable(g):
    nxt = tf.data.make_one_shot_iterator(tf.data.Dataset.range(1)).get_next()
    other = tf.constant(5)
    sess = tf.Session()
    assert sess.run(nxt) == 0
    for _ in range(2):
        with pytest.raises(tf.errors.OutOfRangeError):
            sess.run(nxt)
    assert sess.run(other) == 5


def test_one_shot_rejects_placeholders(g):
    x = tf.placeholder(tf.int32, [None])
    with pytest.raises(ValueError, match="Placeholder"):
        tf.data.make_one_shot_iterator(tf.data.Dataset.from_tensor_slices(x))


def test_uninitialized_iterator_fails_precondition(g):
    it = tf.data.make_initializable_iterator(tf.data.Dataset.range(2))
    with pytest.raises(tf.errors.FailedPreconditionError, match="not been initialized"):
        tf.Session().run(it.get_next())


def test_initializable_refeeds_and_sessions_are_independent(g):
    x = tf.placeholder(tf.int32, [None])
    it = tf.data.make_initializable_iterator(tf.data.Dataset.from_tensor_slices(x))
    nxt = it.get_next()
    s1, s2 = tf.Session(), tf.Session()
    s1.run(it.initializer, {x: [1, 2]})
    s2.run(it.initializer, {x: [7]})
    assert [s1.run(nxt), s2.run(nxt), s1.run(nxt)] == [1, 7, 2]
    with pytest.raises(tf.errors.OutOfRangeError):
        s2.run(nxt)
    s2.run(it.initializer, {x: [8]})
    assert s2.run(nxt) == 8


def test_reinitializable_checks_structure(g):
    it = tf.data.Iterator.from_structure(tf.int64, tf.TensorShape([]))
    with pytest.raises(TypeError):
        it.make_initializer(tf.data.Dataset.from_tensors(1.0))
    with pytest.raises(ValueError, match="initializer"):
        it.initializer
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(it.make_initializer(tf.data.Dataset.range(3, 5)))
    assert sess.run(nxt) == 3
    sess.run(it.make_initializer(tf.data.Dataset.range(9, 10)))
    assert sess.run(nxt) == 9


def test_feedable_iterator_switches_between_iterators(g):
    train = tf.data.Dataset.range(100).make_one_shot_iterator()
    val = tf.data.Dataset.range(50, 52).make_initializable_iterator()
    handle = tf.placeholder(tf.string, [])
    it = tf.data.Iterator.from_string_handle(handle, train.output_types, train.output_shapes)
    nxt = it.get_next()
    sess = tf.Session()
    h_train, h_val = sess.run([train.string_handle(), val.string_handle()])
    sess.run(val.initializer)
    assert [sess.run(nxt, {handle: h_train}), sess.run(nxt, {handle: h_val}),
            sess.run(nxt, {handle: h_train})] == [0, 50, 1]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Could not parse string handle"):
        sess.run(nxt, {handle: b"no such iterator"})  # not a handle at all, as TF reads it
    with pytest.raises(tf.errors.NotFoundError):
        tf.Session().run(nxt, {handle: h_val})  # a handle of an iterator another session made


def test_get_next_shapes_and_types(g):
    ds = tf.data.Dataset.range(4).map(lambda x: (x, tf.as_string(x))).batch(2, drop_remainder=True)
    a, b = tf.data.make_one_shot_iterator(ds).get_next()
    assert (a.dtype, b.dtype) == (tf.int64, tf.string)
    assert a.shape.as_list() == [2]
    np.testing.assert_array_equal(tf.Session().run(b), [b"0", b"1"])


def test_failed_get_next_still_runs_independent_ops(g):
    it = tf.data.make_one_shot_iterator(tf.data.Dataset.range(1))
    count = tf.Variable(0)
    step = tf.group(tf.reduce_sum(it.get_next()), count.assign_add(1))
    sess = tf.Session()
    sess.run(count.initializer)
    sess.run(step)
    with pytest.raises(tf.errors.OutOfRangeError):
        sess.run(step)
    assert sess.run(count) == 2
