"""Transforms built on the FFT, as TF's signal package builds them: dct/idct (types I-IV), stft, inverse_stft,
inverse_stft_window_fn, mdct, inverse_mdct and mfccs_from_log_mel_spectrograms.

They are composites of graph ops (RFFT/IRFFT, frame, overlap_and_add, elementwise math), so they are
differentiable wherever those ops are.
"""
from __future__ import annotations

import math

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import constant_value, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.ops import array_ops, broadcast_ops, cond_ops, constant_op, indexing_ops, logic_ops, math_ops, \
    reduction_ops, sequence_ops, stack_ops, unary_ops
from tfsess.ops.signal_frames import frame, overlap_and_add
from tfsess.ops.signal_windows import hann_window, vorbis_window
from tfsess.ops.spectral_ops import irfft, rfft


# ------------------------------------------------------------------ discrete cosine transforms
def _check_dct_arguments(input_tensor, dct_type, n, axis, norm):
    if axis != -1:
        raise NotImplementedError(f"axis must be -1. Got: {axis}")
    if n is not None and n < 1:
        raise ValueError("n should be a positive integer or None")
    if dct_type not in (1, 2, 3, 4):
        raise ValueError("Types I, II, III and IV (I)DCT are supported.")
    if dct_type == 1:
        if norm == "ortho":
            raise ValueError("Normalization is not supported for the Type-I DCT.")
        if isinstance(input_tensor, Tensor):
            dims = input_tensor.shape.as_tuple_or_none()
        else:
            dims = np.shape(input_tensor)
        last = dims[-1] if dims else None
        if last is not None and last < 2:
            raise ValueError("Type-I DCT requires the dimension to be greater than one.")
    if norm not in (None, "ortho"):
        raise ValueError(f"Unknown normalization. Expected None or 'ortho', got: {norm}")


def _last_dim(t):
    dims = t.shape.as_tuple_or_none()
    static = None if dims is None else dims[-1]
    return static if static else array_ops.shape(t)[-1]  # TF's `dimension_value(...) or shape(...)[-1]`


def _fit_last(t, n):
    """t cropped or zero-padded along its last axis to n samples."""
    length = _last_dim(t)

    def crop():
        return t[..., 0:n]

    def pad():
        rank = t.shape.ndims
        return broadcast_ops.pad(t, [[0, 0]] * (rank - 1) + [[0, n - length]])
    if isinstance(length, Tensor):
        return cond_ops.cond(logic_ops.less_equal(n, length), crop, pad)
    return crop() if n <= length else pad()


def _dct(x, dct_type, n, norm, name):
    with op_scope(name, "dct", [x]):
        x = convert_to_tensor(x)
        zero = convert_to_tensor(0.0, dtype=x.dtype.base_dtype)
        if n is not None:
            x = _fit_last(x, n)
        size = _last_dim(x)
        size_float = math_ops.cast(size, x.dtype.base_dtype)
        if dct_type == 1:
            return unary_ops.real(rfft(stack_ops.concat([x, x[..., -2:0:-1]], axis=-1)))
        if dct_type == 2:
            angle = -sequence_ops.range_(size_float) * math.pi * 0.5 / size_float
            scale = 2.0 * unary_ops.exp(unary_ops.complex(zero, angle))
            out = unary_ops.real(rfft(x, fft_length=[2 * size])[..., :size] * scale)
            if norm == "ortho":
                n1 = 0.5 * unary_ops.rsqrt(size_float)
                n2 = n1 * math.sqrt(2.0)
                out *= broadcast_ops.pad(array_ops.expand_dims(n1, 0), [[0, size - 1]], constant_values=n2)
            return out
        if dct_type == 3:
            if norm == "ortho":
                n1 = unary_ops.sqrt(size_float)
                n2 = n1 * math.sqrt(0.5)
                x *= broadcast_ops.pad(array_ops.expand_dims(n1, 0), [[0, size - 1]], constant_values=n2)
            else:
                x *= size_float
            angle = sequence_ops.range_(size_float) * math.pi * 0.5 / size_float
            scale = 2.0 * unary_ops.exp(unary_ops.complex(zero, angle))
            return unary_ops.real(irfft(scale * unary_ops.complex(x, zero), fft_length=[2 * size]))[..., :size]
        out = _dct(x, 2, 2 * size, None, None)[..., 1::2]  # type IV: the odd terms of a double-length type II
        if norm == "ortho":
            out *= math.sqrt(0.5) * unary_ops.rsqrt(size_float)
        return out


def dct(input, type=2, n=None, axis=-1, norm=None, name=None):  # noqa: A002 - TF's names
    """The discrete cosine transform of type 1, 2, 3 or 4 over the last axis, as scipy.fftpack.dct
    (tf.signal.dct); `n` crops or zero-pads the axis first; norm=None or 'ortho' (not for type 1)."""
    _check_dct_arguments(input, type, n, axis, norm)
    return _dct(input, type, n, norm, name)


