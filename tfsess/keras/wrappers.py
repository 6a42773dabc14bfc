"""Keras's layer wrappers: Bidirectional (a recurrent layer run forwards and backwards, outputs
merged) and TimeDistributed (a layer applied to every step of [batch, time, ...] inputs)."""
from __future__ import annotations

from tfsess.framework.tensor_shape import TensorShape
from tfsess.keras.base_layer import InputSpec, Layer
from tfsess.ops import array_ops, broadcast_ops, stack_ops

_MERGE_MODES = ("sum", "mul", "ave", "concat", None)


class Bidirectional(Layer):
    """Runs `layer` forwards (`forward_<name>`) and a copy backwards (`backward_<name>`), then merges."""

    _MASKING = True

    def __init__(self, layer, merge_mode="concat", weights=None, backward_layer=None, **kwargs):
        if merge_mode not in _MERGE_MODES:
            raise ValueError(f"Invalid merge mode. Received: {merge_mode}. Merge mode should be one of "
                             '{"sum", "mul", "ave", "concat", None}')
        super().__init__(**kwargs)
        config = dict(layer._init_kwargs)
        self.forward_layer = type(layer)(**dict(config, name="forward_" + layer.name))
        if backward_layer is None:
            backward_layer = type(layer)(**dict(config, go_backwards=not config["go_backwards"],
                                                name="backward_" + layer.name))
        self.backward_layer = backward_layer
        self.merge_mode = merge_mode
        self.return_sequences, self.return_state = layer.return_sequences, layer.return_state
        self.input_spec = InputSpec(ndim=3)

    def call(self, inputs, training=None, mask=None, initial_state=None):
        masked = {} if mask is None else {"mask": mask}
        forward = self.forward_layer(inputs, **masked)
        backward = self.backward_layer(inputs, **masked)
        forward_states = backward_states = []
        if self.return_state:
            forward, forward_states = forward[0], forward[1:]
            backward, backward_states = backward[0], backward[1:]
        if self.return_sequences:
            backward = broadcast_ops.reverse(backward, [1])
        if self.merge_mode == "concat":
            output = stack_ops.concat([forward, backward], -1)
        elif self.merge_mode == "sum":
            output = forward + backward
        elif self.merge_mode == "ave":
            output = (forward + backward) / 2.0
        elif self.merge_mode == "mul":
            output = forward * backward
        else:
            output = [forward, backward]
        if self.return_state:
            outputs = output if isinstance(output, list) else [output]
            return outputs + list(forward_states) + list(backward_states)
        return output


    def compute_mask(self, inputs, mask):
        mask = mask[0] if isinstance(mask, list) else mask
        sequences = mask if self.return_sequences else None
        output_mask = sequences if self.merge_mode else [sequences, sequences]
        if self.return_state:
            states = len(self.forward_layer._state_sizes())
            return [output_mask] + [None] * (2 * states)
        return output_mask


class TimeDistributed(Layer):
    """Applies `layer` to each step: [batch, time, ...] is folded to [batch * time, ...] and back (an input
    mask is passed on)."""

    _MASKING = True

    def __init__(self, layer, **kwargs):
        super().__init__(**kwargs)
        self.layer = layer
        self.input_spec = InputSpec(min_ndim=3)

    def build(self, input_shape):
        dims = TensorShape(input_shape).as_tuple_or_none()
        self.layer._maybe_build_shape(TensorShape([dims[0]] + list(dims[2:])))  # in this layer's scope
        self.built = True

    def call(self, inputs, training=None):
        dims = inputs.shape.as_tuple_or_none()
        shape = array_ops.shape(inputs)
        folded = array_ops.reshape(inputs, stack_ops.concat([[-1], shape[2:]], 0))
        folded.set_shape([None] + list(dims[2:]))
        outputs = self.layer(folded)
        out_dims = outputs.shape.as_tuple_or_none()
        outputs = array_ops.reshape(outputs, stack_ops.concat([shape[:2], array_ops.shape(outputs)[1:]], 0))
        outputs.set_shape([dims[0], dims[1]] + list(out_dims[1:]))
        return outputs


__all__ = ["Bidirectional", "TimeDistributed"]
