"""tf.train.ExponentialMovingAverage (values and names from TF 2.21)."""
import numpy as np
import pytest

import tfsess as tf


def test_zero_debiased_tensor_average():
    with tf.Graph().as_default():
        tf.Variable(0.0)
        t = tf.constant(4.0)
        ema = tf.train.ExponentialMovingAverage(0.5, zero_debias=True)
        apply = ema.apply([t])
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(apply)
        assert sess.run(ema.average(t)) == 4.0  # debiased: no pull toward the zero start
        sess.run(apply)
        assert sess.run(ema.average(t)) == 4.0
        names = [v.op.name for v in tf.global_variables()][1:]
        base = t.op.name + "/ExponentialMovingAverage"
        assert names == [base, base + "/biased", base + "/local_step"]


def test_decay_tensor_and_errors():
    with tf.Graph().as_default():
        v = tf.Variable([2.0, 4.0], name="v")
        decay = tf.placeholder(tf.float32, [])
        ema = tf.train.ExponentialMovingAverage(decay)
        apply = ema.apply([v])
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(v.assign([4.0, 0.0]))
        sess.run(apply, {decay: 0.75})
        np.testing.assert_allclose(sess.run(ema.average(v)), [2.5, 3.0])
        assert ema.average_name(tf.Variable(1.0, name="other")) == "other/ExponentialMovingAverage"
        with pytest.raises(TypeError, match="half, float, or double"):
            ema.apply([tf.Variable(1, name="i")])
