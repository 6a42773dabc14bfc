"""tf.graph_util: GraphDef surgery (extract_sub_graph, convert_variables_to_constants, ...).

These work on GraphDef messages, as TF's do; convert_variables_to_constants reads the variables'
values through a session's `run`.
"""
from __future__ import annotations

import copy

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.graph_def import attr_value
from tfsess.framework.tensor_shape import TensorShape

__all__ = ["convert_variables_to_constants", "extract_sub_graph", "must_run_on_cpu", "remove_training_nodes",
           "tensor_shape_from_node_def_name"]

# The ops must_run_on_cpu pins with pin_variables_on_cpu (TF's _VARIABLE_OPS).
_VARIABLE_OPS = frozenset({"Assign", "AssignAdd", "AssignSub", "Queue", "ScatterAdd", "ScatterSub", "ScatterUpdate",
                           "TruncatedNormal", "Variable", "VariableV2"})


def _node_name(name: str) -> str:
    """The op name in a NodeDef input string ('^x', 'x:1' -> 'x')."""
    return name.lstrip("^").split(":")[0]


def _check_graph_def(graph_def):
    if type(graph_def).__name__ != "GraphDef" or not hasattr(graph_def, "node"):
        raise TypeError(f"graph_def must be a graph_pb2.GraphDef proto, but got type {type(graph_def)}.")


def extract_sub_graph(graph_def, dest_nodes):
    """The GraphDef of the nodes `dest_nodes` need (themselves and everything they read), in order.

    Raises:
      TypeError: `graph_def` is not a GraphDef or `dest_nodes` is a string.
      AssertionError: a name in `dest_nodes` is not a node of `graph_def`.
    """
    _check_graph_def(graph_def)
    if isinstance(dest_nodes, str):
        raise TypeError(f"dest_nodes must be an iterable of strings, but got type {type(dest_nodes)}.")
    by_name = {n.name: n for n in graph_def.node}
    for name in dest_nodes:
        assert name in by_name, f"{name} is not in graph"
    keep, pending = set(), [_node_name(n) for n in dest_nodes]
    while pending:
        name = pending.pop()
        if name in keep:
            continue
        keep.add(name)
        pending.extend(_node_name(i) for i in by_name[name].input)
    out = type(graph_def)()
    out.node.extend(copy.deepcopy(n) for n in graph_def.node if n.name in keep)
    out.library.CopyFrom(graph_def.library)
    out.versions.CopyFrom(graph_def.versions)
    return out


def _variable_sources(sess, sub_graph):
    """{variable node name: the tensor to fetch its value}: a ref variable's own output, and for a
    resource variable the `<name>/Read/ReadVariableOp` its constructor made (as TF reads it), else a
    direct read of the handle in `sub_graph`."""
    sources = {}
    graph_ops = {op.name for op in sess.graph.get_operations()} if hasattr(sess, "graph") else set()
    for node in sub_graph.node:
        if node.op in ("Variable", "VariableV2"):
            sources[node.name] = node.name + ":0"
        elif node.op == "VarHandleOp" and node.name + "/Read/ReadVariableOp" in graph_ops:
            sources[node.name] = node.name + "/Read/ReadVariableOp:0"
    handles = {n.name for n in sub_graph.node if n.op == "VarHandleOp"}
    for node in sub_graph.node:
        if node.op == "ReadVariableOp" and node.input and _node_name(node.input[0]) in handles:
            sources.setdefault(_node_name(node.input[0]), node.name + ":0")
    return sources


