"""tf.data sources and structural transformations, translated from TF's own data kernel tests
(from_tensors_test, from_tensor_slices_test, range_test, zip_test, concatenate_test, batch_test,
padded_batch_test, unbatch_test): nested/dict/sparse structures, range dtypes and steps, type and
structure checks, static shapes after batching and the padded_batch argument errors."""
import numpy as np

from _harness import catch, message_has
from _casekit import drain as _drain


def _sig(ds):
    return str(tf_types(ds)), str(tf_shapes(ds))


def tf_types(ds):
    return ds.output_types


def tf_shapes(ds):
    return ds.output_shapes


def case_x_dsweep_from_tensors_nested_structures(tf):
    nested = (np.array(1, np.int64), (np.array([1, 2], np.int32), {"x": np.array([3.0]), "y": b"s"}))
    ds = tf.data.Dataset.from_tensors(nested)
    lists = tf.data.Dataset.from_tensors([1, 2, 3])
    named = tf.data.Dataset.from_tensors({"a": [[1.0]], "b": [True, False]})
    return (_sig(ds), _drain(tf, ds), _sig(lists), _drain(tf, lists), _sig(named), _drain(tf, named))


def case_x_dsweep_from_tensors_sparse_and_mixed(tf):
    sp = tf.SparseTensorValue(indices=[[0, 0], [1, 2]], values=np.array([1, 2], np.int64), dense_shape=[2, 3])
    ds = tf.data.Dataset.from_tensors((sp, np.arange(2)))
    out = _drain(tf, ds)
    classes = [c.__name__ for c in tf.nest.flatten(ds.output_classes)]
    return classes, str(ds.output_shapes), [(o[0].indices, o[0].values, o[0].dense_shape, o[1]) for o in out]


def case_x_dsweep_from_tensor_slices_errors(tf):
    return (catch(tf.data.Dataset.from_tensor_slices, 3),
            catch(tf.data.Dataset.from_tensor_slices, ([1, 2], [1, 2, 3])),
            catch(tf.data.Dataset.from_tensor_slices, ()),
            catch(tf.data.Dataset.from_tensor_slices, {"a": [1], "b": [[1, 2], [3, 4]]}))


def case_x_dsweep_from_tensor_slices_sparse_3d_and_empty(tf):
    sp = tf.SparseTensor(indices=[[0, 0, 1], [1, 1, 0], [1, 2, 2]], values=[1.0, 2.0, 3.0], dense_shape=[3, 3, 3])
    ds = tf.data.Dataset.from_tensor_slices(sp)
    empty = tf.data.Dataset.from_tensor_slices(np.zeros([0, 2], np.float32))
    return (str(ds.output_shapes), [(r.indices, r.values, r.dense_shape) for r in _drain(tf, ds)],
            str(empty.output_shapes), _drain(tf, empty))


def case_x_dsweep_from_tensor_slices_placeholder_shapes(tf):
    ph = tf.placeholder(tf.float32, [None, None, 3])
    ds = tf.data.Dataset.from_tensor_slices(ph)
    unk = tf.data.Dataset.from_tensor_slices(tf.placeholder(tf.int32))
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    with tf.Session() as sess:
        sess.run(it.initializer, {ph: np.ones([2, 1, 3])})
        first = sess.run(nxt)
    return str(ds.output_shapes), str(unk.output_shapes), first, str(nxt.shape)


def case_x_dsweep_range_dtypes_and_steps(tf):
    out = {}
    for args in ((5,), (2, 5), (2, 5, 2), (5, 2, -1), (5, 2, -2), (0,), (-3,), (2, 2), (10, 0, -3)):
        out[str(args)] = _drain(tf, tf.data.Dataset.range(*args))
    for dt in (tf.int32, tf.float32, tf.float64, tf.int64):
        ds = tf.data.Dataset.range(1, 4, output_type=dt)
        out[dt.name] = (ds.output_types.name, _drain(tf, ds))
    out["zero_step"] = catch(_drain, tf, tf.data.Dataset.range(0, 5, 0))
    out["too_many"] = catch(tf.data.Dataset.range, 1, 2, 3, 4)
    return out


