"""File I/O ops: readers (tf.TextLineReader, WholeFileReader, FixedLengthRecordReader,
TFRecordReader, IdentityReader), tf.read_file, tf.write_file, tf.matching_files, and the
decoders of what readers produce: tf.decode_csv, tf.decode_raw.

A reader op (`TextLineReaderV2`, ...) outputs a `resource` handle whose kernel returns the
session's reader state (tfsess/runtime/readers.py); `ReaderReadV2` and friends take that handle
and a queue handle.
"""
from __future__ import annotations

import glob
import os
import re

import numpy as np

from tfsess.framework import dtypes as _dtypes
from tfsess.framework import errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op, set_op_fields
from tfsess.framework.tensor_shape import TensorShape
from tfsess.runtime.tfrecord import TFRecordOptions
from tfsess.ops._infer import no_outputs
from tfsess.runtime import readers as _readers
from tfsess.runtime.queues import Queue


def _scalar(dtype):
    return lambda inputs, attrs: [(dtype, TensorShape([]))]


def _strings(value):
    return np.asarray(value, dtype=object)


# ----------------------------------------------------------------- reader resource ops
def _reader_kernel(op_type):
    cls = _readers.READER_CLASSES[op_type]

    def kernel(xp, *, ctx, container="", shared_name="", **options):
        def create():
            reader = cls(**options)
            reader.node_name = ctx.op.name
            return reader
        return ctx.resources.get_or_create(("reader", shared_name or ctx.op.name), create)

    kernel.__name__ = "_" + op_type.lower()
    return kernel


for _op_type in _readers.READER_CLASSES:
    register_op(_op_type, infer=_scalar(_dtypes.resource), needs_ctx=True, stateful=True,
                gpu=False)(_reader_kernel(_op_type))


def _as_reader(handle):
    if not isinstance(handle, _readers.ReaderBase):
        raise errors.InvalidArgumentError(None, None, f"Expected a reader handle, got {type(handle).__name__}")
    return handle


def _as_queue(handle):
    if not isinstance(handle, Queue):
        raise errors.InvalidArgumentError(None, None, f"Expected a queue handle, got {type(handle).__name__}")
    return handle


def _read_infer(inputs, attrs):
    return [(_dtypes.string, TensorShape([])), (_dtypes.string, TensorShape([]))]


@register_op("ReaderReadV2", infer=_read_infer, needs_ctx=True, stateful=True, gpu=False, may_block=True)
def _reader_read_v2(xp, reader, queue, *, ctx):
    key, value = _as_reader(reader).read(_as_queue(queue), ctx.remaining_timeout)
    return _strings(key), _strings(value)


def _read_up_to_infer(inputs, attrs):
    return [(_dtypes.string, TensorShape([None])), (_dtypes.string, TensorShape([None]))]


@register_op("ReaderReadUpToV2", infer=_read_up_to_infer, needs_ctx=True, stateful=True, gpu=False,
             may_block=True)
def _reader_read_up_to_v2(xp, reader, queue, num_records, *, ctx):
    keys, values = _as_reader(reader).read_up_to(_as_queue(queue), int(num_records), ctx.remaining_timeout)
    out_keys, out_values = np.empty(len(keys), dtype=object), np.empty(len(values), dtype=object)
    out_keys[:], out_values[:] = keys, values
    return out_keys, out_values


@register_op("ReaderNumRecordsProducedV2", infer=_scalar(_dtypes.int64), stateful=True, gpu=False)
def _reader_num_records_produced_v2(xp, reader):
    return np.asarray(_as_reader(reader).records_produced, dtype=np.int64)


@register_op("ReaderNumWorkUnitsCompletedV2", infer=_scalar(_dtypes.int64), stateful=True, gpu=False)
def _reader_num_work_units_completed_v2(xp, reader):
    return np.asarray(_as_reader(reader).work_finished, dtype=np.int64)


@register_op("ReaderResetV2", infer=no_outputs, stateful=True, gpu=False)
def _reader_reset_v2(xp, reader):
    _as_reader(reader).reset()
    return ()


@register_op("ReaderSerializeStateV2", infer=_scalar(_dtypes.string), stateful=True, gpu=False)
def _reader_serialize_state_v2(xp, reader):
    return _strings(_as_reader(reader).serialize_state())


