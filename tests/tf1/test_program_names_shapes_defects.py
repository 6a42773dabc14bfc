"""Defects found in what TF1 programs print: names of the constants an update op converts, static
shapes of sparse reductions, and the error class of an iterator initializer for another structure."""
import pytest

import tfsess as tf


def _ops(graph):
    return [(op.name, op.type) for op in graph.get_operations()]


def test_variable_updates_name_their_converted_values_in_their_scope(g):
    w = tf.Variable([1.0, 2.0], name="w")
    tf.assign_add(w, [1.0, 1.0], name="bump")
    tf.assign(w, [0.0, 0.0])
    tf.assign_sub(w, [1.0, 1.0])
    tf.scatter_update(w, [0], [5.0], name="sc")
    ops = _ops(g)[4:]
    assert ops == [("bump/value", "Const"), ("bump", "AssignAdd"), ("Assign/value", "Const"), ("Assign", "Assign"),
                   ("AssignSub/value", "Const"), ("AssignSub", "AssignSub"), ("sc/indices", "Const"),
                   ("sc/updates", "Const"), ("sc", "ScatterUpdate")]
    with tf.Session() as sess:
        sess.run(w.initializer)
        assert sess.run(g.get_tensor_by_name("bump:0")).tolist() == [2.0, 3.0]


def test_a_second_update_of_the_same_name_gets_a_suffixed_scope(g):
    w = tf.Variable(1.0, name="w")
    first = tf.assign_add(w, 1.0, name="step")
    second = tf.assign_add(w, 2.0, name="step")
    assert (first.op.name, second.op.name) == ("step", "step_1")
    assert second.op.inputs[1].op.name == "step_1/value"
    assert w.initializer.name == "w/Assign" and w.initializer.inputs[1].op.name == "w/initial_value"


def test_sparse_reduce_has_a_static_shape_only_for_a_constant_dense_shape(g):
    partial = tf.sparse_placeholder(tf.float32, shape=[None, 4])
    assert tf.sparse_reduce_sum(partial, 1).shape.ndims is None
    assert tf.sparse_reduce_max(partial, 0, keepdims=True).shape.ndims is None
    known = tf.SparseTensor([[0, 1]], [1.0], [3, 4])
    assert tf.sparse_reduce_sum(known, 1).shape.as_list() == [3]
    assert tf.sparse_reduce_sum(known, 0, keepdims=True).shape.as_list() == [1, 4]
    assert tf.sparse_reduce_sum(known).shape.as_list() == []
    with tf.Session() as sess:
        fed = sess.run(tf.sparse_reduce_sum(partial, 1), {partial: ([[1, 3]], [2.5], [2, 4])})
    assert fed.tolist() == [0.0, 2.5]


def test_iterator_initializer_for_another_structure_is_a_value_error(g):
    first = tf.data.Dataset.from_tensor_slices({"x": [[1.0, 2.0]], "y": [1]})
    iterator = tf.data.Iterator.from_structure(tf.data.get_output_types(first), tf.data.get_output_shapes(first))
    with pytest.raises(ValueError, match="same nested structure"):
        iterator.make_initializer(tf.data.Dataset.range(3))
    with pytest.raises(ValueError, match="same set of keys"):
        iterator.make_initializer(tf.data.Dataset.from_tensor_slices({"x": [[1.0, 2.0]]}))
    with pytest.raises(TypeError, match="Expected output types"):
        iterator.make_initializer(tf.data.Dataset.from_tensor_slices({"x": [[1, 2]], "y": [1]}))
    with pytest.raises(TypeError, match="Expected output shapes"):
        iterator.make_initializer(tf.data.Dataset.from_tensor_slices({"x": [[1.0, 2.0, 3.0]], "y": [1]}))
    assert iterator.make_initializer(first).type == "MakeIterator"
