"""More of the RNN sweep against TF 2.21: user-defined RNNCell subclasses (old-style `__call__` with
get_variable, and `build`/`call`), nested inputs through wrappers, static_rnn and bidirectional RNNs,
variable scopes and reuse, non-trainable cells, and TensorArray, scan and map_fn under control flow v2.

Recorded from TF 2.21 with tf-keras and TF_USE_LEGACY_KERAS=1."""
import numpy as np

from _harness import catch, message_has
from _casekit import wave, variable_names, session_with_values


def _fixed(shape, scale=0.3, phase=0.0):
    return wave(shape, scale, phase, step=0.7)


def _session(tf):
    return session_with_values(tf, tf.global_variables(), _fixed)


def _names(tf):
    return variable_names(tf.global_variables())


def _old_style_cell(tf):
    class OldStyle(tf.nn.rnn_cell.RNNCell):
        state_size = property(lambda self: 2)
        output_size = property(lambda self: 2)

        def __call__(self, inputs, state, scope=None):
            with tf.variable_scope(scope or "old_style"):
                w = tf.get_variable("w", [inputs.shape[-1] + 2, 2])
                out = tf.tanh(tf.matmul(tf.concat([inputs, state], 1), w))
            return out, out
    return OldStyle()


def case_x_rsweep_old_style_cell(tf):
    cell = _old_style_cell(tf)
    x = tf.constant(_fixed([2, 3, 2], 1.0))
    out, st = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    xs = tf.unstack(x, axis=1)
    with tf.variable_scope("static"):
        souts, sst = tf.nn.static_rnn(cell, xs, dtype=tf.float32)
    sess = _session(tf)
    return {"vars": _names(tf), "out": sess.run(out), "st": sess.run(st), "souts": sess.run(souts),
            "zero": cell.zero_state(2, tf.float32).op.name}


def case_x_rsweep_build_call_cell(tf):
    class Scaled(tf.nn.rnn_cell.RNNCell):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units

        state_size = property(lambda self: tf.nn.rnn_cell.LSTMStateTuple(self.units, self.units))
        output_size = property(lambda self: self.units)

        def build(self, shape):
            self.k = self.add_variable("k", [shape[-1], self.units])
            self.b = self.add_variable("b", [self.units], initializer=tf.ones_initializer(), trainable=False)
            self.built = True

        def call(self, inputs, state):
            h = tf.matmul(inputs, self.k) + state.h * self.b + state.c
            return h, tf.nn.rnn_cell.LSTMStateTuple(state.c * 0.5, h)

    cell = Scaled(3, name="scaled")
    x = tf.constant(_fixed([2, 4, 2], 1.0))
    out, st = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    sess = _session(tf)
    return {"vars": _names(tf), "trainable": [v.name for v in tf.trainable_variables()],
            "weights": [w.name for w in cell.weights], "tw": [w.name for w in cell.trainable_weights],
            "ntw": [w.name for w in cell.non_trainable_weights], "out": sess.run(out), "st": sess.run(st)}


def case_x_rsweep_non_trainable_cell(tf):
    cell = tf.nn.rnn_cell.GRUCell(2, trainable=False)
    x = tf.constant(_fixed([2, 3, 2], 1.0))
    out, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    return {"trainable": [v.name for v in tf.trainable_variables()], "all": _names(tf),
            "tw": len(cell.trainable_weights), "ntw": len(cell.non_trainable_weights)}


def case_x_rsweep_scope_and_reuse(tf):
    x = tf.constant(_fixed([2, 3, 2], 1.0))
    cell = tf.nn.rnn_cell.BasicLSTMCell(2)
    out1, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, scope="enc")
    out2, _ = tf.nn.dynamic_rnn(cell, x * 2.0, dtype=tf.float32, scope="enc")
    with tf.variable_scope("dec") as vs:
        out3, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, dtype=tf.float32)
    with tf.variable_scope(vs, reuse=True):
        out4, _ = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, dtype=tf.float32)
    err = message_has(lambda: tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x, dtype=tf.float32, scope=vs),
                      "already exists", "reuse=True")
    sess = _session(tf)
    return {"vars": _names(tf), "outs": sess.run([out1, out2, out3, out4]), "err": err,
            "names": [out1.name, out2.name, out3.name, out4.name]}


def case_x_rsweep_dropout_nested_variational(tf):
    tf.set_random_seed(9)

    class Pair(tf.nn.rnn_cell.RNNCell):
        state_size = property(lambda self: 3)
        output_size = property(lambda self: (3, 1))

        def __call__(self, inputs, state, scope=None):
            a, b = inputs
            new = state * 0.5 + tf.concat([a, b], 1)
            return (new, tf.reduce_sum(new, 1, keepdims=True)), new

    cell = tf.nn.rnn_cell.DropoutWrapper(Pair(), input_keep_prob=0.5, output_keep_prob=0.5, state_keep_prob=0.5,
                                         variational_recurrent=True, input_size=(2, 1), dtype=tf.float32, seed=4)
    inputs = (tf.constant(np.ones([2, 3, 2], np.float32)), tf.constant(np.ones([2, 3, 1], np.float32)))
    (o1, o2), st = tf.nn.dynamic_rnn(cell, inputs, dtype=tf.float32)
    sess = tf.Session()
    a = sess.run([o1, o2, st])
    return {"same_mask_each_step": bool(((a[0] == 0).all(axis=1) | (a[0] != 0).all(axis=1)).all()),
            "shapes": [o1.shape.as_list(), o2.shape.as_list(), st.shape.as_list()],
            "values_scaled": bool(set(np.unique(np.round(a[0][:, 0] * 0 + (a[0][:, 0] != 0), 3)).tolist()) <= {0.0, 1.0})}


