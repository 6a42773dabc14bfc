"""TF's CPU gamma and Poisson samplers on Philox, as RandomGamma and RandomPoisson(V2) compute them.

Both are rejection samplers: output i (counted rate- or alpha-major: all samples of the first
parameter, then the next) reads its own stream from block `counter + 256 * i`, so the values do not
depend on how TF shards the work. Within a stream a distribution call takes one block and hands its
results out last first (TF's `remaining--` idiom).

Gamma (Marsaglia and Tsang, with TF's alpha == 1 exponential shortcut) computes in float64: normals
are Box-Muller pairs of doubles (one block each), uniforms two doubles a block. Poisson computes in
float64 too: Knuth's product of uniforms below rate 10, Hormann's
transformed rejection above. Most outputs accept on their first try; those are computed for all
outputs at once and the rest replay their stream one draw at a time.
"""
from __future__ import annotations

import math

import numpy as np

from tfsess.lib import philox
from tfsess.ops.special_math_ops import digamma_f64, lgamma_f64

RESERVED_BLOCKS_PER_OUTPUT = 256  # TF's kReservedSamplesPerOutput


_MAX_BLOCKS = 2048  # more than any finite rate needs (Knuth's count is about rate / 2 blocks)


def _first_blocks(count):
    return _stream_starts(np.arange(count))


def _stream_starts(indices):
    """The first block of each output's stream, relative to the op's counter."""
    return np.asarray(indices).astype(np.uint64) * np.uint64(RESERVED_BLOCKS_PER_OUTPUT)


def _uniform_block(block, dtype):
    """One UniformDistribution call: 2 doubles or 4 floats, in TF's element order."""
    if dtype == np.float64:
        return philox.uint64_to_double(block[..., 0::2], block[..., 1::2])
    return philox.uint32_to_float(block)


class _Stream:
    """One output's Philox stream, handed out as TF's UNIFORM/normal macros do (last element first)."""

    def __init__(self, key, counter, index, dtype):
        self.key, self.start, self.dtype = key, counter + RESERVED_BLOCKS_PER_OUTPUT * index, dtype
        self.next_block, self.normals, self.uniforms = 0, [], []

    def _block(self):
        block = philox.counter_blocks(self.key, self.start + self.next_block, 1)
        self.next_block += 1
        return block

    def normal(self):
        if not self.normals:
            b = self._block()
            first, second = philox.box_muller_double(b[:, 0], b[:, 1], b[:, 2], b[:, 3])
            self.normals = [float(first[0]), float(second[0])]
        return self.normals.pop()

    def uniform(self):
        if not self.uniforms:
            self.uniforms = list(_uniform_block(self._block()[0], self.dtype))
        return self.uniforms.pop()


# ------------------------------------------------------------------ gamma
# The C library's pow and log1p, as TF calls them: NumPy's SIMD versions differ in the last bit at times.
_pow_elements = np.frompyfunc(math.pow, 2, 1)
_log1p_elements = np.frompyfunc(math.log1p, 1, 1)


def _libm_pow(x, y):
    return np.asarray(_pow_elements(x, y), np.float64)


def _libm_log1p(x):
    return np.asarray(_log1p_elements(x), np.float64)


def _gamma_constants(alpha):
    d = alpha + np.where(alpha < 1, 2.0 / 3, -1.0 / 3)
    with np.errstate(invalid="ignore", divide="ignore"):
        return d, 1.0 / 3 / np.sqrt(d)


def _gamma_accepts(x, v, u, d):
    with np.errstate(invalid="ignore", divide="ignore"):
        return (u < 1 - 0.0331 * (x * x) * (x * x)) | (np.log(u) < 0.5 * x * x + d * (1 - v + np.log(v)))


