"""Stateless random numbers (tf.random.stateless_*): TF's bits, from a [2] seed and Philox4x32-10.

The seed becomes a Philox key and counter as TF's StatelessRandomGetKeyCounter makes them (one
Philox block over the seed, under a fixed key); the V2 ops then read the stream from that counter:
uniform floats take 23 (float32) or 52 (float64) mantissa bits, normals come from Box-Muller
pairs, and truncated normals redraw outside two standard deviations with each group of outputs
starting 256 words per output further on, as TF's kernels lay out the stream. Normals use
lib/philox's Box-Muller: TF's bits with numba; without it about 1.5% of float32 values differ from
TF's in their last bits (the C library's rounding of log/sin/cos).
"""
from __future__ import annotations

import numpy as np

from tfsess.lib import philox
from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.tensor_util import shape_from_tensor
from tfsess.lib.xp import to_host
from tfsess.ops import math_ops
from tfsess.ops._infer import INDEX, apply_gen, check_dtype

_SEED_KEY = (0x02461E29 << 32) | 0x3EC8F720
_PHILOX, _AUTO_SELECT = 1, 3
_RESERVED_WORDS_PER_OUTPUT = 256  # TF's kReservedSamplesPerOutput for distributions that redraw


def _key_counter(seed):
    seed = np.asarray(to_host(seed)).astype(np.int64).astype(np.uint64)
    if seed.shape != (2,):
        raise errors.InvalidArgumentError(None, None, f"seed must have shape [2], not {list(seed.shape)}")
    mix = philox.counter_blocks(_SEED_KEY, (int(seed[1]) << 64) | int(seed[0]), 1)[0].astype(np.uint64)
    key = int(mix[0]) | (int(mix[1]) << 32)
    return key, 0, int(mix[2]) | (int(mix[3]) << 32)


