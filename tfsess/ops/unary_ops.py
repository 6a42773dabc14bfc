"""Unary elementwise math (Neg, Abs, Sqrt, Exp, Log, Tanh, Sigmoid, ...) and complex parts, with gradients.

Most ops are one row of the table below: the row registers the op (kernel and gradient) and
defines its tf.math function.
"""
from __future__ import annotations

import math

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.dispatch import add_dispatch_support
from tfsess.framework.op_builder import apply1, convert_to_tensor, op_scope
from tfsess.framework.registry import kernel_dtypes_check, register_op, set_gradient, set_op_fields
from tfsess.lib import fast_math
from tfsess.ops import activation_grad_ops, array_ops, raw_ops
from tfsess.ops.gradient_sums import broadcast_gradients
from tfsess.ops._infer import (COMPLEX, FLOAT, FLOAT_COMPLEX, NUMBER, SIGNED, broadcast_shapes, check_dtype,
                               check_same_dtype, dense_grad, gen1, host, register_unary)

_ABS = FLOAT + SIGNED
_ERF = np.vectorize(math.erf, otypes=[np.float64])  # NumPy has no erf; math.erf is exact
_ERFC = np.vectorize(math.erfc, otypes=[np.float64])  # exact in the tail, where 1 - erf(x) loses all digits
_PUBLIC = []  # the functions the table defines, for __all__


def _elementwise(name, op_type, allowed, kernel, gradient, doc, out_dtype=None, **fields):
    """Registers `op_type` (kernel: a ufunc name or `fn(xp, x)`; gradient None: not differentiable)
    and returns its public function `name(x, name=None)`."""
    ufunc = kernel if isinstance(kernel, str) else None
    register_unary(op_type, allowed, None if ufunc else kernel, out_dtype, ufunc=ufunc,
                   no_gradient=gradient is None, **fields)
    if gradient is not None:
        set_gradient(op_type, gradient)
    if name is None:
        return None

    def function(x, name=None):
        return gen1(op_type, x, name)
    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"{doc} (tf.math.{name})."
    _PUBLIC.append(name)
    return add_dispatch_support(function, elementwise="unary")


def conj_if_complex(t):
    """`t` conjugated when it is complex, else `t` itself (the gradients' conj(x))."""
    return conj(t) if t.dtype.base_dtype.is_complex else t


# ------------------------------------------------------------------ gradients
def _neg_grad(op, grad):
    return [-grad]


@dense_grad
def _abs_grad(op, grad):
    return [grad * sign(op.inputs[0])]


@dense_grad
def _sign_grad(op, grad):
    return [array_ops.zeros_like(op.inputs[0])]


@dense_grad
def _square_grad(op, grad):
    with op.graph.control_dependencies([grad]):  # as TF: 2 * x waits for the gradient
        x = conj_if_complex(op.inputs[0])
        two = convert_to_tensor(np.asarray(2, x.dtype.base_dtype.as_numpy_dtype))
        return [raw_ops.Mul(grad, raw_ops.Mul(x, two))]


@dense_grad
def _sqrt_grad(op, grad):
    with op.graph.control_dependencies([grad]):
        return [activation_grad_ops.sqrt_grad(op.outputs[0], grad)]


@dense_grad
def _rsqrt_grad(op, grad):
    with op.graph.control_dependencies([grad]):
        return [activation_grad_ops.rsqrt_grad(op.outputs[0], grad)]


@dense_grad
def _exp_grad(op, grad):
    return [grad * conj_if_complex(op.outputs[0])]


@dense_grad
def _expm1_grad(op, grad):
    return [grad * exp(conj_if_complex(op.inputs[0]))]


@dense_grad
def _log_grad(op, grad):
    return [grad * reciprocal(conj_if_complex(op.inputs[0]))]


@dense_grad
def _log1p_grad(op, grad):
    return [grad * reciprocal(1.0 + conj_if_complex(op.inputs[0]))]


@dense_grad
def _sin_grad(op, grad):
    return [grad * cos(conj_if_complex(op.inputs[0]))]


@dense_grad
def _cos_grad(op, grad):
    return [-grad * sin(conj_if_complex(op.inputs[0]))]


@dense_grad
def _tan_grad(op, grad):
    secx = reciprocal(cos(conj_if_complex(op.inputs[0])))
    return [grad * square(secx)]


@dense_grad
def _atan_grad(op, grad):
    x = conj_if_complex(op.inputs[0])
    return [grad * reciprocal(1.0 + square(x))]


@dense_grad
def _asin_grad(op, grad):
    x = conj_if_complex(op.inputs[0])
    return [grad * rsqrt(1.0 - square(x))]


@dense_grad
def _acos_grad(op, grad):
    x = conj_if_complex(op.inputs[0])
    return [-grad * rsqrt(1.0 - square(x))]


@dense_grad
def _sinh_grad(op, grad):
    return [grad * cosh(conj_if_complex(op.inputs[0]))]


