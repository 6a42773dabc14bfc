"""Shape and indexing ops on RaggedTensors, as TF's ragged dispatch gives them: tf.expand_dims, tf.squeeze,
tf.size, tf.rank, tf.tile, tf.reverse, tf.split, tf.where and tf.gather_nd.

Each handler takes over the dense op when an argument is ragged; rows are rearranged by gathering
values at positions built with the RaggedRange op.
"""
from __future__ import annotations

import numbers

from tfsess.framework import dtypes
from tfsess.framework.dispatch import dispatch_for_api
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.tensor_util import constant_value
from tfsess.ops import (array_ops, broadcast_ops, check_ops, constant_op, control_flow_ops, cumulative_ops,
                        gather_ops, indexing_ops, logic_ops, math_ops, reduction_ops, sequence_ops, stack_ops)
from tfsess.ops.ragged.ragged_array import gather, ragged_concat
from tfsess.ops.ragged.ragged_getitem import gather_rows
from tfsess.ops.ragged.ragged_kernels import ragged_range_op
from tfsess.ops.ragged.ragged_math import map_flat_values
from tfsess.ops.ragged.ragged_reductions import positive_axis
from tfsess.ops.ragged.ragged_tensor import RaggedTensor, RaggedTensorValue, convert_to_tensor_or_ragged_tensor

_RAGGED = (RaggedTensor, RaggedTensorValue)


def _take_rows(values, positions):
    """values[positions] along the outer dimension, for a Tensor or a RaggedTensor."""
    if isinstance(values, RaggedTensor):
        return gather_rows(values, positions)
    return gather_ops.gather(values, positions)


def _ranges(starts, limits, delta):
    dtype = starts.dtype.base_dtype
    return ragged_range_op(starts, limits, convert_to_tensor(delta, dtype=dtype), dtype)


# ------------------------------------------------------------------ expand_dims, squeeze, size, rank
@dispatch_for_api(array_ops.expand_dims, *_RAGGED)
def expand_dims(input, axis=None, name=None, dim=None):  # noqa: A002 - TF's argument
    """`input` with a dimension of size 1 inserted at `axis` (tf.expand_dims on a RaggedTensor)."""
    axis = dim if dim is not None else axis
    with op_scope(name, "RaggedExpandDims", [input]):
        rt = convert_to_tensor_or_ragged_tensor(input, name="input")
        if not isinstance(rt, RaggedTensor):
            return array_ops.expand_dims(rt, axis)
        ndims = None if rt.shape.ndims is None else rt.shape.ndims + 1
        axis = positive_axis(axis, ndims, "axis", "rank(input)")
        if axis == 0:
            return RaggedTensor.from_uniform_row_length(rt, rt.nrows(), nrows=1, validate=False)
        if axis == 1:
            return RaggedTensor.from_uniform_row_length(rt, 1, nrows=rt.nrows(), validate=False)
        if isinstance(rt.values, RaggedTensor):
            return rt.with_values(expand_dims(rt.values, axis - 1))
        return rt.with_values(array_ops.expand_dims(rt.values, axis - 1))


