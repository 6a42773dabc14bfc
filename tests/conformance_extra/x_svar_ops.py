"""Variations of the public summary_ops cases: tf.summary.scalar/histogram/image/audio/text/merge with
other dtypes, shapes, names, families, collections, error paths (class and message), the session
staying usable after a failed run, and merges of merges."""
import numpy as np

from _harness import catch, message_has
from _tbread import summary_values


def _tags(values):
    return [v["tag"] for v in values]


# ---------------------------------------------------------------- scalar
def case_x_svar_scalar_dtypes(tf):
    sess = tf.Session()
    out = {}
    for dt, v in ((tf.float16, 1.5), (tf.float64, 2.25), (tf.int8, -3), (tf.int16, 300), (tf.int64, 2 ** 40),
                  (tf.uint8, 200), (tf.uint16, 60000), (tf.bfloat16, 0.5)):
        s = tf.summary.scalar("v_" + dt.name, tf.constant(v, dt))
        out[dt.name] = {"vals": summary_values(sess.run(s)), "T": s.op.get_attr("T").name,
                        "inputs": [i.name for i in s.op.inputs]}
    out["bool"] = catch(tf.summary.scalar, "b", tf.constant(True))
    out["string"] = catch(tf.summary.scalar, "s", tf.constant("x"))
    out["complex"] = catch(tf.summary.scalar, "c", tf.constant(1 + 1j, tf.complex64))
    out["py_int"] = [summary_values(sess.run(tf.summary.scalar("pyi", 7))), tf.get_default_graph()
                     .get_operation_by_name("pyi").get_attr("T").name]
    out["py_float"] = summary_values(sess.run(tf.summary.scalar("pyf", 0.1)))
    out["np_f64"] = [tf.get_default_graph().get_operation_by_name(
        tf.summary.scalar("npf", np.float64(1.0 / 3)).op.name).get_attr("T").name]
    return out


def case_x_svar_scalar_shape_errors_keep_session(tf):
    sess = tf.Session()
    x = tf.placeholder(tf.float32, name="any_shape")
    s = tf.summary.scalar("val", x)
    vec = tf.summary.scalar("vec", tf.constant([1.0, 2.0]))
    one = tf.summary.scalar("one", tf.constant([4.0]))
    return {"shape": str(s.shape), "dtype": s.dtype.name,
            "vec": message_has(lambda: sess.run(vec), "tags and values", "[] != [2]", "vec"),
            "vec_class": catch(sess.run, vec),
            "one": catch(lambda: summary_values(sess.run(one))),
            "fed_matrix": message_has(lambda: sess.run(s, {x: [[1.0]]}), "tags and values", "[1,1]"),
            "fed_ok": summary_values(sess.run(s, {x: 2.5})),
            "nan_inf": [v["value"] for vs in (sess.run(s, {x: np.nan}), sess.run(s, {x: -np.inf}))
                        for v in summary_values(vs)],
            "big": summary_values(sess.run(s, {x: 3.4e38})),
            "unfed": message_has(lambda: sess.run(s), "any_shape"),
            "unfed_class": catch(sess.run, s),
            "after": summary_values(sess.run(s, {x: -1.0}))}


def case_x_svar_scalar_names_scopes_and_families(tf):
    x = tf.constant(1.0)
    made = []
    with tf.name_scope("a"):
        with tf.name_scope("b"):
            made.append(tf.summary.scalar("loss", x))
            made.append(tf.summary.scalar("loss", x, family="fam"))
        made.append(tf.summary.scalar("loss", x, family="fam"))
    made.append(tf.summary.scalar("has space", x))
    made.append(tf.summary.scalar("x:0", x))
    made.append(tf.summary.scalar("loss", x, family="a/b"))
    made.append(tf.summary.scalar("fam", x, family="fam"))
    with tf.variable_scope("vs"):
        with tf.name_scope("ns"):
            made.append(tf.summary.scalar("deep", x))
    with tf.name_scope(None):
        made.append(tf.summary.scalar("root", x))
    sess = tf.Session()
    return {"names": [t.op.name for t in made], "tensor_names": [t.name for t in made],
            "tags": [_tags(summary_values(v)) for v in sess.run(made)],
            "tag_inputs": [t.op.inputs[0].op.name for t in made],
            "tag_consts": [sess.run(t.op.inputs[0]) for t in made[:3]]}


