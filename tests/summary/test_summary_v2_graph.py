"""tf.compat.v2.summary in graph mode: writer ops, write/scalar/text events, record_if, initialize."""
import os

import pytest

import tfsess as tf

pytest.importorskip("google.protobuf")
s2 = tf.compat.v2.summary


def _events(logdir):
    out = []
    for name in sorted(os.listdir(logdir)):
        out.extend(tf.train.summary_iterator(os.path.join(logdir, name)))
    return out


def test_writer_ops_and_init_collection(g, tmp_path):
    w = s2.create_file_writer(str(tmp_path))
    assert w.init().type == "CreateSummaryFileWriter"
    assert [i.op.type for i in w.init().inputs] == ["SummaryWriter", "Const", "Const", "Const", "Const"]
    assert tf.get_collection("_SUMMARY_WRITER_V2") == [w.init()]
    assert os.listdir(str(tmp_path)) == []  # nothing until the init op runs
    sess = tf.Session()
    sess.run(w.init())
    (name,) = os.listdir(str(tmp_path))
    assert name.endswith(f".{os.getpid()}.{name.split('.')[-2]}.v2")


def test_scalar_and_text_events_with_default_step(g, tmp_path):
    w = s2.create_file_writer(str(tmp_path))
    step = tf.train.get_or_create_global_step()
    with w.as_default(step=step):
        a = s2.scalar("loss", tf.constant(2, tf.int32), description="d")
        b = s2.text("note", tf.constant("hi"), step=9)
    assert a.name == "loss/write_summary/Const:0" and a.dtype == tf.bool
    assert tf.summary.all_v2_summary_ops() == [a, b]
    sess = tf.Session()
    sess.run([tf.global_variables_initializer(), w.init()])
    assert sess.run(a) and sess.run(b)
    sess.run(w.close())
    events = [e for e in _events(str(tmp_path)) if e.HasField("summary")]
    assert [(e.step, e.summary.value[0].tag) for e in events] == [(0, "loss"), (9, "note")]
    scalar = events[0].summary.value[0]
    assert tf.make_ndarray(scalar.tensor) == 2.0 and scalar.metadata.plugin_data.plugin_name == "scalars"
    assert scalar.metadata.summary_description == "d"
    assert events[1].summary.value[0].tensor.string_val == [b"hi"]


def test_record_if_no_writer_and_errors(g, tmp_path):
    assert tf.Session().run(s2.scalar("none", 1.0, step=1)) == False  # noqa: E712 - a NumPy bool
    w = s2.create_file_writer(str(tmp_path))
    rec = tf.placeholder(tf.bool, [])
    with w.as_default():
        with pytest.raises(ValueError, match="No step set"):
            s2.scalar("s", 1.0)
        with s2.record_if(rec):
            maybe = s2.scalar("maybe", 1.0, step=3)
    sess = tf.Session()
    with pytest.raises(tf.errors.NotFoundError):
        sess.run(maybe, {rec: True})  # the writer was not initialized
    sess.run(w.init())
    assert not sess.run(maybe, {rec: False}) and sess.run(maybe, {rec: True})
    sess.run(w.flush())
    assert [e.step for e in _events(str(tmp_path)) if e.HasField("summary")] == [3]


def test_initialize_runs_init_ops_and_writes_the_graph(g, tmp_path):
    with pytest.raises(RuntimeError, match="No default"):
        tf.summary.initialize()
    w = s2.create_file_writer(str(tmp_path))
    w.set_as_default()
    try:
        sess = tf.Session()
        tf.summary.initialize(graph=tf.get_default_graph(), session=sess)
        sess.run(s2.flush())
        kinds = [e.WhichOneof("what") for e in _events(str(tmp_path))]
        assert kinds == ["file_version", "graph_def"]
    finally:
        from tfsess.summary import v2_api
        v2_api._state.writer = None  # set_as_default has no undo in TF either


def test_histogram_and_image_tensors(g, tmp_path):
    w = s2.create_file_writer(str(tmp_path))
    with w.as_default(step=1):
        h = s2.histogram("h", tf.constant([1.0, 2.0, 3.0, 10.0]), buckets=3)
        one = s2.histogram("one", tf.constant([5.0, 5.0]), buckets=2)
        im = s2.image("im", tf.zeros([2, 1, 2, 3]), max_outputs=1)
    sess = tf.Session()
    sess.run(w.init())
    for op in (h, one, im):
        sess.run(op)
    sess.run(w.flush())
    values = {e.summary.value[0].tag: e.summary.value[0] for e in _events(str(tmp_path)) if e.HasField("summary")}
    assert tf.make_ndarray(values["h"].tensor).tolist() == [[1.0, 4.0, 3.0], [4.0, 7.0, 0.0], [7.0, 10.0, 1.0]]
    assert tf.make_ndarray(values["one"].tensor).tolist() == [[5.0, 5.0, 0.0], [5.0, 5.0, 2.0]]
    assert values["h"].metadata.plugin_data.plugin_name == "histograms"
    strings = values["im"].tensor.string_val
    assert strings[:2] == [b"2", b"1"] and len(strings) == 3 and strings[2].startswith(b"\x89PNG")


def test_compat_namespaces():
    with pytest.raises(ValueError, match="Unknown encoding"):
        s2.audio("a", [[[1.0]]], 8000, step=1, encoding="mp3")
    with pytest.raises(AttributeError, match="only 'summary'"):
        tf.compat.v2.nn
    assert tf.compat.v1 is tf
