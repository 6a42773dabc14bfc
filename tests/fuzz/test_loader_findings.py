"""Hostile checkpoint and record files that once escaped the loaders' checks, each as TF's DataLossError naming the file.

A deeply nested JSON index (RecursionError), a shape of 10**30 (OverflowError), string lengths that
wrap past 2**64 under a valid checksum (accepted with wrong values), a TFRecord length of 2**40
(a 1 TiB allocation, MemoryError) and of 2**64 - 1.
"""
import json
import struct
import zlib

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors
from tfsess.runtime import tfrecord
from tfsess.train import checkpoint_format

pytest.importorskip("google_crc32c")


def _json_checkpoint(tmp_path, values):
    prefix = str(tmp_path / "model")
    checkpoint_format.write_checkpoint(prefix, list(values), list(values.values()), tf_format=False)
    return prefix


def _rewrite_index(prefix, edit):
    path = checkpoint_format.index_filename(prefix)
    with open(path, "rb") as f:
        index = json.loads(f.read())
    raw = edit(index)
    with open(path, "wb") as f:
        f.write(raw if isinstance(raw, bytes) else json.dumps(index).encode())


def test_deeply_nested_json_index_is_data_loss(tmp_path):
    prefix = _json_checkpoint(tmp_path, {"v": np.arange(3.0)})

    def nest(index):
        text = json.dumps(index)
        return text[:-1].encode() + b', "x": ' + b"[" * 200000 + b"]" * 200000 + b"}"
    _rewrite_index(prefix, nest)
    with pytest.raises(errors.DataLossError, match="model"):
        checkpoint_format.CheckpointReader(prefix)


@pytest.mark.parametrize("shape", [[10**30], [2**40, 2**40], [0, 10**30]])
def test_absurd_shape_in_json_index_is_data_loss(tmp_path, shape):
    prefix = _json_checkpoint(tmp_path, {"v": np.zeros([0], np.float32)})

    def huge(index):
        index["tensors"]["v"]["shape"] = shape
    _rewrite_index(prefix, huge)
    with pytest.raises(errors.DataLossError, match="model"):
        checkpoint_format.CheckpointReader(prefix).get_tensor("v")


def test_string_lengths_wrapping_past_2_64_with_a_valid_crc_are_data_loss(tmp_path):
    prefix = _json_checkpoint(tmp_path, {"s": np.array([b"ab", b"cd"], dtype=object)})
    data_path = checkpoint_format.data_filename(prefix)
    with open(data_path, "rb") as f:
        head = f.read(40)
    raw = struct.pack("<QQ", 2**64 - 1, 3) + b"cd"  # 2**64 + 2 wraps to 2: "adds up" in uint64
    with open(data_path, "wb") as f:
        f.write(head + raw)

    def fix(index):
        index["data_size"] = len(raw)
        index["tensors"]["s"].update(length=len(raw), crc32=zlib.crc32(raw))
    _rewrite_index(prefix, fix)
    with pytest.raises(errors.DataLossError, match="model"):
        checkpoint_format.CheckpointReader(prefix).get_tensor("s")


def _huge_length_file(tmp_path, length):
    path = tmp_path / "huge.tfrecord"
    header = struct.pack("<Q", length)
    first = tfrecord.encode_record(b"fine")
    path.write_bytes(first + header + struct.pack("<I", tfrecord.masked_crc32c(header)) + b"only a few bytes")
    return str(path)


@pytest.mark.parametrize("length", [2**40, 2**63, 2**64 - 1])
def test_tf_record_iterator_checks_a_huge_length_against_the_file(tmp_path, length):
    path = _huge_length_file(tmp_path, length)
    records = tf.python_io.tf_record_iterator(path)
    assert next(records) == b"fine"
    with pytest.raises(errors.DataLossError, match="huge.tfrecord"):
        next(records)


@pytest.mark.parametrize("compression", ["", "GZIP"])
def test_tf_record_dataset_checks_a_huge_length_against_the_file(tmp_path, compression):
    path = _huge_length_file(tmp_path, 2**40)
    if compression:
        data = open(path, "rb").read()
        f = tfrecord._open(path, "wb", compression)
        f.write(data)
        f.close()
    with tf.Graph().as_default():
        element = tf.data.TFRecordDataset([path], compression_type=compression).make_one_shot_iterator().get_next()
        with tf.Session() as sess:
            assert sess.run(element) == b"fine"
            with pytest.raises(errors.DataLossError, match="huge.tfrecord"):
                sess.run(element)


def test_tf_record_reader_op_checks_a_huge_length_against_the_file(tmp_path):
    path = _huge_length_file(tmp_path, 2**40)
    with tf.Graph().as_default():
        queue = tf.FIFOQueue(4, tf.string)
        enqueue = queue.enqueue_many([[path]])
        key, value = tf.TFRecordReader().read(queue)
        with tf.Session() as sess:
            sess.run(enqueue)
            assert sess.run(value) == b"fine"
            with pytest.raises(errors.DataLossError, match="huge.tfrecord"):
                sess.run(value)
            with pytest.raises(errors.DataLossError, match="huge.tfrecord"):  # the same offset fails again
                sess.run(value)
