"""Segment, scatter, space/batch, search/count, linear-algebra, special and spectral ops: values recorded from
TensorFlow 2.21 (tensorflow.compat.v1) on the same inputs, and TF's errors."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors

X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 0.0], [-1.0, 7.0]], np.float32)


def run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def test_segment_reductions_match_tf():
    x, ids, u = tf.constant(X), tf.constant([0, 0, 2, 2]), tf.constant([1, -1, 1, 0])
    got = run([tf.segment_mean(x, ids), tf.segment_max(x, ids), tf.segment_prod(x, ids),
               tf.unsorted_segment_max(x, u, 3), tf.unsorted_segment_prod(x, u, 3),
               tf.unsorted_segment_sqrt_n(x, u, 3), tf.sparse_segment_mean(x, [0, 1, 3], [0, 0, 1]),
               tf.math.segment_mean(tf.constant([3, -4, 5]), [0, 0, 1])])
    lowest = np.finfo(np.float32).min
    np.testing.assert_allclose(got[0], [[2, 3], [0, 0], [2, 3.5]])
    np.testing.assert_allclose(got[1], [[3, 4], [0, 0], [5, 7]])  # an empty sorted segment is 0
    np.testing.assert_allclose(got[2], [[3, 8], [1, 1], [-5, 0]])
    np.testing.assert_allclose(got[3], [[-1, 7], [5, 2], [lowest, lowest]])  # the dtype's lowest where empty
    np.testing.assert_allclose(got[4], [[-1, 7], [5, 0], [1, 1]])
    np.testing.assert_allclose(got[5], [[-1, 7], [4.2426405, 1.4142135], [0, 0]], rtol=1e-6)
    np.testing.assert_allclose(got[6], [[2, 3], [-1, 7]])
    assert got[7].tolist() == [0, 5]  # integer means truncate


def test_segment_gradients_match_tf():
    x = tf.constant(X)
    outs = [tf.segment_max(x, [0, 0, 2, 2]), tf.unsorted_segment_prod(x, [1, -1, 1, 0], 3),
            tf.sparse_segment_sqrt_n(x, [0, 1, 3], [0, 0, 1], num_segments=4)]
    grads = run([tf.gradients(tf.reduce_sum(o * o), x)[0] for o in outs])
    np.testing.assert_allclose(grads[0], [[0, 0], [6, 8], [10, 0], [0, 14]])
    np.testing.assert_allclose(grads[1], [[50, 0], [0, 0], [10, 0], [-2, 14]])
    np.testing.assert_allclose(grads[2], [[4, 6], [4, 6], [0, 0], [-2, 14]], rtol=1e-6)


def test_segment_errors_name_the_op():
    x = tf.constant(X)
    with pytest.raises(errors.InvalidArgumentError, match="SegmentMax.*not increasing"):
        run(tf.segment_max(x, [1, 0, 0, 0]))
    with pytest.raises(errors.InvalidArgumentError, match=r"segment_ids\[0\] = 1 is out of range"):
        run(tf.unsorted_segment_max(x, [1, 0, 0, 0], 1))
    with pytest.raises(errors.InvalidArgumentError, match="Index 9 out of range"):
        run(tf.sparse_segment_sum(x, [0, 9], [0, 0]))


def test_tensor_scatter_nd_ops_and_gradients():
    t = tf.constant(np.arange(12, dtype=np.float64).reshape(4, 3))
    upd = tf.constant([[9.0, -1, 2], [0, 20, 5], [3, 3, 3]], tf.float64)
    idx = [[1], [3], [1]]
    out = [tf.tensor_scatter_nd_add(t, idx, upd), tf.tensor_scatter_nd_max(t, idx, upd),
           tf.tensor_scatter_update(t, [[0, 1], [3, 2]], tf.constant([7.0, 8.0], tf.float64))]
    got = run(out + tf.gradients(tf.reduce_sum(out[1] * out[1]), [t, upd]))
    np.testing.assert_allclose(got[0], [[0, 1, 2], [15, 6, 10], [6, 7, 8], [9, 30, 16]])
    np.testing.assert_allclose(got[1], [[0, 1, 2], [9, 4, 5], [6, 7, 8], [9, 20, 11]])
    np.testing.assert_allclose(got[2], [[0, 7, 2], [3, 4, 5], [6, 7, 8], [9, 10, 8]])
    np.testing.assert_allclose(got[3], [[0, 2, 4], [0, 8, 10], [12, 14, 16], [18, 0, 22]])
    np.testing.assert_allclose(got[4], [[18, 0, 0], [0, 40, 0], [0, 0, 0]])
    with pytest.raises(ValueError, match="must match dimensions"):
        tf.tensor_scatter_nd_add(t, [[1]], upd)
    with pytest.raises(errors.InvalidArgumentError, match="does not index into param shape"):
        run(tf.tensor_scatter_nd_add(t, [[5]], upd[:1]))


def test_space_depth_and_batch_round_trips():
    img = np.arange(2 * 4 * 6 * 3, dtype=np.float32).reshape(2, 4, 6, 3)
    s2d = tf.space_to_depth(img, 2)
    s2b = tf.space_to_batch_nd(img, [2, 3], [[1, 1], [0, 3]])
    back = tf.batch_to_space_nd(s2b, [2, 3], [[1, 1], [0, 3]])
    got = run([s2d, tf.depth_to_space(s2d, 2), s2b, back])
    assert s2d.shape.as_list() == [2, 2, 3, 12] and s2b.shape.as_list() == [12, 3, 3, 3]
    np.testing.assert_array_equal(got[0][0, 0, 0], np.concatenate([img[0, 0, 0], img[0, 0, 1], img[0, 1, 0],
                                                                  img[0, 1, 1]]))
    np.testing.assert_array_equal(got[1], img)
    np.testing.assert_array_equal(got[3], img)
    with pytest.raises(ValueError, match="divisible by 3 but is 4"):
        tf.space_to_depth(img, 3)


def test_search_and_count_ops_match_tf():
    seq = tf.constant([[0.0, 1, 3, 3, 7], [-1, 0, 0, 2, 5]])
    vals = tf.constant([[3.0, -2, 8], [0, 2.5, 0]])
    x = tf.constant([[1.0, 2], [3, 4], [5, 6]])
    uwc = tf.unique_with_counts(tf.constant([4, 1, 4, 4, 9, 1, 0]))
    got = run([tf.searchsorted(seq, vals), tf.searchsorted(seq, vals, side="right"), tf.repeat(x, [2, 0, 1], axis=0),
               list(uwc), tf.bincount(tf.constant([1, 1, 5]), weights=tf.constant([0.5, 1.0, 2.0]), minlength=8),
               tf.unravel_index(tf.constant([5, 0, 11]), tf.constant([3, 4])),
               tf.histogram_fixed_width(tf.constant([-1.0, 0, 1.5, 2, 5, 15]), [0.0, 5.0], nbins=5),
               tf.cross(tf.constant([1.0, 2, 3]), tf.constant([4.0, 5, 6]))])
    assert got[0].tolist() == [[2, 0, 5], [1, 4, 1]] and got[1].tolist() == [[4, 0, 5], [3, 4, 3]]
    assert got[2].tolist() == [[1, 2], [1, 2], [5, 6]]
    assert [v.tolist() for v in got[3]] == [[4, 1, 9, 0], [0, 1, 0, 0, 2, 1, 3], [3, 2, 1, 1]]
    assert got[4].tolist() == [0, 1.5, 0, 0, 0, 2, 0, 0]
    assert got[5].tolist() == [[1, 0, 2], [1, 0, 3]]
    assert got[6].tolist() == [2, 1, 1, 0, 2]
    assert got[7].tolist() == [-3, 6, -3]
    assert tf.repeat(x, 3, axis=1).shape.as_list() == [3, 6]
    g = run(tf.convert_to_tensor(tf.gradients(tf.reduce_sum(tf.square(tf.repeat(x, [2, 0, 1], axis=0))), x)[0]))
    assert g.tolist() == [[4, 8], [0, 0], [10, 12]]
    with pytest.raises(errors.InvalidArgumentError, match=r"not compatible with expected shape \[3,3\]"):
        run(tf.ensure_shape(tf.placeholder_with_default(x, [None, None]), [3, 3]))


def test_linear_algebra_matches_numpy_and_tf_gradients():
    rng = np.random.RandomState(0)
    a_value = rng.randn(3, 3)
    s_value = a_value @ a_value.T + 3 * np.eye(3)
    b_value, t_value = rng.randn(3, 2), rng.randn(4, 3)
    s, b, t = tf.constant(s_value), tf.constant(b_value), tf.constant(t_value)
    q, r = tf.qr(t)
    sv, u, v = tf.svd(t)
    e, ev = tf.self_adjoint_eig(s)
    chol = tf.cholesky(s)
    got = run([chol, tf.cholesky_solve(chol, b), tf.matrix_solve(s, b, adjoint=True),
               tf.matrix_triangular_solve(s, b, lower=False), tf.matmul(q, r), tf.matmul(u * sv, v, adjoint_b=True),
               tf.matmul(ev * e, ev, adjoint_b=True), tf.linalg.sqrtm(s),
               tf.matrix_solve_ls(t, tf.constant(rng.randn(4, 2)), l2_regularizer=0.0)])
    np.testing.assert_allclose(got[0], np.linalg.cholesky(s_value))
    np.testing.assert_allclose(got[1], np.linalg.solve(s_value, b_value))
    np.testing.assert_allclose(got[2], np.linalg.solve(s_value.T, b_value))
    np.testing.assert_allclose(got[3], np.linalg.solve(np.triu(s_value), b_value))
    for recon, want in ((got[4], t_value), (got[5], t_value), (got[6], s_value)):
        np.testing.assert_allclose(recon, want, atol=1e-12)
    np.testing.assert_allclose(got[7] @ got[7], s_value, atol=1e-12)
    logdet, matvec = run([tf.linalg.logdet(s), tf.linalg.matvec(s, b[:, 0], adjoint_a=True)])
    np.testing.assert_allclose(logdet, np.log(np.linalg.det(s_value)))
    np.testing.assert_allclose(matvec, s_value.T @ b_value[:, 0])
    grad = run(tf.gradients(tf.reduce_sum(tf.cholesky(s) ** 2 * 0.5 + tf.cholesky(s)), s)[0])
    np.testing.assert_allclose(grad, [[0.6271055098348919, 0.08718657762665963, 0.06540287995583383],
                                      [0.08718657762665963, 0.6403530034752, 0.12454324239219652],
                                      [0.06540287995583383, 0.12454324239219652, 0.7676245218868989]], rtol=1e-9)
    with pytest.raises(errors.InvalidArgumentError, match="Cholesky decomposition was not successful"):
        run(tf.cholesky(tf.constant(a_value)))
    with pytest.raises(errors.InvalidArgumentError, match="not invertible"):
        run(tf.matrix_solve(tf.zeros([2, 2], tf.float64), tf.ones([2, 1], tf.float64)))


def test_special_functions_match_tf():
    x = np.array([-2.5, -0.3, 1e-3, 0.5, 1.0, 3.7, 55.5], np.float64)
    d = lambda *v: np.array(v, np.float64)  # noqa: E731 - float64 inputs, as the recorded run used
    got = run([tf.lgamma(x), tf.digamma(x), tf.zeta(d(1.5, 2.0, 3.0), d(2.0, 0.3, -1.5)),
               tf.polygamma(d(1.0, 2.0), d(0.5, 3.3)), tf.igamma(d(0.5, 2.0, 10.0), d(0.2, 3.7, 2.0)),
               tf.igammac(d(0.5, 2.0, 10.0), d(0.2, 3.7, 2.0)), tf.betainc(d(0.5, 2.0), d(1.5, 0.3), d(0.1, 0.999)),
               tf.lbeta(np.array([[1.0, 2.0, 3.5]]))])
    np.testing.assert_allclose(got[0], [-0.05624371649767407, 1.4648400508576023, 6.907178885383853,
                                        0.5723649429247001, 0.0, 1.428072326665388, 166.32150615984034], rtol=1e-12)
    np.testing.assert_allclose(got[1], [1.1031566406452433, 2.1133097796353986, -1000.5755719318104,
                                        -1.9635100260214227, -0.5772156649015323, 1.167153539361511,
                                        4.0073469585404435], rtol=1e-12)
    np.testing.assert_allclose(got[2], [1.6123753486854886, 12.245364546107734, 0.11810202582086413], rtol=1e-12)
    np.testing.assert_allclose(got[3], [4.93480220054468, -0.12375118526494273], rtol=1e-12)
    np.testing.assert_allclose(got[4], [0.47291074313446185, 0.8837994255894048, 4.649807501726378e-05], rtol=1e-10)
    np.testing.assert_allclose(got[5], [0.5270892568655381, 0.11620057441059513, 0.9999535019249828], rtol=1e-10)
    np.testing.assert_allclose(got[6], [0.395818696409408, 0.836377464229112], rtol=1e-10)
    np.testing.assert_allclose(got[7], [-4.461588457510066], rtol=1e-12)


def test_fft_keeps_complex64_and_inverts():
    rng = np.random.RandomState(1)
    c = (rng.randn(2, 4, 6) + 1j * rng.randn(2, 4, 6)).astype(np.complex64)
    r = rng.randn(2, 4, 6).astype(np.float32)
    f = tf.fft(c)
    got = run([f, tf.ifft(f), tf.signal.rfft(r, [9]), tf.signal.irfft(tf.signal.rfft(r)), tf.spectral.fft2d(c)])
    assert f.dtype == tf.complex64 and got[0].dtype == np.complex64
    np.testing.assert_allclose(got[0], np.fft.fft(c), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(got[1], c, atol=1e-5)
    assert got[2].shape == (2, 4, 5) and got[2].dtype == np.complex64
    np.testing.assert_allclose(got[3], r, atol=1e-5)
    np.testing.assert_allclose(got[4], np.fft.fft2(c), rtol=1e-4, atol=1e-4)
