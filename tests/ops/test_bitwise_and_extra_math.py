"""tf.bitwise and the smaller tf.math / tf.* functions (values as TF 2.21 gives them)."""
import math

import numpy as np
import pytest

import tfsess as tf


@pytest.fixture
def sess():
    with tf.Graph().as_default():
        with tf.Session() as s:
            yield s


def test_shifts_clamp_the_amount_and_wrap(sess):
    x = tf.constant([1, -8, 127, -128], tf.int8)
    y = tf.constant([-1, 3, 8, 9], tf.int8)
    left, right = sess.run([tf.bitwise.left_shift(x, y), tf.bitwise.right_shift(x, y)])
    np.testing.assert_array_equal(left, [1, -64, -128, 0])
    np.testing.assert_array_equal(right, [1, -1, 0, -1])
    u, v = tf.constant([1, 200, 255], tf.uint8), tf.constant([7, 9, 1], tf.uint8)
    np.testing.assert_array_equal(sess.run(tf.bitwise.left_shift(u, v)), [128, 0, 254])
    np.testing.assert_array_equal(sess.run(tf.bitwise.right_shift(u, v)), [0, 1, 127])
    big = sess.run(tf.bitwise.left_shift(tf.constant([1, -1], tf.int64), tf.constant([63, 70], tf.int64)))
    np.testing.assert_array_equal(big, [np.iinfo(np.int64).min] * 2)


def test_bitwise_logic_and_errors(sess):
    x, y = tf.constant([1, -8], tf.int8), tf.constant([3, 3], tf.int8)
    out = sess.run([tf.bitwise.bitwise_and(x, y), tf.bitwise.bitwise_or(x, y), tf.bitwise.bitwise_xor(x, y),
                    tf.bitwise.invert(x)])
    np.testing.assert_array_equal(out, [[1, 0], [3, -5], [2, -5], [-2, 7]])
    with pytest.raises(TypeError, match="'x' has DataType float32 not in list"):
        tf.bitwise.left_shift(tf.constant([1.0]), tf.constant([1.0]))
    assert tf.gradients(tf.cast(tf.bitwise.left_shift(x, y), tf.float32), [x]) == [None]


def test_angle_bitcast_and_broadcast_shape(sess):
    angle = tf.math.angle(tf.constant([1 + 1j, -2 + 0j], tf.complex64))
    assert angle.op.type == "Angle" and angle.dtype == tf.float32
    np.testing.assert_allclose(sess.run(angle), [np.pi / 4, np.pi], rtol=1e-7)
    np.testing.assert_array_equal(sess.run(tf.math.angle(tf.constant([-1.0, 2.0]))), np.float32([np.pi, 0]))
    np.testing.assert_array_equal(sess.run(tf.bitcast(tf.constant([1.0, 2.0]), tf.int32)), [1065353216, 1073741824])
    widened = tf.bitcast(tf.constant([[1, 2]], tf.uint8), tf.uint16)
    assert widened.shape.as_list() == [1] and tf.bitcast(tf.constant([1.0]), tf.uint8).shape.as_list() == [1, 4]
    np.testing.assert_array_equal(sess.run(widened), [513])
    with pytest.raises(ValueError, match="Cannot bitcast from 4 to 17 due to shape. 3 does not match 2"):
        tf.bitcast(tf.constant([1, 2, 3], tf.uint8), tf.uint16)
    shape = tf.broadcast_dynamic_shape(tf.constant([2, 1]), tf.constant([3]))
    assert shape.op.type == "BroadcastArgs" and shape.shape.as_list() == [2]
    np.testing.assert_array_equal(sess.run(shape), [2, 3])
    bad = tf.broadcast_dynamic_shape(tf.constant([2, 2]), tf.constant([3]))
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes: \[2,2\] vs. \[3\]"):
        sess.run(bad)
    np.testing.assert_array_equal(sess.run(shape), [2, 3])  # the session is still usable


