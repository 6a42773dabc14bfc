"""shuffle draws TF's order: the values below were recorded with TensorFlow 2.21 (tensorflow.compat.v1)."""
import itertools

import numpy as np

import tfsess as tf
from tfsess.lib import philox
from tfsess.runtime.queues import Philox


def drain(ds):
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    out = []
    while True:
        try:
            out.append(sess.run(nxt))
        except tf.errors.OutOfRangeError:
            return out


def ints(values):
    return [int(v) for v in values]


def test_vectorised_philox_is_the_one_at_a_time_stream():
    for seed, seed2 in [(3, 87654321), (2**63 + 5, 2**64 - 1), (12345678901234, 1)]:
        one_at_a_time = Philox(seed, seed2)
        assert list(itertools.islice(philox.words(seed, seed2, block=7), 100)) == [one_at_a_time() for _ in range(100)]


def test_reshuffled_epochs_match_tensorflow(g):
    assert ints(drain(tf.data.Dataset.range(20).shuffle(5, seed=3).repeat(2))) == [
        4, 1, 0, 2, 7, 8, 10, 6, 9, 12, 5, 3, 15, 13, 17, 16, 14, 11, 18, 19,
        3, 4, 2, 6, 5, 9, 8, 7, 1, 10, 11, 15, 16, 0, 18, 12, 19, 17, 13, 14]


def test_fixed_order_matches_tensorflow(g):
    once = [3, 11, 7, 2, 4, 9, 6, 1, 8, 10, 5, 0]
    ds = tf.data.Dataset.range(12).shuffle(100, seed=7, reshuffle_each_iteration=False).repeat(2)
    assert ints(drain(ds)) == once * 2


def test_graph_seed_matches_tensorflow(g):
    tf.set_random_seed(5)
    assert ints(drain(tf.data.Dataset.range(10).shuffle(4, seed=1))) == [0, 4, 3, 6, 2, 8, 1, 7, 9, 5]


def test_map_after_shuffle_matches_tensorflow(g):
    rows = np.arange(30).reshape(10, 3)
    firsts = drain(tf.data.Dataset.from_tensor_slices(rows).shuffle(6, seed=11).map(lambda r: r[0]))
    assert [v // 3 for v in ints(firsts)] == [5, 6, 7, 1, 3, 9, 2, 4, 0, 8]


def test_large_buffer_through_batches_matches_tensorflow(g):
    ds = tf.data.Dataset.from_tensor_slices(np.arange(60000)).shuffle(10000, seed=42).batch(128)
    order = np.concatenate(drain(ds))
    assert order[:8].tolist() == [1145, 2992, 8118, 1051, 7237, 7169, 6102, 9409]
    assert int((order * np.arange(60000)).sum() % 1000000007) == 334104213


def test_random_dataset_matches_tensorflow(g):
    assert ints(drain(tf.data.experimental.RandomDataset(seed=1).take(4))) == [
        2870909127, 3455438759, 4052121393, 1279227022]


def test_unseeded_shuffles_differ(g):
    first = ints(drain(tf.data.Dataset.range(50).shuffle(50)))
    second = ints(drain(tf.data.Dataset.range(50).shuffle(50)))
    assert sorted(first) == list(range(50)) and first != second
