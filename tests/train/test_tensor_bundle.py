"""TF's V2 checkpoint format: reading TF-written files, writing them byte for byte, refusing damaged ones."""
import os
import shutil
import struct

import numpy as np
import pytest

import tfsess as tf
from tfsess.train import checkpoint_format, sstable, tensor_bundle

pytest.importorskip("google.protobuf")
pytest.importorskip("google_crc32c")

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
MANY = os.path.join(FIXTURES, "many", "model.ckpt-7")
SLICED = os.path.join(FIXTURES, "sliced", "model.ckpt-7")


def test_reads_every_dtype_tf_wrote():
    reader = tf.train.NewCheckpointReader(MANY)
    shapes = reader.get_variable_to_shape_map()
    assert len(shapes) == 305 and shapes["words"] == [5] and shapes["v123"] == []
    assert reader.get_variable_to_dtype_map()["half"] == tf.float16
    assert reader.get_tensor("v123") == np.float32(123 / 4)
    words = reader.get_tensor("words")
    assert words.tolist() == [b"a", b"", b"x" * 300, "\u00e9t\u00e9".encode("utf-8"), b"z"]
    np.testing.assert_array_equal(reader.get_tensor("half"), np.float16([0.5, -1.0, 65504.0]))
    assert reader.get_tensor("small").dtype == np.int8 and reader.get_tensor("small").tolist() == [-128, 127]
    assert reader.get_tensor("bytes").tolist() == [0, 1, 254, 255]
    np.testing.assert_array_equal(reader.get_tensor("z"), np.complex64([1 + 2j, -3j]))


def test_partitioned_variables_are_put_together_from_their_slices():
    reader = tf.train.load_checkpoint(os.path.dirname(SLICED))
    assert sorted(reader.get_variable_to_shape_map().items()) == [("part", [4, 2]), ("wide", [200])]
    np.testing.assert_array_equal(reader.get_tensor("part"), [[2, 2], [2, 2], [3, 3], [3, 3]])
    np.testing.assert_array_equal(reader.get_tensor("wide"), np.arange(200, dtype=np.float32))
    with tf.Graph().as_default():
        part = tf.Variable(tf.zeros([4, 2]), name="part")  # one unpartitioned variable restores the whole
        sess = tf.Session()
        tf.train.Saver([part]).restore(sess, SLICED)
        assert sess.run(part)[3].tolist() == [3.0, 3.0]


@pytest.mark.parametrize("prefix", [MANY, os.path.join(FIXTURES, "assets_model", "variables", "variables")])
def test_writes_the_same_bytes_as_tf(prefix):
    reader = tf.train.NewCheckpointReader(prefix)
    names = sorted(reader.get_variable_to_shape_map())
    index, data = tensor_bundle.bundle_files(names, reader.get_tensors(names))
    with open(prefix + ".index", "rb") as f:
        assert index == f.read()
    with open(prefix + ".data-00000-of-00001", "rb") as f:
        assert b"".join(data) == f.read()


def test_saver_writes_tf_format_and_still_reads_the_old_one(g, tmp_path):
    v = tf.Variable([1.0, 2.0], name="v")
    s = tf.Variable(np.array([b"one", b""], dtype=object), name="s")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    prefix = tf.train.Saver().save(sess, str(tmp_path / "new"))
    assert sstable.is_table((tmp_path / "new.index").read_bytes())
    old = str(tmp_path / "old")
    checkpoint_format.write_checkpoint(old, ["s", "v"], [np.array([b"x", b"y"], dtype=object),
                                                         np.float32([5.0, 6.0])], tf_format=False)
    assert (tmp_path / "old.index").read_bytes().startswith(b"{")
    for path, expected in ((prefix, [1.0, 2.0]), (old, [5.0, 6.0])):
        tf.train.Saver().restore(sess, path)
        assert sess.run(v).tolist() == expected
    assert sess.run(s).tolist() == [b"x", b"y"]


def test_a_table_of_many_blocks_reads_back(monkeypatch):
    monkeypatch.setattr(sstable, "_BLOCK_SIZE", 64)
    items = [(b"key%04d" % i, b"value %d" % i) for i in range(500)]
    table = sstable.build_table(items)
    assert sstable.read_table(table, "t") == items
    with pytest.raises(ValueError, match="increase"):
        sstable.build_table([(b"b", b""), (b"a", b"")])


# ------------------------------------------------------------------ hostile files
def _copy(tmp_path, prefix=MANY):
    out = str(tmp_path / "copy")
    for suffix in (".index", ".data-00000-of-00001"):
        shutil.copyfile(prefix + suffix, out + suffix)
    return out


def _corrupt(path, offset, data):
    with open(path, "r+b") as f:
        f.seek(offset, os.SEEK_END if offset < 0 else os.SEEK_SET)
        f.write(data)


def test_damaged_index_raises_data_loss_naming_the_file(tmp_path):
    prefix = _copy(tmp_path)
    index = prefix + ".index"
    _corrupt(index, 100, b"\xff\xff")  # inside the data block: its checksum no longer matches
    with pytest.raises(tf.errors.DataLossError, match="copy.index.*checksum"):
        tf.train.NewCheckpointReader(prefix)
    prefix = _copy(tmp_path)
    _corrupt(prefix + ".index", -48, b"\xff\xff\xff\xff\xff\xff\xff\xff\x7f")  # a handle far past the end
    with pytest.raises(tf.errors.DataLossError, match="copy.index"):
        tf.train.NewCheckpointReader(prefix)
    with open(prefix + ".index", "wb") as f:
        f.write(sstable.build_table([(b"", b"\x08\x01"), (b"x", b"\xff\xff\xff")]))  # an unparsable entry
    with pytest.raises(tf.errors.DataLossError, match="entry x"):
        tf.train.NewCheckpointReader(prefix)


