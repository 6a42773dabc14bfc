"""Op examples: matrix decompositions and solvers."""
import numpy as np

from op_examples import SQ, plain

EXAMPLES = {}

TALL = np.array([[1.0, 2.0, 0.5], [0.0, 1.5, -1.0], [2.0, -0.5, 1.0], [1.0, 1.0, 1.0]], np.float32)
RHS = np.array([[1.0, -1.0], [0.5, 2.0], [0.0, 1.0]], np.float32)

EXAMPLES["Cholesky"] = plain(lambda tf, a: tf.cholesky(a), SQ, partial=False)
EXAMPLES["MatrixSolve"] = plain(lambda tf, a, b: tf.matrix_solve(a, b), SQ, RHS, partial=False)
EXAMPLES["MatrixTriangularSolve"] = plain(lambda tf, a, b: tf.matrix_triangular_solve(a, b, lower=False), SQ, RHS,
                                          partial=False)
EXAMPLES["Qr"] = plain(lambda tf, a: list(tf.qr(a)), TALL)
EXAMPLES["Svd"] = plain(lambda tf, a: list(tf.svd(a)), TALL)
EXAMPLES["SelfAdjointEigV2"] = plain(lambda tf, a: list(tf.self_adjoint_eig(a)), SQ, partial=False)
EXAMPLES["MatrixSquareRoot"] = plain(lambda tf, a: tf.linalg.sqrtm(a), SQ, partial=False)
