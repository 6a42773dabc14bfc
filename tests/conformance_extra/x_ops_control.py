"""Extra control-flow probes: cond/case/while_loop structures, errors, side effects, Assert/Print/py_func."""
import numpy as np

from _harness import catch, message_has


def case_x_ops_cond_nested_structures(tf):
    p = tf.placeholder(tf.bool, [])
    sess = tf.Session()
    out = tf.cond(p, lambda: {"a": tf.constant(1), "b": (tf.constant(2.0), tf.constant([3]))},
                  lambda: {"a": tf.constant(10), "b": (tf.constant(20.0), tf.constant([30]))})
    lst = tf.cond(p, lambda: [tf.constant(1)], lambda: [tf.constant(2)])
    return {
        "dict_t": sess.run(out, {p: True}),
        "dict_f": sess.run(out, {p: False}),
        "list_is_seq": isinstance(lst, (list, tuple)),
        "single_list": sess.run(lst, {p: True}),
        "struct_mismatch": catch(tf.cond, p, lambda: (tf.constant(1), tf.constant(2)), lambda: tf.constant(3)),
        "fn_not_callable": catch(tf.cond, p, tf.constant(1), lambda: tf.constant(2)),
        "pred_not_bool": catch(tf.cond, tf.constant(1), lambda: tf.constant(1), lambda: tf.constant(2)),
        "pred_not_scalar": catch(tf.cond, tf.constant([True, False]), lambda: tf.constant(1), lambda: tf.constant(2)),
        "missing_fn": catch(tf.cond, p, lambda: tf.constant(1)),
        "python_values": catch(lambda: sess.run(tf.cond(p, lambda: 1, lambda: 2), {p: True})),
        "shape_merge": str(tf.cond(p, lambda: tf.ones([2, 3]), lambda: tf.ones([2, 5])).shape),
        "rank_merge": str(tf.cond(p, lambda: tf.ones([2]), lambda: tf.ones([2, 2])).shape),
        "none_fn_out": catch(lambda: tf.cond(p, lambda: None, lambda: None)),
    }


def case_x_ops_cond_side_effects_only_taken(tf):
    v = tf.Variable(0)
    p = tf.placeholder(tf.bool, [])

    def t():
        with tf.control_dependencies([tf.assign_add(v, 1)]):
            return tf.constant(1)

    def f():
        with tf.control_dependencies([tf.assign_add(v, 100)]):
            return tf.constant(2)

    out = tf.cond(p, t, f)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    r = [sess.run(out, {p: True}), sess.run(out, {p: True}), sess.run(out, {p: False})]
    return {"results": r, "v": sess.run(v)}


def case_x_ops_cond_with_variables_and_reads(tf):
    v = tf.Variable([1.0, 2.0])
    p = tf.placeholder(tf.bool, [])
    out = tf.cond(p, lambda: v * 2.0, lambda: tf.reduce_sum(v) + tf.zeros([2]))
    nested = tf.cond(p, lambda: tf.cond(tf.logical_not(p), lambda: tf.constant(1), lambda: tf.constant(2)),
                     lambda: tf.constant(3))
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"t": sess.run(out, {p: True}), "f": sess.run(out, {p: False}),
            "nested_t": sess.run(nested, {p: True}), "nested_f": sess.run(nested, {p: False}),
            "op_types": sorted({op.type for op in tf.get_default_graph().get_operations()
                                if op.type in ("Switch", "Merge", "If", "StatelessIf")})}


def case_x_ops_case_variants(tf):
    x = tf.placeholder(tf.int32, [])
    sess = tf.Session()
    d = tf.case({tf.equal(x, 1): lambda: tf.constant(11), tf.equal(x, 2): lambda: tf.constant(22)},
                default=lambda: tf.constant(-1))
    ex = tf.case([(tf.greater(x, 0), lambda: tf.constant(1)), (tf.greater(x, 5), lambda: tf.constant(5))],
                 default=lambda: tf.constant(0), exclusive=True)
    nodef = tf.case([(tf.equal(x, 1), lambda: tf.constant(1)), (tf.equal(x, 2), lambda: tf.constant(2))])
    return {
        "dict": [sess.run(d, {x: v}) for v in (1, 2, 3)],
        "exclusive_ok": sess.run(ex, {x: 3}),
        "exclusive_fail": catch(sess.run, ex, {x: 7}),
        "no_default_last": [sess.run(nodef, {x: 1}), sess.run(nodef, {x: 2})],
        "no_default_none_true": catch(sess.run, nodef, {x: 9}),
        "tuple_out": sess.run(tf.case([(tf.equal(x, 1), lambda: (tf.constant(1), tf.constant("a")))],
                                      default=lambda: (tf.constant(0), tf.constant("z"))), {x: 0}),
        "bad_pred": catch(tf.case, [(1, lambda: tf.constant(1))], default=lambda: tf.constant(0)),
        "empty": catch(tf.case, [], default=lambda: tf.constant(7)),
    }


