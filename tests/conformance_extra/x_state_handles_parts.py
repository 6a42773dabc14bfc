"""Extra cases: session tensor handles, partitioned variables (and their checkpoints), warm starts."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch, message_has


def _error(fn):
    """The class of the error fn raises, and its message's last meaningful line (node lines left out)."""
    try:
        fn()
    except Exception as exc:  # the error is the result
        text = getattr(exc, "message", str(exc))
        skip = ("{{node", "Graph execution", "Node:", "Detected at", "File ")
        lines = [l for l in text.splitlines() if l.strip() and not any(k in l for k in skip)]
        return {"raised": type(exc).__name__, "last": lines[-1].strip() if lines else ""}
    return "no error"


# ------------------------------------------------------------------ session handles
def case_handle_fetch_gives_a_tensor_handle(tf):
    c = tf.multiply(tf.constant(10.0), tf.constant(5.0))
    h = tf.get_session_handle(c)
    sess = tf.Session()
    first, second = sess.run(h), sess.run(h)
    return {"type": type(first).__name__, "handle": first.handle, "str": str(second), "eval": first.eval(),
            "op": h.op.type, "dtype": h.dtype.name, "shape": h.shape.as_list(), "name": h.name,
            "colocated": h.op.colocation_groups()}


def case_handle_read_back_through_get_session_tensor(tf):
    a = tf.constant([1.0, 2.0])
    sess = tf.Session()
    hv = sess.run(tf.get_session_handle(a * 3))
    p, t = tf.get_session_tensor(hv.handle, tf.float32)
    p2, t2 = tf.get_session_tensor(hv.handle, tf.float32, name="again")
    return {"value": sess.run(t * 10, feed_dict={p: hv.handle}), "p": p.name, "p_dtype": p.dtype.name,
            "t": t.name, "t2": t2.name, "p2": p2.name, "op": t.op.type, "device": t.device, "p_device": p.device,
            "t_shape": t.shape.ndims, "dtype_attr": t.op.get_attr("dtype").name}


def case_handle_ids_and_names(tf):
    a = tf.constant([1, 2])
    h1 = tf.get_session_handle(a)
    h2 = tf.get_session_handle(a, name="keep")
    sess = tf.Session()
    names = [sess.run(h1).handle, sess.run(h2).handle]
    both = sess.run([h1, h1])
    names.append([x.handle for x in both])
    other = tf.Session()
    names.append(other.run(h2).handle)
    return names


def case_handle_fed_for_a_tensor(tf):
    a = tf.constant([1.0, 2.0])
    b = tf.constant([1, 2])
    pf = tf.placeholder(tf.float32, [3])
    sess = tf.Session()
    h = sess.run(tf.get_session_handle(a * 3))
    return {"plus": sess.run(a + 1, feed_dict={a: h}), "fetch_fed": sess.run([a, a * 2], feed_dict={a: h}),
            "shape_unchecked": sess.run(pf * 2, feed_dict={pf: h}),
            "wrong_dtype": _error(lambda: sess.run(b + 1, feed_dict={b: h})),
            "after": sess.run(a * 2)}


def case_handle_deleted_errors(tf):
    h_t = tf.get_session_handle(tf.constant(1.0))
    sess = tf.Session()
    h = sess.run(h_t)
    p, t = tf.get_session_tensor(h.handle, tf.float32)
    holder, deleter = tf.delete_session_tensor(h.handle)
    out = {"deleter": [deleter.type, deleter.name, holder.name, len(deleter.outputs)],
           "delete": sess.run(deleter, feed_dict={holder: h.handle})}
    out["read"] = _error(lambda: sess.run(t, feed_dict={p: h.handle}))
    out["delete_again"] = _error(lambda: sess.run(deleter, feed_dict={holder: h.handle}))
    h2 = sess.run(h_t)
    h2.delete()
    out["eval_deleted"] = message_has(h2.eval, "may have already been deleted")
    out["delete_twice"] = message_has(h2.delete, "may have already been deleted")
    out["feed_deleted"] = _error(lambda: sess.run(t + 1, feed_dict={t: h2}))
    h3 = sess.run(h_t)
    out["raw"] = h3.get_raw_handle()
    out["raw_eval"] = catch(h3.eval)
    return out


