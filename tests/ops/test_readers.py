"""Readers, read_file/write_file/matching_files, decode_csv and decode_raw."""
import gzip
import os
import threading
import zlib

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors


pytestmark = pytest.mark.usefixtures("reset_graph")


def _write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return str(path)


def _filenames(sess, paths, close=True):
    q = tf.FIFOQueue(10, tf.string, shapes=[[]])
    sess.run(q.enqueue_many([paths]))
    if close:
        sess.run(q.close())
    return q


def _drain(sess, fetches):
    out = []
    while True:
        try:
            out.append(sess.run(fetches))
        except errors.OutOfRangeError:
            return out


def test_text_line_reader_keys_values_header_and_line_endings(tmp_path):
    a = _write(tmp_path / "a.csv", b"head\r\none\r\n\ntwo\nlast\r")
    b = _write(tmp_path / "b.csv", b"head only")
    sess = tf.Session()
    reader = tf.TextLineReader(skip_header_lines=1)
    key, value = reader.read(_filenames(sess, [a, b]))
    assert key.shape.as_list() == [] and key.op.type == "ReaderReadV2"
    rows = _drain(sess, [key, value])
    assert rows == [[f"{a}:2".encode(), b"one"], [f"{a}:3".encode(), b""], [f"{a}:4".encode(), b"two"],
                    [f"{a}:5".encode(), b"last"]]
    assert sess.run(reader.num_records_produced()) == 4
    assert sess.run(reader.num_work_units_completed()) == 2


def test_whole_file_and_identity_readers(tmp_path):
    a = _write(tmp_path / "a.bin", b"\x00\x01\xff")
    b = _write(tmp_path / "empty", b"")
    sess = tf.Session()
    key, value = tf.WholeFileReader().read(_filenames(sess, [a, b]))
    assert _drain(sess, [key, value]) == [[a.encode(), b"\x00\x01\xff"], [b.encode(), b""]]
    reader = tf.IdentityReader()
    key, value = reader.read(_filenames(sess, ["w1", "w2"]))
    assert _drain(sess, [key, value]) == [[b"w1", b"w1"], [b"w2", b"w2"]]
    assert sess.run(reader.num_work_units_completed()) == 2


def test_fixed_length_record_reader_header_footer_hop_and_gzip(tmp_path):
    a = _write(tmp_path / "a.bin", b"HEAD" + b"abcdefghijk" + b"FT")
    sess = tf.Session()
    reader = tf.FixedLengthRecordReader(record_bytes=3, header_bytes=4, footer_bytes=2)
    key, value = reader.read(_filenames(sess, [a]))
    assert _drain(sess, [key, value]) == [[f"{a}:0".encode(), b"abc"], [f"{a}:1".encode(), b"def"],
                                         [f"{a}:2".encode(), b"ghi"]]
    hop = tf.FixedLengthRecordReader(record_bytes=4, hop_bytes=2)
    _, value = hop.read(_filenames(sess, [_write(tmp_path / "h.bin", b"0123456789")]))
    assert _drain(sess, value) == [b"0123", b"2345", b"4567", b"6789"]
    zipped = _write(tmp_path / "z.gz", gzip.compress(b"xxAABBCC"))
    _, value = tf.FixedLengthRecordReader(2, header_bytes=2, encoding="GZIP").read(_filenames(sess, [zipped]))
    assert _drain(sess, value) == [b"AA", b"BB", b"CC"]


def test_tfrecord_reader_keys_compression_and_corruption(tmp_path):
    path = str(tmp_path / "r.tfrecord")
    with tf.python_io.TFRecordWriter(path) as writer:
        for record in (b"one", b"", b"three"):
            writer.write(record)
    sess = tf.Session()
    key, value = tf.TFRecordReader().read(_filenames(sess, [path]))
    assert _drain(sess, [key, value]) == [[f"{path}:0".encode(), b"one"], [f"{path}:19".encode(), b""],
                                         [f"{path}:35".encode(), b"three"]]
    gz = str(tmp_path / "r.gz")
    options = tf.python_io.TFRecordOptions(tf.python_io.TFRecordCompressionType.GZIP)
    with tf.python_io.TFRecordWriter(gz, options) as writer:
        writer.write(b"zipped")
    _, value = tf.TFRecordReader(options=options).read(_filenames(sess, [gz]))
    assert _drain(sess, value) == [b"zipped"]

    data = open(path, "rb").read()
    flipped = bytearray(data)
    flipped[-8] ^= 0x01
    bad = _write(tmp_path / "flipped.tfrecord", bytes(flipped))
    truncated = _write(tmp_path / "truncated.tfrecord", data[:-3])
    for corrupt in (bad, truncated):
        _, value = tf.TFRecordReader().read(_filenames(sess, [corrupt]))
        assert sess.run(value) == b"one" and sess.run(value) == b""
        for _ in range(2):  # the reader stays on the bad record
            with pytest.raises(errors.DataLossError, match="r"):
                sess.run(value)


