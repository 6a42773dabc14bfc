"""bfloat16 and the other ml_dtypes types: DType facts, Cast rounding (bit patterns), bfloat16 arithmetic,
TensorProto layouts, GraphDef and checkpoint round trips."""
import os
import tempfile

import numpy as np

from _harness import catch


def _bits(x):
    """A fetched array as plain numbers: bfloat16 as its uint16 bit patterns, 1-byte types as uint8."""
    x = np.asarray(x)
    if x.dtype.names:
        return {"structured": x.dtype.names[0], "v": x.view(x.dtype[0]).tolist()}
    if x.dtype.name == "bfloat16":
        return {"bf16": x.view(np.uint16).tolist()}
    if x.dtype.name.startswith(("float8", "float4")):
        return {x.dtype.name: x.view(np.uint8).tolist()}
    if x.dtype.name in ("int4", "uint4", "int2", "uint2"):
        return {x.dtype.name: x.astype(np.int32).tolist()}
    return x


def _bf(tf, values):
    return np.asarray(values, np.float32).astype(tf.bfloat16.as_numpy_dtype)


_F32_EDGES = [1.00390625, 1.01171875, 1.0078125, 3.3e38, 3.4e38, -0.0, 1e-40, 65504.0, -2.5, 0.1, 1.0 / 3.0,
              float("inf"), -float("inf")]


def case_x_ops_bf16_dtype_facts(tf):
    d = tf.bfloat16
    return {"name": d.name, "enum": d.as_datatype_enum, "floating": d.is_floating, "integer": d.is_integer,
            "quantized": d.is_quantized, "unsigned": d.is_unsigned, "size": d.size, "min": float(d.min),
            "max": float(d.max), "str": str(d), "repr": repr(d), 
            "numpy": np.dtype(d.as_numpy_dtype).name, "from_numpy": tf.as_dtype(d.as_numpy_dtype).name,
            "from_enum": tf.as_dtype(14).name, "real": d.real_dtype.name, "compatible": d.is_compatible_with(d),
            "in_dtypes": tf.dtypes.bfloat16 == d, "numpy_compatible": d.is_numpy_compatible}


def case_x_ops_bf16_experimental_dtype_facts(tf):
    out = {}
    for name in ["float8_e5m2", "float8_e4m3fn", "float8_e4m3fnuz", "float8_e4m3b11fnuz", "float8_e5m2fnuz", "int4",
                 "uint4", "int2", "uint2", "float4_e2m1fn"]:
        d = getattr(tf.dtypes.experimental, name)
        out[name] = [d.as_datatype_enum, d.is_floating, d.is_integer, d.is_unsigned, d.size, float(d.min),
                     float(d.max), str(d), tf.as_dtype(d.as_numpy_dtype).name, tf.as_dtype(name) == d]
    return out


def case_x_ops_bf16_cast_from_float32_bits(tf):
    p = tf.placeholder(tf.float32)
    with tf.Session() as sess:
        return _bits(sess.run(tf.cast(p, tf.bfloat16), {p: np.array(_F32_EDGES + [float("nan")], np.float32)}))


def case_x_ops_bf16_cast_from_float64_bits(tf):
    values = np.array([1.0 + 2 ** -8 + 2 ** -30, 1.0 + 2 ** -8, 1.0 + 2 ** -8 - 2 ** -40, 3.5e38, 1e300, -1e-300,
                       2 ** -133 + 2 ** -140, 2 ** -120, 0.1, -7.25], np.float64)
    p = tf.placeholder(tf.float64)
    with tf.Session() as sess:
        return _bits(sess.run(tf.cast(p, tf.bfloat16), {p: values}))


def case_x_ops_bf16_cast_from_ints_bits(tf):
    with tf.Session() as sess:
        out = {}
        for dtype, values in [(tf.int32, [16777217, 257, 259, -2 ** 31, 2 ** 31 - 1, 0, -3]),
                              (tf.int64, [2 ** 53 + 1, 2 ** 40 + 2 ** 32 + 1, -5]), (tf.uint8, [255, 1, 129]),
                              (tf.int8, [-128, 127, 3]), (tf.bool, [True, False])]:
            p = tf.placeholder(dtype)
            out[dtype.name] = _bits(sess.run(tf.cast(p, tf.bfloat16), {p: np.array(values, dtype.as_numpy_dtype)}))
        return out


def case_x_ops_bf16_cast_to_everything(tf):
    values = [1.5, -2.5, 3e38, -3e38, float("nan"), float("inf"), 200, -129, 0.7, -0.0, 65536, 70000, 300, 40000,
              -1e10, 70000, 200, 1e10, -129]
    p = tf.placeholder(tf.bfloat16)
    with tf.Session() as sess:
        out = {}
        for d in [tf.int32, tf.int8, tf.uint8, tf.int16, tf.uint16, tf.int64, tf.float16, tf.float64, tf.float32,
                  tf.bool, tf.complex64, tf.uint32]:
            out[d.name] = sess.run(tf.cast(p, d), {p: _bf(tf, values)})
        return out


