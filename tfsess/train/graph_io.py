"""tf.train.write_graph: a graph (or GraphDef) to a .pbtxt or binary .pb file."""
from __future__ import annotations

import os

from tfsess.framework.graph import Graph
from tfsess.framework.graph_def import graph_to_graph_def
from tfsess.platform import gfile


def write_graph(graph_or_graph_def, logdir, name, as_text=True):
    """Writes the GraphDef to logdir/name (text format by default), creating logdir; returns the path.

    A Graph is converted with its output shapes (TF's add_shapes=True); this needs protobuf.
    """
    graph_def = graph_or_graph_def
    if isinstance(graph_or_graph_def, Graph):
        graph_def = graph_to_graph_def(graph_or_graph_def, add_shapes=True)
    gfile.makedirs(logdir)
    path = os.path.join(logdir, name)
    if as_text:
        with gfile.GFile(path, "w") as f:
            f.write(str(graph_def))
    else:
        with gfile.GFile(path, "wb") as f:
            f.write(graph_def.SerializeToString())
    return path


__all__ = ["write_graph"]
