"""More tf.strings functions over dense tensors: format, unsorted_segment_join, unicode_transcode,
unicode_encode, ngrams and bytes_split (of a scalar).

TF returns RaggedTensors from ngrams and bytes_split for ragged or higher-rank input, and from
unicode_decode/split; tfsess has no RaggedTensor, so those forms are left out (README lists them).
"""
from __future__ import annotations

import codecs

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.dispatch import add_dispatch_support
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.framework.tensor_util import constant_value
from tfsess.lib.xp import to_host
from tfsess.ops import array_ops, math_ops, sequence_ops, stack_ops
from tfsess.ops._infer import INDEX, apply_gen, check_dtype
from tfsess.ops.logging_ops import summarize_v2

_STRING = (dtypes.string,)
_ENCODINGS = ("UTF-8", "UTF-16-BE", "UTF-32-BE")
_PY_CODEC = {"UTF-8": "utf-8", "UTF-16-BE": "utf-16-be", "UTF-32-BE": "utf-32-be"}


def _as_bytes(value):
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def _string_array(values, shape):
    out = np.empty(shape, dtype=object)
    out.ravel()[:] = values if len(values) else []
    return out


# ------------------------------------------------------------------ format
@register_op("StringFormat", infer=lambda inputs, attrs: [(dtypes.string, TensorShape([]))], gpu=False,
             no_gradient=True)
def _string_format(xp, *inputs, template, placeholder="{}", summarize=3):
    pieces = template.split(placeholder)
    if len(pieces) != len(inputs) + 1:
        raise errors.InvalidArgumentError(None, None, f"num placeholders in template and num inputs must match: "
                                          f"{len(pieces) - 1} vs. {len(inputs)}")
    text = pieces[0] + "".join(summarize_v2(to_host(t), summarize) + piece for t, piece in zip(inputs, pieces[1:]))
    return np.asarray(text.encode("utf-8"), dtype=object)


def string_format(template, inputs, placeholder="{}", summarize=3, name=None):
    """A scalar string: `template` with each `placeholder` replaced by the next tensor, printed as
    tf.print prints it (`summarize` items at each end of a dimension) (tf.strings.format)."""
    if not isinstance(inputs, (list, tuple)):
        inputs = [inputs]
    count = template.count(placeholder)
    if count != len(inputs):
        raise ValueError(f"The template expects {count} tensors, but the inputs only has {len(inputs)}. Please "
                         f"ensure the number of placeholders in template matches inputs length.")
    with op_scope(name, "StringFormat", list(inputs)) as scope:
        tensors = [convert_to_tensor(t) for t in inputs]
        return apply_op("StringFormat", tensors, {"template": template, "placeholder": placeholder,
                                                  "summarize": int(summarize)}, name=scope).outputs[0]


# ------------------------------------------------------------------ unsorted_segment_join
def _segment_join_infer(inputs, attrs):
    data, ids, num = inputs
    check_dtype(data, _STRING, "inputs")
    check_dtype(ids, INDEX, "segment_ids")
    n = constant_value(num)
    if data.shape.ndims is None or ids.shape.ndims is None:
        return [(dtypes.string, unknown_shape())]
    head = int(np.asarray(n)) if n is not None else None
    return [(dtypes.string, TensorShape([head]).concatenate(data.shape[ids.shape.ndims:]))]


@register_op("UnsortedSegmentJoin", infer=_segment_join_infer, gpu=False, no_gradient=True)
def _unsorted_segment_join(xp, inputs, segment_ids, num_segments, *, separator=""):
    data, ids = np.asarray(inputs, dtype=object), np.asarray(to_host(segment_ids))
    n = int(np.asarray(to_host(num_segments)))
    if data.shape[:ids.ndim] != ids.shape:
        raise errors.InvalidArgumentError(None, None, f"segment_ids.shape = {list(ids.shape)} must be a prefix of "
                                          f"input.shape = {list(data.shape)}")
    if ids.size and (ids.min() < 0 or ids.max() >= n):
        raise errors.InvalidArgumentError(None, None, "segment_ids are not allowed to exceed num_segments or to have "
                                          "negative values.")
    tail = data.shape[ids.ndim:]
    width = int(np.prod(tail, dtype=np.int64))
    rows = data.reshape(ids.size, width)
    parts = [[[] for _ in range(width)] for _ in range(n)]
    sep = _as_bytes(separator)
    for row, segment in zip(rows, ids.ravel()):
        for j in range(width):
            parts[segment][j].append(_as_bytes(row[j]))
    joined = [sep.join(p) for seg in parts for p in seg]
    return _string_array(joined, (n,) + tail)


