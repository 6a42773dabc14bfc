"""The run-time values behind TensorArray ops: what a handle and a flow hold during one run.

A TensorArrayV3 kernel makes an `ArrayHandle` (its configuration and what it learnt about its
elements) and an empty `Snapshot` (the elements). Snapshots are values: a write makes a new
snapshot, so a while loop carries a TensorArray as any other loop variable, and re-running a
loop (as its gradient does) starts again from the snapshot it was given. A gradient
TensorArray (TensorArrayGradV3) is a `GradArray`: one mutable accumulator per forward array and
gradient source, whose writes add up (TF's gradient aggregation); its flows are plain 0.0
tokens that only order its writes before its reads. Handles and snapshots have the object dtype
so that devices leave them on the host. Nothing here outlives the run.
"""
from __future__ import annotations

import itertools

import numpy as np

from tfsess.framework import errors

_NAMES = itertools.count()
_SHORT = {"float32": "float", "float64": "double", "float16": "half"}


def unique_name(op_name):
    """TF names an unnamed TensorArray after its op plus a process-wide counter."""
    return f"{op_name}_{next(_NAMES)}"


def fmt_dims(dims):
    """A PartialTensorShape as TF's messages print it: `<unknown>` or `[?,2]`."""
    if dims is None:
        return "<unknown>"
    return "[" + ",".join("?" if d is None else str(d) for d in dims) + "]"


def merge_dims(a, b):
    """The most specific of two partial shapes (tuples of int/None, or None), or raises ValueError."""
    if a is None:
        return b
    if b is None:
        return a
    if len(a) != len(b) or any(x is not None and y is not None and x != y for x, y in zip(a, b)):
        raise ValueError(f"{fmt_dims(a)} vs {fmt_dims(b)}")
    return tuple(x if x is not None else y for x, y in zip(a, b))


def compatible(dims, shape):
    try:
        merge_dims(dims, tuple(shape))
    except ValueError:
        return False
    return True


def fully_defined(dims):
    return dims is not None and all(d is not None for d in dims)


class _HostValue:
    """A run-time value that lives on the host whatever the op's device (object dtype, as handles).

    `get()` is what a fetch sees (the fetch path asks device values for it, as of CuPy arrays):
    TF shows a flow as 0.0.
    """

    dtype = np.dtype(object)
    shape = ()

    def __array__(self, dtype=None, copy=None):
        return np.zeros((), dtype=dtype or np.float32)

    def get(self):
        return np.float32(0.0)


class ArrayHandle(_HostValue):
    """One TensorArray of one run: its configuration, learnt element shape and gradient arrays."""

    def __init__(self, name, dtype, size, dynamic_size, clear_after_read, element_shape, identical_shapes):
        self.name, self.value_dtype = name, np.dtype(dtype)
        self.dynamic_size, self.clear_after_read = dynamic_size, clear_after_read
        self.element_shape, self.identical_shapes = element_shape, identical_shapes
        self.size = size  # the largest size seen: a gradient array made from a token flow takes it
        self.grads = {}   # gradient source -> GradArray

    def get(self):
        return np.array([b"_tensor_arrays", self.name.encode()], dtype=object)

    def prefix(self):
        return f"TensorArray {self.name}: "

    def check_write(self, index, value, written, size):
        if value.dtype != self.value_dtype:
            raise errors.InvalidArgumentError(
                None, None, f"TensorArray dtype is {_dtype_name(self.value_dtype)} but Op is trying to write "
                            f"dtype {_dtype_name(value.dtype)}.")
        if index < 0 or (index >= size and not self.dynamic_size):
            raise errors.InvalidArgumentError(
                None, None, f"{self.prefix()}Tried to write to index {index} but array is not resizeable and "
                            f"size is: {size}")
        if index < len(written) and written[index] is not None:
            raise errors.InvalidArgumentError(
                None, None, f"{self.prefix()}Could not write to TensorArray index {index} because it has "
                            "already been written to.")
        if value.shape != self.element_shape and not compatible(self.element_shape, value.shape):
            raise errors.InvalidArgumentError(
                None, None, f"{self.prefix()}Could not write to TensorArray index {index} because the value "
                            f"shape is {fmt_dims(value.shape)} which is incompatible with the TensorArray's "
                            f"inferred element shape: {fmt_dims(self.element_shape)} (consider setting "
                            "infer_shape=False).")
        if self.identical_shapes:
            self.element_shape = value.shape


def _dtype_name(dtype):
    name = np.dtype(dtype).name
    return _SHORT.get(name, "string" if np.dtype(dtype).kind in "OSU" else name)


class _Slot:
    """One written element; `cleared_by` is the read op that cleared it (clear_after_read)."""

    __slots__ = ("value", "cleared_by")

    def __init__(self, value):
        self.value, self.cleared_by = value, None