def convert_variables_to_constants(sess, input_graph_def, output_node_names, variable_names_whitelist=None,
                                   variable_names_blacklist=None):
    """A frozen copy of the subgraph `output_node_names` need: its variables become Const nodes.

    Each variable's value is read with `sess.run`. As TF's converter, the constant then flows to the
    variable's readers: pass-through ops (Identity, Switch, Merge, Enter, ...) take its dtype in place
    of `resource`, ReadVariableOp becomes Identity, ResourceGather GatherV2 and ResourceGatherNd GatherNd.

    Args:
      sess: a Session holding the variables' values.
      input_graph_def: the GraphDef to freeze.
      output_node_names: the names of the nodes whose inputs are kept.
      variable_names_whitelist: only these variables are frozen (None: all).
      variable_names_blacklist: these variables are not frozen.
    """
    out = extract_sub_graph(input_graph_def, output_node_names)
    sources = _variable_sources(sess, out)
    chosen = [name for name in sources
              if (variable_names_whitelist is None or name in variable_names_whitelist)
              and (variable_names_blacklist is None or name not in variable_names_blacklist)]
    values = dict(zip(chosen, sess.run([sources[name] for name in chosen]))) if chosen else {}
    by_name = {node.name: node for node in out.node}
    readers = {}
    for node in out.node:
        for index, name in enumerate(i for i in node.input if not i.startswith("^")):
            readers.setdefault(_node_name(name), []).append((node, index))
    for name, value in values.items():
        node = by_name[name]
        dtype = node.attr["dtype"].type or dtypes.as_dtype(value.dtype).as_datatype_enum
        node.Clear()
        node.name, node.op = name, "Const"
        node.attr["dtype"].type = dtype
        node.attr["value"].CopyFrom(attr_value("value", _as_array(value, dtype)))
        _retype_readers(name, dtype, readers, out, set())
    return out


_PASS_THROUGH_OPS = frozenset({"Enter", "Exit", "Identity", "NextIteration", "Switch", "_SwitchN", "Merge",
                               "RefEnter", "RefExit", "RefIdentity", "RefNextIteration", "RefSwitch", "RefMerge"})


def _retype_readers(name, dtype, readers, graph_def, seen):
    """Makes the readers of the frozen value `name` read a `dtype` tensor instead of a variable."""
    for node, index in readers.get(name, ()):
        if (node.name, index) in seen:
            continue
        seen.add((node.name, index))
        if node.op in _PASS_THROUGH_OPS:
            _set_type(node, 0 if node.op in ("Merge", "RefMerge") else index, dtype)
            if "_output_shapes" in node.attr:
                del node.attr["_output_shapes"]
            _retype_readers(node.name, dtype, readers, graph_def, seen)
        elif node.op == "ReadVariableOp":
            _rewrite(node, "Identity", list(node.input[:1]), {"T": node.attr["dtype"]})
        elif node.op == "ResourceGatherNd":
            _rewrite(node, "GatherNd", list(node.input[:2]),
                     {"Tparams": node.attr["dtype"], "Tindices": node.attr["Tindices"]})
        elif node.op == "ResourceGather":
            _resource_gather_to_gather(node, graph_def)


def _set_type(node, index, dtype):
    attr = node.attr["T"]
    if attr.HasField("list"):
        if index < len(attr.list.type):
            attr.list.type[index] = dtype
            return
    elif index == 0:
        attr.type = dtype
        return
    raise ValueError(f"`index` {index:d} is out of range for node({node.name}).attr(T).")


def _rewrite(node, op, inputs, attrs):
    """Turns `node` into a `op` node of `inputs` and `attrs` (AttrValues), keeping its name and _class."""
    attrs = {k: copy.deepcopy(v) for k, v in attrs.items()}
    location = copy.deepcopy(node.attr["_class"]) if "_class" in node.attr else None
    name = node.name
    node.Clear()
    node.name, node.op = name, op
    node.input.extend(inputs)
    for key, value in attrs.items():
        node.attr[key].CopyFrom(value)
    if location is not None:
        node.attr["_class"].CopyFrom(location)


