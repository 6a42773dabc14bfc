"""cond, case and while_loop: values, laziness, structures, errors and gradients."""
import collections

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors


pytestmark = pytest.mark.usefixtures("reset_graph")


def test_cond_picks_the_branch_and_merges_shapes():
    p = tf.placeholder(tf.bool, [])
    x = tf.placeholder(tf.float32, [])
    out = tf.cond(p, lambda: x * 2.0, lambda: x - 1.0)
    with tf.Session() as sess:
        assert sess.run(out, {p: True, x: 5.0}) == 10.0
        assert sess.run(out, {p: False, x: 5.0}) == 4.0
    assert tf.cond(p, lambda: tf.ones([2, 3]), lambda: tf.zeros([2, 4])).shape.as_list() == [2, None]
    assert out.op.type == "Merge" and out.op.name == "cond/Merge"


def test_cond_constants_in_branches_follow_the_predicate():
    p = tf.placeholder(tf.bool, [])
    out = tf.cond(p, lambda: (tf.constant(1), tf.constant("a")), lambda: (tf.constant(2), tf.constant("b")))
    with tf.Session() as sess:
        assert sess.run(out, {p: True}) == (1, b"a")
        assert sess.run(out, {p: False}) == (2, b"b")


def test_cond_runs_only_the_taken_branch_side_effects():
    v = tf.Variable(0)
    w = tf.Variable(0)
    p = tf.placeholder(tf.bool, [])
    outside = tf.assign_add(w, 1)
    out = tf.cond(p, lambda: tf.assign_add(v, 10), lambda: outside)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(out, {p: True}) == 10
        assert sess.run([v, w]) == [10, 1]  # an outside op feeding a branch runs either way
        assert sess.run(out, {p: False}) == 2
        assert sess.run([v, w]) == [10, 2]


def test_cond_branch_py_func_runs_only_when_taken():
    calls = []

    def record(x):
        calls.append(int(x))
        return x

    p = tf.placeholder(tf.bool, [])
    out = tf.cond(p, lambda: tf.py_func(record, [tf.constant(1)], tf.int32), lambda: tf.constant(2))
    with tf.Session() as sess:
        assert sess.run(out, {p: False}) == 2
        assert calls == []
        assert sess.run(out, {p: True}) == 1
        assert calls == [1]


def test_cond_nested_structures_and_strict():
    p = tf.placeholder(tf.bool, [])
    Pair = collections.namedtuple("Pair", "a b")
    out = tf.cond(p, lambda: {"x": Pair(tf.constant(1), tf.constant(2.0))},
                  lambda: {"x": Pair(tf.constant(3), tf.constant(4.0))})
    assert isinstance(out["x"], Pair)
    single = tf.cond(p, lambda: [tf.constant(1)], lambda: [tf.constant(2)])
    strict = tf.cond(p, lambda: [tf.constant(1)], lambda: [tf.constant(2)], strict=True)
    with tf.Session() as sess:
        got = sess.run(out, {p: False})
        assert got["x"].a == 3 and got["x"].b == 4.0
        assert sess.run(single, {p: True}) == 1
        assert sess.run(strict, {p: True}) == [1]


def test_nested_cond():
    a = tf.placeholder(tf.bool, [])
    b = tf.placeholder(tf.bool, [])
    x = tf.constant(10)
    out = tf.cond(a, lambda: tf.cond(b, lambda: x + 1, lambda: x + 2), lambda: x + 3)
    with tf.Session() as sess:
        assert [sess.run(out, {a: i, b: j}) for i, j in ((True, True), (True, False), (False, True))] == [11, 12, 13]


def test_cond_errors():
    p = tf.placeholder(tf.bool, [])
    with pytest.raises(TypeError):
        tf.cond(True, lambda: tf.constant(1), lambda: tf.constant(2))
    with pytest.raises(ValueError, match="same type"):
        tf.cond(p, lambda: tf.constant(1), lambda: tf.constant(2.0))
    with pytest.raises(ValueError, match="return value"):
        tf.cond(p, lambda: None, lambda: tf.constant(2))
    with pytest.raises(ValueError):
        tf.cond(p, lambda: (tf.constant(1), tf.constant(2)), lambda: tf.constant(2))
    with pytest.raises(TypeError):
        tf.cond(p, 1, lambda: tf.constant(2))
    with pytest.raises(TypeError):
        tf.cond(tf.constant(1), lambda: tf.constant(1), lambda: tf.constant(2))


