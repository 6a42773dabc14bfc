"""tf.data.Dataset in graph mode: sources and transformations, each one variant-valued graph op.

A Dataset is a Python object holding its element structure (`_specs`) and a scalar `variant`
tensor whose op takes the dataset's inputs (its input datasets, the tensors it was built from,
the tensors its functions capture). Running that op yields a bound pipeline (tfsess/data/pipeline.py)
that an iterator walks; functions are traced once (tfsess/data/function.py).
"""
from __future__ import annotations

import itertools
import re

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.graph_api import get_seed
from tfsess.framework.op_builder import apply1, constant_value, convert_to_tensor, graph_of, op_scope
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.ops import constant_op, indexing_ops, io_ops, logic_ops
from tfsess.data import iterator_ops, padded_batching, ragged_batching, reduction, selection, structure, transforms
from tfsess.data.dataset_kernels import AUTOTUNE
from tfsess.data.function import TracedFunction
from tfsess.data.options import Options

_ALL_ELEMENTS = 1 << 62  # a shuffle buffer that holds every element


def structure_attrs(specs):
    """The `output_types` and `output_shapes` attrs every dataset op carries (flat components)."""
    comps = structure.component_specs(specs)
    return {"output_types": [t for t, _ in comps], "output_shapes": [s for _, s in comps]}


# transformations defined above this module (experimental_ops imports it) that Dataset offers as methods too:
# name -> the tf.data.experimental function, registered by the module defining it
EXPERIMENTAL_METHODS = {}


