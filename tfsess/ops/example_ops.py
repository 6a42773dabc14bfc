"""tf.io.parse_sequence_example (the ParseSequenceExampleV2 op: a batch of SequenceExamples) and
tf.io.decode_json_example (JSON Examples to binary ones, through protobuf's JSON parser).

parse_sequence_example gives (context, feature_lists, lengths): dense feature lists are padded
to the longest sequence of the batch and `lengths` holds each example's sequence length;
sparse feature lists have indices [example, step, position].
"""
from __future__ import annotations

import json
import struct

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.lib import example_proto
from tfsess.ops import parsing_ops
from tfsess.ops.parsing_ops import (FixedLenSequenceFeature, VarLenFeature, _check_dtype, _default_tensor, _dense,
                                    _single, _sparse, _split_features, _stack_padded, _values)
from tfsess.ops.ragged.ragged_parsing import RaggedFeature, build_ragged_features, split_ragged_features


def _np_dtype(dtype):
    return object if dtype == dtypes.string else dtype.as_numpy_dtype


# ------------------------------------------------------------------ ParseSequenceExampleV2
def _sequence_infer(inputs, attrs):
    batch = inputs[0].shape
    rank = batch.ndims
    lead = batch.as_list() if rank is not None else None

    def dims(*rest):
        return TensorShape(None) if lead is None else TensorShape(lead + list(rest))
    out = []
    for prefix, extra in (("context_", 1), ("feature_list_", 2)):
        keys, types = attrs[prefix + "sparse_keys"], attrs[prefix + "sparse_types"]
        width = None if rank is None else rank + extra
        out += [(dtypes.int64, TensorShape([None, width])) for _ in keys]
        out += [(dtypes.as_dtype(t), TensorShape([None])) for t in types]
        out += [(dtypes.int64, TensorShape([width])) for _ in keys]
        shapes = attrs[prefix + "dense_shapes"]
        if extra == 1:
            out += [(dtypes.as_dtype(t), dims(*s)) for t, s in zip(attrs[prefix + "dense_types"], shapes)]
        else:
            out += [(dtypes.as_dtype(t), dims(None, *s)) for t, s in zip(attrs[prefix + "dense_types"], shapes)]
    out += [(dtypes.int64, dims()) for _ in attrs["feature_list_dense_keys"]]
    return out


def _parse_all(batch):
    try:
        return [example_proto.sequence_example(s) for s in batch.reshape(-1)]
    except ValueError as exc:
        raise errors.InvalidArgumentError(None, None, f"Could not parse example input: {exc}") from None


_TYPE_WORD = {dtypes.float32: "float", dtypes.int64: "int64", dtypes.string: "string"}


def _list_values(key, index, feature, dtype):
    try:
        return _values(key, index, feature, dtype)
    except errors.InvalidArgumentError:
        raise errors.InvalidArgumentError(None, None, f"Name: <unknown>, Feature list: {key}, Index: {index}.  Data "
                                          f"types don't match. Expected type: {_TYPE_WORD[dtype]}") from None


def _context_values(key, feature, dtype):
    try:
        return _values(key, 0, feature, dtype)
    except errors.InvalidArgumentError:
        raise errors.InvalidArgumentError(None, None, f"Name: <unknown>, Context feature: {key}.  Data types don't "
                                          f"match. Expected type: {_TYPE_WORD[dtype]}") from None


def _sparse_lists(rows_per_example, dtype):
    """Feature-list SparseTensor parts: indices [example, step, position] from per-example step lists."""
    indices, values = [], []
    steps = max([len(rows) for rows in rows_per_example], default=0)
    width = max([len(v) for rows in rows_per_example for v in rows], default=0)
    for b, rows in enumerate(rows_per_example):
        for t, row in enumerate(rows):
            indices += [[b, t, j] for j in range(len(row))]
            values += list(row)
    return (np.array(indices, np.int64).reshape(-1, 3),
            example_proto.as_values({dtypes.float32: "float", dtypes.int64: "int64", dtypes.string: "bytes"}[dtype],
                                    values, dtype.as_numpy_dtype),
            np.array([len(rows_per_example), steps, width], np.int64))


