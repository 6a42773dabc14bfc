"""Keras GRU with reset_after=True: the (2, 3 * units) bias and the reset gate on the recurrent product."""
import numpy as np

import tfsess as tf


def _sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def test_one_step_matches_the_formula(fresh_graph):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 1, 3)).astype(np.float32)
    layer = tf.keras.layers.GRU(4, reset_after=True, recurrent_activation="sigmoid")
    out = layer(tf.constant(x))
    kernel, recurrent, bias = (rng.normal(size=w.shape.as_list()).astype(np.float32) for w in layer.weights)
    assert bias.shape == (2, 12)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for w, value in zip(layer.weights, (kernel, recurrent, bias)):
            w.load(value, sess)
        got = sess.run(out)
    h = np.zeros((2, 4), np.float32)
    xs = x[:, 0] @ kernel + bias[0]
    hs = h @ recurrent + bias[1]
    z, r = _sigmoid(xs[:, :4] + hs[:, :4]), _sigmoid(xs[:, 4:8] + hs[:, 4:8])
    expected = z * h + (1 - z) * np.tanh(xs[:, 8:] + r * hs[:, 8:])
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)
