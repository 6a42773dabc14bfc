"""Simulated GPUs (beyond TF): placement, copies, memory accounting, limits and growth."""
import gc

import numpy as np
import pytest

import tfsess as tf
from tfsess.framework import errors
from tfsess.runtime.devices import set_simulated_gpus, simulated_gpu_settings

CPU0 = "/job:localhost/replica:0/task:0/device:CPU:0"
GPU0 = "/job:localhost/replica:0/task:0/device:GPU:0"
GPU1 = "/job:localhost/replica:0/task:0/device:GPU:1"
GIB = 1 << 30


@pytest.fixture(autouse=True)
def _clean_settings(monkeypatch):
    monkeypatch.delenv("TFSESS_SIMULATED_GPUS", raising=False)
    monkeypatch.delenv("TFSESS_SIMULATED_GPU_MEMORY", raising=False)
    set_simulated_gpus(None)
    yield
    set_simulated_gpus(None)


def _gpu_info(sess, name=GPU0):
    return next(m for m in sess.memory_info() if m["name"] == name)


def _split_graph():
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [3, 3], name="x")
        with tf.device("/cpu:0"):
            a = tf.matmul(x, x, name="a")
        with tf.device("/gpu:0"):
            b = tf.add(a, 1.0, name="b")
        with tf.device("/gpu:1"):
            c = tf.multiply(b, a, name="c")
        d = tf.reduce_sum(c - x, name="d")
    return g, x, [a, b, c, d]


def test_a_graph_split_over_cpu_and_two_gpus_computes_what_the_cpu_does():
    value = np.arange(9, dtype=np.float32).reshape(3, 3) / 7
    g, x, fetches = _split_graph()
    with tf.Session(graph=g, config=tf.ConfigProto(allow_soft_placement=True)) as sess:
        on_cpu = sess.run(fetches, {x: value})
        assert {r["assigned_device"] for r in sess.placement_info()} == {CPU0}
    set_simulated_gpus(2)
    with tf.Session(graph=g) as sess:
        on_gpus = sess.run(fetches, {x: value})
        placed = {r["op"]: r["assigned_device"] for r in sess.placement_info()}
    assert (placed["a"], placed["b"], placed["c"]) == (CPU0, GPU0, GPU1)
    assert placed["d"] == GPU0  # an op without a device goes to the first GPU, as in TF
    for want, got in zip(on_cpu, on_gpus):
        np.testing.assert_allclose(got, want, rtol=1e-6)
        assert type(got) is type(want) and got.dtype == want.dtype


def test_copies_between_devices_are_counted():
    set_simulated_gpus(2)
    g, x, fetches = _split_graph()
    with tf.Session(graph=g) as sess:
        sess.run(fetches[-1], {x: np.ones((3, 3), np.float32)})
        gpu0, gpu1 = _gpu_info(sess, GPU0), _gpu_info(sess, GPU1)
        copies = {c["device"]: c for c in sess.runtime.devices.copy_info()}
    # GPU:1 receives b (from GPU:0) and a (from the CPU); GPU:0 receives a, then c and x for d
    assert gpu1["copies_in"] == 2 and gpu1["bytes_copied_in"] == 2 * 36
    assert copies[GPU1]["from"] == {GPU0: 1, CPU0: 1}
    assert gpu0["copies_in"] == 3
    assert copies[GPU0]["from"] == {CPU0: 2, GPU1: 1}


def test_list_devices_marks_simulated_gpus():
    set_simulated_gpus(2, memory_limit_bytes=GIB)
    with tf.Session(graph=tf.Graph()) as sess:
        devices = sess.list_devices()
    assert [(d.name, d.device_type) for d in devices] == [(CPU0, "CPU"), (GPU0, "GPU"), (GPU1, "GPU")]
    gpus = devices[1:]
    assert all(d.simulated and "simulated" in d.physical_device_desc for d in gpus)
    assert all(d.memory_limit_bytes == GIB for d in gpus)
    assert not devices[0].simulated


