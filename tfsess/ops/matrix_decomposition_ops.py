"""Decompositions and solvers over batches of matrices: cholesky (and cholesky_solve, logdet), matrix_solve,
matrix_triangular_solve, matrix_solve_ls, qr, svd, self_adjoint_eig(vals), matrix_square_root; and matvec.

Kernels are NumPy's LAPACK-backed `numpy.linalg` on the host, computed in the input's dtype. Gradients are TF's
(linalg_grad.py) as graph ops.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import errors
from tfsess.framework.dispatch import add_dispatch_support
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import array_ops, linalg_ops, math_ops, matrix_ops, reduction_ops, stack_ops, unary_ops
from tfsess.ops._infer import FLOAT_COMPLEX, apply_gen, check_dtype, check_same_dtype, host


def _dims(x, op_type, square=True):
    """x's static dims (None when unknown); ValueError where TF's shape functions refuse them."""
    if x.shape.ndims is None:
        return None
    if x.shape.ndims < 2:
        raise ValueError(f"Shape must be at least rank 2 but is rank {x.shape.ndims} for '{op_type}'")
    dims = list(x.shape.as_tuple_or_none())
    if square and None not in dims[-2:] and dims[-1] != dims[-2]:
        raise ValueError(f"Dimensions must be equal, but are {dims[-2]} and {dims[-1]} for '{op_type}'")
    return dims


def _adjoint(t):
    return matrix_ops.matrix_transpose(t, conjugate=True)


def _np_adjoint(m):
    return np.conj(np.swapaxes(m, -1, -2))


def _lapack_input(x):
    """x on the host, float16 widened to float32 (LAPACK has no half precision; results are cast back)."""
    a = host(x)
    return a.astype(np.float32) if a.dtype == np.float16 else a


def _lapack(op_type, message, fn, *args):
    try:
        return fn(*args)
    except np.linalg.LinAlgError:
        raise errors.InvalidArgumentError(None, None, f"{op_type}: {message}") from None


# ------------------------------------------------------------------ cholesky
def _square_infer_for(op_type):
    def infer(inputs, attrs):
        dtype = check_dtype(inputs[0], FLOAT_COMPLEX, "input")
        dims = _dims(inputs[0], op_type)
        return [(dtype, unknown_shape() if dims is None else TensorShape(dims))]
    return infer


@register_op("Cholesky", infer=_square_infer_for("Cholesky"))
def _cholesky(xp, x):
    a = _lapack_input(x)
    lower = np.tril(a)  # TF reads the lower triangle only
    a = lower + _np_adjoint(np.tril(a, -1))
    out = _lapack("Cholesky", "Cholesky decomposition was not successful. The input might not be valid.",
                  np.linalg.cholesky, a)
    return xp.asarray(out.astype(x.dtype, copy=False))


@_cholesky.gradient
def _cholesky_grad(op, grad):
    """TF's _CholeskyGrad (Murray, 2016)."""
    chol = op.outputs[0]
    shape = array_ops.shape(chol)
    eye = matrix_ops.eye(shape[-1], batch_shape=shape[:-2], dtype=chol.dtype)
    chol_inverse = matrix_triangular_solve(chol, eye)
    middle = linalg_ops.matmul(chol, grad, adjoint_a=True)
    middle = matrix_ops.matrix_set_diag(middle, 0.5 * matrix_ops.matrix_diag_part(middle))
    middle = matrix_ops.matrix_band_part(middle, -1, 0)
    grad_a = linalg_ops.matmul(linalg_ops.matmul(chol_inverse, middle, adjoint_a=True), chol_inverse)
    grad_a += _adjoint(grad_a)
    return [grad_a * 0.5]


@add_dispatch_support
def cholesky(input, name=None):  # noqa: A002
    """The lower-triangular Cholesky factor of each Hermitian positive-definite matrix (tf.linalg.cholesky)."""
    return apply_gen("Cholesky", [("input", input, None)], name=name)


def cholesky_solve(chol, rhs, name=None):
    """Solves A X = rhs given A's Cholesky factor `chol` (tf.linalg.cholesky_solve)."""
    with op_scope(name, "cholesky_solve", [chol, rhs]):
        y = matrix_triangular_solve(chol, rhs, adjoint=False, lower=True)
        return matrix_triangular_solve(chol, y, adjoint=True, lower=True)


