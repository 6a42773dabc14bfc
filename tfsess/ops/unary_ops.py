"""Unary elementwise math (Neg, Abs, Sqrt, Exp, Log, Tanh, Sigmoid, ...) and complex parts, with gradients.

Re-exported by math_ops.
"""
from __future__ import annotations

import math

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import apply1, convert_to_tensor, op_scope
from tfsess.framework.registry import NotDifferentiable, register_op
from tfsess.ops import array_ops, math_ops
from tfsess.ops._infer import (COMPLEX, FLOAT, FLOAT_COMPLEX, NUMBER, SIGNED, broadcast_shapes, check_dtype,
                               check_same_dtype, dense_grad, foldable, gen1, host, register_unary)

_ABS = FLOAT + SIGNED
_ERF = np.vectorize(math.erf, otypes=[np.float64])  # NumPy has no erf; math.erf is exact


# ------------------------------------------------------------------ unary elementwise
_neg = register_unary("Neg", FLOAT_COMPLEX + SIGNED, None, ufunc="negative")
_abs = register_unary("Abs", _ABS, None, ufunc="absolute")
_sign = register_unary("Sign", FLOAT_COMPLEX + SIGNED, lambda xp, x: xp.sign(x) if x.dtype.kind != "c"
               else xp.where(x == 0, 0, x / xp.where(x == 0, 1, xp.abs(x))).astype(x.dtype))
