"""TF 1.x op types of math and array ops that later TF versions replaced, for imported GraphDefs.

Div, Mod, Inv, Concat (concat_dim first), Gather (axis 0), Reverse (a bool per dim), BatchMatMul,
BiasAddV1, PlaceholderV2, Variable, Snapshot, DeepCopy, Copy/CopyHost, MatrixDiag/MatrixDiagPart/
MatrixSetDiag (the main diagonal) and their V2 forms (LEFT_LEFT alignment): each is the newer op's
kernel with TF's own shape rules and gradient. tfsess's own functions build the newer types; these
exist so graphs written by old TF versions import and run.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op
from tfsess.framework.registry import lookup, register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import array_ops, constant_op, gather_ops, linalg_ops, matrix_ops, nn_ops, stack_ops, state_ops
from tfsess.ops._infer import INDEX, binary, check_dtype, fmt_shape, host, same_as_input
from tfsess.ops.math_ops import truncated_quotient
from tfsess.ops.legacy_aliases import OpView, register_alias

__all__ = []

_HERE = __file__
_REGISTERING = (gather_ops, linalg_ops, nn_ops, stack_ops, state_ops)  # the newer types exist before their aliases

# ------------------------------------------------------------------ same inputs, same attrs
for _old, _new in (("BatchMatMul", "BatchMatMulV2"), ("PlaceholderV2", "Placeholder"), ("Variable", "VariableV2"),
                   ("Inv", "Reciprocal")):
    register_alias(_old, _new, where=_HERE)
register_alias("BiasAddV1", "BiasAdd", attrs={"data_format": "NHWC"}, where=_HERE)  # v1 had no data_format

# V2 of the diagonal ops: V3's inputs, always LEFT_LEFT (V3 added `align`, default RIGHT_LEFT)
for _old in ("MatrixDiagV2", "MatrixDiagPartV2", "MatrixSetDiagV2"):
    register_alias(_old, _old[:-2] + "V3", attrs={"align": "LEFT_LEFT"}, where=_HERE)

# Concat(concat_dim, values...): ConcatV2(values..., axis)
register_alias("Concat", "ConcatV2", order=lambda n: list(range(1, n)) + [0], where=_HERE)


# ------------------------------------------------------------------ Div, Mod
def _int_divisor_checked(xp, x, y):
    """TF's Div and Mod refuse an integer zero divisor (an InvalidArgumentError, unlike TruncateDiv's)."""
    if y.dtype.kind in "iu" and xp.size(x) and xp.size(y) and xp.any(y == 0):
        raise errors.InvalidArgumentError(None, None, "Integer division by zero")


def _div_kernel(xp, x, y):
    """C++ division: integers truncate toward zero (and refuse a zero divisor), the rest divide."""
    if x.dtype.kind in "iu":
        _int_divisor_checked(xp, x, y)
        return truncated_quotient(xp, x, y)
    return lookup("RealDiv").kernel(xp, x, y)


@register_op("Mod", infer=binary("Mod", (dtypes.int32, dtypes.int64, dtypes.float16, dtypes.bfloat16, dtypes.float32,
                                        dtypes.float64)))
def _mod(xp, x, y):
    """C++ remainder (truncated toward zero), fmod for floating point."""
    _int_divisor_checked(xp, x, y)
    with np.errstate(all="ignore"):
        return xp.fmod(x, y)


@register_op("Div", infer=binary("Div"))
def _div(xp, x, y):
    return _div_kernel(xp, x, y)


@_div.gradient
def _div_grad(op, grad):
    return lookup("RealDiv").grad(op, grad)


# ------------------------------------------------------------------ Gather (axis 0)
def _gather_v1_infer(inputs, attrs):
    params, indices = inputs
    check_dtype(indices, INDEX, "indices")
    if params.shape.ndims == 0:
        raise ValueError(f"Shape must be at least rank 1 but is rank 0 for 'Gather' with input shapes: [], "
                         f"{fmt_shape(indices.shape)}.")
    if params.shape.ndims is None or indices.shape.ndims is None:
        return [(params.dtype.base_dtype, unknown_shape())]
    dims = list(indices.shape.as_tuple_or_none()) + list(params.shape.as_tuple_or_none()[1:])
    return [(params.dtype.base_dtype, TensorShape(dims))]


@register_op("Gather", infer=_gather_v1_infer)
def _gather(xp, params, indices, *, validate_indices=True):
    return lookup("GatherV2").kernel(xp, params, indices, np.int32(0))


@_gather.gradient
def _gather_grad(op, grad):
    axis = constant_op.constant(0)
    view = OpView(op, list(op.inputs) + [axis], {"batch_dims": 0})
    return lookup("GatherV2").grad(view, grad)[:2]


# ------------------------------------------------------------------ Reverse (a bool per dimension)
def _reverse_infer(inputs, attrs):
    tensor, dims = inputs
    if dims.dtype.base_dtype != dtypes.bool:
        raise TypeError(f"Input 'dims' of 'Reverse' Op has type {dims.dtype.base_dtype.name} that does not match "
                        "expected type of bool.")
    if dims.shape.ndims not in (None, 1):
        raise ValueError(f"Shape must be rank 1 but is rank {dims.shape.ndims} for 'Reverse' with input shapes: "
                         f"{fmt_shape(tensor.shape)}, {fmt_shape(dims.shape)}.")
    rank, count = tensor.shape.ndims, dims.shape.as_tuple_or_none()
    if rank is not None and count is not None and count[0] is not None and count[0] != rank:
        raise ValueError(f"Dimension must be {rank} but is {count[0]} for 'Reverse' with input shapes: "
                         f"{fmt_shape(tensor.shape)}, {fmt_shape(dims.shape)}.")
    if rank is not None and rank > 8:
        raise ValueError("reverse does not work on tensors with more than 8 dimensions")
    return [(tensor.dtype.base_dtype, tensor.shape)]


@register_op("Reverse", infer=_reverse_infer)
def _reverse(xp, tensor, dims):
    flags = host(dims).reshape(-1)
    if flags.size != tensor.ndim:
        raise errors.InvalidArgumentError(None, None, f"'dims' must have the same number of values as 'input' "
                                          f"has dimensions. 'input' has {tensor.ndim}'dims' has {flags.size} values")
    axes = tuple(int(i) for i in np.flatnonzero(flags))
    return xp.flip(tensor, axis=axes) if axes else tensor


@_reverse.gradient
def _reverse_grad(op, grad):
    return [apply_op("Reverse", [grad, op.inputs[1]], {"T": op.inputs[0].dtype.base_dtype}).outputs[0], None]


# ------------------------------------------------------------------ copies
def _copy(xp, x, **_attrs):
    return xp.array(x, copy=True)


for _type in ("Snapshot", "DeepCopy", "Copy", "CopyHost"):
    register_op(_type, infer=same_as_input(0))(_copy)


# ------------------------------------------------------------------ the main diagonal (v1)
def _need_rank(t, rank, op_type):
    if t.shape.ndims is not None and t.shape.ndims < rank:
        raise ValueError(f"Shape must be at least rank {rank} but is rank {t.shape.ndims} for '{op_type}' with "
                         f"input shapes: {fmt_shape(t.shape)}.")


def _diag_infer(inputs, attrs):
    diagonal = inputs[0]
    _need_rank(diagonal, 1, "MatrixDiag")
    if diagonal.shape.ndims is None:
        return [(diagonal.dtype.base_dtype, unknown_shape())]
    dims = list(diagonal.shape.as_tuple_or_none())
    return [(diagonal.dtype.base_dtype, TensorShape(dims + dims[-1:]))]


def _diag_part_infer(inputs, attrs):
    x = inputs[0]
    _need_rank(x, 2, "MatrixDiagPart")
    if x.shape.ndims is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    dims = list(x.shape.as_tuple_or_none())
    rows, cols = dims[-2:]
    return [(x.dtype.base_dtype, TensorShape(dims[:-2] + [None if None in (rows, cols) else min(rows, cols)]))]


def _set_diag_infer(inputs, attrs):
    x, diagonal = inputs
    _need_rank(x, 2, "MatrixSetDiag")
    _need_rank(diagonal, 1, "MatrixSetDiag")
    if x.dtype.base_dtype != diagonal.dtype.base_dtype:
        raise TypeError(f"Input 'diagonal' of 'MatrixSetDiag' Op has type {diagonal.dtype.base_dtype.name} that "
                        f"does not match type {x.dtype.base_dtype.name} of argument 'input'.")
    return [(x.dtype.base_dtype, x.shape)]


_MAIN = np.int32(0)


@register_op("MatrixDiag", infer=_diag_infer)
def _matrix_diag(xp, diagonal):
    zero = np.zeros((), diagonal.dtype)
    return lookup("MatrixDiagV3").kernel(xp, diagonal, _MAIN, np.int32(-1), np.int32(-1), zero)


@register_op("MatrixDiagPart", infer=_diag_part_infer)
def _matrix_diag_part(xp, x):
    return lookup("MatrixDiagPartV3").kernel(xp, x, _MAIN, np.zeros((), x.dtype))


@register_op("MatrixSetDiag", infer=_set_diag_infer)
def _matrix_set_diag(xp, x, diagonal):
    return lookup("MatrixSetDiagV3").kernel(xp, x, diagonal, _MAIN)


@_matrix_diag.gradient
def _matrix_diag_grad(op, grad):
    return [matrix_ops.matrix_diag_part(grad)]


@_matrix_diag_part.gradient
def _matrix_diag_part_grad(op, grad):
    x = op.inputs[0]
    dims = x.shape.as_tuple_or_none() if x.shape.ndims is not None else None
    if dims is not None and dims[-1] is not None and dims[-1] == dims[-2]:
        return [matrix_ops.matrix_diag(grad)]
    return [matrix_ops.matrix_set_diag(array_ops.zeros_like(x), grad)]


@_matrix_set_diag.gradient
def _matrix_set_diag_grad(op, grad):
    diagonal = op.inputs[1]
    return [matrix_ops.matrix_set_diag(grad, array_ops.zeros_like(diagonal)), matrix_ops.matrix_diag_part(grad)]
