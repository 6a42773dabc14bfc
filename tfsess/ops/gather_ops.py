"""Gathering and scattering: GatherV2, GatherNd, ScatterNd, with gradients (gather's is TF's
IndexedSlices).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.dispatch import add_dispatch_support
from tfsess.framework.indexed_slices import IndexedSlices
from tfsess.framework.op_builder import constant_value, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import array_ops, constant_op, math_ops, raw_ops, sequence_ops, stack_ops
from tfsess.ops._infer import INDEX, apply_gen, check_dtype, check_rank, fmt_shape, host, index_attr, partial_shape


# ------------------------------------------------------------------ gather
def _gather_infer(inputs, attrs):
    params, indices, axis = inputs
    check_dtype(indices, INDEX, "indices")
    check_dtype(axis, INDEX, "axis")
    batch_dims = attrs.get("batch_dims", 0)
    axis_v = constant_value(axis)
    if params.shape.ndims is None or indices.shape.ndims is None or axis_v is None:
        return [(params.dtype.base_dtype, unknown_shape())]
    if batch_dims < 0:  # TF counts a negative batch_dims from the indices' rank
        batch_dims += indices.shape.ndims
    rank = params.shape.ndims
    ax = int(axis_v)
    if not -rank <= ax < rank:
        raise ValueError(f"Shape must be at least rank {ax + 1 if ax >= 0 else -ax} but is rank {rank} for "
                         f"'GatherV2' with input shapes: {fmt_shape(params.shape)}, "
                         f"{fmt_shape(indices.shape)}, [].")
    ax %= rank
    p = list(params.shape.as_tuple_or_none())
    i = list(indices.shape.as_tuple_or_none())
    return [(params.dtype.base_dtype, TensorShape(p[:ax] + i[batch_dims:] + p[ax + 1:]))]


def _check_indices(indices, limit, what="indices"):
    bad = (indices < 0) | (indices >= limit)
    if np.any(bad):
        pos = np.argwhere(bad)[0]
        where = ",".join(str(int(v)) for v in pos)
        value = int(np.asarray(indices)[tuple(pos)])
        raise errors.InvalidArgumentError(None, None, f"{what}[{where}] = {value} is not in [0, {limit})")


@register_op("GatherV2", infer=_gather_infer, foldable=True)
def _gather_v2(xp, params, indices, axis, *, batch_dims=0):
    ax = int(axis) % max(params.ndim, 1)
    _check_indices(host(indices), params.shape[ax])
    if batch_dims < 0:
        batch_dims += indices.ndim
    if batch_dims == 0:
        return xp.take(params, indices, axis=ax)
    batch = params.shape[:batch_dims]
    n = int(np.prod(batch, dtype=np.int64))
    flat_p = params.reshape((n,) + params.shape[batch_dims:])
    flat_i = indices.reshape((n,) + indices.shape[batch_dims:])
    rows = [xp.take(flat_p[k], flat_i[k], axis=ax - batch_dims) for k in range(n)]
    out = xp.stack(rows) if rows else xp.zeros((0,), params.dtype)
    return out.reshape(batch + out.shape[1:])


@_gather_v2.gradient
def _gather_v2_grad(op, grad):
    params, indices, axis = op.inputs
    batch_dims = op.get_attr("batch_dims")
    params_shape = array_ops.shape(params)
    if batch_dims < 0:  # as TF: counted from the indices' static rank
        if indices.shape.ndims is None:
            raise ValueError("Currently, it is unsupported to take the gradient of tf.gather when batch_dims < 0 "
                             "and the rank of the indices is unknown. Please pass a positive batch_dims or use "
                             "tf.ensure_shape to update the shape of indices when calling tf.gather.")
        batch_dims += indices.shape.ndims
    if batch_dims != 0:
        return [_batched_gather_grad(params_shape, indices, axis, batch_dims, grad), None, None]
    indices_size = array_ops.expand_dims(array_ops.size(indices), 0)
    axis_v = constant_value(axis)
    if axis_v is not None and int(axis_v) == 0:  # TF's sparse gradient: the gathered rows only
        values = array_ops.reshape(_dense(grad), stack_ops.concat([indices_size, params_shape[1:]], 0))
        flat = array_ops.reshape(indices, indices_size)
        return [IndexedSlices(values, flat, params_shape), None, None]
    outer = params_shape[:axis]
    inner = params_shape[axis:][1:]
    values_shape = stack_ops.concat([outer, [-1], inner], 0)
    values_dims = array_ops.size(values_shape)
    axis_dims = array_ops.size(outer)
    middle = sequence_ops.range_(0, axis_dims)
    inner_axes = sequence_ops.range_(axis_dims + 1, values_dims)
    values = array_ops.reshape(_dense(grad), values_shape)
    flat = array_ops.reshape(indices, indices_size)
    to_front = stack_ops.concat([array_ops.reshape(axis_dims, [1]), middle, inner_axes], 0)
    moved = array_ops.transpose(values, to_front)
    params_grad = raw_ops.UnsortedSegmentSum(moved, flat, params_shape[axis])
    back = stack_ops.concat([middle + 1, [0], inner_axes], 0)
    return [array_ops.transpose(params_grad, back), None, None]


def _batched_gather_grad(params_shape, indices, axis, batch_dims, grad):
    """The dense gradient of gather(params, indices, axis, batch_dims > 0).

    The gathered axis moves next to the batch axes, batch and index axes flatten into one, and each
    index is offset by its batch row times the axis size, so one UnsortedSegmentSum over
    batch_size * axis_size segments sums every row; the result then moves back into params' layout."""
    outer = params_shape[:axis]
    inner = params_shape[axis:][1:]
    values = array_ops.reshape(_dense(grad), stack_ops.concat([outer, [-1], inner], 0))
    outer_dims = array_ops.size(outer)
    batch_axes = sequence_ops.range_(0, batch_dims)
    middle_axes = sequence_ops.range_(batch_dims, outer_dims)
    inner_axes = sequence_ops.range_(outer_dims + 1, outer_dims + 1 + array_ops.size(inner))
    moved = array_ops.transpose(values, stack_ops.concat([batch_axes, [outer_dims], middle_axes, inner_axes], 0))
    batch_shape = params_shape[:batch_dims]
    axis_size = params_shape[axis]
    rows = raw_ops.Prod(batch_shape, [0])
    index_dtype = indices.dtype.base_dtype
    offsets_shape = stack_ops.concat([batch_shape, array_ops.ones_like(array_ops.shape(indices)[batch_dims:])], 0)
    offsets = array_ops.reshape(sequence_ops.range_(0, rows) * axis_size, offsets_shape)
    flat_indices = array_ops.reshape(indices + math_ops.cast(offsets, index_dtype), [-1])
    flat_values = array_ops.reshape(moved, stack_ops.concat([[-1], array_ops.shape(moved)[batch_dims + 1:]], 0))
    summed = raw_ops.UnsortedSegmentSum(flat_values, flat_indices, rows * axis_size)
    grouped = array_ops.reshape(summed, stack_ops.concat([batch_shape, [axis_size],
                                                          array_ops.shape(moved)[batch_dims + 1:]], 0))
    back = stack_ops.concat([batch_axes, middle_axes + 1, [batch_dims], inner_axes], 0)
    return array_ops.transpose(grouped, back)


