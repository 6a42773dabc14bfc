"""Keras's activation functions by name, as legacy Keras defines them: tf.keras.activations, and what
tf.layers takes for `activation="relu"` (TF's legacy layers look names up in Keras)."""
from __future__ import annotations

import math

from tfsess.framework.op_builder import convert_to_tensor
from tfsess.ops import clip_ops, indexing_ops, logic_ops, math_ops, nn_impl, nn_ops, softmax_ops, unary_ops


def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    """max(x, threshold), with `alpha * (x - threshold)` below it and values capped at `max_value`."""
    x = convert_to_tensor(x)
    if alpha == 0 and threshold == 0 and max_value is None:
        return nn_ops.relu(x)
    if alpha == 0 and threshold == 0 and max_value == 6:
        return nn_ops.relu6(x)
    negative = nn_ops.relu(-x + threshold) if alpha != 0 else None
    y = x * math_ops.cast(logic_ops.greater(x, threshold), x.dtype) if threshold != 0 else nn_ops.relu(x)
    if max_value is not None:
        y = clip_ops.clip_by_value(y, 0.0, max_value)
    return y - alpha * negative if negative is not None else y


def softmax(x, axis=-1):
    x = convert_to_tensor(x)
    if x.shape.ndims == 1:
        raise ValueError("Cannot apply softmax to a tensor that is 1D. Received input: " + str(x))
    return softmax_ops.softmax(x, axis=axis)


def log_softmax(x, axis=-1):
    return softmax_ops.log_softmax(x, axis=axis)


def elu(x, alpha=1.0):
    y = nn_ops.elu(x)
    return y if alpha == 1 else indexing_ops.where_v2(logic_ops.greater(x, 0.0), y, alpha * y)


def selu(x):
    return nn_ops.selu(x)


def softplus(x):
    return nn_ops.softplus(x)


def softsign(x):
    return nn_ops.softsign(x)


def swish(x):
    return nn_impl.swish(x)


silu = swish


def gelu(x, approximate=False):
    x = convert_to_tensor(x)
    if approximate:
        cube = math_ops.pow(x, 3.0)
        return 0.5 * x * (1.0 + unary_ops.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * cube)))
    return 0.5 * x * (1.0 + unary_ops.erf(x / math.sqrt(2.0)))


def tanh(x):
    return unary_ops.tanh(x)


def sigmoid(x):
    return unary_ops.sigmoid(x)


def exponential(x):
    return unary_ops.exp(x)


def hard_sigmoid(x):
    """clip(0.2 x + 0.5, 0, 1) (Keras's piecewise sigmoid)."""
    return clip_ops.clip_by_value(0.2 * convert_to_tensor(x) + 0.5, 0.0, 1.0)


def linear(x):
    return x


_BY_NAME = {f.__name__: f for f in (relu, softmax, log_softmax, elu, selu, softplus, softsign, swish, gelu, tanh,
                                     sigmoid, exponential, hard_sigmoid, linear)}
_BY_NAME["silu"] = swish


def function_by_name(identifier, by_name, kind):
    """`identifier` if callable, else the function `by_name` holds under that name; Keras's error otherwise."""
    if callable(identifier):
        return identifier
    if isinstance(identifier, str) and identifier in by_name:
        return by_name[identifier]
    raise ValueError(f"Unknown {kind} function: '{identifier}'. Please ensure you are using a "
                     "`keras.utils.custom_object_scope` and that this object is included in the scope.")


def get(identifier):
    """An activation from a name ('relu'), a callable, or None (linear)."""
    if identifier is None:
        return linear
    return function_by_name(identifier, _BY_NAME, "activation")


def serialize(activation):
    return getattr(activation, "__name__", str(activation))


def deserialize(name):
    return get(name)


__all__ = ["deserialize", "elu", "exponential", "gelu", "get", "hard_sigmoid", "linear", "log_softmax", "relu",
           "selu", "serialize", "sigmoid", "silu", "softmax", "softplus", "softsign", "swish", "tanh"]
