"""What a session holds, read without running anything or adding ops to the user's graph.

Variables' values, queues and reader states come from the session itself
(`sess.variable_value(var)`, `sess.resource_items()`, keyed `("variable", name)` for variables).
Placement and memory come from `sess.placement_info()` and `sess.memory_info()` when the session
has them, otherwise from `list_devices()` and op devices.
"""
from __future__ import annotations

from typing import Optional

from ipython_ext.html import clip, plural
from tfsess.ops.variables import GraphKeys


def session_variables(sess) -> list:
    """The global and local variables of the session's graph (deduplicated, in creation order)."""
    graph = sess.graph
    out, seen = [], set()
    for key in (GraphKeys.GLOBAL_VARIABLES, GraphKeys.LOCAL_VARIABLES):
        for v in graph.get_collection(key):
            if id(v) not in seen:
                seen.add(id(v))
                out.append(v)
    return out


def is_initialized(sess, var) -> Optional[bool]:
    """Whether `var` has a value in `sess`; None when the session is closed."""
    if getattr(sess, "_closed", False):
        return None
    return sess.variable_value(var) is not None


def open_queues(sess) -> list:
    """(name, size or None, "open"/"closed") of the queue-like resources the session holds."""
    out = []
    for key, item in _resource_items(sess):
        kind = key[0] if isinstance(key, tuple) and key else ""
        if "queue" in str(kind).lower() or "Queue" in type(item).__name__:
            name = key[1] if isinstance(key, tuple) and len(key) > 1 else str(key)
            closed = _call_quietly(item, "is_closed")
            out.append((clip(name), _call_quietly(item, "size"), "closed" if closed else "open"))
    return out


def _call_quietly(item, method: str):
    fn = getattr(item, method, None)
    try:
        return fn() if callable(fn) else fn
    except Exception:  # noqa: BLE001 - a resource being torn down
        return None


def _resource_items(sess):
    try:
        return list(sess.resource_items())
    except Exception:  # noqa: BLE001 - a session being closed by another thread
        return []


def state_summary(sess) -> dict:
    """Counts of what closing `sess` would drop: initialised variables, open queues, other resources."""
    if sess is None or getattr(sess, "_closed", False):
        return {"variables": 0, "queues": 0, "other": 0}
    items = _resource_items(sess)
    variables = sum(1 for k, item in items if isinstance(k, tuple) and k[:1] == ("variable",)
                    and getattr(item, "initialized", False))
    queues = len(open_queues(sess))
    other = sum(1 for k, _ in items if not (isinstance(k, tuple) and k[:1] == ("variable",))) - queues
    return {"variables": variables, "queues": queues, "other": max(other, 0)}


def describe_dropped(summary: dict) -> str:
    parts = [_plural(summary["variables"], "initialised variable"), _plural(summary["queues"], "open queue"),
             _plural(summary["other"], "other resource")]
    parts = [p for p in parts if p]
    return "dropped " + ", ".join(parts) if parts else "no session state was dropped"


def _plural(n: int, word: str) -> str:
    return plural(n, word) if n else ""


# ------------------------------------------------------------------ placement and memory
def placement_rows(sess) -> list:
    """sess.placement_info() when the session has it, else a CPU-only view from op devices."""
    rows = _call_optional(sess, "placement_info")
    if rows is not None:
        return rows
    devices = [d.name for d in sess.list_devices()]
    cpu = next((d for d in devices if "CPU" in d), devices[0] if devices else "CPU:0")
    rows = []
    for op in sess.graph.get_operations():
        requested = op.device or ""
        rows.append({"op": op.name, "op_type": op.type, "requested_device": requested, "assigned_device": cpu,
                     "soft_placed": bool(requested) and "CPU" not in requested.upper()})
    return rows


def memory_rows(sess) -> list:
    """sess.memory_info() when the session has it, else the devices without usage numbers."""
    rows = _call_optional(sess, "memory_info")
    if rows is not None:
        return rows
    return [{"name": d.name, "device_type": d.device_type, "simulated": False, "bytes_in_use": None,
             "peak_bytes_in_use": None, "limit_bytes": d.memory_limit_bytes, "reserved_bytes": None,
             "fraction": None} for d in sess.list_devices()]


def _call_optional(sess, method: str):
    """`sess.method()` as a list, or None where the session (or its devices) does not provide it."""
    fn = getattr(sess, method, None)
    if not callable(fn):
        return None
    try:
        return list(fn())
    except (AttributeError, NotImplementedError):
        return None
