"""Variations of the public data_iterators cases: one-shot, initializable, reinitializable and
per-session iterators over other dtypes, structures, names, error texts and neighbouring features."""
import numpy as np

from _casekit import drain_next as _drain
from _harness import catch, message_has


def case_one_shot_strings_function_and_method(tf):
    ds = tf.data.Dataset.from_tensor_slices(np.array([b"a", b"bb", b""]))
    a = tf.data.make_one_shot_iterator(ds).get_next()
    b = ds.make_one_shot_iterator().get_next(name="b_next")
    sess = tf.Session()
    return {"vals": [sess.run(a), sess.run(b), sess.run(a), sess.run(a), catch(sess.run, a), sess.run(b)],
            "dtypes": [a.dtype.name, b.dtype.name], "names": [a.name, b.name], "op_type": a.op.type}


def case_one_shot_empty_dataset(tf):
    nxt = tf.data.make_one_shot_iterator(tf.data.Dataset.range(0)).get_next()
    nxt2 = tf.data.make_one_shot_iterator(tf.data.Dataset.range(5).filter(lambda x: x > 10)).get_next()
    sess = tf.Session()
    return [catch(sess.run, nxt), catch(sess.run, nxt2), catch(sess.run, nxt2),
            message_has(lambda: sess.run(nxt), "End of sequence", "IteratorGetNext")]


def case_one_shot_graph_ops(tf):
    g = tf.Graph()
    with g.as_default():
        with tf.name_scope("input"):
            it = tf.data.make_one_shot_iterator(tf.data.Dataset.range(3).map(lambda x: x * 2))
            nxt = it.get_next()
    return {"types": sorted({node.op for node in g.as_graph_def().node}), "next": nxt.name,
            "shape": str(nxt.shape), "dtype": nxt.dtype.name}


def case_end_of_sequence_sticky_tuple_and_other_ops(tf):
    ds = tf.data.Dataset.from_tensor_slices((np.array([1.5], np.float64), np.array([True])))
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    c = tf.constant(3) * 2
    sess = tf.Session()
    first = sess.run(nxt)
    errs = [catch(sess.run, nxt) for _ in range(2)]
    return {"first": first, "errs": errs, "other": sess.run(c), "again": catch(sess.run, [nxt, c]),
            "eos_is_op_error": isinstance(tf.errors.OutOfRangeError(None, None, "m"), tf.errors.OpError),
            "code": tf.errors.OutOfRangeError(None, None, "m").error_code == tf.errors.OUT_OF_RANGE}


def case_same_tensor_twice_dict_and_tuple(tf):
    ds = tf.data.Dataset.from_tensor_slices({"a": np.arange(4, dtype=np.int32), "b": np.arange(4, dtype=np.float32) / 2})
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    s = tf.cast(nxt["a"], tf.float32) + nxt["b"]
    sess = tf.Session()
    return [sess.run([nxt, nxt["a"], s]), sess.run({"x": nxt["b"], "y": s, "z": (nxt["a"], nxt["a"])})]


def case_same_tensor_with_control_dependency(tf):
    nxt = tf.data.make_one_shot_iterator(tf.data.Dataset.range(10, 20)).get_next()
    v = tf.Variable(0, dtype=tf.int64)
    with tf.control_dependencies([nxt]):
        upd = v.assign_add(nxt)
    sess = tf.Session()
    sess.run(v.initializer)
    return [sess.run(upd), sess.run([upd, nxt]), sess.run(v), sess.run(nxt)]


def case_initializable_string_placeholder(tf):
    x = tf.placeholder(tf.string, [None], name="words")
    ds = tf.data.Dataset.from_tensor_slices(x).map(lambda s: tf.strings.length(s))
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(it.initializer, {x: ["ab", "cde", ""]})
    first = [sess.run(nxt), sess.run(nxt)]
    sess.run(it.initializer, {x: ["zzzz"]})
    return {"first": first, "second": [sess.run(nxt), catch(sess.run, nxt)], "dtype": nxt.dtype.name,
            "init_type": it.initializer.type}


