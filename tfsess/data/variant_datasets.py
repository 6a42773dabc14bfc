"""tf.data's variant and legacy names: Dataset <-> variant tensor (to_variant / from_variant), SHARD_HINT,
map_and_batch_with_legacy_function, and NumpyIterator (eager-only in TF: graph mode raises as TF1 does)."""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.graph_mode import is_tensor
from tfsess.data import structure
from tfsess.data.dataset_ops import Dataset

SHARD_HINT = -1  # a placeholder for the shard count that tf.data's auto-sharding fills in


def to_variant(dataset):
    """The variant tensor that stands for `dataset` (tf.data.experimental.to_variant)."""
    return dataset._as_variant_tensor()


def _spec_of(leaf):
    if isinstance(leaf, structure.Spec):
        return leaf
    if hasattr(leaf, "dtype") and hasattr(leaf, "shape"):  # a tf.TensorSpec or similar
        return structure.Spec(dtypes.as_dtype(leaf.dtype), leaf.shape)
    raise TypeError(f"`structure` must hold element specs (such as tf.TensorSpec), got {leaf!r}")


def from_variant(variant, structure_of_elements):
    """The dataset a variant tensor stands for, with elements of `structure_of_elements` (its element_spec)
    (tf.data.experimental.from_variant).

    Raises:
        TypeError: `variant` is not a variant tensor, or the structure holds something other than specs.
    """
    if not is_tensor(variant) or variant.dtype.base_dtype != dtypes.variant:
        raise TypeError(f"`variant` must be a tf.variant tensor, got {variant!r}")
    leaves = [_spec_of(leaf) for leaf in structure.leaves(structure_of_elements)]
    return Dataset(variant, structure.pack(structure_of_elements, leaves))


def map_and_batch_with_legacy_function(map_func, batch_size, num_parallel_batches=None, drop_remainder=False,
                                       num_parallel_calls=None):
    """map(map_func) then batch(batch_size) (tf.data.experimental.map_and_batch_with_legacy_function); tfsess
    traces every dataset function the same way, so the legacy form is the plain one.

    Raises:
        ValueError: both num_parallel_batches and num_parallel_calls are set.
    """
    if num_parallel_batches is not None and num_parallel_calls is not None:
        raise ValueError("`map_and_batch_with_legacy_function` allows only one of `num_parallel_batches` and "
                         f"`num_parallel_calls` to be set, but `num_parallel_batches` was set to "
                         f"{num_parallel_batches} and `num_parallel_calls` as set to {num_parallel_calls}.")
    calls = num_parallel_calls if num_parallel_calls is not None else num_parallel_batches
    return lambda dataset: dataset.map(map_func, num_parallel_calls=calls).batch(batch_size,
                                                                                 drop_remainder=drop_remainder)


class NumpyIterator:
    """An iterator of NumPy values over a dataset (tf.data.NumpyIterator). TF builds it only in eager mode:
    in graph mode, as here, making one raises TF1's RuntimeError."""

    def __init__(self, dataset):
        self._iterator = iter(dataset)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._iterator)

    next = __next__


__all__ = ["SHARD_HINT", "from_variant", "map_and_batch_with_legacy_function", "to_variant"]
