"""tf.linalg.LinearOperator family against dense NumPy: every operator's products, solves, determinants,
diagonals and derived operators equal those of the matrix it stands for."""
import numpy as np
import pytest

import tfsess as tf

RNG = np.random.RandomState(7)
A = RNG.randn(3, 3) + 4.0 * np.eye(3)
B = RNG.randn(2, 2) + 3.0 * np.eye(2)
C = RNG.randn(3, 2)
SPD = A @ A.T + np.eye(3)
U = RNG.randn(3, 2)
V = RNG.randn(3, 2)
DIAGS = RNG.randn(3, 4)
DIAGS[1] += 5.0
SPEC = np.fft.fft(np.array([4.0, 1.0, 0.5, 1.0]))
SPEC2 = np.fft.fft2(RNG.randn(2, 3)) + 5.0


def _block(*blocks):
    n = sum(b.shape[0] for b in blocks)
    out = np.zeros((n, n), dtype=np.result_type(*blocks))
    i = 0
    for b in blocks:
        out[i:i + b.shape[0], i:i + b.shape[1]] = b
        i += b.shape[0]
    return out


def _tridiag(d):
    return np.diag(d[1]) + np.diag(d[0, :-1], 1) + np.diag(d[2, 1:], -1)


def _circulant(spectrum):
    kernel = np.fft.ifft(spectrum)
    n = len(kernel)
    return np.array([[kernel[(i - j) % n] for j in range(n)] for i in range(n)])


def _block_circulant_2d(spectrum):
    kernel = np.fft.ifft2(spectrum)
    n0, n1 = kernel.shape
    out = np.zeros((n0 * n1, n0 * n1), complex)
    for i0 in range(n0):
        for j0 in range(n0):
            for i1 in range(n1):
                for j1 in range(n1):
                    out[i0 * n1 + i1, j0 * n1 + j1] = kernel[(i0 - j0) % n0, (i1 - j1) % n1]
    return out


def _lower_block():
    out = _block(B, A)
    out[2:, :2] = C
    return out


def _toeplitz(col, row):
    n = len(col)
    return np.array([[col[i - j] if i >= j else row[j - i] for j in range(n)] for i in range(n)])


def _householder(v):
    v = v / np.linalg.norm(v)
    return np.eye(len(v)) - 2.0 * np.outer(v, v)


# name -> (operator builder, the dense matrix)
OPERATORS = {
    "full": (lambda: tf.linalg.LinearOperatorFullMatrix(A), A),
    "diag": (lambda: tf.linalg.LinearOperatorDiag(np.array([2.0, -3.0, 0.5])), np.diag([2.0, -3.0, 0.5])),
    "lower": (lambda: tf.linalg.LinearOperatorLowerTriangular(A), np.tril(A)),
    "identity": (lambda: tf.linalg.LinearOperatorIdentity(3, dtype=tf.float64), np.eye(3)),
    "scaled": (lambda: tf.linalg.LinearOperatorScaledIdentity(3, np.float64(-2.5)), -2.5 * np.eye(3)),
    "composition": (lambda: tf.linalg.LinearOperatorComposition(
        [tf.linalg.LinearOperatorFullMatrix(A), tf.linalg.LinearOperatorDiag(np.array([1.0, 2.0, 3.0]))]),
        A @ np.diag([1.0, 2.0, 3.0])),
    "adjoint": (lambda: tf.linalg.LinearOperatorAdjoint(tf.linalg.LinearOperatorFullMatrix(A)), A.T),
    "inversion": (lambda: tf.linalg.LinearOperatorInversion(tf.linalg.LinearOperatorFullMatrix(A)),
                  np.linalg.inv(A)),
    "kronecker": (lambda: tf.linalg.LinearOperatorKronecker(
        [tf.linalg.LinearOperatorFullMatrix(B), tf.linalg.LinearOperatorFullMatrix(A)]), np.kron(B, A)),
    "block_diag": (lambda: tf.linalg.LinearOperatorBlockDiag(
        [tf.linalg.LinearOperatorFullMatrix(B), tf.linalg.LinearOperatorFullMatrix(A)]), _block(B, A)),
    "block_lower": (lambda: tf.linalg.LinearOperatorBlockLowerTriangular(
        [[tf.linalg.LinearOperatorFullMatrix(B)],
         [tf.linalg.LinearOperatorFullMatrix(C), tf.linalg.LinearOperatorFullMatrix(A)]]), _lower_block()),
    "low_rank_spd": (lambda: tf.linalg.LinearOperatorLowRankUpdate(
        tf.linalg.LinearOperatorDiag(np.array([1.0, 2.0, 3.0]), is_positive_definite=True), U,
        diag_update=np.array([2.0, 3.0]), is_diag_update_positive=True),
        np.diag([1.0, 2.0, 3.0]) + U @ np.diag([2.0, 3.0]) @ U.T),
    "low_rank": (lambda: tf.linalg.LinearOperatorLowRankUpdate(tf.linalg.LinearOperatorFullMatrix(A), U, v=V),
                 A + U @ V.T),
    "householder": (lambda: tf.linalg.LinearOperatorHouseholder(np.array([1.0, 2.0, -1.0])),
                    _householder(np.array([1.0, 2.0, -1.0]))),
    "permutation": (lambda: tf.linalg.LinearOperatorPermutation([2, 0, 1], dtype=tf.float64),
                    np.eye(3)[[2, 0, 1]]),
    "tridiag": (lambda: tf.linalg.LinearOperatorTridiag(DIAGS), _tridiag(DIAGS)),
    "tridiag_seq": (lambda: tf.linalg.LinearOperatorTridiag(list(DIAGS), diagonals_format="sequence"),
                    _tridiag(DIAGS)),
    "circulant": (lambda: tf.linalg.LinearOperatorCirculant(SPEC, input_output_dtype=tf.float64),
                  _circulant(SPEC).real),
    "circulant2d": (lambda: tf.linalg.LinearOperatorCirculant2D(SPEC2, input_output_dtype=tf.complex128),
                    _block_circulant_2d(SPEC2)),
    "toeplitz": (lambda: tf.linalg.LinearOperatorToeplitz(np.array([4.0, 1.0, 2.0]), np.array([4.0, -1.0, 0.5])),
                 _toeplitz([4.0, 1.0, 2.0], [4.0, -1.0, 0.5])),
}


