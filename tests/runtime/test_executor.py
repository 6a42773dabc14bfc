"""Run plans: caching, invalidation, rewrites, memory, threads, tracing (no timings)."""
import threading
import tracemalloc

import numpy as np
import pytest

import tfsess as tf


def _no_rewrites():
    config = tf.ConfigProto()
    config.graph_options.optimizer_options.opt_level = tf.OptimizerOptions.L0
    return config


def test_plan_is_compiled_once_and_invalidated_when_the_graph_grows(g):
    x = tf.placeholder(tf.float32, [None])
    y = x * 2.0
    sess = tf.Session()
    for i in range(5):
        sess.run(y, {x: [float(i)]})
    assert sess.runtime.compilations == 1
    sess.run([y, x], {x: [1.0]})
    assert sess.runtime.compilations == 2
    z = y + 1.0
    assert sess.run(y, {x: [1.0]})[0] == 2.0
    assert sess.runtime.compilations == 3
    assert sess.run(z, {x: [1.0]})[0] == 3.0


def test_make_callable_reuses_one_plan(g):
    x = tf.placeholder(tf.float32, [])
    f = tf.Session().make_callable(x * 3.0, [x])
    sess = f.__closure__ and None
    results = [f(float(i)) for i in range(10)]
    assert results == [3.0 * i for i in range(10)]
    del sess


def _chain(x):
    for i in range(30):
        k = i % 5
        x = {0: lambda t: t * 0.9, 1: lambda t: t + 0.1, 2: lambda t: t - 0.05,
             3: lambda t: t * t, 4: lambda t: t / 1.5}[k](x)
    return x


def test_rewrites_do_not_change_results(g):
    x = tf.placeholder(tf.float32, [1000])
    c = tf.constant(np.linspace(-1, 1, 1000, dtype=np.float32))
    y = _chain(x) + _chain(c) + (x * 2.0) + (x * 2.0)  # foldable part, a CSE twin, a chain
    feed = {x: np.random.default_rng(0).standard_normal(1000).astype(np.float32)}
    optimized = tf.Session().run(y, feed)
    plain = tf.Session(config=_no_rewrites()).run(y, feed)
    np.testing.assert_allclose(optimized, plain, rtol=1e-6)


def test_rewrites_show_in_step_stats(g):
    x = tf.placeholder(tf.float32, [3])
    k = tf.constant(2.0) * 3.0
    y = x * k + x * k
    md = tf.RunMetadata()
    tf.Session().run(y, {x: [1.0, 2.0, 3.0]}, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
                     run_metadata=md)
    names = [n.node_name for d in md.step_stats.dev_stats for n in d.node_stats]
    assert any(n.startswith("ConstantFolding/") for n in names)
    assert any(n.startswith("CommonSubexpressionElimination/") for n in names)
    assert "add" in names


def test_long_elementwise_chain_holds_about_two_buffers(g):
    n = 1_000_000
    x = tf.placeholder(tf.float32, [n])
    y = _chain(x)
    sess = tf.Session()
    value = np.ones(n, dtype=np.float32)
    sess.run(y, {x: value})  # compile first
    tracemalloc.start()
    try:
        sess.run(y, {x: value})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= 2.2 * n * 4  # the fed input is the caller's; intermediates reuse one buffer


def test_buffer_reuse_never_touches_feeds_or_variables(g):
    x = tf.placeholder(tf.float32, [4])
    v = tf.Variable(np.ones(4, dtype=np.float32))
    y = (x * 2.0 + 1.0) * 3.0
    w = (v * 2.0) + 1.0
    sess = tf.Session()
    sess.run(v.initializer)
    fed = np.arange(4, dtype=np.float32)
    sess.run([y, w], {x: fed})
    np.testing.assert_array_equal(fed, np.arange(4, dtype=np.float32))
    np.testing.assert_array_equal(sess.run(v), np.ones(4))


