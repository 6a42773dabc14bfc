"""Slicing and masking: Slice, StridedSlice and Tensor.__getitem__, Where, OneHot, boolean_mask,
Unique. Gathering (GatherV2, GatherNd, ScatterNd) lives in gather_ops.py.
"""
from __future__ import annotations

import collections
import numbers

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.dispatch import add_dispatch_support
from tfsess.framework.op_builder import apply1, constant_value, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import Dimension, TensorShape, unknown_shape
from tfsess.ops import array_ops, gather_ops, logic_ops, math_ops, raw_ops, stack_ops
from tfsess.framework.tensor_util import fold
from tfsess.ops._infer import (IDX, INDEX, apply_gen, check_dtype, check_same_dtype, fmt_shape, host, partial_shape,
                               shape_dim_value)

_NEW, _SHRINK = "new", "shrink"
_INDEX = ("Index", dtypes.int32)


# ------------------------------------------------------------------ strided slice geometry
class _Spec:
    """A strided slice made dense: one (begin, end, stride, masks, shrink) entry per input dim."""

    def __init__(self, rank, begin, end, strides, begin_mask, end_mask, ellipsis_mask, new_axis_mask,
                 shrink_axis_mask):
        n = len(strides)
        if bin(ellipsis_mask).count("1") > 1:
            raise ValueError("Multiple ellipses in slice spec not allowed")
        after_ellipsis, seen = 0, False
        for i in range(n):
            if seen and (1 << i) & new_axis_mask:
                after_ellipsis += 1
            if (1 << i) & ellipsis_mask:
                seen = True
        if not seen:
            ellipsis_mask |= 1 << n
            n += 1
        self.dims = []    # per input dim: (sparse index or None, begin_masked, end_masked, shrink)
        self.final = []   # per output dim: a dense index, _NEW or _SHRINK
        for i in range(n):
            if (1 << i) & ellipsis_mask:
                stop = min(rank - (n - i) + 1 + after_ellipsis, rank)
                while len(self.dims) < stop:
                    self.final.append(len(self.dims))
                    self.dims.append((None, True, True, False))
            elif (1 << i) & new_axis_mask:
                self.final.append(_NEW)
            else:
                if len(self.dims) == rank:
                    raise ValueError(f"Index out of range using input dim {len(self.dims)}; input has only "
                                     f"{rank} dims")
                shrink = bool((1 << i) & shrink_axis_mask)
                self.final.append(_SHRINK if shrink else len(self.dims))
                self.dims.append((i, bool((1 << i) & begin_mask), bool((1 << i) & end_mask), shrink))
        self.begin, self.end, self.strides = begin, end, strides

    def canonical(self, shape, error):
        """Per dim: (begin, end, stride, size) with None for unknowns; `error` builds the exception."""
        out = []
        for d, (i, begin_masked, end_masked, shrink) in enumerate(self.dims):
            dim = shape[d]
            stride = 1 if i is None else self.strides[i]
            if stride is None:
                out.append((None, None, None, None))
                continue
            if stride == 0:
                raise error(f"strides[{i}] must be non-zero")
            if shrink and stride <= 0:
                raise error("only stride 1 allowed on non-range indexing.")
            if dim is None:
                out.append((None, None, stride, 1 if shrink else None))
                continue
            known = self.begin is not None and self.end is not None
            b = None if i is None or self.begin is None else self.begin[i]
            e = None if i is None or self.end is None else self.end[i]
            if known or i is None:
                if shrink:
                    fwd = b + dim if b < 0 else b
                    if not 0 <= fwd < dim:
                        raise error(f"slice index {b} of dimension {d} out of bounds.")
                    b, e = fwd, fwd + 1
                else:
                    lo, hi = (0, dim) if stride > 0 else (-1, dim - 1)
                    b = (lo if stride > 0 else hi) if begin_masked else min(max(b + dim if b < 0 else b, lo), hi)
                    e = (hi if stride > 0 else lo) if end_masked else min(max(e + dim if e < 0 else e, lo), hi)
                out.append((b, e, stride, _interval_size(e - b, stride)))
            elif shrink:
                out.append((None, None, stride, 1))
            elif begin_masked and end_masked:
                b, e = (0, dim) if stride > 0 else (dim - 1, -1)
                out.append((b, e, stride, _interval_size(e - b, stride)))
            else:
                out.append((None, None, stride, None))
        return out

    def final_shape(self, sizes):
        return [1 if f == _NEW else sizes[f] for f in self.final if f != _SHRINK]


