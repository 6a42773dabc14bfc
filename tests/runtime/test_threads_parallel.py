"""Independent branches run at once: same values, errors, deadness, cancellation and step stats as one thread."""
import threading

import numpy as np
import pytest

import tfsess as tf
from tfsess.runtime import parallel_plan
from tfsess.runtime.resources import CancelFlag
from tfsess.runtime.thread_pools import InterOpPool


def _parallel_config(threads=4):
    return tf.ConfigProto(use_per_session_threads=True, inter_op_parallelism_threads=threads)


def _sequential_config():
    return tf.ConfigProto(inter_op_parallelism_threads=-1)   # TF: every op in the caller's thread


def _schedule(sess, fetches, feed_keys=()):
    return sess.runtime._compiled(sess._handler(fetches, tuple(feed_keys)).signature)[1]


@pytest.fixture
def every_step_heavy(monkeypatch):
    """Every matmul and elementwise step counts as heavy, so small random graphs get parallel schedules."""
    monkeypatch.setattr(parallel_plan, "HEAVY_WORK", 1)


def test_only_plans_with_independent_heavy_branches_are_scheduled(g):
    a = tf.placeholder(tf.float32, [512, 512])
    b = tf.placeholder(tf.float32, [512, 512])
    branches = tf.matmul(a, b) + tf.matmul(b, a)
    chained = tf.matmul(tf.matmul(a, b), a)
    small = tf.matmul(a[:4, :4], b[:4, :4]) + tf.matmul(b[:4, :4], a[:4, :4])
    sess = tf.Session(config=_parallel_config())
    assert _schedule(sess, branches, (a, b)) is not None
    assert _schedule(sess, chained, (a, b)) is None
    assert _schedule(sess, small, (a, b)) is None
    assert _schedule(tf.Session(config=_sequential_config()), branches, (a, b)) is None


def _random_graph(rng, n=6):
    """Placeholders, variables and a random mix of matmuls, elementwise ops, reads and updates."""
    feeds = [tf.placeholder(tf.float32, [n, n], name=f"p{k}") for k in range(2)]
    variables = [tf.Variable(rng.standard_normal((n, n)).astype(np.float32)),
                 tf.Variable(rng.standard_normal((n, n)).astype(np.float32), use_resource=True)]
    nodes = list(feeds) + [v + 0.0 for v in variables]
    effects = []
    for _ in range(24):
        kind = rng.integers(6)
        x, y = (nodes[i] for i in rng.integers(len(nodes), size=2))
        if kind == 0:
            nodes.append(tf.matmul(x, y) * 0.1)
        elif kind == 1:
            nodes.append(tf.tanh(x) + y)
        elif kind == 2:
            nodes.append(tf.maximum(x, y) - tf.reduce_mean(x, axis=0, keepdims=True))
        elif kind == 3:
            nodes.append(tf.identity(variables[rng.integers(2)]) * x)
        elif kind == 4:
            update = tf.assign_add(variables[rng.integers(2)], tf.tanh(x) * 0.01)
            effects.append(update)
            nodes.append(tf.identity(update) if not hasattr(update, "handle") else x * 1.0)
        else:
            with tf.control_dependencies(effects[-1:]):
                nodes.append(tf.sigmoid(x) * y)
    fetches = [nodes[i] for i in rng.choice(len(nodes), size=5, replace=False)] + [nodes[-1]]
    return feeds, variables, fetches


@pytest.mark.parametrize("seed", range(8))
def test_parallel_runs_equal_sequential_runs_on_random_graphs(seed, every_step_heavy):
    rng = np.random.default_rng(seed)
    graph = tf.Graph()
    with graph.as_default():
        feeds, variables, fetches = _random_graph(rng)
        init = tf.global_variables_initializer()
    values = {t: rng.standard_normal((6, 6)).astype(np.float32) for t in feeds}
    results = []
    for config in (_sequential_config(), _parallel_config()):
        sess = tf.Session(graph=graph, config=config)
        sess.run(init)
        results.append([sess.run(fetches, values) for _ in range(3)] + [sess.run(variables)])
        scheduled = _schedule(sess, tuple(fetches), feeds) is not None
        assert scheduled == (config.inter_op_parallelism_threads > 0)
    for seq, par in zip(*results):
        for x, y in zip(seq, par):
            np.testing.assert_array_equal(x, y)


def _failing_graph(use_resource):
    a = tf.placeholder(tf.float32, [64, 64])
    bad = tf.placeholder(tf.float32, [None])
    counter = tf.Variable(0, name="counter", use_resource=use_resource)
    left, right = tf.matmul(a, a), tf.matmul(a, tf.transpose(a))
    broken = tf.reshape(bad, [3])
    step = tf.group(tf.assign_add(counter, 1), broken)
    return a, bad, counter, [left, right, broken, step]


