"""tf.sort / tf.argsort (built on TopKV2, as TF does) and the TF1 aliases tf.arg_max / tf.arg_min."""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import constant_value, convert_to_tensor, op_scope
from tfsess.ops import array_ops, constant_op, nn_ops, reduction_ops, sequence_ops, stack_ops, tensor_scatter_ops


def _descending_sort(values, axis, return_argsort):
    k = array_ops.shape(values)[axis]
    static_rank = values.shape.ndims
    transposition = None
    top_k_input = values
    if not (axis == -1 or axis + 1 == static_rank):
        # Swap `axis` with the last one: TopKV2 sorts the last axis only.
        if static_rank is None:  # the permutation is computed in the graph, as TF does
            rank = array_ops.rank(values)
            axis = axis + rank if axis < 0 else axis
            transposition = tensor_scatter_ops.tensor_scatter_nd_update(
                sequence_ops.range_(rank), stack_ops.stack([[axis], [rank - 1]]), stack_ops.stack([rank - 1, axis]))
        else:
            if axis < 0:
                axis += static_rank
            perm = np.r_[np.arange(axis), [static_rank - 1], np.arange(axis + 1, static_rank - 1), [axis]]
            transposition = constant_op.constant(perm.astype(np.int32), name="transposition")
        top_k_input = array_ops.transpose(values, transposition)
    sorted_values, indices = nn_ops.top_k(top_k_input, k)
    result = indices if return_argsort else sorted_values
    if transposition is not None:
        result = array_ops.transpose(result, transposition)
    return result


def _ascending_sort(values, axis, return_argsort):
    # Flip the order with a map that cannot overflow, then sort descending (TopKV2 keeps ties stable).
    dtype = values.dtype
    if dtype.is_unsigned:
        offset = constant_op.constant(dtype.max, dtype=dtype)
        out = _descending_sort(offset - values, axis, return_argsort)
        return out if return_argsort else offset - out
    if dtype.is_integer:
        out = _descending_sort(-values - 1, axis, return_argsort)
        return out if return_argsort else -out - 1
    out = _descending_sort(-values, axis, return_argsort)
    return out if return_argsort else -out


_SORT_IMPL = {"ASCENDING": _ascending_sort, "DESCENDING": _descending_sort}


def _sort_or_argsort(values, axis, direction, return_argsort):
    if direction not in _SORT_IMPL:
        raise ValueError(f"Argument `direction` should be one of {', '.join(sorted(_SORT_IMPL))}. "
                         f"Received: direction={direction}")
    axis_tensor = convert_to_tensor(axis, name="axis")
    axis_static = constant_value(axis_tensor)
    if axis_tensor.shape.ndims not in (None, 0) or axis_static is None:
        raise ValueError(f"Argument `axis` must be a constant scalar. Received: axis={axis}.")
    values = convert_to_tensor(values, name="values")
    return _SORT_IMPL[direction](values, int(axis_static), return_argsort)


def sort(values, axis=-1, direction="ASCENDING", name=None):
    """Sorts a tensor along `axis` (tf.sort).

    Args:
      values: numeric tensor.
      axis: constant scalar axis (default the last).
      direction: "ASCENDING" or "DESCENDING".
      name: optional scope name (default "sort").

    Returns:
      A tensor of the same dtype and shape, sorted along `axis`.

    Raises:
      ValueError: a bad `direction` or a non-constant `axis`.
    """
    with op_scope(name, "sort", [values]):
        return _sort_or_argsort(values, axis, direction, return_argsort=False)


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """int32 indices that sort `values` along `axis` (tf.argsort); ties keep their order (always stable).

    Raises:
      ValueError: a bad `direction` or a non-constant `axis`.
    """
    del stable  # TopKV2 is stable already, as in TF
    with op_scope(name, "argsort", [values]):
        return _sort_or_argsort(values, axis, direction, return_argsort=True)


def arg_max(input, dimension, output_type=dtypes.int64, name=None):  # noqa: A002 - TF's argument name
    """Index of the largest value along `dimension` (the TF1 op alias tf.arg_max)."""
    return reduction_ops.argmax(input, dimension, name=name, output_type=output_type)


def arg_min(input, dimension, output_type=dtypes.int64, name=None):  # noqa: A002 - TF's argument name
    """Index of the smallest value along `dimension` (the TF1 op alias tf.arg_min)."""
    return reduction_ops.argmin(input, dimension, name=name, output_type=output_type)


__all__ = ["arg_max", "arg_min", "argsort", "sort"]