def _dense(grad):
    return grad if isinstance(grad, Tensor) else convert_to_tensor(grad)


@add_dispatch_support
def gather(params, indices, validate_indices=None, name=None, axis=None, batch_dims=0):
    """Gathers slices of `params` along `axis` at `indices` (tf.gather).

    Out-of-range indices raise InvalidArgumentError when run, naming the index.
    """
    if axis is None:
        axis = batch_dims
    if isinstance(axis, int) and axis == 0 and hasattr(params, "sparse_read"):
        return params.sparse_read(indices, name=name)  # a resource variable: ResourceGather, as TF
    return apply_gen("GatherV2", [("params", params, None), ("indices", indices, index_attr("Tindices")),
                                  ("axis", axis, index_attr("Taxis"))], {"batch_dims": int(batch_dims)}, name=name)


def _gather_nd_infer(inputs, attrs):
    params, indices = inputs
    check_dtype(indices, INDEX, "indices")
    if params.shape.ndims is None or indices.shape.ndims is None:
        return [(params.dtype.base_dtype, unknown_shape())]
    i = list(indices.shape.as_tuple_or_none())
    if not i:
        raise ValueError("indices must be at least a vector for 'GatherNd'")
    k = i[-1]
    if k is None:
        return [(params.dtype.base_dtype, unknown_shape())]
    if k > params.shape.ndims:
        raise ValueError(f"indices.shape[-1] must be <= params.rank, but saw indices shape: "
                         f"{fmt_shape(indices.shape)} and params shape: {fmt_shape(params.shape)} for 'GatherNd'")
    return [(params.dtype.base_dtype, TensorShape(i[:-1] + list(params.shape.as_tuple_or_none()[k:])))]


