"""The Cast kernel's rules for bfloat16, float8, int4/uint4 and the other ml_dtypes types, and for floats
to the narrow integer types, as TF's CPU kernels compute them.

TF converts to and from bfloat16 through float32: a double is first narrowed to float (on TF's
threads, which flush denormals to zero), then rounded to nearest-even; integers become float first.
From bfloat16 to an integer type TF's kernel truncates through float: its vectorised loop, which
covers whole packets of 8 elements, truncates to int32 (NaN and values out of range give INT32_MIN)
and then saturates to int8/int16/uint8/uint16 or reinterprets as uint32; the scalar loop over the last
n % 8 elements truncates to int32 (to int64 for uint32) and keeps the low bits. 64-bit types truncate
to int64 the same way everywhere. float8_e5m2 and float8_e4m3fn cast to and from the float
types; int4 and uint4 to and from the integer types (wrapping); every other pair with one of these
types has no kernel in TF and fails with UnimplementedError.

From half, float and double to the narrow integer types TF's kernel has the same two loops, with
other packet lengths: to int8/uint8/int16/uint16 the vector loop truncates to int32 and saturates
over whole packets of 32 elements from float and 16 from half and double (to uint8 from these two
through uint16 read as int16: 32768 and more give 0), and the scalar tail keeps the low bits; to uint32 packets of 8 elements keep values in (-2**31 - 1, 2**32) modulo 2**32 and give
2**31 for the rest (NaN too), the tail truncates through int64; to uint64 every element keeps values
in (-2**63 - 1, 2**64) modulo 2**64 and gives 2**63 for the rest.
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
_HOST_FLOATS = frozenset(["float16", "float32", "float64"])
_NARROW_PACKET = {"float32": 32, "float16": 16, "float64": 16}  # lanes per saturating packet to 8/16-bit types
_FLOAT_TO_INT_RULES = frozenset(["int8", "uint8", "int16", "uint16", "uint32", "uint64"])


def needs_rules(src: dtypes.DType, dst: dtypes.DType) -> bool:
    """Whether a Cast from `src` to `dst` goes through cast_array rather than a plain NumPy astype."""
    src_name, dst_name = src.base_dtype.name, dst.base_dtype.name
    return (src_name in _ML or dst_name in _ML or src.is_quantized or dst.is_quantized
            or (src_name in _HOST_FLOATS and dst_name in _FLOAT_TO_INT_RULES))


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


def _in_range(values: np.ndarray, dst: str) -> bool:
    """Whether every value truncates into `dst` (then every loop of TF's kernel agrees with astype)."""
    if values.size == 0:
        return True
    info = np.iinfo(dst)
    with np.errstate(invalid="ignore"):
        low, high = np.min(values), np.max(values)
    return bool(np.isfinite(low) and np.isfinite(high) and low > info.min - 1.0 and high < info.max + 1.0)


def _modulo_cast(values: np.ndarray, dst: str, low: float, high: float, invalid: int) -> np.ndarray:
    """Values in (low, high) truncated modulo 2**bits of unsigned `dst`; NaN and the rest become `invalid`."""
    wide = values.astype(np.float64)
    with np.errstate(invalid="ignore"):
        valid = np.isfinite(wide) & (wide > low) & (wide < high)
    out = np.full(values.shape, invalid, dtype=np.uint64)
    kept = np.trunc(wide[valid])
    negative = kept < 0
    out[valid] = np.where(negative, np.where(negative, kept, 0).astype(np.int64).view(np.uint64),
                          np.where(negative, 0, kept).astype(np.uint64))
    return out.astype(dst)


def _float_to_int(x: np.ndarray, src: str, dst: str) -> np.ndarray:
    if _in_range(x, dst):
        return x.astype(dst)
    if dst == "uint64":
        return _modulo_cast(x, dst, -2.0 ** 63 - 1, 2.0 ** 64, 2 ** 63)
    flat = x.reshape(-1)
    packet = _PACKET if dst == "uint32" else _NARROW_PACKET[src]
    vector = flat.size - flat.size % packet
    head, tail = flat[:vector], flat[vector:]
    if dst == "uint32":
        head = _modulo_cast(head, dst, -2.0 ** 31 - 1, 2.0 ** 32, 2 ** 31)
        tail = _truncate(tail, np.int64).astype(np.uint32)  # the scalar loop keeps the low bits
    else:
        info = np.iinfo(dst)
        head = _truncate(head, np.int32)
        if dst == "uint8" and src != "float32":
            head = np.clip(head, 0, 65535).astype(np.uint16).view(np.int16)  # packed to uint16, then read signed
        head = np.clip(head, info.min, info.max).astype(dst)  # the saturating packs
        tail = _truncate(tail, np.int32).astype(dst)
    return np.concatenate([head, tail]).reshape(x.shape)


def cast_array(x: np.ndarray, src: dtypes.DType, dst: dtypes.DType) -> np.ndarray:
    """x (of `src`) as `dst`, as TF's Cast kernel computes it for the ml_dtypes types.

    Raises:
      UnimplementedError: TF has no Cast kernel for the pair (quantized types, int2, float4, ...).
    """
    src_name, dst_name = src.base_dtype.name, dst.base_dtype.name
    if src_name in _HOST_FLOATS and dst_name in _FLOAT_TO_INT_RULES:
        return _float_to_int(np.asarray(x), src_name, dst_name)
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
