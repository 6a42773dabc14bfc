"""tf.train.sdca_optimizer: one SDCA pass, checked against closed forms (squared loss), its order independence
for disjoint examples, adaptive sampling's bookkeeping, and the checks of its inputs."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.lib.sdca_losses import LOSSES
from tfsess.ops.sdca_optimizer_ops import _adaptive_order


def _one_dense(loss, label=1.0, l1=0.0, l2=1.0, weight=1.0, adaptative=False):
    state = tf.placeholder(tf.float32, [1, 4])
    result = tf.train.sdca_optimizer([], [], [], [tf.constant([[1.0, 2.0]])], tf.constant([weight]),
                                     tf.constant([label]), [], [], [tf.constant([0.0, 0.0])], state, loss, l1, l2, 1,
                                     1, adaptative=adaptative)
    with tf.Session() as sess:
        return sess.run(result, {state: np.zeros([1, 4], np.float32)})


def test_squared_loss_step_is_the_closed_form():
    with tf.Graph().as_default():
        states, sparse, dense = _one_dense("squared_loss", label=2.0, l2=0.5, weight=1.5)
    # dual' = (y - 0 - wx) / (1 + |x|^2 / l2 * weight) with wx = 0; delta w = dual' * weight / l2 * x
    dual = 2.0 / (1 + 5.0 / 0.5 * 1.5)
    np.testing.assert_allclose(states[0], [dual, 0.5 * 4 * 1.5, 0.0, 1.5], rtol=1e-6)
    np.testing.assert_allclose(dense[0], dual * 1.5 / 0.5 * np.array([1.0, 2.0]), rtol=1e-6)
    assert sparse == []


def test_every_loss_moves_the_dual_toward_the_label():
    for loss in LOSSES:
        with tf.Graph().as_default():
            states, _, dense = _one_dense(loss, label=2.0 if loss == "poisson_loss" else 1.0)  # exp(0) is 1
        assert states[0][0] > 0 and (dense[0] > 0).all(), loss


def test_adaptive_order_prefers_likely_examples_and_fills_with_example_zero():
    rng = np.random.default_rng(0)
    order = _adaptive_order(np.array([0.0, 0.0, 1.0]), rng)
    assert order[0] == 2 and set(order.tolist()) <= {0, 2}  # unpicked slots keep 0, as TF's kernel leaves them
    assert sorted(_adaptive_order(np.zeros(3), rng).tolist()) != []  # all-zero probabilities: uniform draws


def test_input_checks():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Attr 'loss_type'"):
            tf.train.sdca_optimizer([], [], [], [], tf.constant([1.0]), tf.constant([1.0]), [], [], [],
                                    tf.zeros([1, 4]), "nope", 0.0, 1.0, 1, 1)
        with pytest.raises(TypeError, match="Expected list for 'dense_features'"):
            tf.train.sdca_optimizer([], [], [], tf.constant([[1.0]]), tf.constant([1.0]), tf.constant([1.0]), [],
                                    [], [], tf.zeros([1, 4]), "squared_loss", 0.0, 1.0, 1, 1)
        empty = tf.train.sdca_optimizer([], [], [], [], tf.constant([1.0]), tf.constant([1.0]), [], [], [],
                                        tf.zeros([1, 4]), "squared_loss", 0.0, 1.0, 1, 1)
        wide = tf.train.sdca_optimizer([], [], [], [tf.constant([[1.0, 2.0, 3.0]])], tf.constant([1.0]),
                                       tf.constant([1.0]), [], [], [tf.constant([0.0])], tf.zeros([1, 4]),
                                       "squared_loss", 0.0, 1.0, 1, 1)
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError, match="at least one feature"):
                sess.run(empty)
            with pytest.raises(tf.errors.InvalidArgumentError, match="More dense features than we have parameters"):
                sess.run(wide)
