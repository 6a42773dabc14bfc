"""Second-pass variations of the public ops_control cases: nested structures, invariants, iteration
caps, control dependencies inside branches, and the ops composed with gradients and re-imported graphs."""
import numpy as np

from _harness import catch, message_has


def case_cond_dict_and_nested_outputs(tf):
    p = tf.placeholder(tf.bool, [])
    x = tf.placeholder(tf.float32, [None])
    out = tf.cond(p, lambda: {"a": x * 2.0, "b": (tf.shape(x), [tf.reduce_sum(x)])},
                  lambda: {"a": -x, "b": (tf.constant([7]), [tf.constant(0.5)])})
    sess = tf.Session()
    feed = {x: [1.0, 2.0]}
    return {"keys": sorted(out.keys()), "true": sess.run(out, {**feed, p: True}),
            "false": sess.run(out, {**feed, p: False}),
            "a_shape": out["a"].shape.as_list(), "b_shape": out["b"][0].shape.as_list(),
            "structure_mismatch": catch(tf.cond, p, lambda: {"a": x}, lambda: {"c": x}),
            "length_mismatch": catch(tf.cond, p, lambda: (x, x), lambda: (x,))}


def case_cond_control_deps_inside_branches(tf):
    v = tf.Variable(1.0, name="v")
    p = tf.placeholder(tf.bool, [])

    def true_fn():
        with tf.control_dependencies([tf.assign_add(v, 10.0)]):
            return tf.identity(v.read_value())

    def false_fn():
        with tf.control_dependencies([tf.assign(v, -1.0)]):
            return tf.constant(0.0)

    out = tf.cond(p, true_fn, false_fn)
    sess = tf.Session()
    sess.run(v.initializer)
    first = sess.run(out, {p: True})
    second = sess.run(out, {p: False})
    return {"first": first, "second": second, "v": sess.run(v), "third": sess.run(out, {p: True}),
            "pred_needed": catch(sess.run, out)}


def case_cond_pred_forms(tf):
    sess = tf.Session()
    t = tf.constant(True)
    c = tf.cond(t, lambda: tf.constant(1), lambda: tf.constant(2))
    return {
        "const_pred": sess.run(c),
        "int_pred": catch(tf.cond, tf.constant(1), lambda: tf.constant(1), lambda: tf.constant(2)),
        "vector_pred": catch(tf.cond, tf.constant([True]), lambda: tf.constant(1), lambda: tf.constant(2)),
        "none_branch": catch(tf.cond, t, None, lambda: tf.constant(2)),
        "not_callable": catch(tf.cond, t, tf.constant(1), lambda: tf.constant(2)),
        "string_out": sess.run(tf.cond(t, lambda: tf.constant("x"), lambda: tf.constant("y"))),
        "op_types": sorted({op.type for op in tf.get_default_graph().get_operations()
                            if op.type in ("Switch", "Merge", "If", "StatelessIf")}),
    }


def case_while_loop_nested_structures_and_names(tf):
    def body(i, state):
        return i + 1, {"x": state["x"] * 2.0, "pair": (state["pair"][0] + 1, state["pair"][1] - 1)}
    i, state = tf.while_loop(lambda i, s: i < 3, body,
                             [tf.constant(0), {"x": tf.constant([1.0, 2.0]), "pair": (tf.constant(0),
                                                                                      tf.constant(10, tf.int64))}],
                             name="myloop")
    sess = tf.Session()
    return {"values": sess.run([i, state]), "names": i.name.split("/")[0],
            "dtypes": [state["pair"][1].dtype.name, state["x"].dtype.name],
            "body_returns_wrong_count": catch(tf.while_loop, lambda a, b: a < 2, lambda a, b: a + 1,
                                              [tf.constant(0), tf.constant(1)])}