def case_initializable_placeholder_errors(tf):
    x = tf.placeholder(tf.float32, [None], name="feats")
    it = tf.data.make_initializable_iterator(tf.data.Dataset.from_tensor_slices(x))
    nxt = it.get_next()
    sess = tf.Session()
    unfed = message_has(lambda: sess.run(it.initializer), "You must feed a value for placeholder tensor 'feats'",
                        "float", "[?]")
    bad_shape = message_has(lambda: sess.run(it.initializer, {x: [[1.0]]}),
                            "Cannot feed value of shape (1, 1) for Tensor", "feats:0", "which has shape (?,)")
    uninit = catch(sess.run, nxt)
    sess.run(it.initializer, {x: [4.0, 5.0]})
    return {"unfed": unfed, "bad_shape": bad_shape, "uninit": uninit, "after": _drain(tf, sess, nxt)}


def case_initializable_reinit_midway_restarts(tf):
    x = tf.placeholder(tf.int64, [None])
    it = tf.data.make_initializable_iterator(tf.data.Dataset.from_tensor_slices(x).batch(2))
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(it.initializer, {x: [1, 2, 3, 4, 5]})
    a = sess.run(nxt)
    sess.run(it.initializer, {x: [9, 8, 7]})
    return {"a": a, "rest": _drain(tf, sess, nxt), "shape": str(nxt.shape)}


def case_initializable_tuple_placeholders_and_shuffle(tf):
    n = tf.placeholder(tf.int64, [])
    scale = tf.placeholder(tf.float32, [])
    ds = tf.data.Dataset.range(n).map(lambda i: (i, tf.cast(i, tf.float32) * scale)).shuffle(10, seed=3)
    it = ds.make_initializable_iterator()
    nxt = it.get_next()
    sess = tf.Session()
    rounds = []
    for k, s in ((3, 0.5), (5, 2.0)):
        sess.run(it.initializer, feed_dict={n: k, scale: s})
        rounds.append(sorted((int(a), float(b)) for a, b in _drain(tf, sess, nxt)))
    return rounds


def case_initializable_zero_elements_then_more(tf):
    limit = tf.placeholder(tf.int64, [])
    it = tf.data.Dataset.range(limit).make_initializable_iterator()
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(it.initializer, {limit: 0})
    empty = catch(sess.run, nxt)
    sess.run(it.initializer, {limit: -3})
    negative = catch(sess.run, nxt)
    sess.run(it.initializer, {limit: 2})
    return [empty, negative, _drain(tf, sess, nxt)]


def case_uninitialized_iterator_messages(tf):
    it = tf.data.make_initializable_iterator(tf.data.Dataset.range(3), shared_name=None)
    nxt = it.get_next()
    sess = tf.Session()
    msg = message_has(lambda: sess.run(nxt), "GetNext() failed because the iterator has not been initialized",
                      "Ensure that you have run the initializer operation", "IteratorGetNext")
    other = sess.run(tf.constant(1) + 1)
    sess.run(it.initializer)
    return {"msg": msg, "other": other, "then": _drain(tf, sess, nxt)}


def case_uninitialized_from_structure(tf):
    it = tf.data.Iterator.from_structure(tf.float32, tf.TensorShape([2]))
    nxt = it.get_next()
    sess = tf.Session()
    return {"err": catch(sess.run, nxt), "shape": str(nxt.shape), "dtype": nxt.dtype.name,
            "class_err": catch(sess.run, it.get_next())}


def case_one_shot_rejects_placeholder_capture(tf):
    x = tf.placeholder(tf.int64, [], name="offset")
    ds = tf.data.Dataset.range(3).map(lambda v: v + x)
    r = catch(tf.data.make_one_shot_iterator, ds)
    msg = message_has(lambda: tf.data.make_one_shot_iterator(ds), "placeholder", "offset")
    it = tf.data.make_initializable_iterator(ds)
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(it.initializer, {x: 10})
    return {"r": r, "msg": msg, "init": _drain(tf, sess, nxt)}


def case_one_shot_rejects_placeholder_method(tf):
    x = tf.placeholder(tf.float32, [None, 2])
    ds = tf.data.Dataset.from_tensors(x)
    return [catch(ds.make_one_shot_iterator), catch(tf.data.make_one_shot_iterator, ds.batch(2))]


