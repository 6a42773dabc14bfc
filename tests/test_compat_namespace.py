"""tf.compat's helpers: strings, number types, the forward-compatibility horizon, v1/v2."""
import pathlib

import numpy as np
import pytest

import tfsess as tf


def test_strings():
    assert tf.compat.as_bytes("é") == b"\xc3\xa9"
    assert tf.compat.as_bytes(bytearray(b"ab")) == b"ab"
    assert tf.compat.as_text(b"\xc3\xa9") == "é"
    assert tf.compat.as_str(b"x") == "x"
    assert tf.compat.as_str_any(3) == "3" and tf.compat.as_str_any(b"y") == "y"
    assert tf.compat.path_to_str(pathlib.Path("/a/b")) == "/a/b"
    assert tf.compat.path_to_str(7) == 7
    for bad in (3, None):
        with pytest.raises(TypeError, match="Expected binary or unicode string"):
            tf.compat.as_bytes(bad)
        with pytest.raises(TypeError, match="Expected binary or unicode string"):
            tf.compat.as_text(bad)
    with pytest.raises(LookupError):
        tf.compat.as_bytes("x", encoding="no-such-codec")


def test_number_types():
    assert isinstance(np.int8(1), tf.compat.integral_types)
    assert isinstance(np.float16(1), tf.compat.real_types) and not isinstance(1j, tf.compat.real_types)
    assert isinstance(np.complex64(1), tf.compat.complex_types)
    assert tf.compat.bytes_or_text_types == (bytes, str)


def test_forward_compatibility_horizon():
    assert tf.compat.forward_compatible(2025, 12, 31)
    assert not tf.compat.forward_compatible(2026, 1, 16)
    with tf.compat.forward_compatibility_horizon(2030, 1, 1):
        assert tf.compat.forward_compatible(2029, 12, 31)
    assert not tf.compat.forward_compatible(2029, 12, 31)
    with tf.compat.forward_compatibility_horizon(2000, 1, 1):  # the past: ignored, as in TF
        assert tf.compat.forward_compatible(2025, 12, 31)


def test_shapes_and_namespaces():
    assert tf.compat.dimension_value(tf.Dimension(3)) == 3
    assert tf.compat.dimension_at_index(tf.TensorShape([2, None]), 1).value is None
    assert tf.compat.v1 is tf
    with pytest.raises(AttributeError, match="only 'summary'"):
        tf.compat.v2.nn
