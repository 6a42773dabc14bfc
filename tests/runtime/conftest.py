"""Fixtures shared by the runtime tests."""
import pytest

from tfsess.runtime.devices import set_simulated_gpus


@pytest.fixture
def no_simulated_gpus(monkeypatch):
    """No simulated GPUs from the environment or an earlier test, before and after the test."""
    monkeypatch.delenv("TFSESS_SIMULATED_GPUS", raising=False)
    set_simulated_gpus(None)
    yield
    set_simulated_gpus(None)
