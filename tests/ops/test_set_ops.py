"""tf.sets: results sorted per group, dense shapes, dense/sparse mixes and the errors."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.ops import set_ops


def test_dense_operations_give_sorted_rows_and_the_widest_row_as_last_dim():
    with tf.Graph().as_default():
        a = tf.constant([[3, 1, 1, 2], [6, 5, 6, 4]])
        b = tf.constant([[2, 9, 3], [4, 8, 7]])
        sess = tf.Session()
        union = sess.run(tf.sets.union(a, b))
        inter = sess.run(tf.sets.intersection(a, b))
        diff = sess.run(tf.sets.difference(a, b, aminusb=False))
    np.testing.assert_array_equal(union.values, [1, 2, 3, 9, 4, 5, 6, 7, 8])
    np.testing.assert_array_equal(union.dense_shape, [2, 5])
    np.testing.assert_array_equal(inter.indices, [[0, 0], [0, 1], [1, 0]])
    np.testing.assert_array_equal(inter.values, [2, 3, 4])
    np.testing.assert_array_equal(diff.values, [9, 7, 8])


def test_sparse_sets_and_the_sparse_dense_flip():
    with tf.Graph().as_default():
        sp = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([3, 1, 5], tf.int64), [2, 4])
        dense = tf.constant([[1, 2], [4, 5]], tf.int64)
        sess = tf.Session()
        size = sess.run(tf.sets.size(sp))
        flipped = sess.run(tf.sets.difference(sp, dense))  # sp - dense, computed as dense's "b-a"
        strings = sess.run(tf.sets.union(tf.constant([["b", "a"]]), tf.constant([["c", "a"]])))
    np.testing.assert_array_equal(size, [2, 1])
    np.testing.assert_array_equal(flipped.values, [3])
    np.testing.assert_array_equal(flipped.dense_shape, [2, 1])
    assert list(strings.values) == [b"a", b"b", b"c"]


def test_errors():
    with tf.Graph().as_default():
        a = tf.constant([[1, 2], [3, 4]])
        with pytest.raises(TypeError, match="Expected `SparseTensor`"):
            tf.sets.size(a)
        with pytest.raises(TypeError, match="Types don't match"):
            tf.sets.union(a, tf.constant([[1]], tf.int64))
        with pytest.raises(ValueError, match="at least rank 2 .*DenseToDenseSetOperation"):
            tf.sets.union(tf.constant([1]), tf.constant([2]))
        with pytest.raises(ValueError, match="Sparse,Dense is not supported"):
            set_ops._set_operation(tf.SparseTensor([[0, 0]], [1], [1, 1]), a, "union", True)
        unordered = tf.SparseTensor([[0, 1], [0, 0]], [3, 1], [1, 2])
        sess = tf.Session()
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[1\] = \[0,0\] is out of order"):
            sess.run(tf.sets.size(unordered))
        assert sess.run(tf.sets.size(unordered, validate_indices=False)).tolist() == [2]
        ph = tf.placeholder(tf.int32, [None, 3])
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"Mismatched shapes \[3\] vs \[1\]"):
            sess.run(tf.sets.intersection(ph, tf.constant([[1, 2]])), {ph: np.zeros((3, 3), np.int32)})
