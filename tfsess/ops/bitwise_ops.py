"""The tf.bitwise functions: and, or, xor, invert and the shift ops.

TF's shifts clamp the shift amount to [0, bits - 1] and shift the two's-complement bits, so a
left shift wraps and a right shift of a negative value is arithmetic (fills with ones).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework.registry import register_op
from tfsess.ops._infer import INTEGER, apply_gen, binary, gen2

_UNSIGNED_OF = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}


def _clamped_shift(xp, x, y):
    """x and the shift amount, both as unsigned integers of x's width (y clamped as TF does)."""
    x, y = xp.asarray(x), xp.asarray(y)
    unsigned = _UNSIGNED_OF[x.dtype.itemsize]
    amount = xp.clip(y, 0, x.dtype.itemsize * 8 - 1).astype(unsigned)
    return x, x.view(unsigned), amount


def _left_shift(xp, x, y):
    x, ux, amount = _clamped_shift(xp, x, y)
    return xp.left_shift(ux, amount).view(x.dtype)


def _right_shift(xp, x, y):
    x, _, amount = _clamped_shift(xp, x, y)
    return xp.right_shift(x, amount.astype(x.dtype))  # NumPy's right shift of a signed integer is arithmetic


# BitwiseAnd/Or/Xor and Invert are registered in logic_ops (behind the &, |, ^ and ~ operators).
for _type, _kernel in (("LeftShift", _left_shift), ("RightShift", _right_shift)):
    register_op(_type, infer=binary(_type, INTEGER), elementwise=True, foldable=True, no_gradient=True)(_kernel)


def bitwise_and(x, y, name=None):
    """Elementwise bitwise AND of two integer tensors (tf.bitwise.bitwise_and)."""
    return gen2("BitwiseAnd", x, y, name)


def bitwise_or(x, y, name=None):
    """Elementwise bitwise OR of two integer tensors (tf.bitwise.bitwise_or)."""
    return gen2("BitwiseOr", x, y, name)


def bitwise_xor(x, y, name=None):
    """Elementwise bitwise XOR of two integer tensors (tf.bitwise.bitwise_xor)."""
    return gen2("BitwiseXor", x, y, name)


def invert(x, name=None):
    """Flips every bit of an integer tensor (tf.bitwise.invert)."""
    return apply_gen("Invert", [("x", x, "T")], name=name)


def left_shift(x, y, name=None):
    """x << y, wrapping; y is clamped to [0, bits - 1] as TF does (tf.bitwise.left_shift)."""
    return gen2("LeftShift", x, y, name)


def right_shift(x, y, name=None):
    """x >> y, arithmetic for signed x; y is clamped to [0, bits - 1] as TF does (tf.bitwise.right_shift)."""
    return gen2("RightShift", x, y, name)


__all__ = ["bitwise_and", "bitwise_or", "bitwise_xor", "invert", "left_shift", "right_shift"]
