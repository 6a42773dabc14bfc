"""Variations of the public data_sources cases: from_tensor_slices / from_tensors / range /
from_generator over other dtypes, shapes, structures, names and error paths."""
import numpy as np

from _casekit import drain as _run, drain_next as _drain
from _harness import catch, message_has


def case_slices_float16_bool_uint8(tf):
    dss = [tf.data.Dataset.from_tensor_slices(np.array([[0.5, 1.5], [2.5, -1.0]], np.float16)),
           tf.data.Dataset.from_tensor_slices(np.array([True, False, True])),
           tf.data.Dataset.from_tensor_slices(np.array([[1, 255]], np.uint8))]
    return [(str(d.output_types), str(d.output_shapes), _run(tf, d)) for d in dss]


def case_slices_3d_and_empty_leading(tf):
    a = tf.data.Dataset.from_tensor_slices(np.arange(12, dtype=np.int64).reshape(2, 3, 2))
    e = tf.data.Dataset.from_tensor_slices(np.zeros((0, 4), np.float32))
    return {"a": (str(a.output_shapes), _run(tf, a)), "e": (str(e.output_shapes), _run(tf, e))}


def case_slices_scalar_rejected(tf):
    return [catch(tf.data.Dataset.from_tensor_slices, np.float32(3.0)),
            message_has(lambda: tf.data.Dataset.from_tensor_slices(7), "Unbatching a tensor is only supported for rank >= 1"),
            catch(tf.data.Dataset.from_tensor_slices, (np.arange(3), 5))]


def case_slices_tuple_mixed_dtypes_names(tf):
    ds = tf.data.Dataset.from_tensor_slices((np.array([1, 2], np.int16), np.array([[1.0], [2.0]], np.float64),
                                             np.array([b"p", b"q"])), name="src")
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    return {"types": str(ds.output_types), "shapes": str(ds.output_shapes), "out": _drain(tf, sess, nxt),
            "names": [t.name for t in nxt]}


def case_slices_nested_tuple_in_tuple(tf):
    ds = tf.data.Dataset.from_tensor_slices(((np.arange(2), np.arange(2) * 1.0), np.array([b"x", b"y"])))
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    return {"types": str(ds.output_types), "kinds": [type(nxt).__name__, type(nxt[0]).__name__],
            "out": _drain(tf, sess, nxt)}


def case_slices_dict_nested_and_order(tf):
    ds = tf.data.Dataset.from_tensor_slices({"z": np.arange(2, dtype=np.float32), "a": {"q": np.array([[1], [2]], np.int64),
                                                                                        "b": np.array([True, False])}})
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    return {"keys": list(nxt), "inner": list(nxt["a"]), "types": str(ds.output_types), "out": _drain(tf, sess, nxt)}


def case_slices_dict_length_mismatch(tf):
    return [catch(tf.data.Dataset.from_tensor_slices, {"a": np.arange(2), "b": np.arange(3)}),
            message_has(lambda: tf.data.Dataset.from_tensor_slices((np.arange(3), np.arange(4))),
                        "Dimensions 3 and 4 are not compatible", "Dimension 0 in both shapes must be equal")]


def case_slices_python_nested_lists_and_bools(tf):
    dss = [tf.data.Dataset.from_tensor_slices([[1, 2], [3, 4]]), tf.data.Dataset.from_tensor_slices([True, False]),
           tf.data.Dataset.from_tensor_slices([[1.5], [2.5]]), tf.data.Dataset.from_tensor_slices([b"a", b"b"])]
    return [(str(d.output_types), str(d.output_shapes), _run(tf, d)) for d in dss]


def case_slices_ragged_python_list_rejected(tf):
    return catch(tf.data.Dataset.from_tensor_slices, [[1, 2], [3]])


def case_slices_placeholder_unknown_rank(tf):
    x = tf.placeholder(tf.float32)
    ds = tf.data.Dataset.from_tensor_slices(x)
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(it.initializer, {x: [[1.0, 2.0], [3.0, 4.0]]})
    vals = _drain(tf, sess, nxt)
    sess.run(it.initializer, {x: [5.0]})
    return {"shape": str(ds.output_shapes), "vals": vals, "again": _drain(tf, sess, nxt),
            "scalar": catch(sess.run, it.initializer, {x: 3.0})}


def case_from_tensors_scalar_string_and_tuple(tf):
    a = tf.data.Dataset.from_tensors(b"hello")
    b = tf.data.Dataset.from_tensors((np.float64(2.5), [True, False]))
    c = tf.data.Dataset.from_tensors(np.zeros((0, 3), np.int32))
    return [(str(d.output_types), str(d.output_shapes), _run(tf, d)) for d in (a, b, c)]


def case_from_tensors_tensor_and_placeholder(tf):
    x = tf.placeholder(tf.int32, [None, 2])
    ds = tf.data.Dataset.from_tensors(x * 2).repeat(2)
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(it.initializer, {x: [[1, 2], [3, 4], [5, 6]]})
    return {"shape": str(ds.output_shapes), "vals": _drain(tf, sess, nxt), "nxt": str(nxt.shape)}


def case_from_tensors_unbatch_and_batch_roundtrip(tf):
    ds = tf.data.Dataset.from_tensors(np.arange(6, dtype=np.int64).reshape(3, 2))
    return {"unbatch": _run(tf, ds.unbatch()), "rebatch": _run(tf, ds.unbatch().batch(2)),
            "shape": str(ds.unbatch().output_shapes)}


