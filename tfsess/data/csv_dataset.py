"""CSV files as datasets: tf.data.experimental.CsvDataset (the CSVDatasetV2 op) and make_csv_dataset.

The kernel parses records as TF's CSV reader does: a field may be quoted ("" stands for a quote,
and a quoted field may hold the delimiter or a line break); an empty field, or one equal to
`na_value`, takes its column's default and fails when the column has none. make_csv_dataset
infers column names from the header and column types from the first rows at graph-building
time, with Python's csv module, as TF does.
"""
from __future__ import annotations

import collections
import csv
import gzip
import re

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, constant_value, convert_to_tensor
from tfsess.framework.operation import Tensor
from tfsess.runtime import file_io
from tfsess.data import pipeline, structure
from tfsess.data.dataset_kernels import AUTOTUNE, dataset_op
from tfsess.data.dataset_ops import Dataset
from tfsess.data.readers import _compression, _compression_of, _filenames, _paths, _read_all, _text

_ACCEPTABLE = (dtypes.float32, dtypes.float64, dtypes.int32, dtypes.int64, dtypes.string)
_INT = re.compile(rb"\s*[+-]?\d+\s*\Z")
_TYPE_WORD = {dtypes.int32: "int32", dtypes.int64: "int64", dtypes.float32: "float", dtypes.float64: "double"}
_INT_RANGE = {dtypes.int32: (-2 ** 31, 2 ** 31 - 1), dtypes.int64: (-2 ** 63, 2 ** 63 - 1)}


def _invalid(message):
    return errors.InvalidArgumentError(None, None, message)


# ------------------------------------------------------------------ parsing records
def _records(data: bytes, delim: int, quoted: bool):
    """Yields each record's fields as (bytes, was_quoted) pairs; an unclosed quote raises."""
    pos, end = 0, len(data)
    while pos < end:
        fields = []
        while True:
            if quoted and pos < end and data[pos] == 0x22:  # a quoted field
                parts, pos = [], pos + 1
                while True:
                    close = data.find(b'"', pos)
                    if close < 0:
                        raise _invalid("Reached end of file without closing quoted field in record")
                    parts.append(data[pos:close])
                    pos = close + 1
                    if pos < end and data[pos] == 0x22:  # "" stands for one quote
                        parts.append(b'"')
                        pos += 1
                        continue
                    break
                if pos < end and data[pos] not in (delim, 0x0A, 0x0D):
                    raise _invalid("Reached end of file without closing quoted field in record")
                fields.append((b"".join(parts), True))
            else:
                stop = pos
                while stop < end and data[stop] not in (delim, 0x0A, 0x0D):
                    stop += 1
                fields.append((data[pos:stop], False))
                pos = stop
            if pos < end and data[pos] == delim:
                pos += 1
                continue
            if pos < end and data[pos] == 0x0D:
                pos += 1
            if pos < end and data[pos] == 0x0A:
                pos += 1
            break
        yield fields


def _convert(index, raw, dtype):
    """One field's value as `dtype`, or InvalidArgumentError naming the field."""
    if dtype == dtypes.string:
        return raw
    try:
        if dtype in _INT_RANGE:
            if not _INT.match(raw):
                raise ValueError
            value = int(raw)
            low, high = _INT_RANGE[dtype]
            if not low <= value <= high:
                raise ValueError
            return value
        value = float(raw)
        if dtype == dtypes.float32 and np.isfinite(value) and abs(value) > np.finfo(np.float32).max:
            raise ValueError
        return value
    except ValueError:
        raise _invalid(f"Field {index} in record is not a valid {_TYPE_WORD[dtype]}: "
                       f"{raw.decode('utf-8', 'replace')}") from None


class _CsvRecords(pipeline.Pipeline):
    """The records of CSV files in turn, each an element of one scalar per selected column."""

    def __init__(self, paths, compression, header, delim, quoted, na_value, select_cols, defaults):
        self.paths, self.compression, self.header = paths, compression, header
        self.delim, self.quoted, self.na_value = delim, quoted, na_value
        self.select_cols, self.defaults = select_cols, defaults

    def iterate(self, env):
        for path in self.paths:
            try:
                data = _read_all(path, self.compression)
            except errors.OpError as exc:
                yield pipeline.ElementError(exc)
                return
            records = _records(data, self.delim, self.quoted)
            try:
                if self.header:
                    next(records, None)
                for fields in records:
                    yield self._element(fields)
            except errors.OpError as exc:  # the rest of the file cannot be split into records
                yield pipeline.ElementError(exc)

    def _element(self, fields):
        """One record's element; the first problem met, field by field, is its error (as TF reports)."""
        want, out = len(self.defaults), []
        wanted = range(len(fields)) if self.select_cols is None else self.select_cols
        try:
            for position in wanted:
                if position >= len(fields):
                    break
                if len(out) == want:
                    raise _invalid(f"Expect {want} fields but have more in record")
                out.append(self._value(len(out), *fields[position]))
            if len(out) < want:
                raise _invalid(f"Expect {want} fields but have {len(out)} in record")
        except errors.OpError as exc:
            return pipeline.ElementError(exc)
        return out

    def _value(self, index, raw, was_quoted):
        default = self.defaults[index]
        if raw == b"" or (self.na_value and raw == self.na_value and not was_quoted):
            if default.size == 0:
                raise _invalid(f"Field {index} is required but missing in record!")
            return default.reshape(()).copy()
        dtype = dtypes.string if default.dtype == object else dtypes.as_dtype(default.dtype)
        return np.array(_convert(index, raw, dtype), dtype=default.dtype)


