"""Defects that variations of the public rnn_ cases exposed (round 11, x_rvar cases)."""
import numpy as np
import pytest

import tfsess as tf


def test_dynamic_rnn_batch_major_unknown_rank_raises_type_error_as_tf():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32)
        with pytest.raises(TypeError, match="unknown rank"):
            tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2), x, dtype=tf.float32)


def test_dynamic_rnn_time_major_unknown_rank_stays_value_error():
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32)
        with pytest.raises(ValueError):
            tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2), x, dtype=tf.float32, time_major=True)


def test_tensor_array_takes_a_string_ops_scalar_result():
    with tf.Graph().as_default():
        joined = tf.constant("y") + "z"
        ta = tf.TensorArray(tf.string, size=2).write(0, "x").write(1, joined)
        with tf.Session() as sess:
            assert sess.run(ta.stack()).tolist() == [b"x", b"yz"]


def test_map_fn_scan_foldl_over_strings():
    with tf.Graph().as_default():
        words = tf.constant(["a", "bc"])
        with tf.Session() as sess:
            assert sess.run(tf.map_fn(lambda s: s + "!", words)).tolist() == [b"a!", b"bc!"]
            assert sess.run(tf.scan(lambda a, s: a + s, words)).tolist() == [b"a", b"abc"]
            assert sess.run(tf.foldl(lambda a, s: a + s, words)) == b"abc"
            assert np.asarray(sess.run(tf.foldr(lambda a, s: a + s, words))).item() == b"bca"
