"""tf.data.experimental.SqlDataset: the rows of an SQL query, one scalar per column (the SqlDataset op).

As TF's, the only driver is "sqlite" (Python's standard sqlite3 module here). An unknown driver or an
output type outside TF's list fails when the dataset's op runs (an iterator's initializer); the
database is opened and the query prepared when the first element is read, where a query that fails to
prepare or a column count other than len(output_types) fails. Values are
read as TF's QueryConnection reads them with sqlite3_column_*: NULL is 0 or "", integers are cut to
the output type's width (int32 keeps the low 32 bits, as sqlite3_column_int), and a value of another
storage class is converted by SQLite itself (text to number by its numeric prefix, numbers to text as
SQLite prints them). An output type outside TF's list fails when the first row is read. The database
is opened read-only: a dataset never writes to it.
"""
from __future__ import annotations

import sqlite3

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, convert_to_tensor
from tfsess.data import pipeline, structure
from tfsess.data.dataset_kernels import dataset_op
from tfsess.data.dataset_ops import Dataset

_READABLE = (dtypes.string, dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64, dtypes.uint8, dtypes.uint16,
             dtypes.bool, dtypes.float64)
_CAST = {"INTEGER": "SELECT CAST(? AS INTEGER)", "REAL": "SELECT CAST(? AS REAL)", "TEXT": "SELECT CAST(? AS TEXT)"}


def _text(value) -> str:
    value = value.item() if isinstance(value, np.ndarray) else value
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _connect(path: str):
    try:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    except sqlite3.Error as e:
        raise errors.UnknownError(None, None, f"Sqlite::Open({path}) failed: {e}") from None


def _prepare(connection, query: str, path: str):
    try:
        return connection.execute(query)
    except sqlite3.Error as e:
        code = getattr(e, "sqlite_errorcode", 1)  # SQLite's result code, which TF's message shows
        raise errors.UnknownError(None, None, f"Prepare() failed: [{code}] {e}: {query}") from None


class _Converter:
    """SQLite's own conversions between storage classes, run on an in-memory database."""

    def __init__(self):
        self.db = sqlite3.connect(":memory:", check_same_thread=False)

    def cast(self, value, kind):
        return self.db.execute(_CAST[kind], (value,)).fetchone()[0]

    def read(self, value, dtype):
        if dtype == dtypes.string:
            if value is None:
                return np.array(b"", dtype=object)
            if not isinstance(value, (bytes, str)):
                value = self.cast(value, "TEXT")
            return np.array(value.encode("utf-8") if isinstance(value, str) else value, dtype=object)
        if value is None:
            return np.zeros((), dtype.as_numpy_dtype)
        if dtype == dtypes.float64:
            return np.float64(value if isinstance(value, float) else self.cast(value, "REAL") or 0.0)
        number = value if isinstance(value, int) else (self.cast(value, "INTEGER") or 0)
        if dtype == dtypes.bool:
            return np.bool_(np.int64(number).astype(np.int32) != 0)  # sqlite3_column_int, then != 0
        if dtype == dtypes.int64:
            return np.int64(number)
        return np.int64(number).astype(np.int32).astype(dtype.as_numpy_dtype)  # through column_int's int


class _SqlRows(pipeline.Pipeline):
    def __init__(self, path, query, types):
        self.path, self.query, self.types = path, query, types

    def cardinality(self):
        return pipeline.UNKNOWN

    def open(self):
        connection = _connect(self.path)
        cursor = _prepare(connection, self.query, self.path)
        columns = len(cursor.description or ())
        if columns != len(self.types):
            connection.close()
            raise errors.InvalidArgumentError(
                None, None, f"The number of columns in query ({columns}) must match the number of elements in "
                            f"output_types ({len(self.types)}).")
        return connection, cursor

    def iterate(self, env):
        connection, cursor = self.open()
        converter = _Converter()
        try:
            for row in cursor:
                yield [converter.read(value, dtype) for value, dtype in zip(row, self.types)]
        except sqlite3.Error as e:
            yield pipeline.ElementError(errors.UnknownError(None, None, f"Step() failed: {e}"))
        finally:
            connection.close()


@dataset_op("SqlDataset")
def _sql_dataset(xp, driver_name, data_source_name, query, *, output_types, output_shapes=()):
    driver = _text(driver_name)
    if driver != "sqlite":
        raise errors.InvalidArgumentError(None, None, f"The database type, {driver}, is not supported by SqlDataset. "
                                                      "The set of supported databases is: {'sqlite'}.")
    if any(t not in _READABLE for t in output_types):
        raise errors.InvalidArgumentError(
            None, None, "Each element of `output_types_` must be one of: DT_STRING, DT_INT8, DT_INT16, DT_INT32, "
                        "DT_INT64, DT_UINT8, DT_UINT16, DT_BOOL, DT_DOUBLE ")
    return _SqlRows(_text(data_source_name), _text(query), list(output_types))


class SqlDataset(Dataset):
    """The rows of `query` run on the `data_source_name` database through `driver_name` ("sqlite"), each row a
    structure of scalars of `output_types` (tf.data.experimental.SqlDataset).

    Raises:
        InvalidArgumentError: when the dataset's op runs, a driver other than "sqlite" or an output type TF
            cannot read; when the first element is read, a column count other than the output types'.
        UnknownError: when the first element is read, the database cannot be opened or the query fails to
            prepare.
    """

    def __init__(self, driver_name, data_source_name, query, output_types):
        types = [dtypes.as_dtype(t) for t in structure.leaves(output_types)]
        specs = structure.pack(output_types, [structure.Spec(t, []) for t in types])
        inputs = [convert_to_tensor(driver_name, dtypes.string, name="driver_name"),
                  convert_to_tensor(data_source_name, dtypes.string, name="data_source_name"),
                  convert_to_tensor(query, dtypes.string, name="query")]
        variant = apply1("SqlDataset", inputs, {"output_types": types, "output_shapes": [[] for _ in types]},
                         name="SqlDataset")
        super().__init__(variant, specs)

    def __repr__(self):
        return f"<SqlDataset element_spec={self._specs!r}>"


__all__ = ["SqlDataset"]
