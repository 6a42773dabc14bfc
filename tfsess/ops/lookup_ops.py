"""tf.lookup (compat.v1): table initializers, static and vocabulary tables, mutable and dense tables.

Each table builds its handle op once; an initializable table's initializer op goes into the
TABLE_INITIALIZERS collection, so `tf.tables_initializer()` runs it. Names are TF's:
`hash_table`, `key_value_init/LookupTableImportV2`, `hash_table_Lookup/LookupTableFindV2` ...
"""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.graph import get_default_graph
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.ops import lookup_kernels as _kernels  # noqa: F401 - registers the table ops
from tfsess.ops import indexing_ops, logic_ops, math_ops, string_ops
from tfsess.ops.string_hash_ops import string_to_hash_bucket_fast
from tfsess.ops.variables import GraphKeys


class TextFileIndex:
    """Special column indices of TextFileInitializer: the whole line, or its number (tf.lookup.TextFileIndex)."""

    WHOLE_LINE = _kernels.WHOLE_LINE
    LINE_NUMBER = _kernels.LINE_NUMBER


class TableInitializerBase:
    """What an initializer says about its table: key and value dtypes."""

    def __init__(self, key_dtype, value_dtype):
        self._key_dtype = dtypes.as_dtype(key_dtype)
        self._value_dtype = dtypes.as_dtype(value_dtype)

    @property
    def key_dtype(self):
        return self._key_dtype

    @property
    def value_dtype(self):
        return self._value_dtype


class KeyValueTensorInitializer(TableInitializerBase):
    """Fills a table from a tensor of keys and one of values (tf.lookup.KeyValueTensorInitializer)."""

    def __init__(self, keys, values, key_dtype=None, value_dtype=None, name=None):
        self._keys = convert_to_tensor(keys, dtype=key_dtype, name="keys")
        self._values = convert_to_tensor(values, dtype=value_dtype, name="values")
        self._name = name or "key_value_init"
        super().__init__(self._keys.dtype, self._values.dtype)

    def initialize(self, table):
        """Builds the op that imports the keys and values into `table`, and lists it in TABLE_INITIALIZERS."""
        _check_table_dtypes(table, self._keys.dtype, self._values.dtype)
        with op_scope(self._name, None, [table.resource_handle, self._keys, self._values]):
            init = apply_op("LookupTableImportV2", [table.resource_handle, self._keys, self._values], {})
        get_default_graph().add_to_collection(GraphKeys.TABLE_INITIALIZERS, init)
        return init


class TextFileInitializer(TableInitializerBase):
    """Fills a table from the columns of a text file, one entry a line (tf.lookup.TextFileInitializer).

    `key_index`/`value_index` name a column split by `delimiter`, or TextFileIndex.WHOLE_LINE /
    LINE_NUMBER; `vocab_size` reads only the first lines (and requires that many).
    """

    def __init__(self, filename, key_dtype, key_index, value_dtype, value_index, vocab_size=None, delimiter="\t",
                 name=None, value_index_offset=0):
        key_dtype, value_dtype = dtypes.as_dtype(key_dtype), dtypes.as_dtype(value_dtype)
        if key_index < -2:
            raise ValueError(f"`key_index` should be >= -2, received: {key_index}.")
        if key_index == TextFileIndex.LINE_NUMBER and key_dtype != dtypes.int64:
            raise ValueError(f"`key_dtype` must be int64 if `key_index` is {TextFileIndex.LINE_NUMBER}, received: "
                             f"{key_dtype}")
        if key_index == TextFileIndex.WHOLE_LINE and not key_dtype.is_integer and key_dtype != dtypes.string:
            raise ValueError(f"`key_dtype` should be either integer or string for `key_index` "
                             f"{TextFileIndex.WHOLE_LINE}, received: {key_dtype}")
        if value_index < -2:
            raise ValueError(f"`value_index` should be >= -2, received: {value_index}")
        if value_index == TextFileIndex.LINE_NUMBER and value_dtype != dtypes.int64:
            raise ValueError(f"`value_dtype` must be int64 for `value_index` {TextFileIndex.LINE_NUMBER}, "
                             f"received: {value_dtype}")
        if value_index == TextFileIndex.WHOLE_LINE and value_dtype != dtypes.string:
            raise ValueError(f"`value_dtype` must be string for `value_index` {TextFileIndex.WHOLE_LINE}, "
                             f"received: {value_dtype}")
        if vocab_size is not None and vocab_size <= 0:
            raise ValueError(f"`vocab_size` should be > 0, received: {vocab_size}")
        self._filename, self._key_index, self._value_index = filename, int(key_index), int(value_index)
        self._vocab_size, self._delimiter, self._offset = vocab_size, delimiter, int(value_index_offset)
        self._name = name or "text_file_init"
        super().__init__(key_dtype, value_dtype)

    def initialize(self, table):
        """Builds the op that reads the file into `table`, and lists it in TABLE_INITIALIZERS."""
        _check_table_dtypes(table, self.key_dtype, self.value_dtype)
        with op_scope(self._name, None, [table.resource_handle]):
            filename = convert_to_tensor(self._filename, dtypes.string, name="asset_filepath")
            init = apply_op("InitializeTableFromTextFileV2", [table.resource_handle, filename],
                            {"key_index": self._key_index, "value_index": self._value_index,
                             "vocab_size": -1 if self._vocab_size is None else int(self._vocab_size),
                             "delimiter": self._delimiter, "offset": self._offset})
        get_default_graph().add_to_collection(GraphKeys.TABLE_INITIALIZERS, init)
        return init


