"""Elementwise binary arithmetic with broadcasting gradients, casts and add_n.

TF's math_ops holds more, in modules of their own: unary_ops (elementwise functions), logic_ops
(comparisons, logic, select), reduction_ops (reductions, argmax, cumsum, segment sums), linalg_ops
(matmul, einsum, tensordot), matrix_ops, clip_ops and tensor_operators (`x + y`, `x @ y` ...).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.dispatch import add_dispatch_support
from tfsess.framework.op_builder import apply1, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.registry import kernel_dtypes_check, register_op, set_gradient, set_op_fields
from tfsess.ops import array_ops, dtype_casts, logic_ops, unary_ops
from tfsess.ops.gradient_sums import broadcast_gradients, shapes_fully_equal
from tfsess.ops._infer import (FLOAT, FLOAT_COMPLEX, NUMBER, REAL, SIGNED, apply_gen, binary, binary_ufunc,
                               dense_grad, gen2, nary_same, quiet)
from tfsess.ops._infer import host, same_partial

_NUMBER_STR = NUMBER + (dtypes.string,)


# ------------------------------------------------------------------ binary kernels and gradients
def _add_v2_grad(op, grad):
    x, y = op.inputs
    if shapes_fully_equal(x, y, grad):
        return [grad, grad]
    return list(broadcast_gradients(x, y, grad, grad))


@register_op("Add", infer=binary("Add", _NUMBER_STR), elementwise=True)
def _add(xp, x, y):
    return xp.add(x, y)


@_add.gradient
def _add_grad(op, grad):
    return _add_v2_grad(op, grad)


def _sub_grad(op, grad):
    x, y = op.inputs
    if shapes_fully_equal(x, y, grad):
        return [grad, -grad]
    return list(broadcast_gradients(x, y, grad, -grad))


@dense_grad
def _mul_grad(op, grad):
    x, y = op.inputs
    if shapes_fully_equal(x, y, grad) and grad.dtype.base_dtype in (dtypes.int32, dtypes.float32):
        return [multiply(grad, y), multiply(grad, x)]  # TF's fast path, in its operand order
    conj = unary_ops.conj_if_complex
    return list(broadcast_gradients(x, y, multiply(grad, conj(y)), multiply(conj(x), grad)))


def _int_checked(xp, x, y):
    # as TF, only a division that happens fails: an empty result divides nothing
    if y.dtype.kind in "iu" and xp.size(x) and xp.size(y) and xp.any(y == 0):
        raise errors.InvalidArgumentError(None, None, "Integer division by zero")


def _int_checked_truncating(xp, x, y):
    """TruncateDiv/TruncateMod by an integer zero: TF's kernels report an internal error, not a bad argument."""
    if y.dtype.kind in "iu" and xp.size(x) and xp.size(y) and xp.any(y == 0):
        raise errors.InternalError(
            None, None, "Unexpected error in binary operator (only integer div and mod should have errors)")


def truncated_quotient(xp, x, y):
    q = xp.floor_divide(x, y)
    fix = (xp.remainder(x, y) != 0) & ((x < 0) != (y < 0))
    return (q + fix).astype(x.dtype, copy=False)


def _real_div(xp, x, y):
    if x.dtype.kind in "iu":
        _int_checked(xp, x, y)
        return truncated_quotient(xp, x, y)
    return xp.true_divide(x, y).astype(x.dtype, copy=False)


@dense_grad
def _real_div_grad(op, grad):
    x, y = op.inputs
    x, y = unary_ops.conj_if_complex(x), unary_ops.conj_if_complex(y)
    return list(broadcast_gradients(op.inputs[0], op.inputs[1], realdiv(grad, y),
                                    grad * realdiv(realdiv(-x, y), y)))


def _div_no_nan(xp, x, y):
    safe = xp.where(y == 0, xp.ones_like(y), y)
    return xp.where(y == 0, xp.zeros_like(x), xp.true_divide(x, safe)).astype(x.dtype, copy=False)


@dense_grad
def _div_no_nan_grad(op, grad):
    x, y = op.inputs
    return list(broadcast_gradients(x, y, div_no_nan(grad, y), grad * div_no_nan(div_no_nan(-x, y), y)))