class Dataset(structure.StructuredElements):
    """A pipeline of elements (tf.data.Dataset): build it from a source, chain transformations."""

    _options = None  # the tf.data.Options set with with_options (here or on an input)

    def __init__(self, variant, specs):
        self._variant, self._specs = variant, specs

    def __repr__(self):
        kind = re.sub(r"V\d+$", "", self._variant.op.type)
        return f"<_{kind} element_spec={self._specs!r}>"

    def __iter__(self):
        raise RuntimeError("`tf.data.Dataset` only supports Python-style iteration in eager mode or within "
                           "tf.function.")

    def as_numpy_iterator(self):
        """TF's is eager-only: in graph mode, as tfsess always is, it raises TF1's RuntimeError."""
        raise RuntimeError("`tf.data.Dataset.as_numpy_iterator()` is only supported in eager mode.")

    @property
    def element_spec(self):
        return self._specs

    def _as_variant_tensor(self):
        return self._variant

    # ------------------------------------------------------------ sources
    @staticmethod
    def from_tensor_slices(tensors, name=None):
        """Slices each component of `tensors` along its first dimension (`name`: TF's tf.data metadata only)."""
        element = _normalize_element(tensors)
        comps = structure.components(element)
        if not comps:
            raise ValueError("Invalid `tensors`: from_tensor_slices needs at least one component.")
        firsts = set()
        for t in structure.leaves(structure.without_extension_types(element)):  # a SparseTensor by its dense shape
            if t.shape.ndims == 0:
                raise ValueError("Unbatching a tensor is only supported for rank >= 1")
            if t.shape.ndims is not None and t.shape.as_tuple_or_none()[0] is not None:
                firsts.add(t.shape.as_tuple_or_none()[0])
        if len(firsts) > 1:
            raise ValueError(f"Dimensions {' and '.join(str(n) for n in sorted(firsts))} are not compatible")
        specs = structure.map_structure(lambda t: structure.unbatched_spec(structure.spec_of(t)), element)
        layout = _layout(structure.map_structure(structure.spec_of, element))  # the sliced components
        attrs = {"_layout": layout, "output_shapes": structure_attrs(specs)["output_shapes"]}
        variant = apply1("TensorSliceDataset", comps, attrs, name="TensorSliceDataset")
        return DatasetV1Adapter(variant, specs)

    @staticmethod
    def from_tensors(tensors, name=None):
        """A dataset of one element, `tensors`."""
        element = _normalize_element(tensors)
        specs = structure.map_structure(structure.spec_of, element)
        variant = apply1("TensorDataset", structure.components(element),
                         {"output_shapes": structure_attrs(specs)["output_shapes"]}, name="TensorDataset")
        return DatasetV1Adapter(variant, specs)

    @staticmethod
    def range(*args, output_type=dtypes.int64, name=None):
        """range(stop), range(start, stop) or range(start, stop, step), as `output_type` elements."""
        if not 1 <= len(args) <= 3:
            raise ValueError(f"Invalid arguments to RangeDataset: {args}")
        start, stop, step = (0, args[0], 1) if len(args) == 1 else (tuple(args) + (1,))[:3]
        inputs = [convert_to_tensor(v, dtype=dtypes.int64, name=n)
                  for v, n in zip((start, stop, step), ("start", "stop", "step"))]
        output_type = dtypes.as_dtype(output_type)
        specs = structure.Spec(output_type, [])
        variant = apply1("RangeDataset", inputs, structure_attrs(specs), name="RangeDataset")
        return DatasetV1Adapter(variant, specs)

    @staticmethod
    def from_generator(generator, output_types=None, output_shapes=None, args=None, output_signature=None,
                       name=None):
        """Elements yielded by the Python callable `generator` (called once per iteration), described by
        `output_signature` (tf.TensorSpecs) or by `output_types` and `output_shapes`."""
        if not callable(generator):
            raise TypeError("`generator` must be a Python callable.")
        if output_signature is not None:
            specs = structure.specs_of_signature(output_signature, output_types, output_shapes)
        elif output_types is None:
            raise TypeError("To specify the output signature you need to provide either the `output_signature` "
                            "argument or the `output_types` argument.")
        else:
            specs = structure.from_types_shapes(output_types, output_shapes)
        arg_tensors = [convert_to_tensor(a, name="args") for a in (args or ())]
        attrs = {"_generator": generator, "_specs": specs, "_numpy_conversion": output_signature is not None}
        variant = apply1("GeneratorDataset", arg_tensors, attrs,
                         name="GeneratorDataset")
        return DatasetV1Adapter(variant, specs)

    @staticmethod
    def from_sparse_tensor_slices(sparse_tensor):
        """The rows of a SparseTensor, each as TF1 gives it: a tuple (indices, values, dense_shape)."""
        if not isinstance(sparse_tensor, SparseTensor):
            raise TypeError("Invalid `sparse_tensor`. `sparse_tensor` must be a `tf.sparse.SparseTensor`. "
                            f"Got {type(sparse_tensor)}.")
        return Dataset.from_tensor_slices(sparse_tensor).map(lambda row: (row.indices, row.values, row.dense_shape))

    @staticmethod
    def counter(start=0, step=1, dtype=dtypes.int64, name=None):
        """start, start + step, ... forever."""
        end = np.iinfo(np.int64).max if step > 0 else np.iinfo(np.int64).min
        return as_v2(Dataset.range(start, end, step, output_type=dtype), "_ScanDataset")  # TF's is a scan

    @staticmethod
    def random(seed=None, name=None):
        """Random non-negative int64 values forever (the same each pass when seeded)."""
        return as_v2(DatasetV1Adapter(selection.random_variant(seed), structure.Spec(dtypes.int64, [])))

    @staticmethod
    def choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset=True):
        """The element of `datasets[i]` for each int64 `i` of `choice_dataset`."""
        return as_v2(selection.choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset))

    @staticmethod
    def sample_from_datasets(datasets, weights=None, seed=None, stop_on_empty_dataset=False,
                             rerandomize_each_iteration=None):
        """Elements drawn at random from `datasets`, input `i` with probability `weights[i]`."""
        sampled = selection.sample_from_datasets(datasets, weights, seed, stop_on_empty_dataset)
        return sampled if len(datasets) == 1 else as_v2(sampled)  # TF's v2 method returns a lone input itself

    @staticmethod
    def zip(*args, datasets=None, name=None):
        """Elements of the nested datasets (`*args`, or `datasets`) taken together, until the shortest ends.

        `name` names the transformation in TF's metadata only, never the op, so it changes nothing here.
        """
        if not args and datasets is None:
            raise TypeError("Must pass at least one dataset to `zip`.")
        if args and datasets is not None:
            raise TypeError("Both `*args` and `datasets` cannot be set.")
        if args:
            datasets = args[0] if len(args) == 1 else args
        flat = structure.leaves(datasets)
        for leaf in _zip_leaves(datasets):  # tf.data's nest: a list is a leaf, never a structure
            if isinstance(leaf, list):
                raise TypeError("Invalid input to `zip`. Inputs are expected to be (nested) structures of "
                                "`tf.data.Dataset` objects. Python `list` is not supported and you should use "
                                "`tuple` instead.")
            if not isinstance(leaf, Dataset):
                raise TypeError("Invalid input to `zip`. Inputs are expected to be (nested) structures of "
                                f"`tf.data.Dataset` objects but encountered object of type {type(leaf)}.")
        if not flat:  # TF's op builder refuses the empty input list
            raise ValueError("List argument 'input_datasets' to 'ZipDataset' Op with length 0 shorter than minimum "
                             "length 1.")
        specs = structure.map_structure(lambda d: d._specs, datasets)
        variant = apply1("ZipDataset", [d._variant for d in flat], structure_attrs(specs), name="ZipDataset")
        return DatasetV1Adapter(variant, specs)

    @staticmethod
    def list_files(file_pattern, shuffle=None, seed=None):
        """The file names matching `file_pattern` (shuffled unless shuffle=False)."""
        dataset = Dataset.from_tensor_slices(io_ops.matching_files(file_pattern))
        return dataset.shuffle(_ALL_ELEMENTS, seed=seed) if shuffle is None or shuffle else dataset

    # ------------------------------------------------------------ transformations
    @property
    def _variant_tensor(self):  # TF's name of the dataset's variant tensor, read by some user code
        return self._variant

    def _derived(self, op_type, inputs, specs, attrs=None, typed=True):
        """`op_type` over this dataset and `inputs`; `typed`: with the output_types/output_shapes attrs (the
        ops whose TF OpDef names them otherwise pass their own in `attrs`)."""
        attrs = dict(structure_attrs(specs) if typed else {}, **(attrs or {}))
        variant = apply1(op_type, [self._variant] + list(inputs), attrs, name=op_type)
        derived = self._same_api(variant, specs)
        derived._options = self._options
        return derived

    def _same_api(self, variant, specs):
        """A dataset of `variant` offering this one's API: a DatasetV1Adapter, or (from a v2-only
        transformation's result) a DatasetV2 named after the op, as TF's classes are."""
        if isinstance(self, DatasetV2):
            return _v2_class(_v2_name(variant.op.type))(variant, specs)
        return DatasetV1Adapter(variant, specs)

    def _trace(self, fn, transformation, wrap=None):
        return TracedFunction(fn, self._specs, graph_of([self._variant]), transformation, wrap=wrap)

    def map(self, map_func, num_parallel_calls=None, deterministic=None, name=None):
        """Applies `map_func` (a library function, traced once) to each element."""
        fn = self._trace(map_func, "Dataset_map")
        specs = structure.map_structure(structure.spec_of, fn.output)
        if not structure.leaves(specs):  # the op's output_types attr needs a component
            op_type = "MapDataset" if num_parallel_calls is None else "ParallelMapDatasetV2"
            raise ValueError(f"Attr 'output_types' of '{op_type}' Op passed list of length 0 less than minimum 1.")
        if num_parallel_calls is None:
            return self._derived("MapDataset", fn.captures, specs, {"f": fn.function})
        calls = convert_to_tensor(num_parallel_calls, dtypes.int64, name="num_parallel_calls")
        attrs = {"f": fn.function, "deterministic": _deterministic(deterministic)}
        return self._derived("ParallelMapDatasetV2", fn.captures + [calls], specs, attrs)

    def filter(self, predicate, name=None):
        """The elements for which `predicate` returns True."""
        fn = self._trace(predicate, "Dataset_filter", wrap=transforms.wrap_predicate)
        return self._derived("FilterDataset", fn.captures, self._specs, {"predicate": fn.function})

    def flat_map(self, map_func, name=None):
        """Maps each element to a dataset (`map_func`) and flattens them in order."""
        fn = self._trace(map_func, "Dataset_flat_map", wrap=_wrap_dataset)
        return self._derived("FlatMapDataset", fn.captures, fn.output._specs, {"f": fn.function})

    def interleave(self, map_func, cycle_length=None, block_length=None, num_parallel_calls=None,
                   deterministic=None, name=None):
        """Maps elements to datasets and takes `block_length` elements from `cycle_length` at a time."""
        fn = self._trace(map_func, "Dataset_interleave", wrap=_wrap_dataset)
        cycle = convert_to_tensor(AUTOTUNE if cycle_length is None else cycle_length, dtypes.int64,
                                  name="cycle_length")
        block = convert_to_tensor(1 if block_length is None else block_length, dtypes.int64, name="block_length")
        if num_parallel_calls is None:
            return self._derived("InterleaveDataset", fn.captures + [cycle, block], fn.output._specs,
                                 {"f": fn.function})
        extra = [convert_to_tensor(AUTOTUNE, dtypes.int64, name=n)
                 for n in ("buffer_output_elements", "prefetch_input_elements")]
        calls = convert_to_tensor(num_parallel_calls, dtypes.int64, name="num_parallel_calls")
        return self._derived("ParallelInterleaveDatasetV4", fn.captures + [cycle, block] + extra + [calls],
                             fn.output._specs, {"f": fn.function, "deterministic": _deterministic(deterministic)})

    def batch(self, batch_size, drop_remainder=False, num_parallel_calls=None, deterministic=None, name=None):
        """Stacks `batch_size` consecutive elements (a shorter last batch unless drop_remainder)."""
        size = convert_to_tensor(batch_size, dtypes.int64, name="batch_size")
        drop = convert_to_tensor(drop_remainder, dtypes.bool, name="drop_remainder")
        static = constant_value(size) if constant_value(drop) else None  # a fed drop_remainder: unknown
        dim = None if static is None else int(static)
        specs = structure.map_structure(lambda s: structure.batched_spec(s, dim), self._specs)
        return self._derived("BatchDatasetV2", [size, drop], specs, {"_layout": _layout(self._specs)})

    def ragged_batch(self, batch_size, drop_remainder=False, row_splits_dtype=dtypes.int64, name=None):
        """Batches elements, components of varying shape as RaggedTensors."""
        return as_v2(ragged_batching.ragged_batch(self, batch_size, drop_remainder, row_splits_dtype), "_BatchDataset")

    def padded_batch(self, batch_size, padded_shapes=None, padding_values=None, drop_remainder=False, name=None):
        """Batches elements of varying shapes, padding each component to `padded_shapes`."""
        return padded_batching.padded_batch(self, batch_size, padded_shapes, padding_values, drop_remainder)

    def unbatch(self, name=None):
        """Splits each element along its first dimension into elements."""
        batch = None
        for s in structure.leaf_specs(self._specs):
            if s.shape.ndims == 0:
                raise ValueError("Cannot unbatch an input with scalar components.")
            dense = isinstance(s, structure.Spec) and s.cls is not SparseTensor  # others travel as variants
            size = s.shape[0].value if dense and s.shape.ndims else None
            if batch is not None and size is not None and size != batch:
                raise ValueError("`unbatch()` is only supported for datasets of elements whose components have a "
                                 f"matching leading dimension. Encountered both {batch} and {size}.")
            batch = batch if size is None else size
        specs = structure.map_structure(structure.unbatched_spec, self._specs)
        return self._derived("UnbatchDataset", [], specs, {"_layout": _layout(self._specs)})

    def shuffle(self, buffer_size, seed=None, reshuffle_each_iteration=None, name=None):
        """Shuffles elements through a buffer of `buffer_size` elements."""
        size = convert_to_tensor(buffer_size, dtypes.int64, name="buffer_size")
        reshuffle = True if reshuffle_each_iteration is None else bool(reshuffle_each_iteration)
        return self._derived("ShuffleDataset", [size] + seed_tensors(seed), self._specs,
                             {"reshuffle_each_iteration": reshuffle})

    def repeat(self, count=None, name=None):
        """Repeats the dataset `count` times (forever when None or -1)."""
        return self._derived("RepeatDataset", [convert_to_tensor(-1 if count is None else count, dtypes.int64,
                                                                 name="count")], self._specs)

    def take(self, count, name=None):
        """The first `count` elements (all when -1)."""
        return self._derived("TakeDataset", [convert_to_tensor(count, dtypes.int64, name="count")], self._specs)

    def skip(self, count, name=None):
        """All but the first `count` elements (none when -1)."""
        return self._derived("SkipDataset", [convert_to_tensor(count, dtypes.int64, name="count")], self._specs)

    def concatenate(self, dataset, name=None):
        """This dataset's elements, then `dataset`'s (of the same structure and types)."""
        if not structure.same_structure(self._specs, dataset._specs) or \
                structure.leaves(structure.types_of(self._specs)) != \
                structure.leaves(structure.types_of(dataset._specs)) or \
                _component_kinds(self._specs) != _component_kinds(dataset._specs):
            raise TypeError(f"Incompatible dataset elements:\n  {self.element_spec} vs.   {dataset.element_spec}")
        specs = structure.pack(self._specs, [structure.relaxed_spec(a, b) for a, b in zip(
            structure.leaves(self._specs), structure.leaves(dataset._specs))])
        variant = apply1("ConcatenateDataset", [self._variant, dataset._variant], name="ConcatenateDataset")
        return self._same_api(variant, specs)

    def window(self, size, shift=None, stride=1, drop_remainder=False, name=None):
        """Windows of `size` elements, one every `shift` (default `size`), taking every `stride`-th element.

        Each element is a structure of datasets (one per component), usually flattened with
        `flat_map(lambda w: w.batch(size))`.
        """
        inputs = [convert_to_tensor(v, dtypes.int64, name=n) for v, n in
                  ((size, "size"), (size if shift is None else shift, "shift"), (stride, "stride"))]
        inputs.append(convert_to_tensor(bool(drop_remainder), dtypes.bool, name="drop_remainder"))
        specs = structure.map_structure(lambda s: structure.DatasetSpec(s, make=variant_dataset_class()), self._specs)
        return self._derived("WindowDataset", inputs, specs, {"_layout": _layout(self._specs)})

    def reduce(self, initial_state, reduce_func, name=None):
        """The state `reduce_func(state, element)` leaves after every element, from `initial_state`."""
        return reduction.reduce_dataset(self, initial_state, reduce_func)

    def prefetch(self, buffer_size, name=None):
        """The same elements (prefetching only changes timing)."""
        autotuned = buffer_size is None or (isinstance(buffer_size, int) and buffer_size == AUTOTUNE)
        size = convert_to_tensor(AUTOTUNE if buffer_size is None else buffer_size, dtypes.int64, name="buffer_size")
        return self._derived("PrefetchDataset", [size], self._specs, {"legacy_autotune": autotuned})

    def cache(self, filename="", name=None):
        """Keeps the elements of the first complete pass (in memory, or in files under `filename`)."""
        return self._derived("CacheDataset", [convert_to_tensor(filename, dtypes.string, name="filename")],
                             self._specs)

    def enumerate(self, start=0, name=None):
        """(index, element) pairs, the index an int64 from `start`."""
        return Dataset.zip((Dataset.range(start, np.iinfo(np.int64).max), self))

    def shard(self, num_shards, index, name=None):
        """Every `num_shards`-th element, starting at `index`."""
        n = convert_to_tensor(num_shards, dtypes.int64, name="num_shards")
        i = convert_to_tensor(index, dtypes.int64, name="index")
        return self._derived("ShardDataset", [n, i], self._specs)

    def scan(self, initial_state, scan_func, name=None):
        """`scan_func(state, element) -> (new_state, output)` over the elements, from `initial_state`."""
        return as_v2(transforms.scan(self, initial_state, scan_func))

    def unique(self, name=None):
        """The first occurrence of each element (scalar int32, int64 or string elements)."""
        return as_v2(transforms.unique(self))

    def group_by_window(self, key_func, reduce_func, window_size=None, window_size_func=None, name=None):
        """Windows of elements sharing a `key_func` key, each reduced to a dataset by `reduce_func`."""
        return as_v2(transforms.group_by_window(self, key_func, reduce_func, window_size, window_size_func,
                                                variant_dataset_class()))

    def bucket_by_sequence_length(self, element_length_func, bucket_boundaries, bucket_batch_sizes,
                                  padded_shapes=None, padding_values=None, pad_to_bucket_boundary=False,
                                  no_padding=False, drop_remainder=False, name=None):
        """Padded batches of elements whose `element_length_func` lengths fall in the same bucket."""
        return as_v2(transforms.bucket_by_sequence_length(self, element_length_func, bucket_boundaries,
                                                          bucket_batch_sizes, padded_shapes, padding_values,
                                                          pad_to_bucket_boundary, no_padding, drop_remainder),
                     "_GroupByWindowDataset")

    def sparse_batch(self, batch_size, row_shape, name=None):
        """Batches of elements of varying shape as SparseTensors of dense shape [n, *row_shape]."""
        return as_v2(transforms.dense_to_sparse_batch(self, batch_size, row_shape))

    def map_with_legacy_function(self, map_func, num_parallel_calls=None, deterministic=None):
        """`map` (TF1 traced the function with its legacy Defun; the elements are the same)."""
        return self.map(map_func, num_parallel_calls=num_parallel_calls, deterministic=deterministic)

    def filter_with_legacy_function(self, predicate):
        """`filter` (TF1 traced the predicate with its legacy Defun; the elements are the same)."""
        return self.filter(predicate)

    def rejection_resample(self, class_func, target_dist, initial_dist=None, seed=None, name=None):
        """tf.data.experimental.rejection_resample as a method: (class, element) pairs resampled to `target_dist`."""
        resample = EXPERIMENTAL_METHODS["rejection_resample"](class_func, target_dist, initial_dist, seed)
        return as_v2(self.apply(resample))

    def snapshot(self, path, compression="AUTO", reader_func=None, shard_func=None, name=None):
        """tf.data.experimental.snapshot as a method: the first complete pass kept under `path`."""
        return as_v2(self.apply(EXPERIMENTAL_METHODS["snapshot"](path, compression, reader_func, shard_func)),
                     "_MapDataset")  # TF's snapshot method ends in a map

    def take_while(self, predicate, name=None):
        """The elements before the first for which `predicate` is False."""
        return as_v2(transforms.take_while(self, predicate))

    def ignore_errors(self, log_warning=False, name=None):
        """The elements whose computation did not fail."""
        return as_v2(transforms.ignore_errors(self))

    def cardinality(self):
        """An int64 scalar tensor: the number of elements, or INFINITE (-1) / UNKNOWN (-2)."""
        return transforms.cardinality(self)

    def get_single_element(self, name=None):
        """The only element, as tensors (InvalidArgumentError at run time unless exactly one)."""
        return reduction.get_single_element(self)

    def apply(self, transformation_func):
        """`transformation_func(self)`, which must return a Dataset."""
        result = transformation_func(self)
        if not isinstance(result, Dataset):
            raise TypeError("`transformation_func` must return a `tf.data.Dataset` object.")
        return result if isinstance(self, DatasetV2) else as_v1(result)  # TF1's apply wraps what it gets

    def with_options(self, options, name=None):
        """The same dataset with `options` (a tf.data.Options) merged over the ones it had."""
        if not isinstance(options, Options):  # TF serializes it first: an AttributeError
            raise AttributeError(f"'{type(options).__name__}' object has no attribute '_to_proto'")
        out = _v2_class("_OptionsDataset")(self._variant, self._specs) if isinstance(self, DatasetV2) else \
            DatasetV1Adapter(self._variant, self._specs)
        out._options = self.options().merge(options)
        return out

    def options(self):
        """The tf.data.Options of this dataset (set with with_options on it or on its inputs)."""
        return (self._options if self._options is not None else Options()).frozen()

    # ------------------------------------------------------------ iterators
    def make_one_shot_iterator(self):
        """An iterator over this dataset that needs no initialization (no placeholders allowed)."""
        return iterator_ops.make_one_shot_iterator(self)

    def make_initializable_iterator(self, shared_name=None):
        """An iterator whose `initializer` (re)starts it, evaluating the dataset's inputs then."""
        return iterator_ops.make_initializable_iterator(self, shared_name)