@register_op("ReaderRestoreStateV2", infer=no_outputs, stateful=True, gpu=False)
def _reader_restore_state_v2(xp, reader, state):
    if np.ndim(state) != 0:
        raise errors.InvalidArgumentError(None, None, f"Expected State to be a scalar, but got shape: "
                                                      f"{list(np.shape(state))}")
    _as_reader(reader).restore_state(np.asarray(state).item())
    return ()


for _op_type in ("ReaderReadV2", "ReaderReadUpToV2", "ReaderNumRecordsProducedV2", "ReaderNumWorkUnitsCompletedV2",
                 "ReaderResetV2", "ReaderSerializeStateV2", "ReaderRestoreStateV2", *_readers.READER_CLASSES):
    set_op_fields(_op_type, no_gradient=True)


# ----------------------------------------------------------------- the Python reader classes
class ReaderBase:
    """Base class for readers: a handle plus read, read_up_to, reset and counters (tf.ReaderBase)."""

    def __init__(self, reader_ref, supports_serialize=False):
        self._reader_ref = reader_ref
        self._supports_serialize = supports_serialize

    reader_ref = property(lambda self: self._reader_ref, doc="The reader's resource handle.")
    supports_serialize = property(lambda self: self._supports_serialize,
                                  doc="Whether the reader implements serialize_state.")

    @staticmethod
    def _queue_ref(queue, op_type):
        """The queue's resource handle; a tensor given in its place must be one (TF's op builder's TypeError)."""
        if not isinstance(queue, Tensor):
            return queue.queue_ref
        if queue.dtype != _dtypes.resource:
            raise TypeError(f"Input 'queue_handle' of '{op_type}' Op has type {queue.dtype.name} that does not "
                            "match expected type of resource.")
        return queue

    def read(self, queue, name=None):
        """Returns the next (key, value) record, dequeuing file names from `queue` as needed.

        Raises (when run):
            errors.OutOfRangeError: `queue` is closed and out of file names.
        """
        op = apply_op("ReaderReadV2", [self._reader_ref, self._queue_ref(queue, "ReaderReadV2")], name=name or "ReaderReadV2")
        return op.outputs[0], op.outputs[1]

    def read_up_to(self, queue, num_records, name=None):
        """Returns up to `num_records` (keys, values) from one file (fewer at its end)."""
        with op_scope(name, "ReaderReadUpToV2", [self._reader_ref]) as scope:
            num_records = convert_to_tensor(num_records, dtype=_dtypes.int64, name="num_records")
            op = apply_op("ReaderReadUpToV2", [self._reader_ref, self._queue_ref(queue, "ReaderReadUpToV2"), num_records], name=scope)
        return op.outputs[0], op.outputs[1]

    def num_records_produced(self, name=None):
        """An int64 scalar: the records this reader has produced."""
        return apply_op("ReaderNumRecordsProducedV2", [self._reader_ref],
                        name=name or "ReaderNumRecordsProducedV2").outputs[0]

    def num_work_units_completed(self, name=None):
        """An int64 scalar: the work units (files) this reader has finished."""
        return apply_op("ReaderNumWorkUnitsCompletedV2", [self._reader_ref],
                        name=name or "ReaderNumWorkUnitsCompletedV2").outputs[0]

    def serialize_state(self, name=None):
        """A string scalar encoding the reader's state (UnimplementedError where unsupported)."""
        return apply_op("ReaderSerializeStateV2", [self._reader_ref],
                        name=name or "ReaderSerializeStateV2").outputs[0]

    def restore_state(self, state, name=None):
        """Restores a state produced by serialize_state."""
        with op_scope(name, "ReaderRestoreStateV2", [self._reader_ref]) as scope:
            state = convert_to_tensor(state, dtype=_dtypes.string, name="state")
            return apply_op("ReaderRestoreStateV2", [self._reader_ref, state], name=scope)

    def reset(self, name=None):
        """Restores the reader to its initial clean state."""
        return apply_op("ReaderResetV2", [self._reader_ref], name=name or "ReaderResetV2")


def _reader_ref(op_type, attrs, name):
    attrs = {"container": "", "shared_name": "", **attrs}
    return apply_op(op_type, [], attrs, name=name or op_type).outputs[0]


