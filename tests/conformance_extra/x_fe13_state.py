"""Third-pass variations of the public state_variables cases: variable arguments, assignment
options, scopes, collections and error paths the earlier x_state/x_svar/x_c12 passes left out."""
import numpy as np

from _harness import catch, message_has


def case_initial_values_more_dtypes_and_shapes(tf):
    vs = [tf.Variable(np.float16(1.5)), tf.Variable(np.array([[1, 2]], np.uint8)), tf.Variable("text"),
          tf.Variable([b"a", b"bc"]), tf.Variable(tf.zeros([0, 3])), tf.Variable(3, dtype=tf.int64),
          tf.Variable(1 + 2j)]
    partial = tf.Variable([[1.0]], shape=tf.TensorShape([None, 1]))
    meta = [(v.dtype.name, str(v.shape), v.op.type) for v in vs + [partial]]
    with tf.Session() as sess:
        sess.run(tf.variables_initializer(vs))
        values = sess.run(vs)
        partial_init = catch(sess.run, partial.initializer)
    return {"meta": meta, "values": values, "partial_init": partial_init,
            "bad_dtype": catch(tf.Variable, 1.5, dtype=tf.int32),
            "none": catch(tf.Variable, None)}


def case_uninitialized_messages_and_usable_after(tf):
    with tf.variable_scope("net"):
        v = tf.Variable([1.0, 2.0], name="kernel")
    w = tf.Variable(3.0, name="other")
    both = v + w
    sess = tf.Session()
    sess.run(w.initializer)
    return {
        "through_add": message_has(lambda: sess.run(both), "uninitialized value", "net/kernel"),
        "assign_add_uninit": catch(sess.run, tf.assign_add(v, [1.0, 1.0])),
        "assign_ok": sess.run(tf.assign(v, [5.0, 6.0])),
        "then": sess.run(both),
        "class": catch(sess.run, tf.Variable(1, name="z")),
    }


def case_variables_initializer_empty_and_names(tf):
    a = tf.Variable(1.0, name="a")
    b = tf.Variable(2.0, name="b")
    empty = tf.variables_initializer([])
    named = tf.variables_initializer([a, b], name="my_init")
    sess = tf.Session()
    return {
        "empty_type": empty.type, "empty_run": sess.run(empty),
        "named": named.name, "named_type": named.type,
        "global_name": tf.global_variables_initializer().name,
        "local": sess.run(tf.local_variables_initializer()),
        "run": sess.run(named),
        "values": sess.run([a, b]),
        "inputs": sorted(i.name for i in named.control_inputs),
    }


def case_is_initialized_and_assert_variables(tf):
    v = tf.Variable([1, 2], name="v")
    w = tf.Variable(0.5, name="w")
    checks = tf.assert_variables_initialized([v, w])
    sess = tf.Session()
    first = catch(sess.run, checks)
    sess.run(v.initializer)
    second = catch(sess.run, checks)
    sess.run(w.initializer)
    return {"first": first, "second": second, "third": sess.run(checks),
            "is_init_name": tf.is_variable_initialized(v).op.type,
            "report_vars": sess.run(tf.report_uninitialized_variables([v]))}


