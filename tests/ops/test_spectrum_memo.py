"""spectrum_memo: a remembered spectrum is reused only for the same bits, and gives the same results."""
import numpy as np
import pytest

from tfsess.ops import conv_fourier, conv_ops, spectrum_memo

RNG = np.random.default_rng(11)
ATTRS = {"strides": [1, 1, 1, 1], "padding": "SAME", "explicit_paddings": [], "data_format": "NHWC",
         "dilations": [1, 1, 1, 1]}


@pytest.fixture(autouse=True)
def fourier_path(monkeypatch):
    monkeypatch.setattr(conv_fourier, "worth_it", lambda *args: True)
    spectrum_memo.clear()
    yield
    spectrum_memo.clear()


def _filter_grad(x, dy):
    return conv_ops._conv2d_backprop_filter(np, x, np.array([5, 5, x.shape[3], dy.shape[3]], np.int32), dy, **ATTRS)


def _operands():
    x = RNG.standard_normal((3, 9, 8, 4)).astype(np.float32)
    f = RNG.standard_normal((5, 5, 4, 6)).astype(np.float32)
    dy = RNG.standard_normal((3, 9, 8, 6)).astype(np.float32)
    return x, f, dy


def test_backprops_reuse_spectra_bit_for_bit():
    x, f, dy = _operands()
    fresh = _filter_grad(x, dy)
    spectrum_memo.clear()
    conv_ops._conv2d(np, x, f, **ATTRS)  # remembers x's spectrum
    conv_ops._conv2d_backprop_input(np, np.array(x.shape, np.int32), f, dy, **ATTRS)  # and dy's
    assert len(spectrum_memo._entries) == 2  # x and dy
    np.testing.assert_array_equal(_filter_grad(x, dy), fresh)


def test_values_changed_in_place_are_transformed_again():
    x, f, dy = _operands()
    original, changed = x.copy(), x.copy()
    changed[1, 4, 4, 2] += 1.0
    expected = _filter_grad(changed, dy)
    spectrum_memo.clear()
    conv_ops._conv2d(np, x, f, **ATTRS)
    x[1, 4, 4, 2] += 1.0  # the same array, new values
    np.testing.assert_array_equal(_filter_grad(x, dy), expected)
    assert not np.array_equal(expected, _filter_grad(original, dy))  # the change shows in the result


def test_signed_zeros_are_different_values():
    x = np.zeros((2, 9, 8, 4), np.float32)
    negative = -x
    spectrum_memo.remember(x, "grid", np.ones(3, np.float32))
    assert spectrum_memo.lookup(negative, "grid") is None
    np.testing.assert_array_equal(spectrum_memo.lookup(x.copy(), "grid"), np.ones(3, np.float32))


def test_entries_are_bounded_and_read_only():
    for k in range(spectrum_memo.MAX_ENTRIES + 2):
        spectrum_memo.remember(np.full(4, k, np.float32), ("grid", k), np.full(2, k, np.float32))
    assert len(spectrum_memo._entries) == spectrum_memo.MAX_ENTRIES
    kept = spectrum_memo.lookup(np.full(4, 5, np.float32), ("grid", 5))
    assert not kept.flags.writeable
    assert spectrum_memo.lookup(np.full(4, 0, np.float32), ("grid", 0)) is None  # the oldest went


def test_held_bytes_are_bounded(monkeypatch):
    monkeypatch.setattr(spectrum_memo, "MAX_BYTES", 4 * 160)
    for k in range(5):  # 160 bytes each
        spectrum_memo.remember(np.full(20, k, np.float32), ("grid", k), np.full(20, k, np.float32))
    assert len(spectrum_memo._entries) == 4 and spectrum_memo._held_bytes() == 4 * 160
    spectrum_memo.remember(np.zeros(100, np.float32), "too large", np.zeros(100, np.float32))
    assert spectrum_memo.lookup(np.zeros(100, np.float32), "too large") is None

