"""Device placement and GPU memory views: core ipywidgets, refreshed after each cell.

Every view displays with a static HTML snapshot in the same mime bundle, so nbconvert, GitHub
and a kernel without ipywidgets show the HTML. ipywidgets is imported here, lazily, and nowhere
else. Views are refreshed by the extension's post_run_cell hook (never from a background thread).
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Callable, Optional

from ipython_ext import introspect
from ipython_ext import html as h
from ipython_ext.graph_model import short_device

MAX_OPS_PER_DEVICE = 50
ALL = "all devices"


def _ipywidgets():
    try:
        import ipywidgets  # optional dependency: without it the views are static HTML
    except ImportError:
        return None
    return ipywidgets


# ------------------------------------------------------------------ static HTML: placement
def group_placement(rows) -> "OrderedDict[str, list]":
    groups = OrderedDict()
    for row in sorted(rows, key=lambda r: (r["assigned_device"], not r["soft_placed"])):
        groups.setdefault(row["assigned_device"], []).append(row)
    return groups


def placement_html(rows, device: Optional[str] = None) -> h.Markup:
    if not rows:
        return h.tag("div", "no ops placed yet: placement happens when the session first runs them", "tfs-muted")
    groups = group_placement(rows)
    soft = sum(1 for r in rows if r["soft_placed"])
    summary = f"{len(rows)} ops on {len(groups)} devices" + (f"; {soft} soft-placed" if soft else "")
    parts = [h.tag("div", summary, "tfs-muted")]
    for name, ops in groups.items():
        if device not in (None, ALL) and name != device:
            continue
        table = h.table(["op", "type", "requested", ""],
                        [(r["op"], r["op_type"], r["requested_device"] or "(any)",
                          h.badge("soft-placed", "warn") if r["soft_placed"] else "") for r in ops],
                        MAX_OPS_PER_DEVICE, "ops")
        parts.append(h.section(short_device(name) or name or "(unplaced)", table, len(ops)))
    return h.join(parts)


def placement_text(rows) -> str:
    lines = []
    for name, ops in group_placement(rows).items():
        lines.append(f"{name}: {len(ops)} ops")
        lines += [f"  {r['op']} ({r['op_type']})" + (f" requested {r['requested_device']}, soft-placed"
                                                     if r["soft_placed"] else "") for r in ops[:MAX_OPS_PER_DEVICE]]
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
    return h.join([h.code(short_device(row["name"]) or row["name"]), " "] + badges)


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
    return "\n".join(f"{r['name']}{' (simulated)' if r.get('simulated') else ''}: {memory_numbers(r)}"
                     for r in rows) or "no devices"


# ------------------------------------------------------------------ live views
class LiveView:
    """A static HTML snapshot plus, when ipywidgets is installed, a widget kept up to date."""

    title = ""

    def __init__(self, session_getter: Callable):
        self._session = session_getter
        self._html, self._text = "", ""
        w = _ipywidgets()
        self.widget = self._build(w) if w is not None else None
        self.refresh()

    def _rows(self) -> Optional[list]:
        sess = self._session()
        if sess is None or getattr(sess, "_closed", False):
            return None
        return self._read(sess)

    def refresh(self):
        """Re-reads the session; updates the snapshot and the widget."""
        rows = self._rows()
        if rows is None:
            body, self._text = h.reason("no open default session"), "no open default session"
        else:
            body, self._text = self._static(rows), self._plain(rows)
        self._html = h.wrap(h.join([h.header(self.title, ""), body]), f"{self.title}\n{self._text}")
        if self.widget is not None:
            self._update(rows)

    def close(self):
        if self.widget is not None:
            self.widget.close()

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/plain": self._text, "text/html": self._html}
        if self.widget is not None:
            bundle.update({k: v for k, v in self.widget._repr_mimebundle_().items() if k != "text/plain"})
        return bundle

    def __repr__(self):
        return f"{self.title}\n{self._text}"


class PlacementView(LiveView):
    """Ops grouped by the device they run on, soft-placement fallbacks marked."""

    title = "Device placement"

    def _read(self, sess):
        return introspect.placement_rows(sess)

    def _static(self, rows):
        return placement_html(rows)

    def _plain(self, rows):
        return placement_text(rows)

    def _build(self, w):
        self._picker = w.Dropdown(options=[ALL], value=ALL, description="device")
        self._table = w.HTML()
        self._picker.observe(lambda change: self._update(self._rows()), names="value")
        return w.VBox([self._picker, self._table])

    def _update(self, rows):
        if rows is None:
            self._table.value = h.wrap(h.reason("no open default session"), "no open default session")
            return
        devices = [ALL] + list(group_placement(rows))
        if list(self._picker.options) != devices:
            keep = self._picker.value if self._picker.value in devices else ALL
            self._picker.options = devices
            self._picker.value = keep
        chosen = self._picker.value
        shown = rows if chosen == ALL else [r for r in rows if r["assigned_device"] == chosen]
        self._table.value = h.wrap(placement_html(rows, chosen), placement_text(shown))


class MemoryView(LiveView):
    """Per device: memory in use, peak and limit, with the memory-fraction cap marked."""

    title = "GPU memory"

    def _read(self, sess):
        return introspect.memory_rows(sess)

    def _static(self, rows):
        return memory_html(rows)

    def _plain(self, rows):
        return memory_text(rows)

    def _build(self, w):
        self._w = w
        self._bars = {}
        return w.VBox([])

    def _update(self, rows):
        w = self._w
        rows = rows or []
        if set(self._bars) != {r["name"] for r in rows}:
            self._bars = {r["name"]: (w.FloatProgress(min=0.0, max=1.0, layout=w.Layout(width="320px")), w.HTML(),
                                      w.HTML()) for r in rows}
            self.widget.children = [w.HBox([label, bar, numbers]) for bar, label, numbers in self._bars.values()]
        for r in rows:
            bar, label, numbers = self._bars[r["name"]]
            scale = _scale(r)
            used = r.get("bytes_in_use")
            bar.layout.visibility = "visible" if scale and _tracked(r) else "hidden"
            bar.max = float(scale or 1.0)
            bar.value = float(min(used or 0, scale or 0))
            bar.bar_style = "danger" if r.get("fraction") and used and used > 0.9 * r["limit_bytes"] else ""
            label.value = h.wrap(_device_cell(r), r["name"])
            numbers.value = h.wrap(h.esc(memory_numbers(r)), memory_numbers(r))


class Views:
    """The live views shown in this kernel (the newest 32), refreshed after every cell."""

    def __init__(self, limit: int = 32):
        self._views, self._limit = [], limit

    def add(self, view: LiveView) -> LiveView:
        self._views.append(view)
        while len(self._views) > self._limit:
            self._views.pop(0).close()
        return view

    def refresh(self):
        for view in self._views:
            view.refresh()

    def close(self):
        for view in self._views:
            view.close()
        self._views = []

    def __len__(self):
        return len(self._views)
