"""ApproxTopK: tf.approx_top_k, tf.math.approx_max_k / approx_min_k (also in tf.nn).

TF's CPU kernel is an exact, sorted top-k along the last axis (ties: the lower index first), and it
is registered only for is_max_k=True and reduction_dimension=-1: other settings build (the shape
function accepts them) but fail when run, with TF's "No OpKernel was registered" error. The recall
target, the size override and aggregate_to_topk change nothing on CPU.
"""
from __future__ import annotations

import collections
import functools
import operator

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import array_ops, broadcast_ops, gather_ops, sequence_ops, stack_ops
from tfsess.ops._infer import apply_gen, check_dtype, fmt_shape

ApproxTopK = collections.namedtuple("ApproxTopK", ["values", "indices"])


def _approx_top_k_infer(inputs, attrs):
    x = inputs[0]
    check_dtype(x, (dtypes.float16, dtypes.float32), "input")  # TF's op takes only these (and bfloat16)
    k, axis = int(attrs["k"]), int(attrs["reduction_dimension"])
    if k < 0:
        raise ValueError(f"Attr 'k' of 'ApproxTopK' Op passed {k} less than minimum 0.")
    if x.shape.ndims is None:
        return [(x.dtype.base_dtype, unknown_shape()), (dtypes.int32, unknown_shape())]
    dims = list(x.shape.as_tuple_or_none())
    rank = len(dims)
    where = f"for 'ApproxTopK' with input shapes: {fmt_shape(x.shape)}."
    if rank == 0:
        raise ValueError(f"Shape must be at least rank 1 but is rank 0 {where}")
    if not -rank <= axis < rank:
        raise ValueError(f"Invalid reduction dimension: {axis}. Must be within the range of [{-rank}, {rank - 1}] "
                         f"{where}")
    axis %= rank
    if dims[axis] is not None and dims[axis] < k:
        raise ValueError(f"input must have last dimension >= k = {k} but was {dims[axis]} {where}")
    if attrs.get("aggregate_to_topk", True):
        dims[axis] = k  # TF's shape function keeps the input's dims otherwise (the kernel still returns k)
    out = TensorShape(dims)
    return [(x.dtype.base_dtype, out), (dtypes.int32, out)]


def _attr_text(x, attrs):
    order = ("k", "reduction_dimension", "recall_target", "is_max_k", "reduction_input_size_override",
             "aggregate_to_topk")
    shown = [f"{n}={str(attrs[n]).lower() if isinstance(attrs[n], bool) else attrs[n]}" for n in order]
    type_name = {"float16": "HALF", "float32": "FLOAT"}[np.dtype(x.dtype).name]
    return ", ".join([f"T=DT_{type_name}"] + shown)


@register_op("ApproxTopK", infer=_approx_top_k_infer)
def _approx_top_k(xp, x, **attrs):
    if not attrs["is_max_k"] or int(attrs["reduction_dimension"]) != -1:
        raise errors.InvalidArgumentError(
            None, None, f"No OpKernel was registered to support Op 'ApproxTopK' with these attrs: "
                        f"[{_attr_text(x, attrs)}]\nRegistered devices: [CPU]\nRegistered kernels:\n"
                        f"  device='CPU'; reduction_dimension in [-1]; is_max_k in [true]")
    k = int(attrs["k"])
    if x.shape[-1] < k:
        raise errors.InvalidArgumentError(
            None, None, f"input must have at least k columns. Had {x.shape[-1]}, needed {k}")
    order = xp.argsort(-x, axis=-1, kind="stable")[..., :k]  # ties: the lower index first
    return xp.take_along_axis(x, order, axis=-1), order.astype(np.int32)


@_approx_top_k.gradient
def _approx_top_k_grad(op, grad, _):
    """TF's rule: the values' gradient scattered to the input positions the indices name."""
    indices = op.outputs[1]
    idx_shape = indices.shape
    rank = idx_shape.ndims
    lifted_shape = idx_shape.as_list() + [1]
    flat_len = functools.reduce(operator.mul, idx_shape.as_list())
    axis = op._attr("reduction_dimension")
    axis = axis + rank if axis < 0 else axis

    def lifted(d):
        if d == axis:
            return array_ops.reshape(indices, lifted_shape)
        iota_shape = [1] * (rank + 1)
        iota_shape[d] = idx_shape[d].value
        iota = array_ops.reshape(sequence_ops.range_(idx_shape[d].value), iota_shape)
        return broadcast_ops.broadcast_to(iota, lifted_shape)

    lifted_idx = stack_ops.concat([lifted(d) for d in range(rank)], axis=rank)
    flat_idx = array_ops.reshape(lifted_idx, [flat_len, rank])
    flat_grad = array_ops.reshape(grad, [flat_len])
    return [gather_ops.scatter_nd(flat_idx, flat_grad, op.inputs[0].shape.as_list())]


def approx_top_k(input, k, reduction_dimension=-1, recall_target=0.95, is_max_k=True,  # noqa: A002 - TF's name
                 reduction_input_size_override=-1, aggregate_to_topk=True, name=None):
    """The top `k` values of `input` along `reduction_dimension` and their int32 indices (tf.approx_top_k).

    On CPU the result is exact and sorted, as TF's; only is_max_k=True along the last axis runs.
    """
    attrs = {"k": int(k), "reduction_dimension": int(reduction_dimension), "recall_target": float(recall_target),
             "is_max_k": bool(is_max_k), "reduction_input_size_override": int(reduction_input_size_override),
             "aggregate_to_topk": bool(aggregate_to_topk)}
    op = apply_gen("ApproxTopK", [("input", input, None)], attrs, name=name, outputs=True)
    return ApproxTopK(*op.outputs)


def approx_max_k(operand, k, reduction_dimension=-1, recall_target=0.95, reduction_input_size_override=-1,
                 aggregate_to_topk=True, name=None):
    """The `k` largest values along `reduction_dimension` and their indices (tf.math.approx_max_k)."""
    return approx_top_k(operand, k, reduction_dimension, recall_target, True, reduction_input_size_override,
                        aggregate_to_topk, name)


def approx_min_k(operand, k, reduction_dimension=-1, recall_target=0.95, reduction_input_size_override=-1,
                 aggregate_to_topk=True, name=None):
    """The `k` smallest values along `reduction_dimension` (tf.math.approx_min_k): builds, but TF has no CPU
    kernel for it, so running it fails as TF's does."""
    return approx_top_k(operand, k, reduction_dimension, recall_target, False, reduction_input_size_override,
                        aggregate_to_topk, name)


__all__ = ["approx_top_k"]
