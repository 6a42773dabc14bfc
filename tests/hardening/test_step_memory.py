"""Device memory tells the truth: a failed step gives its memory back when it ends (not when its
exception dies), an assign is charged once, and an allocation past the limit is refused before
the host allocates it. The figures checked are those the notebook's memory views draw."""
import tracemalloc

import numpy as np
import pytest

import tfsess as tf
from ipython_ext.introspect import memory_rows
from ipython_ext.widgets import memory_text
from tfsess.framework import errors

MIB = 1 << 20


def _failing_step(g):
    """A 16 MiB intermediate on the GPU, then an op that cannot fit: the step fails after allocating."""
    with g.as_default(), tf.device("/gpu:0"):
        a = tf.ones([4 * MIB])                       # 16 MiB
        b = a * 2.0
        too_big = tf.random_uniform([64 * MIB])      # 256 MiB: never fits a 64 MiB GPU
        return b + tf.reduce_sum(too_big)


def test_a_failed_step_releases_its_memory_while_its_exception_lives(simulated_gpu, gpu_memory):
    simulated_gpu(64 * MIB)
    g = tf.Graph()
    fails = _failing_step(g)
    with g.as_default(), tf.device("/gpu:0"):
        fits = tf.reduce_sum(tf.ones([13 * MIB]))     # 52 MiB: fits only if the failed step's 16 MiB went
    with tf.Session(graph=g) as sess:
        with pytest.raises(errors.ResourceExhaustedError) as caught:
            sess.run(fails)
        kept = caught.value                            # as IPython keeps sys.last_value
        assert gpu_memory(sess)["bytes_in_use"] < MIB  # only the few small constants the GPU holds
        assert sess.run(fits) == 13 * MIB              # the next "cell" is not refused
        assert kept.__traceback__ is not None          # the exception is alive throughout


def test_a_kernel_error_keeps_no_buffer_in_its_traceback(simulated_gpu, gpu_memory):
    simulated_gpu(64 * MIB)
    g = tf.Graph()
    with g.as_default(), tf.device("/gpu:0"):
        x = tf.ones([4 * MIB])
        shape = tf.placeholder(tf.int32, [2])
        bad = tf.reshape(x * 3.0, shape)               # InvalidArgumentError inside the kernel
    with tf.Session(graph=g) as sess:
        with pytest.raises(errors.InvalidArgumentError) as caught:
            sess.run(bad, {shape: [7, -1]})
        assert "node Reshape" in str(caught.value)
        assert gpu_memory(sess)["bytes_in_use"] < MIB


def test_assign_charges_a_variable_once(simulated_gpu, gpu_memory):
    simulated_gpu(64 * MIB)
    g = tf.Graph()
    with g.as_default(), tf.device("/gpu:0"):
        v = tf.Variable(tf.zeros([10 * MIB]))         # 40 MiB on a 64 MiB device
        bump = tf.assign_add(v, tf.ones([10 * MIB]) * 0.0 + 1.0)
    with tf.Session(graph=g) as sess:
        sess.run(v.initializer)
        info = gpu_memory(sess)
        assert 40 * MIB <= info["bytes_in_use"] < 41 * MIB
        assert info["peak_bytes_in_use"] < 41 * MIB    # the initial value was not held twice
        with pytest.raises(errors.ResourceExhaustedError):
            sess.run(bump)                              # 40 MiB more for the addend: honestly refused
        assert gpu_memory(sess)["bytes_in_use"] < 41 * MIB
        assert float(sess.run(v)[0]) == 0.0


@pytest.fixture
def host_peak():
    """`host_peak()`: the most bytes NumPy and Python held at once since the fixture started."""
    tracemalloc.start()  # NumPy reports its array buffers to tracemalloc
    tracemalloc.reset_peak()
    yield lambda: tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()


@pytest.mark.parametrize("build", [
    lambda: tf.zeros([256 * MIB]),
    lambda: tf.fill([256 * MIB], 2.0),
    lambda: tf.broadcast_to(1.0, [256 * MIB]),
    lambda: tf.tile(tf.ones([1]), [256 * MIB]),
    lambda: tf.matmul(tf.ones([16 * 1024, 1]), tf.ones([1, 16 * 1024])),
    lambda: tf.random_normal([256 * MIB]),
    lambda: tf.range(256 * MIB),
], ids=["zeros", "fill", "broadcast_to", "tile", "matmul", "random_normal", "range"])
def test_a_1gib_op_is_refused_before_the_host_allocates_it(simulated_gpu, gpu_memory, host_peak, build):
    simulated_gpu(64 * MIB)
    g = tf.Graph()
    with g.as_default(), tf.device("/gpu:0"):
        big = build()
    with tf.Session(graph=g) as sess:
        with pytest.raises(errors.ResourceExhaustedError) as caught:
            sess.run(big)
        assert host_peak() < 100 * MIB                   # the 1 GiB buffer was never made
        text = str(caught.value)
        assert text.startswith("OOM when allocating tensor with shape[")
        assert "on /job:localhost/replica:0/task:0/device:GPU:0 by allocator GPU_0_bfc" in text
        assert gpu_memory(sess)["bytes_in_use"] < MIB  # constants only
        assert gpu_memory(sess)["peak_bytes_in_use"] <= 64 * MIB


def test_peak_and_in_use_are_what_the_views_show(simulated_gpu, gpu_memory):
    simulated_gpu(64 * MIB)
    g = tf.Graph()
    with g.as_default(), tf.device("/gpu:0"):
        v = tf.Variable(tf.zeros([2 * MIB]))          # 8 MiB kept
        temp = tf.reduce_sum(tf.fill([4 * MIB], 1.0) + v[0])  # 16 MiB + 16 MiB for a moment
    with tf.Session(graph=g) as sess:
        sess.run(v.initializer)
        assert sess.run(temp) == 4 * MIB
        info = gpu_memory(sess)
        assert 8 * MIB <= info["bytes_in_use"] < 9 * MIB
        assert 40 * MIB <= info["peak_bytes_in_use"] < 41 * MIB
        row = next(r for r in memory_rows(sess) if r["device_type"] == "GPU")
        assert (row["bytes_in_use"], row["peak_bytes_in_use"]) == (info["bytes_in_use"], info["peak_bytes_in_use"])
        text = memory_text(memory_rows(sess))
        assert "GPU:0" in text and "8.0 MiB" in text and "40.0 MiB" in text
