"""More tf.nn composites: atrous_conv2d_transpose, and tf.nn.experimental's stateless_dropout and
general_dropout (nn_impl's one dropout over a given uniform sampler), built from the same ops as TF's."""
from __future__ import annotations

import functools

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops, batch_space_ops, conv_ops, math_ops, nn_impl, stack_ops
from tfsess.ops import stateless_random_ops


# ------------------------------------------------------------------ atrous_conv2d_transpose
def _same_pads(filters, rate):
    shape = filters.shape.as_list() if filters.shape.is_fully_defined() else array_ops.shape(filters)
    pads = []
    for size in (shape[0], shape[1]):
        total = size + (size - 1) * (rate - 1) - 1  # the upsampled filter's size, less one
        pads.append((total // 2, total - total // 2))
    return pads


def atrous_conv2d_transpose(value, filters, output_shape, rate, padding, name=None):
    """The transpose of atrous_conv2d (tf.nn.atrous_conv2d_transpose): conv2d_backprop_input over the
    space-to-batch form of `value`, as TF builds it.

    Raises:
        ValueError: channels of `value` and `filters` differ, rate < 1, output_shape not of 4 values,
            its channels not the filter's, or a padding other than "SAME"/"VALID".
    """
    with op_scope(name, "atrous_conv2d_transpose", [value, filters, output_shape]):
        value = convert_to_tensor(value, name="value")
        filters = convert_to_tensor(filters, name="filters")
        v_dim, f_dim = value.shape[3] if value.shape.ndims else None, filters.shape[3] if filters.shape.ndims \
            else None
        if v_dim is not None and f_dim is not None and v_dim.value is not None and f_dim.value is not None \
                and v_dim.value != f_dim.value:
            raise ValueError(f"`value` channel count must be compatible with `filters` input channel count. "
                             f"Received: value.shape={value.shape} with channel count {v_dim.value} and "
                             f"filters.shape={filters.shape} with input channel count {f_dim.value}.")
        if rate < 1:
            raise ValueError(f"`rate` cannot be less than one. Received: rate={rate}")
        if rate == 1:
            return conv_ops.conv2d_transpose(value, filters, output_shape, strides=[1, 1, 1, 1], padding=padding,
                                             data_format="NHWC")
        shape_t = convert_to_tensor(output_shape, name="output_shape")
        if not shape_t.shape.is_compatible_with(TensorShape([4])):
            raise ValueError(f"`output_shape` must have shape (4,). Received: output_shape={shape_t.shape}")
        if isinstance(output_shape, tuple):
            output_shape = list(output_shape)
        if isinstance(output_shape, (list, np.ndarray)) and filters.shape.ndims == 4:
            f_out = filters.shape[2].value
            if f_out is not None and f_out != output_shape[3]:
                raise ValueError(f"`output_shape` channel count must be compatible with `filters` output channel "
                                 f"count. Received: output_shape={output_shape} with channel count "
                                 f"{output_shape[3]} and filters.shape={filters.shape} with output channel count "
                                 f"{filters.shape[3]}.")
        if padding == "SAME":
            (pad_top, pad_bottom), (pad_left, pad_right) = _same_pads(filters, rate)
        elif padding == "VALID":
            pad_top = pad_bottom = pad_left = pad_right = 0
        else:
            raise ValueError(f"`padding` must be either 'VALID' or 'SAME'. Received: padding={padding}")
        if isinstance(output_shape, Tensor):
            output_shape = [output_shape[i] for i in range(4)]
        in_height = output_shape[1] + pad_top + pad_bottom
        in_width = output_shape[2] + pad_left + pad_right
        pad_bottom_extra = (rate - in_height % rate) % rate
        pad_right_extra = (rate - in_width % rate) % rate
        value = batch_space_ops.space_to_batch(value, [[0, pad_bottom_extra], [0, pad_right_extra]], block_size=rate)
        input_sizes = [rate * rate * output_shape[0], (in_height + pad_bottom_extra) // rate,
                       (in_width + pad_right_extra) // rate, output_shape[3]]
        if any(isinstance(s, Tensor) for s in input_sizes):
            input_sizes = stack_ops.stack([math_ops.cast(s, dtypes.int32) for s in input_sizes])
        value = conv_ops.conv2d_backprop_input(input_sizes, filters, value, strides=[1, 1, 1, 1], padding="VALID",
                                               data_format="NHWC")
        crops = [[pad_top, pad_bottom + pad_bottom_extra], [pad_left, pad_right + pad_right_extra]]
        return batch_space_ops.batch_to_space(value, crops, block_size=rate)


# ------------------------------------------------------------------ dropout over a given sampler
def _no_rng_step():
    """A stateless or given sampler keeps no seed state to advance on the rate-0 fast path."""


def stateless_dropout(x, rate, seed, rng_alg=None, noise_shape=None, name=None):
    """Dropout whose mask depends only on the [2] `seed` (tf.nn.experimental.stateless_dropout): the noise
    is tf.random.stateless_uniform(seed, alg=rng_alg), TF's bits.

    Raises:
        ValueError: `rate` outside [0, 1), or `x` not floating.
    """
    sampler = functools.partial(stateless_random_ops.stateless_random_uniform, seed=seed,
                                alg="auto_select" if rng_alg is None else rng_alg)
    return nn_impl.dropout_with_sampler(x, rate, noise_shape, sampler, _no_rng_step, name, "stateless_dropout")


def general_dropout(x, rate, uniform_sampler, noise_shape=None, name=None):
    """Dropout with noise from `uniform_sampler(shape=..., dtype=...)`, uniform in [0, 1)
    (tf.nn.experimental.general_dropout)."""
    return nn_impl.dropout_with_sampler(x, rate, noise_shape, uniform_sampler, _no_rng_step, name,
                                       "general_dropout")


__all__ = []
