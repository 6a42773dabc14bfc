"""The CPU device: NumPy arrays in host memory."""
from __future__ import annotations

import os

import numpy as np


class CPUDevice:
    """The host CPU, running kernels with NumPy."""

    device_type = "CPU"
    xp = np
    simulated = False

    def __init__(self, index: int = 0):
        self.index = index
        self.name = f"/job:localhost/replica:0/task:0/device:CPU:{index}"

    @property
    def memory_limit(self) -> int:
        try:
            return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        except (ValueError, OSError, AttributeError):
            return 2**34

    def to_host(self, value):
        return value

    def from_host(self, value):
        return value

    def __repr__(self):
        return f"<CPUDevice {self.name}>"