def _scalar_bytes(value):
    return _text(value).encode("utf-8")


@dataset_op("CSVDatasetV2")
def _csv_dataset(xp, filenames, compression_type, buffer_size, header, field_delim, use_quote_delim, na_value,
                 select_cols, *defaults_and_exclude):
    *defaults, exclude_cols = defaults_and_exclude
    if int(buffer_size) <= 0:
        raise _invalid("buffer_size should be positive")
    delim = _scalar_bytes(field_delim)
    if len(delim) != 1:
        raise _invalid("field_delim should be only 1 char")
    cols = [int(c) for c in np.asarray(select_cols).reshape(-1)]
    if any(c < 0 for c in cols):
        raise _invalid("select_cols should be non-negative indices")
    if any(b <= a for a, b in zip(cols, cols[1:])):
        raise _invalid("select_cols should be strictly increasing indices")
    if cols and len(cols) != len(defaults):
        raise _invalid("record_defaults should have same size as select_cols")
    if np.asarray(exclude_cols).size:
        raise errors.UnimplementedError(None, None, "exclude_cols is not supported")
    for k, d in enumerate(defaults):
        if np.asarray(d).size > 1:
            raise _invalid(f"There should only be 1 default per field but field {k} has {np.asarray(d).size}")
    return _CsvRecords(_paths(filenames), _compression_of(compression_type), bool(header), delim[0],
                       bool(use_quote_delim), _scalar_bytes(na_value), cols or None,
                       [np.asarray(d).reshape(-1) for d in defaults])


def _record_default(value, index):
    """A column's default: an empty tensor of a dtype given alone, else the value (one element at most)."""
    if isinstance(value, dtypes.DType) or (isinstance(value, type) and value in (int, float, str)):
        dtype = dtypes.as_dtype(value)
        if dtype not in _ACCEPTABLE:
            raise TypeError(f"Failed to convert elements of {dtype!r} to Tensor. Consider casting elements to a "
                            "supported type. See https://www.tensorflow.org/api_docs/python/tf/dtypes for "
                            "supported TF dtypes.")
        return convert_to_tensor(np.zeros([0], object if dtype == dtypes.string else dtype.as_numpy_dtype), dtype,
                                 name=f"record_default_{index}")
    tensor = convert_to_tensor(value, name=f"record_default_{index}")
    if tensor.dtype.base_dtype not in _ACCEPTABLE:
        raise TypeError(f"`record_defaults` must be a list of tensors of dtype float32, float64, int32, int64 or "
                        f"string; got {tensor.dtype.name} at index {index}.")
    if tensor.shape.ndims not in (None, 0, 1):
        raise ValueError(f"Shape must be at most rank 1 but is rank {tensor.shape.ndims} for `record_defaults` "
                         f"element {index}.")
    return tensor


class CsvDataset(Dataset):
    """The records of CSV files, one scalar per column (tf.data.experimental.CsvDataset).

    `record_defaults` gives each selected column's type: a dtype (the column is required) or a
    default value (a scalar or a one-element list) used for empty and `na_value` fields.
    """

    def __init__(self, filenames, record_defaults, compression_type=None, buffer_size=None, header=False,
                 field_delim=",", use_quote_delim=True, na_value="", select_cols=None, exclude_cols=None,
                 name=None):
        defaults = [_record_default(v, k) for k, v in enumerate(record_defaults)]
        inputs = [_filenames(filenames), _compression(compression_type),
                  convert_to_tensor(4 * 1024 * 1024 if buffer_size is None else buffer_size, dtypes.int64,
                                    name="buffer_size"),
                  convert_to_tensor(bool(header), dtypes.bool, name="header"),
                  convert_to_tensor(field_delim, dtypes.string, name="field_delim"),
                  convert_to_tensor(bool(use_quote_delim), dtypes.bool, name="use_quote_delim"),
                  convert_to_tensor(na_value, dtypes.string, name="na_value"),
                  convert_to_tensor(np.asarray(select_cols if select_cols is not None else [], np.int64),
                                    dtypes.int64, name="select_cols")]
        exclude = convert_to_tensor(np.asarray(exclude_cols if exclude_cols is not None else [], np.int64),
                                    dtypes.int64, name="exclude_cols")
        specs = tuple(structure.Spec(d.dtype, []) for d in defaults)
        super().__init__(apply1("CSVDatasetV2", inputs + defaults + [exclude], name="CSVDatasetV2"), specs)

    def __repr__(self):
        return f"<CsvDatasetV2 element_spec={self._specs!r}>"


