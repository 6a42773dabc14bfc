"""Kernel exceptions become OpErrors in TF's words (messages from TF 2.21)."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.runtime.kernel_errors import kernel_error_text


def test_numpy_broadcast_failure_reads_as_tf_incompatible_shapes():
    for x, y, text in (((3, 3), (2, 3), "[3,3] vs. [2,3]"), ((2,), (3,), "[2] vs. [3]"),
                       ((4, 1, 5), (2, 3), "[4,1,5] vs. [2,3]")):
        try:
            np.add(np.ones(x), np.ones(y))
        except ValueError as exc:
            assert kernel_error_text(exc) == f"Incompatible shapes: {text}"
    assert kernel_error_text(ValueError("something else")) == "something else"
    assert kernel_error_text(KeyError()) == "KeyError"


def test_binary_ops_and_select_v2_name_the_shapes_when_run():
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32, [None, 3])
        q = tf.placeholder(tf.float32, [2, None])
        feed = {p: np.ones((3, 3)), q: np.ones((2, 3))}
        with tf.Session() as sess:
            for fetch in (p + q, tf.maximum(p, q), p / q, p < q, tf.exp(p * q) - 1.0):
                with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes: \[3,3\] vs. \[2,3\]"):
                    sess.run(fetch, feed)
            with pytest.raises(tf.errors.InvalidArgumentError,
                               match=r"condition \[3,3\], then \[3,3\], and else \[2,3\] must be broadcastable"):
                sess.run(tf.where_v2(p > 0, p, q), feed)
            assert sess.run(p + q, {p: np.ones((1, 3)), q: np.ones((2, 1))}).shape == (2, 3)  # still usable
