"""Round-13 fixes in tf.layers and the ops under them: shape errors naming their node, flatten's data_format,
a scope's regularizer beside a layer's own, gradient zeros in a cond branch, fused_batch_norm and LRN."""
import numpy as np
import pytest

import tfsess as tf


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default():
        yield


def test_conv_window_too_big_names_the_node_and_input_shapes():
    x = tf.zeros([1, 4, 4, 1])
    with pytest.raises(ValueError) as info:
        tf.layers.conv2d(x, 1, 5)
    text = str(info.value)
    assert text.startswith("Negative dimension size caused by subtracting 5 from 4 for '{{node conv2d/Conv2D}} = "
                           "Conv2D[")
    assert 'padding="VALID"' in text and "strides=[1, 1, 1, 1]" in text
    assert text.endswith("(zeros, conv2d/kernel/read)' with input shapes: [1,4,4,1], [5,5,1,1].")


def test_max_pool_window_too_big_names_the_node():
    with pytest.raises(ValueError,
                       match=r"subtracting 3 from 2 for '\{\{node pool\}\} = MaxPool\[.*ksize=\[1, 3, 3, 1\]"):
        tf.nn.max_pool(tf.zeros([1, 2, 2, 1]), 3, 1, "VALID", name="pool")


def test_placeholder_with_default_converts_its_input_in_its_scope_and_merges_shapes():
    p = tf.placeholder_with_default([1.0, 2.0], [None], name="x")
    assert p.op.inputs[0].op.name == "x/input" and p.shape.as_list() == [None]
    with pytest.raises(ValueError, match=r"^Dimension 0 in both shapes must be equal, but are 2 and 3\. Shapes are "
                                         r"\[2\] and \[3\]\. for '\{\{node PlaceholderWithDefault\}\} = "
                                         r"PlaceholderWithDefault\[shape=\[3\]\]"):
        tf.placeholder_with_default([1, 2], [3])
    with pytest.raises(ValueError, match="Shapes must be equal rank, but are 2 and 1"):
        tf.placeholder_with_default([[1, 2]], [None])


def test_flatten_checks_data_format_and_takes_any_case():
    x = tf.reshape(tf.range(12), [1, 2, 3, 2])
    with pytest.raises(ValueError, match='must be one of "channels_first", "channels_last". Received: NCHW'):
        tf.layers.flatten(x, data_format="NCHW")
    y = tf.layers.flatten(x, data_format="CHANNELS_FIRST")
    assert tf.Session().run(y).tolist() == [[0, 6, 1, 7, 2, 8, 3, 9, 4, 10, 5, 11]]


def test_scope_regularizer_and_layer_regularizer_both_count():
    x = tf.constant([[1.0, 2.0]])
    with tf.variable_scope("r", regularizer=lambda w: tf.reduce_sum(w)):
        scoped = tf.layers.Dense(2, kernel_initializer=tf.constant_initializer(1.0), name="a")
        scoped(x)
        own = tf.layers.Dense(2, kernel_initializer=tf.constant_initializer(1.0), name="b",
                              kernel_regularizer=lambda w: 10.0 * tf.reduce_sum(w))
        own(x)
        own(x)  # a second call adds nothing
    with tf.variable_scope("r", reuse=True):  # nor does a reused variable
        tf.layers.dense(x, 2, name="b", kernel_regularizer=lambda w: 3.0 * tf.reduce_sum(w))
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert [t.name for t in losses] == ["r/a/kernel/Regularizer/Sum:0", "r/a/bias/Regularizer/Sum:0",
                                        "r/b/kernel/Regularizer/Sum:0", "r/b/kernel/Regularizer/mul:0",
                                        "r/b/bias/Regularizer/Sum:0"]
    assert scoped.losses == [] and [t.name for t in own.losses] == ["r/b/kernel/Regularizer/mul:0"]
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    assert sess.run(losses) == [4.0, 0.0, 4.0, 40.0, 0.0]


def test_regularizer_returning_none_adds_no_loss():
    tf.layers.dense(tf.ones([1, 2]), 2, kernel_regularizer=lambda w: None)
    assert tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES) == []


