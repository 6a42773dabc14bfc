"""tf.io.RaggedFeature: a feature parsed into a RaggedTensor, its values read from `value_key` and
its row partitions from other features (row splits, lengths, starts, limits, value row ids) or a
uniform row length.

The parsers read the value and partition keys as variable-length features; `build_ragged_features`
turns those SparseTensors into ragged values (one row per example when parsing a batch) and stacks
the partitions on them, innermost last, as TF's parsing_config does.
"""
from __future__ import annotations

import collections

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.ops import array_ops, cumulative_ops, math_ops, reduction_ops, search_count_ops, segment_ops, stack_ops
from tfsess.ops.ragged.ragged_reductions import ragged_reduce_aggregate
from tfsess.ops.ragged.ragged_tensor import RaggedTensor

_PARTITION_NAMES = ("RowSplits", "RowLengths", "RowStarts", "RowLimits", "ValueRowIds")


class RaggedFeature(collections.namedtuple("RaggedFeature",
                                           ["dtype", "value_key", "partitions", "row_splits_dtype", "validate"])):
    """A feature parsed into a RaggedTensor of `dtype` (tf.io.RaggedFeature).

    Raises:
        ValueError: an empty or non-string value_key, a dtype other than int64/float32/string, or a
            row_splits_dtype other than int32/int64.
        TypeError: partitions that are not a list or tuple of partition objects, or a non-bool validate.
    """

    RowSplits = collections.namedtuple("RowSplits", ["key"])
    RowLengths = collections.namedtuple("RowLengths", ["key"])
    RowStarts = collections.namedtuple("RowStarts", ["key"])
    RowLimits = collections.namedtuple("RowLimits", ["key"])
    ValueRowIds = collections.namedtuple("ValueRowIds", ["key"])
    UniformRowLength = collections.namedtuple("UniformRowLength", ["length"])
    _PARTITION_TYPES = (RowSplits, RowLengths, RowStarts, RowLimits, ValueRowIds, UniformRowLength)

    def __new__(cls, dtype, value_key=None, partitions=(), row_splits_dtype=dtypes.int32, validate=False):
        if value_key is not None:
            if not isinstance(value_key, str):
                raise ValueError(f"Argument `value_key` must be a string; got {value_key}")
            if not value_key:
                raise ValueError("Argument `value_key` must not be empty")
        dtype = dtypes.as_dtype(dtype)
        if dtype not in (dtypes.int64, dtypes.float32, dtypes.string):
            raise ValueError(f"Argument `dtype` must be int64, float32, or bytes; got {dtype!r}")
        row_splits_dtype = dtypes.as_dtype(row_splits_dtype)
        if row_splits_dtype not in (dtypes.int32, dtypes.int64):
            raise ValueError(f"Argument `row_splits_dtype` must be int32 or int64; got{row_splits_dtype!r}")
        if not isinstance(partitions, (list, tuple)):
            raise TypeError(f"Argument `partitions` must be a list or tuple. Receivedpartitions={partitions} of type "
                            f"{type(partitions).__name__}.")
        for partition in partitions:
            if not isinstance(partition, cls._PARTITION_TYPES):
                raise TypeError(f"Argument `partitions` cannot be cast to any of the partition types in "
                                f"{cls._PARTITION_TYPES}; got: {partition!r} with type {type(partition)}")
        if not isinstance(validate, bool):
            raise TypeError(f"Argument `validate` must be a bool; got {validate!r}")
        return super().__new__(cls, dtype, value_key, tuple(partitions), row_splits_dtype, validate)


def split_ragged_features(features, var_len_feature):
    """(the features without RaggedFeatures, but with a `var_len_feature(dtype)` for each value and
    partition key they read; the RaggedFeatures)."""
    ragged = {k: f for k, f in features.items() if isinstance(f, RaggedFeature)}
    plain = {k: f for k, f in features.items() if not isinstance(f, RaggedFeature)}
    read = {}  # key -> (value dtype, row splits dtype), which must agree among the features reading it

    def add(key, dtype, splits_dtype):
        if key in read:
            if read[key][0] != dtype:
                raise ValueError(f"Conflicting type {read[key][0]} vs {dtype} for feature {key}.")
            if read[key][1] != splits_dtype:
                raise ValueError(f"Conflicting partition type {read[key][1]} vs {splits_dtype} for feature {key}.")
        read[key] = (dtype, splits_dtype)
        plain.setdefault(key, var_len_feature(dtype))
    for key, feature in sorted(ragged.items()):
        add(feature.value_key or key, feature.dtype, feature.row_splits_dtype)
        for partition in feature.partitions:
            if not isinstance(partition, RaggedFeature.UniformRowLength):
                add(partition.key, dtypes.int64, feature.row_splits_dtype)
    return plain, ragged


