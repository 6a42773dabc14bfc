"""Third-pass variations of the public rnn_cells cases: nested-tuple feeds of cell state, cells
sharing weights through AUTO_REUSE, cell weight properties, nested MultiRNNCells, clipping and
float64 peepholes, wrapper properties and keep-probability error paths.

Reference: TF 2.21's nn.rnn_cell needs tf-keras; record with TF_USE_LEGACY_KERAS=1."""
import numpy as np

from _casekit import fixed, fixed_session, variable_names
from _harness import catch, message_has


def case_basic_rnn_cell_weights_properties(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(3, name="myrnn")
    before = [cell.built, len(cell.weights)]
    out, _ = cell(tf.constant(fixed([2, 4], 1.0)), cell.zero_state(2, tf.float32))
    sess = fixed_session(tf)
    return {"before": before, "built": cell.built,
            "weights": variable_names(cell.weights), "trainable": variable_names(cell.trainable_weights),
            "non_trainable": len(cell.non_trainable_weights), "variables": variable_names(cell.variables),
            "out": sess.run(out), "name": cell.name}


def case_basic_rnn_cell_initial_state_forms(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    x = tf.placeholder(tf.float64, [None, 3])
    from_inputs = cell.get_initial_state(inputs=x)
    from_batch = cell.get_initial_state(batch_size=3, dtype=tf.float32)
    sess = tf.Session()
    return {"inputs_dtype": from_inputs.dtype.name, "inputs_static": from_inputs.shape.as_list(),
            "inputs_value": sess.run(from_inputs, {x: np.zeros([4, 3])}),
            "batch": sess.run(from_batch), "batch_static": from_batch.shape.as_list()}


def case_basic_lstm_state_fed_as_tuple(tf):
    cell = tf.nn.rnn_cell.BasicLSTMCell(2)
    c = tf.placeholder(tf.float32, [None, 2], name="c_in")
    h = tf.placeholder(tf.float32, [None, 2], name="h_in")
    state = tf.nn.rnn_cell.LSTMStateTuple(c, h)
    out, new_state = cell(tf.constant(fixed([2, 3], 1.0)), state)
    sess = fixed_session(tf)
    feed_c = fixed([2, 2], 0.5, phase=1.0)
    feed_h = fixed([2, 2], 0.5, phase=2.0)
    return {"tuple_feed": sess.run(new_state, {state: (feed_c, feed_h)}),
            "split_feed": sess.run(out, {c: feed_c, h: feed_h}),
            "static": [new_state.c.shape.as_list(), new_state.h.shape.as_list()]}


def case_basic_lstm_float16_forget_bias(tf):
    cell = tf.nn.rnn_cell.BasicLSTMCell(2, forget_bias=2.0, dtype=tf.float16)
    x = tf.constant(fixed([2, 3], 1.0, dtype=np.float16))
    out, st = cell(x, cell.zero_state(2, tf.float16))
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "dtypes": [out.dtype.name, st.c.dtype.name],
            "out": sess.run(out).astype(np.float32).round(2), "c": sess.run(st.c).astype(np.float32).round(2)}


def case_lstm_cell_peepholes_clip_float64_gradient(tf):
    cell = tf.nn.rnn_cell.LSTMCell(3, use_peepholes=True, cell_clip=0.2, num_proj=2, proj_clip=0.1,
                                   dtype=tf.float64)
    x = tf.constant(fixed([2, 4], 2.0, dtype=np.float64))
    out, st = cell(x, cell.zero_state(2, tf.float64))
    loss = tf.reduce_sum(st.c * st.c) + tf.reduce_sum(out)
    grads = tf.gradients(loss, tf.trainable_variables())
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.trainable_variables(), with_dtypes=True), "out": sess.run(out),
            "c": sess.run(st.c), "grads": sess.run(grads), "none": [g is None for g in grads]}


def case_lstm_cell_projection_state_not_tuple_sizes(tf):
    cell = tf.nn.rnn_cell.LSTMCell(3, num_proj=2, state_is_tuple=False, initializer=tf.constant_initializer(0.2))
    state = cell.zero_state(1, tf.float32)
    out, new_state = cell(tf.constant([[1.0, 0.5]]), state)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"sizes": [cell.state_size, cell.output_size], "state_static": new_state.shape.as_list(),
            "out": sess.run(out), "state": sess.run(new_state)}