class Snapshot(_HostValue):
    """The elements of a forward TensorArray at one point of the graph: an immutable value."""

    def __init__(self, handle, slots, size):
        self.handle, self.slots, self.size = handle, tuple(slots), size

    def written(self, pairs):
        """A new snapshot with `pairs` (index, array) written, checked as TF checks writes."""
        h = self.handle
        slots, size = list(self.slots), self.size
        for index, value in pairs:
            h.check_write(index, value, slots, size)
            if index >= size:
                size = index + 1
            if index >= len(slots):
                slots.extend([None] * (index + 1 - len(slots)))
            slots[index] = _Slot(value)
        h.size = max(h.size, size)
        return Snapshot(h, slots, size)

    def read(self, index, reader, shape_hint=None):
        h = self.handle
        if index < 0 or index >= self.size:
            raise errors.InvalidArgumentError(
                None, None, f"Tried to read from index {index} but array size is: {self.size}")
        slot = self.slots[index] if index < len(self.slots) else None
        if slot is None:
            return _zeros(h, index, merge_dims(h.element_shape, shape_hint), h.value_dtype)
        if slot.cleared_by is not None and slot.cleared_by is not reader:
            raise errors.InvalidArgumentError(
                None, None, f"{h.prefix()}Could not read index {index} twice because it was cleared after a "
                            "previous read (perhaps try setting clear_after_read = false?).")
        if h.clear_after_read:
            # the same op reading again is a loop being re-run for its gradient, not a second read
            slot.cleared_by = reader
        return slot.value


class GradArray(_HostValue):
    """A gradient TensorArray: writes to one index add up; unwritten elements read as zeros."""

    def __init__(self, forward, size):
        self.name = forward.name + "@grad"
        self.value_dtype, self.element_shape = forward.value_dtype, forward.element_shape
        self.size, self.values = size, {}
        self.dynamic_size = True
        self.sources, self.shapes = [], {}  # forward snapshots, and the element shapes looked up in them

    def copy_shapes(self, snapshot):
        """TF's CopyShapesFrom: an unwritten gradient element reads as zeros of its forward element's shape.

        The snapshot is only remembered (a loop's backward pass brings one per time step): the
        first one holding an element gives its shape when that element is read unwritten.
        """
        if not self.sources or snapshot is not self.sources[-1]:
            self.sources.append(snapshot)

    def _forward_shape(self, index):
        shape = self.shapes.get(index)
        if shape is None:
            for snapshot in self.sources:
                slot = snapshot.slots[index] if index < len(snapshot.slots) else None
                if slot is not None:
                    shape = self.shapes[index] = slot.value.shape
                    break
        return shape

    def prefix(self):
        return f"TensorArray {self.name}: "

    def written(self, pairs):
        for index, value in pairs:
            old = self.values.get(index)
            self.values[index] = value if old is None else old + value
            self.size = max(self.size, index + 1)
        return np.zeros((), np.float32)

    def read(self, index, reader, shape_hint=None):
        if index < 0 or index >= self.size:
            raise errors.InvalidArgumentError(
                None, None, f"Tried to read from index {index} but array size is: {self.size}")
        value = self.values.get(index)
        if value is None:
            dims = self._forward_shape(index) or merge_dims(self.element_shape, shape_hint)
            return _zeros(self, index, dims, self.value_dtype)
        return value


def _zeros(array, index, dims, dtype):
    """What an unwritten element reads as: zeros of a fully known element shape, else TF's error."""
    if not fully_defined(dims):
        raise errors.InvalidArgumentError(
            None, None, f"{array.prefix()}Could not read from TensorArray index {index}.  Furthermore, the "
                        f"element shape is not fully defined: {fmt_dims(dims)}.  It is possible you are working "
                        "with a resizeable TensorArray and stop_gradients is not allowing the gradients to be "
                        "written.  If you set the full element_shape property on the forward TensorArray, the "
                        "proper all-zeros tensor will be returned instead of incurring this error.")
    return np.zeros(dims, dtype=dtype)


def elements(handle, flow):
    """The readable/writable view a TensorArray op works on: a forward snapshot or a gradient array."""
    if isinstance(handle, GradArray):
        return handle
    if isinstance(flow, np.ndarray) and flow.dtype == object and flow.ndim == 0:
        flow = flow.item()
    if not isinstance(flow, Snapshot):
        raise errors.InvalidArgumentError(None, None, f"{handle.prefix()}the flow does not carry this TensorArray")
    return flow


def grad_array(handle, flow, source):
    """The gradient array of `handle` for `source`, made at the forward array's size on first use."""
    grad = handle.grads.get(source)
    if grad is None:
        size = flow.size if isinstance(flow, Snapshot) else handle.size
        grad = handle.grads[source] = GradArray(handle, size)
    if isinstance(flow, Snapshot):
        grad.copy_shapes(flow)
    return grad
