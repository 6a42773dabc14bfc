"""Round 14 variations of data_sources.py: lists as single components, python scalars' dtypes,
sparse/ragged-free nesting, generator arguments and errors at get_next, range argument errors."""
import numpy as np

from _casekit import drain, drain_next
from _harness import catch, message_has


def _spec(tf, ds):
    return {"types": str(tf.data.get_output_types(ds)), "shapes": str(tf.data.get_output_shapes(ds))}


def case_slices_list_of_arrays_is_one_component(tf):
    ds = tf.data.Dataset.from_tensor_slices([np.array([1, 2]), np.array([3, 4])])
    tup = tf.data.Dataset.from_tensor_slices((np.array([1, 2]), [0.5, 1.5]))
    return {"list": _spec(tf, ds), "list_vals": drain(tf, ds), "tuple": _spec(tf, tup), "tuple_vals": drain(tf, tup)}


def case_slices_python_scalar_dtypes(tf):
    mixed = tf.data.Dataset.from_tensor_slices([1, 2.5])
    big = tf.data.Dataset.from_tensor_slices([1, 2 ** 40])
    bools = tf.data.Dataset.from_tensor_slices([[True], [False]])
    unicode = tf.data.Dataset.from_tensor_slices([u"\u00e9t\u00e9", b"raw"])
    return {"mixed": _spec(tf, mixed), "big": _spec(tf, big), "bools": _spec(tf, bools),
            "vals": [drain(tf, mixed), drain(tf, big), drain(tf, bools), drain(tf, unicode)]}


def case_slices_dict_of_tuples_and_names(tf):
    pair = (np.arange(2, dtype=np.float64), np.array([[1, 2], [3, 4]], np.uint8))
    ds = tf.data.Dataset.from_tensor_slices({"pair": pair, "tag": np.array([b"p", b"q"])})
    it = tf.data.make_one_shot_iterator(ds)
    nxt = it.get_next()
    sess = tf.Session()
    return {"spec": _spec(tf, ds), "names": sorted(t.name for t in tf.nest.flatten(nxt)),
            "vals": drain_next(tf, sess, nxt)}


def case_slices_placeholder_feed_errors(tf):
    a = tf.placeholder(tf.int32, [None])
    b = tf.placeholder(tf.int32, [None])
    it = tf.data.make_initializable_iterator(tf.data.Dataset.from_tensor_slices((a, b)))
    nxt = it.get_next()
    sess = tf.Session()
    bad = message_has(lambda: sess.run(it.initializer, {a: [1, 2], b: [1, 2, 3]}), "Expected", "dimension")
    scalar = tf.placeholder(tf.int32, None)
    it2 = tf.data.make_initializable_iterator(tf.data.Dataset.from_tensor_slices(scalar))
    scalar_err = catch(sess.run, it2.initializer, {scalar: 5})
    sess.run(it.initializer, {a: [1, 2], b: [10, 20]})
    return {"bad": bad, "scalar": scalar_err, "ok": drain_next(tf, sess, nxt), "unknown_shape": str(it2.output_shapes)}


def case_from_tensors_list_and_nested_dict(tf):
    ds = tf.data.Dataset.from_tensors([[1, 2], [3, 4]])
    nested = tf.data.Dataset.from_tensors({"a": {"b": np.float16(1.5), "c": ([1.0, 2.0], "s")}})
    return {"list": _spec(tf, ds), "nested": _spec(tf, nested), "vals": [drain(tf, ds), drain(tf, nested)],
            "card": [drain(tf, ds.repeat(2).batch(5)),
                     drain(tf, nested.repeat(3).batch(2).map(lambda d: d["a"]["c"][0]))]}


