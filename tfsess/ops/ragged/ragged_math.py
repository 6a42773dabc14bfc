"""Math on RaggedTensors: elementwise ops map over the flat values, reductions over a ragged axis
become segment reductions (tf.reduce_sum/mean/max/min/prod/any/all), and map_flat_values.

The handlers register with framework/dispatch.py, so tf.add(rt, 1), tf.sqrt(rt) or
tf.reduce_sum(rt, axis=1) build these graphs.
"""
from __future__ import annotations

from tfsess.framework import dtypes, nest
from tfsess.framework.dispatch import (dispatch_for_api, dispatch_for_binary_elementwise_apis,
                                       dispatch_for_unary_elementwise_apis)
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.ops import (array_ops, check_ops, control_flow_ops, gather_ops, logic_ops, math_ops, reduction_ops,
                        segment_ops, sequence_ops)
from tfsess.ops.ragged.ragged_tensor import (RaggedTensor, RaggedTensorValue, convert_to_tensor_or_ragged_tensor,
                                             row_splits_to_segment_ids)


def map_flat_values(op, *args, **kwargs):
    """`op` applied to the flat values of the RaggedTensors among its arguments, which must share
    their row partitions; the result keeps those partitions (tf.ragged.map_flat_values).

    Raises:
        ValueError: no RaggedTensor argument, or ragged arguments of different ragged_rank.
    """
    ragged = [a for a in nest.flatten([args, kwargs]) if isinstance(a, RaggedTensor)]
    if not ragged:
        return op(*args, **kwargs)
    first = ragged[0]
    if any(r.ragged_rank != first.ragged_rank for r in ragged):
        raise ValueError("All ragged inputs must have the same ragged_rank.")
    checks = _same_splits_checks(ragged)

    def flat_values(arg):
        if not isinstance(arg, RaggedTensor):
            return arg
        return control_flow_ops.with_dependencies(checks, arg.flat_values) if checks else arg.flat_values
    flat_args, flat_kwargs = nest.map_structure(flat_values, [list(args), kwargs])
    return first.with_flat_values(op(*flat_args, **flat_kwargs))


def _same_splits_checks(ragged):
    checks = []
    for other in ragged[1:]:
        for a, b in zip(ragged[0].nested_row_splits, other.nested_row_splits):
            if a is not b:
                checks.append(check_ops.assert_equal(a, b, message="Inputs must have identical ragged splits"))
    return checks


# ------------------------------------------------------------------ elementwise dispatch
@dispatch_for_unary_elementwise_apis(RaggedTensor, RaggedTensorValue)
def _ragged_unary(api, x, *args, **kwargs):
    x = convert_to_tensor_or_ragged_tensor(x)
    return x.with_flat_values(api(x.flat_values, *args, **kwargs))


@dispatch_for_binary_elementwise_apis(RaggedTensor, RaggedTensorValue)
def _ragged_binary(api, x, y, *args, **kwargs):
    x_ragged, y_ragged = (isinstance(v, (RaggedTensor, RaggedTensorValue)) for v in (x, y))
    if x_ragged and y_ragged:
        x, y = convert_to_tensor_or_ragged_tensor(x), convert_to_tensor_or_ragged_tensor(y)
        return map_flat_values(api, x, y, *args, **kwargs)
    rt = convert_to_tensor_or_ragged_tensor(x if x_ragged else y)
    dense = convert_to_tensor(y if x_ragged else x, preferred_dtype=rt.dtype.base_dtype)
    dense_flat = _dense_as_flat(rt, dense)
    operands = (rt.flat_values, dense_flat) if x_ragged else (dense_flat, rt.flat_values)
    return rt.with_flat_values(api(*operands, *args, **kwargs))


def _dense_as_flat(rt, dense):
    """`dense` broadcast against `rt`, expressed against rt's flat values.

    A dense operand of rank at most the flat values' inner rank broadcasts as it is; one of rt's
    full rank whose ragged dimensions have size 1 is repeated along them (rows gathered by value row ids).
    """
    inner_rank = rt.flat_values.shape.ndims - 1 if rt.flat_values.shape.ndims is not None else None
    rank = dense.shape.ndims
    if rank is None or inner_rank is None:
        raise ValueError("tfsess: broadcasting a dense tensor of unknown rank against a RaggedTensor "
                         "is not supported")
    if rank <= inner_rank:
        return dense
    full_rank = 1 + rt.ragged_rank + inner_rank
    if rank == full_rank and all(d.value == 1 for d in dense.shape.dims[1:1 + rt.ragged_rank]):
        rows = _drop_ragged_dims(dense, rt.ragged_rank)
        ids = None
        for splits in rt.nested_row_splits:
            level_ids = row_splits_to_segment_ids(splits)
            ids = level_ids if ids is None else gather_ops.gather(ids, level_ids)
        return gather_ops.gather(rows, ids)
    raise ValueError(f"tfsess: cannot broadcast a dense tensor of shape {dense.shape} against a RaggedTensor of "
                     f"shape {rt.shape} (only scalars, inner-dimension shapes, or size-1 ragged dimensions)")


def _drop_ragged_dims(dense, ragged_rank):
    return array_ops.squeeze(dense, axis=list(range(1, 1 + ragged_rank)))



