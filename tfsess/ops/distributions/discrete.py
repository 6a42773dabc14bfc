"""Discrete distributions: Bernoulli, Categorical, Multinomial and DirichletMultinomial, with TF's KL pairs.

Each takes `logits` or `probs` (exactly one), keeping the other as TF does: sigmoid/softmax of the
logits, or log-odds/log of the probabilities. Samples come from uniform or multinomial draws.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.tensor_shape import TensorShape, scalar
from tfsess.ops import (array_ops, constant_op, functional_ops, indexing_ops, linalg_ops, logic_ops, math_ops,
                        matrix_ops, nn_impl, nn_ops, random_ops, reduction_ops, sequence_ops, softmax_ops,
                        special_math_ops, stack_ops, unary_ops)
from tfsess.ops.distributions.continuous import gen_new_seed
from tfsess.ops.distributions.distribution import NOT_REPARAMETERIZED, Distribution
from tfsess.ops.distributions.kullback_leibler import RegisterKL


def logits_and_probs(logits, probs, multidimensional, dtype=None):
    """TF's distribution_util.get_logits_and_probs: both parametrizations from exactly one."""
    if (probs is None) == (logits is None):
        raise ValueError("Must pass probs or logits, but not both.")
    if probs is None:
        logits = convert_to_tensor(logits, name="logits", dtype=dtype)
        if not logits.dtype.is_floating:
            raise TypeError("logits must having floating type.")
        with op_scope(None, "probs", [logits]):
            probs = softmax_ops.softmax(logits, name="probs") if multidimensional else \
                unary_ops.sigmoid(logits, name="probs")
        return logits, probs
    probs = convert_to_tensor(probs, name="probs", dtype=dtype)
    if not probs.dtype.is_floating:
        raise TypeError("probs must having floating type.")
    with op_scope(None, "logits", [probs]):
        logits = unary_ops.log(probs, name="logits") if multidimensional else \
            math_ops.subtract(unary_ops.log(probs), unary_ops.log1p(-1.0 * probs), name="logits")
    return logits, probs


def log_combinations(n, counts):
    """log(n! / prod(counts!)) over the last axis (TF's distribution_util.log_combinations)."""
    total_permutations = special_math_ops.lgamma(n + 1)
    redundant_permutations = reduction_ops.reduce_sum(special_math_ops.lgamma(counts + 1), axis=[-1])
    return total_permutations - redundant_permutations


# ------------------------------------------------------------------ Bernoulli
class Bernoulli(Distribution):
    """A 0/1 outcome with P(1) = probs = sigmoid(logits) (tf.distributions.Bernoulli)."""

    def __init__(self, logits=None, probs=None, dtype=dtypes.int32, validate_args=False, allow_nan_stats=True,
                 name="Bernoulli"):
        parameters = dict(locals())
        with op_scope(None, name, [logits, probs]) as name:
            self._logits, self._probs = logits_and_probs(logits, probs, multidimensional=False)
        super().__init__(dtype=dtypes.as_dtype(dtype), reparameterization_type=NOT_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._logits, self._probs], name=name)

    logits = property(lambda self: self._logits, doc="Log-odds of a 1 outcome.")
    probs = property(lambda self: self._probs, doc="Probability of a 1 outcome.")

    def _batch_shape_tensor(self):
        return array_ops.shape(self._logits)

    def _batch_shape(self):
        return self._logits.shape

    def _event_shape_tensor(self):
        return constant_op.constant([], dtypes.int32)

    def _event_shape(self):
        return scalar()

    def _sample_n(self, n, seed=None):
        new_shape = stack_ops.concat([[n], self.batch_shape_tensor()], 0)
        uniform = random_ops.random_uniform(new_shape, seed=seed, dtype=self.probs.dtype)
        return math_ops.cast(logic_ops.less(uniform, self.probs), self.dtype)

    def _log_prob(self, event):
        event = math_ops.cast(event, self.logits.dtype)
        logits = self.logits
        if not (event.shape.is_fully_defined() and logits.shape.is_fully_defined()
                and event.shape == logits.shape):
            logits, event = array_ops.ones_like(event) * logits, array_ops.ones_like(logits) * event
        return -nn_impl.sigmoid_cross_entropy_with_logits(labels=event, logits=logits)

    def _entropy(self):
        return -self.logits * (unary_ops.sigmoid(self.logits) - 1) + nn_ops.softplus(-self.logits)

    def _mean(self):
        return array_ops.identity(self.probs)

    def _variance(self):
        return self._mean() * (1.0 - self.probs)

    def _mode(self):
        return math_ops.cast(self.probs > 0.5, self.dtype)


