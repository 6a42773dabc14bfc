"""Reductions and segment reductions over RaggedTensors, as TF's ragged_math_ops builds them.

A reduction over axis 0 or 1 is a segment reduction of the values (axis 1: by value row id; axis 0:
by position within the row); a deeper axis reduces the values recursively; several axes are reduced
one at a time, innermost first. When the data being segmented is itself ragged, each output row is
as long as the longest row reduced into it. reduce_mean/variance/std/logsumexp compose these as TF
does, and the unsorted segment ops accept ragged data or ragged segment ids.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.dispatch import dispatch_for_api
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.tensor_util import constant_value
from tfsess.ops import (array_ops, check_ops, constant_op, control_flow_ops, cumulative_ops, gather_ops, logic_ops,
                        math_ops, reduction_ops, segment_ops, stack_ops, unary_ops)
from tfsess.ops.ragged.ragged_kernels import ragged_range_op
from tfsess.ops.ragged.ragged_tensor import (RaggedTensor, RaggedTensorValue, convert_to_tensor_or_ragged_tensor,
                                             row_splits_to_segment_ids)

_RAGGED = (RaggedTensor, RaggedTensorValue)


def positive_axis(axis, ndims, axis_name="axis", ndims_name="ndims"):
    """`axis` counted from 0 (TF's array_ops.get_positive_axis).

    Raises:
        ValueError: `axis` is out of range, or negative with `ndims` unknown.
    """
    if not isinstance(axis, int):  # as TF: a numpy integer is refused too
        raise TypeError(f"{axis_name} must be an int; got {type(axis).__name__}")
    axis = int(axis)
    if ndims is not None:
        if 0 <= axis < ndims:
            return axis
        if -ndims <= axis < 0:
            return axis + ndims
        raise ValueError(f"{axis_name}={axis} out of bounds: expected {-ndims}<={axis_name}<{ndims}")
    if axis < 0:
        raise ValueError(f"{axis_name}={axis} may only be negative if {ndims_name} is statically known.")
    return axis


def _range_values(starts, limits):
    """The concatenated ranges [starts[i], limits[i]) (TF's ragged range(...).values)."""
    dtype = starts.dtype.base_dtype
    _, values = ragged_range_op(starts, limits, convert_to_tensor(1, dtype=dtype), dtype)
    return values


def ragged_segment_aggregate(segment_op, data, segment_ids, num_segments):
    """`segment_op` (an unsorted segment op) over the rows of `data` by `segment_ids`, either of
    which may be ragged; output row i is as long as the longest data row with segment id i."""
    if not isinstance(data, _RAGGED) and not isinstance(segment_ids, _RAGGED):
        return segment_op(data, segment_ids, num_segments)
    with op_scope(None, "RaggedSegment", [data, segment_ids, num_segments]):
        data = convert_to_tensor_or_ragged_tensor(data, name="data")
        segment_ids = convert_to_tensor_or_ragged_tensor(segment_ids, name="segment_ids")
        if segment_ids.dtype.base_dtype not in (dtypes.int32, dtypes.int64):
            raise ValueError("segment_ids must have dtype int32 or int64.")
        if isinstance(segment_ids, RaggedTensor):
            if not isinstance(data, RaggedTensor):
                raise ValueError("segment_ids.shape must be a prefix of data.shape, but segment_ids is ragged and "
                                 "data is not.")
            check = check_ops.assert_equal(math_ops.cast(segment_ids.row_splits, dtypes.int64),
                                           math_ops.cast(data.row_splits, dtypes.int64),
                                           message="segment_ids.shape must be a prefix of data.shape")
            values = control_flow_ops.with_dependencies([check], data.values) \
                if not isinstance(data.values, RaggedTensor) else data.values
            return ragged_segment_aggregate(segment_op, values, segment_ids.values, num_segments)
        splits_dtype = data.row_splits.dtype.base_dtype
        segment_ids = math_ops.cast(segment_ids, splits_dtype)
        lengths = data.row_splits[1:] - data.row_splits[:-1]
        out_lengths = math_ops.maximum(segment_ops.unsorted_segment_max(lengths, segment_ids, num_segments),
                                       math_ops.cast(0, splits_dtype))
        out_splits = stack_ops.concat([constant_op.zeros([1], splits_dtype), cumulative_ops.cumsum(out_lengths)], 0)
        starts = gather_ops.gather(out_splits, segment_ids)
        positions = _range_values(starts, starts + lengths)
        values = ragged_segment_aggregate(segment_op, data.values, positions, out_splits[-1])
        return RaggedTensor.from_row_splits(values, out_splits, validate=False)


def _static_axis(axis):
    if isinstance(axis, Tensor):
        value = constant_value(axis)
        if value is None:
            raise ValueError("axis must be known at graph construction time.")
        axis = value
    if isinstance(axis, np.ndarray):
        axis = axis.tolist()
    return axis


def ragged_reduce_aggregate(reduce_op, segment_op, rt, axis, keepdims, name=None):
    """`reduce_op` over `axis` (int, list or None) of `rt` as TF's ragged_reduce_aggregate."""
    if not isinstance(rt, _RAGGED):
        return reduce_op(rt, axis, keepdims=keepdims, name=name)
    rt = convert_to_tensor_or_ragged_tensor(rt, name="rt_input")
    axis = _static_axis(axis)
    if axis is None:
        result = reduce_op(rt.flat_values, None, keepdims=keepdims, name=name)
        if keepdims:
            for _ in rt.shape[1:]:
                result = array_ops.expand_dims(result, axis=0)
        return result
    with op_scope(name, "RaggedReduce", [rt]):
        if isinstance(axis, (tuple, list)):
            if not axis:
                return rt
            if len(axis) > 1:
                axes = sorted(positive_axis(a, rt.shape.ndims, f"axis[{i}]", "rank(input_tensor)")
                              for i, a in enumerate(axis))
                inner = ragged_reduce_aggregate(reduce_op, segment_op, rt, axes[-1], keepdims)
                return ragged_reduce_aggregate(reduce_op, segment_op, inner, axes[:-1], keepdims)
            axis = axis[0]
        axis = positive_axis(axis, rt.shape.ndims, "axis", "rank(input_tensor)")
        if axis == 0:
            lengths = rt.row_splits[1:] - rt.row_splits[:-1]
            num = math_ops.maximum(reduction_ops.reduce_max(lengths), math_ops.cast(0, lengths.dtype))
            zeros = array_ops.zeros_like(lengths)
            ids = _range_values(zeros, lengths)
            result = ragged_segment_aggregate(segment_op, rt.values, ids, num)
            return array_ops.expand_dims(result, 0) if keepdims else result
        if axis == 1:
            ids = row_splits_to_segment_ids(rt.row_splits)
            result = ragged_segment_aggregate(segment_op, rt.values, ids, rt.nrows())
            return array_ops.expand_dims(result, 1) if keepdims else result
        return rt.with_values(ragged_reduce_aggregate(reduce_op, segment_op, rt.values, axis - 1, keepdims))


_KINDS = {
    "sum": (reduction_ops.reduce_sum, reduction_ops.unsorted_segment_sum, "RaggedReduceSum"),
    "prod": (reduction_ops.reduce_prod, segment_ops.unsorted_segment_prod, "RaggedReduceProd"),
    "min": (reduction_ops.reduce_min, segment_ops.unsorted_segment_min, "RaggedReduceMin"),
    "max": (reduction_ops.reduce_max, segment_ops.unsorted_segment_max, "RaggedReduceMax"),
    "any": (reduction_ops.reduce_sum, reduction_ops.unsorted_segment_sum, "RaggedReduceAny"),  # of int32 casts
    "all": (reduction_ops.reduce_prod, segment_ops.unsorted_segment_prod, "RaggedReduceAll"),
}


def _reduce(kind, input_tensor, axis, keepdims, name):
    reduce_op, segment_op, scope = _KINDS[kind]
    with op_scope(name, scope, [input_tensor]):
        if kind in ("any", "all"):
            rt = convert_to_tensor_or_ragged_tensor(input_tensor)
            rt = rt.with_flat_values(math_ops.cast(rt.flat_values, dtypes.int32))
            result = ragged_reduce_aggregate(reduce_op, segment_op, rt, axis, bool(keepdims))
            if isinstance(result, RaggedTensor):
                return result.with_flat_values(math_ops.cast(result.flat_values, dtypes.bool))
            return math_ops.cast(result, dtypes.bool)
        return ragged_reduce_aggregate(reduce_op, segment_op, input_tensor, axis, bool(keepdims))


def _reduction_handler(kind):
    def handler(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
        axis = axis if axis is not None else reduction_indices
        keepdims = keepdims if keepdims is not None else keep_dims
        return _reduce(kind, input_tensor, axis, keepdims, name)
    handler.__name__ = f"ragged_reduce_{kind}"
    return handler


for _kind in _KINDS:
    dispatch_for_api(getattr(reduction_ops, f"reduce_{_kind}"), *_RAGGED)(_reduction_handler(_kind))


def _ones_like_ragged(rt):
    return rt.with_flat_values(array_ops.ones_like(rt.flat_values))


@dispatch_for_api(reduction_ops.reduce_mean, *_RAGGED)
def ragged_reduce_mean(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    """The mean over `axis` of a RaggedTensor: its sum over the count of values reduced."""
    axis = axis if axis is not None else reduction_indices
    keepdims = keepdims if keepdims is not None else keep_dims
    with op_scope(name, "RaggedReduceMean", [input_tensor]):
        rt = convert_to_tensor_or_ragged_tensor(input_tensor)
        total = _reduce("sum", rt, axis, keepdims, None)
        count = _reduce("sum", _ones_like_ragged(rt), axis, keepdims, None)
        if isinstance(total, RaggedTensor):
            return total.with_flat_values(total.flat_values / count.flat_values)
        return total / count


@dispatch_for_api(reduction_ops.reduce_variance, *_RAGGED)
def ragged_reduce_variance(input_tensor, axis=None, keepdims=False, name=None):
    """mean(x^2) - mean(x)^2 over `axis`, clipped at 0 (TF's ragged reduce_variance).

    Raises:
        ValueError: a complex dtype.
    """
    with op_scope(name, "RaggedReduceVariance", [input_tensor]):
        rt = convert_to_tensor_or_ragged_tensor(input_tensor, name="input_tensor")
        if rt.dtype.is_complex:
            raise ValueError("reduce_variance is not supported for RaggedTensors with complex dtypes.")
        mean_of_square = ragged_reduce_mean(unary_ops.square(rt), axis=axis, keepdims=keepdims)
        square_of_mean = unary_ops.square(ragged_reduce_mean(rt, axis=axis, keepdims=keepdims))
        return math_ops.maximum(mean_of_square - square_of_mean, 0)


@dispatch_for_api(reduction_ops.reduce_std, *_RAGGED)
def ragged_reduce_std(input_tensor, axis=None, keepdims=False, name=None):
    """The square root of ragged_reduce_variance."""
    with op_scope(name, "RaggedReduceStd", [input_tensor]):
        return unary_ops.sqrt(ragged_reduce_variance(input_tensor, axis=axis, keepdims=keepdims))


@dispatch_for_api(reduction_ops.reduce_logsumexp, *_RAGGED)
def ragged_reduce_logsumexp(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None,
                            keep_dims=None):
    """log(sum(exp(x))) over `axis`, shifted by the finite maximum (TF's formula, run on ragged operands)."""
    axis = axis if axis is not None else reduction_indices
    keepdims = bool(keepdims if keepdims is not None else keep_dims)
    with op_scope(name, "ReduceLogSumExp", [input_tensor]):
        rt = convert_to_tensor_or_ragged_tensor(input_tensor)
        raw_max = _reduce("max", rt, axis, True, None)

        def finite_or_zero(x):
            return array_ops.stop_gradient(logic_ops.select_v2(unary_ops.is_finite(x), x, array_ops.zeros_like(x)))
        my_max = raw_max.with_flat_values(finite_or_zero(raw_max.flat_values)) \
            if isinstance(raw_max, RaggedTensor) else finite_or_zero(raw_max)
        result = unary_ops.log(_reduce("sum", unary_ops.exp(rt - my_max), axis, keepdims, None))
        if not keepdims:
            if isinstance(result, RaggedTensor):
                my_max = my_max.with_flat_values(array_ops.reshape(my_max.flat_values,
                                                                   array_ops.shape(result.flat_values)))
            else:
                my_max = array_ops.reshape(my_max, array_ops.shape(result))
        return result + my_max


def _segment_handler(segment_op, scope):
    def handler(data, segment_ids, num_segments, name=None):
        with op_scope(name, scope, [data, segment_ids, num_segments]):
            return ragged_segment_aggregate(segment_op, data, segment_ids, num_segments)
    handler.__name__ = f"ragged_{segment_op.__name__}"
    return handler


for _op, _scope in ((reduction_ops.unsorted_segment_sum, "RaggedSegmentSum"),
                    (segment_ops.unsorted_segment_prod, "RaggedSegmentProd"),
                    (segment_ops.unsorted_segment_min, "RaggedSegmentMin"),
                    (segment_ops.unsorted_segment_max, "RaggedSegmentMax")):
    dispatch_for_api(_op, *_RAGGED)(_segment_handler(_op._dispatch_target, _scope))


def _segment_sum_and_count(data, segment_ids, num_segments):
    """The segment sums of ragged (or dense) `data`'s rows and the number of values summed into each."""
    data = convert_to_tensor_or_ragged_tensor(data)
    total = ragged_segment_aggregate(reduction_ops.unsorted_segment_sum, data, segment_ids, num_segments)
    ones = _ones_like_ragged(data) if isinstance(data, RaggedTensor) else array_ops.ones_like(data)
    return total, ragged_segment_aggregate(reduction_ops.unsorted_segment_sum, ones, segment_ids, num_segments)


@dispatch_for_api(segment_ops.unsorted_segment_mean, *_RAGGED)
def ragged_segment_mean(data, segment_ids, num_segments, name=None):
    """The mean of the rows of ragged `data` by `segment_ids`: a segment sum over a segment count."""
    with op_scope(name, "RaggedSegmentMean", [data, segment_ids, num_segments]):
        total, count = _segment_sum_and_count(data, segment_ids, num_segments)
        if isinstance(total, RaggedTensor):
            return total.with_flat_values(total.flat_values / count.flat_values)
        return total / count


@dispatch_for_api(segment_ops.unsorted_segment_sqrt_n, *_RAGGED)
def ragged_segment_sqrt_n(data, segment_ids, num_segments, name=None):
    """The sum of the rows of ragged `data` by `segment_ids` over the square root of their count."""
    with op_scope(name, "RaggedSegmentSqrtN", [data, segment_ids, num_segments]):
        total, count = _segment_sum_and_count(data, segment_ids, num_segments)
        if isinstance(total, RaggedTensor):
            return total.with_flat_values(total.flat_values / unary_ops.sqrt(count.flat_values))
        return total / unary_ops.sqrt(count)