def case_x_svar_scalar_in_graph_def(tf):
    s = tf.summary.scalar("loss", tf.constant(2.0, name="c"), family="f")
    gd = tf.get_default_graph().as_graph_def()
    node = [n for n in gd.node if n.name == s.op.name][0]
    return {"op": node.op, "inputs": list(node.input), "attrs": sorted(node.attr),
            "T": node.attr["T"].type, "nodes": sorted(n.name for n in gd.node),
            "gradient": catch(lambda: tf.gradients(tf.strings.length(s), tf.get_default_graph()
                                                   .get_tensor_by_name("c:0")))}


# ---------------------------------------------------------------- fed over steps
def case_x_svar_scalar_fed_dtypes_over_steps(tf):
    sess = tf.Session()
    out = {}
    for dt, feeds in ((tf.float64, (0.1, 1e300, -0.0)), (tf.int32, (0, -7, 2 ** 31 - 1)),
                      (tf.int64, (2 ** 53 + 1, -1)), (tf.float16, (65504.0, 1e-8))):
        x = tf.placeholder(dt, [], name="x_" + dt.name)
        s = tf.summary.scalar("s_" + dt.name, x)
        out[dt.name] = [summary_values(sess.run(s, {x: v}))[0]["value"] for v in feeds]
    y = tf.placeholder(tf.float32, [])
    both = tf.summary.merge([tf.summary.scalar("y", y), tf.summary.scalar("y2", y * y)])
    out["merged_steps"] = [[v["value"] for v in summary_values(sess.run(both, {y: v}))] for v in (1.0, 3.0)]
    out["wrong_feed_shape"] = catch(sess.run, both, {y: [1.0, 2.0]})
    out["feed_summary_itself"] = summary_values(sess.run(both, {both: tf.Summary(
        value=[tf.Summary.Value(tag="fed", simple_value=9.0)]).SerializeToString()}))
    return out


# ---------------------------------------------------------------- histogram
def case_x_svar_histogram_dtypes(tf):
    sess = tf.Session()
    out = {}
    for dt, vals in ((tf.float16, [0.5, -0.25, 3.0]), (tf.float64, [1e-300, 1e300]), (tf.int8, [-128, 127, 0]),
                     (tf.int16, [5, 5, 5]), (tf.uint8, [1, 2]), (tf.uint16, [65535]), (tf.int64, [0]),
                     (tf.bfloat16, [1.0, 2.0])):
        h = tf.summary.histogram("h_" + dt.name, tf.constant(vals, dt))
        out[dt.name] = [summary_values(sess.run(h)), h.op.get_attr("T").name]
    out["bool"] = catch(tf.summary.histogram, "b", tf.constant([True]))
    out["complex"] = catch(tf.summary.histogram, "c", tf.constant([1j], tf.complex64))
    out["py_list"] = summary_values(sess.run(tf.summary.histogram("pl", [1, 2, 3])))
    return out


def case_x_svar_histogram_shapes(tf):
    sess = tf.Session()
    out = {}
    for name, val in (("scalar", np.float32(2.5)), ("empty", np.zeros([0], np.float32)),
                      ("empty2d", np.zeros([3, 0], np.float32)), ("cube", np.arange(8.0).reshape(2, 2, 2)),
                      ("same", np.full([5], -4.0)), ("zeros", np.zeros([4])), ("neg", -np.arange(1.0, 6.0))):
        out[name] = summary_values(sess.run(tf.summary.histogram(name, tf.constant(val))))
    return out


def case_x_svar_histogram_fed_errors_and_family(tf):
    sess = tf.Session()
    x = tf.placeholder(tf.float32, [None, 2], name="acts")
    with tf.name_scope("layer"):
        h = tf.summary.histogram("acts", x, family="hist")
    return {"name": h.op.name, "input_names": [i.name for i in h.op.inputs],
            "nan": message_has(lambda: sess.run(h, {x: [[1.0, np.nan]]}), "Nan in summary histogram",
                               h.op.name),
            "nan_class": catch(sess.run, h, {x: [[np.nan, 1.0]]}),
            "posinf": message_has(lambda: sess.run(h, {x: [[np.inf, 0.0]]}), "Infinity in Histogram"),
            "bad_shape": catch(sess.run, h, {x: [1.0, 2.0]}),
            "ok": summary_values(sess.run(h, {x: np.zeros([0, 2])})),
            "ok2": summary_values(sess.run(h, {x: [[0.5, 1.5], [2.5, 1e-5]]}))}


