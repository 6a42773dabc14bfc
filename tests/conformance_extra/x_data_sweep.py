"""A sweep of tf.data as TF1 users write it: nested and sparse slices, generators with args, the file
readers with compression, map/flat_map/interleave/filter variants, batch and padded_batch, shuffle
seeds, cache in memory and in files, window/unbatch/enumerate/shard, reduce, scan, unique,
group_by_window and bucket_by_sequence_length, every iterator kind with string handles,
OutOfRangeError recovery, output_types/shapes/classes and tf.data.experimental helpers."""
import gzip
import os
import shutil
import tempfile
import zlib

import numpy as np

from _harness import catch
from _casekit import drain


def _drain(tf, ds, limit=200):
    return drain(tf, ds, limit)


# ------------------------------------------------------------------ sources
def case_x_data_sweep_slices_nested_dict_tuple(tf):
    ds = tf.data.Dataset.from_tensor_slices({"a": (np.arange(3, dtype=np.int32), np.ones([3, 2], np.float32)),
                                             "b": {"c": np.array([b"p", b"q", b"r"])}})
    return {"types": str(ds.output_types), "shapes": str(ds.output_shapes), "out": _drain(tf, ds),
            "classes": [c.__name__ for c in tf.nest.flatten(ds.output_classes)]}


def case_x_data_sweep_slices_sparse(tf):
    sp = tf.SparseTensor(indices=[[0, 0], [1, 2], [2, 1]], values=[1.0, 2.0, 3.0], dense_shape=[3, 4])
    ds = tf.data.Dataset.from_tensor_slices(sp)
    rows = _drain(tf, ds)
    return {"shapes": str(ds.output_shapes), "classes": ds.output_classes.__name__,
            "rows": [(r.indices, r.values, r.dense_shape) for r in rows]}


def case_x_data_sweep_slices_sparse_with_dense(tf):
    sp = tf.SparseTensor(indices=[[0, 1], [2, 0]], values=[7, 8], dense_shape=[3, 2])
    ds = tf.data.Dataset.from_tensor_slices((sp, np.array([10, 20, 30], np.int64))).map(
        lambda s, d: (tf.sparse.to_dense(s), d))
    return _drain(tf, ds)


def case_x_data_sweep_sparse_batch_and_map(tf):
    sp = tf.SparseTensor(indices=[[0, 0], [1, 1], [3, 0]], values=[1, 2, 3], dense_shape=[4, 2])
    ds = tf.data.Dataset.from_tensor_slices(sp).batch(2)
    out = _drain(tf, ds)
    return {"shapes": str(ds.output_shapes), "batches": [(b.indices, b.values, b.dense_shape) for b in out]}


def case_x_data_sweep_from_generator_args_and_dict(tf):
    def gen(n, label):
        for i in range(n):
            yield {"i": i, "label": label}
    ds = tf.data.Dataset.from_generator(gen, {"i": tf.int32, "label": tf.string},
                                        {"i": tf.TensorShape([]), "label": tf.TensorShape([])},
                                        args=(3, "lab"))
    return {"types": str(ds.output_types), "out": _drain(tf, ds)}


def case_x_data_sweep_from_generator_reinit_calls_again(tf):
    def gen():
        yield from [5, 6]
    ds = tf.data.Dataset.from_generator(gen, tf.int64, tf.TensorShape([]))
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    sess = tf.Session()
    out = []
    for _ in range(2):
        sess.run(it.initializer)
        out += [sess.run(nxt), sess.run(nxt), catch(sess.run, nxt)]
    return out


def case_x_data_sweep_from_generator_no_shapes_unknown(tf):
    ds = tf.data.Dataset.from_generator(lambda: iter([[1, 2], [3, 4, 5]]), tf.int64)
    return {"shapes": str(ds.output_shapes), "out": _drain(tf, ds)}


