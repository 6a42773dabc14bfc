"""AutoGraph's staged statements (tfsess/ops/autograph/control_flow.py, operators.py): state through
tf.cond / tf.while_loop, loop options, iteration over tensors and datasets, lazy logic, TF's errors."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.ops.autograph import control_flow, operators


def _run(tensor, feed=None):
    with tf.Session() as sess:
        return sess.run(tensor, feed)


def test_and_or_evaluate_lazily_for_python_values():
    calls = []

    def second():
        calls.append(1)
        return "b"
    assert operators.and_(lambda: 0, second) == 0 and operators.or_(lambda: "a", second) == "a" and not calls
    assert operators.and_(lambda: 1, second) == "b" and calls == [1]


def test_and_on_a_tensor_is_a_cond(g):
    x = tf.placeholder(tf.bool, [])
    out = operators.and_(lambda: x, lambda: tf.constant(False))
    assert out.op.type == "Merge"
    assert _run(out, {x: True}) == False and _run(out, {x: False}) == False  # noqa: E712


def test_an_if_with_no_outputs_still_stages_a_cond(g):
    seen = []
    x = tf.placeholder(tf.bool, [])
    control_flow.if_stmt(x, lambda: seen.append("main"), lambda: seen.append("else"), lambda: (), lambda v: None,
                         (), 0)
    assert seen == ["main", "else"] and any(op.type == "Merge" for op in g.get_operations())


def test_shape_invariants_from_set_loop_options(g):
    def grow(x):
        y = x
        n = tf.constant(0)
        while n < 3:
            tf.autograph.experimental.set_loop_options(shape_invariants=[(y, tf.TensorShape([None]))])
            y = tf.concat([y, y], 0)
            n += 1
        return y
    out = tf.autograph.to_graph(grow)(tf.constant([1.0]))
    assert out.shape.as_list() == [None]
    assert _run(out).tolist() == [1.0] * 8


def test_for_over_a_tensor_of_unknown_length(g):
    def total(values):
        s = 0.0
        for v in values:
            s += v
        return s
    p = tf.placeholder(tf.float32, [None])
    out = tf.autograph.to_graph(total)(p)
    assert _run(out, {p: np.arange(5, dtype=np.float32)}) == 10.0


def test_a_dataset_loop_without_state(g):
    def touch(ds):
        for _ in ds:
            pass
        return 1
    assert tf.autograph.to_graph(touch)(tf.data.Dataset.range(3)) == 1


def test_a_tensor_break_in_a_python_loop_is_not_supported(g):
    def f(x):
        for k in [1, 2, 3]:
            if x > k:
                break
        return x
    with pytest.raises(NotImplementedError, match="break and return statements which depend on a TF condition"):
        tf.autograph.to_graph(f)(tf.constant(2))


def test_range_of_a_tensor_is_empty_for_negative_counts(g):
    n = tf.placeholder(tf.int32, [])
    assert _run(control_flow.range_(n), {n: -3}).tolist() == []
    assert list(control_flow.range_(3)) == [0, 1, 2]


def test_a_loop_that_may_not_run_checks_its_new_names(g):
    def f(n):
        for i in tf.range(n):
            last = i * 2
        return last
    n = tf.placeholder(tf.int32, [])
    out = tf.autograph.to_graph(f)(n)
    with tf.Session() as sess:
        assert sess.run(out, {n: 4}) == 6
        with pytest.raises(tf.errors.InvalidArgumentError, match="loop must iterate at least once to initialize"):
            sess.run(out, {n: 0})


def test_none_before_a_loop_takes_its_first_iteration_type(g):
    def f(n):
        v = None
        while n > 0:
            v = n
            n -= 1
        return v
    n = tf.placeholder(tf.int32, [])
    out = tf.autograph.to_graph(f)(n)
    with tf.Session() as sess:
        assert sess.run(out, {n: 3}) == 1
        with pytest.raises(tf.errors.InvalidArgumentError, match="initialize v"):
            sess.run(out, {n: 0})
