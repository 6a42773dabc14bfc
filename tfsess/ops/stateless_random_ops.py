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
from tfsess.framework.op_builder import constant_value, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.tensor_util import shape_from_tensor
from tfsess.lib.xp import to_host
from tfsess.runtime.thread_pools import cpu_count
from tfsess.ops import array_ops, broadcast_ops, distributions_samplers, extra_math_ops, math_ops, stack_ops
from tfsess.ops._infer import INDEX, apply_gen, check_dtype, check_same_dtype

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




def _samples_per_param(dims, params, op_type):
    """How many samples each parameter gets: the output shape must end with the parameters' shape."""
    tail = list(params.shape)
    if params.size == 0 or dims[len(dims) - len(tail):] != tail or len(tail) > len(dims):
        raise errors.InvalidArgumentError(None, None, f"{op_type}: shape {dims} must end with the parameter "
                                          f"shape {tail}")
    return int(np.prod(dims[:len(dims) - len(tail)], dtype=np.int64))


def _param_infer(param_index, param, dtype_attr=None):
    def infer(inputs, attrs):
        check_dtype(inputs[0], INDEX, "shape")
        dtype = attrs[dtype_attr] if dtype_attr else inputs[param_index].dtype.base_dtype
        return [(dtype, shape_from_tensor(inputs[0]))]
    return infer


@register_op("StatelessRandomGammaV3", infer=_param_infer(4, "alpha"), no_gradient=True)
def _stateless_random_gamma_v3(xp, shape, key, counter, alg, alpha):
    _check_alg(alg)
    dims, alpha = _shape_dims(shape), np.asarray(to_host(alpha))
    key, counter = np.asarray(to_host(key)), np.asarray(to_host(counter))
    if int(np.prod(dims, dtype=np.int64)) == 0:
        return xp.zeros(dims, alpha.dtype)
    per_alpha = _samples_per_param(dims, alpha, "StatelessRandomGammaV3")
    start = (int(counter[1]) << 64) | int(counter[0])
    values = distributions_samplers.gamma(int(key[0]), start, alpha, per_alpha)
    return xp.asarray(values.astype(alpha.dtype).reshape(dims))


@register_op("StatelessRandomPoisson", infer=_param_infer(2, "lam", "dtype"), no_gradient=True)
def _stateless_random_poisson(xp, shape, seed, lam, *, dtype):
    dims, lam = _shape_dims(shape), np.asarray(to_host(lam))
    if int(np.prod(dims, dtype=np.int64)) == 0:
        return xp.zeros(dims, dtype.as_numpy_dtype)
    per_rate = _samples_per_param(dims, lam, "StatelessRandomPoisson")
    key, low, high = _key_counter(seed)
    values = distributions_samplers.poisson(key, (high << 64) | low, lam, per_rate)
    return xp.asarray(values.astype(dtype.as_numpy_dtype).reshape(dims))


def _stateless_multinomial_infer(inputs, attrs):
    logits, num_samples, seed = inputs
    check_dtype(seed, INDEX, "seed")
    check_dtype(num_samples, (dtypes.int32,), "num_samples")
    if logits.shape.ndims not in (None, 2):
        raise ValueError(f"Shape must be rank 2 but is rank {logits.shape.ndims} for 'StatelessMultinomial'")
    n = constant_value(num_samples)
    batch = logits.shape[0].value if logits.shape.ndims == 2 else None
    return [(attrs["output_dtype"], TensorShape([batch, None if n is None else int(n)]))]


@register_op("StatelessMultinomial", infer=_stateless_multinomial_infer, needs_ctx=True, no_gradient=True)
def _stateless_multinomial(xp, logits, num_samples, seed, *, ctx, output_dtype):
    logits, n = np.asarray(to_host(logits)), int(np.asarray(to_host(num_samples)))
    if n < 0:
        raise errors.InvalidArgumentError(None, None, f"num_samples should be nonnegative, got {n}")
    batch = logits.shape[0]
    if batch * n == 0:
        return xp.zeros((batch, n), output_dtype.as_numpy_dtype)
    if logits.shape[1] == 0:
        raise errors.InvalidArgumentError(None, None, "num_classes should be positive, got 0")
    key, low, high = _key_counter(seed)
    config = getattr(ctx.session, "config", None)
    threads = getattr(config, "intra_op_parallelism_threads", 0) or cpu_count()  # TF's intra-op pool size
    draws = philox.multinomial(key, (high << 64) | low, logits, n, threads)
    return xp.asarray(draws.astype(output_dtype.as_numpy_dtype))