def _interval_size(length, stride):
    """How many elements a strided interval holds: none when it points against the stride."""
    if length == 0 or (length < 0) != (stride < 0):
        return 0
    return -(-abs(length) // abs(stride))


def _ints_or_none(tensor):
    value = constant_value(tensor)
    return None if value is None else [int(v) for v in np.asarray(value).reshape(-1)]


def _masks(attrs):
    return tuple(int(attrs.get(k, 0)) for k in ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask",
                                                "shrink_axis_mask"))


def _strided_slice_infer(inputs, attrs):
    x, begin, end, strides = inputs
    check_dtype(begin, INDEX, "begin")
    check_same_dtype([begin, end, strides], "StridedSlice", ("begin", "end", "strides"))
    for t in (begin, end, strides):
        if t.shape.ndims not in (None, 1):
            raise ValueError(f"Shape must be rank 1 but is rank {t.shape.ndims} for 'StridedSlice'")
    stride_values = _ints_or_none(strides)
    if x.shape.ndims is None or stride_values is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    spec = _Spec(x.shape.ndims, _ints_or_none(begin), _ints_or_none(end), stride_values, *_masks(attrs))
    sizes = [c[3] for c in spec.canonical(x.shape.as_tuple_or_none(), ValueError)]
    return [(x.dtype.base_dtype, TensorShape(spec.final_shape(sizes)))]


def _runtime_slices(x_shape, begin, end, strides, masks):
    """The NumPy index and the output shape for a strided slice of an array of `x_shape`."""
    ints = [[int(v) for v in host(a).reshape(-1)] for a in (begin, end, strides)]
    if not len(ints[0]) == len(ints[1]) == len(ints[2]):
        raise errors.InvalidArgumentError(None, None, "Expected begin, end, and strides to be 1D equal size "
                                          "tensors")

    def error(msg):
        return errors.InvalidArgumentError(None, None, msg)
    try:
        spec = _Spec(len(x_shape), *ints, *masks)
    except ValueError as exc:
        raise error(str(exc)) from None
    canon = spec.canonical(list(x_shape), error)
    # canonical bounds are absolute: an end of -1 (negative stride) means "past index 0", and an
    # empty range must not reach Python's negative-index wrap-around
    index = tuple(slice(b, None if e == -1 and s < 0 else e, s) if size else slice(0, 0, 1)
                  for b, e, s, size in canon)
    return index, spec.final_shape([c[3] for c in canon])


def _strided_slice_value(t):
    value = fold(t)
    if value is not None:
        return value
    # the one slice TF's shape refiner sees through: x_shape[i], a plain scalar index
    masks = tuple(t.op.get_attr(k) for k in ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask",
                                             "shrink_axis_mask"))
    index = _ints_or_none(t.op.inputs[1])
    if masks != (0, 0, 0, 0, 1) or index is None or len(index) != 1:
        return None
    return shape_dim_value(t, index[0])


@register_op("StridedSlice", infer=_strided_slice_infer, constant_value=_strided_slice_value)
def _strided_slice(xp, x, begin, end, strides, *, begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0,
                   shrink_axis_mask=0):
    masks = (begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask)
    index, final = _runtime_slices(np.shape(x), begin, end, strides, masks)
    return xp.reshape(xp.asarray(x)[index], final)


@_strided_slice.gradient
def _strided_slice_grad(op, grad):
    x, begin, end, strides = op.inputs
    attrs = {k: op.get_attr(k) for k in ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask",
                                         "shrink_axis_mask")}
    x_shape = array_ops.shape(x, out_type=begin.dtype.base_dtype)
    dx = apply_gen("StridedSliceGrad", [("shape", x_shape, _INDEX), ("begin", begin, _INDEX),
                                        ("end", end, _INDEX), ("strides", strides, _INDEX), ("dy", grad, None)],
                   attrs)
    return [dx, None, None, None]


def _strided_slice_grad_infer(inputs, attrs):
    dims = partial_shape(inputs[0])
    return [(inputs[4].dtype.base_dtype, unknown_shape() if dims is None else TensorShape(dims))]


@register_op("StridedSliceGrad", infer=_strided_slice_grad_infer)
def _strided_slice_grad_kernel(xp, x_shape, begin, end, strides, dy, *, begin_mask=0, end_mask=0,
                               ellipsis_mask=0, new_axis_mask=0, shrink_axis_mask=0):
    shape = tuple(int(d) for d in host(x_shape).reshape(-1))
    masks = (begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask)
    index, _ = _runtime_slices(shape, begin, end, strides, masks)
    out = xp.zeros(shape, dtype=dy.dtype)
    target = out[index]
    out[index] = xp.reshape(dy, target.shape)
    return out


