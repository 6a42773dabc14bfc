"""The devices one session owns, and where each op runs.

A session gets its CPUs (`device_count['CPU']`, at least one), then its GPUs: the CUDA GPUs CuPy
sees (if cupy imports), and simulated GPUs when asked for (beyond TF: see device_simulated.py),
in that order. `gpu_options.visible_device_list` picks and renumbers among them, and
`device_count['GPU']` caps how many are used (0 hides them all).

Simulated GPUs, beyond TF, are asked for with::

    TFSESS_SIMULATED_GPUS=2 TFSESS_SIMULATED_GPU_MEMORY=1073741824 python train.py

or in code, before creating the session::

    from tfsess.runtime.devices import set_simulated_gpus
    set_simulated_gpus(2, memory_limit_bytes=1 << 30)   # set_simulated_gpus(None) goes back to the env
"""
from __future__ import annotations

import os
import sys
import threading
import weakref
from typing import Optional

from tfsess.framework import errors
from tfsess.runtime import device_gpu
from tfsess.runtime.device_cpu import CPUDevice
from tfsess.runtime.device_simulated import DEFAULT_MEMORY_BYTES, SimulatedGPUDevice
from tfsess.runtime.placement import Placer, fresh_error

ENV_SIMULATED_GPUS = "TFSESS_SIMULATED_GPUS"
ENV_SIMULATED_GPU_MEMORY = "TFSESS_SIMULATED_GPU_MEMORY"

_simulated_override = {"count": None, "memory": None}
_LIVE_MANAGERS = weakref.WeakSet()  # the device managers of sessions not yet garbage (process memory stats)


class _DeviceAttributes:
    """One entry of Session.list_devices() (TF's _DeviceAttributes, a plain object), plus its description."""

    __slots__ = ("name", "device_type", "memory_limit_bytes", "incarnation", "physical_device_desc", "simulated")

    def __init__(self, name, device_type, memory_limit_bytes, incarnation, physical_device_desc="",
                 simulated=False):
        self.name, self.device_type, self.memory_limit_bytes = name, device_type, memory_limit_bytes
        self.incarnation, self.physical_device_desc, self.simulated = incarnation, physical_device_desc, simulated

    def __repr__(self):
        return (f"_DeviceAttributes({self.name}, {self.device_type}, {self.memory_limit_bytes}, "
                f"{self.incarnation})")


DeviceAttributes = _DeviceAttributes


def set_simulated_gpus(count: Optional[int], memory_limit_bytes: Optional[int] = None) -> None:
    """Beyond TF: sessions created from now on get `count` simulated GPUs of `memory_limit_bytes` each.

    `count=None` goes back to the TFSESS_SIMULATED_GPUS / TFSESS_SIMULATED_GPU_MEMORY
    environment variables; 0 turns simulated GPUs off whatever the environment says.
    """
    if count is not None and (int(count) < 0):
        raise ValueError(f"The number of simulated GPUs must be >= 0, got {count}")
    if memory_limit_bytes is not None and int(memory_limit_bytes) <= 0:
        raise ValueError(f"memory_limit_bytes must be positive, got {memory_limit_bytes}")
    _simulated_override["count"] = None if count is None else int(count)
    _simulated_override["memory"] = None if memory_limit_bytes is None else int(memory_limit_bytes)


def simulated_gpu_settings() -> tuple:
    """(count, memory bytes per GPU) of simulated GPUs for a new session."""
    count = _simulated_override["count"]
    if count is None:
        count = _env_int(ENV_SIMULATED_GPUS, 0)
    memory = _simulated_override["memory"]
    if memory is None:
        memory = _env_int(ENV_SIMULATED_GPU_MEMORY, DEFAULT_MEMORY_BYTES)
    return max(0, count), memory if memory > 0 else DEFAULT_MEMORY_BYTES


def _env_int(name, default):
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    try:
        return int(float(text))
    except ValueError:
        raise ValueError(f"{name} must be an integer, got {text!r}") from None