def _floor_div(xp, x, y):
    _int_checked(xp, x, y)
    return xp.floor_divide(x, y)


def _truncate_div_kernel(xp, x, y):
    if x.dtype.kind in "iu":
        _int_checked_truncating(xp, x, y)
        return truncated_quotient(xp, x, y)
    return xp.trunc(xp.true_divide(x, y)).astype(x.dtype, copy=False)


def _floor_mod(xp, x, y):
    _int_checked(xp, x, y)
    return xp.mod(x, y)


@dense_grad
def _floor_mod_grad(op, grad):
    x, y = op.inputs
    return list(broadcast_gradients(x, y, grad, grad * -floordiv(x, y)))


def _truncate_mod(xp, x, y):
    _int_checked_truncating(xp, x, y)
    return xp.fmod(x, y)


def _pow(xp, x, y):
    if x.dtype.kind in "iu":
        if xp.any(y < 0):
            raise errors.InvalidArgumentError(None, None, "Integers to negative integer powers are not allowed")
        return xp.power(x, y).astype(x.dtype, copy=False)
    if x.dtype.kind == "c":
        # TF's complex pow is std::pow, exp(y * log(x)) in the input's precision: (1j) ** 2 is
        # -1 - 8.7e-8j in complex64, where NumPy's power multiplies exactly
        with np.errstate(all="ignore"):
            return xp.exp(y * xp.log(x))
    return xp.power(x, y)


@dense_grad
def _pow_grad(op, grad):
    x, y = (unary_ops.conj_if_complex(t) for t in op.inputs)
    z = unary_ops.conj_if_complex(op.outputs[0])
    gx = grad * y * pow(x, y - array_ops.ones_like(y))
    zeros = array_ops.zeros_like(x)
    mask = logic_ops.not_equal(x, zeros) if x.dtype.is_complex else logic_ops.greater(x, zeros)
    safe_x = logic_ops.select_v2(mask, x, array_ops.ones_like(x))
    log_x = logic_ops.select_v2(mask, unary_ops.log(safe_x), array_ops.zeros_like(x))
    return list(broadcast_gradients(op.inputs[0], op.inputs[1], gx, grad * z * log_x))


def _squared_difference(xp, x, y):
    d = xp.subtract(x, y)
    return d * xp.conj(d) if d.dtype.kind == "c" else d * d


@dense_grad
def _squared_difference_grad(op, grad):
    x, y = op.inputs
    with op.graph.control_dependencies([grad]):
        x_grad = scalar_mul(2, grad) * (x - y)
    if shapes_fully_equal(x, y, grad):
        return [x_grad, -x_grad]
    return list(broadcast_gradients(x, y, x_grad, -x_grad))


def _atan2(xp, y, x):
    return xp.arctan2(y, x)


@dense_grad
def _atan2_grad(op, grad):
    y, x = op.inputs
    grad_inv = grad / (unary_ops.square(x) + unary_ops.square(y))
    return list(broadcast_gradients(y, x, x * grad_inv, -y * grad_inv))


def _max_min_grad(selector):
    """The gradient goes to x where `selector`(x, y) holds, to y elsewhere."""
    @dense_grad
    def grad_fn(op, grad):
        x, y = op.inputs
        zeros = array_ops.zeros_like(grad)
        xmask = selector(x, y)
        return list(broadcast_gradients(x, y, logic_ops.select_v2(xmask, grad, zeros),
                                        logic_ops.select_v2(xmask, zeros, grad)))
    return grad_fn


# ------------------------------------------------------------------ the table
_PUBLIC = []  # the functions the table defines, for __all__


def _elementwise(name, op_type, allowed, kernel, gradient, doc, **fields):
    """Registers the broadcasting binary op `op_type` and returns its public function `name(x, y)`.

    `kernel` is a NumPy/CuPy ufunc name (the kernel may then write into a dying input's buffer)
    or `fn(xp, x, y)`, run with floating-point warnings off as TF returns inf/nan silently.
    """
    if isinstance(kernel, str):
        ufunc = kernel
        fields.update(out_arg=True, ufunc=ufunc)

        def kernel(xp, x, y, out=None):
            return binary_ufunc(xp, ufunc, x, y, out)
    else:
        kernel = quiet(kernel)
    register_op(op_type, infer=binary(op_type, allowed), elementwise=True, **fields)(kernel)
    if gradient is not None:
        set_gradient(op_type, gradient)
    if name is None:
        return None

    def function(x, y, name=None):
        return gen2(op_type, x, y, name)
    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"{doc} (tf.math.{name})."
    _PUBLIC.append(name)
    return add_dispatch_support(function, elementwise="binary")


