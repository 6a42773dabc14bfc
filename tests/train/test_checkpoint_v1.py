"""TF's V1 checkpoints (write_version=SaverDef.V1, one SSTable file of SavedTensorSlices), written by TF, read here."""
import os
import shutil

import numpy as np
import pytest

import tfsess as tf

pytest.importorskip("google.protobuf")
pytest.importorskip("google_crc32c")
V1 = os.path.join(os.path.dirname(__file__), "fixtures", "v1")
PREFIX = os.path.join(V1, "model.ckpt-7")
EXPECTED = {
    "m": np.arange(6, dtype=np.float32).reshape(2, 3), "n": np.int64(-5),
    "s": np.array([b"hello", b""], dtype=object), "flag": np.array([True, False]),
    "h": np.float16([0.5, -2.0]), "d": np.float64([1e-300]),
    "part": np.array([[2.0, 2.0], [2.0, 2.0], [3.0, 3.0], [3.0, 3.0]], np.float32),
}


def test_reader_lists_and_reads_every_tensor():
    reader = tf.train.NewCheckpointReader(PREFIX)
    assert reader.get_variable_to_shape_map() == {k: list(np.shape(v)) for k, v in EXPECTED.items()}
    assert reader.get_variable_to_dtype_map()["h"] == tf.float16
    for name, value in EXPECTED.items():
        got = reader.get_tensor(name)
        assert np.asarray(got).dtype == np.asarray(value).dtype, name
        np.testing.assert_array_equal(got, value)
    assert tf.train.latest_checkpoint(V1) == PREFIX
    assert dict(tf.train.list_variables(V1))["part"] == [4, 2]


def test_saver_restores_a_v1_checkpoint_into_a_graph(g):
    m = tf.Variable(tf.zeros([2, 3]), name="m")
    s = tf.Variable(["", ""], name="s")
    part = tf.Variable(tf.zeros([4, 2]), name="part")
    saver = tf.train.Saver([m, s, part])
    with tf.Session() as sess:
        saver.restore(sess, PREFIX)
        got = sess.run([m, s, part])
    np.testing.assert_array_equal(got[0], EXPECTED["m"])
    assert list(got[1]) == [b"hello", b""]
    np.testing.assert_array_equal(got[2], EXPECTED["part"])


def test_a_shape_mismatch_against_a_v1_checkpoint_is_invalid_argument(g):
    m = tf.Variable(tf.zeros([3, 2]), name="m")
    with tf.Session() as sess, pytest.raises(tf.errors.InvalidArgumentError, match="m"):
        tf.train.Saver([m]).restore(sess, PREFIX)


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty_slice"])
def test_a_damaged_v1_file_is_data_loss_naming_it(tmp_path, damage):
    raw = bytearray(open(PREFIX, "rb").read())
    path = str(tmp_path / "model.ckpt-7")
    if damage == "truncate":
        raw = raw[:40] + raw[-48:]  # a footer whose handles point past the file
    elif damage == "flip":
        raw[30] ^= 0xFF  # inside the first data block: its checksum no longer matches
    with open(path, "wb") as f:
        f.write(bytes(raw))
    if damage == "empty_slice":
        from tfsess.train import checkpoint_v1, sstable
        items = sstable.read_table(bytes(raw), path)
        message = checkpoint_v1.saved_tensor_slices_class()
        items = [(k, message(data=message.FromString(v).data.__class__(name="m")).SerializeToString()
                  if k.startswith(b"\0m\0") else v) for k, v in items]
        with open(path, "wb") as f:
            f.write(sstable.build_table(items))
        reader = tf.train.NewCheckpointReader(path)
        with pytest.raises(tf.errors.DataLossError, match="holds 0 values"):
            reader.get_tensor("m")
        return
    with pytest.raises(tf.errors.DataLossError, match=path):
        tf.train.NewCheckpointReader(path)


def test_a_glob_names_the_shards_of_a_v1_checkpoint(tmp_path):
    shutil.copy(PREFIX, tmp_path / "model.ckpt-00000-of-00001")
    reader = tf.train.NewCheckpointReader(str(tmp_path / "model.ckpt-?????-of-00001"))
    np.testing.assert_array_equal(reader.get_tensor("part"), EXPECTED["part"])


def _v1_variables(tf):
    return [tf.Variable(EXPECTED[name], name=name) for name in ("d", "flag", "h", "m", "n", "s")]


def test_a_v1_saver_writes_tfs_file_byte_for_byte(g, tmp_path):
    """TF's fixture less the partitioned variable, rebuilt as a table, is exactly what tfsess writes."""
    from tfsess.train import checkpoint_v1, sstable
    _v1_variables(tf)
    saver = tf.train.Saver(write_version=tf.train.SaverDef.V1)
    assert saver.as_saver_def().version == 1
    assert [op.type for op in g.get_operations() if op.name == "save/save"] == ["SaveSlices"]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        prefix = saver.save(sess, str(tmp_path / "model.ckpt"), global_step=7, write_meta_graph=False)
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "model.ckpt-7"]  # one file: no .index, no data shards

    message = checkpoint_v1.saved_tensor_slices_class()
    items = sstable.read_table(open(PREFIX, "rb").read(), PREFIX)
    meta = message.FromString(items[0][1])
    kept = [t for t in meta.meta.tensor if t.name != "part"]
    del meta.meta.tensor[:]
    meta.meta.tensor.extend(kept)
    expected = sstable.build_table([(b"", meta.SerializeToString())] +
                                   [(k, v) for k, v in items[1:] if not k.startswith(b"\0part\0")])
    assert open(prefix, "rb").read() == expected


def test_a_v1_save_restores_and_max_to_keep_deletes_old_files(g, tmp_path):
    variables = _v1_variables(tf)
    saver = tf.train.Saver(write_version=tf.train.SaverDef.V1, max_to_keep=1)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, str(tmp_path / "m"), global_step=1)
        last = saver.save(sess, str(tmp_path / "m"), global_step=2)
        assert sorted(os.listdir(tmp_path)) == ["checkpoint", "m-2", "m-2.meta"]
        sess.run([v.assign(tf.zeros_like(v)) for v in variables])
        saver.restore(sess, last)
        for v in variables:
            np.testing.assert_array_equal(sess.run(v), EXPECTED[v.op.name])
    assert tf.train.latest_checkpoint(str(tmp_path)) == last


def _read_all(path):
    reader = tf.train.NewCheckpointReader(path)
    return {name: reader.get_tensor(name) for name in reader.get_variable_to_shape_map()}


def test_random_damage_to_a_v1_file_is_data_loss_or_harmless(tmp_path):
    """Truncations and flipped bytes anywhere: DataLossError, never a crash or a hang; or, for bytes no reader
    looks at (the footer's padding and metaindex handle, as in TF), the same values."""
    raw = open(PREFIX, "rb").read()
    rng = np.random.RandomState(0)
    path = str(tmp_path / "model.ckpt-7")
    for trial in range(200):
        damaged = bytearray(raw)
        if trial % 4 == 0:
            damaged = damaged[:rng.randint(0, len(raw))]
        else:
            for position in rng.randint(0, len(raw), size=1 + trial % 3):
                damaged[position] ^= 1 + rng.randint(255)
        with open(path, "wb") as f:
            f.write(bytes(damaged))
        try:
            values = _read_all(path)
        except tf.errors.DataLossError:
            continue
        assert sorted(values) == sorted(EXPECTED), trial
        for name, value in EXPECTED.items():
            np.testing.assert_array_equal(values[name], value, err_msg=f"trial {trial}")
