"""Second-pass variations of the public rnn_cells cases: cells composed with while_loop / cond /
gradients / export-import, zero_state op names and dtypes, wrappers inside each other, and the
error paths of state structures.

Reference: TF 2.21's nn.rnn_cell needs tf-keras; record with TF_USE_LEGACY_KERAS=1."""
import os

import numpy as np

from _casekit import fixed, fixed_session, in_tmp, variable_names
from _harness import catch, message_has


def case_basic_rnn_cell_in_while_loop(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(3)
    xs = tf.constant(fixed([4, 2, 2], 1.0))

    def body(t, h):
        out, new_h = cell(xs[t], h)
        return t + 1, new_h

    _, h = tf.while_loop(lambda t, h: t < 4, body, [0, cell.zero_state(2, tf.float32)])
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "h": sess.run(h), "static": h.shape.as_list()}


def case_basic_rnn_cell_gradient_wrt_input_and_state(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(2, activation=tf.nn.relu)
    x = tf.constant(fixed([3, 2], 1.0))
    h = tf.constant(fixed([3, 2], 0.5, phase=2.0))
    out, _ = cell(x, h)
    loss = tf.reduce_sum(out * out)
    gx, gh, gk, gb = tf.gradients(loss, [x, h] + tf.trainable_variables())
    sess = fixed_session(tf)
    return sess.run({"out": out, "gx": gx, "gh": gh, "gk": gk, "gb": gb})


def case_zero_state_names_dtypes_and_batch(tf):
    lstm = tf.nn.rnn_cell.BasicLSTMCell(3)
    gru = tf.nn.rnn_cell.GRUCell(2)
    multi = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.LSTMCell(3, num_proj=1)])
    batch = tf.placeholder(tf.int32, [])
    z16 = lstm.zero_state(4, tf.float16)
    z64 = gru.zero_state(batch, tf.float64)
    zm = multi.zero_state(2, tf.float32)
    sess = tf.Session()
    return {
        "lstm16": sess.run(z16), "lstm16_dtype": [z16.c.dtype.name, z16.h.dtype.name],
        "lstm_names": [z16.c.op.name, z16.h.op.name],
        "gru64": sess.run(z64, {batch: 3}), "gru64_static": z64.shape.as_list(), "gru_name": z64.op.name,
        "multi": sess.run(zm), "multi_names": [zm[0].op.name, zm[1].c.op.name, zm[1].h.op.name],
        "multi_shapes": [zm[0].shape.as_list(), zm[1].c.shape.as_list(), zm[1].h.shape.as_list()],
    }


def case_basic_lstm_cell_in_cond_and_reuse(tf):
    cell = tf.nn.rnn_cell.BasicLSTMCell(2)
    x = tf.constant(fixed([1, 3], 1.0))
    flag = tf.placeholder(tf.bool, [])
    state = cell.zero_state(1, tf.float32)
    out, st = tf.cond(flag, lambda: cell(x, state), lambda: cell(x * 2.0, state))
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "true": sess.run([out, st], {flag: True}),
            "false": sess.run([out, st], {flag: False}), "type": type(st).__name__}


def case_basic_lstm_bad_state_structures(tf):
    cell = tf.nn.rnn_cell.BasicLSTMCell(2)
    x = tf.zeros([1, 3])
    return {
        "tensor_for_tuple": catch(lambda: cell(x, tf.zeros([1, 4]))),
        "three_tuple": catch(lambda: cell(x, (tf.zeros([1, 2]), tf.zeros([1, 2]), tf.zeros([1, 2])))),
        "plain_tuple_ok": catch(lambda: type(cell(x, (tf.zeros([1, 2]), tf.zeros([1, 2])))[1]).__name__),
    }


