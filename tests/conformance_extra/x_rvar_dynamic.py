"""Variations of the public rnn_dynamic cases: dynamic_rnn / static_rnn / bidirectional_dynamic_rnn
/ raw_rnn with time_major, fed and zero sequence lengths, unknown batch, nested inputs and states,
initial-state dtypes, gradients, the op and variable names users see, and their error texts.

Reference: TF 2.21's nn.rnn_cell needs tf-keras; record with TF_USE_LEGACY_KERAS=1."""
import numpy as np

from _casekit import fixed, fixed_session, variable_names
from _harness import catch, message_has


# --- dynamic_rnn values -------------------------------------------------------------------------
def case_dynamic_rnn_lstm_not_tuple_float64(tf):
    x = tf.constant(fixed([2, 3, 2], 1.0, dtype=np.float64))
    cell = tf.nn.rnn_cell.LSTMCell(3, state_is_tuple=False)
    outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float64)
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables()), "outputs": sess.run(outputs), "state": sess.run(state),
            "static": [outputs.shape.as_list(), state.shape.as_list()], "dtype": outputs.dtype.name}


def case_dynamic_rnn_gru_single_step_and_names(tf):
    x = tf.constant(fixed([3, 1, 2], 1.0))
    outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(4), x, dtype=tf.float32)
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables()), "outputs": sess.run(outputs), "state": sess.run(state),
            "names": [outputs.name, state.name], "types": [outputs.op.type, state.op.type]}


def case_dynamic_rnn_lstm_state_names(tf):
    x = tf.constant(fixed([1, 2, 2], 1.0))
    outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), x, dtype=tf.float32)
    return {"names": [outputs.name, state.c.name, state.h.name],
            "static": [t.shape.as_list() for t in (outputs, state.c, state.h)]}


# --- sequence_length ----------------------------------------------------------------------------
def case_dynamic_rnn_sequence_length_fed(tf):
    x = tf.constant(fixed([3, 4, 2], 1.0))
    lengths = tf.placeholder(tf.int32, [3])
    outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, sequence_length=lengths,
                                       dtype=tf.float32)
    sess = fixed_session(tf)
    a = sess.run([outputs, state], {lengths: [1, 4, 3]})
    b = sess.run([outputs, state], {lengths: [0, 0, 0]})
    return {"a": a, "b": b, "b_state_zero": bool(np.all(b[1] == 0))}


def case_dynamic_rnn_sequence_length_all_zero_lstm(tf):
    x = tf.constant(fixed([2, 3, 2], 1.0))
    init = tf.nn.rnn_cell.LSTMStateTuple(tf.constant([[0.5, -0.5], [1.0, 1.0]]), tf.constant([[0.1, 0.2], [0.3, 0.4]]))
    outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), x, sequence_length=[0, 2],
                                       initial_state=init)
    sess = fixed_session(tf)
    out, st = sess.run([outputs, state])
    return {"outputs": out, "state": st, "row0_keeps_initial": bool(np.array_equal(st.c[0], [0.5, -0.5]))}


def case_dynamic_rnn_sequence_length_int64_time_major(tf):
    x = tf.constant(fixed([4, 2, 3], 1.0))
    outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2), x, time_major=True,
                                       sequence_length=tf.constant([2, 4], tf.int64), dtype=tf.float32)
    sess = fixed_session(tf)
    return {"outputs": sess.run(outputs), "state": sess.run(state), "static": outputs.shape.as_list()}


def case_dynamic_rnn_sequence_length_batch_mismatch(tf):
    x = tf.constant(fixed([2, 3, 2], 1.0))
    lengths = tf.placeholder(tf.int32, [None])
    outputs, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2), x, sequence_length=lengths, dtype=tf.float32)
    sess = fixed_session(tf)
    return {"three_lengths": message_has(lambda: sess.run(outputs, {lengths: [1, 2, 3]}),
                                         "Expected shape for Tensor", "sequence_length", "[2]", "[3]"),
            "after": sess.run(outputs, {lengths: [3, 1]})}


