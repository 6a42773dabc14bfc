"""`%tfboard LOGDIR`: the scalars and histograms of a log directory's event files, inline, offline.

1. Reading: every directory under LOGDIR holding `events.out.tfevents.*` files is a run (named by
   its path relative to LOGDIR, "." for LOGDIR itself). Files are read with tfsess's own event
   reader; a file is re-read only when its size changed, and a record still being written (a
   truncated tail) is left for the next read.
2. Drawing: one line chart per scalar tag (a line per run) and, per histogram tag and run, the
   latest histograms offset one above the other (TensorBoard's offset view), as inline SVG; every
   string escaped and bounded, series thinned to MAX_POINTS.
3. `--live`: a daemon thread re-reads every `--interval` seconds for `--for` seconds and replaces
   the output through its display_id, sending nothing when nothing changed.
"""
from __future__ import annotations

import math
import os
import struct
import threading
import uuid
from typing import Optional

from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring
from IPython.core.error import UsageError

from ipython_ext import html as h
from tfsess.framework import errors
from tfsess.summary.summary_iterator import summary_iterator

EVENT_FILE_MARK = "tfevents"
MAX_POINTS = 400        # per scalar series drawn
MAX_TAGS = 40           # scalar tags and histogram tags drawn, each
MAX_RUNS = 12
MAX_HISTOGRAMS = 8      # histograms per (tag, run) in the offset view
MAX_NAME = 60           # characters of a tag or run name
CHART_W, CHART_H, PAD = 380, 190, 34
RUN_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf",
               "#bcbd22", "#7f7f7f", "#aec7e8", "#ffbb78")


# ------------------------------------------------------------------ reading
class EventFiles:
    """The event files under `logdir`, read incrementally: `poll()` says whether anything changed."""

    def __init__(self, logdir: str):
        self.logdir = os.path.abspath(os.path.expanduser(str(logdir)))
        self._files = {}     # path -> (size read, run, scalars {tag: [(step, value)]}, histos {tag: [(step, histo)]})

    def poll(self) -> bool:
        """Reads new or grown files; True if what would be drawn changed."""
        if not os.path.isdir(self.logdir):
            raise errors.NotFoundError(None, None, f"{self.logdir}: no such log directory")
        changed = False
        found = set()
        for path, run in self._event_files():
            found.add(path)
            size = os.path.getsize(path)
            known = self._files.get(path)
            if known is not None and known[0] == size:
                continue
            scalars, histograms, complete = _read(path)
            if known is None or (scalars, histograms) != (known[2], known[3]):
                changed = True
            # a file whose tail is still being written is read again next time
            self._files[path] = (size if complete else -1, run, scalars, histograms)
        for gone in set(self._files) - found:
            del self._files[gone]
            changed = True
        return changed

    def _event_files(self):
        for root, dirs, files in os.walk(self.logdir):
            dirs.sort()
            run = os.path.relpath(root, self.logdir)
            for name in sorted(files):
                if EVENT_FILE_MARK in name:
                    yield os.path.join(root, name), run

    def runs(self) -> dict:
        """run -> (scalars {tag: [(step, value)]}, histograms {tag: [(step, histo)]}), files merged by step."""
        merged = {}
        for _, run, scalars, histograms in sorted(self._files.values(), key=lambda f: f[1]):
            into = merged.setdefault(run, ({}, {}))
            for source, target in ((scalars, into[0]), (histograms, into[1])):
                for tag, points in source.items():
                    target.setdefault(tag, []).extend(points)
        for scalars, histograms in merged.values():
            for table in (scalars, histograms):
                for tag in table:
                    table[tag].sort(key=lambda point: point[0])
        return merged


def _read(path: str) -> tuple:
    """(scalars, histograms, complete) of one event file; complete is False if its tail is unreadable."""
    scalars, histograms = {}, {}
    try:
        for event in summary_iterator(path):
            if not event.HasField("summary"):
                continue
            for value in event.summary.value:
                kind = value.WhichOneof("value")
                if kind == "simple_value":
                    scalars.setdefault(value.tag, []).append((event.step, float(value.simple_value)))
                elif kind == "histo":
                    histo = value.histo
                    shape = (float(histo.min), float(histo.max), list(histo.bucket_limit), list(histo.bucket))
                    histograms.setdefault(value.tag, []).append((event.step, shape))
                elif kind == "tensor" and value.metadata.plugin_data.plugin_name == "scalars":
                    number = _tensor_scalar(value.tensor)
                    if number is not None:
                        scalars.setdefault(value.tag, []).append((event.step, number))
    except (errors.DataLossError, errors.NotFoundError):
        return scalars, histograms, False
    return scalars, histograms, True


