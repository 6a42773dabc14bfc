"""The categorical columns: identity, vocabulary list and file, hash bucket, weighted, crossed."""
from __future__ import annotations

import collections
import os

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_spec import convert_to_tensor_or_sparse_tensor
from tfsess.ops import array_ops, constant_op, indexing_ops, logic_ops, math_ops, string_ops
from tfsess.ops.feature_column.column_base import (CategoricalColumn, IdWeightPair, assert_key_is_string,
                                                   assert_string_or_int, to_sparse_input)
from tfsess.ops.feature_column.lookups import index_table_from_file, index_table_from_tensor
from tfsess.ops.parsing_ops import VarLenFeature
from tfsess.ops.sparse_cross_ops import sparse_cross_hashed
from tfsess.ops.string_hash_ops import string_to_hash_bucket_fast


class _KeyedColumn(CategoricalColumn):
    """A categorical column reading the one feature `key`, parsed as a VarLenFeature of `dtype`."""

    __slots__ = ()

    @property
    def name(self):
        return self.key

    @property
    def parse_example_spec(self):
        return {self.key: VarLenFeature(self.dtype)}

    def _check_input_dtype(self, tensor):
        if self.dtype.is_integer != tensor.dtype.is_integer:
            raise ValueError(f"Column dtype and SparseTensors dtype must be compatible. key: {self.key}, column "
                             f"dtype: {self.dtype}, tensor dtype: {tensor.dtype}")
        assert_string_or_int(tensor.dtype, prefix=f"column_name: {self.key} input_tensor")


class IdentityCategoricalColumn(_KeyedColumn, collections.namedtuple(
        "IdentityCategoricalColumn", ("key", "number_buckets", "default_value"))):
    """Integer features used as ids themselves; out-of-range ids become `default_value` when set."""

    __slots__ = ()
    dtype = dtypes.int64

    @property
    def num_buckets(self):
        return self.number_buckets

    def _transform_feature(self, inputs):
        tensor = to_sparse_input(inputs.get(self.key))
        if not tensor.dtype.is_integer:
            raise ValueError(f"Invalid input, not integer. key: {self.key} dtype: {tensor.dtype}")
        values = tensor.values
        if values.dtype != dtypes.int64:
            values = math_ops.cast(values, dtypes.int64, name="values")
        if self.default_value is not None:
            num_buckets = math_ops.cast(self.num_buckets, dtypes.int64, name="num_buckets")
            zero = math_ops.cast(0, dtypes.int64, name="zero")
            out_of_range = logic_ops.logical_or(values < zero, values >= num_buckets, name="out_of_range")
            defaults = constant_op.fill(array_ops.shape(values), math_ops.cast(self.default_value, dtypes.int64),
                                        name="default_values")
            values = indexing_ops.where_v2(out_of_range, defaults, values)
        return SparseTensor(indices=tensor.indices, values=values, dense_shape=tensor.dense_shape)


def categorical_column_with_identity(key, num_buckets, default_value=None):
    """Integer ids in [0, num_buckets) (tf.feature_column.categorical_column_with_identity).

    Raises:
        ValueError: num_buckets < 1, default_value out of range, or a non-string key.
    """
    if num_buckets < 1:
        raise ValueError(f"num_buckets {num_buckets} < 1, column_name {key}")
    if default_value is not None and (default_value < 0 or default_value >= num_buckets):
        raise ValueError(f"default_value {default_value} not in range [0, {num_buckets}), column_name {key}")
    assert_key_is_string(key)
    return IdentityCategoricalColumn(key, num_buckets, default_value)


class VocabularyListCategoricalColumn(_KeyedColumn, collections.namedtuple(
        "VocabularyListCategoricalColumn", ("key", "vocabulary_list", "dtype", "default_value", "num_oov_buckets"))):
    """Ids by position in an in-memory vocabulary; a table initialised by tf.tables_initializer()."""

    __slots__ = ()

    @property
    def num_buckets(self):
        return len(self.vocabulary_list) + self.num_oov_buckets

    def _transform_feature(self, inputs):
        tensor = to_sparse_input(inputs.get(self.key))
        self._check_input_dtype(tensor)
        key_dtype = dtypes.int64 if tensor.dtype.is_integer else self.dtype
        table = index_table_from_tensor(tuple(self.vocabulary_list), default_value=self.default_value,
                                        num_oov_buckets=self.num_oov_buckets, dtype=key_dtype,
                                        name=f"{self.key}_lookup")
        return table.lookup(tensor)


