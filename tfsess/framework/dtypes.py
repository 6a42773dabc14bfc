"""DType objects and their NumPy conversions (tf.DType, tf.as_dtype).

bfloat16 and the tf.dtypes.experimental types (float8_*, int4/uint4, int2/uint2, float4_e2m1fn) are
NumPy dtypes from the optional `ml_dtypes` package: their DTypes always exist, and ml_dtypes is
imported only when one of them needs its NumPy type (a tensor of it is made, fed or fetched).
Quantized types (qint8, quint8, qint16, quint16, qint32) are, as in TF, one-field structured NumPy
dtypes such as [('qint8', 'i1')]; a kernel holds their values as the plain integer type.
"""
from __future__ import annotations

import numpy as np

# TF's DataType enum values; refs are value + 100.
_ENUMS = {
    "float32": 1, "float64": 2, "int32": 3, "uint8": 4, "int16": 5, "int8": 6, "string": 7,
    "complex64": 8, "int64": 9, "bool": 10, "qint8": 11, "quint8": 12, "qint32": 13, "bfloat16": 14,
    "qint16": 15, "quint16": 16, "uint16": 17, "complex128": 18, "float16": 19, "resource": 20,
    "variant": 21, "uint32": 22, "uint64": 23, "float8_e5m2": 24, "float8_e4m3fn": 25, "float8_e4m3fnuz": 26,
    "float8_e4m3b11fnuz": 27, "float8_e5m2fnuz": 28, "int4": 29, "uint4": 30, "int2": 31, "uint2": 32,
    "float4_e2m1fn": 33,
}
_NUMPY = {
    "float16": np.float16, "float32": np.float32, "float64": np.float64,
    "int8": np.int8, "int16": np.int16, "int32": np.int32, "int64": np.int64,
    "uint8": np.uint8, "uint16": np.uint16, "uint32": np.uint32, "uint64": np.uint64,
    "bool": np.bool_, "string": np.object_, "complex64": np.complex64, "complex128": np.complex128,
    "resource": np.object_, "variant": np.object_,
}
# quantized types: TF's structured NumPy dtype of one field, and the integer type its values have
QUANTIZED_STORAGE = {"qint8": np.int8, "quint8": np.uint8, "qint16": np.int16, "quint16": np.uint16,
                     "qint32": np.int32}
_NUMPY.update({name: np.dtype([(name, storage)]) for name, storage in QUANTIZED_STORAGE.items()})
# types whose NumPy form is ml_dtypes' (all one byte but bfloat16)
_ML_FLOATS = ("bfloat16", "float8_e5m2", "float8_e4m3fn", "float8_e4m3fnuz", "float8_e4m3b11fnuz",
              "float8_e5m2fnuz", "float4_e2m1fn")
_ML_INTS = ("int4", "uint4", "int2", "uint2")
_ML_DTYPES = _ML_FLOATS + _ML_INTS
_FLOATS = ("float16", "float32", "float64") + _ML_FLOATS


def ml_dtypes_module():
    """The `ml_dtypes` package; ImportError naming it (and the extra that installs it) when it is missing."""
    try:
        import ml_dtypes  # optional dependency: ml_dtypes (bfloat16, float8, int4 NumPy types)
    except ImportError as exc:
        raise ImportError("bfloat16, float8, int4/uint4, int2/uint2 and float4 tensors need the `ml_dtypes` "
                          "package: pip install ml_dtypes (or tfsess[bfloat16])") from exc
    return ml_dtypes


def _numpy_type(name):
    if name in _ML_DTYPES:
        return getattr(ml_dtypes_module(), name)
    return _NUMPY[name]


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
        """The NumPy type (ml_dtypes' for bfloat16 and the experimental types; a structured dtype for
        quantized types). Raises ImportError for an ml_dtypes type when ml_dtypes is not installed."""
        return _numpy_type(self._name)

    @property
    def as_datatype_enum(self) -> int:
        return _ENUMS[self._name] + (100 if self._ref else 0)

    @property
    def is_floating(self) -> bool:
        return self._name in _FLOATS

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
    def is_quantized(self) -> bool:
        return self._name in QUANTIZED_STORAGE

    @property
    def is_numpy_compatible(self) -> bool:
        return self._name not in ("resource", "variant")

    @property
    def size(self) -> int:
        if self._name in _ML_DTYPES:
            return 2 if self._name == "bfloat16" else 1
        return np.dtype(self.as_numpy_dtype).itemsize

    @property
    def min(self):
        return self._limit("min")

    @property
    def max(self):
        return self._limit("max")

    def _limit(self, which):
        if self.is_quantized or not self.is_numpy_compatible or self._name == "string":
            word = "minimum" if which == "min" else "maximum"
            raise TypeError(f"Cannot find {word} value of {self} with quantized type {self}."
                            if self.is_quantized else f"Cannot find {word} value of {self}.")
        return getattr(_limits(self._name), which)

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
    np_type = _numpy_type(name)
    if name in _ML_FLOATS:
        return ml_dtypes_module().finfo(np_type)
    if name in _ML_INTS:
        return ml_dtypes_module().iinfo(np_type)
    return np.finfo(np_type) if np.issubdtype(np_type, np.inexact) else np.iinfo(np_type)


