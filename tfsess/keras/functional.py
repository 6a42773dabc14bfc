"""Keras models in graph mode: Input/InputLayer, the functional Model (traced back from its outputs
through each tensor's `_keras_history`), subclassed Models, Sequential, and `summary()` as tf-keras
prints it. Training (compile/fit/evaluate/predict) lives in keras/training.py."""
from __future__ import annotations

import os

from tfsess.framework import dtypes, errors, nest
from tfsess.framework.tensor_shape import TensorShape
from tfsess.keras import backend, hdf5_weights, model_config
from tfsess.keras.base_layer import Layer, Node, snake_case
from tfsess.keras.training import Trainer
from tfsess.ops import constant_op
from tfsess.train import checkpoint_format
from tfsess.train import saver as saver_module


class InputLayer(Layer):
    """The layer of a model's input placeholder (`input_1`, `input_2`, ...)."""

    _NAME_ZERO_BASED = False

    def __init__(self, input_shape=None, batch_size=None, dtype=None, input_tensor=None, sparse=False, name=None,
                 **kwargs):
        if "batch_input_shape" in kwargs:
            batch_input_shape = tuple(kwargs.pop("batch_input_shape"))
        else:
            batch_input_shape = (batch_size,) + tuple(input_shape or ())
        super().__init__(name=name or backend.unique_object_name("input", zero_based=False), dtype=dtype)
        self.built = True
        self._batch_input_shape = batch_input_shape
        if input_tensor is None:
            input_tensor = constant_op.placeholder(dtypes.as_dtype(self.dtype), shape=batch_input_shape,
                                                   name=self.name)
        self._inbound_nodes.append(Node(self, [], [input_tensor], {}))
        input_tensor._keras_history = (self, 0, 0)

    def get_config(self):
        return {"batch_input_shape": self._batch_input_shape, "dtype": self.dtype, "name": self.name}


def Input(shape=None, batch_size=None, name=None, dtype=None, sparse=False, tensor=None, batch_shape=None,  # noqa: N802
          **kwargs):
    """A symbolic input: a placeholder of shape (batch_size,) + shape that models are built from."""
    if batch_shape is not None:
        layer = InputLayer(batch_input_shape=batch_shape, name=name, dtype=dtype, input_tensor=tensor)
    else:
        layer = InputLayer(input_shape=shape, batch_size=batch_size, name=name, dtype=dtype, input_tensor=tensor)
    return layer._inbound_nodes[0].outputs[0]


def _trace(outputs):
    """The nodes that make `outputs`, in an order where each comes after those it reads."""
    order, seen = [], set()

    def visit(tensor):
        layer, node_index, _ = tensor._keras_history
        node = layer._inbound_nodes[node_index]
        if id(node) in seen:
            return
        seen.add(id(node))
        for parent in node.input_tensors:
            visit(parent)
        order.append(node)
    for tensor in outputs:
        if not backend.is_keras_tensor(tensor):
            raise ValueError("Output tensors of a Functional model must be the output of a TensorFlow `Layer` "
                             f"(thus holding past layer metadata). Found: {tensor}")
        visit(tensor)
    return order


