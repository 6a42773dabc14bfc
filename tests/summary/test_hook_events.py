"""What MonitoredTrainingSession's CheckpointSaverHook, SummarySaverHook and StepCounterHook write into the
event file, event for event as TensorFlow 2.21's hooks write them for the same loop."""
import glob
import os

import pytest

import tfsess as tf

pytest.importorskip("google.protobuf")
event_file_loader = pytest.importorskip("tensorboard.backend.event_processing.event_file_loader")
from tensorboard.compat.proto import meta_graph_pb2  # noqa: E402

# (step, kind, detail) that TF 2.21 writes for the loop below (global_step/sec values vary)
TF_EVENTS = [
    (0, "file_version", None), (0, "graph_def", None), (0, "meta_graph_def", False),
    (0, "graph_def", None), (0, "meta_graph_def", True), (0, "session_log", "CHECKPOINT"),
    (1, "session_log", "START"), (1, "summary", ["loss"]),
    (3, "summary", ["global_step/sec"]), (3, "summary", ["loss"]), (3, "session_log", "CHECKPOINT"),
    (5, "summary", ["global_step/sec"]), (5, "summary", ["loss"]),
]


def _describe(event):
    kind = event.WhichOneof("what")
    detail = None
    if kind == "meta_graph_def":
        detail = meta_graph_pb2.MetaGraphDef.FromString(event.meta_graph_def).HasField("saver_def")
    elif kind == "session_log":
        detail = tf.SessionLog.SessionStatus.Name(event.session_log.status)
    elif kind == "summary":
        detail = [v.tag for v in event.summary.value]
    return event.step, kind, detail


def test_monitored_training_session_writes_tfs_events(g, tmp_path):
    logdir = str(tmp_path)
    global_step = tf.train.get_or_create_global_step()
    w = tf.Variable(1.0, name="w")
    loss = tf.square(w, name="objective")
    tf.summary.scalar("loss", loss)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=global_step)
    with tf.train.MonitoredTrainingSession(checkpoint_dir=logdir, save_summaries_steps=2, save_checkpoint_steps=3,
                                           log_step_count_steps=2) as sess:
        for _ in range(5):
            sess.run(train)
    (path,) = glob.glob(os.path.join(logdir, "events.out.tfevents.*"))
    events = list(event_file_loader.LegacyEventFileLoader(path).Load())
    assert [_describe(e) for e in events] == TF_EVENTS
    losses = [e.summary.value[0].simple_value for e in events if _describe(e)[2] == ["loss"]]
    assert losses == pytest.approx([1.0, 0.4096, 0.16777216])  # w shrinks by 0.8 a step
    assert [os.path.basename(e.session_log.checkpoint_path) for e in events
            if _describe(e)[2] == "CHECKPOINT"] == ["model.ckpt", "model.ckpt"]
    meta = meta_graph_pb2.MetaGraphDef.FromString(events[4].meta_graph_def)
    assert meta.saver_def.sharded and meta.saver_def.save_tensor_name == "save/Identity:0"
    assert {"savers", "train_op", "global_step", "summary_op", "ready_op"} <= set(meta.collection_def)
    assert sorted(f for f in os.listdir(logdir) if f.endswith(".index")) == \
        ["model.ckpt-0.index", "model.ckpt-3.index", "model.ckpt-5.index"]


def test_an_imported_savers_collection_holds_working_savers(g, tmp_path):
    v = tf.Variable(2.0, name="v")
    saver = tf.train.Saver()
    tf.add_to_collection(tf.GraphKeys.SAVERS, saver)
    with tf.Session() as sess:
        sess.run(v.initializer)
        prefix = saver.save(sess, str(tmp_path / "m"))
    with tf.Graph().as_default():
        tf.train.import_meta_graph(prefix + ".meta", import_scope="imported")
        (restored,) = tf.get_collection(tf.GraphKeys.SAVERS)
        assert restored.as_saver_def().restore_op_name == "imported/save/restore_all"
        with tf.Session() as sess:
            restored.restore(sess, prefix)
            assert sess.run("imported/v:0") == 2.0