@pytest.fixture
def sess():
    with tf.Graph().as_default():
        with tf.Session() as s:
            yield s


@pytest.mark.parametrize("name", sorted(OPERATORS))
def test_operator_matches_its_dense_matrix(sess, name):
    build, dense = OPERATORS[name]
    op = build()
    n = dense.shape[-1]
    x = RNG.randn(n, 2).astype(dense.dtype)
    assert op.shape.as_list() == list(dense.shape)
    assert op.is_square
    got = sess.run({"dense": op.to_dense(), "matmul": op.matmul(x), "adj": op.matmul(x, adjoint=True),
                    "adj_arg": op.matmul(np.conj(x.T), adjoint_arg=True), "matvec": op.matvec(x[:, 0]),
                    "solve": op.solve(x), "solve_adj": op.solve(x, adjoint=True), "solvevec": op.solvevec(x[:, 0]),
                    "det": op.determinant(), "logdet": op.log_abs_determinant(), "diag": op.diag_part(),
                    "trace": op.trace(), "shape": op.shape_tensor(),
                    "inv": op.inverse().to_dense(), "H": op.adjoint().to_dense()})
    np.testing.assert_allclose(got["dense"], dense, atol=1e-12)
    np.testing.assert_allclose(got["matmul"], dense @ x, atol=1e-10)
    np.testing.assert_allclose(got["adj"], dense.conj().T @ x, atol=1e-10)
    np.testing.assert_allclose(got["adj_arg"], dense @ x, atol=1e-10)
    np.testing.assert_allclose(got["matvec"], dense @ x[:, 0], atol=1e-10)
    np.testing.assert_allclose(got["solve"], np.linalg.solve(dense, x), atol=1e-10)
    np.testing.assert_allclose(got["solve_adj"], np.linalg.solve(dense.conj().T, x), atol=1e-10)
    np.testing.assert_allclose(got["solvevec"], np.linalg.solve(dense, x[:, 0]), atol=1e-10)
    np.testing.assert_allclose(got["det"], np.linalg.det(dense), rtol=1e-10)
    np.testing.assert_allclose(np.real(got["logdet"]), np.log(abs(np.linalg.det(dense))), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(got["diag"], np.diag(dense), atol=1e-12)
    np.testing.assert_allclose(got["trace"], np.trace(dense), atol=1e-10)
    np.testing.assert_array_equal(got["shape"], dense.shape)
    np.testing.assert_allclose(got["inv"], np.linalg.inv(dense), atol=1e-10)
    np.testing.assert_allclose(got["H"], dense.conj().T, atol=1e-12)


def test_hints_imply_each_other():
    op = tf.linalg.LinearOperatorFullMatrix(SPD, is_positive_definite=True)
    assert (op.is_non_singular, op.is_square) == (True, True)
    with pytest.raises(ValueError, match="always non-singular"):
        tf.linalg.LinearOperatorFullMatrix(SPD, is_positive_definite=True, is_non_singular=False)
    with pytest.raises(ValueError, match="always square"):
        tf.linalg.LinearOperatorFullMatrix(SPD, is_self_adjoint=True, is_square=False)
    with pytest.raises(ValueError, match="but the operator was square"):
        tf.linalg.LinearOperatorFullMatrix(SPD, is_square=False).is_square  # noqa: B018
    assert tf.linalg.LinearOperatorFullMatrix(C).is_square is False
    assert tf.linalg.LinearOperatorDiag([1.0, 2.0]).is_self_adjoint is True
    assert tf.linalg.LinearOperatorDiag([1.0 + 1j, 2.0]).is_self_adjoint is None


def test_derived_operators_keep_structure():
    d = tf.linalg.LinearOperatorDiag(np.array([1.0, 4.0]), is_positive_definite=True)
    assert isinstance(d.inverse(), tf.linalg.LinearOperatorDiag)
    assert isinstance(d.cholesky(), tf.linalg.LinearOperatorDiag)
    assert isinstance(d @ d, tf.linalg.LinearOperatorDiag)
    assert d.adjoint() is d  # self-adjoint
    i = tf.linalg.LinearOperatorIdentity(2, dtype=tf.float64)
    assert i.matmul(d) is d and d.matmul(i) is d
    full = tf.linalg.LinearOperatorFullMatrix(A)
    assert isinstance(full @ full, tf.linalg.LinearOperatorComposition)
    assert isinstance(full.inverse(), tf.linalg.LinearOperatorInversion)
    assert full.inverse().inverse() is full
    assert full.H.H is full
    assert isinstance(tf.linalg.LinearOperatorHouseholder([1.0, 0.0]).inverse(), tf.linalg.LinearOperatorHouseholder)


def test_cholesky_of_composition_of_triangular_factor(sess):
    tril = tf.linalg.LinearOperatorLowerTriangular(np.tril(A), is_non_singular=True)
    op = tf.linalg.LinearOperatorComposition([tril, tril.H])
    assert (op.is_self_adjoint, op.is_positive_definite) == (True, True)
    chol = op.cholesky()
    np.testing.assert_allclose(sess.run(chol.to_dense()), np.linalg.cholesky(np.tril(A) @ np.tril(A).T), atol=1e-12)


def test_batched_operators_broadcast_against_arguments(sess):
    batch = RNG.randn(2, 3, 3) + 4.0 * np.eye(3)
    op = tf.linalg.LinearOperatorFullMatrix(batch)
    x = RNG.randn(3, 2)
    assert op.batch_shape.as_list() == [2]
    np.testing.assert_allclose(sess.run(op.solve(x)), np.linalg.solve(batch, np.broadcast_to(x, (2, 3, 2))))
    scaled = tf.linalg.LinearOperatorScaledIdentity(3, np.array([2.0, -1.0]))
    np.testing.assert_allclose(sess.run(scaled.matmul(x)), np.array([2.0, -1.0])[:, None, None] * x)
    ident = tf.linalg.LinearOperatorIdentity(3, batch_shape=[4], dtype=tf.float64)
    assert sess.run(ident.matmul(x)).shape == (4, 3, 2)


def test_unknown_shapes_are_resolved_at_run_time(sess):
    p = tf.placeholder(tf.float64, [None, None])
    op = tf.linalg.LinearOperatorFullMatrix(p)
    assert op.shape.as_list() == [None, None] and op.domain_dimension.value is None
    ident = tf.linalg.LinearOperatorIdentity(tf.shape(p)[0], dtype=tf.float64)
    got = sess.run([op.shape_tensor(), ident.to_dense(), op.log_abs_determinant()], {p: A})
    np.testing.assert_array_equal(got[0], [3, 3])
    np.testing.assert_array_equal(got[1], np.eye(3))
    np.testing.assert_allclose(got[2], np.log(abs(np.linalg.det(A))))


def test_type_and_shape_errors_name_the_argument():
    op = tf.linalg.LinearOperatorFullMatrix(A.astype(np.float32))
    with pytest.raises(TypeError, match="Expected argument to have dtype"):
        op.matmul(np.ones((3, 1)))
    with pytest.raises(ValueError, match="not compatible"):
        op.matmul(np.ones((4, 1), np.float32))
    with pytest.raises(TypeError, match="must have dtype in"):
        tf.linalg.LinearOperatorFullMatrix([[1, 2], [3, 4]])
    with pytest.raises(NotImplementedError, match="not be square"):
        tf.linalg.LinearOperatorFullMatrix(C).determinant()
    with pytest.raises(ValueError, match="unique integers"):
        tf.linalg.LinearOperatorPermutation([1, 1])


def test_failing_assert_leaves_session_usable(sess):
    op = tf.linalg.LinearOperatorDiag(tf.placeholder_with_default(np.array([1.0, 0.0]), [2]))
    check = op.assert_non_singular()
    with pytest.raises(tf.errors.InvalidArgumentError, match="Diagonal contained zero values"):
        sess.run(check)
    np.testing.assert_allclose(sess.run(op.to_dense()), np.diag([1.0, 0.0]))
    good = tf.linalg.LinearOperatorFullMatrix(SPD, is_self_adjoint=True, is_positive_definite=True)
    assert sess.run(good.assert_positive_definite()) is None


def test_gradients_flow_through_operators(sess):
    m = tf.constant(A)
    op = tf.linalg.LinearOperatorKronecker([tf.linalg.LinearOperatorFullMatrix(m),
                                            tf.linalg.LinearOperatorDiag(tf.constant([1.0, 2.0], tf.float64))])
    loss = op.log_abs_determinant()
    grad = sess.run(tf.gradients(loss, m)[0])
    # d log|det(A kron D)| / dA = 2 * A^-T (D is 2 x 2)
    np.testing.assert_allclose(grad, 2.0 * np.linalg.inv(A).T, rtol=1e-10)
