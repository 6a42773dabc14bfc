"""DTypes and TensorShapes."""
import numpy as np
import pytest

import tfsess as tf


def test_as_dtype_conversions():
    assert tf.as_dtype(np.float32) is tf.float32
    assert tf.as_dtype("float64") is tf.float64
    assert tf.as_dtype(np.dtype("int64")) is tf.int64
    assert tf.as_dtype(tf.float32.as_datatype_enum) is tf.float32
    assert tf.as_dtype("float32_ref").base_dtype is tf.float32
    assert tf.float32._as_ref().is_ref_dtype
    with pytest.raises(TypeError):
        tf.as_dtype("not_a_type")


def test_dtype_properties():
    assert tf.float32.is_floating and not tf.int32.is_floating
    assert tf.int32.is_integer and tf.uint8.is_unsigned
    assert tf.float32.as_numpy_dtype is np.float32
    assert tf.int8.min == -128 and tf.uint8.max == 255
    assert tf.float32 == np.float32 and tf.float32 != tf.float64


def test_tensor_shape_merge_and_compat():
    s = tf.TensorShape([None, 3])
    assert s.is_compatible_with([5, 3]) and not s.is_compatible_with([5, 4])
    assert s.merge_with([5, None]).as_list() == [5, 3]
    with pytest.raises(ValueError):
        s.merge_with([5, 4])
    assert tf.TensorShape(None).ndims is None
    assert str(tf.TensorShape(None)) == "<unknown>"
    assert tf.TensorShape([2, 3]).num_elements() == 6
    assert tf.TensorShape([None]).num_elements() is None
    assert tf.TensorShape([1]).concatenate([2]).as_list() == [1, 2]
    assert s[0].value is None and s[1].value == 3


def test_python_floats_are_refused_for_integer_dtypes_as_in_tf():
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match="Expected int32"):
            tf.constant(1.0, dtype=tf.int32)
        with pytest.raises(TypeError):
            tf.constant(1) * 2.0
        assert tf.constant([], dtype=tf.int32).dtype == tf.int32
        assert tf.constant(np.float64(3.0), dtype=tf.int32).op.get_attr("value") == 3  # NumPy values cast
