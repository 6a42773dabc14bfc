"""Variations of the public rnn_cells cases: other sizes and dtypes (float64), state_is_tuple both
ways, initializers, names and reuse, the cells' error paths.

Reference: TF 2.21's nn.rnn_cell needs tf-keras; record with TF_USE_LEGACY_KERAS=1."""
import numpy as np

from _casekit import fixed, fixed_session, variable_names
from _harness import catch, message_has


# --- BasicRNNCell -------------------------------------------------------------------------------
def case_basic_rnn_cell_float64(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(2, dtype=tf.float64)
    x = tf.constant(fixed([3, 5], 1.0, dtype=np.float64))
    state = cell.zero_state(3, tf.float64)
    out, new_state = cell(x, state)
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "out": sess.run(out), "dtypes": [out.dtype.name, new_state.dtype.name,
                                                                  state.dtype.name],
            "static": out.shape.as_list()}


def case_basic_rnn_cell_named_relu_fed_batch(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(4, activation=tf.nn.relu, name="my_rnn")
    x = tf.placeholder(tf.float32, [None, 2])
    h = tf.placeholder(tf.float32, [None, 4])
    out, _ = cell(x, h)
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "static": out.shape.as_list(), "op": out.op.type,
            "out": sess.run(out, {x: fixed([3, 2], 1.0), h: fixed([3, 4], 0.5, 1.0)}),
            "cell_name": cell.name}


def case_basic_rnn_cell_called_twice_reuses(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(3)
    x = tf.constant(fixed([2, 3], 1.0))
    s0 = cell.zero_state(2, tf.float32)
    o1, s1 = cell(x, s0)
    o2, s2 = cell(x, s1)
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "o2": sess.run(o2), "differ": bool(not np.array_equal(*sess.run([o1, o2]))),
            "zero_name": s0.op.name}


# --- BasicLSTMCell ------------------------------------------------------------------------------
def case_basic_lstm_cell_not_tuple(tf):
    cell = tf.nn.rnn_cell.BasicLSTMCell(3, state_is_tuple=False)
    x = tf.constant(fixed([2, 4], 1.0))
    state = cell.zero_state(2, tf.float32)
    out, new_state = cell(x, state)
    sess = fixed_session(tf)
    return {"state_size": cell.state_size, "output_size": cell.output_size, "vars": variable_names(tf.global_variables(), with_dtypes=True),
            "state_static": new_state.shape.as_list(), "out": sess.run(out), "new_state": sess.run(new_state),
            "state_type": type(new_state).__name__}


def case_basic_lstm_cell_float64_tensor_batch(tf):
    cell = tf.nn.rnn_cell.BasicLSTMCell(2, dtype=tf.float64)
    x = tf.placeholder(tf.float64, [None, 3])
    state = cell.zero_state(tf.shape(x)[0], tf.float64)
    out, new_state = cell(x, state)
    sess = fixed_session(tf)
    feed = {x: fixed([4, 3], 1.0, dtype=np.float64)}
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "zero_static": [state.c.shape.as_list(), state.h.shape.as_list()],
            "out": sess.run(out, feed), "state": sess.run(new_state, feed), "dtype": out.dtype.name}


def case_basic_lstm_cell_activation_and_forget_bias_zero(tf):
    with tf.variable_scope("v", initializer=tf.constant_initializer(-0.1)):
        cell = tf.nn.rnn_cell.BasicLSTMCell(3, forget_bias=0.0, activation=tf.nn.relu)
        out, st = cell(tf.constant([[1.0, 2.0]]),
                       tf.nn.rnn_cell.LSTMStateTuple(tf.constant([[1.0, -1.0, 0.5]]), tf.constant([[0.1, 0.2, 0.3]])))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "out": sess.run(out), "state": sess.run(st)}


def case_basic_lstm_state_tuple_fields(tf):
    c = tf.constant([[0.5, 1.0]])
    h = tf.constant([[0.2, -0.2]])
    st = tf.nn.rnn_cell.LSTMStateTuple(c, h)
    c2, h2 = st
    return {"dtype": st.dtype.name, "fields": list(st._fields), "unpack": [c2 is c, h2 is h],
            "mixed": catch(lambda: tf.nn.rnn_cell.LSTMStateTuple(c, tf.constant([[1.0]], tf.float64)).dtype)}


# --- LSTMCell -----------------------------------------------------------------------------------
def case_lstm_cell_peepholes_only(tf):
    cell = tf.nn.rnn_cell.LSTMCell(3, use_peepholes=True)
    x = tf.constant(fixed([2, 2], 1.0))
    state = cell.zero_state(2, tf.float32)
    out, new_state = cell(x, state)
    sess = fixed_session(tf)
    return {"state_size": cell.state_size, "output_size": cell.output_size, "vars": variable_names(tf.global_variables(), with_dtypes=True),
            "out": sess.run(out), "new_state": sess.run(new_state)}


