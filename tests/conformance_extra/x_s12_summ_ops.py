"""Second-pass variations of the public summary_ops cases: summary ops composed with other features
(variables, while_loop/cond, gradients, export and re-import), the errors of each argument, and the
session staying usable after them."""
import numpy as np

from _harness import catch, message_has
from _tbread import summary_values


def _tags(values):
    return [v["tag"] for v in values]


# ---------------------------------------------------------------- scalar: names, variables
def case_x_s12_scalar_of_variables_and_reads(tf):
    v = tf.Variable(2.5, name="ref_var")
    r = tf.get_variable("res_var", initializer=tf.constant(-1.25), use_resource=True)
    with tf.variable_scope("vs"):
        s1 = tf.summary.scalar("ref", v)
        s2 = tf.summary.scalar("res", r, family="vars")
    s3 = tf.summary.scalar("read", r.read_value())
    sess = tf.Session()
    before = catch(sess.run, s1)
    sess.run(tf.global_variables_initializer())
    sess.run([v.assign_add(1.0), r.assign(4.0)])
    return {"before": before, "names": [s.op.name for s in (s1, s2, s3)],
            "input_ops": [s.op.inputs[1].op.type for s in (s1, s2, s3)],
            "T": [s.op.get_attr("T").name for s in (s1, s2, s3)],
            "values": [summary_values(x) for x in sess.run([s1, s2, s3])]}


def case_x_s12_scalar_tag_argument_forms(tf):
    x = tf.constant(1.0)
    sess = tf.Session()
    return {"bytes_name": catch(lambda: summary_values(sess.run(tf.summary.scalar(b"bname", x)))),
            "empty_name": catch(lambda: tf.summary.scalar("", x).op.name),
            "none_name": catch(tf.summary.scalar, None, x),
            "int_name": catch(tf.summary.scalar, 5, x),
            "empty_family": message_has(lambda: tf.summary.scalar("ef", x, family=""), "'/ef' is not a valid root scope name"),
            "none_family": summary_values(sess.run(tf.summary.scalar("nf", x, family=None))),
            "slash_name": [tf.summary.scalar("a/b", x).op.name,
                           summary_values(sess.run(tf.get_default_graph().get_tensor_by_name("a/b:0")))],
            "trailing": catch(lambda: tf.summary.scalar("t/", x).op.name)}


def case_x_s12_scalar_fed_through_cast_and_errors(tf):
    step = tf.placeholder(tf.int64, [], name="step")
    loss = tf.placeholder(tf.float32, None, name="loss")
    s = tf.summary.merge([tf.summary.scalar("step", tf.cast(step, tf.float32)),
                          tf.summary.scalar("loss", tf.reduce_mean(loss))])
    sess = tf.Session()
    out = [[v["value"] for v in summary_values(sess.run(s, {step: i, loss: [i, 2.0 * i]}))] for i in (1, 4)]
    return {"steps": out,
            "missing_feed": message_has(lambda: sess.run(s, {step: 1}), "loss", "must feed"),
            "missing_class": catch(sess.run, s, {step: 1}),
            "wrong_dtype_feed": catch(sess.run, s, {step: 1.5, loss: 1.0}),
            "empty_mean": [v["value"] for v in summary_values(sess.run(s, {step: 0, loss: np.zeros([0], np.float32)}))],
            "after": [v["value"] for v in summary_values(sess.run(s, {step: 9, loss: 3.0}))]}