def case_x_dsweep_range_tensor_arguments(tf):
    start = tf.placeholder(tf.int64, [])
    ds = tf.data.Dataset.range(start, 10, 3)
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    out = []
    with tf.Session() as sess:
        for s in (1, 8, 11):
            sess.run(it.initializer, {start: s})
            while True:
                try:
                    out.append(sess.run(nxt))
                except tf.errors.OutOfRangeError:
                    out.append("end")
                    break
    return out, [op.type for op in tf.get_default_graph().get_operations()]


def case_x_dsweep_zip_structures_and_errors(tf):
    a = tf.data.Dataset.range(3)
    b = tf.data.Dataset.from_tensor_slices(([1.0, 2.0], ["x", "y"]))
    nested = tf.data.Dataset.zip((a, (b, a)))
    named = tf.data.Dataset.zip({"p": a, "q": b})
    return (_sig(nested), _drain(tf, nested), _sig(named), _drain(tf, named),
            catch(tf.data.Dataset.zip, (a, 1)),
            catch(tf.data.Dataset.zip, [a, b]),
            str(tf.data.Dataset.zip(a).output_types), str(tf.data.Dataset.zip(a, b).output_types),
            catch(tf.data.Dataset.zip), catch(tf.data.Dataset.zip, a, datasets=(a,)))


def case_x_dsweep_concatenate_type_checks(tf):
    a = tf.data.Dataset.from_tensor_slices(np.arange(4, dtype=np.int64).reshape(2, 2))
    b = tf.data.Dataset.from_tensor_slices(np.arange(6, dtype=np.int64).reshape(2, 3))
    ab = a.concatenate(b)
    c = tf.data.Dataset.from_tensor_slices(np.arange(2, dtype=np.int32))
    d = tf.data.Dataset.from_tensor_slices((np.arange(2), np.arange(2)))
    e = tf.data.Dataset.from_tensor_slices({"k": np.arange(2)})
    f = tf.data.Dataset.from_tensor_slices({"j": np.arange(2)})
    return (_sig(ab), _drain(tf, ab),
            message_has(lambda: tf.data.Dataset.range(2).concatenate(c), "incompatible", "int64", "int32"),
            catch(tf.data.Dataset.range(2).concatenate, d),
            catch(e.concatenate, f))


def case_x_dsweep_batch_static_shapes(tf):
    ds = tf.data.Dataset.range(10)
    res = {}
    for size, drop in ((3, False), (3, True), (5, True), (20, True), (20, False)):
        b = ds.batch(size, drop_remainder=drop)
        res[f"{size}-{drop}"] = (str(b.output_shapes), [x.tolist() for x in _drain(tf, b)])
    ph = tf.placeholder(tf.int64, [])
    res["tensor_size"] = str(ds.batch(ph, drop_remainder=True).output_shapes)
    res["bool_ph"] = str(ds.batch(2, drop_remainder=tf.placeholder(tf.bool, [])).output_shapes)
    res["zero"] = catch(_drain, tf, ds.batch(0))
    res["negative"] = catch(_drain, tf, ds.batch(-2))
    return res


def case_x_dsweep_batch_nested_and_strings(tf):
    ds = tf.data.Dataset.from_tensor_slices({"s": ["a", "bb", "ccc"], "v": [[1, 2], [3, 4], [5, 6]]}).batch(2)
    return _sig(ds), _drain(tf, ds)


def case_x_dsweep_batch_mismatched_shapes_error(tf):
    ds = tf.data.Dataset.from_generator(lambda: iter([[1], [1, 2]]), tf.int32, tf.TensorShape([None])).batch(2)
    return catch(_drain, tf, ds), message_has(lambda: _drain(tf, ds), "Cannot batch tensors with different shapes")


