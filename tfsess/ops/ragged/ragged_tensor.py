"""tf.RaggedTensor: a tensor whose rows have different lengths, as values plus row splits.

`values` holds the rows concatenated (a Tensor, or a RaggedTensor for more ragged dimensions);
`row_splits[i]:row_splits[i + 1]` is row i. The other partitions (row lengths, value row ids,
row starts and limits) are computed from the splits. A RaggedTensor is a composite: nest flattens
it to [flat_values, *nested_row_splits], Session.run fetches it as a RaggedTensorValue and feeds
its components from one.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.default_session import run_using_default_session
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope, register_tensor_conversion_function
from tfsess.framework.operation import Tensor
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.tensor_util import constant_value
from tfsess.ops import (array_ops, check_ops, constant_op, control_flow_ops, cumulative_ops, logic_ops, math_ops,
                        reduction_ops, search_count_ops, sequence_ops, stack_ops)
from tfsess.ops.ragged import ragged_conversion, ragged_getitem, row_partition
from tfsess.ops.ragged.ragged_tensor_value import RaggedTensorValue

_SPLITS_DTYPES = (dtypes.int32, dtypes.int64)


def _splits_tensor(value, name, dtype=None):
    tensor = convert_to_tensor(value, name=name, preferred_dtype=dtype or dtypes.int64)
    if tensor.dtype.base_dtype not in _SPLITS_DTYPES:
        raise ValueError(f"{name} must have dtype int32 or int64, got {tensor.dtype.base_dtype.name}")
    tensor.shape.with_rank(1)
    return tensor


def _values_tensor(values):
    if isinstance(values, RaggedTensor):
        return values
    values = convert_to_tensor(values, name="values")
    values.shape.with_rank_at_least(1)
    return values


class RaggedTensor:
    """A ragged tensor: `values` split into rows by `row_splits` (tf.RaggedTensor).

    Build one with a `from_*` factory; the constructor is internal, as in TF.
    """

    def __init__(self, values, row_splits, internal=False):
        if not internal:
            raise ValueError("RaggedTensor constructor is private; please use one of the factory methods "
                             "instead (e.g., RaggedTensor.from_row_lengths())")
        self._values = values
        self._row_splits = row_splits
        self._uniform_row_length = None  # the static length of every row, when built with one
        self._partition = None  # the RowPartition of the outer dimension, made on first use

    # -------------------------------------------------------------- factories
    @classmethod
    def _from_splits(cls, values, row_splits, validate, factory):
        values = _values_tensor(values)
        if isinstance(values, RaggedTensor) and values.row_splits.dtype != row_splits.dtype:
            raise ValueError("dtype mismatch: row_splits and values.row_splits must have the same dtype; use "
                             "RaggedTensor.with_row_splits_dtype() to convert them")
        if validate:
            message = f"Arguments to {factory} do not form a valid RaggedTensor"
            nvals = _nrows_of(values, row_splits.dtype)
            checks = [check_ops.assert_equal(row_splits[:1], math_ops.cast([0], row_splits.dtype),
                                             message=message + ": zero"),
                      check_ops.assert_non_negative(row_splits[1:] - row_splits[:-1], message=message + ": monotonic"),
                      check_ops.assert_equal(row_splits[-1:], array_ops.reshape(nvals, [1]),
                                             message=message + ": nvals")]
            row_splits = control_flow_ops.with_dependencies(checks, row_splits)
        return cls(values, row_splits, internal=True)

    @classmethod
    def from_row_splits(cls, values, row_splits, name=None, validate=True):
        """Rows `values[row_splits[i]:row_splits[i + 1]]` (tf.RaggedTensor.from_row_splits)."""
        with op_scope(name, "RaggedFromRowSplits", [values, row_splits]):
            splits = _splits_tensor(row_splits, "row_splits", _splits_dtype_of(values))
            return cls._from_splits(values, splits, validate, "from_row_splits")

    @classmethod
    def from_row_lengths(cls, values, row_lengths, name=None, validate=True):
        """Consecutive rows of `row_lengths[i]` values (tf.RaggedTensor.from_row_lengths)."""
        with op_scope(name, "RaggedFromRowLengths", [values, row_lengths]):
            lengths = _splits_tensor(row_lengths, "row_lengths", _splits_dtype_of(values))
            if validate:
                lengths = control_flow_ops.with_dependencies([check_ops.assert_non_negative(
                    lengths, message="Arguments to from_row_lengths do not form a valid RowPartition")], lengths)
            splits = stack_ops.concat([constant_op.zeros([1], lengths.dtype),
                                       cumulative_ops.cumsum(lengths)], 0)
            return cls._from_splits(values, splits, validate, "from_row_lengths")

    @classmethod
    def from_value_rowids(cls, values, value_rowids, nrows=None, name=None, validate=True):
        """Value i in row `value_rowids[i]` (sorted), with `nrows` rows (tf.RaggedTensor.from_value_rowids)."""
        with op_scope(name, "RaggedFromValueRowIds", [values, value_rowids, nrows]):
            rowids = _splits_tensor(value_rowids, "value_rowids", _splits_dtype_of(values))
            if validate:
                message = "Arguments to from_value_rowids do not form a valid RaggedTensor"
                checks = [check_ops.assert_non_negative(rowids[:1], message=message),
                          check_ops.assert_non_negative(rowids[1:] - rowids[:-1], message=message)]
                rowids = control_flow_ops.with_dependencies(checks, rowids)
            splits = segment_ids_to_row_splits(rowids, nrows, out_type=rowids.dtype)
            return cls._from_splits(values, splits, validate, "from_value_rowids")

    @classmethod
    def from_row_starts(cls, values, row_starts, name=None, validate=True):
        """Row i starts at `row_starts[i]` (tf.RaggedTensor.from_row_starts)."""
        with op_scope(name, "RaggedFromRowStarts", [values, row_starts]):
            values = _values_tensor(values)
            starts = _splits_tensor(row_starts, "row_starts", _splits_dtype_of(values))
            nvals = array_ops.reshape(_nrows_of(values, starts.dtype), [1])
            return cls._from_splits(values, stack_ops.concat([starts, nvals], 0), validate, "from_row_starts")

    @classmethod
    def from_row_limits(cls, values, row_limits, name=None, validate=True):
        """Row i ends at `row_limits[i]` (tf.RaggedTensor.from_row_limits)."""
        with op_scope(name, "RaggedFromRowLimits", [values, row_limits]):
            limits = _splits_tensor(row_limits, "row_limits", _splits_dtype_of(values))
            splits = stack_ops.concat([constant_op.zeros([1], limits.dtype), limits], 0)
            return cls._from_splits(values, splits, validate, "from_row_limits")

    @classmethod
    def from_uniform_row_length(cls, values, uniform_row_length, nrows=None, validate=True, name=None):
        """Rows of `uniform_row_length` values each (tf.RaggedTensor.from_uniform_row_length)."""
        with op_scope(name, "RaggedFromUniformRowLength", [values, uniform_row_length, nrows]):
            values = _values_tensor(values)
            dtype = _splits_dtype_of(values) or dtypes.int64
            length = convert_to_tensor(uniform_row_length, dtype=dtype, name="uniform_row_length")
            nvals = _nrows_of(values, dtype)
            if nrows is None:
                nrows = math_ops.floordiv(nvals, math_ops.maximum(length, math_ops.cast(1, dtype)))
            nrows = convert_to_tensor(nrows, dtype=dtype, name="nrows")
            splits = math_ops.multiply(sequence_ops.range_(nrows + 1, dtype=dtype), length)
            result = cls._from_splits(values, splits, validate, "from_uniform_row_length")
            static_length = constant_value(length)
            result._uniform_row_length = None if static_length is None else int(static_length)
            result._partition = row_partition.from_encodings(result.row_splits, uniform_row_length=length,
                                                             nrows=nrows)
            return result

    @classmethod
    def from_nested_row_splits(cls, flat_values, nested_row_splits, name=None, validate=True):
        """A RaggedTensor with one ragged dimension per splits vector, outermost first."""
        if isinstance(nested_row_splits, Tensor):
            raise TypeError("nested_row_splits must be a list of Tensors")
        with op_scope(name, "RaggedFromNestedRowSplits", [flat_values] + list(nested_row_splits)):
            result = flat_values
            for splits in reversed(nested_row_splits):
                result = cls.from_row_splits(result, splits, validate=validate)
            return result

    @classmethod
    def from_nested_row_lengths(cls, flat_values, nested_row_lengths, name=None, validate=True):
        """A RaggedTensor with one ragged dimension per lengths vector, outermost first."""
        with op_scope(name, "RaggedFromNestedRowLengths", [flat_values] + list(nested_row_lengths)):
            result = flat_values
            for lengths in reversed(nested_row_lengths):
                result = cls.from_row_lengths(result, lengths, validate=validate)
            return result

    @classmethod
    def from_nested_value_rowids(cls, flat_values, nested_value_rowids, nested_nrows=None, name=None,
                                 validate=True):
        """A RaggedTensor with one ragged dimension per value-rowids vector, outermost first."""
        nested_nrows = [None] * len(nested_value_rowids) if nested_nrows is None else nested_nrows
        if len(nested_nrows) != len(nested_value_rowids):
            raise ValueError("Argument `nested_nrows` must have the same length as argument `nested_value_rowids`")
        with op_scope(name, "RaggedFromNestedValueRowIds", [flat_values] + list(nested_value_rowids)):
            result = flat_values
            for rowids, nrows in reversed(list(zip(nested_value_rowids, nested_nrows))):
                result = cls.from_value_rowids(result, rowids, nrows, validate=validate)
            return result

    @classmethod
    def from_tensor(cls, tensor, lengths=None, padding=None, ragged_rank=1, name=None,
                    row_splits_dtype=dtypes.int64):
        """The rows of a dense `tensor`, cut at `lengths` or before trailing `padding` (tf.RaggedTensor.from_tensor).

        Raises:
            ValueError: both `lengths` and `padding`, a ragged_rank outside [1, rank), or lengths with ragged_rank > 1.
        """
        return ragged_conversion.from_tensor(cls, tensor, lengths, padding, ragged_rank, name,
                                             dtypes.as_dtype(row_splits_dtype))

    @classmethod
    def _from_row_partition(cls, values, partition, validate=True):
        """`values` divided into rows by the RowPartition `partition` (TF's private factory)."""
        if not isinstance(partition, row_partition.RowPartition):
            raise TypeError(f"row_partition must be a RowPartition, got {partition!r}")
        values = _values_tensor(values)
        result = cls._from_splits(values, partition.row_splits(), validate, "_from_row_partition")
        result._uniform_row_length = partition.static_uniform_row_length
        result._partition = partition if result.row_splits is partition.row_splits() else \
            partition._replace(row_splits=result.row_splits)
        return result

    @classmethod
    def _from_nested_row_partitions(cls, flat_values, nested_row_partitions, validate=True):
        """One ragged dimension per RowPartition, outermost first."""
        result = flat_values
        for partition in reversed(list(nested_row_partitions)):
            result = cls._from_row_partition(result, partition, validate)
        return result

    @property
    def _row_partition(self):
        """The RowPartition of the outer dimension (uniform when the tensor was built with a uniform length)."""
        if self._partition is None:
            length = self._uniform_row_length
            self._partition = row_partition.from_encodings(
                self._row_splits, uniform_row_length=None if length is None else
                constant_op.constant(length, self._row_splits.dtype))
        return self._partition

    @property
    def _nested_row_partitions(self) -> tuple:
        """The RowPartition of each ragged dimension, outermost first."""
        partitions, values = [self._row_partition], self._values
        while isinstance(values, RaggedTensor):
            partitions.append(values._row_partition)
            values = values.values
        return tuple(partitions)

    # -------------------------------------------------------------- partitions
    values = property(lambda self: self._values, doc="The concatenated rows.")
    row_splits = property(lambda self: self._row_splits, doc="The row split indices (int32 or int64 vector).")
    dtype = property(lambda self: self._values.dtype, doc="The dtype of the values.")
    ragged_rank = property(lambda self: (self._values.ragged_rank + 1 if isinstance(self._values, RaggedTensor)
                                         else 1), doc="The number of ragged dimensions.")
    graph = property(lambda self: self._row_splits.graph)

    @property
    def flat_values(self):
        """The innermost values Tensor."""
        values = self._values
        while isinstance(values, RaggedTensor):
            values = values.values
        return values

    @property
    def nested_row_splits(self) -> tuple:
        """The row_splits of each ragged dimension, outermost first."""
        splits, values = [self._row_splits], self._values
        while isinstance(values, RaggedTensor):
            splits.append(values.row_splits)
            values = values.values
        return tuple(splits)

    @property
    def shape(self) -> TensorShape:
        """[nrows, None (per ragged dimension), inner dims of the flat values]."""
        rows = self._row_splits.shape.dims[0].value
        nrows = None if rows is None else rows - 1
        return TensorShape([nrows, self._uniform_row_length]).concatenate(self._values.shape[1:])

    def get_shape(self) -> TensorShape:
        return self.shape

    @property
    def row_splits_dtype(self):
        return self._row_splits.dtype

    def nrows(self, out_type=None, name=None):
        """The number of rows (a scalar of `out_type`, default the row_splits dtype)."""
        with op_scope(name, "RaggedNRows", [self]):
            out_type = dtypes.as_dtype(out_type) if out_type is not None else self._row_splits.dtype
            return math_ops.cast(array_ops.shape(self._row_splits, out_type=out_type)[0] - 1, out_type)

    def row_starts(self, name=None):
        with op_scope(name, "RaggedRowStarts", [self]):
            return self._row_splits[:-1]

    def row_limits(self, name=None):
        with op_scope(name, "RaggedRowLimits", [self]):
            return self._row_splits[1:]

    def row_lengths(self, axis=1, name=None):
        """The length of each row (axis 1), or a RaggedTensor of lengths for a deeper axis."""
        if axis == 0:
            raise ValueError("axis=0 is not a ragged dimension; use nrows().")
        with op_scope(name, "RaggedRowLengths", [self]):
            if axis == 1:
                return self._row_splits[1:] - self._row_splits[:-1]
            if isinstance(self._values, RaggedTensor):
                return self.with_values(self._values.row_lengths(axis - 1))
            return self.with_values(constant_op.ones(array_ops.shape(self._values)[:1], self._row_splits.dtype)
                                    * math_ops.cast(array_ops.shape(self._values)[axis - 1], self._row_splits.dtype))

    def value_rowids(self, name=None):
        """The row of each value (a vector of the row_splits dtype)."""
        with op_scope(name, "RaggedValueRowIds", [self]):
            return row_splits_to_segment_ids(self._row_splits)

    def nested_row_lengths(self, name=None) -> tuple:
        with op_scope(name, "RaggedNestedRowLengths", [self]):
            return tuple(s[1:] - s[:-1] for s in self.nested_row_splits)

    def nested_value_rowids(self, name=None) -> tuple:
        with op_scope(name, "RaggedNestedValueRowIds", [self]):
            return tuple(row_splits_to_segment_ids(s) for s in self.nested_row_splits)

    def bounding_shape(self, axis=None, name=None, out_type=None):
        """The smallest dense shape holding this tensor: [nrows, longest row per ragged dim, inner dims]."""
        with op_scope(name, "RaggedBoundingBox", [self]):
            out_type = dtypes.as_dtype(out_type) if out_type is not None else self._row_splits.dtype
            dims = [self.nrows(out_type)]
            for splits in self.nested_row_splits:
                lengths = math_ops.cast(splits[1:] - splits[:-1], out_type)
                dims.append(math_ops.maximum(reduction_ops.reduce_max(lengths), math_ops.cast(0, out_type)))
            inner = array_ops.shape(self.flat_values, out_type=out_type)[1:]
            shape = stack_ops.concat([stack_ops.stack(dims), inner], 0)
            return shape if axis is None else shape[axis]

    # -------------------------------------------------------------- derived tensors
    def with_values(self, new_values):
        """This partition with new `values` (same outer dimension)."""
        new_values = _values_tensor(new_values)
        result = RaggedTensor(new_values, self._row_splits, internal=True)
        result._uniform_row_length = self._uniform_row_length
        result._partition = self._partition
        return result

    def with_flat_values(self, new_values):
        """This nested partition with new flat values."""
        if isinstance(self._values, RaggedTensor):
            return self.with_values(self._values.with_flat_values(new_values))
        return self.with_values(new_values)

    def with_row_splits_dtype(self, dtype):
        """This tensor with all row splits cast to `dtype` (int32 or int64)."""
        dtype = dtypes.as_dtype(dtype)
        if dtype not in _SPLITS_DTYPES:
            raise ValueError(f"dtype must be int32 or int64, got {dtype}")
        values = self._values.with_row_splits_dtype(dtype) if isinstance(self._values, RaggedTensor) else self._values
        partition = self._row_partition.with_dtype(dtype)
        result = RaggedTensor(values, partition.row_splits(), internal=True)
        result._uniform_row_length = self._uniform_row_length
        result._partition = partition
        return result

    def merge_dims(self, outer_axis, inner_axis):
        """This tensor with dimensions outer_axis..inner_axis merged into one (tf.RaggedTensor.merge_dims)."""
        return ragged_conversion.merge_dims(self, outer_axis, inner_axis)

    def to_tensor(self, default_value=None, name=None, shape=None):
        """A dense tensor padded with `default_value` (RaggedTensorToTensor), cut or padded to `shape`."""
        return ragged_conversion.to_tensor(self, default_value, name, shape)

    def to_sparse(self, name=None):
        """A SparseTensor of the same values (RaggedTensorToSparse)."""
        with op_scope(name, "RaggedToSparse", [self]):
            op = apply_op("RaggedTensorToSparse", list(self.nested_row_splits) + [self.flat_values],
                          {"RAGGED_RANK": self.ragged_rank, "T": self.dtype.base_dtype,
                           "Tsplits": self._row_splits.dtype.base_dtype})
            return SparseTensor(*op.outputs)

    @classmethod
    def from_sparse(cls, st_input, name=None, row_splits_dtype=dtypes.int64):
        """The rows of a 2-D SparseTensor with ordered indices (tf.RaggedTensor.from_sparse)."""
        if not isinstance(st_input, SparseTensor):
            raise TypeError(f"st_input must be a SparseTensor, got {st_input!r}")
        if st_input.indices.shape.ndims is not None and st_input.indices.shape[1].value not in (None, 2) or \
                (st_input.dense_shape.shape.ndims == 1 and st_input.dense_shape.shape[0].value not in (None, 2)):
            raise ValueError("rank(st_input) must be 2.")
        with op_scope(name, "RaggedFromSparse", [st_input]):
            rowids = math_ops.cast(st_input.indices[:, 0], row_splits_dtype)
            nrows = math_ops.cast(st_input.dense_shape[0], row_splits_dtype)
            splits = segment_ids_to_row_splits(rowids, nrows, out_type=dtypes.as_dtype(row_splits_dtype))
            return cls._from_splits(st_input.values, splits, False, "from_sparse")

    def to_list(self):
        raise ValueError("to_list can only be used in eager mode.")

    def numpy(self):
        raise ValueError("numpy() is only supported in eager mode.")

    def eval(self, feed_dict=None, session=None):
        """The RaggedTensorValue of this tensor in `session` (or the default session)."""
        return run_using_default_session(self, feed_dict, self.graph, session)

    def __getitem__(self, key):
        return ragged_getitem.ragged_tensor_getitem(self, key)

    # -------------------------------------------------------------- composite protocols
    def _nest_components(self):
        return [self.flat_values] + list(self.nested_row_splits)

    def _nest_rebuild(self, components):
        return RaggedTensor.from_nested_row_splits(components[0], components[1:], validate=False)

    def _session_fetch(self):
        return list(self.nested_row_splits) + [self.flat_values], _value_from_components

    def _session_feed(self, value):
        if not isinstance(value, RaggedTensorValue):  # TF reads value.nested_row_splits: an AttributeError
            raise AttributeError(f"'{type(value).__name__}' object has no attribute 'nested_row_splits' (feed a "
                                 f"RaggedTensor a tf.ragged.RaggedTensorValue, e.g. from tf.ragged.constant_value)")
        if value.ragged_rank != self.ragged_rank:
            raise ValueError(f"Cannot feed a RaggedTensorValue of ragged_rank {value.ragged_rank} for a "
                             f"RaggedTensor of ragged_rank {self.ragged_rank}")
        keys = list(self.nested_row_splits) + [self.flat_values]
        return zip(keys, list(value.nested_row_splits) + [value.flat_values])

    def consumers(self):
        ops = []
        for t in self._nest_components():
            ops.extend(op for op in t.consumers() if op not in ops)
        return ops

    def __repr__(self):
        return f"tf.RaggedTensor(values={self._values}, row_splits={self._row_splits})"

    __str__ = __repr__

    # operators: the dispatching math functions map them over the flat values
    __add__ = lambda self, other: math_ops.add(self, other)  # noqa: E731
    __radd__ = lambda self, other: math_ops.add(other, self)  # noqa: E731
    __sub__ = lambda self, other: math_ops.subtract(self, other)  # noqa: E731
    __rsub__ = lambda self, other: math_ops.subtract(other, self)  # noqa: E731
    __mul__ = lambda self, other: math_ops.multiply(self, other)  # noqa: E731
    __rmul__ = lambda self, other: math_ops.multiply(other, self)  # noqa: E731
    __truediv__ = lambda self, other: math_ops.truediv(self, other)  # noqa: E731
    __rtruediv__ = lambda self, other: math_ops.truediv(other, self)  # noqa: E731
    __floordiv__ = lambda self, other: math_ops.floordiv(self, other)  # noqa: E731
    __mod__ = lambda self, other: math_ops.floormod(self, other)  # noqa: E731
    __pow__ = lambda self, other: math_ops.pow(self, other)  # noqa: E731
    __neg__ = lambda self: self.with_flat_values(-self.flat_values)  # noqa: E731
    __abs__ = lambda self: self.with_flat_values(abs(self.flat_values))  # noqa: E731
    __lt__ = lambda self, other: logic_ops.less(self, other)  # noqa: E731
    __le__ = lambda self, other: logic_ops.less_equal(self, other)  # noqa: E731
    __gt__ = lambda self, other: logic_ops.greater(self, other)  # noqa: E731
    __ge__ = lambda self, other: logic_ops.greater_equal(self, other)  # noqa: E731
    __and__ = lambda self, other: logic_ops.logical_and(self, other)  # noqa: E731
    __or__ = lambda self, other: logic_ops.logical_or(self, other)  # noqa: E731
    __xor__ = lambda self, other: logic_ops.logical_xor(self, other)  # noqa: E731
    __invert__ = lambda self: logic_ops.logical_not(self)  # noqa: E731


def _value_from_components(values):
    values = list(values)
    value = values.pop()
    while values:
        value = RaggedTensorValue(value, values.pop())
    return value


def _splits_dtype_of(values):
    return values.row_splits.dtype if isinstance(values, RaggedTensor) else None


def _nrows_of(values, dtype):
    """The number of rows of `values` (a Tensor or RaggedTensor) as a `dtype` scalar."""
    if isinstance(values, RaggedTensor):
        return values.nrows(out_type=dtype)
    return array_ops.shape(values, out_type=dtype)[0]


def row_splits_to_segment_ids(splits, name=None, out_type=None):
    """The row of each value given row `splits`: [0, 2, 2, 5] -> [0, 0, 2, 2, 2]
    (tf.ragged.row_splits_to_segment_ids)."""
    with op_scope(name, "RaggedSplitsToSegmentIds", [splits]):
        splits = _splits_tensor(splits, "splits")
        out_type = dtypes.as_dtype(out_type) if out_type is not None else splits.dtype
        lengths = splits[1:] - splits[:-1]
        nrows = array_ops.shape(splits, out_type=splits.dtype)[-1] - 1
        indices = sequence_ops.range_(nrows, dtype=splits.dtype)
        return math_ops.cast(search_count_ops.repeat(indices, lengths, axis=0), out_type)


def segment_ids_to_row_splits(segment_ids, num_segments=None, out_type=None, name=None):
    """Row splits from sorted row ids: [0, 0, 2] -> [0, 2, 2, 3] (tf.ragged.segment_ids_to_row_splits)."""
    with op_scope(name, "SegmentIdsToRaggedSplits", [segment_ids]):
        segment_ids = convert_to_tensor(segment_ids, name="segment_ids", preferred_dtype=dtypes.int64)
        out_type = dtypes.as_dtype(out_type) if out_type is not None else segment_ids.dtype
        if out_type not in _SPLITS_DTYPES:
            out_type = dtypes.int64
        ids32 = math_ops.cast(segment_ids, dtypes.int32)
        minlength = None if num_segments is None else math_ops.cast(num_segments, dtypes.int32)
        counts = search_count_ops.bincount(ids32, minlength=minlength, maxlength=minlength, dtype=out_type)
        return stack_ops.concat([constant_op.zeros([1], out_type), cumulative_ops.cumsum(counts)], 0)


def is_ragged(value) -> bool:
    return isinstance(value, (RaggedTensor, RaggedTensorValue))


def convert_to_tensor_or_ragged_tensor(value, dtype=None, name=None):
    """`value` as a RaggedTensor (kept, or built from a RaggedTensorValue) or a Tensor."""
    if isinstance(value, RaggedTensor):
        if dtype is not None and not dtypes.as_dtype(dtype).is_compatible_with(value.dtype):
            raise ValueError(f"Tensor conversion requested dtype {dtypes.as_dtype(dtype).name} for RaggedTensor "
                             f"with dtype {value.dtype.name}: {value!r}")
        return value
    if isinstance(value, RaggedTensorValue):
        with op_scope(name, "ConvertToTensorOrRaggedTensor", []):
            flat = convert_to_tensor(value.flat_values, dtype=dtype, name="flat_values")
            return RaggedTensor.from_nested_row_splits(flat, [convert_to_tensor(s) for s in value.nested_row_splits],
                                                       validate=False)
    return convert_to_tensor(value, dtype=dtype, name=name)



def _refuse_dense_conversion(value, dtype=None, name=None, as_ref=False):
    """A RaggedTensor given to an op without a ragged handler: TF's TypeError from its constant conversion."""
    raise TypeError(f"Failed to convert elements of {value!r} to Tensor. Consider casting elements to a supported "
                    "type. See https://www.tensorflow.org/api_docs/python/tf/dtypes for supported TF dtypes.")


register_tensor_conversion_function(RaggedTensor, _refuse_dense_conversion)