def case_gru_cell_auto_reuse_shares_weights(tf):
    x1 = tf.constant(fixed([1, 2], 1.0))
    x2 = tf.constant(fixed([1, 2], 1.0, phase=1.0))
    h = tf.zeros([1, 2])
    outs = []
    for x in (x1, x2):
        with tf.variable_scope("shared", reuse=tf.AUTO_REUSE):
            out, _ = tf.nn.rnn_cell.GRUCell(2)(x, h)
            outs.append(out)
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables()), "outs": sess.run(outs)}


def case_gru_cell_reuse_true_missing_and_mismatch(tf):
    x = tf.constant([[1.0, 2.0]])
    with tf.variable_scope("g", reuse=True):
        missing = catch(tf.nn.rnn_cell.GRUCell(2), x, tf.zeros([1, 2]))
    with tf.variable_scope("h"):
        tf.nn.rnn_cell.GRUCell(2)(x, tf.zeros([1, 2]))
    with tf.variable_scope("h", reuse=True):
        bigger = message_has(lambda: tf.nn.rnn_cell.GRUCell(3)(x, tf.zeros([1, 3])), "shape", "gates/kernel")
    return {"missing": missing, "bigger": bigger, "vars": variable_names(tf.global_variables())}


def case_multi_rnn_cell_nested(tf):
    inner = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.BasicRNNCell(3)])
    outer = tf.nn.rnn_cell.MultiRNNCell([inner, tf.nn.rnn_cell.BasicLSTMCell(2)])
    state = outer.zero_state(2, tf.float32)
    out, new_state = outer(tf.constant(fixed([2, 3], 1.0)), state)
    sess = fixed_session(tf)
    return {"state_size": outer.state_size, "output_size": outer.output_size,
            "vars": variable_names(tf.global_variables()), "out": sess.run(out), "new_state": sess.run(new_state),
            "state_types": [type(new_state).__name__, type(new_state[0]).__name__, type(new_state[1]).__name__]}


def case_multi_rnn_cell_weights_and_gradient(tf):
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicRNNCell(2) for _ in range(2)])
    x = tf.constant(fixed([1, 2], 1.0))
    out, _ = cell(x, cell.zero_state(1, tf.float32))
    gx = tf.gradients(tf.reduce_sum(out), x)[0]
    sess = fixed_session(tf)
    return {"weights": variable_names(cell.weights), "trainable": len(cell.trainable_variables),
            "out": sess.run(out), "gx": sess.run(gx)}


def case_dropout_wrapper_properties(tf):
    base = tf.nn.rnn_cell.BasicLSTMCell(2)
    wrapped = tf.nn.rnn_cell.DropoutWrapper(base, output_keep_prob=1.0)
    out, st = wrapped(tf.constant(fixed([1, 3], 1.0)), wrapped.zero_state(1, tf.float32))
    sess = fixed_session(tf)
    return {"wrapped_is_base": wrapped.wrapped_cell is base, "state_size": wrapped.state_size,
            "weights": variable_names(wrapped.weights), "out": sess.run(out), "state_type": type(st).__name__}


def case_dropout_wrapper_keep_prob_errors(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    return {
        "negative": message_has(lambda: tf.nn.rnn_cell.DropoutWrapper(cell, input_keep_prob=-0.1),
                                "input_keep_prob", "-0.1"),
        "state_big": message_has(lambda: tf.nn.rnn_cell.DropoutWrapper(cell, state_keep_prob=2.0),
                                 "state_keep_prob", "2.0"),
        "not_a_cell": catch(tf.nn.rnn_cell.DropoutWrapper, "cell"),
        "one_ok": isinstance(tf.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=1), tf.nn.rnn_cell.DropoutWrapper),
    }


def case_cell_input_rank_three_and_state_mismatch(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    lstm = tf.nn.rnn_cell.BasicLSTMCell(2)
    return {
        "rank3": catch(lambda: cell(tf.zeros([2, 3, 4]), tf.zeros([2, 2]))),
        "rank1": catch(lambda: cell(tf.zeros([4]), tf.zeros([2, 2]))),
        "lstm_plain_state": catch(lambda: lstm(tf.zeros([2, 3]), tf.zeros([2, 2]))),
    }
