"""Stateful and grouping transformations: scan, unique, group_by_window, bucket_by_sequence_length,
take_while, ignore_errors and cardinality.

Each builder takes the input Dataset and returns the transformed one through the input's own
`_derived`, so that both `Dataset.scan(...)` and `tf.data.experimental.scan(...)` use them.
"""
from __future__ import annotations

import collections

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, convert_to_tensor, graph_of
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.data import batching, pipeline, structure
from tfsess.data.function import TracedFunction, runner


def _dataset_op(op_type, **options):
    return register_op(op_type, infer=lambda inputs, attrs: [(dtypes.variant, TensorShape([]))], stateful=True,
                       gpu=False, no_gradient=True, **options)


def wrap_predicate(result):
    """A traced predicate's result checked to be a scalar tf.bool (filter, take_while).

    TF compares a structure's output spec as if it were one TensorSpec: a tuple, list (which tf.data
    makes a tuple) or dict result is its AttributeError."""
    if isinstance(result, (tuple, list, dict)):
        kind = "tuple" if type(result) is list else type(result).__name__  # a namedtuple by its own name
        raise AttributeError(f"'{kind}' object has no attribute 'is_compatible_with'")
    if isinstance(result, SparseTensor):
        raise ValueError("Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor, but its return "
                         f"type is {structure.spec_of(result)}.")
    t = convert_to_tensor(result)
    if t.dtype.base_dtype != dtypes.bool or t.shape.ndims not in (None, 0):
        raise ValueError("Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor, but its return "
                         f"type is {structure.Spec(t.dtype, t.shape)}.")
    return t, [t]


class Elements(pipeline.Pipeline):
    """A fixed list of flat elements (a group_by_window window)."""

    def __init__(self, elements):
        self.elements = elements

    def iterate(self, env):
        yield from self.elements

    def cardinality(self):
        return len(self.elements)


# ------------------------------------------------------------------ scan
class _Scan(pipeline.Pipeline):
    keeps_count = True

    def __init__(self, source, fn, state, captured, outputs):
        self.source, self.fn, self.state, self.captured, self.outputs = source, fn, state, captured, outputs

    def iterate(self, env):
        state, width = list(self.state), len(self.state)
        for elem in self.source.iterate(env):
            if isinstance(elem, pipeline.ElementError):
                yield elem
                continue
            out = pipeline.call_fn(self.fn, env, state + list(elem), self.captured)
            if isinstance(out, pipeline.ElementError):
                yield out
                continue
            if len(out) != width + self.outputs:  # a new state of another count than the initial one
                yield pipeline.ElementError(self._miscounted(width, len(out) - width))
                continue
            state = list(out[:width])
            yield list(out[width:])

    def _miscounted(self, width, got):
        """TF's error when the function's outputs do not split as (state, output): its kernel takes the
        first outputs as the state, then finds too few outputs or one of the wrong type."""
        if got < self.outputs:
            return errors.InternalError(None, None, f"Expected {self.outputs} components but got {got}.")
        return errors.InvalidArgumentError(None, None, f"Got wrong type for scan_func return value {width + self.outputs}.")


@_dataset_op("ScanDataset", needs_ctx=True)
def _scan_dataset(xp, source, *state_and_captured, ctx):
    width = len(ctx.op._attrs["Tstate"])
    return _Scan(source, runner(ctx.op._attrs.get("f"), ctx.op.name), list(state_and_captured[:width]),
                 list(state_and_captured[width:]), len(ctx.op._attrs["output_types"]))


def _wrap_scan(result):
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise TypeError(f"Invalid `scan_func`. `scan_func` should return a pair consisting of new state and the "
                        f"output value but its return type is {type(result).__name__}.")
    state, output = result
    if isinstance(output, list):
        output = tuple(output)
    element = (structure.normalize(state), structure.normalize(output))
    return element, structure.components(element)


