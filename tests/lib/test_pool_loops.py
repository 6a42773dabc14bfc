"""The compiled MaxPool, MaxPoolGrad and ReluGrad loops against the NumPy routes they replace, bit for bit:
shapes, windows, strides, paddings, layouts, dtypes, NaNs (with payloads), infinities, signed zeros
and ties; split over threads; and the NumPy routes themselves when numba is absent."""
import itertools

import numpy as np
import pytest

from tfsess.lib import pool_loops
from tfsess.ops import _infer, nn_ops, pool_ops, reduction_ops

RNG = np.random.default_rng(2024)
COMPILED = pool_loops._LOOPS.get() is not None
needs_numba = pytest.mark.skipif(not COMPILED, reason="numba is not installed")


class _NoNumba:
    @staticmethod
    def get():
        return None


@pytest.fixture(autouse=True)
def loops_for_small_arrays(monkeypatch):
    """The tests' small arrays take the loops too."""
    monkeypatch.setattr(pool_loops, "MIN_LOOP_ELEMENTS", 0)


@pytest.fixture
def numpy_route(monkeypatch):
    """Runs the kernels as they run without numba."""
    def run(fn, *args, **kwargs):
        with monkeypatch.context() as patch, np.errstate(all="ignore"):  # inf - inf in the NumPy route's sums
            patch.setattr(pool_loops, "_LOOPS", _NoNumba())
            return fn(*args, **kwargs)
    return run


def _bits(a):
    a = np.ascontiguousarray(a)
    return a.view(np.dtype(f"u{a.dtype.itemsize}")) if a.dtype.kind == "f" else a


def _assert_same_bits(got, want):
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_array_equal(_bits(got), _bits(want))


def _nan(dtype, payload, negative=False):
    """A quiet NaN of `dtype` with a low payload bit pattern, of either sign."""
    dtype = np.dtype(dtype)
    bits = np.array([np.nan], dtype).view(f"u{dtype.itemsize}")
    bits |= payload
    if negative:
        bits |= np.array(1 << (8 * dtype.itemsize - 1), bits.dtype)
    return bits.view(dtype)[0]


def _awkward(shape, dtype):
    """Values with many ties (small integers, ReLU zeros), and for floats -0, +-inf and NaNs of several payloads."""
    x = RNG.integers(-3, 4, shape).astype(dtype)
    if np.dtype(dtype).kind == "f":
        x[RNG.random(shape) < 0.25] = 0
        x[RNG.random(shape) < 0.15] = -0.0
        x[RNG.random(shape) < 0.05] = np.inf
        x[RNG.random(shape) < 0.05] = -np.inf
        x[RNG.random(shape) < 0.04] = _nan(dtype, 1)
        x[RNG.random(shape) < 0.04] = _nan(dtype, 2, negative=True)
    return x


def _gradient(shape, dtype):
    g = _awkward(shape, dtype)
    if np.dtype(dtype).kind == "f":
        g += RNG.standard_normal(shape).astype(dtype)  # sums of several gradients round
    return g


WINDOWS = [((2, 2), (2, 2)), ((3, 3), (1, 1)), ((3, 3), (2, 2)), ((1, 2), (1, 3)), ((3, 2), (2, 1)),
           ((2, 3), (3, 3)), ((1, 1), (1, 1))]
SHAPES = [(2, 6, 8, 3), (3, 7, 9, 5), (1, 5, 4, 17), (2, 2, 3, 1)]


def _attrs(window, stride, padding, data_format="NHWC", explicit=None):
    k, s = list(window), list(stride)
    attrs = {"ksize": [1, 1] + k if data_format == "NCHW" else [1] + k + [1],
             "strides": [1, 1] + s if data_format == "NCHW" else [1] + s + [1],
             "padding": padding, "data_format": data_format}
    if explicit is not None:
        attrs["explicit_paddings"] = explicit
    return attrs


def _cases():
    for shape, (window, stride), padding in itertools.product(SHAPES, WINDOWS, ("SAME", "VALID")):
        if padding == "VALID" and (window[0] > shape[1] or window[1] > shape[2]):
            continue
        yield shape, window, stride, padding


