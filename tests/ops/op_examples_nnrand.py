"""Examples for approximate top-k, counting into sparse outputs, volume patches, fractional pooling and
the random generators' op types."""
import numpy as np

from op_examples import Built, builder, plain

EXAMPLES = {}


def _parts(*sparse):
    return [t for s in sparse for t in (s.indices, s.values, s.dense_shape)]


ROWS = np.array([[3.0, 1.0, 4.0, 1.0, 5.0], [9.0, 2.0, 6.0, 5.0, 3.0]], np.float32)
COUNTS = np.array([[1, 2, 2, 7], [0, 5, 1, 1]], np.int32)
VOLUME = np.arange(2 * 3 * 4 * 3 * 2, dtype=np.float32).reshape(2, 3, 4, 3, 2) / 10.0

EXAMPLES["ApproxTopK"] = plain(lambda tf, x: list(tf.math.approx_max_k(x, 2)), ROWS, variants=False)
EXAMPLES["DenseCountSparseOutput"] = plain(
    lambda tf, v: _parts(tf.sparse.bincount(v, axis=-1, minlength=9), tf.sparse.bincount(v)), COUNTS)


def _sparse_count(tf, tmp):
    values = tf.SparseTensor([[0, 0], [0, 3], [2, 1], [2, 2]], [3, 1, 3, 0], [4, 5])
    weights = tf.SparseTensor([[0, 0], [0, 3], [2, 1], [2, 2]], [0.5, 1.0, 2.0, 4.0], [4, 5])
    return _parts(tf.sparse.bincount(values, axis=-1), tf.sparse.bincount(values, weights=weights, axis=-1))


EXAMPLES["SparseCountSparseOutput"] = builder(_sparse_count)
EXAMPLES["ExtractVolumePatches"] = plain(
    lambda tf, x: [tf.extract_volume_patches(x, [1, 2, 2, 2, 1], [1, 1, 2, 1, 1], "SAME"),
                   tf.extract_volume_patches(x, [1, 1, 3, 2, 1], [1, 2, 1, 1, 1], "VALID")], VOLUME)

POOL_IN = np.arange(2 * 7 * 6 * 2, dtype=np.float32).reshape(2, 7, 6, 2) % 11 / 4.0


def _fractional(tf, fn, x, **kw):
    return list(fn(x, [1, 1.5, 1.4, 1], deterministic=True, seed=3, seed2=4, **kw))


EXAMPLES["FractionalMaxPool"] = plain(lambda tf, x: _fractional(tf, tf.nn.fractional_max_pool, x)
                                      + _fractional(tf, tf.nn.fractional_max_pool, x, pseudo_random=True,
                                                    overlapping=True), POOL_IN)
EXAMPLES["FractionalAvgPool"] = plain(lambda tf, x: _fractional(tf, tf.nn.fractional_avg_pool, x)
                                      + _fractional(tf, tf.nn.fractional_avg_pool, x, pseudo_random=True,
                                                    overlapping=True), POOL_IN)


def _fractional_grads(tf, tmp):
    x = tf.constant(POOL_IN)
    y = _fractional(tf, tf.nn.fractional_max_pool, x, overlapping=True)[0]
    z = _fractional(tf, tf.nn.fractional_avg_pool, x, pseudo_random=True)[0]
    return tf.gradients(tf.reduce_sum(y * y) + tf.reduce_sum(z * z), x)


EXAMPLES["FractionalMaxPoolGrad"] = builder(_fractional_grads)
EXAMPLES["FractionalAvgPoolGrad"] = builder(_fractional_grads)


# ------------------------------------------------------------------ tf.random.Generator
def _skips(tf, tmp):
    g = tf.random.Generator.from_seed(1234)
    g.normal([2, 3])
    g.uniform([4], 0, 10, dtype=tf.int32)
    return Built(fetch=[g.skip(5)], setup=[g.state.initializer])


def _binomial(tf, tmp):
    g = tf.random.Generator.from_seed(1234)
    return Built(fetch=[g.binomial([4, 3], counts=[10.0, 50.0, 5.0], probs=[0.5, 0.3, 0.9]),
                        g.binomial([2], counts=5.0, probs=0.5, dtype=tf.float32)], setup=[g.state.initializer])


def _non_deterministic(tf, tmp):
    g = tf.random.Generator.from_non_deterministic_state()
    return Built(fetch=[g.state.initializer.inputs[1]])


EXAMPLES["RngReadAndSkip"] = builder(_skips)
EXAMPLES["StatefulRandomBinomial"] = builder(_binomial)
EXAMPLES["NonDeterministicInts"] = builder(_non_deterministic)
EXAMPLES["RandomIndexShuffle"] = plain(
    lambda tf, i: [tf.random.experimental.index_shuffle(i, [5, 9], 9),
                   tf.random.experimental.index_shuffle(tf.constant(3, tf.int64), [1, 2], 100000)],
    np.arange(10, dtype=np.int32), variants=False)
EXAMPLES["StatelessShuffle"] = plain(
    lambda tf, x: [tf.random.experimental.stateless_shuffle(x, [3, 4]),
                   tf.random.experimental.stateless_shuffle(x[0], [1, 2])], COUNTS.astype(np.float32))
EXAMPLES["Conv"] = plain(
    lambda tf, x: [tf.conv(x, tf.ones([2, 2, 2, 3], x.dtype), strides=[1, 1, 1, 1], padding="SAME"),
                   tf.conv(x, tf.ones([3, 2, 2, 1], x.dtype), strides=[1, 2, 1, 1], padding="EXPLICIT",
                           explicit_paddings=[0, 0, 1, 1, 0, 2, 0, 0]),
                   tf.conv(tf.reshape(x, [2, 1, 7, 6, 2]), tf.ones([2, 2, 2, 3], x.dtype), strides=[1, 1, 2, 1],
                           padding="VALID", batch_dims=2)],
    POOL_IN)
