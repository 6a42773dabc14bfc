"""Object tracking for object-based checkpoints: what an object depends on, and the object graph TF saves.

An object-based checkpoint (tf.train.Checkpoint) names each value by the path of attribute names
that leads to it from the root object, e.g. ``model/layer/kernel/.ATTRIBUTES/VARIABLE_VALUE``, and
stores the graph of objects itself as a TrackableObjectGraph proto under ``_CHECKPOINTABLE_OBJECT_GRAPH``.

Trackable objects here are: Variables (one value, ``VARIABLE_VALUE``); optimizers (their non-slot
variables by name, e.g. ``beta1_power``, and their slot variables, recorded against the variable
they belong to); `AutoTrackable` objects (tf.train.Checkpoint, tf.Module), which depend on their
attributes in the order they were assigned; tf.layers layers, which depend on their weights by
name (``kernel``, ``bias``); lists, tuples and dicts, which depend on their trackable elements by
index or key; and `PythonState` objects (one string value, ``py_state``).

Nodes are numbered as TF numbers them: a breadth-first walk from the root, children in order,
each object once; then the slot variables, slot name by slot name.
"""
from __future__ import annotations

import abc

from tfsess.ops.layers_base import Layer
from tfsess.ops.variables import Variable
from tfsess.train.optimizer import Optimizer

OBJECT_GRAPH_PROTO_KEY = "_CHECKPOINTABLE_OBJECT_GRAPH"
VARIABLE_VALUE_KEY = "VARIABLE_VALUE"
PYTHON_STATE_KEY = "py_state"
_ESCAPE_CHAR = "."
_OPTIMIZER_SLOTS_NAME = _ESCAPE_CHAR + "OPTIMIZER_SLOT"
_OBJECT_ATTRIBUTES_NAME = _ESCAPE_CHAR + "ATTRIBUTES"


class Trackable:
    """Base of objects that carry their own checkpoint dependencies (`_trackable_children`)."""

    def _trackable_children(self):
        """[(local name, child)] in the order TF lists them."""
        return []


class AutoTrackable(Trackable):
    """Depends on each attribute holding a trackable value, in the order the attributes were first set.

    Attributes whose names start with ``_self_`` are bookkeeping and never tracked; neither are values
    that hold no state (numbers, strings, tensors).
    """

    def __setattr__(self, name, value):
        super().__setattr__(name, value)
        if name.startswith("_self_"):
            return
        order = self.__dict__.setdefault("_self_tracked_names", [])
        if is_trackable(value):
            if name not in order:
                order.append(name)
        elif name in order:
            order.remove(name)

    def __delattr__(self, name):
        super().__delattr__(name)
        order = self.__dict__.get("_self_tracked_names", [])
        if name in order:
            order.remove(name)

    def _trackable_children(self):
        return [(name, self.__dict__[name]) for name in self.__dict__.get("_self_tracked_names", [])
                if name in self.__dict__]


class PythonState(Trackable, metaclass=abc.ABCMeta):
    """State held by a Python object, saved as one string (tf.train.experimental.PythonState).

    Subclasses give `serialize() -> str or bytes`, called when a checkpoint is written, and
    `deserialize(string_value)`, called with the saved bytes when it is restored.
    """

    @abc.abstractmethod
    def serialize(self):
        """The object's state as a string."""

    @abc.abstractmethod
    def deserialize(self, string_value):
        """Sets the object's state from `string_value`, what `serialize` returned."""


def is_trackable_object(value):
    """Whether `value` is an object a checkpoint can depend on (a container is not one on its own)."""
    return isinstance(value, (Variable, Optimizer, Trackable, Layer))


def is_trackable(value):
    """Whether a checkpoint depends on `value` when it is an attribute or an element of a container."""
    return is_trackable_object(value) or isinstance(value, (list, tuple, dict))


def escape_local_name(name):
    """A dependency's name as it appears in a checkpoint key: "." doubled, "/" written ".S"."""
    return name.replace(_ESCAPE_CHAR, _ESCAPE_CHAR * 2).replace("/", _ESCAPE_CHAR + "S")


def attribute_key(path, attribute=VARIABLE_VALUE_KEY):
    return f"{path}/{_OBJECT_ATTRIBUTES_NAME}/{attribute}"


def slot_variable_key(variable_path, optimizer_path, slot_name):
    return f"{variable_path}/{_OPTIMIZER_SLOTS_NAME}/{optimizer_path}/{escape_local_name(slot_name)}"


