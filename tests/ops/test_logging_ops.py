"""Assert and the assert_* family, Print/tf.print (to sys.stderr), and py_func."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors
from tfsess.ops.logging_ops import summarize_v2, summarize_value


pytestmark = pytest.mark.usefixtures("reset_graph")


def test_summaries_follow_tf_formatting():
    assert summarize_value(np.array([1, 3], np.int32)) == "1 3"
    assert summarize_value(np.array([1, 2, 3, 4, 5])) == "1 2 3..."
    assert summarize_value(np.array([[1, 2], [3, 4]])) == "[1 2][3...]..."
    assert summarize_value(np.array(2.5, np.float32)) == "2.5"
    assert summarize_value(np.array([0.1], np.float32)) == "0.1"
    assert summarize_value(np.array([True, False])) == "1 0"
    assert summarize_value(np.array([b"a\nb"], dtype=object)) == "a\\nb"
    assert summarize_v2(np.array([[1, 2], [3, 4]])) == "[[1 2]\n [3 4]]"
    assert summarize_v2(np.arange(10), 2) == "[0 1 ... 8 9]"


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


def test_print_writes_to_stderr_and_passes_through(capsys):
    x = tf.placeholder(tf.int32, [None])
    printed = tf.Print(x, [x, "tag"], "value: ")
    once = tf.Print(x, [x], "once: ", first_n=1)
    with tf.Session() as sess:
        assert sess.run(printed + 1, {x: [4, 5]}).tolist() == [5, 6]
        sess.run(once, {x: [1]})
        sess.run(once, {x: [2]})
    err = capsys.readouterr().err
    assert "value: [4 5][tag]" in err
    assert err.count("once: ") == 1


def test_print_gradient_passes_through():
    v = tf.constant([1.0, 2.0])
    grad = tf.gradients(tf.reduce_sum(tf.Print(v, [v]) * 3.0), v)[0]
    with tf.Session() as sess:
        assert sess.run(grad).tolist() == [3.0, 3.0]


def test_tf_print(capsys):
    op = tf.print("x is", tf.constant([[1, 2], [3, 4]]), "!", sep="|")
    with tf.Session() as sess:
        sess.run(op)
    assert capsys.readouterr().err == "x is|[[1 2]\n [3 4]]|!\n"


def test_py_func_values_lists_and_errors():
    x = tf.placeholder(tf.int32, [None])
    doubled = tf.py_func(lambda a: a * 2, [x], tf.int32)
    pair = tf.py_func(lambda a: (a + 1, np.float32(a.sum())), [x], [tf.int32, tf.float32])
    wrong_dtype = tf.py_func(lambda a: a.astype(np.float64), [x], tf.float32)
    wrong_count = tf.py_func(lambda a: (a, a), [x], tf.int32)
    raises = tf.py_func(lambda a: (_ for _ in ()).throw(ValueError("boom")), [x], tf.int32)
    unknown = tf.py_func(lambda a: 1 / 0, [x], tf.int32)
    strings = tf.py_func(lambda a: np.array(["a", "bc"]), [x], tf.string)
    assert doubled.op.type == "PyFunc" and isinstance(pair, list) and doubled.shape.ndims is None
    assert tf.py_func(lambda a: a, [x], tf.int32, stateful=False).op.type == "PyFuncStateless"
    with tf.Session() as sess:
        assert sess.run(doubled, {x: [4, 5]}).tolist() == [8, 10]
        plus, total = sess.run(pair, {x: [1, 2]})
        assert plus.tolist() == [2, 3] and total == 3.0
        assert sess.run(strings, {x: [1]}).tolist() == [b"a", b"bc"]
        with pytest.raises(errors.InvalidArgumentError, match="0-th value returned by pyfunc_.* is double"):
            sess.run(wrong_dtype, {x: [1]})
        with pytest.raises(errors.InvalidArgumentError, match="returns 2 values"):
            sess.run(wrong_count, {x: [1]})
        with pytest.raises(errors.InvalidArgumentError, match="boom"):
            sess.run(raises, {x: [1]})
        with pytest.raises(errors.UnknownError, match="ZeroDivisionError"):
            sess.run(unknown, {x: [1]})
    with pytest.raises(ValueError):
        tf.py_func(3, [x], tf.int32)
