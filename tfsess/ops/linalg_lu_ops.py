"""LU factorization and what is built on it: Lu, LogMatrixDeterminant (slogdet), lu_solve, lu_reconstruct,
lu_matrix_inverse; and tf.linalg's pinv, matrix_rank and normalize (TF's graphs over svd and norm).

Lu is partial pivoting as Eigen's PartialPivLU (the largest magnitude in the column, the first on
ties): `lu` packs L (unit diagonal, below) and U; `p` is the permutation with input[p] = L @ U.
"""
from __future__ import annotations

import collections

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import (array_ops, broadcast_ops, constant_op, extra_math_ops, gather_ops, indexing_ops, linalg_ops,
                        math_ops, matrix_decomposition_ops, matrix_ops, norm_ops, reduction_ops, sequence_ops, sort_ops,
                        stack_ops)
from tfsess.ops._infer import FLOAT_COMPLEX, check_dtype, host

LuOutput = collections.namedtuple("Lu", ["lu", "p"])
SlogdetOutput = collections.namedtuple("LogMatrixDeterminant", ["sign", "log_abs_determinant"])


def _square_dims(x, op_type):
    if x.shape.ndims is None:
        return None
    if x.shape.ndims < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {x.shape.ndims} for '{op_type}'")
    dims = list(x.shape.as_tuple_or_none())
    if None not in dims[-2:] and dims[-1] != dims[-2]:
        raise ValueError(f"Dimensions must be equal, but are {dims[-2]} and {dims[-1]} for '{op_type}' with input "
                         f"shapes: {list(x.shape.as_list())}.")
    return dims


def _lu_factor(a):
    """(packed LU, permutation, number of row swaps, singular) of each matrix of a [..., n, n] array."""
    lu = np.array(a, copy=True)
    batch, n = lu.shape[:-2], lu.shape[-1]
    flat = lu.reshape((-1, n, n))
    perms = np.tile(np.arange(n), (flat.shape[0], 1))
    swaps = np.zeros(flat.shape[0], np.int64)
    singular = np.zeros(flat.shape[0], bool)
    for b in range(flat.shape[0]):
        m, perm = flat[b], perms[b]
        for k in range(n):
            pivot = k + int(np.argmax(np.abs(m[k:, k])))
            if pivot != k:
                m[[k, pivot]] = m[[pivot, k]]
                perm[[k, pivot]] = perm[[pivot, k]]
                swaps[b] += 1
            if m[k, k] == 0:
                singular[b] = True
                continue
            m[k + 1:, k] /= m[k, k]
            m[k + 1:, k + 1:] -= np.outer(m[k + 1:, k], m[k, k + 1:])
    return lu, perms.reshape(batch + (n,)), swaps.reshape(batch), singular.reshape(batch)


def _widened(x):
    a = host(x)
    return a.astype(np.float32) if a.dtype == np.float16 else a


# ------------------------------------------------------------------ Lu
def _lu_infer(inputs, attrs):
    dtype = check_dtype(inputs[0], FLOAT_COMPLEX, "input")
    dims = _square_dims(inputs[0], "Lu")
    idx = attrs.get("output_idx_type", dtypes.int32)
    if dims is None:
        return [(dtype, unknown_shape()), (idx, unknown_shape())]
    return [(dtype, TensorShape(dims)), (idx, TensorShape(dims[:-1]))]


@register_op("Lu", infer=_lu_infer, gpu=False)
def _lu(xp, x, *, output_idx_type=dtypes.int32):
    lu, perm, _, singular = _lu_factor(_widened(x))
    if singular.any():
        raise errors.InvalidArgumentError(None, None, "Input is not invertible.")
    return (xp.asarray(lu.astype(x.dtype, copy=False)),
            xp.asarray(perm.astype(dtypes.as_dtype(output_idx_type).as_numpy_dtype)))


def lu(input, output_idx_type=dtypes.int32, name=None):  # noqa: A002
    """The LU factorization of square matrices with partial pivoting (tf.linalg.lu).

    Returns:
      (lu, p): L (below the diagonal, unit diagonal implied) and U packed in one matrix, and the
      row permutation p with input[..., p, :] = L @ U.

    Raises:
      TypeError: not a float or complex matrix. ValueError: not square.
      InvalidArgumentError (at run time): a singular matrix ("Input is not invertible.").
    """
    output_idx_type = dtypes.as_dtype(output_idx_type)
    if output_idx_type not in (dtypes.int32, dtypes.int64):
        raise TypeError(f"Value passed to parameter 'output_idx_type' has DataType {output_idx_type.name} not in "
                        f"list of allowed values: int32, int64")
    op = apply_op("Lu", [convert_to_tensor(input, name="input")], {"output_idx_type": output_idx_type},
                  name=name or "Lu")
    return LuOutput(*op.outputs)


# ------------------------------------------------------------------ LogMatrixDeterminant
def _slogdet_infer(inputs, attrs):
    dtype = check_dtype(inputs[0], FLOAT_COMPLEX, "input")
    dims = _square_dims(inputs[0], "LogMatrixDeterminant")
    shape = unknown_shape() if dims is None else TensorShape(dims[:-2])
    return [(dtype, shape), (dtype, shape)]


