"""Variations of the public data_transforms cases: map, filter, batch, padded_batch, shuffle, repeat,
take/skip, zip, concatenate, prefetch, flat_map over other dtypes, shapes, arguments and errors."""
import numpy as np

from _casekit import drain as _drain
from _harness import catch, message_has


def case_map_dtype_changes(tf):
    ds = tf.data.Dataset.range(4).map(lambda x: tf.cast(x, tf.float16) / 2)
    ds2 = tf.data.Dataset.range(3).map(lambda x: tf.equal(x % 2, 0))
    ds3 = tf.data.Dataset.range(3).map(lambda x: tf.as_string(x * 10))
    return [(str(d.output_types), str(d.output_shapes), _drain(tf, d)) for d in (ds, ds2, ds3)]


def case_map_python_constants_and_shapes(tf):
    ds = tf.data.Dataset.range(3).map(lambda x: (x, 1.5, [x, x + 1], "tag"))
    return {"types": str(ds.output_types), "shapes": str(ds.output_shapes), "out": _drain(tf, ds)}


def case_map_single_tuple_arg_not_unpacked_for_dict(tf):
    ds = tf.data.Dataset.from_tensor_slices(({"a": np.arange(3)}, np.arange(3) * 2)).map(lambda d, y: d["a"] + y)
    return {"types": str(ds.output_types), "out": _drain(tf, ds)}


def case_map_wrong_arity(tf):
    ds = tf.data.Dataset.from_tensor_slices((np.arange(3), np.arange(3)))
    return [catch(ds.map, lambda a: a), catch(tf.data.Dataset.range(3).map, lambda a, b: a)]


def case_map_returns_none_or_object(tf):
    return [catch(tf.data.Dataset.range(3).map, lambda x: None),
            catch(tf.data.Dataset.range(3).map, lambda x: object())]


def case_map_nested_dict_tuple_output(tf):
    ds = tf.data.Dataset.range(2).map(lambda x: {"a": (x, {"b": tf.cast(x, tf.int32)}), "c": [tf.cast(x, tf.float64)]})
    return {"types": str(ds.output_types), "shapes": str(ds.output_shapes), "out": _drain(tf, ds)}


def case_map_num_parallel_calls_order(tf):
    ds = tf.data.Dataset.range(10).map(lambda x: x * x, num_parallel_calls=4)
    ds2 = tf.data.Dataset.range(10).map(lambda x: x - 1, num_parallel_calls=tf.data.experimental.AUTOTUNE)
    return [_drain(tf, ds), _drain(tf, ds2)]


def case_map_runtime_error_then_continue(tf):
    ds = tf.data.Dataset.from_tensor_slices(np.array([4.0, -1.0, 9.0], np.float32)).map(
        lambda x: tf.check_numerics(tf.sqrt(x), "bad sqrt"))
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    return [sess.run(nxt), message_has(lambda: sess.run(nxt), "bad sqrt", "Tensor had NaN values"),
            sess.run(nxt), catch(sess.run, nxt)]


def case_map_runtime_error_assert(tf):
    def fn(x):
        with tf.control_dependencies([tf.assert_less(x, tf.constant(2, tf.int64), message="too big")]):
            return x * 10
    ds = tf.data.Dataset.range(4).map(fn)
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    return [sess.run(nxt), sess.run(nxt), catch(sess.run, nxt), message_has(lambda: sess.run(nxt), "too big"),
            catch(sess.run, nxt)]


def case_map_ignore_errors(tf):
    ds = tf.data.Dataset.from_tensor_slices(np.array([1.0, 0.0, 2.0], np.float32)).map(
        lambda x: tf.check_numerics(1.0 / x, "inf")).apply(tf.data.experimental.ignore_errors())
    return _drain(tf, ds)


def case_filter_dtypes_and_dict(tf):
    ds = tf.data.Dataset.from_tensor_slices({"v": np.array([0.5, 2.5, -1.0, 3.0], np.float64),
                                             "k": np.array([b"a", b"b", b"c", b"d"])}).filter(lambda d: d["v"] > 1.0)
    ds2 = tf.data.Dataset.from_tensor_slices(np.array([True, False, True])).filter(lambda b: b)
    return {"dict": _drain(tf, ds), "bool": _drain(tf, ds2)}


