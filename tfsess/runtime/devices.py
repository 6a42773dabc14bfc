"""The session's devices and where each op runs."""
from __future__ import annotations

import collections

from tfsess.runtime.device_cpu import CPUDevice

DeviceAttributes = collections.namedtuple("DeviceAttributes",
                                          ["name", "device_type", "memory_limit_bytes", "incarnation"])


class DeviceManager:
    """The devices one session owns (the CPU for now) and its placer."""

    def __init__(self, config):
        self.config = config
        self.devices = [CPUDevice(0)]

    def list_devices(self):
        return [DeviceAttributes(d.name, d.device_type, d.memory_limit, 0) for d in self.devices]

    def placer(self, graph):
        cpu = self.devices[0]
        return lambda op: cpu

    def release(self):
        pass
