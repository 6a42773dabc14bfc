"""TF's Philox4x32-10 generator and the distributions its CPU random kernels build on it, many values at once.

A PhiloxRandom(seed, seed2) has the 64-bit key `seed` (low word first) and a 128-bit counter whose
upper half starts at `seed2`; each counter value gives a block of four uint32 words and the counter
steps by one per block. `counter_blocks` computes many consecutive blocks at once (a compiled loop
when numba is installed, NumPy array arithmetic otherwise: the same words); the converters and
fills below turn words into values the way TF's random_distributions.h and FillPhiloxRandom do
(Uint32ToFloat, Uint64ToDouble, Uint16ToHalf, BoxMullerFloat/Double, TruncatedNormal, the integer
UniformDistribution), plus TF's RandomShuffle order and CPU Multinomial draws.

Box-Muller values: TF calls the C library's logf and sincosf (log and sincos for float64). When
numba is installed (an optional dependency) a compiled loop calls the same C functions, so the
values are TF's bits. Without it NumPy computes log, sin and cos (in float64, rounded to float32 for
float16/32); the C library rounds differently on a small share of inputs (about 1.5% of float32
values, 0.2% of float64 ones, each within 3 ulp of TF's).
"""
from __future__ import annotations

import math

import numpy as np

from tfsess.lib.numba_loops import CompiledOnce

_M0, _M1 = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)
_W0, _W1 = 0x9E3779B9, 0xBB67AE85
_MASK32 = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)
MASK64 = 2**64 - 1
_TWO_PI = 2.0 * np.pi  # TF's 2 * M_PI, a double
_FLOAT_EPSILON = np.float32(1.0e-7)
_DOUBLE_EPSILON = 1.0e-7


def _rounds(key, start, offsets):
    """Philox4x32-10 of the 128-bit counters `start + offsets` under `key`: an n x 4 uint32 array.

    `start` is a Python int, `offsets` a uint64 array.
    """
    k0, k1 = key & 0xFFFFFFFF, (key & MASK64) >> 32
    start &= 2**128 - 1
    base, base_high = np.uint64(start & MASK64), np.uint64(start >> 64)
    out = np.empty((len(offsets), 4), dtype=np.uint32)
    loops = _compiled_loops()
    if loops is not None:
        loops.rounds(np.uint64(k0), np.uint64(k1), base, base_high, offsets, out)
        return out
    for first in range(0, len(offsets), _CHUNK):  # pieces whose temporaries stay in the L2 cache
        _numpy_rounds(k0, k1, base, base_high, offsets[first:first + _CHUNK], out[first:first + _CHUNK])
    return out


_CHUNK = 1 << 14


def _numpy_rounds(k0, k1, base, base_high, offsets, out):
    low = base + offsets  # wraps modulo 2**64: the carry goes to the high half
    high = base_high + (low < base).astype(np.uint64)
    c0, c1, c2, c3 = low & _MASK32, low >> _SHIFT, high & _MASK32, high >> _SHIFT
    p0, p1 = np.empty_like(c0), np.empty_like(c0)
    for _ in range(10):
        np.multiply(c0, _M0, out=p0)  # 32 x 32 -> 64 bit products: never overflow uint64
        np.multiply(c2, _M1, out=p1)
        np.right_shift(p1, _SHIFT, out=c0)
        c0 ^= c1
        c0 ^= np.uint64(k0)
        np.bitwise_and(p1, _MASK32, out=c1)
        np.right_shift(p0, _SHIFT, out=c2)
        c2 ^= c3
        c2 ^= np.uint64(k1)
        np.bitwise_and(p0, _MASK32, out=c3)
        k0, k1 = (k0 + _W0) & 0xFFFFFFFF, (k1 + _W1) & 0xFFFFFFFF
    for column, word in enumerate((c0, c1, c2, c3)):
        out[:, column] = word


def counter_blocks(key, counter, n):
    """`n` consecutive blocks from the 128-bit counter value `counter` (a Python int) on."""
    return _rounds(key, counter, np.arange(n, dtype=np.uint64))


