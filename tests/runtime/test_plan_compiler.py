"""Compiled plans (runtime/plan_compiler.py): the same values, errors, deadness, frees and
cancellation as the interpreter (no timings)."""
import random
from types import SimpleNamespace

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors
from tfsess.ops.cond_ops import switch
from tfsess.runtime import plan_compiler
from tfsess.runtime.device_cpu import CPUDevice
from tfsess.runtime.executor import Plan
from tfsess.runtime.resources import NEVER_CANCELLED

CPU = CPUDevice(0)


def _plans(fetches, feeds, rewrites=True):
    """An interpreted and a compiled plan of the same run."""
    interpreted = Plan(fetches, [], feeds, lambda op: CPU, rewrites)
    interpreted.compiled = False  # never compiled
    compiled = Plan(fetches, [], feeds, lambda op: CPU, rewrites)
    compiled.compile()
    return interpreted, compiled


def _same(a, b):
    """Bit for bit: the same type (a NumPy scalar stays a scalar, a 0-d array an array), dtype and bytes."""
    assert type(a) is type(b), (type(a), type(b))
    a, b = np.asarray(a), np.asarray(b)
    assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


_BINARY = [tf.add, tf.subtract, tf.multiply, tf.maximum, tf.minimum]
_FLOAT_ONLY = [lambda x, y: tf.realdiv(x, y + 10.0)]
_UNARY = [tf.identity, tf.abs, tf.negative, tf.stop_gradient]
_FLOAT_UNARY = [tf.tanh]


def _random_graph(rng, dtype, n_ops):
    """Placeholders of rank 0 and 1 (some of unknown shape), then `n_ops` random elementwise ops and sums."""
    feeds = [tf.placeholder(dtype, []), tf.placeholder(dtype, [3]), tf.placeholder(dtype, None)]
    pool = list(feeds) + [tf.constant(np.array(2, dtype.as_numpy_dtype)), tf.constant(np.array(3, dtype.as_numpy_dtype))]
    floating = dtype.is_floating
    for _ in range(n_ops):
        kind = rng.random()
        if kind < 0.6:
            fn = rng.choice(_BINARY + (_FLOAT_ONLY if floating else []))
            t = fn(rng.choice(pool), rng.choice(pool))
        elif kind < 0.9:
            t = rng.choice(_UNARY + (_FLOAT_UNARY if floating else []))(rng.choice(pool))
        else:
            t = tf.reduce_sum(rng.choice(pool))
        pool.append(t)
    fetches = rng.sample(pool[len(feeds):], 4) + [pool[-1]]
    return feeds, fetches


@pytest.mark.parametrize("seed", range(12))
def test_compiled_plans_compute_what_the_interpreter_computes(g, seed):
    rng = random.Random(seed)
    dtype = [tf.float32, tf.float64, tf.int32][seed % 3]
    feeds, fetches = _random_graph(rng, dtype, 40)
    interpreted, compiled = _plans(fetches, feeds)
    np_dtype = dtype.as_numpy_dtype
    for values in ([np.array(1.5, np_dtype), np.array([1, -2, 3], np_dtype), np.array([4, 5, 6], np_dtype)],
                   [np_dtype(-2), np.array([0.5, 2, -1], np_dtype), np.array(7, np_dtype)]):
        expected = interpreted.run([np.copy(v) for v in values], None)
        got = compiled.run([np.copy(v) for v in values], None)
        for a, b in zip(expected, got):
            _same(a, b)


def test_scalar_arithmetic_keeps_scalars_and_arrays_apart(g):
    """A rank-0 chain: scalars stay NumPy scalars, a fed 0-d array is written in place as the interpreter does."""
    x = tf.placeholder(tf.float32, [])
    y = x
    for i in range(30):
        y = y * 1.0001 if i % 2 else y + 0.5
    fetches = [y, tf.identity(x), x * x - 3.0]
    interpreted, compiled = _plans(fetches, [x])
    for fed in (np.array(1.25, np.float32), np.float32(1.25), np.array(1e38, np.float32)):
        with np.errstate(over="ignore"):
            expected = interpreted.run([np.copy(fed)], None)
            got = compiled.run([np.copy(fed)], None)
        for a, b in zip(expected, got):
            _same(a, b)


def test_a_pass_through_hands_on_the_fed_object(g):
    x = tf.placeholder(tf.float32, [None])
    _, compiled = _plans([tf.identity(tf.stop_gradient(x))], [x])
    value = np.arange(3, dtype=np.float32)
    assert compiled.run([value], None)[0] is value


def test_errors_name_the_failing_op_in_every_chunk(g):
    x = tf.placeholder(tf.float32, [None])
    y = x
    for _ in range(plan_compiler.CHUNK_STEPS + 10):  # the failing op lands in the second function
        y = tf.tanh(y)
    bad = tf.reshape(y, [2, 2], name="bad_reshape")
    interpreted, compiled = _plans([bad], [x], rewrites=False)  # no fused chain: one step per op
    assert len(compiled.compiled.functions) == 2
    assert compiled.run([np.zeros(4, np.float32)], None)[0].shape == (2, 2)
    caught = []
    for plan in (interpreted, compiled):
        with pytest.raises(errors.InvalidArgumentError) as info:
            plan.run([np.zeros(3, np.float32)], None)
        caught.append(info.value)
    assert caught[1].op.name == caught[0].op.name == "bad_reshape"
    assert caught[1].message == caught[0].message


