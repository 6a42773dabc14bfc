"""TF1 initializers (tf.zeros_initializer, tf.glorot_uniform_initializer, ...): callables that build
the op computing a variable's initial value from its shape and dtype.

Random initializers call tf.random_uniform / random_normal / truncated_normal with their `seed`,
so they follow the graph-level seed rules of the random ops.
"""
from __future__ import annotations

import math

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import apply1, convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.operation import Tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import constant_op, random_ops


def _assert_float_dtype(dtype):
    dtype = dtypes.as_dtype(dtype)
    if not dtype.is_floating:
        raise ValueError(f"Expected floating point type, got {dtype.name}.")
    return dtype


def _dims(shape):
    """A shape argument as a list of ints (a TensorShape, list or tuple)."""
    if isinstance(shape, TensorShape):
        return shape.as_list()
    if isinstance(shape, Tensor) or any(isinstance(d, Tensor) for d in shape):
        return shape  # known only when run (a tensor, or tensors among ints): the ops build it
    return [int(d) for d in shape]


class Initializer:
    """Base of the initializers: `init(shape, dtype=None, partition_info=None)` returns a tensor."""

    def __call__(self, shape, dtype=None, partition_info=None):
        raise NotImplementedError

    def get_config(self):
        return {}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class Zeros(Initializer):
    """Initializes to all zeros (tf.zeros_initializer)."""

    def __init__(self, dtype=dtypes.float32):
        self.dtype = dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return constant_op.zeros(_dims(shape), self.dtype if dtype is None else dtype)

    def get_config(self):
        return {"dtype": self.dtype.name}


class Ones(Initializer):
    """Initializes to all ones (tf.ones_initializer)."""

    def __init__(self, dtype=dtypes.float32):
        self.dtype = dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        return constant_op.ones(_dims(shape), self.dtype if dtype is None else dtype)

    def get_config(self):
        return {"dtype": self.dtype.name}


class Constant(Initializer):
    """Initializes to a constant, broadcast or padded to the shape as tf.constant does (tf.constant_initializer)."""

    def __init__(self, value=0, dtype=dtypes.float32, verify_shape=False):
        if not (np.isscalar(value) or isinstance(value, (list, tuple, np.ndarray))):
            raise TypeError(f"Invalid type for initial value: {type(value)} (expected Python scalar, list or "
                            f"tuple of values, or numpy.ndarray).")
        self.value = value
        self.dtype = dtypes.as_dtype(dtype)
        self._verify_shape = verify_shape

    def __call__(self, shape, dtype=None, partition_info=None, verify_shape=None):
        dtype = self.dtype if dtype is None else dtype
        verify_shape = self._verify_shape if verify_shape is None else verify_shape
        return constant_op.constant(self.value, dtype=dtype, shape=_dims(shape), verify_shape=verify_shape)

    def get_config(self):
        return {"value": self.value, "dtype": self.dtype.name}


class RandomUniform(Initializer):
    """Uniform in [minval, maxval) (tf.random_uniform_initializer); maxval defaults to 1 for floats."""

    def __init__(self, minval=0.0, maxval=None, seed=None, dtype=dtypes.float32):
        self.minval, self.maxval, self.seed = minval, maxval, seed
        self.dtype = dtypes.as_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = self.dtype if dtype is None else dtypes.as_dtype(dtype)
        return random_ops.random_uniform(_dims(shape), self.minval, self.maxval, dtype, seed=self.seed)

    def get_config(self):
        return {"minval": self.minval, "maxval": self.maxval, "seed": self.seed, "dtype": self.dtype.name}


class RandomNormal(Initializer):
    """Normal with `mean` and `stddev` (tf.random_normal_initializer)."""

    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=dtypes.float32):
        self.mean, self.stddev, self.seed = mean, stddev, seed
        self.dtype = _assert_float_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = self.dtype if dtype is None else dtypes.as_dtype(dtype)
        return random_ops.random_normal(_dims(shape), self.mean, self.stddev, dtype, seed=self.seed)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed, "dtype": self.dtype.name}


