"""Round-13 fixes found by the third pass of variations: strided-slice shapes with fed bounds, OneHot's
axis checks, Reshape of empty tensors with a -1, complex Pow and Sign, tf.ones of strings, scalar Where/ArgMax, string Pad, and more."""
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


def test_where_of_a_scalar_fails_when_run():
    with pytest.raises(errors.InvalidArgumentError, match="WhereOp : Unhandled input dimensions: 0"):
        run(tf.where(tf.constant(True)))


def test_concat_of_no_values_is_a_value_error():
    with pytest.raises(ValueError, match="length 0 shorter than minimum length 2"):
        tf.concat([], 0)


def test_einsum_output_label_twice_is_a_build_error():
    with pytest.raises(ValueError, match="Output subscripts contain a label appearing more than once"):
        tf.einsum("ij->ii", tf.ones([2, 2]))


def test_pad_of_strings_fills_python_bytes():
    got = run([tf.pad(tf.constant(["a"]), [[1, 1]]), tf.pad(tf.constant(["a"]), [[0, 1]], constant_values="z")])
    assert got[0].tolist() == [b"", b"a", b""] and got[1].tolist() == [b"a", b"z"]
    assert all(type(v) is bytes for v in got[0].tolist() + got[1].tolist())


def test_complex_sign_divides_the_parts_by_the_magnitude():
    got = run(tf.sign(tf.constant([3 + 4j, 0j])))
    assert got.tolist() == [0.6 + 0.8j, 0j]


def test_reciprocal_of_integers_has_no_kernel():
    x = tf.reciprocal(tf.constant([2, 1]))
    with pytest.raises(errors.InvalidArgumentError, match="No OpKernel was registered to support Op 'Reciprocal'"):
        run(x)


def test_argmax_of_a_scalar_has_no_dimension():
    with pytest.raises(errors.InvalidArgumentError, match=r"range \[0, 0\), but got 0"):
        run(tf.argmax(tf.constant(1.0)))


def test_range_refuses_types_outside_its_opdef_and_linspace_of_zero_is_empty():
    with pytest.raises(TypeError, match="DataType uint8 not in list of allowed values"):
        tf.range(3, dtype=tf.uint8)
    with tf.Graph().as_default():
        small = tf.range(3, dtype=tf.int8)  # in the OpDef, but TF registers no CPU kernel for it
        assert small.shape.as_list() == [3]
        with pytest.raises(errors.InvalidArgumentError, match="No OpKernel was registered to support Op 'Range'"):
            run(small)
    empty = tf.linspace(0.0, 1.0, 0)
    assert empty.shape.as_list() == [0] and run(empty).shape == (0,)


def test_accumulate_n_checks_the_given_shape():
    with pytest.raises(ValueError, match=r"Shapes \(2,\) and \(1,\) are not compatible"):
        tf.accumulate_n([tf.constant([1.0]), tf.constant([2.0])], shape=[2])
    assert run(tf.accumulate_n([tf.constant([1.0]), [2.0]], shape=[1])).tolist() == [3.0]
    with pytest.raises(ValueError, match="same dtype and shape"):
        tf.accumulate_n([tf.constant([1.0]), tf.constant([2])])
    with pytest.raises(ValueError, match="not compatible"):
        tf.accumulate_n([tf.constant([1.0]), tf.constant([2.0, 3.0])])


def test_elu_is_exp_minus_one_in_the_input_type():
    got = run(tf.nn.elu(tf.constant([-1.0, -1e-4, 2.0], tf.float16)))
    assert got.tolist() == [np.float16(-0.6318359375), 0.0, 2.0]


@pytest.mark.parametrize("text, value", [("0x10", 16.0), ("0x1p3", 8.0), ("-0X1.8p1", -3.0), (" 1.5 ", 1.5),
                                         ("infinity", np.inf), ("5.", 5.0)])
def test_string_to_number_reads_floats_as_strtod(text, value):
    for dtype in (tf.float32, tf.float64):
        assert run(tf.strings.to_number(tf.constant([text]), out_type=dtype)).tolist() == [value]


@pytest.mark.parametrize("text", ["1_0", "1.5f", "1d3", "0b1", "1e"])
def test_string_to_number_refuses_what_strtod_refuses(text):
    with pytest.raises(errors.InvalidArgumentError, match="could not correctly convert string"):
        run(tf.strings.to_number(tf.constant([text])))


def test_string_to_number_nan_with_chars():
    assert np.isnan(run(tf.strings.to_number(tf.constant(["nan(123)"])))[0])


def test_queue_of_no_component_types_is_a_value_error():
    with pytest.raises(ValueError, match="'component_types' of 'FIFOQueueV2' Op passed list of length 0"):
        tf.FIFOQueue(3, [])
