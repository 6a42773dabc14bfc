"""A sweep of TF's rnn functions against TF 2.21: dynamic_rnn (time_major, sequence_length,
initial_state and dtype errors, swap_memory, parallel_iterations, nested inputs, op names),
bidirectional_dynamic_rnn, static_rnn and static_bidirectional_rnn with lengths,
static_state_saving_rnn, raw_rnn, and gradients through them.

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


def case_x_rsweep_dynamic_output_names(tf):
    x = tf.constant(_fixed([2, 3, 2], 1.0))
    out, st = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), x, dtype=tf.float32)
    with tf.variable_scope("tm"):
        out_t, st_t = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, dtype=tf.float32, time_major=True,
                                        sequence_length=[3, 1, 2])
    # (the final state's names are TF's while-loop Exit tensors, which tfsess's single While op lacks)
    return {"out": out.name, "out_t": out_t.name,
            "shapes": [out.shape.as_list(), st.c.shape.as_list(), out_t.shape.as_list(), st_t.shape.as_list()]}


class _PairCell:
    """A cell over a pair of inputs, built from tf ops only (no variables)."""

    def __init__(self, tf):
        self.tf = tf

    state_size = property(lambda self: (2, 1))
    output_size = property(lambda self: (3, 2))

    def zero_state(self, batch_size, dtype):
        return (self.tf.zeros([batch_size, 2], dtype), self.tf.zeros([batch_size, 1], dtype))

    def __call__(self, inputs, state, scope=None):
        a, b = inputs
        s0, s1 = state
        new0 = s0 * 0.5 + a
        new1 = s1 + self.tf.reduce_sum(b, axis=1, keepdims=True)
        return (self.tf.concat([new0, new1], 1), b * 2.0), (new0, new1)


def case_x_rsweep_dynamic_nested_inputs_outputs(tf):
    a = tf.constant(_fixed([2, 4, 2], 1.0))
    b = tf.constant(_fixed([2, 4, 2], 1.0, phase=1.0))
    (o1, o2), (s0, s1) = tf.nn.dynamic_rnn(_PairCell(tf), (a, b), dtype=tf.float32, sequence_length=[4, 2])
    sess = tf.Session()
    return {"vals": sess.run([o1, o2, s0, s1]), "shapes": [o1.shape.as_list(), o2.shape.as_list()]}


def case_x_rsweep_dynamic_argument_errors(tf):
    cell = tf.nn.rnn_cell.GRUCell(2)
    x = tf.zeros([2, 3, 2])
    return {
        "rank2": message_has(lambda: tf.nn.dynamic_rnn(cell, tf.zeros([2, 3]), dtype=tf.float32),
                             "must have rank at least 3"),
        "depth": message_has(lambda: tf.nn.dynamic_rnn(cell, tf.placeholder(tf.float32, [2, 3, None]),
                                                       dtype=tf.float32), "Input size (depth of inputs)"),
        "len_rank": message_has(lambda: tf.nn.dynamic_rnn(cell, x, sequence_length=[[1, 2]], dtype=tf.float32),
                                "sequence_length must be a vector of length batch_size"),
        "not_cell": message_has(lambda: tf.nn.dynamic_rnn(lambda i, s: (i, s), x, dtype=tf.float32),
                                "is not an RNNCell", "'output_size' property is missing"),
        "mixed_dtypes": catch(tf.nn.dynamic_rnn, tf.nn.rnn_cell.BasicLSTMCell(2), x,
                              initial_state=tf.nn.rnn_cell.LSTMStateTuple(tf.zeros([2, 2]),
                                                                          tf.zeros([2, 2], tf.float64))),
    }


def case_x_rsweep_dynamic_runtime_length_error(tf):
    x = tf.constant(_fixed([2, 3, 2], 1.0))
    lengths = tf.placeholder(tf.int32, [None])
    out, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2), x, sequence_length=lengths, dtype=tf.float32)
    sess = _session(tf)
    err = message_has(lambda: sess.run(out, {lengths: [1, 2, 3]}), "Expected shape for Tensor",
                      "sequence_length", "but saw shape")
    return {"err": err, "after": sess.run(out, {lengths: [3, 1]})}


def case_x_rsweep_dynamic_initial_state_dtype(tf):
    x = tf.constant(_fixed([2, 3, 2], 1.0).astype(np.float64))
    cell = tf.nn.rnn_cell.LSTMCell(2, num_proj=1)
    init = cell.zero_state(2, tf.float64)
    out, st = tf.nn.dynamic_rnn(cell, x, initial_state=init, dtype=tf.float64, swap_memory=True,
                                parallel_iterations=2)
    sess = _session(tf)
    return {"vars": [(v.name, v.dtype.name) for v in tf.global_variables()], "out": sess.run(out),
            "st": sess.run(st), "dtype": out.dtype.name}


def case_x_rsweep_dynamic_zero_length_rows(tf):
    x = tf.constant(_fixed([3, 4, 2], 1.0))
    cell = tf.nn.rnn_cell.LSTMCell(3, use_peepholes=True)
    init = tf.nn.rnn_cell.LSTMStateTuple(tf.constant(_fixed([3, 3], 0.5)), tf.constant(_fixed([3, 3], 0.5, 1.0)))
    out, st = tf.nn.dynamic_rnn(cell, x, initial_state=init, sequence_length=tf.constant([0, 4, 2], tf.int64))
    sess = _session(tf)
    return {"out": sess.run(out), "c": sess.run(st.c), "h": sess.run(st.h)}


def case_x_rsweep_bidirectional_multi_cells(tf):
    fw = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.BasicLSTMCell(2)])
    bw = tf.nn.rnn_cell.LSTMCell(3, num_proj=2)
    x = tf.constant(_fixed([4, 2, 3], 1.0))
    (of, ob), (sf, sb) = tf.nn.bidirectional_dynamic_rnn(fw, bw, x, sequence_length=[4, 2], dtype=tf.float32,
                                                          time_major=True, scope="birnn")
    sess = _session(tf)
    return {"vars": _names(tf), "of": sess.run(of), "ob": sess.run(ob), "sf": sess.run(sf), "sb": sess.run(sb),
            "names": [of.name, ob.name]}


def case_x_rsweep_bidirectional_errors(tf):
    x = tf.zeros([2, 3, 2])
    gru = tf.nn.rnn_cell.GRUCell(2)
    return {"bw": message_has(lambda: tf.nn.bidirectional_dynamic_rnn(gru, "x", x, dtype=tf.float32),
                              "The argument 'cell_bw'"),
            "dtype": message_has(lambda: tf.nn.bidirectional_dynamic_rnn(gru, tf.nn.rnn_cell.GRUCell(2), x),
                                 "argument `dtype` must be specified")}


def case_x_rsweep_static_rnn_lengths_and_names(tf):
    xs = [tf.constant(_fixed([3, 2], 1.0, phase=t)) for t in range(4)]
    cell = tf.nn.rnn_cell.BasicLSTMCell(2)
    outs, st = tf.nn.static_rnn(cell, xs, dtype=tf.float32, sequence_length=[4, 1, 0])
    sess = _session(tf)
    return {"vars": _names(tf), "outs": sess.run(outs), "st": sess.run(st),
            "names": [o.name for o in outs] + [st.c.name, st.h.name]}


def case_x_rsweep_static_rnn_unknown_batch(tf):
    xs = [tf.placeholder(tf.float32, [None, 2]) for _ in range(3)]
    cell = tf.nn.rnn_cell.GRUCell(2)
    outs, st = tf.nn.static_rnn(cell, xs, dtype=tf.float32, sequence_length=tf.placeholder_with_default([3, 2], [None]))
    sess = _session(tf)
    feed = {x: _fixed([2, 2], 1.0, phase=i) for i, x in enumerate(xs)}
    return {"outs": sess.run(outs, feed), "st": sess.run(st, feed), "shapes": [o.shape.as_list() for o in outs]}


def case_x_rsweep_static_rnn_errors(tf):
    cell = tf.nn.rnn_cell.GRUCell(2)
    return {"not_seq": catch(tf.nn.static_rnn, cell, tf.zeros([2, 3]), dtype=tf.float32),
            "empty": catch(tf.nn.static_rnn, cell, [], dtype=tf.float32),
            "no_dtype": message_has(lambda: tf.nn.static_rnn(cell, [tf.zeros([2, 3])]), "dtype"),
            "depth": catch(tf.nn.static_rnn, cell, [tf.placeholder(tf.float32, [2, None])], dtype=tf.float32),
            "len_rank": catch(tf.nn.static_rnn, tf.nn.rnn_cell.GRUCell(2), [tf.zeros([2, 3])], dtype=tf.float32,
                              sequence_length=[[1, 2]])}


def case_x_rsweep_static_bidirectional_lengths(tf):
    xs = [tf.constant(_fixed([2, 3], 1.0, phase=t)) for t in range(3)]
    outs, sf, sb = tf.nn.static_bidirectional_rnn(tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.GRUCell(1), xs,
                                                  dtype=tf.float32, sequence_length=[3, 2])
    sess = _session(tf)
    return {"vars": _names(tf), "outs": sess.run(outs), "sf": sess.run(sf), "sb": sess.run(sb),
            "names": [o.name for o in outs]}


class _Saver:
    """A state saver keeping states in constants and recording what is saved."""

    def __init__(self, tf, batch):
        self.tf, self.batch, self.saved = tf, batch, {}

    def state(self, name):
        return self.tf.ones([self.batch, 2]) * 0.25 if name.endswith("c") or name == "st" else \
            self.tf.ones([self.batch, 2]) * -0.25

    def save_state(self, name, value):
        self.saved[name] = value
        return self.tf.no_op(name="save_" + name)


def case_x_rsweep_static_state_saving_rnn(tf):
    xs = [tf.constant(_fixed([2, 3], 1.0, phase=t)) for t in range(3)]
    saver = _Saver(tf, 2)
    outs, st = tf.nn.static_state_saving_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), xs, saver, ("st_c", "st_h"))
    saver2 = _Saver(tf, 2)
    outs2, st2 = tf.nn.static_state_saving_rnn(tf.nn.rnn_cell.GRUCell(2), xs, saver2, "st", scope="g")
    sess = _session(tf)
    return {"outs": sess.run(outs), "st": sess.run(st), "saved": sorted(saver.saved), "outs2": sess.run(outs2),
            "st2": sess.run(st2), "saved_vals": sess.run(saver2.saved["st"]),
            "ctrl": sorted(c.name for c in outs[-1].op.control_inputs),
            "bad": catch(tf.nn.static_state_saving_rnn, tf.nn.rnn_cell.BasicLSTMCell(2), xs, saver, "one")}


def case_x_rsweep_raw_rnn_emit_and_loop_state(tf):
    max_time, batch, depth = 4, 2, 2
    inputs = tf.constant(_fixed([max_time, batch, depth], 1.0))
    lengths = tf.constant([4, 2])
    ta = tf.TensorArray(tf.float32, size=max_time).unstack(inputs)
    cell = tf.nn.rnn_cell.GRUCell(3)

    def loop_fn(time, cell_output, cell_state, loop_state):
        finished = time >= lengths
        if cell_output is None:
            next_state = cell.zero_state(batch, tf.float32)
            emit = (tf.zeros([3]), tf.zeros([], tf.int32))
            next_loop = tf.constant(0.0)
        else:
            next_state = cell_state
            emit = (cell_output * 2.0, tf.fill([batch], time))
            next_loop = loop_state + tf.reduce_sum(cell_output)
        all_done = tf.reduce_all(finished)
        nxt = tf.cond(all_done, lambda: tf.zeros([batch, depth]), lambda: ta.read(tf.minimum(time, max_time - 1)))
        return finished, nxt, next_state, emit, next_loop

    emit_ta, final_state, final_loop = tf.nn.raw_rnn(cell, loop_fn)
    e0, e1 = emit_ta
    sess = _session(tf)
    return {"emit": sess.run([e0.stack(), e1.stack()]), "state": sess.run(final_state),
            "loop": sess.run(final_loop), "vars": _names(tf), "dtypes": [e0.dtype.name, e1.dtype.name]}


def case_x_rsweep_raw_rnn_errors(tf):
    cell = tf.nn.rnn_cell.GRUCell(2)
    return {"not_callable": catch(tf.nn.raw_rnn, cell, 3),
            "not_cell": catch(tf.nn.raw_rnn, 3, lambda *a: None)}


def case_x_rsweep_dynamic_gradients(tf):
    x = tf.constant(_fixed([2, 3, 2], 1.0))
    init = tf.constant(_fixed([2, 2], 0.5))
    cell = tf.nn.rnn_cell.GRUCell(2)
    out, st = tf.nn.dynamic_rnn(cell, x, initial_state=init, sequence_length=[3, 2])
    loss = tf.reduce_sum(out * out) + tf.reduce_sum(st)
    grads = tf.gradients(loss, [x, init] + tf.trainable_variables())
    sess = _session(tf)
    return {"grads": sess.run(grads), "names": [grads[0].name],
            "types": [grads[0].op.type]}  # the others are while-loop Exits in TF, a WhileGrad output here


def case_x_rsweep_static_and_bidirectional_gradients(tf):
    xs = [tf.constant(_fixed([2, 2], 1.0, phase=t)) for t in range(3)]
    outs, sf, sb = tf.nn.static_bidirectional_rnn(tf.nn.rnn_cell.LSTMCell(2, use_peepholes=True),
                                                  tf.nn.rnn_cell.BasicRNNCell(2), xs, dtype=tf.float32,
                                                  sequence_length=[3, 1])
    loss = tf.add_n([tf.reduce_sum(o) for o in outs]) + tf.reduce_sum(sf.h)
    grads = tf.gradients(loss, xs + tf.trainable_variables())
    x = tf.stack(xs, 1)
    with tf.variable_scope("dyn"):
        (of, ob), _ = tf.nn.bidirectional_dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), tf.nn.rnn_cell.GRUCell(2), x,
                                                      dtype=tf.float32, sequence_length=[3, 1])
    dgrads = tf.gradients(tf.reduce_sum(of * ob), [x])
    sess = _session(tf)
    return {"grads": sess.run(grads), "dgrads": sess.run(dgrads), "none": [g is None for g in grads]}


def case_x_rsweep_dynamic_unused_state_gradient(tf):
    x = tf.constant(_fixed([2, 3, 2], 1.0))
    out, st = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(2), x, dtype=tf.float32)
    g = tf.gradients(st.c, [x, out])
    sess = _session(tf)
    return {"gx": sess.run(g[0]), "gout_none": g[1] is None}
