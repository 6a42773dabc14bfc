"""The value a TensorList variant tensor holds at run time, and the checks TF's list kernels make.

A `TensorListValue` is immutable: every list op returns a new one sharing the element arrays it did
not change (TF's kernels copy the list on write too, unless they own the only reference). An element
is an array, or None while it is uninitialized (TensorListReserve, a resize, a scatter's gaps): it
reads as zeros once its shape is known. Element shapes are partial: a tuple of int-or-None dims, or
None for an unknown rank, printed as TF prints a PartialTensorShape.
"""
from __future__ import annotations

from typing import Optional, Tuple

import numpy as np

from tfsess.framework import dtypes, errors

Shape = Optional[Tuple[Optional[int], ...]]

# TF's DataTypeString names, used in its list kernels' messages
_TF_NAMES = {"float32": "float", "float64": "double", "float16": "half"}


def type_name(dtype) -> str:
    name = dtypes.as_dtype(dtype).base_dtype.name
    return _TF_NAMES.get(name, name)


def shape_str(shape: Shape) -> str:
    """A partial shape as TF's PartialTensorShape::DebugString writes it."""
    if shape is None:
        return "<unknown>"
    return "[" + ",".join("?" if d is None else str(d) for d in shape) + "]"


def invalid(message):
    return errors.InvalidArgumentError(None, None, message)


def shape_arg(value) -> Shape:
    """The partial shape an element_shape input holds: -1 (a scalar) is unknown rank, -1 dims unknown."""
    array = np.asarray(value)
    if array.ndim == 0:
        if int(array) != -1:
            raise invalid("The only valid scalar shape tensor is the fully unknown shape specified as -1.")
        return None
    if array.ndim != 1:
        raise invalid(f"Shape must be a vector; got shape {list(array.shape)}")
    dims = [int(d) for d in array]
    if any(d < -1 for d in dims):
        raise invalid(f"Dimension {min(dims)} must be >= -1")
    return tuple(None if d == -1 else d for d in dims)


def merge(a: Shape, b: Shape) -> Shape:
    """The most specific shape compatible with both; None when they conflict (the callers say how)."""
    if a is None:
        return b
    if b is None:
        return a
    if len(a) != len(b) or any(x is not None and y is not None and x != y for x, y in zip(a, b)):
        raise ValueError("incompatible")
    return tuple(x if x is not None else y for x, y in zip(a, b))


def compatible(a: Shape, b: Shape) -> bool:
    try:
        merge(a, b)
    except ValueError:
        return False
    return True


def fully_defined(shape: Shape) -> bool:
    return shape is not None and all(d is not None for d in shape)


def merged_or_error(a: Shape, b: Shape, message: str) -> Shape:
    try:
        return merge(a, b)
    except ValueError:
        raise invalid(message) from None


# TF's messages for an element shape not known where a kernel must make zeros for unset elements
READ_UNSET = "Trying to read an uninitialized tensor but element_shape is not fully defined: {shape} and no list " \
             "element is set."
STACK_UNSET = "Tried to stack list which only contains uninitialized tensors and has a non-fully-defined " \
              "element_shape: {shape}"
STACK_EMPTY = "Tried to stack elements of an empty list with non-fully-defined element_shape: {shape}"
GATHER_UNSET = "Tried to gather uninitialized tensors from a list with non-fully-defined element_shape: {shape}"
CONCAT_UNSET = "Trying to concat list with only uninitialized tensors but element_shape_except_first_dim is not " \
               "fully defined: {shape}"
CONCAT_EMPTY = "All except the first dimension must be fully defined when concating an empty tensor list. " \
               "element_shape: {shape}"


