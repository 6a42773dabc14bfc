"""The tf.keras.models namespace."""
from tfsess.keras.functional import Model, Sequential  # noqa: F401
