"""Number sequences and sets: range, linspace, setdiff1d, sequence_mask.
"""
from __future__ import annotations

import collections

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, constant_value, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import kernel_dtypes_check, register_op, set_op_fields
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops, constant_op, logic_ops, math_ops, stack_ops
from tfsess.ops.gradient_sums import all_axes
from tfsess.ops._infer import FLOAT, IDX, INDEX, apply_gen, check_dtype, check_rank, check_same_dtype, host


# ------------------------------------------------------------------ range, linspace
def _range_size(start, limit, delta):
    if delta == 0:
        raise ValueError("Requires delta != 0")
    if (delta > 0 and start > limit) or (delta < 0 and start < limit):
        raise ValueError(f"Requires start {'<=' if delta > 0 else '>='} limit when delta "
                         f"{'>' if delta > 0 else '<'} 0: {start}/{limit}")
    if isinstance(start, (int, np.integer)) and isinstance(limit, (int, np.integer)) and \
            isinstance(delta, (int, np.integer)):
        return (abs(int(limit) - int(start)) + abs(int(delta)) - 1) // abs(int(delta))
    return int(np.ceil(abs((float(limit) - float(start)) / float(delta))))


def _range_infer(inputs, attrs):
    dtype = check_same_dtype(inputs, "Range", ("start", "limit", "delta"))
    for t, what in zip(inputs, ("start", "limit", "delta")):
        if t.shape.ndims not in (None, 0):
            raise ValueError(f"Shape must be rank 0 but is rank {t.shape.ndims} for 'Range' ({what})")
    values = [constant_value(t) for t in inputs]
    if any(v is None for v in values):
        return [(dtype, TensorShape([None]))]
    values = [np.asarray(v).reshape(()).item() for v in values]
    return [(dtype, TensorShape([_range_size(*values)]))]


def _range_output_shapes(start, limit, delta):
    return [(_range_size(*(host(v).reshape(()).item() for v in (start, limit, delta))),)]


@register_op("Range", infer=_range_infer, no_gradient=True, foldable=True, output_shapes=_range_output_shapes)
def _range(xp, start, limit, delta):
    s, l_, d = (host(v).reshape(()).item() for v in (start, limit, delta))
    try:
        n = _range_size(s, l_, d)
    except ValueError as exc:
        raise errors.InvalidArgumentError(None, None, str(exc)) from None
    dtype = start.dtype
    steps = xp.arange(n, dtype=dtype) * xp.asarray(delta, dtype=dtype)
    return (xp.asarray(start, dtype=dtype) + steps).astype(dtype)


# TF's CPU Range kernels: the OpDef's other Tidx types build but fail every run of the graph
set_op_fields("Range", graph_error=kernel_dtypes_check("Range", ("bfloat16", "float32", "float64", "int32", "int64"),
                                                       attr="Tidx"))
_RANGE_ORDER = [dtypes.int32, dtypes.int64, dtypes.float16, dtypes.float32, dtypes.float64]
# the Tidx types of TF's Range OpDef (uint8 and bool are not among them)
_RANGE_KERNEL_TYPES = (dtypes.bfloat16, dtypes.float16, dtypes.float32, dtypes.float64, dtypes.int8, dtypes.int16,
                       dtypes.int32, dtypes.int64, dtypes.uint16, dtypes.uint32, dtypes.uint64)


def range_(start, limit=None, delta=1, dtype=None, name="range"):
    """The numbers from `start` up to (not including) `limit` by `delta` (tf.range).

    Raises:
        ValueError: delta is 0, or points away from limit, known while building.
    """
    if limit is None:
        start, limit = 0, start
    with op_scope(name, "Range", [start, limit, delta]) as scope:
        args = [v if isinstance(v, Tensor) else convert_to_tensor(v, dtype=dtype, name=n)
                for v, n in ((start, "start"), (limit, "limit"), (delta, "delta"))]
        if dtype is None:
            for a in args:
                if a.dtype.base_dtype not in _RANGE_ORDER:
                    raise TypeError(f"tf.range does not support dtype {a.dtype.base_dtype.name}")
            dtype = max((a.dtype.base_dtype for a in args), key=_RANGE_ORDER.index)
        if dtypes.as_dtype(dtype).base_dtype not in _RANGE_KERNEL_TYPES:
            raise TypeError(f"Value passed to parameter 'start' has DataType {dtypes.as_dtype(dtype).name} not in "
                            f"list of allowed values: bfloat16, float16, float32, float64, int8, int16, int32, "
                            f"int64, uint16, uint32, uint64")
        args = [math_ops.cast(a, dtype) for a in args]
        return apply1("Range", args, {"Tidx": dtypes.as_dtype(dtype)}, name=scope)


def _linspace_infer(inputs, attrs):
    start, stop, num = inputs
    dtype = check_dtype(start, FLOAT, "start")
    check_same_dtype([start, stop], "LinSpace", ("start", "stop"))
    check_dtype(num, INDEX, "num")
    n = constant_value(num)
    return [(dtype, TensorShape([None if n is None else int(n)]))]


@register_op("LinSpace", infer=_linspace_infer, no_gradient=True)
def _lin_space(xp, start, stop, num):
    n = int(num)
    if n <= 0:
        raise errors.InvalidArgumentError(None, None, f"Requires num > 0: {n}")
    dtype = start.dtype
    if n == 1:
        return xp.reshape(start, (1,)).astype(dtype)
    step = (stop - start) / dtype.type(n - 1)
    out = (start + xp.arange(n, dtype=dtype) * step).astype(dtype)
    out[-1] = stop
    return out