def block_rows(key, counter, first_blocks, per_row):
    """Blocks `counter + first_blocks[i] + j` for j < per_row, as a len(first_blocks) x per_row x 4 array.

    For the variable-sample distributions, whose output group i reads from its own offset.
    """
    offsets = (np.asarray(first_blocks, dtype=np.uint64)[:, None] + np.arange(per_row, dtype=np.uint64)).ravel()
    return _rounds(key, counter, offsets).reshape(len(first_blocks), per_row, 4)


def words(seed, seed2, block=1024):
    """TF's stream of uint32 draws for PhiloxRandom(seed, seed2), as Python ints, forever."""
    counter = (seed2 & MASK64) << 64
    while True:
        yield from counter_blocks(seed, counter, block).ravel().tolist()
        counter += block


class SimplePhilox:
    """TF's SimplePhilox: one kernel run's words read one at a time from the 128-bit counter `counter` on
    (the blocks the run reserved), for samplers that draw a data-dependent number of words."""

    def __init__(self, key, counter):
        self._key, self._counter, self._words = key, counter, []

    def rand32(self):
        if not self._words:
            self._words = counter_blocks(self._key, self._counter, 1).ravel().tolist()[::-1]
            self._counter += 1
        return self._words.pop()

    def rand64(self):
        low = self.rand32()
        return low | self.rand32() << 32

    def rand_float(self):
        """RandFloat: a float32 in [0, 1) from one word."""
        return uint32_to_float(np.uint32(self.rand32()))

    def rand_double(self):
        """RandDouble: a float in [0, 1) from two words."""
        x0 = self.rand32()
        return float(uint64_to_double(np.uint32(x0), np.uint32(self.rand32())))

    def uniform(self, n):
        """Uniform(n): an int in [0, n) from 32-bit words (TF's ExactUniformInt)."""
        return _exact_uniform_int(n, self.rand32, 0xFFFFFFFF)

    def uniform64(self, n):
        """Uniform64(n): an int in [0, n) from 64-bit draws (TF's ExactUniformInt)."""
        return _exact_uniform_int(n, self.rand64, MASK64)


def _exact_uniform_int(n, draw, all_ones):
    """TF's ExactUniformInt: mask the low bits for a power of two (0 still takes a draw), else reject the
    draws below (all_ones mod n) + 1 that would skew the remainder towards 0."""
    if n & (n - 1) == 0:
        return draw() & (n - 1) if n else draw() * 0
    rejected_below = all_ones % n + 1
    value = draw()
    while value < rejected_below:
        value = draw()
    return value % n


# ------------------------------------------------------------------ word -> value converters
def uint32_to_float(x):
    """TF's Uint32ToFloat: the low 23 bits as the mantissa of a float in [1, 2), minus one."""
    return ((x & np.uint32(0x7FFFFF)) | np.uint32(127 << 23)).view(np.float32) - np.float32(1.0)


def uint64_to_double(x0, x1):
    """TF's Uint64ToDouble: 20 bits of `x0` and all of `x1` as a double mantissa in [1, 2), minus one."""
    bits = ((x0 & np.uint32(0xFFFFF)).astype(np.uint64) << _SHIFT) | x1.astype(np.uint64)
    return (bits | np.uint64(1023 << 52)).view(np.float64) - 1.0


def uint16_to_half(x):
    """TF's Uint16ToHalf on the low 16 bits of each word: a half mantissa in [1, 2), minus one."""
    bits = (x & np.uint32(0x3FF)) | np.uint32(15 << 10)
    return bits.astype(np.uint16).view(np.float16) - np.float16(1.0)


