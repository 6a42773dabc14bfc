"""Seeded random ops give TensorFlow's own values (recorded by record_random_bits.py from TF 2.21 on CPU)."""
import os

import numpy as np
import pytest

import random_bits_cases
import tfsess as tf
from tfsess.lib import philox

RECORDED = np.load(os.path.join(os.path.dirname(os.path.abspath(__file__)), "random_bits_tf.npz"))


def _recorded(case):
    prefix = f"{case}:"
    return {key[len(prefix):]: RECORDED[key] for key in RECORDED.files if key.startswith(prefix)}


def _exact_normals():
    """TF's bits for normal values need the C library's log/sin/cos, which the numba loop calls."""
    return philox._compiled_loops() is not None


@pytest.mark.parametrize("case", sorted(random_bits_cases.CASES))
def test_values_are_tfs(case):
    want = _recorded(case)
    got = random_bits_cases.run_case(tf, case)
    assert sorted(got) == sorted(want)
    for key, expected in want.items():
        value = got[key]
        assert value.dtype == expected.dtype and value.shape == expected.shape, key
        if key == "orthogonal":  # TF's normal draws, then a QR factorisation whose rounding is LAPACK's
            np.testing.assert_allclose(value, expected, rtol=1e-5, atol=1e-6, err_msg=key)
        elif expected.dtype.kind == "f" and not _exact_normals():
            np.testing.assert_allclose(value, expected, rtol=4 * np.finfo(expected.dtype).eps, err_msg=key)
        else:
            np.testing.assert_array_equal(value, expected, err_msg=key)


def test_numpy_route_is_within_a_few_ulp_of_the_compiled_one(monkeypatch):
    w = philox.counter_blocks(87654321, 5 << 64, 4096).ravel()
    b = w.reshape(-1, 4)
    exact = philox.box_muller_float(w[0::2], w[1::2]), philox.box_muller_double(*b.T)
    monkeypatch.setattr(philox, "_compiled_loops", lambda: None)  # the NumPy route
    approx = philox.box_muller_float(w[0::2], w[1::2]), philox.box_muller_double(*b.T)
    for pair_exact, pair_approx in zip(exact, approx):
        for e, a in zip(pair_exact, pair_approx):
            np.testing.assert_allclose(a, e, rtol=4 * np.finfo(e.dtype).eps, atol=4 * np.finfo(e.dtype).tiny)


def test_streams_do_not_depend_on_block_batching():
    whole = philox.counter_blocks(3, (7 << 64) + 2**64 - 2, 6)  # crosses the low half's carry
    parts = np.concatenate([philox.counter_blocks(3, (7 << 64) + 2**64 - 2 + i, 1) for i in range(6)])
    np.testing.assert_array_equal(whole, parts)
    rows = philox.block_rows(3, 7 << 64, [0, 4, 2], 2)
    np.testing.assert_array_equal(rows[1], philox.counter_blocks(3, (7 << 64) + 4, 2))


def test_a_new_session_repeats_and_runs_continue_the_stream():
    with tf.Graph().as_default():
        op = tf.random_uniform([6], seed=1)
        with tf.Session() as sess:
            first = [sess.run(op) for _ in range(2)]
        with tf.Session() as sess:
            again = sess.run(op)
    np.testing.assert_array_equal(first[0], again)
    # each run reserves 256 blocks per output value (TF's ReserveRandomOutputs(n, 256))
    key, counter = 87654321, 1 << 64
    np.testing.assert_array_equal(first[1], philox.uniform(key, counter + 6 * 256, 6, np.float32))


def test_unseeded_ops_stay_nondeterministic():
    with tf.Graph().as_default():
        op = tf.random_normal([8])
        with tf.Session() as a, tf.Session() as b:
            assert not np.array_equal(a.run(op), b.run(op))
