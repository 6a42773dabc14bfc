"""dynamic_partition / dynamic_stitch: values, static shapes, TF's errors, and embedding_lookup over shards."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors


def test_partition_splits_rows_and_stitch_puts_them_back():
    data = tf.placeholder(tf.float32, [None, 2], name="data")
    where = tf.placeholder(tf.int32, [None], name="where")
    parts = tf.dynamic_partition(data, where, 3)
    assert [p.shape.as_list() for p in parts] == [[None, 2]] * 3
    order = tf.dynamic_partition(tf.range(tf.size(where)), where, 3)
    back = tf.dynamic_stitch(order, parts)
    value = np.arange(10, dtype=np.float32).reshape(5, 2)
    with tf.Session() as sess:
        got_parts, got_back = sess.run([parts, back], {data: value, where: [2, 0, 2, 1, 0]})
    np.testing.assert_array_equal(got_parts[0], value[[1, 4]])
    np.testing.assert_array_equal(got_parts[2], value[[0, 2]])
    np.testing.assert_array_equal(got_back, value)


def test_stitch_shape_is_known_from_constant_indices_and_later_inputs_win():
    merged = tf.dynamic_stitch([[0, 1], [1]], [tf.constant([1.0, 2.0]), tf.constant([9.0])])
    assert merged.shape.as_list() == [2]
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(merged), [1.0, 9.0])


def test_bad_partition_index_names_the_op_and_leaves_the_session_usable():
    where = tf.placeholder(tf.int32, [None])
    parts = tf.dynamic_partition(tf.constant([1.0, 2.0, 3.0]), where, 2, name="split_me")
    with tf.Session() as sess:
        with pytest.raises(errors.InvalidArgumentError, match=r"partitions\[1\] = 5 is not in \[0, 2\)") as info:
            sess.run(parts, {where: [0, 5, 1]})
        assert info.value.op.name == "split_me"
        assert [list(p) for p in sess.run(parts, {where: [0, 1, 1]})] == [[1.0], [2.0, 3.0]]


def test_static_errors():
    with pytest.raises(ValueError, match="must start with partitions' shape"):
        tf.dynamic_partition(tf.zeros([3, 2]), tf.zeros([4], tf.int32), 2)
    with pytest.raises(ValueError, match="num_partitions"):
        tf.dynamic_partition(tf.zeros([3]), tf.zeros([3], tf.int32), 0)
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        tf.dynamic_stitch([[0, 5]], [tf.constant([1.0, 2.0, 3.0])])
    with pytest.raises(TypeError, match="'partitions' of 'DynamicPartition' Op has type float32"):
        tf.dynamic_partition(tf.zeros([3]), tf.zeros([3], tf.float32), 2)
    with pytest.raises(TypeError, match="'indices' of 'DynamicStitch' Op has type int64"):
        tf.dynamic_stitch([tf.constant([0], tf.int64)], [tf.constant([1.0])])


def test_gradients_route_back_through_partition():
    data = tf.placeholder(tf.float32, [3, 3])
    parts = tf.dynamic_partition(data, [0, 1, 0], 2)
    grad = tf.gradients(tf.reduce_sum(parts[0] * 2.0) + tf.reduce_sum(parts[1]), data)[0]
    with tf.Session() as sess:
        got = sess.run(grad, {data: np.ones((3, 3), np.float32)})
    np.testing.assert_array_equal(got, [[2.0] * 3, [1.0] * 3, [2.0] * 3])


@pytest.mark.parametrize("strategy", ["div", "mod"])
def test_embedding_lookup_over_shards(strategy):
    table = np.arange(10.0).reshape(5, 2)
    shards = [table[:3], table[3:]] if strategy == "div" else [table[[0, 2, 4]], table[[1, 3]]]
    looked_up = tf.nn.embedding_lookup([tf.constant(s) for s in shards], [0, 1, 2, 3, 4],
                                       partition_strategy=strategy)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(looked_up), table)
