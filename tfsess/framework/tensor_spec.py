"""Type specifications (tf.TypeSpec, tf.TensorSpec, tf.SparseTensorSpec, tf.type_spec_from_value) and
tf.convert_to_tensor_or_sparse_tensor: what a value is (its dtype and a possibly partial shape), apart from it.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.operation import Tensor
from tfsess.framework.sparse_tensor import SparseTensor, SparseTensorValue
from tfsess.framework.tensor_shape import TensorShape, as_shape


class TypeSpec:
    """The base of the specs: a dtype and a shape, compared by value (tf.TypeSpec)."""

    __slots__ = ("_shape", "_dtype")

    def __init__(self, shape, dtype):
        self._shape = as_shape(shape)
        self._dtype = dtypes.as_dtype(dtype)

    @property
    def shape(self) -> TensorShape:
        return self._shape

    @property
    def dtype(self):
        return self._dtype

    def _serialize(self):
        return (self._shape, self._dtype)

    def _describes(self, value):
        """The spec of `value` when it is of this spec's kind, else None."""
        raise NotImplementedError

    def is_compatible_with(self, spec_or_value):
        """Whether `spec_or_value` (a spec of this kind, or a value) could have this spec: same dtype and shape
        compatible with this one."""
        other = spec_or_value if isinstance(spec_or_value, TypeSpec) else self._describes(spec_or_value)
        return (type(other) is type(self) and other.dtype == self.dtype
                and self.shape.is_compatible_with(other.shape))

    def most_specific_compatible_type(self, other):
        """The spec of this kind whose shape is the most specific one both specs are compatible with."""
        if type(other) is not type(self) or other.dtype != self.dtype:
            raise ValueError(f"No TypeSpec is compatible with both {self} and {other}")
        return type(self)(self.shape.most_specific_compatible_shape(other.shape), self.dtype)

    def __eq__(self, other):
        return type(other) is type(self) and self._serialize() == other._serialize()

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((type(self).__name__, tuple(self._shape.as_tuple_or_none() or ()), self._dtype))


class TensorSpec(TypeSpec):
    """The dtype, shape and optional name a dense tensor must have (tf.TensorSpec)."""

    __slots__ = ("_name",)

    def __init__(self, shape, dtype=dtypes.float32, name=None):
        super().__init__(shape, dtype)
        self._name = name

    @property
    def name(self):
        return self._name

    @property
    def value_type(self):
        return Tensor

    @classmethod
    def from_spec(cls, spec, name=None):
        return cls(spec.shape, spec.dtype, name or getattr(spec, "name", None))

    @classmethod
    def from_tensor(cls, tensor, name=None):
        """The spec of a Tensor (its name without the output index) or of any value convertible to one."""
        if isinstance(tensor, Tensor):
            return cls(tensor.shape, tensor.dtype, name or tensor.op.name)
        value = np.asarray(tensor)
        return cls(value.shape, dtypes.as_dtype(value.dtype), name)

    def _describes(self, value):
        if isinstance(value, Tensor):
            return TensorSpec(value.shape, value.dtype.base_dtype)
        if isinstance(value, (SparseTensor, SparseTensorValue)):
            return None
        try:
            return TensorSpec.from_tensor(value)
        except (TypeError, ValueError):
            return None

    def _serialize(self):
        return (self._shape, self._dtype, self._name)

    def __repr__(self):
        return f"TensorSpec(shape={self._shape}, dtype={self._dtype!r}, name={self._name!r})"


class SparseTensorSpec(TypeSpec):
    """The dtype and dense shape a SparseTensor must have (tf.SparseTensorSpec)."""

    __slots__ = ()

    def __init__(self, shape=None, dtype=dtypes.float32):
        super().__init__(shape, dtype)

    @property
    def value_type(self):
        return SparseTensor

    @classmethod
    def from_value(cls, value):
        if isinstance(value, SparseTensor):
            return cls(value.shape, value.dtype)
        if isinstance(value, SparseTensorValue):
            return cls(np.asarray(value.dense_shape).tolist(), dtypes.as_dtype(np.asarray(value.values).dtype))
        raise TypeError(f"Expected SparseTensor or SparseTensorValue, got {value!r}")

    def _describes(self, value):
        try:
            return SparseTensorSpec.from_value(value)
        except TypeError:
            return None

    def __repr__(self):
        return f"SparseTensorSpec({self._shape!r}, {self._dtype!r})"


def type_spec_from_value(value):
    """The TypeSpec describing `value`: a SparseTensorSpec for sparse values, a composite's own spec (an
    Optional's OptionalSpec), else a TensorSpec (tf.type_spec_from_value)."""
    if isinstance(value, (SparseTensor, SparseTensorValue)):
        return SparseTensorSpec.from_value(value)
    own_spec = getattr(type(value), "_type_spec", None)  # a composite value (an Optional) gives its own spec
    if isinstance(own_spec, property):
        return value._type_spec
    try:
        return TensorSpec.from_tensor(value if isinstance(value, Tensor) else np.asarray(value))
    except (TypeError, ValueError):
        raise TypeError(f"Could not build a TypeSpec for {value!r} of unsupported type {type(value)}.") from None


def convert_to_tensor_or_sparse_tensor(value, dtype=None, name=None):
    """`value` as a SparseTensor when it is sparse (a SparseTensorValue becomes one), else as a Tensor
    (tf.convert_to_tensor_or_sparse_tensor)."""
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
    if isinstance(value, SparseTensorValue):
        value = SparseTensor.from_value(value)
    if isinstance(value, SparseTensor):
        if dtype is not None and not dtype.is_compatible_with(value.dtype):
            raise RuntimeError(f"Sparse dtype: requested = {dtype}, actual = {value.dtype}")
        return value
    return convert_to_tensor(value, dtype=dtype, name=name)


__all__ = ["SparseTensorSpec", "TensorSpec", "TypeSpec", "convert_to_tensor_or_sparse_tensor", "type_spec_from_value"]
