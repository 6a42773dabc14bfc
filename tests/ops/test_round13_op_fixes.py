"""Round-13 fixes found by the third pass of variations: strided-slice shapes with fed bounds, OneHot's
axis checks, Reshape of empty tensors with a -1, complex Pow, and tf.ones of strings."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors


pytestmark = pytest.mark.usefixtures("fresh_graph")


def run(fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def test_fully_masked_dims_keep_their_stride_when_other_bounds_are_fed():
    x = tf.reshape(tf.range(24), [4, 6])
    lo = tf.placeholder(tf.int32, [])
    assert x[lo:, ::2].shape.as_list() == [None, 3]
    assert x[lo:, ::-4].shape.as_list() == [None, 2]
    assert x[lo:3, 1::2].shape.as_list() == [None, None]
    assert run(x[lo:, ::-4], {lo: 3}).tolist() == [[23, 19]]


def test_one_hot_axis_past_rank_fails_only_when_run():
    t = tf.one_hot([0, 1], 2, axis=3)
    assert t.shape.as_list() == [2, 2]
    with pytest.raises(errors.InvalidArgumentError, match=r"between \[0, 2\).  But received: 3"):
        run(t)
    with pytest.raises(ValueError, match="axis must be >= -1"):
        tf.one_hot([0, 1], 2, axis=-2)
    assert run(tf.one_hot([[1, 0]], 2, axis=2)).shape == (1, 2, 2)


@pytest.mark.parametrize("in_shape, dims, out_shape", [
    ([0, 4], [0, -1], (0, 4)), ([0, 4], [2, 0, -1], (2, 0, 2)), ([0, 4], [-1, 0], (4, 0)),
    ([0, 4], [3, -1], (3, 0)), ([2, 0], [0, -1, 5], (0, 0, 5)), ([3, 0], [-1], (0,))])
def test_reshape_fills_minus_one_of_empty_tensors_as_tf(in_shape, dims, out_shape):
    assert run(tf.reshape(tf.zeros(in_shape), dims)).shape == out_shape


def test_reshape_count_errors_keep_tf_messages():
    p = tf.placeholder(tf.float32, [None, 6])
    with pytest.raises(errors.InvalidArgumentError, match="requires a multiple of 4"):
        run(tf.reshape(p, [4, -1]), {p: np.zeros((1, 6))})
    with pytest.raises(errors.InvalidArgumentError, match="requested shape has 8"):
        run(tf.reshape(p, [4, 2]), {p: np.zeros((1, 6))})


def test_complex_pow_is_exp_of_y_log_x_in_input_precision():
    x = np.array([1j, 0, 2 + 1j, -1], np.complex64)
    y = np.array([2, 2, 0.5 - 1j, 0.5], np.complex64)
    got = run(tf.pow(tf.constant(x), tf.constant(y)))
    assert got.dtype == np.complex64
    with np.errstate(all="ignore"):
        np.testing.assert_array_equal(got, np.exp(y * np.log(x)))
    assert got[0].imag != 0  # (1j) ** 2 in float precision, as TF's std::pow gives


def test_ones_of_strings_is_a_type_error_as_tf_converts_the_int_one():
    for build in (lambda: tf.ones([1], tf.string), lambda: tf.ones_like(tf.constant(["a"])),
                  lambda: tf.ones_initializer()([1], tf.string)):
        with pytest.raises(TypeError, match="Expected string, but got 1 of type 'int'"):
            build()
    assert run(tf.zeros([2], tf.string)).tolist() == [b"", b""]
    assert run(tf.zeros_like(tf.constant(["a"]))).tolist() == [b""]