def case_reinitializable_type_and_shape_errors(tf):
    it = tf.data.Iterator.from_structure(tf.int64, tf.TensorShape([]))
    bad_type = message_has(lambda: it.make_initializer(tf.data.Dataset.range(3).map(lambda v: tf.cast(v, tf.int32))),
                           "Expected output types tf.int64 but got dataset with output types tf.int32")
    bad_shape = message_has(lambda: it.make_initializer(tf.data.Dataset.range(3).batch(2)),
                            "Expected output shapes compatible with TensorShape([])")
    bad_struct = catch(it.make_initializer, tf.data.Dataset.range(3).map(lambda v: (v, v)))
    init = it.make_initializer(tf.data.Dataset.range(4, 6))
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(init)
    return {"type": bad_type, "shape": bad_shape, "struct": bad_struct, "vals": _drain(tf, sess, nxt)}


def case_reinitializable_unknown_shapes_accept_all(tf):
    it = tf.data.Iterator.from_structure(tf.int32)
    nxt = it.get_next()
    a = it.make_initializer(tf.data.Dataset.from_tensors(np.arange(3, dtype=np.int32)))
    b = it.make_initializer(tf.data.Dataset.from_tensor_slices(np.arange(4, dtype=np.int32).reshape(2, 2)))
    c = it.make_initializer(tf.data.Dataset.from_tensors(np.int32(7)))
    sess = tf.Session()
    out = []
    for init in (a, b, c):
        sess.run(init)
        out.append(_drain(tf, sess, nxt))
    return {"shape": str(nxt.shape), "shapes": str(it.output_shapes), "out": out}


def case_reinitializable_partial_shapes_merge(tf):
    it = tf.data.Iterator.from_structure((tf.float32, tf.int64), (tf.TensorShape([None, 2]), tf.TensorShape([None])))
    nxt = it.get_next()
    ds = tf.data.Dataset.from_tensor_slices((np.ones((5, 2), np.float32), np.arange(5))).batch(2)
    init = it.make_initializer(ds, name="init_train")
    sess = tf.Session()
    sess.run(init)
    return {"shapes": [str(t.shape) for t in nxt], "init_name": init.name, "vals": _drain(tf, sess, nxt),
            "wrong": catch(it.make_initializer, tf.data.Dataset.from_tensors((np.ones((2, 3), np.float32), np.arange(2))))}


def case_from_structure_arity_errors(tf):
    return [catch(tf.data.Iterator.from_structure, (tf.int64, tf.int32), (tf.TensorShape([]),)),
            catch(tf.data.Iterator.from_structure, {"a": tf.int64}, {"b": tf.TensorShape([])}),
            catch(tf.data.Iterator.from_structure, tf.int64, (tf.TensorShape([]), tf.TensorShape([])))]


def case_from_structure_nested_dict_tuple_values(tf):
    types = {"img": (tf.float16, tf.int32), "id": tf.int64}
    shapes = {"img": (tf.TensorShape([2]), tf.TensorShape([])), "id": tf.TensorShape([])}
    it = tf.data.Iterator.from_structure(types, shapes, output_classes={"img": (tf.Tensor, tf.Tensor), "id": tf.Tensor})
    ds = tf.data.Dataset.from_tensor_slices({"img": (np.ones((2, 2), np.float16), np.array([3, 4], np.int32)),
                                             "id": np.array([7, 8], np.int64)})
    init = it.make_initializer(ds)
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(init)
    return {"types": str(it.output_types), "shapes": str(it.output_shapes), "keys": sorted(nxt),
            "out": _drain(tf, sess, nxt), "dtypes": [nxt["img"][0].dtype.name, nxt["id"].dtype.name]}


def case_from_structure_bool_and_string_scalars(tf):
    it = tf.data.Iterator.from_structure((tf.bool, tf.string), (tf.TensorShape([]), tf.TensorShape([])))
    ds = tf.data.Dataset.from_tensor_slices((np.array([True, False]), np.array([b"yes", b"no"])))
    init = it.make_initializer(ds)
    nxt = it.get_next()
    sess = tf.Session()
    sess.run(init)
    return {"out": _drain(tf, sess, nxt), "types": str(it.output_types), "classes": str(type(nxt).__name__)}


