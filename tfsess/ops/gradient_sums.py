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
from tfsess.framework.op_builder import convert_to_tensor
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


def broadcast_gradients(x, y, gx, gy):
    """Sums each input's gradient over the axes it was broadcast along (TF's BroadcastGradientArgs).

    Uses static shapes when both are fully known, else a BroadcastGradientArgs op on their shapes.
    Either gradient may be None (not wanted).
    """
    sx, sy = x.shape.as_tuple_or_none(), y.shape.as_tuple_or_none()
    if sx is not None and sy is not None and None not in sx and None not in sy:
        rx, ry = broadcast_reduction_axes(sx, sy)
        return (None if gx is None else sum_to(gx, rx, list(sx)),
                None if gy is None else sum_to(gy, ry, list(sy)))
    shape_x, shape_y = raw_ops.Shape(x, out_type=dtypes.int32), raw_ops.Shape(y, out_type=dtypes.int32)
    rx, ry = raw_ops.BroadcastGradientArgs(shape_x, shape_y)
    return (None if gx is None else reshape_to(sum_over(gx, rx), shape_x),
            None if gy is None else reshape_to(sum_over(gy, ry), shape_y))


__all__ = []  # internal building blocks