@dense_grad
def _cosh_grad(op, grad):
    return [grad * sinh(conj_if_complex(op.inputs[0]))]


@dense_grad
def _asinh_grad(op, grad):
    return [grad * rsqrt(square(conj_if_complex(op.inputs[0])) + 1.0)]


@dense_grad
def _acosh_grad(op, grad):
    return [grad * rsqrt(square(conj_if_complex(op.inputs[0])) - 1.0)]


@dense_grad
def _atanh_grad(op, grad):
    return [grad * reciprocal(1.0 - square(conj_if_complex(op.inputs[0])))]


@dense_grad
def _erfc_grad(op, grad):
    x = op.inputs[0]
    return [grad * (-2.0 / math.sqrt(math.pi)) * exp(-square(x))]


@dense_grad
def _erf_grad(op, grad):
    x = op.inputs[0]
    return [grad * (2.0 / math.sqrt(math.pi)) * exp(-square(x))]


@dense_grad
def _tanh_grad(op, grad):
    return [activation_grad_ops.tanh_grad(conj_if_complex(op.outputs[0]), grad)]


@dense_grad
def _sigmoid_grad(op, grad):
    return [activation_grad_ops.sigmoid_grad(conj_if_complex(op.outputs[0]), grad)]


@dense_grad
def _reciprocal_grad(op, grad):
    with op.graph.control_dependencies([grad]):
        return [activation_grad_ops.reciprocal_grad(op.outputs[0], grad)]


def _conj_grad(op, grad):
    return [conj(grad)]


@dense_grad
def _complex_abs_grad(op, grad):
    x, y = op.inputs[0], op.outputs[0]
    return [raw_ops.DivNoNan(complex(grad, array_ops.zeros_like(grad)) * x, complex(y, array_ops.zeros_like(y)),
                             name="div_no_nan")]


@dense_grad
def _real_grad(op, grad):
    return [complex(grad, array_ops.zeros_like(grad))]


@dense_grad
def _imag_grad(op, grad):
    return [complex(array_ops.zeros_like(grad), grad)]


# ------------------------------------------------------------------ the table
_FC, _FCS = FLOAT_COMPLEX, FLOAT_COMPLEX + SIGNED
negative = _elementwise("negative", "Neg", _FCS, "negative", _neg_grad, "-x elementwise", foldable=True)
_elementwise(None, "Abs", _ABS, "absolute", _abs_grad, "", foldable=True)
def _complex_sign(xp, x):
    """x / |x| (0 at 0), the parts divided by the real |x| as Eigen does: (3+4j) gives exactly 0.6+0.8j."""
    size = xp.abs(x)
    size = xp.where(size == 0, 1, size)
    return (x.real / size + 1j * (x.imag / size)).astype(x.dtype)


sign = _elementwise("sign", "Sign", _FCS, lambda xp, x: xp.sign(x) if x.dtype.kind != "c" else _complex_sign(xp, x),
                    _sign_grad, "-1, 0 or 1 by the sign of x elementwise", foldable=True)
square = _elementwise("square", "Square", NUMBER, lambda xp, x: xp.multiply(x, x), _square_grad,
                      "x * x elementwise", foldable=True)
sqrt = _elementwise("sqrt", "Sqrt", _FC, "sqrt", _sqrt_grad, "Elementwise square root")
rsqrt = _elementwise("rsqrt", "Rsqrt", _FC, lambda xp, x: xp.reciprocal(xp.sqrt(x)), _rsqrt_grad,
                     "1 / sqrt(x) elementwise")
exp = _elementwise("exp", "Exp", _FC, "exp", _exp_grad, "e ** x elementwise")
expm1 = _elementwise("expm1", "Expm1", _FC, "expm1", _expm1_grad, "exp(x) - 1 elementwise")
log = _elementwise("log", "Log", _FC, "log", _log_grad, "Natural logarithm elementwise")
log1p = _elementwise("log1p", "Log1p", _FC, "log1p", _log1p_grad, "log(1 + x) elementwise")
sin = _elementwise("sin", "Sin", _FC, "sin", _sin_grad, "Sine elementwise")
cos = _elementwise("cos", "Cos", _FC, "cos", _cos_grad, "Cosine elementwise")
tan = _elementwise("tan", "Tan", _FC, lambda xp, x: xp.tan(x), _tan_grad, "Tangent elementwise")
atan = _elementwise("atan", "Atan", _FC, lambda xp, x: xp.arctan(x), _atan_grad, "Arctangent elementwise")
asin = _elementwise("asin", "Asin", _FC, lambda xp, x: xp.arcsin(x), _asin_grad, "Arcsine elementwise")
acos = _elementwise("acos", "Acos", _FC, lambda xp, x: xp.arccos(x), _acos_grad, "Arccosine elementwise")
sinh = _elementwise("sinh", "Sinh", _FC, lambda xp, x: xp.sinh(x), _sinh_grad, "Hyperbolic sine elementwise")
cosh = _elementwise("cosh", "Cosh", _FC, lambda xp, x: xp.cosh(x), _cosh_grad, "Hyperbolic cosine elementwise")
asinh = _elementwise("asinh", "Asinh", _FC, lambda xp, x: xp.arcsinh(x), _asinh_grad,
                     "Inverse hyperbolic sine elementwise")
