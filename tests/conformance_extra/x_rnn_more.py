"""More recurrent probes: cell arguments (num_proj + cell_clip, custom activations, state_is_tuple=False),
dynamic_rnn variants (time_major with sequence_length, int lengths, dtype float64), bidirectional with
different cells, raw_rnn, scan reverse / nested, map_fn with dtype structures, fold errors and TensorArray errors.

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


def case_x_rnn_lstm_proj_clip(tf):
    cell = tf.nn.rnn_cell.LSTMCell(4, num_proj=3, cell_clip=0.05, proj_clip=0.02)
    x = tf.constant(_fixed([2, 3], 3.0))
    out, st = cell(x, cell.zero_state(2, tf.float32))
    sess = _session(tf)
    o, s = sess.run([out, st])
    return {"vars": _names(tf), "out": o, "c": s.c, "h": s.h, "sizes": [cell.state_size, cell.output_size],
            "c_clipped": bool(np.all(np.abs(s.c) <= 0.05 + 1e-7))}


def case_x_rnn_lstm_state_not_tuple(tf):
    cell = tf.nn.rnn_cell.LSTMCell(2, state_is_tuple=False)
    x = tf.constant(_fixed([2, 3], 1.0))
    z = cell.zero_state(2, tf.float32)
    out, st = cell(x, z)
    sess = _session(tf)
    return {"state_size": cell.state_size, "zero_shape": z.shape.as_list(), "out": sess.run(out),
            "state": sess.run(st), "state_shape": st.shape.as_list()}


def case_x_rnn_basic_lstm_not_tuple_activation(tf):
    cell = tf.nn.rnn_cell.BasicLSTMCell(2, state_is_tuple=False, activation=tf.nn.relu)
    x = tf.constant(_fixed([1, 3], 1.0))
    out, st = cell(x, cell.zero_state(1, tf.float32))
    sess = _session(tf)
    return {"state_size": cell.state_size, "out": sess.run(out), "state": sess.run(st)}


def case_x_rnn_gru_custom_activation_and_bias(tf):
    cell = tf.nn.rnn_cell.GRUCell(3, activation=tf.nn.relu, bias_initializer=tf.constant_initializer(0.5),
                                  kernel_initializer=tf.constant_initializer(0.1))
    x = tf.constant(_fixed([2, 2], 1.0))
    out, _ = cell(x, tf.constant(_fixed([2, 3], 0.5, 1.0)))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"vars": _names(tf), "out": sess.run(out)}


def case_x_rnn_basic_rnn_relu_name(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(2, activation=tf.nn.relu, name="myrnn")
    out, _ = cell(tf.constant(_fixed([1, 2], 1.0)), tf.zeros([1, 2]))
    sess = _session(tf)
    return {"vars": _names(tf), "out": sess.run(out)}


def case_x_rnn_multi_cell_not_tuple(tf):
    cells = [tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.BasicRNNCell(3)]
    cell = tf.nn.rnn_cell.MultiRNNCell(cells, state_is_tuple=False)
    z = cell.zero_state(2, tf.float32)
    out, st = cell(tf.constant(_fixed([2, 2], 1.0)), z)
    sess = _session(tf)
    return {"state_size": cell.state_size, "zero_shape": z.shape.as_list(), "vars": _names(tf),
            "out": sess.run(out), "state": sess.run(st)}


def case_x_rnn_multi_cell_empty_and_bad(tf):
    return {"empty": catch(tf.nn.rnn_cell.MultiRNNCell, []),
            "not_list": catch(tf.nn.rnn_cell.MultiRNNCell, tf.nn.rnn_cell.BasicRNNCell(2))}


def case_x_rnn_zero_state_dtype_and_nested(tf):
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.LSTMCell(2, num_proj=1), tf.nn.rnn_cell.GRUCell(3)])
    z = cell.zero_state(4, tf.float64)
    sess = tf.Session()
    val = sess.run(z)
    return {"struct": str(tf.nest.map_structure(lambda t: (t.dtype.name, t.shape.as_list()), z)), "val": val}


def case_x_rnn_dynamic_time_major_seq_len(tf):
    x = tf.constant(_fixed([4, 2, 3], 1.0))  # time, batch, depth
    out, st = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, sequence_length=tf.constant([2, 4]),
                                time_major=True, dtype=tf.float32)
    sess = _session(tf)
    return {"out": sess.run(out), "state": sess.run(st), "static": out.shape.as_list()}


def case_x_rnn_dynamic_float64(tf):
    x = tf.constant(_fixed([2, 3, 2], 1.0).astype(np.float64))
    out, st = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), x, dtype=tf.float64)
    sess = _session(tf)
    return {"vars": [(v.name, v.dtype.name) for v in tf.global_variables()], "out": sess.run(out),
            "state": sess.run(st)}


def case_x_rnn_dynamic_seq_len_int64_and_outputs_tuple_cell(tf):
    cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.BasicLSTMCell(2)])
    x = tf.constant(_fixed([2, 3, 2], 1.0))
    out, st = tf.nn.dynamic_rnn(cell, x, sequence_length=tf.constant([1, 3], tf.int64), dtype=tf.float32)
    sess = _session(tf)
    return {"out": sess.run(out), "state": sess.run(st)}


def case_x_rnn_dynamic_rnn_static_errors(tf):
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    return {
        "seq_len_wrong_batch": catch(lambda: tf.Session().run(tf.nn.dynamic_rnn(
            cell, tf.zeros([2, 3, 2]), sequence_length=tf.constant([1, 2, 3]), dtype=tf.float32)[0])),
    }


def case_x_rnn_bidirectional_time_major_lstm_gru(tf):
    x = tf.constant(_fixed([3, 2, 2], 1.0))
    (fw, bw), (sf, sb) = tf.nn.bidirectional_dynamic_rnn(
        tf.nn.rnn_cell.LSTMCell(3), tf.nn.rnn_cell.BasicRNNCell(2), x, sequence_length=[1, 3],
        dtype=tf.float32, time_major=True)
    sess = _session(tf)
    return {"vars": _names(tf), "fw": sess.run(fw), "bw": sess.run(bw), "sf": sess.run(sf), "sb": sess.run(sb)}


def case_x_rnn_static_bidirectional(tf):
    xs = [tf.constant(_fixed([2, 2], 1.0, float(t))) for t in range(3)]
    outs, sf, sb = tf.nn.static_bidirectional_rnn(tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.GRUCell(2),
                                                  xs, dtype=tf.float32)
    sess = _session(tf)
    return {"vars": _names(tf), "n": len(outs), "outs": sess.run(outs), "sf": sess.run(sf), "sb": sess.run(sb),
            "shape": outs[0].shape.as_list()}


def case_x_rnn_raw_rnn(tf):
    inputs = tf.constant(_fixed([4, 2, 3], 1.0))  # time major
    lengths = tf.constant([4, 2])
    ta = tf.TensorArray(tf.float32, size=4).unstack(inputs)
    cell = tf.nn.rnn_cell.BasicLSTMCell(2)

    def loop_fn(time, cell_output, cell_state, loop_state):
        emit = cell_output
        if cell_output is None:
            next_state = cell.zero_state(2, tf.float32)
        else:
            next_state = cell_state
        finished = time >= lengths
        all_done = tf.reduce_all(finished)
        nxt = tf.cond(all_done, lambda: tf.zeros([2, 3]), lambda: ta.read(time))
        return finished, nxt, next_state, emit, None

    out_ta, final, _ = tf.nn.raw_rnn(cell, loop_fn)
    out = out_ta.stack()
    sess = _session(tf)
    return {"vars": _names(tf), "out": sess.run(out), "final": sess.run(final)}


def case_x_rnn_scan_reverse_and_exclusive(tf):
    elems = tf.constant([1.0, 2.0, 3.0, 4.0])
    r = tf.scan(lambda a, x: a * 0.5 + x, elems, reverse=True)
    ri = tf.scan(lambda a, x: a + x, elems, initializer=tf.constant(10.0), reverse=True)
    sess = tf.Session()
    return {"r": sess.run(r), "ri": sess.run(ri)}


def case_x_rnn_scan_nested_elems_and_acc(tf):
    elems = (tf.constant([1, 2, 3]), {"f": tf.constant([0.5, 1.5, 2.5])})
    init = (tf.constant(0), tf.constant(1.0))
    out = tf.scan(lambda acc, x: (acc[0] + x[0], acc[1] * x[1]["f"]), elems, initializer=init)
    sess = tf.Session()
    return {"out": sess.run(out), "shapes": [o.shape.as_list() for o in out]}


def case_x_rnn_scan_over_matrix_rows_gradient(tf):
    x = tf.constant(_fixed([3, 2], 1.0))
    out = tf.scan(lambda a, r: tf.tanh(a + r), x)
    g = tf.gradients(tf.reduce_sum(out * out), x)[0]
    sess = tf.Session()
    return {"out": sess.run(out), "g": sess.run(g)}


def case_x_rnn_map_fn_dtype_structures(tf):
    elems = tf.constant([1, 2, 3])
    out = tf.map_fn(lambda x: (tf.cast(x, tf.float32) * 0.5, tf.as_string(x)), elems,
                    dtype=(tf.float32, tf.string))
    d = tf.map_fn(lambda x: {"sq": x * x}, elems, dtype={"sq": tf.int32})
    sess = tf.Session()
    return {"out": sess.run(out), "d": sess.run(d)}


def case_x_rnn_map_fn_tuple_elems_single_out(tf):
    a = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    b = tf.constant([10.0, 20.0])
    out = tf.map_fn(lambda ab: tf.reduce_sum(ab[0]) + ab[1], (a, b), dtype=tf.float32)
    sess = tf.Session()
    return {"out": sess.run(out), "shape": out.shape.as_list()}


def case_x_rnn_map_fn_errors(tf):
    return {
        "mismatched_first_dim": catch(lambda: tf.Session().run(tf.map_fn(
            lambda ab: ab[0] + ab[1], (tf.constant([1, 2]), tf.constant([1, 2, 3])), dtype=tf.int32))),
        "scalar_elems": catch(tf.map_fn, lambda x: x, tf.constant(1)),
        "dtype_mismatch": catch(lambda: tf.map_fn(lambda x: tf.cast(x, tf.float32), tf.constant([1, 2])).dtype.name),
    }


def case_x_rnn_foldl_foldr_initializer_and_errors(tf):
    e = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    l = tf.foldl(lambda a, x: a * 2.0 + x, e)
    r = tf.foldr(lambda a, x: a * 2.0 + x, e, initializer=tf.zeros([2]))
    sess = tf.Session()
    return {"l": sess.run(l), "r": sess.run(r),
            "empty": catch(lambda: sess.run(tf.foldl(lambda a, x: a + x, tf.zeros([0, 2]))))}


def case_x_rnn_tensor_array_errors(tf):
    sess = tf.Session()
    ta = tf.TensorArray(tf.float32, size=2)
    return {
        "read_unwritten": catch(lambda: sess.run(ta.write(0, 1.0).read(1))),
        "stack_partial": catch(lambda: sess.run(ta.write(0, 1.0).stack())),
        "write_wrong_dtype": catch(lambda: sess.run(ta.write(0, tf.constant(1)).read(0))),
        "unstack_too_many": catch(lambda: sess.run(ta.unstack(tf.zeros([3, 2])).stack())),
        "read_negative": catch(lambda: sess.run(ta.write(0, 1.0).read(-1))),
        "split_bad_lengths": catch(lambda: sess.run(ta.split(tf.zeros([5]), [2, 2]).concat())),
        "gather_out_of_range": catch(lambda: sess.run(ta.unstack(tf.zeros([2, 2])).gather([0, 5]))),
        "still_usable": sess.run(ta.write(0, 1.0).write(1, 2.0).stack()),
    }


def case_x_rnn_tensor_array_error_messages(tf):
    sess = tf.Session()
    ta = tf.TensorArray(tf.float32, size=2, name="myta")
    return {
        "unwritten": message_has(lambda: sess.run(ta.write(0, 1.0).read(1)), "myta", "index 1", "not yet written"),
        "twice": message_has(lambda: sess.run(ta.write(0, 1.0).write(0, 2.0).read(0)), "myta",
                             "Could not write to TensorArray index 0"),
    }


def case_x_rnn_tensor_array_element_shape_and_infer(tf):
    ta = tf.TensorArray(tf.float32, size=3, element_shape=tf.TensorShape([None, 2]))
    ta2 = ta.write(0, tf.ones([4, 2]))
    r = ta2.read(0)
    ta3 = tf.TensorArray(tf.float32, size=2, infer_shape=False).write(0, tf.ones([1])).write(1, tf.ones([3]))
    sess = tf.Session()
    return {"es": str(ta.element_shape), "r_shape": r.shape.as_list(), "concat": sess.run(ta3.concat()),
            "infer_conflict": catch(lambda: tf.TensorArray(tf.float32, size=2).write(0, tf.ones([2])).write(1, tf.ones([3]))),
            "size": sess.run(ta2.size()), "dtype": ta.dtype.name}


def case_x_rnn_tensor_array_int_and_dynamic_gather(tf):
    ta = tf.TensorArray(tf.int32, size=0, dynamic_size=True)
    ta = ta.scatter([4, 1], tf.constant([[1, 2], [3, 4]]))
    sess = tf.Session()
    return {"size": sess.run(ta.size()), "g": sess.run(ta.gather([1, 4])),
            "stack_holes": catch(sess.run, ta.stack())}


def case_x_rnn_while_loop_tensor_array_gradient_nested(tf):
    x = tf.constant([1.0, 2.0, 3.0])
    ta = tf.TensorArray(tf.float32, size=3).unstack(x)
    out = tf.TensorArray(tf.float32, size=3)

    def body(i, acc, o):
        v = ta.read(i) * acc
        return i + 1, acc + v, o.write(i, v * v)

    _, acc, o = tf.while_loop(lambda i, *_: i < 3, body, [0, tf.constant(1.0), out])
    loss = tf.reduce_sum(o.stack()) + acc
    g = tf.gradients(loss, x)[0]
    sess = tf.Session()
    return {"loss": sess.run(loss), "g": sess.run(g)}
