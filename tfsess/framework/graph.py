"""Graph: the op container, naming, collections, finalize, lookups, and the default-graph stack."""
from __future__ import annotations

import contextlib
import re
import threading

from tfsess.framework import scopes
from tfsess.framework.device_spec import canonical_name, merge_device
from tfsess.framework.graph_def import graph_to_graph_def, version_def
from tfsess.framework.versions import GRAPH_DEF_VERSION, GRAPH_DEF_VERSION_MIN_CONSUMER
from tfsess.framework.operation import Operation, Tensor

_VALID_OP_NAME = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$")
_VALID_SCOPE_NAME = re.compile(r"^[A-Za-z0-9_.\\/>-]*$")

# callables graph -> the ops of its function bodies, which get_operations leaves out (the function
# library fills this, as it fills graph_def.node_writers, so the framework names no op module)
library_ops_finders = []


class Graph:
    """A TensorFlow computation, as a set of Operations (tf.Graph)."""

    def __init__(self):
        self._lock = threading.RLock()
        self._ops = []
        self._by_name = {}
        self._names_in_use = {}
        self._collections = {}
        self._finalized = False
        self._version = 0        # bumped by every new op: run plans key on it
        self._unfeedable = set()
        self._unfetchable = set()
        self._scope_states = scopes.ScopeStates()
        self.seed = None
        self._building_function = False
        self._container = ""     # tf.container: the resource container stateful ops are created in
        self._functions = {}     # the function library: name -> GraphFunction, or a FunctionDef not yet used
        self._function_gradients = {}  # library gradient entries: function name -> its gradient function's name
        self._versions = None    # (producer, min_consumer, bad_consumers) once an import merged others in

    # ---------------------------------------------------------------- default graph
    def as_default(self):
        """Makes this graph the default graph of the calling thread, inside a `with` block."""
        return _default_graph_stack.get_controller(self)

    def switch_to_thread_local(self):
        """Makes the device, control-dependency and colocation stacks per thread (tf.Graph.switch_to_thread_local).

        Until called they are graph-wide, as in TF: a `tf.device` block opened in one thread also
        applies to ops another thread creates in this graph. After it, each thread starts from a copy
        of the graph-wide stacks as they stood. Name scopes are always per thread.
        """
        self._scope_states.switch_to_thread_local()

    # ---------------------------------------------------------------- ops
    def get_operations(self):
        """The graph's operations in creation order, as its GraphDef holds them: the ops of function
        bodies (dataset functions, tf.function bodies) belong to the library, not here, as in TF."""
        with self._lock:
            ops = list(self._ops)
        hidden = set().union(*(find(self) for find in library_ops_finders)) if self._functions else ()
        return [op for op in ops if op not in hidden] if hidden else ops

    def _all_operations(self):
        """Every operation this graph holds, function bodies included (what tfsess's own code walks)."""
        with self._lock:
            return list(self._ops)

    @property
    def version(self) -> int:
        return self._version

    @property
    def finalized(self) -> bool:
        return self._finalized

    def finalize(self):
        self._finalized = True

    def _unsafe_unfinalize(self):
        self._finalized = False

    def _check_not_finalized(self):
        if self._finalized:
            raise RuntimeError("Graph is finalized and cannot be modified.")

    def _add_op(self, op):
        with self._lock:
            self._check_not_finalized()
            self._ops.append(op)
            self._by_name[op.name] = op
            self._version += 1

    @property
    def _scope(self) -> scopes.ScopeState:
        return self._scope_states.state

    # ---------------------------------------------------------------- names
    def unique_name(self, name: str, mark_as_used: bool = True) -> str:
        """A name not yet used in this graph, in the current name scope (`name`, `name_1`, ...)."""
        scope = self._scope.name_stack
        if scope:
            name = scope + "/" + name
        key = name.lower()  # TF makes names unique case-insensitively
        with self._lock:
            count = self._names_in_use.get(key, 0)
            if mark_as_used:
                self._names_in_use[key] = count + 1
            if count > 0:
                base = name
                i = count
                while name.lower() in self._names_in_use:
                    name = f"{base}_{i}"
                    i += 1
                if mark_as_used:
                    self._names_in_use[name.lower()] = 1
        return name

    def get_name_scope(self) -> str:
        return self._scope.name_stack

    @contextlib.contextmanager
    def name_scope(self, name):
        """Opens a name scope; yields the scope string ending in '/' ('' at the root)."""
        state = self._scope
        old = state.name_stack
        if isinstance(name, bytes):
            name = name.decode("utf-8")
        if name:
            # as TF: inside a scope any scope-name character may start the name; at the root the
            # first character must be one an op name may start with
            pattern = _VALID_SCOPE_NAME if old else _VALID_OP_NAME
            if not isinstance(name, str) or not pattern.match(name):
                kind = "scope name" if old else "root scope name"
                raise ValueError(f"'{name}' is not a valid {kind}. A {kind} has to match the "
                                 f"following pattern: {pattern.pattern}")
        if name is None or name == "":
            new = ""
        elif name.endswith("/"):
            new = name[:-1]  # an absolute scope, reused as is
        else:
            new = self.unique_name(name)
        state.name_stack = new
        try:
            yield new + "/" if new else ""
        finally:
            state.name_stack = old

    # ---------------------------------------------------------------- devices
    @contextlib.contextmanager
    def device(self, device_name_or_function):
        """Sets the device for ops created in the block: a spec string, a function or None.

        Raises:
          ValueError: if a device string is malformed (checked on entering the block, as in TF).
        """
        entry = device_name_or_function
        if entry is not None and not callable(entry) or hasattr(entry, "to_string"):
            canonical_name(entry)  # validates
        with scopes.pushed(self._scope.devices, entry):
            yield

    def _current_device(self, op) -> str:
        # TF applies the scopes innermost first: a string scope fills in only the fields the op's
        # device does not set yet, a device function sees the device chosen so far and its result
        # replaces it as returned, and a None scope hides every scope outside it.
        device = ""
        for entry in reversed(self._scope.devices):
            if entry is None:
                break
            op._device = device
            device = _merge_device_scope(device, entry, op)
        return device

    @contextlib.contextmanager
    def container(self, container_name):
        """Stateful ops created in the block (variables, queues, readers) get `container_name` as their
        `container` attr, unless they set one (tf.Graph.container). Yields `container_name`."""
        original = self._container
        self._container = container_name
        try:
            yield container_name
        finally:
            self._container = original

    # ---------------------------------------------------------------- control dependencies
    def control_dependencies(self, control_inputs):
        """Ops created in the block run after `control_inputs`; None clears outer blocks.

        The inputs are checked on the call, before the block is entered, as TF's are."""
        ops = None if control_inputs is None else [self._as_control_op(c) for c in control_inputs]
        return self._control_frame(ops)

    @contextlib.contextmanager
    def _control_frame(self, ops):
        with scopes.pushed(self._scope.control_frames, scopes.ControlFrame(ops)):
            yield

    def _as_control_op(self, c):
        if hasattr(c, "_as_graph_element") and not isinstance(c, (Operation, Tensor)):
            c = c._as_graph_element()
        if hasattr(c, "op") and not isinstance(c, (Operation, Tensor)):  # IndexedSlices and friends
            c = c.op
        c = self.as_graph_element(c)  # as TF: names are looked up; other graphs' elements raise
        if isinstance(c, Tensor):
            c = c.op
        if not isinstance(c, Operation):
            raise TypeError(f"Control input must be Operation or Tensor: {c!r}")
        return c

    @contextlib.contextmanager
    def colocate_with(self, op, ignore_existing=False):
        """Places new ops with `op`. As TF, the block hides the device scopes around it (colocation is
        the stronger rule) and `ignore_existing` the colocations around it; op None needs ignore_existing."""
        if op is None and not ignore_existing:
            raise ValueError("Trying to reset colocation (op is None) but ignore_existing is not True")
        if isinstance(op, Tensor) or hasattr(op, "_as_graph_element"):
            op = op.op
        devices, colocation = self._scope.devices, self._scope.colocation  # in place: maybe graph-wide stacks
        saved_devices, saved_colocation = list(devices), list(colocation)
        devices.clear()
        if ignore_existing:
            colocation.clear()
        if op is not None:
            colocation.append(op)
        try:
            yield
        finally:
            devices[:] = saved_devices
            colocation[:] = saved_colocation

    @contextlib.contextmanager
    def gradient_override_map(self, op_type_map):
        """Maps op types to gradient names registered with tf.RegisterGradient, for new ops."""
        if not isinstance(op_type_map, dict):
            raise TypeError("op_type_map must be a dictionary mapping strings to strings")
        overrides = self._scope.gradient_overrides  # graph-wide, as in TF: restored in place
        saved = dict(overrides)
        for op_type, mapped in op_type_map.items():
            if not (isinstance(op_type, str) and isinstance(mapped, str)):
                # as TF: the entries before the bad one stay mapped
                raise TypeError("op_type_map must be a dictionary mapping strings to strings")
            overrides[op_type] = mapped
        try:
            yield
        finally:
            overrides.clear()
            overrides.update(saved)

    # ---------------------------------------------------------------- lookups
    def as_graph_element(self, obj, allow_tensor=True, allow_operation=True):
        """Returns the Tensor or Operation that `obj` (an object or a name) refers to."""
        if hasattr(obj, "_as_graph_element") and not isinstance(obj, (Operation, Tensor)):
            obj = obj._as_graph_element()
        if not allow_tensor and not allow_operation:
            raise ValueError("allow_tensor and allow_operation can't both be False.")
        types = " or ".join(t for t, ok in (("Tensor", allow_tensor), ("Operation", allow_operation)) if ok)
        if isinstance(obj, bytes):
            obj = obj.decode("utf-8")
        if isinstance(obj, str):
            return self._element_by_name(obj, allow_tensor, allow_operation, types)
        if isinstance(obj, Tensor) and allow_tensor:
            if obj.graph is not self:
                raise ValueError(f"Tensor {obj} is not an element of this graph.")
            return obj
        if isinstance(obj, Operation) and allow_operation:
            if obj.graph is not self:
                raise ValueError(f"Operation {obj} is not an element of this graph.")
            return obj
        raise TypeError(f"Can not convert a {type(obj).__name__} into a {types}.")

    def _element_by_name(self, name, allow_tensor, allow_operation, types):
        if ":" in name and allow_tensor:
            try:
                op_name, index = name.split(":")
                out_index = int(index)
            except ValueError:
                raise ValueError(f"The name {name!r} looks a like a Tensor name, but is not a valid one. "
                                 "Tensor names must be of the form \"<op_name>:<output_index>\".") from None
            op = self._by_name.get(op_name)
            if op is None:
                raise KeyError(f"The name {name!r} refers to a Tensor which does not exist. "
                               f"The operation, {op_name!r}, does not exist in the graph.")
            if not -len(op.outputs) <= out_index < len(op.outputs):  # Python indexing, as TF
                raise KeyError(f"The name {name!r} refers to a Tensor which does not exist. "
                               f"The operation, {op_name!r}, exists but only has {len(op.outputs)} outputs.")
            return op.outputs[out_index]
        if ":" in name:
            raise ValueError(f"Name {name!r} appears to refer to a Tensor, not a {types}.")
        if not allow_operation:
            if name in self._by_name:
                raise ValueError(f"The name {name!r} refers to an Operation, not a {types}. "
                                 "Tensor names must be of the form \"<op_name>:<output_index>\".")
            raise ValueError(f"The name {name!r} looks like an (invalid) Operation name, not a {types}. "
                             "Tensor names must be of the form \"<op_name>:<output_index>\".")
        if name not in self._by_name:
            raise KeyError(f"The name {name!r} refers to an Operation not in the graph.")
        return self._by_name[name]

    def get_operation_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError(f"Operation names are strings (or similar), not {type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=False, allow_operation=True)

    def get_tensor_by_name(self, name):
        if not isinstance(name, str):
            raise TypeError(f"Tensor names are strings (or similar), not {type(name).__name__}.")
        return self.as_graph_element(name, allow_tensor=True, allow_operation=False)

    # ---------------------------------------------------------------- feeding and fetching
    def prevent_feeding(self, tensor):
        self._unfeedable.add(tensor)
        self._version += 1  # cached run plans must re-check their feeds

    def is_feedable(self, tensor) -> bool:
        return tensor not in self._unfeedable

    def prevent_fetching(self, op):
        self._unfetchable.add(op)
        self._version += 1  # cached run plans must re-check their fetches

    def is_fetchable(self, tensor_or_op) -> bool:
        op = getattr(tensor_or_op, "op", tensor_or_op)
        return op not in self._unfetchable

    # ---------------------------------------------------------------- collections
    def add_to_collection(self, name, value):
        self._check_not_finalized()
        with self._lock:
            self._collections.setdefault(name, []).append(value)

    def add_to_collections(self, names, value):
        names = (names,) if isinstance(names, str) else set(names)
        for name in names:
            self.add_to_collection(name, value)

    def get_collection_ref(self, name):
        with self._lock:
            return self._collections.setdefault(name, [])

    def get_collection(self, name, scope=None):
        with self._lock:
            items = list(self._collections.get(name, ()))
        if scope is None:
            return items
        pattern = re.compile(scope)
        return [item for item in items if hasattr(item, "name") and pattern.match(item.name)]

    def get_all_collection_keys(self):
        with self._lock:
            return [k for k, v in self._collections.items() if isinstance(k, str)]

    def clear_collection(self, name):
        with self._lock:
            self._collections.pop(name, None)

    # ---------------------------------------------------------------- serialisation
    def as_graph_def(self, from_version=None, add_shapes=False):
        """This graph as a GraphDef message (needs the optional protobuf package).

        Args:
          from_version: accepted for TF's signature; as in TF 2.21, every op is written whatever it is.
          add_shapes: also write each op's output shapes as its `_output_shapes` attr.
        """
        del from_version
        with self._lock:
            return graph_to_graph_def(self, add_shapes=add_shapes)

    @property
    def graph_def_versions(self):
        """The VersionDef message of this graph's GraphDefs (TF 2.21's, merged with imported GraphDefs')."""
        return version_def(self._versions)

    def _merge_versions(self, versions):
        """Merges an imported GraphDef's VersionDef in, as TF's import does: the lowest producer, the
        highest min_consumer, every bad consumer."""
        producer, min_consumer, bad = self._versions or (GRAPH_DEF_VERSION, GRAPH_DEF_VERSION_MIN_CONSUMER, ())
        self._versions = (min(producer, versions.producer), max(min_consumer, versions.min_consumer),
                          tuple(bad) + tuple(b for b in versions.bad_consumers if b not in bad))

    def _reserve_name(self, name: str) -> str:
        """An imported node's op name, marked as used: `name`, or `name_1`, ... when an op has it (TF's import)."""
        with self._lock:
            base, i = name, 1
            while name in self._by_name:
                name, i = f"{base}_{i}", i + 1
            self._names_in_use.setdefault(name.lower(), 1)
            return name

    # ---------------------------------------------------------------- function library
    def _is_function(self, name) -> bool:
        return name in self._functions

    def _get_function(self, name):
        """The library function `name` (framework/function_library.GraphFunction, or its FunctionDef), or None."""
        return self._functions.get(name)

    @property
    def building_function(self) -> bool:
        return self._building_function

    def __repr__(self):
        return f"<tfsess.Graph object at {id(self):#x} with {len(self._ops)} ops>"


def _merge_device_scope(current: str, entry, op) -> str:
    """Applies one `tf.device` entry (spec string, DeviceSpec or function) under `current`.

    `current` is what the scopes inside this one chose: its set fields win over a spec's.
    """
    if callable(entry) and not isinstance(entry, str) and not hasattr(entry, "to_string"):
        result = entry(op)  # a device function, e.g. replica_device_setter
        if result is None:
            return current
        return result.to_string() if hasattr(result, "to_string") else str(result)
    if not canonical_name(entry):
        return current  # a null merge ('' or an empty DeviceSpec) leaves the device as it is
    return merge_device(entry, current) if current else canonical_name(entry)


# -------------------------------------------------------------------- default graph stack
class _DefaultGraphStack(threading.local):
    """Per-thread stack of default graphs; each thread starts with a fresh base graph."""

    def __init__(self):
        self.stack = []
        self.base = None

    def get_default(self) -> Graph:
        if self.stack:
            return self.stack[-1]
        if self.base is None:
            self.base = Graph()
        return self.base

    def reset(self):
        if self.stack:
            raise AssertionError("Do not use tf.reset_default_graph() to clear nested graphs. "
                                 "If you need a cleared graph, exit the nesting and create a new graph.")
        self.base = None

    @contextlib.contextmanager
    def get_controller(self, graph):
        self.stack.append(graph)
        try:
            yield graph
        finally:
            # as TF: leaving an outer block while an inner one is open raises and leaves the stack as is
            if self.stack:
                if self.stack[-1] is not graph:
                    raise AssertionError(f"Nesting violated for default stack of {type(graph)} objects")
                self.stack.pop()


_default_graph_stack = _DefaultGraphStack()


def get_default_graph() -> Graph:
    """The default graph of the calling thread."""
    return _default_graph_stack.get_default()


def default_graph_used() -> bool:
    """Whether the calling thread has made its base default graph (TF's "graph mode has been used")."""
    return _default_graph_stack.base is not None


def reset_default_graph():
    """Clears the calling thread's default graph. Raises AssertionError inside a nested graph."""
    _default_graph_stack.reset()