def test_fetching_a_tensor_of_an_untaken_branch_fails():
    p = tf.placeholder(tf.bool, [])
    inside = []

    def branch():
        inside.append(tf.constant(3) * 2)
        return inside[-1]

    tf.cond(p, branch, lambda: tf.constant(0))
    with tf.Session() as sess:
        assert sess.run(inside[0], {p: True}) == 6
        with pytest.raises(errors.InvalidArgumentError):
            sess.run(inside[0], {p: False})


def test_cond_gradient():
    p = tf.placeholder(tf.bool, [])
    x = tf.constant(3.0)
    y = tf.cond(p, lambda: x * x, lambda: x * 5.0)
    g = tf.gradients(y, x)[0]
    with tf.Session() as sess:
        assert sess.run(g, {p: True}) == 6.0
        assert sess.run(g, {p: False}) == 5.0


def test_case_first_true_default_and_exclusive():
    x = tf.placeholder(tf.int32, [])
    out = tf.case([(tf.less(x, 0), lambda: tf.constant(-1)), (tf.less(x, 10), lambda: tf.constant(10))],
                  default=lambda: tf.constant(0))
    exclusive = tf.case([(tf.less(x, 0), lambda: tf.constant(-1)), (tf.less(x, 10), lambda: tf.constant(10))],
                        default=lambda: tf.constant(0), exclusive=True)
    no_default = tf.case([(tf.less(x, 0), lambda: tf.constant(-1)), (tf.less(x, 10), lambda: tf.constant(10))])
    with tf.Session() as sess:
        assert [sess.run(out, {x: v}) for v in (-5, 3, 50)] == [-1, 10, 0]
        assert sess.run(no_default, {x: 3}) == 10
        with pytest.raises(errors.InvalidArgumentError):
            sess.run(no_default, {x: 50})
        with pytest.raises(errors.InvalidArgumentError):
            sess.run(exclusive, {x: -5})
        assert sess.run(exclusive, {x: 5}) == 10
    with pytest.raises(TypeError):
        tf.case([(True, lambda: tf.constant(1))])


def test_while_loop_values_and_structures():
    i, acc = tf.while_loop(lambda i, acc: i < 5, lambda i, acc: (i + 1, acc * 2), [tf.constant(0), tf.constant(1)])
    n = tf.placeholder(tf.int32, [])
    fib = tf.while_loop(lambda k, a, b: k < n, lambda k, a, b: (k + 1, b, a + b), [0, 0, 1])
    single = tf.while_loop(lambda k: k < 10, lambda k: k + 3, [0])
    capped = tf.while_loop(lambda k: k < 100, lambda k: k + 1, [0], maximum_iterations=4)
    nested = tf.while_loop(lambda s: s["i"] < 3, lambda s: [{"i": s["i"] + 1, "v": s["v"] * 2.0}],
                           [{"i": tf.constant(0), "v": tf.constant(1.5)}])
    with tf.Session() as sess:
        assert sess.run([i, acc]) == [5, 32]
        assert sess.run(fib, {n: 10}) == (10, 55, 89)
        assert sess.run(fib, {n: 0}) == (0, 0, 1)
        assert sess.run(single) == 12
        assert sess.run(capped) == 4
        assert sess.run(nested) == [{"i": 3, "v": 12.0}]  # the body result structure, as in TF


def test_while_loop_shape_invariants():
    grow = lambda x: tf.concat([x, x + 1], 0)  # noqa: E731
    with pytest.raises(ValueError, match="shape_invariants"):
        tf.while_loop(lambda x: tf.size(x) < 8, grow, [tf.constant([0])])
    out = tf.while_loop(lambda x: tf.size(x) < 8, grow, [tf.constant([0])],
                        shape_invariants=[tf.TensorShape([None])])
    assert out.shape.as_list() == [None]
    with tf.Session() as sess:
        assert sess.run(out).tolist() == [0, 1, 1, 2, 1, 2, 2, 3]
    with pytest.raises(ValueError):
        tf.while_loop(lambda x: x < 3, lambda x: x + 1, [tf.constant([0, 1])],
                      shape_invariants=[tf.TensorShape([3])])