class DatasetV1Adapter(Dataset):
    """What tf.compat.v1's sources and transformations return (TF's name for it, which users see in
    type(dataset).__name__); it behaves as any tf.data.Dataset."""


def _v1_only(attr):
    """A member of tf.compat.v1's Dataset that TF's v2 datasets lack: reading it is an AttributeError."""
    def missing(self):
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{attr}'")
    return property(missing)


class DatasetV2(Dataset):
    """What TF's tf.compat.v1 datasets return from the transformations only tf.data.Dataset (v2) has
    (unique, scan, ignore_errors, group_by_window, ...), and what is chained on those: a v2 dataset,
    without make_*_iterator methods or output_* properties (tf.data.make_one_shot_iterator,
    tf.data.get_output_types and the others take it); `apply` on a v1 dataset wraps it back."""

    make_one_shot_iterator = _v1_only("make_one_shot_iterator")
    make_initializable_iterator = _v1_only("make_initializable_iterator")
    output_types = _v1_only("output_types")
    output_shapes = _v1_only("output_shapes")
    output_classes = _v1_only("output_classes")


_V2_CLASSES = {}
_V2_NAMES = {"CacheDataset": "CacheDataset", "ParallelMapDatasetV2": "_ParallelMapDataset",
             "ParallelInterleaveDatasetV4": "_ParallelInterleaveDataset"}


