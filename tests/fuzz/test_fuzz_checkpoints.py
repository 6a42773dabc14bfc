"""Damaged and hostile checkpoints, in TF's V2 format and tfsess's JSON-indexed one: every read is DataLossError naming the checkpoint, or succeeds.

Byte damage mostly meets the checksums; the re-signed cases write hostile fields (offsets, sizes,
shapes, dtypes, shard ids, slices, string lengths, nesting) under valid checksums, so the checks
behind the checksums are what is tested.
"""
import json
import os
import struct
import zlib

import numpy as np
import pytest
from hypothesis import given, strategies as st

import tfsess as tf
from tfsess.framework import errors
from tfsess.runtime.tfrecord import masked_crc32c
from tfsess.train import checkpoint_format, sstable, tensor_bundle

from mutations import FUZZ, FUZZ_SLOW, HUGE, check_raised, damaged, hostile_load

pytest.importorskip("google.protobuf")
pytest.importorskip("google_crc32c")
VALUES = {"bias": np.float32(0.5), "flags": np.array([True, False, True]), "kernel": np.arange(12.0).reshape(3, 4),
          "steps": np.int64(7), "words": np.array([b"a", b"", b"hello" * 20], dtype=object),
          "empty": np.zeros([0, 3], np.int32)}
ALLOWED = (errors.DataLossError, errors.UnimplementedError, errors.InvalidArgumentError, errors.NotFoundError)


def _save(directory, tf_format):
    prefix = os.path.join(str(directory), "model")
    checkpoint_format.write_checkpoint(prefix, list(VALUES), list(VALUES.values()), tf_format=tf_format)
    return prefix


def _files(tmp_path_factory, tf_format):
    prefix = _save(tmp_path_factory.mktemp("valid"), tf_format)
    with open(checkpoint_format.index_filename(prefix), "rb") as f, \
            open(checkpoint_format.data_filename(prefix), "rb") as g:
        return f.read(), g.read()


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    return _files(tmp_path_factory, True)


@pytest.fixture(scope="module")
def json_checkpoint(tmp_path_factory):
    return _files(tmp_path_factory, False)


def _place(tmp_path, index, data):
    prefix = os.path.join(str(tmp_path), "model")
    for path, raw in ((checkpoint_format.index_filename(prefix), index),
                      (checkpoint_format.data_filename(prefix), data)):
        with open(path, "wb") as f:
            f.write(raw)
    return prefix


def _read_everything(prefix):
    reader = checkpoint_format.CheckpointReader(prefix)
    shapes = reader.get_variable_to_shape_map()
    reader.get_variable_to_dtype_map()
    for name, shape in shapes.items():
        value = np.asarray(reader.get_tensor(name))
        assert list(value.shape) == list(shape)


def _load(tmp_path, index, data):
    prefix = _place(tmp_path, index, data)
    raised = hostile_load(lambda: _read_everything(prefix), len(index) + len(data))
    check_raised(raised, ALLOWED, "model")


@FUZZ
@given(data=st.data())
def test_v2_bundle_with_a_damaged_index(tmp_path, bundle, data):
    _load(tmp_path, data.draw(damaged(bundle[0])), bundle[1])


@FUZZ
@given(data=st.data())
def test_v2_bundle_with_a_damaged_data_file(tmp_path, bundle, data):
    _load(tmp_path, bundle[0], data.draw(damaged(bundle[1])))


@FUZZ
@given(data=st.data())
def test_json_checkpoint_with_a_damaged_index(tmp_path, json_checkpoint, data):
    _load(tmp_path, data.draw(damaged(json_checkpoint[0])), json_checkpoint[1])


@FUZZ
@given(data=st.data())
def test_json_checkpoint_with_a_damaged_data_file(tmp_path, json_checkpoint, data):
    _load(tmp_path, json_checkpoint[0], data.draw(damaged(json_checkpoint[1])))


# ------------------------------------------------------------------ re-signed: hostile fields, valid checksums
_INTS = st.sampled_from([n for n in HUGE if n < 2**63]) | st.integers(-2**63, 2**63 - 1) | st.integers(-2, 64)