def scan(dataset, initial_state, scan_func):
    """Maps each element with `scan_func(state, element) -> (new_state, output)`, carrying the state."""
    state = structure.normalize(initial_state)
    state_specs = structure.map_structure(structure.spec_of, state)
    graph = graph_of([dataset._variant])

    def trace(specs):
        fn = TracedFunction(scan_func, (specs, dataset._specs), graph, "Dataset_scan", wrap=_wrap_scan)
        return fn, fn.output[0]
    fn, state_specs = structure.trace_with_state(trace, state_specs, "scan")
    out_specs = structure.map_structure(structure.spec_of, fn.output[1])
    components = structure.components(state)
    return dataset._derived("ScanDataset", components + fn.captures, out_specs,
                            {"f": fn.function, "Tstate": [t.dtype.base_dtype for t in components],
                             "Targuments": [t.dtype.base_dtype for t in fn.captures], "preserve_cardinality": True})


# ------------------------------------------------------------------ unique
class _Unique(pipeline.Pipeline):
    def __init__(self, source):
        self.source = source

    def iterate(self, env):
        seen = set()
        for elem in self.source.iterate(env):
            if isinstance(elem, pipeline.ElementError):
                yield elem
                continue
            value = np.asarray(elem[0])  # TF compares whole tensors: shape and values (any rank)
            key = (value.shape, tuple(value.ravel().tolist()))
            if key not in seen:
                seen.add(key)
                yield elem


@_dataset_op("UniqueDataset")
def _unique_dataset(xp, source, *, output_types):
    if len(output_types) != 1:  # TF's Python accepts several components; its kernel refuses them
        raise errors.InvalidArgumentError(None, None, "UniqueDataset only supports inputs with a single component.")
    return _Unique(source)


def unique(dataset):
    """The elements not seen before, in order (an int32, int64 or string element of any shape)."""
    specs = dataset._specs
    for spec in structure.leaves(specs):
        if not isinstance(spec, structure.Spec) or spec.cls is not Tensor:
            raise TypeError("Unique transformation only supports single-component datasets.")
        if spec.dtype not in (dtypes.int32, dtypes.int64, dtypes.string):
            raise TypeError(f"`tf.data.Dataset.unique` does not support type {spec.dtype!r} -- only `tf.int32`, "
                            "`tf.int64`, and `tf.string` are supported.")
    return dataset._derived("UniqueDataset", [], specs)


# ------------------------------------------------------------------ group_by_window

def keyed_elements(source, key_fn, captured, env):
    """(element, its key as an int) for each element of `source`, or the ElementError an element or its key raised
    (group_by_window and group_by_reducer group by these keys)."""
    for elem in source.iterate(env):
        if isinstance(elem, pipeline.ElementError):
            yield elem
            continue
        key = pipeline.call_fn(key_fn, env, elem, captured)
        yield key if isinstance(key, pipeline.ElementError) else (elem, int(np.asarray(key[0])))


class _GroupByWindow(pipeline.Pipeline):
    """Elements grouped by key; a group of its window size becomes a dataset for `reduce_fn`, whose
    elements are yielded; at the end the unfinished groups are flushed in ascending key order."""

    def __init__(self, source, key_fn, reduce_fn, size_fn, captured):
        self.source, self.key_fn, self.reduce_fn, self.size_fn = source, key_fn, reduce_fn, size_fn
        self.captured = captured  # (key, reduce, window size) captures

    def iterate(self, env):
        groups, sizes = {}, {}
        for item in keyed_elements(self.source, self.key_fn, self.captured[0], env):
            if isinstance(item, pipeline.ElementError):
                yield item
                continue
            elem, k = item
            if k not in sizes:
                size = self._window_size(env, k)
                if isinstance(size, pipeline.ElementError):
                    yield size
                    continue
                sizes[k] = size
            groups.setdefault(k, []).append(elem)
            if len(groups[k]) == sizes[k]:
                yield from self._reduce(env, k, groups.pop(k))
        for k in sorted(groups):
            yield from self._reduce(env, k, groups[k])

    def _window_size(self, env, key):
        out = pipeline.call_fn(self.size_fn, env, [np.int64(key)], self.captured[2])
        if isinstance(out, pipeline.ElementError):
            return out
        size = int(np.asarray(out[0]))
        if size <= 0:
            return pipeline.ElementError(errors.InvalidArgumentError(
                None, None, f"Window size must be greater than zero, but got {size}."))
        return size

    def _reduce(self, env, key, elements):
        out = pipeline.call_fn(self.reduce_fn, env, [np.int64(key), Elements(elements)], self.captured[1])
        if isinstance(out, pipeline.ElementError):
            yield out
            return
        yield from out[0].iterate(env)


