"""Maximum/minimum with a scalar through NumPy's array-array loops: the same bytes as the broadcasting call."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.lib import extremum

SPECIALS = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-45, -1e-45]


def _values(dtype, n):
    value = np.random.default_rng(5).standard_normal(n).astype(dtype)
    value[:len(SPECIALS) * 3:3] = SPECIALS
    return value


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("ufunc", extremum.EXTREMA)
@pytest.mark.parametrize("scalar", SPECIALS + [0.5, -3.25])
@pytest.mark.parametrize("scalar_first", [False, True])
def test_the_same_bytes_as_numpys_broadcasting_call(dtype, ufunc, scalar, scalar_first):
    x = _values(dtype, 3 * extremum.PIECE + 11)
    c = np.asarray(scalar, dtype)
    want = ufunc(c, x) if scalar_first else ufunc(x, c)
    got = extremum.with_scalar(ufunc, x, c, scalar_first=scalar_first)
    assert got.tobytes() == want.tobytes()
    in_place = x.copy()
    assert extremum.with_scalar(ufunc, in_place, c, in_place, scalar_first) is in_place
    assert in_place.tobytes() == want.tobytes()


@pytest.mark.parametrize("x, scalar", [
    (np.ones(10, np.float32), np.float32(0)),                          # too small to be worth it
    (np.ones((400, 400), np.float32)[:, ::2], np.float32(0)),          # strided
    (np.ones(1 << 16, np.float32), np.float64(0)),                      # NumPy would promote to float64
    (np.ones(1 << 16, np.int32), np.int32(0)),                          # integers keep NumPy's call
])
def test_other_inputs_are_left_to_numpy(x, scalar):
    assert extremum.with_scalar(np.maximum, x, scalar) is None


def test_relu_and_maximum_ops_on_large_inputs_keep_their_bits(g):
    value = _values(np.float32, 1 << 17)
    x = tf.placeholder(tf.float32, value.shape)
    relu, low, high = tf.nn.relu(x), tf.maximum(x, -0.0), tf.minimum(0.25, x)
    got = tf.Session().run([relu, low, high], {x: value})
    want = [np.maximum(value, np.float32(0)), np.maximum(value, np.float32(-0.0)),
            np.minimum(np.float32(0.25), value)]
    assert [a.tobytes() for a in got] == [b.tobytes() for b in want]
