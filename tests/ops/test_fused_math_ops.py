"""The op types TF fuses: built as TF builds them, read back from graphs, their gradients' op types."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.ops import fused_math_ops


def test_prevent_gradient_passes_values_and_refuses_gradients(fresh_graph):
    x = tf.constant([1.0, 2.0])
    y = fused_math_ops.prevent_gradient(x, message="not this one")
    assert y.op.type == "PreventGradient"
    with tf.Session() as sess:
        assert sess.run(y).tolist() == [1.0, 2.0]
    with pytest.raises(LookupError, match="Gradient explicitly disabled. Reason: not this one"):
        tf.gradients(tf.reduce_sum(y), x)


def test_gradients_use_tf_op_types(fresh_graph):
    x = tf.constant([0.5, 2.0])
    types = {f.__name__: tf.gradients(tf.reduce_sum(f(x)), x)[0].op.type for f in (tf.sqrt, tf.rsqrt, tf.reciprocal)}
    assert types == {"sqrt": "SqrtGrad", "rsqrt": "RsqrtGrad", "reciprocal": "ReciprocalGrad"}


def test_xlogy_is_zero_where_x_is_zero_even_for_bad_y(fresh_graph):
    x = tf.constant([0.0, 0.0, 2.0])
    y = tf.constant([0.0, np.inf, np.e])
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(tf.math.xlogy(x, y)), [0.0, 0.0, 2.0])
        np.testing.assert_allclose(sess.run(tf.math.xdivy(x, y)), [0.0, 0.0, 2.0 / np.e], rtol=1e-6)
