"""IPython/Jupyter extension for tfsess: `%load_ext ipython_ext` (or `%load_ext tfsess`).

Loading creates ONE process-wide tfsess.InteractiveSession, the default session of every thread
that has none of its own, and adds the %%tfgraph / %tfsession / %tfconfig / %tfreset /
%tfplacement / %tfmemory magics, rich reprs for tfsess objects, the `TfSession` configurable
(`%config TfSession.allow_growth=False`) and a post-cell check for graphs that grow in a loop.
Unloading removes each of those again and closes the session; loading twice is harmless.
"""
from __future__ import annotations

from ipython_ext.graph_svg import to_dot
from ipython_ext.registry import GraphRegistry
from ipython_ext.tracking import GraphGrowthWarning

#: Named graphs built by `%%tfgraph NAME` cells (also `tfgraphs` in the user namespace).
graphs = GraphRegistry()

_loaded = {}  # "ext" -> the Extension of the shell it is loaded into


def load_ipython_extension(shell):
    """Adds the default session, magics, reprs, configurable and hooks to `shell` (idempotent)."""
    from ipython_ext.extension import Extension
    current = _loaded.get("ext")
    if current is not None:
        if current.shell is shell:
            return
        unload_ipython_extension(current.shell)  # one extension per process: it patches Session.run
    ext = Extension(shell, graphs)
    ext.load()
    _loaded["ext"] = ext


def unload_ipython_extension(shell):
    """Removes everything load_ipython_extension added and closes the default session."""
    ext = _loaded.get("ext")
    if ext is None or ext.shell is not shell:
        return
    del _loaded["ext"]
    ext.unload()


def loaded_extension():
    """The loaded Extension, or None."""
    return _loaded.get("ext")


__all__ = ["GraphGrowthWarning", "graphs", "load_ipython_extension", "to_dot", "unload_ipython_extension",
           "loaded_extension"]
