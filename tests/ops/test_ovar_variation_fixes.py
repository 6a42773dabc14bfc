"""Defects the round-11 variations of the public ops cases exposed (each compared with TF 2.21)."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors


@pytest.fixture(autouse=True)
def _fresh_graph():
    with tf.Graph().as_default():
        yield


def test_integer_mean_adds_in_64_bits_then_casts_back():
    sess = tf.Session()
    assert sess.run(tf.reduce_mean(tf.constant([250, 10], tf.uint8))) == 130
    assert sess.run(tf.reduce_mean(tf.constant([100, 100], tf.int8))) == 100
    assert sess.run(tf.reduce_mean(tf.constant([2 ** 31 - 1] * 2, tf.int32))) == 2 ** 31 - 1
    assert sess.run(tf.reduce_mean(tf.constant([-1, -2], tf.int16))) == -1  # still truncates toward zero
    out = sess.run(tf.reduce_mean(tf.constant([[200, 100]], tf.uint8), axis=1))
    assert out.dtype == np.uint8 and out.tolist() == [150]
    assert sess.run(tf.reduce_sum(tf.constant([250, 10], tf.uint8))) == 4  # a sum still wraps


def test_argmax_and_argmin_pass_over_nan():
    nan = float("nan")
    f = tf.constant([[1.0, nan, 3.0], [2.0, 2.0, -1.0]])
    sess = tf.Session()
    assert sess.run(tf.argmax(f, 0)).tolist() == [1, 1, 0]
    assert sess.run(tf.argmin(f, 0)).tolist() == [0, 1, 1]
    assert sess.run(tf.argmax(f, 1)).tolist() == [2, 0]
    assert sess.run(tf.argmax(tf.constant([nan, nan]))) == 0


def test_constant_of_none_is_a_value_error():
    with pytest.raises(ValueError, match="None values not supported"):
        tf.constant(None)


def test_tensordot_refuses_a_scalar_tensor_axes():
    a = tf.ones([2, 3])
    with pytest.raises(ValueError, match="slice scalar"):
        tf.tensordot(a, tf.ones([3, 2]), tf.constant(1))
    assert tf.Session().run(tf.tensordot(a, tf.ones([3, 2]), tf.constant([[1], [0]]))).tolist() == [[3.0, 3.0]] * 2


def test_integer_realdiv_has_no_kernel_and_fails_every_run_of_its_graph():
    sess = tf.Session()
    a = tf.constant([7, -7], tf.int64)
    assert sess.run(a).tolist() == [7, -7]
    q = tf.realdiv(a, tf.constant([2, 2], tf.int64))
    assert q.dtype == tf.int64  # it builds, as in TF
    for fetch in (q, a):
        with pytest.raises(errors.InvalidArgumentError, match="No OpKernel was registered to support Op 'RealDiv'"):
            sess.run(fetch)
    with tf.Graph().as_default():  # float division keeps its kernel
        assert tf.Session().run(tf.realdiv(tf.constant(3.0, tf.float64), 2.0)) == 1.5


def test_loop_body_changing_a_dtype_fails_every_run_of_its_graph():
    with tf.Graph().as_default():
        tf.while_loop(lambda k: k < 4, lambda k: tf.cast(k, tf.float32), [tf.constant(0)])
        with pytest.raises(errors.InvalidArgumentError, match="incompatible with expected int32"):
            tf.Session().run(tf.constant(1))


def test_softmax_off_the_last_axis_of_unknown_rank_is_a_type_error():
    p = tf.placeholder(tf.float32)
    with pytest.raises(TypeError):
        tf.nn.softmax(p, axis=0)
    assert tf.Session().run(tf.nn.softmax(p), {p: [[1.0, 1.0]]}).tolist() == [[0.5, 0.5]]


def test_sparse_reduce_max_gives_zero_where_no_entry_falls():
    sess = tf.Session()
    st = tf.SparseTensor([[0, 0], [0, 1]], [-5.0, -3.0], [3, 2])
    assert sess.run(tf.sparse.reduce_max(st, axis=1)).tolist() == [-3.0, 0.0, 0.0]
    assert sess.run(tf.sparse.reduce_max(st)) == -3.0
    ints = tf.SparseTensor([[0, 0]], tf.constant([-5], tf.int64), [3, 2])
    assert sess.run(tf.sparse.reduce_max(ints, axis=1)).tolist() == [-5, 0, 0]
    empty = tf.SparseTensor(tf.zeros([0, 1], tf.int64), tf.zeros([0]), [3])
    assert sess.run(tf.sparse.reduce_max(empty)) == 0.0


def test_compute_gradients_of_a_callable_loss_uses_the_tapes_variables():
    w = tf.Variable([1.0])  # a ref variable: a tape does not watch it
    r = tf.get_variable("r", initializer=tf.constant([3.0]), use_resource=True)
    opt = tf.train.GradientDescentOptimizer(0.1)
    assert opt.compute_gradients(lambda: tf.reduce_sum(w * w)) == []
    pairs = opt.compute_gradients(lambda: tf.reduce_sum(w * r))
    assert [v.name for _, v in pairs] == ["r:0"]
    with pytest.raises(ValueError, match="No gradients provided"):
        opt.minimize(lambda: tf.reduce_sum(w * w))


def test_argmax_output_type_must_be_an_index_type():
    with pytest.raises(TypeError, match="output_type"):
        tf.argmax(tf.constant([1.0]), 0, output_type=tf.float32)
    assert tf.argmin(tf.constant([1.0]), 0, output_type=tf.int16).dtype == tf.int16


def test_max_pool_with_argmax_returns_tfs_namedtuple():
    out = tf.nn.max_pool_with_argmax(tf.reshape(tf.range(8.0), [1, 2, 2, 2]), [1, 2, 2, 1], [1, 1, 1, 1], "VALID")
    assert type(out).__name__ == "MaxPoolWithArgmax" and out._fields == ("output", "argmax")
    value = tf.Session().run(out)
    assert value.output.ravel().tolist() == [6.0, 7.0] and value.argmax.ravel().tolist() == [6, 7]


def test_leaky_relu_alpha_is_a_32_bit_float_attr_even_for_float64():
    x = tf.constant([-1.0, 0.0], tf.float64)
    y = tf.nn.leaky_relu(x, 0.3)
    value, grad = tf.Session().run([y, tf.gradients(y, x)[0]])
    assert value[0] == -float(np.float32(0.3)) and grad.tolist() == [float(np.float32(0.3))] * 2