def _gamma_replay(stream, alpha, d, c):
    if alpha == 1.0:
        return -math.log1p(-stream.uniform())
    for _ in range(100000):  # acceptance is at least 95%: never reached for a real alpha
        x = stream.normal()
        v = 1 + c * x
        if not v > 0:
            continue
        v = v * v * v
        u = stream.uniform()
        if bool(_gamma_accepts(np.float64(x), np.float64(v), np.float64(u), d)):
            res = d * v
            if alpha < 1:
                res *= stream.uniform() ** (1 / alpha)
            return res
    return math.nan


def gamma(key, counter, alpha, samples_per_alpha):
    """`samples_per_alpha` x alpha.size float64 draws of Gamma(alpha, 1), in output order."""
    alpha = np.asarray(alpha, np.float64).reshape(-1)
    outputs = alpha.size * samples_per_alpha
    out = np.empty(outputs, np.float64)
    if outputs == 0:
        return out.reshape(samples_per_alpha, alpha.size)
    a = np.repeat(alpha, samples_per_alpha)  # output i draws for alpha[i // samples_per_alpha]
    d, c = _gamma_constants(a)
    blocks = philox.block_rows(key, counter, _first_blocks(outputs), 2)
    n0, n1 = philox.box_muller_double(*(blocks[:, 0, j] for j in range(4)))
    u_pair = _uniform_block(blocks[:, 1], np.float64)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        x = n1
        v = 1 + c * x
        v3 = v * v * v
        accepted = (v > 0) & _gamma_accepts(x, v3, u_pair[:, 1], d)
        res = d * v3
        small = a < 1
        res[small] *= _libm_pow(u_pair[small, 0], 1 / a[small])
        ones = a == 1.0
        res[ones] = -_libm_log1p(-_uniform_block(blocks[ones, 0], np.float64)[:, 1])
    done = accepted | (a == 1.0)
    out[done] = res[done]
    for i in np.flatnonzero(~done).tolist():
        out[i] = _gamma_replay(_Stream(key, counter, i, np.float64), float(a[i]), float(d[i]), float(c[i]))
    return out.reshape(alpha.size, samples_per_alpha).T


# ------------------------------------------------------------------ poisson
def _knuth(key, counter, indices, rate, ct):
    """Knuth's count: the first n where the product of n + 1 uniforms is <= exp(-rate)."""
    threshold = np.exp(-rate.astype(ct))
    out = np.empty(len(indices), np.float64)
    per_block = 2 if ct == np.float64 else 4
    todo, blocks = np.arange(len(indices)), 8
    while len(todo) and blocks <= _MAX_BLOCKS:
        b = philox.block_rows(key, counter, _stream_starts(indices[todo]), blocks)
        u = _uniform_block(b, ct)[..., ::-1].reshape(len(todo), blocks * per_block)  # last element first
        prod = np.multiply.accumulate(np.concatenate([np.ones((len(todo), 1), ct), u], axis=1), axis=1)[:, 1:]
        hit = prod <= threshold[todo, None]
        found = hit.any(axis=1)
        out[todo[found]] = hit[found].argmax(axis=1)
        todo, blocks = todo[~found], blocks * 4
    out[todo] = np.nan  # a NaN rate: TF's loop never accepts
    return out


def _hormann_attempts(u, v, rate, ct):
    """TF's transformed-rejection test for each (u, v): (accepted, k)."""
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        log_rate = np.log(rate)
        b = ct(0.931) + ct(2.53) * np.sqrt(rate)
        a = ct(-0.059) + ct(0.02483) * b
        inv_alpha = ct(1.1239) + ct(1.1328) / (b - ct(3.4))
        u = u - ct(0.5)
        u_shifted = ct(0.5) - np.abs(u)
        k = np.floor((ct(2) * a / u_shifted + b) * u + rate + ct(0.43))
        quick = (u_shifted >= ct(0.07)) & (v <= ct(0.9277) - ct(3.6224) / (b - ct(2)))
        refused = (k < 0) | ((u_shifted < ct(0.013)) & (v > u_shifted))
        s = np.log(v * inv_alpha / (a / (u_shifted * u_shifted) + b))
        lgam = np.asarray([math.lgamma(float(kk) + 1) if kk >= 0 and np.isfinite(kk) else math.inf
                           for kk in np.ravel(k)]).reshape(np.shape(k)).astype(ct)
        t = -rate + k * log_rate - lgam
    return quick | (~refused & (s <= t)), k


