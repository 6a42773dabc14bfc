"""Static shape errors from op shape functions, with the node context TF's C++ shape inference adds.

TF reports a shape function's failure as "<reason> for '{{node NAME}} = TYPE[ATTRS](INPUTS)' with input
shapes: ...". An `infer` raises `ShapeFunctionError(reason)`; `apply_op`, which knows the node, completes
the message with `with_node_context` and raises the ValueError TF raises.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.tensor_shape import TensorShape


class ShapeFunctionError(ValueError):
    """A shape function's reason for rejecting its inputs, before the node context is added."""


def with_node_context(reason, op_type: str, name: str, inputs, attrs) -> ValueError:
    """TF's ValueError for a shape function failing on node `name` of `op_type` over `inputs`."""
    shown = ", ".join(_format_attr(key, value) for key, value in sorted(attrs.items()) if not key.startswith("_"))
    names = ", ".join(_input_name(x) for x in inputs)
    shapes = ", ".join(_format_shape(getattr(x, "shape", None)) for x in inputs)
    return ValueError(f"{reason} for '{{{{node {name}}}}} = {op_type}[{shown}]({names})' "
                      f"with input shapes: {shapes}.")


def _input_name(x) -> str:
    name = getattr(x, "name", "?")
    return name[:-2] if name.endswith(":0") else name  # NodeDef inputs drop the first output's ":0"


def _format_shape(shape) -> str:
    if not isinstance(shape, TensorShape) or shape.dims is None:
        return "?"
    return "[" + ",".join("?" if d.value is None else str(d.value) for d in shape.dims) + "]"


def _format_attr(key, value) -> str:
    if (key == "shape" or key.endswith("_shape")) and isinstance(value, (list, tuple)):
        value = TensorShape(value)  # a shape attr held as a list of dims: TF prints [2,?]
    return f"{key}={_format_value(value)}"


def _format_value(value) -> str:
    # TF's SummarizeAttrValue: DT_ enum names, quoted strings, lowercase bools, lists in brackets
    if isinstance(value, dtypes.DType):
        return dtypes.datatype_enum_name(value.base_dtype.name)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, TensorShape):
        return _format_shape(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_format_value(v) for v in value) + "]"
    if isinstance(value, float):
        return _format_float(value)
    return str(value)


def _format_float(value: float) -> str:
    # TF prints a float attr in the fewest digits (6, else 9) that read back as the same float32
    for digits in (6, 9):
        text = f"{value:.{digits}g}"
        if np.float32(text) == np.float32(value):
            return text
    return repr(value)


def check_mergeable(a: TensorShape, b: TensorShape) -> None:
    """Raises TF's ShapeFunctionError where shapes `a` and `b` cannot merge (InferenceContext::Merge)."""
    if a.ndims is None or b.ndims is None:
        return
    if a.ndims != b.ndims:
        raise ShapeFunctionError(f"Shapes must be equal rank, but are {a.ndims} and {b.ndims}")
    for i, (x, y) in enumerate(zip(a.dims, b.dims)):
        if x.value is not None and y.value is not None and x.value != y.value:
            raise ShapeFunctionError(f"Dimension {i} in both shapes must be equal, but are {x.value} and {y.value}. "
                                     f"Shapes are {_format_shape(a)} and {_format_shape(b)}.")
