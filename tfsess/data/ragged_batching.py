"""Batching into RaggedTensors: Dataset.ragged_batch, tf.data.experimental.dense_to_ragged_batch and the
old RaggedTensorStructure spec name.

A dense component whose shape is not fully known becomes a RaggedTensor first (ragged up to its last
unknown dimension; with only the first unknown, a ragged_rank-0 one, which travels as the dense
array), so that batching puts rows of different lengths side by side instead of failing.
"""
from __future__ import annotations

from tfsess.data import structure
from tfsess.framework import dtypes
from tfsess.framework.operation import Tensor
from tfsess.ops.ragged.ragged_tensor import RaggedTensor
from tfsess.ops.ragged.ragged_tensor_value import RaggedTensorSpec


def _ragged_spec(spec, row_splits_dtype):
    """The RaggedTensorSpec a dense component of `spec` is batched as, or `spec` itself."""
    if isinstance(spec, RaggedTensorSpec) or not isinstance(spec, structure.Spec) or spec.cls is not Tensor or \
            spec.shape.ndims is None or spec.shape.is_fully_defined():
        return spec
    ragged_rank = max(axis for axis, size in enumerate(spec.shape.as_list()) if size is None)
    return RaggedTensorSpec(spec.shape, spec.dtype, ragged_rank, row_splits_dtype)


def ragged_batch(dataset, batch_size, drop_remainder=False, row_splits_dtype=dtypes.int64):
    """`dataset` batched with its components of varying shape as RaggedTensors (Dataset.ragged_batch)."""
    row_splits_dtype = dtypes.as_dtype(row_splits_dtype)
    specs = structure.map_structure(lambda s: _ragged_spec(s, row_splits_dtype), dataset.element_spec)

    def to_ragged(value, spec):
        if isinstance(spec, RaggedTensorSpec) and spec.ragged_rank > 0 and not isinstance(value, RaggedTensor):
            return RaggedTensor.from_tensor(value, ragged_rank=spec.ragged_rank, row_splits_dtype=row_splits_dtype)
        return value

    def convert(*args):
        element = args if isinstance(dataset.element_spec, tuple) else args[0]
        return structure.pack(specs, [to_ragged(v, s) for v, s in zip(structure.leaves(element),
                                                                       structure.leaves(specs))])
    mapped = dataset.map(convert)
    relabelled = type(mapped)(mapped._variant, specs)  # ragged_rank-0 components: the same arrays, ragged
    relabelled._options = mapped._options
    return relabelled.batch(batch_size, drop_remainder)


def dense_to_ragged_batch(batch_size, drop_remainder=False, row_splits_dtype=dtypes.int64):
    """A transformation: ragged_batch(batch_size, drop_remainder, row_splits_dtype)."""
    return lambda dataset: ragged_batch(dataset, batch_size, drop_remainder, row_splits_dtype)


def RaggedTensorStructure(dtype, shape, ragged_rank):  # noqa: N802 - TF's name
    """The spec of a RaggedTensor (an old name of tf.RaggedTensorSpec)."""
    return RaggedTensorSpec(shape, dtype, ragged_rank)


__all__ = ["RaggedTensorStructure", "dense_to_ragged_batch"]
