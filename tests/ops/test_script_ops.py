"""py_func and numpy_function: Python functions as graph ops."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors
from tfsess.framework.registry import lookup


pytestmark = pytest.mark.usefixtures("reset_graph")


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


def test_py_func_ops_have_no_gradient():
    assert lookup("PyFunc").no_gradient and lookup("PyFuncStateless").no_gradient
    x = tf.constant([1.0])
    y = tf.py_func(lambda a: a, [x], tf.float32)
    assert tf.gradients(y, x) == [None]


def test_op_errors_raised_in_python_functions_become_unknown_errors():
    def aborted():
        raise tf.errors.AbortedError(None, None, "preempted")

    with tf.Graph().as_default():
        with tf.Session() as sess:
            for out in (tf.py_func(aborted, [], tf.int64), tf.py_function(aborted, [], tf.int64)):
                with pytest.raises(tf.errors.UnknownError, match="preempted"):
                    sess.run(out)