class TruncatedNormal(Initializer):
    """Normal with `mean` and `stddev`, redrawn beyond two stddevs (tf.truncated_normal_initializer)."""

    def __init__(self, mean=0.0, stddev=1.0, seed=None, dtype=dtypes.float32):
        self.mean, self.stddev, self.seed = mean, stddev, seed
        self.dtype = _assert_float_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = self.dtype if dtype is None else dtypes.as_dtype(dtype)
        return random_ops.truncated_normal(_dims(shape), self.mean, self.stddev, dtype, seed=self.seed)

    def get_config(self):
        return {"mean": self.mean, "stddev": self.stddev, "seed": self.seed, "dtype": self.dtype.name}


class UniformUnitScaling(Initializer):
    """Uniform in ±sqrt(3 / input_size) * factor (deprecated tf.uniform_unit_scaling_initializer)."""

    def __init__(self, factor=1.0, seed=None, dtype=dtypes.float32):
        self.factor, self.seed = factor, seed
        self.dtype = _assert_float_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = self.dtype if dtype is None else dtypes.as_dtype(dtype)
        dims = _dims(shape)
        scale_dims = dims if partition_info is None else _dims(partition_info.full_shape)
        input_size = max(float(np.prod(scale_dims[:-1], dtype=np.float64)) if scale_dims else 1.0, 1.0)
        max_val = math.sqrt(3 / input_size) * self.factor
        return random_ops.random_uniform(dims, -max_val, max_val, dtype, seed=self.seed)

    def get_config(self):
        return {"factor": self.factor, "seed": self.seed, "dtype": self.dtype.name}


def _compute_fans(shape):
    """(fan_in, fan_out) of a weight shape; conv kernels multiply in the receptive field."""
    if len(shape) < 1:
        return 1, 1
    if len(shape) == 1:
        return int(shape[0]), int(shape[0])
    if len(shape) == 2:
        return int(shape[0]), int(shape[1])
    receptive = int(np.prod(shape[:-2], dtype=np.int64))
    return int(shape[-2]) * receptive, int(shape[-1]) * receptive


# stddev of the standard normal truncated to [-2, 2] (scipy.stats.truncnorm.std(a=-2, b=2))
_TRUNCATED_STDDEV = 0.87962566103423978


