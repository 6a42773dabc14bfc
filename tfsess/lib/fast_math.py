"""Float32 tanh and logistic kernels that are fast on every CPU, within TF's own accuracy.

Float32 `tanh`, when numba is installed (an optional dependency), runs a compiled loop evaluating
the rational approximation of TF's own CPU kernel (Eigen's `ptanh_float`: the input clamped to
+-7.907, then (x + x^3 P(x^2)) / Q(x^2) with P of degree 3 and Q of degree 4, in Eigen's order of
operations), on every CPU: where NumPy's float32 `tanh` is vectorised (x86 with AVX-512) the loop
costs about the same, elsewhere NumPy calls the C library once per element (2-4 ns each, several
times the loop's 0.5 ns), and the loop gives TF's own bits and lets fused chains run tanh inside
their compiled programs (tfsess/lib/chain_programs.py). Without numba `tanh` keeps NumPy's.
The route is chosen once per
process, at the first float32 tanh (which then pays numba's import, and its compilation when
numba's on-disk cache does not have the loop yet: about a second), so every tanh of a process,
fused or not, gives the same bits. `sigmoid` is 1 / (1 + exp(-x)) on
every CPU: NumPy's float32 `exp` is vectorised wherever it has AVX2 or AVX-512, and exp(-x) = inf
gives the right limit 0.

Accuracy, float32 against float64 over a dense sweep of float32 values of either sign (measured
by bench/ew_candidates.py, counted where the true value is a normal float): the compiled tanh is
within 5.1 ulp and gives exactly TF's results for every normal input (TF flushes denormal inputs
to 0; here tanh(x) = x for them); NumPy's own tanh is within 1.4 ulp. `sigmoid` is within 3.1 ulp
(TF's: 5.8 ulp). 0, -0.0, +-inf and NaN give the exact limits, as in TF. Other dtypes (float16,
bfloat16, float64, complex) keep the exact NumPy functions they used before.
"""
from __future__ import annotations

import numpy as np

from tfsess.lib.numba_loops import CompiledOnce

try:
    from numpy._core._multiarray_umath import __cpu_features__ as _CPU
except ImportError:  # NumPy 1.x
    from numpy.core._multiarray_umath import __cpu_features__ as _CPU

__all__ = ["NUMPY_TANH_IS_SIMD", "sigmoid", "sigmoid_kernel", "tanh", "tanh_compiled", "tanh_kernel",
           "tanh_rational_passes"]

# NumPy's float32 tanh has a SIMD loop on x86 only with AVX-512 (Skylake-X level and up): reported by
# bench/ew_candidates.py; the compiled loop is used either way
NUMPY_TANH_IS_SIMD = bool(_CPU.get("AVX512_SKX"))
PIECE = 1 << 15           # elements per pass of tanh_rational_passes: its scratch stays in L2

_F32 = np.dtype(np.float32)
# Eigen's ptanh_float (the non-FMA clamp): the approximation reaches exactly +-1 at the clamp
_CLAMP = np.float32(7.90738964080810547)
_ALPHA = tuple(np.float32(a) for a in (1.394553628e-8, 2.102733560e-5, 3.520756727e-3, 1.340216100e-1))
_BETA = tuple(np.float32(b) for b in (8.015776984e-7, 3.326951409e-4, 2.597254514e-2, 4.673548340e-1, 1.0))
_ONE = np.float32(1.0)


def tanh(x, out=None):
    """Elementwise tanh: float32 within 5.1 ulp of the true value on every CPU (see the module), other dtypes exact.

    `out` may be `x` itself. Returns `out` (a new array when None; a NumPy scalar for a 0-d input).
    """
    x = np.asarray(x)
    loop = None if x.dtype != _F32 else tanh_compiled()
    if loop is None:
        return np.tanh(x) if out is None else np.tanh(x, out=out)
    scalar = out is None and x.ndim == 0
    if out is None:
        out = np.empty(x.shape, _F32)
    if x.flags.c_contiguous and out.flags.c_contiguous:
        loop(x, out) if x.ndim == 1 else loop(x.reshape(-1), out.reshape(-1))
    else:
        out[...] = tanh(np.ascontiguousarray(x))
    return out[()] if scalar else out


def tanh_rational_passes(x):
    """The compiled loop's float32 tanh as NumPy passes over cache-sized pieces: the same bits, several times slower.

    Twenty multiply/add passes cost more than the C library's tanh on most CPUs, so `tanh` does
    not use them; they are the reference the compiled loop is checked against.
    """
    return _piecewise(_rational_tanh, np.asarray(x, _F32), None)


