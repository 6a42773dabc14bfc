"""tf.debugging.enable_check_numerics in graph mode: the checks, their order, message, and the switch off."""
import threading

import numpy as np
import pytest

import tfsess as tf


@pytest.fixture
def checking():
    tf.debugging.enable_check_numerics()
    yield
    tf.debugging.disable_check_numerics()


def test_checks_run_before_consumers_and_name_the_op(checking):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [2], name="x")
        z = tf.log(x, name="mylog") * 2.0
        types = [op.type for op in tf.get_default_graph().get_operations()]
        assert types == ["Placeholder", "CheckNumericsV2", "Log", "CheckNumericsV2", "Const", "CheckNumericsV2",
                         "Mul", "CheckNumericsV2"]
        with tf.Session() as sess:
            np.testing.assert_allclose(sess.run(z, {x: [1.0, 1.0]}), [0.0, 0.0])
            with pytest.raises(tf.errors.InvalidArgumentError, match='graph op "Log"') as info:
                sess.run(z, {x: [-1.0, 1.0]})
            assert "mylog/CheckNumericsV2" in str(info.value) and "Tensor had NaN values" in str(info.value)
            np.testing.assert_allclose(sess.run(z, {x: [1.0, 1.0]}), [0.0, 0.0])


def test_integer_and_safe_ops_are_not_checked(checking):
    with tf.Graph().as_default():
        tf.reshape(tf.constant([1, 2]) + 1, [2, 1])
        types = [op.type for op in tf.get_default_graph().get_operations()]
        assert "CheckNumericsV2" not in types


def test_other_threads_and_disabled_periods_are_not_instrumented(checking):
    graph = tf.Graph()

    def build():
        with graph.as_default():
            tf.log(tf.constant(1.0))
    worker = threading.Thread(target=build)
    worker.start()
    worker.join()
    tf.debugging.disable_check_numerics()
    with graph.as_default():
        tf.log(tf.constant(2.0))
    assert "CheckNumericsV2" not in [op.type for op in graph.get_operations()]


def test_control_flow_keeps_working_and_is_checked(checking):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [2])
        _, looped = tf.while_loop(lambda i, v: i < 3, lambda i, v: (i + 1, tf.log(v + 1.0) * x), [tf.constant(0), x])
        branch = tf.cond(tf.reduce_sum(x) > 0, lambda: tf.sqrt(x), lambda: tf.log(x))
        (grad,) = tf.gradients(tf.reduce_sum(looped * branch), x)
        with tf.Session() as sess:
            values = sess.run([looped, branch, grad], {x: [1.0, 2.0]})
            assert all(np.isfinite(v).all() for v in values)
            with pytest.raises(tf.errors.InvalidArgumentError, match="Detected Infinity or NaN"):
                sess.run(grad, {x: [-5.0, 2.0]})
