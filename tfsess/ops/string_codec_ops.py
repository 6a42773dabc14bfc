"""More string ops: encode_base64/decode_base64 (web-safe base64, as TF), reduce_join, and timestamp.

Strings are NumPy object arrays of `bytes`, as the session feeds and fetches them.
"""
from __future__ import annotations

import base64
import binascii
import time

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import constant_value, convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import array_ops, sequence_ops
from tfsess.ops._infer import apply_gen, check_dtype, host

_STRING = (dtypes.string,)
_WEB_SAFE = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _each(fn, x):
    x = np.asarray(x, dtype=object)
    out = np.empty(x.shape, dtype=object)
    for idx, v in np.ndenumerate(x):
        out[idx] = fn(v if isinstance(v, bytes) else str(v).encode("utf-8"))
    return out


def _string_infer(param):
    def infer(inputs, attrs):
        check_dtype(inputs[0], _STRING, param)
        return [(dtypes.string, inputs[0].shape)]
    return infer


@register_op("EncodeBase64", infer=_string_infer("input"), no_gradient=True)
def _encode_base64(xp, x, *, pad=False):
    def encode(v):
        text = base64.urlsafe_b64encode(v)
        return text if pad else text.rstrip(b"=")
    return _each(encode, x)


@register_op("DecodeBase64", infer=_string_infer("input"), no_gradient=True)
def _decode_base64(xp, x):
    def decode(v):
        if len(v.rstrip(b"=")) % 4 == 1 or v.rstrip(b"=").translate(None, _WEB_SAFE):
            raise errors.InvalidArgumentError(None, None, "Invalid character found in base64.")
        try:
            return base64.urlsafe_b64decode(v.rstrip(b"=") + b"=" * (-len(v.rstrip(b"=")) % 4))
        except (binascii.Error, ValueError):
            raise errors.InvalidArgumentError(None, None, "Invalid character found in base64.") from None
    return _each(decode, x)


def encode_base64(input, pad=False, name=None):  # noqa: A002
    """Web-safe base64 ('-' and '_'), '=' padding only with `pad` (tf.io.encode_base64)."""
    return apply_gen("EncodeBase64", [("input", input, dtypes.string)], {"pad": bool(pad)}, name=name)


def decode_base64(input, name=None):  # noqa: A002
    """Decodes web-safe base64, padded or not (tf.io.decode_base64)."""
    return apply_gen("DecodeBase64", [("input", input, dtypes.string)], name=name)


# ------------------------------------------------------------------ reduce_join
def _reduce_join_infer(inputs, attrs):
    x, axes = inputs
    check_dtype(x, _STRING, "inputs")
    keep = attrs.get("keep_dims", False)
    axes_v = constant_value(axes)
    if x.shape.ndims is None or axes_v is None:
        return [(dtypes.string, unknown_shape())]
    rank = x.shape.ndims
    axes_v = np.asarray(axes_v).reshape(-1)
    bad = [int(a) for a in axes_v if not -rank <= a < rank]
    if bad:
        raise ValueError(f"Invalid reduction dimension {bad[0]} for input with {rank} dimensions. for 'ReduceJoin'")
    axes_set = {int(a) % rank for a in axes_v}
    dims = list(x.shape.as_tuple_or_none())
    out = [1 if i in axes_set else d for i, d in enumerate(dims)] if keep else \
        [d for i, d in enumerate(dims) if i not in axes_set]
    return [(dtypes.string, TensorShape(out))]


@register_op("ReduceJoin", infer=_reduce_join_infer, no_gradient=True)
def _reduce_join(xp, x, axes, *, keep_dims=False, separator=""):
    values = np.asarray(host(x), dtype=object)
    rank = values.ndim
    axes = np.asarray(host(axes)).reshape(-1)
    for a in axes:
        if not -rank <= a < rank:
            raise errors.InvalidArgumentError(None, None, f"Invalid reduction dimension {a} for input with {rank} "
                                              "dimensions.")
    axes = sorted({int(a) % rank for a in axes})
    kept = [i for i in range(rank) if i not in axes]
    moved = np.transpose(values, kept + axes).reshape([values.shape[i] for i in kept] + [-1])
    sep = separator.encode() if isinstance(separator, str) else separator
    out = np.empty(moved.shape[:-1], dtype=object)
    for idx in np.ndindex(*out.shape):
        out[idx] = sep.join(v if isinstance(v, bytes) else str(v).encode() for v in moved[idx])
    if keep_dims:
        out = out.reshape([1 if i in axes else values.shape[i] for i in range(rank)])
    return out


def reduce_join(inputs, axis=None, keep_dims=False, separator="", name=None, reduction_indices=None,
                keepdims=None):
    """Joins the strings along `axis` (all axes when None) with `separator` (tf.strings.reduce_join, TF1)."""
    if axis is None:
        axis = reduction_indices
    if keepdims is not None:
        keep_dims = keepdims
    inputs = convert_to_tensor(inputs, dtype=dtypes.string, name="inputs")
    if axis is None:  # every axis, innermost first, as TF's reduce_join
        rank = inputs.shape.ndims
        axis = (list(range(rank - 1, -1, -1)) if rank is not None
                else sequence_ops.range_(array_ops.rank(inputs) - 1, -1, -1))
    return apply_gen("ReduceJoin", [("inputs", inputs, dtypes.string), ("reduction_indices", axis, dtypes.int32)],
                     {"keep_dims": bool(keep_dims), "separator": separator}, name=name)


# ------------------------------------------------------------------ timestamp
@register_op("Timestamp", infer=lambda inputs, attrs: [(dtypes.float64, TensorShape([]))], stateful=True,
             no_gradient=True)
def _timestamp(xp):
    return np.float64(time.time())


def timestamp(name=None):
    """Seconds since the Unix epoch when the op runs, as float64 (tf.timestamp)."""
    return apply_gen("Timestamp", [], name=name)


__all__ = ["decode_base64", "encode_base64", "reduce_join", "timestamp"]
