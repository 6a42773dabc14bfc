"""More tf.data edge cases: empty datasets, batch of 0-d and ragged errors, padded_batch with padding
values and drop_remainder, window/unbatch/enumerate/interleave, shuffle with reshuffle_each_iteration,
take(-1)/skip(-1), cache, reduce-free counts, from_generator errors and output_shapes, iterator
structure, string handles, zip of nested structures, map num_parallel_calls, filter non-bool errors."""
import numpy as np

from _harness import catch
from _casekit import drain


def _drain(tf, ds, limit=200):
    return drain(tf, ds, limit)


def case_x_data_empty_and_zero_take(tf):
    return {"range0": _drain(tf, tf.data.Dataset.range(0)), "take0": _drain(tf, tf.data.Dataset.range(5).take(0)),
            "skip_all": _drain(tf, tf.data.Dataset.range(3).skip(10)),
            "take_neg": _drain(tf, tf.data.Dataset.range(3).take(-1)),
            "skip_neg": _drain(tf, tf.data.Dataset.range(3).skip(-1)),
            "repeat0": _drain(tf, tf.data.Dataset.range(3).repeat(0)),
            "empty_slices": _drain(tf, tf.data.Dataset.from_tensor_slices(np.zeros([0, 2], np.float32))),
            "empty_batch": _drain(tf, tf.data.Dataset.range(0).batch(2))}


def case_x_data_range_variants(tf):
    return {"neg_step": _drain(tf, tf.data.Dataset.range(5, 0, -2)),
            "start_stop": _drain(tf, tf.data.Dataset.range(2, 5)),
            "types": str(tf.data.Dataset.range(3).output_types),
            "zero_step": catch(lambda: _drain(tf, tf.data.Dataset.range(0, 5, 0)))}


def case_x_data_batch_shapes(tf):
    ds = tf.data.Dataset.range(7).batch(3)
    dsd = tf.data.Dataset.range(7).batch(3, drop_remainder=True)
    ragged = tf.data.Dataset.from_generator(lambda: iter([[1], [2, 3]]), tf.int32, tf.TensorShape([None])).batch(2)
    return {"shapes": [str(ds.output_shapes), str(dsd.output_shapes)], "out": _drain(tf, ds),
            "ragged": catch(lambda: _drain(tf, ragged)),
            "nested_batch": _drain(tf, tf.data.Dataset.range(8).batch(2).batch(2))}


def case_x_data_padded_batch_values_and_drop(tf):
    ds = tf.data.Dataset.from_generator(lambda: iter([[1], [2, 3], [4, 5, 6], [7]]), tf.int32,
                                        tf.TensorShape([None]))
    a = ds.padded_batch(2, padded_shapes=[None], padding_values=-1)
    b = ds.padded_batch(3, padded_shapes=[4], drop_remainder=True)
    pairs = tf.data.Dataset.from_tensor_slices((np.arange(3), np.array(["a", "b", "c"])))
    pairs = pairs.map(lambda i, s: (tf.fill([i + 1], i), s))
    c = pairs.padded_batch(2, padded_shapes=([None], []), padding_values=(tf.constant(9, tf.int64), tf.constant("?")))
    return {"a": _drain(tf, a), "b": _drain(tf, b), "c": _drain(tf, c),
            "shapes": [str(a.output_shapes), str(b.output_shapes)],
            "too_small": catch(lambda: _drain(tf, ds.padded_batch(2, padded_shapes=[2])))}


def case_x_data_window_unbatch_enumerate(tf):
    w = tf.data.Dataset.range(7).window(3, shift=2, drop_remainder=True).flat_map(lambda d: d.batch(3))
    u = tf.data.Dataset.from_tensor_slices(np.arange(6).reshape(3, 2)).unbatch() if hasattr(
        tf.data.Dataset, "unbatch") else tf.data.Dataset.from_tensor_slices(np.arange(6).reshape(3, 2)).apply(
        tf.data.experimental.unbatch())
    e = tf.data.Dataset.from_tensor_slices(["x", "y"]).enumerate(start=5) if hasattr(
        tf.data.Dataset, "enumerate") else tf.data.Dataset.from_tensor_slices(["x", "y"]).apply(
        tf.data.experimental.enumerate_dataset(5))
    return {"window": _drain(tf, w), "unbatch": _drain(tf, u), "enumerate": _drain(tf, e)}


