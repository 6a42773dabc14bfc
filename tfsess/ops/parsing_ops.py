"""Parsing tf.train.Example protos: parse_example, parse_single_example, parse_single_sequence_example.

Features are declared with FixedLenFeature (a dense tensor), VarLenFeature (a SparseTensor) and
FixedLenSequenceFeature (a dense tensor padded along its first dimension). The kernels decode the
wire bytes with tfsess/lib/example_proto.py (no protobuf needed).
"""
from __future__ import annotations

import collections

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.lib import example_proto
from tfsess.ops import sparse_compose_ops
from tfsess.ops.ragged.ragged_parsing import RaggedFeature, build_ragged_features, split_ragged_features

_KIND = {dtypes.float32: "float", dtypes.int64: "int64", dtypes.string: "bytes"}
_TYPE_NAME = {"float": "float", "int64": "int64", "bytes": "string"}


class FixedLenFeature(collections.namedtuple("FixedLenFeature", ["shape", "dtype", "default_value"])):
    """A feature of a fixed number of values, parsed to a dense tensor of `shape`."""

    def __new__(cls, shape, dtype, default_value=None):
        return super().__new__(cls, shape, dtype, default_value)


class FixedLenSequenceFeature(collections.namedtuple("FixedLenSequenceFeature",
                                                     ["shape", "dtype", "allow_missing", "default_value"])):
    """A feature of any number of `shape`-sized entries, parsed to [entries] + shape (padded)."""

    def __new__(cls, shape, dtype, allow_missing=False, default_value=None):
        return super().__new__(cls, shape, dtype, allow_missing, default_value)


class VarLenFeature(collections.namedtuple("VarLenFeature", ["dtype"])):
    """A feature of any number of values, parsed to a SparseTensor."""


class SparseFeature(collections.namedtuple("SparseFeature",
                                           ["index_key", "value_key", "dtype", "size", "already_sorted"])):
    """A SparseTensor built from an index feature (or one per dimension) and a value feature:
    dense_shape [batch] + size, each value at its indices."""

    def __new__(cls, index_key, value_key, dtype, size, already_sorted=False):
        return super().__new__(cls, index_key, value_key, dtype, size, already_sorted)


def _check_dtype(key, dtype, param):
    """The feature's dtype; TypeError in the words of TF's op builder (`param`: the op's attr) otherwise."""
    dtype = dtypes.as_dtype(dtype).base_dtype
    if dtype not in _KIND:
        raise TypeError(f"Value passed to parameter '{param}' has DataType {dtype.name} not in list of allowed "
                        "values: float32, int64, string")
    return dtype


# ----------------------------------------------------------------- decoding one feature
def _where(key, index, single, example_name="<unknown>"):
    """The start of TF's message about feature `key` of example `index`: a scalar input (single) names
    only the key, as TF's single-example parser does."""
    return f"Key: {key}.  " if single else f"Name: {example_name}, Key: {key}, Index: {index}.  "


def _values(key, index, got, dtype, single=False, sparse=False, example_name="<unknown>"):
    kind, values = got
    want = _KIND[dtype]
    if kind is not None and kind != want:
        detail = (f"Expected type: {_TYPE_NAME[want]}, Actual type: {_TYPE_NAME[kind]}" if sparse
                  else f"Data type: {_TYPE_NAME[kind]} but expected type: {_TYPE_NAME[want]}")
        raise errors.InvalidArgumentError(None, None, f"{_where(key, index, single, example_name)}Data types don't "
                                          f"match. {detail}")
    return example_proto.as_values(want, values, dtype.as_numpy_dtype)


