"""Decoding strings into Unicode code points (UnicodeDecode, UnicodeDecodeWithOffsets) and the
ragged tf.strings functions built on them: unicode_decode(_with_offsets), unicode_split(_with_offsets),
and tf.strings.split with result_type="RaggedTensor".

An undecodable piece of input (a maximal invalid subsequence, as Python's codecs find it) is one
`replacement_char` with errors="replace", dropped with "ignore", and an InvalidArgumentError with "strict".
"""
from __future__ import annotations

import codecs

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.sparse_tensor import SparseTensor
from tfsess.ops import array_ops, math_ops, string_ops, string_text_ops
from tfsess.ops._infer import apply_gen, check_dtype, host
from tfsess.ops.ragged.ragged_tensor import RaggedTensor

_CODECS = {"UTF-8": "utf-8", "UTF-16-BE": "utf-16-be", "UTF-32-BE": "utf-32-be"}
_UNIT_BYTES = {"UTF-8": None, "UTF-16-BE": 2, "UTF-32-BE": 4}
_ERRORS = ("strict", "replace", "ignore")
_BAD_BASE = 0xDC00  # a bad piece of n bytes decodes to the lone surrogate U+DC00 + n (no valid text has one)
codecs.register_error("tfsess.unicode_decode", lambda exc: (chr(_BAD_BASE + exc.end - exc.start), exc.end))


def _as_bytes(value) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def _decode(data: bytes, encoding, errors_mode, replacement, replace_control):
    """(code points, byte offset of each) of one string."""
    text = data.decode(_CODECS[encoding], errors="tfsess.unicode_decode")
    points, offsets, offset = [], [], 0
    for ch in text:
        code = ord(ch)
        if 0xD800 <= code <= 0xDFFF:  # a bad piece
            width = code - _BAD_BASE
            if errors_mode == "strict":
                raise errors.InvalidArgumentError(None, None, "Invalid formatting on input string")
            if errors_mode == "replace":
                points.append(replacement)
                offsets.append(offset)
        else:
            width = _UNIT_BYTES[encoding] or len(ch.encode("utf-8"))
            if encoding == "UTF-16-BE" and code > 0xFFFF:
                width = 4
            points.append(replacement if replace_control and code < 0x20 else code)
            offsets.append(offset)
        offset += width
    return points, offsets


def _decode_infer(inputs, attrs):
    check_dtype(inputs[0], (dtypes.string,), "input")
    if attrs.get("input_encoding") not in _CODECS:
        raise ValueError(f"tfsess: input_encoding must be one of {', '.join(_CODECS)}, got "
                         f"{attrs.get('input_encoding')!r}")
    if attrs.get("errors", "replace") not in _ERRORS:
        raise ValueError(f"Attr 'errors' of 'UnicodeDecode' Op passed string '{attrs.get('errors')}' not in: "
                         f"\"strict\", \"replace\", \"ignore\".")
    n = inputs[0].shape.num_elements() if inputs[0].shape.is_fully_defined() else None
    splits = (dtypes.as_dtype(attrs.get("Tsplits", dtypes.int64)), TensorShape([None if n is None else n + 1]))
    return [splits, (dtypes.int32, TensorShape([None]))]


def _decode_all(input, input_encoding, errors, replacement_char, replace_control_characters):  # noqa: A002
    points, offsets, splits = [], [], [0]
    for value in np.asarray(host(input), dtype=object).reshape(-1):
        p, o = _decode(_as_bytes(value), input_encoding, errors, replacement_char, replace_control_characters)
        points.extend(p)
        offsets.extend(o)
        splits.append(len(points))
    return splits, points, offsets


@register_op("UnicodeDecode", infer=_decode_infer, gpu=False, no_gradient=True)
def _unicode_decode(xp, input, *, input_encoding, errors="replace", replacement_char=65533,  # noqa: A002
                    replace_control_characters=False, Tsplits=dtypes.int64):  # noqa: N803 - TF's attr name
    splits, points, _ = _decode_all(input, input_encoding, errors, replacement_char, replace_control_characters)
    return (xp.asarray(np.asarray(splits, dtypes.as_dtype(Tsplits).as_numpy_dtype)),
            xp.asarray(np.asarray(points, np.int32)))


def _decode_offsets_infer(inputs, attrs):
    return _decode_infer(inputs, attrs) + [(dtypes.int64, TensorShape([None]))]