# ---------------------------------------------------------------- image
def case_x_svar_image_uint8_channels(tf):
    sess = tf.Session()
    out = {}
    for depth in (1, 3, 4):
        px = (np.arange(2 * 2 * 3 * depth) * 11 % 256).astype(np.uint8).reshape(2, 2, 3, depth)
        vals = summary_values(sess.run(tf.summary.image("img%d" % depth, tf.constant(px), max_outputs=1)))
        out[depth] = [(v["tag"], v["height"], v["width"], v["colorspace"], v["png"]["color_type"],
                       bool(np.array_equal(v["png"]["pixels"], px[0]))) for v in vals]
    out["batch0"] = summary_values(sess.run(tf.summary.image("none", tf.zeros([0, 2, 2, 3], tf.uint8))))
    out["max0"] = catch(tf.summary.image, "m0", tf.zeros([1, 1, 1, 1]), max_outputs=0)
    out["int32"] = catch(tf.summary.image, "i32", tf.zeros([1, 1, 1, 1], tf.int32))
    out["uint16"] = catch(tf.summary.image, "u16", tf.zeros([1, 1, 1, 1], tf.uint16))
    return out


def case_x_svar_image_fed_unknown_shape(tf):
    sess = tf.Session()
    x = tf.placeholder(tf.uint8, name="pix")
    s = tf.summary.image("fed", x, max_outputs=2)
    big = np.arange(3 * 2 * 2 * 4, dtype=np.uint8).reshape(3, 2, 2, 4)
    return {"attrs": [s.op.get_attr("max_images"), s.op.get_attr("T").name, s.op.type],
            "tags": _tags(summary_values(sess.run(s, {x: big}))),
            "sizes": [(v["height"], v["width"], v["colorspace"]) for v in summary_values(sess.run(s, {x: big}))],
            "rank2": message_has(lambda: sess.run(s, {x: np.zeros([2, 2], np.uint8)}), "4-D", "[2,2]"),
            "depth5": catch(sess.run, s, {x: np.zeros([1, 1, 1, 5], np.uint8)}),
            "after": _tags(summary_values(sess.run(s, {x: np.zeros([1, 1, 1, 1], np.uint8)})))}


def case_x_svar_image_float_dtypes_and_ranges(tf):
    sess = tf.Session()
    out = {}
    cases = {"f64_big": np.array([[[[0.0], [1000.0]], [[250.0], [500.0]]]], np.float64),
             "f16_neg": np.array([[[[-1.0], [1.0]], [[0.0], [-0.5]]]], np.float16),
             "const": np.full([1, 2, 2, 1], 0.25, np.float32),
             "neg_only": np.array([[[[-3.0], [-1.0]]]], np.float32),
             "rgb_mixed": np.array([[[[0.1, 0.2, 0.3], [-0.4, 0.5, 0.6]]]], np.float32),
             "two_imgs": np.stack([np.full([1, 2, 1], 1.0), np.array([[[2.0], [4.0]]])]).astype(np.float32)}
    for name, img in cases.items():
        vals = summary_values(sess.run(tf.summary.image(name, tf.constant(img), max_outputs=5)))
        out[name] = [(v["tag"], v["png"]["pixels"]) for v in vals]
    return out


# ---------------------------------------------------------------- audio
def case_x_svar_audio_rates_and_channels(tf):
    sess = tf.Session()
    wave = np.linspace(-1.0, 1.0, 10, dtype=np.float32)
    out = {}
    for rate in (1, 16000, 44100.0, 22050.5, 0.4):
        vals = summary_values(sess.run(tf.summary.audio("r", tf.constant(wave[None]), rate)))
        out[str(rate)] = [(v["tag"], v["sample_rate"], v["wav"]["rate"], v["length_frames"]) for v in vals]
    three = np.stack([wave, -wave, wave * 0.5], axis=-1)[None].repeat(4, axis=0)
    vals = summary_values(sess.run(tf.summary.audio("ch3", tf.constant(three), 8000, max_outputs=2)))
    out["ch3"] = [(v["tag"], v["num_channels"], v["wav"]["channels"], v["wav"]["samples"]) for v in vals]
    rate_t = tf.placeholder(tf.int32, [])
    out["int_rate_tensor"] = catch(tf.summary.audio, "irt", tf.zeros([1, 2]), rate_t)
    out["max0"] = catch(tf.summary.audio, "m0", tf.zeros([1, 2]), 8000, max_outputs=0)
    out["empty"] = summary_values(sess.run(tf.summary.audio("e", tf.zeros([0, 3]), 8000)))
    out["zero_frames"] = [(v["length_frames"], v["wav"]["frames"]) for v in
                          summary_values(sess.run(tf.summary.audio("z", tf.zeros([1, 0]), 8000)))]
    return out


