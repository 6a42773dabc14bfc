"""A graph's function library: TF's FunctionDef messages and the function bodies tfsess runs.

A function body lives in the graph that holds it, as a loop body does: its argument placeholders
and ops are ordinary ops of that graph, recorded by the GraphFunction and hidden from the graph's
GraphDef (its library holds them as a FunctionDef instead). A call op feeds the placeholders and
runs a plan of the body. A FunctionDef imported from a GraphDef stays a message until an op refers
to it; its body is then instantiated under a fresh name scope, its references checked (unknown
inputs and returns, a function that calls itself).

Inside a FunctionDef a node's output is written `node:arg:index`: the op's output arg name, then the
index within that arg (op_output_names.json, recorded from TF's OpDefs), or an argument's name.
"""
from __future__ import annotations

import json
import os
import re
import weakref

from tfsess.framework import dtypes, importer
from tfsess.framework import graph_def as graph_def_lib
from tfsess.framework import graph as graph_lib
from tfsess.framework.op_signatures import SIGNATURES

_NAMES_TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "op_output_names.json")
with open(_NAMES_TABLE, encoding="utf-8") as _f:
    OUTPUT_NAMES = json.load(_f)  # op type -> TF's output arg names (absent: one arg named "output")


class GraphFunction:
    """One function of a graph's library, with its body instantiated in that graph.

    Attributes:
      name: the library name (FunctionDef signature name).
      graph: the graph holding the body's ops.
      inputs: the argument placeholders, then the placeholders standing for `captures`.
      outputs: the result tensors; output_names their FunctionDef names.
      captures: outer tensors a traced body reads (a call op passes them after the arguments).
      ops: the body's ops (placeholders included); control_outputs: ops a call must run.
      scope: the name scope of the body's ops, left out of the FunctionDef's node names.
    """

    def __init__(self, name, graph, inputs, outputs, ops, *, input_names=None, output_names=None,
                 captures=(), control_outputs=(), definition=None, attrs=None, scope=""):
        self.name, self.graph, self.scope = name, graph, scope
        self.inputs, self.outputs, self.ops = list(inputs), list(outputs), list(ops)
        self.captures = list(captures)
        self.input_names = list(input_names or [t.op.name.rsplit("/", 1)[-1] for t in self.inputs])
        self.output_names = list(output_names or [f"output_{i}" for i in range(len(self.outputs))])
        self.control_outputs = list(control_outputs)
        self.attrs = dict(attrs or {})
        self._definition = definition
        self.plans = weakref.WeakKeyDictionary()  # run plans, made by the call kernels (key: session)
        self.gradient = None  # (gradient function, ...), built on first use by the call ops' gradients

    @property
    def stateful(self) -> bool:
        return any(op._opdef.stateful for op in self.ops if op.type != "Placeholder")

    def referenced(self):
        """The library functions the body's ops name (call ops, If/While branches)."""
        found = {}
        for op in self.ops:
            for value in op._attrs.values():
                for item in (value if isinstance(value, list) else [value]):
                    if isinstance(item, GraphFunction):
                        found[item.name] = item
            if isinstance(getattr(op, "_function", None), GraphFunction):
                found[op.type] = op._function
        return list(found.values())

    def definition(self):
        """The FunctionDef message of this function (as imported, or written from the body)."""
        if self._definition is None:
            self._definition = function_def(self)
        return self._definition

    def _as_attr_name(self) -> str:
        return self.name

    def __repr__(self):
        return f"<GraphFunction {self.name}: {len(self.inputs)} inputs, {len(self.outputs)} outputs>"


# ------------------------------------------------------------------ output names
def _arg_counts(op):
    """How many tensors each output arg of `op` holds, per TF's OpDef and the op's attrs."""
    signature = SIGNATURES.get(op.type)
    if signature is None or len(signature[1]) <= 1:
        return [len(op.outputs)]
    attrs = dict(op._attrs)
    attrs.update(graph_def_lib.implicit_attrs(op, attrs))
    counts = []
    for arg in signature[1]:
        if arg.startswith("["):
            counts.append(len(attrs.get(arg[1:-1], ())))
        elif "*" in arg:
            counts.append(int(attrs.get(arg.split("*")[0], 0)))
        else:
            counts.append(1)
    return counts if sum(counts) == len(op.outputs) else [len(op.outputs)]


