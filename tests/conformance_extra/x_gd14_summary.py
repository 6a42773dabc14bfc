"""Round-14 variations of the public summary_ops and summary_writer cases: summary ops in an
imported graph and meta graph (import scopes), the dtypes each summary op takes or refuses, tag
sanitizing, fetch forms (dicts, callables, control dependencies), and FileWriter over odd log
directories, several writers in one directory, run metadata and summary_iterator's fields."""
import os

import numpy as np

from _casekit import in_tmp
from _harness import catch, message_has
from _tbread import event_files, read_events, summary_values


def _tags(serialized):
    return [v["tag"] for v in summary_values(serialized)]


def case_x_gd14_summaries_through_import_graph_def(tf):
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None], name="x")
        with tf.name_scope("stats"):
            tf.summary.scalar("mean", tf.reduce_mean(x))
            tf.summary.histogram("values", x)
        tf.summary.merge_all(name="all")
        meta = tf.train.export_meta_graph()
        gdef = g.as_graph_def()
    g2 = tf.Graph()
    with g2.as_default():
        tf.import_graph_def(gdef, name="imp")
        sess = tf.Session()
        merged = sess.run("imp/all:0", {"imp/x:0": [1.0, 3.0]})
        after_import = tf.get_collection(tf.GraphKeys.SUMMARIES)
    g3 = tf.Graph()
    with g3.as_default():
        tf.train.import_meta_graph(meta, import_scope="run2")
        coll = [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]
        again = tf.summary.merge_all()
        sess3 = tf.Session(graph=g3)
        values = summary_values(sess3.run(again, {"run2/x:0": [2.0, 4.0, 6.0]}))
        scoped = tf.summary.merge_all(scope="run2/stats/mean")
    return {"imported": summary_values(merged), "graph_def_has_no_collection": after_import,
            "meta_collection": coll, "merge_all_again": [(v["tag"], v.get("value", v.get("num"))) for v in values],
            "merge_all_scope": _tags(sess3.run(scoped, {"run2/x:0": [5.0]})),
            "op_types": sorted({n.op for n in gdef.node if "Summary" in n.op})}


def case_x_gd14_summary_dtypes_taken_and_refused(tf):
    sess = tf.Session()
    out = {}
    for dt in (tf.float16, tf.float64, tf.int8, tf.uint8, tf.int64, tf.uint16, tf.bool, tf.string, tf.complex64):
        v = tf.constant(np.ones([2], dt.as_numpy_dtype) if dt != tf.string else ["1", "2"], dtype=dt)
        for kind, fn in (("scalar", lambda t: tf.summary.scalar("s", t[0])),
                         ("histogram", lambda t: tf.summary.histogram("h", t))):
            made = catch(fn, v)
            out["%s_%s" % (kind, dt.name)] = made if isinstance(made, dict) else [
                (x["tag"], x.get("value", x.get("sum"))) for x in summary_values(sess.run(made))]
    img = np.zeros([1, 2, 2, 1])
    for dt in (tf.float16, tf.float64, tf.int32, tf.uint16):
        made = catch(tf.summary.image, "im", tf.constant(img, dt))
        out["image_" + dt.name] = made if isinstance(made, dict) else [
            (x["height"], x["width"], x["png"]["pixels"].tolist()) for x in summary_values(sess.run(made))]
    for dt in (tf.float64, tf.float16, tf.int32):
        made = catch(tf.summary.audio, "au", tf.constant(np.zeros([1, 4]), dt), 100)
        out["audio_" + dt.name] = made if isinstance(made, dict) else len(summary_values(sess.run(made)))
    out["text_int"] = catch(tf.summary.text, "t", tf.constant(1))
    out["tensor_summary_bool"] = summary_values(sess.run(tf.summary.tensor_summary("tb", tf.constant([True, False]))))
    return out


