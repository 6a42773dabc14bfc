"""Searching, counting and small shape utilities: searchsorted (LowerBound/UpperBound), repeat, unique_with_counts,
bincount, unravel_index, histogram_fixed_width(_bins), cross, ensure_shape.
"""
from __future__ import annotations

import collections

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import constant_value, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, as_shape, unknown_shape
from tfsess.ops import array_ops, cumulative_ops, gather_ops, math_ops, reduction_ops, sequence_ops, unary_ops
from tfsess.ops._infer import INDEX, REAL, apply_gen, check_dtype, check_same_dtype, fmt_shape, host


# ------------------------------------------------------------------ searchsorted
def _bound_infer_for(op_type):
    def infer(inputs, attrs):
        seq, values = inputs
        check_same_dtype([seq, values], op_type, ("sorted_inputs", "values"))
        for t, what in ((seq, "sorted_inputs"), (values, "values")):
            if t.shape.ndims == 0:
                raise ValueError(f"Shape must be at least rank 1 but is rank 0 for '{op_type}' ({what})")
        return [(attrs.get("out_type", dtypes.int32), values.shape)]
    return infer


def _bound_kernel(side):
    def kernel(xp, seq, values, *, out_type=dtypes.int32):
        seq, values = host(seq), host(values)
        if seq.shape[:-1] != values.shape[:-1]:
            raise errors.InvalidArgumentError(None, None, "Leading dim_size of both tensors must match: "
                                              f"{list(seq.shape)} and {list(values.shape)}")
        lead = int(np.prod(seq.shape[:-1], dtype=np.int64))  # not -1: an empty last axis leaves -1 ambiguous
        rows_s, rows_v = seq.reshape(lead, seq.shape[-1]), values.reshape(lead, values.shape[-1])
        out = np.empty(rows_v.shape, np.int64)
        for i in range(rows_s.shape[0]):
            out[i] = np.searchsorted(rows_s[i], rows_v[i], side=side)
        return xp.asarray(out.reshape(values.shape).astype(dtypes.as_dtype(out_type).as_numpy_dtype))
    return kernel


register_op("LowerBound", infer=_bound_infer_for("LowerBound"), no_gradient=True)(_bound_kernel("left"))
register_op("UpperBound", infer=_bound_infer_for("UpperBound"), no_gradient=True)(_bound_kernel("right"))


def searchsorted(sorted_sequence, values, side="left", out_type=dtypes.int32, name=None):
    """Where `values` would be inserted in each row of `sorted_sequence` (its innermost axis) (tf.searchsorted)."""
    if side not in ("left", "right"):
        raise ValueError(f"Argument `side` must be either 'right' or 'left'. Received: `side` = {side}.")
    op_type = "LowerBound" if side == "left" else "UpperBound"
    return apply_gen(op_type, [("sorted_inputs", sorted_sequence, "T"), ("values", values, "T")],
                     {"out_type": dtypes.as_dtype(out_type)}, name=name)


def repeat(input, repeats, axis=None, name=None):  # noqa: A002
    """Repeats each element (or slice along `axis`) `repeats` times (tf.repeat); flattens when `axis` is None.

    Built as a gather of the positions found by searching the cumulative counts, so it has a gradient.
    """
    with op_scope(name, "Repeat", [input, repeats]):
        input = convert_to_tensor(input, name="input")
        repeats = convert_to_tensor(repeats, name="repeats")
        if axis is None:
            input, axis = array_ops.reshape(input, [-1]), 0
        result = _repeat_along(input, repeats, axis)
        dims, counts = input.shape.as_tuple_or_none(), constant_value(repeats)
        if dims is not None and counts is not None and np.ndim(counts) == 0 and dims[axis] is not None:  # as TF
            dims = list(dims)
            dims[axis] = int(np.sum(np.broadcast_to(counts, (dims[axis],))))
            result.set_shape(dims)
        return result


def _repeat_along(input, repeats, axis):  # noqa: A002
    size = array_ops.shape(input, out_type=repeats.dtype)[axis]
    repeats = repeats + array_ops.zeros_like(sequence_ops.range_(size, dtype=repeats.dtype))  # a scalar broadcast
    ends = cumulative_ops.cumsum(repeats)
    positions = sequence_ops.range_(ends[-1], dtype=repeats.dtype)
    index = searchsorted(ends, positions, side="right", out_type=repeats.dtype)
    return gather_ops.gather(input, index, axis=axis)


