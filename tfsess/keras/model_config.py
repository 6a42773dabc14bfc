"""Keras models from their configs, as tf-keras serializes them: `model_from_config`, `model_from_json`,
and `load_model` / `save_model` of HDF5 model files (the model's config as JSON in the file's
`model_config` attr, its weights under `model_weights`, its compile arguments in `training_config`).

A config is data, never code: a layer's `class_name` must name a tf.keras layer (or one given in
`custom_objects`), its `config` becomes that class's keyword arguments, and a functional model's
`inbound_nodes` say which layer outputs each layer is called on. `Lambda` layers, whose configs hold
Python bytecode, are refused.
"""
from __future__ import annotations

import json
import os

from tfsess.keras import hdf5_weights

_IGNORED_KEYS = {"InputLayer": ("ragged", "optional")}  # tf-keras's InputLayer fields tfsess has no use for
_UNSAFE = ("Lambda",)


# class name -> class: tf.keras.layers fills it with its namespace, keras/functional.py adds the model
# classes (this module imports neither: they call it)
CLASSES: dict = {}


def register(names):
    """Makes the layer and model classes among `names` (a namespace dict) known to configs by name."""
    CLASSES.update((name, cls) for name, cls in names.items() if isinstance(cls, type) and not name.startswith("_"))


def deserialize_layer(config, custom_objects=None):
    """The layer a `{"class_name": ..., "config": {...}}` dict describes."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"Improper config format for a layer: {str(config)[:200]}")
    class_name = config["class_name"]
    cls = (custom_objects or {}).get(class_name)
    if cls is None:
        if class_name in _UNSAFE:
            raise ValueError(f"Layer {class_name!r} holds Python code in its config; tfsess does not load it: rebuild "
                             "the layer in code and load the weights with load_weights.")
        if class_name in ("Sequential", "Functional", "Model"):
            return model_from_config(config, custom_objects)
        cls = CLASSES.get(class_name)
    if not isinstance(cls, type):
        raise ValueError(f"Unknown layer: '{class_name}'. Please ensure you are using a `keras.utils.custom_object_"
                         "scope` and that this object is included in the scope.")
    kwargs = {k: v for k, v in config.get("config", {}).items() if k not in _IGNORED_KEYS.get(class_name, ())}
    return cls.from_config(kwargs)


def model_from_config(config, custom_objects=None):
    """A Sequential or functional model rebuilt from its config (tf.keras.models.model_from_config)."""
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(f"Improper config format: {str(config)[:200]}")
    class_name, body = config["class_name"], config.get("config", {})
    if class_name == "Sequential":
        layers = body["layers"] if isinstance(body, dict) else body
        model = CLASSES["Sequential"](name=body.get("name") if isinstance(body, dict) else None)
        for layer_config in layers:
            model.add(deserialize_layer(layer_config, custom_objects))
        return model
    if class_name in ("Functional", "Model"):
        return _functional(body, custom_objects, CLASSES["Functional"])
    return deserialize_layer(config, custom_objects)


def _functional(body, custom_objects, model_class):
    layers, outputs_of = {}, {}
    pending = []
    for layer_config in body["layers"]:
        layer = deserialize_layer(layer_config, custom_objects)
        layers[layer_config["name"]] = layer
        if isinstance(layer, CLASSES["InputLayer"]):
            outputs_of[(layer.name, 0)] = layer._inbound_nodes[0].outputs
        pending += [(layer_config["name"], k, node) for k, node in enumerate(layer_config.get("inbound_nodes", []))
                    if node]
    while pending:  # a node runs once every layer output it takes exists
        waiting = []
        for name, index, node in pending:
            refs = [(ref[0], ref[1], ref[2]) for ref in node]
            if not all((ref[0], ref[1]) in outputs_of for ref in refs):
                waiting.append((name, index, node))
                continue
            inputs = [outputs_of[(ref[0], ref[1])][ref[2]] for ref in refs]
            kwargs = node[0][3] if node and len(node[0]) > 3 and isinstance(node[0][3], dict) else {}
            result = layers[name](inputs[0] if len(inputs) == 1 else inputs, **kwargs)
            outputs_of[(name, index)] = list(result) if isinstance(result, (list, tuple)) else [result]
        if len(waiting) == len(pending):
            raise ValueError(f"Cannot rebuild the model: the inputs of layer {waiting[0][0]!r} are never computed.")
        pending = waiting

    def tensors(refs):
        found = [outputs_of[(ref[0], ref[1])][ref[2]] for ref in refs]
        return found[0] if len(found) == 1 else found
    return model_class(tensors(body["input_layers"]), tensors(body["output_layers"]), name=body.get("name"))


def to_json(model, **kwargs):
    """tf-keras's JSON of a model's config."""
    return json.dumps(_model_dict(model), default=_json_default, **kwargs)


def _model_dict(model):
    return {"class_name": "Sequential" if type(model).__name__ == "Sequential" else "Functional",
            "config": model.get_config(), "keras_version": hdf5_weights.KERAS_VERSION, "backend": "tensorflow"}


def model_from_json(json_string, custom_objects=None):
    """tf.keras.models.model_from_json."""
    return model_from_config(json.loads(json_string), custom_objects)


def load_model(filepath, custom_objects=None, compile=True, options=None):  # noqa: A002 - Keras's argument name
    """A model from an HDF5 model file written by `model.save('m.h5')` (tfsess's or tf-keras's)."""
    filepath = os.fspath(filepath)
    h5py = hdf5_weights._h5py("load_model")
    if not os.path.exists(filepath):
        raise OSError(f"No file or directory found at {filepath}")
    with h5py.File(filepath, "r") as f:
        if "model_config" not in f.attrs:
            raise ValueError(f"No model config found in the file at {filepath}.")
        text = f.attrs["model_config"]
        model = model_from_config(json.loads(text.decode("utf8") if hasattr(text, "decode") else text),
                                  custom_objects)
        hdf5_weights.load_weights_from_group(model, f["model_weights"])
        training = f.attrs.get("training_config")
    if compile and training is not None:
        _compile_from(model, json.loads(training.decode("utf8") if hasattr(training, "decode") else training))
    return model


def _compile_from(model, training):
    optimizer = training.get("optimizer_config")
    if isinstance(optimizer, dict):
        from tfsess.keras import optimizers
        optimizer = optimizers.get(optimizer)
    model.compile(optimizer=optimizer, loss=training.get("loss"), metrics=training.get("metrics"),
                  loss_weights=training.get("loss_weights"), weighted_metrics=training.get("weighted_metrics"))


def save_model(model, filepath, overwrite=True, include_optimizer=True):
    """Writes `model` as an HDF5 model file: its config (JSON), weights and compile arguments."""
    filepath = os.fspath(filepath)
    h5py = hdf5_weights._h5py("save_model")
    config = _model_dict(model)
    if not overwrite and os.path.exists(filepath):
        return
    with h5py.File(filepath, "w") as f:
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = hdf5_weights.KERAS_VERSION.encode("utf8")
        f.attrs["model_config"] = json.dumps(config, default=_json_default).encode("utf8")
        training = getattr(model, "_training_config", None)
        if include_optimizer and training is not None:
            f.attrs["training_config"] = json.dumps(training, default=_json_default).encode("utf8")
        hdf5_weights.save_weights_to_group(model, f.create_group("model_weights"))


def _json_default(value):
    if hasattr(value, "get_config"):
        return {"class_name": type(value).__name__, "config": value.get_config()}
    if hasattr(value, "as_list"):
        return value.as_list()
    if hasattr(value, "name"):
        return value.name
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"Not JSON serializable: {value!r}")