@register_op("LogMatrixDeterminant", infer=_slogdet_infer)
def _log_matrix_determinant(xp, x):
    a = _widened(x)
    lu_packed, _, swaps, _ = _lu_factor(a)
    diag = np.diagonal(lu_packed, axis1=-2, axis2=-1)
    magnitude = np.abs(diag)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_abs = np.log(magnitude).sum(axis=-1)
        phase = np.where(magnitude == 0, 0, diag / np.where(magnitude == 0, 1, magnitude)).prod(axis=-1)
    sign = np.where(swaps % 2 == 1, -phase, phase)
    return (xp.asarray(np.asarray(sign).astype(x.dtype)), xp.asarray(np.asarray(log_abs).astype(x.dtype)))


@_log_matrix_determinant.gradient
def _log_matrix_determinant_grad(op, _, grad_log_abs):
    """TF's _LogMatrixDeterminantGrad: grad * inverse(adjoint(a))."""
    a, c = op.inputs[0], op.outputs[1]
    a_adj_inv = matrix_ops.matrix_inverse(a, adjoint=True)
    multipliers = array_ops.reshape(grad_log_abs, stack_ops.concat([array_ops.shape(c), [1, 1]], 0))
    return [multipliers * a_adj_inv]


def slogdet(input, name=None):  # noqa: A002
    """(sign, log |det|) of square matrices (tf.linalg.slogdet): det = sign * exp(log_abs_determinant)."""
    op = apply_op("LogMatrixDeterminant", [convert_to_tensor(input, name="input")], name=name or
                  "LogMatrixDeterminant")
    return SlogdetOutput(*op.outputs)


# ------------------------------------------------------------------ built on Lu
def _unit_lower(lower_upper):
    return matrix_ops.matrix_set_diag(matrix_ops.matrix_band_part(lower_upper, -1, 0),
                                      constant_op.ones(array_ops.shape(lower_upper)[:-1], dtype=lower_upper.dtype.base_dtype))


def _lu_args(lower_upper, perm):
    lower_upper = convert_to_tensor(lower_upper, name="lower_upper", preferred_dtype=dtypes.float32)
    perm = convert_to_tensor(perm, name="perm", preferred_dtype=dtypes.int32)
    if lower_upper.shape.ndims is not None and lower_upper.shape.ndims < 2:
        raise ValueError("Input `lower_upper` must have at least 2 dimensions.")
    dims = lower_upper.shape.as_list() if lower_upper.shape.ndims is not None else None
    if dims is not None and None not in dims[-2:] and dims[-1] != dims[-2]:
        raise ValueError("Input `lower_upper` must be a square matrix.")
    if perm.shape.ndims is not None and lower_upper.shape.ndims is not None and \
            perm.shape.ndims + 1 != lower_upper.shape.ndims:
        raise ValueError("Input `perm` must have exactly one less dimension than `lower_upper`.")
    return lower_upper, perm


def lu_solve(lower_upper, perm, rhs, validate_args=False, name=None):
    """Solves A X = rhs from A's tf.linalg.lu factors (tf.linalg.lu_solve); batch dims broadcast."""
    with op_scope(name, "lu_solve", [lower_upper, perm, rhs]):
        lower_upper, perm = _lu_args(lower_upper, perm)
        rhs = convert_to_tensor(rhs, name="rhs", preferred_dtype=lower_upper.dtype.base_dtype)
        if rhs.shape.ndims == 2 and perm.shape.ndims == 1:
            permuted_rhs = gather_ops.gather(rhs, perm, axis=-2)
        else:
            rhs_shape = array_ops.shape(rhs)
            batch_shape = extra_math_ops.broadcast_dynamic_shape(rhs_shape[:-2], array_ops.shape(perm)[:-1])
            d, m = rhs_shape[-2], rhs_shape[-1]
            rhs_broadcast_shape = stack_ops.concat([batch_shape, stack_ops.stack([d, m])], axis=0)
            broadcast_rhs = array_ops.reshape(broadcast_ops.broadcast_to(rhs, rhs_broadcast_shape),
                                              stack_ops.stack([-1, d, m]))
            broadcast_perm = array_ops.reshape(broadcast_ops.broadcast_to(perm, rhs_broadcast_shape[:-1]),
                                               stack_ops.stack([-1, d]))
            batch_size = reduction_ops.reduce_prod(batch_shape)
            batch_indices = broadcast_ops.broadcast_to(
                array_ops.expand_dims(sequence_ops.range_(batch_size), -1), stack_ops.stack([batch_size, d]))
            permuted_rhs = gather_ops.gather_nd(broadcast_rhs, stack_ops.stack([batch_indices, broadcast_perm],
                                                                               axis=-1))
            permuted_rhs = array_ops.reshape(permuted_rhs, rhs_broadcast_shape)
        solve = matrix_decomposition_ops.matrix_triangular_solve
        return solve(lower_upper, solve(_unit_lower(lower_upper), permuted_rhs), lower=False)


