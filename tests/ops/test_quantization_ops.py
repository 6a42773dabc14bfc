"""tf.quantization's fake quantization: TF's nudged grid, straight-through gradients, errors."""
import numpy as np
import pytest

import tfsess as tf

X = np.linspace(-8, 8, 13).astype(np.float32)


def _run(fetches):
    with tf.Session() as sess:
        return sess.run(fetches)


def test_args_snaps_to_the_nudged_grid_with_an_exact_zero():
    got = _run(tf.quantization.fake_quant_with_min_max_args(X, -6.0, 6.0))
    scale = np.float32(12.0 / 255)
    assert got[6] == 0.0 and np.allclose(got / scale, np.round(got / scale), atol=1e-4)
    assert got.min() == pytest.approx(-128 * scale) and got.max() == pytest.approx(127 * scale)


def test_vars_gradient_passes_inside_and_sends_the_rest_to_min_and_max():
    lo, hi = tf.constant(-2.3), tf.constant(3.1)
    x = tf.constant(X)
    gx, glo, ghi = _run(tf.gradients(tf.quantization.fake_quant_with_min_max_vars(x, lo, hi), [x, lo, hi]))
    inside = (X >= -2.31) & (X <= 3.1)
    np.testing.assert_array_equal(gx, inside.astype(np.float32))
    assert glo == (X < -2.31).sum() and ghi == (X > 3.1).sum()


def test_per_channel_uses_one_range_per_last_dim_and_checks_its_size():
    x = np.linspace(-3, 3, 12, dtype=np.float32).reshape(4, 3)
    lo, hi = np.float32([-1, -2, 0]), np.float32([1, 2, 3])
    got = _run(tf.quantization.fake_quant_with_min_max_vars_per_channel(x, lo, hi))
    for c in range(3):
        want = _run(tf.quantization.fake_quant_with_min_max_vars(x[:, c], lo[c], hi[c]))
        np.testing.assert_array_equal(got[:, c], want)
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        tf.quantization.fake_quant_with_min_max_vars_per_channel(x, [0.0, 0.0], [1.0, 1.0])


def test_bad_ranges_and_bits_fail_at_run_time_and_the_session_stays_usable():
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match="min has to be smaller than max"):
            sess.run(tf.quantization.fake_quant_with_min_max_args(X, 1.0, 0.0))
        with pytest.raises(tf.errors.InvalidArgumentError, match="num_bits must be between 2 and 16"):
            sess.run(tf.fake_quant_with_min_max_vars(X, -1.0, 1.0, num_bits=1))
        assert sess.run(tf.constant(3)) == 3
    with pytest.raises(TypeError, match="int32 not in list"):
        tf.quantization.fake_quant_with_min_max_args(tf.constant([1, 2]))
