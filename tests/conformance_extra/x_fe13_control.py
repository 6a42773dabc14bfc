"""Third-pass variations of the public ops_control cases: cond/while/case arguments, structures
and error messages the x_ovar_control and x_o12_control passes left out."""
import collections

import numpy as np

from _harness import catch, message_has


def case_cond_strict_ops_and_pred_checks(tf):
    p = tf.placeholder(tf.bool, [])
    single = tf.cond(p, lambda: [tf.constant(1)], lambda: [tf.constant(2)])
    strict = tf.cond(p, lambda: [tf.constant(1)], lambda: [tf.constant(2)], strict=True)
    sess = tf.Session()
    return {
        "unpacked": sess.run(single, {p: True}), "unpacked_kind": type(single).__name__,
        "strict": sess.run(strict, {p: False}), "strict_kind": type(strict).__name__,
        "int_pred": catch(tf.cond, tf.constant(1), lambda: tf.constant(1), lambda: tf.constant(2)),
        "vector_pred": catch(tf.cond, tf.constant([True]), lambda: tf.constant(1), lambda: tf.constant(2)),
        "missing_fn": catch(tf.cond, p, lambda: tf.constant(1)),
        "structure": catch(tf.cond, p, lambda: (tf.constant(1), tf.constant(2)), lambda: tf.constant(3)),
        "not_callable": catch(tf.cond, p, tf.constant(1), lambda: tf.constant(2)),
        "nested": sess.run(tf.cond(p, lambda: tf.cond(p, lambda: 1, lambda: 2), lambda: tf.constant(3)),
                           {p: True}),
    }


def case_cond_inside_while_with_assign(tf):
    v = tf.Variable(0)
    n = tf.placeholder(tf.int32, [])

    def body(i, acc):
        out = tf.cond(tf.equal(i % 2, 0), lambda: acc + i, lambda: acc - 1)
        return i + 1, out

    _, total = tf.while_loop(lambda i, a: i < n, body, [0, 0])
    bump = tf.cond(total > 3, lambda: tf.assign_add(v, total), lambda: tf.identity(v))
    sess = tf.Session()
    sess.run(v.initializer)
    return {"total": sess.run(total, {n: 6}), "bump": sess.run(bump, {n: 6}), "bump_small": sess.run(bump, {n: 2}),
            "v": sess.run(v), "switch_ops": sorted({op.type for op in tf.get_default_graph().get_operations()
                                                    if op.type in ("Switch", "Merge")})}


def case_while_loop_namedtuple_dict_and_back_prop(tf):
    State = collections.namedtuple("State", ["step", "value"])
    out = tf.while_loop(lambda s: s.step < 3, lambda s: [State(s.step + 1, s.value * 2.0)],
                        [State(tf.constant(0), tf.constant(1.5))])
    d = tf.while_loop(lambda x: x["k"] < 4, lambda x: [{"k": x["k"] + 1, "s": x["s"] + x["k"]}],
                      [{"k": tf.constant(0), "s": tf.constant(0)}])
    bare = catch(tf.while_loop, lambda s: s.step < 3, lambda s: State(s.step + 1, s.value),
                 [State(tf.constant(0), tf.constant(1.5))])
    x = tf.constant(2.0)
    y = tf.while_loop(lambda i, a: i < 3, lambda i, a: (i + 1, a * x), [0, tf.constant(1.0)], back_prop=False)[1]
    sess = tf.Session()
    return {
        "namedtuple": sess.run(out), "kind": type(out).__name__,
        "dict": sess.run(d), "dict_kind": type(d).__name__,
        "no_backprop": sess.run(y), "bare": bare if isinstance(bare, dict) else "ok",
        "grad_none": tf.gradients(y, x)[0] is None,
        "parallel": sess.run(tf.while_loop(lambda i: i < 7, lambda i: i + 2, [1], parallel_iterations=1)),
        "body_arity": catch(tf.while_loop, lambda i: i < 3, lambda i: (i + 1, i), [0]),
        "cond_not_bool": catch(tf.while_loop, lambda i: i, lambda i: i + 1, [tf.constant(0)]),
    }


def case_while_loop_partial_invariants_and_errors(tf):
    sess = tf.Session()
    rows = tf.while_loop(lambda m: tf.shape(m)[0] < 4, lambda m: tf.concat([m, m], 0), [tf.ones([1, 2])],
                         shape_invariants=[tf.TensorShape([None, 2])])
    return {
        "value": sess.run(rows), "shape": rows.shape.as_list(),
        "wrong_invariant": catch(tf.while_loop, lambda m: tf.shape(m)[0] < 4, lambda m: tf.concat([m, m], 1),
                                 [tf.ones([1, 2])], shape_invariants=[tf.TensorShape([None, 2])]),
        "invariant_incompatible": catch(tf.while_loop, lambda m: tf.size(m) < 4, lambda m: m,
                                        [tf.ones([2])], shape_invariants=[tf.TensorShape([3])]),
        "unknown_rank_ok": sess.run(tf.while_loop(lambda m: tf.size(m) < 4, lambda m: tf.concat([m, m], 0),
                                                  [tf.ones([1])], shape_invariants=[tf.TensorShape(None)])),
        "message": message_has(lambda: tf.while_loop(lambda x: tf.size(x) < 8, lambda x: tf.concat([x, x], 0),
                                                     [tf.constant([0])]), "shape_invariants"),
    }


