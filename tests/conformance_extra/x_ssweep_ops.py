"""Summary ops sweep (after TF's summary_test.py and tensorboard's summary tests): image shapes, dtypes
and scaling, audio shapes and rates, histogram bucket limits at extreme values, tag/name scoping and
uniquifying, collections, merge nesting and errors, tensor_summary metadata and text errors."""
import numpy as np

from _harness import catch, message_has
from _tbread import summary_values


def _pixels(values):
    return [v["png"].get("pixels") for v in values]


def case_x_ssweep_image_float_scaling_all_paths(tf):
    sess = tf.Session()
    imgs = {
        "pos": np.array([[[[0.0], [0.5]], [[2.0], [4.0]]]], np.float32),
        "neg": np.array([[[[-2.0], [0.0]], [[1.0], [0.5]]]], np.float32),
        "tiny": np.full([1, 1, 2, 1], 1e-7, np.float32),
        "zeros": np.zeros([1, 2, 1, 1], np.float32),
        "nan_rgb": np.array([[[[np.nan, 0.0, 1.0], [0.5, 0.5, 0.5]]]], np.float32),
        "inf_rgba": np.array([[[[np.inf, 0.0, 1.0, 1.0], [0.5, 0.5, 0.5, 0.25]]]], np.float32),
        "all_nan": np.full([1, 1, 2, 1], np.nan, np.float32),
        "f64": np.array([[[[-0.5, 0.25, 1.0]]]], np.float64),
        "f16": np.array([[[[0.1], [0.2], [0.3]]]], np.float16),
    }
    out = {}
    for name, img in imgs.items():
        vals = summary_values(sess.run(tf.summary.image(name, tf.constant(img))))
        out[name] = {"pix": _pixels(vals), "cs": [v["colorspace"] for v in vals]}
    return out


def case_x_ssweep_image_bad_inputs(tf):
    sess = tf.Session()
    x = tf.placeholder(tf.float32)
    s = tf.summary.image("dyn", x)
    return {
        "int32": catch(tf.summary.image, "i", tf.zeros([1, 2, 2, 1], tf.int32)),
        "string": catch(tf.summary.image, "s", tf.constant([[[["a"]]]])),
        "rank3": message_has(lambda: sess.run(s, {x: np.zeros([2, 2, 1])}), "4-D", "[2,2,1]"),
        "depth2": message_has(lambda: sess.run(s, {x: np.zeros([1, 2, 2, 2])}), "last dim 1, 3, or 4", "[1,2,2,2]"),
        "rank5": catch(lambda: sess.run(s, {x: np.zeros([1, 1, 1, 1, 1])})),
        "ok_after": [v["tag"] for v in summary_values(sess.run(s, {x: np.zeros([1, 1, 1, 3])}))],
        "static_rank3": catch(tf.summary.image, "r3", tf.zeros([2, 2, 1])),
        "static_depth2": catch(tf.summary.image, "d2", tf.zeros([1, 2, 2, 2])),
        "max_outputs_big": [v["tag"] for v in summary_values(
            sess.run(tf.summary.image("big", tf.zeros([2, 1, 1, 1]), max_outputs=10)))],
        "max_outputs_one": [v["tag"] for v in summary_values(
            sess.run(tf.summary.image("one", tf.zeros([2, 1, 1, 1]), max_outputs=1)))],
        "attrs": sorted(k for k in tf.get_default_graph().get_operation_by_name("dyn").node_def.attr),
    }


def case_x_ssweep_audio_shapes_and_rates(tf):
    sess = tf.Session()
    x = tf.placeholder(tf.float32)
    a = tf.summary.audio("dyn", x, 44100)
    rate = tf.placeholder(tf.float32)
    r = tf.summary.audio("rate", tf.zeros([1, 2]), rate)
    out = {
        "rank1": message_has(lambda: sess.run(a, {x: np.zeros([4])}), "3-D or 2-D", "[4]"),
        "rank4": catch(lambda: sess.run(a, {x: np.zeros([1, 2, 2, 1])})),
        "clip": summary_values(sess.run(a, {x: np.array([[-2.0, -1.0, 0.0, 0.25, 1.0, 3.0]])})),
        "rate_vec": catch(lambda: sess.run(r, {rate: [1.0, 2.0]})),
        "rate_frac": [(v["sample_rate"], v["wav"]["rate"]) for v in summary_values(sess.run(r, {rate: 22050.6}))],
        "int_tensor": catch(tf.summary.audio, "i", tf.zeros([1, 2], tf.int32), 8000),
        "f64_tensor": catch(tf.summary.audio, "d", tf.zeros([1, 2], tf.float64), 8000),
        "op": [a.op.type, [i.op.type for i in a.op.inputs], sorted(k for k in a.op.node_def.attr)],
    }
    return out


