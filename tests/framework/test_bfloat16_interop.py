"""bfloat16 and quantized values across the file formats TF writes: a checkpoint and a GraphDef made by TF
(tests/framework/fixtures/bfloat16/make_bf16_fixture.py) read here, and ours laid out as TF lays them."""
import os

import numpy as np
import pytest

import tfsess as tf
from tfsess.train import tensor_bundle

ml_dtypes = pytest.importorskip("ml_dtypes")
pytest.importorskip("google.protobuf")

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "bfloat16")
BF16 = ml_dtypes.bfloat16
W_FLOATS = np.array([[1.5, -2.25, 0.1], [3e38, -0.0, 1.0 / 3.0]], np.float32)


def test_reads_tf_checkpoint_of_bfloat16_variable():
    path = os.path.join(FIXTURES, "model.ckpt")
    listed = dict(tf.train.list_variables(path))
    assert listed == {"w": [2, 3], "b": [2]}
    w = tf.train.load_variable(path, "w")
    assert w.dtype == BF16
    np.testing.assert_array_equal(w.view(np.uint16), W_FLOATS.astype(BF16).view(np.uint16))
    with tf.Graph().as_default():
        v = tf.Variable(tf.zeros([2, 3], dtype=tf.bfloat16), name="w")
        saver = tf.train.Saver([v])
        with tf.Session() as sess:
            saver.restore(sess, path)
            assert sess.run(v).view(np.uint16).tolist() == w.view(np.uint16).tolist()


def test_our_checkpoint_entries_equal_tfs(tmp_path):
    with tf.Graph().as_default():
        tf.Variable(tf.cast(tf.constant(W_FLOATS), tf.bfloat16), name="w")
        tf.Variable([0.5, -1.0], name="b")
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            ours = saver.save(sess, str(tmp_path / "model.ckpt"), write_meta_graph=False)
    theirs = os.path.join(FIXTURES, "model.ckpt")
    mine, tfs = _reader(ours), _reader(theirs)
    for name in ("w", "b"):
        a, b = mine.entries[name], tfs.entries[name]
        assert (a["dtype"], a["enum"], a["shape"], a["size"], a["crc"]) == (b["dtype"], b["enum"], b["shape"],
                                                                           b["size"], b["crc"])
        assert mine.read(name).tobytes() == tfs.read(name).tobytes()


def _reader(prefix):
    with open(tensor_bundle.index_filename(prefix), "rb") as f:
        return tensor_bundle.BundleReader(prefix, f.read())


def test_reads_tf_graph_def_with_bfloat16_and_quantized_constants():
    from tfsess.protos import graph_pb2  # optional dependency: protobuf
    gd = graph_pb2.GraphDef()
    with open(os.path.join(FIXTURES, "graph.pb"), "rb") as f:
        gd.ParseFromString(f.read())
    with tf.Graph().as_default() as g:
        tf.import_graph_def(gd, name="")
        assert g.get_tensor_by_name("c:0").dtype == tf.bfloat16
        assert g.get_tensor_by_name("q:0").dtype == tf.qint8
        with tf.Session() as sess:
            c, s, q, y = sess.run(["c:0", "s:0", "q:0", "y:0"])
    assert c.view(np.uint16).tolist() == np.array([1.00390625, 2.5, -7.0], np.float32).astype(BF16).view(
        np.uint16).tolist()
    assert s.view(np.uint16).tolist() == np.float32(0.1).astype(BF16).view(np.uint16).tolist()
    assert q.tolist() == [-128, 5, 127] and q.dtype == np.int8  # TF fetches a computed quantized tensor plain
    np.testing.assert_array_equal(y, c.astype(np.float32) * 2)
    # our GraphDef of the same constants holds TF's bytes
    nodes = {n.name: n for n in gd.node}
    with tf.Graph().as_default() as g2:
        tf.constant(np.array([1.00390625, 2.5, -7.0], np.float32), dtype=tf.bfloat16, name="c")
        tf.constant(0.1, dtype=tf.bfloat16, name="s")
        tf.constant(np.array([-128, 5, 127], np.int8), dtype=tf.qint8, name="q")
    for node in g2.as_graph_def().node:
        assert node.attr["value"].tensor == nodes[node.name].attr["value"].tensor, node.name
        assert node.attr["dtype"] == nodes[node.name].attr["dtype"], node.name
