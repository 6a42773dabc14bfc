"""Defects found in what TF1 programs print: names of the constants an update op converts, static
shapes of sparse reductions, and the error class of an iterator initializer for another structure."""
import numpy as np
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


def test_strided_slice_assign_names_its_value_under_its_own_scope(g):
    v = tf.Variable([0.0, 0.0, 0.0, 0.0], name="v")
    update = v[1:3].assign([1.0, 2.0])
    assert update.op.name == "strided_slice/_assign"
    assert update.op.inputs[4].op.name == "strided_slice/_assign/value"
    with tf.Session() as sess:
        sess.run(v.initializer)
        assert sess.run(update).tolist() == [0.0, 1.0, 2.0, 0.0]


def test_small_zeros_and_ones_read_float_dims_with_int(g):
    n = 5
    assert tf.zeros([n / 2, 3]).shape.as_list() == [2, 3]
    assert tf.ones((4 / 2,), tf.int32).shape.as_list() == [2]
    with tf.Session() as sess:
        assert sess.run(tf.ones([np.float32(3.0)])).tolist() == [1.0, 1.0, 1.0]
    with pytest.raises(TypeError):  # as TF: a large shape takes the tensor path, where a float is refused
        tf.zeros([2000.5])
    with pytest.raises(TypeError):
        tf.fill([2.0], 1.0)


def test_normal_draws_of_a_non_float_dtype_raise_type_error(g):
    with pytest.raises(TypeError, match="Expected int32, but got 0.0"):
        tf.random_normal([2], dtype=tf.int32)
    with pytest.raises(TypeError, match="DataType int32 not in list of allowed values"):
        tf.truncated_normal([2], mean=0, stddev=1, dtype=tf.int32)
    with pytest.raises(TypeError, match="DataType complex64"):
        tf.random_normal([2], dtype=tf.complex64)
    assert tf.random_normal([2], dtype=tf.float16).dtype == tf.float16


def test_scatter_nd_checks_updates_against_indices_and_shape_when_built(g):
    with pytest.raises(ValueError, match=r"Dimensions \[0,1\) of indices\[shape=\[1,1\]\]"):
        tf.scatter_nd([[0]], [1.0, 2.0], [3])
    with pytest.raises(ValueError, match=r"Dimensions \[1,2\) of input\[shape=\[3,3\]\]"):
        tf.scatter_nd([[0]], [[1.0, 2.0]], [3, 3])
    assert tf.scatter_nd([[0, 1]], [[1.0, 2.0]], [3, 4, 2]).shape.as_list() == [3, 4, 2]
    unknown = tf.scatter_nd(tf.placeholder(tf.int32, [None, 1]), tf.placeholder(tf.float32, [None, 4]), [5, 4])
    assert unknown.shape.as_list() == [5, 4]


def test_dataset_sources_name_their_components_as_tf_does(g):
    dataset = tf.data.Dataset.from_tensor_slices({"b": [1, 2], "a": [3.0, 4.0]})
    tf.data.Dataset.from_tensors(([1, 2], 3))
    names = [op.name for op in g.get_operations()]
    assert names == ["normalize_element/component_0", "normalize_element/component_1", "TensorSliceDataset",
                     "normalize_element_1/component_0", "normalize_element_1/component_1", "TensorDataset"]
    assert g.get_tensor_by_name("normalize_element/component_0:0").dtype == tf.float32  # sorted keys: "a"
    element = tf.data.make_one_shot_iterator(dataset).get_next()
    with tf.Session() as sess:
        assert sess.run(element) == {"a": 3.0, "b": 1}


def test_an_iterator_makes_its_string_handle_when_built(g):
    iterator = tf.data.make_initializable_iterator(tf.data.Dataset.range(3))
    types = [op.type for op in g.get_operations()]
    assert types[-2:] == ["MakeIterator", "IteratorToStringHandle"]
    assert iterator.string_handle() is iterator.string_handle()
    named = iterator.string_handle(name="handle")
    assert named.op.name == "handle" and named is not iterator.string_handle()
    with tf.Session() as sess:
        assert sess.run(iterator.string_handle()) == sess.run(named)


