"""SparseTensors kept under handles in the session (the ops tf.train.batch carries SparseTensors with)."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.ops import sparse_tensors_map as stm


def _sp(indices, values, shape):
    return tf.SparseTensor(np.array(indices, np.int64), values, shape)


def test_rows_go_in_and_come_out_stacked_with_the_largest_shape(fresh_graph):
    first = stm.add_sparse_to_tensors_map(_sp([[0], [10]], [1, 2], [50]))
    second = stm.add_sparse_to_tensors_map(_sp([[2]], [4], [30]), shared_name=first.op.name)
    taken = stm.take_many_sparse_from_tensors_map(first.op, tf.stack([first, second]), rank=2)
    with tf.Session() as sess:
        got = sess.run(taken)
    assert got.indices.tolist() == [[0, 0], [0, 10], [1, 2]]
    assert got.values.tolist() == [1, 2, 4] and got.dense_shape.tolist() == [2, 50]
    assert taken.indices.shape.as_list() == [None, 2]


def test_a_handle_is_taken_once_and_errors_leave_the_session_usable(fresh_graph):
    handles = tf.placeholder(tf.int64)
    many = stm.add_many_sparse_to_tensors_map(_sp([[0, 1], [2, 0]], [1.0, 2.0], [3, 4]))
    taken = stm.take_many_sparse_from_tensors_map(many.op, handles)
    with tf.Session() as sess:
        ids = sess.run(many)
        assert len(ids) == 3  # one per row, the empty row included
        assert sess.run(taken, {handles: ids}).dense_shape.tolist() == [3, 4]
        with pytest.raises(tf.errors.InvalidArgumentError, match=f"Unable to find SparseTensor: {ids[0]}"):
            sess.run(taken, {handles: ids[:1]})
        with pytest.raises(tf.errors.InvalidArgumentError, match="should be a vector"):
            sess.run(taken, {handles: [ids]})
        assert sess.run(taken, {handles: sess.run(many)[1:]}).values.tolist() == [2.0]


def test_rank_and_type_checks(fresh_graph):
    with pytest.raises(TypeError, match="must be one of"):
        stm.take_many_sparse_from_tensors_map(tf.no_op(), [1])
    scalar_rank = stm.add_many_sparse_to_tensors_map(_sp([[1]], [1], [2]))
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match="should be > 1"):
        sess.run(scalar_rank)
