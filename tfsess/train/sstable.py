"""LevelDB-style sorted string tables, as TensorFlow's lib/io/table writes them (a V2 checkpoint's `.index`).

Layout (all integers little-endian)::

    data block ... | metaindex block | index block | footer (48 bytes)

A block is its entries (varint32 shared-prefix length, varint32 unshared length, varint32 value
length, the unshared key bytes, the value), then uint32 restart offsets and their uint32 count,
followed by a 5-byte trailer: a compression byte (0: none, the only kind TF's checkpoints use) and
the masked CRC32C of the block plus that byte. The index block maps a key >= every key of a data
block to that block's handle (varint64 offset, varint64 size). The footer holds the metaindex and
index handles, zero padding to 40 bytes and the magic 0xdb4775248b80fb57.

The reader trusts nothing: every handle, length and offset is checked against the file before it is
used, so a damaged or hostile file raises DataLossError naming it, never allocates past its size.
"""
from __future__ import annotations

import struct

from tfsess.framework import errors
from tfsess.runtime.tfrecord import masked_crc32c

MAGIC = 0xDB4775248B80FB57
FOOTER_SIZE = 48
_TRAILER = 5
_BLOCK_SIZE = 262144     # TF's table::Options default (LevelDB's is 4096)
_RESTART_INTERVAL = 16   # TF's default: a full key every 16 entries


def varint(value: int) -> bytes:
    """`value` as a protobuf/LevelDB base-128 varint."""
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _handle(offset: int, size: int) -> bytes:
    return varint(offset) + varint(size)


class _BlockBuilder:
    def __init__(self, restart_interval):
        self._interval = restart_interval
        self._buf = bytearray()
        self._restarts = [0]
        self._count = 0
        self._last = b""

    def add(self, key: bytes, value: bytes):
        shared = 0
        if self._count < self._interval:
            limit = min(len(key), len(self._last))
            while shared < limit and key[shared] == self._last[shared]:
                shared += 1
        else:
            self._restarts.append(len(self._buf))
            self._count = 0
        self._buf += varint(shared) + varint(len(key) - shared) + varint(len(value))
        self._buf += key[shared:] + value
        self._last = key
        self._count += 1

    def size(self) -> int:
        return len(self._buf) + 4 * len(self._restarts) + 4

    def empty(self) -> bool:
        return not self._buf

    def finish(self) -> bytes:
        return bytes(self._buf) + struct.pack(f"<{len(self._restarts) + 1}I", *self._restarts, len(self._restarts))


def _shortest_separator(start: bytes, limit: bytes) -> bytes:
    """A short key >= start and < limit (LevelDB's BytewiseComparator::FindShortestSeparator)."""
    common = 0
    while common < min(len(start), len(limit)) and start[common] == limit[common]:
        common += 1
    if common < min(len(start), len(limit)) and start[common] < 0xFF and start[common] + 1 < limit[common]:
        return start[:common] + bytes([start[common] + 1])
    return start


def _short_successor(key: bytes) -> bytes:
    """A short key >= key (LevelDB's BytewiseComparator::FindShortSuccessor)."""
    for i, byte in enumerate(key):
        if byte != 0xFF:
            return key[:i] + bytes([byte + 1])
    return key


def build_table(items) -> bytes:
    """The bytes of a table holding `items`, (key bytes, value bytes) pairs in strictly increasing key order.

    Blocks, restart points and index keys are chosen as TF's TableBuilder chooses them, so the bytes
    are the same as TF's for the same entries.

    Raises:
        ValueError: keys out of order or repeated.
    """
    out = bytearray()
    index = _BlockBuilder(1)
    block = _BlockBuilder(_RESTART_INTERVAL)
    last, pending = None, None  # pending: the handle of a flushed block whose index key waits for the next key

    def write(contents):
        handle = _handle(len(out), len(contents))
        out.extend(contents + b"\0" + struct.pack("<I", masked_crc32c(contents + b"\0")))
        return handle

    for key, value in items:
        if last is not None and key <= last:
            raise ValueError(f"table keys must increase: {key!r} after {last!r}")
        if pending is not None:
            index.add(_shortest_separator(last, key), pending)
            pending = None
        block.add(key, value)
        last = key
        if block.size() >= _BLOCK_SIZE:
            pending = write(block.finish())
            block = _BlockBuilder(_RESTART_INTERVAL)
    if not block.empty():
        pending = write(block.finish())
    if pending is not None:
        index.add(_short_successor(last), pending)
    handles = write(_BlockBuilder(_RESTART_INTERVAL).finish()) + write(index.finish())  # metaindex (empty), index
    footer = handles.ljust(FOOTER_SIZE - 8, b"\0") + struct.pack("<Q", MAGIC)
    return bytes(out + footer)


