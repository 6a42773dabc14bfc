"""Building ops: apply_op (the one way an op enters a graph), tensor conversion, constant values."""
from __future__ import annotations

import contextlib
import re

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.graph import get_default_graph
from tfsess.framework.operation import Operation, Tensor
from tfsess.framework.registry import lookup
from tfsess.framework.shape_errors import ShapeFunctionError, with_node_context
from tfsess.framework.tensor_util import constant_value  # noqa: F401 - op modules import it from here

_VALID_OP_NAME = re.compile(r"^[A-Za-z0-9.][A-Za-z0-9_.\-/>]*$")

# type -> fn(value, dtype, name, as_ref) -> Tensor; TF's register_tensor_conversion_function
_CONVERSIONS: list = []
# set by array_ops: packs a list holding tensors into one tensor (TF's autopacking)
autopack_hook = None
_constant_builder = None  # `constant` of tfsess.ops.constant_op, registered there
# fn(op) called on each op apply_op creates, in order (TF's op callbacks; tf.debugging.enable_check_numerics)
op_callbacks: list = []


def apply_op(op_type: str, inputs, attrs=None, name=None, graph=None) -> Operation:
    """Creates an op of `op_type` in the inputs' graph, inferring its outputs. Returns the Operation."""
    opdef = lookup(op_type)
    attrs = attrs or {}
    graph = graph or graph_of(inputs)
    base = name if name is not None else op_type
    if not isinstance(base, str) or not _VALID_OP_NAME.match(base.rstrip("/") or "x"):
        raise ValueError(f"'{base}' is not a valid node name")
    if base.endswith("/"):
        full_name = base[:-1]  # a scope string given as a name is used exactly, as in TF
    else:
        full_name = graph.unique_name(base)
    try:
        specs = opdef.infer(list(inputs), attrs)
    except ShapeFunctionError as exc:
        raise with_node_context(exc, op_type, full_name, inputs, attrs) from None
    refs = [inputs[i] for i in opdef.ref_inputs if i < len(inputs) and _is_ref(inputs[i])]
    if refs:  # as TF: an op updating a variable in place is colocated with it, whatever the device scope
        with graph.colocate_with(refs[0].op):
            op = Operation(graph, op_type, full_name, inputs, attrs, opdef, specs)
    else:
        op = Operation(graph, op_type, full_name, inputs, attrs, opdef, specs)
    for callback in tuple(op_callbacks):
        callback(op)
    return op


def _is_ref(value) -> bool:
    return isinstance(value, Tensor) and value.dtype.is_ref_dtype


def apply1(op_type: str, inputs, attrs=None, name=None) -> Tensor:
    """apply_op for single-output ops: returns the output tensor."""
    return apply_op(op_type, inputs, attrs, name).outputs[0]


def graph_of(values):
    """The graph the tensors among `values` live in (all must agree), else the default graph."""
    graph = None
    for v in values:
        g = getattr(v, "graph", None) if isinstance(v, (Tensor, Operation)) else None
        if g is None:
            continue
        if graph is None:
            graph = g
        elif g is not graph:
            raise ValueError(f"Tensor {v.name} must be from the same graph as the other inputs.")
    return graph or get_default_graph()


@contextlib.contextmanager
def op_scope(name, default_name, values=()):
    """TF's `name_scope(name, default_name, values)`: enters the values' graph and a fresh scope."""
    graph = graph_of([v for v in _flatten(values)])
    with graph.as_default(), graph.name_scope(name or default_name) as scope:
        yield scope


def _flatten(values):
    for v in values or ():
        if isinstance(v, (list, tuple)):
            yield from _flatten(v)
        else:
            yield v


def register_tensor_conversion_function(base_type, conversion_func, priority=100):
    """Registers how objects of `base_type` become tensors (tf.register_tensor_conversion_function)."""
    _CONVERSIONS.append((priority, base_type, conversion_func))
    _CONVERSIONS.sort(key=lambda entry: entry[0])


def convert_to_tensor(value, dtype=None, name=None, preferred_dtype=None, as_ref=False, dtype_hint=None):
    """Converts a tensor-like value (Tensor, Variable, array, list, scalar) into a Tensor."""
    preferred_dtype = preferred_dtype or dtype_hint
    dtype = None if dtype is None else dtypes.as_dtype(dtype)
    if isinstance(value, Tensor):
        if dtype is not None and not dtype.is_compatible_with(value.dtype):
            raise ValueError(f"Tensor conversion requested dtype {dtype.name} for Tensor with dtype "
                             f"{value.dtype.base_dtype.name}: {value!r}")
        return value
    for _, base_type, fn in _CONVERSIONS:
        if isinstance(value, base_type):
            result = fn(value, dtype=dtype, name=name, as_ref=as_ref)
            if result is not NotImplemented:
                return convert_to_tensor(result, dtype=dtype)
    if isinstance(value, Operation):
        raise TypeError(f"Can't convert Operation '{value.name}' to Tensor (target dtype={dtype}, "
                        f"name={name!r}, as_ref={as_ref})")
    if isinstance(value, (list, tuple)) and autopack_hook is not None and _holds_tensor(value):
        return autopack_hook(value, dtype=dtype, name=name or "packed")
    if dtype is None and preferred_dtype is not None:
        try:
            return _constant(value, dtypes.as_dtype(preferred_dtype), name)
        except (TypeError, ValueError):
            pass
    return _constant(value, dtype, name)


