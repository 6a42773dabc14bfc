"""FTRL, proximal and Adagrad-DA optimizers against NumPy transcriptions of their update rules."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.ops import regularized_training_ops

W0 = np.array([[1.0, -2.0], [0.5, 0.3]])
G = np.array([[0.4, -1.0], [2.0, 0.1]])  # the gradient of sum(w * G)


def _run(make, steps=3, sparse=False, dtype=np.float64):
    g = tf.Graph()
    with g.as_default():
        step = tf.train.get_or_create_global_step()
        w = tf.Variable(W0.astype(dtype), name="w")
        used = tf.gather(w, [0, 1]) if sparse else w
        opt = make(step)
        train = opt.minimize(tf.reduce_sum(used * G.astype(dtype)), global_step=step)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(steps):
                sess.run(train)
            slots = {n: sess.run(opt.get_slot(w, n)) for n in opt.get_slot_names()}
            return sess.run(w), slots, sorted(v.op.name for v in tf.global_variables())


def _ftrl_reference(lr, l1, l2, steps, init=0.1):
    w, n, z = W0.copy(), np.full_like(W0, init), np.zeros_like(W0)
    for _ in range(steps):
        new_n = n + G * G
        z = z + G - (np.sqrt(new_n) - np.sqrt(n)) / lr * w
        n = new_n
        w = np.where(np.abs(z) > l1, (l1 * np.sign(z) - z) / (np.sqrt(n) / lr + 2 * l2), 0.0)
    return w, n, z


@pytest.mark.parametrize("sparse", [False, True])
def test_ftrl_matches_the_reference_and_names_its_slots(sparse):
    w, slots, names = _run(lambda s: tf.train.FtrlOptimizer(0.5, l1_regularization_strength=0.5,
                                                            l2_regularization_strength=0.125), sparse=sparse)
    ref_w, ref_n, ref_z = _ftrl_reference(0.5, 0.5, 0.125, 3)
    np.testing.assert_allclose(w, ref_w, rtol=1e-12)
    np.testing.assert_allclose(slots["accum"], ref_n, rtol=1e-12)
    np.testing.assert_allclose(slots["linear"], ref_z, rtol=1e-12)
    assert names == ["global_step", "w", "w/Ftrl", "w/Ftrl_1"]
    assert np.any(w == 0.0)  # L1 zeroes the small coordinates


def test_proximal_gradient_descent_soft_thresholds():
    w, _, _ = _run(lambda s: tf.train.ProximalGradientDescentOptimizer(0.125, 0.5, 0.25), steps=1,
                   dtype=np.float32)  # its hyperparameters are float32 tensors, as in TF
    prox = W0 - 0.125 * G
    np.testing.assert_allclose(w, np.sign(prox) * np.maximum(np.abs(prox) - 0.0625, 0) / (1 + 0.03125), rtol=1e-6)


@pytest.mark.parametrize("sparse", [False, True])
def test_proximal_adagrad(sparse):
    w, slots, names = _run(lambda s: tf.train.ProximalAdagradOptimizer(0.125, l1_regularization_strength=0.5),
                           steps=1, sparse=sparse, dtype=np.float32)
    acc = 0.1 + G * G
    rate = 0.125 / np.sqrt(acc)
    prox = W0 - rate * G
    np.testing.assert_allclose(w, np.sign(prox) * np.maximum(np.abs(prox) - rate * 0.5, 0), rtol=1e-6)
    np.testing.assert_allclose(slots["accumulator"], acc, rtol=1e-6)
    assert names == ["global_step", "w", "w/ProximalAdagrad"]


@pytest.mark.parametrize("sparse", [False, True])
def test_adagrad_da_uses_the_next_global_step(sparse):
    w, slots, names = _run(lambda s: tf.train.AdagradDAOptimizer(0.25, s, l2_regularization_strength=0.125),
                           steps=2, sparse=sparse)
    g_acc, gg_acc = 2 * G, 0.1 + 2 * G * G
    np.testing.assert_allclose(w, -0.25 * g_acc / (0.125 * 2 * 0.25 + np.sqrt(gg_acc)), rtol=1e-12)
    np.testing.assert_allclose(slots["gradient_accumulator"], g_acc)
    assert names == ["global_step", "w", "w/AdagradDA", "w/AdagradDA_1"]


def test_invalid_hyperparameters_raise_value_error():
    with pytest.raises(ValueError, match="learning_rate_power 0.500000 needs to be negative or zero"):
        tf.train.FtrlOptimizer(0.1, learning_rate_power=0.5)
    with pytest.raises(ValueError, match="initial_accumulator_value must be positive"):
        tf.train.ProximalAdagradOptimizer(0.1, initial_accumulator_value=0.0)
    with pytest.raises(ValueError, match="initial_gradient_squared_accumulator_value must be positive"):
        tf.train.AdagradDAOptimizer(0.1, None, initial_gradient_squared_accumulator_value=-1.0)


def test_a_hyperparameter_of_another_dtype_is_a_type_error_naming_the_op():
    with tf.Graph().as_default():
        w = tf.Variable(np.ones(3), name="w")
        with pytest.raises(TypeError, match="'alpha' of 'ApplyProximalGradientDescent' Op has type float32"):
            tf.train.ProximalGradientDescentOptimizer(0.2).minimize(tf.reduce_sum(w * w))


def test_sparse_index_out_of_range_is_an_invalid_argument_error_and_the_session_survives():
    with tf.Graph().as_default():
        w = tf.Variable(np.ones((2, 2), np.float32), name="w")
        acc = tf.Variable(np.ones((2, 2), np.float32), name="acc")
        bad = regularized_training_ops.sparse_apply_proximal_adagrad(w, acc, 0.1, 0.0, 0.0, np.ones((1, 2), np.float32), [5])
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            with pytest.raises(tf.errors.InvalidArgumentError, match="Index 5 at offset 0 in indices is out of range"):
                sess.run(bad)
            np.testing.assert_array_equal(sess.run(w), np.ones((2, 2)))