@needs_numba
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.uint8, np.int64])
def test_max_pool_and_its_gradient_give_the_numpy_bits(numpy_route, dtype):
    for shape, window, stride, padding in _cases():
        x = _awkward(shape, dtype)
        attrs = _attrs(window, stride, padding)
        want = numpy_route(pool_ops._max_pool, np, x, **attrs)
        _assert_same_bits(pool_ops._max_pool(np, x, **attrs), want)
        g = _gradient(want.shape, dtype)
        _assert_same_bits(pool_ops._max_pool_grad_kernel(np, x, want, g, **attrs),
                          numpy_route(pool_ops._max_pool_grad_kernel, np, x, want, g, **attrs))


@needs_numba
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_explicit_padding_and_nchw(numpy_route, dtype):
    x = _awkward((2, 3, 7, 6), dtype)  # NCHW
    for attrs in (_attrs((3, 2), (2, 1), "EXPLICIT", "NHWC", [0, 0, 1, 2, 0, 1, 0, 0]),
                  _attrs((2, 2), (2, 2), "EXPLICIT", "NHWC", [0, 0, 1, 1, 0, 0, 0, 0]),
                  _attrs((3, 3), (2, 2), "SAME", "NCHW"), _attrs((2, 2), (2, 2), "VALID", "NCHW")):
        want = numpy_route(pool_ops._max_pool, np, x, **attrs)
        _assert_same_bits(pool_ops._max_pool(np, x, **attrs), want)
        g = _gradient(want.shape, dtype)
        _assert_same_bits(pool_ops._max_pool_grad_kernel(np, x, want, g, **attrs),
                          numpy_route(pool_ops._max_pool_grad_kernel, np, x, want, g, **attrs))


@needs_numba
def test_a_window_of_lowest_values_behind_padding_drops_its_gradient_as_before(numpy_route):
    """The first tap equal to a -inf maximum may lie in the padding: its gradient is lost, on both routes."""
    x = np.full((1, 3, 3, 2), -np.inf, np.float32)
    attrs = _attrs((3, 3), (1, 1), "SAME")
    y = pool_ops._max_pool(np, x, **attrs)
    g = np.ones_like(y)
    got = pool_ops._max_pool_grad_kernel(np, x, y, g, **attrs)
    _assert_same_bits(got, numpy_route(pool_ops._max_pool_grad_kernel, np, x, y, g, **attrs))
    # only the 4 windows whose top-left tap is an input pass their gradient on, to that input
    np.testing.assert_array_equal(got[0, :, :, 0], [[1, 1, 0], [1, 1, 0], [0, 0, 0]])


@needs_numba
@pytest.mark.parametrize("workers", [2, 3, 8])
def test_splitting_the_batch_over_threads_changes_no_bit(monkeypatch, workers):
    monkeypatch.setattr(pool_loops, "MIN_SPLIT_ELEMENTS", 1)
    x = _awkward((7, 9, 8, 4), np.float32)
    for window, stride, padding in (((2, 2), (2, 2), "SAME"), ((3, 3), (1, 1), "SAME")):
        attrs = _attrs(window, stride, padding)
        geo = pool_ops._pool_geometry(x.shape, attrs)
        one = pool_loops.max_pool(x, geo, -np.inf, 1)
        _assert_same_bits(pool_loops.max_pool(x, geo, -np.inf, workers), one)
        g = _gradient(one.shape, np.float32)
        tiles = window == stride
        _assert_same_bits(pool_loops.max_pool_grad(x, g, geo, -np.inf, tiles, workers),
                          pool_loops.max_pool_grad(x, g, geo, -np.inf, tiles, 1))
    f, g = _awkward((5, 33), np.float32), _gradient((5, 33), np.float32)
    _assert_same_bits(pool_loops.relu_grad(g, f, None, workers), pool_loops.relu_grad(g, f, None, 1))