class Model(Trainer, Layer):
    """A model: functional (`Model(inputs, outputs)`) or subclassed (`call` written by the user)."""

    def __init__(self, *args, **kwargs):
        inputs = kwargs.pop("inputs", args[0] if len(args) > 0 else None)
        outputs = kwargs.pop("outputs", args[1] if len(args) > 1 else None)
        name = kwargs.pop("name", None)
        if name is None:
            base = "model" if type(self) is Model else snake_case(type(self).__name__)
            name = backend.unique_object_name(base)
        super().__init__(name=name, **{k: v for k, v in kwargs.items() if k in ("trainable", "dtype")})
        self._is_graph_network = False
        self._compiled = None
        self.inputs, self.outputs = None, None
        self.stop_training = False
        self.history = None
        if inputs is not None and outputs is not None:
            self._init_graph_network(inputs, outputs)

    def _init_graph_network(self, inputs, outputs):
        self._nested_inputs, self._nested_outputs = inputs, outputs
        self.inputs, self.outputs = list(nest.flatten(inputs)), list(nest.flatten(outputs))
        self._nodes = _trace(self.outputs)
        layers = []
        for node in self._nodes:
            if not any(node.layer is seen for seen in layers):
                layers.append(node.layer)
        for tensor in self.inputs:
            layer = tensor._keras_history[0]
            if not any(layer is seen for seen in layers):
                layers.insert(0, layer)
        self._graph_layers = layers
        self._compute_output_and_mask_jointly = True  # the replayed layers leave their masks on the outputs
        self.__dict__["_tracked_layers"] = list(layers)
        self._is_graph_network = True
        self.built = True
        self.input_names = [t._keras_history[0].name for t in self.inputs]
        self.output_names = [t._keras_history[0].name for t in self.outputs]

    # tf-keras's Model: the weights of each tracked layer in turn, then the model's own (deduplicated)
    @property
    def trainable_weights(self):
        if not self.trainable:
            return []
        return _unique([w for layer in self._weight_layers() for w in layer.trainable_weights]
                       + list(self._trainable_weights))

    @property
    def non_trainable_weights(self):
        if not self.trainable:
            return _unique([w for layer in self._weight_layers() for w in layer.weights]
                           + list(self._trainable_weights) + list(self._non_trainable_weights))
        return _unique([w for layer in self._weight_layers() for w in layer.non_trainable_weights]
                       + list(self._non_trainable_weights))

    @property
    def weights(self):
        return _unique([w for layer in self._weight_layers() for w in layer.weights]
                       + list(self._trainable_weights) + list(self._non_trainable_weights))

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights

    def _weight_layers(self):
        return list(self.__dict__.get("_tracked_layers", []))

    @property
    def layers(self):
        if self._is_graph_network:
            return list(self._graph_layers)
        return [layer for layer in self.__dict__.get("_tracked_layers", [])]

    def get_layer(self, name=None, index=None):
        if index is not None:
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(f"No such layer: {name}. Existing layers are: {[layer.name for layer in self.layers]}.")

    @property
    def state_updates(self):
        """The updates of the stateful layers (a stateful RNN's new states), which predict runs too."""
        found = []
        for layer in [self] + self._sublayers():
            if getattr(layer, "stateful", False):
                found.extend(u for u in layer._updates if not any(u is f for f in found))
        return found

    def call(self, inputs, training=None, mask=None):
        if not self._is_graph_network:
            raise NotImplementedError("When subclassing the `Model` class, you should implement a `call()` method.")
        values = {id(t): v for t, v in zip(self.inputs, nest.flatten(inputs))}
        if mask is not None:
            for value, value_mask in zip(nest.flatten(inputs), nest.flatten(mask)):
                if value_mask is not None:
                    value._keras_mask = value_mask
        for node in self._nodes:
            if isinstance(node.layer, InputLayer):
                continue
            args = nest.map_structure(lambda t: values.get(id(t), t), node.inputs)
            kwargs = dict(node.kwargs)
            if "training" in kwargs and training is not None:
                kwargs["training"] = training
            produced = node.layer(args, **kwargs)
            for old, new in zip(nest.flatten(node.outputs), nest.flatten(produced)):
                values[id(old)] = new
        result = [values[id(t)] for t in self.outputs]
        return result[0] if len(result) == 1 else result

    def __call__(self, inputs, *args, **kwargs):
        if self._is_graph_network:
            same = [a is b for a, b in zip(nest.flatten(inputs), self.inputs)]
            if same and all(same):
                return self._nested_outputs
        return super().__call__(inputs, *args, **kwargs)

    def _ensure_built_for(self, data):
        """A subclassed model (or a Sequential without an input shape) is traced on placeholders of the data."""
        if self.inputs is not None:
            return
        arrays = data if isinstance(data, (list, tuple)) else [data]
        placeholders = [Input(shape=a.shape[1:], dtype=_data_dtype(a)) for a in arrays]
        inputs = placeholders if isinstance(data, (list, tuple)) else placeholders[0]
        outputs = self(inputs)
        self.inputs, self.outputs = placeholders, list(nest.flatten(outputs))
        self._nested_outputs = outputs
        self.output_names = [f"output_{i + 1}" for i in range(len(self.outputs))]  # Keras's names for them

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False, show_trainable=False,
                layer_range=None):
        print_fn = print_fn or print
        for line in summary_lines(self, line_length or 65):
            print_fn(line)

    def get_config(self):
        """The functional model's config as tf-keras writes it: its layers with the nodes they are called
        on, and the layers whose outputs are the model's inputs and outputs."""
        if not self._is_graph_network:
            raise NotImplementedError("tfsess: get_config of a subclassed Model: rebuild it in code and use "
                                      "save_weights / load_weights.")
        layers = []
        for layer in self.layers:
            nodes = [node for node in self._nodes if node.layer is layer and node.input_tensors]
            layers.append({"class_name": type(layer).__name__, "config": layer.get_config(), "name": layer.name,
                           "inbound_nodes": [[list(_history_ref(t)) + [{}] for t in node.input_tensors]
                                             for node in nodes]})
        return {"name": self.name, "trainable": self.trainable, "layers": layers,
                "input_layers": [_history_ref(t) for t in self.inputs],
                "output_layers": [_history_ref(t) for t in self.outputs]}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return model_config.model_from_config({"class_name": "Functional", "config": config}, custom_objects)

    def to_json(self, **kwargs):
        """The model's config as tf-keras's JSON ({"class_name": ..., "config": ...})."""
        return model_config.to_json(self, **kwargs)

    def save(self, filepath, overwrite=True, include_optimizer=True, save_format=None, signatures=None, options=None,
             save_traces=True):
        """Writes an HDF5 model file (config, weights, compile arguments) for a path ending in .h5, .hdf5
        or .keras, or with save_format='h5'; tf.keras.models.load_model reads it back."""
        if hdf5_weights.save_format(filepath, save_format) != "h5":
            raise NotImplementedError("tfsess: Model.save writes HDF5 model files (a path ending in '.h5', or "
                                      "save_format='h5'); for a SavedModel use tf.saved_model.simple_save.")
        model_config.save_model(self, filepath, overwrite=overwrite, include_optimizer=include_optimizer)

    def save_weights(self, filepath, overwrite=True, save_format=None, options=None):
        """Writes the weights as Keras's HDF5 file (a path ending in .h5, .hdf5 or .keras, or
        save_format='h5') or else as a TF checkpoint (a Saver over the model's variables by name)."""
        if hdf5_weights.save_format(filepath, save_format) == "h5":
            hdf5_weights.save_weights(self, filepath)
            return
        saver = _weights_saver(self)
        saver.save(backend.get_session(), filepath, write_meta_graph=False, write_state=False)

    def load_weights(self, filepath, by_name=False, skip_mismatch=False, options=None):
        """Reads weights written by save_weights: Keras's HDF5 format (by layer order, or by layer name
        with `by_name`) or a TF checkpoint prefix."""
        if skip_mismatch and not by_name:
            raise ValueError("When calling model.load_weights, skip_mismatch can only be set to True when by_name "
                             "is True.")
        if hdf5_weights.is_hdf5_path(filepath) or not _is_checkpoint(filepath):
            hdf5_weights.load_weights(self, filepath, by_name, skip_mismatch)
            return None
        if by_name:
            raise NotImplementedError("Weights may only be loaded based on topology into Models when loading "
                                      "TensorFlow-formatted weights (got by_name=True to load_weights).")
        saver = _weights_saver(self)
        saver.restore(backend.get_session(), filepath)
        return None