def unsorted_segment_join(inputs, segment_ids, num_segments, separator="", name=None):
    """Joins the strings of each segment with `separator`, in input order (tf.strings.unsorted_segment_join)."""
    return apply_gen("UnsortedSegmentJoin", [("inputs", inputs, dtypes.string),
                                             ("segment_ids", segment_ids, ("Tindices", dtypes.int32)),
                                             ("num_segments", num_segments, ("Tnumsegments", dtypes.int32))],
                     {"separator": str(separator)}, name=name)


# ------------------------------------------------------------------ unicode
def _check_encoding(op_type, attr, value):
    if value not in _ENCODINGS:
        raise ValueError(f"Attr '{attr}' of '{op_type}' Op passed string '{value}' not in: "
                         f"{', '.join(repr(e).replace(chr(39), chr(34)) for e in _ENCODINGS)}.")


_BAD = "\udcff"  # stands for one undecodable piece of input (no valid decoding yields a lone surrogate)
codecs.register_error("tfsess.unicode_mark", lambda exc: (_BAD, exc.end))


def _codepoints(data, encoding, errors_mode, replacement, replace_control):
    """The code points of `data`, with TF's error handling: "strict" fails, "replace" puts
    `replacement` for each undecodable piece, "ignore" drops it."""
    text = data.decode(_PY_CODEC[encoding], errors="strict" if errors_mode == "strict" else "tfsess.unicode_mark")
    out = []
    for ch in text:
        if ch == _BAD:
            if errors_mode == "ignore":
                continue
            out.append(replacement)
        elif replace_control and ord(ch) < 0x20 and ch not in "\t\n\r":
            out.append(replacement)
        else:
            out.append(ord(ch))
    return out


def _transcode_infer(inputs, attrs):
    check_dtype(inputs[0], _STRING, "input")
    _check_encoding("UnicodeTranscode", "input_encoding", attrs["input_encoding"])
    _check_encoding("UnicodeTranscode", "output_encoding", attrs["output_encoding"])
    return [(dtypes.string, inputs[0].shape)]


@register_op("UnicodeTranscode", infer=_transcode_infer, gpu=False, no_gradient=True)
def _unicode_transcode(xp, input, *, input_encoding, output_encoding, errors="replace",  # noqa: A002
                       replacement_char=65533, replace_control_characters=False):
    data = np.asarray(input, dtype=object)
    out = []
    for value in data.ravel():
        try:
            points = _codepoints(_as_bytes(value), input_encoding, errors, replacement_char,
                                 replace_control_characters)
        except UnicodeDecodeError:
            raise _invalid_formatting() from None
        out.append(_encode_points(points, output_encoding, errors, replacement_char))
    return _string_array(out, data.shape)


def _invalid_formatting():
    return errors.InvalidArgumentError(None, None, "Invalid formatting on input string")


def _encode_points(points, encoding, errors_mode, replacement):
    chars = []
    for point in points:
        if not 0 <= point <= 0x10FFFF or 0xD800 <= point <= 0xDFFF:
            if errors_mode == "strict":
                raise errors.InvalidArgumentError(None, None, f"Invalid code point: {point}")
            if errors_mode == "ignore":
                continue
            point = replacement
        chars.append(chr(point))
    return "".join(chars).encode(_PY_CODEC[encoding])


def unicode_transcode(input, input_encoding, output_encoding, errors="replace",  # noqa: A002 - TF's names
                      replacement_char=65533, replace_control_characters=False, name=None):
    """Re-encodes each string from `input_encoding` to `output_encoding`; bad input is replaced,
    ignored or (errors="strict") an error (tf.strings.unicode_transcode)."""
    return apply_gen("UnicodeTranscode", [("input", input, dtypes.string)],
                     {"input_encoding": input_encoding, "output_encoding": output_encoding, "errors": errors,
                      "replacement_char": int(replacement_char),
                      "replace_control_characters": bool(replace_control_characters)}, name=name)


def _unicode_encode_infer(inputs, attrs):
    check_dtype(inputs[0], (dtypes.int32,), "input_values")
    _check_encoding("UnicodeEncode", "output_encoding", attrs["output_encoding"])
    splits = inputs[1].shape
    rows = splits.dims[0].value - 1 if splits.ndims == 1 and splits.dims[0].value is not None else None
    return [(dtypes.string, TensorShape([rows]))]