# ------------------------------------------------------------------ reading
class _Cursor:
    """Reads varints from a bytes object, raising DataLossError past its end."""

    def __init__(self, data: bytes, pos: int, end: int, fail):
        self.data, self.pos, self.end, self.fail = data, pos, end, fail

    def varint(self, max_bits=64) -> int:
        result = shift = 0
        while self.pos < self.end and shift < max_bits:
            byte = self.data[self.pos]
            self.pos += 1
            result |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return result
            shift += 7
        raise self.fail("bad varint")

    def take(self, n: int) -> bytes:
        if n > self.end - self.pos:
            raise self.fail("entry runs past its block")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out


def is_table(data: bytes) -> bool:
    """Whether `data` ends with a table footer's magic number."""
    return len(data) >= FOOTER_SIZE and struct.unpack("<Q", data[-8:])[0] == MAGIC


def read_table(data: bytes, filename: str) -> list:
    """[(key, value)] of every entry of the table `data` (the whole file), in file order.

    Raises:
        errors.DataLossError: `data` is not a well-formed table (names `filename`).
    """
    def fail(why):
        return errors.DataLossError(None, None, f"Corrupted table file {filename}: {why}")

    if len(data) < FOOTER_SIZE:
        raise fail("file is too short to be an sstable")
    if not is_table(data):
        raise fail("not an sstable (bad magic number)")
    footer = _Cursor(data, len(data) - FOOTER_SIZE, len(data) - 8, fail)
    footer.varint(), footer.varint()  # the metaindex block: TF's checkpoints keep nothing in it
    index = _block(data, footer.varint(), footer.varint(), fail)
    items = []
    for _, handle in _entries(index, fail):
        cursor = _Cursor(handle, 0, len(handle), fail)
        items.extend(_entries(_block(data, cursor.varint(), cursor.varint(), fail), fail))
    return items


def _block(data: bytes, offset: int, size: int, fail) -> bytes:
    """The contents of the block at `offset`, its trailer's checksum verified."""
    limit = len(data) - FOOTER_SIZE
    if offset > limit or size > limit - offset or _TRAILER > limit - offset - size:
        raise fail(f"block handle ({offset}, {size}) points past the end of the file")
    contents = data[offset:offset + size]
    kind, crc = struct.unpack("<BI", data[offset + size:offset + size + _TRAILER])
    if masked_crc32c(contents + bytes([kind])) != crc:
        raise fail(f"block checksum mismatch at offset {offset}")
    if kind != 0:
        raise fail(f"block at offset {offset} is compressed (type {kind}); checkpoints are not")
    return contents


def _entries(block: bytes, fail):
    if len(block) < 4:
        raise fail("block too short")
    (restarts,) = struct.unpack("<I", block[-4:])
    if restarts > (len(block) - 4) // 4:
        raise fail("bad restart count")
    end = len(block) - 4 - 4 * restarts
    cursor = _Cursor(block, 0, end, fail)
    key = b""
    out = []
    while cursor.pos < end:
        shared, unshared, length = cursor.varint(32), cursor.varint(32), cursor.varint(32)
        if shared > len(key):
            raise fail("entry shares more of its key than the previous key has")
        key = key[:shared] + cursor.take(unshared)
        out.append((key, cursor.take(length)))
    return out
