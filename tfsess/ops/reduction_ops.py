"""Reductions (Sum, Mean, Prod, Max, Min, Any, All), ArgMax/ArgMin, cumulative sums, segment sums.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dispatch, dtypes, errors
from tfsess.framework.op_builder import constant_value, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.lib import pool_loops
from tfsess.ops import (array_ops, broadcast_ops, constant_op, cumulative_ops, gather_ops, indexing_ops, logic_ops,
                        math_ops, sequence_ops, stack_ops, unary_ops)
from tfsess.ops._infer import IDX, INDEX, NUMBER, REAL, apply_gen, check_dtype, check_rank, host, index_attr
from tfsess.ops.gradient_sums import all_axes

_BOOL = (dtypes.bool,)
_ACC = {"bfloat16": np.float32}  # the dtype a sum adds in, where not its own: TF sums bfloat16 in float, rounds once
# TF's integer Mean adds the narrower integers in 64 bits (no overflow), then divides and casts back
_MEAN_ACC = {"int8": np.int64, "int16": np.int64, "int32": np.int64,
             "uint8": np.uint64, "uint16": np.uint64, "uint32": np.uint64}


# ------------------------------------------------------------------ inference
def _axes_values(axes_tensor, rank, what="reduction dimension"):
    value = constant_value(axes_tensor)
    if value is None:
        return None
    axes = [int(a) for a in np.asarray(value).reshape(-1)]
    if rank is not None:
        for a in axes:
            if not -rank <= a < rank:
                raise ValueError(f"Invalid {what} {a} for input with {rank} dimensions. for "
                                 f"'{axes_tensor.op.name}'")
    return axes


def reduced_static_shape(shape: TensorShape, axes, keep_dims: bool) -> TensorShape:
    """The output shape of a reduction over `axes` (list of ints, or None when not known)."""
    if shape.ndims is None:
        return unknown_shape()
    if axes is None:
        return unknown_shape(shape.ndims) if keep_dims else unknown_shape()
    rank = shape.ndims
    axes = {a % rank for a in axes} if rank else set()
    dims = shape.as_tuple_or_none()
    if keep_dims:
        return TensorShape([1 if i in axes else d for i, d in enumerate(dims)])
    return TensorShape([d for i, d in enumerate(dims) if i not in axes])


def reduction_infer(allowed):
    def infer(inputs, attrs):
        x, axes = inputs
        dtype = check_dtype(x, allowed, "input")
        check_dtype(axes, INDEX, "reduction_indices")
        if axes.shape.ndims is not None and axes.shape.ndims > 1:
            raise ValueError(f"Shape must be at most rank 1 but is rank {axes.shape.ndims} for "
                             f"'{axes.op.name}'")
        values = _axes_values(axes, x.shape.ndims)
        return [(dtype, reduced_static_shape(x.shape, values, attrs.get("keep_dims", False)))]
    return infer


def kernel_axes(x, axes):
    axes = tuple(int(a) for a in host(axes).reshape(-1))
    rank = x.ndim
    for a in axes:
        if not -rank <= a < rank:
            raise errors.InvalidArgumentError(
                None, None, f"Invalid reduction dimension ({a} for input with {rank} dimension(s)")
    wrapped = [a % rank for a in axes]
    for i, a in enumerate(wrapped):
        if a in wrapped[:i]:
            raise errors.InvalidArgumentError(
                None, None, f"Invalid reduction arguments: Axes contains duplicate dimension: {a}")
    return tuple(sorted(wrapped))


def _reduced_output_shape(x, axes, keep_dims):
    return tuple(1 if i in axes else d for i, d in enumerate(x.shape) if keep_dims or i not in axes)


# ------------------------------------------------------------------ kernels
@register_op("Sum", infer=reduction_infer(NUMBER), foldable=True)
def _sum(xp, x, axes, *, keep_dims=False):
    axes = kernel_axes(x, axes)
    if xp is np and axes == tuple(range(x.ndim - 1)):  # a bias's gradient: one compiled pass
        total = pool_loops.sum_leading_axes(x)  # NumPy's order of additions, so its bits
        if total is not None:
            return total.reshape((1,) * len(axes) + total.shape) if keep_dims else total
    return xp.sum(x, axis=axes, keepdims=keep_dims, dtype=_ACC.get(x.dtype.name, x.dtype)).astype(x.dtype, copy=False)


@register_op("Prod", infer=reduction_infer(NUMBER), foldable=True)
def _prod(xp, x, axes, *, keep_dims=False):
    return xp.prod(x, axis=kernel_axes(x, axes), keepdims=keep_dims, dtype=x.dtype)


@register_op("Mean", infer=reduction_infer(NUMBER))
def _mean(xp, x, axes, *, keep_dims=False):
    axes = kernel_axes(x, axes)
    acc = _MEAN_ACC.get(x.dtype.name) or _ACC.get(x.dtype.name, x.dtype)
    total = xp.sum(x, axis=axes, keepdims=keep_dims, dtype=acc)
    count = int(np.prod([x.shape[a] for a in axes], dtype=np.int64))
    if x.dtype.kind in "iu":  # TF's integer mean truncates toward zero
        if count == 0:
            return xp.zeros_like(total).astype(x.dtype, copy=False)
        quotient = math_ops.truncated_quotient(xp, total, xp.asarray(count, dtype=total.dtype))
        return xp.asarray(quotient).astype(x.dtype, copy=False)
    with np.errstate(all="ignore"):
        return xp.true_divide(total, count).astype(x.dtype, copy=False)


def _extreme(fn, initial_of):
    def kernel(xp, x, axes, *, keep_dims=False):
        axes = kernel_axes(x, axes)
        if x.size == 0:  # TF gives the identity of max/min for empty reductions: -inf/+inf or int limits
            return xp.full(_reduced_output_shape(x, axes, keep_dims), initial_of(x.dtype), dtype=x.dtype)
        return getattr(xp, fn)(x, axis=axes, keepdims=keep_dims)
    return kernel


def _lowest(dtype):
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


def _highest(dtype):
    return np.inf if dtype.kind == "f" else np.iinfo(dtype).max


_max = register_op("Max", infer=reduction_infer(REAL), foldable=True)(_extreme("max", _lowest))
_min = register_op("Min", infer=reduction_infer(REAL), foldable=True)(_extreme("min", _highest))


@register_op("Any", infer=reduction_infer(_BOOL), no_gradient=True, foldable=True)
def _any(xp, x, axes, *, keep_dims=False):
    return xp.any(x, axis=kernel_axes(x, axes), keepdims=keep_dims)


@register_op("All", infer=reduction_infer(_BOOL), no_gradient=True, foldable=True)
def _all(xp, x, axes, *, keep_dims=False):
    return xp.all(x, axis=kernel_axes(x, axes), keepdims=keep_dims)


# ------------------------------------------------------------------ gradients
def reduced_shape(input_shape, axes):
    """The shape a reduction keeps with keep_dims: `input_shape` with 1 at `axes` (a 1-D int32 tensor)."""
    shape_v, axes_v = constant_value(input_shape), constant_value(axes)
    if shape_v is not None and axes_v is not None:
        dims = [int(d) for d in np.asarray(shape_v).reshape(-1)]
        for a in np.asarray(axes_v).reshape(-1):
            dims[int(a) % len(dims)] = 1
        return convert_to_tensor(np.asarray(dims, dtype=np.int32))
    input_shape = math_ops.cast(input_shape, dtypes.int32)
    rank = array_ops.size(input_shape)
    axes = math_ops.floormod(array_ops.reshape(math_ops.cast(axes, dtypes.int32), [-1]) + rank, rank)
    mask = reduce_any(logic_ops.equal(array_ops.expand_dims(sequence_ops.range_(rank), 1),
                                     array_ops.expand_dims(axes, 0)), axis=1)
    return logic_ops.select_v2(mask, array_ops.ones_like(input_shape), input_shape)


def _kept_dims_shape(x, axes_tensor):
    """Static list for x's keep_dims reduced shape if known, else a tensor."""
    shape = x.shape.as_tuple_or_none()
    axes = constant_value(axes_tensor)
    if shape is not None and axes is not None:
        rank = len(shape)
        axes = {int(a) % rank for a in np.asarray(axes).reshape(-1)} if rank else set()
        kept = [1 if i in axes else d for i, d in enumerate(shape)]
        if None not in kept:
            return kept
    return reduced_shape(array_ops.shape(x), axes_tensor)


