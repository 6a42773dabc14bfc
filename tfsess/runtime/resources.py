"""Per-session resources: variable values, queues, reader states. They live in the session."""
from __future__ import annotations

import threading


class ResourceManager:
    """A session's stateful resources, keyed by name; `close()` cancels and drops them all."""

    def __init__(self):
        self._lock = threading.Lock()
        self._items = {}
        self.closed = threading.Event()

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
        """Cancels every resource that can block (queues) and releases all values."""
        self.closed.set()
        with self._lock:
            items = list(self._items.values())
            self._items.clear()
        for item in items:
            cancel = getattr(item, "cancel", None)
            if cancel is not None:
                cancel()
