"""Placement, memory and session views: `%tfplacement`, `%tfmemory`, `%tfsession` outputs.

By default a view is a snapshot: the record of its cell, never changed afterwards. `--live` views
are published with a display_id and re-sent with `update_display` (plain HTML and text, no widget
model, so a saved notebook reopens with the last state in any front-end) after each cell and on a
timer while a long cell runs, and only when what they show changed. Their collapsible sections
keep stable ids from one update to the next.
"""
from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from typing import Callable, Optional

from ipython_ext import introspect
from ipython_ext import html as h

MAX_OPS_PER_DEVICE = 50
DEVICE_CHARS = 200
LIVE_INTERVAL_S = 1.0


# ------------------------------------------------------------------ static HTML: placement
def group_placement(rows) -> "OrderedDict[str, list]":
    groups = OrderedDict()
    for row in sorted(rows, key=lambda r: (r["assigned_device"], not r["soft_placed"])):
        groups.setdefault(row["assigned_device"], []).append(row)
    return groups


def placement_html(rows, key: Optional[str] = None) -> h.Markup:
    """Ops grouped by device, one collapsible section per device (ids derived from `key` when given)."""
    if not rows:
        return h.tag("div", "no ops placed yet: placement happens when the session first runs them", "tfs-muted")
    groups = group_placement(rows)
    soft = sum(1 for r in rows if r["soft_placed"])
    summary = f"{h.plural(len(rows), 'op')} on {h.plural(len(groups), 'device')}" + (f"; {soft} soft-placed"
                                                                                   if soft else "")
    parts = [h.tag("div", summary, "tfs-muted")]
    for i, (name, ops) in enumerate(groups.items()):
        table = h.table(["op", "type", "requested", ""],
                        [(h.clip(r["op"]), h.clip(r["op_type"], 80), h.clip(r["requested_device"] or "(any)"),
                          h.badge("soft-placed", "warn") if r["soft_placed"] else "") for r in ops],
                        MAX_OPS_PER_DEVICE, "ops")
        parts.append(h.section(h.clip(name or "(unplaced)", DEVICE_CHARS), table, len(ops),
                               key=f"{key}-{i}" if key else None))
    return h.join(parts)


def placement_text(rows) -> str:
    lines = []
    for name, ops in group_placement(rows).items():
        lines.append(f"{h.clip(name, DEVICE_CHARS)}: {h.plural(len(ops), 'op')}")
        lines += [f"  {h.clip(r['op'])} ({h.clip(r['op_type'], 80)})"
                  + (f" requested {h.clip(r['requested_device'])}, soft-placed" if r["soft_placed"] else "")
                  for r in ops[:MAX_OPS_PER_DEVICE]]
        if len(ops) > MAX_OPS_PER_DEVICE:
            lines.append(f"  ... {len(ops) - MAX_OPS_PER_DEVICE} more ops")
    return "\n".join(lines) or "no ops placed yet"


# ------------------------------------------------------------------ static HTML: memory
def _tracked(row) -> bool:
    """Whether the row has usage numbers worth a bar (the host CPU's are not tracked)."""
    return row.get("bytes_in_use") is not None and (row.get("device_type") or "").upper() != "CPU"


def _scale(row) -> Optional[float]:
    limit, fraction = row.get("limit_bytes"), row.get("fraction")
    total = row.get("capacity_bytes") or row.get("total_bytes")
    if total:
        return float(total)
    if limit and fraction:
        return limit / fraction  # limit_bytes is the capped pool; the bar spans the whole device
    return float(limit) if limit else None


def _percent(n, scale) -> str:
    return f"{max(0.0, min(100.0, 100.0 * n / scale)):.2f}%"


def memory_bar(row) -> h.Markup:
    scale, used = _scale(row), row.get("bytes_in_use")
    if not scale or not _tracked(row):
        return h.Markup("")
    parts = [h.Markup(f"<div class='tfs-used' style='width:{_percent(used, scale)}'></div>")]
    if row.get("peak_bytes_in_use") is not None:
        parts.append(h.Markup(f"<div class='tfs-peak' style='left:{_percent(row['peak_bytes_in_use'], scale)}'"
                              " title='peak'></div>"))
    if row.get("fraction"):
        parts.append(h.Markup(f"<div class='tfs-cap' style='left:{_percent(row['limit_bytes'], scale)}' "
                              f"title='per_process_gpu_memory_fraction={row['fraction']:g}'></div>"))
    return h.tag("div", h.join(parts), "tfs-bar")


def _device_cell(row) -> h.Markup:
    badges = [h.badge(row.get("device_type") or "?")]
    if row.get("simulated"):
        badges.append(h.badge("simulated", "warn"))
    return h.join([h.code(h.clip(row["name"], DEVICE_CHARS)), " "] + badges)


def memory_numbers(row) -> str:
    if not _tracked(row):
        return f"limit {h.human_bytes(row.get('limit_bytes'))}"
    text = (f"in use {h.human_bytes(row['bytes_in_use'])}, peak {h.human_bytes(row.get('peak_bytes_in_use'))}, "
            f"limit {h.human_bytes(row.get('limit_bytes'))}")
    if row.get("reserved_bytes"):
        text += f", pool {h.human_bytes(row['reserved_bytes'])}"
    if row.get("fraction"):
        text += f" (fraction cap {row['fraction']:g})"
    return text