def case_x_ops_bf16_cast_half_and_complex_in(tf):
    with tf.Session() as sess:
        h = tf.placeholder(tf.float16)
        c = tf.placeholder(tf.complex64)
        halves = np.array([1.0009765625, 65504, 6e-8], np.float16)
        return {"half": _bits(sess.run(tf.cast(h, tf.bfloat16), {h: halves})),
                "complex": _bits(sess.run(tf.cast(c, tf.bfloat16), {c: np.array([1.5 + 2j, -0.1 - 1j], np.complex64)}))}


def case_x_ops_bf16_arithmetic(tf):
    a = tf.placeholder(tf.bfloat16)
    b = tf.placeholder(tf.bfloat16)
    x, y = _bf(tf, [1.5, 2.25, 3.0, -7.0, 0.1]), _bf(tf, [0.0078125, 1e-3, 7.0, 3.0, 0.3])
    with tf.Session() as sess:
        r = sess.run({"add": a + b, "sub": a - b, "mul": a * b, "div": a / b, "neg": -a, "max": tf.maximum(a, b),
                      "square": tf.square(a), "sqrt": tf.sqrt(tf.abs(a)), "exp": tf.exp(b), "tanh": tf.tanh(a),
                      "relu": tf.nn.relu(a), "dtype": tf.identity(a)}, {a: x, b: y})
        return {k: _bits(v) for k, v in r.items()}


def case_x_ops_bf16_matmul_and_reductions(tf):
    rs = np.random.RandomState(0)
    A = _bf(tf, rs.randn(5, 64))
    B = _bf(tf, rs.randn(64, 7))
    pa, pb = tf.placeholder(tf.bfloat16), tf.placeholder(tf.bfloat16)
    with tf.Session() as sess:
        r = sess.run({"matmul": tf.matmul(pa, pb), "sum1": tf.reduce_sum(pa, 1), "sum0": tf.reduce_sum(pa, 0),
                      "mean": tf.reduce_mean(pa, 1), "max": tf.reduce_max(pa, 1), "softmax": tf.nn.softmax(pa),
                      "batch": tf.matmul(tf.reshape(pa, [1, 5, 64]), tf.reshape(pb, [1, 64, 7]))}, {pa: A, pb: B})
        return {k: _bits(v) for k, v in r.items()}


def case_x_ops_bf16_constant_and_fetch(tf):
    c = tf.constant([1.0, 2.5, 1.00390625], dtype=tf.bfloat16)
    s = tf.constant(np.array(3.0, np.float32).astype(tf.bfloat16.as_numpy_dtype))
    with tf.Session() as sess:
        out = sess.run({"c": c, "s": s, "plus": c + 1})
        return {"c": _bits(out["c"]), "s": _bits(out["s"]), "plus": _bits(out["plus"]), "dtype": c.dtype.name,
                "fetched_dtype": str(out["c"].dtype), "shape": c.shape.as_list()}


def case_x_ops_bf16_tensor_proto_bytes(tf):
    bf = tf.bfloat16.as_numpy_dtype
    f8, i4 = tf.dtypes.experimental.float8_e5m2.as_numpy_dtype, tf.dtypes.experimental.int4.as_numpy_dtype
    protos = {"vec": tf.make_tensor_proto(np.array([1.5, 2.0, -0.0], bf)),
              "scalar": tf.make_tensor_proto(np.array(1.5, bf)),
              "from_f32": tf.make_tensor_proto(np.array([1.00390625, 3.0], np.float32), dtype=tf.bfloat16),
              "f8": tf.make_tensor_proto(np.array(1.5, np.float32).astype(f8)),
              "i4": tf.make_tensor_proto(np.array([1, -3, 7], np.int8).astype(i4))}
    out = {k: p.SerializeToString() for k, p in protos.items()}
    out["back"] = {k: _bits(tf.make_ndarray(p)) for k, p in protos.items()}
    return out


def case_x_ops_bf16_graph_def_round_trip(tf):
    g = tf.Graph()
    with g.as_default():
        tf.constant([1.5, -3.0, 0.1], dtype=tf.bfloat16, name="c")
        tf.constant(2.0, dtype=tf.bfloat16, name="s")
    gd = g.as_graph_def()
    consts = {n.name: (n.attr["dtype"].type, n.attr["value"].tensor.SerializeToString()) for n in gd.node}
    g2 = tf.Graph()
    with g2.as_default():
        tf.import_graph_def(gd, name="")
        with tf.Session() as sess:
            return {"consts": consts, "c": _bits(sess.run("c:0")), "s": _bits(sess.run("s:0")),
                    "dtype": g2.get_tensor_by_name("c:0").dtype.name}


