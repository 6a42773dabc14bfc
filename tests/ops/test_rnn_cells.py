"""tf.nn.rnn_cell: variable names and shapes, values against NumPy, scoping and reuse, wrappers, errors."""
import numpy as np
import pytest

import tfsess as tf

rnn_cell = tf.nn.rnn_cell


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _fixed(shape, phase=0.0, scale=0.4):
    n = int(np.prod(shape))
    return (np.sin(np.arange(1, n + 1) * 0.7 + phase) * scale).reshape(shape).astype(np.float32)


def _load(sess):
    """Deterministic weights; returns {variable name: value}."""
    values = {}
    for i, v in enumerate(tf.trainable_variables()):
        values[v.op.name] = _fixed(v.shape.as_list(), phase=float(i))
        sess.run(v.assign(values[v.op.name]))
    return values


def _names():
    return [(v.op.name, v.shape.as_list()) for v in tf.global_variables()]


def np_lstm(x, c, h, kernel, bias, forget_bias=1.0):
    i, j, f, o = np.split(np.concatenate([x, h], 1) @ kernel + bias, 4, axis=1)
    new_c = c * _sigmoid(f + forget_bias) + _sigmoid(i) * np.tanh(j)
    return new_c, np.tanh(new_c) * _sigmoid(o)


def np_gru(x, h, gk, gb, ck, cb):
    r, u = np.split(_sigmoid(np.concatenate([x, h], 1) @ gk + gb), 2, axis=1)
    c = np.tanh(np.concatenate([x, r * h], 1) @ ck + cb)
    return u * h + (1 - u) * c


def test_basic_rnn_cell_names_and_values(g):
    cell = rnn_cell.BasicRNNCell(3)
    x, h = _fixed([2, 4]), _fixed([2, 3], phase=1.0)
    out, state = cell(tf.constant(x), tf.constant(h))
    assert (cell.state_size, cell.output_size) == (3, 3)
    assert _names() == [("basic_rnn_cell/kernel", [7, 3]), ("basic_rnn_cell/bias", [3])]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        w = _load(sess)
        got, st = sess.run([out, state])
    want = np.tanh(np.concatenate([x, h], 1) @ w["basic_rnn_cell/kernel"] + w["basic_rnn_cell/bias"])
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(got, st)


