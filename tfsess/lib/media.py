"""PNG and WAV encoders for image and audio summaries, in the standard library (zlib, struct).

Both formats are simple enough that a full imaging or audio library would only add a
dependency: PNG is a signature plus CRC-framed chunks around one zlib stream, WAV a RIFF header
plus PCM samples.
"""
import struct
import zlib

import numpy as np

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_COLOR_TYPE = {1: 0, 2: 4, 3: 2, 4: 6}  # channels -> gray, gray+alpha, RGB, RGBA


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def encode_png(pixels: np.ndarray) -> bytes:
    """An 8-bit, non-interlaced PNG of `pixels` (uint8, [height, width, channels], 1 to 4 channels).

    Raises:
      ValueError: the array is not [h, w, c] with 1 to 4 channels.
    """
    pixels = np.ascontiguousarray(pixels, dtype=np.uint8)
    if pixels.ndim != 3 or pixels.shape[2] not in _PNG_COLOR_TYPE:
        raise ValueError(f"PNG pixels must be [height, width, 1-4 channels], got {pixels.shape}")
    height, width, channels = pixels.shape
    header = struct.pack(">IIBBBBB", width, height, 8, _PNG_COLOR_TYPE[channels], 0, 0, 0)
    rows = np.zeros((height, 1 + width * channels), np.uint8)  # each row: filter type 0, then its bytes
    rows[:, 1:] = pixels.reshape(height, width * channels)
    return b"".join((_PNG_SIGNATURE, _png_chunk(b"IHDR", header),
                     _png_chunk(b"IDAT", zlib.compress(rows.tobytes())), _png_chunk(b"IEND", b"")))


def float_to_int16(samples: np.ndarray) -> np.ndarray:
    """TF's FloatToInt16Sample: scale by 2**15 in float32, round half away from zero, clamp."""
    scaled = (np.asarray(samples, np.float32) * np.float32(1 << 15)).astype(np.float64)  # exact
    rounded = np.sign(scaled) * np.floor(np.abs(scaled) + 0.5)
    return np.clip(rounded, -32768, 32767).astype("<i2")


def encode_wav(samples: np.ndarray, sample_rate: int) -> bytes:
    """A 16-bit PCM WAV file of float samples in [-1, 1] ([frames, channels]), as TF encodes audio."""
    samples = np.asarray(samples, np.float32)
    frames, channels = samples.shape
    data = float_to_int16(samples).tobytes()
    header = b"".join((
        b"RIFF", struct.pack("<I", 36 + len(data)), b"WAVE",
        b"fmt ", struct.pack("<IHHIIHH", 16, 1, channels, sample_rate, sample_rate * channels * 2, channels * 2, 16),
        b"data", struct.pack("<I", len(data))))
    return header + data
