"""Keras's HDF5 weights files (`model.save_weights('w.h5')`, `model.load_weights('w.h5')`), as tf-keras
writes and reads them, so weights move both ways between tfsess and TF-era Keras programs.

The layout: the root's attrs `layer_names` (every layer of the model, in order), `backend` and
`keras_version`; a group per layer (written in name order) whose attr `weight_names` lists its
weights (trainable, then non-trainable) and holds one dataset per weight, at the weight's name
(`dense/kernel:0`); a `top_level_model_weights` group for weights a model holds itself. Long
name lists are split over attrs `name0`, `name1`, ... (HDF5 caps an object header at 64 KiB).

Loading matches layers in order among those with weights (or by name with `by_name=True`),
with tf-keras's checks and messages. h5py is an optional dependency (the `h5` extra). A file from
outside is checked before its values are used: every dataset must be a numeric array of the
weight's shape; nothing in the file is executed.
"""
from __future__ import annotations

import os

import numpy as np

from tfsess.keras import backend
from tfsess.platform import tf_logging

HEADER_LIMIT = 64512  # bytes: HDF5's object header limit, less room for the attr's own metadata
KERAS_VERSION = "2.21.0"  # the tf-keras version whose format this is


def is_hdf5_path(filepath) -> bool:
    """tf-keras's rule: a path ending in .h5, .keras or .hdf5 names an HDF5 file."""
    return str(filepath).endswith((".h5", ".keras", ".hdf5"))


def _h5py(action):
    try:
        import h5py  # optional dependency: the `h5` extra
    except ImportError:
        raise ImportError(f"`{action}` requires h5py when {'saving in' if action == 'save_weights' else 'loading'} "
                          "HDF5. Try installing h5py package (pip install 'tfsess[h5]').") from None
    return h5py


def save_format(filepath, save_format_arg):
    """'h5' or 'tf' for Model.save_weights, with tf-keras's errors for a bad or contradictory format."""
    filepath = os.fspath(filepath)
    if save_format_arg is None:
        return "h5" if is_hdf5_path(filepath) else "tf"
    user_format = save_format_arg.lower().strip()
    if user_format in ("tensorflow", "tf"):
        if is_hdf5_path(filepath):
            raise ValueError(f'save_weights got save_format="tf"/"tensorflow", but the filepath ({filepath}) looks '
                             'like an HDF5 file. Omit the ".h5"/".keras" when saving in TensorFlow format.')
        return "tf"
    if user_format in ("hdf5", "h5", "keras"):
        return "h5"
    raise ValueError(f'Unknown format. Received: `save_format`={save_format_arg}. Was expecting one of {{"tf", "h5"}}.')


def _layer_weights(layer):
    return list(layer.trainable_weights) + list(layer.non_trainable_weights)


def _top_level_weights(model):
    return list(model._trainable_weights) + list(model._non_trainable_weights)


def _write_names(group, name, names):
    encoded = [n.encode("utf8") for n in names]
    if any(len(n) > HEADER_LIMIT for n in encoded):
        raise RuntimeError(f"The following attributes cannot be saved to HDF5 file because they are larger than "
                           f"{HEADER_LIMIT} bytes: {[n for n in encoded if len(n) > HEADER_LIMIT]}")
    array = np.asarray(encoded)
    chunks = 1
    pieces = np.array_split(array, chunks)
    while any(piece.nbytes > HEADER_LIMIT for piece in pieces):
        chunks += 1
        pieces = np.array_split(array, chunks)
    if chunks == 1:
        group.attrs[name] = encoded
    else:
        for k, piece in enumerate(pieces):
            group.attrs[f"{name}{k}"] = piece


def _read_names(group, name):
    if name in group.attrs:
        values = list(group.attrs[name])
    else:
        values, k = [], 0
        while f"{name}{k}" in group.attrs:
            values.extend(group.attrs[f"{name}{k}"])
            k += 1
    return [v.decode("utf8") if hasattr(v, "decode") else str(v) for v in values]


def _write_weights(group, weights):
    values = backend.batch_get_value(weights)
    names = [w.name for w in weights]
    _write_names(group, "weight_names", names)
    for name, value in zip(names, values):
        value = np.asarray(value)
        dataset = group.create_dataset(name, value.shape, dtype=value.dtype)
        dataset[()] = value


def save_weights(model, filepath):
    """Writes `model`'s weights to the HDF5 file `filepath` (replacing it)."""
    h5py = _h5py("save_weights")
    with h5py.File(os.fspath(filepath), "w") as f:
        save_weights_to_group(model, f)


def save_weights_to_group(model, f):
    """Writes `model`'s weights into the HDF5 group `f` (a file's root, or a model file's `model_weights`)."""
    _write_names(f, "layer_names", [layer.name for layer in model.layers])
    f.attrs["backend"] = b"tensorflow"
    f.attrs["keras_version"] = KERAS_VERSION.encode("utf8")
    for layer in sorted(model.layers, key=lambda layer: layer.name):
        _write_weights(f.create_group(layer.name), _layer_weights(layer))
    _write_weights(f.create_group("top_level_model_weights"), _top_level_weights(model))


def _read_values(h5py, group, where):
    """The arrays a layer group lists in `weight_names`, each checked to be a numeric dataset."""
    values = []
    for name in _read_names(group, "weight_names"):
        dataset = group.get(name)
        if not isinstance(dataset, h5py.Dataset) or dataset.dtype.kind not in "biuf":
            raise ValueError(f"The weights file lists {name!r} for {where}, but holds no numeric dataset there.")
        values.append(np.asarray(dataset[()]))
    return values


