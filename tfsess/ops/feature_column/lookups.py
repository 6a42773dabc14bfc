"""What the columns look up with: Bucketize, vocabulary tables, and sparse embedding lookups.

The embedding lookups are TF's `embedding_ops.embedding_lookup_sparse` and
`safe_embedding_lookup_sparse` (TF1 forms), built from unique + gather + segment reductions.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.graph_api import name_scope
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import Dimension, unknown_shape
from tfsess.ops import (array_ops, broadcast_ops, constant_op, gather_ops, indexing_ops, logic_ops, math_ops,
                        reduction_ops, segment_ops, sequence_ops, stack_ops, string_ops, unary_ops)
from tfsess.ops._infer import apply_gen, check_dtype
from tfsess.ops.lookup_ops import (KeyValueTensorInitializer, StaticHashTable, TextFileIndex,
                                   TextFileInitializer)
from tfsess.ops.nn_impl import embedding_lookup
from tfsess.ops.sparse_ops import sparse_reshape, sparse_retain
from tfsess.ops.sparse_structure_ops import sparse_fill_empty_rows
from tfsess.ops.string_hash_ops import string_to_hash_bucket_fast

_BUCKETIZE_TYPES = (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64)


def _bucketize_infer(inputs, attrs):
    check_dtype(inputs[0], _BUCKETIZE_TYPES, "input")
    return [(dtypes.int32, inputs[0].shape)]


@register_op("Bucketize", infer=_bucketize_infer, no_gradient=True)
def _bucketize(xp, values, *, boundaries):
    edges = np.asarray(boundaries, np.float32)
    if np.any(edges[1:] < edges[:-1]):
        raise ValueError("Expected sorted boundaries")
    # TF keeps the boundaries as floats: an integer input is compared as float, a double input in double
    edges = edges.astype(np.float64) if values.dtype == np.float64 else edges
    values = values.astype(np.float32) if values.dtype.kind in "iu" else values
    return xp.searchsorted(xp.asarray(edges), values, side="right").astype(xp.int32)


def bucketize(input, boundaries, name=None):  # noqa: A002 - TF's name
    """The index of the bucket of each value: how many boundaries are <= it (int32; TF's Bucketize)."""
    return apply_gen("Bucketize", [("input", input, None)], {"boundaries": [float(b) for b in boundaries]},
                     name=name)


class IndexTable:
    """A vocabulary's ids (int64), and for out-of-vocabulary keys `default_value` or one of
    `num_oov_buckets` hash buckets after the vocabulary (TF's IdTableWithHashBuckets)."""

    def __init__(self, table, num_oov_buckets, default_value):
        self._table, self._num_oov_buckets, self._default_value = table, int(num_oov_buckets), default_value

    @property
    def initializer(self):
        return self._table.initializer

    def lookup(self, keys, name=None):
        """The ids of `keys` (a Tensor, or a SparseTensor whose values are looked up)."""
        if isinstance(keys, SparseTensor):
            return SparseTensor(keys.indices, self.lookup(keys.values, name), keys.dense_shape)
        with name_scope(name, "hash_table_Lookup", [keys]):
            table_keys = math_ops.cast(keys, dtypes.int64) if keys.dtype.is_integer else keys
            ids = self._table.lookup(table_keys)
            if not self._num_oov_buckets:
                return ids
            text = keys if keys.dtype == dtypes.string else string_ops.as_string(keys)
            buckets = string_to_hash_bucket_fast(text, self._num_oov_buckets, name="hash_bucket")
            buckets = math_ops.add(buckets, self._table.size())
            return indexing_ops.where_v2(logic_ops.not_equal(ids, self._default_value), ids, buckets)


def index_table_from_tensor(vocabulary_list, num_oov_buckets=0, default_value=-1, dtype=dtypes.string, name=None):
    """A table mapping each entry of `vocabulary_list` to its position (tf.lookup index_table_from_tensor)."""
    with name_scope(name, "string_to_index"):
        keys = convert_to_tensor(vocabulary_list)
        if keys.dtype.is_integer != dtype.is_integer:
            raise ValueError(f"Invalid `dtype`: Expected {'integer' if dtype.is_integer else 'non-integer'}, "
                             f"got {dtype}.")
        values = math_ops.cast(sequence_ops.range_(array_ops.size(keys)), dtypes.int64)
        with name_scope(None, "hash_table"):
            table_keys = math_ops.cast(keys, dtypes.int64) if keys.dtype.is_integer else keys
            init = KeyValueTensorInitializer(table_keys, values, table_keys.dtype.base_dtype, dtypes.int64,
                                             name="table_init")
            table = StaticHashTable(init, default_value)
        return IndexTable(table, num_oov_buckets, default_value)


def index_table_from_file(vocabulary_file, num_oov_buckets=0, vocab_size=None, default_value=-1,
                          key_dtype=dtypes.string, name=None):
    """A table mapping each line of `vocabulary_file` to its line number (tf.lookup index_table_from_file)."""
    with name_scope(name, "string_to_index"):
        with name_scope(None, "hash_table"):
            init = TextFileInitializer(vocabulary_file, dtypes.int64 if key_dtype.is_integer else key_dtype,
                                       TextFileIndex.WHOLE_LINE, dtypes.int64, TextFileIndex.LINE_NUMBER,
                                       vocab_size=vocab_size, name="table_init")
            table = StaticHashTable(init, default_value)
        return IndexTable(table, num_oov_buckets, default_value)


def embedding_lookup_sparse(params, sp_ids, sp_weights, combiner="mean", name=None, max_norm=None):
    """Per row of `sp_ids`, the `combiner` of its ids' rows of `params`, weighted by `sp_weights`
    (None: weight 1). Rows past the last non-empty row are absent (TF1's embedding_lookup_sparse)."""
    if combiner not in ("mean", "sqrtn", "sum"):
        raise ValueError(f"combiner must be one of 'mean', 'sqrtn' or 'sum', got {combiner}")
    with name_scope(name, "embedding_lookup_sparse", [params, sp_ids]) as name:
        segment_ids = math_ops.cast(gather_ops.gather(array_ops.transpose(sp_ids.indices), 0), dtypes.int32)
        ids, idx = indexing_ops.unique(sp_ids.values)
        embeddings = embedding_lookup(params, ids, max_norm=max_norm)
        if sp_weights is None:
            reduce = {"sum": segment_ops.sparse_segment_sum, "mean": segment_ops.sparse_segment_mean,
                      "sqrtn": segment_ops.sparse_segment_sqrt_n}[combiner]
            return reduce(embeddings, idx, segment_ids, name=name)
        weights = math_ops.cast(sp_weights.values, embeddings.dtype)
        embeddings = gather_ops.gather(embeddings, idx)
        ones = constant_op.ones(array_ops.expand_dims(array_ops.rank(embeddings) - 1, 0), dtype=dtypes.int32)
        weights = array_ops.reshape(weights, stack_ops.concat([array_ops.shape(weights), ones], 0))
        embeddings = math_ops.multiply(embeddings, weights)
        if combiner == "sum":
            return reduction_ops.segment_sum(embeddings, segment_ids, name=name)
        total = reduction_ops.segment_sum(embeddings, segment_ids)
        if combiner == "mean":
            return math_ops.div_no_nan(total, reduction_ops.segment_sum(weights, segment_ids), name=name)
        norm = unary_ops.sqrt(reduction_ops.segment_sum(math_ops.pow(weights, 2), segment_ids))
        return math_ops.div_no_nan(total, norm, name=name)


def safe_embedding_lookup_sparse(params, sparse_ids, sparse_weights=None, combiner="mean", default_id=None,
                                 name=None, max_norm=None):
    """embedding_lookup_sparse over ids of any rank >= 2, dropping negative ids (and, unless `sum`,
    non-positive weights); an empty row gives zeros, or `default_id`'s row (TF1's safe lookup)."""
    with name_scope(name, "embedding_lookup", [params, sparse_ids, sparse_weights]) as scope:
        original_shape = sparse_ids.dense_shape
        rank_dim = original_shape.get_shape().dims[0].value
        rank = array_ops.size(original_shape) if rank_dim is None else rank_dim
        sparse_ids = sparse_reshape(sparse_ids, [
            reduction_ops.reduce_prod(indexing_ops.slice_(original_shape, [0], [rank - 1])),
            gather_ops.gather(original_shape, rank - 1)])
        if sparse_weights is not None:
            sparse_weights = SparseTensor(sparse_ids.indices, sparse_weights.values, sparse_ids.dense_shape)
        sparse_ids, sparse_weights = _prune(sparse_ids, sparse_weights,
                                            logic_ops.greater_equal(sparse_ids.values, 0))
        if combiner != "sum" and sparse_weights is not None:
            sparse_ids, sparse_weights = _prune(sparse_ids, sparse_weights,
                                                logic_ops.greater(sparse_weights.values, 0))
        sparse_ids, is_row_empty = sparse_fill_empty_rows(sparse_ids, default_id or 0)
        if sparse_weights is not None:
            sparse_weights, _ = sparse_fill_empty_rows(sparse_weights, 1.0)
        result = embedding_lookup_sparse(params, sparse_ids, sparse_weights, combiner=combiner,
                                         name=None if default_id is None else scope, max_norm=max_norm)
        if default_id is None:
            is_row_empty = broadcast_ops.tile(array_ops.reshape(is_row_empty, [-1, 1]),
                                              stack_ops.stack([1, array_ops.shape(result)[1]]))
            result = indexing_ops.where(is_row_empty, array_ops.zeros_like(result), result, name=scope)
        final = array_ops.reshape(result, stack_ops.concat([
            indexing_ops.slice_(math_ops.cast(original_shape, dtypes.int32), [0], [rank - 1]),
            indexing_ops.slice_(array_ops.shape(result), [1], [-1])], 0))
        leading = unknown_shape((Dimension(rank_dim) - 1).value)
        final.set_shape(leading.concatenate(result.get_shape()[1:]))
        return final


def _prune(sparse_ids, sparse_weights, keep):
    sparse_ids = sparse_retain(sparse_ids, keep)
    if sparse_weights is not None:
        sparse_weights = sparse_retain(sparse_weights, keep)
    return sparse_ids, sparse_weights


__all__ = []