def case_report_uninitialized_subsets_and_local(tf):
    g = tf.Variable(1.0, name="g")
    loc = tf.Variable(2.0, name="loc", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    none_coll = tf.Variable(3.0, name="nocoll", collections=[])
    sess = tf.Session()
    return {
        "default": sess.run(tf.report_uninitialized_variables()),
        "explicit": sess.run(tf.report_uninitialized_variables([loc, none_coll])),
        "empty": sess.run(tf.report_uninitialized_variables([])),
        "empty_dtype": tf.report_uninitialized_variables([]).dtype.name,
        "local_names": [v.name for v in tf.local_variables()],
        "global_names": [v.name for v in tf.global_variables()],
        "after_local": (sess.run(tf.local_variables_initializer()),
                        sess.run(tf.report_uninitialized_variables(tf.local_variables())))[1],
        "g": g.name,
    }


def case_assign_options_and_return_kinds(tf):
    v = tf.Variable([1.0, 2.0], name="v")
    free = tf.Variable([1.0], validate_shape=False, name="free")
    grow = tf.assign(free, [1.0, 2.0, 3.0], validate_shape=False)
    locked = tf.assign_add(v, [1.0, 1.0], use_locking=True)
    no_read = v.assign_sub([0.5, 0.5], read_value=False)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {
        "grow": sess.run(grow), "free_after": sess.run(free), "free_shape": str(free.shape),
        "locked": sess.run(locked),
        "no_read_kind": type(no_read).__name__, "no_read_run": sess.run(no_read),
        "final": sess.run(v),
        "types": [grow.op.type, locked.op.type, tf.assign_sub(v, [1.0, 1.0]).op.type],
        "names": [tf.assign(v, [0.0, 0.0], name="set_it").op.name],
        "runtime_shape": catch(sess.run, tf.assign(v, tf.placeholder_with_default([1.0], [None]))),
    }


def case_scatter_family_more(tf):
    v = tf.Variable([[1, 1], [2, 2], [3, 3]])
    ops = {
        "add": tf.scatter_add(v, [0, 0], [[10, 10], [5, 5]]),
        "sub": tf.scatter_sub(v, [2], [[1, 1]]),
        "mul": tf.scatter_mul(v, [1], [[3, 3]]),
        "div": tf.scatter_div(v, [1], [[2, 2]]),
        "max": tf.scatter_max(v, [2], [[0, 9]]),
        "min": tf.scatter_min(v, [0], [[4, 20]]),
        "nd_update": tf.scatter_nd_update(v, [[0, 1]], [7]),
        "nd_add": tf.scatter_nd_add(v, [[2]], [[100, 100]]),
    }
    sess = tf.Session()
    sess.run(v.initializer)
    out = {k: sess.run(op) for k, op in ops.items()}
    out["oob"] = catch(sess.run, tf.scatter_update(v, [3], [[0, 0]]))
    out["shape_error"] = catch(tf.scatter_update, v, [0], [[1, 2, 3]])
    out["after"] = sess.run(v)
    out["scalar_update"] = sess.run(tf.scatter_update(v, 1, [8, 8]))
    return out


def case_load_errors_and_placeholder_shapes(tf):
    v = tf.Variable([0, 0])
    f = tf.Variable(0.0)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    f.load(np.float64(2.5), sess)
    return {
        "float_into_int": catch(v.load, [1.5, 2.5], sess),
        "string": catch(v.load, ["a", "b"], sess),
        "f": sess.run(f),
        "no_session": catch(v.load, [1, 2]),
        "v": sess.run(v),
    }


def case_sessions_with_graphs_and_shared_state(tf):
    g1 = tf.Graph()
    with g1.as_default():
        a = tf.Variable(1, name="a")
        inc = tf.assign_add(a, 5)
    g2 = tf.Graph()
    with g2.as_default():
        b = tf.Variable(100, name="a")
    s1 = tf.Session(graph=g1)
    s2 = tf.Session(graph=g2)
    s1.run(a.initializer)
    s2.run(b.initializer)
    s1.run(inc)
    return {"g1": s1.run(a), "g2": s2.run(b), "names": [a.name, b.name],
            "cross_graph": catch(s1.run, b), "default_graph_vars": len(tf.global_variables())}


def case_session_context_and_close_errors(tf):
    v = tf.Variable(4.0)
    with tf.Session() as sess:
        sess.run(v.initializer)
        inside = v.eval()
        default_ok = tf.get_default_session() is sess
    after = catch(sess.run, v)
    sess2 = tf.Session()
    sess2.close()
    sess2.close()
    return {"inside": inside, "default": default_ok, "after_exit": after,
            "closed_run": catch(sess2.run, v.initializer),
            "eval_no_session": catch(v.eval)}


def case_fetch_value_vs_read_snapshot(tf):
    v = tf.Variable([1.0, 2.0])
    snap = v.read_value()
    ident = tf.identity(v)
    val = v.value()
    sess = tf.Session()
    sess.run(v.initializer)
    out = sess.run([v, tf.assign_add(v, [1.0, 1.0])])
    return {"same_run": out, "kinds": [snap.op.type, ident.op.type, val.op.type],
            "value_name": val.name, "snap_name": snap.name, "after": sess.run([snap, ident, val]),
            "initial_value": sess.run(v.initial_value), "initialized_value": sess.run(v.initialized_value())}


def case_control_dependencies_chains_and_groups(tf):
    v = tf.Variable(1)
    a1 = v.assign(v * 2)
    with tf.control_dependencies([a1]):
        a2 = v.assign_add(3)
    with tf.control_dependencies([a2]):
        read = v.read_value()
    grp = tf.group(a1, name="grp")
    sess = tf.Session()
    sess.run(v.initializer)
    first = sess.run(read)
    sess.run(grp)
    with tf.control_dependencies(None):
        free = tf.identity(v)
    return {"first": first, "after_group": sess.run(v), "grp_type": grp.type, "grp_name": grp.name,
            "free_inputs": len(free.op.control_inputs), "read_inputs": [o.name for o in read.op.control_inputs],
            "bad_dep": catch(tf.control_dependencies, [1.5])}


def case_get_variable_reuse_and_scopes(tf):
    with tf.variable_scope("s"):
        a = tf.get_variable("a", [2], initializer=tf.constant_initializer(3.0))
    with tf.variable_scope("s", reuse=True):
        a2 = tf.get_variable("a")
        missing = catch(tf.get_variable, "nope", [1])
    with tf.variable_scope("s", reuse=tf.AUTO_REUSE):
        a3 = tf.get_variable("a", [2])
        c = tf.get_variable("c", [1], dtype=tf.int32, initializer=tf.zeros_initializer())
    with tf.variable_scope("s", reuse=True):
        shape_err = catch(tf.get_variable, "a", [3])
        dtype_err = catch(tf.get_variable, "a", [2], dtype=tf.int32)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"same": [a is a2, a is a3], "names": [a.name, c.name], "missing": missing,
            "shape_err": shape_err, "dtype_err": dtype_err, "values": sess.run([a, c])}


