"""Defects the summary sweep found: lazily created event files, root-scope summary names, audio dtypes."""
import os

import pytest

import tfsess as tf

pytest.importorskip("google.protobuf")


def _event_files(logdir):
    return [f for f in os.listdir(logdir) if "tfevents" in f]


def test_event_file_appears_with_the_first_event(g, tmp_path):
    w = tf.summary.FileWriter(str(tmp_path))
    assert _event_files(str(tmp_path)) == []  # TF's EventsWriter opens its file on the first write
    w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="a", simple_value=1.0)]), 1)
    w.flush()
    assert len(_event_files(str(tmp_path))) == 1
    w.close()
    w.reopen()
    w.close()
    assert len(_event_files(str(tmp_path))) == 1  # a reopened writer that wrote nothing made no file


def test_filename_suffix_creates_the_file_at_once(g, tmp_path):
    w = tf.summary.FileWriter(str(tmp_path), filename_suffix=".sfx")
    (name,) = _event_files(str(tmp_path))
    assert name.endswith(".sfx")
    events = list(tf.train.summary_iterator(os.path.join(str(tmp_path), name)))
    assert [e.file_version for e in events] == ["brain.Event:2"]
    w.close()


def test_summary_names_at_the_root_scope(g):
    x = tf.constant(1.0)
    assert tf.summary.scalar("", x).op.name == "ScalarSummary"
    assert tf.summary.image("", tf.zeros([1, 1, 1, 1])).op.name == "ImageSummary"
    with pytest.raises(ValueError, match="At least one of name"):
        tf.summary.scalar(None, x)
    assert tf.summary.histogram(None, x).op.name == "HistogramSummary"  # histogram has a default name
    with pytest.raises(ValueError, match="not a valid root scope name"):
        tf.summary.scalar("_a", x)


def test_audio_takes_float32_only(g):
    with pytest.raises(TypeError, match="has type float64 that does not match expected type of float32"):
        tf.summary.audio("a", tf.zeros([1, 2], tf.float64), 8000)
    s = tf.summary.audio("b", [[0, 1]], 8000)  # Python ints convert to float32, as the op's only type
    assert s.op.inputs[1].dtype == tf.float32
    assert tf.Session().run(s)


def test_scope_name_messages_say_root(g):
    with pytest.raises(ValueError, match="not a valid root scope name"):
        with tf.name_scope("-x"):
            pass
    with tf.name_scope("ok"):
        with pytest.raises(ValueError, match="is not a valid scope name"):
            with tf.name_scope("a b"):
                pass


def test_file_writer_with_a_session_writes_through_its_summary_writer(g, tmp_path):
    sess = tf.Session()
    w = tf.summary.FileWriter(str(tmp_path), session=sess)
    (name,) = _event_files(str(tmp_path))  # created at once, named as TF2 writers name theirs
    assert name.endswith(f".{os.getpid()}.{name.split('.')[-2]}.v2")
    w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="a", simple_value=1.0)]), 3)
    w.close()
    assert "ImportEvent" in {o.type for o in tf.get_default_graph().get_operations()}
    events = list(tf.train.summary_iterator(os.path.join(str(tmp_path), name)))
    assert [(e.WhichOneof("what"), e.step) for e in events] == [("file_version", 0), ("summary", 3)]
    with pytest.raises(tf.errors.NotFoundError):
        w.flush()  # as TF: the flush op runs on the closed writer
