"""Round 14 variations of data_transforms.py, continued: cardinality through compositions,
assert_cardinality's messages, SparseTensor elements through every transform, reduce/scan states of
another structure, interleave arguments, map_and_batch arguments, get_next names under scopes."""
import numpy as np

from _casekit import drain, drain_or_error
from _harness import catch, message_has


def case_cardinality_compositions(tf):
    r = tf.data.Dataset.range(10)
    dss = [r.filter(lambda x: x > 2), r.repeat(), r.repeat().take(4), r.repeat(3).skip(25), r.batch(3),
           r.batch(3, drop_remainder=True), r.padded_batch(4, drop_remainder=True), r.shard(3, 1), r.shard(3, 0),
           r.concatenate(r.repeat()), tf.data.Dataset.zip((r, r.repeat())),
           tf.data.Dataset.zip((r.repeat(), r.repeat())), r.window(4), r.window(4, shift=3, drop_remainder=True),
           r.skip(-1), r.take(-1), r.repeat(0), r.cache(), r.prefetch(2), r.enumerate(), r.batch(2).unbatch(),
           r.flat_map(lambda x: tf.data.Dataset.range(x)), r.map(lambda x: x).repeat().batch(2),
           r.apply(tf.data.experimental.assert_cardinality(10)),
           tf.data.Dataset.from_generator(lambda: iter([1]), tf.int64), r.shuffle(3),
           r.interleave(lambda x: tf.data.Dataset.range(x), cycle_length=2), r.take_while(lambda x: x < 3),
           r.unique(), r.ignore_errors(), r.scan(np.int64(0), lambda s, x: (s, x)),
           r.group_by_window(lambda x: x % 2, lambda k, w: w, 2), r.skip(3).take(100),
           r.repeat(2).batch(7, drop_remainder=True), tf.data.Dataset.from_tensors(1).repeat(-1),
           r.window(3, shift=4), r.window(3, shift=4, drop_remainder=True),
           r.window(3, shift=2, stride=2, drop_remainder=True)]
    c = [tf.data.experimental.cardinality(d) for d in dss] + [d.cardinality() for d in dss[:3]]
    return tf.Session().run(c)


def case_assert_cardinality_errors(tf):
    r = tf.data.Dataset.range(3)

    def message(expected, text):
        return message_has(lambda: drain(tf, r.apply(tf.data.experimental.assert_cardinality(expected))), text)
    return {"few": message(5, "Input dataset was expected to contain 5 elements but contained only 3 elements."),
            "one": message(1, "Input dataset was expected to contain 1 element but contained at least 2 elements."),
            "many": message(2, "Input dataset was expected to contain 2 elements but contained at least 3 elements."),
            "inf": message(tf.data.experimental.INFINITE_CARDINALITY,
                           "Input dataset was expected to contain an infinite number of elements but contained only "
                           "3 elements."),
            "exact": drain(tf, r.apply(tf.data.experimental.assert_cardinality(3)))}


def case_sparse_through_transforms(tf):
    st = tf.data.Dataset.range(1, 5).map(lambda x: tf.SparseTensor([[0, x - 1]], [x], [1, 4]))
    shuffled = st.shuffle(4, seed=3).map(lambda s: tf.reduce_sum(s.values)).batch(4).map(lambda b: tf.sort(b))
    made = {"cache": st.cache(), "prefetch": st.prefetch(2),
            "take_while": st.take_while(lambda s: tf.reduce_sum(s.values) < 3),
            "zip": tf.data.Dataset.zip((st, tf.data.Dataset.range(9))), "concat": st.concatenate(st.take(1)),
            "shard": st.shard(2, 1), "enumerate": st.enumerate(),
            "filter": st.filter(lambda s: tf.reduce_sum(s.values) > 2), "batch": st.batch(3),
            "window": st.window(2).flat_map(lambda w: w.batch(2)), "unbatch": st.batch(2).unbatch(),
            "shuffle_sorted": shuffled,
            "interleave": tf.data.Dataset.range(2).interleave(lambda i: st.skip(i), cycle_length=2)}
    return {key: {"shapes": str(tf.data.get_output_shapes(d)), "vals": drain(tf, d)} for key, d in made.items()}


def case_sparse_concat_shape_mismatch(tf):
    a = tf.data.Dataset.from_tensors(tf.SparseTensor([[0]], [1], [3]))
    b = tf.data.Dataset.from_tensors(tf.SparseTensor([[0, 0]], [1], [3, 3]))
    c = tf.data.Dataset.from_tensors(tf.SparseTensor([[1]], [2], [5]))
    return {"rank": catch(a.concatenate, b), "shape": str(tf.data.get_output_shapes(a.concatenate(c))),
            "vals": drain(tf, a.concatenate(c)), "batched": drain_or_error(tf, a.concatenate(c).batch(2))}