# --- time_major ---------------------------------------------------------------------------------
def case_dynamic_rnn_time_major_lstm_unknown_batch(tf):
    x = tf.placeholder(tf.float32, [3, None, 2])
    outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), x, time_major=True, dtype=tf.float32)
    sess = fixed_session(tf)
    feed = {x: fixed([3, 2, 2], 1.0)}
    return {"static": [outputs.shape.as_list(), state.h.shape.as_list()],
            "outputs": sess.run(outputs, feed), "state": sess.run(state, feed)}


def case_dynamic_rnn_time_major_nested_inputs(tf):
    class Concat(tf.nn.rnn_cell.RNNCell):
        def __init__(self):
            super(Concat, self).__init__()
            self._gru = tf.nn.rnn_cell.GRUCell(2)

        @property
        def state_size(self):
            return 2

        @property
        def output_size(self):
            return (2, 1)

        def call(self, inputs, state):
            a, b = inputs
            out, st = self._gru(tf.concat([a, b], 1), state)
            return (out, tf.reduce_sum(b, 1, keepdims=True)), st

    a = tf.constant(fixed([3, 2, 2], 1.0))
    b = tf.constant(fixed([3, 2, 1], 1.0, phase=1.0))
    (o1, o2), st = tf.nn.dynamic_rnn(Concat(), (a, b), time_major=True, dtype=tf.float32)
    sess = fixed_session(tf)
    return {"o1": sess.run(o1), "o2": sess.run(o2), "st": sess.run(st),
            "static": [o1.shape.as_list(), o2.shape.as_list()]}


# --- initial_state ------------------------------------------------------------------------------
def case_dynamic_rnn_initial_state_float64_gru(tf):
    init = tf.constant([[0.5, -0.5, 0.1]], tf.float64)
    outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(3), tf.constant(fixed([1, 2, 2], 1.0, dtype=np.float64)),
                                       initial_state=init)
    sess = fixed_session(tf)
    return {"outputs": sess.run(outputs), "state": sess.run(state), "dtype": outputs.dtype.name,
            "vars": [(v.name, v.dtype.base_dtype.name) for v in tf.global_variables()]}


def case_dynamic_rnn_initial_state_multi_cell(tf):
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(2), tf.nn.rnn_cell.GRUCell(2)])
    init = (tf.nn.rnn_cell.LSTMStateTuple(tf.constant([[0.5, -0.5]]), tf.constant([[0.1, 0.2]])),
            tf.constant([[1.0, -1.0]]))
    outputs, state = tf.nn.dynamic_rnn(cell, tf.constant(fixed([1, 3, 2], 1.0)), initial_state=init)
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables()), "outputs": sess.run(outputs), "state": sess.run(state)}


def case_dynamic_rnn_initial_state_errors(tf):
    cell = tf.nn.rnn_cell.GRUCell(2)
    x = tf.constant(fixed([2, 3, 2], 1.0))
    return {
        "wrong_structure": catch(tf.nn.dynamic_rnn, cell, x,
                                 initial_state=(tf.zeros([2, 2]), tf.zeros([2, 2]))),
        "dtype_mismatch": catch(tf.nn.dynamic_rnn, tf.nn.rnn_cell.GRUCell(2, name="g2"), x,
                                initial_state=tf.zeros([2, 2], tf.float64)),
    }


def case_dynamic_rnn_initial_state_fed_batch(tf):
    x = tf.placeholder(tf.float32, [None, 2, 2])
    h0 = tf.placeholder(tf.float32, [None, 2])
    outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2), x, initial_state=h0)
    sess = fixed_session(tf)
    ok = sess.run(state, {x: fixed([3, 2, 2], 1.0), h0: fixed([3, 2], 0.5)})
    bad = catch(sess.run, state, {x: fixed([3, 2, 2], 1.0), h0: fixed([2, 2], 0.5)})
    return {"ok": ok, "bad": bad, "after": sess.run(state, {x: fixed([1, 2, 2], 1.0), h0: fixed([1, 2], 0.5)})}


