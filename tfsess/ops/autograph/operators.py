"""Converted code's forms of `and`, `or`, `not`, `print` and the builtins AutoGraph overloads: each
stages TF ops for a tensor operand and keeps Python's meaning for anything else."""
from __future__ import annotations

import sys

from tfsess.framework import dtypes
from tfsess.ops import cond_ops, logic_ops, math_ops, unary_ops
from tfsess.ops.autograph.control_flow import is_dense_tensor, len_, range_
from tfsess.ops.py_function_ops import py_function
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
    """print(...); with a tensor argument, an op that prints the values when it runs (TF's py_func print)."""
    unknown = tuple(set(kwargs) - {"sep", "end", "file", "flush"})
    if unknown:
        raise ValueError(f"invalid keyword arguments: {unknown}")
    if not any(is_dense_tensor(x) for x in objects):
        return print(*objects, **kwargs)
    kwargs.setdefault("flush", True)
    positions = [i for i, x in enumerate(objects) if is_dense_tensor(x)]

    def show(*values):
        shown = list(objects)
        for i, value in zip(positions, values):
            value = value.numpy() if hasattr(value, "numpy") else value
            shown[i] = value.decode("utf-8") if isinstance(value, bytes) else value
        stream = kwargs.get("file") or sys.stdout
        print(*shown, **{**kwargs, "file": stream})
        return 1
    return py_function(show, [objects[i] for i in positions], dtypes.int32)


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
        return math_ops.cast(x, dtypes.int32)
    return int(x) if base is None else int(x, base)


BUILTINS = {print: print_, len: len_, range: range_, abs: abs_, float: float_, int: int_}
