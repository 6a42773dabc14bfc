"""What TF's legacy cells check and look up before they compute: activations given by Keras name
('relu'), the floating dtypes a cell accepts, and the rank-2 input every built-in cell declares.

The names resolve to the functions Keras's `activations.get` returns, built from ops here, since the
cells live below the Keras layer.
"""
from __future__ import annotations

import math

from tfsess.framework import dtypes, nest
from tfsess.ops import clip_ops, nn_impl, nn_ops, softmax_ops, unary_ops
from tfsess.ops.input_spec import InputSpec, assert_input_compatibility


def _gelu(x):
    return 0.5 * x * (1.0 + unary_ops.erf(x / math.sqrt(2.0)))


def _hard_sigmoid(x):
    return clip_ops.clip_by_value(0.2 * x + 0.5, 0.0, 1.0)


_ACTIVATIONS = {
    "relu": nn_ops.relu, "relu6": nn_ops.relu6, "elu": nn_ops.elu, "selu": nn_ops.selu,
    "softplus": nn_ops.softplus, "softsign": nn_ops.softsign, "tanh": unary_ops.tanh,
    "sigmoid": unary_ops.sigmoid, "exponential": unary_ops.exp, "swish": nn_impl.swish, "silu": nn_impl.swish,
    "gelu": _gelu, "hard_sigmoid": _hard_sigmoid, "softmax": softmax_ops.softmax, "linear": lambda x: x,
}


def activation_function(activation, default):
    """`default` for None, the function a Keras activation name stands for, or `activation` itself."""
    if not activation:
        return default
    if callable(activation):
        return activation
    if isinstance(activation, str) and activation in _ACTIVATIONS:
        return _ACTIVATIONS[activation]
    if isinstance(activation, str):
        raise ValueError(f"Unknown activation function: '{activation}'. Please ensure you are using a "
                         "`keras.utils.custom_object_scope` and that this object is included in the scope. See "
                         "https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object "
                         "for details.")
    raise TypeError(f"Could not interpret activation function identifier: {activation}")


def check_supported_dtype(dtype):
    """Raises TF's ValueError unless `dtype` (or None) is a floating or complex type."""
    if dtype is None:
        return
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_floating or dtype.is_complex):
        raise ValueError(f"RNN cell only supports floating point inputs, but received dtype: {dtype}")


def check_input_dtypes(values):
    """check_supported_dtype for each tensor of the (nested) inputs and states."""
    for value in nest.flatten(values):
        check_supported_dtype(value.dtype)


RANK_2 = InputSpec(ndim=2)


def check_rank_2(inputs, layer_name):
    """Keras's input-spec check of the built-in cells: inputs of rank 2."""
    assert_input_compatibility(RANK_2, inputs, layer_name)


__all__ = []
