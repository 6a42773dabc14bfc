"""Tridiagonal matrices: TridiagonalMatMul, TridiagonalSolve (TF's CPU algorithms: Gaussian elimination with
partial pivoting, or the Thomas algorithm) with TF's gradients, tf.linalg.tridiagonal_matmul/tridiagonal_solve in
their compact, sequence and matrix formats, and tf.linalg.eigh_tridiagonal.

A singular system gives NaNs for that batch member, as TF 2.21's kernel does (TF also logs a warning).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import unknown_shape
from tfsess.ops import (array_ops, broadcast_ops, check_ops, indexing_ops, logic_ops, math_ops,
                        matrix_decomposition_ops, matrix_ops, reduction_ops, sequence_ops, stack_ops, unary_ops)
from tfsess.ops._infer import apply_gen, check_dtype, check_same_dtype, host

_FORMATS = ("compact", "sequence", "matrix")
# TF's kernels: single and double precision, real and complex (no half precision)
_TYPES = (dtypes.float32, dtypes.float64, dtypes.complex64, dtypes.complex128)


def _merge_batch(a, b, op_type):
    """The common batch shape of two static shapes, with TF's shape-function errors."""
    if a.ndims is None:
        return b
    if b.ndims is None:
        return a
    if a.ndims != b.ndims:
        raise ValueError(f"Shapes must be equal rank, but are {a.ndims} and {b.ndims} for '{op_type}'")
    for i, (x, y) in enumerate(zip(a.as_tuple_or_none(), b.as_tuple_or_none())):
        if x is not None and y is not None and x != y:
            raise ValueError(f"Dimension {i} in both shapes must be equal, but are {x} and {y}. Shapes are "
                             f"{a.as_list()} and {b.as_list()}. for '{op_type}'")
    return a.merge_with(b)


def _merge_dim(x, y, op_type):
    if x is not None and y is not None and x != y:
        raise ValueError(f"Dimensions must be equal, but are {x} and {y} for '{op_type}'")
    return x if x is not None else y


# ------------------------------------------------------------------ TridiagonalMatMul
def _matmul_infer(inputs, attrs):
    check_same_dtype(inputs, "TridiagonalMatMul", ("superdiag", "maindiag", "subdiag", "rhs"))
    dtype = check_dtype(inputs[3], _TYPES, "rhs")
    for t in inputs:
        if t.shape.ndims is not None and t.shape.ndims < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {t.shape.ndims} for 'TridiagonalMatMul'")
    rhs = inputs[3].shape
    batch, rows = unknown_shape(), None
    for t in inputs[:3]:
        if t.shape.ndims is None:
            continue
        if t.shape.dims[-2].value not in (None, 1):
            raise ValueError(f"Dimension must be 1 but is {t.shape.dims[-2].value} for 'TridiagonalMatMul'")
        batch = _merge_batch(batch, t.shape[:-2], "TridiagonalMatMul")
        rows = _merge_dim(rows, t.shape.dims[-1].value, "TridiagonalMatMul")
    if rhs.ndims is None:
        return [(dtype, unknown_shape())]
    batch = _merge_batch(batch, rhs[:-2], "TridiagonalMatMul")
    rows = _merge_dim(rows, rhs.dims[-2].value, "TridiagonalMatMul")
    return [(dtype, batch.concatenate([rows, rhs.dims[-1].value]))]


@register_op("TridiagonalMatMul", infer=_matmul_infer)
def _tridiagonal_matmul(xp, superdiag, maindiag, subdiag, rhs):
    # diagonals [..., 1, M] act on rows of rhs [..., M, N]: y_i = sub_i x_{i-1} + main_i x_i + super_i x_{i+1}
    sup, main, sub = (xp.swapaxes(d, -1, -2) for d in (superdiag, maindiag, subdiag))
    out = main * rhs
    if rhs.shape[-2] > 1:
        out[..., :-1, :] += sup[..., :-1, :] * rhs[..., 1:, :]
        out[..., 1:, :] += sub[..., 1:, :] * rhs[..., :-1, :]
    return out


