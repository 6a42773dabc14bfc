"""A sweep of tf.nn.rnn_cell's legacy cells and wrappers against TF 2.21: LSTMCell's options
(peepholes, clips, projection, shards, initializer, forget_bias, state_is_tuple=False, activation),
Basic/GRU cells' initializers, names and errors, MultiRNNCell both ways, DropoutWrapper (keep
probabilities, variational dropout, seeds, the state filter), ResidualWrapper, DeviceWrapper and
zero states of nested sizes.

Recorded from TF 2.21 with tf-keras and TF_USE_LEGACY_KERAS=1."""
import numpy as np

from _harness import catch, message_has
from _casekit import wave, variable_names, session_with_values


def _fixed(shape, scale=0.3, phase=0.0):
    return wave(shape, scale, phase, step=0.7)


def _session(tf):
    return session_with_values(tf, tf.trainable_variables(), _fixed)


def _names(tf):
    return variable_names(tf.global_variables())


def case_x_rsweep_lstm_all_options_not_tuple(tf):
    cell = tf.nn.rnn_cell.LSTMCell(4, use_peepholes=True, cell_clip=0.4, num_proj=3, proj_clip=0.15,
                                   forget_bias=0.5, state_is_tuple=False)
    x = tf.constant(_fixed([2, 5, 3], 1.5))
    out, st = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    sess = _session(tf)
    return {"vars": _names(tf), "out": sess.run(out), "state": sess.run(st),
            "sizes": [cell.state_size, cell.output_size], "shapes": [out.shape.as_list(), st.shape.as_list()]}


def case_x_rsweep_lstm_unit_and_proj_shards(tf):
    cell = tf.nn.rnn_cell.LSTMCell(4, num_proj=3, num_unit_shards=2, num_proj_shards=3)
    x = tf.constant(_fixed([2, 3, 2], 1.0))
    out, st = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    sess = _session(tf)
    return {"vars": _names(tf), "trainable": [v.name for v in tf.trainable_variables()],
            "out": sess.run(out), "h": sess.run(st.h)}


def case_x_rsweep_lstm_initializer_and_activation(tf):
    cell = tf.nn.rnn_cell.LSTMCell(3, initializer=tf.constant_initializer(0.1), use_peepholes=True,
                                   activation=tf.nn.relu, num_proj=2)
    x = tf.constant(_fixed([2, 3, 2], 1.0))
    out, st = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"vars": _names(tf), "values": sess.run(tf.global_variables()), "out": sess.run(out),
            "c": sess.run(st.c)}


def case_x_rsweep_string_activations(tf):
    x = tf.constant(_fixed([2, 3], 1.0))
    cells = [tf.nn.rnn_cell.BasicRNNCell(2, activation="relu"), tf.nn.rnn_cell.GRUCell(2, activation="sigmoid"),
             tf.nn.rnn_cell.BasicLSTMCell(2, activation="softsign"), tf.nn.rnn_cell.LSTMCell(2, activation="elu")]
    outs = []
    for cell in cells:
        outs.append(cell(x, cell.zero_state(2, tf.float32)))
    sess = _session(tf)
    return {"vars": _names(tf), "outs": sess.run(outs)}


def case_x_rsweep_integer_dtype_errors(tf):
    out = {"ctor": catch(tf.nn.rnn_cell.BasicRNNCell, 2, dtype=tf.int32),
           "msg": message_has(lambda: tf.nn.rnn_cell.GRUCell(2, dtype="int64"),
                              "RNN cell only supports floating point inputs", "int64")}
    cell = tf.nn.rnn_cell.BasicLSTMCell(2)
    ints = tf.constant([[1, 2]], dtype=tf.int32)
    out["call"] = message_has(lambda: cell(ints, cell.zero_state(1, tf.int32)),
                              "RNN cell only supports floating point inputs")
    return out


