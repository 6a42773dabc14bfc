"""Assert and the assert_* family (static failures raise at build time, dynamic ones at run time)."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors
from tfsess.framework.registry import lookup


pytestmark = pytest.mark.usefixtures("reset_graph")


def test_assert_passes_and_fails_with_the_data_in_the_message():
    p = tf.placeholder(tf.int32, [2])
    check = tf.Assert(tf.reduce_all(p > 0), ["values:", p])
    assert check.type == "Assert" and check.name == "Assert/Assert"
    with tf.Session() as sess:
        assert sess.run(check, {p: [1, 2]}) is None
        with pytest.raises(errors.InvalidArgumentError) as info:
            sess.run(check, {p: [0, 2]})
    assert "assertion failed: [values:] [0 2]" in str(info.value)
    assert info.value.op is check


def test_assert_with_float_data_is_guarded_by_a_cond():
    x = tf.placeholder(tf.float32, [])
    check = tf.Assert(x > 0, [x])
    assert check.type == "Merge"
    with tf.Session() as sess:
        sess.run(check, {x: 1.0})
        with pytest.raises(errors.InvalidArgumentError, match=r"\[-2\]"):
            sess.run(check, {x: -2.0})


def test_assert_equal_dynamic_and_static():
    p = tf.placeholder(tf.int32, [2])
    check = tf.assert_equal(p, tf.constant([1, 2]), message="custom")
    with tf.control_dependencies([check]):
        guarded = tf.identity(p) * 10
    with tf.Session() as sess:
        assert sess.run(guarded, {p: [1, 2]}).tolist() == [10, 20]
        with pytest.raises(errors.InvalidArgumentError) as info:
            sess.run(guarded, {p: [1, 3]})
    text = str(info.value)
    assert "custom" in text and "Condition x == y did not hold element-wise" in text and p.name in text
    with pytest.raises(errors.InvalidArgumentError):
        tf.assert_equal(tf.constant(1), tf.constant(2))
    assert tf.assert_equal(tf.constant(1), tf.constant(1)) is not None


@pytest.mark.parametrize("fn,good,bad", [
    (tf.assert_positive, [1, 2], [0, 2]),
    (tf.assert_negative, [-1, -2], [0, -2]),
    (tf.assert_non_negative, [0, 2], [-1, 2]),
    (tf.assert_non_positive, [0, -2], [1, 0]),
])
def test_unary_asserts(fn, good, bad):
    p = tf.placeholder(tf.int32, [2])
    check = fn(p)
    with tf.Session() as sess:
        sess.run(check, {p: good})
        with pytest.raises(errors.InvalidArgumentError):
            sess.run(check, {p: bad})


@pytest.mark.parametrize("fn,x,y,ok", [
    (tf.assert_less, [1, 2], [2, 3], True), (tf.assert_less, [2, 2], [2, 3], False),
    (tf.assert_less_equal, [2, 3], [2, 3], True), (tf.assert_greater, [3, 4], [2, 3], True),
    (tf.assert_greater_equal, [1, 3], [2, 3], False), (tf.assert_none_equal, [1, 2], [2, 1], True),
])
def test_binary_asserts(fn, x, y, ok):
    p = tf.placeholder(tf.int32, [2])
    check = fn(p, tf.placeholder_with_default(np.array(y, np.int32), [2]))
    with tf.Session() as sess:
        if ok:
            sess.run(check, {p: x})
        else:
            with pytest.raises(errors.InvalidArgumentError):
                sess.run(check, {p: x})


def test_rank_type_and_scalar_asserts():
    with pytest.raises(ValueError, match="must have rank 2"):
        tf.assert_rank(tf.ones([3]), 2)
    assert tf.assert_rank(tf.ones([3, 2]), 2).type == "NoOp"
    p = tf.placeholder(tf.float32)
    check = tf.assert_rank_at_least(p, 2)
    with tf.Session() as sess:
        sess.run(check, {p: np.ones((2, 2, 2))})
        with pytest.raises(errors.InvalidArgumentError):
            sess.run(check, {p: np.ones(3)})
    with pytest.raises(TypeError):
        tf.assert_type(tf.ones([2]), tf.int32)
    with pytest.raises(TypeError):
        tf.assert_integer(tf.ones([2]))
    with pytest.raises(ValueError):
        tf.assert_scalar(tf.ones([2]))
    assert tf.is_numeric_tensor(tf.ones([2])) and not tf.is_numeric_tensor(tf.constant("a"))


def test_assert_has_no_gradient():
    assert lookup("Assert").no_gradient