def test_threads_share_a_session(g):
    x = tf.placeholder(tf.int64, [None])
    total = tf.reduce_sum(x * x)
    c = tf.constant(5.0) * 2.0
    v = tf.Variable(0, dtype=tf.int64)
    inc = tf.assign_add(v, tf.constant(1, dtype=tf.int64))
    sess = tf.Session()
    sess.run(v.initializer)

    def work(i, out):
        for j in range(125):
            out.append((int(sess.run(total, {x: np.arange(i + j % 3)})), float(sess.run(c))))
            sess.run(inc)

    outs = [[] for _ in range(8)]
    threads = [threading.Thread(target=work, args=(i, outs[i])) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, out in enumerate(outs):
        expected = [(int(np.sum(np.arange(i + j % 3) ** 2)), 10.0) for j in range(125)]
        assert out == expected
    assert sess.run(v) == 1000


def test_failing_run_leaves_session_usable(g):
    x = tf.placeholder(tf.float32, [])
    v = tf.Variable(3.0)
    sess = tf.Session()
    sess.run(v.initializer)
    with pytest.raises(tf.errors.InvalidArgumentError):
        sess.run(v + x)
    assert sess.run(v + x, {x: 1.0}) == 4.0
    assert sess.run(v) == 3.0


def test_elementwise_chains_fuse_and_match_bit_for_bit(g):
    n = 600_000  # several blocks, so the threaded path runs
    x = tf.placeholder(tf.float32, [n])
    y = x
    for i in range(20):
        y = tf.tanh(y * 0.9 + 0.1) if i % 2 else tf.maximum(y - 0.05, -0.5)
    value = np.random.default_rng(1).standard_normal(n).astype(np.float32)
    sess = tf.Session()
    fused = sess.run(y, {x: value})
    plain = tf.Session(config=_no_rewrites()).run(y, {x: value})
    np.testing.assert_array_equal(fused, plain)
    (plan,) = sess.runtime._plans.values()
    assert len(plan.fused) == 1 and len(plan.steps) == 1
    md = tf.RunMetadata()
    sess.run(y, {x: value}, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=md)
    names = [s.node_name for d in md.step_stats.dev_stats for s in d.node_stats]
    assert sum(name.startswith("ElementwiseFusion/") for name in names) == len(plan.fused[0][1]) - 1


def test_chains_do_not_swallow_fetched_or_shared_intermediates(g):
    x = tf.placeholder(tf.float32, [1000])
    a = tf.tanh(x * 2.0 + 1.0)
    b = a - 0.5
    c = tf.maximum(b, 0.0) * 3.0
    d = a + c  # a is read twice: it must stay a real value
    sess = tf.Session()
    value = np.linspace(-2, 2, 1000, dtype=np.float32)
    got_a, got_d = sess.run([a, d], {x: value})
    want_a = np.tanh(value * np.float32(2.0) + np.float32(1.0))
    np.testing.assert_allclose(got_a, want_a, rtol=1e-6)
    np.testing.assert_allclose(got_d, want_a + np.maximum(want_a - 0.5, 0) * 3.0, rtol=1e-6)


def test_fed_op_still_runs_for_its_control_edges_unless_a_placeholder(g):
    # TF's feed rewrite moves only a Placeholder's control edges onto the feed
    p = tf.placeholder(tf.int32, [], name='p')
    q = tf.identity(p, name='q')
    v = tf.Variable(0, name='v')
    inc = tf.assign_add(v, 1)
    c = tf.constant(1)
    with tf.control_dependencies([p]):
        after_p = tf.identity(c)
    with tf.control_dependencies([q]):
        after_q = tf.identity(c)
    with tf.control_dependencies([inc]):
        after_inc = tf.identity(c)
    sess = tf.Session()
    sess.run(v.initializer)
    assert sess.run(after_p, {p: 2}) == 1
    with pytest.raises(tf.errors.InvalidArgumentError, match="'p'"):
        sess.run(after_q, {q: 2})
    assert sess.run(after_inc, {inc: 50}) == 1
    assert sess.run(v) == 1
