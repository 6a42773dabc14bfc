"""Compiled NHWC max-pooling, activation-gradient and bias loops: one pass where NumPy makes several.

numba is an optional dependency (lib/numba_loops.py): without it, or for dtypes numba has no
arithmetic for (float16, complex), every function here returns None and its caller keeps its
NumPy route. Each loop gives exactly the bits of that route:

- a window's maximum folds its taps in row-major order with `np.maximum`'s float rule: a NaN
  already held stays, else a NaN tap is taken, else the held value if it is greater, else the
  tap (so of equal values, +0 and -0, the later tap wins, as NumPy's float32/64 loops do). Taps
  in the padding are left out: folding the padding's -inf (or the integer minimum) changes nothing.
- MaxPoolGrad sends each window's gradient to its first tap equal (==) to that maximum in
  row-major tap order (TF's tie rule; a padding tap counts when the maximum is the lowest value,
  and that gradient is dropped; a NaN maximum matches no tap). Where the windows tile the padded
  input each input takes the gradient's bits or +0; elsewhere each input sums what it receives,
  from +0 and in tap order, as the NumPy route's tap-by-tap additions do.
- ReluGrad multiplies the gradient by 1 or 0 (features > 0), as NumPy's multiply by the mask;
  Relu6Grad and EluGrad select and compute as their NumPy `where`s do, element by element.
- A bias added along the last axis is NumPy's add; the sum over every axis but the last adds
  row after row from +0, the order NumPy's reduction takes for a C-contiguous array.

The loops release the GIL and take a range of the batch, so a caller may split a batch over threads.
"""
from __future__ import annotations

import concurrent.futures
import functools
import os

import numpy as np

from tfsess.lib.numba_loops import CompiledOnce

__all__ = ["bias_add", "elu_grad", "max_pool", "max_pool_grad", "relu6_grad", "relu_grad", "sum_leading_axes",
           "supported"]

# numba compiles these for each dtype on first use; float16 has no numba arithmetic
_DTYPES = frozenset(np.dtype(t) for t in (np.float32, np.float64, np.int8, np.int16, np.int32, np.int64,
                                          np.uint8, np.uint16, np.uint32, np.uint64))
MIN_SPLIT_ELEMENTS = 1 << 16  # smaller batches run in the caller's thread: a hand-off costs more
MIN_LOOP_ELEMENTS = 4096      # smaller elementwise inputs keep NumPy, whose call costs less than numba's dispatch


def supported(*arrays) -> bool:
    """Whether the compiled loops exist here and handle these arrays' dtype (all the same)."""
    dtype = arrays[0].dtype
    return dtype in _DTYPES and all(a.dtype == dtype for a in arrays) and _LOOPS.get() is not None


def max_pool(x, geo, lowest, workers=1):
    """MaxPool of a C-contiguous NHWC `x` over `geo`'s windows (ops/window_geometry.Geometry), or None."""
    if not supported(x):
        return None
    n, _, _, c = x.shape
    out = np.empty((n, geo.oh, geo.ow, c), x.dtype)
    if _halving(geo):
        _split(_LOOPS.get().max_pool_2x2, n, out.size, workers, x, out)
        return out
    low = x.dtype.type(lowest)
    _split(_LOOPS.get().max_pool, n, out.size, workers, x, out, geo.kh, geo.kw, geo.sh, geo.sw, geo.pt, geo.pl, low)
    return out


def _halving(geo):
    """Whether the windows are 2x2 with stride 2 and no padding: the loops for the common case."""
    return (geo.kh, geo.kw, geo.sh, geo.sw, geo.pt, geo.pb, geo.pl, geo.pr) == (2, 2, 2, 2, 0, 0, 0, 0)


def max_pool_grad(x, g, geo, lowest, tiles, workers=1):
    """MaxPoolGrad of C-contiguous NHWC `x` and `g` (the output's gradient), or None.

    `tiles`: the windows tile the padded input (each input in one window): the gradient's bits are
    assigned; otherwise each input sums its gradients from +0 in tap order.
    """
    n, _, _, c = x.shape
    if g.shape != (n, geo.oh, geo.ow, c) or not supported(x, g):
        return None  # a gradient of the wrong shape takes the NumPy route, which reports it
    loops = _LOOPS.get()
    low = x.dtype.type(lowest)
    shape = (geo.kh, geo.kw, geo.sh, geo.sw, geo.pt, geo.pl, low)
    zero = x.dtype.type(0)
    dx = np.empty(x.shape, x.dtype)
    if tiles and _halving(geo):
        bits = np.dtype(f"u{x.dtype.itemsize}")  # the gradient's bits are copied or cleared
        _split(loops.max_pool_grad_2x2, n, x.size, workers, x, g.view(bits), dx.view(bits))
        return dx
    if tiles:
        _split(loops.max_pool_grad_tiled, n, x.size, workers, x, g, dx, *shape, zero)
        return dx
    taps = np.empty(g.shape, np.int32)   # which tap of each window took its gradient (-1: none)
    _split(loops.first_max_taps, n, x.size, workers, x, taps, *shape)
    _split(loops.gather_grads, n, x.size, workers, taps, g, dx, *shape[:-1], zero)
    return dx


