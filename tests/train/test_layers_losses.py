"""tf.layers.dense/dropout/flatten and tf.losses: variable names, values, reductions, collections."""
import numpy as np
import pytest

import tfsess as tf


pytestmark = pytest.mark.usefixtures("fresh_graph")


def _init_run(fetches, feed=None):
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return sess.run(fetches, feed)


# --------------------------------------------------------------- layers
def test_dense_variables_ops_and_value(fresh_graph):
    x = tf.constant(np.arange(6, dtype=np.float32).reshape(2, 3))
    y = tf.layers.dense(x, 4, activation=tf.nn.relu, kernel_initializer=tf.ones_initializer(),
                        bias_initializer=tf.constant_initializer(-4.0))
    y2 = tf.layers.dense(y, 2)
    assert [v.name for v in tf.trainable_variables()] == ["dense/kernel:0", "dense/bias:0", "dense_1/kernel:0",
                                                          "dense_1/bias:0"]
    assert y.shape.as_list() == [2, 4] and y2.shape.as_list() == [2, 2]
    names = {op.name for op in fresh_graph.get_operations()}
    assert {"dense/MatMul", "dense/BiasAdd", "dense/Relu", "dense_1/MatMul"} <= names
    np.testing.assert_allclose(_init_run(y), [[0.0] * 4, [8.0] * 4])


def test_dense_default_initializers_reuse_and_trainable():
    x = tf.placeholder(tf.float32, [None, 5])
    tf.layers.dense(x, 3, name="fc")
    tf.layers.dense(x, 3, name="fc", reuse=True)
    tf.layers.dense(x, 3, name="frozen", trainable=False, use_bias=False)
    assert [v.name for v in tf.global_variables()] == ["fc/kernel:0", "fc/bias:0", "frozen/kernel:0"]
    assert [v.name for v in tf.trainable_variables()] == ["fc/kernel:0", "fc/bias:0"]
    kernel, bias = _init_run(tf.global_variables()[:2])
    limit = np.sqrt(6.0 / (5 + 3))  # glorot uniform
    assert np.all(np.abs(kernel) <= limit) and kernel.std() > 0
    np.testing.assert_array_equal(bias, np.zeros(3))


def test_dense_trains_with_an_optimizer():
    tf.set_random_seed(1)  # a fixed initial kernel: from some draws 30 steps fall short of a 4x drop
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    target = tf.constant([[1.0], [2.0]])
    loss = tf.losses.mean_squared_error(target, tf.layers.dense(x, 1))
    train = tf.train.GradientDescentOptimizer(0.05).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    first = sess.run(loss)
    for _ in range(30):
        sess.run(train)
    assert sess.run(loss) < first / 4


def test_dense_rejects_unknown_last_dimension():
    with pytest.raises(ValueError, match="last dimension"):
        tf.layers.dense(tf.placeholder(tf.float32, [None, None]), 2)


def test_dropout_and_flatten():
    x = tf.ones([4, 2, 3])
    kept = tf.layers.dropout(x, rate=0.5, training=False)
    flat = tf.layers.flatten(x)
    assert flat.shape.as_list() == [4, 6]
    out_kept, out_flat = _init_run([kept, flat])
    np.testing.assert_array_equal(out_kept, np.ones([4, 2, 3]))
    np.testing.assert_array_equal(out_flat, np.ones([4, 6]))
    dropped = _init_run(tf.layers.dropout(tf.ones([1000]), rate=0.5, training=True, seed=1))
    assert set(np.unique(dropped)) <= {0.0, 2.0} and 300 < np.count_nonzero(dropped) < 700


