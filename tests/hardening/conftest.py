"""Fixtures of the hardening tests: simulated GPUs of a chosen size, and the `slow` marker."""
import pytest

from tfsess.runtime.devices import set_simulated_gpus

MIB = 1 << 20


def pytest_configure(config):
    # The heaviest probes are marked slow; the plain `python -m pytest` (CI's command) runs them too.
    config.addinivalue_line("markers", "slow: a probe under load taking seconds (still run by default)")


@pytest.fixture
def simulated_gpu(monkeypatch):
    """`simulated_gpu(memory_bytes)`: sessions created after the call get one simulated GPU of that size."""
    monkeypatch.delenv("TFSESS_SIMULATED_GPUS", raising=False)

    def make(memory_bytes=64 * MIB):
        set_simulated_gpus(1, memory_limit_bytes=memory_bytes)
    yield make
    set_simulated_gpus(None)


@pytest.fixture
def gpu_memory():
    """`gpu_memory(sess)`: the simulated GPU's entry of the session's memory report (what the views draw)."""
    return lambda sess: next(m for m in sess.memory_info() if m["device_type"] == "GPU")