@register_op("UnicodeDecodeWithOffsets", infer=_decode_offsets_infer, gpu=False, no_gradient=True)
def _unicode_decode_with_offsets(xp, input, *, input_encoding, errors="replace",  # noqa: A002
                                 replacement_char=65533, replace_control_characters=False,
                                 Tsplits=dtypes.int64):  # noqa: N803 - TF's attr name
    splits, points, offsets = _decode_all(input, input_encoding, errors, replacement_char,
                                          replace_control_characters)
    return (xp.asarray(np.asarray(splits, dtypes.as_dtype(Tsplits).as_numpy_dtype)),
            xp.asarray(np.asarray(points, np.int32)), xp.asarray(np.asarray(offsets, np.int64)))


# ------------------------------------------------------------------ public functions
def _decode_op(op_type, input, input_encoding, errors, replacement_char, replace_control_characters,  # noqa: A002
               name, default_name):
    """Decodes `input` (a string Tensor of any rank, or a RaggedTensor of strings) into ragged results:
    a rank-0 input gives dense vectors, rank k gives RaggedTensors of ragged_rank k."""
    with op_scope(name, default_name, [input]):
        if isinstance(input, RaggedTensor):
            parts = _decode_op(op_type, input.flat_values, input_encoding, errors, replacement_char,
                               replace_control_characters, None, default_name)
            return tuple(input.with_flat_values(p) for p in parts)
        input = convert_to_tensor(input, dtypes.string, name="input")
        rank = input.shape.ndims
        if rank is None:
            raise ValueError("Rank of `input` must be statically known.")
        attrs = {"input_encoding": input_encoding, "errors": errors, "replacement_char": int(replacement_char),
                 "replace_control_characters": bool(replace_control_characters), "Tsplits": dtypes.int64}
        outputs = apply_op(op_type, [array_ops.reshape(input, [-1])], attrs).outputs
        splits, columns = outputs[0], outputs[1:]
        if rank == 0:
            return tuple(columns)
        results = []
        for column in columns:
            result = RaggedTensor.from_row_splits(column, splits, validate=False)
            if rank > 1:
                result = _restore_outer_dims(result, input)
            results.append(result)
        return tuple(results)


def _restore_outer_dims(result, input):  # noqa: A002
    """Rows of a flattened rank-k input regrouped into its outer dimensions (uniform row lengths)."""
    shape = array_ops.shape(input, out_type=dtypes.int64)
    for axis in range(input.shape.ndims - 1, 0, -1):
        result = RaggedTensor.from_uniform_row_length(result, shape[axis], validate=False)
    return result


def unicode_decode(input, input_encoding, errors="replace", replacement_char=65533,  # noqa: A002 - TF's names
                   replace_control_characters=False, name=None):
    """The code points of each string, as a RaggedTensor of int32 (a vector for a scalar input)
    (tf.strings.unicode_decode; UnicodeDecode)."""
    return _decode_op("UnicodeDecode", input, input_encoding, errors, replacement_char,
                      replace_control_characters, name, "UnicodeDecode")[0]


def unicode_decode_with_offsets(input, input_encoding, errors="replace", replacement_char=65533,  # noqa: A002
                                replace_control_characters=False, name=None):
    """(code points, byte offset of each) of each string (tf.strings.unicode_decode_with_offsets)."""
    return _decode_op("UnicodeDecodeWithOffsets", input, input_encoding, errors, replacement_char,
                      replace_control_characters, name, "UnicodeDecodeWithOffsets")


def _encode_chars(codepoints, input_encoding):
    """Each code point as a one-character string in `input_encoding`."""
    return string_text_ops.unicode_encode(array_ops.expand_dims(codepoints, -1), input_encoding)


def unicode_split(input, input_encoding, errors="replace", replacement_char=65533, name=None):  # noqa: A002
    """Each string split into its characters, each a string in `input_encoding` (tf.strings.unicode_split)."""
    with op_scope(name, "UnicodeSplit", [input]):
        codepoints = unicode_decode(input, input_encoding, errors, replacement_char)
        if isinstance(codepoints, RaggedTensor):
            return codepoints.with_flat_values(_encode_chars(codepoints.flat_values, input_encoding))
        return _encode_chars(codepoints, input_encoding)