# --- unknown batch and time -------------------------------------------------------------------
def case_dynamic_rnn_unknown_time_lstm_zero_steps(tf):
    x = tf.placeholder(tf.float32, [2, None, 3])
    outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), x, dtype=tf.float32)
    sess = fixed_session(tf)
    return {"static": outputs.shape.as_list(),
            "three": sess.run(outputs, {x: fixed([2, 3, 3], 1.0)}),
            "zero_steps": catch(sess.run, [outputs, state], {x: np.zeros([2, 0, 3], np.float32)})}


def case_dynamic_rnn_unknown_rank_input(tf):
    x = tf.placeholder(tf.float32)
    return {"unknown_rank": catch(tf.nn.dynamic_rnn, tf.nn.rnn_cell.BasicRNNCell(2), x, dtype=tf.float32)}


def case_dynamic_rnn_unknown_batch_gru_lengths(tf):
    x = tf.placeholder(tf.float32, [None, 4, 1])
    lengths = tf.placeholder(tf.int64, [None])
    outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(3), x, sequence_length=lengths, dtype=tf.float32)
    sess = fixed_session(tf)
    feed = {x: fixed([3, 4, 1], 1.0), lengths: [4, 0, 2]}
    return {"static": [outputs.shape.as_list(), state.shape.as_list()],
            "outputs": sess.run(outputs, feed), "state": sess.run(state, feed)}


# --- argument errors --------------------------------------------------------------------------
def case_dynamic_rnn_argument_error_messages(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    return {
        "no_dtype": message_has(lambda: tf.nn.dynamic_rnn(cell, tf.zeros([2, 3, 2])),
                                "If there is no initial_state, you must give a dtype."),
        "rank2": message_has(lambda: tf.nn.dynamic_rnn(cell, tf.zeros([2, 3]), dtype=tf.float32),
                             "must be at least rank 3", "Shape"),
        "seq_len_rank2": message_has(lambda: tf.nn.dynamic_rnn(cell, tf.zeros([2, 3, 2]), sequence_length=[[1, 2]],
                                                               dtype=tf.float32),
                                     "sequence_length must be a vector of length batch_size"),
        "not_a_cell": message_has(lambda: tf.nn.dynamic_rnn("cell", tf.zeros([2, 3, 2]), dtype=tf.float32),
                                  "cell must be an instance of RNNCell"),
    }


def case_dynamic_rnn_batch_mismatch_nested(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    return {"nested_batch": catch(tf.nn.dynamic_rnn, cell, (tf.zeros([2, 3, 1]), tf.zeros([3, 3, 1])),
                                  dtype=tf.float32),
            "nested_time": catch(tf.nn.dynamic_rnn, tf.nn.rnn_cell.BasicRNNCell(2, name="b"),
                                 (tf.zeros([2, 3, 1]), tf.zeros([2, 4, 1])), dtype=tf.float32),
            "seq_len_float": catch(tf.nn.dynamic_rnn, tf.nn.rnn_cell.BasicRNNCell(2, name="c"),
                                   tf.zeros([2, 3, 1]), sequence_length=[1.0, 2.0], dtype=tf.float32)}


# --- static_rnn -------------------------------------------------------------------------------
def case_static_rnn_lstm_lengths_and_names(tf):
    xs = [tf.constant(fixed([2, 2], 1.0, phase=float(t))) for t in range(3)]
    outputs, state = tf.nn.static_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), xs, dtype=tf.float32,
                                      sequence_length=[2, 0])
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables()), "outputs": sess.run(outputs), "state": sess.run(state),
            "names": [o.name for o in outputs], "state_names": [state.c.name, state.h.name]}


