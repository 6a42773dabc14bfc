"""tf.data.experimental and iterators, translated from TF's kernel tests (scan_test, group_by_window_test,
choose_from_datasets_test, sample_from_datasets_test,
dense_to_sparse_batch_test, ignore_errors_test, unique_test, get_single_element_test, counter_test,
random_dataset_test, iterator_test, reduce_test, cardinality_test) and padded_batch GraphDefs moving
between TF and tfsess (fixtures_dsweep/, written by its make_fixtures.py)."""
import os

import numpy as np

from _harness import catch, message_has
from _casekit import drain

FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures_dsweep")


def _drain(tf, ds, limit=60):
    return drain(tf, ds, limit)


def case_x_dsweep_import_tf_padded_batch_graph(tf):
    graph_def = tf.GraphDef()
    with open(os.path.join(FIX, "padded_batch.pb"), "rb") as f:
        graph_def.ParseFromString(f.read())
    out = []
    for size in (None, 3):
        with tf.Graph().as_default() as g:
            tf.import_graph_def(graph_def, name="")
            feed = None if size is None else {"size:0": size}
            with tf.Session() as sess:
                while True:
                    try:
                        out.append(sess.run(["tokens:0", "lengths:0", "words:0"], feed))
                    except tf.errors.OutOfRangeError:
                        break
            node = next(op for op in g.get_operations() if op.type == "PaddedBatchDatasetV2")
            out.append([t.op.name for t in node.inputs])
    return out


def case_x_dsweep_padded_batch_graph_def_and_meta_graph_round_trip(tf):
    g = tf.Graph()
    with g.as_default():
        ds = tf.data.Dataset.range(1, 5).map(lambda x: {"ids": tf.range(x), "n": x})
        ds = ds.padded_batch(3, padded_shapes={"ids": [5], "n": []}, padding_values={"ids": np.int64(-7),
                                                                                      "n": np.int64(0)})
        nxt = tf.data.make_one_shot_iterator(ds).get_next()
        tf.identity(nxt["ids"], name="ids")
        graph_def = g.as_graph_def()
        meta = tf.train.export_meta_graph()
    node = next(n for n in graph_def.node if n.op == "PaddedBatchDatasetV2")
    out = {"node": (list(node.input), sorted(node.attr), node.attr["N"].i)}
    for how in ("graph_def", "meta"):
        with tf.Graph().as_default():
            if how == "meta":
                tf.train.import_meta_graph(meta)
            else:
                tf.import_graph_def(graph_def, name="")
            with tf.Session() as sess:
                out[how] = [sess.run("ids:0"), sess.run("ids:0")]
    return out


def case_x_dsweep_scan_variants(tf):
    base = tf.data.Dataset.range(6)
    scan = tf.data.experimental.scan
    res = {"sum": _drain(tf, base.apply(scan(np.int64(0), lambda s, x: (s + x, s * 10)))),
           "tuple_state": _drain(tf, base.apply(scan((np.int64(0), np.int64(1)),
                                                    lambda s, x: ((s[1], s[0] + s[1]), s[0])))),
           "method": _drain(tf, base.scan(np.int64(5), lambda s, x: (s - x, tf.cast(s, tf.float32))))}
    res["dtype_change"] = catch(base.apply, scan(np.int64(0), lambda s, x: (tf.cast(s, tf.int32), x)))
    grow = base.apply(scan(tf.constant([], tf.int64), lambda s, x: (tf.concat([s, [x]], 0), tf.size(s))))
    res["grow_shape"] = (str(grow.output_shapes), _drain(tf, grow))
    return res


def case_x_dsweep_group_by_window_variants(tf):
    base = tf.data.Dataset.range(10)
    gbw = tf.data.experimental.group_by_window
    res = {"size": _drain(tf, base.apply(gbw(lambda x: x % 3, lambda k, w: w.batch(4), window_size=2))),
           "size_func": _drain(tf, base.apply(gbw(lambda x: x % 2, lambda k, w: w.batch(10),
                                                  window_size_func=lambda k: k + 2))),
           "reduce_key": _drain(tf, base.apply(gbw(lambda x: x % 2, lambda k, w: w.map(lambda v: v + k * 100).batch(3),
                                                   window_size=3)))}
    res["both"] = catch(gbw, lambda x: x, lambda k, w: w, window_size=2, window_size_func=lambda k: k)
    res["neither"] = catch(gbw, lambda x: x, lambda k, w: w)
    res["key_dtype"] = catch(base.apply, gbw(lambda x: tf.cast(x, tf.int32), lambda k, w: w, window_size=2))
    res["zero_window"] = catch(_drain, tf, base.apply(gbw(lambda x: x % 2, lambda k, w: w.batch(2), window_size=0)))
    return res