@pytest.mark.parametrize("use_resource", [False, True])
def test_a_failing_branch_raises_as_the_sequential_run_does(g, every_step_heavy, use_resource):
    a, bad, counter, fetches = _failing_graph(use_resource)
    init = tf.global_variables_initializer()
    outcomes = []
    for config in (_sequential_config(), _parallel_config()):
        sess = tf.Session(config=config)
        sess.run(init)
        assert (_schedule(sess, tuple(fetches), (a, bad)) is None) == (config.inter_op_parallelism_threads < 0)
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(fetches, {a: np.eye(64, dtype=np.float32), bad: np.ones(4, np.float32)})
        outcomes.append((type(info.value), info.value.message, info.value.op.name, sess.run(counter)))
        np.testing.assert_array_equal(sess.run(fetches[0], {a: np.eye(64, dtype=np.float32)}), np.eye(64))
    assert outcomes[0] == outcomes[1]
    assert outcomes[1][2] == "Reshape"


def test_cancellation_stops_a_parallel_run_before_its_next_step(g, every_step_heavy):
    a = tf.placeholder(tf.float32, [32, 32])
    flag = CancelFlag()

    def close():
        flag.raised = True
        return np.float32(0)
    closing = tf.py_func(close, [], tf.float32)
    with tf.control_dependencies([closing]):
        left, right = tf.matmul(a, a), tf.matmul(a, a) * 2.0
    sess = tf.Session(config=_parallel_config())
    handler = sess._handler((left, right), (a,))
    plan, schedule = sess.runtime._compiled(handler.signature)
    assert schedule is not None
    ctx = sess.runtime._context(None, sess)
    errors = []
    for run in (lambda: plan.run([np.ones((32, 32), np.float32)], ctx, flag),
                lambda: parallel_plan.run_parallel(plan, schedule, InterOpPool(3, "test"),
                                                   [np.ones((32, 32), np.float32)], ctx, flag)):
        flag.raised = False
        with pytest.raises(tf.errors.CancelledError) as info:
            run()
        errors.append((info.value.message, info.value.op.name))
    assert errors[0] == errors[1]


def test_deadness_and_step_stats_match_the_sequential_run(g, every_step_heavy):
    a = tf.placeholder(tf.float32, [16, 16])
    pred = tf.placeholder(tf.bool, [])
    chosen = tf.cond(pred, lambda: tf.matmul(a, a), lambda: tf.matmul(a, tf.transpose(a)) + 1.0)
    beside = tf.tanh(tf.matmul(tf.transpose(a), a))
    value = np.arange(256, dtype=np.float32).reshape(16, 16) / 256
    runs = []
    for config in (_sequential_config(), _parallel_config()):
        sess = tf.Session(config=config)
        assert (_schedule(sess, (chosen, beside), (a, pred)) is None) == (config.inter_op_parallelism_threads < 0)
        md = tf.RunMetadata()
        got = [sess.run([chosen, beside], {a: value, pred: p}) for p in (True, False)]
        sess.run([chosen, beside], {a: value, pred: True}, run_metadata=md,
                 options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE))
        names = sorted(s.node_name for d in md.step_stats.dev_stats for s in d.node_stats)
        runs.append((got, names))
    for seq, par in zip(runs[0][0], runs[1][0]):
        for x, y in zip(seq, par):
            np.testing.assert_array_equal(x, y)
    assert runs[0][1] == runs[1][1]


def test_many_threads_running_one_session_get_their_own_results(g):
    a = tf.placeholder(tf.float32, [256, 256])
    b = tf.placeholder(tf.float32, [256, 256])
    out = tf.reduce_sum(tf.matmul(a, b), axis=0) - tf.reduce_sum(tf.matmul(b, a), axis=1)
    sess = tf.Session(config=_parallel_config(2))
    assert _schedule(sess, out, (a, b)) is not None
    rng = np.random.default_rng(0)
    inputs = [(rng.standard_normal((256, 256)).astype(np.float32),
               rng.standard_normal((256, 256)).astype(np.float32)) for _ in range(8)]
    expected = [sess.run(out, {a: x, b: y}) for x, y in inputs]
    failures = []

    def worker(k):
        for _ in range(10):
            got = sess.run(out, {a: inputs[k][0], b: inputs[k][1]})
            if not np.array_equal(got, expected[k]):
                failures.append(k)
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    np.testing.assert_allclose(expected[0], (inputs[0][0] @ inputs[0][1]).sum(0) - (inputs[0][1] @ inputs[0][0]).sum(1),
                               rtol=1e-3, atol=1e-2)


def test_closing_a_session_under_running_threads_cancels_their_parallel_steps(g):
    a = tf.placeholder(tf.float32, [256, 256])
    out = tf.reduce_sum(tf.matmul(a, a)) + tf.reduce_sum(tf.matmul(a, a * 2.0))
    sess = tf.Session(config=_parallel_config(2))
    assert _schedule(sess, out, (a,)) is not None
    value = np.ones((256, 256), np.float32)
    sess.run(out, {a: value})
    started, outcomes = threading.Barrier(5), []

    def worker():
        started.wait()
        try:
            while True:
                sess.run(out, {a: value})
        except (tf.errors.CancelledError, RuntimeError) as exc:
            outcomes.append(type(exc))
    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    started.wait()
    sess.close()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads)
    assert len(outcomes) == 4 and set(outcomes) <= {tf.errors.CancelledError, RuntimeError}
