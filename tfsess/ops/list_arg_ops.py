"""tf.shape_n and tf.identity_n as TF builds them: one ShapeN or IdentityN op over the whole list (IdentityN
is registered beside tf.custom_gradient, which overrides its gradient)."""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import custom_gradient  # noqa: F401 - registers IdentityN

_SHAPE_TYPES = (dtypes.int32, dtypes.int64)


def _shape_n_infer(inputs, attrs):
    return [(attrs["out_type"], TensorShape([t.shape.ndims])) for t in inputs]


@register_op("ShapeN", infer=_shape_n_infer, no_gradient=True)
def _shape_n(xp, *inputs, out_type):
    shapes = tuple(xp.asarray(np.asarray(np.shape(x), dtype=out_type.as_numpy_dtype)) for x in inputs)
    return shapes[0] if len(shapes) == 1 else shapes


def _list_arg(op_type, value):
    if isinstance(value, Tensor) or not isinstance(value, (list, tuple)):
        raise TypeError(f"Expected list for 'input' argument to '{op_type}' Op, not {value}.")
    return [convert_to_tensor(v) for v in value]


def shape_n(input, out_type=dtypes.int32, name=None):  # noqa: A002 - TF's argument name
    """The shapes of the tensors in `input`, one 1-D tensor each, from one ShapeN op (tf.shape_n).

    Raises:
        ValueError: `input` is empty.
        TypeError: `input` is no list, its tensors differ in dtype, or `out_type` is not int32/int64.
    """
    out_type = dtypes.as_dtype(out_type)
    if out_type not in _SHAPE_TYPES:
        raise TypeError(f"Value passed to parameter 'out_type' has DataType {out_type.name} not in list of allowed "
                        f"values: int32, int64")
    with op_scope(name, "ShapeN", input if isinstance(input, (list, tuple)) else [input]) as scope:
        tensors = _list_arg("ShapeN", input)
        if not tensors:
            raise ValueError("List argument 'input' to 'ShapeN' Op with length 0 shorter than minimum length 1.")
        kinds = [t.dtype.base_dtype for t in tensors]
        if any(k != kinds[0] for k in kinds):
            raise TypeError(f"Tensors in list passed to 'input' of 'ShapeN' Op have types "
                            f"[{', '.join(k.name for k in kinds)}] that don't all match.")
        return list(apply_op("ShapeN", tensors, {"out_type": out_type}, name=scope).outputs)


def identity_n(input, name=None):  # noqa: A002
    """Each tensor of `input` passed through one IdentityN op (tf.identity_n); the gradient passes through.

    Raises:
        ValueError: `input` is empty.
        TypeError: `input` is no list.
    """
    with op_scope(name, "IdentityN", input if isinstance(input, (list, tuple)) else [input]) as scope:
        tensors = _list_arg("IdentityN", input)
        if not tensors:
            raise ValueError("Attr 'T' of 'IdentityN' Op passed list of length 0 less than minimum 1.")
        return list(apply_op("IdentityN", tensors, {}, name=scope).outputs)


__all__ = ["identity_n", "shape_n"]
