"""FileWriter: event files that TensorBoard's own loader and EventAccumulator read."""
import os
import time

import numpy as np
import pytest

import tfsess as tf

pytest.importorskip("google.protobuf")
event_file_loader = pytest.importorskip("tensorboard.backend.event_processing.event_file_loader")
from tensorboard.backend.event_processing import event_accumulator  # noqa: E402


def event_files(logdir):
    return sorted(os.path.join(logdir, f) for f in os.listdir(logdir) if "tfevents" in f)


def load(path):
    return list(event_file_loader.LegacyEventFileLoader(path).Load())


def test_graph_meta_graph_and_summaries_in_tensorboards_loader(g, tmp_path):
    x = tf.placeholder(tf.float32, [], name="x")
    y = tf.multiply(x, 2.0, name="y")
    s = tf.summary.scalar("doubled", y)
    sess = tf.Session()
    with tf.summary.FileWriter(str(tmp_path), sess.graph, filename_suffix=".v1") as w:
        for step in (1, 2):
            w.add_summary(sess.run(s, {x: float(step)}), step)
        w.add_session_log(tf.SessionLog(status=tf.SessionLog.START), 3)
        assert w.get_logdir() == str(tmp_path)
    (path,) = event_files(str(tmp_path))
    name = os.path.basename(path).split(".")
    assert name[:3] == ["events", "out", "tfevents"] and len(name[3]) == 10 and name[-1] == "v1"
    events = load(path)
    kinds = [e.WhichOneof("what") for e in events]
    assert kinds == ["file_version", "graph_def", "meta_graph_def", "summary", "summary", "session_log"]
    assert events[0].file_version == "brain.Event:2"
    from tensorboard.compat.proto import graph_pb2, meta_graph_pb2
    nodes = {n.name: n for n in graph_pb2.GraphDef.FromString(events[1].graph_def).node}
    assert nodes["y"].op == "Mul" and list(nodes["y"].input) == ["x", "y/y"]
    assert nodes["x"].attr["shape"].shape.dim == [] and "_output_shapes" in nodes["y"].attr
    meta = meta_graph_pb2.MetaGraphDef.FromString(events[2].meta_graph_def)
    assert sorted(meta.collection_def) == ["summaries"] and not meta.HasField("saver_def")
    assert [(e.step, e.summary.value[0].simple_value) for e in events[3:5]] == [(1, 2.0), (2, 4.0)]
    assert events[5].step == 3 and events[5].session_log.status == tf.SessionLog.START


def test_event_accumulator_sees_every_plugin(g, tmp_path):
    x = tf.placeholder(tf.float32, [], name="x")
    tf.summary.scalar("loss", x)
    tf.summary.histogram("w", tf.fill([3], x))
    tf.summary.image("im", tf.cast(tf.fill([1, 2, 3, 3], x * 40.0), tf.uint8))
    tf.summary.audio("au", tf.fill([1, 4], x / 10.0), 100)
    tf.summary.text("note", tf.as_string(x))
    merged = tf.summary.merge_all()
    sess = tf.Session()
    w = tf.summary.FileWriter(str(tmp_path), sess.graph)
    for step in range(3):
        w.add_summary(sess.run(merged, {x: step + 1.0}), step * 10)
    w.close()
    acc = event_accumulator.EventAccumulator(str(tmp_path), size_guidance={
        k: 0 for k in event_accumulator.DEFAULT_SIZE_GUIDANCE})
    acc.Reload()
    tags = acc.Tags()
    assert tags["scalars"] == ["loss"] and tags["histograms"] == ["w"] and tags["graph"]
    assert tags["images"] == ["im/image/0"] and tags["audio"] == ["au/audio/0"] and tags["tensors"] == ["note"]
    assert [(e.step, e.value) for e in acc.Scalars("loss")] == [(0, 1.0), (10, 2.0), (20, 3.0)]
    assert [e.histogram_value.sum for e in acc.Histograms("w")] == [3.0, 6.0, 9.0]
    assert [(e.width, e.height) for e in acc.Images("im/image/0")] == [(3, 2)] * 3
    assert [e.length_frames for e in acc.Audio("au/audio/0")] == [4] * 3
    assert [list(e.tensor_proto.string_val) for e in acc.Tensors("note")][0] == [b"1.000000"]
    assert any(n.name == "x" for n in acc.Graph().node)