@register_op("UnicodeEncode", infer=_unicode_encode_infer, gpu=False, no_gradient=True)
def _unicode_encode(xp, input_values, input_splits, *, output_encoding, errors="replace", replacement_char=65533):
    values, splits = np.asarray(to_host(input_values)), np.asarray(to_host(input_splits)).astype(np.int64)
    if splits.ndim != 1 or splits.size < 1 or splits[0] != 0 or np.any(np.diff(splits) < 0) or \
            splits[-1] != values.size:
        raise errors.InvalidArgumentError(None, None, "Invalid splits: must start at 0, be sorted and end at the "
                                          "number of values")
    out = [_encode_points(values[a:b].tolist(), output_encoding, errors, replacement_char)
           for a, b in zip(splits[:-1], splits[1:])]
    return _string_array(out, (len(out),))


def unicode_encode(input, output_encoding, errors="replace", replacement_char=65533, name=None):  # noqa: A002
    """Encodes the code points along the last axis of an int32 tensor as strings
    (tf.strings.unicode_encode, for dense input)."""
    with op_scope(name, "UnicodeEncode", [input]):
        codes = convert_to_tensor(input, dtypes.int32, name="input")
        rank = codes.shape.ndims
        if rank is None or rank == 0:
            raise ValueError("unicode_encode needs input of known rank >= 1 (ragged input is not supported).")
        shape = array_ops.shape(codes)
        rows = array_ops.reshape(codes, [-1, shape[-1]]) if rank != 2 else codes
        n_rows, width = array_ops.shape(rows)[0], array_ops.shape(rows)[1]
        splits = _uniform_splits(n_rows, width)
        encoded = apply_op("UnicodeEncode", [array_ops.reshape(rows, [-1]), splits],
                           {"output_encoding": output_encoding, "errors": errors,
                            "replacement_char": int(replacement_char)}).outputs[0]
        if rank == 1:
            return array_ops.reshape(encoded, [])
        return array_ops.reshape(encoded, shape[:-1]) if rank > 2 else encoded


def _uniform_splits(n_rows, width):
    """Row splits [0, width, 2 * width, ...] of `n_rows` rows of `width` values (int64)."""
    return math_ops.cast(sequence_ops.range_(n_rows + 1), dtypes.int64) * math_ops.cast(width, dtypes.int64)



# ------------------------------------------------------------------ ngrams
def _ngrams_infer(inputs, attrs):
    check_dtype(inputs[0], _STRING, "data")
    check_dtype(inputs[1], INDEX, "data_splits")
    return [(dtypes.string, TensorShape([None])), (inputs[1].dtype.base_dtype, inputs[1].shape)]


class _NGrams:
    """TF's StringNGrams kernel for one row of tokens."""

    def __init__(self, separator, widths, left_pad, right_pad, pad_width, preserve_short):
        self.sep, self.widths = separator, widths
        self.left, self.right, self.pad, self.preserve = left_pad, right_pad, pad_width, preserve_short

    def pad_of(self, width):
        return min(width - 1 if self.pad < 0 else self.pad, width - 1)

    def count(self, length, width):
        return max(0, length + 2 * self.pad_of(width) - width + 1)

    def make(self, tokens, width, count):
        pad = self.pad_of(width)
        out = []
        for index in range(count):
            left = max(0, pad - index)
            right = max(0, pad - (count - (index + 1)))
            taken = width - (left + right)
            start = 0 if left > 0 else index - pad
            out.append(self.sep.join([self.left] * left + tokens[start:start + taken] + [self.right] * right))
        return out

    def row(self, tokens):
        out = []
        for width in self.widths:
            out += self.make(tokens, width, self.count(len(tokens), width))
        if self.preserve and tokens and not out:  # too short for every width: one n-gram of it all, padded
            out = self.make(tokens, len(tokens) + 2 * self.pad, 1)
        return out


