"""RaggedTensorValue (what Session.run returns for a RaggedTensor) and tf.RaggedTensorSpec."""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.tensor_shape import TensorShape, as_shape


class RaggedTensorValue:
    """The value of a RaggedTensor: NumPy `values` (or a nested RaggedTensorValue) and `row_splits`.

    Raises:
        TypeError: row_splits that is not a 1-D int32/int64 array, or values that is not an array.
        ValueError: row_splits whose dtype differs from the nested values' row_splits.
    """

    def __init__(self, values, row_splits):
        if not (isinstance(row_splits, (np.ndarray, np.generic)) and row_splits.dtype in (np.int64, np.int32)
                and row_splits.ndim == 1):
            raise TypeError("row_splits must be a 1D int32 or int64 numpy array")
        if not isinstance(values, (np.ndarray, np.generic, RaggedTensorValue)):
            raise TypeError("values must be a numpy array or a RaggedTensorValue")
        if isinstance(values, RaggedTensorValue) and row_splits.dtype != values.row_splits.dtype:
            raise ValueError("row_splits and values.row_splits must have the same dtype")
        self._values = values
        self._row_splits = row_splits

    row_splits = property(lambda self: self._row_splits, doc="The split indices of the rows.")
    values = property(lambda self: self._values, doc="The concatenated values of all rows.")
    dtype = property(lambda self: self._values.dtype, doc="The NumPy dtype of the values.")

    @property
    def flat_values(self):
        """The innermost values array."""
        values = self._values
        while isinstance(values, RaggedTensorValue):
            values = values.values
        return values

    @property
    def nested_row_splits(self) -> tuple:
        """The row_splits of each ragged dimension, outermost first."""
        splits, values = [self._row_splits], self._values
        while isinstance(values, RaggedTensorValue):
            splits.append(values.row_splits)
            values = values.values
        return tuple(splits)

    @property
    def ragged_rank(self) -> int:
        return self._values.ragged_rank + 1 if isinstance(self._values, RaggedTensorValue) else 1

    @property
    def shape(self) -> tuple:
        """(nrows, None, inner dims...), as TF's."""
        return (self._row_splits.shape[0] - 1,) + (None,) + tuple(self._values.shape[1:])

    def to_list(self) -> list:
        """This value as a nested Python list."""
        values = self._values.to_list() if isinstance(self._values, RaggedTensorValue) else self._values.tolist()
        return [values[self._row_splits[i]:self._row_splits[i + 1]] for i in range(len(self._row_splits) - 1)]

    def __str__(self):
        return f"<tf.RaggedTensorValue {self.to_list()}>"

    def __repr__(self):
        return f"tf.RaggedTensorValue(values={self._values!r}, row_splits={self._row_splits!r})"


class RaggedTensorSpec:
    """The type of a RaggedTensor: shape, dtype, ragged_rank and row_splits dtype (tf.RaggedTensorSpec).

    Raises:
        ValueError: a ragged_rank that is not below the rank, or a shape of unknown rank without ragged_rank.
        TypeError: a row_splits_dtype other than int32 or int64.
    """

    def __init__(self, shape=None, dtype=dtypes.float32, ragged_rank=None, row_splits_dtype=dtypes.int64,
                 flat_values_spec=None):
        self._shape = as_shape(shape)
        self._dtype = dtypes.as_dtype(dtype)
        self._row_splits_dtype = dtypes.as_dtype(row_splits_dtype)
        if self._row_splits_dtype not in (dtypes.int32, dtypes.int64):
            raise TypeError(f"row_splits_dtype must be int32 or int64, got {self._row_splits_dtype!r}")
        rank = self._shape.ndims
        if ragged_rank is None:
            if rank is None:
                raise ValueError("Must specify ragged_rank or a shape with a known rank.")
            ragged_rank = rank - 1
        if not isinstance(ragged_rank, int):
            raise TypeError(f"ragged_rank must be an int, got {ragged_rank!r}")
        if rank is not None and not 0 <= ragged_rank < rank:
            raise ValueError(f"ragged_rank must be non-negative and less than the rank (rank={rank}, "
                             f"ragged_rank={ragged_rank}).")
        self._ragged_rank = ragged_rank
        self._flat_values_spec = flat_values_spec

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._dtype)
    ragged_rank = property(lambda self: self._ragged_rank)
    row_splits_dtype = property(lambda self: self._row_splits_dtype)
    flat_values_spec = property(lambda self: self._flat_values_spec)

    def is_compatible_with(self, spec_or_value) -> bool:
        """Whether `spec_or_value` (a spec or RaggedTensor) has a compatible dtype, shape and ragged_rank."""
        other = spec_or_value if isinstance(spec_or_value, RaggedTensorSpec) else \
            RaggedTensorSpec.from_value(spec_or_value)
        return (self._dtype.is_compatible_with(other.dtype) and self._shape.is_compatible_with(other.shape)
                and self._ragged_rank == other.ragged_rank and self._row_splits_dtype == other.row_splits_dtype)

    @classmethod
    def from_value(cls, value):
        """The spec of a RaggedTensor (or RaggedTensorValue)."""
        splits_dtype = value.row_splits.dtype
        return cls(shape=TensorShape([d for d in value.shape]), dtype=value.dtype, ragged_rank=value.ragged_rank,
                   row_splits_dtype=splits_dtype)

    def _key(self):
        shape = None if self._shape.ndims is None else tuple(self._shape.as_list())
        return (self._dtype, shape, self._ragged_rank, self._row_splits_dtype)

    def __eq__(self, other):
        return isinstance(other, RaggedTensorSpec) and self._key() == other._key()

    def __hash__(self):
        return hash((self._dtype, self._ragged_rank, self._row_splits_dtype))

    def __repr__(self):
        return (f"RaggedTensorSpec({self._shape!r}, tf.{self._dtype.name}, {self._ragged_rank}, "
                f"tf.{self._row_splits_dtype.name})")