@_dataset_op("GroupByWindowDataset", needs_ctx=True)
def _group_by_window_dataset(xp, source, *captured, ctx):
    attrs = ctx.op._attrs
    widths = [len(attrs.get(f"T{kind}_other_arguments", ())) for kind in ("key_func", "reduce_func")]
    parts = [list(captured[:widths[0]]), list(captured[widths[0]:widths[0] + widths[1]]),
             list(captured[widths[0] + widths[1]:])]
    key_fn, reduce_fn, size_fn = (runner(attrs.get(kind), ctx.op.name)
                                  for kind in ("key_func", "reduce_func", "window_size_func"))
    return _GroupByWindow(source, key_fn, reduce_fn, size_fn, parts)


def _wrap_key(result):
    t = convert_to_tensor(result)
    if t.dtype.base_dtype != dtypes.int64 or t.shape.ndims not in (None, 0):
        raise ValueError(f"Invalid `key_func`. `key_func` must return a single `tf.int64` scalar tensor but its "
                         f"return type is {structure.Spec(t.dtype, t.shape)}.")
    return t, [t]


def _wrap_size(result):
    t = convert_to_tensor(result)
    if t.dtype.base_dtype != dtypes.int64 or t.shape.ndims not in (None, 0):
        raise ValueError(f"Invalid `window_size_func`. `window_size_func` must return a single `tf.int64` scalar "
                         f"tensor but its return type is {structure.Spec(t.dtype, t.shape)}.")
    return t, [t]


def _wrap_reduce(result):
    if not hasattr(result, "_variant"):
        raise TypeError("Invalid `reduce_func`. `reduce_func` must return a single `tf.data.Dataset` object but its "
                        f"return type is {type(result).__name__}.")
    return result, [result._variant]


def group_by_window(dataset, key_func, reduce_func, window_size=None, window_size_func=None, window_class=None):
    """Groups elements by `key_func`, reducing each window of up to `window_size` with `reduce_func`."""
    if (window_size is None) == (window_size_func is None):
        raise ValueError("Either the `window_size` argument or the `window_size_func` argument must be specified.")
    graph = graph_of([dataset._variant])
    key_spec = structure.Spec(dtypes.int64, [])
    transformation = "Dataset_group_by_window"
    key_fn = TracedFunction(key_func, dataset._specs, graph, transformation, _wrap_key, "key_func_wrapper")
    if window_size_func is None:
        window_size_func = lambda _: convert_to_tensor(window_size, dtypes.int64)  # noqa: E731 - as TF's
    window_spec = structure.DatasetSpec(dataset._specs, make=window_class or type(dataset))  # TF's _VariantDataset
    reduce_fn = TracedFunction(reduce_func, (key_spec, window_spec), graph, transformation, _wrap_reduce)
    size_fn = TracedFunction(window_size_func, key_spec, graph, transformation, _wrap_size,
                             "window_size_func_wrapper")
    captures = key_fn.captures + reduce_fn.captures + size_fn.captures
    attrs = {"key_func": key_fn.function, "reduce_func": reduce_fn.function, "window_size_func": size_fn.function}
    for kind, fn in (("key_func", key_fn), ("reduce_func", reduce_fn), ("window_size_func", size_fn)):
        attrs[f"T{kind}_other_arguments"] = [t.dtype.base_dtype for t in fn.captures]
    return dataset._derived("GroupByWindowDataset", captures, reduce_fn.output._specs, attrs)


