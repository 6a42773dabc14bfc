"""Extra variable cases: names, dtypes, initializers, scopes, collections, state ops."""
import numpy as np

from _harness import catch, message_has


def case_variable_dtype_and_ref_names(tf):
    v = tf.Variable([1.0, 2.0], name="v")
    i = tf.Variable(3, name="i", dtype=tf.int64)
    return {
        "dtype": v.dtype.name, "base": v.dtype.base_dtype.name,
        "op_type": v.op.type, "op_name": v.op.name, "name": v.name,
        "value_dtype": v.value().dtype.name, "read_dtype": v.read_value().dtype.name,
        "i_dtype": i.dtype.name, "i_shape": i.get_shape().as_list(),
        "initial_value_name": v.initial_value.op.name,
        "initializer_name": v.initializer.name, "initializer_type": v.initializer.type,
        "value_op": v.value().op.name, "value_type": v.value().op.type,
        "graph_ok": v.graph is tf.get_default_graph(),
        "device": v.device,
    }


def case_variable_bad_args(tf):
    return {
        "none_initial": catch(tf.Variable, None),
        "none_msg": message_has(lambda: tf.Variable(None), "initial_value must be specified"),
        "callable_with_dtype": tf.Variable(lambda: [1, 2], dtype=tf.float32).dtype.name,
        "bad_convert": catch(tf.Variable, [1.0, 2.0], dtype=tf.int32),
        "ragged": catch(tf.Variable, [[1, 2], [3]]),
    }


def case_variable_validate_shape_false(tf):
    p = tf.placeholder(tf.float32, [None, 2])
    v = tf.Variable(p, validate_shape=False)
    w = tf.Variable(tf.zeros([2]), name="w")
    grow = tf.assign(w, [1.0, 2.0, 3.0], validate_shape=False)
    sess = tf.Session()
    sess.run(v.initializer, {p: [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]})
    sess.run(w.initializer)
    out = sess.run(grow)
    return {"static": str(v.shape), "value": sess.run(v), "grow": out, "w_after": sess.run(w),
            "w_static": w.shape.as_list()}


def case_initialized_value_chain(tf):
    a = tf.Variable(tf.constant([1.0, 2.0]), name="a")
    b = tf.Variable(a.initialized_value() * 3.0, name="b")
    c = tf.Variable(b.initialized_value() + a.initialized_value(), name="c")
    sess = tf.Session()
    sess.run(c.initializer)
    initialized = sess.run([tf.is_variable_initialized(x) for x in (a, b, c)])
    sess2 = tf.Session()
    sess2.run(tf.global_variables_initializer())
    return {"c": sess.run(c), "initialized": initialized, "all": sess2.run([a, b, c])}


def case_variable_scope_reuse_rules(tf):
    with tf.variable_scope("s"):
        v = tf.get_variable("v", [1])
    with tf.variable_scope("s", reuse=True):
        v2 = tf.get_variable("v", [1])
        missing = message_has(lambda: tf.get_variable("u", [1]), "does not exist", "s/u",
                              "reuse=tf.AUTO_REUSE")
    with tf.variable_scope("s") as scope:
        scope.reuse_variables()
        v3 = tf.get_variable("v")
    with tf.variable_scope("s", reuse=tf.AUTO_REUSE):
        v4 = tf.get_variable("v", [1])
        new = tf.get_variable("n", [2])
    with tf.variable_scope("s"):
        dup = message_has(lambda: tf.get_variable("v", [1]), "already exists", "s/v", "reuse=True")
    return {"same": [v is v2, v is v3, v is v4], "new": new.name, "missing": missing, "dup": dup}


def case_get_variable_shape_dtype_mismatch(tf):
    with tf.variable_scope("m"):
        tf.get_variable("x", [2, 3])
    with tf.variable_scope("m", reuse=True):
        shape = message_has(lambda: tf.get_variable("x", [3, 2]), "Trying to share variable m/x",
                            "incompatible shape", "(2, 3)", "(3, 2)")
        dtype = message_has(lambda: tf.get_variable("x", [2, 3], dtype=tf.int32),
                            "Trying to share variable m/x", "incompatible dtype", "float32", "int32")
        ok = tf.get_variable("x").shape.as_list()
    return {"shape": shape, "dtype": dtype, "ok": ok}


