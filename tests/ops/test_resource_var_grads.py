"""Gradients through ReadVariableOp and ResourceGather equal the ref variable's, and optimizers update
resource variables through TF's Resource* ops with the ref variables' results."""
import numpy as np
import pytest

import tfsess as tf

W0 = (np.arange(12, dtype=np.float64).reshape(4, 3) - 5) / 7


def _gradient(use_resource, build):
    with tf.Graph().as_default():
        w = tf.Variable(W0, name="w", use_resource=use_resource)
        grad = tf.gradients(build(w), [w])[0]
        with tf.Session() as sess:
            sess.run(w.initializer)
            return grad, sess.run(grad)


def _loss_dense(w):
    return tf.reduce_sum(tf.sin(w) * w) + tf.reduce_sum(tf.matmul(w, tf.transpose(w)))


def _loss_gather(w):
    return tf.reduce_sum(tf.square(tf.gather(w, [3, 0, 3])) * 1.5)


def test_read_variable_gradient_equals_the_ref_variable_gradient():
    _, ref = _gradient(False, _loss_dense)
    _, res = _gradient(True, _loss_dense)
    np.testing.assert_array_equal(ref, res)


def test_resource_gather_gradient_is_indexed_slices_of_the_variable_shape():
    grad, res = _gradient(True, _loss_gather)
    assert isinstance(grad, tf.IndexedSlices)
    assert grad.values.op.type == "Reshape"
    np.testing.assert_array_equal(res.indices, [3, 0, 3])
    np.testing.assert_array_equal(res.dense_shape, [4, 3])
    _, ref = _gradient(False, _loss_gather)
    np.testing.assert_allclose(res.values, ref.values)


def test_gradient_matches_finite_differences():
    _, res = _gradient(True, _loss_dense)
    eps, numeric = 1e-6, np.zeros_like(W0)
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float64, W0.shape)
        loss = _loss_dense(p)
        with tf.Session() as sess:
            for idx in np.ndindex(*W0.shape):
                up, down = W0.copy(), W0.copy()
                up[idx] += eps
                down[idx] -= eps
                numeric[idx] = (sess.run(loss, {p: up}) - sess.run(loss, {p: down})) / (2 * eps)
    np.testing.assert_allclose(res, numeric, rtol=1e-6, atol=1e-8)


OPTIMIZERS = {
    "GradientDescent": lambda: tf.train.GradientDescentOptimizer(0.1),
    "Momentum": lambda: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
    "Adam": lambda: tf.train.AdamOptimizer(0.1),
    "Adagrad": lambda: tf.train.AdagradOptimizer(0.1),
    "Adadelta": lambda: tf.train.AdadeltaOptimizer(1.0),
    "RMSProp": lambda: tf.train.RMSPropOptimizer(0.1, momentum=0.3),
    "CenteredRMSProp": lambda: tf.train.RMSPropOptimizer(0.1, centered=True),
    "Ftrl": lambda: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01),
    "ProximalGradientDescent": lambda: tf.train.ProximalGradientDescentOptimizer(0.1, 0.01),
    "ProximalAdagrad": lambda: tf.train.ProximalAdagradOptimizer(0.1, l2_regularization_strength=0.01),
}


def _train(use_resource, make, sparse):
    with tf.Graph().as_default() as graph:
        w = tf.Variable(W0.astype(np.float32), name="w", use_resource=use_resource)
        loss = _loss_gather(w) if sparse else tf.reduce_sum(tf.square(w - 0.25))
        opt = make()
        train = opt.minimize(loss)
        updates = {op.type for op in graph.get_operations() if "Apply" in op.type or "Scatter" in op.type}
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                sess.run(train)
            return sess.run(w), updates, [type(v).__name__ for v in opt.variables()]


@pytest.mark.parametrize("sparse", [False, True], ids=["dense", "sparse"])
@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_optimizer_updates_resource_variables_as_ref_variables(name, sparse):
    ref, ref_updates, _ = _train(False, OPTIMIZERS[name], sparse)
    res, res_updates, slot_types = _train(True, OPTIMIZERS[name], sparse)
    np.testing.assert_array_equal(ref, res)
    assert res_updates and all(t.startswith("Resource") for t in res_updates), res_updates
    assert {"Resource" + t for t in ref_updates if t.startswith(("Apply", "SparseApply"))} <= res_updates
    assert set(slot_types) <= {"ResourceVariable"}