@register_op("ParseSequenceExampleV2", infer=_sequence_infer, gpu=False, no_gradient=True)
def _parse_sequence_example_v2(xp, serialized, *context_defaults, context_sparse_keys=(), context_sparse_types=(),
                               context_dense_keys=(), context_dense_types=(), context_dense_shapes=(),
                               feature_list_sparse_keys=(), feature_list_sparse_types=(),
                               feature_list_dense_keys=(), feature_list_dense_types=(),
                               feature_list_dense_shapes=(), feature_list_dense_missing_allowed=()):
    batch = np.asarray(serialized, dtype=object)
    parsed = _parse_all(batch)
    scalar = batch.ndim == 0
    out = []
    parts = []
    for key, t in zip(context_sparse_keys, context_sparse_types):
        dtype = dtypes.as_dtype(t)
        rows = [_context_values(key, ctx[key], dtype) if key in ctx else [] for ctx, _ in parsed]
        p = _sparse(rows, dtype)
        parts.append(_single(p) if scalar else p)
    out += [p[0] for p in parts] + [p[1] for p in parts] + [p[2] for p in parts]
    for k, (key, t, shape) in enumerate(zip(context_dense_keys, context_dense_types, context_dense_shapes)):
        dtype = dtypes.as_dtype(t)
        default = context_defaults[k] if np.asarray(context_defaults[k]).size else None
        if default is not None:
            default = np.asarray(default).reshape(shape)
        for ctx, _ in parsed:
            if key in ctx:
                _context_values(key, ctx[key], dtype)
        values = [np.asarray(_dense(key, 0, ctx.get(key), dtype, shape, default, False), _np_dtype(dtype))
                  for ctx, _ in parsed]
        stacked = np.stack(values) if values else np.zeros((0,) + tuple(shape), _np_dtype(dtype))
        out.append(stacked[0] if scalar else stacked)
    parts = []
    for key, t in zip(feature_list_sparse_keys, feature_list_sparse_types):
        dtype = dtypes.as_dtype(t)
        rows = [[_list_values(key, i, f, dtype) for i, f in enumerate(lists.get(key, []))] for _, lists in parsed]
        ind, val, shp = _sparse_lists(rows, dtype)
        parts.append((ind[:, 1:], val, shp[1:]) if scalar else (ind, val, shp))
    out += [p[0] for p in parts] + [p[1] for p in parts] + [p[2] for p in parts]
    lengths = []
    for k, (key, t, shape) in enumerate(zip(feature_list_dense_keys, feature_list_dense_types,
                                            feature_list_dense_shapes)):
        dtype = dtypes.as_dtype(t)
        sequences = []
        for _, lists in parsed:
            if key not in lists and not feature_list_dense_missing_allowed[k]:
                raise errors.InvalidArgumentError(
                    None, None, f"Name: <unknown>, Feature list '{key}' is required but could not be found.  Did you "
                    "mean to include it in feature_list_dense_missing_assumed_empty or feature_list_dense_defaults?")
            steps = [_dense(key, i, f, dtype, shape, None, False) for i, f in enumerate(lists.get(key, []))]
            sequences.append(np.stack(steps).astype(_np_dtype(dtype)) if steps
                             else np.zeros((0,) + tuple(shape), _np_dtype(dtype)))
        padded = _stack_padded(sequences, dtype, None) if sequences else \
            np.zeros((0, 0) + tuple(shape), _np_dtype(dtype))
        out.append(padded[0] if scalar else padded)
        counts = np.array([len(s) for s in sequences], np.int64)
        lengths.append(counts[0] if scalar else counts)
    out += lengths
    return out[0] if len(out) == 1 else tuple(out)


