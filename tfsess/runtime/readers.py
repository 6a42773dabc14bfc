"""Reader resources: the per-session state behind TextLineReader, WholeFileReader,
FixedLengthRecordReader, TFRecordReader and IdentityReader (TF's ReaderBase).

A reader works through "work units" (file names) that it dequeues, one at a time, from a
string queue; within a work unit it produces records keyed as TF keys them. A read blocks on the
queue like a dequeue and fails with the queue's OutOfRangeError once the queue is closed and
empty.
"""
from __future__ import annotations

import os
import threading

from tfsess.framework import dtypes, errors
from tfsess.runtime import tfrecord


def open_file(path: str, compression: str = ""):
    """Opens `path` for reading (optionally a ZLIB/GZIP stream) with TF's errors."""
    if os.path.isdir(path):
        raise errors.FailedPreconditionError(None, None, f"{path}; Is a directory")
    try:
        return tfrecord._open(path, "rb", compression)  # NotFoundError "<path>; No such file or directory"
    except PermissionError:
        raise errors.PermissionDeniedError(None, None, f"{path}; Permission denied") from None


def read_file(path: str) -> bytes:
    with open_file(path) as f:
        return f.read()


def _varint(value: int) -> bytes:
    value &= 2**64 - 1  # negative int64s take ten bytes, as in protobuf
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _varint_field(number: int, value: int) -> bytes:
    return _varint(number << 3) + _varint(value)


def _bytes_field(number: int, data: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(data)) + data


def _read_varint(data: bytes, pos: int):
    result = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, pos


def _parse_fields(data: bytes) -> dict:
    """The varint (as int64) and bytes fields of a serialized proto, by field number."""
    fields, pos = {}, 0
    while pos < len(data):
        key, pos = _read_varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _read_varint(data, pos)
            fields[number] = value - 2**64 if value >= 2**63 else value
        elif wire == 2:
            length, pos = _read_varint(data, pos)
            if pos + length > len(data):
                raise ValueError("truncated field")
            fields[number], pos = data[pos:pos + length], pos + length
        elif wire in (1, 5):  # fixed64 / fixed32 fields are valid, and unknown to ReaderBaseState
            pos += 8 if wire == 1 else 4
            if pos > len(data):
                raise ValueError("truncated field")
        else:
            raise ValueError(f"unexpected wire type {wire}")
    return fields


_C_ESCAPES = {ord("\n"): r"\n", ord("\r"): r"\r", ord("\t"): r"\t", ord('"'): r'\"', ord("'"): r"\'",
              ord("\\"): r"\\"}


def _c_escape(data: bytes) -> str:
    """absl's CEscape: printable ASCII stays, quotes and backslashes escape, other bytes as octal."""
    return "".join(_C_ESCAPES.get(b) or (chr(b) if 32 <= b < 127 else f"\\{b:03o}") for b in data)


