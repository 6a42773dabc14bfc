"""tf.linalg's tridiagonal solvers and products, eigh_tridiagonal, logm and conjugate_gradient against dense
NumPy computations."""
import numpy as np
import pytest

import tfsess as tf

RNG = np.random.RandomState(11)


def _dense(diags):
    """The tridiagonal matrices of compact diagonals [..., 3, M]."""
    m = diags.shape[-1]
    out = np.zeros(diags.shape[:-2] + (m, m), diags.dtype)
    i = np.arange(m)
    out[..., i, i] = diags[..., 1, :]
    out[..., i[:-1], i[1:]] = diags[..., 0, :-1]
    out[..., i[1:], i[:-1]] = diags[..., 2, 1:]
    return out


@pytest.fixture
def sess():
    with tf.Graph().as_default():
        with tf.Session() as s:
            yield s


@pytest.mark.parametrize("pivoting", [True, False])
def test_tridiagonal_solve_matches_dense_solve(sess, pivoting):
    diags = RNG.randn(2, 3, 5)
    diags[:, 1] += 4.0
    rhs = RNG.randn(2, 5, 3)
    got = sess.run(tf.linalg.tridiagonal_solve(diags, rhs, partial_pivoting=pivoting))
    np.testing.assert_allclose(got, np.linalg.solve(_dense(diags), rhs), rtol=1e-10)


def test_tridiagonal_solve_pivots_past_a_zero_diagonal(sess):
    diags = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [0.0, 4.0, 1.0]])
    rhs = np.array([[1.0], [2.0], [3.0]])
    np.testing.assert_allclose(sess.run(tf.linalg.tridiagonal_solve(diags, rhs)),
                               np.linalg.solve(_dense(diags), rhs), rtol=1e-12)
    # without pivoting the zero pivot makes the system unsolvable: NaNs, as TF's kernel gives
    assert np.isnan(sess.run(tf.linalg.tridiagonal_solve(diags, rhs, partial_pivoting=False))).all()


def test_tridiagonal_solve_formats_agree(sess):
    diags = RNG.randn(3, 4)
    diags[1] += 5.0
    rhs = RNG.randn(4, 2)
    expected = np.linalg.solve(_dense(diags), rhs)
    got = sess.run([tf.linalg.tridiagonal_solve(list(diags), rhs, diagonals_format="sequence"),
                    tf.linalg.tridiagonal_solve(_dense(diags), rhs, diagonals_format="matrix"),
                    tf.linalg.tridiagonal_solve(diags, rhs[:, 0]),
                    tf.linalg.tridiagonal_solve(diags, rhs.T, transpose_rhs=True)])
    for g in got[:2] + got[3:]:
        np.testing.assert_allclose(g, expected, rtol=1e-12)
    np.testing.assert_allclose(got[2], expected[:, 0], rtol=1e-12)


def test_tridiagonal_solve_complex_conjugate_rhs(sess):
    diags = RNG.randn(3, 4) + 1j * RNG.randn(3, 4)
    diags[1] += 5.0
    rhs = RNG.randn(2, 4) + 1j * RNG.randn(2, 4)
    got = sess.run(tf.linalg.tridiagonal_solve(diags, rhs, transpose_rhs=True, conjugate_rhs=True))
    np.testing.assert_allclose(got, np.linalg.solve(_dense(diags), rhs.conj().T), rtol=1e-12)


def test_tridiagonal_matmul_matches_dense_product(sess):
    diags = RNG.randn(2, 3, 4)
    rhs = RNG.randn(2, 4, 3)
    np.testing.assert_allclose(sess.run(tf.linalg.tridiagonal_matmul(diags, rhs)), _dense(diags) @ rhs, rtol=1e-12)


def test_tridiagonal_static_shape_errors():
    with pytest.raises(ValueError, match="Expected 3 diagonals"):
        tf.linalg.tridiagonal_solve(tf.ones((4, 4)), tf.ones((4, 1)))
    with pytest.raises(ValueError, match="left-hand sided and right-hand sides"):
        tf.linalg.tridiagonal_solve(tf.ones((3, 4)), tf.ones((5, 1)))
    with pytest.raises(ValueError, match="equal rank"):
        tf.linalg.tridiagonal_matmul(tf.zeros((2, 3, 4)), tf.zeros((4, 2)))
    with pytest.raises(ValueError, match="partial_pivoting must be True"):
        tf.linalg.tridiagonal_solve(tf.ones((3, 4)), tf.ones((4, 1)), partial_pivoting=False, perturb_singular=True)


