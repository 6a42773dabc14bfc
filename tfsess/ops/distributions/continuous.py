"""Scalar continuous distributions with location and scale: Normal, Laplace, Uniform, StudentT.

Their samples are reparameterized (differentiable in the parameters) as TF's are: a standard draw
scaled and shifted. The normal CDF and its logarithm follow TF's special_math (ndtr through erf or
erfc by range, log_ndtr with its asymptotic series in the far left tail).
"""
from __future__ import annotations

import hashlib
import math

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.graph_api import control_dependencies
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.tensor_shape import scalar
from tfsess.ops import (array_ops, broadcast_ops, check_ops, constant_op, control_flow_ops, extra_math_ops,
                        indexing_ops, inverse_erf_ops, logic_ops, math_ops, random_ops, special_math_ops, stack_ops, unary_ops)
from tfsess.ops.distributions.distribution import FULLY_REPARAMETERIZED, Distribution
from tfsess.ops.distributions.kullback_leibler import RegisterKL


# ------------------------------------------------------------------ shared helpers
def gen_new_seed(seed, salt):
    """TF's distribution_util.gen_new_seed: a second op seed derived from `seed` and `salt`."""
    if seed is None:
        return None
    return int(hashlib.md5((str(seed) + salt).encode("utf-8")).hexdigest()[:8], 16) & 0x7FFFFFFF


def identity_params(names, values, validate_args, positive=()):
    """The parameters as named identities, after TF's assert_positive checks when validating."""
    checks = [check_ops.assert_positive(values[n]) for n in positive] if validate_args else []
    with control_dependencies(checks):
        tensors = [array_ops.identity(values[n], name=n) for n in names]
    check_ops.assert_same_float_dtype(tensors)
    return tensors


class ScalarDistribution(Distribution):
    """A distribution whose batch shape is the broadcast of its parameters' shapes and whose event is scalar."""

    _params = ()

    def _param_tensors(self):
        return [getattr(self, "_" + n) for n in self._params]

    def _batch_shape_tensor(self):
        shapes = [array_ops.shape(t) for t in self._param_tensors()]
        result = shapes[0]
        for s in shapes[1:]:
            result = extra_math_ops.broadcast_dynamic_shape(result, s)
        return result

    def _batch_shape(self):
        result = self._param_tensors()[0].shape
        for t in self._param_tensors()[1:]:
            result = broadcast_ops.broadcast_static_shape(result, t.shape)
        return result

    def _event_shape_tensor(self):
        return constant_op.constant([], dtypes.int32)

    def _event_shape(self):
        return scalar()

    def _draw_shape(self, n):
        return stack_ops.concat([[n], self.batch_shape_tensor()], 0)

    def _ones(self):
        return constant_op.ones(self.batch_shape_tensor(), dtype=self.dtype)

    @classmethod
    def _param_shapes(cls, sample_shape):
        shape = convert_to_tensor(sample_shape, dtypes.int32)
        return {n: shape for n in cls._params}


def ndtr(x):
    """The standard normal CDF, TF's special_math.ndtr (erf near zero, erfc in the tails)."""
    half_sqrt_2 = constant_op.constant(0.5 * np.sqrt(2.0), dtype=x.dtype, name="half_sqrt_2")
    w = x * half_sqrt_2
    z = unary_ops.abs(w)
    y = indexing_ops.where_v2(logic_ops.less(z, half_sqrt_2), 1.0 + unary_ops.erf(w),
                              indexing_ops.where_v2(logic_ops.greater(w, 0.0), 2.0 - unary_ops.erfc(z),
                                                    unary_ops.erfc(z)))
    return 0.5 * y


def log_ndtr(x, series_order=3):
    """log(ndtr(x)) accurate in both tails (TF's special_math.log_ndtr)."""
    if x.dtype.base_dtype == dtypes.float64:
        lower, upper = -20.0, 8.0
    else:
        lower, upper = -10.0, 5.0
    return indexing_ops.where_v2(
        x > upper, -ndtr(-x),
        indexing_ops.where_v2(x > lower, unary_ops.log(ndtr(math_ops.maximum(x, lower))),
                              _log_ndtr_lower(math_ops.minimum(x, lower), series_order)))


