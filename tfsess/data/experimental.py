"""tf.data.experimental: transformations for `Dataset.apply` and a few constants."""
from __future__ import annotations

from tfsess.data import pipeline
from tfsess.data.dataset_ops import AUTOTUNE, dataset_op

INFINITE_CARDINALITY = -1
UNKNOWN_CARDINALITY = -2


@dataset_op("IgnoreErrorsDataset")
def _ignore_errors_dataset(xp, source):
    return pipeline.IgnoreErrors(source)


def ignore_errors(log_warning=False):
    """A transformation dropping the elements whose computation failed."""
    def apply(dataset):
        return dataset._derived("IgnoreErrorsDataset", [], dataset._specs)
    return apply


def map_and_batch(map_func, batch_size, num_parallel_batches=None, drop_remainder=False, num_parallel_calls=None):
    """A transformation: map(map_func) then batch(batch_size, drop_remainder)."""
    return lambda dataset: dataset.map(map_func).batch(batch_size, drop_remainder=drop_remainder)


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


__all__ = ["AUTOTUNE", "INFINITE_CARDINALITY", "UNKNOWN_CARDINALITY", "enumerate_dataset", "ignore_errors",
           "map_and_batch", "parallel_interleave", "shuffle_and_repeat", "unbatch"]
