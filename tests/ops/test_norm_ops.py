"""tf.norm: vector p-norms and matrix norms over a pair of axes, against NumPy, and TF's argument errors."""
import numpy as np
import pytest

import tfsess as tf

X = np.array([[0.3, -0.5, 0.9], [1.2, 0.1, -0.7]])
M = np.sin(np.arange(1, 25)).reshape(2, 3, 4)


def _run(fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


@pytest.mark.parametrize("ord_", ["fro", "euclidean", 1, 2, np.inf])
@pytest.mark.parametrize("axis", [[0, 1], (1, 0), [-1, -2]])
def test_matrix_norms_match_numpy(ord_, axis):
    got = _run(tf.norm(X, ord=ord_, axis=axis))
    want = np.linalg.norm(X, ord="fro" if ord_ == "euclidean" else ord_, axis=tuple(axis))
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_batched_matrix_norms_keep_dims_in_place():
    got = _run(tf.norm(M, ord=2, axis=[2, 0], keepdims=True))
    assert got.shape == (1, 3, 1)
    np.testing.assert_allclose(got.ravel(), np.linalg.norm(M, ord=2, axis=(2, 0)), rtol=1e-12)
    np.testing.assert_allclose(_run(tf.norm(M, ord=1, axis=[1, 2])), np.linalg.norm(M, ord=1, axis=(1, 2)))


@pytest.mark.parametrize("p", [3, 0.5, 1.5])
def test_vector_p_norms(p):
    np.testing.assert_allclose(_run(tf.norm(X, ord=p)), np.sum(np.abs(X) ** p) ** (1.0 / p), rtol=1e-12)
    np.testing.assert_allclose(_run(tf.norm(X, ord=p, axis=0)), np.linalg.norm(X, ord=p, axis=0), rtol=1e-12)


def test_names_as_tf_gives_them():
    assert tf.norm(X, name="mynorm").name == "mynorm/Squeeze:0"
    assert tf.norm(M, ord=1, axis=[0, 2], keepdims=True).op.type == "Max"


def test_complex_norm_stays_complex():
    norm = tf.norm(tf.constant([3 + 4j, 1j]))
    assert norm.dtype == tf.complex128
    np.testing.assert_allclose(_run(norm), np.sqrt(26.0))


def test_matrix_two_norm_gradient_is_top_singular_pair():
    x = tf.constant(X)
    grad = _run(tf.gradients(tf.norm(x, ord=2, axis=[0, 1]), x)[0])
    u, _, vt = np.linalg.svd(X)
    np.testing.assert_allclose(np.abs(grad), np.abs(np.outer(u[:, 0], vt[0])), atol=1e-10)


@pytest.mark.parametrize("ord_, axis, text", [
    (3, [0, 1], "supported matrix norm"), ("fro", [1, 1], "2 unique integers"),
    ("fro", [0, 1, 2], "2 unique integers"), ("fro", 1, "supported vector norm"), (-1, None, "supported vector norm"),
    (0, None, "supported vector norm"), ("nuc", None, "supported vector norm")])
def test_argument_errors(ord_, axis, text):
    with pytest.raises(ValueError, match=text):
        tf.norm(M, ord=ord_, axis=axis)
