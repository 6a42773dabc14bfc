"""The base of TF1's legacy layers (tf.layers.Layer): variable scopes, weights, updates.

Beyond TF 2.21, whose compat.v1 lost tf.layers with Keras 3: this follows TF 1.x's legacy layers.
The first use opens `variable_scope(None, default_name=<name or layer>)` ("conv2d", "conv2d_1", ...) and
keeps it (the functional forms pass `_scope=name`, so theirs is exactly `name`, as TF's); `build` makes the variables there with `get_variable` (so `conv2d/kernel` restores from a
TF checkpoint) and every call builds its ops in that scope's name scope. Later calls reuse the
variables. Update ops a call adds (batch normalization's moving averages) go to UPDATE_OPS as operations.
The layer's dtype, unless given, is its first inputs' dtype.

Layers made inside `tf.layers.experimental.keras_style_scope()` (or after `set_keras_style()`) are Keras-style, as
in TF: named once when made (`dense_1`, `dense_2`, ... from the graph's layer counter), they open no variable
scope (each call a fresh name scope under the current one; the variables are made in the first) and refuse
`_scope` and `_reuse`. A layer with an `input_spec` checks its inputs against it on every call.
"""
from __future__ import annotations

import contextlib
import re
import weakref

from tfsess.framework import dtypes, nest
from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.operation import Tensor
from tfsess.ops import array_ops, math_ops
from tfsess.ops import variable_scope as vs
from tfsess.ops.input_spec import assert_input_compatibility
from tfsess.ops.variables import GraphKeys

_KERAS_STYLE = [False]  # set_keras_style / keras_style_scope
_LAYER_UIDS = weakref.WeakKeyDictionary()  # graph -> {base name: count}: the layers' names, as Keras's uid map


@contextlib.contextmanager
def keras_style_scope():
    """Layers made inside are Keras-style: no variable scopes, no reuse; each layer object owns its weights
    (tf.layers.experimental.keras_style_scope)."""
    previous = _KERAS_STYLE[0]
    _KERAS_STYLE[0] = True
    try:
        yield
    finally:
        _KERAS_STYLE[0] = previous


def set_keras_style():
    """Makes every layer made from now on Keras-style (tf.layers.experimental.set_keras_style)."""
    _KERAS_STYLE[0] = True


def normalize_data_format(data_format):
    """"channels_last" or "channels_first", any case; None is "channels_last" (TF's conv_utils)."""
    value = (data_format or "channels_last").lower()
    if value not in ("channels_last", "channels_first"):
        raise ValueError('The `data_format` argument must be one of "channels_first", "channels_last". '
                         f"Received: {data_format}")
    return value


def _unique_layer_name(base_name, zero_based):
    uids = _LAYER_UIDS.setdefault(get_default_graph(), {})
    uids[base_name] = uids.get(base_name, 0) + 1
    uid = uids[base_name] - (1 if zero_based else 0)
    return base_name if uid == 0 else f"{base_name}_{uid}"


def _snake_case(name):
    return re.sub(r"([a-z])([A-Z])", r"\1_\2", re.sub(r"(.)([A-Z][a-z0-9]+)", r"\1_\2", name)).lower()


def is_tensor_like(value):
    """Whether `value` is a graph tensor (or converts to one), not a Python value."""
    return isinstance(value, Tensor) or hasattr(value, "_as_graph_element")


def layer_dtype(inputs):
    """The dtype a functional layer gives its variables: the inputs' if floating, else float32."""
    dtype = inputs.dtype.base_dtype
    return dtype if dtype.is_floating else dtypes.float32


