import collections

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import nest

Point = collections.namedtuple("Point", ["x", "y"])


def test_flatten_visits_dicts_by_sorted_key():
    structure = {"b": [1, (2, 3)], "a": Point(4, {"z": 5})}
    assert nest.flatten(structure) == [4, 5, 1, 2, 3]
    assert nest.flatten(7) == [7]
    assert nest.flatten([]) == []


def test_pack_sequence_as_rebuilds_types_and_key_order():
    structure = {"b": [0, (0, 0)], "a": Point(0, 0)}
    packed = nest.pack_sequence_as(structure, [1, 2, 3, 4, 5])
    assert list(packed) == ["b", "a"]  # the dict keeps its own key order
    assert packed["a"] == Point(1, 2) and type(packed["a"]) is Point
    assert packed["b"] == [3, (4, 5)]


def test_pack_sequence_as_rejects_a_wrong_leaf_count():
    with pytest.raises(ValueError, match="Structure had 2 atoms, but flat_sequence had 3 items"):
        nest.pack_sequence_as([0, 0], [1, 2, 3])


def test_sparse_tensor_is_a_leaf_unless_composites_expand():
    with tf.Graph().as_default():
        sp = tf.SparseTensor(indices=[[0, 0]], values=[1.0], dense_shape=[2, 2])
        assert nest.flatten([sp]) == [sp]
        parts = nest.flatten([sp], expand_composites=True)
        assert parts == [sp.indices, sp.values, sp.dense_shape]
        rebuilt = nest.pack_sequence_as([sp], parts, expand_composites=True)[0]
        assert isinstance(rebuilt, tf.SparseTensor) and rebuilt.values is sp.values
        value = tf.SparseTensorValue(np.array([[0]]), np.array([1.0]), np.array([3]))
        assert len(nest.flatten(value)) == 3  # a namedtuple either way


def test_assert_same_structure_errors():
    nest.assert_same_structure([1, (2, 3)], [4, (5, 6)])
    nest.assert_same_structure([1, 2], [3, 4], check_types=False)
    with pytest.raises(ValueError, match="don't have the same nested structure"):
        nest.assert_same_structure([1, 2], [1, [2]])
    with pytest.raises(ValueError, match="don't have the same nested structure"):
        nest.assert_same_structure([1, 2], [1, 2, 3])
    with pytest.raises(TypeError, match="same sequence type"):
        nest.assert_same_structure([1, 2], (1, 2))
    nest.assert_same_structure([1, 2], (1, 2), check_types=False)
    with pytest.raises(ValueError, match="same set of keys"):
        nest.assert_same_structure({"a": 1}, {"b": 1})


def test_is_nested():
    assert nest.is_nested([1]) and nest.is_nested((1,)) and nest.is_nested({"a": 1}) and nest.is_nested(Point(1, 2))
    assert not nest.is_nested(1) and not nest.is_nested("ab") and not nest.is_nested(np.zeros(2))
    assert nest.is_sequence is nest.is_nested
