"""tf.experimental.StructuredTensor: a tensor of structures, held as one tensor per field.

Each field (a Tensor, RaggedTensor or nested StructuredTensor) holds the field's value for every
structure: its outer `rank` dimensions are the StructuredTensor's shape, a DynamicRaggedShape. Built
with `from_fields`, `from_pyval` (structured_pyval.py) or `from_shape`; not fetchable, as in TF (fetch
its fields). Not built yet: with_updates, promote, merge_dims, partition_outer_dimension and Spec
(they raise NotImplementedError).
"""
from __future__ import annotations

import re

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.tensor_shape import as_shape
from tfsess.ops import array_ops, constant_op
from tfsess.ops.ragged import structured_pyval
from tfsess.ops.ragged.dynamic_ragged_shape import DynamicRaggedShape
from tfsess.ops.ragged.ragged_tensor import RaggedTensor, convert_to_tensor_or_ragged_tensor, is_ragged

_FIELD_NAME_RE = re.compile("^[a-zA-Z][a-zA-Z0-9_]*$")


class StructuredTensor:
    """A tensor of structures with named fields (tf.experimental.StructuredTensor).

    Build one with `from_fields`, `from_pyval` or `from_shape`.
    """

    def __init__(self, fields, ragged_shape):
        self._fields = fields
        self._ragged_shape = ragged_shape

    # -------------------------------------------------------------- factories
    @classmethod
    def from_shape(cls, ragged_shape) -> StructuredTensor:
        """A StructuredTensor with no fields and the DynamicRaggedShape `ragged_shape`."""
        return cls(fields={}, ragged_shape=ragged_shape)

    @classmethod
    def from_fields(cls, fields, shape=(), nrows=None, row_partitions=None, validate=False):
        """A StructuredTensor whose field `k` is `fields[k]` (values shaped [*shape, ...]).

        Args:
            fields: a dict of field name -> Tensor, RaggedTensor, StructuredTensor or tensor-like value.
            shape: the static shape (a known rank); its outer dimensions are the fields' outer dimensions.
            nrows: the number of rows when shape.rank > 0 (default: from the fields).
            row_partitions: the RowPartitions of dimensions 1..rank-1 (default: from the fields).
            validate: add run-time checks that the fields' outer dimensions agree.

        Raises:
            ValueError: an unknown rank, nrows or partitions that do not fit the rank, a bad field name,
                or no way to know the shape (no fields, nrows or partitions).
            TypeError: fields that are not a dict, a non-string key or an unconvertible value.
        """
        shape = as_shape(shape)
        rank = shape.ndims
        if rank is None:
            raise ValueError("StructuredTensor's shape must have known rank.")
        if not isinstance(fields, dict):
            raise TypeError(f"fields must be a dictionary, got {type(fields).__name__}")
        if rank < 2 and row_partitions:
            raise ValueError("row_partitions must be None or [] if shape.rank<2")
        if rank == 0 and nrows is not None:
            raise ValueError("nrows must be None if shape.rank==0")
        if row_partitions is not None:
            row_partitions = tuple(row_partitions)
            if len(row_partitions) != max(0, rank - 1):
                raise ValueError("len(row_partitions) must be shape.rank-1")
        fields = dict(fields)
        with op_scope(None, "StructuredTensor", []):
            for key, value in fields.items():
                if not isinstance(key, str):
                    raise TypeError(f"Unexpected type for key in `fields`: {key}")
                if not _FIELD_NAME_RE.match(key):
                    raise ValueError(f"Field name {key!r} is not currently allowed.")
                fields[key] = _as_field_value(value)
            ragged_shape = _shape_of(fields, shape, nrows, row_partitions)  # TF ignores validate here too
            if ragged_shape.rank > 1:
                ragged_shape = ragged_shape._with_num_row_partitions(ragged_shape.rank - 1)
            return cls(fields=fields, ragged_shape=ragged_shape)

    @classmethod
    def from_pyval(cls, pyval, typespec=None):
        """A StructuredTensor from nested Python dicts and lists: each dict level is a structure, lists of
        dicts add dimensions, other lists become Tensors or RaggedTensors (tf.ragged.constant).

        Raises:
            ValueError: dicts at inconsistent depths, or values that do not convert (naming their path).
            NotImplementedError: a `typespec`.
        """
        if typespec is not None:
            raise NotImplementedError("tfsess: StructuredTensor.from_pyval with a typespec is not implemented")
        return structured_pyval.from_pyval(cls, pyval)

    # -------------------------------------------------------------- properties
    rank = property(lambda self: self._ragged_shape.rank, doc="The rank (always known).")
    shape = property(lambda self: self._ragged_shape._to_tensor_shape(), doc="The static shape (a TensorShape).")

    @property
    def row_partitions(self) -> tuple:
        """The RowPartitions of dimensions 1..rank-1 (empty when rank < 2)."""
        if self.rank < 2:
            return ()
        return self._ragged_shape._as_row_partitions()

    _row_partitions = row_partitions

    def nrows(self):
        """The number of rows (a scalar tensor), or None for a scalar StructuredTensor."""
        if self.rank == 0:
            return None
        return self._ragged_shape[0]

    def field_names(self) -> tuple:
        return tuple(self._fields.keys())

    def field_value(self, field_name):
        """The value of field `field_name`, or of the path of fields a tuple names.

        Raises:
            KeyError: no such field.
        """
        if isinstance(field_name, (list, tuple)):
            value = self
            for name in field_name:
                if not isinstance(value, StructuredTensor):
                    raise KeyError(f"Field path {field_name} not found in {self}")
                value = value.field_value(name)
            return value
        return self._fields[field_name]

    def with_shape_dtype(self, dtype):
        """This StructuredTensor with its shape (and ragged fields' partitions) encoded in `dtype`."""
        dtype = dtypes.as_dtype(dtype)
        if dtype == self._ragged_shape.dtype:
            return self
        return StructuredTensor(_fields_with_dtype(self._fields, dtype), self._ragged_shape.with_dtype(dtype))

    def to_pyval(self):
        raise ValueError("StructuredTensor.to_pyval() is only supported in eager mode.")

    # -------------------------------------------------------------- indexing
    def __getitem__(self, key):
        """A field (by name, for a scalar), or a slice of every field (by index, for rank > 0); a tuple key
        indexes dimensions and then a field name."""
        key = tuple(key) if isinstance(key, list) else key if isinstance(key, tuple) else (key,)
        if not key:
            return self
        if self.rank == 0:
            return self._scalar_getitem(key)
        return self._tensor_getitem(key)

    def _scalar_getitem(self, key):
        first = key[0]
        if isinstance(first, slice) and first.start is None and first.stop is None and first.step is None:
            fields = {name: value.__getitem__(key[1:]) for name, value in self._fields.items()}
            return StructuredTensor.from_fields(fields, self.shape)
        if not isinstance(first, (str, bytes)):
            raise ValueError("Key for indexing a StructuredTensor must be a string or a full slice (':')")
        return self._fields[first].__getitem__(key[1:])

    def _tensor_getitem(self, key):
        rank = self.rank
        if len(key) > rank:
            if not isinstance(key[rank], (str, bytes)):
                raise ValueError("Key for indexing a StructuredTensor must be a string")
            return self._fields[key[rank]].__getitem__(key[:rank] + key[rank + 1:])
        fields = {name: value.__getitem__(key) for name, value in self._fields.items()}
        result_shape = self.shape.as_list()
        for axis, item in enumerate(key):
            if isinstance(item, slice):
                if not (item.start is None and item.stop is None and item.step is None):
                    result_shape[axis] = None
            elif isinstance(item, (int, Tensor)):
                result_shape[axis] = -1  # the dimension goes
            elif item is None:
                raise ValueError("Slicing not supported for tf.newaxis")
            else:
                raise ValueError(f"Slicing not supported for {item!r}")
        return StructuredTensor.from_fields(fields, [d for d in result_shape if d != -1])

    def __repr__(self):
        fields = ",\n        ".join(f'"{k}": ' + str(v).replace("\n", "\n            ")
                                    for k, v in sorted(self._fields.items()))
        return f"<StructuredTensor(\n    fields={{\n        {fields}}},\n    shape={self.shape})>"

    __str__ = __repr__

    def _session_fetch(self):  # TF's fetch error: a StructuredTensor is not a Tensor or Operation
        raise TypeError(f"Argument `fetch` = {self!r} has invalid type \"StructuredTensor\" must be a string or "
                        "Tensor. (Can not convert a StructuredTensor into a Tensor or Operation.)")

    # -------------------------------------------------------------- not built yet
    def _not_built(self, name):
        raise NotImplementedError(f"tfsess: StructuredTensor.{name} is not implemented")

    def with_updates(self, updates, validate=False):
        self._not_built("with_updates")

    def promote(self, source_path, new_name):
        self._not_built("promote")

    def merge_dims(self, outer_axis, inner_axis):
        self._not_built("merge_dims")

    def partition_outer_dimension(self, row_partition):
        self._not_built("partition_outer_dimension")