def box_muller_float(x0, x1):
    """TF's BoxMullerFloat on word arrays: two float32 normal arrays (see the module note on rounding)."""
    u1 = np.maximum(uint32_to_float(x0), _FLOAT_EPSILON)
    v1 = (_TWO_PI * uint32_to_float(x1).astype(np.float64)).astype(np.float32)
    loops = _compiled_loops()
    if loops is not None:
        u1, v1 = np.ascontiguousarray(u1), np.ascontiguousarray(v1)
        f0, f1 = np.empty(u1.shape, u1.dtype), np.empty(u1.shape, u1.dtype)
        loops.box_muller(u1.ravel(), v1.ravel(), f0.ravel(), f1.ravel())
        return f0, f1
    v1 = v1.astype(np.float64)
    u2 = np.sqrt(np.float32(-2.0) * np.log(u1.astype(np.float64)).astype(np.float32))
    return np.sin(v1).astype(np.float32) * u2, np.cos(v1).astype(np.float32) * u2


def box_muller_double(x0, x1, x2, x3):
    """TF's BoxMullerDouble: two float64 normal arrays from four word arrays."""
    u1 = np.maximum(uint64_to_double(x0, x1), _DOUBLE_EPSILON)
    v1 = _TWO_PI * uint64_to_double(x2, x3)
    loops = _compiled_loops()
    if loops is not None:
        u1, v1 = np.ascontiguousarray(u1), np.ascontiguousarray(v1)
        d0, d1 = np.empty(u1.shape, u1.dtype), np.empty(u1.shape, u1.dtype)
        loops.box_muller(u1.ravel(), v1.ravel(), d0.ravel(), d1.ravel())
        return d0, d1
    u2 = np.sqrt(-2.0 * np.log(u1))
    return np.sin(v1) * u2, np.cos(v1) * u2


def _compiled_loops():
    """The numba loops, or None without numba. Compiled once per process, on the first call.

    `rounds(k0, k1, base, base_high, offsets, out)` writes the Philox blocks of the counters
    (base_high, base) + offsets; `box_muller(u1, v1, out0, out1)` (float32 or float64 arrays)
    calls the C library's log/sin/cos as TF's BoxMuller does.
    """
    return _LOOPS.get()


def _njit_loops(numba, cache):
    # explicit signatures compile here, so a failure falls back to NumPy at once
    @numba.njit([f"void({t}[::1], {t}[::1], {t}[::1], {t}[::1])" for t in ("float32", "float64")],
                cache=cache, nogil=True)
    def box_muller(u1, v1, out0, out1):
        # math.log/sin/cos keep float32 arguments in float32: the C library's logf/sinf/cosf, as TF's
        minus_two = u1.dtype.type(-2.0)
        for i in range(u1.shape[0]):
            u2 = np.sqrt(minus_two * math.log(u1[i]))
            out0[i] = math.sin(v1[i]) * u2
            out1[i] = math.cos(v1[i]) * u2

    @numba.njit("void(uint64, uint64, uint64, uint64, uint64[::1], uint32[:, ::1])", cache=cache, nogil=True)
    def rounds(k0_start, k1_start, base, base_high, offsets, out):
        m0, m1 = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)
        w0, w1 = np.uint64(0x9E3779B9), np.uint64(0xBB67AE85)
        mask, shift = np.uint64(0xFFFFFFFF), np.uint64(32)
        one, zero = np.uint64(1), np.uint64(0)
        for i in range(offsets.shape[0]):
            low = base + offsets[i]  # wraps: the carry goes to the high half
            high = base_high + (one if low < base else zero)
            c0, c1, c2, c3 = low & mask, low >> shift, high & mask, high >> shift
            k0, k1 = k0_start, k1_start
            for _ in range(10):
                p0, p1 = m0 * c0, m1 * c2
                c0, c1, c2, c3 = (p1 >> shift) ^ c1 ^ k0, p1 & mask, (p0 >> shift) ^ c3 ^ k1, p0 & mask
                k0, k1 = (k0 + w0) & mask, (k1 + w1) & mask
            out[i, 0], out[i, 1], out[i, 2], out[i, 3] = c0, c1, c2, c3

    class Loops:
        pass

    loops = Loops()
    loops.box_muller, loops.rounds = box_muller, rounds
    return loops


_LOOPS = CompiledOnce(_njit_loops, "the Philox loops")


