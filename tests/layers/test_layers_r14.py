"""Round-14 fixes in tf.layers and the conv ops under them (values and names as TF 2.21 gives them)."""
import numpy as np
import pytest

import tfsess as tf


@pytest.fixture
def g():
    graph = tf.Graph()
    with graph.as_default():
        yield graph


def _op_types(graph, prefix):
    return [op.type for op in graph.get_operations() if op.name.startswith(prefix) and op.type != "Const"
            and "Initializer" not in op.name and "/read" not in op.name and op.type not in ("Assign", "VariableV2")]


def test_nn_conv1d_names_its_conv2d_after_the_scope(g):
    y = tf.nn.conv1d(tf.zeros([1, 6, 2]), tf.zeros([2, 2, 3]), 1, "VALID", name="c1")
    assert y.op.name == "c1/Squeeze"
    assert g.get_operation_by_name("c1").type == "Conv2D"


def test_dilated_conv_layers_run_through_space_to_batch(g):
    y1 = tf.layers.conv1d(tf.zeros([1, 6, 2]), 2, 2, dilation_rate=2)
    y2 = tf.layers.conv2d(tf.zeros([1, 6, 6, 2]), 2, 2, dilation_rate=2)
    assert _op_types(g, "conv1d/") == ["SpaceToBatchND", "ExpandDims", "ExpandDims", "Conv2D", "Squeeze",
                                       "BatchToSpaceND", "BiasAdd"]
    assert _op_types(g, "conv2d/") == ["SpaceToBatchND", "Conv2D", "BatchToSpaceND", "BiasAdd"]
    assert g.get_operation_by_name("conv1d/Conv1D").type == "Conv2D"
    assert y1.shape.as_list() == [1, 4, 2] and y2.shape.as_list() == [1, 4, 4, 2]


