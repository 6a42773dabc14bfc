"""tf.linalg's matrix functions given a LinearOperator call the operator's own method, as TF dispatches them:
matmul, solve, det, logdet, inv, trace, diag_part, cholesky and adjoint."""
from __future__ import annotations

from tfsess.framework.dispatch import dispatch_for_api
from tfsess.ops import linalg_ops, matrix_decomposition_ops, matrix_ops
from tfsess.ops.linalg.linear_operator import LinearOperator


@dispatch_for_api(matrix_ops.adjoint, LinearOperator)
def _adjoint(matrix, name=None):
    return matrix.adjoint(name)


@dispatch_for_api(matrix_decomposition_ops.cholesky, LinearOperator)
def _cholesky(input, name=None):  # noqa: A002
    return input.cholesky(name)


@dispatch_for_api(matrix_ops.matrix_diag_part, LinearOperator)
def _diag_part(input, name="diag_part", k=0, padding_value=0, align="RIGHT_LEFT"):  # noqa: A002
    return input.diag_part(name)  # TF's signature; the band arguments are ignored as TF's are


@dispatch_for_api(matrix_ops.matrix_determinant, LinearOperator)
def _det(input, name=None):  # noqa: A002
    return input.determinant(name)


@dispatch_for_api(matrix_ops.matrix_inverse, LinearOperator)
def _inverse(input, adjoint=False, name=None):  # noqa: A002
    inverse = input.inverse(name)
    return inverse.adjoint() if adjoint else inverse


@dispatch_for_api(matrix_decomposition_ops.logdet, LinearOperator)
def _logdet(matrix, name=None):
    if matrix.is_positive_definite and matrix.is_self_adjoint:
        # TF tries logdet's own body first, whose cholesky and diag_part dispatch to the operator
        return matrix_decomposition_ops.logdet.__wrapped__(matrix, name)
    raise ValueError("Expected matrix to be self-adjoint positive definite.")


@dispatch_for_api(linalg_ops.matmul, LinearOperator)
def _matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False, a_is_sparse=False,
            b_is_sparse=False, output_type=None, name=None):
    if transpose_a or transpose_b:
        raise ValueError("Transposing not supported at this time.")
    if a_is_sparse or b_is_sparse:
        raise ValueError("Sparse methods not supported at this time.")
    if not isinstance(a, LinearOperator):  # A B = (B^H A^H)^H
        return matrix_ops.adjoint(b.matmul(a, adjoint=not adjoint_b, adjoint_arg=not adjoint_a, name=name))
    return a.matmul(b, adjoint=adjoint_a, adjoint_arg=adjoint_b, name=name)


@dispatch_for_api(matrix_decomposition_ops.matrix_solve, LinearOperator)
def _solve(matrix, rhs, adjoint=False, name=None):
    if not isinstance(matrix, LinearOperator):
        raise ValueError("Passing in `matrix` as a Tensor and `rhs` as a LinearOperator is not supported.")
    return matrix.solve(rhs, adjoint=adjoint, name=name)


@dispatch_for_api(matrix_ops.trace, LinearOperator)
def _trace(x, name=None):
    return x.trace(name)
