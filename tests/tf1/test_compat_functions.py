"""The small tf.compat.v1 functions and aliases the sweep added, with values checked against TF 2.21."""
import numpy as np
import pytest

import tfsess as tf


def test_math_composites_match_tf(g):
    x, y = tf.constant([0.0, 1.0, 2.0]), tf.constant([0.0, np.inf, 4.0])
    fetches = [tf.math.xlogy(x, y), tf.math.xdivy(x, y), tf.math.xlog1py(x, y), tf.math.multiply_no_nan(y, x),
               tf.math.reciprocal_no_nan(x), tf.log_sigmoid(x), tf.math.reduce_euclidean_norm([[3.0, 4.0]], axis=1),
               tf.clip_by_average_norm(tf.constant([3.0, 4.0]), 1.0)]
    with tf.Session() as sess, np.errstate(invalid="ignore"):
        out = sess.run(fetches)
    want = [[0, np.inf, 2.7725887], [0, 0, 0.5], [0, np.inf, 3.218876], [0, np.inf, 8], [0, 1, 0.5],
            [-0.6931472, -0.3132617, -0.126928], [5], [1.2, 1.6]]  # TF 2.21's values
    for got, expected in zip(out, want):
        np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_log_sigmoid_and_xlogy_have_gradients(g):
    x = tf.constant([-1.0, 0.5])
    grads = tf.gradients(tf.reduce_sum(tf.math.log_sigmoid(x) + tf.math.xlogy(x, 2.0)), x)[0]
    with tf.Session() as sess:
        value = sess.run(grads)
    np.testing.assert_allclose(value, 1 / (1 + np.exp([-1.0, 0.5])) + np.log(2.0), rtol=1e-6)


def test_list_forms(g):
    x, m = tf.constant([1.0, 2.0]), tf.zeros([2, 3])
    shapes = tf.shape_n([x, m], out_type=tf.int64)
    with tf.Session() as sess:
        assert [s.tolist() for s in sess.run(shapes)] == [[2], [2, 3]]
        assert sess.run(tf.identity_n([x, m]))[1].shape == (2, 3)
        np.testing.assert_array_equal(sess.run(tf.parallel_stack([x, x])), [[1, 2], [1, 2]])
    with pytest.raises(ValueError, match="Cannot infer the shape"):
        tf.parallel_stack([tf.placeholder(tf.float32)])


def test_graph_mode_queries_and_switches(g):
    assert not tf.executing_eagerly() and not tf.executing_eagerly_outside_functions()
    assert not tf.control_flow_v2_enabled() and not tf.resource_variables_enabled()
    for switch in (tf.disable_eager_execution, tf.disable_v2_behavior, tf.disable_control_flow_v2,
                   tf.disable_resource_variables, tf.disable_v2_tensorshape, tf.disable_tensor_equality):
        assert switch() is None
    assert tf.Variable(1.0).dtype == tf.float32_ref  # still TF1 variables


def test_is_tensor_get_static_value_dimension_at_index(g):
    assert tf.is_tensor(tf.Variable(1.0)) and tf.is_tensor(tf.SparseTensor([[0]], [1.0], [2]))
    assert not tf.is_tensor(1.0) and not tf.is_tensor(np.ones(2))
    assert tf.get_static_value(tf.constant(3) * 2) == 6
    assert tf.get_static_value(tf.placeholder(tf.int32)) is None
    assert tf.dimension_at_index(tf.TensorShape([2, None]), 0).value == 2
    assert tf.dimension_at_index(tf.TensorShape(None), 3).value is None


def test_init_scope_leaves_control_dependencies(g):
    a = tf.constant(1.0)
    with tf.control_dependencies([a]):
        with tf.init_scope():
            lifted = tf.constant(2.0)
        inside = tf.constant(3.0)
    assert lifted.op.control_inputs == [] and inside.op.control_inputs == [a.op]


def test_nest_namespace():
    added = tf.nest.map_structure(lambda a, b: a + b, {"a": 1, "b": (2, 3)}, {"a": 10, "b": (20, 30)})
    assert added == {"a": 11, "b": (22, 33)}
    assert tf.nest.flatten({"b": [1, 2], "a": 0}) == [0, 1, 2]
    with pytest.raises((ValueError, TypeError)):
        tf.nest.map_structure(lambda a, b: a, [1, 2], [1])


def test_aliases_are_the_same_functions():
    assert tf.debugging.assert_equal is tf.assert_equal and tf.debugging.Assert is tf.Assert
    assert tf.debugging.assert_all_finite is tf.verify_tensor_all_finite
    assert tf.manip.roll is tf.roll and tf.manip.gather_nd is tf.gather_nd
    assert tf.io.decode_png is tf.image.decode_png and tf.io.PaddingFIFOQueue is tf.PaddingFIFOQueue
    assert tf.image.resize_with_crop_or_pad is tf.image.resize_image_with_crop_or_pad
    assert tf.linalg.l2_normalize is tf.nn.l2_normalize and tf.math.zero_fraction is tf.nn.zero_fraction
    assert tf.train.piecewise_constant_decay is tf.train.piecewise_constant
    assert tf.saved_model.contains_saved_model is tf.saved_model.maybe_saved_model_directory
    assert tf.string_strip is tf.strings.strip and tf.random_crop is tf.image.random_crop
    assert tf.no_gradient is tf.NoGradient and tf.OpError is tf.errors.OpError
    assert tf.data.INFINITE_CARDINALITY == -1 and tf.data.UNKNOWN_CARDINALITY == -2


def test_log_poisson_loss_matches_tf(g):
    targets, log_input = tf.constant([0.0, 0.5, 2.0, 5.0]), tf.constant([0.1, -0.2, 0.7, 1.5])
    with tf.Session() as sess, np.errstate(invalid="ignore", divide="ignore"):
        plain, full = sess.run([tf.nn.log_poisson_loss(targets, log_input),
                                tf.nn.log_poisson_loss(targets, log_input, compute_full_loss=True)])
    np.testing.assert_allclose(plain, [1.105171, 0.9187308, 0.6137527, -3.018311], rtol=1e-6)
    np.testing.assert_allclose(full, [1.105171, 0.9187308, 1.2655592, 1.7525363], rtol=1e-6)
    with pytest.raises(ValueError, match="must have the same shape"):
        tf.nn.log_poisson_loss(tf.zeros([2]), tf.zeros([3]))


def test_inverse_hyperbolic_and_erfc_match_tf(g):
    with tf.Session() as sess:
        out = sess.run([tf.asinh([0.5]), tf.math.acosh([2.0]), tf.atanh([0.5]), tf.erfc([3.0]), tf.math.erfc([0.5])])
    np.testing.assert_allclose(np.concatenate(out), [0.48121184, 1.316958, 0.54930615, 2.2090497e-05, 0.47950011],
                               rtol=1e-6)