@_strided_slice_grad_kernel.gradient
def _strided_slice_grad_grad(op, grad):
    _, begin, end, strides, _ = op.inputs
    attrs = {k: op.get_attr(k) for k in ("begin_mask", "end_mask", "ellipsis_mask", "new_axis_mask",
                                         "shrink_axis_mask")}
    return [None, None, None, None, strided_slice(grad, begin, end, strides, **attrs)]


def strided_slice(input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0,
                  new_axis_mask=0, shrink_axis_mask=0, var=None, name=None):
    """Extracts a strided slice of `input_`, with TF's mask semantics (tf.strided_slice).

    Raises:
        ValueError: a shrinking index is out of bounds, known while building.
    """
    if strides is None:
        strides = array_ops.ones_like(begin)
    return apply_gen("StridedSlice", [("input", input_, None), ("begin", begin, _INDEX), ("end", end, _INDEX),
                                      ("strides", strides, _INDEX)],
                     {"begin_mask": begin_mask, "end_mask": end_mask, "ellipsis_mask": ellipsis_mask,
                      "new_axis_mask": new_axis_mask, "shrink_axis_mask": shrink_axis_mask}, name=name)


# ------------------------------------------------------------------ Tensor.__getitem__
_SLICE_TYPE_ERROR = ("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
                     "tf.int32/tf.int64 tensors are valid indices")
_SLICE_DTYPES = (dtypes.int16, dtypes.int32, dtypes.int64)


def _check_index(idx):
    if isinstance(idx, (numbers.Integral, Dimension)) and not isinstance(idx, bool):
        return
    dtype = getattr(idx, "dtype", None)
    if dtype is None or dtypes.as_dtype(dtype).base_dtype not in _SLICE_DTYPES or \
            (getattr(idx, "shape", None) is not None and len(idx.shape) == 1):
        raise TypeError(_SLICE_TYPE_ERROR + f", got {idx!r}")


def _undefined(v):
    return isinstance(v, Dimension) and v.value is None


def _index_value(v):
    return v.value if isinstance(v, Dimension) else v


def _slice_helper(tensor, slice_spec, var=None):
    """TF's Tensor.__getitem__: ints, slices, ..., tf.newaxis and int tensors become one StridedSlice."""
    tensor = convert_to_tensor(tensor)
    is_bool_tensor = isinstance(slice_spec, Tensor) and slice_spec.dtype.base_dtype == dtypes.bool
    if isinstance(slice_spec, bool) or is_bool_tensor or (isinstance(slice_spec, np.ndarray)
                                                         and slice_spec.dtype == bool):
        return boolean_mask(tensor, slice_spec)
    if not isinstance(slice_spec, (list, tuple)):
        slice_spec = [slice_spec]
    begin, end, strides = [], [], []
    masks = {"begin_mask": 0, "end_mask": 0, "ellipsis_mask": 0, "new_axis_mask": 0, "shrink_axis_mask": 0}
    for index, s in enumerate(slice_spec):
        bit = 1 << index
        if isinstance(s, slice):
            for value, bucket, mask, default in ((s.start, begin, "begin_mask", 0), (s.stop, end, "end_mask", 0),
                                                 (s.step, strides, None, 1)):
                if value is not None and not _undefined(value):
                    _check_index(value)
                    bucket.append(_index_value(value))
                else:
                    bucket.append(default)
                    if mask:
                        masks[mask] |= bit
        elif s is Ellipsis:
            begin.append(0), end.append(0), strides.append(1)
            masks["ellipsis_mask"] |= bit
        elif s is None:
            begin.append(0), end.append(0), strides.append(1)
            masks["new_axis_mask"] |= bit
        else:
            _check_index(s)
            s = _index_value(s)
            begin.append(s)
            end.append(s + 1)
            strides.append(1)
            masks["shrink_axis_mask"] |= bit
    with op_scope(None, "strided_slice", [tensor] + begin + end + strides) as scope:
        if begin:
            packed = [stack_ops.stack(begin), stack_ops.stack(end), stack_ops.stack(strides)]
            if any(p.dtype.base_dtype == dtypes.int64 for p in packed):
                packed = [math_ops.cast(p, dtypes.int64) for p in packed]
        else:
            empty = convert_to_tensor(np.zeros([0], np.int32))
            packed = [empty, empty, empty]
        return strided_slice(tensor, *packed, var=var, name=scope, **masks)


