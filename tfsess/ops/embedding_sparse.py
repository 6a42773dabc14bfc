"""tf.nn.embedding_lookup_sparse and safe_embedding_lookup_sparse: embeddings of sparse ids combined per row.

TF's graph (embedding_ops.py): ids are looked up (once each, through tf.unique, unless one unsharded
table serves them directly), scaled by their weights and combined per row of the sparse ids by
"sum", "mean" (sum over the weights' sum) or "sqrtn" (sum over the root of the squared weights' sum).
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.dispatch import add_dispatch_support
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import Dimension, unknown_shape
from tfsess.ops import (array_ops, broadcast_ops, constant_op, gather_ops, indexing_ops, logic_ops, math_ops, nn_impl,
                        reduction_ops, segment_ops, sparse_ops, sparse_structure_ops, stack_ops, unary_ops,
                        variables)

_COMBINERS = ("mean", "sqrtn", "sum")


@add_dispatch_support
def embedding_lookup_sparse(params, sp_ids, sp_weights, partition_strategy="mod", name=None, combiner=None,
                            max_norm=None, allow_fast_lookup=False):
    """One embedding per row of `sp_ids`: its ids' rows of `params`, weighted and combined.

    Args:
      params: one embedding table, or a list of shards split by `partition_strategy` ("mod" or "div").
      sp_ids: a SparseTensor of int ids, [batch, ...]; row i combines the ids with first index i.
      sp_weights: a SparseTensor of weights laid out as sp_ids, or None for weight 1.
      combiner: "mean" (default), "sqrtn" or "sum".
      max_norm: rows with a larger l2 norm are scaled down to it before combining.

    Returns:
      [batch rows present in sp_ids, embedding dims...] in params' dtype.

    Raises:
      ValueError: an unknown combiner. TypeError: sp_ids (or sp_weights) not a SparseTensor.
    """
    combiner = "mean" if combiner is None else combiner
    if combiner not in _COMBINERS:
        raise ValueError(f"combiner must be one of 'mean', 'sqrtn' or 'sum', got {combiner}")
    params = list(params) if isinstance(params, (list, tuple)) else [params]
    if not isinstance(sp_ids, SparseTensor):
        raise TypeError(f"sp_ids must be SparseTensor, got {type(sp_ids)}")
    ignore_weights = sp_weights is None
    if not ignore_weights:
        if not isinstance(sp_weights, SparseTensor):
            raise TypeError(f"sp_weights must be either None or SparseTensor,got {type(sp_weights)}")
        sp_ids.values.shape.assert_is_compatible_with(sp_weights.values.shape)
        sp_ids.indices.shape.assert_is_compatible_with(sp_weights.indices.shape)
        sp_ids.dense_shape.shape.assert_is_compatible_with(sp_weights.dense_shape.shape)
    with op_scope(name, "embedding_lookup_sparse", params + [sp_ids]) as scope:
        segment_ids = convert_to_tensor(sp_ids.indices, name="segment_ids")[:, 0]
        return _combine(params, segment_ids, sp_weights, sp_ids.values, combiner, max_norm, allow_fast_lookup,
                        partition_strategy, scope)


def _combine(params, segment_ids, sp_weights, ids, combiner, max_norm, allow_fast_lookup, partition_strategy,
             name):
    """TF's embedding_lookup_sparse_impl."""
    ignore_weights = sp_weights is None
    if len(params) == 1 and max_norm is None and (allow_fast_lookup or ignore_weights):
        idx, embeddings = ids, params[0]  # one table, no clipping: segment ops gather the rows themselves
    else:
        ids, idx = indexing_ops.unique(ids)
        embeddings = nn_impl.embedding_lookup(params, ids, partition_strategy=partition_strategy,
                                              max_norm=max_norm)
    if ignore_weights:
        if segment_ids.dtype.base_dtype not in (dtypes.int32, dtypes.int64):
            segment_ids = math_ops.cast(segment_ids, dtypes.int32)
        reduce = {"sum": segment_ops.sparse_segment_sum, "mean": segment_ops.sparse_segment_mean,
                  "sqrtn": segment_ops.sparse_segment_sqrt_n}[combiner]
        return reduce(embeddings, idx, segment_ids, name=name)
    segment_ids = math_ops.cast(segment_ids, dtypes.int32)
    weights = convert_to_tensor(sp_weights.values)
    embeddings = gather_ops.gather(embeddings, idx)
    original_dtype = embeddings.dtype.base_dtype
    if original_dtype == dtypes.float16:
        embeddings = math_ops.cast(embeddings, dtypes.float32)
    if weights.dtype.base_dtype != embeddings.dtype.base_dtype:
        weights = math_ops.cast(weights, embeddings.dtype.base_dtype)
    # weights [n] -> [n, 1, ...] to scale whole embedding rows
    weights_shape = array_ops.shape(weights)
    ones = constant_op.ones(array_ops.expand_dims(array_ops.rank(embeddings) - 1, 0), dtype=weights_shape.dtype)
    static_weights_shape = weights.shape
    weights = array_ops.reshape(weights, stack_ops.concat([weights_shape, ones], 0))
    if embeddings.shape.ndims is not None:
        weights.set_shape(static_weights_shape.concatenate([1] * (embeddings.shape.ndims - 1)))
    embeddings = embeddings * weights
    if combiner == "sum":
        embeddings = reduction_ops.segment_sum(embeddings, segment_ids, name=name)
    else:
        total = reduction_ops.segment_sum(embeddings, segment_ids)
        if combiner == "mean":
            weight_sum = reduction_ops.segment_sum(weights, segment_ids)
        else:
            weight_sum = unary_ops.sqrt(reduction_ops.segment_sum(math_ops.pow(weights, 2), segment_ids))
        embeddings = math_ops.div_no_nan(total, weight_sum, name=name)
    if embeddings.dtype.base_dtype != original_dtype:
        embeddings = math_ops.cast(embeddings, original_dtype)
    return embeddings


