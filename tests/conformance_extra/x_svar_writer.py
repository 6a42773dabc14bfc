"""Variations of the public summary_writer cases: FileWriter with graph_def=, steps of several types,
add_graph/add_meta_graph forms and their errors, session logs, filename_suffix, several writers on one
logdir, flush/close/reopen order, FileWriterCache keys, summary_iterator and EventAccumulator reads."""
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


def _brief(logdir):
    """Per file: (kind, step, tags or status) of each event."""
    out = []
    for events in read_events(logdir):
        rows = []
        for e in events:
            detail = [v["tag"] for v in e.get("values", [])] or e.get("status") or e.get("file_version")
            rows.append((e["kind"], e["step"], detail))
        out.append(rows)
    return out


# ---------------------------------------------------------------- graph + steps
def case_x_svar_writer_graph_def_kwarg_and_steps(tf):
    def run(d):
        x = tf.constant(1.0, name="x")
        s = tf.summary.scalar("s", x)
        sess = tf.Session()
        w = tf.summary.FileWriter(d, graph_def=sess.graph_def)
        val = sess.run(s)
        for step in (np.int64(3), np.int32(4), 2 ** 40, -5, 0):
            w.add_summary(val, step)
        w.add_summary(val)
        w.add_summary(val, None)
        w.close()
        return {"events": read_events(d, only_nodes=("x",)), "files": len(event_files(d))}
    return _tmp(run)


def case_x_svar_writer_graph_and_graph_def_both(tf):
    def run(d):
        g = tf.Graph()
        with g.as_default():
            tf.constant(2.0, name="other")
        tf.constant(1.0, name="mine")
        both = catch(tf.summary.FileWriter, os.path.join(d, "both"), graph=g, graph_def=g.as_graph_def())
        w = tf.summary.FileWriter(os.path.join(d, "g"), graph=g)
        w.close()
        return {"both": both, "dirs": sorted(os.listdir(d)),
                "events": read_events(os.path.join(d, "g"), only_nodes=("other", "mine"))}
    return _tmp(run)


# ---------------------------------------------------------------- add_graph later
def case_x_svar_add_graph_forms_and_errors(tf):
    def run(d):
        a = tf.constant([1.0], name="a")
        tf.identity(a, name="b")
        sess = tf.Session()
        w = tf.summary.FileWriter(d)
        w.add_graph(graph_def=sess.graph_def, global_step=1)
        w.add_graph(sess.graph_def, global_step=2)
        w.add_graph(sess.graph)
        both = message_has(lambda: w.add_graph(sess.graph, graph_def=sess.graph_def), "only graph")
        bad = catch(w.add_graph, "not a graph")
        none = catch(w.add_graph, None)
        meta = tf.train.export_meta_graph()
        w.add_meta_graph(meta, global_step=4)
        bad_meta = catch(w.add_meta_graph, sess.graph_def)
        w.close()
        return {"both": both, "bad": bad, "none": none, "bad_meta": bad_meta,
                "events": read_events(d, only_nodes=("a", "b"))}
    return _tmp(run)


# ---------------------------------------------------------------- manual protos, session logs
def case_x_svar_manual_summary_kinds_and_session_logs(tf):
    def run(d):
        w = tf.summary.FileWriter(d)
        histo = tf.HistogramProto(min=0.0, max=2.0, num=3, sum=3.0, sum_squares=5.0, bucket_limit=[1.0, 2.0],
                                  bucket=[1.0, 2.0])
        summ = tf.Summary(value=[tf.Summary.Value(tag="h", histo=histo),
                                 tf.Summary.Value(tag="s", simple_value=1.0)])
        w.add_summary(summ, 1)
        bytearray_summary = catch(w.add_summary, bytearray(summ.SerializeToString()), 2)
        w.add_summary(tf.Summary(), 3)
        w.add_session_log(tf.SessionLog(status=tf.SessionLog.STOP, msg="done"))
        w.add_session_log(tf.SessionLog(), 5)
        w.add_session_log(None, 6)
        w.add_session_log({"status": tf.SessionLog.START, "msg": "from dict"}, 7)
        bad_summary = message_has(lambda: w.add_summary(1.5, 6), "'float' object has no attribute 'value'")
        bad_log = message_has(lambda: w.add_session_log("START", 7), "must be dict or instance of same class")
        bad_log_proto = catch(w.add_session_log, tf.Summary(), 8)
        w.close()
        return {"bad_summary": bad_summary, "bad_log": bad_log, "bad_log_proto": bad_log_proto,
                "bytearray": bytearray_summary, "events": read_events(d),
                "status_names": [tf.SessionLog.SessionStatus.Name(s) for s in range(4)]}
    return _tmp(run)