def test_batch_gather_nextafter_polyval(sess):
    got = sess.run(tf.batch_gather(tf.constant([[1, 2, 3], [4, 5, 6]]), tf.constant([[2, 0], [1, 1]])))
    np.testing.assert_array_equal(got, [[3, 1], [5, 5]])
    assert sess.run(tf.math.nextafter(tf.constant([1.0]), tf.constant([2.0])))[0] == np.nextafter(np.float32(1), 2)
    poly = tf.math.polyval([1.0, 2.0, 3.0], tf.constant([2.0, 0.5]))
    assert poly.op.name == "polyval/add_1"
    np.testing.assert_array_equal(sess.run(poly), [11.0, 4.25])
    with pytest.raises(ValueError, match="coeffs must be list type"):
        tf.math.polyval((1.0,), 2.0)


def test_cumulative_logsumexp_and_its_gradient(sess):
    x = tf.constant([1.0, 2.0, 3.0])
    out = sess.run(tf.math.cumulative_logsumexp(x, exclusive=True))
    np.testing.assert_allclose(out, [-np.inf, 1.0, 2.3132617], rtol=1e-6)
    rev = sess.run(tf.math.cumulative_logsumexp(tf.constant([[1.0, 2.0], [3.0, 4.0]]), axis=1, reverse=True))
    np.testing.assert_allclose(rev, [[2.3132617, 2.0], [4.3132615, 4.0]], rtol=1e-6)
    grad = tf.gradients(tf.math.cumulative_logsumexp(x) * tf.constant([1.0, -2.0, 3.0]), x)[0]
    np.testing.assert_allclose(sess.run(grad), [0.73220885, -0.72793174, 1.9957225], rtol=1e-5)
    with pytest.raises(tf.errors.InvalidArgumentError, match="axis must be in the range"):
        sess.run(tf.math.cumulative_logsumexp(x, axis=2))


def test_dtypes_namespace_and_complex_casts():
    with tf.Graph().as_default():
        x = tf.constant([1.0, 2.0])
        assert tf.dtypes.float32 is tf.float32 and tf.dtypes.as_dtype("int8") == tf.int8
        assert tf.dtypes.saturate_cast(x, tf.uint8).op.name == "saturate_cast"
        assert tf.dtypes.complex(x, x).dtype == tf.complex64
        assert tf.dtypes.as_string(x).op.type == "AsString" and tf.dtypes.cast(x, tf.int32).op.type == "Cast"
        assert tf.to_complex64(x).op.name == "ToComplex64" and tf.to_complex128(x).dtype == tf.complex128


def test_erfinv_ndtri_erfcinv(sess):
    y = np.array([-0.9, -0.5, 0.0, 1e-12, 0.3, 0.999999])
    got = sess.run(tf.math.erfinv(tf.constant(y)))
    np.testing.assert_allclose([math.erf(v) for v in got], y, rtol=1e-15, atol=1e-300)
    p = np.array([1e-300, 1e-20, 0.025, 0.5, 0.975, 1 - 1e-12])
    quantiles = sess.run(tf.math.ndtri(tf.constant(p)))
    np.testing.assert_allclose([0.5 * math.erfc(-v / math.sqrt(2)) for v in quantiles], p, rtol=1e-12)
    edges = sess.run(tf.math.ndtri(tf.constant([0.0, 1.0, 2.0, -0.1])))
    assert edges[0] == -np.inf and edges[1] == np.inf and np.isnan(edges[2:]).all()
    assert np.isnan(sess.run(tf.math.erfinv(tf.constant([1.5])))).all()
    np.testing.assert_allclose(sess.run(tf.math.erfcinv(tf.constant([0.5, 1.5]))), [0.4769363, -0.4769363],
                               rtol=1e-6)
    x = tf.constant([0.1, -0.5, 0.7])
    np.testing.assert_allclose(sess.run(tf.gradients(tf.math.erfinv(x), x))[0], [0.8932517, 1.1125848, 1.5163633],
                               rtol=1e-6)
