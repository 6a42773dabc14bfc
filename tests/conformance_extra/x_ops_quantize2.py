"""Quantized dtypes and the quantize / dequantize / quantize-and-dequantize / quantized_concat ops, bit for
bit against TF's CPU kernels."""
import numpy as np

from _harness import catch

_X = np.array([-7.5, -3.2, -1.0, -0.5, -0.04, 0.0, 0.04, 0.5, 1.0, 2.49, 2.5, 3.7, 6.0, 9.9, 12.0, -12.0,
               0.123, -0.123, 5.5, -5.5], np.float32)


def _plain(x):
    x = np.asarray(x)
    return {"structured": x.dtype.names[0], "v": x.view(x.dtype[0])} if x.dtype.names else x


def _run(tf, fetches, feed=None):
    with tf.Session() as sess:
        out = sess.run(fetches, feed)
    if isinstance(out, dict):
        return {k: _plain(v) if not isinstance(v, (list, tuple)) else [_plain(x) for x in v] for k, v in out.items()}
    return out


def case_x_ops_quantize2_dtype_facts(tf):
    out = {}
    for d in [tf.qint8, tf.quint8, tf.qint16, tf.quint16, tf.qint32]:
        out[d.name] = [d.as_datatype_enum, d.is_quantized, d.is_integer, d.is_floating, d.is_unsigned, d.size,
                       str(np.dtype(d.as_numpy_dtype)), tf.as_dtype(d.as_numpy_dtype).name, d in tf.QUANTIZED_DTYPES,
                       catch(lambda: d.min), catch(lambda: d.max)]
    out["set"] = sorted(d.name for d in tf.QUANTIZED_DTYPES)
    out["float_not_quantized"] = tf.float32.is_quantized
    out["dtypes_ns"] = [tf.dtypes.qint8.name, tf.dtypes.quint16.name, len(tf.dtypes.QUANTIZED_DTYPES)]
    return out


def case_x_ops_quantize2_feed_fetch(tf):
    p = tf.placeholder(tf.qint8, [3])
    q = tf.placeholder(tf.quint16)
    c = tf.constant(np.array([1, -2, 3], np.int8), dtype=tf.qint8)
    return _run(tf, {"fed": p, "const": c, "fed16": q},
                {p: np.array([1, 2, -3], np.int8), q: np.array([[7, 65535]], np.uint16)})


def case_x_ops_quantize2_min_combined(tf):
    x = tf.placeholder(tf.float32)
    out = {}
    for T in [tf.qint8, tf.quint8, tf.qint16, tf.quint16, tf.qint32]:
        r = tf.quantization.quantize(x, -6.0, 9.0, T)
        out[T.name] = _run(tf, {"q": r.output, "min": r.output_min, "max": r.output_max}, {x: _X})
    return out


def case_x_ops_quantize2_min_first(tf):
    x = tf.placeholder(tf.float32)
    out = {}
    for T in [tf.qint8, tf.quint8, tf.qint16, tf.quint16, tf.qint32]:
        r = tf.quantization.quantize(x, -6.0, 9.0, T, mode="MIN_FIRST")
        out[T.name] = _run(tf, {"q": r.output, "min": r.output_min, "max": r.output_max}, {x: _X})
    return out


def case_x_ops_quantize2_scaled_round_modes(tf):
    x = tf.placeholder(tf.float32)
    out = {}
    for T in [tf.qint8, tf.quint8, tf.qint16, tf.qint32]:
        for round_mode in ["HALF_AWAY_FROM_ZERO", "HALF_TO_EVEN"]:
            for narrow in [False, True]:
                r = tf.quantization.quantize(x, -6.0, 9.0, T, mode="SCALED", round_mode=round_mode,
                                             narrow_range=narrow)
                out[f"{T.name}/{round_mode}/{narrow}"] = catch(
                    _run, tf, {"q": r.output, "min": r.output_min, "max": r.output_max}, {x: _X})
    return out