def case_x_svar_audio_names_and_inputs(tf):
    with tf.name_scope("snd"):
        a = tf.summary.audio("clip", [[0.0, 0.5]], 100, family="fam", max_outputs=1)
    r = tf.constant(8000.0, name="rate")
    b = tf.summary.audio("clip", tf.zeros([2, 3, 1]), r)
    sess = tf.Session()
    return {"names": [a.op.name, b.op.name], "inputs": [[i.name for i in t.op.inputs] for t in (a, b)],
            "tags": [_tags(summary_values(v)) for v in sess.run([a, b])],
            "attrs": [sorted(t.op.node_def.attr) for t in (a, b)],
            "neg_rate": catch(lambda: summary_values(sess.run(tf.summary.audio("neg", tf.zeros([1, 2]), -5.0)))),
            "collections": [t.op.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]}


# ---------------------------------------------------------------- text
def case_x_svar_text_nested_shapes(tf):
    sess = tf.Session()
    out = {}
    for name, val in (("cube", [[["a", "b"], ["c", "d"]], [["e", "f"], ["g", "h"]]]), ("row", [["x", "y", "z"]]),
                      ("col", [["x"], ["y"]]), ("uni", ["ñandú", "日本"]), ("empty_str", ""),
                      ("empty_mat", np.zeros([2, 0], object).astype(bytes))):
        out[name] = summary_values(sess.run(tf.summary.text(name, tf.constant(val, tf.string))))
    return out


def case_x_svar_text_names_collections_and_errors(tf):
    sess = tf.Session()
    with tf.name_scope("docs"):
        t = tf.summary.text("notes", tf.constant("a"), collections=["texts"])
        t2 = tf.summary.text("notes", tf.as_string(tf.constant([1.5, 2.0])))
    return {"names": [t.op.name, t2.op.name], "type": t.op.type,
            "input_types": [i.op.type for i in t.op.inputs],
            "texts": [x.op.name for x in tf.get_collection("texts")],
            "summaries": [x.op.name for x in tf.get_collection(tf.GraphKeys.SUMMARIES)],
            "values": summary_values(sess.run(t2)),
            "int": message_has(lambda: tf.summary.text("i", tf.constant([1])), "string"),
            "int_class": catch(tf.summary.text, "i", tf.constant([1])),
            "py_str": catch(tf.summary.text, "p", "plain")}


# ---------------------------------------------------------------- merge
def case_x_svar_merge_of_merges_and_names(tf):
    x = tf.constant([1.0, 3.0])
    a = tf.summary.scalar("a", tf.reduce_mean(x))
    b = tf.summary.histogram("b", x)
    c = tf.summary.text("c", tf.constant("t"))
    with tf.name_scope("grp"):
        m1 = tf.summary.merge([a, b])
        m2 = tf.summary.merge([c], name="texts")
    m3 = tf.summary.merge([m1, m2], name="all merged", collections=["merges"])
    m4 = tf.summary.merge([m3])
    sess = tf.Session()
    return {"names": [m.op.name for m in (m1, m2, m3, m4)],
            "tags": [_tags(summary_values(v)) for v in sess.run([m1, m2, m3, m4])],
            "merges": [m.op.name for m in tf.get_collection("merges")],
            "summaries": [t.op.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)],
            "shape": str(m3.shape), "N": [m.op.get_attr("N") for m in (m1, m3, m4)]}