def _resource_gather_to_gather(node, graph_def):
    if node.attr["batch_dims"].i != 0:
        raise ValueError("batch_dims must be 0 for freeze_graph, but got "
                         f"node({node.name}).attr('batch_dims') = {node.attr['batch_dims'].i}.")
    axis_name = node.name + "/axis"
    index_type = copy.deepcopy(node.attr["Tindices"])
    if not any(n.name == axis_name for n in graph_def.node):
        axis = graph_def.node.add()
        axis.name, axis.op = axis_name, "Const"
        axis.attr["dtype"].CopyFrom(index_type)
        axis.attr["value"].CopyFrom(attr_value("value", _as_array(0, index_type.type)))
    _rewrite(node, "GatherV2", [node.input[0], node.input[1], axis_name],
             {"Tparams": node.attr["dtype"], "Tindices": index_type, "Taxis": index_type})


def _as_array(value, dtype_enum):
    return np.asarray(value, dtypes.as_dtype(dtype_enum).as_numpy_dtype)


def remove_training_nodes(input_graph, protected_nodes=None):
    """A copy of `input_graph`'s nodes without those only training needs, as TF's remove_training_nodes.

    CheckNumerics nodes are dropped, and so are the inputs that read them. Identity and StopGradient
    nodes are spliced out (their readers read the node's first input), except protected ones, ones
    with control inputs, ones named as a control input and ones others are colocated with. As TF's,
    the result holds only nodes (no library, no versions), and an Identity left without inputs by a
    dropped CheckNumerics raises IndexError.
    """
    protected = set(protected_nodes or ())
    removed = {n.name for n in input_graph.node if n.op == "CheckNumerics" and n.name not in protected}
    nodes = []
    for node in input_graph.node:
        if node.name in removed:
            continue
        kept = copy.deepcopy(node)
        del kept.input[:]
        kept.input.extend(i for i in node.input if i.lstrip("^") not in removed)
        nodes.append(kept)
    spliced = _splice_map(nodes, protected)
    out = type(input_graph)()
    for node in nodes:
        if node.name in spliced:
            continue
        inputs = list(node.input)
        del node.input[:]
        for full in inputs:
            while full.lstrip("^") in spliced:
                full = spliced[full.lstrip("^")]
            node.input.append(full)
        out.node.append(node)
    return out


def _splice_map(nodes, protected):
    """{name: its first input} of the Identity/StopGradient nodes remove_training_nodes splices out."""
    controls, with_controls, colocated = set(), set(), set()
    for node in nodes:
        for name in node.input:
            if "^" in name:
                controls.add(name.replace("^", ""))
                with_controls.add(node.name)
        if "_class" in node.attr:
            colocated.update(_colocated_name(s) for s in node.attr["_class"].list.s)
    spliced = {node.name: node.input[0] for node in nodes  # IndexError for an input-less one, as TF
               if node.op in ("Identity", "StopGradient") and node.name not in protected
               and node.name not in colocated and node.name not in with_controls}
    return {name: value for name, value in spliced.items() if name not in controls}


def _colocated_name(location):
    text = location.decode("utf-8")
    return text[len("loc:@"):] if text.startswith("loc:@") else text


def must_run_on_cpu(node, pin_variables_on_cpu=False):
    """Whether a NodeDef or Operation must run on the CPU (TF's rule: int32 and string values, variables
    when `pin_variables_on_cpu`)."""
    node_def = node.node_def if hasattr(node, "node_def") else node
    int32, string = dtypes.int32.as_datatype_enum, dtypes.string.as_datatype_enum
    if pin_variables_on_cpu and node_def.op in _VARIABLE_OPS:
        return True
    if node_def.op == "Const":
        return node_def.attr["dtype"].type in (int32, string)
    if node_def.op in ("DynamicStitch", "ParallelDynamicStitch"):
        return node_def.attr["T"].type == int32
    if node_def.op == "Cast":
        return node_def.attr["SrcT"].type == int32
    return False


def tensor_shape_from_node_def_name(graph, input_name):
    """The static shape of the tensor `input_name` ("op" meaning "op:0") of a Graph."""
    name = input_name if ":" in input_name else input_name + ":0"
    return TensorShape(graph.get_tensor_by_name(name).get_shape())
