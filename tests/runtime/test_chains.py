"""Fused elementwise chains with tanh and sigmoid links: the same bits as the unfused steps, on every tanh route."""
import tracemalloc

import numpy as np
import pytest

import tfsess as tf
from tfsess.lib import fast_math

N = 300_000  # several blocks, so the threaded path runs


def _no_rewrites():
    config = tf.ConfigProto()
    config.graph_options.optimizer_options.opt_level = tf.OptimizerOptions.L0
    return config


def _activations_chain(x, links=20):
    for i in range(links):
        k = i % 5
        x = {0: lambda t: t * 0.9, 1: lambda t: t + 0.1, 2: tf.tanh, 3: tf.sigmoid,
             4: lambda t: tf.maximum(t - 0.05, -0.5)}[k](x)
    return x


@pytest.fixture(params=["numpy tanh", "numba loop"])
def tanh_route(request, monkeypatch):
    """Each route fast_math.tanh can take: NumPy's tanh (no numba), or the compiled loop (also in chain programs)."""
    if request.param == "numpy tanh":
        monkeypatch.setattr(fast_math, "tanh_compiled", lambda: None)
    elif fast_math.tanh_compiled() is None:
        pytest.skip("numba is not installed")
    return request.param


def test_fused_activations_match_the_unfused_steps_bit_for_bit(g, tanh_route):
    x = tf.placeholder(tf.float32, [N])
    y = _activations_chain(x)
    value = np.random.default_rng(2).standard_normal(N).astype(np.float32) * 3
    value[:4] = [np.nan, np.inf, -np.inf, -0.0]
    sess = tf.Session()
    fused = sess.run(y, {x: value})
    plain = tf.Session(config=_no_rewrites()).run(y, {x: value})
    np.testing.assert_array_equal(fused, plain)
    (plan,) = sess.runtime._plans.values()
    assert len(plan.steps) == 1 and len(plan.fused[0][1]) == 20 + 20 // 5  # maximum(t - c) is two ops


def test_a_chain_reads_its_input_in_place_of_a_dying_buffer(g, tanh_route):
    x = tf.placeholder(tf.float32, [N])
    y = tf.sigmoid(tf.tanh(x * 2.0) + 1.0) * 3.0
    value = np.linspace(-6, 6, N, dtype=np.float32)
    got = tf.Session().run(y, {x: value})
    want = fast_math.sigmoid(fast_math.tanh(value * np.float32(2.0)) + np.float32(1.0)) * np.float32(3.0)
    np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(value, np.linspace(-6, 6, N, dtype=np.float32))  # the feed is untouched


def test_activation_chain_holds_about_two_buffers(g, tanh_route):
    x = tf.placeholder(tf.float32, [N])
    y = _activations_chain(x, links=30)
    sess = tf.Session()
    value = np.ones(N, dtype=np.float32)
    sess.run(y, {x: value})  # compile first
    tracemalloc.start()
    try:
        sess.run(y, {x: value})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= 2.2 * N * 4


def test_float64_chains_keep_numpys_tanh(g):
    x = tf.placeholder(tf.float64, [N])
    y = tf.tanh(tf.tanh(tf.tanh(x * 0.5) + 0.1) - 0.2)
    value = np.random.default_rng(3).standard_normal(N)
    got = tf.Session().run(y, {x: value})
    np.testing.assert_array_equal(got, np.tanh(np.tanh(np.tanh(value * 0.5) + 0.1) - 0.2))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_maximum_and_minimum_links_keep_the_unfused_bits_with_scalars_on_either_side(g, dtype):
    x = tf.placeholder(dtype, [N + 17])  # a short last block
    y = x
    for k, c in enumerate([0.0, -0.0, 0.25, -0.5, 0.0, 1.5]):  # more distinct scalars than get arrays
        low = tf.constant(c, dtype)
        y = tf.maximum(y, low) if k % 2 else tf.minimum(low, y + 0.125)
    value = np.random.default_rng(4).standard_normal(N + 17).astype(dtype)
    value[:6] = [np.nan, np.inf, -np.inf, -0.0, 0.0, np.nan]
    sess = tf.Session()
    fused = sess.run(y, {x: value})
    plain = tf.Session(config=_no_rewrites()).run(y, {x: value})
    assert fused.tobytes() == plain.tobytes()
    (plan,) = sess.runtime._plans.values()
    assert len(plan.steps) == 1


def test_programmed_links_match_the_unfused_steps_bit_for_bit(g, tanh_route):
    """Every operation the chain program runs (tfsess/lib/chain_programs.py), both operand orders."""
    x = tf.placeholder(tf.float32, [N])
    y = tf.nn.relu(2.0 - x * 1.5)
    y = tf.minimum(0.75, tf.maximum(-3.0, tf.abs(-y) - 1.0))
    y = tf.sqrt(tf.floor(y * 8.0) + 9.0) - tf.constant(2.5)
    y = tf.ceil(tf.tanh(y) * 4.0) + tf.exp(y) * 0.0  # exp is not programmed: it splits the program
    value = np.random.default_rng(4).standard_normal(N).astype(np.float32) * 3
    value[:6] = [np.nan, np.inf, -np.inf, -0.0, 0.0, 4 / 3]
    sess = tf.Session()
    fused = sess.run(y, {x: value})
    plain = tf.Session(config=_no_rewrites()).run(y, {x: value})
    assert fused.tobytes() == plain.tobytes()
    (plan,) = sess.runtime._plans.values()
    assert len(plan.fused) >= 1