def _bundle_with(tmp_path, entry, data=b"", num_shards=1):
    pb = tensor_bundle._pb()
    header = pb.BundleHeaderProto(num_shards=num_shards)
    prefix = str(tmp_path / "crafted")
    with open(prefix + ".index", "wb") as f:
        f.write(sstable.build_table([(b"", header.SerializeToString()), (b"t", entry.SerializeToString())]))
    with open(tensor_bundle.data_filename(prefix), "wb") as f:
        f.write(data)
    return prefix


def test_lengths_and_offsets_are_checked_before_allocating(tmp_path):
    pb = tensor_bundle._pb()
    huge = pb.BundleEntryProto(dtype=tf.float32.as_datatype_enum, offset=0, size=1 << 40)
    huge.shape.dim.add(size=1 << 38)
    reader = tf.train.NewCheckpointReader(_bundle_with(tmp_path, huge, b"\0" * 16))
    with pytest.raises(tf.errors.DataLossError, match="too short"):
        reader.get_tensor("t")
    many_strings = pb.BundleEntryProto(dtype=tf.string.as_datatype_enum, offset=0, size=8, crc32c=0)
    many_strings.shape.dim.add(size=1 << 40)
    reader = tf.train.NewCheckpointReader(_bundle_with(tmp_path, many_strings, b"\0" * 8))
    with pytest.raises(tf.errors.DataLossError, match="cannot fit"):
        reader.get_tensor("t")
    bad_crc = pb.BundleEntryProto(dtype=tf.int32.as_datatype_enum, offset=0, size=4, crc32c=12345)
    bad_crc.shape.dim.add(size=1)
    with pytest.raises(tf.errors.DataLossError, match="Checksum does not match"):
        tf.train.NewCheckpointReader(_bundle_with(tmp_path, bad_crc, b"\1\0\0\0")).get_tensor("t")
    wrong_size = pb.BundleEntryProto(dtype=tf.int32.as_datatype_enum, offset=0, size=3)
    wrong_size.crc32c = tensor_bundle.masked_crc32c(b"\1\0\0")
    wrong_size.shape.dim.add(size=1)
    with pytest.raises(tf.errors.DataLossError, match="do not hold"):
        tf.train.NewCheckpointReader(_bundle_with(tmp_path, wrong_size, b"\1\0\0")).get_tensor("t")
    negative = pb.BundleEntryProto(dtype=tf.int32.as_datatype_enum, offset=-5, size=4)
    with pytest.raises(tf.errors.DataLossError, match="bad offset"):
        tf.train.NewCheckpointReader(_bundle_with(tmp_path, negative))
    bad_shard = pb.BundleEntryProto(dtype=tf.int32.as_datatype_enum, shard_id=3)
    with pytest.raises(tf.errors.DataLossError, match="bad offset, size or shard"):
        tf.train.NewCheckpointReader(_bundle_with(tmp_path, bad_shard))


def test_string_tensor_lengths_are_verified(tmp_path):
    prefix = str(tmp_path / "s")
    checkpoint_format.write_checkpoint(prefix, ["s"], [np.array([b"ab", b"cde"], dtype=object)], tf_format=True)
    data = tensor_bundle.data_filename(prefix)
    raw = bytearray(open(data, "rb").read())
    raw[0] = 9  # the first length no longer matches its checksum
    open(data, "wb").write(bytes(raw))
    with pytest.raises(tf.errors.DataLossError, match="lengths"):
        tf.train.NewCheckpointReader(prefix).get_tensor("s")


def test_slice_keys_match_tf_ordered_code():
    assert tensor_bundle._slice_key("part", [(2, 2), (0, 2)]) == b"\x00part\x00\x01\x01\x02\x82\x82\x80\x82"
    assert tensor_bundle._slice_key("wide", [(100, 100)]) == b"\x00wide\x00\x01\x01\x01\xc0d\xc0d"
    assert tensor_bundle._ordered_signed(-1) == b"\x7f"
    assert tensor_bundle._ordered_string(b"a\x00\xff") == b"a\x00\xff\xff\x00\x00\x01"
    assert struct.unpack("<Q", sstable.build_table([])[-8:])[0] == sstable.MAGIC


def test_without_the_optional_packages_a_save_falls_back_to_tfsess_format(g, tmp_path, monkeypatch):
    monkeypatch.setattr(checkpoint_format, "tf_format_available", lambda: False)
    v = tf.Variable([3.0], name="v")
    sess = tf.Session()
    sess.run(v.initializer)
    with pytest.warns(UserWarning, match="tfsess's own format"):
        prefix = tf.train.Saver().save(sess, str(tmp_path / "m"), write_meta_graph=False)
    assert (tmp_path / "m.index").read_bytes().startswith(b"{")
    assert tf.train.load_variable(prefix, "v").tolist() == [3.0]
