"""The static descriptions of RowPartition and DynamicRaggedShape: RowPartitionSpec and
DynamicRaggedShape.Spec, compared as TF compares specs (by their serialized fields).

A RowPartitionSpec knows what is static of a partition (nrows, nvals, uniform_row_length, dtype) and
fills in what those imply; a DynamicRaggedShape.Spec knows its partitions' specs and the static inner
shape, and makes them agree along the dimensions, as TF's Spec constructor does.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.tensor_shape import Dimension, TensorShape, as_shape
from tfsess.framework.type_specs import StructuredSpec

_SHAPE_DTYPES = (dtypes.int32, dtypes.int64)


def _value(dim):
    """An int or None from an int, None, Dimension or rank-1 TensorShape."""
    if isinstance(dim, TensorShape):
        return dim.with_rank(1).dims[0].value
    if isinstance(dim, Dimension):
        return dim.value
    return None if dim is None else int(dim)


def _dimensions_compatible(nrows, nvals, ncols) -> bool:
    if nrows == 0 and nvals not in (0, None):
        return False
    if ncols == 0 and nvals not in (0, None):
        return False
    if ncols is not None and nvals is not None:
        if ncols != 0 and nvals % ncols != 0:
            return False
        if nrows is not None and nvals != ncols * nrows:
            return False
    return True


class RowPartitionSpec(StructuredSpec):
    """What is static of a RowPartition: nrows, nvals, uniform_row_length (None when unknown) and dtype.

    Raises:
        ValueError: a dtype other than int32/int64, or counts that contradict each other.
    """

    def __init__(self, nrows=None, nvals=None, uniform_row_length=None, dtype=dtypes.int64):
        nrows, nvals, ncols = _value(nrows), _value(nvals), _value(uniform_row_length)
        self._dtype = dtypes.as_dtype(dtype)
        if self._dtype not in _SHAPE_DTYPES:
            raise ValueError("dtype must be tf.int32 or tf.int64")
        if nrows == 0 or ncols == 0:  # no rows, or empty rows: no values
            if nvals is None:
                nvals = 0
            elif nvals != 0:
                what = f"nrows={nrows}" if nrows == 0 else f"uniform_row_length={TensorShape([ncols])}"
                raise ValueError(f"nvals={nvals} is not compatible with {what}")
        if ncols is not None and nvals is not None:
            if ncols != 0 and nvals % ncols != 0:
                raise ValueError(f"nvals={nvals} is not compatible with uniform_row_length={ncols} "
                                 "(doesn't divide evenly)")
            if nrows is not None and nvals != ncols * nrows:
                raise ValueError(f"nvals={nvals} is not compatible with nrows={nrows} and uniform_row_length={ncols}")
            if nrows is None and ncols != 0:
                nrows = nvals // ncols
        if ncols is not None and nrows is not None and nvals is None:
            nvals = ncols * nrows
        self._nrows, self._nvals, self._uniform_row_length = nrows, nvals, ncols

    nrows = property(lambda self: self._nrows)
    nvals = property(lambda self: self._nvals)
    uniform_row_length = property(lambda self: self._uniform_row_length)
    dtype = property(lambda self: self._dtype)

    def _serialize(self):
        return (TensorShape([self._nrows]), TensorShape([self._nvals]), TensorShape([self._uniform_row_length]),
                self._dtype)

    @classmethod
    def from_value(cls, value):
        """The spec of a RowPartition.

        Raises:
            TypeError: `value` is not a RowPartition.
        """
        if not hasattr(value, "static_nrows"):
            raise TypeError("Expected `value` to be a `RowPartition`")
        return cls(value.static_nrows, value.static_nvals, value.static_uniform_row_length, value.dtype)

    def with_dtype(self, dtype):
        return RowPartitionSpec(self._nrows, self._nvals, self._uniform_row_length, dtype)

    def _merge_with(self, other):
        """The spec holding what both specs know.

        Raises:
            ValueError: counts or dtypes that disagree.
        """
        merged = [_value(TensorShape([a]).merge_with(TensorShape([b]))) for a, b in
                  ((self.nrows, other.nrows), (self.nvals, other.nvals),
                   (self.uniform_row_length, other.uniform_row_length))]
        if not _dimensions_compatible(*merged):
            raise ValueError("Merging incompatible RowPartitionSpecs")
        if self.dtype != other.dtype:
            raise ValueError("Merging RowPartitionSpecs with incompatible dtypes")
        return RowPartitionSpec(*merged, dtype=self.dtype)

    def __repr__(self):
        return (f"RowPartitionSpec(nrows={self.nrows}, nvals={self.nvals}, "
                f"uniform_row_length={self.uniform_row_length}, dtype={self.dtype!r})")


def _times(a, b):
    return None if a is None or b is None else a * b


def _merge(a, b):
    return _value(TensorShape([a]).merge_with(TensorShape([b])))


class DynamicRaggedShapeSpec(StructuredSpec):
    """What is static of a DynamicRaggedShape (tf.experimental.DynamicRaggedShape.Spec).

    Args:
        row_partitions: RowPartitionSpecs, one per partition.
        static_inner_shape: the static shape of the flat values.
        dtype: int32 or int64 (the partitions' too).

    Raises:
        TypeError: row_partitions that are not RowPartitionSpecs. ValueError: a bad dtype, partitions with
            another dtype, partitions with a scalar inner shape, or counts that disagree.
    """

    def __init__(self, row_partitions, static_inner_shape, dtype):
        if not isinstance(row_partitions, (list, tuple)):
            raise TypeError("row_partitions should be an Iterable")
        row_partitions = tuple(row_partitions)
        static_inner_shape = as_shape(static_inner_shape)
        dtype = dtypes.as_dtype(dtype)
        if not all(isinstance(rp, RowPartitionSpec) for rp in row_partitions):
            raise TypeError("row_partitions should be an Iterable of RowPartitionSpecs")
        if dtype not in _SHAPE_DTYPES:
            raise ValueError("dtype must be tf.int32 or tf.int64")
        for spec in row_partitions:
            if spec.dtype != dtype:
                raise ValueError(f"dtype of {spec!r} is {spec.dtype!r}: expected {dtype!r}")
        if static_inner_shape.ndims == 0 and row_partitions:
            raise ValueError("If row_partitions are provided, must have inner_rank > 0")
        if static_inner_shape.ndims != 0 and row_partitions:
            row_partitions, static_inner_shape = _aligned(row_partitions, static_inner_shape)
        self._row_partitions, self._static_inner_shape, self._dtype = tuple(row_partitions), static_inner_shape, dtype

    def _serialize(self):
        return (self._row_partitions, self._static_inner_shape, self._dtype)

    @classmethod
    def from_value(cls, value):
        """The spec of a DynamicRaggedShape."""
        return cls([RowPartitionSpec.from_value(rp) for rp in value.row_partitions], value._static_inner_shape,
                   value.dtype)

    @classmethod
    def _from_tensor_shape(cls, shape, num_row_partitions, dtype):
        """The spec of a dense shape factored with `num_row_partitions` uniform partitions.

        Raises:
            ValueError: a bad dtype, or too many partitions for the rank.
        """
        dtype = dtypes.as_dtype(dtype)
        if dtype not in _SHAPE_DTYPES:
            raise ValueError("dtype must be tf.int32 or tf.int64")
        shape = as_shape(shape)
        if shape.ndims is None:
            return cls([RowPartitionSpec(dtype=dtype) for _ in range(num_row_partitions)], TensorShape(None), dtype)
        if shape.ndims <= 1:
            if num_row_partitions:
                raise ValueError("num_row_partitions should be zero if shape is a scalar or vector.")
            return cls([], shape, dtype)
        if shape.ndims <= num_row_partitions:
            raise ValueError("num_row_partitions must be less than rank")
        count, specs = shape.dims[0].value, []
        for i in range(num_row_partitions):
            length = shape.dims[i + 1].value
            nvals = _times(count, length)
            specs.append(RowPartitionSpec(nrows=count, nvals=nvals, uniform_row_length=length, dtype=dtype))
            count = nvals
        return cls(specs, TensorShape([count]).concatenate(shape[num_row_partitions + 1:]), dtype)

    dtype = property(lambda self: self._dtype)
    num_row_partitions = property(lambda self: len(self._row_partitions))

    @property
    def inner_rank(self):
        return self._static_inner_shape.ndims

    @property
    def rank(self):
        return None if self.inner_rank is None else self.inner_rank + self.num_row_partitions

    def _dimension(self, index):
        """The static length of dimension `index` (None if unknown).

        Raises:
            ValueError: an index past the rank.
        """
        if index == 0:
            if self._row_partitions:
                return self._row_partitions[0].nrows
            if self.inner_rank is None:
                return None
            if self.inner_rank == 0:
                raise ValueError("Index out of range: 0.")
            return self._static_inner_shape.dims[0].value
        if index <= self.num_row_partitions:
            return self._row_partitions[index - 1].uniform_row_length
        relative = index - self.num_row_partitions
        if self.inner_rank is None:
            return None
        if self.inner_rank <= relative:
            raise ValueError(f"Index out of range: {index}.")
        return self._static_inner_shape.dims[relative].value

    def _num_slices_in_dimension(self, axis):
        """The static number of slices of dimensions 0..axis (None if unknown)."""
        if not isinstance(axis, int):
            raise TypeError("axis must be an integer")
        if axis < 0:
            if self.rank is None:
                raise ValueError("axis may only be negative if rank is statically known.")
            axis += self.rank
        if axis == 0:
            return self._dimension(0)
        if axis <= self.num_row_partitions:
            return self._row_partitions[axis - 1].nvals
        return self._static_inner_shape[:axis - self.num_row_partitions + 1].num_elements()

    def with_dtype(self, dtype):
        return DynamicRaggedShapeSpec([rp.with_dtype(dtype) for rp in self._row_partitions],
                                      self._static_inner_shape, dtype)

    def _to_tensor_shape(self):
        """The static TensorShape the spec describes (ragged dimensions unknown)."""
        if self.inner_rank is None:
            return TensorShape(None)
        if not self._row_partitions:
            return self._static_inner_shape
        dims = [self._dimension(0)] + [rp.uniform_row_length for rp in self._row_partitions]
        return TensorShape(dims).concatenate(self._static_inner_shape[1:])

    def __repr__(self):
        return (f"DynamicRaggedShape.Spec(row_partitions={self._row_partitions!r}, "
                f"static_inner_shape={self._static_inner_shape!r}, dtype={self._dtype!r})")


def _aligned(partitions, inner):
    """The partitions' and inner shape's static counts, each filled in from its neighbours (TF's Spec
    constructor): partition i's nvals is partition i + 1's nrows, the last nvals the inner shape's first."""
    slices = []
    for i, rp in enumerate(partitions):
        count = rp.nrows
        if i > 0:
            count = _merge(count, partitions[i - 1].nvals)
            count = _merge(count, _times(slices[-1], partitions[i - 1].uniform_row_length))
        slices.append(count)
    last = _merge(_times(slices[-1], partitions[-1].uniform_row_length), partitions[-1].nvals)
    if inner.ndims is not None:
        last = _merge(last, inner.dims[0].value)
        inner = TensorShape([last]).concatenate(inner[1:])
    slices.append(last)
    for i in range(len(slices) - 1, 0, -1):
        ncols = partitions[i - 1].uniform_row_length
        quotient = None if slices[i] is None or ncols in (None, 0) else slices[i] // ncols
        slices[i - 1] = _merge(slices[i - 1], quotient)
    specs = [RowPartitionSpec(nrows=slices[i], uniform_row_length=rp.uniform_row_length, nvals=slices[i + 1],
                              dtype=rp.dtype) for i, rp in enumerate(partitions)]
    return specs, inner