Tensor._overloads["__getitem__"] = _slice_helper


# ------------------------------------------------------------------ Slice
def _slice_infer(inputs, attrs):
    """TF's SliceShape: begin seen as a partial shape, sizes used as given (-1: to the end)."""
    x, begin, size_t = inputs
    check_dtype(begin, INDEX, "begin")
    check_same_dtype([begin, size_t], "Slice", ("begin", "size"))
    for t in (begin, size_t):
        if t.shape.ndims is not None and t.shape.ndims != 1:
            raise ValueError(f"Shape must be rank 1 but is rank {t.shape.ndims} for 'Slice' with input shapes: "
                             f"{fmt_shape(x.shape)}, {fmt_shape(begin.shape)}, {fmt_shape(size_t.shape)}.")
    begin_value = _ints_or_none(begin)
    if begin_value is not None:
        bad = [v for v in begin_value if v < -1]
        if bad:
            raise ValueError(f"Invalid value in tensor used for shape: {bad[0]}")
    b = partial_shape(begin)
    s = _ints_or_none(size_t)
    if s is None:
        s_partial = partial_shape(size_t)
        if s_partial is not None:
            return [(x.dtype.base_dtype, TensorShape(s_partial))]
    rank = x.shape.ndims
    n = len(s) if s is not None else (len(b) if b is not None else rank)
    if n is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    lengths = [len(v) for v in (b, s) if v is not None] + ([rank] if rank is not None else [])
    if any(k != n for k in lengths):
        raise ValueError(f"Shape must be rank {n} but is rank {[k for k in lengths if k != n][0]}: begin and "
                         f"size must have one entry per input dimension for 'Slice' with input shapes: "
                         f"{fmt_shape(x.shape)}")
    if s is None:
        return [(x.dtype.base_dtype, unknown_shape(n))]
    dims = x.shape.as_tuple_or_none() or (None,) * n
    out = []
    for i in range(n):
        d = dims[i]
        bi = None if b is None else b[i]
        si = s[i]
        if si != -1:
            if si < -1:
                raise ValueError(f"Invalid value in tensor used for shape: {si}")
            out.append(si)
        elif bi is not None and d is not None:
            if d - bi < 0:
                raise ValueError(f"Negative dimension size caused by subtracting {bi} from {d} for 'Slice' "
                                 f"with input shapes: {fmt_shape(x.shape)}")
            out.append(d - bi)
        else:
            out.append(None)
    return [(x.dtype.base_dtype, TensorShape(out))]


@register_op("Slice", infer=_slice_infer, foldable=True)
def _slice(xp, x, begin, size):
    b = [int(v) for v in host(begin).reshape(-1)]
    s = [int(v) for v in host(size).reshape(-1)]
    if len(b) != x.ndim or len(s) != x.ndim:
        raise errors.InvalidArgumentError(None, None, f"Expected begin and size arguments to be 1-D tensors of "
                                          f"size {x.ndim}, but got shapes [{len(b)}] and [{len(s)}] instead.")
    index = []
    for i, (bi, si, d) in enumerate(zip(b, s, x.shape)):
        si = d - bi if si == -1 else si
        if not 0 <= bi <= d or not 0 <= si <= d - bi:
            message = (f"Expected size[{i}] in [0, {d - bi}], but got {si}" if 0 <= bi <= d
                       else f"Expected begin[{i}] in [0, {d}], but got {bi}")
            raise errors.InvalidArgumentError(None, None, message)
        index.append(slice(bi, bi + si))
    return xp.asarray(x)[tuple(index)]


@_slice.gradient
def _slice_grad(op, grad):
    x, begin = op.inputs[0], op.inputs[1]
    index_type = begin.dtype.base_dtype
    rank_shape = stack_ops.stack([array_ops.rank(x), 1])
    if index_type != dtypes.int32:
        rank_shape = math_ops.cast(rank_shape, index_type)
    before = array_ops.reshape(begin, rank_shape)
    slice_size = array_ops.shape(op.outputs[0], out_type=index_type)
    after = array_ops.reshape(array_ops.shape(x, out_type=index_type) - slice_size - begin, rank_shape)
    return [raw_ops.Pad(grad, stack_ops.concat([before, after], 1)), None, None]


def slice_(input_, begin, size, name=None):
    """The `size` block of `input_` starting at `begin`; size -1 means to the end (tf.slice)."""
    return apply_gen("Slice", [("input", input_, None), ("begin", begin, _INDEX), ("size", size, _INDEX)],
                     name=name)


