"""tf.keras.initializers in TF1 graph mode: TF's v1 initializers with Keras's defaults
(RandomNormal/RandomUniform/TruncatedNormal spread 0.05) and `get` by name, as legacy Keras has them."""
from __future__ import annotations

from tfsess.ops import init_ops
from tfsess.ops.init_ops import Constant, GlorotNormal, GlorotUniform, Identity, Initializer, Ones, Orthogonal, \
    VarianceScaling, Zeros


class RandomNormal(init_ops.RandomNormal):
    """Normal values, mean 0 and stddev 0.05 by default (Keras's spread)."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None, dtype="float32"):
        super().__init__(mean=mean, stddev=stddev, seed=seed, dtype=dtype)


class RandomUniform(init_ops.RandomUniform):
    """Uniform values in [-0.05, 0.05) by default (Keras's spread)."""

    def __init__(self, minval=-0.05, maxval=0.05, seed=None, dtype="float32"):
        super().__init__(minval=minval, maxval=maxval, seed=seed, dtype=dtype)


class TruncatedNormal(init_ops.TruncatedNormal):
    """Truncated normal values, mean 0 and stddev 0.05 by default (Keras's spread)."""

    def __init__(self, mean=0.0, stddev=0.05, seed=None, dtype="float32"):
        super().__init__(mean=mean, stddev=stddev, seed=seed, dtype=dtype)


def _scaling(class_name, scale, mode, distribution, doc):
    def __init__(self, seed=None):
        VarianceScaling.__init__(self, scale=scale, mode=mode, distribution=distribution, seed=seed)

    def get_config(self):
        return {"seed": self.seed}
    return type(class_name, (VarianceScaling,), {"__init__": __init__, "get_config": get_config, "__doc__": doc})


HeNormal = _scaling("HeNormal", 2.0, "fan_in", "truncated_normal", "He normal: truncated normal, scale 2 / fan_in.")
HeUniform = _scaling("HeUniform", 2.0, "fan_in", "uniform", "He uniform: uniform, scale 2 / fan_in.")
LecunNormal = _scaling("LecunNormal", 1.0, "fan_in", "truncated_normal", "LeCun normal: scale 1 / fan_in.")
LecunUniform = _scaling("LecunUniform", 1.0, "fan_in", "uniform", "LeCun uniform: scale 1 / fan_in.")

constant, glorot_normal, glorot_uniform, identity, ones = Constant, GlorotNormal, GlorotUniform, Identity, Ones
orthogonal, variance_scaling, zeros = Orthogonal, VarianceScaling, Zeros
random_normal, random_uniform, truncated_normal = RandomNormal, RandomUniform, TruncatedNormal
he_normal, he_uniform, lecun_normal, lecun_uniform = HeNormal, HeUniform, LecunNormal, LecunUniform
normal, uniform = RandomNormal, RandomUniform

_BY_NAME = {name: value for name, value in globals().items() if isinstance(value, type) and
            issubclass(value, Initializer)}


def get(identifier):
    """An initializer from a name ('glorot_uniform', 'Zeros'), a config dict, a callable or None."""
    if identifier is None or callable(identifier) and not isinstance(identifier, type):
        return identifier
    if isinstance(identifier, type):
        return identifier()
    if isinstance(identifier, dict):
        return _BY_NAME[identifier["class_name"]](**identifier.get("config", {}))
    if isinstance(identifier, str) and identifier in _BY_NAME:
        return _BY_NAME[identifier]()
    raise ValueError(f"Could not interpret initializer identifier: {identifier}")


def serialize(initializer):
    return {"class_name": type(initializer).__name__, "config": initializer.get_config()}


def deserialize(config):
    return get(config)


__all__ = ["Constant", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "Identity", "Initializer",
           "LecunNormal", "LecunUniform", "Ones", "Orthogonal", "RandomNormal", "RandomUniform", "TruncatedNormal",
           "VarianceScaling", "Zeros", "constant", "deserialize", "get", "glorot_normal", "glorot_uniform",
           "he_normal", "he_uniform", "identity", "lecun_normal", "lecun_uniform", "normal", "ones", "orthogonal",
           "random_normal", "random_uniform", "serialize", "truncated_normal", "uniform", "variance_scaling",
           "zeros"]
