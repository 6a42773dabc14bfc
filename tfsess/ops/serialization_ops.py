"""Tensors as bytes: serialize_tensor/parse_tensor (a TensorProto, as TF's C++ writes it) and
decode_compressed (zlib and gzip streams)."""
from __future__ import annotations

import base64
import zlib

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_proto import make_ndarray, make_tensor_proto
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops._infer import apply_gen, check_dtype, fmt_shape

_STRING = (dtypes.string,)


def _as_bytes(value):
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


# ------------------------------------------------------------------ serialize_tensor / parse_tensor
@register_op("SerializeTensor", infer=lambda inputs, attrs: [(dtypes.string, TensorShape([]))], gpu=False,
             no_gradient=True)
def _serialize_tensor(xp, tensor):
    # TF's kernel writes numbers as tensor_content (even one) and strings as string_val
    proto = make_tensor_proto(np.asarray(tensor), content=True)
    return np.asarray(proto.SerializeToString(), dtype=object)


def serialize_tensor(tensor, name=None):
    """A scalar string: `tensor` as a serialized TensorProto (tf.io.serialize_tensor)."""
    return apply_gen("SerializeTensor", [("tensor", tensor, None)], name=name)


def _parse_tensor_infer(inputs, attrs):
    check_dtype(inputs[0], _STRING, "serialized")
    return [(attrs["out_type"], unknown_shape())]


@register_op("ParseTensor", infer=_parse_tensor_infer, gpu=False, no_gradient=True)
def _parse_tensor(xp, serialized, *, out_type):
    from tfsess.protos import tensor_pb2  # optional dependency: protobuf
    serialized = np.asarray(serialized)
    if serialized.ndim:
        raise errors.InvalidArgumentError(None, None, f"Expected `serialized` to be a scalar, got shape: "
                                          f"{fmt_shape(TensorShape(serialized.shape))}")
    data = _as_bytes(serialized.item())
    proto = tensor_pb2.TensorProto()
    try:
        proto.ParseFromString(data)
        array = make_ndarray(proto)
    except Exception:  # protobuf's DecodeError, or a proto whose values do not fill its shape
        raise errors.InvalidArgumentError(None, None, "Could not parse `serialized` as TensorProto, base64: "
                                          f"{base64.b64encode(data).decode()}") from None
    parsed = dtypes.as_dtype(proto.dtype)
    if parsed != out_type:
        raise errors.InvalidArgumentError(None, None, f"Type mismatch between parsed tensor ({_type_name(parsed)}) "
                                          f"and dtype ({_type_name(out_type)})")
    return array


def _type_name(dtype):
    return {"float32": "float", "float64": "double"}.get(dtype.name, dtype.name)


def parse_tensor(serialized, out_type, name=None):
    """The tensor a serialized TensorProto holds; `out_type` must be its dtype (tf.io.parse_tensor)."""
    return apply_gen("ParseTensor", [("serialized", serialized, dtypes.string)],
                     {"out_type": dtypes.as_dtype(out_type)}, name=name)


# ------------------------------------------------------------------ decode_compressed
_WBITS = {"ZLIB": zlib.MAX_WBITS, "GZIP": 16 + zlib.MAX_WBITS}


def _decompress(data, compression_type):
    if compression_type == "":
        return data
    inflater = zlib.decompressobj(_WBITS[compression_type])
    try:  # as TF, a stream cut short gives what it holds so far
        return inflater.decompress(data) + inflater.flush()
    except zlib.error as exc:
        text = str(exc)
        code, _, detail = text.partition(" while decompressing data: ")
        raise errors.DataLossError(None, None, f"inflate() failed with error {code.replace('Error ', '')}: "
                                   f"{detail or text}") from None


def _decode_compressed_infer(inputs, attrs):
    check_dtype(inputs[0], _STRING, "bytes")
    return [(dtypes.string, inputs[0].shape)]


@register_op("DecodeCompressed", infer=_decode_compressed_infer, gpu=False, no_gradient=True)
def _decode_compressed(xp, data, *, compression_type=""):
    if compression_type not in ("", "ZLIB", "GZIP"):
        raise errors.InvalidArgumentError(None, None, "Only ZLIB, ZSTD, GZIP or NONE are supported compressions")
    data = np.asarray(data, dtype=object)
    out = np.empty(data.shape, dtype=object)
    for index, value in np.ndenumerate(data):
        out[index] = _decompress(_as_bytes(value), compression_type)
    return out


def decode_compressed(bytes, compression_type="", name=None):  # noqa: A002 - TF's name
    """Decompresses each string: "ZLIB", "GZIP" or "" (as is) (tf.io.decode_compressed)."""
    return apply_gen("DecodeCompressed", [("bytes", bytes, dtypes.string)],
                     {"compression_type": str(compression_type)}, name=name)


__all__ = ["decode_compressed", "parse_tensor", "serialize_tensor"]
