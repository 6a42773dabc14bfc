"""tf.data leftovers: bucket_by_sequence_length's arguments, CsvDataset / make_csv_dataset over files
written here, rejection_resample's structure, and from_generator with SparseTensorSpec /
RaggedTensorSpec output signatures."""
import os
import tempfile

import numpy as np

from _casekit import drain_or_error as _drain
from _harness import catch, message_has


def _errors(tf, ds, *fragments):
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    return message_has(lambda: [sess.run(nxt) for _ in range(30)], *fragments)


def _file(text, name="data.csv"):
    path = os.path.join(tempfile.mkdtemp(), name)
    with open(path, "w") as f:
        f.write(text)
    return path


def _seqs(tf, lengths, dtype="int32"):
    def gen():
        for i, n in enumerate(lengths):
            yield np.full([n], i + 1, dtype)
    return tf.data.Dataset.from_generator(gen, getattr(tf, dtype), tf.TensorShape([None]))


# ----------------------------------------------------------------- bucket_by_sequence_length
def case_bucket_boundaries_and_batches(tf):
    ds = _seqs(tf, [1, 5, 2, 3, 7, 1, 4, 6, 2])
    b = ds.apply(tf.data.experimental.bucket_by_sequence_length(
        lambda s: tf.shape(s)[0], bucket_boundaries=[3, 5], bucket_batch_sizes=[2, 2, 3]))
    return {"out": _drain(tf, b), "shapes": str(b.output_shapes), "types": str(b.output_types)}


def case_bucket_pad_to_boundary(tf):
    ds = _seqs(tf, [1, 2, 4, 3, 1, 2])
    b = ds.apply(tf.data.experimental.bucket_by_sequence_length(
        lambda s: tf.shape(s)[0], [3, 5], [2, 2, 2], pad_to_bucket_boundary=True))
    return _drain(tf, b)


def case_bucket_pad_to_boundary_too_long(tf):
    ds = _seqs(tf, [1, 6])
    b = ds.apply(tf.data.experimental.bucket_by_sequence_length(
        lambda s: tf.shape(s)[0], [3, 5], [1, 1, 1], pad_to_bucket_boundary=True))
    return {"out": _drain(tf, b), "msg": _errors(tf, b, "When pad_to_bucket_boundary=True, elements must have length")}


def case_bucket_drop_remainder(tf):
    ds = _seqs(tf, [1, 2, 1, 4, 4, 1, 5])
    b = ds.apply(tf.data.experimental.bucket_by_sequence_length(
        lambda s: tf.shape(s)[0], [3], [2, 2], drop_remainder=True))
    return {"out": _drain(tf, b), "shapes": str(b.output_shapes)}


def case_bucket_padding_values_and_padded_shapes(tf):
    ds = _seqs(tf, [2, 1, 3, 2], "int64")
    b = ds.apply(tf.data.experimental.bucket_by_sequence_length(
        lambda s: tf.shape(s)[0], [2], [2, 2], padded_shapes=tf.TensorShape([4]),
        padding_values=tf.constant(-7, tf.int64)))
    return {"out": _drain(tf, b), "shapes": str(b.output_shapes)}


def case_bucket_no_padding_sparse(tf):
    def gen():
        for n in (1, 3, 2, 1):
            yield tf.SparseTensorValue([[i] for i in range(n)], np.arange(n, dtype=np.int64) + 1, [n])
    ds = tf.data.Dataset.from_generator(gen, output_signature=tf.SparseTensorSpec([None], tf.int64))
    b = ds.apply(tf.data.experimental.bucket_by_sequence_length(
        lambda s: tf.cast(s.dense_shape[0], tf.int32), [2], [2, 2], no_padding=True))
    return {"out": _drain(tf, b), "classes": b.output_classes.__name__}


def case_bucket_dict_elements(tf):
    ds = tf.data.Dataset.range(1, 6).map(lambda n: {"ids": tf.range(n), "label": n * 10})
    b = ds.apply(tf.data.experimental.bucket_by_sequence_length(
        lambda d: tf.cast(tf.shape(d["ids"])[0], tf.int32), [3], [2, 2]))
    return {"out": _drain(tf, b), "shapes": str(b.output_shapes)}


def case_bucket_argument_errors(tf):
    E = tf.data.experimental
    ds = _seqs(tf, [1, 3])
    return {"lengths": catch(lambda: ds.apply(E.bucket_by_sequence_length(lambda s: tf.shape(s)[0], [3], [2]))),
            "lengths_msg": message_has(lambda: ds.bucket_by_sequence_length(lambda s: tf.shape(s)[0], [3], [2, 2, 2]),
                                       "must equal `len(bucket_boundaries) + 1`"),
            "lazy": type(E.bucket_by_sequence_length(lambda s: tf.shape(s)[0], [3], [2])).__name__}


