"""tfsess.ops.png16: 16-bit colour PNGs read at full depth, everything else left to Pillow."""
import struct
import zlib

import numpy as np

from tfsess.ops import png16


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _png(pixels, colour, depth=16, filters=(0,), extra=b""):
    h, w, c = pixels.shape
    bpp = c * depth // 8
    lines = [np.frombuffer(pixels[r].astype(">u2" if depth == 16 else np.uint8).tobytes(), np.uint8).astype(int)
             for r in range(h)]
    body = b""
    for r, line in enumerate(lines):
        kind = filters[r % len(filters)]
        up = lines[r - 1] if r else np.zeros_like(line)
        left = np.r_[np.zeros(bpp, int), line[:-bpp]]
        upleft = np.r_[np.zeros(bpp, int), up[:-bpp]]
        p = left + up - upleft
        pa, pb, pc = abs(p - left), abs(p - up), abs(p - upleft)
        paeth = np.where((pa <= pb) & (pa <= pc), left, np.where(pb <= pc, up, upleft))
        guess = [0, left, up, (left + up) // 2, paeth][kind]
        body += bytes([kind]) + ((line - guess) & 0xFF).astype(np.uint8).tobytes()
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, colour, 0, 0, 0)) + extra
            + _chunk(b"IDAT", zlib.compress(body)) + _chunk(b"IEND", b""))


def test_every_row_filter_gives_back_the_samples():
    pixels = ((np.arange(7 * 4 * 4).reshape(7, 4, 4) * 7919 + 3) % 65536).astype(np.uint16)
    got = png16.decode(_png(pixels, 6, filters=(0, 1, 2, 3, 4)))
    assert got.dtype == np.uint16
    np.testing.assert_array_equal(got, pixels)
    ga = pixels[:, :, :2].copy()
    np.testing.assert_array_equal(png16.decode(_png(ga, 4, filters=(4, 3))), ga)


def test_other_pngs_are_left_to_pillow():
    gray = np.zeros((2, 2, 1), np.uint16)
    rgb8 = np.zeros((2, 2, 3), np.uint8)
    assert png16.decode(_png(gray, 0)) is None
    assert png16.decode(_png(rgb8, 2, depth=8)) is None
    assert png16.decode(_png(np.zeros((2, 2, 3), np.uint16), 2, extra=_chunk(b"tRNS", b"\0" * 6))) is None
    assert png16.decode(b"not a png") is None


def test_hostile_lengths_and_short_data_return_none():
    good = _png(np.ones((3, 3, 3), np.uint16), 2)
    assert png16.decode(good[:40]) is None  # IDAT cut off
    huge = bytearray(good)
    huge[33:37] = struct.pack(">I", 0x7FFFFFFF)  # IDAT length past the end of the data
    assert png16.decode(bytes(huge)) is None
    bad_filter = _png(np.ones((1, 1, 3), np.uint16), 2)
    body = zlib.compress(b"\x09" + b"\0" * 6)
    bad_filter = bad_filter[:33] + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")
    assert png16.decode(bad_filter) is None


def test_compiled_and_numpy_row_filters_agree():
    rng = np.random.default_rng(5)
    rows = rng.integers(0, 256, (9, 1 + 6 * 8), dtype=np.uint8)
    rows[:, 0] = [0, 1, 2, 3, 4, 4, 3, 2, 1]
    compiled = png16._unfilter(rows, 6)
    np.testing.assert_array_equal(compiled, png16._unfilter_numpy(rows, 6))
    rows[4, 0] = 7  # an unknown filter
    assert png16._unfilter(rows, 6) is None and png16._unfilter_numpy(rows, 6) is None