def _full_int_infer(inputs, attrs):
    check_dtype(inputs[0], INDEX, "shape")
    return [(attrs["dtype"], shape_from_tensor(inputs[0]))]


@register_op("StatelessRandomUniformFullIntV2", infer=_full_int_infer, no_gradient=True)
def _stateless_random_uniform_full_int_v2(xp, shape, key, counter, alg, *, dtype):
    """Integers over the dtype's whole range: one word each (32-bit), or a low and a high word (64-bit)."""
    _check_alg(alg)
    dims = _shape_dims(shape)
    key, counter = np.asarray(to_host(key)), np.asarray(to_host(counter))
    n = int(np.prod(dims, dtype=np.int64))
    np_dtype = np.dtype(dtype.as_numpy_dtype)
    wide = np_dtype.itemsize == 8
    words = _words(int(key[0]), int(counter[0]), int(counter[1]), n * (2 if wide else 1))
    if wide:
        bits = words[0::2].astype(np.uint64) | (words[1::2].astype(np.uint64) << np.uint64(32))
    else:
        bits = words
    return xp.asarray(bits.view(np_dtype).reshape(dims))




def _binomial_infer(inputs, attrs):
    check_dtype(inputs[0], INDEX, "shape")
    check_same_dtype([inputs[2], inputs[3]], "StatelessRandomBinomial", ("counts", "probs"))
    return [(attrs["dtype"], shape_from_tensor(inputs[0]))]


@register_op("StatelessRandomBinomial", infer=_binomial_infer, no_gradient=True)
def _stateless_random_binomial(xp, shape, seed, counts, probs, *, dtype):
    dims = _shape_dims(shape)
    counts, probs = np.asarray(to_host(counts)), np.asarray(to_host(probs))
    batch_shape = np.broadcast_shapes(counts.shape, probs.shape)
    if int(np.prod(dims, dtype=np.int64)) == 0:
        return xp.zeros(dims, dtype.as_numpy_dtype)
    if len(batch_shape) > len(dims) or list(dims[len(dims) - len(batch_shape):]) != list(batch_shape):
        raise errors.InvalidArgumentError(None, None, f"Shape passed in must end with broadcasted shape: {dims} "
                                          f"does not end with counts and probs' {list(batch_shape)}")
    counts, probs = np.broadcast_to(counts, batch_shape), np.broadcast_to(probs, batch_shape)
    per_batch = int(np.prod(dims, dtype=np.int64)) // max(1, int(np.prod(batch_shape, dtype=np.int64)))
    key, low, high = _key_counter(seed)
    values = distributions_samplers.binomial(key, (high << 64) | low, counts, probs, per_batch)
    return xp.asarray(values.astype(dtype.as_numpy_dtype).reshape(dims))


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
    if dtype.is_integer and minval is None and maxval is None:
        with op_scope(name, "stateless_random_uniform", [shape, seed]) as scope:
            shape_t = _params_shape_tensor(shape)
            key, counter = _key_counter_ops(seed)
            alg_t = convert_to_tensor(np.int32(_AUTO_SELECT), name="alg")
            return apply_gen("StatelessRandomUniformFullIntV2", [
                ("shape", shape_t, None), ("key", key, None), ("counter", counter, None), ("alg", alg_t, None)],
                {"dtype": dtype}, name=scope)
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


def _params_shape_tensor(shape):
    if isinstance(shape, (list, tuple)):
        return convert_to_tensor(np.asarray(shape, np.int32), name="shape")
    return convert_to_tensor(shape, name="shape")


