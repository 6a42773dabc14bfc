"""tf.keras.activations: activation functions by name, as legacy Keras defines them (tfsess.ops.keras_activations,
where tf.layers finds them too)."""
from tfsess.ops.keras_activations import (deserialize, elu, exponential, gelu, get, hard_sigmoid, linear,  # noqa: F401
                                          log_softmax, relu, selu, serialize, sigmoid, silu, softmax, softplus, softsign,
                                          swish, tanh)
from tfsess.ops.keras_activations import __all__  # noqa: F401
