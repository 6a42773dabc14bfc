"""tf.vectorized_map: rows mapped through a loop, nested inputs and outputs, gradients."""
import numpy as np

import tfsess as tf


def test_vectorized_map_matches_a_python_loop_over_rows(g):
    x = np.arange(12.0, dtype=np.float32).reshape(4, 3)
    ids = np.array([3, 1, 4, 1], np.int32)
    out = tf.vectorized_map(lambda p: {"scaled": p[0] * tf.cast(p[1], tf.float32), "norm": tf.reduce_sum(p[0] ** 2)},
                            (tf.constant(x), tf.constant(ids)))
    values = tf.Session().run(out)
    np.testing.assert_allclose(values["scaled"], x * ids[:, None])
    np.testing.assert_allclose(values["norm"], (x ** 2).sum(axis=1))


def test_gradients_flow_through_the_loop(g):
    m = tf.constant(np.arange(8.0, dtype=np.float32).reshape(2, 2, 2))
    out = tf.vectorized_map(lambda mat: tf.matmul(mat, mat), m)
    grad = tf.gradients(tf.reduce_sum(out), m)[0]
    mv = np.arange(8.0).reshape(2, 2, 2)
    ones = np.ones((2, 2))
    expected = np.stack([ones @ a.T + a.T @ ones for a in mv])
    np.testing.assert_allclose(tf.Session().run(grad), expected)