def relu_grad(g, features, out=None, workers=1):
    """g * (features > 0) in g's dtype (into `out`, which may be either input), or None."""
    return _elementwise("relu_grad", g, features, out, workers, 1)


def relu6_grad(g, features, out=None, workers=1):
    """g where 0 < features < 6, else +0 (into `out`, which may be either input), or None."""
    return _elementwise("relu6_grad", g, features, out, workers, 6)


def elu_grad(g, outputs, out=None, workers=1):
    """g * (outputs + 1) where outputs < 0, else g (into `out`, which may be either input), or None."""
    return _elementwise("elu_grad", g, outputs, out, workers, 1)


def bias_add(value, bias, out=None, workers=1):
    """value + bias along value's last axis (into `out`, which may be `value`), or None."""
    if not (value.ndim >= 2 and value.size >= MIN_LOOP_ELEMENTS and bias.ndim == 1
            and value.shape[-1] == bias.shape[0] and supported(value, bias)
            and value.flags.c_contiguous and _fits(out, value)):
        return None
    if out is None:
        out = np.empty(value.shape, value.dtype)
    rows = out.reshape(-1, bias.shape[0])
    _split(_LOOPS.get().bias_add, rows.shape[0], out.size, workers, value.reshape(rows.shape),
           np.ascontiguousarray(bias), rows)
    return out


def sum_leading_axes(x):
    """x summed over every axis but the last, in x's dtype, as NumPy's reduction sums a C-contiguous
    array whose last axis has 2 entries or more: from +0, row after row (so the same bits); or None."""
    if not (x.ndim >= 2 and x.size >= MIN_LOOP_ELEMENTS and x.shape[-1] >= 2 and x.flags.c_contiguous
            and supported(x)):
        return None
    out = np.empty(x.shape[-1], x.dtype)
    _LOOPS.get().sum_rows(x.reshape(-1, x.shape[-1]), out, x.dtype.type(0))
    return out


def _elementwise(name, a, b, out, workers, constant):
    """Runs the two-input loop `name` (with `constant` and 0 in a's dtype) over contiguous a, b and out."""
    if not (a.size >= MIN_LOOP_ELEMENTS and supported(a, b) and a.shape == b.shape and a.flags.c_contiguous
            and b.flags.c_contiguous
            and _fits(out, a)):
        return None
    if out is None:
        out = np.empty(a.shape, a.dtype)
    flat = out.reshape(-1)
    _split(getattr(_LOOPS.get(), name), flat.size, flat.size, workers, a.reshape(-1), b.reshape(-1), flat,
           a.dtype.type(constant), a.dtype.type(0))
    return out


def _fits(out, like):
    """Whether `out` (None: a new array) can take a result shaped and typed as `like`, contiguously."""
    return out is None or (out.shape == like.shape and out.dtype == like.dtype and out.flags.c_contiguous)


# ------------------------------------------------------------------ splitting a batch over threads
@functools.lru_cache(maxsize=1)
def _pool():
    return concurrent.futures.ThreadPoolExecutor(min(os.cpu_count() or 1, 8), thread_name_prefix="tfsess-pool")


