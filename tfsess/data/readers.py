"""File datasets: TextLineDataset, TFRecordDataset, FixedLengthRecordDataset, and list_files.

Each reads its files in order, one after another, when iterated; the file formats and their
errors come from tfsess/runtime (tfrecord.py, readers.py).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, convert_to_tensor
from tfsess.framework.tensor_shape import TensorShape
from tfsess.runtime import tfrecord
from tfsess.runtime.readers import open_file
from tfsess.data import pipeline, structure
from tfsess.data.dataset_kernels import dataset_op
from tfsess.data.dataset_ops import Dataset

_CHUNK = 1 << 20


def _filenames(filenames):
    t = convert_to_tensor(filenames, dtypes.string, name="filenames")
    if t.shape.ndims not in (None, 0, 1):
        raise TypeError("`filenames` must be a `tf.Tensor` of dtype `tf.string` and rank 0 or 1. "
                        f"Received rank {t.shape.ndims}.")
    return t


def _compression(compression_type):
    return convert_to_tensor(compression_type or "", dtypes.string, name="compression_type")


def _text(value):
    value = value.item() if isinstance(value, np.ndarray) else value
    return value.decode() if isinstance(value, bytes) else str(value)


def _compression_of(value):
    try:
        return tfrecord.TFRecordOptions.get_compression_type_string(_text(value))
    except ValueError as exc:
        raise errors.InvalidArgumentError(None, None, str(exc)) from None


def _paths(filenames):
    return [_text(f) for f in np.asarray(filenames, dtype=object).reshape(-1)]


class _Files(pipeline.Pipeline):
    """The records of each file in turn; `records(path)` yields one file's records as bytes."""

    def __init__(self, paths, records):
        self.paths, self.records = paths, records

    def iterate(self, env):
        for path in self.paths:
            try:
                for record in self.records(path):
                    yield [np.array(record, dtype=object)]
            except errors.OpError as exc:
                yield pipeline.ElementError(exc)
                while getattr(exc, "every_time", False):  # TF failed before moving past the file: it fails again
                    yield pipeline.ElementError(exc)


def _read_all(path, compression):
    f = open_file(path, compression)  # a compressed stream is no context manager
    try:
        parts = []
        while True:
            chunk = f.read(_CHUNK)
            if not chunk:
                return b"".join(parts)
            parts.append(chunk)
    finally:
        f.close()


def _text_lines(compression):
    def records(path):
        data = _read_all(path, compression)
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        for line in lines:
            yield line[:-1] if line.endswith(b"\r") else line
    return records


def _tfrecords(compression):
    def records(path):
        f = tfrecord.TFRecordFile(path, compression)
        try:
            while True:
                record = f.read_record()
                if record is None:
                    return
                yield record
        finally:
            f._f.close()
    return records


def _fixed_length(record_bytes, header_bytes, footer_bytes, compression):
    def records(path):
        data = _read_all(path, compression)
        if len(data) < header_bytes + footer_bytes:
            _too_short(path, len(data), record_bytes, header_bytes, footer_bytes, compression)
            return
        body = data[header_bytes:len(data) - footer_bytes if footer_bytes else len(data)]
        # TF checks an uncompressed file's size before reading it; a compressed one when it ends
        problem = None if len(body) % record_bytes == 0 else (
            f"Excluding the header ({header_bytes} bytes) and footer ({footer_bytes} bytes), input file "
            f"\"{path}\" has body length {len(body)} bytes, which is not an exact multiple of the record "
            f"length ({record_bytes} bytes).")
        if problem and not compression:
            raise _every_time(errors.InvalidArgumentError(None, None, problem))
        for start in range(0, len(body) - record_bytes + 1, record_bytes):
            yield body[start:start + record_bytes]
        if problem:
            raise errors.DataLossError(None, None, problem)
    return records


