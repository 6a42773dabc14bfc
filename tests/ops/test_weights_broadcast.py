"""weights_broadcast_ops: the static and run-time weights checks of tf.metrics (values from TF 2.21)."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.ops.weights_broadcast_ops import assert_broadcastable, broadcast_weights


def test_static_shapes_decide_at_build():
    with tf.Graph().as_default():
        values = tf.zeros([2, 3])
        assert assert_broadcastable(tf.constant(2.0), values).name == "assert_broadcastable/static_scalar_check_success"
        assert assert_broadcastable(tf.ones([2, 1]), values).type == "NoOp"
        with pytest.raises(ValueError, match="Mismatch at dim 1"):
            assert_broadcastable(tf.ones([1, 2]), values)
        with pytest.raises(ValueError, match="values.rank=2. weights.rank=1"):
            assert_broadcastable(tf.ones([3]), values)


def test_unknown_shapes_checked_at_run_and_session_stays_usable():
    with tf.Graph().as_default():
        weights = tf.placeholder(tf.float32)
        out = broadcast_weights(weights, tf.zeros([2, 3]))
        with tf.Session() as sess:
            np.testing.assert_array_equal(sess.run(out, {weights: [[1.0], [2.0]]}), [[1, 1, 1], [2, 2, 2]])
            assert sess.run(out, {weights: 4.0}).tolist() == [[4.0] * 3] * 2
            with pytest.raises(tf.errors.InvalidArgumentError, match="weights can not be broadcast to values"):
                sess.run(out, {weights: [[1.0, 2.0]]})
            with pytest.raises(tf.errors.InvalidArgumentError):
                sess.run(out, {weights: [1.0, 2.0, 3.0]})
            assert sess.run(out, {weights: [[1.0, 0.0, 2.0]]}).tolist() == [[1.0, 0.0, 2.0]] * 2


def test_metric_weights_of_unknown_rank_squeeze_or_expand_at_run():
    with tf.Graph().as_default():
        weights = tf.placeholder(tf.float32)
        mean, update = tf.metrics.mean(tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]), weights=weights)
        with tf.Session() as sess:
            for feed, want in [([1.0, 0.0], 2.0), ([[[1.0], [2.0], [3.0]], [[1.0], [1.0], [1.0]]], 29.0 / 9)]:
                sess.run(tf.local_variables_initializer())
                np.testing.assert_allclose(sess.run(update, {weights: feed}), want, rtol=1e-6)


def test_at_k_weights_must_broadcast_to_the_per_row_counts():
    with tf.Graph().as_default():
        labels = tf.constant([[2], [0], [3]], tf.int64)
        logits = tf.constant([[0.1, 0.2, 0.6, 0.1], [0.5, 0.1, 0.3, 0.1], [0.4, 0.3, 0.2, 0.1]])
        _, bad = tf.metrics.recall_at_k(labels, logits, 2, weights=[[1.0], [2.0], [0.5]])
        _, good = tf.metrics.recall_at_k(labels, logits, 2, weights=[1.0, 2.0, 0.5], name="good")
        with tf.Session() as sess:
            sess.run(tf.local_variables_initializer())
            with pytest.raises(tf.errors.InvalidArgumentError):
                sess.run(bad)
            np.testing.assert_allclose(sess.run(good), 3.0 / 3.5)