@add_dispatch_support
def logdet(matrix, name=None):
    """log(det(matrix)) of Hermitian positive-definite matrices, from their Cholesky factor (tf.linalg.logdet)."""
    with op_scope(name, "logdet", [matrix]):
        chol = cholesky(matrix)
        diagonal = math_ops.cast(unary_ops.real(matrix_ops.matrix_diag_part(chol)), chol.dtype.real_dtype)
        return 2.0 * reduction_ops.reduce_sum(unary_ops.log(diagonal), axis=[-1])


def matvec(a, b, transpose_a=False, adjoint_a=False, a_is_sparse=False, b_is_sparse=False, name=None):
    """a @ b for matrices `a` and vectors `b` (batched) (tf.linalg.matvec)."""
    with op_scope(name, "MatVec", [a, b]):
        b = array_ops.expand_dims(convert_to_tensor(b, name="b"), -1)
        product = linalg_ops.matmul(a, b, transpose_a=transpose_a, adjoint_a=adjoint_a)
        return array_ops.squeeze(product, axis=-1)


# ------------------------------------------------------------------ solvers
def _solve_infer_for(op_type):
    def infer(inputs, attrs):
        matrix, rhs = inputs
        check_same_dtype([matrix, rhs], op_type, ("matrix", "rhs"))
        dtype = check_dtype(matrix, FLOAT_COMPLEX, "matrix")
        m, r = _dims(matrix, op_type), _dims(rhs, op_type, square=False)
        if m is None or r is None:
            return [(dtype, unknown_shape())]
        if None not in (m[-1], r[-2]) and m[-1] != r[-2]:
            raise ValueError(f"Dimensions must be equal, but are {m[-1]} and {r[-2]} for '{op_type}'")
        if op_type == "MatrixSolve" and len(m) != len(r):
            raise ValueError(f"Shape must be rank {len(m)} but is rank {len(r)} for '{op_type}'")
        if None in m[:-2] + r[:-2]:
            batch = [None] * (max(len(m), len(r)) - 2)
        else:
            try:
                batch = list(np.broadcast_shapes(tuple(m[:-2]), tuple(r[:-2])))
            except ValueError:
                raise ValueError(f"Incompatible batch shapes {m[:-2]} and {r[:-2]} for '{op_type}'") from None
        return [(dtype, TensorShape(batch + [m[-1], r[-1]]))]
    return infer


@register_op("MatrixSolve", infer=_solve_infer_for("MatrixSolve"))
def _matrix_solve(xp, matrix, rhs, *, adjoint=False):
    a = _lapack_input(matrix)
    a = _np_adjoint(a) if adjoint else a
    out = _lapack("MatrixSolve", "Input matrix is not invertible.", np.linalg.solve, a, _lapack_input(rhs))
    return xp.asarray(out.astype(matrix.dtype, copy=False))


@_matrix_solve.gradient
def _matrix_solve_grad(op, grad):
    a, adjoint, c = op.inputs[0], op.get_attr("adjoint"), op.outputs[0]
    grad_b = matrix_solve(a, grad, adjoint=not adjoint)
    if adjoint:
        return [-linalg_ops.matmul(c, grad_b, adjoint_b=True), grad_b]
    return [-linalg_ops.matmul(grad_b, c, adjoint_b=True), grad_b]


@add_dispatch_support
def matrix_solve(matrix, rhs, adjoint=False, name=None):
    """Solves matrix X = rhs (or adjoint(matrix) X = rhs) for each matrix in the batch (tf.linalg.solve)."""
    return apply_gen("MatrixSolve", [("matrix", matrix, "T"), ("rhs", rhs, "T")], {"adjoint": bool(adjoint)},
                     name=name)


@register_op("MatrixTriangularSolve", infer=_solve_infer_for("MatrixTriangularSolve"))
def _matrix_triangular_solve(xp, matrix, rhs, *, lower=True, adjoint=False):
    a = _lapack_input(matrix)
    a = np.tril(a) if lower else np.triu(a)  # only the named triangle is read, as in TF
    if adjoint:
        a = _np_adjoint(a)
    if np.any(np.diagonal(a, axis1=-2, axis2=-1) == 0):
        raise errors.InvalidArgumentError(None, None, "MatrixTriangularSolve: Input matrix is not invertible.")
    b = _lapack_input(rhs)
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    out = np.linalg.solve(np.broadcast_to(a, batch + a.shape[-2:]), np.broadcast_to(b, batch + b.shape[-2:]))
    return xp.asarray(out.astype(matrix.dtype, copy=False))


