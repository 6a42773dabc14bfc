"""A sweep of tf.summary in graph mode: every summary op's proto (audio channels, image families,
histogram of ints, tensor_summary with metadata), merge/merge_all with collections and scopes,
FileWriter events (graph, add_event, session logs, run metadata, flush/close/reopen),
summary_iterator and the Summary/Event protos built by hand."""
import os
import shutil
import tempfile
import time

import numpy as np

from _harness import catch
from _tbread import event_files, read_events, summary_values


def case_x_summary_sweep_scalar_family_and_collections(tf):
    x = tf.constant(2.0)
    with tf.name_scope("outer"):
        a = tf.summary.scalar("loss", x, family="train")
        b = tf.summary.scalar("loss", x * 2, family="train")
    c = tf.summary.scalar("mine", x, collections=["custom"])
    d = tf.summary.scalar("none", x, collections=[])
    sess = tf.Session()
    return {"names": [t.op.name for t in (a, b, c, d)],
            "values": [summary_values(v) for v in sess.run([a, b, c, d])],
            "summaries": [t.op.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)],
            "custom": [t.op.name for t in tf.get_collection("custom")]}


def case_x_summary_sweep_histogram_ints_and_fed(tf):
    x = tf.placeholder(tf.int64, [None])
    h = tf.summary.histogram("ints", x)
    h2 = tf.summary.histogram("bools", tf.constant([True, False, True])) if False else \
        tf.summary.histogram("f16", tf.constant([0.5, 1.5, -2.0], tf.float16))
    sess = tf.Session()
    return {"ints": summary_values(sess.run(h, {x: [1, 1, 2, 1000, -5]})), "f16": summary_values(sess.run(h2)),
            "type": h.op.type, "inf": catch(lambda: sess.run(tf.summary.histogram("inf", tf.constant([np.inf]))))}


def case_x_summary_sweep_image_family_and_max_outputs(tf):
    imgs = np.stack([np.full([2, 3, 3], i * 60, np.uint8) for i in range(4)])
    s = tf.summary.image("pics", tf.constant(imgs), max_outputs=2, family="fam")
    f = tf.summary.image("fl", tf.constant(np.array([[[[0.0], [0.25]], [[0.5], [1.0]]]], np.float32)))
    h = tf.summary.image("half", tf.constant(np.full([1, 1, 1, 3], 0.5, np.float16)))
    sess = tf.Session()
    return {"s": summary_values(sess.run(s)), "f": summary_values(sess.run(f)), "h": summary_values(sess.run(h)),
            "name": s.op.name}


def case_x_summary_sweep_audio_channels_and_rate(tf):
    stereo = np.stack([np.linspace(-1, 1, 6), np.linspace(1, -1, 6)], axis=-1).astype(np.float32)[None]
    a = tf.summary.audio("stereo", tf.constant(stereo), 8000)
    mono = tf.summary.audio("mono", tf.constant(np.array([[0.0, 0.5, -0.5, 2.0]], np.float32)),
                            tf.constant(16000.0), max_outputs=1)
    many = tf.summary.audio("many", tf.zeros([3, 4]), 100, max_outputs=2)
    sess = tf.Session()
    return {"stereo": summary_values(sess.run(a)), "mono": summary_values(sess.run(mono)),
            "many": summary_values(sess.run(many)), "type": a.op.type}


def case_x_summary_sweep_text_shapes(tf):
    sess = tf.Session()
    scalar = tf.summary.text("s", tf.constant("hello"))
    matrix = tf.summary.text("m", tf.constant([["a", "b"], ["c", "d"]]))
    fed = tf.placeholder(tf.string, [None])
    t = tf.summary.text("fed", fed)
    return {"scalar": summary_values(sess.run(scalar)), "matrix": summary_values(sess.run(matrix)),
            "fed": summary_values(sess.run(t, {fed: ["x", "yy"]})), "name": matrix.op.name}


def case_x_summary_sweep_tensor_summary_metadata(tf):
    sess = tf.Session()
    meta = tf.SummaryMetadata()
    meta.plugin_data.plugin_name = "custom"
    meta.plugin_data.content = b"cfg"
    a = tf.summary.tensor_summary("t", tf.constant([1.5, 2.5]), summary_description="desc")
    b = tf.summary.tensor_summary("u", tf.constant([[True, False]]), summary_metadata=meta)
    c = tf.summary.tensor_summary("s", tf.constant(["x"]))
    return {"a": summary_values(sess.run(a)), "b": summary_values(sess.run(b)), "c": summary_values(sess.run(c)),
            "types": [a.op.type, b.op.type], "names": [a.op.name, c.op.name]}


