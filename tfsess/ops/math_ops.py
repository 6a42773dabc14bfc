"""Elementwise binary arithmetic with broadcasting gradients, casts, add_n, and the Tensor operators.

TF's math_ops holds more, which lives beside this module and is re-exported from it: unary_ops
(elementwise functions), logic_ops (comparisons, logic, select), reduction_ops (reductions, argmax,
cumsum, segment sums), linalg_ops (matmul, einsum, tensordot; matrix helpers) and clip_ops.
"""
from __future__ import annotations

import functools

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import NotDifferentiable, register_op
from tfsess.ops import array_ops
from tfsess.ops._infer import (FLOAT, FLOAT_COMPLEX, NUMBER, REAL, SIGNED, apply_gen, binary, foldable,
                               nary_same, unary_op)
from tfsess.ops._infer import same_partial

_NUMBER_STR = NUMBER + (dtypes.string,)


def _gen2(op_type, x, y, name):
    """A two-input generated op with one type attr T (x's dtype)."""
    return apply_gen(op_type, [("x", x, "T"), ("y", y, "T")], name=name)


def _gen1(op_type, x, name):
    return apply_gen(op_type, [("x", x, None)], name=name)


def _quiet(fn):
    """Runs a NumPy kernel with floating-point warnings off: TF returns inf/nan silently."""
    @functools.wraps(fn)
    def kernel(xp, *args, **attrs):
        with np.errstate(all="ignore"):
            return fn(xp, *args, **attrs)
    return kernel


def _dense_grad(fn):
    """Hands `fn` dense gradients: an IndexedSlices (a gather's gradient) becomes a Tensor first."""
    @functools.wraps(fn)
    def wrapped(op, *grads):
        return fn(op, *[g if g is None or isinstance(g, Tensor) else convert_to_tensor(g) for g in grads])
    return wrapped


def _binary_operands(x, y):
    """Converts two operands; a Python value takes the other operand's dtype (kept for callers)."""
    if isinstance(x, Tensor) or not isinstance(y, Tensor):
        x = convert_to_tensor(x)
        y = y if isinstance(y, Tensor) else convert_to_tensor(y, dtype=x.dtype.base_dtype)
    else:
        x = convert_to_tensor(x, dtype=y.dtype.base_dtype)
    return x, y


# ------------------------------------------------------------------ broadcasting gradients
def _shape_tuple(t):
    return t.shape.as_tuple_or_none()


def _broadcast_reductions(sx, sy):
    """Static BroadcastGradientArgs: each input's gradient sums over the padded axes where it has size 1."""
    n = max(len(sx), len(sy))
    px, py = (1,) * (n - len(sx)) + tuple(sx), (1,) * (n - len(sy)) + tuple(sy)
    return [i for i in range(n) if px[i] == 1], [i for i in range(n) if py[i] == 1]


def _sum_to(grad, reduce_axes, static):
    if grad.shape.as_tuple_or_none() == tuple(static):
        return grad  # nothing was broadcast
    return array_ops.reshape(reduce_sum(grad, reduce_axes) if reduce_axes else grad, static)


def broadcast_gradients(x, y, gx, gy):
    """Sums each input's gradient over the axes it was broadcast along (TF's BroadcastGradientArgs).

    Uses static shapes when both are fully known, else a BroadcastGradientArgs op on their shapes.
    Either gradient may be None (not wanted).
    """
    sx, sy = _shape_tuple(x), _shape_tuple(y)
    if sx is not None and sy is not None and None not in sx and None not in sy:
        rx, ry = _broadcast_reductions(sx, sy)
        return (None if gx is None else _sum_to(gx, rx, list(sx)),
                None if gy is None else _sum_to(gy, ry, list(sy)))
    shape_x, shape_y = array_ops.shape_internal(x, optimize=False), array_ops.shape_internal(y, optimize=False)
    rx, ry = array_ops.broadcast_gradient_args(shape_x, shape_y)
    return (None if gx is None else array_ops.reshape(reduce_sum(gx, rx), shape_x),
            None if gy is None else array_ops.reshape(reduce_sum(gy, ry), shape_y))