def _as_field_value(value):
    """`value` as a Tensor, RaggedTensor or StructuredTensor."""
    if isinstance(value, (Tensor, RaggedTensor, StructuredTensor)):
        return value
    if is_ragged(value):
        return convert_to_tensor_or_ragged_tensor(value)
    try:
        return convert_to_tensor(value)
    except (ValueError, TypeError) as exc:
        raise TypeError(f"Unexpected type for value in `fields`: {value!r}") from exc


def _shape_dtype(fields, nrows, row_partitions):
    """int64 if anything needs it, int32 if something asks for it, else int64 (TF's _find_shape_dtype)."""
    found = [v.row_splits.dtype if isinstance(v, RaggedTensor) else v._ragged_shape.dtype
             for v in fields.values() if isinstance(v, (RaggedTensor, StructuredTensor))]
    found += [nrows.dtype.base_dtype] if isinstance(nrows, Tensor) else []
    found += [rp.dtype for rp in row_partitions or ()]
    return dtypes.int32 if dtypes.int32 in found and dtypes.int64 not in found else dtypes.int64


def _fields_with_dtype(fields, dtype):
    def cast(value):
        if isinstance(value, RaggedTensor):
            return value.with_row_splits_dtype(dtype)
        if isinstance(value, StructuredTensor):
            return value.with_shape_dtype(dtype)
        return value
    return {k: cast(v) for k, v in fields.items()}


