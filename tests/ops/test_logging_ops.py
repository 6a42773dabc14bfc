"""Print and tf.print (to sys.stderr) and the value summaries they show."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework.registry import lookup
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


def test_print_v2_has_no_gradient_and_print_passes_it_through():
    assert lookup("PrintV2").no_gradient and not lookup("Print").no_gradient
