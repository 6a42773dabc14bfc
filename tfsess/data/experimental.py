"""tf.data.experimental: transformations for `Dataset.apply`, cardinality, selection among datasets."""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.data import pipeline, selection, structure, transforms
from tfsess.data.csv_dataset import CsvDataset, make_csv_dataset
from tfsess.data.experimental_ops import *  # noqa: F401,F403
from tfsess.data import service  # noqa: F401
from tfsess.data.service import distributed_save, enable_debug_mode, get_model_proto  # noqa: F401
from tfsess.data.experimental_ops import __all__ as _more_ops
from tfsess.data.feature_datasets import *  # noqa: F401,F403
from tfsess.data.feature_datasets import __all__ as _feature_names
from tfsess.data.sql_dataset import SqlDataset
from tfsess.data.iterator_saveable import make_saveable_from_iterator
from tfsess.data.variant_datasets import *  # noqa: F401,F403
from tfsess.data.variant_datasets import __all__ as _variant_names
from tfsess.data.options import (AutoShardPolicy, AutotuneAlgorithm, AutotuneOptions, DistributeOptions,
                                 ExternalStatePolicy, OptimizationOptions, ServiceOptions, ThreadingOptions)
from tfsess.data.dataset_kernels import AUTOTUNE
from tfsess.data.dataset_ops import Dataset, as_v1, variant_dataset_class
from tfsess.data.optional_ops import Optional, get_next_as_optional
from tfsess.data.optional_ops import OptionalSpec as OptionalStructure  # noqa: F401 - TF1 name of tf.OptionalSpec
from tfsess.ops.tensor_array_spec import TensorArrayStructure  # noqa: F401
from tfsess.data.ragged_batching import *  # noqa: F401,F403
from tfsess.data.ragged_batching import __all__ as _ragged_names
from tfsess.data.reduction import get_single_element
from tfsess.data import selection as _selection
from tfsess.data.transforms import cardinality

INFINITE_CARDINALITY = pipeline.INFINITE
UNKNOWN_CARDINALITY = pipeline.UNKNOWN


def assert_cardinality(expected_cardinality):
    """A transformation failing at run time unless the dataset has `expected_cardinality` elements."""
    return lambda dataset: transforms.assert_cardinality(dataset, expected_cardinality)


def dense_to_sparse_batch(batch_size, row_shape):
    """A transformation batching dense elements of varying shapes into SparseTensors [n, *row_shape]."""
    return lambda dataset: transforms.dense_to_sparse_batch(dataset, batch_size, row_shape)


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
    return lambda dataset: transforms.group_by_window(dataset, key_func, reduce_func, window_size, window_size_func,
                                                      variant_dataset_class())


def bucket_by_sequence_length(element_length_func, bucket_boundaries, bucket_batch_sizes, padded_shapes=None,
                              padding_values=None, pad_to_bucket_boundary=False, no_padding=False,
                              drop_remainder=False):
    """A transformation batching elements of similar length together (padded per batch)."""
    return lambda dataset: transforms.bucket_by_sequence_length(
        dataset, element_length_func, bucket_boundaries, bucket_batch_sizes, padded_shapes, padding_values,
        pad_to_bucket_boundary, no_padding, drop_remainder)


class RandomDataset(Dataset):
    """An endless dataset of random non-negative int64 values (seeded: the same values each pass)."""

    def __init__(self, seed=None, name=None):
        super().__init__(selection.random_variant(seed), structure.Spec(dtypes.int64, []))


def map_and_batch(map_func, batch_size, num_parallel_batches=None, drop_remainder=False, num_parallel_calls=None):
    """A transformation: map(map_func) then batch(batch_size, drop_remainder), fused where it can be."""
    if num_parallel_batches is not None and num_parallel_calls is not None:
        raise ValueError("`map_and_batch` allows only one of `num_parallel_batches` and `num_parallel_calls` to be "
                         f"set, but `num_parallel_batches` was set to {num_parallel_batches} and "
                         f"`num_parallel_calls` as set to {num_parallel_calls}.")
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


def choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset=False):
    """The element of `datasets[i]` for each int64 `i` of `choice_dataset` (a v1 dataset, as TF1's)."""
    return as_v1(_selection.choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset))


def sample_from_datasets(datasets, weights=None, seed=None, stop_on_empty_dataset=False):
    """Elements drawn at random from `datasets`, input `i` with probability `weights[i]` (a v1 dataset)."""
    return as_v1(_selection.sample_from_datasets(datasets, weights, seed, stop_on_empty_dataset), fresh=True)


def Counter(start=0, step=1, dtype=dtypes.int64, name=None):  # noqa: N802 - TF's name
    """start, start + step, ... forever."""
    return as_v1(Dataset.counter(start, step, dtype))  # TF1's experimental Counter is a v1 dataset


__all__ = _more_ops + _feature_names + _variant_names + _ragged_names + [
    "AUTOTUNE", "AutoShardPolicy", "AutotuneAlgorithm", "AutotuneOptions", "Counter", "CsvDataset",
    "DistributeOptions", "ExternalStatePolicy", "OptimizationOptions", "ServiceOptions", "SqlDataset",
    "ThreadingOptions", "make_csv_dataset", "make_saveable_from_iterator", "INFINITE_CARDINALITY", "Optional",
    "OptionalStructure", "RandomDataset", "TensorArrayStructure", "UNKNOWN_CARDINALITY",
           "assert_cardinality", "bucket_by_sequence_length", "dense_to_sparse_batch", "get_next_as_optional", "cardinality", "choose_from_datasets", "enumerate_dataset", "get_single_element", "group_by_window",
           "ignore_errors", "map_and_batch", "parallel_interleave", "prefetch_to_device", "sample_from_datasets",
           "scan", "shuffle_and_repeat", "take_while", "unbatch", "unique", "service", "distributed_save", "enable_debug_mode", "get_model_proto"]