@dispatch_for_api(array_ops.squeeze, *_RAGGED)
def squeeze(input, axis=None, name=None, squeeze_dims=None):  # noqa: A002 - TF's argument
    """`input` without the size-1 dimensions `axis`, checked at run time for ragged ones (tf.squeeze).

    Raises:
        ValueError: `axis` is None (a ragged tensor needs the axes named).
        TypeError: `axis` is not an int or a list of ints.
    """
    axis = squeeze_dims if squeeze_dims is not None else axis
    with op_scope(name, "RaggedSqueeze", [input]):
        rt = convert_to_tensor_or_ragged_tensor(input)
        if not isinstance(rt, RaggedTensor):
            return array_ops.squeeze(rt, axis)
        if axis is None:
            raise ValueError("Ragged.squeeze must have an axis argument.")
        if isinstance(axis, int):
            axis = [axis]
        elif not isinstance(axis, (list, tuple)) or not all(isinstance(d, int) for d in axis):
            raise TypeError("Axis must be a list or tuple of integers.")
        axis = [positive_axis(d, rt.shape.ndims, f"axis[{i}]", "rank(input)") for i, d in enumerate(axis)]
        dense_dims = [d - rt.ragged_rank for d in axis if d > rt.ragged_rank]
        ragged_dims = [d for d in axis if d <= rt.ragged_rank]
        checks = []
        one = constant_op.constant(1, dtype=rt.row_splits.dtype)
        for i, lengths in enumerate(rt.nested_row_lengths()):
            if i + 1 in ragged_dims:
                checks.append(check_ops.Assert(reduction_ops.reduce_all(logic_ops.equal(lengths, one)),
                                               [f"the given axis (axis = {i + 1}) is not squeezable!"]))
        if 0 in ragged_dims:
            checks.append(check_ops.Assert(logic_ops.equal(array_ops.size(rt.row_splits), 2),
                                           ["the given axis (axis = 0) is not squeezable!"]))
        result = control_flow_ops.with_dependencies(checks, rt.flat_values) if checks else rt.flat_values
        if dense_dims:
            result = array_ops.squeeze(result, dense_dims)
        remaining = [s for i, s in enumerate(rt.nested_row_splits) if i + 1 not in ragged_dims]
        if remaining and 0 in ragged_dims:
            remaining.pop(0)
        result = RaggedTensor.from_nested_row_splits(result, remaining) if remaining else result
        if set(range(rt.ragged_rank + 1)).issubset(ragged_dims):
            result = array_ops.squeeze(result, [0])
        return result


@dispatch_for_api(array_ops.size, *_RAGGED)
def size(input, name=None, out_type=dtypes.int32):  # noqa: A002 - TF's argument
    """The number of values of a RaggedTensor (tf.size)."""
    rt = convert_to_tensor_or_ragged_tensor(input)
    if isinstance(rt, RaggedTensor):
        return array_ops.size(rt.flat_values, out_type=out_type, name=name)
    return array_ops.size(rt, out_type=out_type, name=name)


@dispatch_for_api(array_ops.rank, *_RAGGED)
def rank(input, name=None):  # noqa: A002 - TF's argument
    """ragged_rank + the rank of the flat values (tf.rank)."""
    with op_scope(name, "RaggedRank", [input]):
        rt = convert_to_tensor_or_ragged_tensor(input)
        if not isinstance(rt, RaggedTensor):
            return array_ops.rank(rt)
        return rt.ragged_rank + array_ops.rank(rt.flat_values)


# ------------------------------------------------------------------ tile, reverse, split
@dispatch_for_api(broadcast_ops.tile, *_RAGGED)
def tile(input, multiples, name=None):  # noqa: A002 - TF's argument
    """Each dimension d of `input` repeated multiples[d] times: a row of a ragged dimension holds its
    items that many times over (tf.tile on a RaggedTensor)."""
    with op_scope(name, "RaggedTile", [input, multiples]):
        rt = convert_to_tensor_or_ragged_tensor(input, name="input")
        if not isinstance(rt, RaggedTensor):
            return broadcast_ops.tile(rt, multiples)
        multiples = math_ops.cast(convert_to_tensor(multiples, name="multiples", preferred_dtype=dtypes.int64),
                                  rt.row_splits.dtype)
        multiples.shape.with_rank(1)
        return _tile(rt, multiples, 0)


