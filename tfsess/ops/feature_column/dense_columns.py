"""Categorical columns made dense: indicator_column, embedding_column, shared_embedding_columns."""
from __future__ import annotations

import collections
import math

from tfsess.framework import dtypes
from tfsess.framework.graph import get_default_graph
from tfsess.framework.graph_api import name_scope
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import gather_ops, indexing_ops, reduction_ops
from tfsess.ops.feature_column.column_base import CategoricalColumn, DenseColumn
from tfsess.ops.embedding_sparse import embedding_lookup_sparse, safe_embedding_lookup_sparse
from tfsess.ops.feature_column.sequence_columns import (SequenceCategoricalColumn, TensorSequenceLengthPair,
                                                        sequence_length_from_sparse_tensor)
from tfsess.ops.init_ops import truncated_normal_initializer
from tfsess.ops.sparse_compose_ops import sparse_merge
from tfsess.ops.sparse_ops import sparse_tensor_to_dense
from tfsess.ops.sparse_structure_ops import sparse_slice
from tfsess.ops.variable_scope import get_variable
from tfsess.ops.variables import GraphKeys


class IndicatorColumn(DenseColumn, collections.namedtuple("IndicatorColumn", ("categorical_column",))):
    """A categorical column as a multi-hot vector of num_buckets (weights summed where weighted)."""

    __slots__ = ()

    @property
    def name(self):
        return f"{self.categorical_column.name}_indicator"

    @property
    def parse_example_spec(self):
        return self.categorical_column.parse_example_spec

    @property
    def variable_shape(self):
        return TensorShape([1, self.categorical_column.num_buckets])

    def _transform_feature(self, inputs):
        pair = self.categorical_column._get_sparse_tensors(inputs)
        size = self.categorical_column.num_buckets
        if pair.weight_tensor is not None:
            weighted = sparse_merge(sp_ids=pair.id_tensor, sp_values=pair.weight_tensor, vocab_size=int(size))
            # sparse_merge leaves the last dim's size unknown; slicing the tensor to itself sets it
            weighted = sparse_slice(weighted, [0, 0], weighted.dense_shape)
            return gather_ops.scatter_nd(weighted.indices, weighted.values, weighted.dense_shape)
        dense_ids = sparse_tensor_to_dense(pair.id_tensor, default_value=-1)
        one_hot = indexing_ops.one_hot(dense_ids, depth=size, on_value=1.0, off_value=0.0)
        return reduction_ops.reduce_sum(one_hot, axis=[-2])

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        _check_not_sequence(self, "indicator_column")
        return inputs.get(self)

    def _get_sequence_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        """[batch, steps, num_buckets] multi-hot steps, and each row's length."""
        _check_sequence(self, "indicator_column")
        dense = inputs.get(self)
        ids = self.categorical_column._get_sparse_tensors(inputs).id_tensor
        return TensorSequenceLengthPair(dense, sequence_length_from_sparse_tensor(ids))


def _check_not_sequence(column, kind):
    if isinstance(column.categorical_column, SequenceCategoricalColumn):
        raise ValueError(f"In {kind}: {column.name}. categorical_column must not be of type "
                         "_SequenceCategoricalColumn. Suggested fix A: If you wish to use DenseFeatures, use a "
                         "non-sequence categorical_column_with_*. Suggested fix B: If you wish to create sequence "
                         "input, use SequenceFeatures instead of DenseFeatures. Given (type "
                         f"{type(column.categorical_column)}): {column.categorical_column}")


def _check_sequence(column, kind):
    if not isinstance(column.categorical_column, SequenceCategoricalColumn):
        raise ValueError(f"In {kind}: {column.name}. categorical_column must be of type _SequenceCategoricalColumn "
                         "to use SequenceFeatures. Suggested fix: Use one of sequence_categorical_column_with_*. "
                         f"Given (type {type(column.categorical_column)}): {column.categorical_column}")


def indicator_column(categorical_column):
    """A multi-hot dense view of `categorical_column` (tf.feature_column.indicator_column).

    Raises:
        ValueError: the input is not a categorical column.
    """
    if not isinstance(categorical_column, CategoricalColumn):
        raise ValueError(f"Unsupported input type. Input must be a CategoricalColumn. Given: {categorical_column}")
    return IndicatorColumn(categorical_column)


def _lookup(column, weights, pair):
    """The combined embedding of each row's ids (the safe lookup unless turned off for rank-2 ids)."""
    rank = pair.id_tensor.dense_shape.get_shape().dims[0].value
    lookup = safe_embedding_lookup_sparse
    if not column.use_safe_embedding_lookup and rank is not None and rank <= 2:
        lookup = embedding_lookup_sparse
    return lookup(weights, pair.id_tensor, pair.weight_tensor, combiner=column.combiner,
                  name=f"{column.name}_weights", max_norm=column.max_norm)