def case_x_svar_merge_errors_and_recovery(tf):
    sess = tf.Session()
    a = tf.summary.scalar("a", tf.constant(1.0))
    a_again = tf.summary.scalar("a_copy", tf.constant(2.0))
    dup = tf.summary.merge([a, a])
    ok = tf.summary.merge([a, a_again])
    p = tf.placeholder(tf.string)
    fed = tf.summary.merge([p, a_again])
    return {"dup": message_has(lambda: sess.run(dup), "Duplicate tag a"),
            "dup_class": catch(sess.run, dup),
            "ok": _tags(summary_values(sess.run(ok))),
            "float": catch(tf.summary.merge, [tf.constant(1.0)]),
            "mixed": message_has(lambda: tf.summary.merge([a, tf.constant(1)]), "MergeSummary"),
            "fed_garbage": catch(sess.run, fed, {p: "\x08\x01garbage"}),
            "fed_dup": message_has(lambda: sess.run(fed, {p: sess.run(a_again)}), "Duplicate tag a_copy"),
            "fed_ok": _tags(summary_values(sess.run(fed, {p: sess.run(a)}))),
            "generator": catch(lambda: tf.summary.merge(t for t in (a,)).op.name),
            "none": message_has(lambda: tf.summary.merge(None), "Expected list for 'inputs'", "MergeSummary"),
            "tuple": tf.summary.merge((a, a_again), name="tup").op.name,
            "after": _tags(summary_values(sess.run(ok)))}


def case_x_svar_merge_all_scopes_and_keys(tf):
    x = tf.constant(2.0)
    with tf.name_scope("train"):
        tf.summary.scalar("loss", x)
    with tf.name_scope("train_eval"):
        tf.summary.scalar("loss", x)
    with tf.name_scope("eval"):
        tf.summary.histogram("w", x, collections=["ev"])
        tf.summary.scalar("acc", x, family="metrics")
    sess = tf.Session()

    def tags(t):
        return None if t is None else _tags(summary_values(sess.run(t)))
    outs = {"train": tf.summary.merge_all(scope="train"), "train_exact": tf.summary.merge_all(scope="train/"),
            "regex": tf.summary.merge_all(scope="tr.*eval"), "eval": tf.summary.merge_all(scope="eval"),
            "ev_key": tf.summary.merge_all("ev"), "ev_scoped_miss": tf.summary.merge_all("ev", scope="train"),
            "named": tf.summary.merge_all(name="everything")}
    return {k: [None if t is None else t.op.name, tags(t)] for k, t in outs.items()}


def case_x_svar_merge_all_across_graphs(tf):
    g1, g2 = tf.Graph(), tf.Graph()
    with g1.as_default():
        tf.summary.scalar("one", tf.constant(1.0))
        m1 = tf.summary.merge_all()
    with g2.as_default():
        none2 = tf.summary.merge_all()
        tf.summary.histogram("two", tf.constant([2.0]))
        tf.summary.scalar("three", tf.constant(3.0), collections=[])
        m2 = tf.summary.merge_all()
        g2.clear_collection(tf.GraphKeys.SUMMARIES)
        cleared = tf.summary.merge_all()
    default_none = tf.summary.merge_all()
    with tf.Session(graph=g1) as s1, tf.Session(graph=g2) as s2:
        return {"m1": _tags(summary_values(s1.run(m1))), "m2": _tags(summary_values(s2.run(m2))),
                "none2": none2, "cleared": cleared, "default_none": default_none,
                "graphs": [m1.graph is g1, m2.graph is g2],
                "cross": catch(s1.run, m2)}


# ---------------------------------------------------------------- training loop
def case_x_svar_summaries_with_control_deps_and_gradients(tf):
    w = tf.Variable([1.0, -2.0], name="w")
    loss = tf.reduce_sum(tf.square(w))
    opt = tf.train.GradientDescentOptimizer(0.1)
    grads_vars = opt.compute_gradients(loss)
    for g, v in grads_vars:
        tf.summary.histogram(v.op.name + "/gradient", g)
        tf.summary.scalar(v.op.name + "/norm", tf.norm(g))
    train = opt.apply_gradients(grads_vars)
    with tf.control_dependencies([train]):
        after = tf.summary.scalar("loss_after", tf.reduce_sum(tf.square(w.read_value())))
    merged = tf.summary.merge_all()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out = []
    for _ in range(2):
        m, a = sess.run([merged, after])
        out.append({"merged": [(v["tag"], v.get("value", v.get("sum"))) for v in summary_values(m)],
                    "after": summary_values(a)[0]["value"]})
    return {"steps": out, "names": [t.op.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)],
            "w": sess.run(w)}