def _hormann(key, counter, indices, rate, ct):
    rate = rate.astype(ct)
    out = np.empty(len(indices), np.float64)
    pairs = 1 if ct == np.float64 else 2  # (u, v) attempts per block
    todo, blocks = np.arange(len(indices)), 2
    while len(todo) and blocks <= _MAX_BLOCKS:
        b = philox.block_rows(key, counter, _stream_starts(indices[todo]), blocks)
        draws = _uniform_block(b, ct)[..., ::-1].reshape(len(todo), blocks * pairs, 2)
        accepted, k = _hormann_attempts(draws[..., 0], draws[..., 1], rate[todo, None], ct)
        found = accepted.any(axis=1)
        first = accepted[found].argmax(axis=1)
        out[todo[found]] = k[found][np.arange(found.sum()), first]
        todo, blocks = todo[~found], blocks * 4
    out[todo] = np.nan  # a NaN rate: TF's loop never accepts
    return out


def poisson(key, counter, rate, samples_per_rate):
    """`samples_per_rate` x rate.size Poisson(rate) draws (float64 counts), in output order."""
    rate = np.asarray(rate).reshape(-1)
    ct = np.float64  # TF's compute type for every rate type
    rates = np.repeat(rate.astype(ct), samples_per_rate)
    out = np.empty(rates.size, np.float64)
    small = rates < ct(10)
    for mask, sampler in ((small, _knuth), (~small, _hormann)):
        indices = np.flatnonzero(mask)
        if len(indices):
            out[indices] = sampler(key, counter, indices, rates[indices], ct)
    return out.reshape(rate.size, samples_per_rate).T


# ------------------------------------------------------------------ implicit reparameterization
def _gamma_cdf_alpha_derivative(a, x):
    """d/da of the regularised lower incomplete gamma P(a, x), from its series.

    P = e^-x x^a / Gamma(a + 1) * sum_n x^n / ((a + 1) ... (a + n)); each term is carried with the
    prefactor folded in (so none overflows) together with its derivative in a.
    """
    from_series = np.isfinite(a) & np.isfinite(x) & (x > 0) & (a > 0)
    a, x = np.where(from_series, a, 1.0), np.where(from_series, x, 1.0)
    log_prefix = a * np.log(x) - x - lgamma_f64(a + 1)
    term = np.exp(log_prefix)
    dterm = term * (np.log(x) - digamma_f64(a + 1))
    total, dtotal = term.copy(), dterm.copy()
    n = 0
    while True:
        n += 1
        ratio = x / (a + n)
        dterm = (dterm - term / (a + n)) * ratio
        term = term * ratio
        total += term
        dtotal += dterm
        if n > x.max() + 20 and np.all(np.abs(dterm) <= 1e-17 * np.abs(dtotal) + 1e-300) or n > 100000:
            break
    return np.where(from_series, dtotal, np.nan), log_prefix


def gamma_sample_alpha_derivative(alpha, sample):
    """d sample / d alpha for Gamma(alpha, 1) samples at fixed CDF value (TF's RandomGammaGrad).

    The implicit function theorem on P(alpha, sample) = const gives -dP/dalpha / density.
    """
    a, x = np.broadcast_arrays(np.asarray(alpha, np.float64), np.asarray(sample, np.float64))
    a, x = a.ravel(), x.ravel()
    with np.errstate(all="ignore"):
        dcdf, log_prefix = _gamma_cdf_alpha_derivative(a, x)
        # density = e^-x x^(a-1) / Gamma(a) = e^log_prefix * a / x
        grad = -dcdf / (np.exp(log_prefix) * a / x)
    return grad.reshape(np.broadcast_shapes(np.shape(alpha), np.shape(sample)))