# ------------------------------------------------------------------ bucket_by_sequence_length
class _Buckets(pipeline.Pipeline):
    """Elements put in buckets by length; a full bucket is padded and batched (then the rest, by bucket).

    A bucket is the first `i` with `lower[i] <= length < upper[i]` (TF's rule, which unsorted boundaries
    follow too). `pads` is None for no_padding: plain batches, whose elements must then agree in shape.
    """

    def __init__(self, source, length_fn, captured, boundaries, sizes, pads, pad_to_boundary, drop_remainder,
                 layout):
        self.source, self.length_fn, self.captured = source, length_fn, captured
        self.boundaries, self.sizes, self.pads, self.layout = boundaries, sizes, pads, layout
        self.pad_to_boundary, self.drop_remainder = pad_to_boundary, drop_remainder

    def iterate(self, env):
        buckets = collections.defaultdict(list)
        for elem in self.source.iterate(env):
            if isinstance(elem, pipeline.ElementError):
                yield elem
                continue
            length = pipeline.call_fn(self.length_fn, env, elem, self.captured)
            if isinstance(length, pipeline.ElementError):
                yield length
                continue
            bucket = self._bucket(int(np.asarray(length[0])))
            if isinstance(bucket, pipeline.ElementError):
                yield bucket
                continue
            buckets[bucket].append(elem)
            if len(buckets[bucket]) == self.sizes[bucket]:
                if self._overflows(bucket):  # TF's batching function fails: the window stays in its group
                    yield self._overflow_error(bucket)
                else:
                    yield self._batch(bucket, buckets.pop(bucket))
        for bucket in sorted(buckets):
            while self._overflows(bucket):
                yield self._overflow_error(bucket)  # TF retries the failed window on every later call
            if not self.drop_remainder:
                yield self._batch(bucket, buckets[bucket])

    def _bucket(self, length):
        lower = [np.iinfo(np.int32).min] + self.boundaries
        upper = self.boundaries + [np.iinfo(np.int32).max]
        for i, (lo, hi) in enumerate(zip(lower, upper)):
            if lo <= length < hi:
                return i
        return pipeline.ElementError(errors.InvalidArgumentError(
            None, None, f"indices[0] = {np.iinfo(np.int64).max} is not in [0, {len(self.sizes)})"))

    def _overflows(self, bucket):
        return self.pad_to_boundary and bucket >= len(self.boundaries)

    def _overflow_error(self, bucket):  # TF's assert fails inside its batching function: an InternalError
        return pipeline.ElementError(errors.InternalError(
            None, None, "Got error code INVALID_ARGUMENT and message: {\nassertion failed: [When "
            "pad_to_bucket_boundary=True, elements must have length < max(bucket_boundaries).] [Condition "
            f"x < y did not hold element-wise:] [x (args_0:0) = ] [{bucket}] [y (Const_1:0) = ] "
            f"[{len(self.boundaries)}]\n}} \nfrom running user-defined function Dataset_group_by_window_batching_fn"))

    def _batch(self, bucket, elements):
        pads = self.pads
        if self.pad_to_boundary:
            fill = self.boundaries[bucket] - 1
            pads = [(tuple(fill if d is None else d for d in shape), value) for shape, value in pads]
        return batching.Batch(Elements(elements), len(elements), False, pad=pads, layout=self.layout)._stack(elements)


@_dataset_op("BucketBySequenceLengthDataset", needs_ctx=True)
def _bucket_dataset(xp, source, *captured_and_pads, ctx):
    attrs = ctx.op._attrs
    n = attrs["_n_captured"]
    pads = None if attrs["_no_padding"] else list(zip(attrs["_padded_shapes"], captured_and_pads[n:]))
    return _Buckets(source, attrs["_fn"], list(captured_and_pads[:n]), attrs["_boundaries"], attrs["_sizes"],
                    pads, attrs["_pad_to_boundary"], attrs["_drop_remainder"], attrs["_layout"])


def _wrap_length(result):
    t = convert_to_tensor(result)
    if not t.dtype.is_integer or t.shape.ndims not in (None, 0):
        raise ValueError(f"Invalid `element_length_func`: it must return a scalar integer tensor, not "
                         f"{structure.Spec(t.dtype, t.shape)}.")
    return t, [t]


