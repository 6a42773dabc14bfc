"""The tf.math namespace: elementwise math, reductions, segment sums and comparisons."""
from tfsess.ops import array_ops as _array_ops
from tfsess.ops import math_ops as _math_ops
from tfsess.ops import nn_ops as _nn_ops

_FROM_MATH_OPS = [
    "abs", "accumulate_n", "acos", "add", "add_n", "argmax", "argmin", "asin", "atan", "atan2", "ceil", "complex",
    "conj", "cos", "cosh", "count_nonzero", "cumprod", "cumsum", "div_no_nan", "divide", "equal", "erf", "exp",
    "expm1", "floor", "floordiv", "floormod", "greater", "greater_equal", "imag", "is_finite", "is_inf", "is_nan",
    "less", "less_equal", "log", "log1p", "logical_and", "logical_not", "logical_or", "logical_xor", "maximum",
    "minimum", "mod", "multiply", "negative", "not_equal", "pow", "real", "realdiv", "reciprocal", "reduce_all",
    "reduce_any", "reduce_logsumexp", "reduce_max", "reduce_mean", "reduce_min", "reduce_prod", "reduce_std",
    "reduce_sum", "reduce_variance", "rint", "round", "rsqrt", "scalar_mul", "segment_sum", "sigmoid", "sign",
    "sin", "sinh", "sqrt", "square", "squared_difference", "subtract", "tan", "tanh", "truediv", "truncatediv",
    "truncatemod", "unsorted_segment_sum",
]
# The nn family's members that TF also lists under tf.math, when that module provides them.
_FROM_NN_OPS = ["top_k", "in_top_k", "softplus", "softsign", "log_softmax", "softmax", "l2_normalize",
                "log_sigmoid"]

globals().update({name: getattr(_math_ops, name) for name in _FROM_MATH_OPS if hasattr(_math_ops, name)})
globals().update({name: getattr(_nn_ops, name) for name in _FROM_NN_OPS if hasattr(_nn_ops, name)})
invert_permutation = _array_ops.invert_permutation
divide_no_nan = _math_ops.div_no_nan

__all__ = sorted(n for n in list(globals()) if not n.startswith("_"))
