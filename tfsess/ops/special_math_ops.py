"""Special functions without SciPy: lgamma, digamma, polygamma, zeta (Hurwitz), igamma/igammac (regularized
incomplete gamma), betainc (regularized incomplete beta), lbeta.

Each kernel computes in float64 on the host and casts back to the input dtype (so float32 results are the
rounded float64 ones, within float32 rounding of TF's float32 arithmetic):
- lgamma: the C library's lgamma per element (Python's math.lgamma through np.frompyfunc; ~0.1 us an element).
- digamma: the recurrence psi(x) = psi(x + 1) - 1/x up to x >= 6, then the asymptotic series (reflection for x < 0.5).
- zeta: Euler-Maclaurin summation as in Cephes (which Eigen, and so TF, uses), with polygamma from it.
- igamma/igammac: Cephes' power series and continued fraction; betainc: the continued fraction (modified Lentz).
Iterations run vectorised over the whole array with a mask of elements still converging.
"""
from __future__ import annotations

import math

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import unknown_shape
from tfsess.ops import array_ops, reduction_ops, unary_ops
from tfsess.ops._infer import (FLOAT, apply_gen, binary, check_dtype, check_same_dtype, fmt_shape, gen1, gen2, host,
                               quiet, unary_op)
from tfsess.ops.gradient_sums import broadcast_gradients

_EPS = np.finfo(np.float64).eps


# ------------------------------------------------------------------ float64 kernels (NumPy arrays in and out)
def _lgamma_scalar(v):
    if v <= 0 and v == math.floor(v):
        return math.inf  # a pole
    return math.lgamma(v)


_lgamma_elements = np.frompyfunc(_lgamma_scalar, 1, 1)


def lgamma_f64(x):
    return np.asarray(_lgamma_elements(np.asarray(x, np.float64)), np.float64)


def digamma_f64(x):
    x = np.asarray(x, np.float64)
    reflect = x < 0.5
    y = np.where(reflect, 1.0 - x, x)
    acc = np.zeros_like(y)
    for _ in range(6):  # psi(y) = psi(y + 1) - 1/y until y >= 6
        small = y < 6.0
        acc = np.where(small, acc - 1.0 / np.where(small, y, 1.0), acc)
        y = np.where(small, y + 1.0, y)
    z = 1.0 / (y * y)
    series = z * (1 / 12 - z * (1 / 120 - z * (1 / 252 - z * (1 / 240 - z * (1 / 132 - z * (691 / 32760 - z / 12))))))
    out = acc + np.log(y) - 0.5 / y - series
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(reflect, out - np.pi / np.tan(np.pi * x), out)
    return np.where((x <= 0) & (x == np.floor(x)), np.nan, out)  # poles, as Eigen returns them


_ZETA_A = np.array([12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9, 7.47242496e10,
                    -2.950130727918164224e12, 1.1646782814350067249e14, -4.5979787224074726105e15,
                    1.8152105401943546773e17, -7.1661652561756670113e18])


def zeta_f64(x, q):
    """Hurwitz zeta sum_k (k + q)^-x (Cephes' zeta.c, vectorised)."""
    x, q = np.broadcast_arrays(np.asarray(x, np.float64), np.asarray(q, np.float64))
    with np.errstate(all="ignore"):
        terms = int(max(9, math.ceil(9 - np.nanmin(q)) + 1)) if q.size else 9
        terms = min(terms, 100000)
        s = np.zeros_like(x)
        for k in range(terms):  # direct sum while the terms are large
            s += (q + k) ** -x
        w = q + terms
        b = w ** -x
        s += b * w / (x - 1.0) + 0.5 * b  # the integral of the tail and half its first term
        a = np.ones_like(x)
        k = 0.0
        done = np.zeros(x.shape, bool)
        for coefficient in _ZETA_A:  # the Euler-Maclaurin correction
            a = a * (x + k)
            b = b / w
            t = a * b / coefficient
            s = np.where(done, s, s + t)
            done |= np.abs(t / s) < _EPS
            k += 1.0
            a = a * (x + k)
            b = b / w
            k += 1.0
        out = np.where(x == 1.0, np.inf, s)
        out = np.where(x < 1.0, np.nan, out)
        pole = (q <= 0) & (q == np.floor(q))
        out = np.where(pole, np.where((x == np.floor(x)) & (np.fmod(x, 2) == 0), np.inf, np.nan), out)
        return np.where((q <= 0) & ~pole & (x != np.floor(x)), np.nan, out)