def test_only_a_tags_first_value_keeps_its_metadata(g, tmp_path):
    t = tf.summary.text("t", tf.constant("a"))
    sess = tf.Session()
    w = tf.summary.FileWriter(str(tmp_path))
    first = sess.run(t)
    w.add_summary(first, 1)
    w.add_summary(first, 2)
    w.close()
    events = load(event_files(str(tmp_path))[0])[1:]
    assert [e.summary.value[0].HasField("metadata") for e in events] == [True, False]
    assert tf.Summary.FromString(first).value[0].HasField("metadata")  # the caller's bytes are untouched


def test_flush_writes_queued_events_while_open_and_reopen_starts_a_new_file(tmp_path):
    w = tf.summary.FileWriter(str(tmp_path), max_queue=2, flush_secs=3600)
    w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="v", simple_value=1.0)]), 1)
    w.flush()
    assert [e.step for e in load(event_files(str(tmp_path))[0])] == [0, 1]
    w.close()
    w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="v", simple_value=9.0)]), 9)  # dropped: closed
    time.sleep(1.05)  # file names carry whole seconds
    w.reopen()
    w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="v", simple_value=2.0)]).SerializeToString(), 2)
    w.close()
    files = event_files(str(tmp_path))
    assert len(files) == 2 and [e.step for e in load(files[1])] == [0, 2]
    assert [e.step for e in load(files[0])] == [0, 1]


def test_summary_iterator_reads_what_was_written(tmp_path):
    with tf.summary.FileWriter(str(tmp_path / "nested" / "run")) as w:
        for step, value in ((0, 4.0), (10, 2.5)):
            w.add_summary(tf.Summary(value=[tf.Summary.Value(tag="loss", simple_value=value)]), step)
    (path,) = event_files(str(tmp_path / "nested" / "run"))
    events = list(tf.train.summary_iterator(path))
    assert [(e.step, [v.simple_value for v in e.summary.value]) for e in events] == [(0, []), (0, [4.0]), (10, [2.5])]
    assert isinstance(events[0], tf.summary.Event) and events[0].file_version == "brain.Event:2"
    with pytest.raises(tf.errors.NotFoundError):
        next(tf.train.summary_iterator(str(tmp_path / "missing")))


def test_run_metadata_graph_and_type_errors(g, tmp_path):
    w = tf.summary.FileWriter(str(tmp_path))
    run_metadata = tf.RunMetadata()
    run_metadata.step_stats.dev_stats.add(device="/job:localhost/replica:0/task:0/device:CPU:0")
    w.add_run_metadata(run_metadata, "step1", 5)
    with pytest.raises(ValueError, match="already used"):
        w.add_run_metadata(run_metadata, "step1")
    with pytest.raises(TypeError, match="must be an instance of `Graph`"):
        w.add_graph("not a graph")
    with pytest.raises(TypeError, match="MetaGraphDef"):
        w.add_meta_graph(tf.Summary())
    tf.constant(1.0, name="c")
    w.add_graph(g, global_step=3)
    w.close()
    events = load(event_files(str(tmp_path))[0])
    tagged = events[1].tagged_run_metadata
    from tensorboard.compat.proto import config_pb2
    stats = config_pb2.RunMetadata.FromString(tagged.run_metadata).step_stats
    assert (tagged.tag, events[1].step, stats.dev_stats[0].device) == (
        "step1", 5, "/job:localhost/replica:0/task:0/device:CPU:0")
    assert events[2].WhichOneof("what") == "graph_def" and events[2].step == 3


def test_file_writer_cache_shares_one_writer_per_logdir(g, tmp_path):
    a = tf.summary.FileWriterCache.get(str(tmp_path / "one"))
    try:
        assert a is tf.summary.FileWriterCache.get(str(tmp_path / "one"))
        assert a is not tf.summary.FileWriterCache.get(str(tmp_path / "two"))
        tf.summary.FileWriterCache.clear()
        assert tf.summary.FileWriterCache.get(str(tmp_path / "one")) is not a
    finally:
        tf.summary.FileWriterCache.clear()
    assert [e.WhichOneof("what") for e in load(event_files(str(tmp_path / "one"))[0])] == [
        "file_version", "graph_def", "meta_graph_def"]


def test_summary_bytes_from_tensorboards_protos_are_accepted(tmp_path):
    from tensorboard.compat.proto import summary_pb2
    with tf.summary.FileWriter(str(tmp_path)) as w:
        w.add_summary(summary_pb2.Summary(value=[summary_pb2.Summary.Value(tag="tb", simple_value=np.float32(3))]), 1)
    assert load(event_files(str(tmp_path))[0])[1].summary.value[0].tag == "tb"