@RegisterKL(Bernoulli, Bernoulli)
def _kl_bernoulli_bernoulli(a, b, name=None):
    with op_scope(name, "kl_bernoulli_bernoulli", [a.logits, b.logits]):
        delta_probs0 = nn_ops.softplus(-b.logits) - nn_ops.softplus(-a.logits)
        delta_probs1 = nn_ops.softplus(b.logits) - nn_ops.softplus(a.logits)
        return unary_ops.sigmoid(a.logits) * delta_probs0 + unary_ops.sigmoid(-a.logits) * delta_probs1


# ------------------------------------------------------------------ Categorical
def _broadcast_event_and_params(event, params, base_dtype):
    if event.dtype.is_floating:
        event = math_ops.cast(event, dtypes.int32)
    elif not event.dtype.is_integer:
        raise TypeError(f"`value` should have integer `dtype` or `self.dtype` ({base_dtype})")
    known = (params.shape.ndims is not None and params.shape[:-1].is_fully_defined()
             and event.shape.is_fully_defined())
    if not known or params.shape[:-1] != event.shape:
        params = params * array_ops.ones_like(array_ops.expand_dims(event, -1), dtype=params.dtype)
        event = event * constant_op.ones(array_ops.shape(params)[:-1], dtype=event.dtype)
        if params.shape.ndims is not None:
            event.set_shape(TensorShape(params.shape[:-1]))
    return event, params


class Categorical(Distribution):
    """One of K classes with probabilities softmax(logits) along the last axis (tf.distributions.Categorical)."""

    def __init__(self, logits=None, probs=None, dtype=dtypes.int32, validate_args=False, allow_nan_stats=True,
                 name="Categorical"):
        parameters = dict(locals())
        with op_scope(None, name, [logits, probs]) as name:
            self._logits, self._probs = logits_and_probs(logits, probs, multidimensional=True)
            shape = self._logits.shape
            if shape.ndims is not None and shape[-1].value is not None:
                self._event_size = constant_op.constant(shape[-1].value, dtypes.int32, name="event_size")
            else:
                self._event_size = array_ops.shape(self._logits, name="event_size")[-1]
            self._batch_rank = shape.ndims - 1 if shape.ndims is not None else \
                array_ops.rank(self._logits, name="batch_rank") - 1
        super().__init__(dtype=dtypes.as_dtype(dtype), reparameterization_type=NOT_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._logits, self._probs], name=name)

    logits = property(lambda self: self._logits, doc="Unnormalised log-probabilities of the classes.")
    probs = property(lambda self: self._probs, doc="Probabilities of the classes.")
    event_size = property(lambda self: self._event_size, doc="The number of classes.")

    def _batch_shape_tensor(self):
        return array_ops.shape(self.logits)[:-1]

    def _batch_shape(self):
        shape = self.logits.shape
        return TensorShape(None) if shape.ndims is None else shape[:-1]

    def _event_shape_tensor(self):
        return constant_op.constant([], dtypes.int32)

    def _event_shape(self):
        return scalar()

    def _sample_n(self, n, seed=None):
        logits_2d = self.logits if self.logits.shape.ndims == 2 else \
            array_ops.reshape(self.logits, stack_ops.stack([-1, self.event_size]))
        sample_dtype = dtypes.int64 if self.dtype.size > 4 else dtypes.int32
        draws = random_ops.multinomial(logits_2d, n, seed=seed, output_dtype=sample_dtype)
        draws = array_ops.reshape(array_ops.transpose(draws), stack_ops.concat([[n], self.batch_shape_tensor()], 0))
        return math_ops.cast(draws, self.dtype)

    def _log_prob(self, k):
        k, logits = _broadcast_event_and_params(convert_to_tensor(k, name="k"), self.logits, self.dtype)
        return -softmax_ops.sparse_softmax_cross_entropy_with_logits(labels=k, logits=logits)

    def _cdf(self, k):
        k, probs = _broadcast_event_and_params(convert_to_tensor(k, name="k"), self.probs, self.dtype)
        flat_probs = array_ops.reshape(probs, stack_ops.stack([-1, self.event_size]))
        flat_k = array_ops.reshape(k, [-1])
        to_sum = indexing_ops.where(sequence_ops.sequence_mask(flat_k, self.event_size), flat_probs,
                                    array_ops.zeros_like(flat_probs))
        return array_ops.reshape(reduction_ops.reduce_sum(to_sum, axis=-1), array_ops.shape(k))

    def _entropy(self):
        return -reduction_ops.reduce_sum(softmax_ops.log_softmax(self.logits) * self.probs, axis=-1)

    def _mode(self):
        mode = math_ops.cast(reduction_ops.argmax(self.logits, axis=self._batch_rank), self.dtype)
        mode.set_shape(self.batch_shape)
        return mode