def _grad_ops(graph, scope):
    return [(op.name[len(scope) + 1:], op.type) for op in graph.get_operations() if op.name.startswith(scope + "/")]


def test_broadcast_gradients_take_their_axes_from_static_shapes_as_tf(g):
    a = tf.placeholder(tf.float32, [None, 3], name="a")
    b = tf.Variable(tf.ones([3]), name="b")
    grads = tf.gradients(tf.reduce_sum(a - b), [a, b])
    assert _grad_ops(g, "gradients/sub_grad") == [
        ("Neg", "Neg"), ("Shape", "Shape"), ("Shape_1", "Const"), ("Sum/reduction_indices", "Const"),
        ("Sum", "Sum"), ("Reshape", "Reshape")]
    assert grads[0].op.type == "Tile" and grads[1].op.name == "gradients/sub_grad/Reshape"
    with tf.Session() as sess:
        sess.run(b.initializer)
        ga, gb = sess.run(grads, {a: np.ones([4, 3], np.float32)})
    assert ga.tolist() == [[1.0] * 3] * 4 and gb.tolist() == [-4.0] * 3


def test_broadcast_gradients_of_unknown_dims_use_broadcast_gradient_args(g):
    a = tf.placeholder(tf.float32, [None, 3])
    c = tf.placeholder(tf.float32, [None, 1])
    ga, gc = tf.gradients(tf.reduce_sum(a * c), [a, c])
    assert "BroadcastGradientArgs" in [t for _, t in _grad_ops(g, "gradients/mul_grad")]
    with tf.Session() as sess:
        va, vc = sess.run([ga, gc], {a: np.arange(6, dtype=np.float32).reshape(2, 3), c: [[2.0], [3.0]]})
    assert va.tolist() == [[2.0] * 3, [3.0] * 3] and vc.tolist() == [[3.0], [12.0]]


def test_equal_shapes_skip_reduction_for_add_sub_and_float32_mul(g):
    c = tf.Variable(tf.ones([2, 3]), name="c")
    tf.gradients(tf.reduce_sum(c * c + (c - c)), [c])
    assert _grad_ops(g, "gradients/mul_grad") == [("Mul", "Mul"), ("Mul_1", "Mul")]
    assert _grad_ops(g, "gradients/sub_grad") == [("Neg", "Neg")]
    d = tf.placeholder(tf.float64, [2, 3])
    tf.gradients(d * d, d)
    assert [t for _, t in _grad_ops(g, "gradients_1/mul_1_grad")] == ["Mul", "Mul", "Const", "Const"]


def test_square_squared_difference_and_mean_gradients_are_named_as_tf(g):
    x = tf.placeholder(tf.float32, [None], name="x")
    grad_square, = tf.gradients(tf.reduce_mean(tf.square(x)), x)
    assert _grad_ops(g, "gradients/Square_grad") == [("Const", "Const"), ("Mul", "Mul"), ("Mul_1", "Mul")]
    assert ("mod", "FloorMod") in _grad_ops(g, "gradients/Mean_grad")
    assert g.get_operation_by_name("gradients/Square_grad/Const").control_inputs[0].name.startswith("gradients/")
    grad_diff, = tf.gradients(tf.reduce_sum(tf.squared_difference(x, 1.0)), x)
    assert _grad_ops(g, "gradients_1/SquaredDifference_grad")[:3] == [
        ("scalar", "Const"), ("Mul", "Mul"), ("sub", "Sub")]
    assert tf.scalar_mul(2.0, x).op.name == "Mul"
    with tf.Session() as sess:
        vs, vd = sess.run([grad_square, grad_diff], {x: [1.0, 3.0]})
    assert vs.tolist() == [1.0, 3.0] and vd.tolist() == [0.0, 4.0]
