"""TF functions that are compositions of tfsess's ops: log_sigmoid, the no-NaN products,
clip_by_average_norm, log_poisson_loss, and the list form parallel_stack. Values (and gradients, through
the ops they are built from) are TF's; the graph holds the composing ops rather than TF's fused op types.
The x*log(y) family and reduce_euclidean_norm are TF's own op types (fused_math_ops.py), named here too.
"""
from __future__ import annotations

import math

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.ops import array_ops, indexing_ops, logic_ops, math_ops, nn_ops, reduction_ops, stack_ops, unary_ops
from tfsess.ops.fused_math_ops import reduce_euclidean_norm, same_dtype_pair, xdivy, xlog1py, xlogy  # noqa: F401


def log_sigmoid(x, name=None):
    """log(1 / (1 + exp(-x))), computed as -softplus(-x) (tf.math.log_sigmoid)."""
    with op_scope(name, "LogSigmoid", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return unary_ops.negative(nn_ops.softplus(unary_ops.negative(x)), name=scope)


def _zero_where_x_is_zero(x, value, name):
    return indexing_ops.where_v2(logic_ops.equal(x, array_ops.zeros_like(x)), array_ops.zeros_like(value), value,
                                 name=name)


def multiply_no_nan(x, y, name=None):
    """x * y, 0 where y is 0 even if x is inf or nan (tf.math.multiply_no_nan)."""
    with op_scope(name, "MulNoNan", [x, y]) as scope:
        x, y = same_dtype_pair(x, y)
        return _zero_where_x_is_zero(y, x * y, scope)


def reciprocal_no_nan(x, name=None):
    """1 / x, 0 where x is 0 (tf.math.reciprocal_no_nan)."""
    with op_scope(name, "reciprocal_no_nan", [x]) as scope:
        x = convert_to_tensor(x, name="x")
        return math_ops.div_no_nan(array_ops.ones_like(x), x, name=scope)


def clip_by_average_norm(t, clip_norm, name=None):
    """`t` scaled so that its L2 norm divided by its number of elements is at most `clip_norm`
    (tf.clip_by_average_norm)."""
    with op_scope(name, "clip_by_average_norm", [t, clip_norm]) as scope:
        t = convert_to_tensor(t, name="t")
        n_element = math_ops.cast(array_ops.size(t), dtypes.float32)
        l2norm_inv = unary_ops.rsqrt(reduction_ops.reduce_sum(t * t))
        factor = math_ops.minimum(l2norm_inv * n_element, math_ops.cast(1.0, t.dtype.base_dtype) / clip_norm)
        return array_ops.identity(t * clip_norm * factor, name=scope)


def log_poisson_loss(targets, log_input, compute_full_loss=False, name=None):
    """exp(log_input) - log_input * targets, plus Stirling's approximation of log(targets!) for targets
    above 1 with `compute_full_loss` (tf.nn.log_poisson_loss).

    Raises:
        ValueError: `log_input` and `targets` have incompatible shapes.
    """
    with op_scope(name, "log_poisson_loss", [log_input, targets]) as scope:
        log_input = convert_to_tensor(log_input, name="log_input")
        targets = convert_to_tensor(targets, name="targets")
        if not log_input.shape.is_compatible_with(targets.shape):
            raise ValueError(f"log_input and targets must have the same shape ({log_input.shape} vs {targets.shape})")
        result = unary_ops.exp(log_input) - log_input * targets
        if not compute_full_loss:
            return array_ops.identity(result, name=scope)
        dtype = targets.dtype.base_dtype
        stirling = targets * unary_ops.log(targets) - targets + \
            math_ops.cast(0.5, dtype) * unary_ops.log(math_ops.cast(2 * math.pi, dtype) * targets)
        zeros = array_ops.zeros_like(targets)
        small = logic_ops.logical_and(logic_ops.greater_equal(targets, zeros),
                                      logic_ops.less_equal(targets, array_ops.ones_like(targets)))
        return math_ops.add(result, indexing_ops.where_v2(small, zeros, stirling), name=scope)


def parallel_stack(values, name="parallel_stack"):
    """Stacks `values` along a new first axis; their shapes must be known (tf.parallel_stack)."""
    values = [convert_to_tensor(v) for v in values]
    for v in values:
        if not v.shape.is_fully_defined():
            raise ValueError(f"Cannot infer the shape of {v}")
    return stack_ops.stack(values, axis=0, name=name)


__all__ = ["clip_by_average_norm", "log_poisson_loss", "log_sigmoid", "multiply_no_nan", "parallel_stack",
           "reciprocal_no_nan", "reduce_euclidean_norm", "xdivy", "xlog1py", "xlogy"]