# ------------------------------------------------------------------ where, one_hot
def _where_infer(inputs, attrs):
    x = inputs[0]
    return [(dtypes.int64, TensorShape([None, x.shape.ndims]))]


@register_op("Where", infer=_where_infer, no_gradient=True)
def _where(xp, x):
    if x.ndim == 0:
        raise errors.InvalidArgumentError(None, None, "WhereOp : Unhandled input dimensions: 0")
    return xp.argwhere(x).astype(np.int64)


@add_dispatch_support
def where(condition, x=None, y=None, name=None):
    """TF1's where: the coordinates of true elements ([N, rank] int64), or a select of x and y.

    With x and y, `condition` must have their shape, or be a vector choosing rows.

    Raises:
        ValueError: only one of x and y is given, or the shapes do not fit.
    """
    if x is None and y is None:
        with op_scope(name, "Where", [condition]) as scope:
            condition = convert_to_tensor(condition, preferred_dtype=dtypes.bool, name="condition")
            return apply1("Where", [condition], name=scope)
    if x is not None and y is not None:
        return logic_ops.select(condition, x, y, name=name)
    raise ValueError("x and y must both be non-None or both be None.")


@add_dispatch_support
def where_v2(condition, x=None, y=None, name=None):
    """TF2's where: coordinates of true elements, or a broadcasting select of x and y."""
    if x is None and y is None:
        return where(condition, name=name)
    if x is not None and y is not None:
        return logic_ops.select_v2(condition, x, y, name=name)
    raise ValueError("x and y must both be non-None or both be None.")


def _one_hot_infer(inputs, attrs):
    indices, depth, on, off = inputs
    check_dtype(indices, (dtypes.uint8, dtypes.int8, dtypes.int32, dtypes.int64), "indices")
    check_dtype(depth, (dtypes.int32,), "depth")
    dtype = check_same_dtype([on, off], "OneHot", ("on_value", "off_value"))
    d = constant_value(depth)
    if d is not None and int(d) < 0:
        raise ValueError(f"depth must be non-negative, got: {int(d)}")
    axis = attrs.get("axis", -1)
    if axis < -1:
        raise ValueError("axis must be >= -1")
    if indices.shape.ndims is None:
        return [(dtype, unknown_shape())]
    dims = list(indices.shape.as_tuple_or_none())
    # TF's shape function wraps a too-large axis; only the kernel rejects it
    pos = (axis + len(dims) + 1) % (len(dims) + 1)
    return [(dtype, TensorShape(dims[:pos] + [None if d is None else int(d)] + dims[pos:]))]


@register_op("OneHot", infer=_one_hot_infer, no_gradient=True)
def _one_hot(xp, indices, depth, on_value, off_value, *, axis=-1):
    depth = int(depth)
    if depth < 0:
        raise errors.InvalidArgumentError(None, None, f"depth must be non-negative, got: {depth}")
    if not -1 <= axis <= indices.ndim:
        raise errors.InvalidArgumentError(
            None, None, f"Expected axis to be -1 or between [0, {indices.ndim + 1}).  But received: {axis}")
    hot = xp.expand_dims(indices, -1) == xp.arange(depth).reshape((1,) * indices.ndim + (depth,))
    out = xp.where(hot, on_value, off_value).astype(on_value.dtype)
    return out if axis == -1 else xp.moveaxis(out, -1, axis)


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """One-hot vectors of length `depth` at `indices`; out-of-range indices give all off (tf.one_hot).

    Raises:
        TypeError: on_value, off_value and dtype disagree.
    """
    with op_scope(name, "one_hot", [indices, depth, on_value, off_value, axis, dtype]) as scope:
        dtype = dtypes.as_dtype(dtype).base_dtype if dtype is not None else None
        on = convert_to_tensor(on_value, dtype_hint=dtype) if on_value is not None else None
        off = convert_to_tensor(off_value, dtype_hint=dtype) if off_value is not None else None
        for t, what in ((on, "on_value"), (off, "off_value")):
            if t is not None and dtype is not None and t.dtype.base_dtype != dtype:
                raise TypeError(f"dtype {t.dtype.base_dtype!r} of {what} does not match dtype parameter {dtype!r}")
        if dtype is None:
            dtype = on.dtype.base_dtype if on is not None else off.dtype.base_dtype if off is not None \
                else dtypes.float32
        on = on if on is not None else convert_to_tensor(1, dtype, name="on_value")
        off = off if off is not None else convert_to_tensor(0, dtype, name="off_value")
        if on.dtype.base_dtype != off.dtype.base_dtype:
            raise TypeError(f"dtype {on.dtype.base_dtype!r} of on_value does not match dtype "
                            f"{off.dtype.base_dtype!r} of off_value")
        return apply_gen("OneHot", [("indices", indices, ("TI", dtypes.int64)), ("depth", depth, dtypes.int32),
                                    ("on_value", on, "T"), ("off_value", off, "T")],
                         {"axis": -1 if axis is None else int(axis)}, name=scope)