def _hostile_field(draw, entry):
    """Changes one field of a BundleEntryProto to a hostile value."""
    field = draw(st.sampled_from(["dtype", "shard_id", "offset", "size", "crc32c", "shape", "unknown_rank",
                                  "slices"]))
    if field == "dtype":
        entry.dtype = draw(st.integers(0, 130) | st.sampled_from([1, 2, 7, 9, 10, 14, 20, 21, 101]))
    elif field == "shard_id":
        entry.shard_id = draw(st.integers(-2, 3) | st.just(2**31 - 1))
    elif field in ("offset", "size"):
        setattr(entry, field, draw(_INTS))
    elif field == "crc32c":
        entry.crc32c = draw(st.integers(0, 2**32 - 1))
    elif field == "shape":
        del entry.shape.dim[:]
        for d in draw(st.lists(_INTS, max_size=4)):
            entry.shape.dim.add(size=d)
    elif field == "unknown_rank":
        entry.shape.unknown_rank = True
    else:
        for _ in range(draw(st.integers(1, 2))):
            piece = entry.slices.add()
            for start, length in draw(st.lists(st.tuples(_INTS, _INTS), max_size=3)):
                extent = piece.extent.add(start=start)
                if length != -1:
                    extent.length = length


@st.composite
def _hostile_index(draw, index_bytes):
    """The bundle's index with one to three fields of its entries (or its header) hostile, every block checksum valid."""
    pb = tensor_bundle._pb()
    items = sstable.read_table(index_bytes, "model.index")
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(items) - 1))
        key, value = items[i]
        if key == b"":
            header = pb.BundleHeaderProto.FromString(value)
            header.num_shards = draw(st.sampled_from([0, -1, 2, 2**31 - 1]))
            header.endianness = draw(st.sampled_from([0, 1]))
            header.version.min_consumer = draw(st.sampled_from([0, 2]))
            value = header.SerializeToString()
        else:
            entry = pb.BundleEntryProto.FromString(value)
            _hostile_field(draw, entry)
            value = entry.SerializeToString()
        items[i] = (key, value)
    return sstable.build_table(items)


@FUZZ
@given(data=st.data())
def test_v2_bundle_with_hostile_entries_under_valid_checksums(tmp_path, bundle, data):
    _load(tmp_path, data.draw(_hostile_index(bundle[0])), bundle[1])


@FUZZ
@given(items=st.lists(st.tuples(st.binary(max_size=40), st.binary(max_size=300)), max_size=40))
def test_any_table_reads_back_or_is_data_loss(tmp_path, items):
    items = sorted(dict(items).items())
    table = sstable.build_table(items)
    assert sstable.read_table(table, "t.index") == items


@FUZZ
@given(data=st.data())
def test_a_damaged_table_is_data_loss(bundle, data):
    table = data.draw(damaged(bundle[0]))
    raised = hostile_load(lambda: sstable.read_table(table, "model.index"), len(table))
    check_raised(raised, errors.DataLossError, "model.index")


@st.composite
def _resigned_block(draw, table):
    """The table with bytes of its first block changed and the block's checksum made valid again."""
    footer = table[-sstable.FOOTER_SIZE:]
    out = bytearray(table)
    for size in range(len(table) - sstable.FOOTER_SIZE - 5, 0, -1):
        kind, crc = struct.unpack("<BI", table[size:size + 5])
        if kind == 0 and masked_crc32c(table[:size + 1]) == crc:
            break  # the first block starts at 0 and ends where its trailer's checksum holds
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, size - 1))
        if draw(st.booleans()):
            out[pos] ^= draw(st.integers(1, 255))
        else:
            out[pos:pos + 5] = draw(st.sampled_from([b"\xff\xff\xff\xff\x0f", b"\x80\x80\x80\x80\x80",
                                                     b"\xff\xff\xff\xff\x7f"]))[:max(0, size - pos)]
    out[size + 1:size + 5] = struct.pack("<I", masked_crc32c(bytes(out[:size + 1])))
    assert out[-sstable.FOOTER_SIZE:] == footer
    return bytes(out)


@FUZZ
@given(data=st.data())
def test_a_table_block_re_signed_after_damage_is_data_loss(tmp_path, bundle, data):
    _load(tmp_path, data.draw(_resigned_block(bundle[0])), bundle[1])


# ------------------------------------------------------------------ tfsess's JSON index, re-signed
_JSON = st.recursive(st.none() | st.booleans() | st.sampled_from(HUGE) | st.integers(-2**70, 2**70)
                     | st.floats(allow_nan=False) | st.text(max_size=8),
                     lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
                     max_leaves=12)