def _arg_names(op):
    function = getattr(op, "_function", None)
    if isinstance(function, GraphFunction):
        return function.output_names
    names = OUTPUT_NAMES.get(op.type, ["output"])
    return names if len(names) == len(_arg_counts(op)) else ["output"]


def output_ref(tensor, arg_names) -> str:
    """The FunctionDef name of `tensor`: an argument's name, or `node:arg:index`."""
    if tensor in arg_names:
        return arg_names[tensor]
    op, k = tensor.op, tensor.value_index
    for name, count in zip(_arg_names(op), _counts(op)):
        if k < count:
            return f"{_local_name(op)}:{name}:{k}"
        k -= count
    return f"{_local_name(op)}:output:{tensor.value_index}"


def _counts(op):
    return [1] * len(op.outputs) if getattr(op, "_function", None) is not None else _arg_counts(op)


def _local_name(op) -> str:
    scope = getattr(op, "_function_scope", "")
    return op.name[len(scope):] if scope and op.name.startswith(scope) else op.name


def _flat_index(op, arg: str, index: int):
    """The position among `op`'s outputs of `arg`'s tensor `index`, or None."""
    names = _arg_names(op)
    counts = _counts(op)
    if len(names) != len(counts):
        names, counts = ["output"], [len(op.outputs)]
    base = 0
    for name, count in zip(names, counts):
        if name == arg:
            return base + index if index < count else None
        base += count
    return None


# ------------------------------------------------------------------ GraphFunction -> FunctionDef
def function_def(function):
    """A FunctionDef message of a function whose body is instantiated (its ops, args and rets)."""
    from tfsess.protos import function_pb2  # optional dependency: protobuf
    fdef = function_pb2.FunctionDef()
    signature = fdef.signature
    signature.name = function.name
    arg_names = dict(zip(function.inputs, function.input_names))
    for t, name in zip(function.inputs, function.input_names):
        signature.input_arg.add(name=name, type=t.dtype.base_dtype.as_datatype_enum)
    for t, name in zip(function.outputs, function.output_names):
        signature.output_arg.add(name=name, type=t.dtype.base_dtype.as_datatype_enum)
    signature.is_stateful = function.stateful
    args = set(function.inputs)
    for op in function.ops:
        if op.outputs and op.outputs[0] in args:
            continue
        node = graph_def_lib.node_def(op)
        node.name = _local_name(op)
        del node.input[:]
        node.input.extend(output_ref(t, arg_names) for t in op.inputs)
        node.input.extend(sorted("^" + _local_name(c) for c in op.control_inputs if c in set(function.ops)))
        node.ClearField("device")
        fdef.node_def.append(node)
    for t, name in zip(function.outputs, function.output_names):
        fdef.ret[name] = output_ref(t, arg_names)
    for op in function.control_outputs:
        signature.control_output.append(_local_name(op))
        fdef.control_ret[_local_name(op)] = _local_name(op)
    for key, value in function.attrs.items():
        attr = graph_def_lib.attr_value(key, value)
        if attr is not None:
            fdef.attr[key].CopyFrom(attr)
    for i, t in enumerate(function.inputs):
        fdef.arg_attr[i].attr["_output_shapes"].list.shape.add().CopyFrom(
            graph_def_lib.attr_value("shape", t.shape).shape)
    return fdef


# ------------------------------------------------------------------ the library of a graph
def add_function(graph, function):
    """Adds `function` (and the functions its body names) to `graph`'s library (Graph._add_function).

    Raises:
      ValueError: another function of that name is in the library, as TF's message.
    """
    name = function_name(function)
    held = graph._functions.get(name)
    if held is function:
        return
    if held is not None and not _same_definition(held, function):
        raise ValueError(f"Cannot add function '{name}' because a different function with the "
                         "same name already exists.")
    if held is not None and isinstance(held, GraphFunction):
        return  # the same function, already instantiated
    graph._functions[name] = function
    if isinstance(function, GraphFunction):
        for other in function.referenced():
            add_function(graph, other)