def _tensor_scalar(tensor) -> Optional[float]:
    """The number in a scalar TensorProto (tf.summary v2 writes scalars as tensors)."""
    for field in ("float_val", "double_val", "int_val", "int64_val"):
        values = getattr(tensor, field)
        if len(values) == 1:
            return float(values[0])
    content = tensor.tensor_content
    widths = {1: ("<f", 4), 2: ("<d", 8)}  # DT_FLOAT, DT_DOUBLE
    if tensor.dtype in widths and len(content) == widths[tensor.dtype][1]:
        return struct.unpack(widths[tensor.dtype][0], content)[0]
    return None


# ------------------------------------------------------------------ drawing
def _thin(points: list, limit: int = MAX_POINTS) -> list:
    """At most `limit` points, evenly spaced, the last kept."""
    if len(points) <= limit:
        return points
    stride = len(points) / limit
    return [points[int(i * stride)] for i in range(limit - 1)] + [points[-1]]


def _number(value: float) -> str:
    if value == 0 or 1e-3 <= abs(value) < 1e5:
        return f"{value:.4g}"
    return f"{value:.2e}"


def scalar_chart(tag: str, series: dict) -> str:
    """One tag's line chart: `series` is run -> [(step, value)], one coloured line per run."""
    finite = {run: [(s, v) for s, v in _thin(points) if math.isfinite(v)] for run, points in series.items()}
    finite = {run: points for run, points in finite.items() if points}
    title = h.esc(h.truncate(tag, MAX_NAME))
    if not finite:
        return f"<div class='tfs-board-chart'><b>{title}</b><div class='tfs-muted'>no finite values</div></div>"
    steps = [s for points in finite.values() for s, _ in points]
    values = [v for points in finite.values() for _, v in points]
    s0, s1, v0, v1 = min(steps), max(steps), min(values), max(values)
    if s1 == s0:
        s1 = s0 + 1
    if v1 == v0:
        v0, v1 = v0 - 0.5, v1 + 0.5

    def xy(step, value):
        return (PAD + (step - s0) / (s1 - s0) * (CHART_W - PAD - 8),
                CHART_H - 18 - (value - v0) / (v1 - v0) * (CHART_H - 30))

    parts = [f"<svg class='tfs-board-svg' xmlns='http://www.w3.org/2000/svg' width='{CHART_W}' height='{CHART_H}' "
             f"viewBox='0 0 {CHART_W} {CHART_H}'>",
             f"<line x1='{PAD}' y1='{CHART_H - 18}' x2='{CHART_W - 8}' y2='{CHART_H - 18}' class='tfs-board-axis'/>",
             f"<line x1='{PAD}' y1='12' x2='{PAD}' y2='{CHART_H - 18}' class='tfs-board-axis'/>",
             f"<text x='{PAD - 3}' y='16' text-anchor='end'>{_number(v1)}</text>",
             f"<text x='{PAD - 3}' y='{CHART_H - 18}' text-anchor='end'>{_number(v0)}</text>",
             f"<text x='{PAD}' y='{CHART_H - 5}'>{s0}</text>",
             f"<text x='{CHART_W - 8}' y='{CHART_H - 5}' text-anchor='end'>step {int(s1)}</text>"]
    for i, (run, points) in enumerate(finite.items()):
        colour = RUN_COLOURS[i % len(RUN_COLOURS)]
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(s, v) for s, v in points))
        last_step, last = points[-1]
        tip = f"{h.truncate(run, MAX_NAME)}: {_number(last)} at step {last_step}"
        parts.append(f"<g><title>{h.esc(tip)}</title><polyline points='{coords}' fill='none' stroke='{colour}' "
                     f"stroke-width='1.6'/></g>")
        if len(points) == 1:
            x, y = xy(*points[0])
            parts.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='2.5' fill='{colour}'/>")
    parts.append("</svg>")
    return (f"<div class='tfs-board-chart'><b title='{h.esc(h.truncate(tag, 400))}'>{title}</b>"
            f"{''.join(parts)}</div>")