def case_x_data_sweep_text_line_compression(tf):
    d = tempfile.mkdtemp()
    try:
        plain = os.path.join(d, "a.txt")
        with open(plain, "wb") as f:
            f.write(b"one\ntwo\r\nthree")
        gz = os.path.join(d, "b.txt.gz")
        with gzip.open(gz, "wb") as f:
            f.write(b"g1\ng2\n")
        zl = os.path.join(d, "c.z")
        with open(zl, "wb") as f:
            f.write(zlib.compress(b"z1\nz2\nz3\n"))
        out = {"plain": _drain(tf, tf.data.TextLineDataset(plain)),
               "gzip": _drain(tf, tf.data.TextLineDataset(gz, compression_type="GZIP")),
               "zlib": _drain(tf, tf.data.TextLineDataset([zl], compression_type="ZLIB")),
               "two_files": _drain(tf, tf.data.TextLineDataset([plain, plain]).skip(2)),
               "skip_header": _drain(tf, tf.data.TextLineDataset(plain).skip(1).map(tf.strings.length))}
        out["missing"] = catch(lambda: _drain(tf, tf.data.TextLineDataset(os.path.join(d, "none.txt"))))
        return out
    finally:
        shutil.rmtree(d)


def case_x_data_sweep_tfrecord_compression_and_parse(tf):
    d = tempfile.mkdtemp()
    try:
        paths = {}
        for kind in ("", "GZIP", "ZLIB"):
            path = os.path.join(d, f"r{kind}.tfrecord")
            opts = tf.io.TFRecordOptions(compression_type=kind) if kind else None
            with tf.io.TFRecordWriter(path, opts) as w:
                for i in range(3):
                    ex = tf.train.Example(features=tf.train.Features(feature={
                        "x": tf.train.Feature(int64_list=tf.train.Int64List(value=[i, i * 2])),
                        "y": tf.train.Feature(float_list=tf.train.FloatList(value=[i / 2.0]))}))
                    w.write(ex.SerializeToString())
            paths[kind] = path
        feats = {"x": tf.FixedLenFeature([2], tf.int64), "y": tf.FixedLenFeature([], tf.float32)}
        out = {}
        for kind, path in paths.items():
            ds = tf.data.TFRecordDataset(path, compression_type=kind or None).map(
                lambda s: tf.parse_single_example(s, feats))
            out[kind or "none"] = _drain(tf, ds)
        batched = tf.data.TFRecordDataset([paths[""], paths[""]]).batch(4).map(
            lambda s: tf.parse_example(s, feats))
        out["batched"] = _drain(tf, batched)
        out["wrong_compression"] = catch(lambda: _drain(tf, tf.data.TFRecordDataset(paths["GZIP"])))
        return out
    finally:
        shutil.rmtree(d)


def case_x_data_sweep_fixed_length_records(tf):
    d = tempfile.mkdtemp()
    try:
        path = os.path.join(d, "f.bin")
        with open(path, "wb") as f:
            f.write(b"HDR" + b"aabbccdd" + b"FT")
        gz = os.path.join(d, "f.bin.gz")
        with gzip.open(gz, "wb") as f:
            f.write(b"0123456789ab")
        ds = tf.data.FixedLengthRecordDataset(path, 2, header_bytes=3, footer_bytes=2)
        ds2 = tf.data.FixedLengthRecordDataset(gz, 4, compression_type="GZIP")
        ds3 = tf.data.FixedLengthRecordDataset(path, 4).map(lambda r: tf.decode_raw(r, tf.uint8))
        return {"plain": _drain(tf, ds), "gzip": _drain(tf, ds2), "not_multiple": catch(lambda: _drain(tf, ds3)),
                "raw": _drain(tf, tf.data.FixedLengthRecordDataset(path, 1, header_bytes=11).map(
                    lambda r: tf.decode_raw(r, tf.uint8))),
                "types": str(ds.output_types), "shapes": str(ds.output_shapes)}
    finally:
        shutil.rmtree(d)


def case_x_data_sweep_list_files_sorted(tf):
    d = tempfile.mkdtemp()
    try:
        for n in ("b.txt", "a.txt", "c.csv"):
            with open(os.path.join(d, n), "w") as f:
                f.write(n + "\n")
        ds = tf.data.Dataset.list_files(os.path.join(d, "*.txt"), shuffle=False)
        names = [os.path.basename(p.decode()) for p in _drain(tf, ds)]
        shuffled = tf.data.Dataset.list_files(os.path.join(d, "*"), seed=3)
        lines = _drain(tf, tf.data.Dataset.list_files(os.path.join(d, "*.txt"), shuffle=False).interleave(
            tf.data.TextLineDataset, cycle_length=2))
        return {"names": names, "n_shuffled": sorted(os.path.basename(p.decode()) for p in _drain(tf, shuffled)),
                "lines": lines, "none": catch(lambda: _drain(tf, tf.data.Dataset.list_files(os.path.join(d, "*.x"))))}
    finally:
        shutil.rmtree(d)