def case_variable_scope_names(tf):
    with tf.variable_scope("outer"):
        with tf.variable_scope("inner") as inner:
            v = tf.get_variable("v", [1])
            t = tf.constant(1.0, name="t")
        with tf.variable_scope(inner):
            w = tf.get_variable("w", [1])
            t2 = tf.constant(1.0, name="t")
    with tf.variable_scope("outer", reuse=True):
        with tf.variable_scope("inner"):
            v_again = tf.get_variable("v")
            t3 = tf.constant(1.0, name="t")
    with tf.variable_scope(None, default_name="blk"):
        b1 = tf.get_variable("b", [1])
    with tf.variable_scope(None, default_name="blk"):
        b2 = tf.get_variable("b", [1])
    return {"names": [v.name, w.name, b1.name, b2.name, inner.name],
            "ops": [t.op.name, t2.op.name, t3.op.name], "same": v is v_again}


def case_get_variable_initializers_and_dtypes(tf):
    with tf.variable_scope("init", initializer=tf.constant_initializer(0.5)):
        a = tf.get_variable("a", [2])
        b = tf.get_variable("b", [2], initializer=tf.zeros_initializer())
        c_err = catch(tf.get_variable, "c", [2], dtype=tf.int32)
        c = tf.get_variable("c2", [2], dtype=tf.int32, initializer=tf.zeros_initializer())
        d = tf.get_variable("d", [2, 2], initializer=tf.ones_initializer(), dtype=tf.float64)
        e = tf.get_variable("e", initializer=[1, 2, 3])
        f = tf.get_variable("f", [3], initializer=tf.constant_initializer([4, 5, 6]), dtype=tf.int64)
        g = tf.get_variable("g", [2], dtype=tf.bool)
        h = tf.get_variable("h", [2], dtype=tf.string)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    vs = [a, b, c, d, e, f, g, h]
    return {"values": sess.run(vs), "dtypes": [x.dtype.name for x in vs], "c_err": c_err}


def case_constant_initializer_errors(tf):
    return {
        "too_many": catch(lambda: tf.get_variable("x", [2], initializer=tf.constant_initializer([1, 2, 3]))),
        "msg": message_has(lambda: tf.get_variable("y", [2], initializer=tf.constant_initializer([1, 2, 3])),
                           "Too many elements"),
        "fewer_pad": catch(lambda: tf.get_variable("z", [4], initializer=tf.constant_initializer([1.0, 2.0]))),
    }


def case_initializer_objects_direct(tf):
    z = tf.zeros_initializer()([2, 2])
    o = tf.ones_initializer(dtype=tf.int32)([3])
    c = tf.constant_initializer(7)([2], dtype=tf.float64)
    ru = tf.random_uniform_initializer(-1.0, 1.0, seed=1)([100])
    tn = tf.truncated_normal_initializer(stddev=1.0, seed=2)([1000])
    eye = tf.initializers.identity()([2, 3])
    sess = tf.Session()
    zv, ov, cv, ruv, tnv, ev = sess.run([z, o, c, ru, tn, eye])
    return {"z": zv, "o": ov, "c": cv, "ru_range": bool(ruv.min() >= -1 and ruv.max() < 1),
            "tn_range": bool(np.abs(tnv).max() <= 2.0), "eye": ev,
            "dtypes": [t.dtype.name for t in (z, o, c, ru, tn, eye)]}