def case_handle_wrong_dtype_read(tf):
    sess = tf.Session()
    h = sess.run(tf.get_session_handle(tf.constant(1.0)))
    p, t = tf.get_session_tensor(h.handle, tf.int32)
    return _error(lambda: sess.run(t, feed_dict={p: h.handle}))


def case_handle_per_session_and_closed(tf):
    h_t = tf.get_session_handle(tf.constant([1, 2]))
    s1, s2 = tf.Session(), tf.Session()
    h = s1.run(h_t)
    p, t = tf.get_session_tensor(h.handle, tf.int32)
    out = {"other": _error(lambda: s2.run(t, feed_dict={p: h.handle})), "own": s1.run(t, feed_dict={p: h.handle})}
    raw = h.get_raw_handle()
    s1.close()
    s3 = tf.Session()
    out["after_close"] = _error(lambda: s3.run(t, feed_dict={p: raw}))
    out["unknown"] = _error(lambda: s3.run(t, feed_dict={p: "x;1;/device:CPU:0"}))
    return out


def case_handle_keeps_a_snapshot_of_a_variable(tf):
    v = tf.Variable([3.0, 4.0])
    sess = tf.Session()
    sess.run(v.initializer)
    h = sess.run(tf.get_session_handle(v.read_value() + 1.0))
    sess.run(v.assign([9.0, 9.0]))
    hs = sess.run(tf.get_session_handle(tf.constant(["ab", "c"])))
    return {"snapshot": h.eval(), "strings": hs.eval(), "now": sess.run(v)}


def case_handle_bad_arguments(tf):
    return {"number": message_has(lambda: tf.get_session_handle(1.0), "`data` must be of type Tensor."),
            "variable": catch(tf.get_session_handle, tf.Variable(1.0)),
            "array": catch(tf.get_session_handle, np.ones(2))}


def case_handle_in_a_structure(tf):
    a = tf.constant(np.arange(3))
    h_t = tf.get_session_handle(a)
    sess = tf.Session()
    out = sess.run({"h": h_t, "a": a, "hs": (h_t, a)})
    return {"h": type(out["h"]).__name__, "a": out["a"], "hs0": out["hs"][0].handle, "same": out["h"].handle,
            "hs1": out["hs"][1]}


# ------------------------------------------------------------------ partitioned variables
def _offset_rows(tf):
    def init(shape, dtype=None, partition_info=None):
        offset = partition_info.var_offset[0] if partition_info else 0
        return tf.constant((np.arange(shape[0] * shape[1]).reshape(shape) + offset * shape[1]).astype(np.float32))
    return init


def case_parts_names_shapes_specs(tf):
    with tf.variable_scope("s", partitioner=tf.fixed_size_partitioner(3)):
        w = tf.get_variable("w", [7, 2], initializer=_offset_rows(tf))
    infos = [v._get_save_slice_info() for v in w]
    return {"type": type(w).__name__, "name": w.name, "shape": w.get_shape().as_list(), "dtype": w.dtype.name,
            "len": len(w), "parts": [v.name for v in w], "part_shapes": [v.get_shape().as_list() for v in w],
            "partitions": w._get_partitions(), "specs": [i.spec for i in infos],
            "offsets": [i.var_offset for i in infos], "full": [i.full_name for i in infos],
            "globals": [v.name for v in tf.global_variables()],
            "trainable": [v.name for v in tf.trainable_variables()],
            "initial": [v.initial_value.op.name for v in w]}


def case_parts_concat_and_values(tf):
    w = tf.get_variable("w", [7, 2], initializer=_offset_rows(tf), partitioner=tf.fixed_size_partitioner(3))
    t = tf.convert_to_tensor(w)
    t2 = w.as_tensor()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"t": t.name, "op": t.op.type, "input": t.op.inputs[0].op.name, "t2": t2.name,
            "concat_axis": t.op.inputs[0].op.inputs[-1].op.name, "value": sess.run(t2),
            "parts": sess.run(list(w)), "plus": sess.run(w + 1.0)}


def case_parts_partition_info(tf):
    seen = []

    def init(shape, dtype=None, partition_info=None):
        seen.append([list(shape), partition_info.full_shape, partition_info.var_offset,
                     partition_info.single_offset(shape), partition_info.single_slice_dim(shape)])
        return tf.zeros(shape, dtype)
    tf.get_variable("w", [5, 4], initializer=init, partitioner=tf.fixed_size_partitioner(2, axis=1))
    tf.get_variable("v", [5], initializer=init, partitioner=tf.fixed_size_partitioner(5))
    return seen