def categorical_column_with_vocabulary_list(key, vocabulary_list, dtype=None, default_value=-1, num_oov_buckets=0):
    """Ids by position in `vocabulary_list`, else `default_value` or an OOV hash bucket
    (tf.feature_column.categorical_column_with_vocabulary_list).

    Raises:
        ValueError: an empty or duplicated vocabulary, both OOV buckets and a default, a dtype mismatch.
    """
    if vocabulary_list is None or len(vocabulary_list) < 1:
        raise ValueError(f"vocabulary_list {vocabulary_list} must be non-empty, column_name: {key}")
    if len(set(vocabulary_list)) != len(vocabulary_list):
        raise ValueError(f"Duplicate keys in vocabulary_list {vocabulary_list}, column_name: {key}")
    vocabulary_dtype = dtypes.as_dtype(np.array(vocabulary_list).dtype)
    if num_oov_buckets:
        if default_value != -1:
            raise ValueError(f"Can't specify both num_oov_buckets and default_value in {key}.")
        if num_oov_buckets < 0:
            raise ValueError(f"Invalid num_oov_buckets {num_oov_buckets} in {key}.")
    assert_string_or_int(vocabulary_dtype, prefix=f"column_name: {key} vocabulary")
    if dtype is None:
        dtype = vocabulary_dtype
    elif dtypes.as_dtype(dtype).is_integer != vocabulary_dtype.is_integer:
        raise ValueError(f"dtype {dtype} and vocabulary dtype {vocabulary_dtype} do not match, column_name: {key}")
    dtype = dtypes.as_dtype(dtype)
    assert_string_or_int(dtype, prefix=f"column_name: {key}")
    assert_key_is_string(key)
    return VocabularyListCategoricalColumn(key, tuple(vocabulary_list), dtype, default_value, num_oov_buckets)


class VocabularyFileCategoricalColumn(_KeyedColumn, collections.namedtuple(
        "VocabularyFileCategoricalColumn",
        ("key", "vocabulary_file", "vocabulary_size", "num_oov_buckets", "dtype", "default_value", "file_format"))):
    """Ids by line number in a vocabulary file, read when tf.tables_initializer() runs."""

    __slots__ = ()

    @property
    def num_buckets(self):
        return self.vocabulary_size + self.num_oov_buckets

    def _transform_feature(self, inputs):
        tensor = to_sparse_input(inputs.get(self.key))
        self._check_input_dtype(tensor)
        key_dtype = self.dtype
        if tensor.dtype.is_integer:
            key_dtype = dtypes.int64  # the table's keys are int64
            tensor = math_ops.cast(tensor, dtypes.int64) if tensor.dtype != dtypes.int64 else tensor
        table = index_table_from_file(self.vocabulary_file, num_oov_buckets=self.num_oov_buckets,
                                      vocab_size=self.vocabulary_size, default_value=self.default_value,
                                      key_dtype=key_dtype, name=f"{self.key}_lookup")
        return table.lookup(tensor)


def categorical_column_with_vocabulary_file(key, vocabulary_file, vocabulary_size=None, num_oov_buckets=0,
                                            default_value=None, dtype=dtypes.string):
    """Ids by line number in `vocabulary_file` (its size counted when not given)
    (tf.feature_column.categorical_column_with_vocabulary_file).

    Raises:
        ValueError: a missing file, a size < 1, both OOV buckets and a default, a bad dtype or key.
    """
    if not vocabulary_file:
        raise ValueError(f"Missing vocabulary_file in {key}.")
    if vocabulary_size is None:
        if not os.path.exists(vocabulary_file):
            raise ValueError(f"vocabulary_file in {key} does not exist.")
        with open(vocabulary_file, "rb") as f:
            vocabulary_size = sum(1 for _ in f)
    if vocabulary_size < 1:
        raise ValueError(f"Invalid vocabulary_size in {key}.")
    if num_oov_buckets:
        if default_value is not None:
            raise ValueError(f"Can't specify both num_oov_buckets and default_value in {key}.")
        if num_oov_buckets < 0:
            raise ValueError(f"Invalid num_oov_buckets {num_oov_buckets} in {key}.")
    dtype = dtypes.as_dtype(dtype)
    assert_string_or_int(dtype, prefix=f"column_name: {key}")
    assert_key_is_string(key)
    return VocabularyFileCategoricalColumn(key, vocabulary_file, vocabulary_size, num_oov_buckets or 0, dtype,
                                           -1 if default_value is None else default_value, None)


