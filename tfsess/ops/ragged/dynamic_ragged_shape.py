"""tf.experimental.DynamicRaggedShape: the shape of a ragged or dense tensor, as graph tensors.

A shape is a tuple of RowPartitions (one per ragged or partitioned dimension after the first) plus
`inner_shape`, the shape of the flat values; all in one dtype (int32 or int64). With no partitions
it is a dense shape. `tf.shape(ragged)` returns one (ragged_shape_dispatch.py), as in TF 2.21.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.operation import Tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.tensor_util import constant_value, shape_from_tensor
from tfsess.ops import (array_ops, check_ops, constant_op, control_flow_ops, math_ops, reduction_ops,
                        stack_ops)
from tfsess.ops.ragged.ragged_shape_specs import DynamicRaggedShapeSpec
from tfsess.ops.ragged.ragged_tensor import RaggedTensor, is_ragged
from tfsess.ops.ragged.row_partition import RowPartition

_SHAPE_DTYPES = (dtypes.int32, dtypes.int64)


def _dtype_of(value, preferred):
    """TF's _find_dtype: `preferred`, else the dtype `value` carries (None for Python values)."""
    if preferred is not None:
        found = dtypes.as_dtype(preferred)
    elif isinstance(value, (RowPartition, Tensor)):
        found = value.dtype.base_dtype
    elif isinstance(value, dtypes.DType):
        found = value
    elif isinstance(value, np.ndarray):
        found = dtypes.as_dtype(value.dtype)
    else:
        return None
    if found not in _SHAPE_DTYPES:
        raise ValueError(f"Illegal dtype: {found}")
    return found


