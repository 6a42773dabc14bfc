"""Spots the TF1 leak "the graph grows in a loop": ops added to a graph between Session.run calls.

While the extension is loaded, a run observer (tfsess.client.run_observers) notes, per graph, the
graph's version at each `Session.run` made by the thread that executes cells (two integer reads per run). After the cell,
`finish_cell` warns once when
  * ops were added to a graph between two runs on it in this cell (`sess.run(tf.add(x, 1))` in a
    for loop), or
  * a cell whose code grew a graph and ran it had already done so before with the same source
    (re-running `sess.run(tf.add(x, 1))` adds one more op every time).
Runs the extension makes itself (previews, state checks) happen inside `quiet()` and are ignored.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import threading
import warnings
import weakref
from typing import Optional

from tfsess.client.run_observers import add_run_observer, remove_run_observer
from tfsess.framework.graph import get_default_graph


class GraphGrowthWarning(UserWarning):
    """Ops were added to a graph while a session kept running it (the graph grows in a loop)."""


_local = threading.local()


@contextlib.contextmanager
def quiet():
    """Session runs inside this block (in this thread) are the extension's own: not tracked."""
    previous = getattr(_local, "quiet", False)
    _local.quiet = True
    try:
        yield
    finally:
        _local.quiet = previous


@dataclasses.dataclass
class _GraphInCell:
    graph: "weakref.ref"
    first_run_version: int
    last_run_version: int
    runs: int = 1
    grown_between_runs: int = 0


class GrowthTracker:
    """Per-cell record of runs and graph versions; `install` subscribes to runs, `uninstall` stops."""

    def __init__(self):
        self._cell_thread: Optional[int] = None
        self._cell: dict = {}
        self._seen_versions: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
        self._growing_sources: set = set()
        self._cell_start = (None, 0)  # (weak ref to the default graph, its version) when the cell began
        self._observer = self._on_run  # one bound method: the same object is added and removed

    # -------------------------------------------------------------- install / remove (mirrors)
    def install(self):
        add_run_observer(self._observer)

    def uninstall(self):
        remove_run_observer(self._observer)
        self._cell_thread = None

    def _on_run(self, session):
        if threading.get_ident() == self._cell_thread and not getattr(_local, "quiet", False):
            self.note_run(session.graph)

    # -------------------------------------------------------------- per cell
    def start_cell(self):
        self._cell_thread = threading.get_ident()
        self._cell = {}
        graph = get_default_graph()
        self._cell_start = (weakref.ref(graph), graph.version)

    def note_run(self, graph):
        version = graph.version
        record = self._cell.get(id(graph))
        if record is None or record.graph() is not graph:
            self._cell[id(graph)] = _GraphInCell(weakref.ref(graph), version, version)
            return
        if version > record.last_run_version:
            record.grown_between_runs += version - record.last_run_version
        record.last_run_version = version
        record.runs += 1

    def finish_cell(self, source: str) -> list:
        """Warns (once for the cell) about graphs that grew while being run; returns the messages."""
        messages = []
        key = hashlib.sha1(source.encode("utf-8", "replace")).hexdigest()
        for record in self._cell.values():
            graph = record.graph()
            if graph is None:
                continue
            message = self._check(graph, record, key)
            if message:
                messages.append(message)
            self._seen_versions[graph] = graph.version
        self._cell = {}
        if messages:
            warnings.warn_explicit("\n".join(messages), GraphGrowthWarning, "<tfsess>", 0, module="ipython_ext")
        return messages

    def _check(self, graph, record: _GraphInCell, key: str) -> Optional[str]:
        name = _graph_label(graph)
        if record.grown_between_runs:
            return (f"{record.grown_between_runs} ops were added to {name} between its {record.runs} "
                    "Session.run calls in this cell: the graph grows in a loop. Build the ops once, "
                    "outside the loop, and only run them there (or call graph.finalize() to catch it).")
        start_ref, start_version = self._cell_start
        before = start_version if start_ref is not None and start_ref() is graph else self._seen_versions.get(graph)
        grew = record.first_run_version - before if before is not None else 0
        if grew <= 0:
            return None
        if key in self._growing_sources:
            return (f"re-running this cell added {grew} ops to {name} before running it: every run "
                    "of the cell grows the graph. Build the ops in a separate cell (or in a %%tfgraph "
                    "cell, which replaces its graph when re-run).")
        self._growing_sources.add(key)
        return None


def _graph_label(graph) -> str:
    return "the default graph" if graph is get_default_graph() else f"graph {id(graph):#x}"
