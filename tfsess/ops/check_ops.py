"""Checks: Assert and the assert_* family (TF's control_flow_assert and check_ops).

A check that constant inputs decide while the graph is built raises at once (InvalidArgumentError,
ValueError or TypeError, as TF does); otherwise it returns an op that fails the run with
InvalidArgumentError, showing its data as TF's Assert does.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.dispatch import add_dispatch_support
from tfsess.framework.op_builder import apply_op, constant_value, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.lib.xp import to_host
from tfsess.ops import array_ops, control_flow_ops, logic_ops, math_ops, reduction_ops, unary_ops
from tfsess.ops._infer import no_outputs
from tfsess.ops.cond_ops import cond
from tfsess.ops.logging_ops import DEFAULT_SUMMARIZE, summarize_value


# ================================================================== Assert
@register_op("Assert", infer=no_outputs, stateful=True, gpu=False, no_gradient=True)
def _assert(xp, condition, *data, summarize=DEFAULT_SUMMARIZE):
    flag = np.asarray(to_host(condition))
    if flag.size != 1 or flag.ndim > 1:
        raise errors.InvalidArgumentError(None, None, f"In[0] should be a scalar: {list(flag.shape)}")
    if not bool(flag.reshape(-1)[0]):
        parts = [f"[{summarize_value(to_host(d), summarize)}]" for d in data]
        raise errors.InvalidArgumentError(None, None, "assertion failed: " + " ".join(parts))
    return ()


def _bool_condition(condition):
    if condition.dtype.base_dtype != dtypes.bool:
        raise TypeError(f"Input 'condition' of 'Assert' Op has type {condition.dtype.base_dtype.name} that does not "
                        f"match expected type of bool.")
    return condition


def Assert(condition, data, summarize=None, name=None):  # noqa: N802 - TF's name
    """Fails the run with InvalidArgumentError showing `data` when `condition` is false (tf.Assert).

    Returns:
        The assert Operation (for float data, the Merge op of the cond guarding it, as in TF).
    """
    data = list(data)
    with op_scope(name, "Assert", [condition] + [d for d in data if isinstance(d, Tensor)]):
        xs = [convert_to_tensor(d) for d in data]
        attrs = {"summarize": DEFAULT_SUMMARIZE if summarize is None else int(summarize),
                 "T": [x.dtype.base_dtype for x in xs]}
        if all(x.dtype.base_dtype in (dtypes.string, dtypes.int32) for x in xs):
            # TF's heuristic: string and int32 data live on the host, so no cond is needed
            condition = _bool_condition(convert_to_tensor(condition))
            return apply_op("Assert", [condition] + xs, attrs, name="Assert")
        condition = _bool_condition(convert_to_tensor(condition, name="Condition"))

        def true_assert():
            return apply_op("Assert", [condition] + xs, attrs, name="Assert")

        guarded = cond(condition, control_flow_ops.no_op, true_assert, name="AssertGuard")
        return guarded.op


# ================================================================== the assert_* family
def _static_string(t):
    if not isinstance(t, Tensor):
        return str(t)
    value = constant_value(t)
    return str(value) if value is not None else str(t)


def _assert_static(condition, data):
    if not condition:
        raise errors.InvalidArgumentError(None, None, "\n".join(_static_string(x) for x in data))


def _binary_assert(sym, opname, op_func, static_func, x, y, data, summarize, message, name):
    with op_scope(name, opname, [x, y] + list(data or [])):
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y")
        if data is None:
            data = [f"Condition x {sym} y did not hold element-wise:", f"x ({x.name}) = ", x,
                    f"y ({y.name}) = ", y]
        if message is not None:
            data = [message] + list(data)
        condition = reduction_ops.reduce_all(op_func(x, y))
        x_static, y_static = constant_value(x), constant_value(y)
        if x_static is not None and y_static is not None:
            _assert_static(bool(np.all(static_func(x_static, y_static))), data)
        return Assert(condition, data, summarize=summarize)


@add_dispatch_support(elementwise="binary_assert")
def assert_equal(x, y, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless x == y elementwise (tf.assert_equal); a static failure raises now.

    Raises:
        errors.InvalidArgumentError: when x and y are constants that differ.
    """
    if x is y and isinstance(x, Tensor):
        with op_scope(name, "assert_equal", [x]):
            return control_flow_ops.no_op()
    return _binary_assert("==", "assert_equal", logic_ops.equal, np.equal, x, y, data, summarize, message, name)