def case_static_rnn_initial_state_no_lengths(tf):
    xs = tf.unstack(tf.constant(fixed([2, 3, 2], 1.0)), axis=1)
    outputs, state = tf.nn.static_rnn(tf.nn.rnn_cell.GRUCell(2), xs, initial_state=tf.constant([[0.1, 0.2], [0.3, 0.4]]),
                                      scope="enc")
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables()), "outputs": sess.run(outputs), "state": sess.run(state),
            "names": [o.name for o in outputs]}


def case_static_rnn_errors(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    return {
        "not_list": message_has(lambda: tf.nn.static_rnn(cell, tf.zeros([2, 3]), dtype=tf.float32),
                                "inputs must be a sequence"),
        "empty": message_has(lambda: tf.nn.static_rnn(cell, [], dtype=tf.float32), "inputs must not be empty"),
        "no_dtype": catch(tf.nn.static_rnn, cell, [tf.zeros([2, 3])]),
        "not_a_cell": catch(tf.nn.static_rnn, "cell", [tf.zeros([2, 3])], dtype=tf.float32),
    }


# --- static vs dynamic ------------------------------------------------------------------------
def case_static_and_dynamic_agree_gru_lengths(tf):
    x = fixed([3, 4, 2], 1.0)
    cell = tf.nn.rnn_cell.GRUCell(3)
    d_out, d_state = tf.nn.dynamic_rnn(cell, tf.constant(x), sequence_length=[4, 1, 2], dtype=tf.float32)
    s_out, s_state = tf.nn.static_rnn(cell, tf.unstack(tf.constant(x), axis=1), sequence_length=[4, 1, 2],
                                      dtype=tf.float32)
    sess = fixed_session(tf)
    d, s, ds, ss = sess.run([d_out, tf.stack(s_out, axis=1), d_state, s_state])
    return {"vars": variable_names(tf.global_variables()), "outputs_equal": bool(np.allclose(d, s, atol=1e-6)),
            "states_equal": bool(np.allclose(ds, ss, atol=1e-6)), "outputs": d}


def case_static_and_dynamic_agree_multi_float64(tf):
    x = fixed([2, 3, 2], 1.0, dtype=np.float64)
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.BasicRNNCell(2)])
    d_out, d_state = tf.nn.dynamic_rnn(cell, tf.constant(x), dtype=tf.float64, time_major=False)
    s_out, s_state = tf.nn.static_rnn(cell, tf.unstack(tf.constant(x), axis=1), dtype=tf.float64)
    sess = fixed_session(tf)
    d, s = sess.run([d_out, tf.stack(s_out, axis=1)])
    return {"vars": variable_names(tf.global_variables()), "outputs_equal": bool(np.allclose(d, s, atol=1e-12)),
            "state": sess.run(d_state), "dtype": d.dtype.name}


# --- bidirectional ----------------------------------------------------------------------------
def case_bidirectional_dynamic_rnn_time_major_no_lengths(tf):
    x = tf.constant(fixed([3, 2, 2], 1.0))
    (fw, bw), (fs, bs) = tf.nn.bidirectional_dynamic_rnn(
        tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.GRUCell(3), x, time_major=True, dtype=tf.float32)
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables()), "fw": sess.run(fw), "bw": sess.run(bw), "fs": sess.run(fs), "bs": sess.run(bs),
            "names": [fw.name, bw.name]}


def case_bidirectional_dynamic_rnn_initial_states_and_scope(tf):
    x = tf.constant(fixed([2, 3, 2], 1.0))
    (fw, bw), (fs, bs) = tf.nn.bidirectional_dynamic_rnn(
        tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.BasicRNNCell(2), x, sequence_length=[1, 3],
        initial_state_fw=tf.constant([[0.5, 0.5], [-0.5, 0.5]]),
        initial_state_bw=tf.constant([[0.1, 0.0], [0.0, 0.1]]), scope="bi")
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables()), "fw": sess.run(fw), "bw": sess.run(bw), "fs": sess.run(fs), "bs": sess.run(bs)}


