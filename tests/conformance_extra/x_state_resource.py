"""Extra cases: resource variables (use_resource=True, enable_resource_variables) in graph mode with sessions."""
import os
import shutil
import tempfile

import numpy as np

F23 = np.arange(6, dtype=np.float32).reshape(2, 3) / 4


def _error(fn):
    """The class of the error fn raises (messages differ in node lines)."""
    try:
        fn()
    except Exception as exc:  # the error is the result
        return type(exc).__name__
    return "no error"


def _ops(graph):
    return [(o.name, o.type) for o in graph.get_operations()]


# ------------------------------------------------------------------ construction
def case_variable_ops_and_names(tf):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)
    return {"type": type(v).__name__, "name": v.name, "op": v.op.name, "op_type": v.op.type,
            "dtype": v.dtype.name, "shape": v.shape.as_list(), "handle": v.handle.name,
            "handle_dtype": v.handle.dtype.name, "initializer": v.initializer.name,
            "initializer_type": v.initializer.type, "initial_value": v.initial_value.name,
            "graph_element": v._as_graph_element().name, "ops": _ops(tf.get_default_graph())}


def case_get_variable_use_resource(tf):
    w = tf.get_variable("w", [2, 3], use_resource=True, initializer=tf.ones_initializer())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return {"type": type(w).__name__, "name": w.name, "value": sess.run(w),
                "ops": _ops(tf.get_default_graph())}


def case_variable_scope_use_resource(tf):
    with tf.variable_scope("s", use_resource=True):
        a = tf.get_variable("a", [2], initializer=tf.zeros_initializer())
        b = tf.Variable(1.0, name="b")
        with tf.variable_scope("inner"):
            c = tf.get_variable("c", [], initializer=tf.zeros_initializer())
    d = tf.get_variable("d", [], initializer=tf.zeros_initializer())
    return [(x.name, type(x).__name__) for x in (a, b, c, d)]


def case_enable_and_disable_resource_variables(tf):
    before = tf.resource_variables_enabled()
    tf.enable_resource_variables()
    try:
        during = tf.resource_variables_enabled()
        a = tf.Variable(1.0, name="a")
        b = tf.get_variable("b", [], initializer=tf.zeros_initializer())
        c = tf.Variable(1.0, name="c", use_resource=False)
    finally:
        tf.disable_resource_variables()
    d = tf.Variable(1.0, name="d")
    return {"before": before, "during": during, "after": tf.resource_variables_enabled(),
            "types": [type(x).__name__ for x in (a, b, c, d)]}


def case_collections_and_trainable(tf):
    a = tf.Variable(1.0, name="a", use_resource=True)
    b = tf.Variable(2.0, name="b", use_resource=True, trainable=False)
    c = tf.get_variable("c", [], use_resource=True, collections=[tf.GraphKeys.LOCAL_VARIABLES])
    return {"global": [v.name for v in tf.global_variables()], "trainable": [v.name for v in tf.trainable_variables()],
            "local": [v.name for v in tf.local_variables()]}


def case_callable_initializer_and_dtype(tf):
    v = tf.Variable(lambda: tf.ones([2], tf.float64), name="v", use_resource=True)
    i = tf.Variable(3, name="i", use_resource=True)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return {"v": sess.run(v), "v_dtype": v.dtype.name, "i": sess.run(i), "i_dtype": i.dtype.name,
                "ops": _ops(tf.get_default_graph())}


# ------------------------------------------------------------------ reads
def case_value_and_read_value(tf):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)
    val, rv = v.value(), v.read_value()
    t = tf.convert_to_tensor(v)
    with tf.Session() as sess:
        sess.run(v.initializer)
        return {"value": (val.name, val.op.type, sess.run(val)), "read": (rv.name, rv.op.type, sess.run(rv)),
                "converted": (t.name, t.op.type), "eval": v.eval(session=sess), "run": sess.run(v)}


def case_operators_read_the_variable(tf):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)
    exprs = [v + 1.0, 2.0 * v, v - v, -v, v ** 2, v / 2.0, v[1]]
    with tf.Session() as sess:
        sess.run(v.initializer)
        return [sess.run(e) for e in exprs]