def test_environment_variables_ask_for_simulated_gpus(monkeypatch):
    monkeypatch.setenv("TFSESS_SIMULATED_GPUS", "3")
    monkeypatch.setenv("TFSESS_SIMULATED_GPU_MEMORY", str(1 << 20))
    assert simulated_gpu_settings() == (3, 1 << 20)
    with tf.Session(graph=tf.Graph()) as sess:
        gpus = [d for d in sess.list_devices() if d.device_type == "GPU"]
    assert len(gpus) == 3 and all(d.memory_limit_bytes == 1 << 20 for d in gpus)
    set_simulated_gpus(0)  # an explicit setting wins over the environment
    with tf.Session(graph=tf.Graph()) as sess:
        assert [d.device_type for d in sess.list_devices()] == ["CPU"]


def test_device_count_and_visible_device_list_choose_gpus():
    set_simulated_gpus(3)
    with tf.Session(graph=tf.Graph(), config=tf.ConfigProto(device_count={"GPU": 0})) as sess:
        assert [d.device_type for d in sess.list_devices()] == ["CPU"]
    config = tf.ConfigProto(gpu_options=tf.GPUOptions(visible_device_list="2,0"))
    with tf.Session(graph=tf.Graph(), config=config) as sess:
        gpus = [d for d in sess.list_devices() if d.device_type == "GPU"]
    assert [d.name for d in gpus] == [GPU0, GPU1]  # renumbered
    assert gpus[0].physical_device_desc.startswith("device: 2,")
    config = tf.ConfigProto(gpu_options=tf.GPUOptions(visible_device_list="5"))
    with pytest.raises(errors.InvalidArgumentError, match="invalid Device id '5' but visible device count is 3"):
        tf.Session(graph=tf.Graph(), config=config)


def test_fraction_limit_refuses_a_large_feed_then_the_next_run_succeeds():
    set_simulated_gpus(1, memory_limit_bytes=GIB)
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None], name="x")
        with tf.device("/gpu:0"):
            y = tf.reduce_sum(x, name="total_sum")
    config = tf.ConfigProto(gpu_options=tf.GPUOptions(per_process_gpu_memory_fraction=0.5))
    big = np.zeros(150_000_000, np.float32)  # 600 MB, more than half of 1 GiB (calloc: no pages touched)
    with tf.Session(graph=g, config=config) as sess:
        assert _gpu_info(sess)["limit_bytes"] == GIB // 2
        with pytest.raises(errors.ResourceExhaustedError) as info:
            sess.run(y, {x: big})
        assert info.value.message.startswith(
            f"OOM when allocating tensor with shape[150000000] and type float on {GPU0} by allocator GPU_0_bfc")
        assert "600000000 bytes" in info.value.message and "{{node total_sum}}" in info.value.message
        assert info.value.op is y.op
        assert sess.run(y, {x: np.ones(10, np.float32)}) == 10.0
        assert _gpu_info(sess)["peak_bytes_in_use"] < GIB // 2


def test_an_output_past_the_limit_raises_and_the_session_stays_usable():
    set_simulated_gpus(1, memory_limit_bytes=1 << 20)
    g = tf.Graph()
    with g.as_default():
        n = tf.placeholder(tf.int32, [1], name="n")
        with tf.device("/gpu:0"):
            filled = tf.fill(n, 1.0, name="filled")
            total = tf.reduce_sum(filled, name="total")
    config = tf.ConfigProto(gpu_options=tf.GPUOptions(per_process_gpu_memory_fraction=0.5))
    with tf.Session(graph=g, config=config) as sess:
        with pytest.raises(errors.ResourceExhaustedError, match=r"shape\[150000\] and type float .* GPU_0_bfc"):
            sess.run(total, {n: [150_000]})  # 600 KB > 512 KB
        assert sess.run(total, {n: [1000]}) == 1000.0