def test_while_loop_errors():
    with pytest.raises(TypeError):
        tf.while_loop(1, lambda x: x, [0])
    with pytest.raises(ValueError):
        tf.while_loop(lambda x, y: x < 3, lambda x, y: x + 1, [0, 1])
    retyped = tf.while_loop(lambda x: x < 3, lambda x: tf.cast(x, tf.float32), [0])  # TF fails it when run
    with pytest.raises(errors.InvalidArgumentError, match="incompatible with expected int32"):
        tf.Session().run(retyped)
    with pytest.raises(ValueError):  # a body returning a bare dict for [dict]: list(dict) gives its keys
        tf.while_loop(lambda s: s["i"] < 3, lambda s: {"i": s["i"] + 1}, [{"i": tf.constant(0)}])
    with pytest.raises(TypeError):  # with maximum_iterations the body's list/tuple kind must match
        tf.while_loop(lambda i, j: i < 3, lambda i, j: (i + 1, j), [0, 1], maximum_iterations=2)
    with pytest.raises(ValueError):
        tf.while_loop(lambda x: x < 3, lambda x: x + 1, [])


def test_while_loop_runtime_error_names_the_inner_op():
    x = tf.placeholder(tf.float32, [None])
    def body(i, v):
        bad = tf.py_func(lambda a: None, [v], tf.float32)  # returns nothing for one output
        bad.set_shape([None])
        return i + 1, bad

    out = tf.while_loop(lambda i, v: i < 2, body, [0, x])
    with tf.Session() as sess:
        with pytest.raises(errors.InvalidArgumentError) as info:
            sess.run(out, {x: [1.0]})
        assert "PyFunc" in str(info.value)


def test_while_loop_with_variables_and_cond_inside():
    v = tf.Variable(0)

    def body(i):
        with tf.control_dependencies([tf.assign_add(v, i)]):
            return tf.cond(i < 2, lambda: i + 1, lambda: i + 10)

    out = tf.while_loop(lambda i: i < 20, body, [tf.constant(0)])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(out) == 22  # 0 -> 1 -> 2 -> 12 -> 22
        assert sess.run(v) == 0 + 1 + 2 + 12


def test_while_loop_gradient():
    x = tf.constant(1.5)
    w = tf.constant(2.0)
    i, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * w + x), [tf.constant(0), x])
    gx, gw = tf.gradients(y, [x, w])
    with tf.Session() as sess:
        # y = ((x*w + x)*w + x)*w + x = x(w^3 + w^2 + w + 1)
        assert sess.run(y) == pytest.approx(1.5 * 15)
        assert sess.run(gx) == pytest.approx(15.0)
        assert sess.run(gw) == pytest.approx(1.5 * (3 * 4 + 2 * 2 + 1))


def test_group_tuple_and_with_dependencies():
    v = tf.Variable(1)
    inc = tf.assign_add(v, 1)
    out = tf.tuple([tf.constant(5)], control_inputs=[inc])[0]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(out) == 5
        assert sess.run(v) == 2


def test_endless_while_loop_honours_the_run_timeout():
    out = tf.while_loop(lambda i: i >= 0, lambda i: i + 1, [0])
    with tf.Session() as sess:
        with pytest.raises(errors.DeadlineExceededError):
            sess.run(out, options=tf.RunOptions(timeout_in_ms=200))


def test_while_loop_plans_place_ops_as_their_session_does():
    from tfsess.runtime.executor import RunContext
    with tf.device("/cpu:0"):
        x = tf.constant(1.0)
        y = tf.while_loop(lambda v: v < 10.0, lambda v: v * 2.0, [x])
    with tf.Session() as sess:
        assert sess.run(y) == 16.0
        in_session = RunContext(sess, None).placer_for(x.graph)
        assert in_session(x.op).device_type == "CPU"
    assert RunContext(None, None).placer_for(x.graph)(x.op).device_type == "CPU"  # no session: the host CPU


