"""Variations on TF2's summary API in a TF1 graph (tf.compat.v2.summary): steps given as ints, tensors,
variables and overridden per call; nested as_default and record_if; names and tags under name
scopes; write_raw_pb; flush with a writer argument; writers closed and reinitialised."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch, message_has
from _tbread import read_events


def _tmp(fn):
    d = tempfile.mkdtemp()
    try:
        return fn(d)
    finally:
        shutil.rmtree(d)


def _events(d):
    return [[(e["step"], [(v["tag"], v.get("tensor"), v["plugin_name"]) for v in e.get("values", [])])
             for e in f if e["kind"] == "summary"] for f in read_events(d)]


def case_x_svar_v2_step_forms(tf):
    def run(d):
        s2 = tf.compat.v2.summary
        w = s2.create_file_writer(d)
        gstep = tf.train.get_or_create_global_step()
        ph = tf.placeholder(tf.int64, [])
        ops = []
        with w.as_default(step=gstep):
            ops.append(s2.scalar("from_var", 1.0))
            ops.append(s2.scalar("override", 2.0, step=100))
            with w.as_default(step=ph):
                ops.append(s2.scalar("fed", 3.0))
            ops.append(s2.scalar("restored", 4.0))
            ops.append(s2.scalar("np_step", 5.0, step=np.int32(7)))
            ops.append(s2.scalar("tensor_step", 6.0, step=tf.constant(8, tf.int64)))
        sess = tf.Session()
        sess.run([tf.global_variables_initializer(), w.init()])
        sess.run(tf.assign(gstep, 42))
        results = [sess.run(op, {ph: 9}) for op in ops]
        sess.run(w.flush())
        return {"results": results, "events": _events(d), "dtypes": [op.dtype.name for op in ops]}
    return _tmp(run)


def case_x_svar_v2_names_and_tags_under_scopes(tf):
    def run(d):
        s2 = tf.compat.v2.summary
        w = s2.create_file_writer(d)
        with w.as_default(step=1):
            with tf.name_scope("outer"):
                a = s2.scalar("loss", 1.0)
                b = s2.scalar("loss", 2.0)
                with tf.name_scope("inner"):
                    c = s2.text("note", "hi")
            e = s2.histogram("weights", tf.constant([1.0, 2.0]), buckets=2)
            f = s2.scalar("bad name!", 3.0)
            with s2.experimental.summary_scope("custom", "default") as (tag, scope):
                scoped = (tag, scope)
        sess = tf.Session()
        sess.run(w.init())
        for t in (a, b, c, e, f):
            sess.run(t)
        sess.run(w.flush())
        return {"names": [t.name for t in (a, b, c, e, f)], "scoped": scoped,
                "tags": [[v[0] for _, vs in f_ for v in vs] for f_ in [sum(_events(d), [])]]}
    return _tmp(run)


def case_x_svar_v2_record_if_nesting(tf):
    def run(d):
        s2 = tf.compat.v2.summary
        w = s2.create_file_writer(d)
        on = tf.placeholder(tf.bool, [])
        with w.as_default(step=3):
            with s2.record_if(True):
                with s2.record_if(False):
                    inner_off = s2.scalar("inner_off", 1.0)
                    off_pred = s2.should_record_summaries()
                outer_on = s2.scalar("outer_on", 2.0)
            with s2.record_if(on):
                fed = s2.scalar("fed", 3.0)
                fed_pred = s2.should_record_summaries()
        sess = tf.Session()
        sess.run(w.init())
        out = {"inner_off": sess.run(inner_off), "off_pred": sess.run(off_pred),
               "outer_on": sess.run(outer_on), "fed_t": sess.run([fed, fed_pred], {on: True}),
               "fed_f": sess.run([fed, fed_pred], {on: False}),
               "unfed": catch(sess.run, fed)}
        sess.run(w.flush())
        out["events"] = _events(d)
        return out
    return _tmp(run)


def case_x_svar_v2_data_dtypes(tf):
    def run(d):
        s2 = tf.compat.v2.summary
        w = s2.create_file_writer(d)
        with w.as_default(step=0):
            ops = [s2.scalar("f64", tf.constant(1.25, tf.float64)), s2.scalar("i32", 7),
                   s2.scalar("f16", tf.constant(0.5, tf.float16)),
                   s2.histogram("hi", tf.constant([1, 2, 3], tf.int32), buckets=2),
                   s2.text("mat", tf.constant([["a"], ["b"]]))]
            errors = {"string_scalar": catch(s2.scalar, "s", tf.constant("x")),
                      "vector_scalar": catch(s2.scalar, "v", [1.0, 2.0])}
        sess = tf.Session()
        sess.run(w.init())
        for op in ops:
            sess.run(op)
        sess.run(w.close())
        return {"events": _events(d), "errors": errors}
    return _tmp(run)


def case_x_svar_v2_write_raw_pb_and_flush_arg(tf):
    def run(d):
        s2 = tf.compat.v2.summary
        w = s2.create_file_writer(d)
        raw = tf.Summary(value=[tf.Summary.Value(tag="raw", simple_value=1.5)]).SerializeToString()
        with w.as_default(step=4):
            r = s2.experimental.write_raw_pb(tf.constant(raw))
            r2 = s2.experimental.write_raw_pb([raw, raw], step=5)
        flush_w = s2.flush(writer=w)
        flush_default = s2.flush()
        sess = tf.Session()
        sess.run(w.init())
        out = {"r": sess.run(r), "r2": sess.run(r2), "flush_types": [flush_w.type, flush_default.type]}
        sess.run(flush_w)
        out["events"] = [[(e["step"], [(v["tag"], v.get("value")) for v in e.get("values", [])]) for e in f
                          if e["kind"] == "summary"] for f in read_events(d)]
        return out
    return _tmp(run)


def case_x_svar_v2_close_reinit_and_files(tf):
    def run(d):
        s2 = tf.compat.v2.summary
        w = s2.create_file_writer(d, filename_suffix=".v")
        with w.as_default(step=1):
            s = s2.scalar("s", 1.0)
        sess = tf.Session()
        closed_before_init = catch(sess.run, w.close())
        sess.run(w.init())
        sess.run(s)
        sess.run(w.close())
        after_close = message_has(lambda: sess.run(s), "not", "initialized")
        sess.run(w.init())
        sess.run(s)
        sess.run(w.close())
        files = sorted(os.listdir(d))
        return {"closed_before_init": closed_before_init, "after_close": after_close,
                "n_files": len(files), "suffix": [f.endswith(".v") for f in files],
                "events": sorted(str(x) for x in _events(d))}
    return _tmp(run)
