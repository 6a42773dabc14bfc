"""SummarySaverHook and StepCounterHook output (after TF's basic_session_run_hooks_test.py): which
events land in the event file at which global steps, through FileWriterCache or a given writer, and
the hooks' argument errors. Rates are timings, so only their tags and steps are compared."""
import os
import shutil
import tempfile

from _harness import catch, message_has
from _tbread import read_events


def _tmp(fn, tf):
    d = tempfile.mkdtemp()
    try:
        return fn(d)
    finally:
        tf.summary.FileWriterCache.clear()
        shutil.rmtree(d)


def _digest(events):
    out = []
    for e in events:
        item = [e["kind"], e["step"]]
        if e["kind"] == "summary":
            item.append([(v["tag"], v.get("value")) if v["tag"] != "global_step/sec" else (v["tag"], "rate")
                         for v in e["values"]])
        elif e["kind"] == "session_log":
            item.append(e["status"])
        out.append(item)
    return out


def _counting_graph(tf):
    step = tf.train.get_or_create_global_step()
    inc = tf.assign_add(step, 1)
    tf.summary.scalar("stepf", tf.cast(step, tf.float32) * 10.0)
    return step, inc


def case_x_ssweep_summary_saver_hook_save_steps(tf):
    def run(d):
        _, inc = _counting_graph(tf)
        hook = tf.train.SummarySaverHook(save_steps=2, output_dir=d, summary_op=tf.summary.merge_all())
        noop = tf.no_op()
        with tf.train.SingularMonitoredSession(hooks=[hook]) as sess:
            for _ in range(5):
                sess.run(noop)
                sess.raw_session().run(inc)
        return [_digest(f) for f in read_events(d, only_nodes=("global_step",))]
    return _tmp(run, tf)


def case_x_ssweep_summary_saver_hook_given_writer_and_scaffold(tf):
    def run(d):
        _, inc = _counting_graph(tf)
        writer = tf.summary.FileWriter(d)
        scaffold = tf.train.Scaffold(summary_op=tf.summary.merge_all())
        hook = tf.train.SummarySaverHook(save_steps=3, summary_writer=writer, scaffold=scaffold)
        noop = tf.no_op()
        with tf.train.SingularMonitoredSession(hooks=[hook]) as sess:
            for _ in range(7):
                sess.run(noop)
                sess.raw_session().run(inc)
        writer.close()
        return [_digest(f) for f in read_events(d)]
    return _tmp(run, tf)


def case_x_ssweep_summary_saver_hook_list_of_ops_and_errors(tf):
    def run(d):
        _, inc = _counting_graph(tf)
        extra = tf.summary.scalar("extra", tf.constant(5.0), collections=[])
        hook = tf.train.SummarySaverHook(save_steps=1, output_dir=d, summary_op=[tf.summary.merge_all(), extra])
        noop = tf.no_op()
        with tf.train.SingularMonitoredSession(hooks=[hook]) as sess:
            for _ in range(2):
                sess.run(noop)
                sess.raw_session().run(inc)
        return {"events": [_digest(f) for f in read_events(d, only_nodes=("global_step",))],
                "both": message_has(lambda: tf.train.SummarySaverHook(save_steps=1, output_dir=d,
                                                                      summary_op=extra,
                                                                      scaffold=tf.train.Scaffold()),
                                    "Exactly one of scaffold or summary_op"),
                "neither": message_has(lambda: tf.train.SummarySaverHook(save_steps=1, output_dir=d),
                                       "Exactly one of scaffold or summary_op"),
                "timer": catch(tf.train.SummarySaverHook, save_steps=1, save_secs=1, output_dir=d,
                               summary_op=extra)}
    return _tmp(run, tf)


def case_x_ssweep_step_counter_hook_events(tf):
    def run(d):
        _, inc = _counting_graph(tf)
        hook = tf.train.StepCounterHook(every_n_steps=2, output_dir=d)
        with tf.train.SingularMonitoredSession(hooks=[hook]) as sess:
            for _ in range(6):
                sess.run(inc)
        tf.summary.FileWriterCache.get(d).flush()
        files = read_events(d)
        return {"n_files": len(files),
                "summaries": [_digest([e]) for f in files for e in f if e["kind"] == "summary"],
                "kinds": sorted({e["kind"] for f in files for e in f}),
                "both": catch(tf.train.StepCounterHook, every_n_steps=1, every_n_secs=1),
                "neither": catch(tf.train.StepCounterHook, every_n_steps=None, every_n_secs=None)}
    return _tmp(run, tf)


def case_x_ssweep_summary_saver_hook_without_global_step(tf):
    def run(d):
        tf.summary.scalar("s", tf.constant(1.0))
        hook = tf.train.SummarySaverHook(save_steps=1, output_dir=d, summary_op=tf.summary.merge_all())
        return message_has(lambda: tf.train.MonitoredSession(hooks=[hook]), "Global step should be created")
    out = _tmp(run, tf)
    return {"raised": out["raised"], "has": out["has"], "exists": os.path.isdir("/nonexistent-ssweep")}
