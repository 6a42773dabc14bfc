"""A variable's value inside one session: read, write, lock."""
from __future__ import annotations

import threading

import numpy as np

from tfsess.framework import errors


class VariableRef:
    """The storage behind a ref-typed variable tensor; values are stored read-only."""

    __slots__ = ("name", "value", "lock")

    def __init__(self, name):
        self.name = name
        self.value = None
        self.lock = threading.Lock()

    def read(self):
        value = self.value
        if value is None:
            raise errors.FailedPreconditionError(
                None, None, f"Attempting to use uninitialized value {self.name}")
        return value

    @property
    def initialized(self) -> bool:
        return self.value is not None

    def assign(self, value, owned=False):
        """Stores `value` and returns it; `owned` says no one else holds the array (no copy)."""
        if isinstance(value, np.ndarray):
            if value.flags.writeable and not (owned and value.base is None):
                value = value.copy()  # a fed array or a view could change under us
            value.flags.writeable = False
        self.value = value
        return value
