"""tf.sparse: fill_empty_rows, maximum/minimum, slice, split, softmax, the sparse reductions, expand_dims,
eye, reset_shape, merge, to_indicator and mask (values from TF 2.21)."""
import numpy as np
import pytest

import tfsess as tf


@pytest.fixture
def sess():
    with tf.Graph().as_default():
        with tf.Session() as s:
            yield s


def _a():
    return tf.SparseTensor([[0, 0], [1, 2], [3, 1]], [1.0, -2.0, 3.0], [4, 3])


def _b():
    return tf.SparseTensor([[0, 0], [1, 1], [3, 1]], [0.5, 4.0, 5.0], [4, 3])


def show(sess, sp):
    v = sess.run(sp)
    return v.indices.tolist(), v.values.tolist(), v.dense_shape.tolist()


def test_fill_empty_rows_and_gradient(sess):
    filled, empty = tf.sparse.fill_empty_rows(_a(), 9.0)
    assert filled.indices.op.name == "SparseFillEmptyRows/SparseFillEmptyRows"
    assert show(sess, filled) == ([[0, 0], [1, 2], [2, 0], [3, 1]], [1.0, -2.0, 9.0, 3.0], [4, 3])
    assert sess.run(empty).tolist() == [False, False, True, False]
    none = tf.SparseTensor(tf.zeros([0, 2], tf.int64), tf.zeros([0]), [2, 2])
    assert show(sess, tf.sparse_fill_empty_rows(none, -1.0)[0]) == ([[0, 0], [1, 0]], [-1.0, -1.0], [2, 2])
    x = tf.constant([1.0, -2.0, 3.0])
    out, _ = tf.sparse.fill_empty_rows(tf.SparseTensor([[0, 0], [1, 2], [3, 1]], x, [4, 3]), 9.0)
    assert sess.run(tf.gradients(out.values * tf.range(1.0, 5.0), x))[0].tolist() == [1.0, 2.0, 4.0]


def test_maximum_minimum(sess):
    assert show(sess, tf.sparse.maximum(_a(), _b())) == ([[0, 0], [1, 1], [1, 2], [3, 1]], [1.0, 4.0, 0.0, 5.0],
                                                         [4, 3])
    assert show(sess, tf.sparse_minimum(_a(), _b()))[1] == [0.5, 0.0, -2.0, 3.0]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Operands' shapes do not match: got 3 and 4 for "
                                                            "dimension 1"):
        sess.run(tf.sparse.maximum(_a(), tf.SparseTensor([[0, 0]], [1.0], [4, 4])).values)


def test_slice_split_and_gradient(sess):
    assert show(sess, tf.sparse.slice(_a(), [1, 0], [3, 2])) == ([[2, 1]], [3.0], [3, 2])
    assert show(sess, tf.sparse_slice(_a(), [0, 1], [10, 10])) == ([[1, 1], [3, 0]], [-2.0, 3.0], [4, 2])
    x = tf.constant([1.0, -2.0, 3.0])
    sliced = tf.sparse.slice(tf.SparseTensor([[0, 0], [1, 2], [3, 1]], x, [4, 3]), [1, 0], [3, 2])
    assert sess.run(tf.gradients(sliced.values * 2.0, x))[0].tolist() == [0.0, 0.0, 2.0]
    parts = tf.sparse.split(sp_input=_a(), num_split=2, axis=1)
    assert [show(sess, p) for p in parts] == [([[0, 0], [3, 1]], [1.0, 3.0], [4, 2]), ([[1, 0]], [-2.0], [4, 1])]
    rows = tf.sparse_split(sp_input=_a(), num_split=3, axis=0)
    assert [show(sess, p) for p in rows] == [([[0, 0], [1, 2]], [1.0, -2.0], [2, 3]), ([], [], [1, 3]),
                                             ([[0, 1]], [3.0], [1, 3])]
    with pytest.raises(ValueError, match="Keyword arguments are required"):
        tf.sparse.split(_a(), 2, 1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="num_split should be between 1 and 3"):
        sess.run(tf.sparse.split(sp_input=_a(), num_split=5, axis=1)[0].values)


def test_softmax_and_gradient(sess):
    sp = tf.SparseTensor([[0, 0], [0, 2], [1, 1], [2, 0], [2, 1]], [1.0, 2.0, 3.0, 0.5, 0.5], [3, 3])
    values = sess.run(tf.sparse.softmax(sp).values)
    np.testing.assert_allclose(values, [0.26894143, 0.7310586, 1.0, 0.5, 0.5], rtol=1e-6)
    x = tf.constant([1.0, -2.0, 3.0])
    out = tf.sparse.softmax(tf.SparseTensor([[0, 0], [0, 2], [1, 1]], x, [3, 3])).values
    np.testing.assert_allclose(sess.run(tf.gradients(out * tf.constant([1.0, 2.0, 3.0]), x))[0],
                               [-0.04517666, 0.04517666, 0.0], atol=1e-7)