class WholeFileReader(ReaderBase):
    """Outputs each file's whole contents as the value, its name as the key."""

    def __init__(self, name=None):
        super().__init__(_reader_ref("WholeFileReaderV2", {}, name), supports_serialize=True)


class IdentityReader(ReaderBase):
    """Outputs each work unit as both key and value."""

    def __init__(self, name=None):
        super().__init__(_reader_ref("IdentityReaderV2", {}, name), supports_serialize=True)


class TextLineReader(ReaderBase):
    """Outputs the lines of a file, keyed `file:line` (newlines and a trailing \\r dropped)."""

    def __init__(self, skip_header_lines=None, name=None):
        super().__init__(_reader_ref("TextLineReaderV2", {"skip_header_lines": int(skip_header_lines or 0)}, name))


class FixedLengthRecordReader(ReaderBase):
    """Outputs fixed-length records from a file, keyed `file:record_number`."""

    def __init__(self, record_bytes, header_bytes=None, footer_bytes=None, hop_bytes=None, name=None,
                 encoding=None):
        attrs = {"record_bytes": int(record_bytes), "header_bytes": int(header_bytes or 0),
                 "footer_bytes": int(footer_bytes or 0), "hop_bytes": int(hop_bytes or 0),
                 "encoding": encoding or ""}
        super().__init__(_reader_ref("FixedLengthRecordReaderV2", attrs, name))


class TFRecordReader(ReaderBase):
    """Outputs the records of TFRecord files, keyed `file:offset`."""

    def __init__(self, name=None, options=None):
        compression_type = TFRecordOptions.get_compression_type_string(options)
        super().__init__(_reader_ref("TFRecordReaderV2", {"compression_type": compression_type}, name))


# ----------------------------------------------------------------- whole-file ops
def _check_scalar(value, what):
    if np.ndim(value) != 0:
        raise errors.InvalidArgumentError(None, None, f"{what} must be scalar, but had shape: {list(np.shape(value))}")
    return os.fsdecode(np.asarray(value).item())


@register_op("ReadFile", infer=_scalar(_dtypes.string), stateful=True, gpu=False)
def _read_file_kernel(xp, filename):
    return _strings(_readers.read_file(_check_scalar(filename, "Input filename tensor")))


@register_op("WriteFile", infer=no_outputs, stateful=True, gpu=False)
def _write_file_kernel(xp, filename, contents):
    path = _check_scalar(filename, "Input filename tensor")
    if np.ndim(contents) != 0:
        raise errors.InvalidArgumentError(None, None, f"Contents tensor must be scalar, but had shape: "
                                                      f"{list(np.shape(contents))}")
    data = np.asarray(contents).item()
    directory = os.path.dirname(path)
    try:
        if directory:
            os.makedirs(directory, exist_ok=True)
        with open(path, "wb") as f:
            f.write(data if isinstance(data, bytes) else str(data).encode())
    except PermissionError:
        raise errors.PermissionDeniedError(None, None, f"{path}; Permission denied") from None
    except (NotADirectoryError, FileNotFoundError):
        raise errors.NotFoundError(None, None, f"{path}; No such file or directory") from None
    return ()


@register_op("MatchingFiles", infer=lambda inputs, attrs: [(_dtypes.string, TensorShape([None]))],
             stateful=True, gpu=False)
def _matching_files_kernel(xp, pattern):
    if np.ndim(pattern) > 1:
        raise errors.InvalidArgumentError(None, None, "Input patterns tensor must be scalar or vector, but had "
                                                      f"shape: {list(np.shape(pattern))}")
    names = []
    for p in np.asarray(pattern, dtype=object).reshape(-1):
        names.extend(glob.glob(os.fsdecode(p), include_hidden=True))
    out = np.empty(len(names), dtype=object)
    out[:] = sorted(n.encode() for n in names)
    return out


for _op_type in ("ReadFile", "WriteFile", "MatchingFiles"):
    set_op_fields(_op_type, no_gradient=True)


def read_file(filename, name=None):
    """Reads and outputs the entire contents of the file `filename` (tf.read_file).

    Raises (when run):
        errors.NotFoundError: the file does not exist.
    """
    with op_scope(name, "ReadFile", [filename]) as scope:
        filename = convert_to_tensor(filename, dtype=_dtypes.string, name="filename")
        return apply_op("ReadFile", [filename], name=scope).outputs[0]