# ------------------------------------------------------------------ reductions
def _segment_reducer(kind):
    return {"sum": reduction_ops.unsorted_segment_sum, "max": segment_ops.unsorted_segment_max,
            "min": segment_ops.unsorted_segment_min, "prod": segment_ops.unsorted_segment_prod}[kind]


def _segment_reduce(kind, data, ids, num):
    if kind in ("any", "all"):
        as_int = math_ops.cast(data, dtypes.int32)
        reduced = _segment_reducer("max" if kind == "any" else "min")(as_int, ids, num)
        return logic_ops.greater(reduced, 0)
    return _segment_reducer(kind)(data, ids, num)


def _positions_in_rows(rt):
    """Each value's position within its row, and the length of the longest row."""
    rowids = rt.value_rowids()
    starts = gather_ops.gather(rt.row_splits[:-1], rowids)
    positions = sequence_ops.range_(array_ops.shape(rowids, out_type=rowids.dtype)[0], dtype=rowids.dtype) - starts
    lengths = rt.row_splits[1:] - rt.row_splits[:-1]
    longest = math_ops.maximum(reduction_ops.reduce_max(lengths), math_ops.cast(0, lengths.dtype))
    return positions, longest


def _reduce_ragged(kind, rt, axis, keepdims):
    if axis is None:
        return _dense_reduce(kind, rt.flat_values, None, keepdims)
    rank = rt.shape.ndims
    if axis < 0:
        if rank is None:
            raise ValueError("axis may only be negative if rank is statically known.")
        axis += rank
    if axis > rt.ragged_rank:
        return rt.with_flat_values(_dense_reduce(kind, rt.flat_values, axis - rt.ragged_rank, keepdims))
    if axis > 1:
        return rt.with_values(_reduce_ragged(kind, rt.values, axis - 1, keepdims))
    if isinstance(rt.values, RaggedTensor):
        raise ValueError(f"tfsess: reducing axis {axis} of a RaggedTensor with ragged_rank {rt.ragged_rank} "
                         "is not supported (reduce a deeper axis first)")
    if axis == 1:
        result = _segment_reduce(kind, rt.values, rt.value_rowids(), rt.nrows())
        return array_ops.expand_dims(result, 1) if keepdims else result
    positions, longest = _positions_in_rows(rt)
    result = _segment_reduce(kind, rt.values, positions, longest)
    return array_ops.expand_dims(result, 0) if keepdims else result


def _dense_reduce(kind, tensor, axis, keepdims):
    fn = {"sum": reduction_ops.reduce_sum, "max": reduction_ops.reduce_max, "min": reduction_ops.reduce_min,
          "prod": reduction_ops.reduce_prod, "any": reduction_ops.reduce_any, "all": reduction_ops.reduce_all}[kind]
    return fn(tensor, axis=axis, keepdims=keepdims)


def _single_axis(axis):
    if isinstance(axis, (list, tuple)):
        if len(axis) != 1:
            raise ValueError("tfsess: reducing a RaggedTensor over several axes at once is not supported")
        return int(axis[0])
    return None if axis is None else int(axis)


def _reduction_handler(kind, op_name):
    def handler(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
        axis = _single_axis(axis if axis is not None else reduction_indices)
        keepdims = bool(keepdims if keepdims is not None else keep_dims)
        with op_scope(name, op_name, [input_tensor]):
            rt = convert_to_tensor_or_ragged_tensor(input_tensor)
            return _reduce_ragged(kind, rt, axis, keepdims)
    return handler


for _api, _kind, _op_name in ((reduction_ops.reduce_sum, "sum", "RaggedReduceSum"),
                              (reduction_ops.reduce_max, "max", "RaggedReduceMax"),
                              (reduction_ops.reduce_min, "min", "RaggedReduceMin"),
                              (reduction_ops.reduce_prod, "prod", "RaggedReduceProd"),
                              (reduction_ops.reduce_any, "any", "RaggedReduceAny"),
                              (reduction_ops.reduce_all, "all", "RaggedReduceAll")):
    dispatch_for_api(_api, RaggedTensor, RaggedTensorValue)(_reduction_handler(_kind, _op_name))


@dispatch_for_api(reduction_ops.reduce_mean, RaggedTensor, RaggedTensorValue)
def _ragged_reduce_mean(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
    axis = _single_axis(axis if axis is not None else reduction_indices)
    keepdims = bool(keepdims if keepdims is not None else keep_dims)
    with op_scope(name, "RaggedReduceMean", [input_tensor]):
        rt = convert_to_tensor_or_ragged_tensor(input_tensor)
        total = _reduce_ragged("sum", rt, axis, keepdims)
        count = _reduce_ragged("sum", rt.with_flat_values(array_ops.ones_like(rt.flat_values)), axis, keepdims)
        if isinstance(total, RaggedTensor):
            return total.with_flat_values(total.flat_values / count.flat_values)
        return total / count


@dispatch_for_api(math_ops.cast, RaggedTensor, RaggedTensorValue)
def _ragged_cast(x, dtype, name=None):
    x = convert_to_tensor_or_ragged_tensor(x)
    return x.with_flat_values(math_ops.cast(x.flat_values, dtype, name=name))
