"""tf.train.Supervisor, basic_train_loop, checkpoints_iterator, ProfilerHook, noisy_linear_cosine_decay."""
import json
import os

import numpy as np
import pytest

import tfsess as tf


def _model():
    step = tf.train.get_or_create_global_step()
    w = tf.Variable(1.0, name="w")
    tf.summary.scalar("w", w)
    train = tf.train.GradientDescentOptimizer(0.5).minimize(tf.square(w), global_step=step)
    return step, w, train


def test_managed_session_initializes_saves_and_restores(tmp_path):
    with tf.Graph().as_default() as g:
        step, w, train = _model()
        sv = tf.train.Supervisor(logdir=str(tmp_path), save_model_secs=0, save_summaries_secs=0)
        assert g.finalized and sv.is_chief and sv.global_step is step
        assert sv.save_path == os.path.join(str(tmp_path), "model.ckpt")
        with sv.managed_session() as sess:
            for _ in range(3):
                sess.run(train)
            sv.saver.save(sess, sv.save_path, global_step=step)
        assert sv.should_stop()
        assert os.path.exists(tmp_path / "graph.pbtxt")
        assert any(f.startswith("events.out.tfevents") for f in os.listdir(tmp_path))
    with tf.Graph().as_default():
        step, w, _ = _model()
        sv = tf.train.Supervisor(logdir=str(tmp_path), save_model_secs=0, save_summaries_secs=0)
        with sv.managed_session() as sess:
            assert sess.run(step) == 3
            assert sess.run(w) == pytest.approx(0.0)


def test_the_checkpoint_thread_saves_at_start(tmp_path):
    with tf.Graph().as_default():
        step, _, _ = _model()
        sv = tf.train.Supervisor(logdir=str(tmp_path), save_summaries_secs=0)
        with sv.managed_session():
            pass
    assert tf.train.latest_checkpoint(str(tmp_path)).endswith("model.ckpt-0")


def test_out_of_range_ends_cleanly_and_other_errors_propagate():
    with tf.Graph().as_default():
        _model()
        sv = tf.train.Supervisor(logdir=None)
        with sv.managed_session():
            raise tf.errors.OutOfRangeError(None, None, "input done")
        assert sv.should_stop()
        with pytest.raises(ValueError, match="boom"):
            with sv.managed_session():
                raise ValueError("boom")


def test_standard_services_need_a_chief():
    with tf.Graph().as_default():
        _model()
        sv = tf.train.Supervisor(logdir=None, is_chief=False, init_op=None, ready_op=None)
        with pytest.raises(RuntimeError, match="Only chief supervisor can start standard services"):
            sv.start_standard_services(None)


def test_basic_train_loop_runs_until_the_supervisor_stops():
    with tf.Graph().as_default():
        step, _, train = _model()
        sv = tf.train.Supervisor(logdir=None)
        seen = []

        def train_step(sess, limit):
            seen.append(sess.run(train))
            if len(seen) == limit:
                sv.request_stop()
        tf.train.basic_train_loop(sv, train_step, args=[4])
    assert len(seen) == 4


def test_checkpoints_iterator_yields_each_new_checkpoint_then_times_out(tmp_path):
    with tf.Graph().as_default():
        v = tf.Variable(1.0)
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(v.initializer)
            saver.save(sess, str(tmp_path / "m"), global_step=1)
            found = []
            for path in tf.train.checkpoints_iterator(str(tmp_path), timeout=0.5):
                found.append(os.path.basename(path))
                if len(found) == 1:
                    saver.save(sess, str(tmp_path / "m"), global_step=2)
    assert found == ["m-1", "m-2"]


def test_profiler_hook_writes_a_chrome_trace(tmp_path):
    with tf.Graph().as_default():
        step, _, train = _model()
        hook = tf.train.ProfilerHook(save_steps=2, output_dir=str(tmp_path))
        with tf.train.MonitoredSession(hooks=[hook]) as sess:
            for _ in range(4):
                sess.run(train)
    names = sorted(f for f in os.listdir(tmp_path) if f.startswith("timeline-"))
    assert names == ["timeline-2.json", "timeline-4.json"]  # as TF writes them
    trace = json.loads((tmp_path / names[0]).read_text())
    assert any(e.get("name") == "ApplyGradientDescent" or "ApplyGradientDescent" in json.dumps(e.get("args", {}))
               for e in trace["traceEvents"])


def test_noisy_linear_cosine_decay_is_noisy_around_the_linear_cosine_schedule():
    with tf.Graph().as_default():
        step = tf.Variable(0, dtype=tf.int64)
        noisy = tf.train.noisy_linear_cosine_decay(1.0, step, 10, initial_variance=0.0)
        plain = tf.train.linear_cosine_decay(1.0, step, 10)
        varied = tf.train.noisy_linear_cosine_decay(1.0, step, 10)
        with tf.Session() as sess:
            sess.run(step.initializer)
            for value in (0, 3, 10, 20):
                sess.run(step.assign(value))
                np.testing.assert_allclose(sess.run(noisy), sess.run(plain), rtol=1e-6)
            sess.run(step.assign(3))
            assert len({float(sess.run(varied)) for _ in range(5)}) > 1
    with pytest.raises(ValueError, match="requires global_step"):
        tf.train.noisy_linear_cosine_decay(1.0, None, 10)


def test_session_creators_share_a_base_class():
    assert issubclass(tf.train.ChiefSessionCreator, tf.train.SessionCreator)
    assert issubclass(tf.train.WorkerSessionCreator, tf.train.SessionCreator)
    with pytest.raises(NotImplementedError):
        tf.train.SessionCreator().create_session()


def test_coordinator_join_skips_threads_never_started():
    import threading
    coord = tf.train.Coordinator()
    never_started = threading.Thread(target=lambda: None)
    coord.request_stop()
    coord.join([never_started], stop_grace_period_secs=0.1)
    assert coord.joined
