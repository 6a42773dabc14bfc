"""Operation and Tensor: the nodes and edges of a Graph."""
from __future__ import annotations

from tfsess.framework import dtypes, scopes
from tfsess.framework.default_session import run_using_default_session
from tfsess.framework.errors import OperatorNotAllowedInGraphError
from tfsess.framework.tensor_shape import TensorShape, as_shape


class NodeDef:
    """A read-only view of an op in GraphDef form: name, op, input, device, attr."""

    __slots__ = ("name", "op", "input", "device", "attr")

    def __init__(self, name, op, inputs, device, attr):
        self.name, self.op, self.input, self.device, self.attr = name, op, inputs, device, attr

    def __repr__(self):
        lines = [f'name: "{self.name}"', f'op: "{self.op}"']
        lines += [f'input: "{i}"' for i in self.input]
        if self.device:
            lines.append(f'device: "{self.device}"')
        return "\n".join(lines)


class AttrValue:
    """A read-only view of one node attr in TF's AttrValue form (b, i, f, s, type); `value` is raw."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    @property
    def b(self) -> bool:
        return self.value if isinstance(self.value, bool) else False

    @property
    def i(self) -> int:
        v = self.value
        return int(v) if isinstance(v, int) and not isinstance(v, bool) else 0

    @property
    def f(self) -> float:
        return float(self.value) if isinstance(self.value, float) else 0.0

    @property
    def s(self) -> bytes:
        v = self.value
        return v.encode() if isinstance(v, str) else v if isinstance(v, bytes) else b""

    @property
    def type(self) -> int:
        return self.value.as_datatype_enum if isinstance(self.value, dtypes.DType) else 0

    def __repr__(self):
        return f"AttrValue({self.value!r})"


class GraphDef:
    """A snapshot of a graph's nodes (tf.GraphDef), enough to list and inspect them."""

    def __init__(self, nodes):
        self.node = nodes

    def __len__(self):
        return len(self.node)

    def __repr__(self):
        return "\n".join("node {\n  " + repr(n).replace("\n", "\n  ") + "\n}" for n in self.node)


class Operation:
    """A node in a Graph that takes tensors in and produces tensors (tf.Operation)."""

    def __init__(self, graph, op_type, name, inputs, attrs, opdef, output_specs):
        self._graph = graph
        self._type = op_type
        self._name = name
        self._inputs = list(inputs)
        self._attrs = dict(attrs)
        self._opdef = opdef
        self._outputs = [SymbolicTensor(self, i, dtypes.as_dtype(dt), as_shape(sh))
                         for i, (dt, sh) in enumerate(output_specs)]
        state = graph._scope
        self._control_inputs = scopes.control_inputs_for(state.control_frames, {t.op for t in self._inputs})
        self._gradient_override = state.gradient_overrides.get(op_type)
        self._colocation = [op.name for op in state.colocation[-1:]]
        if state.colocation:
            self._attrs["_class"] = [f"loc:@{state.colocation[-1]._colocation_root()}"]
        self._device = ""
        self._device = graph._current_device(self)
        if state.colocation:
            self._device = state.colocation[-1].device or self._device
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
    def node_def(self) -> NodeDef:
        inputs = [t.name if t.value_index else t.op.name for t in self._inputs]
        inputs += ["^" + op.name for op in self._control_inputs]
        attrs = {k: AttrValue(v) for k, v in self._attrs.items()}
        return NodeDef(self._name, self._type, inputs, self._device, attrs)

    def _colocation_root(self) -> str:
        cls = self._attrs.get("_class")
        return cls[0][len("loc:@"):] if cls else self._name

    def colocation_groups(self):
        return [f"loc:@{self._colocation_root()}".encode()]

    def get_attr(self, name):
        """The value of the attr `name`; raises ValueError if the op has no such attr."""
        if name not in self._attrs:
            raise ValueError(f"Operation '{self._name}' has no attr named '{name}'.")
        return self._attrs[name]

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
        run_using_default_session(self, feed_dict, self._graph, session)

    def __repr__(self):
        return f"<tf.Operation '{self._name}' type={self._type}>"

    def __str__(self):
        return repr(self.node_def)


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
        return run_using_default_session(self, feed_dict, self.graph, session)

    def _as_node_def_input(self):
        return self.name if self._value_index else self._op._name

    def __repr__(self):
        return f"<tf.Tensor '{self.name}' shape={self._shape} dtype={self._dtype.name}>"

    def __str__(self):
        return f'Tensor("{self.name}", shape={self._shape}, dtype={self._dtype.name}{self._device_str()})'

    def _device_str(self):
        return f', device={self.device}' if self.device else ""

    __hash__ = object.__hash__

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