def case_parts_reuse(tf):
    with tf.variable_scope("s", partitioner=tf.fixed_size_partitioner(3)):
        w = tf.get_variable("w", [7, 2])
    with tf.variable_scope("s", reuse=True):
        same = tf.get_variable("w", [7, 2]) is w
        part = tf.get_variable("w/part_0", [3, 2]).name
    with tf.variable_scope("s", reuse=tf.AUTO_REUSE, partitioner=tf.fixed_size_partitioner(3)):
        auto = tf.get_variable("w", [7, 2]) is w

    def other_partitions():
        with tf.variable_scope("s", partitioner=tf.fixed_size_partitioner(2), reuse=True):
            tf.get_variable("w", [7, 2])

    def again():
        with tf.variable_scope("s", partitioner=tf.fixed_size_partitioner(3)):
            tf.get_variable("w", [7, 2])

    def unpartitioned_first():
        tf.get_variable("x", [4, 2])
        tf.get_variable("x", [4, 2], partitioner=tf.fixed_size_partitioner(2))

    def missing():
        with tf.variable_scope("s", reuse=True, partitioner=tf.fixed_size_partitioner(2)):
            tf.get_variable("nope", [4, 2])

    def plain_over_parts():
        tf.get_variable("s/w", [7, 2])

    return {"same": same, "part": part, "auto": auto,
            "other": message_has(other_partitions, "specified partitions [2, 1] and found partitions [3, 1]"),
            "again": message_has(again, "Partitioned variable with name s/w already exists"),
            "unpartitioned": message_has(unpartitioned_first, "unpartitioned version of the variable was found: x"),
            "missing": message_has(missing, "PartitionedVariable s/nope does not exist"),
            "plain": message_has(plain_over_parts, "a partitioned version of the variable was found: s/w/part_0")}


def case_parts_partitioner_errors(tf):
    return {
        "not_callable": message_has(lambda: tf.get_variable("a", [4], partitioner=3), "Partitioner must be callable"),
        "unknown_shape": message_has(lambda: tf.get_variable("b", partitioner=tf.fixed_size_partitioner(3),
                                                             initializer=tf.zeros_initializer()),
                                     "must be fully defined"),
        "two_axes": message_has(lambda: tf.get_variable("c", [3, 3], partitioner=lambda shape, dtype: [2, 2]),
                                "Can only slice a variable along one dimension"),
        "rank": message_has(lambda: tf.get_variable("d", [3, 3], partitioner=lambda shape, dtype: [2]),
                            "does not match the Variable's rank"),
        "zero": message_has(lambda: tf.get_variable("e", [3, 3], partitioner=lambda shape, dtype: [0, 1]),
                            "zero partitions for some axes"),
        "not_sequence": message_has(lambda: tf.get_variable("f", [3], partitioner=lambda shape, dtype: 3),
                                    "Partitioner must return a sequence"),
    }


def case_parts_scalar_and_tensor_initializers(tf):
    s = tf.get_variable("sc", [], partitioner=tf.fixed_size_partitioner(3))
    z = tf.get_variable("z", initializer=tf.constant([[1., 2.], [3., 4.], [5., 6.]]),
                        partitioner=tf.fixed_size_partitioner(2))
    n = tf.get_variable("n", [4], dtype=tf.int32, partitioner=tf.fixed_size_partitioner(4))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"scalar": [type(s).__name__, s.name], "z": [v.name for v in z], "z_init": [v.initial_value.op.name for v in z],
            "z_values": sess.run(list(z)), "n": [sess.run(list(n)), n.dtype.name, len(n)],
            "more_parts_than_rows": len(tf.get_variable("m", [2, 3], partitioner=tf.fixed_size_partitioner(5)))}


def case_parts_create_partitioned_variables(tf):
    vs = tf.create_partitioned_variables([5, 4], [1, 2], tf.ones_initializer(), name="cp")
    auto = tf.create_partitioned_variables([5, 4], [5, 1], tf.ones_initializer())
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"names": [v.name for v in vs], "specs": [v._get_save_slice_info().spec for v in vs],
            "auto": [v.name for v in auto], "values": sess.run(vs),
            "length": message_has(lambda: tf.create_partitioned_variables([5, 4], [5], tf.ones_initializer()),
                                  "must have the length"),
            "rank0": catch(tf.create_partitioned_variables, [], [], tf.ones_initializer())}