def test_while_loop_gradient_uses_the_forward_iterations_values():
    # the backward pass reads each iteration's values as the forward pass made them (TF's stacks):
    # a random factor drawn in the body is not drawn again for the gradient
    x = tf.constant(2.0)
    _, y = tf.while_loop(lambda i, y: i < 4, lambda i, y: (i + 1, y * tf.random_uniform([], 1.0, 2.0)),
                         [tf.constant(0), x])
    gx = tf.gradients(y, x)[0]
    with tf.Session() as sess:
        for _ in range(3):
            value, grad = sess.run([y, gx])
            assert grad == pytest.approx(value / 2.0)


def test_while_loop_gradient_alone_reruns_the_loop():
    # fetched without the loop's own output, the gradient still runs the forward loop itself
    x = tf.constant(1.5)
    _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, tf.sin(y)), [tf.constant(0), x])
    gx = tf.gradients(y, x, grad_ys=tf.constant(1.0))[0]
    with tf.Session() as sess:
        want = np.cos(1.5) * np.cos(np.sin(1.5)) * np.cos(np.sin(np.sin(1.5)))
        assert sess.run(gx) == pytest.approx(want, rel=1e-6)


def test_while_loop_records_a_tape_only_for_its_run():
    x = tf.constant(1.0)
    _, y = tf.while_loop(lambda i, y: i < 3, lambda i, y: (i + 1, y * 3.0), [tf.constant(0), x])
    gx = tf.gradients(y, x)[0]
    with tf.Session() as sess:
        assert sess.run([y, gx]) == [27.0, 27.0]
        assert sess.run(gx) == 27.0  # a later run records its own tape


def test_nested_while_loop_gradient():
    # the inner loop's tape is recorded once per outer iteration; the gradient matches finite differences
    def forward(x):
        y = x
        for _ in range(4):
            for _ in range(3):
                y = np.sin(y) * x + 0.1
            y = y * 1.1
        return y

    x = tf.constant(0.7, tf.float64)

    def outer(i, y):
        _, z = tf.while_loop(lambda j, z: j < 3, lambda j, z: (j + 1, tf.sin(z) * x + 0.1), [tf.constant(0), y])
        return i + 1, z * 1.1
    _, y = tf.while_loop(lambda i, y: i < 4, outer, [tf.constant(0), x])
    gx = tf.gradients(y, x)[0]
    with tf.Session() as sess:
        value, grad = sess.run([y, gx])
    assert value == pytest.approx(forward(0.7))
    assert grad == pytest.approx((forward(0.7 + 1e-6) - forward(0.7 - 1e-6)) / 2e-6, rel=1e-6)


def _dense_loop(steps, x_value, w_value, b_value):
    """h <- tanh(h @ w + b) for `steps` iterations (a MatMul capture gradient and a BiasAddGrad one)."""
    x, w, b = tf.constant(x_value), tf.constant(w_value), tf.constant(b_value)
    _, h = tf.while_loop(lambda i, h: i < steps, lambda i, h: (i + 1, tf.tanh(tf.nn.bias_add(tf.matmul(h, w), b))),
                         [tf.constant(0), x])
    return h, tf.gradients(tf.reduce_sum(h * h), [x, w, b])


def _dense_unrolled(steps, x_value, w_value, b_value):
    x, w, b = tf.constant(x_value), tf.constant(w_value), tf.constant(b_value)
    h = x
    for _ in range(steps):
        h = tf.tanh(tf.nn.bias_add(tf.matmul(h, w), b))
    return h, tf.gradients(tf.reduce_sum(h * h), [x, w, b], unconnected_gradients="zero")


