"""Loss scaling: the scaled loss, unscaled gradients, skipped steps and the dynamic scale's updates."""
import numpy as np
import pytest

import tfsess as tf


def _program(loss_scale, base=None):
    x = tf.placeholder(tf.float32, [])
    w = tf.Variable([1.0, 2.0], name="w")
    opt = tf.train.experimental.MixedPrecisionLossScaleOptimizer(base or tf.train.GradientDescentOptimizer(0.1),
                                                                 loss_scale)
    step = tf.train.get_or_create_global_step()
    grads_and_vars = opt.compute_gradients(tf.reduce_sum(w * w) * x)
    return x, w, step, opt, grads_and_vars, opt.apply_gradients(grads_and_vars, global_step=step)


def test_gradients_are_unscaled_and_non_finite_steps_skipped(g):
    scale = tf.mixed_precision.experimental.DynamicLossScale(initial_loss_scale=8.0, increment_period=2)
    x, w, step, opt, grads_and_vars, train = _program(scale)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(grads_and_vars[0][0], {x: 1.0}), [2.0, 4.0])
        history = []
        for value in [1.0, np.inf, 1.0, 1.0, np.nan]:
            sess.run(train, {x: value})
            history.append((sess.run(scale()), sess.run(step)))
        assert history == [(8.0, 1), (4.0, 1), (4.0, 2), (8.0, 3), (4.0, 3)]
        np.testing.assert_allclose(sess.run(w), [0.512, 1.024], rtol=1e-6)
    assert [v.name for v in opt.variables()] == ["current_loss_scale:0", "good_steps:0"]


def test_dynamic_scale_never_drops_below_one(g):
    scale = tf.train.experimental.DynamicLossScale(initial_loss_scale=2.0, increment_period=10, multiplier=4.0)
    x, w, _, _, _, train = _program(scale)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(3):
            sess.run(train, {x: np.inf})
        assert sess.run(scale()) == 1.0
        np.testing.assert_array_equal(sess.run(w), [1.0, 2.0])


def test_fixed_scale_scales_the_loss_only_in_between(g):
    x, w, step, opt, grads_and_vars, train = _program(128)
    assert isinstance(opt._loss_scale, tf.mixed_precision.FixedLossScale)
    assert repr(opt._loss_scale) == "FixedLossScale(128.0)"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(grads_and_vars[0][0], {x: 2.0}), [4.0, 8.0])
        sess.run(train, {x: 1.0})
        np.testing.assert_allclose(sess.run(w), [0.8, 1.6], rtol=1e-6)
        assert sess.run(step) == 1


def test_bad_arguments():
    with pytest.raises(ValueError, match="at least 1"):
        tf.train.experimental.FixedLossScale(0.5)
    with pytest.raises(ValueError, match="int or float"):
        tf.train.experimental.FixedLossScale("2")
    with pytest.raises(ValueError, match="instance of Optimizer"):
        tf.train.experimental.MixedPrecisionLossScaleOptimizer("sgd", 2)
    with pytest.raises(ValueError, match="Could not interpret"):
        tf.train.experimental.MixedPrecisionLossScaleOptimizer(tf.train.GradientDescentOptimizer(0.1), [2])
    assert tf.train.experimental.FixedLossScale.from_config({"loss_scale_value": 3}).get_config() == \
        {"loss_scale_value": 3.0}
