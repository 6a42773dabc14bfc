"""edit_distance, CTC decoders and label helpers, sparse embedding lookups, max_pool_with_argmax, and others."""
import numpy as np
import pytest

import tfsess as tf


def _run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def test_edit_distance_groups_reorders_and_normalizes():
    hyp = tf.SparseTensor([[0, 1], [0, 0], [1, 0]], [2, 1, 5], [3, 2])
    truth = \
        tf.SparseTensor([[0, 0], [0, 1], [2, 0]], [1, 3, 4], [3, 2])
    got, raw = _run([tf.edit_distance(hyp, truth), tf.edit_distance(hyp, truth, normalize=False)])
    # row 0: [1, 2] vs [1, 3] -> 1 of 2; row 1: [5] vs [] -> inf; row 2: [] vs [4] -> 1
    np.testing.assert_array_equal(got, np.float32([0.5, np.inf, 1.0]))
    np.testing.assert_array_equal(raw, np.float32([1, 1, 1]))


def test_edit_distance_rejects_dense_and_mismatched_inputs():
    truth = tf.SparseTensor([[0, 0]], [1], [1, 2])
    with pytest.raises(TypeError, match="Hypothesis must be a SparseTensor"):
        tf.edit_distance([1], truth)
    with pytest.raises(TypeError, match="truth_values"):
        tf.edit_distance(tf.SparseTensor([[0, 0]], tf.constant([1], tf.int64), [1, 2]), truth)
    with pytest.raises(ValueError, match="hypothesis_shape does not match truth_shape"):
        tf.edit_distance(tf.SparseTensor([[0, 0, 0]], [1], [1, 2, 2]), truth)