def case_range_dtypes_output_type(tf):
    dss = [tf.data.Dataset.range(3, output_type=tf.int32), tf.data.Dataset.range(1, 4, output_type=tf.float32),
           tf.data.Dataset.range(0, 6, 2, output_type=tf.int64)]
    return {"types": [str(d.output_types) for d in dss], "shapes": [str(d.output_shapes) for d in dss],
            "out": [_run(tf, d) for d in dss]}


def case_range_negative_and_empty(tf):
    dss = [tf.data.Dataset.range(-3), tf.data.Dataset.range(-2, 2), tf.data.Dataset.range(10, 0, -3),
           tf.data.Dataset.range(0, 5, -1), tf.data.Dataset.range(5, 10, 20)]
    return [_run(tf, d) for d in dss]


def case_range_zero_step_and_bad_args(tf):
    ds = tf.data.Dataset.range(0, 5, 0)
    nxt = catch(lambda: tf.data.make_one_shot_iterator(ds).get_next())
    out = {"build": type(nxt).__name__ if not isinstance(nxt, dict) else nxt}
    if not isinstance(nxt, dict):
        sess = tf.Session()
        out["run"] = message_has(lambda: sess.run(nxt), "step size cannot be 0", "step")
    out["too_many"] = catch(tf.data.Dataset.range, 1, 2, 3, 4)
    out["none"] = catch(tf.data.Dataset.range)
    return out


def case_range_placeholder_arguments(tf):
    start = tf.placeholder(tf.int64, [])
    stop = tf.placeholder(tf.int64, [])
    ds = tf.data.Dataset.range(start, stop, 2)
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(it.initializer, {start: 3, stop: 9})
    a = _drain(tf, sess, nxt)
    sess.run(it.initializer, {start: 5, stop: 5})
    return {"a": a, "b": _drain(tf, sess, nxt), "card": catch(sess.run, ds.cardinality(), {start: 0, stop: 7})}


def case_range_cardinality(tf):
    dss = [tf.data.Dataset.range(10), tf.data.Dataset.range(10, 0, -3), tf.data.Dataset.range(0),
           tf.data.Dataset.range(3).repeat(), tf.data.Dataset.range(7).batch(2), tf.data.Dataset.range(7).filter(lambda x: x > 2)]
    sess = tf.Session()
    return [int(sess.run(tf.data.experimental.cardinality(d))) for d in dss]


def case_from_generator_dtypes(tf):
    def gen_f():
        for i in range(3):
            yield np.float64(i) / 4

    def gen_b():
        yield True
        yield False

    def gen_s():
        yield "ab"
        yield b"cd"
    dss = [tf.data.Dataset.from_generator(gen_f, tf.float64, tf.TensorShape([])),
           tf.data.Dataset.from_generator(gen_b, tf.bool),
           tf.data.Dataset.from_generator(gen_s, tf.string, ())]
    return [(str(d.output_types), str(d.output_shapes), _run(tf, d)) for d in dss]


def case_from_generator_converts_ints_to_float(tf):
    def gen():
        yield 1
        yield [2]
    ds = tf.data.Dataset.from_generator(gen, tf.float32)
    return {"shape": str(ds.output_shapes), "out": _run(tf, ds)}


def case_from_generator_wrong_type_error(tf):
    def gen():
        yield 1
        yield "x"
    ds = tf.data.Dataset.from_generator(gen, tf.int64, tf.TensorShape([]))
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    first = sess.run(nxt)
    err = catch(sess.run, nxt)
    return {"first": first, "err": err, "other": sess.run(tf.constant(5))}


def case_from_generator_wrong_shape_error(tf):
    def gen():
        yield [1, 2]
        yield [1, 2, 3]
    ds = tf.data.Dataset.from_generator(gen, tf.int32, tf.TensorShape([2]))
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    first = sess.run(nxt)
    return {"first": first, "err": message_has(lambda: sess.run(nxt), "`generator` yielded an element of shape (3,)",
                                               "where an element of shape (2,) was expected")}


def case_from_generator_dict_output_signature(tf):
    def gen():
        for n in (2, 1):
            yield {"ids": np.arange(n, dtype=np.int32), "label": np.float32(n)}
    ds = tf.data.Dataset.from_generator(gen, output_signature={"ids": tf.TensorSpec([None], tf.int32),
                                                               "label": tf.TensorSpec([], tf.float32)})
    return {"types": str(ds.output_types), "shapes": str(ds.output_shapes), "out": _run(tf, ds)}


def case_from_generator_padded_batch(tf):
    def gen():
        for n in (1, 3, 2):
            yield [n] * n
    ds = tf.data.Dataset.from_generator(gen, tf.int64, tf.TensorShape([None])).padded_batch(2, padded_shapes=[None])
    return {"shapes": str(ds.output_shapes), "out": _run(tf, ds)}


def case_output_structure_strings_nested(tf):
    ds = tf.data.Dataset.from_tensor_slices((np.zeros((3, 2), np.int32), {"a": (np.zeros(3), np.array([b"", b"", b""]))}))
    b = ds.batch(2)
    return {"types": str(ds.output_types), "shapes": str(ds.output_shapes), "bt": str(tf.data.get_output_types(b)),
            "bs": str(tf.data.get_output_shapes(b)),
            "classes": [c.__name__ for c in (tf.data.get_output_classes(ds)[0], tf.data.get_output_classes(ds)[1]["a"][1])]}


def case_output_structure_spec(tf):
    ds = tf.data.Dataset.from_tensor_slices({"img": np.zeros((4, 2), np.float32), "n": np.arange(4)}).batch(3)
    spec = ds.element_spec
    return {"spec": sorted((k, str(v.shape), v.dtype.name) for k, v in spec.items()),
            "repr": str(tf.data.get_output_shapes(ds)["img"])}
