"""dynamic_rnn's gradient takes short cuts: no gradient graph for an input nobody differentiates
(a constant) nor for an output TensorArray whose result is unused, and a loop's gradient plan
computes only the column blocks of a product that it reads. Each is checked against the unrolled
graph of static_rnn (no loop, no short cut) and against the loop with a variable input."""
import numpy as np
import pytest

import tfsess as tf

BATCH, DEPTH, UNITS = 3, 2, 4


def _values(shape, phase):
    n = int(np.prod(shape))
    return (np.sin(np.arange(1, n + 1) * 0.37 + phase) * 0.8).reshape(shape).astype(np.float32)


def _lstm_gradients(steps, dynamic, variable_input, lengths=None):
    """Loss value and gradients (kernel, bias, initial c, and the input when it is a variable)."""
    graph = tf.Graph()
    with graph.as_default():
        x_value = _values([BATCH, steps, DEPTH], 0.0)
        x = tf.Variable(x_value) if variable_input else tf.constant(x_value)
        c0 = tf.Variable(_values([BATCH, UNITS], 1.0))
        state0 = tf.nn.rnn_cell.LSTMStateTuple(c0, tf.zeros([BATCH, UNITS]))
        cell = tf.nn.rnn_cell.BasicLSTMCell(UNITS)
        if dynamic:
            _, state = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths, initial_state=state0)
        else:
            _, state = tf.nn.static_rnn(cell, tf.unstack(x, axis=1), initial_state=state0, sequence_length=lengths)
        loss = tf.reduce_sum(tf.tanh(state.h) * _values([BATCH, UNITS], 2.0)) + tf.reduce_sum(state.c)
        kernel, bias = cell.trainable_weights
        xs = [kernel, bias, c0] + ([x] if variable_input else [])
        grads = tf.gradients(loss, xs)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run([kernel.assign(_values([DEPTH + UNITS, 4 * UNITS], 3.0)), bias.assign(_values([4 * UNITS], 4.0))])
            return sess.run([loss] + grads), graph


@pytest.mark.parametrize("steps", [1, 2, 7])
@pytest.mark.parametrize("variable_input", [False, True])
@pytest.mark.parametrize("lengths", [None, [2, 0, 1]])
def test_dynamic_rnn_gradients_match_the_unrolled_graph(steps, variable_input, lengths):
    (want_loss, *want), _ = _lstm_gradients(steps, False, variable_input, lengths)
    (got_loss, *got), _ = _lstm_gradients(steps, True, variable_input, lengths)
    np.testing.assert_allclose(got_loss, want_loss, rtol=1e-6)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=2e-5, atol=1e-6)


@pytest.mark.parametrize("steps", [1, 7])
def test_a_constant_input_gives_the_gradients_of_a_variable_one(steps):
    (loss_c, *const), _ = _lstm_gradients(steps, True, False)
    (loss_v, *var), _ = _lstm_gradients(steps, True, True)
    assert loss_c == loss_v
    for g, w in zip(const, var[:3]):
        np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-7)


def test_zero_time_steps():
    (loss, g_kernel, g_bias, g_c0), _ = _lstm_gradients(0, True, False)
    c0 = _values([BATCH, UNITS], 1.0)
    assert np.isclose(loss, c0.sum())
    np.testing.assert_array_equal(g_kernel, 0)
    np.testing.assert_array_equal(g_bias, 0)
    np.testing.assert_array_equal(g_c0, 1)


def test_no_gradient_graph_for_a_constant_input_or_an_unused_output():
    _, graph = _lstm_gradients(3, True, False)
    types = [op.type for op in graph.get_operations()]
    assert "TensorArrayGradV3" not in types
    # the loop's gradient has one result per differentiated loop variable (c, h) and capture (kernel, bias)
    while_grad, = [op for op in graph.get_operations() if op.type == "WhileGrad"]
    assert len(while_grad.outputs) == 4
    _, graph = _lstm_gradients(3, True, True)
    while_grad, = [op for op in graph.get_operations() if op.type == "WhileGrad"]
    assert len(while_grad.outputs) == 5  # and the input TensorArray's flow
    assert "TensorArrayGradV3" in [op.type for op in graph.get_operations()]


def test_a_loop_variable_nothing_differentiates_still_gets_zeros(g):
    a0, b0 = tf.constant(1.5), tf.constant(2.0)
    a, b = tf.while_loop(lambda a, b: a < 10.0, lambda a, b: (a * 2.0, b + 1.0), (a0, b0))
    ga, gb = tf.gradients(a, [a0, b0])
    with tf.Session() as sess:
        assert sess.run([ga, gb]) == [8.0, 0.0]


def test_a_used_output_tensor_array_keeps_its_gradient(g):
    x = tf.constant(_values([BATCH, 4, DEPTH], 0.0))
    outputs, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(UNITS), x, dtype=tf.float32)
    kernel = tf.trainable_variables()[0]
    loss = tf.reduce_sum(outputs[:, 1] * 2.0)
    grad, = tf.gradients(loss, kernel)
    unrolled_outputs, _ = tf.nn.static_rnn(tf.nn.rnn_cell.BasicRNNCell(UNITS, name="twin"), tf.unstack(x, axis=1),
                                           dtype=tf.float32)
    twin = tf.trainable_variables()[2]
    twin_grad, = tf.gradients(tf.reduce_sum(unrolled_outputs[1] * 2.0), twin)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(twin.assign(kernel))
        got, want = sess.run([grad, twin_grad])
    assert np.abs(got).sum() > 0
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7)
