"""TF2's summary API in a TF1 graph (tf.compat.v2.summary, after TF's summary_ops_test.py in graph
mode): create_file_writer's ops and init, as_default with a step, scalar/text/write events and their
plugin metadata, record_if, no default writer, no step, flush/close/reopen, initialize and
all_v2_summary_ops."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch, message_has
from _tbread import event_files, read_events


def _tmp(fn):
    d = tempfile.mkdtemp()
    try:
        return fn(d)
    finally:
        shutil.rmtree(d)


def _events(d):
    return [[(e["kind"], e["step"], [(v["tag"], v["kind"], v.get("tensor"), v["plugin_name"], v["description"])
                                    for v in e.get("values", [])]) for e in f] for f in read_events(d)]


def case_x_ssweep_v2_writer_graph_ops(tf):
    def run(d):
        s2 = tf.compat.v2.summary
        w = s2.create_file_writer(d)
        g = tf.get_default_graph()
        ops = [(o.name, o.type) for o in g.get_operations()]
        init = w.init()
        return {"ops": ops, "init": [init.name, init.type, [i.op.type for i in init.inputs]],
                "collection": [o.name for o in tf.get_collection("_SUMMARY_WRITER_V2")],
                "files_before_init": len(os.listdir(d)),
                "named": s2.create_file_writer(d, name="mine").init().name}
    return _tmp(run)


def case_x_ssweep_v2_scalar_text_write_events(tf):
    def run(d):
        s2 = tf.compat.v2.summary
        w = s2.create_file_writer(d, filename_suffix=".sfx")
        step = tf.train.get_or_create_global_step()
        x = tf.placeholder(tf.float32, [])
        with w.as_default(step=step):
            a = s2.scalar("loss", x * 2.0, description="the loss")
            with tf.name_scope("grp"):
                b = s2.text("note", tf.constant("hello"), step=7)
                b2 = s2.scalar("loss", x)
            c = s2.write("raw", tf.constant([[1, 2]], tf.int64), step=3)
            c2 = s2.write("raw", lambda: tf.constant(1.5), step=4, metadata=b"")
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        sess.run(w.init())
        names = [t.name for t in (a, b, b2, c, c2)]
        fetched = [sess.run(t, {x: 1.25}) for t in (a, b, b2, c, c2)]  # one at a time: the event order
        sess.run(tf.assign(step, 5))
        sess.run(a, {x: 3.0})
        sess.run(w.flush())
        files = event_files(d)
        return {"names": names, "fetched": fetched, "suffix": [f.endswith(".sfx") for f in files],
                "events": _events(d), "types": [t.dtype.name for t in (a, c)],
                "write_op": [o.name for o in tf.get_default_graph().get_operations() if o.type == "WriteSummary"]}
    return _tmp(run)


def case_x_ssweep_v2_record_if_and_no_writer(tf):
    def run(d):
        s2 = tf.compat.v2.summary
        none = s2.scalar("nowriter", 1.0, step=1)
        w = s2.create_file_writer(d)
        rec = tf.placeholder(tf.bool, [])
        with w.as_default(step=2):
            with s2.record_if(False):
                off = s2.scalar("off", 1.0)
                should_off = s2.should_record_summaries()
            with s2.record_if(rec):
                maybe = s2.scalar("maybe", 2.0)
            with s2.record_if(lambda: tf.constant(True)):
                on = s2.scalar("on", 3.0)
            should = s2.should_record_summaries()
        outside = s2.should_record_summaries()
        sess = tf.Session()
        sess.run(w.init())
        out = {"none": sess.run(none), "off": sess.run(off), "should_off": sess.run(should_off),
               "maybe_f": sess.run(maybe, {rec: False}), "maybe_t": sess.run(maybe, {rec: True}),
               "on": sess.run(on), "should": sess.run(should), "outside": sess.run(outside),
               "v2_ops": len(tf.summary.all_v2_summary_ops())}
        sess.run(w.flush())
        out["events"] = _events(d)
        return out
    return _tmp(run)


def case_x_ssweep_v2_errors(tf):
    def run(d):
        s2 = tf.compat.v2.summary
        w = s2.create_file_writer(d)
        with w.as_default():
            nostep = message_has(lambda: s2.scalar("s", 1.0), "No step set")
            not_scalar = catch(s2.scalar, "v", tf.constant([1.0, 2.0]), step=1)
            not_string = catch(s2.text, "t", tf.constant(1.0), step=1)
            s = s2.scalar("ok", 1.0, step=1)
        sess = tf.Session()
        before_init = catch(sess.run, s)
        flush_before = catch(sess.run, w.flush())
        sess.run(w.init())
        sess.run(w.init())
        sess.run(s)
        sess.run(w.close())
        after_close = catch(sess.run, s)
        sess.run(w.init())
        sess.run(s)
        sess.run(w.flush())
        return {"nostep": nostep, "not_scalar": not_scalar, "not_string": not_string,
                "before_init": before_init, "flush_before": flush_before, "after_close": after_close,
                "flush_none": s2.flush().type, "flush_bad": catch(s2.flush, "x"),
                "init_no_writer": message_has(tf.summary.initialize, "No default"),
                "n_files": len(event_files(d)), "events": [len(f) for f in read_events(d)]}
    return _tmp(run)


def case_x_ssweep_v2_initialize_and_set_step(tf):
    def run(d):
        s2 = tf.compat.v2.summary
        w = s2.create_file_writer(d)
        w.set_as_default()
        s2.experimental.set_step(11)
        got = s2.experimental.get_step()
        s = s2.scalar("s", tf.constant(4, tf.int32))
        sess = tf.Session()
        tf.summary.initialize(session=sess)
        sess.run(s)
        sess.run(s2.flush())
        noop = s2.create_noop_writer()
        with noop.as_default():
            inner = s2.scalar("inner", 1.0, step=1)
        return {"got": got, "events": _events(d), "inner": sess.run(inner), "noop_init": noop.init(),
                "no_session": catch(tf.summary.initialize)}
    return _tmp(run)


def case_x_ssweep_v2_summary_values_dtypes(tf):
    def run(d):
        s2 = tf.compat.v2.summary
        w = s2.create_file_writer(d)
        with w.as_default(step=0):
            ops = [s2.write("f64", tf.constant(np.array([1.5, 2.5]))), s2.write("str", tf.constant([["a", "b"]])),
                   s2.write("bool", tf.constant(True)), s2.scalar("int_scalar", tf.constant(3, tf.int64)),
                   s2.text("texts", tf.constant(["x", "yy"]))]
        sess = tf.Session()
        sess.run(w.init())
        for op in ops:
            sess.run(op)
        sess.run(w.close())
        return _events(d)
    return _tmp(run)


def case_x_ssweep_v2_file_names(tf):
    def run(d):
        import re
        s2 = tf.compat.v2.summary
        writers = [s2.create_file_writer(os.path.join(d, str(i)), filename_suffix=sfx)
                   for i, sfx in enumerate((None, "", ".x", "abc"))]
        sess = tf.Session()
        for w in writers:
            sess.run(w.init())
        names = [os.listdir(os.path.join(d, str(i)))[0] for i in range(4)]
        pid = str(os.getpid())
        return [[bool(re.match(r"^events\.out\.tfevents\.\d{10}\.", n)), n.replace(pid, "PID").split(".")[-3:]]
                for n in names]
    return _tmp(run)


def _v2_values(tf, d):
    out = []
    for f in event_files(d):
        for e in tf.train.summary_iterator(os.path.join(d, f)):
            if e.HasField("summary"):
                v = e.summary.value[0]
                out.append((e.step, v.tag, v.metadata.SerializeToString(), v.tensor.dtype,
                            [x.size for x in v.tensor.tensor_shape.dim]))
    return out


def case_x_ssweep_v2_histogram_buckets(tf):
    def run(d):
        from _tbread import tensor_value
        s2 = tf.compat.v2.summary
        w = s2.create_file_writer(d)
        x = tf.placeholder(tf.float32)
        with w.as_default(step=1):
            h = s2.histogram("h", x, buckets=4, description="hd")
            h30 = s2.histogram("h30", tf.constant([0.0, 0.1, 0.25, 7.0]))
            hint = s2.histogram("hint", tf.constant([[1, 2], [3, 3]], tf.int64), buckets=3)
            hzero = s2.histogram("hzero", tf.constant([1.0, 2.0]), buckets=0)
        sess = tf.Session()
        sess.run(w.init())
        for v in ([1.0, 2.0, 3.0, 10.0], [5.0, 5.0, 5.0], [], [[-1.0, 0.5], [2.0, 1e-3]]):
            sess.run(h, {x: np.array(v, np.float32)})
        fetched = [sess.run(t) for t in (h30, hint, hzero)]
        sess.run(w.flush())
        tensors = []
        for f in event_files(d):
            for e in tf.train.summary_iterator(os.path.join(d, f)):
                if e.HasField("summary"):
                    tensors.append(tensor_value(e.summary.value[0].tensor))
        return {"values": _v2_values(tf, d), "tensors": tensors, "fetched": fetched, "name": h.name,
                "bad_buckets": catch(s2.histogram, "b", tf.constant([1.0]), step=1, buckets=tf.constant(2.5))}
    return _tmp(run)


def case_x_ssweep_v2_image_and_metadata(tf):
    def run(d):
        from _tbread import decode_png
        s2 = tf.compat.v2.summary
        w = s2.create_file_writer(d)
        with w.as_default(step=2):
            f = s2.image("f", tf.constant(np.linspace(0, 1.2, 2 * 2 * 3 * 3).reshape(2, 2, 3, 3).astype(np.float32)),
                         max_outputs=1)
            u = s2.image("u", tf.constant(np.arange(3 * 1 * 2 * 1, dtype=np.uint8).reshape(3, 1, 2, 1) * 40),
                         description="ud")
            s = s2.scalar("s", 1.0)
            t = s2.text("t", "x", description="td")
        sess = tf.Session()
        sess.run(w.init())
        for op in (f, u, s, t):
            sess.run(op)
        sess.run(w.flush())
        images = []
        for name in event_files(d):
            for e in tf.train.summary_iterator(os.path.join(d, name)):
                if e.HasField("summary") and e.summary.value[0].tag in ("f", "u"):
                    vals = list(e.summary.value[0].tensor.string_val)
                    images.append([vals[0], vals[1]] + [decode_png(p).get("pixels") for p in vals[2:]])
        return {"values": _v2_values(tf, d), "images": images,
                "bad_rank": catch(lambda: sess.run(s2.image("r", tf.zeros([2, 2, 3]), step=1)))}
    return _tmp(run)


def case_x_ssweep_v2_audio(tf):
    def run(d):
        from _tbread import decode_wav
        s2 = tf.compat.v2.summary
        w = s2.create_file_writer(d)
        clips = np.stack([np.linspace(-1, 1, 8).reshape(4, 2), np.linspace(1, -1, 8).reshape(4, 2)]).astype(np.float32)
        with w.as_default(step=3):
            a = s2.audio("a", tf.constant(clips), 8000, max_outputs=1, description="ad")
            b = s2.audio("b", tf.constant(clips), tf.constant(16000), max_outputs=5)
            e = s2.audio("e", tf.zeros([0, 4, 1]), 100)
        sess = tf.Session()
        sess.run(w.init())
        for op in (a, b, e):
            sess.run(op)
        sess.run(w.flush())
        out = []
        for name in event_files(d):
            for ev in tf.train.summary_iterator(os.path.join(d, name)):
                if ev.HasField("summary"):
                    v = ev.summary.value[0]
                    vals = list(v.tensor.string_val)
                    out.append([v.tag, [x.size for x in v.tensor.tensor_shape.dim],
                                [decode_wav(x) if i % 2 == 0 else x for i, x in enumerate(vals)]])
        return {"values": _v2_values(tf, d), "decoded": out,
                "bad_encoding": catch(s2.audio, "x", tf.zeros([1, 2, 1]), 8000, step=1, encoding="mp3")}
    return _tmp(run)
