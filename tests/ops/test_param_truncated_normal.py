"""tf.random.stateless_parameterized_truncated_normal: TF 2.21's bits for each of its three samplers."""
import numpy as np
import pytest

import tfsess as tf

f = None


@pytest.fixture(autouse=True)
def _graph():
    global f
    tf.reset_default_graph()
    f = tf.random.stateless_parameterized_truncated_normal


def _run(t):
    with tf.Session() as sess:
        return sess.run(t)


def test_each_sampler_gives_tfs_values():
    randn = _run(f([3, 4], [3, 4], means=[0.0, 1.0, 2.0, 3.0], minvals=-3.0, maxvals=[3.0, 4.0, 5.0, 6.0]))
    uniform = _run(f([5, 2], [5, 6], minvals=[0.1, 1.0], maxvals=[0.3, 1.2]))
    exponential = _run(f([6], [7, 8], minvals=2.5, maxvals=np.inf))
    np.testing.assert_array_equal(randn[0], np.float32([-0.17393383383750916, 0.38467538356781006, 1.89710533618927,
                                                        4.781617164611816]))  # TF 2.21's values
    np.testing.assert_array_equal(uniform[0], np.float32([0.20240125060081482, 1.1874452829360962]))
    np.testing.assert_array_equal(exponential[:2], np.float32([3.616015911102295, 2.8068113327026367]))
    assert (uniform[:, 0] >= 0.1).all() and (uniform[:, 0] <= 0.3).all() and (exponential >= 2.5).all()


def test_double_and_half_and_the_flipped_tail():
    f64 = _run(f([5], [9, 10], means=tf.constant(0.0, tf.float64), stddevs=tf.constant(1.0, tf.float64),
                 minvals=tf.constant(0.5, tf.float64), maxvals=tf.constant(0.6, tf.float64)))
    f16 = _run(f([6], [1, 3], means=tf.constant(0.0, tf.float16), stddevs=tf.constant(1.0, tf.float16),
                 minvals=tf.constant(-1.0, tf.float16), maxvals=tf.constant(1.0, tf.float16)))
    tail = _run(f([6], [7, 8], stddevs=2.0, minvals=-np.inf, maxvals=-3.0))
    assert f64.dtype == np.float64 and f64[0] == 0.5289204930383683
    np.testing.assert_array_equal(f16, np.float16([0.576171875, 0.50390625, -0.421875, -0.013671875, -0.30078125,
                                                   0.3515625]))
    assert tail[0] == np.float32(-6.181516647338867) and (tail <= -3.0).all()


def test_large_outputs_split_as_tfs_shards():
    values = _run(f([2000], [2, 2], minvals=-0.5, maxvals=0.5))
    assert values[250] == np.float32(-0.42011141777038574) and values[1999] == np.float32(0.2501993179321289)  # the second shard's stream
    np.testing.assert_array_equal(values[:3], np.float32([0.45898139476776123, 0.3634023666381836,
                                                          -0.26390206813812256]))


def test_errors_and_graph():
    t = f([2, 3], [1, 2])
    assert t.op.type == "StatelessParameterizedTruncatedNormal" and t.shape.as_list() == [2, 3]
    assert t.op.name == "stateless_parameterized_truncated_normal/StatelessParameterizedTruncatedNormal"
    with pytest.raises(ValueError, match="Dimension must be 2 but is 3"):
        f([3], [1, 2, 3])
    with tf.Session() as sess:
        for bad, message in ((f([3], [1, 2], stddevs=0.0), "Invalid parameters"),
                             (f([3], [1, 2], minvals=1.0, maxvals=0.0), "Invalid parameters"),
                             (f([3, 2], [1, 2], means=[1.0, 2.0, 3.0]), "must end with broadcasted shape")):
            with pytest.raises(tf.errors.InvalidArgumentError, match=message):
                sess.run(bad)
