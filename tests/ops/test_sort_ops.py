"""tf.sort / tf.argsort / tf.arg_max (values from TF 2.21)."""
import numpy as np
import pytest

import tfsess as tf


def test_sort_inner_axis_and_unsigned():
    with tf.Graph().as_default():
        sess = tf.Session()
        x = tf.constant([[[3, 1], [2, 5]], [[0, 9], [7, 4]]])
        assert sess.run(tf.sort(x, axis=1, direction="DESCENDING")).tolist() == [[[3, 5], [2, 1]], [[7, 9], [0, 4]]]
        assert sess.run(tf.sort(tf.constant([3, 255, 0, 7], tf.uint8))).tolist() == [0, 3, 7, 255]
        assert sess.run(tf.argsort(tf.constant([2, 1, 2, 1, 0]), stable=True)).tolist() == [4, 1, 3, 0, 2]
        assert tf.argsort(x).dtype == tf.int32


def test_sort_errors_and_gradient():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="direction"):
            tf.sort([1.0, 2.0], direction="up")
        with pytest.raises(ValueError, match="constant scalar"):
            tf.sort([1.0, 2.0], axis=tf.placeholder(tf.int32, []))
        x = tf.constant([3.0, -1.0, 2.0])
        grad = tf.gradients(tf.reduce_sum(tf.sort(x) * [1.0, 10.0, 100.0]), x)[0]
        assert tf.Session().run(grad).tolist() == [100.0, 1.0, 10.0]


def test_arg_max_alias():
    with tf.Graph().as_default():
        out = tf.arg_max(tf.constant([[1, 7, 7], [5, 0, 9]]), 1, output_type=tf.int32)
        assert out.dtype == tf.int32 and tf.Session().run(out).tolist() == [1, 2]
        assert np.array_equal(tf.Session().run(tf.arg_min(tf.constant([4.0, -1.0, -1.0]), 0)), 1)


def test_argmax_output_type_must_be_an_index_type():
    with pytest.raises(TypeError, match="output_type"):
        tf.argmax(tf.constant([1, 2]), 0, output_type=tf.float32)
    assert tf.argmin(tf.constant([3, 1]), 0, output_type=tf.int16).dtype == tf.int16


def test_shape_element_is_known_where_tf_shape_refiner_sees_it():
    # TF's shape refiner reads tf.shape(x)[i] (and unstack(tf.shape(x))[i]) when dim i is known
    with tf.Graph().as_default():
        p = tf.placeholder(tf.float32, [None, 3, 5])
        s = tf.shape(p)
        assert tf.argsort(tf.placeholder(tf.float32, [None, 5])).shape.as_list() == [None, 5]
        assert tf.sort(p, axis=1).shape.as_list() == [None, 3, 5]
        assert tf.nn.top_k(p, s[1]).values.shape.as_list() == [None, 3, 3]
        assert tf.nn.top_k(p, tf.unstack(s)[2]).values.shape.as_list() == [None, 3, 5]
        assert tf.zeros([s[1], 2]).shape.as_list() == [3, 2]
        assert tf.nn.top_k(p, s[0]).values.shape.as_list() == [None, 3, None]  # dim 0 is unknown
        assert tf.nn.top_k(p, s[1:][1]).values.shape.as_list() == [None, 3, None]  # not a slice of Shape
        with pytest.raises(ValueError, match="last dimension >= k = 5"):
            tf.nn.top_k(tf.placeholder(tf.float32, [None, 5, 3]), tf.shape(tf.placeholder(tf.float32, [None, 5]))[1])


def test_top_k_k_and_index_dtypes():
    with tf.Graph().as_default():
        vals, idx = tf.nn.top_k([3.0, 1.0, 2.0], tf.constant(2, tf.int64), index_type=tf.int64)
        assert vals.op.get_attr("Tk") == tf.int64 and idx.dtype == tf.int64
        assert tf.Session().run(idx).tolist() == [0, 2] and tf.Session().run(idx).dtype == np.int64
        assert tf.nn.top_k([3.0, 1.0], tf.constant(1, tf.int16)).values.shape.as_list() == [1]
        with pytest.raises(TypeError, match="'k' has DataType float32"):
            tf.nn.top_k([3.0, 1.0], tf.constant(1.0))
        with pytest.raises(TypeError, match="'index_type' has DataType uint8"):
            tf.nn.top_k([3.0, 1.0], 1, index_type=tf.uint8)


def test_nan_rows_follow_tfs_std_sort_order():
    # TF's TopKV2 std::sorts a whole row: NaN compares false both ways, so it stays where insertion sort leaves it
    x = np.array([1.0, np.nan, -np.inf, 2.0, np.inf, -0.5])
    with tf.Session() as sess:
        desc = sess.run(tf.argsort(tf.constant(x), direction="DESCENDING"))
        asc = sess.run(tf.sort(tf.constant(x)))
    assert desc.tolist() == [4, 3, 0, 1, 5, 2]
    np.testing.assert_array_equal(asc, [-np.inf, 1.0, np.nan, -0.5, 2.0, np.inf])


def test_std_sort_replay_sorts_long_rows_without_nan_like_a_stable_sort():
    from tfsess.ops import std_sort
    row = np.random.RandomState(3).randint(0, 5, size=200).astype(np.float64)
    assert std_sort.descending_order_with_nan(row) == np.argsort(-row, kind="stable").tolist()


def test_sort_along_a_leading_axis_of_unknown_rank():
    p = tf.placeholder(tf.float32, None)
    s = tf.sort(p, axis=0)
    with tf.Session() as sess:
        out = sess.run(s, {p: [[3.0, 1.0], [2.0, 5.0], [0.0, 4.0]]})
        arg = sess.run(tf.argsort(p, axis=-2), {p: [[3.0, 1.0], [2.0, 5.0]]})
    assert s.shape.ndims is None
    np.testing.assert_array_equal(out, [[0.0, 1.0], [2.0, 4.0], [3.0, 5.0]])
    np.testing.assert_array_equal(arg, [[1, 0], [0, 1]])


def test_top_k_unsorted_returns_tfs_heap_order_and_nan_rows_follow_its_heap():
    # values from TF 2.21: sorted=False gives gtl::TopN's heap array, not the sorted order
    x = [1.0, 5.0, 3.0, 4.0, 2.0, 9.0, 0.0, 7.0]
    with_nan = [1.0, np.nan, 3.0, 4.0, np.nan, 2.0, 9.0, 0.0, 7.0]
    with tf.Session() as sess:
        assert sess.run(tf.nn.top_k(x, 3, sorted=False)).indices.tolist() == [1, 5, 7]
        assert sess.run(tf.nn.top_k(x, 5, sorted=False)).indices.tolist() == [2, 3, 1, 5, 7]
        assert sess.run(tf.nn.top_k(x, 3)).indices.tolist() == [5, 7, 1]
        assert sess.run(tf.nn.top_k(with_nan, 4)).indices.tolist() == [1, 6, 8, 3]
        assert sess.run(tf.nn.top_k(with_nan, 4, sorted=False)).indices.tolist() == [3, 8, 1, 6]