def _grad_to_input(op, grad):
    """The reduction gradient broadcast back to the input's shape (TF's _SumGrad)."""
    x, axes = op.inputs
    in_shape = x.shape.as_tuple_or_none()
    axes_v = constant_value(axes) if in_shape is not None else None
    if axes_v is not None:  # TF's fast paths: Reshape then Tile
        rank = len(in_shape)
        if np.array_equal(axes_v, np.arange(rank)):  # all dims reduced
            grad = array_ops.reshape(grad, [1] * rank)
            if None not in in_shape:
                multiples = convert_to_tensor(np.asarray(in_shape, dtype=np.int32), name="Const")
            else:
                multiples = array_ops.shape(x)
            return broadcast_ops.tile(grad, multiples)
        if None not in in_shape and rank:
            kept = np.asarray(in_shape, dtype=np.int32)
            kept[np.asarray(axes_v, dtype=np.int64).reshape(-1) % rank] = 1
            grad = array_ops.reshape(grad, kept)
            return broadcast_ops.tile(grad, np.asarray(in_shape, dtype=np.int32) // np.maximum(kept, 1))
    if not op.get_attr("keep_dims"):
        grad = array_ops.reshape(grad, _kept_dims_shape(x, axes))
    return broadcast_ops.broadcast_to(grad, array_ops.shape(x))


@_sum.gradient
def _sum_grad(op, grad):
    return [_grad_to_input(op, grad), None]


@_mean.gradient
def _mean_grad(op, grad):
    sum_grad = _grad_to_input(op, grad)
    in_shape, out_shape = op.inputs[0].shape.as_tuple_or_none(), op.outputs[0].shape.as_tuple_or_none()
    if in_shape is not None and out_shape is not None and None not in in_shape and None not in out_shape:
        factor = int(np.prod(in_shape, dtype=np.int64)) // max(int(np.prod(out_shape, dtype=np.int64)), 1)
        factor = convert_to_tensor(factor, dtype=sum_grad.dtype.base_dtype)
    else:
        input_shape = array_ops.shape(op.inputs[0])
        rank = array_ops.size(input_shape)
        axes = (math_ops.cast(op.inputs[1], dtypes.int32) + rank) % rank  # TF's names: add, mod
        factor = math_ops.cast(reduce_prod(gather_ops.gather(input_shape, axes)), sum_grad.dtype.base_dtype)
    return [math_ops.truediv(sum_grad, factor), None]


def _min_or_max_grad(op, grad):
    x, axes = op.inputs
    y = op.outputs[0]
    if not op.get_attr("keep_dims"):
        kept = _kept_dims_shape(x, axes)
        y = array_ops.reshape(y, kept)
        grad = array_ops.reshape(grad, kept)
    else:
        kept = array_ops.shape(y)
    indicators = math_ops.cast(logic_ops.equal(y, x), grad.dtype.base_dtype)
    num_selected = array_ops.reshape(reduce_sum(indicators, axes), kept)
    return [math_ops.divide(indicators, num_selected) * grad, None]


_max.gradient(_min_or_max_grad)
_min.gradient(_min_or_max_grad)


@_prod.gradient
def _prod_grad(op, grad):
    x, axes = op.inputs
    input_shape = array_ops.shape(x)
    grad = broadcast_ops.broadcast_to(array_ops.reshape(grad, _kept_dims_shape(x, axes))
                                  if not op.get_attr("keep_dims") else grad, input_shape)
    rank = array_ops.rank(x)
    reduced = math_ops.floormod(array_ops.reshape(math_ops.cast(axes, dtypes.int32), [-1]) + rank, rank)
    other, _ = sequence_ops.setdiff1d(sequence_ops.range_(0, rank), reduced)
    perm = stack_ops.concat([reduced, other], 0)
    reduced_num = reduce_prod(gather_ops.gather(input_shape, reduced))
    other_num = reduce_prod(gather_ops.gather(input_shape, other))
    permuted = array_ops.transpose(x, perm)
    permuted_shape = array_ops.shape(permuted)
    reshaped = array_ops.reshape(permuted, stack_ops.stack([reduced_num, other_num]))
    left = cumulative_ops.cumprod(reshaped, axis=0, exclusive=True)
    right = cumulative_ops.cumprod(reshaped, axis=0, exclusive=True, reverse=True)
    y = array_ops.reshape(unary_ops.conj(left) * unary_ops.conj(right), permuted_shape)
    out = grad * array_ops.transpose(y, array_ops.invert_permutation(perm))
    return [array_ops.reshape(out, input_shape), None]


# ------------------------------------------------------------------ public reductions
def _lookup(new, new_name, old, old_name):
    if new is not None and old is not None:
        raise ValueError(f"Cannot specify both '{new_name}' and '{old_name}'.")
    return new if new is not None else old


def reduction_dims(x, axis):
    return axis if axis is not None else all_axes(x)


def _reduce(op_type, input_tensor, axis, keepdims, name, reduction_indices=None, keep_dims=None):
    axis = _lookup(axis, "axis", reduction_indices, "reduction_indices")
    keepdims = _lookup(keepdims, "keepdims", keep_dims, "keep_dims")
    keepdims = bool(keepdims) if keepdims is not None else False
    x = convert_to_tensor(input_tensor)
    out = apply_gen(op_type, [("input", x, None), ("reduction_indices", reduction_dims(x, axis), IDX)],
                    {"keep_dims": keepdims}, name=name)
    if not out.shape.is_fully_defined() and not keepdims and axis is None:
        out.set_shape(())  # TF's _may_reduce_to_scalar
    return out


def reduce_sum(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    """Sums elements across `axis` (all axes when None) (tf.math.reduce_sum).

    Args:
        input_tensor: a numeric tensor.
        axis: int, list of ints or int tensor; negative values count from the end.
        keepdims: keep reduced dimensions with length 1 (`keep_dims` is the old name).
        name: op name.
        reduction_indices: the old name of `axis`.

    Raises:
        ValueError: an axis is out of range, or both old and new argument names are given.
        TypeError: the input dtype cannot be summed (bool, string).
    """
    return _reduce("Sum", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_mean(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    """Mean across `axis`; integer means truncate toward zero (tf.math.reduce_mean)."""
    return _reduce("Mean", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_prod(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    """Product across `axis` (tf.math.reduce_prod)."""
    return _reduce("Prod", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_max(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    """Maximum across `axis`; -inf (or the lowest int) for empty input (tf.math.reduce_max)."""
    return _reduce("Max", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_min(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    """Minimum across `axis` (tf.math.reduce_min)."""
    return _reduce("Min", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_any(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    """Logical or across `axis` of a bool tensor (tf.math.reduce_any)."""
    return _reduce("Any", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_all(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    """Logical and across `axis` of a bool tensor (tf.math.reduce_all)."""
    return _reduce("All", input_tensor, axis, keepdims, name, reduction_indices, keep_dims)


def reduce_logsumexp(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
                     keep_dims=None):
    """log(sum(exp(x))) across `axis`, computed stably (tf.math.reduce_logsumexp)."""
    axis = _lookup(axis, "axis", reduction_indices, "reduction_indices")
    keepdims = bool(_lookup(keepdims, "keepdims", keep_dims, "keep_dims"))
    with op_scope(name, "ReduceLogSumExp", [input_tensor]) as scope:
        x = convert_to_tensor(input_tensor)
        raw_max = reduce_max(x, axis, keepdims=True)
        my_max = logic_ops.select_v2(unary_ops.is_finite(raw_max), raw_max, array_ops.zeros_like(raw_max))
        my_max = array_ops.stop_gradient(my_max)
        result = unary_ops.log(reduce_sum(unary_ops.exp(math_ops.subtract(x, my_max)), axis, keepdims=keepdims))
        if not keepdims:
            my_max = array_ops.reshape(my_max, array_ops.shape(result))
        result = math_ops.add(result, my_max, name=scope)
        if not result.shape.is_fully_defined() and not keepdims and axis is None:
            result.set_shape(())
        return result


def reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """Variance across `axis` (tf.math.reduce_variance)."""
    with op_scope(name, "reduce_variance", [input_tensor]) as scope:
        x = convert_to_tensor(input_tensor)
        means = reduce_mean(x, axis, keepdims=True)
        squared = unary_ops.square(x - means)
        return reduce_mean(squared, axis, keepdims=keepdims, name=scope)


def reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """Standard deviation across `axis` (tf.math.reduce_std)."""
    with op_scope(name, "reduce_std", [input_tensor]) as scope:
        return unary_ops.sqrt(reduce_variance(input_tensor, axis, keepdims), name=scope)


def count_nonzero(input_tensor=None, axis=None, keepdims=None, dtype=dtypes.int64, name=None,
                  reduction_indices=None, keep_dims=None, input=None):  # noqa: A002 - TF's argument
    """Counts the non-zero elements across `axis` (tf.math.count_nonzero)."""
    input_tensor = _lookup(input_tensor, "input_tensor", input, "input")
    with op_scope(name, "count_nonzero", [input_tensor]):
        x = convert_to_tensor(input_tensor, name="input")
        zero = constant_op.zeros([], dtype=x.dtype.base_dtype)
        nonzero = math_ops.cast(logic_ops.not_equal(x, zero), dtypes.int64)
        return math_ops.cast(reduce_sum(nonzero, axis, keepdims, reduction_indices=reduction_indices,
                                        keep_dims=keep_dims), dtype)


# ------------------------------------------------------------------ argmax / argmin
def _arg_infer(inputs, attrs):
    x, dim = inputs
    check_dtype(x, NUMBER + _BOOL, "input")
    check_dtype(dim, INDEX, "dimension")
    if dim.shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {dim.shape.ndims} for '{dim.op.name}'")
    out = attrs["output_type"]
    rank = x.shape.ndims
    if rank is None:
        return [(out, unknown_shape())]
    if rank <= 1:
        return [(out, TensorShape([]))]
    value = constant_value(dim)
    if value is None:
        return [(out, unknown_shape(rank - 1))]
    axis = int(value)
    if not -rank <= axis < rank:
        raise ValueError(f"Dimension ({axis}) must be in the range [{-rank}, {rank}), where {rank} is the "
                         "number of dimensions in the input.")
    dims = list(x.shape.as_tuple_or_none())
    del dims[axis % rank]
    return [(out, TensorShape(dims))]


def _arg_kernel(fn):
    def kernel(xp, x, dim, *, output_type):
        axis = int(dim)
        if not -x.ndim <= axis < x.ndim:  # a scalar has no dimension to reduce: [0, 0)
            raise errors.InvalidArgumentError(None, None, f"Expected dimension in the range [{-x.ndim}, "
                                              f"{x.ndim}), but got {axis}")
        if x.ndim and x.shape[axis] == 0:
            raise errors.InvalidArgumentError(None, None, f"Reduction axis {axis} is empty in shape "
                                              f"{list(x.shape)}")
        if x.dtype.kind == "f":  # TF's comparisons pass over NaN (an all-NaN line gives index 0)
            x = xp.where(xp.isnan(x), -np.inf if fn == "argmax" else np.inf, x)
        out = getattr(xp, fn)(x, axis=axis)
        return xp.asarray(out).astype(output_type.as_numpy_dtype, copy=False)
    return kernel


register_op("ArgMax", infer=_arg_infer, no_gradient=True)(_arg_kernel("argmax"))
register_op("ArgMin", infer=_arg_infer, no_gradient=True)(_arg_kernel("argmin"))


def _arg(op_type, input, axis, name, dimension, output_type):  # noqa: A002
    axis = _lookup(axis, "axis", dimension, "dimension")
    if axis is None:
        axis = 0
    output_type = dtypes.as_dtype(output_type)
    if output_type not in _ARG_OUTPUT_TYPES:
        raise TypeError(f"Value passed to parameter 'output_type' has DataType {output_type.name} not in list of "
                        "allowed values: int16, uint16, int32, int64")
    return apply_gen(op_type, [("input", input, None), ("dimension", axis, IDX)],
                     {"output_type": output_type}, name=name)


_ARG_OUTPUT_TYPES = (dtypes.int16, dtypes.uint16, dtypes.int32, dtypes.int64)


def argmax(input, axis=None, name=None, dimension=None, output_type=dtypes.int64):  # noqa: A002
    """Index of the largest value along `axis` (0 when None); ties pick the first (tf.math.argmax)."""
    return _arg("ArgMax", input, axis, name, dimension, output_type)


def argmin(input, axis=None, name=None, dimension=None, output_type=dtypes.int64):  # noqa: A002
    """Index of the smallest value along `axis` (tf.math.argmin)."""
    return _arg("ArgMin", input, axis, name, dimension, output_type)


# ------------------------------------------------------------------ segment sums
def unsorted_segment_infer(allowed=NUMBER, op_type=None):
    """The shape function of the UnsortedSegment* ops: data's dtype in `allowed`, [num_segments] + data's tail."""
    where = f" for '{op_type}'" if op_type else ""

    def infer(inputs, attrs):
        data, ids, num = inputs
        dtype = check_dtype(data, allowed, "data")
        check_dtype(ids, INDEX, "segment_ids")
        check_dtype(num, INDEX, "num_segments")
        n = constant_value(num)
        if data.shape.ndims is None or ids.shape.ndims is None:
            return [(dtype, unknown_shape())]
        if not ids.shape.is_compatible_with(data.shape[:ids.shape.ndims]):
            raise ValueError(f"Shapes {ids.shape} and {data.shape} are incompatible: segment_ids.shape must be a "
                             f"prefix of data.shape{where}")
        tail = list(data.shape.as_tuple_or_none()[ids.shape.ndims:])
        return [(dtype, TensorShape([None if n is None else int(n)] + tail))]
    return infer


@register_op("UnsortedSegmentSum", infer=unsorted_segment_infer())
def _unsorted_segment_sum(xp, data, ids, num):
    num = int(num)
    ids_flat = host(ids).reshape(-1)
    if ids_flat.size and ids_flat.max() >= num:
        bad = int(np.argmax(ids_flat >= num))
        raise errors.InvalidArgumentError(None, None, f"segment_ids[{bad}] = {ids_flat[bad]} is out of range "
                                          f"[0, {num})")
    rows = host(data).reshape((ids_flat.size,) + data.shape[np.ndim(ids):])
    out = np.zeros((num,) + data.shape[np.ndim(ids):], dtype=data.dtype)
    keep = ids_flat >= 0  # negative ids are dropped, as in TF
    np.add.at(out, ids_flat[keep], rows[keep])  # scatter-add on the host
    return xp.asarray(out)


@_unsorted_segment_sum.gradient
def _unsorted_segment_sum_grad(op, grad):
    ids = op.inputs[1]
    gathered = gather_ops.gather(grad, math_ops.maximum(ids, array_ops.zeros_like(ids)))
    is_positive = logic_ops.greater_equal(ids, array_ops.zeros_like(ids))
    extra = (gathered.shape.ndims or 0) - (ids.shape.ndims or 0)
    if gathered.shape.ndims is not None and ids.shape.ndims is not None:
        for _ in range(extra):
            is_positive = array_ops.expand_dims(is_positive, -1)
        mask = broadcast_ops.broadcast_to(is_positive, array_ops.shape(gathered))
    else:
        ones = array_ops.ones_like(array_ops.shape(gathered))
        tail = indexing_ops.slice_(ones, [array_ops.rank(ids)], [-1])
        mask = broadcast_ops.broadcast_to(array_ops.reshape(is_positive, stack_ops.concat(
            [array_ops.shape(ids), tail], 0)), array_ops.shape(gathered))
    return [logic_ops.select_v2(mask, gathered, array_ops.zeros_like(gathered)), None, None]


def _segment_infer(inputs, attrs):
    data, ids = inputs
    dtype = check_dtype(data, NUMBER, "data")
    check_dtype(ids, INDEX, "segment_ids")
    check_rank(data, 1, "SegmentSum", "data", at_least=True)
    if ids.shape.ndims not in (None, 1):
        raise ValueError(f"Shape must be rank 1 but is rank {ids.shape.ndims} for 'SegmentSum' (segment_ids)")
    if data.shape.ndims is None:
        return [(dtype, unknown_shape())]
    return [(dtype, TensorShape([None] + list(data.shape.as_tuple_or_none()[1:])))]


@register_op("SegmentSum", infer=_segment_infer)
def _segment_sum(xp, data, ids):
    ids = host(ids).reshape(-1)
    if ids.size != data.shape[0]:
        raise errors.InvalidArgumentError(None, None, f"segment_ids should be the same size as dimension 0 of "
                                          f"input, got {ids.size} and {data.shape[0]}")
    if ids.size and (np.any(np.diff(ids) < 0) or ids[0] < 0):
        raise errors.InvalidArgumentError(None, None, "segment ids are not increasing")
    n = int(ids[-1]) + 1 if ids.size else 0
    return _unsorted_segment_sum(xp, data, ids, n)


@_segment_sum.gradient
def _segment_sum_grad(op, grad):
    return [gather_ops.gather(grad, op.inputs[1]), None]


def segment_sum(data, segment_ids, name=None):
    """Sums the rows of `data` by sorted `segment_ids` (tf.math.segment_sum)."""
    return apply_gen("SegmentSum", [("data", data, None), ("segment_ids", segment_ids, index_attr("Tindices"))],
                     name=name)


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    """Sums the rows of `data` by `segment_ids` into `num_segments` rows (tf.math.unsorted_segment_sum)."""
    args = [("data", data, None), ("segment_ids", segment_ids, index_attr("Tindices")),
            ("num_segments", num_segments, index_attr("Tnumsegments"))]
    return apply_gen("UnsortedSegmentSum", args, name=name)


for _fn in (reduce_sum, reduce_mean, reduce_prod, reduce_max, reduce_min, reduce_any, reduce_all, reduce_logsumexp,
            reduce_variance, reduce_std, unsorted_segment_sum):  # RaggedTensor & co.
    globals()[_fn.__name__] = dispatch.add_dispatch_support(_fn)
__all__ = [
    "argmax", "argmin", "count_nonzero", "reduce_all", "reduce_any", "reduce_logsumexp",
    "reduce_max", "reduce_mean", "reduce_min", "reduce_prod", "reduce_std", "reduce_sum", "reduce_variance",
    "segment_sum", "unsorted_segment_sum",
]
