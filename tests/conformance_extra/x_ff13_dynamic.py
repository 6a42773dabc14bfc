"""Third-pass variations of the public rnn_dynamic cases: negative and 2-D sequence lengths, float16
and integer inputs, cells with nested outputs, dynamic_rnn nested in while_loop, optimizer slot
names of RNN kernels, device scopes and static_rnn's argument errors.

Reference: TF 2.21's nn.rnn_cell needs tf-keras; record with TF_USE_LEGACY_KERAS=1."""
import numpy as np

from _casekit import fixed, fixed_session, variable_names
from _harness import catch, message_has


def case_dynamic_rnn_lstm_float16(tf):
    x = tf.constant(fixed([2, 3, 2], 1.0, dtype=np.float16))
    outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), x, dtype=tf.float16)
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True),
            "dtypes": [outputs.dtype.name, state.h.dtype.name],
            "outputs": sess.run(outputs).astype(np.float32).round(2)}


def case_dynamic_rnn_sequence_length_matrix_and_int_inputs(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    return {
        "lengths_2d": message_has(lambda: tf.nn.dynamic_rnn(cell, tf.zeros([2, 3, 2]), sequence_length=[[1, 2]],
                                                            dtype=tf.float32), "sequence_length", "vector"),
        "int_inputs": catch(lambda: tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2), tf.zeros([2, 3, 2], tf.int32),
                                                      dtype=tf.int32)),
    }


def case_dynamic_rnn_lengths_fed_past_time_and_negative(tf):
    x = tf.constant(fixed([2, 3, 2], 1.0))
    lengths = tf.placeholder(tf.int32, [2])
    outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, sequence_length=lengths, dtype=tf.float32)
    sess = fixed_session(tf)
    full = sess.run([outputs, state], {lengths: [3, 3]})
    return {"full": full, "past": sess.run([outputs, state], {lengths: [5, 3]}),
            "zero_and_one": sess.run([outputs, state], {lengths: [0, 1]})}


def case_dynamic_rnn_cell_with_nested_output(tf):
    class PairCell(tf.nn.rnn_cell.RNNCell):
        def __init__(self):
            super(PairCell, self).__init__()
            self._inner = tf.nn.rnn_cell.BasicRNNCell(2)

        @property
        def state_size(self):
            return 2

        @property
        def output_size(self):
            return (2, 1)

        def call(self, inputs, state):
            out, new = self._inner(inputs, state)
            return (out, tf.reduce_sum(out, axis=1, keepdims=True)), new

    x = tf.constant(fixed([2, 3, 2], 1.0))
    (seq, sums), state = tf.nn.dynamic_rnn(PairCell(), x, sequence_length=[3, 2], dtype=tf.float32)
    sess = fixed_session(tf)
    return {"static": [seq.shape.as_list(), sums.shape.as_list()], "vars": variable_names(tf.global_variables()),
            "values": sess.run([seq, sums, state])}


def case_dynamic_rnn_inside_while_loop(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    x = tf.constant(fixed([1, 3, 2], 1.0))

    def body(i, acc):
        out, _ = tf.nn.dynamic_rnn(cell, x * tf.cast(i + 1, tf.float32), dtype=tf.float32)
        return i + 1, acc + tf.reduce_sum(out)

    _, total = tf.while_loop(lambda i, acc: i < 3, body, [0, 0.0])
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables()), "total": sess.run(total)}


def case_dynamic_rnn_adam_slot_names_and_steps(tf):
    x = tf.constant(fixed([2, 3, 2], 1.0))
    _, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), x, dtype=tf.float32)
    loss = tf.reduce_mean(tf.square(state.h - 0.5))
    step = tf.train.AdamOptimizer(0.05).minimize(loss)
    sess = fixed_session(tf)
    losses = []
    for _ in range(3):
        losses.append(sess.run(loss))
        sess.run(step)
    return {"vars": sorted(v.name for v in tf.global_variables()), "losses": np.array(losses)}