@register_op("StringNGrams", infer=_ngrams_infer, gpu=False, no_gradient=True)
def _string_n_grams(xp, data, data_splits, *, separator, ngram_widths, left_pad, right_pad, pad_width,
                    preserve_short_sequences):
    tokens = [_as_bytes(v) for v in np.asarray(data, dtype=object).ravel()]
    splits = np.asarray(to_host(data_splits))
    if splits.ndim != 1 or splits.size < 1 or splits[0] != 0 or np.any(np.diff(splits) < 0) or \
            splits[-1] != len(tokens):
        raise errors.InvalidArgumentError(None, None, "Invalid split value: the splits must start at 0, be sorted "
                                          f"and end at the number of tokens ({len(tokens)})")
    maker = _NGrams(_as_bytes(separator), list(ngram_widths), _as_bytes(left_pad), _as_bytes(right_pad),
                    int(pad_width), bool(preserve_short_sequences))
    out, out_splits = [], [0]
    for a, b in zip(splits[:-1], splits[1:]):
        out += maker.row(tokens[a:b])
        out_splits.append(len(out))
    return _string_array(out, (len(out),)), np.asarray(out_splits, splits.dtype)


def ngram_attrs(ngram_width, separator, pad_values, padding_width, preserve_short_sequences) -> dict:
    """The StringNGrams attrs of tf.strings.ngrams' arguments.

    Raises:
        ValueError: a padding_width below 1 or without pad_values, or pad_values not a string or pair.
    """
    if padding_width is not None and padding_width < 1:
        raise ValueError("padding_width must be greater than 0.")
    if padding_width is not None and pad_values is None:
        raise ValueError("pad_values must be provided if padding_width is set.")
    if pad_values is None:
        left_pad = right_pad = ""
    elif isinstance(pad_values, (list, tuple)):
        if len(pad_values) != 2 or not all(isinstance(v, (str, bytes)) for v in pad_values):
            raise ValueError("pad_values must be a string, tuple of strings, or None.")
        left_pad, right_pad = pad_values
    else:
        left_pad = right_pad = pad_values
    widths = [int(ngram_width)] if isinstance(ngram_width, (int, np.integer)) else [int(w) for w in ngram_width]
    return {"separator": separator, "ngram_widths": widths, "left_pad": left_pad, "right_pad": right_pad,
            "pad_width": 0 if pad_values is None else (-1 if padding_width is None else int(padding_width)),
            "preserve_short_sequences": bool(preserve_short_sequences)}


@add_dispatch_support
def ngrams(data, ngram_width, separator=" ", pad_values=None, padding_width=None, preserve_short_sequences=False,
           name=None):
    """The n-grams of each row of a dense string tensor, joined by `separator` (tf.strings.ngrams).

    A 1-D input gives a 1-D result; rank 2 or more needs rows that give equal counts (they do:
    dense rows have one length). `pad_values` ("x" or ("left", "right")) pads each side by
    `padding_width` (default: width - 1).
    """
    attrs = ngram_attrs(ngram_width, separator, pad_values, padding_width, preserve_short_sequences)
    with op_scope(name, "StringNGrams", [data]):
        data = convert_to_tensor(data, dtypes.string, name="data")
        rank = data.shape.ndims
        if rank is None:
            raise ValueError("Rank of data must be known.")
        if rank == 0:
            raise ValueError("Data must have rank>0")
        shape = array_ops.shape(data, out_type=dtypes.int64)
        rows = array_ops.reshape(data, [-1, shape[-1]]) if rank > 1 else array_ops.reshape(data, [1, -1])
        n_rows, width = array_ops.shape(rows)[0], array_ops.shape(rows)[1]
        out, out_splits = apply_op("StringNGrams", [array_ops.reshape(rows, [-1]), _uniform_splits(n_rows, width)],
                                   attrs).outputs
        if rank == 1:
            return out
        return array_ops.reshape(out, stack_ops.concat([shape[:-1], [-1]], 0))


def bytes_split(input, name=None):  # noqa: A002 - TF's name
    """The bytes of a scalar string as a 1-D string tensor (tf.strings.bytes_split).

    Raises:
        ValueError: `input` is not a scalar (TF returns a RaggedTensor there, which tfsess lacks).
    """
    with op_scope(name, "StringsByteSplit", [input]):
        input = convert_to_tensor(input, dtypes.string, name="input")
        if input.shape.ndims != 0:
            raise ValueError("tfsess: bytes_split takes a scalar string; TF returns a RaggedTensor for rank >= 1, "
                             "which tfsess does not have.")
        op = apply_op("StringSplit", [array_ops.reshape(input, [1]), convert_to_tensor("", dtypes.string)],
                      {"skip_empty": False})
        return op.outputs[1]


__all__ = []  # exported through tfsess/strings.py
