"""Initializers: values, dtypes, fan arithmetic, seeds, argument checks, the tf.initializers namespace."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.ops import init_ops


def _value(init, shape, dtype=tf.float32):
    t = init(shape, dtype=dtype)
    return tf.Session(graph=t.graph).run(t)


def test_constant_initializers_give_values_of_the_asked_dtype(g):
    assert _value(tf.zeros_initializer(), [2, 2], tf.int64).tolist() == [[0, 0], [0, 0]]
    assert _value(tf.zeros_initializer(), [2], tf.int64).dtype == np.int64
    assert _value(tf.ones_initializer(dtype=tf.float64), [3], None).dtype == np.float64
    np.testing.assert_array_equal(_value(tf.constant_initializer(7.0), [2, 2]), np.full([2, 2], 7.0))
    # tf.constant's rule: a short list is padded with its last element
    np.testing.assert_array_equal(_value(tf.constant_initializer([1, 2]), [2, 2]), [[1, 2], [2, 2]])
    with pytest.raises(TypeError):
        _value(tf.constant_initializer([1, 2], verify_shape=True), [2, 2])
    with pytest.raises(TypeError):
        tf.constant_initializer({"a": 1})
    np.testing.assert_array_equal(_value(tf.initializers.identity(gain=2.0), [2, 3]),
                                  [[2, 0, 0], [0, 2, 0]])


def test_random_initializers_stay_in_their_ranges(g):
    u = _value(tf.random_uniform_initializer(-2.0, -1.0), [2000])
    assert u.dtype == np.float32 and u.min() >= -2.0 and u.max() < -1.0 and u.std() > 0.2
    n = _value(tf.random_normal_initializer(5.0, 0.5), [4000])
    assert abs(n.mean() - 5.0) < 0.1 and abs(n.std() - 0.5) < 0.1
    t = _value(tf.truncated_normal_initializer(0.0, 1.0), [4000])
    assert np.abs(t).max() <= 2.0 and 0.7 < t.std() < 1.0
    ints = _value(tf.random_uniform_initializer(0, 5, dtype=tf.int32), [500], None)
    assert ints.dtype == np.int32 and set(ints.tolist()) <= set(range(5))


@pytest.mark.parametrize("shape,fans", [([], (1, 1)), ([7], (7, 7)), ([3, 5], (3, 5)), ([2, 2, 3, 4], (12, 16))])
def test_fans_of_weight_shapes(shape, fans):
    assert init_ops._compute_fans(shape) == fans


def test_glorot_and_variance_scaling_limits(g):
    limit = np.sqrt(6.0 / (30 + 50))
    w = _value(tf.glorot_uniform_initializer(), [30, 50])
    assert np.abs(w).max() <= limit and np.abs(w).max() > 0.8 * limit
    he = _value(tf.initializers.he_uniform(), [20, 10])
    assert np.abs(he).max() <= np.sqrt(6.0 / 20)
    fan_out = _value(tf.variance_scaling_initializer(scale=3.0, mode="fan_out", distribution="uniform"), [10, 25])
    assert np.abs(fan_out).max() <= np.sqrt(9.0 / 25)
    normal = _value(tf.glorot_normal_initializer(), [200, 200])
    stddev = np.sqrt(2.0 / 400)
    assert np.abs(normal).max() <= 2 * stddev / 0.87962566103423978 + 1e-6
    assert abs(normal.std() - stddev) < 0.1 * stddev
    plain = _value(tf.variance_scaling_initializer(distribution="untruncated_normal"), [100, 100])
    assert abs(plain.std() - 0.1) < 0.01


def test_orthogonal_initializer_makes_orthonormal_rows_or_columns(g):
    tall = _value(tf.orthogonal_initializer(), [6, 3])
    np.testing.assert_allclose(tall.T @ tall, np.eye(3), atol=1e-5)
    wide = _value(tf.orthogonal_initializer(gain=2.0), [3, 6])
    np.testing.assert_allclose(wide @ wide.T, 4 * np.eye(3), atol=1e-4)
    with pytest.raises(ValueError):
        tf.orthogonal_initializer()([3])


def test_bad_arguments_raise_value_errors():
    with pytest.raises(ValueError):
        tf.variance_scaling_initializer(scale=0.0)
    with pytest.raises(ValueError):
        tf.variance_scaling_initializer(mode="fan_sideways")
    with pytest.raises(ValueError):
        tf.variance_scaling_initializer(distribution="cauchy")
    with pytest.raises(ValueError, match="floating point"):
        tf.random_normal_initializer(dtype=tf.int32)
    with pytest.raises(ValueError):
        tf.initializers.identity()([2, 2, 2])


def _seeded_values(op_seed=None, graph_seed=None):
    with tf.Graph().as_default():
        if graph_seed is not None:
            tf.set_random_seed(graph_seed)
        v = tf.get_variable("v", [5], initializer=tf.random_uniform_initializer(seed=op_seed))
        first_session = tf.Session()
        first_session.run(v.initializer)
        a = first_session.run(v)
        first_session.run(v.initializer)  # the same op runs again: the next numbers of its sequence
        b = first_session.run(v)
        fresh = tf.Session()
        fresh.run(v.initializer)
        return a, b, fresh.run(v)


def test_seeded_initializers_repeat_per_session_and_across_graphs():
    a, b, c = _seeded_values(graph_seed=7)
    np.testing.assert_array_equal(a, c)
    assert not np.array_equal(a, b)
    x, _, _ = _seeded_values(op_seed=3)
    y, _, _ = _seeded_values(op_seed=3)
    np.testing.assert_array_equal(x, y)


def test_config_round_trip_and_namespace():
    init = tf.variance_scaling_initializer(scale=2.0, mode="fan_avg", seed=4)
    again = init_ops.VarianceScaling.from_config(init.get_config())
    assert again.get_config() == init.get_config()
    assert tf.initializers.zeros is tf.zeros_initializer and tf.initializers.glorot_uniform is tf.glorot_uniform_initializer
    assert tf.initializers.global_variables is tf.global_variables_initializer
