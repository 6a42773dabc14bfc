"""tf.nn.static_state_saving_rnn with a small variable-backed state saver (TF 2.21's values)."""
import numpy as np
import pytest

import tfsess as tf


class VariableStateSaver:
    """TF's state saver contract: state(name) gives the saved state, save_state(name, value) stores one."""

    def __init__(self, sizes):
        self.variables = {n: tf.Variable(tf.zeros([2, s]), trainable=False, name="saved_" + n)
                          for n, s in sizes.items()}

    def state(self, name):
        return self.variables[name].value()

    def save_state(self, name, value):
        return tf.assign(self.variables[name], value).op


def _inputs():
    return [tf.constant(np.linspace(-1, 1, 8).reshape(2, 4).astype(np.float32) * (i + 1)) for i in range(3)]


def test_state_carries_over_runs_through_the_saver():
    tf.reset_default_graph()
    cell = tf.nn.rnn_cell.LSTMCell(3, initializer=tf.constant_initializer(0.1))
    saver = VariableStateSaver({"c": 3, "h": 3})
    outputs, state = tf.nn.static_state_saving_rnn(cell, _inputs(), saver, ("c", "h"))
    assert outputs[-1].op.type == "Identity" and outputs[-1].op.control_inputs[0].type == "Assign"
    assert isinstance(state, tf.nn.rnn_cell.LSTMStateTuple)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        runs = [sess.run([outputs[-1], state.c]) for _ in range(2)]
        saved_c = sess.run(saver.variables["c"])
    np.testing.assert_allclose(runs[0][0][:, 0], [-0.10591, 0.43304], atol=1e-5)  # TF 2.21's values
    np.testing.assert_allclose(runs[1][0][:, 0], [-0.12945, 0.60614], atol=1e-5)
    np.testing.assert_allclose(runs[1][1][:, 0], [-0.42045, 1.33322], atol=1e-5)
    np.testing.assert_array_equal(saved_c, runs[1][1])


def test_a_single_state_name_for_a_single_state():
    tf.reset_default_graph()
    cell = tf.nn.rnn_cell.GRUCell(3, kernel_initializer=tf.constant_initializer(0.1))
    outputs, state = tf.nn.static_state_saving_rnn(cell, _inputs(), VariableStateSaver({"s": 3}), "s")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        last, final = sess.run([outputs[-1], state])
    np.testing.assert_allclose(last[:, 0], [-0.38703, 0.19763], atol=1e-5)
    np.testing.assert_array_equal(last, final)


def test_state_names_must_match_the_state_size():
    tf.reset_default_graph()
    saver = VariableStateSaver({"c": 3, "h": 3})
    with pytest.raises(ValueError, match="should be the same type as `cell.state_size`"):
        tf.nn.static_state_saving_rnn(tf.nn.rnn_cell.LSTMCell(3), _inputs(), saver, "c")
    with pytest.raises(ValueError, match="with 3 elements and cell.state_size=LSTMStateTuple"):
        tf.nn.static_state_saving_rnn(tf.nn.rnn_cell.LSTMCell(3), _inputs(), saver, ("c", "h", "x"))
