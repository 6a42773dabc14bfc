"""MonitoredSession / MonitoredTrainingSession and the stock hooks."""
import os

import numpy as np
import pytest

import tfsess as tf


def _train_graph():
    gs = tf.train.get_or_create_global_step()
    w = tf.Variable(0.0, name="w")
    return gs, w, tf.group(tf.assign_add(w, 1.0), tf.assign_add(gs, 1))


def test_checkpoint_every_n_steps_and_restore(tmp_path):
    with tf.Graph().as_default():
        gs, w, train = _train_graph()
        with tf.train.MonitoredTrainingSession(checkpoint_dir=str(tmp_path), save_checkpoint_steps=2,
                                               save_summaries_steps=None, log_step_count_steps=None,
                                               hooks=[tf.train.StopAtStepHook(last_step=5)]) as sess:
            while not sess.should_stop():
                sess.run(train)
        assert not tf.get_default_graph().finalized
        state = tf.train.get_checkpoint_state(str(tmp_path))
        assert [os.path.basename(p) for p in state.all_model_checkpoint_paths] == [
            "model.ckpt-0", "model.ckpt-2", "model.ckpt-4", "model.ckpt-5"]
        with tf.train.SingularMonitoredSession(checkpoint_dir=str(tmp_path)) as sess:
            assert sess.run(w) == 5.0 and sess.raw_session().run(gs) == 5


def test_nan_hook_and_logging_hook(caplog):
    with tf.Graph().as_default():
        tf.train.get_or_create_global_step()
        loss = tf.placeholder(tf.float32, [])
        hooks = [tf.train.NanTensorHook(loss), tf.train.LoggingTensorHook({"loss": loss}, every_n_iter=1)]
        tf.logging.set_verbosity(tf.logging.INFO)
        with pytest.raises(tf.train.NanLossDuringTrainingError, match="NaN loss"):
            with tf.train.MonitoredSession(hooks=hooks) as sess:
                sess.run(loss, {loss: 1.5})
                sess.run(loss, {loss: np.nan})
        assert any("loss = 1.5" in r.getMessage() for r in caplog.records)
        with tf.train.MonitoredSession(hooks=[tf.train.NanTensorHook(loss, fail_on_nan_loss=False)]) as sess:
            sess.run(loss, {loss: np.nan})
            assert sess.should_stop()


def test_hook_feeds_and_conflicts():
    with tf.Graph().as_default():
        p = tf.placeholder(tf.int32, [])
        doubled = p * 2

        class Feeder(tf.train.SessionRunHook):
            def before_run(self, run_context):
                return tf.train.SessionRunArgs(None, feed_dict={p: 7})

        with tf.train.MonitoredSession(hooks=[Feeder()]) as sess:
            assert sess.run(doubled) == 14
            with pytest.raises(RuntimeError, match="fed by a SessionRunHook and user"):
                sess.run(p, {p: 1})


def test_step_fn_and_out_of_range_ends_cleanly():
    with tf.Graph().as_default():
        v = tf.Variable(0, name="v")
        inc = tf.assign_add(v, 1)
        seen = []
        with tf.train.MonitoredSession() as sess:
            def step(step_context):
                value = step_context.run_with_hooks(inc)
                seen.append(value)
                if value == 2:
                    step_context.request_stop()
            for _ in range(5):
                sess.run_step_fn(step)
        assert seen == [1, 2]
        with tf.train.MonitoredSession() as sess:
            raise tf.errors.OutOfRangeError(None, None, "end of input")
        assert sess.should_stop()
        with pytest.raises(ValueError, match="step_fn"):
            tf.train.MonitoredSession().run_step_fn(lambda a, b: None)


def test_scaffold_and_hook_argument_errors():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="Exactly one of scaffold or summary_op"):
            tf.train.SummarySaverHook(save_steps=1)
        with pytest.raises(ValueError, match="every_secs or every_steps"):
            tf.train.SecondOrStepTimer()
        with pytest.raises(RuntimeError, match="Global step should be created"):
            tf.train.MonitoredSession(hooks=[tf.train.StopAtStepHook(last_step=1)])
        init_calls = []
        scaffold = tf.train.Scaffold(init_fn=lambda scaffold, sess: init_calls.append(scaffold))
        tf.Variable(1.0)
        with tf.train.MonitoredSession(tf.train.ChiefSessionCreator(scaffold=scaffold)):
            pass
        assert init_calls == [scaffold]


def test_scaffold_default_ready_op_concats_variables_and_resources():
    with tf.Graph().as_default():
        tf.Variable(1.0, name="v")
        scaffold = tf.train.Scaffold().finalize()
        assert scaffold.ready_op.op.type == "ConcatV2"
        assert scaffold.ready_op.op.name == "concat"
        with tf.Session() as sess:
            assert sess.run(scaffold.ready_op).tolist() == [b"v"]
            sess.run(scaffold.init_op)
            assert sess.run(scaffold.ready_op).size == 0


def test_run_after_close_fails_as_tf_does():
    with tf.Graph().as_default():
        v = tf.Variable(1.0, name="v")
        sess = tf.train.MonitoredSession()
        sess.close()
        with pytest.raises(AttributeError, match="no attribute 'run'"):
            sess.run(v)
        with pytest.raises(RuntimeError, match="already closed"):
            sess.close()
        assert sess.should_stop()