@RegisterKL(Categorical, Categorical)
def _kl_categorical_categorical(a, b, name=None):
    with op_scope(name, "kl_categorical_categorical", [a.logits, b.logits]):
        delta_log_probs1 = softmax_ops.log_softmax(a.logits) - softmax_ops.log_softmax(b.logits)
        return reduction_ops.reduce_sum(softmax_ops.softmax(a.logits) * delta_log_probs1, axis=-1)


# ------------------------------------------------------------------ Multinomial
class _CountsDistribution(Distribution):
    """Counts over K classes summing to total_count: batch shape from the parameters, event shape [K]."""

    def _batch_shape_tensor(self):
        return array_ops.shape(self._mean_src)[:-1]

    def _batch_shape(self):
        shape = self._mean_src.shape
        return TensorShape(None) if shape.ndims is None else shape[:-1]

    def _event_shape_tensor(self):
        return array_ops.shape(self._mean_src)[-1:]

    def _event_shape(self):
        shape = self._mean_src.shape
        return TensorShape(None) if shape.ndims is None else shape[-1:]

    def _covariance(self):
        x = self._variance_scale_term() * self._mean()
        outer = linalg_ops.matmul(array_ops.expand_dims(x, -1), array_ops.expand_dims(x, -2))
        return matrix_ops.matrix_set_diag(-outer, self._variance())


class Multinomial(_CountsDistribution):
    """Counts of `total_count` categorical draws over the classes (tf.distributions.Multinomial)."""

    def __init__(self, total_count, logits=None, probs=None, validate_args=False, allow_nan_stats=True,
                 name="Multinomial"):
        parameters = dict(locals())
        with op_scope(None, name, [total_count, logits, probs]) as name:
            self._total_count = convert_to_tensor(total_count, name="total_count")
            self._logits, self._probs = logits_and_probs(logits, probs, multidimensional=True)
            self._mean_val = array_ops.expand_dims(self._total_count, -1) * self._probs
        self._mean_src = self._mean_val
        super().__init__(dtype=self._probs.dtype, reparameterization_type=NOT_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._total_count, self._logits, self._probs], name=name)

    total_count = property(lambda self: self._total_count, doc="Number of draws.")
    logits = property(lambda self: self._logits, doc="Log-probabilities of the classes.")
    probs = property(lambda self: self._probs, doc="Probabilities of the classes.")

    def _sample_n(self, n, seed=None):
        n_draws = math_ops.cast(self.total_count, dtypes.int32)
        k = self.event_shape_tensor()[0]
        n_draws = array_ops.ones_like(self.logits[..., 0], dtype=n_draws.dtype) * n_draws
        logits = array_ops.ones_like(array_ops.expand_dims(n_draws, -1), dtype=self.logits.dtype) * self.logits
        flat_logits = array_ops.reshape(logits, stack_ops.stack([-1, k]))
        flat_ndraws = n * array_ops.reshape(n_draws, [-1])

        def sample_single(args):
            row_logits, n_draw = args
            x = random_ops.multinomial(array_ops.expand_dims(row_logits, 0), n_draw, seed)
            x = array_ops.reshape(x, stack_ops.stack([n, -1]))
            return reduction_ops.reduce_sum(indexing_ops.one_hot(x, depth=k), axis=-2)

        x = functional_ops.map_fn(sample_single, [flat_logits, flat_ndraws], dtype=self.dtype)
        x = array_ops.transpose(x, perm=[1, 0, 2])
        return array_ops.reshape(x, stack_ops.concat([[n], self.batch_shape_tensor(), [k]], 0))

    def _log_prob(self, counts):
        unnormalized = reduction_ops.reduce_sum(counts * softmax_ops.log_softmax(self.logits), -1)
        return unnormalized + log_combinations(self.total_count, counts)

    def _mean(self):
        return array_ops.identity(self._mean_val)

    def _variance_scale_term(self):
        return array_ops.ones_like(self._mean_val)

    def _covariance(self):
        p = self.probs * array_ops.expand_dims(array_ops.ones_like(self.total_count), -1)
        outer = linalg_ops.matmul(array_ops.expand_dims(self._mean_val, -1), array_ops.expand_dims(p, -2))
        return matrix_ops.matrix_set_diag(-outer, self._variance())

    def _variance(self):
        p = self.probs * array_ops.expand_dims(array_ops.ones_like(self.total_count), -1)
        return self._mean_val - self._mean_val * p


