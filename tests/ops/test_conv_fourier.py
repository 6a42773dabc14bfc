"""The Fourier path of Conv2D and its backprops equals the im2col GEMM path (within rounding), and
is taken only where it pays."""
import numpy as np
import pytest

from tfsess.ops import conv_fourier, conv_ops
from tfsess.ops.window_geometry import Geometry

RNG = np.random.default_rng(7)

CASES = [  # (n, h, w, ci, co, kh, kw, padding, dilations)
    (2, 7, 9, 3, 4, 3, 3, "SAME", (1, 1)),
    (2, 7, 9, 3, 4, 3, 2, "VALID", (1, 1)),
    (3, 8, 9, 2, 5, 3, 4, "SAME", (2, 1)),
    (2, 8, 9, 3, 4, 2, 3, [[0, 0], [1, 2], [0, 3], [0, 0]], (1, 2)),
    (1, 5, 5, 2, 2, 5, 5, "VALID", (1, 1)),
    (2, 6, 5, 4, 3, 5, 3, "SAME", (1, 1)),
    (4, 14, 14, 8, 16, 5, 5, "SAME", (1, 1)),
    (2, 3, 4, 2, 3, 7, 2, [[0, 0], [2, 2], [3, 0], [0, 0]], (1, 1)),  # window as tall as the padded input
    (2, 4, 6, 2, 3, 1, 9, [[0, 0], [2, 3], [4, 1], [0, 0]], (1, 1)),  # more output rows than input rows
    (2, 9, 7, 3, 2, 3, 3, [[0, 0], [0, 4], [3, 0], [0, 0]], (2, 2)),  # one-sided paddings
]


def _attrs(padding, dilations, data_format):
    explicit = []
    if isinstance(padding, list):
        explicit = [p for pair in padding for p in pair]
        if data_format == "NCHW":
            explicit = explicit[:2] + explicit[6:] + explicit[2:6]
        padding = "EXPLICIT"
    dh, dw = dilations
    return {"strides": [1, 1, 1, 1], "padding": padding, "explicit_paddings": explicit, "data_format": data_format,
            "dilations": [1, 1, dh, dw] if data_format == "NCHW" else [1, dh, dw, 1]}


def _three_ops(x, f, dy, attrs):
    layout = (lambda a: np.ascontiguousarray(a.transpose(0, 3, 1, 2))) if attrs["data_format"] == "NCHW" else (
        lambda a: a)
    x, dy = layout(x), layout(dy)
    return (conv_ops._conv2d(np, x, f, **attrs),
            conv_ops._conv2d_backprop_input(np, np.array(x.shape, np.int32), f, dy, **attrs),
            conv_ops._conv2d_backprop_filter(np, x, np.array(f.shape, np.int32), dy, **attrs))


@pytest.mark.parametrize("data_format", ["NHWC", "NCHW"])
@pytest.mark.parametrize("dtype,rtol", [(np.float32, 2e-5), (np.float64, 1e-12)])
@pytest.mark.parametrize("case", CASES)
def test_fourier_path_equals_gemm_path(monkeypatch, case, dtype, rtol, data_format):
    n, h, w, ci, co, kh, kw, padding, dilations = case
    attrs = _attrs(padding, dilations, data_format)
    x = RNG.standard_normal((n, h, w, ci)).astype(dtype)
    f = RNG.standard_normal((kh, kw, ci, co)).astype(dtype)
    geo = Geometry(h, w, kh, kw, _attrs(padding, dilations, "NHWC"))
    dy = RNG.standard_normal((n, geo.oh, geo.ow, co)).astype(dtype)
    monkeypatch.setattr(conv_fourier, "worth_it", lambda *args: False)
    expected = _three_ops(x, f, dy, attrs)
    monkeypatch.setattr(conv_fourier, "worth_it", lambda *args: True)
    got = _three_ops(x, f, dy, attrs)
    for name, want, have in zip(("Conv2D", "BackpropInput", "BackpropFilter"), expected, got):
        assert have.dtype == want.dtype and have.shape == want.shape, name
        assert have.flags.c_contiguous, name
        np.testing.assert_allclose(have, want, rtol=0, atol=rtol * np.abs(want).max(), err_msg=name)


def test_fourier_path_is_taken_only_where_it_pays():
    same = _attrs("SAME", (1, 1), "NHWC")
    big = Geometry(14, 14, 5, 5, same)
    assert conv_fourier.worth_it(np, big, np.float32, 64, 32, 64)  # the convnet's second layer
    assert conv_fourier.worth_it(np, big, np.float64, 64, 32, 64)
    assert not conv_fourier.worth_it(np, big, np.float16, 64, 32, 64)
    assert not conv_fourier.worth_it(np, big, np.int32, 64, 32, 64)
    assert not conv_fourier.worth_it(np, Geometry(28, 28, 5, 5, same), np.float32, 64, 1, 32)  # transforms dominate
    assert not conv_fourier.worth_it(np, Geometry(14, 14, 5, 5, same), np.float32, 2, 3, 4)  # too small
    assert not conv_fourier.worth_it(np, Geometry(14, 14, 1, 1, same), np.float32, 64, 256, 256)  # 1x1
    strided = Geometry(28, 28, 5, 5, {**same, "strides": [1, 2, 2, 1]})
    assert not conv_fourier.worth_it(np, strided, np.float32, 64, 32, 64)


def test_convnet_layer_through_the_fourier_path_matches_float64():
    """Rounding of the Fourier path, float32, against a float64 direct reference: no worse than im2col's."""
    x = RNG.standard_normal((16, 14, 14, 32)).astype(np.float32)
    f = (0.1 * RNG.standard_normal((5, 5, 32, 64))).astype(np.float32)
    geo = Geometry(14, 14, 5, 5, _attrs("SAME", (1, 1), "NHWC"))
    padded = np.pad(x.astype(np.float64), ((0, 0), (2, 2), (2, 2), (0, 0)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, (5, 5), axis=(1, 2))
    reference = np.einsum("nhwcij,ijco->nhwo", windows, f.astype(np.float64))
    got = conv_fourier.conv2d(geo, x, f)
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, reference, rtol=0, atol=2e-6 * np.abs(reference).max())
