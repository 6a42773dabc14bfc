"""Checkpoint sharding: the policies' shards, sharded Checkpoint saves read back here (and by TF when an
oracle interpreter is at $TFSESS_TF_PYTHON or /work/tfvenv/bin/python)."""
import json
import os
import subprocess

import numpy as np
import pytest

import tfsess as tf
from tfsess.train import checkpoint_sharding, tensor_bundle

pytest.importorskip("google.protobuf")
pytest.importorskip("google_crc32c")
TF_PYTHON = os.environ.get("TFSESS_TF_PYTHON", "/work/tfvenv/bin/python")


def _options(policy):
    return tf.train.CheckpointOptions(experimental_sharding_callback=policy)


def _index(prefix):
    with open(prefix + ".index", "rb") as f:
        return tensor_bundle.BundleReader(prefix, f.read())


def _model():
    v = tf.Variable(np.arange(100, dtype=np.float32), name="v", use_resource=True)
    m = tf.Variable(np.arange(60, dtype=np.float32).reshape(6, 10), name="m", use_resource=True)
    return v, m, tf.train.Checkpoint(v=v, m=m)


def _save(tmp_path, policy):
    v, m, ck = _model()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return ck.save(str(tmp_path / "ck" / "c"), options=_options(policy))


def test_max_shard_size_cuts_a_vector_into_full_shards(g, tmp_path):
    path = _save(tmp_path, tf.train.experimental.MaxShardSizePolicy(100))
    reader = _index(path)
    # TF 2.21 writes these very files for this model (its greedy cuts switch axes to fill each shard)
    assert reader.num_shards == 7
    assert reader.entries["m/.ATTRIBUTES/VARIABLE_VALUE"]["slices"] == [
        [(0, 2), (0, 10)], [(2, 4), (0, 1)], [(2, 2), (1, 9)], [(4, 2), (1, 3)], [(4, 2), (4, 6)]]
    assert reader.entries["v/.ATTRIBUTES/VARIABLE_VALUE"]["slices"] == [
        [(0, 13)], [(13, 22)], [(35, 3)], [(38, 21)], [(59, 4)], [(63, 19)], [(82, 6)], [(88, 12)]]
    sizes = [os.path.getsize(tensor_bundle.data_filename(path, k, 7)) for k in range(7)]
    assert sizes == [96, 96, 100, 100, 100, 100, 293]
    assert os.path.getsize(path + ".index") == 808
    np.testing.assert_array_equal(reader.read("v/.ATTRIBUTES/VARIABLE_VALUE"), np.arange(100, dtype=np.float32))
    np.testing.assert_array_equal(reader.read("m/.ATTRIBUTES/VARIABLE_VALUE"),
                                  np.arange(60, dtype=np.float32).reshape(6, 10))
    assert not os.path.exists(path + "_temp")


def test_sharded_checkpoint_restores_into_new_variables(g, tmp_path):
    path = _save(tmp_path, tf.train.experimental.MaxShardSizePolicy(72))
    with tf.Graph().as_default():
        v = tf.Variable(np.zeros(100, np.float32), name="v", use_resource=True)
        m = tf.Variable(np.zeros([6, 10], np.float32), name="m", use_resource=True)
        with tf.Session() as sess:
            tf.train.Checkpoint(v=v, m=m).restore(path).run_restore_ops()
            got_v, got_m = sess.run([v, m])
    np.testing.assert_array_equal(got_v, np.arange(100, dtype=np.float32))
    np.testing.assert_array_equal(got_m, np.arange(60, dtype=np.float32).reshape(6, 10))


def test_shard_by_task_writes_one_shard(g, tmp_path):
    path = _save(tmp_path, tf.train.experimental.ShardByTaskPolicy())
    assert sorted(os.listdir(os.path.dirname(path))) == ["c-1.data-00000-of-00001", "c-1.index", "checkpoint"]
    assert not _index(path).entries["m/.ATTRIBUTES/VARIABLE_VALUE"]["slices"]


