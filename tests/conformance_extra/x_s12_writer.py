"""Second-pass variations of the public summary_writer cases: FileWriter over graphs holding loops and
variables, graphs grown after the writer took them, add_graph/add_meta_graph/add_run_metadata with
steps, hand-built Summary values of every kind, writes after close, several reopen/close cycles,
filename_suffix with the context manager, and summary_iterator over every event kind."""
import os

import numpy as np

from _casekit import in_tmp
from _harness import catch, message_has
from _tbread import event_files, read_events


def _brief(logdir):
    """Per file: (kind, step, tags or status or node count) of each event."""
    out = []
    for events in read_events(logdir):
        rows = []
        for e in events:
            detail = ([v["tag"] for v in e.get("values", [])] or e.get("status") or e.get("file_version")
                      or e.get("tag") or len(e.get("nodes", [])))
            rows.append((e["kind"], e["step"], detail))
        out.append(rows)
    return out


def case_x_s12_writer_graph_snapshot_with_loop_and_variables(tf):
    def run(d):
        v = tf.Variable(1.0, name="v")
        _, out = tf.while_loop(lambda i, x: i < 3, lambda i, x: (i + 1, x * 2.0), [tf.constant(0), v], name="loop")
        sess = tf.Session()
        w = tf.summary.FileWriter(d, sess.graph)
        tf.constant(5.0, name="added_after")
        w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="t", simple_value=1.0)]), 1)
        w.close()
        events = read_events(d)
        nodes = [n["name"] for n in events[0][1]["nodes"]]
        return {"kinds": [e["kind"] for e in events[0]], "has_loop_exit": "loop/Exit_1" in nodes,
                "has_v": "v" in nodes, "has_added_after": "added_after" in nodes,
                "ops": sorted({n["op"] for n in events[0][1]["nodes"]})}
    return in_tmp(run)


def case_x_s12_writer_add_graph_of_other_graph_and_meta(tf):
    def run(d):
        other = tf.Graph()
        with other.as_default():
            a = tf.placeholder(tf.float32, name="a")
            tf.add(a, 1.0, name="a_plus")
            mg = tf.train.export_meta_graph()
        tf.constant(0.0, name="default_only")
        w = tf.summary.FileWriter(d)
        w.add_graph(other, global_step=4)
        w.add_meta_graph(mg, global_step=6)
        w.add_graph(None, graph_def=other.as_graph_def(), global_step=8)
        errors = {"neither": catch(w.add_graph, None), "bad_meta": catch(w.add_meta_graph, other.as_graph_def()),
                  "bad_graph": catch(w.add_graph, "not a graph")}
        w.close()
        return {"events": read_events(d, only_nodes=("a", "a_plus", "default_only")), "errors": errors}
    return in_tmp(run)


def case_x_s12_writer_run_metadata_and_steps(tf):
    def run(d):
        x = tf.placeholder(tf.float32, [2], name="x")
        y = tf.reduce_sum(x * x, name="y")
        sess = tf.Session()
        opts = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
        md = tf.RunMetadata()
        val = sess.run(y, {x: [1.0, 2.0]}, options=opts, run_metadata=md)
        w = tf.summary.FileWriter(d)
        w.add_run_metadata(md, "step_3", global_step=3)
        w.add_run_metadata(md, "no_step")
        dup = catch(w.add_run_metadata, md, "step_3", 4)
        w.close()
        return {"val": val, "events": _brief(d), "dup": dup}
    return in_tmp(run)


def case_x_s12_writer_hand_built_values_of_every_kind(tf):
    def run(d):
        hist = tf.HistogramProto(min=-1.0, max=2.0, num=3, sum=1.5, sum_squares=5.25,
                                 bucket_limit=[0.0, 2.0], bucket=[1.0, 2.0])
        summ = tf.Summary(value=[
            tf.Summary.Value(tag="h", histo=hist),
            tf.Summary.Value(tag="img", image=tf.Summary.Image(height=1, width=1, colorspace=1,
                                                               encoded_image_string=b"not png")),
            tf.Summary.Value(tag="ten", tensor=tf.make_tensor_proto(np.array([1, 2], np.int32))),
            tf.Summary.Value(tag="plain", simple_value=3.0)])
        w = tf.summary.FileWriter(d)
        w.add_summary(summ, 2)
        w.add_session_log(tf.SessionLog(status=tf.SessionLog.STOP, msg="bye"), 3)
        w.add_session_log(tf.SessionLog(), 4)
        w.close()
        ev = read_events(d)[0]
        vals = ev[1]["values"]
        return {"kinds": [(v["tag"], v["kind"]) for v in vals], "hist": {k: vals[0][k] for k in ("min", "max", "num", "sum", "bucket")},
                "img": (vals[1]["height"], vals[1]["png"]), "tensor": vals[2]["tensor"],
                "logs": [(e["status"], e["msg"], e["step"]) for e in ev[2:]]}
    return in_tmp(run)


def case_x_s12_writer_add_after_close_and_double_close(tf):
    def run(d):
        w = tf.summary.FileWriter(d)
        w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="a", simple_value=1.0)]), 1)
        w.close()
        w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="lost", simple_value=2.0)]), 2)
        second_close = catch(w.close)
        flush_closed = catch(w.flush)
        return {"events": _brief(d), "second_close": second_close, "flush_closed": flush_closed,
                "logdir": w.get_logdir() == d, "files": len(event_files(d))}
    return in_tmp(run)