# ------------------------------------------------------------------ boolean_mask
def boolean_mask(tensor, mask, name="boolean_mask", axis=None):
    """The elements (or slices) of `tensor` where `mask` is true, flattened over the mask's dims
    (tf.boolean_mask).

    Raises:
        ValueError: the mask is a scalar, has unknown rank, or does not fit the tensor's shape.
    """
    with op_scope(name, "boolean_mask", [tensor, mask]):
        tensor = convert_to_tensor(tensor, name="tensor")
        mask = convert_to_tensor(mask, name="mask")
        shape_mask = mask.shape
        ndims_mask = shape_mask.ndims
        shape_tensor = tensor.shape
        if ndims_mask == 0:
            raise ValueError("mask cannot be scalar.")
        if ndims_mask is None:
            raise ValueError("Number of mask dimensions must be specified, even if some dimensions are None.  "
                             "E.g. shape=[None] is ok, but shape=None is not.")
        axis = 0 if axis is None else axis
        axis_value = constant_value(convert_to_tensor(axis)) if isinstance(axis, Tensor) else axis
        if axis_value is not None:
            axis = int(axis_value)
            shape_tensor[axis:axis + ndims_mask].assert_is_compatible_with(shape_mask)
        tshape = array_ops.shape(tensor)
        leading_dims = tshape[axis:axis + ndims_mask]  # reduce_prod(leading_dims, [0]): reduction_ops is above
        leading_size = apply_gen("Prod", [("input", leading_dims, None), ("reduction_indices", [0], IDX)],
                                 {"keep_dims": False})
        tensor = array_ops.reshape(tensor, stack_ops.concat(
            [tshape[:axis], [leading_size], tshape[axis + ndims_mask:]], 0))
        if axis_value is not None and shape_tensor.ndims is not None:
            first_dim = shape_tensor[axis:axis + ndims_mask].num_elements()
            tensor.set_shape(TensorShape(shape_tensor.as_tuple_or_none()[:axis]).concatenate([first_dim])
                             .concatenate(shape_tensor.as_tuple_or_none()[axis + ndims_mask:]))
        mask = array_ops.reshape(mask, [-1])
        indices = array_ops.squeeze(where(mask), axis=[1])
        return gather_ops.gather(tensor, indices, axis=axis)


# ------------------------------------------------------------------ unique
Unique = collections.namedtuple("Unique", ["y", "idx"])


def _unique_infer(inputs, attrs):
    x = inputs[0]
    if x.shape.ndims not in (None, 1):
        raise ValueError(f"Shape must be rank 1 but is rank {x.shape.ndims} for 'Unique' with input shapes: "
                         f"{fmt_shape(x.shape)}.")
    return [(x.dtype.base_dtype, TensorShape([None])), (attrs["out_idx"], x.shape)]


@register_op("Unique", infer=_unique_infer)
def _unique(xp, x, *, out_idx):
    if np.ndim(x) != 1:
        raise errors.InvalidArgumentError(None, None, f"unique expects a 1D vector, got shape {list(np.shape(x))}")
    first = {}
    idx = np.empty(len(x), dtype=out_idx.as_numpy_dtype)
    hx = host(x)
    for i, v in enumerate(hx.tolist()):
        idx[i] = first.setdefault(v, len(first))
    y = np.asarray(list(first), dtype=hx.dtype) if first else hx[:0]
    return xp.asarray(y), xp.asarray(idx)


def unique(x, out_idx=dtypes.int32, name=None):
    """The distinct values of 1-D `x` in first-seen order, and each element's index in them (tf.unique)."""
    op = apply_gen("Unique", [("x", x, None)], {"out_idx": dtypes.as_dtype(out_idx)}, name=name, outputs=True)
    return Unique(*op.outputs)

__all__ = ["boolean_mask", "one_hot", "strided_slice", "unique", "where", "where_v2"]
