"""tf.import_graph_def: the nodes of a GraphDef message as ops of a tfsess Graph.

Each NodeDef becomes an op of its registered type, named under an import scope, with its inputs
resolved (through `input_map` where mapped), its attrs converted from AttrValue messages to the
values tfsess ops hold (DType, list-of-dims shapes, ndarrays, lists) and its device kept; shape
inference runs as for any new op. TF attrs a kernel does not name are kept on the op (get_attr,
GraphDef export) and never passed to the kernel.
"""
from __future__ import annotations

from tfsess.framework import dtypes, errors
from tfsess.framework.graph import get_default_graph
from tfsess.framework.graph_def import fill_default_attrs
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.framework.op_signatures import SIGNATURES
from tfsess.framework.operation import Operation, Tensor
from tfsess.framework.registry import REGISTRY
from tfsess.framework.tensor_proto import make_ndarray
from tfsess.framework.versions import GRAPH_DEF_VERSION, GRAPH_DEF_VERSION_MIN_PRODUCER, VERSION

__all__ = ["import_graph_def"]

# The op types of TF1 loop frames and of a loop's gradient, which no single op imports: a GraphDef
# holding one is imported by `frame_importer(graph, nodes, prefix, mapped, made)`, which the ops
# module building while loops registers (it rebuilds each frame as a While op).
FRAME_OPS = frozenset({"Enter", "RefEnter", "Exit", "RefExit", "NextIteration", "RefNextIteration", "LoopCond",
                       "WhileGrad"})
frame_importer = None

# Hooks the function library (framework/function_library.py) fills: `library_importer(graph, library)`
# adds a GraphDef's FunctionDefs to the graph, `function_attrs(graph, node, attrs)` turns function-valued
# attrs into the library's functions, `function_creator(graph, node, prefix, inputs, controls)` makes a
# node's op (a call of a library function by its name included).
library_importer = None
function_attrs = None
function_creator = None


def _dims(shape_proto):
    """A TensorShapeProto as tfsess holds a shape attr: a list of int/None, or None for unknown rank."""
    if shape_proto.unknown_rank:
        return None
    dims = [int(d.size) for d in shape_proto.dim]
    if any(d < -1 for d in dims):
        raise ValueError(f"Shape {dims} has dimensions with values below -1 (where -1 means unknown)")
    return [None if d == -1 else d for d in dims]


def _tensor(tensor_proto):
    return make_ndarray(tensor_proto, read_only=True)  # constants are read-only, as tfsess's own Const values


def attr_to_value(attr):
    """The tfsess value of one AttrValue message (list attrs become Python lists)."""
    kind = attr.WhichOneof("value")
    if kind == "list":
        items = attr.list
        for field, convert in (("s", bytes.decode), ("i", int), ("f", float), ("b", bool),
                               ("type", dtypes.as_dtype), ("shape", _dims), ("tensor", _tensor)):
            values = getattr(items, field)
            if values:
                return [convert(v) for v in values]
        return []
    if kind == "s":
        return attr.s.decode("utf-8", "surrogateescape")
    if kind == "type":
        return dtypes.as_dtype(attr.type)
    if kind == "shape":
        return _dims(attr.shape)
    if kind == "tensor":
        return _tensor(attr.tensor)
    if kind in ("i", "f", "b"):
        return getattr(attr, kind)
    if kind == "func":
        return attr.func.name
    return None  # a placeholder attr (`placeholder`) or an unset value


def parse_input(name: str):
    """A NodeDef input string -> (op name, output index), index -1 for a `^control` input."""
    if name.startswith("^"):
        return name[1:], -1
    op_name, _, index = name.partition(":")
    if index and not (index.isascii() and index.isdigit()):
        raise ValueError(f"'{name}' is not a valid input name: the output index must be a number")
    return op_name, int(index) if index else 0


def _key(op_name: str, index: int) -> str:
    return "^" + op_name if index < 0 else f"{op_name}:{index}"