def case_x_gd14_tag_sanitizing_and_scopes(tf):
    x = tf.constant(2.0)
    made = {}
    with tf.name_scope("outer scope"):
        pass
    with tf.variable_scope("vs"):
        made["vs"] = tf.summary.scalar("loss", x)
        with tf.variable_scope("vs_inner", reuse=tf.AUTO_REUSE):
            made["reuse"] = tf.summary.scalar("loss", x)
    made["colon"] = tf.summary.scalar("a:b", x)
    made["space"] = tf.summary.histogram("with space", tf.stack([x]))
    made["slash"] = tf.summary.scalar("a/b/c", x)
    made["leading_underscore"] = tf.summary.scalar("_private", x)
    made["family_scoped"] = None
    with tf.name_scope("tower_0"):
        made["family_scoped"] = tf.summary.scalar("acc", x, family="metrics")
        made["family_again"] = tf.summary.scalar("acc", x, family="metrics")
    sess = tf.Session()
    return {k: (t.op.name, _tags(sess.run(t))) for k, t in sorted(made.items())}


def case_x_gd14_summary_fetch_forms_and_control_deps(tf):
    v = tf.Variable(1.0, name="v")
    bump = tf.assign_add(v, 2.0)
    with tf.control_dependencies([bump]):
        s = tf.summary.scalar("after_bump", v.read_value() if hasattr(v, "read_value") else tf.identity(v))
    h = tf.summary.histogram("hist", tf.constant([1.0, 2.0]))  # reading v here would race the bump
    m = tf.summary.merge([s, h], name="both")
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    as_dict = sess.run({"merged": m, "plain": s})
    call = sess.make_callable([m, v])
    called, v_now = call()
    nested = sess.run([(s,), {"k": [h]}])
    return {"dict": {k: _tags(val) for k, val in sorted(as_dict.items())},
            "dict_values": [x.get("value") for x in summary_values(as_dict["plain"])],
            "callable": [(x["tag"], x.get("value", x.get("sum"))) for x in summary_values(called)], "v": v_now,
            "nested": [_tags(nested[0][0]), _tags(nested[1]["k"][0])],
            "types": [type(as_dict["merged"]).__name__, m.op.type, m.op.name, m.dtype.name]}


def case_x_gd14_writer_logdir_forms_and_two_writers(tf):
    def body(d):
        blocker = os.path.join(d, "afile")
        with open(blocker, "w") as f:
            f.write("x")
        out = {"logdir_is_file": catch(lambda: tf.summary.FileWriter(blocker).close()),
               "logdir_under_file": catch(lambda: tf.summary.FileWriter(os.path.join(blocker, "sub")).close())}
        logdir = os.path.join(d, "logs")
        w1 = tf.summary.FileWriter(logdir, filename_suffix=".one")
        w2 = tf.summary.FileWriter(logdir + "/", filename_suffix=".two")
        w1.add_summary(tf.Summary(value=[tf.Summary.Value(tag="a", simple_value=1.0)]), 1)
        w2.add_summary(tf.Summary(value=[tf.Summary.Value(tag="b", simple_value=2.0)]), 2)
        w1.close()
        w2.close()
        files = event_files(logdir)
        out["suffixes"] = sorted(f.rsplit(".", 1)[-1] for f in files)
        out["logdirs"] = [w1.get_logdir() == logdir, w2.get_logdir() == logdir + "/"]
        per_file = []
        for name in sorted(files, key=lambda f: f.rsplit(".", 1)[-1]):
            per_file.append([(e.step, [v.tag for v in e.summary.value])
                             for e in tf.train.summary_iterator(os.path.join(logdir, name))])
        out["per_file"] = per_file
        out["cache_trailing_slash"] = tf.summary.FileWriterCache.get(logdir) is tf.summary.FileWriterCache.get(logdir + "/")
        tf.summary.FileWriterCache.clear()
        return out
    return in_tmp(body)