def _conj(t):
    return conj(t) if t.dtype.base_dtype.is_complex else t


# ------------------------------------------------------------------ add, sub, mul, div
@register_op("AddV2", infer=binary("AddV2", NUMBER), elementwise=True, out_arg=True, ufunc="add")
def _add_v2(xp, x, y, out=None):
    return _binary_ufunc(xp, "add", x, y, out)


@_add_v2.gradient
def _add_v2_grad(op, grad):
    x, y = op.inputs
    return list(broadcast_gradients(x, y, grad, grad))


@register_op("Add", infer=binary("Add", _NUMBER_STR), elementwise=True)
def _add(xp, x, y):
    return xp.add(x, y)


@_add.gradient
def _add_grad(op, grad):
    return _add_v2_grad(op, grad)


@register_op("Sub", infer=binary("Sub", NUMBER), elementwise=True, out_arg=True, ufunc="subtract")
def _sub(xp, x, y, out=None):
    return _binary_ufunc(xp, "subtract", x, y, out)


@_sub.gradient
def _sub_grad(op, grad):
    x, y = op.inputs
    return list(broadcast_gradients(x, y, grad, -grad))


@register_op("Mul", infer=binary("Mul", NUMBER), elementwise=True, out_arg=True, ufunc="multiply")
def _mul(xp, x, y, out=None):
    return _binary_ufunc(xp, "multiply", x, y, out)


@_mul.gradient
@_dense_grad
def _mul_grad(op, grad):
    x, y = op.inputs
    return list(broadcast_gradients(x, y, multiply(grad, _conj(y)), multiply(_conj(x), grad)))


def _int_checked(xp, y):
    if y.dtype.kind in "iu" and xp.any(y == 0):
        raise errors.InvalidArgumentError(None, None, "Integer division by zero")


def _truncate_div(xp, x, y):
    q = xp.floor_divide(x, y)
    fix = (xp.remainder(x, y) != 0) & ((x < 0) != (y < 0))
    return (q + fix).astype(x.dtype, copy=False)


@register_op("RealDiv", infer=binary("RealDiv", NUMBER), elementwise=True)
@_quiet
def _real_div(xp, x, y):
    if x.dtype.kind in "iu":
        _int_checked(xp, y)
        return _truncate_div(xp, x, y)
    return xp.true_divide(x, y).astype(x.dtype, copy=False)


@_real_div.gradient
@_dense_grad
def _real_div_grad(op, grad):
    x, y = op.inputs
    x, y = _conj(x), _conj(y)
    return list(broadcast_gradients(op.inputs[0], op.inputs[1], realdiv(grad, y),
                                    grad * realdiv(realdiv(-x, y), y)))


@register_op("DivNoNan", infer=binary("DivNoNan", FLOAT_COMPLEX), elementwise=True)
@_quiet
def _div_no_nan(xp, x, y):
    safe = xp.where(y == 0, xp.ones_like(y), y)
    return xp.where(y == 0, xp.zeros_like(x), xp.true_divide(x, safe)).astype(x.dtype, copy=False)


@_div_no_nan.gradient
@_dense_grad
def _div_no_nan_grad(op, grad):
    x, y = op.inputs
    return list(broadcast_gradients(x, y, div_no_nan(grad, y), grad * div_no_nan(div_no_nan(-x, y), y)))


@register_op("FloorDiv", infer=binary("FloorDiv", NUMBER), elementwise=True)
@_quiet
def _floor_div(xp, x, y):
    _int_checked(xp, y)
    return xp.floor_divide(x, y)


