"""The CPU device keeps freed host memory for the next step instead of mapping fresh pages."""
import resource
import sys

import numpy as np
import pytest

import tfsess as tf
from tfsess.runtime import device_cpu


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator policy")
def test_training_steps_reuse_freed_memory_without_page_faults():
    assert device_cpu.keep_freed_host_memory()  # glibc: the thresholds are set
    rng = np.random.default_rng(0)
    with tf.Graph().as_default():
        x = tf.constant(rng.random((64, 28, 28, 1), dtype=np.float32))
        w = tf.Variable(rng.normal(0, 0.1, (5, 5, 1, 32)).astype(np.float32))
        h = tf.nn.max_pool(tf.nn.relu(tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME")), [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
        loss = tf.reduce_sum(h * h)
        train = tf.train.GradientDescentOptimizer(1e-4).minimize(loss)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                sess.run(train)
            before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
            losses = [sess.run([train, loss])[1] for _ in range(5)]
            faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    assert losses[-1] < losses[0]
    # without the policy glibc maps the 6 MB intermediates afresh: about 2,000 faults a step
    assert faults < 1_000