def case_from_tensors_sparse_batch_repeat(tf):
    st = tf.SparseTensor([[0, 1], [2, 0]], np.array([3, 4], np.int64), [3, 2])
    ds = tf.data.Dataset.from_tensors(st).repeat(2).batch(2)
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = tf.Session()
    v = sess.run(nxt)
    return {"shapes": str(ds.output_shapes), "cls": type(nxt).__name__, "v": v, "end": catch(sess.run, nxt)}


def case_range_bad_arguments(tf):
    return {"float": catch(tf.data.Dataset.range, 2.5), "none": catch(tf.data.Dataset.range),
            "four": catch(tf.data.Dataset.range, 1, 2, 3, 4), "string": catch(tf.data.Dataset.range, "3"),
            "dtype_float": drain(tf, tf.data.Dataset.range(3, output_type=tf.float32)),
            "dtype_spec": str(tf.data.Dataset.range(0, 6, 2, output_type=tf.int32).output_types)}


def case_range_in_map_flat_map_and_large_steps(tf):
    ds = tf.data.Dataset.range(3).flat_map(lambda n: tf.data.Dataset.range(n, -1, -1))
    big = tf.data.Dataset.range(-10, 10, 7)
    neg = tf.data.Dataset.range(10, -10, -7)
    return {"flat": drain(tf, ds), "big": drain(tf, big), "neg": drain(tf, neg),
            "card": [int(tf.Session().run(tf.data.experimental.cardinality(d))) for d in (big, neg)]}


def case_from_generator_args_tuple_and_dtypes(tf):
    def gen(n, word):
        for i in range(n):
            yield i, word * (i + 1)
    ds = tf.data.Dataset.from_generator(gen, (tf.int32, tf.string), ((), ()), args=(3, b"ab"))
    ds2 = tf.data.Dataset.from_generator(gen, (tf.float64, tf.string), args=(tf.constant(2, tf.int64), "z"))
    return {"s1": _spec(tf, ds), "v1": drain(tf, ds), "s2": _spec(tf, ds2), "v2": drain(tf, ds2)}


def case_from_generator_errors_at_get_next(tf):
    def bad_type():
        yield "not a number"

    def raises():
        yield 1
        raise ValueError("boom in generator")

    def bad_rank():
        yield [1, 2]
    sess = tf.Session()
    n1 = tf.data.make_one_shot_iterator(tf.data.Dataset.from_generator(bad_type, tf.int64)).get_next()
    n2 = tf.data.make_one_shot_iterator(tf.data.Dataset.from_generator(raises, tf.int64)).get_next()
    n3 = tf.data.make_one_shot_iterator(tf.data.Dataset.from_generator(bad_rank, tf.int64, [])).get_next()
    return {"bad_type": catch(sess.run, n1),
            "raises": [sess.run(n2), message_has(lambda: sess.run(n2), "boom in generator"), catch(sess.run, n2)],
            "bad_rank": message_has(lambda: sess.run(n3), "shape", "[2]")}


def case_from_generator_dict_and_nested_types(tf):
    def gen():
        for i in range(2):
            yield {"id": i, "feat": {"v": [float(i)] * 2, "w": np.int16(i)}}
    ds = tf.data.Dataset.from_generator(gen, {"id": tf.int64, "feat": {"v": tf.float32, "w": tf.int16}},
                                        {"id": [], "feat": {"v": [2], "w": []}})
    return {"spec": _spec(tf, ds), "vals": drain(tf, ds.batch(2))}


def case_output_structure_after_sources_nesting(tf):
    ds = tf.data.Dataset.zip((tf.data.Dataset.range(2), tf.data.Dataset.from_tensors({"k": [1.0, 2.0]}).repeat()))
    ph = tf.placeholder(tf.float32, [None, None, 3])
    slices = tf.data.Dataset.from_tensor_slices(ph)
    return {"zip": _spec(tf, ds), "ph": _spec(tf, slices),
            "classes": tf.nest.map_structure(lambda c: c.__name__, tf.data.get_output_classes(ds)),
            "element_spec": str(ds.element_spec)}
