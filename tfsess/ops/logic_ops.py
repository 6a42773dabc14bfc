"""Comparisons, logical and bitwise ops, and Select/SelectV2 (the 3-argument where)."""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.dispatch import add_dispatch_support
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops, constant_op
from tfsess.ops.gradient_sums import broadcast_gradients
from tfsess.ops._infer import (INTEGER, NUMBER, REAL, apply_gen, binary, broadcast_shapes, check_dtype,
                               check_same_dtype, dense_grad, fmt_shape, gen1, gen2, register_unary)

_BOOL = (dtypes.bool,)
_ALL = NUMBER + (dtypes.bool, dtypes.string)


_PUBLIC = []  # the comparison functions the table defines, for __all__


# ------------------------------------------------------------------ comparisons
def _comparison(name, op_type, allowed, doc, attrs=None):
    """Registers the comparison `op_type` (no gradient; folded at build time) and returns its
    public function `name(x, y, name=None)`."""
    ufunc = {"Less": "less", "LessEqual": "less_equal", "Greater": "greater", "GreaterEqual": "greater_equal",
             "Equal": "equal", "NotEqual": "not_equal"}[op_type]

    def kernel(xp, x, y, **_):
        if x.dtype == object or y.dtype == object:  # strings: compare bytes elementwise
            fn = getattr(np, ufunc)
            return np.vectorize(lambda a, b: bool(fn(a, b)), otypes=[bool])(x, y)
        return getattr(xp, ufunc)(x, y)
    register_op(op_type, infer=binary(op_type, allowed, dtypes.bool), elementwise=True, no_gradient=True,
                foldable=True)(kernel)

    def function(x, y, name=None):
        return apply_gen(op_type, [("x", x, "T"), ("y", y, "T")], attrs, name=name)
    function.__name__ = function.__qualname__ = name
    function.__doc__ = f"{doc}, with broadcasting (tf.math.{name})."
    _PUBLIC.append(name)
    return add_dispatch_support(function, elementwise="binary")


_SHAPES_MUST_MATCH = {"incompatible_shape_error": True}
less = _comparison("less", "Less", REAL, "x < y elementwise")
less_equal = _comparison("less_equal", "LessEqual", REAL, "x <= y elementwise")
greater = _comparison("greater", "Greater", REAL, "x > y elementwise")
greater_equal = _comparison("greater_equal", "GreaterEqual", REAL, "x >= y elementwise")
equal = _comparison("equal", "Equal", _ALL, "x == y elementwise", _SHAPES_MUST_MATCH)
not_equal = _comparison("not_equal", "NotEqual", _ALL, "x != y elementwise", _SHAPES_MUST_MATCH)


# ------------------------------------------------------------------ logical and bitwise
@register_op("LogicalAnd", infer=binary("LogicalAnd", _BOOL), elementwise=True, no_gradient=True, foldable=True)
def _logical_and(xp, x, y):
    return xp.logical_and(x, y)


@register_op("LogicalOr", infer=binary("LogicalOr", _BOOL), elementwise=True, no_gradient=True, foldable=True)
def _logical_or(xp, x, y):
    return xp.logical_or(x, y)


register_unary("LogicalNot", _BOOL, lambda xp, x: xp.logical_not(x), no_gradient=True, foldable=True)
register_unary("Invert", INTEGER, lambda xp, x: xp.invert(x), no_gradient=True)


def _bitwise(op_type, fn):
    register_op(op_type, infer=binary(op_type, INTEGER), elementwise=True, no_gradient=True)(lambda xp, x, y: fn(x, y))


_bitwise("BitwiseAnd", np.bitwise_and)
_bitwise("BitwiseOr", np.bitwise_or)
_bitwise("BitwiseXor", np.bitwise_xor)


def _bool_args(x, y):
    return [("x", x, dtypes.bool), ("y", y, dtypes.bool)]


@add_dispatch_support(elementwise="binary")
def logical_and(x, y, name=None):
    return apply_gen("LogicalAnd", _bool_args(x, y), name=name)


@add_dispatch_support(elementwise="binary")
def logical_or(x, y, name=None):
    return apply_gen("LogicalOr", _bool_args(x, y), name=name)


@add_dispatch_support(elementwise="unary")
def logical_not(x, name=None):
    return apply_gen("LogicalNot", [("x", x, dtypes.bool)], name=name)


@add_dispatch_support(elementwise="binary")
def logical_xor(x, y, name="LogicalXor"):
    """x XOR y elementwise for bools: (x | y) & ~(x & y) (tf.math.logical_xor)."""
    return logical_and(logical_or(x, y), logical_not(logical_and(x, y)), name=name)


def _bit_or_logic(logic, bitwise):
    def fn(x, y, name=None):
        x = convert_to_tensor(x)
        if x.dtype.base_dtype == dtypes.bool:
            return logic(x, y, name=name)
        return gen2(bitwise, x, y, name)
    return fn