def write_file(filename, contents, name=None):
    """Writes `contents` to the file `filename`, creating directories as needed (tf.write_file)."""
    with op_scope(name, "WriteFile", [filename, contents]) as scope:
        filename = convert_to_tensor(filename, dtype=_dtypes.string, name="filename")
        contents = convert_to_tensor(contents, dtype=_dtypes.string, name="contents")
        return apply_op("WriteFile", [filename, contents], name=scope)


def matching_files(pattern, name=None):
    """The sorted file names matching a glob pattern or 1-D tensor of patterns (tf.matching_files)."""
    with op_scope(name, "MatchingFiles", [pattern]) as scope:
        pattern = convert_to_tensor(pattern, dtype=_dtypes.string, name="pattern")
        return apply_op("MatchingFiles", [pattern], name=scope).outputs[0]


# ----------------------------------------------------------------- decoding what readers produce
_CSV_TYPES = (_dtypes.float32, _dtypes.float64, _dtypes.int32, _dtypes.int64, _dtypes.string)
_SPACE = rb"[ \t\n\v\f\r]*"
_INT_RE = re.compile(_SPACE + rb"([+-]?[0-9]+)" + _SPACE + rb"\Z")
_FLOAT_RE = re.compile(_SPACE + rb"([+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?|inf|nan|0x[0-9a-f]+))"
                       + _SPACE + rb"\Z", re.I)


def _parse_int(bits):
    low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1

    def parse(field):
        match = _INT_RE.match(field)
        value = int(match.group(1)) if match else None
        return value if value is not None and low <= value <= high else None
    return parse


def _parse_float(field):
    if len(field) >= 32:  # TF's safe_strtof/safe_strtod refuse long strings
        return None
    match = _FLOAT_RE.match(field)
    if not match:
        return None
    text = match.group(1).lower()
    if b"0x" in text:
        return float(int(text, 16))
    return float(text)


_CSV_PARSERS = {_dtypes.int32: (_parse_int(32), "int32"), _dtypes.int64: (_parse_int(64), "int64"),
                _dtypes.float32: (_parse_float, "float"), _dtypes.float64: (_parse_float, "double"),
                _dtypes.string: (lambda field: field, "string")}


def _csv_fields(record, delim, use_quote_delim, select_cols):
    """The fields of one CSV record, as TF's DecodeCSV splits it."""
    if not record:
        return []
    if not select_cols and b"\n" not in record and b"\r" not in record and not (use_quote_delim and b'"' in record):
        return record.split(delim)
    return _csv_fields_exact(record, delim[0], use_quote_delim, list(select_cols))


def _csv_fields_exact(record, delim, use_quote_delim, select_cols):
    quote, size, fields = ord('"'), len(record), []
    i = parsed = selected = 0

    def wanted():
        return not select_cols or select_cols[selected] == parsed

    while i < size:
        if record[i] in b"\r\n":
            i += 1
            continue
        include, field = wanted(), bytearray()
        if use_quote_delim and record[i] == quote:
            i += 1
            while i < size - 1 and (record[i] != quote or record[i + 1] != delim):
                if record[i] != quote:
                    field.append(record[i])
                    i += 1
                    continue
                if record[i + 1] != quote:
                    raise errors.InvalidArgumentError(None, None, "Quote inside a string has to be escaped by "
                                                                  "another quote")
                field.append(quote)
                i += 2
            if not (i < size and record[i] == quote and (i == size - 1 or record[i + 1] == delim)):
                raise errors.InvalidArgumentError(None, None, "Quoted field has to end with quote followed by "
                                                              "delim or end")
            i += 2
        else:
            while i < size and record[i] != delim:
                if (use_quote_delim and record[i] == quote) or record[i] in b"\r\n":
                    raise errors.InvalidArgumentError(None, None, "Unquoted fields cannot have quotes/CRLFs inside")
                field.append(record[i])
                i += 1
            i += 1
        parsed += 1
        if include:
            fields.append(bytes(field))
            selected += 1
            if select_cols and selected == len(select_cols):
                return fields
    if wanted() and record[-1] == delim:
        fields.append(b"")
    return fields


