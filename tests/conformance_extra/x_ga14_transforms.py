"""Round 14 variations of data_transforms.py: transforms over dict/tuple/sparse structures, the
tf.data.experimental helpers a TF1 program uses, window/reduce/unique/shard arguments, errors."""
import collections

import numpy as np

from _casekit import drain, drain_next, drain_or_error
from _harness import catch, message_has

Pair = collections.namedtuple("Pair", ["a", "b"])


def _spec(tf, ds):
    return {"types": str(tf.data.get_output_types(ds)), "shapes": str(tf.data.get_output_shapes(ds))}


def case_map_returns_list_and_python_values(tf):
    ds = tf.data.Dataset.range(3)
    as_list = ds.map(lambda x: [x, x * 2])
    py_const = ds.map(lambda x: (x, 7, 2.5, "s", True))
    np_arr = ds.map(lambda x: np.array([1, 2], np.int16))
    return {"list": _spec(tf, as_list), "list_v": drain(tf, as_list), "py": _spec(tf, py_const),
            "py_v": drain(tf, py_const.take(1)), "np": _spec(tf, np_arr), "np_v": drain(tf, np_arr.take(1))}


def case_map_dict_element_with_two_arg_function(tf):
    ds = tf.data.Dataset.from_tensor_slices({"a": np.arange(3), "b": np.arange(3)})
    nested = tf.data.Dataset.from_tensor_slices(((np.arange(2), np.arange(2)), np.arange(2)))
    return {"dict_two": catch(ds.map, lambda a, b: a + b),
            "nested_two": drain(tf, nested.map(lambda ab, c: ab[0] + ab[1] + c)),
            "nested_three": catch(nested.map, lambda a, b, c: a)}


def case_map_runtime_error_types_and_recovery(tf):
    ds = tf.data.Dataset.range(5).map(
        lambda x: tf.gather(tf.constant([10, 20, 30], tf.int64), x))
    ds2 = tf.data.Dataset.range(4).map(lambda x: tf.debugging.check_numerics(1.0 / tf.cast(x - 2, tf.float32), "inv"))
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    return {"gather": drain_or_error(tf, ds), "inverse": drain_or_error(tf, ds2),
            "ignored": drain(tf, ds2.apply(tf.data.experimental.ignore_errors())),
            "ignored_method": drain(tf, ds.ignore_errors()),
            "message": [sess.run(nxt), sess.run(nxt), sess.run(nxt), message_has(lambda: sess.run(nxt), "indices",
                                                                                   "3", "[0, 3)"),
                        catch(sess.run, nxt)]}


def case_filter_bad_predicates(tf):
    ds = tf.data.Dataset.range(4)
    return {"int": catch(ds.filter, lambda x: x),
            "vector": catch(ds.filter, lambda x: tf.stack([x > 1, x > 2])),
            "tuple": catch(ds.filter, lambda x: (x > 1, x > 2)),
            "list": message_has(lambda: ds.filter(lambda x: [x > 1]), "tuple", "is_compatible_with"),
            "dict": message_has(lambda: ds.filter(lambda x: {"k": x > 1}), "dict", "is_compatible_with"),
            "namedtuple": message_has(lambda: ds.filter(lambda x: Pair(x > 1, x > 2)), "Pair", "is_compatible_with"),
            "sparse": message_has(lambda: ds.filter(lambda x: tf.SparseTensor([[0]], [x > 1], [1])),
                                  "Invalid `predicate`", "SparseTensorSpec"),
            "take_while_tuple": catch(ds.take_while, lambda x: (x > 1,)),
            "python_bool": type(catch(ds.filter, lambda x: True)).__name__,
            "scalar_bool_tensor": drain(tf, ds.filter(lambda x: tf.logical_not(tf.equal(x, 2))))}


def case_batch_dict_sparse_and_parallel(tf):
    st = tf.data.Dataset.range(5).map(lambda x: {"sp": tf.SparseTensor([[0]], [x], [3]), "d": x})
    b = st.batch(2, drop_remainder=True)
    nxt = tf.data.make_one_shot_iterator(b).get_next()
    sess = tf.Session()
    par = tf.data.Dataset.range(7).batch(3, num_parallel_calls=2, deterministic=True)
    return {"spec": _spec(tf, b), "vals": drain_next(tf, sess, nxt), "par": drain(tf, par),
            "par_spec": _spec(tf, par)}


def case_padded_batch_nested_dict_padding_values(tf):
    ds = tf.data.Dataset.range(1, 4).map(lambda x: {"ids": tf.range(x), "w": (tf.fill([x], 0.5), tf.as_string(x))})
    out = ds.padded_batch(2, padded_shapes={"ids": [4], "w": ([None], [])},
                          padding_values={"ids": tf.constant(-9, tf.int64), "w": (1.0, "pad")})
    default = ds.padded_batch(3)
    return {"spec": _spec(tf, out), "vals": drain(tf, out), "default": drain(tf, default)}