def case_bucket_unsorted_boundaries_follow_tf(tf):
    ds = _seqs(tf, [1, 4, 6, 2, 3])
    b = ds.apply(tf.data.experimental.bucket_by_sequence_length(lambda s: tf.shape(s)[0], [5, 3], [1, 2, 2]))
    return [v.tolist() for v in _drain(tf, b)]


def case_bucket_static_shapes(tf):
    E = tf.data.experimental
    fixed = tf.data.Dataset.range(5).map(lambda x: (tf.fill([3], x), tf.fill([x], x)))
    a = fixed.apply(E.bucket_by_sequence_length(lambda u, v: tf.shape(v)[0], [2], [2, 2]))
    b = fixed.apply(E.bucket_by_sequence_length(lambda u, v: tf.shape(v)[0], [2], [2, 2], pad_to_bucket_boundary=True,
                                                drop_remainder=True))
    c = fixed.apply(E.bucket_by_sequence_length(lambda u, v: tf.shape(v)[0], [9], [2, 2], padded_shapes=([3], [6])))
    return {"a": str(a.output_shapes), "b": str(b.output_shapes), "c": str(c.output_shapes),
            "b_vals": _drain(tf, b), "c_vals": _drain(tf, c)}


def case_bucket_pad_to_boundary_error_is_sticky(tf):
    ds = _seqs(tf, [1, 6, 2])
    b = ds.apply(tf.data.experimental.bucket_by_sequence_length(
        lambda s: tf.shape(s)[0], [3, 5], [1, 1, 1], pad_to_bucket_boundary=True))
    nxt = tf.data.make_one_shot_iterator(b).get_next()
    sess = tf.Session()
    first = sess.run(nxt)
    return {"first": first, "errs": [catch(sess.run, nxt) for _ in range(3)],
            "msg": message_has(lambda: sess.run(nxt), "elements must have length < max(bucket_boundaries)")}


def case_bucket_method_form(tf):
    ds = _seqs(tf, [1, 3, 2, 2])
    b = ds.bucket_by_sequence_length(lambda s: tf.shape(s)[0], [2], [2, 2])
    return _drain(tf, b)


# ----------------------------------------------------------------- CsvDataset
_CSV = "id,score,name,flag\n1,0.5,ann,3\n2,,bob,\n3,2.25,\"c,d\",7\n"


def case_csv_defaults_types(tf):
    ds = tf.data.experimental.CsvDataset(_file(_CSV), [tf.constant(0, tf.int64), [9.5], ["?"], [-1]], header=True)
    return {"types": str(ds.output_types), "shapes": str(ds.output_shapes), "rows": _drain(tf, ds)}


def case_csv_float64_and_int_defaults(tf):
    ds = tf.data.experimental.CsvDataset(_file(_CSV), [tf.float64, tf.constant([1.0], tf.float64)],
                                         header=True, select_cols=[0, 1])
    return {"types": str(ds.output_types), "rows": _drain(tf, ds)}


def case_csv_select_cols_errors(tf):
    path = _file(_CSV)
    E = tf.data.experimental
    return {"ok": _drain(tf, E.CsvDataset(path, [[""], [0]], header=True, select_cols=[2, 3])),
            "mismatch": _errors(tf, E.CsvDataset(path, [[""], [0]], header=True, select_cols=[1]),
                                "Expect 2 fields but have 1 in record"),
            "out_of_range": _errors(tf, E.CsvDataset(path, [[""]], header=True, select_cols=[9]),
                                    "Expect 1 fields but have 0 in record"),
            "negative": catch(lambda: _drain(tf, E.CsvDataset(path, [[""]], header=True, select_cols=[-1])))}


def case_csv_header_false_and_parse_error(tf):
    path = _file(_CSV)
    ds = tf.data.experimental.CsvDataset(path, [tf.int32, [0.0], [""], [0]])
    return {"rows": _drain(tf, ds), "msg": _errors(tf, ds, "Field 0 in record is not a valid int32: id")}