def test_dilated_conv_layer_keeps_the_known_dims_of_a_partly_known_input(g):
    x = tf.placeholder(tf.float32, [3, None, 9, 2])
    kernel = np.arange(12, dtype=np.float32).reshape([3, 2, 2, 1]) / 10
    same = tf.layers.conv2d(x, 1, [3, 2], dilation_rate=2, padding="same",
                            kernel_initializer=tf.constant_initializer(kernel))
    valid = tf.layers.conv2d(x, 1, [3, 2], dilation_rate=2, kernel_initializer=tf.constant_initializer(kernel))
    assert same.shape.as_list() == [3, None, 9, 1]
    assert valid.shape.as_list() == [3, None, 7, 1]
    direct = tf.nn.conv2d(x, kernel, 1, "VALID", dilations=2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        feed = {x: np.sin(np.arange(3 * 7 * 9 * 2)).reshape([3, 7, 9, 2]).astype(np.float32)}
        got, want = sess.run([valid, direct], feed)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_built_dense_and_conv_check_their_input_size(g):
    dense = tf.layers.Dense(2, name="fc")
    dense(tf.zeros([1, 3]))
    with pytest.raises(ValueError, match='Input 0 of layer "fc" is incompatible with the layer: expected axis -1 '
                                         "of input shape to have value 3"):
        dense(tf.zeros([1, 4]))
    conv = tf.layers.Conv2D(2, 3, name="cv")
    conv(tf.zeros([1, 4, 4, 1]))
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 1"):
        conv(tf.zeros([1, 4, 4, 2]))
    assert dense(tf.zeros([2, 5, 3])).shape.as_list() == [2, 5, 2]


def test_conv_filters_must_be_positive(g):
    with pytest.raises(ValueError, match="Expected a strictly positive value. Received filters=0"):
        tf.layers.conv2d(tf.zeros([1, 4, 4, 1]), 0, 2)


def test_flatten_reshapes_to_keras_target(g):
    assert tf.layers.flatten(tf.zeros([2, 0, 3])).shape.as_list() == [None, 0]
    assert tf.layers.flatten(tf.placeholder(tf.float32, [2, None, 3])).shape.as_list() == [2, None]
    unknown = tf.layers.flatten(tf.placeholder(tf.float32, [None, None, 3]))
    assert unknown.op.inputs[1].op.name == "flatten_2/Reshape/shape"
    with tf.Session() as sess:
        assert sess.run(tf.layers.flatten(tf.zeros([2, 0, 3]))).shape == (6, 0)  # TF's odd reshape of nothing


def test_batch_norm_config_round_trip_and_axis(g):
    layer = tf.layers.BatchNormalization(axis=1, momentum=0.9, center=False, name="bn")
    config = layer.get_config()
    assert (config["axis"], config["momentum"], config["center"], config["name"]) == (1, 0.9, False, "bn")
    clone = tf.layers.BatchNormalization.from_config(config)
    assert (clone.axis, clone.momentum, clone.center) == (1, 0.9, False)
    clone(tf.zeros([2, 3, 4]), training=False)
    assert clone.axis == [1]
    with pytest.raises(TypeError, match="Expected an int or a list/tuple of ints"):
        tf.layers.BatchNormalization(axis="1")
    dense = tf.layers.Dense.from_config(tf.layers.Dense(3, activation="relu").get_config())
    assert dense.units == 3 and dense.get_config()["activation"] == "relu"


def test_separable_conv1d_adds_bias_before_the_squeeze_and_pads_causally(g):
    x = np.sin(np.arange(12)).reshape([1, 6, 2]).astype(np.float32)
    y = tf.layers.separable_conv1d(tf.constant(x), 1, 2, padding="causal", activation=tf.nn.relu,
                                   depthwise_initializer=tf.ones_initializer(),
                                   pointwise_initializer=tf.ones_initializer(),
                                   bias_initializer=tf.constant_initializer(0.5))
    assert y.op.type == "Relu" and y.op.inputs[0].op.name == "separable_conv1d/Squeeze"
    assert y.shape.as_list() == [1, 6, 1]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run(y)
    padded = np.concatenate([np.zeros([1, 1, 2], np.float32), x], axis=1)
    want = np.maximum(padded[:, :-1].sum(-1) + padded[:, 1:].sum(-1) + 0.5, 0)[..., None]
    np.testing.assert_allclose(got, want, rtol=1e-5)


def test_space_to_batch_keeps_rank_and_channels_with_run_time_paddings(g):
    x = tf.placeholder(tf.float32, [2, None, 6, 3])
    pads = tf.placeholder(tf.int32, [2, 2])
    assert tf.space_to_batch_nd(x, [2, 2], pads).shape.as_list() == [8, None, None, 3]
    assert tf.batch_to_space_nd(x, [2, 1], pads).shape.as_list() == [1, None, None, 3]
    assert tf.space_to_batch_nd(x, tf.placeholder(tf.int32, [2]), pads).shape.as_list() == [None, None, None, 3]


def test_nn_convolution_dilated_over_unknown_sizes_infers_as_tf(g):
    x = tf.placeholder(tf.float32, [2, None, 6, 2])
    y = tf.nn.convolution(x, tf.zeros([2, 3, 2, 1]), "SAME", dilations=[2, 2])
    assert y.shape.as_list() == [2, None, None, 1]  # TF's raw op leaves the spatial sizes to the run
    types = {op.type for op in g.get_operations()}
    assert "Cast" not in types and {"SpaceToBatchND", "BatchToSpaceND"} <= types
    with tf.Session() as sess:
        assert sess.run(y, {x: np.ones([2, 5, 6, 2], np.float32)}).shape == (2, 5, 6, 1)


def test_built_batch_norm_checks_rank_and_axis_size(g):
    bn = tf.layers.BatchNormalization(name="bn")
    bn(tf.zeros([4, 3]), training=False)
    with pytest.raises(ValueError, match="expected axis 1 of input shape to have value 3"):
        bn(tf.zeros([2, 4]))
    with pytest.raises(ValueError, match="expected ndim=2, found ndim=3"):
        bn(tf.zeros([2, 5, 3]))
    assert bn(tf.placeholder(tf.float32, [None, 3])).shape.as_list() == [None, 3]


def test_dense_multiplies_a_sparse_input_as_keras(g):
    sp = tf.SparseTensor([[0, 1], [2, 0], [2, 2]], [1.0, 2.0, 3.0], [3, 3])  # row 1 empty
    kernel = np.arange(6, dtype=np.float32).reshape(3, 2) - 2.0
    y = tf.layers.dense(sp, 2, kernel_initializer=tf.constant_initializer(kernel))
    assert y.shape.as_list() == [None, 2]
    assert "SparseFillEmptyRows" in {op.type for op in g.get_operations()}
    dense = np.array([[0, 1, 0], [0, 0, 0], [2, 0, 3]], np.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(y), dense @ kernel, rtol=1e-6)


def test_conv2d_kernel_rejects_batch_or_depth_strides_and_dilations(g):
    x, w = tf.ones([1, 6, 6, 1]), tf.ones([2, 2, 1, 1])
    with tf.Session() as sess:
        with pytest.raises(tf.errors.UnimplementedError, match="support strides in the batch and depth"):
            sess.run(tf.nn.conv2d(x, w, [2, 1, 1, 1], "VALID"))
        with pytest.raises(tf.errors.InvalidArgumentError, match="support dilations in the batch and depth"):
            sess.run(tf.nn.conv2d(x, w, 1, "VALID", dilations=[1, 1, 1, 2]))
        assert sess.run(tf.nn.conv2d(x, w, 1, "VALID", dilations=[1, 2, 2, 1])).shape == (1, 4, 4, 1)