def _tile(value, multiples, axis):
    """`value` (the items of dimension `axis`) with each dimension below `axis` tiled, then its rows
    repeated multiples[axis] times when `axis` is 0."""
    if not isinstance(value, RaggedTensor):
        inner = stack_ops.concat([multiples[:1] if axis == 0 else constant_op.ones([1], multiples.dtype),
                                  multiples[axis + 1:]], 0)
        return broadcast_ops.tile(value, math_ops.cast(inner, dtypes.int32))
    values = _tile(value.values, multiples, axis + 1)
    count = multiples[axis + 1]
    starts, limits = value.row_splits[:-1], value.row_splits[1:]
    repeated_starts = array_ops.reshape(broadcast_ops.tile(array_ops.expand_dims(starts, 1),
                                                           stack_ops.stack([1, count])), [-1])
    lengths = limits - starts
    _, positions = _ranges(repeated_starts, array_ops.reshape(
        broadcast_ops.tile(array_ops.expand_dims(limits, 1), stack_ops.stack([1, count])), [-1]), 1)
    splits = stack_ops.concat([constant_op.zeros([1], lengths.dtype), cumulative_ops.cumsum(lengths * count)], 0)
    result = RaggedTensor.from_row_splits(_take_rows(values, positions), splits, validate=False)
    if axis != 0:
        return result
    nrows = result.nrows()
    order = math_ops.floormod(sequence_ops.range_(nrows * multiples[0], dtype=nrows.dtype), nrows)
    return gather_rows(result, order)


def _reverse_axis(rt, axis):
    if axis == 0:
        nrows = rt.nrows()
        return gather_rows(rt, sequence_ops.range_(nrows - 1, -1, -1, dtype=nrows.dtype))
    if axis > rt.ragged_rank:
        return rt.with_flat_values(broadcast_ops.reverse(rt.flat_values, [axis - rt.ragged_rank]))
    if axis > 1:
        return rt.with_values(_reverse_axis(rt.values, axis - 1))
    starts, limits = rt.row_splits[:-1], rt.row_splits[1:]
    _, positions = _ranges(limits - 1, starts - 1, -1)
    return RaggedTensor.from_row_splits(_take_rows(rt.values, positions), rt.row_splits, validate=False)


@dispatch_for_api(broadcast_ops.reverse, *_RAGGED)
def reverse(tensor, axis, name=None):
    """`tensor` reversed along each of `axis` (tf.reverse on a RaggedTensor).

    Raises:
        TypeError: `axis` is not a list of ints or a constant tensor.
    """
    message = "`axis` must be a list of int or a constant tensorwhen reversing axes in a ragged tensor"
    with op_scope(name, "Reverse", [tensor]):
        if isinstance(axis, Tensor):
            axis = constant_value(axis)
            if axis is None:
                raise TypeError(message)
            axis = list(axis.reshape(-1))  # numpy integers: positive_axis refuses them, as TF does
        elif not (isinstance(axis, (list, tuple)) and all(isinstance(d, int) for d in axis)):
            raise TypeError(message)
        rt = convert_to_tensor_or_ragged_tensor(tensor, name="tensor")
        if not isinstance(rt, RaggedTensor):
            return broadcast_ops.reverse(rt, axis)
        axis = [positive_axis(d, rt.shape.ndims, f"axis[{i}]", "rank(tensor)") for i, d in enumerate(axis)]
        for a in axis:
            rt = _reverse_axis(rt, a)
        return rt