def test_basic_lstm_cell_matches_numpy_and_tuple_free_state(g):
    x, c, h = _fixed([2, 3]), _fixed([2, 4], 1.0), _fixed([2, 4], 2.0)
    tuple_cell = rnn_cell.BasicLSTMCell(4, forget_bias=0.5)
    flat_cell = rnn_cell.BasicLSTMCell(4, forget_bias=0.5, state_is_tuple=False)
    out, state = tuple_cell(tf.constant(x), rnn_cell.LSTMStateTuple(tf.constant(c), tf.constant(h)))
    flat_out, flat_state = flat_cell(tf.constant(x), tf.constant(np.concatenate([c, h], 1)))
    assert isinstance(state, rnn_cell.LSTMStateTuple) and flat_cell.state_size == 8
    assert [n for n, _ in _names()] == ["basic_lstm_cell/kernel", "basic_lstm_cell/bias",
                                        "basic_lstm_cell_1/kernel", "basic_lstm_cell_1/bias"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(tf.trainable_variables()[2].assign(sess.run(tf.trainable_variables()[0])))
        kernel, bias = sess.run(tf.trainable_variables()[:2])
        got_c, got_h, got_flat = sess.run([state.c, out, flat_state])
    want_c, want_h = np_lstm(x, c, h, kernel, bias, forget_bias=0.5)
    np.testing.assert_allclose(got_c, want_c, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_h, want_h, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_flat, np.concatenate([want_c, want_h], 1), rtol=1e-5, atol=1e-6)


def test_lstm_cell_peepholes_projection_and_clipping(g):
    cell = rnn_cell.LSTMCell(4, use_peepholes=True, num_proj=2, cell_clip=0.1, proj_clip=0.02)
    x, c, m = _fixed([3, 5]), _fixed([3, 4], 1.0), _fixed([3, 2], 2.0)
    out, state = cell(tf.constant(x), rnn_cell.LSTMStateTuple(tf.constant(c), tf.constant(m)))
    assert cell.state_size == (4, 2) and cell.output_size == 2
    assert _names() == [("lstm_cell/kernel", [7, 16]), ("lstm_cell/bias", [16]), ("lstm_cell/w_f_diag", [4]),
                        ("lstm_cell/w_i_diag", [4]), ("lstm_cell/w_o_diag", [4]),
                        ("lstm_cell/projection/kernel", [4, 2])]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        w = {k.split("/", 1)[1]: v for k, v in _load(sess).items()}
        got_out, got_c = sess.run([out, state.c])
    i, j, f, o = np.split(np.concatenate([x, m], 1) @ w["kernel"] + w["bias"], 4, axis=1)
    new_c = _sigmoid(f + 1.0 + w["w_f_diag"] * c) * c + _sigmoid(i + w["w_i_diag"] * c) * np.tanh(j)
    new_c = np.clip(new_c, -0.1, 0.1)
    new_m = np.clip((_sigmoid(o + w["w_o_diag"] * new_c) * np.tanh(new_c)) @ w["projection/kernel"], -0.02, 0.02)
    np.testing.assert_allclose(got_c, new_c, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got_out, new_m, rtol=1e-5, atol=1e-6)


def test_gru_cell_names_bias_init_and_values(g):
    cell = rnn_cell.GRUCell(3)
    x, h = _fixed([2, 4]), _fixed([2, 3], 1.0)
    out, state = cell(tf.constant(x), tf.constant(h))
    assert [n for n, _ in _names()] == ["gru_cell/gates/kernel", "gru_cell/gates/bias", "gru_cell/candidate/kernel",
                                        "gru_cell/candidate/bias"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        gate_bias, candidate_bias = sess.run([tf.trainable_variables()[1], tf.trainable_variables()[3]])
        w = list(_load(sess).values())
        got = sess.run(out)
    np.testing.assert_array_equal(gate_bias, np.ones(6, np.float32))  # TF starts the gates open
    np.testing.assert_array_equal(candidate_bias, np.zeros(3, np.float32))
    np.testing.assert_allclose(got, np_gru(x, h, *w), rtol=1e-5, atol=1e-6)


def test_multi_rnn_cell_scopes_sizes_and_zero_state(g):
    cell = rnn_cell.MultiRNNCell([rnn_cell.BasicLSTMCell(3), rnn_cell.GRUCell(2)])
    batch = tf.placeholder(tf.int32, [])
    zero = cell.zero_state(batch, tf.float64)
    assert cell.state_size == ((3, 3), 2) and cell.output_size == 2
    assert zero[0].c.shape.as_list() == [None, 3] and zero[1].dtype == tf.float64
    out, state = cell(tf.constant(_fixed([2, 4])), cell.zero_state(2, tf.float32))
    assert [n for n, _ in _names()] == [
        "multi_rnn_cell/cell_0/basic_lstm_cell/kernel", "multi_rnn_cell/cell_0/basic_lstm_cell/bias",
        "multi_rnn_cell/cell_1/gru_cell/gates/kernel", "multi_rnn_cell/cell_1/gru_cell/gates/bias",
        "multi_rnn_cell/cell_1/gru_cell/candidate/kernel", "multi_rnn_cell/cell_1/gru_cell/candidate/bias"]
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(zero, {batch: 3})[0].h, np.zeros((3, 3)))
        sess.run(tf.global_variables_initializer())
        assert sess.run(out).shape == (2, 2)
        assert isinstance(state[0], rnn_cell.LSTMStateTuple)


def test_a_cell_keeps_its_variables_across_calls_and_scopes(g):
    cell = rnn_cell.GRUCell(2)
    x = tf.constant(_fixed([1, 3]))
    cell(x, tf.zeros([1, 2]))
    with tf.variable_scope("elsewhere"):
        cell(x, tf.zeros([1, 2]))
    assert len(tf.global_variables()) == 4 and len(cell.trainable_weights) == 4
    other = rnn_cell.GRUCell(2, name="named")
    other(x, tf.zeros([1, 2]))
    assert other.name == "named" and tf.global_variables()[-1].op.name == "named/candidate/bias"
    with tf.variable_scope("s", initializer=tf.constant_initializer(0.25)):
        rnn_cell.BasicRNNCell(2)(x, tf.zeros([1, 2]), scope="inner")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        kernel = [v for v in tf.global_variables() if v.op.name == "s/inner/kernel"][0]
        np.testing.assert_array_equal(sess.run(kernel), np.full((5, 2), 0.25, np.float32))


def test_users_cell_with_build_and_call(g):
    class Doubler(rnn_cell.RNNCell):
        state_size = property(lambda self: 2)
        output_size = property(lambda self: 2)

        def build(self, input_shape):
            self.w = self.add_variable("w", [input_shape[-1], 2], initializer=tf.ones_initializer())

        def call(self, inputs, state):
            out = tf.matmul(inputs, self.w) + 2.0 * state
            return out, out

    cell = Doubler()
    out, _ = cell(tf.constant([[1.0, 2.0, 3.0]]), tf.constant([[1.0, -1.0]]))
    out2, _ = cell(tf.constant([[0.0, 0.0, 1.0]]), out)
    assert [n for n, _ in _names()] == ["doubler/w"] and cell.name == "doubler_1"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(out2), [[17.0, 9.0]])