def _topological(nodes, mapped=()):
    """The nodes ordered so each comes after its inputs. Raises ValueError on unknown inputs (but those
    `mapped` gives) or cycles."""
    def unknown(node, raw):
        if _key(*parse_input(raw)) in mapped:
            return
        raise ValueError(f"Node '{node.name}': Unknown input node '{raw.lstrip('^')}'")
    return topological_order(nodes, lambda raw: parse_input(raw)[0], unknown,
                             lambda node: f"GraphDef cannot be imported: it has a cycle through node '{node.name}'")


def topological_order(nodes, node_name_of, unknown_input, cycle_message):
    """`nodes` (NodeDefs) ordered so each comes after the nodes it reads, depth first without recursion.

    `node_name_of(raw)` is the node an input string names; `unknown_input(node, raw)` is called for an
    input naming no node in `nodes` (it raises, or returns to let the input pass); a cycle raises
    ValueError(cycle_message(node)).
    """
    by_name = {n.name: n for n in nodes}
    order, state = [], {}  # state: 1 while a node's inputs are being ordered, 2 once it is placed
    for root in nodes:
        stack = [(root, False)]
        while stack:
            node, done = stack.pop()
            if done:
                state[node.name] = 2
                order.append(node)
                continue
            if state.get(node.name) == 2:
                continue
            if state.get(node.name) == 1:
                raise ValueError(cycle_message(node))
            state[node.name] = 1
            stack.append((node, True))
            for raw in node.input:
                name = node_name_of(raw)
                if name not in by_name:
                    unknown_input(node, raw)
                elif state.get(name) != 2:
                    stack.append((by_name[name], False))
    return order


def _check_input_map(input_map, graph, prefix):
    """{canonical key ("op:k" or "^op"): Tensor or Operation}; non-Tensor values become constants
    under `prefix`_inputs, as TF makes them."""
    mapped = {}
    if input_map is not None and not isinstance(input_map, dict):
        raise TypeError(f"Argument `input_map` must be a dictionary. Obtained {type(input_map).__name__}")
    for key, value in (input_map or {}).items():
        if not isinstance(key, str):
            raise TypeError(f"input_map keys must be strings, got {key!r}")
        op_name, index = parse_input(key)
        if index >= 0 and not isinstance(value, Tensor) and prefix:
            with graph.as_default(), graph.name_scope(prefix + "_inputs/"):
                value = convert_to_tensor(value)
        elif index >= 0 and not isinstance(value, Tensor):
            raise ValueError("tf.import_graph_def() requires a non-empty `name` if `input_map` contains "
                             "non-Tensor values. Try calling tf.convert_to_tensor() on `input_map` values "
                             "before calling tf.import_graph_def().")
        if getattr(value, "graph", graph) is not graph:
            raise ValueError(f"input_map value {value!r} is not an element of the default graph")
        mapped[_key(op_name, index)] = value
    return mapped


class NodeAlias:
    """A GraphDef node imported as part of another op (a loop's Exit is an output of its While op).

    `op` is what a control input on the node means (None: nothing), `outputs` its output tensors.
    """

    def __init__(self, op, outputs):
        self.op, self.outputs = op, list(outputs)


def resolve_input(mapped, made, node, raw):
    """The Tensor (or Operation, for "^name"; None for a control edge that means nothing here) that
    input string `raw` of `node` names, through `input_map` (`mapped`) or the ops `made` so far."""
    op_name, index = parse_input(raw)
    key = _key(op_name, index)
    if key in mapped:
        value = mapped[key]
        return value.op if index < 0 and isinstance(value, Tensor) else value
    op = made[op_name]
    if index < 0:
        return op.op if isinstance(op, NodeAlias) else op
    if index >= len(op.outputs):
        raise ValueError(f"Node '{node.name}': Connecting to invalid output {index} of source node {op_name} "
                         f"which has {len(op.outputs)} outputs.")
    return op.outputs[index]


