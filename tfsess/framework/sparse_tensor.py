"""SparseTensor (three dense tensors) and SparseTensorValue (its fetched value)."""
from __future__ import annotations

import collections

from tfsess.framework import dtypes
from tfsess.framework.op_builder import constant_value, convert_to_tensor
from tfsess.framework.tensor_shape import TensorShape, unknown_shape


class SparseTensorValue(collections.namedtuple("SparseTensorValue", ["indices", "values", "dense_shape"])):
    """The value of a SparseTensor: NumPy indices, values and dense_shape."""

    __slots__ = ()


class SparseTensor:
    """A sparse tensor: int64 `indices` [N, rank], `values` [N] and int64 `dense_shape` [rank]."""

    def __init__(self, indices, values, dense_shape):
        self._indices = convert_to_tensor(indices, dtype=dtypes.int64, name="indices")
        self._values = convert_to_tensor(values, name="values")
        self._dense_shape = convert_to_tensor(dense_shape, dtype=dtypes.int64, name="dense_shape")
        self._indices.shape.with_rank(2)
        self._values.shape.with_rank(1)
        self._dense_shape.shape.with_rank(1)

    @classmethod
    def from_value(cls, value):
        if isinstance(value, SparseTensor):
            return value
        return cls(value.indices, value.values, value.dense_shape)

    indices = property(lambda self: self._indices)
    values = property(lambda self: self._values)
    dense_shape = property(lambda self: self._dense_shape)
    dtype = property(lambda self: self._values.dtype)
    op = property(lambda self: self._values.op)
    graph = property(lambda self: self._values.graph)

    @property
    def shape(self) -> TensorShape:
        value = constant_value(self._dense_shape)
        if value is not None:
            return TensorShape([int(d) for d in value])
        n = self._dense_shape.shape
        return unknown_shape(n[0].value) if n.ndims == 1 and n[0].value is not None else unknown_shape()

    def get_shape(self) -> TensorShape:
        return self.shape

    def eval(self, feed_dict=None, session=None):
        from tfsess.client.session import _run_using_default_session
        return _run_using_default_session(self, feed_dict, self.graph, session)

    def consumers(self):
        return []

    def __repr__(self):
        return f"SparseTensor(indices={self._indices}, values={self._values}, dense_shape={self._dense_shape})"


def is_sparse(x) -> bool:
    return isinstance(x, (SparseTensor, SparseTensorValue))
