"""AutoGraph: tf.autograph.to_graph / to_code and tf.function's conversion (autograph=True) in graph mode.

Converted functions are called on placeholders and constants and run in a session; cases compare
values, dtypes, shapes, the op types a converted statement builds, Python semantics for Python
values, and TF's error classes and messages for unsupported or inconsistent code."""
import contextlib
import io

import numpy as np


def _error(fn):
    """The class of the error fn raises and the first line of its message (or 'no error')."""
    try:
        fn()
    except Exception as exc:  # the error is the result
        text = getattr(exc, "message", None) or str(exc)
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        skip = ("in user code", "File ", "OperatorNotAllowedInGraphError:")
        lines = [line for line in lines if not any(line.startswith(k) for k in skip)]
        return {"raised": type(exc).__name__, "first": lines[0][:90] if lines else ""}
    return "no error"


def _class_of(fn):
    try:
        fn()
    except Exception as exc:  # the error is the result
        return type(exc).__name__
    return "no error"


# ------------------------------------------------------------------ functions converted by the cases
def sign_of(x):
    if x > 0:
        y = x * 2
    else:
        y = -x
    return y


def abs_return(x):
    if x > 0:
        return x
    else:
        return -x


def one_branch_assigns(x):
    if x > 0:
        y = x
    return y


def one_branch_returns(x):
    if x > 0:
        return x
    return None


def branch_dtypes_differ(x):
    if x > 0:
        y = 1
    else:
        y = 1.0
    return y


def sum_below(n):
    s = 0
    i = 0
    while i < n:
        s += i
        i += 1
    return s


def last_index(n):
    i = 0
    while i < n:
        last = i
        i += 1
    return last


def odd_sum_until(x):
    s = 0
    for i in tf_range(x):
        if i > 5:
            break
        if i % 2 == 0:
            continue
        s += i
    return s


def positives_sum(values):
    s = 0.0
    for v in values:
        if v > 0:
            s += v
    return s


def capped_sum(elements, s):
    for e in elements:
        if e > 5:
            break
        if e % 2 == 0:
            continue
        s += e
    return s


def dtype_changes(x):
    while x < 10:
        x = tf_cast_float(x)
    return x


def shape_changes(x):
    y = x
    n = 0
    while n < x[0]:
        y = tf_concat([y, y])
        n += 1
    return y


def logic(x):
    return x > 0 and x < 5, x < 0 or x > 2, not (x > 1)


def not_an_int(x):
    return not x


def if_expression(x):
    return x * 10 if x > 1 else -x


def int_condition(x):
    if x:
        y = 1
    else:
        y = 2
    return y


def lengths(x):
    return len(x)


def python_values(n):
    out = []
    for i in range(n):
        if i % 2:
            out.append(i)
    total = 0
    while total < 10:
        total += 3
    return out, total, (1 if n > 2 else 0) and "yes"


def helper_converted(x):
    if x > 0:
        return x * 10
    return x


def calls_helper(x):
    return helper_converted(x) + 1


def nested_loops(n):
    count = 0
    for i in range_of(n):
        j = 0
        while j < i:
            if j > 2:
                break
            count += 1
            j += 1
    return count


def with_inner_def(x):
    def double(v):
        if v > 0:
            return v * 2
        return v
    return double(x) + double(-x)


def range_builtin(n):
    s = 0
    for i in range(n):
        s += i
    return s


def loop_with_options(x):
    i = 0
    while i < x:
        tf_loop_options(maximum_iterations=3)
        i += 1
    return i


def prints(x):
    print("value:", x)
    return x + 1


def asserts(x):
    assert x > 0, "x must be positive"
    return x + 1


def python_while_turns_tensor(x):
    i = 0
    while i < 3:
        i = i + x
    return i


def early_python_return(flag, x):
    if flag:
        return x + 1
    for k in [1, 2, 3]:
        if k == 2:
            return x * k
    return x


# names the converted code reads from this module's globals, set by _use(tf)
tf_range = tf_cast_float = tf_concat = range_of = tf_loop_options = None


def _use(tf):
    global tf_range, tf_cast_float, tf_concat, range_of, tf_loop_options
    tf_range, range_of = tf.range, tf.range
    tf_cast_float = lambda v: tf.cast(v, tf.float32)  # noqa: E731
    tf_concat = lambda parts: tf.concat(parts, 0)  # noqa: E731
    tf_loop_options = tf.autograph.experimental.set_loop_options
    return tf


