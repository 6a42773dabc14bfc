"""IPython/Jupyter extension for tfsess: `%load_ext ipython_ext` (or `%load_ext tfsess`).

Loading creates ONE process-wide tfsess.InteractiveSession, the default session of every thread
that has none of its own, and adds the %%tfgraph / %tfsession / %tfconfig / %tfreset /
%tfplacement / %tfmemory / %tfboard magics, rich reprs for tfsess objects, the `TfSession` configurable
(`%config TfSession.allow_growth=False`), a readable display of TF's errors and a post-cell check
for graphs that grow in a loop.
Unloading removes each of those again and closes the session; loading twice is harmless.

This module only re-exports. Modules import downward only, lowest first:
  html, graph_fold -> graph_model -> graph_layout -> graph_svg   (drawing: what is drawn, where, as text)
  tracking, introspect, registry -> state, preview, settings, widgets
  -> reprs, session_reprs, data_reprs, board -> formatters, errors, magics -> extension (load and unload)
"""
from __future__ import annotations

from ipython_ext.extension import load_ipython_extension, loaded_extension, unload_ipython_extension
from ipython_ext.graph_svg import draw, to_dot
from ipython_ext.state import graphs
from ipython_ext.tracking import GraphGrowthWarning

__all__ = ["GraphGrowthWarning", "draw", "graphs", "load_ipython_extension", "to_dot", "unload_ipython_extension",
           "loaded_extension"]