def create_node(graph, node, prefix, inputs, controls):
    """The Operation of one NodeDef, named under `prefix`, with its resolved inputs and control inputs."""
    opdef = REGISTRY.get(node.op)
    if opdef is None:
        raise errors.NotFoundError(None, None, f"Op type not registered '{node.op}' in tfsess. Make sure the "
                                   "Op and Kernel are registered in the binary running in this process.")
    try:
        attrs = {key: attr_to_value(value) for key, value in node.attr.items()}
    except (TypeError, ValueError) as exc:  # a dtype number, shape or tensor no op can hold
        raise ValueError(f"Node '{node.name}' ({node.op}) has an attr that cannot be imported: {exc}") from None
    if function_attrs is not None:
        attrs = function_attrs(graph, node, attrs)
    # attrs the NodeDef leaves out take their OpDef defaults, as TF's importer fills them in
    defaults = SIGNATURES[node.op][2] if node.op in SIGNATURES else {}
    attrs = {**defaults, **{key: value for key, value in attrs.items() if value is not None}}
    try:
        if "_class" in attrs:  # colocation names move into the import scope with their ops
            attrs["_class"] = [c.replace("loc:@", "loc:@" + prefix, 1) for c in attrs["_class"]]
        specs = opdef.infer(list(inputs), attrs)
        op = Operation(graph, node.op, graph._reserve_name(prefix + node.name), inputs, attrs, opdef, specs)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, OverflowError) as exc:
        # a hostile node: too few inputs for its op, an attr of the wrong kind (a type where a tensor goes), ...
        raise ValueError(f"Node '{node.name}' ({node.op}) cannot be imported: {exc}") from exc
    op._add_control_inputs(controls)
    if node.device:
        op._set_device(node.device)
    return op


def check_versions(versions, kind="GraphDef", lower="graph"):
    """Raises TF's ValueError when a VersionDef says this TensorFlow version may not read the graph."""
    if versions is None:
        return
    upper = f"TensorFlow {VERSION}"
    if versions.producer < GRAPH_DEF_VERSION_MIN_PRODUCER:
        raise ValueError(f"{kind} producer version {versions.producer} below min producer "
                         f"{GRAPH_DEF_VERSION_MIN_PRODUCER} supported by {upper}.  Please regenerate your {lower}.")
    if versions.min_consumer > GRAPH_DEF_VERSION:
        raise ValueError(f"{kind} min consumer version {versions.min_consumer} above current version "
                         f"{GRAPH_DEF_VERSION} for {upper}.  Please upgrade TensorFlow.")
    if GRAPH_DEF_VERSION in versions.bad_consumers:
        raise ValueError(f"{kind} disallows consumer version {GRAPH_DEF_VERSION}.  Please upgrade TensorFlow: "
                         "this version is likely buggy.")


def _import_scope(graph, name) -> str:
    if name == "":
        return ""
    with graph.name_scope(name or "import") as scope:
        return scope


def _return(made, return_elements):
    """The imported Operations ("op") and Tensors ("op:k") that `return_elements` name."""
    out = []
    for element in return_elements:
        op_name, index = parse_input(element)
        kind = "tensor" if ":" in element else "node"
        if op_name not in made:
            raise ValueError(f"Requested return {kind} '{element}' not found in graph def")
        op = made[op_name]
        if kind == "tensor" and not 0 <= index < len(op.outputs):
            raise ValueError(f"Invalid return output {index} of node '{op_name}', which has "
                             f"{len(op.outputs)} output(s)")
        if kind == "node" and isinstance(op, NodeAlias):
            op = op.op  # the op the node became part of (a loop's While op)
            if op is None:
                raise ValueError(f"Requested return node '{element}' was imported as part of another op "
                                 "and has no operation of its own")
        out.append(op.outputs[index] if kind == "tensor" else op)
    return out