@dispatch_for_api(stack_ops.split, *_RAGGED)
def split(value, num_or_size_splits, axis=0, num=None, name=None):
    """`value` cut along a uniform `axis` into `num_or_size_splits` equal pieces or pieces of those
    sizes (tf.split on a RaggedTensor).

    Raises:
        ValueError: a ragged `axis`, fewer than 1 piece, or an unknown number of pieces.
        TypeError: sizes that are not a 1-D list or tensor.
    """
    with op_scope(name, "RaggedSplit", [value]):
        rt = convert_to_tensor_or_ragged_tensor(value, name="value")
        if isinstance(num_or_size_splits, int) and num_or_size_splits == 1:
            return [rt]
        axis = positive_axis(axis, rt.shape.ndims, "axis", "rank")
        if 0 < axis <= rt.ragged_rank:
            raise ValueError(f"Cannot split a ragged dimension. Got `value` with shape {rt.shape} and `axis` {axis}.")
        dim_size = rt.nrows() if axis == 0 else \
            math_ops.cast(array_ops.shape(rt.flat_values)[axis - rt.ragged_rank], rt.row_splits.dtype)
        if isinstance(num_or_size_splits, numbers.Integral):
            num_splits = int(num_or_size_splits)
            if num_splits < 1:
                raise ValueError(f"`num_or_size_splits` must be >=1 if it is an `int`.Received {num_or_size_splits}.")
            lengths = array_ops.reshape(broadcast_ops.tile(array_ops.reshape(math_ops.floordiv(
                dim_size, math_ops.cast(num_splits, dim_size.dtype)), [1]), [num_splits]), [-1])
        else:
            lengths = math_ops.cast(convert_to_tensor(num_or_size_splits), dim_size.dtype)
            if lengths.shape.ndims is not None and lengths.shape.ndims != 1:
                raise TypeError(f"`num_or_size_splits` must be an `int` or 1-D list or `Tensor`. Received "
                                f"{num_or_size_splits}.")
            num_splits = lengths.shape.dims[0].value if lengths.shape.ndims == 1 else None
            if num_splits is None:
                if num is None:
                    raise ValueError("`num` must be specified as an `int` when the size of `num_or_size_split` is "
                                     f"statically unknown. Received `num`: {num} and `num_or_size_split`: "
                                     f"{num_or_size_splits}.")
                num_splits = num
            elif num is not None and num != num_splits:
                raise ValueError(f"`num` does not match the size of `num_or_size_split`. Received `num`: {num} and "
                                 f"size of `num_or_size_split`: {num_splits}.")
        splits = stack_ops.concat([constant_op.zeros([1], lengths.dtype), cumulative_ops.cumsum(lengths)], 0)
        checks = [check_ops.assert_non_negative(lengths, message="`num_or_size_splits` must be non-negative."),
                  check_ops.assert_equal(dim_size, splits[-1], message="Cannot exactly split the `axis` dimension "
                                         "of `value` with the given `num_or_size_split`.")]
        splits = control_flow_ops.with_dependencies(checks, splits)
        pieces = []
        for i in range(num_splits):
            key = (slice(None),) * axis + (slice(splits[i], splits[i + 1]),)
            pieces.append(rt[key])
        return pieces


# ------------------------------------------------------------------ where, gather_nd
def _coordinate_where(condition):
    """The coordinates of the true values of a (possibly ragged) `condition`, one row each."""
    if not isinstance(condition, RaggedTensor):
        return indexing_ops.where(condition)
    coords = _coordinate_where(condition.values)
    condition = condition.with_row_splits_dtype(coords.dtype)
    first = coords[:, 0]
    rows = gather_ops.gather(condition.value_rowids(), first)
    cols = first - gather_ops.gather(condition.row_splits, rows)
    return stack_ops.concat([array_ops.expand_dims(rows, 1), array_ops.expand_dims(cols, 1), coords[:, 1:]], 1)


def _elementwise_where(condition, x, y):
    ragged = [isinstance(v, RaggedTensor) for v in (condition, x, y)]
    if not any(ragged):
        return indexing_ops.where(condition, x, y)
    if all(ragged):
        return map_flat_values(indexing_ops.where_v2, condition, x, y)
    if not ragged[0]:
        condition.shape.with_rank(1)
        x_and_y = ragged_concat([x, y], 0)
        dtype = x_and_y.row_splits.dtype
        x_rows = x.nrows(out_type=dtype) if ragged[1] else array_ops.shape(x, out_type=dtype)[0]
        y_rows = y.nrows(out_type=dtype) if ragged[2] else array_ops.shape(y, out_type=dtype)[0]
        indices = indexing_ops.where(condition, sequence_ops.range_(x_rows, dtype=dtype),
                                     x_rows + sequence_ops.range_(y_rows, dtype=dtype))
        return gather(x_and_y, indices)
    raise ValueError("Input shapes do not match.")