def case_case_exclusive_dict_and_no_default(tf):
    x = tf.placeholder(tf.int32, [])
    pairs = [(tf.greater(x, 0), lambda: tf.constant(1)), (tf.greater(x, 5), lambda: tf.constant(5))]
    exclusive = tf.case(pairs, default=lambda: tf.constant(0), exclusive=True)
    nodefault = tf.case([(tf.equal(x, 1), lambda: tf.constant(10)), (tf.equal(x, 2), lambda: tf.constant(20))])
    d = tf.case({tf.less(x, 0): lambda: tf.constant(-1)}, default=lambda: tf.constant(1))
    sess = tf.Session()
    return {
        "exclusive_one": sess.run(exclusive, {x: 3}),
        "exclusive_both": catch(sess.run, exclusive, {x: 7}),
        "exclusive_none": sess.run(exclusive, {x: -1}),
        "nodefault": [catch(sess.run, nodefault, {x: v}) for v in (1, 2, 3)],
        "dict": sess.run(d, {x: -3}),
        "switch_case": [sess.run(tf.switch_case(x, [lambda: tf.constant(7), lambda: tf.constant(8)]), {x: v})
                        for v in (0, 1, 9)],
        "pairs_not_list": catch(tf.case, 5),
    }


def case_assert_variants_and_messages(tf):
    p = tf.placeholder(tf.float32, [None])
    checks = {
        "less": tf.assert_less(p, 3.0, message="too big"),
        "positive": tf.assert_positive(p),
        "rank": tf.assert_rank(p, 1),
        "non_negative": tf.assert_non_negative(p),
        "near": tf.debugging.assert_near(p, tf.ones_like(p), atol=0.1),
    }
    sess = tf.Session()
    out = {}
    for name, op in checks.items():
        out[name] = [catch(sess.run, op, {p: [1.0, 1.05]}) is None, catch(sess.run, op, {p: [-1.0, 5.0]})]
    out["less_msg"] = message_has(lambda: sess.run(checks["less"], {p: [9.0]}), "too big")
    out["static_rank"] = catch(tf.assert_rank, tf.ones([2, 2]), 1)
    out["assert_type"] = catch(tf.assert_type, tf.constant(1), tf.float32)
    out["summarize"] = message_has(lambda: sess.run(tf.Assert(tf.reduce_all(p > 0), [p], summarize=2),
                                                    {p: [1.0, -2.0, 3.0, 4.0]}), "1 -2")
    return out


def case_string_to_number_more_formats(tf):
    s = tf.placeholder(tf.string, [None])
    sess = tf.Session()
    return {
        "int64": sess.run(tf.string_to_number(s, out_type=tf.int64), {s: ["9000000000", "-1"]}),
        "int32_overflow": catch(sess.run, tf.string_to_number(s, out_type=tf.int32), {s: ["9000000000"]}),
        "specials": sess.run(tf.string_to_number(s), {s: ["inf", "-inf", "nan", " 2.5", "1e-50"]}).tolist(),
        "hex": catch(sess.run, tf.string_to_number(s, out_type=tf.int32), {s: ["0x10"]}),
        "empty": catch(sess.run, tf.string_to_number(s), {s: [""]}),
        "float16": catch(tf.string_to_number, s, out_type=tf.float16),
        "plus_sign": sess.run(tf.string_to_number(s, out_type=tf.int32), {s: ["+5"]}),
        "matrix": sess.run(tf.strings.to_number(tf.constant([["1", "2"], ["3", "4"]]))),
        "name": tf.string_to_number(s, name="num").op.type,
    }


def case_py_func_multi_outputs_errors_and_numpy_function(tf):
    x = tf.placeholder(tf.float32, [None])

    def both(a):
        return a + 1.0, np.int64(a.size)

    plus, count = tf.py_func(both, [x], [tf.float32, tf.int64])
    bad = tf.py_func(lambda a: a.astype(np.float64), [x], tf.float32)
    raises = tf.py_func(lambda a: 1 / 0, [x], tf.float32)
    npf = tf.numpy_function(lambda a: a * 3, [x], tf.float32)
    sess = tf.Session()
    feed = {x: [1.0, 2.0]}
    return {
        "outputs": sess.run([plus, count], feed),
        "shapes": [str(plus.shape), str(count.shape)],
        "wrong_dtype": catch(sess.run, bad, feed),
        "raises": catch(sess.run, raises, feed),
        "numpy_function": sess.run(npf, feed),
        "op_types": [plus.op.type, npf.op.type,
                     tf.py_func(lambda a: a, [x], tf.float32, stateful=False).op.type],
        "usable": sess.run(plus, feed),
    }
