"""SparseTensor (three dense tensors) and SparseTensorValue (its fetched value)."""
from __future__ import annotations

import collections

from tfsess.framework import dtypes
from tfsess.framework.default_session import run_using_default_session
from tfsess.framework.op_builder import convert_to_tensor, graph_of, op_scope
from tfsess.framework.tensor_shape import TensorShape, as_shape, unknown_shape
from tfsess.framework.tensor_util import partial_shape


class SparseTensorValue(collections.namedtuple("SparseTensorValue", ["indices", "values", "dense_shape"])):
    """The value of a SparseTensor: NumPy indices, values and dense_shape."""

    __slots__ = ()


class SparseTensor:
    """A sparse tensor: int64 `indices` [N, rank], `values` [N] and int64 `dense_shape` [rank].

    Raises:
        ValueError: components of the wrong rank, or whose static sizes disagree.
    """

    _overloads = {}  # "__mul__"/"__truediv__" -> function(sparse, dense), filled by tfsess.ops.sparse_ops

    def __init__(self, indices, values, dense_shape):
        with op_scope(None, "SparseTensor", [indices, values, dense_shape]):
            self._indices = convert_to_tensor(indices, dtype=dtypes.int64, name="indices")
            self._values = convert_to_tensor(values, name="values")
            self._dense_shape = convert_to_tensor(dense_shape, dtype=dtypes.int64, name="dense_shape")
        graph_of([self._indices, self._values, self._dense_shape])  # all three must share a graph
        indices_shape = self._indices.shape.with_rank(2)
        values_shape = self._values.shape.with_rank(1)
        dense_shape_shape = self._dense_shape.shape.with_rank(1)
        indices_shape[0].merge_with(values_shape[0])
        indices_shape[1].merge_with(dense_shape_shape[0])
        self._dense_shape_default = _shape_of(self._dense_shape)

    @classmethod
    def from_value(cls, sparse_tensor_value):
        """A SparseTensor holding a SparseTensorValue (or returning a SparseTensor as is)."""
        if isinstance(sparse_tensor_value, SparseTensor):
            return sparse_tensor_value
        return cls(sparse_tensor_value.indices, sparse_tensor_value.values, sparse_tensor_value.dense_shape)

    indices = property(lambda self: self._indices)
    values = property(lambda self: self._values)
    dense_shape = property(lambda self: self._dense_shape)
    dtype = property(lambda self: self._values.dtype)
    op = property(lambda self: self._values.op)
    graph = property(lambda self: self._indices.graph)

    @property
    def shape(self) -> TensorShape:
        """The static dense shape: known dims from a constant or partly known `dense_shape`."""
        return self._dense_shape_default

    def get_shape(self) -> TensorShape:
        return self._dense_shape_default

    def set_shape(self, shape):
        """Merges `shape` into the static dense shape; ValueError if incompatible."""
        self._dense_shape_default = self._dense_shape_default.merge_with(as_shape(shape))

    def with_values(self, new_values):
        """A SparseTensor with the same indices and dense_shape and `new_values`."""
        result = SparseTensor(self._indices, new_values, self._dense_shape)
        result._dense_shape_default = self._dense_shape_default
        return result

    def eval(self, feed_dict=None, session=None):
        """The SparseTensorValue of this tensor in `session` (or the default session)."""
        return run_using_default_session(self, feed_dict, self.graph, session)

    def consumers(self):
        ops = []
        for t in (self._indices, self._values, self._dense_shape):
            for op in t.consumers():
                if op not in ops:
                    ops.append(op)
        return ops

    def __mul__(self, other):
        return SparseTensor._overloads["__mul__"](self, other)

    def __truediv__(self, other):
        return SparseTensor._overloads["__truediv__"](self, other)

    __div__ = __truediv__

    def __repr__(self):
        return f"SparseTensor(indices={self._indices}, values={self._values}, dense_shape={self._dense_shape})"

    __str__ = __repr__


def _shape_of(dense_shape) -> TensorShape:
    """TF's constant_value_as_shape for a dense_shape tensor."""
    dims = partial_shape(dense_shape)
    return unknown_shape() if dims is None else TensorShape(dims)


def is_sparse(x) -> bool:
    return isinstance(x, (SparseTensor, SparseTensorValue))


def convert_to_sparse_tensor(value):
    """`value` as a SparseTensor (a SparseTensorValue is converted); TypeError otherwise."""
    if isinstance(value, SparseTensorValue):
        return SparseTensor.from_value(value)
    if not isinstance(value, SparseTensor):
        raise TypeError("Input must be a SparseTensor.")
    return value
