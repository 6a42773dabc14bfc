"""Narrowed products (runtime/column_blocks.py): a loop body's MatMul whose result a Split cuts
into column blocks, some never read, computes only the blocks read; the values are the unnarrowed
plan's, interpreted and compiled."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.runtime.column_blocks import NarrowProduct
from tfsess.runtime.device_cpu import CPUDevice
from tfsess.runtime.executor import Plan
from tfsess.runtime.resources import NEVER_CANCELLED

CPU = CPUDevice(0)
RNG = np.random.default_rng(7)
A = RNG.standard_normal((5, 12)).astype(np.float32)
B = RNG.standard_normal((12, 9)).astype(np.float32)


def _run(fetches, feeds, values, narrow, compiled):
    plan = Plan(fetches, [], feeds, lambda op: CPU, narrow=narrow)
    if compiled:
        plan.compile()
    else:
        plan.compiled = False
    return plan, plan.run(values, None, NEVER_CANCELLED)


def _check(fetches, feeds, values, narrowed):
    for compiled in (False, True):
        plain, want = _run(fetches, feeds, values, False, compiled)
        plan, got = _run(fetches, feeds, values, True, compiled)
        kernels = [step.kernel for step in plan.steps]
        assert any(isinstance(k, NarrowProduct) for k in kernels) == narrowed
        assert len(plan.steps) == len(plain.steps) - narrowed
        for g, w in zip(got, want):
            np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("transpose_b", [False, True])
def test_only_the_read_blocks_of_a_split_product_are_computed(g, transpose_b):
    a = tf.placeholder(tf.float32, [5, 12])
    b = tf.placeholder(tf.float32, [9, 12] if transpose_b else [12, 9])
    product = tf.matmul(a, b, transpose_b=transpose_b)
    _, middle, _ = tf.split(product, [2, 4, 3], axis=1)
    _check([middle], [a, b], [A, B.T.copy() if transpose_b else B], True)


def test_even_split_on_the_last_axis_and_two_blocks_read(g):
    a, b = tf.placeholder(tf.float32, [5, 12]), tf.placeholder(tf.float32, [12, 9])
    first, _, last = tf.split(tf.matmul(a, b), 3, axis=-1)
    _check([last, first], [a, b], [A, B], True)


def test_products_read_whole_or_elsewhere_stay(g):
    a, b = tf.placeholder(tf.float32, [5, 12]), tf.placeholder(tf.float32, [12, 9])
    product = tf.matmul(a, b)
    _check([tf.split(product, 3, axis=1)[1]] + [product], [a, b], [A, B], False)  # the product is fetched too
    _check(tf.split(tf.matmul(a, b), [4, 5], axis=1), [a, b], [A, B], False)    # every block read
    _check([tf.split(tf.matmul(a, b), [1, 4], axis=0)[1]], [a, b], [A, B], False)  # rows, not columns


def test_unknown_shapes_stay(g):
    a, b = tf.placeholder(tf.float32, [None, 12]), tf.placeholder(tf.float32, [12, 9])
    _check([tf.split(tf.matmul(a, b), 3, axis=1)[2]], [a, b], [A, B], False)


def test_while_gradient_plans_narrow_a_cell_product(g):
    x = tf.constant(RNG.standard_normal((2, 6, 3)).astype(np.float32))
    cell = tf.nn.rnn_cell.BasicRNNCell(4)
    _, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    grads = tf.gradients(tf.reduce_sum(state * state), cell.trainable_weights)
    unrolled, _ = tf.nn.static_rnn(tf.nn.rnn_cell.BasicRNNCell(4, name="twin"), tf.unstack(x, axis=1),
                                   dtype=tf.float32)
    twin_grads = tf.gradients(tf.reduce_sum(unrolled[-1] * unrolled[-1]), tf.trainable_variables()[2:])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run([t.assign(v) for t, v in zip(tf.trainable_variables()[2:], cell.trainable_weights)])
        got, want = sess.run([grads, twin_grads])
    for gv, wv in zip(got, want):
        np.testing.assert_allclose(gv, wv, rtol=1e-5, atol=1e-6)
    loop = tf.get_default_graph().get_operation_by_name("rnn/while").get_attr("_loop")
    plans = [plan for grad in loop._grads.values() for plan in grad._plans.values()]
    assert any(isinstance(step.kernel, NarrowProduct) for plan in plans for step in plan.steps)
