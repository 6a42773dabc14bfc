"""A variable's value inside one session: read, write, lock, and the declared shape it must keep."""
from __future__ import annotations

import threading
import weakref

import numpy as np

from tfsess.framework import errors


class VariableRef:
    """The storage behind a ref-typed variable tensor; values are stored read-only.

    `shape` is the variable's declared static shape (a tuple of int/None, or None when unknown),
    as TF's VariableOp sets it on the uninitialised tensor, so that a validating assign can be
    checked before the first value exists.

    A ref variable keeps one buffer of its own while its shape and dtype stay (`ALIASED_WRITES`):
    writes go into it, as TF's Assign, AssignAdd and Apply* kernels write into the ref's buffer.
    A tensor read from the variable earlier in a step (the `<name>/read` snapshot) is that buffer,
    so ops that run after a write in the same step, such as those under
    `control_dependencies([update])`, see the new value, as in TF. Fetches copy it.
    """

    __slots__ = ("name", "value", "lock", "shape", "owned")
    ALIASED_WRITES = True

    def __init__(self, name, shape=None):
        self.name = name
        self.value = None
        self.lock = threading.RLock()
        self.shape = None if shape is None else tuple(shape)
        self.owned = False  # the stored array is this variable's alone (may be updated in place)

    def read(self):
        value = self.value
        if value is None:
            raise errors.FailedPreconditionError(
                None, None, f"Attempting to use uninitialized value {self.name}")
        return value

    def cancel(self):
        """The session closed: the value goes with it, so a step still running stops at its next read."""
        self.value = None
        self.owned = False

    @property
    def initialized(self) -> bool:
        return self.value is not None

    def check_assign_shape(self, shape, op_type="Assign"):
        """Raises InvalidArgumentError unless a value of `shape` may replace the current one.

        The current value's shape decides once there is one, the declared shape before.
        """
        shape = tuple(shape)
        current = self.value
        if current is not None:
            if tuple(current.shape) != shape:
                raise errors.InvalidArgumentError(
                    None, None, f"{op_type} requires shapes of both tensors to match. lhs shape= "
                                f"{list(current.shape)} rhs shape= {list(shape)} (variable {self.name})")
        elif self.shape is not None and not _compatible(self.shape, shape):
            declared = ["?" if d is None else d for d in self.shape]
            raise errors.InvalidArgumentError(
                None, None, f"{op_type} requires shapes of both tensors to match. lhs shape= "
                            f"{declared} rhs shape= {list(shape)} (variable {self.name})")

    def assign(self, value, owned=False):
        """Stores `value` and returns the stored array; `owned` says no one else holds `value` (no copy).

        With ALIASED_WRITES a value of the current array's shape and dtype is copied into it.
        """
        current = self.value
        if self.ALIASED_WRITES and self.owned and _same_layout(current, value):
            current.flags.writeable = True
            try:
                np.copyto(current, value)
            finally:
                current.flags.writeable = False
            return current
        self.owned = False
        if isinstance(value, np.ndarray):
            if value.flags.writeable or self.ALIASED_WRITES:
                if not (owned and value.flags.writeable and value.base is None):
                    value = value.copy()  # a fed array, a view or a constant's buffer is not ours to write
                self.owned = True
            value.flags.writeable = False
        self.value = value
        if self.owned and self.ALIASED_WRITES and isinstance(value, np.ndarray):
            _BUFFERS[id(value)] = value
        return value

    def update_in_place(self, fn):
        """Applies `fn(array)` to the stored array in place when it is this variable's alone.

        Returns the updated array, or None when the value is shared (a constant's buffer, say)
        and the caller must compute a new array instead. Callers hold `lock`.
        """
        value = self.value
        if not self.owned or not isinstance(value, np.ndarray):
            return None
        value.flags.writeable = True
        try:
            fn(value)
        finally:
            value.flags.writeable = False
        return value

    def __repr__(self):
        state = "uninitialized" if self.value is None else f"shape={tuple(self.value.shape)}"
        return f"<VariableRef {self.name} {state}>"


_BUFFERS = weakref.WeakValueDictionary()  # id -> a ref variable's own buffer, which its writes change in place


def detached(value):
    """`value`, copied when it is (a view of) a ref variable's buffer: for state that outlives the step
    (a dataset's captured inputs), which must keep the value it was given, as TF's do."""
    if isinstance(value, np.ndarray):
        base = value if value.base is None else value.base
        if _BUFFERS.get(id(base)) is base:
            return value.copy()
    return value


def _same_layout(current, value) -> bool:
    return isinstance(current, np.ndarray) and isinstance(value, np.ndarray) and current.shape == value.shape \
        and current.dtype == value.dtype


def _compatible(declared, shape) -> bool:
    return len(declared) == len(shape) and all(d is None or d == s for d, s in zip(declared, shape))