def safe_embedding_lookup_sparse(embedding_weights, sparse_ids, sparse_weights=None, combiner="mean",
                                 default_id=None, name=None, partition_strategy="div", max_norm=None,
                                 allow_fast_lookup=False):
    """embedding_lookup_sparse over any-rank sparse ids, dropping invalid ids (< 0) and, unless summing,
    non-positive weights; an empty row gets `default_id`'s embedding, or zeros when it is None.

    Returns:
      [d_0, ..., d_{n-2}, embedding dims...] for sparse ids of dense shape [d_0, ..., d_{n-1}].

    Raises:
      ValueError: no embedding_weights.
    """
    if embedding_weights is None:
        raise ValueError(f"Missing embedding_weights {embedding_weights}.")
    embedding_weights = list(embedding_weights) if isinstance(embedding_weights, (list, tuple)) \
        else [embedding_weights]
    if len(embedding_weights) < 1:
        raise ValueError(f"Missing embedding_weights {embedding_weights}.")
    dtype = sparse_weights.dtype if sparse_weights is not None else None
    embedding_weights = [w if isinstance(w, variables.RefVariable) and dtype in (None, w.dtype.base_dtype)
                         else convert_to_tensor(w, dtype=dtype) for w in embedding_weights]
    values = embedding_weights + [sparse_ids] + ([sparse_weights] if sparse_weights is not None else [])
    with op_scope(name, "embedding_lookup", values) as scope:
        original_shape = convert_to_tensor(sparse_ids.dense_shape)
        original_rank_dim = original_shape.shape[0].value if original_shape.shape.ndims == 1 else None
        original_rank = array_ops.size(original_shape) if original_rank_dim is None else original_rank_dim
        sparse_ids = sparse_ops.sparse_reshape(sparse_ids, [
            reduction_ops.reduce_prod(indexing_ops.slice_(original_shape, [0], [original_rank - 1])),
            gather_ops.gather(original_shape, original_rank - 1)])
        if sparse_weights is not None:
            sparse_weights = SparseTensor(sparse_ids.indices, sparse_weights.values, sparse_ids.dense_shape)
        sparse_ids, sparse_weights = _prune_invalid_ids(sparse_ids, sparse_weights)
        if combiner != "sum":
            sparse_ids, sparse_weights = _prune_invalid_weights(sparse_ids, sparse_weights)
        sparse_ids, is_row_empty = sparse_structure_ops.sparse_fill_empty_rows(sparse_ids, default_id or 0)
        if sparse_weights is not None:
            sparse_weights, _ = sparse_structure_ops.sparse_fill_empty_rows(sparse_weights, 1.0)
        result = embedding_lookup_sparse(embedding_weights, sparse_ids, sparse_weights, combiner=combiner,
                                         partition_strategy=partition_strategy,
                                         name=None if default_id is None else scope, max_norm=max_norm,
                                         allow_fast_lookup=allow_fast_lookup)
        if default_id is None:
            is_row_empty = broadcast_ops.tile(array_ops.reshape(is_row_empty, [-1, 1]),
                                              stack_ops.stack([1, array_ops.shape(result)[1]]))
            result = indexing_ops.where(is_row_empty, array_ops.zeros_like(result), result, name=scope)
        final = array_ops.reshape(result, stack_ops.concat([
            indexing_ops.slice_(math_ops.cast(original_shape, dtypes.int32), [0], [original_rank - 1]),
            indexing_ops.slice_(array_ops.shape(result), [1], [-1])], 0))
        final.set_shape(unknown_shape((Dimension(original_rank_dim) - 1).value).concatenate(result.shape[1:]))
        return final


def _prune_invalid_ids(sparse_ids, sparse_weights):
    is_id_valid = logic_ops.greater_equal(sparse_ids.values, 0)
    if sparse_weights is not None:
        is_id_valid = logic_ops.logical_and(is_id_valid, array_ops.ones_like(sparse_weights.values,
                                                                             dtype=dtypes.bool))
    sparse_ids = sparse_ops.sparse_retain(sparse_ids, is_id_valid)
    if sparse_weights is not None:
        sparse_weights = sparse_ops.sparse_retain(sparse_weights, is_id_valid)
    return sparse_ids, sparse_weights


def _prune_invalid_weights(sparse_ids, sparse_weights):
    if sparse_weights is not None:
        is_weights_valid = logic_ops.greater(sparse_weights.values, 0)
        sparse_ids = sparse_ops.sparse_retain(sparse_ids, is_weights_valid)
        sparse_weights = sparse_ops.sparse_retain(sparse_weights, is_weights_valid)
    return sparse_ids, sparse_weights


__all__ = ["embedding_lookup_sparse", "safe_embedding_lookup_sparse"]
