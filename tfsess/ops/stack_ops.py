"""Joining and splitting tensors: concat, stack/unstack (and TF's autopacking of lists), split.
"""
from __future__ import annotations

import numbers

import numpy as np

from tfsess.framework import dtypes, errors, op_builder
from tfsess.framework.dispatch import add_dispatch_support
from tfsess.framework.op_builder import apply1, constant_value, convert_to_tensor, op_scope
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import Dimension, TensorShape, unknown_shape
from tfsess.ops import array_ops, raw_ops
from tfsess.ops._infer import INDEX, apply_gen, canonical_axis, check_dtype, check_same_dtype, fmt_shape, host
from tfsess.ops._infer import index_attr
from tfsess.ops._infer import concat_partial, pack_partial, shape_dim_value


# ------------------------------------------------------------------ concat
def _concat_infer(inputs, attrs):
    values, axis = inputs[:-1], inputs[-1]
    check_dtype(axis, INDEX, "axis")
    dtype = check_same_dtype(values, "ConcatV2", [f"values_{i}" for i in range(len(values))])
    ranks = {t.shape.ndims for t in values if t.shape.ndims is not None}
    if len(ranks) > 1:
        raise ValueError(f"Shape must be rank {min(ranks)} but is rank {max(ranks)} for 'ConcatV2' with input "
                         f"shapes: {', '.join(fmt_shape(t.shape) for t in values)}, [].")
    if not ranks:
        return [(dtype, unknown_shape())]
    rank = ranks.pop()
    value = constant_value(axis)
    if value is None:
        return [(dtype, unknown_shape(rank))]
    if rank == 0:
        raise ValueError("Can't concatenate scalars (use tf.stack instead) for 'ConcatV2'")
    ax = canonical_axis(int(value), rank, "ConcatV2", "ConcatOp : Expected concatenating dimensions in the "
                        "range [-rank, rank), but got")
    out = [None] * rank
    total = 0
    for t in values:
        dims = t.shape.as_tuple_or_none()
        if dims is None:
            total = None
            continue
        for i, d in enumerate(dims):
            if i == ax:
                continue
            if out[i] is not None and d is not None and out[i] != d:
                raise ValueError(f"Dimension {i} in both shapes must be equal, but are {out[i]} and {d}. Shapes "
                                 f"are {fmt_shape(values[0].shape)} and {fmt_shape(t.shape)}. for 'ConcatV2' "
                                 f"with input shapes: {', '.join(fmt_shape(v.shape) for v in values)}, [].")
            out[i] = d if out[i] is None else out[i]
        total = None if total is None or dims[ax] is None else total + dims[ax]
    out[ax] = total
    return [(dtype, TensorShape(out))]


@register_op("ConcatV2", infer=_concat_infer, partial_shape=concat_partial, foldable=True)
def _concat_v2(xp, *args):
    values, axis = args[:-1], int(args[-1])
    rank = np.ndim(values[0])
    if not -rank <= axis < rank:
        raise errors.InvalidArgumentError(None, None, f"ConcatOp : Expected concatenating dimensions in the "
                                          f"range [{-rank}, {rank}), but got {axis}")
    try:
        return xp.concatenate(values, axis=axis)
    except ValueError as exc:
        raise errors.InvalidArgumentError(None, None, f"ConcatOp : Dimensions of inputs should match: {exc}") \
            from None


@_concat_v2.gradient
def _concat_v2_grad(op, grad):
    values, axis = op.inputs[:-1], op.inputs[-1]
    if len(values) == 1:
        return [grad, None]
    rank_known = values[0].shape.ndims
    axis_value = constant_value(axis)
    if rank_known is not None and axis_value is not None:
        ax = int(axis_value) % rank_known
        sizes = [t.shape.as_tuple_or_none()[ax] for t in values]
        if None not in sizes:
            return list(split(grad, sizes, ax)) + [None]
    sizes = stack([_size_along(t, axis) for t in values])
    return list(split(grad, sizes, axis, num=len(values))) + [None]


def _concat_offset_infer(inputs, attrs):
    return [(t.dtype.base_dtype, t.shape) for t in inputs[1:]]


