"""The Keras Layer in TF1 graph mode (legacy Keras): unique per-graph names, weights made as
variables in the layer's name scope (`dense/kernel:0`), input specs, losses and updates, and the
call history (`_keras_history` on each output) that functional models are traced from.

Each call runs in `name_scope(layer.name)`: the first call builds the weights there, so they are
named `<layer>/<weight>`; later calls open uniquified scopes (`dense_1/...`) as TF's do.
A call argument `training` left out takes the Keras learning phase.
"""
from __future__ import annotations

import inspect
import re

from tfsess.framework import dtypes, nest
from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.keras import backend, initializers, regularizers
from tfsess.ops import array_ops, math_ops, variables


def snake_case(name):
    """CamelCase -> camel_case, as Keras names layers (Conv2D -> conv2d, LSTMCell -> lstm_cell)."""
    intermediate = re.sub("(.)([A-Z][a-z0-9]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", intermediate).lower()


class InputSpec:
    """What a layer accepts: dtype, shape, ndim, max_ndim, min_ndim, axes {axis: size}."""

    def __init__(self, dtype=None, shape=None, ndim=None, max_ndim=None, min_ndim=None, axes=None,
                 allow_last_axis_squeeze=False, name=None):
        self.dtype = None if dtype is None else dtypes.as_dtype(dtype).name
        self.shape = None if shape is None else tuple(shape)
        self.ndim = len(self.shape) if shape is not None else ndim
        self.max_ndim, self.min_ndim = max_ndim, min_ndim
        self.axes = dict(axes or {})
        self.allow_last_axis_squeeze, self.name = allow_last_axis_squeeze, name

    def __repr__(self):
        parts = [f"dtype={self.dtype}" if self.dtype else "", f"shape={self.shape}" if self.shape else "",
                 f"ndim={self.ndim}" if self.ndim is not None else "",
                 f"max_ndim={self.max_ndim}" if self.max_ndim is not None else "",
                 f"min_ndim={self.min_ndim}" if self.min_ndim is not None else "",
                 f"axes={self.axes}" if self.axes else ""]
        return "InputSpec(" + ", ".join(p for p in parts if p) + ")"

    def check(self, layer_name, index, tensor):
        """Raises ValueError (Keras's text) where `tensor` does not meet the spec."""
        shape = tensor.shape
        ndim = shape.ndims
        prefix = f'Input {index} of layer "{layer_name}" is incompatible with the layer: '
        if self.ndim is not None and ndim is not None and ndim != self.ndim:
            raise ValueError(f"{prefix}expected ndim={self.ndim}, found ndim={ndim}. Full shape received: "
                             f"{tuple(shape.as_tuple_or_none())}")
        if self.max_ndim is not None and ndim is not None and ndim > self.max_ndim:
            raise ValueError(f"{prefix}expected max_ndim={self.max_ndim}, found ndim={ndim}")
        if self.min_ndim is not None and ndim is not None and ndim < self.min_ndim:
            raise ValueError(f"{prefix}expected min_ndim={self.min_ndim}, found ndim={ndim}. Full shape received: "
                             f"{tuple(shape.as_tuple_or_none())}")
        if self.axes and ndim is not None:
            dims = shape.as_tuple_or_none()
            for axis, size in self.axes.items():
                if size is not None and dims[axis] not in (size, None):
                    raise ValueError(f"{prefix}expected axis {axis} of input shape to have value {size}, but "
                                     f"received input with shape {tuple(dims)}")


_NOT_CONFIG = ("input_shape", "batch_size", "input_dim", "weights")


def _recording_arguments(init):
    """`init`, keeping the arguments of a layer's outermost __init__ call for get_config."""
    signature = inspect.signature(init)

    def __init__(self, *args, **kwargs):
        if "_init_arguments" not in self.__dict__:
            self.__dict__["_init_arguments"] = _bound_arguments(signature, self, args, kwargs)
        init(self, *args, **kwargs)
    __init__.__wrapped__ = init
    __init__.__doc__, __init__.__qualname__ = init.__doc__, init.__qualname__
    return __init__


def _bound_arguments(signature, layer, args, kwargs):
    try:
        bound = signature.bind(layer, *args, **kwargs)
    except TypeError:
        return {}  # the call itself will raise
    bound.apply_defaults()
    found = {}
    for name, value in list(bound.arguments.items())[1:]:
        kind = signature.parameters[name].kind
        if kind == inspect.Parameter.VAR_KEYWORD:  # Keras's shorthands (input_shape=...) are not config
            found.update((k, v) for k, v in value.items() if k not in _NOT_CONFIG)
        elif kind != inspect.Parameter.VAR_POSITIONAL:
            found[name] = value
    return found


