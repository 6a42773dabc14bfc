"""tf.random.stateless_*: TF 2.21's values for a seed (Philox), shapes, dtypes and errors."""
import numpy as np
import pytest

import tfsess as tf


@pytest.fixture
def sess():
    with tf.Graph().as_default():
        with tf.Session() as s:
            yield s


def test_uniform_is_tf_bits(sess):
    out = sess.run(tf.random.stateless_uniform([5], seed=[1, 2]))
    assert out.tolist() == np.float32([0.8440604209899902, 0.19204533100128174, 0.9962232112884521,
                                       0.16038739681243896, 0.27199018001556396]).tolist()
    wide = sess.run(tf.random.stateless_uniform([3], seed=tf.constant([1, 2], tf.int64), dtype=tf.float64))
    assert wide.tolist() == [0.7524837538451801, 0.9697857725627486, 0.17592233912897481]
    ints = sess.run(tf.random.stateless_uniform([3], seed=[1, 2], minval=0, maxval=10, dtype=tf.int32))
    assert ints.tolist() == [0, 9, 4]
    again = sess.run(tf.random.stateless_uniform([5], seed=[1, 2]))
    assert again.tolist() == out.tolist()  # stateless: the same every run


def test_normal_and_truncated_normal(sess):
    normal = sess.run(tf.random.stateless_normal([5], seed=[1, 2]))
    np.testing.assert_allclose(normal, [0.544110119342804, 0.20738030970096588, 0.0735643208026886,
                                        0.04643455147743225, -1.301589846611023], rtol=0, atol=3e-7)
    truncated = sess.run(tf.random.stateless_truncated_normal([6], seed=[1, 2]))
    np.testing.assert_allclose(truncated[4:], [0.16820591688156128, -1.6850333213806152], rtol=0, atol=5e-7)
    many = sess.run(tf.random.stateless_truncated_normal([1000], seed=[3, 4], dtype=tf.float64))
    assert many.dtype == np.float64 and np.abs(many).max() < 2.0
    shifted = sess.run(tf.random.stateless_normal([3], seed=[1, 2], dtype=tf.float64, mean=1.0, stddev=2.0))
    assert shifted.dtype == np.float64 and shifted.shape == (3,)


def test_graph_and_errors(sess):
    x = tf.random.stateless_uniform([2, 3], seed=[1, 2])
    assert x.shape.as_list() == [2, 3] and x.dtype == tf.float32
    assert {op.type for op in tf.get_default_graph().get_operations()} >= {"StatelessRandomGetKeyCounter",
                                                                          "StatelessRandomUniformV2"}
    with pytest.raises(ValueError, match="must be both None or not None"):
        tf.random.stateless_uniform([2], seed=[1, 2], dtype=tf.int32)
    seed = tf.placeholder(tf.int32, [None])
    with pytest.raises(tf.errors.InvalidArgumentError, match="seed must have shape"):
        sess.run(tf.random.stateless_uniform([2], seed=seed), {seed: [1, 2, 3]})
    assert sess.run(tf.random.stateless_uniform([0], seed=[1, 2])).shape == (0,)
