"""CUDA GPUs through CuPy: the only module that imports cupy, and only when a session asks.

CUDA itself applies `CUDA_VISIBLE_DEVICES`; `gpu_options.visible_device_list` then picks and
renumbers among the visible GPUs (done by the DeviceManager). `per_process_gpu_memory_fraction`
caps CuPy's memory pool for the device; without `allow_growth` the capped pool is filled once and
freed, so the pool holds the reservation up front, as TF's BFC allocator does.
"""
from __future__ import annotations

import functools
import time

from tfsess.framework import errors
from tfsess.lib.xp import to_host
from tfsess.runtime.memory import Device, oom_message


@functools.lru_cache(maxsize=1)
def _cupy():
    """The cupy module when it imports and sees at least one CUDA device, else None."""
    try:
        import cupy
        if cupy.cuda.runtime.getDeviceCount() < 1:
            return None
        return cupy
    except Exception:  # noqa: BLE001 - ImportError, CUDARuntimeError, a driver without devices...
        return None


def cuda_available() -> bool:
    """Whether CuPy and at least one CUDA GPU are usable in this process."""
    return _cupy() is not None


def physical_gpu_count() -> int:
    """How many CUDA GPUs this process sees (after CUDA_VISIBLE_DEVICES); 0 without CuPy."""
    cp = _cupy()
    return 0 if cp is None else int(cp.cuda.runtime.getDeviceCount())


def _describe(ordinal: int, props: dict) -> str:
    name = props.get("name", b"GPU")
    name = name.decode(errors="replace") if isinstance(name, bytes) else str(name)
    bus = f"{props.get('pciDomainID', 0):04x}:{props.get('pciBusID', 0):02x}:{props.get('pciDeviceID', 0):02x}.0"
    return (f"device: {ordinal}, name: {name}, pci bus id: {bus}, "
            f"compute capability: {props.get('major', 0)}.{props.get('minor', 0)}")


def device_details(ordinal: int) -> dict:
    """TF's get_device_details of CUDA GPU `ordinal`: its name and (major, minor) compute capability."""
    props = _cupy().cuda.runtime.getDeviceProperties(ordinal)
    name = props.get("name", b"GPU")
    name = name.decode(errors="replace") if isinstance(name, bytes) else str(name)
    return {"device_name": name, "compute_capability": (int(props.get("major", 0)), int(props.get("minor", 0)))}


class _OnDevice:
    """The cupy module with CUDA device `ordinal` made current on each use (multi-GPU sessions)."""

    def __init__(self, cupy, ordinal):
        self._cupy, self._ordinal = cupy, ordinal

    def __getattr__(self, name):
        runtime = self._cupy.cuda.runtime
        if runtime.getDevice() != self._ordinal:
            runtime.setDevice(self._ordinal)
        return getattr(self._cupy, name)


class GPUDevice(Device):
    """GPU:`index`, backed by CUDA device `ordinal`, running kernels with CuPy."""

    device_type = "GPU"
    tracks_memory = True

    def __init__(self, index: int, ordinal: int, fraction: float = 0.0, allow_growth: bool = False,
                 single: bool = True):
        super().__init__(index)
        cp = self._cp = _cupy()
        self.ordinal = ordinal
        self.fraction = float(fraction or 0.0)
        self.allow_growth = bool(allow_growth)
        self.allocator_name = f"GPU_{index}_bfc"
        self.xp = cp if single else _OnDevice(cp, ordinal)
        props = cp.cuda.runtime.getDeviceProperties(ordinal)
        self.physical_device_desc = _describe(ordinal, props)
        self.total_memory = int(props.get("totalGlobalMem", 0))
        self.peak = 0
        self._pool = cp.get_default_memory_pool()
        with cp.cuda.Device(ordinal):
            self._old_limit = self._pool.get_limit()
            if self.fraction > 0:
                self._limit = int(self.fraction * self.total_memory)
                self._pool.set_limit(size=self._limit)
                if not self.allow_growth:
                    self._reserve()
            else:
                self._limit = int(cp.cuda.runtime.memGetInfo()[0]) + self._pool.total_bytes()

    def _reserve(self):
        """Fills the capped pool once and frees it: the pool keeps the block for later tensors."""
        cp = self._cp
        want = self._limit - self._pool.total_bytes()
        while want >= (1 << 20):
            try:
                block = cp.empty(want, dtype=cp.uint8)
            except cp.cuda.memory.OutOfMemoryError:
                want //= 2  # other processes hold some: reserve what there is
                continue
            del block
            return

    @property
    def memory_limit_bytes(self) -> int:
        return self._limit

    memory_limit = memory_limit_bytes

    @property
    def bytes_in_use(self) -> int:
        with self._cp.cuda.Device(self.ordinal):
            return int(self._pool.used_bytes())

    def account(self, op, outputs) -> None:
        """Updates the peak (CuPy's pool does the accounting; its OOM is a MemoryError)."""
        used = self.bytes_in_use
        if used > self.peak:
            self.peak = used

    def copy_from(self, value, src, op=None):
        """`value` copied into this GPU's memory (from the host or another GPU)."""
        cp = self._cp
        kind = getattr(getattr(value, "dtype", None), "kind", None)
        if kind is None or kind in ("O", "S", "U"):
            return value  # strings, handles and Python objects stay on the host
        start = time.perf_counter()
        with cp.cuda.Device(self.ordinal):
            try:
                out = cp.array(value, copy=True)
            except cp.cuda.memory.OutOfMemoryError:
                raise errors.ResourceExhaustedError(None, None, oom_message(
                    getattr(value, "shape", ()), getattr(value, "dtype", "float32"), self.name,
                    self.allocator_name, int(getattr(value, "nbytes", 0)), self.bytes_in_use,
                    self._limit)) from None
        self._record_copy(op, src, start, out)
        return out

    def translate_error(self, exc, op):
        """CuPy's out-of-memory error inside `op`'s kernel as TF's ResourceExhaustedError text."""
        if not isinstance(exc, self._cp.cuda.memory.OutOfMemoryError):
            return exc
        out = op.outputs[0] if op.outputs else None
        dims = None if out is None else out.shape.as_tuple_or_none()
        shape = [] if dims is None else [-1 if d is None else d for d in dims]
        dtype = "float32" if out is None else out.dtype.base_dtype.as_numpy_dtype
        message = oom_message(shape, dtype, self.name, self.allocator_name, 0, self.bytes_in_use, self._limit)
        return errors.ResourceExhaustedError(None, None, message.split("\n")[0] + f"\n({exc})")

    def to_host(self, value):
        return to_host(value) if hasattr(value, "__cuda_array_interface__") else value

    def memory_info(self) -> dict:
        info = super().memory_info()
        with self._cp.cuda.Device(self.ordinal):
            reserved = int(self._pool.total_bytes())
        info.update(bytes_in_use=self.bytes_in_use, peak_bytes_in_use=max(self.peak, self.bytes_in_use),
                    limit_bytes=self._limit, reserved_bytes=reserved, fraction=self.fraction or None,
                    allow_growth=self.allow_growth)
        return info

    def reset_peak(self) -> None:
        """Sets the peak back to the bytes in use now (tf.config.experimental.reset_memory_stats)."""
        self.peak = self.bytes_in_use

    def release(self):
        super().release()
        with self._cp.cuda.Device(self.ordinal):
            self._pool.free_all_blocks()
            self._pool.set_limit(size=self._old_limit)