def case_x_data_interleave_and_flat_map_order(tf):
    base = tf.data.Dataset.range(1, 4)
    i = base.interleave(lambda x: tf.data.Dataset.from_tensors(x).repeat(x), cycle_length=2, block_length=1)
    j = base.interleave(lambda x: tf.data.Dataset.range(x * 10, x * 10 + 3), cycle_length=3, block_length=2)
    return {"i": _drain(tf, i), "j": _drain(tf, j)}


def case_x_data_shuffle_seeded_reshuffle(tf):
    ds = tf.data.Dataset.range(6).shuffle(6, seed=3, reshuffle_each_iteration=False).repeat(2)
    out = [int(x) for x in _drain(tf, ds)]
    ds2 = tf.data.Dataset.range(6).shuffle(6, seed=3).repeat(2)
    out2 = [int(x) for x in _drain(tf, ds2)]
    return {"same_each_epoch": out[:6] == out[6:], "perm": sorted(out[:6]) == list(range(6)),
            "perm2": [sorted(out2[:6]), sorted(out2[6:])],
            "zero_buffer": catch(lambda: _drain(tf, tf.data.Dataset.range(3).shuffle(0)))}


def case_x_data_cache_and_prefetch_values(tf):
    calls = []

    def gen():
        calls.append(1)
        yield from range(3)

    ds = tf.data.Dataset.from_generator(gen, tf.int64).cache().repeat(3)
    return {"out": _drain(tf, ds), "gen_calls": len(calls),
            "prefetch0": _drain(tf, tf.data.Dataset.range(3).prefetch(0)),
            "autotune": _drain(tf, tf.data.Dataset.range(3).prefetch(tf.data.experimental.AUTOTUNE))}


def case_x_data_from_generator_errors_and_shapes(tf):
    ds = tf.data.Dataset.from_generator(lambda: iter([[1, 2], [3, 4]]), tf.int32, tf.TensorShape([2]))
    bad_shape = tf.data.Dataset.from_generator(lambda: iter([[1, 2], [3]]), tf.int32, tf.TensorShape([2]))
    bad_type = tf.data.Dataset.from_generator(lambda: iter(["a"]), tf.int32)
    raises = tf.data.Dataset.from_generator(lambda: (1 / 0 for _ in range(2)), tf.float32)
    dict_ds = tf.data.Dataset.from_generator(lambda: iter([{"a": 1, "b": [1.0]}]), {"a": tf.int64, "b": tf.float32},
                                             {"a": tf.TensorShape([]), "b": tf.TensorShape([None])})
    return {"shape": str(ds.output_shapes), "out": _drain(tf, ds),
            "bad_shape": catch(lambda: _drain(tf, bad_shape)), "bad_type": catch(lambda: _drain(tf, bad_type)),
            "raises": catch(lambda: _drain(tf, raises)), "dict": _drain(tf, dict_ds),
            "dict_shapes": str(dict_ds.output_shapes), "no_types": catch(tf.data.Dataset.from_generator, lambda: iter([]))}


def case_x_data_map_num_parallel_and_deterministic_order(tf):
    ds = tf.data.Dataset.range(10).map(lambda x: x * x, num_parallel_calls=4).batch(4)
    return _drain(tf, ds)


def case_x_data_filter_errors(tf):
    return {"int_pred": catch(lambda: tf.data.Dataset.range(3).filter(lambda x: x)),
            "vector_pred": catch(lambda: tf.data.Dataset.range(3).filter(lambda x: tf.stack([x > 0, x > 1]))),
            "ok": _drain(tf, tf.data.Dataset.range(6).filter(lambda x: tf.equal(x % 3, 0)))}