def case_x_rsweep_residual_nested(tf):
    class Pair(tf.nn.rnn_cell.RNNCell):
        state_size = property(lambda self: 2)
        output_size = property(lambda self: (2, 1))

        def __call__(self, inputs, state, scope=None):
            a, b = inputs
            return (a * state, b * 2.0), state + a

    cell = tf.nn.rnn_cell.ResidualWrapper(Pair())
    inputs = (tf.constant(_fixed([2, 3, 2], 1.0)), tf.constant(_fixed([2, 3, 1], 1.0, 2.0)))
    init = tf.constant(_fixed([2, 2], 1.0, 3.0))
    (o1, o2), st = tf.nn.dynamic_rnn(cell, inputs, initial_state=init)
    bad = tf.nn.rnn_cell.ResidualWrapper(Pair())
    return {"vals": tf.Session().run([o1, o2, st]),
            "bad": catch(bad, (tf.zeros([2, 2]), tf.zeros([2, 1]), tf.zeros([2, 1])), tf.zeros([2, 2]))}


def case_x_rsweep_static_rnn_nested_steps(tf):
    class Pair(tf.nn.rnn_cell.RNNCell):
        state_size = property(lambda self: (2, 1))
        output_size = property(lambda self: 2)

        def __call__(self, inputs, state, scope=None):
            a, b = inputs
            s0, s1 = state
            return s0 + a, (s0 + a, s1 + b)

    steps = [(tf.constant(_fixed([2, 2], 1.0, t)), tf.constant(_fixed([2, 1], 1.0, t + 9))) for t in range(3)]
    outs, (s0, s1) = tf.nn.static_rnn(Pair(), steps, dtype=tf.float32, sequence_length=[3, 1])
    bi_outs, fw, bw = tf.nn.static_bidirectional_rnn(Pair(), Pair(), steps, dtype=tf.float32,
                                                     sequence_length=[2, 3])
    return {"vals": tf.Session().run([outs, s0, s1]), "bi": tf.Session().run([bi_outs, fw, bw]),
            "names": [o.name for o in outs], "bi_shapes": [o.shape.as_list() for o in bi_outs]}


def case_x_rsweep_bidirectional_nested_inputs(tf):
    class Pair(tf.nn.rnn_cell.RNNCell):
        state_size = property(lambda self: 2)
        output_size = property(lambda self: 2)

        def __call__(self, inputs, state, scope=None):
            a, b = inputs
            return state + a * b, state + a

    inputs = (tf.constant(_fixed([2, 4, 2], 1.0)), tf.constant(_fixed([2, 4, 2], 1.0, 1.0)))
    (of, ob), (sf, sb) = tf.nn.bidirectional_dynamic_rnn(Pair(), Pair(), inputs, sequence_length=[4, 2],
                                                          dtype=tf.float32)
    return {"vals": tf.Session().run([of, ob, sf, sb])}


def case_x_rsweep_cfv2_tensor_array_and_functional(tf):
    tf.enable_control_flow_v2()
    ta = tf.TensorArray(tf.float32, size=3, element_shape=[2])

    def body(i, ta):
        return i + 1, ta.write(i, tf.fill([2], tf.cast(i, tf.float32)))
    _, ta = tf.while_loop(lambda i, _: i < 3, body, [0, ta])
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    mapped = tf.map_fn(lambda r: r * 2.0, x)
    scanned = tf.scan(lambda a, r: a + r, x)
    folded = tf.foldl(lambda a, r: a * r, x)
    g = tf.gradients(tf.reduce_sum(scanned) + tf.reduce_sum(mapped), x)
    sess = tf.Session()
    return {"stack": sess.run(ta.stack()), "mapped": sess.run(mapped), "scanned": sess.run(scanned),
            "folded": sess.run(folded), "g": sess.run(g), "flow": ta.flow.dtype.name,
            "types": sorted({op.type for op in tf.get_default_graph().get_operations()
                             if op.type.startswith("TensorList")})}


def case_x_rsweep_cfv2_dynamic_rnn(tf):
    tf.enable_control_flow_v2()
    x = tf.constant(_fixed([2, 3, 2], 1.0))
    cell = tf.nn.rnn_cell.GRUCell(2)
    out, st = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, sequence_length=[3, 2])
    g = tf.gradients(tf.reduce_sum(out), [x])
    sess = _session(tf)
    return {"out": sess.run(out), "st": sess.run(st), "g": sess.run(g), "vars": _names(tf)}