def case_collections_and_local_variables(tf):
    a = tf.Variable(1, name="a", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    b = tf.get_variable("b", [1], collections=["custom"])
    c = tf.get_local_variable("c", [1])
    d = tf.Variable(2, name="d", trainable=True, collections=["mine"])
    e = tf.get_variable("e", [1], trainable=False)
    m = tf.model_variables()
    tf.add_to_collection(tf.GraphKeys.MODEL_VARIABLES, e)
    return {
        "global": [v.name for v in tf.global_variables()],
        "local": [v.name for v in tf.local_variables()],
        "trainable": [v.name for v in tf.trainable_variables()],
        "custom": [v.name for v in tf.get_collection("custom")],
        "mine": [v.name for v in tf.get_collection("mine")],
        "model_before": len(m), "model": [v.name for v in tf.model_variables()],
        "all_vars": [v.name for v in tf.all_variables()],
        "c_trainable": c in tf.trainable_variables(),
        "scoped": [v.name for v in tf.global_variables(scope="e")],
    }


def case_local_variables_initializer(tf):
    g = tf.Variable(1.0, name="g")
    l = tf.Variable(2.0, name="l", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    sess = tf.Session()
    sess.run(tf.local_variables_initializer())
    rep = sess.run(tf.report_uninitialized_variables())
    rep_local = sess.run(tf.report_uninitialized_variables(tf.local_variables()))
    sess.run(tf.global_variables_initializer())
    return {"l": sess.run(l), "rep": rep, "rep_local": rep_local, "g": sess.run(g),
            "ready": sess.run(tf.report_uninitialized_variables()),
            "empty_init_type": tf.variables_initializer([]).type}


def case_report_uninitialized_shape_and_name(tf):
    r0 = tf.report_uninitialized_variables()
    v = tf.Variable(1.0, name="only")
    r1 = tf.report_uninitialized_variables()
    r2 = tf.report_uninitialized_variables([v])
    sess = tf.Session()
    return {"empty": sess.run(r0), "r1": sess.run(r1), "r2": sess.run(r2), "dtype": r1.dtype.name,
            "shape": r1.shape.as_list(), "name": r1.op.name, "r0_shape": r0.shape.as_list(),
            "r0_name": r0.op.name}


def case_assert_variables_initialized(tf):
    v = tf.Variable(1.0)
    w = tf.Variable(2.0)
    check = tf.assert_variables_initialized([v, w])
    sess = tf.Session()
    before = catch(sess.run, check)
    sess.run(tf.global_variables_initializer())
    return {"before": before, "after": sess.run(check)}


def case_assign_ops_return_and_names(tf):
    v = tf.Variable([1, 2, 3], name="v")
    a = tf.assign(v, [4, 5, 6])
    b = tf.assign_add(v, [1, 1, 1], name="bump")
    c = v.assign_sub([2, 2, 2])
    u = v.assign([9, 9, 9], read_value=False)
    return {
        "names": [a.op.name, b.op.name, c.op.name],
        "types": [a.op.type, b.op.type, c.op.type],
        "dtypes": [a.dtype.name, b.dtype.name, c.dtype.name],
        "u_is_op": type(u).__name__,
        "u_type": u.type,
        "use_locking": [a.op.get_attr("use_locking"), a.op.get_attr("validate_shape")],
    }


def case_assign_add_dtype_errors(tf):
    v = tf.Variable([1, 2], name="iv")
    f = tf.Variable([1.0, 2.0], name="fv")
    return {
        "int_plus_float": catch(tf.assign_add, v, [0.5, 0.5]),
        "float_plus_int_tensor": catch(tf.assign_add, f, tf.constant([1, 2])),
        "shape": catch(tf.assign_add, f, [1.0, 2.0, 3.0]),
        "python_ints_to_float": tf.assign_add(f, [1, 2]).dtype.name,
        "assign_string": catch(tf.assign, v, ["a", "b"]),
    }


def case_scatter_ops(tf):
    v = tf.Variable([1.0, 2.0, 3.0, 4.0])
    ops = [
        tf.scatter_add(v, [0, 2, 0], [10.0, 20.0, 30.0]),
        tf.scatter_sub(v, [1], [1.0]),
        tf.scatter_mul(v, [3], [2.0]),
        tf.scatter_div(v, [2], [2.0]),
        tf.scatter_max(v, [0, 1], [0.0, 100.0]),
        tf.scatter_min(v, [3], [-1.0]),
        tf.scatter_nd_update(v, [[0], [3]], [5.0, 6.0]),
        tf.scatter_nd_add(v, [[1]], [0.5]),
    ]
    sess = tf.Session()
    sess.run(v.initializer)
    out = [sess.run(op) for op in ops]
    return {"out": out, "types": [op.op.type for op in ops], "names": [op.op.name for op in ops]}


def case_scatter_update_errors(tf):
    v = tf.Variable([[1, 2], [3, 4]])
    idx = tf.placeholder(tf.int32, [None])
    upd = tf.scatter_update(v, idx, [[0, 0]])
    sess = tf.Session()
    sess.run(v.initializer)
    return {
        "out_of_range": catch(sess.run, upd, {idx: [5]}),
        "oor_msg": message_has(lambda: sess.run(upd, {idx: [5]}), "out of range"),
        "bad_static_shape": catch(tf.scatter_update, v, [0], [[1, 2, 3]]),
        "scalar_update": sess.run(tf.scatter_update(v, 1, [7, 8])),
        "after": sess.run(v),
    }


def case_count_up_to(tf):
    v = tf.Variable(0, name="counter")
    up = tf.count_up_to(v, 2)
    sess = tf.Session()
    sess.run(v.initializer)
    vals = [sess.run(up), sess.run(up)]
    return {"vals": vals, "third": catch(sess.run, up), "v": sess.run(v), "dtype": up.dtype.name,
            "msg": message_has(lambda: sess.run(up), "Reached limit of 2")}


def case_uninitialized_through_assign_add(tf):
    v = tf.Variable(1.0, name="acc")
    inc = tf.assign_add(v, 1.0)
    sc = tf.scatter_add(tf.Variable([1.0], name="sc"), [0], [1.0])
    sess = tf.Session()
    return {
        "assign_add": message_has(lambda: sess.run(inc), "uninitialized value acc", "Attempting to use"),
        "scatter": catch(sess.run, sc),
        "assign_ok": sess.run(tf.assign(v, 5.0)),
    }


def case_variable_operators_and_properties(tf):
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]], name="m")
    exprs = {
        "neg": -v, "add": v + 1.0, "radd": 1.0 + v, "mat": tf.matmul(v, v), "idx": v[0],
        "slice": v[:, 1], "pow": v ** 2, "gt": v > 2.0,
    }
    sess = tf.Session()
    sess.run(v.initializer)
    out = sess.run(exprs)
    out["shape"] = v.get_shape().as_list()
    out["eval"] = v.eval(session=sess)
    return out


