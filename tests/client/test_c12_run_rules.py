"""Feed and run-option rules that the round-12 variations (x_c12_*) found differing from TF."""
import numpy as np
import pytest

import tfsess as tf


def _placeholder_session(dtype):
    g = tf.Graph()
    with g.as_default():
        p = tf.placeholder(dtype, name="p")
    return p, tf.Session(graph=g)


@pytest.mark.parametrize("dtype, value", [(tf.bool, 7), (tf.bool, -1), (tf.int32, 2 ** 31), (tf.uint8, -1),
                                          (tf.int8, 300)])
def test_a_python_int_the_dtype_cannot_hold_exactly_is_a_type_error(dtype, value):
    p, sess = _placeholder_session(dtype)
    with pytest.raises(TypeError, match="is not compatible with Tensor type <class 'numpy"):
        sess.run(p, {p: value})
    assert sess.run(p, {p: 1}) == 1  # the session stays usable


@pytest.mark.parametrize("dtype, value", [(tf.bool, 1), (tf.bool, True), (tf.float16, 2048), (tf.float64, 2 ** 53),
                                          (tf.int64, -2 ** 63), (tf.uint64, 2 ** 64 - 1), (tf.int32, False)])
def test_a_python_int_the_dtype_holds_is_fed(dtype, value):
    p, sess = _placeholder_session(dtype)
    out = sess.run(p, {p: value})
    assert out == value and out.dtype == dtype.as_numpy_dtype


def test_a_float_dtype_takes_any_python_int_rounded_as_numpy_compares_it():
    p, sess = _placeholder_session(tf.float16)  # NumPy compares float16(inf) with 70000 as float16: equal
    assert np.isinf(sess.run(p, {p: 70000}))


def test_a_python_int_beyond_64_bits_is_numpys_overflow_error():
    p, sess = _placeholder_session(tf.int64)
    with pytest.raises(OverflowError):
        sess.run(p, {p: 2 ** 64})


def test_a_fetched_string_feed_comes_back_as_fed_while_ops_read_utf8_bytes():
    g = tf.Graph()
    with g.as_default():
        s = tf.placeholder(tf.string, name="s")
        ident = tf.identity(s)
        length = tf.strings.length(s)
    sess = tf.Session(graph=g)
    fed, passed = sess.run([s, ident], {s: ["caf\u00e9", b"x"]})
    assert fed.tolist() == ["caf\u00e9", b"x"] and fed.dtype == object
    assert passed.tolist() == [b"caf\xc3\xa9", b"x"]
    assert sess.run(length, {s: "caf\u00e9"}) == 5
    assert sess.run(s, {"s:0": np.array(["ab"])}).tolist() == ["ab"]


def test_run_options_may_be_any_message_and_must_serialize():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [2], name="x")
        y = tf.reduce_sum(x)
    sess = tf.Session(graph=g)
    assert sess.run(y, {x: [1.0, 2.0]}, options=tf.RunMetadata()) == 3.0
    assert sess.run(y, {x: [1.0, 2.0]}, options=tf.ConfigProto(log_device_placement=True)) == 3.0
    with pytest.raises(AttributeError, match="'str' object has no attribute 'SerializeToString'"):
        sess.run(y, {x: [1.0, 2.0]}, options="FULL_TRACE")
    with pytest.raises(AttributeError, match="'str' object has no attribute 'ParseFromString'"):
        sess.run(y, {x: [1.0, 2.0]}, run_metadata="md")
    assert sess.run(y, {x: [0.0, 1.0]}) == 1.0


def test_a_fully_known_tensor_shape_or_dimension_converts_to_an_int_tensor():
    g = tf.Graph()
    with g.as_default():
        v = tf.get_variable("w", [4, 2])
        filled = tf.fill(v.shape, 2.0)  # TF's registered TensorShape conversion, used by partitioned assigns
        dim = tf.convert_to_tensor(v.shape[1])
        wide = tf.convert_to_tensor(tf.TensorShape([2 ** 31]))
        with pytest.raises(ValueError, match=r"partially known TensorShape \(\?, 2\)"):
            tf.convert_to_tensor(tf.TensorShape([None, 2]))
        with pytest.raises(TypeError, match="Allowed dtypes are tf.int32 and tf.int64"):
            tf.convert_to_tensor(tf.TensorShape([2]), tf.float32)
        with pytest.raises(ValueError, match="unknown Dimension"):
            tf.convert_to_tensor(tf.Dimension(None))
    sess = tf.Session(graph=g)
    assert sess.run(filled).tolist() == [[2.0, 2.0]] * 4
    assert sess.run(dim) == 2 and dim.dtype == tf.int32 and wide.dtype == tf.int64
