"""TFRecord format: framing bytes, compression, corruption and missing files."""
import gzip
import importlib
import os
import struct
import zlib

import google_crc32c
import pytest

from tfsess.runtime import tfrecord

errors = importlib.import_module("tfsess.framework.errors")


def _mask(crc):
    # Written out independently from the format definition: rotate right 15, add delta.
    return ((((crc & 0xFFFFFFFF) >> 15) | ((crc << 17) & 0xFFFFFFFF)) + 0xA282EAD8) % 2**32


def _expected_record(data):
    length = len(data).to_bytes(8, "little")
    return (length + _mask(google_crc32c.value(length)).to_bytes(4, "little")
            + data + _mask(google_crc32c.value(data)).to_bytes(4, "little"))


RECORDS = [b"first", b"", b"\x00\xff" * 7, os.urandom(1 << 20), b"last"]


def _write(path, records, options=None):
    with tfrecord.TFRecordWriter(str(path), options) as w:
        for r in records:
            w.write(r)


def test_google_crc32c_uses_c_extension():
    assert google_crc32c.implementation == "c"
    assert google_crc32c.value(b"123456789") == 0xE3069283  # the CRC-32C check value


def test_fixed_vectors():
    assert tfrecord.masked_crc32c(b"") == 0xA282EAD8          # crc32c(b'') == 0
    assert tfrecord.masked_crc32c(bytes(8)) == 0x07980329     # length header of b''
    assert tfrecord.encode_record(b"") == bytes(8) + bytes.fromhex("29039807d8ea82a2")


def test_golden_hello():
    # What TF writes for the single record b'hello'. The length crc 'eab2043e' also
    # appears in Snappy framing test vectors (same masked CRC32C) for these 8 bytes.
    golden = bytes.fromhex("0500000000000000" "eab2043e" "68656c6c6f" "bb1f1c19")
    assert _expected_record(b"hello") == golden
    assert tfrecord.encode_record(b"hello") == golden


def test_exact_bytes_on_disk(tmp_path):
    path = tmp_path / "a.tfrecord"
    _write(path, [b"hello", b"", b"world!"])
    assert path.read_bytes() == b"".join(map(_expected_record, [b"hello", b"", b"world!"]))


def test_round_trip(tmp_path):
    path = tmp_path / "a.tfrecord"
    _write(path, RECORDS)
    assert list(tfrecord.tf_record_iterator(str(path))) == RECORDS


def test_str_record_written_as_utf8(tmp_path):
    path = tmp_path / "a.tfrecord"
    _write(path, ["héllo"])
    assert list(tfrecord.tf_record_iterator(path)) == ["héllo".encode()]


@pytest.mark.parametrize("options,decompress", [
    ("GZIP", gzip.decompress),
    (tfrecord.TFRecordOptions(tfrecord.TFRecordCompressionType.GZIP), gzip.decompress),
    ("ZLIB", zlib.decompress),
    (tfrecord.TFRecordOptions("ZLIB"), zlib.decompress),
])
def test_compressed_round_trip(tmp_path, options, decompress):
    path = tmp_path / "c.tfrecord"
    _write(path, RECORDS, options)
    assert decompress(path.read_bytes()) == b"".join(map(_expected_record, RECORDS))
    assert list(tfrecord.tf_record_iterator(path, options)) == RECORDS


def test_flush_makes_records_readable(tmp_path):
    for options in ("", "GZIP", "ZLIB"):
        path = tmp_path / "f{}.tfrecord".format(options)
        w = tfrecord.TFRecordWriter(path, options)
        w.write(b"a")
        w.flush()
        with tfrecord.TFRecordFile(path, options) as f:
            assert f.read_record() == b"a"
        w.close()


def test_concatenated_gzip_members(tmp_path):
    path = tmp_path / "cat.tfrecord.gz"
    path.write_bytes(gzip.compress(_expected_record(b"x")) + gzip.compress(_expected_record(b"y")))
    assert list(tfrecord.tf_record_iterator(path, "GZIP")) == [b"x", b"y"]


def test_compression_type_strings():
    get = tfrecord.TFRecordOptions.get_compression_type_string
    assert get(None) == "" and get(tfrecord.TFRecordCompressionType.NONE) == ""
    assert get(tfrecord.TFRecordCompressionType.ZLIB) == "ZLIB"
    assert get(tfrecord.TFRecordOptions(tfrecord.TFRecordCompressionType.GZIP)) == "GZIP"
    with pytest.raises(ValueError, match="LZ4"):
        get("LZ4")


def test_options_check_the_type_when_made():
    with pytest.raises(ValueError, match='Not a valid compression_type: "gzip"'):
        tfrecord.TFRecordOptions("gzip")
    opts = tfrecord.TFRecordOptions(tfrecord.TFRecordCompressionType.ZLIB, compression_level=0)
    assert opts.compression_type == tfrecord.TFRecordCompressionType.ZLIB  # kept as given