_BY_NAME = {name: DType(name) for name in _ENUMS}
_REFS = {name: DType(name, ref=True) for name in _ENUMS}

float16 = half = _BY_NAME["float16"]
float32 = _BY_NAME["float32"]
float64 = double = _BY_NAME["float64"]
bfloat16 = _BY_NAME["bfloat16"]
int8, int16, int32, int64 = (_BY_NAME[n] for n in ("int8", "int16", "int32", "int64"))
uint8, uint16, uint32, uint64 = (_BY_NAME[n] for n in ("uint8", "uint16", "uint32", "uint64"))
bool = _BY_NAME["bool"]  # noqa: A001 - TF's public name
string = _BY_NAME["string"]
complex64, complex128 = _BY_NAME["complex64"], _BY_NAME["complex128"]
resource, variant = _BY_NAME["resource"], _BY_NAME["variant"]
qint8, quint8, qint16, quint16, qint32 = (_BY_NAME[n] for n in QUANTIZED_STORAGE)
# tf.dtypes.experimental
float8_e5m2, float8_e4m3fn, float8_e4m3fnuz, float8_e4m3b11fnuz, float8_e5m2fnuz, float4_e2m1fn = (
    _BY_NAME[n] for n in ("float8_e5m2", "float8_e4m3fn", "float8_e4m3fnuz", "float8_e4m3b11fnuz",
                          "float8_e5m2fnuz", "float4_e2m1fn"))
int4, uint4, int2, uint2 = (_BY_NAME[n] for n in _ML_INTS)

# TF1's ref dtypes (float32_ref, ...), public names as in tf.compat.v1
float16_ref, float32_ref, float64_ref = (_REFS[n] for n in ("float16", "float32", "float64"))
int8_ref, int16_ref, int32_ref, int64_ref = (_REFS[n] for n in ("int8", "int16", "int32", "int64"))
uint8_ref, bool_ref, string_ref = _REFS["uint8"], _REFS["bool"], _REFS["string"]
complex64_ref, complex128_ref = _REFS["complex64"], _REFS["complex128"]
bfloat16_ref = _REFS["bfloat16"]
qint8_ref, quint8_ref, qint16_ref, quint16_ref, qint32_ref = (_REFS[n] for n in QUANTIZED_STORAGE)

QUANTIZED_DTYPES = frozenset([qint8, quint8, qint16, quint16, qint32, qint8_ref, quint8_ref, qint16_ref,
                              quint16_ref, qint32_ref])

_FROM_NUMPY = {np.dtype(t): _BY_NAME[n] for n, t in _NUMPY.items() if t is not np.object_}
_FROM_ENUM = {v: _BY_NAME[k] for k, v in _ENUMS.items()}
_FROM_ENUM.update({v + 100: _REFS[k] for k, v in _ENUMS.items()})


def as_dtype(type_value) -> DType:
    """Converts a DType, NumPy dtype (ml_dtypes' included), Python type, name or enum into a DType.

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
            if np_dtype.type.__module__ == "ml_dtypes" and np_dtype.type.__name__ in _ML_DTYPES:
                return _BY_NAME[np_dtype.type.__name__]
    raise TypeError(f"Cannot convert value {type_value!r} to a TensorFlow DType.")


def storage_numpy_type(dtype: DType):
    """The NumPy type a kernel holds `dtype`'s values in: the integer type of a quantized dtype,
    else as_numpy_dtype."""
    return QUANTIZED_STORAGE.get(dtype.base_dtype._name) or dtype.as_numpy_dtype


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


def datatype_enum_name(dtype_name: str) -> str:
    """TF's DataType enum name of a dtype name ("float32" -> "DT_FLOAT", as TF's messages write it);
    an unknown name as given."""
    from tfsess.framework.config_pb import DataType  # the enum's names; config_pb never imports dtypes
    try:
        return DataType.Name(as_dtype(dtype_name).as_datatype_enum)
    except (TypeError, ValueError, KeyError):
        return dtype_name
