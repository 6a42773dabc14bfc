"""The extension's process-wide state: the named graphs and the one loaded extension.

Kept apart from the package `__init__` so every module can read it without importing the package.
"""
from __future__ import annotations

from ipython_ext.registry import GraphRegistry

#: Named graphs built by `%%tfgraph NAME` cells (also `tfgraphs` in the user namespace).
graphs = GraphRegistry()

#: "ext" -> the Extension of the shell it is loaded into (one per process: it owns the default session).
loaded: dict = {}