# ------------------------------------------------------------------ TF's fills (FillPhiloxRandom on CPU)
# Output group g (4 values from one block for 32-bit and half types, 2 for 64-bit ones) reads block
# `counter + g`, so the values do not depend on how TF's threads split the output.
def _group_words(key, counter, n, per_block):
    return counter_blocks(key, counter, -(-n // per_block)).ravel()


def uniform(key, counter, n, dtype):
    """TF's UniformDistribution for float16/32/64: `n` values in [0, 1)."""
    dtype = np.dtype(dtype)
    if dtype == np.float64:
        w = _group_words(key, counter, n, 2)
        return uniform_double_words(w)[:n]
    w = _group_words(key, counter, n, 4)
    return (uint16_to_half(w) if dtype == np.float16 else uint32_to_float(w))[:n]


def uniform_double_words(w):
    """Doubles from consecutive word pairs (x0, x1) of the flat word array `w`."""
    return uint64_to_double(w[0::2], w[1::2])


def normal(key, counter, n, dtype):
    """TF's NormalDistribution for float16/32/64: `n` standard normal values."""
    dtype = np.dtype(dtype)
    if dtype == np.float64:
        b = counter_blocks(key, counter, -(-n // 2))
        d0, d1 = box_muller_double(b[:, 0], b[:, 1], b[:, 2], b[:, 3])
    else:
        w = _group_words(key, counter, n, 4)
        d0, d1 = box_muller_float(w[0::2], w[1::2])
    out = np.empty(2 * len(d0), dtype=d0.dtype)
    out[0::2], out[1::2] = d0, d1
    return out[:n].astype(dtype, copy=False)


_RESERVED_SAMPLES_PER_OUTPUT = 256  # TF's FillPhiloxRandomTask::kReservedSamplesPerOutput


def truncated_normal(key, counter, n, dtype):
    """TF's TruncatedNormalDistribution: normal values with |x| < 2, redrawn in pairs until a group is full.

    Group g reads its own SingleSampleAdapter stream from block `counter + g * skip` on, where skip is
    group size * 256 / 4 blocks; a block gives four candidates (two Box-Muller pairs, float32 math
    for float16/32) or two (float64), taken in order while they fall inside the cut.
    """
    dtype = np.dtype(dtype)
    group = 2 if dtype == np.float64 else 4
    groups = -(-n // group)
    skip = group * _RESERVED_SAMPLES_PER_OUTPUT // 4
    starts = np.arange(groups, dtype=np.uint64) * np.uint64(skip)
    out = np.empty((groups, group), dtype=np.float64 if dtype == np.float64 else np.float32)
    todo = np.arange(groups)
    per_row = 1  # most groups fill from their first block; the rest are redone with more
    while len(todo):
        b = block_rows(key, counter, starts[todo], per_row)
        if group == 2:
            d0, d1 = box_muller_double(b[..., 0], b[..., 1], b[..., 2], b[..., 3])
            candidates = np.stack([d0, d1], axis=-1).reshape(len(todo), -1)
        else:
            f0, f1 = box_muller_float(b[..., 0::2], b[..., 1::2])
            candidates = np.stack([f0, f1], axis=-1).reshape(len(todo), -1)
        inside = np.abs(candidates) < 2.0
        rank = np.cumsum(inside, axis=1)
        done = rank[:, -1] >= group
        take = inside & (rank <= group) & done[:, None]
        out[todo[done]] = candidates[take].reshape(-1, group)
        todo = todo[~done]
        per_row *= 2
    return out.ravel()[:n].astype(dtype, copy=False)


def uniform_int(key, counter, n, lo, hi, dtype):
    """TF's UniformDistribution for int32/int64: lo + (random bits mod (hi - lo)), wrapping as TF's SignedAdd."""
    dtype = np.dtype(dtype)
    if dtype == np.int64:
        w = _group_words(key, counter, n, 2)[:2 * n]
        bits = w[0::2].astype(np.uint64) | (w[1::2].astype(np.uint64) << _SHIFT)
        span = np.uint64((hi - lo) & MASK64)
        return (np.uint64(lo & MASK64) + bits % span).view(np.int64)
    w = _group_words(key, counter, n, 4)[:n]
    span = np.uint32((hi - lo) & 0xFFFFFFFF)
    return (np.uint32(lo & 0xFFFFFFFF) + w % span).view(np.int32)


def shuffle_permutation(key, counter, size):
    """TF's RandomShuffle order for `size` rows: Fisher-Yates with word i mod (size - i), size - 1 words."""
    w = counter_blocks(key, counter, -(-(size - 1) // 4)).ravel()[:size - 1]
    swaps = (np.arange(size - 1, dtype=np.int64) + w % np.arange(size, 1, -1, dtype=np.uint32)).tolist()
    order = list(range(size))
    for i, j in enumerate(swaps):  # each swap depends on the ones before: sequential by nature
        order[i], order[j] = order[j], order[i]
    return np.asarray(order, dtype=np.int64)


def parallel_for_blocks(n, cost_per_unit, threads):
    """The [start, limit) row ranges TF's Shard (Eigen's ThreadPoolDevice::parallelFor) runs `n` units in.

    `cost_per_unit` is in cycles and `threads` is the size of TF's intra-op pool; small problems run
    as one range.
    """
    if n <= 0:
        return []
    total = n * cost_per_unit  # Eigen's CostModel: startup 100000 cycles, 100000 more per thread
    wanted = min(threads, max(1, int((total - 100000) / 100000 + 0.9)))
    if n == 1 or threads <= 1 or wanted == 1:
        return [(0, n)]
    block_size = min(n, max(-(-n // (4 * threads)), int(40000 / cost_per_unit)))  # 4x oversharding at most
    max_block_size = min(n, 2 * block_size)
    block_count = -(-n // block_size)
    best = block_count / (-(-block_count // threads) * threads)
    previous = block_count
    while best < 1.0 and previous > 1:  # coarser blocks while no thread idles more
        coarser = -(-n // (previous - 1))
        if coarser > max_block_size:
            break
        coarser_count = -(-n // coarser)
        previous = coarser_count
        efficiency = coarser_count / (-(-coarser_count // threads) * threads)
        if efficiency + 0.01 >= best:
            block_size, block_count = coarser, coarser_count
            best = max(best, efficiency)
    return [(start, min(n, start + block_size)) for start in range(0, n, block_size)]


def multinomial(key, counter, logits, num_samples, threads):
    """TF's CPU Multinomial draws (batch x num_samples int64) for a 2-D `logits` array of its own dtype.

    TF splits the rows into ranges by its cost estimate and `threads` (its intra-op pool size); a
    range starting at row r reads RandDouble draws (two words each) from block
    counter + r * (num_samples + 3) // 4 on, row after row. Non-finite logits get no mass.
    """
    batch, classes = logits.shape
    cost = int(50 * (num_samples * math.log(classes) / math.log(2) + classes))  # TF's estimate, in cycles
    draws = np.empty((batch, num_samples), dtype=np.float64)
    for start, limit in parallel_for_blocks(batch, cost, threads):
        count = (limit - start) * num_samples
        w = counter_blocks(key, counter + start * (num_samples + 3) // 4, -(-2 * count // 4)).ravel()[:2 * count]
        draws[start:limit] = uniform_double_words(w).reshape(limit - start, num_samples)
    finite = np.isfinite(logits)
    lowest = np.finfo(logits.dtype).min if logits.dtype.kind == "f" else np.iinfo(logits.dtype).min
    top = np.max(np.where(finite, logits, lowest), axis=1, initial=lowest).astype(np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        mass = np.where(finite, np.exp(logits.astype(np.float64) - top[:, None]), 0.0)
    cdf = np.cumsum(mass, axis=1)
    out = np.empty((batch, num_samples), dtype=np.int64)
    for row in range(batch):
        out[row] = np.searchsorted(cdf[row], draws[row] * (cdf[row, -1] if classes else 0.0), side="right")
    return out