def case_get_variable_initializer_kinds(tf):
    z = tf.get_variable("z", [2], dtype=tf.int64)
    s = tf.get_variable("s", [2], dtype=tf.string)
    b = tf.get_variable("b", [2], dtype=tf.bool)
    t = tf.get_variable("t", [2, 2], initializer=tf.initializers.identity())
    o = tf.get_variable("o", [3], initializer=tf.ones_initializer(dtype=tf.float64), dtype=tf.float64)
    r = tf.get_variable("r", [50], initializer=tf.random_uniform_initializer(-0.1, 0.1, seed=2))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    rv = sess.run(r)
    return {"values": sess.run([z, s, b, t, o]),
            "r_bounds": bool(np.all(np.abs(rv) <= 0.1)), "r_varied": bool(np.std(rv) > 0.01),
            "string_with_init": catch(tf.get_variable, "s2", [1], dtype=tf.string,
                                      initializer=tf.ones_initializer())}


def case_collections_custom_and_trainable_filters(tf):
    a = tf.Variable(1.0, name="a", collections=[tf.GraphKeys.GLOBAL_VARIABLES, "mine"])
    b = tf.Variable(2.0, name="b", trainable=True, collections=["mine"])
    with tf.variable_scope("scope"):
        c = tf.get_variable("c", [1], collections=["other"])
        d = tf.get_variable("d", [1])
    return {
        "mine": [v.name for v in tf.get_collection("mine")],
        "trainable": [v.name for v in tf.trainable_variables()],
        "global": [v.name for v in tf.global_variables()],
        "scoped": [v.name for v in tf.global_variables(scope="scope")],
        "model": [v.name for v in tf.model_variables()],
        "other": [v.name for v in tf.get_collection("other")],
        "trainable_attr": [a.trainable, b.trainable, c.trainable, d.trainable],
    }


