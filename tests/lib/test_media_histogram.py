"""PNG/WAV encoders and TF's default histogram buckets."""
import io
import struct
import wave
import zlib

import numpy as np
import pytest

from tfsess.lib.histogram import default_bucket_limits, histogram_fields
from tfsess.lib.media import encode_png, encode_wav, float_to_int16


def chunks(png):
    pos, out = 8, []
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        kind, body = png[pos + 4:pos + 8], png[pos + 8:pos + 8 + length]
        assert struct.unpack(">I", png[pos + 8 + length:pos + 12 + length])[0] == zlib.crc32(kind + body)
        out.append((kind, body))
        pos += 12 + length
    return out


@pytest.mark.parametrize("channels,color_type", [(1, 0), (2, 4), (3, 2), (4, 6)])
def test_png_header_and_pixels(channels, color_type):
    pixels = np.arange(3 * 5 * channels, dtype=np.uint8).reshape(3, 5, channels)
    found = chunks(encode_png(pixels))
    assert [k for k, _ in found] == [b"IHDR", b"IDAT", b"IEND"]
    assert struct.unpack(">IIBBBBB", found[0][1]) == (5, 3, 8, color_type, 0, 0, 0)
    rows = np.frombuffer(zlib.decompress(found[1][1]), np.uint8).reshape(3, 1 + 5 * channels)
    assert np.array_equal(rows[:, 1:].reshape(pixels.shape), pixels)
    with pytest.raises(ValueError, match="1-4 channels"):
        encode_png(np.zeros((2, 2, 5), np.uint8))


def test_wav_is_pcm16_with_tf_rounding_and_clamping():
    assert float_to_int16(np.array([0.5, -1.0, 2.0, 0.49999997 / 32768, 1.5 / 32768, -2.5 / 32768], np.float32)) \
        .tolist() == [16384, -32768, 32767, 0, 2, -3]
    data = encode_wav(np.array([[0.0, 0.5], [1.0, -0.5]], np.float32), 22050)
    with wave.open(io.BytesIO(data)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()) == (2, 2, 22050, 2)
        assert np.frombuffer(w.readframes(2), "<i2").tolist() == [0, 16384, 32767, -16384]


def test_default_buckets_grow_by_ten_percent_around_zero():
    limits = default_bucket_limits()
    zero = int(np.flatnonzero(limits == 0.0)[0])
    assert limits[zero + 1] == 1e-12 and limits[zero + 2] == 1e-12 * 1.1
    assert np.array_equal(limits[:zero], -limits[zero + 1:][::-1])
    assert limits[-1] == np.finfo(np.float64).max and len(limits) == 1551


def test_histogram_fields_merge_empty_runs_and_handle_no_values():
    fields = histogram_fields([1.0, 1.0, -1.0])
    assert (fields["min"], fields["max"], fields["num"], fields["sum"], fields["sum_squares"]) == (-1, 1, 3, 1, 3)
    assert sum(fields["bucket"]) == 3 and all(
        not (a == 0 and b == 0) for a, b in zip(fields["bucket"], fields["bucket"][1:]))
    empty = histogram_fields([])
    assert empty["bucket_limit"] == [np.finfo(np.float64).max] and empty["bucket"] == [0.0]
    assert empty["min"] == np.finfo(np.float64).max and empty["num"] == 0
