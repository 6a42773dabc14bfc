"""TF 1.x op types that old GraphDefs hold (Div, Mod, Inv, Concat, Gather, Reverse, MatrixDiag v1/V2,
BatchMatMul, BiasAddV1, MaxPoolV2, InTopK, NonMaxSuppression v1/V2, ClipByValue, MulNoNan,
ApproximateEqual, AccumulateNV2, PopulationCount, NthElement, PlaceholderV2, Variable, Snapshot):
each GraphDef is written node by node, imported, run, differentiated, and fed bad input."""
import numpy as np

from _harness import catch, message_has


def _node(tf, gd, name, op, inputs=(), **attrs):
    n = gd.node.add()
    n.name, n.op = name, op
    n.input.extend(inputs)
    for key, value in attrs.items():
        if isinstance(value, tf.DType):
            n.attr[key].type = value.as_datatype_enum
        elif isinstance(value, bool):
            n.attr[key].b = value
        elif isinstance(value, int):
            n.attr[key].i = value
        elif isinstance(value, float):
            n.attr[key].f = value
        elif isinstance(value, str):
            n.attr[key].s = value.encode()
        elif isinstance(value, tuple):
            for d in value:
                n.attr[key].shape.dim.add(size=-1 if d is None else d)
        else:
            n.attr[key].tensor.CopyFrom(tf.make_tensor_proto(np.asarray(value)))
    return n


def _const(tf, gd, name, value):
    value = np.asarray(value)
    return _node(tf, gd, name, "Const", dtype=tf.as_dtype(value.dtype), value=value)


def _imported(tf, gd, names, extra=None):
    """Imports gd under "" and runs the named tensors: their values, dtypes and static shapes."""
    tf.import_graph_def(gd, name="")
    graph = tf.get_default_graph()
    tensors = [graph.get_tensor_by_name(n if ":" in n else n + ":0") for n in names]
    with tf.Session() as sess:
        values = sess.run(tensors)
        more = sess.run(extra(graph)) if extra else None
    out = {n: {"value": np.asarray(v).tolist(), "dtype": t.dtype.name,
               "shape": None if t.shape.ndims is None else t.shape.as_list()}
           for n, t, v in zip(names, tensors, values)}
    if more is not None:
        out["extra"] = [np.asarray(m).tolist() for m in more]
    return out


def case_x_gf14_div_mod_dtypes(tf):
    gd = tf.GraphDef()
    for dtype, t in ((np.int32, tf.int32), (np.int64, tf.int64), (np.float32, tf.float32), (np.float64, tf.float64)):
        tag = t.name
        _const(tf, gd, "x_" + tag, np.array([-7, 7, 9, -9, 0], dtype))
        _const(tf, gd, "y_" + tag, np.array([2, -2, 4, -4, 3], dtype))
        _node(tf, gd, "div_" + tag, "Div", ["x_" + tag, "y_" + tag], T=t)
        _node(tf, gd, "mod_" + tag, "Mod", ["x_" + tag, "y_" + tag], T=t)
    names = [f"{k}_{t}" for t in ("int32", "int64", "float32", "float64") for k in ("div", "mod")]
    return _imported(tf, gd, names)


def case_x_gf14_div_by_zero_and_broadcast(tf):
    gd = tf.GraphDef()
    _const(tf, gd, "x", np.array([[6, -6], [5, 3]], np.int32))
    _const(tf, gd, "zero", np.array([1, 0], np.int32))
    _const(tf, gd, "s", np.array(4, np.int32))
    _node(tf, gd, "bad", "Div", ["x", "zero"], T=tf.int32)
    _node(tf, gd, "good", "Div", ["x", "s"], T=tf.int32)
    _node(tf, gd, "badmod", "Mod", ["x", "zero"], T=tf.int32)
    tf.import_graph_def(gd, name="legacy")
    graph = tf.get_default_graph()
    with tf.Session() as sess:
        return {"div0": message_has(lambda: sess.run(graph.get_tensor_by_name("legacy/bad:0")),
                                    "Integer division by zero", "legacy/bad"),
                "mod0": catch(lambda: sess.run(graph.get_tensor_by_name("legacy/badmod:0"))),
                "after": sess.run(graph.get_tensor_by_name("legacy/good:0")).tolist(),
                "shape": graph.get_tensor_by_name("legacy/good:0").shape.as_list()}