def lu_reconstruct(lower_upper, perm, validate_args=False, name=None):
    """The matrix A whose tf.linalg.lu factors are (lower_upper, perm) (tf.linalg.lu_reconstruct)."""
    with op_scope(name, "lu_reconstruct", [lower_upper, perm]):
        lower_upper, perm = _lu_args(lower_upper, perm)
        shape = array_ops.shape(lower_upper)
        x = linalg_ops.matmul(_unit_lower(lower_upper), matrix_ops.matrix_band_part(lower_upper, 0, -1))
        if lower_upper.shape.ndims != 2:
            batch_size = reduction_ops.reduce_prod(shape[:-2])
            d = shape[-1]
            x = array_ops.reshape(x, stack_ops.stack([batch_size, d, d]))
            inverse = sort_ops.argsort(array_ops.reshape(perm, stack_ops.stack([batch_size, d])), stable=True)
            batch_indices = broadcast_ops.broadcast_to(
                array_ops.expand_dims(sequence_ops.range_(batch_size), -1), stack_ops.stack([batch_size, d]))
            x = gather_ops.gather_nd(x, stack_ops.stack([batch_indices, math_ops.cast(inverse, dtypes.int32)],
                                                        axis=-1))
            x = array_ops.reshape(x, shape)
        else:
            x = gather_ops.gather(x, array_ops.invert_permutation(perm))
        x.set_shape(lower_upper.shape)
        return x


def lu_matrix_inverse(lower_upper, perm, validate_args=False, name=None):
    """The inverse of the matrix whose tf.linalg.lu factors are given (tf.linalg.lu_matrix_inverse)."""
    with op_scope(name, "lu_matrix_inverse", [lower_upper, perm]):
        lower_upper, perm = _lu_args(lower_upper, perm)
        shape = array_ops.shape(lower_upper)
        return lu_solve(lower_upper, perm, rhs=matrix_ops.eye(shape[-1], batch_shape=shape[:-2],
                                                              dtype=lower_upper.dtype.base_dtype))


# ------------------------------------------------------------------ over svd and norm
def pinv(a, rcond=None, validate_args=False, name=None):
    """The Moore-Penrose pseudo-inverse (tf.linalg.pinv): singular values below rcond * the largest are dropped.

    rcond defaults to 10 * max(rows, cols) * eps of a's dtype.
    """
    with op_scope(name, "pinv", [a]):
        a = convert_to_tensor(a, name="a")
        dtype = a.dtype.base_dtype.as_numpy_dtype
        if rcond is None:
            rows, cols = (a.shape[d].value if a.shape.ndims else None for d in (-2, -1))
            if rows is not None and cols is not None:
                max_rows_cols = float(max(rows, cols))
            else:
                dynamic = array_ops.shape(a)
                max_rows_cols = math_ops.cast(math_ops.maximum(dynamic[-2], dynamic[-1]), dtype)
            rcond = 10.0 * max_rows_cols * np.finfo(dtype).eps
        rcond = convert_to_tensor(rcond, dtype=a.dtype.base_dtype, name="rcond")
        singular_values, left, right = matrix_decomposition_ops.svd(a, full_matrices=False, compute_uv=True)
        cutoff = rcond * reduction_ops.reduce_max(singular_values, axis=-1)
        singular_values = indexing_ops.where_v2(singular_values > array_ops.expand_dims(cutoff, -1), singular_values,
                                              np.array(np.inf, dtype))
        a_pinv = linalg_ops.matmul(right / array_ops.expand_dims(singular_values, -2), left, adjoint_b=True)
        if a.shape.ndims is not None:
            a_pinv.set_shape(a.shape[:-2].concatenate([a.shape[-1], a.shape[-2]]))
        return a_pinv


def matrix_rank(a, tol=None, validate_args=False, name=None):
    """The number of singular values above tol (default eps * max(rows, cols) * the largest) (tf.linalg.matrix_rank)."""
    with op_scope(name, "matrix_rank", [a]):
        a = convert_to_tensor(a, name="a", preferred_dtype=dtypes.float32)
        s = matrix_decomposition_ops.svd(a, compute_uv=False)
        if tol is None:
            if a.shape.ndims is not None and a.shape[-2:].is_fully_defined():
                m = max(a.shape[-2:].as_list())
            else:
                m = reduction_ops.reduce_max(array_ops.shape(a)[-2:])
            eps = np.finfo(a.dtype.base_dtype.as_numpy_dtype).eps
            tol = eps * math_ops.cast(m, a.dtype.base_dtype) * reduction_ops.reduce_max(s, axis=-1, keepdims=True)
        return reduction_ops.reduce_sum(math_ops.cast(s > tol, dtypes.int32), axis=-1)


def normalize(tensor, ord="euclidean", axis=None, name=None):  # noqa: A002
    """(tensor / norm, norm) with the norm kept in tensor's rank (tf.linalg.normalize)."""
    with op_scope(name, "normalize", [tensor]):
        tensor = convert_to_tensor(tensor)
        norm = math_ops.cast(norm_ops.norm(tensor, ord, axis, keepdims=True), tensor.dtype.base_dtype)
        return tensor / norm, norm


__all__ = []
