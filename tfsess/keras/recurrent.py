"""Keras's recurrent layers in TF1 graph mode: SimpleRNN, LSTM and GRU (legacy Keras's v1 layers:
LSTM/GRU with recurrent_activation='hard_sigmoid', GRU with reset_after=False by default; reset_after=True,
the v2 layers' and CuDNN's form, is built too) and their cells,
with return_sequences/return_state/go_backwards. The time loop is unrolled over the known number of
steps; the cell's weights are named in the layer's scope (`lstm/kernel:0`, `lstm/recurrent_kernel:0`,
`lstm/bias:0`)."""
from __future__ import annotations

import numpy as np

from tfsess.framework import nest
from tfsess.framework.graph import get_default_graph
from tfsess.keras import activations, backend, initializers, regularizers
from tfsess.keras.base_layer import InputSpec, Layer, snake_case
from tfsess.ops import (array_ops, cond_ops, constant_op, indexing_ops, linalg_ops, nn_impl, nn_ops, stack_ops,
                        state_ops)


class _Cell(Layer):
    """Shared arguments of the cells."""

    gates = 1

    def __init__(self, units, activation="tanh", recurrent_activation="hard_sigmoid", use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0,
                 recurrent_dropout=0.0, reset_after=False, **kwargs):
        kwargs.pop("implementation", None)
        super().__init__(**kwargs)
        self.units = int(units)
        self.activation = activations.get(activation)
        self.recurrent_activation = activations.get(recurrent_activation)
        self.use_bias, self.unit_forget_bias, self.reset_after = use_bias, unit_forget_bias, reset_after
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.recurrent_initializer = initializers.get(recurrent_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.recurrent_regularizer = regularizers.get(recurrent_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.constraints = (kernel_constraint, recurrent_constraint, bias_constraint)
        self.dropout = min(1.0, max(0.0, float(dropout)))
        self.recurrent_dropout = min(1.0, max(0.0, float(recurrent_dropout)))
        self.bias = None
        self._masks = None

    @property
    def state_size(self):
        return self.units

    def build(self, input_shape):
        features = input_shape.as_tuple_or_none()[-1]
        width = self.units * self.gates
        self.kernel = self.add_weight("kernel", [features, width], initializer=self.kernel_initializer,
                                      regularizer=self.kernel_regularizer, constraint=self.constraints[0])
        self.recurrent_kernel = self.add_weight("recurrent_kernel", [self.units, width],
                                                initializer=self.recurrent_initializer,
                                                regularizer=self.recurrent_regularizer,
                                                constraint=self.constraints[1])
        if self.use_bias:
            self.bias = self.add_weight("bias", self._bias_shape(width), initializer=self._bias_initializer(),
                                        regularizer=self.bias_regularizer, constraint=self.constraints[2])
        self.built = True

    def _bias_initializer(self):
        return self.bias_initializer

    def _bias_shape(self, width):
        return [width]

    def _split(self, value):
        return stack_ops.split(value, self.gates, axis=-1) if self.gates > 1 else [value]

    def reset_dropout_masks(self):
        self._masks = None

    def _dropout_masks(self, inputs, h_prev, training):
        """(input masks, recurrent masks), one per gate, made at the first step of a layer call and kept for
        its other steps (None where that rate is 0)."""
        if self._masks is None:
            self._masks = (_dropout_masks(inputs, self.dropout, self.gates, training),
                           _dropout_masks(h_prev, self.recurrent_dropout, self.gates, training))
        return self._masks

    def _gate_products(self, value, kernel, masks):
        """value @ kernel, each gate's columns multiplying value * that gate's dropout mask."""
        if masks is None:
            return linalg_ops.matmul(value, kernel)
        parts = [linalg_ops.matmul(value * mask, k) for mask, k in zip(masks, self._split(kernel))]
        return parts[0] if len(parts) == 1 else stack_ops.concat(parts, -1)


def _dropout_masks(like, rate, count, training):
    """`count` masks of ones_like(like) dropped at `rate` (scaled by 1 / (1 - rate)) while training."""
    if not 0.0 < rate < 1.0:
        return None
    ones = array_ops.ones_like(like)

    def dropped():
        return nn_impl.dropout(ones, rate=rate)
    if training is None or isinstance(training, bool):
        return [dropped() if training else ones for _ in range(count)]
    return [cond_ops.cond(training, dropped, lambda: ones) for _ in range(count)]


class SimpleRNNCell(_Cell):
    """h = activation(x @ kernel + bias + h_prev @ recurrent_kernel)."""

    def call(self, inputs, states, training=None):
        input_masks, recurrent_masks = self._dropout_masks(inputs, states[0], training)
        h = self._gate_products(inputs, self.kernel, input_masks)
        if self.bias is not None:
            h = nn_ops.bias_add(h, self.bias)
        output = self.activation(h + self._gate_products(states[0], self.recurrent_kernel, recurrent_masks))
        return output, [output]


class LSTMCell(_Cell):
    """The LSTM step: gates i, f, c, o from x @ kernel + h @ recurrent_kernel + bias."""

    gates = 4

    @property
    def state_size(self):
        return [self.units, self.units]

    def _bias_initializer(self):
        if not self.unit_forget_bias:
            return self.bias_initializer
        base, units = self.bias_initializer, self.units

        def forget_ones(shape, dtype=None, partition_info=None):
            return stack_ops.concat([base([units], dtype=dtype), constant_op.ones([units], dtype=dtype),
                                     base([units * 2], dtype=dtype)], 0)
        return forget_ones

    def call(self, inputs, states, training=None):
        h_prev, c_prev = states
        input_masks, recurrent_masks = self._dropout_masks(inputs, h_prev, training)
        z = self._gate_products(inputs, self.kernel, input_masks) + \
            self._gate_products(h_prev, self.recurrent_kernel, recurrent_masks)
        if self.bias is not None:
            z = nn_ops.bias_add(z, self.bias)
        z_i, z_f, z_c, z_o = self._split(z)
        i, f, o = self.recurrent_activation(z_i), self.recurrent_activation(z_f), self.recurrent_activation(z_o)
        c = f * c_prev + i * self.activation(z_c)
        h = o * self.activation(c)
        return h, [h, c]


class GRUCell(_Cell):
    """The GRU step (gates z, r, h). The reset gate scales the previous output before the recurrent
    product, or with `reset_after` the product itself (then the bias is (2, 3 * units): input and
    recurrent biases, as tf-keras and CuDNN keep it)."""

    gates = 3

    def _bias_shape(self, width):
        return [2, width] if self.reset_after else [width]

    def call(self, inputs, states, training=None):
        h_prev = states[0]
        input_masks, recurrent_masks = self._dropout_masks(inputs, h_prev, training)
        input_bias, recurrent_bias = None, None
        if self.bias is not None:
            input_bias, recurrent_bias = stack_ops.unstack(self.bias) if self.reset_after else (self.bias, None)
        x = self._gate_products(inputs, self.kernel, input_masks)
        if input_bias is not None:
            x = nn_ops.bias_add(x, input_bias)
        x_z, x_r, x_h = self._split(x)
        k_z, k_r, k_h = self._split(self.recurrent_kernel)
        h_z, h_r, h_h = [h_prev * m for m in recurrent_masks] if recurrent_masks else [h_prev] * 3
        if self.reset_after:
            recurrent = stack_ops.concat([linalg_ops.matmul(h, k) for h, k in ((h_z, k_z), (h_r, k_r), (h_h, k_h))],
                                         -1)
            if recurrent_bias is not None:
                recurrent = nn_ops.bias_add(recurrent, recurrent_bias)
            r_z, r_r, r_h = self._split(recurrent)
            z = self.recurrent_activation(x_z + r_z)
            r = self.recurrent_activation(x_r + r_r)
            hh = self.activation(x_h + r * r_h)
        else:
            z = self.recurrent_activation(x_z + linalg_ops.matmul(h_z, k_z))
            r = self.recurrent_activation(x_r + linalg_ops.matmul(h_r, k_r))
            hh = self.activation(x_h + linalg_ops.matmul(r * h_h, k_h))
        h = z * h_prev + (1.0 - z) * hh
        return h, [h]


class RNN(Layer):
    """Runs a cell over the time axis of [batch, time, features] inputs; a masked step keeps the previous
    output and states (zeros before the first unmasked step)."""

    _MASKING = True

    def __init__(self, cell, return_sequences=False, return_state=False, go_backwards=False, stateful=False,
                 unroll=False, time_major=False, **kwargs):
        super().__init__(**{k: v for k, v in kwargs.items() if k not in ("zero_output_for_mask",)})
        self.cell = cell
        self.return_sequences, self.return_state, self.go_backwards = return_sequences, return_state, go_backwards
        self.stateful = stateful
        self.states = None
        self.input_spec = InputSpec(ndim=3)

    def build(self, input_shape):
        step_shape = type(input_shape)([input_shape.as_tuple_or_none()[0], input_shape.as_tuple_or_none()[-1]])
        with get_default_graph().name_scope(self.cell.name):
            self.cell.build(step_shape)
        self.cell.built = True
        if self.stateful:
            self._make_states(input_shape.as_tuple_or_none()[0])
        self.built = True

    def _make_states(self, batch_size):
        """A stateful RNN's state variables ([batch, units] zeros, `<layer>/Variable:0`), not its weights."""
        if batch_size is None:
            raise ValueError("If a RNN is stateful, it needs to know its batch size. Specify the batch size of your "
                             "input tensors: \n- If using a Sequential model, specify the batch size by passing a "
                             "`batch_input_shape` argument to your first layer.\n- If using the functional API, "
                             "specify the batch size by passing a `batch_shape` argument to your Input layer.")
        self.states = [backend.variable(np.zeros((batch_size, size)), dtype=self.dtype)
                       for size in self._state_sizes()]

    def reset_states(self, states=None):
        """Sets a stateful RNN's states to zeros, or to `states` (one array per state)."""
        if not self.stateful:
            raise AttributeError("Layer must be stateful.")
        if self.states is None:
            raise ValueError("The layer has never been called and thus has no states.")
        if states is None:
            values = [np.zeros(v.shape.as_list()) for v in self.states]
        else:
            values = list(states) if isinstance(states, (list, tuple)) else [states]
            if len(values) != len(self.states):
                raise ValueError(f"Layer {self.name} expects {len(self.states)} states, but it received "
                                 f"{len(values)} state values. States received: {states}")
            for index, (var, value) in enumerate(zip(self.states, values)):
                expected = tuple(var.shape.as_list())
                if np.shape(value) != expected:
                    raise ValueError(f"State {index} is incompatible with layer {self.name}: expected shape="
                                     f"{expected} but found shape={np.shape(value)}")
        backend.batch_set_value(list(zip(self.states, values)))

    def compute_mask(self, inputs, mask):
        mask = nest.flatten(mask)[0]
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask] + [None] * len(self._state_sizes())
        return output_mask

    def _state_sizes(self):
        return self.cell.state_size if isinstance(self.cell.state_size, list) else [self.cell.state_size]

    def call(self, inputs, mask=None, initial_state=None, training=None):
        steps = stack_ops.unstack(inputs, axis=1)
        if not steps:
            raise ValueError("Cannot unroll a RNN if the time dimension is undefined or zero.")
        step_masks = [None] * len(steps)
        if mask is not None:
            step_masks = stack_ops.unstack(array_ops.expand_dims(nest.flatten(mask)[0], -1), axis=1)
        if self.go_backwards:
            steps, step_masks = steps[::-1], step_masks[::-1]
        sizes = self._state_sizes()
        if initial_state is None and self.stateful:
            states = [array_ops.identity(v.read_value()) for v in self.states]
        elif initial_state is None:
            batch = array_ops.shape(inputs)[0]
            states = [constant_op.zeros(stack_ops.stack([batch, size]), dtype=inputs.dtype.base_dtype)
                      for size in sizes]
        else:
            states = list(initial_state) if isinstance(initial_state, (list, tuple)) else [initial_state]
        outputs = []
        if hasattr(self.cell, "reset_dropout_masks"):
            self.cell.reset_dropout_masks()
        cell_kwargs = {"training": training} if "training" in self.cell._call_arguments else {}
        for step, keep in zip(steps, step_masks):
            output, new_states = self.cell.call(step, states, **cell_kwargs)
            if keep is not None:
                previous = outputs[-1] if outputs else array_ops.zeros_like(output)
                output = indexing_ops.where_v2(keep, output, previous)
                new_states = [indexing_ops.where_v2(keep, new, old) for new, old in zip(new_states, states)]
            states = new_states
            outputs.append(output)
        if self.stateful:
            self.add_update([state_ops.assign(var, value) for var, value in zip(self.states, states)])
        result = stack_ops.stack(outputs, axis=1) if self.return_sequences else outputs[-1]
        return [result] + list(states) if self.return_state else result


def _rnn_layer(name, cell_class, recurrent_default, doc, not_config=()):
    def __init__(self, units, activation="tanh", recurrent_activation=recurrent_default, use_bias=True,
                 kernel_initializer="glorot_uniform", recurrent_initializer="orthogonal", bias_initializer="zeros",
                 unit_forget_bias=True, kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None, bias_constraint=None,
                 dropout=0.0, recurrent_dropout=0.0, return_sequences=False, return_state=False,
                 go_backwards=False, stateful=False, unroll=False, reset_after=False, **kwargs):
        self._init_kwargs = dict(
            units=units, activation=activation, recurrent_activation=recurrent_activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer, recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer, unit_forget_bias=unit_forget_bias, return_sequences=return_sequences,
            return_state=return_state, go_backwards=go_backwards, reset_after=reset_after, stateful=stateful)
        cell = cell_class(units, activation=activation, recurrent_activation=recurrent_activation,
                          use_bias=use_bias, kernel_initializer=kernel_initializer,
                          recurrent_initializer=recurrent_initializer, bias_initializer=bias_initializer,
                          unit_forget_bias=unit_forget_bias, kernel_regularizer=kernel_regularizer,
                          recurrent_regularizer=recurrent_regularizer, bias_regularizer=bias_regularizer,
                          kernel_constraint=kernel_constraint, recurrent_constraint=recurrent_constraint,
                          bias_constraint=bias_constraint, dropout=dropout, recurrent_dropout=recurrent_dropout,
                          reset_after=reset_after, dtype=kwargs.get("dtype"),
                          name=snake_case(cell_class.__name__))
        RNN.__init__(self, cell, return_sequences=return_sequences, return_state=return_state,
                     go_backwards=go_backwards, stateful=stateful, activity_regularizer=activity_regularizer,
                     **kwargs)
        self.units = int(units)
    # the shared signature takes arguments the tf-keras class has not: its config leaves them out
    return type(name, (RNN,), {"__init__": __init__, "__doc__": doc, "__module__": __name__,
                               "_NOT_CONFIG": not_config})


SimpleRNN = _rnn_layer("SimpleRNN", SimpleRNNCell, "hard_sigmoid", "A fully connected RNN (tf.keras.layers.SimpleRNN).",
                       ("recurrent_activation", "unit_forget_bias", "reset_after"))
LSTM = _rnn_layer("LSTM", LSTMCell, "hard_sigmoid", "Long short-term memory (tf.keras.layers.LSTM, v1).",
                  ("reset_after",))
GRU = _rnn_layer("GRU", GRUCell, "hard_sigmoid", "Gated recurrent unit (tf.keras.layers.GRU, v1).",
                 ("unit_forget_bias",))

__all__ = ["GRU", "GRUCell", "LSTM", "LSTMCell", "RNN", "SimpleRNN", "SimpleRNNCell"]