def case_x_svar_add_event_by_hand(tf):
    def run(d):
        w = tf.summary.FileWriter(d)
        ev = tf.Event(wall_time=123.0, step=9, summary=tf.Summary(value=[tf.Summary.Value(tag="e", simple_value=2.0)]))
        w.add_event(ev)
        w.add_event(tf.Event(step=10, file_version="custom"))
        w.close()
        path = os.path.join(d, event_files(d)[0])
        return [(e.wall_time if e.wall_time == 123.0 else "now", e.step, e.WhichOneof("what"))
                for e in tf.train.summary_iterator(path)][1:]
    return _tmp(run)


# ---------------------------------------------------------------- flush/close order
def case_x_svar_flush_close_order(tf):
    def run(d):
        v = tf.placeholder(tf.float32, [])
        s = tf.summary.scalar("v", v)
        sess = tf.Session()
        w = tf.summary.FileWriter(d, max_queue=1, flush_secs=1000)
        w.add_summary(sess.run(s, {v: 1.0}), 1)
        w.add_summary(sess.run(s, {v: 2.0}), 2)
        w.flush()
        w.flush()
        first = _brief(d)
        w.close()
        w.close()
        w.add_summary(sess.run(s, {v: 3.0}), 3)  # dropped: the writer is closed
        w.flush()
        after_close = _brief(d)
        w.reopen()
        w.reopen()
        w.flush()
        return {"first": first, "after_close": after_close, "files_after_reopen": len(event_files(d)),
                "logdir": w.get_logdir() == d}
    return _tmp(run)


def case_x_svar_context_manager_flushes_and_suffix(tf):
    def run(d):
        logdir = os.path.join(d, "a", "b", "c")
        s = tf.summary.scalar("c", tf.constant(4.0))
        sess = tf.Session()
        with tf.summary.FileWriter(logdir, filename_suffix=".mine") as w:
            files_at_open = [f.endswith(".mine") for f in event_files(logdir)]
            w.add_summary(sess.run(s), 1)
        ctx = tf.summary.FileWriter(os.path.join(d, "x"))
        entered = ctx.__enter__() is ctx
        ctx.__exit__(None, None, None)
        return {"files_at_open": files_at_open, "entered": entered, "events": _brief(logdir),
                "suffix": [f.endswith(".mine") for f in event_files(logdir)],
                "x_files": len(event_files(os.path.join(d, "x")))}
    return _tmp(run)


def case_x_svar_several_writers_one_logdir(tf):
    def run(d):
        s = tf.summary.scalar("val", tf.placeholder_with_default(1.0, []))
        sess = tf.Session()
        w1 = tf.summary.FileWriter(d, filename_suffix=".one")
        w2 = tf.summary.FileWriter(d, filename_suffix=".two")
        w1.add_summary(sess.run(s), 1)
        w2.add_summary(sess.run(s, {s.op.inputs[1]: 2.0}), 2)
        w1.close()
        w2.close()
        files = event_files(d)
        from tensorboard.backend.event_processing import event_accumulator
        acc = event_accumulator.EventAccumulator(d)
        acc.Reload()
        return {"suffixes": sorted(f.rsplit(".", 1)[1] for f in files),
                "per_file": sorted(str(x) for x in _brief(d)),
                "accumulated": sorted((e.step, e.value) for e in acc.Scalars("val"))}
    return _tmp(run)