def _where_handler(scope):
    def where(condition, x=None, y=None, name=None):
        if (x is None) != (y is None):
            raise ValueError("x and y must be either both None or both non-None")
        with op_scope(name, scope, [condition, x, y]):
            condition = convert_to_tensor_or_ragged_tensor(condition, name="condition")
            if x is None:
                return _coordinate_where(condition)
            x = convert_to_tensor_or_ragged_tensor(x, name="x")
            y = convert_to_tensor_or_ragged_tensor(y, name="y")
            return _elementwise_where(condition, x, y)
    where.__doc__ = ("tf.where with a ragged condition or operands: the coordinates of the true values, or x "
                     "where condition else y (operands sharing the condition's row partitions).")
    return where


dispatch_for_api(indexing_ops.where, *_RAGGED)(_where_handler("RaggedWhere"))
dispatch_for_api(indexing_ops.where_v2, *_RAGGED)(_where_handler("RaggedWhere"))


@dispatch_for_api(gather_ops.gather_nd, *_RAGGED)
def gather_nd(params, indices, name=None, batch_dims=0):
    """The slices of ragged `params` at the index tuples of `indices` (tf.gather_nd), as TF's ragged
    gather_nd: inner positions index the flattened values without a per-row bounds check.

    Raises:
        ValueError: batch_dims != 0, indices of unknown rank or index size, or a ragged innermost index dimension.
    """
    if batch_dims != 0:
        raise ValueError("batch_dims != 0 is not supported for ragged gather yet.")
    with op_scope(name, "RaggedGatherNd", [params, indices]):
        params = convert_to_tensor_or_ragged_tensor(params, name="params")
        indices = convert_to_tensor_or_ragged_tensor(indices, name="indices")
        if not isinstance(params, RaggedTensor) and not isinstance(indices, RaggedTensor):
            return gather_ops.gather_nd(params, indices)
        ndims = indices.shape.ndims
        if ndims is None:
            raise ValueError("indices.rank be statically known.")
        if ndims == 0:
            raise ValueError("indices.rank must be at least 1.")
        if isinstance(indices, RaggedTensor) and ndims == indices.ragged_rank + 1:
            raise ValueError("The innermost dimension of indices may not be ragged")
        index_size = indices.shape.dims[-1].value
        if index_size is None:
            raise ValueError("indices.shape[-1] must be statically known.")
        if ndims > 2:
            dense = not isinstance(indices, RaggedTensor)
            if dense:
                indices = RaggedTensor.from_tensor(indices, ragged_rank=ndims - 2,
                                                   row_splits_dtype=params.row_splits.dtype)
            result = indices.with_flat_values(gather_nd(params, indices.flat_values))
            if dense and isinstance(result, RaggedTensor) and result.ragged_rank == ndims - 2:
                result = result.to_tensor()
            return result
        if not isinstance(params, RaggedTensor):
            return gather_ops.gather_nd(params, indices)
        if index_size == 0:
            params_ndims = params.ragged_rank + array_ops.rank(params.flat_values)
            for _ in range(ndims - 1):
                params = expand_dims(params, axis=0)
            multiples = stack_ops.concat([array_ops.shape(indices)[:-1], constant_op.ones([params_ndims],
                                                                                         dtypes.int32)], 0)
            return tile(params, multiples)
        if index_size == 1:
            return gather(params, array_ops.reshape(indices, [-1]))
        indices = math_ops.cast(indices, params.row_splits.dtype)
        flat = gather_ops.gather(params.row_splits, indices[..., 0]) + indices[..., 1]
        flat_params = params.values
        for dim in range(2, index_size):
            if not isinstance(flat_params, RaggedTensor):
                flat = stack_ops.concat([array_ops.expand_dims(flat, -1), indices[..., dim:]], -1)
                return gather_ops.gather_nd(flat_params, flat)
            flat = gather_ops.gather(flat_params.row_splits, flat) + indices[..., dim]
            flat_params = flat_params.values
        return gather(flat_params, flat)