def case_x_ssweep_histogram_extreme_values(tf):
    sess = tf.Session()
    cases = {
        "tiny": np.array([1e-13, -1e-13, 1e-11, 0.0]),
        "huge": np.array([1e20, -1e20, 1e15]),
        "f32max": np.array([np.finfo(np.float32).max], np.float32),
        "one": np.array([1.0]),
        "uint8": np.array([0, 255, 17], np.uint8),
        "int64": np.array([-(2 ** 40), 2 ** 40, 3], np.int64),
        "halfway": np.array([1.1 ** k for k in range(-5, 6)]),
    }
    out = {k: summary_values(sess.run(tf.summary.histogram(k, tf.constant(v)))) for k, v in cases.items()}
    out["bool"] = catch(tf.summary.histogram, "b", tf.constant([True]))
    out["string"] = catch(tf.summary.histogram, "s", tf.constant(["a"]))
    x = tf.placeholder(tf.float32, name="hist_in")
    h = tf.summary.histogram("fed", x)
    out["inf"] = message_has(lambda: sess.run(h, {x: [1.0, -np.inf]}), "Infinity in Histogram", "fed")
    out["nan_first"] = message_has(lambda: sess.run(h, {x: [np.nan, np.inf]}), "Nan in summary histogram", "fed")
    out["after"] = summary_values(sess.run(h, {x: [[1.0, 2.0], [3.0, 4.0]]}))
    return out


def case_x_ssweep_names_tags_and_uniquifying(tf):
    sess = tf.Session()
    x = tf.constant(1.0)
    made = [tf.summary.scalar("s", x), tf.summary.scalar("s", x), tf.summary.scalar("s_1", x),
            tf.summary.histogram("s", x), tf.summary.scalar("/lead", x), tf.summary.scalar("a//b", x),
            tf.summary.scalar("s", x, family="f"), tf.summary.scalar("s", x, family="f"),
            tf.summary.scalar("s", x, family="bad fam")]
    with tf.name_scope("outer"):
        with tf.name_scope("inner"):
            made.append(tf.summary.scalar("deep", x, family="fam"))
            made.append(tf.summary.text("t", tf.constant("z")))
            made.append(tf.summary.tensor_summary("ts", x, family="tf"))
            made.append(tf.summary.audio("au", tf.zeros([1, 2]), 8, family="af"))
            made.append(tf.summary.image("im", tf.zeros([1, 1, 1, 1]), family="if"))
    with tf.variable_scope("vs"):
        made.append(tf.summary.scalar("v", x))
    with tf.variable_scope("vs", reuse=True):
        made.append(tf.summary.scalar("v", x))
    tags = [[v["tag"] for v in summary_values(s)] for s in sess.run(made)]
    return {"names": [t.op.name for t in made], "tags": tags,
            "unicode": message_has(lambda: tf.summary.scalar("é ü", x), "is not a valid"),
            "dash": catch(tf.summary.scalar, "-a", x), "dot": tf.summary.scalar(".a", x).op.name,
            "none_name": catch(lambda: tf.summary.scalar(None, x).op.name),
            "empty_name": catch(lambda: [(t.op.name, summary_values(sess.run(t))[0]["tag"])
                                         for t in (tf.summary.scalar("", x), tf.summary.histogram("", x))])}


def case_x_ssweep_collections_argument(tf):
    x = tf.constant(1.0)
    tf.summary.scalar("a", x, collections=["c1", "c2"])
    tf.summary.histogram("b", x, collections=("c1",))
    tf.summary.image("c", tf.zeros([1, 1, 1, 1]), collections=["c2"])
    tf.summary.audio("d", tf.zeros([1, 1]), 8, collections=["c2"])
    tf.summary.text("e", tf.constant("t"), collections=["c3"])
    tf.summary.tensor_summary("f", x, collections=["c3"])
    tf.summary.scalar("g", x, collections=[tf.GraphKeys.SUMMARIES, "c4"])
    m = tf.summary.merge_all("c2")
    sess = tf.Session()
    return {k: [t.op.name for t in tf.get_collection(k)] for k in ("c1", "c2", "c3", "c4", tf.GraphKeys.SUMMARIES)} | {
        "merged": [v["tag"] for v in summary_values(sess.run(m))], "merged_name": m.op.name,
        "merge_all_named": tf.summary.merge_all("c3", name="m3").op.name}


