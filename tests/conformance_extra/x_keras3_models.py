"""Whole Keras models in HDF5 files: tf.keras.models.load_model of files written by TF 2.21's legacy Keras
(Sequential and functional; Conv2D, pooling, Dense, BatchNormalization, Dropout, Embedding, LSTM, GRU,
merge layers; compile arguments), model.save('m.h5') read back by the same implementation, get_config/
to_json/model_from_json, and the errors. Fixtures: fixtures_keras_h5/ (its make_fixtures.py)."""
import json
import os

import numpy as np

from _casekit import in_tmp

FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures_keras_h5")
INPUTS = {"cnn": np.linspace(-1, 1, 2 * 8 * 8).reshape(2, 8, 8, 1).astype(np.float32),
          "functional": np.linspace(-1, 1, 12).reshape(2, 6).astype(np.float32),
          "rnn": (np.arange(14).reshape(2, 7) % 20).astype(np.float32),
          "mlp": np.linspace(-2, 2, 8).reshape(2, 4).astype(np.float32)}


def _summary(model):
    return {"name": model.name, "layers": [(type(layer).__name__, layer.name) for layer in model.layers],
            "weights": [(w.name, w.shape.as_list()) for w in model.weights],
            "inputs": [t.shape.as_list() for t in model.inputs], "outputs": [t.shape.as_list() for t in model.outputs]}


def _load(tf, name):
    return tf.keras.models.load_model(os.path.join(FIX, f"{name}_model.h5"))


def case_load_tf_written_models_and_predict(tf):
    out = {}
    for name in ("cnn", "functional", "rnn", "mlp"):
        with tf.Graph().as_default():
            model = _load(tf, name)
            out[name] = dict(_summary(model), predict=model.predict(INPUTS[name]))
    return out


def case_loaded_model_is_compiled_and_trains(tf):
    model = _load(tf, "functional")
    x = INPUTS["functional"]
    y = np.array([[0.5, -0.5], [1.0, 0.0]], np.float32)
    before = model.evaluate(x, y, verbose=0)
    model.fit(x, y, epochs=3, verbose=0)
    after = model.evaluate(x, y, verbose=0)
    return {"optimizer": type(model.optimizer).__name__, "metrics": model.metrics_names, "before": before,
            "improved": after[0] < before[0]}


def case_load_without_compile(tf):
    model = tf.keras.models.load_model(os.path.join(FIX, "cnn_model.h5"), compile=False)
    return {"optimizer": getattr(model, "optimizer", None) is not None, "predict": model.predict(INPUTS["cnn"])}


def case_layer_configs_of_a_loaded_model(tf):
    model = _load(tf, "cnn")
    keys = ("filters", "kernel_size", "strides", "padding", "activation", "pool_size", "units", "use_bias")
    return [(layer.name, {k: layer.get_config().get(k) for k in keys if k in layer.get_config()})
            for layer in model.layers]


def case_save_and_load_round_trip(tf):
    layers = tf.keras.layers
    x = tf.keras.Input((5,), name="x")
    h = layers.Dense(4, activation="relu", name="h")(x)
    skip = layers.Dense(4, use_bias=False, name="skip")(x)
    y = layers.Dense(2, activation="softmax", name="y")(layers.Add(name="join")([h, skip]))
    model = tf.keras.Model(x, y, name="skippy")
    rng = np.random.default_rng(5)
    model.set_weights([rng.normal(size=w.shape.as_list()).astype(np.float32) for w in model.weights])
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    data = np.linspace(-1, 1, 15).reshape(3, 5).astype(np.float32)
    want = model.predict(data)

    def run(tmp):
        path = os.path.join(tmp, "m.h5")
        model.save(path)
        with tf.Graph().as_default():
            back = tf.keras.models.load_model(path)
            return dict(_summary(back), diff=float(np.abs(back.predict(data) - want).max()),
                        optimizer=type(back.optimizer).__name__)
    return in_tmp(run)


def case_sequential_json_round_trip(tf):
    model = _load(tf, "rnn")
    text = model.to_json()
    config = json.loads(text)
    with tf.Graph().as_default():
        again = tf.keras.models.model_from_json(text)
        return {"class_name": config["class_name"], "layers": [layer["class_name"] for layer in
                                                               config["config"]["layers"]],
                "rebuilt": _summary(again)}


def case_load_model_errors(tf):
    out = {}
    for name, path in (("weights_only", os.path.join(FIX, "mlp_weights.h5")),
                       ("missing", os.path.join(FIX, "no_such_model.h5"))):
        try:
            tf.keras.models.load_model(path)
            out[name] = None
        except Exception as exc:  # the error is the result
            out[name] = type(exc).__name__
    try:
        tf.keras.models.model_from_json(json.dumps({"class_name": "NoSuchLayer", "config": {}}))
        out["unknown_layer"] = None
    except Exception as exc:  # the error is the result
        out["unknown_layer"] = (type(exc).__name__, "Unknown layer" in str(exc))
    return out
