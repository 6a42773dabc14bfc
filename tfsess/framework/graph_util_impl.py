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


def _read_variable_sources(sub_graph):
    """{variable node name: tensor name to fetch its value}, and the ReadVariableOps to turn into Identity."""
    sources, reads = {}, set()
    for node in sub_graph.node:
        if node.op in ("Variable", "VariableV2"):
            sources[node.name] = node.name + ":0"
    handles = {n.name for n in sub_graph.node if n.op == "VarHandleOp"}
    for node in sub_graph.node:
        if node.op == "ReadVariableOp" and node.input and _node_name(node.input[0]) in handles:
            sources.setdefault(_node_name(node.input[0]), node.name + ":0")
            reads.add(node.name)
    return sources, reads


def convert_variables_to_constants(sess, input_graph_def, output_node_names, variable_names_whitelist=None,
                                   variable_names_blacklist=None):
    """A frozen copy of the subgraph `output_node_names` need: its variables become Const nodes.

    Each variable's value is read with `sess.run`; reads of resource variables become Identity.

    Args:
      sess: a Session holding the variables' values.
      input_graph_def: the GraphDef to freeze.
      output_node_names: the names of the nodes whose inputs are kept.
      variable_names_whitelist: only these variables are frozen (None: all).
      variable_names_blacklist: these variables are not frozen.
    """
    sub_graph = extract_sub_graph(input_graph_def, output_node_names)
    sources, reads = _read_variable_sources(sub_graph)
    chosen = [name for name in sources
              if (variable_names_whitelist is None or name in variable_names_whitelist)
              and (variable_names_blacklist is None or name not in variable_names_blacklist)]
    values = dict(zip(chosen, sess.run([sources[name] for name in chosen]))) if chosen else {}
    out = type(sub_graph)()
    for node in sub_graph.node:
        frozen = out.node.add()
        if node.name in values:
            value = values[node.name]
            dtype = node.attr["dtype"].type or dtypes.as_dtype(value.dtype).as_datatype_enum
            frozen.name, frozen.op = node.name, "Const"
            frozen.attr["dtype"].type = dtype
            frozen.attr["value"].CopyFrom(attr_value("value", _as_array(value, dtype)))
            if node.device:
                frozen.device = node.device
        elif node.name in reads:
            frozen.CopyFrom(node)
            frozen.op = "Identity"
            frozen.attr["T"].type = node.attr["dtype"].type
            del frozen.attr["dtype"]
        else:
            frozen.CopyFrom(node)
    out.library.CopyFrom(sub_graph.library)
    out.versions.CopyFrom(sub_graph.versions)
    return out


def _as_array(value, dtype_enum):
    return np.asarray(value, dtypes.as_dtype(dtype_enum).as_numpy_dtype)


def remove_training_nodes(input_graph, protected_nodes=None):
    """A copy of `input_graph` without the nodes only training needs, as TF's remove_training_nodes.

    CheckNumerics nodes are dropped with the inputs that read them; Identity nodes are spliced
    out (their readers read the Identity's input), except protected ones, ones with control
    inputs and ones other nodes name as a control input.
    """
    protected = set(protected_nodes or ())
    removed = {n.name for n in input_graph.node if n.op == "CheckNumerics" and n.name not in protected}
    controls = {i[1:] for n in input_graph.node for i in n.input if i.startswith("^")}
    spliced = {n.name: n.input[0] for n in input_graph.node
               if n.op == "Identity" and n.name not in protected and n.name not in removed and n.input
               and not any(i.startswith("^") for i in n.input) and n.name not in controls}

    def forward(name):
        control = name.startswith("^")
        name = name.lstrip("^")
        while name in spliced:
            name = spliced[name]
        return "^" + name if control else name

    out = type(input_graph)()
    for node in input_graph.node:
        if node.name in removed or node.name in spliced:
            continue
        kept = out.node.add()
        kept.CopyFrom(node)
        del kept.input[:]
        kept.input.extend(forward(i) for i in node.input if i.lstrip("^") not in removed)
    out.library.CopyFrom(input_graph.library)
    out.versions.CopyFrom(input_graph.versions)
    return out


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