def case_x_summary_sweep_merge_all_scope_and_key(tf):
    with tf.name_scope("model"):
        tf.summary.scalar("a", tf.constant(1.0))
        tf.summary.scalar("b", tf.constant(2.0), collections=["extra"])
    with tf.name_scope("other"):
        tf.summary.scalar("c", tf.constant(3.0))
    sess = tf.Session()
    m_all = tf.summary.merge_all()
    m_scope = tf.summary.merge_all(scope="model")
    m_key = tf.summary.merge_all(key="extra")
    m_none = tf.summary.merge_all(key="empty_key")
    return {"all": summary_values(sess.run(m_all)), "scope": summary_values(sess.run(m_scope)),
            "key": summary_values(sess.run(m_key)), "none": m_none, "type": m_all.op.type,
            "merge_collections": [t.op.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]}


def case_x_summary_sweep_merge_with_collections_arg(tf):
    a = tf.summary.scalar("a", tf.constant(1.0), collections=[])
    b = tf.summary.histogram("b", tf.constant([1.0, 2.0]), collections=[])
    m = tf.summary.merge([a, b], collections=["merged"], name="both")
    sess = tf.Session()
    return {"vals": [v["tag"] for v in summary_values(sess.run(m))], "name": m.op.name,
            "coll": [t.op.name for t in tf.get_collection("merged")],
            "summaries": tf.get_collection(tf.GraphKeys.SUMMARIES)}


def case_x_summary_sweep_summary_proto_by_hand(tf):
    s = tf.Summary()
    v = s.value.add()
    v.tag = "manual"
    v.simple_value = 1.25
    img = tf.Summary.Image(height=1, width=1, colorspace=1, encoded_image_string=b"\x00")
    s.value.add(tag="img", image=img)
    histo = tf.HistogramProto(min=0.0, max=1.0, num=2, sum=1.0, sum_squares=1.0, bucket_limit=[1.0], bucket=[2.0])
    s.value.add(tag="h", histo=histo)
    parsed = tf.Summary.FromString(s.SerializeToString())
    return {"tags": [x.tag for x in parsed.value], "kinds": [x.WhichOneof("value") for x in parsed.value],
            "simple": parsed.value[0].simple_value, "h_num": parsed.value[2].histo.num}


def case_x_summary_sweep_writer_add_event_and_session_logs(tf):
    d = tempfile.mkdtemp()
    try:
        w = tf.summary.FileWriter(d)
        ev = tf.Event(step=4, summary=tf.Summary(value=[tf.Summary.Value(tag="e", simple_value=3.0)]))
        ev.wall_time = 12345.0
        w.add_event(ev)
        w.add_session_log(tf.SessionLog(status=tf.SessionLog.STOP, msg="bye"), global_step=5)
        w.add_session_log(tf.SessionLog(status=tf.SessionLog.START))
        w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="noted", simple_value=1.0)]))
        w.close()
        return read_events(d)
    finally:
        shutil.rmtree(d)


def case_x_summary_sweep_writer_graph_and_meta_graph(tf):
    d = tempfile.mkdtemp()
    try:
        a = tf.placeholder(tf.float32, [], name="a")
        tf.multiply(a, 3.0, name="b")
        w = tf.summary.FileWriter(d)
        w.add_graph(tf.get_default_graph())
        w.add_meta_graph(tf.train.export_meta_graph(), global_step=9)
        w.close()
        return read_events(d, only_nodes=("a", "b"))
    finally:
        shutil.rmtree(d)


def case_x_summary_sweep_writer_reopen_after_close_and_add_after_close(tf):
    d = tempfile.mkdtemp()
    try:
        w = tf.summary.FileWriter(d)
        w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="a", simple_value=1.0)]), 1)
        w.close()
        late = catch(w.add_summary, tf.Summary(value=[tf.Summary.Value(tag="late", simple_value=2.0)]), 2)
        w.flush()
        w.close()
        n_after_close = len(event_files(d))
        time.sleep(1.1)
        w.reopen()
        w.reopen()
        w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="b", simple_value=3.0)]), 3)
        w.close()
        return {"late": late, "n_after_close": n_after_close, "n": len(event_files(d)), "events": read_events(d)}
    finally:
        shutil.rmtree(d)


def case_x_summary_sweep_summary_iterator_all_kinds(tf):
    d = tempfile.mkdtemp()
    try:
        x = tf.constant([1.0, 2.0], name="x")
        merged = tf.summary.merge([tf.summary.scalar("s", tf.reduce_sum(x)), tf.summary.histogram("h", x)])
        sess = tf.Session()
        w = tf.summary.FileWriter(d, sess.graph)
        w.add_summary(sess.run(merged), 1)
        w.add_session_log(tf.SessionLog(status=tf.SessionLog.START), 2)
        w.close()
        out = []
        for ev in tf.train.summary_iterator(os.path.join(d, event_files(d)[0])):
            kind = ev.WhichOneof("what")
            item = [kind, ev.step]
            if kind == "summary":
                item.append([(v.tag, v.WhichOneof("value")) for v in ev.summary.value])
            elif kind == "file_version":
                item.append(ev.file_version)
            elif kind == "graph_def":
                g = tf.GraphDef()
                g.ParseFromString(ev.graph_def)
                item.append(sorted(n.name for n in g.node if n.name == "x"))
            out.append(item)
        return out
    finally:
        shutil.rmtree(d)