def test_memory_in_use_peak_and_reserved_without_growth():
    set_simulated_gpus(1, memory_limit_bytes=GIB)
    g = tf.Graph()
    with g.as_default():
        with tf.device("/gpu:0"):
            v = tf.Variable(tf.zeros([1000]), name="v")  # 4000 bytes -> 4096 allocated
            step = tf.assign_add(v, tf.ones([1000]) * 2.0, name="step")
    config = tf.ConfigProto(gpu_options=tf.GPUOptions(per_process_gpu_memory_fraction=0.25))
    with tf.Session(graph=g, config=config) as sess:
        before = _gpu_info(sess)
        assert before["bytes_in_use"] == 0 and before["reserved_bytes"] == GIB // 4  # reserved up front
        assert before["fraction"] == 0.25 and before["allow_growth"] is False and before["simulated"] is True
        sess.run(v.initializer)
        sess.run(step)
        gc.collect()
        info = _gpu_info(sess)
        assert info["bytes_in_use"] % 256 == 0
        assert 4096 <= info["bytes_in_use"] <= info["peak_bytes_in_use"] <= 6 * 4096
        assert info["reserved_bytes"] == GIB // 4
    assert _gpu_info(sess)["bytes_in_use"] == 0  # closing gives the pool back


def test_allow_growth_reserves_as_use_grows():
    set_simulated_gpus(1, memory_limit_bytes=GIB)
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None], name="x")
        with tf.device("/gpu:0"):
            y = tf.multiply(x, 2.0, name="y")
    config = tf.ConfigProto(gpu_options=tf.GPUOptions(allow_growth=True))
    with tf.Session(graph=g, config=config) as sess:
        assert _gpu_info(sess)["reserved_bytes"] == 0
        sess.run(y, {x: np.ones(1000, np.float32)})
        small = _gpu_info(sess)["reserved_bytes"]
        assert small == 2 << 20  # the first 2 MiB region
        out = sess.run(y, {x: np.ones(1_000_000, np.float32)})  # 4 MB: input copy + output
        info = _gpu_info(sess)
        assert info["reserved_bytes"] >= info["peak_bytes_in_use"] >= 8_000_000
        assert info["reserved_bytes"] <= info["limit_bytes"] == GIB
        assert out.shape == (1_000_000,)


def test_intermediates_are_freed_when_the_run_ends():
    set_simulated_gpus(1)
    g = tf.Graph()
    with g.as_default():
        x = tf.placeholder(tf.float32, [None], name="x")
        with tf.device("/gpu:0"):
            y = tf.reduce_sum((x * 2.0 + 1.0) * x, name="y")
    with tf.Session(graph=g) as sess:
        sess.run(y, {x: np.zeros(100_000, np.float32)})
        gc.collect()
        info = _gpu_info(sess)
    assert info["peak_bytes_in_use"] >= 2 * 400_000
    assert info["bytes_in_use"] < 400_000  # only the constants and nothing of size 100000 stays


def test_placement_log_names_simulated_gpus(capsys):
    set_simulated_gpus(1)
    g = tf.Graph()
    with g.as_default():
        with tf.device("/gpu:0"):
            a = tf.constant(1.0, name="a")
    with tf.Session(graph=g, config=tf.ConfigProto(log_device_placement=True)) as sess:
        sess.run(a)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "Device mapping:"
    assert lines[1].startswith(f"{GPU0} -> device: 0, name: ") and "simulated" in lines[1]
    assert f"a: (Const): {GPU0}" in lines


def test_soft_placement_moves_missing_gpus_to_an_existing_one():
    set_simulated_gpus(1)
    g = tf.Graph()
    with g.as_default():
        with tf.device("/gpu:3"):
            a = tf.constant(2.0, name="a") * 2.0
    with pytest.raises(errors.InvalidArgumentError, match=f"available devices are \\[ {CPU0}, {GPU0} \\]"):
        tf.Session(graph=g).run(a)
    with tf.Session(graph=g, config=tf.ConfigProto(allow_soft_placement=True)) as sess:
        assert sess.run(a) == 4.0
        info = {r["op"]: r for r in sess.placement_info()}
    assert info["a"]["assigned_device"] == GPU0 and info["a"]["soft_placed"]
