"""Keras masks (legacy tf-keras semantics in graph mode): the Masking layer and the mask arithmetic
that layers share. A mask is a bool tensor [batch, time] riding on a layer's output as
`_keras_mask`; the next layer whose `call` takes `mask` receives it, and `compute_mask` says what
rides on its own output (see Layer.__call__ in base_layer.py)."""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.keras.base_layer import Layer
from tfsess.ops import array_ops, constant_op, logic_ops, math_ops, reduction_ops, stack_ops


class Masking(Layer):
    """Masks the time steps whose features all equal `mask_value` (and zeroes them)."""

    _MASKING = True

    def __init__(self, mask_value=0.0, **kwargs):
        super().__init__(**kwargs)
        self.mask_value = mask_value
        self._compute_output_and_mask_jointly = True

    def compute_mask(self, inputs, mask=None):
        return reduction_ops.reduce_any(logic_ops.not_equal(inputs, self.mask_value), axis=-1)

    def call(self, inputs):
        keep = reduction_ops.reduce_any(logic_ops.not_equal(inputs, self.mask_value), axis=-1, keepdims=True)
        outputs = inputs * math_ops.cast(keep, inputs.dtype.base_dtype)
        outputs._keras_mask = array_ops.squeeze(keep, axis=[-1])
        return outputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return dict(super().get_config(), mask_value=self.mask_value)


def _check_mask_list(inputs, mask):
    if not isinstance(mask, (tuple, list)):
        raise ValueError(f"`mask` should be a list. Received: mask={mask}")
    if not isinstance(inputs, (tuple, list)):
        raise ValueError(f"`inputs` should be a list. Received: inputs={inputs}")
    if len(mask) != len(inputs):
        raise ValueError("The lists `inputs` and `mask` should have the same length. Received: "
                         f"inputs={inputs} of length {len(inputs)}, and mask={mask} of length {len(mask)}")


def merged_mask(inputs, mask):
    """A merge layer's output mask: the AND of its inputs' masks (None where none is masked)."""
    if mask is None:
        return None
    _check_mask_list(inputs, mask)
    present = [array_ops.expand_dims(m, 0) for m in mask if m is not None]
    if not present:
        return None
    return reduction_ops.reduce_all(stack_ops.concat(present, 0), axis=0)


def concatenated_mask(inputs, mask, axis):
    """Concatenate's output mask: the masks (all-true for unmasked inputs) joined on `axis`, ANDed over
    the last axis."""
    if mask is None:
        return None
    _check_mask_list(inputs, mask)
    if all(m is None for m in mask):
        return None
    parts = []
    for tensor, part in zip(inputs, mask):
        if part is None:
            parts.append(array_ops.ones_like(tensor, dtype=dtypes.bool))
        elif part.shape.ndims < tensor.shape.ndims:
            parts.append(array_ops.expand_dims(part, -1))
        else:
            parts.append(part)
    return reduction_ops.reduce_all(stack_ops.concat(parts, axis), axis=-1)


def large_negative(dtype):
    """The additive mask value of a masked softmax (-1e9, or float16's lowest)."""
    dtype = dtypes.as_dtype(dtype)
    value = -65504.0 if dtype == dtypes.float16 else -1e9
    return constant_op.constant(value, dtype=dtype)


def masked_average(inputs, mask, steps_axis, keepdims):
    """The mean over the unmasked steps (GlobalAveragePooling1D with a mask)."""
    weights = array_ops.expand_dims(math_ops.cast(mask, inputs.dtype.base_dtype), 2 if steps_axis == 1 else 1)
    inputs = inputs * weights
    return reduction_ops.reduce_sum(inputs, axis=steps_axis, keepdims=keepdims) / \
        reduction_ops.reduce_sum(weights, axis=steps_axis, keepdims=keepdims)


__all__ = ["Masking"]