class ReaderBase:
    """Work-unit bookkeeping shared by every reader; subclasses read the records of one unit."""

    def __init__(self):
        self._lock = threading.Lock()
        self._work = b""
        self.work_started = 0
        self.work_finished = 0
        self.records_produced = 0

    _last_in_unit = False

    # ------------------------------------------------------------ subclass hooks
    def _on_work_started(self):
        pass

    def _on_work_finished(self):
        pass

    def _read_record(self):
        """The next (key, value) of the current work unit, or None at its end.

        A reader whose record is also the unit's last sets `_last_in_unit` (TF's produced and
        at_end together).
        """
        raise NotImplementedError

    def _reset(self):
        pass

    # ------------------------------------------------------------ operations
    @property
    def _path(self) -> str:
        return os.fsdecode(self._work)

    def _in_progress(self) -> bool:
        return self.work_finished < self.work_started

    def _next_work(self, queue, remaining):
        element = queue.dequeue(remaining)
        if len(element) != 1:
            raise errors.InvalidArgumentError(None, None, "Expected single component queue")
        if queue.dtypes[0].base_dtype != dtypes.string:
            raise errors.InvalidArgumentError(None, None, "Expected queue with single string component")
        if element[0].size != 1:
            raise errors.InvalidArgumentError(None, None, "Expected to dequeue a one-element string tensor")
        work = element[0].reshape(()).item()
        self._work = work if isinstance(work, bytes) else str(work).encode()
        self._on_work_started()
        self.work_started += 1

    def _finish_work(self):
        self._on_work_finished()
        self.work_finished = self.work_started

    def _step(self, queue, remaining):
        """One record of the current (or next) work unit, or None; finishes units that end."""
        if not self._in_progress():
            self._next_work(queue, remaining)
        record = self._read_record()
        if record is None or self._last_in_unit:
            self._finish_work()
        if record is not None:
            self.records_produced += 1
        return record

    def read(self, queue, remaining=None):
        """The next (key, value) record, taking new work units from `queue` as needed."""
        with self._lock:
            while True:
                record = self._step(queue, remaining)
                if record is not None:
                    return record

    def read_up_to(self, queue, num_records, remaining=None):
        """Up to `num_records` records, all from one work unit (fewer where the unit ends)."""
        keys, values = [], []
        with self._lock:
            while len(keys) < num_records:
                record = self._step(queue, remaining)
                if record is not None:
                    keys.append(record[0])
                    values.append(record[1])
                if keys and not self._in_progress():
                    break
        return keys, values

    # ------------------------------------------------------------ state (TF's ReaderBaseState proto)
    _serializable = False
    node_name = ""  # the reader op's name, set by its kernel

    @property
    def label(self) -> str:
        """How TF's messages name the reader: `IdentityReader 'name'`."""
        return f"{type(self).__name__} '{self.node_name}'"

    def _state_fields(self):
        return ((1, "work_started", self.work_started), (2, "work_finished", self.work_finished),
                (3, "num_records_produced", self.records_produced))

    def serialize_state(self) -> bytes:
        with self._lock:
            if not self._serializable:
                raise errors.UnimplementedError(None, None, "Reader SerializeState")
            return b"".join(_varint_field(n, v) for n, _, v in self._state_fields() if v) + \
                (_bytes_field(4, self._work) if self._work else b"")

    def restore_state(self, state: bytes):
        with self._lock:
            try:
                self._restore_locked(state)
            except errors.OpError:
                self._reset_locked()  # TF's RestoreState resets the reader after any failure
                raise

    def _restore_locked(self, state: bytes):
        if not self._serializable:
            raise errors.UnimplementedError(None, None, "Reader RestoreState")
        try:
            fields = _parse_fields(state)
        except (IndexError, ValueError):
            raise errors.InvalidArgumentError(None, None, f"Could not parse state for {self.label}: "
                                                          f"{_c_escape(state)}") from None
        self.work_started, self.work_finished, self.records_produced = (fields.get(n, 0) for n in (1, 2, 3))
        self._work = fields.get(4, b"")
        if min(self.work_started, self.work_finished, self.records_produced) < 0:
            raise errors.InvalidArgumentError(None, None, f"Unexpected negative value when restoring in "
                                                          f"{self.label}: {self._debug_state()}")
        if self.work_started > self.work_finished:
            raise errors.InvalidArgumentError(None, None, f"Inconsistent work started vs. finished when "
                                                          f"restoring in {self.label}: {self._debug_state()}")

    def _debug_state(self) -> str:
        """The state in protobuf's text format, as TF's DebugString writes it (less protobuf's debug marker)."""
        lines = [f"{name}: {value}\n" for _, name, value in self._state_fields() if value]
        return "".join(lines) + (f'current_work: "{_c_escape(self._work)}"\n' if self._work else "")

    def reset(self):
        with self._lock:
            self._reset_locked()

    def _reset_locked(self):
        self._reset()
        self._work = b""
        self.work_started = self.work_finished = self.records_produced = 0


class _FileReader(ReaderBase):
    """A reader holding one open file (`_file`) per work unit, closed when the unit ends."""

    _file = None

    def _on_work_finished(self):
        self._reset()

    def _reset(self):
        if self._file is not None:
            self._file.close()
            self._file = None


