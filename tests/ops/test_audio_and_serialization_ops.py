"""tf.audio WAV coding (hostile input included), tf.io.serialize_tensor/parse_tensor, decode_compressed."""
import gzip
import io
import random
import struct
import zlib

import numpy as np
import pytest

import tfsess as tf

AUDIO = np.array([[0.0, 0.5], [-0.5, 1.0], [0.25, -1.0]], np.float32)


@pytest.fixture
def sess():
    with tf.Graph().as_default():
        with tf.Session() as s:
            yield s


def test_wav_round_trip_as_tf(sess):
    wav = sess.run(tf.audio.encode_wav(AUDIO, 16000))
    assert wav[:4] == b"RIFF" and len(wav) == 44 + AUDIO.size * 2
    audio, rate = sess.run(tf.audio.decode_wav(wav))
    np.testing.assert_array_equal(audio, [[0, 0.5], [-0.5, 32767 / 32768], [0.25, -1]])
    assert rate == 16000 and rate.dtype == np.int32
    decoded = tf.audio.decode_wav(wav, desired_channels=1, desired_samples=5)
    assert decoded.audio.shape.as_list() == [5, 1] and decoded.sample_rate.shape.as_list() == []
    np.testing.assert_array_equal(sess.run(decoded.audio), [[0], [-0.5], [0.25], [0], [0]])
    three = sess.run(tf.audio.decode_wav(wav, desired_channels=3).audio)
    np.testing.assert_array_equal(three[:, 2], three[:, 1])  # channels past the file's repeat its last
    mono = sess.run(tf.audio.encode_wav(AUDIO[:, :1], 8000))
    np.testing.assert_array_equal(sess.run(tf.audio.decode_wav(mono, desired_channels=2).audio)[1], [-0.5, -0.5])


def _with(wav, offset, fmt, value):
    out = bytearray(wav)
    struct.pack_into(fmt, out, offset, value)
    return bytes(out)


def test_malformed_wav_headers(sess):
    wav = sess.run(tf.audio.encode_wav(AUDIO, 16000))
    contents = tf.placeholder(tf.string, [])
    audio = tf.audio.decode_wav(contents).audio
    cases = {
        b"RIFFxxxx": "Data too short when trying to read string",
        b"RIFX" + wav[4:]: "Header mismatch: Expected RIFF but found RIFX",
        _with(wav, 16, "<I", 20): "Bad format chunk size for WAV: Expected 16 or 18, but got20",
        _with(wav, 20, "<H", 3): r"Bad audio format for WAV: Expected 1 \(PCM\), but got3",
        _with(wav, 22, "<H", 0): "Bad number of channels for WAV: Expected at least 1, but got 0",
        _with(wav, 34, "<H", 8): "Can only read 16-bit WAV files, but received 8",
        _with(wav, 32, "<H", 6): "Bad bytes per sample in WAV header: Expected 4 but got 6",
        _with(wav, 28, "<I", 5): "Bad bytes per second in WAV header: Expected 64000 but got 5",
        wav[:36] + b"LIST" + wav[40:]: "No data chunk found in WAV",
        wav + wav[36:]: "More than one data chunk found in WAV",
        _with(wav, 40, "<I", 2 ** 31 + 5): "is too large: 2147483653 bytes",
        wav[:-2]: "Data too short",
        wav[:40]: "Data too short",
    }
    for data, message in cases.items():
        with pytest.raises(tf.errors.InvalidArgumentError, match=message):
            sess.run(audio, {contents: data})
    skipped = wav[:36] + b"LIST" + struct.pack("<I", 2) + b"ab" + wav[36:]
    np.testing.assert_array_equal(sess.run(audio, {contents: skipped}), sess.run(audio, {contents: wav}))