def _v2_class(name):
    """The DatasetV2 subclass named `name` (TF's class name, which users see in type(dataset).__name__)."""
    if name not in _V2_CLASSES:
        _V2_CLASSES[name] = type(name, (DatasetV2,), {"__module__": __name__, "__doc__": DatasetV2.__doc__})
    return _V2_CLASSES[name]


def variant_dataset_class():
    """The class of the datasets a function receives (windows): TF's _VariantDataset, a v2 dataset."""
    return _v2_class("_VariantDataset")


def _v2_name(op_type):
    return _V2_NAMES.get(op_type, "_" + re.sub(r"V\d+$", "", op_type))


def as_v1(dataset, fresh=False):
    """`dataset` as a tf.compat.v1 dataset (a DatasetV1Adapter; `fresh`: a new one even if it is one)."""
    if type(dataset) is DatasetV1Adapter and not fresh:
        return dataset
    out = DatasetV1Adapter(dataset._variant, dataset._specs)
    out._options = dataset._options
    return out


def as_v2(dataset, name=None):
    """`dataset` as the v2 dataset TF returns from a v2-only transformation (`name`: its class, else the op's)."""
    cls = _v2_class(name or _v2_name(dataset._variant.op.type))
    if type(dataset) is cls:
        return dataset
    out = cls(dataset._variant, dataset._specs)
    out._options = dataset._options
    return out