def polygamma_f64(n, x):
    n, x = np.broadcast_arrays(np.asarray(n, np.float64), np.asarray(x, np.float64))
    with np.errstate(all="ignore"):
        sign = np.where(np.fmod(n + 1.0, 2.0) == 0, 1.0, -1.0)
        higher = sign * np.exp(lgamma_f64(n + 1.0)) * zeta_f64(n + 1.0, x)
        out = np.where(n == 0, digamma_f64(x), higher)
    return np.where((n < 0) | (n != np.floor(n)), np.nan, out)


def _igamma_series(a, x, log_prefix):
    r, c, total = a.copy(), np.ones_like(a), np.ones_like(a)
    active = np.ones(a.shape, bool)
    for _ in range(2000):
        r = r + 1.0
        c = np.where(active, c * x / r, c)
        total = np.where(active, total + c, total)
        active &= c / total > _EPS
        if not active.any():
            break
    return total * np.exp(log_prefix) / a


def _igammac_fraction(a, x, log_prefix):
    y, z, c = 1.0 - a, x + 2.0 - a, np.zeros_like(a)
    pkm2, qkm2, pkm1, qkm1 = np.ones_like(a), x.copy(), x + 1.0, z * x
    ans = pkm1 / qkm1
    active = np.ones(a.shape, bool)
    big, big_inv = 4.503599627370496e15, 2.22044604925031308085e-16
    for _ in range(2000):
        c, y, z = c + 1.0, y + 1.0, z + 2.0
        yc = y * c
        pk, qk = pkm1 * z - pkm2 * yc, qkm1 * z - qkm2 * yc
        r = np.where(qk != 0, pk / np.where(qk != 0, qk, 1.0), ans)
        t = np.where(qk != 0, np.abs((ans - r) / np.where(r != 0, r, 1.0)), 1.0)
        ans = np.where(active, r, ans)
        pkm2, pkm1, qkm2, qkm1 = pkm1, pk, qkm1, qk
        scale = np.where(np.abs(pk) > big, big_inv, 1.0)
        pkm2, pkm1, qkm2, qkm1 = pkm2 * scale, pkm1 * scale, qkm2 * scale, qkm1 * scale
        active &= t > _EPS
        if not active.any():
            break
    return ans * np.exp(log_prefix)


def igamma_f64(a, x, upper=False):
    """P(a, x) (or Q(a, x) = 1 - P with `upper`), as Cephes' igam/igamc choose series or continued fraction."""
    a, x = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(x, np.float64))
    a, x = a.astype(np.float64, copy=True), x.astype(np.float64, copy=True)
    with np.errstate(all="ignore"):
        safe_x = np.where(x > 0, x, 1.0)
        safe_a = np.where(a > 0, a, 1.0)
        log_prefix = safe_a * np.log(safe_x) - safe_x - lgamma_f64(safe_a)
        use_fraction = (safe_x > 1.0) & (safe_x > safe_a)
        lower = np.where(use_fraction, 0.0, _igamma_series(safe_a, safe_x, log_prefix))
        upper_part = np.where(use_fraction, _igammac_fraction(safe_a, safe_x, log_prefix), 0.0)
        p = np.where(use_fraction, 1.0 - upper_part, lower)
        q = np.where(use_fraction, upper_part, 1.0 - lower)
        out = q if upper else p
        out = np.where(x == 0, 1.0 if upper else 0.0, out)
        out = np.where(np.isinf(x) & (x > 0), 0.0 if upper else 1.0, out)
        return np.where((x < 0) | (a <= 0) | np.isnan(a) | np.isnan(x), np.nan, out)


def _beta_fraction(a, b, x):
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = np.ones_like(x)
    d = 1.0 - qab * x / qap
    d = np.where(np.abs(d) < tiny, tiny, d)
    d = 1.0 / d
    h = d.copy()
    active = np.ones(x.shape, bool)
    for m in range(1, 3000):
        m2 = 2.0 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)), -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + aa * d
            d = np.where(np.abs(d) < tiny, tiny, d)
            c = 1.0 + aa / c
            c = np.where(np.abs(c) < tiny, tiny, c)
            d = 1.0 / d
            delta = d * c
            h = np.where(active, h * delta, h)
        active &= np.abs(delta - 1.0) > _EPS
        if not active.any():
            break
    return h


