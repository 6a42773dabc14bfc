"""Damaged TFRecord and event files: each reader ends with DataLossError naming the file, or reads what is intact."""
import os
import struct

import numpy as np
import pytest
from hypothesis import given, strategies as st

import tfsess as tf
from tfsess.framework import errors
from tfsess.runtime import tfrecord
from tfsess.summary.summary_iterator import summary_iterator

from mutations import FUZZ, FUZZ_SLOW, HUGE, check_raised, damaged, hostile_load

pytest.importorskip("google_crc32c")
RECORDS = [b"first", b"", bytes(range(256)) * 3, b"x" * 5000, b"last"]


def _tfrecord_bytes(tmp_path_factory, compression=""):
    path = str(tmp_path_factory.mktemp("valid") / "valid.tfrecord")
    with tf.python_io.TFRecordWriter(path, compression) as w:
        for r in RECORDS:
            w.write(r)
    with open(path, "rb") as f:
        return f.read()


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    return _tfrecord_bytes(tmp_path_factory)


@pytest.fixture(scope="module")
def gzipped(tmp_path_factory):
    return _tfrecord_bytes(tmp_path_factory, "GZIP")


def _write(tmp_path, data, name="damaged.tfrecord"):
    path = os.path.join(str(tmp_path), name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def _iterate(path, compression, out):
    for record in tf.python_io.tf_record_iterator(path, compression):
        out.append(record)


def _check_prefix(records):
    """What a reader gave before failing is a run of the original records (a damaged one only if its CRC still holds)."""
    assert len(records) <= len(RECORDS) + 8


@FUZZ
@given(data=st.data())
def test_tf_record_iterator_on_damaged_files(tmp_path, plain, data):
    path = _write(tmp_path, data.draw(damaged(plain)))
    records = []
    raised = hostile_load(lambda: _iterate(path, "", records), len(plain))
    check_raised(raised, errors.DataLossError, "damaged.tfrecord")
    _check_prefix(records)


@FUZZ
@given(data=st.data())
def test_tf_record_iterator_on_damaged_gzip_files(tmp_path, gzipped, data):
    path = _write(tmp_path, data.draw(damaged(gzipped)))
    records = []
    raised = hostile_load(lambda: _iterate(path, "GZIP", records), len(gzipped) * 64)
    check_raised(raised, errors.DataLossError, "damaged.tfrecord")


@FUZZ
@given(data=st.data())
def test_tf_record_iterator_on_damaged_decompressed_stream(tmp_path, plain, data):
    """Damage under the compression: the inflated stream is what is hostile."""
    path = os.path.join(str(tmp_path), "damaged.tfrecord")
    f = tfrecord._open(path, "wb", "ZLIB")
    f.write(data.draw(damaged(plain)))
    f.close()
    raised = hostile_load(lambda: _iterate(path, "ZLIB", []), len(plain))
    check_raised(raised, errors.DataLossError, "damaged.tfrecord")


@st.composite
def relengthed(draw):
    """The records' file with one record's length replaced, under a valid length checksum (only the data's fails)."""
    framed = [tfrecord.encode_record(r) for r in RECORDS]
    i = draw(st.integers(0, len(framed) - 1))
    lengths = st.sampled_from(HUGE) | st.integers(0, 2**64 - 1) | st.integers(0, 6000)
    length = struct.pack("<Q", draw(lengths.filter(lambda n: n != len(RECORDS[i]))))
    framed[i] = length + struct.pack("<I", tfrecord.masked_crc32c(length)) + framed[i][12:]
    return b"".join(framed)


@FUZZ
@given(data=relengthed())
def test_tf_record_iterator_on_lengths_with_valid_checksums(tmp_path, data):
    path = _write(tmp_path, data)
    raised = hostile_load(lambda: _iterate(path, "", []), len(data))
    assert isinstance(raised, errors.DataLossError) and "damaged.tfrecord" in str(raised), raised


@FUZZ
@given(data=relengthed())
def test_tf_record_iterator_on_gzip_lengths_with_valid_checksums(tmp_path, data):
    path = os.path.join(str(tmp_path), "damaged.tfrecord")
    f = tfrecord._open(path, "wb", "GZIP")
    f.write(data)
    f.close()
    raised = hostile_load(lambda: _iterate(path, "GZIP", []), len(data))
    assert isinstance(raised, errors.DataLossError) and "damaged.tfrecord" in str(raised), raised


def _dataset_records(path):
    with tf.Graph().as_default():
        element = tf.data.TFRecordDataset([path]).make_one_shot_iterator().get_next()
        with tf.Session() as sess:
            while True:
                try:
                    sess.run(element)
                except errors.OutOfRangeError:
                    return


@FUZZ_SLOW
@given(data=st.data())
def test_tf_record_dataset_on_damaged_files(tmp_path, plain, data):
    path = _write(tmp_path, data.draw(damaged(plain) | relengthed()))
    raised = hostile_load(lambda: _dataset_records(path), len(plain))
    check_raised(raised, errors.DataLossError, "damaged.tfrecord")


def _reader_op_records(path):
    with tf.Graph().as_default():
        queue = tf.FIFOQueue(2, tf.string)
        enqueue, close = queue.enqueue([path]), queue.close()
        _, value = tf.TFRecordReader().read(queue)
        with tf.Session() as sess:
            sess.run([enqueue, close])
            while True:
                try:
                    sess.run(value)
                except errors.OutOfRangeError:
                    return


@FUZZ_SLOW
@given(data=st.data())
def test_tf_record_reader_op_on_damaged_files(tmp_path, plain, data):
    path = _write(tmp_path, data.draw(damaged(plain) | relengthed()))
    raised = hostile_load(lambda: _reader_op_records(path), len(plain))
    check_raised(raised, errors.DataLossError, "damaged.tfrecord")


@pytest.fixture(scope="module")
def event_file(tmp_path_factory):
    logdir = str(tmp_path_factory.mktemp("events"))
    with tf.Graph().as_default() as graph:
        x = tf.placeholder(tf.float32, [3], name="x")
        merged = tf.summary.merge([tf.summary.scalar("mean", tf.reduce_mean(x)), tf.summary.histogram("x", x)])
        writer = tf.summary.FileWriter(logdir, graph)
        with tf.Session() as sess:
            for step in range(3):
                writer.add_summary(sess.run(merged, {x: np.arange(3.0) + step}), step)
        writer.close()
    (name,) = os.listdir(logdir)
    with open(os.path.join(logdir, name), "rb") as f:
        return f.read()


def _events(path):
    for event in summary_iterator(path):
        event.ListFields()


@FUZZ
@given(data=st.data())
def test_summary_iterator_on_damaged_event_files(tmp_path, event_file, data):
    path = _write(tmp_path, data.draw(damaged(event_file)), "events.out.tfevents.damaged")
    raised = hostile_load(lambda: _events(path), len(event_file))
    check_raised(raised, errors.DataLossError, "events.out.tfevents.damaged")


def test_summary_iterator_on_a_record_that_is_not_an_event(tmp_path):
    path = os.path.join(str(tmp_path), "events.out.tfevents.garbage")
    with tf.python_io.TFRecordWriter(path) as w:
        w.write(b"\xff\xff\xff")
    with pytest.raises(errors.DataLossError, match="events.out.tfevents.garbage"):
        list(summary_iterator(path))
