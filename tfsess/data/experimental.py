"""tf.data.experimental: transformations for `Dataset.apply`, cardinality, selection among datasets."""
from __future__ import annotations

import random

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.graph_api import get_seed
from tfsess.framework.op_builder import apply1, convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import logic_ops, math_ops, reduction_ops
from tfsess.data import philox, pipeline, structure, transforms
from tfsess.data.dataset_ops import AUTOTUNE, Dataset, dataset_op
from tfsess.data.reduction import get_single_element
from tfsess.data.transforms import cardinality

INFINITE_CARDINALITY = pipeline.INFINITE
UNKNOWN_CARDINALITY = pipeline.UNKNOWN


def ignore_errors(log_warning=False):
    """A transformation dropping the elements whose computation failed."""
    return transforms.ignore_errors


def take_while(predicate):
    """A transformation keeping elements while `predicate` (a scalar tf.bool function) holds."""
    return lambda dataset: transforms.take_while(dataset, predicate)


def scan(initial_state, scan_func):
    """A transformation: `scan_func(state, element) -> (new_state, output)` over the elements."""
    return lambda dataset: transforms.scan(dataset, initial_state, scan_func)


def unique():
    """A transformation keeping the first occurrence of each element."""
    return transforms.unique


def group_by_window(key_func, reduce_func, window_size=None, window_size_func=None):
    """A transformation grouping elements by `key_func` into windows reduced by `reduce_func`."""
    return lambda dataset: transforms.group_by_window(dataset, key_func, reduce_func, window_size, window_size_func)


def bucket_by_sequence_length(element_length_func, bucket_boundaries, bucket_batch_sizes, padded_shapes=None,
                              padding_values=None, pad_to_bucket_boundary=False, no_padding=False,
                              drop_remainder=False):
    """A transformation batching elements of similar length together (padded per batch)."""
    return lambda dataset: transforms.bucket_by_sequence_length(
        dataset, element_length_func, bucket_boundaries, bucket_batch_sizes, padded_shapes, padding_values,
        pad_to_bucket_boundary, no_padding, drop_remainder)


class _RandomInts(pipeline.Pipeline):
    """TF's RandomDataset: Philox(seed, seed2)'s uint32 draws as int64 elements, forever, the same each pass."""

    def __init__(self, seed, seed2):
        if seed == 0 and seed2 == 0:  # unseeded: fresh seeds for each run of the dataset op
            seed, seed2 = random.getrandbits(64), random.getrandbits(64)
        self.seeds = seed, seed2

    def iterate(self, env):
        for word in philox.words(*self.seeds):
            yield [np.int64(word)]

    def cardinality(self):
        return INFINITE_CARDINALITY


@dataset_op("RandomDataset")
def _random_dataset(xp, seed, seed2):
    return _RandomInts(int(seed), int(seed2))


class RandomDataset(Dataset):
    """An endless dataset of random non-negative int64 values (seeded: the same values each pass)."""

    def __init__(self, seed=None, name=None):
        first, second = get_seed(seed)
        inputs = [convert_to_tensor(0 if s is None else s, dtypes.int64, name=n)
                  for s, n in ((first, "seed"), (second, "seed2"))]
        super().__init__(apply1("RandomDataset", inputs, name="RandomDataset"), structure.Spec(dtypes.int64, []))


class _DirectedInterleave(pipeline.Pipeline):
    """The next element of the input the selector names; an ended input is skipped (or ends it all)."""

    def __init__(self, selector, inputs, stop_on_empty):
        self.selector, self.inputs, self.stop_on_empty = selector, inputs, stop_on_empty

    def iterate(self, env):
        walks = [source.iterate(env) for source in self.inputs]
        alive = [True] * len(walks)
        for choice in self.selector.iterate(env):
            if isinstance(choice, pipeline.ElementError):
                yield choice
                continue
            index = int(choice[0])
            if not 0 <= index < len(walks):
                yield pipeline.ElementError(errors.InvalidArgumentError(
                    None, None, f"Selector index out of range: {index} >= {len(walks)}"))
                continue
            if not alive[index]:
                continue
            elem = next(walks[index], None)
            if elem is None:
                alive[index] = False
                if self.stop_on_empty or not any(alive):
                    return
                continue
            yield elem


@dataset_op("DirectedInterleaveDataset")
def _directed_interleave_dataset(xp, selector, *inputs, stop_on_empty_dataset=False):
    return _DirectedInterleave(selector, list(inputs), bool(stop_on_empty_dataset))