def import_graph_def(graph_def, input_map=None, return_elements=None, name=None, op_dict=None,
                     producer_op_list=None):
    """Imports the nodes of a GraphDef message into the default graph (tf.import_graph_def).

    Args:
      graph_def: a GraphDef message (tf.GraphDef, or any message with its fields).
      input_map: {tensor name in graph_def ("x:0", "x", or "^x" for control inputs): Tensor or
        Operation of the default graph} replacing those inputs.
      return_elements: names in graph_def ("op" or "op:k") whose imported Operations / Tensors
        are returned.
      name: the scope the imported names go under (default "import", made unique; "" for none).
      op_dict, producer_op_list: accepted for TF's signature; unused.

    Returns:
      The list of requested elements, or None when `return_elements` is None.

    Raises:
      TypeError: `graph_def` is not a GraphDef message.
      NotFoundError: a node's op type is not registered.
      ValueError: unknown inputs or return elements, input_map keys naming no node, a cycle, or a node
        whose inputs do not fit its op.
    """
    del op_dict, producer_op_list
    if not hasattr(graph_def, "node"):
        raise TypeError(f"graph_def must be a GraphDef proto, got {type(graph_def).__name__}")
    check_versions(getattr(graph_def, "versions", None))
    fill_default_attrs(graph_def)
    graph = get_default_graph()
    prefix = _import_scope(graph, name)
    mapped = _check_input_map(input_map, graph, prefix)
    nodes = {n.name: n for n in graph_def.node}
    missing = sorted(key for key in mapped if parse_input(key)[0] not in nodes)
    if missing:  # a key no node defines still counts when some node reads it ('$unbound_inputs_x' of a scoped export)
        read = {_key(*parse_input(raw)) for n in graph_def.node for raw in n.input}
        missing = [key for key in missing if key not in read]
    for element in return_elements or ():
        if parse_input(element)[0] not in nodes or element.startswith("^"):
            kind = "tensor" if ":" in element else "node"
            raise ValueError(f"Requested return {kind} '{element}' not found in graph def")
    made = {}
    first = len(graph._all_operations())
    functions = dict(graph._functions)
    try:
        library = getattr(graph_def, "library", None)
        if library is not None and (library.function or library.gradient):
            if library_importer is None:
                raise ValueError("GraphDef has a function library, which this build cannot import")
            library_importer(graph, library)
        if frame_importer is not None and any(n.op in FRAME_OPS for n in graph_def.node):
            frame_importer(graph, list(graph_def.node), prefix, mapped, made)
        else:
            for node in _topological(list(graph_def.node), mapped):
                resolved = [resolve_input(mapped, made, node, raw) for raw in node.input]
                inputs = [r for r, raw in zip(resolved, node.input) if not raw.startswith("^")]
                controls = [r for r, raw in zip(resolved, node.input) if raw.startswith("^")]
                made[node.name] = (function_creator or create_node)(graph, node, prefix, inputs, controls)
        result = _finish(graph, graph_def, made, return_elements)
    except Exception:
        remove_ops_since(graph, first)  # TF imports a GraphDef whole or not at all
        graph._functions.clear()
        graph._functions.update(functions)
        raise
    if missing:  # as TF, checked after the import, whose ops stay in the graph
        raise ValueError(f"Attempted to map inputs that were not found in graph_def: [{', '.join(missing)}]")
    return result


def _finish(graph, graph_def, made, return_elements):
    """The imported graph takes the GraphDef's versions in (as TF's import); the elements asked for."""
    versions = getattr(graph_def, "versions", None)
    if versions is not None:
        graph._merge_versions(versions)
    return None if return_elements is None else _return(made, return_elements)


def remove_ops_since(graph, first):
    """Takes the ops created from position `first` on back out of `graph` (a failed import)."""
    with graph._lock:
        removed = graph._ops[first:]
        del graph._ops[first:]
        for op in removed:
            graph._by_name.pop(op.name, None)
            for t in op._inputs:
                if op in t._consumers:
                    t._consumers.remove(op)
        graph._version += 1