def _field_shape(field, dtype):
    if isinstance(field, StructuredTensor):
        return field._ragged_shape
    if isinstance(field, RaggedTensor):
        return DynamicRaggedShape.from_tensor(field, dtype)
    return DynamicRaggedShape([], array_ops.shape(field, out_type=dtype))


def _merge(a, b):
    return b if a is None else a if b is None else a._merge_with(b)


def _shape_of(fields, shape, nrows, row_partitions):
    """The DynamicRaggedShape of a StructuredTensor of static `shape` over `fields` (TF's
    _dynamic_ragged_shape_init)."""
    rank = shape.ndims
    dtype = _shape_dtype(fields, nrows, row_partitions)
    fields = _fields_with_dtype(fields, dtype)
    if rank == 0:
        return DynamicRaggedShape._from_inner_shape(constant_op.zeros((0,), dtype=dtype))
    result = DynamicRaggedShape._from_inner_shape(shape.as_list(), dtype=dtype) if shape.is_fully_defined() \
        else None
    for key, field in fields.items():
        try:
            result = _merge(result, _field_shape(field, dtype)[:rank])
        except Exception as exc:  # TF names the field whose shape does not fit
            raise ValueError(f"Error in shape of {key}") from exc
    if rank == 1:
        if shape.dims[0].value is not None:
            nrows = shape.dims[0].value
        if nrows is not None:
            result = _merge(result, DynamicRaggedShape._from_inner_shape([nrows], dtype=dtype))
        if result is None:
            raise ValueError("Must specify `nrows`, a fully specified `shape`, or have `fields` if `rank=1`")
        return result
    if row_partitions:
        result = _merge(result, DynamicRaggedShape.from_row_partitions(row_partitions, dtype=dtype))
    if result is None:
        raise ValueError("Must specify row_partitions, a fully specified shape, or have fields if rank > 1")
    return result


__all__ = ["StructuredTensor"]