# ------------------------------------------------------------------ transformations
def case_x_data_sweep_map_parallel_autotune_and_names(tf):
    ds = tf.data.Dataset.range(6).map(lambda x: (x, tf.cast(x, tf.float32) * 0.5),
                                      num_parallel_calls=tf.data.experimental.AUTOTUNE)
    return {"out": _drain(tf, ds), "types": str(ds.output_types)}


def case_x_data_sweep_map_captures_variable_and_placeholder(tf):
    v = tf.Variable(10, dtype=tf.int64)
    p = tf.placeholder(tf.int64, [])
    ds = tf.data.Dataset.range(3).map(lambda x: x + v + p)
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(it.initializer, {p: 100})
    a = sess.run(nxt)
    sess.run(v.assign(20))
    b = sess.run(nxt)
    return [a, b]


def case_x_data_sweep_map_string_ops_and_py_func(tf):
    ds = tf.data.Dataset.from_tensor_slices(["a,b", "c,d,e"]).map(
        lambda s: tf.size(tf.string_split([s], ",").values))
    ds2 = tf.data.Dataset.range(3).map(lambda x: tf.py_func(lambda v: v * 3, [x], tf.int64))
    return {"split": _drain(tf, ds), "py": _drain(tf, ds2)}


def case_x_data_sweep_filter_on_tuple_and_dict(tf):
    ds = tf.data.Dataset.from_tensor_slices({"v": np.arange(8), "k": np.arange(8) % 3}).filter(
        lambda d: tf.equal(d["k"], 1))
    ds2 = tf.data.Dataset.range(10).map(lambda x: (x, x * x)).filter(lambda a, b: tf.logical_and(a > 2, b < 50))
    return {"dict": _drain(tf, ds), "tuple": _drain(tf, ds2)}


def case_x_data_sweep_flat_map_from_tensor_slices(tf):
    ds = tf.data.Dataset.from_tensor_slices(np.array([[1, 2], [3, 4]], np.int32)).flat_map(
        tf.data.Dataset.from_tensor_slices)
    ds2 = tf.data.Dataset.range(3).flat_map(lambda x: tf.data.Dataset.from_tensors(x).repeat(x))
    return {"rows": _drain(tf, ds), "repeat": _drain(tf, ds2)}


def case_x_data_sweep_interleave_block_cycle(tf):
    ds = tf.data.Dataset.from_tensor_slices([1, 2, 3, 4]).interleave(
        lambda x: tf.data.Dataset.from_tensors(x).repeat(3), cycle_length=2, block_length=2)
    ds2 = tf.data.Dataset.range(2).interleave(lambda x: tf.data.Dataset.range(x * 5, x * 5 + 3),
                                              cycle_length=1)
    ds3 = tf.data.Dataset.range(3).interleave(lambda x: tf.data.Dataset.range(x), cycle_length=3,
                                              num_parallel_calls=2)
    return {"a": _drain(tf, ds), "b": _drain(tf, ds2), "c": sorted(int(v) for v in _drain(tf, ds3))}


def case_x_data_sweep_batch_drop_static_shapes(tf):
    ds = tf.data.Dataset.from_tensor_slices((np.zeros([7, 2], np.float32), np.arange(7))).batch(3, drop_remainder=True)
    ds2 = tf.data.Dataset.range(7).batch(tf.constant(3, tf.int64), drop_remainder=True)
    return {"shapes": str(ds.output_shapes), "shapes2": str(ds2.output_shapes), "out": _drain(tf, ds2),
            "zero": catch(lambda: _drain(tf, tf.data.Dataset.range(3).batch(0)))}


def case_x_data_sweep_padded_batch_dict_and_default(tf):
    ds = tf.data.Dataset.range(1, 5).map(lambda x: {"seq": tf.range(x), "len": x})
    pb = ds.padded_batch(2, padded_shapes={"seq": [None], "len": []})
    pb2 = ds.padded_batch(3, padded_shapes={"seq": [5], "len": []},
                          padding_values={"seq": tf.constant(-1, tf.int64), "len": tf.constant(0, tf.int64)},
                          drop_remainder=True)
    return {"pb": _drain(tf, pb), "pb2": _drain(tf, pb2), "shapes": str(pb.output_shapes),
            "shapes2": str(pb2.output_shapes)}


