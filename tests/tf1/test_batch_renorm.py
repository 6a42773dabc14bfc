"""tf.layers.batch_normalization(renorm=True): variables, corrections and updates as TF's legacy layer."""
import numpy as np
import pytest

import tfsess as tf

X = (np.random.RandomState(0).randn(8, 3) * 2 + 1).astype(np.float32)
# TF 2.21 (legacy tf.layers) after three steps of the training loop below
TF_OUTPUT = [[19.689865, 32.518345, 292.22668], [27.554943, 168.98991, -25.11512]]
TF_STATE = {"moving_mean": [2.99388, 2.06626, 0.60157], "moving_stddev": [1.9035, 2.2543, 2.96797],
            "moving_variance": [3.6223, 5.08085, 8.80785], "renorm_mean": [1.60264, 1.10608, 0.32202],
            "renorm_stddev": [1.47388, 1.66166, 2.0437], "gamma": [-23.70275, -384.29077, -1479.27185]}


def test_renorm_training_matches_tf(g):
    inputs = tf.placeholder(tf.float32, [None, 3])
    y = tf.layers.batch_normalization(inputs, training=True, renorm=True, momentum=0.8, renorm_momentum=0.9,
                                      renorm_clipping={"rmax": 1.5, "rmin": 0.7, "dmax": 0.5})
    loss = tf.reduce_sum(y * y * tf.constant([1.0, 2.0, 3.0]))
    with tf.control_dependencies(tf.get_collection(tf.GraphKeys.UPDATE_OPS)):
        train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    names = sorted(v.op.name for v in tf.global_variables())
    assert names == ["batch_normalization/" + n for n in ("beta", "gamma", "moving_mean", "moving_stddev",
                                                          "moving_variance", "renorm_mean", "renorm_stddev")]
    assert sorted(v.op.name for v in tf.trainable_variables()) == names[:2]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(3):
            out, _ = sess.run([y, train], {inputs: X * (step + 1)})
        state = {v.op.name.split("/")[1]: sess.run(v) for v in tf.global_variables()}
    np.testing.assert_allclose(out[:2], TF_OUTPUT, rtol=1e-4)
    for name, want in TF_STATE.items():
        np.testing.assert_allclose(state[name], want, rtol=1e-4, atol=1e-4)


def test_renorm_with_a_training_tensor(g):
    inputs, training = tf.placeholder(tf.float32, [None, 3]), tf.placeholder(tf.bool, [])
    y = tf.layers.batch_normalization(inputs, training=training, renorm=True)
    updates = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        moving = [v for v in tf.global_variables() if "moving_variance" in v.name][0]
        before = sess.run(moving)
        inference, _ = sess.run([y, updates], {inputs: X, training: False})
        np.testing.assert_array_equal(sess.run(moving), before)  # no training, no update
        np.testing.assert_allclose(inference, X / np.sqrt(1 + 1e-3), rtol=1e-5)
        trained = sess.run(y, {inputs: X, training: True})
    # at the start renorm_mean = 0 and renorm_stddev = 1, so r = batch stddev and d = batch mean: the
    # correction undoes the normalization and (gamma 1, beta 0) the layer returns its input
    np.testing.assert_allclose(trained, X, rtol=1e-4, atol=1e-4)


def test_renorm_argument_errors(g):
    x = tf.constant(X)
    # TF's legacy (v1) layer turns `fused` off where it cannot fuse, renorm included: no error
    y = tf.layers.batch_normalization(tf.zeros([2, 2, 2, 3]), renorm=True, fused=True, name="renorm_fused")
    assert y.shape.as_list() == [2, 2, 2, 3]
    assert "FusedBatchNormV3" not in {op.type for op in tf.get_default_graph().get_operations()}
    with pytest.raises(ValueError, match="invalid keys for `renorm_clipping`"):
        tf.layers.batch_normalization(x, renorm=True, renorm_clipping={"rmid": 1.0})


def test_renorm_never_fuses(g):
    images = tf.placeholder(tf.float32, [2, 4, 4, 3])
    tf.layers.batch_normalization(images, training=True, renorm=True)
    assert not any(op.type.startswith("FusedBatchNorm") for op in g.get_operations())