def case_sparse_read_and_gather(tf):
    v = tf.Variable(F23, name="v", use_resource=True)
    s = v.sparse_read([1, 0, 1])
    g = tf.gather(v, [1])
    with tf.Session() as sess:
        sess.run(v.initializer)
        return {"s": (s.name, s.op.type, sess.run(s)), "g": (g.name, g.op.type, sess.run(g)),
                "shape": s.shape.as_list()}


def case_is_initialized(tf):
    v = tf.Variable(1.0, name="v", use_resource=True)
    flag = v.is_initialized()
    flag2 = tf.is_variable_initialized(v)
    uninit = tf.report_uninitialized_variables()
    with tf.Session() as sess:
        first = sess.run([flag, flag2, uninit])
        sess.run(v.initializer)
        return {"op": flag.op.type, "before": first, "after": sess.run([flag, flag2, uninit])}


def case_uninitialized_read_fails(tf):
    v = tf.Variable(1.0, name="v", use_resource=True)
    with tf.Session() as sess:
        error = _error(lambda: sess.run(v))
        sess.run(v.initializer)
        return {"error": error, "then": sess.run(v)}


# ------------------------------------------------------------------ writes
def case_assign_returns_what_tf_returns(tf):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)
    a = v.assign([3.0, 4.0])
    op = v.assign([5.0, 6.0], read_value=False)
    with tf.Session() as sess:
        sess.run(v.initializer)
        first = sess.run(a)
        sess.run(op)
        return {"a": (type(a).__name__, a.name, a.op.type), "op": (type(op).__name__, op.name, op.type),
                "first": first, "after_op": sess.run(v)}


def case_assign_add_and_sub(tf):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)
    add = v.assign_add([1.0, 1.0])
    sub = v.assign_sub([0.5, 0.5], read_value=False)
    with tf.Session() as sess:
        sess.run(v.initializer)
        return {"add": (add.name, add.op.type, sess.run(add), sess.run(add)),
                "sub": (sub.name, sub.type), "sub_run": sess.run(sub), "v": sess.run(v)}


def case_tf_assign_functions_on_resource(tf):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)
    a = tf.assign(v, [4.0, 5.0])
    b = tf.assign_add(v, [1.0, 1.0])
    c = tf.assign_sub(v, [2.0, 2.0])
    with tf.Session() as sess:
        sess.run(v.initializer)
        return [(x.op.type, sess.run(x).tolist()) for x in (a, b, c)]


def case_scatter_methods(tf):
    v = tf.Variable(F23, name="v", use_resource=True)
    rows = tf.IndexedSlices(tf.constant([[1.0, 2.0, 3.0]]), tf.constant([1]))
    out = {}
    with tf.Session() as sess:
        for m in ("scatter_update", "scatter_add", "scatter_sub", "scatter_mul", "scatter_div", "scatter_max",
                  "scatter_min"):
            sess.run(v.initializer)
            r = getattr(v, m)(rows)
            out[m] = (r.op.type, sess.run(r).tolist())
    return out


def case_scatter_nd_methods(tf):
    v = tf.Variable(F23, name="v", use_resource=True)
    out = {}
    with tf.Session() as sess:
        for m in ("scatter_nd_update", "scatter_nd_add", "scatter_nd_sub"):
            sess.run(v.initializer)
            r = getattr(v, m)([[0, 1], [1, 2]], [10.0, 20.0])
            out[m] = (r.op.type, sess.run(r).tolist())
    return out


def case_state_ops_scatter_on_resource(tf):
    v = tf.Variable(F23, name="v", use_resource=True)
    r = tf.scatter_add(v, [0, 0], [[1.0, 1.0, 1.0], [2.0, 2.0, 2.0]])
    s = tf.scatter_nd_update(v, [[1, 1]], [9.0])
    with tf.Session() as sess:
        sess.run(v.initializer)
        return {"r": (r.op.type, sess.run(r).tolist()), "s": (s.op.type, sess.run(s).tolist())}


def case_load_and_eval(tf):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)
    with tf.Session() as sess:
        sess.run(v.initializer)
        v.load([7.0, 8.0], sess)
        return v.eval(sess)


def case_assign_shape_mismatch_raises(tf):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)
    return _error(lambda: v.assign([1.0, 2.0, 3.0]))


def case_resource_add_in_place_raises(tf):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)

    def iadd():
        w = v
        w += 1.0
    return _error(iadd)


