"""The feature column protocol (TF's v1 `_FeatureColumn` API) and what every column shares.

A column is an immutable namedtuple (so equal columns hash alike and key `cols_to_vars`). A
`_LazyBuilder` holds the features dict and caches each column's transformed tensor, so a column
used twice (bucketized by itself and inside a cross) is transformed once.
"""
from __future__ import annotations

import collections

from tfsess.framework import dtypes
from tfsess.framework.graph_api import control_dependencies, name_scope
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import Dimension
from tfsess.framework.tensor_spec import convert_to_tensor_or_sparse_tensor
from tfsess.ops import array_ops, check_ops, cond_ops, gather_ops, indexing_ops, logic_ops, math_ops, stack_ops
from tfsess.ops.sparse_ops import sparse_reshape

IdWeightPair = collections.namedtuple("IdWeightPair", ["id_tensor", "weight_tensor"])


class FeatureColumn:
    """A column: a name, a parse spec and a transformation of the features it reads."""

    __slots__ = ()

    @property
    def _var_scope_name(self):
        return self.name

    @property
    def _parse_example_spec(self):
        return self.parse_example_spec


class DenseColumn(FeatureColumn):
    """A column with a dense [batch, *variable_shape] float tensor (input_layer accepts these)."""

    __slots__ = ()

    @property
    def _variable_shape(self):
        return self.variable_shape


class CategoricalColumn(FeatureColumn):
    """A column of sparse int64 ids in [0, num_buckets) (linear_model and embeddings take these)."""

    __slots__ = ()

    @property
    def _num_buckets(self):
        return self.num_buckets

    def _get_sparse_tensors(self, inputs, weight_collections=None, trainable=None):
        return IdWeightPair(inputs.get(self), None)


class _LazyBuilder:
    """The features dict and a cache of transformed columns (TF's `_LazyBuilder`)."""

    def __init__(self, features):
        self._features = dict(features)
        self._feature_tensors = {}

    def get(self, key):
        """The raw feature `key` (a str) as a rank >= 2 (sparse) tensor, or a column's transformed value."""
        if key in self._feature_tensors:
            return self._feature_tensors[key]
        if key in self._features:
            tensor = self._raw_feature(key)
        elif isinstance(key, str):
            raise ValueError(f"Feature {key} is not in features dictionary.")
        elif not isinstance(key, FeatureColumn):
            raise TypeError(f'"key" must be either a "str" or "_FeatureColumn". Provided: {key}')
        else:
            tensor = key._transform_feature(self)
            if tensor is None:
                raise ValueError(f"Column {key.name} is not supported.")
        self._feature_tensors[key] = tensor
        return tensor

    def _raw_feature(self, key):
        tensor = convert_to_tensor_or_sparse_tensor(self._features[key])
        rank = tensor.get_shape().ndims
        if rank == 0:
            raise ValueError(f"Feature (key: {key}) cannot have rank 0. Given: {tensor}")
        if rank is not None:
            return tensor if rank != 1 else _expand_rank1(tensor)
        message = f"Feature (key: {key}) cannot have rank 0. Given: {tensor}"
        rank = array_ops.rank(tensor)
        with control_dependencies([check_ops.assert_positive(rank, message=message)]):
            return cond_ops.cond(logic_ops.equal(1, rank), lambda: _expand_rank1(tensor), lambda: tensor)


def _expand_rank1(tensor):
    if isinstance(tensor, SparseTensor):
        return sparse_to_rank2(tensor, 1)
    return array_ops.expand_dims(tensor, -1)


def sparse_to_rank2(sp_input, width=-1):
    """`sp_input` reshaped to [batch, width] (-1: all its other dims flattened)."""
    batch = gather_ops.gather(sp_input.dense_shape, 0)
    return sparse_reshape(sp_input, stack_ops.stack([batch, math_ops.cast(width, dtypes.int64)]))


def to_sparse_input(input_tensor, ignore_value=None):
    """`input_tensor` as a SparseTensor without its `ignore_value` cells ('' for strings, -1 for ints)."""
    input_tensor = convert_to_tensor_or_sparse_tensor(input_tensor)
    if isinstance(input_tensor, SparseTensor):
        return input_tensor
    with name_scope(None, "to_sparse_input", [input_tensor]):
        if ignore_value is None:
            if input_tensor.dtype == dtypes.string:
                ignore_value = ""
            elif input_tensor.dtype.is_integer:
                ignore_value = -1  # -1 means a missing feature
            else:
                ignore_value = input_tensor.dtype.as_numpy_dtype()
        ignore_value = math_ops.cast(ignore_value, input_tensor.dtype, name="ignore_value")
        indices = indexing_ops.where(logic_ops.not_equal(input_tensor, ignore_value), name="indices")
        return SparseTensor(indices=indices, values=gather_ops.gather_nd(input_tensor, indices, name="values"),
                            dense_shape=array_ops.shape(input_tensor, out_type=dtypes.int64, name="dense_shape"))


def normalize_feature_columns(feature_columns):
    """`feature_columns` as a non-empty list of columns with unique names (TF's checks and messages)."""
    if isinstance(feature_columns, FeatureColumn):
        feature_columns = [feature_columns]
    if isinstance(feature_columns, dict):
        raise ValueError("Expected feature_columns to be iterable, found dict.")
    feature_columns = list(feature_columns)
    for column in feature_columns:
        if not isinstance(column, FeatureColumn):
            raise ValueError(f"Items of feature_columns must be a _FeatureColumn. Given (type {type(column)}): "
                             f"{column}.")
    if not feature_columns:
        raise ValueError("feature_columns must not be empty.")
    by_name = {}
    for column in feature_columns:
        if column.name in by_name:
            raise ValueError(f"Duplicate feature column name found for columns: {column} and "
                             f"{by_name[column.name]}. This usually means that these columns refer to same base "
                             "feature. Either one must be discarded or a duplicated but renamed item must be "
                             "inserted in features dict.")
        by_name[column.name] = column
    return feature_columns


def verify_static_batch_size_equality(tensors, columns):
    """Raises ValueError where two outputs have different known batch sizes."""
    expected, first = None, None
    for tensor, column in zip(tensors, columns):
        size = tensor.shape.dims[0] if tensor.shape.ndims else Dimension(None)
        if size.value is None:
            continue
        if expected is None:
            expected, first = size, column
        elif not expected.is_compatible_with(size):
            raise ValueError(f"Batch size (first dimension) of each feature must be same. Batch size of columns "
                             f"({first.name}, {column.name}): ({expected}, {size})")


def assert_string_or_int(dtype, prefix):
    if dtype != dtypes.string and not dtype.is_integer:
        raise ValueError(f"{prefix} dtype must be string or integer. dtype: {dtype}.")


def assert_key_is_string(key):
    if not isinstance(key, str):
        raise ValueError(f"key must be a string. Got: type {type(key)}. Given key: {key}.")


def check_shape(shape, key):
    """`shape` as a tuple of positive ints."""
    shape = tuple(shape) if isinstance(shape, (list, tuple)) else (shape,)
    for dimension in shape:
        if not isinstance(dimension, int):
            raise TypeError(f"shape dimensions must be integer. shape: {shape}, key: {key}")
        if dimension < 1:
            raise ValueError(f"shape dimensions must be greater than 0. shape: {shape}, key: {key}")
    return shape


__all__ = []