@register_op("TruncateDiv", infer=binary("TruncateDiv", REAL), elementwise=True)
@_quiet
def _truncate_div_kernel(xp, x, y):
    if x.dtype.kind in "iu":
        _int_checked(xp, y)
        return _truncate_div(xp, x, y)
    return xp.trunc(xp.true_divide(x, y)).astype(x.dtype, copy=False)


@register_op("FloorMod", infer=binary("FloorMod", REAL), elementwise=True)
@_quiet
def _floor_mod(xp, x, y):
    _int_checked(xp, y)
    return xp.mod(x, y)


@_floor_mod.gradient
@_dense_grad
def _floor_mod_grad(op, grad):
    x, y = op.inputs
    return list(broadcast_gradients(x, y, grad, grad * -floordiv(x, y)))


@register_op("TruncateMod", infer=binary("TruncateMod", REAL), elementwise=True)
@_quiet
def _truncate_mod(xp, x, y):
    _int_checked(xp, y)
    return xp.fmod(x, y)


NotDifferentiable("FloorDiv")
NotDifferentiable("TruncateDiv")


@register_op("Pow", infer=binary("Pow", FLOAT_COMPLEX + SIGNED), elementwise=True)
@_quiet
def _pow(xp, x, y):
    if x.dtype.kind in "iu":
        if xp.any(y < 0):
            raise errors.InvalidArgumentError(None, None, "Integers to negative integer powers are not allowed")
        return xp.power(x, y).astype(x.dtype, copy=False)
    return xp.power(x, y)


@_pow.gradient
@_dense_grad
def _pow_grad(op, grad):
    x, y = (_conj(t) for t in op.inputs)
    z = _conj(op.outputs[0])
    gx = grad * y * pow(x, y - array_ops.ones_like(y))
    mask = not_equal(x, array_ops.zeros_like(x)) if x.dtype.is_complex else greater(x, array_ops.zeros_like(x))
    safe_x = array_ops.where_v2(mask, x, array_ops.ones_like(x))
    log_x = array_ops.where_v2(mask, log(safe_x), array_ops.zeros_like(x))
    return list(broadcast_gradients(op.inputs[0], op.inputs[1], gx, grad * z * log_x))


@register_op("SquaredDifference", infer=binary("SquaredDifference", NUMBER), elementwise=True)
@_quiet
def _squared_difference(xp, x, y):
    d = xp.subtract(x, y)
    return d * xp.conj(d) if d.dtype.kind == "c" else d * d


@_squared_difference.gradient
@_dense_grad
def _squared_difference_grad(op, grad):
    x, y = op.inputs
    x_grad = (2.0 * grad) * (x - y) if x.dtype.is_floating else grad * 2 * (x - y)
    return list(broadcast_gradients(x, y, x_grad, -x_grad))


@register_op("Atan2", infer=binary("Atan2", FLOAT), elementwise=True)
@_quiet
def _atan2(xp, y, x):
    return xp.arctan2(y, x)


@_atan2.gradient
@_dense_grad
def _atan2_grad(op, grad):
    y, x = op.inputs
    grad_inv = grad / (square(x) + square(y))
    return list(broadcast_gradients(y, x, x * grad_inv, -y * grad_inv))


def _max_min_kernel(ufunc):
    def kernel(xp, x, y, out=None):
        return _binary_ufunc(xp, ufunc, x, y, out)
    return kernel


def _max_min_grad(selector):
    """The gradient goes to x where `selector`(x, y) holds, to y elsewhere."""
    @_dense_grad
    def grad_fn(op, grad):
        x, y = op.inputs
        zeros = array_ops.zeros_like(grad)
        xmask = selector(x, y)
        return list(broadcast_gradients(x, y, array_ops.where_v2(xmask, grad, zeros),
                                        array_ops.where_v2(xmask, zeros, grad)))
    return grad_fn