# ------------------------------------------------------------------ if statements
def case_x_autograph_if_on_a_tensor_is_a_cond(tf):
    tf = _use(tf)
    x = tf.placeholder(tf.float32, [], name="x")
    y = tf.autograph.to_graph(sign_of)(x)
    sess = tf.Session()
    ops = [op.type for op in tf.get_default_graph().get_operations()]
    return {"values": [sess.run(y, {x: v}) for v in (-3.0, 2.5)], "name": y.name, "dtype": y.dtype.name,
            "shape": y.shape.as_list(), "merges": ops.count("Merge"), "switches": ops.count("Switch")}


def case_x_autograph_if_on_python_values_runs_python(tf):
    tf = _use(tf)
    g = tf.autograph.to_graph(sign_of)
    before = len(tf.get_default_graph().get_operations())
    out = (g(4), g(-2.5), g(0))
    return {"values": out, "types": [type(v).__name__ for v in out],
            "new_ops": len(tf.get_default_graph().get_operations()) - before}


def case_x_autograph_return_in_both_branches(tf):
    tf = _use(tf)
    x = tf.placeholder(tf.int32, [], name="x")
    y = tf.autograph.to_graph(abs_return)(x)
    sess = tf.Session()
    return {"values": [sess.run(y, {x: v}) for v in (-3, 4)], "dtype": y.dtype.name, "op": y.op.type}


def case_x_autograph_if_errors(tf):
    tf = _use(tf)
    x = tf.constant(3)
    return {"undefined_in_else": _error(lambda: tf.autograph.to_graph(one_branch_assigns)(x)),
            "return_in_one_branch": _error(lambda: tf.autograph.to_graph(one_branch_returns)(x)),
            "dtypes_differ": _error(lambda: tf.autograph.to_graph(branch_dtypes_differ)(x)),
            "int_condition": _error(lambda: tf.autograph.to_graph(int_condition)(tf.constant(3))),
            "vector_condition": _error(lambda: tf.autograph.to_graph(int_condition)(tf.constant([True, False]))),
            "python_fine": tf.autograph.to_graph(one_branch_assigns)(2)}


def case_x_autograph_if_expression_and_logic(tf):
    tf = _use(tf)
    x = tf.placeholder(tf.int32, [], name="x")
    sess = tf.Session()
    expr = tf.autograph.to_graph(if_expression)(x)
    both, either, negated = tf.autograph.to_graph(logic)(x)
    rows = [sess.run([expr, both, either, negated], {x: v}) for v in (-1, 1, 3, 7)]
    return {"rows": rows, "dtypes": [t.dtype.name for t in (expr, both, either, negated)],
            "not_op": negated.op.type, "python": tf.autograph.to_graph(logic)(3),
            "not_int": _error(lambda: tf.autograph.to_graph(not_an_int)(tf.constant(3)))}


# ------------------------------------------------------------------ while loops
def case_x_autograph_while_on_a_tensor(tf):
    tf = _use(tf)
    n = tf.placeholder(tf.int32, [], name="n")
    s = tf.autograph.to_graph(sum_below)(n)
    sess = tf.Session()
    return {"values": [sess.run(s, {n: v}) for v in (0, 1, 5, 10)], "dtype": s.dtype.name,
            "python": tf.autograph.to_graph(sum_below)(4)}


def case_x_autograph_while_defines_a_name(tf):
    tf = _use(tf)
    n = tf.placeholder(tf.int32, [], name="n")
    last = tf.autograph.to_graph(last_index)(n)
    sess = tf.Session()
    return {"values": [sess.run(last, {n: v}) for v in (1, 3, 6)], "dtype": last.dtype.name,
            "zero_iterations": _class_of(lambda: sess.run(last, {n: 0}))}


def case_x_autograph_while_state_errors(tf):
    tf = _use(tf)
    return {"dtype": _error(lambda: tf.autograph.to_graph(dtype_changes)(tf.constant(3))),
            "shape": _error(lambda: tf.autograph.to_graph(shape_changes)(tf.constant([3])))}


def case_x_autograph_loop_options(tf):
    tf = _use(tf)
    x = tf.placeholder(tf.int32, [], name="x")
    i = tf.autograph.to_graph(loop_with_options)(x)
    sess = tf.Session()
    return [sess.run(i, {x: v}) for v in (2, 3, 10)]


