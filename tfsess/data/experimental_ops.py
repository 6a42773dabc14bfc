"""More of tf.data.experimental: from_list, group_by_reducer, pad_to_cardinality, rejection_resample,
get_structure and the *Structure names, TFRecordWriter, snapshot and copy_to_device.

from_list, group_by_reducer, DatasetToTFRecord and snapshot are dataset ops of their own; the
others are compositions of existing transformations, as TF builds them.
"""
from __future__ import annotations

import collections.abc
import hashlib
import os

import numpy as np

from tfsess.framework import dtypes, errors, tensor_spec
from tfsess.framework.op_builder import apply1, apply_op, convert_to_tensor, graph_of, op_scope
from tfsess.framework.registry import register_op
from tfsess.ops import (array_ops, broadcast_ops, constant_op, gather_ops, indexing_ops, math_ops, random_ops,
                        reduction_ops)
from tfsess.runtime import tfrecord
from tfsess.data import caching, pipeline, reduction, structure
from tfsess.data.dataset_kernels import dataset_op
from tfsess.data.dataset_ops import EXPERIMENTAL_METHODS, Dataset
from tfsess.data.function import TracedFunction, runner
from tfsess.data.iterator_ops import Iterator
from tfsess.data.readers import _text
from tfsess.data.transforms import _wrap_key, keyed_elements


# ------------------------------------------------------------------ from_list
@dataset_op("ListDataset", needs_ctx=True)
def _list_dataset(xp, *components, ctx):
    width = ctx.op._attrs["_width"]
    flat = [np.asarray(c) for c in components]
    return _Listed([flat[k:k + width] for k in range(0, len(flat), width)])


class _Listed(pipeline.Pipeline):
    def __init__(self, elements):
        self.elements = elements

    def iterate(self, env):
        for elem in self.elements:
            yield [a.copy() for a in elem]

    def cardinality(self):
        return len(self.elements)


def from_list(elements, name=None):
    """A dataset of the given elements, in order (each a structure like the first one's)."""
    if not elements:
        raise ValueError("Invalid `elements`. `elements` should not be empty. If you want an empty dataset, use "
                         "`tf.data.Dataset.range(0)`.")
    with op_scope(name, "ListDataset"):
        normalized = [structure.normalize(e) for e in elements]
        specs = structure.map_structure(structure.spec_of, normalized[0])
        first = structure.leaves(specs)
        flat = []
        for k, element in enumerate(normalized):
            got = [structure.spec_of(t) for t in structure.leaves(element)] \
                if structure.same_structure(specs, element) else None
            if got is None or [s.dtype for s in got] != [s.dtype for s in first]:
                raise TypeError(f"Invalid `elements`: element {k} does not have the structure and dtypes of the "
                                f"first element, {specs}.")
            first = [structure.Spec(a.dtype, a.shape.most_specific_compatible_shape(b.shape), a.cls)
                     for a, b in zip(first, got)]
            flat += structure.components(element)
        specs = structure.pack(specs, first)
        variant = apply1("ListDataset", flat, {"_width": len(structure.component_specs(specs))}, name="ListDataset")
    return Dataset(variant, specs)


# ------------------------------------------------------------------ group_by_reducer
class Reducer:
    """What group_by_reducer does with each group: `init_func(key)` starts a state,
    `reduce_func(state, element)` updates it, `finalize_func(state)` gives the output element."""

    def __init__(self, init_func, reduce_func, finalize_func):
        self._init_func, self._reduce_func, self._finalize_func = init_func, reduce_func, finalize_func

    @property
    def init_func(self):
        return self._init_func

    @property
    def reduce_func(self):
        return self._reduce_func

    @property
    def finalize_func(self):
        return self._finalize_func


class _GroupByReducer(pipeline.Pipeline):
    """One output element per key, in ascending key order, once the input ends."""

    def __init__(self, source, fns, captured):
        self.source, (self.key_fn, self.init_fn, self.reduce_fn, self.finalize_fn) = source, fns
        self.captured = captured

    def iterate(self, env):
        states = {}
        for item in keyed_elements(self.source, self.key_fn, self.captured[0], env):
            if isinstance(item, pipeline.ElementError):
                yield item
                continue
            elem, k = item
            if k not in states:
                state = pipeline.call_fn(self.init_fn, env, [np.int64(k)], self.captured[1])
                if isinstance(state, pipeline.ElementError):
                    yield state
                    continue
                states[k] = state
            state = pipeline.call_fn(self.reduce_fn, env, list(states[k]) + list(elem), self.captured[2])
            if isinstance(state, pipeline.ElementError):
                yield state
                continue
            states[k] = state
        for k in sorted(states):
            yield pipeline.call_fn(self.finalize_fn, env, states[k], self.captured[3])


