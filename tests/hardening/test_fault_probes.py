"""Faults: a process killed while it saves checkpoints leaves the previous checkpoint restorable."""
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import tfsess as tf

SAVER_SCRIPT = textwrap.dedent("""
    import sys
    import numpy as np
    import tfsess as tf
    directory = sys.argv[1]
    v = tf.Variable(np.zeros((512, 512), np.float32), name="v")
    step = tf.Variable(0, dtype=tf.int64, name="step")
    bump = tf.group(tf.assign_add(v, tf.ones_like(v)), tf.assign_add(step, 1))
    saver = tf.train.Saver(max_to_keep=3)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        while True:
            sess.run(bump)
            saver.save(sess, directory + "/model", global_step=int(sess.run(step)))
            print("saved", flush=True)
""")


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.05, 0.13, 0.29, 0.41, 0.67])
def test_a_kill_during_saves_leaves_a_restorable_checkpoint(tmp_path, delay):
    script = tmp_path / "saver.py"
    script.write_text(SAVER_SCRIPT)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    proc = subprocess.Popen([sys.executable, str(script), str(tmp_path)], stdout=subprocess.PIPE, env=env)
    try:
        assert proc.stdout.readline().strip() == b"saved"  # at least one checkpoint is complete
        time.sleep(delay)                                    # then die somewhere inside a later save
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        proc.stdout.close()
    latest = tf.train.latest_checkpoint(str(tmp_path))
    assert latest is not None
    with tf.Graph().as_default():
        v = tf.Variable(np.full((512, 512), -1.0, np.float32), name="v")
        step = tf.Variable(-1, dtype=tf.int64, name="step")
        saver = tf.train.Saver()
        with tf.Session() as sess:
            saver.restore(sess, latest)
            restored_step, restored = sess.run([step, v])
    assert restored_step >= 1 and latest.endswith(f"-{restored_step}")
    assert np.all(restored == restored_step)  # the whole variable is from one save, never torn