# ------------------------------------------------------------------ control dependencies
def case_read_after_assign_under_control_dependencies(tf):
    v = tf.Variable(1.0, name="v", use_resource=True)
    a = v.assign(5.0, read_value=False)
    with tf.control_dependencies([a]):
        r = v.read_value()
    with tf.Session() as sess:
        sess.run(v.initializer)
        return sess.run(r)


def case_read_before_write_keeps_value(tf):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)
    before = tf.identity(v.value())
    with tf.control_dependencies([before]):
        w = v.assign_add([10.0, 10.0], read_value=False)
    with tf.control_dependencies([w]):
        after = v.read_value()
    with tf.Session() as sess:
        sess.run(v.initializer)
        return sess.run([before, after])


def case_chained_lazy_reads(tf):
    v = tf.Variable(1.0, name="v", use_resource=True)
    a = v.assign_add(1.0).assign_add(2.0).assign(v * 0 + 7.0)
    with tf.Session() as sess:
        sess.run(v.initializer)
        return sess.run(a), sess.run(v)


# ------------------------------------------------------------------ gradients and optimizers
def case_gradients_dense_and_sparse(tf):
    v = tf.Variable(F23, name="v", use_resource=True)
    loss = tf.reduce_sum(v * v) + tf.reduce_sum(tf.gather(v, [1, 1]))
    g = tf.gradients(loss, [v])[0]
    gs = tf.gradients(tf.reduce_sum(tf.gather(v, [0, 1, 0])), v)[0]
    with tf.Session() as sess:
        sess.run(v.initializer)
        dense = sess.run(tf.convert_to_tensor(g))
        sparse = sess.run(gs)
        return {"dense": dense, "type": type(gs).__name__, "values": sparse.values, "indices": sparse.indices,
                "dense_shape": sparse.dense_shape}


def _train(tf, make, sparse, steps=3):
    tf.set_random_seed(1)
    w = tf.get_variable("w", initializer=F23 + 0.5, use_resource=True)
    x = tf.constant(np.linspace(-1, 1, 6, dtype=np.float32).reshape(2, 3))
    used = tf.gather(w, [0, 1, 1]) if sparse else tf.matmul(x, tf.transpose(w))
    loss = tf.reduce_sum(tf.square(used - 0.3))
    step = tf.train.get_or_create_global_step()
    opt = make()
    train = opt.minimize(loss, global_step=step)
    types = sorted({o.type for o in tf.get_default_graph().get_operations()
                    if o.type.startswith("Resource") and o.type != "ResourceGather"})
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(steps):
            sess.run(train)
        return {"w": sess.run(w), "step": sess.run(step), "types": types,
                "slots": sorted((v.op.name, type(v).__name__) for v in opt.variables())}


def case_train_gradient_descent(tf):
    return [_train(tf, lambda: tf.train.GradientDescentOptimizer(0.1), s) for s in (False,)]


def case_train_gradient_descent_sparse(tf):
    return _train(tf, lambda: tf.train.GradientDescentOptimizer(0.1), True)


def case_train_momentum(tf):
    return _train(tf, lambda: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True), False)


def case_train_momentum_sparse(tf):
    return _train(tf, lambda: tf.train.MomentumOptimizer(0.1, 0.9), True)


def case_train_adam(tf):
    return _train(tf, lambda: tf.train.AdamOptimizer(0.1), False)


def case_train_adam_sparse(tf):
    return _train(tf, lambda: tf.train.AdamOptimizer(0.1), True)


def case_train_adagrad(tf):
    return _train(tf, lambda: tf.train.AdagradOptimizer(0.1), False)


def case_train_adagrad_sparse(tf):
    return _train(tf, lambda: tf.train.AdagradOptimizer(0.1), True)


def case_train_rmsprop(tf):
    return _train(tf, lambda: tf.train.RMSPropOptimizer(0.05, momentum=0.5), False)


def case_train_rmsprop_centered_sparse(tf):
    return _train(tf, lambda: tf.train.RMSPropOptimizer(0.05, centered=True), True)


def case_train_adadelta(tf):
    return _train(tf, lambda: tf.train.AdadeltaOptimizer(1.0), False)


def case_train_ftrl(tf):
    return _train(tf, lambda: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01), False)


def case_train_ftrl_sparse(tf):
    return _train(tf, lambda: tf.train.FtrlOptimizer(0.1), True)


