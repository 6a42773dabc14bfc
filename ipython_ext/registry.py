"""Named graphs built by `%%tfgraph NAME` cells, each with a session bound to it.

Re-running a `%%tfgraph model` cell replaces `graphs['model']` with a fresh graph (closing the
old graph's session), so the cell never piles duplicate ops anywhere; `--append` keeps it.
"""
from __future__ import annotations

from collections.abc import Mapping

from tfsess.client.session import Session
from tfsess.framework.graph import Graph


class GraphRegistry(Mapping):
    """name -> tf.Graph of the %%tfgraph cells; `session(name)` is the graph's own session."""

    def __init__(self):
        self._graphs = {}
        self._sessions = {}

    def __getitem__(self, name):
        return self._graphs[name]

    def __iter__(self):
        return iter(self._graphs)

    def __len__(self):
        return len(self._graphs)

    def replace(self, name: str):
        """A fresh graph under `name`; the old one's session is closed."""
        self._close_session(name)
        graph = self._graphs[name] = Graph()
        return graph

    def get_or_create(self, name: str):
        return self._graphs[name] if name in self._graphs else self.replace(name)

    def session(self, name: str, config=None):
        """The session bound to graph `name`, created on first use with `config`."""
        sess = self._sessions.get(name)
        if sess is None or getattr(sess, "_closed", False):
            sess = self._sessions[name] = Session(graph=self._graphs[name], config=config)
        return sess

    def drop(self, name: str):
        self._close_session(name)
        self._graphs.pop(name, None)

    def clear(self):
        for name in list(self._graphs):
            self.drop(name)

    def _close_session(self, name: str):
        sess = self._sessions.pop(name, None)
        if sess is not None:
            sess.close()

    def __repr__(self):
        inner = ", ".join(f"{name!r}: <Graph with {len(g.get_operations())} ops>" for name, g in self._graphs.items())
        return f"tfgraphs({{{inner}}})"
