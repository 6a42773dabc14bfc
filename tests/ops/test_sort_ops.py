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