_square = register_unary("Square", NUMBER, lambda xp, x: xp.multiply(x, x))
_sqrt = register_unary("Sqrt", FLOAT_COMPLEX, None, ufunc="sqrt")
_rsqrt = register_unary("Rsqrt", FLOAT_COMPLEX, lambda xp, x: xp.reciprocal(xp.sqrt(x)))
_exp = register_unary("Exp", FLOAT_COMPLEX, None, ufunc="exp")
_expm1 = register_unary("Expm1", FLOAT_COMPLEX, None, ufunc="expm1")
_log = register_unary("Log", FLOAT_COMPLEX, None, ufunc="log")
_log1p = register_unary("Log1p", FLOAT_COMPLEX, None, ufunc="log1p")
_sin = register_unary("Sin", FLOAT_COMPLEX, None, ufunc="sin")
_cos = register_unary("Cos", FLOAT_COMPLEX, None, ufunc="cos")
_tan = register_unary("Tan", FLOAT_COMPLEX, lambda xp, x: xp.tan(x))
_atan = register_unary("Atan", FLOAT_COMPLEX, lambda xp, x: xp.arctan(x))
_asin = register_unary("Asin", FLOAT_COMPLEX, lambda xp, x: xp.arcsin(x))
_acos = register_unary("Acos", FLOAT_COMPLEX, lambda xp, x: xp.arccos(x))
_sinh = register_unary("Sinh", FLOAT_COMPLEX, lambda xp, x: xp.sinh(x))
_cosh = register_unary("Cosh", FLOAT_COMPLEX, lambda xp, x: xp.cosh(x))
_erf = register_unary("Erf", FLOAT, lambda xp, x: xp.asarray(_ERF(host(x)).astype(x.dtype)))
_tanh = register_unary("Tanh", FLOAT_COMPLEX, None, ufunc="tanh")
# 0.5 * (1 + tanh(x / 2)) equals the logistic function and cannot overflow
_sigmoid = register_unary("Sigmoid", FLOAT_COMPLEX, lambda xp, x: (0.5 * (xp.tanh(0.5 * x) + 1)).astype(x.dtype))
_reciprocal = register_unary("Reciprocal", FLOAT_COMPLEX + SIGNED,
                     lambda xp, x: xp.reciprocal(x) if x.dtype.kind != "i" else (1 // x).astype(x.dtype))
_floor = register_unary("Floor", FLOAT, None, ufunc="floor")
_ceil = register_unary("Ceil", FLOAT, None, ufunc="ceil")
_round = register_unary("Round", FLOAT + SIGNED, lambda xp, x: xp.round(x))  # half to even, as TF
_rint = register_unary("Rint", FLOAT, lambda xp, x: xp.rint(x))
_is_nan = register_unary("IsNan", FLOAT, lambda xp, x: xp.isnan(x), dtypes.bool)
_is_inf = register_unary("IsInf", FLOAT, lambda xp, x: xp.isinf(x), dtypes.bool)
_is_finite = register_unary("IsFinite", FLOAT, lambda xp, x: xp.isfinite(x), dtypes.bool)
_conj_op = register_unary("Conj", NUMBER + (dtypes.variant,), lambda xp, x: xp.conj(x))
_complex_abs = register_unary("ComplexAbs", COMPLEX, lambda xp, x: xp.abs(x), lambda d: d.real_dtype)
_real = register_unary("Real", COMPLEX, lambda xp, x: xp.real(x), lambda d: d.real_dtype)
_imag = register_unary("Imag", COMPLEX, lambda xp, x: xp.imag(x), lambda d: d.real_dtype)

for _op_type in ("Floor", "Ceil", "Round", "Rint", "IsNan", "IsInf", "IsFinite"):
    NotDifferentiable(_op_type)
foldable("Neg", "Abs", "Sign", "Square")


@_neg.gradient
def _neg_grad(op, grad):
    return [-grad]


@_abs.gradient
@dense_grad
def _abs_grad(op, grad):
    return [grad * sign(op.inputs[0])]


@_sign.gradient
@dense_grad
def _sign_grad(op, grad):
    return [array_ops.zeros_like(op.inputs[0])]


@_square.gradient
@dense_grad
def _square_grad(op, grad):
    x = op.inputs[0]
    return [math_ops.multiply(grad, 2.0 * math_ops._conj(x) if x.dtype.is_floating or x.dtype.is_complex else 2 * x)]


@_sqrt.gradient
@dense_grad
def _sqrt_grad(op, grad):
    return [grad * 0.5 / math_ops._conj(op.outputs[0])]


@_rsqrt.gradient
@dense_grad
def _rsqrt_grad(op, grad):
    y = math_ops._conj(op.outputs[0])
    return [grad * (-0.5 * y * y * y)]


@_exp.gradient
@dense_grad
def _exp_grad(op, grad):
    return [grad * math_ops._conj(op.outputs[0])]


@_expm1.gradient
@dense_grad
def _expm1_grad(op, grad):
    return [grad * exp(math_ops._conj(op.inputs[0]))]


@_log.gradient
@dense_grad
def _log_grad(op, grad):
    return [grad * reciprocal(math_ops._conj(op.inputs[0]))]


@_log1p.gradient
@dense_grad
def _log1p_grad(op, grad):
    return [grad * reciprocal(1.0 + math_ops._conj(op.inputs[0]))]


@_sin.gradient
@dense_grad
def _sin_grad(op, grad):
    return [grad * cos(math_ops._conj(op.inputs[0]))]


@_cos.gradient
@dense_grad
def _cos_grad(op, grad):
    return [-grad * sin(math_ops._conj(op.inputs[0]))]


@_tan.gradient
@dense_grad
def _tan_grad(op, grad):
    secx = reciprocal(cos(math_ops._conj(op.inputs[0])))
    return [grad * square(secx)]


@_atan.gradient
@dense_grad
def _atan_grad(op, grad):
    x = math_ops._conj(op.inputs[0])
    return [grad * reciprocal(1.0 + square(x))]


@_asin.gradient
@dense_grad
def _asin_grad(op, grad):
    x = math_ops._conj(op.inputs[0])
    return [grad * rsqrt(1.0 - square(x))]


@_acos.gradient
@dense_grad
def _acos_grad(op, grad):
    x = math_ops._conj(op.inputs[0])
    return [-grad * rsqrt(1.0 - square(x))]


@_sinh.gradient
@dense_grad
def _sinh_grad(op, grad):
    return [grad * cosh(math_ops._conj(op.inputs[0]))]


@_cosh.gradient
@dense_grad
def _cosh_grad(op, grad):
    return [grad * sinh(math_ops._conj(op.inputs[0]))]


@_erf.gradient
@dense_grad
def _erf_grad(op, grad):
    x = op.inputs[0]
    return [grad * (2.0 / math.sqrt(math.pi)) * exp(-square(x))]


@_tanh.gradient
@dense_grad
def _tanh_grad(op, grad):
    y = math_ops._conj(op.outputs[0])
    return [grad * (1.0 - y * y)]


@_sigmoid.gradient
@dense_grad
def _sigmoid_grad(op, grad):
    y = math_ops._conj(op.outputs[0])
    return [grad * (y * (1.0 - y))]


@_reciprocal.gradient
@dense_grad
def _reciprocal_grad(op, grad):
    y = math_ops._conj(op.outputs[0])
    return [-grad * (y * y)]


@_conj_op.gradient
def _conj_grad(op, grad):
    return [conj(grad)]


@_complex_abs.gradient
@dense_grad
def _complex_abs_grad(op, grad):
    x, y = op.inputs[0], op.outputs[0]
    return [math_ops.div_no_nan(complex(grad, array_ops.zeros_like(grad)) * x, complex(y, array_ops.zeros_like(y)))]


@_real.gradient
@dense_grad
def _real_grad(op, grad):
    return [complex(grad, array_ops.zeros_like(grad))]


@_imag.gradient
@dense_grad
def _imag_grad(op, grad):
    return [complex(array_ops.zeros_like(grad), grad)]


def _complex_infer(inputs, attrs):
    check_dtype(inputs[0], (dtypes.float32, dtypes.float64), "real")
    check_same_dtype(inputs, "Complex", ("real", "imag"))
    return [(attrs["Tout"], broadcast_shapes(inputs[0].shape, inputs[1].shape, "Complex"))]


@register_op("Complex", infer=_complex_infer, elementwise=True)
def _complex_op(xp, real_part, imag_part, *, Tout):  # noqa: N803 - TF's attr name
    return (real_part + 1j * imag_part).astype(Tout.as_numpy_dtype)


@_complex_op.gradient
@dense_grad
def _complex_grad(op, grad):
    x, y = op.inputs
    return list(math_ops.broadcast_gradients(x, y, real(grad), imag(grad)))


def complex(real, imag, name=None):  # noqa: A001 - TF's name
    """real + imag * 1j elementwise: float32 gives complex64, float64 complex128 (tf.complex).

    Raises:
        TypeError: the parts differ in dtype or are not float32/float64.
    """
    real = convert_to_tensor(real, name="real")
    imag = convert_to_tensor(imag, name="imag")
    with op_scope(name, "Complex", [real, imag]) as scope:
        types = (real.dtype.base_dtype, imag.dtype.base_dtype)
        tout = {(dtypes.float64, dtypes.float64): dtypes.complex128,
                (dtypes.float32, dtypes.float32): dtypes.complex64}.get(types)
        if tout is None:
            raise TypeError(f"real and imag should have the same type: {types[0].name}, {types[1].name}")
        return apply1("Complex", [real, imag], {"Tout": tout}, name=scope)


def negative(x, name=None):
    """-x elementwise (tf.math.negative)."""
    return gen1("Neg", x, name)


def abs(x, name=None):  # noqa: A001 - TF's name
    """|x| elementwise; the magnitude for complex x (tf.math.abs)."""
    with op_scope(name, "Abs", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.base_dtype.is_complex:
            return gen1("ComplexAbs", x, scope)
        return gen1("Abs", x, scope)


def sign(x, name=None):
    """-1, 0 or 1 by the sign of x elementwise (tf.math.sign)."""
    return gen1("Sign", x, name)


def square(x, name=None):
    return gen1("Square", x, name)


def sqrt(x, name=None):
    """Elementwise square root (tf.math.sqrt)."""
    return gen1("Sqrt", x, name)


def rsqrt(x, name=None):
    """1 / sqrt(x) elementwise (tf.math.rsqrt)."""
    return gen1("Rsqrt", x, name)


def exp(x, name=None):
    return gen1("Exp", x, name)


def expm1(x, name=None):
    return gen1("Expm1", x, name)


def log(x, name=None):
    """Natural logarithm elementwise (tf.math.log)."""
    return gen1("Log", x, name)


def log1p(x, name=None):
    return gen1("Log1p", x, name)


def sin(x, name=None):
    return gen1("Sin", x, name)


def cos(x, name=None):
    return gen1("Cos", x, name)


def tan(x, name=None):
    return gen1("Tan", x, name)


def atan(x, name=None):
    return gen1("Atan", x, name)


def tanh(x, name=None):
    return gen1("Tanh", x, name)


def asin(x, name=None):
    return gen1("Asin", x, name)


def acos(x, name=None):
    return gen1("Acos", x, name)


def sinh(x, name=None):
    return gen1("Sinh", x, name)


def cosh(x, name=None):
    return gen1("Cosh", x, name)


def erf(x, name=None):
    """The Gauss error function elementwise (tf.math.erf)."""
    return gen1("Erf", x, name)


def sigmoid(x, name=None):
    """The logistic function 1 / (1 + exp(-x)) elementwise (tf.math.sigmoid)."""
    with op_scope(name, "Sigmoid", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return gen1("Sigmoid", x, scope)


def reciprocal(x, name=None):
    return gen1("Reciprocal", x, name)


def floor(x, name=None):
    return gen1("Floor", x, name)


def ceil(x, name=None):
    return gen1("Ceil", x, name)


def round(x, name=None):  # noqa: A001 - TF's name
    """Rounds half to even elementwise (tf.math.round)."""
    x = convert_to_tensor(x, name="x")
    if x.dtype.base_dtype.is_integer:
        return x
    return gen1("Round", x, name)


def rint(x, name=None):
    return gen1("Rint", x, name)


def is_nan(x, name=None):
    return gen1("IsNan", x, name)


def is_inf(x, name=None):
    return gen1("IsInf", x, name)


def is_finite(x, name=None):
    return gen1("IsFinite", x, name)


def conj(x, name=None):
    """The complex conjugate; real tensors are returned unchanged (tf.math.conj)."""
    x = convert_to_tensor(x, name="x")
    if x.dtype.base_dtype.is_complex:
        return gen1("Conj", x, name)
    if x.dtype.base_dtype.is_floating or x.dtype.base_dtype.is_integer:
        return x
    raise TypeError(f"Expected numeric or variant tensor, got dtype {x.dtype!r}.")


def real(x, name=None):
    with op_scope(name, "Real", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return gen1("Real", x, scope) if x.dtype.base_dtype.is_complex else x


def imag(x, name=None):
    with op_scope(name, "Imag", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.base_dtype.is_complex:
            return gen1("Imag", x, scope)
        return array_ops.zeros_like(x, name=scope)


__all__ = [
    "abs", "acos", "asin", "atan", "ceil", "complex", "conj", "cos", "cosh", "erf", "exp", "expm1", "floor",
    "imag", "is_finite", "is_inf", "is_nan", "log", "log1p", "negative", "real", "reciprocal", "rint", "round",
    "rsqrt", "sigmoid", "sign", "sin", "sinh", "sqrt", "square", "tan", "tanh",
]
