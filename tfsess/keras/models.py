"""The tf.keras.models namespace."""
from tfsess.keras.functional import Model, Sequential  # noqa: F401
from tfsess.keras.model_config import load_model, model_from_config, model_from_json, save_model  # noqa: F401
