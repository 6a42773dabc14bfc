"""Second-pass variations of the public rnn_dynamic cases: swap_memory / parallel_iterations,
sequence lengths past the time axis or as floats, unrolled RNNs inside cond / export-import, op types
users see, static_bidirectional_rnn and raw_rnn arguments, gradients masked by lengths.

Reference: TF 2.21's nn.rnn_cell needs tf-keras; record with TF_USE_LEGACY_KERAS=1."""
import numpy as np

from _casekit import fixed, fixed_session, in_tmp, variable_names
from _harness import catch, message_has


def case_dynamic_rnn_swap_memory_parallel_iterations(tf):
    x = tf.constant(fixed([2, 4, 3], 1.0))
    cell = tf.nn.rnn_cell.BasicLSTMCell(3)
    a, sa = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, swap_memory=True, parallel_iterations=1)
    b, sb = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, parallel_iterations=64)
    sess = fixed_session(tf)
    va, vb = sess.run([a, b])
    return {"vars": variable_names(tf.global_variables()), "out": va, "equal": bool(np.array_equal(va, vb)),
            "state": sess.run(sa), "op_types": [a.op.type, sa.c.op.type]}


def case_dynamic_rnn_lengths_past_time_and_float(tf):
    x = tf.constant(fixed([3, 3, 2], 1.0))
    cell = tf.nn.rnn_cell.GRUCell(2)
    long_out, long_state = tf.nn.dynamic_rnn(cell, x, sequence_length=[5, 3, 1], dtype=tf.float32)
    full_out, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    sess = fixed_session(tf)
    lo, fo = sess.run([long_out, full_out])
    return {"long": lo, "state": sess.run(long_state), "first_rows_equal": bool(np.allclose(lo[:2], fo[:2])),
            "float_lengths": catch(lambda: sess.run(tf.nn.dynamic_rnn(
                cell, x, sequence_length=tf.constant([2.7, 1.0, 3.0]), dtype=tf.float32)[1]))}


def case_dynamic_rnn_gradient_masked_by_lengths(tf):
    x = tf.placeholder(tf.float32, [2, 3, 2])
    lengths = tf.placeholder(tf.int32, [2])
    outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2), x, sequence_length=lengths,
                                       dtype=tf.float32)
    gx = tf.gradients(tf.reduce_sum(outputs) + tf.reduce_sum(state), x)[0]
    sess = fixed_session(tf)
    feed = {x: fixed([2, 3, 2], 1.0), lengths: [1, 3]}
    g = sess.run(gx, feed)
    return {"grad": g, "zero_past_length": bool(np.all(g[0, 1:] == 0)),
            "zero_lengths": sess.run(gx, {x: fixed([2, 3, 2], 1.0), lengths: [0, 0]})}


def case_dynamic_rnn_in_cond(tf):
    x = tf.constant(fixed([1, 3, 2], 1.0))
    flag = tf.placeholder(tf.bool, [])
    cell = tf.nn.rnn_cell.GRUCell(2)

    def run_rnn():
        return tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)[1]

    state = tf.cond(flag, run_rnn, lambda: tf.zeros([1, 2]))
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables()), "true": sess.run(state, {flag: True}), "false": sess.run(state, {flag: False})}


def case_dynamic_rnn_export_import(tf):
    x = tf.placeholder(tf.float32, [None, None, 2], name="x")
    lengths = tf.placeholder(tf.int32, [None], name="lengths")
    with tf.variable_scope("enc", initializer=tf.constant_initializer(0.2)):
        outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), x, sequence_length=lengths,
                                           dtype=tf.float32)
    tf.identity(outputs, name="outputs")
    tf.identity(state.h, name="h")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    saver = tf.train.Saver()

    def round_trip(d):
        import os
        path = saver.save(sess, os.path.join(d, "m"))
        with tf.Graph().as_default():
            restorer = tf.train.import_meta_graph(path + ".meta")
            s2 = tf.Session()
            restorer.restore(s2, path)
            feed = {"x:0": fixed([2, 3, 2], 1.0), "lengths:0": [3, 1]}
            return s2.run(["outputs:0", "h:0"], feed)

    return {"vals": in_tmp(round_trip), "vars": variable_names(tf.global_variables())}


def case_dynamic_rnn_initial_state_gradient_and_errors(tf):
    cell = tf.nn.rnn_cell.GRUCell(2)
    h0 = tf.constant(fixed([2, 2], 0.5))
    outputs, state = tf.nn.dynamic_rnn(cell, tf.constant(fixed([2, 3, 1], 1.0)), initial_state=h0)
    g = tf.gradients(tf.reduce_sum(state), h0)[0]
    sess = fixed_session(tf)
    return {
        "state": sess.run(state), "grad_h0": sess.run(g),
        "wrong_depth": catch(tf.nn.dynamic_rnn, tf.nn.rnn_cell.GRUCell(2), tf.zeros([2, 3, 1]),
                             initial_state=tf.zeros([2, 3]), scope="other"),
        "tuple_for_gru": catch(tf.nn.dynamic_rnn, tf.nn.rnn_cell.GRUCell(2), tf.zeros([2, 3, 1]),
                               initial_state=(tf.zeros([2, 2]), tf.zeros([2, 2])), scope="third"),
    }