def test_dropout_wrapper_keeps_or_scales_and_checks_probabilities(g):
    base = rnn_cell.BasicRNNCell(50)
    x = tf.constant(_fixed([4, 3]) + 1.0)
    kept, _ = rnn_cell.DropoutWrapper(base, output_keep_prob=0.5, seed=1)(x, tf.zeros([4, 50]))
    plain, _ = base(x, tf.zeros([4, 50]))
    assert len(tf.global_variables()) == 2  # the wrapper adds no scope and no variables
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got, want = sess.run([kept, plain])
    dropped = got == 0
    assert 0 < dropped.mean() < 1
    np.testing.assert_allclose(got[~dropped], 2 * want[~dropped], rtol=1e-5)
    with pytest.raises(ValueError, match="output_keep_prob must be between 0 and 1"):
        rnn_cell.DropoutWrapper(base, output_keep_prob=1.5)
    with pytest.raises(ValueError, match="dtype must be provided"):
        rnn_cell.DropoutWrapper(base, variational_recurrent=True, output_keep_prob=0.5)
    with pytest.raises(TypeError, match="is not an RNNCell"):
        rnn_cell.DropoutWrapper("cell")


def test_variational_dropout_uses_one_mask_for_every_step(g):
    cell = rnn_cell.DropoutWrapper(rnn_cell.BasicRNNCell(40), output_keep_prob=0.5, variational_recurrent=True,
                                   dtype=tf.float32, seed=3)
    outputs, _ = tf.nn.dynamic_rnn(cell, tf.constant(_fixed([2, 5, 3]) + 1.0), dtype=tf.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out = sess.run(outputs)
    masks = out == 0
    assert 0 < masks.mean() < 1
    assert all(np.array_equal(masks[:, 0], masks[:, t]) for t in range(5))


def test_residual_and_device_wrappers(g):
    cell = rnn_cell.ResidualWrapper(rnn_cell.DeviceWrapper(rnn_cell.BasicRNNCell(3), "/cpu:0"))
    x = tf.constant(_fixed([2, 3]))
    out, state = cell(x, cell.zero_state(2, tf.float32))
    assert out.op.inputs[1].op.device == "/device:CPU:0" and out.op.device == ""  # the add is outside
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got, st = sess.run([out, state])
    np.testing.assert_allclose(got, st + _fixed([2, 3]), rtol=1e-6)


def test_cell_errors(g):
    cell = rnn_cell.BasicRNNCell(2)
    with pytest.raises(ValueError, match="Expected inputs.shape\\[-1\\] to be known"):
        cell(tf.placeholder(tf.float32, [2, None]), tf.zeros([2, 2]))
    with pytest.raises(ValueError, match="at least one cell"):
        rnn_cell.MultiRNNCell([])
    with pytest.raises(ValueError, match="state_is_tuple is not set"):
        rnn_cell.MultiRNNCell([rnn_cell.BasicLSTMCell(2)], state_is_tuple=False)
    with pytest.raises(TypeError, match="Inconsistent dtypes"):
        rnn_cell.LSTMStateTuple(tf.zeros([1]), tf.zeros([1], tf.float64)).dtype