class HashedCategoricalColumn(_KeyedColumn, collections.namedtuple(
        "HashedCategoricalColumn", ("key", "hash_bucket_size", "dtype"))):
    """Ids by FarmHash64 of the feature's text modulo hash_bucket_size (integers hashed as their text)."""

    __slots__ = ()

    @property
    def num_buckets(self):
        return self.hash_bucket_size

    def _transform_feature(self, inputs):
        tensor = to_sparse_input(inputs.get(self.key))
        if not isinstance(tensor, SparseTensor):
            raise ValueError("SparseColumn input must be a SparseTensor.")
        assert_string_or_int(tensor.dtype, prefix=f"column_name: {self.key} input_tensor")
        if self.dtype.is_integer != tensor.dtype.is_integer:
            raise ValueError(f"Column dtype and SparseTensors dtype must be compatible. key: {self.key}, column "
                             f"dtype: {self.dtype}, tensor dtype: {tensor.dtype}")
        values = tensor.values if self.dtype == dtypes.string else string_ops.as_string(tensor.values)
        ids = string_to_hash_bucket_fast(values, self.hash_bucket_size, name="lookup")
        return SparseTensor(tensor.indices, ids, tensor.dense_shape)


def categorical_column_with_hash_bucket(key, hash_bucket_size, dtype=dtypes.string):
    """Ids by hashing the feature into `hash_bucket_size` buckets
    (tf.feature_column.categorical_column_with_hash_bucket).

    Raises:
        ValueError: no or a non-positive bucket count, a dtype neither string nor integer, a bad key.
    """
    if hash_bucket_size is None:
        raise ValueError(f"hash_bucket_size must be set. key: {key}")
    if hash_bucket_size < 1:
        raise ValueError(f"hash_bucket_size must be at least 1. hash_bucket_size: {hash_bucket_size}, key: {key}")
    assert_key_is_string(key)
    dtype = dtypes.as_dtype(dtype)
    assert_string_or_int(dtype, prefix=f"column_name: {key}")
    return HashedCategoricalColumn(key, hash_bucket_size, dtype)


class WeightedCategoricalColumn(CategoricalColumn, collections.namedtuple(
        "WeightedCategoricalColumn", ("categorical_column", "weight_feature_key", "dtype"))):
    """A categorical column with a weight per id, read from the feature `weight_feature_key`."""

    __slots__ = ()

    @property
    def name(self):
        return f"{self.categorical_column.name}_weighted_by_{self.weight_feature_key}"

    @property
    def parse_example_spec(self):
        config = dict(self.categorical_column.parse_example_spec)
        if self.weight_feature_key in config:
            raise ValueError(f"Parse config {config[self.weight_feature_key]} already exists for "
                             f"{self.weight_feature_key}.")
        config[self.weight_feature_key] = VarLenFeature(self.dtype)
        return config

    @property
    def num_buckets(self):
        return self.categorical_column.num_buckets

    def _transform_feature(self, inputs):
        weights = inputs.get(self.weight_feature_key)
        if weights is None:
            raise ValueError(f"Missing weights {self.weight_feature_key}.")
        weights = convert_to_tensor_or_sparse_tensor(weights)
        if self.dtype != weights.dtype.base_dtype:
            raise ValueError(f"Bad dtype, expected {self.dtype}, but got {weights.dtype}.")
        if not isinstance(weights, SparseTensor):
            weights = to_sparse_input(weights, ignore_value=0.0)
        if not weights.dtype.is_floating:
            weights = SparseTensor(weights.indices, math_ops.cast(weights.values, dtypes.float32),
                                   weights.dense_shape)
        return (inputs.get(self.categorical_column), weights)

    def _get_sparse_tensors(self, inputs, weight_collections=None, trainable=None):
        ids, weights = inputs.get(self)
        return IdWeightPair(ids, weights)


