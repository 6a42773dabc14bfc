"""TensorShape and Dimension with unknown dims (TF1 behaviour: shape[i] is a Dimension).

After tf.enable_v2_tensorshape(), indexing and iterating a shape give ints and None, and shapes print
their unknown dims as None, as TF2's do. tfsess's own modules are written against TF1's Dimensions and
keep them in either mode: a shape answers in v2 style only to callers outside the tfsess package.
"""
from __future__ import annotations

import sys

_V2_TENSORSHAPE = [False]  # tf.enable_v2_tensorshape / disable_v2_tensorshape


def enable_v2_tensorshape():
    """Makes `shape[i]` and iterating a shape give ints or None, and shapes print None for unknown dims
    (tf.enable_v2_tensorshape)."""
    _V2_TENSORSHAPE[0] = True


def disable_v2_tensorshape():
    """Back to TF1 shapes, the default: `shape[i]` is a Dimension (tf.disable_v2_tensorshape)."""
    _V2_TENSORSHAPE[0] = False


def v2_tensorshape_enabled() -> bool:
    """Whether tf.enable_v2_tensorshape() is in effect (messages that print dims as TF does follow it)."""
    return _V2_TENSORSHAPE[0]


def _v2_for_caller() -> bool:
    """Whether the code indexing or iterating a shape gets TF2's values: v2 shapes are on and the caller is
    not a tfsess module (those keep TF1's Dimensions, which they are written against)."""
    if not _V2_TENSORSHAPE[0]:
        return False
    caller = sys._getframe(2).f_globals.get("__name__", "")
    return not (caller == "tfsess" or caller.startswith("tfsess."))