def case_x_ops_quantize2_range_nudging(tf):
    x = tf.placeholder(tf.float32)
    out = {}
    for lo, hi, ensure in [(2.0, 5.0, 0.01), (-3.0, -1.0, 0.01), (0.0, 0.0, 0.01), (1.0, 1.0, 0.01),
                           (-0.001, 0.001, 0.5), (0.0, 1e-4, 0.0)]:
        r = tf.quantization.quantize(x, lo, hi, tf.quint8, ensure_minimum_range=ensure)
        out[f"{lo},{hi},{ensure}"] = _run(tf, {"q": r.output, "min": r.output_min, "max": r.output_max}, {x: _X})
    return out


def case_x_ops_quantize2_axis(tf):
    x = tf.placeholder(tf.float32, [4, 5])
    lo = tf.constant([-1.0, -2.0, -4.0, -8.0, 0.0])
    hi = tf.constant([1.0, 2.0, 4.0, 8.0, 3.0])
    out = {}
    for mode in ["MIN_COMBINED", "SCALED"]:
        r = tf.quantization.quantize(x, lo, hi, tf.qint8, mode=mode, axis=1)
        d = tf.quantization.dequantize(r.output, r.output_min, r.output_max, mode=mode, axis=1)
        out[mode] = _run(tf, {"q": r.output, "min": r.output_min, "max": r.output_max, "dq": d},
                         {x: _X.reshape(4, 5)})
        out[mode + "_static"] = [r.output.shape.as_list(), r.output_min.shape.as_list()]
    return out


def case_x_ops_quantize2_dequantize_modes(tf):
    out = {}
    for T, values in [(tf.qint8, [-128, -1, 0, 1, 64, 127]), (tf.quint8, [0, 1, 127, 128, 255]),
                      (tf.qint16, [-32768, -5, 0, 7, 32767]), (tf.quint16, [0, 9, 65535]),
                      (tf.qint32, [-2 ** 31, -3, 0, 12345, 2 ** 31 - 1])]:
        q = tf.placeholder(T)
        for mode in ["MIN_COMBINED", "MIN_FIRST", "SCALED"]:
            for narrow in [False, True]:
                out[f"{T.name}/{mode}/{narrow}"] = catch(
                    _run, tf, tf.quantization.dequantize(q, -3.5, 7.25, mode=mode, narrow_range=narrow),
                    {q: np.array(values, T.as_numpy_dtype)})
    return out


def case_x_ops_quantize2_dequantize_bfloat16(tf):
    q = tf.placeholder(tf.qint8)
    d = tf.quantization.dequantize(q, -1.0, 2.0, dtype=tf.bfloat16)
    feed = {q: np.array([-128, -3, 0, 5, 127], np.int8)}
    with tf.Session() as sess:
        value = sess.run(d, feed)
        scaled = catch(sess.run, tf.quantization.dequantize(q, -1.0, 2.0, mode="SCALED", dtype=tf.bfloat16), feed)
    return {"dtype": d.dtype.name, "bits": np.asarray(value).view(np.uint16), "scaled": scaled}


def case_x_ops_quantize2_round_trip(tf):
    x = tf.placeholder(tf.float32)
    out = {}
    for T in [tf.qint8, tf.quint8, tf.quint16]:
        for mode in ["MIN_COMBINED", "MIN_FIRST", "SCALED"]:
            r = tf.quantization.quantize(x, -4.0, 10.0, T, mode=mode)
            out[f"{T.name}/{mode}"] = _run(tf, tf.quantization.dequantize(r.output, r.output_min, r.output_max,
                                                                          mode=mode), {x: _X})
    return out


def case_x_ops_quantize2_quantize_v2_compat(tf):
    x = tf.placeholder(tf.float32)
    r = tf.quantize_v2(x, -1.0, 1.0, tf.quint8)
    d = tf.dequantize(r.output, r.output_min, r.output_max)
    out = _run(tf, {"q": r.output, "dq": d}, {x: _X / 10})
    out["names"] = [r.output.op.type, r.output.op.name, d.op.type, d.op.name, r.output.dtype.name,
                    [t.name for t in r.output.op.outputs]]
    out["fields"] = list(type(r)._fields)
    q = tf.quantization.quantize(x, -1.0, 1.0, tf.qint8)
    out["quantize_name"] = q.output.op.name
    return out


