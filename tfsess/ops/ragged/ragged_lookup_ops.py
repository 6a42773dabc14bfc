"""Lookups over ragged ids and ragged strings: tf.nn.embedding_lookup and tf.nn.embedding_lookup_sparse
with RaggedTensor ids, and tf.strings.ngrams of ragged rows (TF's ragged dispatch of each)."""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.dispatch import dispatch_for_api
from tfsess.framework.op_builder import apply_op, op_scope
from tfsess.ops import embedding_sparse, nn_impl, string_text_ops
from tfsess.ops.ragged.ragged_tensor import RaggedTensor, RaggedTensorValue, convert_to_tensor_or_ragged_tensor

_RAGGED = (RaggedTensor, RaggedTensorValue)


@dispatch_for_api(nn_impl.embedding_lookup, *_RAGGED)
def embedding_lookup(params, ids, partition_strategy="mod", name=None, validate_indices=True, max_norm=None):
    """The rows of `params` for each of the ragged `ids`: a RaggedTensor with the ids' partitions and
    one more (embedding) dimension.

    Raises:
        ValueError: `ids` is not int32 or int64.
    """
    with op_scope(name, "embedding_lookup_ragged", [ids]):
        ids = convert_to_tensor_or_ragged_tensor(ids)
        if not isinstance(ids, RaggedTensor):
            return nn_impl.embedding_lookup(params, ids, partition_strategy, validate_indices=validate_indices,
                                            max_norm=max_norm)
        if ids.dtype.base_dtype not in (dtypes.int32, dtypes.int64):
            raise ValueError(f"The values contained by the inputs have type {ids.dtype.name} and cannot be "
                             "processed. All values should be indices, either of type `int32` or `int64`.")
        looked_up = nn_impl.embedding_lookup(params, ids.flat_values, partition_strategy,
                                             validate_indices=validate_indices, max_norm=max_norm)
        return ids.with_flat_values(looked_up)


@dispatch_for_api(embedding_sparse.embedding_lookup_sparse, *_RAGGED)
def embedding_lookup_sparse(params, sp_ids, sp_weights, partition_strategy="mod", name=None, combiner=None,
                            max_norm=None, allow_fast_lookup=False):
    """One combined embedding per row of the ragged ids `sp_ids` (weights ragged alike, or None).

    Raises:
        TypeError: ragged ids with weights that are not a RaggedTensor.
    """
    if sp_weights is not None and not isinstance(sp_weights, RaggedTensor):
        raise TypeError(f"sp_ids must be of the same type as sp_weights, received {type(sp_ids).__name__!r} for "
                        f"sp_ids and {type(sp_weights).__name__!r} for sp_weights.")
    if not isinstance(sp_ids, RaggedTensor):
        raise TypeError(f"sp_ids must be of the same type as sp_weights, received {type(sp_ids).__name__!r} for "
                        f"sp_ids and {type(sp_weights).__name__!r} for sp_weights.")
    if sp_weights is not None:
        sp_ids.flat_values.shape.assert_is_compatible_with(sp_weights.flat_values.shape)
        sp_ids.shape.assert_is_compatible_with(sp_weights.shape)
    with op_scope(name, "embedding_lookup_sparse", [sp_ids]):
        weights = None if sp_weights is None else sp_weights.to_sparse()
        return embedding_sparse.embedding_lookup_sparse(params, sp_ids.to_sparse(), weights, partition_strategy,
                                                        combiner=combiner, max_norm=max_norm,
                                                        allow_fast_lookup=allow_fast_lookup)


@dispatch_for_api(string_text_ops.ngrams, *_RAGGED)
def ngrams(data, ngram_width, separator=" ", pad_values=None, padding_width=None, preserve_short_sequences=False,
           name=None):
    """The n-grams of each innermost row of a ragged string tensor, as a RaggedTensor of the same partitions."""
    attrs = string_text_ops.ngram_attrs(ngram_width, separator, pad_values, padding_width,
                                        preserve_short_sequences)
    with op_scope(name, "StringNGrams", [data]):
        data = convert_to_tensor_or_ragged_tensor(data, dtypes.string, name="data")
        return _ragged_ngrams(data, attrs)


def _ragged_ngrams(data, attrs):
    if isinstance(data.values, RaggedTensor):
        return data.with_values(_ragged_ngrams(data.values, attrs))
    if data.values.shape.ndims not in (None, 1):
        raise ValueError("tfsess: tf.strings.ngrams takes ragged rows of scalar strings")
    out, out_splits = apply_op("StringNGrams", [data.values, data.row_splits],
                               dict(attrs, Tsplits=data.row_splits.dtype.base_dtype)).outputs
    return RaggedTensor.from_row_splits(out, out_splits, validate=False)
