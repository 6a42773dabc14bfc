"""tf.lookup tables: values, names, initialisation through TABLE_INITIALIZERS, errors (as TF 2.21)."""
import numpy as np
import pytest

import tfsess as tf


@pytest.fixture
def sess():
    with tf.Graph().as_default():
        with tf.Session() as s:
            yield s


def test_static_hash_table(sess):
    table = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a", "b", "c"], [1, 2, 3]), -1)
    assert (table.name, table.key_dtype, table.value_dtype) == ("hash_table", tf.string, tf.int32)
    assert table.initializer.name == "key_value_init/LookupTableImportV2"
    assert tf.get_collection(tf.GraphKeys.TABLE_INITIALIZERS) == [table.initializer]
    out = table.lookup(tf.constant([["a", "z"], ["c", "b"]]))
    assert out.op.name == "hash_table_Lookup/LookupTableFindV2" and out.shape.as_list() == [2, 2]
    with pytest.raises(tf.errors.FailedPreconditionError, match="Table not initialized"):
        sess.run(out)
    sess.run(tf.tables_initializer())
    assert sess.run(out).tolist() == [[1, -1], [3, 2]] and sess.run(table.size()) == 3
    keys, values = sess.run(table.export())
    assert sorted(zip(keys.tolist(), values.tolist())) == [(b"a", 1), (b"b", 2), (b"c", 3)]
    sess.run(table.initializer)  # importing the same entries again is allowed
    with pytest.raises(TypeError, match="Dtype of argument `keys` must be <dtype: 'string'>"):
        table.lookup(tf.constant([1, 2]))


def test_conflicting_import_fails_and_session_survives(sess):
    bad = tf.lookup.StaticHashTable(tf.lookup.KeyValueTensorInitializer(["a", "a"], [1, 2]), -1)
    with pytest.raises(tf.errors.FailedPreconditionError, match="Key a has 1 and trying to add value 2") as info:
        sess.run(bad.initializer)
    assert info.value.op.name == "key_value_init/LookupTableImportV2"
    assert sess.run(tf.constant(3)) == 3


def test_vocabulary_table_oov_buckets(sess):
    init = tf.lookup.KeyValueTensorInitializer(["a", "b"], tf.constant([0, 1], tf.int64))
    vocab = tf.lookup.StaticVocabularyTable(init, 3)
    sess.run(vocab.initializer)
    assert sess.run(vocab.lookup(tf.constant(["a", "b", "zz", "q", "hello"]))).tolist() == [0, 1, 3, 4, 3]
    assert sess.run(vocab.size()) == 5
    ints = tf.lookup.StaticVocabularyTable(
        tf.lookup.KeyValueTensorInitializer(tf.constant([7, 9], tf.int64), tf.constant([0, 1], tf.int64)), 4)
    sess.run(ints.initializer)
    assert sess.run(ints.lookup(tf.constant([7, 3, 9, 100], tf.int64))).tolist() == [0, 3, 1, 5]
    with pytest.raises(ValueError, match="num_oov_buckets"):
        tf.lookup.StaticVocabularyTable(init, 0)


def test_text_file_initializer(sess, tmp_path):
    path = tmp_path / "vocab.txt"
    path.write_text("apple\t5\nbanana\t7\ncherry\t9\n")
    table = tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(str(path), tf.string, 0, tf.int64, 1), -1)
    assert table.initializer.type == "InitializeTableFromTextFileV2"
    sess.run(table.initializer)
    assert sess.run(table.lookup(tf.constant(["banana", "x"]))).tolist() == [7, -1]
    lines = tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(
        str(path), tf.string, tf.lookup.TextFileIndex.WHOLE_LINE, tf.int64, tf.lookup.TextFileIndex.LINE_NUMBER), -1)
    sess.run(lines.initializer)
    assert sess.run(lines.lookup(tf.constant(["banana\t7", "apple\t5"]))).tolist() == [1, 0]
    short = tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(str(path), tf.string, 0, tf.int64, 1,
                                                                    vocab_size=2), -1)
    sess.run(short.initializer)
    assert sess.run(short.size()) == 2
    too_long = tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(str(path), tf.string, 0, tf.int64, 1,
                                                                       vocab_size=5), -1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="expected 5 but got 3"):
        sess.run(too_long.initializer)
    missing = tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(str(tmp_path / "no.txt"), tf.string, 0,
                                                                      tf.int64, 1), -1)
    with pytest.raises(tf.errors.NotFoundError, match="no.txt"):
        sess.run(missing.initializer)
    (tmp_path / "bad.txt").write_text("a\tx\n")
    bad = tf.lookup.StaticHashTable(tf.lookup.TextFileInitializer(str(tmp_path / "bad.txt"), tf.string, 0,
                                                                  tf.int64, 1), -1)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Field x in line 0 is not a valid int64"):
        sess.run(bad.initializer)


def test_mutable_and_dense_tables(sess):
    table = tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, -1)
    insert = table.insert(tf.constant(["x", "y"]), tf.constant([10, 20], tf.int64))
    assert insert.name == "MutableHashTable_lookup_table_insert/LookupTableInsertV2"
    sess.run(insert)
    assert sess.run(table.lookup(tf.constant(["y", "q"]))).tolist() == [20, -1] and sess.run(table.size()) == 2
    sess.run(table.remove(tf.constant(["x"])))
    assert sess.run(table.size()) == 1
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Expected shape \[1\] for value, got \[2\]"):
        sess.run(table.insert(tf.constant(["x"]), tf.constant([1, 2], tf.int64)))
    vectors = tf.lookup.experimental.MutableHashTable(tf.int64, tf.float32, [0.0, 0.0])
    assert vectors.resource_handle.op.type == "MutableHashTableOfTensorsV2"
    sess.run(vectors.insert(tf.constant([1], tf.int64), tf.constant([[1.0, 2.0]])))
    np.testing.assert_array_equal(sess.run(vectors.lookup(tf.constant([1, 2], tf.int64))), [[1, 2], [0, 0]])
    dense = tf.lookup.experimental.DenseHashTable(tf.int64, tf.int64, default_value=-1, empty_key=0,
                                                  deleted_key=-1)
    assert dense.name == "MutableDenseHashTable"
    sess.run(dense.insert(tf.constant([5, 6], tf.int64), tf.constant([50, 60], tf.int64)))
    assert sess.run(dense.lookup(tf.constant([6, 7], tf.int64))).tolist() == [60, -1]
    with pytest.raises(tf.errors.InvalidArgumentError, match="Using the empty_key as a table key"):
        sess.run(dense.insert(tf.constant([0], tf.int64), tf.constant([1], tf.int64)))
    with pytest.raises(tf.errors.InvalidArgumentError, match="Using the deleted_key as a table key"):
        sess.run(dense.lookup(tf.constant([-1], tf.int64)))


def test_two_sessions_hold_separate_tables():
    with tf.Graph().as_default():
        table = tf.lookup.experimental.MutableHashTable(tf.string, tf.int64, -1)
        insert = table.insert(tf.constant(["x"]), tf.constant([1], tf.int64))
        with tf.Session() as a, tf.Session() as b:
            a.run(insert)
            assert a.run(table.size()) == 1 and b.run(table.size()) == 0