def _check_ckpt(ckpt_to_load_from, tensor_name_in_ckpt):
    if (ckpt_to_load_from is None) != (tensor_name_in_ckpt is None):
        raise ValueError("Must specify both `ckpt_to_load_from` and `tensor_name_in_ckpt` or none of them.")


# tf.train.init_from_checkpoint is built above ops: train/checkpoint_utils.py registers it here
_CHECKPOINT_LOADERS = []


def register_checkpoint_loader(init_from_checkpoint):
    """Sets the function that makes a variable's initializer read a checkpoint tensor."""
    _CHECKPOINT_LOADERS[:] = [init_from_checkpoint]


def _init_from_checkpoint(column, weights):
    """Makes `weights` start from the column's checkpoint tensor, when it names one."""
    if column.ckpt_to_load_from is None:
        return
    if not _CHECKPOINT_LOADERS:
        raise NotImplementedError("no checkpoint loader is registered (import tfsess.train)")
    _CHECKPOINT_LOADERS[0](column.ckpt_to_load_from, {column.tensor_name_in_ckpt: weights})


class EmbeddingColumn(DenseColumn, collections.namedtuple("EmbeddingColumn", (
        "categorical_column", "dimension", "combiner", "initializer", "ckpt_to_load_from", "tensor_name_in_ckpt",
        "max_norm", "trainable", "use_safe_embedding_lookup"))):
    """A categorical column's ids looked up in an [num_buckets, dimension] `embedding_weights` variable."""

    __slots__ = ()

    @property
    def name(self):
        return f"{self.categorical_column.name}_embedding"

    @property
    def parse_example_spec(self):
        return self.categorical_column.parse_example_spec

    @property
    def variable_shape(self):
        return TensorShape([self.dimension])

    def _transform_feature(self, inputs):
        return inputs.get(self.categorical_column)

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        _check_not_sequence(self, "embedding_column")
        return self._embed(inputs, weight_collections, trainable)

    def _get_sequence_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        """[batch, steps, dimension] embedded steps, and each row's length."""
        _check_sequence(self, "embedding_column")
        dense = self._embed(inputs, weight_collections, trainable)
        ids = self.categorical_column._get_sparse_tensors(inputs).id_tensor
        return TensorSequenceLengthPair(dense, sequence_length_from_sparse_tensor(ids))

    def _embed(self, inputs, weight_collections, trainable):
        pair = self.categorical_column._get_sparse_tensors(inputs, weight_collections, trainable)
        collections_ = weight_collections
        if collections_ and GraphKeys.GLOBAL_VARIABLES not in collections_:
            collections_ = list(collections_) + [GraphKeys.GLOBAL_VARIABLES]
        weights = get_variable("embedding_weights", shape=(self.categorical_column.num_buckets, self.dimension),
                               dtype=dtypes.float32, initializer=self.initializer,
                               trainable=self.trainable and trainable, collections=collections_)
        _init_from_checkpoint(self, weights)
        return _lookup(self, weights, pair)


def _default_initializer(initializer, dimension):
    """`initializer`, or TF's default: a truncated normal of stddev 1/sqrt(dimension)."""
    if initializer is not None:
        return initializer
    return truncated_normal_initializer(mean=0.0, stddev=1 / math.sqrt(dimension))


def embedding_column(categorical_column, dimension, combiner="mean", initializer=None, ckpt_to_load_from=None,
                     tensor_name_in_ckpt=None, max_norm=None, trainable=True, use_safe_embedding_lookup=True):
    """A dense embedding of `categorical_column`, combined per row by `combiner`
    ('mean', 'sqrtn' or 'sum') (tf.feature_column.embedding_column).

    Raises:
        ValueError: dimension < 1, only one of the checkpoint arguments, a non-callable initializer.
    """
    if dimension is None or dimension < 1:
        raise ValueError(f"Invalid dimension {dimension}.")
    _check_ckpt(ckpt_to_load_from, tensor_name_in_ckpt)
    if initializer is not None and not callable(initializer):
        raise ValueError(f"initializer must be callable if specified. Embedding of column_name: "
                         f"{categorical_column.name}")
    return EmbeddingColumn(categorical_column, dimension, combiner, _default_initializer(initializer, dimension),
                           ckpt_to_load_from, tensor_name_in_ckpt, max_norm, trainable, use_safe_embedding_lookup)


