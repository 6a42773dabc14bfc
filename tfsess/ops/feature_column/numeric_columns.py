"""numeric_column and bucketized_column."""
from __future__ import annotations

import collections

from tfsess.framework import dtypes
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops, broadcast_ops, indexing_ops, math_ops, sequence_ops, stack_ops
from tfsess.ops.feature_column.column_base import (CategoricalColumn, DenseColumn, IdWeightPair,
                                                   assert_key_is_string, check_shape)
from tfsess.ops.feature_column.lookups import bucketize
from tfsess.ops.parsing_ops import FixedLenFeature


class NumericColumn(DenseColumn, collections.namedtuple(
        "NumericColumn", ("key", "shape", "default_value", "dtype", "normalizer_fn"))):
    """Real values of feature `key`, shape [batch, *shape], as float32 (after `normalizer_fn`)."""

    __slots__ = ()

    @property
    def name(self):
        return self.key

    @property
    def parse_example_spec(self):
        return {self.key: FixedLenFeature(self.shape, self.dtype, self.default_value)}

    @property
    def variable_shape(self):
        return TensorShape(self.shape)

    def _transform_feature(self, inputs):
        tensor = inputs.get(self.key)
        if isinstance(tensor, SparseTensor):
            raise ValueError("The corresponding Tensor of numerical column must be a Tensor. SparseTensor is not "
                             f"supported. key: {self.key}")
        if self.normalizer_fn is not None:
            tensor = self.normalizer_fn(tensor)
        return math_ops.cast(tensor, dtypes.float32)

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        return inputs.get(self)


def numeric_column(key, shape=(1,), default_value=None, dtype=dtypes.float32, normalizer_fn=None):
    """A column of real values of `shape` per example (tf.feature_column.numeric_column).

    Raises:
        TypeError: non-integer shape dims, a default of the wrong type, a non-callable normalizer_fn.
        ValueError: a dim < 1, a non-numeric dtype, a default of the wrong shape, a non-string key.
    """
    shape = check_shape(shape, key)
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_integer or dtype.is_floating):
        raise ValueError(f"dtype must be convertible to float. dtype: {dtype}, key: {key}")
    default_value = _check_default_value(shape, default_value, dtype, key)
    if normalizer_fn is not None and not callable(normalizer_fn):
        raise TypeError(f"normalizer_fn must be a callable. Given: {normalizer_fn}")
    assert_key_is_string(key)
    return NumericColumn(key, shape, default_value, dtype, normalizer_fn)


def _check_default_value(shape, default_value, dtype, key):
    """`default_value` as a nested tuple of `shape` (a scalar is repeated), as TF checks it."""
    if default_value is None:
        return None
    if isinstance(default_value, int) or (isinstance(default_value, float) and dtype.is_floating):
        return _filled(shape, default_value)
    if callable(getattr(default_value, "tolist", None)):
        default_value = default_value.tolist()
    if isinstance(default_value, (list, tuple)):
        if not _has_shape(default_value, shape):
            raise ValueError(f"The shape of default_value must be equal to given shape. default_value: "
                             f"{default_value}, shape: {shape}, key: {key}")
        flat = _flatten(default_value)
        if all(isinstance(v, int) for v in flat) or (any(isinstance(v, float) for v in flat) and dtype.is_floating):
            return _as_tuple(default_value)
    raise TypeError(f"default_value must be compatible with dtype. default_value: {default_value}, dtype: {dtype}, "
                    f"key: {key}")


def _filled(shape, value):
    return value if not shape else tuple(_filled(shape[1:], value) for _ in range(shape[0]))


def _has_shape(value, shape):
    if not isinstance(value, (list, tuple)):
        return not shape
    return bool(shape) and len(value) == shape[0] and all(_has_shape(v, shape[1:]) for v in value)


def _flatten(value):
    return [x for v in value for x in _flatten(v)] if isinstance(value, (list, tuple)) else [value]


def _as_tuple(value):
    return tuple(_as_tuple(v) for v in value) if isinstance(value, (list, tuple)) else value


class BucketizedColumn(DenseColumn, CategoricalColumn, collections.namedtuple(
        "BucketizedColumn", ("source_column", "boundaries"))):
    """A numeric column's values as bucket ids: one-hot when dense, one id per value when categorical."""

    __slots__ = ()

    @property
    def name(self):
        return f"{self.source_column.name}_bucketized"

    @property
    def parse_example_spec(self):
        return self.source_column.parse_example_spec

    @property
    def variable_shape(self):
        return TensorShape(tuple(self.source_column.shape) + (len(self.boundaries) + 1,))

    @property
    def num_buckets(self):
        return (len(self.boundaries) + 1) * self.source_column.shape[0]

    def _transform_feature(self, inputs):
        return bucketize(inputs.get(self.source_column), boundaries=self.boundaries)

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        return indexing_ops.one_hot(math_ops.cast(inputs.get(self), dtypes.int64), depth=len(self.boundaries) + 1,
                                    on_value=1.0, off_value=0.0)

    def _get_sparse_tensors(self, inputs, weight_collections=None, trainable=None):
        tensor = inputs.get(self)
        batch_size = array_ops.shape(tensor)[0]
        width = self.source_column.shape[0]
        rows = array_ops.reshape(broadcast_ops.tile(array_ops.expand_dims(sequence_ops.range_(0, batch_size), 1),
                                                    [1, width]), (-1,))
        cols = broadcast_ops.tile(sequence_ops.range_(0, width), [batch_size])
        # the i-th value of a row counts its buckets after those of the values before it
        ids = array_ops.reshape(tensor, (-1,)) + (len(self.boundaries) + 1) * cols
        indices = math_ops.cast(array_ops.transpose(stack_ops.stack((rows, cols))), dtypes.int64)
        dense_shape = math_ops.cast(stack_ops.stack([batch_size, width]), dtypes.int64)
        return IdWeightPair(SparseTensor(indices=indices, values=ids, dense_shape=dense_shape), None)


def bucketized_column(source_column, boundaries):
    """A numeric column cut into len(boundaries) + 1 buckets (tf.feature_column.bucketized_column).

    Raises:
        ValueError: a source that is not a 1-D numeric_column, or boundaries empty, unsorted or not a list.
    """
    if not isinstance(source_column, NumericColumn):
        raise ValueError(f"source_column must be a column generated with numeric_column(). Given: {source_column}")
    if len(source_column.shape) > 1:
        raise ValueError(f"source_column must be one-dimensional column. Given: {source_column}")
    if not boundaries:
        raise ValueError("boundaries must not be empty.")
    if not isinstance(boundaries, (list, tuple)):
        raise ValueError("boundaries must be a sorted list.")
    if any(boundaries[i] >= boundaries[i + 1] for i in range(len(boundaries) - 1)):
        raise ValueError("boundaries must be a sorted list.")
    return BucketizedColumn(source_column, tuple(boundaries))


__all__ = ["bucketized_column", "numeric_column"]