def _log_ndtr_lower(x, series_order):
    x_2 = unary_ops.square(x)
    log_scale = -0.5 * x_2 - unary_ops.log(-x) - 0.5 * np.log(2.0 * np.pi)
    dtype = x.dtype.as_numpy_dtype
    even_sum, odd_sum, x_2n = array_ops.zeros_like(x), array_ops.zeros_like(x), x_2
    for n in range(1, series_order + 1):
        y = np.array(math.prod(range(2 * n - 1, 0, -2)), dtype) / x_2n
        if n % 2:
            odd_sum += y
        else:
            even_sum += y
        x_2n *= x_2
    return log_scale + unary_ops.log(1.0 + even_sum - odd_sum)


# ------------------------------------------------------------------ Normal
class Normal(ScalarDistribution):
    """The normal distribution with mean `loc` and standard deviation `scale` (tf.distributions.Normal)."""

    _params = ("loc", "scale")

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True, name="Normal"):
        parameters = dict(locals())
        with op_scope(None, name, [loc, scale]) as name:
            self._loc, self._scale = identity_params(self._params, {"loc": loc, "scale": scale}, validate_args,
                                                     positive=("scale",))
        super().__init__(dtype=self._scale.dtype, reparameterization_type=FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._loc, self._scale], name=name)

    loc = property(lambda self: self._loc, doc="The mean.")
    scale = property(lambda self: self._scale, doc="The standard deviation.")

    def _sample_n(self, n, seed=None):
        sampled = random_ops.random_normal(shape=self._draw_shape(n), mean=0.0, stddev=1.0, dtype=self.loc.dtype,
                                           seed=seed)
        return sampled * self.scale + self.loc

    def _z(self, x):
        with op_scope(None, "standardize", [x]):
            return (x - self.loc) / self.scale

    def _log_prob(self, x):
        return -0.5 * unary_ops.square(self._z(x)) - (0.5 * math.log(2.0 * math.pi) + unary_ops.log(self.scale))

    def _log_cdf(self, x):
        return log_ndtr(self._z(x))

    def _cdf(self, x):
        return ndtr(self._z(x))

    def _log_survival_function(self, x):
        return log_ndtr(-self._z(x))

    def _survival_function(self, x):
        return ndtr(-self._z(x))

    def _quantile(self, p):
        return inverse_erf_ops.ndtri(p) * self.scale + self.loc

    def _entropy(self):
        scale = self.scale * array_ops.ones_like(self.loc)
        return 0.5 * math.log(2.0 * math.pi * math.e) + unary_ops.log(scale)

    def _mean(self):
        return self.loc * array_ops.ones_like(self.scale)

    def _stddev(self):
        return self.scale * array_ops.ones_like(self.loc)

    _mode = _mean


@RegisterKL(Normal, Normal)
def _kl_normal_normal(n_a, n_b, name=None):
    with op_scope(name, "kl_normal_normal", [n_a.loc, n_b.loc]):
        one = constant_op.constant(1, dtype=n_a.dtype)
        two = constant_op.constant(2, dtype=n_a.dtype)
        half = constant_op.constant(0.5, dtype=n_a.dtype)
        s_a_squared, s_b_squared = unary_ops.square(n_a.scale), unary_ops.square(n_b.scale)
        ratio = s_a_squared / s_b_squared
        return (math_ops.squared_difference(n_a.loc, n_b.loc) / (two * s_b_squared)
                + half * (ratio - one - unary_ops.log(ratio)))