@_matrix_triangular_solve.gradient
def _matrix_triangular_solve_grad(op, grad):
    a, c = op.inputs[0], op.outputs[0]
    adjoint, lower = op.get_attr("adjoint"), op.get_attr("lower")
    grad_b = matrix_triangular_solve(a, grad, lower=lower, adjoint=not adjoint)
    grad_a = (-linalg_ops.matmul(c, grad_b, adjoint_b=True) if adjoint
              else -linalg_ops.matmul(grad_b, c, adjoint_b=True))
    grad_a = matrix_ops.matrix_band_part(grad_a, -1, 0) if lower else matrix_ops.matrix_band_part(grad_a, 0, -1)
    return [grad_a, grad_b]


def matrix_triangular_solve(matrix, rhs, lower=True, adjoint=False, name=None):
    """Solves triangular systems: only `matrix`'s lower (or upper) triangle is read (tf.linalg.triangular_solve)."""
    return apply_gen("MatrixTriangularSolve", [("matrix", matrix, "T"), ("rhs", rhs, "T")],
                     {"lower": bool(lower), "adjoint": bool(adjoint)}, name=name)


def matrix_solve_ls(matrix, rhs, l2_regularizer=0.0, fast=True, name=None):
    """Least-squares solutions of matrix X = rhs, with an optional L2 penalty (tf.linalg.lstsq).

    As TF's fast path, through the Cholesky factor of the regularized normal equations (A^H A + l2 I when A
    has at least as many rows as columns, else A A^H + l2 I); `fast=False` is not supported.
    """
    if not fast:
        raise NotImplementedError("tfsess: matrix_solve_ls supports fast=True only")
    with op_scope(name, "matrix_solve_ls", [matrix, rhs, l2_regularizer]):
        matrix, rhs = convert_to_tensor(matrix, name="matrix"), convert_to_tensor(rhs, name="rhs")
        l2 = convert_to_tensor(l2_regularizer, dtype=matrix.dtype, name="l2_regularizer")
        dims = _dims(matrix, "MatrixSolveLs", square=False)
        if dims is None or None in dims[-2:]:
            raise ValueError("tfsess: matrix_solve_ls needs the matrix's last two dims known")
        shape = array_ops.shape(matrix)
        if dims[-2] >= dims[-1]:
            gram = linalg_ops.matmul(matrix, matrix, adjoint_a=True)
            gram += l2 * matrix_ops.eye(shape[-1], batch_shape=shape[:-2], dtype=matrix.dtype)
            return cholesky_solve(cholesky(gram), linalg_ops.matmul(matrix, rhs, adjoint_a=True))
        gram = linalg_ops.matmul(matrix, matrix, adjoint_b=True)
        gram += l2 * matrix_ops.eye(shape[-2], batch_shape=shape[:-2], dtype=matrix.dtype)
        return linalg_ops.matmul(matrix, cholesky_solve(cholesky(gram), rhs), adjoint_a=True)


# ------------------------------------------------------------------ QR
def _qr_infer(inputs, attrs):
    x = inputs[0]
    dtype = check_dtype(x, FLOAT_COMPLEX, "input")
    dims = _dims(x, "Qr", square=False)
    if dims is None:
        return [(dtype, unknown_shape()), (dtype, unknown_shape())]
    m, n = dims[-2:]
    k = None if None in (m, n) else min(m, n)
    full = attrs.get("full_matrices", False)
    return [(dtype, TensorShape(dims[:-2] + [m, m if full else k])),
            (dtype, TensorShape(dims[:-2] + [m if full else k, n]))]


@register_op("Qr", infer=_qr_infer)
def _qr(xp, x, *, full_matrices=False):
    q, r = np.linalg.qr(_lapack_input(x), mode="complete" if full_matrices else "reduced")
    return xp.asarray(q.astype(x.dtype, copy=False)), xp.asarray(r.astype(x.dtype, copy=False))


def _right_solve(x, r):
    """x r^-H for upper-triangular r (TF's _TriangularSolve)."""
    return _adjoint(matrix_triangular_solve(r, _adjoint(x), lower=False, adjoint=False))


def _qr_grad_square_and_deep(q, r, dq, dr):
    qdq = linalg_ops.matmul(q, dq, adjoint_a=True)
    qdq_ = qdq - _adjoint(qdq)
    rdr = linalg_ops.matmul(r, dr, adjoint_b=True)
    rdr_ = rdr - _adjoint(rdr)
    tril = matrix_ops.matrix_band_part(qdq_ + rdr_, -1, 0)
    grad = linalg_ops.matmul(q, dr + _right_solve(tril, r)) + _right_solve(dq - linalg_ops.matmul(q, qdq), r)
    if q.dtype.is_complex:  # the imaginary part of the diagonal needs a correction
        m = rdr - _adjoint(qdq)
        eyem = matrix_ops.matrix_set_diag(array_ops.zeros_like(m), matrix_ops.matrix_diag_part(m))
        correction = eyem - math_ops.cast(unary_ops.real(eyem), q.dtype)
        grad = grad + _right_solve(linalg_ops.matmul(q, _adjoint(correction)), r)
    return grad