def _is_checkpoint(prefix):
    """Whether `prefix` reads as a TF checkpoint (tf-keras tries it as one before taking it for HDF5)."""
    try:
        checkpoint_format.NewCheckpointReader(os.fspath(prefix))
    except (errors.DataLossError, errors.NotFoundError):
        return False
    return True


def _history_ref(tensor):
    layer, node_index, tensor_index = tensor._keras_history
    return [layer.name, node_index, tensor_index]


def _unique(weights):
    found = []
    for w in weights:
        if not any(w is seen for seen in found):
            found.append(w)
    return found


def _weights_saver(model):
    if getattr(model, "_saver", None) is None:
        with model.weights[0].graph.as_default():
            model._saver = saver_module.Saver(var_list=model.weights)
    return model._saver


def _data_dtype(array):
    kind = getattr(array, "dtype", None)
    return backend.floatx() if kind is None or kind.kind == "f" else str(kind)


def _shape_text(tensors):
    shapes = [tuple(t.shape.as_tuple_or_none()) if t.shape.ndims is not None else None for t in tensors]
    return str(shapes[0]) if len(shapes) == 1 else str(shapes)


def summary_lines(model, width):
    """The lines of Model.summary() (tf-keras's layout: name (type), output shape, params)."""
    positions = [int(width * p) for p in (0.45, 0.85, 1.0)]
    header = ["Layer (type)", "Output Shape", "Param #"]

    def rows(fields):
        """Each field cut to its column (two spaces apart), the rest wrapped onto further lines."""
        left, out = [str(f) for f in fields], []
        while any(left):
            line = ""
            for col, text in enumerate(left):
                start = positions[col - 1] if col else 0
                space = 2 if col != len(positions) - 1 else 0
                cutoff = positions[col] - start - space - (1 if col == 0 else 0)
                line += (" " if col == 0 else "") + text[:cutoff] + " " * space
                left[col] = text[cutoff:]
                line += " " * (positions[col] - len(line))
            out.append(line)
        return out

    lines = [f'Model: "{model.name}"', "_" * width, *rows(header), "=" * width]
    for layer in model.layers:
        if layer._inbound_nodes:
            outputs = nest.flatten(layer._inbound_nodes[0].outputs)
            shape = _shape_text(outputs)
            if isinstance(layer, InputLayer):
                shape = "[" + shape + "]"
        else:
            shape = "multiple"
        params = layer.count_params() if layer.built else 0
        lines.extend(rows([f"{layer.name} ({type(layer).__name__})", shape, params]))
        lines.append(" " * width)
    lines.append("=" * width)
    trainable = sum(TensorShape(w.shape).num_elements() for w in model.trainable_weights)
    non_trainable = sum(TensorShape(w.shape).num_elements() for w in model.non_trainable_weights)
    total = trainable + non_trainable

    def size(count):
        return f"{count * 4:.2f} Byte" if count * 4 < 1024 else _human(count * 4)
    lines += [f"Total params: {total} ({size(total)})", f"Trainable params: {trainable} ({size(trainable)})",
              f"Non-trainable params: {non_trainable} ({size(non_trainable)})", "_" * width]
    return lines


