"""Tiling, padding, reversing and broadcasting: Tile, Pad/PadV2/MirrorPad, ReverseV2, BroadcastTo,
BroadcastGradientArgs.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.dispatch import add_dispatch_support
from tfsess.framework.op_builder import constant_value
from tfsess.framework.operation import Tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops import array_ops, indexing_ops, sequence_ops, stack_ops
from tfsess.ops._infer import (INDEX, apply_gen, broadcast_shapes, check_dtype, check_same_dtype, dims_of, fmt_shape, host,
                               index_attr, partial_shape)
from tfsess.ops.gradient_sums import broadcast_reduction_axes, sum_over

_PADDINGS = index_attr("Tpaddings")


# ------------------------------------------------------------------ tile
def _tile_infer(inputs, attrs):
    x, multiples = inputs
    check_dtype(multiples, INDEX, "multiples")
    mult = partial_shape(multiples)
    rank = x.shape.ndims
    if mult is None:
        return [(x.dtype.base_dtype, unknown_shape(rank))]
    if rank is not None and len(mult) != rank:
        raise ValueError(f"Shape must be rank {rank} but is rank {len(mult)} for 'Tile': multiples must have "
                         "one entry per input dimension")
    dims = x.shape.as_tuple_or_none() or (None,) * len(mult)
    return [(x.dtype.base_dtype, TensorShape([None if d is None or m is None else d * m
                                              for d, m in zip(dims, mult)]))]


def _tile_output_shapes(x, multiples):
    reps = dims_of(multiples)
    return [None if reps is None or len(reps) != len(x.shape) else tuple(d * m for d, m in zip(x.shape, reps))]


@register_op("Tile", infer=_tile_infer, foldable=True, output_shapes=_tile_output_shapes)
def _tile(xp, x, multiples):
    reps = [int(m) for m in host(multiples).reshape(-1)]
    if len(reps) != x.ndim:
        raise errors.InvalidArgumentError(None, None, f"Expected multiples argument to be a vector of length "
                                          f"{x.ndim} but got length {len(reps)}")
    if any(m < 0 for m in reps):
        raise errors.InvalidArgumentError(None, None, f"Expected multiples to be non-negative, got {reps}")
    return xp.tile(x, reps)


@_tile.gradient
def _tile_grad(op, grad):
    x, multiples = op.inputs
    input_shape = array_ops.shape(x, out_type=multiples.dtype.base_dtype)
    split_shape = array_ops.reshape(array_ops.transpose(stack_ops.stack([multiples, input_shape])), [-1])
    axes = sequence_ops.range_(0, array_ops.size(split_shape), 2)
    input_grad = sum_over(array_ops.reshape(grad, split_shape), axes)
    input_grad.set_shape(x.shape)
    return [input_grad, None]


@add_dispatch_support
def tile(input, multiples, name=None):  # noqa: A002
    """Repeats `input` `multiples[i]` times along each dimension i (tf.tile)."""
    args = [("input", input, None), ("multiples", multiples, index_attr("Tmultiples"))]
    return apply_gen("Tile", args, name=name)


# ------------------------------------------------------------------ pad
def _pad_infer(inputs, attrs):
    x, paddings = inputs[0], inputs[1]
    check_dtype(paddings, INDEX, "paddings")
    if len(inputs) == 3:
        check_same_dtype([x, inputs[2]], "PadV2", ("input", "constant_values"))
    value = constant_value(paddings)
    rank = x.shape.ndims
    p_shape = paddings.shape.as_tuple_or_none()
    if p_shape is not None and (len(p_shape) != 2 or p_shape[1] not in (None, 2)):
        raise ValueError(f"Shape must be rank 2 with 2 columns for paddings, got {fmt_shape(paddings.shape)}")
    if p_shape is not None and rank is not None and p_shape[0] is not None and p_shape[0] != rank:
        raise ValueError(f"Dimension must be {rank} but is {p_shape[0]} for 'Pad' with input shapes: "
                         f"{fmt_shape(x.shape)}, {fmt_shape(paddings.shape)}.")
    if value is None:
        n = rank if rank is not None else (p_shape[0] if p_shape else None)
        return [(x.dtype.base_dtype, unknown_shape(n))]
    value = np.asarray(value).reshape(-1, 2)
    if np.any(value < 0):
        raise ValueError(f"Paddings must be non-negative, got {value.tolist()}")
    dims = x.shape.as_tuple_or_none() or (None,) * len(value)
    return [(x.dtype.base_dtype, TensorShape([None if d is None else d + int(a) + int(b)
                                              for d, (a, b) in zip(dims, value)]))]


def _pad_widths(x, paddings):
    widths = host(paddings).reshape(-1, 2).astype(np.int64)
    if widths.shape[0] != x.ndim:
        raise errors.InvalidArgumentError(None, None, f"The first dimension of paddings must be the rank of "
                                          f"inputs{list(widths.shape)}, input shape {list(x.shape)}")
    if np.any(widths < 0):
        raise errors.InvalidArgumentError(None, None, f"Paddings must be non-negative: {widths.tolist()}")
    return [tuple(int(v) for v in w) for w in widths]


@register_op("Pad", infer=_pad_infer)
def _pad(xp, x, paddings):
    if x.dtype == object:  # strings pad with the empty string, TF's zero of the type
        return _pad_strings(x, _pad_widths(x, paddings), b"")
    return xp.pad(x, _pad_widths(x, paddings), mode="constant")


@register_op("PadV2", infer=_pad_infer)
def _pad_v2(xp, x, paddings, constant_values):
    fill = host(constant_values).item()
    if x.dtype == object:
        return _pad_strings(x, _pad_widths(x, paddings), bytes(fill))
    return xp.pad(x, _pad_widths(x, paddings), mode="constant", constant_values=fill)


def _pad_strings(x, widths, fill):
    """A string array padded with `fill` as Python bytes (NumPy's pad would store np.bytes_ scalars)."""
    out = np.full(tuple(d + a + b for d, (a, b) in zip(x.shape, widths)), fill, dtype=object)
    out[tuple(slice(a, a + d) for d, (a, _) in zip(x.shape, widths))] = x
    return out


def _pad_grad(op, grad):
    x, paddings = op.inputs[0], op.inputs[1]
    pad_before = indexing_ops.slice_(paddings, [0, 0], stack_ops.stack([array_ops.rank(x), 1]))
    begin = array_ops.reshape(pad_before, [-1])
    x_grad = indexing_ops.slice_(grad, begin, array_ops.shape(x, out_type=begin.dtype.base_dtype))
    return [x_grad, None] + [None] * (len(op.inputs) - 2)


_pad.gradient(_pad_grad)
_pad_v2.gradient(_pad_grad)


def _mirror_pad_widths(x, paddings, mode):
    widths = _pad_widths(x, paddings)
    offset = 0 if mode == "SYMMETRIC" else 1
    for (a, b), d in zip(widths, x.shape):
        if a > d - offset or b > d - offset:
            raise errors.InvalidArgumentError(None, None, f"paddings must be no greater than the dimension size: "
                                              f"{a}, {b} greater than {d - offset}")
    return widths


@register_op("MirrorPad", infer=_pad_infer)
def _mirror_pad(xp, x, paddings, *, mode):
    widths = _mirror_pad_widths(x, paddings, mode)
    return xp.pad(x, widths, mode="reflect" if mode == "REFLECT" else "symmetric")


@_mirror_pad.gradient
def _mirror_pad_grad(op, grad):
    return [apply_gen("MirrorPadGrad", [("input", grad, None), ("paddings", op.inputs[1], _PADDINGS)],
                      {"mode": op._attr("mode")}), None]


def _mirror_pad_grad_infer(inputs, attrs):
    g, paddings = inputs
    value = constant_value(paddings)
    if value is None or g.shape.ndims is None:
        return [(g.dtype.base_dtype, unknown_shape(g.shape.ndims))]
    value = np.asarray(value).reshape(-1, 2)
    return [(g.dtype.base_dtype, TensorShape([None if d is None else d - int(a) - int(b)
                                              for d, (a, b) in zip(g.shape.as_tuple_or_none(), value)]))]


@register_op("MirrorPadGrad", infer=_mirror_pad_grad_infer)
def _mirror_pad_grad_kernel(xp, g, paddings, *, mode):
    """Folds each padded border back onto the entries it mirrored, axis by axis."""
    out = xp.array(g, copy=True)
    shift = 1 if mode == "REFLECT" else 0
    for axis, (a, b) in enumerate(host(paddings).reshape(-1, 2).astype(int)):
        moved = xp.moveaxis(out, axis, 0)
        n = moved.shape[0]
        core = xp.array(moved[a:n - b], copy=True)
        if a:
            core[shift:shift + a] += moved[:a][::-1]
        if b:
            m = core.shape[0]
            core[m - shift - b:m - shift] += moved[n - b:][::-1]
        out = xp.moveaxis(core, 0, axis)
    return out


@_mirror_pad_grad_kernel.gradient
def _mirror_pad_grad_grad(op, grad):
    return [mirror_pad(grad, op.inputs[1], op._attr("mode")), None]


def mirror_pad(x, paddings, mode, name=None):
    args = [("input", x, None), ("paddings", paddings, _PADDINGS)]
    return apply_gen("MirrorPad", args, {"mode": mode}, name=name)


def pad(tensor, paddings, mode="CONSTANT", name=None, constant_values=0):
    """Pads `tensor` by `paddings` ([rank, 2]): CONSTANT, REFLECT or SYMMETRIC (tf.pad).

    Raises:
        ValueError: an unknown mode, or paddings that do not fit the rank.
    """
    mode = mode.upper()
    if mode == "CONSTANT":
        if not isinstance(constant_values, Tensor) and np.ndim(constant_values) == 0 and constant_values == 0:
            return apply_gen("Pad", [("input", tensor, "T"), ("paddings", paddings, _PADDINGS)], name=name)
        return apply_gen("PadV2", [("input", tensor, "T"), ("paddings", paddings, _PADDINGS),
                                   ("constant_values", constant_values, "T")], name=name)
    if mode in ("REFLECT", "SYMMETRIC"):
        return mirror_pad(tensor, paddings, mode, name=name)
    raise ValueError(f'Value of argument `mode` expected to be one of "CONSTANT", "REFLECT", or "SYMMETRIC". '
                     f"Received `mode` = {mode}")


# ------------------------------------------------------------------ reverse
def _reverse_infer(inputs, attrs):
    x, axis = inputs
    check_dtype(axis, INDEX, "axis")
    value = constant_value(axis)
    if value is not None and x.shape.ndims is not None:
        rank = x.shape.ndims
        seen = set()
        for a in np.asarray(value).reshape(-1):
            if not -rank <= a < rank:
                raise ValueError(f"'axis'[{a}] = {a} is out of valid range [{-rank}, {rank}) for 'ReverseV2'")
            if int(a) % rank in seen:
                raise ValueError(f"axis {int(a) % rank} specified more than once for 'ReverseV2'")
            seen.add(int(a) % rank)
    return [(x.dtype.base_dtype, x.shape)]


@register_op("ReverseV2", infer=_reverse_infer)
def _reverse_v2(xp, x, axis):
    axes = [int(a) for a in host(axis).reshape(-1)]
    for a in axes:
        if not -x.ndim <= a < x.ndim:
            raise errors.InvalidArgumentError(None, None, f"'axis'[{a}] = {a} is out of valid range "
                                              f"[{-x.ndim}, {x.ndim})")
    return xp.flip(x, axis=tuple(axes)) if axes else x


@_reverse_v2.gradient
def _reverse_v2_grad(op, grad):
    return [reverse(grad, op.inputs[1]), None]


@add_dispatch_support
def reverse(tensor, axis, name=None):
    """Reverses `tensor` along each dimension in `axis` (tf.reverse)."""
    return apply_gen("ReverseV2", [("tensor", tensor, None), ("axis", axis, ("Tidx", dtypes.int32))], name=name)


reverse_v2 = reverse


# ------------------------------------------------------------------ roll, reverse_sequence
def _roll_infer(inputs, attrs):
    x, shift, axis = inputs
    check_dtype(shift, INDEX, "shift")
    check_dtype(axis, INDEX, "axis")
    return [(x.dtype.base_dtype, x.shape)]


@register_op("Roll", infer=_roll_infer)
def _roll(xp, x, shift, axis):
    shifts = [int(v) for v in host(shift).reshape(-1)]
    axes = [int(v) for v in host(axis).reshape(-1)]
    if len(shifts) != len(axes):
        raise errors.InvalidArgumentError(None, None, "shift and axis must have the same size")
    for a in axes:
        if not -x.ndim <= a < x.ndim:
            raise errors.InvalidArgumentError(None, None, f"axis {a} is out of range for rank {x.ndim}")
    return xp.roll(x, shifts, axes) if axes else x


@_roll.gradient
def _roll_grad(op, grad):
    return [roll(grad, -op.inputs[1], op.inputs[2]), None, None]


def roll(input, shift, axis, name=None):  # noqa: A002
    """Rotates `input` by `shift` places along each `axis` (tf.roll)."""
    return apply_gen("Roll", [("input", input, None), ("shift", shift, None), ("axis", axis, None)], name=name)


def _reverse_sequence_infer(inputs, attrs):
    x, lengths = inputs
    check_dtype(lengths, INDEX, "seq_lengths")
    rank = x.shape.ndims
    if rank is not None:
        for what in ("seq_dim", "batch_dim"):
            if not 0 <= attrs[what] < rank:
                raise ValueError(f"{what} must be in [0, {rank}), got {attrs[what]} for 'ReverseSequence'")
        if attrs["seq_dim"] == attrs["batch_dim"]:
            raise ValueError("seq_dim and batch_dim must differ for 'ReverseSequence'")
    return [(x.dtype.base_dtype, x.shape)]


@register_op("ReverseSequence", infer=_reverse_sequence_infer)
def _reverse_sequence(xp, x, lengths, *, seq_dim, batch_dim=0):
    out = xp.array(x, copy=True)
    lengths = host(lengths).reshape(-1)
    if lengths.size != x.shape[batch_dim]:
        raise errors.InvalidArgumentError(None, None, f"Length of seq_lengths != input.dims({batch_dim}), "
                                          f"({lengths.size} vs. {x.shape[batch_dim]})")
    if np.any(lengths > x.shape[seq_dim]) or np.any(lengths < 0):
        raise errors.InvalidArgumentError(None, None, f"seq_lens must be in [0, {x.shape[seq_dim]}], got "
                                          f"{lengths.tolist()}")
    for b, n in enumerate(lengths.tolist()):
        index = [slice(None)] * x.ndim
        index[batch_dim] = b
        index[seq_dim] = slice(0, n)
        src = list(index)
        src[seq_dim] = slice(n - 1, None, -1) if n else slice(0, 0)
        out[tuple(index)] = xp.asarray(x)[tuple(src)]
    return out


@_reverse_sequence.gradient
def _reverse_sequence_grad(op, grad):
    return [reverse_sequence(grad, op.inputs[1], op.get_attr("seq_dim"), op.get_attr("batch_dim")), None]


def reverse_sequence(input, seq_lengths, seq_axis=None, batch_axis=None, name=None, seq_dim=None,  # noqa: A002
                     batch_dim=None):
    """Reverses the first seq_lengths[b] entries along `seq_axis` of each batch row b (tf.reverse_sequence)."""
    seq_axis = seq_axis if seq_axis is not None else seq_dim
    batch_axis = batch_axis if batch_axis is not None else (batch_dim if batch_dim is not None else 0)
    if seq_axis is None:
        raise ValueError("Must specify seq_axis (seq_dim) for tf.reverse_sequence()")
    args = [("input", input, None), ("seq_lengths", seq_lengths, index_attr("Tlen", dtypes.int64))]
    return apply_gen("ReverseSequence", args, {"seq_dim": int(seq_axis), "batch_dim": int(batch_axis)}, name=name)


# ------------------------------------------------------------------ broadcasting helpers
def _bga_infer(inputs, attrs):
    return [(inputs[0].dtype.base_dtype, TensorShape([None]))] * 2


@register_op("BroadcastGradientArgs", infer=_bga_infer, no_gradient=True, foldable=True)
def _broadcast_gradient_args(xp, s0, s1):
    a, b = [int(d) for d in host(s0).reshape(-1)], [int(d) for d in host(s1).reshape(-1)]
    n = max(len(a), len(b))
    pa, pb = [1] * (n - len(a)) + a, [1] * (n - len(b)) + b
    for x, y in zip(pa, pb):
        if x != y and x != 1 and y != 1:
            raise errors.InvalidArgumentError(None, None, f"Incompatible shapes: {a} vs. {b}")
    # TF's BCast: an input's gradient is summed over every (padded) axis where it has size 1
    r0 = [i for i, x in enumerate(pa) if x == 1]
    r1 = [i for i, y in enumerate(pb) if y == 1]
    dtype = s0.dtype
    return xp.asarray(np.asarray(r0, dtype=dtype)), xp.asarray(np.asarray(r1, dtype=dtype))


def broadcast_gradient_args(s0, s1, name=None):
    """The axes to sum gradients over for two broadcast operands (TF's BroadcastGradientArgs)."""
    op = apply_gen("BroadcastGradientArgs", [("s0", s0, "T"), ("s1", s1, "T")], name=name, outputs=True)
    return op.outputs[0], op.outputs[1]


def _broadcast_to_infer(inputs, attrs):
    x, target = inputs
    check_dtype(target, INDEX, "shape")
    dims = partial_shape(target)
    if dims is None:
        return [(x.dtype.base_dtype, unknown_shape())]
    out = TensorShape(dims)
    if x.shape.ndims is not None:
        if x.shape.ndims > len(dims):
            raise ValueError(f"Rank of input ({x.shape.ndims}) must be no greater than rank of output shape "
                             f"({len(dims)}) for 'BroadcastTo'")
        src = (1,) * (len(dims) - x.shape.ndims) + x.shape.as_tuple_or_none()
        for s, d in zip(src, dims):
            if s is not None and d is not None and s != 1 and s != d:
                raise ValueError(f"Dimensions must be equal, but are {s} and {d} for 'BroadcastTo' with input "
                                 f"shapes: {fmt_shape(x.shape)}, {fmt_shape(target.shape)}.")
    return [(x.dtype.base_dtype, out)]


def _broadcast_to_output_shapes(x, target):
    dims = dims_of(target)
    return [None if dims == tuple(x.shape) else dims]  # the same shape passes the input through


@register_op("BroadcastTo", infer=_broadcast_to_infer, foldable=True, output_shapes=_broadcast_to_output_shapes)
def _broadcast_to(xp, x, target):
    dims = tuple(int(d) for d in host(target).reshape(-1))
    if x.shape == dims:
        return x
    try:
        return xp.broadcast_to(x, dims)
    except ValueError:
        raise errors.InvalidArgumentError(None, None, f"Unable to broadcast tensor of shape {list(x.shape)} to "
                                          f"tensor of shape {list(dims)}") from None


@_broadcast_to.gradient
def _broadcast_to_grad(op, grad):
    x, target = op.inputs
    sx = x.shape.as_tuple_or_none()
    st = grad.shape.as_tuple_or_none()
    if sx is not None and st is not None and None not in sx and None not in st:
        _, axes = broadcast_reduction_axes(st, sx)
        if not axes:
            return [array_ops.reshape(grad, list(sx)), None]
        return [array_ops.reshape(sum_over(grad, axes, keep_dims=True), list(sx)), None]
    x_shape = array_ops.shape(x, out_type=target.dtype.base_dtype)
    _, axes = broadcast_gradient_args(target, x_shape)
    return [array_ops.reshape(sum_over(grad, axes, keep_dims=True), x_shape), None]


@add_dispatch_support
def broadcast_to(input, shape, name=None):  # noqa: A002,F811
    """Broadcasts `input` to `shape` by NumPy rules (tf.broadcast_to)."""
    return apply_gen("BroadcastTo", [("input", input, None), ("shape", shape, ("Tidx", dtypes.int32))], name=name)


def broadcast_static_shape(shape_x, shape_y):
    """The broadcast of two TensorShapes (tf.broadcast_static_shape); ValueError if incompatible."""
    try:
        return broadcast_shapes(TensorShape(shape_x), TensorShape(shape_y), "broadcast_static_shape")
    except ValueError:
        raise ValueError(f"Incompatible shapes for broadcasting. Two shapes are compatible if for each dimension "
                         f"pair they are either equal or one of them is 1. Received: {shape_x} and {shape_y}.") \
            from None


__all__ = ["broadcast_static_shape", "broadcast_to", "pad", "reverse", "reverse_sequence", "reverse_v2", "roll",
           "tile"]