# op type -> (numpy ufunc, the comparison choosing x in the gradient; defined further down)
_MAX_MIN_OPS = {
    "Maximum": ("maximum", lambda x, y: greater_equal(x, y)),
    "Minimum": ("minimum", lambda x, y: less_equal(x, y)),
}
for _op_type, (_ufunc, _selector) in _MAX_MIN_OPS.items():
    register_op(_op_type, infer=binary(_op_type, REAL), elementwise=True, out_arg=True, ufunc=_ufunc)(
        _max_min_kernel(_ufunc)).gradient(_max_min_grad(_selector))


foldable("AddV2", "Sub", "Mul", "RealDiv", "FloorDiv", "FloorMod", "TruncateDiv", "Maximum", "Minimum", "Pow")


# ------------------------------------------------------------------ public binary functions
def add(x, y, name=None):
    """Returns x + y elementwise, with broadcasting (tf.math.add)."""
    with op_scope(name, "Add", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, dtype_hint=x.dtype.base_dtype, name="y")
        return _gen2("Add" if x.dtype.base_dtype == dtypes.string else "AddV2", x, y, scope)


def subtract(x, y, name=None):
    """Returns x - y elementwise (tf.math.subtract)."""
    return _gen2("Sub", x, y, name)


def multiply(x, y, name=None):
    """Returns x * y elementwise (tf.math.multiply)."""
    return _gen2("Mul", x, y, name)


def scalar_mul(scalar, x, name=None):
    """Multiplies a scalar times a tensor (tf.math.scalar_mul)."""
    x = convert_to_tensor(x)
    scalar = convert_to_tensor(scalar, dtype=x.dtype.base_dtype, name="scalar")
    if scalar.shape.ndims not in (None, 0):
        raise ValueError(f"`scalar` must be a 0-D (scalar) Tensor. Received: {scalar}")
    with op_scope(name, "scalar_mul", [scalar, x]) as scope:
        return multiply(scalar, x, name=scope)


_TRUEDIV_TABLE = {dtypes.uint8: dtypes.float32, dtypes.int8: dtypes.float32, dtypes.uint16: dtypes.float32,
                  dtypes.int16: dtypes.float32, dtypes.uint32: dtypes.float64, dtypes.int32: dtypes.float64,
                  dtypes.uint64: dtypes.float64, dtypes.int64: dtypes.float64}


def truediv(x, y, name=None):
    """Divides x / y elementwise, casting integers to floats first (tf.math.truediv).

    Raises:
        TypeError: `x` and `y` differ in dtype, or the dtype cannot be divided.
    """
    with op_scope(name, "truediv", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, dtype_hint=x.dtype.base_dtype, name="y")
        x_dtype, y_dtype = x.dtype.base_dtype, y.dtype.base_dtype
        if x_dtype != y_dtype:
            raise TypeError(f"`x` and `y` must have the same dtype, got {x_dtype!r} != {y_dtype!r}.")
        if x_dtype not in _TRUEDIV_TABLE and x_dtype not in FLOAT_COMPLEX:
            raise TypeError(f"Invalid dtype {x_dtype!r} in __truediv__. Expected one of {{"
                            + ", ".join(repr(d) for d in list(_TRUEDIV_TABLE) + list(FLOAT_COMPLEX)) + "}.")
        target = _TRUEDIV_TABLE.get(x_dtype)
        if target is not None:
            x, y = cast(x, target), cast(y, target)
        return _gen2("RealDiv", x, y, scope)


def divide(x, y, name=None):
    """Computes Python-style division of x by y (tf.math.divide)."""
    if name is not None:
        return truediv(x, y, name=name)
    if not isinstance(x, Tensor):
        x = convert_to_tensor(x, dtype=y.dtype.base_dtype if isinstance(y, Tensor) else None)
    return x / y


def div(x, y, name=None):
    """TF1's division: floor division for integers, true division for floats (tf.div)."""
    with op_scope(name, "div", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, dtype=x.dtype.base_dtype, name="y")
        op_type = "RealDiv" if x.dtype.base_dtype in FLOAT_COMPLEX else "FloorDiv"
        return _gen2(op_type, x, y, scope)