class SharedEmbeddingColumn(DenseColumn, collections.namedtuple("SharedEmbeddingColumn", (
        "categorical_column", "dimension", "combiner", "initializer", "shared_embedding_collection_name",
        "ckpt_to_load_from", "tensor_name_in_ckpt", "max_norm", "trainable", "use_safe_embedding_lookup"))):
    """An embedding column whose `embedding_weights` variable is shared with the other columns of its
    collection: the first one built creates it and lists it in the graph collection of that name."""

    __slots__ = ()

    @property
    def name(self):
        return f"{self.categorical_column.name}_shared_embedding"

    @property
    def _var_scope_name(self):
        return self.shared_embedding_collection_name

    @property
    def parse_example_spec(self):
        return self.categorical_column.parse_example_spec

    @property
    def variable_shape(self):
        return TensorShape([self.dimension])

    def _transform_feature(self, inputs):
        return inputs.get(self.categorical_column)

    def _get_dense_tensor(self, inputs, weight_collections=None, trainable=None):
        with name_scope(None, self.name):
            pair = self.categorical_column._get_sparse_tensors(inputs, weight_collections, trainable)
            return _lookup(self, self._shared_weights(weight_collections, trainable), pair)

    def _shared_weights(self, weight_collections, trainable):
        shape = TensorShape([self.categorical_column.num_buckets, self.dimension])
        graph = get_default_graph()
        shared = graph.get_collection(self.shared_embedding_collection_name)
        if not shared:
            weights = get_variable("embedding_weights", shape=shape, dtype=dtypes.float32,
                                   initializer=self.initializer, trainable=self.trainable and trainable,
                                   collections=weight_collections)
            graph.add_to_collection(self.shared_embedding_collection_name, weights)
            _init_from_checkpoint(self, weights)
            return weights
        fix = ("Suggested fix A: Choose a unique name for this collection. Suggested fix B: Do not add any variables "
               "to this collection. The feature_column library already adds a variable under the hood.")
        if len(shared) > 1:
            raise ValueError(f"Collection {shared} can only contain one variable. {fix}")
        if shared[0].get_shape() != shape:
            raise ValueError(f"Shared embedding collection {self.shared_embedding_collection_name} contains variable "
                             f"{shared[0].name} of unexpected shape {shared[0].get_shape()}. Expected shape is "
                             f"{tuple(shape.as_list())}. {fix}")
        return shared[0]


def shared_embedding_columns(categorical_columns, dimension, combiner="mean", initializer=None,
                             shared_embedding_collection_name=None, ckpt_to_load_from=None,
                             tensor_name_in_ckpt=None, max_norm=None, trainable=True, use_safe_embedding_lookup=True):
    """Embedding columns over one shared [num_buckets, dimension] variable, one per input column
    (tf.feature_column.shared_embedding_columns).

    Raises:
        ValueError: as embedding_column, or columns of different types or bucket counts.
    """
    if dimension is None or dimension < 1:
        raise ValueError(f"Invalid dimension {dimension}.")
    _check_ckpt(ckpt_to_load_from, tensor_name_in_ckpt)
    if initializer is not None and not callable(initializer):
        raise ValueError("initializer must be callable if specified.")
    initializer = _default_initializer(initializer, dimension)
    ordered = sorted(categorical_columns, key=lambda c: c.name)
    first = ordered[0]
    if not isinstance(first, CategoricalColumn):
        raise ValueError(f"All categorical_columns must be subclasses of _CategoricalColumn. Given: {first}, of type: "
                         f"{type(first)}")
    base = _unweighted(first)
    for column in ordered[1:]:
        if not isinstance(_unweighted(column), type(base)):
            raise ValueError("To use shared_embedding_column, all categorical_columns must have the same type, or be "
                             "weighted_categorical_column or sequence column of the same type. Given column: "
                             f"{base} of type: {type(base)} does not match given column: {_unweighted(column)} of "
                             f"type: {type(_unweighted(column))}")
        if first.num_buckets != column.num_buckets:
            raise ValueError("To use shared_embedding_column, all categorical_columns must have the same number of "
                             f"buckets. ven column: {base} with buckets: {first.num_buckets} does  not match column: "
                             f"{column} with buckets: {column.num_buckets}")
    name = shared_embedding_collection_name or "_".join(c.name for c in ordered) + "_shared_embedding"
    return [SharedEmbeddingColumn(c, dimension, combiner, initializer, name, ckpt_to_load_from, tensor_name_in_ckpt,
                                  max_norm, trainable, use_safe_embedding_lookup) for c in categorical_columns]


def _unweighted(column):
    while hasattr(column, "categorical_column"):  # weighted and sequence columns wrap the one that gives ids
        column = column.categorical_column
    return column


__all__ = ["embedding_column", "indicator_column", "shared_embedding_columns"]