def _human(nbytes):
    for unit in ("KB", "MB", "GB"):
        nbytes /= 1024.0
        if nbytes < 1024:
            return f"{nbytes:.2f} {unit}"
    return f"{nbytes:.2f} TB"


def _known_input(layer):
    """(batch shape, dtype) a first layer declares (input_shape=...), or a model's own input has; else None."""
    if layer._batch_input_shape is not None:
        return layer._batch_input_shape, layer._dtype
    inputs = getattr(layer, "inputs", None)
    if isinstance(layer, Model) and inputs and len(inputs) == 1 and inputs[0].shape.ndims is not None:
        return tuple(inputs[0].shape.as_list()), inputs[0].dtype.base_dtype.name
    return None


class Sequential(Model):
    """A stack of layers, each called on the previous one's output."""

    def __init__(self, layers=None, name=None):
        super().__init__(name=name or backend.unique_object_name("sequential"))
        self._stack = []
        for layer in layers or []:
            self.add(layer)

    def add(self, layer):
        if not isinstance(layer, Layer):
            raise TypeError("The added layer must be an instance of class Layer. "
                            f"Received: layer={layer} of type {type(layer)}.")
        self._stack.append(layer)
        tracked = self.__dict__.setdefault("_tracked_layers", [])
        tracked.append(layer)
        if self.outputs is None and len(self._stack) == 1:
            if isinstance(layer, InputLayer):
                self.inputs = [layer._inbound_nodes[0].outputs[0]]
                self.outputs = list(self.inputs)
            elif _known_input(layer) is not None:
                batch_shape, dtype = _known_input(layer)
                x = Input(batch_shape=batch_shape, dtype=dtype, name=f"{layer.name}_input")  # tf-keras's name
                self.inputs, self.outputs = [x], [layer(x)]
        elif self.outputs is not None:
            self.outputs = [layer(self.outputs[0])]
        if self.outputs is not None:
            self._init_graph_network(self.inputs[0], self.outputs[0])
            self.__dict__["_tracked_layers"] = list(self._stack)

    def pop(self):
        if not self._stack:
            raise TypeError("There are no layers in the model.")
        self._stack.pop()
        self.__dict__["_tracked_layers"] = list(self._stack)
        if self.inputs is not None:
            outputs = self.inputs[0]
            for layer in self._stack:
                if not isinstance(layer, InputLayer):
                    outputs = layer._inbound_nodes[0].outputs
            self._init_graph_network(self.inputs[0], outputs)

    @property
    def layers(self):
        return [layer for layer in self._stack if not isinstance(layer, InputLayer)]

    def get_config(self):
        layers = [{"class_name": type(layer).__name__, "config": layer.get_config()} for layer in self.layers]
        if self.inputs:
            first = self.inputs[0]._keras_history[0]
            layers.insert(0, {"class_name": "InputLayer", "config": first.get_config()})
        return {"name": self.name, "layers": layers}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        return model_config.model_from_config({"class_name": "Sequential", "config": config}, custom_objects)

    def call(self, inputs, training=None, mask=None):
        outputs = inputs
        for layer in self.layers:
            kwargs = {"training": training} if "training" in layer._call_arguments and training is not None else {}
            outputs = layer(outputs, **kwargs)
        return outputs

    def __call__(self, inputs, *args, **kwargs):
        if self._is_graph_network and inputs is (self.inputs or [None])[0]:
            return self.outputs[0]
        return Layer.__call__(self, inputs, *args, **kwargs)

    def _ensure_built_for(self, data):
        if self.inputs is not None:
            return
        x = Input(shape=data.shape[1:], dtype=_data_dtype(data))
        outputs = x
        for layer in self.layers:
            outputs = layer(outputs)
        self.inputs, self.outputs = [x], [outputs]
        self._init_graph_network(x, outputs)
        self.__dict__["_tracked_layers"] = list(self._stack)


__all__ = ["Input", "InputLayer", "Model", "Sequential"]


model_config.register({"Sequential": Sequential, "Functional": Model, "Model": Model, "InputLayer": InputLayer})
