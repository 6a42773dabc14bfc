"""tf.train.import_meta_graph: rebuilds a graph, its collections and its Saver from a MetaGraphDef."""
from __future__ import annotations

from tfsess.framework.graph import get_default_graph
from tfsess.framework.importer import import_graph_def
from tfsess.ops.variables import GraphKeys
from tfsess.train.meta_graph import UNBOUND_INPUTS, read_meta_graph_file, restore_collections
from tfsess.train.saver import Saver


def import_meta_graph(meta_graph_or_file, clear_devices=False, import_scope=None, **kwargs):
    """Imports a MetaGraphDef's graph into the default graph and returns a Saver for it (tf.train.import_meta_graph).

    Args:
        meta_graph_or_file: a MetaGraphDef message or the path of a `.meta` file (binary or text).
        clear_devices: drop the devices the GraphDef's nodes name.
        import_scope: a name scope to put the imported ops, collections and saver ops under.
        **kwargs: `input_map` ({name in the graph_def: Tensor}) is passed to the importer.

    Returns:
        A Saver using the SaverDef of the MetaGraphDef; without one, a new Saver of the imported
        variables, or None if there are none.
    """
    meta = meta_graph_or_file
    if not hasattr(meta_graph_or_file, "graph_def"):
        meta = read_meta_graph_file(meta_graph_or_file)
    return import_meta_graph_def(meta, clear_devices, import_scope, kwargs.get("input_map"))


def import_meta_graph_def(meta, clear_devices=False, import_scope=None, input_map=None):
    """Imports the graph and collections of the MetaGraphDef message `meta`; the Saver import_meta_graph returns."""
    _check_unbound_inputs(meta, input_map)
    graph = get_default_graph()
    graph_def = meta.graph_def
    if clear_devices:
        graph_def = type(graph_def)()
        graph_def.CopyFrom(meta.graph_def)
        for node in graph_def.node:
            node.device = ""
    with graph.as_default():
        import_graph_def(graph_def, input_map=input_map, name=import_scope or "")
        restore_collections(graph, meta, import_scope)
        if meta.HasField("saver_def"):
            return Saver(saver_def=meta.saver_def, name=import_scope)
        scope_prefix = f"{import_scope}/" if import_scope else ""
        if any(v.op.name.startswith(scope_prefix) for v in graph.get_collection(GraphKeys.GLOBAL_VARIABLES)):
            return Saver()
    return None


def _check_unbound_inputs(meta, input_map):
    """An export under a scope names the inputs it took from outside as '$unbound_inputs_<name>': TF
    wants exactly those as input_map's keys."""
    if UNBOUND_INPUTS not in meta.collection_def:
        return
    collection = meta.collection_def[UNBOUND_INPUTS]
    kind = collection.WhichOneof("kind")
    names = [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in getattr(collection, kind).value] if kind else []
    if names and (not input_map or sorted(names) != sorted(input_map)):
        missing = ",".join(n for n in names if not input_map or n not in input_map)
        raise ValueError(f"Graph contains unbound inputs: {missing}. Must provide these inputs through input_map.")


__all__ = ["import_meta_graph"]