def children(obj, graph):
    """[(local name, child)] of `obj` (an optimizer's non-slot variables are those of `graph`)."""
    if isinstance(obj, Trackable):
        return [(name, child) for name, child in obj._trackable_children() if is_trackable(child)]
    if isinstance(obj, Optimizer):  # its non-slot variables by name, then what a subclass tracks
        non_slot = sorted(((name, var) for (name, var_graph), var in obj._non_slot_dict.items()
                           if var_graph is graph), key=lambda item: item[0])
        return non_slot + list(getattr(obj, "_trackable_children", list)())
    if isinstance(obj, Layer):  # a tf.layers layer: its weights by the names given to add_weight
        return [(v.op.name.rsplit("/", 1)[-1], v) for v in obj._trainable_weights + obj._non_trainable_weights]
    if isinstance(obj, (list, tuple)):
        return [(str(i), x) for i, x in enumerate(obj) if is_trackable(x)]
    if isinstance(obj, dict):
        return [(str(k), v) for k, v in obj.items() if is_trackable(v)]
    return []


class ObjectGraph:
    """The objects reachable from `root`, numbered as TF numbers them, with their paths and edges.

    `nodes[i]` is the object of node i; `paths[i]` its checkpoint path ("" for the root);
    `edges[i]` its [(local name, node id)]; `slots[i]` (for an optimizer) its
    [(original variable node id, slot name, slot variable node id)].
    """

    def __init__(self, root, graph):
        self.nodes, self.paths, self.edges, self.slots = [root], [""], [], {}
        ids = {id(root): 0}
        queue_position = 0
        while queue_position < len(self.nodes):
            obj, path = self.nodes[queue_position], self.paths[queue_position]
            queue_position += 1
            edges = []
            for name, child in children(obj, graph):
                if id(child) not in ids:
                    ids[id(child)] = len(self.nodes)
                    self.nodes.append(child)
                    escaped = escape_local_name(name)
                    self.paths.append(f"{path}/{escaped}" if path else escaped)
                edges.append((name, ids[id(child)]))
            self.edges.append(edges)
        self._add_slot_variables(ids)

    def _add_slot_variables(self, ids):
        non_slot = list(self.nodes)
        for opt_id, opt in enumerate(non_slot):
            if not isinstance(opt, Optimizer):
                continue
            for slot_name in opt.get_slot_names():
                for var_id, var in enumerate(non_slot):
                    slot = opt.get_slot(var, slot_name) if isinstance(var, Variable) else None
                    if slot is None:
                        continue
                    if id(slot) in ids:
                        raise NotImplementedError(
                            "A slot variable was re-used as a dependency of a Trackable object: "
                            f"{slot}. This is not currently allowed.")
                    ids[id(slot)] = len(self.nodes)
                    self.nodes.append(slot)
                    self.paths.append(slot_variable_key(self.paths[var_id], self.paths[opt_id], slot_name))
                    self.edges.append([])
                    self.slots.setdefault(opt_id, []).append((var_id, slot_name, ids[id(slot)]))

    def attributes(self, node_id):
        """[(attribute name, full name, checkpoint key)] of the values node `node_id` saves."""
        obj, path = self.nodes[node_id], self.paths[node_id]
        if isinstance(obj, Variable):
            return [(VARIABLE_VALUE_KEY, obj.op.name, attribute_key(path))]
        if isinstance(obj, PythonState):
            return [(PYTHON_STATE_KEY, "", attribute_key(path, PYTHON_STATE_KEY))]
        return []

    def to_proto(self):
        """The TrackableObjectGraph proto TF saves under `_CHECKPOINTABLE_OBJECT_GRAPH`."""
        from tfsess.protos import trackable_object_graph_pb2  # optional dependency: protobuf
        proto = trackable_object_graph_pb2.TrackableObjectGraph()
        for node_id in range(len(self.nodes)):
            node = proto.nodes.add()
            for name, child_id in self.edges[node_id]:
                node.children.add(node_id=child_id, local_name=name)
            for name, full_name, key in self.attributes(node_id):
                node.attributes.add(name=name, full_name=full_name, checkpoint_key=key)
            for original, slot_name, slot_id in self.slots.get(node_id, []):
                node.slot_variables.add(original_variable_node_id=original, slot_name=slot_name,
                                        slot_variable_node_id=slot_id)
        _mark_checkpoint_values(proto)
        return proto


def _mark_checkpoint_values(proto):
    """Sets each node's has_checkpoint_values: it saves a value, or one of its descendants does (as TF)."""
    parents, valued = {}, set()
    for node_id, node in enumerate(proto.nodes):
        if node.attributes or node.slot_variables or node.HasField("registered_saver"):
            valued.add(node_id)
        for child in node.children:
            parents.setdefault(child.node_id, set()).add(node_id)
    to_visit = set(valued)
    while to_visit:
        current = parents.pop(to_visit.pop(), set())
        valued.update(current)
        to_visit.update(p for p in current if p in parents)
    for node_id, node in enumerate(proto.nodes):
        node.has_checkpoint_values.value = node_id in valued


__all__ = []
