"""Defects found running whole TF1 programs, round 12."""
import numpy as np
import pytest

import tfsess as tf


def test_gradient_override_map_may_name_a_builtin_ops_gradient(g):
    x = tf.constant([-1.5, 0.2, 2.0])
    with g.gradient_override_map({"Sign": "Identity", "Round": "Identity"}):
        sign = tf.sign(x)
        straight = sign * 3.0 + tf.round(x)
    assert sign.op.get_attr("_gradient_op_type") == b"Identity"
    with tf.Session() as sess:
        assert sess.run(tf.gradients(straight, x)[0]).tolist() == [4.0, 4.0, 4.0]


def test_gradient_override_to_a_not_differentiable_op_gives_none(g):
    x = tf.constant([1.0, 2.0])
    with g.gradient_override_map({"Square": "Shape"}):  # Shape has no gradient
        y = tf.square(x)
    assert tf.gradients(y, x) == [None]


def test_gradient_override_to_an_unknown_name_names_the_op(g):
    x = tf.constant([1.0])
    with g.gradient_override_map({"Square": "NoSuchGradient"}):
        y = tf.square(x, name="sq")
    with pytest.raises(LookupError, match="'sq' \\(op type: Square\\)"):
        tf.gradients(y, x)


def test_gradient_override_survives_graph_def_export_and_import(g):
    x = tf.placeholder(tf.float32, [2], name="x")
    with g.gradient_override_map({"Sign": "Identity"}):
        tf.sign(x, name="s")
    assert g.get_operation_by_name("s").node_def.attr["_gradient_op_type"].s == b"Identity"
    gd = g.as_graph_def()
    with tf.Graph().as_default() as g2:
        tf.import_graph_def(gd, name="")
        xi, si = g2.get_tensor_by_name("x:0"), g2.get_tensor_by_name("s:0")
        with tf.Session() as sess:
            grad = sess.run(tf.gradients(si * 2.0, xi)[0], {xi: np.array([0.5, -3.0], np.float32)})
    assert grad.tolist() == [2.0, 2.0]
    with pytest.raises(ValueError):  # ops made outside the map carry no such attr
        tf.sign(x).op.get_attr("_gradient_op_type")