def _dense(key, index, got, dtype, shape, default, sequence, single=False, example_name="<unknown>"):
    if single and got is not None and got[0] is None and not len(got[1]):
        got = None  # TF's single-example parser takes a feature without a value list as missing
    if got is None:
        if default is None:
            raise errors.InvalidArgumentError(None, None, f"{'' if single else f'Name: {example_name}, '}Feature: {key} "
                                              f"(data type: {_TYPE_NAME[_KIND[dtype]]}) is required but could not "
                                              "be found.")
        return np.asarray(default)
    values = _values(key, index, got, dtype, single, example_name=example_name)
    if sequence:
        inner = int(np.prod(shape[1:], dtype=np.int64))
        if inner == 0 or len(values) % inner:
            if single:
                raise errors.InvalidArgumentError(None, None, f"Error while parsing feature with key {key}: number of "
                                                  f"elements should be divisible by {inner}, found {len(values)} "
                                                  "instead")
            raise errors.InvalidArgumentError(None, None, f"{_where(key, index, single, example_name)}Number of "
                                              f"values is not a multiple of stride length. Saw {len(values)} values "
                                              f"but output shape is: {list(shape[1:])}")
        return values.reshape([len(values) // inner] + list(shape[1:]))
    if len(values) != int(np.prod(shape, dtype=np.int64)):
        if single:
            what = "Parsing bytes_list failed." if dtype == dtypes.string else \
                f"Some {_KIND[dtype]}_list slice was not parsed."
            raise errors.InvalidArgumentError(None, None, f"Key: {key}.  Can't parse serialized Example: {what}")
        raise errors.InvalidArgumentError(None, None, f"{_where(key, index, single, example_name)}Number of "
                                          f"{_TYPE_NAME[_KIND[dtype]]} values != expected.  Values size: "
                                          f"{len(values)} but output shape: {list(shape)}")
    return values.reshape(shape)


def _stack_padded(parts, dtype, default):
    longest = max([len(p) for p in parts], default=0)
    inner = parts[0].shape[1:] if parts else ()
    out = np.empty((len(parts), longest) + tuple(inner), dtype=object if dtype == dtypes.string
                   else dtype.as_numpy_dtype)
    out[...] = b"" if default is None and dtype == dtypes.string else (0 if default is None else default)
    for k, p in enumerate(parts):
        out[k, :len(p)] = p
    return out


def _sparse(rows, dtype):
    """SparseTensor parts (indices, values, dense_shape) from per-row value lists."""
    indices = [[r, j] for r, vals in enumerate(rows) for j in range(len(vals))]
    values = [v for vals in rows for v in vals]
    longest = max([len(v) for v in rows], default=0)
    return (np.array(indices, dtype=np.int64).reshape(-1, 2),
            example_proto.as_values(_KIND[dtype], values, dtype.as_numpy_dtype),
            np.array([len(rows), longest], dtype=np.int64))


def _single(parts):
    indices, values, shape = parts
    return indices[:, 1:], values, shape[1:]


# ----------------------------------------------------------------- ParseExampleV2
def parse_example_outputs(batch_shape, num_sparse, sparse_types, dense_types, dense_shapes):
    """The (dtype, shape) of each output of a batch parse: per sparse key its indices, values and dense
    shape (grouped by kind), then one dense tensor per dense key."""
    rank = batch_shape.ndims
    sparse = [(dtypes.int64, TensorShape([None, None if rank is None else rank + 1])) for _ in range(num_sparse)]
    sparse += [(dtypes.as_dtype(t), TensorShape([None])) for t in sparse_types]
    sparse += [(dtypes.int64, TensorShape([None if rank is None else rank + 1])) for _ in range(num_sparse)]
    dense = [(dtypes.as_dtype(t), batch_shape.concatenate(TensorShape(None if s is None else list(s))))
             for t, s in zip(dense_types, dense_shapes)]
    return sparse + dense


def _parse_example_infer(inputs, attrs):
    if attrs.get("ragged_value_types") or attrs.get("ragged_split_types"):
        raise NotImplementedError("ParseExampleV2 with ragged keys (tf.io.RaggedFeature parsed by TF's op) is not "
                                  "built in tfsess")
    return parse_example_outputs(inputs[0].shape, int(attrs.get("num_sparse", 0)), attrs.get("sparse_types", ()),
                                 attrs.get("Tdense", ()), attrs.get("dense_shapes", ()))


def string_values(value) -> list:
    """The strings of a string tensor's value, flattened, as text (what the parse kernels read keys and names as)."""
    return [v.decode("utf-8", "surrogateescape") if isinstance(v, bytes) else str(v)
            for v in np.asarray(value, dtype=object).reshape(-1)]


@register_op("ParseExampleV2", infer=_parse_example_infer, gpu=False, no_gradient=True)
def _parse_example_v2(xp, serialized, names, sparse_keys, dense_keys, ragged_keys, *dense_defaults, Tdense=(),
                      num_sparse=0, sparse_types=(), dense_shapes=(), ragged_value_types=(), ragged_split_types=()):
    # TF's op: the keys are string tensors; a dense shape whose first dim is unknown is a sequence feature
    return parse_examples(serialized, string_values(names), string_values(sparse_keys), sparse_types, string_values(dense_keys), Tdense,
                          dense_shapes, dense_defaults)


def parse_examples(serialized, example_names, sparse_keys, sparse_types, dense_keys, Tdense, dense_shapes,
                   dense_defaults):
    """The outputs of ParseExampleV2 (and v1's ParseExample) for one batch of serialized Examples."""
    batch = np.asarray(serialized, dtype=object)
    single = batch.ndim == 0
    dense_is_sequence = [s is not None and len(s) > 0 and s[0] is None for s in dense_shapes]

    def label(i):  # how TF's messages name example i
        return example_names[i] if i < len(example_names) else "<unknown>"
    try:
        examples = [example_proto.example(s) for s in batch.reshape(-1)]
    except ValueError as exc:
        raise errors.InvalidArgumentError(None, None, f"Could not parse example input: {exc}") from None
    sparse_parts = []
    for key, t in zip(sparse_keys, sparse_types):
        dtype = dtypes.as_dtype(t)
        rows = [_values(key, i, ex[key], dtype, single, sparse=True, example_name=label(i)) if key in ex else []
                for i, ex in enumerate(examples)]
        parts = _sparse(rows, dtype)
        sparse_parts.append(_single(parts) if batch.ndim == 0 else parts)
    dense = []
    for k, (key, t, shape) in enumerate(zip(dense_keys, Tdense, dense_shapes)):
        dtype, seq = dtypes.as_dtype(t), dense_is_sequence[k]
        default = dense_defaults[k] if np.asarray(dense_defaults[k]).size else None
        values = [_dense(key, i, ex.get(key), dtype, shape, None if seq else default, seq, single, label(i))
                  if key in ex or not seq else np.zeros((0,) + tuple(shape[1:]), dtype=object if dtype == dtypes.string
                                                        else dtype.as_numpy_dtype)
                  for i, ex in enumerate(examples)]
        stacked = _stack_padded(values, dtype, default) if seq else np.stack(
            [np.asarray(v, dtype=object if dtype == dtypes.string else dtype.as_numpy_dtype) for v in values]) \
            if values else np.zeros((0,) + tuple(shape), dtype.as_numpy_dtype)
        dense.append(stacked.reshape(batch.shape + stacked.shape[1:]) if batch.ndim == 0 else stacked)
    out = [p[0] for p in sparse_parts] + [p[1] for p in sparse_parts] + [p[2] for p in sparse_parts] + dense
    return out[0] if len(out) == 1 else tuple(out)


def _split_features(features):
    sparse, dense = [], []
    for key in sorted(features):
        spec = features[key]
        if isinstance(spec, VarLenFeature):
            sparse.append((key, _check_dtype(key, spec.dtype, "sparse_types")))
        elif isinstance(spec, (FixedLenFeature, FixedLenSequenceFeature)):
            if isinstance(spec, FixedLenFeature) and spec.shape and spec.shape[0] is None:
                raise ValueError(f"First dimension of shape for feature {key} unknown. Consider using "
                                 f"FixedLenSequenceFeature. Received feature={spec}.")
            dense.append((key, _check_dtype(key, spec.dtype, "dense_defaults"), spec))
        else:
            raise ValueError(f"Unsupported {type(spec).__name__} {spec} for key '{key}'")
    return sparse, dense


def _strings(values, name):
    """A string input of the op: a tensor as given, else a 1-D Const (TF's names, keys: one per feature)."""
    if isinstance(values, Tensor):
        return values
    return convert_to_tensor(np.asarray([] if values is None else values, dtype=object).reshape(-1), dtypes.string,
                             name=name)


def _default_tensor(key, dtype, spec):
    """The op's dense default for one feature, as TF builds it: a FixedLenFeature's default filling its shape
    (an empty Const without one), a FixedLenSequenceFeature's one padding element (zero without one)."""
    np_dtype = object if dtype == dtypes.string else dtype.as_numpy_dtype
    if isinstance(spec, FixedLenSequenceFeature):
        if spec.default_value is None:
            return convert_to_tensor(np.zeros([], dtype=np_dtype) if np_dtype is not object else np.array(b"", object),
                                     dtype, name="Const")
        value = np.asarray(spec.default_value, dtype=np_dtype)
        if value.size != 1:  # TF reshapes the padding element to a scalar
            raise ValueError(f"Cannot reshape a tensor with {value.size} elements to shape [] (1 elements)")
        return convert_to_tensor(value.reshape([]), dtype, name="padding_" + key)
    shape = list(spec.shape)
    if spec.default_value is None:
        return convert_to_tensor(np.zeros([0], dtype=np_dtype), dtype, name="Const")
    value = np.asarray(spec.default_value, dtype=np_dtype)
    want = int(np.prod(shape, dtype=np.int64))
    if value.size != want:  # TF reshapes the default, so even a scalar must fill the shape
        raise ValueError(f"Cannot reshape a tensor with {value.size} elements to shape {shape} ({want} elements)")
    return convert_to_tensor(value.reshape(shape), dtype, name="key_" + key)


def _string_input(serialized):
    serialized = convert_to_tensor(serialized, name="serialized")
    if serialized.dtype.base_dtype != dtypes.string:
        raise TypeError(f"Input 'serialized' of 'ParseExampleV2' Op has type {serialized.dtype.base_dtype.name} "
                        "that does not match expected type of string.")
    return serialized


def parse_example(serialized, features, name=None, example_names=None):
    """Parses a batch of serialized Example protos into a dict of tensors and SparseTensors.

    Raises:
        ValueError: an unsupported feature type or dtype, or a FixedLenSequenceFeature without
            allow_missing=True.
    """
    if not features:
        raise ValueError("Missing: features was empty.")
    if any(isinstance(f, RaggedFeature) for f in features.values()):  # parsed from their keys' value lists
        plain, ragged = split_ragged_features(features, VarLenFeature)
        return build_ragged_features(features, parse_example(serialized, plain, name, example_names), ragged)
    merged = {k: f for k, f in features.items() if isinstance(f, SparseFeature)}
    if merged:  # parsed as VarLenFeatures of their index and value keys, then merged
        plain = {k: f for k, f in features.items() if not isinstance(f, SparseFeature)}
        for f in merged.values():
            for key in ([f.index_key] if isinstance(f.index_key, str) else list(f.index_key)):
                plain.setdefault(key, VarLenFeature(dtypes.int64))
            plain.setdefault(f.value_key, VarLenFeature(f.dtype))
        parsed = parse_example(serialized, plain, name, example_names)
        out = {k: v for k, v in parsed.items() if k in features}
        for key, f in merged.items():
            many = not isinstance(f.index_key, str)
            ids = [parsed[k] for k in f.index_key] if many else parsed[f.index_key]
            out[key] = sparse_compose_ops.sparse_merge(ids, parsed[f.value_key], list(f.size) if many else f.size,
                                                       already_sorted=f.already_sorted)
        return out
    with op_scope(name, "ParseExample", [serialized]):
        serialized = _string_input(serialized)
        sparse, dense = _split_features(features)
        for key, _, spec in dense:
            if isinstance(spec, FixedLenSequenceFeature) and not spec.allow_missing:
                raise ValueError(f"Unsupported: FixedLenSequenceFeature requires allow_missing to be True "
                                 f"(key {key!r}).")
        defaults = [_default_tensor(key, dtype, spec) for key, dtype, spec in dense]
        attrs = {"num_sparse": len(sparse), "sparse_types": [t for _, t in sparse], "Tdense": [t for _, t, _ in dense],
                 "dense_shapes": [[None] + list(s.shape) if isinstance(s, FixedLenSequenceFeature)
                                  else list(s.shape) for _, _, s in dense],
                 "ragged_value_types": [], "ragged_split_types": []}
        with get_default_graph().name_scope(name or "ParseExampleV2") as op_name:  # TF's op, its keys as inputs
            keys = [_strings(example_names, "names"), _strings([k for k, _ in sparse], "sparse_keys"),
                    _strings([k for k, _, _ in dense], "dense_keys"), _strings([], "ragged_keys")]
        op = apply_op("ParseExampleV2", [serialized] + keys + defaults, attrs, name=op_name)
        n = len(sparse)
        outs = op.outputs
        result = {k: SparseTensor(outs[i], outs[n + i], outs[2 * n + i]) for i, (k, _) in enumerate(sparse)}
        result.update({k: outs[3 * n + j] for j, (k, _, _) in enumerate(dense)})
    return result


def parse_single_example(serialized, features, name=None, example_names=None):
    """Parses one serialized Example proto (a scalar string) into a dict of tensors and SparseTensors."""
    with op_scope(name, "ParseSingleExample", [serialized]):
        serialized = _string_input(serialized)
        if serialized.shape.ndims not in (None, 0):
            raise ValueError("Input serialized must be a scalar")
        return parse_example(serialized, features, name)  # TF names the inner scope and op alike


# ----------------------------------------------------------------- ParseSingleSequenceExample
def _sequence_infer(inputs, attrs):
    out = []
    for prefix, rank in (("context_", 1), ("feature_list_", 2)):
        keys, types = attrs[prefix + "sparse_keys"], attrs[prefix + "sparse_types"]
        out += [(dtypes.int64, TensorShape([None, rank])) for _ in keys]
        out += [(dtypes.as_dtype(t), TensorShape([None])) for t in types]
        out += [(dtypes.int64, TensorShape([rank])) for _ in keys]
        out += [(dtypes.as_dtype(t), TensorShape(([None] if rank == 2 else []) + list(s)))
                for t, s in zip(attrs[prefix + "dense_types"], attrs[prefix + "dense_shapes"])]
    return out


@register_op("ParseSingleSequenceExample", infer=_sequence_infer, gpu=False, no_gradient=True)
def _parse_single_sequence_example(xp, serialized, *context_defaults, context_sparse_keys=(), context_sparse_types=(),
                                   context_dense_keys=(), context_dense_types=(), context_dense_shapes=(),
                                   feature_list_sparse_keys=(), feature_list_sparse_types=(),
                                   feature_list_dense_keys=(), feature_list_dense_types=(),
                                   feature_list_dense_shapes=(), feature_list_dense_missing_allowed=()):
    try:
        context, lists = example_proto.sequence_example(np.asarray(serialized, dtype=object).item())
    except ValueError as exc:
        raise errors.InvalidArgumentError(None, None, f"Could not parse example input: {exc}") from None
    out = _sparse_group([[_values(k, 0, context[k], dtypes.as_dtype(t))] if k in context else [[]]
                         for k, t in zip(context_sparse_keys, context_sparse_types)], context_sparse_types, _single)
    for k, (key, t, shape) in enumerate(zip(context_dense_keys, context_dense_types, context_dense_shapes)):
        default = context_defaults[k] if np.asarray(context_defaults[k]).size else None
        out.append(np.asarray(_dense(key, 0, context.get(key), dtypes.as_dtype(t), shape, default, False)))
    out += _sparse_group([[_values(k, i, f, dtypes.as_dtype(t)) for i, f in enumerate(lists.get(k, []))]
                          for k, t in zip(feature_list_sparse_keys, feature_list_sparse_types)],
                         feature_list_sparse_types, None)
    for k, (key, t, shape) in enumerate(zip(feature_list_dense_keys, feature_list_dense_types,
                                            feature_list_dense_shapes)):
        dtype = dtypes.as_dtype(t)
        if key not in lists and not feature_list_dense_missing_allowed[k]:
            raise errors.InvalidArgumentError(None, None, f"Name: <unknown>, Feature list '{key}' is required but "
                                              "could not be found.  Did you mean to include it in "
                                              "feature_list_dense_missing_assumed_empty or feature_list_dense_defaults?")
        steps = [_dense(key, i, f, dtype, shape, None, False) for i, f in enumerate(lists.get(key, []))]
        np_dtype = object if dtype == dtypes.string else dtype.as_numpy_dtype
        out.append(np.stack(steps).astype(np_dtype) if steps else np.zeros((0,) + tuple(shape), np_dtype))
    return out[0] if len(out) == 1 else tuple(out)


def _sparse_group(rows_per_key, types, reshape):
    parts = [_sparse(rows, dtypes.as_dtype(t)) for rows, t in zip(rows_per_key, types)]
    if reshape is not None:
        parts = [reshape(p) for p in parts]
    return [p[0] for p in parts] + [p[1] for p in parts] + [p[2] for p in parts]


def sequence_example_attrs(c_sparse, c_dense, f_sparse, f_dense):
    """The key, type and shape attrs of the SequenceExample parsing ops, from _split_features' lists."""
    return {"context_sparse_keys": [k for k, _ in c_sparse], "context_sparse_types": [t for _, t in c_sparse],
            "context_dense_keys": [k for k, _, _ in c_dense], "context_dense_types": [t for _, t, _ in c_dense],
            "context_dense_shapes": [tuple(s.shape) for _, _, s in c_dense],
            "feature_list_sparse_keys": [k for k, _ in f_sparse], "feature_list_sparse_types": [t for _, t in f_sparse],
            "feature_list_dense_keys": [k for k, _, _ in f_dense], "feature_list_dense_types": [t for _, t, _ in f_dense],
            "feature_list_dense_shapes": [tuple(s.shape) for _, _, s in f_dense],
            "feature_list_dense_missing_allowed": [bool(getattr(s, "allow_missing", False)) for _, _, s in f_dense]}


def split_sequence_outputs(outs, c_sparse, c_dense, f_sparse, f_dense):
    """(context dict, feature-list dict, index of the outputs after them) from a SequenceExample parsing op's
    outputs: sparse indices, values, shapes of each group, then its dense tensors."""
    n, m, p = len(c_sparse), len(c_dense), len(f_sparse)
    context = {k: SparseTensor(outs[i], outs[n + i], outs[2 * n + i]) for i, (k, _) in enumerate(c_sparse)}
    context.update({k: outs[3 * n + j] for j, (k, _, _) in enumerate(c_dense)})
    base = 3 * n + m
    lists = {k: SparseTensor(outs[base + i], outs[base + p + i], outs[base + 2 * p + i])
             for i, (k, _) in enumerate(f_sparse)}
    lists.update({k: outs[base + 3 * p + j] for j, (k, _, _) in enumerate(f_dense)})
    return context, lists, base + 3 * p + len(f_dense)


def parse_single_sequence_example(serialized, context_features=None, sequence_features=None, example_name=None,
                                  name=None):
    """Parses one SequenceExample into (context dict, feature-list dict) of tensors and SparseTensors."""
    context_features, sequence_features = context_features or {}, sequence_features or {}
    if not context_features and not sequence_features:
        raise ValueError("Missing features.")
    if any(isinstance(f, RaggedFeature) for f in list(context_features.values()) + list(sequence_features.values())):
        plain_context, ragged_context = split_ragged_features(context_features, VarLenFeature)
        plain_lists, ragged_lists = split_ragged_features(sequence_features, VarLenFeature)
        context, lists = parse_single_sequence_example(serialized, plain_context, plain_lists, example_name, name)
        return (build_ragged_features(context_features, context, ragged_context),
                build_ragged_features(sequence_features, lists, ragged_lists))
    with op_scope(name, "ParseSingleSequenceExample", [serialized]):
        serialized = convert_to_tensor(serialized, dtypes.string, name="serialized")
        c_sparse, c_dense = _split_features(context_features)
        f_sparse, f_dense = _split_features(sequence_features)
        attrs = sequence_example_attrs(c_sparse, c_dense, f_sparse, f_dense)
        defaults = [_default_tensor(key, dtype, spec) for key, dtype, spec in c_dense]
        outs = apply_op("ParseSingleSequenceExample", [serialized] + defaults, attrs,
                        name="ParseSingleSequenceExample").outputs
        context, lists, _ = split_sequence_outputs(outs, c_sparse, c_dense, f_sparse, f_dense)
    return context, lists


__all__ = ["FixedLenFeature", "FixedLenSequenceFeature", "SparseFeature", "VarLenFeature", "parse_example", "parse_single_example",
           "parse_single_sequence_example"]
