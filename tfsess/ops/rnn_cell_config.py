"""The Keras-layer parts of TF's legacy RNN cells that describe them: get_config and count_params.

A config holds the base layer's name/trainable/dtype and the constructor arguments each cell class
names in CONFIG_FIELDS (read from its `_<field>` attribute); activations are written by function
name and initializers as {"class_name", "config"}, as Keras serializes them.
"""
from __future__ import annotations

import numpy as np

# constructor arguments each built-in cell reports after the base ones, in TF's order
CONFIG_FIELDS = {
    "BasicRNNCell": ("num_units", "activation", "reuse"),
    "GRUCell": ("num_units", "kernel_initializer", "bias_initializer", "activation", "reuse"),
    "BasicLSTMCell": ("num_units", "forget_bias", "state_is_tuple", "activation", "reuse"),
    "LSTMCell": ("num_units", "use_peepholes", "cell_clip", "initializer", "num_proj", "proj_clip",
                 "num_unit_shards", "num_proj_shards", "forget_bias", "state_is_tuple", "activation", "reuse"),
    "DropoutWrapper": ("cell", "input_keep_prob", "output_keep_prob", "state_keep_prob",
                       "variational_recurrent", "input_size", "seed"),
    "ResidualWrapper": ("cell",),
    "DeviceWrapper": ("cell", "device"),
}


def serialize(value):
    """A config value as Keras writes it: a cell or initializer as {class_name, config}, a function by name."""
    if hasattr(value, "get_config") and hasattr(value, "__call__") and not isinstance(value, type):
        return {"class_name": type(value).__name__, "config": value.get_config()}
    if callable(value) and hasattr(value, "__name__"):
        return value.__name__
    return value


def cell_config(cell):
    """The config of `cell`: the base layer's entries, then its class's constructor arguments."""
    dtype = cell.dtype
    config = {"name": cell.name, "trainable": cell.trainable, "dtype": None if dtype is None else dtype.name}
    for cls in type(cell).__mro__:  # the nearest built-in class names the fields (subclasses inherit them)
        if cls.__name__ in CONFIG_FIELDS:
            for field in CONFIG_FIELDS[cls.__name__]:
                config[field] = serialize(getattr(cell, "_" + field, getattr(cell, field, None)))
            break
    return config


def count_params(cell):
    """The number of scalars in the cell's weights; ValueError (TF's text) before the cell is built."""
    if not cell.built:
        raise ValueError(f"You tried to call `count_params` on {cell.name}, but the layer isn't built. "
                         f"You can build it manually via: `{cell.name}.build(batch_input_shape)`.")
    return int(sum(np.prod(v.shape.as_list(), dtype=np.int64) for v in cell.weights))