def realdiv(x, y, name=None):
    """x / y for real types; integer inputs divide with truncation (tf.realdiv)."""
    return _gen2("RealDiv", x, y, name)


def div_no_nan(x, y, name=None):
    """x / y, but 0 where y is 0 (tf.math.divide_no_nan)."""
    with op_scope(name, "div_no_nan", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype=x.dtype.base_dtype)
        return _gen2("DivNoNan", x, y, scope)


def floordiv(x, y, name=None):
    """x // y elementwise, rounding toward negative infinity (tf.math.floordiv)."""
    with op_scope(name, "floordiv", [x, y]) as scope:
        return _gen2("FloorDiv", x, y, scope)


def floormod(x, y, name=None):
    """x % y with the sign of y, as Python's % (tf.math.floormod)."""
    return _gen2("FloorMod", x, y, name)


mod = floormod


def truncatediv(x, y, name=None):
    """x / y rounded toward zero (tf.truncatediv)."""
    return _gen2("TruncateDiv", x, y, name)


def truncatemod(x, y, name=None):
    """The remainder of truncated division, with the sign of x (tf.truncatemod)."""
    return _gen2("TruncateMod", x, y, name)


def pow(x, y, name=None):  # noqa: A001 - TF's name
    """x ** y elementwise (tf.math.pow)."""
    with op_scope(name, "Pow", [x]) as scope:
        return _gen2("Pow", x, y, scope)


def squared_difference(x, y, name=None):
    """(x - y)^2 elementwise (tf.math.squared_difference)."""
    return _gen2("SquaredDifference", x, y, name)


def atan2(y, x, name=None):
    """The angle of (x, y) elementwise, in [-pi, pi] (tf.math.atan2)."""
    return apply_gen("Atan2", [("y", y, "T"), ("x", x, "T")], name=name)


def maximum(x, y, name=None):
    """The elementwise maximum of x and y, with broadcasting (tf.math.maximum)."""
    return _gen2("Maximum", x, y, name)


def minimum(x, y, name=None):
    """The elementwise minimum of x and y, with broadcasting (tf.math.minimum)."""
    return _gen2("Minimum", x, y, name)


# ------------------------------------------------------------------ op declaration helpers
def _unary(op_type, allowed, fn, out_dtype=None, ufunc=None):
    """Declares a one-input elementwise op whose kernel is `fn(xp, x)`.

    With `ufunc` (a NumPy/CuPy ufunc name) the kernel may also write into a dying input's
    buffer (`out=`), which keeps long elementwise chains at about two live buffers.
    """
    if ufunc is not None:
        def fn(xp, x, out=None):
            return getattr(xp, ufunc)(x) if out is None else getattr(xp, ufunc)(x, out=out)
    return register_op(op_type, infer=unary_op(allowed, out_dtype), elementwise=True,
                       out_arg=ufunc is not None, ufunc=ufunc or "")(_quiet(fn))


def _binary_ufunc(xp, name, x, y, out):
    """A binary ufunc, written into `out` (a dying input's buffer) when the executor offers one."""
    return getattr(xp, name)(x, y) if out is None else getattr(xp, name)(x, y, out=out)


# ------------------------------------------------------------------ cast
def _cast_infer(inputs, attrs):
    return [(attrs["DstT"], inputs[0].shape)]


@register_op("Cast", infer=_cast_infer, elementwise=True, partial_shape=same_partial)
@_quiet
def _cast(xp, x, *, DstT, Truncate=False):  # noqa: N803 - TF's attr names
    target = DstT.as_numpy_dtype
    if DstT == dtypes.string or x.dtype == object:
        raise errors.UnimplementedError(None, None, f"Cast {'string' if x.dtype == object else x.dtype} to "
                                        f"{DstT.name} is not supported")
    if x.dtype.kind == "c" and np.dtype(target).kind != "c":
        x = x.real  # TF discards the imaginary part
    return xp.asarray(x).astype(target)  # always a fresh array: the executor may reuse its buffer