@st.composite
def _hostile_json(draw, index_bytes, data):
    """tfsess's index with fields of its tensors replaced by hostile values; crc32 and data_size kept true."""
    index = json.loads(index_bytes)
    name = draw(st.sampled_from(sorted(index["tensors"])))
    entry = index["tensors"][name]
    field = draw(st.sampled_from(["shape", "offset", "length", "dtype", "crc32", "data_size", "entry", "nest"]))
    if field == "shape":
        entry["shape"] = draw(st.lists(_INTS | st.sampled_from([10**30, 2**64]), max_size=4))
    elif field in ("offset", "length"):
        entry[field] = draw(_INTS | st.integers(0, len(data)))
    elif field == "data_size":
        index["data_size"] = draw(_JSON)
    elif field == "entry":
        index["tensors"][name] = draw(_JSON)
    elif field == "nest":
        depth = draw(st.sampled_from([63, 65, 1000, 100000]))
        return (json.dumps(index)[:-1] + ', "x": ' + "[" * depth + "]" * depth + "}").encode()
    else:
        entry[field] = draw(_JSON)
    if isinstance(entry, dict) and isinstance(entry.get("offset"), int) and isinstance(entry.get("length"), int):
        entry["crc32"] = zlib.crc32(data[40 + max(entry["offset"], 0):][:max(entry["length"], 0)])
    return json.dumps(index).encode()


@FUZZ
@given(data=st.data())
def test_json_checkpoint_with_hostile_fields_under_valid_checksums(tmp_path, json_checkpoint, data):
    index, raw = json_checkpoint
    _load(tmp_path, data.draw(_hostile_json(index, raw)), raw)


@st.composite
def _string_table(draw):
    """A JSON checkpoint's string tensor: hostile uint64 lengths, data and a true crc32."""
    count = draw(st.integers(0, 4))
    lengths = draw(st.lists(st.sampled_from(HUGE) | st.integers(0, 12), min_size=count, max_size=count))
    raw = struct.pack(f"<{count}Q", *lengths) + draw(st.binary(max_size=24))
    return count, raw


@FUZZ
@given(table=_string_table())
def test_json_checkpoint_string_lengths_are_checked_exactly(tmp_path, json_checkpoint, table):
    count, raw = table
    index = json.loads(json_checkpoint[0])
    index["data_size"] = len(raw)
    index["tensors"] = {"words": {"dtype": "string", "shape": [count], "offset": 0, "length": len(raw),
                                  "crc32": zlib.crc32(raw)}}
    data = json_checkpoint[1][:40] + raw
    prefix = _place(tmp_path, json.dumps(index).encode(), data)
    raised = hostile_load(lambda: _read_everything(prefix), len(data))
    check_raised(raised, errors.DataLossError, "model")
    if raised is None:  # what was accepted is exactly what the lengths describe
        lengths = struct.unpack_from(f"<{count}Q", raw)
        words = checkpoint_format.CheckpointReader(prefix).get_tensor("words")
        assert [len(w) for w in words] == list(lengths) and sum(lengths) == len(raw) - 8 * count


def test_v2_bundle_entry_of_every_dtype_enum_reads_or_is_refused(tmp_path, bundle):
    """Each DataType number over the bytes of a valid entry (checksum true): a value, or TF's refusal naming the file."""
    pb = tensor_bundle._pb()
    items = sstable.read_table(bundle[0], "model.index")
    key, value = next((k, v) for k, v in items if k == b"kernel")
    for enum in range(0, 131):
        entry = pb.BundleEntryProto.FromString(value)
        entry.dtype = enum
        index = sstable.build_table([(k, entry.SerializeToString() if k == key else v) for k, v in items])
        _load(tmp_path, index, bundle[1])


@pytest.fixture(scope="module")
def saver_bundle(tmp_path_factory):
    """A checkpoint Saver.save wrote of two variables, as (index bytes, data bytes)."""
    directory = tmp_path_factory.mktemp("saver")
    with tf.Graph().as_default():
        tf.Variable(np.arange(6.0).reshape(2, 3), name="kernel")
        tf.Variable(np.array([b"a", b"bc"], dtype=object), name="words")
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            prefix = tf.train.Saver().save(sess, os.path.join(str(directory), "model"), write_meta_graph=False)
    with open(prefix + ".index", "rb") as f, open(prefix + ".data-00000-of-00001", "rb") as g:
        return f.read(), g.read()


def _restore(prefix):
    with tf.Graph().as_default():
        kernel = tf.Variable(np.zeros((2, 3)), name="kernel")
        words = tf.Variable(np.array([b"", b""], dtype=object), name="words")
        saver = tf.train.Saver()
        with tf.Session() as sess:
            saver.restore(sess, prefix)
            assert sess.run(kernel).shape == (2, 3) and sess.run(words).shape == (2,)


@FUZZ_SLOW
@given(data=st.data())
def test_saver_restore_of_a_damaged_checkpoint(tmp_path, saver_bundle, data):
    index, raw = saver_bundle
    if data.draw(st.booleans()):
        index = data.draw(damaged(index) | _hostile_index(index))
    else:
        raw = data.draw(damaged(raw))
    prefix = _place(tmp_path, index, raw)
    raised = hostile_load(lambda: _restore(prefix), len(index) + len(raw))
    check_raised(raised, ALLOWED, "model")