def case_bidirectional_dynamic_rnn_errors(tf):
    cell = tf.nn.rnn_cell.GRUCell(2)
    return {
        "fw_not_cell": message_has(lambda: tf.nn.bidirectional_dynamic_rnn("a", cell, tf.zeros([1, 2, 2]),
                                                                           dtype=tf.float32),
                                   "cell_fw must be an instance of RNNCell"),
        "bw_not_cell": message_has(lambda: tf.nn.bidirectional_dynamic_rnn(cell, 3, tf.zeros([1, 2, 2]),
                                                                           dtype=tf.float32),
                                   "cell_bw must be an instance of RNNCell"),
        "no_dtype": catch(tf.nn.bidirectional_dynamic_rnn, cell, cell, tf.zeros([1, 2, 2])),
    }


def case_bidirectional_dynamic_rnn_gradient(tf):
    x = tf.constant(fixed([2, 3, 2], 1.0))
    (fw, bw), _ = tf.nn.bidirectional_dynamic_rnn(
        tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.BasicRNNCell(2), x, sequence_length=[3, 2], dtype=tf.float32)
    loss = tf.reduce_sum(fw * bw)
    grads = tf.gradients(loss, [x] + tf.trainable_variables())
    sess = fixed_session(tf)
    return {"loss": sess.run(loss), "grads": sess.run(grads)}


# --- MultiRNNCell / DropoutWrapper in dynamic_rnn ------------------------------------------------
def case_multi_rnn_cell_in_dynamic_rnn_not_tuple(tf):
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.GRUCell(3)], state_is_tuple=False)
    outputs, state = tf.nn.dynamic_rnn(cell, tf.constant(fixed([2, 3, 2], 1.0)), sequence_length=[3, 1],
                                       dtype=tf.float32)
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables()), "outputs": sess.run(outputs), "state": sess.run(state),
            "static": state.shape.as_list()}


def case_dropout_wrapper_seeded_in_dynamic_rnn_keep_one(tf):
    cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(2), input_keep_prob=1.0, output_keep_prob=1.0,
                                         state_keep_prob=1.0, variational_recurrent=True, dtype=tf.float32,
                                         input_size=2)
    outputs, state = tf.nn.dynamic_rnn(cell, tf.constant(fixed([2, 3, 2], 1.0)), dtype=tf.float32)
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables()), "outputs": sess.run(outputs), "state": sess.run(state)}


# --- scopes and reuse -------------------------------------------------------------------------
def case_scope_reuse_errors_and_auto_reuse(tf):
    x = tf.constant(fixed([1, 2, 2], 1.0))
    with tf.variable_scope("enc"):
        a, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, dtype=tf.float32)
    again = catch(lambda: tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, dtype=tf.float32, scope="enc/rnn"))
    with tf.variable_scope("enc", reuse=tf.AUTO_REUSE):
        b, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, dtype=tf.float32)
    with tf.variable_scope("dec", reuse=True):
        missing = catch(tf.nn.dynamic_rnn, tf.nn.rnn_cell.GRUCell(2), x, dtype=tf.float32)
    sess = fixed_session(tf)
    va, vb = sess.run([a, b])
    return {"vars": variable_names(tf.global_variables()), "reused_equal": bool(np.array_equal(va, vb)), "again": again, "missing": missing}


def case_scope_variable_scope_object(tf):
    x = tf.constant(fixed([1, 2, 2], 1.0))
    with tf.variable_scope("outer") as vs:
        pass
    a, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2), x, dtype=tf.float32, scope=vs)
    with tf.name_scope("ns"):
        b, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2), x, dtype=tf.float32, scope="inner")
    return {"vars": variable_names(tf.global_variables()), "names": [a.name, b.name]}