class VarianceScaling(Initializer):
    """Scales its distribution to the weight's fan-in, fan-out or their mean (tf.variance_scaling_initializer).

    `distribution` is "truncated_normal" (or its old name "normal"), "untruncated_normal" or "uniform".
    """

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None, dtype=dtypes.float32):
        if scale <= 0.:
            raise ValueError("`scale` must be positive float.")
        if mode not in ("fan_in", "fan_out", "fan_avg"):
            raise ValueError(f"Invalid `mode` argument: {mode}")
        distribution = distribution.lower()
        if distribution not in ("normal", "uniform", "truncated_normal", "untruncated_normal"):
            raise ValueError(f"Invalid `distribution` argument: {distribution}")
        self.scale, self.mode, self.distribution, self.seed = scale, mode, distribution, seed
        self.dtype = _assert_float_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = self.dtype if dtype is None else dtypes.as_dtype(dtype)
        dims = _dims(shape)
        fan_in, fan_out = _compute_fans(dims if partition_info is None else _dims(partition_info.full_shape))
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        scale = self.scale / max(1.0, fan)
        if self.distribution in ("normal", "truncated_normal"):
            stddev = math.sqrt(scale) / _TRUNCATED_STDDEV
            return random_ops.truncated_normal(dims, 0.0, stddev, dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return random_ops.random_normal(dims, 0.0, math.sqrt(scale), dtype, seed=self.seed)
        limit = math.sqrt(3.0 * scale)
        return random_ops.random_uniform(dims, -limit, limit, dtype, seed=self.seed)

    def get_config(self):
        return {"scale": self.scale, "mode": self.mode, "distribution": self.distribution, "seed": self.seed,
                "dtype": self.dtype.name}


class GlorotUniform(VarianceScaling):
    """Uniform in ±sqrt(6 / (fan_in + fan_out)) (tf.glorot_uniform_initializer, Xavier)."""

    def __init__(self, seed=None, dtype=dtypes.float32):
        super().__init__(scale=1.0, mode="fan_avg", distribution="uniform", seed=seed, dtype=dtype)

    def get_config(self):
        return {"seed": self.seed, "dtype": self.dtype.name}


class GlorotNormal(VarianceScaling):
    """Truncated normal with stddev sqrt(2 / (fan_in + fan_out)) (tf.glorot_normal_initializer)."""

    def __init__(self, seed=None, dtype=dtypes.float32):
        super().__init__(scale=1.0, mode="fan_avg", distribution="truncated_normal", seed=seed, dtype=dtype)

    def get_config(self):
        return {"seed": self.seed, "dtype": self.dtype.name}


def _orthogonal_infer(inputs, attrs):
    return [(inputs[0].dtype.base_dtype, TensorShape(attrs["shape"]))]


# TF composes this from Qr, DiagPart, Sign, Mul and Reshape; one kernel does the same algebra.
@register_op("OrthogonalFromNormal", infer=_orthogonal_infer, gpu=False, no_gradient=True)
def _orthogonal_from_normal(xp, a, *, shape, transpose):
    q, r = np.linalg.qr(np.asarray(a, dtype=np.float64))
    q = q * np.sign(np.diag(r))  # makes the distribution uniform over orthogonal matrices
    if transpose:
        q = q.T
    return q.reshape(shape).astype(a.dtype)


class Orthogonal(Initializer):
    """A (flattened) orthogonal matrix times `gain` (tf.orthogonal_initializer)."""

    def __init__(self, gain=1.0, seed=None, dtype=dtypes.float32):
        self.gain, self.seed = gain, seed
        self.dtype = _assert_float_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dtype = self.dtype if dtype is None else dtypes.as_dtype(dtype)
        dims = _dims(shape)
        if len(dims) < 2:
            raise ValueError("The tensor to initialize must be at least two-dimensional")
        rows, cols = int(np.prod(dims[:-1], dtype=np.int64)), int(dims[-1])
        flat = (cols, rows) if rows < cols else (rows, cols)
        a = random_ops.random_normal(list(flat), 0.0, 1.0, dtype, seed=self.seed)
        q = apply1("OrthogonalFromNormal", [a], {"shape": dims, "transpose": rows < cols}, name="Orthogonal")
        return q * convert_to_tensor(self.gain, dtype=dtype)

    def get_config(self):
        return {"gain": self.gain, "seed": self.seed, "dtype": self.dtype.name}


class Identity(Initializer):
    """The identity matrix times `gain`, for 2-D variables (tf.initializers.identity)."""

    def __init__(self, gain=1.0, dtype=dtypes.float32):
        self.gain = gain
        self.dtype = _assert_float_dtype(dtype)

    def __call__(self, shape, dtype=None, partition_info=None):
        dims = _dims(shape if partition_info is None else partition_info.full_shape)
        if len(dims) != 2:
            raise ValueError("Identity matrix initializer can only be used for 2D matrices.")
        dtype = self.dtype if dtype is None else dtypes.as_dtype(dtype)
        return constant_op.constant(np.eye(*dims) * self.gain, dtype=dtype)

    def get_config(self):
        return {"gain": self.gain, "dtype": self.dtype.name}


def lecun_normal(seed=None):
    """Truncated normal with stddev sqrt(1 / fan_in)."""
    return VarianceScaling(scale=1., mode="fan_in", distribution="truncated_normal", seed=seed)


def lecun_uniform(seed=None):
    """Uniform in ±sqrt(3 / fan_in)."""
    return VarianceScaling(scale=1., mode="fan_in", distribution="uniform", seed=seed)


def he_normal(seed=None):
    """Truncated normal with stddev sqrt(2 / fan_in)."""
    return VarianceScaling(scale=2., mode="fan_in", distribution="truncated_normal", seed=seed)


def he_uniform(seed=None):
    """Uniform in ±sqrt(6 / fan_in)."""
    return VarianceScaling(scale=2., mode="fan_in", distribution="uniform", seed=seed)


zeros_initializer = Zeros
ones_initializer = Ones
constant_initializer = Constant
random_uniform_initializer = RandomUniform
random_normal_initializer = RandomNormal
truncated_normal_initializer = TruncatedNormal
uniform_unit_scaling_initializer = UniformUnitScaling
variance_scaling_initializer = VarianceScaling
glorot_uniform_initializer = GlorotUniform
glorot_normal_initializer = GlorotNormal
orthogonal_initializer = Orthogonal
identity_initializer = Identity

__all__ = [
    "constant_initializer",
    "glorot_normal_initializer",
    "glorot_uniform_initializer",
    "ones_initializer",
    "orthogonal_initializer",
    "random_normal_initializer",
    "random_uniform_initializer",
    "truncated_normal_initializer",
    "uniform_unit_scaling_initializer",
    "variance_scaling_initializer",
    "zeros_initializer",
]
