"""The Cast kernel's rules for bfloat16, float8, int4/uint4 and the other ml_dtypes types, as TF's CPU
kernels compute them.

TF converts to and from bfloat16 through float32: a double is first narrowed to float (on TF's
threads, which flush denormals to zero), then rounded to nearest-even; integers become float first.
From bfloat16 to an integer type TF's kernel truncates through float: its vectorised loop, which
covers whole packets of 8 elements, truncates to int32 (NaN and values out of range give INT32_MIN)
and then saturates to int8/int16/uint8/uint16 or reinterprets as uint32; the scalar loop over the last
n % 8 elements truncates to int32 (to int64 for uint32) and keeps the low bits. 64-bit types truncate
to int64 the same way everywhere. float8_e5m2 and float8_e4m3fn cast to and from the float
types; int4 and uint4 to and from the integer types (wrapping); every other pair with one of these
types has no kernel in TF and fails with UnimplementedError.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors

_ML = frozenset(dtypes._ML_DTYPES)
_FLOAT8 = frozenset(["float8_e5m2", "float8_e4m3fn"])
_INT4 = frozenset(["int4", "uint4"])
_PLAIN_FLOATS = frozenset(["float16", "float32", "float64", "bfloat16"])
_PLAIN_INTS = frozenset(["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"])
_C_NAMES = {"float32": "float", "float64": "double", "float16": "half"}  # TF's DataTypeString
_TINY32 = np.float32(np.finfo(np.float32).tiny)
_PACKET = 8  # float lanes of TF's vectorised cast loop


def needs_rules(src: dtypes.DType, dst: dtypes.DType) -> bool:
    """Whether a Cast from `src` to `dst` goes through cast_array rather than a plain NumPy astype."""
    return src.base_dtype.name in _ML or dst.base_dtype.name in _ML or src.is_quantized or dst.is_quantized


def _supported(src: str, dst: str) -> bool:
    if src == dst:
        return True
    if "bfloat16" in (src, dst):
        other = dst if src == "bfloat16" else src
        return other in _PLAIN_FLOATS | _PLAIN_INTS | _FLOAT8 | {"bool", "complex64", "complex128"}
    if src in _FLOAT8 or dst in _FLOAT8:
        return src in _FLOAT8 | _PLAIN_FLOATS and dst in _FLOAT8 | _PLAIN_FLOATS
    if src in _INT4 or dst in _INT4:
        return src in _INT4 | _PLAIN_INTS and dst in _INT4 | _PLAIN_INTS
    return False


def _float32(x: np.ndarray) -> np.ndarray:
    """x as float32 the way TF's conversions to bfloat16 narrow it (a double's float32 denormals flushed)."""
    if x.dtype.kind == "c":
        x = x.real  # TF discards the imaginary part
    if x.dtype == np.float64:
        with np.errstate(over="ignore"):
            narrowed = x.astype(np.float32)
        return np.where(np.abs(narrowed) < _TINY32, np.copysign(np.float32(0), narrowed), narrowed)
    return x.astype(np.float32)


def _truncate(values: np.ndarray, int_type) -> np.ndarray:
    """float32 -> int32/int64 as x86's cvtt does: NaN and out-of-range values give the type's minimum."""
    info = np.iinfo(int_type)
    wide = values.astype(np.float64)
    valid = np.isfinite(wide) & (wide > float(info.min) - 1.0) & (wide < float(info.max) + 1.0)
    out = np.full(values.shape, info.min, dtype=int_type)
    out[valid] = np.trunc(wide[valid]).astype(int_type)
    return out


def _bfloat16_to_int(x: np.ndarray, dst: str) -> np.ndarray:
    values = x.astype(np.float32)
    if dst in ("int64", "uint64"):
        return _truncate(values, np.int64).view(dst)
    flat = values.reshape(-1)
    vector = flat.size - flat.size % _PACKET
    head, tail = _truncate(flat[:vector], np.int32), flat[vector:]
    if dst == "uint32":
        head, tail = head.view(np.uint32), _truncate(tail, np.int64).astype(np.uint32)
    else:
        info = np.iinfo(dst)
        head = np.clip(head, info.min, info.max).astype(dst)  # the saturating packs of the vector loop
        tail = _truncate(tail, np.int32).astype(dst)  # the scalar loop keeps the low bits
    return np.concatenate([head, tail]).reshape(values.shape)


def cast_array(x: np.ndarray, src: dtypes.DType, dst: dtypes.DType) -> np.ndarray:
    """x (of `src`) as `dst`, as TF's Cast kernel computes it for the ml_dtypes types.

    Raises:
      UnimplementedError: TF has no Cast kernel for the pair (quantized types, int2, float4, ...).
    """
    src_name, dst_name = src.base_dtype.name, dst.base_dtype.name
    if not _supported(src_name, dst_name):
        raise errors.UnimplementedError(None, None, f"Cast {_C_NAMES.get(src_name, src_name)} to "
                                                    f"{_C_NAMES.get(dst_name, dst_name)} is not supported")
    target = dst.as_numpy_dtype
    if src_name == dst_name:
        return np.array(x, dtype=target)
    if dst_name == "bfloat16":
        return _float32(x).astype(target)
    if src_name == "bfloat16":
        if dst_name in _PLAIN_INTS:
            return _bfloat16_to_int(x, dst_name)
        if dst_name == "bool":
            return x.astype(np.float32) != 0
        return x.astype(np.float32).astype(target)
    if dst_name in _FLOAT8 and src_name in _PLAIN_FLOATS:
        return x.astype(np.float32).astype(target)
    if src_name in _FLOAT8:
        return x.astype(np.float32).astype(target)
    return x.astype(target)  # int4/uint4 with an integer type: NumPy wraps, as TF does
