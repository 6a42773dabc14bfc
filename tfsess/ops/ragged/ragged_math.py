"""Math on RaggedTensors: elementwise ops map over the flat values, tf.cast, and map_flat_values.

The handlers register with framework/dispatch.py, so tf.add(rt, 1) or tf.sqrt(rt) build these graphs.
"""
from __future__ import annotations

from tfsess.framework import nest
from tfsess.framework.dispatch import (dispatch_for_api, dispatch_for_binary_elementwise_apis,
                                       dispatch_for_unary_elementwise_apis)
from tfsess.framework.op_builder import convert_to_tensor
from tfsess.ops import array_ops, check_ops, control_flow_ops, gather_ops, math_ops
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
    full rank whose ragged dimensions have size 1 is repeated along them (rows gathered by value row ids),
    and along the outer one too when that has size 1.
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
        if dense.shape.dims[0].value == 1:  # one row for all of rt's rows
            ids = array_ops.zeros_like(ids)
        return gather_ops.gather(rows, ids)
    raise ValueError(f"tfsess: cannot broadcast a dense tensor of shape {dense.shape} against a RaggedTensor of "
                     f"shape {rt.shape} (only scalars, inner-dimension shapes, or size-1 ragged dimensions)")


def _drop_ragged_dims(dense, ragged_rank):
    return array_ops.squeeze(dense, axis=list(range(1, 1 + ragged_rank)))


@dispatch_for_api(math_ops.cast, RaggedTensor, RaggedTensorValue)
def _ragged_cast(x, dtype, name=None):
    x = convert_to_tensor_or_ragged_tensor(x)
    return x.with_flat_values(math_ops.cast(x.flat_values, dtype, name=name))
