"""tf.train.CheckpointManager: numbering, keeping the newest max_to_keep, recovering a directory TF managed."""
import os
import shutil

import numpy as np
import pytest

import tfsess as tf

pytest.importorskip("google.protobuf")
pytest.importorskip("google_crc32c")
MANAGED = os.path.join(os.path.dirname(__file__), "fixtures", "objckpt", "manager")


def test_keeps_the_newest_and_deletes_the_rest(g, tmp_path):
    v = tf.Variable(1.0, name="v")
    step = v.assign_add(1.0)
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(v=v), str(tmp_path), max_to_keep=2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        paths = []
        for _ in range(4):
            sess.run(step)
            paths.append(manager.save())
    assert [os.path.basename(p) for p in paths] == ["ckpt-1", "ckpt-2", "ckpt-3", "ckpt-4"]
    assert manager.checkpoints == paths[2:]
    assert sorted(os.listdir(tmp_path)) == ["checkpoint", "ckpt-3.data-00000-of-00001", "ckpt-3.index",
                                           "ckpt-4.data-00000-of-00001", "ckpt-4.index"]
    assert tf.train.latest_checkpoint(str(tmp_path)) == paths[-1] == manager.latest_checkpoint
    assert tf.train.load_variable(str(tmp_path), "v/.ATTRIBUTES/VARIABLE_VALUE") == 5.0
    state = tf.train.get_checkpoint_state(str(tmp_path))
    assert len(state.all_model_checkpoint_timestamps) == 2


def test_takes_over_a_directory_tf_managed(g, tmp_path):
    directory = str(tmp_path / "managed")
    shutil.copytree(MANAGED, directory)
    step = tf.train.get_or_create_global_step()
    ck = tf.train.Checkpoint(step=step)
    manager = tf.train.CheckpointManager(ck, directory, max_to_keep=2, checkpoint_name="model")
    assert [os.path.basename(p) for p in manager.checkpoints] == ["model-2", "model-3"]
    assert manager.latest_checkpoint == os.path.join(directory, "model-3")
    with tf.Session() as sess:
        ck.restore(manager.latest_checkpoint).assert_consumed().run_restore_ops(sess)
        assert sess.run(step) == 3
        sess.run(tf.assign(step, 10))
        path = manager.save(checkpoint_number=step)
    assert os.path.basename(path) == "model-10"
    assert [os.path.basename(p) for p in manager.checkpoints] == ["model-3", "model-10"]
    assert not os.path.exists(os.path.join(directory, "model-2.index"))


def test_checkpoint_interval_skips_early_saves(g, tmp_path):
    step = tf.train.get_or_create_global_step()
    inc = tf.assign_add(step, 1)
    manager = tf.train.CheckpointManager(tf.train.Checkpoint(step=step), str(tmp_path), max_to_keep=None,
                                         step_counter=step, checkpoint_interval=2)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saved = []
        for _ in range(5):
            saved.append(manager.save())
            sess.run(inc)
    assert [p is not None for p in saved] == [True, False, True, False, True]


def test_bad_arguments(g, tmp_path):
    ck = tf.train.Checkpoint(v=tf.Variable(1.0))
    with pytest.raises(ValueError, match="max_to_keep"):
        tf.train.CheckpointManager(ck, str(tmp_path), max_to_keep=-1)
    with pytest.raises(ValueError, match="step_counter"):
        tf.train.CheckpointManager(ck, str(tmp_path), max_to_keep=1, checkpoint_interval=3)
    manager = tf.train.CheckpointManager(ck, str(tmp_path), max_to_keep=1, init_fn=lambda: calls.append(1))
    calls = []
    assert manager.restore_or_initialize() is None and calls == [1]
    with pytest.raises(RuntimeError, match="session"):
        manager.save()


def test_options_copy_keeps_the_callers_callbacks(g, tmp_path):
    seen = []
    options = tf.train.CheckpointOptions(experimental_write_callbacks=[seen.append])
    ck = tf.train.Checkpoint(v=tf.Variable(np.float32(2.0)))
    manager = tf.train.CheckpointManager(ck, str(tmp_path), max_to_keep=1)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = manager.save(options=options)
    assert seen == [path]
    assert len(options.experimental_write_callbacks) == 1
