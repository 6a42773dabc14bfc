"""String ops: string_to_number, as_string, string_join, substr, length, upper/lower, strip (regex: regex_ops.py).

Strings are NumPy object arrays of `bytes`, as the session feeds and fetches them.
"""
from __future__ import annotations

import re

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops._infer import (
    COMPLEX,
    FLOAT,
    INTEGER,
    apply_gen,
    broadcast_shapes,
    check_dtype,
    fmt_shape,
    same_as_input,
)


_STRING = (dtypes.string,)


def _bytes_map(fn, x, otype=object):
    """Applies `fn` to every bytes element of object array `x`, giving an array of `otype`."""
    x = np.asarray(x, dtype=object)
    out = np.empty(x.shape, dtype=otype)
    for idx, v in np.ndenumerate(x):
        out[idx] = fn(v)
    return out


def _as_bytes(v):
    return v if isinstance(v, bytes) else str(v).encode("utf-8")


# ------------------------------------------------------------------ string_to_number
def _string_to_number_infer(inputs, attrs):
    check_dtype(inputs[0], _STRING, "string_tensor")
    return [(attrs["out_type"], inputs[0].shape)]


_INT_RE = re.compile(rb"^\s*[+-]?\d+\s*$")
# strtod's forms Python's float() lacks (hex floats, nan(chars)); float() takes '1_0', strtod does not
_HEX_FLOAT_RE = re.compile(rb"^\s*[+-]?0[xX]([0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)([pP][+-]?\d+)?\s*$")
_NAN_CHARS_RE = re.compile(rb"^\s*[+-]?nan\([0-9a-zA-Z_]*\)\s*$", re.IGNORECASE)


def _parse_float(text):
    if _HEX_FLOAT_RE.match(text):
        return float.fromhex(text.strip().decode("ascii"))
    if _NAN_CHARS_RE.match(text):
        return float("nan")
    if b"_" in text:
        raise ValueError
    return float(text)


def _parse(text, out_type):
    try:
        if out_type.is_integer:
            if not _INT_RE.match(text):
                raise ValueError
            value = int(text)
            if not out_type.min <= value <= out_type.max:
                raise ValueError
            return value
        return _parse_float(text)
    except ValueError:
        raise errors.InvalidArgumentError(
            None, None, f"StringToNumberOp could not correctly convert string: {text.decode('utf-8', 'replace')}"
        ) from None


@register_op("StringToNumber", infer=_string_to_number_infer, no_gradient=True)
def _string_to_number(xp, x, *, out_type):
    values = _bytes_map(lambda v: _parse(_as_bytes(v), out_type), x)
    return np.asarray(values.astype(out_type.as_numpy_dtype) if values.size else
                      np.zeros(values.shape, out_type.as_numpy_dtype))


def string_to_number(string_tensor, out_type=dtypes.float32, name=None):
    """Parses each string as a number of `out_type` (tf.strings.to_number).

    Raises:
        InvalidArgumentError: when run, for a string that is not a number of that type.
    """
    out_type = dtypes.as_dtype(out_type).base_dtype
    if out_type not in (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64):
        raise TypeError(f"Value passed to parameter 'out_type' has DataType {out_type.name} not in list of "
                        "allowed values: float32, float64, int32, int64")
    return apply_gen("StringToNumber", [("string_tensor", string_tensor, dtypes.string)], {"out_type": out_type},
                     name=name)


# ------------------------------------------------------------------ as_string
def _as_string_infer(inputs, attrs):
    check_dtype(inputs[0], FLOAT + INTEGER + COMPLEX + (dtypes.bool, dtypes.string), "input")
    return [(dtypes.string, inputs[0].shape)]


def _printf_format(conversion, precision, width, fill):
    """TF's AsString format: % [fill flag] [width] [.precision] conversion, as printf reads it."""
    width_part = str(width) if width > -1 else ""
    precision_part = f".{precision}" if precision > -1 else ""
    return "%" + fill + width_part + precision_part + conversion


def _formatter(kind, precision, scientific, shortest, width, fill):
    if kind == "b":
        fmt = _printf_format("s", -1, width, "" if fill == "0" else fill)
        return lambda v: (fmt % ("true" if v else "false")).encode()
    if kind in "iu":
        fmt = _printf_format("d", -1, width, fill)
        return lambda v: (fmt % int(v)).encode()
    fmt = _printf_format("g" if shortest else "e" if scientific else "f", precision, width, fill)
    if kind == "c":
        return lambda v: ("(" + fmt % v.real + "," + fmt % v.imag + ")").encode()
    return lambda v: (fmt % float(v)).encode()