def memory_html(rows) -> h.Markup:
    cells = [(_device_cell(r), h.join([memory_bar(r), h.tag("div", memory_numbers(r), "tfs-muted")])) for r in rows]
    table = h.table(["device", "memory"], cells)
    if rows and not any(_tracked(r) for r in rows):
        note = h.tag("div", "no GPU on this session (CPU-only view)", "tfs-muted")
        return h.join([table, note])
    return table


def memory_text(rows) -> str:
    return "\n".join(f"{h.clip(r['name'], DEVICE_CHARS)}{' (simulated)' if r.get('simulated') else ''}: "
                     f"{memory_numbers(r)}"
                     for r in rows) or "no devices"


# ------------------------------------------------------------------ views
class View:
    """One view output: a snapshot, or (live) a display kept up to date through its display_id."""

    title = ""
    kind = ""

    def __init__(self, session_getter: Callable, live: bool = False):
        self._session = session_getter
        self.live = live
        self.display_id = f"tfs-{self.kind}-{uuid.uuid4().hex[:12]}"
        self._sent: Optional[dict] = None

    def _rows(self):
        sess = self._session()
        if sess is None or getattr(sess, "_closed", False):
            return None
        return self._read(sess)

    def bundle(self) -> dict:
        """The view as it is now: {'text/plain', 'text/html'} (section ids stable for a live view)."""
        rows = self._rows()
        badge = h.badge("live", "ok") if self.live else h.badge("snapshot")
        if rows is None:
            body, text = h.join([h.header(self.title, "", badge), h.reason("no open default session")]), \
                "no open default session"
        else:
            body, text = self._body(rows, self.display_id if self.live else None, badge), self._plain(rows)
        text = f"{self.title}{' (live)' if self.live else ''}\n{text}"
        return {"text/plain": text, "text/html": h.wrap(body, text)}

    def _body(self, rows, key, badge) -> h.Markup:
        return h.join([h.header(self.title, "", badge), self._static(rows, key)])

    def publish(self, shell):
        """Displays the view (a live one with its display_id, so that later updates replace it)."""
        data = self.bundle()
        transient = {"display_id": self.display_id} if self.live else None
        shell.display_pub.publish(data=data, metadata={}, transient=transient)
        self._sent = data

    def refresh(self, shell) -> bool:
        """Re-sends a live view when what it shows changed; returns whether it sent anything."""
        if not self.live:
            return False
        data = self.bundle()
        if data == self._sent:
            return False
        shell.display_pub.publish(data=data, metadata={}, transient={"display_id": self.display_id}, update=True)
        self._sent = data
        return True

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.bundle()

    def __repr__(self):
        return self.bundle()["text/plain"]


class PlacementView(View):
    """Ops grouped by the device they run on, soft-placement fallbacks marked."""

    title, kind = "Device placement", "placement"

    def _read(self, sess):
        return introspect.placement_rows(sess)

    def _static(self, rows, key):
        return placement_html(rows, key)

    def _plain(self, rows):
        return placement_text(rows)


class MemoryView(View):
    """Per device: memory in use, peak and limit, with the memory-fraction cap marked."""

    title, kind = "GPU memory", "memory"

    def _read(self, sess):
        return introspect.memory_rows(sess)

    def _static(self, rows, key):
        return memory_html(rows)

    def _plain(self, rows):
        return memory_text(rows)


class Views:
    """The live views of this kernel (the newest 32): refreshed after every cell and, while a cell
    runs, every `interval_s` seconds from a timer thread."""

    def __init__(self, shell, limit: int = 32, interval_s: float = LIVE_INTERVAL_S):
        self._shell, self._views, self._limit, self.interval_s = shell, [], limit, interval_s
        self._stop: Optional[threading.Event] = None
        self._lock = threading.Lock()

    def add(self, view: View) -> View:
        if view.live:
            with self._lock:
                self._views.append(view)
                del self._views[:-self._limit]
        return view

    def refresh(self) -> int:
        """Re-sends the live views whose content changed; returns how many were sent."""
        with self._lock:
            views = list(self._views)
        sent = 0
        for view in views:
            try:
                sent += view.refresh(self._shell)
            except Exception:  # noqa: BLE001 - a session closing under a timer tick; the next refresh retries
                continue
        return sent

    def start_timer(self):
        """Refreshes the live views every interval_s until stop_timer (the cell that runs now ends)."""
        if not self._views or self._stop is not None:
            return
        stop = self._stop = threading.Event()

        def tick():
            while not stop.wait(self.interval_s):
                self.refresh()
        threading.Thread(target=tick, name="tfsess-live-views", daemon=True).start()

    def stop_timer(self):
        if self._stop is not None:
            self._stop.set()
            self._stop = None

    def close(self):
        self.stop_timer()
        with self._lock:
            self._views = []

    def __len__(self):
        return len(self._views)