def case_x_summary_sweep_training_loop_every_n_steps(tf):
    d = tempfile.mkdtemp()
    try:
        w_var = tf.Variable(1.0, name="w")
        loss = tf.square(w_var - 3.0)
        step = tf.train.get_or_create_global_step()
        train = tf.train.GradientDescentOptimizer(0.25).minimize(loss, global_step=step)
        tf.summary.scalar("loss", loss)
        tf.summary.histogram("w", w_var)
        merged = tf.summary.merge_all()
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        writer = tf.summary.FileWriter(d)
        for i in range(6):
            if i % 2 == 0:
                s, g = sess.run([merged, step])
                writer.add_summary(s, g)
            sess.run(train)
        writer.close()
        events = read_events(d)[0]
        return [(e["step"], [(v["tag"], v.get("value", v.get("num"))) for v in e.get("values", [])]) for e in events]
    finally:
        shutil.rmtree(d)


def case_x_summary_sweep_file_writer_cache_and_get_logdir(tf):
    d = tempfile.mkdtemp()
    try:
        w = tf.summary.FileWriterCache.get(d)
        same = tf.summary.FileWriterCache.get(d) is w
        logdir = w.get_logdir() == d
        tf.summary.FileWriterCache.clear()
        return {"same": same, "logdir": logdir, "files": len(event_files(d))}
    finally:
        shutil.rmtree(d)


def case_x_summary_sweep_plugin_data_and_description_errors(tf):
    t = tf.summary.text("note", tf.constant("x"))
    sess = tf.Session()
    parsed = tf.Summary()
    parsed.ParseFromString(sess.run(t))
    node = [n for n in tf.get_default_graph().as_graph_def().node if n.name == t.op.name][0]
    return {"plugin": parsed.value[0].metadata.plugin_data.plugin_name, "op": node.op,
            "desc": catch(tf.summary.get_summary_description, node)}


def case_x_summary_sweep_names_with_bad_chars_and_scopes(tf):
    sess = tf.Session()
    with tf.name_scope("my scope"[:2] + "_s"):
        a = tf.summary.scalar("loss/total", tf.constant(1.0))
        b = tf.summary.scalar("has space", tf.constant(2.0))
        c = tf.summary.histogram("x:y", tf.constant([1.0]))
    return {"names": [t.op.name for t in (a, b, c)], "tags": [summary_values(sess.run(t))[0]["tag"] for t in (a, b, c)]}


def case_x_summary_sweep_image_and_audio_fed_and_zero_outputs(tf):
    x = tf.placeholder(tf.float32, [None, 2, 2, 1])
    im = tf.summary.image("im", x, max_outputs=3)
    au = tf.summary.audio("au", tf.placeholder_with_default(tf.zeros([2, 3]), [None, 3]), 10, max_outputs=1)
    sess = tf.Session()
    return {"im": summary_values(sess.run(im, {x: np.full([1, 2, 2, 1], 0.5, np.float32)})),
            "im_empty": summary_values(sess.run(im, {x: np.zeros([0, 2, 2, 1], np.float32)})),
            "au": summary_values(sess.run(au)),
            "au_zero": catch(tf.summary.audio, "z", tf.zeros([1, 3]), 10, max_outputs=0),
            "im_zero": catch(tf.summary.image, "z", tf.zeros([1, 1, 1, 1]), max_outputs=0)}


def case_x_summary_sweep_writer_add_summary_types(tf):
    d = tempfile.mkdtemp()
    try:
        w = tf.summary.FileWriter(d)
        s = tf.Summary(value=[tf.Summary.Value(tag="a", simple_value=1.0)])
        w.add_summary(s, global_step=np.int64(3))
        w.add_summary(s.SerializeToString(), global_step=tf.Session().run(tf.constant(4)))
        bad = catch(w.add_summary, "not a summary", 5)
        w.close()
        return {"events": read_events(d), "bad": bad}
    finally:
        shutil.rmtree(d)


def case_x_summary_sweep_merge_fetched_with_other_ops(tf):
    x = tf.placeholder(tf.float32, [3])
    m = tf.summary.merge([tf.summary.scalar("mean", tf.reduce_mean(x)), tf.summary.histogram("x", x)])
    total = tf.reduce_sum(x)
    sess = tf.Session()
    s, t = sess.run([m, total], {x: [1.0, 2.0, 6.0]})
    return {"t": t, "summ": summary_values(s), "dtype": m.dtype.name, "shape": m.shape.as_list()}