# --------------------------------------------------------------- losses
def test_mean_squared_error_reductions_and_collection():
    labels = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    preds = tf.constant([[1.5, 2.0], [1.0, 5.0]])
    squared = np.array([[0.25, 0.0], [4.0, 1.0]])
    mse = tf.losses.mean_squared_error(labels, preds)
    weights = tf.constant([[1.0, 0.0], [2.0, 0.0]])
    weighted = tf.losses.mean_squared_error(labels, preds, weights=weights)
    summed = tf.losses.mean_squared_error(labels, preds, reduction=tf.losses.Reduction.SUM)
    none = tf.losses.mean_squared_error(labels, preds, reduction=tf.losses.Reduction.NONE)
    got = _init_run([mse, weighted, summed, none])
    np.testing.assert_allclose(got[0], squared.mean(), rtol=1e-6)
    np.testing.assert_allclose(got[1], (0.25 + 8.0) / 2, rtol=1e-6)  # SUM_BY_NONZERO_WEIGHTS
    np.testing.assert_allclose(got[2], squared.sum(), rtol=1e-6)
    np.testing.assert_allclose(got[3], squared, rtol=1e-6)
    assert tf.losses.get_losses() == [mse, weighted, summed, none]
    assert mse.op.name.startswith("mean_squared_error/")
    with pytest.raises(ValueError, match="Invalid Reduction Key"):
        tf.losses.mean_squared_error(labels, preds, reduction="bogus")
    with pytest.raises(ValueError, match="can not be broadcast"):
        tf.losses.mean_squared_error(labels, preds, weights=tf.constant([1.0, 2.0, 3.0]))


def test_all_zero_weights_give_zero_loss():
    loss = tf.losses.mean_squared_error([1.0, 2.0], [3.0, 4.0], weights=0.0)
    assert _init_run(loss) == 0.0


def _softmax_xent(labels, logits):
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return -(labels * log_p).sum(axis=1)


def test_softmax_cross_entropy_with_smoothing():
    logits = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]], np.float32)
    onehot = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]], np.float32)
    plain = tf.losses.softmax_cross_entropy(onehot, logits)
    smooth = tf.losses.softmax_cross_entropy(onehot, logits, label_smoothing=0.3)
    got_plain, got_smooth = _init_run([plain, smooth])
    np.testing.assert_allclose(got_plain, _softmax_xent(onehot, logits).mean(), rtol=1e-5)
    np.testing.assert_allclose(got_smooth, _softmax_xent(onehot * 0.7 + 0.1, logits).mean(), rtol=1e-5)
    assert plain.op.name.startswith("softmax_cross_entropy_loss/")


def test_sparse_and_sigmoid_cross_entropy():
    logits = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]], np.float32)
    sparse = tf.losses.sparse_softmax_cross_entropy([1, 2], logits, weights=[1.0, 3.0])
    expected = _softmax_xent(np.eye(3)[[1, 2]], logits)
    np.testing.assert_allclose(_init_run(sparse), (expected[0] + 3 * expected[1]) / 2, rtol=1e-5)
    z = np.array([[0.5, -1.0]], np.float32)
    y = np.array([[1.0, 0.0]], np.float32)
    sig = tf.losses.sigmoid_cross_entropy(y, z)
    ref = np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))
    np.testing.assert_allclose(_init_run(sig), ref.mean(), rtol=1e-5)


def test_total_loss_adds_regularization():
    tf.losses.add_loss(tf.constant(2.0))
    tf.add_to_collection(tf.GraphKeys.REGULARIZATION_LOSSES, tf.constant(0.5))
    assert _init_run(tf.losses.get_total_loss()) == 2.5
    assert _init_run(tf.losses.get_total_loss(add_regularization_losses=False)) == 2.0
    assert _init_run(tf.losses.get_regularization_loss()) == 0.5


def test_dense_kernel_regularizer_feeds_the_total_loss():
    x = tf.ones([2, 3])
    y = tf.layers.dense(x, 2, kernel_initializer=tf.ones_initializer(),
                        kernel_regularizer=lambda w: 0.5 * tf.reduce_sum(w * w))
    tf.losses.add_loss(tf.reduce_sum(y))
    assert len(tf.losses.get_regularization_losses()) == 1
    assert _init_run(tf.losses.get_total_loss()) == 12.0 + 3.0