@dataset_op("GroupByReducerDataset", needs_ctx=True)
def _group_by_reducer_dataset(xp, source, *captured, ctx):
    attrs = ctx.op._attrs
    parts, at = [], 0
    for kind in _REDUCER_FUNCS:
        width = len(attrs.get(f"T{kind}_other_arguments", ()))
        parts.append(list(captured[at:at + width]))
        at += width
    return _GroupByReducer(source, [runner(attrs.get(kind), ctx.op.name) for kind in _REDUCER_FUNCS], parts)


_REDUCER_FUNCS = ("key_func", "init_func", "reduce_func", "finalize_func")


def group_by_reducer(key_func, reducer):
    """A transformation grouping elements by `key_func` (a scalar int64) and reducing each group with
    `reducer` (a Reducer); the output has one element per key."""
    def apply(dataset):
        graph = graph_of([dataset._variant])
        key_spec = structure.Spec(dtypes.int64, [])
        where = "tf_data_experimental_group_by_reducer"
        key_fn = TracedFunction(key_func, dataset._specs, graph, where, _wrap_key, "key_func_wrapper")
        init_fn = TracedFunction(reducer.init_func, key_spec, graph, where, func_name="init_func_wrapper")
        state_specs = structure.map_structure(structure.spec_of, init_fn.output)

        def trace(specs):
            fn = TracedFunction(reducer.reduce_func, (specs, dataset._specs), graph, where,
                                func_name="reduce_func_wrapper")
            return fn, fn.output
        reduce_fn, state_specs = structure.trace_with_state(trace, state_specs, "reducer")
        finalize_fn = TracedFunction(reducer.finalize_func, state_specs, graph, where,
                                     func_name="finalize_func_wrapper")
        fns = (key_fn, init_fn, reduce_fn, finalize_fn)
        attrs = {}
        for kind, fn in zip(_REDUCER_FUNCS, fns):
            attrs[kind] = fn.function
            attrs[f"T{kind}_other_arguments"] = [t.dtype.base_dtype for t in fn.captures]
        specs = structure.map_structure(structure.spec_of, finalize_fn.output)
        return dataset._derived("GroupByReducerDataset", [c for f in fns for c in f.captures], specs, attrs)
    return apply


# ------------------------------------------------------------------ compositions
def pad_to_cardinality(cardinality, mask_key="valid"):
    """A transformation padding a dataset of dicts with zero elements up to `cardinality` elements;
    each element gets `mask_key`: True for the real ones, False for the padding."""
    def apply(dataset):
        if not isinstance(dataset.element_spec, collections.abc.Mapping):
            raise ValueError("`pad_to_cardinality` requires its input dataset to be a dictionary.")
        filler = {k: constant_op.zeros(s.shape, s.dtype) for k, s in dataset.element_spec.items()}
        filler[mask_key] = False
        padding = convert_to_tensor(cardinality, dtypes.int64) - dataset.cardinality()

        def valid(element):
            element = dict(element)
            element[mask_key] = True
            return element
        return dataset.map(valid).concatenate(Dataset.from_tensors(filler).repeat(padding))
    return apply


