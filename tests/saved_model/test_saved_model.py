"""tf.saved_model: the builder and simple_save, signature and tensor-info helpers, loading (ours and TF's)."""
import os

import numpy as np
import pytest

import tfsess as tf

pytest.importorskip("google.protobuf")
FIXTURES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "train", "fixtures")


def _model():
    x = tf.placeholder(tf.float32, [None, 2], name="x")
    w = tf.Variable([[1.0, -1.0], [2.0, 0.5]], name="w")
    y = tf.matmul(x, w, name="y")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return sess, x, w, y


def _read(export_dir):
    from tfsess.protos import saved_model_pb2  # optional dependency: protobuf
    with open(os.path.join(export_dir, "saved_model.pb"), "rb") as f:
        return saved_model_pb2.SavedModel.FromString(f.read())


def test_simple_save_writes_tf_layout_signature_and_variables(g, tmp_path):
    sess, x, w, y = _model()
    export_dir = str(tmp_path / "export")
    tf.saved_model.simple_save(sess, export_dir, inputs={"x": x}, outputs={"y": y})
    assert sorted(os.listdir(export_dir)) == ["saved_model.pb", "variables"]
    saved = _read(export_dir)
    assert saved.saved_model_schema_version == 1 and len(saved.meta_graphs) == 1
    meta = saved.meta_graphs[0]
    assert list(meta.meta_info_def.tags) == ["serve"] and meta.saver_def.restore_op_name
    sig = meta.signature_def["serving_default"]
    assert sig.method_name == "tensorflow/serving/predict"
    assert sig.inputs["x"].name == "x:0" and [d.size for d in sig.inputs["x"].tensor_shape.dim] == [-1, 2]
    assert sig.outputs["y"].dtype == tf.float32.as_datatype_enum
    values = tf.train.load_checkpoint(os.path.join(export_dir, "variables", "variables")).get_tensor("w")
    np.testing.assert_array_equal(values, [[1.0, -1.0], [2.0, 0.5]])


def test_builder_rules(g, tmp_path):
    sess, x, w, y = _model()
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "f").write_text("x")
    with pytest.raises(AssertionError, match="already exists"):
        tf.saved_model.builder.SavedModelBuilder(str(tmp_path / "full"))
    builder = tf.saved_model.builder.SavedModelBuilder(str(tmp_path / "b"))
    with pytest.raises(AssertionError, match="not been saved yet"):
        builder.add_meta_graph(["eval"])
    with pytest.raises(AttributeError, match="SignatureDef"):
        builder.add_meta_graph_and_variables(sess, ["serve"], signature_def_map={"s": "nope"})
    with pytest.raises(TypeError, match="main_op needs to be an Operation"):
        builder.add_meta_graph_and_variables(sess, ["serve"], main_op=y)
    builder.add_meta_graph_and_variables(sess, ["serve"], main_op=tf.no_op(name="init_tables"))
    with pytest.raises(AssertionError, match="already been saved"):
        builder.add_meta_graph_and_variables(sess, ["serve"])
    builder.add_meta_graph(["eval", "gpu"])
    path = builder.save(as_text=True)
    assert path.endswith(b"saved_model.pbtxt") and "saved_model_main_op" in open(path).read()


def test_signature_and_tensor_info_helpers(g):
    x = tf.placeholder(tf.string, [None], name="examples")
    scores = tf.placeholder(tf.float32, [None, 3], name="scores")
    sp = tf.SparseTensor(tf.constant([[0, 1]], tf.int64), tf.constant([2.0]), tf.constant([2, 2], tf.int64))
    info = tf.saved_model.utils.build_tensor_info(sp)
    assert info.coo_sparse.values_tensor_name == sp.values.name
    back = tf.saved_model.utils.get_tensor_from_tensor_info(info)
    assert back.indices is sp.indices and back.values is sp.values
    assert tf.saved_model.utils.get_tensor_from_tensor_info(tf.saved_model.build_tensor_info(x)) is x
    util = tf.saved_model.signature_def_utils
    classify = util.classification_signature_def(x, None, scores)
    assert classify.method_name == tf.saved_model.CLASSIFY_METHOD_NAME and list(classify.outputs) == ["scores"]
    assert util.is_valid_signature(classify)
    regress = util.regression_signature_def(x, scores)
    assert util.is_valid_signature(regress) and not util.is_valid_signature(util.build_signature_def({}, {}, ""))
    with pytest.raises(ValueError, match="must be a string Tensor"):
        util.regression_signature_def(scores, scores)
    with pytest.raises(ValueError, match="Prediction inputs cannot be None or empty"):
        util.predict_signature_def({}, {"s": scores})
    with pytest.raises(AttributeError):
        tf.saved_model.utils.build_tensor_info("x:0")
    assert tf.saved_model.tag_constants.SERVING == "serve" and tf.saved_model.SERVING == "serve"


# ------------------------------------------------------------------ loading (needs tf.import_graph_def)
def _loader():
    pytest.importorskip("tfsess.framework.importer", reason="needs tf.import_graph_def")
    from tfsess.saved_model import loader
    return loader


def test_load_round_trip_and_errors(g, tmp_path):
    loader = _loader()
    sess, x, w, y = _model()
    export_dir = str(tmp_path / "export")
    tf.saved_model.simple_save(sess, export_dir, inputs={"x": x}, outputs={"y": y})
    with tf.Graph().as_default() as other:
        s = tf.Session(graph=other)
        meta = loader.load(s, ["serve"], export_dir, import_scope="m")
        assert s.run("m/y:0", {"m/x:0": [[1.0, 1.0]]}).tolist() == [[3.0, -0.5]]
        with pytest.raises(RuntimeError, match="could not be found in SavedModel"):
            loader.load(s, ["train"], export_dir)
    assert list(meta.signature_def) == ["serving_default"] and loader.maybe_saved_model_directory(export_dir)
    with pytest.raises(IOError, match="SavedModel file does not exist"):
        loader.load(tf.Session(), ["serve"], str(tmp_path))
    (tmp_path / "saved_model.pb").write_bytes(b"\xff\xff\xff")
    with pytest.raises(IOError, match="Cannot parse file"):
        loader.load(tf.Session(), ["serve"], str(tmp_path))


def test_load_tf_written_model_runs_its_init_op_on_its_assets(g):
    loader = _loader()
    sess = tf.Session()
    meta = loader.load(sess, ["serve"], os.path.join(FIXTURES, "assets_model"))
    sig = meta.signature_def["serving_default"]
    assert sess.run(sig.outputs["y"].name, {sig.inputs["x"].name: [1.0, 2.0]}).tolist() == [3.5, 5.5]
    assert sess.run(sig.outputs["vocab"].name) == b"alpha\nbeta\n"
