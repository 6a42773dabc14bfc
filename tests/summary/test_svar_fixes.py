"""Defects the summary variations (x_svar_*) found: audio sample rates, merge's argument type, a logdir
blocked by a file, add_summary/add_session_log argument forms, write_raw_pb."""
import os

import pytest

import tfsess as tf

pytest.importorskip("google.protobuf")


def _events(logdir):
    out = []
    for name in sorted(f for f in os.listdir(logdir) if "tfevents" in f):
        out += list(tf.train.summary_iterator(os.path.join(logdir, name)))
    return out


@pytest.mark.parametrize("rate", [0.0, -5.0, float("nan")])
def test_audio_sample_rate_must_be_positive(g, rate):
    s = tf.summary.audio("a", tf.zeros([1, 2]), rate)
    sess = tf.Session()
    with pytest.raises(tf.errors.InvalidArgumentError, match="sample_rate must be > 0"):
        sess.run(s)
    ok = tf.summary.audio("b", tf.zeros([1, 2]), 0.4)  # rounds to 0 Hz: written as 1 Hz
    assert tf.Summary.FromString(sess.run(ok)).value[0].audio.sample_rate == pytest.approx(0.4)


@pytest.mark.parametrize("inputs", [None, (x for x in ()), {"a": 1}])
def test_merge_takes_only_a_list_or_tuple(g, inputs):
    with pytest.raises(TypeError, match="Expected list for 'inputs' argument to 'merge_summary' Op"):
        tf.summary.merge(inputs)
    a = tf.summary.scalar("a", tf.constant(1.0))
    assert tf.summary.merge((a,)).op.type == "MergeSummary"


def test_logdir_blocked_by_a_file(g, tmp_path):
    blocker = tmp_path / "plain"
    blocker.write_text("x")
    for logdir in (blocker, blocker / "sub"):
        with pytest.raises(tf.errors.FailedPreconditionError, match="plain is not a directory"):
            tf.summary.FileWriter(str(logdir))
    assert blocker.is_file()


def test_add_summary_and_session_log_argument_forms(g, tmp_path):
    w = tf.summary.FileWriter(str(tmp_path))
    summary = tf.Summary(value=[tf.Summary.Value(tag="s", simple_value=1.0)])
    with pytest.raises(AttributeError, match="'bytearray' object has no attribute 'value'"):
        w.add_summary(bytearray(summary.SerializeToString()), 1)
    with pytest.raises(TypeError, match="must be dict or instance of same class"):
        w.add_session_log("START", 2)
    with pytest.raises(TypeError, match="must be dict or instance of same class"):
        w.add_session_log(summary, 2)
    w.add_session_log(None, 3)
    w.add_session_log({"status": tf.SessionLog.STOP, "msg": "m"}, 4)
    w.close()
    events = _events(str(tmp_path))[1:]
    assert [(e.step, e.WhichOneof("what")) for e in events] == [(3, None), (4, "session_log")]
    assert events[1].session_log.msg == "m"


def test_write_raw_pb_merges_protos_into_one_event(g, tmp_path):
    s2 = tf.compat.v2.summary
    w = s2.create_file_writer(str(tmp_path))
    raw = tf.Summary(value=[tf.Summary.Value(tag="r", simple_value=2.0)]).SerializeToString()
    fed = tf.placeholder(tf.string)
    with w.as_default(step=7):
        one = s2.experimental.write_raw_pb([raw, raw])
        bad = s2.experimental.write_raw_pb(fed, step=8)
    none = s2.experimental.write_raw_pb(raw, step=1)  # no default writer: nothing is written
    sess = tf.Session()
    sess.run(w.init())
    assert sess.run(one) and not sess.run(none)
    with pytest.raises(tf.errors.DataLossError, match="at index 1"):
        sess.run(bad, {fed: [raw, b"\xff\xff"]})
    sess.run(w.flush())
    events = [e for e in _events(str(tmp_path)) if e.HasField("summary")]
    assert [(e.step, [v.tag for v in e.summary.value]) for e in events] == [(7, ["r", "r"])]
    assert one in tf.summary.all_v2_summary_ops()
