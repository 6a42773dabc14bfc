"""The CPU device: NumPy arrays in host memory."""
from __future__ import annotations

import os
import time

import numpy as np

from tfsess.lib.xp import to_host
from tfsess.runtime.memory import Device

# What TF's ThreadPoolDevice reports as its memory limit in list_devices (256 MiB).
CPU_MEMORY_LIMIT_BYTES = 268435456


def _physical_memory() -> int:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 2**34


class CPUDevice(Device):
    """The host CPU, running kernels with NumPy. Every CPU device shares host memory."""

    device_type = "CPU"
    xp = np
    allocator_name = "cpu"
    memory_limit_bytes = CPU_MEMORY_LIMIT_BYTES

    def __init__(self, index: int = 0):
        super().__init__(index)

    @property
    def memory_limit(self) -> int:
        """The machine's physical memory (what the notebook widgets draw the CPU bar against)."""
        return _physical_memory()

    def copy_from(self, value, src, op=None):
        """`value` (made on `src`) in host memory: CuPy arrays come down, simulated GPUs' are copied."""
        if getattr(src, "device_type", "CPU") == "CPU" and not hasattr(value, "__cuda_array_interface__"):
            return value  # CPU devices share host memory: TF passes the buffer, no copy
        start = time.perf_counter()
        if hasattr(value, "__cuda_array_interface__"):
            value = to_host(value)
        elif isinstance(value, (np.ndarray, np.generic)):
            value = value.copy()
        else:
            return value
        self._record_copy(op, src, start, value)
        return value

    def to_host(self, value):
        return value

    def memory_info(self) -> dict:
        info = super().memory_info()
        info["limit_bytes"] = self.memory_limit
        return info