def case_padded_batch_bool_and_2d_unknown(tf):
    ds = tf.data.Dataset.range(1, 4).map(lambda x: (tf.fill([x, 2], True), tf.zeros([2, x], tf.float16)))
    out = ds.padded_batch(3, padded_shapes=([None, None], [2, None]))
    bad = catch(ds.padded_batch, 2, padded_shapes=([None], [2, None]))
    return {"spec": _spec(tf, out), "vals": drain(tf, out), "bad_rank": bad}


def case_shuffle_no_reshuffle_and_structures(tf):
    ds = tf.data.Dataset.range(6).map(lambda x: {"x": x, "y": tf.as_string(x)}).shuffle(
        6, seed=5, reshuffle_each_iteration=False).repeat(2)
    out = drain(tf, ds)
    first = [int(e["x"]) for e in out[:6]]
    second = [int(e["x"]) for e in out[6:]]
    return {"same_each_epoch": first == second, "sorted": sorted(first),
            "pairs_kept": all(e["y"] == str(int(e["x"])).encode() for e in out), "spec": _spec(tf, ds)}


def case_repeat_take_skip_on_sparse_and_errors(tf):
    ds = tf.data.Dataset.range(4).map(lambda x: tf.SparseTensor([[x]], [x * 10], [4]))
    nxt = tf.data.make_one_shot_iterator(ds.skip(1).take(2).repeat(2)).get_next()
    sess = tf.Session()
    vals = [sess.run(nxt).values.tolist() for _ in range(4)]
    return {"vals": vals, "end": catch(sess.run, nxt),
            "take_float": catch(tf.data.Dataset.range(3).take, 1.5),
            "repeat_string": catch(tf.data.Dataset.range(3).repeat, "2")}


def case_zip_dict_of_datasets_and_errors(tf):
    ds = tf.data.Dataset.zip({"a": tf.data.Dataset.range(3),
                              "b": (tf.data.Dataset.range(5), tf.data.Dataset.range(2, 9))})
    return {"spec": _spec(tf, ds), "vals": drain(tf, ds),
            "not_ds": catch(tf.data.Dataset.zip, (tf.data.Dataset.range(2), [1, 2])),
            "list": catch(tf.data.Dataset.zip, [tf.data.Dataset.range(2), tf.data.Dataset.range(2)])}


def case_concatenate_dict_and_mismatch_messages(tf):
    a = tf.data.Dataset.from_tensors({"x": tf.constant([1, 2]), "y": "a"})
    b = tf.data.Dataset.from_tensors({"x": tf.constant([3, 4, 5]), "y": "b"})
    c = tf.data.Dataset.from_tensors({"x": tf.constant([3.0]), "y": "c"})
    d = tf.data.Dataset.from_tensors({"x": tf.constant([3]), "z": "c"})
    ab = a.concatenate(b)
    return {"spec": _spec(tf, ab), "vals": drain(tf, ab),
            "dtype": message_has(lambda: a.concatenate(c), "incompatible"),
            "keys": catch(a.concatenate, d)}


def case_prefetch_autotune_and_bad_buffer(tf):
    ds = tf.data.Dataset.range(5).prefetch(tf.data.experimental.AUTOTUNE)
    zero = tf.data.Dataset.range(3).prefetch(0)
    return {"vals": drain(tf, ds), "zero": drain(tf, zero),
            "neg": drain_or_error(tf, tf.data.Dataset.range(3).prefetch(-5))}


def case_flat_map_windows_and_reduce(tf):
    ds = tf.data.Dataset.range(7).window(3, shift=2, drop_remainder=True).flat_map(lambda w: w.batch(3))
    tup = tf.data.Dataset.from_tensor_slices((np.arange(5), np.arange(5) * 10)).window(2).flat_map(
        lambda a, b: tf.data.Dataset.zip((a.batch(2), b.batch(2))))
    red = tf.data.Dataset.range(1, 5).reduce((np.int64(0), np.int64(1)), lambda s, x: (s[0] + x, s[1] * x))
    sess = tf.Session()
    return {"win": drain(tf, ds), "tup": drain(tf, tup), "reduce": sess.run(red),
            "bad_reduce": catch(tf.data.Dataset.range(3).reduce, np.int32(0), lambda s, x: s + x)}


