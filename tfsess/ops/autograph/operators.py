"""Converted code's forms of `and`, `or`, `not` and the builtins AutoGraph overloads (len, range, abs,
int, float, print): each stages TF ops for a tensor operand and keeps Python's meaning otherwise."""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.ops import cond_ops, logic_ops, math_ops, unary_ops
from tfsess.ops.autograph.control_flow import is_dense_tensor, len_, range_
from tfsess.ops.string_ops import string_to_number


def not_(a):
    return logic_ops.logical_not(a) if is_dense_tensor(a) else not a


def and_(a, b):
    """`a() and b()`, lazily; a tensor `a()` stages tf.cond."""
    value = a()
    if is_dense_tensor(value):
        return cond_ops.cond(value, b, lambda: value)
    return value and b()


def or_(a, b):
    """`a() or b()`, lazily; a tensor `a()` stages tf.cond."""
    value = a()
    if is_dense_tensor(value):
        return cond_ops.cond(value, lambda: value, b)
    return value or b()


def print_(*objects, **kwargs):
    """print(...) as Python prints, tensors included: TF 2.21's converted print in graph mode prints a
    graph tensor's description when the code runs, staging no op."""
    unknown = tuple(set(kwargs) - {"sep", "end", "file", "flush"})
    if unknown:
        raise ValueError(f"invalid keyword arguments: {unknown}")
    return print(*objects, **kwargs)


def abs_(x):
    return unary_ops.abs(x) if is_dense_tensor(x) else abs(x)


def float_(x=0):
    if is_dense_tensor(x):
        if x.dtype == dtypes.string:
            return string_to_number(x, out_type=dtypes.float32)
        return math_ops.cast(x, dtypes.float32)
    return float(x)


def int_(x=0, base=None):
    if is_dense_tensor(x):
        if base not in (10, None):
            raise NotImplementedError(f"base {base} not supported for int")
        if x.dtype == dtypes.string:
            return string_to_number(x, out_type=dtypes.int32)
        return math_ops.cast(x, dtypes.int32)
    return int(x) if base is None else int(x, base)


# TF 2.21 leaves min and max as Python's: on a tensor they raise as Python code does
BUILTINS = {print: print_, len: len_, range: range_, abs: abs_, float: float_, int: int_}
