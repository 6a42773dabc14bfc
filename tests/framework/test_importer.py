"""import_graph_def: GraphDefs written by TF and by tfsess, input_map, return_elements, errors."""
import os

import numpy as np
import pytest

import tfsess as tf

pytest.importorskip("google.protobuf")
from tfsess.framework.errors import NotFoundError  # noqa: E402

FIXTURES = "/work/shared/conformance/cases/interop_fixtures"
BATCH = np.array([[1.0, 2.0, 3.0], [0.0, -1.0, 4.0]], np.float32)


def _fixture():
    path = os.path.join(FIXTURES, "affine.pb")
    if not os.path.exists(path):
        pytest.skip("the TF-written fixture is not on this machine")
    graph_def = tf.GraphDef()
    with open(path, "rb") as f:
        graph_def.ParseFromString(f.read())
    return graph_def


def _expected_probs(batch):
    w = np.array([[1.0, -1.0], [0.5, 2.0], [0.0, 0.25]], np.float32)
    logits = batch @ w + np.array([0.1, -0.2], np.float32)
    e = np.exp(logits - logits.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


def test_tf_written_graph_def_runs_under_its_own_names(g):
    result = tf.import_graph_def(_fixture(), name="")
    assert result is None
    assert sorted((op.name, op.type) for op in g.get_operations()) == [
        ("MatMul", "MatMul"), ("W", "Const"), ("b", "Const"), ("input", "Placeholder"), ("logits", "BiasAdd"),
        ("probs", "Softmax")]
    assert g.get_tensor_by_name("input:0").shape.as_list() == [None, 3]
    assert g.get_tensor_by_name("probs:0").shape.as_list() == [None, 2]  # inference ran
    assert g.get_operation_by_name("MatMul").get_attr("grad_a") is False  # TF attrs are kept
    np.testing.assert_allclose(tf.Session().run("probs:0", {"input:0": BATCH}), _expected_probs(BATCH), rtol=1e-6)


def test_input_map_and_return_elements(g):
    fed = tf.constant(BATCH * 2.0, name="fed")
    logits, probs_op = tf.import_graph_def(_fixture(), input_map={"input:0": fed},
                                           return_elements=["logits:0", "probs"], name="net")
    assert (logits.name, probs_op.name, probs_op.type) == ("net/logits:0", "net/probs", "Softmax")
    assert g.get_operation_by_name("net/MatMul").inputs[0] is fed
    np.testing.assert_allclose(tf.Session().run(probs_op.outputs[0]), _expected_probs(BATCH * 2.0), rtol=1e-6)


def test_default_scope_is_made_unique(g):
    tf.import_graph_def(_fixture())
    tf.import_graph_def(_fixture())
    names = {op.name for op in g.get_operations()}
    assert {"import/probs", "import_1/probs"} <= names
    assert tf.constant(0.0, name="import").op.name == "import_2"  # imported scopes are taken
    with pytest.raises(KeyError):
        g.get_tensor_by_name("probs:0")


def test_own_graph_def_round_trip_keeps_inputs_controls_devices_and_attrs(g):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    parts = tf.unstack(tf.reshape(x, [-1, 2, 1]), axis=1, name="parts")
    with tf.device("/cpu:0"):
        total = tf.add(parts[0], parts[1], name="total")
    with tf.control_dependencies([total]):
        out = tf.identity(tf.reduce_sum(total, axis=1), name="out")
    graph_def = g.as_graph_def()
    g2 = tf.Graph()
    with g2.as_default():
        (y,) = tf.import_graph_def(graph_def, return_elements=["out:0"], name="copy")
        total2 = g2.get_operation_by_name("copy/total")
        assert [t.name for t in total2.inputs] == ["copy/parts:0", "copy/parts:1"]
        assert total2.device == total.op.device
        controlled = [op.name for op in g.get_operations() if op.control_inputs]
        assert controlled  # the reduction's axis constant waits for `total`
        for name in controlled:
            assert [c.name for c in g2.get_operation_by_name("copy/" + name).control_inputs] == ["copy/total"]
        assert g2.get_operation_by_name("copy/parts").get_attr("num") == 2
        assert y.shape.as_list() == out.shape.as_list() == [None]
        value = tf.Session(graph=g2).run(y, {"copy/x:0": [[1.0, 2.0], [3.0, -4.0]]})
    np.testing.assert_allclose(value, [3.0, -1.0])


def test_control_inputs_can_be_mapped(g):
    a = tf.constant(1.0, name="a")
    with tf.control_dependencies([a]):
        tf.constant(2.0, name="b")
    graph_def = g.as_graph_def()
    with tf.Graph().as_default() as g2:
        gate = tf.no_op(name="gate")
        tf.import_graph_def(graph_def, input_map={"^a": gate}, name="m")
        assert g2.get_operation_by_name("m/b").control_inputs == [gate]


def test_unknown_op_type_is_not_found_naming_it(g):
    graph_def = tf.GraphDef()
    graph_def.node.add(name="odd", op="NoSuchOpAnywhere")
    with pytest.raises(NotFoundError, match="Op type not registered 'NoSuchOpAnywhere'"):
        tf.import_graph_def(graph_def)


def test_bad_references_raise_value_errors(g):
    graph_def = tf.GraphDef()
    node = graph_def.node.add(name="y", op="Identity", input=["missing"])
    node.attr["T"].type = tf.float32.as_datatype_enum
    with pytest.raises(ValueError, match="Node 'y': Unknown input node 'missing'"):
        tf.import_graph_def(graph_def)
    one = tf.GraphDef()
    one.node.add().CopyFrom(tf.constant(1.0, name="c").op.node_def)
    with pytest.raises(ValueError, match=r"not found in graph_def: \[q:0\]"):
        tf.import_graph_def(one, input_map={"q:0": tf.constant(0.0)})
    with pytest.raises(ValueError, match="Requested return tensor 'zz:0' not found"):
        tf.import_graph_def(one, return_elements=["zz:0"])
    with pytest.raises(ValueError, match="Requested return node 'zz' not found"):
        tf.import_graph_def(one, return_elements=["zz"])


def test_attr_values_convert_to_tfsess_forms(g):
    from tfsess.framework.importer import attr_to_value
    v = tf.Variable(tf.zeros([2, 3]), name="v")
    node = g.get_operation_by_name("v").node_def
    assert attr_to_value(node.attr["shape"]) == [2, 3]
    assert attr_to_value(node.attr["dtype"]) == tf.float32
    const = g.get_operation_by_name("zeros").node_def
    assert attr_to_value(const.attr["value"]).shape == (2, 3)
    assert attr_to_value(tf.AttrValue(list=tf.AttrValue.ListValue(s=[b"loc:@v"]))) == ["loc:@v"]
    assert attr_to_value(tf.AttrValue(list=tf.AttrValue.ListValue())) == []
    graph_def = g.as_graph_def()
    with tf.Graph().as_default() as g2:
        tf.import_graph_def(graph_def, name="i")
        assert g2.get_operation_by_name("i/v/read").get_attr("_class") == [b"loc:@i/v"]
        sess = tf.Session(graph=g2)
        sess.run("i/v/Assign")
        np.testing.assert_array_equal(sess.run("i/v:0"), np.zeros((2, 3), np.float32))
    assert v.op.name == "v"


def test_input_map_values_that_are_not_tensors_become_constants_in_the_scope(g):
    graph_def = tf.GraphDef()
    graph_def.node.add(name="x", op="Placeholder").attr["dtype"].type = tf.float32.as_datatype_enum
    graph_def.node.add(name="y", op="Neg", input=["x"]).attr["T"].type = tf.float32.as_datatype_enum
    (y,) = tf.import_graph_def(graph_def, input_map={"x": [1.0, 2.0]}, return_elements=["y:0"])
    assert [op.name for op in g.get_operations()] == ["import/_inputs/Const", "import/x", "import/y"]
    np.testing.assert_array_equal(tf.Session().run(y), [-1.0, -2.0])
    with pytest.raises(ValueError, match="requires a non-empty `name`"):
        tf.import_graph_def(graph_def, input_map={"x": [1.0]}, name="")


def test_missing_attrs_take_op_def_defaults(g):
    graph_def = tf.GraphDef()
    graph_def.node.add(name="p", op="Placeholder").attr["dtype"].type = tf.int32.as_datatype_enum  # no shape
    tf.import_graph_def(graph_def, name="d")
    op = g.get_operation_by_name("d/p")
    assert op.get_attr("shape") is None and op.outputs[0].shape.ndims is None
    with pytest.raises(tf.errors.InvalidArgumentError, match="must feed a value for placeholder tensor 'd/p'"):
        tf.Session().run(op.outputs[0])


def test_names_taken_in_the_graph_are_made_unique_without_a_scope(g):
    graph_def = tf.GraphDef()
    graph_def.node.add().CopyFrom(tf.constant(1.0, name="x").op.node_def)
    graph_def.node.add(name="y", op="Neg", input=["x"]).attr["T"].type = tf.float32.as_datatype_enum
    x2, y2 = tf.import_graph_def(graph_def, return_elements=["x:0", "y:0"], name="")
    assert (x2.op.name, y2.op.name, y2.op.inputs[0] is x2) == ("x_1", "y", True)


def test_failed_import_leaves_the_graph_as_it_was():
    graph_def = _fixture()
    with tf.Graph().as_default() as g:
        before = [op.name for op in g.get_operations()]
        with pytest.raises(ValueError, match="Requested return node"):
            tf.import_graph_def(graph_def, return_elements=["^probs"])
        with pytest.raises(ValueError, match="Shape must be rank 2"):
            tf.import_graph_def(graph_def, input_map={"input:0": tf.constant(1.0, name="scalar")}, name="bad")
        assert [op.name for op in g.get_operations()] == before + ["scalar"]
        probs, = tf.import_graph_def(graph_def, return_elements=["probs:0"], name="ok")
        assert tf.Session().run(probs, {"ok/input:0": [[1.0, 2.0, 3.0]]}).shape == (1, 2)