def weighted_categorical_column(categorical_column, weight_feature_key, dtype=dtypes.float32):
    """`categorical_column` with per-id weights from `weight_feature_key`
    (tf.feature_column.weighted_categorical_column).

    Raises:
        ValueError: a dtype not convertible to float.
    """
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    if dtype is None or not (dtype.is_integer or dtype.is_floating):
        raise ValueError(f"dtype {dtype} is not convertible to float.")
    return WeightedCategoricalColumn(categorical_column, weight_feature_key, dtype)


class CrossedColumn(CategoricalColumn, collections.namedtuple(
        "CrossedColumn", ("keys", "hash_bucket_size", "hash_key"))):
    """Ids of the hashed combinations of its keys' values (TF's SparseCrossHashed fingerprints)."""

    __slots__ = ()

    @property
    def name(self):
        return "_X_".join(sorted(k if isinstance(k, str) else k.name for k in _leaf_keys(self)))

    @property
    def parse_example_spec(self):
        config = {}
        for key in self.keys:
            config.update({key: VarLenFeature(dtypes.string)} if isinstance(key, str) else key.parse_example_spec)
        return config

    @property
    def num_buckets(self):
        return self.hash_bucket_size

    def _transform_feature(self, inputs):
        tensors = []
        for key in _leaf_keys(self):
            if isinstance(key, str):
                tensors.append(inputs.get(key))
                continue
            pair = key._get_sparse_tensors(inputs)
            if pair.weight_tensor is not None:
                raise ValueError("crossed_column does not support weight_tensor, but the given column populates "
                                 f"weight_tensor. Given column: {key.name}")
            tensors.append(pair.id_tensor)
        return sparse_cross_hashed([_int64_if_integer(t) for t in tensors], num_buckets=self.hash_bucket_size,
                                   hash_key=self.hash_key)


def _int64_if_integer(tensor):
    """A cross's input with int64 values where they are integers (TF's sparse_cross casts them)."""
    tensor = convert_to_tensor_or_sparse_tensor(tensor)
    if tensor.dtype == dtypes.string or tensor.dtype == dtypes.int64:
        return tensor
    if isinstance(tensor, SparseTensor):
        return SparseTensor(tensor.indices, math_ops.cast(tensor.values, dtypes.int64), tensor.dense_shape)
    return math_ops.cast(tensor, dtypes.int64)


def _leaf_keys(cross):
    keys = []
    for key in cross.keys:
        keys.extend(_leaf_keys(key) if isinstance(key, CrossedColumn) else [key])
    return keys


def crossed_column(keys, hash_bucket_size, hash_key=None):
    """The hashed cross of string features and categorical columns (tf.feature_column.crossed_column).

    Raises:
        ValueError: hash_bucket_size < 1, fewer than two keys, a key neither a string nor a
            categorical column, or a hash-bucket column (cross its feature name instead).
    """
    if not hash_bucket_size or hash_bucket_size < 1:
        raise ValueError(f"hash_bucket_size must be > 1. hash_bucket_size: {hash_bucket_size}")
    if not keys or len(keys) < 2:
        raise ValueError(f"keys must be a list with length > 1. Given: {keys}")
    for key in keys:
        if not isinstance(key, (str, CategoricalColumn)):
            raise ValueError("Unsupported key type. All keys must be either string, or categorical column except "
                             f"HashedCategoricalColumn. Given: {key}")
        if isinstance(key, HashedCategoricalColumn):
            raise ValueError("categorical_column_with_hash_bucket is not supported for crossing. Hashing before "
                             "crossing will increase probability of collision. Instead, use the feature name as a "
                             f"string. Given: {key}")
    return CrossedColumn(tuple(keys), hash_bucket_size, hash_key)


__all__ = ["categorical_column_with_hash_bucket", "categorical_column_with_identity",
           "categorical_column_with_vocabulary_file", "categorical_column_with_vocabulary_list", "crossed_column",
           "weighted_categorical_column"]