def rejection_resample(class_func, target_dist, initial_dist=None, seed=None):
    """A transformation resampling a dataset towards `target_dist` over the classes `class_func` gives;
    elements become (class, element) pairs. Without `initial_dist` the input's distribution is
    estimated as elements go by (in batches of 32, from counts that start at 10)."""
    def apply(dataset):
        target = math_ops.cast(convert_to_tensor(target_dist, name="target_dist"), dtypes.float32)
        if initial_dist is not None:
            initial = math_ops.cast(convert_to_tensor(initial_dist, name="initial_dist"), dtypes.float32)
            accept, prob_original = _acceptance_and_mixing(initial, target)
            initial_ds = Dataset.from_tensors(initial).repeat()
            accept_ds = Dataset.from_tensors(accept).repeat()
            original_ds = Dataset.from_tensors(prob_original).repeat()
        else:
            initial_ds = _estimated_distribution(target, dataset.map(class_func))
            both = initial_ds.map(lambda initial: _acceptance_and_mixing(initial, target))
            accept_ds = both.map(lambda accept, _: accept)
            original_ds = both.map(lambda _, prob: prob)

        def class_and_probability(accept, element):
            cls = class_func(*element) if isinstance(element, tuple) else class_func(element)
            return cls, gather_ops.gather(accept, cls), element

        def keep(cls, probability, element):
            return random_ops.random_uniform([], seed=seed, dtype=probability.dtype) < probability
        filtered = Dataset.zip((accept_ds, dataset)).map(class_and_probability).filter(keep).map(
            lambda cls, _, element: (cls, element)).prefetch(3)

        def with_class(*element):
            return (class_func(*element), element[0] if len(element) == 1 else element)
        static = _static_prob_original(initial_dist, target_dist)
        if static == 1:
            return dataset.map(with_class)
        if static == 0:
            return filtered
        return Dataset.sample_from_datasets([dataset.map(with_class), filtered],
                                            weights=original_ds.map(lambda p: [(p, 1.0 - p)]), seed=seed,
                                            stop_on_empty_dataset=True)
    return apply


def _static_prob_original(initial_dist, target_dist):
    if initial_dist is None or any(hasattr(v, "op") for v in (initial_dist, target_dist)):
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.min(np.asarray(target_dist, np.float64) / np.asarray(initial_dist, np.float64))


def _acceptance_and_mixing(initial, target):
    """Per-class acceptance probabilities and the probability of drawing from the original data."""
    ratio = target / (initial + np.finfo(np.float32).tiny)
    low, high = reduction_ops.reduce_min(ratio), reduction_ops.reduce_max(ratio)
    return (ratio - low) / (high - low), low


def _estimated_distribution(target, classes, batch_size=32, smoothing=10):
    num_classes = target.shape.as_tuple_or_none()[0] if target.shape.ndims == 1 and \
        target.shape.as_tuple_or_none()[0] is not None else array_ops.shape(target)[0]
    seen = constant_op.fill([num_classes], np.int64(smoothing))

    def update(counts, batch):
        counts = counts + reduction_ops.reduce_sum(indexing_ops.one_hot(batch, num_classes, dtype=dtypes.int64), 0)
        dist = math_ops.cast(math_ops.truediv(counts, reduction_ops.reduce_sum(counts)), dtypes.float32)
        return counts, broadcast_ops.tile(array_ops.expand_dims(dist, 0), [batch_size, 1])
    return classes.batch(batch_size).scan(seen, update).unbatch()


def copy_to_device(target_device, source_device="/cpu:0"):
    """A transformation handing elements to `target_device`: the elements are unchanged; a consumer
    placed on that device (e.g. a GPU) receives them there."""
    return lambda dataset: dataset.prefetch(1)


# ------------------------------------------------------------------ structures
def get_structure(dataset_or_iterator):
    """The element structure (specs) of a dataset or an iterator."""
    if isinstance(dataset_or_iterator, (Dataset, Iterator)):
            return dataset_or_iterator.element_spec
    raise TypeError("Invalid `dataset_or_iterator`. `dataset_or_iterator` must be a `tf.data.Dataset` or "
                    f"tf.data.Iterator object, but got {type(dataset_or_iterator)}.")


def TensorStructure(dtype, shape):  # noqa: N802 - TF's name
    """The spec of a dense tensor (an old name of tf.TensorSpec)."""
    return tensor_spec.TensorSpec(shape, dtype)


def SparseTensorStructure(dtype, shape):  # noqa: N802 - TF's name
    """The spec of a SparseTensor (an old name of tf.SparseTensorSpec)."""
    return tensor_spec.SparseTensorSpec(shape, dtype)


DatasetStructure = structure.DatasetSpec
Structure = tensor_spec.TypeSpec


# ------------------------------------------------------------------ TFRecordWriter
@register_op("DatasetToTFRecord", infer=lambda inputs, attrs: [], stateful=True, gpu=False, no_gradient=True,
             needs_ctx=True)
def _dataset_to_tf_record(xp, pipe, filename, compression_type, *, ctx):
    compression = tfrecord.TFRecordOptions.get_compression_type_string(_text(compression_type))
    with tfrecord.TFRecordWriter(_text(filename), compression) as writer:
        for elem in reduction.elements(pipe, ctx):
            writer.write(bytes(np.asarray(elem[0], dtype=object).item()))
    return ()


