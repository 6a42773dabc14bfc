"""Simulated GPUs default to a realistic memory size (16 GiB); the setting still changes it."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.runtime.devices import set_simulated_gpus, simulated_gpu_settings


@pytest.fixture(autouse=True)
def _clean_settings(monkeypatch):
    monkeypatch.delenv("TFSESS_SIMULATED_GPUS", raising=False)
    monkeypatch.delenv("TFSESS_SIMULATED_GPU_MEMORY", raising=False)
    set_simulated_gpus(None)
    yield
    set_simulated_gpus(None)


def test_default_is_16_gib_and_the_settings_change_it(monkeypatch):
    set_simulated_gpus(2)
    with tf.Session(graph=tf.Graph()) as sess:
        gpus = [d for d in sess.list_devices() if d.device_type == "GPU"]
    assert [d.memory_limit_bytes for d in gpus] == [16 << 30] * 2
    set_simulated_gpus(None)
    monkeypatch.setenv("TFSESS_SIMULATED_GPUS", "1")
    monkeypatch.setenv("TFSESS_SIMULATED_GPU_MEMORY", str(1 << 30))
    assert simulated_gpu_settings() == (1, 1 << 30)


def test_classic_two_gpu_matmul_demo_fits():
    """The demo's shape of work (a matmul per GPU, summed on the CPU), scaled down 10x per side to run fast;
    at 10,000 x 10,000 each GPU holds two 400 MB inputs and a 400 MB product, far below 16 GiB."""
    set_simulated_gpus(2)
    n = 1000
    products = []
    with tf.Graph().as_default():
        for device in ("/gpu:0", "/gpu:1"):
            with tf.device(device):
                a = tf.random_uniform([n, n], seed=1)
                b = tf.random_uniform([n, n], seed=2)
                products.append(tf.matmul(a, b))
        with tf.device("/cpu:0"):
            total = tf.add_n(products)
        with tf.Session() as sess:
            value = sess.run(total)
            peaks = [m["peak_bytes_in_use"] for m in sess.memory_info() if "GPU" in m["name"]]
            limits = [m["limit_bytes"] for m in sess.memory_info() if "GPU" in m["name"]]
    assert value.shape == (n, n) and np.isfinite(value).all()
    assert all(peak >= 3 * n * n * 4 for peak in peaks)
    assert all(peak * 100 <= limit for peak, limit in zip(peaks, limits))  # 100x this size still fits