def _left_shift(x):
    """x shifted up one row along the next-to-last axis, zeros entering at the bottom."""
    rank = array_ops.rank(x)
    pad = stack_ops.concat([array_ops.zeros_like(sequence_ops.range_(0, 2 * (rank - 2))), [0, 1, 0, 0]], 0)
    return broadcast_ops.pad(x[..., 1:, :], array_ops.reshape(pad, [-1, 2]))


def _right_shift(x):
    rank = array_ops.rank(x)
    pad = stack_ops.concat([array_ops.zeros_like(sequence_ops.range_(0, 2 * (rank - 2))), [1, 0, 0, 0]], 0)
    return broadcast_ops.pad(x[..., :-1, :], array_ops.reshape(pad, [-1, 2]))


@_tridiagonal_matmul.gradient
def _tridiagonal_matmul_grad(op, grad):
    """TF's _TridiagonalMatMulGrad."""
    superdiag_conj, maindiag_conj, subdiag_conj = (matrix_ops.matrix_transpose(t, conjugate=True)
                                                   for t in op.inputs[:3])
    rhs_conj = unary_ops.conj(op.inputs[3])
    superdiag_grad = reduction_ops.reduce_sum(_left_shift(rhs_conj) * grad, axis=-1)
    maindiag_grad = reduction_ops.reduce_sum(rhs_conj * grad, axis=-1)
    subdiag_grad = reduction_ops.reduce_sum(_right_shift(rhs_conj) * grad, axis=-1)
    rhs_grad = (_right_shift(superdiag_conj * grad) + maindiag_conj * grad + _left_shift(subdiag_conj * grad))
    return [array_ops.expand_dims(superdiag_grad, -2), array_ops.expand_dims(maindiag_grad, -2),
            array_ops.expand_dims(subdiag_grad, -2), rhs_grad]


def compact_from_matrix(matrix):
    """The compact diagonals [..., 3, M] of square matrices (TF: matrix_diag_part with k=(-1, 1), LEFT_RIGHT)."""
    main = matrix_ops.matrix_diag_part(matrix)
    zero = array_ops.zeros_like(main[..., :1])
    superdiag = stack_ops.concat((matrix_ops.matrix_diag_part(matrix[..., :-1, 1:]), zero), axis=-1)
    subdiag = stack_ops.concat((zero, matrix_ops.matrix_diag_part(matrix[..., 1:, :-1])), axis=-1)
    return stack_ops.stack((superdiag, main, subdiag), axis=-2)


def matrix_from_compact(superdiag, maindiag, subdiag):
    """The tridiagonal matrices [..., M, M] of three diagonals [..., M] (the ignored corners dropped)."""
    def shifted(diagonal, above):
        body = matrix_ops.matrix_diag(diagonal)  # [..., M-1, M-1], moved one place off the main diagonal
        column = array_ops.zeros_like(body[..., :1])
        body = stack_ops.concat((column, body) if above else (body, column), axis=-1)
        row = array_ops.zeros_like(body[..., :1, :])
        return stack_ops.concat((body, row) if above else (row, body), axis=-2)
    return (matrix_ops.matrix_diag(maindiag) + shifted(superdiag[..., :-1], True)
            + shifted(subdiag[..., 1:], False))


def _split_diagonals(diagonals, diagonals_format):
    if diagonals_format == "compact":
        diagonals = convert_to_tensor(diagonals, name="diagonals")
        return diagonals[..., 0, :], diagonals[..., 1, :], diagonals[..., 2, :]
    if diagonals_format == "sequence":
        return tuple(convert_to_tensor(d) for d in diagonals)
    if diagonals_format == "matrix":
        diagonals = convert_to_tensor(diagonals, name="diagonals")
        _check_square(diagonals)
        diags = compact_from_matrix(diagonals)
        return diags[..., 0, :], diags[..., 1, :], diags[..., 2, :]
    raise ValueError(f"Unrecognized diagonals_format: {diagonals_format}")


def _check_square(diagonals):
    m1, m2 = (diagonals.shape.dims[-1].value, diagonals.shape.dims[-2].value) if diagonals.shape.ndims else (None,
                                                                                                          None)
    if m1 and m2 and m1 != m2:
        raise ValueError(f"Expected last two dimensions of diagonals to be same, got {m1} and {m2}")


