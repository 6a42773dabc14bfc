"""Variations of the public ops_control cases: nested structures, names, errors, feeds, gradients."""
import numpy as np

from _harness import catch, message_has


def case_cond_nested_structures(tf):
    p = tf.placeholder(tf.bool, [])
    x = tf.placeholder(tf.float64, [None])
    out = tf.cond(p, lambda: {"a": x * 2.0, "b": (tf.constant(1), [tf.constant("t")])},
                  lambda: {"a": x - 1.0, "b": (tf.constant(2), [tf.constant("f")])})
    sess = tf.Session()
    return {
        "true": sess.run(out, {p: True, x: [1.0, 2.0]}),
        "false": sess.run(out, {p: False, x: [1.0, 2.0]}),
        "shape": out["a"].shape.as_list(),
        "dtype": out["a"].dtype.name,
        "structure_mismatch": catch(tf.cond, p, lambda: (tf.constant(1), tf.constant(2)), lambda: tf.constant(3)),
        "not_callable": catch(tf.cond, p, tf.constant(1), lambda: tf.constant(2)),
        "int_pred": catch(tf.cond, tf.constant(1), lambda: tf.constant(1), lambda: tf.constant(2)),
        "nonscalar_pred": catch(tf.cond, tf.constant([True]), lambda: tf.constant(1), lambda: tf.constant(2)),
    }


def case_cond_names_and_pred_feeds(tf):
    p = tf.placeholder(tf.bool, [])
    out = tf.cond(p, lambda: tf.constant(1.0), lambda: tf.constant(2.0), name="pick")
    sess = tf.Session()
    const_pred = tf.cond(tf.constant(False), lambda: tf.constant(10), lambda: tf.constant(20))
    none_branch = tf.cond(p, lambda: tf.no_op(), lambda: tf.no_op())
    return {
        "name": out.name,
        "op_type": out.op.type,
        "const_pred": sess.run(const_pred),
        "unfed": catch(sess.run, out),
        "after_error": sess.run(out, {p: False}),
        "scalar_shape": out.shape.as_list(),
        "no_op_branches": type(none_branch).__name__,
        "shape_merge": str(tf.cond(p, lambda: tf.ones([2, 3]), lambda: tf.zeros([4, 3])).shape),
        "rank_merge": str(tf.cond(p, lambda: tf.ones([2]), lambda: tf.zeros([2, 2])).shape),
    }


def case_cond_side_effects_and_control_deps(tf):
    v = tf.Variable(1.0)
    p = tf.placeholder(tf.bool, [])
    counter = tf.Variable(0)

    def true_fn():
        with tf.control_dependencies([tf.assign_add(counter, 1)]):
            return tf.identity(v * 3.0)

    out = tf.cond(p, true_fn, lambda: v + 0.5)
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    vals = [sess.run(out, {p: b}) for b in (True, False, True)]
    return {"vals": vals, "counter": sess.run(counter)}


def case_cond_gradients_variations(tf):
    p = tf.placeholder(tf.bool, [])
    x = tf.constant([1.0, 2.0])
    y = tf.constant(3.0)
    out = tf.cond(p, lambda: tf.reduce_sum(x * x), lambda: y * 2.0)
    gx, gy = tf.gradients(out, [x, y])
    sess = tf.Session()
    return {"true": sess.run([gx, gy], {p: True}), "false": sess.run([gx, gy], {p: False})}


def case_while_loop_nested_structures(tf):
    sess = tf.Session()
    init = {"i": tf.constant(0), "acc": (tf.constant(1.0, tf.float64), [tf.constant([1, 1])])}
    out = tf.while_loop(lambda s: s["i"] < 3,
                        lambda s: {"i": s["i"] + 1, "acc": (s["acc"][0] * 2.0, [s["acc"][1][0] + s["i"]])},
                        [init])
    i, s = tf.while_loop(lambda i, s: i < 3, lambda i, s: (i + 1, s + "x"), [0, tf.constant("a")])
    return {
        "nested": sess.run(out),
        "strings": sess.run([i, s]),
        "dtypes": [out[0]["acc"][0].dtype.name, out[0]["acc"][1][0].dtype.name],
        "shapes": out[0]["acc"][1][0].shape.as_list(),
    }