def scope_name(function_name: str) -> str:
    """A valid name scope for the ops of the body of function `function_name`."""
    return re.sub(r"[^A-Za-z0-9_.\-]", "_", function_name).lstrip("_-") or "function"


def function_name(function) -> str:
    """The library name of a GraphFunction or a FunctionDef message."""
    return function.name if isinstance(function, GraphFunction) else function.signature.name


def _same_definition(a, b) -> bool:
    def message(f):
        return f.definition() if isinstance(f, GraphFunction) else f
    try:
        return message(a).SerializeToString(deterministic=True) == message(b).SerializeToString(deterministic=True)
    except AttributeError:
        return False


_INSTANTIATING = []  # the names of the functions whose bodies are being instantiated, outermost first


def get_function(graph, name):
    """The GraphFunction `name` of `graph`'s library, its body instantiated on first use, or None.

    Raises:
      ValueError: the function calls itself (directly or through others), or its body does not import.
    """
    entry = graph._functions.get(name)
    if entry is None or isinstance(entry, GraphFunction):
        return entry
    if name in _INSTANTIATING:
        chain = " -> ".join(_INSTANTIATING[_INSTANTIATING.index(name):] + [name])
        raise ValueError(f"Found recursive function call to '{name}' ({chain}): a function cannot call itself.")
    _INSTANTIATING.append(name)
    try:
        function = instantiate(graph, entry)
    finally:
        _INSTANTIATING.pop()
    graph._functions[name] = function
    return function


def import_library(graph, library):
    """Adds the FunctionDefs of a GraphDef's `library` to `graph` (bodies are instantiated when used)."""
    for fdef in library.function:
        add_function(graph, fdef)
    for gradient in getattr(library, "gradient", ()):
        graph._function_gradients[gradient.function_name] = gradient.gradient_func


def _resolve_attrs(graph, node, attrs):
    """Replaces function-valued attrs (`func`, lists of `func`) by the library's GraphFunctions (a name
    the library lacks stays a string: as in TF, the op imports and its run fails)."""
    for key, value in node.attr.items():
        kind = value.WhichOneof("value")
        if kind == "func":
            attrs[key] = get_function(graph, value.func.name) or value.func.name
        elif kind == "list" and value.list.func:
            attrs[key] = [get_function(graph, f.name) or f.name for f in value.list.func]
    return attrs


# call builders by op type, filled by the ops module of the call ops: (graph, node, prefix, inputs, controls,
# function) -> Operation, for a node whose op is a library function's name
call_builders = {}


def _create(graph, node, prefix, inputs, controls):
    """An op of one NodeDef: a registered op, or a call of a library function by its name."""
    function = None if node.op in importer.REGISTRY else graph._functions.get(node.op)
    if function is not None:
        function = get_function(graph, node.op)
        return call_builders["call"](graph, node, prefix, inputs, controls, function)
    return importer.create_node(graph, node, prefix, inputs, controls)