def test_a_failed_compiled_run_still_runs_the_independent_steps_and_leaves_the_session_usable(g):
    counter = tf.Variable(0)
    x = tf.placeholder(tf.float32, [None])
    bad = tf.reshape(x * 2.0, [2, 2], name="bad_reshape")
    bump = tf.assign_add(counter, 1)
    sess = tf.Session()
    sess.run(counter.initializer)
    for _ in range(plan_compiler.COMPILE_AT_RUN):
        sess.run([bad, bump], {x: np.zeros(4, np.float32)})
    plan, = [p for p in sess.runtime._plans.values() if bad in p.fetch_tensors]
    assert plan.compiled
    with pytest.raises(errors.InvalidArgumentError, match="bad_reshape"):
        sess.run([bad, bump], {x: np.zeros(3, np.float32)})
    assert sess.run(counter) == plan_compiler.COMPILE_AT_RUN + 1
    assert sess.run(bad, {x: np.ones(4, np.float32)}).tolist() == [[2, 2], [2, 2]]


def test_deadness_flows_through_compiled_runs(g):
    pred = tf.placeholder(tf.bool, [])
    x = tf.placeholder(tf.float32, [])
    out = tf.cond(pred, lambda: x * 2.0 + 1.0, lambda: x - 1.0)
    _, taken_when_true = switch(x, pred)
    sess = tf.Session()
    for _ in range(plan_compiler.COMPILE_AT_RUN + 1):
        assert sess.run(out, {pred: True, x: 3.0}) == 7.0
        assert sess.run(out, {pred: False, x: 3.0}) == 2.0
    doubled = taken_when_true * 2.0
    for _ in range(plan_compiler.COMPILE_AT_RUN):
        assert sess.run(doubled, {pred: True, x: 3.0}) == 6.0
    with pytest.raises(errors.InvalidArgumentError, match="does not have value"):
        sess.run(doubled, {pred: False, x: 3.0})


class _CancelAfter:
    """A cancel flag that reads False `n` times, then True."""

    def __init__(self, n):
        self.reads, self.n = 0, n

    @property
    def raised(self):
        self.reads += 1
        return self.reads > self.n


def test_compiled_runs_check_cancellation_between_steps(g):
    x = tf.placeholder(tf.float32, [])
    y = x
    for i in range(200):  # statically small steps: checked every CANCEL_EVERY steps
        y = y + 1.0 if i % 2 else y * 0.5
    _, compiled = _plans([y], [x])
    never = _CancelAfter(10**9)
    compiled.run([np.float32(1)], None, never)
    assert 200 // plan_compiler.CANCEL_EVERY <= never.reads <= 200 // plan_compiler.CANCEL_EVERY + 2
    with pytest.raises(errors.CancelledError, match="session was closed"):
        compiled.run([np.float32(1)], None, _CancelAfter(1))

    rows = tf.placeholder(tf.float32, [None, 2])
    z = rows
    for _ in range(5):  # outputs of unknown size: checked before every step
        z = tf.tanh(z)
    _, compiled = _plans([z], [rows], rewrites=False)
    every = _CancelAfter(10**9)
    compiled.run([np.ones((3, 2), np.float32)], None, every)
    assert every.reads == 5


def test_compiled_runs_free_every_intermediate(g):
    x = tf.placeholder(tf.float32, [None])
    y = tf.reduce_sum(tf.tanh(x * 2.0) + x)
    fetched = tf.identity(y * 3.0)
    _, compiled = _plans([fetched, y], [x])
    vals = compiled.template.copy()
    vals[compiled.feed_slots[0]] = np.arange(4, dtype=np.float32)
    compiled.compiled.run(vals, None, NEVER_CANCELLED)
    assert {s for s, v in enumerate(vals) if v is not None} <= set(compiled.fetch_slots)
    assert compiled.run([np.arange(4, dtype=np.float32)], None)[1] == pytest.approx(
        float(np.sum(np.tanh(np.arange(4) * 2.0) + np.arange(4))), rel=1e-6)


def test_plans_compile_on_their_third_run_and_never_without_steps(g):
    x = tf.placeholder(tf.float32, [])
    y = x + 1.0
    const = tf.constant(2.0) * 3.0
    sess = tf.Session()
    for run in range(1, plan_compiler.COMPILE_AT_RUN + 1):
        sess.run(y, {x: 1.0})
        plan, = [p for p in sess.runtime._plans.values()]
        assert bool(plan.compiled) == (run >= plan_compiler.COMPILE_AT_RUN)
    for _ in range(plan_compiler.COMPILE_AT_RUN + 1):
        assert sess.run(const) == 6.0
    assert [p.compiled for p in sess.runtime._plans.values() if not p.steps] == [False]


def test_attr_names_that_are_not_plain_identifiers_stay_data():
    """An attr named like a keyword or like code (a hostile GraphDef's) reaches the kernel as a string key."""
    seen = {}

    def kernel(xp, x, **attrs):
        seen.update(attrs)
        return x

    odd = {"lambda": 1, "x); import os; (y": 2, "plain": 3}
    opdef = SimpleNamespace(ufunc=None, kernel=kernel)
    op = SimpleNamespace(_opdef=opdef, _outputs=[SimpleNamespace(dtype=tf.float32)])
    step = SimpleNamespace(special=False, ins=(0,), outs=(1,), free=(), kernel=kernel, xp=np, attrs=odd,
                           inplace=None, op=op)
    writer = plan_compiler._ChunkWriter({}, None)
    writer.step(0, step)
    vals = [np.float32(2.0), None]
    writer.function("plan_steps_0")(vals, None, None)
    assert seen == odd and vals[1] == np.float32(2.0)
