"""Saver(sharded=True): one data shard per device, merged into one index, byte for byte as TensorFlow writes them."""
import os

import numpy as np
import pytest

import tfsess as tf

pytest.importorskip("google.protobuf")
pytest.importorskip("google_crc32c")
SHARDED = os.path.join(os.path.dirname(__file__), "fixtures", "sharded")
FILES = ["model.ckpt.index", "model.ckpt.data-00000-of-00002", "model.ckpt.data-00001-of-00002"]
TWO_CPUS = tf.ConfigProto(device_count={"CPU": 2, "GPU": 0})


def two_device_variables():
    with tf.device("/cpu:0"):
        a = tf.Variable([1.0, 2.0], name="a")
    with tf.device("/cpu:1"):
        b = tf.Variable(3, name="b")
    return a, b


def test_sharded_save_writes_tfs_files_byte_for_byte(g, tmp_path):
    two_device_variables()
    saver = tf.train.Saver(sharded=True)
    assert saver.as_saver_def().sharded and saver.as_saver_def().save_tensor_name == "save/Identity:0"
    with tf.Session(config=TWO_CPUS) as sess:
        sess.run(tf.global_variables_initializer())
        prefix = saver.save(sess, str(tmp_path / "model.ckpt"), write_meta_graph=False)
    assert prefix == str(tmp_path / "model.ckpt")
    assert sorted(os.listdir(tmp_path)) == ["checkpoint"] + sorted(FILES)  # the temporary shards are gone
    for name in FILES:
        assert (tmp_path / name).read_bytes() == open(os.path.join(SHARDED, name), "rb").read(), name


def test_the_graph_is_tfs_one_shard_per_device(g):
    two_device_variables()
    tf.train.Saver(sharded=True)
    nodes = {n.name: n for n in g.as_graph_def().node}
    assert nodes["save/SaveV2"].input[3] == "a" and nodes["save/SaveV2_1"].input[3] == "b"
    assert list(nodes["save/SaveV2"].input[:1]) == ["save/ShardedFilename"]
    assert list(nodes["save/MergeV2Checkpoints"].input) == ["save/MergeV2Checkpoints/checkpoint_prefixes", "save/Const"]
    assert nodes["save/Assign_1"].device == "/device:CPU:1" and nodes["save/RestoreV2_1"].device == "/device:CPU:0"
    assert nodes["save/Const_2"].attr["value"].tensor.string_val == [b"_temp/part"]


def test_tfs_sharded_checkpoint_restores(g):
    a, b = two_device_variables()
    saver = tf.train.Saver()
    reader = tf.train.NewCheckpointReader(os.path.join(SHARDED, "model.ckpt"))
    assert reader.get_variable_to_shape_map() == {"a": [2], "b": []}
    with tf.Session(config=TWO_CPUS) as sess:
        saver.restore(sess, os.path.join(SHARDED, "model.ckpt"))
        values = sess.run([a, b])
    np.testing.assert_array_equal(values[0], [1.0, 2.0])
    assert values[1] == 3


def test_sharded_round_trip_and_overwrite_by_one_shard(g, tmp_path):
    a, b = two_device_variables()
    sharded, single = tf.train.Saver(sharded=True), tf.train.Saver()
    prefix = str(tmp_path / "m")
    with tf.Session(config=TWO_CPUS) as sess:
        sess.run(tf.global_variables_initializer())
        sharded.save(sess, prefix)
        sess.run([a.assign([5.0, 6.0]), b.assign(7)])
        sharded.restore(sess, prefix)
        assert sess.run(b) == 3
        sess.run(b.assign(9))
        single.save(sess, prefix, write_meta_graph=False)  # the old two shards are replaced by one
        assert sorted(f for f in os.listdir(tmp_path) if ".data-" in f) == ["m.data-00000-of-00001"]
        sharded.restore(sess, prefix)
        assert sess.run(b) == 9


def test_merging_twice_one_key_is_invalid(g, tmp_path):
    from tfsess.train import checkpoint_format
    for part in ("p0", "p1"):
        checkpoint_format.write_checkpoint(str(tmp_path / part), ["x"], [np.float32(1.0)])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Duplicate tensor key x"):
        checkpoint_format.merge_checkpoints([str(tmp_path / "p0"), str(tmp_path / "p1")], str(tmp_path / "out"))
    assert not (tmp_path / "out.index").exists()


def test_a_merge_killed_before_its_index_leaves_the_previous_checkpoint_readable(g, tmp_path):
    from tfsess.train import checkpoint_format
    a, b = two_device_variables()
    saver = tf.train.Saver(sharded=True)
    prefix = str(tmp_path / "m")
    with tf.Session(config=TWO_CPUS) as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, prefix, write_meta_graph=False)
    for part, value in (("p0", [7.0, 8.0]), ("p1", 9)):
        checkpoint_format.write_checkpoint(str(tmp_path / part), ["a" if part == "p0" else "b"],
                                           [np.asarray(value, np.float32 if part == "p0" else np.int32)])

    def killed(path, chunks):
        raise KeyboardInterrupt("killed while writing " + path)
    with pytest.raises(KeyboardInterrupt):
        checkpoint_format.merge_checkpoints([str(tmp_path / "p0"), str(tmp_path / "p1")], prefix, atomic_write=killed)
    reader = tf.train.NewCheckpointReader(prefix)  # the old index, its data files set aside
    np.testing.assert_array_equal(reader.get_tensor("a"), [1.0, 2.0])
    assert reader.get_tensor("b") == 3
    checkpoint_format.write_checkpoint(prefix, ["a"], [np.float32([5.0, 6.0])])  # the next save cleans up
    assert sorted(f for f in os.listdir(tmp_path) if f.startswith("m.")) == ["m.data-00000-of-00001", "m.index"]