def case_lstm_cell_all_options_float64_gradient(tf):
    cell = tf.nn.rnn_cell.LSTMCell(3, use_peepholes=True, cell_clip=0.2, num_proj=2, proj_clip=0.1,
                                   forget_bias=0.5, dtype=tf.float64)
    x = tf.constant(fixed([2, 4], 2.0, dtype=np.float64))
    c0 = tf.constant(fixed([2, 3], 1.0, phase=1.0, dtype=np.float64))
    h0 = tf.constant(fixed([2, 2], 1.0, phase=2.0, dtype=np.float64))
    out, st = cell(x, tf.nn.rnn_cell.LSTMStateTuple(c0, h0))
    loss = tf.reduce_sum(out) + tf.reduce_sum(st.c * st.c)
    grads = tf.gradients(loss, [x, c0, h0])
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "out": sess.run(out), "state": sess.run(st), "grads": sess.run(grads),
            "dtype": out.dtype.name}


def case_lstm_cell_projection_export_import(tf):
    cell = tf.nn.rnn_cell.LSTMCell(3, num_proj=2, initializer=tf.constant_initializer(0.3))
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    out, st = cell(x, cell.zero_state(tf.shape(x)[0], tf.float32))
    tf.identity(out, name="out")
    tf.identity(st.c, name="c")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    saver = tf.train.Saver()
    meta = tf.train.export_meta_graph()

    def restore_and_run(d):
        path = saver.save(sess, os.path.join(d, "m"))
        with tf.Graph().as_default():
            restorer = tf.train.import_meta_graph(meta)
            s2 = tf.Session()
            restorer.restore(s2, path)
            feed = {tf.get_default_graph().get_tensor_by_name("x:0"): fixed([3, 2], 1.0)}
            return s2.run(["out:0", "c:0"], feed), sorted(v.name for v in tf.global_variables())

    vals, names = in_tmp(restore_and_run)
    return {"vals": vals, "names": names}


def case_gru_cell_float16_and_names(tf):
    cell = tf.nn.rnn_cell.GRUCell(2, name="g16", dtype=tf.float16)
    out, _ = cell(tf.constant(fixed([2, 3], 1.0, dtype=np.float16)), tf.zeros([2, 2], tf.float16))
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "out": sess.run(out).astype(np.float32).round(2), "dtype": out.dtype.name,
            "op_prefix": out.op.name.split("/")[0]}


def case_gru_cell_gradient_and_train_step(tf):
    cell = tf.nn.rnn_cell.GRUCell(2, kernel_initializer=tf.constant_initializer(0.1))
    x = tf.constant(fixed([2, 3], 1.0))
    h = tf.constant(fixed([2, 2], 0.5, phase=1.0))
    out, _ = cell(x, h)
    loss = tf.reduce_sum(tf.square(out - 0.3))
    grads = tf.gradients(loss, tf.trainable_variables())
    step = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    before = sess.run(grads)
    sess.run(step)
    return {"names": [v.name for v in tf.trainable_variables()], "grads": before, "after": sess.run(loss)}


def case_multi_rnn_cell_mixed_state_errors(tf):
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.BasicLSTMCell(2)])
    x = tf.zeros([1, 3])
    return {
        "short_state": message_has(lambda: cell(x, (tf.zeros([1, 2]),)), "Expected state to be a tuple of length",
                                   "but received"),
        "tensor_state": message_has(lambda: cell(x, tf.zeros([1, 6])), "Expected state to be a tuple of length"),
        "not_a_list": catch(tf.nn.rnn_cell.MultiRNNCell, tf.nn.rnn_cell.BasicRNNCell(2)),
    }


def case_multi_rnn_cell_gradients_and_names(tf):
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.BasicRNNCell(3)])
    x = tf.constant(fixed([2, 2], 1.0))
    out, st = cell(x, cell.zero_state(2, tf.float32))
    grads = tf.gradients(tf.reduce_sum(out), tf.trainable_variables())
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "out": sess.run(out), "grads": sess.run(grads),
            "none": [g is None for g in grads], "out_name": out.op.name.split("/")[:2]}