@register_op("ConcatOffset", infer=_concat_offset_infer, no_gradient=True)
def _concat_offset(xp, concat_dim, *shapes):
    """Where each input of a concat starts in its result (TF's gradient of concat, in TF-written graphs)."""
    shapes = [np.asarray(host(s)) for s in shapes]
    rank = shapes[0].size
    axis = int(host(concat_dim))
    if not -rank <= axis < rank:
        raise errors.InvalidArgumentError(None, None, f"Concat dim is out of range: {axis} vs. {rank}")
    axis %= rank
    offsets, start = [], 0
    for i, shape in enumerate(shapes):
        if shape.size != rank or np.any(np.delete(shape, axis) != np.delete(shapes[0], axis)):
            raise errors.InvalidArgumentError(None, None, f"input {i} should contain {rank} elements with the "
                                              f"same sizes as input 0 but along dimension {axis}, got "
                                              f"{shape.tolist()}")
        offset = np.zeros(rank, shape.dtype)
        offset[axis] = start
        offsets.append(offset)
        start += int(shape[axis])
    return tuple(offsets) if len(offsets) != 1 else offsets[0]


def _size_along(t, axis):
    """gather(shape(t), floormod(axis, rank(t))): t's size along a possibly negative `axis` tensor."""
    shape = array_ops.shape(t)
    index = raw_ops.FloorMod(axis, array_ops.rank(t))
    return apply_gen("GatherV2", [("params", shape, None), ("indices", index, index_attr("Tindices")),
                                  ("axis", 0, index_attr("Taxis"))], {"batch_dims": 0})


@add_dispatch_support(list_args=True)
def concat(values, axis, name="concat"):
    """Joins `values` along `axis` (tf.concat).

    Raises:
        ValueError: ranks differ, or a dimension other than `axis` differs.
        TypeError: the values differ in dtype.
    """
    if not isinstance(values, (list, tuple)):
        values = [values]
    if not values:
        raise ValueError("List argument 'values' to 'ConcatV2' Op with length 0 shorter than minimum length 2.")
    if len(values) == 1:
        with op_scope(name, "concat", values):
            axis_t = convert_to_tensor(axis, name="concat_dim", dtype=dtypes.int32)
            if axis_t.shape.ndims not in (None, 0):
                raise ValueError(f"Shape {axis_t.shape} must have rank 0")
            return array_ops.identity(values[0], name=name)
    with op_scope(name, "ConcatV2", list(values) + [axis]) as scope:
        tensors = _convert_list(values, "values", "ConcatV2")
        axis_t = convert_to_tensor(axis, name="axis")
        return apply1("ConcatV2", tensors + [axis_t], {"N": len(tensors)}, name=scope)


def _convert_list(values, param, op_type):
    """Converts a list input of one type attr: Python values take the first tensor's dtype."""
    dtype = next((v.dtype.base_dtype for v in values if isinstance(v, Tensor)), None)
    out = []
    for v in values:
        try:
            out.append(convert_to_tensor(v, dtype=dtype, name=param) if not isinstance(v, Tensor) else v)
        except (TypeError, ValueError):
            raise TypeError(f"Tensors in list passed to '{param}' of '{op_type}' Op have types that don't all "
                            "match.") from None
    return out


# ------------------------------------------------------------------ stack / unstack
def _pack_infer(inputs, attrs):
    dtype = check_same_dtype(inputs, "Pack", [f"values_{i}" for i in range(len(inputs))])
    merged = inputs[0].shape
    for t in inputs[1:]:
        if not merged.is_compatible_with(t.shape):
            raise ValueError(f"Shapes must be equal rank, but are {t.shape.ndims} and {merged.ndims}\n\tFrom "
                             "merging shape 0 with other shapes. for 'Pack' with input shapes: "
                             + ", ".join(fmt_shape(x.shape) for x in inputs) + ".")
        merged = merged.merge_with(t.shape)
    if merged.ndims is None:
        return [(dtype, unknown_shape())]
    axis = attrs.get("axis", 0)
    n = merged.ndims + 1
    if not -n <= axis < n:
        raise ValueError(f"Argument `axis` = {axis} not in range [{-n}, {n})")
    axis %= n
    dims = list(merged.as_tuple_or_none())
    return [(dtype, TensorShape(dims[:axis] + [len(inputs)] + dims[axis:]))]


