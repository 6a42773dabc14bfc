"""Cumulative sums and products (Cumsum, Cumprod) with TF's exclusive and reverse, and the kernel shape
other scans share (tf.math.cumulative_logsumexp)."""
from __future__ import annotations

from tfsess.framework import errors
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.ops import math_ops
from tfsess.ops._infer import IDX, INDEX, NUMBER, apply_gen, check_dtype


def _cum_infer(inputs, attrs):
    x, axis = inputs
    dtype = check_dtype(x, NUMBER, "x")
    check_dtype(axis, INDEX, "axis")
    if axis.shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {axis.shape.ndims} for '{axis.op.name}'")
    return [(dtype, x.shape)]  # TF checks the axis's range only when the op runs


def cumulative_kernel(accumulate, identity):
    """A Cumsum-like kernel: `accumulate(xp, x, axis)` along `axis`, with TF's exclusive and reverse."""
    def kernel(xp, x, axis, *, exclusive=False, reverse=False):
        axis = int(axis)
        if not -x.ndim <= axis < x.ndim:
            raise errors.InvalidArgumentError(None, None, f"ValueError: axis must be in the range [{-x.ndim}, "
                                              f"{x.ndim}), but got {axis}")
        if reverse:
            x = xp.flip(x, axis)
        out = accumulate(xp, x, axis)
        if exclusive:  # shift by one along the axis, starting from the identity
            head, body = [slice(None)] * x.ndim, [slice(None)] * x.ndim
            head[axis], body[axis] = slice(0, 1), slice(0, -1)
            first = xp.full_like(out[tuple(head)], identity)
            out = xp.concatenate([first, out[tuple(body)]], axis=axis)
        return xp.flip(out, axis) if reverse else out
    return kernel


_cumsum = register_op("Cumsum", infer=_cum_infer)(
    cumulative_kernel(lambda xp, x, axis: xp.cumsum(x, axis=axis, dtype=x.dtype), 0))
_cumprod = register_op("Cumprod", infer=_cum_infer)(
    cumulative_kernel(lambda xp, x, axis: xp.cumprod(x, axis=axis, dtype=x.dtype), 1))


@_cumsum.gradient
def _cumsum_grad(op, grad):
    return [cumsum(grad, op.inputs[1], exclusive=op.get_attr("exclusive"), reverse=not op.get_attr("reverse")),
            None]


@_cumprod.gradient
def _cumprod_grad(op, grad):
    x, axis = op.inputs
    exclusive, reverse = op.get_attr("exclusive"), op.get_attr("reverse")
    prod = cumprod(x, axis, exclusive=exclusive, reverse=reverse)
    out = cumsum(prod * grad, axis, exclusive=exclusive, reverse=not reverse)
    return [math_ops.div_no_nan(out, x), None]


def _cum(op_type, default_name, x, axis, exclusive, reverse, name):
    with op_scope(name, default_name, [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return apply_gen(op_type, [("x", x, None), ("axis", axis, IDX)],
                         {"exclusive": bool(exclusive), "reverse": bool(reverse)}, name=scope)


def cumsum(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative sum along `axis`; `exclusive` shifts by one, `reverse` runs from the end (tf.math.cumsum)."""
    return _cum("Cumsum", "Cumsum", x, axis, exclusive, reverse, name)


def cumprod(x, axis=0, exclusive=False, reverse=False, name=None):
    """Cumulative product along `axis` (tf.math.cumprod)."""
    return _cum("Cumprod", "Cumprod", x, axis, exclusive, reverse, name)


__all__ = ["cumprod", "cumsum"]