def config_value(value):
    """A constructor argument as a config holds it: objects with a config as {class_name, config}, functions
    by name."""
    if hasattr(value, "get_config") and not isinstance(value, type):
        return {"class_name": type(value).__name__, "config": value.get_config()}
    if callable(value) and hasattr(value, "__name__"):
        return value.__name__
    return value


class Node:
    """One call of a layer: its input tensors, outputs and the keyword arguments it was called with."""

    def __init__(self, layer, inputs, outputs, kwargs):
        self.layer, self.inputs, self.outputs, self.kwargs = layer, inputs, outputs, kwargs

    @property
    def input_tensors(self):
        return [t for t in nest.flatten(self.inputs) if backend.is_keras_tensor(t)]


class Layer:
    """The base of Keras layers (tf.keras.layers.Layer), in graph mode.

    Subclasses define `build(input_shape)` (weights through `add_weight`) and `call(inputs, ...)`.
    """

    _NAME_ZERO_BASED = True
    _NOT_CONFIG = ()  # constructor arguments the tf-keras class has not (left out of get_config)
    _MASKING = False  # supports_masking's default: layers that pass their input mask on say True

    def __init__(self, trainable=True, name=None, dtype=None, dynamic=False, **kwargs):
        allowed = {"input_shape", "batch_input_shape", "batch_size", "weights", "activity_regularizer",
                   "autocast", "input_dim", "implementation"}
        unknown = set(kwargs) - allowed
        if unknown:
            raise TypeError("Keyword argument not understood:", sorted(unknown)[0])
        self._name = name or backend.unique_object_name(snake_case(type(self).__name__),
                                                        zero_based=self._NAME_ZERO_BASED)
        self.trainable = trainable
        self._dtype = None if dtype is None else dtypes.as_dtype(dtype)
        self.built = False
        self.input_spec = None
        self.supports_masking = type(self)._MASKING
        self.activity_regularizer = regularizers.get(kwargs.get("activity_regularizer"))
        self._trainable_weights, self._non_trainable_weights = [], []
        self._updates, self._losses = [], []
        self._inbound_nodes = []
        self._initial_weights = kwargs.get("weights")
        self._batch_input_shape = None
        if "input_dim" in kwargs and "input_shape" not in kwargs:
            kwargs["input_shape"] = (kwargs["input_dim"],)
        if "batch_input_shape" in kwargs:
            self._batch_input_shape = tuple(kwargs["batch_input_shape"])
        elif "input_shape" in kwargs:
            self._batch_input_shape = (kwargs.get("batch_size"),) + tuple(kwargs["input_shape"])
        self._call_arguments = set(inspect.signature(self.call).parameters)

    # ---------------------------------------------------------------- properties
    @property
    def name(self):
        return self._name

    @property
    def dtype(self):
        return (self._dtype or dtypes.as_dtype(backend.floatx())).name

    @property
    def trainable_weights(self):
        return self._gather("_trainable_weights") if self.trainable else []

    @property
    def non_trainable_weights(self):
        if self.trainable:
            return self._gather("_non_trainable_weights")
        return self._gather("_trainable_weights") + self._gather("_non_trainable_weights")

    def _gather(self, attribute):
        found = list(getattr(self, attribute))
        for layer in self._sublayers():
            for w in getattr(layer, attribute):
                if not any(w is seen for seen in found):
                    found.append(w)
            if attribute == "_trainable_weights" and not layer.trainable:
                found = [w for w in found if not any(w is t for t in layer._trainable_weights)]
        return found

    def _sublayers(self):
        """Layers this one holds (a wrapper's layer, a cell, a model's layers), flattened."""
        found = []
        for layer in getattr(self, "_tracked_layers", []):
            found.append(layer)
            found.extend(layer._sublayers())
        return found

    @property
    def weights(self):
        return self.trainable_weights + self.non_trainable_weights

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights

    @property
    def updates(self):
        found = list(self._updates)
        for layer in self._sublayers():
            found.extend(u for u in layer._updates if u not in found)
        return found

    @property
    def losses(self):
        found = list(self._losses)
        for layer in self._sublayers():
            found.extend(u for u in layer._losses if not any(u is f for f in found))
        return found

    def __setattr__(self, name, value):
        # Layers assigned as attributes (a wrapper's layer, a model's layers) are tracked for weights
        if isinstance(value, Layer):
            self.__dict__.setdefault("_tracked_layers", [])
            if not any(value is t for t in self.__dict__["_tracked_layers"]):
                self.__dict__["_tracked_layers"].append(value)
        elif isinstance(value, (list, tuple)) and value and all(isinstance(v, Layer) for v in value):
            tracked = self.__dict__.setdefault("_tracked_layers", [])
            tracked.extend(v for v in value if not any(v is t for t in tracked))
        super().__setattr__(name, value)

    # ---------------------------------------------------------------- weights
    def add_weight(self, name=None, shape=None, dtype=None, initializer=None, regularizer=None, trainable=None,
                   constraint=None, use_resource=None, synchronization=None, aggregation=None, **kwargs):
        """A variable `<layer>/<name>` made in the current (layer's) name scope, tracked by the layer."""
        dtype = dtypes.as_dtype(dtype or self.dtype)
        shape = TensorShape(shape or ())
        if initializer is None:
            initializer = "glorot_uniform" if dtype.is_floating else "zeros"
        initializer = initializers.get(initializer)
        trainable = True if trainable is None else trainable
        dims = [int(d) for d in shape.as_tuple_or_none()]
        var = variables.Variable(lambda: initializer(dims, dtype=dtype), name=name, dtype=dtype,
                                 trainable=trainable and self.trainable, constraint=constraint, use_resource=True)
        backend.track_variable(var)
        (self._trainable_weights if trainable else self._non_trainable_weights).append(var)
        regularizer = regularizers.get(regularizer)
        if regularizer is not None:
            with get_default_graph().name_scope(f"{name}/Regularizer"):
                self._losses.append(regularizer(var))
        return var

    add_variable = add_weight

    def get_weights(self):
        return backend.batch_get_value(self.weights)

    def set_weights(self, weights):
        params = self.weights
        if len(params) != len(weights):
            raise ValueError(f'You called `set_weights(weights)` on layer "{self.name}" with a weight list of '
                             f"length {len(weights)}, but the layer was expecting {len(params)} weights. "
                             f"Provided weights: {str(weights)[:50]}...")
        pairs = []
        for param, value in zip(params, weights):
            if tuple(param.shape.as_list()) != tuple(getattr(value, "shape", ())):
                raise ValueError(f"Layer {self.name} weight shape {tuple(param.shape.as_list())} is not compatible "
                                 f"with provided weight shape {tuple(getattr(value, 'shape', ()))}.")
            pairs.append((param, value))
        backend.batch_set_value(pairs)

    def count_params(self):
        if not self.built:
            raise ValueError(f"You tried to call `count_params` on layer {self.name}, but the layer isn't built. "
                             "You can build it manually via: `" + self.name + ".build(batch_input_shape)`.")
        return int(sum(TensorShape(w.shape).num_elements() for w in self.weights))

    def add_update(self, updates, inputs=None):
        for update in updates if isinstance(updates, (list, tuple)) else [updates]:
            self._updates.append(getattr(update, "op", update))

    def add_loss(self, losses, inputs=None):
        for loss in losses if isinstance(losses, (list, tuple)) else [losses]:
            self._losses.append(loss() if callable(loss) else convert_to_tensor(loss))

    def get_updates_for(self, inputs):
        return self.updates

    def get_losses_for(self, inputs):
        return self.losses

    # ---------------------------------------------------------------- the subclass API
    def build(self, input_shape):
        if self._batch_input_shape is None and input_shape is not None:
            self._build_input_shape = input_shape
        self.built = True

    def call(self, inputs, *args, **kwargs):
        return inputs

    def compute_mask(self, inputs, mask=None):
        """The mask of the outputs: the input mask where the layer supports masking, else None."""
        if not self.supports_masking:
            if any(m is not None for m in nest.flatten(mask)):
                raise TypeError(f"Layer {self.name} does not support masking, but was passed an input_mask: "
                                f"{mask}")
            return None
        return mask

    def compute_output_shape(self, input_shape):
        raise NotImplementedError(f"Please run in eager mode or implement the compute_output_shape method on "
                                  f"your layer ({type(self).__name__}).")

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        init = cls.__dict__.get("__init__")
        if init is not None:
            cls.__init__ = _recording_arguments(init)

    def get_config(self):
        """name, trainable, dtype (and batch_input_shape); a layer class that writes no get_config of its
        own adds the arguments it was constructed with, as tf-keras's layers list theirs."""
        config = {"name": self.name, "trainable": self.trainable, "dtype": self.dtype}
        if self._batch_input_shape is not None:
            config["batch_input_shape"] = self._batch_input_shape
        if type(self).get_config is Layer.get_config:
            for key, value in self.__dict__.get("_init_arguments", {}).items():
                if key not in config and key not in type(self)._NOT_CONFIG:
                    config[key] = config_value(value)
        return config

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    # ---------------------------------------------------------------- calling
    @property
    def input(self):
        return self._node_attr("inputs")

    @property
    def output(self):
        return self._node_attr("outputs")

    def _node_attr(self, attr):
        if not self._inbound_nodes:
            raise AttributeError(f"Layer {self.name} is not connected, no input to return.")
        return getattr(self._inbound_nodes[0], attr)

    @property
    def input_shape(self):
        return _shapes_of(self.input)

    @property
    def output_shape(self):
        return _shapes_of(self.output)

    def _maybe_build(self, inputs):
        if self.built:
            return
        shapes = nest.map_structure(lambda t: t.shape, inputs)
        self.build(shapes if isinstance(shapes, (list, tuple)) else shapes)
        self.built = True
        if self._initial_weights is not None:
            self.set_weights(self._initial_weights)
            self._initial_weights = None

    def _maybe_build_shape(self, input_shape):
        """Builds the layer for `input_shape` (a wrapper building its inner layer) if not built yet."""
        if not self.built:
            self.build(input_shape)
            self.built = True

    def _check_input_spec(self, inputs):
        if self.input_spec is None:
            return
        specs = nest.flatten(self.input_spec)
        for index, (spec, tensor) in enumerate(zip(specs, nest.flatten(inputs))):
            if spec is not None:
                spec.check(self.name, index, tensor)

    def __call__(self, inputs, *args, **kwargs):
        """Builds the layer on its first call, then runs `call` in name_scope(layer.name)."""
        inputs = nest.map_structure(_as_tensor, inputs)
        if "training" in self._call_arguments and kwargs.get("training") is None:
            phase = backend.learning_phase()
            kwargs["training"] = bool(phase) if isinstance(phase, int) else phase
        if "training" not in self._call_arguments:
            kwargs.pop("training", None)
        input_masks = kwargs["mask"] if "mask" in kwargs else _input_masks(inputs)
        call_kwargs = kwargs
        if "mask" in self._call_arguments and "mask" not in kwargs and input_masks is not None:
            call_kwargs = dict(kwargs, mask=input_masks)  # not recorded: a replay takes its inputs' masks
        graph = next((t.graph for t in nest.flatten(inputs) if hasattr(t, "graph")), get_default_graph())
        with graph.as_default(), graph.name_scope(self.name):
            self._check_input_spec(inputs)
            if not self.built:
                self._maybe_build(inputs)
            outputs = self.call(inputs, *args, **call_kwargs)
            if self.activity_regularizer is not None:
                with graph.name_scope("ActivityRegularizer"):
                    for output in nest.flatten(outputs):
                        loss = self.activity_regularizer(output)
                        size = _batch_size(output, loss.dtype.base_dtype)
                        self._losses.append(loss / size)
            self._set_mask_metadata(inputs, outputs, input_masks)
        self._record(inputs, outputs, kwargs)
        return outputs

    def _record(self, inputs, outputs, kwargs):
        node_index = len(self._inbound_nodes)
        self._inbound_nodes.append(Node(self, inputs, outputs, dict(kwargs)))
        for index, tensor in enumerate(nest.flatten(outputs)):
            try:
                tensor._keras_history = (self, node_index, index)
            except AttributeError:  # a Python value a Lambda returned
                pass

    def _set_mask_metadata(self, inputs, outputs, input_masks):
        """Sets `_keras_mask` on the outputs, as compute_mask says (kept where `call` set them all)."""
        flat = nest.flatten(outputs)
        if getattr(self, "_compute_output_and_mask_jointly", False) or \
                all(getattr(t, "_keras_mask", None) is not None for t in flat):
            return
        overridden = type(self).compute_mask is not Layer.compute_mask
        masks = self.compute_mask(inputs, input_masks) if self.supports_masking or overridden else None
        masks = [None] * len(flat) if masks is None else nest.flatten(masks)
        for tensor, mask in zip(flat, masks):
            try:
                tensor._keras_mask = mask
            except AttributeError:  # a Python value a Lambda returned
                pass

    apply = __call__

    def __repr__(self):
        return f"<{type(self).__module__}.{type(self).__name__} object name={self.name}>"


def _as_tensor(value):
    return value if hasattr(value, "graph") and hasattr(value, "dtype") else convert_to_tensor(value)


def _input_masks(inputs):
    """The `_keras_mask` of each input (None when no input has one)."""
    masks = nest.map_structure(lambda t: getattr(t, "_keras_mask", None), inputs)
    return None if all(m is None for m in nest.flatten(masks)) else masks


def _batch_size(output, dtype):
    from_shape = output.shape.as_tuple_or_none()[0] if output.shape.ndims else None
    if from_shape is not None:
        return convert_to_tensor(float(from_shape), dtype=dtype)
    return math_ops.cast(array_ops.shape(output)[0], dtype)


def _shapes_of(tensors):
    shapes = [tuple(t.shape.as_tuple_or_none()) if t.shape.ndims is not None else None
              for t in nest.flatten(tensors)]
    return shapes[0] if not isinstance(tensors, (list, tuple)) else shapes


__all__ = ["InputSpec", "Layer"]
