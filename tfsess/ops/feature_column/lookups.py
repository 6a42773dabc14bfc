"""What the columns look up with: Bucketize and vocabulary tables (the sparse embedding lookups are
tf.nn's, in ops/embedding_sparse.py)."""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.graph_api import name_scope
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.ops import array_ops, indexing_ops, logic_ops, math_ops, sequence_ops, string_ops
from tfsess.ops._infer import apply_gen, check_dtype
from tfsess.ops.lookup_ops import (KeyValueTensorInitializer, StaticHashTable, TextFileIndex,
                                   TextFileInitializer)
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


__all__ = []
