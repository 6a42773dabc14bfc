"""Reading files that may be damaged or hostile: every claimed size is checked against what exists.

The loaders (TFRecord, checkpoints, event files, GraphDefs) read lengths, offsets, shapes and
nesting from the file itself. These helpers make each claim safe to act on: a read allocates no
more than the file holds, an element count is exact (Python ints, never a wrapping int64) and
bounded by int64 as TF's shapes are, and nesting is measured before a recursive parser sees it.
Each raises ValueError saying what is wrong; the loader turns it into its own error naming the file.
"""
from __future__ import annotations

import os
import re
import stat

import numpy as np

MAX_INT64 = 2**63 - 1
MAX_NESTING = 64  # far deeper than any file tfsess or TF writes, far shallower than Python's stack
TEXT_PROTO_NESTING = 100  # protobuf's own default recursion limit, for binary and text messages alike
_READ_CHUNK = 1 << 20
# A JSON string, or an unterminated one up to the end: the greedy path always matches, so no backtracking.
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.?)*(?:"|\Z)', re.S)
# Protobuf text strings (either quote, to the end of their line) and comments, whose brackets do not count.
_TEXT_PROTO_SKIPPED = re.compile(rb'"(?:[^"\\\n]|\\.?)*(?:"|$)|\'(?:[^\'\\\n]|\\.?)*(?:\'|$)|#[^\n]*', re.M)


def bytes_left(f):
    """The bytes from `f`'s position to the end of the regular file it reads, or None for a stream."""
    try:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            return None
        return max(info.st_size - f.tell(), 0)
    except (AttributeError, OSError, ValueError):
        return None


def read_at_most(f, n: int) -> bytes:
    """Up to `n` bytes from the file object `f`, as f.read(n), allocating no more than `f` holds.

    A regular file reads min(n, bytes left); a stream (e.g. a decompressor) reads in chunks until
    `n` bytes or its end, so a huge `n` claimed by the file costs only the bytes that exist.
    """
    if n <= 0:
        return b""
    left = bytes_left(f)
    if left is not None:
        return f.read(min(n, left))
    parts, got = [], 0
    while got < n:
        chunk = f.read(min(_READ_CHUNK, n - got))
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def element_count(dims) -> int:
    """The number of elements of a shape `dims` (ints), exactly; ValueError for a negative or int64-overflowing one."""
    count = 1
    for d in dims:
        if not isinstance(d, int) or isinstance(d, bool) or d < 0:
            raise ValueError(f"shape {_shape_text(dims)} has a dimension that is not a non-negative integer")
        count *= d
    if count > MAX_INT64 or any(d > MAX_INT64 for d in dims):
        raise ValueError(f"shape {_shape_text(dims)} is too large (more than 2**63 - 1 entries)")
    return count


def _shape_text(dims):
    text = "[" + ",".join(str(d) for d in dims) + "]"
    return text if len(text) <= 200 else text[:200] + f"... ({len(text)} characters)"


def check_json_nesting(raw: bytes, limit: int = MAX_NESTING) -> None:
    """Raises ValueError if the JSON text `raw` nests arrays/objects deeper than `limit` (before json.loads recurses)."""
    _check_nesting(_JSON_STRING.sub(b"", raw), b"[{", b"]}", limit)  # brackets inside strings do not count


def check_text_proto_nesting(raw: bytes, limit: int = TEXT_PROTO_NESTING) -> None:
    """Raises ValueError if the protobuf text `raw` nests messages deeper than `limit` (before text_format recurses)."""
    _check_nesting(_TEXT_PROTO_SKIPPED.sub(b"", raw), b"{<", b"}>", limit)


def _check_nesting(text: bytes, openers: bytes, closers: bytes, limit: int) -> None:
    codes = np.frombuffer(text, dtype=np.uint8)
    steps = np.isin(codes, list(openers)).astype(np.int64) - np.isin(codes, list(closers))
    if steps.size and int(np.cumsum(steps).max()) > limit:
        raise ValueError(f"nested more than {limit} levels deep")