def case_x_dsweep_choose_and_sample_from_datasets(tf):
    a = tf.data.Dataset.from_tensors(np.int64(0)).repeat()
    b = tf.data.Dataset.from_tensors(np.int64(1)).repeat()
    c = tf.data.Dataset.range(2, 4)
    choice = tf.data.Dataset.from_tensor_slices(np.array([0, 1, 2, 2, 2, 0], np.int64))
    res = {"choose": _drain(tf, tf.data.experimental.choose_from_datasets([a, b, c], choice)),
           "choose_method": _drain(tf, tf.data.Dataset.choose_from_datasets([a, b, c], choice,
                                                                            stop_on_empty_dataset=False)),
           "bad_choice_type": catch(tf.data.experimental.choose_from_datasets, [a, b],
                                    tf.data.Dataset.range(2).map(lambda x: tf.cast(x, tf.int32))),
           "out_of_range": catch(_drain, tf, tf.data.experimental.choose_from_datasets(
               [a, b], tf.data.Dataset.from_tensors(np.int64(5))))}
    sample = tf.data.experimental.sample_from_datasets([a, b], weights=[0.5, 0.5], seed=11)
    res["sample_seeded"] = sorted(set(int(v) for v in _drain(tf, sample.take(20))))  # the order: see the report
    res["sample_skewed"] = [int(v) for v in _drain(tf, tf.data.experimental.sample_from_datasets(
        [a, b], weights=[0.0, 1.0], seed=3).take(5))]
    res["sample_ends"] = sorted(int(v) for v in _drain(tf, tf.data.experimental.sample_from_datasets(
        [tf.data.Dataset.range(3), tf.data.Dataset.range(10, 12)], seed=5)))
    res["mismatch"] = catch(tf.data.experimental.sample_from_datasets, [a, tf.data.Dataset.range(2).map(
        lambda x: tf.cast(x, tf.int32))])
    return res


def case_x_dsweep_dense_to_sparse_batch_and_ignore_errors(tf):
    ds = tf.data.Dataset.range(1, 5).map(lambda x: tf.fill([x], x))
    sp = ds.apply(tf.data.experimental.dense_to_sparse_batch(2, [6]))
    batches = [(b.indices, b.values, b.dense_shape) for b in _drain(tf, sp)]
    too_big = catch(_drain, tf, ds.apply(tf.data.experimental.dense_to_sparse_batch(2, [2])))
    unk = ds.apply(tf.data.experimental.dense_to_sparse_batch(3, [None]))
    errs = tf.data.Dataset.from_tensor_slices([1.0, 2.0, 0.0, 4.0]).map(
        lambda x: tf.debugging.check_numerics(1.0 / x, "inf"))
    return (batches, str(sp.output_shapes), too_big, [(b.dense_shape,) for b in _drain(tf, unk)],
            _drain(tf, errs.apply(tf.data.experimental.ignore_errors())), _drain(tf, errs.ignore_errors()),
            catch(_drain, tf, errs))


def case_x_dsweep_unique_and_get_single_element(tf):
    strs = tf.data.Dataset.from_tensor_slices(["a", "b", "a", "c", "b"])
    ints = tf.data.Dataset.from_tensor_slices(np.array([3, 1, 3, 2, 1], np.int32))
    res = {"strs": _drain(tf, strs.apply(tf.data.experimental.unique())), "ints": _drain(tf, ints.unique()),
           "float": catch(tf.data.Dataset.from_tensor_slices([1.0, 1.0]).unique),
           "tuple": str(tf.data.get_output_types(tf.data.Dataset.zip((ints, ints)).unique()))}
    with tf.Session() as sess:
        res["single"] = sess.run(tf.data.experimental.get_single_element(tf.data.Dataset.from_tensors(
            {"a": np.int64(3), "b": "x"})))
        res["single_method"] = sess.run(tf.data.Dataset.range(7, 8).get_single_element())
        res["empty"] = catch(sess.run, tf.data.experimental.get_single_element(tf.data.Dataset.range(0)))
        res["many"] = catch(sess.run, tf.data.experimental.get_single_element(tf.data.Dataset.range(2)))
        res["after_errors"] = sess.run(tf.data.Dataset.range(3, 4).get_single_element())
    res["not_dataset"] = catch(tf.data.experimental.get_single_element, [1])
    return res


def case_x_dsweep_counter_and_random(tf):
    res = {"counter": _drain(tf, tf.data.experimental.Counter().take(3)),
           "counter_args": _drain(tf, tf.data.experimental.Counter(10, -3, tf.int32).take(4)),
           "counter_spec": str(tf.data.experimental.Counter(dtype=tf.float32).output_types)}
    rnd = tf.data.experimental.RandomDataset(seed=7).take(4)
    res["random_seeded_twice"] = [_drain(tf, rnd), _drain(tf, rnd)]
    res["random_types"] = (str(rnd.output_types), str(rnd.output_shapes))
    tf.set_random_seed(5)
    res["random_graph_seed"] = _drain(tf, tf.data.Dataset.random().take(3))
    return res