@needs_numba
@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64, np.int32, np.uint8])
def test_relu_grad_gives_the_numpy_bits_into_either_buffer(numpy_route, dtype):
    shape = (4, 5, 6, 7)
    features, g = _awkward(shape, dtype), _gradient(shape, dtype)
    want = numpy_route(nn_ops._relu_grad_kernel, np, g, features)
    _assert_same_bits(nn_ops._relu_grad_kernel(np, g, features), want)
    for k in range(2):
        args = [g.copy(), features.copy()]
        got = nn_ops._relu_grad_kernel(np, *args, out=args[k])
        assert got is args[k]
        _assert_same_bits(got, want)
    strided = g[:, ::2]  # not contiguous: the NumPy route
    _assert_same_bits(nn_ops._relu_grad_kernel(np, strided, features[:, ::2]),
                      numpy_route(nn_ops._relu_grad_kernel, np, strided, features[:, ::2]))


def test_float16_and_missing_numba_take_the_numpy_route(numpy_route):
    x = _awkward((2, 4, 4, 3), np.float16)
    geo = pool_ops._pool_geometry(x.shape, _attrs((2, 2), (2, 2), "SAME"))
    assert pool_loops.max_pool(x, geo, -np.inf) is None
    assert numpy_route(pool_loops.max_pool, x.astype(np.float32), geo, -np.inf) is None
    assert numpy_route(pool_loops.relu_grad, x.astype(np.float32), x.astype(np.float32)) is None
    attrs = _attrs((2, 2), (2, 2), "SAME")
    y = numpy_route(pool_ops._max_pool, np, x, **attrs)
    np.testing.assert_array_equal(y, x.reshape(2, 2, 2, 2, 2, 3).max(axis=(2, 4)))
    dx = numpy_route(pool_ops._max_pool_grad_kernel, np, x, y, np.ones_like(y), **attrs)
    assert dx.dtype == np.float16 and dx.shape == x.shape


def test_a_gradient_of_the_wrong_shape_is_refused_not_read_past_its_end():
    x = _awkward((2, 6, 6, 3), np.float32)
    attrs = _attrs((2, 2), (2, 2), "SAME")
    y = pool_ops._max_pool(np, x, **attrs)
    with pytest.raises(ValueError):
        pool_ops._max_pool_grad_kernel(np, x, y, np.ones((2, 2, 3, 3), np.float32), **attrs)


@needs_numba
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32])
def test_relu6_and_elu_gradients_give_the_numpy_bits(numpy_route, dtype):
    shape = (3, 4, 5, 6)
    features, g = _awkward(shape, dtype) * 3, _gradient(shape, dtype)
    if np.dtype(dtype).kind == "f":
        features.flat[::7] = 6  # the upper edge, excluded
    for kernel in (nn_ops._relu6_grad_kernel, nn_ops._elu_grad_kernel):
        if kernel is nn_ops._elu_grad_kernel and dtype == np.int32:
            continue  # EluGrad is for floats
        _assert_same_bits(kernel(np, g, features), numpy_route(kernel, np, g, features))


@needs_numba
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
def test_bias_add_gives_the_numpy_bits(numpy_route, dtype):
    value, bias = _gradient((2, 3, 4, 5), dtype), _gradient((5,), dtype)
    if np.dtype(dtype).kind == "f":
        bias[0], bias[1] = _nan(dtype, 3), np.inf
    for data_format, b in (("NHWC", bias), ("NCHW", bias[:3])):
        want = numpy_route(nn_ops._bias_add, np, value, b, data_format=data_format)
        _assert_same_bits(nn_ops._bias_add(np, value, b, data_format=data_format), want)
    into = value.copy()
    assert nn_ops._bias_add(np, into, bias, out=into) is into
    _assert_same_bits(into, numpy_route(nn_ops._bias_add, np, value, bias))
    _assert_same_bits(nn_ops._bias_add(np, value[0], bias), numpy_route(nn_ops._bias_add, np, value[0], bias))


@needs_numba
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32])
def test_adding_a_channel_vector_gives_np_add_bits(dtype):
    value, bias = _gradient((3, 4, 5, 6), dtype), _gradient((6,), dtype)
    with np.errstate(all="ignore"):
        want = np.add(value, bias)
        _assert_same_bits(_infer.binary_ufunc(np, "add", value, bias, None), want)
        into = value.copy()
        assert _infer.binary_ufunc(np, "add", into, bias, into) is into
        _assert_same_bits(into, want)
        one = np.ones(1, dtype)  # broadcast along the channels: NumPy's add
        _assert_same_bits(_infer.binary_ufunc(np, "add", value, one, None), np.add(value, one))