def _pack_value(t):
    values = [constant_value(x) for x in t.op.inputs]
    if any(v is None for v in values) or sum(np.size(v) for v in values) > 1000:
        return None
    return np.stack([np.asarray(v) for v in values], axis=t.op.get_attr("axis"))


@register_op("Pack", infer=_pack_infer, partial_shape=pack_partial, constant_value=_pack_value)
def _pack(xp, *values, axis=0):
    try:
        return xp.stack(values, axis=axis)
    except ValueError:
        raise errors.InvalidArgumentError(None, None, "Shapes of all inputs must match: "
                                          + ", ".join(str(list(np.shape(v))) for v in values)) from None


@_pack.gradient
def _pack_grad(op, grad):
    return list(unstack(grad, num=len(op.inputs), axis=op.get_attr("axis")))


@add_dispatch_support(list_args=True)
def stack(values, axis=0, name="stack"):
    """Stacks a list of rank-R tensors into one rank-(R+1) tensor along `axis` (tf.stack).

    Raises:
        ValueError: `axis` is out of range, or the shapes differ.
    """
    if axis == 0:
        try:  # a constant list becomes a Const, one holding tensors a Pack (autopacking)
            return convert_to_tensor(values, name=name)
        except (TypeError, ValueError, NotImplementedError):
            pass  # let Pack report the problem
    first = convert_to_tensor(values[0], name=name)
    if first.shape.ndims is not None:
        n = first.shape.ndims + 1
        if not -n <= axis < n:
            raise ValueError(f"Argument `axis` = {axis} not in range [{-n}, {n})")
    with op_scope(name, "Pack", values) as scope:
        tensors = _convert_list([first] + list(values[1:]), "values", "Pack")
        return apply1("Pack", tensors, {"N": len(tensors), "axis": int(axis)}, name=scope)


def _autopack(values, dtype=None, name="packed"):
    """TF's autopacking: a (nested) list holding tensors becomes one Pack of them."""
    def pack(items, scope_name):
        with op_scope(scope_name, scope_name, []) as scope:
            elems = []
            for i, v in enumerate(items):
                if isinstance(v, (list, tuple)) and _holds_tensor(v):
                    v = pack(v, str(i))
                elif not isinstance(v, Tensor):
                    v = convert_to_tensor(v, dtype=want, name=str(i))
                elif want is not None and v.dtype.base_dtype != want:
                    raise TypeError(f"Cannot convert a list containing a tensor of dtype "
                                    f"{v.dtype.base_dtype.name} to {want.name} (Tensor is: {v!r})")
                elems.append(v)
            return apply1("Pack", elems, {"N": len(elems), "axis": 0}, name=scope)
    inferred = _first_dtype(values)
    want = dtypes.as_dtype(dtype).base_dtype if dtype is not None else inferred
    if want != inferred:  # TF casts the list's tensors to a requested dtype other than the first tensor's
        values = _cast_tensors(values, want)
    return pack(values, name)


def _cast_tensors(values, dtype):
    """`values` (nested lists) with each tensor not of `dtype` cast to it (Cast ops in the caller's scope)."""
    def cast(v):
        if isinstance(v, (list, tuple)):
            return type(v)(cast(x) for x in v)
        if isinstance(v, Tensor) and v.dtype.base_dtype != dtype:
            return apply1("Cast", [v], {"SrcT": v.dtype.base_dtype, "DstT": dtype, "Truncate": False}, name="Cast")
        return v
    return cast(values)


def _holds_tensor(value):
    return any(isinstance(v, Tensor) or (isinstance(v, (list, tuple)) and _holds_tensor(v)) for v in value)


def _first_dtype(values):
    for v in values:
        if isinstance(v, Tensor):
            return v.dtype.base_dtype
        if isinstance(v, (list, tuple)):
            d = _first_dtype(v)
            if d is not None:
                return d
    return None


op_builder.autopack_hook = _autopack


