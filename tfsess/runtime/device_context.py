"""The process's device settings (tf.config's physical and logical devices), as TF's eager context keeps them.

Physical devices are the host CPU, then the CUDA GPUs CuPy sees, then the simulated GPUs asked for
(devices.set_simulated_gpus / TFSESS_SIMULATED_GPUS). Visibility, memory growth and logical
(virtual) device configurations may change until the context is initialized (list_logical_devices
or a memory query); a session made without a ConfigProto gets them as `device_count` and
`gpu_options` (visible_device_list, allow_growth, experimental.virtual_devices), as TF 2's
`context.context().config` gives them to a v1 Session.
"""
from __future__ import annotations

import collections
import threading

from tfsess.framework import context_config
from tfsess.framework.config_pb import ConfigProto, GPUOptions
from tfsess.framework.device_spec import DeviceSpecV2
from tfsess.runtime import device_gpu, devices

PhysicalDevice = collections.namedtuple("PhysicalDevice", ["name", "device_type"])
PhysicalDevice.__doc__ = "A physical device of this process: name '/physical_device:GPU:0' and its type."
LogicalDevice = collections.namedtuple("LogicalDevice", ["name", "device_type"])
LogicalDevice.__doc__ = "A device sessions place ops on: name '/device:GPU:0' and its type."


class LogicalDeviceConfiguration(collections.namedtuple(
        "LogicalDeviceConfiguration", ["memory_limit", "experimental_priority", "experimental_device_ordinal"])):
    """One logical device carved out of a physical one (memory_limit in MB, required for GPUs)."""

    def __new__(cls, memory_limit=None, experimental_priority=None, experimental_device_ordinal=None):
        return super().__new__(cls, memory_limit, experimental_priority, experimental_device_ordinal)


_LOCK = threading.RLock()
_STATE = {"physical": None, "visible": None}
_MEMORY_GROWTH = {}
_VIRTUAL = {}


def _physical() -> list:
    """The physical devices, found again when the GPUs this process sees change (simulated ones are set at will)."""
    with _LOCK:
        sim_count, _ = devices.simulated_gpu_settings()
        gpus = device_gpu.physical_gpu_count() + sim_count
        if _STATE["physical"] is None or len(_STATE["physical"]) != gpus + 1:
            found = [PhysicalDevice("/physical_device:CPU:0", "CPU")]
            found += [PhysicalDevice(f"/physical_device:GPU:{k}", "GPU") for k in range(gpus)]
            old = _STATE["physical"]
            visible = _STATE["visible"]
            _STATE["visible"] = [d for d in found if old is None or d not in old or d in visible]
            _STATE["physical"] = found
            for d in list(_MEMORY_GROWTH):
                if d not in found:
                    del _MEMORY_GROWTH[d]
            for d in list(_VIRTUAL):
                if d not in found:
                    del _VIRTUAL[d]
            for d in found:
                if d.device_type == "GPU":
                    _MEMORY_GROWTH.setdefault(d, False)
        return _STATE["physical"]


def list_physical_devices(device_type=None) -> list:
    """The process's physical devices, of `device_type` only when given."""
    return [d for d in _physical() if device_type is None or d.device_type == device_type]


def get_visible_devices(device_type=None) -> list:
    """The physical devices sessions may use, of `device_type` only when given."""
    _physical()
    return [d for d in _STATE["visible"] if device_type is None or d.device_type == device_type]


def _check_known(device):
    if device not in _physical():
        raise ValueError(f"Unrecognized device: {device!r}")


def set_visible_devices(devices_, device_type=None) -> None:
    """Makes `devices_` (of `device_type`, replacing that type's) the visible devices; fixed once initialized."""
    _physical()
    if not isinstance(devices_, list):
        devices_ = [devices_]
    for d in devices_:
        _check_known(d)
        if device_type is not None and d.device_type != device_type:
            raise ValueError(f"Unrecognized device: {d!r}")
    with _LOCK:
        chosen = [d for d in _STATE["visible"] if device_type is not None and d.device_type != device_type]
        chosen += devices_
        if chosen == _STATE["visible"]:
            return
        if context_config.is_initialized():
            raise RuntimeError("Visible devices cannot be modified after being initialized")
        _STATE["visible"] = chosen


def get_memory_growth(device) -> bool:
    """Whether memory growth is on for a physical GPU (KeyError for a CPU, as TF)."""
    _check_known(device)
    return _MEMORY_GROWTH[device]


def set_memory_growth(device, enable) -> None:
    """Turns memory growth on or off for a physical GPU (sessions' gpu_options.allow_growth)."""
    _check_known(device)
    if device in _VIRTUAL:
        raise ValueError("Cannot set memory growth on device when virtual devices configured")
    if device.device_type != "GPU":
        raise ValueError("Cannot set memory growth on non-GPU and non-Pluggable devices")
    with _LOCK:
        if _MEMORY_GROWTH.get(device) == enable:
            return
        if context_config.is_initialized():
            raise RuntimeError("Physical devices cannot be modified after being initialized")
        _MEMORY_GROWTH[device] = enable


def get_logical_device_configuration(device):
    """The logical device configurations of a physical device, or None."""
    _check_known(device)
    return _VIRTUAL.get(device)