def test_read_up_to_stays_within_one_file(tmp_path):
    a = _write(tmp_path / "a.txt", b"a1\na2\na3\na4\n")
    b = _write(tmp_path / "b.txt", b"b1\n")
    sess = tf.Session()
    keys, values = tf.TextLineReader().read_up_to(_filenames(sess, [a, b]), 3)
    assert values.shape.as_list() == [None]
    batches = [v.tolist() for v in _drain(sess, values)]
    assert batches == [[b"a1", b"a2", b"a3"], [b"a4"], [b"b1"]]


def test_missing_file_raises_not_found_naming_it_and_reader_moves_on(tmp_path):
    good = _write(tmp_path / "good.txt", b"ok\n")
    missing = str(tmp_path / "missing.txt")
    sess = tf.Session()
    _, value = tf.TextLineReader().read(_filenames(sess, [missing, good]))
    with pytest.raises(errors.NotFoundError, match="missing.txt"):
        sess.run(value)
    assert sess.run(value) == b"ok"


def test_read_blocks_until_a_filename_arrives(tmp_path):
    a = _write(tmp_path / "a.txt", b"late\n")
    sess = tf.Session()
    q = tf.FIFOQueue(3, tf.string, shapes=[[]])
    _, value = tf.TextLineReader().read(q)
    name = tf.placeholder(tf.string, [])
    enqueue = q.enqueue(name)
    box = {}
    thread = threading.Thread(target=lambda: box.update(v=sess.run(value)))
    thread.start()
    sess.run(enqueue, {name: a})
    thread.join(5)
    assert box["v"] == b"late"
    with pytest.raises(errors.DeadlineExceededError):
        sess.run(value, options=tf.RunOptions(timeout_in_ms=20))


def test_reset_and_serialize_state(tmp_path):
    a = _write(tmp_path / "a.txt", b"x\ny\n")
    sess = tf.Session()
    reader = tf.WholeFileReader()
    key, _ = reader.read(_filenames(sess, [a, a]))
    sess.run(key)
    state = sess.run(reader.serialize_state())
    assert state == b"\x08\x01\x10\x01\x18\x01\x22" + bytes([len(a)]) + a.encode()
    sess.run(key)
    assert sess.run(reader.num_records_produced()) == 2
    sess.run(reader.restore_state(state))
    assert sess.run(reader.num_records_produced()) == 1
    sess.run(reader.reset())
    assert sess.run([reader.num_records_produced(), reader.num_work_units_completed()]) == [0, 0]
    with pytest.raises(errors.UnimplementedError):
        sess.run(tf.TextLineReader().serialize_state())
    with pytest.raises(errors.InvalidArgumentError):
        sess.run(reader.restore_state(b"\xff"))


def test_a_failed_restore_resets_the_reader_and_messages_name_it(tmp_path):
    a = _write(tmp_path / "a.txt", b"one\ntwo\n")
    sess = tf.Session()
    text = tf.TextLineReader(name="lines")
    _, line = text.read(_filenames(sess, [a]))
    assert sess.run(line) == b"one"
    with pytest.raises(errors.UnimplementedError, match="^Reader RestoreState"):
        sess.run(text.restore_state(b""))
    with pytest.raises(errors.OutOfRangeError):  # the open file went with the reset; the queue is empty
        sess.run(line)
    ident = tf.IdentityReader(name="ids")
    with pytest.raises(errors.InvalidArgumentError, match="Could not parse state for IdentityReader 'ids': g\\\\n"):
        sess.run(ident.restore_state(b"g\n"))
    with pytest.raises(errors.InvalidArgumentError,
                       match="Inconsistent work started vs. finished when restoring in IdentityReader 'ids': "
                             "work_started: 5\nwork_finished: 1\n"):
        sess.run(ident.restore_state(b"\x08\x05\x10\x01"))
    with pytest.raises(errors.InvalidArgumentError, match="Unexpected negative value"):
        sess.run(ident.restore_state(b"\x08" + b"\xff" * 9 + b"\x01"))
    sess.run(ident.restore_state(b"\x08\x01\x10\x01\x29" + bytes(8)))  # an unknown fixed64 field is skipped
    assert sess.run(ident.num_work_units_completed()) == 1


def test_read_write_and_match_files(tmp_path):
    target = str(tmp_path / "sub" / "dir" / "out.bin")
    contents = tf.placeholder(tf.string, [])
    sess = tf.Session()
    sess.run(tf.write_file(target, contents), {contents: b"\x00data"})
    assert sess.run(tf.read_file(target)) == b"\x00data"
    with pytest.raises(errors.NotFoundError, match="nope.bin"):
        sess.run(tf.read_file(str(tmp_path / "nope.bin")))
    for name in ("b.txt", "a.txt", ".hidden.txt", "c.csv"):
        _write(tmp_path / name, b"")
    found = sess.run(tf.matching_files(str(tmp_path / "*.txt")))
    assert [os.path.basename(f) for f in found.tolist()] == [b".hidden.txt", b"a.txt", b"b.txt"]
    both = sess.run(tf.matching_files([str(tmp_path / "c.*"), str(tmp_path / "a.*")]))
    assert [os.path.basename(f) for f in both.tolist()] == [b"a.txt", b"c.csv"]