# ------------------------------------------------------------------ make_csv_dataset
def _is_type(text, dtype):
    try:
        if dtype in _INT_RANGE:
            low, high = _INT_RANGE[dtype]
            return low <= int(text) <= high
        return bool(dtype.as_numpy_dtype(text) < np.inf)
    except (ValueError, OverflowError):
        return False


def _infer_type(text, na_value, previous):
    """The narrowest of int32, int64, float32, float64, string that fits `text` and the earlier values."""
    if text in ("", na_value):
        return previous
    order = [dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64, dtypes.string]
    start = order.index(previous) if previous is not None else 0
    for dtype in order[start:]:
        if dtype == dtypes.string or _is_type(text, dtype):
            return dtype
    return dtypes.string


def _open_text(compression, encoding):
    if compression == "GZIP":
        return lambda path: gzip.open(path, "rt", encoding=encoding, newline="")
    return lambda path: open(path, encoding=encoding, newline="")


def _csv_reader(f, field_delim, use_quote_delim):
    return csv.reader(f, delimiter=field_delim, quoting=csv.QUOTE_MINIMAL if use_quote_delim else csv.QUOTE_NONE)


def _infer_column_names(paths, field_delim, use_quote_delim, open_text):
    names = None
    for path in paths:
        with open_text(path) as f:
            try:
                first = next(_csv_reader(f, field_delim, use_quote_delim))
            except StopIteration:
                raise ValueError(f"Failed when reading the header line of {path}. Is it an empty file?") from None
        if names is None:
            names = first
        elif first != names:
            raise ValueError("All input CSV files should have the same column names in the header row. File "
                             f"{path} has different column names.")
    return names


def _infer_column_defaults(paths, num_cols, options, na_value, header, num_rows, select, open_text):
    select = list(range(num_cols)) if select is None else select
    found, seen = [None] * len(select), 0
    for path in paths:
        with open_text(path) as f:
            rows = _csv_reader(f, *options)
            row_num = 1
            if header:
                next(rows, None)
                row_num += 1
            for row in rows:
                if num_rows is not None and seen >= num_rows:
                    break
                if len(row) != num_cols:
                    raise ValueError(f"Problem inferring types: CSV row {row_num} has {len(row)} number of fields. "
                                     f"Expected: {num_cols}.")
                row_num += 1
                seen += 1
                found = [_infer_type(row[c], na_value, t) for c, t in zip(select, found)]
    found = [t or dtypes.string for t in found]
    return [convert_to_tensor(np.array([0 if t != dtypes.string else b""],
                                       object if t == dtypes.string else t.as_numpy_dtype), t) for t in found]


def _sorted_column_indices(select_columns, column_names):
    index_of = {n: i for i, n in enumerate(column_names)}
    out = []
    for v in select_columns:
        if isinstance(v, int):
            if not 0 <= v < len(column_names):
                raise ValueError(f"Column index {v} specified in `select_columns` should be > 0  and <= "
                                 f"{len(column_names)}, which is the number of columns.")
            out.append(v)
        elif v not in index_of:
            raise ValueError(f"Column {v} specified in `select_columns` must be of one of the columns: "
                             f"{index_of.keys()}.")
        else:
            out.append(index_of[v])
    unique = sorted(set(out))
    if len(unique) != len(select_columns):
        dup = {a for a, b in zip(sorted(out)[:-1], sorted(out)[1:]) if a == b}
        raise ValueError(f"The `select_columns` argument contains duplicate columns: {dup}.")
    return unique