# ------------------------------------------------------------------ Laplace
class Laplace(ScalarDistribution):
    """The Laplace distribution with location `loc` and scale `scale` (tf.distributions.Laplace)."""

    _params = ("loc", "scale")

    def __init__(self, loc, scale, validate_args=False, allow_nan_stats=True, name="Laplace"):
        parameters = dict(locals())
        with op_scope(None, name, [loc, scale]) as name:
            self._loc, self._scale = identity_params(self._params, {"loc": loc, "scale": scale}, validate_args,
                                                     positive=("scale",))
        super().__init__(dtype=self._loc.dtype, reparameterization_type=FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._loc, self._scale], name=name)

    loc = property(lambda self: self._loc, doc="The location.")
    scale = property(lambda self: self._scale, doc="The scale.")

    def _sample_n(self, n, seed=None):
        np_dtype = self.dtype.as_numpy_dtype
        minval = np.nextafter(np_dtype(-1.0), np_dtype(1.0))
        u = random_ops.random_uniform(self._draw_shape(n), minval=minval, maxval=1.0, dtype=self.dtype, seed=seed)
        return self.loc - self.scale * unary_ops.sign(u) * unary_ops.log1p(-unary_ops.abs(u))

    def _z(self, x):
        return (x - self._loc) / self._scale

    def _log_prob(self, x):
        return -unary_ops.abs(self._z(x)) - (math.log(2.0) + unary_ops.log(self.scale))

    def _cdf(self, x):
        z = self._z(x)
        return 0.5 - 0.5 * unary_ops.sign(z) * unary_ops.expm1(-unary_ops.abs(z))

    def _log_cdf(self, x):
        return _log_cdf_laplace(self._z(x))

    def _log_survival_function(self, x):
        return _log_cdf_laplace(-self._z(x))

    def _entropy(self):
        scale = self.scale + array_ops.zeros_like(self.loc)
        return math.log(2.0) + 1.0 + unary_ops.log(scale)

    def _mean(self):
        return self.loc + array_ops.zeros_like(self.scale)

    def _stddev(self):
        return math.sqrt(2.0) * self.scale + array_ops.zeros_like(self.loc)

    _mode = _mean


def _log_cdf_laplace(x):
    lower = -math.log(2.0) + x
    upper = unary_ops.log1p(-0.5 * unary_ops.exp(-unary_ops.abs(x)))
    return indexing_ops.where_v2(x < 0.0, lower, upper)


# ------------------------------------------------------------------ Uniform
class Uniform(ScalarDistribution):
    """The uniform distribution on [low, high) (tf.distributions.Uniform)."""

    _params = ("low", "high")

    def __init__(self, low=0.0, high=1.0, validate_args=False, allow_nan_stats=True, name="Uniform"):
        parameters = dict(locals())
        with op_scope(None, name, [low, high]) as name:
            checks = [check_ops.assert_less(low, high, message="uniform not well-defined when low >= high.")] \
                if validate_args else []
            with control_dependencies(checks):
                self._low = array_ops.identity(low, name="low")
                self._high = array_ops.identity(high, name="high")
                check_ops.assert_same_float_dtype([self._low, self._high])
        super().__init__(dtype=self._low.dtype, reparameterization_type=FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._low, self._high], name=name)

    low = property(lambda self: self._low, doc="Lower boundary of the support.")
    high = property(lambda self: self._high, doc="Upper boundary of the support.")

    def range(self, name="range"):
        """high - low."""
        with self._name_scope(name):
            return self.high - self.low

    def _sample_n(self, n, seed=None):
        samples = random_ops.random_uniform(self._draw_shape(n), dtype=self.dtype, seed=seed)
        return self.low + self.range() * samples

    def _prob(self, x):
        broadcasted_x = x * constant_op.ones(self.batch_shape_tensor(), dtype=x.dtype)
        outside = logic_ops.logical_or(broadcasted_x < self.low, broadcasted_x >= self.high)
        return indexing_ops.where_v2(unary_ops.is_nan(broadcasted_x), broadcasted_x,
                                     indexing_ops.where_v2(outside, array_ops.zeros_like(broadcasted_x),
                                                           array_ops.ones_like(broadcasted_x) / self.range()))

    def _cdf(self, x):
        shape = extra_math_ops.broadcast_dynamic_shape(array_ops.shape(x), self.batch_shape_tensor())
        zeros = constant_op.zeros(shape, dtype=self.dtype)
        ones = constant_op.ones(shape, dtype=self.dtype)
        below = indexing_ops.where_v2(x < self.low, zeros, (x * ones - self.low) / self.range())
        return indexing_ops.where_v2(x >= self.high, ones, below)

    def _entropy(self):
        return unary_ops.log(self.range())

    def _mean(self):
        return (self.low + self.high) / 2.0

    def _variance(self):
        return unary_ops.square(self.range()) / 12.0

    def _stddev(self):
        return self.range() / math.sqrt(12.0)


