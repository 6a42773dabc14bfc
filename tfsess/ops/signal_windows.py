"""Window functions and the mel filterbank of tf.signal: hann_window, hamming_window, kaiser_window,
kaiser_bessel_derived_window, vorbis_window, linear_to_mel_weight_matrix.

Each is built from graph ops the way TF's window_ops.py and mel_ops.py build it, so values round the same way.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import constant_value, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.ops import (array_ops, bessel_ops, broadcast_ops, cond_ops, constant_op, cumulative_ops, logic_ops,
                        math_ops, nn_ops, sequence_ops, stack_ops, unary_ops)
from tfsess.ops.signal_frames import frame


def _window_length(window_length, dtype, name="window_length"):
    """window_length as a scalar int32 tensor; TF's ValueError for a non-float window dtype."""
    if not dtypes.as_dtype(dtype).is_floating:
        raise ValueError(f"dtype must be a floating point type. Found {dtypes.as_dtype(dtype)}")
    window_length = convert_to_tensor(window_length, dtype=dtypes.int32, name=name)
    if window_length.shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {window_length.shape.ndims} for 'window_length'")
    return window_length


def _raised_cosine_window(name, default_name, window_length, periodic, dtype, a, b):
    """a - b cos(2 pi n / N) over n < window_length, N = window_length (periodic, even length) or
    window_length - 1; a single-sample window is [1]."""
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError(f"dtype must be a floating point type. Found {dtype}")
    with op_scope(name, default_name, [window_length, periodic]):
        window_length = _window_length(window_length, dtype)
        static_length = constant_value(window_length)
        if static_length == 1:
            return constant_op.ones([1], dtype=dtype)
        periodic = math_ops.cast(convert_to_tensor(periodic, dtype=dtypes.bool, name="periodic"), dtypes.int32)
        even = 1 - math_ops.floormod(window_length, 2)
        n = math_ops.cast(window_length + periodic * even - 1, dtype)
        count = math_ops.cast(sequence_ops.range_(window_length), dtype)
        cos_arg = constant_op.constant(2 * np.pi, dtype=dtype) * count / n
        if static_length is not None:
            return math_ops.cast(a - b * unary_ops.cos(cos_arg), dtype)
        return cond_ops.cond(logic_ops.equal(window_length, 1),
                             lambda: constant_op.ones(array_ops.reshape(window_length, [1]), dtype=dtype),
                             lambda: math_ops.cast(a - b * unary_ops.cos(cos_arg), dtype))


def hann_window(window_length, periodic=True, dtype=dtypes.float32, name=None):
    """The Hann window 0.5 - 0.5 cos(2 pi n / N) (tf.signal.hann_window); `periodic` for spectral analysis."""
    return _raised_cosine_window(name, "hann_window", window_length, periodic, dtype, 0.5, 0.5)


def hamming_window(window_length, periodic=True, dtype=dtypes.float32, name=None):
    """The Hamming window 0.54 - 0.46 cos(2 pi n / N) (tf.signal.hamming_window)."""
    return _raised_cosine_window(name, "hamming_window", window_length, periodic, dtype, 0.54, 0.46)


def kaiser_window(window_length, beta=12.0, dtype=dtypes.float32, name=None):
    """The Kaiser window I0(beta sqrt(1 - (2n / (N - 1) - 1)^2)) / I0(beta) (tf.signal.kaiser_window), through the
    scaled i0e as TF computes it (no overflow for large beta)."""
    dtype = dtypes.as_dtype(dtype)
    with op_scope(name, "kaiser_window", []):
        window_length = _window_length(window_length, dtype)
        if constant_value(window_length) == 1:
            return constant_op.ones([1], dtype=dtype)
        half = (math_ops.cast(window_length, dtypes.float32) - 1.0) / 2.0
        arg = math_ops.cast(sequence_ops.range_(-half, half + 0.1, dtype=dtypes.float32), dtype)
        beta = math_ops.cast(beta, dtype)
        one = math_ops.cast(1.0, dtype)
        half = math_ops.cast(half, dtype)
        num = beta * unary_ops.sqrt(nn_ops.relu(one - unary_ops.square(arg / half)))
        return unary_ops.exp(num - beta) * (bessel_ops.bessel_i0e(num) / bessel_ops.bessel_i0e(beta))