def _check_table_dtypes(table, key_dtype, value_dtype):
    if key_dtype.base_dtype != table.key_dtype:
        raise TypeError(f"Invalid key dtype for table, expected {table.key_dtype} but got {key_dtype}.")
    if value_dtype.base_dtype != table.value_dtype:
        raise TypeError(f"Invalid value dtype for table, expected {table.value_dtype} but got {value_dtype}.")


class _Table:
    """A table's handle op and the ops every table has (find, size, export)."""

    _find_scope = "_Lookup"
    _export_scope = "_Export"

    def __init__(self, op_type, inputs, attrs, name):
        self._key_dtype, self._value_dtype = attrs["key_dtype"], attrs["value_dtype"]
        self._handle = apply_op(op_type, inputs, dict(attrs, shared_name="", container="",
                                                      use_node_name_sharing=False), name=name).outputs[0]

    @property
    def resource_handle(self):
        return self._handle

    @property
    def name(self):
        return self._handle.op.name.split("/")[-1]

    @property
    def key_dtype(self):
        return self._key_dtype

    @property
    def value_dtype(self):
        return self._value_dtype

    def _keys(self, keys):
        keys = convert_to_tensor(keys, name="keys")
        if keys.dtype.base_dtype != self._key_dtype:
            raise TypeError(f"Dtype of argument `keys` must be {self._key_dtype}, received: {keys.dtype}")
        return keys

    def lookup(self, keys, name=None):
        """The value of each key, or the default where a key is missing (LookupTableFindV2)."""
        with op_scope(name, f"{self.name}{self._find_scope}", [self._handle, keys]):
            keys = self._keys(keys)
            return apply_op("LookupTableFindV2", [self._handle, keys, self._default], {}).outputs[0]

    def size(self, name=None):
        """The number of entries, int64 (LookupTableSizeV2)."""
        with op_scope(name, f"{self.name}_Size", [self._handle]):
            return apply_op("LookupTableSizeV2", [self._handle], {}).outputs[0]

    def export(self, name=None):
        """Two tensors: every key and its value (LookupTableExportV2)."""
        with op_scope(name, f"{self.name}{self._export_scope}", [self._handle]):
            op = apply_op("LookupTableExportV2", [self._handle], {"Tkeys": self._key_dtype,
                                                                   "Tvalues": self._value_dtype})
            return op.outputs[0], op.outputs[1]


class StaticHashTable(_Table):
    """A table filled once by its initializer (tf.lookup.StaticHashTable, TF1's StaticHashTableV1).

    `initializer` is the op that fills it, also in TABLE_INITIALIZERS; a lookup before it runs
    raises FailedPreconditionError.
    """

    def __init__(self, initializer, default_value, name=None, experimental_is_anonymous=False):
        self._initializer_obj = initializer
        self._default = convert_to_tensor(default_value, dtype=initializer.value_dtype)
        super().__init__("HashTableV2", [], {"key_dtype": initializer.key_dtype,
                                             "value_dtype": initializer.value_dtype}, name or "hash_table")
        self._init_op = initializer.initialize(self)

    @property
    def initializer(self):
        return self._init_op

    @property
    def default_value(self):
        return self._default