def betainc_f64(a, b, x):
    a, b, x = (np.asarray(v, np.float64) for v in np.broadcast_arrays(a, b, x))
    with np.errstate(all="ignore"):
        inside = (x > 0) & (x < 1)
        xs = np.where(inside, x, 0.5)
        log_front = (lgamma_f64(a + b) - lgamma_f64(a) - lgamma_f64(b) + a * np.log(xs) + b * np.log1p(-xs))
        front = np.exp(log_front)
        direct = xs < (a + 1.0) / (a + b + 2.0)
        value = np.where(direct, front * _beta_fraction(a, b, xs) / a,
                         1.0 - front * _beta_fraction(b, a, 1.0 - xs) / b)
        out = np.where(x <= 0, 0.0, np.where(x >= 1, 1.0, value))
        return np.where((a <= 0) | (b <= 0) | (x < 0) | (x > 1) | np.isnan(a + b + x), np.nan, out)


# ------------------------------------------------------------------ the ops
def _float_kernel(fn):
    """A kernel over float inputs: computed in float64 on the host, returned in the first input's dtype."""
    def kernel(xp, *inputs):
        return xp.asarray(np.asarray(fn(*(host(v) for v in inputs))).astype(inputs[0].dtype))
    return quiet(kernel)


_lgamma = register_op("Lgamma", infer=unary_op(FLOAT), elementwise=True)(_float_kernel(lgamma_f64))
_digamma = register_op("Digamma", infer=unary_op(FLOAT), elementwise=True)(_float_kernel(digamma_f64))
_zeta = register_op("Zeta", infer=binary("Zeta", FLOAT))(_float_kernel(zeta_f64))
_polygamma = register_op("Polygamma", infer=binary("Polygamma", FLOAT))(_float_kernel(polygamma_f64))
_igamma = register_op("Igamma", infer=binary("Igamma", FLOAT))(_float_kernel(igamma_f64))
_igammac = register_op("Igammac", infer=binary("Igammac", FLOAT))(
    _float_kernel(lambda a, x: igamma_f64(a, x, upper=True)))


def igamma_grad_a_f64(a, x):
    """dP(a, x)/da: a 4-point central difference of P in a (Richardson, error ~1e-10 relative)."""
    a, x = np.broadcast_arrays(np.asarray(a, np.float64), np.asarray(x, np.float64))
    h = np.minimum(1e-3 * np.maximum(np.abs(a), 1.0), np.abs(a) / 4.0)
    h = np.where(h > 0, h, 1e-3)
    near = igamma_f64(a + h, x) - igamma_f64(a - h, x)
    far = igamma_f64(a + 2 * h, x) - igamma_f64(a - 2 * h, x)
    out = (8.0 * near - far) / (12.0 * h)
    return np.where((a > 0) & (x > 0), out, np.where((a > 0) & (x == 0), 0.0, np.nan))


_igamma_grad_a = register_op("IgammaGradA", infer=binary("IgammaGradA", (dtypes.float32, dtypes.float64)))(
    _float_kernel(igamma_grad_a_f64))
_BETAINC_TYPES = (dtypes.float32, dtypes.float64)


def _betainc_infer(inputs, attrs):
    """TF's BetaincShape: scalars broadcast; the other inputs (unknown rank included) merge into the output."""
    check_dtype(inputs[0], _BETAINC_TYPES, "a")
    dtype = check_same_dtype(inputs, "Betainc", names=["a", "b", "x"])
    shape = unknown_shape()
    others = [t.shape for t in inputs if t.shape.ndims != 0]
    for other in others:
        if not shape.is_compatible_with(other):
            raise ValueError(_merge_message(shape, other))
        shape = shape.merge_with(other)
    return [(dtype, shape if others else inputs[0].shape)]


def _merge_message(s1, s2):
    if s1.ndims != s2.ndims:
        return f"Shapes must be equal rank, but are {s1.ndims} and {s2.ndims} for 'Betainc'"
    i = next(i for i, (d1, d2) in enumerate(zip(s1.as_tuple_or_none(), s2.as_tuple_or_none()))
             if d1 is not None and d2 is not None and d1 != d2)
    return (f"Dimension {i} in both shapes must be equal, but are {s1[i]} and {s2[i]}. "
            f"Shapes are {fmt_shape(s1)} and {fmt_shape(s2)}. for 'Betainc'")


def _betainc_kernel(xp, a, b, x):
    for (n1, v1), (n2, v2) in ((("a", a), ("b", b)), (("a", a), ("x", x)), (("b", b), ("x", x))):
        if v1.ndim and v2.ndim and v1.shape != v2.shape:
            raise errors.InvalidArgumentError(None, None, f"Shapes of {n1} and {n2} are inconsistent: "
                                              f"{_debug_shape(v1)} vs. {_debug_shape(v2)}")
    return _float_kernel(betainc_f64)(xp, a, b, x)