def case_csv_field_delim_tab_and_quotes(tf):
    path = _file("a\t\"x\ty\"\t1\nb\t\"q\"\"r\"\t2\n")
    ds = tf.data.experimental.CsvDataset(path, [[""], [""], [0]], field_delim="\t")
    ds2 = tf.data.experimental.CsvDataset(path, [[""], [""], [""], [""]], field_delim="\t", use_quote_delim=False)
    return {"quoted": _drain(tf, ds), "raw": _drain(tf, ds2)}


def case_csv_na_value(tf):
    path = _file("1,NA,x\nNA,2.5,NA\n")
    ds = tf.data.experimental.CsvDataset(path, [[0], [0.0], ["d"]], na_value="NA")
    req = tf.data.experimental.CsvDataset(path, [tf.int32, [0.0], [""]], na_value="NA")
    return {"rows": _drain(tf, ds), "required": _errors(tf, req, "Field 0 is required but missing in record!")}


def case_csv_bad_quotes_and_field_count(tf):
    bad_quote = _file("1,\"abc\n2,x\n")
    short = _file("1,2\n3\n")
    E = tf.data.experimental
    return {"quote": _errors(tf, E.CsvDataset(bad_quote, [[0], [""]]), "Reached end of file without closing quoted field in record"),
            "short": _errors(tf, E.CsvDataset(short, [[0], [0]]), "Expect 2 fields but have 1 in record"),
            "short_rows": _drain(tf, E.CsvDataset(short, [[0], [0]]))}


def case_csv_argument_errors(tf):
    path = _file(_CSV)
    E = tf.data.experimental
    return [catch(E.CsvDataset, path, [tf.bool], header=True),
            catch(E.CsvDataset, path, [[[1]]], header=True),
            catch(lambda: _drain(tf, E.CsvDataset(path, [[0]], field_delim="ab"))),
            catch(lambda: _drain(tf, E.CsvDataset(os.path.join(tempfile.mkdtemp(), "missing.csv"), [[0]])))]


def case_csv_buffer_and_multiple_files(tf):
    a = _file("1,a\n2,b\n", "a.csv")
    b = _file("h,h\n3,c\n", "b.csv")
    ds = tf.data.experimental.CsvDataset([a, a], [[0], [""]], buffer_size=2)
    ds2 = tf.data.experimental.CsvDataset([b, b], [[0], [""]], header=True)
    return {"two": _drain(tf, ds), "headers": _drain(tf, ds2)}


def case_make_csv_dataset_labels_and_types(tf):
    path = _file("a,b,c,label\n1,2.5,x,0\n4,5.5,y,1\n7,,z,1\n")
    ds = tf.data.experimental.make_csv_dataset(path, batch_size=2, label_name="label", shuffle=False, num_epochs=1)
    feats, labels = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    first = sess.run((feats, labels))
    return {"keys": list(feats), "dtypes": sorted((k, v.dtype.name) for k, v in feats.items()),
            "label_dtype": labels.dtype.name, "first": first, "second": sess.run((feats, labels)),
            "end": catch(sess.run, labels)}


def case_make_csv_dataset_column_defaults_and_select(tf):
    path = _file("a,b,c\n1,2,x\n3,,y\n")
    ds = tf.data.experimental.make_csv_dataset(path, batch_size=5, column_defaults=[tf.int64, [-1.0]],
                                               select_columns=["a", "b"], shuffle=False, num_epochs=1)
    ds2 = tf.data.experimental.make_csv_dataset(path, batch_size=1, column_names=["x", "y", "z"], header=True,
                                                select_columns=[2], shuffle=False, num_epochs=1)
    return {"rows": _drain(tf, ds), "named": _drain(tf, ds2), "shapes": str(ds.output_shapes)}


def case_make_csv_dataset_errors(tf):
    path = _file("a,b\n1,2\n")
    E = tf.data.experimental
    return [message_has(lambda: E.make_csv_dataset(path, 1, select_columns=["zz"]), "not in column_names"),
            catch(E.make_csv_dataset, path, 1, column_names=["x"]),
            message_has(lambda: E.make_csv_dataset([], 1), "Argument `file_pattern` should not be empty"),
            message_has(lambda: E.make_csv_dataset([path + ".nope", path + ".none"], 1), "No files match `file_pattern`")]


# ----------------------------------------------------------------- rejection_resample
def case_rejection_resample_structure(tf):
    ds = tf.data.Dataset.from_tensor_slices((np.array([0, 1, 1, 0, 1, 1], np.int32), np.arange(6.0, dtype=np.float32)))
    r = ds.apply(tf.data.experimental.rejection_resample(lambda c, v: c, [0.5, 0.5], initial_dist=[1 / 3, 2 / 3], seed=3))
    return {"types": str(r.output_types), "shapes": str(r.output_shapes)}


