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


def test_loop_results_are_exit_ops_that_pass_values_and_gradients_on():
    with tf.Graph().as_default():
        x = tf.constant(1.5)
        i, y = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * 2.0), [0, x])
        _, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), tf.ones([1, 2, 2]), dtype=tf.float32)
        assert [i.op.type, y.op.type, state.op.type] == ["Exit", "Exit", "Exit"]
        assert [i.name, y.name, y.op.get_attr("T")] == ["while/Exit:0", "while/Exit_1:0", tf.float32]
        (grad,) = tf.gradients(y, x)
        with tf.Session() as sess:
            assert sess.run([i, y, grad]) == [3, 12.0, 8.0]


def test_imported_loop_results_are_exit_ops():
    with tf.Graph().as_default() as g:
        tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, v * 2.0), [0, tf.constant(1.5)])
        graph_def = g.as_graph_def()
    with tf.Graph().as_default() as g2:
        tf.import_graph_def(graph_def, name="")
        exit_1 = g2.get_tensor_by_name("while/Exit_1:0")
        assert exit_1.op.type == "Exit"
        with tf.Session() as sess:
            assert sess.run(exit_1) == 12.0


def test_tensor_array_gather_of_float_indices_is_tf_type_error():
    with tf.Graph().as_default():
        ta = tf.TensorArray(tf.float32, size=3).unstack(tf.constant([1.0, 2.0, 3.0]))
        with pytest.raises(TypeError, match="Input 'indices' of 'TensorArrayGatherV3' Op has type float32"):
            ta.gather(tf.constant([0.0]))
        with tf.Session() as sess:
            assert sess.run(ta.gather([2, 0])).tolist() == [3.0, 1.0]