@_qr.gradient
def _qr_grad(op, dq, dr):
    """TF's _QrGrad (Roberts & Roberts, arXiv:2009.10071): deep and square matrices directly, wide ones by
    splitting a = [x, y] and r = [u, v] into the square case."""
    q, r = op.outputs
    if r.shape.ndims is None or None in r.shape.as_tuple_or_none()[-2:] or q.shape[-2] is None:
        raise NotImplementedError(f"QrGrad not implemented with dynamic shapes. Received r.shape: {r.shape}")
    rows, cols = int(q.shape[-2]), int(r.shape[-1])
    if int(r.shape[-2]) > cols and q.shape[-1] == q.shape[-2]:
        raise NotImplementedError(f"QrGrad not implemented when nrows > ncols and full_matrices is true. "
                                  f"Received r.shape={r.shape} with nrows={r.shape[-2]}and ncols={cols}.")
    if rows >= cols:
        return [_qr_grad_square_and_deep(q, r, dq, dr)]
    y = op.inputs[0][..., :, rows:]
    u, du, dv = r[..., :, :rows], dr[..., :, :rows], dr[..., :, rows:]
    dx = _qr_grad_square_and_deep(q, u, dq + linalg_ops.matmul(y, dv, adjoint_b=True), du)
    return [stack_ops.concat([dx, linalg_ops.matmul(q, dv)], -1)]


def qr(input, full_matrices=False, name=None):  # noqa: A002
    """The QR decomposition of each matrix: (q, r) (tf.linalg.qr)."""
    op = apply_gen("Qr", [("input", input, None)], {"full_matrices": bool(full_matrices)}, name=name, outputs=True)
    return tuple(op.outputs)


# ------------------------------------------------------------------ SVD
def _svd_infer(inputs, attrs):
    x = inputs[0]
    dtype = check_dtype(x, FLOAT_COMPLEX, "input")
    real = dtype.real_dtype
    dims = _dims(x, "Svd", square=False)
    if dims is None:
        return [(real, unknown_shape()), (dtype, unknown_shape()), (dtype, unknown_shape())]
    m, n = dims[-2:]
    k = None if None in (m, n) else min(m, n)
    batch = dims[:-2]
    if not attrs.get("compute_uv", True):
        return [(real, TensorShape(batch + [k])), (dtype, TensorShape([0])), (dtype, TensorShape([0]))]
    full = attrs.get("full_matrices", False)
    return [(real, TensorShape(batch + [k])), (dtype, TensorShape(batch + [m, m if full else k])),
            (dtype, TensorShape(batch + [n, n if full else k]))]


@register_op("Svd", infer=_svd_infer)
def _svd(xp, x, *, compute_uv=True, full_matrices=False):
    a = _lapack_input(x)
    real = np.finfo(x.dtype).dtype  # the real dtype of the input's precision
    if not compute_uv:
        s = np.linalg.svd(a, compute_uv=False)
        empty = np.zeros((0,), x.dtype)
        return xp.asarray(s.astype(real)), xp.asarray(empty), xp.asarray(empty)
    u, s, vh = _lapack("Svd", "SVD did not converge.", np.linalg.svd, a, full_matrices)
    return (xp.asarray(s.astype(real)), xp.asarray(u.astype(x.dtype, copy=False)),
            xp.asarray(_np_adjoint(vh).astype(x.dtype, copy=False)))


@_svd.gradient
def _svd_grad(op, grad_s, grad_u, grad_v):
    """The singular values' gradient U diag(grad_s) V^H (TF's _SvdGrad for compute_uv=False)."""
    if op.get_attr("compute_uv"):
        raise NotImplementedError("tfsess: the SVD gradient is implemented for compute_uv=False only")
    _, u, v = svd(op.inputs[0], full_matrices=False, compute_uv=True)
    scaled = u * math_ops.cast(array_ops.expand_dims(grad_s, -2), u.dtype)
    return [linalg_ops.matmul(scaled, v, adjoint_b=True)]


def svd(tensor, full_matrices=False, compute_uv=True, name=None):
    """Singular values (and, with `compute_uv`, the vectors): s or (s, u, v), a = u diag(s) v^H (tf.linalg.svd)."""
    op = apply_gen("Svd", [("input", tensor, None)],
                   {"compute_uv": bool(compute_uv), "full_matrices": bool(full_matrices)}, name=name, outputs=True)
    s, u, v = op.outputs
    return (s, u, v) if compute_uv else s