def case_lstm_cell_projection_clips_not_tuple(tf):
    cell = tf.nn.rnn_cell.LSTMCell(4, num_proj=3, cell_clip=0.05, proj_clip=0.02, state_is_tuple=False)
    x = tf.constant(fixed([2, 3], 2.0))
    state = cell.zero_state(2, tf.float32)
    out, new_state = cell(x, state)
    sess = fixed_session(tf)
    o, s = sess.run([out, new_state])
    return {"state_size": cell.state_size, "output_size": cell.output_size, "vars": variable_names(tf.global_variables(), with_dtypes=True),
            "out": o, "state": s, "out_within_clip": bool(np.all(np.abs(o) <= 0.02 + 1e-7)),
            "c_within_clip": bool(np.all(np.abs(s[:, :4]) <= 0.05 + 1e-7))}


def case_lstm_cell_float64_projection(tf):
    cell = tf.nn.rnn_cell.LSTMCell(2, num_proj=1, dtype=tf.float64)
    x = tf.constant(fixed([1, 3], 1.0, dtype=np.float64))
    out, st = cell(x, cell.zero_state(1, tf.float64))
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "out": sess.run(out), "state": sess.run(st),
            "dtypes": [out.dtype.name, st.c.dtype.name]}


def case_lstm_cell_initializer_scope_vs_argument(tf):
    with tf.variable_scope("outer", initializer=tf.constant_initializer(0.5)):
        arg = tf.nn.rnn_cell.LSTMCell(2, initializer=tf.constant_initializer(-0.2), name="arg")
        o1, _ = arg(tf.constant([[1.0, 1.0]]), arg.zero_state(1, tf.float32))
        scoped = tf.nn.rnn_cell.LSTMCell(2, name="scoped")
        o2, _ = scoped(tf.constant([[1.0, 1.0]]), scoped.zero_state(1, tf.float32))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    vals = {v.name: sess.run(v) for v in tf.global_variables()}
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "values": vals, "o1": sess.run(o1), "o2": sess.run(o2)}


def case_lstm_cell_tanh_activation_name_and_forget_bias(tf):
    cell = tf.nn.rnn_cell.LSTMCell(2, initializer=tf.constant_initializer(0.1), forget_bias=2.0,
                                   activation="sigmoid")
    x = tf.constant([[1.0, 2.0, -1.0]])
    out, st = cell(x, cell.zero_state(1, tf.float32))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "out": sess.run(out), "c": sess.run(st.c)}


# --- GRUCell ------------------------------------------------------------------------------------
def case_gru_cell_float64_and_sizes(tf):
    cell = tf.nn.rnn_cell.GRUCell(5, dtype=tf.float64)
    x = tf.constant(fixed([1, 2], 1.0, dtype=np.float64))
    h0 = tf.constant(fixed([1, 5], 0.5, phase=1.0, dtype=np.float64))
    out, new_state = cell(x, h0)
    sess = fixed_session(tf)
    return {"sizes": [cell.state_size, cell.output_size], "vars": variable_names(tf.global_variables(), with_dtypes=True), "out": sess.run(out),
            "dtype": new_state.dtype.name}


def case_gru_cell_named_relu(tf):
    with tf.variable_scope("top"):
        cell = tf.nn.rnn_cell.GRUCell(2, activation=tf.nn.relu, name="g")
        out, _ = cell(tf.constant(fixed([3, 2], 1.0)), tf.constant(fixed([3, 2], 0.4, 2.0)))
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "out": sess.run(out), "out_name": out.name.split("/")[0]}


def case_gru_cell_bias_and_kernel_initializers(tf):
    cell = tf.nn.rnn_cell.GRUCell(2, kernel_initializer=tf.constant_initializer(-0.1),
                                  bias_initializer=tf.constant_initializer(0.3))
    out, _ = cell(tf.constant([[1.0, 0.0]]), tf.constant([[0.5, -0.5]]))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    vals = {v.name: sess.run(v) for v in tf.global_variables()}
    return {"values": vals, "out": sess.run(out)}


def case_gru_cell_default_bias_float64(tf):
    cell = tf.nn.rnn_cell.GRUCell(3, kernel_initializer=tf.constant_initializer(0.05), dtype=tf.float64)
    out, _ = cell(tf.constant([[1.0, -1.0]], tf.float64), tf.zeros([1, 3], tf.float64))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    biases = {v.name: sess.run(v) for v in tf.global_variables() if "bias" in v.name}
    return {"biases": biases, "out": sess.run(out)}


# --- MultiRNNCell -------------------------------------------------------------------------------
def case_multi_rnn_cell_not_tuple(tf):
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.GRUCell(3)],
                                       state_is_tuple=False)
    x = tf.constant(fixed([2, 4], 1.0))
    state = cell.zero_state(2, tf.float32)
    out, new_state = cell(x, state)
    sess = fixed_session(tf)
    return {"state_size": cell.state_size, "output_size": cell.output_size, "vars": variable_names(tf.global_variables(), with_dtypes=True),
            "state_static": new_state.shape.as_list(), "out": sess.run(out), "new_state": sess.run(new_state)}


