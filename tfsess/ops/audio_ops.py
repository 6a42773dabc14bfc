"""tf.audio: 16-bit PCM WAV files to float samples and back (DecodeWav, EncodeWav).

The decoder reads untrusted bytes: every length is checked against the bytes left before
anything is read or allocated, with TF's messages for each malformed header.
"""
from __future__ import annotations

import collections
import struct

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.lib.media import encode_wav as _encode_wav_bytes
from tfsess.ops._infer import apply_gen, check_dtype, fmt_shape

_INT32_MAX = 2 ** 31 - 1


def _bad(message):
    return errors.InvalidArgumentError(None, None, message)


class _Reader:
    """Little-endian fields read from `data` at a moving offset, never past its end."""

    def __init__(self, data: bytes):
        self.data, self.offset = data, 0

    def left(self):
        return len(self.data) - self.offset

    def text(self, expected=None):
        if self.left() < 4:
            raise _bad("Data too short when trying to read string")
        found = self.data[self.offset:self.offset + 4]
        self.offset += 4
        if expected is not None and found != expected:
            raise _bad(f"Header mismatch: Expected {expected.decode()} but found "
                       f"{found.decode('latin-1')}")
        return found

    def value(self, fmt):
        size = struct.calcsize(fmt)
        if self.left() < size:
            raise _bad("Data too short when trying to read string")  # TF words every short read so
        (out,) = struct.unpack_from(fmt, self.data, self.offset)
        self.offset += size
        return out

    def skip(self, n):
        if self.left() < n:
            raise _bad("Data too short when trying to read string")
        self.offset += n


def _read_header(reader):
    """The format chunk: (channels, sample_rate, bytes per frame), checked as TF checks it."""
    reader.text(b"RIFF")
    reader.value("<I")
    reader.text(b"WAVE")
    reader.text(b"fmt ")
    chunk_size = reader.value("<I")
    if chunk_size not in (16, 18):
        raise _bad(f"Bad format chunk size for WAV: Expected 16 or 18, but got{chunk_size}")
    audio_format = reader.value("<H")
    if audio_format != 1:
        raise _bad(f"Bad audio format for WAV: Expected 1 (PCM), but got{audio_format}")
    channels = reader.value("<H")
    if channels < 1:
        raise _bad(f"Bad number of channels for WAV: Expected at least 1, but got {channels}")
    sample_rate, bytes_per_second = reader.value("<I"), reader.value("<I")
    bytes_per_frame, bits = reader.value("<H"), reader.value("<H")
    if bits != 16:
        raise _bad(f"Can only read 16-bit WAV files, but received {bits}")
    if bytes_per_frame != channels * 2:
        raise _bad(f"Bad bytes per sample in WAV header: Expected {channels * 2} but got {bytes_per_frame}")
    if bytes_per_second != bytes_per_frame * sample_rate:
        raise _bad(f"Bad bytes per second in WAV header: Expected {bytes_per_frame * sample_rate} but got "
                   f"{bytes_per_second} (sample_rate={sample_rate}, bytes_per_sample={bytes_per_frame})")
    if chunk_size == 18:
        reader.skip(2)
    return channels, sample_rate, bytes_per_frame


def decode_wav_bytes(data: bytes):
    """(int16 samples [frames, channels], sample rate) of a 16-bit PCM WAV file."""
    reader = _Reader(data)
    channels, sample_rate, bytes_per_frame = _read_header(reader)
    samples = None
    while reader.left() > 0:
        chunk_id = reader.text()
        chunk_size = reader.value("<I")
        if chunk_size > _INT32_MAX:
            raise _bad(f"WAV data chunk '{chunk_id.decode('latin-1')}' is too large: {chunk_size} bytes, but the "
                       f"limit is {_INT32_MAX}")
        if chunk_id == b"data":
            if samples is not None:
                raise _bad("More than one data chunk found in WAV")
            frames = chunk_size // bytes_per_frame
            if reader.left() < frames * bytes_per_frame:
                raise _bad("Data too short when trying to read string")
            samples = np.frombuffer(data, "<i2", frames * channels, reader.offset).reshape(frames, channels)
        reader.skip(chunk_size)
    if samples is None:
        raise _bad("No data chunk found in WAV")
    return samples, sample_rate