def bucket_by_sequence_length(dataset, element_length_func, bucket_boundaries, bucket_batch_sizes,
                              padded_shapes=None, padding_values=None, pad_to_bucket_boundary=False,
                              no_padding=False, drop_remainder=False):
    """Batches elements of similar length together, padding each batch (TF's bucketing by length).

    The batches' static shapes are TF's: the batch dimension unknown (a bucket's size is looked up at run
    time), then the padded shape (`padded_shapes`, or the elements' shape); no_padding keeps the elements'.
    """
    if len(bucket_batch_sizes) != len(bucket_boundaries) + 1:
        raise ValueError(f"`len(bucket_batch_sizes)` must equal `len(bucket_boundaries) + 1` but "
                         f"`len(bucket_batch_sizes)={len(bucket_batch_sizes)}` and "
                         f"`len(bucket_boundaries)={len(bucket_boundaries)}`.")
    fn = TracedFunction(element_length_func, dataset._specs, graph_of([dataset._variant]),
                        "Dataset_bucket_by_sequence_length", wrap=_wrap_length)
    spec_leaves = structure.leaves(dataset._specs)
    shapes = [s.shape for s in spec_leaves] if padded_shapes is None else \
        structure.shape_leaves(structure.types_of(dataset._specs), padded_shapes)
    values = [None] * len(spec_leaves) if padding_values is None else structure.leaves(padding_values)
    pads = []
    if not no_padding:
        for spec, value in zip(spec_leaves, values):
            default = b"" if spec.dtype == dtypes.string else 0
            pads.append(convert_to_tensor(default if value is None else value, spec.dtype, name="padding_value"))
    out = [structure.batched_spec(s, None) if no_padding else structure.Spec(s.dtype, TensorShape([None]).concatenate(
        _padded_static_shape(shape))) for s, shape in zip(spec_leaves, shapes)]
    attrs = {"_fn": fn, "_n_captured": len(fn.captures), "_boundaries": [int(b) for b in bucket_boundaries],
             "_sizes": [int(b) for b in bucket_batch_sizes], "_pad_to_boundary": bool(pad_to_bucket_boundary),
             "_drop_remainder": bool(drop_remainder), "_padded_shapes": [s.as_tuple_or_none() for s in shapes],
             "_no_padding": bool(no_padding), "_layout": structure.layout(dataset._specs)}
    return dataset._derived("BucketBySequenceLengthDataset", fn.captures + pads, structure.pack(dataset._specs, out),
                            attrs)


def _padded_static_shape(shape):
    """A padded batch's static element shape: the padded shape's known dims (a None dim pads at run time)."""
    return TensorShape(None) if shape.ndims is None else TensorShape(shape.as_list())


# ------------------------------------------------------------------ take_while, ignore_errors, cardinality
class _TakeWhile(pipeline.Pipeline):
    """The elements before the first for which the predicate is False (an error in the predicate ends nothing)."""

    def __init__(self, source, fn, captured):
        self.source, self.fn, self.captured = source, fn, captured

    def iterate(self, env):
        for elem in self.source.iterate(env):
            if isinstance(elem, pipeline.ElementError):
                yield elem
                continue
            keep = pipeline.call_fn(self.fn, env, elem, self.captured)
            if isinstance(keep, pipeline.ElementError):
                yield keep
            elif not bool(np.asarray(keep[0])):
                return
            else:
                yield elem


@_dataset_op("TakeWhileDataset", needs_ctx=True)
def _take_while_dataset(xp, source, *captured, ctx):
    return _TakeWhile(source, runner(ctx.op._attrs.get("predicate"), ctx.op.name), list(captured))


def take_while(dataset, predicate):
    """The elements while `predicate` (a scalar tf.bool function) holds."""
    fn = dataset._trace(predicate, "Dataset_take_while", wrap=wrap_predicate)
    return dataset._derived("TakeWhileDataset", fn.captures, dataset._specs, {"predicate": fn.function})


_dataset_op("IgnoreErrorsDataset")(lambda xp, source: pipeline.IgnoreErrors(source))


def ignore_errors(dataset):
    """The elements whose computation did not fail."""
    return dataset._derived("IgnoreErrorsDataset", [], dataset._specs)


def cardinality(dataset):
    """An int64 scalar: how many elements `dataset` has, or INFINITE_CARDINALITY / UNKNOWN_CARDINALITY."""
    return apply1("DatasetCardinality", [dataset._variant], name="DatasetCardinality")


@register_op("DatasetCardinality", infer=lambda inputs, attrs: [(dtypes.int64, TensorShape([]))], stateful=True,
             gpu=False, no_gradient=True)
def _dataset_cardinality(xp, pipe):
    return np.int64(pipe.cardinality())


