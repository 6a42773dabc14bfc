"""graph_to_graph_def / graph_to_meta_graph_def: a tfsess Graph as TensorFlow's protos."""
import numpy as np
import pytest

import tfsess as tf

pytest.importorskip("google.protobuf")
from tfsess.framework.graph_def import graph_to_graph_def, graph_to_meta_graph_def  # noqa: E402
from tfsess.framework.versions import GRAPH_DEF_VERSION  # noqa: E402
from tfsess.framework.tensor_proto import make_ndarray  # noqa: E402
from tfsess.protos import variable_pb2  # noqa: E402


def nodes(graph_def):
    return {n.name: n for n in graph_def.node}


def test_nodes_inputs_control_inputs_and_output_indices(g):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    parts = tf.unstack(tf.zeros([2, 3]), name="parts")
    one = tf.constant(1.0, name="one")
    with tf.control_dependencies([x.op]):
        y = tf.add(parts[1], one, name="y")
    with tf.device("/cpu:0"):
        z = tf.identity(y, name="z")
    graph_def = graph_to_graph_def(g)
    by_name = nodes(graph_def)
    assert [n.name for n in graph_def.node] == [op.name for op in g.get_operations()]
    assert list(by_name["y"].input) == ["parts:1", "one", "^x"]
    assert by_name["y"].op == "AddV2" and by_name["z"].device == z.op.device != ""
    assert graph_def.versions.producer == GRAPH_DEF_VERSION and not graph_def.HasField("library")


def test_attrs_as_tf_names_and_encodes_them(g):
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    c = tf.constant([[1, 2], [3, 4]], tf.int64, name="c")
    s = tf.reduce_sum(tf.cast(c, tf.float32), axis=1, name="s")
    tf.multiply(x, 2.0, name="m")
    by_name = nodes(graph_to_graph_def(g, add_shapes=True))
    placeholder = by_name["x"].attr
    assert placeholder["dtype"].type == tf.float32.as_datatype_enum
    assert [d.size for d in placeholder["shape"].shape.dim] == [-1, 3]
    assert np.array_equal(make_ndarray(by_name["c"].attr["value"].tensor), [[1, 2], [3, 4]])
    assert by_name["c"].attr["dtype"].type == tf.int64.as_datatype_enum
    assert by_name["Cast"].attr["SrcT"].type == tf.int64.as_datatype_enum
    assert (by_name["s"].attr["T"].type, by_name["s"].attr["Tidx"].type) == (1, 3)
    assert by_name["m"].attr["T"].type == tf.float32.as_datatype_enum
    assert [d.size for d in by_name["s"].attr["_output_shapes"].list.shape[0].dim] == [2]
    assert s.op.name == "s"


def test_meta_graph_collections_and_variable_defs(g):
    v = tf.Variable(1.0, name="v")
    loss = tf.square(v, name="loss")
    tf.add_to_collection("steps", 3)
    tf.add_to_collection("names", "hello")
    tf.add_to_collection("objects", object())  # no serialized form: left out, as TF does
    tf.add_to_collection("losses", loss)
    meta = graph_to_meta_graph_def(g)
    assert set(meta.collection_def) == {"variables", "trainable_variables", "steps", "names", "losses"}
    assert list(meta.collection_def["losses"].node_list.value) == ["loss:0"]
    assert list(meta.collection_def["steps"].int64_list.value) == [3]
    (raw,) = meta.collection_def["variables"].bytes_list.value
    var = variable_pb2.VariableDef.FromString(raw)
    assert (var.variable_name, var.initializer_name, var.snapshot_name, var.initial_value_name, var.trainable) == (
        "v:0", "v/Assign", "v/read:0", "v/initial_value:0", True)
    assert "VariableV2" in [op.name for op in meta.meta_info_def.stripped_op_list.op]
    assert [n.name for n in meta.graph_def.node] == [op.name for op in g.get_operations()]
