"""tf.linalg.lu and what is built on it (lu_solve, lu_reconstruct, lu_matrix_inverse, slogdet), pinv,
matrix_rank and normalize, against NumPy."""
import numpy as np
import pytest

import tfsess as tf

RNG = np.random.RandomState(7)
A = RNG.randn(2, 4, 4)


def _run(fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


def test_lu_factors_reconstruct_and_solve():
    lu, p = tf.linalg.lu(A)
    rhs = RNG.randn(2, 4, 3)
    packed, perm, recon, solved, inverse = _run([lu, p, tf.linalg.lu_reconstruct(lu, p),
                                                 tf.linalg.lu_solve(lu, p, rhs), tf.linalg.lu_matrix_inverse(lu, p)])
    lower = np.tril(packed, -1) + np.eye(4)
    upper = np.triu(packed)
    for b in range(2):
        np.testing.assert_allclose(A[b][perm[b]], lower[b] @ upper[b], atol=1e-12)
        assert np.all(np.abs(np.tril(packed[b], -1)) <= 1.0)  # partial pivoting
    np.testing.assert_allclose(recon, A, atol=1e-12)
    np.testing.assert_allclose(solved, np.linalg.solve(A, rhs), atol=1e-10)
    np.testing.assert_allclose(inverse, np.linalg.inv(A), atol=1e-10)
    assert perm.dtype == np.int32 and tf.linalg.lu(A, output_idx_type=tf.int64).p.dtype == tf.int64


def test_lu_of_a_singular_matrix_fails_and_the_session_stays_usable():
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="Input is not invertible"):
            sess.run(tf.linalg.lu(tf.constant([[1.0, 2.0], [2.0, 4.0]])))
        assert sess.run(tf.constant(1.0)) == 1.0


def test_lu_rejects_ints_and_non_square():
    with pytest.raises(TypeError, match="int32 not in list"):
        tf.linalg.lu(tf.constant([[1, 2], [3, 4]]))
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        tf.linalg.lu(tf.zeros([2, 3]))


def test_slogdet_and_its_gradient():
    sign, log_abs = _run(tf.linalg.slogdet(A))
    want_sign, want_log = np.linalg.slogdet(A)
    np.testing.assert_allclose(sign, want_sign)
    np.testing.assert_allclose(log_abs, want_log)
    x = tf.constant(A)
    grad = _run(tf.gradients(tf.linalg.slogdet(x)[1], x)[0])
    np.testing.assert_allclose(grad, np.linalg.inv(A).transpose(0, 2, 1), atol=1e-10)
    complex_a = A[0] + 1j * A[1]
    c_sign, c_log = _run(tf.linalg.slogdet(complex_a))
    np.testing.assert_allclose(c_sign * np.exp(c_log), np.linalg.det(complex_a))


def test_pinv_matrix_rank_normalize():
    m = RNG.randn(3, 2)
    pinv, rank, rank_low, (unit, norm) = _run([tf.linalg.pinv(m), tf.linalg.matrix_rank(m),
                                               tf.linalg.matrix_rank(tf.constant([[1.0, 2.0], [2.0, 4.0]])),
                                               tf.linalg.normalize(m, axis=0)])
    np.testing.assert_allclose(pinv, np.linalg.pinv(m), atol=1e-12)
    assert (rank, rank_low) == (2, 1)
    np.testing.assert_allclose(norm, np.linalg.norm(m, axis=0, keepdims=True))
    np.testing.assert_allclose(unit, m / norm)


def test_expm_against_a_taylor_series_and_its_group_property():
    a = RNG.randn(2, 3, 3) * 0.7
    want = np.zeros_like(a)
    term = np.broadcast_to(np.eye(3), a.shape).copy()
    for k in range(1, 40):
        want += term
        term = term @ a / k
    got, pair = _run([tf.linalg.expm(a), tf.linalg.expm(tf.constant(A[0] * 3))])
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)
    half = _run(tf.linalg.expm(tf.constant(A[0] * 1.5)))
    np.testing.assert_allclose(pair, half @ half, rtol=1e-8)
    with pytest.raises(ValueError, match="does not support"):
        tf.linalg.expm(tf.constant([[1, 2], [3, 4]]))