# ---------------------------------------------------------------- histogram
def case_x_s12_histogram_nan_inf_and_recovery(tf):
    x = tf.placeholder(tf.float32, [None], name="acts")
    h = tf.summary.histogram("h", x)
    sess = tf.Session()
    return {"nan": message_has(lambda: sess.run(h, {x: [1.0, np.nan]}), "Nan in summary histogram for", "h"),
            "nan_class": catch(sess.run, h, {x: [np.nan]}),
            "inf": catch(lambda: summary_values(sess.run(h, {x: [np.inf, 1.0]}))),
            "neg_inf": catch(lambda: summary_values(sess.run(h, {x: [-np.inf]}))),
            "empty": summary_values(sess.run(h, {x: np.zeros([0], np.float32)})),
            "one": summary_values(sess.run(h, {x: [0.0]})),
            "after": summary_values(sess.run(h, {x: [1.0, 2.0, 3.0]}))}


def case_x_s12_histogram_ints_and_gradients(tf):
    w = tf.Variable([[1.0, -2.0], [0.5, 3.0]], name="w")
    x = tf.constant([[1.0, 1.0]])
    loss = tf.reduce_sum(tf.square(tf.matmul(x, w)))
    (g,) = tf.gradients(loss, [w])
    hs = [tf.summary.histogram("grad", g), tf.summary.histogram("ints", tf.constant([3, -1, 0, 3], tf.int32)),
          tf.summary.histogram("i64", tf.range(5, dtype=tf.int64)),
          tf.summary.histogram("scalar", tf.constant(7.0)),
          tf.summary.histogram("empty2d", tf.zeros([0, 3]))]
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    return {"names": [h.op.name for h in hs], "types": [h.op.type for h in hs],
            "values": [summary_values(v) for v in sess.run(hs)]}


def case_x_s12_histogram_in_while_loop_and_cond(tf):
    flag = tf.placeholder(tf.bool, [], name="flag")
    h = tf.cond(flag, lambda: tf.summary.histogram("yes", tf.constant([1.0, 2.0])),
                lambda: tf.summary.histogram("no", tf.constant([-1.0])))

    def body(i, acc):
        s = tf.summary.histogram("loop_h", tf.fill([2], tf.cast(i, tf.float32)))
        return i + 1, acc + tf.strings.length(s)

    _, total = tf.while_loop(lambda i, a: i < 3, body, [tf.constant(0), tf.constant(0)])
    sess = tf.Session()
    return {"true": summary_values(sess.run(h, {flag: True})), "false": summary_values(sess.run(h, {flag: False})),
            "total_positive": bool(sess.run(total) > 0),
            "summaries": [t.op.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]}


# ---------------------------------------------------------------- image
def case_x_s12_image_rgba_and_max_outputs(tf):
    px = (np.arange(3 * 2 * 2 * 4) * 11 % 256).astype(np.uint8).reshape(3, 2, 2, 4)
    img = tf.placeholder(tf.uint8, [None, 2, 2, 4], name="img")
    s_all = tf.summary.image("rgba", img, max_outputs=10)
    s_one = tf.summary.image("first", img, max_outputs=1, family="pics")
    sess = tf.Session()
    vals = summary_values(sess.run(s_all, {img: px}))
    return {"tags": _tags(vals), "colorspace": [v["colorspace"] for v in vals],
            "match": [bool(np.array_equal(v["png"]["pixels"], px[i])) for i, v in enumerate(vals)],
            "one": _tags(summary_values(sess.run(s_one, {img: px}))),
            "zero_batch": summary_values(sess.run(s_all, {img: np.zeros([0, 2, 2, 4], np.uint8)})),
            "max_outputs_attr": [s_all.op.get_attr("max_images"), s_one.op.get_attr("max_images")],
            "names": [s_all.op.name, s_one.op.name]}