def case_x_rsweep_input_rank_and_depth_errors(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    rank3 = tf.zeros([2, 3, 4])
    unknown = tf.placeholder(tf.float32, [2, None])
    gru = tf.nn.rnn_cell.GRUCell(2)
    lstm = tf.nn.rnn_cell.LSTMCell(2)
    return {"rank3": message_has(lambda: cell(rank3, cell.zero_state(2, tf.float32)), "ndim", "expected"),
            "gru_depth": message_has(lambda: gru(unknown, gru.zero_state(2, tf.float32)),
                                     "Expected inputs.shape[-1] to be known"),
            "lstm_depth": catch(lstm, unknown, lstm.zero_state(2, tf.float32))}


def case_x_rsweep_same_name_reuse_error(tf):
    x = tf.zeros([2, 3])
    a = tf.nn.rnn_cell.BasicRNNCell(2, name="rnn")
    a(x, a.zero_state(2, tf.float32))
    b = tf.nn.rnn_cell.BasicRNNCell(2, name="rnn")
    err = message_has(lambda: b(x, b.zero_state(2, tf.float32)), "Variable rnn/kernel already exists",
                      "reuse=True")
    c = tf.nn.rnn_cell.BasicRNNCell(2, name="rnn", reuse=True)
    out, _ = c(x, c.zero_state(2, tf.float32))
    return {"err": err, "names": _names(tf), "op": out.op.name}


def case_x_rsweep_gru_and_basic_initializers(tf):
    x = tf.constant(_fixed([2, 3], 1.0))
    gru = tf.nn.rnn_cell.GRUCell(2, kernel_initializer=tf.constant_initializer(0.2),
                                 bias_initializer=tf.constant_initializer(-0.3))
    with tf.variable_scope("outer", initializer=tf.constant_initializer(0.05)):
        basic = tf.nn.rnn_cell.BasicLSTMCell(2, forget_bias=2.0)
        b_out, b_st = basic(x, basic.zero_state(2, tf.float32))
    g_out, _ = gru(x, gru.zero_state(2, tf.float32))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"vars": _names(tf), "values": sess.run(tf.global_variables()), "gru": sess.run(g_out),
            "basic": sess.run([b_out, b_st])}


def case_x_rsweep_cell_weights_and_scope_names(tf):
    x = tf.constant(_fixed([2, 3], 1.0))
    cell = tf.nn.rnn_cell.LSTMCell(2, use_peepholes=True, num_proj=1)
    with tf.variable_scope("enc"):
        out, _ = cell(x, cell.zero_state(2, tf.float32))
        out2, _ = cell(x, cell.zero_state(2, tf.float32))
    return {"weights": [w.name for w in cell.weights], "trainable": [w.name for w in cell.trainable_weights],
            "non_trainable": [w.name for w in cell.non_trainable_weights], "scope": cell.scope_name,
            "name": cell.name, "ops": [out.op.name, out2.op.name], "built": cell.built}


def case_x_rsweep_multi_cell_not_tuple_values(tf):
    cells = [tf.nn.rnn_cell.BasicLSTMCell(2, state_is_tuple=False), tf.nn.rnn_cell.GRUCell(3),
             tf.nn.rnn_cell.LSTMCell(2, num_proj=1, state_is_tuple=False)]
    multi = tf.nn.rnn_cell.MultiRNNCell(cells, state_is_tuple=False)
    x = tf.constant(_fixed([2, 4, 3], 1.0))
    out, st = tf.nn.dynamic_rnn(multi, x, dtype=tf.float32)
    zero = multi.zero_state(2, tf.float32)
    sess = _session(tf)
    return {"vars": _names(tf), "out": sess.run(out), "st": sess.run(st), "size": multi.state_size,
            "zero": [zero.op.name, zero.shape.as_list()]}


