"""Clipping: clip_by_value, clip_by_norm, global_norm, clip_by_global_norm (TF's clip_ops)."""
from __future__ import annotations

import collections.abc

from tfsess.framework.indexed_slices import IndexedSlices
from tfsess.framework.op_builder import apply1, convert_to_tensor, op_scope
from tfsess.framework.registry import REGISTRY
from tfsess.ops import array_ops, indexing_ops, math_ops, reduction_ops, stack_ops, unary_ops


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """Clips values to [min, max]: maximum(minimum(t, max), min) (tf.clip_by_value).

    Raises:
        ValueError: the clip bounds would broadcast `t` to a bigger shape.
    """
    with op_scope(name, "clip_by_value", [t, clip_value_min, clip_value_max]) as scope:
        values = convert_to_tensor(t, name="t")
        t_min = math_ops.minimum(values, clip_value_max)
        values.shape.assert_is_compatible_with(t_min.shape)
        t_max = math_ops.maximum(t_min, clip_value_min, name=scope)
        values.shape.assert_is_compatible_with(t_max.shape)
        return t_max


def clip_by_norm(t, clip_norm, axes=None, name=None):
    """Scales `t` so its L2 norm over `axes` is at most `clip_norm` (tf.clip_by_norm)."""
    with op_scope(name, "clip_by_norm", [t, clip_norm]) as scope:
        values = convert_to_tensor(t.values if isinstance(t, IndexedSlices) else t, name="t")
        l2sum = reduction_ops.reduce_sum(values * values, axes, keepdims=True)
        pred = l2sum > 0
        l2sum_safe = indexing_ops.where(pred, l2sum, array_ops.ones_like(l2sum))  # no NaN gradient at 0
        l2norm = indexing_ops.where(pred, unary_ops.sqrt(l2sum_safe), l2sum)
        intermediate = values * clip_norm
        values.shape.assert_is_compatible_with(intermediate.shape)
        clipped = array_ops.identity(intermediate / math_ops.maximum(l2norm, clip_norm), name=scope)
        if isinstance(t, IndexedSlices):
            return IndexedSlices(clipped, t.indices, t.dense_shape)
        return clipped


def _values_of(t_list):
    if not isinstance(t_list, collections.abc.Sequence) or isinstance(t_list, str):
        raise TypeError(f"`t_list` should be a sequence of tensors. Received {type(t_list)}.")
    return [None if t is None else convert_to_tensor(t.values if isinstance(t, IndexedSlices) else t,
                                                     name=f"t_{i}") for i, t in enumerate(t_list)]


def _half_squared_norm(v):
    if "L2Loss" in REGISTRY:
        return apply1("L2Loss", [v], name="L2Loss")
    return reduction_ops.reduce_sum(v * v) / 2


def global_norm(t_list, name=None):
    """sqrt(sum of squares of every element of every tensor in `t_list`) (tf.linalg.global_norm).

    Raises:
        TypeError: `t_list` is not a sequence.
    """
    t_list = list(t_list) if isinstance(t_list, collections.abc.Sequence) and not isinstance(t_list, str) \
        else t_list
    with op_scope(name, "global_norm", t_list if isinstance(t_list, list) else []):
        values = _values_of(t_list)
        halves = [_half_squared_norm(v) for v in values if v is not None]
        half = reduction_ops.reduce_sum(stack_ops.stack(halves))
        return unary_ops.sqrt(half * convert_to_tensor(2.0, dtype=half.dtype.base_dtype), name="global_norm")


def clip_by_global_norm(t_list, clip_norm, use_norm=None, name=None):
    """Scales all of `t_list` by clip_norm / max(global_norm, clip_norm); returns (clipped, norm)
    (tf.clip_by_global_norm).

    Raises:
        TypeError: `t_list` is not a sequence.
    """
    if not isinstance(t_list, collections.abc.Sequence) or isinstance(t_list, str):
        raise TypeError(f"`t_list` should be a sequence of tensors. Received {type(t_list)}.")
    t_list = list(t_list)
    if use_norm is None:
        use_norm = global_norm(t_list, name)
    with op_scope(name, "clip_by_global_norm", t_list + [clip_norm]) as scope:
        one = convert_to_tensor(1.0, dtype=use_norm.dtype.base_dtype)
        scale_for_finite = clip_norm * math_ops.minimum(1.0 / use_norm, one / clip_norm)
        scale = scale_for_finite + (use_norm - use_norm)  # NaN when the norm is not finite
        values = _values_of(t_list)
        clipped = [None if v is None else array_ops.identity(v * scale, name=f"{scope}_{i}")
                   for i, v in enumerate(values)]
        out = [IndexedSlices(c, t.indices, t.dense_shape) if isinstance(t, IndexedSlices) else c
               for c, t in zip(clipped, t_list)]
    return out, use_norm


__all__ = ["clip_by_global_norm", "clip_by_norm", "clip_by_value", "global_norm"]