def set_logical_device_configuration(device, logical_devices) -> None:
    """Splits a physical device into logical ones (CPUs: no limits; GPUs: memory_limit in MB each)."""
    _check_known(device)
    for vdev in logical_devices:
        if device.device_type == "CPU":
            if vdev.memory_limit is not None:
                raise ValueError("Setting memory limit on CPU virtual devices is currently not supported")
            if vdev.experimental_priority is not None:
                raise ValueError("Setting experimental_priority on CPU virtual  devices is currently not supported")
            if vdev.experimental_device_ordinal is not None:
                raise ValueError(
                    "Setting experimental_device_ordinal on CPU virtual  devices is currently not supported")
        elif vdev.memory_limit is None:
            raise ValueError("Setting memory limit is required for GPU virtual devices")
    with _LOCK:
        if _VIRTUAL.get(device) == logical_devices:
            return
        if context_config.is_initialized():
            raise RuntimeError("Virtual devices cannot be modified after being initialized")
        _VIRTUAL[device] = list(logical_devices)


def list_logical_devices(device_type=None) -> list:
    """The logical devices sessions made without a config get (initializes the context)."""
    context_config.ensure_initialized()
    found, counts = [], collections.Counter()
    for dev in get_visible_devices():
        for _ in range(len(_VIRTUAL.get(dev) or [None])):
            found.append(LogicalDevice(f"/device:{dev.device_type}:{counts[dev.device_type]}", dev.device_type))
            counts[dev.device_type] += 1
    return [d for d in found if device_type is None or d.device_type == device_type]


def _gpu_options() -> GPUOptions:
    visible, virtual, growths = [], [], set()
    for index, dev in enumerate(list_physical_devices("GPU")):
        if dev not in _STATE["visible"]:
            continue
        visible.append(str(index))
        growths.add(_MEMORY_GROWTH[dev])
        if _VIRTUAL:
            limits = [v.memory_limit for v in _VIRTUAL.get(dev, [])]
            priority = [v.experimental_priority for v in _VIRTUAL.get(dev, []) if v.experimental_priority is not None]
            if priority and len(priority) != len(limits):
                raise ValueError("priority must be specified for all virtual devices")
            virtual.append(GPUOptions.Experimental.VirtualDevices(memory_limit_mb=limits, priority=priority))
    options = GPUOptions(visible_device_list=",".join(visible))
    options.experimental.virtual_devices.extend(virtual)
    if not virtual and growths:
        if len(growths) > 1:
            raise ValueError("Memory growth cannot differ between GPU devices")
        options.allow_growth = growths.pop()
    return options


def session_config() -> ConfigProto:
    """The ConfigProto of a Session made without one: context settings plus the device fields."""
    config = context_config.default_session_config()
    with _LOCK:
        physical = _physical()
        for kind in ("CPU", "GPU"):
            config.device_count[kind] = sum(len(_VIRTUAL.get(d) or [None]) for d in physical
                                            if d.device_type == kind and d in _STATE["visible"])
        config.gpu_options.MergeFrom(_gpu_options())
    return config


def _matching(device_name: str) -> list:
    """The (type, index) of the logical devices a device string names ('GPU:0', '/device:CPU:0')."""
    text = device_name if device_name.startswith("/") else "/device:" + device_name
    spec = DeviceSpecV2.from_string(text)
    found = []
    for dev in list_logical_devices():
        kind, index = dev.name.split(":")[-2], int(dev.name.split(":")[-1])
        if spec.device_type not in (None, kind) or spec.device_index not in (None, index):
            continue
        found.append((kind, index))
    if not found:
        raise ValueError(f"No matching devices found for '{device_name}'")
    return found


def memory_info(device_name: str) -> dict:
    """{'current', 'peak'} bytes of a device's allocator, summed over the open sessions' devices."""
    kind, index = _matching(device_name)[0]
    current = peak = 0
    for device in devices.live_devices(kind, index):
        info = device.memory_info()
        current += int(info["bytes_in_use"])
        peak += int(info["peak_bytes_in_use"])
    return {"current": current, "peak": peak}


def get_memory_usage(device_name: str) -> int:
    """Deprecated in TF: the bytes in use on a device (memory_info(device)['current'])."""
    return memory_info(device_name)["current"]


def reset_memory_stats(device_name: str) -> None:
    """Sets the peak of a device's allocator back to the bytes in use now, in every open session."""
    kind, index = _matching(device_name)[0]
    for device in devices.live_devices(kind, index):
        device.reset_peak()


def get_device_details(device) -> dict:
    """A physical GPU's name and compute capability where known; {} for a CPU or a simulated GPU."""
    if not isinstance(device, PhysicalDevice):
        raise ValueError(f"device must be a tf.config.PhysicalDevice, but got: {device}")
    if device not in _physical():
        raise ValueError("The PhysicalDevice must be one obtained from calling "
                         f"`tf.config.list_physical_devices`, but got: {device}")
    index = int(device.name.split(":")[-1])
    if device.device_type != "GPU" or index >= device_gpu.physical_gpu_count():
        return {}
    return device_gpu.device_details(index)