@register_op("AsString", infer=_as_string_infer, no_gradient=True)
def _as_string(xp, x, *, precision=-1, scientific=False, shortest=False, width=-1, fill=""):
    x = np.asarray(x)
    if x.dtype == object:
        return x
    if precision > -1 and x.dtype.kind not in "fc":
        raise errors.InvalidArgumentError(None, None, f"precision not supported for datatype {x.dtype}")
    fmt = _formatter(x.dtype.kind, precision, scientific, shortest, width, fill)
    return _bytes_map(fmt, x.astype(object))


def as_string(input, precision=-1, scientific=False, shortest=False, width=-1, fill="", name=None):  # noqa: A002
    """Formats each element as a string (tf.strings.as_string).

    Raises:
        ValueError: both `scientific` and `shortest`, or a `fill` longer than one character.
    """
    if scientific and shortest:
        raise ValueError("Cannot select both scientific and shortest notation")
    if len(fill) > 1:
        raise ValueError(f"Fill string must be one or fewer characters, got {fill!r}")
    if fill and fill not in " +-0#":
        raise ValueError(f"Fill argument not supported: \"{fill}\"")
    return apply_gen("AsString", [("input", input, None)],
                     {"precision": int(precision), "scientific": bool(scientific), "shortest": bool(shortest),
                      "width": int(width), "fill": fill}, name=name)


# ------------------------------------------------------------------ string_join
def _string_join_infer(inputs, attrs):
    shape = TensorShape([])
    for t in inputs:
        check_dtype(t, _STRING, "inputs")
        if t.shape.ndims == 0:
            continue
        if shape.ndims == 0:
            shape = t.shape
        elif not shape.is_compatible_with(t.shape):
            raise ValueError(f"Input shapes do not match: {fmt_shape(shape)} vs. {fmt_shape(t.shape)} for "
                             "'StringJoin'")
        else:
            shape = shape.merge_with(t.shape)
    return [(dtypes.string, shape)]


@register_op("StringJoin", infer=_string_join_infer, no_gradient=True)
def _string_join(xp, *inputs, separator=""):
    arrays = [np.asarray(a, dtype=object) for a in inputs]
    shapes = {a.shape for a in arrays if a.ndim}
    if len(shapes) > 1:
        raise errors.InvalidArgumentError(None, None, f"Input shapes do not match: {sorted(shapes)}")
    shape = shapes.pop() if shapes else ()
    sep = separator.encode() if isinstance(separator, str) else separator
    out = np.empty(shape, dtype=object)
    for idx in np.ndindex(*shape) if shape else [()]:
        out[idx] = sep.join(_as_bytes(a[idx] if a.ndim else a[()]) for a in arrays)
    return out


def string_join(inputs, separator="", name=None):
    """Joins the strings of `inputs` elementwise with `separator`; scalars broadcast (tf.strings.join)."""
    tensors = [convert_to_tensor(t, dtype=dtypes.string) for t in inputs]
    return apply1("StringJoin", tensors, {"N": len(tensors), "separator": separator}, name=name or "StringJoin")


# ------------------------------------------------------------------ substr, length, case, regex, strip
def _substr_infer(inputs, attrs):
    x, pos, length = inputs
    check_dtype(x, _STRING, "input")
    check_dtype(pos, (dtypes.int32, dtypes.int64), "pos")
    shape = broadcast_shapes(x.shape, broadcast_shapes(pos.shape, length.shape, "Substr"), "Substr")
    return [(dtypes.string, shape)]


@register_op("Substr", infer=_substr_infer, no_gradient=True)
def _substr(xp, x, pos, length, *, unit="BYTE"):
    x, pos, length = np.broadcast_arrays(np.asarray(x, dtype=object), np.asarray(pos), np.asarray(length))
    out = np.empty(x.shape, dtype=object)
    for idx in np.ndindex(*x.shape) if x.shape else [()]:
        text = _as_bytes(x[idx])
        seq = text.decode("utf-8") if unit == "UTF8_CHAR" else text
        p, n = int(pos[idx]), int(length[idx])
        if not -len(seq) <= p <= len(seq):
            shown = text.decode("utf-8", "replace")
            raise errors.InvalidArgumentError(None, None, f"pos {p} out of range for string b'{shown}' at index "
                                              f"{list(idx)}")
        p = p + len(seq) if p < 0 else p
        piece = seq[p:p + max(n, 0)]
        out[idx] = piece.encode("utf-8") if unit == "UTF8_CHAR" else piece
    return out


def substr(input, pos, len, name=None, unit="BYTE"):  # noqa: A002 - TF's argument names
    """The substring of each string from `pos`, `len` bytes (or UTF-8 characters) long (tf.strings.substr)."""
    return apply_gen("Substr", [("input", input, dtypes.string), ("pos", pos, "T"), ("len", len, "T")],
                     {"unit": unit}, name=name)


def _string_length_infer(inputs, attrs):
    check_dtype(inputs[0], _STRING, "input")
    return [(dtypes.int32, inputs[0].shape)]