def case_iterator_output_structure_padded_and_dict(tf):
    ds = tf.data.Dataset.range(1, 5).map(lambda x: {"v": tf.fill([x], x), "s": tf.as_string(x)}).padded_batch(
        2, padded_shapes={"v": [None], "s": []})
    it = tf.data.make_one_shot_iterator(ds)
    nxt = it.get_next()
    return {"types": str(it.output_types), "shapes": str(it.output_shapes),
            "classes": sorted((k, v.__name__) for k, v in it.output_classes.items()),
            "next": sorted((k, t.dtype.name, str(t.shape)) for k, t in nxt.items())}


def case_iterator_output_structure_drop_remainder(tf):
    ds = tf.data.Dataset.from_tensor_slices(np.zeros((7, 3), np.float64)).batch(2, drop_remainder=True)
    it = tf.data.make_one_shot_iterator(ds)
    nxt = it.get_next()
    return {"types": str(tf.data.get_output_types(it)), "shapes": str(tf.data.get_output_shapes(it)),
            "classes": str(tf.data.get_output_classes(it).__name__), "next": str(nxt.shape)}


def case_two_sessions_tuple_and_close(tf):
    g = tf.Graph()
    with g.as_default():
        nxt = tf.data.make_one_shot_iterator(
            tf.data.Dataset.from_tensor_slices((np.arange(4), np.array([b"a", b"b", b"c", b"d"])))).get_next()
    s1 = tf.Session(graph=g)
    s2 = tf.Session(graph=g)
    seq = [s1.run(nxt), s2.run(nxt), s2.run(nxt), s1.run(nxt)]
    s2.close()
    closed = catch(s2.run, nxt)
    with tf.Session(graph=g) as s3:
        seq.append(s3.run(nxt))
    seq.append(s1.run(nxt))
    return {"seq": seq, "closed": closed}


def case_two_sessions_reinitializable(tf):
    g = tf.Graph()
    with g.as_default():
        it = tf.data.Iterator.from_structure(tf.int64, tf.TensorShape([]))
        ia = it.make_initializer(tf.data.Dataset.range(3))
        ib = it.make_initializer(tf.data.Dataset.range(100, 103))
        nxt = it.get_next()
    s1 = tf.Session(graph=g)
    s2 = tf.Session(graph=g)
    s1.run(ia)
    uninit = catch(s2.run, nxt)
    s2.run(ib)
    return [s1.run(nxt), s2.run(nxt), s1.run(nxt), uninit, s2.run(nxt)]


def case_training_loop_shuffle_drop_remainder(tf):
    xs = np.arange(10, dtype=np.float32).reshape(10, 1)
    ds = tf.data.Dataset.from_tensor_slices((xs, 2.0 * xs + 1.0)).shuffle(10, seed=5).repeat(4).batch(3, drop_remainder=True)
    x, y = tf.data.make_one_shot_iterator(ds).get_next()
    w = tf.Variable([[0.0]])
    b = tf.Variable([0.0])
    loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
    train = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    steps = 0
    while True:
        try:
            sess.run(train)
            steps += 1
        except tf.errors.OutOfRangeError:
            break
    return {"steps": steps, "shape": str(x.shape), "loss_after": catch(sess.run, loss)}


def case_training_loop_global_step_and_epochs(tf):
    feats = tf.placeholder(tf.float64, [None])
    it = tf.data.make_initializable_iterator(tf.data.Dataset.from_tensor_slices(feats).batch(3))
    batch = it.get_next()
    gs = tf.train.get_or_create_global_step()
    total = tf.Variable(0.0, dtype=tf.float64)
    step = tf.group(total.assign_add(tf.reduce_sum(batch)), tf.assign_add(gs, 1))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    per_epoch = []
    for n in (7, 0, 3):
        sess.run(it.initializer, {feats: np.ones(n)})
        k = 0
        while True:
            try:
                sess.run(step)
                k += 1
            except tf.errors.OutOfRangeError:
                per_epoch.append(k)
                break
    return {"per_epoch": per_epoch, "vars": sess.run([total, gs])}