def _nd_index(params_shape, indices):
    idx = host(indices)
    k = idx.shape[-1]
    limits = np.asarray(params_shape[:k])
    bad = np.any((idx < 0) | (idx >= limits), axis=-1)
    if np.any(bad):
        pos = np.argwhere(bad)[0]
        where = ",".join(str(int(v)) for v in pos)
        value = ", ".join(str(int(v)) for v in idx[tuple(pos)])
        shape = ",".join(str(d) for d in params_shape)
        raise errors.InvalidArgumentError(None, None, f"indices[{where}] = [{value}] does not index into param "
                                          f"shape [{shape}]")
    return tuple(idx[..., j] for j in range(k))  # host index arrays


@register_op("GatherNd", infer=_gather_nd_infer)
def _gather_nd(xp, params, indices):
    index = _nd_index(params.shape, indices)
    if not index:
        return xp.broadcast_to(params, np.shape(indices)[:-1] + params.shape).copy()
    return xp.asarray(params)[tuple(xp.asarray(i) for i in index)]


@_gather_nd.gradient
def _gather_nd_grad(op, grad):
    params, indices = op.inputs
    return [scatter_nd(indices, grad, array_ops.shape(params, out_type=indices.dtype.base_dtype)), None]


@add_dispatch_support
def gather_nd(params, indices, name=None, batch_dims=0):
    """Gathers slices of `params` addressed by the last axis of `indices` (tf.gather_nd)."""
    batch_value = constant_value(batch_dims) if isinstance(batch_dims, Tensor) else batch_dims
    if batch_value is None:
        raise NotImplementedError("tfsess: gather_nd needs a constant batch_dims")
    if int(batch_value) != 0:
        return _batch_gather_nd(params, indices, int(batch_value), name)
    return apply_gen("GatherNd", [("params", params, None), ("indices", indices, index_attr("Tindices"))],
                     name=name)


def _batch_gather_nd(params, indices, batch_dims, name):
    """gather_nd whose first `batch_dims` axes pair params with indices, as TF builds it: one GatherNd
    over params with those axes flattened, each index prefixed with its flat batch position."""
    with op_scope(name, "BatchGatherND", [params, indices]):
        indices = convert_to_tensor(indices, name="indices")
        params = convert_to_tensor(params, name="params")
        if batch_dims < 0:
            raise ValueError("tf.gather_nd does not allow negative batch_dims.")
        for what, t in (("indices", indices), ("params", params)):
            if t.shape.ndims is not None and batch_dims >= t.shape.ndims:
                raise ValueError(f"Argument `batch_dims` = {batch_dims} must be less than rank(`{what}`) = "
                                 f"{t.shape.ndims}")
        index_shape = array_ops.shape(indices)
        params_shape = array_ops.shape(params)
        batch_size = params_shape[0]
        for axis in range(1, batch_dims):
            batch_size = batch_size * params_shape[axis]
        batch_size = stack_ops.stack([batch_size])
        flat_params = array_ops.reshape(params, stack_ops.concat([batch_size, params_shape[batch_dims:]], 0))
        flat_indices = array_ops.reshape(indices, stack_ops.concat([batch_size, index_shape[batch_dims:]], 0))
        inner_rank = array_ops.rank(indices) - batch_dims - 1
        positions = math_ops.cast(sequence_ops.range_(batch_size[0]), indices.dtype.base_dtype)
        grid_shape = stack_ops.concat([batch_size, constant_op.ones(stack_ops.stack([inner_rank + 1]), dtypes.int32)], 0)
        positions = array_ops.reshape(positions, grid_shape)
        positions = positions + array_ops.zeros_like(flat_indices[..., :1])  # one per index, by broadcasting
        out = _gather_nd_op(flat_params, stack_ops.concat([positions, flat_indices], -1))
        out_shape = stack_ops.concat([params_shape[:batch_dims], array_ops.shape(out)[1:]], 0)
        result = array_ops.reshape(out, out_shape)
        result.set_shape(_batch_gather_nd_shape(params.shape, indices.shape, batch_dims))
        return result