def case_while_loop_errors_and_names(tf):
    sess = tf.Session()
    r = tf.while_loop(lambda k: k < 4, lambda k: k + 1, [tf.constant(0)], name="counter")
    arity = catch(tf.while_loop, lambda k: k < 4, lambda k: (k, k), [tf.constant(0)])
    cond_not_bool = catch(tf.while_loop, lambda k: k, lambda k: k + 1, [tf.constant(0)])
    n = tf.placeholder(tf.int32, [])
    never = tf.while_loop(lambda k: k < n, lambda k: k + 1, [tf.constant(10)])
    mi = tf.placeholder(tf.int32, [])
    capped = tf.while_loop(lambda k: k < 100, lambda k: k + 2, [tf.constant(0)], maximum_iterations=mi)
    return {
        "name": r.name,
        "value": sess.run(r),
        "arity": arity,
        "cond_not_bool": cond_not_bool,
        "never_runs": sess.run(never, {n: 3}),
        "max_iter_fed": [sess.run(capped, {mi: 0}), sess.run(capped, {mi: 7})],
        "not_callable": catch(tf.while_loop, True, lambda k: k + 1, [0]),
        "empty_loop_vars": catch(tf.while_loop, lambda: True, lambda: (), []),
    }


def case_while_loop_shape_invariants_variations(tf):
    sess = tf.Session()
    grow_rows = lambda x: tf.concat([x, x], 0)
    m = tf.ones([1, 2])
    ok = tf.while_loop(lambda x: tf.shape(x)[0] < 5, grow_rows, [m], shape_invariants=[tf.TensorShape([None, 2])])
    bad_inv = catch(tf.while_loop, lambda x: tf.shape(x)[0] < 5, grow_rows, [m],
                    shape_invariants=[tf.TensorShape([None, 3])])
    unk = tf.while_loop(lambda x: tf.size(x) < 9, lambda x: tf.concat([x, x], 0), [tf.constant([1])],
                        shape_invariants=[tf.TensorShape(None)])
    rank_change = catch(tf.while_loop, lambda x: tf.size(x) < 9, lambda x: tf.expand_dims(x, 0),
                        [tf.constant([1])])
    i, acc = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, tf.concat([a, [i]], 0)),
                           [tf.constant(0), tf.zeros([0], tf.int32)],
                           shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])
    return {
        "ok": sess.run(ok),
        "ok_shape": ok.shape.as_list(),
        "bad_inv": bad_inv,
        "unknown": sess.run(unk),
        "unknown_shape": str(unk.shape),
        "rank_change": rank_change,
        "acc": sess.run([i, acc]),
        "acc_shape": acc.shape.as_list(),
    }


def case_while_loop_gradients_variations(tf):
    x = tf.constant(1.5, tf.float64)
    _, out = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * x), [tf.constant(0), tf.constant(1.0, tf.float64)])
    g = tf.gradients(out, x)[0]
    w = tf.constant([1.0, 2.0])
    r = tf.while_loop(lambda v: tf.reduce_sum(v) < 50.0, lambda v: v * w + 1.0, [tf.constant([1.0, 1.0])])
    gw = tf.gradients(tf.reduce_sum(r), w)[0]
    sess = tf.Session()
    return {"pow": sess.run([out, g]), "vec": sess.run([r, gw]), "dtype": g.dtype.name}


def case_case_variations(tf):
    x = tf.placeholder(tf.int32, [])
    exclusive = tf.case([(tf.equal(x, 1), lambda: tf.constant("one")), (tf.equal(x, 2), lambda: tf.constant("two"))],
                        default=lambda: tf.constant("other"), exclusive=True)
    no_default = tf.case([(x > 0, lambda: tf.constant(1.0)), (x < 0, lambda: tf.constant(-1.0))])
    dict_form = tf.case({tf.equal(x, 5): lambda: tf.constant(50)}, default=lambda: tf.constant(0))
    overlap = tf.case([(x > 0, lambda: tf.constant(1)), (x > 1, lambda: tf.constant(2))],
                      default=lambda: tf.constant(0), exclusive=True)
    tup = tf.case([(x > 0, lambda: (tf.constant(1), tf.constant(2.0)))], default=lambda: (tf.constant(3), tf.constant(4.0)))
    sess = tf.Session()
    return {
        "exclusive": [sess.run(exclusive, {x: v}) for v in (1, 2, 7)],
        "no_default": [sess.run(no_default, {x: v}) for v in (3, -3)],
        "no_default_none_true": catch(sess.run, no_default, {x: 0}),
        "dict": [sess.run(dict_form, {x: v}) for v in (5, 6)],
        "overlap": catch(sess.run, overlap, {x: 3}),
        "overlap_ok": sess.run(overlap, {x: 1}),
        "tuple": sess.run(tup, {x: 1}),
        "not_callable": catch(tf.case, [(x > 0, tf.constant(1))]),
        "pred_not_bool": catch(tf.case, [(tf.constant(1), lambda: tf.constant(1))]),
        "empty": catch(tf.case, [], default=lambda: tf.constant(1)),
    }