_elementwise(None, "AddV2", NUMBER, "add", _add_v2_grad, "", foldable=True)
subtract = _elementwise("subtract", "Sub", NUMBER, "subtract", _sub_grad, "x - y elementwise", foldable=True)
multiply = _elementwise("multiply", "Mul", NUMBER, "multiply", _mul_grad, "x * y elementwise", foldable=True)
realdiv = _elementwise("realdiv", "RealDiv", NUMBER, _real_div, _real_div_grad,
                       "x / y for real types; integer inputs divide with truncation", foldable=True)
# TF's CPU RealDiv kernels take only floats and complexes (the OpDef allows integers too)
set_op_fields("RealDiv", graph_error=kernel_dtypes_check(
    "RealDiv", ("float16", "bfloat16", "float32", "float64", "complex64", "complex128")))
_elementwise(None, "DivNoNan", FLOAT_COMPLEX, _div_no_nan, _div_no_nan_grad, "")
_elementwise(None, "FloorDiv", NUMBER, _floor_div, None, "", no_gradient=True, foldable=True)
truncatediv = _elementwise("truncatediv", "TruncateDiv", REAL, _truncate_div_kernel, None,
                           "x / y rounded toward zero", no_gradient=True, foldable=True)
floormod = _elementwise("floormod", "FloorMod", REAL, _floor_mod, _floor_mod_grad,
                        "x % y with the sign of y, as Python's %", foldable=True)
mod = floormod
truncatemod = _elementwise("truncatemod", "TruncateMod", REAL, _truncate_mod, None,
                           "The remainder of truncated division, with the sign of x")
_elementwise(None, "Pow", FLOAT_COMPLEX + SIGNED, _pow, _pow_grad, "", foldable=True)
squared_difference = _elementwise("squared_difference", "SquaredDifference", NUMBER, _squared_difference,
                                  _squared_difference_grad, "(x - y)^2 elementwise")
_elementwise(None, "Atan2", FLOAT, _atan2, _atan2_grad, "")
# Maximum's gradient goes to x where x >= y, Minimum's where x <= y (to y elsewhere).
maximum = _elementwise("maximum", "Maximum", REAL, "maximum", _max_min_grad(lambda x, y: logic_ops.greater_equal(x, y)),
                       "The elementwise maximum of x and y, with broadcasting", foldable=True)
minimum = _elementwise("minimum", "Minimum", REAL, "minimum", _max_min_grad(lambda x, y: logic_ops.less_equal(x, y)),
                       "The elementwise minimum of x and y, with broadcasting", foldable=True)


# ------------------------------------------------------------------ public binary functions
@add_dispatch_support(elementwise="binary")
def add(x, y, name=None):
    """Returns x + y elementwise, with broadcasting (tf.math.add)."""
    with op_scope(name, "Add", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, dtype_hint=x.dtype.base_dtype, name="y")
        return gen2("Add" if x.dtype.base_dtype == dtypes.string else "AddV2", x, y, scope)


def scalar_mul(scalar, x, name=None):
    """Multiplies a scalar times a tensor (tf.math.scalar_mul)."""
    x = convert_to_tensor(x)
    scalar = convert_to_tensor(scalar, dtype=x.dtype.base_dtype, name="scalar")
    if scalar.shape.ndims not in (None, 0):
        raise ValueError(f"`scalar` must be a 0-D (scalar) Tensor. Received: {scalar}")
    return multiply(scalar, x, name=name)  # as TF: one Mul op, in no scope of its own


