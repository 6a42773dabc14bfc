"""More summary variations: unsigned 32/64-bit inputs, float steps in add_summary, tensor_summary under
families and scopes, v2 record_if with a callable giving a Python bool."""
import os
import shutil
import tempfile

import numpy as np

from _harness import catch
from _tbread import read_events, summary_values


def case_x_svar_more_unsigned_wide_inputs(tf):
    sess = tf.Session()
    out = {}
    for dt in (tf.uint32, tf.uint64):
        s = catch(tf.summary.scalar, "s_" + dt.name, tf.constant(7, dt))
        h = catch(tf.summary.histogram, "h_" + dt.name, tf.constant([1, 2, 2 ** 31], dt))
        out[dt.name] = [x if isinstance(x, dict) else summary_values(sess.run(x)) for x in (s, h)]
    out["image_u16"] = catch(tf.summary.image, "i", tf.zeros([1, 1, 1, 1], tf.uint16))
    return out


def case_x_svar_more_add_summary_step_forms(tf):
    d = tempfile.mkdtemp()
    try:
        w = tf.summary.FileWriter(d)
        summ = tf.Summary(value=[tf.Summary.Value(tag="v", simple_value=1.0)])
        w.add_summary(summ, 2.7)
        w.add_summary(summ, np.float32(3.9))
        w.add_summary(summ, True)
        tensor_step = catch(w.add_summary, summ, tf.constant(5))
        string_step = catch(w.add_summary, summ, "6")
        w.close()
        return {"tensor_step": tensor_step, "string_step": string_step,
                "steps": [[e["step"] for e in f if e["kind"] == "summary"] for f in read_events(d)]}
    finally:
        shutil.rmtree(d)


def case_x_svar_more_tensor_summary_families_and_scopes(tf):
    with tf.name_scope("blk"):
        a = tf.summary.tensor_summary("w", tf.constant([[1.0, 2.0]]), family="fam")
        b = tf.summary.tensor_summary("w", tf.constant(["s"]), summary_description="d")
    c = tf.summary.tensor_summary("i", tf.constant(3, tf.int16), collections=["ts"])
    sess = tf.Session()
    return {"names": [t.op.name for t in (a, b, c)], "types": [t.op.type for t in (a, b, c)],
            "values": [summary_values(v) for v in sess.run([a, b, c])],
            "ts": [t.op.name for t in tf.get_collection("ts")],
            "summaries": [t.op.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)]}


def case_x_svar_more_v2_record_if_callable_bool(tf):
    d = tempfile.mkdtemp()
    try:
        s2 = tf.compat.v2.summary
        w = s2.create_file_writer(d)
        with w.as_default(step=1):
            with s2.record_if(lambda: False):
                off = s2.scalar("off", 1.0)
            with s2.record_if(lambda: True):
                on = s2.scalar("on", 2.0, description="desc")
        sess = tf.Session()
        sess.run(w.init())
        got = [sess.run(off), sess.run(on)]
        sess.run(w.flush())
        return {"got": got, "types": [off.op.type, on.op.type],
                "events": [[(e["step"], [(v["tag"], v["description"]) for v in e["values"]]) for e in f
                            if e["kind"] == "summary"] for f in read_events(d)],
                "files": len(os.listdir(d))}
    finally:
        shutil.rmtree(d)
