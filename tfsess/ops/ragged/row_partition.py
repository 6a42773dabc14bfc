"""tf.experimental.RowPartition: how a sequence of values is divided into rows.

A partition is held as its row splits plus whichever other encodings are already known (row
lengths, value row ids, nrows, nvals, a uniform row length); the accessors return a known encoding
as it is and compute the others from the splits, as TF's RowPartition does. It is not fetchable:
Session.run raises TF's TypeError for it (fetch its tensors instead).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.tensor_util import constant_value
from tfsess.ops import (array_ops, check_ops, constant_op, control_flow_ops, cumulative_ops, math_ops,
                        search_count_ops, sequence_ops, stack_ops)
from tfsess.ops.ragged.ragged_kernels import ragged_range_op
from tfsess.ops.ragged.ragged_shape_specs import RowPartitionSpec

_SPLITS_DTYPES = (dtypes.int32, dtypes.int64)
_FACTORY_KEY = object()  # only the factories may call the constructor, as in TF
_ENCODINGS = ("row_lengths", "value_rowids", "nrows", "uniform_row_length", "nvals")


def _check_validate(validate):
    if not isinstance(validate, bool):
        raise TypeError("validate must have type bool")


def _partition_tensor(value, name, dtype=None, dtype_hint=None):
    """`value` as an int32/int64 tensor: `dtype` if given, else its own, else `dtype_hint` (default int64)."""
    if isinstance(value, np.ndarray) and value.dtype == np.int32 and dtype is None:
        tensor = convert_to_tensor(value, name=name)
    else:
        tensor = convert_to_tensor(value, dtype=dtype, name=name, preferred_dtype=dtype_hint or dtypes.int64)
    if tensor.dtype.base_dtype not in _SPLITS_DTYPES:
        raise ValueError(f"{name} must have dtype int32 or int64")
    return tensor


def _target_dtype(values, dtype, dtype_hint):
    if dtype is not None:
        return dtypes.as_dtype(dtype)
    for value in values:
        if isinstance(value, Tensor):
            return value.dtype.base_dtype
    for value in values:
        if isinstance(value, np.ndarray):
            return dtypes.as_dtype(value.dtype)
    return dtypes.as_dtype(dtype_hint or dtypes.int64)


def _assert_monotonic(tensor, message):
    return check_ops.assert_non_negative(tensor[1:] - tensor[:-1], message=message)


def _assert_zero(tensor, message):
    return check_ops.assert_equal(tensor, constant_op.constant(0, dtype=tensor.dtype), message=message)


class RowPartition:
    """A partition of a sequence of values into rows (tf.experimental.RowPartition).

    Build one with a `from_*` factory; the constructor is internal, as in TF.
    """

    def __init__(self, row_splits, row_lengths=None, value_rowids=None, nrows=None, uniform_row_length=None,
                 nvals=None, internal=False):
        if internal is not _FACTORY_KEY:
            raise ValueError("RowPartition constructor is private; please use one of the factory methods instead "
                             "(e.g., RowPartition.from_row_lengths())")
        if not isinstance(row_splits, Tensor):
            raise TypeError(f"Row-partitioning argument must be a Tensor, got {row_splits!r}")
        if row_splits.dtype.base_dtype not in _SPLITS_DTYPES:
            raise ValueError("Row-partitioning argument must be int32 or int64")
        row_splits.shape.with_rank(1)
        self._row_splits = row_splits
        encodings = dict(row_lengths=row_lengths, value_rowids=value_rowids, nrows=nrows,
                         uniform_row_length=uniform_row_length, nvals=nvals)
        for tensor in encodings.values():
            if tensor is None:
                continue
            if not isinstance(tensor, Tensor):
                raise TypeError("Cached value must be a Tensor or None.")
            if tensor.dtype.base_dtype != row_splits.dtype.base_dtype:
                raise ValueError(f"Inconsistent dtype for encoding tensors: {tensor} vs {row_splits}")
        for key, tensor in encodings.items():
            setattr(self, "_" + key, tensor)

    def _replace(self, **changes):
        """A partition with this one's encodings, some replaced."""
        fields = {"row_splits": self._row_splits, **{k: getattr(self, "_" + k) for k in _ENCODINGS}}
        fields.update(changes)
        return RowPartition(internal=_FACTORY_KEY, **fields)

    # -------------------------------------------------------------- factories
    @classmethod
    def from_row_splits(cls, row_splits, validate=True, dtype=None, dtype_hint=None):
        """Row i is `values[row_splits[i]:row_splits[i + 1]]`.

        Raises:
            ValueError: an empty list, or splits that are not int32/int64.
        """
        _check_validate(validate)
        if isinstance(row_splits, (list, tuple)) and not row_splits:
            raise ValueError("row_splits tensor may not be empty.")
        with op_scope(None, "RowPartitionFromRowSplits", [row_splits]):
            row_splits = _partition_tensor(row_splits, "row_splits", dtype, dtype_hint)
            row_splits.shape.with_rank(1)
            if validate:
                msg = "Arguments to from_row_splits do not form a valid RaggedTensor:"
                checks = [check_ops.assert_rank(row_splits, 1, message=msg + "rank"),
                          _assert_zero(row_splits[0], msg + "zero"),
                          _assert_monotonic(row_splits, msg + "monotonic")]
                row_splits = control_flow_ops.with_dependencies(checks, row_splits)
            return cls(row_splits, internal=_FACTORY_KEY)

    @classmethod
    def from_row_lengths(cls, row_lengths, validate=True, dtype=None, dtype_hint=None):
        """Consecutive rows of `row_lengths[i]` values."""
        _check_validate(validate)
        with op_scope(None, "RowPartitionFromRowLengths", [row_lengths]):
            row_lengths = _partition_tensor(row_lengths, "row_lengths", dtype, dtype_hint)
            row_lengths.shape.with_rank(1)
            if validate:
                msg = "Arguments to from_row_lengths do not form a valid RowPartition"
                checks = [check_ops.assert_rank(row_lengths, 1, message=msg),
                          check_ops.assert_non_negative(row_lengths, message=msg)]
                row_lengths = control_flow_ops.with_dependencies(checks, row_lengths)
            row_splits = stack_ops.concat([constant_op.constant([0], row_lengths.dtype),
                                           cumulative_ops.cumsum(row_lengths)], axis=0)
            return cls(row_splits, row_lengths=row_lengths, internal=_FACTORY_KEY)

    @classmethod
    def from_value_rowids(cls, value_rowids, nrows=None, validate=True, dtype=None, dtype_hint=None):
        """Value i in row `value_rowids[i]` (sorted), with `nrows` rows (default: the last id + 1).

        Raises:
            ValueError: a constant `nrows` below zero or not above the last constant row id.
        """
        _check_validate(validate)
        with op_scope(None, "RowPartitionFromValueRowIds", [value_rowids, nrows]):
            value_rowids = _partition_tensor(value_rowids, "value_rowids", dtype, dtype_hint)
            nrows, const_nrows = _rowids_nrows(value_rowids, nrows)
            value_rowids.shape.with_rank(1)
            nrows.shape.with_rank(0)
            if validate:
                msg = "Arguments to from_value_rowids do not form a valid RowPartition"
                checks = [check_ops.assert_rank(value_rowids, 1, message=msg),
                          check_ops.assert_rank(nrows, 0, message=msg),
                          check_ops.assert_non_negative(value_rowids[:1], message=msg),
                          _assert_monotonic(value_rowids, msg),
                          check_ops.assert_less(value_rowids[-1:], nrows, message=msg)]
                value_rowids = control_flow_ops.with_dependencies(checks, value_rowids)
            nrows32 = math_ops.cast(nrows, dtypes.int32)
            row_lengths = search_count_ops.bincount(math_ops.cast(value_rowids, dtypes.int32), minlength=nrows32,
                                                    maxlength=nrows32, dtype=value_rowids.dtype)
            row_splits = stack_ops.concat([constant_op.constant([0], value_rowids.dtype),
                                           cumulative_ops.cumsum(row_lengths)], axis=0)
            if const_nrows is not None:
                row_lengths.set_shape([const_nrows])
                row_splits.set_shape([const_nrows + 1])
            return cls(row_splits, row_lengths=row_lengths, value_rowids=value_rowids, nrows=nrows,
                       internal=_FACTORY_KEY)

    @classmethod
    def from_row_starts(cls, row_starts, nvals, validate=True, dtype=None, dtype_hint=None):
        """Row i starts at `row_starts[i]`; `nvals` values in all."""
        _check_validate(validate)
        with op_scope(None, "RowPartitionFromRowStarts", [row_starts]):
            row_starts = _partition_tensor(row_starts, "row_starts", dtype, dtype_hint)
            row_starts.shape.with_rank(1)
            nvals = math_ops.cast(nvals, row_starts.dtype)
            if validate:
                msg = "Arguments to from_row_starts do not form a valid RaggedTensor"
                checks = [check_ops.assert_rank(row_starts, 1, message=msg),
                          _assert_zero(row_starts[:1], msg),
                          _assert_monotonic(row_starts, msg),
                          check_ops.assert_less_equal(row_starts[-1:], nvals, message=msg)]
                row_starts = control_flow_ops.with_dependencies(checks, row_starts)
            row_splits = stack_ops.concat([row_starts, array_ops.reshape(nvals, [1])], axis=0)
            return cls(row_splits, nvals=nvals, internal=_FACTORY_KEY)

    @classmethod
    def from_row_limits(cls, row_limits, validate=True, dtype=None, dtype_hint=None):
        """Row i ends at `row_limits[i]`."""
        _check_validate(validate)
        with op_scope(None, "RowPartitionFromRowLimits", [row_limits]):
            row_limits = _partition_tensor(row_limits, "row_limits", dtype, dtype_hint)
            row_limits.shape.with_rank(1)
            if validate:
                msg = "Arguments to from_row_limits do not form a valid RaggedTensor"
                checks = [check_ops.assert_rank(row_limits, 1, message=msg),
                          check_ops.assert_non_negative(row_limits[:1], message=msg),
                          _assert_monotonic(row_limits, msg)]
                row_limits = control_flow_ops.with_dependencies(checks, row_limits)
            zero = constant_op.zeros([1], row_limits.dtype)
            return cls(stack_ops.concat([zero, row_limits], axis=0), internal=_FACTORY_KEY)

    @classmethod
    def from_uniform_row_length(cls, uniform_row_length, nvals=None, nrows=None, validate=True, dtype=None,
                                dtype_hint=None):
        """`nrows` rows of `uniform_row_length` values each (give `nvals`, `nrows` or both).

        Raises:
            ValueError: neither nvals nor nrows, a negative constant length, or constants whose product is not nvals.
        """
        _check_validate(validate)
        if nrows is None and nvals is None:
            raise ValueError("Either (or both) of nvals and nrows must be specified")
        with op_scope(None, "RowPartitionFromUniformRowLength", [uniform_row_length, nrows]):
            return _uniform_partition(cls, uniform_row_length, nvals, nrows, validate, dtype, dtype_hint)

    # -------------------------------------------------------------- encodings
    dtype = property(lambda self: self._row_splits.dtype, doc="The dtype of the encodings (int32 or int64).")

    def row_splits(self):
        """Row i is values[row_splits[i]:row_splits[i + 1]] (a vector of nrows + 1)."""
        return self._row_splits

    def value_rowids(self):
        """The row of each value (a vector of nvals)."""
        if self._value_rowids is not None:
            return self._value_rowids
        splits = self._row_splits
        with op_scope(None, "RaggedSplitsToSegmentIds", [splits]):
            indices = sequence_ops.range_(array_ops.shape(splits, out_type=splits.dtype)[-1] - 1, dtype=splits.dtype)
            return search_count_ops.repeat(indices, splits[1:] - splits[:-1], axis=0)

    def nvals(self):
        """The number of values partitioned (a scalar)."""
        return self._row_splits[-1]

    def nrows(self):
        """The number of rows (a scalar; a constant when the splits' length is static)."""
        if self._nrows is not None:
            return self._nrows
        nsplits = self._row_splits.shape.dims[0].value
        if nsplits is None:
            return array_ops.shape(self._row_splits, out_type=self.dtype)[0] - 1
        return constant_op.constant(nsplits - 1, dtype=self.dtype)

    def uniform_row_length(self):
        """The length of every row if the partition was built uniform, else None."""
        return self._uniform_row_length

    def row_starts(self):
        return self._row_splits[:-1]

    def row_limits(self):
        return self._row_splits[1:]

    def row_lengths(self):
        """The length of each row (a vector of nrows)."""
        if self._row_lengths is not None:
            return self._row_lengths
        return self._row_splits[1:] - self._row_splits[:-1]

    def offsets_in_rows(self):
        """The position of each value within its row: rows [*,*,*],[*,*] give 0,1,2,0,1."""
        zero, one = constant_op.constant(0, self.dtype), constant_op.constant(1, self.dtype)
        return ragged_range_op(zero, self.row_lengths(), one, self.dtype)[1]

    @property
    def static_nrows(self):
        """The number of rows as an int when known statically, else None."""
        rows_plus_one = self._row_splits.shape.dims[0].value
        if rows_plus_one is not None:
            return rows_plus_one - 1
        if self._row_lengths is not None and self._row_lengths.shape.dims[0].value is not None:
            return self._row_lengths.shape.dims[0].value
        return None if self._nrows is None else constant_value(self._nrows)  # TF's NumPy scalar

    @property
    def static_nvals(self):
        """The number of values when known statically (an int, or a NumPy scalar from a constant), else None."""
        nvals = None if self._nvals is None else constant_value(self._nvals)
        if nvals is not None:
            return nvals
        if self._value_rowids is not None:
            return self._value_rowids.shape.dims[0].value
        return None

    @property
    def static_uniform_row_length(self):
        """The uniform row length when known statically (TF's constant value: a NumPy scalar), else None."""
        return None if self._uniform_row_length is None else constant_value(self._uniform_row_length)

    def is_uniform(self):
        """Whether the partition was built with a uniform row length (statically known uniform)."""
        return self._uniform_row_length is not None

    def with_dtype(self, dtype):
        """This partition with every encoding cast to `dtype` (int32 or int64)."""
        dtype = dtypes.as_dtype(dtype)
        if dtype not in _SPLITS_DTYPES:
            raise ValueError("dtype must be int32 or int64")
        if self.dtype.base_dtype == dtype:
            return self
        cast = {k: None if getattr(self, "_" + k) is None else math_ops.cast(getattr(self, "_" + k), dtype)
                for k in _ENCODINGS if k != "nvals"}  # TF drops a cached nvals here
        return RowPartition(math_ops.cast(self._row_splits, dtype), internal=_FACTORY_KEY, **cast)

    def _with_dependencies(self, dependencies):
        """This partition whose row splits wait for `dependencies` (TF drops a cached nvals here too)."""
        return self._replace(row_splits=control_flow_ops.with_dependencies(dependencies, self._row_splits),
                             nvals=None)

    # -------------------------------------------------------------- precomputed encodings
    def _has_precomputed_row_splits(self):
        return self._row_splits is not None

    def _has_precomputed_row_lengths(self):
        return self._row_lengths is not None

    def _has_precomputed_value_rowids(self):
        return self._value_rowids is not None

    def _has_precomputed_nrows(self):
        return self._nrows is not None

    def _has_precomputed_nvals(self):
        return self._nvals is not None

    def _with_precomputed_row_splits(self):
        return self._replace()

    def _with_precomputed_row_lengths(self):
        return self._replace(row_lengths=self.row_lengths())

    def _with_precomputed_value_rowids(self):
        return self._replace(value_rowids=self.value_rowids())

    def _with_precomputed_nrows(self):
        return self._replace(nrows=self.nrows())

    def _with_precomputed_nvals(self):
        return self._replace(nvals=self.nvals())

    def _merge_precomputed_encodings(self, other, validate=True):
        """A partition holding the encodings of `self` and `other`, which describe the same partition;
        with `validate`, a run-time check that they agree.

        Raises:
            ValueError: encodings of incompatible static shapes.
        """
        mine = [self._row_splits] + [getattr(self, "_" + k) for k in _ENCODINGS]
        theirs = [other._row_splits] + [getattr(other, "_" + k) for k in _ENCODINGS]
        if self is other or all(a is b for a, b in zip(mine, theirs)):
            return self
        merged, done = {}, {}
        # TF's order: a check on nrows and uniform_row_length, or on row_splits, makes the later checks redundant
        for key in ("nrows", "nvals", "uniform_row_length", "row_splits", "row_lengths", "value_rowids"):
            if key == "row_splits" and done.get("uniform_row_length") and done.get("nrows"):
                validate = False
            merged[key], done[key] = _merge_tensors(getattr(self, "_" + key), getattr(other, "_" + key), key,
                                                    validate)
            if key in ("row_splits", "row_lengths") and done[key]:
                validate = False
        if all(merged[k] is getattr(self, "_" + k) for k in merged if k != "nvals"):
            return self
        if all(merged[k] is getattr(other, "_" + k) for k in merged if k != "nvals"):
            return other
        return RowPartition(internal=_FACTORY_KEY, **merged)

    @property
    def _type_spec(self) -> RowPartitionSpec:
        return RowPartitionSpec.from_value(self)

    def __repr__(self):
        if self._uniform_row_length is not None:
            return f"tf.RowPartition(nrows={self._nrows}, uniform_row_length={self._uniform_row_length})"
        return f"tf.RowPartition(row_splits={self._row_splits})"

    __str__ = __repr__

    def _session_fetch(self):  # TF's fetch error: a RowPartition is not a Tensor or Operation
        raise TypeError(f"Argument `fetch` = {self!r} has invalid type \"RowPartition\" must be a string or Tensor. "
                        "(Can not convert a RowPartition into a Tensor or Operation.)")