def case_x_gf14_concat_gather_reverse(tf):
    gd = tf.GraphDef()
    _const(tf, gd, "a", np.arange(6, dtype=np.float32).reshape(2, 3))
    _const(tf, gd, "b", np.arange(4, dtype=np.float32).reshape(2, 2) * 10)
    _const(tf, gd, "dim", np.array(1, np.int32))
    _const(tf, gd, "idx", np.array([[1, 0], [1, 1]], np.int64))
    _const(tf, gd, "flags", np.array([True, True]))
    _node(tf, gd, "cat", "Concat", ["dim", "a", "b"], T=tf.float32, N=2)
    _node(tf, gd, "g", "Gather", ["cat", "idx"], Tparams=tf.float32, Tindices=tf.int64, validate_indices=True)
    _node(tf, gd, "r", "Reverse", ["cat", "flags"], T=tf.float32)

    def grads(graph):
        a, b = graph.get_tensor_by_name("a:0"), graph.get_tensor_by_name("b:0")
        w = tf.constant(np.arange(20, dtype=np.float32).reshape(2, 2, 5))
        loss = tf.reduce_sum(graph.get_tensor_by_name("g:0") * w) + tf.reduce_sum(
            graph.get_tensor_by_name("r:0") * w[0])
        return [tf.convert_to_tensor(g) for g in tf.gradients(loss, [a, b])]
    return _imported(tf, gd, ["cat", "g", "r"], grads)


def case_x_gf14_concat_int64_and_bad_dim(tf):
    gd = tf.GraphDef()
    _const(tf, gd, "a", np.array([[1, 2]], np.int64))
    _const(tf, gd, "dim0", np.array(0, np.int32))
    _node(tf, gd, "p", "Placeholder", dtype=tf.int32, shape=())
    _node(tf, gd, "cat0", "Concat", ["dim0", "a", "a", "a"], T=tf.int64, N=3)
    _node(tf, gd, "catp", "Concat", ["p", "a", "a"], T=tf.int64, N=2)
    tf.import_graph_def(gd, name="")
    graph = tf.get_default_graph()
    catp = graph.get_tensor_by_name("catp:0")
    with tf.Session() as sess:
        return {"cat0": sess.run(graph.get_tensor_by_name("cat0:0")).tolist(),
                "catp_shape": None if catp.shape.ndims is None else catp.shape.as_list(),
                "neg": sess.run(catp, {"p:0": -1}).tolist(),
                "bad": catch(lambda: sess.run(catp, {"p:0": 2}))}


def case_x_gf14_reverse_shape_errors(tf):
    def build(flags, dtype=None):
        with tf.Graph().as_default():
            gd = tf.GraphDef()
            _const(tf, gd, "x", np.ones((2, 3), np.float32))
            _const(tf, gd, "flags", np.array(flags, dtype))
            _node(tf, gd, "r", "Reverse", ["x", "flags"], T=tf.float32)
            tf.import_graph_def(gd, name="")
            return "imported"
    return {"short": catch(build, [True]), "ok": catch(build, [False, True]),
            "ints": catch(build, [1, 0], np.int32)}


def case_x_gf14_matrix_diag_v1(tf):
    gd = tf.GraphDef()
    _const(tf, gd, "d", np.array([[1, 2, 3], [4, 5, 6]], np.int32))
    _const(tf, gd, "m", np.arange(24, dtype=np.float64).reshape(2, 3, 4))
    _const(tf, gd, "nd", np.array([[-1., -2., -3.], [-4., -5., -6.]]))
    _node(tf, gd, "diag", "MatrixDiag", ["d"], T=tf.int32)
    _node(tf, gd, "part", "MatrixDiagPart", ["m"], T=tf.float64)
    _node(tf, gd, "setd", "MatrixSetDiag", ["m", "nd"], T=tf.float64)

    def grads(graph):
        m = graph.get_tensor_by_name("m:0")
        loss = tf.reduce_sum(graph.get_tensor_by_name("part:0") * 3.0) + tf.reduce_sum(
            graph.get_tensor_by_name("setd:0") * 2.0)
        return tf.gradients(loss, [m, graph.get_tensor_by_name("nd:0")])
    return _imported(tf, gd, ["diag", "part", "setd"], grads)