def case_reduce_structures(tf):
    ds = tf.data.Dataset.range(1, 5).map(lambda x: {"v": x, "s": tf.as_string(x)})
    red = ds.reduce({"sum": np.int64(0), "cat": ""},
                    lambda st, e: {"sum": st["sum"] + e["v"], "cat": st["cat"] + e["s"]})
    grow = tf.data.Dataset.range(3).reduce(tf.zeros([0], tf.int64), lambda s, x: tf.concat([s, [x]], 0))
    sp = tf.data.Dataset.range(3).map(lambda x: tf.SparseTensor([[0]], [x], [1]))
    sess = tf.Session()
    return {"red": sess.run(red), "grow": sess.run(grow), "grow_shape": str(grow.shape),
            "other_structure_same_count": sess.run(ds.reduce(np.int64(0), lambda s, e: {"a": s + e["v"]})),
            "sparse_elem": catch(lambda: sess.run(sp.reduce(np.int64(0), lambda s, e: s + tf.sparse.reduce_sum(e)))),
            "empty": sess.run(tf.data.Dataset.range(0).reduce(np.int64(7), lambda s, x: s + x))}


def case_reduce_state_count_and_class_errors(tf):
    ds = tf.data.Dataset.range(1, 4)
    sess = tf.Session()
    pair = (np.int64(0), np.int64(1))
    return {"none": message_has(lambda: sess.run(ds.reduce(pair, lambda s, x: ())), "(initial_state=2, output=0)"),
            "four": message_has(lambda: sess.run(ds.reduce(pair, lambda s, x: (s, s))), "(initial_state=2, output=4)"),
            "cast": message_has(lambda: ds.reduce(np.int64(0), lambda s, x: tf.cast(s, tf.int32)),
                                "The element types for the new state must match the initial state."),
            "sparse": message_has(lambda: ds.reduce(np.int64(0), lambda s, x: tf.SparseTensor([[0]], [s], [1])),
                                  "The element classes for the new state must match the initial state."),
            "after": sess.run(ds.reduce(pair, lambda s, x: (s[0] + x, s[1] * x)))}


def case_scan_state_structure_variants(tf):
    ds = tf.data.Dataset.range(1, 4)
    sess = tf.Session()

    def outcomes(d):
        nxt = tf.data.make_one_shot_iterator(d).get_next()
        out = []
        for _ in range(5):
            try:
                out.append(sess.run(nxt))
            except tf.errors.OutOfRangeError:
                return out + ["end"]
            except tf.errors.OpError as exc:
                return out + [type(exc).__name__]
        return out
    return {"dict_state": outcomes(ds.scan(np.int64(0), lambda s, x: ({"a": s + x}, s))),
            "list_state": outcomes(ds.scan(np.int64(0), lambda s, x: ([s + 1], x * s))),
            "too_many": outcomes(ds.scan(np.int64(0), lambda s, x: ((s, s), x))),
            "too_few": outcomes(ds.scan((np.int64(0), np.int64(0)), lambda s, x: (s[0], x))),
            "dtype": message_has(lambda: ds.scan(np.int64(0), lambda s, x: ((tf.cast(s, tf.int32), s), x)),
                                 "Invalid `scan_func`. The element types for the new state must match"),
            "not_pair": catch(ds.scan, np.int64(0), lambda s, x: s)}


def case_interleave_variants(tf):
    r = tf.data.Dataset.range(1, 5)
    out = {}
    for key, kw in {"c2b2": dict(cycle_length=2, block_length=2),
                    "par": dict(cycle_length=3, num_parallel_calls=2, deterministic=True),
                    "auto": dict(cycle_length=tf.data.experimental.AUTOTUNE, block_length=1),
                    "c1": dict(cycle_length=1)}.items():
        out[key] = drain(tf, r.interleave(lambda x: tf.data.Dataset.from_tensors(x).repeat(x), **kw))
    out["bad_cycle"] = drain_or_error(tf, r.interleave(lambda x: tf.data.Dataset.range(x), cycle_length=0))
    out["bad_block"] = drain_or_error(tf, r.interleave(lambda x: tf.data.Dataset.range(x), cycle_length=1,
                                                       block_length=0))
    out["tuple"] = drain(tf, tf.data.Dataset.from_tensor_slices(([1, 2], [b"a", b"b"])).interleave(
        lambda n, s: tf.data.Dataset.from_tensors((s, n)).repeat(tf.cast(n, tf.int64)), cycle_length=2))
    return out


def case_map_and_batch_arguments(tf):
    exp = tf.data.experimental
    mb = tf.data.Dataset.range(7).apply(exp.map_and_batch(lambda x: (x, x * x), 3, num_parallel_batches=2,
                                                          drop_remainder=True))
    mb2 = tf.data.Dataset.range(7).apply(exp.map_and_batch(lambda x: {"d": x}, batch_size=4, num_parallel_calls=2))
    return {"mb": drain(tf, mb), "mb_spec": str(tf.data.get_output_shapes(mb)), "mb2": drain(tf, mb2),
            "both": message_has(lambda: exp.map_and_batch(lambda x: x, 2, num_parallel_batches=1, num_parallel_calls=1),
                                "allows only one of `num_parallel_batches` and `num_parallel_calls` to be set")}


def case_get_next_dict_names_in_scope(tf):
    ds = tf.data.Dataset.from_tensor_slices({"b": [1, 2], "a": [[1.0], [2.0]], "c": ([b"x", b"y"], [True, False])})
    with tf.variable_scope("reader"):
        it = tf.data.make_initializable_iterator(ds, shared_name="shared_it")
        nxt = it.get_next()
    ops = tf.get_default_graph().get_operations()
    return {"names": tf.nest.map_structure(lambda t: t.name, nxt), "init": it.initializer.name,
            "iter_op": [op.type for op in ops if "Iterator" in op.type],
            "shared": [op.get_attr("shared_name") for op in ops if op.type == "IteratorV2"]}
