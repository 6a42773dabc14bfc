#!/usr/bin/env python3
"""Writes the small image files x_imgdec_*.py decode (run once; needs Pillow and imagecodecs).

    python tests/conformance_extra/fixtures_imgdec/make_fixtures.py
"""
import io
import os
import struct

import imagecodecs
import numpy as np
from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = np.random.default_rng(7)
RGB = RNG.integers(0, 256, (6, 5, 3), dtype=np.uint8)
ALPHA = RNG.integers(0, 256, (6, 5, 1), dtype=np.uint8)
RGBA = np.concatenate([RGB, ALPHA], axis=2)
GRAY = RGB[:, :, 0]


def _pillow(array, fmt, **options):
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, format=fmt, **options)
    return buf.getvalue()


def _frames(arrays, fmt, **options):
    buf = io.BytesIO()
    images = [Image.fromarray(a) for a in arrays]
    images[0].save(buf, format=fmt, save_all=True, append_images=images[1:], **options)
    return buf.getvalue()


def _bmp(pixels, top_down=False, extra=b"", palette=None):
    """An uncompressed BMP of uint8 [h, w, c] (c = 1, 3 or 4) pixels, BGR(A) rows padded to 4 bytes (an
    8-bit one with a gray palette unless `palette` gives its bytes)."""
    height, width, depth = pixels.shape
    stride = (width * depth + 3) // 4 * 4
    rows = pixels if top_down else pixels[::-1]
    if depth >= 3:
        rows = rows[:, :, [2, 1, 0, 3][:depth]]
    body = b"".join(r.tobytes().ljust(stride, b"\0") for r in rows)
    if palette is None:
        palette = bytes(np.repeat(np.arange(256, dtype=np.uint8), 4)) if depth == 1 else b""
    offset = 14 + 40 + len(palette)
    info = struct.pack("<IiiHHIIiiII", 40, width, -height if top_down else height, 1, depth * 8, 0, len(body),
                       2835, 2835, 256 if depth == 1 else 0, 0)
    head = b"BM" + struct.pack("<IHHI", offset + len(body) + len(extra), 0, 0, offset)
    return head + info + palette + body + extra


def main():
    png16 = io.BytesIO()
    Image.fromarray((GRAY.astype(np.uint16) * 257 + 3).astype(np.uint16)).save(png16, format="PNG")
    files = {
        "rgb.png": _pillow(RGB, "PNG"), "rgba.png": _pillow(RGBA, "PNG"), "gray.png": _pillow(GRAY, "PNG"),
        "gray16.png": png16.getvalue(), "rgb.jpg": _pillow(RGB, "JPEG", quality=90),
        "gray.jpg": _pillow(GRAY, "JPEG", quality=90), "static.gif": _pillow(RGB, "GIF"),
        "anim.gif": _frames([RGB, RGB[::-1].copy()], "GIF"), "rgb24.bmp": _bmp(RGB), "rgba32.bmp": _bmp(RGBA),
        "gray8.bmp": _bmp(GRAY[:, :, None]), "topdown.bmp": _bmp(RGB, top_down=True),
        "padded.bmp": _bmp(RGB, extra=b"\0\0"), "rgb.webp": _pillow(RGB, "WEBP", lossless=True),
        "rgba.webp": _pillow(RGBA, "WEBP", lossless=True),
        "anim.webp": _frames([RGB, RGB[::-1].copy()], "WEBP", lossless=True),
        "rgb.jxl": imagecodecs.jpegxl_encode(RGB, lossless=True),
        "gray.jxl": imagecodecs.jpegxl_encode(GRAY, lossless=True),
        "rgba.jxl": imagecodecs.jpegxl_encode(RGBA, lossless=True),
        "junk.bin": b"not an image at all", "truncated.png": _pillow(RGB, "PNG")[:40],
    }
    for name, data in files.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
