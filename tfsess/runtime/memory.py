"""What every device shares: its TF name, copy records, and (for GPUs) a memory accountant.

`MemoryTracker` models TF's GPU BFC allocator closely enough for notebooks and tests: bytes in
use (each buffer rounded up to 256 bytes, as BFC does), the peak, the limit set by
`per_process_gpu_memory_fraction`, and the reserved pool, which is the whole limit up front or,
with `allow_growth`, regions that double as use grows. Buffers are released when their arrays
die (`weakref.finalize`), so memory follows the executor's frees and the user's references.
A buffer a kernel is about to allocate is charged first (`reserve`), so an allocation past the
limit fails before it is made: the limit protects host memory too.
"""
from __future__ import annotations

import collections
import math
import random
import threading
import time
import weakref

import numpy as np

from tfsess.framework import errors

MIN_ALLOCATION = 256                  # BFC rounds every allocation up to this many bytes
INITIAL_GROWTH_REGION = 2 << 20       # allow_growth starts with a 2 MiB region, then doubles
_TF_TYPE_NAMES = {"float32": "float", "float64": "double", "float16": "half", "bool": "bool"}

CopyRecord = collections.namedtuple(
    "CopyRecord", ["thread", "op", "src", "dst", "start", "end", "nbytes", "shape", "dtype"])


def full_name(device_type: str, index: int) -> str:
    """TF's fully qualified local device name, e.g. /job:localhost/replica:0/task:0/device:GPU:0."""
    return f"/job:localhost/replica:0/task:0/device:{device_type}:{index}"


def tf_type_name(dtype) -> str:
    """TF's DataTypeString for a NumPy dtype ('float' for float32), as OOM messages print it."""
    name = np.dtype(dtype).name
    return _TF_TYPE_NAMES.get(name, name)