def tridiagonal_matmul(diagonals, rhs, diagonals_format="compact", name=None):
    """A @ rhs for tridiagonal A given by its diagonals (tf.linalg.tridiagonal_matmul)."""
    if diagonals_format not in _FORMATS:
        raise ValueError(f"Unrecognized diagonals_format: {diagonals_format}")
    superdiag, maindiag, subdiag = _split_diagonals(diagonals, diagonals_format)
    superdiag, maindiag, subdiag = (array_ops.expand_dims(d, -2) for d in (superdiag, maindiag, subdiag))
    return apply_gen("TridiagonalMatMul", [("superdiag", superdiag, "T"), ("maindiag", maindiag, "T"),
                                           ("subdiag", subdiag, "T"), ("rhs", rhs, "T")], name=name)


# ------------------------------------------------------------------ TridiagonalSolve
def _solve_infer(inputs, attrs):
    diagonals, rhs = inputs
    check_same_dtype(inputs, "TridiagonalSolve", ("diagonals", "rhs"))
    dtype = check_dtype(diagonals, _TYPES, "diagonals")
    d, r = diagonals.shape, rhs.shape
    for t in (d, r):
        if t.ndims is not None and t.ndims < 2:
            raise ValueError(f"Shape must be at least rank 2 but is rank {t.ndims} for 'TridiagonalSolve'")
    if d.ndims is not None and d.dims[-2].value not in (None, 3):
        raise ValueError(f"Dimension must be 3 but is {d.dims[-2].value} for 'TridiagonalSolve'")
    if d.ndims is None or r.ndims is None:
        return [(dtype, r if r.ndims is not None else unknown_shape())]
    batch = _merge_batch(d[:-2], r[:-2], "TridiagonalSolve")
    rows = _merge_dim(d.dims[-1].value, r.dims[-2].value, "TridiagonalSolve")
    return [(dtype, batch.concatenate([rows, r.dims[-1].value]))]