def case_initial_value_from_placeholder_more(tf):
    p = tf.placeholder(tf.float32, shape=[None])
    v = tf.Variable(p, validate_shape=False)
    q = tf.placeholder(tf.int32, [])
    w = tf.Variable(q * 2)
    sess = tf.Session()
    sess.run(v.initializer, {p: [1.0, 2.0, 3.0]})
    sess.run(w.initializer, {q: 4})
    return {"v": sess.run(v), "v_shape": str(v.shape), "w": sess.run(w),
            "strict": catch(tf.Variable, tf.placeholder(tf.float32, [None])),
            "read_needs_no_feed": sess.run(w * 3)}


def case_assign_errors_more(tf):
    v = tf.Variable([[1, 2], [3, 4]])
    sess = tf.Session()
    sess.run(v.initializer)
    p = tf.placeholder(tf.int32)
    assign_dyn = tf.assign(v, p)
    return {
        "add_bad_shape": catch(tf.assign_add, v, [1, 2, 3]),
        "add_bad_dtype": catch(v.assign_add, tf.constant([[1.0, 1.0], [1.0, 1.0]])),
        "runtime_bad": catch(sess.run, assign_dyn, {p: [1, 2]}),
        "runtime_ok": sess.run(assign_dyn, {p: [[9, 9], [9, 9]]}),
        "broadcast_scalar": catch(v.assign, 5),
        "to_constant": catch(tf.assign, tf.constant(1), 2),
        "final": sess.run(v),
    }


def case_variable_names_scopes_and_uniquify(tf):
    a = tf.Variable(1, name="x/y")
    with tf.name_scope("ns"):
        b = tf.Variable(2, name="x")
        c = tf.Variable(3, name="x")
    with tf.variable_scope("vs"):
        with tf.name_scope("inner"):
            d = tf.Variable(4)
        e = tf.get_variable("e", [1])
    with tf.variable_scope("vs", reuse=tf.AUTO_REUSE):
        f = tf.Variable(5)
    return [v.name for v in (a, b, c, d, e, f)] + [
        b.initializer.name, b.op.name, catch(tf.Variable, 1, name="bad name!")]


def case_initial_value_dependencies_and_order(tf):
    a = tf.Variable(2.0, name="a")
    b = tf.Variable(a.initialized_value() * 3.0, name="b")
    c = tf.Variable(b.initialized_value() + a.initialized_value(), name="c")
    sess = tf.Session()
    sess.run(c.initializer)
    c_only = sess.run(c)
    b_state = sess.run(tf.is_variable_initialized(b))
    sess.run(tf.global_variables_initializer())
    sess.run(a.assign(10.0))
    return {"c_only": c_only, "b_state": b_state, "after": sess.run([a, b, c]),
            "reinit_b": (sess.run(b.initializer), sess.run(b))[1]}


def case_read_value_in_cond_and_legacy_initializers(tf):
    v = tf.Variable(3)
    p = tf.placeholder(tf.bool, [])
    out = tf.cond(p, lambda: v.read_value() * 2, lambda: tf.identity(v.assign_add(1)))
    sess = tf.Session()
    sess.run(tf.initialize_variables([v]))
    return {"true": sess.run(out, {p: True}), "false": sess.run(out, {p: False}),
            "after": sess.run(v), "local_alias": sess.run(tf.initialize_local_variables()),
            "alias_type": tf.initialize_all_variables().type}
