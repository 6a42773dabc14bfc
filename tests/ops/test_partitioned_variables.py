"""Partitioned variables: get_variable with a partitioner, PartitionedVariable, create_partitioned_variables."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.ops.partitioned_variables import PartitionedVariable


def _offset_rows(shape, dtype=None, partition_info=None):
    """Rows numbered by their place in the whole variable: each part knows its offset."""
    offset = partition_info.var_offset[0] if partition_info else 0
    return tf.constant((np.arange(shape[0] * shape[1]).reshape(shape) + offset * shape[1]).astype(np.float32))


def test_get_variable_with_a_partitioner_makes_named_parts(g):
    with tf.variable_scope("s", partitioner=tf.fixed_size_partitioner(3)):
        w = tf.get_variable("w", [7, 2], initializer=_offset_rows)
    assert isinstance(w, PartitionedVariable) and w.name == "s/w" and w.get_shape() == (7, 2)
    assert [v.name for v in w] == ["s/w/part_0:0", "s/w/part_1:0", "s/w/part_2:0"] and len(w) == 3
    assert [v.get_shape().as_list() for v in w] == [[3, 2], [2, 2], [2, 2]]
    assert w._get_partitions() == [3, 1]
    infos = [v._get_save_slice_info() for v in w]
    assert [i.spec for i in infos] == ["7 2 0,3:0,2", "7 2 3,2:0,2", "7 2 5,2:0,2"]
    assert [v.name for v in tf.trainable_variables()] == [v.name for v in w]
    t = tf.convert_to_tensor(w)
    assert t.name == "s/w:0" and t.op.type == "Identity" and t.op.inputs[0].op.name == "s/w/ConcatPartitions/concat"
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(w.as_tensor()).tolist() == np.arange(14).reshape(7, 2).tolist()


def test_reuse_and_its_errors(g):
    with tf.variable_scope("s", partitioner=tf.fixed_size_partitioner(3)):
        w = tf.get_variable("w", [7, 2])
    with tf.variable_scope("s", reuse=True):
        assert tf.get_variable("w", [7, 2]) is w  # no partitioner needed to reuse
        assert tf.get_variable("w/part_0", [3, 2]).name == "s/w/part_0:0"
    with pytest.raises(ValueError, match="specified partitions \\[2, 1\\] and found partitions \\[3, 1\\]"):
        with tf.variable_scope("s", partitioner=tf.fixed_size_partitioner(2), reuse=True):
            tf.get_variable("w", [7, 2])
    with pytest.raises(ValueError, match="Partitioned variable with name s/w already exists"):
        with tf.variable_scope("s", partitioner=tf.fixed_size_partitioner(3)):
            tf.get_variable("w", [7, 2])
    tf.get_variable("x", [4, 2])
    with pytest.raises(ValueError, match="unpartitioned version of the variable was found: x"):
        tf.get_variable("x", [4, 2], partitioner=tf.fixed_size_partitioner(2))


@pytest.mark.parametrize("kwargs, message", [
    (dict(shape=[4], partitioner=3), "Partitioner must be callable"),
    (dict(partitioner=tf.fixed_size_partitioner(3), initializer=tf.zeros_initializer()), "must be fully defined"),
    (dict(shape=[3, 3], partitioner=lambda shape, dtype: [2, 2]), "Can only slice a variable along one dimension"),
    (dict(shape=[3, 3], partitioner=lambda shape, dtype: [2]), "does not match the Variable's rank"),
])
def test_partitioner_errors(g, kwargs, message):
    with pytest.raises(ValueError, match=message):
        tf.get_variable("y", **kwargs)


def test_scalars_are_never_partitioned_and_tensor_initializers_are_sliced(g):
    assert type(tf.get_variable("sc", [], partitioner=tf.fixed_size_partitioner(3))).__name__ == "RefVariable"
    z = tf.get_variable("z", initializer=tf.constant([[1., 2.], [3., 4.], [5., 6.]]),
                        partitioner=tf.fixed_size_partitioner(2))
    assert [v.initial_value.op.name for v in z] == ["z/part_0/PartitionedInitializer/Slice",
                                                     "z/part_1/PartitionedInitializer/Slice"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert [p.tolist() for p in sess.run(list(z))] == [[[1., 2.], [3., 4.]], [[5., 6.]]]


def test_create_partitioned_variables(g):
    vs = tf.create_partitioned_variables([5, 4], [1, 2], tf.ones_initializer(), name="cp")
    assert [v.name for v in vs] == ["cp/part_0:0", "cp/part_1:0"]
    assert [v._get_save_slice_info().spec for v in vs] == ["5 4 0,5:0,2", "5 4 0,5:2,2"]
    assert tf.create_partitioned_variables([5, 4], [5, 1], tf.ones_initializer())[4].name == \
        "PartitionedVariable/part_4:0"
    with pytest.raises(ValueError, match="must have the length"):
        tf.create_partitioned_variables([5, 4], [5], tf.ones_initializer())


def test_embedding_lookup_mod_and_div_and_training_through_parts(g):
    w = tf.get_variable("w", [7, 2], initializer=_offset_rows, partitioner=tf.fixed_size_partitioner(3))
    ids = tf.constant([0, 3, 6, 2])
    by_mod = tf.nn.embedding_lookup(w, ids)
    by_div = tf.nn.embedding_lookup(w, ids, partition_strategy="div")
    loss = tf.reduce_sum(tf.matmul(tf.ones([1, 7]), w)) + tf.reduce_sum(by_mod)
    grads = tf.gradients(loss, list(w))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(by_mod).tolist() == [[0, 1], [2, 3], [4, 5], [10, 11]]
        assert sess.run(by_div).tolist() == [[0, 1], [6, 7], [12, 13], [4, 5]]
        assert [np.asarray(x).tolist() for x in sess.run(grads)] == [[[2, 2], [2, 2], [2, 2]], [[1, 1], [1, 1]],
                                                                      [[2, 2], [1, 1]]]
        sess.run(train)
        assert sess.run(w.as_tensor())[:, 0].tolist() == [-1, 1, 3, 5.5, 7.5, 9, 11.5]


def test_assign_splits_the_value_over_the_parts(g):
    w = tf.get_variable("w", [5, 2], partitioner=tf.fixed_size_partitioner(2))
    assigns = w.assign(np.arange(10, dtype=np.float32).reshape(5, 2))
    with tf.Session() as sess:
        sess.run(assigns)
        assert sess.run(w.as_tensor()).ravel().tolist() == list(range(10))
        sess.run(w.assign_add(np.ones([5, 2], np.float32)))
        assert sess.run(list(w)[1]).ravel().tolist() == [7, 8, 9, 10]


def test_min_max_and_axis_size_partitioners(g):
    m = tf.get_variable("m", [10, 8], partitioner=tf.min_max_variable_partitioner(max_partitions=4,
                                                                                    min_slice_size=64))
    a = tf.get_variable("a", [10, 8], partitioner=tf.variable_axis_size_partitioner(max_shard_bytes=100))
    assert [v.get_shape().as_list() for v in m] == [[3, 8], [3, 8], [2, 8], [2, 8]]
    assert [v.get_shape().as_list() for v in a] == [[3, 8], [3, 8], [2, 8], [2, 8]]
