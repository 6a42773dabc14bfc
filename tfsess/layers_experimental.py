"""The tf.layers.experimental namespace: Keras-style legacy layers."""
from tfsess.ops.layers_base import keras_style_scope, set_keras_style  # noqa: F401

__all__ = ["keras_style_scope", "set_keras_style"]