@register_op("StringLength", infer=_string_length_infer, no_gradient=True)
def _string_length(xp, x, *, unit="BYTE"):
    if unit == "UTF8_CHAR":
        return _bytes_map(lambda v: len(_as_bytes(v).decode("utf-8")), x, np.int32)
    return _bytes_map(lambda v: len(_as_bytes(v)), x, np.int32)


def length(input, name=None, unit="BYTE"):  # noqa: A002
    """The length of each string in bytes or UTF-8 characters (tf.strings.length)."""
    return apply_gen("StringLength", [("input", input, dtypes.string)], {"unit": unit}, name=name)


def _string_unary(op_type, fn):
    def infer(inputs, attrs):
        check_dtype(inputs[0], _STRING, "input")
        return same_as_input(0)(inputs, attrs)
    register_op(op_type, infer=infer, no_gradient=True)(
        lambda xp, x, **attrs: _bytes_map(lambda v: fn(_as_bytes(v), **attrs), x))


_string_unary("StringUpper", lambda v, encoding="": v.upper())
_string_unary("StringLower", lambda v, encoding="": v.lower())
_string_unary("StringStrip", lambda v: v.strip())


def upper(input, encoding="", name=None):  # noqa: A002
    return apply_gen("StringUpper", [("input", input, dtypes.string)], {"encoding": encoding}, name=name)


def lower(input, encoding="", name=None):  # noqa: A002
    return apply_gen("StringLower", [("input", input, dtypes.string)], {"encoding": encoding}, name=name)


def strip(input, name=None):  # noqa: A002
    return apply_gen("StringStrip", [("input", input, dtypes.string)], name=name)


# ------------------------------------------------------------------ splitting into a SparseTensor
def _split_infer(inputs, attrs):
    check_dtype(inputs[0], _STRING, "input")
    if inputs[0].shape.ndims not in (None, 1):
        raise ValueError(f"Shape must be rank 1 but is rank {inputs[0].shape.ndims} for string split (input)")
    return [(dtypes.int64, TensorShape([None, 2])), (dtypes.string, TensorShape([None])),
            (dtypes.int64, TensorShape([2]))]


def _sparse_rows(rows):
    """(indices, values, dense_shape) of a ragged list of token lists."""
    indices = [[i, j] for i, row in enumerate(rows) for j in range(len(row))]
    values = np.empty(len(indices), dtype=object)
    values[:] = [tok for row in rows for tok in row]
    width = max((len(r) for r in rows), default=0)
    return (np.asarray(indices, dtype=np.int64).reshape(-1, 2), values,
            np.asarray([len(rows), width], dtype=np.int64))


@register_op("StringSplit", infer=_split_infer, no_gradient=True)
def _string_split(xp, x, delimiter, *, skip_empty=True):
    delims = _as_bytes(np.asarray(delimiter, dtype=object).reshape(()).item())
    rows = []
    for v in np.asarray(x, dtype=object).reshape(-1):
        text = _as_bytes(v)
        if not delims:
            tokens = [bytes([c]) for c in text]
        else:
            tokens = re.split(b"[" + re.escape(delims) + b"]", text)
        rows.append([t for t in tokens if t or not skip_empty])
    return _sparse_rows(rows)


@register_op("StringSplitV2", infer=_split_infer, no_gradient=True)
def _string_split_v2(xp, x, sep, *, maxsplit=-1):
    sep = _as_bytes(np.asarray(sep, dtype=object).reshape(()).item())
    rows = [_as_bytes(v).split(sep or None, maxsplit) for v in np.asarray(x, dtype=object).reshape(-1)]
    return _sparse_rows(rows)


def string_split(source, sep=None, skip_empty=True, delimiter=None, result_type="SparseTensor", name=None):
    """Splits each string of 1-D `source` at any character of `delimiter` (default " ") into a
    SparseTensor of tokens (tf.string_split).
    """
    if sep is not None and delimiter is not None:
        raise ValueError("Cannot specify both 'sep' and 'delimiter'.")
    delimiter = sep if delimiter is None else delimiter
    op = apply_gen("StringSplit", [("input", source, dtypes.string),
                                   ("delimiter", " " if delimiter is None else delimiter, dtypes.string)],
                   {"skip_empty": bool(skip_empty)}, name=name, outputs=True)
    return SparseTensor(*op.outputs)


def strings_split(input=None, sep=None, maxsplit=-1, result_type="SparseTensor", source=None,  # noqa: A002
                  name=None):
    """Splits each string at `sep` (runs of whitespace when None) into a SparseTensor (tf.strings.split)."""
    value = source if input is None else input
    op = apply_gen("StringSplitV2", [("input", value, dtypes.string), ("sep", sep or "", dtypes.string)],
                   {"maxsplit": int(maxsplit)}, name=name, outputs=True)
    return SparseTensor(*op.outputs)


__all__ = ["as_string", "string_join", "string_split", "string_to_number", "substr"]