def _file_paths(file_pattern, shuffle):
    """The files of `file_pattern` (a glob or a list of globs), sorted unless they are to be shuffled (TF's
    glob order is the file system's; tfsess sorts each glob's matches)."""
    if isinstance(file_pattern, list) and not file_pattern:
        raise ValueError("Argument `file_pattern` should not be empty.")
    patterns = file_pattern if isinstance(file_pattern, list) else [file_pattern]
    paths = []
    for pattern in patterns:
        pattern = pattern.decode() if isinstance(pattern, bytes) else str(pattern)
        paths += sorted(file_io.glob(pattern))
    if not paths:
        raise ValueError(f"No files match `file_pattern` {file_pattern}.")
    return paths if shuffle else sorted(paths)


def make_csv_dataset(file_pattern, batch_size, column_names=None, column_defaults=None, label_name=None,
                     select_columns=None, field_delim=",", use_quote_delim=True, na_value="", header=True,
                     num_epochs=None, shuffle=True, shuffle_buffer_size=10000, shuffle_seed=None,
                     prefetch_buffer_size=None, num_parallel_reads=None, sloppy=False, num_rows_for_inference=100,
                     compression_type=None, ignore_errors=False, encoding="utf-8"):
    """Batches of CSV rows as dicts of column name -> values (and the `label_name` column apart).

    Column names come from the header and column types from the first `num_rows_for_inference`
    rows unless given; the files are read one after another (interleaved when
    num_parallel_reads > 1), shuffled with `shuffle_seed`, repeated `num_epochs` times (forever
    when None, and then every batch is full: its size is static).
    """
    paths = _file_paths(file_pattern, shuffle)
    files = Dataset.from_tensor_slices(paths)
    if shuffle:
        files = files.shuffle(len(paths), shuffle_seed)
    compression = ""
    if compression_type is not None:
        compression = constant_value(compression_type) if isinstance(compression_type, Tensor) else compression_type
        compression = compression.decode() if isinstance(compression, bytes) else compression
        if compression not in ("", "GZIP", "ZLIB"):
            raise ValueError(f"Received unknown `compression_type` {compression_type}. Expected: GZIP, ZLIB or "
                             "(empty string).")
    if (column_names is None or column_defaults is None) and compression == "ZLIB":
        raise ValueError(f"`compression_type` {compression_type} is not supported for probing columns.")
    open_text = _open_text(compression, encoding)
    if column_names is None:
        if not header:
            raise ValueError("Expected `column_names` or `header` arguments. Neither is provided.")
        column_names = _infer_column_names(paths, field_delim, use_quote_delim, open_text)
    if len(column_names) != len(set(column_names)):
        ordered = sorted(column_names)
        raise ValueError("Either `column_names` argument or CSV header row contains duplicate column names: "
                         f"{ {a for a, b in zip(ordered[:-1], ordered[1:]) if a == b} }.")
    if select_columns is not None:
        select_columns = _sorted_column_indices(select_columns, column_names)
    if column_defaults is not None:
        column_defaults = list(column_defaults)  # a dtype alone makes a required column (CsvDataset)
    else:
        column_defaults = _infer_column_defaults(paths, len(column_names), (field_delim, use_quote_delim),
                                                 na_value, header, num_rows_for_inference, select_columns,
                                                 open_text)
    if select_columns is not None and len(column_defaults) != len(select_columns):
        raise ValueError("If specified, `column_defaults` and `select_columns` must have the same length: "
                         f"`column_defaults` has length {len(column_defaults)}, `select_columns` has length "
                         f"{len(select_columns)}.")
    if select_columns is not None and len(column_names) > len(select_columns):
        column_names = [column_names[i] for i in select_columns]
    if label_name is not None and label_name not in column_names:
        raise ValueError(f"`label_name` provided must be one of the columns: {column_names}. Received: "
                         f"{label_name}.")

    def file_to_dataset(filename):
        rows = CsvDataset(filename, column_defaults, field_delim=field_delim, use_quote_delim=use_quote_delim,
                          na_value=na_value, select_cols=select_columns, header=header,
                          compression_type=compression)
        return rows.ignore_errors() if ignore_errors else rows

    def to_features(*columns):
        features = collections.OrderedDict(zip(column_names, columns))
        if label_name is not None:
            return features, features.pop(label_name)
        return features

    reads = 1 if num_parallel_reads in (None, AUTOTUNE) else int(num_parallel_reads)
    dataset = files.interleave(file_to_dataset, cycle_length=reads, block_length=1)
    if shuffle:
        dataset = dataset.shuffle(shuffle_buffer_size, shuffle_seed)
    if num_epochs != 1:
        dataset = dataset.repeat(num_epochs)
    dataset = dataset.batch(batch_size, drop_remainder=num_epochs is None)
    return dataset.map(to_features).prefetch(AUTOTUNE if prefetch_buffer_size is None else prefetch_buffer_size)


__all__ = ["CsvDataset", "make_csv_dataset"]