def test_tridiagonal_gradients_match_dense_gradients(sess):
    diags = RNG.randn(3, 4)
    diags[1] += 5.0
    rhs = RNG.randn(4, 2)
    d, r = tf.constant(diags), tf.constant(rhs)
    x = tf.linalg.tridiagonal_solve(d, r)
    dense = tf.constant(_dense(diags))
    x_dense = tf.matrix_solve(dense, r)
    g_d, g_r, g_dense, g_r_dense = sess.run(tf.gradients(tf.reduce_sum(tf.sin(x)), [d, r]) +
                                            tf.gradients(tf.reduce_sum(tf.sin(x_dense)), [dense, r]))
    np.testing.assert_allclose(g_r, g_r_dense, rtol=1e-10)
    np.testing.assert_allclose(g_d[1], np.diag(g_dense), rtol=1e-10)
    np.testing.assert_allclose(g_d[0, :-1], np.diag(g_dense, 1), rtol=1e-10)
    np.testing.assert_allclose(g_d[2, 1:], np.diag(g_dense, -1), rtol=1e-10)


def test_eigh_tridiagonal_selects(sess):
    alpha, beta = np.array([1.0, 2.0, 3.0, 4.0]), np.array([0.5, -1.0, 2.0])
    dense = np.diag(alpha) + np.diag(beta, 1) + np.diag(beta, -1)
    expected = np.linalg.eigvalsh(dense)
    got = sess.run([tf.linalg.eigh_tridiagonal(alpha, beta),
                    tf.linalg.eigh_tridiagonal(alpha, beta, select="i", select_range=[1, 2]),
                    tf.linalg.eigh_tridiagonal(alpha, beta, select="v", select_range=[0.0, 3.0])])
    np.testing.assert_allclose(got[0], expected, rtol=1e-12)
    np.testing.assert_allclose(got[1], expected[1:3], rtol=1e-12)
    np.testing.assert_allclose(got[2], expected[(expected > 0.0) & (expected <= 3.0)], rtol=1e-12)
    w, v = sess.run(tf.linalg.eigh_tridiagonal(alpha, beta, eigvals_only=False))
    np.testing.assert_allclose(dense @ v, v * w, atol=1e-12)


def test_logm_inverts_expm(sess):
    a = (RNG.randn(3, 3) + 1j * RNG.randn(3, 3)) * 0.7
    log = sess.run(tf.linalg.logm(tf.linalg.expm(tf.constant(a))))
    np.testing.assert_allclose(log, a, atol=1e-12)
    jordan = np.array([[1.0, 2.0], [0.0, 1.0]], np.complex128)  # defective: no eigenvector basis
    np.testing.assert_allclose(sess.run(tf.linalg.logm(jordan)), [[0.0, 2.0], [0.0, 0.0]], atol=1e-12)
    with pytest.raises(TypeError):
        tf.linalg.logm(tf.constant([[1.0, 2.0], [3.0, 4.0]]))


def test_conjugate_gradient_solves_spd_systems(sess):
    m = RNG.randn(6, 6)
    m = m @ m.T + 6.0 * np.eye(6)
    op = tf.linalg.LinearOperatorFullMatrix(m, is_self_adjoint=True, is_positive_definite=True)
    rhs = RNG.randn(2, 6)
    state = sess.run(tf.linalg.experimental.conjugate_gradient(op, rhs, tol=1e-12, max_iter=50))
    np.testing.assert_allclose(state.x, np.linalg.solve(m, rhs.T).T, rtol=1e-9)
    assert state.i <= 12
    with pytest.raises(ValueError, match="self-adjoint, positive definite"):
        tf.linalg.experimental.conjugate_gradient(tf.linalg.LinearOperatorFullMatrix(m), rhs)
