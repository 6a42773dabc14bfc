"""The Distribution base class of tf.distributions (TF1) and its reparameterization markers.

A subclass computes batch/event shapes and the `_log_prob`, `_cdf`, `_mean`, ... of one kind of
distribution; the public methods here open TF's name scopes (`<distribution name>/<method>/`),
convert arguments, reshape samples to `sample_shape + batch_shape + event_shape` and fall back as
TF does (prob = exp(log_prob) and back, stddev = sqrt(variance) and back). A method a subclass
does not define raises NotImplementedError naming it, as TF's do.
"""
from __future__ import annotations

import contextlib

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import constant_value, convert_to_tensor, op_scope
from tfsess.framework.tensor_shape import TensorShape, as_shape
from tfsess.ops import array_ops, constant_op, logic_ops, reduction_ops, stack_ops, unary_ops
from tfsess.ops.distributions import kullback_leibler


class ReparameterizationType:
    """Whether samples are differentiable in the parameters (FULLY_/NOT_REPARAMETERIZED)."""

    def __init__(self, rep_type):
        self._rep_type = rep_type

    def __repr__(self):
        return f"<Reparameterization Type: {self._rep_type}>"

    def __eq__(self, other):
        return self is other

    __hash__ = object.__hash__


FULLY_REPARAMETERIZED = ReparameterizationType("FULLY_REPARAMETERIZED")
NOT_REPARAMETERIZED = ReparameterizationType("NOT_REPARAMETERIZED")


def _static_shape(shape_tensor):
    value = constant_value(shape_tensor)
    return TensorShape(None) if value is None else TensorShape([int(d) for d in np.reshape(value, -1)])


def _missing_value(self, value):
    raise NotImplementedError(f"not implemented for {type(self).__name__}")


def _missing_statistic(self):
    raise NotImplementedError(f"not implemented for {type(self).__name__}")