@add_dispatch_support(elementwise="binary_assert")
def assert_none_equal(x, y, data=None, summarize=None, message=None, name=None):
    """An op failing the run if any x == y elementwise (tf.assert_none_equal)."""
    return _binary_assert("!=", "assert_none_equal", logic_ops.not_equal, np.not_equal, x, y, data, summarize,
                          message, name)


@add_dispatch_support(elementwise="binary_assert")
def assert_less(x, y, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless x < y elementwise (tf.assert_less)."""
    return _binary_assert("<", "assert_less", logic_ops.less, np.less, x, y, data, summarize, message, name)


@add_dispatch_support(elementwise="binary_assert")
def assert_less_equal(x, y, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless x <= y elementwise (tf.assert_less_equal)."""
    return _binary_assert("<=", "assert_less_equal", logic_ops.less_equal, np.less_equal, x, y, data,
                          summarize, message, name)


@add_dispatch_support(elementwise="binary_assert")
def assert_greater(x, y, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless x > y elementwise (tf.assert_greater)."""
    return _binary_assert(">", "assert_greater", logic_ops.greater, np.greater, x, y, data, summarize,
                          message, name)


@add_dispatch_support(elementwise="binary_assert")
def assert_greater_equal(x, y, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless x >= y elementwise (tf.assert_greater_equal)."""
    return _binary_assert(">=", "assert_greater_equal", logic_ops.greater_equal, np.greater_equal, x, y, data,
                          summarize, message, name)


def _unary_assert(sym, opname, compare, zero_first, x, data, summarize, message, name):
    message = message or ""
    with op_scope(name, opname, [x] + list(data or [])):
        x = convert_to_tensor(x, name="x")
        if data is None:
            data = [message, f"Condition x {sym} did not hold element-wise:", f"x ({x.name}) = ", x]
        zero = convert_to_tensor(0, dtype=x.dtype.base_dtype)
        a, b = (zero, x) if zero_first else (x, zero)
        return compare(a, b, data=data, summarize=summarize)


def assert_negative(x, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless x < 0 elementwise (tf.assert_negative)."""
    return _unary_assert("< 0", "assert_negative", assert_less, False, x, data, summarize, message, name)


def assert_positive(x, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless x > 0 elementwise (tf.assert_positive)."""
    return _unary_assert("> 0", "assert_positive", assert_less, True, x, data, summarize, message, name)


def assert_non_negative(x, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless x >= 0 elementwise (tf.assert_non_negative)."""
    return _unary_assert(">= 0", "assert_non_negative", assert_less_equal, True, x, data, summarize, message,
                         name)


def assert_non_positive(x, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless x <= 0 elementwise (tf.assert_non_positive)."""
    return _unary_assert("<= 0", "assert_non_positive", assert_less_equal, False, x, data, summarize, message,
                         name)


@add_dispatch_support(elementwise="binary_assert")
def assert_near(x, y, rtol=None, atol=None, data=None, summarize=None, message=None, name=None):
    """An op failing the run unless |x - y| <= atol + rtol * |y| elementwise (tf.assert_near)."""
    message = message or ""
    with op_scope(name, "assert_near", [x, y]):
        x = convert_to_tensor(x, name="x")
        y = convert_to_tensor(y, name="y", dtype=x.dtype.base_dtype)
        dtype = x.dtype.base_dtype.real_dtype
        eps = np.finfo(dtype.as_numpy_dtype).eps
        rtol = convert_to_tensor(10 * eps if rtol is None else rtol, name="rtol", dtype=dtype)
        atol = convert_to_tensor(10 * eps if atol is None else atol, name="atol", dtype=dtype)
        if data is None:
            data = [message, f"x and y not equal to tolerance rtol = {rtol}, atol = {atol}",
                    f"x ({x.name}) = ", x, f"y ({y.name}) = ", y]
        tol = atol + rtol * unary_ops.abs(y)
        diff = unary_ops.abs(x - y)
        condition = reduction_ops.reduce_all(logic_ops.less_equal(diff, tol))
        return Assert(condition, data, summarize=summarize)


def _rank_assert(x, rank, data, summarize, message, name, opname, static_ok, dynamic, phrase):
    with op_scope(name, opname, [x, rank] + list(data or [])):
        x = convert_to_tensor(x, name="x")
        rank = convert_to_tensor(rank, name="rank")
        message = message or ""
        if data is None:
            data = [message, f"Tensor {x.name} must have {phrase}", rank, "Received shape: ", array_ops.shape(x)]
        assert_type(rank, dtypes.int32)
        rank_static = constant_value(rank)
        if rank_static is not None:
            if np.ndim(rank_static) != 0:
                raise ValueError("Rank must be a scalar.")
            if x.shape.ndims is not None:
                if not static_ok(x.shape.ndims, int(rank_static)):
                    raise ValueError(f"{message}.  Tensor {x.name} must have {phrase} {int(rank_static)}.  "
                                     f"Received rank {x.shape.ndims}, shape {x.shape}")
                return control_flow_ops.no_op(name="static_checks_determined_all_ok")
        condition = dynamic(array_ops.rank(x), rank)
        return Assert(condition, data, summarize=summarize)


def assert_rank(x, rank, data=None, summarize=None, message=None, name=None):
    """Asserts `x` has rank `rank`; a static mismatch raises ValueError now (tf.assert_rank)."""
    return _rank_assert(x, rank, data, summarize, message, name, "assert_rank", lambda a, r: a == r,
                        logic_ops.equal, "rank")


def assert_rank_at_least(x, rank, data=None, summarize=None, message=None, name=None):
    """Asserts `x` has rank `rank` or more (tf.assert_rank_at_least)."""
    return _rank_assert(x, rank, data, summarize, message, name, "assert_rank_at_least", lambda a, r: a >= r,
                        logic_ops.greater_equal, "rank at least")


def assert_rank_in(x, ranks, data=None, summarize=None, message=None, name=None):
    """Asserts the rank of `x` is one of `ranks` (tf.assert_rank_in)."""
    with op_scope(name, "assert_rank_in", [x]):
        x = convert_to_tensor(x, name="x")
        ranks = [convert_to_tensor(r, name="ranks") for r in ranks]
        message = message or ""
        statics = [constant_value(r) for r in ranks]
        if x.shape.ndims is not None and all(s is not None for s in statics):
            if x.shape.ndims not in [int(s) for s in statics]:
                raise ValueError(f"{message}.  Tensor {x.name} must have rank in {[int(s) for s in statics]}.  "
                                 f"Received rank {x.shape.ndims}, shape {x.shape}")
            return control_flow_ops.no_op(name="static_checks_determined_all_ok")
        if data is None:
            data = [message, f"Tensor {x.name} must have rank in"] + ranks + ["Received shape: ",
                                                                             array_ops.shape(x)]
        actual = array_ops.rank(x)
        condition = logic_ops.equal(ranks[0], actual)
        for r in ranks[1:]:
            condition = logic_ops.logical_or(condition, logic_ops.equal(r, actual))
        return Assert(condition, data, summarize=summarize)


def assert_scalar(tensor, name=None, message=None):
    """Returns `tensor` after checking statically that it is a scalar (tf.assert_scalar)."""
    with op_scope(name, "assert_scalar", [tensor]):
        tensor = convert_to_tensor(tensor, name="tensor")
        shape = tensor.shape
        prefix = f"{message}  " if message else ""
        if shape.ndims != 0:
            if shape.ndims is None:
                raise ValueError(f"{prefix}Expected scalar shape, saw unknown shape.")
            raise ValueError(f"{prefix}Expected scalar shape for {tensor.name}, saw shape: {shape}.")
        return tensor


def assert_type(tensor, tf_type, message=None, name=None):
    """Checks statically that `tensor` has dtype `tf_type`; returns a no-op (tf.assert_type)."""
    tf_type = dtypes.as_dtype(tf_type)
    with op_scope(name, "assert_type", [tensor]):
        if not isinstance(tensor, SparseTensor):
            tensor = convert_to_tensor(tensor, name="tensor")
        if tensor.dtype.base_dtype != tf_type:
            prefix = f"{message} " if message else ""
            raise TypeError(f"{prefix}{getattr(tensor, 'name', tensor)} must be of type {tf_type!r}; "
                            f"got {tensor.dtype.base_dtype!r}")
        return control_flow_ops.no_op("statically_determined_correct_type")


def assert_integer(x, message=None, name=None):
    """Checks statically that `x` has an integer dtype (tf.assert_integer)."""
    with op_scope(name, "assert_integer", [x]):
        x = convert_to_tensor(x, name="x")
        if not x.dtype.base_dtype.is_integer:
            prefix = f"{message} " if message else ""
            raise TypeError(f"{prefix}Expected \"x\" to be integer type.  Found: {x.name} of dtype "
                            f"{x.dtype.base_dtype!r}")
        return control_flow_ops.no_op("statically_determined_was_integer")


def assert_same_float_dtype(tensors=None, dtype=None):
    """The float dtype shared by `tensors` (and `dtype`); ValueError on a mismatch."""
    found = dtypes.as_dtype(dtype) if dtype is not None else None
    if found is not None and not found.is_floating:
        raise ValueError(f"Expected floating point type, got {found}.")
    for t in tensors or ():
        t_dtype = t.dtype.base_dtype
        if found is None:
            found = t_dtype
        elif t_dtype != found:
            raise ValueError(f"{getattr(t, 'name', t)}, type={t_dtype} is not compatible with {found}.")
    if found is None:
        return dtypes.float32
    if not found.is_floating:
        raise ValueError(f"Expected floating point type, got {found}.")
    return found


def assert_proper_iterable(values):
    """Raises TypeError when `values` is a Tensor, array, string or not iterable."""
    if isinstance(values, (Tensor, SparseTensor, np.ndarray, bytes, str)):
        raise TypeError(f'Expected argument "values" to be a "proper" iterable.  Found: {type(values)}')
    if not hasattr(values, "__iter__"):
        raise TypeError(f'Expected argument "values" to be iterable.  Found: {type(values)}')


def is_numeric_tensor(tensor):
    """Whether `tensor` is a Tensor of a numeric dtype (tf.is_numeric_tensor)."""
    numeric = (dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int8, dtypes.int16, dtypes.int32,
               dtypes.int64, dtypes.uint8, dtypes.complex64, dtypes.complex128)
    return isinstance(tensor, Tensor) and tensor.dtype.base_dtype in numeric


def _monotonic(x, name, default, strict):
    with op_scope(name, default, [x]):
        x = convert_to_tensor(x, name="x")
        flat = array_ops.reshape(x, [-1])
        diff = flat[1:] - flat[:-1]
        zero = convert_to_tensor(0, dtype=diff.dtype.base_dtype)
        test = logic_ops.greater(diff, zero) if strict else logic_ops.greater_equal(diff, zero)
        return reduction_ops.reduce_all(test)


def is_non_decreasing(x, name=None):
    """Whether the flattened `x` never decreases (tf.is_non_decreasing)."""
    return _monotonic(x, name, "is_non_decreasing", strict=False)


def is_strictly_increasing(x, name=None):
    """Whether the flattened `x` strictly increases (tf.is_strictly_increasing)."""
    return _monotonic(x, name, "is_strictly_increasing", strict=True)

__all__ = [
    "Assert",
    "assert_equal",
    "assert_greater",
    "assert_greater_equal",
    "assert_integer",
    "assert_less",
    "assert_less_equal",
    "assert_near",
    "assert_negative",
    "assert_non_negative",
    "assert_non_positive",
    "assert_none_equal",
    "assert_positive",
    "assert_proper_iterable",
    "assert_rank",
    "assert_rank_at_least",
    "assert_rank_in",
    "assert_same_float_dtype",
    "assert_scalar",
    "assert_type",
    "is_non_decreasing",
    "is_numeric_tensor",
    "is_strictly_increasing",
]