def case_unique_strings_and_bad_dtype(tf):
    strs = tf.data.Dataset.from_tensor_slices(np.array([b"b", b"a", b"b", b"c", b"a"])).apply(
        tf.data.experimental.unique())
    ints = tf.data.Dataset.from_tensor_slices(np.array([3, 1, 3, 2], np.int32)).unique()
    return {"strs": drain(tf, strs), "ints": drain(tf, ints),
            "float": catch(tf.data.Dataset.from_tensor_slices(np.array([1.0])).unique),
            "vector": drain_or_error(tf, tf.data.Dataset.from_tensors(np.array([1, 2])).apply(
                tf.data.experimental.unique())),
            "rows": drain(tf, tf.data.Dataset.from_tensor_slices(np.array([[1, 2], [1, 2], [2, 1], [1, 2]])).unique()),
            "shapes": drain(tf, tf.data.Dataset.range(4).map(lambda x: tf.fill([x % 2 + 1], b"s")).unique())}


def case_shard_bad_args(tf):
    ds = tf.data.Dataset.range(10)
    return {"ok": drain(tf, ds.shard(3, 2)),
            "index_too_big": drain_or_error(tf, ds.shard(2, 2)),
            "zero_shards": drain_or_error(tf, ds.shard(0, 0)),
            "neg_index": drain_or_error(tf, ds.shard(2, -1))}


def case_experimental_helpers_tf1(tf):
    exp = tf.data.experimental
    ctr = exp.Counter(start=5, step=-2, dtype=tf.int32).take(3)
    enum = tf.data.Dataset.from_tensor_slices(np.array([b"x", b"y"])).apply(exp.enumerate_dataset(start=10))
    unb = tf.data.Dataset.from_tensors({"a": [[1, 2], [3, 4]], "b": ["p", "q"]}).apply(exp.unbatch())
    scanned = tf.data.Dataset.range(5).apply(exp.scan((np.int64(0), np.int64(1)),
                                                      lambda s, x: ((s[0] + x, s[1] * 2), s[0] * s[1])))
    single = exp.get_single_element(tf.data.Dataset.from_tensors({"k": [1, 2]}))
    many = exp.get_single_element(tf.data.Dataset.range(2))
    none = exp.get_single_element(tf.data.Dataset.range(0))
    sess = tf.Session()
    return {"ctr": drain(tf, ctr), "ctr_spec": _spec(tf, ctr), "enum": drain(tf, enum), "unb": drain(tf, unb),
            "scan": drain(tf, scanned), "single": sess.run(single),
            "many": message_has(lambda: sess.run(many), "more than one element"),
            "none": message_has(lambda: sess.run(none), "empty")}


def case_choose_and_sample_structures(tf):
    exp = tf.data.experimental
    dss = [tf.data.Dataset.from_tensors({"v": tf.constant(i, tf.int64)}).repeat() for i in range(3)]
    choice = tf.data.Dataset.from_tensor_slices(np.array([2, 0, 1, 1, 0], np.int64))
    chosen = exp.choose_from_datasets(dss, choice)
    bad_choice = exp.choose_from_datasets(dss, tf.data.Dataset.from_tensor_slices(np.array([0, 5], np.int64)))
    int32_choice = catch(exp.choose_from_datasets, dss, tf.data.Dataset.from_tensor_slices(np.array([0], np.int32)))
    single = exp.sample_from_datasets([tf.data.Dataset.range(3)], seed=1)
    return {"chosen": drain(tf, chosen), "spec": _spec(tf, chosen), "bad": drain_or_error(tf, bad_choice),
            "int32": int32_choice, "single": drain(tf, single)}


def case_group_by_window_and_bucket_dicts(tf):
    exp = tf.data.experimental
    ds = tf.data.Dataset.range(10).map(lambda x: {"k": x % 3, "v": x})
    grouped = ds.apply(exp.group_by_window(lambda d: d["k"], lambda key, w: w.batch(2), window_size=2))
    sized = tf.data.Dataset.range(9).apply(exp.group_by_window(
        lambda x: x % 2, lambda key, w: w.batch(5).map(lambda b: (key, b)), window_size_func=lambda key: key + 2))
    both = catch(tf.data.Dataset.range(3).apply, exp.group_by_window(lambda x: x, lambda k, w: w, 2,
                                                                     window_size_func=lambda k: k))
    return {"grouped": drain(tf, grouped), "sized": drain(tf, sized), "both": both}