# ------------------------------------------------------------------ unique_with_counts, bincount
UniqueWithCounts = collections.namedtuple("UniqueWithCounts", ["y", "idx", "count"])


def _unique_counts_infer(inputs, attrs):
    x = inputs[0]
    if x.shape.ndims not in (None, 1):
        raise ValueError(f"Shape must be rank 1 but is rank {x.shape.ndims} for 'UniqueWithCounts' (x)")
    out_idx = attrs.get("out_idx", dtypes.int32)
    return [(x.dtype.base_dtype, TensorShape([None])), (out_idx, x.shape if x.shape.ndims else TensorShape([None])),
            (out_idx, TensorShape([None]))]


@register_op("UniqueWithCounts", infer=_unique_counts_infer, no_gradient=True)
def _unique_with_counts(xp, x, *, out_idx=dtypes.int32):
    values = host(x)
    _, first, inverse, counts = np.unique(values, return_index=True, return_inverse=True, return_counts=True)
    order = np.argsort(first, kind="stable")  # TF lists the unique values in order of first appearance
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    index_dtype = dtypes.as_dtype(out_idx).as_numpy_dtype
    return (xp.asarray(values[first[order]]), xp.asarray(rank[inverse.reshape(-1)].astype(index_dtype)),
            xp.asarray(counts[order].astype(index_dtype)))


def unique_with_counts(x, out_idx=dtypes.int32, name=None):
    """The unique values of 1-D `x` in order of appearance, each element's index into them, and their counts."""
    op = apply_gen("UniqueWithCounts", [("x", x, None)], {"out_idx": dtypes.as_dtype(out_idx)}, name=name,
                   outputs=True)
    return UniqueWithCounts(*op.outputs)


def _bincount_infer(inputs, attrs):
    arr, size, weights = inputs
    check_dtype(arr, (dtypes.int32,), "arr")
    dtype = check_dtype(weights, REAL, "weights")
    n = constant_value(size)
    return [(dtype, TensorShape([None if n is None else int(n)]))]


@register_op("Bincount", infer=_bincount_infer, no_gradient=True)
def _bincount(xp, arr, size, weights):
    values, size = host(arr).reshape(-1), int(size)
    if size < 0:
        raise errors.InvalidArgumentError(None, None, f"size ({size}) must be non-negative")
    if values.size and values.min() < 0:
        raise errors.InvalidArgumentError(None, None, f"Input arr must be non-negative! Got {values.min()}")
    keep = values < size  # TF drops values at or past `size`
    w = host(weights).reshape(-1)
    if w.size:
        if w.size != values.size:
            raise errors.InvalidArgumentError(None, None, "Input arr and weights should have the same shape, got "
                                              f"{list(arr.shape)} and {list(weights.shape)}")
        out = np.bincount(values[keep], weights=w[keep], minlength=size)
    else:
        out = np.bincount(values[keep], minlength=size)
    return xp.asarray(out[:size].astype(weights.dtype))


def _dense_bincount_infer(inputs, attrs):
    values, size, weights = inputs
    check_dtype(values, INDEX, "input")
    dtype = check_dtype(weights, (dtypes.int32, dtypes.int64, dtypes.float32, dtypes.float64), "weights")
    n = constant_value(size)
    n = None if n is None else int(n)
    if values.shape.ndims is None:
        return [(dtype, unknown_shape())]
    if values.shape.ndims not in (1, 2):
        raise ValueError(f"Shape must be at most rank 2 but is rank {values.shape.ndims} for 'DenseBincount'")
    return [(dtype, TensorShape([n] if values.shape.ndims == 1 else [values.shape.as_tuple_or_none()[0], n]))]


@register_op("DenseBincount", infer=_dense_bincount_infer, no_gradient=True, gpu=False)
def _dense_bincount(xp, values, size, weights, *, binary_output=False):
    """Counts (or sums `weights`) of each value below `size`, per row of a 2-D input; 1 for any count with
    `binary_output` (TF's DenseBincount, which tf.math.bincount builds)."""
    values, size, w = host(values), int(size), host(weights)
    if size < 0:
        raise errors.InvalidArgumentError(None, None, f"size ({size}) must be non-negative")
    if values.size and values.min() < 0:
        raise errors.InvalidArgumentError(None, None, "Input arr must be non-negative!")
    if w.size and w.shape != values.shape:
        raise errors.InvalidArgumentError(None, None, "Input arr and weights should have the same shape, got "
                                          f"{list(values.shape)} and {list(w.shape)}")
    rows = values.reshape(-1, values.shape[-1]) if values.ndim == 2 else values.reshape(1, -1)
    weight_rows = w.reshape(rows.shape) if w.size else None
    out = np.zeros((rows.shape[0], size), w.dtype)
    for i, row in enumerate(rows):
        keep = row < size
        if binary_output:
            out[i, row[keep]] = 1
        elif weight_rows is None:
            out[i] = np.bincount(row[keep], minlength=size)[:size]
        else:
            np.add.at(out[i], row[keep], weight_rows[i][keep])
    return xp.asarray(out if values.ndim == 2 else out[0])


