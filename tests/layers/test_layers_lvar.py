"""tf.layers corners found by the lvar variations: integer inputs, inputs with several batch
dimensions, scalar inputs to flatten."""
import numpy as np
import pytest

import tfsess as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default():
        yield


def test_functional_conv2d_takes_integer_inputs_dtype():
    x = tf.reshape(tf.range(16), [1, 4, 4, 1])
    y = tf.layers.conv2d(x, 1, 2, kernel_initializer=tf.constant_initializer(2),
                         bias_initializer=tf.constant_initializer(1))
    z = tf.layers.conv2d(x, 1, 2)  # no initializer: an integer kernel starts at zero
    assert [v.dtype.base_dtype for v in tf.global_variables()] == [tf.int32] * 4
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        expected = 2 * np.array([[10, 14, 18], [26, 30, 34], [42, 46, 50]], np.int32) + 1
        np.testing.assert_array_equal(sess.run(y)[0, :, :, 0], expected)
        np.testing.assert_array_equal(sess.run(z), np.zeros([1, 3, 3, 1], np.int32))


def test_conv2d_folds_leading_batch_dimensions():
    x = np.arange(2 * 3 * 4 * 4 * 2, dtype=np.float32).reshape(2, 3, 4, 4, 2) / 50
    init = dict(kernel_initializer=tf.constant_initializer(0.3), bias_initializer=tf.constant_initializer(1.0))
    y = tf.layers.conv2d(tf.constant(x), 2, 2, **init)
    flat = tf.layers.conv2d(tf.constant(x.reshape(6, 4, 4, 2)), 2, 2, **init)
    assert y.shape.as_list() == [2, 3, 3, 3, 2]
    assert y.op.name == "conv2d/squeeze_batch_dims/Reshape_1"
    assert tf.get_default_graph().get_operation_by_name("conv2d/Conv2D/Conv2D").type == "Conv2D"
    p = tf.placeholder(tf.float32, [None, 3, 4, 4, 2])
    z = tf.layers.conv2d(p, 1, 3, padding="same", use_bias=False)
    assert z.shape.as_list() == [None, 3, 4, 4, 1]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_allclose(sess.run(y).reshape(6, 3, 3, 2), sess.run(flat), rtol=1e-6)
        assert sess.run(z, {p: x}).shape == (2, 3, 4, 4, 1)


@pytest.mark.parametrize("make", [lambda x: tf.layers.max_pooling2d(x, 2, 2),
                                  lambda x: tf.layers.conv2d_transpose(x, 1, 2)])
def test_other_2d_layers_still_want_rank_4(make):
    with pytest.raises(ValueError, match="expected ndim=4, found ndim=5"):
        make(tf.zeros([1, 2, 4, 4, 1]))


def test_flatten_of_a_scalar_raises_value_error():
    with pytest.raises(ValueError, match="expected min_ndim=1, found ndim=0"):
        tf.layers.flatten(tf.constant(1.0))


def test_frozen_batch_norm_adds_no_update_ops():
    x = tf.constant(np.arange(8, dtype=np.float32).reshape(4, 2))
    frozen = tf.layers.BatchNormalization(trainable=False)
    frozen(x, training=True)
    tf.layers.batch_normalization(x, training=True)
    assert frozen.updates == []
    assert len(tf.get_collection(tf.GraphKeys.UPDATE_OPS)) == 2


def test_in_top_k_op_names():
    p = tf.constant([[0.1, 0.5]])
    assert tf.nn.in_top_k(p, [1], 1).op.name == "in_top_k/InTopKV2"
    assert tf.nn.in_top_k(p, [1], 1, name="topk").op.name == "topk/topk"


def test_fused_batch_norm_bad_data_format_and_none_params():
    with pytest.raises(ValueError, match="Attr 'data_format' of 'FusedBatchNormV3' Op passed string 'NCWH'"):
        tf.nn.fused_batch_norm(tf.ones([1, 2, 2, 2]), tf.ones([2]), tf.zeros([2]), data_format="NCWH")
    with pytest.raises(ValueError, match="params must be specified"):
        tf.nn.embedding_lookup(None, [0])