# ------------------------------------------------------------------ assert_cardinality, dense_to_sparse_batch
class _AssertCardinality(pipeline.Pipeline):
    keeps_count = True

    def __init__(self, source, expected):
        self.source, self.expected = source, expected

    def cardinality(self):
        return self.expected

    def iterate(self, env):
        seen = 0
        for elem in self.source.iterate(env):
            seen += 1
            if self.expected != pipeline.INFINITE and seen > self.expected:  # UNKNOWN (-2) too: TF compares the number
                yield pipeline.ElementError(self._failed(f"at least {_elements(seen)}"))
                return
            yield elem
        if seen != self.expected:
            yield pipeline.ElementError(self._failed(f"only {_elements(seen)}"))

    def _failed(self, found):
        expected = "an infinite number of elements" if self.expected == pipeline.INFINITE else _elements(self.expected)
        return errors.FailedPreconditionError(
            None, None, f"Input dataset was expected to contain {expected} but contained {found}.")


def _elements(n):
    return f"{n} element" if n == 1 else f"{n} elements"


_dataset_op("AssertCardinalityDataset")(lambda xp, source, cardinality: _AssertCardinality(source, int(cardinality)))


def assert_cardinality(dataset, expected_cardinality):
    """The same elements, failing at run time unless there are exactly `expected_cardinality`."""
    n = convert_to_tensor(expected_cardinality, dtypes.int64, name="cardinality")
    return dataset._derived("AssertCardinalityDataset", [n], dataset._specs)


class _DenseToSparseBatch(pipeline.Pipeline):
    """Batches of dense elements of varying shapes as SparseTensors [n, *row_shape] holding every entry."""

    def __init__(self, source, size, row_shape):
        self.source, self.size, self.row_shape = source, size, row_shape

    def iterate(self, env):
        chunk = []
        for elem in self.source.iterate(env):
            if isinstance(elem, pipeline.ElementError):
                yield elem
                continue
            chunk.append(np.asarray(elem[0]))
            if len(chunk) == self.size:
                yield self._sparse(chunk)
                chunk = []
        if chunk:
            yield self._sparse(chunk)

    def _sparse(self, arrays):
        shape = [max((a.shape[d] for a in arrays), default=0) if n < 0 else n for d, n in enumerate(self.row_shape)]
        indices, values = [], []
        for k, a in enumerate(arrays):
            if a.ndim != len(shape) or any(n > m for n, m in zip(a.shape, shape)):
                error = errors.InvalidArgumentError if a.ndim != len(shape) else errors.DataLossError  # TF's classes
                return pipeline.ElementError(error(
                    None, None, f"Input element had shape ({', '.join(map(str, a.shape))}) that is incompatible "
                    f"with the row shape ({', '.join(map(str, shape))})."))
            idx = np.argwhere(np.ones(a.shape, bool)).astype(np.int64)
            indices.append(np.concatenate([np.full((len(idx), 1), k, np.int64), idx], axis=1))
            values.append(a.reshape(-1))
        return [np.concatenate(indices), np.concatenate(values), np.array([len(arrays)] + shape, np.int64)]


@_dataset_op("DenseToSparseBatchDataset")
def _dense_to_sparse_batch_dataset(xp, source, batch_size, row_shape):
    if int(batch_size) <= 0:
        raise errors.InvalidArgumentError(None, None, "Batch size must be greater than zero.")
    return _DenseToSparseBatch(source, int(batch_size), [int(n) for n in np.asarray(row_shape).reshape(-1)])


def dense_to_sparse_batch(dataset, batch_size, row_shape):
    """Batches elements of rank len(row_shape) into SparseTensors of dense shape [n, *row_shape]."""
    spec = dataset._specs
    size = convert_to_tensor(batch_size, dtypes.int64, name="batch_size")
    dims = [-1 if d is None else int(d) for d in TensorShape(row_shape).as_tuple_or_none()]
    shape = convert_to_tensor(np.array(dims, np.int64), dtypes.int64, name="row_shape")
    out = structure.Spec(spec.dtype, TensorShape([None]).concatenate(TensorShape(row_shape)), SparseTensor)
    return dataset._derived("DenseToSparseBatchDataset", [size, shape], out, {"_layout": [1]})
