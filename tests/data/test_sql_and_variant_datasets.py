"""SqlDataset over sqlite3, to_variant/from_variant, SHARD_HINT, map_and_batch_with_legacy_function and
the eager-only NumpyIterator / as_numpy_iterator, against TF 2.21's behaviour."""
import sqlite3

import numpy as np
import pytest

import tfsess as tf


@pytest.fixture
def database(tmp_path):
    path = str(tmp_path / "people.db")
    with sqlite3.connect(path) as connection:
        connection.execute("create table p (name text, age integer, h real, b blob, flag integer)")
        connection.executemany("insert into p values (?,?,?,?,?)", [
            ("ann", 30, 1.5, b"\x00\x01", 1), ("bob", -4, 2.25, b"zz", 0), (None, None, None, None, None),
            ("cy", 3000000000, 1e300, b"", 2)])
    tf.reset_default_graph()
    return path


def _rows(dataset):
    iterator = tf.data.make_initializable_iterator(dataset)
    element = iterator.get_next()
    out = []
    with tf.Session() as sess:
        sess.run(iterator.initializer)
        while True:
            try:
                out.append(sess.run(element))
            except tf.errors.OutOfRangeError:
                return out


def test_sql_dataset_reads_columns_as_tfs_sqlite3_column_calls(database):
    dataset = tf.data.experimental.SqlDataset("sqlite", database, "select name, age, h, flag from p",
                                              (tf.string, tf.int64, tf.float64, tf.bool))
    assert dataset._variant.op.type == "SqlDataset" and dataset.element_spec[1].dtype == tf.int64
    rows = [tuple(np.asarray(v).item() for v in row) for row in _rows(dataset)]
    assert rows == [(b"ann", 30, 1.5, True), (b"bob", -4, 2.25, False), (b"", 0, 0.0, False),
                    (b"cy", 3000000000, 1e300, True)]


def test_sql_dataset_narrows_and_converts_like_sqlite(database):
    ages = tf.data.experimental.SqlDataset("sqlite", database, "select age, age, age from p",
                                           (tf.int32, tf.uint8, tf.string))
    assert [tuple(np.asarray(v).item() for v in row) for row in _rows(ages)] == [
        (30, 30, b"30"), (-4, 252, b"-4"), (0, 0, b""), (-1294967296, 0, b"3000000000")]
    names = tf.data.experimental.SqlDataset("sqlite", database, "select name from p", tf.int32)
    assert [int(v) for v in _rows(names)] == [0, 0, 0, 0]  # text without a numeric prefix reads as 0


@pytest.mark.parametrize("driver, query, types, message", [
    ("mysql", "select name from p", (tf.string,), "The database type, mysql"),
    ("sqlite", "select h from p where 0", (tf.float32,), "must be one of: DT_STRING")])
def test_sql_dataset_errors_at_initialization(database, driver, query, types, message):
    iterator = tf.data.make_initializable_iterator(tf.data.experimental.SqlDataset(driver, database, query, types))
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=message):
            sess.run(iterator.initializer)
        assert sess.run(tf.constant(2)) == 2


@pytest.mark.parametrize("query, types, error, message", [
    ("select name, age from p", (tf.string,), tf.errors.InvalidArgumentError,
     r"number of columns in query \(2\) must match the number of elements in output_types \(1\)"),
    ("select nope from p", (tf.string,), tf.errors.UnknownError, r"Prepare\(\) failed: \[1\] no such column")])
def test_sql_dataset_errors_at_the_first_element(database, query, types, error, message):
    iterator = tf.data.make_initializable_iterator(tf.data.experimental.SqlDataset("sqlite", database, query, types))
    with tf.Session() as sess:
        sess.run(iterator.initializer)
        with pytest.raises(error, match=message):
            sess.run(iterator.get_next())


def test_variant_round_trip_and_legacy_names():
    tf.reset_default_graph()
    dataset = tf.data.Dataset.range(5)
    variant = tf.data.experimental.to_variant(dataset)
    assert variant.dtype == tf.variant and variant.op.type == "RangeDataset"
    again = tf.data.experimental.from_variant(variant, dataset.element_spec).map(lambda x: x * 2)
    batched = tf.data.Dataset.range(10).apply(
        tf.data.experimental.map_and_batch_with_legacy_function(lambda x: x * 3, 4))
    assert tf.data.experimental.SHARD_HINT == -1
    twice = tf.data.make_one_shot_iterator(again).get_next()
    batch = tf.data.make_one_shot_iterator(batched).get_next()
    with tf.Session() as sess:
        assert [sess.run(twice) for _ in range(5)] == [0, 2, 4, 6, 8]
        assert [sess.run(batch).tolist() for _ in range(3)] == [[0, 3, 6, 9], [12, 15, 18, 21], [24, 27]]
    with pytest.raises(ValueError, match="allows only one of `num_parallel_batches` and `num_parallel_calls`"):
        tf.data.experimental.map_and_batch_with_legacy_function(lambda x: x, 4, num_parallel_batches=2,
                                                                num_parallel_calls=2)
    with pytest.raises(TypeError, match="must be a tf.variant tensor"):
        tf.data.experimental.from_variant(tf.constant(1), dataset.element_spec)


def test_numpy_iteration_is_eager_only_as_in_tf1():
    dataset = tf.data.Dataset.range(3)
    with pytest.raises(RuntimeError, match=r"as_numpy_iterator\(\)` is only supported in eager mode"):
        dataset.as_numpy_iterator()
    with pytest.raises(RuntimeError, match="only supports Python-style iteration in eager mode"):
        tf.data.NumpyIterator(dataset)