def case_train_proximal_adagrad(tf):
    return _train(tf, lambda: tf.train.ProximalAdagradOptimizer(0.1, l2_regularization_strength=0.01), False)


# ------------------------------------------------------------------ saving and meta graphs
def case_saver_round_trip(tf):
    d = tempfile.mkdtemp()
    try:
        v = tf.Variable(F23, name="v", use_resource=True)
        r = tf.Variable([1, 2], name="r")
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            sess.run(v.assign(v * 3))
            path = saver.save(sess, os.path.join(d, "m"))
        with tf.Session() as sess:
            saver.restore(sess, path)
            got = sess.run([v, r])
        keys = sorted(tf.train.list_variables(path))
        return {"got": got, "keys": [k for k, _ in keys]}
    finally:
        shutil.rmtree(d)


def case_meta_graph_round_trip(tf):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)
    meta = tf.train.export_meta_graph()
    defs = meta.collection_def["variables"].bytes_list.value
    return {"count": len(defs), "kinds": sorted({n.op for n in meta.graph_def.node})}


def case_import_meta_graph_gives_resource_variable(tf):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)
    meta = tf.train.export_meta_graph()
    with tf.Graph().as_default():
        tf.train.import_meta_graph(meta)
        got = tf.global_variables()[0]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            return {"type": type(got).__name__, "name": got.name, "value": sess.run(got),
                    "dtype": got.dtype.name, "shape": got.shape.as_list()}


def case_variables_initializer_subset(tf):
    a = tf.Variable(1.0, name="a", use_resource=True)
    b = tf.Variable(2.0, name="b", use_resource=True)
    with tf.Session() as sess:
        sess.run(tf.variables_initializer([a]))
        return {"a": sess.run(a), "b": _error(lambda: sess.run(b)),
                "uninit": sess.run(tf.report_uninitialized_variables())}


# ------------------------------------------------------------------ layers, cells, templates, partitions
def case_dense_layer_in_resource_scope(tf):
    with tf.variable_scope("net", use_resource=True):
        x = tf.constant(np.ones((2, 3), np.float32))
        y = tf.layers.dense(x, 2, kernel_initializer=tf.ones_initializer())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return {"y": sess.run(y), "vars": [(v.name, type(v).__name__) for v in tf.global_variables()]}


def case_rnn_cell_in_resource_scope(tf):
    with tf.variable_scope("rnn", use_resource=True, initializer=tf.constant_initializer(0.1)):
        cell = tf.nn.rnn_cell.BasicRNNCell(2)
        x = tf.constant(np.ones((1, 3, 2), np.float32))
        out, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return {"out": sess.run(out), "vars": [(v.name, type(v).__name__) for v in tf.global_variables()]}


def case_template_in_resource_scope(tf):
    def f(x):
        w = tf.get_variable("w", [], initializer=tf.constant_initializer(2.0))
        return x * w
    t = tf.make_template("t", f)
    with tf.variable_scope("outer", use_resource=True):
        a, b = t(1.0), t(3.0)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return {"ab": sess.run([a, b]), "vars": [(v.name, type(v).__name__) for v in tf.global_variables()]}


def case_partitioned_resource_variable(tf):
    p = tf.get_variable("p", [4, 2], initializer=tf.constant_initializer(1.5), use_resource=True,
                        partitioner=tf.fixed_size_partitioner(2))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return {"value": sess.run(tf.convert_to_tensor(p)),
                "parts": [(v.name, type(v).__name__) for v in p]}


# ------------------------------------------------------------------ more of the variable's API
def case_slice_assign(tf):
    v = tf.Variable(F23, name="v", use_resource=True)
    s = v[0:1, 1:].assign([[8.0, 9.0]])
    with tf.Session() as sess:
        sess.run(v.initializer)
        return {"op": s.op.type, "name": s.op.name, "value": sess.run(s)}


def case_count_up_to(tf):
    c = tf.Variable(0, name="c", use_resource=True)
    up = c.count_up_to(2)
    with tf.Session() as sess:
        sess.run(c.initializer)
        got = [sess.run(up), sess.run(up)]
        return {"op": up.op.type, "got": got, "then": _error(lambda: sess.run(up)), "c": sess.run(c)}