def case_filter_predicate_errors(tf):
    ds = tf.data.Dataset.range(4)
    return [catch(ds.filter, lambda x: x),
            catch(ds.filter, lambda x: tf.stack([x > 1, x > 2])),
            message_has(lambda: ds.filter(lambda x: tf.cast(x, tf.int32)),
                        "Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor")]


def case_filter_all_and_none(tf):
    ds = tf.data.Dataset.range(5)
    return {"none": _drain(tf, ds.filter(lambda x: tf.constant(False))),
            "all": _drain(tf, ds.filter(lambda x: tf.constant(True))),
            "python_ne": _drain(tf, ds.filter(lambda x: x != 3))}


def case_filter_then_batch_shapes(tf):
    ds = tf.data.Dataset.range(20).filter(lambda x: x % 4 < 2).batch(3)
    return {"shape": str(ds.output_shapes), "out": _drain(tf, ds)}


def case_batch_strings_and_tuple(tf):
    ds = tf.data.Dataset.from_tensor_slices((np.array([b"a", b"b", b"c"]), np.array([[1.0], [2.0], [3.0]], np.float32))).batch(2)
    return {"types": str(ds.output_types), "shapes": str(ds.output_shapes), "out": _drain(tf, ds)}


def case_batch_larger_than_dataset(tf):
    ds = tf.data.Dataset.range(3)
    return {"keep": _drain(tf, ds.batch(10)), "drop": _drain(tf, ds.batch(10, drop_remainder=True)),
            "shape_drop": str(ds.batch(10, drop_remainder=True).output_shapes)}


def case_batch_size_errors(tf):
    ds = tf.data.Dataset.range(3)
    zero = ds.batch(0)
    nxt = tf.data.make_one_shot_iterator(zero).get_next()
    sess = tf.Session()
    return {"zero": message_has(lambda: sess.run(nxt), "Batch size must be greater than zero"),
            "zero_cls": catch(sess.run, nxt)}


def case_batch_placeholder_size(tf):
    bs = tf.placeholder(tf.int64, [])
    ds = tf.data.Dataset.range(7).batch(bs)
    dsd = tf.data.Dataset.range(7).batch(bs, drop_remainder=True)
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    sess = tf.Session()
    out = []
    for k in (2, 5):
        sess.run(it.initializer, {bs: k})
        vals = []
        while True:
            try:
                vals.append(sess.run(nxt))
            except tf.errors.OutOfRangeError:
                break
        out.append(vals)
    return {"shape": str(ds.output_shapes), "shape_drop": str(dsd.output_shapes), "out": out}


def case_batch_mismatched_component_shapes(tf):
    ds = tf.data.Dataset.range(1, 4).map(lambda x: tf.fill([x], x)).batch(2)
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    return [catch(sess.run, nxt), message_has(lambda: sess.run(nxt), "Cannot batch tensors with different shapes")]


def case_batch_nested_batch(tf):
    ds = tf.data.Dataset.range(8).batch(2).batch(2, drop_remainder=True)
    return {"shape": str(ds.output_shapes), "out": _drain(tf, ds)}


def case_padded_batch_float_and_default_padding(tf):
    ds = tf.data.Dataset.range(1, 5).map(lambda x: tf.fill([x], tf.cast(x, tf.float32) / 2))
    ds = ds.padded_batch(3, padded_shapes=[5])
    return {"shapes": str(ds.output_shapes), "out": _drain(tf, ds)}


def case_padded_batch_no_padded_shapes(tf):
    ds = tf.data.Dataset.range(1, 5).map(lambda x: (tf.fill([x, 2], x), tf.as_string(x)))
    ds = ds.padded_batch(2, drop_remainder=True)
    return {"shapes": str(ds.output_shapes), "out": _drain(tf, ds)}


def case_padded_batch_string_padding_value(tf):
    ds = tf.data.Dataset.range(1, 4).map(lambda x: tf.fill([x], tf.as_string(x)))
    ds = ds.padded_batch(2, padded_shapes=[None], padding_values="-")
    return {"types": str(ds.output_types), "out": _drain(tf, ds)}