def parse_sequence_example(serialized, context_features=None, sequence_features=None, example_names=None,
                           name=None):
    """Parses a batch (or one) of serialized SequenceExamples into (context, feature_lists, lengths).

    Raises:
        ValueError: neither context nor sequence features, or an unsupported feature type or dtype.
    """
    if not (context_features or sequence_features):
        raise ValueError("Both `context_features` and `sequence_features` argument are None, but at least one "
                         "should have values.")
    context_features, sequence_features = context_features or {}, sequence_features or {}
    if any(isinstance(f, RaggedFeature) for f in list(context_features.values()) + list(sequence_features.values())):
        plain_context, ragged_context = split_ragged_features(context_features, VarLenFeature)
        plain_lists, ragged_lists = split_ragged_features(sequence_features, VarLenFeature)
        context, lists, lengths = parse_sequence_example(serialized, plain_context, plain_lists, example_names, name)
        return (build_ragged_features(context_features, context, ragged_context),
                build_ragged_features(sequence_features, lists, ragged_lists), lengths)
    with op_scope(name, "ParseSequenceExample", [serialized]):
        serialized = convert_to_tensor(serialized, dtypes.string, name="serialized")
        c_sparse, c_dense = _split_features(context_features)
        f_sparse, f_dense = _split_features(sequence_features)
        for key, dtype, spec in f_dense:
            _check_dtype(key, dtype, "feature_list_dense_types")
            if not isinstance(spec, FixedLenSequenceFeature):
                raise ValueError(f"Unsupported sequence feature type {type(spec).__name__} for key {key!r}: use "
                                 "FixedLenSequenceFeature or VarLenFeature.")
        attrs = parsing_ops.sequence_example_attrs(c_sparse, c_dense, f_sparse, f_dense)
        defaults = [_default_tensor(key, dtype, spec) for key, dtype, spec in c_dense]
        outs = apply_op("ParseSequenceExampleV2", [serialized] + defaults, attrs,
                        name="ParseSequenceExampleV2").outputs
        context, lists, after = parsing_ops.split_sequence_outputs(outs, c_sparse, c_dense, f_sparse, f_dense)
        lengths = {k: outs[after + j] for j, (k, _, _) in enumerate(f_dense)}
    return context, lists, lengths


# ------------------------------------------------------------------ DecodeJSONExample
def _json_infer(inputs, attrs):
    return [(dtypes.string, inputs[0].shape)]


@register_op("DecodeJSONExample", infer=_json_infer, gpu=False, no_gradient=True)
def _decode_json_example(xp, json_examples):
    try:
        from google.protobuf import json_format  # optional dependency: protobuf
        from tfsess.protos import example_pb2  # optional dependency: protobuf
    except ImportError:
        raise errors.UnimplementedError(None, None, "decode_json_example needs protobuf: pip install protobuf") \
            from None
    texts = np.asarray(json_examples, dtype=object)
    out = np.empty(texts.shape, dtype=object)
    for index, text in np.ndenumerate(texts):
        text = text.decode("utf-8") if isinstance(text, bytes) else str(text)
        try:
            example = json_format.Parse(text, example_pb2.Example())
        except json_format.ParseError as exc:
            raise errors.InvalidArgumentError(None, None, f"Error while parsing JSON: {exc}") from None
        out[index] = _example_bytes(example, _key_order(text))
    return out


def _key_order(text):
    """The feature names in the order the JSON text lists them (TF's converter keeps that order)."""
    pairs = json.loads(text, object_pairs_hook=lambda items: items)
    features = dict(pairs).get("features", [])
    feature = dict(features).get("feature", []) if isinstance(features, list) else []
    return [k for k, _ in feature] if isinstance(feature, list) else []


def _varint(n):
    out = bytearray()
    n &= (1 << 64) - 1
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number, payload):
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _example_bytes(example, order):
    """The binary Example as TF's JSON converter writes it: repeated numbers unpacked, one tag per value."""
    entries = b""
    names = order + sorted(k for k in example.features.feature if k not in order)
    for name in names:
        feature = example.features.feature[name]
        kind = feature.WhichOneof("kind")
        body = b""
        if kind == "bytes_list":
            body = _field(1, b"".join(_field(1, v) for v in feature.bytes_list.value))
        elif kind == "float_list":
            body = _field(2, b"".join(_varint(1 << 3 | 5) + struct.pack("<f", v) for v in feature.float_list.value))
        elif kind == "int64_list":
            body = _field(3, b"".join(_varint(1 << 3) + _varint(v) for v in feature.int64_list.value))
        entries += _field(1, _field(1, name.encode("utf-8")) + _field(2, body))
    return _field(1, entries) if example.HasField("features") else b""


def decode_json_example(json_examples, name=None):
    """Example protos written in JSON (protobuf's JSON mapping) as binary serialized Examples."""
    return apply1("DecodeJSONExample", [convert_to_tensor(json_examples, dtypes.string, name="json_examples")],
                  name=name or "DecodeJSONExample")


__all__ = ["decode_json_example", "parse_sequence_example"]
