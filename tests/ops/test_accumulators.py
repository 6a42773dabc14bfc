"""Conditional accumulators: blocking takes, cancellation, stale gradients, shared accumulators."""
import threading
import time

import numpy as np
import pytest

import tfsess as tf


def test_a_take_waits_for_enough_gradients_from_another_thread():
    q = tf.ConditionalAccumulator(tf.float32, shape=[2])
    apply = q.apply_grad(tf.constant([2.0, 4.0]))
    take = q.take_grad(2)
    with tf.Session() as sess:
        out = {}
        worker = threading.Thread(target=lambda: out.setdefault("v", sess.run(take)))
        worker.start()
        time.sleep(0.1)
        assert worker.is_alive()  # one gradient is not enough
        sess.run(apply)
        sess.run(apply)
        worker.join(5)
        np.testing.assert_array_equal(out["v"], [2.0, 4.0])
        assert sess.run(q.num_accumulated()) == 0


def test_closing_the_session_cancels_a_blocked_take():
    q = tf.ConditionalAccumulator(tf.float32, shape=[1])
    take = q.take_grad(1)
    sess = tf.Session()
    errors = []

    def run():
        try:
            sess.run(take)
        except tf.errors.CancelledError as e:
            errors.append(e)
    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(0.1)
    sess.close()
    worker.join(5)
    assert not worker.is_alive() and len(errors) == 1


def test_stale_gradients_are_dropped_and_set_global_step_moves_the_bar():
    q = tf.ConditionalAccumulator(tf.float64, shape=[], reduction_type="SUM")
    with tf.Session() as sess:
        sess.run(q.set_global_step(3))
        sess.run(q.apply_grad(5.0, local_step=2))
        assert sess.run(q.num_accumulated()) == 0
        sess.run(q.apply_grad(5.0, local_step=3))
        sess.run(q.apply_grad(1.0, local_step=7))
        assert sess.run(q.take_grad(2)) == 6.0


def test_each_session_has_its_own_accumulator_unless_shared():
    g = tf.Graph()
    with g.as_default():
        own = tf.ConditionalAccumulator(tf.float32, shape=[1])
        shared = tf.ConditionalAccumulator(tf.float32, shape=[1], shared_name="both")
        shared_again = tf.ConditionalAccumulator(tf.float32, shape=[1], shared_name="both")
        ops = [own.apply_grad([1.0]), shared.apply_grad([1.0])]
    with tf.Session(graph=g) as s1, tf.Session(graph=g) as s2:
        s1.run(ops)
        assert s2.run(own.num_accumulated()) == 0
        assert s1.run(shared_again.num_accumulated()) == 1


def test_sparse_mean_divides_each_row_by_its_own_count():
    sq = tf.SparseConditionalAccumulator(tf.float32, shape=[3, 1])
    with tf.Session() as sess:
        sess.run(sq.apply_grad([0, 2], [[2.0], [4.0]]))
        sess.run(sq.apply_grad([2], [[8.0]]))
        indices, values, shape = sess.run(sq.take_grad(2))
    np.testing.assert_array_equal(indices, [0, 2])
    np.testing.assert_array_equal(values, [[2.0], [6.0]])
    np.testing.assert_array_equal(shape, [3, 1])


def test_num_required_below_one_is_an_invalid_argument_error_naming_the_op():
    q = tf.ConditionalAccumulator(tf.float32)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="num_required must be positive") as info:
            sess.run(q.take_grad(0, name="take_none"))
        assert info.value.op.name == "take_none"
