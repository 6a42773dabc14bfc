"""tf.linalg's matrix functions given LinearOperators: matmul (either side), solve, det, logdet, inv, trace,
diag_part, cholesky and adjoint call the operator's methods as TF dispatches them (values, result types, names,
errors); adjoint and matrix_transpose of tensors keep TF's names."""
import numpy as np

from _harness import catch

_A = np.array([[4.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 2.0]])
_X = np.arange(6.0).reshape(3, 2)


def _operators(tf):
    full = tf.linalg.LinearOperatorFullMatrix(tf.constant(_A), is_self_adjoint=True, is_positive_definite=True)
    return full, tf.linalg.LinearOperatorDiag(tf.constant([1.0, 2.0, 3.0]))


def case_x_ops_linop_dispatch_values_and_names(tf):
    full, diag = _operators(tf)
    outs = [tf.linalg.matmul(full, _X), tf.matmul(_X.T, full), tf.linalg.matmul(full, _X, adjoint_a=True),
            tf.linalg.solve(full, _X), tf.linalg.det(full), tf.linalg.logdet(full), tf.linalg.trace(diag),
            tf.linalg.diag_part(full), tf.linalg.inv(diag, adjoint=True).to_dense()]
    return {"names": [t.name for t in outs], "values": tf.Session().run(outs)}


def case_x_ops_linop_dispatch_operator_results(tf):
    full, diag = _operators(tf)
    return [type(tf.linalg.inv(diag)).__name__, type(tf.linalg.adjoint(diag)).__name__,
            type(tf.linalg.cholesky(full)).__name__, tf.linalg.adjoint(diag) is diag]


def case_x_ops_linop_dispatch_errors(tf):
    full, diag = _operators(tf)
    return [catch(lambda: tf.linalg.logdet(diag)), catch(lambda: tf.linalg.matmul(full, _X, transpose_a=True)),
            catch(lambda: tf.linalg.solve(_A, diag)),
            catch(lambda: tf.linalg.matmul(full, _X, a_is_sparse=True))]


def case_x_ops_linop_dispatch_tensor_names(tf):
    p = tf.placeholder(tf.complex64, [None, 2, 3])
    return [t.name for t in [tf.linalg.adjoint(np.ones((2, 3))), tf.linalg.adjoint(p, name="adj"),
                             tf.linalg.matrix_transpose(np.ones((2, 3))), tf.linalg.matrix_transpose(p),
                             tf.linalg.matrix_transpose(p, conjugate=True)]]
