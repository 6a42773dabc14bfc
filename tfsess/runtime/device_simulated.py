"""Simulated GPUs (beyond TF): NumPy compute with a GPU's name, placement and memory accounting.

A simulated GPU behaves like a CuPy GPU everywhere the session can see: ops are placed on it,
inputs made elsewhere are copied to it (and counted), every buffer it produces is charged to its
own allocator with a capacity, `per_process_gpu_memory_fraction` and `allow_growth`, and going
past the limit raises TF's `ResourceExhaustedError`. It never claims to be real: list_devices
describes it as simulated and memory_info says `simulated=True`.

Turn them on with `TFSESS_SIMULATED_GPUS=N` (and `TFSESS_SIMULATED_GPU_MEMORY=<bytes>`, 16 GiB by
default, a data-center GPU's memory: the classic two-GPU demo of two 10,000 x 10,000 matmuls fits)
or `tfsess.runtime.devices.set_simulated_gpus(N, memory_limit_bytes=...)`. The limit is accounting
only: a simulated GPU's buffers are host arrays, allocated as used.
"""
from __future__ import annotations

import time

import numpy as np

from tfsess.lib.xp import to_host
from tfsess.runtime.memory import Device, MemoryTracker

DEFAULT_MEMORY_BYTES = 16 << 30


class SimulatedGPUDevice(Device):
    """GPU:`index` computed with NumPy, with a memory pool of `capacity` bytes of its own."""

    device_type = "GPU"
    xp = np
    simulated = True
    tracks_memory = True
    kernel_type = "CPU"  # runs the NumPy kernels: a "GPU" override may need real CUDA

    def __init__(self, index: int, capacity: int = DEFAULT_MEMORY_BYTES, fraction: float = 0.0,
                 allow_growth: bool = False, physical_index: int | None = None):
        super().__init__(index)
        self.capacity = int(capacity)
        self.fraction = float(fraction or 0.0)
        self.allow_growth = bool(allow_growth)
        self.physical_index = index if physical_index is None else physical_index
        self.allocator_name = f"GPU_{index}_bfc"
        limit = int(self.fraction * self.capacity) if self.fraction > 0 else self.capacity
        self.memory = MemoryTracker(self.name, self.allocator_name, limit, self.allow_growth)
        self.physical_device_desc = (f"device: {self.physical_index}, name: tfsess simulated GPU (NumPy), "
                                     f"pci bus id: simulated, compute capability: simulated")

    @property
    def memory_limit_bytes(self) -> int:
        return self.memory.limit

    memory_limit = memory_limit_bytes

    @property
    def bytes_in_use(self) -> int:
        return self.memory.in_use

    def account(self, op, outputs) -> None:
        """Charges the new buffers among a kernel's outputs; ResourceExhaustedError past the limit."""
        self.memory.track(outputs)

    def reserve(self, op, shape, dtype):
        """Charges a buffer `op`'s kernel is about to allocate: past the limit, nothing is allocated."""
        return self.memory.reserve(shape, dtype)

    def unreserve(self, token) -> None:
        self.memory.unreserve(token)

    def copy_from(self, value, src, op=None):
        """A copy of `value` (from the host or another GPU) in this device's memory."""
        start = time.perf_counter()
        if not isinstance(value, (np.ndarray, np.generic)):
            if not hasattr(value, "__cuda_array_interface__"):
                return value  # handles and other host objects stay as they are
            value = to_host(value)
        self.memory.check(value)  # before copying: a refused copy allocates nothing
        copy = value.copy()
        self.memory.track((copy,))
        self._record_copy(op, src, start, copy)
        return copy

    def to_host(self, value):
        return np.array(value) if isinstance(value, np.ndarray) else value

    def memory_info(self) -> dict:
        info = super().memory_info()
        m = self.memory
        info.update(bytes_in_use=m.in_use, peak_bytes_in_use=m.peak, limit_bytes=m.limit,
                    reserved_bytes=m.reserved, fraction=self.fraction or None, allow_growth=self.allow_growth,
                    capacity_bytes=self.capacity)
        return info

    def release(self):
        super().release()
        self.memory.release()