def unicode_split_with_offsets(input, input_encoding, errors="replace", replacement_char=65533,  # noqa: A002
                               name=None):
    """(characters, byte offset of each) of each string (tf.strings.unicode_split_with_offsets)."""
    with op_scope(name, "UnicodeSplitWithOffsets", [input]):
        codepoints, offsets = unicode_decode_with_offsets(input, input_encoding, errors, replacement_char)
        if isinstance(codepoints, RaggedTensor):
            return codepoints.with_flat_values(_encode_chars(codepoints.flat_values, input_encoding)), offsets
        return _encode_chars(codepoints, input_encoding), offsets


def strings_split(input=None, sep=None, maxsplit=-1, result_type="SparseTensor", source=None,  # noqa: A002
                  name=None):
    """Splits each string at `sep` (runs of whitespace when None): a SparseTensor, or with
    result_type="RaggedTensor" a RaggedTensor (tf.strings.split, compat.v1).

    Raises:
        ValueError: a result_type other than "SparseTensor" or "RaggedTensor".
    """
    if result_type not in ("SparseTensor", "RaggedTensor"):
        raise ValueError("result_type must be 'RaggedTensor' or 'SparseTensor'.")
    sparse = string_ops.strings_split(input, sep, maxsplit, "SparseTensor", source, name)
    if result_type == "SparseTensor":
        return sparse
    return RaggedTensor.from_sparse(sparse)


# ------------------------------------------------------------------ ragged forms of dense string functions
def bytes_split(input, name=None):  # noqa: A002 - TF's name
    """The bytes of each string: a vector for a scalar, else a RaggedTensor with one more dimension
    (tf.strings.bytes_split)."""
    if isinstance(input, RaggedTensor):
        return input.with_flat_values(bytes_split(input.flat_values, name))
    with op_scope(name, "StringsByteSplit", [input]):
        input = convert_to_tensor(input, dtypes.string, name="input")
        rank = input.shape.ndims
        if rank is None:
            raise ValueError("input must have a statically-known rank.")
        if rank == 0:
            return string_text_ops.bytes_split(input)
        # StringSplit with an empty delimiter cuts a string into its bytes
        op = apply_op("StringSplit", [array_ops.reshape(input, [-1]), convert_to_tensor("", dtypes.string)],
                      {"skip_empty": False})
        result = RaggedTensor.from_sparse(SparseTensor(*op.outputs))
        return _restore_outer_dims(result, input) if rank > 1 else result


def unicode_encode(input, output_encoding, errors="replace", replacement_char=65533, name=None):  # noqa: A002
    """Encodes the code points along the innermost dimension as strings; a RaggedTensor's rows are
    encoded with UnicodeEncode directly (tf.strings.unicode_encode)."""
    if not isinstance(input, RaggedTensor):
        return string_text_ops.unicode_encode(input, output_encoding, errors, replacement_char, name)
    with op_scope(name, "UnicodeEncode", [input]):
        if isinstance(input.values, RaggedTensor):
            return input.with_values(unicode_encode(input.values, output_encoding, errors, replacement_char))
        return apply_op("UnicodeEncode", [math_ops.cast(input.values, dtypes.int32), input.row_splits],
                        {"output_encoding": output_encoding, "errors": errors,
                         "replacement_char": int(replacement_char), "Tsplits": input.row_splits.dtype}).outputs[0]