def test_decode_wav_survives_random_corruption(sess):
    wav = sess.run(tf.audio.encode_wav(AUDIO, 16000))
    contents = tf.placeholder(tf.string, [])
    audio = tf.audio.decode_wav(contents).audio
    rng = random.Random(0)
    for _ in range(200):
        data = bytearray(wav[:rng.randrange(len(wav) + 1)])
        for _ in range(rng.randrange(4)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        try:
            out = sess.run(audio, {contents: bytes(data)})
            assert out.dtype == np.float32 and out.size <= len(data)
        except tf.errors.InvalidArgumentError:
            pass


def test_encode_wav_checks(sess):
    with pytest.raises(ValueError, match="Shape must be rank 2 but is rank 1"):
        tf.audio.encode_wav(tf.constant([1.0]), 100)
    clipped = sess.run(tf.audio.encode_wav(tf.constant([[2.0]]), 100))
    assert clipped[-2:] == b"\xff\x7f"
    with pytest.raises(tf.errors.InvalidArgumentError, match="sample_rate=-5"):
        sess.run(tf.audio.encode_wav(tf.zeros([2, 1]), -5))


def test_serialize_and_parse_tensor(sess):
    serialized = tf.io.serialize_tensor(tf.constant(1.5))
    assert serialized.op.type == "SerializeTensor" and serialized.shape.as_list() == []
    assert sess.run(serialized) == b'\x08\x01\x12\x00"\x04\x00\x00\xc0?'
    matrix = np.arange(6, dtype=np.int32).reshape(2, 3)
    assert sess.run(tf.serialize_tensor(matrix)) == (b'\x08\x03\x12\x08\x12\x02\x08\x02\x12\x02\x08\x03"\x18'
                                                     + matrix.tobytes())
    assert sess.run(tf.io.serialize_tensor(tf.constant([b"ab", b""]))) == b'\x08\x07\x12\x04\x12\x02\x08\x02B\x02abB\x00'
    for value in (matrix, np.array([b"ab", b""], object), np.array([True, False]), np.zeros([0, 2]),
                  np.array([1 + 2j], np.complex64), np.array(7, np.int64)):
        dtype = tf.string if value.dtype == object else tf.as_dtype(value.dtype)
        parsed = tf.io.parse_tensor(tf.io.serialize_tensor(tf.constant(value, dtype)), dtype)
        assert parsed.shape.ndims is None
        out = sess.run(parsed)
        assert out.shape == value.shape and out.tolist() == value.tolist()
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Type mismatch between parsed tensor \(float\) and "
                                                            r"dtype \(int32\)"):
        sess.run(tf.parse_tensor(serialized, tf.int32))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Could not parse `serialized` as TensorProto, base64: "
                                                            "/wFnYXJiYWdl"):
        sess.run(tf.io.parse_tensor(tf.constant(b"\xff\x01garbage"), tf.int32))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Expected `serialized` to be a scalar, got shape: \[1\]"):
        sess.run(tf.io.parse_tensor(tf.constant([b"a"]), tf.int32))


def test_decode_compressed(sess):
    data = b"hello hello hello"
    packed = io.BytesIO()
    with gzip.GzipFile(fileobj=packed, mode="wb", mtime=0) as f:
        f.write(data)
    z = zlib.compress(data)
    out = tf.io.decode_compressed(tf.constant([z, z]), compression_type="ZLIB")
    assert out.op.type == "DecodeCompressed" and out.shape.as_list() == [2]
    assert sess.run(out).tolist() == [data, data]
    assert sess.run(tf.io.decode_compressed(packed.getvalue(), compression_type="GZIP")) == data
    assert sess.run(tf.decode_compressed(b"raw")) == b"raw"
    assert sess.run(tf.io.decode_compressed(z[:-3], compression_type="ZLIB")) == data  # TF keeps what it got
    with pytest.raises(tf.errors.DataLossError, match="inflate\\(\\) failed with error -3: incorrect header check"):
        sess.run(tf.io.decode_compressed(b"notzlib", compression_type="ZLIB"))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Only ZLIB, ZSTD, GZIP or NONE"):
        sess.run(tf.io.decode_compressed(b"x", compression_type="BZ2"))


def test_sparse_serialization_round_trip(sess):
    sp = tf.SparseTensor([[0, 0], [1, 2]], [1.5, -2.0], [2, 3])
    parts = sess.run(tf.io.serialize_sparse(sp))
    assert parts.shape == (3,) and parts[1] == b'\x08\x01\x12\x04\x12\x02\x08\x02"\x08\x00\x00\xc0?\x00\x00\x00\xc0'
    batch = tf.SparseTensor([[0, 0], [1, 2], [1, 3]], [1, 2, 3], [3, 4])
    rows = tf.io.serialize_many_sparse(batch)
    assert rows.shape.as_list() == [None, 3]
    assert sess.run(rows)[2].tolist() == [b"\x08\t\x12\x06\x12\x00\x12\x02\x08\x01", b"\x08\x03\x12\x02\x12\x00",
                                          b'\x08\t\x12\x04\x12\x02\x08\x01"\x08\x04\x00\x00\x00\x00\x00\x00\x00']
    back = sess.run(tf.io.deserialize_many_sparse(rows, tf.int32))
    assert back.indices.tolist() == [[0, 0], [1, 2], [1, 3]] and back.values.tolist() == [1, 2, 3]
    assert back.dense_shape.tolist() == [3, 4]
    stacked = tf.deserialize_many_sparse(tf.stack([tf.serialize_sparse(sp)] * 2), tf.float32, rank=3)
    assert stacked.shape.as_list() == [None, None, None]
    assert sess.run(stacked).dense_shape.tolist() == [2, 2, 3]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Requested SparseTensor of type float but "
                                                            r"SparseTensor\[0\].values.dtype\(\) == int32"):
        sess.run(tf.io.deserialize_many_sparse(rows, tf.float32).values)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Could not parse serialized proto"):
        sess.run(tf.io.deserialize_many_sparse(tf.constant([["a", "b", "c"]]), tf.float32).values)