def case_rejection_resample_method_and_values(tf):
    ds = tf.data.Dataset.from_tensor_slices(np.array([0, 1, 2, 1, 0, 2, 1], np.int64))
    r = ds.rejection_resample(lambda x: tf.cast(x, tf.int32), target_dist=[0.2, 0.5, 0.3], seed=5)
    out = _drain(tf, r.take(3))
    return {"types": str(tf.data.get_output_types(r)), "shapes": str(tf.data.get_output_shapes(r)),
            "pairs_ok": all(int(c) == int(v) for c, v in out)}


# ----------------------------------------------------------------- from_generator with composite signatures
def case_generator_sparse_signature(tf):
    def gen():
        yield tf.SparseTensorValue([[0, 1]], np.array([5], np.int64), [2, 3])
        yield tf.SparseTensorValue(np.zeros((0, 2), np.int64), np.array([], np.int64), [2, 3])
    ds = tf.data.Dataset.from_generator(gen, output_signature=tf.SparseTensorSpec([2, 3], tf.int64))
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    return {"types": str(ds.output_types), "shapes": str(ds.output_shapes), "classes": ds.output_classes.__name__,
            "spec": repr(ds.element_spec), "out": _drain(tf, ds),
            "static": [str(nxt.indices.shape), str(nxt.values.shape), str(nxt.dense_shape.shape)]}


def case_generator_sparse_unknown_shape_and_mixed(tf):
    def gen():
        yield (np.int64(3), tf.SparseTensorValue([[1]], [b"a"], [3]))
        yield (np.int64(4), tf.SparseTensorValue([[0], [2]], [b"b", b"c"], [3]))
    ds = tf.data.Dataset.from_generator(gen, output_signature=(tf.TensorSpec([], tf.int64),
                                                               tf.SparseTensorSpec([None], tf.string)))
    return {"out": _drain(tf, ds), "batched": _drain(tf, ds.batch(2)), "shapes": str(ds.output_shapes)}


def case_generator_sparse_map_to_dense(tf):
    def gen():
        for n in (1, 3):
            yield tf.SparseTensorValue([[i, i] for i in range(n)], np.ones(n, np.float32), [3, 3])
    ds = tf.data.Dataset.from_generator(gen, output_signature=tf.SparseTensorSpec([3, 3], tf.float32))
    return _drain(tf, ds.map(lambda s: tf.sparse.to_dense(s)))


def case_generator_sparse_errors(tf):
    def not_sparse():
        yield np.array([1, 2])

    def wrong_shape():
        yield tf.SparseTensorValue([[0, 1]], np.array([5], np.int64), [2, 4])
    make = tf.data.Dataset.from_generator
    return {"structure": _errors(tf, make(not_sparse, output_signature=tf.SparseTensorSpec([2], tf.int64)),
                                 "did not match the expected structure"),
            "shape": _errors(tf, make(wrong_shape, output_signature=tf.SparseTensorSpec([2, 3], tf.int64)),
                             "where an element of SparseTensorSpec"),
            "cls": _drain(tf, make(wrong_shape, output_signature=tf.SparseTensorSpec([2, 3], tf.int64)))}


def case_generator_ragged_signature(tf):
    def gen():
        yield tf.ragged.RaggedTensorValue(np.array([1, 2, 3], np.int32), np.array([0, 2, 3], np.int64))
        yield tf.ragged.RaggedTensorValue(np.array([4], np.int32), np.array([0, 0, 1], np.int64))
    ds = tf.data.Dataset.from_generator(gen, output_signature=tf.RaggedTensorSpec([None, None], tf.int32))
    return {"types": str(ds.output_types), "shapes": str(ds.output_shapes), "spec": repr(ds.element_spec),
            "out": [v.to_list() for v in _drain(tf, ds)], "batched": [v.to_list() for v in _drain(tf, ds.batch(2))]}


def case_generator_ragged_errors(tf):
    def as_list():
        yield [[1, 2], [3]]

    def rank2():
        yield tf.ragged.RaggedTensorValue(np.array([1, 2], np.int32), np.array([0, 2], np.int64))
    make = tf.data.Dataset.from_generator
    return {"list": _errors(tf, make(as_list, output_signature=tf.RaggedTensorSpec([None, None], tf.int32)),
                            "did not match the expected structure"),
            "rank": _drain(tf, make(rank2, output_signature=tf.RaggedTensorSpec([None, None, None], tf.int32,
                                                                                 ragged_rank=2)))}