def case_x_ops_quantize2_errors(tf):
    x = tf.placeholder(tf.float32)
    ones = tf.placeholder(tf.float32, [2, 3])
    with tf.Session() as sess:
        return {
            "max_below_min": catch(sess.run, tf.quantization.quantize(x, 2.0, 1.0, tf.quint8).output, {x: _X}),
            "half_even_min_combined": catch(sess.run, tf.quantization.quantize(
                x, -1.0, 1.0, tf.qint8, round_mode="HALF_TO_EVEN").output, {x: _X}),
            "bad_mode": catch(lambda: tf.quantization.quantize(x, -1.0, 1.0, tf.qint8, mode="NOPE")),
            "float_T": catch(lambda: tf.quantization.quantize(x, -1.0, 1.0, tf.float32)),
            "min_first_axis": catch(lambda: sess.run(tf.quantization.quantize(
                ones, [-1.0, -1.0, -1.0], [1.0, 1.0, 1.0], tf.qint8, mode="MIN_FIRST", axis=1).output,
                {ones: np.ones([2, 3], np.float32)})),
            "dequant_float_in": catch(lambda: tf.quantization.dequantize(tf.ones([2]), -1.0, 1.0)),
            "dequant_axis_count": catch(lambda: tf.quantization.dequantize(
                tf.constant(np.zeros([2, 3], np.int8), dtype=tf.qint8), [-1.0, -1.0], [1.0, 1.0], axis=1)),
            "usable_after": sess.run(tf.constant(3)),
        }


def case_x_ops_quantize2_qdq_v1(tf):
    x = tf.placeholder(tf.float32)
    out = {}
    for signed in [True, False]:
        for bits in [4, 8]:
            for narrow in [False, True]:
                for round_mode in ["HALF_TO_EVEN", "HALF_UP"]:
                    y = tf.quantization.quantize_and_dequantize(x, -6.0, 9.0, signed_input=signed, num_bits=bits,
                                                                range_given=True, narrow_range=narrow,
                                                                round_mode=round_mode)
                    out[f"{signed}/{bits}/{narrow}/{round_mode}"] = _run(tf, y, {x: _X})
    out["own_range"] = _run(tf, tf.quantization.quantize_and_dequantize(x, 0.0, 0.0, range_given=False), {x: _X})
    out["type"] = tf.quantization.quantize_and_dequantize(x, 0.0, 1.0).op.type
    return out


def case_x_ops_quantize2_qdq_v2_and_dtypes(tf):
    out = {}
    for dtype in [tf.float32, tf.float64, tf.float16]:
        x = tf.placeholder(dtype)
        y = tf.quantization.quantize_and_dequantize_v2(x, -2.0, 3.0, range_given=True)
        z = tf.quantization.quantize_and_dequantize_v2(x, 0.0, 0.0, num_bits=3)
        out[dtype.name] = catch(_run, tf, {"given": y, "own": z}, {x: _X.astype(dtype.as_numpy_dtype)})
    out["type"] = y.op.type
    return out


def case_x_ops_quantize2_qdq_axis(tf):
    x = tf.placeholder(tf.float32, [5, 4])
    lo, hi = tf.constant([-1.0, -2.0, -6.0, 0.0]), tf.constant([1.0, 4.0, 6.0, 2.0])
    feed = {x: _X.reshape(5, 4)}
    return {"v2_given": catch(_run, tf, tf.quantization.quantize_and_dequantize_v2(x, lo, hi, range_given=True,
                                                                                   axis=1), feed),
            "v2_own": catch(_run, tf, tf.quantization.quantize_and_dequantize_v2(x, lo, hi, axis=1, num_bits=4), feed),
            "v1_own": catch(_run, tf, tf.quantization.quantize_and_dequantize(x, lo, hi, axis=1, narrow_range=True),
                            feed),
            "v1_given": catch(_run, tf, tf.quantization.quantize_and_dequantize(x, lo, hi, range_given=True, axis=1,
                                                                                narrow_range=True), feed)}


