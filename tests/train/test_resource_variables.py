"""Graphs TF wrote with resource variables (VarHandleOp, ReadVariableOp, AssignVariableOp, ...): import, restore, run.

The fixture (tests/train/fixtures/resource_model, made by make_tf_fixtures.py) trains y = x @ w + b one
gradient-descent step from w = [[1], [2]], b = [0.5] on x = [[1, 2]]: y = 5.5, then w = [[-0.1], [-0.2]],
b = [-0.6] (y = -1.1), and a second step gives w = [[0.12], [0.24]], b = [-0.38].
"""
import os

import numpy as np
import pytest

import tfsess as tf

pytest.importorskip("google.protobuf")
pytest.importorskip("google_crc32c")
HERE = os.path.join(os.path.dirname(__file__), "fixtures", "resource_model")
X = {"x:0": [[1.0, 2.0]]}
AFTER_ONE = {"w": [[-0.1], [-0.2]], "b": [-0.6]}
AFTER_TWO = {"w": [[0.12], [0.24]], "b": [-0.38]}


def values(sess):
    return {v.op.name: sess.run(v) for v in tf.trainable_variables()}


def assert_values(got, expected):
    assert sorted(got) == sorted(expected)
    for name, value in expected.items():
        np.testing.assert_allclose(got[name], value, rtol=1e-5, err_msg=name)


def test_a_graph_def_of_resource_variables_imports_initializes_and_trains(g):
    from tfsess.protos import graph_pb2
    with open(os.path.join(HERE, "graph.pb"), "rb") as f:
        tf.import_graph_def(graph_pb2.GraphDef.FromString(f.read()), name="")
    assert g.get_operation_by_name("w").type == "VarHandleOp"
    assert g.get_tensor_by_name("w/Read/ReadVariableOp:0").shape.as_list() == [2, 1]
    with tf.Session() as sess:
        assert not sess.run("w/IsInitialized/VarIsInitializedOp:0")
        with pytest.raises(tf.errors.FailedPreconditionError, match="Could not find variable w"):
            sess.run("y:0", X)
        sess.run("init")  # the failed run left the session usable
        assert sess.run("w/IsInitialized/VarIsInitializedOp:0")
        np.testing.assert_allclose(sess.run("y:0", X), [[5.5]])
        sess.run("train", X)
        w, b, step = sess.run(["w/Read/ReadVariableOp:0", "b/Read/ReadVariableOp:0", "global_step:0"])
    np.testing.assert_allclose(w, AFTER_ONE["w"], rtol=1e-5)
    np.testing.assert_allclose(b, AFTER_ONE["b"], rtol=1e-5)
    assert step == 1


def test_a_meta_graph_restores_its_checkpoint_and_keeps_training(g):
    saver = tf.train.import_meta_graph(os.path.join(HERE, "model.ckpt-1.meta"))
    variables = tf.global_variables()
    assert [v.name for v in variables] == ["w:0", "b:0", "global_step:0"]
    assert variables[0].dtype == tf.float32 and variables[0].shape.as_list() == [2, 1]
    with tf.Session() as sess:
        saver.restore(sess, os.path.join(HERE, "model.ckpt-1"))
        assert_values(values(sess), AFTER_ONE)
        np.testing.assert_allclose(sess.run("y:0", X), [[-1.1]], rtol=1e-5)
        sess.run("train", X)
        assert_values(values(sess), AFTER_TWO)
        assert sess.run(tf.train.get_global_step()) == 2


def test_a_saved_model_of_resource_variables_loads_and_serves(g):
    with tf.Session() as sess:
        meta = tf.saved_model.loader.load(sess, ["serve"], os.path.join(HERE, "saved_model"))
        signature = meta.signature_def["serving_default"]
        y = sess.run(signature.outputs["y"].name, {signature.inputs["x"].name: [[1.0, 2.0], [0.0, 0.0]]})
    np.testing.assert_allclose(y, [[-1.1], [-0.6]], rtol=1e-5)


def test_a_new_saver_writes_tfs_checkpoint_of_resource_variables_byte_for_byte(g, tmp_path):
    tf.train.import_meta_graph(os.path.join(HERE, "model.ckpt-1.meta"))
    saver = tf.train.Saver()  # over the imported resource variables: reads to save, AssignVariableOp to restore
    with tf.Session() as sess:
        sess.run("init")
        tf.train.Saver().restore(sess, os.path.join(HERE, "model.ckpt-1"))
        prefix = saver.save(sess, str(tmp_path / "model.ckpt"), global_step=1, write_meta_graph=False)
        for suffix in (".index", ".data-00000-of-00001"):
            assert open(prefix + suffix, "rb").read() == open(os.path.join(HERE, "model.ckpt-1" + suffix), "rb").read()
        sess.run("train", X)
        saver.restore(sess, prefix)
        assert_values(values(sess), AFTER_ONE)


def test_reading_with_the_wrong_dtype_is_invalid_argument(g):
    from tfsess.framework.op_builder import apply_op
    handle = apply_op("VarHandleOp", [], {"dtype": tf.float32, "shape": [2], "shared_name": "v"}, name="v").outputs[0]
    init = apply_op("AssignVariableOp", [handle, tf.constant([1.0, 2.0])], {"dtype": tf.float32})
    wrong = apply_op("ReadVariableOp", [handle], {"dtype": tf.int32}).outputs[0]
    added = apply_op("AssignAddVariableOp", [handle, tf.constant([1.0, 1.0, 1.0])], {"dtype": tf.float32})
    with tf.Session() as sess:
        sess.run(init)
        with pytest.raises(tf.errors.InvalidArgumentError, match="wrong dtype. Expected float32 got int32"):
            sess.run(wrong)
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"shape \[2\] using a Tensor with shape \[3\]"):
            sess.run(added)


def test_resource_gather_reads_rows_and_checks_indices(g):
    from tfsess.framework.op_builder import apply_op
    handle = apply_op("VarHandleOp", [], {"dtype": tf.float32, "shape": [3, 2], "shared_name": "table"},
                      name="table").outputs[0]
    init = apply_op("AssignVariableOp", [handle, tf.constant(np.arange(6, dtype=np.float32).reshape(3, 2))],
                    {"dtype": tf.float32})
    rows = apply_op("ResourceGather", [handle, tf.constant([2, 0])], {"dtype": tf.float32}).outputs[0]
    bad = apply_op("ResourceGather", [handle, tf.constant([1, 3])], {"dtype": tf.float32}).outputs[0]
    assert rows.shape.as_list() == [2, 2]
    with tf.Session() as sess:
        sess.run(init)
        np.testing.assert_array_equal(sess.run(rows), [[4.0, 5.0], [0.0, 1.0]])
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[1\] = 3 is not in \[0, 3\)"):
            sess.run(bad)