class TFRecordWriter:
    """Writes a dataset of scalar strings to a TFRecord file: `write(dataset)` gives the op that does it."""

    def __init__(self, filename, compression_type=None):
        self._filename = convert_to_tensor(filename, dtypes.string, name="filename")
        self._compression_type = convert_to_tensor(compression_type or "", dtypes.string, name="compression_type")

    def write(self, dataset):
        """The op writing every element of `dataset` (scalar tf.string elements) to the file."""
        spec = dataset.element_spec
        if not isinstance(spec, structure.Spec) or spec.dtype != dtypes.string or spec.shape.ndims != 0:
            shapes = getattr(spec, "shape", spec)
            raise TypeError("Invalid `dataset`. Expected a`dataset` that produces scalar `tf.string` elements, but "
                            f"got a dataset which produces elements with shapes {shapes} and types "
                            f"{getattr(spec, 'dtype', spec)!r}.")
        return apply_op("DatasetToTFRecord", [dataset._variant, self._filename, self._compression_type],
                        name="DatasetToTFRecord")


# ------------------------------------------------------------------ snapshot
class _Snapshot(pipeline.Pipeline):
    """Reads the finished snapshot of this dataset under `directory`, else writes one during the pass."""

    keeps_count = True

    def __init__(self, source, directory, fingerprint):
        self.source, self.directory, self.fingerprint = source, directory, fingerprint

    def iterate(self, env):
        path = os.path.join(self.directory, f"{self.fingerprint}.snapshot.npz")
        if os.path.exists(path):
            yield from caching.read_cache(path)
            return
        seen = []
        for elem in self.source.iterate(env):
            if not isinstance(elem, pipeline.ElementError):
                seen.append(elem)
            yield elem
        try:
            os.makedirs(self.directory, exist_ok=True)
        except OSError as exc:
            raise errors.PermissionDeniedError(None, None, f"{self.directory}: {exc.strerror}") from None
        caching.write_cache(path, seen)  # reached only when the pass went to the end


@dataset_op("SnapshotDatasetV2", needs_ctx=True)
def _snapshot_dataset(xp, source, path, *, ctx):
    return _Snapshot(source, _text(path), ctx.op._attrs["_fingerprint"])


def _fingerprint(variant):
    """A digest of the ops computing `variant` (types, attrs, constants): the same dataset, the same digest."""
    digest, seen, stack = hashlib.sha256(), set(), [variant.op]
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        digest.update(op.type.encode())
        for key in sorted(k for k in op._attrs if not k.startswith("_")):
            digest.update(f"{key}={op._attrs[key]!r}".encode())
        if op.type == "Const":
            digest.update(np.asarray(op._attrs.get("value")).tobytes() if op._attrs.get("value") is not None
                          and np.asarray(op._attrs.get("value")).dtype != object
                          else repr(op._attrs.get("value")).encode())
        stack.extend(t.op for t in op._inputs)
    return digest.hexdigest()[:16]


def snapshot(path, compression="AUTO", reader_func=None, shard_func=None):
    """A transformation persisting the dataset's first complete pass under the directory `path` and
    reading it back on later passes (also in later programs), keyed by a digest of the dataset's ops.

    The files are tfsess's own: NumPy .npz archives of the elements (never pickled), not TF's
    snapshot format; `compression`, `reader_func` and `shard_func` do not change the results.
    """
    if compression not in (None, "", "AUTO", "GZIP", "SNAPPY", "NONE"):
        raise ValueError(f"Unknown compression {compression!r}: use 'AUTO', 'GZIP', 'SNAPPY' or None.")

    def apply(dataset):
        directory = convert_to_tensor(path, dtypes.string, name="path")
        return dataset._derived("SnapshotDatasetV2", [directory], dataset._specs,
                                {"_fingerprint": _fingerprint(dataset._variant)})
    return apply


__all__ = ["DatasetStructure", "Reducer", "SparseTensorStructure", "Structure", "TFRecordWriter",
           "TensorStructure", "copy_to_device", "from_list", "get_structure", "group_by_reducer", "pad_to_cardinality",
           "rejection_resample", "snapshot"]

EXPERIMENTAL_METHODS.update(rejection_resample=rejection_resample, snapshot=snapshot)