class DynamicRaggedShape:
    """The shape of a RaggedTensor or dense Tensor (tf.experimental.DynamicRaggedShape).

    Args:
        row_partitions: the RowPartitions of dimensions 1..num_row_partitions.
        inner_shape: the shape of the flat values (of the whole tensor when there are no partitions).
        dtype: int32 or int64, or None to take the partitions' or inner shape's dtype (else int64).
        validate: add run-time checks that consecutive partitions and the inner shape agree.
        static_inner_shape: a TensorShape merged into the inner shape's static value.

    Raises:
        TypeError: row_partitions that are not RowPartitions.
        ValueError: partitions or an inner shape that statically do not align.
    """

    Spec = DynamicRaggedShapeSpec

    def __init__(self, row_partitions, inner_shape, dtype=None, validate=False, static_inner_shape=None):
        if not isinstance(row_partitions, (list, tuple)):
            raise TypeError(f"row_partitions should be a list of row partitions. Instead, got {row_partitions}")
        for partition in row_partitions:
            if not isinstance(partition, RowPartition):
                raise TypeError(f"row_partitions contains {partition} which is not a RowPartition")
        for value in list(row_partitions) + [inner_shape]:
            dtype = _dtype_of(value, dtype)
        dtype = dtype or dtypes.int64
        self._row_partitions = tuple(rp.with_dtype(dtype) for rp in row_partitions)
        inner = convert_to_tensor(inner_shape, preferred_dtype=dtype, name="inner_dim_sizes")
        self._inner_shape = inner if inner.dtype.base_dtype == dtype else math_ops.cast(inner, dtype)
        self._inner_shape.shape.with_rank(1)
        self._static_inner_shape = shape_from_tensor(self._inner_shape)
        if static_inner_shape is not None:
            self._static_inner_shape = self._static_inner_shape.merge_with(static_inner_shape)
        checks = self._alignment_checks(validate)
        if checks:
            self._inner_shape = control_flow_ops.with_dependencies(checks, self._inner_shape,
                                                                   name="inner_shape_validated")
            self._row_partitions = tuple(rp._with_dependencies(checks) for rp in self._row_partitions)

    def _alignment_checks(self, validate):
        """Raises where consecutive partitions (or the last one and the inner shape) statically disagree;
        returns run-time checks for what is not static when `validate`."""
        checks, partitions = [], self._row_partitions
        for axis in range(1, len(partitions)):
            message = f"RowPartitions in DynamicRaggedShape do not align between {axis - 1} and {axis}"
            nrows, nvals = partitions[axis].static_nrows, partitions[axis - 1].static_nvals
            if nrows is not None and nvals is not None:
                if nrows != nvals:
                    raise ValueError(message)
            elif validate:
                checks.append(check_ops.assert_equal(partitions[axis - 1].nvals(), partitions[axis].nrows(),
                                                     message=message))
        if partitions:
            message = "Last row partition does not match inner_shape."
            nvals = partitions[-1].static_nvals
            inner_nvals = self._static_inner_shape.dims[0].value if self._static_inner_shape.ndims else None
            if nvals is not None and inner_nvals is not None:
                if nvals != inner_nvals:
                    raise ValueError(message)
            elif validate:
                checks.append(check_ops.assert_equal(partitions[-1].nvals(), self._inner_shape[0], message=message))
        return checks

    # -------------------------------------------------------------- factories
    @classmethod
    def from_lengths(cls, lengths, num_row_partitions=None, dtype=dtypes.int64):
        """The shape of the given lengths: an int per uniform dimension, a tuple of row lengths per ragged one
        ([2, (2, 0, 3)] is the shape of [[a, b], [], [c, d, e]] with a ragged second dimension).

        Raises:
            ValueError: lengths that are not a list of ints and tuples of ints, an impossible num_row_partitions,
                or row lengths whose count does not match the dimension before.
        """
        if not isinstance(lengths, list):
            raise ValueError("lengths should be a list")
        for x in lengths:
            if not _int_or_int_tuple(x):
                raise ValueError(f"element of lengths should be int or tuple of ints: instead {x!r}")
        if num_row_partitions is None:
            ragged = [not isinstance(x, int) for x in lengths]
            num_row_partitions = len(ragged) - ragged[::-1].index(True) - 1 if any(ragged) else 0
        if not isinstance(num_row_partitions, int):
            raise ValueError("num_row_partitions should be an int or None")
        if not lengths:
            if num_row_partitions > 0:
                raise ValueError("num_row_partitions==0 for a scalar shape")
            return DynamicRaggedShape([], [], dtype=dtype)
        if not num_row_partitions < len(lengths):
            raise ValueError("num_row_partitions should be less than `len(lengths)` if shape is not scalar.")
        if num_row_partitions == 0:
            return DynamicRaggedShape([], lengths, dtype=dtype)
        partitions, nvals = _partitions_from_lengths(lengths[:num_row_partitions + 1])
        return DynamicRaggedShape(partitions, [nvals] + lengths[num_row_partitions + 1:], dtype=dtype)

    @classmethod
    def from_row_partitions(cls, row_partitions, dtype=None):
        """The shape with these RowPartitions and inner rank 1.

        Raises:
            ValueError: no partitions.
        """
        if not row_partitions:
            raise ValueError("row_partitions cannot be empty")
        return DynamicRaggedShape(row_partitions, [row_partitions[-1].nvals()], dtype=dtype)

    @classmethod
    def _from_inner_shape(cls, inner_shape, dtype=None):
        return DynamicRaggedShape([], inner_shape, dtype=dtype)

    @classmethod
    def from_tensor(cls, t, dtype=None):
        """The shape of `t`, a RaggedTensor (its row partitions and flat values' shape) or a dense tensor."""
        if is_ragged(t):
            return DynamicRaggedShape(t._nested_row_partitions, array_ops.shape(t.flat_values), dtype=dtype)
        return DynamicRaggedShape._from_inner_shape(array_ops.shape(t), dtype=dtype)

    # -------------------------------------------------------------- properties
    _type_spec = property(lambda self: DynamicRaggedShapeSpec.from_value(self), doc="The DynamicRaggedShape.Spec.")
    row_partitions = property(lambda self: self._row_partitions, doc="The RowPartitions of the shape.")
    num_row_partitions = property(lambda self: len(self._row_partitions), doc="The number of RowPartitions.")
    dtype = property(lambda self: self._inner_shape.dtype.base_dtype, doc="int32 or int64.")
    inner_shape = property(lambda self: self._inner_shape, doc="The shape of the flat values (a 1-D tensor).")

    @property
    def inner_rank(self):
        """The rank of the inner shape, or None if unknown."""
        return self._static_inner_shape.ndims

    @property
    def rank(self):
        """The number of dimensions, or None if unknown."""
        inner_rank = self.inner_rank
        return None if inner_rank is None else self.num_row_partitions + inner_rank

    def _static_inner_list(self, drop_first):
        if self._static_inner_shape.ndims is None:
            return [...]
        return self._static_inner_shape.as_list()[1 if drop_first else 0:]

    def static_lengths(self, ragged_lengths=True):
        """The statically known length of each dimension: an int, a tuple of constant row lengths for a ragged
        dimension (None when `ragged_lengths` is False or they are not constant), None if unknown; a
        trailing Ellipsis when the inner rank is unknown."""
        if not self._row_partitions:
            return self._static_inner_list(False)
        lengths = [self._row_partitions[0].static_nrows]
        for partition in self._row_partitions:
            if partition.is_uniform():
                lengths.append(partition.static_uniform_row_length)
            elif ragged_lengths and partition._has_precomputed_row_lengths():
                # TF's constant_value does not fold the lengths computed from splits: only given ones count
                row_lengths = constant_value(partition.row_lengths())
                lengths.append(None if row_lengths is None else tuple(int(n) for n in row_lengths.tolist()))
            else:
                lengths.append(None)
        return lengths + self._static_inner_list(True)

    def __repr__(self):
        lengths = ", ".join("..." if x is Ellipsis else str(x) for x in self.static_lengths())
        return f"<DynamicRaggedShape lengths=[{lengths}] num_row_partitions={self.num_row_partitions!r}>"

    __str__ = __repr__

    def _to_tensor_shape(self) -> TensorShape:
        """The static TensorShape: ragged dimensions unknown."""
        lengths = self.static_lengths(ragged_lengths=False)
        if not lengths:
            return TensorShape(())
        if lengths[-1] is Ellipsis:
            return TensorShape(None)
        return TensorShape(lengths)

    def is_uniform(self, axis):
        """Whether dimension `axis` is uniform (not ragged).

        Raises:
            TypeError: a non-int axis. IndexError: a negative axis or one past the rank.
        """
        if not isinstance(axis, int):
            raise TypeError("axis must be an integer")
        rank = self.rank
        if axis < 0:
            raise IndexError("Negative axis values are not supported")
        if rank is not None and axis >= rank:
            raise IndexError(f"Expected axis={axis} < rank={rank}")
        return axis == 0 or axis > self.num_row_partitions or self._row_partitions[axis - 1].is_uniform()

    def with_dtype(self, dtype):
        """This shape with its tensors cast to `dtype`."""
        if dtypes.as_dtype(dtype) == self.dtype:
            return self
        return DynamicRaggedShape(self._row_partitions, self._inner_shape, dtype=dtype)

    # -------------------------------------------------------------- indexing
    def __getitem__(self, index):
        """A uniform dimension's length (a scalar tensor) for an int, or a shape for a slice with step 1.

        Raises:
            ValueError: a ragged dimension, or an index that needs an unknown rank.
            IndexError: an index past the rank, or a stride.
            TypeError: an index that is not an int or slice.
        """
        rank = self.rank
        if isinstance(index, slice):
            if index.step is not None and index.step != 1:
                raise IndexError("Cannot stride through a shape")
            start = _fix_start_index(index.start or 0, rank, self.num_row_partitions)
            return self._slice_shape(start, _fix_stop_index(index.stop, rank))
        if isinstance(index, int):
            if index < 0:
                if rank is None:
                    raise ValueError("Rank must be known to use __getitem__ with a negative index.")
                return self._dimension(rank + index)
            return self._dimension(index)
        raise TypeError("Argument is not an int or a slice")

    def _dimension(self, index):
        rank, partitions = self.rank, self._row_partitions
        if not partitions or index > len(partitions) + 1:
            if rank is None:
                raise ValueError("Rank must be known to use __getitem__ on a large index.")
            if index >= rank:
                raise IndexError(f"Index is too big: {index}>={rank}")
        if index < 0:
            raise IndexError(f"Index must be non-negative: {index}")
        if not self.is_uniform(index):
            raise ValueError(f"Index {index} is not uniform")
        if index == 0 and partitions:
            static = partitions[0].static_nrows
            return partitions[0].nrows() if static is None else constant_op.constant(static, dtype=self.dtype)
        if not partitions or index > len(partitions):
            inner_index = index - len(partitions)
            static = self._static_inner_shape.dims[inner_index].value
            return self._inner_shape[inner_index] if static is None else constant_op.constant(static, self.dtype)
        return partitions[index - 1].uniform_row_length()

    def _slice_shape(self, start, stop):
        """self[start:stop]; a slice not starting at 0 must not hold ragged dimensions."""
        if stop <= start:
            return DynamicRaggedShape._from_inner_shape([])
        if start == 0:
            return self._prefix(stop)
        partial = self._prefix(stop) if self.rank is None or stop < self.rank else self
        if any(not rp.is_uniform() for rp in partial.row_partitions):
            raise ValueError("All relevant dimensions must be uniform")
        if partial.rank is None:
            raise NotImplementedError("__getitem__[start:stop] where start > 0 not implemented")
        return DynamicRaggedShape._from_inner_shape(partial._with_num_row_partitions(0).inner_shape[start:])

    def _prefix(self, stop):
        """self[:stop]."""
        if stop <= self.num_row_partitions:
            if stop == 1:
                return DynamicRaggedShape._from_inner_shape([self._row_partitions[0].nrows()])
            partitions = self._row_partitions[:stop - 1]
            return DynamicRaggedShape(partitions, [partitions[-1].nvals()])
        if self.rank is not None and self.rank <= stop:
            return self
        inner_rank = stop - self.num_row_partitions
        static = None if self.rank is None else TensorShape([None] * inner_rank)
        return DynamicRaggedShape(self._row_partitions, self._inner_shape[:inner_rank], static_inner_shape=static)

    # -------------------------------------------------------------- re-partitioning
    def _num_slices_in_dimension(self, axis):
        """The number of slices of dimension `axis`: the product of the lengths of dimensions 0..axis."""
        if not isinstance(axis, int):
            raise TypeError("axis must be an integer")
        if axis < 0:
            if self.rank is None:
                raise ValueError("You can't use negative values if the rank is undefined")
            axis += self.rank
        if axis == 0:
            return self._dimension(0)
        if axis <= self.num_row_partitions:
            return self._row_partitions[axis - 1].nvals()
        return reduction_ops.reduce_prod(self._inner_shape[:axis - self.num_row_partitions + 1])

    def _alt_inner_shape(self, new_inner_rank):
        """The inner shape for a factoring with `new_inner_rank` inner dimensions."""
        if new_inner_rank == 0:
            raise ValueError("new_inner_rank cannot be zero")
        if self.inner_rank == 0:
            raise ValueError("old inner_rank cannot be zero")
        if new_inner_rank == self.inner_rank:
            return self._inner_shape
        first = array_ops.reshape(self._num_slices_in_dimension(-new_inner_rank), [1])
        if new_inner_rank < self.inner_rank:
            return stack_ops.concat([first, self._inner_shape[1 - new_inner_rank:]], axis=0) \
                if new_inner_rank > 1 else first
        extra = new_inner_rank - self.inner_rank
        if any(not rp.is_uniform() for rp in self._row_partitions[-extra:]):
            raise ValueError("Cannot get an inner shape over a ragged dimension")
        lengths = stack_ops.stack([rp.uniform_row_length() for rp in self._row_partitions[-extra:]])
        return stack_ops.concat([first, lengths, self._inner_shape[1:]], axis=0)

    def _with_num_row_partitions(self, num_row_partitions):
        """The same shape factored with `num_row_partitions` partitions (uniform ones added or removed).

        Raises:
            ValueError: an unknown rank, a bad count, or removing a ragged partition.
        """
        rank = self.rank
        if rank is None:
            raise ValueError("Rank must be known to adjust num_row_partitions")
        if not isinstance(num_row_partitions, int):
            raise ValueError("num_row_partitions must be an int")
        if num_row_partitions < 0:
            raise ValueError("num_row_partitions must be nonnegative")
        if num_row_partitions == self.num_row_partitions:
            return self
        if num_row_partitions >= rank:
            raise ValueError("num_row_partitions must be less than rank")
        if num_row_partitions < self.num_row_partitions:
            return DynamicRaggedShape(self._row_partitions[:num_row_partitions],
                                      self._alt_inner_shape(rank - num_row_partitions))
        more, nvals = [], self._inner_dim(0)
        for i in range(num_row_partitions - self.num_row_partitions):
            nrows, length = nvals, self._inner_dim(i + 1)
            nvals = nrows * length
            more.append(RowPartition.from_uniform_row_length(length, nrows=nrows, dtype=self.dtype))
        return DynamicRaggedShape(list(self._row_partitions) + more, self._alt_inner_shape(rank - num_row_partitions))

    def _merge_with(self, other):
        """The shape that `self` and `other` (equal up to their number of partitions) both describe, with the
        larger number of partitions, each holding the encodings of both (checked equal at run time)."""
        count = max(self.num_row_partitions, other.num_row_partitions)
        a, b = self._with_num_row_partitions(count), other._with_num_row_partitions(count)
        partitions = [pa._merge_precomputed_encodings(pb) for pa, pb in zip(a.row_partitions, b.row_partitions)]
        dtype = b.dtype if a.dtype == dtypes.int32 else dtypes.int64
        return DynamicRaggedShape(partitions, a.inner_shape, dtype, True,
                                  a._static_inner_shape.merge_with(b._static_inner_shape))

    def _inner_dim(self, index):
        static = self._static_inner_shape.dims[index].value
        return self._inner_shape[index] if static is None else static

    def _as_row_partitions(self):
        """The shape as rank - 1 RowPartitions."""
        if self.rank is None:
            raise ValueError("rank must be known for _as_row_partitions")
        if self.rank < 1:
            raise ValueError("rank must be >= 1 for _as_row_partitions")
        return self._with_num_row_partitions(self.rank - 1).row_partitions

    def _add_row_partitions(self, flat_values, validate=False):
        """`flat_values` given this shape's partitions: a RaggedTensor, or `flat_values` for a dense shape."""
        if not self._row_partitions:
            return flat_values
        if validate:
            flat_values = self._validate_flat_values(flat_values)
        return RaggedTensor._from_nested_row_partitions(flat_values, self._row_partitions, validate=False)

    def _validate_flat_values(self, flat_values):
        message = "Last row partition does not match flat_values."
        first = flat_values.shape.dims[0].value if flat_values.shape.ndims else None
        nvals = self._row_partitions[-1].static_nvals
        if first is not None and nvals is not None:
            if first != nvals:
                raise ValueError(message)
            return flat_values
        check = check_ops.assert_equal(self._row_partitions[-1].nvals(),
                                       array_ops.shape(flat_values, out_type=self.dtype)[0], message=message)
        return control_flow_ops.with_dependencies([check], flat_values)

    def _session_fetch(self):  # TF's fetch error: a DynamicRaggedShape is not a Tensor or Operation
        raise TypeError(f"Argument `fetch` = {self!r} has invalid type \"DynamicRaggedShape\" must be a string or "
                        "Tensor. (Can not convert a DynamicRaggedShape into a Tensor or Operation.)")