def _gaussian_elimination(sup, diag, sub, rhs, perturb_singular):
    """LAPACK gtsv's elimination with partial pivoting over a batch: diagonals [B, M], rhs [B, M, K].
    Returns the solutions and which batch members were singular."""
    b, m = diag.shape
    u0, u1, u2 = diag.copy(), sup.copy(), np.zeros_like(diag)
    x = rhs.copy()
    for i in range(m - 1):
        swap = np.abs(u0[:, i]) < np.abs(sub[:, i + 1])
        keep = ~swap
        # No interchange: eliminate sub[i + 1] with row i.
        with np.errstate(divide="ignore", invalid="ignore"):
            f_keep = sub[:, i + 1] / u0[:, i]
            f_swap = u0[:, i] / sub[:, i + 1]
        new_u0_next = np.where(keep, diag[:, i + 1] - f_keep * u1[:, i], u1[:, i] - f_swap * diag[:, i + 1])
        next_sup = sup[:, i + 1] if i != m - 2 else np.zeros_like(sup[:, i])
        x_i, x_next = x[:, i, :].copy(), x[:, i + 1, :].copy()
        x[:, i + 1, :] = np.where(keep[:, None], x_next - f_keep[:, None] * x_i, x_i - f_swap[:, None] * x_next)
        x[:, i, :] = np.where(keep[:, None], x_i, x_next)
        new_u0_i = np.where(keep, u0[:, i], sub[:, i + 1])
        new_u1_i = np.where(keep, u1[:, i], diag[:, i + 1])
        u2[:, i] = np.where(keep, 0, next_sup)
        u1[:, i + 1] = np.where(keep, next_sup, -f_swap * next_sup)
        u0[:, i], u1[:, i], u0[:, i + 1] = new_u0_i, new_u1_i, new_u0_next
    if perturb_singular:
        scale = np.finfo(np.abs(u0).dtype).eps * np.max(np.abs(np.concatenate([u0, u1, u2], axis=-1)), axis=-1)
        u0 = np.where(u0 == 0, scale[:, None].astype(u0.dtype), u0)
    singular = np.any(u0 == 0, axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        x[:, m - 1, :] /= u0[:, m - 1, None]
        if m > 1:
            x[:, m - 2, :] = (x[:, m - 2, :] - u1[:, m - 2, None] * x[:, m - 1, :]) / u0[:, m - 2, None]
        for i in range(m - 3, -1, -1):
            x[:, i, :] = (x[:, i, :] - u1[:, i, None] * x[:, i + 1, :] - u2[:, i, None] * x[:, i + 2, :]) / \
                u0[:, i, None]
    return x, singular


def _thomas(sup, diag, sub, rhs):
    """The Thomas algorithm (no pivoting) over a batch; singular where a pivot is zero."""
    b, m = diag.shape
    u = np.zeros_like(diag)
    x = np.empty_like(rhs)
    singular = diag[:, 0] == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        u[:, 0] = sup[:, 0] / diag[:, 0]
        x[:, 0, :] = rhs[:, 0, :] / diag[:, 0, None]
        for i in range(1, m):
            denom = diag[:, i] - sub[:, i] * u[:, i - 1]
            singular |= denom == 0
            u[:, i] = sup[:, i] / denom
            x[:, i, :] = (rhs[:, i, :] - sub[:, i, None] * x[:, i - 1, :]) / denom[:, None]
        for i in range(m - 2, -1, -1):
            x[:, i, :] -= u[:, i, None] * x[:, i + 1, :]
    return x, singular


@register_op("TridiagonalSolve", infer=_solve_infer)
def _tridiagonal_solve(xp, diagonals, rhs, *, partial_pivoting=True, perturb_singular=False):
    d, r = host(diagonals), host(rhs)
    batch, m, k = r.shape[:-2], r.shape[-2], r.shape[-1]
    out_dtype = r.dtype
    if r.size == 0 or m == 0:
        return xp.asarray(np.zeros(r.shape, out_dtype))
    # Computed in the input's own precision, as TF's kernel is.
    d = np.broadcast_to(d, batch + d.shape[-2:]).reshape(-1, 3, m).copy()
    r = r.reshape(-1, m, k).copy()
    sup, diag, sub = d[:, 0, :], d[:, 1, :], d[:, 2, :]
    if m == 1:
        singular = diag[:, 0] == 0
        with np.errstate(divide="ignore", invalid="ignore"):
            x = r / diag[:, :, None]
    elif partial_pivoting:
        x, singular = _gaussian_elimination(sup, diag, sub, r, perturb_singular)
    else:
        x, singular = _thomas(sup, diag, sub, r)
    x[singular] = np.nan
    return xp.asarray(x.reshape(batch + (m, k)).astype(out_dtype, copy=False))


def _transpose_tridiagonal(diags):
    """The compact diagonals of the transposed matrix: super and sub swap places, shifted by one."""
    diag = diags[..., 1, :]
    zeros = array_ops.zeros_like(diags[..., 0, :1])
    superdiag = stack_ops.concat((diags[..., 2, 1:], zeros), axis=-1)
    subdiag = stack_ops.concat((zeros, diags[..., 0, :-1]), axis=-1)
    return stack_ops.stack([superdiag, diag, subdiag], axis=-2)


def _matmul_three_diagonals(x, y_tr):
    """The three central diagonals of x @ y_tr^T, in compact form, without forming the product."""
    diag = reduction_ops.reduce_sum(x * y_tr, axis=-1)
    zeros = array_ops.zeros_like(y_tr[..., :1, :])
    superdiag = reduction_ops.reduce_sum(x * stack_ops.concat((y_tr[..., 1:, :], zeros), axis=-2), axis=-1)
    subdiag = reduction_ops.reduce_sum(x * stack_ops.concat((zeros, y_tr[..., :-1, :]), axis=-2), axis=-1)
    return stack_ops.stack([superdiag, diag, subdiag], axis=-2)


@_tridiagonal_solve.gradient
def _tridiagonal_solve_grad(op, grad):
    """TF's _TridiagonalSolveGrad: solve with the transposed matrix, then the three diagonals of -grad_rhs x^T."""
    diags, x = op.inputs[0], op.outputs[0]
    grad_rhs = raw_tridiagonal_solve(_transpose_tridiagonal(diags), grad,
                                     partial_pivoting=op.get_attr("partial_pivoting"),
                                     perturb_singular=op.get_attr("perturb_singular"))
    return [-_matmul_three_diagonals(grad_rhs, x), grad_rhs]


def raw_tridiagonal_solve(diagonals, rhs, partial_pivoting=True, perturb_singular=False, name=None):
    """The TridiagonalSolve op on compact diagonals [..., 3, M] and rhs [..., M, K]."""
    return apply_gen("TridiagonalSolve", [("diagonals", diagonals, "T"), ("rhs", rhs, "T")],
                     {"partial_pivoting": bool(partial_pivoting), "perturb_singular": bool(perturb_singular)},
                     name=name)


def _solve_compact(diagonals, rhs, transpose_rhs, conjugate_rhs, partial_pivoting, perturb_singular, name):
    rhs = convert_to_tensor(rhs, name="rhs")
    diags_rank, rhs_rank = diagonals.shape.ndims, rhs.shape.ndims
    if diags_rank:
        if diags_rank < 2:
            raise ValueError(f"Expected diagonals to have rank at least 2, got {diags_rank}")
        if rhs_rank and rhs_rank != diags_rank and rhs_rank != diags_rank - 1:
            raise ValueError(f"Expected the rank of rhs to be {diags_rank - 1} or {diags_rank}, got {rhs_rank}")
        if rhs_rank and not diagonals.shape[:-2].is_compatible_with(rhs.shape[:diags_rank - 2]):
            raise ValueError(f"Batch shapes {diagonals.shape[:-2]} and {rhs.shape[:diags_rank - 2]} are "
                             f"incompatible")
        if diagonals.shape.dims[-2].value and diagonals.shape.dims[-2].value != 3:
            raise ValueError(f"Expected 3 diagonals got {diagonals.shape.dims[-2].value}")

    def check_rows():
        m, r = (diagonals.shape.dims[-1].value if diagonals.shape.ndims else None,
                rhs.shape.dims[-2].value if rhs.shape.ndims and rhs.shape.ndims >= 2 else None)
        if m and r and m != r:
            raise ValueError(f"Expected number of left-hand sided and right-hand sides to be equal, got {m} and {r}")

    if rhs_rank and diags_rank and rhs_rank == diags_rank - 1:
        if conjugate_rhs:
            rhs = unary_ops.conj(rhs)
        rhs = array_ops.expand_dims(rhs, -1)
        check_rows()
        return array_ops.squeeze(raw_tridiagonal_solve(diagonals, rhs, partial_pivoting, perturb_singular, name), -1)
    if transpose_rhs:
        rhs = matrix_ops.matrix_transpose(rhs, conjugate=conjugate_rhs)
    elif conjugate_rhs:
        rhs = unary_ops.conj(rhs)
    check_rows()
    return raw_tridiagonal_solve(diagonals, rhs, partial_pivoting, perturb_singular, name)


def tridiagonal_solve(diagonals, rhs, diagonals_format="compact", transpose_rhs=False, conjugate_rhs=False,
                      name=None, partial_pivoting=True, perturb_singular=False):
    """X with A X = rhs for tridiagonal A given by its diagonals (tf.linalg.tridiagonal_solve)."""
    if perturb_singular and not partial_pivoting:
        raise ValueError("partial_pivoting must be True if perturb_singular is.")
    args = (transpose_rhs, conjugate_rhs, partial_pivoting, perturb_singular, name)
    if diagonals_format == "compact":
        return _solve_compact(convert_to_tensor(diagonals, name="diagonals"), rhs, *args)
    if diagonals_format == "sequence":
        if not isinstance(diagonals, (tuple, list)) or len(diagonals) != 3:
            raise ValueError("Expected diagonals to be a sequence of length 3.")
        superdiag, maindiag, subdiag = (convert_to_tensor(d) for d in diagonals)
        if (not subdiag.shape[:-1].is_compatible_with(maindiag.shape[:-1])
                or not superdiag.shape[:-1].is_compatible_with(maindiag.shape[:-1])):
            raise ValueError(f"Tensors representing the three diagonals must have the same shape,except for the "
                             f"last dimension, got {subdiag.shape}, {maindiag.shape}, {superdiag.shape}")
        m = maindiag.shape.dims[-1].value

        def pad_if_necessary(t, what, last_dim_padding):
            n = t.shape.dims[-1].value
            if not n or n == m:
                return t
            if n == m - 1:
                return broadcast_ops.pad(t, [[0, 0]] * (t.shape.ndims - 1) + [last_dim_padding])
            raise ValueError(f"Expected {what} to be have length {m} or {m - 1}, got {n}.")
        subdiag = pad_if_necessary(subdiag, "subdiagonal", [1, 0])
        superdiag = pad_if_necessary(superdiag, "superdiagonal", [0, 1])
        return _solve_compact(stack_ops.stack((superdiag, maindiag, subdiag), axis=-2), rhs, *args)
    if diagonals_format == "matrix":
        diagonals = convert_to_tensor(diagonals, name="diagonals")
        _check_square(diagonals)
        return _solve_compact(compact_from_matrix(diagonals), rhs, *args)
    raise ValueError(f"Unrecognized diagonals_format: {diagonals_format}")


# ------------------------------------------------------------------ eigh_tridiagonal
def eigh_tridiagonal(alpha, beta, eigvals_only=True, select="a", select_range=None, tol=None, name=None):
    """Eigenvalues (and eigenvectors) of the Hermitian tridiagonal matrix with diagonal `alpha` [n] and
    off-diagonal `beta` [n - 1] (tf.linalg.eigh_tridiagonal).

    select 'a': all; 'i': indices select_range[0]..select_range[1] (inclusive, ascending order); 'v': the
    eigenvalues in (select_range[0], select_range[1]]. Computed by the symmetric eigensolver on the matrix (an
    exact method; TF bisects Sturm sequences, so values agree to rounding and eigenvector signs may differ).
    `tol` is accepted for TF's signature (the eigensolver works to full precision).
    """
    del tol
    with op_scope(name, "eigh_tridiagonal", [alpha, beta]):
        alpha = convert_to_tensor(alpha, name="alpha")
        beta = convert_to_tensor(beta, name="beta", dtype=alpha.dtype)
        if select not in ("a", "i", "v"):
            raise ValueError("'select must have a value in {'a', 'i', 'v'}.")
        if alpha.shape.ndims is not None and alpha.shape.ndims != 1:
            raise ValueError(f"Expected alpha to be a vector, got shape {alpha.shape}")
        # The Hermitian matrix: beta below the diagonal, conj(beta) above.
        zero = array_ops.zeros_like(alpha[:1])
        matrix = matrix_from_compact(stack_ops.concat((unary_ops.conj(beta), zero), 0), alpha,
                                     stack_ops.concat((zero, beta), 0))
        if eigvals_only:
            values, vectors = matrix_decomposition_ops.self_adjoint_eigvals(matrix), None
        else:
            values, vectors = matrix_decomposition_ops.self_adjoint_eig(matrix)
        if values.dtype.is_complex:  # Hermitian: real eigenvalues, returned in the real dtype as TF does
            values = unary_ops.real(values)
        if select == "i":
            check = check_ops.assert_less_equal(select_range[0], select_range[1],
                                                message="Got empty index range in select_range.")
            with check.graph.control_dependencies([check]):
                start, stop = select_range[0], select_range[1] + 1
                values = values[start:stop]
                vectors = None if vectors is None else vectors[:, start:stop]
        elif select == "v":
            check = check_ops.assert_less(select_range[0], select_range[1],
                                          message="Got empty interval in select_range.")
            with check.graph.control_dependencies([check]):
                real = unary_ops.real(values) if values.dtype.is_complex else values
                low = math_ops.cast(select_range[0], real.dtype)
                high = math_ops.cast(select_range[1], real.dtype)
                keep = logic_ops.logical_and(logic_ops.greater(real, low), logic_ops.less_equal(real, high))
                values = indexing_ops.boolean_mask(values, keep)
                vectors = None if vectors is None else indexing_ops.boolean_mask(vectors, keep, axis=1)
        return values if eigvals_only else (values, vectors)


__all__ = ["eigh_tridiagonal", "tridiagonal_matmul", "tridiagonal_solve"]
