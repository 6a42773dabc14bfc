"""Leftover tf.data names: SqlDataset over a small sqlite file (made in a temporary directory), variant
round trips, SHARD_HINT, map_and_batch_with_legacy_function, the eager-only numpy iteration, and
make_saveable_from_iterator with tf.train.Saver."""
import os
import shutil
import sqlite3
import tempfile

import numpy as np

from _harness import catch, message_has

_ROWS = [("ann", 30, 1.5, b"\x00\x01", 1), ("bob", -4, 2.25, b"zz", 0), (None, None, None, None, None),
         ("cy", 3000000000, 1e300, b"", 2), ("12abc", 70000, -0.5, b"q", -1)]


def _database():
    directory = tempfile.mkdtemp()
    path = os.path.join(directory, "people.db")
    with sqlite3.connect(path) as connection:
        connection.execute("create table p (name text, age integer, h real, b blob, flag integer)")
        connection.executemany("insert into p values (?,?,?,?,?)", _ROWS)
    connection.close()
    return directory, path


def _drain(tf, dataset, initializable=True, limit=20):
    iterator = tf.data.make_initializable_iterator(dataset) if initializable else \
        tf.data.make_one_shot_iterator(dataset)
    element = iterator.get_next()
    out = []
    with tf.Session() as sess:
        if initializable:
            init = catch(sess.run, iterator.initializer)
            if isinstance(init, dict):
                return {"init": init}
        for _ in range(limit):
            try:
                out.append(sess.run(element))
            except tf.errors.OutOfRangeError:
                break
            except tf.errors.OpError as e:
                out.append({"raised": type(e).__name__})
                break
    return out


def _sql(tf, query, types, driver="sqlite", initializable=True):
    directory, path = _database()
    try:
        return _drain(tf, tf.data.experimental.SqlDataset(driver, path, query, types), initializable)
    finally:
        shutil.rmtree(directory)


def case_x_data_leftovers_sql_types(tf):
    return {"all": _sql(tf, "select name, age, h, flag from p", (tf.string, tf.int64, tf.float64, tf.bool)),
            "blob": _sql(tf, "select b from p", (tf.string,)),
            "one_shot": _sql(tf, "select age from p order by age", tf.int64, initializable=False)}


def case_x_data_leftovers_sql_narrowing(tf):
    return {"ages": _sql(tf, "select age, age, age, age, age from p",
                         (tf.int32, tf.int16, tf.int8, tf.uint8, tf.uint16)),
            "flags": _sql(tf, "select flag, flag from p", (tf.bool, tf.int8))}


def case_x_data_leftovers_sql_conversions(tf):
    return {"text_to_int": _sql(tf, "select name from p", (tf.int32,)),
            "text_to_double": _sql(tf, "select name from p", (tf.float64,)),
            "int_to_text": _sql(tf, "select age from p", (tf.string,)),
            "real_to_int": _sql(tf, "select h from p where h < 10", (tf.int64,)),
            "expression": _sql(tf, "select age * 2, name || '!' from p where age > 0", (tf.int64, tf.string))}


def case_x_data_leftovers_sql_structures(tf):
    directory, path = _database()
    try:
        tuple_ds = tf.data.experimental.SqlDataset("sqlite", path, "select name, age from p", (tf.string, tf.int32))
        single = tf.data.experimental.SqlDataset("sqlite", path, "select name from p", tf.string)
        return {"spec": str(tuple_ds.element_spec), "single_spec": str(single.element_spec),
                "types": [op.type for op in tf.get_default_graph().get_operations()],
                "empty": _drain(tf, tf.data.experimental.SqlDataset("sqlite", path, "select name from p where 0",
                                                                    (tf.string,))),
                "batched": _drain(tf, single.batch(2))}
    finally:
        shutil.rmtree(directory)


def case_x_data_leftovers_sql_errors(tf):
    return {"driver": _sql(tf, "select name from p", (tf.string,), driver="mysql"),
            "columns": _sql(tf, "select name, age from p", (tf.string,)),
            "prepare": _sql(tf, "select nope from p", (tf.string,)),
            "table": _sql(tf, "select * from nope", (tf.string,)),
            "float32": _sql(tf, "select h from p", (tf.float32,)),
            "float32_empty": _sql(tf, "select h from p where 0", (tf.float32,))}


def case_x_data_leftovers_sql_messages(tf):
    directory, path = _database()
    try:
        def run(query, types, driver="sqlite"):
            iterator = tf.data.make_initializable_iterator(tf.data.experimental.SqlDataset(driver, path, query, types))
            with tf.Session() as sess:
                sess.run(iterator.initializer)
                sess.run(iterator.get_next())
        return {"driver": message_has(lambda: run("select name from p", (tf.string,), "mysql"),
                                      "The database type, mysql, is not supported by SqlDataset",
                                      "The set of supported databases is: {'sqlite'}."),
                "columns": message_has(lambda: run("select name, age from p", (tf.string,)),
                                       "The number of columns in query (2) must match the number of elements in "
                                       "output_types (1)."),
                "prepare": message_has(lambda: run("select nope from p", (tf.string,)),
                                       "Prepare() failed: [1] no such column: nope: select nope from p"),
                "float32": message_has(lambda: run("select h from p", (tf.float32,)),
                                       "Each element of `output_types_` must be one of: DT_STRING")}
    finally:
        shutil.rmtree(directory)