def _unpack_infer(inputs, attrs):
    x = inputs[0]
    num, axis = attrs["num"], attrs.get("axis", 0)
    if x.shape.ndims is None:
        return [(x.dtype.base_dtype, unknown_shape())] * num
    rank = x.shape.ndims
    if not -rank <= axis < rank:
        raise ValueError(f"Argument `axis` = {axis} not in range [{-rank}, {rank})")
    axis %= rank
    dims = list(x.shape.as_tuple_or_none())
    if dims[axis] is not None and dims[axis] != num:
        raise ValueError(f"Dimension must be {num} but is {dims[axis]} for 'Unpack'")
    out = TensorShape(dims[:axis] + dims[axis + 1:])
    return [(x.dtype.base_dtype, out)] * num


def _unpack_value(t):
    # TF's shape refiner sees through tf.unstack(tf.shape(x))[i] (axis 0) when dim i of x is known
    return shape_dim_value(t, t.value_index) if t.op.get_attr("axis") == 0 else None


@register_op("Unpack", infer=_unpack_infer, constant_value=_unpack_value)
def _unpack(xp, x, *, num, axis=0):
    if x.shape[axis] != num:
        raise errors.InvalidArgumentError(None, None, f"Input shape axis {axis} must equal {num}, got shape "
                                          f"{list(x.shape)}")
    moved = xp.moveaxis(x, axis, 0)
    return moved[0] if num == 1 else tuple(moved[i] for i in range(num))  # one output: the array itself


@_unpack.gradient
def _unpack_grad(op, *grads):
    filled = [g if g is not None else array_ops.zeros_like(op.outputs[i]) for i, g in enumerate(grads)]
    return [stack(filled, axis=op.get_attr("axis"))]


def unstack(value, num=None, axis=0, name="unstack"):
    """Splits `value` along `axis` into a list of tensors of one rank less (tf.unstack).

    Raises:
        ValueError: `num` cannot be inferred from the static shape, or `axis` is out of range.
    """
    if axis is None:
        raise ValueError("Argument `axis` cannot be None.")
    if num is None:
        value = convert_to_tensor(value)
        s = value.shape
        if s.ndims is not None:
            if not -s.ndims <= axis < s.ndims:
                raise ValueError(f"Argument `axis` = {axis} not in range [{-s.ndims}, {s.ndims})")
            num = s[axis].value
        if num is None:
            raise ValueError(f"Cannot infer argument `num` from shape {s}")
    op = apply_gen("Unpack", [("value", value, None)], {"num": int(num), "axis": int(axis)}, name=name,
                   outputs=True)
    return op.outputs


# ------------------------------------------------------------------ split
def _split_sizes(dim, sizes):
    """Resolves one -1 in `sizes` against `dim` (an int or None)."""
    if sizes.count(-1) > 1:
        raise ValueError("Only one size may be -1 in size_splits")
    if -1 in sizes and dim is not None:
        sizes[sizes.index(-1)] = dim - sum(s for s in sizes if s != -1)
    if dim is not None and -1 not in sizes and sum(sizes) != dim:
        raise ValueError(f"Determined shape must either match input shape along split_dim exactly if fully "
                         f"specified, or be less than the size of the input along split_dim if not fully "
                         f"specified.  Got: {sum(sizes)} vs {dim}")
    return [None if s == -1 else s for s in sizes]


def _split_infer(inputs, attrs):
    axis_t, x = inputs
    num = attrs["num_split"]
    axis_v = constant_value(axis_t)
    if x.shape.ndims is None or axis_v is None:
        return [(x.dtype.base_dtype, unknown_shape(x.shape.ndims))] * num
    dims = list(x.shape.as_tuple_or_none())
    ax = canonical_axis(int(axis_v), len(dims), "Split")
    if dims[ax] is not None:
        if dims[ax] % num:
            raise ValueError(f"Dimension size must be evenly divisible by {num} but is {dims[ax]} for 'Split' "
                             f"with input shapes: [], {fmt_shape(x.shape)} and with computed input tensors: "
                             f"input[0] = <{int(axis_v)}>.")
        dims[ax] //= num
    return [(x.dtype.base_dtype, TensorShape(dims))] * num


