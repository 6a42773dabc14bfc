"""tf.TensorArraySpec: the dtype, element shape and flags a TensorArray must have."""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.tensor_shape import TensorShape, as_shape
from tfsess.framework.type_specs import StructuredSpec
from tfsess.ops.tensor_array_ops import TensorArray


class TensorArraySpec(StructuredSpec):
    """The spec of a TensorArray (tf.TensorArraySpec); `infer_shape` does not take part in compatibility."""

    __slots__ = ("_dynamic_size", "_infer_shape")

    def __init__(self, element_shape=None, dtype=dtypes.float32, dynamic_size=False, infer_shape=True):
        super().__init__(TensorShape(None) if element_shape is None else as_shape(element_shape), dtype)
        self._dynamic_size = dynamic_size
        self._infer_shape = infer_shape

    @property
    def value_type(self):
        return TensorArray

    @classmethod
    def from_value(cls, value):
        """The spec of a TensorArray."""
        if not isinstance(value, TensorArray):
            raise TypeError(f"Expected value to be a TensorArray, but saw: {type(value)}")
        return cls(value.element_shape, value.dtype, value.dynamic_size, value._infer_shape)

    def _serialize(self):
        return (self._shape, self._dtype, self._dynamic_size, self._infer_shape)

    def is_compatible_with(self, other) -> bool:
        """Same dtype and dynamic_size, compatible element shapes (as TF, infer_shape is not compared)."""
        if not isinstance(other, StructuredSpec):
            if not isinstance(other, TensorArray):
                return False
            other = TensorArraySpec.from_value(other)
        return (type(self) is type(other) and self._dtype.is_compatible_with(other._dtype)
                and self._shape.is_compatible_with(other._shape) and self._dynamic_size == other._dynamic_size)

    def most_specific_compatible_type(self, other):
        """The spec with the most specific element shape both accept; infer_shape only if both infer."""
        if not self.is_compatible_with(other):
            raise ValueError(f"Type {self} is not compatible with {other}")
        return TensorArraySpec(self._shape.most_specific_compatible_shape(other._shape), self._dtype,
                               self._dynamic_size, self._infer_shape and other._infer_shape)


def TensorArrayStructure(dtype, element_shape, dynamic_size, infer_shape):  # noqa: N802 - TF's name
    """The TensorArraySpec of those fields, in TF1's argument order (tf.data.experimental.TensorArrayStructure)."""
    return TensorArraySpec(element_shape, dtype, dynamic_size, infer_shape)


__all__ = ["TensorArraySpec"]  # TensorArrayStructure is exported by tf.data.experimental