def case_x_gf14_matrix_diag_v2_bands(tf):
    gd = tf.GraphDef()
    _const(tf, gd, "m", np.arange(1, 13, dtype=np.float32).reshape(3, 4))
    _const(tf, gd, "band", np.array([-1, 1], np.int32))
    _const(tf, gd, "pad", np.array(9, np.float32))
    _const(tf, gd, "diags", np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]], np.float32))
    _const(tf, gd, "rows", np.array(3, np.int32))
    _const(tf, gd, "cols", np.array(4, np.int32))
    _node(tf, gd, "part", "MatrixDiagPartV2", ["m", "band", "pad"], T=tf.float32)
    _node(tf, gd, "diag", "MatrixDiagV2", ["diags", "band", "rows", "cols", "pad"], T=tf.float32)
    _node(tf, gd, "setd", "MatrixSetDiagV2", ["m", "diags", "band"], T=tf.float32)
    return _imported(tf, gd, ["part", "diag", "setd"])


def case_x_gf14_max_pool_v2_and_grads(tf):
    gd = tf.GraphDef()
    _const(tf, gd, "img", (np.arange(50, dtype=np.float32).reshape(1, 5, 5, 2) * 7) % 11)
    _const(tf, gd, "ks", np.array([1, 3, 3, 1], np.int32))
    _const(tf, gd, "st", np.array([1, 2, 2, 1], np.int32))
    _node(tf, gd, "same", "MaxPoolV2", ["img", "ks", "st"], T=tf.float32, padding="SAME", data_format="NHWC")
    _node(tf, gd, "valid", "MaxPoolV2", ["img", "ks", "st"], T=tf.float32, padding="VALID")

    def grads(graph):
        img = graph.get_tensor_by_name("img:0")
        g = tf.gradients(tf.reduce_sum(graph.get_tensor_by_name("same:0") ** 2), img)[0]
        gg = tf.gradients(tf.reduce_sum(g * img), img)[0]
        return [g, gg, tf.constant([op.type for op in g.graph.get_operations() if "MaxPool" in op.type])]
    return _imported(tf, gd, ["same", "valid"], grads)


def case_x_gf14_max_pool_v2_fed_window(tf):
    gd = tf.GraphDef()
    _node(tf, gd, "ks", "Placeholder", dtype=tf.int32, shape=(4,))
    _const(tf, gd, "img", np.arange(16, dtype=np.float32).reshape(1, 4, 4, 1))
    _const(tf, gd, "st", np.array([1, 1, 1, 1], np.int32))
    _node(tf, gd, "pool", "MaxPoolV2", ["img", "ks", "st"], T=tf.float32, padding="VALID")
    tf.import_graph_def(gd, name="")
    graph = tf.get_default_graph()
    pool = graph.get_tensor_by_name("pool:0")
    with tf.Session() as sess:
        return {"shape": None if pool.shape.ndims is None else pool.shape.as_list(),
                "k2": sess.run(pool, {"ks:0": [1, 2, 2, 1]}).tolist(),
                "k3": sess.run(pool, {"ks:0": [1, 3, 3, 1]}).shape}


def case_x_gf14_in_top_k_and_nms(tf):
    gd = tf.GraphDef()
    _const(tf, gd, "pred", np.array([[0.1, 0.5, 0.4], [0.3, 0.3, 0.3], [0.9, np.nan, 0.0]], np.float32))
    _const(tf, gd, "tgt", np.array([2, 1, 0], np.int64))
    _node(tf, gd, "top1", "InTopK", ["pred", "tgt"], T=tf.int64, k=1)
    _node(tf, gd, "top2", "InTopK", ["pred", "tgt"], T=tf.int64, k=2)
    _const(tf, gd, "boxes", np.array([[0, 0, 1, 1], [0, 0.05, 1, 1.05], [0, 0.5, 1, 1.5], [2, 2, 3, 3]],
                                     np.float32))
    _const(tf, gd, "scores", np.array([0.5, 0.9, 0.7, 0.1], np.float32))
    _const(tf, gd, "n", np.array(3, np.int32))
    _const(tf, gd, "iou", np.array(0.3, np.float32))
    _node(tf, gd, "nms1", "NonMaxSuppression", ["boxes", "scores", "n"], iou_threshold=0.5)
    _node(tf, gd, "nms1d", "NonMaxSuppression", ["boxes", "scores", "n"])
    _node(tf, gd, "nms2", "NonMaxSuppressionV2", ["boxes", "scores", "n", "iou"], T=tf.float32)
    return _imported(tf, gd, ["top1", "top2", "nms1", "nms1d", "nms2"])