def case_padded_batch_too_small_shape(tf):
    ds = tf.data.Dataset.range(1, 5).map(lambda x: tf.fill([x], x)).padded_batch(2, padded_shapes=[2])
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    return [sess.run(nxt), catch(sess.run, nxt),
            message_has(lambda: sess.run(nxt), "Attempted to pad to a smaller size than the input element")]


def case_padded_batch_wrong_padding_dtype(tf):
    ds = tf.data.Dataset.range(1, 4).map(lambda x: tf.fill([x], x))
    return [catch(ds.padded_batch, 2, padded_shapes=[None], padding_values=tf.constant(1.5)),
            catch(ds.padded_batch, 2, padded_shapes=[None, None]),
            catch(ds.padded_batch, 2, padded_shapes=([None], [None]))]


def case_shuffle_seeded_permutation_each_epoch(tf):
    ds = tf.data.Dataset.range(8).shuffle(8, seed=11, reshuffle_each_iteration=False).repeat(2)
    out = [int(v) for v in _drain(tf, ds)]
    return {"len": len(out), "same_epochs": out[:8] == out[8:], "sorted": sorted(out[:8])}


def case_shuffle_buffer_one_is_identity(tf):
    return _drain(tf, tf.data.Dataset.range(6).shuffle(1, seed=3))


def case_shuffle_strings_and_tuples(tf):
    ds = tf.data.Dataset.from_tensor_slices((np.arange(5), np.array([b"a", b"b", b"c", b"d", b"e"]))).shuffle(3, seed=2)
    out = _drain(tf, ds)
    return {"pairs_ok": all(bytes([97 + int(a)]) == b for a, b in out), "sorted": sorted(int(a) for a, _ in out),
            "types": str(ds.output_types)}


def case_shuffle_bad_buffer(tf):
    ds = tf.data.Dataset.range(3).shuffle(0)
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    return [catch(sess.run, nxt), message_has(lambda: sess.run(nxt), "buffer_size must be greater than zero")]


def case_shuffle_batch_repeat_epoch_sets(tf):
    ds = tf.data.Dataset.range(6).shuffle(6, seed=4).batch(3).repeat(2)
    out = _drain(tf, ds)
    return {"n": len(out), "epochs": [sorted(np.concatenate(out[i * 2:(i + 1) * 2]).tolist()) for i in range(2)]}


def case_repeat_count_forms(tf):
    ds = tf.data.Dataset.range(2)
    return {"neg": _drain(tf, ds.repeat(-1).take(5)), "one": _drain(tf, ds.repeat(1)),
            "tensor": _drain(tf, ds.repeat(tf.constant(2, tf.int64))),
            "empty_forever": _drain(tf, tf.data.Dataset.range(0).repeat()),
            "card": [str(d.output_shapes) for d in (ds.repeat(),)]}


def case_take_skip_placeholders(tf):
    n = tf.placeholder(tf.int64, [])
    ds = tf.data.Dataset.range(10).skip(n).take(n)
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    sess = tf.Session()
    out = []
    for k in (3, 0, -1):
        sess.run(it.initializer, {n: k})
        vals = []
        while True:
            try:
                vals.append(sess.run(nxt))
            except tf.errors.OutOfRangeError:
                break
        out.append(vals)
    return out


def case_take_skip_on_tuples_and_cardinality(tf):
    ds = tf.data.Dataset.from_tensor_slices((np.arange(6), np.arange(6) * 1.5))
    sess = tf.Session()
    card = [int(sess.run(tf.data.experimental.cardinality(d))) for d in
            (ds.take(2), ds.skip(4), ds.skip(10), ds.take(-1), ds.repeat().take(7), ds.repeat().skip(3))]
    return {"take": _drain(tf, ds.take(2)), "skip": _drain(tf, ds.skip(4)), "card": card}


def case_zip_dict_and_single(tf):
    a = tf.data.Dataset.range(3)
    b = tf.data.Dataset.from_tensor_slices(np.array([1.0, 2.0], np.float32))
    ds = tf.data.Dataset.zip({"a": a, "b": b})
    one = tf.data.Dataset.zip((a,))
    return {"types": str(ds.output_types), "out": _drain(tf, ds), "one": _drain(tf, one),
            "one_types": str(one.output_types)}


