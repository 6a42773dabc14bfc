"""tf.keras as TF1 graph-mode programs use it (legacy Keras semantics): layers that build graph ops
and Keras variables (resource variables, as tf-keras makes them), functional/Sequential/subclassed
models trained with compile/fit in the Keras session, losses, metrics, optimizers, callbacks,
initializers, regularizers and the backend."""
from tfsess.keras import (activations, backend, callbacks, initializers, layers, losses, metrics,  # noqa: F401
                          models, optimizers, regularizers, utils)
from tfsess.keras.functional import Input, Model, Sequential  # noqa: F401

__all__ = ["Input", "Model", "Sequential", "activations", "backend", "callbacks", "initializers", "layers",
           "losses", "metrics", "models", "optimizers", "regularizers", "utils"]
