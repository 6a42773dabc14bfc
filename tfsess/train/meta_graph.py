"""MetaGraphDefs as TensorFlow writes them: tf.train.export_meta_graph, the `.meta` file of a save, reading one back.

A MetaGraphDef holds the GraphDef, the op types it uses (meta_info_def), the collections
(variables as serialized VariableDefs, tensors and ops by name, numbers and strings as lists) and
optionally the SaverDef naming the save/restore ops. The messages come from tfsess.protos (the
optional `protobuf` package). Rebuilding a graph from one (import_meta_graph) is in meta_graph_import.
"""
from __future__ import annotations

import os
import re

from tfsess.framework import bounded_io, errors
from tfsess.framework.graph import get_default_graph
from tfsess.framework.graph_def import attr_value, collection_proto_writers, graph_to_meta_graph_def, variable_def
from tfsess.framework.op_signatures import SIGNATURES
from tfsess.ops import context_defs
from tfsess.ops.variables import GraphKeys, Variable
from tfsess.train.checkpoint_format import _atomic_write

# The collections whose items are Variables, serialized as VariableDef bytes (TF's register_proto_function).
VARIABLE_COLLECTIONS = frozenset({GraphKeys.GLOBAL_VARIABLES, GraphKeys.TRAINABLE_VARIABLES,
                                  GraphKeys.LOCAL_VARIABLES, GraphKeys.MODEL_VARIABLES,
                                  GraphKeys.MOVING_AVERAGE_VARIABLES, GraphKeys.GLOBAL_STEP,
                                  GraphKeys.METRIC_VARIABLES})


def _pb():
    from tfsess.protos import meta_graph_pb2  # optional dependency: protobuf
    return meta_graph_pb2


def protobuf_available():
    """Whether the optional protobuf package, which MetaGraphDefs need, is installed."""
    try:
        import google.protobuf  # noqa: F401  optional dependency: protobuf
    except ImportError:
        return False
    return True


# ------------------------------------------------------------------ export
def export_meta_graph(filename=None, meta_info_def=None, graph_def=None, saver_def=None, collection_list=None,
                      as_text=False, graph=None, export_scope=None, clear_devices=False,
                      clear_extraneous_savers=False, strip_default_attrs=False, save_debug_info=False, **kwargs):
    """Returns the MetaGraphDef of `graph` (default: the default graph) and writes it to `filename` if given.

    Args:
        filename: where to write it (binary, or protobuf text with as_text=True).
        meta_info_def: a MetaInfoDef merged into the one written.
        graph_def: the GraphDef to use instead of the graph's own.
        saver_def: a SaverDef (message or tfsess record) to include; none by default.
        collection_list: the collection keys to export (default: all that serialize).
        export_scope: only the ops and collection items under this name scope, with the scope stripped.
        clear_devices: drop every node's device.
        clear_extraneous_savers: drop the name scopes of every Saver but the one `saver_def` names.
        strip_default_attrs: drop attrs holding their OpDef default.
        save_debug_info: accepted; tfsess writes no debug info.

    Raises:
        ValueError: graph_def is not a GraphDef message.
    """
    graph = graph or get_default_graph()
    if graph_def is not None and not hasattr(graph_def, "node"):
        raise TypeError(f"graph_def must be a GraphDef proto, got {type(graph_def).__name__}")
    if export_scope or clear_extraneous_savers or clear_devices:
        # TF resets the graph's own 'unbound_inputs' collection here, so the export (and later ones) carry it
        nodes = graph_def.node if graph_def is not None else graph.as_graph_def().node
        graph.clear_collection(UNBOUND_INPUTS)
        for name in _unbound_inputs(nodes, export_scope):
            graph.add_to_collection(UNBOUND_INPUTS, name)
    saver_proto = saver_def.to_proto() if hasattr(saver_def, "to_proto") else saver_def
    meta = graph_to_meta_graph_def(graph, graph_def=graph_def, saver_def=saver_proto,
                                   collection_list=collection_list)
    if meta_info_def is not None:
        meta.meta_info_def.MergeFrom(meta_info_def)
    if clear_extraneous_savers:
        _drop_extraneous_savers(meta, saver_proto)
    if strip_default_attrs:
        strip_default_attr_values(meta.graph_def)
        meta.meta_info_def.stripped_default_attrs = True
    if clear_devices:
        for node in meta.graph_def.node:
            node.device = ""
    if export_scope:
        _keep_scope(meta, graph, export_scope)
    if filename:
        write_meta_graph_file(meta, filename, as_text)
    return meta


def write_meta_graph_file(meta, filename, as_text=False):
    """Writes a MetaGraphDef to `filename` atomically (binary, or protobuf text)."""
    from google.protobuf import text_format  # optional dependency: protobuf
    data = text_format.MessageToString(meta).encode("utf-8") if as_text else meta.SerializeToString()
    _atomic_write(os.fspath(filename), [data])


