"""TF's Philox4x32-10 counter-based generator, computed a few thousand blocks at a time with NumPy.

`words(seed, seed2)` yields the uint32 values TF's SingleSampleAdapter<PhiloxRandom(seed, seed2)>
returns one by one: each 128-bit counter value gives a block of four words, read in order, and
the counter steps by one per block. The key is `seed` (low word first), the counter's upper
half `seed2`.
"""
from __future__ import annotations

import numpy as np

_M0, _M1 = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57)
_W0, _W1 = 0x9E3779B9, 0xBB67AE85
_MASK32 = np.uint64(0xFFFFFFFF)
_SHIFT = np.uint64(32)


def blocks(key, counter_low, counter_high, n):
    """`n` Philox blocks (an n x 4 uint32 array) for 64-bit counter halves starting at (low, high)."""
    step = np.arange(n, dtype=np.uint64)
    low = np.uint64(counter_low) + step  # wraps modulo 2**64: the carry goes to the high half
    high = np.uint64(counter_high) + (low < np.uint64(counter_low)).astype(np.uint64)
    c0, c1, c2, c3 = low & _MASK32, low >> _SHIFT, high & _MASK32, high >> _SHIFT
    k0, k1 = key & 0xFFFFFFFF, key >> 32
    for _ in range(10):
        p0, p1 = _M0 * c0, _M1 * c2  # 32 x 32 -> 64 bit products: never overflow uint64
        c0, c1, c2, c3 = ((p1 >> _SHIFT) ^ c1 ^ np.uint64(k0)), p1 & _MASK32, ((p0 >> _SHIFT) ^ c3 ^ np.uint64(k1)), \
            p0 & _MASK32
        k0, k1 = (k0 + _W0) & 0xFFFFFFFF, (k1 + _W1) & 0xFFFFFFFF
    return np.stack([c0, c1, c2, c3], axis=1)


def words(seed, seed2, block=1024):
    """TF's stream of uint32 draws for PhiloxRandom(seed, seed2), as Python ints, forever."""
    seed, seed2 = seed & (2**64 - 1), seed2 & (2**64 - 1)
    low = 0
    high = seed2
    while True:
        yield from blocks(seed, low, high, block).ravel().tolist()
        low += block
        if low >= 2**64:
            low -= 2**64
            high = (high + 1) & (2**64 - 1)
