"""Round 14 variations of data_sources.py and data_iterators.py, continued: variables as sources,
generator structure errors and signatures, SparseTensor rows, feedable iterators over sparse/dict
elements, closed sessions, optional values, the stateful op a one-shot iterator names, and a fixed
length file whose body does not divide into records (TF fails every get_next on it); and of
data_transforms.py: padded_batch shape forms, windows of dicts, enumerate/take_while structures, options."""
import numpy as np

from _casekit import drain, drain_next, drain_or_error, in_tmp, write_file
from _harness import catch


def case_variable_sources(tf):
    v = tf.Variable([1.0, 2.0, 3.0], name="src")
    it = tf.data.make_initializable_iterator(tf.data.Dataset.from_tensor_slices(v).map(lambda x: x * 2))
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(v.initializer)
    sess.run(it.initializer)
    first = [sess.run(nxt), sess.run(nxt)]
    sess.run(v.assign([10.0, 20.0, 30.0]))  # read between: TF's slices may alias the ref buffer (a race)
    sess.run(it.initializer)
    third = sess.run(nxt)
    one_shot = catch(tf.data.make_one_shot_iterator, tf.data.Dataset.from_tensors(v))
    n = tf.Variable(3, dtype=tf.int64)
    r = tf.data.make_initializable_iterator(tf.data.Dataset.range(n))
    sess.run(n.initializer)
    sess.run(r.initializer)
    return {"vals": [first, third], "one_shot": one_shot, "range": drain_next(tf, sess, r.get_next())}


def case_generator_structure_errors(tf):
    def missing_key():
        yield {"a": 1}

    def extra_tuple():
        yield (1, 2, 3)

    def not_tuple():
        yield 5
    sess = tf.Session()
    res = {}
    for key, gen, types in (("missing", missing_key, {"a": tf.int64, "b": tf.int64}),
                            ("extra", extra_tuple, (tf.int64, tf.int64)),
                            ("scalar", not_tuple, (tf.int64, tf.int64))):
        nxt = tf.data.make_one_shot_iterator(tf.data.Dataset.from_generator(gen, types)).get_next()
        res[key] = [catch(sess.run, nxt), catch(sess.run, nxt)]
    return res


def case_generator_signature_names_and_shapes(tf):
    sig = {"x": tf.TensorSpec([None, 2], tf.float32, name="feat"), "y": tf.TensorSpec([], tf.string)}

    def gen():
        yield {"x": np.ones((1, 2)), "y": "a"}
        yield {"x": np.zeros((3, 2)), "y": b"b"}
    ds = tf.data.Dataset.from_generator(gen, output_signature=sig)
    bad = tf.data.Dataset.from_generator(gen, output_signature={"x": tf.TensorSpec([None, 3], tf.float32),
                                                                "y": tf.TensorSpec([], tf.string)})
    return {"spec": str(ds.element_spec), "vals": drain(tf, ds), "bad": drain_or_error(tf, bad),
            "both": catch(tf.data.Dataset.from_generator, gen, tf.int64, output_signature=sig)}


def case_from_sparse_tensor_slices_forms(tf):
    st = tf.SparseTensor([[0, 0], [0, 2], [2, 1]], [1.0, 2.0, 3.0], [3, 4])
    ds = tf.data.Dataset.from_sparse_tensor_slices(st)
    return {"types": str(tf.data.get_output_types(ds)), "shapes": str(tf.data.get_output_shapes(ds)),
            "vals": drain(tf, ds), "bad": catch(tf.data.Dataset.from_sparse_tensor_slices, np.ones((2, 2)))}