_SAVE_AND_RESTORE_OPS = frozenset({"SaveV2", "Save", "SaveSlices", "RestoreV2", "Restore", "RestoreSlice",
                                   "MergeV2Checkpoints"})


def _scope_of(name):
    return name.rpartition("/")[0]


def _drop_extraneous_savers(meta, saver_def):
    """Removes the nodes of the Savers `saver_def` does not name, as TF does: every Saver lives in its own
    name scope, so the scopes of save/restore ops other than its own go, with their collection items."""
    retained = set()
    if saver_def is not None:
        retained = {_scope_of(saver_def.save_tensor_name.partition(":")[0]) + "/",
                    _scope_of(saver_def.restore_op_name) + "/"}
    saver_nodes = {n.name for n in meta.graph_def.node if n.op in _SAVE_AND_RESTORE_OPS}
    scopes = {_scope_of(name) for name in saver_nodes} - saver_nodes
    extraneous = tuple(s + "/" for s in scopes if s + "/" not in retained)
    if not extraneous:
        return
    gone = lambda name: name.lstrip("^").partition(":")[0].startswith(extraneous)  # noqa: E731
    kept = [n for n in meta.graph_def.node if not gone(n.name)]
    del meta.graph_def.node[:]
    meta.graph_def.node.extend(kept)
    for collection in meta.collection_def.values():
        if collection.WhichOneof("kind") == "node_list":
            names = [n for n in collection.node_list.value if not gone(n)]
            del collection.node_list.value[:]
            collection.node_list.value.extend(names)


def strip_default_attr_values(graph_def):
    """Removes, in place, every node attr (functions' too) that holds its OpDef's default value."""
    nodes = list(graph_def.node) + [n for f in graph_def.library.function for n in f.node_def]
    for node in nodes:
        defaults = SIGNATURES.get(node.op, ((), (), {}))[2]
        for key in [k for k in node.attr if k in defaults]:
            default = attr_value(key, defaults[key])
            if default is not None and default == node.attr[key]:
                del node.attr[key]


UNBOUND_INPUTS = "unbound_inputs"
_UNBOUND_PREFIX = "$unbound_inputs_"


def strip_name_scope(name, scope):
    """TF's strip_name_scope: `name` (an op, tensor, ^control input or loc:@ colocation name) without its first
    `scope/` (scope is a regular expression there, as in TF)."""
    scope = scope[:-1] if scope.endswith("/") else scope
    return re.sub(r"([\^]|loc:@|^)" + scope + r"[\/]+(.*)", r"\1\2", name, count=1)


def _in_scope(name, scope):
    """TF's test for export_scope: a plain prefix test, so scope 'net' also keeps 'network/...'."""
    return name.lstrip("^").startswith(scope)


def _unbound_name(raw):
    return "^" + _UNBOUND_PREFIX + raw[1:] if raw.startswith("^") else _UNBOUND_PREFIX + raw


def _kept(name, scope):
    return name.startswith(_UNBOUND_PREFIX) or _in_scope(name, scope)


def _unbound_inputs(nodes, scope):
    """The inputs of the nodes an export under `scope` keeps that come from outside it, renamed as TF does."""
    if not scope:
        return []
    return [_unbound_name(i) for n in nodes if _kept(n.name, scope) for i in n.input if not _in_scope(i, scope)]


def _keep_scope(meta, graph, scope):
    """Keeps the ops and collection items under `scope` only, their names relative to it (TF's export_scope).

    Inputs from outside the scope become '$unbound_inputs_<name>', which import_meta_graph must be given
    in its input_map."""
    nodes = [n for n in meta.graph_def.node if _kept(n.name, scope)]
    del meta.graph_def.node[:]
    for node in nodes:
        node.name = strip_name_scope(node.name, scope)
        inputs = [strip_name_scope(i, scope) if _in_scope(i, scope) else _unbound_name(i) for i in node.input]
        del node.input[:]
        node.input.extend(inputs)
        if "_class" in node.attr:
            locations = [strip_name_scope(s.decode("utf-8"), scope).encode("utf-8") for s in node.attr["_class"].list.s
                         if s.decode("utf-8").partition("@")[2].startswith(scope)]
            del node.attr["_class"].list.s[:]
            node.attr["_class"].list.s.extend(locations)
    meta.graph_def.node.extend(nodes)
    for key in list(meta.collection_def):
        collection = meta.collection_def[key]
        kind = collection.WhichOneof("kind")
        if kind == "node_list":
            kept = [strip_name_scope(n, scope) for n in collection.node_list.value if _in_scope(n, scope)]
            del collection.node_list.value[:]
            collection.node_list.value.extend(kept)
        elif kind == "bytes_list" and key in VARIABLE_COLLECTIONS:
            kept = [_scoped_variable_def(v, scope) for v in graph.get_collection(key)
                    if isinstance(v, Variable) and _in_scope(v.op.name, scope)]
            del collection.bytes_list.value[:]
            collection.bytes_list.value.extend(kept)
        elif kind == "bytes_list" and key in collection_proto_writers:  # TF's to_proto(export_scope): None outside
            protos = (collection_proto_writers[key](v, scope) for v in graph.get_collection(key))
            kept = [proto.SerializeToString() for proto in protos if proto is not None]
            del collection.bytes_list.value[:]
            collection.bytes_list.value.extend(kept)


