"""A tfsess Graph as TensorFlow's GraphDef and MetaGraphDef protocol buffers.

An op's attrs are read as tfsess stores them, plus the attrs TF's OpDef gives the op that tfsess
leaves implicit: type and count attrs (`T`, `Tidx`, `N`) derived from the dtypes of the op's
inputs and outputs, and the OpDef's defaults (implicit_attrs, which Operation.get_attr uses too;
the signatures are in op_signatures.py, read from op_signatures.json). The messages come from tfsess.protos (the optional `protobuf` package),
imported when a conversion first runs.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_signatures import SIGNATURES
from tfsess.framework.tensor_proto import make_tensor_proto, shape_proto
from tfsess.framework.tensor_shape import TensorShape
from tfsess.framework.versions import GRAPH_DEF_VERSION, GRAPH_DEF_VERSION_MIN_CONSUMER, VERSION


# Attrs whose tfsess value is a shape written as a list of int/None.
_SHAPE_ATTRS = frozenset({"shape", "element_shape", "shape_hint"})
_SHAPE_LIST_ATTRS = frozenset({"shapes", "output_shapes", "_output_shapes", "element_shapes", "component_shapes",
                               "dense_shapes", "context_dense_shapes", "feature_list_dense_shapes"})


# The graph messages TF exports at the top level (tf.GraphDef, ...), loaded by graph_proto_class.
GRAPH_PROTOS = ("AttrValue", "GraphDef", "NodeDef")


def graph_proto_class(name: str):
    """The message class tf.GraphDef, tf.NodeDef or tf.AttrValue (imports protobuf on first use)."""
    from tfsess.protos import attr_value_pb2, graph_pb2, node_def_pb2  # optional dependency: protobuf
    return {"AttrValue": attr_value_pb2.AttrValue, "GraphDef": graph_pb2.GraphDef,
            "NodeDef": node_def_pb2.NodeDef}[name]


def _protos():
    from tfsess.protos import attr_value_pb2, graph_pb2  # optional dependency: protobuf
    return attr_value_pb2, graph_pb2


def attr_value(name: str, value):
    """An AttrValue message for one tfsess attr value, or None when it has no GraphDef form."""
    attr_value_pb2, _ = _protos()
    out = attr_value_pb2.AttrValue()
    if name in _SHAPE_ATTRS and (value is None or isinstance(value, (list, tuple, TensorShape))):
        out.shape.CopyFrom(shape_proto(value))
    elif name in _SHAPE_LIST_ATTRS and isinstance(value, (list, tuple)):
        out.list.shape.extend(shape_proto(s) for s in value)
        out.list.SetInParent()
    elif isinstance(value, TensorShape):
        out.shape.CopyFrom(shape_proto(value))
    elif isinstance(value, dtypes.DType):
        out.type = value.as_datatype_enum
    elif isinstance(value, (bool, np.bool_)):
        out.b = bool(value)
    elif isinstance(value, (int, np.integer)):
        out.i = int(value)
    elif isinstance(value, (float, np.floating)):
        out.f = float(value)
    elif isinstance(value, (str, bytes)):
        out.s = value.encode("utf-8", "surrogateescape") if isinstance(value, str) else value
    elif isinstance(value, np.ndarray):
        out.tensor.CopyFrom(make_tensor_proto(value))
    elif isinstance(value, (list, tuple)):
        return _list_value(out, value)
    elif hasattr(value, "_as_attr_name"):  # a library function (framework/function_library.py)
        out.func.name = value._as_attr_name()
    else:
        return None  # Python callables and other host objects have no GraphDef form
    return out


def fill_default_attrs(graph_def):
    """Adds, in place, each OpDef default attr a node of `graph_def` lacks (TF's import_graph_def does
    so to the caller's GraphDef, which import_meta_graph and the SavedModel loader show)."""
    functions = {f.signature.name for f in graph_def.library.function} if hasattr(graph_def, "library") else set()
    for node in graph_def.node:
        if node.op in functions or node.op not in SIGNATURES:
            continue
        for key, default in SIGNATURES[node.op][2].items():
            if key not in node.attr:
                value = attr_value(key, default)
                if value is not None:
                    node.attr[key].CopyFrom(value)


def _list_value(out, items):
    out.list.SetInParent()  # an empty list is still a list attr
    for item in items:
        if isinstance(item, dtypes.DType):
            out.list.type.append(item.as_datatype_enum)
        elif isinstance(item, (bool, np.bool_)):
            out.list.b.append(bool(item))
        elif isinstance(item, (int, np.integer)):
            out.list.i.append(int(item))
        elif isinstance(item, (float, np.floating)):
            out.list.f.append(float(item))
        elif isinstance(item, (str, bytes)):
            out.list.s.append(item.encode("utf-8", "surrogateescape") if isinstance(item, str) else item)
        elif isinstance(item, TensorShape):
            out.list.shape.append(shape_proto(item))
        elif item is None or (isinstance(item, (list, tuple)) and all(
                d is None or isinstance(d, (int, np.integer)) for d in item)):  # a shape as import holds it
            out.list.shape.append(shape_proto(TensorShape(None if item is None else list(item))))
        elif isinstance(item, np.ndarray):
            out.list.tensor.append(make_tensor_proto(item))
        elif hasattr(item, "_as_attr_name"):  # a library function
            out.list.func.add(name=item._as_attr_name())
        else:
            return None
    return out


def _input_name(tensor) -> str:
    return tensor.name if tensor.value_index else tensor.op.name  # TF writes "op" for output 0


def _bind(args, tensor_dtypes, known) -> dict:
    """The type and count attrs that TF's arg list `args` (op_signatures notation) gives `tensor_dtypes`.

    Counts not in `known` are solved when one count attr is open (shared by several args, or a
    single type-list arg); otherwise, or when the tensors do not fit the args, nothing is derived.
    """
    counts = {a.split("*")[0] for a in args if "*" in a and a.split("*")[0] not in known}
    lists = [a for a in args if a.startswith("[")]
    fixed = sum(1 for a in args if "*" not in a and not a.startswith("[")) + sum(
        known[a.split("*")[0]] for a in args if "*" in a and a.split("*")[0] in known)
    open_args = [a for a in args if a.startswith("[") or ("*" in a and a.split("*")[0] in counts)]
    rest = len(tensor_dtypes) - fixed
    if len(counts) + len(lists) > 1 or rest < 0:
        return {}  # several open counts: the split is ambiguous
    share = rest // len(open_args) if open_args else 0
    if share * len(open_args) != rest:
        return {}  # the tensors do not fit TF's args
    out, pos = {}, 0
    for arg in args:
        count_attr, _, type_attr = arg.rpartition("*")
        if arg.startswith("["):
            out[arg[1:-1]] = [d.base_dtype for d in tensor_dtypes[pos:pos + share]]
            pos += share
            continue
        n = (known.get(count_attr, share) if count_attr else 1)
        if count_attr:
            out[count_attr] = n
        if type_attr and n and type_attr not in out:
            out[type_attr] = tensor_dtypes[pos].base_dtype
        pos += n
    return out


def implicit_attrs(op, attrs) -> dict:
    """TF's attrs of `op` that its tfsess attrs `attrs` leave out: type and count attrs (`T`, `Tidx`,
    `N`, ...) read off the dtypes of its inputs and outputs, then the defaults of TF's OpDef."""
    signature = SIGNATURES.get(op.type)
    if signature is None:
        return {}
    in_args, out_args, defaults = signature
    known = {k: v for k, v in attrs.items() if isinstance(v, int)}
    derived = _bind(in_args, [t.dtype for t in op.inputs], known)
    derived = {**_bind(out_args, [t.dtype for t in op.outputs], {**known, **derived}), **derived}
    return {k: v for k, v in {**defaults, **derived}.items() if k not in attrs}


def node_def(op, add_shapes: bool = False):
    """A NodeDef message for one Operation (`add_shapes`: with its `_output_shapes` attr)."""
    from tfsess.protos import node_def_pb2  # optional dependency: protobuf
    node = node_def_pb2.NodeDef(name=op.name, op=op.type, device=op.device or "")
    node.input.extend(_input_name(t) for t in op.inputs)
    node.input.extend(sorted("^" + c.name for c in op.control_inputs))  # TF writes them sorted by name
    raw = dict(op._attrs)
    raw.update(implicit_attrs(op, raw))
    for key in sorted(raw):
        value = attr_value(key, raw[key])
        if value is not None:
            node.attr[key].CopyFrom(value)
    if add_shapes and op.outputs:
        node.attr["_output_shapes"].list.shape.extend(shape_proto(t.shape) for t in op.outputs)
    return node


# Writers of ops that have no NodeDef of their own (a functional While whose body is a Python
# object): each entry, given a graph, returns None or a function op -> the NodeDefs written in
# the op's place (None: the op's own NodeDef). The ops modules that build such ops register here.
node_writers = []


def version_def(versions=None):
    """The VersionDef message of the GraphDefs tfsess writes: TF 2.21's versions, or a graph's merged
    (producer, min_consumer, bad_consumers)."""
    from tfsess.protos import versions_pb2  # optional dependency: protobuf
    if versions is None:
        return versions_pb2.VersionDef(producer=GRAPH_DEF_VERSION, min_consumer=GRAPH_DEF_VERSION_MIN_CONSUMER)
    producer, min_consumer, bad_consumers = versions
    return versions_pb2.VersionDef(producer=producer, min_consumer=min_consumer, bad_consumers=bad_consumers)


def graph_to_graph_def(graph, add_shapes: bool = False):
    """A GraphDef message of every op in `graph`, in creation order, with TF 2.21's versions.

    Args:
      graph: a tfsess Graph.
      add_shapes: also write each op's output shapes as the `_output_shapes` list attr.
    """
    _, graph_pb2 = _protos()
    graph_def = graph_pb2.GraphDef()
    graph_def.versions.CopyFrom(version_def(graph._versions))
    writers = [w for w in (make(graph) for make in node_writers) if w is not None]
    for op in graph._all_operations():
        nodes = None
        for write in writers:
            nodes = write(op, add_shapes)
            if nodes is not None:
                break
        graph_def.node.extend([node_def(op, add_shapes)] if nodes is None else nodes)
    for function in graph._functions.values():  # a GraphFunction, or a FunctionDef message as imported
        definition = function.definition() if hasattr(function, "definition") else function
        graph_def.library.function.add().CopyFrom(definition)
    for name, gradient in sorted(graph._function_gradients.items()):
        graph_def.library.gradient.add(function_name=name, gradient_func=gradient)
    return graph_def


# The collections TF registers VariableDef protos for (tf.GraphKeys' variable keys); a variable in any
# other collection is written by its name, in a node_list, as TF writes it.
VARIABLE_PROTO_COLLECTIONS = frozenset({"variables", "trainable_variables", "local_variables", "model_variables",
                                        "moving_average_variables", "global_step", "metric_variables"})


# collection key -> fn(item, export_scope=None) -> the item's proto message (None for an item outside
# export_scope), registered by the module that defines the items (TF's register_proto_function:
# ops/context_defs.py writes the control-flow contexts, train/queue_runner.py the queue runners)
collection_proto_writers = {}


def _collection_def(items, key=None):
    """A CollectionDef for a collection's items, or None when TF could not serialize them either."""
    from tfsess.protos import meta_graph_pb2  # optional dependency: protobuf
    out = meta_graph_pb2.CollectionDef()
    if key in collection_proto_writers:
        out.bytes_list.value.extend(collection_proto_writers[key](v).SerializeToString() for v in items)
    elif all(hasattr(v, "initializer") and hasattr(v, "initial_value") for v in items) and \
            (key is None or key in VARIABLE_PROTO_COLLECTIONS):  # variables
        out.bytes_list.value.extend(variable_def(v).SerializeToString() for v in items)
    elif all(hasattr(v, "as_saver_def") for v in items):  # savers, as TF's Saver.to_proto writes them
        out.bytes_list.value.extend(v.as_saver_def().to_proto().SerializeToString() for v in items)
    elif all(hasattr(v, "name") and hasattr(v, "graph") for v in items):  # tensors and operations
        out.node_list.value.extend(v.name for v in items)
    elif all(isinstance(v, (str, bytes)) for v in items):
        out.bytes_list.value.extend(v.encode("utf-8") if isinstance(v, str) else v for v in items)
    elif all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in items):
        out.int64_list.value.extend(int(v) for v in items)
    elif all(isinstance(v, (float, np.floating)) for v in items):
        out.float_list.value.extend(float(v) for v in items)
    else:
        return None
    return out