def test_cond_branch_switch_gets_guarded_zeros_as_tf():
    x = tf.constant([[1.0, 2.0, 3.0]])
    training = tf.placeholder_with_default(False, [])
    y = tf.layers.dropout(x, rate=0.5, training=training, seed=1)
    g = tf.gradients(tf.reduce_sum(y * 3.0), x)[0]
    types = {op.type for op in tf.get_default_graph().get_operations() if op.name.startswith("gradients/")}
    assert {"Switch", "Identity", "Shape", "Fill", "Merge"} <= types and "ZerosLike" not in types
    sess = tf.Session()
    assert sess.run(g).tolist() == [[3.0, 3.0, 3.0]]
    assert sorted(set(sess.run(g, {training: True}).ravel().tolist())) <= [0.0, 6.0]


def test_unused_output_gets_a_zeros_like_op_as_tf():
    x = tf.constant([1.0, 2.0, 3.0, 4.0])
    a, _ = tf.split(x, 2)
    g = tf.gradients(a * 2.0, x)[0]
    assert "ZerosLike" in {op.type for op in tf.get_default_graph().get_operations()}
    assert tf.Session().run(g).tolist() == [2.0, 2.0, 0.0, 0.0]


def test_select_v2_gradient_zeros_are_a_scalar():
    c = tf.constant([True, False])
    x, y = tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0])
    gx, gy = tf.gradients(tf.where_v2(c, x, y), [x, y])
    zeros = [op for op in tf.get_default_graph().get_operations() if op.name.endswith("_grad/zeros")]
    assert [z.outputs[0].shape.as_list() for z in zeros] == [[]]
    sess = tf.Session()
    assert sess.run(gx).tolist() == [1.0, 0.0] and sess.run(gy).tolist() == [0.0, 1.0]


def test_fused_batch_norm_dtypes_as_tf():
    x = tf.ones([1, 2, 2, 2])
    with pytest.raises(TypeError, match="parameter 'x' has DataType float64 not in list of allowed values: "
                                        "float16, bfloat16, float32"):
        tf.nn.fused_batch_norm(tf.cast(x, tf.float64), tf.ones([2], tf.float64), tf.zeros([2], tf.float64))
    with pytest.raises(TypeError, match="parameter 'scale' has DataType float16"):
        tf.nn.fused_batch_norm(tf.cast(x, tf.float16), tf.ones([2], tf.float16), tf.zeros([2], tf.float16))
    y, m, v = tf.nn.fused_batch_norm(tf.cast(x, tf.float16), tf.ones([2]), tf.zeros([2]))
    assert (y.dtype, m.dtype) == (tf.float16, tf.float32)
    with pytest.raises(ValueError, match=r"^Shape must be rank 4 but is rank 5 for '\{\{node FusedBatchNormV3_1\}\}"):
        tf.nn.fused_batch_norm(tf.zeros([1, 1, 2, 2, 2]), tf.ones([2]), tf.zeros([2]))


def test_fused_batch_norm_unknown_rank_and_small_epsilon():
    y, _, _ = tf.nn.fused_batch_norm(tf.placeholder(tf.float32), tf.ones([3]), tf.zeros([3]), data_format="NCHW")
    assert y.shape.as_list() == [None, 3, None, None]
    z = tf.nn.fused_batch_norm(tf.ones([1, 1, 1, 1]), tf.ones([1]), tf.zeros([1]), mean=tf.zeros([1]),
                               variance=tf.zeros([1]), epsilon=1e-8, is_training=False)[0]
    assert z.op.get_attr("epsilon") == pytest.approx(1e-8)  # no floor: TF 2.21 has none
    assert tf.Session().run(z).ravel()[0] == pytest.approx(1e4, rel=1e-4)
    assert [i.op.name for i in z.op.inputs[3:]] == ["zeros_2", "zeros_3"]


def test_lrn_of_unknown_rank_is_rank_4():
    assert tf.nn.lrn(tf.placeholder(tf.float32)).shape.ndims == 4
    with pytest.raises(ValueError,
                       match=r"Shape must be rank 4 but is rank 3 for '\{\{node LRN_1\}\} = LRN\[alpha=1, beta=0.5"):
        tf.nn.lrn(tf.zeros([1, 2, 3]))


def test_lrn_in_half_rounds_each_step_as_tf_cpu_kernel():
    x = np.array([[[[0.783, 0.9736, 0.4275]]]], np.float16)
    y = tf.Session().run(tf.nn.lrn(tf.constant(x), 1, alpha=0.5))
    assert y.dtype == np.float16
    assert y.ravel().astype(np.float32).tolist() == [0.5869140625, 0.7119140625, 0.341796875]  # TF 2.21's values