@register_op("Split", infer=_split_infer)
def _split(xp, axis, x, *, num_split):
    axis = int(axis)
    if x.shape[axis] % num_split:
        raise errors.InvalidArgumentError(None, None, f"Number of ways to split should evenly divide the split "
                                          f"dimension, but got split_dim {axis} (size = {x.shape[axis]}) and "
                                          f"num_split {num_split}")
    step = x.shape[axis] // num_split
    return _cut(x, axis, [k * step for k in range(num_split + 1)])


def _cut(x, axis, bounds):
    """`x` cut along `axis` at `bounds`: the views np.split returns, without its per-piece overhead.

    A kernel returns a tuple for two or more outputs: one piece is returned as the array itself.
    """
    lead = (slice(None),) * (axis % x.ndim)
    pieces = tuple(x[lead + (slice(a, b),)] for a, b in zip(bounds[:-1], bounds[1:]))
    return pieces[0] if len(pieces) == 1 else pieces


@_split.gradient
def _split_grad(op, *grads):
    filled = [g if g is not None else array_ops.zeros_like(op.outputs[i]) for i, g in enumerate(grads)]
    return [None, concat(filled, op.inputs[0])]


def _split_v_infer(inputs, attrs):
    x, sizes_t, axis_t = inputs
    num = attrs["num_split"]
    sizes = constant_value(sizes_t)
    axis_v = constant_value(axis_t)
    if x.shape.ndims is None or axis_v is None:
        return [(x.dtype.base_dtype, unknown_shape(x.shape.ndims))] * num
    dims = list(x.shape.as_tuple_or_none())
    ax = canonical_axis(int(axis_v), len(dims), "SplitV")
    if sizes is None:
        return [(x.dtype.base_dtype, TensorShape(dims[:ax] + [None] + dims[ax + 1:]))] * num
    resolved = _split_sizes(dims[ax], [int(s) for s in np.asarray(sizes).reshape(-1)])
    return [(x.dtype.base_dtype, TensorShape(dims[:ax] + [s] + dims[ax + 1:])) for s in resolved]


@register_op("SplitV", infer=_split_v_infer)
def _split_v(xp, x, size_splits, axis, *, num_split):
    axis = int(axis)
    sizes = [int(s) for s in host(size_splits).reshape(-1)]
    try:
        sizes = _split_sizes(x.shape[axis], sizes)
    except ValueError as exc:
        raise errors.InvalidArgumentError(None, None, str(exc)) from None
    if any(s is None or s < 0 for s in sizes):
        raise errors.InvalidArgumentError(None, None, f"Split sizes {sizes} are invalid for dimension "
                                          f"{x.shape[axis]}")
    return _cut(x, axis, [0] + np.cumsum(sizes).tolist())


@_split_v.gradient
def _split_v_grad(op, *grads):
    filled = [g if g is not None else array_ops.zeros_like(op.outputs[i]) for i, g in enumerate(grads)]
    return [concat(filled, op.inputs[2]), None, None]


@add_dispatch_support
def split(value, num_or_size_splits, axis=0, num=None, name="split"):
    """Splits `value` along `axis` into equal parts or parts of the given sizes (tf.split).

    Raises:
        ValueError: the dimension does not divide evenly, or `num` cannot be inferred.
    """
    if isinstance(num_or_size_splits, (numbers.Integral, Dimension)):
        n = int(num_or_size_splits)
        op = apply_gen("Split", [("split_dim", axis, dtypes.int32), ("value", value, None)], {"num_split": n},
                       name=name, outputs=True)
        return op.outputs
    size_splits = convert_to_tensor(num_or_size_splits)
    if size_splits.shape.ndims == 0:
        raise ValueError(f"Rank-0 tensors are not supported as the num_or_size_splits argument to split. "
                         f"Argument provided: {num_or_size_splits}")
    if num is None:
        s = size_splits.shape.as_tuple_or_none()
        num = s[0] if s else None
        if num is None:
            raise ValueError(f"Cannot infer argument `num` from shape {num_or_size_splits}")
    op = apply_gen("SplitV", [("value", value, None), ("size_splits", size_splits, ("Tlen", dtypes.int32)),
                              ("split_dim", axis, dtypes.int32)], {"num_split": int(num)}, name=name, outputs=True)
    return op.outputs


__all__ = ["concat", "split", "stack", "unstack"]
