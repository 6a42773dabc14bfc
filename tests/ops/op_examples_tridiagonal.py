"""Op examples: tridiagonal products and solves, the matrix logarithm."""
import numpy as np

from op_examples import plain

EXAMPLES = {}

DIAGS = np.array([[1.0, -0.5, 2.0, 0.0], [4.0, 3.0, 5.0, 4.5], [0.0, 1.0, -1.5, 0.5]], np.float32)
RHS = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, 1.0], [2.0, -2.0]], np.float32)
LOG_ARG = np.array([[2.0 + 0.5j, 0.3], [0.1, 1.5 - 0.2j]], np.complex64)

EXAMPLES["TridiagonalMatMul"] = plain(lambda tf, d, r: tf.linalg.tridiagonal_matmul(d, r), DIAGS, RHS,
                                      partial=False)
EXAMPLES["TridiagonalSolve"] = plain(lambda tf, d, r: tf.linalg.tridiagonal_solve(d, r), DIAGS, RHS, partial=False)
EXAMPLES["MatrixLogarithm"] = plain(lambda tf, a: tf.linalg.logm(a), LOG_ARG, partial=False)