def load_weights(model, filepath, by_name=False, skip_mismatch=False):
    """Assigns the weights in the HDF5 file `filepath` to `model`'s, by layer order or by layer name."""
    if skip_mismatch and not by_name:
        raise ValueError("When calling model.load_weights, skip_mismatch can only be set to True when by_name is "
                         "True.")
    h5py = _h5py("load_weights")
    with h5py.File(os.fspath(filepath), "r") as f:
        if "layer_names" not in f.attrs and "layer_names0" not in f.attrs and "model_weights" in f:
            f = f["model_weights"]  # a whole model saved by model.save(): its weights group
        load_weights_from_group(model, f, by_name, skip_mismatch)


def load_weights_from_group(model, f, by_name=False, skip_mismatch=False):
    """Assigns the weights the HDF5 group `f` holds to `model`'s; nothing changes if any check fails."""
    h5py = _h5py("load_weights")
    pairs = (_pairs_by_name(h5py, f, model, skip_mismatch) if by_name else _pairs_in_order(h5py, f, model))
    pairs += _top_level_pairs(h5py, f, model, skip_mismatch, by_name)
    for variable, value in pairs:
        _check_shape(variable, value)
    backend.batch_set_value(pairs)


def _check_shape(variable, value):
    expected = tuple(variable.shape.as_list())
    if tuple(value.shape) != expected:
        raise ValueError(f"Cannot assign value to variable ' {variable.name}': Shape mismatch.The variable shape "
                         f"{expected}, and the assigned value shape {tuple(value.shape)} are incompatible.")


def _pairs_in_order(h5py, f, model):
    layers = [layer for layer in model.layers if _layer_weights(layer)]
    names = [name for name in _read_names(f, "layer_names") if _read_names(_group(h5py, f, name), "weight_names")]
    if len(names) != len(layers):
        raise ValueError(f"Layer count mismatch when loading weights from file. Model expected {len(layers)} layers, "
                         f"found {len(names)} saved layers.")
    pairs = []
    for k, (name, layer) in enumerate(zip(names, layers)):
        variables = _layer_weights(layer)
        values = _read_values(h5py, _group(h5py, f, name), f"layer {name}")
        if len(values) != len(variables):
            raise ValueError(f"Weight count mismatch for layer #{k} (named {layer.name} in the current model, {name} "
                             f"in the save file). Layer expects {len(variables)} weight(s). Received {len(values)} "
                             "saved weight(s)")
        pairs += zip(variables, values)
    return pairs


def _pairs_by_name(h5py, f, model, skip_mismatch):
    index = {}
    for layer in model.layers:
        index.setdefault(layer.name, []).append(layer)
    pairs = []
    for k, name in enumerate(_read_names(f, "layer_names")):
        values = _read_values(h5py, _group(h5py, f, name), f"layer {name}")
        for layer in index.get(name, []):
            variables = _layer_weights(layer)
            if len(values) != len(variables):
                if skip_mismatch:
                    tf_logging.warning(f"Skipping loading of weights for layer #{k} (named {layer.name}) due to "
                                       f"mismatch in number of weights. Layer expects {len(variables)} weight(s). "
                                       f"Received {len(values)} saved weight(s)")
                    continue
                raise ValueError(f"Weight count mismatch for layer #{k} (named {layer.name}). Layer expects "
                                 f"{len(variables)} weight(s). Received {len(values)} saved weight(s)")
            pairs += _matching_shapes(variables, values, skip_mismatch, f"layer #{k} (named {layer.name})")
    return pairs


def _top_level_pairs(h5py, f, model, skip_mismatch, by_name):
    if "top_level_model_weights" not in f:
        return []
    variables = _top_level_weights(model)
    values = _read_values(h5py, _group(h5py, f, "top_level_model_weights"), "the model's own weights")
    if len(values) != len(variables):
        if skip_mismatch:
            tf_logging.warning("Skipping loading top-level weights for model due to mismatch in number of weights. "
                               f"Model expects {len(variables)} top-level weight(s). Received {len(values)} saved "
                               "top-level weight(s)")
            return []
        what = "top-level weights of model" if by_name else "top-level weights when loading weights from file"
        raise ValueError(f"Weight count mismatch for {what}. Model expects {len(variables)} top-level weight(s). "
                         f"Received {len(values)} saved top-level weight(s)")
    return _matching_shapes(variables, values, skip_mismatch, "model") if by_name else list(zip(variables, values))


def _matching_shapes(variables, values, skip_mismatch, where):
    pairs = []
    for variable, value in zip(variables, values):
        expected = tuple(variable.shape.as_list())
        if expected == tuple(value.shape):
            pairs.append((variable, value))
            continue
        text = (f"for weight {variable.name}. Weight expects shape {expected}. Received saved weight with shape "
                f"{tuple(value.shape)}")
        if not skip_mismatch:
            raise ValueError(f"Shape mismatch in {where} {text}")
        tf_logging.warning(f"Skipping loading weights for {where} due to mismatch in shape {text}")
    return pairs


def _group(h5py, f, name):
    group = f.get(name)
    if not isinstance(group, h5py.Group):
        raise ValueError(f"The weights file lists layer {name!r} but holds no group of that name.")
    return group