def case_x_data_leftovers_variant_round_trip(tf):
    dataset = tf.data.Dataset.from_tensor_slices({"a": [1, 2, 3], "b": [[1.0], [2.0], [3.0]]})
    variant = tf.data.experimental.to_variant(dataset)
    again = tf.data.experimental.from_variant(variant, dataset.element_spec)
    doubled = again.map(lambda d: {"a": d["a"] * 2, "b": d["b"] + 1.0})
    return {"variant": [str(variant.dtype), variant.shape.as_list(), variant.op.type],
            "spec": str(again.element_spec), "values": _drain(tf, doubled, initializable=False),
            "range": _drain(tf, tf.data.experimental.from_variant(
                tf.data.experimental.to_variant(tf.data.Dataset.range(3)),
                tf.data.Dataset.range(3).element_spec).repeat(2), initializable=False)}


def case_x_data_leftovers_map_and_batch_legacy(tf):
    batched = tf.data.Dataset.range(10).apply(
        tf.data.experimental.map_and_batch_with_legacy_function(lambda x: x * 3, 4))
    dropped = tf.data.Dataset.range(10).apply(tf.data.experimental.map_and_batch_with_legacy_function(
        lambda x: (x, tf.cast(x, tf.float32) / 2), 3, num_parallel_calls=2, drop_remainder=True))
    return {"spec": str(batched.element_spec), "values": _drain(tf, batched, initializable=False),
            "dropped_spec": str(dropped.element_spec), "dropped": _drain(tf, dropped, initializable=False),
            "both": message_has(lambda: tf.data.experimental.map_and_batch_with_legacy_function(
                lambda x: x, 4, num_parallel_batches=2, num_parallel_calls=2), "allows only one of",
                "`num_parallel_batches` was set to 2")}


def case_x_data_leftovers_shard_hint_and_numpy_iteration(tf):
    dataset = tf.data.Dataset.range(5)
    return {"hint": tf.data.experimental.SHARD_HINT,
            "as_numpy": message_has(dataset.as_numpy_iterator, "only supported in eager mode"),
            "numpy_iterator": message_has(lambda: tf.data.NumpyIterator(dataset),
                                          "only supports Python-style iteration in eager mode"),
            "iter": catch(iter, dataset)}


def _saveable_graph(tf, kind, dataset_fn):
    tf.reset_default_graph()
    dataset = dataset_fn(tf)
    iterator = tf.data.make_initializable_iterator(dataset) if kind == "init" else \
        tf.data.make_one_shot_iterator(dataset)
    tf.add_to_collection(tf.GraphKeys.SAVEABLE_OBJECTS, tf.data.experimental.make_saveable_from_iterator(iterator))
    tf.Variable(1.0, name="v")
    return iterator, iterator.get_next(), tf.train.Saver()


def _save_restore(tf, kind, dataset_fn, before=4, after=3, initialize_again=True):
    directory = tempfile.mkdtemp()
    prefix = os.path.join(directory, "model")
    try:
        iterator, element, saver = _saveable_graph(tf, kind, dataset_fn)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            if kind == "init":
                sess.run(iterator.initializer)
            first = [sess.run(element) for _ in range(before)]
            saver.save(sess, prefix)
            following = [sess.run(element) for _ in range(after)]
        iterator, element, saver = _saveable_graph(tf, kind, dataset_fn)
        with tf.Session() as sess:
            if kind == "init" and initialize_again:
                sess.run(iterator.initializer)
            restored = catch(saver.restore, sess, prefix)
            if isinstance(restored, dict):
                return {"first": first, "restore": restored}
            again = [sess.run(element) for _ in range(after)]
        return {"first": first, "following": following, "again": again}
    finally:
        shutil.rmtree(directory)


def _shuffled(tf):
    return tf.data.Dataset.range(10).shuffle(10, seed=3).map(lambda x: x * 10)


def case_x_data_leftovers_saveable_initializable(tf):
    return _save_restore(tf, "init", _shuffled)


def case_x_data_leftovers_saveable_one_shot(tf):
    return _save_restore(tf, "one_shot", _shuffled)


def case_x_data_leftovers_saveable_batches_across_epochs(tf):
    return _save_restore(tf, "init", lambda tf: tf.data.Dataset.range(7).repeat(3).batch(3), before=3, after=4)


def case_x_data_leftovers_saveable_needs_initializer(tf):
    return _save_restore(tf, "init", _shuffled, initialize_again=False)


def case_x_data_leftovers_saveable_bad_argument(tf):
    return {"tensor": catch(tf.data.experimental.make_saveable_from_iterator, tf.constant(1))}