def sigmoid(x, out=None):
    """The logistic function 1 / (1 + exp(-x)) elementwise.

    float32 is computed so, within 3.1 ulp, keeping the tiny values of the negative tail (exp(-x)
    = inf gives the limit 0); other dtypes as 0.5 * (tanh(x / 2) + 1), as before.
    `out` may be `x` itself. Returns `out` (a new array when None; a NumPy scalar for a 0-d input).
    """
    x = np.asarray(x)
    scalar = out is None and x.ndim == 0
    if x.dtype != _F32:
        y = (0.5 * (np.tanh(0.5 * x) + 1)).astype(x.dtype)  # 0.5 * (1 + tanh(x / 2)) cannot overflow
        if out is None:
            return y
        out[...] = y
        return out
    if out is None:
        out = np.empty(x.shape, _F32)
    with np.errstate(over="ignore"):  # exp(-x) = inf for x < -88.7: the limit 0 is the right answer
        np.negative(x, out=out)
        np.exp(out, out=out)
        np.add(out, _ONE, out=out)
        np.divide(_ONE, out, out=out)
    return out[()] if scalar else out


def tanh_kernel(xp, x, out=None):
    """The Tanh op's kernel: `tanh` on NumPy arrays, the array module's own tanh on others (CuPy)."""
    if xp is np:
        return tanh(x, out)
    return xp.tanh(x) if out is None else xp.tanh(x, out=out)


def sigmoid_kernel(xp, x, out=None):
    """The Sigmoid op's kernel: `sigmoid` on NumPy arrays; on others (CuPy) 0.5 * (tanh(x / 2) + 1)."""
    if xp is np:
        return sigmoid(x, out)
    y = (0.5 * (xp.tanh(0.5 * x) + 1)).astype(x.dtype)
    if out is None:
        return y
    out[...] = y
    return out


def _piecewise(kernel, x, out):
    """Applies `kernel(src, dst, *three scratch pieces)` to contiguous pieces of `x`, writing `out`."""
    scalar = out is None and x.ndim == 0
    if out is None:
        out = np.empty(x.shape, x.dtype)
    if not (x.flags.c_contiguous and out.flags.c_contiguous):
        out[...] = _piecewise(kernel, np.ascontiguousarray(x), None)
        return out
    src, dst = x.reshape(-1), out.reshape(-1)
    n = src.size
    scratch = np.empty((3, min(n, PIECE)), x.dtype)
    for a in range(0, n, PIECE):
        b = min(a + PIECE, n)
        kernel(src[a:b], dst[a:b], *scratch[:, :b - a])
    return out[()] if scalar else out


def _rational_tanh(x, out, xc, x2, x3):
    """Eigen's tanh in its order of operations: clamp; (x^3 * P(x2) + x) / Q(x2), P and Q by Horner."""
    np.clip(x, -_CLAMP, _CLAMP, out=xc)     # x is not read again: `out` may alias it
    np.multiply(xc, xc, out=x2)
    np.multiply(x2, xc, out=x3)
    _horner(x2, _ALPHA, out)
    np.multiply(x3, out, out=out)
    np.add(out, xc, out=out)
    _horner(x2, _BETA, x3)
    np.divide(out, x3, out=out)


def _horner(t, coefficients, out):
    """out = c0 * t^k + c1 * t^(k-1) + ... + ck, highest power first."""
    np.multiply(t, coefficients[0], out=out)
    for c in coefficients[1:-1]:
        np.add(out, c, out=out)
        np.multiply(out, t, out=out)
    np.add(out, coefficients[-1], out=out)


# ------------------------------------------------------------------ the optional compiled loop
def tanh_compiled():
    """The numba loop `(x, out)` computing `tanh_rational_passes`' bits, or None without numba.

    It performs the same float32 operations in the same order (numba contracts no multiply-add
    without fastmath). Compiled once per process, on the first call.
    """
    return _TANH_LOOP.get()


def njit_rational_tanh(numba):
    """Eigen's float32 tanh of one value as a numba function inlined where it is called (the loop
    below, the fused chains' programs): the operations of `_rational_tanh`, in its order."""
    clamp = _CLAMP
    a0, a1, a2, a3 = _ALPHA
    b0, b1, b2, b3, b4 = _BETA

    @numba.njit(inline="always")
    def rational(x):  # pragma: no cover - numba compiles it; its results are tested against the passes
        v = min(max(x, -clamp), clamp)
        t = v * v
        t3 = t * v
        p = ((t * a0 + a1) * t + a2) * t + a3
        q = (((t * b0 + b1) * t + b2) * t + b3) * t + b4
        r = (t3 * p + v) / q
        return x if x != x else r  # NaN stays NaN, as np.clip keeps it
    return rational


def _njit_tanh_loop(numba, cache):
    rational = njit_rational_tanh(numba)

    f32 = numba.types.float32
    signatures = [numba.types.void(numba.types.Array(f32, 1, "C", readonly=readonly), numba.types.Array(f32, 1, "C"))
                  for readonly in (False, True)]  # constants and fed values are read-only

    @numba.njit(signatures, nogil=True, error_model="numpy", cache=cache)
    def loop(x, out):  # pragma: no cover
        # in place, one array read and written at the same index, which LLVM vectorises; two distinct
        # arrays get a runtime overlap check, which an in-place call would fail (the scalar loop)
        if x.ctypes.data == out.ctypes.data:
            for i in range(out.size):
                out[i] = rational(out[i])
        else:
            for i in range(x.size):
                out[i] = rational(x[i])
    return loop


_TANH_LOOP = CompiledOnce(_njit_tanh_loop, "the float32 tanh loop")