def _debug_shape(v):
    return "[" + ",".join(str(d) for d in v.shape) + "]"


_betainc = register_op("Betainc", infer=_betainc_infer)(_betainc_kernel)


@_lgamma.gradient
def _lgamma_grad(op, grad):
    return [grad * digamma(op.inputs[0])]


@_digamma.gradient
def _digamma_grad(op, grad):
    x = op.inputs[0]
    return [grad * polygamma(array_ops.ones_like(x), x)]


@_zeta.gradient
def _zeta_grad(op, grad):
    """d/dq zeta(x, q) = -x zeta(x + 1, q); TF has no gradient in x."""
    x, q = op.inputs
    return [None, broadcast_gradients(x, q, None, grad * -x * zeta(x + 1.0, q))[1]]


@_polygamma.gradient
def _polygamma_grad(op, grad):
    n, x = op.inputs
    return [None, broadcast_gradients(n, x, None, grad * polygamma(n + 1.0, x))[1]]


def _igamma_density(a, x):
    """d/dx P(a, x) = exp(-x + (a - 1) log x - lgamma(a))."""
    return unary_ops.exp(-x + (a - 1.0) * unary_ops.log(x) - lgamma(a))


@_igamma.gradient
def _igamma_grad(op, grad):
    """TF's _IgammaGrad: IgammaGradA in a, the density in x."""
    a, x = op.inputs
    partial_a = apply_gen("IgammaGradA", [("a", a, "T"), ("x", x, "T")])
    return list(broadcast_gradients(a, x, grad * partial_a, grad * _igamma_density(a, x)))


@_igammac.gradient
def _igammac_grad(op, grad):
    """Q = 1 - P: minus Igamma's gradients."""
    a, x = op.inputs
    partial_a = apply_gen("IgammaGradA", [("a", a, "T"), ("x", x, "T")])
    return list(broadcast_gradients(a, x, -grad * partial_a, -grad * _igamma_density(a, x)))


@_betainc.gradient
def _betainc_grad(op, grad):
    """TF's _BetaincGrad: the gradient in x only (TF has none in a and b either)."""
    a, b, x = op.inputs
    log_beta = lgamma(a) + lgamma(b) - lgamma(a + b)
    partial_x = unary_ops.exp((b - 1.0) * unary_ops.log1p(-x) + (a - 1.0) * unary_ops.log(x) - log_beta)
    return [None, None, broadcast_gradients(a, x, None, grad * partial_x)[1]]  # a scalar x sums, as TF's


def lgamma(x, name=None):
    """log |Gamma(x)| elementwise (tf.math.lgamma)."""
    return gen1("Lgamma", x, name)


def digamma(x, name=None):
    """The derivative of lgamma, psi(x), elementwise (tf.math.digamma)."""
    return gen1("Digamma", x, name)


def zeta(x, q, name=None):
    """The Hurwitz zeta function sum_k (k + q)^-x (tf.math.zeta)."""
    return gen2("Zeta", x, q, name)


def polygamma(a, x, name=None):
    """The a-th derivative of digamma at x (tf.math.polygamma)."""
    return apply_gen("Polygamma", [("a", a, "T"), ("x", x, "T")], name=name)


def igamma(a, x, name=None):
    """The regularized lower incomplete gamma function P(a, x) (tf.math.igamma)."""
    return apply_gen("Igamma", [("a", a, "T"), ("x", x, "T")], name=name)


def igammac(a, x, name=None):
    """The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x) (tf.math.igammac)."""
    return apply_gen("Igammac", [("a", a, "T"), ("x", x, "T")], name=name)


def betainc(a, b, x, name=None):
    """The regularized incomplete beta function I_x(a, b) (tf.math.betainc)."""
    return apply_gen("Betainc", [("a", a, "T"), ("b", b, "T"), ("x", x, "T")], name=name)


def lbeta(x, name=None):
    """log |Beta(x)| over the last axis: sum(lgamma(x)) - lgamma(sum(x)) (tf.math.lbeta); 0 for an empty axis."""
    with op_scope(name, "lbeta", [x]):
        x = convert_to_tensor(x, name="x")
        return (reduction_ops.reduce_sum(lgamma(x), axis=-1)
                - lgamma(reduction_ops.reduce_sum(x, axis=-1)))


__all__ = ["betainc", "digamma", "igamma", "igammac", "lbeta", "lgamma", "polygamma", "zeta"]