def histogram_chart(tag: str, run: str, histograms: list, colour: str) -> str:
    """The latest MAX_HISTOGRAMS histograms of one tag and run, offset one above the other (oldest at the back)."""
    if len(histograms) > MAX_HISTOGRAMS:
        stride = len(histograms) / MAX_HISTOGRAMS
        histograms = [histograms[int(i * stride)] for i in range(MAX_HISTOGRAMS - 1)] + [histograms[-1]]
    shapes = []
    for step, (low, high, limits, counts) in histograms:
        edges = [low] + [min(max(limit, low), high) for limit in limits[:-1]] + [high]
        if len(counts) != len(edges) - 1 or not all(map(math.isfinite, edges)):
            continue
        shapes.append((step, edges, counts))
    title = f"{h.truncate(tag, MAX_NAME)} ({h.truncate(run, MAX_NAME)})"
    if not shapes:
        return f"<div class='tfs-board-chart'><b>{h.esc(title)}</b><div class='tfs-muted'>no histograms</div></div>"
    x0 = min(e[0] for _, e, _ in shapes)
    x1 = max(e[-1] for _, e, _ in shapes)
    x1 = x1 if x1 > x0 else x0 + 1
    band = (CHART_H - 50) / max(len(shapes), 1)
    parts = [f"<svg class='tfs-board-svg' xmlns='http://www.w3.org/2000/svg' width='{CHART_W}' height='{CHART_H}' "
             f"viewBox='0 0 {CHART_W} {CHART_H}'>"]
    for n, (step, edges, counts) in enumerate(shapes):
        base = 26 + band * (n + 1) + 8
        height = min(3 * band, CHART_H - 40)
        points = [f"{PAD + (edges[0] - x0) / (x1 - x0) * (CHART_W - PAD - 8):.1f},{base:.1f}"]
        # each histogram scaled to its own peak density: the shape, not the spread, is what shows
        top = max((c / max(edges[i + 1] - edges[i], 1e-12) for i, c in enumerate(counts)), default=0) or 1.0
        for i, count in enumerate(counts):
            density = count / max(edges[i + 1] - edges[i], 1e-12) / top
            for edge in (edges[i], edges[i + 1]):
                x = PAD + (edge - x0) / (x1 - x0) * (CHART_W - PAD - 8)
                points.append(f"{x:.1f},{base - density * height:.1f}")
        points.append(f"{PAD + (edges[-1] - x0) / (x1 - x0) * (CHART_W - PAD - 8):.1f},{base:.1f}")
        opacity = 0.25 + 0.6 * (n + 1) / len(shapes)
        parts.append(f"<g><title>step {step}</title><polygon points='{' '.join(points)}' fill='{colour}' "
                     f"fill-opacity='{opacity:.2f}' stroke='{colour}' stroke-width='0.8'/></g>"
                     f"<text x='{PAD - 3}' y='{base:.1f}' text-anchor='end'>{step}</text>")
    parts += [f"<text x='{PAD}' y='{CHART_H - 4}'>{_number(x0)}</text>",
              f"<text x='{CHART_W - 8}' y='{CHART_H - 4}' text-anchor='end'>{_number(x1)}</text>", "</svg>"]
    return f"<div class='tfs-board-chart'><b>{h.esc(title)}</b>{''.join(parts)}</div>"


_STYLE = ("<style>.tfs-board{display:flex;flex-wrap:wrap;gap:10px}.tfs-board-chart{font-size:12px}"
          ".tfs-board-chart b{display:block}.tfs-board-svg text{font-size:9px;fill:var(--tfs-fg2,#666)}"
          ".tfs-board-axis{stroke:var(--tfs-fg3,#aaa);stroke-width:1}</style>")


def board_html(files: EventFiles) -> str:
    """The whole view: scalars, then histograms, with the runs' legend; a text fallback."""
    runs = files.runs()
    names = sorted(runs)[:MAX_RUNS]
    colour = {run: RUN_COLOURS[i % len(RUN_COLOURS)] for i, run in enumerate(names)}
    scalar_tags = sorted({t for run in names for t in runs[run][0]})
    histogram_tags = sorted({t for run in names for t in runs[run][1]})
    legend = h.join(h.Markup(f"<span style='color:{colour[run]}'>&#9632;</span> {h.esc(h.truncate(run, MAX_NAME))} ")
                    for run in names)
    notes = []
    if len(runs) > MAX_RUNS:
        notes.append(f"showing {MAX_RUNS} of {len(runs)} runs")
    if len(scalar_tags) > MAX_TAGS or len(histogram_tags) > MAX_TAGS:
        notes.append(f"showing {MAX_TAGS} tags of each kind")
    sections = []
    if scalar_tags:
        charts = [scalar_chart(tag, {run: runs[run][0][tag] for run in names if tag in runs[run][0]})
                  for tag in scalar_tags[:MAX_TAGS]]
        sections.append(h.section("Scalars", h.Markup(f"<div class='tfs-board'>{''.join(charts)}</div>"),
                                  len(scalar_tags)))
    if histogram_tags:
        charts = [histogram_chart(tag, run, runs[run][1][tag], colour[run])
                  for tag in histogram_tags[:MAX_TAGS] for run in names if tag in runs[run][1]]
        sections.append(h.section("Histograms", h.Markup(f"<div class='tfs-board'>{''.join(charts)}</div>"),
                                  len(histogram_tags)))
    if not sections:
        sections.append(h.tag("div", "no scalars or histograms yet", "tfs-muted"))
    body = h.join([h.header("Summaries", h.truncate(files.logdir, 200), h.badge(f"{len(runs)} runs")),
                   h.Markup(_STYLE), h.tag("div", legend, "tfs-muted"),
                   h.tag("div", "; ".join(notes), "tfs-muted") if notes else ""] + sections)
    return h.wrap(body, board_text(files.logdir, runs))