def case_string_handle_sparse_and_dict(tf):
    st = tf.data.Dataset.range(3).map(lambda x: {"s": tf.SparseTensor([[x]], [x], [3]), "d": x})
    a = tf.data.make_one_shot_iterator(st)
    b = tf.data.make_initializable_iterator(st.skip(1))
    h = tf.placeholder(tf.string, [])
    feed = tf.data.Iterator.from_string_handle(h, tf.data.get_output_types(st), tf.data.get_output_shapes(st),
                                               tf.data.get_output_classes(st))
    nxt = feed.get_next()
    sess = tf.Session()
    sess.run(b.initializer)
    ha, hb = sess.run([a.string_handle(), b.string_handle()])
    out = [sess.run(nxt, {h: ha}), sess.run(nxt, {h: hb}), sess.run(nxt, {h: ha})]
    return {"out": out, "cls": type(nxt["s"]).__name__,
            "classes": tf.nest.map_structure(lambda c: c.__name__, feed.output_classes),
            "bad_handle": catch(sess.run, nxt, {h: b"garbage"}), "after": sess.run(nxt["d"], {h: hb})}


def case_iterator_after_close_and_reset(tf):
    g = tf.Graph()
    with g.as_default():
        it = tf.data.make_initializable_iterator(tf.data.Dataset.range(4))
        nxt = it.get_next()
    sess = tf.Session(graph=g)
    sess.run(it.initializer)
    a = sess.run(nxt)
    sess.close()
    closed = catch(sess.run, nxt)
    with tf.Session(graph=g) as s2:
        fresh = catch(s2.run, nxt)
        s2.run(it.initializer)
        b = [s2.run(nxt), s2.run(nxt)]
    return {"a": a, "closed": closed, "fresh": fresh, "b": b}


def case_iterator_get_next_as_optional(tf):
    it = tf.data.make_initializable_iterator(tf.data.Dataset.range(2).map(lambda x: (x, tf.as_string(x))))
    opt = tf.data.experimental.get_next_as_optional(it)
    has = opt.has_value()
    val = opt.get_value()
    sess = tf.Session()
    sess.run(it.initializer)
    out = [sess.run([has, val]), sess.run(has), sess.run(has)]
    sess.run(it.initializer)
    return {"out": out, "after": sess.run(val), "spec": str(opt.element_spec),
            "empty": catch(sess.run, tf.data.experimental.get_next_as_optional(
                tf.data.make_one_shot_iterator(tf.data.Dataset.range(0))).get_value())}


def case_one_shot_names_the_nearest_stateful_op(tf):
    q = tf.FIFOQueue(3, tf.float32, name="inbox")
    v = tf.Variable(2.0, name="scale")
    r = tf.random_uniform([], name="noise")
    made = {"queue_size": tf.data.Dataset.from_tensors(q.size()),
            "random_sum": tf.data.Dataset.from_tensors(r * 2.0 + 1.0),
            "variable_in_map": tf.data.Dataset.range(2).map(lambda x: tf.cast(x, tf.float32) * v),
            "zip_second": tf.data.Dataset.zip((tf.data.Dataset.range(2), tf.data.Dataset.from_tensors(q.size())))}

    def named(ds):
        try:
            tf.data.make_one_shot_iterator(ds)
        except ValueError as exc:
            return str(exc).split(" by value")[0]
        return None
    return {key: named(ds) for key, ds in made.items()}


def case_fixed_length_bad_body_fails_every_time(tf):
    def run(d):
        odd = write_file(d, "odd.bin", b"HHabcFF")
        good = write_file(d, "good.bin", b"HHabcdFF")
        nxt = tf.data.make_one_shot_iterator(tf.data.FixedLengthRecordDataset(
            [good, odd, good], 2, header_bytes=2, footer_bytes=2)).get_next()
        sess = tf.Session()
        out = []
        for _ in range(6):
            try:
                out.append(sess.run(nxt))
            except tf.errors.OutOfRangeError:
                out.append("end")
                break
            except tf.errors.OpError as exc:
                out.append([type(exc).__name__, "body length 3 bytes" in str(exc)])
        short = write_file(d, "short.bin", b"HHx")
        return {"out": out, "header_fits": drain_or_error(tf, tf.data.FixedLengthRecordDataset(short, 1, 3, 1)),
                "header_too_long": drain_or_error(tf, tf.data.FixedLengthRecordDataset(short, 1, 4, 0))}
    return in_tmp(run)