def case_x_rsweep_multi_cell_tuple_nested_state(tf):
    cells = [tf.nn.rnn_cell.BasicLSTMCell(2), tf.nn.rnn_cell.MultiRNNCell(
        [tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.LSTMCell(3)])]
    multi = tf.nn.rnn_cell.MultiRNNCell(cells)
    x = tf.constant(_fixed([2, 3, 2], 1.0))
    out, st = tf.nn.dynamic_rnn(multi, x, dtype=tf.float32)
    zero = multi.zero_state(3, tf.float64)
    sess = _session(tf)
    return {"vars": _names(tf), "out": sess.run(out), "st": sess.run(st), "size": str(multi.state_size),
            "zero": [(z.op.name, z.dtype.name, z.shape.as_list()) for z in tf.nest.flatten(zero)],
            "weights": [w.name for w in multi.weights]}


def case_x_rsweep_multi_cell_state_errors(tf):
    multi = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.GRUCell(2)])
    x = tf.zeros([2, 3])
    return {"not_nested": message_has(lambda: multi(x, tf.zeros([2, 4])), "Expected state to be a tuple of length 2"),
            "tuple_cells": message_has(lambda: tf.nn.rnn_cell.MultiRNNCell(
                [tf.nn.rnn_cell.BasicLSTMCell(2)], state_is_tuple=False), "state_is_tuple is not set"),
            "not_list": catch(tf.nn.rnn_cell.MultiRNNCell, tf.nn.rnn_cell.GRUCell(2))}


def case_x_rsweep_dropout_seeded_values(tf):
    tf.set_random_seed(7)
    cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.BasicRNNCell(4), input_keep_prob=0.5,
                                         output_keep_prob=0.6, state_keep_prob=0.7, seed=11)
    x = tf.constant(_fixed([3, 4, 3], 1.0) + 1.0)
    # one iteration at a time: with more, TF's executor draws the input masks of later steps first
    out, st = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, parallel_iterations=1)
    sess = _session(tf)
    a = sess.run([out, st])
    return {"vars": _names(tf), "run": a, "second_differs": bool(not np.array_equal(sess.run(out), a[0]))}


def case_x_rsweep_dropout_variational(tf):
    tf.set_random_seed(3)
    cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.LSTMCell(3), input_keep_prob=0.5, output_keep_prob=0.5,
                                         state_keep_prob=0.5, variational_recurrent=True, input_size=2,
                                         dtype=tf.float32, seed=5)
    x = tf.constant(np.ones([2, 4, 2], np.float32))
    out, st = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    sess = _session(tf)
    o, s = sess.run([out, st])
    zero_cols = (o == 0).all(axis=1)  # the same units dropped at every step
    return {"out": o, "c": s.c, "h": s.h, "zero_cols": zero_cols,
            "ops": sorted({op.type for op in tf.get_default_graph().get_operations()
                           if op.name.startswith("DropoutWrapperInit")})}


def case_x_rsweep_dropout_variational_errors(tf):
    lstm = tf.nn.rnn_cell.LSTMCell(3)
    return {"dtype": message_has(lambda: tf.nn.rnn_cell.DropoutWrapper(
                lstm, input_keep_prob=0.5, variational_recurrent=True, input_size=2),
                "When variational_recurrent=True, dtype must be provided"),
            "input_size": message_has(lambda: tf.nn.rnn_cell.DropoutWrapper(
                lstm, input_keep_prob=0.5, variational_recurrent=True, dtype=tf.float32),
                "input_size must be provided"),
            "no_input_drop": catch(lambda: type(tf.nn.rnn_cell.DropoutWrapper(
                lstm, output_keep_prob=0.5, variational_recurrent=True, dtype=tf.float32)).__name__),
            "range": message_has(lambda: tf.nn.rnn_cell.DropoutWrapper(lstm, state_keep_prob=1.5),
                                 "state_keep_prob must be between 0 and 1"),
            "visitor": catch(tf.nn.rnn_cell.DropoutWrapper, lstm, dropout_state_filter_visitor=3)}