def _batch_gather_nd_shape(params, indices, batch_dims):
    """params' batch axes merged with indices', then indices' inner axes and params' unindexed ones."""
    if params.ndims is None or indices.ndims is None or indices[-1].value is None:
        return unknown_shape()
    batch = params[:batch_dims].merge_with(indices[:batch_dims])
    return batch.concatenate(indices[batch_dims:-1]).concatenate(params[batch_dims + indices[-1].value:])


def _gather_nd_op(params, indices):
    return apply_gen("GatherNd", [("params", params, None), ("indices", indices, index_attr("Tindices"))])


def _scatter_nd_infer(inputs, attrs):
    indices, updates, shape_t = inputs
    check_dtype(indices, INDEX, "indices")
    check_rank(indices, 1, "ScatterNd", "indices", at_least=True)
    dims = partial_shape(shape_t)
    output = unknown_shape() if dims is None else TensorShape(dims)
    _check_scatter_nd_shapes(indices.shape, updates.shape, output)
    return [(updates.dtype.base_dtype, output)]


def _check_scatter_nd_shapes(indices, updates, output):
    """TF's ScatterNdShapeHelper: updates are indices' outer dims followed by the output's inner dims."""
    if indices.ndims is None or updates.ndims is None or indices[-1].value is None:
        return
    outer, depth = indices.ndims - 1, indices[-1].value
    if updates.ndims < outer or not indices[:outer].is_compatible_with(updates[:outer]):
        raise ValueError(f"Dimensions [0,{outer}) of indices[shape={fmt_shape(indices)}] = {fmt_shape(indices[:outer])} "
                         f"must match dimensions [0,{outer}) of updates[shape={fmt_shape(updates)}] = "
                         f"{fmt_shape(updates[:outer])}: Shapes {indices[:outer]} and {updates[:outer]} are incompatible")
    if output.ndims is not None and not output[depth:].is_compatible_with(updates[outer:]):
        raise ValueError(f"Dimensions [{depth},{output.ndims}) of input[shape={fmt_shape(output)}] = "
                         f"{fmt_shape(output[depth:])} must match dimensions [{outer},{updates.ndims}) of "
                         f"updates[shape={fmt_shape(updates)}] = {fmt_shape(updates[outer:])}")


@register_op("ScatterNd", infer=_scatter_nd_infer)
def _scatter_nd(xp, indices, updates, shape):
    dims = tuple(int(d) for d in host(shape).reshape(-1))
    index = _nd_index(dims, indices)
    out = np.zeros(dims, dtype=updates.dtype)
    np.add.at(out, index, host(updates))  # scatter-add on the host
    return xp.asarray(out)


@_scatter_nd.gradient
def _scatter_nd_grad(op, grad):
    return [None, gather_nd(grad, op.inputs[0]), None]


def scatter_nd(indices, updates, shape, name=None):
    """Zeros of `shape` with `updates` added at `indices` (tf.scatter_nd)."""
    return apply_gen("ScatterNd", [("indices", indices, index_attr("Tindices")), ("updates", updates, None),
                                   ("shape", shape, index_attr("Tindices"))], name=name)


__all__ = ["gather", "gather_nd", "scatter_nd"]