acosh = _elementwise("acosh", "Acosh", _FC, lambda xp, x: xp.arccosh(x), _acosh_grad,
                     "Inverse hyperbolic cosine elementwise")
atanh = _elementwise("atanh", "Atanh", _FC, lambda xp, x: xp.arctanh(x), _atanh_grad,
                     "Inverse hyperbolic tangent elementwise")
erfc = _elementwise("erfc", "Erfc", FLOAT, lambda xp, x: xp.asarray(_ERFC(host(x)).astype(x.dtype)), _erfc_grad,
                    "The complementary error function 1 - erf(x) elementwise")
erf = _elementwise("erf", "Erf", FLOAT, lambda xp, x: xp.asarray(_ERF(host(x)).astype(x.dtype)), _erf_grad,
                   "The Gauss error function elementwise")
tanh = _elementwise("tanh", "Tanh", _FC, fast_math.tanh_kernel, _tanh_grad, "Hyperbolic tangent elementwise",
                    out_arg=True)
_elementwise(None, "Sigmoid", _FC, fast_math.sigmoid_kernel, _sigmoid_grad, "", out_arg=True)
reciprocal = _elementwise("reciprocal", "Reciprocal", _FCS,
                          lambda xp, x: xp.reciprocal(x) if x.dtype.kind != "i" else (1 // x).astype(x.dtype),
                          _reciprocal_grad, "1 / x elementwise")
# TF's CPU Reciprocal kernels take only floats and complexes (the OpDef allows integers too)
set_op_fields("Reciprocal", graph_error=kernel_dtypes_check(
    "Reciprocal", ("float16", "bfloat16", "float32", "float64", "complex64", "complex128")))
floor = _elementwise("floor", "Floor", FLOAT, "floor", None, "The largest integer not above x, elementwise")
ceil = _elementwise("ceil", "Ceil", FLOAT, "ceil", None, "The smallest integer not below x, elementwise")
_elementwise(None, "Round", FLOAT + SIGNED, lambda xp, x: xp.round(x), None, "")  # half to even, as TF
rint = _elementwise("rint", "Rint", FLOAT, lambda xp, x: xp.rint(x), None, "x rounded half to even, elementwise")
is_nan = _elementwise("is_nan", "IsNan", FLOAT, lambda xp, x: xp.isnan(x), None, "Whether x is NaN, elementwise",
                      dtypes.bool)
is_inf = _elementwise("is_inf", "IsInf", FLOAT, lambda xp, x: xp.isinf(x), None,
                      "Whether x is +-infinity, elementwise", dtypes.bool)
is_finite = _elementwise("is_finite", "IsFinite", FLOAT, lambda xp, x: xp.isfinite(x), None,
                         "Whether x is finite, elementwise", dtypes.bool)
_elementwise(None, "Conj", NUMBER + (dtypes.variant,), lambda xp, x: xp.conj(x), _conj_grad, "")
_elementwise(None, "ComplexAbs", COMPLEX, lambda xp, x: xp.abs(x), _complex_abs_grad, "", lambda d: d.real_dtype)
_elementwise(None, "Real", COMPLEX, lambda xp, x: xp.real(x), _real_grad, "", lambda d: d.real_dtype)
_elementwise(None, "Imag", COMPLEX, lambda xp, x: xp.imag(x), _imag_grad, "", lambda d: d.real_dtype)


# ------------------------------------------------------------------ complex numbers and hand-written wrappers
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
    return list(broadcast_gradients(x, y, real(grad), imag(grad)))


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


@add_dispatch_support(elementwise="unary")
def abs(x, name=None):  # noqa: A001 - TF's name
    """|x| elementwise; the magnitude for complex x (tf.math.abs)."""
    with op_scope(name, "Abs", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.base_dtype.is_complex:
            return gen1("ComplexAbs", x, scope)
        return gen1("Abs", x, scope)


def sigmoid(x, name=None):
    """The logistic function 1 / (1 + exp(-x)) elementwise (tf.math.sigmoid)."""
    with op_scope(name, "Sigmoid", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return gen1("Sigmoid", x, scope)


def round(x, name=None):  # noqa: A001 - TF's name
    """Rounds half to even elementwise (tf.math.round)."""
    x = convert_to_tensor(x, name="x")
    if x.dtype.base_dtype.is_integer:
        return x
    return gen1("Round", x, name)


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


__all__ = _PUBLIC + ["abs", "complex", "conj", "imag", "real", "round", "sigmoid"]