def case_dynamic_rnn_device_scope_and_op_devices(tf):
    with tf.device("/cpu:0"):
        outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), tf.constant(fixed([1, 2, 2], 1.0)),
                                           dtype=tf.float32)
    sess = fixed_session(tf)
    return {"devices": sorted({v.device for v in tf.global_variables()}), "out_device": outputs.device,
            "outputs": sess.run(outputs)}


def case_static_rnn_inputs_not_list_and_empty(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    return {
        "tensor": message_has(lambda: tf.nn.static_rnn(cell, tf.zeros([3, 2, 2]), dtype=tf.float32),
                              "inputs must be a sequence"),
        "empty": message_has(lambda: tf.nn.static_rnn(cell, [], dtype=tf.float32), "inputs must not be empty"),
        "bad_lengths_rank": catch(lambda: tf.nn.static_rnn(tf.nn.rnn_cell.BasicRNNCell(2), [tf.zeros([2, 2])],
                                                           sequence_length=[[1, 1]], dtype=tf.float32)),
    }


def case_static_rnn_lstm_initial_state_lengths(tf):
    cell = tf.nn.rnn_cell.BasicLSTMCell(2)
    xs = [tf.constant(fixed([2, 2], 1.0, phase=float(t))) for t in range(3)]
    init = tf.nn.rnn_cell.LSTMStateTuple(tf.constant(fixed([2, 2], 0.5)), tf.constant(fixed([2, 2], 0.5, phase=1.0)))
    outs, state = tf.nn.static_rnn(cell, xs, initial_state=init, sequence_length=[2, 0])
    sess = fixed_session(tf)
    return {"outs": sess.run(outs), "state": sess.run(state), "names": [o.op.name for o in outs][:1]}


def case_bidirectional_dynamic_rnn_multi_cells_lengths_fed(tf):
    fw = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.BasicRNNCell(2)])
    bw = tf.nn.rnn_cell.BasicLSTMCell(1)
    x = tf.placeholder(tf.float32, [None, None, 2])
    lengths = tf.placeholder(tf.int64, [None])
    (o_fw, o_bw), (s_fw, s_bw) = tf.nn.bidirectional_dynamic_rnn(fw, bw, x, sequence_length=lengths, dtype=tf.float32)
    sess = fixed_session(tf)
    feed = {x: fixed([2, 3, 2], 1.0), lengths: [2, 3]}
    return {"vars": variable_names(tf.global_variables()), "static": [o_fw.shape.as_list(), o_bw.shape.as_list()],
            "values": sess.run([o_fw, o_bw, s_fw, s_bw], feed)}


def case_scope_string_and_second_call_reuses_cell(tf):
    cell = tf.nn.rnn_cell.GRUCell(2)
    x = tf.constant(fixed([1, 2, 2], 1.0))
    a, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="enc")
    b, _ = tf.nn.dynamic_rnn(cell, x * 2.0, dtype=tf.float32, scope="dec")
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables()), "names": [a.op.name, b.op.name], "values": sess.run([a, b])}


def case_lstm_train_step_sgd_gradient_norms(tf):
    x = tf.constant(fixed([2, 4, 2], 1.0))
    outputs, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(2, use_peepholes=True), x, sequence_length=[4, 2],
                                   dtype=tf.float32)
    loss = tf.reduce_sum(tf.square(outputs))
    opt = tf.train.GradientDescentOptimizer(0.1)
    grads_and_vars = opt.compute_gradients(loss)
    clipped, norm = tf.clip_by_global_norm([g for g, _ in grads_and_vars], 0.05)
    step = opt.apply_gradients(zip(clipped, [v for _, v in grads_and_vars]))
    sess = fixed_session(tf)
    first = sess.run([loss, norm])
    sess.run(step)
    return {"first": first, "after": sess.run(loss), "vars": [v.name for _, v in grads_and_vars]}