class StaticVocabularyTable:
    """Ids for a vocabulary, and for out-of-vocabulary keys one of `num_oov_buckets` buckets after it
    (FarmHash of the key, as TF) (tf.lookup.StaticVocabularyTable, TF1's StaticVocabularyTableV1)."""

    def __init__(self, initializer, num_oov_buckets, lookup_key_dtype=None, name=None,
                 experimental_is_anonymous=False):
        if num_oov_buckets <= 0:
            raise ValueError("`num_oov_buckets` must be > 0; use StaticHashTable.")
        if initializer.key_dtype not in (dtypes.int64, dtypes.string):
            raise TypeError(f"Invalid `key_dtype`, expected one of (tf.int64, tf.string), but got "
                            f"{initializer.key_dtype}.")
        if initializer.value_dtype != dtypes.int64:
            raise TypeError(f"Invalid `value_dtype`, expected {dtypes.int64} but got {initializer.value_dtype}.")
        self._num_oov_buckets = int(num_oov_buckets)
        self._key_dtype = dtypes.as_dtype(lookup_key_dtype or initializer.key_dtype)
        self._table = StaticHashTable(initializer, -1, name=name)

    name = property(lambda self: self._table.name)
    resource_handle = property(lambda self: self._table.resource_handle)
    initializer = property(lambda self: self._table.initializer)
    key_dtype = property(lambda self: self._key_dtype)
    value_dtype = property(lambda self: dtypes.int64)

    def size(self, name=None):
        """Vocabulary entries plus OOV buckets."""
        with op_scope(name, f"{self.name}_Size", [self.resource_handle]):
            return apply_op("LookupTableSizeV2", [self.resource_handle], {}).outputs[0] + self._num_oov_buckets

    def lookup(self, keys, name=None):
        """The id of each key: its vocabulary id, else vocabulary size + its hash bucket (int64)."""
        with op_scope(name, f"{self.name}_Lookup", [self.resource_handle, keys]):
            keys = convert_to_tensor(keys)
            if keys.dtype.base_dtype != self._key_dtype:
                raise TypeError(f"Dtype of argument `keys` must be {self._key_dtype}, received: {keys.dtype}")
            if keys.dtype.is_integer and keys.dtype != self._table.key_dtype:
                keys = math_ops.cast(keys, self._table.key_dtype)
            ids = self._table.lookup(keys)
            text = keys if keys.dtype == dtypes.string else string_ops.as_string(keys)
            buckets = string_to_hash_bucket_fast(text, self._num_oov_buckets, name="hash_bucket")
            return indexing_ops.where(logic_ops.equal(ids, -1), buckets + self._table.size(), ids)


class MutableHashTable(_Table):
    """A table changed by insert and remove ops (tf.lookup.experimental.MutableHashTable).

    A non-scalar `default_value` makes each value a vector of its shape (MutableHashTableOfTensorsV2).
    """

    _find_scope = "_lookup_table_find"
    _export_scope = "_lookup_table_export_values"

    def __init__(self, key_dtype, value_dtype, default_value, name="MutableHashTable", checkpoint=True,
                 experimental_is_anonymous=False):
        self._default = convert_to_tensor(default_value, dtype=value_dtype, name="default_value")
        shape = self._default.shape
        attrs = {"key_dtype": dtypes.as_dtype(key_dtype), "value_dtype": dtypes.as_dtype(value_dtype)}
        if shape.ndims:
            super().__init__("MutableHashTableOfTensorsV2", [], dict(attrs, value_shape=shape.as_list()), name)
        else:
            super().__init__("MutableHashTableV2", [], attrs, name)

    def insert(self, keys, values, name=None):
        """An op that sets the value of each key (LookupTableInsertV2)."""
        with op_scope(name, f"{self.name}_lookup_table_insert", [self._handle, keys, values]):
            keys = convert_to_tensor(keys, self._key_dtype, name="keys")
            values = convert_to_tensor(values, self._value_dtype, name="values")
            return apply_op("LookupTableInsertV2", [self._handle, keys, values], {})

    def remove(self, keys, name=None):
        """An op that removes the keys that are present (LookupTableRemoveV2)."""
        with op_scope(name, f"{self.name}_lookup_table_remove", [self._handle, keys]):
            keys = self._keys(keys)
            return apply_op("LookupTableRemoveV2", [self._handle, keys], {})


class DenseHashTable(MutableHashTable):
    """A mutable table with two reserved keys, never stored (tf.lookup.experimental.DenseHashTable).

    Differs from TF: `export()` lists the entries present, not TF's whole bucket array (TF's
    order of a hash map's entries is unspecified in any case).
    """

    def __init__(self, key_dtype, value_dtype, default_value, empty_key, deleted_key, initial_num_buckets=None,
                 name="MutableDenseHashTable", checkpoint=True, experimental_is_anonymous=False):
        self._default = convert_to_tensor(default_value, dtype=value_dtype, name="default_value")
        key_dtype = dtypes.as_dtype(key_dtype)
        empty = convert_to_tensor(empty_key, key_dtype, name="empty_key")
        deleted = convert_to_tensor(deleted_key, key_dtype, name="deleted_key")
        _Table.__init__(self, "MutableDenseHashTableV2", [empty, deleted],
                        {"key_dtype": key_dtype, "value_dtype": dtypes.as_dtype(value_dtype),
                         "value_shape": self._default.shape.as_list() if self._default.shape.ndims else []}, name)


__all__ = []  # exported through tfsess/lookup.py
