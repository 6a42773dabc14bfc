"""TFRecord files, byte for byte as TensorFlow writes them (tf.python_io).

Each record is framed as (all little-endian)::

    uint64 length | uint32 masked_crc32c(length) | data | uint32 masked_crc32c(data)

and the whole file may be one GZIP or ZLIB stream. Offsets in error messages and
`TFRecordFile.offset` count uncompressed bytes, as TF's RecordReader does. A record's length
is read from the file, so a read of it never asks for more than the bytes left (a stream is read
in chunks): a huge or damaged length is a DataLossError naming the file, not that allocation.
"""
import functools
import os
import re
import struct
import zlib
from typing import Iterator, Optional, Union

from tfsess.framework import bounded_io, errors

_HEADER = 12  # uint64 length + uint32 crc of it
_FOOTER = 4
_MASK_DELTA = 0xA282EAD8
_CHUNK = 256 * 1024
_WBITS = {"ZLIB": zlib.MAX_WBITS, "GZIP": zlib.MAX_WBITS + 16}  # TF's zlib window_bits


def _error(name: str, message: str) -> Exception:
    return getattr(errors, name)(None, None, message)


@functools.lru_cache(maxsize=None)
def _crc32c():
    """google-crc32c, imported on first use: numpy stays tfsess's only hard dependency."""
    try:
        import google_crc32c
    except ImportError:
        raise ImportError("TFRecord files need the google-crc32c package: "
                          "pip install 'tfsess[io]' (or pip install google-crc32c)") from None
    return google_crc32c.value


def masked_crc32c(data: bytes) -> int:
    """CRC32C of `data`, rotated right by 15 bits plus a constant (TF's crc32c::Mask)."""
    crc = _crc32c()(bytes(data))
    return (((crc >> 15) | (crc << 17)) + _MASK_DELTA) & 0xFFFFFFFF


def encode_record(data: bytes) -> bytes:
    """Returns the framed on-disk bytes of one record."""
    length = struct.pack("<Q", len(data))
    return b"".join((length, struct.pack("<I", masked_crc32c(length)),
                     data, struct.pack("<I", masked_crc32c(data))))


class TFRecordCompressionType:
    """The compression of a whole TFRecord file."""
    NONE = 0
    ZLIB = 1
    GZIP = 2


class TFRecordOptions:
    """Options for TFRecordWriter / tf_record_iterator: the compression type and zlib's settings.

    The zlib settings (None: zlib's default) shape what a TFRecordWriter writes; a reader only
    needs the compression type. input/output_buffer_size only size TF's buffers, not the bytes.

    Raises:
      ValueError: `compression_type` names no known compression type (checked here, kept as given).
    """
    compression_type_map = {TFRecordCompressionType.ZLIB: "ZLIB",
                            TFRecordCompressionType.GZIP: "GZIP",
                            TFRecordCompressionType.NONE: ""}

    def __init__(self, compression_type: Union[int, str, None] = None, flush_mode=None,
                 input_buffer_size=None, output_buffer_size=None, window_bits=None,
                 compression_level=None, compression_method=None, mem_level=None,
                 compression_strategy=None):
        self.get_compression_type_string(compression_type)
        self.compression_type = compression_type
        self.flush_mode = flush_mode
        self.input_buffer_size = input_buffer_size
        self.output_buffer_size = output_buffer_size
        self.window_bits = window_bits
        self.compression_level = compression_level
        self.compression_method = compression_method
        self.mem_level = mem_level
        self.compression_strategy = compression_strategy

    @classmethod
    def get_compression_type_string(cls, options) -> str:
        """Returns '', 'ZLIB' or 'GZIP' for an options object, constant or string.

        Raises:
          ValueError: `options` names no known compression type.
        """
        if not options:
            return ""
        if isinstance(options, TFRecordOptions):
            return cls.get_compression_type_string(options.compression_type)
        if options in cls.compression_type_map:
            return cls.compression_type_map[options]
        if options in cls.compression_type_map.values():
            return options
        raise ValueError('Not a valid compression_type: "{}"'.format(options))


class _DeflateWriter:
    """A zlib or gzip stream; `options` (a TFRecordOptions) may set zlib's parameters."""

    def __init__(self, raw, wbits: int, options: Optional[TFRecordOptions] = None):
        def pick(name, default):
            value = getattr(options, name, None)
            return default if value is None else value
        self._raw = raw
        self._z = zlib.compressobj(pick("compression_level", zlib.Z_DEFAULT_COMPRESSION),
                                   pick("compression_method", zlib.DEFLATED), pick("window_bits", wbits),
                                   pick("mem_level", zlib.DEF_MEM_LEVEL),
                                   pick("compression_strategy", zlib.Z_DEFAULT_STRATEGY))
        self._flush_mode = pick("flush_mode", zlib.Z_NO_FLUSH)

    def write(self, data: bytes) -> None:
        self._raw.write(self._z.compress(data))
        if self._flush_mode != zlib.Z_NO_FLUSH:
            self._raw.write(self._z.flush(self._flush_mode))

    def flush(self) -> None:
        self._raw.write(self._z.flush(zlib.Z_SYNC_FLUSH))
        self._raw.flush()

    def close(self) -> None:
        self._raw.write(self._z.flush())
        self._raw.close()


def _inflate_message(exc: zlib.error) -> str:
    """zlib's "Error -3 while decompressing data: why" as TF words it."""
    match = re.match(r"Error (-?\d+) while decompressing data: (.*)", str(exc))
    if not match:
        return "inflate() failed: {}".format(exc)
    return "inflate() failed with error {}: {}".format(*match.groups())