# ------------------------------------------------------------------ binomial
_STIRLING_TAIL = (0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509,
                  0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.0104112652619720,
                  0.00925546218271273, 0.00833056343336287)


def _stirling_approx_tail(k):
    if k <= 9:
        return _STIRLING_TAIL[int(k)]
    kp1sq = (k + 1) * (k + 1)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)


def _binomial_inversion(stream, count, prob):
    """The number of geometric waiting times that fit in `count` trials (small count * prob)."""
    geom_sum, num_geom = 0.0, 0
    log_q = math.log1p(-prob)
    while True:
        geom_sum += math.ceil(math.log(stream.uniform()) / log_q)
        if geom_sum > count:
            return num_geom
        num_geom += 1


def _btrs(stream, count, prob):
    """Hormann's transformed rejection with squeeze (BTRS), as TF's kernel writes it."""
    stddev = math.sqrt(count * prob * (1 - prob))
    b = 1.15 + 2.53 * stddev
    a = -0.0873 + 0.0248 * b + 0.01 * prob
    c = count * prob + 0.5
    v_r = 0.92 - 4.2 / b
    r = prob / (1 - prob)
    alpha = (2.83 + 5.1 / b) * stddev
    m = math.floor((count + 1) * prob)
    while True:
        u = stream.uniform() - 0.5
        v = stream.uniform()
        us = 0.5 - abs(u)
        k = math.floor((2 * a / us + b) * u + c)
        if us >= 0.07 and v <= v_r:
            return k
        if k < 0 or k > count:
            continue
        v = math.log(v * alpha / (a / (us * us) + b))
        upper = ((m + 0.5) * math.log((m + 1) / (r * (count - m + 1)))
                 + (count + 1) * math.log((count - m + 1) / (count - k + 1))
                 + (k + 0.5) * math.log(r * (count - k + 1) / (k + 1))
                 + _stirling_approx_tail(m) + _stirling_approx_tail(count - m)
                 - _stirling_approx_tail(k) - _stirling_approx_tail(count - k))
        if v <= upper:
            return k


def _binomial_draw(stream, count, prob):
    """One draw for numpy scalars `count` and `prob` of the parameters' type, whose arithmetic picks the branch."""
    if float(count) <= 0.0 or prob <= 0:
        return 0.0
    if prob >= 1:
        return float(count)
    if prob <= 0.5:
        sampler = _btrs if count * prob >= 10 else _binomial_inversion
        return sampler(stream, float(count), float(prob))
    if prob > 0.5:
        q = prob.dtype.type(1) - prob
        sampler = _btrs if count * q >= 10 else _binomial_inversion
        return float(count) - sampler(stream, float(count), float(q))
    return math.nan  # a NaN probability


def binomial(key, counter, counts, probs, samples_per_batch):
    """samples_per_batch x counts.size Binomial(counts, probs) draws (TF's RandomBinomial on CPU), in output
    order: `counts` and `probs` share one shape (the batch) and output i draws for batch i // samples_per_batch
    from its own stream. Inversion of geometric waiting times below count * p = 10, BTRS above.
    BTRS draws are TF's bit for bit; inversion draws follow TF's algorithm but not its placement in the
    Philox stream, so below count * p = 10 the values are TF's in distribution only.
    """
    counts, probs = np.asarray(counts).reshape(-1), np.asarray(probs).reshape(-1)
    out = np.empty(counts.size * samples_per_batch, np.float64)
    for i in range(out.size):
        batch = i // samples_per_batch
        out[i] = _binomial_draw(_Stream(key, counter, i, np.float64), counts[batch], probs[batch])
    return out.reshape(counts.size, samples_per_batch).T