def case_x_ops_while_loop_structures(tf):
    sess = tf.Session()
    out = tf.while_loop(lambda s: s["i"] < 3,
                        lambda s: [{"i": s["i"] + 1, "acc": s["acc"] + tf.cast(s["i"], tf.float32)}],
                        [{"i": tf.constant(0), "acc": tf.constant(0.5)}])
    dict_unwrapped = catch(tf.while_loop, lambda s: s["i"] < 3, lambda s: {"i": s["i"] + 1},
                           [{"i": tf.constant(0)}])
    bare_dict = catch(tf.while_loop, lambda s: s["i"] < 3, lambda s: {"i": s["i"] + 1}, {"i": tf.constant(0)})
    nested = tf.while_loop(lambda i, p: i < 4, lambda i, p: (i + 1, (p[0] * 2, p[1] + 1)),
                           (tf.constant(0), (tf.constant(1), tf.constant(0.0))))
    single_list = tf.while_loop(lambda i: i < 3, lambda i: [i + 1], [tf.constant(0)])
    return {
        "dict": sess.run(out),
        "dict_unwrapped": dict_unwrapped,
        "bare_dict": bare_dict,
        "nested": sess.run(nested),
        "nested_type": type(nested).__name__,
        "single_list_is_seq": isinstance(single_list, (list, tuple)),
        "single_list": sess.run(single_list),
        "return_same_structure": catch(tf.while_loop, lambda i, j: i < 3, lambda i, j: i + 1,
                                       [tf.constant(0), tf.constant(0)]),
        "dtype_change": catch(lambda: sess.run(tf.while_loop(lambda i: i < 3, lambda i: tf.cast(i, tf.float32) + 1.0,
                                                             [tf.constant(0)]))),
        "dtype_change_static": str(tf.while_loop(lambda i: i < 3, lambda i: tf.cast(i, tf.float32) + 1.0,
                                                 [tf.constant(0)]).dtype.name),
        "cond_not_bool": catch(tf.while_loop, lambda i: i, lambda i: i + 1, [tf.constant(0)]),
        "body_not_callable": catch(tf.while_loop, lambda i: i < 3, 5, [tf.constant(0)]),
        "empty_loop_vars": catch(tf.while_loop, lambda: True, lambda: (), []),
    }


def case_x_ops_while_loop_shape_invariants_more(tf):
    sess = tf.Session()
    grow = lambda i, x: (i + 1, tf.concat([x, x], 0))
    r = tf.while_loop(lambda i, x: i < 3, grow, [tf.constant(0), tf.ones([1, 2])],
                      shape_invariants=[tf.TensorShape([]), tf.TensorShape([None, 2])])
    rp = tf.while_loop(lambda i, x: i < 2, grow, [tf.constant(0), tf.ones([1, 2])],
                       shape_invariants=[tf.TensorShape([]), tf.TensorShape(None)])
    keep = tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, x * 2.0), [tf.constant(0), tf.ones([2, 2])])
    return {
        "value_shape": sess.run(r)[1].shape,
        "static": str(r[1].shape),
        "unknown_rank_static": str(rp[1].shape),
        "keep_static": [str(keep[0].shape), str(keep[1].shape)],
        "bad_invariant": catch(tf.while_loop, lambda i: i < 3, lambda i: i + 1, [tf.constant(0)],
                               shape_invariants=[tf.TensorShape([2])]),
        "msg": message_has(lambda: tf.while_loop(lambda x: tf.size(x) < 8, lambda x: tf.concat([x, x], 0),
                                                  [tf.constant([0])]), "shape_invariants"),
        "placeholder_unknown": str(tf.while_loop(lambda x: tf.size(x) < 8, lambda x: tf.concat([x, x], 0),
                                                 [tf.placeholder(tf.int32, [None])])[0].shape)
        if False else str(tf.while_loop(lambda x: tf.size(x) < 8, lambda x: tf.concat([x, x], 0),
                                        [tf.placeholder(tf.int32, [None])]).shape),
    }


