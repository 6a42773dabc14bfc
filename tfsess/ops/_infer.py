"""Shared shape/dtype inference rules for op declarations."""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.tensor_shape import Dimension, TensorShape, unknown_shape


def same_as_input(index=0):
    """Output 0 has input `index`'s dtype (base) and shape."""
    def infer(inputs, attrs):
        t = inputs[index]
        return [(t.dtype.base_dtype, t.shape)]
    return infer


def unary(inputs, attrs):
    return [(inputs[0].dtype.base_dtype, inputs[0].shape)]


def no_outputs(inputs, attrs):
    return []


def from_attrs(dtype_attr="dtype", shape_attr="shape"):
    def infer(inputs, attrs):
        shape = attrs.get(shape_attr)
        return [(attrs[dtype_attr], TensorShape(shape) if shape is not None else unknown_shape())]
    return infer


def broadcast_shapes(a: TensorShape, b: TensorShape, op_name="") -> TensorShape:
    """NumPy broadcasting over partially known shapes; raises ValueError on a static mismatch."""
    if a.ndims is None or b.ndims is None:
        return unknown_shape()
    da, db = a.as_tuple_or_none(), b.as_tuple_or_none()
    n = max(len(da), len(db))
    da = (1,) * (n - len(da)) + da
    db = (1,) * (n - len(db)) + db
    out = []
    for x, y in zip(da, db):
        if x == 1:
            out.append(y)
        elif y == 1:
            out.append(x)
        elif x is None or y is None:
            out.append(x if y is None else y)
        elif x == y:
            out.append(x)
        else:
            raise ValueError(f"Dimensions must be equal, but are {x} and {y} for '{op_name}' "
                             f"with input shapes: {_fmt(a)}, {_fmt(b)}.")
    return TensorShape(out)


def _fmt(shape: TensorShape) -> str:
    if shape.ndims is None:
        return "?"
    return "[" + ",".join("?" if d is None else str(d) for d in shape.as_tuple_or_none()) + "]"


def check_same_dtype(inputs, op_type):
    first = inputs[0].dtype.base_dtype
    for i, t in enumerate(inputs[1:], 1):
        if t.dtype.base_dtype != first:
            raise TypeError(f"Input {i} of '{op_type}' Op has type {t.dtype.base_dtype.name} that does not "
                            f"match type {first.name} of argument 'x' ({inputs[0].name}).")
    return first


def binary(op_type, out_dtype=None):
    """Broadcasting binary op: inputs share a dtype; output dtype is theirs or `out_dtype`."""
    def infer(inputs, attrs):
        dtype = check_same_dtype(inputs, op_type)
        shape = broadcast_shapes(inputs[0].shape, inputs[1].shape, op_type)
        return [(out_dtype or dtype, shape)]
    return infer


def nary_same(op_type):
    def infer(inputs, attrs):
        dtype = check_same_dtype(inputs, op_type)
        shape = inputs[0].shape
        for t in inputs[1:]:
            shape = shape.merge_with(t.shape)
        return [(dtype, shape)]
    return infer


def dim(value):
    return Dimension(value)


__all__ = ["same_as_input", "unary", "no_outputs", "from_attrs", "broadcast_shapes", "binary",
           "nary_same", "check_same_dtype", "dtypes"]
