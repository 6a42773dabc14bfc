"""Operation and Tensor: the nodes and edges of a Graph."""
from __future__ import annotations

from tfsess.framework import dtypes, graph_def, scopes
from tfsess.framework.default_session import run_using_default_session
from tfsess.framework.errors import OperatorNotAllowedInGraphError
from tfsess.framework.tensor_shape import TensorShape, as_shape


class Operation:
    """A node in a Graph that takes tensors in and produces tensors (tf.Operation)."""

    def __init__(self, graph, op_type, name, inputs, attrs, opdef, output_specs):
        self._graph = graph
        self._type = op_type
        self._name = name
        self._inputs = list(inputs)
        self._attrs = dict(attrs)
        self._opdef = opdef
        if graph._container and opdef.stateful and self._attrs.get("container") == "":
            self._attrs["container"] = graph._container  # tf.container, as TF applies it
        self._outputs = [SymbolicTensor(self, i, dtypes.as_dtype(dt), as_shape(sh))
                         for i, (dt, sh) in enumerate(output_specs)]
        state = graph._scope
        self._control_inputs = scopes.control_inputs_for(state.control_frames, {t.op for t in self._inputs})
        override = state.gradient_overrides.get(op_type)
        if override is not None:  # an attr as in TF: it travels with the GraphDef
            self._attrs["_gradient_op_type"] = override
        self._colocation = [op.name for op in state.colocation[-1:]]
        if state.colocation:  # as TF: every group of every op colocated with, sorted
            self._attrs["_class"] = sorted({g.decode() for c in state.colocation for g in c.colocation_groups()})
        self._device = ""
        self._device = graph._current_device(self)
        if state.colocation:  # the innermost colocated op that has a device gives it
            self._device = next((c.device for c in reversed(state.colocation) if c.device), self._device)
        self._id = graph._version + 1
        graph._add_op(self)
        scopes.note_created(state.control_frames, self)
        for t in self._inputs:
            t._consumers.append(self)

    # ------------------------------------------------------------- properties
    @property
    def name(self) -> str:
        return self._name

    @property
    def type(self) -> str:
        return self._type

    @property
    def graph(self):
        return self._graph

    @property
    def inputs(self):
        return tuple(self._inputs)

    @property
    def outputs(self):
        return list(self._outputs)

    @property
    def control_inputs(self):
        return list(self._control_inputs)

    @property
    def device(self) -> str:
        return self._device

    def _set_device(self, device):
        self._device = device.to_string() if hasattr(device, "to_string") else (device or "")

    def values(self):
        """The op's outputs as a tuple (TF's Operation.values())."""
        return tuple(self._outputs)

    @property
    def node_def(self):
        """This op as a NodeDef message (needs the optional protobuf package)."""
        return graph_def.node_def(self)

    def colocation_groups(self):
        groups = [c if isinstance(c, bytes) else str(c).encode() for c in self._attrs.get("_class", ()) or ()]
        return [c for c in groups if c.startswith(b"loc:@")] or [f"loc:@{self._name}".encode()]

    def get_attr(self, name):
        """The value of the attr `name`; raises ValueError if the op has no such attr.

        As in TF, a string attr comes back as bytes (a list of strings as a list of bytes). TF's
        attrs that tfsess ops leave implicit (`T`, `Tidx`, `N`, OpDef defaults) are derived as
        the op's GraphDef form writes them (graph_def.implicit_attrs).
        """
        value = self._attr(name)
        if isinstance(value, str):
            return value.encode("utf-8")
        if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
            return [v.encode("utf-8") for v in value]
        return value

    def _attr(self, name):
        """The attr `name` as tfsess stores it (strings as str), for code that builds ops from it."""
        if name in self._attrs:
            return self._attrs[name]
        implicit = graph_def.implicit_attrs(self, self._attrs)
        if name not in implicit:
            raise ValueError(f"Operation '{self._name}' has no attr named '{name}'.")
        return implicit[name]

    def _set_attr(self, name, value):
        self._attrs[name] = value

    def _add_control_input(self, op):
        if op not in self._control_inputs:
            self._control_inputs.append(op)
            self._graph._version += 1

    def _add_control_inputs(self, ops):
        for op in ops:
            self._add_control_input(op)

    def run(self, feed_dict=None, session=None):
        """Runs this op in `session` (or the default session). Returns None."""
        __tracebackhide__ = True  # IPython leaves this frame out of users' tracebacks
        run_using_default_session(self, feed_dict, self._graph, session)

    def __repr__(self):
        return f"<tf.Operation '{self._name}' type={self._type}>"

    def __str__(self):
        try:
            return str(self.node_def)  # the NodeDef in protobuf text format, as TF prints an op
        except ImportError:  # without the optional protobuf package
            return repr(self)


