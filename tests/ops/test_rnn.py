"""dynamic_rnn, static_rnn, the bidirectional forms and raw_rnn: values against a NumPy unroll,
sequence lengths, layouts, scopes, gradients and errors."""
import numpy as np
import pytest

import tfsess as tf

rnn_cell = tf.nn.rnn_cell


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _fixed(shape, phase=0.0, scale=0.5):
    n = int(np.prod(shape))
    return (np.sin(np.arange(1, n + 1) * 0.7 + phase) * scale).reshape(shape).astype(np.float32)


def _session():
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i, v in enumerate(tf.trainable_variables()):
        sess.run(v.assign(_fixed(v.shape.as_list(), phase=float(i))))
    return sess


def np_lstm_unroll(x, lengths, kernel, bias):
    """Batch-major NumPy BasicLSTMCell run: zero outputs and frozen state past each length."""
    batch, steps, _ = x.shape
    units = bias.shape[0] // 4
    c, h = np.zeros((batch, units)), np.zeros((batch, units))
    outputs = np.zeros((batch, steps, units))
    for t in range(steps):
        i, j, f, o = np.split(np.concatenate([x[:, t], h], 1) @ kernel + bias, 4, axis=1)
        new_c = c * _sigmoid(f + 1.0) + _sigmoid(i) * np.tanh(j)
        new_h = np.tanh(new_c) * _sigmoid(o)
        live = (t < lengths)[:, None]
        c, h = np.where(live, new_c, c), np.where(live, new_h, h)
        outputs[:, t] = np.where(live, new_h, 0.0)
    return outputs, c, h