def case_x_data_zip_nested_and_concat_errors(tf):
    a = tf.data.Dataset.range(3)
    b = tf.data.Dataset.from_tensor_slices({"s": ["x", "y", "z", "w"]})
    z = tf.data.Dataset.zip((a, (b, a.map(lambda x: x * 2))))
    return {"out": _drain(tf, z), "types": str(z.output_types),
            "concat_bad": catch(lambda: a.concatenate(b)),
            "concat_shapes": str(tf.data.Dataset.from_tensors([1, 2]).concatenate(
                tf.data.Dataset.from_tensors([1, 2, 3])).output_shapes),
            "zip_not_ds": catch(tf.data.Dataset.zip, (a, [1, 2]))}


def case_x_data_iterator_structure_and_string_handle(tf):
    train = tf.data.Dataset.range(3)
    test = tf.data.Dataset.range(100, 103)
    handle = tf.placeholder(tf.string, [])
    it = tf.data.Iterator.from_string_handle(handle, train.output_types, train.output_shapes)
    nxt = it.get_next()
    ti = tf.data.make_one_shot_iterator(train)
    vi = tf.data.make_initializable_iterator(test)
    sess = tf.Session()
    th, vh = sess.run([ti.string_handle(), vi.string_handle()])
    sess.run(vi.initializer)
    out = [sess.run(nxt, {handle: th}), sess.run(nxt, {handle: vh}), sess.run(nxt, {handle: th})]
    return {"out": out, "handle_type": type(th).__name__,
            "bad_structure": catch(lambda: tf.data.Iterator.from_structure(tf.int64, tf.TensorShape([])).make_initializer(
                tf.data.Dataset.from_tensors(1.0)))}


def case_x_data_get_next_names_and_static_shapes(tf):
    ds = tf.data.Dataset.from_tensor_slices((np.zeros([4, 3], np.float32), np.zeros([4], np.int32))).batch(2)
    it = tf.data.make_one_shot_iterator(ds)
    x, y = it.get_next(name="batch")
    return {"shapes": [x.shape.as_list(), y.shape.as_list()], "dtypes": [x.dtype.name, y.dtype.name],
            "names": [x.op.type, x.op.name]}


def case_x_data_repeat_shuffle_batch_pipeline_exhaust_twice(tf):
    ds = tf.data.Dataset.range(5).map(lambda x: x + 1).filter(lambda x: x % 2 > 0).repeat(2).batch(2)
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    sess = tf.Session()
    out = []
    for _ in range(2):
        sess.run(it.initializer)
        while True:
            try:
                out.append(sess.run(nxt))
            except tf.errors.OutOfRangeError:
                out.append("end")
                break
    return out


def case_x_data_from_tensors_nested_and_sparse(tf):
    ds = tf.data.Dataset.from_tensors({"a": [1, 2], "b": ("x", 3.0)})
    sp = tf.data.Dataset.from_tensors(tf.SparseTensor([[0, 1]], [5], [2, 3]))
    v = _drain(tf, sp)[0]
    return {"out": _drain(tf, ds), "shapes": str(ds.output_shapes), "sparse_values": v.values,
            "sparse_shape": v.dense_shape, "sparse_classes": tf.data.get_output_classes(sp).__name__}


def case_x_data_map_errors_build_time(tf):
    ds = tf.data.Dataset.range(3)
    return {"returns_none": catch(lambda: ds.map(lambda x: None)),
            "wrong_arity": catch(lambda: ds.map(lambda a, b: a)),
            "python_list_out": _drain(tf, ds.map(lambda x: [x, x + 1])),
            "numpy_out": _drain(tf, ds.map(lambda x: (x, np.float32(2.5))))}


def case_x_data_batch_strings_and_bools(tf):
    ds = tf.data.Dataset.from_tensor_slices((["a", "bb", "ccc"], [True, False, True])).batch(2)
    return {"out": _drain(tf, ds), "types": str(ds.output_types)}


def case_x_data_take_while_and_reduce(tf):
    ds = tf.data.Dataset.range(10)
    out = {}
    if hasattr(ds, "reduce"):
        out["sum"] = tf.Session().run(ds.reduce(np.int64(0), lambda s, x: s + x))
    tw = ds.apply(tf.data.experimental.take_while(lambda x: x < 4))
    out["take_while"] = _drain(tf, tw)
    out["card"] = tf.Session().run(tf.data.experimental.cardinality(ds.batch(3)))
    return out