def variable_def(variable):
    """A VariableDef naming a Variable's ops and tensors, as TF's Variable.to_proto writes it."""
    from tfsess.protos import variable_pb2  # optional dependency: protobuf
    snapshot = getattr(variable, "_snapshot", None)  # a resource variable's value() would add a read
    proto = variable_pb2.VariableDef(
        variable_name=variable.name, initial_value_name=variable.initial_value.name,
        initializer_name=variable.initializer.name,
        snapshot_name=(variable.value() if snapshot is None else snapshot).name,
        trainable=bool(getattr(variable, "trainable", True)),
        is_resource=bool(getattr(variable, "_is_resource_variable", False)))
    info = getattr(variable, "_save_slice_info", None)
    if info is not None:  # a part of a partitioned variable
        proto.save_slice_info_def.CopyFrom(info.to_proto())
    return proto


def graph_to_meta_graph_def(graph, graph_def=None, saver_def=None, collection_list=None):
    """A MetaGraphDef of `graph`: its GraphDef, the op types it uses, its collections, a saver.

    Collections whose items have no serialized form (Python objects) are left out, as TF's
    export does. The stripped op list names each op type used (tfsess keeps no arg signatures).
    """
    from tfsess.protos import meta_graph_pb2  # optional dependency: protobuf
    meta = meta_graph_pb2.MetaGraphDef()
    meta.graph_def.CopyFrom(graph_def if graph_def is not None else graph_to_graph_def(graph, add_shapes=True))
    info = meta.meta_info_def
    for op_type in sorted({node.op for node in meta.graph_def.node}):
        info.stripped_op_list.op.add(name=op_type)
    info.tensorflow_version = VERSION
    if saver_def is not None:
        meta.saver_def.CopyFrom(saver_def)
    keys = graph.get_all_collection_keys() if collection_list is None else collection_list
    for key in keys:
        items = graph.get_collection(key)
        collection = _collection_def(items, key) if items else None
        if collection is not None:
            meta.collection_def[key].CopyFrom(collection)
    return meta
