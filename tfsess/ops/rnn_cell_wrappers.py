"""Cell wrappers of tf.nn.rnn_cell: DropoutWrapper, ResidualWrapper, DeviceWrapper.

A wrapper calls its cell directly (no scope of its own), so the wrapped cell's variables keep
the names they would have unwrapped, as in TF.
"""
from __future__ import annotations

import hashlib

from tfsess.framework import dtypes, nest
from tfsess.framework.graph_api import device as device_scope
from tfsess.framework.graph_api import name_scope
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.tensor_util import constant_value
from tfsess.ops.math_ops import divide
from tfsess.ops.nn_impl import dropout_v2
from tfsess.ops.random_ops import random_uniform
from tfsess.ops.rnn_cell_impl import LSTMStateTuple, RNNCell, assert_like_rnncell, concat_size, map_structure
from tfsess.ops.unary_ops import floor


def default_dropout_state_filter_visitor(substate):
    """TF's default: drop an LSTM state's h but not its c; drop every other state."""
    if isinstance(substate, LSTMStateTuple):
        return LSTMStateTuple(c=False, h=True)
    return True


def _state_mask(visitor, state):
    """One bool per leaf of `state`: whether dropout applies to it, as `visitor` decides."""
    decision = visitor(state)
    if isinstance(decision, bool):
        return [decision] * len(nest.flatten(state))
    return [flag for part, sub in zip(decision, state)
            for flag in (_state_mask(lambda _, p=part: p, sub) if isinstance(part, bool)
                         else _state_mask(visitor, sub))]


class _Wrapper(RNNCell):
    """A cell around `cell`: same sizes and zero state, calls the cell in the caller's scope."""

    def __init__(self, cell, name=None):
        super().__init__(name=name)
        assert_like_rnncell("cell", cell)
        self.cell = cell

    state_size = property(lambda self: self.cell.state_size)
    output_size = property(lambda self: self.cell.output_size)
    wrapped_cell = property(lambda self: self.cell)

    # TF's legacy wrappers track no weights of their own and none of the wrapped cell's: a wrapper's
    # `weights` (and a MultiRNNCell's over wrappers) is empty; the cell's own list has them.

    def zero_state(self, batch_size, dtype):
        with name_scope(type(self).__name__ + "ZeroState"):
            return self.cell.zero_state(batch_size, dtype)

    def __call__(self, inputs, state, scope=None):
        return self._call_wrapped_cell(inputs, state, self.cell.__call__, scope=scope)

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        raise NotImplementedError("Abstract method")