def test_dynamic_rnn_matches_numpy_with_sequence_lengths(g):
    x = _fixed([3, 4, 2])
    lengths = np.array([4, 2, 0])
    outputs, state = tf.nn.dynamic_rnn(rnn_cell.BasicLSTMCell(3), tf.constant(x), sequence_length=lengths,
                                       dtype=tf.float32)
    assert [(v.op.name, v.shape.as_list()) for v in tf.global_variables()] == [
        ("rnn/basic_lstm_cell/kernel", [5, 12]), ("rnn/basic_lstm_cell/bias", [12])]
    assert outputs.shape.as_list() == [3, 4, 3] and state.h.shape.as_list() == [3, 3]
    with _session() as sess:
        kernel, bias = sess.run(tf.trainable_variables())
        out, st = sess.run([outputs, state])
    want_out, want_c, want_h = np_lstm_unroll(x, lengths, kernel, bias)
    np.testing.assert_allclose(out, want_out, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(st.c, want_c, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(st.h, want_h, rtol=1e-5, atol=1e-6)


def test_dynamic_rnn_time_major_unknown_shapes_and_initial_state(g):
    x = tf.placeholder(tf.float32, [None, None, 2])
    lengths = tf.placeholder(tf.int32, [None])
    init = tf.placeholder(tf.float32, [None, 3])
    outputs, state = tf.nn.dynamic_rnn(rnn_cell.GRUCell(3), x, sequence_length=lengths, initial_state=init,
                                       time_major=True)
    assert outputs.shape.as_list() == [None, None, 3] and state.shape.as_list() == [None, 3]
    with tf.variable_scope("batch_major"):
        b_out, b_state = tf.nn.dynamic_rnn(rnn_cell.GRUCell(3), tf.transpose(x, [1, 0, 2]), initial_state=init,
                                           sequence_length=lengths)
    value = _fixed([4, 2, 2])
    feed = {x: value, lengths: [4, 1], init: _fixed([2, 3], 1.0)}
    with _session() as sess:
        a, b = tf.trainable_variables()[:4], tf.trainable_variables()[4:]
        for va, vb in zip(a, b):
            sess.run(vb.assign(va))
        out, st, bout, bst = sess.run([outputs, state, b_out, b_state], feed)
        with pytest.raises(tf.errors.InvalidArgumentError, match="Expected shape for Tensor"):
            sess.run(outputs, {x: value, lengths: [4, 1, 2], init: _fixed([2, 3], 1.0)})
    np.testing.assert_allclose(out.transpose(1, 0, 2), bout, atol=1e-6)
    np.testing.assert_allclose(st, bst, atol=1e-6)
    np.testing.assert_array_equal(out[1:, 1], np.zeros((3, 3)))
    np.testing.assert_array_equal(st[1], out[0, 1])


def test_static_rnn_agrees_with_dynamic_rnn_and_shares_variables(g):
    x = _fixed([2, 3, 2])
    cell = rnn_cell.MultiRNNCell([rnn_cell.LSTMCell(3, use_peepholes=True), rnn_cell.GRUCell(2)])
    d_out, d_state = tf.nn.dynamic_rnn(cell, tf.constant(x), sequence_length=[3, 2], dtype=tf.float32)
    s_out, s_state = tf.nn.static_rnn(cell, tf.unstack(tf.constant(x), axis=1), sequence_length=[3, 2],
                                      dtype=tf.float32)
    assert len(s_out) == 3 and len(tf.global_variables()) == 9
    with _session() as sess:
        d, s, ds, ss = sess.run([d_out, tf.stack(s_out, axis=1), d_state, s_state])
    np.testing.assert_allclose(d, s, atol=1e-6)
    for a, b in zip([ds[0].c, ds[0].h, ds[1]], [ss[0].c, ss[0].h, ss[1]]):
        np.testing.assert_allclose(a, b, atol=1e-6)


def test_bidirectional_dynamic_rnn_reads_backwards_within_lengths(g):
    x = _fixed([2, 4, 2])
    lengths = [4, 2]
    (fw, bw), (fw_state, bw_state) = tf.nn.bidirectional_dynamic_rnn(
        rnn_cell.GRUCell(2), rnn_cell.GRUCell(2), tf.constant(x), sequence_length=lengths, dtype=tf.float32)
    names = [v.op.name for v in tf.global_variables()]
    assert names[0] == "bidirectional_rnn/fw/gru_cell/gates/kernel" and names[4].startswith("bidirectional_rnn/bw/")
    with tf.variable_scope("check"):
        reversed_x = tf.reverse_sequence(tf.constant(x), lengths, seq_axis=1, batch_axis=0)
        ref, ref_state = tf.nn.dynamic_rnn(rnn_cell.GRUCell(2), reversed_x, sequence_length=lengths, dtype=tf.float32)
        ref = tf.reverse_sequence(ref, lengths, seq_axis=1, batch_axis=0)
    with _session() as sess:
        bw_vars, check_vars = tf.trainable_variables()[4:8], tf.trainable_variables()[8:]
        for a, b in zip(bw_vars, check_vars):
            sess.run(b.assign(a))
        got, want, got_state, want_state = sess.run([bw, ref, bw_state, ref_state])
        fw_out = sess.run(fw)
    np.testing.assert_allclose(got, want, atol=1e-6)
    np.testing.assert_allclose(got_state, want_state, atol=1e-6)
    np.testing.assert_array_equal(fw_out[1, 2:], np.zeros((2, 2)))


def test_static_bidirectional_rnn_concatenates_directions(g):
    xs = [tf.constant(_fixed([2, 2], float(t))) for t in range(3)]
    outputs, fw_state, bw_state = tf.nn.static_bidirectional_rnn(rnn_cell.BasicRNNCell(2), rnn_cell.BasicRNNCell(3),
                                                                 xs, dtype=tf.float32)
    assert [o.shape.as_list() for o in outputs] == [[2, 5]] * 3
    with _session() as sess:
        out, fs, bs = sess.run([outputs, fw_state, bw_state])
    np.testing.assert_array_equal(out[2][:, :2], fs)  # forward's last step, backward's first
    np.testing.assert_array_equal(out[0][:, 2:], bs)


def test_scopes_and_reuse(g):
    x = tf.constant(_fixed([1, 2, 2]))
    with tf.variable_scope("enc"):
        a, _ = tf.nn.dynamic_rnn(rnn_cell.GRUCell(2), x, dtype=tf.float32)
    with tf.variable_scope("enc", reuse=True):
        b, _ = tf.nn.dynamic_rnn(rnn_cell.GRUCell(2), x, dtype=tf.float32)
    tf.nn.dynamic_rnn(rnn_cell.GRUCell(2), x, dtype=tf.float32, scope="dec")
    assert [v.op.name for v in tf.global_variables()][::4] == ["enc/rnn/gru_cell/gates/kernel",
                                                               "dec/gru_cell/gates/kernel"]
    with _session() as sess:
        va, vb = sess.run([a, b])
    np.testing.assert_array_equal(va, vb)


def test_gradient_through_dynamic_rnn_matches_finite_differences(g):
    x = tf.constant(_fixed([2, 3, 2]).astype(np.float64))
    kernel_value = tf.placeholder(tf.float64, [5, 12])
    cell = rnn_cell.BasicLSTMCell(3, dtype=tf.float64)
    outputs, state = tf.nn.dynamic_rnn(cell, x, sequence_length=[3, 2], dtype=tf.float64)
    loss = tf.reduce_sum(tf.square(state.h)) + 0.3 * tf.reduce_sum(outputs)
    kernel = tf.trainable_variables()[0]
    grad, = tf.gradients(loss, [kernel])
    set_kernel = kernel.assign(kernel_value)
    start = _fixed([5, 12]).astype(np.float64)
    with _session() as sess:
        def loss_at(k):
            sess.run(set_kernel, {kernel_value: k})
            return sess.run(loss)
        loss_at(start)
        got = sess.run(grad)
        want = np.zeros_like(start)
        for pos in np.ndindex(*start.shape):
            hi, lo = start.copy(), start.copy()
            hi[pos] += 1e-6
            lo[pos] -= 1e-6
            want[pos] = (loss_at(hi) - loss_at(lo)) / 2e-6
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-7)


def test_training_an_lstm_lowers_the_loss(g):
    x = tf.constant(_fixed([4, 5, 3]))
    target = tf.constant(_fixed([4, 2], 1.0))
    _, state = tf.nn.dynamic_rnn(rnn_cell.LSTMCell(2), x, dtype=tf.float32)
    loss = tf.reduce_mean(tf.square(state.h - target))
    step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    with _session() as sess:
        losses = []
        for _ in range(4):
            losses.append(sess.run(loss))
            sess.run(step)
    assert all(a > b for a, b in zip(losses, losses[1:]))


def test_raw_rnn_emits_like_dynamic_rnn(g):
    steps, batch, depth = 4, 2, 3
    x = tf.constant(_fixed([steps, batch, depth]))
    lengths = tf.constant([4, 2])
    inputs_ta = tf.TensorArray(tf.float32, size=steps).unstack(x)
    cell = rnn_cell.BasicLSTMCell(2)

    def loop_fn(time, output, state, loop_state):
        next_state = cell.zero_state(batch, tf.float32) if output is None else state
        finished = time >= lengths
        next_input = tf.cond(tf.reduce_all(finished), lambda: tf.zeros([batch, depth]), lambda: inputs_ta.read(time))
        return finished, next_input, next_state, output, None
    emit_ta, final_state, loop_state = tf.nn.raw_rnn(cell, loop_fn)
    ref, ref_state = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths, time_major=True, dtype=tf.float32)
    assert loop_state is None and len(tf.global_variables()) == 2
    with _session() as sess:
        got, want, gs, ws = sess.run([emit_ta.stack(), ref, final_state, ref_state])
    np.testing.assert_allclose(got, want, atol=1e-6)
    np.testing.assert_allclose(gs.h, ws.h, atol=1e-6)
    with pytest.raises(TypeError, match="loop_fn"):
        tf.nn.raw_rnn(cell, None)


