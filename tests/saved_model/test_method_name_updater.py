"""tf.saved_model.signature_def_utils.MethodNameUpdater over SavedModels written by the builder."""
import os

import pytest

import tfsess as tf


def _export(export_dir):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None], name="x")
        with tf.Session() as sess:
            builder = tf.saved_model.builder.SavedModelBuilder(export_dir)
            sig = tf.saved_model.signature_def_utils.predict_signature_def({"x": x}, {"y": x * 2.0})
            builder.add_meta_graph_and_variables(sess, ["serve"], signature_def_map={"sig": sig})
            builder.save()


def test_replace_and_save_elsewhere(tmp_path):
    _export(str(tmp_path / "m"))
    updater = tf.saved_model.signature_def_utils.MethodNameUpdater(str(tmp_path / "m"))
    updater.replace_method_name("sig", "tensorflow/serving/regress", tags="serve")
    with pytest.raises(ValueError, match="could not be found"):
        updater.replace_method_name("sig", "x", tags=["train"])
    os.makedirs(tmp_path / "out")
    updater.save(str(tmp_path / "out"))
    again = tf.saved_model.signature_def_utils.MethodNameUpdater(str(tmp_path / "out"))
    assert again._saved_model.meta_graphs[0].signature_def["sig"].method_name == "tensorflow/serving/regress"
    original = tf.saved_model.signature_def_utils.MethodNameUpdater(str(tmp_path / "m"))
    assert original._saved_model.meta_graphs[0].signature_def["sig"].method_name == "tensorflow/serving/predict"


def test_missing_model_raises_ioerror(tmp_path):
    with pytest.raises(IOError):
        tf.saved_model.signature_def_utils.MethodNameUpdater(str(tmp_path))