def case_x_s12_image_argument_errors(tf):
    sess = tf.Session()
    ok = tf.summary.image("ok", tf.zeros([1, 2, 2, 1]))
    fed = tf.placeholder(tf.float32, None)
    s = tf.summary.image("fed", fed)
    return {"rank3": catch(tf.summary.image, "r3", tf.zeros([2, 2, 1])),
            "channels5": catch(tf.summary.image, "c5", tf.zeros([1, 2, 2, 5])),
            "channels2": catch(tf.summary.image, "c2", tf.zeros([1, 2, 2, 2])),
            "int32": catch(tf.summary.image, "i32", tf.zeros([1, 2, 2, 1], tf.int32)),
            "max0": catch(lambda: tf.summary.image("m0", tf.zeros([1, 2, 2, 1]), max_outputs=0).op.name),
            "neg": catch(tf.summary.image, "mn", tf.zeros([1, 2, 2, 1]), max_outputs=-1),
            "fed_rank2": message_has(lambda: sess.run(s, {fed: np.zeros([2, 2], np.float32)}), "4-D", "[2,2]"),
            "fed_rank2_class": catch(sess.run, s, {fed: np.zeros([2, 2], np.float32)}),
            "fed_ok": [(v["height"], v["width"]) for v in summary_values(sess.run(s, {fed: np.ones([2, 3, 1, 3], np.float32)}))],
            "after": summary_values(sess.run(ok))[0]["tag"]}


def case_x_s12_image_float_ranges(tf):
    base = np.array([[[-1.0], [0.0]], [[0.5], [1.0]]], np.float64)[None]
    neg_only = np.full([1, 1, 2, 1], -2.0, np.float32)
    big = np.array([[[[0.0], [4.0]]]], np.float16)
    sess = tf.Session()
    vals = []
    for name, arr in (("f64_mixed", base), ("neg_only", neg_only), ("f16_big", big), ("zeros", np.zeros([1, 1, 2, 3], np.float32))):
        s = tf.summary.image(name, tf.constant(arr))
        vals.append({k: (v.tolist() if isinstance(v, np.ndarray) else v)
                     for k, v in summary_values(sess.run(s))[0]["png"].items()})
    return vals


# ---------------------------------------------------------------- audio
def case_x_s12_audio_stereo_clip_and_rate_tensor(tf):
    wave = np.stack([np.linspace(-1.5, 1.5, 6), np.linspace(0.5, -0.5, 6)], -1).astype(np.float32)[None]
    rate = tf.placeholder(tf.float32, [], name="rate")
    s = tf.summary.audio("stereo", tf.constant(wave), rate, max_outputs=2)
    two = tf.summary.audio("mono2", tf.constant(np.zeros([3, 4], np.float32) + 0.25), 16000, max_outputs=2)
    sess = tf.Session()
    out = summary_values(sess.run(s, {rate: 22050.0}))
    return {"stereo": out, "mono2": summary_values(sess.run(two)),
            "names": [s.op.name, two.op.name], "types": [s.op.type, two.op.type],
            "f64": catch(tf.summary.audio, "f64", tf.zeros([1, 4], tf.float64), 8000),
            "rank1": catch(lambda: tf.summary.audio("r1", tf.zeros([4]), 8000).op.name),
            "rank4": catch(tf.summary.audio, "r4", tf.zeros([1, 4, 1, 1]), 8000)}


def case_x_s12_audio_bad_rate_and_fed_shape(tf):
    x = tf.placeholder(tf.float32, None, name="wav")
    s = tf.summary.audio("snd", x, 8000.0)
    rate = tf.placeholder(tf.float32, None)
    s2 = tf.summary.audio("snd2", tf.zeros([1, 3]), rate)
    sess = tf.Session()
    return {"rank1_fed": catch(lambda: summary_values(sess.run(s, {x: [0.1, 0.2]}))),
            "rank4_fed": message_has(lambda: sess.run(s, {x: np.zeros([1, 2, 1, 1], np.float32)}), "2-D", "3-D"),
            "rate_vector": message_has(lambda: sess.run(s2, {rate: [1.0, 2.0]}), "sample_rate", "scalar"),
            "rate_vector_class": catch(sess.run, s2, {rate: [1.0, 2.0]}),
            "rate_zero": catch(lambda: summary_values(sess.run(s2, {rate: 0.0}))[0]["sample_rate"]),
            "rate_neg": catch(lambda: summary_values(sess.run(s2, {rate: -5.0}))[0]["sample_rate"]),
            "after": summary_values(sess.run(s, {x: np.full([1, 3, 1], 0.5, np.float32)}))}


