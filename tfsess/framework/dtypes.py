"""DType objects and their NumPy conversions (tf.DType, tf.as_dtype)."""
from __future__ import annotations

import numpy as np

# TF's DataType enum values; refs are value + 100.
_ENUMS = {
    "float32": 1, "float64": 2, "int32": 3, "uint8": 4, "int16": 5, "int8": 6, "string": 7,
    "complex64": 8, "int64": 9, "bool": 10, "uint16": 17, "complex128": 18, "float16": 19,
    "uint32": 22, "uint64": 23, "resource": 20, "variant": 21,
}
_NUMPY = {
    "float16": np.float16, "float32": np.float32, "float64": np.float64,
    "int8": np.int8, "int16": np.int16, "int32": np.int32, "int64": np.int64,
    "uint8": np.uint8, "uint16": np.uint16, "uint32": np.uint32, "uint64": np.uint64,
    "bool": np.bool_, "string": np.object_, "complex64": np.complex64, "complex128": np.complex128,
    "resource": np.object_, "variant": np.object_,
}


class DType:
    """A tensor element type, as tf.DType. Compare with ==; refs have `_ref` names."""

    __slots__ = ("_name", "_ref")

    def __init__(self, name: str, ref: bool = False):
        self._name = name
        self._ref = ref

    @property
    def name(self) -> str:
        return self._name + ("_ref" if self._ref else "")

    @property
    def base_dtype(self) -> "DType":
        return _BY_NAME[self._name] if self._ref else self

    @property
    def real_dtype(self) -> "DType":
        return {"complex64": float32, "complex128": float64}.get(self._name, self.base_dtype)

    @property
    def is_ref_dtype(self) -> bool:
        return self._ref

    def _as_ref(self) -> "DType":
        return _REFS[self._name]

    @property
    def as_numpy_dtype(self):
        return _NUMPY[self._name]

    @property
    def as_datatype_enum(self) -> int:
        return _ENUMS[self._name] + (100 if self._ref else 0)

    @property
    def is_floating(self) -> bool:
        return self._name in ("float16", "float32", "float64")

    @property
    def is_integer(self) -> bool:
        return self._name.startswith(("int", "uint"))

    @property
    def is_unsigned(self) -> bool:
        return self._name.startswith("uint") or self._name == "bool"

    @property
    def is_complex(self) -> bool:
        return self._name.startswith("complex")

    @property
    def is_bool(self) -> bool:
        return self._name == "bool"

    @property
    def is_numpy_compatible(self) -> bool:
        return self._name not in ("resource", "variant")

    @property
    def size(self) -> int:
        return np.dtype(self.as_numpy_dtype).itemsize

    @property
    def min(self):
        return _limits(self._name).min

    @property
    def max(self):
        return _limits(self._name).max

    def is_compatible_with(self, other) -> bool:
        return as_dtype(other).base_dtype == self.base_dtype

    def __eq__(self, other):
        if other is None:
            return False
        try:
            other = as_dtype(other)
        except TypeError:
            return False
        return self._name == other._name and self._ref == other._ref

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash((self._name, self._ref))

    def __repr__(self):
        return f"tf.{self.name}"

    def __str__(self):
        return f"<dtype: '{self.name}'>"

    def __reduce__(self):
        return as_dtype, (self.name,)


def _limits(name):
    if name == "bool":
        return type("B", (), {"min": False, "max": True})
    np_type = _NUMPY[name]
    return np.finfo(np_type) if np.issubdtype(np_type, np.inexact) else np.iinfo(np_type)


_BY_NAME = {name: DType(name) for name in _NUMPY}
_REFS = {name: DType(name, ref=True) for name in _NUMPY}

float16 = half = _BY_NAME["float16"]
float32 = _BY_NAME["float32"]
float64 = double = _BY_NAME["float64"]
int8, int16, int32, int64 = (_BY_NAME[n] for n in ("int8", "int16", "int32", "int64"))
uint8, uint16, uint32, uint64 = (_BY_NAME[n] for n in ("uint8", "uint16", "uint32", "uint64"))
bool = _BY_NAME["bool"]  # noqa: A001 - TF's public name
string = _BY_NAME["string"]
complex64, complex128 = _BY_NAME["complex64"], _BY_NAME["complex128"]
resource, variant = _BY_NAME["resource"], _BY_NAME["variant"]

# TF1's ref dtypes (float32_ref, ...), public names as in tf.compat.v1
float16_ref, float32_ref, float64_ref = (_REFS[n] for n in ("float16", "float32", "float64"))
int8_ref, int16_ref, int32_ref, int64_ref = (_REFS[n] for n in ("int8", "int16", "int32", "int64"))
uint8_ref, bool_ref, string_ref = _REFS["uint8"], _REFS["bool"], _REFS["string"]
complex64_ref, complex128_ref = _REFS["complex64"], _REFS["complex128"]

_FROM_NUMPY = {np.dtype(t): _BY_NAME[n] for n, t in _NUMPY.items() if t is not np.object_}
_FROM_ENUM = {v: _BY_NAME[k] for k, v in _ENUMS.items()}
_FROM_ENUM.update({v + 100: _REFS[k] for k, v in _ENUMS.items()})


def as_dtype(type_value) -> DType:
    """Converts a DType, NumPy dtype, Python type, name or enum into a DType.

    Raises:
        TypeError: if `type_value` names no known dtype.
    """
    if isinstance(type_value, DType):
        return type_value
    if isinstance(type_value, str):
        ref = type_value.endswith("_ref")
        name = type_value[:-4] if ref else type_value
        name = {"half": "float16", "double": "float64", "float": "float32"}.get(name, name)
        if name in _BY_NAME:
            return _REFS[name] if ref else _BY_NAME[name]
    elif isinstance(type_value, int) and type_value in _FROM_ENUM and not isinstance(type_value, type(True)):
        return _FROM_ENUM[type_value]
    elif type_value in (str, bytes):
        return string
    elif type_value is float:
        return float32
    elif type_value is int:
        return int32
    elif type_value is type(True):
        return bool
    else:
        try:
            np_dtype = np.dtype(type_value)
        except TypeError:
            np_dtype = None
        if np_dtype is not None:
            if np_dtype.kind in "SUO":
                return string
            if np_dtype in _FROM_NUMPY:
                return _FROM_NUMPY[np_dtype]
    raise TypeError(f"Cannot convert value {type_value!r} to a TensorFlow DType.")


def infer_dtype(value) -> DType:
    """The dtype TF gives a Python or NumPy value converted with no dtype asked for."""
    if isinstance(value, np.ndarray) or isinstance(value, np.generic):
        arr = np.asarray(value)
        if arr.dtype.kind in "SUO":
            return string
        return as_dtype(arr.dtype)
    arr = np.asarray(value)
    kind = arr.dtype.kind
    if kind in "SUO":
        return string
    if kind == "f":
        return float32
    if kind in "iu":
        # TF picks int32 unless a value does not fit.
        if arr.size and (arr.max() > 2**31 - 1 or arr.min() < -(2**31)):
            return int64
        return int32
    if kind == "c":
        return complex128
    return as_dtype(arr.dtype)