def case_parts_embedding_lookup(tf):
    w = tf.get_variable("w", [7, 2], initializer=_offset_rows(tf), partitioner=tf.fixed_size_partitioner(3))
    ids = tf.constant([[0, 3], [6, 2]])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"mod": sess.run(tf.nn.embedding_lookup(w, ids)),
            "div": sess.run(tf.nn.embedding_lookup(w, ids, partition_strategy="div")),
            "list_mod": sess.run(tf.nn.embedding_lookup(list(w), [1, 4]))}


def case_parts_gradients_and_training(tf):
    w = tf.get_variable("w", [7, 2], initializer=_offset_rows(tf), partitioner=tf.fixed_size_partitioner(3))
    ids = tf.constant([0, 3, 6, 2])
    loss = tf.reduce_sum(tf.matmul(tf.ones([1, 7]), w)) + tf.reduce_sum(tf.nn.embedding_lookup(w, ids))
    grads = [tf.convert_to_tensor(g) for g in tf.gradients(loss, list(w))]
    whole = tf.gradients(tf.reduce_sum(w.as_tensor() * 2.0), list(w))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out = {"grads": sess.run(grads), "whole": sess.run(whole)}
    sess.run(train)
    out["after"] = sess.run(w.as_tensor())
    return out


def case_parts_assign(tf):
    w = tf.get_variable("w", [5, 2], partitioner=tf.fixed_size_partitioner(2))
    sess = tf.Session()
    ops = w.assign(np.arange(10, dtype=np.float32).reshape(5, 2))
    sess.run(ops)
    out = {"kinds": [type(o).__name__ for o in ops], "count": len(ops), "value": sess.run(w.as_tensor())}
    sess.run(w.assign_add(np.ones([5, 2], np.float32)))
    sess.run(w.assign_sub([np.ones([3, 2], np.float32), np.ones([2, 2], np.float32) * 2]))
    out["after"] = sess.run(list(w))
    out["no_read"] = catch(w.assign, np.zeros([5, 2], np.float32), read_value=False)
    return out


def case_parts_stock_partitioners(tf):
    m = tf.get_variable("m", [10, 8], partitioner=tf.min_max_variable_partitioner(max_partitions=4,
                                                                                    min_slice_size=64))
    a = tf.get_variable("a", [10, 8], partitioner=tf.variable_axis_size_partitioner(max_shard_bytes=100))
    f = tf.get_variable("f", [3, 9], partitioner=tf.fixed_size_partitioner(4, axis=1))
    with tf.variable_scope("outer", partitioner=tf.fixed_size_partitioner(2)):
        with tf.variable_scope("inner"):
            inherited = tf.get_variable("v", [4, 1])
        with tf.variable_scope("none", partitioner=None):
            still = tf.get_variable("u", [4, 1])
    return {"minmax": [v.get_shape().as_list() for v in m], "axis": [v.get_shape().as_list() for v in a],
            "fixed_axis1": [v._get_save_slice_info().spec for v in f],
            "inherited": [v.name for v in inherited], "still": type(still).__name__}


# ------------------------------------------------------------------ partitioned checkpoints
def _partitioned_model(tf, parts):
    with tf.variable_scope("s", partitioner=tf.fixed_size_partitioner(parts)):
        w = tf.get_variable("w", [7, 2], initializer=tf.zeros_initializer())
    b = tf.get_variable("b", [2], initializer=tf.zeros_initializer())
    return w, b


def case_saver_writes_one_entry_with_slices(tf):
    d = tempfile.mkdtemp()
    try:
        w, b = _partitioned_model(tf, 3)
        saver = tf.train.Saver()
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run([w.assign(np.arange(14, dtype=np.float32).reshape(7, 2)), b.assign([5.0, 6.0])])
        path = saver.save(sess, os.path.join(d, "m"))
        reader = tf.train.NewCheckpointReader(path)
        g = tf.get_default_graph()
        return {"shapes": sorted(reader.get_variable_to_shape_map().items()), "w": reader.get_tensor("s/w"),
                "names": sess.run(g.get_tensor_by_name("save/SaveV2/tensor_names:0")),
                "specs": sess.run(g.get_tensor_by_name("save/SaveV2/shape_and_slices:0")),
                "restore_specs": sess.run(g.get_tensor_by_name("save/RestoreV2/shape_and_slices:0")),
                "listed": tf.train.list_variables(d)}
    finally:
        shutil.rmtree(d)