def _as_ragged_value(sparse, row_splits_dtype):
    """A parsed variable-length feature as ragged values: rows per example (2-D) or its values (1-D)."""
    if sparse.shape.ndims == 1:
        return sparse.values
    return RaggedTensor.from_sparse(sparse, row_splits_dtype=row_splits_dtype)


def build_ragged_features(requested, parsed, ragged):
    """`parsed` (the parser's dict) with each RaggedFeature of `ragged` built, keeping only `requested` keys.

    Raises:
        ValueError: ragged sequence features of a batch of SequenceExamples (their step counts are not kept).
    """
    updates = {}
    for key in sorted(ragged):
        feature = ragged[key]
        value_of = {}

        def raw(name, dtype):
            sparse = parsed[name]
            if sparse.shape.ndims is not None and sparse.shape.ndims > 2:
                raise ValueError("tfsess: RaggedFeature sequence features need one SequenceExample at a time")
            if (name, dtype) not in value_of:
                value_of[(name, dtype)] = _as_ragged_value(sparse, dtype)
            return value_of[(name, dtype)]
        rt = raw(feature.value_key or key, feature.row_splits_dtype)
        if isinstance(rt, RaggedTensor):
            for partition in reversed(feature.partitions):
                rt = _add_batched_partition(rt, partition, raw, feature)
        else:
            for partition in reversed(feature.partitions):
                rt = _add_partition(rt, partition, raw, feature)
        updates[key] = rt
    out = dict(parsed)
    out.update(updates)
    return {k: v for k, v in out.items() if k in requested}


def _add_partition(values, partition, raw, feature):
    """`values` (of one example) partitioned by `partition`."""
    dtype, validate = feature.row_splits_dtype, feature.validate
    if isinstance(partition, RaggedFeature.UniformRowLength):
        if isinstance(values, RaggedTensor):
            return RaggedTensor.from_uniform_row_length(values, convert_to_tensor(partition.length, dtype),
                                                        validate=validate)
        return array_ops.reshape(values, stack_ops.concat([[-1, partition.length], array_ops.shape(values)[1:]], 0))
    part = math_ops.cast(raw(partition.key, dtype), dtype)
    factory = {RaggedFeature.RowSplits: RaggedTensor.from_row_splits,
               RaggedFeature.RowLengths: RaggedTensor.from_row_lengths,
               RaggedFeature.RowStarts: RaggedTensor.from_row_starts,
               RaggedFeature.RowLimits: RaggedTensor.from_row_limits,
               RaggedFeature.ValueRowIds: RaggedTensor.from_value_rowids}[type(partition)]
    return factory(values, part, validate=validate)


def _repeat(values, counts):
    return search_count_ops.repeat(values, counts, axis=0)


def _add_batched_partition(rt, partition, raw, feature):
    """The rows of `rt` (one per example) each partitioned by that example's `partition`."""
    validate = feature.validate
    if isinstance(partition, RaggedFeature.UniformRowLength):
        length = convert_to_tensor(partition.length, rt.row_splits.dtype)
        if rt.ragged_rank > 1:
            return RaggedTensor.from_row_splits(RaggedTensor.from_uniform_row_length(rt.values, length,
                                                                                     validate=validate),
                                                rt.row_splits // length, validate=validate)
        values = array_ops.reshape(rt.values, stack_ops.concat([[-1, partition.length], array_ops.shape(rt.values)[1:]],
                                                               0))
        return RaggedTensor.from_row_splits(values, rt.row_splits // length, validate=validate)
    part = raw(partition.key, rt.row_splits.dtype)
    part = part.with_flat_values(math_ops.cast(part.flat_values, rt.row_splits.dtype))
    if isinstance(partition, (RaggedFeature.RowSplits, RaggedFeature.RowLimits)):
        if isinstance(partition, RaggedFeature.RowSplits):
            part = part[:, 1:]
        limits = part.values + _repeat(rt.row_starts(), part.row_lengths())
        return part.with_values(RaggedTensor.from_row_limits(rt.values, limits, validate=validate))
    if isinstance(partition, RaggedFeature.RowStarts):
        starts = part.values + _repeat(rt.row_starts(), part.row_lengths())
        return part.with_values(RaggedTensor.from_row_starts(rt.values, starts, validate=validate))
    if isinstance(partition, RaggedFeature.RowLengths):
        return part.with_values(RaggedTensor.from_row_lengths(rt.values, part.values, validate=validate))
    longest = ragged_reduce_aggregate(reduction_ops.reduce_max, segment_ops.unsorted_segment_max, part + 1, 1, False)
    nrows = math_ops.maximum(longest, math_ops.cast(0, part.dtype))
    rowids = part.values + _repeat(cumulative_ops.cumsum(nrows, exclusive=True), part.row_lengths())
    return RaggedTensor.from_row_lengths(RaggedTensor.from_value_rowids(rt.values, rowids, validate=validate), nrows,
                                         validate=validate)

