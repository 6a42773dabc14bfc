"""Float32 tanh and sigmoid kernels: accuracy against float64, special values, dtypes, `out=`."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.lib import fast_math

TANH_ULP = 5.1     # Eigen's rational tanh, TF's own float32 kernel, measured at 5.02 ulp (NumPy's: 1.36)
SIGMOID_ULP = 3.1  # 1 / (1 + exp(-x)), measured at 3.08 ulp (TF's kernel: 5.8 ulp)


@pytest.fixture(params=["numpy passes", "numba loop"])
def rational(request, monkeypatch):
    """Eigen's rational tanh, by either route: the NumPy passes, or fast_math.tanh's compiled loop."""
    if request.param == "numpy passes":
        return fast_math.tanh_rational_passes
    if fast_math.tanh_compiled() is None:
        pytest.skip("numba is not installed")
    return fast_math.tanh


@pytest.fixture(params=["numpy tanh", "numba loop"])
def tanh_route(request, monkeypatch):
    """fast_math.tanh by each route it can take for float32."""
    if request.param == "numpy tanh":
        monkeypatch.setattr(fast_math, "tanh_compiled", lambda: None)
    elif fast_math.tanh_compiled() is None:
        pytest.skip("numba is not installed")
    return request.param


def sweep(stride=4099):
    """Every stride-th float32 bit pattern below inf, of either sign: every binade, denormals included."""
    positive = np.arange(0, 0x7F800000, stride, dtype=np.uint32).view(np.float32)
    return np.concatenate([positive, -positive])


def ulp_error(y, reference):
    """|y - reference| in ulps of the float32 reference, where the reference is a normal float."""
    normal = np.abs(reference) >= np.finfo(np.float32).tiny
    ulp = np.spacing(np.abs(reference[normal]).astype(np.float32)).astype(np.float64)
    return np.abs(y[normal].astype(np.float64) - reference[normal]) / ulp


def test_rational_tanh_is_within_tfs_ulp_bound(rational):
    x = sweep()
    err = ulp_error(rational(x), np.tanh(x.astype(np.float64)))
    assert err.max() <= TANH_ULP
    near = np.linspace(-9, 9, 400_001, dtype=np.float32)  # densely where the approximation works hardest
    assert ulp_error(rational(near), np.tanh(near.astype(np.float64))).max() <= TANH_ULP


def test_sigmoid_is_within_its_ulp_bound():
    x = sweep()
    with np.errstate(over="ignore"):
        reference = 1 / (1 + np.exp(-x.astype(np.float64)))
    assert ulp_error(fast_math.sigmoid(x), reference).max() <= SIGMOID_ULP
    tail = np.float32([-20.0, -50.0, -87.0])  # where 0.5 * (tanh(x / 2) + 1) gave 0
    np.testing.assert_allclose(fast_math.sigmoid(tail), 1 / (1 + np.exp(-tail.astype(np.float64))), rtol=4e-7)


def test_special_values(rational):
    x = np.float32([0.0, -0.0, np.inf, -np.inf, np.nan, 1e-45, -1e-40, 7.9073896, 8.0, 1e30, -1e30])
    y = rational(x)
    assert y[0] == 0 and not np.signbit(y[0]) and y[1] == 0 and np.signbit(y[1])
    assert y[2] == 1 and y[3] == -1 and np.isnan(y[4])
    assert y[5] == x[5] and y[6] == x[6]  # tanh(x) = x for denormals
    assert y[7] == 1 and y[8] == 1 and y[9] == 1 and y[10] == -1
    s = fast_math.sigmoid(np.float32([0.0, -0.0, np.inf, -np.inf, np.nan, -104.0, 20.0]))
    assert s[0] == 0.5 and s[1] == 0.5 and s[2] == 1 and s[3] == 0 and np.isnan(s[4]) and s[5] == 0 and s[6] == 1


def test_rational_tanh_is_odd_and_monotonic_enough(rational):
    x = np.linspace(0, 10, 100_001, dtype=np.float32)
    y = rational(x)
    np.testing.assert_array_equal(rational(-x), -y)
    assert np.all(np.diff(y) >= -2 * TANH_ULP * np.spacing(y[1:]))  # never back by more than twice its error
    assert np.all((y >= 0) & (y <= 1))


@pytest.mark.skipif(fast_math.tanh_compiled() is None, reason="numba is not installed")
def test_numba_loop_gives_the_numpy_passes_bits():
    x = np.concatenate([sweep(997), np.float32([np.nan, np.inf, -np.inf, -0.0])])
    passes = fast_math.tanh_rational_passes(x)
    loop = np.empty_like(x)
    fast_math.tanh_compiled()(x, loop)
    same = (passes.view(np.uint32) == loop.view(np.uint32)) | (np.isnan(passes) & np.isnan(loop))
    assert same.all()


@pytest.mark.parametrize("dtype", [np.float16, np.float64, np.complex64, np.complex128])
def test_other_dtypes_keep_the_exact_functions(dtype):
    x = (np.linspace(-4, 4, 101) + (0.5j if np.dtype(dtype).kind == "c" else 0)).astype(dtype)
    np.testing.assert_array_equal(fast_math.tanh(x), np.tanh(x))
    np.testing.assert_array_equal(fast_math.sigmoid(x), (0.5 * (np.tanh(0.5 * x) + 1)).astype(dtype))
    assert fast_math.tanh(x).dtype == dtype and fast_math.sigmoid(x).dtype == dtype


def test_numpys_tanh_is_used_where_numba_is_absent(monkeypatch):
    x = np.linspace(-9, 9, 1001, dtype=np.float32)
    monkeypatch.setattr(fast_math, "tanh_compiled", lambda: None)
    np.testing.assert_array_equal(fast_math.tanh(x), np.tanh(x))


@pytest.mark.parametrize("kernel", ["tanh", "sigmoid"])
def test_out_may_alias_the_input_and_layouts_do_not_matter(tanh_route, kernel):
    fn = getattr(fast_math, kernel)
    x = np.random.default_rng(0).standard_normal((300, 500)).astype(np.float32) * 4
    want = fn(x.copy())
    inplace = x.copy()
    assert fn(inplace, out=inplace) is inplace
    np.testing.assert_array_equal(inplace, want)
    np.testing.assert_array_equal(fn(x.T), want.T)  # a non-contiguous input
    out = np.empty((500, 300), np.float32).T
    fn(x, out=out)  # a non-contiguous output
    np.testing.assert_array_equal(out, want)
    scalar = fn(np.float32(0.5))
    assert isinstance(scalar, np.float32) and scalar == fn(np.float32([0.5]))[0]
    assert fn(np.zeros((0, 3), np.float32)).shape == (0, 3)


def test_pieces_join_seamlessly(monkeypatch):
    monkeypatch.setattr(fast_math, "PIECE", 1000)
    x = np.random.default_rng(1).standard_normal((3, 1441)).astype(np.float32)
    whole = np.concatenate([fast_math.tanh_rational_passes(x[:, :700]), fast_math.tanh_rational_passes(x[:, 700:])],
                           axis=1)
    np.testing.assert_array_equal(fast_math.tanh_rational_passes(x), whole)


def test_the_ops_use_these_kernels(g):
    x = tf.placeholder(tf.float32, [None])
    value = np.linspace(-10, 10, 2001, dtype=np.float32)
    got_tanh, got_sigmoid = tf.Session().run([tf.tanh(x), tf.sigmoid(x)], {x: value})
    np.testing.assert_array_equal(got_tanh, fast_math.tanh(value))
    np.testing.assert_array_equal(got_sigmoid, fast_math.sigmoid(value))


def test_read_only_inputs(tanh_route):
    x = np.linspace(-5, 5, 3000, dtype=np.float32)
    want = fast_math.tanh(x.copy())
    x.setflags(write=False)
    np.testing.assert_array_equal(fast_math.tanh(x), want)