# ------------------------------------------------------------------ StudentT
class StudentT(ScalarDistribution):
    """Student's t with `df` degrees of freedom, location and scale (tf.distributions.StudentT)."""

    _params = ("df", "loc", "scale")

    def __init__(self, df, loc, scale, validate_args=False, allow_nan_stats=True, name="StudentT"):
        parameters = dict(locals())
        with op_scope(None, name, [df, loc, scale]) as name:
            self._df, self._loc, self._scale = identity_params(
                self._params, {"df": df, "loc": loc, "scale": scale}, validate_args, positive=("df",))
        super().__init__(dtype=self._scale.dtype, reparameterization_type=FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._df, self._loc, self._scale], name=name)

    df = property(lambda self: self._df, doc="Degrees of freedom.")
    loc = property(lambda self: self._loc, doc="The location.")
    scale = property(lambda self: self._scale, doc="The scale.")

    def _sample_n(self, n, seed=None):
        normal_sample = random_ops.random_normal(self._draw_shape(n), dtype=self.dtype, seed=seed)
        df = self.df * self._ones()
        gamma_sample = random_ops.random_gamma([n], 0.5 * df, beta=0.5, dtype=self.dtype,
                                               seed=gen_new_seed(seed, salt="student_t"))
        samples = normal_sample * unary_ops.rsqrt(gamma_sample / df)
        return samples * self.scale + self.loc

    def _log_prob(self, x):
        y = (x - self.loc) / self.scale
        unnormalized = -0.5 * (self.df + 1.0) * unary_ops.log1p(y ** 2.0 / self.df)
        return unnormalized - self._log_normalization()

    def _log_normalization(self):
        return (unary_ops.log(unary_ops.abs(self.scale)) + 0.5 * unary_ops.log(self.df) + 0.5 * np.log(np.pi)
                + special_math_ops.lgamma(0.5 * self.df) - special_math_ops.lgamma(0.5 * (self.df + 1.0)))

    def _cdf(self, x):
        y = (x - self.loc) / unary_ops.abs(self.scale)
        x_t = self.df / (y ** 2.0 + self.df)
        ones = array_ops.ones_like(x_t)  # Betainc wants one shape
        neg_cdf = 0.5 * special_math_ops.betainc(0.5 * self.df * ones, 0.5 * ones, x_t)
        return indexing_ops.where_v2(logic_ops.less(y, 0.0), neg_cdf, 1.0 - neg_cdf)

    def _entropy(self):
        v = array_ops.expand_dims(self._ones(), -1)
        u = v * array_ops.expand_dims(self.df, -1)
        beta_arg = stack_ops.concat([u, v], -1) / 2.0
        return (unary_ops.log(unary_ops.abs(self.scale)) + 0.5 * unary_ops.log(self.df)
                + special_math_ops.lbeta(beta_arg) + 0.5 * (self.df + 1.0)
                * (special_math_ops.digamma(0.5 * (self.df + 1.0)) - special_math_ops.digamma(0.5 * self.df)))

    def _mean(self):
        mean = self.loc * self._ones()
        return self._defined_when_df_above_one(mean, "mean not defined for components of df <= 1")

    def _variance(self):
        denom = indexing_ops.where_v2(logic_ops.greater(self.df, 2.0), self.df - 2.0, array_ops.ones_like(self.df))
        var = self._ones() * unary_ops.square(self.scale) * self.df / denom
        inf = np.array(np.inf, dtype=self.dtype.as_numpy_dtype)
        defined = indexing_ops.where_v2(self.df > constant_op.fill(self.batch_shape_tensor(), np.array(2.0, inf.dtype)),
                                        var, constant_op.fill(self.batch_shape_tensor(), inf, name="inf"))
        return self._defined_when_df_above_one(defined, "variance not defined for components of df <= 1")

    def _defined_when_df_above_one(self, value, message):
        if self.allow_nan_stats:
            nan = np.array(np.nan, dtype=self.dtype.as_numpy_dtype)
            return indexing_ops.where_v2(logic_ops.greater(self.df, self._ones()), value,
                                         constant_op.fill(self.batch_shape_tensor(), nan, name="nan"))
        check = check_ops.assert_less(constant_op.ones([], dtype=self.dtype), self.df, message=message)
        return control_flow_ops.with_dependencies([check], value)

    def _mode(self):
        return array_ops.identity(self.loc)
