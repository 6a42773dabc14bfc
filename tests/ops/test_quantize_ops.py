"""tf.quantization.quantize / dequantize / quantize_and_dequantize(_v2) / quantized_concat: values TF 2.21's CPU
kernels give (recorded with TF), errors, gradients and the quantized feeds and fetches."""
import numpy as np
import pytest

import tfsess as tf

X = np.array([-7.5, -3.2, -1.0, -0.5, -0.04, 0.0, 0.04, 0.5, 1.0, 2.49, 2.5, 3.7, 6.0, 9.9, 12.0, -12.0, 0.123,
              -0.123, 5.5, -5.5], np.float32)


def _quantize(**kwargs):
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32)
        lo, hi = kwargs.pop("lo", -6.0), kwargs.pop("hi", 9.0)
        r = tf.quantization.quantize(x, lo, hi, **kwargs)
        with tf.Session() as sess:
            return sess.run(r, {x: X})


def test_min_combined_signed_and_unsigned():
    out = _quantize(T=tf.qint8)
    assert out.output.dtype == np.int8 and (float(out.output_min), float(out.output_max)) == (-6.0, 9.0)
    assert out.output[:8].tolist() == [-128, -80, -43, -35, -27, -26, -25, -18]
    assert _quantize(T=tf.quint8).output[:8].tolist() == [0, 48, 85, 94, 101, 102, 103, 111]


def test_min_combined_qint32_overflow_gives_int32_min():
    out = _quantize(T=tf.qint32).output
    assert out[0] == -2 ** 31 and out[13] == -2 ** 31  # 9.9 clamps to max: 2**31 does not fit an int32


def test_min_first_quint8_rounds_half_to_even_like_tfs_onednn_kernel():
    values = np.array([-8.5, 8.5, -7.5, 7.5, 2.5], np.float32) / 17
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.placeholder(tf.float32)
        q = sess.run(tf.quantization.quantize(x, -6.0, 9.0, tf.quint8, mode="MIN_FIRST").output, {x: values})
    assert (q.astype(int) - 102).tolist() == [-8, 8, -8, 8, 2]


def test_scaled_range_and_narrow_range():
    out = _quantize(T=tf.qint8, mode="SCALED")
    assert float(out.output_min) == pytest.approx(-9.070867) and float(out.output_max) == 9.0
    narrow = _quantize(T=tf.qint8, mode="SCALED", narrow_range=True)
    assert float(narrow.output_min) == -9.0 and narrow.output.min() == -127


def test_dequantize_modes():
    q = np.array([-128, -1, 0, 1, 64, 127], np.int8)
    with tf.Graph().as_default(), tf.Session() as sess:
        p = tf.placeholder(tf.qint8)
        out = {m: sess.run(tf.quantization.dequantize(p, -3.5, 7.25, mode=m), {p: q})
               for m in ("MIN_COMBINED", "MIN_FIRST", "SCALED")}
    np.testing.assert_array_equal(out["MIN_COMBINED"], np.float32([-3.5, 1.853921890258789, 1.8960785865783691,
                                                                  1.9382352828979492, 4.594118118286133, 7.25]))
    np.testing.assert_array_equal(out["MIN_FIRST"][:2], np.float32([-3.4990196228027344, 1.8549021482467651]))
    np.testing.assert_array_equal(out["SCALED"][[0, 5]], np.float32([-7.30708646774292, 7.25]))


def test_quantize_and_dequantize_values_and_gradients():
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.placeholder(tf.float32)
        y1 = tf.quantization.quantize_and_dequantize(x, -2.0, 3.0, range_given=True)
        y2 = tf.quantization.quantize_and_dequantize_v2(x, -2.0, 3.0, range_given=True)
        g1, g2 = tf.gradients(y1, x)[0], tf.gradients(y2, x)[0]
        v1, v2, d1, d2 = sess.run([y1, y2, g1, g2], {x: X})
    assert y1.op.type == "QuantizeAndDequantizeV2" and y2.op.type == "QuantizeAndDequantizeV4"
    np.testing.assert_array_equal(v1, v2)
    assert v1[0] == np.float32(-3.0236220359802246)  # -2 widened to the grid of max 3: -128 * 3 / 127
    assert d1.tolist() == [1.0] * X.size  # straight through
    assert d2.tolist() == [1.0 if -2.0 <= v <= 3.0 else 0.0 for v in X]  # inside the given range only


def test_errors_name_the_op_and_leave_the_session_usable():
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.placeholder(tf.float32)
        with pytest.raises(tf.errors.InvalidArgumentError, match="input_max_range must be larger"):
            sess.run(tf.quantization.quantize(x, 2.0, 1.0, tf.quint8).output, {x: X})
        with pytest.raises(tf.errors.InvalidArgumentError, match="only supported for mode 'SCALED'"):
            sess.run(tf.quantization.quantize(x, -1.0, 1.0, tf.qint8, round_mode="HALF_TO_EVEN").output, {x: X})
        with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid range: input_min 3 > input_max -2"):
            sess.run(tf.quantization.quantize_and_dequantize(x, 3.0, -2.0, range_given=True), {x: X})
        with pytest.raises(TypeError, match="parameter 'T'"):
            tf.quantization.quantize(x, -1.0, 1.0, tf.float32)
        with pytest.raises(ValueError, match="MIN_COMBINED"):
            tf.quantization.quantize(x, -1.0, 1.0, tf.qint8, mode="NOPE")
        assert sess.run(x + 1, {x: 1.0}) == 2.0


def test_quantized_feed_fetch_and_concat():
    with tf.Graph().as_default(), tf.Session() as sess:
        a = tf.placeholder(tf.quint8)
        b = tf.constant(np.array([[10, 20, 250]], np.uint8), dtype=tf.quint8)
        r = tf.quantization.quantized_concat(0, [a, b], [0.0, -1.0], [1.0, 5.0])
        fed, out = sess.run([a, r], {a: np.array([[0, 128, 255]], np.uint8)})
    assert fed.dtype == np.dtype([("quint8", np.uint8)])  # a fed value comes back as fed, in TF's layout
    assert out.output.tolist() == [[43, 64, 86], [10, 20, 250]] and out.output.dtype == np.uint8
    assert (float(out.output_min), float(out.output_max)) == (-1.0, 5.0)
    assert r.output.shape.as_list() == [None, 3]