def case_x_autograph_python_while_turns_tensor(tf):
    tf = _use(tf)
    return _class_of(lambda: tf.autograph.to_graph(python_while_turns_tensor)(tf.constant(1)))


# ------------------------------------------------------------------ for loops
def case_x_autograph_for_over_range_with_break_and_continue(tf):
    tf = _use(tf)
    x = tf.placeholder(tf.int32, [], name="x")
    s = tf.autograph.to_graph(odd_sum_until)(x)
    sess = tf.Session()
    return {"values": [sess.run(s, {x: v}) for v in (0, 4, 10)], "dtype": s.dtype.name}


def case_x_autograph_for_over_a_tensor(tf):
    tf = _use(tf)
    v = tf.placeholder(tf.float32, [4], name="v")
    s = tf.autograph.to_graph(positives_sum)(v)
    sess = tf.Session()
    return {"values": [sess.run(s, {v: x}) for x in ([1, -2, 3, 4], [-1, -1, -1, -1])], "dtype": s.dtype.name,
            "python_list": tf.autograph.to_graph(positives_sum)([1.0, -2.0, 3.5])}


def case_x_autograph_for_over_a_dataset(tf):
    tf = _use(tf)
    total = tf.autograph.to_graph(positives_sum)(tf.data.Dataset.from_tensor_slices(
        np.array([1.0, -2.0, 3.0, 4.0], np.float32)))
    return {"value": tf.Session().run(total), "dtype": total.dtype.name}


def case_x_autograph_for_over_a_dataset_with_break(tf):
    tf = _use(tf)
    total = tf.autograph.to_graph(capped_sum)(tf.data.Dataset.range(20), tf.constant(0, tf.int64))
    return {"value": tf.Session().run(total), "dtype": total.dtype.name,
            "range_of_a_dataset": _class_of(lambda: tf.autograph.to_graph(odd_sum_until)(tf.data.Dataset.range(3)))}


def case_x_autograph_nested_loops_and_range(tf):
    tf = _use(tf)
    n = tf.placeholder(tf.int32, [], name="n")
    count = tf.autograph.to_graph(nested_loops)(n)
    total = tf.autograph.to_graph(range_builtin)(n)
    sess = tf.Session()
    return {"count": [sess.run(count, {n: v}) for v in (0, 3, 6)],
            "range": [sess.run(total, {n: v}) for v in (-2, 0, 5)],
            "python": tf.autograph.to_graph(range_builtin)(5)}


def case_x_autograph_python_loops_keep_python_values(tf):
    tf = _use(tf)
    return tf.autograph.to_graph(python_values)(5)


def case_x_autograph_early_returns_in_python_control_flow(tf):
    tf = _use(tf)
    g = tf.autograph.to_graph(early_python_return)
    x = tf.constant(3)
    sess = tf.Session()
    return [sess.run(g(True, x)), sess.run(g(False, x))]


# ------------------------------------------------------------------ builtins and calls
def case_x_autograph_len(tf):
    tf = _use(tf)
    g = tf.autograph.to_graph(lengths)
    p = tf.placeholder(tf.float32, [None, 2], name="p")
    dynamic = g(p)
    return {"static": g(tf.zeros([3, 2])), "python": g([1, 2]),
            "dynamic": tf.Session().run(dynamic, {p: np.zeros((5, 2), np.float32)}),
            "scalar": _error(lambda: g(tf.constant(1.0)))}


def case_x_autograph_recursive_conversion(tf):
    tf = _use(tf)
    x = tf.placeholder(tf.int32, [], name="x")
    sess = tf.Session()
    y = tf.autograph.to_graph(calls_helper)(x)
    return {"values": [sess.run(y, {x: v}) for v in (-2, 3)],
            "not_recursive": _class_of(lambda: tf.autograph.to_graph(calls_helper, recursive=False)(x)),
            "do_not_convert": _class_of(lambda: tf.autograph.to_graph(
                tf.autograph.experimental.do_not_convert(helper_converted))(x)),
            "inner_def": sess.run(tf.autograph.to_graph(with_inner_def)(tf.constant(4)))}


