"""IndexedSlices: a sparse set of rows of a dense tensor, the gradient of a gather (tf.IndexedSlices).

`values[i]` is row `indices[i]` of a tensor of shape `dense_shape`; rows may repeat (they add).
Ops that need a dense tensor convert it with `unsorted_segment_sum`, as TF does.
"""
from __future__ import annotations

import collections

import numpy as np

from tfsess.framework.op_builder import constant_value, convert_to_tensor, register_tensor_conversion_function
from tfsess.framework.tensor_shape import TensorShape


class IndexedSlicesValue(collections.namedtuple("IndexedSlicesValue", ["values", "indices", "dense_shape"])):
    """The fetched value of an IndexedSlices: NumPy values, indices and dense_shape."""

    __slots__ = ()


class IndexedSlices:
    """Rows `indices` of a dense tensor of shape `dense_shape`, holding `values` (tf.IndexedSlices)."""

    # "__neg__" -> function(slices); "to_dense" -> function(slices, name): filled by tfsess.ops.math_ops
    _overloads = {}

    def __init__(self, values, indices, dense_shape=None):
        self._values = values
        self._indices = indices
        self._dense_shape = dense_shape

    values = property(lambda self: self._values)
    indices = property(lambda self: self._indices)
    dense_shape = property(lambda self: self._dense_shape)
    name = property(lambda self: self._values.name)
    device = property(lambda self: self._values.device)
    op = property(lambda self: self._values.op)
    dtype = property(lambda self: self._values.dtype)
    graph = property(lambda self: self._values.graph)

    @property
    def shape(self) -> TensorShape:
        """The dense shape, as far as it is known while building the graph."""
        known = None if self._dense_shape is None else constant_value(self._dense_shape)
        if known is not None:
            return TensorShape([int(d) for d in np.asarray(known).reshape(-1)])
        values_shape = self._values.shape
        if values_shape.ndims is None:
            return TensorShape(None)
        return TensorShape([None] + list(values_shape.as_tuple_or_none()[1:]))

    def get_shape(self) -> TensorShape:
        return self.shape

    def consumers(self):
        return self._values.consumers()

    def __neg__(self):
        return IndexedSlices._overloads["__neg__"](self)

    def __str__(self):
        shape = f", dense_shape={self._dense_shape}" if self._dense_shape is not None else ""
        return f"IndexedSlices(indices={self._indices}, values={self._values}{shape})"

    __repr__ = __str__


def _indexed_slices_to_tensor(value, dtype=None, name=None, as_ref=False):
    """The dense tensor an IndexedSlices stands for: rows summed into zeros of `dense_shape`."""
    if dtype is not None and not dtype.is_compatible_with(value.dtype):
        raise ValueError(f"Incompatible tensor conversion requested to `dtype` {dtype.name} for IndexedSlices "
                         f"({value}) with dtype {value.dtype.base_dtype.name}")
    if value.dense_shape is None:
        raise ValueError("Tensor conversion requested for IndexedSlices for argument `value` without "
                         f"dense_shape: {value}")
    return IndexedSlices._overloads["to_dense"](value, name or "UnsortedSegmentSum")


register_tensor_conversion_function(IndexedSlices, _indexed_slices_to_tensor)


def convert_to_tensor_or_indexed_slices(value, dtype=None, name=None, as_ref=False):
    """`value` as a Tensor, unless it is an IndexedSlices or None, which pass through."""
    if value is None or isinstance(value, IndexedSlices):
        if value is not None and dtype is not None and not dtype.is_compatible_with(value.dtype):
            raise ValueError(f"Tensor conversion requested dtype {dtype.name} for IndexedSlices with dtype "
                             f"{value.dtype.base_dtype.name}: {value}")
        return value
    return convert_to_tensor(value, dtype=dtype, name=name, as_ref=as_ref)


__all__ = ["IndexedSlices", "IndexedSlicesValue", "convert_to_tensor_or_indexed_slices"]