def instantiate(graph, fdef):
    """The body of FunctionDef `fdef` as ops of `graph`, under a fresh name scope.

    Raises:
      ValueError: an input or return naming no node or argument, a function calling itself, a
        polymorphic argument (a type attr left open).
    """
    from tfsess.protos import node_def_pb2  # optional dependency: protobuf
    signature = fdef.signature
    with graph.as_default(), graph.control_dependencies(None), graph.name_scope(None):
        prefix = graph.unique_name(scope_name(signature.name)) + "/"
        first = len(graph._ops)
        args, by_name = [], {}
        for i, arg in enumerate(signature.input_arg):
            if not arg.type:
                raise ValueError(f"Function '{signature.name}': argument '{arg.name}' has no fixed type "
                                 f"(type attr '{arg.type_attr or arg.type_list_attr}'); tfsess imports only "
                                 "instantiated functions.")
            placeholder = node_def_pb2.NodeDef(name=arg.name, op="Placeholder")
            placeholder.attr["dtype"].type = arg.type
            shapes = fdef.arg_attr[i].attr["_output_shapes"].list.shape if i in fdef.arg_attr else ()
            if len(shapes) == 1:
                placeholder.attr["shape"].shape.CopyFrom(shapes[0])
            else:
                placeholder.attr["shape"].shape.unknown_rank = True
            op = importer.create_node(graph, placeholder, prefix, [], [])
            graph.prevent_feeding(op.outputs[0])
            args.append(op.outputs[0])
            by_name[arg.name] = op.outputs[0]
        made = {}
        for node in _ordered(fdef, set(by_name)):
            inputs, controls = [], []
            for raw in node.input:
                value = _resolve_ref(raw, by_name, made, f"{{{{node {node.name}}}}}")
                (controls if raw.startswith("^") else inputs).append(value)
            op = _create(graph, node, prefix, inputs, controls)
            made[node.name] = op
        outputs = []
        for out in signature.output_arg:
            if out.name not in fdef.ret:
                raise ValueError(f"Function '{signature.name}' has no return value for output '{out.name}'")
            ref = fdef.ret[out.name]
            where = f"In function output {out.name}:{dtypes.as_dtype(out.type).name if out.type else '?'}"
            try:
                outputs.append(_resolve_ref(ref, by_name, made, where))
            except ValueError:
                raise ValueError(f"Return {out.name} -> {ref} is not found.\n\t{where}") from None
        control_outputs = [made[fdef.control_ret[n]] for n in signature.control_output
                           if fdef.control_ret.get(n) in made]
        ops = graph._ops[first:]
    for op in ops:
        op._function_scope = prefix
    return GraphFunction(signature.name, graph, args, outputs, ops, scope=prefix, input_names=[a.name for a in signature.input_arg],
                         output_names=[o.name for o in signature.output_arg], control_outputs=control_outputs,
                         definition=fdef, attrs={k: importer.attr_to_value(v) for k, v in fdef.attr.items()})


def _ordered(fdef, args):
    """The FunctionDef's nodes, each after the nodes it reads. Raises ValueError on unknown inputs."""
    def unknown(node, raw):
        if raw.lstrip("^").split(":")[0] not in args:
            raise ValueError(f"input {raw} is not found: {{{{node {node.name}}}}}")
    return importer.topological_order(
        fdef.node_def, lambda raw: raw.lstrip("^").split(":")[0], unknown,
        lambda node: f"Function '{fdef.signature.name}' has a cycle through node '{node.name}'")


def _resolve_ref(raw, args, made, where):
    """The tensor (or op, for `^node`) a FunctionDef input string names."""
    if raw.startswith("^"):
        op = made.get(raw[1:])
        if op is None:
            raise ValueError(f"input {raw} is not found: {where}")
        return op
    parts = raw.split(":")
    if len(parts) == 1 and raw in args:
        return args[raw]
    if len(parts) == 2 and parts[0] in args and parts[1] == "0":
        return args[parts[0]]
    if len(parts) == 3 and parts[0] in made and parts[2].isdigit():
        op = made[parts[0]]
        index = _flat_index(op, parts[1], int(parts[2]))
        if index is not None and index < len(op.outputs):
            return op.outputs[index]
    raise ValueError(f"input {raw} is not found: {where}")


def body_ops(graph):
    """The ops of `graph` that belong to a function body, or to the gradient function built from one
    (written as FunctionDefs, or rebuilt from them, not as nodes)."""
    functions = [f for f in graph._functions.values() if isinstance(f, GraphFunction) and f.graph is graph]
    functions += [f.gradient[0] for f in functions if f.gradient is not None]
    return {op for f in functions for op in f.ops}


def _node_writer(graph):
    """GraphDef writer hook: a function body's ops are written in the library, not as nodes."""
    hidden = body_ops(graph) if graph._functions else set()
    if not hidden:
        return None
    return lambda op, add_shapes: [] if op in hidden else None


graph_def_lib.node_writers.append(_node_writer)
graph_lib.library_ops_finders.append(body_ops)
importer.library_importer = import_library
importer.function_attrs = _resolve_attrs
importer.function_creator = _create