def case_x_ssweep_merge_nested_and_errors(tf):
    sess = tf.Session()
    a = tf.summary.scalar("a", tf.constant(1.0))
    b = tf.summary.histogram("b", tf.constant([1.0]))
    inner = tf.summary.merge([a, b], name="inner")
    c = tf.summary.scalar("c", tf.constant(3.0))
    outer = tf.summary.merge([inner, c])
    again = tf.summary.merge([inner, a])
    bad = tf.summary.merge([tf.constant("not a summary proto \xff")])
    vec = tf.summary.merge([tf.constant([b"", b""])])
    fed = tf.placeholder(tf.string)
    fed_m = tf.summary.merge([fed])
    empty_proto = tf.Summary().SerializeToString()
    return {"outer": [v["tag"] for v in summary_values(sess.run(outer))], "names": [inner.op.name, outer.op.name],
            "dup": message_has(lambda: sess.run(again), "Duplicate tag a found in summary inputs"),
            "bad": message_has(lambda: sess.run(bad), "Could not parse one of the summary inputs"),
            "vec": summary_values(sess.run(vec)),
            "fed": summary_values(sess.run(fed_m, {fed: [empty_proto, sess.run(c)]})),
            "tuple_input": tf.summary.merge((a,)).op.name,
            "inputs": [t.name for t in outer.op.inputs], "type": outer.op.type,
            "attr_N": outer.op.get_attr("N")}


def case_x_ssweep_merge_all_edge_cases(tf):
    fresh = tf.summary.merge_all()
    tf.summary.scalar("only", tf.constant(1.0))
    one = tf.summary.merge_all()
    again = tf.summary.merge_all()
    with tf.name_scope("sc"):
        tf.summary.scalar("x", tf.constant(2.0))
    scoped = tf.summary.merge_all(scope="sc")
    missing_scope = tf.summary.merge_all(scope="nope")
    sess = tf.Session()
    return {"fresh": fresh, "one": one.op.name, "again": again.op.name, "scoped": scoped.op.name,
            "missing": missing_scope, "vals": summary_values(sess.run(again)),
            "summaries": [t.op.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]}


def case_x_ssweep_tensor_summary_metadata_forms(tf):
    sess = tf.Session()
    meta = tf.SummaryMetadata(display_name="shown", summary_description="meta desc")
    meta.plugin_data.plugin_name = "p"
    out = {}
    for name, kwargs in (("plain", {}), ("desc", {"summary_description": "d"}),
                         ("meta", {"summary_metadata": meta}),
                         ("both", {"summary_metadata": meta, "summary_description": "override"}),
                         ("disp", {"display_name": "dn"})):
        t = catch(tf.summary.tensor_summary, name, tf.constant([1, 2], tf.int64), **kwargs)
        if isinstance(t, dict):
            out[name] = t
            continue
        raw = sess.run(t)
        parsed = tf.Summary.FromString(raw)
        md = parsed.value[0].metadata
        out[name] = {"vals": summary_values(raw), "display": md.display_name, "desc": md.summary_description,
                     "meta_input": [i.op.type for i in t.op.inputs]}
    out["dtypes"] = [summary_values(sess.run(tf.summary.tensor_summary(str(i), tf.constant(v))))[0]["tensor"]
                     for i, v in enumerate([np.float16(1.5), np.array([1 + 2j], np.complex64), True,
                                            np.array([[b"x"]]), np.uint16(7)])]
    return out


def case_x_ssweep_text_errors_and_values(tf):
    sess = tf.Session()
    ph = tf.placeholder(tf.string, name="p")
    t = tf.summary.text("t", ph)
    return {"float": message_has(lambda: tf.summary.text("f", tf.constant(1.0)), "string"),
            "unicode": summary_values(sess.run(t, {ph: "ünï"})),
            "bytes": summary_values(sess.run(t, {ph: np.array([b"\x00\xff"], object)})),
            "empty": summary_values(sess.run(t, {ph: np.zeros([0], object)})),
            "op": [t.op.type, [i.op.type for i in t.op.inputs]]}


def case_x_ssweep_get_summary_description(tf):
    g = tf.get_default_graph()
    ts = tf.summary.tensor_summary("ts", tf.constant(1.0), summary_description="x")
    node = g.as_graph_def().node
    ts_node = [n for n in node if n.name == ts.op.name][0]
    scalar_node = [n for n in node if n.op == "Const"][0]
    return {"v2": message_has(lambda: tf.summary.get_summary_description(ts_node), "Can't get_summary_description"),
            "const": message_has(lambda: tf.summary.get_summary_description(scalar_node), "Const"),
            "desc_cls": tf.summary.SummaryDescription.DESCRIPTOR.full_name,
            "desc": str(tf.summary.SummaryDescription(type_hint="scalar"))}


def case_x_ssweep_summary_ops_in_control_flow(tf):
    x = tf.placeholder(tf.float32, [])
    s = tf.cond(x > 0, lambda: tf.summary.scalar("pos", x), lambda: tf.summary.scalar("neg", -x))
    sess = tf.Session()
    return {"pos": summary_values(sess.run(s, {x: 2.0})), "neg": summary_values(sess.run(s, {x: -3.0})),
            "collected": [t.op.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]}