def _directed(selector, datasets, stop_on_empty):
    datasets = list(datasets)
    first = datasets[0]
    for other in datasets[1:]:
        if not structure.same_structure(first._specs, other._specs) or \
                structure.leaves(first.output_types) != structure.leaves(other.output_types):
            raise TypeError(f"Incompatible dataset elements:\n  {first.output_types} vs.\n  {other.output_types}")
    per_input = [structure.leaves(d._specs) for d in datasets]
    merged = []
    for k, spec in enumerate(per_input[0]):
        shape = spec.shape
        for other in per_input[1:]:
            shape = shape.most_specific_compatible_shape(other[k].shape)
        merged.append(structure.Spec(spec.dtype, shape, spec.cls))
    specs = structure.pack(first._specs, merged)
    variant = apply1("DirectedInterleaveDataset", [selector._variant] + [d._variant for d in datasets],
                     {"stop_on_empty_dataset": bool(stop_on_empty)}, name="DirectedInterleaveDataset")
    return Dataset(variant, specs)


def choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset=False):
    """The element of `datasets[i]` for each int64 `i` of `choice_dataset`."""
    if not datasets:
        raise ValueError("Invalid `datasets`. `datasets` should not be empty.")
    if choice_dataset.output_types != dtypes.int64 or choice_dataset.output_shapes.ndims not in (None, 0):
        raise TypeError("Invalid `choice_dataset`. Elements of `choice_dataset` must be scalar of `tf.int64` type, "
                        f"but got {choice_dataset.element_spec}.")
    return _directed(choice_dataset, datasets, stop_on_empty_dataset)


def sample_from_datasets(datasets, weights=None, seed=None, stop_on_empty_dataset=False):
    """Elements drawn at random from `datasets`, input `i` with probability `weights[i]` (uniform by default)."""
    if not datasets:
        raise ValueError("Invalid `datasets`. `datasets` should not be empty.")
    n = len(datasets)
    weights = convert_to_tensor(np.full(n, 1.0 / n) if weights is None else weights, name="weights")
    weights = math_ops.cast(weights, dtypes.float64)
    bounds = reduction_ops.cumsum(weights) / reduction_ops.reduce_sum(weights)

    def choose(word):  # the interval of the cumulative weights a uniform draw falls in
        draw = math_ops.cast(word, dtypes.float64) / float(1 << 32)
        return reduction_ops.reduce_sum(math_ops.cast(logic_ops.greater_equal(draw, bounds[:-1]), dtypes.int64))
    return _directed(RandomDataset(seed).map(choose), datasets, stop_on_empty_dataset)


def map_and_batch(map_func, batch_size, num_parallel_batches=None, drop_remainder=False, num_parallel_calls=None):
    """A transformation: map(map_func) then batch(batch_size, drop_remainder), fused where it can be."""
    calls = num_parallel_calls if num_parallel_calls is not None else num_parallel_batches
    return lambda dataset: dataset.map(map_func, num_parallel_calls=calls).batch(batch_size,
                                                                                 drop_remainder=drop_remainder)


def shuffle_and_repeat(buffer_size, count=None, seed=None):
    """A transformation: shuffle (reshuffled each epoch) then repeat(count)."""
    return lambda dataset: dataset.shuffle(buffer_size, seed=seed).repeat(count)


def unbatch():
    """A transformation splitting each element along its first dimension."""
    return lambda dataset: dataset.unbatch()


def enumerate_dataset(start=0):
    """A transformation pairing each element with its int64 index from `start`."""
    return lambda dataset: dataset.enumerate(start)


def parallel_interleave(map_func, cycle_length, block_length=1, sloppy=False, buffer_output_elements=None,
                        prefetch_input_elements=None):
    """A transformation: interleave(map_func, cycle_length, block_length), in deterministic order."""
    return lambda dataset: dataset.interleave(map_func, cycle_length, block_length)


def prefetch_to_device(device, buffer_size=None):
    """A transformation prefetching `buffer_size` elements (the device is where get_next's outputs go)."""
    return lambda dataset: dataset.prefetch(AUTOTUNE if buffer_size is None else buffer_size)


def Counter(start=0, step=1, dtype=dtypes.int64, name=None):  # noqa: N802 - TF's name
    """start, start + step, ... forever."""
    return Dataset.range(start, np.iinfo(np.int64).max if step > 0 else np.iinfo(np.int64).min, step,
                         output_type=dtype)


__all__ = ["AUTOTUNE", "Counter", "INFINITE_CARDINALITY", "RandomDataset", "UNKNOWN_CARDINALITY",
           "bucket_by_sequence_length", "cardinality", "choose_from_datasets", "enumerate_dataset", "get_single_element", "group_by_window",
           "ignore_errors", "map_and_batch", "parallel_interleave", "prefetch_to_device", "sample_from_datasets",
           "scan", "shuffle_and_repeat", "take_while", "unbatch", "unique"]
