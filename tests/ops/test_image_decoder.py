"""The shared decoder behind every Decode* op (tfsess/ops/image_decoder.py), as TF 2.x's DecodeImageV2 kernel."""
import importlib.util
import io
import os
import struct
import sys

import numpy as np
import pytest

import tfsess as tf
from tfsess.ops import image_decoder

PIL = pytest.importorskip("PIL.Image")
pytest.importorskip("imagecodecs")  # the fixture writer imports it
_SPEC = importlib.util.spec_from_file_location("imgdec_fixtures", os.path.join(
    os.path.dirname(__file__), "..", "conformance_extra", "fixtures_imgdec", "make_fixtures.py"))
_FIXTURES = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_FIXTURES)  # its BMP writer


def _bmp(pixels, top_down=False, palette=None, extra=b""):
    return _FIXTURES._bmp(pixels, top_down=top_down, extra=extra, palette=palette)


def _png(pixels):
    out = io.BytesIO()
    PIL.fromarray(pixels).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def sess():
    with tf.Graph().as_default():
        yield tf.Session()


def test_formats_are_read_from_the_magic_bytes():
    assert image_decoder.file_format(b"\xff\xd8\xff\xe0") == "JPEG"
    assert image_decoder.file_format(b"\x89PNG\r\n\x1a\n....") == "PNG"
    assert image_decoder.file_format(b"GIF89a") == "GIF"
    assert image_decoder.file_format(b"BM") == "BMP"
    assert image_decoder.file_format(b"RIFF\0\0\0\0WEBPVP8 ") == "WebP"
    assert image_decoder.file_format(b"RIFF\0\0\0\0WEBP") is None  # TF wants more than the 12 header bytes
    assert image_decoder.file_format(b"\xff\x0a\x08") == "JXL"
    assert image_decoder.file_format(b"\0\0\0\x0cJXL \r\n\x87\n....") == "JXL"
    assert image_decoder.file_format(b"hello") is None


def test_eight_bit_bmp_gives_its_raw_indices_and_top_down_rows_any_dtype(sess):
    index = np.arange(12, dtype=np.uint8).reshape(3, 4, 1) * 20
    inverted = bytes(b for i in range(256) for b in (255 - i, 255 - i, 255 - i, 0))
    data = _bmp(index, palette=inverted)
    np.testing.assert_array_equal(sess.run(tf.io.decode_bmp(data)), index)  # TF reads no palette
    rgb = np.arange(24, dtype=np.uint8).reshape(2, 4, 3)
    top_down = _bmp(rgb, top_down=True)
    np.testing.assert_array_equal(sess.run(tf.io.decode_bmp(top_down)), rgb)
    wide = sess.run(tf.io.decode_image(top_down, dtype=tf.uint16))  # TF 2.21 crashes here; the rule is x 256
    np.testing.assert_array_equal(wide, rgb.astype(np.uint16) * 256)
    rgba = sess.run(tf.io.decode_bmp(_bmp(rgb), channels=4))
    assert rgba.shape == (2, 4, 4) and (rgba[..., 3] == 255).all()


def test_bmp_lengths_are_checked_before_anything_is_allocated(sess):
    data = tf.placeholder(tf.string, [])
    decode = tf.io.decode_bmp(data)
    padded = _bmp(np.zeros((2, 2, 3), np.uint8), extra=b"\0")
    with pytest.raises(tf.errors.InvalidArgumentError, match="differ by 1"):
        sess.run(decode, {data: padded})
    huge = bytearray(_bmp(np.zeros((1, 1, 3), np.uint8)))
    huge[18:26] = struct.pack("<ii", 1 << 30, 1 << 20)
    with pytest.raises(tf.errors.InvalidArgumentError, match="less than 2"):
        sess.run(decode, {data: bytes(huge)})
    with pytest.raises(tf.errors.InvalidArgumentError, match="at least 32 bytes"):
        sess.run(decode, {data: b"BM" + bytes(10)})
    assert sess.run(decode, {data: _bmp(np.ones((1, 1, 3), np.uint8))}).tolist() == [[[1, 1, 1]]]


def test_png_to_gray_uses_libpngs_coefficients(sess):
    rgb = np.random.default_rng(3).integers(0, 256, (16, 16, 3), dtype=np.uint8)
    rgb[0, 0] = [200, 200, 200]
    r, g, b = (rgb[..., i].astype(np.int64) for i in range(3))
    want = np.where((r == g) & (g == b), r, (9797 * r + 19234 * g + 3737 * b) >> 15)
    gray = sess.run(tf.io.decode_png(_png(rgb), channels=1))
    np.testing.assert_array_equal(gray[..., 0], want)
    wide = sess.run(tf.io.decode_png(_png(rgb), channels=1, dtype=tf.uint16))  # gray at 8 bits, then x 257
    np.testing.assert_array_equal(wide[..., 0], want * 257)


def test_every_decoder_takes_every_format_with_the_ops_shape(sess):
    rgb = np.arange(30, dtype=np.uint8).reshape(2, 5, 3)
    png = _png(rgb)
    np.testing.assert_array_equal(sess.run(tf.io.decode_jpeg(png)), rgb)
    np.testing.assert_array_equal(sess.run(tf.io.decode_gif(png)), rgb[None])
    webp = io.BytesIO()
    PIL.fromarray(rgb).save(webp, format="WEBP", lossless=True)
    assert sess.run(tf.io.decode_png(webp.getvalue())).shape == (1, 2, 5, 3)
    assert sess.run(tf.io.decode_image(webp.getvalue(), expand_animations=False)).shape == (2, 5, 3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Trying to decode PNG format using DecodeBmp op"):
        sess.run(tf.io.decode_bmp(png))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input is empty"):
        sess.run(tf.io.decode_image(b""))
    floats = sess.run(tf.io.decode_image(png, dtype=tf.float32))  # 16-bit decode, then / 65535
    np.testing.assert_array_equal(floats, (rgb.astype(np.uint16) * 257).astype(np.float32) * np.float32(1 / 65535))


def test_jpeg_xl_needs_imagecodecs_and_says_so(sess, monkeypatch):
    monkeypatch.setitem(sys.modules, "imagecodecs", None)
    with pytest.raises(tf.errors.UnimplementedError, match="imagecodecs"):
        sess.run(tf.io.decode_jxl(b"\xff\x0a\x08\x00"))
    assert sess.run(tf.io.decode_png(_png(np.zeros((1, 1, 3), np.uint8)))).shape == (1, 1, 3)


def test_jpeg_xl_decodes_and_checks_channels(sess):
    imagecodecs = pytest.importorskip("imagecodecs")
    rgba = np.arange(24, dtype=np.uint8).reshape(2, 3, 4)
    data = imagecodecs.jpegxl_encode(rgba, lossless=True)
    np.testing.assert_array_equal(sess.run(tf.io.decode_jxl(data)), rgba)
    np.testing.assert_array_equal(sess.run(tf.io.decode_image(data)), rgba)
    with pytest.raises(tf.errors.InvalidArgumentError, match="does not match input"):
        sess.run(tf.io.decode_jxl(data, channels=3))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Failed to decode JXL header"):
        sess.run(tf.io.decode_jxl(b"\xff\x0a garbage"))
    with pytest.raises(TypeError, match="uint8"):
        tf.io.decode_jxl(data, dtype=tf.float32)
