"""Round 14 variations of data_iterators.py: iterators composed with control flow, gradients, exported
graphs and feeds; get_next errors that leave the iterator usable; iterator-level name scopes."""
import collections

import numpy as np

from _casekit import drain_next
from _harness import catch, message_has

Pair = collections.namedtuple("Pair", ["x", "y"])


def case_one_shot_in_name_scope_and_repeat_calls(tf):
    with tf.name_scope("input"):
        it = tf.data.make_one_shot_iterator(tf.data.Dataset.range(3).map(lambda x: x * 7))
        a = it.get_next()
        b = it.get_next()
    sess = tf.Session()
    return {"names": [a.name, b.name], "ops": [a.op.type, b.op.type],
            "vals": [sess.run(a), sess.run(b), sess.run(a), catch(sess.run, b), catch(sess.run, a)]}


def case_end_of_sequence_sticky_after_filter_and_generator(tf):
    def gen():
        yield 5
    empty = tf.data.Dataset.range(6).filter(lambda x: x > 10)
    nxt_f = tf.data.make_one_shot_iterator(empty).get_next()
    nxt_g = tf.data.make_one_shot_iterator(tf.data.Dataset.from_generator(gen, tf.int64, [])).get_next()
    sess = tf.Session()
    return {"filter": [catch(sess.run, nxt_f) for _ in range(2)],
            "gen": [sess.run(nxt_g)] + [catch(sess.run, nxt_g) for _ in range(2)],
            "both_in_one_run": catch(sess.run, [nxt_f, nxt_g])}


def case_same_tensor_twice_through_identity_and_cond(tf):
    nxt = tf.data.make_one_shot_iterator(tf.data.Dataset.range(1, 10)).get_next()
    ident = tf.identity(nxt)
    pred = tf.placeholder(tf.bool, [])
    picked = tf.cond(pred, lambda: nxt * 100, lambda: nxt - 100)
    sess = tf.Session()
    return [sess.run([nxt, ident, picked], {pred: True}), sess.run([picked, ident], {pred: False}),
            sess.run(ident), sess.run({"a": nxt, "b": [nxt, ident]})]


def case_initializable_placeholder_missing_or_bad_feed(tf):
    x = tf.placeholder(tf.float32, [None, 2], name="feats")
    it = tf.data.make_initializable_iterator(tf.data.Dataset.from_tensor_slices(x).map(lambda r: tf.reduce_sum(r)))
    nxt = it.get_next()
    sess = tf.Session()
    missing = message_has(lambda: sess.run(it.initializer), "feats", "must feed")
    bad_shape = catch(sess.run, it.initializer, {x: np.ones((3,), np.float32)})
    still_uninit = catch(sess.run, nxt)
    sess.run(it.initializer, {x: [[1.0, 2.0], [3.0, 4.0]]})
    return {"missing": missing, "bad_shape": bad_shape, "still_uninit": still_uninit,
            "vals": drain_next(tf, sess, nxt), "init_type": it.initializer.type}


def case_initializable_batch_size_placeholder(tf):
    bs = tf.placeholder(tf.int64, [], name="bs")
    it = tf.data.make_initializable_iterator(tf.data.Dataset.range(7).batch(bs))
    nxt = it.get_next()
    sess = tf.Session()
    out = {"shape": str(nxt.shape)}
    for n in (3, 7, 10):
        sess.run(it.initializer, {bs: n})
        out[str(n)] = drain_next(tf, sess, nxt)
    out["zero"] = message_has(lambda: sess.run(it.initializer, {bs: 0}), "Batch size must be greater than zero")
    out["after_zero"] = catch(sess.run, nxt)
    return out


def case_uninitialized_iterator_then_initialized(tf):
    it = tf.data.make_initializable_iterator(tf.data.Dataset.from_tensor_slices(np.array([b"a", b"b"])))
    nxt = it.get_next()
    sess = tf.Session()
    first = message_has(lambda: sess.run(nxt), "GetNext() failed because the iterator has not been initialized")
    sess.run(it.initializer)
    return {"first": first, "after": drain_next(tf, sess, nxt),
            "other_session": catch(tf.Session().run, nxt)}


def case_one_shot_rejects_placeholder_inside_map_and_zip(tf):
    scale = tf.placeholder(tf.int64, [])
    mapped = tf.data.Dataset.range(3).map(lambda x: x * scale)
    zipped = tf.data.Dataset.zip((tf.data.Dataset.range(2), tf.data.Dataset.from_tensors(scale)))
    const_ok = tf.data.make_one_shot_iterator(tf.data.Dataset.range(3).map(lambda x: x * tf.constant(4, tf.int64)))
    sess = tf.Session()
    return {"map": catch(tf.data.make_one_shot_iterator, mapped),
            "zip": catch(tf.data.make_one_shot_iterator, zipped),
            "const_ok": drain_next(tf, sess, const_ok.get_next())}


