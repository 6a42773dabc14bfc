"""A sweep of recurrent programs as users write them: wrappers (residual, dropout with keep 1, device),
cell properties, dynamic_rnn arguments (parallel_iterations, swap_memory, dtype inference, unknown
lengths), bidirectional with sequence_length, reverse_sequence, static_rnn with lengths, while_loop
options (maximum_iterations, shape_invariants, back_prop), TensorArray splits, sizes and dtypes,
map_fn/scan/fold options.

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


def case_x_rnn_sweep_residual_and_dropout_wrappers(tf):
    cell = tf.nn.rnn_cell.ResidualWrapper(tf.nn.rnn_cell.BasicRNNCell(3))
    drop = tf.nn.rnn_cell.DropoutWrapper(tf.nn.rnn_cell.GRUCell(3), input_keep_prob=1.0, output_keep_prob=1.0)
    x = tf.constant(_fixed([2, 4, 3], 1.0))
    with tf.variable_scope("res"):
        out_r, st_r = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    with tf.variable_scope("drop"):
        out_d, st_d = tf.nn.dynamic_rnn(drop, x, dtype=tf.float32)
    sess = _session(tf)
    return {"vars": _names(tf), "res": sess.run([out_r, st_r]), "drop": sess.run([out_d, st_d]),
            "sizes": [cell.state_size, cell.output_size, drop.state_size, drop.output_size]}


def case_x_rnn_sweep_residual_shape_mismatch(tf):
    cell = tf.nn.rnn_cell.ResidualWrapper(tf.nn.rnn_cell.BasicRNNCell(3))
    return catch(tf.nn.dynamic_rnn, cell, tf.constant(_fixed([2, 4, 2], 1.0)), dtype=tf.float32)


def case_x_rnn_sweep_cell_properties(tf):
    cells = [tf.nn.rnn_cell.BasicRNNCell(3), tf.nn.rnn_cell.BasicLSTMCell(4), tf.nn.rnn_cell.GRUCell(5),
             tf.nn.rnn_cell.LSTMCell(4, num_proj=2),
             tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(2), tf.nn.rnn_cell.GRUCell(3)])]
    out = []
    for cell in cells:
        zero = cell.zero_state(3, tf.float32)
        out.append({"state": str(cell.state_size), "output": cell.output_size,
                    "zero": [z.shape.as_list() for z in tf.nest.flatten(zero)],
                    "zero_names": [z.op.type for z in tf.nest.flatten(zero)]})
    return out


def case_x_rnn_sweep_dynamic_rnn_options(tf):
    cell = tf.nn.rnn_cell.BasicLSTMCell(3)
    x = tf.placeholder(tf.float32, [None, None, 2])
    lengths = tf.placeholder(tf.int32, [None])
    out, st = tf.nn.dynamic_rnn(cell, x, sequence_length=lengths, dtype=tf.float32, parallel_iterations=1,
                                swap_memory=True)
    sess = _session(tf)
    o, s = sess.run([out, st], {x: _fixed([3, 5, 2], 1.0), lengths: [5, 0, 2]})
    return {"static": [out.shape.as_list(), st.h.shape.as_list()], "out": o, "c": s.c, "h": s.h}


def case_x_rnn_sweep_dynamic_rnn_dtype_from_initial_state(tf):
    cell = tf.nn.rnn_cell.GRUCell(2)
    x = tf.constant(_fixed([2, 3, 2], 1.0))
    out, st = tf.nn.dynamic_rnn(cell, x, initial_state=tf.constant(_fixed([2, 2], 0.5)))
    sess = _session(tf)
    return {"out": sess.run(out), "state": sess.run(st), "dtype": out.dtype.name}


def case_x_rnn_sweep_dynamic_rnn_needs_dtype(tf):
    return message_has(lambda: tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), tf.zeros([2, 3, 2])),
                       "dtype", "initial_state")


def case_x_rnn_sweep_bidirectional_sequence_length(tf):
    fw, bw = tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.BasicRNNCell(3)
    x = tf.constant(_fixed([2, 4, 2], 1.0))
    (of, ob), (sf, sb) = tf.nn.bidirectional_dynamic_rnn(fw, bw, x, sequence_length=[4, 2], dtype=tf.float32)
    sess = _session(tf)
    return {"vars": _names(tf), "fw": sess.run(of), "bw": sess.run(ob), "sf": sess.run(sf), "sb": sess.run(sb)}


def case_x_rnn_sweep_reverse_sequence(tf):
    x = tf.constant(np.arange(24).reshape(2, 4, 3).astype(np.float32))
    a = tf.reverse_sequence(x, [3, 1], seq_axis=1, batch_axis=0)
    b = tf.reverse_sequence(tf.transpose(x, [1, 0, 2]), tf.constant([4, 2], tf.int64), seq_axis=0, batch_axis=1)
    g = tf.gradients(tf.reduce_sum(a * tf.constant(_fixed([2, 4, 3]))), x)[0]
    sess = tf.Session()
    return {"a": sess.run(a), "b": sess.run(b), "g": sess.run(g),
            "bad": catch(lambda: sess.run(tf.reverse_sequence(x, [5, 1], seq_axis=1, batch_axis=0)))}


def case_x_rnn_sweep_static_rnn_sequence_length(tf):
    cell = tf.nn.rnn_cell.BasicLSTMCell(2)
    inputs = tf.unstack(tf.constant(_fixed([3, 2, 2], 1.0)))
    outs, st = tf.nn.static_rnn(cell, inputs, sequence_length=tf.constant([3, 1]), dtype=tf.float32)
    sess = _session(tf)
    return {"n": len(outs), "outs": sess.run(outs), "c": sess.run(st.c), "h": sess.run(st.h), "vars": _names(tf)}


def case_x_rnn_sweep_while_loop_options(tf):
    i0 = tf.constant(0)
    x0 = tf.ones([1, 2])
    i, x = tf.while_loop(lambda i, x: i < 10, lambda i, x: (i + 1, tf.concat([x, x[:1] * 2.0], 0)), [i0, x0],
                         shape_invariants=[i0.shape, tf.TensorShape([None, 2])], maximum_iterations=3)
    j = tf.while_loop(lambda j: j < 100, lambda j: j * 2, [tf.constant(1)], back_prop=False, parallel_iterations=1)
    k = tf.while_loop(lambda k: k < 5, lambda k: [k + 1], [tf.constant(0)], return_same_structure=True)
    sess = tf.Session()
    return {"i": sess.run(i), "x": sess.run(x), "x_shape": x.shape.as_list(), "j": sess.run(j), "k": sess.run(k)}


def case_x_rnn_sweep_while_loop_shape_invariant_error(tf):
    return catch(tf.while_loop, lambda x: tf.shape(x)[0] < 4, lambda x: tf.concat([x, x], 0), [tf.ones([1, 2])])


def case_x_rnn_sweep_tensor_array_split_and_size(tf):
    ta = tf.TensorArray(tf.float32, size=3)
    ta = ta.split(tf.constant(np.arange(12).reshape(6, 2).astype(np.float32)), [1, 2, 3])
    parts = [ta.read(k) for k in range(3)]
    sess = tf.Session()
    empty = tf.TensorArray(tf.int32, size=0, element_shape=[2])
    return {"parts": sess.run(parts), "size": sess.run(ta.size()), "concat": sess.run(ta.concat()),
            "empty": sess.run(empty.stack()).tolist(), "empty_shape": sess.run(tf.shape(empty.stack())).tolist(),
            "dtype": ta.dtype.name}


def case_x_rnn_sweep_tensor_array_strings_and_bool(tf):
    ta = tf.TensorArray(tf.string, size=2).write(0, "a").write(1, "bc")
    tb = tf.TensorArray(tf.bool, size=0, dynamic_size=True).write(0, True).write(2, False)
    sess = tf.Session()
    return {"s": sess.run(ta.stack()).tolist(), "b": sess.run(tb.stack()).tolist(), "n": sess.run(tb.size())}


def case_x_rnn_sweep_map_fn_options(tf):
    x = tf.constant(_fixed([4, 3], 1.0))
    a = tf.map_fn(lambda r: tf.reduce_sum(r), x, parallel_iterations=1, back_prop=False)
    b = tf.map_fn(lambda r: (r * 2.0, tf.cast(tf.argmax(r), tf.int32)), x, dtype=(tf.float32, tf.int32))
    c = tf.map_fn(lambda r: r[:tf.cast(r[0] > 0, tf.int32) + 1], x, infer_shape=False)
    sess = tf.Session()
    return {"a": sess.run(a), "b": sess.run(b), "c_shape": c.shape.as_list(), "c": catch(sess.run, c)}


def case_x_rnn_sweep_scan_and_fold_options(tf):
    x = tf.constant(_fixed([5, 2], 1.0))
    s = tf.scan(lambda acc, r: acc * 0.5 + r, x, initializer=tf.zeros([2]), parallel_iterations=1,
                back_prop=True, swap_memory=True, infer_shape=True)
    f = tf.foldl(lambda acc, r: acc + tf.reduce_max(r), x, initializer=tf.constant(0.0), back_prop=False)
    g = tf.gradients(tf.reduce_sum(s), x)[0]
    empty = tf.foldr(lambda a, r: a + r, tf.zeros([0]), initializer=tf.constant(1.0))
    sess = tf.Session()
    return {"s": sess.run(s), "f": sess.run(f), "g": sess.run(g), "empty": sess.run(empty),
            "no_init_empty": catch(lambda: sess.run(tf.foldl(lambda a, r: a + r, tf.zeros([0]))))}


def case_x_rnn_sweep_lstm_gradients_all_variables(tf):
    cell = tf.nn.rnn_cell.LSTMCell(3, use_peepholes=True, forget_bias=0.5)
    x = tf.constant(_fixed([2, 4, 2], 1.0))
    out, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, sequence_length=[4, 3])
    loss = tf.reduce_sum(out * out)
    grads = tf.gradients(loss, tf.trainable_variables() + [x])
    sess = _session(tf)
    return {"vars": _names(tf), "grads": sess.run(grads)}


def case_x_rnn_sweep_gru_train_two_steps(tf):
    cell = tf.nn.rnn_cell.GRUCell(3)
    x = tf.constant(_fixed([2, 3, 2], 1.0))
    out, st = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    loss = tf.reduce_mean(tf.square(st - 0.25))
    train = tf.train.AdamOptimizer(0.1).minimize(loss)
    sess = _session(tf)
    sess.run(tf.variables_initializer([v for v in tf.global_variables() if "Adam" in v.name or "power" in v.name]))
    losses = [sess.run([train, loss])[1] for _ in range(3)]
    return {"losses": losses, "vars": sorted(v.name for v in tf.global_variables())}
