"""Lookup tables as session resources, and the ops that make, fill, read and change them.

A table op (`HashTableV2`, `MutableHashTableV2`, ...) outputs a scalar `resource` handle: its
kernel returns the session's table, created on first use under the op's name or `shared_name`,
as queues are. The find/insert/remove/size/export and initializer ops take that handle first.
Keys are held as Python scalars (bytes for strings); values as NumPy rows of the value shape.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.runtime.file_io import GFile
from tfsess.ops._infer import check_dtype, fmt_shape

WHOLE_LINE, LINE_NUMBER = -2, -1


def _key(value):
    return value if isinstance(value, bytes) else (value.encode("utf-8") if isinstance(value, str) else value.item())


class LookupTable:
    """One table: its dtypes, the shape of a value, and the entries (a dict in insertion order)."""

    def __init__(self, kind, key_dtype, value_dtype, value_shape=(), static=False, empty_key=None,
                 deleted_key=None):
        self.kind, self.key_dtype, self.value_dtype = kind, key_dtype, value_dtype
        self.value_shape, self.static = tuple(value_shape), static
        self.initialized = not static
        self.empty_key, self.deleted_key = empty_key, deleted_key
        self.entries = {}

    def check_ready(self):
        if not self.initialized:
            raise errors.FailedPreconditionError(None, None, "Table not initialized.")

    def check_keys(self, keys):
        if self.key_dtype != dtypes.as_dtype(keys.dtype) and not (self.key_dtype == dtypes.string
                                                                  and keys.dtype == object):
            raise errors.InvalidArgumentError(None, None, f"Expected key type {self.key_dtype.name} but got "
                                              f"{dtypes.as_dtype(keys.dtype).name}")
        if self.empty_key is not None:  # a dense table refuses its two reserved keys
            for reserved, what in ((self.empty_key, "empty_key"), (self.deleted_key, "deleted_key")):
                if np.any(keys == reserved):
                    raise errors.InvalidArgumentError(None, None,
                                                      f"Using the {what} as a table key is not allowed")

    def check_values(self, keys, values):
        want = keys.shape + self.value_shape
        if values.shape != want:
            raise errors.InvalidArgumentError(None, None, f"Expected shape {list(want)} for value, got "
                                              f"{list(values.shape)}")

    def find(self, keys, default):
        self.check_ready()
        self.check_keys(keys)
        default = np.asarray(default, self.value_dtype.as_numpy_dtype)
        out = np.empty(keys.shape + self.value_shape, self.value_dtype.as_numpy_dtype)
        flat_out = out.reshape((-1,) + self.value_shape)
        per_key_default = default.shape == keys.shape + self.value_shape and keys.size
        flat_default = default.reshape((-1,) + self.value_shape) if per_key_default else None
        for i, key in enumerate(keys.ravel()):
            row = self.entries.get(_key(key))
            if row is None:
                row = flat_default[i] if flat_default is not None else default
            flat_out[i, ...] = row  # unpacks a 0-d row: a string value comes back as bytes, not an array
        return out

    def insert(self, keys, values, check_same=False):
        self.check_keys(keys)
        self.check_values(keys, values)
        rows = values.reshape((-1,) + self.value_shape)
        for key, row in zip(keys.ravel(), rows):
            key = _key(key)
            if check_same and key in self.entries and not np.array_equal(self.entries[key], row):
                raise errors.FailedPreconditionError(
                    None, None, f"HashTable has different value for same key. Key {_text(key)} has "
                                f"{_text(self.entries[key])} and trying to add value {_text(row)}")
            self.entries[key] = np.array(row, copy=True)

    def remove(self, keys):
        self.check_keys(keys)
        for key in keys.ravel():
            self.entries.pop(_key(key), None)

    def export(self):
        n = len(self.entries)
        keys = np.empty((n,), self.key_dtype.as_numpy_dtype)
        values = np.empty((n,) + self.value_shape, self.value_dtype.as_numpy_dtype)
        for i, (key, row) in enumerate(self.entries.items()):
            keys[i], values[i, ...] = key, row
        return keys, values


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    value = np.asarray(value)
    return str(value.item()) if value.ndim == 0 else str(value)


# ------------------------------------------------------------------ table ops
def _handle_infer(inputs, attrs):
    return [(dtypes.resource, TensorShape([]))]


def _table_kernel(kind, static=False, dense=False):
    def kernel(xp, *inputs, ctx, key_dtype, value_dtype, shared_name="", value_shape=(), container="",
               use_node_name_sharing=False):
        name = shared_name or ctx.op.name
        empty, deleted = (_key(np.asarray(k)) for k in inputs) if dense else (None, None)

        def create():
            return LookupTable(kind, key_dtype, value_dtype, tuple(value_shape), static, empty, deleted)

        table = ctx.resources.get_or_create(("table", name), create)
        if table.kind != kind or table.key_dtype != key_dtype or table.value_dtype != value_dtype:
            raise errors.InvalidArgumentError(None, None, f"Shared table '{name}' is a {table.kind} of "
                                              f"{table.key_dtype.name} -> {table.value_dtype.name}")
        return table
    kernel.__name__ = "_" + kind.lower()
    return kernel


for _type, _static, _dense in (("HashTableV2", True, False), ("MutableHashTableV2", False, False),
                               ("MutableHashTableOfTensorsV2", False, False),
                               ("MutableDenseHashTableV2", False, True)):
    register_op(_type, infer=_handle_infer, needs_ctx=True, stateful=True, gpu=False)(
        _table_kernel(_type, _static, _dense))


def _as_table(handle):
    if not isinstance(handle, LookupTable):
        raise errors.InvalidArgumentError(None, None, "The table handle is not a lookup table resource")
    return handle


def _table_of(inputs):
    """The table op behind a handle tensor, when the graph shows it (for static dtypes and shapes)."""
    op = inputs[0].op
    while op.type == "Identity":
        op = op.inputs[0].op
    return op if op.type in ("HashTableV2", "MutableHashTableV2", "MutableHashTableOfTensorsV2",
                             "MutableDenseHashTableV2") else None


def _find_infer(inputs, attrs):
    handle, keys, default = inputs
    table = _table_of(inputs)
    if table is not None and keys.dtype.base_dtype != table.get_attr("key_dtype"):
        raise TypeError(f"Expected key type {table.get_attr('key_dtype').name} but got {keys.dtype.base_dtype.name}"
                        f" for 'LookupTableFindV2'")
    value_shape = TensorShape(table.get_attr("value_shape")) if table is not None and \
        table.type in ("MutableHashTableOfTensorsV2", "MutableDenseHashTableV2") else None
    if table is not None and table.type in ("HashTableV2", "MutableHashTableV2"):
        value_shape = TensorShape([])
    if value_shape is None or keys.shape.ndims is None:
        return [(default.dtype.base_dtype, unknown_shape())]
    return [(default.dtype.base_dtype, keys.shape.concatenate(value_shape))]


@register_op("LookupTableFindV2", infer=_find_infer, stateful=True, gpu=False)
def _lookup_table_find_v2(xp, handle, keys, default_value):
    return _as_table(handle).find(np.asarray(keys), default_value)


@register_op("LookupTableInsertV2", infer=lambda inputs, attrs: [], stateful=True, gpu=False)
def _lookup_table_insert_v2(xp, handle, keys, values):
    _as_table(handle).insert(np.asarray(keys), np.asarray(values))
    return ()


@register_op("LookupTableRemoveV2", infer=lambda inputs, attrs: [], stateful=True, gpu=False)
def _lookup_table_remove_v2(xp, handle, keys):
    _as_table(handle).remove(np.asarray(keys))
    return ()


@register_op("LookupTableSizeV2", infer=lambda inputs, attrs: [(dtypes.int64, TensorShape([]))], stateful=True,
             gpu=False)
def _lookup_table_size_v2(xp, handle):
    table = _as_table(handle)
    table.check_ready()
    return np.asarray(len(table.entries), np.int64)


def _export_infer(inputs, attrs):
    return [(attrs["Tkeys"], unknown_shape()), (attrs["Tvalues"], unknown_shape())]


@register_op("LookupTableExportV2", infer=_export_infer, stateful=True, gpu=False)
def _lookup_table_export_v2(xp, handle, *, Tkeys, Tvalues):  # noqa: N803 - TF's attr names
    table = _as_table(handle)
    table.check_ready()
    return table.export()


@register_op("LookupTableImportV2", infer=lambda inputs, attrs: [], stateful=True, gpu=False)
def _lookup_table_import_v2(xp, handle, keys, values):
    table = _as_table(handle)
    table.insert(np.asarray(keys), np.asarray(values), check_same=table.static)
    table.initialized = True
    return ()


# ------------------------------------------------------------------ initialising from a text file
def _text_init_infer(inputs, attrs):
    check_dtype(inputs[1], (dtypes.string,), "filename")
    if inputs[1].shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {inputs[1].shape.ndims} for "
                         f"'InitializeTableFromTextFileV2' with input shapes: [], {fmt_shape(inputs[1].shape)}.")
    return []


def _parse_field(text, dtype, line_number):
    try:
        if dtype.is_integer:
            value = int(text)
            if not dtype.min <= value <= dtype.max:
                raise ValueError
            return value
        if dtype.is_floating:
            return float(text)
        return text
    except ValueError:
        raise errors.InvalidArgumentError(None, None, f"Field {text.decode('utf-8', 'replace')} in line "
                                          f"{line_number} is not a valid {dtype.name}.") from None


def _text_lines(filename, vocab_size):
    with GFile(filename, "rb") as f:
        data = f.read()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    lines = [line[:-1] if line.endswith(b"\r") else line for line in lines]
    if vocab_size != -1:
        if len(lines) < vocab_size:
            raise errors.InvalidArgumentError(None, None, f"Invalid vocab_size in {filename}: expected "
                                              f"{vocab_size} but got {len(lines)}")
        lines = lines[:vocab_size]
    return lines


def _column(line, number, index, dtype, delimiter, filename, offset=0):
    if index == WHOLE_LINE:
        return _parse_field(line, dtype, number)
    if index == LINE_NUMBER:
        return number + offset
    fields = line.split(delimiter.encode("utf-8")) if delimiter else line.split()
    if index >= len(fields):
        raise errors.InvalidArgumentError(None, None, f"Invalid number of columns in {filename} line {number} "
                                          f"({line.decode('utf-8', 'replace')}) : expected {index + 1} got "
                                          f"{len(fields)}")
    return _parse_field(fields[index], dtype, number)


@register_op("InitializeTableFromTextFileV2", infer=_text_init_infer, stateful=True, gpu=False)
def _initialize_table_from_text_file_v2(xp, handle, filename, *, key_index, value_index, vocab_size=-1,
                                        delimiter="\t", offset=0):
    table = _as_table(handle)
    if table.initialized and table.static:
        return ()  # TF skips a table that is already initialised
    filename = _key(np.asarray(filename)).decode("utf-8")
    lines = _text_lines(filename, vocab_size)
    keys = [_column(line, i, key_index, table.key_dtype, delimiter, filename) for i, line in enumerate(lines)]
    values = [_column(line, i, value_index, table.value_dtype, delimiter, filename, offset)
              for i, line in enumerate(lines)]
    as_array = lambda items, dtype: np.array(items, dtype=dtype.as_numpy_dtype).reshape(len(items))  # noqa: E731
    table.insert(as_array(keys, table.key_dtype), as_array(values, table.value_dtype), check_same=table.static)
    table.initialized = True
    return ()


__all__ = []  # internal: the public classes are in lookup_ops