def test_decode_csv_values_quotes_and_defaults():
    records = tf.constant(['1,2.5,"a, ""quoted"" b",7', '2,,plain,', ' 3 ,1e3,"",9'])
    cols = tf.decode_csv(records, record_defaults=[[0], [-1.0], ["none"], tf.constant([5], tf.int64)])
    assert [c.dtype for c in cols] == [tf.int32, tf.float32, tf.string, tf.int64]
    assert cols[0].op.type == "DecodeCSV" and cols[0].shape.as_list() == [3]
    sess = tf.Session()
    ints, floats, strs, longs = sess.run(cols)
    assert ints.tolist() == [1, 2, 3] and floats.tolist() == [2.5, -1.0, 1000.0]
    assert strs.tolist() == [b'a, "quoted" b', b"plain", b"none"] and longs.tolist() == [7, 5, 9]
    picked = tf.decode_csv(["x|1|2.0", "y||NA"], [[""], [0.0]], field_delim="|", na_value="NA", select_cols=[0, 2])
    assert [v.tolist() for v in sess.run(picked)] == [[b"x", b"y"], [2.0, 0.0]]


def test_decode_csv_errors_name_the_record():
    rec = tf.placeholder(tf.string, [None])
    cols = tf.decode_csv(rec, record_defaults=[[0], [], [""]])
    sess = tf.Session()
    cases = {"1,,x": "Field 1 is required but missing in record 0",
             "1,2": "Expect 3 fields but have 2 in record 0",
             "one,2,x": "Field 0 in record 0 is not a valid int32: one",
             "1,2x,x": "Field 1 in record 0 is not a valid float: 2x",
             '1,2,"open': "Quoted field has to end with quote",
             "99999999999,2,x": "not a valid int32"}
    for record, message in cases.items():
        with pytest.raises(errors.InvalidArgumentError, match=message):
            sess.run(cols, {rec: [record]})
    with pytest.raises(errors.InvalidArgumentError, match="in record 1"):
        sess.run(cols, {rec: ["1,2,x", "1,2"]})
    with pytest.raises(ValueError):
        tf.decode_csv(rec, [[0], [0]], select_cols=[1, 0])
    with pytest.raises(TypeError):
        tf.decode_csv(rec, [tf.constant([1], tf.int8)])


def test_decode_raw():
    data = tf.constant([np.array([1, 258], "<i4").tobytes(), np.array([-1, 7], "<i4").tobytes()])
    ints = tf.decode_raw(data, tf.int32)
    assert ints.shape.as_list() == [2, None]
    sess = tf.Session()
    assert sess.run(ints).tolist() == [[1, 258], [-1, 7]]
    big = tf.decode_raw(tf.constant(np.array([1], ">u2").tobytes()), tf.uint16, little_endian=False)
    assert sess.run(big).tolist() == [1]
    with pytest.raises(errors.InvalidArgumentError, match="same size, but element 1 has size 4 != 2"):
        sess.run(tf.decode_raw(tf.constant(["abcd", "ab"]), tf.int16))  # TF: element 0's size first
    with pytest.raises(errors.InvalidArgumentError, match="not a multiple of 4"):
        sess.run(tf.decode_raw(tf.constant(["abc"]), tf.float32))


def test_decode_raw_bfloat16_both_byte_orders():
    sess = tf.Session()
    little = sess.run(tf.decode_raw(tf.constant([b"\x80\x3f\x00\x40"]), tf.bfloat16))
    big = sess.run(tf.decode_raw(tf.constant([b"\x3f\x80"]), tf.bfloat16, little_endian=False))
    assert little.dtype == tf.bfloat16.as_numpy_dtype and little.astype(np.float32).tolist() == [[1.0, 2.0]]
    assert big.astype(np.float32).tolist() == [[1.0]]


def test_decode_csv_refuses_no_defaults_and_non_string_records():
    with pytest.raises(ValueError, match="Attr 'OUT_TYPE' of 'DecodeCSV' Op passed list of length 0"):
        tf.decode_csv(tf.constant(["1"]), [])
    with pytest.raises(TypeError, match="Input 'records' of 'DecodeCSV' Op has type int32"):
        tf.decode_csv(tf.constant([1]), [[0]])


def test_reader_read_wants_a_queue_handle():
    with pytest.raises(TypeError, match="Input 'queue_handle' of 'ReaderReadV2' Op has type string"):
        tf.TextLineReader().read(tf.constant("file.txt"))
    with pytest.raises(TypeError, match="'ReaderReadUpToV2' Op has type string"):
        tf.TextLineReader().read_up_to(tf.constant("file.txt"), 2)
    q = tf.FIFOQueue(1, tf.string)
    key, _ = tf.TextLineReader().read(q.queue_ref)  # the handle itself is fine
    assert key.op.type == "ReaderReadV2"


def test_zlib_tfrecord_iterator_roundtrip(tmp_path):
    path = str(tmp_path / "z.tfrecord")
    with tf.python_io.TFRecordWriter(path, "ZLIB") as writer:
        writer.write(b"a")
    zlib.decompress(open(path, "rb").read())  # a real zlib stream
    assert list(tf.python_io.tf_record_iterator(path, "ZLIB")) == [b"a"]