def idct(input, type=2, n=None, axis=-1, norm=None, name=None):  # noqa: A002 - TF's names
    """The inverse DCT (tf.signal.idct): the DCT of the inverse type (2 and 3 swap); unnormalized it is the inverse
    up to a factor 2N (2 (N - 1) for type 1), with norm='ortho' exactly."""
    _check_dct_arguments(input, type, n, axis, norm)
    return _dct(input, {1: 1, 2: 3, 3: 2, 4: 4}[type], n, norm, name)


# ------------------------------------------------------------------ short-time Fourier transforms
def _scalar(value, name):
    t = convert_to_tensor(value, name=name)
    if t.shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {t.shape.ndims} for '{name}'")
    return t


def _enclosing_power_of_two(value):
    """The smallest power of two >= value."""
    static = constant_value(value)
    if static is not None:
        return constant_op.constant(int(2 ** np.ceil(np.log(static) / np.log(2.0))), value.dtype.base_dtype)
    exponent = unary_ops.ceil(unary_ops.log(math_ops.cast(value, dtypes.float32)) / unary_ops.log(2.0))
    return math_ops.cast(math_ops.pow(2.0, exponent), value.dtype.base_dtype)


def stft(signals, frame_length, frame_step, fft_length=None, window_fn=hann_window, pad_end=False, name=None):
    """The short-time Fourier transform [..., frames, fft_length // 2 + 1] (tf.signal.stft): windowed frames
    of the last axis through RFFT; fft_length defaults to the power of two enclosing frame_length."""
    with op_scope(name, "stft", [signals, frame_length, frame_step]):
        signals = convert_to_tensor(signals, name="signals")
        if signals.shape.ndims == 0:
            raise ValueError("Shape must be at least rank 1 but is rank 0 for 'stft' (signals)")
        frame_length = _scalar(frame_length, "frame_length")
        frame_step = _scalar(frame_step, "frame_step")
        fft_length = _enclosing_power_of_two(frame_length) if fft_length is None else \
            convert_to_tensor(fft_length, name="fft_length")
        framed = frame(signals, frame_length, frame_step, pad_end=pad_end)
        if window_fn is not None:
            framed *= window_fn(frame_length, dtype=framed.dtype.base_dtype)
        return rfft(framed, stack_ops.stack([fft_length]))


