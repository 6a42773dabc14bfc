"""Keras models from configs and HDF5 model files (tfsess/keras/model_config.py): configs are data."""
import json

import numpy as np
import pytest

import tfsess as tf

pytest.importorskip("h5py")


@pytest.fixture(autouse=True)
def fresh_graph():
    with tf.Graph().as_default():
        yield


def _sequential_config(*layers):
    return {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 3], "dtype": "float32", "name": "in",
                                                "sparse": False, "ragged": False}}, *layers]}}


def test_a_lambda_layer_is_refused_as_code_in_data():
    config = _sequential_config({"class_name": "Lambda", "config": {"function": ["4wEAAAAAAAAA", None, None]}})
    with pytest.raises(ValueError, match="Python code"):
        tf.keras.models.model_from_config(config)


def test_unknown_layers_need_custom_objects():
    class Doubler(tf.keras.layers.Layer):
        def call(self, x):
            return x * 2.0
    config = _sequential_config({"class_name": "Doubler", "config": {"name": "twice"}})
    with pytest.raises(ValueError, match="Unknown layer: 'Doubler'"):
        tf.keras.models.model_from_config(config)
    model = tf.keras.models.model_from_config(config, custom_objects={"Doubler": Doubler})
    np.testing.assert_allclose(model.predict(np.ones((1, 3), np.float32)), [[2.0, 2.0, 2.0]])


def test_a_functional_config_whose_inputs_never_come_is_an_error():
    config = {"class_name": "Functional", "config": {"name": "f", "layers": [
        {"class_name": "InputLayer", "name": "in", "inbound_nodes": [],
         "config": {"batch_input_shape": [None, 3], "dtype": "float32", "name": "in"}},
        {"class_name": "Dense", "name": "d", "inbound_nodes": [[["nowhere", 0, 0, {}]]],
         "config": {"name": "d", "units": 2}}],
        "input_layers": [["in", 0, 0]], "output_layers": [["d", 0, 0]]}}
    with pytest.raises(ValueError, match="never computed"):
        tf.keras.models.model_from_config(config)


def test_configs_keep_every_constructor_argument_and_rebuild_the_layer():
    layers = tf.keras.layers
    for layer in (layers.Embedding(20, 5, input_length=7, mask_zero=True), layers.Dropout(0.3, seed=4),
                  layers.MaxPooling2D(3, strides=1, padding="same"), layers.LSTM(6, return_sequences=True),
                  layers.Dense(4, activation="tanh", use_bias=False)):
        config = layer.get_config()
        again = type(layer).from_config(json.loads(json.dumps(config)))
        assert json.loads(json.dumps(again.get_config())) == json.loads(json.dumps(config)), type(layer).__name__
    assert layers.GRU(3).get_config().get("unit_forget_bias") is None  # tf-keras's GRU has no such argument


def test_save_model_needs_an_hdf5_path(tmp_path):
    model = tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(3,))])
    with pytest.raises(NotImplementedError, match="HDF5"):
        model.save(str(tmp_path / "saved_model_dir"))
    model.save(str(tmp_path / "m.keras"), save_format="h5")
    assert tf.keras.models.load_model(str(tmp_path / "m.keras")).layers[0].units == 2
