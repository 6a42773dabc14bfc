"""Op examples: the lookup tables of tf.lookup and their ops."""
import os

from op_examples import Built, builder, listed


def _static(tf):
    return tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a", "b", "c"], [1, 2, 3]), -1)


def _mutable(tf):
    return tf.lookup.experimental.MutableHashTable(tf.string, tf.float32, [0.0, 0.0])


def _dense(tf):
    return tf.lookup.experimental.DenseHashTable(tf.int64, tf.int64, default_value=-1, empty_key=0, deleted_key=-1)


def _table(make, use, fill=None):
    """A builder over a filled table: `use(tf, table)` builds the ops to check."""
    def build(tf, tmp):
        table = make(tf)
        setup = [table.initializer] if hasattr(table, "initializer") else [fill(tf, table)]
        return Built(setup=setup, fetch=listed(use(tf, table)))
    return build


def _fill_mutable(tf, table):
    return table.insert(tf.constant(["x", "y"]), tf.constant([[1.0, 2.0], [3.0, 4.0]]))


def _fill_dense(tf, table):
    return table.insert(tf.constant([5, 6], tf.int64), tf.constant([50, 60], tf.int64))


def _text_file(tf, tmp):
    path = os.path.join(tmp, "vocab.txt")
    with open(path, "w") as f:
        f.write("apple\t5\nbanana\t7\n")
    table = tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(path, tf.string, 0, tf.int64, 1), -1)
    return Built(setup=[table.initializer], fetch=None)


EXAMPLES = {
    "HashTableV2": builder(_table(_static, lambda tf, t: [t.resource_handle])),
    "LookupTableImportV2": builder(_table(_static, lambda tf, t: t.initializer)),
    "LookupTableFindV2": builder(_table(_static, lambda tf, t: [t.lookup(tf.constant([["a", "z"], ["c", "b"]]))])),
    "LookupTableSizeV2": builder(_table(_static, lambda tf, t: [t.size()])),
    "LookupTableExportV2": builder(_table(_static, lambda tf, t: list(t.export()))),
    "InitializeTableFromTextFileV2": builder(_text_file),
    "MutableHashTableV2": builder(_table(lambda tf: tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, -1),
                                         lambda tf, t: [t.resource_handle],
                                         lambda tf, t: t.insert(tf.constant(["x"]), tf.constant([1], tf.int64)))),
    "MutableHashTableOfTensorsV2": builder(_table(_mutable, lambda tf, t: [t.resource_handle],
                                                  _fill_mutable)),
    "MutableDenseHashTableV2": builder(_table(_dense, lambda tf, t: [t.resource_handle],
                                              _fill_dense)),
    "LookupTableInsertV2": builder(_table(_mutable, lambda tf, t: None, _fill_mutable)),
    "LookupTableRemoveV2": builder(_table(_dense, lambda tf, t: t.remove(tf.constant([5], tf.int64)), _fill_dense)),
}