def case_x_data_sweep_padded_batch_2d(tf):
    ds = tf.data.Dataset.range(1, 4).map(lambda x: tf.ones(tf.stack([x, 4 - x]), tf.int32) * tf.cast(x, tf.int32))
    pb = ds.padded_batch(3, padded_shapes=[None, None])
    return {"out": _drain(tf, pb), "shapes": str(pb.output_shapes)}


def case_x_data_sweep_shuffle_seeds_deterministic(tf):
    a = [int(v) for v in _drain(tf, tf.data.Dataset.range(20).shuffle(5, seed=42))]
    b = [int(v) for v in _drain(tf, tf.data.Dataset.range(20).shuffle(5, seed=42))]
    tf.set_random_seed(1)
    c = [int(v) for v in _drain(tf, tf.data.Dataset.range(20).shuffle(20))]
    return {"same": a == b, "perm": sorted(a) == list(range(20)), "graph_seeded_perm": sorted(c) == list(range(20))}


def case_x_data_sweep_shuffle_reshuffle_across_initializer(tf):
    ds = tf.data.Dataset.range(8).shuffle(8, seed=5, reshuffle_each_iteration=False)
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    sess = tf.Session()
    epochs = []
    for _ in range(2):
        sess.run(it.initializer)
        epochs.append([int(sess.run(nxt)) for _ in range(8)])
    return {"same": epochs[0] == epochs[1], "perm": sorted(epochs[0]) == list(range(8))}


def case_x_data_sweep_repeat_take_skip_negative_counts(tf):
    return {"repeat_neg": _drain(tf, tf.data.Dataset.range(2).repeat(-1).take(5)),
            "take_more": _drain(tf, tf.data.Dataset.range(2).take(10)),
            "skip_repeat": _drain(tf, tf.data.Dataset.range(3).skip(1).repeat(2)),
            "repeat_skip": _drain(tf, tf.data.Dataset.range(3).repeat(2).skip(4)),
            "placeholder_take": catch(lambda: tf.data.Dataset.range(3).take(tf.placeholder(tf.int64, [])).output_shapes)}


def case_x_data_sweep_cache_memory_and_file(tf):
    d = tempfile.mkdtemp()
    try:
        mem = tf.data.Dataset.range(4).map(lambda x: x * 10).cache().repeat(2)
        f = os.path.join(d, "cache")
        filed = tf.data.Dataset.range(3).cache(f)
        first = _drain(tf, filed)
        second = _drain(tf, filed)
        partial_it = tf.data.make_one_shot_iterator(tf.data.Dataset.range(5).cache().take(2).repeat(2))
        return {"mem": _drain(tf, mem), "file_first": first, "file_second": second,
                "files_made": any(n.startswith("cache") for n in os.listdir(d)),
                "take_repeat": _drain(tf, tf.data.Dataset.range(5).cache().take(2).repeat(2)),
                "partial_kind": type(partial_it).__name__}
    finally:
        shutil.rmtree(d)


def case_x_data_sweep_zip_concat_mixed(tf):
    a = tf.data.Dataset.range(3)
    b = tf.data.Dataset.from_tensor_slices(np.array([[1.0, 2.0], [3.0, 4.0]], np.float32))
    z = tf.data.Dataset.zip({"i": a, "v": b})
    c = tf.data.Dataset.from_tensors(np.array([1, 2], np.int64)).concatenate(
        tf.data.Dataset.from_tensors(np.array([3, 4, 5], np.int64)))
    return {"zip": _drain(tf, z), "zip_shapes": str(z.output_shapes), "concat": _drain(tf, c),
            "concat_shape": str(c.output_shapes),
            "concat_types_bad": catch(lambda: a.concatenate(tf.data.Dataset.range(3).map(lambda x: tf.cast(x, tf.int32))))}


