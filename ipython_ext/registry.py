"""Named graphs built by `%%tfgraph NAME` cells, each with a session bound to it.

Re-running a `%%tfgraph model` cell replaces `graphs['model']` with a fresh graph (closing the
old graph's session), so the cell never piles duplicate ops anywhere. `--append` cells add to the
graph; each is recorded (by cell id, else by its first line) with the code that built it, so that
re-running one rebuilds the graph from the recorded cells with the new code in its place instead of
adding its ops twice. A replaced graph is kept in `retired` (weakly) to explain errors about it.
"""
from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Mapping
from typing import Optional

from tfsess.client.session import Session
from tfsess.framework.graph import Graph


@dataclasses.dataclass(frozen=True)
class BuildCell:
    """One cell that built part of a named graph: its key, code and --device."""

    key: str
    source: str
    device: Optional[str] = None


class GraphRegistry(Mapping):
    """name -> tf.Graph of the %%tfgraph cells; `session(name)` is the graph's own session."""

    def __init__(self):
        self._graphs = {}
        self._sessions = {}
        self._cells: dict = {}  # name -> [BuildCell] in the order they built the graph
        self.retired: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # replaced graph -> name

    def __getitem__(self, name):
        return self._graphs[name]

    def __iter__(self):
        return iter(self._graphs)

    def __len__(self):
        return len(self._graphs)

    def replace(self, name: str):
        """A fresh graph under `name`; the old one's session is closed and the old graph retired."""
        self._close_session(name)
        old = self._graphs.get(name)
        if old is not None:
            self.retired[old] = name
        graph = self._graphs[name] = Graph()
        return graph

    def get_or_create(self, name: str):
        return self._graphs[name] if name in self._graphs else self.replace(name)

    # -------------------------------------------------------------- the cells that built a graph
    def start_cells(self, name: str, cell: BuildCell):
        """`cell` built graph `name` from scratch: it is the only recorded cell."""
        self._cells[name] = [cell]

    def add_cell(self, name: str, cell: BuildCell) -> Optional[list]:
        """Records an --append cell. Returns None when it is new (append to the graph as it is), else
        the cells to run on a fresh graph, in order, with `cell` in place of its previous version."""
        cells = self._cells.setdefault(name, [])
        for i, old in enumerate(cells):
            if old.key == cell.key:
                cells[i] = cell
                return list(cells)
        cells.append(cell)
        return None

    def cells(self, name: str) -> list:
        return list(self._cells.get(name, ()))

    # -------------------------------------------------------------- sessions
    def session(self, name: str, config=None):
        """The session bound to graph `name`, created on first use with `config`."""
        sess = self._sessions.get(name)
        if sess is None or getattr(sess, "_closed", False):
            sess = self._sessions[name] = Session(graph=self._graphs[name], config=config)
        return sess

    def session_of(self, graph) -> Optional[Session]:
        """The open registry session of `graph`, or None."""
        for name, g in self._graphs.items():
            if g is graph:
                sess = self._sessions.get(name)
                return sess if sess is not None and not getattr(sess, "_closed", False) else None
        return None

    def name_of(self, graph) -> Optional[str]:
        return next((name for name, g in self._graphs.items() if g is graph), None)

    def drop(self, name: str):
        self._close_session(name)
        self._graphs.pop(name, None)
        self._cells.pop(name, None)

    def clear(self):
        for name in list(self._graphs):
            self.drop(name)
        self.retired.clear()

    def _close_session(self, name: str):
        sess = self._sessions.pop(name, None)
        if sess is not None:
            sess.close()

    def __repr__(self):
        inner = ", ".join(f"{name!r}: <Graph with {len(g.get_operations())} ops>" for name, g in self._graphs.items())
        return f"tfgraphs({{{inner}}})"