def _decode_csv_infer(inputs, attrs):
    records, defaults = inputs[0], inputs[1:]
    for d in defaults:
        rank = d.shape.ndims
        if rank is not None and rank > 1:
            raise ValueError(f"Shape must be at most rank 1 but is rank {rank} for 'DecodeCSV' (record default "
                             f"{d.name}).")
        if rank == 1 and d.shape[0].value is not None and d.shape[0].value > 1:
            raise ValueError("Shape of a default must be a length-0 or length-1 vector, or a scalar.")
    return [(d.dtype.base_dtype, records.shape) for d in defaults]


@register_op("DecodeCSV", infer=_decode_csv_infer)
def _decode_csv(xp, records, *defaults, OUT_TYPE, field_delim=",", use_quote_delim=True, na_value="",  # noqa: N803
                select_cols=()):
    delim = field_delim.encode() if isinstance(field_delim, str) else bytes(field_delim)
    if len(delim) != 1:
        raise errors.InvalidArgumentError(None, None, "field_delim should be only 1 char")
    for i, d in enumerate(defaults):
        if np.ndim(d) > 1:
            raise errors.InvalidArgumentError(None, None, "Each record default should be at most rank 1")
        if np.size(d) > 1:
            raise errors.InvalidArgumentError(None, None, f"There should only be 1 default per field but field {i} "
                                                          f"has {np.size(d)}")
    na = na_value.encode() if isinstance(na_value, str) else bytes(na_value)
    flat = np.asarray(records, dtype=object).reshape(-1)
    outs = [np.empty(flat.shape, dtype=t.as_numpy_dtype) for t in OUT_TYPE]
    parsers = [_CSV_PARSERS[t.base_dtype] for t in OUT_TYPE]
    with np.errstate(over="ignore"):
        for i, record in enumerate(flat):
            fields = _csv_fields(record, delim, use_quote_delim, select_cols)
            if len(fields) != len(outs):
                raise errors.InvalidArgumentError(
                    None, None, f"Expect {len(outs)} fields but have {len(fields)} in record {i}")
            for f, field in enumerate(fields):
                outs[f][i] = _csv_value(field, f, i, na, defaults[f], parsers[f])
    shape = np.shape(records)
    outs = [o.reshape(shape) for o in outs]
    return outs[0] if len(outs) == 1 else tuple(outs)


def _csv_value(field, f, i, na, default, parser):
    parse, type_name = parser
    if not field or field == na:
        if np.size(default) != 1:
            raise errors.InvalidArgumentError(None, None, f"Field {f} is required but missing in record {i}!")
        return np.asarray(default).reshape(-1)[0]
    value = parse(field)
    if value is None:
        raise errors.InvalidArgumentError(
            None, None, f"Field {f} in record {i} is not a valid {type_name}: {field.decode('utf-8', 'replace')}")
    return value


def decode_csv(records, record_defaults, field_delim=",", use_quote_delim=True, name=None, na_value="",
               select_cols=None):
    """Converts CSV records to one tensor per column, shaped like `records` (tf.decode_csv).

    Args:
        records: a string tensor; each element is one CSV line.
        record_defaults: one tensor per column (a value, or empty when the column is required);
            its dtype (float32, float64, int32, int64 or string) is the column's.
        field_delim: the one-character delimiter; use_quote_delim: whether '"' quotes fields.
        na_value: a string meaning "missing"; select_cols: the columns to keep (increasing).
    Raises:
        ValueError, TypeError: no defaults, bad `select_cols` or default shapes; a dtype CSV cannot hold;
            records that are not strings.
        errors.InvalidArgumentError (when run): a missing required field, a bad number, or the
            wrong number of fields in a record.
    """
    if select_cols is not None and any(select_cols[i] >= select_cols[i + 1] for i in range(len(select_cols) - 1)):
        raise ValueError("select_cols is not strictly increasing.")
    if select_cols is not None and select_cols[0] < 0:
        raise ValueError("select_cols contains negative values.")
    if select_cols is not None and len(select_cols) != len(record_defaults):
        raise ValueError("Length of select_cols and record_defaults do not match.")
    if not record_defaults:
        raise ValueError("Attr 'OUT_TYPE' of 'DecodeCSV' Op passed list of length 0 less than minimum 1.")
    with op_scope(name, "DecodeCSV", [records]) as scope:
        records = convert_to_tensor(records, name="records")
        if records.dtype.base_dtype != _dtypes.string:
            raise TypeError(f"Input 'records' of 'DecodeCSV' Op has type {records.dtype.base_dtype.name} that does "
                            "not match expected type of string.")
        defaults = [convert_to_tensor(d, name=f"record_defaults_{i}") for i, d in enumerate(record_defaults)]
        for d in defaults:
            if d.dtype.base_dtype not in _CSV_TYPES:
                raise TypeError(f"Value passed to parameter 'record_defaults' has DataType {d.dtype.base_dtype.name} "
                                "not in list of allowed values: float32, float64, int32, int64, string")
        attrs = {"OUT_TYPE": [d.dtype.base_dtype for d in defaults], "field_delim": field_delim,
                 "use_quote_delim": bool(use_quote_delim), "na_value": na_value,
                 "select_cols": list(select_cols or [])}
        return apply_op("DecodeCSV", [records] + defaults, attrs, name=scope).outputs