def case_x_gf14_clip_mulnonan_approx(tf):
    gd = tf.GraphDef()
    _const(tf, gd, "x", np.array([[-3., 0.5, 2.], [np.inf, -np.inf, 1.]], np.float32))
    _const(tf, gd, "lo", np.array([[-1., 0., 0.], [0., 0., 0.]], np.float32))
    _const(tf, gd, "hi", np.array(1.5, np.float32))
    _const(tf, gd, "y", np.array([[0., 2., np.nan], [0., 1., 3.]], np.float32))
    _node(tf, gd, "clip", "ClipByValue", ["x", "lo", "hi"], T=tf.float32)
    _node(tf, gd, "mnn", "MulNoNan", ["x", "y"], T=tf.float32)
    _node(tf, gd, "ae", "ApproximateEqual", ["x", "y"], T=tf.float32, tolerance=1.0)
    _node(tf, gd, "ae0", "ApproximateEqual", ["x", "x"], T=tf.float32)

    def grads(graph):
        x, lo, hi = (graph.get_tensor_by_name(n + ":0") for n in ("x", "lo", "hi"))
        loss = tf.reduce_sum(graph.get_tensor_by_name("clip:0") * 2.0)
        dx, dlo, dhi = tf.gradients(loss, [x, lo, hi])
        y = graph.get_tensor_by_name("y:0")
        dmx, dmy = tf.gradients(tf.reduce_sum(graph.get_tensor_by_name("mnn:0")), [x, y])
        return [dx, dlo, dhi, dmx, dmy]
    return _imported(tf, gd, ["clip", "mnn", "ae", "ae0"], grads)


def case_x_gf14_clip_bad_bounds(tf):
    gd = tf.GraphDef()
    _node(tf, gd, "x", "Placeholder", dtype=tf.float32)
    _node(tf, gd, "lo", "Placeholder", dtype=tf.float32)
    _const(tf, gd, "hi", np.array(1.0, np.float32))
    _node(tf, gd, "clip", "ClipByValue", ["x", "lo", "hi"], T=tf.float32)
    tf.import_graph_def(gd, name="")
    graph = tf.get_default_graph()
    clip = graph.get_tensor_by_name("clip:0")
    with tf.Session() as sess:
        feed = {"x:0": np.zeros((2, 2), np.float32)}
        return {"bad": message_has(lambda: sess.run(clip, {**feed, "lo:0": np.zeros(2, np.float32)}),
                                   "clip_value_min and clip_value_max must be either scalars or have the same shape",
                                   "clip"),
                "ok": sess.run(clip, {**feed, "lo:0": np.full((2, 2), 0.5, np.float32)}).tolist()}


def case_x_gf14_accumulate_popcount_nth(tf):
    gd = tf.GraphDef()
    _const(tf, gd, "a", np.array([[1., 2.], [3., 4.]], np.float64))
    _const(tf, gd, "b", np.array([[0.5, 0.5], [1., -1.]], np.float64))
    _node(tf, gd, "acc", "AccumulateNV2", ["a", "b", "a"], T=tf.float64, N=3, shape=(2, 2))
    for dtype, t in ((np.int8, tf.int8), (np.uint16, tf.uint16), (np.int64, tf.int64)):
        _const(tf, gd, "bits_" + t.name, np.array([0, 1, -1, 100, 7], dtype) if dtype != np.uint16
               else np.array([0, 1, 65535, 100, 7], dtype))
        _node(tf, gd, "pc_" + t.name, "PopulationCount", ["bits_" + t.name], T=t)
    _const(tf, gd, "v", np.array([[5, 1, 4, 1, 3], [2, 2, 9, 0, 8]], np.int32))
    _const(tf, gd, "n1", np.array(1, np.int32))
    _node(tf, gd, "nth", "NthElement", ["v", "n1"], T=tf.int32)
    _node(tf, gd, "nthr", "NthElement", ["v", "n1"], T=tf.int32, reverse=True)

    def grads(graph):
        a, b = graph.get_tensor_by_name("a:0"), graph.get_tensor_by_name("b:0")
        return tf.gradients(tf.reduce_sum(graph.get_tensor_by_name("acc:0") * a), [a, b])
    return _imported(tf, gd, ["acc", "pc_int8", "pc_uint16", "pc_int64", "nth", "nthr"], grads)