def case_reinitializable_switch_midway_and_namedtuple(tf):
    a = tf.data.Dataset.range(5).map(lambda v: Pair(v, tf.cast(v, tf.float32) / 2))
    b = tf.data.Dataset.range(100, 103).map(lambda v: Pair(v, tf.cast(v, tf.float32)))
    it = tf.data.Iterator.from_structure(tf.data.get_output_types(a), tf.data.get_output_shapes(a))
    nxt = it.get_next()
    ia, ib = it.make_initializer(a, name="init_a"), it.make_initializer(b)
    sess = tf.Session()
    sess.run(ia)
    out = [sess.run(nxt), sess.run(nxt)]
    sess.run(ib)
    out.append(sess.run(nxt))
    sess.run(ia)
    out += drain_next(tf, sess, nxt)
    return {"cls": type(nxt).__name__, "out": out, "init_names": [ia.name, ib.type]}


def case_from_structure_shape_incompatible_and_types(tf):
    it = tf.data.Iterator.from_structure((tf.int64, tf.float32), (tf.TensorShape([2]), tf.TensorShape([])))
    good = tf.data.Dataset.from_tensor_slices((np.zeros((3, 2), np.int64), np.arange(3, dtype=np.float32)))
    wrong_shape = tf.data.Dataset.from_tensor_slices((np.zeros((3, 4), np.int64), np.arange(3, dtype=np.float32)))
    wrong_type = tf.data.Dataset.from_tensor_slices((np.zeros((3, 2), np.int32), np.arange(3, dtype=np.float32)))
    unknown = tf.data.Dataset.from_generator(lambda: iter([(np.zeros(2, np.int64), 1.0)]), (tf.int64, tf.float32))
    init_u = it.make_initializer(unknown)
    sess = tf.Session()
    sess.run(init_u)
    return {"shape": catch(it.make_initializer, wrong_shape), "type": catch(it.make_initializer, wrong_type),
            "good": it.make_initializer(good).type, "unknown_vals": drain_next(tf, sess, it.get_next()),
            "shapes": str(it.output_shapes)}


def case_iterator_output_structure_nested_and_sparse(tf):
    st = tf.SparseTensor([[0, 0], [1, 1]], [1.0, 2.0], [2, 2])
    ds = tf.data.Dataset.from_tensor_slices({"s": st, "d": (np.array([1, 2], np.int32), np.array([[b"a"], [b"b"]]))})
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(it.initializer)
    v = sess.run(nxt)
    return {"types": str(it.output_types), "shapes": str(it.output_shapes),
            "classes": tf.nest.map_structure(lambda c: c.__name__, tf.data.get_output_classes(it)),
            "s_cls": type(nxt["s"]).__name__,
            "first": v, "dense_shape_static": str(nxt["s"].dense_shape.shape)}


def case_two_sessions_shuffle_same_seed_and_close(tf):
    g = tf.Graph()
    with g.as_default():
        nxt = tf.data.make_one_shot_iterator(tf.data.Dataset.range(8).shuffle(8, seed=3)).get_next()
    s1, s2 = tf.Session(graph=g), tf.Session(graph=g)
    a = drain_next(tf, s1, nxt)
    b = drain_next(tf, s2, nxt)
    s1.close()
    return {"same_order": [int(x) for x in a] == [int(x) for x in b], "sorted": sorted(int(x) for x in a),
            "closed": catch(s1.run, nxt)}


def case_training_loop_gradient_through_dataset_values(tf):
    xs = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], np.float32)
    it = tf.data.make_initializable_iterator(tf.data.Dataset.from_tensor_slices(xs).batch(2))
    x = it.get_next()
    w = tf.Variable([[0.5], [-0.5]])
    loss = tf.reduce_sum(tf.matmul(x, w) ** 2)
    gx, gw = tf.gradients(loss, [x, w])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    sess.run(it.initializer)
    return {"gx_none": gx is None, "gw": [sess.run(gw), sess.run(gw)], "end": catch(sess.run, gw),
            "x_shape": str(x.shape)}


def case_training_loop_while_loop_consumes_iterator(tf):
    nxt = tf.data.make_one_shot_iterator(tf.data.Dataset.range(1, 100)).get_next()
    total = tf.while_loop(lambda i, s: i < 4, lambda i, s: (i + 1, s + nxt), [tf.constant(0), tf.constant(0, tf.int64)])
    sess = tf.Session()
    return [sess.run(total), sess.run(total), sess.run(nxt)]


def case_iterator_after_map_error_continues(tf):
    ds = tf.data.Dataset.from_tensor_slices(np.array([4.0, -1.0, 9.0, -4.0, 16.0], np.float32)).map(
        lambda v: tf.debugging.check_numerics(tf.sqrt(v), "sqrt of negative"))
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(it.initializer)
    out = []
    for _ in range(6):
        try:
            out.append(sess.run(nxt))
        except tf.errors.OutOfRangeError:
            out.append("end")
            break
        except tf.errors.InvalidArgumentError as exc:
            out.append(["InvalidArgumentError", "sqrt of negative" in str(exc)])
    sess.run(it.initializer)
    out.append(sess.run(nxt))
    return out