def test_writer_uses_zlib_settings(tmp_path):
    stored, packed = str(tmp_path / "stored"), str(tmp_path / "packed")
    for path, level in ((stored, 0), (packed, 9)):
        with tfrecord.TFRecordWriter(path, tfrecord.TFRecordOptions("ZLIB", compression_level=level)) as w:
            w.write(b"a" * 1000)
    assert os.path.getsize(stored) > 1000 > os.path.getsize(packed)
    assert list(tfrecord.tf_record_iterator(stored, "ZLIB")) == [b"a" * 1000]


def test_record_file_keeps_position(tmp_path):
    path = tmp_path / "a.tfrecord"
    _write(path, [b"ab", b"cde"])
    f = tfrecord.TFRecordFile(path)
    assert (f.offset, f.read_record(), f.offset) == (0, b"ab", 18)
    assert (f.read_record(), f.offset) == (b"cde", 37)
    assert f.read_record() is None and f.read_record() is None
    f.close()
    with tfrecord.TFRecordFile(path, offset=18) as g:
        assert g.read_record() == b"cde"


def _flip(path, index):
    data = bytearray(path.read_bytes())
    data[index] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("index,offset", [
    (12, 12),   # first data byte: TF names the data offset
    (0, 0),     # length of record 0
    (27, 26),   # length of record 1 (which starts at 26 after a 10-byte record 0)
])
def test_bit_flip_is_data_loss(tmp_path, index, offset):
    path = tmp_path / "bad.tfrecord"
    _write(path, [b"0123456789", b"abc"])
    _flip(path, index)
    with pytest.raises(errors.DataLossError, match=r"bad\.tfrecord.*corrupted record at {}$".format(offset)):
        list(tfrecord.tf_record_iterator(path))


def test_flipped_data_crc_is_data_loss(tmp_path):
    path = tmp_path / "bad.tfrecord"
    _write(path, [b"hello"])
    _flip(path, 12 + 5)
    with pytest.raises(errors.DataLossError, match="corrupted record at 12"):
        list(tfrecord.tf_record_iterator(path))


def test_partial_header_is_the_end_of_the_file(tmp_path):
    path = tmp_path / "cut.tfrecord"
    _write(path, [b"hello", b"0123456789"])
    path.write_bytes(path.read_bytes()[:21 + 5])  # as TF: fewer than 12 header bytes read as EOF
    assert list(tfrecord.tf_record_iterator(path)) == [b"hello"]


@pytest.mark.parametrize("cut", [12, 20, 25])  # after header, in data, in footer
def test_truncated_mid_record_is_data_loss(tmp_path, cut):
    path = tmp_path / "cut.tfrecord"
    _write(path, [b"hello", b"0123456789"])
    path.write_bytes(path.read_bytes()[:21 + cut])
    it = tfrecord.tf_record_iterator(path)
    assert next(it) == b"hello"
    with pytest.raises(errors.DataLossError, match=r"cut\.tfrecord.*truncated record at 21"):
        next(it)


def test_truncated_compressed_is_data_loss(tmp_path):
    path = tmp_path / "cut.tfrecord"
    path.write_bytes(zlib.compress(_expected_record(b"hello"))[:-10])
    with pytest.raises(errors.DataLossError, match="truncated record at 0"):
        list(tfrecord.tf_record_iterator(path, "ZLIB"))


def test_truncated_at_record_boundary_is_end(tmp_path):
    path = tmp_path / "a.tfrecord"
    _write(path, [b"hello", b"world"])
    path.write_bytes(path.read_bytes()[:21])
    assert list(tfrecord.tf_record_iterator(path)) == [b"hello"]


def test_empty_file_has_no_records(tmp_path):
    path = tmp_path / "empty.tfrecord"
    path.write_bytes(b"")
    assert list(tfrecord.tf_record_iterator(path)) == []


def test_missing_file_is_not_found(tmp_path):
    path = str(tmp_path / "nope.tfrecord")
    with pytest.raises(errors.NotFoundError, match="nope.tfrecord"):
        list(tfrecord.tf_record_iterator(path))
    with pytest.raises(errors.NotFoundError, match="nope.tfrecord"):
        tfrecord.TFRecordFile(path)
    with pytest.raises(errors.NotFoundError, match="no_dir"):
        tfrecord.TFRecordWriter(str(tmp_path / "no_dir" / "x.tfrecord"))


def test_error_carries_tf_code(tmp_path):
    path = tmp_path / "bad.tfrecord"
    _write(path, [b"x"])
    _flip(path, 12)
    with pytest.raises(errors.OpError) as info:
        list(tfrecord.tf_record_iterator(path))
    assert info.value.error_code == errors.DATA_LOSS


def test_directory_is_failed_precondition(tmp_path):
    with pytest.raises(errors.FailedPreconditionError, match="; Is a directory"):
        list(tfrecord.tf_record_iterator(str(tmp_path)))


def test_plain_bytes_read_as_gzip_are_data_loss_in_tf_words(tmp_path):
    path = str(tmp_path / "plain.bin")
    with open(path, "wb") as f:
        f.write(b"HHabcdefghF")
    stream = tfrecord._open(path, "rb", "GZIP")
    with pytest.raises(errors.DataLossError, match=r"inflate\(\) failed with error -3: incorrect header check"):
        stream.read(4)