def stateless_random_gamma(shape, seed, alpha, beta=None, dtype=dtypes.float32, name=None):
    """Gamma(alpha, beta) samples that depend only on `shape` and the [2] `seed`; `shape` must end with
    the broadcast shape of alpha and beta (tf.random.stateless_gamma)."""
    dtype = dtypes.as_dtype(dtype)
    with op_scope(name, "stateless_random_gamma", [shape, seed, alpha, beta]):
        shape_t = _params_shape_tensor(shape)
        alpha = convert_to_tensor(alpha, dtype=dtype, name="alpha")
        beta = convert_to_tensor(beta if beta is not None else 1, name="beta", dtype=dtype)
        params_shape = extra_math_ops.broadcast_dynamic_shape(array_ops.shape(alpha), array_ops.shape(beta))
        alpha_broadcast = broadcast_ops.broadcast_to(alpha, params_shape)
        key, counter = _key_counter_ops(seed)
        alg = convert_to_tensor(np.int32(_AUTO_SELECT), name="alg")
        sample = apply_gen("StatelessRandomGammaV3", [("shape", shape_t, None), ("key", key, None),
                                                      ("counter", counter, None), ("alg", alg, None),
                                                      ("alpha", alpha_broadcast, None)])
        return math_ops.maximum(np.finfo(dtype.as_numpy_dtype).tiny, sample / beta)


def stateless_random_poisson(shape, seed, lam, dtype=dtypes.int32, name=None):
    """Poisson(lam) samples that depend only on `shape` and the [2] `seed`; `shape` must end with
    lam's shape (tf.random.stateless_poisson)."""
    with op_scope(name, "stateless_random_poisson", [shape, seed, lam]):
        shape_t = _params_shape_tensor(shape)
        seed = convert_to_tensor(seed, name="seed")
        lam = convert_to_tensor(lam, name="lam")
        return apply_gen("StatelessRandomPoisson", [("shape", shape_t, None), ("seed", seed, None),
                                                    ("lam", lam, None)], {"dtype": dtypes.as_dtype(dtype)})


def _stateless_multinomial_op(default_name, logits, num_samples, seed, output_dtype, name):
    with op_scope(name, default_name, [logits, seed]):
        logits = convert_to_tensor(logits, name="logits")
        out = dtypes.as_dtype(output_dtype)
        if out not in INDEX:
            raise ValueError(f"Argument `dtype` got invalid value {out!r}. Accepted dtypes are int32, int64.")
        return apply_gen("StatelessMultinomial", [("logits", logits, None),
                                                  ("num_samples", num_samples, dtypes.int32),
                                                  ("seed", convert_to_tensor(seed, name="seed"), None)],
                         {"output_dtype": out})


def stateless_categorical(logits, num_samples, seed, dtype=dtypes.int64, name=None):
    """Class indices drawn from each row of `logits`, depending only on the [2] `seed`, TF's bits
    (tf.random.stateless_categorical)."""
    return _stateless_multinomial_op("stateless_categorical", logits, num_samples, seed, dtype, name)


def stateless_multinomial(logits, num_samples, seed, output_dtype=dtypes.int64, name=None):
    """TF1's name for stateless_categorical (tf.random.stateless_multinomial)."""
    return _stateless_multinomial_op("stateless_multinomial", logits, num_samples, seed, output_dtype, name)


def stateless_random_binomial(shape, seed, counts, probs, output_dtype=dtypes.int32, name=None):
    """Binomial(counts, probs) draws that depend only on `shape` and the [2] `seed`; `shape` must end
    with the broadcast shape of counts and probs (tf.random.stateless_binomial)."""
    with op_scope(name, "stateless_random_binomial", [shape, seed, counts, probs]) as scope:
        shape_t = _params_shape_tensor(shape)
        probs = convert_to_tensor(probs, name="probs", preferred_dtype=dtypes.float32)
        counts = convert_to_tensor(counts, name="counts", preferred_dtype=probs.dtype)
        return apply_gen("StatelessRandomBinomial", [
            ("shape", shape_t, None), ("seed", convert_to_tensor(seed, name="seed"), None),
            ("counts", counts, None), ("probs", probs, None)], {"dtype": dtypes.as_dtype(output_dtype)}, name=scope)


def split(seed, num=2, alg="auto_select"):
    """`num` new [2] seeds from `seed`, as a [num, 2] tensor of seed's dtype (tf.random.split)."""
    seed = convert_to_tensor(seed)
    return stateless_random_uniform(shape=[num, 2], seed=seed, dtype=seed.dtype, minval=None, maxval=None, alg=alg)


def fold_in(seed, data, alg="auto_select"):
    """A new [2] seed from `seed` and the integer `data` (tf.random.fold_in)."""
    data = convert_to_tensor(data)
    seed1 = stateless_random_uniform(shape=[], seed=seed, dtype=data.dtype, minval=None, maxval=None, alg=alg)
    return stack_ops.stack([seed1, data])


__all__ = []  # exported through tfsess/random.py