def bincount(arr, weights=None, minlength=None, maxlength=None, dtype=dtypes.int32):
    """Counts each value of int32 `arr` (weighted by `weights`) into max(arr) + 1 bins, at least `minlength`
    and at most `maxlength` of them (tf.math.bincount, TF1's signature)."""
    with op_scope(None, "bincount", [arr, weights]):
        arr = convert_to_tensor(arr, name="arr", dtype=dtypes.int32)
        nonempty = math_ops.cast(reduction_ops.reduce_prod(array_ops.shape(arr)) > 0, dtypes.int32)
        size = nonempty * (reduction_ops.reduce_max(arr) + 1)
        if minlength is not None:
            size = math_ops.maximum(convert_to_tensor(minlength, dtype=dtypes.int32), size)
        if maxlength is not None:
            size = math_ops.minimum(convert_to_tensor(maxlength, dtype=dtypes.int32), size)
        if weights is None:
            weights = convert_to_tensor(np.zeros((0,), dtypes.as_dtype(dtype).as_numpy_dtype))
        else:
            weights = array_ops.reshape(convert_to_tensor(weights, name="weights"), [-1])
        return apply_gen("DenseBincount", [("input", array_ops.reshape(arr, [-1]), "Tidx"),
                                           ("size", size, "Tidx"), ("weights", weights, "T")],
                         {"binary_output": False})


# ------------------------------------------------------------------ unravel_index
def _unravel_infer(inputs, attrs):
    indices, dims = inputs
    dtype = check_dtype(indices, INDEX, "indices")
    check_same_dtype([indices, dims], "UnravelIndex", ("indices", "dims"))
    if indices.shape.ndims is None or dims.shape.ndims is None:
        return [(dtype, unknown_shape())]
    n = dims.shape[0] if dims.shape.ndims == 1 else None
    return [(dtype, TensorShape(([n] if indices.shape.ndims else [n]) + list(indices.shape.as_tuple_or_none())))]


@register_op("UnravelIndex", infer=_unravel_infer, no_gradient=True)
def _unravel_index(xp, indices, dims):
    flat, shape = host(indices), tuple(int(d) for d in host(dims).reshape(-1))
    total = int(np.prod(shape))
    if flat.size and (flat.min() < 0 or flat.max() >= total):
        raise errors.InvalidArgumentError(None, None, "index is out of bound as with dims")
    return xp.asarray(np.stack(np.unravel_index(flat, shape)).astype(indices.dtype))


def unravel_index(indices, dims, name=None):
    """The coordinates in an array of shape `dims` of each flat index (tf.unravel_index)."""
    return apply_gen("UnravelIndex", [("indices", indices, "Tidx"), ("dims", dims, "Tidx")], name=name)


# ------------------------------------------------------------------ histograms
def _histogram_infer(inputs, attrs):
    values, value_range, nbins = inputs
    check_dtype(values, REAL, "values")
    n = constant_value(nbins)
    return [(attrs.get("dtype", dtypes.int32), TensorShape([None if n is None else int(n)]))]


@register_op("HistogramFixedWidth", infer=_histogram_infer, no_gradient=True)
def _histogram_fixed_width(xp, values, value_range, nbins, *, dtype=dtypes.int32):
    nbins = int(nbins)
    if nbins <= 0:
        raise errors.InvalidArgumentError(None, None, f"nbins should be a positive number, but got '{nbins}'")
    low, high = (float(v) for v in host(value_range).reshape(-1)[:2])
    if not low < high:
        raise errors.InvalidArgumentError(None, None, f"value_range should satisfy value_range[0] < value_range[1], "
                                          f"but got '[{low}, {high}]'")
    index = _bin_index(host(values).reshape(-1).astype(np.float64), low, high, nbins)
    counts = np.bincount(index, minlength=nbins)
    return xp.asarray(counts.astype(dtypes.as_dtype(dtype).as_numpy_dtype))