def case_while_loop_maximum_iterations_variants(tf):
    n = tf.placeholder(tf.int32, [])
    sess = tf.Session()
    loop = tf.while_loop(lambda k: k < 100, lambda k: k + 2, [0], maximum_iterations=n)
    x0 = tf.constant(2.0)
    pair = tf.while_loop(lambda k, s: True, lambda k, s: (k + 1, s + k), [0, 0], maximum_iterations=5)
    return {
        "fed": [sess.run(loop, {n: m}) for m in (0, 3, 60)],
        "python_true_cond": sess.run(pair),
        "int64_cap": sess.run(tf.while_loop(lambda k: k < 10, lambda k: k + 1, [0],
                                            maximum_iterations=tf.constant(2, tf.int64))),
        "float_cap": catch(tf.while_loop, lambda k: k < 10, lambda k: k + 1, [0], maximum_iterations=1.5),
        "vector_cap": catch(tf.while_loop, lambda k: k < 10, lambda k: k + 1, [0], maximum_iterations=[2, 3]),
        "negative_fed": sess.run(loop, {n: -1}),
        "grad": sess.run(tf.gradients(tf.while_loop(lambda x: x < 1e6, lambda x: x * 3.0, [x0],
                                                    maximum_iterations=3), x0)),
    }


def case_while_loop_shape_invariants_more(tf):
    sess = tf.Session()
    grow_rows = lambda i, m: (i + 1, tf.concat([m, m[:1] + 1.0], 0))
    i, m = tf.while_loop(lambda i, m: i < 3, grow_rows, [0, tf.zeros([1, 2])],
                         shape_invariants=[tf.TensorShape([]), tf.TensorShape([None, 2])])
    bad_rank = catch(tf.while_loop, lambda i, m: i < 3, grow_rows, [0, tf.zeros([1, 2])],
                     shape_invariants=[tf.TensorShape([]), tf.TensorShape([None])])
    unknown = tf.while_loop(lambda x: tf.size(x) < 5, lambda x: tf.concat([x, [[1.0]]], 0), [tf.zeros([1, 1])],
                            shape_invariants=[tf.TensorShape(None)])
    return {"value": sess.run(m), "static": m.shape.as_list(), "bad_rank": bad_rank,
            "unknown_static": str(unknown.shape), "unknown_value": sess.run(unknown),
            "message": message_has(lambda: tf.while_loop(lambda x: tf.size(x) < 4,
                                                         lambda x: tf.concat([x, x], 0), [tf.constant([1])]),
                                   "shape_invariants", "has shape (1,) before the loop")}


def case_while_loop_side_effects_and_deps(tf):
    v = tf.Variable(0, name="counter")
    sess = tf.Session()

    def body(i):
        with tf.control_dependencies([tf.assign_add(v, i)]):
            return i + 1
    out = tf.while_loop(lambda i: i < 4, body, [tf.constant(0)])
    sess.run(v.initializer)
    first = sess.run(out)
    after = sess.run(v)
    sess.run(out)
    ta = tf.TensorArray(tf.float32, size=3)
    _, ta = tf.while_loop(lambda k, t: k < 3, lambda k, t: (k + 1, t.write(k, tf.cast(k * k, tf.float32))),
                          [0, ta])
    return {"first": first, "after": after, "twice": sess.run(v), "ta": sess.run(ta.stack())}


def case_case_more(tf):
    x = tf.placeholder(tf.int32, [])
    sess = tf.Session()
    exclusive = tf.case([(tf.equal(x, 1), lambda: tf.constant("one")), (tf.greater(x, 0), lambda: tf.constant("pos"))],
                        default=lambda: tf.constant("other"), exclusive=True)
    as_dict = tf.case({tf.less(x, 0): lambda: tf.constant(-1.0)}, default=lambda: tf.constant(1.0))
    no_default = tf.case([(tf.less(x, 0), lambda: tf.constant(-1)), (tf.greater_equal(x, 0), lambda: tf.constant(1))])
    return {
        "exclusive_ok": sess.run(exclusive, {x: 5}),
        "exclusive_both_true": catch(sess.run, exclusive, {x: 1}),
        "usable": sess.run(exclusive, {x: -3}),
        "dict": [sess.run(as_dict, {x: v}) for v in (-1, 2)],
        "no_default": [sess.run(no_default, {x: v}) for v in (-1, 2)],
        "tuple_out": sess.run(tf.case([(tf.less(x, 0), lambda: (tf.constant(1), tf.constant(2.0)))],
                                      default=lambda: (tf.constant(3), tf.constant(4.0))), {x: 1}),
        "bad_pairs": catch(tf.case, [tf.less(x, 0)], default=lambda: tf.constant(1)),
        "non_bool_pred": catch(tf.case, [(x, lambda: tf.constant(1))], default=lambda: tf.constant(0)),
    }