_TRUEDIV_TABLE = {dtypes.uint8: dtypes.float32, dtypes.int8: dtypes.float32, dtypes.uint16: dtypes.float32,
                  dtypes.int16: dtypes.float32, dtypes.uint32: dtypes.float64, dtypes.int32: dtypes.float64,
                  dtypes.uint64: dtypes.float64, dtypes.int64: dtypes.float64}


@add_dispatch_support(elementwise="binary")
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
        return gen2("RealDiv", x, y, scope)


@add_dispatch_support(elementwise="binary")
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
        return gen2(op_type, x, y, scope)


def div_no_nan(x, y, name=None):
    """x / y, but 0 where y is 0 (tf.math.divide_no_nan)."""
    with op_scope(name, "div_no_nan", [x, y]) as scope:
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype=x.dtype.base_dtype)
        return gen2("DivNoNan", x, y, scope)


@add_dispatch_support(elementwise="binary")
def floordiv(x, y, name=None):
    """x // y elementwise, rounding toward negative infinity (tf.math.floordiv)."""
    with op_scope(name, "floordiv", [x, y]) as scope:
        return gen2("FloorDiv", x, y, scope)


@add_dispatch_support(elementwise="binary")
def pow(x, y, name=None):  # noqa: A001 - TF's name
    """x ** y elementwise (tf.math.pow)."""
    with op_scope(name, "Pow", [x]) as scope:
        return gen2("Pow", x, y, scope)


def atan2(y, x, name=None):
    """The angle of (x, y) elementwise, in [-pi, pi] (tf.math.atan2)."""
    return apply_gen("Atan2", [("y", y, "T"), ("x", x, "T")], name=name)


# ------------------------------------------------------------------ cast
def _cast_infer(inputs, attrs):
    return [(attrs["DstT"], inputs[0].shape)]


@register_op("Cast", infer=_cast_infer, elementwise=True, partial_shape=same_partial, foldable=True)
@quiet
def _cast(xp, x, *, DstT, SrcT=None, Truncate=False):  # noqa: N803 - TF's attr names
    if SrcT is not None and dtype_casts.needs_rules(SrcT, DstT):
        return xp.asarray(dtype_casts.cast_array(host(x), SrcT, DstT))
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


@add_dispatch_support
def cast(x, dtype, name=None):
    """Casts `x` to `dtype`; floats become integers by truncation (tf.cast)."""
    base = dtypes.as_dtype(dtype).base_dtype
    # as TF 2.x: a tensor, or a resource variable (not read: the object itself), of the dtype is returned as is
    if (isinstance(x, Tensor) or getattr(x, "_is_resource_variable", False)) and x.dtype == base:
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


def to_bfloat16(x, name="ToBFloat16"):
    return cast(x, dtypes.bfloat16, name=name)


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
    """The sum of `inputs`, one dtype and compatible shapes, as add_n (tf.math.accumulate_n).

    Raises:
        ValueError: no inputs, inputs of several dtypes, or shapes (with `shape`) that do not merge.
        TypeError: `tensor_dtype` is not the inputs' dtype.
    """
    same = "inputs must be a list of at least one Tensor with the same dtype and shape"
    if not inputs or not isinstance(inputs, (list, tuple)):
        raise ValueError(same)
    inputs = [convert_to_tensor(t) for t in inputs]
    if any(t.dtype != inputs[0].dtype for t in inputs):
        raise ValueError(same)
    merged = TensorShape(shape) if shape is not None else TensorShape(None)
    for t in inputs:
        merged = merged.merge_with(t.shape)
    if tensor_dtype is not None and tensor_dtype != inputs[0].dtype:
        raise TypeError(f"The `tensor_dtype` argument is {tensor_dtype}, but `input` is of type {inputs[0].dtype}. "
                        f"These must be equal. Try casting the input to the desired type.")
    if len(inputs) == 1:
        return inputs[0] if name is None else array_ops.identity(inputs[0], name=name)
    return add_n(inputs, name=name)


__all__ = _PUBLIC + [
    "accumulate_n", "add", "add_n", "atan2", "cast", "div", "div_no_nan", "divide", "floordiv", "mod", "pow",
    "saturate_cast", "scalar_mul", "to_bfloat16", "to_double", "to_float", "to_int32", "to_int64", "truediv",
]
__all__ = sorted(set(__all__))