def _bin_index(values, low, high, nbins):
    return np.clip(np.floor((values - low) / (high - low) * nbins), 0, nbins - 1).astype(np.int64)


def histogram_fixed_width(values, value_range, nbins=100, dtype=dtypes.int32, name=None):
    """Counts `values` into `nbins` equal bins over `value_range`, the outer bins open-ended
    (tf.histogram_fixed_width)."""
    return apply_gen("HistogramFixedWidth", [("values", values, "T"), ("value_range", value_range, "T"),
                                             ("nbins", nbins, dtypes.int32)], {"dtype": dtypes.as_dtype(dtype)},
                     name=name)


def histogram_fixed_width_bins(values, value_range, nbins=100, dtype=dtypes.int32, name=None):
    """The bin of each of `values` among `nbins` equal bins over `value_range` (tf.histogram_fixed_width_bins)."""
    with op_scope(name, "histogram_fixed_width_bins", [values, value_range, nbins]):
        values = convert_to_tensor(values, name="values")
        shape = array_ops.shape(values)
        flat = array_ops.reshape(values, [-1])
        value_range = convert_to_tensor(value_range, dtype=values.dtype, name="value_range")
        nbins = convert_to_tensor(nbins, dtype=dtypes.int32, name="nbins")
        scaled = (flat - value_range[0]) / (value_range[1] - value_range[0])
        index = math_ops.cast(unary_ops.floor(math_ops.cast(nbins, values.dtype) * scaled), dtypes.int32)
        index = math_ops.minimum(math_ops.maximum(index, 0), nbins - 1)
        return array_ops.reshape(math_ops.cast(index, dtype), shape)


# ------------------------------------------------------------------ cross, ensure_shape
def _cross_infer(inputs, attrs):
    a, b = inputs
    dtype = check_same_dtype([a, b], "Cross", ("a", "b"))
    check_dtype(a, REAL, "a")
    if not a.shape.is_compatible_with(b.shape):
        raise ValueError(f"Dimensions must be equal for 'Cross' with input shapes: {fmt_shape(a.shape)}, "
                         f"{fmt_shape(b.shape)}.")
    shape = a.shape.merge_with(b.shape)
    if shape.ndims == 0 or (shape.ndims and shape[-1] is not None and shape[-1] != 3):
        raise ValueError(f"Dimension must be 3 but is {shape[-1] if shape.ndims else 0} for 'Cross'")
    return [(dtype, shape)]


@register_op("Cross", infer=_cross_infer)
def _cross(xp, a, b):
    if a.shape != b.shape:
        raise errors.InvalidArgumentError(None, None, f"Both inputs must be of same shape: {list(a.shape)} vs. "
                                          f"{list(b.shape)}")
    return xp.cross(a, b)


@_cross.gradient
def _cross_grad(op, grad):
    u, v = op.inputs
    return [cross(v, grad), cross(grad, u)]


def cross(a, b, name=None):
    """The cross product of 3-vectors along the innermost axis (tf.linalg.cross)."""
    return apply_gen("Cross", [("a", a, "T"), ("b", b, "T")], name=name)


def _ensure_shape_infer(inputs, attrs):
    x = inputs[0]
    expected = as_shape(attrs["shape"])
    if not x.shape.is_compatible_with(expected):
        raise ValueError(f"Shape of tensor {x.name} {fmt_shape(x.shape)} is not compatible with expected shape "
                         f"{fmt_shape(expected)}.")
    return [(x.dtype.base_dtype, x.shape.merge_with(expected))]


@register_op("EnsureShape", infer=_ensure_shape_infer)
def _ensure_shape(xp, x, *, shape):
    expected = as_shape(shape)
    if not TensorShape(list(x.shape)).is_compatible_with(expected):
        raise errors.InvalidArgumentError(None, None, f"Shape of tensor {fmt_shape(TensorShape(list(x.shape)))} "
                                          f"is not compatible with expected shape {fmt_shape(expected)}.")
    return x


@_ensure_shape.gradient
def _ensure_shape_grad(op, grad):
    return [grad]


def ensure_shape(x, shape, name=None):
    """`x`, checked at run time to have a shape compatible with `shape` (tf.ensure_shape)."""
    return apply_gen("EnsureShape", [("input", x, None)], {"shape": as_shape(shape)}, name=name)


__all__ = ["bincount", "cross", "ensure_shape", "histogram_fixed_width", "histogram_fixed_width_bins", "repeat",
           "searchsorted", "unique_with_counts", "unravel_index"]
