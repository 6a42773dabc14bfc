"""MetaGraphDefs: export (file, scope, devices, collections), reading back, import_meta_graph, init_from_checkpoint."""
import os

import numpy as np
import pytest

import tfsess as tf
from tfsess.train import meta_graph

pytest.importorskip("google.protobuf")
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


def _model():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    with tf.device("/cpu:0"):
        w = tf.Variable([[1.0, -1.0], [2.0, 0.5]], name="w")
    step = tf.train.get_or_create_global_step()
    y = tf.nn.relu(tf.matmul(x, w), name="y")
    tf.add_to_collection("outputs", y)
    tf.add_to_collection("numbers", 3)
    tf.add_to_collection("python_objects", object())  # no serialized form: left out
    return x, w, step, y


def test_export_writes_graph_collections_and_saver(g, tmp_path):
    _, w, step, y = _model()
    saver = tf.train.Saver()
    path = str(tmp_path / "m.meta")
    meta = saver.export_meta_graph(path)
    assert type(meta).__name__ == "MetaGraphDef"
    from tfsess.protos import meta_graph_pb2, variable_pb2  # optional dependency: protobuf
    parsed = meta_graph_pb2.MetaGraphDef.FromString(open(path, "rb").read())
    assert parsed == meta
    assert {"x", "w", "w/read", "y", "save/restore_all"} <= {n.name for n in meta.graph_def.node}
    assert sorted(meta.collection_def) == ["global_step", "numbers", "outputs", "trainable_variables", "variables"]
    assert list(meta.collection_def["outputs"].node_list.value) == ["y:0"]
    assert list(meta.collection_def["numbers"].int64_list.value) == [3]
    variables = [variable_pb2.VariableDef.FromString(b) for b in meta.collection_def["variables"].bytes_list.value]
    assert [(v.variable_name, v.snapshot_name, v.initializer_name) for v in variables][0] == \
        ("w:0", "w/read:0", "w/Assign")
    assert meta.saver_def.restore_op_name == "save/restore_all" and meta.saver_def.version == 2
    assert "MatMul" in [op.name for op in meta.meta_info_def.stripped_op_list.op]
    assert [n.device for n in meta.graph_def.node if n.name == "w"] == ["/device:CPU:0"]
    cleared = tf.train.export_meta_graph(clear_devices=True, collection_list=["outputs"])
    assert not any(n.device for n in cleared.graph_def.node) and list(cleared.collection_def) == ["outputs"]
    assert not cleared.HasField("saver_def")


def test_text_export_reads_back_and_garbage_is_refused(g, tmp_path):
    _model()
    path = str(tmp_path / "m.pbtxt")
    meta = tf.train.export_meta_graph(path, as_text=True)
    assert open(path).read().startswith("meta_info_def")
    assert meta_graph.read_meta_graph_file(path) == meta
    (tmp_path / "junk.meta").write_bytes(b"\xff\xfe not a proto")
    with pytest.raises(tf.errors.DataLossError, match="junk.meta"):  # TF: a bare UnicodeDecodeError
        meta_graph.read_meta_graph_file(str(tmp_path / "junk.meta"))
    (tmp_path / "text.meta").write_text("this is { not a meta graph")
    with pytest.raises(IOError, match="Cannot parse file .*text.meta"):
        meta_graph.read_meta_graph_file(str(tmp_path / "text.meta"))
    with pytest.raises(IOError, match="does not exist"):
        meta_graph.read_meta_graph_file(str(tmp_path / "absent.meta"))


def test_export_scope_keeps_the_scope_and_strips_its_name(g):
    with tf.name_scope("net"):
        x = tf.placeholder(tf.float32, [2], name="x")
        v = tf.Variable([1.0, 2.0], name="v")
        tf.add_to_collection("outputs", tf.add(x, v, name="out"))
    tf.Variable(0.0, name="outside")
    meta = tf.train.export_meta_graph(export_scope="net")
    names = {n.name for n in meta.graph_def.node}
    assert {"x", "v", "v/read", "out"} <= names and not any(n.startswith(("net/", "outside")) for n in names)
    assert list(next(n for n in meta.graph_def.node if n.name == "out").input) == ["x", "v/read"]
    assert list(meta.collection_def["outputs"].node_list.value) == ["out:0"]
    assert len(meta.collection_def["variables"].bytes_list.value) == 1


def test_collections_come_back_as_variables_tensors_and_values(g):
    _, w, step, y = _model()
    meta = tf.train.export_meta_graph()
    with tf.Graph().as_default() as other:
        _model()  # the same ops, built again without their collections: restore_collections looks them up by name
        for key in other.get_all_collection_keys():
            other.clear_collection(key)
        meta_graph.restore_collections(other, meta)
        assert [v.name for v in tf.global_variables()] == ["w:0", "global_step:0"]
        assert tf.trainable_variables()[0].initializer.name == "w/Assign"
        assert tf.get_collection("outputs")[0].name == "y:0" and tf.get_collection("numbers") == [3]
        assert tf.train.get_global_step().name == "global_step:0"