def case_assert_family_more(tf):
    p = tf.placeholder(tf.float32, [None])
    sess = tf.Session()
    pos = tf.assert_positive(p, message="need positive")
    rank = tf.assert_rank(p, 1)
    less = tf.assert_less(p, 10.0)
    nonneg = tf.assert_non_negative(p)
    with tf.control_dependencies([pos, less]):
        out = tf.reduce_sum(p)
    return {
        "ok": sess.run(out, {p: [1.0, 2.0]}),
        "not_positive": message_has(lambda: sess.run(out, {p: [1.0, 0.0]}), "need positive"),
        "too_big": catch(sess.run, out, {p: [11.0]}),
        "nonneg": catch(sess.run, nonneg, {p: [-0.5]}),
        "rank_static": catch(tf.assert_rank, tf.ones([2, 2]), 1),
        "rank_op": rank is None or hasattr(rank, "type"),
        "empty_ok": sess.run(out, {p: []}),
        "type_check": catch(tf.assert_type, tf.constant(1), tf.float32),
        "integer_check": catch(tf.assert_integer, tf.constant(1.0)),
        "nan_static": catch(lambda: tf.assert_less(tf.constant([float("nan")]), 1.0)),
        "nan_runtime": catch(sess.run, tf.assert_less(p, 1.0), {p: [float("nan")]}),
    }


def case_string_to_number_more(tf):
    s = tf.placeholder(tf.string, None)
    sess = tf.Session()
    return {
        "i64": sess.run(tf.string_to_number(s, tf.int64), {s: ["9223372036854775807", "-3"]}),
        "i32_overflow": catch(sess.run, tf.string_to_number(s, tf.int32), {s: ["2147483648"]}),
        "special": sess.run(tf.string_to_number(s), {s: ["inf", "-inf", "1e-50"]}),
        "scalar": sess.run(tf.string_to_number(s), {s: "3.25"}),
        "matrix": sess.run(tf.strings.to_number(s, tf.float64), {s: [["1", "2"], ["3", "4"]]}),
        "empty": sess.run(tf.string_to_number(s), {s: np.zeros([0], object)}).shape,
        "whitespace": catch(sess.run, tf.string_to_number(s), {s: ["1 2"]}),
        "bad_out_type": catch(tf.string_to_number, tf.constant("1"), tf.string),
        "name": tf.string_to_number(s, name="conv").name,
        "non_string": catch(tf.string_to_number, tf.constant(1.0)),
    }


def case_py_func_more(tf):
    x = tf.placeholder(tf.float32, [None])
    sess = tf.Session()
    two = tf.py_func(lambda a: (a * 2, np.int64(len(a))), [x], [tf.float32, tf.int64])
    stateless = tf.py_func(lambda a: a + 1, [x], tf.float32, stateful=False, name="plus_one")

    def boom(a):
        raise ValueError("broken inside")

    bad = tf.py_func(boom, [x], tf.float32)
    wrong_type = tf.py_func(lambda a: a.astype(np.float64), [x], tf.float32)
    return {
        "two": sess.run(two, {x: [1.0, 2.0]}),
        "shapes": [str(t.shape) for t in two],
        "stateless": sess.run(stateless, {x: [1.0]}),
        "op_types": [two[0].op.type, stateless.op.type],
        "error": catch(sess.run, bad, {x: [1.0]}),
        "message": message_has(lambda: sess.run(bad, {x: [1.0]}), "broken inside"),
        "wrong_type": catch(sess.run, wrong_type, {x: [1.0]}),
        "usable": sess.run(stateless, {x: [5.0]}),
    }
