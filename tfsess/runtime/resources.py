"""Per-session resources: variable values, queues, reader states. They live in the session."""
from __future__ import annotations

import threading


class CancelFlag:
    """Raised when a session closes: running steps check it between ops (a plain attribute: cheap)."""

    __slots__ = ("raised",)

    def __init__(self):
        self.raised = False


NEVER_CANCELLED = CancelFlag()  # for runs no session can cancel


class ResourceManager:
    """A session's stateful resources, keyed by name; `close()` cancels and drops them all."""

    def __init__(self):
        self._lock = threading.Lock()
        self._items = {}
        self.closed = threading.Event()
        self.cancel = CancelFlag()

    def get(self, key):
        return self._items.get(key)

    def get_or_create(self, key, factory):
        item = self._items.get(key)
        if item is None:
            with self._lock:
                item = self._items.get(key)
                if item is None:
                    item = self._items[key] = factory()
        return item

    def set(self, key, value):
        with self._lock:
            self._items[key] = value

    def pop(self, key):
        with self._lock:
            return self._items.pop(key, None)

    def items(self):
        with self._lock:
            return list(self._items.items())

    def close(self):
        """Cancels running steps and every resource that can block (queues), and releases all values."""
        self.cancel.raised = True
        self.closed.set()
        with self._lock:
            items = list(self._items.values())
            self._items.clear()
        for item in items:
            cancel = getattr(item, "cancel", None)
            if cancel is not None:
                cancel()
