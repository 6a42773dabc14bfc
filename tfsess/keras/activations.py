"""tf.keras.activations: activation functions by name, as legacy Keras defines them (tfsess.ops.keras_activations,
where tf.layers finds them too)."""
from tfsess.ops.keras_activations import (deserialize, elu, exponential, gelu, get, hard_sigmoid, linear, log_softmax,
                                          relu, selu, serialize, sigmoid, silu, softmax, softplus, softsign, swish, tanh)

__all__ = ["deserialize", "elu", "exponential", "gelu", "get", "hard_sigmoid", "linear", "log_softmax", "relu",
           "selu", "serialize", "sigmoid", "silu", "softmax", "softplus", "softsign", "swish", "tanh"]
