"""What a tensor's value is while the graph is built: TF's tensor_util.constant_value and
constant_value_as_shape. Each op says how it is seen through in its OpDef (`foldable`,
`constant_value`, `partial_shape`); this module never names an op type.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework.operation import Tensor
from tfsess.framework.registry import REGISTRY, kernel_attrs
from tfsess.framework.tensor_shape import TensorShape, unknown_shape

FOLD_LIMIT = 1000  # elements; TF's shape refiner also folds only small constant subgraphs


def constant_value(tensor):
    """The value of `tensor` if it can be known while building the graph, else None."""
    if not isinstance(tensor, Tensor):
        return None
    opdef = REGISTRY.get(tensor.op.type)
    if opdef is None:
        return None
    if opdef.constant_value is not None:
        return opdef.constant_value(tensor)
    return fold(tensor) if opdef.foldable else None


def fold(tensor):
    """Runs the op's own NumPy kernel on its constant inputs (small values only); None if unknowable."""
    op = tensor.op
    cache = op.__dict__.setdefault("_folded_values", {})
    if "v" in cache:
        return cache["v"][tensor.value_index]
    if cache.get("failed_at") == op.graph.version:  # nothing changed since the last try
        return None
    cache["failed_at"] = op.graph.version
    if any((t.shape.num_elements() or 0) > FOLD_LIMIT for t in op.outputs):
        return None  # statically too big to fold (a long Range, a large Tile)
    args = []
    for t in op.inputs:
        v = constant_value(t)
        if v is None or np.size(v) > FOLD_LIMIT:
            return None
        args.append(np.asarray(v) if not isinstance(v, np.ndarray) else v)
    kernel = op._opdef.kernel
    try:
        with np.errstate(all="ignore"):
            out = kernel(np, *args, **kernel_attrs(kernel, op._attrs))
    except Exception:  # noqa: BLE001 - a value that fails at run time is simply not known statically
        return None
    values = [np.asarray(v) for v in (list(out) if len(op.outputs) != 1 else [out])]
    if any(v.size > FOLD_LIMIT for v in values):
        return None
    for v in values:
        v.flags.writeable = False
    cache["v"] = values
    return values[tensor.value_index]


def partial_shape(tensor):
    """The shape a 1-D shape-valued `tensor` denotes: list of int/None, or None if its length is unknown.

    Sees through what TF's shape refiner sees through: constants (-1 is unknown) and the ops whose
    OpDef has a `partial_shape` rule (Shape, Pack of scalars, ConcatV2 of shape vectors, Cast, ...).
    """
    value = constant_value(tensor)
    if value is not None:
        flat = np.asarray(value).reshape(-1)
        return [int(v) if v >= 0 else None for v in flat]
    opdef = REGISTRY.get(tensor.op.type)
    rule = opdef.partial_shape if opdef is not None else None
    if rule is not None:
        dims = rule(tensor)
        if dims is not None:
            return dims
    shape = tensor.shape
    if shape.ndims == 1 and shape[0].value is not None:
        return [None] * shape[0].value
    if shape.ndims == 0:
        return []  # a scalar shape tensor: treated as rank 0 only where TF allows it
    return None


def shape_from_tensor(tensor) -> TensorShape:
    """TF's constant_value_as_shape: the (partly known) shape a shape-valued tensor denotes."""
    dims = partial_shape(tensor)
    return unknown_shape() if dims is None else TensorShape(dims)
