"""Framing a signal and putting frames back together: tf.signal.frame, overlap_and_add, fftshift, ifftshift.

All are composites of array ops (TF builds them the same way), so their gradients come from those ops'.
"""
from __future__ import annotations

import math

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import constant_value, convert_to_tensor, op_scope
from tfsess.ops import array_ops, broadcast_ops, constant_op, gather_ops, indexing_ops, logic_ops, math_ops, \
    reduction_ops, sequence_ops, stack_ops


def _scalar(value, name, what):
    t = convert_to_tensor(value, name=name)
    if t.shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {t.shape.ndims} for {what} '{name}'")
    return t


def _static_frame_shape(signal, frame_length, frame_step, pad_end, axis):
    """TF's _infer_frame_shape: the static shape of frame()'s result, or None for an unknown rank."""
    frame_length, frame_step, axis = (constant_value(t) for t in (frame_length, frame_step, axis))
    if signal.shape.ndims is None:
        return None
    if axis is None:
        return [None] * (signal.shape.ndims + 1)
    dims = list(signal.shape.as_tuple_or_none())
    axis = int(axis)
    length = dims[axis]
    num_frames = None
    if length is not None:
        if frame_step is not None and pad_end:
            num_frames = max(0, -(-length // int(frame_step)))
        elif frame_step is not None and frame_length is not None:
            num_frames = max(0, (length - int(frame_length) + int(frame_step)) // int(frame_step))
    frame_length = None if frame_length is None else int(frame_length)
    return dims[:axis] + [num_frames, frame_length] + dims[axis:][1:]


def frame(signal, frame_length, frame_step, pad_end=False, pad_value=0, axis=-1, name=None):
    """Frames of `frame_length` samples every `frame_step` samples along `axis` (tf.signal.frame): the axis is
    replaced by [num_frames, frame_length]. With `pad_end` the end is padded with `pad_value` to make
    ceil(length / frame_step) frames; otherwise only the frames that fit whole are kept."""
    with op_scope(name, "frame", [signal, frame_length, frame_step, pad_value]):
        signal = convert_to_tensor(signal, name="signal")
        frame_length = _scalar(frame_length, "frame_length", "frame")
        frame_step = _scalar(frame_step, "frame_step", "frame")
        axis = _scalar(axis, "axis", "frame")
        if signal.shape.ndims == 0:
            raise ValueError("Shape must be at least rank 1 but is rank 0 for 'frame' (signal)")
        result_shape = _static_frame_shape(signal, frame_length, frame_step, pad_end, axis)
        rank = array_ops.rank(signal)
        axis_index = math_ops.floormod(math_ops.cast(axis, dtypes.int32), rank)  # a negative axis counts back
        length = gather_ops.gather(array_ops.shape(signal), axis_index)
        step = math_ops.cast(frame_step, dtypes.int32)
        width = math_ops.cast(frame_length, dtypes.int32)
        if pad_end:
            pad_value = convert_to_tensor(pad_value, dtype=signal.dtype.base_dtype)
            num_frames = -(-length // step)
            pad_samples = math_ops.maximum(0, width + step * (num_frames - 1) - length)
            before = constant_op.zeros(array_ops.reshape(axis_index, [1]), dtypes.int32)
            after = constant_op.zeros(array_ops.reshape(rank - 1 - axis_index, [1]), dtypes.int32)
            widths = stack_ops.concat([before, array_ops.reshape(pad_samples, [1]), after], 0)
            paddings = stack_ops.stack([array_ops.zeros_like(widths), widths], axis=1)
            signal = broadcast_ops.pad(signal, paddings, constant_values=pad_value)
        else:
            num_frames = math_ops.maximum(0, 1 + (length - width) // step)
        # TF's construction: the signal cut to whole subframes of gcd(frame_length, frame_step) samples, frames
        # gathered as runs of subframes (the slice also makes the gradient a dense tensor)
        static_width, static_step = constant_value(width), constant_value(step)
        sub = math.gcd(int(static_width), int(static_step)) if static_width is not None and static_step is not None \
            else 1
        signal_shape = array_ops.shape(signal)
        outer, _, inner = stack_ops.split(signal_shape, stack_ops.stack([axis_index, 1, rank - 1 - axis_index]))
        length = gather_ops.gather(signal_shape, axis_index)
        num_subframes = length // sub
        kept = stack_ops.concat([outer, array_ops.reshape(num_subframes * sub, [1]), inner], 0)
        subframe_shape = stack_ops.concat([outer, stack_ops.stack([num_subframes, sub]), inner], 0)
        subframes = array_ops.reshape(
            indexing_ops.strided_slice(signal, array_ops.zeros_like(signal_shape), kept), subframe_shape)
        frame_starts = array_ops.reshape(sequence_ops.range_(num_frames) * (step // sub), [-1, 1])
        subframe_offsets = array_ops.reshape(sequence_ops.range_(width // sub), [1, -1])
        frames = gather_ops.gather(subframes, frame_starts + subframe_offsets, axis=axis_index)
        frames = array_ops.reshape(frames, stack_ops.concat([outer, stack_ops.stack([num_frames, width]), inner], 0))
        if result_shape is not None:
            frames.set_shape(result_shape)
        return frames


def overlap_and_add(signal, frame_step, name=None):
    """Sums frames [..., frames, frame_length] placed `frame_step` apart into [..., output_length]
    (tf.signal.overlap_and_add), with output_length = frame_length + frame_step (frames - 1); TF's
    reshape-and-sum construction, so sums run in the same order."""
    with op_scope(name, "overlap_and_add", [signal, frame_step]):
        signal = convert_to_tensor(signal, name="signal")
        if signal.shape.ndims is not None and signal.shape.ndims < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {signal.shape.ndims} for "
                             f"'overlap_and_add' (signal)")
        frame_step = _scalar(frame_step, "frame_step", "overlap_and_add")
        if not frame_step.dtype.is_integer:
            raise ValueError(f"frame_step must be an integer. Got {frame_step.dtype}")
        static_step = constant_value(frame_step)
        step = int(static_step) if static_step is not None else frame_step
        signal_shape = array_ops.shape(signal)
        static_shape = constant_value(signal_shape)
        if static_shape is not None:
            signal_shape = static_shape
        outer = signal_shape[:-2]
        outer_rank = array_ops.size(outer) if static_shape is None else len(outer)

        def full_shape(inner):
            return stack_ops.concat([outer, inner], 0) if static_shape is None else \
                np.concatenate([outer, np.asarray(inner, np.int64).reshape(-1)]).astype(np.int32)

        frame_length, frames = signal_shape[-1], signal_shape[-2]
        output_length = frame_length + step * (frames - 1)
        dims = signal.shape.as_tuple_or_none()
        if static_step is not None and dims is not None and dims[-1] == step:
            return array_ops.reshape(signal, full_shape([output_length]), name="fast_path")
        segments = -(-frame_length // step)
        paddings = [[0, segments], [0, segments * step - frame_length]]
        if static_shape is not None:
            paddings = [[0, 0]] * outer_rank + paddings
        else:
            paddings = stack_ops.concat([constant_op.zeros(stack_ops.stack([outer_rank, 2]), dtypes.int32),
                                         stack_ops.stack([stack_ops.stack(p) for p in paddings])], 0)
        signal = broadcast_ops.pad(signal, paddings)
        signal = array_ops.reshape(signal, full_shape([frames + segments, segments, step]))
        if static_shape is not None:
            perm = list(range(outer_rank)) + [outer_rank + 1, outer_rank, outer_rank + 2]
        else:
            perm = stack_ops.concat([sequence_ops.range_(outer_rank), outer_rank + constant_op.constant([1, 0, 2])], 0)
        signal = array_ops.transpose(signal, perm)
        signal = array_ops.reshape(signal, full_shape([(frames + segments) * segments, step]))
        signal = signal[..., :(frames + segments - 1) * segments, :]
        signal = array_ops.reshape(signal, full_shape([segments, frames + segments - 1, step]))
        signal = reduction_ops.reduce_sum(signal, -3)
        signal = array_ops.reshape(signal, full_shape([(frames + segments - 1) * step]))
        return signal[..., :output_length]


def _shift(x, axes, name, default_name, inverse):
    with op_scope(name, default_name, [x]) as scope:
        x = convert_to_tensor(x)
        if axes is None:
            axes = list(range(x.shape.ndims))
            shift = array_ops.shape(x) // 2
        elif isinstance(axes, int):
            shift = array_ops.shape(x)[axes] // 2
        else:
            rank = array_ops.rank(x)
            axes = convert_to_tensor(axes, dtype=dtypes.int32)
            axes = indexing_ops.where_v2(logic_ops.less(axes, 0), axes + rank, axes)  # negative axes count back
            shift = gather_ops.gather(array_ops.shape(x), axes) // 2
        return broadcast_ops.roll(x, -shift if inverse else shift, axes, name=scope)


def fftshift(x, axes=None, name=None):
    """Rolls the zero frequency to the middle of each of `axes` (all by default), as numpy.fft.fftshift
    (tf.signal.fftshift)."""
    return _shift(x, axes, name, "fftshift", inverse=False)


def ifftshift(x, axes=None, name=None):
    """The inverse of fftshift (tf.signal.ifftshift)."""
    return _shift(x, axes, name, "ifftshift", inverse=True)


__all__ = ["fftshift", "frame", "ifftshift", "overlap_and_add"]