def case_x_data_sweep_window_variants(tf):
    ds = tf.data.Dataset.range(7)
    w1 = ds.window(3).flat_map(lambda w: w.batch(3))
    w2 = ds.window(2, shift=3, stride=2).flat_map(lambda w: w.batch(5))
    w3 = tf.data.Dataset.zip((ds, ds.map(lambda x: x * 2))).window(2, drop_remainder=True).flat_map(
        lambda a, b: tf.data.Dataset.zip((a.batch(2), b.batch(2))))
    return {"w1": _drain(tf, w1), "w2": _drain(tf, w2), "w3": _drain(tf, w3),
            "classes": str(ds.window(2).output_classes) if hasattr(ds.window(2), "output_classes") else None}


def case_x_data_sweep_unbatch_enumerate_shard(tf):
    ds = tf.data.Dataset.from_tensor_slices(np.arange(12).reshape(3, 2, 2)).unbatch()
    e = tf.data.Dataset.range(10, 13).enumerate()
    s = [_drain(tf, tf.data.Dataset.range(10).shard(3, i)) for i in range(3)]
    return {"unbatch": _drain(tf, ds), "shape": str(ds.output_shapes), "enumerate": _drain(tf, e),
            "enum_types": str(e.output_types), "shards": s,
            "bad_shard": catch(lambda: _drain(tf, tf.data.Dataset.range(3).shard(2, 5)))}


def case_x_data_sweep_reduce_forms(tf):
    ds = tf.data.Dataset.range(1, 6)
    total = ds.reduce(np.int64(0), lambda s, x: s + x)
    pair = ds.reduce((np.int64(0), np.int64(1)), lambda s, x: (s[0] + x, s[1] * x))
    count = tf.data.Dataset.from_tensor_slices(["a", "b", "c"]).reduce(0, lambda s, _: s + 1)
    sess = tf.Session()
    return sess.run({"total": total, "pair": pair, "count": count})


def case_x_data_sweep_scan_running_sum(tf):
    ds = tf.data.Dataset.range(5)
    if hasattr(ds, "scan"):
        sc = ds.scan(np.int64(0), lambda s, x: (s + x, s * 10 + x))
    else:
        sc = ds.apply(tf.data.experimental.scan(np.int64(0), lambda s, x: (s + x, s * 10 + x)))
    sc2 = ds.apply(tf.data.experimental.scan((np.int64(0), np.int64(1)),
                                             lambda st, x: ((st[0] + x, st[1] * 2), {"v": x, "p": st[1]})))
    return {"out": _drain(tf, sc), "out2": _drain(tf, sc2), "types2": str(sc2.output_types)}


def case_x_data_sweep_unique(tf):
    ds = tf.data.Dataset.from_tensor_slices(np.array([3, 1, 3, 2, 1, 5], np.int32)).apply(tf.data.experimental.unique())
    ds2 = tf.data.Dataset.from_tensor_slices(["a", "b", "a", "c"]).unique()
    return {"ints": _drain(tf, ds), "strings": _drain(tf, ds2),
            "bad_type": catch(lambda: tf.data.Dataset.range(3).map(lambda x: tf.cast(x, tf.float32)).unique())}


def case_x_data_sweep_group_by_window(tf):
    ds = tf.data.Dataset.range(10).apply(tf.data.experimental.group_by_window(
        key_func=lambda x: x % 2, reduce_func=lambda key, w: w.batch(3), window_size=3))
    ds2 = tf.data.Dataset.range(7).group_by_window(lambda x: x % 3, lambda k, w: w.batch(10), window_size=10)
    return {"out": _drain(tf, ds), "out2": _drain(tf, ds2)}


def case_x_data_sweep_bucket_by_sequence_length(tf):
    seqs = [[1], [2, 2], [3, 3, 3], [4], [5, 5, 5, 5, 5], [6, 6]]
    ds = tf.data.Dataset.from_generator(lambda: iter(seqs), tf.int32, tf.TensorShape([None]))
    b = ds.apply(tf.data.experimental.bucket_by_sequence_length(
        element_length_func=lambda s: tf.shape(s)[0], bucket_boundaries=[2, 4], bucket_batch_sizes=[2, 2, 2]))
    b2 = ds.apply(tf.data.experimental.bucket_by_sequence_length(
        lambda s: tf.shape(s)[0], [3, 7], [2, 2, 2], pad_to_bucket_boundary=True, drop_remainder=False))
    return {"b": _drain(tf, b), "b2": _drain(tf, b2), "shapes": str(b.output_shapes)}