def _holds_tensor(value) -> bool:
    return any(isinstance(v, Tensor) or (isinstance(v, (list, tuple)) and _holds_tensor(v)) for v in value)


def register_constant_builder(build) -> None:
    """Sets the `build(value, dtype=, name=)` that makes a Const op (tfsess.ops.constant_op registers it)."""
    global _constant_builder
    _constant_builder = build


def _constant(value, dtype, name):
    return _constant_builder(value, dtype=dtype, name=name or "Const")


def to_numpy(value, dtype=None) -> np.ndarray:
    """A Python/NumPy value as an ndarray of `dtype` (DType or None), with TF's conversion rules.

    Raises:
        TypeError: where TF refuses the conversion (a float for an int, an int out of range, ...).
    """
    if dtype is None:
        dtype = dtypes.infer_dtype(value)
    dtype = dtypes.as_dtype(dtype).base_dtype
    if dtype == dtypes.string:
        return _to_bytes_array(value)
    try:
        raw = np.asarray(value)
    except ValueError as exc:
        raise ValueError(f"Can't convert non-rectangular Python sequence to Tensor: {exc}") from None
    if raw.dtype.kind in "SUO" and raw.size:
        raise TypeError(f"Expected {dtype.name}, but got {value!r} of type '{type(value).__name__}'.")
    if dtype.is_integer and raw.dtype.kind in "fc" and raw.size and not isinstance(value, (np.ndarray, np.generic)):
        # TF refuses Python floats for an integer dtype, even whole ones (NumPy values are cast)
        raise TypeError(f"Expected {dtype.name}, but got {value!r} of type '{type(value).__name__}'.")
    if dtype.is_bool and raw.dtype.kind != "b" and raw.size:
        raise TypeError(f"Expected bool, but got {value!r} of type '{type(value).__name__}'.")
    if dtype.is_floating and raw.dtype.kind == "c":
        raise TypeError(f"Expected {dtype.name}, but got {value!r} of type '{type(value).__name__}'.")
    np_type = dtype.as_numpy_dtype
    # an integer out of the dtype's range wraps around, as TF's conversion (a NumPy cast) does
    return raw.astype(np_type, copy=False)


def _to_bytes_array(value) -> np.ndarray:
    raw = np.asarray(value, dtype=object)

    def encode(x):
        if isinstance(x, bytes):
            return x
        if isinstance(x, str):
            return x.encode("utf-8")
        if isinstance(x, np.bytes_):
            return bytes(x)
        raise TypeError(f"Expected string, but got {x!r} of type '{type(x).__name__}'.")

    out = np.empty(raw.shape, dtype=object)
    for idx, x in np.ndenumerate(raw):
        out[idx] = encode(x)
    return out


def _shape_dtype(what, dtype, wide):
    if dtype is None:
        return dtypes.int64 if wide else dtypes.int32
    if dtype not in (dtypes.int32, dtypes.int64):
        raise TypeError(f"Cannot convert {what} to dtype {dtype}. Allowed dtypes are tf.int32 and tf.int64.")
    if dtype == dtypes.int32 and wide:
        raise ValueError(f"Cannot convert {what} to dtype int32; a dimension is too large.")
    return dtype


def _tensor_shape_to_tensor(shape, dtype=None, name=None, as_ref=False):
    """TF's conversion of a fully known TensorShape: its dimensions as an int32 (int64 if needed) Const."""
    if not shape.is_fully_defined():
        raise ValueError(f"Cannot convert a partially known TensorShape {shape} to a Tensor.")
    dims = shape.as_list()
    dtype = _shape_dtype(f"TensorShape {shape}", dtype, any(d >= 2 ** 31 for d in dims))
    return _constant(dims, dtype, name or "shape_as_tensor")


def _dimension_to_tensor(dim, dtype=None, name=None, as_ref=False):
    if dim.value is None:
        raise ValueError(f"Cannot convert unknown Dimension {dim} to a Tensor.")
    return _constant(dim.value, _shape_dtype(f"Dimension {dim}", dtype, False), name or "shape_as_tensor")


def _register_shape_conversions():
    from tfsess.framework.tensor_shape import Dimension, TensorShape
    register_tensor_conversion_function(TensorShape, _tensor_shape_to_tensor)
    register_tensor_conversion_function(Dimension, _dimension_to_tensor)


_register_shape_conversions()