def case_x_ops_bf16_variable_checkpoint_round_trip(tf):
    d = tempfile.mkdtemp()
    with tf.Graph().as_default():
        v = tf.Variable(tf.constant([[1.5, 2.0], [0.1, -3.0]], dtype=tf.bfloat16), name="v")
        w = tf.Variable([1.0, 2.0], name="w")
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            path = saver.save(sess, os.path.join(d, "model"))
    listed = sorted(tf.train.list_variables(path))
    loaded = tf.train.load_variable(path, "v")
    with tf.Graph().as_default():
        v = tf.Variable(tf.zeros([2, 2], dtype=tf.bfloat16), name="v")
        saver = tf.train.Saver([v])
        with tf.Session() as sess:
            saver.restore(sess, path)
            restored = sess.run(v)
    return {"listed": listed, "loaded": _bits(loaded), "restored": _bits(restored)}


def case_x_ops_bf16_to_bfloat16_and_gradient(tf):
    x = tf.placeholder(tf.float32)
    y = tf.to_bfloat16(x)
    z = tf.cast(y * y, tf.float32)
    g = tf.gradients(z, x)[0]
    with tf.Session() as sess:
        r = sess.run({"y": y, "g": g}, {x: np.array([1.5, -0.1, 3.0], np.float32)})
        return {"name": y.op.name, "type": y.op.type, "y": _bits(r["y"]), "g": r["g"], "gdtype": g.dtype.name}


def case_x_ops_bf16_float8_casts(tf):
    p = tf.placeholder(tf.float32)
    values = np.array([1.7, -2.5, 300.0, 0.3, 9.0, 500, -1000, 0.0009, 1e-5, float("inf")], np.float32)
    out = {}
    with tf.Session() as sess:
        for name in ["float8_e5m2", "float8_e4m3fn"]:
            d = getattr(tf.dtypes.experimental, name)
            q = tf.cast(p, d)
            r = sess.run({"q": q, "back": tf.cast(q, tf.float32), "bf": tf.cast(q, tf.bfloat16),
                          "half": tf.cast(q, tf.float16)}, {p: values})
            out[name] = {k: _bits(v) for k, v in r.items()}
    return out


def case_x_ops_bf16_int4_casts(tf):
    p = tf.placeholder(tf.int32)
    out = {}
    with tf.Session() as sess:
        for name in ["int4", "uint4"]:
            d = getattr(tf.dtypes.experimental, name)
            q = tf.cast(p, d)
            r = sess.run({"q": q, "back": tf.cast(q, tf.int32), "i8": tf.cast(q, tf.int8)},
                         {p: np.array([1, -2, 300, 0, 9, -9, 15, 16], np.int32)})
            out[name] = {k: _bits(v) for k, v in r.items()}
    return out


def case_x_ops_bf16_unsupported_casts(tf):
    with tf.Session() as sess:
        out = {}
        for src, dst in [(tf.int32, tf.dtypes.experimental.float8_e5m2), (tf.float32, tf.dtypes.experimental.int4),
                         (tf.float32, tf.dtypes.experimental.float8_e4m3fnuz),
                         (tf.int32, tf.dtypes.experimental.int2), (tf.bool, tf.dtypes.experimental.uint4),
                         (tf.float32, tf.dtypes.experimental.float4_e2m1fn)]:
            x = tf.cast(tf.constant([1, 2]), src)
            out[f"{src.name}->{dst.name}"] = catch(sess.run, tf.cast(tf.placeholder_with_default(x, [2]), dst))
        return out


def case_x_ops_bf16_refused_inputs(tf):
    a = tf.placeholder(tf.bfloat16)
    return {"mix": catch(lambda: a + tf.constant(1.0)),
            "string": catch(lambda: tf.as_dtype("bfloat17")),
            "qint_min": catch(lambda: tf.qint8.min),
            "bf_vs_f16": tf.bfloat16 == tf.float16}


def case_x_ops_bf16_training_step(tf):
    with tf.Graph().as_default():
        tf.set_random_seed(1)
        x = tf.placeholder(tf.bfloat16, [4, 3])
        w = tf.Variable(tf.constant([[0.5], [-0.25], [1.0]], dtype=tf.bfloat16))
        loss = tf.reduce_sum(tf.square(tf.matmul(x, w)))
        step = tf.train.GradientDescentOptimizer(0.125).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            feed = {x: _bf(tf, np.arange(12).reshape(4, 3) / 10.0)}
            losses = [_bits(sess.run(loss, feed))]
            for _ in range(3):
                sess.run(step, feed)
                losses.append(_bits(sess.run(loss, feed)))
            return {"losses": losses, "w": _bits(sess.run(w))}