class Dimension:
    """One dimension of a shape; `value` is an int or None when unknown."""

    __slots__ = ("_value",)

    def __init__(self, value):
        if isinstance(value, Dimension):
            value = value.value
        if value is not None:
            if hasattr(value, "__index__"):
                value = value.__index__()
            else:
                raise TypeError(f"Dimension value must be integer or None, got {value!r}")
            if value < 0:
                raise ValueError(f"Dimension {value} must be >= 0")
        self._value = value

    @property
    def value(self):
        return self._value

    def is_compatible_with(self, other) -> bool:
        other = as_dimension(other)
        return self._value is None or other.value is None or self._value == other.value

    def merge_with(self, other) -> "Dimension":
        other = as_dimension(other)
        if not self.is_compatible_with(other):
            raise ValueError(f"Dimensions {self} and {other} are not compatible")
        return Dimension(self._value if self._value is not None else other.value)

    def __eq__(self, other):
        try:
            other = as_dimension(other)
        except (TypeError, ValueError):
            return NotImplemented
        if self._value is None or other.value is None:
            return None
        return self._value == other.value

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is None or eq is NotImplemented else not eq

    def __hash__(self):
        return hash(self._value)

    def __int__(self):
        if self._value is None:
            raise TypeError("Cannot convert an unknown Dimension to int")
        return self._value

    __index__ = __int__

    def _arith(self, other, fn):
        other = as_dimension(other)
        if self._value is None or other.value is None:
            return Dimension(None)
        return Dimension(fn(self._value, other.value))

    def __add__(self, other):
        return self._arith(other, lambda a, b: a + b)

    __radd__ = __add__

    def __mul__(self, other):
        return self._arith(other, lambda a, b: a * b)

    __rmul__ = __mul__

    def __sub__(self, other):
        return self._arith(other, lambda a, b: a - b)

    def __floordiv__(self, other):
        return self._arith(other, lambda a, b: a // b)

    def __repr__(self):
        return f"Dimension({self._value})"

    def __str__(self):
        return "?" if self._value is None else str(self._value)


def as_dimension(value) -> Dimension:
    return value if isinstance(value, Dimension) else Dimension(value)


def dimension_value(dim):
    return dim.value if isinstance(dim, Dimension) else dim


class TensorShape:
    """A possibly partial shape: unknown rank (dims None) or a list of Dimensions."""

    __slots__ = ("_dims",)

    def __init__(self, dims):
        if dims is None:
            self._dims = None
        elif isinstance(dims, TensorShape):
            self._dims = dims._dims
        else:
            try:
                items = list(dims)
            except TypeError:
                items = [dims]  # a single int means rank 1
            self._dims = tuple(as_dimension(d) for d in items)

    @property
    def dims(self):
        return None if self._dims is None else list(self._dims)

    @property
    def ndims(self):
        return None if self._dims is None else len(self._dims)

    rank = ndims

    def as_list(self):
        if self._dims is None:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return [d.value for d in self._dims]

    def as_tuple_or_none(self):
        """The dims as a tuple of int/None, or None for unknown rank (internal fast path)."""
        return None if self._dims is None else tuple(d.value for d in self._dims)

    def is_fully_defined(self) -> bool:
        return self._dims is not None and all(d.value is not None for d in self._dims)

    def assert_is_fully_defined(self):
        if not self.is_fully_defined():
            raise ValueError(f"Shape {self} is not fully defined")

    def num_elements(self):
        if not self.is_fully_defined():
            return None
        n = 1
        for d in self._dims:
            n *= d.value
        return n

    def is_compatible_with(self, other) -> bool:
        other = as_shape(other)
        if self._dims is None or other._dims is None:
            return True
        if len(self._dims) != len(other._dims):
            return False
        return all(a.is_compatible_with(b) for a, b in zip(self._dims, other._dims))

    def assert_is_compatible_with(self, other):
        if not self.is_compatible_with(other):
            raise ValueError(f"Shapes {self} and {as_shape(other)} are incompatible")

    def merge_with(self, other) -> "TensorShape":
        other = as_shape(other)
        if self._dims is None:
            return other
        if other._dims is None:
            return self
        if len(self._dims) != len(other._dims) or not self.is_compatible_with(other):
            raise ValueError(f"Shapes {self} and {other} are not compatible")
        return TensorShape([a.merge_with(b) for a, b in zip(self._dims, other._dims)])

    def assert_same_rank(self, other):
        other = as_shape(other)
        if self.ndims is not None and other.ndims is not None and self.ndims != other.ndims:
            raise ValueError(f"Shapes {self} and {other} must have the same rank")

    def with_rank(self, rank) -> "TensorShape":
        if self._dims is None:
            return unknown_shape(rank)
        if len(self._dims) != rank:
            raise ValueError(f"Shape {self} must have rank {rank}")
        return self

    def with_rank_at_least(self, rank) -> "TensorShape":
        if self._dims is not None and len(self._dims) < rank:
            raise ValueError(f"Shape {self} must have rank at least {rank}")
        return self

    def concatenate(self, other) -> "TensorShape":
        other = as_shape(other)
        if self._dims is None or other._dims is None:
            return TensorShape(None)
        return TensorShape(self._dims + other._dims)

    def most_specific_compatible_shape(self, other) -> "TensorShape":
        other = as_shape(other)
        if self._dims is None or other._dims is None or len(self._dims) != len(other._dims):
            return TensorShape(None)
        return TensorShape([a.value if a.value == b.value else None for a, b in zip(self._dims, other._dims)])

    def __len__(self):
        if self._dims is None:
            raise ValueError("Cannot take the length of shape with unknown rank.")
        return len(self._dims)

    def __iter__(self):
        if self._dims is None:
            raise ValueError("Cannot iterate over a shape with unknown rank.")
        if _V2_TENSORSHAPE[0] and _v2_for_caller():  # the flag first: no call in TF1 mode
            return iter([d.value for d in self._dims])
        return iter(self._dims)

    def __getitem__(self, key):
        if isinstance(key, slice):
            return TensorShape(None) if self._dims is None else TensorShape(self._dims[key])
        if _V2_TENSORSHAPE[0] and _v2_for_caller():  # the flag first: no call in TF1 mode
            return None if self._dims is None else self._dims[key].value
        return Dimension(None) if self._dims is None else self._dims[key]

    def __bool__(self):
        return self._dims is not None

    def __eq__(self, other):
        try:
            other = as_shape(other)
        except (TypeError, ValueError):
            return NotImplemented
        return self.as_tuple_or_none() == other.as_tuple_or_none()

    def __ne__(self, other):
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self):
        return hash(self.as_tuple_or_none())

    def __repr__(self):
        if self._dims is None:
            return "TensorShape(None)"
        if _V2_TENSORSHAPE[0]:
            return f"TensorShape({[d.value for d in self._dims]!r})"
        return f"TensorShape({[d for d in self._dims]!r})"

    def __str__(self):
        if self._dims is None:
            return "<unknown>"
        dims = [d.value for d in self._dims] if _V2_TENSORSHAPE[0] else self._dims  # v2 prints None, v1 "?"
        if len(dims) == 1:
            return f"({dims[0]},)"
        return "(" + ", ".join(str(d) for d in dims) + ")"


def as_shape(shape) -> TensorShape:
    return shape if isinstance(shape, TensorShape) else TensorShape(shape)


def unknown_shape(rank=None) -> TensorShape:
    return TensorShape(None if rank is None else [None] * rank)


def scalar() -> TensorShape:
    return TensorShape([])
