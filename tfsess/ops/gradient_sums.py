"""Summing a gradient back to an input's shape: the building blocks gradient functions share.

A broadcasting op's gradient sums each input's gradient over the axes it was broadcast along
(TF's BroadcastGradientArgs), and a Fill's over all axes. The elementwise ops of unary_ops,
logic_ops and math_ops need this, and so do the reductions; it lives below all of them, built
from raw ops (the Sum, Reshape and Shape ops, named as reduce_sum, reshape and shape name them),
so none of those modules imports another to differentiate.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.ops import raw_ops
from tfsess.ops._infer import IDX, apply_gen


def broadcast_reduction_axes(sx, sy):
    """Static BroadcastGradientArgs: each input's gradient sums over the padded axes where it has size 1."""
    n = max(len(sx), len(sy))
    px, py = (1,) * (n - len(sx)) + tuple(sx), (1,) * (n - len(sy)) + tuple(sy)
    return [i for i in range(n) if px[i] == 1], [i for i in range(n) if py[i] == 1]


def all_axes(x):
    """The axes that reduce `x` to a scalar: a Const when its rank is known, else range(0, Rank(x))."""
    if x.shape.ndims:
        return convert_to_tensor(np.arange(x.shape.ndims, dtype=np.int32))
    rank = convert_to_tensor(np.int32(0), name="Rank") if x.shape.ndims == 0 else raw_ops.Rank(x)
    return apply_gen("Range", [("start", 0, None), ("limit", rank, None), ("delta", 1, None)],
                     {"Tidx": dtypes.int32}, name="range")


def sum_over(x, axes, keep_dims=False):
    """A Sum of `x` over `axes` (ints or an int tensor), the op reduce_sum(x, axes) builds."""
    return apply_gen("Sum", [("input", x, None), ("reduction_indices", axes, IDX)], {"keep_dims": keep_dims})


def sum_all(x):
    """The sum of all of `x`'s elements, the scalar reduce_sum(x) builds."""
    out = sum_over(x, all_axes(x))
    if not out.shape.is_fully_defined():
        out.set_shape(())
    return out


def reshape_to(x, shape):
    """A Reshape of `x` to `shape` (a list of ints or an int tensor), as reshape(x, shape) builds it."""
    return apply_gen("Reshape", [("tensor", x, None), ("shape", shape, ("Tshape", dtypes.int32))])


def sum_to(grad, reduce_axes, static):
    """`grad` summed over `reduce_axes` and reshaped to the fully known shape `static`."""
    if grad.shape.as_tuple_or_none() == tuple(static):
        return grad  # nothing was broadcast
    return reshape_to(sum_over(grad, reduce_axes) if reduce_axes else grad, static)


def shapes_fully_equal(x, y, grad):
    """TF's _ShapesFullySpecifiedAndEqual: the gradients of Add, Sub and Mul then need no reduction."""
    shape = x.shape.as_tuple_or_none()
    return (shape is not None and None not in shape and shape == y.shape.as_tuple_or_none()
            and shape == grad.shape.as_tuple_or_none())


def _shape_of(x):
    """array_ops.shape(x) as a gradient builds it: a Const named Shape when x's shape is fully known."""
    dims = x.shape.as_tuple_or_none()
    if dims is not None and None not in dims:
        with op_scope(None, "Shape", [x]) as scope:
            return convert_to_tensor(np.array(dims, np.int32), name=scope)
    return raw_ops.Shape(x, out_type=dtypes.int32)


def _inferred_reduction_axes(x_shape, y_shape):
    """TF's _InferGradientReductionAxes: the axes each input was surely broadcast along, from static
    shapes; (None, None) when a decision depends on an unknown dim."""
    if x_shape.ndims is None or y_shape.ndims is None:
        return None, None
    xs, ys = x_shape.as_tuple_or_none(), y_shape.as_tuple_or_none()
    rank = max(len(xs), len(ys))
    x_axes, y_axes = [], []
    for axis in range(rank):
        x_dim = 1 if axis < rank - len(xs) else xs[axis - (rank - len(xs))]
        y_dim = 1 if axis < rank - len(ys) else ys[axis - (rank - len(ys))]
        if x_dim == 1 and y_dim != 1:
            x_axes.append(axis)
        elif y_dim == 1 and x_dim != 1:
            y_axes.append(axis)
        elif x_dim is None or y_dim is None:
            return None, None
    return x_axes, y_axes


def _reduce_gradient(grad, shape, axes, must_reduce):
    if grad is None or not must_reduce:
        return grad
    return reshape_to(sum_over(grad, axes, keep_dims=True), shape)


def broadcast_gradients(x, y, gx, gy):
    """Sums each input's gradient over the axes it was broadcast along (TF's _ReduceGradientArgs).

    The axes come from the static shapes where they decide it (TF's SmartBroadcastGradientArgs),
    else from a BroadcastGradientArgs op on the shapes. Either gradient may be None (not wanted).
    """
    if gx is None and gy is None:
        return None, None
    shape_x, shape_y = _shape_of(x), _shape_of(y)
    rx, ry = _inferred_reduction_axes(x.shape, y.shape)
    if rx is None:
        rx, ry = raw_ops.BroadcastGradientArgs(shape_x, shape_y)
        must_x = must_y = True
    else:
        must_x = bool(rx) or x.shape.ndims < y.shape.ndims
        must_y = bool(ry) or y.shape.ndims < x.shape.ndims
    return _reduce_gradient(gx, shape_x, rx, must_x), _reduce_gradient(gy, shape_y, ry, must_y)


__all__ = []  # internal building blocks