def case_x_autograph_print(tf):
    tf = _use(tf)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        y = tf.autograph.to_graph(prints)(tf.constant(3))
        python = tf.autograph.to_graph(prints)(4)
    with tf.Graph().as_default(), contextlib.redirect_stdout(io.StringIO()):
        traced = tf.function(prints)(tf.constant(5))
    return {"printed": buffer.getvalue().strip().splitlines(), "result": tf.Session().run(y), "python": python,
            "traced": traced.dtype.name,
            "ops": sorted({op.type for op in tf.get_default_graph().get_operations()})}


def case_x_autograph_assert(tf):
    tf = _use(tf)
    x = tf.placeholder(tf.int32, [], name="x")
    plain = _class_of(lambda: tf.autograph.to_graph(asserts)(x))
    g = tf.autograph.to_graph(asserts, experimental_optional_features=tf.autograph.experimental.Feature.ALL)
    y = g(x)
    sess = tf.Session()
    asserts_ops = [op for op in tf.get_default_graph().get_operations() if op.type == "Assert"]
    return {"plain": plain, "ok": sess.run([y] + asserts_ops, {x: 2})[0],
            "failed": _class_of(lambda: sess.run(asserts_ops, {x: -2})), "python": _error(lambda: g(-1))}


def case_x_autograph_to_graph_and_to_code_entities(tf):
    tf = _use(tf)
    code = tf.autograph.to_code(sign_of)
    return {"code_is_text": isinstance(code, str), "defines": "def tf__sign_of(x)" in code,
            "calls_if_stmt": "ag__.if_stmt(" in code, "number": _error(lambda: tf.autograph.to_graph(3)),
            "builtin": _class_of(lambda: tf.autograph.to_code(len)),
            "callable": callable(tf.autograph.to_graph(sign_of))}


class _Scaler:
    def __init__(self, factor):
        self.factor = factor

    def scale(self, x):
        if x > 0:
            return x * self.factor
        return x


def case_x_autograph_methods(tf):
    tf = _use(tf)
    scaler = _Scaler(3)
    g = tf.autograph.to_graph(scaler.scale)  # TF 2.21 hands back the plain converted function
    x = tf.placeholder(tf.int32, [], name="x")
    y = g(scaler, x)
    traced = tf.function(scaler.scale)(x)
    sess = tf.Session()
    return {"values": [sess.run([y, traced], {x: v}) for v in (-2, 5)], "python": g(scaler, 4),
            "bound_call": _class_of(lambda: g(x))}


# ------------------------------------------------------------------ tf.function
def case_x_autograph_tf_function_converts(tf):
    tf = _use(tf)
    v = tf.placeholder(tf.float32, [4], name="v")
    n = tf.placeholder(tf.int32, [], name="n")
    summed = tf.function(positives_sum)(v)
    last = tf.function(last_index)(n)
    ranged = tf.function(odd_sum_until)(n)
    sess = tf.Session()
    return {"summed": sess.run(summed, {v: [1, -2, 3, 4]}), "last": sess.run(last, {n: 4}),
            "ranged": [sess.run(ranged, {n: k}) for k in (3, 10)], "dtype": summed.dtype.name,
            "without_autograph": _class_of(lambda: tf.function(sign_of, autograph=False)(tf.constant(1.0)))}


def case_x_autograph_tf_function_errors(tf):
    tf = _use(tf)
    return {"undefined_in_else": _class_of(lambda: tf.function(one_branch_assigns)(tf.constant(2))),
            "assert": _class_of(lambda: tf.function(asserts)(tf.constant(2))),
            "dtypes": _class_of(lambda: tf.function(dtype_changes)(tf.constant(2)))}


def builtins_over_tensors(x, y):
    return abs(x), float(x), int(y), abs(y)


def case_x_autograph_builtins(tf):
    tf = _use(tf)
    x = tf.placeholder(tf.int32, [], name="x")
    y = tf.placeholder(tf.float32, [3], name="y")
    g = tf.autograph.to_graph(builtins_over_tensors)
    out = g(x, y)
    values = tf.Session().run(out, {x: -3, y: [1.5, -2.0, 7.25]})
    return {"values": values, "dtypes": [t.dtype.name for t in out], "ops": [t.op.type for t in out],
            "python": g(-3, 2.5), "max_stays_python": _class_of(lambda: tf.autograph.to_graph(max_of)(x)),
            "int_of_string": tf.Session().run(tf.autograph.to_graph(int_of)(tf.constant("42")))}


def max_of(v):
    return max(v, 2)


def int_of(s):
    return int(s)
