"""Decoding tf.train.Example / SequenceExample wire bytes without protobuf.

A Feature decodes to (kind, values) with kind "bytes", "float" or "int64" (None for a Feature
with no list set); Features to a dict of them; a SequenceExample to (context, feature_lists).
Raises ValueError for bytes that are not such a message.
"""
from __future__ import annotations

import struct

import numpy as np

_KINDS = {1: "bytes", 2: "float", 3: "int64"}


def _varint(buf, pos):
    result = shift = 0
    while True:
        if pos >= len(buf):
            raise ValueError("truncated varint")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, pos
        shift += 7
        if shift > 63:
            raise ValueError("varint too long")


def fields(buf):
    """(field number, wire type, value) of each field: ints for varints, bytes otherwise."""
    pos, n = 0, len(buf)
    while pos < n:
        key, pos = _varint(buf, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            length, pos = _varint(buf, pos)
            value, pos = buf[pos:pos + length], pos + length
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError(f"unsupported wire type {wire}")
        if pos > n:
            raise ValueError("truncated field")
        yield number, wire, value


def _signed(v):
    return v - (1 << 64) if v >= 1 << 63 else v


def _int64s(wire, value):
    if wire == 0:
        return [_signed(value)]
    out, pos = [], 0
    while pos < len(value):
        v, pos = _varint(value, pos)
        out.append(_signed(v))
    return out


def _floats(wire, value):
    if len(value) % 4:
        raise ValueError("bad packed float list")
    return list(struct.unpack(f"<{len(value) // 4}f", value))


def feature(buf):
    kind, values = None, []
    for number, wire, value in fields(buf):
        if number not in _KINDS:
            continue
        kind = _KINDS[number]
        for _, w, v in fields(value):
            if kind == "bytes":
                values.append(bytes(v))
            elif kind == "float":
                values.extend(_floats(w, v))
            else:
                values.extend(_int64s(w, v))
    return kind, values


def _map_entry(buf):
    key, value = "", b""
    for number, _, v in fields(buf):
        if number == 1:
            key = bytes(v).decode()
        elif number == 2:
            value = v
    return key, value


def features(buf):
    """A Features message (name -> (kind, values))."""
    out = {}
    for number, wire, value in fields(buf):
        if number == 1 and wire == 2:
            key, raw = _map_entry(value)
            out[key] = feature(raw)
    return out


def example(buf):
    """An Example message: its features (name -> (kind, values))."""
    out = {}
    for number, wire, value in fields(bytes(buf)):
        if number == 1 and wire == 2:
            out.update(features(value))
    return out


def sequence_example(buf):
    """A SequenceExample: (context features, name -> list of (kind, values) per step)."""
    context, lists = {}, {}
    for number, wire, value in fields(bytes(buf)):
        if number == 1 and wire == 2:
            context.update(features(value))
        elif number == 2 and wire == 2:
            for n2, w2, entry in fields(value):
                if n2 == 1 and w2 == 2:
                    key, raw = _map_entry(entry)
                    lists[key] = [feature(f) for n3, _, f in fields(raw) if n3 == 1]
    return context, lists


def as_values(kind, values, np_dtype):
    if kind == "bytes":
        return np.array(values, dtype=object)
    return np.array(values, dtype=np_dtype)
