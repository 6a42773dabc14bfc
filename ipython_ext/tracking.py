"""Spots the TF1 leak "the graph grows in a loop": ops added to a graph between Session.run calls.

While the extension is loaded, a run observer (tfsess.client.run_observers) notes, per graph, the
graph's version at each `Session.run` made by the thread that executes cells, and the line of user
code that made the run. After the cell, `finish_cell` warns once when
  * ops were added to a graph between two runs made by the same line in this cell
    (`sess.run(tf.add(x, 1))` in a for loop; a cell that builds, runs, builds more and runs again
    from other lines has no loop), or
  * a cell whose code grew a graph and ran it had already done so before with the same source
    (re-running `sess.run(tf.add(x, 1))` adds one more op every time).
Runs the extension makes itself (previews, state checks) happen inside `quiet()` and are ignored.
The observer also keeps, per graph, the session that last ran it (`last_sessions`: variable reprs
read their values there).
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import sys
import threading
import warnings
import weakref
from typing import Optional

from tfsess.client import run_observers
from tfsess.client.run_observers import add_run_observer, remove_run_observer
from tfsess.framework.graph import get_default_graph

_TFSESS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(run_observers.__file__)))  # tfsess/client/..
_LIBRARY_DIRS = (_TFSESS_DIR + os.sep, os.path.dirname(os.path.abspath(__file__)) + os.sep)

#: graph -> weak reference to the session that last ran it (any thread), while the extension is loaded.
last_sessions: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


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
    sites: dict = dataclasses.field(default_factory=dict)  # (file, line) of a run -> graph version then
    grown_at: Optional[tuple] = None  # the first line whose repeated runs saw the graph grow


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
        if getattr(_local, "quiet", False):
            return
        try:
            last_sessions[session.graph] = weakref.ref(session)
        except TypeError:  # a graph that cannot be weakly referenced: nothing to remember
            pass
        if threading.get_ident() == self._cell_thread:
            self.note_run(session.graph, _call_site())

    # -------------------------------------------------------------- per cell
    def start_cell(self):
        self._cell_thread = threading.get_ident()
        self._cell = {}
        graph = get_default_graph()
        self._cell_start = (weakref.ref(graph), graph.version)

    def note_run(self, graph, site=None):
        """Notes a run of `graph` made by the user's line `site` ((filename, lineno) or None)."""
        version = graph.version
        record = self._cell.get(id(graph))
        if record is None or record.graph() is not graph:
            record = self._cell[id(graph)] = _GraphInCell(weakref.ref(graph), version, version)
            record.sites[site] = version
            return
        if version > record.last_run_version:
            record.grown_between_runs += version - record.last_run_version
        if site in record.sites and version > record.sites[site] and record.grown_at is None:
            record.grown_at = site
        record.sites[site] = version
        record.last_run_version = version
        record.runs += 1

    def finish_cell(self, source: str, label=None, file_label=None) -> list:
        """Warns (once for the cell) about graphs that grew while being run; returns the messages.

        `label(graph)` names a graph (e.g. by its %%tfgraph name) or returns None; `file_label(filename)`
        names the file of the line that grew it (e.g. "Cell In[3]") or returns None."""
        messages = []
        key = hashlib.sha1(source.encode("utf-8", "replace")).hexdigest()
        where = None
        for record in self._cell.values():
            graph = record.graph()
            if graph is None:
                continue
            message = self._check(graph, record, key, (label(graph) if label else None) or _graph_label(graph))
            if message:
                messages.append(message)
                where = where or record.grown_at
            self._seen_versions[graph] = graph.version
        self._cell = {}
        if messages:
            filename, lineno = where or ("this cell", 0)
            filename = (file_label(filename) if file_label else None) or filename
            warnings.warn_explicit("\n".join(messages), GraphGrowthWarning, filename, lineno, module="ipython_ext")
        return messages

    def _check(self, graph, record: _GraphInCell, key: str, name: str) -> Optional[str]:
        if record.grown_at is not None:
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
    return "the default graph" if graph is get_default_graph() else "a graph that is not the default one"


def _call_site() -> Optional[tuple]:
    """(filename, lineno) of the innermost frame outside tfsess and this extension: the user's line."""
    frame = sys._getframe(2)
    while frame is not None and frame.f_code.co_filename.startswith(_LIBRARY_DIRS):
        frame = frame.f_back
    return (frame.f_code.co_filename, frame.f_lineno) if frame is not None else None