def case_x_ops_while_loop_max_iterations_and_side_effects(tf):
    sess = tf.Session()
    v = tf.Variable(0)

    def body(i):
        with tf.control_dependencies([tf.assign_add(v, 1)]):
            return i + 1

    loop = tf.while_loop(lambda i: i < 5, body, [tf.constant(0)])
    mi = tf.placeholder(tf.int32, [])
    capped = tf.while_loop(lambda i, s: i < 100, lambda i, s: (i + 1, s + i), (0, 0), maximum_iterations=mi)
    list_tuple = catch(tf.while_loop, lambda i, s: i < 100, lambda i, s: (i + 1, s + i), [0, 0], maximum_iterations=3)
    sess.run(tf.global_variables_initializer())
    first = sess.run(loop)
    after = sess.run(v)
    sess.run(loop)
    return {
        "loop": first, "v_after_one": after, "v_after_two": sess.run(v),
        "list_tuple_with_max_iter": list_tuple,
        "capped": [sess.run(capped, {mi: k}) for k in (0, 3, 200)],
        "back_prop_false": sess.run(tf.while_loop(lambda i: i < 3, lambda i: i + 1, [0], back_prop=False)),
        "parallel": sess.run(tf.while_loop(lambda i: i < 3, lambda i: i + 1, [0], parallel_iterations=1)),
        "max_iter_neg": catch(sess.run, tf.while_loop(lambda i: i < 3, lambda i: i + 1, [0], maximum_iterations=-1)),
    }


def case_x_ops_while_loop_with_cond_inside(tf):
    sess = tf.Session()
    n = tf.placeholder(tf.int32, [])

    def body(i, acc):
        val = tf.cond(tf.equal(i % 2, 0), lambda: tf.cast(i, tf.float32), lambda: -tf.cast(i, tf.float32))
        return i + 1, tf.concat([acc, tf.reshape(val, [1])], 0)

    _, out = tf.while_loop(lambda i, acc: i < n, body, [0, tf.zeros([0])],
                           shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])
    inner = tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s + tf.while_loop(lambda j: j < i, lambda j: j + 1, [0])),
                          [0, 0])
    return {"v": sess.run(out, {n: 5}), "shape": str(out.shape), "empty": sess.run(out, {n: 0}).shape,
            "nested_loops": sess.run(inner)}


def case_x_ops_assert_variants(tf):
    x = tf.placeholder(tf.float32, [None])
    sess = tf.Session()
    checks = {
        "positive": tf.assert_positive(x),
        "non_negative": tf.assert_non_negative(x),
        "less": tf.assert_less(x, 5.0),
        "rank": tf.assert_rank(x, 1),
        "type": tf.assert_type(x, tf.float32),
    }
    res = {}
    for name, c in checks.items():
        with tf.control_dependencies([c]):
            y = tf.identity(x)
        res[name] = [catch(lambda: sess.run(y, {x: [1.0, 2.0]}).tolist()), catch(sess.run, y, {x: [-1.0, 6.0]})]
    res["rank_static"] = catch(tf.assert_rank, x, 2)
    res["type_static"] = catch(tf.assert_type, x, tf.int32)
    res["assert_msg"] = message_has(lambda: sess.run(tf.Assert(tf.constant(False), ["bad thing", x], name="chk"),
                                                     {x: [3.0]}), "assertion failed", "bad thing")
    res["assert_pred_not_bool"] = catch(tf.Assert, tf.constant(1), [x])
    res["assert_equal_msg"] = message_has(lambda: sess.run(tf.assert_equal(x, 1.0, message="custom msg"), {x: [2.0]}),
                                          "custom msg")
    res["static_true_noop"] = tf.assert_equal(tf.constant(1), tf.constant(1)).type
    return res


def case_x_ops_print_and_py_func(tf):
    x = tf.placeholder(tf.float32, [None])
    sess = tf.Session()
    multi = tf.py_func(lambda a: (a + 1, (a * 2).astype(np.int32)), [x], [tf.float32, tf.int32])
    single_list = tf.py_func(lambda a: a, [x], [tf.float32])
    wrong_type = tf.py_func(lambda a: a.astype(np.float64), [x], tf.float32)
    raises = tf.py_func(lambda a: 1 / 0, [x], tf.float32)
    noout = tf.py_func(lambda a: None, [x], [])
    printed = tf.Print(x, [x, tf.shape(x)], summarize=1)
    return {
        "multi": sess.run(multi, {x: [1.0, 2.0]}),
        "multi_type": type(multi).__name__,
        "single_list_type": type(single_list).__name__,
        "shape": str(tf.py_func(lambda a: a, [x], tf.float32).shape),
        "wrong_type": catch(sess.run, wrong_type, {x: [1.0]}),
        "raises": catch(sess.run, raises, {x: [1.0]}),
        "noout": type(noout).__name__,
        "print_shape": str(printed.shape),
        "print_type": printed.op.type,
        "print_value": sess.run(printed, {x: [4.0]}),
        "stateful_default": tf.py_func(lambda a: a, [x], tf.float32).op.type,
        "stateless": tf.py_func(lambda a: a, [x], tf.float32, stateful=False).op.type,
        "scalar_return": sess.run(tf.py_func(lambda: np.float32(3.0), [], tf.float32)),
        "python_int_return": sess.run(tf.py_func(lambda: 3, [], tf.int64)),
        "bytes_return": sess.run(tf.py_func(lambda: b"hi", [], tf.string)),
    }
