"""Keras GRU with reset_after=True (the v2 layers' and CuDNN's form: a (2, 3 * units) bias, the reset gate
applied to the recurrent product): values, weights, gradients and the cell alone. Recorded with
TF_USE_LEGACY_KERAS=1."""
from _casekit import fixed_session, variable_names, wave


def case_gru_reset_after_layer_values_and_weights(tf):
    x = tf.constant(wave([2, 4, 3]))
    layer = tf.keras.layers.GRU(5, reset_after=True, recurrent_activation="sigmoid", return_sequences=True,
                                return_state=True)
    seq, state = layer(x)
    grad = tf.gradients(tf.reduce_sum(seq * seq), x)[0]
    sess = fixed_session(tf)
    return {"seq": sess.run(seq), "state": sess.run(state), "grad": sess.run(grad),
            "weights": variable_names(layer.weights), "config": [layer.get_config()["reset_after"]]}


def case_gru_reset_after_no_bias_and_backwards(tf):
    x = tf.constant(wave([3, 5, 2], phase=0.4))
    plain = tf.keras.layers.GRU(4, reset_after=True, use_bias=False, go_backwards=True)
    hard = tf.keras.layers.GRU(4, reset_after=True)  # hard_sigmoid, the v1 default
    a, b = plain(x), hard(x)
    sess = fixed_session(tf)
    return {"plain": sess.run(a), "hard": sess.run(b), "weights": variable_names(plain.weights + hard.weights)}


def case_gru_cell_reset_after_in_rnn(tf):
    x = tf.constant(wave([2, 3, 4], phase=1.1))
    cell = tf.keras.layers.GRUCell(3, reset_after=True, recurrent_activation="sigmoid")
    out = tf.keras.layers.RNN(cell, return_sequences=True)(x)
    sess = fixed_session(tf)
    return {"out": sess.run(out), "bias_shape": cell.bias.shape.as_list(), "weights": variable_names(cell.weights)}
