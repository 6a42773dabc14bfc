"""tf.debugging.assert_shapes: static checks now, dynamic ones as Assert ops."""
import numpy as np
import pytest

import tfsess as tf


def test_static_sizes_are_checked_when_the_graph_is_built(g):
    z = tf.placeholder(tf.float32, [2, 3])
    with pytest.raises(ValueError, match=r"Specified by tensor .* dimension 0.  Tensor Const:0 dimension 0 must "
                                         r"have size 2.  Received size 3"):
        tf.debugging.assert_shapes([(z, ("N", "Q")), (tf.constant([1, 2, 3]), ("N",))])
    with pytest.raises(ValueError, match="only allowed as the first entry"):
        tf.debugging.assert_shapes([(z, (2, "*"))])
    assert tf.debugging.assert_shapes([(z, ("*", 3)), (z, (".", None))]).type == "NoOp"


def test_unknown_sizes_fail_the_run_and_leave_the_session_usable(g):
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.placeholder(tf.float32, [None])
    a = tf.placeholder(tf.float32)
    with tf.control_dependencies([tf.debugging.assert_shapes([(x, ("N", 3)), (y, ("N",)), (a, ("N", "M"))])]):
        out = tf.identity(y)
    sess = tf.Session()
    np.testing.assert_array_equal(sess.run(out, {x: np.zeros([2, 3]), y: [1, 2], a: np.zeros([2, 5])}), [1, 2])
    with pytest.raises(tf.errors.InvalidArgumentError, match="must have size"):
        sess.run(out, {x: np.zeros([2, 3]), y: [1], a: np.zeros([2, 5])})
    with pytest.raises(tf.errors.InvalidArgumentError, match="must have rank"):
        sess.run(out, {x: np.zeros([2, 3]), y: [1, 2], a: np.zeros([2])})
    np.testing.assert_array_equal(sess.run(out, {x: np.zeros([1, 3]), y: [4], a: np.zeros([1, 1])}), [4])
