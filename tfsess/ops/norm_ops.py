"""tf.norm: vector norms (euclidean, 1, inf and any p > 0) over one axis or the whole tensor, and
matrix norms (frobenius, 1, inf, 2) over a pair of axes, built from reductions as TF builds them."""
from __future__ import annotations

import numpy as np

from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.ops import array_ops, math_ops, matrix_decomposition_ops, reduction_ops, unary_ops

_MATRIX_NORMS = ["euclidean", "fro", 1, 2, np.inf]
_VECTOR_NORMS = ["euclidean", 1, 2, np.inf]


def _is_int(v):
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def _check_arguments(ord, axis):  # noqa: A002 - TF's argument name
    """(axis as TF uses it, whether it is a matrix norm); ValueError for what TF refuses."""
    if isinstance(axis, (list, tuple)) and len(axis) == 2:
        axis = tuple(axis)
        if not _is_int(axis[0]) or not _is_int(axis[1]) or axis[0] == axis[1]:
            raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis}")
        if ord not in _MATRIX_NORMS:
            raise ValueError(f"'ord' must be a supported matrix norm in {_MATRIX_NORMS}, got {ord}")
        return axis, True
    if isinstance(axis, (list, tuple)) and len(axis) == 1 and _is_int(axis[0]):
        axis = axis[0]
    if not (axis is None or _is_int(axis)):
        raise ValueError(f"'axis' must be None, an integer, or a tuple of 2 unique integers, got {axis}")
    p_norm = isinstance(ord, (int, float, np.integer, np.floating)) and not isinstance(ord, bool) and ord > 0
    if not p_norm and ord not in _VECTOR_NORMS:
        raise ValueError(f"'ord' must be a supported vector norm, got {ord}")
    return (None if axis is None else (axis,)), False


def _matrix_two_norm(x, axis):
    """The largest singular value over the two `axis`, kept as size-1 dims in their places."""
    rank = x.shape.ndims
    if rank is None:
        raise NotImplementedError("tfsess: tf.norm(ord=2) over a pair of axes needs a tensor of known rank")
    pair = [a % rank for a in axis]
    perm = [a for a in range(rank) if a not in pair] + pair
    singular = matrix_decomposition_ops.svd(array_ops.transpose(x, perm), compute_uv=False)
    top = array_ops.expand_dims(reduction_ops.reduce_max(unary_ops.abs(singular), axis=-1, keepdims=True), -1)
    return array_ops.transpose(top, [perm.index(a) for a in range(rank)])


def _norm_kept(x, ord, axis, is_matrix):  # noqa: A002
    if ord in ("euclidean", "fro", 2, 2.0):
        if is_matrix and ord == 2:
            return _matrix_two_norm(x, axis)
        return unary_ops.sqrt(reduction_ops.reduce_sum(x * unary_ops.conj(x), axis, keepdims=True))
    magnitude = unary_ops.abs(x)
    if ord == 1:
        result = reduction_ops.reduce_sum(magnitude, None if axis is None else axis[0], keepdims=True)
        return reduction_ops.reduce_max(result, axis[-1], keepdims=True) if is_matrix else result
    if ord == np.inf:
        if is_matrix:
            magnitude = reduction_ops.reduce_sum(magnitude, axis[1], keepdims=True)
        return reduction_ops.reduce_max(magnitude, None if axis is None else axis[0], keepdims=True)
    return math_ops.pow(reduction_ops.reduce_sum(math_ops.pow(magnitude, ord), axis, keepdims=True), 1.0 / ord)


def norm(tensor, ord="euclidean", axis=None, keepdims=None, name=None, keep_dims=None):  # noqa: A002
    """The vector or matrix norm of `tensor` (tf.norm).

    Args:
        tensor: the values; a complex tensor gives a complex norm, as in TF.
        ord: 'euclidean', 1, 2, np.inf or any p > 0 for vectors; 'euclidean', 'fro', 1, 2, np.inf for matrices.
        axis: None (the whole tensor as one vector), an int, or a pair of ints (a matrix norm).
        keepdims: keep the reduced axes as size-1 dims (keep_dims is its old name).

    Returns:
        The norm, named `<name>/Squeeze` unless the dims are kept, as TF names it.

    Raises:
        ValueError: `ord` or `axis` is not one TF supports.
    """
    keepdims = bool(keepdims if keepdims is not None else keep_dims)
    axis, is_matrix = _check_arguments(ord, axis)
    with op_scope(name, "norm", [tensor]):
        result = _norm_kept(convert_to_tensor(tensor), ord, axis, is_matrix)
        return result if keepdims else array_ops.squeeze(result, None if axis is None else list(axis))


__all__ = ["norm"]
