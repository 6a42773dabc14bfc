"""tf.train.write_graph: a Graph or GraphDef written as a text or binary GraphDef file."""
from __future__ import annotations

import os

from tfsess.framework.graph import Graph
from tfsess.runtime import file_io

__all__ = ["write_graph"]


def write_graph(graph_or_graph_def, logdir, name, as_text=True):
    """Writes a GraphDef to `logdir/name` (creating `logdir`) and returns that path.

    Args:
      graph_or_graph_def: a Graph (written as its as_graph_def()) or a GraphDef message.
      logdir: the directory to write into.
      name: the file name.
      as_text: protobuf text format when True, the binary wire format when False.
    """
    graph_def = graph_or_graph_def.as_graph_def() if isinstance(graph_or_graph_def, Graph) else graph_or_graph_def
    file_io.makedirs(logdir)
    path = os.path.join(logdir, name)
    if as_text:
        from google.protobuf import text_format  # optional dependency: protobuf
        data = text_format.MessageToString(graph_def).encode("utf-8")
    else:
        data = graph_def.SerializeToString(deterministic=True)
    temp = f"{path}.tmp{os.getpid()}"
    with open(temp, "wb") as f:  # written beside the target, then moved over it: never half a file
        f.write(data)
    os.replace(temp, path)
    return path