class TensorListValue:
    """A list of tensors of one dtype whose shapes fit one partial element shape (TF's TensorList)."""

    __slots__ = ("element_dtype", "element_shape", "items", "max_num_elements")

    def __init__(self, element_dtype, element_shape: Shape, items=(), max_num_elements: int = -1):
        self.element_dtype = dtypes.as_dtype(element_dtype).base_dtype
        self.element_shape = element_shape
        self.items = tuple(items)
        self.max_num_elements = max_num_elements

    def __len__(self):
        return len(self.items)

    def __repr__(self):
        return (f"TensorList({type_name(self.element_dtype)}, {shape_str(self.element_shape)}, "
                f"{len(self.items)} elements)")

    def replaced(self, items) -> "TensorListValue":
        """This list with other elements (same dtype, element shape and limit)."""
        return TensorListValue(self.element_dtype, self.element_shape, items, self.max_num_elements)

    # -------------------------------------------------------------- checks TF's kernels make
    def check_dtype(self, dtype, verb="op"):
        dtype = dtypes.as_dtype(dtype).base_dtype
        if dtype != self.element_dtype:
            raise invalid(f"Invalid data types; {verb} elements {type_name(dtype)} but list elements "
                          f"{type_name(self.element_dtype)}")

    def check_index(self, index, verb):
        if not 0 <= index < len(self.items):
            raise invalid(f"Trying to {verb} element {index} in a list with {len(self.items)} elements.")

    def known_shape(self, requested: Shape, message: str) -> Tuple[int, ...]:
        """The one full element shape: `requested`, the list's own and its set elements', merged; else
        InvalidArgumentError with `message` (TF's text for the op, `{shape}` the partial shape)."""
        shape = merged_or_error(self.element_shape, requested,
                                f"Incompatible shapes during merge: {shape_str(self.element_shape)} vs. "
                                f"{shape_str(requested)}")
        for item in self.items:
            if fully_defined(shape):
                break
            if item is not None:
                shape = merged_or_error(shape, tuple(item.shape),
                                        f"Incompatible shapes during merge: {shape_str(shape)} vs. "
                                        f"{shape_str(tuple(item.shape))}")
        if not fully_defined(shape):
            raise invalid(message.format(shape=shape_str(shape)))
        return tuple(shape)

    def element(self, index, requested: Shape = None, message: str = READ_UNSET):
        """Element `index`: its array, or zeros of the known element shape when it is uninitialized."""
        item = self.items[index]
        if item is not None:
            return item
        shape = self.known_shape(requested, message)
        return np.zeros(shape, self.element_dtype.as_numpy_dtype)

    def check_item(self, item, message):
        if not compatible(self.element_shape, tuple(np.shape(item))):
            raise invalid(f"{message} Item element shape: {shape_str(tuple(np.shape(item)))} list shape: "
                          f"{shape_str(self.element_shape)}")

    # -------------------------------------------------------------- TF's variant ops on lists
    def zeros_like(self) -> "TensorListValue":
        """TF's ZerosLike of a list: zeros for each set element, unset ones stay unset."""
        return self.replaced(None if t is None else np.zeros_like(t) for t in self.items)

    def __add__(self, other: "TensorListValue") -> "TensorListValue":
        """TF's AddN of lists (gradient aggregation): elementwise sums, an unset element adding nothing."""
        if not isinstance(other, TensorListValue):
            return NotImplemented
        if other.element_dtype != self.element_dtype:
            raise invalid(f"Trying to add two lists of tensors of different dtypes. One is "
                          f"{type_name(self.element_dtype)} and the other is {type_name(other.element_dtype)}")
        if len(other) != len(self):
            raise invalid(f"Trying to add two lists of tensors with different lengths. One is {len(self)} and "
                          f"the other is {len(other)}")
        shape = merged_or_error(self.element_shape, other.element_shape,
                                f"Trying to add two lists of tensors with incompatible element shapes. One is "
                                f"{shape_str(self.element_shape)} and the other is {shape_str(other.element_shape)}")
        items = []
        for a, b in zip(self.items, other.items):
            if a is None or b is None:
                items.append(b if a is None else a)
            elif a.shape != b.shape:
                raise invalid(f"Trying to add two tensors with incompatible element shapes. One is "
                              f"{shape_str(a.shape)} and the other is {shape_str(b.shape)}")
            else:
                items.append(a + b)
        return TensorListValue(self.element_dtype, shape, items, self.max_num_elements)

    __radd__ = __add__


def as_list(value, op_name="input_handle") -> TensorListValue:
    """The TensorListValue a variant input holds (a 0-d object array is unwrapped)."""
    if isinstance(value, np.ndarray) and value.dtype == object and value.ndim == 0:
        value = value.item()
    if not isinstance(value, TensorListValue):
        raise invalid(f"Input {op_name} is not a TensorList: got {type(value).__name__}")
    return value


def stacked(values, dtype, leading: Tuple[int, ...]):
    """`values` (arrays of one shape) stacked; an empty stack takes shape `leading`."""
    if not values:
        return np.zeros(leading, dtypes.as_dtype(dtype).as_numpy_dtype)
    return np.stack(values)