def _too_short(path, size, record_bytes, header_bytes, footer_bytes, compression):
    """TF's errors for a file shorter than its header and footer (TF's body length is an unsigned count)."""
    stage = 'Iterator "FixedLengthRecordV2" returned `OutOfRange`, which is not expected here. Original message: '
    if compression:
        if size < header_bytes:
            raise errors.InternalError(None, None, stage + "EOF reached")
        return  # the header is there: the records end where the footer should start
    body_length = (size - header_bytes - footer_bytes) % 2**64
    if body_length % record_bytes:
        raise _every_time(errors.InvalidArgumentError(None, None, (
            f"Excluding the header ({header_bytes} bytes) and footer ({footer_bytes} bytes), input file \"{path}\" "
            f"has body length {body_length} bytes, which is not an exact multiple of the record length "
            f"({record_bytes} bytes).")))
    if size < header_bytes:
        raise errors.InternalError(None, None, stage + "Read less bytes than requested")
    # the header is there and the records would end before it does: none


def _every_time(exc):
    """`exc`, marked as TF's check of a file before it opens it: every later get_next fails the same way."""
    exc.every_time = True
    return exc


@dataset_op("TextLineDataset")
def _text_line_dataset(xp, filenames, compression_type, buffer_size):
    return _Files(_paths(filenames), _text_lines(_compression_of(compression_type)))


@dataset_op("TFRecordDataset")
def _tf_record_dataset(xp, filenames, compression_type, buffer_size):
    return _Files(_paths(filenames), _tfrecords(_compression_of(compression_type)))


@dataset_op("FixedLengthRecordDatasetV2")
def _fixed_length_record_dataset(xp, filenames, header_bytes, record_bytes, footer_bytes, buffer_size,
                                 compression_type):
    if int(record_bytes) <= 0:
        raise errors.InvalidArgumentError(None, None, f"record_bytes must be > 0 not {int(record_bytes)}")
    return _Files(_paths(filenames), _fixed_length(int(record_bytes), int(header_bytes), int(footer_bytes),
                                                   _compression_of(compression_type)))


def _string_specs():
    return structure.Spec(dtypes.string, TensorShape([]))


class TextLineDataset(Dataset):
    """The lines of text files, without their line endings (tf.data.TextLineDataset)."""

    def __init__(self, filenames, compression_type=None, buffer_size=None, num_parallel_reads=None, name=None):
        inputs = [_filenames(filenames), _compression(compression_type),
                  convert_to_tensor(buffer_size or 256 * 1024, dtypes.int64, name="buffer_size")]
        super().__init__(apply1("TextLineDataset", inputs, name="TextLineDataset"), _string_specs())


class TFRecordDataset(Dataset):
    """The records of TFRecord files (tf.data.TFRecordDataset); corruption raises DataLossError."""

    def __init__(self, filenames, compression_type=None, buffer_size=None, num_parallel_reads=None, name=None):
        inputs = [_filenames(filenames), _compression(compression_type),
                  convert_to_tensor(buffer_size or 256 * 1024, dtypes.int64, name="buffer_size")]
        super().__init__(apply1("TFRecordDataset", inputs, name="TFRecordDataset"), _string_specs())


class FixedLengthRecordDataset(Dataset):
    """Records of `record_bytes` bytes between a header and a footer (tf.data.FixedLengthRecordDataset)."""

    def __init__(self, filenames, record_bytes, header_bytes=None, footer_bytes=None, buffer_size=None,
                 compression_type=None, num_parallel_reads=None, name=None):
        ints = [convert_to_tensor(v or 0, dtypes.int64, name=n) for v, n in (
            (header_bytes, "header_bytes"), (record_bytes, "record_bytes"), (footer_bytes, "footer_bytes"),
            (buffer_size, "buffer_size"))]
        inputs = [_filenames(filenames)] + ints + [_compression(compression_type)]
        super().__init__(apply1("FixedLengthRecordDatasetV2", inputs, name="FixedLengthRecordDataset"),
                         _string_specs())


__all__ = ["FixedLengthRecordDataset", "TFRecordDataset", "TextLineDataset"]