def inverse_stft_window_fn(frame_step, forward_window_fn=hann_window, name=None):
    """A window_fn for inverse_stft that undoes `forward_window_fn` with frames `frame_step` apart
    (tf.signal.inverse_stft_window_fn): the forward window over the overlap-added sum of its squares."""
    def inverse_window(frame_length, dtype):
        with op_scope(name, "inverse_stft_window_fn", []):
            step = _scalar(frame_step, "frame_step")
            frame_length = _scalar(frame_length, "frame_length")
            forward = forward_window_fn(frame_length, dtype=dtype)
            overlaps = -(-frame_length // step)
            denom = broadcast_ops.pad(unary_ops.square(forward),
                                      stack_ops.stack([stack_ops.stack([0, overlaps * step - frame_length])]))
            denom = array_ops.reshape(denom, stack_ops.stack([overlaps, step]))
            denom = reduction_ops.reduce_sum(denom, 0, keepdims=True)
            denom = broadcast_ops.tile(denom, stack_ops.stack([overlaps, 1]))
            denom = array_ops.reshape(denom, array_ops.reshape(overlaps * step, [1]))[:frame_length]
            return indexing_ops.where(logic_ops.equal(denom, 0.0), array_ops.zeros_like(forward), forward / denom)
    return inverse_window


def inverse_stft(stfts, frame_length, frame_step, fft_length=None, window_fn=hann_window, name=None):
    """Signals [..., samples] from STFTs [..., frames, fft_length // 2 + 1] (tf.signal.inverse_stft): IRFFT of
    each frame, cut or padded to frame_length, windowed by `window_fn`, overlap-added. For perfect
    reconstruction pass window_fn=inverse_stft_window_fn(frame_step)."""
    with op_scope(name, "inverse_stft", [stfts]):
        stfts = convert_to_tensor(stfts, name="stfts")
        if stfts.shape.ndims is not None and stfts.shape.ndims < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {stfts.shape.ndims} for 'inverse_stft'")
        frame_length = _scalar(frame_length, "frame_length")
        frame_step = _scalar(frame_step, "frame_step")
        fft_length = _enclosing_power_of_two(frame_length) if fft_length is None else \
            _scalar(fft_length, "fft_length")
        real_frames = irfft(stfts, stack_ops.stack([fft_length]))
        static_length = constant_value(frame_length)
        dims = real_frames.shape.as_tuple_or_none()
        if static_length is None or dims is None or dims[-1] is None:
            real_frames = real_frames[..., :frame_length]
            rank = array_ops.rank(real_frames)
            short = math_ops.maximum(0, frame_length - array_ops.shape(real_frames)[-1])
            paddings = stack_ops.concat([constant_op.zeros(stack_ops.stack([rank - 1, 2]), frame_length.dtype),
                                         array_ops.reshape(stack_ops.stack([0, short]), [1, 2])], 0)
            real_frames = broadcast_ops.pad(real_frames, paddings)
        elif dims[-1] > static_length:
            real_frames = real_frames[..., :int(static_length)]
        elif dims[-1] < static_length:
            real_frames = broadcast_ops.pad(real_frames, [[0, 0]] * (len(dims) - 1) + [[0, static_length - dims[-1]]])
        if static_length is not None and real_frames.shape.ndims is not None:
            real_frames.set_shape([None] * (real_frames.shape.ndims - 1) + [int(static_length)])
        if window_fn is not None:
            real_frames *= window_fn(frame_length, dtype=stfts.dtype.base_dtype.real_dtype)
        return overlap_and_add(real_frames, frame_step)


# ------------------------------------------------------------------ modified DCT
def mdct(signals, frame_length, window_fn=vorbis_window, pad_end=False, norm=None, name=None):
    """The modified DCT [..., frames, frame_length // 2] of frames half-overlapping (tf.signal.mdct); frame_length
    must be a multiple of 4; window_fn=None scales by 1 / sqrt(2) instead."""
    with op_scope(name, "mdct", [signals, frame_length]):
        signals = convert_to_tensor(signals, name="signals")
        if signals.shape.ndims == 0:
            raise ValueError("Shape must be at least rank 1 but is rank 0 for 'mdct' (signals)")
        frame_length = _scalar(frame_length, "frame_length")
        static_length = constant_value(frame_length)
        if static_length is not None:
            if static_length % 4 != 0:
                raise ValueError("The frame length must be a multiple of 4.")
            frame_step = convert_to_tensor(int(static_length) // 2, dtype=frame_length.dtype.base_dtype)
        else:
            frame_step = frame_length // 2
        framed = frame(signals, frame_length, frame_step, pad_end=pad_end)
        if window_fn is not None:
            framed *= window_fn(frame_length, dtype=framed.dtype.base_dtype)
        else:
            framed *= 1.0 / np.sqrt(2)
        quarters = stack_ops.split(framed, 4, axis=-1)
        first = -broadcast_ops.reverse(quarters[2], [-1]) - quarters[3]
        second = quarters[0] - broadcast_ops.reverse(quarters[1], [-1])
        return dct(stack_ops.concat((first, second), axis=-1), type=4, norm=norm)


def inverse_mdct(mdcts, window_fn=vorbis_window, norm=None, name=None):
    """Signals from MDCTs [..., frames, frame_length // 2] (tf.signal.inverse_mdct): type IV DCT, unfolded to
    frame_length, windowed, overlap-added (time-domain aliasing cancels with a power-complementary window)."""
    with op_scope(name, "inverse_mdct", [mdcts]):
        mdcts = convert_to_tensor(mdcts, name="mdcts")
        if mdcts.shape.ndims is not None and mdcts.shape.ndims < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {mdcts.shape.ndims} for 'inverse_mdct'")
        half_len = math_ops.cast(mdcts.shape.as_tuple_or_none()[-1], dtypes.int32)
        if norm is None:
            result = 0.5 / math_ops.cast(half_len, mdcts.dtype.base_dtype) * dct(mdcts, type=4)
        elif norm == "ortho":
            result = dct(mdcts, type=4, norm="ortho")
        else:
            raise ValueError(f"Unknown normalization. Expected None or 'ortho', got: {norm}")
        halves = stack_ops.split(result, 2, axis=-1)
        real_frames = stack_ops.concat((halves[1], -broadcast_ops.reverse(halves[1], [-1]),
                                        -broadcast_ops.reverse(halves[0], [-1]), -halves[0]), axis=-1)
        if window_fn is not None:
            real_frames *= window_fn(2 * half_len, dtype=mdcts.dtype.base_dtype)
        else:
            real_frames *= 1.0 / np.sqrt(2)
        return overlap_and_add(real_frames, half_len)


def mfccs_from_log_mel_spectrograms(log_mel_spectrograms, name=None):
    """MFCCs of log-magnitude mel spectrograms [..., num_mel_bins] (tf.signal.mfccs_from_log_mel_spectrograms):
    their type II DCT scaled by 1 / sqrt(2 num_mel_bins), as HTK computes them."""
    with op_scope(name, "mfccs_from_log_mel_spectrograms", [log_mel_spectrograms]):
        log_mel_spectrograms = convert_to_tensor(log_mel_spectrograms)
        dims = log_mel_spectrograms.shape.as_tuple_or_none()
        if dims and dims[-1] is not None:
            num_mel_bins = dims[-1]
            if num_mel_bins == 0:
                raise ValueError(f"num_mel_bins must be positive. Got: {log_mel_spectrograms}")
        else:
            num_mel_bins = array_ops.shape(log_mel_spectrograms)[-1]
        dct2 = dct(log_mel_spectrograms, type=2)
        return dct2 * unary_ops.rsqrt(math_ops.cast(num_mel_bins, dct2.dtype.base_dtype) * 2.0)


__all__ = ["dct", "idct", "inverse_mdct", "inverse_stft", "inverse_stft_window_fn", "mdct",
           "mfccs_from_log_mel_spectrograms", "stft"]