class DropoutWrapper(_Wrapper):
    """Dropout on a cell's inputs, outputs and states, optionally the same mask at every step
    (variational_recurrent, Gal & Ghahramani 2016)."""

    def __init__(self, cell, input_keep_prob=1.0, output_keep_prob=1.0, state_keep_prob=1.0,
                 variational_recurrent=False, input_size=None, dtype=None, seed=None,
                 dropout_state_filter_visitor=None, name=None):
        """Raises ValueError for a constant keep probability outside [0, 1], or variational dropout
        without `dtype` (or without `input_size` when inputs are dropped); TypeError for a cell
        that is not one or a visitor that is not callable."""
        super().__init__(cell, name=name)
        if dropout_state_filter_visitor is not None and not callable(dropout_state_filter_visitor):
            raise TypeError("dropout_state_filter_visitor must be callable")
        self._visitor = dropout_state_filter_visitor or default_dropout_state_filter_visitor
        with name_scope("DropoutWrapperInit"):
            for prob, attr in ((input_keep_prob, "input_keep_prob"), (state_keep_prob, "state_keep_prob"),
                               (output_keep_prob, "output_keep_prob")):
                tensor = convert_to_tensor(prob)
                const = constant_value(tensor)
                if const is not None:
                    if const < 0 or const > 1:
                        raise ValueError(f"Parameter {attr} must be between 0 and 1. Received {const}")
                    setattr(self, "_" + attr, float(const))
                else:
                    setattr(self, "_" + attr, tensor)
        self._variational_recurrent = variational_recurrent
        self._input_size = input_size
        self._seed = seed
        self._input_noise = self._state_noise = self._output_noise = None
        if variational_recurrent:
            self._make_noise(input_size, dtype)

    def _make_noise(self, input_size, dtype):
        if dtype is None:
            raise ValueError("When variational_recurrent=True, dtype must be provided")

        def noise(sizes, salt):
            return [random_uniform(concat_size(1, s), dtype=dtypes.as_dtype(dtype), seed=self._gen_seed(salt, i))
                    for i, s in enumerate(nest.flatten(sizes))]
        if _should_dropout(self._input_keep_prob):
            if input_size is None:
                raise ValueError("When variational_recurrent=True and input_keep_prob < 1.0 or is unknown, "
                                 "input_size must be provided")
            self._input_noise = noise(input_size, "input")
        self._state_noise = noise(self.cell.state_size, "state")
        self._output_noise = noise(self.cell.output_size, "output")

    def _gen_seed(self, salt_prefix, index):
        if self._seed is None:
            return None
        text = (str(self._seed) + f"{salt_prefix}_{index}").encode("utf-8")
        return int(hashlib.md5(text).hexdigest()[:8], 16) & 0x7FFFFFFF

    def _dropout(self, values, salt_prefix, noise, keep_prob, mask=None):
        leaves = nest.flatten(values)
        mask = mask or [True] * len(leaves)
        out = []
        for i, (value, apply) in enumerate(zip(leaves, mask)):
            if not apply:
                out.append(value)
            elif self._variational_recurrent:
                kept = divide(value, keep_prob) * floor(keep_prob + noise[i])
                kept.set_shape(value.shape)
                out.append(kept)
            else:
                out.append(dropout_v2(value, rate=1. - keep_prob, seed=self._gen_seed(salt_prefix, i)))
        return nest.pack_sequence_as(values, out)

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        if _should_dropout(self._input_keep_prob):
            inputs = self._dropout(inputs, "input", self._input_noise, self._input_keep_prob)
        output, new_state = cell_call_fn(inputs, state, **kwargs)
        if _should_dropout(self._state_keep_prob):
            new_state = self._dropout(new_state, "state", self._state_noise, self._state_keep_prob,
                                      _state_mask(self._visitor, new_state))
        if _should_dropout(self._output_keep_prob):
            output = self._dropout(output, "output", self._output_noise, self._output_keep_prob)
        return output, new_state


def _should_dropout(keep_prob):
    return not isinstance(keep_prob, float) or keep_prob < 1


class ResidualWrapper(_Wrapper):
    """Adds the cell's input to its output (or combines them with `residual_fn(inputs, outputs)`)."""

    def __init__(self, cell, residual_fn=None, name=None):
        super().__init__(cell, name=name)
        self._residual_fn = residual_fn

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        outputs, new_state = cell_call_fn(inputs, state, **kwargs)

        def default_residual_fn(inputs, outputs):
            nest.assert_same_structure(inputs, outputs)
            return map_structure(lambda inp, out: inp + out, inputs, outputs)
        return (self._residual_fn or default_residual_fn)(inputs, outputs), new_state


class DeviceWrapper(_Wrapper):
    """Runs the cell (and builds its zero state) on `device`."""

    def __init__(self, cell, device, name=None):
        super().__init__(cell, name=name)
        self._device = device

    def zero_state(self, batch_size, dtype):
        with name_scope(type(self).__name__ + "ZeroState"), device_scope(self._device):
            return self.cell.zero_state(batch_size, dtype)

    def _call_wrapped_cell(self, inputs, state, cell_call_fn, **kwargs):
        with device_scope(self._device):
            return cell_call_fn(inputs, state, **kwargs)


__all__ = ["DropoutWrapper", "ResidualWrapper", "DeviceWrapper"]