def case_zip_same_dataset_twice(tf):
    a = tf.data.Dataset.range(4)
    ds = tf.data.Dataset.zip((a, a.map(lambda x: x * 10), a.skip(1)))
    return _drain(tf, ds)


def case_concatenate_tuples_and_shapes(tf):
    a = tf.data.Dataset.from_tensor_slices((np.arange(2), np.zeros((2, 3), np.float32)))
    b = tf.data.Dataset.from_tensor_slices((np.arange(5, 6), np.ones((1, 3), np.float32)))
    c = tf.data.Dataset.range(1, 3).map(lambda x: tf.fill([x], x))
    d = tf.data.Dataset.from_tensors(np.array([7, 8, 9], np.int64))
    ab = a.concatenate(b)
    cd = c.concatenate(d)
    return {"ab": _drain(tf, ab), "cd": _drain(tf, cd), "cd_shape": str(cd.output_shapes),
            "ab_shape": str(ab.output_shapes)}


def case_concatenate_type_errors(tf):
    a = tf.data.Dataset.range(3)
    b = tf.data.Dataset.range(3).map(lambda x: tf.cast(x, tf.int32))
    c = tf.data.Dataset.range(3).map(lambda x: (x, x))
    return [catch(a.concatenate, b), catch(a.concatenate, c),
            message_has(lambda: a.concatenate(b), "Incompatible dataset elements", "tf.int64", "tf.int32")]


def case_concatenate_empty(tf):
    a = tf.data.Dataset.range(0)
    b = tf.data.Dataset.range(3)
    return [_drain(tf, a.concatenate(b)), _drain(tf, b.concatenate(a)), _drain(tf, a.concatenate(a))]


def case_prefetch_variants(tf):
    ds = tf.data.Dataset.range(5)
    return [_drain(tf, ds.prefetch(0)), _drain(tf, ds.prefetch(tf.data.experimental.AUTOTUNE)),
            _drain(tf, ds.prefetch(100).map(lambda x: -x)), str(ds.prefetch(2).output_types)]


def case_prefetch_after_error(tf):
    ds = tf.data.Dataset.from_tensor_slices(np.array([1, 0, 2], np.int32)).map(
        lambda x: tf.check_numerics(1.0 / tf.cast(x, tf.float32), "div")).prefetch(2)
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    return [sess.run(nxt), catch(sess.run, nxt), sess.run(nxt), catch(sess.run, nxt)]


def case_flat_map_tuple_and_slices(tf):
    ds = tf.data.Dataset.from_tensor_slices((np.array([[1, 2], [3, 4]], np.int32), np.array([b"a", b"b"])))
    ds = ds.flat_map(lambda v, s: tf.data.Dataset.from_tensor_slices(v).map(lambda e: (e, s)))
    return {"types": str(ds.output_types), "out": _drain(tf, ds)}


def case_flat_map_empty_inner_and_errors(tf):
    ds = tf.data.Dataset.range(4).flat_map(lambda x: tf.data.Dataset.range(x % 2 * 2))
    return {"out": _drain(tf, ds), "bad": catch(tf.data.Dataset.range(3).flat_map, lambda x: x)}


def case_pipeline_chain_dict_padded(tf):
    ds = (tf.data.Dataset.range(1, 9).map(lambda x: {"seq": tf.range(x), "len": x})
          .filter(lambda d: d["len"] % 2 == 1 if False else tf.equal(d["len"] % 2, 1))
          .padded_batch(2, padded_shapes={"seq": [None], "len": []}).map(lambda d: tf.reduce_sum(d["seq"], axis=1)))
    return {"shape": str(ds.output_shapes), "out": _drain(tf, ds)}


def case_pipeline_with_enumerate_and_window_count(tf):
    ds = tf.data.Dataset.range(5, 10).enumerate(start=1).map(lambda i, x: i * x).batch(2).unbatch().skip(1).take(3)
    return {"types": str(ds.output_types), "out": _drain(tf, ds)}