def case_dynamic_rnn_argument_error_texts(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    return {
        "int_inputs": catch(tf.nn.dynamic_rnn, cell, tf.zeros([2, 3, 2], tf.int32), dtype=tf.int32),
        "no_dtype_text": message_has(lambda: tf.nn.dynamic_rnn(cell, tf.zeros([2, 3, 2])),
                                     "If there is no initial_state, you must give a dtype."),
        "scalar_inputs": catch(tf.nn.dynamic_rnn, cell, tf.constant(1.0), dtype=tf.float32),
    }


def case_static_rnn_float64_time_steps_and_names(tf):
    xs = [tf.constant(fixed([2, 2], 1.0, phase=float(t), dtype=np.float64)) for t in range(4)]
    lengths = tf.placeholder(tf.int64, [2])
    outputs, state = tf.nn.static_rnn(tf.nn.rnn_cell.GRUCell(2), xs, dtype=tf.float64,
                                      sequence_length=lengths, scope="srnn")
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables()), "outputs": sess.run(outputs, {lengths: [4, 2]}),
            "state": sess.run(state, {lengths: [0, 3]}), "dtype": state.dtype.name,
            "prefixes": sorted({o.op.name.split("/")[0] for o in outputs})}


def case_static_rnn_gradient_through_steps(tf):
    xs = [tf.constant(fixed([1, 2], 1.0, phase=float(t))) for t in range(3)]
    outputs, state = tf.nn.static_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), xs, dtype=tf.float32)
    grads = tf.gradients(tf.reduce_sum(state.h), xs)
    sess = fixed_session(tf)
    return {"grads": sess.run(grads), "n_vars": len(tf.trainable_variables())}


def case_static_bidirectional_rnn_states_and_names(tf):
    xs = [tf.constant(fixed([2, 2], 1.0, phase=float(t))) for t in range(3)]
    fw = tf.nn.rnn_cell.GRUCell(2)
    bw = tf.nn.rnn_cell.BasicRNNCell(1)
    outputs, fw_state, bw_state = tf.nn.static_bidirectional_rnn(
        fw, bw, xs, initial_state_fw=tf.constant(fixed([2, 2], 0.5)), dtype=tf.float32,
        sequence_length=[3, 2], scope="birnn")
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables()), "outputs": sess.run(outputs), "fw": sess.run(fw_state),
            "bw": sess.run(bw_state), "out_depth": outputs[0].shape.as_list(),
            "not_list": catch(tf.nn.static_bidirectional_rnn, fw, bw, tf.zeros([2, 3, 2]), dtype=tf.float32)}


def case_bidirectional_dynamic_rnn_gradient_lengths_fed(tf):
    x = tf.placeholder(tf.float32, [None, 3, 2])
    lengths = tf.placeholder(tf.int32, [None])
    (fw, bw), (fs, bs) = tf.nn.bidirectional_dynamic_rnn(
        tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.GRUCell(2), x, sequence_length=lengths, dtype=tf.float32)
    gx = tf.gradients(tf.reduce_sum(bw) + tf.reduce_sum(fs), x)[0]
    sess = fixed_session(tf)
    feed = {x: fixed([2, 3, 2], 1.0), lengths: [2, 3]}
    return {"vars": variable_names(tf.global_variables()), "bw": sess.run(bw, feed), "grad": sess.run(gx, feed),
            "static": [fw.shape.as_list(), bs.shape.as_list()]}


def case_raw_rnn_time_major_with_lengths_and_state(tf):
    time, batch, depth = 4, 2, 2
    inputs = tf.constant(fixed([time, batch, depth], 1.0))
    lengths = tf.constant([4, 2])
    inputs_ta = tf.TensorArray(tf.float32, size=time).unstack(inputs)
    cell = tf.nn.rnn_cell.BasicLSTMCell(3)

    def loop_fn(t, cell_output, cell_state, loop_state):
        emit = cell_output
        if cell_output is None:
            next_state = cell.zero_state(batch, tf.float32)
            loop_state = tf.constant(0.0)
        else:
            next_state = cell_state
            loop_state = loop_state + tf.reduce_sum(cell_output)
        finished = t >= lengths
        nxt = tf.cond(tf.reduce_all(finished), lambda: tf.zeros([batch, depth]), lambda: inputs_ta.read(t))
        return finished, nxt, next_state, emit, loop_state

    outputs_ta, final_state, final_loop = tf.nn.raw_rnn(cell, loop_fn)
    out = outputs_ta.stack()
    sess = fixed_session(tf)
    return {"vars": variable_names(tf.global_variables()), "out": sess.run(out), "state": sess.run(final_state),
            "loop": sess.run(final_loop), "static": out.shape.as_list()}