class DeviceManager:
    """The devices one session owns, their placer, and their memory and placement reports."""

    def __init__(self, config):
        self.config = config
        counts = dict(config.device_count)
        self.cpus = [CPUDevice(i) for i in range(max(1, int(counts.get("CPU", 1))))]
        self.gpus = self._make_gpus(config, counts.get("GPU"))
        self.devices = self.cpus + self.gpus
        self.host = self.cpus[0]
        self._placer = None
        self._lock = threading.Lock()
        if config.log_device_placement:
            self._log_mapping()
        _LIVE_MANAGERS.add(self)

    # -------------------------------------------------------------- devices
    def _make_gpus(self, config, max_count):
        opts = config.gpu_options
        real = device_gpu.physical_gpu_count()
        sim_count, sim_memory = simulated_gpu_settings()
        physical = [("cuda", i) for i in range(real)] + [("simulated", i) for i in range(sim_count)]
        if not physical:
            return []  # like tensorflow-cpu: no GPU factory, the GPU options are not looked at
        chosen = _visible(opts.visible_device_list, len(physical))
        if max_count is not None:
            chosen = chosen[:max(0, int(max_count))]
        cuda_used = sum(1 for k in chosen if physical[k][0] == "cuda")
        splits = _virtual_splits(opts.experimental.virtual_devices, len(chosen))
        gpus = []
        for position, k in enumerate(chosen):
            kind, ordinal = physical[k]
            if kind == "cuda":
                if splits[position] is not None:
                    raise errors.UnimplementedError(
                        None, None, f"Virtual devices (gpu_options.experimental.virtual_devices) of CUDA GPU "
                                    f"{ordinal} are not supported; they are supported on simulated GPUs")
                gpus.append(device_gpu.GPUDevice(len(gpus), ordinal, opts.per_process_gpu_memory_fraction,
                                                 opts.allow_growth, single=cuda_used == 1))
                continue
            for memory in splits[position] or [sim_memory]:
                gpus.append(SimulatedGPUDevice(len(gpus), memory, opts.per_process_gpu_memory_fraction,
                                               opts.allow_growth, physical_index=k))
        return gpus

    def _log_mapping(self):
        lines = [f"{d.name} -> {d.physical_device_desc}" for d in self.devices if d.physical_device_desc]
        text = "Device mapping:\n" + "\n".join(lines) if lines else "Device mapping: no known devices."
        print(text, file=sys.stderr)

    def list_devices(self):
        """TF's session.list_devices(): name, device_type, memory_limit_bytes, incarnation."""
        return [DeviceAttributes(d.name, d.device_type, int(d.memory_limit_bytes), d.incarnation,
                                 d.physical_device_desc, d.simulated) for d in self.devices]

    # -------------------------------------------------------------- placement
    def placer(self, graph):
        """The placer of `graph`'s ops; raises InvalidArgumentError for an op it cannot place.

        A plain Session places the whole graph, so any unplaceable op fails the run (as TF);
        with `graph_options.place_pruned_graph` only the ops a run needs are checked.
        """
        with self._lock:
            if self._placer is None or (self._placer._graph is not None and self._placer._graph is not graph):
                self._placer = Placer(
                    self.devices, self.host, allow_soft_placement=self.config.allow_soft_placement,
                    log_device_placement=self.config.log_device_placement,
                    place_pruned_graph=self.config.graph_options.place_pruned_graph,
                    cuda_enabled=device_gpu.cuda_available())
            placer = self._placer
        error = placer.update(graph)
        if error is not None and not placer.pruned:
            raise fresh_error(error)
        return placer

    def placement_info(self):
        """One dict per op placed by this session: op, op_type, requested/assigned device, soft_placed."""
        return [] if self._placer is None else self._placer.placement_info()

    # -------------------------------------------------------------- memory
    def memory_info(self):
        """Per device: bytes in use, peak, limit, reserved, fraction, allow_growth, simulated, copies."""
        return [d.memory_info() for d in self.devices]

    def copy_info(self):
        """Per device that received copies: how many, how many bytes, and from where."""
        return [{"device": d.name, "copies": d.copies.count, "bytes": d.copies.nbytes,
                 "from": dict(d.copies.by_source)} for d in self.devices if d.copies.count]

    def release(self):
        """Gives the devices' memory back (the session closed)."""
        for device in self.devices:
            device.release()


def live_devices(device_type: str, index: int) -> list:
    """The devices named `device_type`:`index` of the sessions alive now (for process memory stats)."""
    return [d for m in list(_LIVE_MANAGERS) for d in m.devices if d.device_type == device_type and d.index == index]


def _virtual_splits(virtual_devices, count: int) -> list:
    """Per visible GPU: None (one device, all its memory) or the byte sizes of its virtual devices."""
    if not virtual_devices:
        return [None] * count
    if len(virtual_devices) != count:
        raise errors.InvalidArgumentError(
            None, None, f"The number of GPUs in visible_device_list ({count}) must be the same as the number "
                        f"of entries in virtual_devices ({len(virtual_devices)})")
    return [[int(mb) << 20 for mb in v.memory_limit_mb] or None for v in virtual_devices]


def _visible(visible_device_list: str, count: int) -> list:
    """Indices into the `count` physical GPUs chosen by visible_device_list ('' keeps them all)."""
    text = (visible_device_list or "").strip()
    if not text:
        return list(range(count))
    chosen = []
    for part in text.split(","):
        part = part.strip()
        try:
            k = int(part)
        except ValueError:
            raise errors.InvalidArgumentError(
                None, None, f"Could not parse entry in 'visible_device_list': '{part}'. "
                            f"visible_device_list = {text}") from None
        if k < 0 or k >= count:
            raise errors.InvalidArgumentError(
                None, None, f"'visible_device_list' listed an invalid Device id '{k}' but visible device "
                            f"count is {count}")
        if k in chosen:
            raise errors.InvalidArgumentError(
                None, None, f"visible_device_list contained a duplicate entry: {text}")
        chosen.append(k)
    return chosen
