"""Diagonal bands (k other than 0) of MatrixDiagV3, MatrixDiagPartV3 and MatrixSetDiagV3: placement against a
NumPy reading of TF's rule, and gradients against finite differences."""
import numpy as np
import pytest

import tfsess as tf


def _diag_of(x, d):
    """Diagonal d of the last two axes, NumPy's way (TF's element order for every alignment)."""
    return np.diagonal(x, offset=d, axis1=-2, axis2=-1)


@pytest.mark.parametrize("align", ["RIGHT_LEFT", "LEFT_RIGHT", "LEFT_LEFT", "RIGHT_RIGHT"])
@pytest.mark.parametrize("shape", [(3, 5), (5, 3), (4, 4)])
def test_band_rows_hold_each_diagonal_padded_on_its_aligned_side(align, shape):
    x = np.arange(np.prod(shape), dtype=np.float64).reshape(shape) + 1
    k0, k1 = -2, 2
    band = tf.Session().run(tf.linalg.diag_part(x, k=(k0, k1), padding_value=-1, align=align))
    for row, d in zip(band, range(k1, k0 - 1, -1)):
        diag = _diag_of(x, d)
        pad = band.shape[-1] - diag.size
        left = align.startswith("LEFT") if d >= 0 else align.endswith("LEFT")
        want = np.concatenate([diag, [-1] * pad] if left else [[-1] * pad, diag])
        np.testing.assert_array_equal(row, want)


def test_diag_then_diag_part_round_trips_a_band_and_set_diag_keeps_the_rest():
    x = np.random.RandomState(0).randn(2, 4, 6)
    band = tf.linalg.diag_part(x, k=(-1, 3))
    with tf.Session() as sess:
        back, rebuilt, replaced = sess.run([tf.linalg.diag_part(tf.linalg.diag(band, k=(-1, 3), num_rows=4,
                                                                              num_cols=6), k=(-1, 3)),
                                            tf.linalg.set_diag(x, band, k=(-1, 3)),
                                            tf.linalg.set_diag(x, band * 0, k=(-1, 3))])
        np.testing.assert_array_equal(back, sess.run(band))
    np.testing.assert_array_equal(rebuilt, x)
    outside = np.triu(np.tril(np.ones((4, 6)), 3), -1) == 0
    np.testing.assert_array_equal(replaced[:, outside], x[:, outside])
    assert not replaced[:, ~outside].any()


@pytest.mark.parametrize("build, shapes", [
    (lambda a: tf.linalg.diag_part(a, k=(-1, 1), padding_value=3.0), [(4, 3)]),
    (lambda d: tf.linalg.diag(d, k=(0, 2), num_cols=4), [(3, 2)]),
    (lambda a, d: tf.linalg.set_diag(a, d, k=(-2, -1), align="LEFT_LEFT"), [(3, 4), (2, 2)]),
    (lambda a: tf.linalg.diag_part(a, k=-2), [(2, 4, 3)]),
])
def test_band_gradients_match_finite_differences(build, shapes):
    rng = np.random.RandomState(1)
    xs = [tf.constant(rng.randn(*s)) for s in shapes]
    y = build(*xs)
    with tf.Session():
        err = tf.test.compute_gradient_error(xs, [x.shape.as_list() for x in xs], y, y.shape.as_list())
    assert err < 1e-6


def test_band_errors_are_tf_classes_and_leave_the_session_usable():
    k = tf.placeholder(tf.int32)
    part = tf.linalg.diag_part(np.ones((3, 4), np.float32), k=k)
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="lower_diag_index must not be larger"):
            sess.run(part, {k: [2, 1]})
        with pytest.raises(tf.errors.InvalidArgumentError, match="out of bound: -3. It must be between -3 and 4"):
            sess.run(part, {k: -3})
        assert sess.run(part, {k: [0, 1]}).shape == (2, 3)
    with pytest.raises(ValueError, match="not consistent with lower_diag_index"):
        tf.linalg.diag(np.ones((2, 3), np.float32), k=(0, 1), num_rows=7, num_cols=9)
    with pytest.raises(ValueError, match="Attr 'align'"):
        tf.linalg.diag_part(np.ones((3, 4)), align="MIDDLE")