def case_x_gd14_writer_run_metadata_and_iterator_fields(tf):
    def body(d):
        x = tf.placeholder(tf.float32, [2], name="x")
        y = tf.reduce_sum(tf.square(x), name="y")
        s = tf.summary.scalar("y", y)
        sess = tf.Session()
        w = tf.summary.FileWriter(d, graph=sess.graph)
        opts = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
        md = tf.RunMetadata()
        summ = sess.run(s, {x: [1.0, 2.0]}, options=opts, run_metadata=md)
        w.add_run_metadata(md, "step_1", global_step=1)
        w.add_run_metadata(tf.RunMetadata(), "bare")
        w.add_summary(summ, 1)
        w.add_session_log(tf.SessionLog(status=tf.SessionLog.STOP, msg="done"), 2)
        bad = catch(w.add_run_metadata, "not metadata", "t")
        w.close()
        events = [e for f in event_files(d) for e in tf.train.summary_iterator(os.path.join(d, f))]
        kinds = [(e.WhichOneof("what"), e.step) for e in events]
        tagged = [(e.tagged_run_metadata.tag, e.step, len(e.tagged_run_metadata.run_metadata) > 0 or e.tagged_run_metadata.tag == "bare")
                  for e in events if e.HasField("tagged_run_metadata")]
        logs = [(tf.SessionLog.SessionStatus.Name(e.session_log.status), e.session_log.msg)
                for e in events if e.HasField("session_log")]
        return {"kinds": kinds, "tagged": tagged, "logs": logs, "bad": bad,
                "read": read_events(d, only_nodes=("x", "y"))}
    return in_tmp(body)


def case_x_gd14_merge_errors_keep_session(tf):
    p = tf.placeholder(tf.string, [None], name="protos")
    m = tf.summary.merge([p], name="fed_merge")
    a = tf.summary.scalar("dup", tf.constant(1.0))
    b = tf.summary.scalar("dup", tf.constant(2.0))
    sess = tf.Session()
    good = sess.run(a)
    return {"dup_tags": message_has(lambda: sess.run(m, {p: [good, sess.run(b)]}), "Duplicate tag dup found in summary inputs"),
            "garbage": message_has(lambda: sess.run(m, {p: [b"\xff\x01"]}), "Could not parse one of the summary inputs"),
            "ok_after": _tags(sess.run(m, {p: [good]})),
            "empty_batch": _tags(sess.run(m, {p: []})),
            "merge_of_float": catch(tf.summary.merge, [tf.constant(1.0)]),
            "merge_not_list": catch(tf.summary.merge, a),
            "merge_names": [a.op.name, b.op.name, m.op.name, m.op.inputs[0].op.name]}


def case_x_gd14_audio_rate_forms_and_scalar_refusals(tf):
    sess = tf.Session()
    clip = tf.constant(np.linspace(-0.5, 0.5, 8, dtype=np.float32).reshape(1, 8))
    rate = tf.placeholder(tf.float32, None, name="rate")
    fed = tf.summary.audio("fed", clip, rate)

    def info(serialized):
        return [(v["tag"], v["sample_rate"], v["length_frames"]) for v in summary_values(serialized)]
    return {"vector_rate": info(sess.run(tf.summary.audio("vec", clip, tf.constant([4000.0])))),
            "fed_scalar": info(sess.run(fed, {rate: 16000.0})),
            "fed_one_by_one": info(sess.run(fed, {rate: [[22050.0]]})),
            "fed_two": message_has(lambda: sess.run(fed, {rate: [1.0, 2.0]}),
                                   "sample_rate must be rank-0 or contain a single value"),
            "f64_rate": message_has(lambda: tf.summary.audio("a", clip, tf.constant(8000.0, tf.float64)),
                                    "sample_rate: Tensor conversion requested dtype float32"),
            "scalar_string": message_has(lambda: tf.summary.scalar("s", "text"),
                                         "allowed values: float32, float64, int32, uint8, int16, int8, int64, bfloat16, uint16, float16, uint32, uint64"),
            "histogram_string": message_has(lambda: tf.summary.histogram("h", tf.constant(["a"])),
                                            "allowed values: float32, float64, int32, uint8, int16, int8, int64, bfloat16, uint16, float16, uint32, uint64"),
            "after": info(sess.run(fed, {rate: 8000.0}))}