@_cast.gradient
def _cast_grad(op, grad):
    src = op.inputs[0].dtype.base_dtype
    dst = grad.dtype.base_dtype
    if src in FLOAT_COMPLEX and dst in FLOAT_COMPLEX:
        return [cast(grad, src)]
    return [None]


foldable("Cast")


def cast(x, dtype, name=None):
    """Casts `x` to `dtype`; floats become integers by truncation (tf.cast)."""
    base = dtypes.as_dtype(dtype).base_dtype
    if isinstance(x, Tensor) and x.dtype == base:
        return x
    with op_scope(name, "Cast", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        if x.dtype.base_dtype != base:
            x = apply1("Cast", [x], {"SrcT": x.dtype.base_dtype, "DstT": base, "Truncate": False}, name=scope)
        return x


def to_float(x, name="ToFloat"):
    return cast(x, dtypes.float32, name=name)


def to_double(x, name="ToDouble"):
    return cast(x, dtypes.float64, name=name)


def to_int32(x, name="ToInt32"):
    return cast(x, dtypes.int32, name=name)


def to_int64(x, name="ToInt64"):
    return cast(x, dtypes.int64, name=name)


def saturate_cast(value, dtype, name=None):
    """Casts with clipping to the target dtype's range (tf.saturate_cast)."""
    with op_scope(name, "saturate_cast", [value]) as scope:
        value = convert_to_tensor(value, name="value")
        dtype = dtypes.as_dtype(dtype).base_dtype
        src = value.dtype.base_dtype
        if src.is_integer or src.is_floating:
            if src.min < dtype.min:
                value = maximum(value, convert_to_tensor(dtype.min, dtype=src, name="min"))
            if src.max > dtype.max:
                value = minimum(value, convert_to_tensor(np.asarray(dtype.max).astype(src.as_numpy_dtype),
                                                         dtype=src, name="max"))
        return cast(value, dtype, name=scope)


# ------------------------------------------------------------------ add_n
@register_op("AddN", infer=nary_same("AddN", NUMBER + (dtypes.variant,)), elementwise=True)
def _add_n(xp, *inputs):
    out = inputs[0]
    for v in inputs[1:]:
        out = xp.add(out, v)
    return out


@_add_n.gradient
def _add_n_grad(op, grad):
    return [grad] * len(op.inputs)


def add_n(inputs, name=None):
    """Adds all input tensors elementwise; they must share shape and dtype (tf.math.add_n).

    Raises:
        ValueError: `inputs` is empty or not a list of tensors.
    """
    if not inputs or not isinstance(inputs, (list, tuple)):
        raise ValueError("Inputs must be an iterable of at least one Tensor/IndexedSlices with the same "
                         "dtype and shape.")
    inputs = [convert_to_tensor(v) for v in inputs]
    if len(inputs) == 1:  # TF returns the tensor itself, or an Identity when a name is given
        return array_ops.identity(inputs[0], name=name) if name else inputs[0]
    return apply1("AddN", inputs, {"N": len(inputs)}, name=name or "AddN")


def accumulate_n(inputs, shape=None, tensor_dtype=None, name=None):
    """Same as add_n (tf.math.accumulate_n)."""
    return add_n(inputs, name=name)


# Re-exports: TF's math_ops module holds reductions and matrix products too.
from tfsess.ops.reduction_ops import *  # noqa: E402,F401,F403
from tfsess.ops.reduction_ops import __all__ as _reduction_all  # noqa: E402
from tfsess.ops.linalg_ops import *  # noqa: E402,F401,F403
from tfsess.ops.linalg_ops import __all__ as _linalg_all  # noqa: E402
from tfsess.ops.unary_ops import *  # noqa: E402,F401,F403
from tfsess.ops.unary_ops import __all__ as _unary_all  # noqa: E402
from tfsess.ops.logic_ops import *  # noqa: E402,F401,F403
from tfsess.ops.logic_ops import __all__ as _logic_all  # noqa: E402
from tfsess.ops.logic_ops import and_, invert_, or_, select, select_v2, xor_  # noqa: E402,F401
from tfsess.ops.clip_ops import *  # noqa: E402,F401,F403
from tfsess.ops.clip_ops import __all__ as _clip_all  # noqa: E402


# ------------------------------------------------------------------ Tensor operators
def _add_dispatch(x, y, name=None):
    if not isinstance(y, Tensor):
        y = convert_to_tensor(y, dtype_hint=x.dtype.base_dtype, name="y")
    return _gen2("Add" if x.dtype.base_dtype == dtypes.string else "AddV2", x, y, name)


def _binary_operator(func, op_name):
    """TF's binary_op_wrapper pair: `x op y` and the reflected `y op x`, in a scope named `op_name`."""
    def forward(x, y):
        with op_scope(None, op_name, [x, y]) as scope:
            return func(x, y, name=scope)

    def reverse(y, x):
        with op_scope(None, op_name, [x, y]) as scope:
            x = convert_to_tensor(x, dtype=y.dtype.base_dtype, name="x")
            return func(x, y, name=scope)
    return forward, reverse


def _matmul_operator(x, y, name=None):
    return matmul(x, y, name=name)


_OPERATORS = {"add": _add_dispatch, "sub": subtract, "mul": multiply, "truediv": truediv, "div": truediv,
              "floordiv": floordiv, "mod": floormod, "pow": pow, "matmul": _matmul_operator,
              "and": and_, "or": or_, "xor": xor_}
for _name, _func in _OPERATORS.items():
    _fwd, _rev = _binary_operator(_func, _name)
    Tensor._overloads[f"__{_name}__"] = _fwd
    Tensor._overloads[f"__r{_name}__"] = _rev
Tensor._overloads.update({
    "__neg__": lambda x: negative(x), "__abs__": lambda x: abs(x), "__invert__": lambda x: invert_(x),
    "__lt__": lambda x, y: less(x, y), "__le__": lambda x, y: less_equal(x, y),
    "__gt__": lambda x, y: greater(x, y), "__ge__": lambda x, y: greater_equal(x, y),
})

__all__ = [
    "abs", "accumulate_n", "add", "add_n", "atan", "atan2", "cast", "ceil", "complex", "conj", "cos", "div",
    "div_no_nan", "divide", "equal", "exp", "expm1", "floor", "floordiv", "floormod", "greater",
    "greater_equal", "imag", "is_finite", "is_inf", "is_nan", "less", "less_equal", "log", "log1p",
    "logical_and", "logical_not", "logical_or", "logical_xor", "maximum", "minimum", "mod", "multiply",
    "negative", "not_equal", "pow", "real", "realdiv", "reciprocal", "rint", "round", "rsqrt",
    "saturate_cast", "scalar_mul", "sigmoid", "sign", "sin", "sqrt", "square", "squared_difference",
    "subtract", "tan", "tanh", "to_double", "to_float", "to_int32", "to_int64", "truediv", "truncatediv",
    "truncatemod",
] + list(_reduction_all) + list(_linalg_all) + list(_unary_all) + list(_logic_all) + list(_clip_all)
__all__ = sorted(set(__all__))


# Registration: IndexedSlices negation and dense conversion (the framework names no op module).
from tfsess.framework.indexed_slices import IndexedSlices  # noqa: E402
IndexedSlices._overloads.update({
    "__neg__": lambda s: IndexedSlices(negative(s.values), s.indices, s.dense_shape),  # noqa: F405
    "to_dense": lambda s, name: unsorted_segment_sum(s.values, s.indices, s.dense_shape[0], name=name),  # noqa: F405
})