def case_parallel_interleave_and_options(tf):
    exp = tf.data.experimental
    ds = tf.data.Dataset.range(1, 4).apply(exp.parallel_interleave(
        lambda x: tf.data.Dataset.from_tensors(x).repeat(x), cycle_length=2, block_length=1, sloppy=False))
    opts = tf.data.Options()
    opts.experimental_deterministic = False
    with_opts = tf.data.Dataset.range(3).with_options(opts)
    opts2 = tf.data.Options()
    opts2.experimental_deterministic = True
    clash = catch(with_opts.with_options, opts2)
    return {"vals": drain(tf, ds), "opt": with_opts.options().experimental_deterministic,
            "merged_ok": drain(tf, with_opts.map(lambda x: x + 1)), "clash": clash,
            "after_map": tf.data.Dataset.range(3).with_options(opts).map(lambda x: x).options()
            .experimental_deterministic}


def case_v2_only_methods_return_v2_datasets(tf):
    ds = tf.data.Dataset.range(6)
    made = {"unique": ds.unique(), "scan": ds.scan(np.int64(0), lambda s, x: (s + x, s)),
            "take_while": ds.take_while(lambda x: x < 4), "ignore_errors": ds.ignore_errors(),
            "group_by_window": ds.group_by_window(lambda x: x % 2, lambda k, w: w.batch(2), 2),
            "choose": tf.data.Dataset.choose_from_datasets([ds], tf.data.Dataset.from_tensors(np.int64(0)).repeat(2)),
            "counter": tf.data.Dataset.counter(3).take(2),
            "sparse_batch": ds.map(lambda x: tf.fill([x % 3], x)).sparse_batch(2, [3])}
    out = {}
    for key, d in made.items():
        out[key] = {"class": type(d).__name__, "one_shot_method": hasattr(d, "make_one_shot_iterator"),
                    "output_types": catch(lambda: d.output_types), "get_output_types": str(tf.data.get_output_types(d)),
                    "vals": drain(tf, d, limit=4)}
    return out


def case_v2_datasets_chained_and_applied(tf):
    u = tf.data.Dataset.from_tensor_slices(np.array([3, 1, 3, 2, 1], np.int64)).unique()
    chained = u.map(lambda x: x * 10).batch(2)
    applied_v1 = tf.data.Dataset.range(4).apply(lambda d: d.unique())
    applied_v2 = u.apply(lambda d: d.map(lambda x: x + 1))
    back_to_v1 = tf.data.Dataset.zip((u, tf.data.Dataset.range(9)))
    concat = tf.data.Dataset.range(2).concatenate(u)
    it = tf.data.Iterator.from_structure(tf.int64, tf.TensorShape([]))
    init = it.make_initializer(u)
    sess = tf.Session()
    sess.run(init)
    return {"classes": [type(d).__name__ for d in (chained, applied_v1, applied_v2, back_to_v1, concat)],
            "chained": drain(tf, chained), "applied_v1": drain(tf, applied_v1.make_one_shot_iterator and applied_v1),
            "chained_method": catch(lambda: chained.make_initializable_iterator()),
            "applied_v2_shapes": catch(lambda: applied_v2.output_shapes),
            "zip_shapes": str(back_to_v1.output_shapes), "concat": drain(tf, concat),
            "from_structure": drain_next(tf, sess, it.get_next())}


def case_v2_windows_inside_functions(tf):
    seen = []

    def per_window(w):
        seen.append([type(w).__name__, hasattr(w, "output_types"), hasattr(w, "make_one_shot_iterator"),
                     str(tf.data.get_output_types(w))])
        return w.batch(3)
    flat = tf.data.Dataset.range(7).window(3, drop_remainder=True).flat_map(per_window)
    grouped = tf.data.Dataset.range(7).apply(tf.data.experimental.group_by_window(
        lambda x: x % 2, lambda k, w: per_window(w), 3))
    return {"seen": seen, "flat": drain(tf, flat), "grouped": drain(tf, grouped)}


def case_v2_sampling_and_choosing_classes(tf):
    r = tf.data.Dataset.range(3)
    u = r.unique()
    exp = tf.data.experimental
    made = {"sample_two": tf.data.Dataset.sample_from_datasets([r, r], seed=1),
            "sample_one": tf.data.Dataset.sample_from_datasets([r], seed=1),
            "sample_one_v2": tf.data.Dataset.sample_from_datasets([u], seed=1),
            "exp_sample_one": exp.sample_from_datasets([r], seed=1),
            "exp_sample_v2": exp.sample_from_datasets([u, u], seed=1),
            "exp_choose_v2": exp.choose_from_datasets([u], tf.data.Dataset.from_tensors(np.int64(0)).repeat(2)),
            "choose_v2": tf.data.Dataset.choose_from_datasets([u], tf.data.Dataset.from_tensors(np.int64(0)).repeat(2))}
    return {"classes": {k: type(d).__name__ for k, d in made.items()},
            "identity": [made["sample_one"] is r, made["exp_sample_one"] is r],
            "sorted": {k: sorted(int(v) for v in drain(tf, d)) for k, d in made.items()}}
