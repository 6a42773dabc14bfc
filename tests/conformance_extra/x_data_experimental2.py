"""tf.data.experimental beyond the basics: CsvDataset and make_csv_dataset (types, defaults, quotes,
na_value, select_cols, compression, inference, shuffling), from_list, group_by_reducer,
pad_to_cardinality, get_structure and the Structure names, the options classes and enums,
TFRecordWriter, parse_example_dataset, make_batched_features_dataset, tables from datasets,
snapshot, rejection_resample, copy_to_device and DatasetSpec. Fixtures: fixtures_data2/ (written by
its make_fixtures.py); files written by a case go to a temporary folder and no path is returned."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch, message_has

FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures_data2")


def _p(name):
    return os.path.join(FIX, name)


def _drain(tf, ds, limit=60):
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    out = []
    for _ in range(limit):
        try:
            out.append(sess.run(nxt))
        except tf.errors.OutOfRangeError:
            break
        except tf.errors.OpError as exc:
            out.append({"error": type(exc).__name__})
            break
    return out


def _error_text(tf, ds, *fragments):
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    return message_has(lambda: [sess.run(nxt) for _ in range(20)], *fragments)


def case_x_data_csv_basic_defaults(tf):
    ds = tf.data.experimental.CsvDataset(_p("basic.csv"), [tf.int32, [0.0], tf.constant("?"), [-1]], header=True)
    return {"types": str(ds.output_types), "shapes": str(ds.output_shapes), "rows": _drain(tf, ds)}


def case_x_data_csv_required_field_missing(tf):
    ds = tf.data.experimental.CsvDataset(_p("basic.csv"), [tf.int32, tf.float32, tf.string, tf.int64], header=True)
    return {"rows": _drain(tf, ds), "message": _error_text(tf, ds, "Field 1 is required but missing in record!")}


def case_x_data_csv_select_cols(tf):
    ds = tf.data.experimental.CsvDataset(_p("basic.csv"), [tf.int64, [""]], header=True, select_cols=[0, 2])
    bad = tf.data.experimental.CsvDataset(_p("basic.csv"), [tf.int64, [""]], header=True, select_cols=[2, 0])
    return {"rows": _drain(tf, ds), "unsorted": _error_text(tf, bad, "select_cols should be strictly increasing")}


def case_x_data_csv_quotes_and_delimiter(tf):
    ds = tf.data.experimental.CsvDataset(_p("semi.csv"), [tf.int32, tf.string, tf.int32], field_delim=";")
    return _drain(tf, ds)


def case_x_data_csv_no_quote_delim(tf):
    ds = tf.data.experimental.CsvDataset(_p("semi.csv"), [[""], [""], [""]], field_delim=";", use_quote_delim=False)
    return {"rows": _drain(tf, ds), "message": _error_text(tf, ds, "Expect 3 fields but have 2 in record")}


def case_x_data_csv_na_value(tf):
    with_defaults = tf.data.experimental.CsvDataset(_p("na.csv"), [[0], [-5]], header=True, na_value="NA")
    required = tf.data.experimental.CsvDataset(_p("na.csv"), [tf.int32, tf.int32], header=True, na_value="NA")
    return {"defaults": _drain(tf, with_defaults), "required": _drain(tf, required),
            "message": _error_text(tf, required, "Field 1 is required but missing in record!")}


def case_x_data_csv_gzip(tf):
    ds = tf.data.experimental.CsvDataset(_p("rows.csv.gz"), [tf.int64, tf.string], header=True,
                                         compression_type="GZIP")
    return _drain(tf, ds)


def case_x_data_csv_record_errors(tf):
    csv = tf.data.experimental.CsvDataset
    return {"quote": _error_text(tf, csv(_p("bad_quote.csv"), [tf.int32, tf.string]),
                                 "Reached end of file without closing quoted field"),
            "int": _error_text(tf, csv(_p("bad_int.csv"), [tf.int32, tf.int32]),
                               "Field 0 in record is not a valid int32"),
            "int_rows": _drain(tf, csv(_p("bad_int.csv"), [tf.int32, tf.int32])),
            "short": _error_text(tf, csv(_p("wide.csv"), [tf.int32] * 3), "Expect 3 fields but have 2 in record"),
            "long": _error_text(tf, csv(_p("wide.csv"), [tf.int32] * 2), "Expect 2 fields but have more in record"),
            "missing": _error_text(tf, csv(_p("nothing_here.csv"), [tf.int32]), "nothing_here.csv")}


def case_x_data_csv_op_argument_errors(tf):
    csv = tf.data.experimental.CsvDataset
    return {"delim": _error_text(tf, csv(_p("basic.csv"), [tf.string] * 4, field_delim="::"),
                                 "field_delim should be only 1 char"),
            "buffer": _error_text(tf, csv(_p("basic.csv"), [tf.string] * 4, buffer_size=0),
                                  "buffer_size should be positive"),
            "bool": catch(lambda: csv(_p("basic.csv"), [tf.bool]))}


def case_x_data_csv_typed_columns(tf):
    narrow = tf.data.experimental.CsvDataset(_p("typed.csv"), [tf.int32, tf.int32, tf.float32, tf.string], header=True)
    wide = tf.data.experimental.CsvDataset(_p("typed.csv"), [[0], tf.int64, tf.float64, tf.string], header=True)
    return {"narrow": _drain(tf, narrow), "narrow_msg": _error_text(tf, narrow, "is not a valid int32: 5000000000"),
            "wide": _drain(tf, wide)}


def case_x_data_make_csv_inference(tf):
    ds = tf.data.experimental.make_csv_dataset(_p("typed.csv"), 2, shuffle=False, num_epochs=1)
    return {"types": str(ds.output_types), "shapes": str(ds.output_shapes), "batches": _drain(tf, ds)}


def case_x_data_make_csv_label_and_select(tf):
    ds = tf.data.experimental.make_csv_dataset(_p("basic.csv"), 3, label_name="id", select_columns=["name", "id"],
                                               shuffle=False, num_epochs=1)
    given = tf.data.experimental.make_csv_dataset(_p("basic.csv"), 4, column_defaults=[0, 0.0, "", 0],
                                                  shuffle=False, num_epochs=1)
    return {"types": str(ds.output_types), "batches": _drain(tf, ds), "given": _drain(tf, given)}


def case_x_data_make_csv_shuffled_files(tf):
    ds = tf.data.experimental.make_csv_dataset(_p("part*.csv"), 4, shuffle_seed=7, num_epochs=2,
                                               shuffle_buffer_size=5)
    return {"shapes": str(ds.output_shapes), "batches": _drain(tf, ds)}


def case_x_data_make_csv_forever_static_batch(tf):
    ds = tf.data.experimental.make_csv_dataset(_p("part1.csv"), 4, shuffle=False)
    return {"shapes": str(ds.output_shapes), "batches": _drain(tf, ds, limit=4)}


def case_x_data_make_csv_errors(tf):
    make = tf.data.experimental.make_csv_dataset
    return {"label": message_has(lambda: make(_p("basic.csv"), 2, label_name="nope"), "`label_name` provided must"),
            "dup": message_has(lambda: make(_p("basic.csv"), 2, select_columns=["id", 0]), "duplicate columns"),
            "names": message_has(lambda: make(_p("basic.csv"), 2, header=False), "Expected `column_names` or `header`"),
            "index": message_has(lambda: make(_p("basic.csv"), 2, select_columns=[9]), "Column index 9"),
            "length": message_has(lambda: make(_p("basic.csv"), 2, select_columns=[0], column_defaults=[0, 0]),
                                  "must have the same length")}


def case_x_data_from_list(tf):
    E = tf.data.experimental
    a = E.from_list([1, 2, 3])
    b = E.from_list([(1, "a"), (2, "b")])
    c = E.from_list([{"x": [1.0, 2.0], "y": 3}, {"x": [4.0, 5.0], "y": 6}])
    return {"a": _drain(tf, a), "b": _drain(tf, b), "c": _drain(tf, c), "spec": str(c.element_spec),
            "card": tf.Session().run(a.cardinality()),
            "empty": message_has(lambda: E.from_list([]), "`elements` should not be empty")}


def case_x_data_group_by_reducer(tf):
    E = tf.data.experimental
    total = E.Reducer(lambda k: np.int64(0), lambda s, x: s + x, lambda s: s)
    count = E.Reducer(lambda k: (k, np.int64(0)), lambda s, x: (s[0], s[1] + 1), lambda k, n: {"key": k, "n": n})
    a = tf.data.Dataset.range(10).apply(E.group_by_reducer(lambda x: x % 3, total))
    b = tf.data.Dataset.range(11).apply(E.group_by_reducer(lambda x: (x * 7) % 4, count))
    return {"a": _drain(tf, a), "b": _drain(tf, b), "spec": str(b.element_spec)}


def case_x_data_group_by_reducer_growing_state(tf):
    E = tf.data.experimental
    gather = E.Reducer(lambda k: tf.zeros([0], tf.int64), lambda s, x: tf.concat([s, [x]], 0), lambda s: s)
    ds = tf.data.Dataset.range(7).apply(E.group_by_reducer(lambda x: x % 2, gather))
    return {"rows": _drain(tf, ds), "shapes": str(ds.output_shapes)}


def case_x_data_pad_to_cardinality(tf):
    E = tf.data.experimental
    ds = tf.data.Dataset.from_tensor_slices({"a": [1, 2], "b": [[1.0, 2.0], [3.0, 4.0]]})
    padded = ds.apply(E.pad_to_cardinality(4))
    named = ds.apply(E.pad_to_cardinality(3, mask_key="real"))
    return {"rows": _drain(tf, padded), "spec": str(padded.element_spec), "named": _drain(tf, named),
            "not_dict": message_has(lambda: tf.data.Dataset.range(2).apply(E.pad_to_cardinality(3)),
                                    "requires its input dataset to be a dictionary")}


def case_x_data_get_structure_and_structures(tf):
    E = tf.data.experimental
    ds = tf.data.Dataset.from_tensor_slices(({"a": [1, 2]}, [[1.0], [2.0]]))
    it = tf.data.make_one_shot_iterator(ds)
    return {"dataset": str(E.get_structure(ds)), "iterator": str(E.get_structure(it)),
            "bad": message_has(lambda: E.get_structure(3), "must be a `tf.data.Dataset` or tf.data.Iterator"),
            "tensor": str(E.TensorStructure(tf.int32, [2])),
            "sparse": str(E.SparseTensorStructure(tf.float32, [None, 3])),
            "dataset_spec": str(E.DatasetStructure(tf.TensorSpec([], tf.int64))),
            "is_typespec": isinstance(E.TensorStructure(tf.int32, [2]), E.Structure)}


def case_x_data_dataset_spec(tf):
    ds = tf.data.Dataset.range(3).batch(2)
    spec = tf.data.DatasetSpec.from_value(ds)
    windows = tf.data.Dataset.range(4).window(2)
    return {"spec": str(spec), "eq": spec == tf.data.DatasetSpec.from_value(tf.data.Dataset.range(5).batch(3)),
            "ne": spec == tf.data.DatasetSpec.from_value(tf.data.Dataset.range(3)),
            "window": str(windows.element_spec)}


def case_x_data_option_enums(tf):
    E = tf.data.experimental
    return {"shard": [(p.name, int(p.value)) for p in E.AutoShardPolicy],
            "algorithm": [(a.name, a.value) for a in E.AutotuneAlgorithm],
            "state": [(s.name, s.value) for s in E.ExternalStatePolicy],
            "same_threading": E.ThreadingOptions is tf.data.ThreadingOptions}


def case_x_data_option_objects(tf):
    E = tf.data.experimental
    o = tf.data.Options()
    o.experimental_distribute.auto_shard_policy = E.AutoShardPolicy.DATA
    o.experimental_external_state_policy = E.ExternalStatePolicy.IGNORE
    o.autotune.autotune_algorithm = E.AutotuneAlgorithm.GRADIENT_DESCENT
    o.experimental_optimization.map_parallelization = False
    o.threading.private_threadpool_size = 3
    o.experimental_service.pinned = True
    ds = tf.data.Dataset.range(3).with_options(o)
    got = ds.options()
    groups = [type(getattr(o, n)).__name__ for n in ("experimental_distribute", "autotune",
                                                    "experimental_optimization", "threading", "experimental_service")]
    return {"groups": groups, "shard": int(got.experimental_distribute.auto_shard_policy),
            "state": got.experimental_external_state_policy.name, "algorithm": got.autotune.autotune_algorithm.name,
            "map_par": got.experimental_optimization.map_parallelization, "pool": got.threading.private_threadpool_size,
            "pinned": got.experimental_service.pinned, "rows": _drain(tf, ds),
            "int_refused": catch(lambda: setattr(tf.data.Options().experimental_distribute, "auto_shard_policy", 2)),
            "frozen": catch(lambda: setattr(got, "deterministic", True)),
            "unknown": catch(lambda: setattr(E.ServiceOptions(), "nope", 1))}


def case_x_data_tfrecord_writer(tf):
    tmp = tempfile.mkdtemp()
    try:
        path = os.path.join(tmp, "out.tfrecord")
        writer = tf.data.experimental.TFRecordWriter(path)
        op = writer.write(tf.data.Dataset.from_tensor_slices(["a", "bb", ""]).map(lambda s: s + "!"))
        sess = tf.Session()
        ran = sess.run(op)
        back = _drain(tf, tf.data.TFRecordDataset(path))
        gz = os.path.join(tmp, "out.gz")
        sess.run(tf.data.experimental.TFRecordWriter(gz, "GZIP").write(tf.data.Dataset.from_tensors("z")))
        return {"type": op.type, "ran": ran, "back": back,
                "gz": _drain(tf, tf.data.TFRecordDataset(gz, compression_type="GZIP")),
                "bad": message_has(lambda: writer.write(tf.data.Dataset.range(2)), "produces scalar `tf.string`")}
    finally:
        shutil.rmtree(tmp)


def _features(tf):
    return {"x": tf.io.VarLenFeature(tf.int64), "y": tf.io.FixedLenFeature([1], tf.float32),
            "s": tf.io.FixedLenFeature([], tf.string)}


def case_x_data_parse_example_dataset(tf):
    ds = tf.data.TFRecordDataset(_p("examples.tfrecord")).batch(2).apply(
        tf.data.experimental.parse_example_dataset(_features(tf)))
    bad = message_has(lambda: tf.data.Dataset.range(3).apply(tf.data.experimental.parse_example_dataset(_features(tf))),
                      "dataset of vectors of strings")
    return {"spec": str(ds.element_spec), "rows": _drain(tf, ds), "bad": bad}


def case_x_data_make_batched_features(tf):
    make = tf.data.experimental.make_batched_features_dataset
    ds = make(_p("examples.tfrecord"), 2, _features(tf), shuffle=False, num_epochs=1, label_key="y")
    dropped = make(_p("examples.tfrecord"), 2, _features(tf), shuffle=False, num_epochs=1, drop_final_batch=True)
    return {"spec": str(ds.element_spec), "rows": _drain(tf, ds), "dropped": len(_drain(tf, dropped)),
            "bad_label": message_has(lambda: make(_p("examples.tfrecord"), 2, _features(tf), label_key="q"),
                                     "must be one of the `features` keys")}


def case_x_data_make_batched_features_shuffled(tf):
    ds = tf.data.experimental.make_batched_features_dataset(_p("examples*.tfrecord"), 3,
                                                            {"x": tf.io.VarLenFeature(tf.int64)},
                                                            shuffle_seed=11, num_epochs=1, shuffle_buffer_size=4)
    forever = tf.data.experimental.make_batched_features_dataset(_p("examples.tfrecord"), 2, _features(tf),
                                                                 shuffle=False)
    return {"rows": _drain(tf, ds), "forever_spec": str(forever.element_spec)}


def case_x_data_tables_from_datasets(tf):
    E = tf.data.experimental
    words = tf.data.Dataset.from_tensor_slices(["a", "b", "c"])
    index = E.index_table_from_dataset(words)
    pairs = E.table_from_dataset(tf.data.Dataset.from_tensor_slices((["x", "y"], [5, 7])), default_value=-1)
    oov = E.index_table_from_dataset(words, num_oov_buckets=3)
    init = E.DatasetInitializer(tf.data.Dataset.zip((tf.data.Dataset.range(3),
                                                     tf.data.Dataset.range(3).map(lambda v: v * 10))))
    table = tf.lookup.StaticHashTable(init, -1)
    sess = tf.Session()
    sess.run(tf.tables_initializer())
    keys = tf.constant(["b", "zz", "a", "c"])
    return {"index": sess.run(index.lookup(keys)), "pairs": sess.run(pairs.lookup(tf.constant(["y", "q"]))),
            "oov": sess.run(oov.lookup(keys)), "init": sess.run(table.lookup(tf.constant([2, 9], tf.int64))),
            "dtypes": [init.key_dtype.name, init.value_dtype.name],
            "bad_spec": message_has(lambda: E.DatasetInitializer(tf.data.Dataset.range(3)), "(key, value)")}


def case_x_data_snapshot_write_then_read(tf):
    tmp = tempfile.mkdtemp()
    try:
        def make(n):
            return tf.data.Dataset.range(n).map(lambda x: (x * 3, tf.as_string(x))).apply(
                tf.data.experimental.snapshot(os.path.join(tmp, "snap")))
        first = _drain(tf, make(4))
        again = _drain(tf, make(4))
        other = _drain(tf, make(2))
        return {"first": first, "again": again, "other": other, "written": os.path.isdir(os.path.join(tmp, "snap"))}
    finally:
        shutil.rmtree(tmp)


def case_x_data_rejection_resample_static(tf):
    E = tf.data.experimental
    ds = tf.data.Dataset.range(6).map(lambda x: x % 2)
    same = ds.apply(E.rejection_resample(lambda x: tf.cast(x, tf.int32), [0.5, 0.5], initial_dist=[0.5, 0.5], seed=1))
    return {"spec": str(same.element_spec), "rows": _drain(tf, same)}


def case_x_data_copy_to_device(tf):
    ds = tf.data.Dataset.range(4).apply(tf.data.experimental.copy_to_device("/cpu:0"))
    return {"rows": _drain(tf, ds), "spec": str(ds.element_spec)}