class Tensor:
    """A symbolic handle to one output of an Operation (tf.Tensor)."""

    __array_priority__ = 100
    _overloads = {}  # operator name -> function(tensor, other), filled by tfsess.ops.math_ops

    def __init__(self, op, value_index, dtype, shape):
        self._op = op
        self._value_index = value_index
        self._dtype = dtype
        self._shape = shape
        self._consumers = []

    @property
    def op(self) -> Operation:
        return self._op

    @property
    def graph(self):
        return self._op._graph

    @property
    def name(self) -> str:
        return f"{self._op._name}:{self._value_index}"

    @property
    def dtype(self):
        return self._dtype

    @property
    def value_index(self) -> int:
        return self._value_index

    @property
    def device(self) -> str:
        return self._op._device

    @property
    def shape(self) -> TensorShape:
        return self._shape

    def get_shape(self) -> TensorShape:
        return self._shape

    def set_shape(self, shape):
        """Merges `shape` into the static shape; raises ValueError if they are incompatible."""
        self._shape = self._shape.merge_with(as_shape(shape))
        self._op._graph._version += 1

    @property
    def ndim(self):
        return self._shape.ndims

    def consumers(self):
        return list(self._consumers)

    def eval(self, feed_dict=None, session=None):
        """Computes this tensor in `session` (or the default session) and returns its value."""
        __tracebackhide__ = True  # IPython leaves this frame out of users' tracebacks
        return run_using_default_session(self, feed_dict, self.graph, session)

    def _as_node_def_input(self):
        return self.name if self._value_index else self._op._name

    def __repr__(self):
        return f"<tf.Tensor '{self.name}' shape={self._shape} dtype={self._dtype.name}>"

    def __str__(self):
        shape = "" if self._shape.rank is None else f", shape={self._shape}"  # TF leaves an unknown rank out
        return f'Tensor("{self.name}"{shape}, dtype={self._dtype.name}{self._device_str()})'

    def _device_str(self):
        return f', device={self.device}' if self.device else ""

    # tf.enable_tensor_equality's flag: as in TF, graph tensors built outside eager mode still compare and
    # hash by identity whatever it says
    _USE_EQUALITY = False

    def __hash__(self):
        return id(self)  # as TF's graph tensors

    def __eq__(self, other):
        return self is other  # TF1 graph tensors compare by identity

    def __ne__(self, other):
        return self is not other

    def _disallow(self, task):
        raise OperatorNotAllowedInGraphError(
            f"{task} is not allowed. You can attempt the following resolutions to the problem: If you "
            "are running in Graph mode, use Eager execution mode or decorate this function with "
            "@tf.function. If you are using AutoGraph, you can try decorating this function with "
            "@tf.function. If that does not work, then you may be using an unsupported feature or your "
            "source code may not be visible to AutoGraph.")

    def __bool__(self):
        self._disallow("Using a symbolic `tf.Tensor` as a Python `bool`")

    def __iter__(self):
        # TF (graph mode) refuses to iterate any symbolic tensor, even one whose first dim is known
        self._disallow("Iterating over a symbolic `tf.Tensor`")

    def __len__(self):
        raise TypeError(f"len is not well defined for a symbolic Tensor ({self.name}). "
                        "Please call `x.shape` rather than `len(x)` for shape information.")

    def __array__(self, dtype=None, copy=None):
        raise NotImplementedError(f"Cannot convert a symbolic tf.Tensor ({self.name}) to a numpy array.")

    def __reduce__(self):
        raise TypeError("Tensors cannot be pickled; fetch their values with Session.run instead.")


class SymbolicTensor(Tensor):
    """A graph tensor: TF 2.21 names the class of graph-mode tf.Tensor objects SymbolicTensor."""


def _make_operator(name):
    def method(self, *args):
        return Tensor._overloads[name](self, *args)
    method.__name__ = name
    return method


for _name in ("__add__", "__radd__", "__sub__", "__rsub__", "__mul__", "__rmul__", "__truediv__",
              "__rtruediv__", "__floordiv__", "__rfloordiv__", "__mod__", "__rmod__", "__pow__", "__rpow__",
              "__matmul__", "__rmatmul__", "__neg__", "__abs__", "__invert__", "__and__", "__rand__",
              "__or__", "__ror__", "__xor__", "__rxor__", "__lt__", "__le__", "__gt__", "__ge__",
              "__getitem__", "__div__", "__rdiv__"):
    setattr(Tensor, _name, _make_operator(_name))

