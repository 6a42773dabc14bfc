"""tf.graph_util: extract_sub_graph, convert_variables_to_constants, remove_training_nodes, must_run_on_cpu."""
import numpy as np
import pytest

import tfsess as tf

pytest.importorskip("google.protobuf")


def _model():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[1.0, -1.0], [2.0, 0.5]], name="w")
    b = tf.Variable([0.25, 0.75], name="b")
    return x, w, b, tf.nn.relu(tf.matmul(x, w) + b, name="y")


def test_extract_sub_graph_keeps_what_the_destinations_read_in_order(g):
    x, w, b, y = _model()
    tf.identity(w, name="unused_branch")
    sub = tf.graph_util.extract_sub_graph(g.as_graph_def(), ["unused_branch"])
    assert [n.name for n in sub.node] == ["w", "w/read", "unused_branch"]
    assert sub.versions.producer == g.as_graph_def().versions.producer
    with pytest.raises(AssertionError, match="nope is not in graph"):
        tf.graph_util.extract_sub_graph(g.as_graph_def(), ["nope"])
    with pytest.raises(TypeError, match="dest_nodes must be an iterable of strings"):
        tf.graph_util.extract_sub_graph(g.as_graph_def(), "y")
    with pytest.raises(TypeError, match="graph_def must be a graph_pb2.GraphDef"):
        tf.graph_util.extract_sub_graph(g, ["y"])


def test_freeze_turns_variables_into_constants_that_import_and_run(g):
    x, w, b, y = _model()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(b.assign([1.0, -5.0]))
    frozen = tf.graph_util.convert_variables_to_constants(sess, sess.graph_def, ["y"])
    ops = {n.name: n.op for n in frozen.node}
    assert ops["w"] == ops["b"] == "Const" and "VariableV2" not in ops.values()
    assert "w/Assign" not in ops  # only what `y` reads
    with tf.Graph().as_default() as g2:
        (yy,) = tf.import_graph_def(frozen, return_elements=["y:0"], name="")
        np.testing.assert_allclose(tf.Session(graph=g2).run(yy, {"x:0": [[1.0, 2.0]]}), [[6.0, 0.0]])
    kept = tf.graph_util.convert_variables_to_constants(sess, sess.graph_def, ["y"], variable_names_blacklist=["w"])
    assert {n.name: n.op for n in kept.node}["w"] == "VariableV2"


def test_remove_training_nodes_splices_identities(g):
    a = tf.constant([1.0, 2.0], name="a")
    i = tf.identity(a, name="i")
    tf.square(i, name="sq")
    tf.identity(i, name="kept")
    graph_def = g.as_graph_def()
    graph_def.node.add(name="check", op="CheckNumerics", input=["a"])
    graph_def.node.add(name="uses_check", op="Neg", input=["check"])
    out = tf.graph_util.remove_training_nodes(graph_def, protected_nodes=["kept"])
    by_name = {n.name: list(n.input) for n in out.node}
    # as TF: spliced identities hand on their input; readers of CheckNumerics lose that input
    assert by_name == {"a": [], "sq": ["a"], "kept": ["a"], "uses_check": []}


def test_must_run_on_cpu(g):
    assert tf.graph_util.must_run_on_cpu(tf.constant(1, name="i").op)
    assert not tf.graph_util.must_run_on_cpu(tf.constant(1.0, name="f").op.node_def)
    v = tf.Variable(1.0, name="v")
    assert tf.graph_util.must_run_on_cpu(v.op, pin_variables_on_cpu=True)
    assert not tf.graph_util.must_run_on_cpu(v.op)