class Distribution:
    """A batch of probability distributions over tensors of one dtype (tf.distributions.Distribution)."""

    def __init__(self, dtype, reparameterization_type, validate_args, allow_nan_stats, parameters=None,
                 graph_parents=None, name=None):
        self._dtype = dtype
        self._reparameterization_type = reparameterization_type
        self._allow_nan_stats = allow_nan_stats
        self._validate_args = validate_args
        self._parameters = {k: v for k, v in (parameters or {}).items() if k not in ("self", "__class__")}
        self._graph_parents = list(graph_parents or [])
        self._name = name or type(self).__name__

    # ------------------------------------------------------------------ properties
    @property
    def name(self):
        return self._name

    @property
    def dtype(self):
        return self._dtype

    @property
    def parameters(self):
        """The constructor's arguments, as given."""
        return dict(self._parameters)

    @property
    def reparameterization_type(self):
        return self._reparameterization_type

    @property
    def allow_nan_stats(self):
        return self._allow_nan_stats

    @property
    def validate_args(self):
        return self._validate_args

    def copy(self, **override_parameters_kwargs):
        """A new distribution of this class with the same parameters except those given."""
        return type(self)(**{**self.parameters, **override_parameters_kwargs})

    @classmethod
    def param_shapes(cls, sample_shape, name="DistributionParamShapes"):
        """The parameter shapes that give samples of `sample_shape` (int32 tensors by name)."""
        with op_scope(name, "DistributionParamShapes", [sample_shape]):
            return cls._param_shapes(sample_shape)

    @classmethod
    def _param_shapes(cls, sample_shape):
        raise NotImplementedError(f"_param_shapes not implemented: {cls.__name__}")

    # ------------------------------------------------------------------ shapes
    def batch_shape_tensor(self, name="batch_shape_tensor"):
        with self._name_scope(name):
            if self.batch_shape.is_fully_defined():
                return constant_op.constant(self.batch_shape.as_list(), dtypes.int32, name="batch_shape")
            return self._batch_shape_tensor()

    @property
    def batch_shape(self):
        return as_shape(self._batch_shape())

    def event_shape_tensor(self, name="event_shape_tensor"):
        with self._name_scope(name):
            if self.event_shape.is_fully_defined():
                return constant_op.constant(self.event_shape.as_list(), dtypes.int32, name="event_shape")
            return self._event_shape_tensor()

    @property
    def event_shape(self):
        return as_shape(self._event_shape())

    def _batch_shape(self):
        return TensorShape(None)

    def _event_shape(self):
        return TensorShape(None)

    def _batch_shape_tensor(self):
        raise NotImplementedError(f"batch_shape_tensor is not implemented: {type(self).__name__}")

    def _event_shape_tensor(self):
        raise NotImplementedError(f"event_shape_tensor is not implemented: {type(self).__name__}")

    def is_scalar_event(self, name="is_scalar_event"):
        with self._name_scope(name):
            return self._is_scalar(self.event_shape, self.event_shape_tensor, "is_scalar_event")

    def is_scalar_batch(self, name="is_scalar_batch"):
        with self._name_scope(name):
            return self._is_scalar(self.batch_shape, self.batch_shape_tensor, "is_scalar_batch")

    @staticmethod
    def _is_scalar(static_shape, dynamic_shape_fn, name):
        if static_shape.ndims is not None:
            return constant_op.constant(static_shape.ndims == 0, name=name)
        return logic_ops.equal(array_ops.size(dynamic_shape_fn()), 0, name=name)

    # ------------------------------------------------------------------ sampling
    def sample(self, sample_shape=(), seed=None, name="sample"):
        """Samples of shape `sample_shape + batch_shape + event_shape`."""
        with self._name_scope(name, values=[sample_shape]):
            sample_shape = convert_to_tensor(sample_shape, dtypes.int32, name="sample_shape")
            sample_shape, n = self._expand_sample_shape_to_vector(sample_shape, "sample_shape")
            samples = self._sample_n(n, seed)
            batch_event_shape = array_ops.shape(samples)[1:]
            final_shape = stack_ops.concat([sample_shape, batch_event_shape], 0)
            samples = array_ops.reshape(samples, final_shape)
            static = _static_shape(sample_shape)
            if static.ndims is not None:
                samples.set_shape(static.concatenate(self.batch_shape).concatenate(self.event_shape))
            return samples

    def _sample_n(self, n, seed=None):
        raise NotImplementedError(f"sample_n is not implemented: {type(self).__name__}")

    @staticmethod
    def _expand_sample_shape_to_vector(x, name):
        """`x` as a vector (a scalar becomes [x]) and its number of elements."""
        static = constant_value(x)
        if static is not None:
            vector = np.reshape(np.asarray(static, np.int32), -1)
            return (constant_op.constant(vector, dtypes.int32, name=name),
                    constant_op.constant(int(np.prod(vector, dtype=np.int64)), dtypes.int32))
        x = array_ops.reshape(x, [-1], name=name)
        return x, reduction_ops.reduce_prod(x)

    # ------------------------------------------------------------------ densities and statistics
    def _call(self, name, value, method, fallback=None):
        """`method(value)` in the scope `name`; if the subclass lacks it, `fallback(value)` (another route)."""
        with self._name_scope(name, values=[value]):
            value = self._convert_value(value)
            try:
                return getattr(self, method)(value)
            except NotImplementedError as original:
                if fallback is None:
                    raise NotImplementedError(f"{name} is not implemented: {type(self).__name__}") from original
                try:
                    return fallback(value)
                except NotImplementedError:
                    raise NotImplementedError(f"{name} is not implemented: {type(self).__name__}") from original

    def _convert_value(self, value):
        return convert_to_tensor(value, name="value", preferred_dtype=self.dtype)

    def log_prob(self, value, name="log_prob"):
        return self._call(name, value, "_log_prob", lambda v: unary_ops.log(self._prob(v)))

    def prob(self, value, name="prob"):
        return self._call(name, value, "_prob", lambda v: unary_ops.exp(self._log_prob(v)))

    def log_cdf(self, value, name="log_cdf"):
        return self._call(name, value, "_log_cdf", lambda v: unary_ops.log(self._cdf(v)))

    def cdf(self, value, name="cdf"):
        return self._call(name, value, "_cdf", lambda v: unary_ops.exp(self._log_cdf(v)))

    def log_survival_function(self, value, name="log_survival_function"):
        return self._call(name, value, "_log_survival_function", lambda v: unary_ops.log1p(-self.cdf(v)))

    def survival_function(self, value, name="survival_function"):
        return self._call(name, value, "_survival_function", lambda v: 1.0 - self.cdf(v))

    def quantile(self, value, name="quantile"):
        return self._call(name, value, "_quantile")

    def _statistic(self, name, method, fallback=None):
        with self._name_scope(name):
            try:
                return getattr(self, method)()
            except NotImplementedError as original:
                if fallback is None:
                    raise NotImplementedError(f"{name} is not implemented: {type(self).__name__}") from original
                try:
                    return fallback()
                except NotImplementedError:
                    raise NotImplementedError(f"{name} is not implemented: {type(self).__name__}") from original

    def entropy(self, name="entropy"):
        return self._statistic(name, "_entropy")

    def mean(self, name="mean"):
        return self._statistic(name, "_mean")

    def mode(self, name="mode"):
        return self._statistic(name, "_mode")

    def variance(self, name="variance"):
        return self._statistic(name, "_variance", lambda: unary_ops.square(self._stddev()))

    def stddev(self, name="stddev"):
        return self._statistic(name, "_stddev", lambda: unary_ops.sqrt(self._variance()))

    def covariance(self, name="covariance"):
        return self._statistic(name, "_covariance")

    def cross_entropy(self, other, name="cross_entropy"):
        """H[self, other] = entropy + KL(self || other)."""
        with self._name_scope(name):
            return self.entropy() + kullback_leibler.kl_divergence(self, other)

    def kl_divergence(self, other, name="kl_divergence"):
        """KL(self || other), from the registered pair's function."""
        with self._name_scope(name):
            return kullback_leibler.kl_divergence(self, other)

    _log_prob = _prob = _log_cdf = _cdf = _log_survival_function = _survival_function = _quantile = _missing_value
    _entropy = _mean = _mode = _variance = _stddev = _covariance = _missing_statistic

    # ------------------------------------------------------------------ helpers for subclasses
    @contextlib.contextmanager
    def _name_scope(self, name=None, values=None):
        """TF's scopes: the distribution's own scope, then `name` within it."""
        with op_scope(None, self.name, list(values or []) + self._graph_parents):
            with op_scope(name, name, list(values or []) + self._graph_parents) as scope:
                yield scope

    def __str__(self):
        return (f"tfp.distributions.{type(self).__name__}(\"{self.name}\", batch_shape={_text(self.batch_shape)}, "
                f"event_shape={_text(self.event_shape)}, dtype={self.dtype.name})")

    def __repr__(self):
        return (f"<tfp.distributions.{type(self).__name__} '{self.name}' batch_shape={_text(self.batch_shape)} "
                f"event_shape={_text(self.event_shape)} dtype={self.dtype.name}>")


def _text(shape):
    if shape.ndims is None:
        return "<unknown>"
    return "(" + ", ".join("?" if d is None else str(d) for d in shape.as_list()) + ("," if shape.ndims == 1 else "") + ")"
