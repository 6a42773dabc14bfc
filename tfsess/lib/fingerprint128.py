"""FarmHash's Fingerprint128 (its "cc" variant: CityHash128 v1.1), bit for bit, behind TF's SdcaFprint.

Pure Python with 64-bit arithmetic, like lib/string_hash.py's Fingerprint64; tested against TF's bits.
"""
from __future__ import annotations

from tfsess.lib.string_hash import _K0, _K1, _K2, _M64, _mix16, _rot, _shift_mix, _u32, _u64, _weak32

_KMUL = 0x9DDFEA08EB382D69  # Hash128to64's multiplier


def _hash16(u: int, v: int) -> int:
    """Hash128to64 of the pair (low u, high v)."""
    return _mix16(u, v, _KMUL)


def _len0to16(s: bytes, start: int, n: int) -> int:
    if n >= 8:
        mul = (_K2 + n * 2) & _M64
        a = (_u64(s, start) + _K2) & _M64
        b = _u64(s, start + n - 8)
        c = (_rot(b, 37) * mul + a) & _M64
        d = ((_rot(a, 25) + b) * mul) & _M64
        return _mix16(c, d, mul)
    if n >= 4:
        mul = (_K2 + n * 2) & _M64
        a = _u32(s, start)
        return _mix16((n + (a << 3)) & _M64, _u32(s, start + n - 4), mul)
    if n > 0:
        a, b, c = s[start], s[start + (n >> 1)], s[start + n - 1]
        y = (a + (b << 8)) & 0xFFFFFFFF
        z = (n + (c << 2)) & 0xFFFFFFFF
        return (_shift_mix(((y * _K2) ^ (z * _K0)) & _M64) * _K2) & _M64
    return _K2


def _city_murmur(s: bytes, start: int, n: int, low: int, high: int):
    a, b, c, d = low, high, 0, 0
    remaining = n - 16
    if remaining <= 0:
        a = (_shift_mix((a * _K1) & _M64) * _K1) & _M64
        c = (b * _K1 + _len0to16(s, start, n)) & _M64
        d = _shift_mix((a + (_u64(s, start) if n >= 8 else c)) & _M64)
    else:
        c = _hash16((_u64(s, start + n - 8) + _K1) & _M64, a)
        d = _hash16((b + n) & _M64, (c + _u64(s, start + n - 16)) & _M64)
        a = (a + d) & _M64
        i = start
        while True:
            a ^= (_shift_mix((_u64(s, i) * _K1) & _M64) * _K1) & _M64
            a = (a * _K1) & _M64
            b ^= a
            c ^= (_shift_mix((_u64(s, i + 8) * _K1) & _M64) * _K1) & _M64
            c = (c * _K1) & _M64
            d ^= c
            i += 16
            remaining -= 16
            if remaining <= 0:
                break
    a = _hash16(a, c)
    b = _hash16(d, b)
    return a ^ b, _hash16(b, a)


def _city128_with_seed(s: bytes, start: int, n: int, low: int, high: int):
    if n < 128:
        return _city_murmur(s, start, n, low, high)
    x, y, z = low, high, (n * _K1) & _M64
    v0 = (_rot(y ^ _K1, 49) * _K1 + _u64(s, start)) & _M64
    v1 = (_rot(v0, 42) * _K1 + _u64(s, start + 8)) & _M64
    w0 = (_rot((y + z) & _M64, 35) * _K1 + x) & _M64
    w1 = (_rot((x + _u64(s, start + 88)) & _M64, 53) * _K1) & _M64
    i = start
    while True:
        for _ in range(2):  # the loop body, unrolled twice as CityHash128 writes it
            x = (_rot((x + y + v0 + _u64(s, i + 8)) & _M64, 37) * _K1) & _M64
            y = (_rot((y + v1 + _u64(s, i + 48)) & _M64, 42) * _K1) & _M64
            x ^= w1
            y = (y + v0 + _u64(s, i + 40)) & _M64
            z = (_rot((z + w0) & _M64, 33) * _K1) & _M64
            v0, v1 = _weak32(s, i, (v1 * _K1) & _M64, (x + w0) & _M64)
            w0, w1 = _weak32(s, i + 32, (z + w1) & _M64, (y + _u64(s, i + 16)) & _M64)
            z, x = x, z
            i += 64
        n -= 128
        if n < 128:
            break
    x = (x + _rot((v0 + z) & _M64, 49) * _K0) & _M64
    y = (y * _K0 + _rot(w1, 37)) & _M64
    z = (z * _K0 + _rot(w0, 27)) & _M64
    w0 = (w0 * 9) & _M64
    v0 = (v0 * _K0) & _M64
    done = 0
    while done < n:  # up to four 32-byte chunks from the end
        done += 32
        y = (_rot((x + y) & _M64, 42) * _K0 + v1) & _M64
        w0 = (w0 + _u64(s, i + n - done + 16)) & _M64
        x = (x * _K0 + w0) & _M64
        z = (z + w1 + _u64(s, i + n - done)) & _M64
        w1 = (w1 + v0) & _M64
        v0, v1 = _weak32(s, i + n - done, (v0 + z) & _M64, v1)
        v0 = (v0 * _K0) & _M64
    x = _hash16(x, v0)
    y = _hash16((y + z) & _M64, w0)
    return (_hash16((x + v1) & _M64, w1) + y) & _M64, _hash16((x + w1) & _M64, (y + v1) & _M64)


def fingerprint128(s: bytes) -> tuple:
    """(low64, high64) of FarmHash's Fingerprint128 of `s`, as unsigned ints."""
    if len(s) >= 16:
        return _city128_with_seed(s, 16, len(s) - 16, _u64(s, 0), (_u64(s, 8) + _K0) & _M64)
    return _city128_with_seed(s, 0, len(s), _K0, _K1)