def case_x_s12_writer_reopen_while_open_is_noop(tf):
    def run(d):
        w = tf.summary.FileWriter(d)
        w.reopen()
        w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="a", simple_value=1.0)]), 1)
        w.reopen()
        w.flush()
        first = _brief(d)
        w.close()
        return {"first": first, "files": len(event_files(d)), "after": _brief(d)}
    return in_tmp(run)


def case_x_s12_writer_filename_suffix_and_exception_in_with(tf):
    def run(d):
        def body():
            with tf.summary.FileWriter(d, filename_suffix=".mine") as w:
                w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="before_error", simple_value=1.0)]), 5)
                raise KeyError("inside")
        raised = catch(body)
        names = event_files(d)
        return {"raised": raised, "suffix": [n.endswith(".mine") for n in names],
                "prefix": [n.startswith("events.out.tfevents.") for n in names], "events": _brief(d)}
    return in_tmp(run)


def case_x_s12_writer_max_queue_and_flush_secs(tf):
    def run(d):
        w = tf.summary.FileWriter(d, max_queue=1, flush_secs=1000)
        for step in range(4):
            w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="q", simple_value=float(step))]), step)
        w.flush()
        mid = _brief(d)
        w.close()
        bad = {"max_queue_zero": catch(lambda: tf.summary.FileWriter(os.path.join(d, "z"), max_queue=0).close())}
        return {"mid": mid, "bad": bad}
    return in_tmp(run)


def case_x_s12_summary_iterator_every_field(tf):
    def run(d):
        x = tf.placeholder(tf.float32, [], name="x")
        merged = tf.summary.merge([tf.summary.scalar("sc", x), tf.summary.histogram("hi", tf.stack([x, x * 2])),
                                   tf.summary.text("tx", tf.as_string(x))])
        sess = tf.Session()
        w = tf.summary.FileWriter(d, sess.graph)
        w.add_summary(sess.run(merged, {x: 2.0}), 7)
        w.add_session_log(tf.SessionLog(status=tf.SessionLog.START), 7)
        w.close()
        path = os.path.join(d, event_files(d)[0])
        out = []
        for ev in tf.train.summary_iterator(path):
            kind = ev.WhichOneof("what")
            item = {"kind": kind, "step": ev.step, "type": type(ev).__name__}
            if kind == "summary":
                item["values"] = [(v.tag, v.WhichOneof("value")) for v in ev.summary.value]
                item["histo_num"] = ev.summary.value[1].histo.num
                item["text"] = list(ev.summary.value[2].tensor.string_val)
                item["plugin"] = ev.summary.value[2].metadata.plugin_data.plugin_name
            elif kind == "graph_def":
                gd = tf.GraphDef()
                gd.ParseFromString(ev.graph_def)
                item["x_in_graph"] = any(n.name == "x" for n in gd.node)
            elif kind == "session_log":
                item["status"] = ev.session_log.status
            out.append(item)
        return out
    return in_tmp(run)


def case_x_s12_summary_iterator_bad_paths(tf):
    def run(d):
        missing = os.path.join(d, "nope.tfevents")
        trunc = os.path.join(d, "events.out.tfevents.trunc")
        w = tf.summary.FileWriter(d)
        w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="a", simple_value=1.0)]), 1)
        w.close()
        with open(os.path.join(d, event_files(d)[0]), "rb") as f:
            data = f.read()
        with open(trunc, "wb") as f:
            f.write(data[:-5])
        good_steps = []

        def read_trunc():
            for ev in tf.train.summary_iterator(trunc):
                good_steps.append(ev.step)
        return {"missing": catch(lambda: list(tf.train.summary_iterator(missing))),
                "missing_msg": message_has(lambda: list(tf.train.summary_iterator(missing)), "nope.tfevents"),
                "trunc": catch(read_trunc), "trunc_steps": good_steps}
    return in_tmp(run)


def case_x_s12_event_accumulator_training_run(tf):
    from tensorboard.backend.event_processing import event_accumulator

    def run(d):
        w = tf.Variable([2.0, -1.0], name="w")
        loss = tf.reduce_sum(tf.square(w))
        gstep = tf.train.get_or_create_global_step()
        train = tf.train.GradientDescentOptimizer(0.25).minimize(loss, global_step=gstep)
        with tf.name_scope("metrics"):
            tf.summary.scalar("loss", loss)
            tf.summary.histogram("w", w)
            tf.summary.tensor_summary("raw", w)
        merged = tf.summary.merge_all()
        sess = tf.Session()
        sess.run(tf.global_variables_initializer())
        fw = tf.summary.FileWriter(d, sess.graph)
        for _ in range(3):
            s, step = sess.run([merged, gstep])
            fw.add_summary(s, step)
            sess.run(train)
        fw.close()
        acc = event_accumulator.EventAccumulator(d, size_guidance={k: 0 for k in event_accumulator.DEFAULT_SIZE_GUIDANCE})
        acc.Reload()
        tags = acc.Tags()
        return {"tags": {k: (sorted(v) if isinstance(v, list) else v) for k, v in tags.items()},
                "loss": [(e.step, e.value) for e in acc.Scalars("metrics/loss")],
                "hist": [(e.step, e.histogram_value.min, e.histogram_value.max) for e in acc.Histograms("metrics/w")],
                "raw": [(e.step, list(e.tensor_proto.float_val) or e.tensor_proto.tensor_content)
                        for e in acc.Tensors("metrics/raw")]}
    return in_tmp(run)
