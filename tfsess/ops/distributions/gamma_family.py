"""Distributions sampled from gamma draws: Gamma, Exponential, Beta and Dirichlet, with TF's KL pairs.

Samples come from tf.random.gamma (TF's RandomGamma bits) and are reparameterized through its
implicit gradient in alpha, as TF's are; Exponential's come from one uniform draw.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework.op_builder import op_scope
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import (array_ops, check_ops, composite_math_ops, constant_op, control_flow_ops, indexing_ops,
                        linalg_ops, logic_ops, math_ops, matrix_ops, random_ops, reduction_ops, special_math_ops,
                        stack_ops, unary_ops)
from tfsess.ops.distributions.continuous import ScalarDistribution, gen_new_seed, identity_params
from tfsess.ops.distributions.distribution import FULLY_REPARAMETERIZED, Distribution
from tfsess.ops.distributions.kullback_leibler import RegisterKL


def nan_or_assert(dist, value, defined, message):
    """`value` where `defined`, NaN elsewhere (allow_nan_stats), else `value` after asserting `defined`."""
    if dist.allow_nan_stats:
        nan = np.array(np.nan, dtype=dist.dtype.as_numpy_dtype)
        return indexing_ops.where_v2(defined, value, constant_op.fill(array_ops.shape(value), nan))
    check = check_ops.assert_equal(reduction_ops.reduce_all(defined), True, message=message)
    return control_flow_ops.with_dependencies([check], value)


# ------------------------------------------------------------------ Gamma
class Gamma(ScalarDistribution):
    """Gamma(concentration, rate): density rate^c x^(c-1) e^(-rate x) / Gamma(c) (tf.distributions.Gamma)."""

    _params = ("concentration", "rate")

    def __init__(self, concentration, rate, validate_args=False, allow_nan_stats=True, name="Gamma"):
        parameters = dict(locals())
        with op_scope(None, name, [concentration, rate]) as name:
            self._concentration, self._rate = identity_params(
                self._params, {"concentration": concentration, "rate": rate}, validate_args,
                positive=("concentration", "rate"))
        super().__init__(dtype=self._concentration.dtype, reparameterization_type=FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._concentration, self._rate], name=name)

    concentration = property(lambda self: self._concentration, doc="Concentration (shape) parameter.")
    rate = property(lambda self: self._rate, doc="Rate (inverse scale) parameter.")

    def _sample_n(self, n, seed=None):
        return random_ops.random_gamma(shape=[n], alpha=self.concentration, beta=self.rate, dtype=self.dtype,
                                       seed=seed)

    def _checked_sample(self, x):
        if not self.validate_args:
            return x
        return control_flow_ops.with_dependencies([check_ops.assert_positive(x)], x)

    def _log_prob(self, x):
        x = self._checked_sample(x)
        unnormalized = composite_math_ops.xlogy(self.concentration - 1.0, x) - self.rate * x
        return unnormalized - self._log_normalization()

    def _log_normalization(self):
        return special_math_ops.lgamma(self.concentration) - self.concentration * unary_ops.log(self.rate)

    def _cdf(self, x):
        x = self._checked_sample(x)
        return special_math_ops.igamma(self.concentration, self.rate * x)

    def _entropy(self):
        return (self.concentration - unary_ops.log(self.rate) + special_math_ops.lgamma(self.concentration)
                + (1.0 - self.concentration) * special_math_ops.digamma(self.concentration))

    def _mean(self):
        return self.concentration / self.rate

    def _variance(self):
        return self.concentration / unary_ops.square(self.rate)

    def _stddev(self):
        return unary_ops.sqrt(self.concentration) / self.rate

    def _mode(self):
        mode = (self.concentration - 1.0) / self.rate
        return nan_or_assert(self, mode, self.concentration > 1.0, "mode not defined when any concentration <= 1")


@RegisterKL(Gamma, Gamma)
def _kl_gamma_gamma(g0, g1, name=None):
    with op_scope(name, "kl_gamma_gamma", [g0.concentration, g0.rate, g1.concentration, g1.rate]):
        return ((g0.concentration - g1.concentration) * special_math_ops.digamma(g0.concentration)
                + special_math_ops.lgamma(g1.concentration) - special_math_ops.lgamma(g0.concentration)
                + g1.concentration * unary_ops.log(g0.rate) - g1.concentration * unary_ops.log(g1.rate)
                + g0.concentration * (g1.rate / g0.rate - 1.0))


class Exponential(Gamma):
    """The exponential distribution with rate `rate`: Gamma(1, rate) (tf.distributions.Exponential)."""

    def __init__(self, rate, validate_args=False, allow_nan_stats=True, name="Exponential"):
        parameters = dict(locals())
        with op_scope(None, name, [rate]) as scope:
            self._rate_given = array_ops.identity(rate, name="rate")
        super().__init__(concentration=array_ops.ones_like(self._rate_given), rate=self._rate_given,
                         allow_nan_stats=allow_nan_stats, validate_args=validate_args, name=scope)
        self._parameters = {k: v for k, v in parameters.items() if k not in ("self", "__class__")}
        self._graph_parents = [self._rate]

    def _sample_n(self, n, seed=None):
        shape = stack_ops.concat([[n], array_ops.shape(self._rate)], 0)
        np_dtype = self.dtype.as_numpy_dtype
        sampled = random_ops.random_uniform(shape, minval=np.finfo(np_dtype).tiny, maxval=np.array(1.0, np_dtype),
                                            seed=seed, dtype=self.dtype)
        return -unary_ops.log(sampled) / self._rate

    def _log_survival_function(self, x):
        return -self._rate * x


# ------------------------------------------------------------------ Beta
class Beta(ScalarDistribution):
    """Beta(concentration1, concentration0) on (0, 1) (tf.distributions.Beta)."""

    _params = ("concentration1", "concentration0")

    def __init__(self, concentration1=None, concentration0=None, validate_args=False, allow_nan_stats=True,
                 name="Beta"):
        parameters = dict(locals())
        with op_scope(None, name, [concentration1, concentration0]) as name:
            self._concentration1, self._concentration0 = identity_params(
                self._params, {"concentration1": concentration1, "concentration0": concentration0}, validate_args,
                positive=self._params)
            self._total_concentration = self._concentration1 + self._concentration0
        super().__init__(dtype=self._total_concentration.dtype, reparameterization_type=FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._concentration1, self._concentration0], name=name)

    concentration1 = property(lambda self: self._concentration1, doc="Concentration of the 1 outcome.")
    concentration0 = property(lambda self: self._concentration0, doc="Concentration of the 0 outcome.")
    total_concentration = property(lambda self: self._total_concentration, doc="Sum of the concentrations.")

    def _batch_shape_tensor(self):
        return array_ops.shape(self.total_concentration)

    def _batch_shape(self):
        return self.total_concentration.shape

    def _sample_n(self, n, seed=None):
        expanded_c1 = array_ops.ones_like(self.total_concentration, dtype=self.dtype) * self.concentration1
        expanded_c0 = array_ops.ones_like(self.total_concentration, dtype=self.dtype) * self.concentration0
        gamma1 = random_ops.random_gamma(shape=[n], alpha=expanded_c1, dtype=self.dtype, seed=seed)
        gamma2 = random_ops.random_gamma(shape=[n], alpha=expanded_c0, dtype=self.dtype,
                                         seed=gen_new_seed(seed, "beta"))
        return gamma1 / (gamma1 + gamma2)

    def _log_prob(self, x):
        return self._log_unnormalized_prob(x) - self._log_normalization()

    def _log_unnormalized_prob(self, x):
        if self.validate_args:
            x = control_flow_ops.with_dependencies([check_ops.assert_positive(x), check_ops.assert_less(
                x, array_ops.ones([], self.dtype), message="sample must be less than `1`.")], x)
        return (composite_math_ops.xlogy(self.concentration1 - 1.0, x)
                + (self.concentration0 - 1.0) * unary_ops.log1p(-x))

    def _log_normalization(self):
        return (special_math_ops.lgamma(self.concentration1) + special_math_ops.lgamma(self.concentration0)
                - special_math_ops.lgamma(self.total_concentration))

    def _cdf(self, x):
        ones = array_ops.ones_like(x) * array_ops.ones_like(self.total_concentration)  # Betainc wants one shape
        return special_math_ops.betainc(self.concentration1 * ones, self.concentration0 * ones, x * ones)

    def _entropy(self):
        return (self._log_normalization()
                - (self.concentration1 - 1.0) * special_math_ops.digamma(self.concentration1)
                - (self.concentration0 - 1.0) * special_math_ops.digamma(self.concentration0)
                + (self.total_concentration - 2.0) * special_math_ops.digamma(self.total_concentration))

    def _mean(self):
        return self._concentration1 / self._total_concentration

    def _variance(self):
        return self._mean() * (1.0 - self._mean()) / (1.0 + self.total_concentration)

    def _mode(self):
        mode = (self.concentration1 - 1.0) / (self.total_concentration - 2.0)
        defined = logic_ops.logical_and(self.concentration1 > 1.0, self.concentration0 > 1.0)
        return nan_or_assert(self, mode, defined, "Mode undefined for concentration1 <= 1 or concentration0 <= 1.")


@RegisterKL(Beta, Beta)
def _kl_beta_beta(d1, d2, name=None):
    with op_scope(name, "kl_beta_beta", [d1.concentration1, d1.concentration0, d2.concentration1,
                                         d2.concentration0]):
        def delta(attr):
            return getattr(d2, attr) - getattr(d1, attr)
        return (d2._log_normalization() - d1._log_normalization()
                - special_math_ops.digamma(d1.concentration1) * delta("concentration1")
                - special_math_ops.digamma(d1.concentration0) * delta("concentration0")
                + special_math_ops.digamma(d1.total_concentration) * delta("total_concentration"))


# ------------------------------------------------------------------ Dirichlet
class Dirichlet(Distribution):
    """The Dirichlet distribution over the simplex, event size the last dim of `concentration`
    (tf.distributions.Dirichlet)."""

    def __init__(self, concentration, validate_args=False, allow_nan_stats=True, name="Dirichlet"):
        parameters = dict(locals())
        with op_scope(None, name, [concentration]) as name:
            (self._concentration,) = identity_params(("concentration",), {"concentration": concentration},
                                                     validate_args, positive=("concentration",))
            self._total_concentration = reduction_ops.reduce_sum(self._concentration, -1)
        super().__init__(dtype=self._concentration.dtype, reparameterization_type=FULLY_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._concentration, self._total_concentration], name=name)

    concentration = property(lambda self: self._concentration, doc="Concentration parameter.")
    total_concentration = property(lambda self: self._total_concentration, doc="Sum of the last dimension.")

    def _batch_shape_tensor(self):
        return array_ops.shape(self.total_concentration)

    def _batch_shape(self):
        return self.total_concentration.shape

    def _event_shape_tensor(self):
        return array_ops.shape(self.concentration)[-1:]

    def _event_shape(self):
        shape = self.concentration.shape
        return TensorShape(None) if shape.ndims is None else shape[-1:]

    def _sample_n(self, n, seed=None):
        gamma_sample = random_ops.random_gamma(shape=[n], alpha=self.concentration, dtype=self.dtype, seed=seed)
        return gamma_sample / reduction_ops.reduce_sum(gamma_sample, -1, keepdims=True)

    def _log_prob(self, x):
        unnormalized = reduction_ops.reduce_sum(composite_math_ops.xlogy(self.concentration - 1.0, x), -1)
        return unnormalized - special_math_ops.lbeta(self.concentration)

    def _entropy(self):
        k = math_ops.cast(self.event_shape_tensor()[0], self.dtype)
        return (special_math_ops.lbeta(self.concentration)
                + (self.total_concentration - k) * special_math_ops.digamma(self.total_concentration)
                - reduction_ops.reduce_sum((self.concentration - 1.0)
                                           * special_math_ops.digamma(self.concentration), -1))

    def _mean(self):
        return self.concentration / array_ops.expand_dims(self.total_concentration, -1)

    def _variance_scale_term(self):
        return unary_ops.rsqrt(1.0 + array_ops.expand_dims(self.total_concentration, -1))

    def _variance(self):
        scale = self._variance_scale_term()
        x = scale * self._mean()
        return x * (scale - x)

    def _covariance(self):
        x = self._variance_scale_term() * self._mean()
        outer = linalg_ops.matmul(array_ops.expand_dims(x, -1), array_ops.expand_dims(x, -2))
        return matrix_ops.matrix_set_diag(-outer, self._variance())

    def _mode(self):
        k = math_ops.cast(self.event_shape_tensor()[0], self.dtype)
        mode = (self.concentration - 1.0) / (array_ops.expand_dims(self.total_concentration, -1) - k)
        # TF tests one flag per batch member against the per-class mode (a shape error for batches over 1)
        defined = reduction_ops.reduce_all(self.concentration > 1.0, axis=-1)
        return nan_or_assert(self, mode, defined, "Mode undefined when any concentration <= 1")


@RegisterKL(Dirichlet, Dirichlet)
def _kl_dirichlet_dirichlet(d1, d2, name=None):
    with op_scope(name, "kl_dirichlet_dirichlet", [d1.concentration, d2.concentration]):
        digamma_sum_d1 = special_math_ops.digamma(reduction_ops.reduce_sum(d1.concentration, -1, keepdims=True))
        digamma_diff = special_math_ops.digamma(d1.concentration) - digamma_sum_d1
        concentration_diff = d1.concentration - d2.concentration
        return (reduction_ops.reduce_sum(concentration_diff * digamma_diff, -1)
                - special_math_ops.lbeta(d1.concentration) + special_math_ops.lbeta(d2.concentration))