def from_encodings(row_splits, **encodings) -> RowPartition:
    """A RowPartition of `row_splits` with other known encodings (row_lengths, value_rowids, nrows,
    uniform_row_length, nvals), unchecked: for RaggedTensor and DynamicRaggedShape, which hold them."""
    return RowPartition(row_splits, internal=_FACTORY_KEY, **encodings)


def _static_int(tensor):
    if tensor is None:
        return None
    value = constant_value(tensor)
    return None if value is None else int(value)


def _rowids_nrows(value_rowids, nrows):
    """(nrows tensor, its constant value or None) for from_value_rowids, checked against constant row ids."""
    const_rowids = constant_value(value_rowids)
    if nrows is None:
        if const_rowids is None:
            last = stack_ops.concat([value_rowids[-1:], constant_op.constant([-1], value_rowids.dtype)], axis=0)[0]
            return last + 1, None
        const_nrows = int(const_rowids[-1]) + 1 if const_rowids.size > 0 else 0
        return convert_to_tensor(const_nrows, value_rowids.dtype, name="nrows"), const_nrows
    nrows = convert_to_tensor(nrows, value_rowids.dtype, name="nrows")
    const_nrows = _static_int(nrows)
    if const_nrows is not None:
        if const_nrows < 0:
            raise ValueError(f"Expected nrows >= 0; got {const_nrows}")
        if const_rowids is not None and const_rowids.size > 0 and not const_nrows >= const_rowids[-1] + 1:
            raise ValueError(f"Expected nrows >= value_rowids[-1] + 1; got nrows={const_nrows}, "
                             f"value_rowids[-1]={int(const_rowids[-1])}")
    return nrows, const_nrows