def test_custom_callback_sees_tensors_in_save_order_and_places_them(g, tmp_path):
    seen = []

    class PerKey(tf.train.experimental.ShardingCallback):
        description = "one shard per key"

        def __call__(self, tensors):
            seen.extend((t.checkpoint_key, t.slice_spec, t.shape.as_list()) for t in tensors)
            return [{t.checkpoint_key: {t.slice_spec: t.tensor}} for t in tensors]

    path = _save(tmp_path, PerKey())
    assert [key for key, _, _ in seen] == ["m/.ATTRIBUTES/VARIABLE_VALUE", "v/.ATTRIBUTES/VARIABLE_VALUE",
                                           "save_counter/.ATTRIBUTES/VARIABLE_VALUE", "_CHECKPOINTABLE_OBJECT_GRAPH"]
    assert seen[0][1:] == ("", [6, 10])
    reader = _index(path)
    assert reader.num_shards == 4
    assert [reader.entries[key]["shard"] for key, _, _ in seen] == [0, 1, 2, 3]


def test_partitioner_picks_the_axis_that_fills_the_shard():
    with tf.Graph().as_default():
        m = tf.constant(np.zeros([6, 10], np.float32))
        tensors = checkpoint_sharding.shardable_tensors([("m", m, None)])
        shards = tf.train.experimental.MaxShardSizePolicy(80)(tensors)
    specs = [spec for shard in shards for spec in shard["m"]]
    assert specs == ["6 10 0,2:0,10", "6 10 2,2:0,10", "6 10 4,2:0,10"]
    assert [t.shape.as_list() for shard in shards for t in shard["m"].values()] == [[2, 10]] * 3


def test_oversized_scalar_gets_its_own_shard():
    with tf.Graph().as_default():
        big = tf.constant(np.int64(3))
        small = tf.constant(np.float32([1.0]))
        tensors = checkpoint_sharding.shardable_tensors([("big", big, None), ("small", small, None)])
        shards = tf.train.experimental.MaxShardSizePolicy(6)(tensors)
    assert [list(shard) for shard in shards] == [["small"], ["big"]]
    assert list(shards[1]["big"]) == [""]


def test_options_reject_a_non_callback_and_the_base_is_abstract():
    with pytest.raises(ValueError, match="must be of type ShardingCallback"):
        tf.train.CheckpointOptions(experimental_sharding_callback=lambda tensors: tensors)
    with pytest.raises(TypeError, match="abstract"):
        tf.train.experimental.ShardingCallback()


def test_a_slice_covering_the_whole_tensor_is_stored_whole(tmp_path):
    index, _ = tensor_bundle.bundle_files(["a", "b"], [np.ones(3, np.float32), np.ones(2, np.float32)],
                                          ["3 0,3", "4 0,2"])
    reader = tensor_bundle.BundleReader(str(tmp_path / "x"), index)
    assert reader.entries["a"]["slices"] == [] and reader.entries["a"]["size"] == 12
    assert reader.entries["b"]["slices"] == [[(0, 2)]]


@pytest.mark.skipif(not os.path.exists(TF_PYTHON), reason="no TensorFlow interpreter to cross-check with")
def test_tensorflow_reads_the_sharded_checkpoint(g, tmp_path):
    path = _save(tmp_path, tf.train.experimental.MaxShardSizePolicy(100))
    script = ("import json, sys, tensorflow as tf\n"
              "r = tf.train.load_checkpoint(sys.argv[1])\n"
              "print(json.dumps({k: r.get_tensor(k).tolist() for k, _ in tf.train.list_variables(sys.argv[1])\n"
              "                  if k != '_CHECKPOINTABLE_OBJECT_GRAPH'}))\n")
    out = subprocess.run([TF_PYTHON, "-c", script, path], capture_output=True, text=True, timeout=300,
                         env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3"))
    assert out.returncode == 0, out.stderr[-2000:]
    values = json.loads(out.stdout.strip().splitlines()[-1])
    assert values["v/.ATTRIBUTES/VARIABLE_VALUE"] == list(range(100))
    assert values["m/.ATTRIBUTES/VARIABLE_VALUE"] == np.arange(60).reshape(6, 10).tolist()
    assert values["save_counter/.ATTRIBUTES/VARIABLE_VALUE"] == 1