def _normalize_element(tensors):
    """TF's normalize_element: the element's values become tensors `normalize_element/component_<i>`."""
    numbers = itertools.count()
    with op_scope(None, "normalize_element"):
        return structure.normalize(tensors, name=lambda: f"component_{next(numbers)}")


def _deterministic(deterministic):
    return "default" if deterministic is None else ("true" if deterministic else "false")


def seed_tensors(seed):
    """TF's tf.data seeds: int64 tensors `seed` and `seed2`, the latter never 0 when both would be (where_v2).

    Unseeded (no graph or op seed): two constants 0, which the kernels read as "draw fresh seeds".
    """
    seed, seed2 = get_seed(seed)
    first = constant_op.constant(0, dtypes.int64, name="seed") if seed is None else \
        convert_to_tensor(seed, dtypes.int64, name="seed")  # TF's TypeError for a seed that is no integer
    if seed2 is None:
        return [first, constant_op.constant(0, dtypes.int64, name="seed2")]
    with op_scope(None, "seed2") as scope:
        second = convert_to_tensor(seed2, dtypes.int64)
        both_zero = logic_ops.logical_and(logic_ops.equal(first, 0), logic_ops.equal(second, 0))
        second = indexing_ops.where_v2(both_zero, constant_op.constant(2**31 - 1, dtypes.int64), second, name=scope)
    return [first, second]