def case_x_rsweep_dropout_state_filter(tf):
    tf.set_random_seed(1)
    inner = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(3), tf.nn.rnn_cell.GRUCell(3)])
    keep_lstm_only = tf.nn.rnn_cell.DropoutWrapper(
        inner, state_keep_prob=0.01, seed=2,
        dropout_state_filter_visitor=lambda s: tf.nn.rnn_cell.LSTMStateTuple(c=True, h=False)
        if isinstance(s, tf.nn.rnn_cell.LSTMStateTuple) else False)
    x = tf.constant(np.ones([2, 2, 2], np.float32))
    _, st = tf.nn.dynamic_rnn(keep_lstm_only, x, dtype=tf.float32)
    sess = _session(tf)
    s = sess.run(st)
    return {"c_zero": bool((s[0].c == 0).all() or (np.abs(s[0].c) > 1).any()), "h": s[0].h, "gru": s[1]}


def case_x_rsweep_dropout_tensor_keep_prob(tf):
    keep = tf.placeholder_with_default(1.0, [])
    cell = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(2), output_keep_prob=keep, input_keep_prob=keep)
    x = tf.constant(_fixed([2, 3, 2], 1.0))
    out, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    sess = _session(tf)
    o1 = sess.run(out)
    o0 = sess.run(out, {keep: 1e-9})
    return {"kept": o1, "dropped_all_or_scaled": bool((np.abs(o0) == 0).mean() > 0.5)}


def case_x_rsweep_residual_fn_and_nested(tf):
    cell = tf.nn.rnn_cell.ResidualWrapper(tf.nn.rnn_cell.GRUCell(3), residual_fn=lambda i, o: i * 2.0 - o)
    x = tf.constant(_fixed([2, 4, 3], 1.0))
    out, st = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    sess = _session(tf)
    return {"out": sess.run(out), "st": sess.run(st), "vars": _names(tf)}


def case_x_rsweep_device_wrapper_ops(tf):
    cell = tf.nn.rnn_cell.DeviceWrapper(tf.nn.rnn_cell.BasicRNNCell(2), "/cpu:0")
    x = tf.constant(_fixed([2, 3], 1.0))
    zero = cell.zero_state(2, tf.float32)
    out, _ = cell(x, zero)
    sess = _session(tf)
    return {"zero": [zero.op.name, zero.device], "out_device": out.device, "out_op": out.op.name,
            "kernel_device": cell.weights[0].device, "value": sess.run(out)}


def case_x_rsweep_zero_state_nested_sizes(tf):
    class Nested(tf.nn.rnn_cell.RNNCell):
        @property
        def state_size(self):
            return (2, (tf.TensorShape([3, 2]), [4]))

        @property
        def output_size(self):
            return 1

        def call(self, inputs, state):
            return inputs, state

    cell = Nested()
    fixed = cell.zero_state(3, tf.float32)
    b = tf.placeholder(tf.int32, [])
    dyn = cell.zero_state(b, tf.float64)
    sess = tf.Session()
    return {"fixed": [(z.op.name, z.shape.as_list()) for z in tf.nest.flatten(fixed)],
            "dyn": [(z.op.name, z.shape.as_list(), z.dtype.name) for z in tf.nest.flatten(dyn)],
            "values": sess.run(tf.nest.flatten(dyn), {b: 2}),
            "initial": [z.shape.as_list() for z in tf.nest.flatten(
                cell.get_initial_state(inputs=tf.zeros([5, 1])))],
            "initial_err": catch(cell.get_initial_state, batch_size=2)}


def case_x_rsweep_lstm_state_tuple_dtype(tf):
    good = tf.nn.rnn_cell.LSTMStateTuple(tf.zeros([1, 2]), tf.ones([1, 2]))
    bad = tf.nn.rnn_cell.LSTMStateTuple(tf.zeros([1, 2]), tf.zeros([1, 2], tf.float64))
    return {"dtype": good.dtype.name, "bad": catch(lambda: bad.dtype), "fields": list(good._fields),
            "replaced": type(good._replace(c=1)).__name__}