def kaiser_bessel_derived_window(window_length, beta=12.0, dtype=dtypes.float32, name=None):
    """The Kaiser-Bessel-derived window (tf.signal.kaiser_bessel_derived_window): the square root of the running
    sum of a Kaiser window of window_length // 2 + 1 samples, mirrored."""
    dtype = dtypes.as_dtype(dtype)
    with op_scope(name, "kaiser_bessel_derived_window", []):
        window_length = _window_length(window_length, dtype)
        kaiser = kaiser_window(window_length // 2 + 1, beta, dtype=dtype)
        running = cumulative_ops.cumsum(kaiser)
        half = unary_ops.sqrt(running[:-1] / running[-1])
        return stack_ops.concat((half, half[::-1]), axis=0)


def vorbis_window(window_length, dtype=dtypes.float32, name=None):
    """The Vorbis power-complementary window sin(pi / 2 sin^2(pi (n + 0.5) / N)) (tf.signal.vorbis_window)."""
    dtype = dtypes.as_dtype(dtype)
    with op_scope(name, "vorbis_window", []):
        window_length = _window_length(window_length, dtype)
        arg = math_ops.cast(sequence_ops.range_(window_length), dtype)
        inner = unary_ops.sin(np.pi / math_ops.cast(window_length, dtype) * (arg + 0.5))
        return unary_ops.sin(np.pi / 2.0 * math_ops.pow(inner, 2.0))


# ------------------------------------------------------------------ the mel filterbank
_MEL_BREAK_FREQUENCY_HERTZ = 700.0
_MEL_HIGH_FREQUENCY_Q = 1127.0


def _hertz_to_mel(frequencies_hertz):
    """HTK's mel scale: 1127 ln(1 + f / 700)."""
    return _MEL_HIGH_FREQUENCY_Q * unary_ops.log(1.0 + frequencies_hertz / _MEL_BREAK_FREQUENCY_HERTZ)


def _check_mel_arguments(num_mel_bins, sample_rate, lower_edge_hertz, upper_edge_hertz, dtype):
    if num_mel_bins <= 0:
        raise ValueError(f"num_mel_bins must be positive. Got: {num_mel_bins}")
    if lower_edge_hertz < 0.0:
        raise ValueError(f"lower_edge_hertz must be non-negative. Got: {lower_edge_hertz}")
    if lower_edge_hertz >= upper_edge_hertz:
        raise ValueError(f"lower_edge_hertz {lower_edge_hertz:.1f} >= upper_edge_hertz {upper_edge_hertz:.1f}")
    if not isinstance(sample_rate, Tensor):
        if sample_rate <= 0.0:
            raise ValueError(f"sample_rate must be positive. Got: {sample_rate}")
        if upper_edge_hertz > sample_rate / 2:
            raise ValueError(f"upper_edge_hertz must not be larger than the Nyquist frequency (sample_rate / 2). "
                             f"Got {upper_edge_hertz} for sample_rate: {sample_rate}")
    if not dtypes.as_dtype(dtype).is_floating:
        raise ValueError(f"dtype must be a floating point type. Got: {dtypes.as_dtype(dtype)}")


def linear_to_mel_weight_matrix(num_mel_bins=20, num_spectrogram_bins=129, sample_rate=8000, lower_edge_hertz=125.0,
                                upper_edge_hertz=3800.0, dtype=dtypes.float32, name=None):
    """A [num_spectrogram_bins, num_mel_bins] matrix of triangular mel filters (tf.signal.linear_to_mel_weight_matrix):
    the bands' edges evenly spaced in HTK mels between the two edge frequencies, each spectrogram bin weighted by
    its place on the triangles' slopes; the DC bin weighs nothing."""
    dtype = dtypes.as_dtype(dtype)
    with op_scope(name, "linear_to_mel_weight_matrix", []) as scope:
        if isinstance(sample_rate, Tensor):
            static_rate = constant_value(sample_rate)
            if static_rate is not None:
                sample_rate = static_rate
        _check_mel_arguments(num_mel_bins, sample_rate, lower_edge_hertz, upper_edge_hertz, dtype)
        sample_rate = math_ops.cast(sample_rate, dtype, name="sample_rate")
        lower_edge_hertz = convert_to_tensor(lower_edge_hertz, dtype, name="lower_edge_hertz")
        upper_edge_hertz = convert_to_tensor(upper_edge_hertz, dtype, name="upper_edge_hertz")
        zero = convert_to_tensor(0.0, dtype)
        bands_to_zero = 1  # the DC bin
        nyquist_hertz = sample_rate / 2.0
        linear_frequencies = sequence_ops.linspace(zero, nyquist_hertz, num_spectrogram_bins)[bands_to_zero:]
        spectrogram_bins_mel = array_ops.expand_dims(_hertz_to_mel(linear_frequencies), 1)
        band_edges_mel = frame(sequence_ops.linspace(_hertz_to_mel(lower_edge_hertz), _hertz_to_mel(upper_edge_hertz),
                                                     num_mel_bins + 2), frame_length=3, frame_step=1)
        lower_edge_mel, center_mel, upper_edge_mel = (
            array_ops.reshape(t, [1, num_mel_bins]) for t in stack_ops.split(band_edges_mel, 3, axis=1))
        lower_slopes = (spectrogram_bins_mel - lower_edge_mel) / (center_mel - lower_edge_mel)
        upper_slopes = (upper_edge_mel - spectrogram_bins_mel) / (upper_edge_mel - center_mel)
        weights = math_ops.maximum(zero, math_ops.minimum(lower_slopes, upper_slopes))
        return broadcast_ops.pad(weights, [[bands_to_zero, 0], [0, 0]], name=scope)


__all__ = ["hamming_window", "hann_window", "kaiser_bessel_derived_window", "kaiser_window",
           "linear_to_mel_weight_matrix", "vorbis_window"]