def board_text(logdir: str, runs: dict) -> str:
    lines = [f"<summaries in {h.truncate(logdir, 200)}: {len(runs)} runs>"]
    for run in sorted(runs)[:MAX_RUNS]:
        scalars, histograms = runs[run]
        for tag in sorted(scalars)[:MAX_TAGS]:
            step, value = scalars[tag][-1]
            lines.append(f"  {h.truncate(run, MAX_NAME)} {h.truncate(tag, MAX_NAME)}: {_number(value)} "
                         f"at step {step} ({len(scalars[tag])} points)")
        for tag in sorted(histograms)[:MAX_TAGS]:
            lines.append(f"  {h.truncate(run, MAX_NAME)} {h.truncate(tag, MAX_NAME)}: "
                         f"{len(histograms[tag])} histograms")
    return "\n".join(lines)


# ------------------------------------------------------------------ the magic and live updates
class Board:
    """One `%tfboard` output: its event files and, when live, the thread that refreshes it."""

    def __init__(self, logdir: str, publish, interval: float = 2.0, duration: float = 600.0):
        self.files = EventFiles(logdir)
        self.display_id = "tfboard-" + uuid.uuid4().hex
        self.publish = publish          # publish(html, text, display_id, update): display or update_display
        self.interval, self.duration = interval, duration
        self.updates = 0
        self._stop = threading.Event()
        self._thread = None

    def show(self):
        self.files.poll()
        self.publish(*self._outputs(), self.display_id, False)

    def _outputs(self) -> tuple:
        return board_html(self.files), board_text(self.files.logdir, self.files.runs())

    def refresh(self) -> bool:
        """Re-reads the files; re-publishes the view only if it changed."""
        try:
            changed = self.files.poll()
        except errors.NotFoundError:
            return False
        if changed:
            self.updates += 1
            self.publish(*self._outputs(), self.display_id, True)
        return changed

    def start(self):
        self._thread = threading.Thread(target=self._run, name=self.display_id, daemon=True)
        self._thread.start()

    def _run(self):
        ticks = max(1, int(self.duration / self.interval))
        for _ in range(ticks):
            if self._stop.wait(self.interval):
                return
            self.refresh()
        live.discard(self)

    def stop(self):
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        live.discard(self)


live = set()   # the Boards with a running refresh thread


def stop_live():
    """Stops every live board's thread."""
    for board in list(live):
        board.stop()


@magic_arguments()
@argument("logdir", nargs="?", help="The log directory (FileWriter's logdir); each folder of event files is a run.")
@argument("--live", action="store_true", help="Keep the view updated while a run writes to LOGDIR.")
@argument("--interval", type=float, default=2.0, help="Seconds between reads when --live (default 2).")
@argument("--for", type=float, default=600.0, dest="duration",
          help="Stop updating after this many seconds (default 600).")
@argument("--stop", action="store_true", help="Stop every live %%tfboard view.")
def tfboard(self, line):
    """%tfboard (a method of the extension's Magics, which adds it as `tfboard = line_magic(board.tfboard)`):
    draws the scalars and histograms of LOGDIR's event files inline (no TensorBoard server)."""
    args = parse_argstring(tfboard, line)
    if args.stop:
        stop_live()
        return
    if not args.logdir:
        raise UsageError("%tfboard: give a log directory, e.g. %tfboard /tmp/logs")
    if args.interval <= 0 or args.duration <= 0:
        raise UsageError("%tfboard: --interval and --for must be positive")
    def publish(html: str, text: str, display_id: str, update: bool):
        self.shell.display_pub.publish(data={"text/html": html, "text/plain": text},
                                       transient={"display_id": display_id}, update=update)

    board = Board(args.logdir, publish, args.interval, args.duration)
    try:
        board.show()
    except errors.NotFoundError as exc:
        raise UsageError(f"%tfboard: {exc.message}") from None
    if args.live:
        live.add(board)
        board.start()