and_ = _bit_or_logic(logical_and, "BitwiseAnd")
or_ = _bit_or_logic(logical_or, "BitwiseOr")
xor_ = _bit_or_logic(logical_xor, "BitwiseXor")


def invert_(x, name=None):
    x = convert_to_tensor(x)
    if x.dtype.base_dtype == dtypes.bool:
        return logical_not(x, name=name)
    return gen1("Invert", x, name)


# ------------------------------------------------------------------ select (the 3-argument where)
def _select_infer(inputs, attrs):
    cond, x, y = inputs
    check_dtype(cond, _BOOL, "condition")
    dtype = check_same_dtype([x, y], "Select", ("t", "e"))
    try:
        data = x.shape.merge_with(y.shape)
        c = cond.shape
        if c.ndims is None or data.ndims is None or c.ndims == 0:
            return [(dtype, data)]
        if c.ndims != 1 or data.ndims == 0:
            return [(dtype, data.merge_with(c))]
        c.merge_with(TensorShape([data[0]]))
        return [(dtype, data)]
    except ValueError:
        raise ValueError(f"Shapes must be equal rank, but are {cond.shape.ndims} and {x.shape.ndims} for "
                         f"'Select' with input shapes: {fmt_shape(cond.shape)}, {fmt_shape(x.shape)}, "
                         f"{fmt_shape(y.shape)}." if cond.shape.ndims != x.shape.ndims else
                         f"Dimensions must be equal for 'Select' with input shapes: {fmt_shape(cond.shape)}, "
                         f"{fmt_shape(x.shape)}, {fmt_shape(y.shape)}.") from None


@register_op("Select", infer=_select_infer)
def _select(xp, cond, x, y):
    if x.shape != y.shape:
        raise errors.InvalidArgumentError(None, None, f"'then' and 'else' must have the same size.  but "
                                          f"received: {list(x.shape)} vs. {list(y.shape)}")
    if cond.ndim == 1 and x.ndim > 1:
        if cond.shape[0] != x.shape[0]:
            raise errors.InvalidArgumentError(None, None, "Number of batches of 'then' must match size of "
                                              f"'cond', but saw: {x.shape[0]} vs. {cond.shape[0]}")
        cond = cond.reshape(cond.shape + (1,) * (x.ndim - 1))
    elif cond.ndim != 0 and cond.shape != x.shape:
        raise errors.InvalidArgumentError(None, None, f"'condition' and 'then' must have the same size. but "
                                          f"received: {list(cond.shape)} vs. {list(x.shape)}")
    return xp.where(cond, x, y)


@_select.gradient
@dense_grad
def _select_grad(op, grad):
    c, x = op.inputs[0], op.inputs[1]
    zeros = array_ops.zeros_like(x)
    return [None, select(c, grad, zeros), select(c, zeros, grad)]


def select(condition, x, y, name=None):
    """Picks x where `condition` else y; a vector condition picks rows (tf.where in TF1)."""
    return apply_gen("Select", [("condition", condition, dtypes.bool), ("t", x, "T"), ("e", y, "T")],
                     name=name)


def _select_v2_infer(inputs, attrs):
    cond, x, y = inputs
    check_dtype(cond, _BOOL, "condition")
    dtype = check_same_dtype([x, y], "SelectV2", ("t", "e"))
    shape = broadcast_shapes(cond.shape, broadcast_shapes(x.shape, y.shape, "SelectV2"), "SelectV2")
    return [(dtype, shape)]


@register_op("SelectV2", infer=_select_v2_infer)
def _select_v2(xp, cond, x, y):
    try:
        return xp.where(cond, x, y)
    except ValueError:  # NumPy's broadcast failure, in TF's words
        c, t, e = ("[" + ",".join(map(str, np.shape(a))) + "]" for a in (cond, x, y))
        raise errors.InvalidArgumentError(None, None, f"condition {c}, then {t}, and else {e} must be "
                                                      "broadcastable") from None


@_select_v2.gradient
@dense_grad
def _select_v2_grad(op, grad):
    c, x, y = op.inputs
    zeros = constant_op.zeros([], dtype=grad.dtype.base_dtype)  # broadcast by SelectV2, as TF's
    gx, gy = select_v2(c, grad, zeros), select_v2(c, zeros, grad)
    gx, _ = broadcast_gradients(x, grad, gx, None)
    gy, _ = broadcast_gradients(y, grad, gy, None)
    return [None, gx, gy]


def select_v2(condition, x, y, name=None):
    return apply_gen("SelectV2", [("condition", condition, dtypes.bool), ("t", x, "T"), ("e", y, "T")],
                     name=name)


__all__ = _PUBLIC + ["logical_and", "logical_not", "logical_or", "logical_xor"]