def _wrap_dataset(result):
    """The dataset a flat_map/interleave function returned, with its variant as the function's output.

    TF converts a returned tensor-like value before it looks for the dataset (an AttributeError about
    the Tensor), and names the type of a returned structure or SparseTensor (a TypeError).
    """
    if isinstance(result, Dataset):
        return result, [result._variant]
    if isinstance(result, (tuple, list, dict, SparseTensor)):
        raise TypeError(f"The `map_func` argument must return a `Dataset` object. Got {type(result)}.")
    raise AttributeError("'Tensor' object has no attribute '_variant_tensor': the `map_func` argument must return "
                         "a `Dataset` object.")


def _component_kinds(specs):
    """Each component's kind (Tensor or SparseTensor, else its spec's type): concatenate never mixes them."""
    return [s.cls if type(s) is structure.Spec else type(s) for s in structure.leaves(specs)]


# ================================================================ layouts
def _layout(specs):
    return structure.layout(specs)


def get_output_types(dataset_or_iterator):
    """The element dtypes of a dataset or iterator (tf.data.get_output_types)."""
    return structure.types_of(dataset_or_iterator._specs)


def get_output_shapes(dataset_or_iterator):
    """The element static shapes of a dataset or iterator (tf.data.get_output_shapes)."""
    return structure.shapes_of(dataset_or_iterator._specs)


def get_output_classes(dataset_or_iterator):
    """The element classes (Tensor or SparseTensor) of a dataset or iterator."""
    return structure.classes_of(dataset_or_iterator._specs)


__all__ = ["AUTOTUNE", "Dataset", "DatasetV1Adapter", "DatasetV2", "as_v1", "as_v2", "variant_dataset_class",
           "get_output_classes", "get_output_shapes", "get_output_types"]


def _zip_leaves(datasets):
    """The leaves of a zip argument as tf.data's nest sees them: tuples and dicts nest, lists do not."""
    if isinstance(datasets, dict):
        return [x for k in sorted(datasets) for x in _zip_leaves(datasets[k])]
    if isinstance(datasets, tuple):
        return [x for item in datasets for x in _zip_leaves(item)]
    return [datasets]