def case_x_gf14_nth_element_grad_and_errors(tf):
    gd = tf.GraphDef()
    _node(tf, gd, "x", "Placeholder", dtype=tf.float32, shape=(None, 4))
    _node(tf, gd, "n", "Placeholder", dtype=tf.int32, shape=())
    _node(tf, gd, "nth", "NthElement", ["x", "n"], T=tf.float32)
    tf.import_graph_def(gd, name="")
    graph = tf.get_default_graph()
    x, n, nth = (graph.get_tensor_by_name(k + ":0") for k in ("x", "n", "nth"))
    (dx,) = tf.gradients(nth * 3.0, [x])
    value = np.array([[1., 3., 3., 2.], [4., 0., 1., 7.]], np.float32)
    with tf.Session() as sess:
        return {"shape": nth.shape.as_list(),
                "grad": sess.run(dx, {x: value, n: 2}).tolist(),
                "too_big": catch(lambda: sess.run(nth, {x: value, n: 4})),
                "negative": catch(lambda: sess.run(nth, {x: value, n: -1})),
                "after": sess.run(nth, {x: value, n: 0}).tolist()}


def case_x_gf14_batch_matmul_bias_inv_copies(tf):
    gd = tf.GraphDef()
    _const(tf, gd, "x", np.arange(12, dtype=np.float32).reshape(2, 2, 3) / 4)
    _const(tf, gd, "y", np.arange(12, dtype=np.float32).reshape(2, 3, 2) - 5)
    _const(tf, gd, "bias", np.array([0.5, -1.], np.float32))
    _node(tf, gd, "bmm", "BatchMatMul", ["x", "y"], T=tf.float32, adj_x=False, adj_y=False)
    _node(tf, gd, "bmma", "BatchMatMul", ["x", "x"], T=tf.float32, adj_x=True)
    _node(tf, gd, "biased", "BiasAddV1", ["bmm", "bias"], T=tf.float32)
    # Inv over 4 values: TF's 8-wide AVX reciprocal is an approximation 1 ulp off
    _const(tf, gd, "four", np.array([-7.5, 3.0, 0.1, -0.0], np.float32))
    _node(tf, gd, "inv", "Inv", ["four"], T=tf.float32)
    _node(tf, gd, "snap", "Snapshot", ["biased"], T=tf.float32)
    _node(tf, gd, "deep", "DeepCopy", ["snap"], T=tf.float32)

    def grads(graph):
        x, y, bias = (graph.get_tensor_by_name(k + ":0") for k in ("x", "y", "bias"))
        return tf.gradients(tf.reduce_sum(graph.get_tensor_by_name("biased:0") ** 2) + tf.reduce_sum(
            graph.get_tensor_by_name("bmma:0")), [x, y, bias])
    return _imported(tf, gd, ["bmm", "bmma", "biased", "inv", "deep"], grads)


def case_x_gf14_placeholder_v2_and_variable_v1(tf):
    gd = tf.GraphDef()
    _node(tf, gd, "p", "PlaceholderV2", dtype=tf.float32, shape=(None, 2))
    _node(tf, gd, "v", "Variable", dtype=tf.float32, shape=(2,))
    _const(tf, gd, "init", np.array([1., -1.], np.float32))
    _node(tf, gd, "v/Assign", "Assign", ["v", "init"], T=tf.float32)
    _node(tf, gd, "v/read", "Identity", ["v"], T=tf.float32)
    _node(tf, gd, "out", "Mul", ["p", "v/read"], T=tf.float32)
    tf.import_graph_def(gd, name="")
    graph = tf.get_default_graph()
    p, v, out = (graph.get_tensor_by_name(k + ":0") for k in ("p", "v", "out"))
    with tf.Session() as sess:
        before = catch(lambda: sess.run(out, {p: [[1., 2.]]}))
        sess.run(graph.get_operation_by_name("v/Assign"))
        return {"types": [v.dtype.name, p.dtype.name, out.shape.as_list()],
                "uninitialized": before,
                "missing_feed": catch(lambda: sess.run(out)),
                "out": sess.run(out, {p: [[1., 2.], [3., 4.]]}).tolist(),
                "v": sess.run(v).tolist()}


def case_x_gf14_igamma_gradient_in_a(tf):
    a = tf.constant([[0.5, 2.0, 5.0, 12.0]], tf.float64)
    x = tf.constant([[0.1], [1.0], [7.5]], tf.float64)
    ga, gx = tf.gradients(tf.igamma(a, x) * 2.0 + tf.igammac(a, x), [a, x])
    # float64 only: TF's float32 kernel works in float32 (a few ulp off the float64 answer tfsess rounds)
    with tf.Session() as sess:
        values = sess.run([ga, gx])
    return {"values": [np.round(v, 7).tolist() for v in values], "dtypes": [ga.dtype.name, gx.dtype.name],
            "types": sorted({op.type for op in tf.get_default_graph().get_operations() if op.type == "IgammaGradA"})}