def _decode_wav_infer(inputs, attrs):
    contents = inputs[0]
    check_dtype(contents, (dtypes.string,), "contents")
    if contents.shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {contents.shape.ndims} for 'DecodeWav' with input "
                         f"shapes: {fmt_shape(contents.shape)}.")
    samples, channels = attrs.get("desired_samples", -1), attrs.get("desired_channels", -1)
    return [(dtypes.float32, TensorShape([None if samples == -1 else samples, None if channels == -1 else channels])),
            (dtypes.int32, TensorShape([]))]


@register_op("DecodeWav", infer=_decode_wav_infer, gpu=False, no_gradient=True)
def _decode_wav(xp, contents, *, desired_channels=-1, desired_samples=-1):
    value = np.asarray(contents).item()
    samples, rate = decode_wav_bytes(value if isinstance(value, bytes) else str(value).encode("utf-8"))
    frames, channels = samples.shape
    out_channels = channels if desired_channels == -1 else desired_channels
    out_frames = frames if desired_samples == -1 else desired_samples
    # a mono file fills every channel asked for; else channel c reads the file's min(c, channels - 1)
    source = np.minimum(np.arange(out_channels), channels - 1)
    audio = np.zeros((out_frames, out_channels), np.float32)
    kept = min(frames, out_frames)
    audio[:kept] = samples[:kept][:, source].astype(np.float32) / np.float32(32768.0)
    return audio, np.asarray(rate, np.int32)


def decode_wav(contents, desired_channels=-1, desired_samples=-1, name=None):
    """Decodes a 16-bit PCM WAV file into float32 samples in [-1, 1) [frames, channels] and its
    sample rate (tf.audio.decode_wav). `desired_*` pad with zeros or cut; a mono file fills every channel."""
    op = apply_gen("DecodeWav", [("contents", contents, dtypes.string)],
                   {"desired_channels": int(desired_channels), "desired_samples": int(desired_samples)},
                   name=name, outputs=True)
    return _DecodeWav(op.outputs[0], op.outputs[1])


_DecodeWav = collections.namedtuple("DecodeWav", ["audio", "sample_rate"])  # TF's result type


def _encode_wav_infer(inputs, attrs):
    audio, rate = inputs
    check_dtype(audio, (dtypes.float32,), "audio")
    check_dtype(rate, (dtypes.int32,), "sample_rate")
    if audio.shape.ndims not in (None, 2) or rate.shape.ndims not in (None, 0):
        which, t, want = ("audio", audio, 2) if audio.shape.ndims not in (None, 2) else ("sample_rate", rate, 0)
        raise ValueError(f"Shape must be rank {want} but is rank {t.shape.ndims} for 'EncodeWav' with input "
                         f"shapes: {fmt_shape(audio.shape)}, {fmt_shape(rate.shape)}.")
    return [(dtypes.string, TensorShape([]))]


@register_op("EncodeWav", infer=_encode_wav_infer, gpu=False, no_gradient=True)
def _encode_wav(xp, audio, sample_rate):
    audio = np.asarray(audio)
    rate = int(np.asarray(sample_rate))
    if audio.ndim != 2:
        raise _bad(f"audio must be 2-dimensional (frames, channels): {list(audio.shape)}")
    if not 0 < rate <= _INT32_MAX or audio.shape[1] > 65535:
        raise _bad(f"Bad sample rate or channel count for WAV: sample_rate={rate}, channels={audio.shape[1]}")
    return np.asarray(_encode_wav_bytes(audio, rate), dtype=object)


def encode_wav(audio, sample_rate, name=None):
    """Encodes float32 samples [frames, channels] as a 16-bit PCM WAV file (tf.audio.encode_wav)."""
    return apply_gen("EncodeWav", [("audio", audio, dtypes.float32), ("sample_rate", sample_rate, dtypes.int32)],
                     name=name)


__all__ = ["decode_wav", "encode_wav"]