def test_reductions_that_stay_sparse(sess):
    assert show(sess, tf.sparse.reduce_max_sparse(_a(), axis=1)) == ([[0], [1], [3]], [1.0, -2.0, 3.0], [4])
    assert show(sess, tf.sparse.reduce_sum_sparse(_b(), axis=0)) == ([[0], [1]], [0.5, 9.0], [3])
    assert show(sess, tf.sparse_reduce_sum_sparse(_b(), axis=0, keepdims=True)) == ([[0, 0], [0, 1]], [0.5, 9.0],
                                                                                     [1, 3])
    assert show(sess, tf.sparse.reduce_sum_sparse(_b())) == ([[]], [9.5], [])


def test_composites(sess):
    assert show(sess, tf.sparse.expand_dims(_a(), 1)) == ([[0, 0, 0], [1, 0, 2], [3, 0, 1]], [1.0, -2.0, 3.0],
                                                          [4, 1, 3])
    assert show(sess, tf.sparse.expand_dims(_a(), -1))[0] == [[0, 0, 0], [1, 2, 0], [3, 1, 0]]
    eye = tf.sparse.eye(3, 4, dtype=tf.int32)
    assert eye.values.dtype == tf.int32 and show(sess, eye) == ([[0, 0], [1, 1], [2, 2]], [1, 1, 1], [3, 4])
    assert show(sess, tf.sparse.reset_shape(_a()))[2] == [4, 3]
    assert show(sess, tf.sparse.reset_shape(_a(), [5, 6]))[2] == [5, 6]
    with pytest.raises(ValueError, match="Requested new_shape should have dimension sizes >= sp_input.shape"):
        tf.sparse_reset_shape(_a(), [2, 2])
    shape = tf.placeholder(tf.int64, [2])
    with pytest.raises(tf.errors.InvalidArgumentError):
        sess.run(tf.sparse.reset_shape(_a(), shape).dense_shape, {shape: [2, 2]})
    ids = tf.SparseTensor([[0, 0], [0, 1], [1, 0]], tf.constant([3, 1, 2], tf.int64), [2, 2])
    assert sess.run(tf.sparse.to_indicator(ids, 4)).tolist() == [[False, True, False, True], [False, False, True, False]]
    merged = tf.sparse_merge(ids, tf.SparseTensor([[0, 0], [0, 1], [1, 0]], [0.5, 1.5, 2.5], [2, 2]), 5)
    assert show(sess, merged) == ([[0, 1], [0, 3], [1, 2]], [1.5, 0.5, 2.5], [2, 5])
    masked = tf.sparse_mask(tf.IndexedSlices(tf.constant([[1.0, 2], [3, 4], [5, 6]]), tf.constant([0, 2, 4]),
                                             tf.constant([5, 2])), tf.constant([2]))
    values, indices = sess.run([masked.values, masked.indices])
    assert values.tolist() == [[1, 2], [5, 6]] and indices.tolist() == [0, 4]


def test_cross_and_cross_hashed(sess):
    a = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], ["a", "b", "c"], [2, 2])
    b = tf.SparseTensor([[0, 0], [1, 0], [1, 1]], tf.constant([1, 2, 3], tf.int64), [2, 2])
    d = tf.constant([["x", "y"], ["z", "w"]])
    crossed = sess.run(tf.sparse.cross([a, b, d]))
    assert crossed.values.tolist()[:4] == [b"a_X_1_X_x", b"a_X_1_X_y", b"b_X_2_X_z", b"b_X_2_X_w"]
    assert crossed.dense_shape.tolist() == [2, 8] and crossed.indices.tolist()[2] == [1, 0]
    assert sess.run(tf.sparse.cross([a, d], separator="+")).values.tolist() == [b"a+x", b"a+y", b"b+z", b"b+w",
                                                                              b"c+z", b"c+w"]
    hashed = sess.run(tf.sparse.cross_hashed([a, b, d], num_buckets=100))
    assert hashed.values.tolist() == [67, 58, 33, 56, 9, 19, 84, 19, 81, 1]
    assert sess.run(tf.sparse.cross_hashed([b])).values.tolist() == [5199413699614396413, 5167850198417433268,
                                                                      1424184489956106035]
    assert sess.run(tf.sparse.cross_hashed([a, b], hash_key=7)).values.tolist()[0] == 7182250513110948477
    # as TF, a float column is cast to int64 before crossing
    assert sess.run(tf.sparse.cross([a, tf.constant([[1.0], [2.0]])]).values).tolist() == [b"a_X_1", b"b_X_2",
                                                                                       b"c_X_2"]