def case_x_data_sweep_experimental_misc(tf):
    ds = tf.data.Dataset.range(6)
    sess = tf.Session()
    out = {"single": sess.run(tf.data.experimental.get_single_element(tf.data.Dataset.from_tensors([1, 2]))),
           "too_many": catch(sess.run, tf.data.experimental.get_single_element(ds)),
           "card": sess.run([tf.data.experimental.cardinality(d) for d in
                             (ds, ds.repeat(), ds.filter(lambda x: x > 2), ds.batch(4), ds.batch(4, True),
                              ds.take(2), ds.skip(10))]),
           "consts": [tf.data.experimental.INFINITE_CARDINALITY, tf.data.experimental.UNKNOWN_CARDINALITY],
           "choose": _drain(tf, tf.data.experimental.choose_from_datasets(
               [tf.data.Dataset.from_tensors("a").repeat(), tf.data.Dataset.from_tensors("b").repeat()],
               tf.data.Dataset.from_tensor_slices(np.array([0, 1, 1, 0], np.int64)))),
           "ignore": _drain(tf, tf.data.Dataset.from_tensor_slices([1.0, 0.0, 2.0]).map(
               lambda x: tf.check_numerics(1.0 / x, "m")).apply(tf.data.experimental.ignore_errors()))}
    return out


def case_x_data_sweep_dataset_methods_v2_names(tf):
    ds = tf.data.Dataset.range(8)
    sess = tf.Session()
    return {"take_while": _drain(tf, ds.take_while(lambda x: x < 3)),
            "ignore": _drain(tf, ds.map(lambda x: tf.check_numerics(1.0 / tf.cast(x, tf.float32), "m"))
                             .ignore_errors()),
            "card": sess.run(ds.batch(3).cardinality()),
            "single": sess.run(tf.data.Dataset.from_tensors(7).get_single_element()),
            "counter": _drain(tf, tf.data.experimental.Counter(3, 2).take(3))}


def case_x_data_sweep_options_roundtrip(tf):
    opts = tf.data.Options()
    opts.experimental_deterministic = True
    ds = tf.data.Dataset.range(3).with_options(opts)
    return {"out": _drain(tf, ds), "deterministic": ds.options().experimental_deterministic,
            "type": type(opts).__name__}


# ------------------------------------------------------------------ iterators
def case_x_data_sweep_feedable_iterator_switching(tf):
    train = tf.data.Dataset.range(100).repeat()
    val = tf.data.Dataset.range(1000, 1003)
    handle = tf.placeholder(tf.string, shape=[])
    it = tf.data.Iterator.from_string_handle(handle, tf.data.get_output_types(train), tf.data.get_output_shapes(train))
    nxt = it.get_next()
    train_it = tf.data.make_one_shot_iterator(train)
    val_it = tf.data.make_initializable_iterator(val)
    sess = tf.Session()
    th, vh = sess.run(train_it.string_handle()), sess.run(val_it.string_handle())
    out = [sess.run(nxt, {handle: th}) for _ in range(3)]
    for _ in range(2):
        sess.run(val_it.initializer)
        while True:
            try:
                out.append(sess.run(nxt, {handle: vh}))
            except tf.errors.OutOfRangeError:
                out.append("end")
                break
    out.append(sess.run(nxt, {handle: th}))
    return {"out": out, "types": str(it.output_types), "bad_handle": catch(sess.run, nxt, {handle: b"garbage"})}


def case_x_data_sweep_reinitializable_shapes_merge(tf):
    a = tf.data.Dataset.from_tensor_slices(np.zeros([4, 3], np.float32)).batch(2)
    b = tf.data.Dataset.from_tensor_slices(np.ones([3, 3], np.float32)).batch(3)
    it = tf.data.Iterator.from_structure(a.output_types, a.output_shapes)
    nxt = it.get_next()
    ia, ib = it.make_initializer(a), it.make_initializer(b)
    sess = tf.Session()
    sess.run(ib)
    x = sess.run(nxt)
    sess.run(ia)
    y = sess.run(nxt)
    bad = catch(it.make_initializer, tf.data.Dataset.from_tensors(np.zeros([2], np.int32)))
    return {"b": x, "a": y, "shape": str(nxt.shape), "bad": bad, "init_type": ia.type}


