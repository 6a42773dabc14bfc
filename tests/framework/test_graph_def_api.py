"""Graph.as_graph_def, Operation.node_def/get_attr and tf.train.write_graph as TF shows them."""
import os

import numpy as np
import pytest

import tfsess as tf

pytest.importorskip("google.protobuf")
from google.protobuf import text_format  # noqa: E402


def test_as_graph_def_is_the_message_with_sorted_control_inputs(g):
    a = tf.constant(1, name="a")
    z = tf.constant(2, name="z")
    with tf.control_dependencies([z, a]):
        tf.no_op(name="done")
    graph_def = g.as_graph_def()
    assert isinstance(graph_def, tf.GraphDef)
    assert list(graph_def.node[2].input) == ["^a", "^z"]  # TF writes control inputs by name
    assert tf.GraphDef.FromString(graph_def.SerializeToString()) == graph_def
    later = g.version
    tf.constant(3, name="late")
    assert len(g.as_graph_def(from_version=later).node) == 4  # TF 2.21 writes every op whatever from_version
    shapes = g.as_graph_def(add_shapes=True).node[0].attr["_output_shapes"].list.shape
    assert len(shapes) == 1 and not shapes[0].dim
    assert g.graph_def_versions.producer == graph_def.versions.producer > 0


def test_node_def_and_tf_type_attrs(g):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    s = tf.reduce_sum(x, axis=1, name="s")
    c = tf.concat([x, x], 1, name="c")
    y = tf.matmul(x, tf.ones([3, 2]), name="y")
    node = s.op.node_def
    assert isinstance(node, tf.NodeDef) and node.name == "s" and list(node.input) == ["x", "s/reduction_indices"]
    assert s.op.get_attr("T") == tf.float32 and s.op.get_attr("Tidx") == tf.int32
    assert c.op.get_attr("N") == 2 and c.op.get_attr("T") == tf.float32
    assert y.op.get_attr("transpose_a") is False and y.op.get_attr("grad_b") is False  # OpDef defaults
    assert 'name: "s"' in str(s.op)
    with pytest.raises(ValueError, match="Operation 's' has no attr named 'nope'"):
        s.op.get_attr("nope")


def test_errors_read_their_node_def_off_the_op(g):
    x = tf.placeholder(tf.float32, name="needed")
    with pytest.raises(tf.errors.InvalidArgumentError) as info:
        tf.Session().run(x + 1.0)
    assert info.value.node_def.name == "needed"
    assert tf.errors.NotFoundError(None, None, "m").node_def is None


def test_write_graph_text_and_binary(g, tmp_path):
    tf.reduce_sum(tf.square(tf.placeholder(tf.float32, [3], name="a")), name="sumsq")
    text_path = tf.train.write_graph(g, str(tmp_path), "g.pbtxt")
    binary_path = tf.train.write_graph(g.as_graph_def(), str(tmp_path / "sub"), "g.pb", as_text=False)
    assert (text_path, binary_path) == (str(tmp_path / "g.pbtxt"), str(tmp_path / "sub" / "g.pb"))
    with open(text_path) as f:
        text = text_format.Parse(f.read(), tf.GraphDef())
    with open(binary_path, "rb") as f:
        binary = tf.GraphDef.FromString(f.read())
    assert text == binary == g.as_graph_def()
    assert sorted(os.listdir(tmp_path)) == ["g.pbtxt", "sub"]  # no temporary file left


def test_session_graph_def(g):
    tf.constant(np.arange(3.0), name="c")
    assert [n.name for n in tf.Session().graph_def.node] == ["c"]