def _int_or_int_tuple(x) -> bool:
    return isinstance(x, int) or (isinstance(x, tuple) and all(isinstance(y, int) for y in x))


def _partitions_from_lengths(lengths):
    """(RowPartitions, nvals of the last) for lengths [n0, l1, l2, ...]: uniform for an int, ragged for a tuple.

    Raises:
        ValueError: a tuple of row lengths whose count is not the number of rows before it.
    """
    size, partitions = lengths[0], []
    for current in lengths[1:]:
        if isinstance(current, int):
            partitions.append(RowPartition.from_uniform_row_length(current, current * size, nrows=size))
            size *= current
        else:
            if size != len(current):
                raise ValueError("Shape not consistent.")
            partitions.append(RowPartition.from_row_lengths(list(current)))
            size = sum(current)
    return partitions, size


def _fix_start_index(index, rank, num_row_partitions):
    """A slice start, made non-negative and silently truncated, as TF does."""
    if index < 0:
        if rank is None:
            raise ValueError("Rank must be known to use __getitem__ on a negative index.")
        index = max(rank + index, 0)
    if (num_row_partitions > 0 and index <= num_row_partitions + 1) or index == 0:
        return index
    if rank is None:
        raise ValueError("Rank must be known to use __getitem__ on a large index.")
    return min(index, rank)


def _fix_stop_index(index, rank):
    if index is None:
        if rank is None:
            raise ValueError("Rank must be known to use __getitem__ without a stop.")
        index = rank
    if index < 0:
        if rank is None:
            raise ValueError("Rank must be known to use __getitem__ on a negative index.")
        index = max(rank + index, 0)
    return index if rank is None else min(rank, index)