def case_x_data_sweep_iterator_get_next_structure_and_names(tf):
    ds = tf.data.Dataset.from_tensor_slices({"x": np.zeros([3, 2], np.float32), "y": np.arange(3)}).batch(2)
    it = ds.make_initializable_iterator()
    nxt = it.get_next("my_next")
    return {"keys": sorted(nxt), "shapes": {k: str(v.shape) for k, v in nxt.items()},
            "op_types": sorted({v.op.type for v in nxt.values()}), "name": nxt["x"].op.name,
            "init_type": it.initializer.type, "handle_dtype": it.string_handle().dtype.name,
            "classes": {k: c.__name__ for k, c in tf.data.get_output_classes(it).items()}}


def case_x_data_sweep_out_of_range_then_reinitialize_and_other_ops(tf):
    x = tf.placeholder(tf.int64, [])
    it = tf.data.make_initializable_iterator(tf.data.Dataset.range(x))
    nxt = it.get_next()
    counter = tf.Variable(0, dtype=tf.int64)
    inc = counter.assign_add(nxt)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(it.initializer, {x: 3})
    for _ in range(3):
        sess.run(inc)
    err = catch(sess.run, inc)
    mid = sess.run(counter)
    sess.run(it.initializer, {x: 5})
    for _ in range(5):
        sess.run(inc)
    return {"err": err, "mid": mid, "final": sess.run(counter), "other_ok": sess.run(x + 1, {x: 1})}


def case_x_data_sweep_one_shot_with_variable_capture_fails(tf):
    v = tf.Variable(1, dtype=tf.int64)
    ds = tf.data.Dataset.range(3).map(lambda e: e + v)
    return {"one_shot": catch(tf.data.make_one_shot_iterator, ds)}


def case_x_data_sweep_monitored_session_with_dataset(tf):
    ds = tf.data.Dataset.range(5).batch(2)
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    out = []
    with tf.train.MonitoredSession() as sess:
        while not sess.should_stop():
            out.append(sess.run(nxt))
    return out


def case_x_data_sweep_estimator_style_input_fn(tf):
    def input_fn():
        feats = {"a": np.arange(6, dtype=np.float32), "b": np.arange(6, dtype=np.float32) * 2}
        labels = np.arange(6) % 2
        return tf.data.Dataset.from_tensor_slices((feats, labels)).shuffle(6, seed=1).repeat(2).batch(4)
    ds = input_fn()
    feats, labels = tf.data.make_one_shot_iterator(ds).get_next()
    total = tf.reduce_sum(feats["a"] + feats["b"])
    sess = tf.Session()
    sums, n = 0.0, 0
    while True:
        try:
            s, l = sess.run([total, labels])
            sums += float(s)
            n += len(l)
        except tf.errors.OutOfRangeError:
            break
    return {"sum": sums, "n": n, "shapes": str(ds.output_shapes)}


def case_x_data_sweep_dataset_v2_static_methods(tf):
    out = {}
    ds = tf.data.Dataset.range(4)
    if hasattr(tf.data.Dataset, "counter"):
        out["counter"] = _drain(tf, tf.data.Dataset.counter(10, 3).take(3))
    out["choose"] = _drain(tf, tf.data.experimental.choose_from_datasets(
        [ds, ds.map(lambda x: x + 100)], tf.data.Dataset.from_tensor_slices(np.array([1, 0, 1], np.int64))))
    out["sample_len"] = len(_drain(tf, tf.data.Dataset.sample_from_datasets([ds, ds], seed=3)))
    sparse_rows = tf.data.Dataset.from_sparse_tensor_slices(tf.SparseTensor([[0, 0], [2, 1]], [1.0, 2.0], [3, 2]))
    out["sparse_slices"] = _drain(tf, sparse_rows)
    out["sparse_slices_shapes"] = str(sparse_rows.output_shapes)
    out["value_slices"] = [(r.indices, r.values, r.dense_shape) for r in _drain(
        tf, tf.data.Dataset.from_tensor_slices(tf.SparseTensorValue([[0, 0], [2, 1]], [1.0, 2.0], [3, 2])))]
    out["sparse_value_refused"] = catch(tf.data.Dataset.from_sparse_tensor_slices,
                                        tf.SparseTensorValue([[0]], [1.0], [2]))
    return out