# ---------------------------------------------------------------- text
def case_x_s12_text_fed_and_errors(tf):
    t = tf.placeholder(tf.string, None, name="t")
    s = tf.summary.text("msg", t)
    sess = tf.Session()
    return {"scalar": summary_values(sess.run(s, {t: "one"})),
            "matrix": summary_values(sess.run(s, {t: [["a", "b"], ["c", "d"]]})),
            "empty": summary_values(sess.run(s, {t: np.array([], object)})),
            "unicode": summary_values(sess.run(s, {t: u"h\u00e9llo"})),
            "int": catch(tf.summary.text, "i", tf.constant(1)),
            "float": message_has(lambda: tf.summary.text("f", tf.constant(1.0)), "string"),
            "py_str": catch(tf.summary.text, "py", "plain"),
            "py_list": catch(tf.summary.text, "pyl", ["x", "yz"]),
            "op": [s.op.type, s.op.name, sorted(a for a in s.op.node_def.attr)],
            "collections": catch(lambda: tf.summary.text("c", tf.constant("z"), collections=["texts"]).name),
            "texts": [x.name for x in tf.get_collection("texts")]}


def case_x_s12_text_of_as_string_and_reduce_join(tf):
    x = tf.placeholder(tf.float32, [2])
    s = tf.summary.text("fmt", tf.strings.join(["x=", tf.as_string(x, precision=2)]))
    j = tf.summary.text("joined", tf.strings.reduce_join(tf.as_string(tf.cast(x, tf.int32)), separator=","))
    sess = tf.Session()
    return [summary_values(v) for v in sess.run([s, j], {x: [1.5, -2.25]})]


def case_x_s12_tensor_summary_metadata_and_dtypes(tf):
    from tensorboard.compat.proto import summary_pb2
    meta = summary_pb2.SummaryMetadata()
    meta.plugin_data.plugin_name = "custom"
    meta.plugin_data.content = b"\x01\x02"
    sess = tf.Session()
    out = {}
    for dt, v in ((tf.float64, [[1.5, 2.0]]), (tf.int32, [1, 2, 3]), (tf.bool, [True, False]), (tf.string, ["q"])):
        t = tf.summary.tensor_summary("ts_" + dt.name, tf.constant(v, dt), summary_description="about " + dt.name)
        out[dt.name] = summary_values(sess.run(t))
    t = tf.summary.tensor_summary("meta", tf.constant(3.0), summary_metadata=meta)
    out["meta"] = summary_values(sess.run(t))
    out["meta_and_desc"] = summary_values(sess.run(
        tf.summary.tensor_summary("both", tf.constant(1), summary_description="d", summary_metadata=meta)))
    out["display_name"] = summary_values(sess.run(tf.summary.tensor_summary("dn", tf.constant(2), display_name="Shown")))
    out["op"] = [t.op.type, t.op.name, t.op.inputs[0].op.type]
    return out


# ---------------------------------------------------------------- merge
def case_x_s12_merge_duplicate_tags_and_names(tf):
    x = tf.placeholder(tf.float32, [])
    a = tf.summary.scalar("dup", x)
    with tf.name_scope("ns"):
        m_named = tf.summary.merge([a], name="my_merge")
    b = tf.summary.scalar("dup", x * 2.0)
    dup = tf.summary.merge([a, a])
    distinct = tf.summary.merge([a, b])
    sess = tf.Session()
    return {"named": [m_named.op.name, m_named.name, m_named.op.type],
            "dup": message_has(lambda: sess.run(dup, {x: 1.0}), "Duplicate tag dup found in summary inputs"),
            "dup_class": catch(sess.run, dup, {x: 1.0}),
            "distinct_tags": _tags(summary_values(sess.run(distinct, {x: 1.0}))),
            "inputs": [t.op.name for t in dup.op.inputs],
            "N": dup.op.get_attr("N"),
            "after": summary_values(sess.run(m_named, {x: 5.0}))}