def case_x_svar_logdir_is_a_file(tf):
    def run(d):
        path = os.path.join(d, "plain")
        with open(path, "w") as f:
            f.write("x")
        return {"err": message_has(lambda: tf.summary.FileWriter(path), "plain is not a directory"),
                "nested": message_has(lambda: tf.summary.FileWriter(os.path.join(path, "sub")), "plain is not a directory"),
                "err_class": catch(tf.summary.FileWriter, path), "still_file": os.path.isfile(path)}
    return _tmp(run)


# ---------------------------------------------------------------- cache
def case_x_svar_file_writer_cache_graph_and_keys(tf):
    def run(d):
        tf.constant(5.0, name="cached_const")
        a = tf.summary.FileWriterCache.get(d)
        other = os.path.join(d, "other")  # its files are not read: two writers on one name race
        b = tf.summary.FileWriterCache.get(other)
        b_slash = tf.summary.FileWriterCache.get(other + "/")
        a.flush()
        events = read_events(d, only_nodes=("cached_const",))
        tf.summary.FileWriterCache.clear()
        return {"trailing_slash_same": b is b_slash, "logdirs": [a.get_logdir() == d, b_slash.get_logdir() == other + "/"],
                "events": [[e["kind"] for e in f] for f in events],
                "graph_nodes": [e.get("nodes") for f in events for e in f if e["kind"] == "graph_def"]}
    return _tmp(run)


# ---------------------------------------------------------------- reading back
def case_x_svar_summary_iterator_every_event_kind(tf):
    def run(d):
        x = tf.placeholder(tf.float32, [], name="xx")
        merged = tf.summary.merge([tf.summary.scalar("loss", x), tf.summary.histogram("hist", x),
                                   tf.summary.text("txt", tf.as_string(x))])
        sess = tf.Session()
        w = tf.summary.FileWriter(d, sess.graph, filename_suffix="-it")
        w.add_summary(sess.run(merged, {x: 2.0}), 5)
        w.add_session_log(tf.SessionLog(status=tf.SessionLog.CHECKPOINT, checkpoint_path="p"), 6)
        w.close()
        out = []
        for ev in tf.train.summary_iterator(os.path.join(d, event_files(d)[0])):
            row = {"what": ev.WhichOneof("what"), "step": ev.step, "type": type(ev).__name__}
            if ev.HasField("summary"):
                row["values"] = [(v.tag, v.WhichOneof("value"), v.metadata.plugin_data.plugin_name)
                                 for v in ev.summary.value]
            out.append(row)
        return out
    return _tmp(run)


def case_x_svar_event_accumulator_families_and_outputs(tf):
    from tensorboard.backend.event_processing import event_accumulator

    def run(d):
        x = tf.placeholder(tf.float32, [], name="x")
        with tf.name_scope("net"):
            tf.summary.scalar("loss", x, family="train")
            tf.summary.image("im", tf.cast(tf.fill([3, 2, 2, 1], x * 10.0), tf.uint8), max_outputs=2)
            tf.summary.audio("au", tf.fill([2, 3, 2], x / 10.0), 200, max_outputs=1)
            tf.summary.histogram("h", tf.fill([2], x), family="dist")
        merged = tf.summary.merge_all()
        sess = tf.Session()
        w = tf.summary.FileWriter(d)
        for step in (3, 1, 2):
            w.add_summary(sess.run(merged, {x: float(step)}), step)
        w.close()
        acc = event_accumulator.EventAccumulator(d, size_guidance={k: 0 for k in event_accumulator.DEFAULT_SIZE_GUIDANCE})
        acc.Reload()
        tags = {k: (sorted(v) if isinstance(v, list) else v) for k, v in acc.Tags().items()}
        return {"tags": tags,
                "scalars": [(e.step, e.value) for t in tags["scalars"] for e in acc.Scalars(t)],
                "images": [(t, e.step, e.width, e.height) for t in tags["images"] for e in acc.Images(t)],
                "audio": [(t, e.step, e.length_frames, e.sample_rate) for t in tags["audio"] for e in acc.Audio(t)],
                "hist": [(t, e.step, e.histogram_value.num) for t in tags["histograms"] for e in acc.Histograms(t)]}
    return _tmp(run)
