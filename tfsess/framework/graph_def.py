"""A tfsess Graph as TensorFlow's GraphDef and MetaGraphDef protocol buffers.

Only public accessors of Operation and Tensor are read (name, type, inputs, control_inputs,
device, node_def.attr). The messages come from tfsess.protos (the optional `protobuf` package),
imported when a conversion first runs.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.tensor_proto import make_tensor_proto, shape_proto
from tfsess.framework.tensor_shape import TensorShape

# The GraphDef versions TF 2.21 writes (tensorflow/core/public/version.h).
GRAPH_DEF_VERSION = 2474
GRAPH_DEF_VERSION_MIN_CONSUMER = 0
TENSORFLOW_VERSION = "2.21.0"

# Attrs whose tfsess value is a shape written as a list of int/None.
_SHAPE_ATTRS = frozenset({"shape", "element_shape", "shape_hint"})
_SHAPE_LIST_ATTRS = frozenset({"shapes", "output_shapes", "_output_shapes", "element_shapes", "component_shapes"})


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
        out.s = value.encode("utf-8") if isinstance(value, str) else value
    elif isinstance(value, np.ndarray):
        out.tensor.CopyFrom(make_tensor_proto(value))
    elif isinstance(value, (list, tuple)):
        return _list_value(out, value)
    else:
        return None  # Python callables and other host objects have no GraphDef form
    return out


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
            out.list.s.append(item.encode("utf-8") if isinstance(item, str) else item)
        elif isinstance(item, TensorShape):
            out.list.shape.append(shape_proto(item))
        elif isinstance(item, np.ndarray):
            out.list.tensor.append(make_tensor_proto(item))
        else:
            return None
    return out


def _input_name(tensor) -> str:
    return tensor.name if tensor.value_index else tensor.op.name  # TF writes "op" for output 0


# TF's type attrs that tfsess ops leave implicit, read off the dtype of the named input (index).
_REDUCE = {"T": 0, "Tidx": 1}
_TYPE_ATTR_INPUTS = {
    **dict.fromkeys(("Sum", "Mean", "Prod", "Max", "Min", "ArgMax", "ArgMin", "Cumsum", "Cumprod"), _REDUCE),
    "All": {"Tidx": 1}, "Any": {"Tidx": 1}, "Range": {"Tidx": 0}, "BroadcastTo": _REDUCE,
    "Reshape": {"T": 0, "Tshape": 1}, "Tile": {"T": 0, "Tmultiples": 1}, "Fill": {"T": 1, "index_type": 0},
    "GatherV2": {"Tparams": 0, "Tindices": 1, "Taxis": 2}, "Gather": {"Tparams": 0, "Tindices": 1},
    "ConcatV2": {"T": 0, "Tidx": -1}, "ExpandDims": {"T": 0, "Tdim": 1}, "Transpose": {"T": 0, "Tperm": 1},
    "Slice": {"T": 0, "Index": 1}, "StridedSlice": {"T": 0, "Index": 1}, "Pad": {"T": 0, "Tpaddings": 1},
    "PadV2": {"T": 0, "Tpaddings": 1}, "Select": {"T": 1}, "SelectV2": {"T": 1}, "Split": {"T": 1},
    "SplitV": {"T": 0, "Tlen": 1}, "OneHot": {"T": 2, "TI": 0},
    "UnsortedSegmentSum": {"T": 0, "Tindices": 1, "Tnumsegments": 2},
    "SparseSoftmaxCrossEntropyWithLogits": {"T": 0, "Tlabels": 1},
    **dict.fromkeys(("Shape", "Size", "Rank", "ShapeN", "Squeeze", "Identity", "Pack", "Unpack", "AddN", "Switch",
                     "Merge", "Enter", "Exit", "NextIteration", "Equal", "NotEqual", "Less", "Greater", "LessEqual",
                     "GreaterEqual"), {"T": 0}),
}


def _type_attrs(op, attrs) -> dict:
    """TF's type attrs (`T`, `Tidx`, ...) that the op's tfsess attrs leave out.

    Ops in _TYPE_ATTR_INPUTS get theirs from the named inputs. Any other op without a type attr
    gets `T` when all its data inputs share one dtype other than bool or string (TF's logical
    and string ops have no `T`).
    """
    inputs = op.inputs
    spec = _TYPE_ATTR_INPUTS.get(op.type)
    if spec is not None:
        return {name: inputs[i].dtype.base_dtype for name, i in spec.items()
                if name not in attrs and -len(inputs) <= i < len(inputs)}
    if not inputs or any(isinstance(v, dtypes.DType) for v in attrs.values()):
        return {}
    kinds = {t.dtype.base_dtype for t in inputs}
    dtype = kinds.pop() if len(kinds) == 1 else None
    return {"T": dtype} if dtype not in (None, dtypes.bool, dtypes.string) else {}


def node_def(op):
    """A NodeDef message for one Operation."""
    from tfsess.protos import node_def_pb2  # optional dependency: protobuf
    node = node_def_pb2.NodeDef(name=op.name, op=op.type, device=op.device or "")
    node.input.extend(_input_name(t) for t in op.inputs)
    node.input.extend("^" + c.name for c in op.control_inputs)
    raw = {k: a.value for k, a in op.node_def.attr.items()}
    raw.update(_type_attrs(op, raw))
    for key in sorted(raw):
        value = attr_value(key, raw[key])
        if value is not None:
            node.attr[key].CopyFrom(value)
    return node


def graph_to_graph_def(graph, add_shapes: bool = False):
    """A GraphDef message of every op in `graph`, in creation order, with TF 2.21's versions.

    Args:
      graph: a tfsess Graph.
      add_shapes: also write each op's output shapes as the `_output_shapes` list attr.
    """
    _, graph_pb2 = _protos()
    graph_def = graph_pb2.GraphDef()
    graph_def.versions.producer = GRAPH_DEF_VERSION
    graph_def.versions.min_consumer = GRAPH_DEF_VERSION_MIN_CONSUMER
    for op in graph.get_operations():
        node = graph_def.node.add()
        node.CopyFrom(node_def(op))
        if add_shapes and op.outputs:
            node.attr["_output_shapes"].list.shape.extend(shape_proto(t.shape) for t in op.outputs)
    return graph_def


def _collection_def(items):
    """A CollectionDef for a collection's items, or None when TF could not serialize them either."""
    from tfsess.protos import meta_graph_pb2  # optional dependency: protobuf
    out = meta_graph_pb2.CollectionDef()
    if all(hasattr(v, "initializer") and hasattr(v, "initial_value") for v in items):  # variables
        out.bytes_list.value.extend(variable_def(v).SerializeToString() for v in items)
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
    return variable_pb2.VariableDef(
        variable_name=variable.name, initial_value_name=variable.initial_value.name,
        initializer_name=variable.initializer.name, snapshot_name=variable.value().name,
        trainable=bool(getattr(variable, "trainable", True)))


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
    info.tensorflow_version = TENSORFLOW_VERSION
    if saver_def is not None:
        meta.saver_def.CopyFrom(saver_def)
    keys = graph.get_all_collection_keys() if collection_list is None else collection_list
    for key in keys:
        items = graph.get_collection(key)
        collection = _collection_def(items) if items else None
        if collection is not None:
            meta.collection_def[key].CopyFrom(collection)
    return meta