def linspace(start, stop, num, name=None, axis=0):
    """`num` evenly spaced values from `start` to `stop` inclusive (tf.linspace)."""
    with op_scope(name, "linspace", [start, stop]) as scope:
        start = convert_to_tensor(start, name="start")
        stop = convert_to_tensor(stop, name="stop", dtype=start.dtype.base_dtype)
        if start.dtype.base_dtype.is_integer:  # TF divides the range with truediv: float64 for ints
            start, stop = math_ops.cast(start, dtypes.float64), math_ops.cast(stop, dtypes.float64)
        count = constant_value(num) if isinstance(num, Tensor) else num if np.ndim(num) == 0 else None
        # the LinSpace op refuses num <= 0; TF's tf.linspace is a composite that gives [] for 0
        if start.shape.ndims == 0 and stop.shape.ndims == 0 and axis in (0, -1) and (count is None or count > 0):
            args = [("start", start, "T"), ("stop", stop, "T"), ("num", num, ("Tidx", dtypes.int32))]
            return apply_gen("LinSpace", args, name=scope)
        num_t = convert_to_tensor(num, name="num", dtype=dtypes.int32)
        steps = math_ops.cast(math_ops.maximum(num_t - 1, 1), start.dtype.base_dtype)
        start_e, stop_e = array_ops.expand_dims(start, axis), array_ops.expand_dims(stop, axis)
        delta = (stop_e - start_e) / steps
        positions = math_ops.cast(range_(num_t), start.dtype.base_dtype)
        rank_out = start_e.shape.ndims
        ax = axis % rank_out
        positions = array_ops.reshape(positions, [-1 if i == ax else 1 for i in range(rank_out)])
        return math_ops.add(start_e, delta * positions, name=scope)


lin_space = linspace


# ------------------------------------------------------------------ setdiff1d, sequence_mask
ListDiff = collections.namedtuple("ListDiff", ["out", "idx"])


def _list_diff_infer(inputs, attrs):
    dtype = check_same_dtype(inputs, "ListDiff")
    check_rank(inputs[0], 1, "ListDiff", "x")
    check_rank(inputs[1], 1, "ListDiff", "y")
    return [(dtype, TensorShape([None])), (attrs["out_idx"], TensorShape([None]))]


@register_op("ListDiff", infer=_list_diff_infer, foldable=True)
def _list_diff(xp, x, y, *, out_idx):
    hx = host(x)
    idx = np.nonzero(~np.isin(hx, host(y)))[0].astype(out_idx.as_numpy_dtype)
    return xp.asarray(hx[idx]), xp.asarray(idx)


def setdiff1d(x, y, index_dtype=dtypes.int32, name=None):
    """The values of `x` not in `y`, in order, with their positions (tf.setdiff1d)."""
    op = apply_gen("ListDiff", [("x", x, "T"), ("y", y, "T")], {"out_idx": dtypes.as_dtype(index_dtype)},
                   name=name, outputs=True)
    return ListDiff(*op.outputs)


def sequence_mask(lengths, maxlen=None, dtype=dtypes.bool, name=None):
    """mask[i, j] = j < lengths[i] (tf.sequence_mask)."""
    with op_scope(name, "SequenceMask", [lengths, maxlen]):
        lengths = convert_to_tensor(lengths)
        if maxlen is None:
            # reduce_max(lengths), built here: reduction_ops builds on this module
            axes = [0] if lengths.shape.ndims == 1 else all_axes(lengths)
            maxlen = apply_gen("Max", [("input", lengths, None), ("reduction_indices", axes, IDX)],
                               {"keep_dims": False})
            if not maxlen.shape.is_fully_defined():
                maxlen.set_shape(())
            maxlen = math_ops.maximum(maxlen, constant_op.constant(0, lengths.dtype.base_dtype))
        else:
            maxlen = convert_to_tensor(maxlen)
        index_dtype = maxlen.dtype.base_dtype
        row = range_(constant_op.constant(0, index_dtype), maxlen, constant_op.constant(1, index_dtype))
        matrix = math_ops.cast(array_ops.expand_dims(lengths, -1), maxlen.dtype.base_dtype)
        result = logic_ops.less(row, matrix)
        if dtypes.as_dtype(dtype) == dtypes.bool:
            return result
        return math_ops.cast(result, dtype)


def meshgrid(*args, **kwargs):
    """Coordinate grids from 1-D tensors, 'xy' (Cartesian) or 'ij' (matrix) indexed (tf.meshgrid).

    Raises:
        TypeError: unknown keyword arguments.
        ValueError: `indexing` is not 'xy' or 'ij'.
    """
    indexing = kwargs.pop("indexing", "xy")
    name = kwargs.pop("name", "meshgrid")
    if kwargs:
        raise TypeError(f"'{next(iter(kwargs))}' is an invalid keyword argument for this function")
    if indexing not in ("xy", "ij"):
        raise ValueError(f"Argument `indexing` parameter must be either 'xy' or 'ij', got '{indexing}'")
    with op_scope(name, "meshgrid", list(args)):
        ndim = len(args)
        if not ndim:
            return []
        ones_shape = (1,) * ndim
        output = [array_ops.reshape(stack_ops.stack(x), ones_shape[:i] + (-1,) + ones_shape[i + 1:])
                  for i, x in enumerate(args)]
        shapes = [array_ops.size(x) for x in args]
        dtype = convert_to_tensor(args[0]).dtype.base_dtype
        if indexing == "xy" and ndim > 1:
            output[0] = array_ops.reshape(output[0], (1, -1) + (1,) * (ndim - 2))
            output[1] = array_ops.reshape(output[1], (-1, 1) + (1,) * (ndim - 2))
            shapes[0], shapes[1] = shapes[1], shapes[0]
        mult = constant_op.ones(shapes, dtype)
        return [x * mult for x in output]


__all__ = ["lin_space", "linspace", "meshgrid", "sequence_mask", "setdiff1d"]