def _split(loop, n, elements, workers, *args):
    """Runs `loop(*args, start, stop)` over [0, n) in `workers` parts at once (the caller runs the first)."""
    parts = min(workers, n, max(1, elements // MIN_SPLIT_ELEMENTS))
    if parts <= 1:
        loop(*args, 0, n)
        return
    bounds = [n * k // parts for k in range(parts + 1)]
    jobs = [_pool().submit(loop, *args, bounds[k], bounds[k + 1]) for k in range(1, parts)]
    loop(*args, bounds[0], bounds[1])
    for job in jobs:
        job.result()


# ------------------------------------------------------------------ the compiled loops
def _njit_loops(numba, cache):
    jit = numba.njit(nogil=True, cache=cache, error_model="numpy")

    @jit
    def fold_max(x, best, b, r0, c0, kh, kw, low):  # pragma: no cover - compiled; tested against NumPy
        """best[:] = np.maximum folded over the real taps of the window at padded (r0, c0)."""
        _, h, w, c = x.shape
        for ch in range(c):
            best[ch] = low
        for i in range(kh):
            r = r0 + i
            if 0 <= r < h:
                for j in range(kw):
                    col = c0 + j
                    if 0 <= col < w:
                        for ch in range(c):
                            m, v = best[ch], x[b, r, col, ch]
                            best[ch] = m if (m > v or m != m) else v

    @jit
    def first_match(x, best, first, b, r0, c0, kh, kw, low):  # pragma: no cover
        """first[:] = the row-major index of the first tap equal to best (-1: none; padding holds `low`)."""
        _, h, w, c = x.shape
        for ch in range(c):
            first[ch] = -1
        for i in range(kh):
            r = r0 + i
            for j in range(kw):
                col = c0 + j
                k = i * kw + j
                if 0 <= r < h and 0 <= col < w:
                    for ch in range(c):
                        if first[ch] < 0 and x[b, r, col, ch] == best[ch]:
                            first[ch] = k
                else:
                    for ch in range(c):
                        if first[ch] < 0 and best[ch] == low:
                            first[ch] = k

    @jit
    def max_pool_loop(x, out, kh, kw, sh, sw, pt, pl, low, start, stop):  # pragma: no cover
        _, oh, ow, _ = out.shape
        for b in range(start, stop):
            for a in range(oh):
                for o in range(ow):
                    fold_max(x, out[b, a, o], b, a * sh - pt, o * sw - pl, kh, kw, low)

    @jit
    def max_pool_grad_tiled(x, g, dx, kh, kw, sh, sw, pt, pl, low, zero, start, stop):  # pragma: no cover
        _, h, w, c = x.shape
        _, oh, ow, _ = g.shape
        best = np.empty(c, x.dtype)
        first = np.empty(c, np.int32)
        for b in range(start, stop):
            for a in range(oh):
                for o in range(ow):
                    r0, c0 = a * sh - pt, o * sw - pl
                    fold_max(x, best, b, r0, c0, kh, kw, low)
                    first_match(x, best, first, b, r0, c0, kh, kw, low)
                    for i in range(kh):
                        r = r0 + i
                        for j in range(kw):
                            col = c0 + j
                            if 0 <= r < h and 0 <= col < w:
                                k = i * kw + j
                                for ch in range(c):
                                    dx[b, r, col, ch] = g[b, a, o, ch] if first[ch] == k else zero

    @jit
    def first_max_taps(x, taps, kh, kw, sh, sw, pt, pl, low, start, stop):  # pragma: no cover
        _, oh, ow, c = taps.shape
        best = np.empty(c, x.dtype)
        for b in range(start, stop):
            for a in range(oh):
                for o in range(ow):
                    fold_max(x, best, b, a * sh - pt, o * sw - pl, kh, kw, low)
                    first_match(x, best, taps[b, a, o], b, a * sh - pt, o * sw - pl, kh, kw, low)

    @jit
    def gather_grads(taps, g, dx, kh, kw, sh, sw, pt, pl, zero, start, stop):  # pragma: no cover
        """Each input sums, from +0 and in tap order, the gradients of the windows whose first maximum it is."""
        _, h, w, c = dx.shape
        _, oh, ow, _ = g.shape
        acc = np.empty(c, dx.dtype)
        for b in range(start, stop):
            for r in range(h):
                for col in range(w):
                    for ch in range(c):
                        acc[ch] = zero
                    for i in range(kh):
                        num = r + pt - i
                        if num < 0 or num % sh != 0 or num // sh >= oh:
                            continue
                        a = num // sh
                        for j in range(kw):
                            numc = col + pl - j
                            if numc < 0 or numc % sw != 0 or numc // sw >= ow:
                                continue
                            o = numc // sw
                            k = i * kw + j
                            for ch in range(c):
                                if taps[b, a, o, ch] == k:
                                    acc[ch] += g[b, a, o, ch]
                    for ch in range(c):
                        dx[b, r, col, ch] = acc[ch]

    @jit
    def max_pool_2x2_loop(x, out, start, stop):  # pragma: no cover
        """fold_max's fold over the four taps of each 2x2 window (stride 2, no padding), one
        channel vector at a time: loads and one store stream that LLVM vectorises."""
        _, oh, ow, c = out.shape
        for b in range(start, stop):
            for a in range(oh):
                row0, row1, dest = x[b, 2 * a].reshape(-1), x[b, 2 * a + 1].reshape(-1), out[b, a].reshape(-1)
                for o in range(ow):
                    left, right = 2 * o * c, (2 * o + 1) * c
                    for ch in range(c):
                        m, v = row0[left + ch], row0[right + ch]
                        m = m if (m > v or m != m) else v
                        v = row1[left + ch]
                        m = m if (m > v or m != m) else v
                        v = row1[right + ch]
                        dest[o * c + ch] = m if (m > v or m != m) else v

    @jit
    def max_pool_grad_2x2_loop(x, g_bits, dx_bits, start, stop):  # pragma: no cover
        """max_pool_grad_tiled for 2x2 windows of stride 2 without padding, on the gradient's bits:
        per pair of input rows, first each window's first maximal tap (4: none, a NaN maximum),
        then each row of dx as the gradient or +0 (two passes with one store stream each: four
        interleaved store streams keep LLVM from vectorising)."""
        _, oh, ow, c = g_bits.shape
        zero = g_bits.dtype.type(0)
        first = np.empty(ow * c, np.uint8)
        for b in range(start, stop):
            for a in range(oh):
                row0, row1 = x[b, 2 * a].reshape(-1), x[b, 2 * a + 1].reshape(-1)
                for o in range(ow):
                    left, right = 2 * o * c, (2 * o + 1) * c
                    for ch in range(c):
                        v0, v1, v2, v3 = row0[left + ch], row0[right + ch], row1[left + ch], row1[right + ch]
                        m = v0 if (v0 > v1 or v0 != v0) else v1
                        m = m if (m > v2 or m != m) else v2
                        m = m if (m > v3 or m != m) else v3
                        first[o * c + ch] = 0 if v0 == m else 1 if v1 == m else 2 if v2 == m else 3 if v3 == m else 4
                grads = g_bits[b, a].reshape(-1)
                for i in range(2):
                    dest = dx_bits[b, 2 * a + i].reshape(-1)
                    for o in range(ow):
                        for j in range(2):
                            tap, base = 2 * i + j, (2 * o + j) * c
                            for ch in range(c):
                                dest[base + ch] = grads[o * c + ch] if first[o * c + ch] == tap else zero

    # the elementwise loops run over slices: LLVM vectorises a loop from 0, not one from `start`
    @jit
    def relu_grad_loop(g, features, out, one, zero, start, stop):  # pragma: no cover
        g, features, out = g[start:stop], features[start:stop], out[start:stop]
        for k in range(out.size):
            out[k] = g[k] * (one if features[k] > 0 else zero)

    @jit
    def relu6_grad_loop(g, features, out, six, zero, start, stop):  # pragma: no cover
        g, features, out = g[start:stop], features[start:stop], out[start:stop]
        for k in range(out.size):
            f = features[k]
            out[k] = g[k] if (f > zero) & (f < six) else zero

    @jit
    def elu_grad_loop(g, outputs, out, one, zero, start, stop):  # pragma: no cover
        g, outputs, out = g[start:stop], outputs[start:stop], out[start:stop]
        for k in range(out.size):
            y = outputs[k]
            out[k] = g[k] * (y + one) if y < zero else g[k]

    @jit
    def bias_add_loop(value, bias, out, start, stop):  # pragma: no cover
        value, out = value[start:stop], out[start:stop]
        for r in range(out.shape[0]):
            v, o = value[r], out[r]
            for ch in range(bias.size):
                o[ch] = v[ch] + bias[ch]

    @jit
    def sum_rows_loop(rows, out, zero):  # pragma: no cover
        for ch in range(out.size):
            out[ch] = zero
        for r in range(rows.shape[0]):
            row = rows[r]
            for ch in range(out.size):
                out[ch] += row[ch]

    return _Loops(max_pool_loop, max_pool_grad_tiled, first_max_taps, gather_grads, relu_grad_loop,
                  relu6_grad_loop, elu_grad_loop, bias_add_loop, sum_rows_loop, max_pool_2x2_loop,
                  max_pool_grad_2x2_loop)


class _Loops:
    __slots__ = ("max_pool", "max_pool_grad_tiled", "first_max_taps", "gather_grads", "relu_grad", "relu6_grad",
                 "elu_grad", "bias_add", "sum_rows", "max_pool_2x2", "max_pool_grad_2x2")

    def __init__(self, *loops):
        for name, loop in zip(self.__slots__, loops):
            setattr(self, name, loop)


_LOOPS = CompiledOnce(_njit_loops, "the pooling loops")