def case_switch_case_variations(tf):
    i = tf.placeholder(tf.int32, [])
    out = tf.switch_case(i, [lambda: tf.constant(10), lambda: tf.constant(20)], default=lambda: tf.constant(-1))
    as_dict = tf.switch_case(i, {0: lambda: tf.constant("a"), 3: lambda: tf.constant("d")})
    sess = tf.Session()
    return {
        "list": [sess.run(out, {i: v}) for v in (0, 1, 5, -1)],
        "dict": [sess.run(as_dict, {i: v}) for v in (0, 3, 7)],
        "float_index": catch(tf.switch_case, tf.constant(1.0), [lambda: tf.constant(1)]),
        "dtype_mismatch": catch(tf.switch_case, i, [lambda: tf.constant(1), lambda: tf.constant(1.0)]),
    }


def case_assert_variations(tf):
    p = tf.placeholder(tf.float32, [None])
    sess = tf.Session()
    checks = {
        "positive": tf.assert_positive(p),
        "non_negative": tf.assert_non_negative(p),
        "less": tf.assert_less(p, 5.0),
        "rank": tf.assert_rank(p, 1),
    }
    with tf.control_dependencies([tf.assert_greater_equal(p, 0.0, message="must be >= 0")]):
        guarded = tf.reduce_sum(p)
    return {
        "ok": sess.run(guarded, {p: [1.0, 2.0]}),
        "fails": catch(sess.run, guarded, {p: [-1.0]}),
        "msg": message_has(lambda: sess.run(guarded, {p: [-1.0]}), "must be >= 0"),
        "positive_bad": catch(sess.run, checks["positive"], {p: [0.0]}),
        "non_negative_ok": sess.run(checks["non_negative"], {p: [0.0]}),
        "less_bad": catch(sess.run, checks["less"], {p: [6.0]}),
        "empty_ok": sess.run(checks["positive"], {p: []}),
        "static_rank": catch(tf.assert_rank, tf.ones([2, 2]), 1),
        "static_less": catch(tf.assert_less, tf.constant(3), tf.constant(2)),
        "assert_data_summarize": message_has(lambda: sess.run(tf.Assert(tf.reduce_all(p > 0), [p, "tail"], summarize=2),
                                                              {p: [-1.0, -2.0, -3.0]}), "tail"),
        "after": sess.run(guarded, {p: [3.0]}),
    }


def case_string_to_number_variations(tf):
    s = tf.placeholder(tf.string, [None])
    sess = tf.Session()
    return {
        "int64": sess.run(tf.string_to_number(s, out_type=tf.int64), {s: ["9000000000", "-1"]}),
        "spaces": catch(sess.run, tf.string_to_number(s), {s: [" 1.5"]}),
        "inf_nan": sess.run(tf.string_to_number(s), {s: ["inf", "-inf", "nan"]}),
        "hex_int": catch(sess.run, tf.string_to_number(s, out_type=tf.int32), {s: ["0x10"]}),
        "overflow_int32": catch(sess.run, tf.string_to_number(s, out_type=tf.int32), {s: ["3000000000"]}),
        "empty_string": catch(sess.run, tf.string_to_number(s), {s: [""]}),
        "empty_batch": sess.run(tf.string_to_number(s), {s: []}).shape,
        "bad_out_type": catch(tf.string_to_number, s, out_type=tf.bool),
        "shape": tf.string_to_number(tf.placeholder(tf.string, [2, None])).shape.as_list(),
        "name": tf.string_to_number(s, name="parse").name,
        "msg": message_has(lambda: sess.run(tf.string_to_number(s), {s: ["zz"]}), "StringToNumberOp could not correctly convert string: zz"),
    }


def case_py_func_variations(tf):
    x = tf.placeholder(tf.float64, [None])
    two = tf.py_func(lambda a: (a + 1.0, np.int32(a.size)), [x], [tf.float64, tf.int32])
    no_out = tf.py_func(lambda a: None, [x], [])
    wrong_type = tf.py_func(lambda a: a.astype(np.float32), [x], tf.float64)
    raising = tf.py_func(lambda a: 1 / 0, [x], tf.float64)
    strs = tf.py_func(lambda: np.array([b"p", b"q"]), [], tf.string)
    sess = tf.Session()
    return {
        "two": sess.run(two, {x: [1.0, 2.0]}),
        "shape": str(two[0].shape),
        "no_out": type(no_out).__name__,
        "wrong_type": catch(sess.run, wrong_type, {x: [1.0]}),
        "raising": catch(sess.run, raising, {x: [1.0]}),
        "strings": sess.run(strs),
        "after": sess.run(two[0], {x: [5.0]}),
        "op_type": two[0].op.type,
        "grad_is_none": catch(tf.gradients, two[0], x),
    }


def case_while_loop_body_changes_dtype(tf):
    out = tf.while_loop(lambda k: k < 4, lambda k: tf.cast(k, tf.float32), [tf.constant(0)])
    sess = tf.Session()
    return {"dtype": out.dtype.name, "run": catch(sess.run, out), "any_other_run": catch(sess.run, tf.constant(1))}