def case_x_dsweep_padded_batch_shapes_and_values(tf):
    ds = tf.data.Dataset.range(1, 6).map(lambda x: tf.fill([x], x))
    res = {}
    res["none"] = _drain(tf, ds.padded_batch(2, padded_shapes=[None]))
    res["minus1"] = _drain(tf, ds.padded_batch(2, padded_shapes=[-1], padding_values=tf.constant(-1, tf.int64)))
    fixed = ds.padded_batch(2, padded_shapes=[7], drop_remainder=True)
    res["fixed"] = (str(fixed.output_shapes), _drain(tf, fixed))
    res["default_shapes"] = _drain(tf, ds.padded_batch(3))
    res["tensorshape"] = str(ds.padded_batch(2, tf.TensorShape([None])).output_shapes)
    res["too_small"] = catch(_drain, tf, ds.padded_batch(2, padded_shapes=[3]))
    return res


def case_x_dsweep_padded_batch_nested_padding_values(tf):
    ds = tf.data.Dataset.range(1, 4).map(lambda x: (tf.fill([x], x), tf.fill([x, 2], tf.cast(x, tf.float32)),
                                                    tf.strings.as_string(x)))
    b = ds.padded_batch(2, padded_shapes=([4], [None, 3], []), padding_values=(np.int64(9), 0.5, "pad"))
    return _sig(b), _drain(tf, b)


def case_x_dsweep_padded_batch_argument_errors(tf):
    ds = tf.data.Dataset.range(1, 4).map(lambda x: tf.fill([x], x))
    return {"rank": catch(ds.padded_batch, 2, padded_shapes=[None, None]),
            "incompatible": catch(ds.padded_batch, 2, padded_shapes=tf.TensorShape([2, 3])),
            "dtype": catch(ds.padded_batch, 2, padded_shapes=[None], padding_values=tf.constant(1.5)),
            "struct": catch(ds.padded_batch, 2, padded_shapes=([None], [None])),
            "nonvector_value": catch(ds.padded_batch, 2, padded_shapes=[None], padding_values=tf.constant([1, 2], tf.int64)),
            "unknown_rank": catch(tf.data.Dataset.from_tensors(tf.placeholder(tf.int32)).padded_batch, 2),
            "string_default": _drain(tf, tf.data.Dataset.from_tensor_slices([["a"], ["b"]]).map(
                lambda s: tf.tile(s, [2])).padded_batch(2, [3]))}


def case_x_dsweep_padded_batch_sparse_rejected(tf):
    ds = tf.data.Dataset.from_tensors(tf.SparseTensor([[0]], [1], [2]))
    return catch(ds.padded_batch, 2, padded_shapes=[None])


def case_x_dsweep_unbatch_variants(tf):
    ds = tf.data.Dataset.from_tensor_slices(np.arange(12).reshape(3, 2, 2)).unbatch()
    nested = tf.data.Dataset.from_tensors(({"a": [1, 2, 3]}, [[1.0], [2.0], [3.0]])).unbatch()
    unk = tf.data.Dataset.from_generator(lambda: iter([[1, 2], [3], []]), tf.int64, [None]).unbatch()
    ragged_sizes = tf.data.Dataset.from_generator(lambda: iter([([1, 2], [3, 4]), ([5], [6, 7])]), (tf.int64, tf.int64),
                                                  ([None], [None])).unbatch()
    return (_sig(ds), _drain(tf, ds), _sig(nested), _drain(tf, nested), _sig(unk), _drain(tf, unk),
            catch(tf.data.Dataset.range(3).unbatch),
            catch(tf.data.Dataset.from_tensors(([1, 2], [1, 2, 3])).unbatch),
            catch(_drain, tf, ragged_sizes))


def case_x_dsweep_unbatch_sparse(tf):
    sp = tf.SparseTensor([[0, 0, 0], [1, 0, 1], [1, 1, 1]], [1, 2, 3], [2, 2, 2])
    ds = tf.data.Dataset.from_tensors(sp).unbatch()
    unordered = tf.data.Dataset.from_tensors(tf.SparseTensor([[0, 0, 0], [1, 1, 1], [1, 0, 1]], [1, 2, 3], [2, 2, 2]))
    return (str(ds.output_shapes), [(r.indices, r.values, r.dense_shape) for r in _drain(tf, ds)],
            catch(_drain, tf, unordered.unbatch()))
