"""Sequence columns: a categorical column read as [batch, steps, ids] (linear_model and the
sequence views of embedding and indicator columns take it), and sequence_numeric_column."""
from __future__ import annotations

import collections

from tfsess.framework import dtypes
from tfsess.framework.graph_api import name_scope
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import (array_ops, constant_op, gather_ops, math_ops, reduction_ops, segment_ops, stack_ops,
                        unary_ops)
from tfsess.ops.feature_column.categorical_columns import (categorical_column_with_hash_bucket,
                                                           categorical_column_with_identity,
                                                           categorical_column_with_vocabulary_file,
                                                           categorical_column_with_vocabulary_list)
from tfsess.ops.feature_column.column_base import CategoricalColumn, IdWeightPair, check_shape
from tfsess.ops.parsing_ops import VarLenFeature
from tfsess.ops.sparse_ops import sparse_reshape

TensorSequenceLengthPair = collections.namedtuple("TensorSequenceLengthPair", ["dense_tensor", "sequence_length"])


class SequenceCategoricalColumn(CategoricalColumn, collections.namedtuple(
        "SequenceCategoricalColumn", ("categorical_column",))):
    """A categorical column whose ids are [batch, steps, ids per step]."""

    __slots__ = ()

    @property
    def name(self):
        return self.categorical_column.name

    @property
    def parse_example_spec(self):
        return self.categorical_column.parse_example_spec

    @property
    def num_buckets(self):
        return self.categorical_column.num_buckets

    def _transform_feature(self, inputs):
        return self.categorical_column._transform_feature(inputs)

    def _get_sparse_tensors(self, inputs, weight_collections=None, trainable=None):
        pair = self.categorical_column._get_sparse_tensors(inputs)
        shape = pair.id_tensor.dense_shape
        target = stack_ops.stack([gather_ops.gather(shape, 0), gather_ops.gather(shape, 1),
                                  reduction_ops.reduce_prod(shape[2:])])
        weights = pair.weight_tensor
        return IdWeightPair(sparse_reshape(pair.id_tensor, target),
                            None if weights is None else sparse_reshape(weights, target))


def sequence_length_from_sparse_tensor(sp_tensor, num_elements=1):
    """Per row of `sp_tensor`, its last used step + 1 (in steps of `num_elements` values), int64."""
    with name_scope(None, "sequence_length") as scope:
        columns = array_ops.transpose(sp_tensor.indices)
        row_ids, column_ids = gather_ops.gather(columns, 0), gather_ops.gather(columns, 1)
        lengths = segment_ops.segment_max(column_ids + array_ops.ones_like(column_ids), row_ids)
        lengths = math_ops.cast(unary_ops.ceil(lengths / num_elements), dtypes.int64)
        n_pad = sp_tensor.dense_shape[:1] - math_ops.cast(array_ops.shape(lengths)[:1], dtypes.int64)
        padding = constant_op.zeros(n_pad, dtype=dtypes.int64)
        return stack_ops.concat([lengths, padding], axis=0, name=scope)


def sequence_categorical_column_with_identity(key, num_buckets, default_value=None):
    """categorical_column_with_identity over sequences (tf.feature_column.sequence_categorical_column_with_identity)."""
    return SequenceCategoricalColumn(categorical_column_with_identity(key, num_buckets, default_value))


def sequence_categorical_column_with_hash_bucket(key, hash_bucket_size, dtype=dtypes.string):
    """categorical_column_with_hash_bucket over sequences
    (tf.feature_column.sequence_categorical_column_with_hash_bucket)."""
    return SequenceCategoricalColumn(categorical_column_with_hash_bucket(key, hash_bucket_size, dtype))


def sequence_categorical_column_with_vocabulary_file(key, vocabulary_file, vocabulary_size=None, num_oov_buckets=0,
                                                     default_value=None, dtype=dtypes.string):
    """categorical_column_with_vocabulary_file over sequences
    (tf.feature_column.sequence_categorical_column_with_vocabulary_file)."""
    return SequenceCategoricalColumn(categorical_column_with_vocabulary_file(
        key, vocabulary_file, vocabulary_size, num_oov_buckets, default_value, dtype))


def sequence_categorical_column_with_vocabulary_list(key, vocabulary_list, dtype=None, default_value=-1,
                                                     num_oov_buckets=0):
    """categorical_column_with_vocabulary_list over sequences
    (tf.feature_column.sequence_categorical_column_with_vocabulary_list)."""
    return SequenceCategoricalColumn(categorical_column_with_vocabulary_list(
        key, vocabulary_list, dtype, default_value, num_oov_buckets))


class SequenceNumericColumn(collections.namedtuple(
        "SequenceNumericColumn", ("key", "shape", "default_value", "dtype", "normalizer_fn"))):
    """Real values per step of feature `key`. As in TF, a column of the newer API only:
    input_layer, linear_model and make_parse_example_spec do not take it."""

    __slots__ = ()

    @property
    def name(self):
        return self.key

    @property
    def parse_example_spec(self):
        return {self.key: VarLenFeature(self.dtype)}

    @property
    def variable_shape(self):
        return TensorShape(self.shape)


def sequence_numeric_column(key, shape=(1,), default_value=0.0, dtype=dtypes.float32, normalizer_fn=None):
    """Real values of `shape` per step (tf.feature_column.sequence_numeric_column).

    Raises:
        TypeError: non-integer shape dims or a non-callable normalizer_fn.
        ValueError: a dim < 1 or a dtype not convertible to float.
    """
    shape = check_shape(shape, key)
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_integer or dtype.is_floating):
        raise ValueError(f"dtype must be convertible to float. dtype: {dtype}, key: {key}")
    if normalizer_fn is not None and not callable(normalizer_fn):
        raise TypeError(f"normalizer_fn must be a callable. Given: {normalizer_fn}")
    return SequenceNumericColumn(key, shape, default_value, dtype, normalizer_fn)


__all__ = ["sequence_categorical_column_with_hash_bucket", "sequence_categorical_column_with_identity",
           "sequence_categorical_column_with_vocabulary_file", "sequence_categorical_column_with_vocabulary_list",
           "sequence_numeric_column"]
