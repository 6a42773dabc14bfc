"""The tf.math namespace: elementwise math, reductions, segment sums and comparisons."""
from tfsess import math_special as special  # noqa: F401
from tfsess.ops.array_ops import invert_permutation  # noqa: F401
from tfsess.ops.bessel_ops import bessel_i0, bessel_i0e, bessel_i1, bessel_i1e  # noqa: F401
from tfsess.ops.check_ops import is_non_decreasing, is_strictly_increasing  # noqa: F401
from tfsess.ops.composite_math_ops import (log_sigmoid, multiply_no_nan, reciprocal_no_nan,  # noqa: F401
                                           reduce_euclidean_norm, xdivy, xlog1py, xlogy)
from tfsess.ops.confusion_matrix import confusion_matrix  # noqa: F401
from tfsess.ops.nn_impl import zero_fraction  # noqa: F401
from tfsess.ops.logic_ops import (equal, greater, greater_equal, less, less_equal, logical_and,  # noqa: F401
                                  logical_not, logical_or, logical_xor, not_equal)
from tfsess.ops.math_ops import (accumulate_n, add, add_n, atan2, div_no_nan, divide, floordiv,  # noqa: F401
                                 floormod, maximum, minimum, multiply, pow, realdiv, scalar_mul, squared_difference,
                                 subtract, truediv, truncatediv, truncatemod)
from tfsess.ops.math_ops import div_no_nan as divide_no_nan  # noqa: F401
from tfsess.ops.math_ops import floormod as mod  # noqa: F401
from tfsess.ops.nn_impl import l2_normalize  # noqa: F401
from tfsess.ops.nn_ops import in_top_k, softplus, softsign, top_k  # noqa: F401
from tfsess.ops.cumulative_ops import cumprod, cumsum  # noqa: F401
from tfsess.ops.reduction_ops import (argmax, argmin, count_nonzero, reduce_all,  # noqa: F401
                                      reduce_any, reduce_logsumexp, reduce_max, reduce_mean, reduce_min, reduce_prod,
                                      reduce_std, reduce_sum, reduce_variance, segment_sum, unsorted_segment_sum)
from tfsess.ops.segment_ops import (segment_max, segment_mean, segment_min, segment_prod,  # noqa: F401
                                    unsorted_segment_max, unsorted_segment_mean, unsorted_segment_min,
                                    unsorted_segment_prod, unsorted_segment_sqrt_n)
from tfsess.ops.special_math_ops import (betainc, digamma, igamma, igammac, lbeta, lgamma,  # noqa: F401
                                         polygamma, zeta)
from tfsess.ops.search_count_ops import bincount  # noqa: F401
from tfsess.ops.extra_math_ops import angle, cumulative_logsumexp, nextafter, polyval  # noqa: F401
from tfsess.ops.inverse_erf_ops import erfcinv, erfinv, ndtri  # noqa: F401
from tfsess.ops.softmax_ops import log_softmax, softmax  # noqa: F401
from tfsess.ops.unary_ops import (abs, acos, acosh, asin, asinh, atan, atanh, ceil, complex, conj, cos,  # noqa: F401
                                  cosh, erf, erfc, exp, expm1, floor, imag, is_finite, is_inf, is_nan, log, log1p,
                                  negative, real, reciprocal, rint, round, rsqrt, sigmoid, sign, sin, sinh, sqrt,
                                  square, tan, tanh)

__all__ = sorted(n for n in list(globals()) if not n.startswith("_"))
from tfsess.ops.approx_topk_ops import approx_max_k, approx_min_k  # noqa: F401
from tfsess.ops.sobol_ops import sobol_sample  # noqa: F401