def test_rnn_argument_errors(g):
    cell = rnn_cell.BasicRNNCell(2)
    with pytest.raises(ValueError, match="dtype"):
        tf.nn.dynamic_rnn(cell, tf.zeros([2, 3, 2]))
    with pytest.raises(ValueError, match="rank at least 3"):
        tf.nn.dynamic_rnn(cell, tf.zeros([2, 3]), dtype=tf.float32)
    with pytest.raises(ValueError, match="sequence_length must be a vector"):
        tf.nn.dynamic_rnn(cell, tf.zeros([2, 3, 2]), sequence_length=[[1, 2]], dtype=tf.float32)
    with pytest.raises(ValueError, match="depth of inputs"):
        tf.nn.dynamic_rnn(cell, tf.placeholder(tf.float32, [2, 3, None]), dtype=tf.float32)
    with pytest.raises(TypeError, match="'cell' \\(cell\\) is not an RNNCell"):
        tf.nn.dynamic_rnn("cell", tf.zeros([2, 3, 2]), dtype=tf.float32)
    with pytest.raises(TypeError, match="must be a sequence"):
        tf.nn.static_rnn(cell, tf.zeros([2, 3]))
    with pytest.raises(ValueError, match="must not be empty"):
        tf.nn.static_rnn(cell, [])
    with pytest.raises(ValueError, match="dimension 0 of input"):
        tf.nn.static_rnn(cell, [tf.placeholder(tf.float32, [2, None])], dtype=tf.float32)