def case_padded_batch_shape_forms(tf):
    ds = tf.data.Dataset.range(1, 4).map(lambda x: tf.fill([x], tf.cast(x, tf.float32)))
    out = {}
    for key, shapes in {"tensorshape": tf.TensorShape([5]), "tensor": tf.constant([4], tf.int64),
                        "tuple_dim": (None,), "int_list": [3]}.items():
        r = catch(ds.padded_batch, 2, padded_shapes=shapes)
        out[key] = r if isinstance(r, dict) else {"shape": str(tf.data.get_output_shapes(r)),
                                                  "vals": drain_or_error(tf, r)}
    out["np_value"] = drain(tf, ds.padded_batch(3, padded_shapes=[None], padding_values=np.float32(-1)))
    out["wrong_value_shape"] = catch(ds.padded_batch, 2, padded_shapes=[None], padding_values=tf.constant([1.0, 2.0]))
    out["placeholder_shape"] = catch(ds.padded_batch, 2, padded_shapes=tf.placeholder(tf.int64, [1]))
    return out


def case_padded_batch_unknown_rank_and_ragged(tf):
    unk = tf.data.Dataset.from_generator(lambda: iter([[1], [2, 3]]), tf.int64)
    rag = tf.data.Dataset.from_tensor_slices(tf.ragged.constant([[1], [2, 3]]))
    return {"unk_default": catch(unk.padded_batch, 2),
            "unk_given": drain_or_error(tf, unk.padded_batch(2, padded_shapes=[None])),
            "ragged": catch(rag.padded_batch, 2)}


def case_window_dict_elements(tf):
    ds = tf.data.Dataset.from_tensor_slices({"a": np.arange(5), "b": np.arange(5) * 10}).window(
        2, shift=1, drop_remainder=True)
    flat = ds.flat_map(lambda d: tf.data.Dataset.zip(d).batch(2))
    return {"spec": str(ds.element_spec), "vals": drain(tf, flat),
            "bad_size": drain_or_error(tf, tf.data.Dataset.range(3).window(0).flat_map(lambda w: w)),
            "bad_shift": drain_or_error(tf, tf.data.Dataset.range(3).window(2, shift=0).flat_map(lambda w: w)),
            "bad_stride": drain_or_error(tf, tf.data.Dataset.range(3).window(2, stride=0).flat_map(lambda w: w))}


def case_enumerate_and_take_while_structures(tf):
    ds = tf.data.Dataset.from_tensor_slices(({"k": [1, 2, 3]}, ["a", "b", "c"]))
    en = ds.enumerate(start=tf.constant(5, tf.int64))
    tw = ds.take_while(lambda d, s: d["k"] < 3)
    return {"en_spec": str(en.element_spec), "en": drain(tf, en), "tw": drain(tf, tw),
            "en_int32": catch(ds.enumerate, tf.constant(1))}


def case_options_threading_and_merge(tf):
    a = tf.data.Options()
    a.threading.private_threadpool_size = 3
    b = tf.data.Options()
    b.threading.max_intra_op_parallelism = 1
    b.experimental_optimization.map_parallelization = False
    ds = tf.data.Dataset.range(3).with_options(a).map(lambda x: x + 1).with_options(b)
    o = ds.options()
    return {"pool": o.threading.private_threadpool_size, "intra": o.threading.max_intra_op_parallelism,
            "mp": o.experimental_optimization.map_parallelization, "vals": drain(tf, ds),
            "bad": catch(tf.data.Dataset.range(2).with_options, {"a": 1}),
            "setattr": catch(setattr, tf.data.Options(), "no_such_option", 1),
            "eq": tf.data.Options() == tf.data.Options()}