def _uniform_partition(cls, uniform_row_length, nvals, nrows, validate, dtype, dtype_hint):
    """The body of RowPartition.from_uniform_row_length, inside its name scope."""
    target = _target_dtype([uniform_row_length, nvals, nrows], dtype, dtype_hint)
    convert = (lambda v, n: convert_to_tensor(v, dtype=target, name=n)) if dtype is None else \
        (lambda v, n: math_ops.cast(v, target, name=n))
    length = convert(uniform_row_length, "uniform_row_length")
    nvals = None if nvals is None else convert(nvals, "nvals")
    nrows = None if nrows is None else convert(nrows, "nrows")
    length.shape.with_rank(0)
    const_length = _static_int(length)
    if nrows is None:
        if const_length is None:
            nrows = nvals // math_ops.maximum(length, constant_op.constant(1, length.dtype))
        elif const_length == 0:
            nrows = constant_op.constant(0, dtype=length.dtype)
        else:
            nrows = nvals // const_length
    const_nrows, const_nvals = _static_int(nrows), _static_int(nvals)
    checks = []
    if const_nvals is None and const_nrows is not None and const_length is not None:
        const_nvals = const_nrows * const_length
        if nvals is not None and validate:
            checks.append(check_ops.assert_equal(nvals, const_nvals))
        nvals = constant_op.constant(const_nvals, length.dtype)
    if nvals is None:
        nvals = nrows * length
    if const_nrows is not None and const_length is not None:
        row_splits = constant_op.constant([i * const_length for i in range(const_nrows + 1)], length.dtype)
    else:
        row_splits = sequence_ops.range_(nrows + 1, dtype=length.dtype) * length
    if validate:
        if const_nrows is None or const_length is None or const_nvals is None:
            checks.append(check_ops.assert_equal(nrows * length, nvals, ("uniform_row_length", length,
                                                                         "times nrows", nrows, "must equal nvals",
                                                                         nvals)))
        elif const_nrows * const_length != const_nvals:
            raise ValueError(f"uniform_row_length={const_length} times nrows={const_nrows} must equal "
                             f"nvals={const_nvals}")
        if const_length is None:
            checks.append(check_ops.assert_greater_equal(length, constant_op.constant(0, length.dtype),
                                                         message="uniform_row_length must be >= 0."))
        elif const_length < 0:
            raise ValueError("uniform_row_length must be >= 0.")
        row_splits = control_flow_ops.with_dependencies(checks, row_splits)
    return cls(row_splits, uniform_row_length=length, nrows=nrows, nvals=nvals, internal=_FACTORY_KEY)


def _merge_tensors(t1, t2, name, validate):
    """(t1 or t2, whether they were checked equal) for two optional encodings of the same partition."""
    if t1 is None:
        return t2, False
    if t2 is None or t1 is t2:
        return t1, t1 is t2
    message = f"RowPartition._merge_precomputed_encodings: partitions have incompatible {name}"
    if not t1.shape.is_compatible_with(t2.shape):
        raise ValueError(message)
    if validate:
        return control_flow_ops.with_dependencies([check_ops.assert_equal(t1, t2, message=message)], t1), True
    return t1, False