def case_variable_sliced_assign(tf):
    v = tf.Variable([[1, 2, 3], [4, 5, 6]])
    op = v[0, 1:].assign([20, 30])
    op2 = v[:, 0].assign([0, 0])
    sess = tf.Session()
    sess.run(v.initializer)
    a = sess.run(op)
    b = sess.run(op2)
    return {"a": a, "b": b, "type": op.op.type}


def case_variable_in_name_scope_and_graph_def(tf):
    with tf.name_scope("ns"):
        v = tf.Variable(1.0, name="v")
    gd = tf.get_default_graph().as_graph_def()
    nodes = sorted(n.name for n in gd.node)
    types = sorted(set(n.op for n in gd.node))
    return {"nodes": nodes, "types": types}


def case_variable_scope_inheritance(tf):
    with tf.variable_scope("a", initializer=tf.constant_initializer(2.0), dtype=tf.float64):
        x = tf.get_variable("x", [2])
        with tf.variable_scope("b"):
            y = tf.get_variable("y", [1])
            scope = tf.get_variable_scope()
            info = [scope.name, scope.original_name_scope, scope.reuse, scope.dtype.name]
        with tf.variable_scope("c", initializer=tf.ones_initializer()):
            z = tf.get_variable("z", [1])
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"vals": sess.run([x, y, z]), "dtypes": [v.dtype.name for v in (x, y, z)], "info": info,
            "top": [tf.get_variable_scope().name, tf.get_variable_scope().reuse]}


def case_get_variable_regularizer_and_trainable_scope(tf):
    reg = lambda t: tf.reduce_sum(t) * 0.5
    with tf.variable_scope("r", regularizer=reg):
        w = tf.get_variable("w", [2], initializer=tf.ones_initializer())
        u = tf.get_variable("u", [2], initializer=tf.ones_initializer(), regularizer=lambda t: tf.reduce_sum(t))
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"n": len(losses), "values": sess.run(losses), "names": [l.op.name for l in losses],
            "helper": len(tf.losses.get_regularization_losses())}


def case_variable_name_errors(tf):
    return {
        "colon": catch(tf.Variable, 1.0, name="a:b"),
        "slash_end": tf.Variable(1.0, name="scope/").name,
        "get_var_no_name": catch(tf.get_variable, None, [1]),
        "bad_collections": catch(tf.Variable, 1.0, collections="x"),
        "int_trainable_get_var": catch(tf.get_variable, "iv", [1], dtype=tf.int32, trainable=True),
    }


def case_custom_getter(tf):
    seen = []

    def getter(getter, name, *args, **kwargs):
        seen.append((name, sorted(kwargs)))
        return getter(name, *args, **kwargs)

    with tf.variable_scope("cg", custom_getter=getter):
        v = tf.get_variable("v", [1])
        with tf.variable_scope("inner"):
            w = tf.get_variable("w", [1])
    return {"seen": seen, "names": [v.name, w.name]}


def case_assign_validate_shape_and_ref_behaviour(tf):
    v = tf.Variable([1.0, 2.0], name="v")
    a = tf.assign(v, [3.0, 4.0])
    b = a + 1.0
    sess = tf.Session()
    sess.run(v.initializer)
    return {"b": sess.run(b), "v": sess.run(v), "a_dtype": a.dtype.name,
            "chained": catch(tf.assign, a, [5.0, 6.0]) if False else None,
            "assign_to_tensor": catch(tf.assign, tf.constant([1.0, 2.0]), [5.0, 6.0])}