class TextLineReader(_FileReader):
    """Lines of text files, keyed `file:line_number` (1-based, header lines counted)."""

    def __init__(self, skip_header_lines=0):
        super().__init__()
        self.skip_header_lines = int(skip_header_lines or 0)
        self._file = None
        self._line = 0

    def _on_work_started(self):
        self._file = open_file(self._path)
        self._line = 0
        while self._line < self.skip_header_lines:
            if self._next_line() is None:
                break  # a file shorter than its header yields nothing
            self._line += 1

    def _next_line(self):
        line = self._file.readline()
        if not line.endswith(b"\n"):
            line = line[:-1] if line.endswith(b"\r") else line
            return line or None  # an empty tail (after stripping) is the end of the file
        line = line[:-1]
        return line[:-1] if line.endswith(b"\r") else line

    def _read_record(self):
        line = self._next_line()
        self._line += 1
        if line is None:
            return None
        return self._work + b":" + str(self._line).encode(), line


class WholeFileReader(ReaderBase):
    """Each file is one record: key the file name, value its contents."""

    _last_in_unit = True
    _serializable = True

    def _read_record(self):
        return self._work, read_file(self._path)


class IdentityReader(ReaderBase):
    """Each work unit is one record whose key and value are the work unit itself."""

    _last_in_unit = True
    _serializable = True

    def _read_record(self):
        return self._work, self._work


class FixedLengthRecordReader(_FileReader):
    """Fixed-size records after a header, each followed by at least `footer_bytes` (keys `file:n`)."""

    def __init__(self, record_bytes, header_bytes=0, footer_bytes=0, hop_bytes=0, encoding=""):
        super().__init__()
        for name, value in (("header_bytes", header_bytes), ("record_bytes", record_bytes),
                            ("footer_bytes", footer_bytes), ("hop_bytes", hop_bytes)):
            if value < 0:
                raise errors.InvalidArgumentError(None, None, f"{name} must be >= 0 not {value}")
        self.record_bytes, self.header_bytes, self.footer_bytes = record_bytes, header_bytes, footer_bytes
        self.hop_bytes = hop_bytes or record_bytes
        self.encoding = encoding or ""
        self._file = None
        self._cache = b""
        self._number = 0

    def _on_work_started(self):
        self._number = 0
        self._cache = b""
        self._file = open_file(self._path, self.encoding)
        if len(self._file.read(self.header_bytes)) < self.header_bytes:
            self._reset()
            raise errors.OutOfRangeError(None, None, f"reached end of file {self._path} while skipping the header")

    def _read_record(self):
        if self._number:
            if self.hop_bytes <= len(self._cache):
                self._cache = self._cache[self.hop_bytes:]
            else:
                skip = self.hop_bytes - len(self._cache)
                self._cache = b""
                if len(self._file.read(skip)) < skip:
                    return None
        need = self.record_bytes + self.footer_bytes - len(self._cache)
        data = self._file.read(need)
        if len(data) < need:
            return None
        self._cache += data
        key = self._work + b":" + str(self._number).encode()
        self._number += 1
        return key, self._cache[:self.record_bytes]

    def _reset(self):
        super()._reset()
        self._cache = b""


class TFRecordReader(_FileReader):
    """The records of TFRecord files, keyed `file:offset`; corruption raises DataLossError."""

    def __init__(self, compression_type=""):
        super().__init__()
        self.compression_type = compression_type or ""
        self._file = None
        self._offset = 0

    def _on_work_started(self):
        self._offset = 0
        self._file = tfrecord.TFRecordFile(self._path, self.compression_type)

    def _read_record(self):
        if self._file is None:  # reopen where the last good record ended, after an error
            self._file = tfrecord.TFRecordFile(self._path, self.compression_type, offset=self._offset)
        key = self._work + b":" + str(self._offset).encode()
        try:
            record = self._file.read_record()
        except errors.OpError:
            self._reset()  # TF re-reads the same offset next time, failing again
            raise
        if record is None:
            return None
        self._offset = self._file.offset
        return key, record


READER_CLASSES = {
    "TextLineReaderV2": TextLineReader,
    "WholeFileReaderV2": WholeFileReader,
    "IdentityReaderV2": IdentityReader,
    "FixedLengthRecordReaderV2": FixedLengthRecordReader,
    "TFRecordReaderV2": TFRecordReader,
}
