"""More type specifications, compared as TF compares them: by their serialization, field by field
(tf.IndexedSlicesSpec, tf.NoneTensorSpec and the base the other structured specs share).

TF's generic TypeSpec rules: two specs are compatible when they are of one type and each serialized
field is compatible (shapes by `is_compatible_with`, nested specs by theirs, dicts/tuples/lists item by
item, anything else by equality); the most specific compatible type merges shapes field by field and
raises ValueError("No TypeSpec is compatible with both ...") otherwise.
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.indexed_slices import IndexedSlices
from tfsess.framework.tensor_shape import TensorShape, as_shape
from tfsess.framework.tensor_spec import TypeSpec, type_spec_from_value
from tfsess.framework.tensor_util import shape_from_tensor


def _fields_compatible(a, b) -> bool:
    if isinstance(a, TypeSpec) and isinstance(b, TypeSpec):
        return a.is_compatible_with(b)
    if isinstance(a, TensorShape) and isinstance(b, TensorShape):
        return a.is_compatible_with(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_fields_compatible(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_fields_compatible, a, b))
    return type(a) is type(b) and a == b


def _most_specific(a, b, error):
    if isinstance(a, TypeSpec) and isinstance(b, TypeSpec):
        return a.most_specific_compatible_type(b)
    if isinstance(a, TensorShape) and isinstance(b, TensorShape):
        if not a.is_compatible_with(b):
            raise error
        return a.most_specific_compatible_shape(b)
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            raise error
        return {k: _most_specific(a[k], b[k], error) for k in a}
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if type(a) is not type(b) or len(a) != len(b):
            raise error
        return type(a)(_most_specific(x, y, error) for x, y in zip(a, b))
    if type(a) is not type(b) or a != b:
        raise error
    return a


def _hashable(field):
    if isinstance(field, TensorShape):
        return ("shape", field.as_tuple_or_none())
    if isinstance(field, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in field.items()))
    if isinstance(field, (list, tuple)):
        return tuple(_hashable(v) for v in field)
    return field


class StructuredSpec(TypeSpec):
    """A spec described wholly by `_serialize()`: TF's generic comparison, merge, repr and hash.

    Subclasses rebuild themselves from their serialization with `type(self)(*fields)`.
    """

    __slots__ = ()

    def _serialize(self):
        raise NotImplementedError

    def is_compatible_with(self, spec_or_value) -> bool:
        """Whether `spec_or_value` (a spec, or a value whose spec is taken) is of this spec's type with every
        field compatible."""
        other = spec_or_value if isinstance(spec_or_value, TypeSpec) else _spec_of(spec_or_value)
        return type(other) is type(self) and _fields_compatible(self._serialize(), other._serialize())

    def most_specific_compatible_type(self, other):
        """The spec of this type whose fields are the most specific ones compatible with both."""
        error = ValueError(f"No TypeSpec is compatible with both {self!r} and {other!r}")
        if type(other) is not type(self):
            raise error
        return type(self)(*_most_specific(self._serialize(), other._serialize(), error))

    def __eq__(self, other):
        return type(other) is type(self) and _hashable(self._serialize()) == _hashable(other._serialize())

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((type(self).__name__, _hashable(self._serialize())))

    def __repr__(self):
        return f"{type(self).__name__}{self._serialize()!r}"


def _spec_of(value):
    spec_of = getattr(value, "_type_spec", None)
    if isinstance(spec_of, TypeSpec):
        return spec_of
    return type_spec_from_value(value)


class IndexedSlicesSpec(StructuredSpec):
    """The dense shape and dtypes an IndexedSlices must have (tf.IndexedSlicesSpec)."""

    __slots__ = ("_indices_dtype", "_dense_shape_dtype", "_indices_shape")

    def __init__(self, shape=None, dtype=dtypes.float32, indices_dtype=dtypes.int64, dense_shape_dtype=None,
                 indices_shape=None):
        super().__init__(shape, dtype)
        self._indices_dtype = dtypes.as_dtype(indices_dtype)
        self._dense_shape_dtype = None if dense_shape_dtype is None else dtypes.as_dtype(dense_shape_dtype)
        self._indices_shape = as_shape(indices_shape).with_rank(1) if indices_shape is not None \
            else TensorShape([None])

    @property
    def value_type(self):
        return IndexedSlices

    @classmethod
    def from_value(cls, value):
        """The spec of an IndexedSlices (its dense shape's dtype recorded when it has one)."""
        dense_shape = TensorShape([None]).concatenate(value.values.shape[1:])
        if value.dense_shape is None:
            return cls(dense_shape, value.dtype, value.indices.dtype, None, value.indices.shape)
        dense_shape = dense_shape.merge_with(shape_from_tensor(value.dense_shape))
        return cls(dense_shape, value.dtype, value.indices.dtype, value.dense_shape.dtype, value.indices.shape)

    def _serialize(self):
        return (self._shape, self._dtype, self._indices_dtype, self._dense_shape_dtype, self._indices_shape)


class NoneTensor:
    """The value of a NoneTensorSpec: a composite with no components (TF's NoneTensor)."""

    @property
    def _type_spec(self):
        return NoneTensorSpec()


class NoneTensorSpec(StructuredSpec):
    """The spec of None inside composite values (tf.NoneTensorSpec)."""

    __slots__ = ()

    def __init__(self):
        super().__init__(None, dtypes.float32)

    @property
    def value_type(self):
        return NoneTensor

    @classmethod
    def from_value(cls, value):
        return cls()

    def _serialize(self):
        return ()


__all__ = ["IndexedSlicesSpec", "NoneTensorSpec"]