# ------------------------------------------------------------------ Hermitian eigendecomposition
def _eig_infer(inputs, attrs):
    x = inputs[0]
    dtype = check_dtype(x, FLOAT_COMPLEX, "input")
    dims = _dims(x, "SelfAdjointEigV2")
    if dims is None:
        return [(dtype, unknown_shape()), (dtype, unknown_shape())]
    vectors = TensorShape(dims) if attrs.get("compute_v", True) else TensorShape([0])
    return [(dtype, TensorShape(dims[:-1])), (dtype, vectors)]


@register_op("SelfAdjointEigV2", infer=_eig_infer)
def _self_adjoint_eig(xp, x, *, compute_v=True):
    a = _lapack_input(x)
    if not compute_v:
        e = _lapack("SelfAdjointEigV2", "Self-adjoint eigen decomposition was not successful.",
                    np.linalg.eigvalsh, a)
        return xp.asarray(e.astype(x.dtype)), xp.asarray(np.zeros((0,), x.dtype))
    e, v = _lapack("SelfAdjointEigV2", "Self-adjoint eigen decomposition was not successful.", np.linalg.eigh, a)
    return xp.asarray(e.astype(x.dtype)), xp.asarray(v.astype(x.dtype, copy=False))


@_self_adjoint_eig.gradient
def _self_adjoint_eig_grad(op, grad_e, grad_v):
    """TF's _SelfAdjointEigV2Grad: the gradient on the lower triangle, the one the kernel reads."""
    e = op.outputs[0]
    if op.get_attr("compute_v"):
        v = op.outputs[1]
        gap = array_ops.expand_dims(e, -2) - array_ops.expand_dims(e, -1)
        f = matrix_ops.matrix_set_diag(gap / (gap * gap + 1e-20), array_ops.zeros_like(e))  # TF's safe reciprocal
        inner = matrix_ops.matrix_diag(math_ops.cast(grad_e, v.dtype)) + math_ops.cast(f, v.dtype) * linalg_ops.matmul(
            v, grad_v, adjoint_a=True)
        grad_a = linalg_ops.matmul(v, linalg_ops.matmul(inner, v, adjoint_b=True))
    else:
        _, v = self_adjoint_eig(op.inputs[0])
        grad_a = linalg_ops.matmul(v, linalg_ops.matmul(matrix_ops.matrix_diag(grad_e), v, adjoint_b=True))
    grad_a = matrix_ops.matrix_band_part(grad_a + _adjoint(grad_a), -1, 0)
    return [matrix_ops.matrix_set_diag(grad_a, 0.5 * matrix_ops.matrix_diag_part(grad_a))]


def self_adjoint_eig(tensor, name=None):
    """Eigenvalues (ascending) and eigenvectors of each Hermitian matrix, from its lower triangle (tf.linalg.eigh)."""
    op = apply_gen("SelfAdjointEigV2", [("input", tensor, None)], {"compute_v": True}, name=name, outputs=True)
    return op.outputs[0], op.outputs[1]


def self_adjoint_eigvals(tensor, name=None):
    """Eigenvalues (ascending) of each Hermitian matrix, from its lower triangle (tf.linalg.eigvalsh)."""
    return apply_gen("SelfAdjointEigV2", [("input", tensor, None)], {"compute_v": False}, name=name)


# ------------------------------------------------------------------ square root
@register_op("MatrixSquareRoot", infer=_square_infer_for("MatrixSquareRoot"), no_gradient=True)
def _matrix_square_root(xp, x):
    """The principal square root through an eigendecomposition (TF uses a Schur method: the same root wherever
    the matrix is diagonalizable with no eigenvalues on the negative real axis)."""
    a = _lapack_input(x)
    w, v = np.linalg.eig(a)
    root = v @ (np.sqrt(w.astype(np.complex128))[..., None] * np.linalg.inv(v))
    if a.dtype.kind != "c":
        root = root.real
    return xp.asarray(root.astype(x.dtype))


def matrix_square_root(input, name=None):  # noqa: A002
    """The principal square root of each square matrix (tf.linalg.sqrtm)."""
    return apply_gen("MatrixSquareRoot", [("input", input, None)], name=name)


__all__ = ["cholesky", "cholesky_solve", "logdet", "matrix_solve", "matrix_solve_ls", "matrix_square_root",
           "matrix_triangular_solve", "qr", "self_adjoint_eig", "self_adjoint_eigvals", "svd"]
