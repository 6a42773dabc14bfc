"""tf.data.experimental: CsvDataset, make_csv_dataset, from_list, group_by_reducer, pad_to_cardinality,
rejection_resample, TFRecordWriter, snapshot, tables from datasets, options and the Example datasets."""
import gzip
import os

import numpy as np
import pytest

import tfsess as tf

E = tf.data.experimental


def drain(ds, limit=10000):
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess, out = tf.Session(), []
    for _ in range(limit):
        try:
            out.append(sess.run(nxt))
        except tf.errors.OutOfRangeError:
            break
    return out


def _file(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_csv_quotes_defaults_and_select(g, tmp_path):
    path = _file(tmp_path, "a.csv", b'h1,h2,h3\n1,"a,""b""",2.5\n2,,\n')
    rows = drain(E.CsvDataset(path, [tf.int64, tf.constant("-"), [9.0]], header=True))
    assert rows == [(1, b'a,"b"', 2.5), (2, b"-", 9.0)]
    assert drain(E.CsvDataset(path, [tf.int32, [0.0]], header=True, select_cols=[0, 2])) == [(1, 2.5), (2, 0.0)]


def test_csv_errors_name_the_field(g, tmp_path):
    path = _file(tmp_path, "b.csv", b"1,x\n")
    nxt = tf.data.make_one_shot_iterator(E.CsvDataset(path, [tf.int32, tf.int32])).get_next()
    with pytest.raises(tf.errors.InvalidArgumentError, match="Field 1 in record is not a valid int32: x"):
        tf.Session().run(nxt)
    with pytest.raises(TypeError):
        E.CsvDataset(path, [tf.bool])


def test_csv_bad_op_arguments_fail_when_the_dataset_starts(g, tmp_path):
    path = _file(tmp_path, "c.csv", b"1\n")
    it = tf.data.make_initializable_iterator(E.CsvDataset(path, [tf.int32], field_delim="ab"))
    sess = tf.Session()
    with pytest.raises(tf.errors.InvalidArgumentError, match="field_delim should be only 1 char"):
        sess.run(it.initializer)
    assert sess.run(tf.constant(3)) == 3  # the session stays usable


def test_csv_multiline_quoted_field_and_gzip(g, tmp_path):
    path = _file(tmp_path, "d.csv.gz", gzip.compress(b'1,"two\nlines"\r\n3,x\n'))
    assert drain(E.CsvDataset(path, [tf.int32, tf.string], compression_type="GZIP")) == [(1, b"two\nlines"), (3, b"x")]


def test_make_csv_dataset_infers_types_and_splits_the_label(g, tmp_path):
    path = _file(tmp_path, "e.csv", b"a,b,c\n1,2.5,x\n7,,y\n")
    ds = E.make_csv_dataset(path, 2, label_name="c", shuffle=False, num_epochs=1)
    features, label = drain(ds)[0]
    assert features["a"].dtype == np.int32 and features["b"].dtype == np.float32
    np.testing.assert_array_equal(features["b"], [2.5, 0.0])
    assert list(label) == [b"x", b"y"]
    forever = E.make_csv_dataset(path, 2, shuffle=False)
    assert forever.output_shapes["a"].as_list() == [2]  # repeated forever: every batch is full


def test_from_list_and_its_errors(g):
    assert drain(E.from_list([(1, "a"), (2, "b")])) == [(1, b"a"), (2, b"b")]
    with pytest.raises(ValueError, match="should not be empty"):
        E.from_list([])
    with pytest.raises(TypeError):
        E.from_list([1, "x"])


def test_group_by_reducer_sums_each_key(g):
    reducer = E.Reducer(lambda key: np.int64(0), lambda state, x: state + x, lambda state: state * 10)
    ds = tf.data.Dataset.range(8).apply(E.group_by_reducer(lambda x: x % 3, reducer))
    assert drain(ds) == [(0 + 3 + 6) * 10, (1 + 4 + 7) * 10, (2 + 5) * 10]


def test_pad_to_cardinality_marks_the_padding(g):
    ds = tf.data.Dataset.from_tensor_slices({"v": [4, 5]}).apply(E.pad_to_cardinality(3))
    assert [(int(r["v"]), bool(r["valid"])) for r in drain(ds)] == [(4, True), (5, True), (0, False)]


def test_rejection_resample_reaches_the_target_distribution(g):
    classes = tf.data.Dataset.range(4000).map(lambda x: tf.cast(tf.equal(x % 4, 0), tf.int32))
    ds = classes.apply(E.rejection_resample(lambda c: c, [0.5, 0.5], seed=7))
    out = drain(ds)
    assert 1000 <= len(out) < 4000
    assert abs(np.mean([c for c, _ in out]) - 0.5) < 0.05
    assert all(c == v for c, v in out)


def test_tfrecord_writer_writes_a_dataset(g, tmp_path):
    path = str(tmp_path / "w.tfrecord")
    op = E.TFRecordWriter(path).write(tf.data.Dataset.from_tensor_slices(["a", "b"]))
    assert tf.Session().run(op) is None
    assert list(tf.io.tf_record_iterator(path)) == [b"a", b"b"]
    with pytest.raises(TypeError, match="scalar `tf.string`"):
        E.TFRecordWriter(path).write(tf.data.Dataset.range(2))


def test_snapshot_reads_back_what_it_wrote(g, tmp_path):
    calls = []

    def gen():
        calls.append(1)
        yield from range(3)
    ds = tf.data.Dataset.from_generator(gen, tf.int64).apply(E.snapshot(str(tmp_path / "s")))
    assert drain(ds) == [0, 1, 2]
    assert drain(ds) == [0, 1, 2]
    assert len(calls) == 1  # the second pass read the snapshot files
    assert os.listdir(tmp_path / "s")


def test_tables_from_datasets(g):
    table = E.index_table_from_dataset(tf.data.Dataset.from_tensor_slices(["a", "b"]))
    pairs = E.table_from_dataset(tf.data.Dataset.from_tensor_slices(([3, 4], [30.0, 40.0])), key_dtype=tf.int32)
    sess = tf.Session()
    sess.run(tf.tables_initializer())
    assert list(sess.run(table.lookup(tf.constant(["b", "q"])))) == [1, -1]
    assert list(sess.run(pairs.lookup(tf.constant([4, 5])))) == [40.0, -1.0]
    with pytest.raises(TypeError):
        E.DatasetInitializer(tf.data.Dataset.range(2))


def test_options_take_the_enums_and_freeze_when_read(g):
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = E.AutoShardPolicy.OFF
    with pytest.raises(TypeError):
        options.experimental_distribute.auto_shard_policy = 1
    got = tf.data.Dataset.range(2).with_options(options).options()
    assert got.experimental_distribute.auto_shard_policy == E.AutoShardPolicy.OFF
    with pytest.raises(ValueError, match="has no effect"):
        got.deterministic = True


def test_example_datasets(g, tmp_path):
    feature = tf.train.Feature
    path = str(tmp_path / "ex.tfrecord")
    with tf.io.TFRecordWriter(path) as writer:
        for i in range(3):
            writer.write(tf.train.Example(features=tf.train.Features(feature={
                "k": feature(int64_list=tf.train.Int64List(value=[i]))})).SerializeToString())
    spec = {"k": tf.io.FixedLenFeature([], tf.int64)}
    parsed = drain(tf.data.TFRecordDataset(path).batch(2).apply(E.parse_example_dataset(spec)))
    assert [list(b["k"]) for b in parsed] == [[0, 1], [2]]
    made = E.make_batched_features_dataset(path, 3, spec, shuffle=False, num_epochs=1)
    assert [list(b["k"]) for b in drain(made)] == [[0, 1, 2]]


def test_get_structure_and_dataset_spec(g):
    ds = tf.data.Dataset.range(3)
    assert repr(E.get_structure(tf.data.make_one_shot_iterator(ds))) == repr(ds.element_spec)
    assert repr(tf.data.DatasetSpec.from_value(ds)) == \
        "DatasetSpec(TensorSpec(shape=(), dtype=tf.int64, name=None), TensorShape([]))"
    with pytest.raises(TypeError):
        E.get_structure(3)