def case_dropout_wrapper_keep_prob_placeholder(tf):
    base = tf.nn.rnn_cell.BasicRNNCell(3)
    keep = tf.placeholder_with_default(1.0, [])
    wrapped = tf.nn.rnn_cell.DropoutWrapper(base, input_keep_prob=keep, output_keep_prob=keep, seed=3)
    x = tf.constant(fixed([2, 4], 1.0))
    out, _ = wrapped(x, wrapped.zero_state(2, tf.float32))
    sess = fixed_session(tf)
    zero = sess.run(out, {keep: 1e-9})
    return {"default": sess.run(out), "nearly_zero_keep": bool(np.all(np.abs(zero) < 1.0)),
            "sizes": [wrapped.state_size, wrapped.output_size], "vars": variable_names(tf.global_variables(), with_dtypes=True)}


def case_residual_and_device_wrappers_composed(tf):
    base = tf.nn.rnn_cell.GRUCell(3)
    cell = tf.nn.rnn_cell.DeviceWrapper(tf.nn.rnn_cell.ResidualWrapper(base), "/cpu:0")
    x = tf.constant(fixed([2, 3], 1.0))
    out, st = cell(x, cell.zero_state(2, tf.float32))
    plain, _ = base(x, cell.zero_state(2, tf.float32))
    sess = fixed_session(tf)
    a, b, xv = sess.run([out, plain, x])
    return {"vars": variable_names(tf.global_variables(), with_dtypes=True), "out": a, "residual": bool(np.allclose(a, b + xv, atol=1e-6)),
            "sizes": [cell.state_size, cell.output_size], "device": out.device.lower()}


def case_dropout_wrapper_errors_and_float64(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(2, dtype=tf.float64)
    wrapped = tf.nn.rnn_cell.DropoutWrapper(cell, state_keep_prob=1.0, output_keep_prob=1.0)
    out, st = wrapped(tf.constant(fixed([1, 2], 1.0, dtype=np.float64)), wrapped.zero_state(1, tf.float64))
    sess = fixed_session(tf)
    return {
        "out": sess.run(out), "dtype": out.dtype.name,
        "negative": message_has(lambda: tf.nn.rnn_cell.DropoutWrapper(cell, input_keep_prob=-0.5),
                                "Parameter input_keep_prob must be between 0 and 1", "-0.5"),
        "not_a_cell": catch(tf.nn.rnn_cell.DropoutWrapper, "cell"),
    }


def case_cell_get_config_and_count_params(tf):
    gru = tf.nn.rnn_cell.GRUCell(3, kernel_initializer=tf.constant_initializer(0.1), activation=tf.nn.relu)
    lstm = tf.nn.rnn_cell.LSTMCell(3, initializer=tf.glorot_uniform_initializer(seed=1), num_proj=2,
                                   use_peepholes=True, cell_clip=1.5, dtype=tf.float64, activation="relu6")
    basic = tf.nn.rnn_cell.BasicLSTMCell(4, forget_bias=0.5, state_is_tuple=False, name="b")
    rnn = tf.nn.rnn_cell.BasicRNNCell(2)
    unbuilt = message_has(rnn.count_params, "isn't built", "You can build it manually")
    rnn(tf.ones([1, 3]), tf.zeros([1, 2]))
    lstm(tf.ones([2, 2], tf.float64), lstm.zero_state(2, tf.float64))
    wrappers = [tf.nn.rnn_cell.DropoutWrapper(rnn, output_keep_prob=0.5, seed=7),
                tf.nn.rnn_cell.ResidualWrapper(rnn), tf.nn.rnn_cell.DeviceWrapper(rnn, "/cpu:0"),
                tf.nn.rnn_cell.MultiRNNCell([rnn])]
    return {"gru": sorted(gru.get_config().items()), "lstm": sorted(lstm.get_config().items()),
            "basic": sorted(basic.get_config().items()), "rnn": sorted(rnn.get_config().items()),
            "wrappers": [sorted(w.get_config().items()) for w in wrappers],
            "counts": [rnn.count_params(), lstm.count_params()], "unbuilt": unbuilt,
            "non_trainable": [v.name for v in lstm.non_trainable_variables],
            "trainable": [v.name for v in lstm.trainable_variables]}