def case_same_cell_two_dynamic_rnns_share_weights(tf):
    cell = tf.nn.rnn_cell.GRUCell(2)
    x = tf.constant(fixed([1, 3, 2], 1.0))
    a, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="one")
    b = catch(lambda: tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="two")[0].name)
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables()), "b": b, "a": sess.run(a)}


# --- gradients ----------------------------------------------------------------------------------
def case_gru_loss_gradient_wrt_inputs_and_kernel(tf):
    x = tf.constant(fixed([2, 3, 2], 1.0))
    outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, sequence_length=[3, 1], dtype=tf.float32)
    loss = tf.reduce_sum(tf.square(state)) + tf.reduce_mean(outputs)
    var_list = tf.trainable_variables()
    grads = tf.gradients(loss, [x] + var_list)
    sess = fixed_session(tf)
    return {"names": [v.name for v in var_list], "loss": sess.run(loss), "grads": sess.run(grads),
            "shapes": [g.shape.as_list() for g in grads]}


def case_lstm_gradient_wrt_initial_state_float64(tf):
    x = tf.constant(fixed([1, 3, 2], 1.0, dtype=np.float64))
    c0 = tf.constant([[0.2, -0.1]], tf.float64)
    h0 = tf.constant([[0.0, 0.3]], tf.float64)
    _, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), x,
                                 initial_state=tf.nn.rnn_cell.LSTMStateTuple(c0, h0))
    loss = tf.reduce_sum(state.h * state.c)
    gc, gh = tf.gradients(loss, [c0, h0])
    sess = fixed_session(tf)
    return {"loss": sess.run(loss), "gc": sess.run(gc), "gh": sess.run(gh)}


def case_static_rnn_gradient_time_major_inputs(tf):
    xs = [tf.constant(fixed([2, 2], 1.0, phase=float(t))) for t in range(3)]
    outputs, state = tf.nn.static_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), xs, dtype=tf.float32, sequence_length=[3, 2])
    loss = tf.add_n([tf.reduce_sum(o) for o in outputs])
    grads = tf.gradients(loss, xs)
    sess = fixed_session(tf)
    return {"loss": sess.run(loss), "grads": sess.run(grads)}


def case_train_step_gru_adam_decreases_loss(tf):
    x = tf.constant(fixed([2, 3, 2], 1.0))
    target = tf.constant(fixed([2, 2], 0.5, phase=1.0))
    _, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, dtype=tf.float32)
    loss = tf.reduce_mean(tf.square(state - target))
    step = tf.train.AdamOptimizer(0.1).minimize(loss)
    sess = fixed_session(tf)
    losses = []
    for _ in range(3):
        losses.append(sess.run(loss))
        sess.run(step)
    return {"losses": losses, "decreasing": bool(losses[0] > losses[1] > losses[2]),
            "n_vars": len(tf.global_variables())}


# --- raw_rnn ------------------------------------------------------------------------------------
def case_raw_rnn_lengths_and_names(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    inputs = tf.constant(fixed([3, 2, 2], 1.0))  # time major
    lengths = tf.constant([3, 1])
    inputs_ta = tf.TensorArray(tf.float32, size=3).unstack(inputs)

    def loop_fn(time, cell_output, cell_state, loop_state):
        emit = cell_output
        state = cell.zero_state(2, tf.float32) if cell_output is None else cell_state
        finished = time >= lengths
        nxt = tf.cond(tf.reduce_all(finished), lambda: tf.zeros([2, 2]), lambda: inputs_ta.read(time))
        return finished, nxt, state, emit, None

    out_ta, final_state, _ = tf.nn.raw_rnn(cell, loop_fn)
    out = out_ta.stack()
    sess = fixed_session(tf)
    return {"out": sess.run(out), "state": sess.run(final_state), "state_name": final_state.name,
            "vars": variable_names(tf.global_variables())}