def case_x_data_sweep_map_returns_sparse_and_batch(tf):
    ds = tf.data.Dataset.range(3).map(
        lambda x: tf.SparseTensor(indices=tf.reshape(x, [1, 1]), values=tf.reshape(x * 10, [1]), dense_shape=[4]))
    out = _drain(tf, ds.batch(2))
    return {"classes": tf.data.get_output_classes(ds).__name__, "shapes": str(ds.output_shapes),
            "batches": [(b.indices, b.values, b.dense_shape) for b in out]}


def case_x_data_sweep_optional_get_next(tf):
    it = tf.data.make_initializable_iterator(tf.data.Dataset.range(2))
    opt = tf.data.experimental.get_next_as_optional(it)
    has, val = opt.has_value(), opt.get_value()
    sess = tf.Session()
    sess.run(it.initializer)
    out = []
    for _ in range(3):
        h = sess.run(has)
        out.append((h, sess.run(val) if h else catch(sess.run, val)))
    return {"out": out[:2], "types": str(opt.element_spec) if hasattr(opt, "element_spec") else None}


def case_x_data_sweep_assert_cardinality_and_dense_to_sparse(tf):
    ds = tf.data.Dataset.range(3).apply(tf.data.experimental.assert_cardinality(3))
    bad = tf.data.Dataset.range(3).apply(tf.data.experimental.assert_cardinality(5))
    sp = tf.data.Dataset.from_tensor_slices([[1, 2, 0], [3, 0, 0], [4, 5, 6]]).map(
        lambda x: tf.boolean_mask(x, x > 0)).apply(tf.data.experimental.dense_to_sparse_batch(2, [3]))
    return {"ok": _drain(tf, ds), "card": tf.Session().run(tf.data.experimental.cardinality(ds)),
            "bad": catch(lambda: _drain(tf, bad)),
            "sparse": [(b.indices, b.values, b.dense_shape) for b in _drain(tf, sp)]}


def case_x_data_sweep_build_time_errors(tf):
    ds = tf.data.Dataset.range(3)
    return {"ragged_list": catch(tf.data.Dataset.from_tensor_slices, [[1, 2], [3]]),
            "scalar_slices": catch(tf.data.Dataset.from_tensor_slices, 5),
            "batch_neg": catch(lambda: _drain(tf, ds.batch(-1))),
            "padded_bad_rank": catch(ds.map(lambda x: tf.fill([x], x)).padded_batch, 2, padded_shapes=[None, None]),
            "zip_list": _drain(tf, tf.data.Dataset.zip((ds, ds))),
            "flat_map_not_ds": catch(ds.flat_map, lambda x: x),
            "interleave_not_ds": catch(ds.interleave, lambda x: [x], cycle_length=1),
            "window_zero": catch(lambda: _drain(tf, ds.window(0))),
            "shard_zero": catch(lambda: _drain(tf, ds.shard(0, 0)))}


def case_x_data_sweep_repr_and_element_spec(tf):
    ds = tf.data.Dataset.from_tensor_slices({"a": np.zeros([2, 3], np.float32), "b": np.array([1, 2])})
    spec = ds.element_spec
    return {"spec_keys": sorted(spec), "a_shape": spec["a"].shape.as_list(), "a_dtype": spec["a"].dtype.name,
            "b": repr(spec["b"]), "batched": repr(ds.batch(2, drop_remainder=True).element_spec["a"])}


def case_x_data_sweep_initializable_generator_with_feed_args(tf):
    n = tf.placeholder(tf.int64, [])

    def gen(k):
        for i in range(k):
            yield i * 2
    ds = tf.data.Dataset.from_generator(gen, tf.int64, tf.TensorShape([]), args=(n,))
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    sess = tf.Session()
    out = []
    for k in (2, 3):
        sess.run(it.initializer, {n: k})
        while True:
            try:
                out.append(sess.run(nxt))
            except tf.errors.OutOfRangeError:
                out.append("end")
                break
    return out


def case_x_data_sweep_cache_file_partial_then_full(tf):
    d = tempfile.mkdtemp()
    try:
        f = os.path.join(d, "c")
        ds = tf.data.Dataset.range(5).map(lambda x: x * 2).cache(f)
        part = _drain(tf, ds.take(2))
        full = _drain(tf, ds)
        again = _drain(tf, ds)
        return {"part": part, "full": full, "again": again}
    finally:
        shutil.rmtree(d)
