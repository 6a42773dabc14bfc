"""MaxPoolGrad against a naive loop, bit for bit: tiling windows (assigned) and overlapping or padded
ones (added), ties to the first maximum, infinite gradients not leaking into other positions."""
import numpy as np
import pytest

from tfsess.ops import pool_ops
from tfsess.ops.window_geometry import Geometry

RNG = np.random.default_rng(11)


def _naive_max_pool_grad(x, g, k, s, padding):
    n, h, w, c = x.shape
    geo = Geometry(h, w, k, k, {"strides": [1, s, s, 1], "padding": padding})
    dx = np.zeros_like(x)
    for b, i, j, ch in np.ndindex(n, geo.oh, geo.ow, c):
        best, where = None, None
        for di, dj in np.ndindex(k, k):
            r, col = i * s + di - geo.pt, j * s + dj - geo.pl
            if 0 <= r < h and 0 <= col < w and (best is None or x[b, r, col, ch] > best):
                best, where = x[b, r, col, ch], (b, r, col, ch)
        dx[where] += g[b, i, j, ch]
    return dx


@pytest.mark.parametrize("data_format", ["NHWC", "NCHW"])
@pytest.mark.parametrize("shape,k,s,padding", [
    ((2, 6, 8, 3), 2, 2, "SAME"),   # tiles
    ((2, 6, 8, 3), 2, 2, "VALID"),  # tiles
    ((2, 7, 9, 3), 2, 2, "SAME"),   # padded edge: not tiles
    ((2, 7, 9, 3), 3, 2, "SAME"),   # overlapping
    ((2, 5, 5, 2), 2, 1, "VALID"),  # overlapping
])
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32])
def test_max_pool_grad_matches_naive_loop(shape, k, s, padding, data_format, dtype):
    x = RNG.integers(0, 3, shape).astype(dtype)  # many ties
    attrs = {"ksize": [1, k, k, 1], "strides": [1, s, s, 1], "padding": padding, "data_format": "NHWC"}
    y = pool_ops._max_pool(np, x, **attrs)
    g = (RNG.integers(-8, 8, y.shape) / 4).astype(dtype) if dtype != np.int32 else RNG.integers(-5, 5, y.shape)
    g = g.astype(dtype)  # exact sums: where windows overlap, any order of additions agrees bit for bit
    if dtype != np.int32:
        g.flat[::5] = np.inf
    want = _naive_max_pool_grad(x, g, k, s, padding)
    if data_format == "NCHW":
        nchw = {"ksize": [1, 1, k, k], "strides": [1, 1, s, s], "padding": padding, "data_format": "NCHW"}
        to_nchw = lambda a: np.ascontiguousarray(a.transpose(0, 3, 1, 2))  # noqa: E731
        got = pool_ops._max_pool_grad_kernel(np, to_nchw(x), to_nchw(y), to_nchw(g), **nchw).transpose(0, 2, 3, 1)
    else:
        got = pool_ops._max_pool_grad_kernel(np, x, y, g, **attrs)
    assert got.dtype == want.dtype
    bits = np.dtype(f"u{want.dtype.itemsize}")
    np.testing.assert_array_equal(np.ascontiguousarray(got).view(bits), want.view(bits))


@pytest.mark.parametrize("shape,k", [((3, 8, 6, 5), 2), ((2, 9, 6, 4), 3), ((2, 4, 4, 3), 1)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
def test_tiled_max_pool_grad_equals_the_general_path(monkeypatch, shape, k, dtype):
    """Windows that tile the input take the reshape path: bit for bit what the per-tap path gives,
    with ties everywhere (ReLU-like zeros, +0 against -0) and infinite and NaN gradients."""
    x = np.maximum(RNG.integers(-3, 3, shape), 0).astype(dtype)
    if dtype != np.int64:
        x[x == 0] = np.where(RNG.random(int((x == 0).sum())) < 0.5, 0.0, -0.0)
    attrs = {"ksize": [1, k, k, 1], "strides": [1, k, k, 1], "padding": "VALID", "data_format": "NHWC"}
    y = pool_ops._max_pool(np, x, **attrs)
    g = RNG.integers(-9, 9, y.shape).astype(dtype)
    if dtype != np.int64:
        g.flat[::7], g.flat[3::11] = np.inf, np.nan
    assert pool_ops._tiles(pool_ops._pool_geometry(x.shape, attrs), x.shape)
    fast = pool_ops._max_pool_grad_kernel(np, x, y, g, **attrs)
    monkeypatch.setattr(pool_ops, "_tiles", lambda geo, shape: False)
    general = pool_ops._max_pool_grad_kernel(np, x, y, g, **attrs)
    bits = np.dtype(f"u{np.dtype(dtype).itemsize}")
    np.testing.assert_array_equal(fast.view(bits), general.view(bits))
    assert fast.shape == x.shape and fast.flags.c_contiguous