def case_saver_restores_into_other_partitionings(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            w, b = _partitioned_model(tf, 3)
            sess = tf.Session()
            sess.run(w.assign(np.arange(14, dtype=np.float32).reshape(7, 2)))
            sess.run(b.initializer)
            path = tf.train.Saver().save(sess, os.path.join(d, "m"))
        out = {}
        with tf.Graph().as_default():
            w, b = _partitioned_model(tf, 2)
            sess = tf.Session()
            tf.train.Saver().restore(sess, path)
            out["two_parts"] = sess.run(list(w))
        with tf.Graph().as_default():
            whole = tf.get_variable("s/w", [7, 2])
            sess = tf.Session()
            tf.train.Saver([whole]).restore(sess, path)
            out["whole"] = sess.run(whole)
        with tf.Graph().as_default():
            whole = tf.get_variable("s/w", [7, 2], initializer=tf.ones_initializer())
            sess = tf.Session()
            sess.run(whole.initializer)
            path2 = tf.train.Saver([whole]).save(sess, os.path.join(d, "plain"))
        with tf.Graph().as_default():
            w, _ = _partitioned_model(tf, 4)
            sess = tf.Session()
            tf.train.Saver({"s/w": w}).restore(sess, path2)
            out["from_whole"] = sess.run(list(w))
        return out
    finally:
        shutil.rmtree(d)


def case_saver_dict_forms_and_mixing(tf):
    d = tempfile.mkdtemp()
    try:
        w = tf.get_variable("w", [5, 3], partitioner=tf.fixed_size_partitioner(2, axis=1))
        value = np.arange(15, dtype=np.float32).reshape(5, 3)
        sess = tf.Session()
        sess.run(w.assign(value))
        path = tf.train.Saver({"renamed": w}).save(sess, os.path.join(d, "a"))
        sess.run(w.assign(np.zeros_like(value)))
        tf.train.Saver({"renamed": list(w)}).restore(sess, path)
        v = tf.Variable(1.0, name="v")
        return {"restored": sess.run(w.as_tensor()), "stored": tf.train.NewCheckpointReader(path).get_tensor("renamed"),
                "mixing": catch(tf.train.Saver, {"x": [list(w)[0], v]}),
                "list_of_part": sorted(tf.train.Saver([list(w)[1]]).saver_def.save_tensor_name.split("/")[:1])}
    finally:
        shutil.rmtree(d)


def case_init_from_checkpoint_partitioned(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            w, b = _partitioned_model(tf, 3)
            sess = tf.Session()
            sess.run(w.assign(np.arange(14, dtype=np.float32).reshape(7, 2)))
            sess.run(b.assign([5.0, 6.0]))
            tf.train.Saver().save(sess, os.path.join(d, "m"))
        with tf.Graph().as_default():
            part = tf.get_variable("new_w", [7, 2], partitioner=tf.fixed_size_partitioner(4))
            with tf.variable_scope("scope"):
                bias = tf.get_variable("b", [2])
                inner = tf.get_variable("s/w", [7, 2], partitioner=tf.fixed_size_partitioner(2))
            tf.train.init_from_checkpoint(d, {"s/w": "new_w", "/": "scope/"})
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            return {"part": sess.run(part.as_tensor()), "bias": sess.run(bias), "inner": sess.run(list(inner))}
    finally:
        shutil.rmtree(d)


# ------------------------------------------------------------------ warm starts
def _old_model(tf, d):
    with open(os.path.join(d, "old.txt"), "w") as f:
        f.write("a\nb\nc\nd\n")
    with open(os.path.join(d, "new.txt"), "w") as f:
        f.write("c\nx\na\ny\nb\n")
    with tf.Graph().as_default():
        tf.get_variable("emb", initializer=np.arange(12, dtype=np.float32).reshape(4, 3))
        tf.get_variable("dense/kernel", initializer=np.arange(6, dtype=np.float32).reshape(3, 2))
        tf.get_variable("cols", initializer=np.arange(8, dtype=np.float32).reshape(2, 4))
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        tf.train.Saver().save(sess, os.path.join(d, "old"))


def _warm(tf, build, **kwargs):
    d = tempfile.mkdtemp()
    try:
        _old_model(tf, d)
        with tf.Graph().as_default():
            variables = build(d)
            kwargs = {k: (v(d) if callable(v) else v) for k, v in kwargs.items()}
            try:
                tf.train.warm_start(os.path.join(d, "old"), **kwargs)
            except Exception as exc:  # the error is the result
                return {"raised": type(exc).__name__}
            sess = tf.Session()
            sess.run(tf.global_variables_initializer())
            return [sess.run(v.as_tensor() if hasattr(v, "as_tensor") else v) for v in variables]
    finally:
        shutil.rmtree(d)


def _vocab(tf, size=5, oov=2, **kwargs):
    return lambda d: {"emb": tf.train.VocabInfo(os.path.join(d, "new.txt"), size, oov, os.path.join(d, "old.txt"),
                                                **kwargs)}


def case_warm_start_vocab_rows(tf):
    def build(d):
        return [tf.get_variable("emb", [7, 3], initializer=tf.ones_initializer()),
                tf.get_variable("dense/kernel", [3, 2], initializer=tf.zeros_initializer())]
    return {"all": _warm(tf, build, var_name_to_vocab_info=_vocab(tf)),
            "dense_only": _warm(tf, build, vars_to_warm_start="dense"),
            "old_size": _warm(tf, build, var_name_to_vocab_info=_vocab(tf, old_vocab_size=2))}


def case_warm_start_partitioned_with_backup(tf):
    def build(d):
        return [tf.get_variable("emb", [7, 3], partitioner=tf.fixed_size_partitioner(4))]
    return _warm(tf, build, vars_to_warm_start=None,
                 var_name_to_vocab_info=_vocab(tf, backup_initializer=tf.ones_initializer()))


def case_warm_start_columns(tf):
    def build(d):
        return [tf.get_variable("cols", [2, 6], partitioner=tf.fixed_size_partitioner(2))]
    return _warm(tf, build, var_name_to_vocab_info=lambda d: {"cols": tf.train.VocabInfo(
        os.path.join(d, "new.txt"), 5, 1, os.path.join(d, "old.txt"), axis=1)})


def case_warm_start_selection_and_renames(tf):
    def build(d):
        return [tf.get_variable("emb", [4, 3], initializer=tf.ones_initializer()),
                tf.get_variable("dense/kernel", [3, 2], initializer=tf.zeros_initializer()),
                tf.get_variable("emb2", [4, 3], initializer=tf.ones_initializer())]

    return {"list": _warm(tf, build, vars_to_warm_start=["emb"], var_name_to_prev_var_name={"emb2": "emb"}),
            "regex": _warm(tf, build, vars_to_warm_start="emb.*", var_name_to_prev_var_name={"emb2": "emb"}),
            "dense_regex": _warm(tf, build, vars_to_warm_start="dense/.*")}


def case_warm_start_errors(tf):
    def build(d):
        return [tf.get_variable("dense/kernel", [3, 2])]

    def wrong_shape(d):
        return [tf.get_variable("emb", [7, 3])]
    return {"int": _warm(tf, build, vars_to_warm_start=3),
            "mixed": _warm(tf, build, vars_to_warm_start=["dense", 3]),
            "unused_rename": _warm(tf, build, var_name_to_prev_var_name={"nope": "dense/kernel"}),
            "unused_vocab": _warm(tf, build, vars_to_warm_start="dense",
                                  var_name_to_vocab_info=lambda d: {"zzz": tf.train.VocabInfo("n", 1, 0, "o")}),
            "missing": _warm(tf, build, var_name_to_prev_var_name={"dense/kernel": "gone"}),
            "shape": _warm(tf, wrong_shape)}


def case_vocab_info(tf):
    info = tf.train.VocabInfo("new", 5, 1, "old")
    return {"fields": list(info._fields), "values": list(info), "axis": catch(tf.train.VocabInfo, "a", 1, 0, "b", axis=2),
            "named": tf.train.VocabInfo("a", 2, 0, "b", old_vocab_size=3, axis=1).old_vocab_size}
