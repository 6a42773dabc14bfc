"""FileWriter and event-file sweep (after TF's writer_test.py and summary_iterator_test.py): file name
pattern and suffix, the file_version event, wall times and steps, add_summary's metadata stripping,
add_graph/add_meta_graph argument checks, run metadata read back by tensorboard's EventAccumulator,
session logs, FileWriterCache, summary_iterator errors and the proto message names."""
import os
import re
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


def _raw_events(tf, d):
    return [e for f in event_files(d) for e in tf.train.summary_iterator(os.path.join(d, f))]


def case_x_ssweep_file_name_and_first_event(tf):
    def run(d):
        w = tf.summary.FileWriter(os.path.join(d, "nested", "dir"), filename_suffix="_sfx.v2")
        w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="x", simple_value=1.0)]), 7)
        w.close()
        sub = os.path.join(d, "nested", "dir")
        names = os.listdir(sub)
        events = _raw_events(tf, sub)
        first = events[0]
        return {"n": len(names),
                "pattern": [bool(re.match(r"^events\.out\.tfevents\.\d{10}\..+_sfx\.v2$", n)) for n in names],
                "first": [first.WhichOneof("what"), first.file_version, first.step,
                          first.wall_time == int(first.wall_time), first.source_metadata.writer],
                "steps": [e.step for e in events], "kinds": [e.WhichOneof("what") for e in events],
                "wall_increasing": events[1].wall_time >= first.wall_time,
                "wall_fraction": isinstance(events[1].wall_time, float)}
    return _tmp(run)


def case_x_ssweep_add_summary_forms_and_metadata_stripping(tf):
    def run(d):
        w = tf.summary.FileWriter(d)
        sess = tf.Session()
        text = tf.summary.text("note", tf.constant("hi"))
        ts = tf.summary.tensor_summary("ts", tf.constant(1.0), summary_description="d")
        both = tf.summary.merge([text, ts])
        for step in range(3):
            w.add_summary(sess.run(both), step)
        w.add_summary(sess.run(text))
        w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="plain", simple_value=2.0)]), global_step=np.int32(9))
        out = {"bad_str": catch(w.add_summary, "str"), "bad_none": catch(w.add_summary, None),
               "bad_step": catch(w.add_summary, tf.Summary(), global_step="x")}
        w.close()
        events = _raw_events(tf, d)
        out["events"] = [(e.step, [(v.tag, v.HasField("metadata"), v.metadata.plugin_data.plugin_name)
                                   for v in e.summary.value]) for e in events if e.HasField("summary")]
        return out
    return _tmp(run)


def case_x_ssweep_add_graph_and_meta_graph_checks(tf):
    def run(d):
        tf.constant(1.0, name="k")
        g = tf.get_default_graph()
        w = tf.summary.FileWriter(d)
        out = {"both": message_has(lambda: w.add_graph(g, graph_def=g.as_graph_def()), "not both"),
               "bad_type": message_has(lambda: w.add_graph("graph"), "Graph"),
               "none": catch(w.add_graph, None),
               "meta_bad": message_has(lambda: w.add_meta_graph(g.as_graph_def()), "MetaGraphDef"),
               "meta_bytes": catch(w.add_meta_graph, tf.train.export_meta_graph().SerializeToString())}
        w.add_graph(g.as_graph_def(), global_step=3)
        w.add_graph(g, global_step=4)
        w.close()
        events = read_events(d, only_nodes=("k",))[0]
        out["events"] = [(e["kind"], e["step"], e.get("nodes")) for e in events]
        return out
    return _tmp(run)


def case_x_ssweep_constructor_graph_def_and_session_logs(tf):
    def run(d):
        tf.constant(1.0, name="k")
        gd = tf.get_default_graph().as_graph_def()
        w = tf.summary.FileWriter(d, graph_def=gd)
        w.add_session_log(tf.SessionLog(status=tf.SessionLog.CHECKPOINT, checkpoint_path="/x/ckpt", msg="m"), 5)
        w.add_session_log(tf.SessionLog(status=tf.SessionLog.STATUS_UNSPECIFIED))
        out = {"bad": catch(w.add_session_log, "start")}
        w.close()
        out["events"] = [(e["kind"], e["step"], e.get("status"), e.get("checkpoint_path"), e.get("nodes"))
                         for e in read_events(d, only_nodes=("k",))[0]]
        out["enum"] = [tf.SessionLog.START, tf.SessionLog.STOP, tf.SessionLog.CHECKPOINT,
                       tf.SessionLog.SessionStatus.Name(3)]
        return out
    return _tmp(run)


def case_x_ssweep_event_accumulator_reads_everything(tf):
    def run(d):
        from tensorboard.backend.event_processing import event_accumulator as ea
        x = tf.placeholder(tf.float32, [4], name="x")
        tf.summary.scalar("mean", tf.reduce_mean(x))
        tf.summary.histogram("hist", x)
        tf.summary.image("img", tf.reshape(x, [1, 2, 2, 1]))
        tf.summary.audio("aud", tf.reshape(x, [1, 4]), 8000)
        tf.summary.text("txt", tf.as_string(x))
        merged = tf.summary.merge_all()
        sess = tf.Session()
        w = tf.summary.FileWriter(d, sess.graph)
        for step in range(3):
            meta = tf.RunMetadata()
            s = sess.run(merged, {x: np.arange(4, dtype=np.float32) + step},
                         options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE), run_metadata=meta)
            w.add_summary(s, step)
            if step == 1:
                w.add_run_metadata(meta, "step1", step)
        w.close()
        acc = ea.EventAccumulator(d, size_guidance={ea.TENSORS: 0, ea.SCALARS: 0})
        acc.Reload()
        tags = acc.Tags()
        return {"tags": {k: sorted(v) if isinstance(v, list) else v for k, v in tags.items()},
                "scalars": [(e.step, e.value) for e in acc.Scalars("mean")],
                "hist": [(e.step, e.histogram_value.num, e.histogram_value.max) for e in acc.Histograms("hist")],
                "images": [(e.step, e.width, e.height) for e in acc.Images("img/image/0")],
                "audio": [(e.step, e.sample_rate, e.length_frames) for e in acc.Audio("aud/audio/0")],
                "text": [(e.step, list(tf.make_ndarray(e.tensor_proto).ravel()) if hasattr(tf, "make_ndarray") else None)
                         for e in acc.Tensors("txt")],
                "run_meta": type(acc.RunMetadata("step1")).__name__,
                "graph_nodes": sorted(n.name for n in acc.Graph().node if n.name == "x"),
                "has_meta_graph": acc.MetaGraph() is not None}
    return _tmp(run)