def case_x_dsweep_iterator_kinds_and_messages(tf):
    ds = tf.data.Dataset.range(2)
    one = tf.data.make_one_shot_iterator(ds)
    nxt = one.get_next()
    nxt2 = one.get_next(name="second")
    init = tf.data.make_initializable_iterator(ds, shared_name="sh")
    res = {"names": (nxt.name, nxt2.name, init.initializer.type, init.get_next().name),
           "structure": (str(one.output_types), str(one.output_shapes),
                         str(tf.data.get_output_types(one)), str(tf.data.get_output_shapes(init)),
                         [c.__name__ for c in [tf.data.get_output_classes(one)]]),
           "element_spec": repr(one.element_spec)}
    with tf.Session() as sess:
        res["twice_one_run"] = sess.run([nxt, nxt])
        res["two_ops"] = sess.run([nxt, nxt2])
        res["end"] = message_has(lambda: sess.run(nxt), "End of sequence")
        res["uninit"] = message_has(lambda: sess.run(init.get_next()), "GetNext() failed because the iterator has "
                                    "not been initialized")
    return res


def case_x_dsweep_reinitializable_and_feedable_errors(tf):
    it = tf.data.Iterator.from_structure(tf.int64, tf.TensorShape([]))
    ok = it.make_initializer(tf.data.Dataset.range(3))
    res = {"bad_type": catch(it.make_initializer, tf.data.Dataset.range(3).map(lambda x: tf.cast(x, tf.int32))),
           "bad_shape": catch(it.make_initializer, tf.data.Dataset.range(3).batch(2)),
           "bad_struct": catch(it.make_initializer, tf.data.Dataset.zip((tf.data.Dataset.range(2),) * 2))}
    with tf.Session() as sess:
        res["uninit"] = catch(sess.run, it.get_next())
        sess.run(ok)
        res["values"] = [sess.run(it.get_next()) for _ in range(3)]
        handle = tf.placeholder(tf.string, [])
        feedable = tf.data.Iterator.from_string_handle(handle, tf.int64, tf.TensorShape([]))
        h = sess.run(it.string_handle())
        res["feed_exhausted"] = catch(sess.run, feedable.get_next(), {handle: h})
    return res


def case_x_dsweep_reduce_and_cardinality(tf):
    base = tf.data.Dataset.range(1, 6)
    with tf.Session() as sess:
        res = {"sum": sess.run(base.reduce(np.int64(0), lambda s, x: s + x)),
               "tuple": sess.run(base.reduce((np.int64(0), np.int64(1)), lambda s, x: (s[0] + x, s[1] * x))),
               "dict": sess.run(base.reduce({"n": np.int64(0)}, lambda s, x: {"n": s["n"] + 1})),
               "empty": sess.run(tf.data.Dataset.range(0).reduce(np.int64(42), lambda s, x: s + x)),
               "card": [sess.run(tf.data.experimental.cardinality(d)) for d in (
                   base, base.batch(2), base.batch(2, drop_remainder=True), base.repeat(), base.filter(lambda x: x > 2),
                   base.take(10), base.skip(2).take(1), tf.data.Dataset.zip((base, base.repeat())),
                   base.concatenate(base.repeat()), base.shard(2, 0), base.window(2), base.unbatch() if False else base,
                   base.apply(tf.data.experimental.assert_cardinality(5)))],
               "card_method": sess.run(base.cardinality()),
               "assert_wrong": catch(sess.run, tf.data.experimental.get_single_element(
                   base.apply(tf.data.experimental.assert_cardinality(3)).batch(10))),
               "assert_more": catch(sess.run, tf.data.experimental.get_single_element(
                   base.apply(tf.data.experimental.assert_cardinality(9)).batch(10)))}
    res["dtype_change"] = catch(base.reduce, np.int32(0), lambda s, x: s + tf.cast(x, tf.int32) * 0 + tf.cast(x, tf.int32))
    res["bad_reduce"] = catch(base.reduce, np.int32(0), lambda s, x: tf.cast(s, tf.int64) + x)
    return res


def case_x_dsweep_structure_utilities(tf):
    ds = tf.data.Dataset.from_tensor_slices(({"a": np.zeros([2, 3], np.float32)}, tf.SparseTensor(
        [[0, 1]], [1], [2, 4])))
    spec = tf.data.DatasetSpec(ds.element_spec)
    return {"spec": repr(ds.element_spec), "types": str(tf.data.get_output_types(ds)),
            "shapes": str(tf.data.get_output_shapes(ds)),
            "classes": str(tf.nest.map_structure(lambda c: c.__name__, tf.data.get_output_classes(ds))),
            "dataset_spec": (repr(spec), spec == tf.data.DatasetSpec(ds.element_spec)),
            "from_value": repr(tf.data.DatasetSpec.from_value(tf.data.Dataset.range(2)))}
