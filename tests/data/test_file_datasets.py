"""File datasets: text lines, TFRecords (compressed too), fixed-length records, list_files."""
import numpy as np
import pytest

import tfsess as tf


def drain(ds):
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess, out = tf.Session(), []
    while True:
        try:
            out.append(sess.run(nxt))
        except tf.errors.OutOfRangeError:
            return out


def test_text_lines_strip_line_endings(g, tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"one\r\ntwo\nthree")
    assert drain(tf.data.TextLineDataset(str(path))) == [b"one", b"two", b"three"]


@pytest.mark.parametrize("compression", ["", "GZIP", "ZLIB"])
def test_tfrecords_round_trip(g, tmp_path, compression):
    path = str(tmp_path / "r.tfrecord")
    with tf.io.TFRecordWriter(path, tf.io.TFRecordOptions(compression or None)) as writer:
        for rec in (b"a", b"bc"):
            writer.write(rec)
    assert drain(tf.data.TFRecordDataset([path, path], compression_type=compression)) == [b"a", b"bc"] * 2


def test_missing_file_is_not_found(g, tmp_path):
    nxt = tf.data.make_one_shot_iterator(tf.data.TFRecordDataset(str(tmp_path / "none"))).get_next()
    with pytest.raises(tf.errors.NotFoundError):
        tf.Session().run(nxt)


def test_fixed_length_records_and_decode_raw(g, tmp_path):
    path = tmp_path / "f.bin"
    path.write_bytes(b"H" + np.arange(4, dtype=np.int16).tobytes() + b"FF")
    ds = tf.data.FixedLengthRecordDataset(str(path), 4, header_bytes=1, footer_bytes=2).map(
        lambda r: tf.decode_raw(r, tf.int16))
    out = drain(ds)
    np.testing.assert_array_equal(np.concatenate(out), [0, 1, 2, 3])


def test_list_files(g, tmp_path):
    for name in ("b.txt", "a.txt", "c.csv"):
        (tmp_path / name).write_bytes(b"")
    pattern = str(tmp_path / "*.txt")
    names = drain(tf.data.Dataset.list_files(pattern, shuffle=False))
    assert [n.decode().rsplit("/", 1)[1] for n in names] == ["a.txt", "b.txt"]
    assert sorted(drain(tf.data.Dataset.list_files(pattern, seed=1))) == names