def case_x_ssweep_writer_cache_and_close_semantics(tf):
    def run(d):
        a = tf.summary.FileWriterCache.get(os.path.join(d, "a"))
        b = tf.summary.FileWriterCache.get(os.path.join(d, "b"))
        distinct = a is not b
        tf.summary.FileWriterCache.clear()
        c = tf.summary.FileWriterCache.get(os.path.join(d, "a"))
        fresh = c is not a
        c.add_summary(tf.Summary(value=[tf.Summary.Value(tag="v", simple_value=1.0)]), 1)
        c.flush()
        flushed = [[e["kind"] for e in f] for f in read_events(os.path.join(d, "a"))]
        tf.summary.FileWriterCache.clear()
        w = tf.summary.FileWriter(os.path.join(d, "c"))
        w.close()
        w.close()
        w.flush()
        with tf.summary.FileWriter(os.path.join(d, "ctx")) as cw:
            cw.add_summary(tf.Summary(), 2)
        return {"distinct": distinct, "fresh": fresh, "flushed": flushed,
                "ctx": [[e["kind"] for e in f] for f in read_events(os.path.join(d, "ctx"))],
                "cls": type(c).__name__}
    return _tmp(run)


def case_x_ssweep_summary_iterator_errors(tf):
    def run(d):
        missing = os.path.join(d, "missing")
        junk = os.path.join(d, "junk")
        with open(junk, "wb") as f:
            f.write(b"\x05\x00\x00\x00\x00\x00\x00\x00garbage-not-a-record")
        empty = os.path.join(d, "empty")
        open(empty, "wb").close()
        w = tf.summary.FileWriter(os.path.join(d, "w"))
        w.close()
        path = os.path.join(d, "w", event_files(os.path.join(d, "w"))[0])
        with open(path, "rb") as f:
            whole = f.read()
        truncated = os.path.join(d, "trunc")
        with open(truncated, "wb") as f:
            f.write(whole[:-3])
        return {"missing": catch(lambda: list(tf.train.summary_iterator(missing))),
                "junk": catch(lambda: list(tf.train.summary_iterator(junk))),
                "empty": catch(lambda: list(tf.train.summary_iterator(empty))),
                "trunc": catch(lambda: [e.file_version for e in tf.train.summary_iterator(truncated)]),
                "whole": [e.file_version for e in tf.train.summary_iterator(path)]}
    return _tmp(run)


def case_x_ssweep_proto_message_names(tf):
    names = {n: getattr(tf.summary, n).DESCRIPTOR.full_name
             for n in ("Event", "SessionLog", "Summary", "SummaryDescription", "TaggedRunMetadata")}
    ev = tf.summary.Event(step=3, wall_time=1.5, file_version="brain.Event:2")
    tr = tf.summary.TaggedRunMetadata(tag="t", run_metadata=b"\x01")
    s = tf.Summary(value=[tf.Summary.Value(tag="a", simple_value=1.0, metadata=tf.SummaryMetadata(
        plugin_data=tf.SummaryMetadata.PluginData(plugin_name="scalars")))])
    return {"names": names, "top": [tf.Event is tf.summary.Event, tf.Summary is tf.summary.Summary,
                                    tf.SessionLog is tf.summary.SessionLog],
            "event_fields": [f.name for f in tf.summary.Event.DESCRIPTOR.fields],
            "ev": ev.SerializeToString(), "tr": tr.SerializeToString(), "s": s.SerializeToString(),
            "value_fields": [f.name for f in tf.Summary.Value.DESCRIPTOR.fields],
            "nested": [tf.Summary.Image.DESCRIPTOR.full_name, tf.Summary.Audio.DESCRIPTOR.full_name,
                       tf.HistogramProto.DESCRIPTOR.full_name, tf.SummaryMetadata.PluginData.DESCRIPTOR.full_name]}


def case_x_ssweep_file_writer_with_session(tf):
    def run(d):
        tf.constant(1.0, name="k")
        sess = tf.Session()
        w = tf.summary.FileWriter(d, graph=sess.graph, session=sess)
        names = os.listdir(d)
        pid = str(os.getpid())
        w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="a", simple_value=1.0)]), 3)
        w.add_session_log(tf.SessionLog(status=tf.SessionLog.START), 4)
        w.flush()
        ops = sorted({o.type for o in tf.get_default_graph().get_operations()})
        w.close()
        after_close = catch(w.flush)
        w.add_summary(tf.Summary(), 5)
        return {"names": [n.replace(pid, "PID").split(".")[-3:] for n in names], "ops": ops,
                "filewriter_ops": sorted(o.name for o in tf.get_default_graph().get_operations()
                                         if o.name.startswith("filewriter/") and "/" not in o.name[11:]),
                "events": [[(e["kind"], e["step"]) for e in f] for f in read_events(d, only_nodes=("k",))],
                "after_close": after_close}
    return _tmp(run)
