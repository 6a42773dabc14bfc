"""The DTypes that need no ml_dtypes: bfloat16's facts (its NumPy type asks for ml_dtypes only when a tensor is
made) and the quantized types."""
import sys

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import dtypes


def test_dtype_facts_need_no_ml_dtypes(monkeypatch):
    monkeypatch.setitem(sys.modules, "ml_dtypes", None)  # as if not installed
    assert (tf.bfloat16.name, tf.bfloat16.as_datatype_enum, tf.bfloat16.size) == ("bfloat16", 14, 2)
    assert tf.bfloat16.is_floating and not tf.bfloat16.is_integer and not tf.bfloat16.is_quantized
    assert tf.as_dtype("bfloat16") is tf.bfloat16 and tf.as_dtype(14) is tf.bfloat16
    assert tf.dtypes.experimental.int4.is_integer and tf.dtypes.experimental.uint4.is_unsigned
    with pytest.raises(ImportError, match="ml_dtypes"):
        tf.bfloat16.as_numpy_dtype  # noqa: B018 - the property is what raises
    with pytest.raises(ImportError, match="ml_dtypes"):
        tf.constant([1.0], dtype=tf.bfloat16)


def test_quantized_dtype_facts():
    assert {d.name for d in tf.QUANTIZED_DTYPES} == {"qint8", "quint8", "qint16", "quint16", "qint32", "qint8_ref",
                                                     "quint8_ref", "qint16_ref", "quint16_ref", "qint32_ref"}
    assert [d.as_datatype_enum for d in (tf.qint8, tf.quint8, tf.qint32, tf.qint16, tf.quint16)] == [11, 12, 13, 15, 16]
    assert tf.qint8.is_quantized and not tf.qint8.is_integer and tf.qint16.size == 2
    assert np.dtype(tf.quint8.as_numpy_dtype) == np.dtype([("quint8", np.uint8)])
    assert tf.as_dtype(np.dtype([("qint32", "<i4")])) is tf.qint32
    assert dtypes.storage_numpy_type(tf.qint16) is np.int16
    with pytest.raises(TypeError, match="Cannot find minimum value of <dtype: 'qint8'> with quantized type"):
        tf.qint8.min  # noqa: B018
    with pytest.raises(TypeError):
        tf.as_dtype(np.dtype([("other", np.int8)]))
