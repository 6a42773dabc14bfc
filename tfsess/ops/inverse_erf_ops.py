"""The inverse error functions: tf.math.erfinv, ndtri (the standard normal quantile) and erfcinv.

Computed in float64 without SciPy: Acklam's rational approximation as a starting point, then
Newton steps on erf near zero and on erfc towards the tails (math.erf / math.erfc are accurate to
the last bit there), so the float64 result is good to about an ulp and the float32 one is its
rounding. TF's float32 kernels use their own polynomials and agree to about 3e-7 relative, except
for erfinv of small |y|, where TF goes through (y + 1) / 2 in float32 and loses digits that
tfsess keeps.
"""
from __future__ import annotations

import math

import numpy as np

from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.ops import unary_ops
from tfsess.ops._infer import FLOAT, dense_grad, gen1, host, register_unary

_ERF = np.vectorize(math.erf, otypes=[np.float64])
_ERFC = np.vectorize(math.erfc, otypes=[np.float64])
_A = (-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
      -3.066479806614716e+01, 2.506628277459239e+00)
_B = (-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
      -1.328068155288572e+01)
_C = (-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
      4.374664141464968e+00, 2.938163982698783e+00)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00)
_LOW = 0.02425


def _horner(coeffs, x):
    out = np.zeros_like(x)
    for c in coeffs:
        out = out * x + c
    return out


def _acklam(p):
    """A first guess of the normal quantile of p in (0, 1), relative error about 1e-9."""
    x = np.empty_like(p)
    low, high = p < _LOW, p > 1 - _LOW
    mid = ~(low | high)
    q = p[mid] - 0.5
    r = q * q
    x[mid] = _horner(_A, r) * q / (_horner(_B, r) * r + 1)
    for mask, sign, tail in ((low, 1.0, p[low]), (high, -1.0, 1 - p[high])):
        q = np.sqrt(-2 * np.log(tail))
        x[mask] = sign * _horner(_C, q) / (_horner(_D, q) * q + 1)
    return x


def _erfc_inverse(z):
    """x >= 0 with erfc(x) = z, for z in (0, 1]: Newton on erfc, exact in the tail."""
    x = -_acklam(z / 2) / math.sqrt(2)
    for _ in range(3):
        step = (_ERFC(x) - z) * (math.sqrt(math.pi) / 2) * np.exp(np.minimum(x * x, 700.0))
        x = np.where(x * x < 700.0, x + step, x)  # past exp's range the first guess stands
    return x


def _erf_inverse(y):
    """x with erf(x) = y, for |y| <= 0.5: Newton on erf, keeping the digits of small y."""
    x = _acklam((y + 1) / 2) / math.sqrt(2)
    for _ in range(3):
        x = x - (_ERF(x) - y) * (math.sqrt(math.pi) / 2) * np.exp(x * x)
    return x


def erfinv64(y):
    """The inverse error function of float64 `y` (nan outside [-1, 1], +-inf at +-1)."""
    y = np.asarray(y, np.float64)
    out = np.full(y.shape, np.nan)
    out[y == 1], out[y == -1] = np.inf, -np.inf
    small = np.abs(y) <= 0.5
    out[small] = _erf_inverse(y[small])
    large = (np.abs(y) > 0.5) & (np.abs(y) < 1)
    out[large] = np.sign(y[large]) * _erfc_inverse(1 - np.abs(y[large]))  # 1 - |y| is exact here
    return out


def ndtri64(p):
    """The standard normal quantile of float64 `p` (nan outside [0, 1], -inf at 0, inf at 1)."""
    p = np.asarray(p, np.float64)
    out = np.full(p.shape, np.nan)
    out[p == 0], out[p == 1] = -np.inf, np.inf
    lower = (p > 0) & (p < 0.5)
    out[lower] = -math.sqrt(2) * _erfc_inverse(2 * p[lower])
    upper = (p >= 0.5) & (p < 1)
    out[upper] = math.sqrt(2) * erfinv64(2 * p[upper] - 1)  # 2p - 1 is exact for p >= 0.5
    return out


def _kernel(fn):
    def kernel(xp, x):
        return xp.asarray(fn(host(x)).astype(x.dtype))
    return kernel


_erfinv = register_unary("Erfinv", FLOAT, _kernel(erfinv64), foldable=True)
_ndtri = register_unary("Ndtri", FLOAT, _kernel(ndtri64), foldable=True)


@_erfinv.gradient
@dense_grad
def _erfinv_grad(op, grad):
    y = op.outputs[0]
    return [grad * math.sqrt(math.pi) / 2 * unary_ops.exp(unary_ops.square(y))]


@_ndtri.gradient
@dense_grad
def _ndtri_grad(op, grad):
    y = op.outputs[0]
    return [grad * math.sqrt(2 * math.pi) * unary_ops.exp(unary_ops.square(y) / 2.0)]


def erfinv(x, name=None):
    """The inverse error function, elementwise (tf.math.erfinv)."""
    return gen1("Erfinv", x, name)


def ndtri(x, name=None):
    """The quantile of the standard normal distribution, elementwise (tf.math.ndtri)."""
    return gen1("Ndtri", x, name)


def erfcinv(x, name=None):
    """The inverse complementary error function, -ndtri(x / 2) / sqrt(2), as TF builds it (tf.math.erfcinv)."""
    with op_scope(name, "erfcinv", [x]):
        x = convert_to_tensor(x, name="start")
        return -ndtri(0.5 * x) * math.sqrt(0.5)


__all__ = []  # exported through tfsess/math.py