# ------------------------------------------------------------------ UnicodeScript
# ICU's UScriptCode of each ISO 15924 script (scripts newer than TF's ICU are USCRIPT_UNKNOWN, 103).
_ICU_SCRIPT_CODES = {
    "Adlm": 167, "Aghb": 159, "Ahom": 161, "Arab": 2, "Armi": 116, "Armn": 3, "Avst": 117, "Bali": 62, "Bamu":
    130, "Bass": 134, "Batk": 63, "Beng": 4, "Berf": 103, "Bhks": 168, "Bopo": 5, "Brah": 65, "Brai": 46, "Bugi":
    55, "Buhd": 44, "Cakm": 118, "Cans": 40, "Cari": 104, "Cham": 66, "Cher": 6, "Chrs": 189, "Copt": 7, "Cpmn":
    103, "Cprt": 47, "Cyrl": 8, "Deva": 10, "Diak": 190, "Dogr": 178, "Dsrt": 9, "Dupl": 135, "Egyp": 71, "Elba":
    136, "Elym": 185, "Ethi": 11, "Gara": 103, "Geor": 12, "Glag": 56, "Gong": 179, "Gonm": 175, "Goth": 13,
    "Gran": 137, "Grek": 14, "Gujr": 15, "Gukh": 103, "Guru": 16, "Hang": 18, "Hani": 17, "Hano": 43, "Hatr": 162,
    "Hebr": 19, "Hira": 20, "Hluw": 156, "Hmng": 75, "Hmnp": 186, "Hung": 76, "Ital": 30, "Java": 78, "Jurc": 103,
    "Kali": 79, "Kana": 22, "Kawi": 103, "Khar": 57, "Khmr": 23, "Khoj": 157, "Kits": 191, "Knda": 21, "Krai":
    103, "Kthi": 120, "Lana": 106, "Laoo": 24, "Latn": 25, "Lepc": 82, "Limb": 48, "Lina": 83, "Linb": 49, "Lisu":
    131, "Lyci": 107, "Lydi": 108, "Mahj": 160, "Maka": 180, "Mand": 84, "Mani": 121, "Marc": 169, "Medf": 181,
    "Mend": 140, "Merc": 141, "Mero": 86, "Mlym": 26, "Modi": 163, "Mong": 27, "Mroo": 149, "Mtei": 115, "Mult":
    164, "Mymr": 28, "Nagm": 103, "Nand": 187, "Narb": 142, "Nbat": 143, "Newa": 170, "Nkoo": 87, "Nshu": 150,
    "Ogam": 29, "Olck": 109, "Onao": 103, "Orkh": 88, "Orya": 31, "Osge": 171, "Osma": 50, "Ougr": 103, "Palm":
    144, "Pauc": 165, "Pcun": 103, "Perm": 89, "Phag": 90, "Phli": 122, "Phlp": 123, "Phnx": 91, "Plrd": 92,
    "Prti": 125, "Rjng": 110, "Rohg": 182, "Runr": 32, "Samr": 126, "Sarb": 133, "Saur": 111, "Seal": 103, "Sgnw":
    112, "Shaw": 51, "Shrd": 151, "Sidd": 166, "Sidt": 103, "Sind": 145, "Sinh": 33, "Sogd": 183, "Sogo": 184,
    "Sora": 152, "Soyo": 176, "Sund": 113, "Sunu": 103, "Sylo": 58, "Syrc": 34, "Tagb": 45, "Takr": 153, "Tale":
    52, "Talu": 59, "Taml": 35, "Tang": 154, "Tavt": 127, "Tayo": 103, "Telu": 36, "Tfng": 60, "Tglg": 42, "Thaa":
    37, "Thai": 38, "Tibt": 39, "Tirh": 158, "Tnsa": 103, "Todr": 103, "Tols": 103, "Toto": 103, "Tutg": 103,
    "Ugar": 53, "Vaii": 99, "Vith": 103, "Wara": 146, "Wcho": 188, "Xpeo": 61, "Xsux": 101, "Yezi": 192, "Yiii":
    41, "Zanb": 177, "Zinh": 1, "Zyyy": 0, "Zzzz": 103,
}
_USCRIPT_INVALID_CODE, _USCRIPT_UNKNOWN = -1, 103


def _script_infer(inputs, attrs):
    check_dtype(inputs[0], (dtypes.int32,), "input")
    return [(dtypes.int32, inputs[0].shape)]


@register_op("UnicodeScript", infer=_script_infer, gpu=False, no_gradient=True)
def _unicode_script(xp, input):  # noqa: A002 - TF's name
    # fontTools (optional: the Unicode Scripts data) names the script of a character
    try:
        from fontTools import unicodedata as font_unicodedata
    except ImportError:
        raise errors.UnimplementedError(None, None, "UnicodeScript needs the fontTools package "
                                        "(pip install fonttools)") from None
    points = np.asarray(host(input)).astype(np.int64)
    out = np.empty(points.shape, np.int32)
    for index, point in np.ndenumerate(points):
        if not 0 <= point <= 0x10FFFF:
            out[index] = _USCRIPT_INVALID_CODE
        else:
            out[index] = _ICU_SCRIPT_CODES.get(font_unicodedata.script(chr(point)), _USCRIPT_UNKNOWN)
    return xp.asarray(out)


def unicode_script(input, name=None):  # noqa: A002 - TF's name
    """The ICU UScriptCode of each int32 code point (-1 for an invalid one) (tf.strings.unicode_script).

    Needs the fontTools package (its Unicode Scripts data) when it runs.
    """
    if isinstance(input, RaggedTensor):
        return input.with_flat_values(unicode_script(input.flat_values, name))
    return apply_gen("UnicodeScript", [("input", input, dtypes.int32)], name=name)


__all__ = []  # exported through tfsess/strings.py
