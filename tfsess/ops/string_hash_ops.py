"""Hashing strings into buckets (tf.strings.to_hash_bucket*) and tf.fingerprint, with TF's exact bits.

The hashes themselves live in lib/string_hash.py: FarmHash Fingerprint64 (the fast and the
fingerprint ops), keyed SipHash-2-4 (the strong op) and TF's legacy Hash64 (StringToHashBucket).
"""
from __future__ import annotations

import struct

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.tensor_util import constant_value
from tfsess.lib.string_hash import fingerprint64, legacy_hash64, siphash24
from tfsess.ops._infer import apply_gen, check_dtype, fmt_shape, renamed_arg

_STRING = (dtypes.string,)
_M64 = (1 << 64) - 1


def _as_bytes(value):
    return value if isinstance(value, bytes) else str(value).encode("utf-8")


def _bucket_infer(op_type, param):
    def infer(inputs, attrs):
        check_dtype(inputs[0], _STRING, param)
        if attrs["num_buckets"] < 1:
            raise ValueError(f"Attr 'num_buckets' of '{op_type}' Op passed {attrs['num_buckets']} less than "
                             f"minimum 1.")
        return [(dtypes.int64, inputs[0].shape)]
    return infer


def _buckets(x, num_buckets, hash_fn):
    x = np.asarray(x, dtype=object)
    out = np.fromiter((hash_fn(_as_bytes(v)) % num_buckets for v in x.ravel()), dtype=np.int64, count=x.size)
    return out.reshape(x.shape)


@register_op("StringToHashBucketFast", infer=_bucket_infer("StringToHashBucketFast", "input"), gpu=False,
             no_gradient=True, foldable=True)
def _string_to_hash_bucket_fast(xp, x, *, num_buckets):
    return _buckets(x, num_buckets, fingerprint64)


@register_op("StringToHashBucketStrong", infer=_bucket_infer("StringToHashBucketStrong", "input"), gpu=False,
             no_gradient=True, foldable=True)
def _string_to_hash_bucket_strong(xp, x, *, num_buckets, key):
    if len(key) != 2:
        raise errors.InvalidArgumentError(None, None, "Key must have 2 elements")
    key0, key1 = (int(k) & _M64 for k in key)  # TF reads the int64 attrs as the bits of two uint64s
    return _buckets(x, num_buckets, lambda s: siphash24(key0, key1, s))


@register_op("StringToHashBucket", infer=_bucket_infer("StringToHashBucket", "string_tensor"), gpu=False,
             no_gradient=True, foldable=True)
def _string_to_hash_bucket(xp, x, *, num_buckets):
    return _buckets(x, num_buckets, legacy_hash64)


def string_to_hash_bucket_fast(input, num_buckets, name=None):  # noqa: A002 - TF's name
    """Hashes each string into [0, num_buckets) with FarmHash Fingerprint64 (tf.strings.to_hash_bucket_fast)."""
    return apply_gen("StringToHashBucketFast", [("input", input, dtypes.string)], {"num_buckets": int(num_buckets)},
                     name=name)


def string_to_hash_bucket_strong(input, num_buckets, key, name=None):  # noqa: A002 - TF's name
    """Hashes each string into [0, num_buckets) with SipHash-2-4 under `key`, two ints
    (tf.strings.to_hash_bucket_strong)."""
    return apply_gen("StringToHashBucketStrong", [("input", input, dtypes.string)],
                     {"num_buckets": int(num_buckets), "key": [int(k) for k in key]}, name=name)


def string_to_hash_bucket(string_tensor=None, num_buckets=None, name=None, input=None):  # noqa: A002 - TF's name
    """Hashes each string into [0, num_buckets) with TF's legacy Hash64 (tf.strings.to_hash_bucket in TF1)."""
    string_tensor = renamed_arg("input", input, "string_tensor", string_tensor)
    return apply_gen("StringToHashBucket", [("string_tensor", string_tensor, dtypes.string)],
                     {"num_buckets": int(num_buckets)}, name=name)


# ------------------------------------------------------------------ fingerprint
def _fingerprint_infer(inputs, attrs):
    data, method = inputs
    if data.shape.ndims is not None and data.shape.ndims < 1:
        raise ValueError(f"Shape must be at least rank 1 but is rank 0 for 'Fingerprint' with input shapes: "
                         f"{fmt_shape(data.shape)}, {fmt_shape(method.shape)}.")
    check_dtype(method, _STRING, "method")
    value = constant_value(method)
    if value is not None and _as_bytes(value.item() if hasattr(value, "item") else value) != b"farmhash64":
        raise ValueError(f"Unsupported method: {_as_bytes(value.item()).decode('utf-8', 'replace')}")
    rows = data.shape.dims[0].value if data.shape.ndims else None
    return [(dtypes.uint8, TensorShape([rows, 8]))]


def _row_fingerprint(row):
    """The fingerprint of `row`, a [1, ...] slice of the data."""
    if row.dtype == object:  # strings: one string's own fingerprint, else that of their fingerprints' bytes
        prints = [fingerprint64(_as_bytes(v)) for v in row.ravel()]
        return prints[0] if len(prints) == 1 else fingerprint64(struct.pack(f"<{len(prints)}Q", *prints))
    return fingerprint64(np.ascontiguousarray(row).tobytes())


@register_op("Fingerprint", infer=_fingerprint_infer, gpu=False, no_gradient=True)
def _fingerprint(xp, data, method):
    if _as_bytes(np.asarray(method).item()) != b"farmhash64":
        raise errors.InvalidArgumentError(None, None, f"Unsupported fingerprint method: "
                                          f"{_as_bytes(np.asarray(method).item()).decode('utf-8', 'replace')}")
    data = np.asarray(data)
    prints = [_row_fingerprint(data[i:i + 1]) for i in range(data.shape[0])]
    return np.frombuffer(struct.pack(f"<{len(prints)}Q", *prints), np.uint8).reshape(len(prints), 8).copy()


def fingerprint(data, method="farmhash64", name=None):
    """An 8-byte FarmHash fingerprint of each row of `data` (tf.fingerprint)."""
    return apply_gen("Fingerprint", [("data", data, None), ("method", method, dtypes.string)], name=name)


__all__ = ["fingerprint", "string_to_hash_bucket", "string_to_hash_bucket_fast", "string_to_hash_bucket_strong"]
