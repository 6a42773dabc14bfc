"""16-bit PNGs with colour or alpha (RGB, grey+alpha, RGBA) read at their full depth.

Pillow keeps 16 bits only for plain grey: it hands back the other 16-bit kinds cut to 8 bits, while
TF's decode_png(dtype=uint16) returns every sample as stored. Those files are read here: chunks
parsed with every length checked, the image data inflated to no more than the header's size, and the
five PNG row filters undone. Anything else (8-bit, grey, palette, interlaced, with tRNS) returns None
so the caller's Pillow path decodes it.
"""
from __future__ import annotations

import struct
import zlib

import numpy as np

from tfsess.lib.numba_loops import CompiledOnce

_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {2: 3, 4: 2, 6: 4}  # colour type -> samples per pixel


def _chunks(data: bytes):
    """(type, payload) of each chunk, stopping at IEND or at the first chunk that does not fit."""
    pos = len(_SIGNATURE)
    while pos + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if length > len(data) - pos - 12:
            return
        yield kind, data[pos + 8:pos + 8 + length]
        if kind == b"IEND":
            return
        pos += 12 + length


def _paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = np.abs(p - a), np.abs(p - b), np.abs(p - c)
    return np.where((pa <= pb) & (pa <= pc), a, np.where(pb <= pc, b, c))


def _unfilter(rows, bpp):
    """Undo each row's filter (rows: [h, 1 + stride] uint8) -> [h, stride] uint8, or None for an unknown filter."""
    loop = _UNFILTER_LOOP.get()
    if loop is None:
        return _unfilter_numpy(rows, bpp)
    out = np.empty((rows.shape[0], rows.shape[1] - 1), np.uint8)
    return out if loop(rows, bpp, out) else None


def _njit_unfilter(numba, cache):
    u8 = numba.types.uint8
    signatures = [numba.types.boolean(numba.types.Array(u8, 2, "C", readonly=readonly), numba.types.int64,
                                      numba.types.Array(u8, 2, "C")) for readonly in (True, False)]

    @numba.njit(signatures, nogil=True, cache=cache)
    def loop(rows, bpp, out):  # pragma: no cover - numba compiles it; tests compare it with the NumPy route
        height, stride = out.shape
        for r in range(height):
            kind = rows[r, 0]
            if kind > 4:
                return False
            for x in range(stride):
                raw = np.int32(rows[r, 1 + x])
                left = np.int32(out[r, x - bpp]) if x >= bpp else np.int32(0)
                up = np.int32(out[r - 1, x]) if r > 0 else np.int32(0)
                upleft = np.int32(out[r - 1, x - bpp]) if r > 0 and x >= bpp else np.int32(0)
                if kind == 0:
                    guess = np.int32(0)
                elif kind == 1:
                    guess = left
                elif kind == 2:
                    guess = up
                elif kind == 3:
                    guess = (left + up) // 2
                else:
                    p = left + up - upleft
                    pa, pb, pc = abs(p - left), abs(p - up), abs(p - upleft)
                    guess = left if pa <= pb and pa <= pc else (up if pb <= pc else upleft)
                out[r, x] = (raw + guess) & 0xFF
        return True
    return loop


# a large Paeth-filtered image takes seconds pixel by pixel in Python: compiled when numba is installed
_UNFILTER_LOOP = CompiledOnce(_njit_unfilter, "the 16-bit PNG row filters")


def _unfilter_numpy(rows, bpp):
    """`_unfilter` without numba: whole rows at once where the filter allows, pixel by pixel for Average/Paeth."""
    height, stride = rows.shape[0], rows.shape[1] - 1
    out = np.zeros((height, stride), np.uint8)
    prior = np.zeros(stride, np.uint8)
    for r in range(height):
        kind, raw = rows[r, 0], rows[r, 1:]
        if kind == 0:
            line = raw.copy()
        elif kind == 1:  # Sub: a running sum per byte lane, modulo 256
            line = np.cumsum(raw.reshape(-1, bpp), axis=0, dtype=np.uint8).reshape(-1)
        elif kind == 2:  # Up
            line = raw + prior
        elif kind in (3, 4):  # Average / Paeth need the reconstructed left pixel: one pixel at a time
            line = np.zeros(stride, np.int32)
            up = prior.astype(np.int32)
            left = np.zeros(bpp, np.int32)
            upleft = np.zeros(bpp, np.int32)
            for x in range(0, stride, bpp):
                above = up[x:x + bpp]
                guess = (left + above) // 2 if kind == 3 else _paeth(left, above, upleft)
                left = (raw[x:x + bpp].astype(np.int32) + guess) & 0xFF
                line[x:x + bpp] = left
                upleft = above
            line = line.astype(np.uint8)
        else:
            return None
        out[r] = line
        prior = line
    return out


def decode(data: bytes):
    """[h, w, c] uint16 samples of a non-interlaced 16-bit RGB / grey+alpha / RGBA PNG without tRNS, else None."""
    if not data.startswith(_SIGNATURE):
        return None
    header, idat = None, []
    for kind, payload in _chunks(data):
        if header is None:
            if kind != b"IHDR" or len(payload) != 13:
                return None
            header = struct.unpack(">IIBBBBB", payload)
            width, height, depth, colour, _, _, interlace = header
            if depth != 16 or colour not in _CHANNELS or interlace != 0 or width == 0 or height == 0:
                return None
        elif kind == b"tRNS":
            return None
        elif kind == b"IDAT":
            idat.append(payload)
    if header is None or not idat:
        return None
    channels = _CHANNELS[colour]
    bpp = 2 * channels
    expected = height * (1 + width * bpp)
    try:
        raw = zlib.decompressobj().decompress(b"".join(idat), expected)
    except zlib.error:
        return None
    if len(raw) != expected:
        return None
    rows = _unfilter(np.frombuffer(raw, np.uint8).reshape(height, 1 + width * bpp), bpp)
    if rows is None:
        return None
    return rows.view(">u2").reshape(height, width, channels).astype(np.uint16)
