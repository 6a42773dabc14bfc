"""The CPU device: NumPy arrays in host memory."""
from __future__ import annotations

import ctypes
import functools
import os
import time

import numpy as np

from tfsess.lib.xp import to_host
from tfsess.runtime.memory import Device

# What TF's ThreadPoolDevice reports as its memory limit in list_devices (256 MiB).
CPU_MEMORY_LIMIT_BYTES = 268435456


# glibc's mallopt parameters, and the values the CPU device sets (see keep_freed_host_memory)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_MMAP_THRESHOLD_BYTES = 32 << 20    # glibc's largest: blocks below it come from the reusable heap
_TRIM_THRESHOLD_BYTES = 128 << 20   # free heap kept for reuse before any goes back to the system


@functools.lru_cache(maxsize=1)
def keep_freed_host_memory() -> bool:
    """Lets the C allocator keep freed tensor memory for the next step, as TF's BFC allocator keeps its
    pool: glibc otherwise maps each large block afresh and unmaps it on free (or trims the heap), so
    every step pays the kernel a page fault per 4 KiB it writes (10 MB a step for a small convnet).
    Done once, when the first CPU device is made; a no-op (False) without glibc's mallopt."""
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the process's own C library
    except (OSError, AttributeError, TypeError):  # not glibc: that allocator keeps its own policy
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD_BYTES) and mallopt(_M_TRIM_THRESHOLD, _TRIM_THRESHOLD_BYTES))


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
        keep_freed_host_memory()

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