def case_multi_rnn_cell_three_layers_rnn(tf):
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicRNNCell(n) for n in (2, 3, 1)])
    x = tf.constant(fixed([1, 2], 1.0))
    state = cell.zero_state(1, tf.float32)
    out, new_state = cell(x, state)
    sess = fixed_session(tf)
    return {"state_size": cell.state_size, "vars": variable_names(tf.global_variables(), with_dtypes=True), "out": sess.run(out),
            "new_state": sess.run(new_state), "n_states": len(new_state),
            "zero_names": [s.op.name for s in state]}


def case_multi_rnn_cell_single_layer_and_errors(tf):
    one = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(2)])
    out, st = one(tf.constant([[1.0, 0.5]]), one.zero_state(1, tf.float32))
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "out": sess.run(out), "state_len": len(st),
            "empty": message_has(lambda: tf.nn.rnn_cell.MultiRNNCell([]), "Must specify at least one cell"),
            "not_list": catch(lambda: tf.nn.rnn_cell.MultiRNNCell(tf.nn.rnn_cell.GRUCell(2))),
            "bad_state_len": catch(lambda: one(tf.constant([[1.0, 0.5]]), ()))}


# --- DropoutWrapper -----------------------------------------------------------------------------
def case_dropout_wrapper_tensor_keep_prob_one(tf):
    base = tf.nn.rnn_cell.BasicLSTMCell(2)
    keep = tf.placeholder_with_default(1.0, [])
    wrapped = tf.nn.rnn_cell.DropoutWrapper(base, input_keep_prob=keep, output_keep_prob=keep)
    x = tf.constant(fixed([2, 3], 1.0))
    out, st = wrapped(x, wrapped.zero_state(2, tf.float32))
    sess = fixed_session(tf)
    return {"sizes": [wrapped.state_size, wrapped.output_size], "vars": variable_names(tf.global_variables(), with_dtypes=True),
            "out": sess.run(out), "state": sess.run(st)}


def case_dropout_wrapper_gru_keep_all_equal(tf):
    base = tf.nn.rnn_cell.GRUCell(3)
    wrapped = tf.nn.rnn_cell.DropoutWrapper(base, output_keep_prob=1.0, state_keep_prob=1.0, seed=3)
    x = tf.constant(fixed([2, 2], 1.0))
    h = tf.constant(fixed([2, 3], 0.2))
    out, _ = wrapped(x, h)
    plain, _ = base(x, h)
    sess = fixed_session(tf)
    a, b = sess.run([out, plain])
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "out": a, "equal_unwrapped": bool(np.array_equal(a, b)),
            "wrapped_cell": type(wrapped.wrapped_cell).__name__}


def case_dropout_wrapper_float64(tf):
    base = tf.nn.rnn_cell.BasicRNNCell(2, dtype=tf.float64)
    wrapped = tf.nn.rnn_cell.DropoutWrapper(base, input_keep_prob=1.0, dtype=tf.float64)
    x = tf.constant(fixed([1, 3], 1.0, dtype=np.float64))
    out, _ = wrapped(x, wrapped.zero_state(1, tf.float64))
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "out": sess.run(out), "dtype": out.dtype.name}


# --- error paths --------------------------------------------------------------------------------
def case_cell_bad_keep_prob_messages(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    return {
        "negative": message_has(lambda: tf.nn.rnn_cell.DropoutWrapper(cell, input_keep_prob=-0.5),
                                "Parameter input_keep_prob must be between 0 and 1", "-0.5"),
        "state_big": message_has(lambda: tf.nn.rnn_cell.DropoutWrapper(cell, state_keep_prob=2),
                                 "Parameter state_keep_prob must be between 0 and 1"),
        "output_one_ok": type(tf.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=1)).__name__,
        "not_a_cell": catch(lambda: tf.nn.rnn_cell.DropoutWrapper("cell")),
    }


def case_cell_unknown_rank_and_depth_errors(tf):
    cell = tf.nn.rnn_cell.BasicLSTMCell(2)
    gru = tf.nn.rnn_cell.GRUCell(2)
    lstm = tf.nn.rnn_cell.LSTMCell(2)
    state = cell.zero_state(2, tf.float32)
    return {
        "lstm_unknown_depth": message_has(lambda: cell(tf.placeholder(tf.float32, [2, None]), state),
                                          "Expected inputs.shape[-1] to be known"),
        "gru_unknown_depth": catch(lambda: gru(tf.placeholder(tf.float32, [None, None]), tf.zeros([2, 2]))),
        "lstmcell_unknown_rank": catch(lambda: lstm(tf.placeholder(tf.float32), lstm.zero_state(2, tf.float32))),
        "after_error_vars": variable_names(tf.global_variables(), with_dtypes=True),
    }


def case_cell_input_depth_change_after_build(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    out, _ = cell(tf.constant(fixed([1, 3], 1.0)), tf.zeros([1, 2]))
    second = catch(lambda: cell(tf.constant(fixed([1, 4], 1.0)), tf.zeros([1, 2])))
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "second": second, "first_still_runs": sess.run(out)}