@pytest.mark.parametrize("steps", [0, 1, 5])
def test_while_loop_capture_gradients_summed_over_stacked_iterations(steps):
    # the kernel's gradient is one GEMM over the stacked iterations, the bias's one column sum:
    # the same values as the unrolled graph's per-step sums, to rounding
    rng = np.random.default_rng(0)
    values = [rng.standard_normal(s) for s in ((3, 4), (4, 4), (4,))]
    h, grads = _dense_loop(steps, *values)
    with tf.Session() as sess:
        looped = sess.run((h, grads))
        unrolled = sess.run(_dense_unrolled(steps, *values))
    (gradient,) = h.op.inputs[0].op._attrs["_loop"]._grads.values()  # h is the loop's Exit
    assert {type(s).__name__ for s in gradient.capture_sums} >= {"StackedProduct", "StackedBiasSum"}
    np.testing.assert_allclose(looped[0], unrolled[0], rtol=1e-12)
    for got, want in zip(looped[1], unrolled[1]):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


def test_while_loop_gradient_of_a_matrix_read_transposed_keeps_the_callers_array():
    # the backward body reads w only as MatMul's transposed factor: it gets a column-major copy,
    # and the array the forward loop and the caller see stays as it was
    w_value = np.arange(12.0).reshape(3, 4) / 10
    w = tf.placeholder(tf.float64, [3, 4])
    x = tf.constant(np.ones((2, 3)))
    _, y = tf.while_loop(lambda i, y: i < 2, lambda i, y: (i + 1, tf.matmul(tf.sin(y), w)[:, :3]),
                         [tf.constant(0), x])
    gx = tf.gradients(tf.reduce_sum(y), x)[0]
    with tf.Session() as sess:
        grad = sess.run(gx, {w: w_value})
    (gradient,) = y.op.inputs[0].op._attrs["_loop"]._grads.values()  # y is the loop's Exit
    assert gradient.transposed_reads  # w's position among the captures
    assert w_value.flags.c_contiguous
    h = np.ones((2, 3))
    eps = 1e-6

    def f(x0):
        y = x0
        for _ in range(2):
            y = (np.sin(y) @ w_value)[:, :3]
        return y.sum()
    numeric = np.zeros_like(h)
    for idx in np.ndindex(h.shape):
        up, down = h.copy(), h.copy()
        up[idx] += eps
        down[idx] -= eps
        numeric[idx] = (f(up) - f(down)) / (2 * eps)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6)


def test_while_loop_gradient_does_not_run_body_ops_again_for_their_control_edges():
    # a TensorArray write's gradient holds a control edge on the write: the backward pass must
    # not write again (a second write to one index is an error), nor recompute what it wrote
    from tfsess.ops import while_ops
    x = tf.constant(np.arange(6.0).reshape(3, 2))
    ta = tf.TensorArray(tf.float64, size=3)

    def body(i, h, ta):
        h = tf.tanh(h + x[i])
        return i + 1, h, ta.write(i, h * 2.0)
    _, h, ta = tf.while_loop(lambda i, h, ta: i < 3, body, [tf.constant(0), tf.zeros([2], tf.float64), ta])
    loss = tf.reduce_sum(ta.stack()) + tf.reduce_sum(h)
    gx = tf.gradients(loss, x)[0]
    with tf.Session() as sess:
        grad = sess.run(gx)
        loop = h.op.inputs[0].op._attrs["_loop"]  # h is the loop's Exit
        (gradient,) = loop._grads.values()
        (plan,) = gradient._plans.values()
    body_types = {op.type for op in loop.ops}
    assert "TensorArrayWriteV3" in body_types
    assert not [s.op for s in plan.steps if s.op in set(loop.ops)]  # no forward op runs in the backward plan
    assert grad.shape == (3, 2) and np.all(np.isfinite(grad))
    assert isinstance(gradient, while_ops._LoopGradient)


def test_row_stack_keeps_every_iterations_rows_when_the_batch_varies():
    from tfsess.ops.loop_sums import RowStack
    stack = RowStack(np, 3)
    for value in (np.ones((2, 3)), np.full((1, 3), 2.0), np.full((3, 3), 3.0)):  # 6 rows: past the 2 * 3 sized
        stack.append(value)
    np.testing.assert_array_equal(stack.joined(), np.array([[1.0] * 3] * 2 + [[2.0] * 3] + [[3.0] * 3] * 3))
    even = RowStack(np, 2)
    even.append(np.ones((2, 3), np.float32))
    even.append(np.zeros((2, 3), np.float32))
    assert even.joined().shape == (4, 3) and even.joined().dtype == np.float32