@needs_numba
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
@pytest.mark.parametrize("shape", [(64, 7, 7, 32), (3, 5, 2), (9, 4), (5, 3, 1)])
def test_a_bias_gradient_sum_keeps_numpy_rounding(numpy_route, dtype, shape):
    """Summing every axis but the last adds row after row from +0 in NumPy: the loop's bits, NaN payloads included."""
    g = _gradient(shape, dtype)
    if np.dtype(dtype).kind == "f":
        g *= 1e3
        g[..., 0] = -0.0  # a sum of -0s is +0: the sum starts from +0
    axes = np.arange(len(shape) - 1)
    want = numpy_route(reduction_ops._sum, np, g, axes)
    _assert_same_bits(reduction_ops._sum(np, g, axes), want)
    with np.errstate(all="ignore"):
        _assert_same_bits(want, np.sum(g, axis=tuple(axes), dtype=dtype))
        kept = reduction_ops._sum(np, g, axes, keep_dims=True)
        _assert_same_bits(kept, np.sum(g, axis=tuple(axes), keepdims=True, dtype=dtype))


@needs_numba
@pytest.mark.parametrize("shape,window,padding", [((0, 4, 4, 3), (2, 2), "SAME"), ((2, 4, 4, 0), (2, 2), "SAME"),
                                                  ((2, 3, 4, 2), (3, 3), "VALID"), ((1, 1, 1, 1), (2, 2), "SAME")])
def test_empty_and_tiny_inputs(numpy_route, shape, window, padding):
    x = _awkward(shape, np.float32)
    attrs = _attrs(window, (2, 2), padding)
    want = numpy_route(pool_ops._max_pool, np, x, **attrs)
    _assert_same_bits(pool_ops._max_pool(np, x, **attrs), want)
    g = _gradient(want.shape, np.float32)
    _assert_same_bits(pool_ops._max_pool_grad_kernel(np, x, want, g, **attrs),
                      numpy_route(pool_ops._max_pool_grad_kernel, np, x, want, g, **attrs))


@needs_numba
def test_small_elementwise_inputs_keep_numpy(monkeypatch):
    monkeypatch.setattr(pool_loops, "MIN_LOOP_ELEMENTS", 100)
    g = np.ones((9, 11), np.float32)
    assert pool_loops.relu_grad(g, g) is None and pool_loops.sum_leading_axes(g) is None
    assert pool_loops.bias_add(g, g[0]) is None
    wide = np.ones((10, 20), np.float32)[:, :10]
    assert pool_loops.relu_grad(wide, wide.copy()) is None  # not contiguous
    assert pool_loops.relu_grad(np.ones((10, 10), np.float32), np.ones((10, 10), np.float32)) is not None


@needs_numba
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64, np.uint8])
@pytest.mark.parametrize("shape,padding", [((3, 8, 6, 33), "SAME"), ((2, 7, 9, 5), "VALID"), ((1, 2, 2, 1), "SAME")])
def test_halving_loops_give_the_general_loops_bits(monkeypatch, dtype, shape, padding):
    """2x2 windows of stride 2 without padding take their own loops: the bits of the general ones."""
    x = _awkward(shape, dtype)
    geo = pool_ops._pool_geometry(x.shape, _attrs((2, 2), (2, 2), padding))
    assert pool_loops._halving(geo)
    tiles = shape[1] == 2 * geo.oh and shape[2] == 2 * geo.ow
    y = pool_loops.max_pool(x, geo, pool_ops._lowest(dtype))
    g = _gradient(y.shape, dtype)
    dx = pool_loops.max_pool_grad(x, g, geo, pool_ops._lowest(dtype), tiles)
    monkeypatch.setattr(pool_loops, "_halving", lambda geo: False)
    _assert_same_bits(y, pool_loops.max_pool(x, geo, pool_ops._lowest(dtype)))
    _assert_same_bits(dx, pool_loops.max_pool_grad(x, g, geo, pool_ops._lowest(dtype), tiles))