def _words(key, low, high, n, start_block=0):
    """`n` uint32 words of the stream from counter (low, high), skipping `start_block` blocks."""
    low += start_block
    high, low = (high + (low >> 64)) & (2 ** 64 - 1), low & (2 ** 64 - 1)
    return philox.counter_blocks(key, (high << 64) | low, -(-n // 4)).ravel()[:n].astype(np.uint32)


def _unit_floats(words, dtype):
    if dtype == np.float64:
        pairs = words.reshape(-1, 2).astype(np.uint64)
        bits = (np.uint64(1023) << np.uint64(52)) | ((pairs[:, 0] & np.uint64(0xFFFFF)) << np.uint64(32)) | pairs[:, 1]
        return bits.view(np.float64) - 1.0
    if dtype == np.float16:
        bits = ((words & np.uint32(0x3FF)) | np.uint32(0x3C00)).astype(np.uint16)
        return bits.view(np.float16) - np.float16(1.0)
    return ((words & np.uint32(0x7FFFFF)) | np.uint32(0x3F800000)).view(np.float32) - np.float32(1.0)


def _box_muller(words, dtype):
    """Pairs of normals from words, TF's BoxMuller: 2 words a pair (float32/16), 4 (float64)."""
    if dtype == np.float64:
        first, second = philox.box_muller_double(*words.reshape(-1, 4).T)
    else:
        pairs = words.reshape(-1, 2)
        first, second = philox.box_muller_float(pairs[:, 0], pairs[:, 1])
    return np.stack([first, second], axis=1).ravel().astype(dtype)


def _words_per_output(dtype):
    return 2 if dtype == np.float64 else 1


def _uniform(key, low, high, n, dtype):
    return _unit_floats(_words(key, low, high, n * _words_per_output(dtype)), dtype)


def _normal(key, low, high, n, dtype):
    even = n + (n % 2)
    return _box_muller(_words(key, low, high, even * _words_per_output(dtype)), dtype)[:n]


def _truncated_normal(key, low, high, n, dtype):
    group = 2 if dtype == np.float64 else 4  # outputs per Philox call of the distribution
    per_pair = 4 if dtype == np.float64 else 2
    out = np.empty(n, dtype)
    for start in range(0, n, group):
        block = start * _RESERVED_WORDS_PER_OUTPUT // 4
        want, taken, batch = min(group, n - start), [], 16
        while len(taken) < want:
            pairs = _box_muller(_words(key, low, high, batch * per_pair, block), dtype)
            taken = [v for v in pairs if abs(v) < 2.0][:want]  # in draw order: f0 before f1 of each pair
            batch *= 4
        out[start:start + want] = taken
    return out


def _check_alg(alg):
    alg = int(np.asarray(to_host(alg)))
    if alg not in (_PHILOX, _AUTO_SELECT):
        raise errors.InvalidArgumentError(None, None, f"Unsupported algorithm id: {alg}")


def _shape_dims(shape):
    dims = [int(d) for d in np.asarray(to_host(shape)).reshape(-1)]
    if any(d < 0 for d in dims):
        raise errors.InvalidArgumentError(None, None, f"Dimension {min(dims)} must be >= 0")
    return dims


# ------------------------------------------------------------------ ops
def _key_counter_infer(inputs, attrs):
    check_dtype(inputs[0], INDEX, "seed")
    return [(dtypes.uint64, TensorShape([1])), (dtypes.uint64, TensorShape([2]))]


@register_op("StatelessRandomGetKeyCounter", infer=_key_counter_infer, gpu=False, no_gradient=True)
def _stateless_random_get_key_counter(xp, seed):
    key, low, high = _key_counter(seed)
    return np.asarray([key], np.uint64), np.asarray([low, high], np.uint64)


def _random_infer(inputs, attrs):
    check_dtype(inputs[0], INDEX, "shape")
    return [(attrs["dtype"], shape_from_tensor(inputs[0]))]


def _draw(fn):
    def kernel(xp, shape, key, counter, alg, *, dtype):
        _check_alg(alg)
        dims = _shape_dims(shape)
        key, counter = np.asarray(to_host(key)), np.asarray(to_host(counter))
        n = int(np.prod(dims, dtype=np.int64))
        values = fn(int(key[0]), int(counter[0]), int(counter[1]), n, np.dtype(dtype.as_numpy_dtype).type)
        return xp.asarray(values.reshape(dims))
    return kernel


for _type, _fn in (("StatelessRandomUniformV2", _uniform), ("StatelessRandomNormalV2", _normal),
                   ("StatelessTruncatedNormalV2", _truncated_normal)):
    register_op(_type, infer=_random_infer, no_gradient=True)(_draw(_fn))


def _uniform_int_infer(inputs, attrs):
    check_dtype(inputs[0], INDEX, "shape")
    dtype = check_dtype(inputs[4], (dtypes.int32, dtypes.int64, dtypes.uint32, dtypes.uint64), "minval")
    return [(dtype, shape_from_tensor(inputs[0]))]


@register_op("StatelessRandomUniformIntV2", infer=_uniform_int_infer, no_gradient=True)
def _stateless_random_uniform_int_v2(xp, shape, key, counter, alg, minval, maxval):
    _check_alg(alg)
    dims = _shape_dims(shape)
    lo, hi = int(np.asarray(to_host(minval))), int(np.asarray(to_host(maxval)))
    if hi <= lo:
        raise errors.InvalidArgumentError(None, None, f"Need minval < maxval: {lo} >= {hi}")
    key, counter = np.asarray(to_host(key)), np.asarray(to_host(counter))
    n = int(np.prod(dims, dtype=np.int64))
    dtype = np.asarray(to_host(minval)).dtype
    wide = dtype.itemsize == 8
    words = _words(int(key[0]), int(counter[0]), int(counter[1]), n * (2 if wide else 1)).astype(np.uint64)
    bits = (words[0::2] | (words[1::2] << np.uint64(32))) if wide else words
    values = np.array([lo + int(b) % (hi - lo) for b in bits.tolist()], dtype=np.int64) if n else np.zeros(0)
    return xp.asarray(values.astype(dtype).reshape(dims))


# ------------------------------------------------------------------ public functions
def _key_counter_ops(seed):
    seed = convert_to_tensor(seed, name="seed")
    key, counter = apply_gen("StatelessRandomGetKeyCounter", [("seed", seed, None)], outputs=True).outputs
    return key, counter


def _stateless(op_type, shape, seed, dtype):
    shape = convert_to_tensor(shape, name="shape") if not isinstance(shape, (list, tuple)) else \
        convert_to_tensor(np.asarray(shape, np.int32), name="shape")
    key, counter = _key_counter_ops(seed)
    alg = convert_to_tensor(np.int32(_AUTO_SELECT), name="alg")
    return apply_gen(op_type, [("shape", shape, None), ("key", key, None), ("counter", counter, None),
                               ("alg", alg, None)], {"dtype": dtype})


def stateless_random_uniform(shape, seed, minval=0, maxval=None, dtype=dtypes.float32, name=None, alg="auto_select"):
    """Uniform values in [minval, maxval) that depend only on `shape` and the [2] `seed`, TF's bits
    (tf.random.stateless_uniform). Integer dtypes need both bounds."""
    dtype = dtypes.as_dtype(dtype)
    if dtype.is_integer:
        if (minval is None) != (maxval is None) or maxval is None:
            raise ValueError(f"For integer `dtype` argument {dtype}, argument `minval` and `maxval` must be both "
                             f"None or not None. Got `minval`={minval} and `maxval`={maxval}.")
    elif maxval is None:
        maxval = 1
    with op_scope(name, "stateless_random_uniform", [shape, seed, minval, maxval]) as scope:
        if dtype.is_integer:
            shape_t = convert_to_tensor(np.asarray(shape, np.int32) if isinstance(shape, (list, tuple)) else shape)
            key, counter = _key_counter_ops(seed)
            alg_t = convert_to_tensor(np.int32(_AUTO_SELECT), name="alg")
            return apply_gen("StatelessRandomUniformIntV2", [
                ("shape", shape_t, None), ("key", key, None), ("counter", counter, None), ("alg", alg_t, None),
                ("minval", convert_to_tensor(minval, dtype, name="min"), "dtype"),
                ("maxval", convert_to_tensor(maxval, dtype, name="max"), "dtype")], name=scope)
        minval = convert_to_tensor(minval, dtype, name="min")
        maxval = convert_to_tensor(maxval, dtype, name="max")
        rnd = _stateless("StatelessRandomUniformV2", shape, seed, dtype)
        return math_ops.add(rnd * (maxval - minval), minval, name=scope)


def stateless_random_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None, alg="auto_select"):
    """Normal values that depend only on `shape` and the [2] `seed` (tf.random.stateless_normal)."""
    dtype = dtypes.as_dtype(dtype)
    with op_scope(name, "stateless_random_normal", [shape, seed, mean, stddev]) as scope:
        mean = convert_to_tensor(mean, dtype, name="mean")
        stddev = convert_to_tensor(stddev, dtype, name="stddev")
        rnd = _stateless("StatelessRandomNormalV2", shape, seed, dtype)
        return math_ops.add(rnd * stddev, mean, name=scope)


def stateless_truncated_normal(shape, seed, mean=0.0, stddev=1.0, dtype=dtypes.float32, name=None,
                               alg="auto_select"):
    """Normal values within two standard deviations, depending only on `shape` and `seed`
    (tf.random.stateless_truncated_normal)."""
    dtype = dtypes.as_dtype(dtype)
    with op_scope(name, "stateless_truncated_normal", [shape, seed, mean, stddev]) as scope:
        mean = convert_to_tensor(mean, dtype, name="mean")
        stddev = convert_to_tensor(stddev, dtype, name="stddev")
        rnd = _stateless("StatelessTruncatedNormalV2", shape, seed, dtype)
        return math_ops.add(rnd * stddev, mean, name=scope)


__all__ = []  # exported through tfsess/random.py