def case_moving_average_of_resource_variable(tf):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)
    ema = tf.train.ExponentialMovingAverage(0.5)
    update = ema.apply([v])
    avg = ema.average(v)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(v.assign([3.0, 6.0]).op)
        sess.run(update)
        return {"type": type(avg).__name__, "name": avg.name, "avg": sess.run(avg),
                "restore": sorted(ema.variables_to_restore())}


def case_init_from_checkpoint(tf):
    d = tempfile.mkdtemp()
    try:
        with tf.Graph().as_default():
            v = tf.Variable([1.0, 2.0], name="v", use_resource=True)
            saver = tf.train.Saver()
            with tf.Session() as sess:
                sess.run(v.initializer)
                sess.run(v.assign([5.0, 6.0]).op)
                path = saver.save(sess, os.path.join(d, "m"))
        with tf.Graph().as_default():
            w = tf.get_variable("v", [2], use_resource=True)
            tf.train.init_from_checkpoint(path, {"v": "v"})
            with tf.Session() as sess:
                sess.run(tf.global_variables_initializer())
                return sess.run(w)
    finally:
        shutil.rmtree(d)


def case_validate_shape_false_and_unknown_shapes(tf):
    p = tf.placeholder_with_default([1.0, 2.0], [None])
    v = tf.Variable(p, name="v", use_resource=True, validate_shape=False)
    a = v.assign([1.0, 2.0, 3.0])
    with tf.Session() as sess:
        sess.run(v.initializer)
        return {"shape": v.shape.as_list(), "handle_shape": v.op.get_attr("shape").as_list(),
                "after": sess.run(a), "value_shape": v.value().shape.as_list()}


def case_reads_inside_while_and_cond(tf):
    v = tf.Variable(2.0, name="v", use_resource=True)
    r = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a + v.read_value()), [0, 0.0])
    c = tf.cond(tf.constant(False), lambda: v * 2.0, lambda: v - 1.0)
    with tf.Session() as sess:
        sess.run(v.initializer)
        return {"while": sess.run(r), "cond": sess.run(c)}


def case_caching_device(tf):
    v = tf.Variable(1.0, name="v", use_resource=True, caching_device="/cpu:0")
    with tf.Session() as sess:
        sess.run(v.initializer)
        return {"value": (v.value().name, v.value().op.type, sess.run(v.value())),
                "ops": [o for o in _ops(tf.get_default_graph()) if o[0].startswith("v")]}


def case_gradient_tape_on_resource_variable(tf):
    v = tf.Variable([1.0, 2.0], name="v", use_resource=True)
    with tf.GradientTape() as tape:
        y = tf.reduce_sum(v * v * v)
    g = tape.gradient(y, v)
    with tf.Session() as sess:
        sess.run(v.initializer)
        return sess.run(g)


def case_embedding_lookup_of_resource_variable(tf):
    v = tf.Variable(F23, name="v", use_resource=True)
    e = tf.nn.embedding_lookup(v, [1, 0, 1])
    g = tf.gradients(tf.reduce_sum(e), v)[0]
    with tf.Session() as sess:
        sess.run(v.initializer)
        got = sess.run(g)
        return {"e": sess.run(e), "grad_type": type(g).__name__, "indices": got.indices, "values": got.values}


def case_batch_scatter_update_values(tf):
    v = tf.Variable(np.arange(12, dtype=np.float32).reshape(2, 3, 2), name="v", use_resource=True)
    rows = tf.constant(np.float32([[[7, 7], [8, 8]], [[9, 9], [1, 1]]]))
    r = v.batch_scatter_update(tf.IndexedSlices(rows, tf.constant([[2, 0], [1, 1]])))
    w = tf.Variable([1.0, 2.0, 3.0], name="w", use_resource=True)
    q = w.batch_scatter_update(tf.IndexedSlices(tf.constant([7.0, 8.0]), tf.constant([2, 0])))
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return [sess.run(r), sess.run(q)]


def case_creators_see_resource_variables_once(tf):
    seen = []

    def creator(next_creator, **kwargs):
        seen.append((kwargs["name"], kwargs["use_resource"]))
        return next_creator(**kwargs)
    with tf.variable_creator_scope(creator):
        u = tf.Variable(1.0, name="u", use_resource=True)
        a = u.assign(2.0)
        with tf.variable_scope("s", use_resource=True):
            tf.get_variable("g", [], initializer=tf.zeros_initializer())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return {"seen": seen, "a": sess.run(a), "types": [type(v).__name__ for v in tf.global_variables()]}