class _InflateReader:
    """read(n) over a zlib or gzip stream; concatenated gzip members read as one."""

    def __init__(self, raw, wbits: int):
        self._raw, self._wbits = raw, wbits
        self._z = zlib.decompressobj(wbits)
        self._in = b""

    def read(self, n: int) -> bytes:
        parts = []
        while n > 0:
            if self._z.eof:
                self._in = self._z.unused_data or self._raw.read(_CHUNK)
                if not self._in:
                    break
                self._z = zlib.decompressobj(self._wbits)
            elif not self._in:
                self._in = self._raw.read(_CHUNK)
                if not self._in:
                    break  # compressed stream cut short: the record layer reports it
            try:
                got = self._z.decompress(self._in, n)
            except zlib.error as e:  # TF's ZlibInputStream: "inflate() failed with error -3: ..."
                raise _error("DataLossError", "{} (file {})".format(_inflate_message(e), self._raw.name)) from None
            self._in = self._z.unconsumed_tail
            parts.append(got)
            n -= len(got)
        return b"".join(parts)

    def close(self) -> None:
        self._raw.close()


def _open(path: str, mode: str, compression: str, options: Optional[TFRecordOptions] = None):
    try:
        raw = open(path, mode)
    except (FileNotFoundError, NotADirectoryError):
        raise _error("NotFoundError", "{}; No such file or directory".format(path)) from None
    except IsADirectoryError:
        raise _error("FailedPreconditionError", "{}; Is a directory".format(path)) from None
    if not compression:
        return raw
    if "r" in mode:
        return _InflateReader(raw, _WBITS[compression])
    return _DeflateWriter(raw, _WBITS[compression], options)


class TFRecordWriter:
    """Writes records to a TFRecord file (tf.python_io.TFRecordWriter).

    Args:
      path: the file to create (truncated if it exists).
      options: a TFRecordOptions (its zlib settings are used), a TFRecordCompressionType constant,
        or '', 'ZLIB', 'GZIP'.

    Raises:
      NotFoundError: the directory of `path` does not exist.
    """

    def __init__(self, path, options=None):
        if not isinstance(options, TFRecordOptions):
            options = TFRecordOptions(options)
        compression = TFRecordOptions.get_compression_type_string(options)
        self._f = _open(os.fspath(path), "wb", compression, options)

    def write(self, record: Union[bytes, str]) -> None:
        """Appends one record (str is written as UTF-8, like TF's compat.as_bytes)."""
        if isinstance(record, str):
            record = record.encode("utf-8")
        self._f.write(encode_record(bytes(record)))

    def flush(self) -> None:
        self._f.flush()

    def close(self) -> None:
        if self._f is not None:
            self._f.close()
            self._f = None

    def __enter__(self) -> "TFRecordWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class TFRecordFile:
    """Reads the records of one TFRecord file in order, remembering its position.

    `offset` is the uncompressed byte offset of the next record; a reader op keys
    the record it returns with the offset taken before `read_record()`.

    Raises:
      NotFoundError: `path` does not exist.
    """

    def __init__(self, path, options=None, offset: int = 0):
        self.path = os.fspath(path)
        self._f = _open(self.path, "rb", TFRecordOptions.get_compression_type_string(options))
        self.offset = 0
        while self.offset < offset:  # compressed streams cannot seek, so read forward
            skipped = len(self._f.read(min(_CHUNK, offset - self.offset)))
            if not skipped:
                break
            self.offset += skipped

    def _corrupt(self, what: str, at: int) -> Exception:
        return _error("DataLossError", "{}: {} record at {}".format(self.path, what, at))

    def _read(self, n: int) -> bytes:
        """Up to `n` bytes: a length read from the file costs no more than the bytes the file holds.

        Damage under the compression is the stream's DataLossError ("inflate() failed ...", as in TF,
        then the file's name)."""
        return bounded_io.read_at_most(self._f, n)

    def read_record(self) -> Optional[bytes]:
        """Returns the next record's bytes, or None at the end of the file.

        Raises:
          DataLossError: a checksum mismatch or a record cut off in the middle.
        """
        start = self.offset
        header = self._read(_HEADER)
        if len(header) < _HEADER:
            return None  # TF reads a short header (even a partial one) as the end of the file
        length, length_crc = struct.unpack("<QI", header)
        if masked_crc32c(header[:8]) != length_crc:
            raise self._corrupt("corrupted", start)
        body = self._read(length + _FOOTER)
        if len(body) < length + _FOOTER:
            raise self._corrupt("truncated", start)
        data = body[:length]
        if masked_crc32c(data) != struct.unpack("<I", body[length:])[0]:
            raise self._corrupt("corrupted", start + _HEADER)  # TF names the data offset
        self.offset = start + _HEADER + length + _FOOTER
        return data

    def close(self) -> None:
        self._f.close()

    def __enter__(self) -> "TFRecordFile":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def tf_record_iterator(path, options=None) -> Iterator[bytes]:
    """Yields the records of a TFRecord file (tf.python_io.tf_record_iterator).

    Raises:
      NotFoundError: `path` does not exist (on the first next()).
      DataLossError: a corrupted or truncated record, naming the file and offset.
    """
    with TFRecordFile(path, options) as f:
        record = f.read_record()
        while record is not None:
            yield record
            record = f.read_record()