def case_x_ops_quantize2_qdq_gradients(tf):
    x = tf.placeholder(tf.float32)
    y1 = tf.quantization.quantize_and_dequantize(x, -2.0, 3.0, range_given=True)
    y2 = tf.quantization.quantize_and_dequantize_v2(x, -2.0, 3.0, range_given=True)
    g1 = tf.gradients(y1 * y1, x)
    g2 = tf.gradients(y2 * 3.0, x)
    lo, hi = tf.constant(-2.0), tf.constant(3.0)
    y3 = tf.quantization.quantize_and_dequantize_v2(x, lo, hi, range_given=True)
    g3 = tf.gradients(y3, [x, lo, hi])
    out = _run(tf, {"g1": g1[0], "g2": g2[0], "g3x": g3[0], "g3lo": g3[1], "g3hi": g3[2]}, {x: _X})
    out["types"] = [g2[0].op.type, g3[1].op.type]
    return out


def case_x_ops_quantize2_qdq_errors(tf):
    x = tf.placeholder(tf.float32)
    with tf.Session() as sess:
        return {
            "inverted": catch(sess.run, tf.quantization.quantize_and_dequantize(x, 3.0, -2.0, range_given=True),
                              {x: _X}),
            "int_input": catch(lambda: tf.quantization.quantize_and_dequantize(tf.constant([1, 2]), 0, 1)),
            "after": sess.run(tf.quantization.quantize_and_dequantize(x, -1.0, 1.0, range_given=True),
                              {x: _X[:4]}),
        }


def case_x_ops_quantize2_quantized_concat(tf):
    a = tf.constant(np.array([[0, 128, 255]], np.uint8), dtype=tf.quint8)
    b = tf.constant(np.array([[10, 20, 250]], np.uint8), dtype=tf.quint8)
    r = tf.quantization.quantized_concat(0, [a, b], [0.0, -1.0], [1.0, 5.0])
    s = tf.quantization.quantized_concat(1, [a, a], [0.0, 0.0], [1.0, 1.0])
    qa = tf.placeholder(tf.qint32)
    qb = tf.placeholder(tf.qint32)
    t = tf.quantization.quantized_concat(0, [qa, qb], [-1.0, -0.5], [2.0, 0.25])
    out = _run(tf, {"r": r.output, "rmin": r.output_min, "rmax": r.output_max, "s": s.output, "smin": s.output_min,
                    "t": t.output, "tmin": t.output_min, "tmax": t.output_max},
               {qa: np.array([-2 ** 31, 0, 2 ** 31 - 1, 7], np.int32), qb: np.array([-5, 5, 100], np.int32)})
    q8 = tf.placeholder(tf.qint8)
    out["qint8"] = catch(_run, tf, tf.quantization.quantized_concat(0, [q8, q8], [-1.0, -1.0], [1.0, 1.0]).output,
                         {q8: np.array([1, 2], np.int8)})
    out["static"] = [r.output.shape.as_list(), r.output.dtype.name, r.output.op.type, list(type(r)._fields)]
    out["top_level"] = tf.quantized_concat is tf.quantization.quantized_concat
    return out


def case_x_ops_quantize2_quantize_graph_def(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.constant([0.5, -1.0, 2.0])
        r = tf.quantization.quantize(x, -1.0, 2.0, tf.qint8, mode="SCALED", round_mode="HALF_TO_EVEN")
        tf.quantization.dequantize(r.output, r.output_min, r.output_max, mode="SCALED", name="dq")
        tf.constant(np.array([1, 2], np.int16), dtype=tf.qint16, name="q16")
    gd = g.as_graph_def()
    quant = next(n for n in gd.node if n.op == "QuantizeV2")
    attrs = {k: str(v).strip() for k, v in sorted(quant.attr.items())}
    g2 = tf.Graph()
    with g2.as_default():
        tf.import_graph_def(gd, name="")
        with tf.Session() as sess:
            return {"attrs": attrs, "dq": sess.run("dq:0"), "q16": _plain(sess.run("q16:0")),
                    "q16_proto": next(n for n in gd.node if n.name == "q16").attr["value"].tensor.SerializeToString()}
