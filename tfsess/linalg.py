"""The tf.linalg namespace: matrix products, identity matrices, diagonals, bands, inverses, norms."""
from tfsess.ops import clip_ops as _clip_ops
from tfsess.ops import linalg_ops as _linalg_ops

einsum = _linalg_ops.einsum
eye = _linalg_ops.eye
matmul = _linalg_ops.matmul
norm = _linalg_ops.norm
tensordot = _linalg_ops.tensordot
trace = _linalg_ops.trace
band_part = _linalg_ops.matrix_band_part
det = _linalg_ops.matrix_determinant
diag = _linalg_ops.matrix_diag
diag_part = _linalg_ops.matrix_diag_part
inv = _linalg_ops.matrix_inverse
set_diag = _linalg_ops.matrix_set_diag
transpose = matrix_transpose = _linalg_ops.matrix_transpose
tensor_diag = _linalg_ops.diag
tensor_diag_part = _linalg_ops.diag_part
global_norm = _clip_ops.global_norm


def adjoint(matrix, name=None):
    """The conjugate transpose of the last two axes (tf.linalg.adjoint)."""
    return _linalg_ops.matrix_transpose(matrix, name=name or "adjoint", conjugate=True)


__all__ = sorted(n for n in list(globals()) if not n.startswith("_"))