def rounded(nbytes: int) -> int:
    return 0 if nbytes <= 0 else -(-nbytes // MIN_ALLOCATION) * MIN_ALLOCATION


def oom_message(shape, dtype, device_name: str, allocator: str, requested: int, in_use: int, limit: int) -> str:
    """TF's OOM text, followed by the sizes involved."""
    dims = ",".join(str(int(d)) for d in shape)
    return (f"OOM when allocating tensor with shape[{dims}] and type {tf_type_name(dtype)} on {device_name} "
            f"by allocator {allocator}\n(requested {requested} bytes with {in_use} of {limit} bytes in use)")


def allocation_bytes(shape, dtype) -> int:
    """The bytes of a dense buffer of `shape` and `dtype`, as a Python int (never wraps)."""
    return math.prod(int(d) for d in shape) * np.dtype(dtype).itemsize


def buffer_of(value):
    """The array that owns `value`'s memory (views share their base's), or None for non-arrays."""
    if isinstance(value, np.generic):
        return value
    if not isinstance(value, np.ndarray):
        return None
    while isinstance(value.base, np.ndarray):
        value = value.base
    return value


class CopyStats:
    """Counts the copies a device received; keeps the recent ones for traced runs' step stats."""

    def __init__(self, keep: int = 4096):
        self.count = 0
        self.nbytes = 0
        self.by_source = collections.Counter()
        self._recent = collections.deque(maxlen=keep)
        self._lock = threading.Lock()

    def record(self, op, src, dst, start, end, value):
        nbytes = int(getattr(value, "nbytes", 0) or 0)
        rec = CopyRecord(threading.get_ident(), op, src.name, dst.name, start, end, nbytes,
                         tuple(np.shape(value)), getattr(value, "dtype", None))
        with self._lock:
            self.count += 1
            self.nbytes += nbytes
            self.by_source[src.name] += 1
            self._recent.append(rec)

    def since(self, start: float, thread=None) -> list:
        """The copies this thread made since `start` (a perf_counter time)."""
        thread = threading.get_ident() if thread is None else thread
        with self._lock:
            return [r for r in self._recent if r.start >= start and r.thread == thread]

    def reset(self):
        with self._lock:
            self.count = self.nbytes = 0
            self.by_source.clear()
            self._recent.clear()


class MemoryTracker:
    """Bytes in use, peak and reserved of one device's allocator; raises TF's OOM past the limit."""

    def __init__(self, device_name: str, allocator_name: str, limit: int, allow_growth: bool):
        self.device_name, self.allocator_name = device_name, allocator_name
        self.limit, self.allow_growth = int(limit), bool(allow_growth)
        self._lock = threading.RLock()  # a finalizer may run inside track() on the same thread
        self._reset()

    def _reset(self):
        self.in_use = 0
        self.peak = 0
        self.reserved = 0 if self.allow_growth else self.limit
        self._region = INITIAL_GROWTH_REGION
        self._live = {}
        self._epoch = getattr(self, "_epoch", 0) + 1

    def track(self, values) -> None:
        """Counts the buffers of `values` not yet counted; ResourceExhaustedError if they do not fit."""
        with self._lock:
            fresh = {}
            for value in values:
                buf = buffer_of(value)
                if buf is None or id(buf) in self._live or id(buf) in fresh:
                    continue
                size = rounded(buf.nbytes)
                if self.in_use + sum(s for _, s in fresh.values()) + size > self.limit:
                    raise errors.ResourceExhaustedError(None, None, oom_message(
                        np.shape(value), value.dtype, self.device_name, self.allocator_name, size,
                        self.in_use, self.limit))
                fresh[id(buf)] = (buf, size)
            if not fresh:
                return
            total = sum(s for _, s in fresh.values())
            self.in_use += total
            self.peak = max(self.peak, self.in_use)
            self._grow()
            for key, (buf, size) in fresh.items():
                if isinstance(buf, np.ndarray):
                    finalizer = weakref.finalize(buf, self._free, key, self._epoch)
                    finalizer.atexit = False
                    self._live[key] = (size, finalizer)
                else:  # NumPy scalars cannot be weak-referenced: count them as freed at once
                    self.in_use -= size

    def reserve(self, shape, dtype) -> tuple:
        """Charges a buffer of `shape` a kernel is about to allocate; TF's OOM error if it does not fit.

        Returns the token `unreserve` takes once the kernel's outputs are tracked (or it failed).
        """
        size = rounded(allocation_bytes(shape, dtype))
        with self._lock:
            if self.in_use + size > self.limit:
                raise errors.ResourceExhaustedError(None, None, oom_message(
                    shape, dtype, self.device_name, self.allocator_name, size, self.in_use, self.limit))
            self.in_use += size
            self.peak = max(self.peak, self.in_use)
            self._grow()
            return size, self._epoch

    def unreserve(self, token) -> None:
        size, epoch = token
        with self._lock:
            if epoch == self._epoch:  # a session closed meanwhile has reset the counts
                self.in_use -= size

    def check(self, value) -> None:
        """Raises TF's OOM error if a new buffer the size of `value` would not fit."""
        size = rounded(int(getattr(value, "nbytes", 0) or 0))
        with self._lock:
            if self.in_use + size > self.limit:
                raise errors.ResourceExhaustedError(None, None, oom_message(
                    np.shape(value), value.dtype, self.device_name, self.allocator_name, size,
                    self.in_use, self.limit))

    def _grow(self):
        if self.in_use <= self.reserved:
            return
        needed = self.in_use - self.reserved
        region = max(self._region, rounded(needed))
        self.reserved = min(self.limit, self.reserved + region)
        self._region = region * 2

    def _free(self, key, epoch):
        with self._lock:
            if epoch == self._epoch and key in self._live:
                self.in_use -= self._live.pop(key)[0]

    def release(self):
        """Gives everything back (the session closed): later frees of old buffers are ignored."""
        with self._lock:
            for _, finalizer in self._live.values():
                finalizer.detach()  # constants outlive sessions: drop our hooks on them
            self._reset()


class Device:
    """The parts every device shares: its names, attributes for list_devices, and copy records."""

    device_type = "CPU"
    xp = np
    simulated = False
    tracks_memory = False
    kernel_type = None  # the registry's kernel override to use (None: the device type's)

    def __init__(self, index: int):
        self.index = index
        self.name = full_name(self.device_type, index)
        self.incarnation = random.getrandbits(63) or 1
        self.copies = CopyStats()

    physical_device_desc = ""
    memory_limit_bytes = 0
    memory_limit = None   # bytes one allocation may take at most (None: unchecked)
    bytes_in_use = 0
    allocator_name = "cpu"

    def reserve(self, op, shape, dtype):
        """Refuses, with TF's OOM error, a buffer `op`'s kernel is about to allocate past the limit.

        Returns a token for `unreserve` (devices that count their memory charge it until then).
        """
        limit = self.memory_limit
        if limit is None:
            return None
        nbytes = allocation_bytes(shape, dtype)
        in_use = self.bytes_in_use
        if nbytes > limit - in_use:
            raise errors.ResourceExhaustedError(None, None, oom_message(
                shape, dtype, self.name, self.allocator_name, nbytes, in_use, limit))
        return None

    def unreserve(self, token) -> None:
        """Ends the charge of `reserve` (the kernel's outputs are counted now, or it failed)."""

    def _record_copy(self, op, src, start, value):
        self.copies.record(op, src, self, start, time.perf_counter(), value)

    def memory_info(self) -> dict:
        return {"name": self.name, "device_type": self.device_type, "simulated": self.simulated,
                "bytes_in_use": 0, "peak_bytes_in_use": 0, "limit_bytes": self.memory_limit_bytes,
                "reserved_bytes": 0, "fraction": None, "allow_growth": False,
                "copies_in": self.copies.count, "bytes_copied_in": self.copies.nbytes}

    def reset_peak(self) -> None:
        """Sets the peak back to the bytes in use now (tf.config.experimental.reset_memory_stats)."""
        tracker = getattr(self, "memory", None)
        if tracker is not None:
            with tracker._lock:
                tracker.peak = tracker.in_use

    def release(self):
        self.copies.reset()

    def __repr__(self):
        return f"<{type(self).__name__} {self.name}>"