_RAW_TYPES = (_dtypes.float16, _dtypes.float32, _dtypes.float64, _dtypes.int32, _dtypes.uint16, _dtypes.uint8,
              _dtypes.int16, _dtypes.int8, _dtypes.int64, _dtypes.complex64, _dtypes.complex128, _dtypes.bool,
              _dtypes.bfloat16)


def _decode_raw_infer(inputs, attrs):
    return [(attrs["out_type"], inputs[0].shape.concatenate([None]))]


@register_op("DecodeRaw", infer=_decode_raw_infer)
def _decode_raw(xp, data, *, out_type, little_endian=True):
    flat = np.asarray(data, dtype=object).reshape(-1)
    size = len(flat[0]) if flat.size else 0
    for i, item in enumerate(flat):
        if len(item) != size:
            raise errors.InvalidArgumentError(None, None, f"DecodeRaw requires input strings to all be the same "
                                                          f"size, but element {i} has size {size} != {len(item)}")
    np_type = np.dtype(out_type.as_numpy_dtype)
    if size % np_type.itemsize:
        raise errors.InvalidArgumentError(None, None, f"Input to DecodeRaw has length {size} that is not a multiple "
                                                      f"of {np_type.itemsize}, the size of {out_type.name}")
    order = "<" if little_endian else ">"
    if out_type == _dtypes.bfloat16:  # ml_dtypes' bfloat16 has no byte order: read its bits as uint16
        bits = np.frombuffer(b"".join(flat), dtype=np.dtype(np.uint16).newbyteorder(order)).astype(np.uint16)
        return bits.view(np_type).reshape(np.shape(data) + (size // 2,))
    wire = np_type.newbyteorder(order) if np_type.itemsize > 1 else np_type
    values = np.frombuffer(b"".join(flat), dtype=wire).astype(np_type)
    return values.reshape(np.shape(data) + (size // np_type.itemsize,))


def decode_raw(input_bytes=None, out_type=None, little_endian=True, name=None, bytes=None):  # noqa: A002
    """Reinterprets the bytes of each string as a vector of `out_type` numbers (tf.decode_raw)."""
    if bytes is not None:
        if input_bytes is not None:
            raise ValueError("Cannot specify both 'input_bytes' and 'bytes'")
        input_bytes = bytes
    out_type = _dtypes.as_dtype(out_type).base_dtype
    if out_type not in _RAW_TYPES:
        raise TypeError(f"Value passed to parameter 'out_type' has DataType {out_type.name} not in list of allowed "
                        "values: float16, float32, float64, int32, uint16, uint8, int16, int8, int64, complex64, "
                        "complex128, bool, bfloat16")
    with op_scope(name, "DecodeRaw", [input_bytes]) as scope:
        data = convert_to_tensor(input_bytes, dtype=_dtypes.string, name="bytes")
        return apply_op("DecodeRaw", [data], {"out_type": out_type, "little_endian": bool(little_endian)},
                        name=scope).outputs[0]


for _op_type in ("DecodeCSV", "DecodeRaw"):
    set_op_fields(_op_type, no_gradient=True)


__all__ = [
    "FixedLengthRecordReader",
    "IdentityReader",
    "ReaderBase",
    "TFRecordReader",
    "TextLineReader",
    "WholeFileReader",
    "decode_csv",
    "decode_raw",
    "matching_files",
    "read_file",
    "write_file",
]