def test_variable_from_variable_def_wraps_existing_ops(g):
    v = tf.Variable([1.0, 2.0], name="v")
    from tfsess.framework.graph_def import variable_def
    again = tf.Variable(variable_def=variable_def(v))
    assert again.op is v.op and again.initializer is v.initializer and again.value() is v.value()
    sess = tf.Session()
    sess.run(again.initializer)
    assert sess.run(again).tolist() == [1.0, 2.0]
    with pytest.raises(ValueError, match="mutually exclusive"):
        tf.Variable(1.0, variable_def=variable_def(v))


def test_init_from_checkpoint_maps_names_and_scopes(g):
    prefix = os.path.join(FIXTURES, "many", "model.ckpt-7")
    with tf.variable_scope("m"):
        a = tf.get_variable("v001", [], initializer=tf.zeros_initializer())
        b = tf.get_variable("v002", [], initializer=tf.zeros_initializer())
    half = tf.get_variable("h", [3], tf.float16, initializer=tf.zeros_initializer())
    tf.train.init_from_checkpoint(os.path.dirname(prefix), {"/": "m/", "half": half})
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    assert sess.run([a, b]) == [0.25, 0.5] and sess.run(half).tolist() == [0.5, -1.0, 65504.0]
    with pytest.raises(ValueError, match="not found"):
        tf.train.init_from_checkpoint(prefix, {"nope": half})
    with pytest.raises(ValueError, match="Shape of variable"):
        tf.train.init_from_checkpoint(prefix, {"words": half})
    with pytest.raises(ValueError, match="should map to scope only"):
        tf.train.init_from_checkpoint(prefix, {"v001": "m/"})


# ------------------------------------------------------------------ import (needs tf.import_graph_def)
def _import():
    return pytest.importorskip("tfsess.train.meta_graph_import", reason="needs tfsess.framework.importer")


def test_import_meta_graph_round_trip_with_scope_and_cleared_devices(g, tmp_path):
    mgi = _import()
    x, w, step, y = _model()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(w.assign([[2.0, 0.0], [0.0, 2.0]]))
    prefix = tf.train.Saver().save(sess, str(tmp_path / "m"))
    with tf.Graph().as_default() as other:
        saver = mgi.import_meta_graph(prefix + ".meta", import_scope="net", clear_devices=True)
        assert saver.saver_def.restore_op_name == "net/save/restore_all"
        s = tf.Session(graph=other)
        saver.restore(s, prefix)
        assert s.run("net/y:0", {"net/x:0": [[1.0, -1.0]]}).tolist() == [[2.0, 0.0]]
        assert sorted(v.name for v in tf.global_variables()) == ["net/global_step:0", "net/w:0"]
        assert not other.get_operation_by_name("net/w").device


def test_plain_string_collections_gain_the_import_scope(g):
    tf.add_to_collection("strs", "hello")
    tf.add_to_collection("strs", b"^dep")
    tf.add_to_collection("floats", 0.5)
    tf.add_to_collection("ints", 4)
    meta = tf.train.export_meta_graph()
    with tf.Graph().as_default():
        tf.train.import_meta_graph(meta, import_scope="imp")
        assert tf.get_collection("strs") == ["imp/hello", "^imp/dep"]
        assert tf.get_collection("floats") == [0.5] and tf.get_collection("ints") == [4]
    with tf.Graph().as_default():
        tf.train.import_meta_graph(meta)
        assert tf.get_collection("strs") == [b"hello", b"^dep"]  # without a scope: the stored bytes


def test_export_scope_names_outside_inputs_unbound_and_import_wants_them_mapped(g):
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    with tf.name_scope("net"):
        y = tf.matmul(x, tf.constant([[1.0], [2.0]], name="w"), name="y")
    with tf.name_scope("network"):
        tf.constant(0.0, name="c")  # export_scope is a plain prefix, as TF's: 'net' keeps 'network/c'
    meta = tf.train.export_meta_graph(export_scope="net")
    assert sorted((n.name, list(n.input)) for n in meta.graph_def.node) == [
        ("network/c", []), ("w", []), ("y", ["$unbound_inputs_x", "w"])]
    assert list(meta.collection_def["unbound_inputs"].bytes_list.value) == [b"$unbound_inputs_x"]
    assert tf.get_collection("unbound_inputs") == ["$unbound_inputs_x"]  # TF leaves it in the graph too
    assert y.op.name == "net/y"
    with tf.Graph().as_default() as g2:
        with pytest.raises(ValueError, match=r"Graph contains unbound inputs: \$unbound_inputs_x\. Must provide"):
            tf.train.import_meta_graph(meta, import_scope="a")
        feed = tf.placeholder(tf.float32, [None, 2])
        tf.train.import_meta_graph(meta, import_scope="b", input_map={"$unbound_inputs_x": feed})
        out = tf.Session(graph=g2).run("b/y:0", {feed: [[1.0, 1.0]]})
        np.testing.assert_allclose(out, [[3.0]])
        assert tf.get_collection("unbound_inputs") == []