class DirichletMultinomial(_CountsDistribution):
    """Multinomial counts whose class probabilities are Dirichlet(concentration)
    (tf.distributions.DirichletMultinomial)."""

    def __init__(self, total_count, concentration, validate_args=False, allow_nan_stats=True,
                 name="DirichletMultinomial"):
        parameters = dict(locals())
        with op_scope(None, name, [total_count, concentration]) as name:
            self._total_count = convert_to_tensor(total_count, name="total_count")
            self._concentration = convert_to_tensor(concentration, name="concentration")
            self._total_concentration = reduction_ops.reduce_sum(self._concentration, -1)
        self._mean_src = self._concentration * array_ops.expand_dims(array_ops.ones_like(self._total_count), -1)
        super().__init__(dtype=self._concentration.dtype, reparameterization_type=NOT_REPARAMETERIZED,
                         validate_args=validate_args, allow_nan_stats=allow_nan_stats, parameters=parameters,
                         graph_parents=[self._total_count, self._concentration], name=name)

    total_count = property(lambda self: self._total_count, doc="Number of draws.")
    concentration = property(lambda self: self._concentration, doc="Concentration of the Dirichlet prior.")
    total_concentration = property(lambda self: self._total_concentration, doc="Sum of the concentrations.")

    def _sample_n(self, n, seed=None):
        n_draws = math_ops.cast(self.total_count, dtypes.int32)
        k = self.event_shape_tensor()[0]
        gammas = random_ops.random_gamma(shape=[n], alpha=self.concentration, dtype=self.dtype, seed=seed)
        unnormalized_logits = array_ops.reshape(unary_ops.log(gammas), stack_ops.stack([-1, k]))
        draws = random_ops.multinomial(unnormalized_logits, n_draws,
                                       seed=gen_new_seed(seed, salt="dirichlet_multinomial"))
        x = reduction_ops.reduce_sum(indexing_ops.one_hot(draws, depth=k), -2)
        x = array_ops.reshape(x, stack_ops.concat([[n], self.batch_shape_tensor(), [k]], 0))
        return math_ops.cast(x, self.dtype)

    def _log_prob(self, counts):
        ordered_prob = (special_math_ops.lbeta(self.concentration + counts)
                        - special_math_ops.lbeta(self.concentration))
        return ordered_prob + log_combinations(self.total_count, counts)

    def _mean(self):
        return array_ops.expand_dims(self.total_count, -1) * (
            self.concentration / array_ops.expand_dims(self.total_concentration, -1))

    def _variance_scale_term(self):
        c0 = array_ops.expand_dims(self.total_concentration, -1)
        return unary_ops.sqrt((1.0 + c0 / array_ops.expand_dims(self.total_count, -1)) / (1.0 + c0))

    def _variance(self):
        scale = self._variance_scale_term()
        x = scale * self._mean()
        return x * (array_ops.expand_dims(self.total_count, -1) * scale - x)