def _scoped_variable_def(variable, scope):
    proto = variable_def(variable)
    for field in ("variable_name", "initial_value_name", "initializer_name", "snapshot_name"):
        setattr(proto, field, strip_name_scope(getattr(proto, field), scope))
    return proto.SerializeToString()


# ------------------------------------------------------------------ reading
def read_meta_graph_file(filename):
    """The MetaGraphDef in `filename`, binary or protobuf text.

    Raises:
        IOError: the file does not exist, or it is UTF-8 text that is no MetaGraphDef (as TF).
        errors.DataLossError: it is neither a binary MetaGraphDef nor UTF-8 text (TF lets a UnicodeDecodeError
            through; a loader of hostile files here raises none), or text nested too deep to parse safely.
    """
    from google.protobuf import message, text_format  # optional dependency: protobuf
    filename = os.fspath(filename)
    if not os.path.exists(filename):
        raise IOError(f"File {filename} does not exist.")
    with open(filename, "rb") as f:
        data = f.read()
    meta = _pb().MetaGraphDef()
    try:
        meta.ParseFromString(data)
        return meta
    except message.DecodeError:
        pass
    try:
        text = data.decode("utf-8")
        bounded_io.check_text_proto_nesting(data)  # before text_format recurses into it
    except ValueError as exc:  # also UnicodeDecodeError
        raise errors.DataLossError(None, None, f"Cannot parse file {filename} as a MetaGraphDef: {exc}") from None
    try:
        text_format.Merge(text, meta)
    except text_format.ParseError as exc:
        raise IOError(f"Cannot parse file {filename}: {exc}.") from None
    return meta


# collection key -> fn(serialized item, import_scope) -> item, registered by the module that defines the
# items (TF's register_proto_function), so this module names none of them
_FROM_PROTO = {}


def register_from_proto(key, from_bytes):
    """Makes restore_collections rebuild the items of collection `key` with `from_bytes(raw, import_scope)`."""
    _FROM_PROTO[key] = from_bytes


context_defs.register(register_from_proto)  # the while_context and cond_context collections


def restore_collections(graph, meta, import_scope=None):
    """Adds the collections of `meta` to `graph`, whose ops were imported from meta's GraphDef under `import_scope`.

    Variables come back as Variable objects wrapping the imported ops (one object per collection
    entry, as TF's from_proto makes them), tensors and ops by name, lists of numbers and strings as
    Python values. A collection whose items cannot be found is skipped, as TF does.
    """
    from google.protobuf.message import DecodeError  # optional dependency: protobuf
    from tfsess.protos import variable_pb2  # optional dependency: protobuf

    def scoped(name):
        return f"{import_scope}/{name}" if import_scope else name
    for key in sorted(meta.collection_def):
        collection = meta.collection_def[key]
        kind = collection.WhichOneof("kind")
        if kind is None or key == UNBOUND_INPUTS:  # inputs the import's input_map gave
            continue
        values = list(getattr(collection, kind).value)
        try:
            if kind == "bytes_list" and key in VARIABLE_COLLECTIONS:
                items = [Variable(variable_def=variable_pb2.VariableDef.FromString(v), import_scope=import_scope)
                         for v in values]
            elif kind == "bytes_list" and key in _FROM_PROTO:
                items = [_FROM_PROTO[key](v, import_scope) for v in values]
            elif kind == "node_list":
                items = [graph.as_graph_element(scoped(n)) for n in values]
            else:
                items = None
        except (KeyError, ValueError, TypeError, DecodeError):
            continue  # TF logs and skips a collection it cannot restore
        if items is None:  # plain numbers and strings: outside the skip, as TF (a bad UTF-8 string raises)
            items = [int(v) for v in values] if kind == "int64_list" else [prepend_name_scope(v, import_scope) for v in values]
        for item in items:
            graph.add_to_collection(key, item)


# a name, or each '^name' / 'loc:@name' inside it, up to a line end: where TF's prepend_name_scope puts the scope
_SCOPED_NAME = re.compile(r"([\^]|loc:@|^)(.*)")


def prepend_name_scope(value, import_scope):
    """TF's prepend_name_scope on a collection's plain item: under an import scope a string (bytes decoded
    as UTF-8, so a bad one raises) comes back a str with the scope before its name (after a '^' or
    'loc:@'); numbers, and every item when there is no scope, come back as they are."""
    if not import_scope or not isinstance(value, (str, bytes)):
        return value
    text = value.decode("utf-8") if isinstance(value, bytes) else value
    scope = import_scope[:-1] if import_scope.endswith("/") else import_scope
    return _SCOPED_NAME.sub(lambda m: m.group(1) + scope + "/" + m.group(2), text)


__all__ = ["export_meta_graph"]