def case_x_s12_merge_collections_and_fed_strings(tf):
    s = tf.placeholder(tf.string, [None], name="sums")
    m = tf.summary.merge([s], collections=["merged_here"])
    a = tf.summary.scalar("p", tf.constant(1.0))
    q = tf.summary.scalar("q", tf.constant(2.0))
    sess = tf.Session()
    pa, pq = sess.run([a, q])
    return {"fed": summary_values(sess.run(m, {s: [pa, pq]})),
            "collection": [t.name for t in tf.get_collection("merged_here")],
            "not_in_summaries": m.name in [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)],
            "garbage": message_has(lambda: sess.run(m, {s: [b"\xff\xff"]}), "Could not parse"),
            "garbage_class": catch(sess.run, m, {s: [b"\xff\xff"]}),
            "empty_string": summary_values(sess.run(m, {s: [b""]})),
            "float_input": catch(tf.summary.merge, [tf.constant(1.0)]),
            "after": _tags(summary_values(sess.run(m, {s: [pq]})))}


def case_x_s12_merge_all_scope_regex_and_name(tf):
    x = tf.constant(2.0)
    with tf.name_scope("train"):
        tf.summary.scalar("a", x)
    with tf.name_scope("train_extra"):
        tf.summary.scalar("b", x)
    with tf.name_scope("eval"):
        tf.summary.scalar("c", x)
    sess = tf.Session()

    def tags(t):
        return None if t is None else _tags(summary_values(sess.run(t)))
    return {"prefix": tags(tf.summary.merge_all(scope="train")),
            "slash": tags(tf.summary.merge_all(scope="train/")),
            "regex": tags(tf.summary.merge_all(scope="(train|eval)/")),
            "none_match": tags(tf.summary.merge_all(scope="zzz")),
            "named": tf.summary.merge_all(name="everything").op.name,
            "count_ops": len([o for o in tf.get_default_graph().get_operations() if o.type == "MergeSummary"])}


def case_x_s12_merge_all_across_training_and_export(tf):
    w = tf.Variable(1.0, name="w")
    loss = tf.square(w, name="loss")
    tf.summary.scalar("loss", loss)
    tf.summary.histogram("w_hist", w)
    merged = tf.summary.merge_all()
    mg = tf.train.export_meta_graph()
    g = tf.Graph()
    with g.as_default():
        tf.train.import_meta_graph(mg)
        coll = [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]
        again = tf.summary.merge_all()
        sess = tf.Session(graph=g)
        sess.run(tf.global_variables_initializer())
        vals = summary_values(sess.run(again))
    return {"merged": merged.op.name, "coll": coll, "again": again.op.name, "tags": _tags(vals),
            "values": [v.get("value", v.get("sum")) for v in vals]}


def case_x_s12_summaries_with_optimizer_steps(tf):
    w = tf.Variable([1.0, -1.0], name="w")
    loss = tf.reduce_sum(tf.square(w - [3.0, 1.0]))
    opt = tf.train.MomentumOptimizer(0.1, 0.5)
    grads = opt.compute_gradients(loss)
    for g, v in grads:
        tf.summary.histogram(v.op.name + "/gradient", g)
    gstep = tf.train.get_or_create_global_step()
    train = opt.apply_gradients(grads, global_step=gstep)
    tf.summary.scalar("step", gstep)
    merged = tf.summary.merge_all()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    out = []
    for _ in range(2):
        sess.run(train)
        out.append([(v["tag"], v.get("value", v.get("sum"))) for v in summary_values(sess.run(merged))])
    return {"steps": out, "names": [t.op.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]}