class Layer:
    """A callable that owns variables made on its first call (tf.layers.Layer).

    Subclasses define `build(input_shape)` (making weights with `add_weight`) and `call(inputs, ...)`.
    `expected_ndim` / `min_ndim` check the input rank when set.
    """

    expected_ndim = None
    min_ndim = None
    input_spec = None

    def __init__(self, trainable=True, name=None, dtype=None, _reuse=None, **kwargs):
        unknown = set(kwargs) - {"_scope", "input_shape", "batch_input_shape", "activity_regularizer"}
        if unknown:
            raise TypeError(f"Keyword argument not understood: {sorted(unknown)[0]}")
        self.trainable = trainable
        self._base_name = name or _snake_case(type(self).__name__)
        self._layer_name = name  # what `name` says: TF's unique name, whatever scope the layer opens
        self._keras_style = _KERAS_STYLE[0]
        if not name:  # every unnamed layer counts, as TF's layers share Keras's uid map
            unique = _unique_layer_name(self._base_name, zero_based=False)
            self._layer_name = unique
        if self._keras_style and kwargs.get("_scope") is not None:
            raise ValueError(f"scope argument not allowed when keras style layers are enabled, but saw: "
                             f"{kwargs['_scope']}")
        if self._keras_style and _reuse is not None:
            raise ValueError(f"reuse argument not allowed when keras style layers are enabled, but saw: {_reuse}")
        self._reuse = _reuse
        self._scope = None
        if kwargs.get("_scope") and not self._keras_style:  # entered now, as TF: its name scope is taken here
            with vs.variable_scope(kwargs["_scope"]) as captured:
                self._scope = captured
        self.dtype = None if dtype is None else dtypes.as_dtype(dtype)
        self.activity_regularizer = kwargs.get("activity_regularizer")
        self.built = False
        self._trainable_weights, self._non_trainable_weights = [], []
        self._updates, self._losses = [], []
        self._weight_losses = []  # the weights' regularizer penalties: listed after add_loss's losses, as TF

    # ---------------------------------------------------------------- properties
    @property
    def name(self):
        return self._layer_name

    @property
    def scope_name(self):
        if self._scope is None:
            raise ValueError(f'No name available for layer scope because the layer "{self.name}" has not been '
                             "used yet. The scope name is determined the first time the layer instance is called.")
        return self._scope.name

    @property
    def trainable_weights(self):
        return list(self._trainable_weights) if self.trainable else []

    @property
    def non_trainable_weights(self):
        if self.trainable:
            return list(self._non_trainable_weights)
        return list(self._trainable_weights) + list(self._non_trainable_weights)

    @property
    def weights(self):
        return self.trainable_weights + self.non_trainable_weights

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights
    variables = weights

    @property
    def updates(self):
        """The layer's update ops; none while it is frozen (trainable False), as Keras's."""
        return list(self._updates) if self.trainable or getattr(self, "stateful", False) else []

    @property
    def losses(self):
        return list(self._losses) + list(self._weight_losses)

    # ---------------------------------------------------------------- building blocks
    def add_weight(self, name, shape, dtype=None, initializer=None, regularizer=None, trainable=True,
                   constraint=None, **kwargs):
        """A variable `name` in the layer's scope (made with get_variable, so scopes and reuse apply)."""
        dtype = dtypes.as_dtype(dtype or self.dtype or dtypes.float32)
        variable = self._get_variable(name, regularizer, shape=shape, dtype=dtype, initializer=initializer,
                                      trainable=trainable and self.trainable, constraint=constraint)
        in_trainable = any(v is variable for v in get_default_graph().get_collection(GraphKeys.TRAINABLE_VARIABLES))
        if trainable and in_trainable:
            self._trainable_weights.append(variable)
        else:
            self._non_trainable_weights.append(variable)
        return variable

    add_variable = add_weight  # TF1's older name

    def _get_variable(self, name, regularizer, **kwargs):
        """get_variable in the layer's own scope, also when `build` is called directly (TF enters it here)."""
        if self._keras_style:
            return self._regularized_variable(name, regularizer, kwargs)
        self._set_scope()
        with vs.variable_scope(self._scope, reuse=self.built or self._reuse, auxiliary_name_scope=False) as scope:
            with get_default_graph().name_scope(scope.original_name_scope):
                return self._regularized_variable(name, regularizer, kwargs)

    def _regularized_variable(self, name, regularizer, kwargs):
        """get_variable, which applies the variable scope's regularizer; then, to a new variable only, the
        layer's own `regularizer`: both penalties are kept, as TF's legacy add_weight keeps them, and the
        layer's `losses` list only its own."""
        graph = get_default_graph()
        existing = {id(v) for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES)}
        variable = vs.get_variable(name, **kwargs)
        parts = variable._get_variable_list() if hasattr(variable, "_get_variable_list") else [variable]
        if not regularizer or any(id(part) in existing for part in parts):
            return variable
        for part in parts:  # a partitioned variable: a penalty per part, as TF's
            with graph.name_scope(name + "/Regularizer"):
                loss = regularizer(part)
            if loss is not None:
                self._weight_losses.append(loss)
                graph.add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)
        return variable

    def add_update(self, updates):
        """Keeps the update ops (a tensor stands for its op, as TF's legacy layers keep them)."""
        for update in updates if isinstance(updates, (list, tuple)) else [updates]:
            self._updates.append(getattr(update, "op", update))

    def add_loss(self, losses):
        losses = list(losses) if isinstance(losses, (list, tuple)) else [losses]
        self._losses.extend(losses)
        for loss in losses:
            get_default_graph().add_to_collection(GraphKeys.REGULARIZATION_LOSSES, loss)

    def build(self, input_shape):
        self.built = True

    def get_config(self):
        """The layer's constructor arguments (the base part: name, trainable, dtype)."""
        return {"name": self.name, "trainable": self.trainable, "dtype": None if self.dtype is None else self.dtype.name}

    @classmethod
    def from_config(cls, config):
        """A new layer made from `get_config`'s dict (its constructor arguments), as Keras's."""
        return cls(**config)

    def call(self, inputs, **kwargs):
        return inputs

    def compute_output_shape(self, input_shape):
        raise NotImplementedError(f"{type(self).__name__}.compute_output_shape")

    # ---------------------------------------------------------------- calling
    def _check_rank(self, inputs):
        ndims = inputs.shape.ndims
        if ndims is None:
            return
        if self.expected_ndim is not None and ndims != self.expected_ndim:
            raise ValueError(f'Input 0 of layer "{self.name}" is incompatible with the layer: expected '
                             f"ndim={self.expected_ndim}, found ndim={ndims}. Full shape received: {inputs.shape}")
        if self.min_ndim is not None and ndims < self.min_ndim:
            raise ValueError(f'Input 0 of layer "{self.name}" is incompatible with the layer: expected '
                             f"min_ndim={self.min_ndim}, found ndim={ndims}. Full shape received: {inputs.shape}")

    def _set_scope(self):
        """Captures the layer's variable scope on first use. A named layer object made without `_scope` (the
        class, not the functional form) takes its name as a default name, so a second "fc" is "fc_1", as TF."""
        if self._scope is not None:
            return
        if self._reuse:
            with vs.variable_scope(self._base_name) as captured:
                self._scope = captured
        else:
            with vs.variable_scope(None, default_name=self._base_name) as captured:
                self._scope = captured

    def __call__(self, inputs, *args, **kwargs):
        """Builds the layer on its first call, then applies `call` in the layer's scopes."""
        if not isinstance(inputs, SparseTensor):  # a sparse input stays sparse (Dense multiplies it as such)
            inputs = convert_to_tensor(inputs)
        if self.dtype is None:  # TF's legacy layers take their dtype from the first inputs
            self.dtype = inputs.dtype.base_dtype
        assert_input_compatibility(self.input_spec, inputs, self.name)
        if self._keras_style:
            return self._keras_style_call(inputs, *args, **kwargs)
        self._set_scope()
        reuse = True if self.built else self._reuse
        n_updates = len(self._updates)
        with vs.variable_scope(self._scope, reuse=reuse, auxiliary_name_scope=False) as scope:
            with get_default_graph().name_scope(scope.original_name_scope):
                self._check_rank(inputs)
                if not self.built:
                    self.build(inputs.shape)
                    self.built = True
                outputs = self.call(inputs, *args, **kwargs)
                if self.activity_regularizer is not None:
                    self._add_activity_loss(outputs)
        if self.updates:  # a frozen layer's updates stay out of UPDATE_OPS, as TF's
            for update in self._updates[n_updates:]:
                get_default_graph().add_to_collection(GraphKeys.UPDATE_OPS, update)
        return outputs

    apply = __call__

    def _keras_style_call(self, inputs, *args, **kwargs):
        """A call in a fresh name scope named after the layer; the first makes the variables there."""
        with get_default_graph().name_scope(self.name) as scope:
            self._check_rank(inputs)
            if not self.built:
                own = vs.VariableScope(False, name=scope.rstrip("/"), name_scope=scope)
                with vs.variable_scope(own, auxiliary_name_scope=False):
                    self.build(inputs.shape)
                self.built = True
            outputs = self.call(inputs, *args, **kwargs)
            if self.activity_regularizer is not None:
                self._add_activity_loss(outputs)
        return outputs  # its updates stay the layer's: TF's Keras-style layers add none to UPDATE_OPS

    def _add_activity_loss(self, outputs):
        """The activity regularizer's value over each output, divided by its batch size (as TF)."""
        with get_default_graph().name_scope("ActivityRegularizer"):
            for output in nest.flatten(outputs):
                loss = self.activity_regularizer(output)
                batch_size = math_ops.cast(array_ops.shape(output)[0], loss.dtype.base_dtype)
                self.add_loss(math_ops.truediv(loss, batch_size))


__all__ = ["Layer"]  # keras_style_scope and set_keras_style are tf.layers.experimental's
