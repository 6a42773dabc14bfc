"""Moving blocks of space into depth or batch and back: space_to_depth/depth_to_space (NHWC),
space_to_batch_nd/batch_to_space_nd (any number of spatial dims after the batch), and TF1's
space_to_batch/batch_to_space (square blocks over two spatial dims). Each op's gradient is its inverse.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import errors
from tfsess.framework.op_builder import constant_value, convert_to_tensor
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops._infer import apply_gen, check_rank, host, index_attr


# ------------------------------------------------------------------ space_to_depth / depth_to_space
def _check_format(op_type, data_format):
    if data_format != "NHWC":
        raise errors.UnimplementedError(None, None, f"{op_type}: tfsess supports data_format NHWC only, "
                                        f"got {data_format}")


def _depth_infer_for(op_type, to_depth):
    def infer(inputs, attrs):
        x = inputs[0]
        bs = attrs["block_size"]
        if bs < 2:
            raise ValueError(f"Attr 'block_size' of '{op_type}' Op passed {bs} less than minimum 2.")
        check_rank(x, 4, op_type, "input")
        if x.shape.ndims is None:
            return [(x.dtype.base_dtype, unknown_shape(4))]
        b, h, w, c = x.shape.as_tuple_or_none()
        divided = (h, w) if to_depth else (c,)
        divisor = bs if to_depth else bs * bs
        for d in divided:
            if d is not None and d % divisor:
                raise ValueError(f"Dimension size must be evenly divisible by {divisor} but is {d} for '{op_type}'")
        if to_depth:
            dims = [b, None if h is None else h // bs, None if w is None else w // bs, None if c is None else c * bs * bs]
        else:
            dims = [b, None if h is None else h * bs, None if w is None else w * bs, None if c is None else c // bs // bs]
        return [(x.dtype.base_dtype, TensorShape(dims))]
    return infer


@register_op("SpaceToDepth", infer=_depth_infer_for("SpaceToDepth", True))
def _space_to_depth(xp, x, *, block_size, data_format="NHWC"):
    _check_format("SpaceToDepth", data_format)
    b, h, w, c = x.shape
    bs = block_size
    if h % bs or w % bs:
        raise errors.InvalidArgumentError(None, None, f"Image width {w} and height {h} should be divisible by "
                                          f"block_size: {bs}")
    y = x.reshape(b, h // bs, bs, w // bs, bs, c).transpose(0, 1, 3, 2, 4, 5)
    return y.reshape(b, h // bs, w // bs, bs * bs * c)


@register_op("DepthToSpace", infer=_depth_infer_for("DepthToSpace", False))
def _depth_to_space(xp, x, *, block_size, data_format="NHWC"):
    _check_format("DepthToSpace", data_format)
    b, h, w, c = x.shape
    bs = block_size
    if c % (bs * bs):
        raise errors.InvalidArgumentError(None, None, f"Input depth dimension {c} should be divisible by: "
                                          f"{bs * bs}")
    y = x.reshape(b, h, w, bs, bs, c // (bs * bs)).transpose(0, 1, 3, 2, 4, 5)
    return y.reshape(b, h * bs, w * bs, c // (bs * bs))


@_space_to_depth.gradient
def _space_to_depth_grad(op, grad):
    return [depth_to_space(grad, op.get_attr("block_size"), data_format=_text(op.get_attr("data_format")))]


@_depth_to_space.gradient
def _depth_to_space_grad(op, grad):
    return [space_to_depth(grad, op.get_attr("block_size"), data_format=_text(op.get_attr("data_format")))]


def _text(value):
    return value.decode() if isinstance(value, bytes) else value


def space_to_depth(input, block_size, name=None, data_format="NHWC"):  # noqa: A002
    """Moves `block_size` x `block_size` spatial blocks into the channels (tf.nn.space_to_depth)."""
    return apply_gen("SpaceToDepth", [("input", input, None)],
                     {"block_size": int(block_size), "data_format": data_format}, name=name)


def depth_to_space(input, block_size, name=None, data_format="NHWC"):  # noqa: A002
    """Moves channel groups back into `block_size` x `block_size` spatial blocks (tf.nn.depth_to_space)."""
    return apply_gen("DepthToSpace", [("input", input, None)],
                     {"block_size": int(block_size), "data_format": data_format}, name=name)


# ------------------------------------------------------------------ space_to_batch_nd / batch_to_space_nd
def _batch_infer_for(op_type, to_batch):
    def infer(inputs, attrs):
        x, block, pads = inputs
        block_v, pads_v = constant_value(block), constant_value(pads)
        if block.shape.ndims not in (None, 1):
            raise ValueError(f"Shape must be rank 1 but is rank {block.shape.ndims} for '{op_type}' (block_shape)")
        if x.shape.ndims is None:
            return [(x.dtype.base_dtype, unknown_shape())]
        dims = list(x.shape.as_tuple_or_none())
        if block_v is None or pads_v is None:  # as TF's: the rank, and the dims past the blocks, stay known
            if block_v is not None:
                m = np.asarray(block_v).size
            else:
                m = block.shape.as_tuple_or_none()[0] if block.shape.ndims == 1 else None
            if m is None or len(dims) < m + 1:
                return [(x.dtype.base_dtype, unknown_shape(len(dims)))]
            batch = None
            if block_v is not None and dims[0] is not None:
                prod = int(np.prod(block_v))
                batch = dims[0] * prod if to_batch else dims[0] // prod
            return [(x.dtype.base_dtype, TensorShape([batch] + [None] * m + dims[m + 1:]))]
        block_v, pads_v = np.asarray(block_v).reshape(-1), np.asarray(pads_v).reshape(-1, 2)
        m = block_v.size
        if len(dims) < m + 1:
            raise ValueError(f"Shape must be at least rank {m + 1} but is rank {len(dims)} for '{op_type}' (input)")
        prod = int(np.prod(block_v))
        out = list(dims)
        for i in range(m):
            d = dims[i + 1]
            if d is None:
                continue
            if to_batch:
                padded = d + int(pads_v[i].sum())
                if padded % block_v[i]:
                    raise ValueError(f"Dimension size must be evenly divisible by {block_v[i]} but is {padded} for "
                                     f"'{op_type}'")
                out[i + 1] = padded // int(block_v[i])
            else:
                out[i + 1] = d * int(block_v[i]) - int(pads_v[i].sum())
        if dims[0] is not None:
            out[0] = dims[0] * prod if to_batch else dims[0] // prod
        return [(x.dtype.base_dtype, TensorShape(out))]
    return infer


def _checked_blocks(op_type, x, block, pads):
    block, pads = host(block).reshape(-1).astype(np.int64), host(pads).reshape(-1, 2).astype(np.int64)
    if np.any(block < 1):
        raise errors.InvalidArgumentError(None, None, f"{op_type}: All values in block_shape must be positive, "
                                          f"got value, {block.tolist()}")
    if np.any(pads < 0):
        raise errors.InvalidArgumentError(None, None, f"{op_type}: All values in paddings/crops must be "
                                          f"non-negative, got {pads.tolist()}")
    if x.ndim < block.size + 1:
        raise errors.InvalidArgumentError(None, None, f"{op_type}: input rank should be >= {block.size + 1} "
                                          f"instead of {x.ndim}")
    return block, pads


@register_op("SpaceToBatchND", infer=_batch_infer_for("SpaceToBatchND", True))
def _space_to_batch_nd(xp, x, block, pads):
    block, pads = _checked_blocks("SpaceToBatchND", x, block, pads)
    m = block.size
    widths = [(0, 0)] + [tuple(p) for p in pads.tolist()] + [(0, 0)] * (x.ndim - m - 1)
    padded = xp.pad(x, widths)
    for i in range(m):
        if padded.shape[i + 1] % block[i]:
            raise errors.InvalidArgumentError(None, None, f"padded_shape[{i}]={padded.shape[i + 1]} is not divisible "
                                              f"by block_shape[{i}]={block[i]}")
    b, rest = padded.shape[0], padded.shape[m + 1:]
    split = [b]
    for i in range(m):
        split += [padded.shape[i + 1] // int(block[i]), int(block[i])]
    y = padded.reshape(split + list(rest))
    order = [2 + 2 * i for i in range(m)] + [0] + [1 + 2 * i for i in range(m)] + list(range(1 + 2 * m, y.ndim))
    y = y.transpose(order)
    return y.reshape([b * int(np.prod(block))] + [split[1 + 2 * i] for i in range(m)] + list(rest))


@register_op("BatchToSpaceND", infer=_batch_infer_for("BatchToSpaceND", False))
def _batch_to_space_nd(xp, x, block, crops):
    block, crops = _checked_blocks("BatchToSpaceND", x, block, crops)
    m = block.size
    prod = int(np.prod(block))
    if x.shape[0] % prod:
        raise errors.InvalidArgumentError(None, None, f"Input batch dimension ({x.shape[0]}) is not divisible by "
                                          f"product of block sizes ({prod})")
    b, spatial, rest = x.shape[0] // prod, x.shape[1:m + 1], x.shape[m + 1:]
    y = x.reshape([int(v) for v in block] + [b] + list(spatial) + list(rest))
    order = [m]
    for i in range(m):
        order += [m + 1 + i, i]
    y = y.transpose(order + list(range(2 * m + 1, y.ndim)))
    y = y.reshape([b] + [spatial[i] * int(block[i]) for i in range(m)] + list(rest))
    index = [slice(None)]
    for i in range(m):
        start, stop = int(crops[i, 0]), y.shape[i + 1] - int(crops[i, 1])
        if start > stop:
            raise errors.InvalidArgumentError(None, None, f"Crops must be no larger than the output dimension, got "
                                              f"crops {crops[i].tolist()} for size {y.shape[i + 1]}")
        index.append(slice(start, stop))
    return xp.ascontiguousarray(y[tuple(index)])


@_space_to_batch_nd.gradient
def _space_to_batch_nd_grad(op, grad):
    return [batch_to_space_nd(grad, op.inputs[1], op.inputs[2]), None, None]


@_batch_to_space_nd.gradient
def _batch_to_space_nd_grad(op, grad):
    return [space_to_batch_nd(grad, op.inputs[1], op.inputs[2]), None, None]


def space_to_batch_nd(input, block_shape, paddings, name=None):  # noqa: A002
    """Pads the spatial dims, then moves `block_shape` blocks of them into the batch (tf.space_to_batch_nd)."""
    return apply_gen("SpaceToBatchND", [("input", input, None), ("block_shape", block_shape, index_attr("Tblock_shape")),
                                        ("paddings", paddings, index_attr("Tpaddings"))], name=name)


def batch_to_space_nd(input, block_shape, crops, name=None):  # noqa: A002
    """Moves batch blocks back into the spatial dims, then crops them (tf.batch_to_space_nd)."""
    return apply_gen("BatchToSpaceND", [("input", input, None), ("block_shape", block_shape, index_attr("Tblock_shape")),
                                        ("crops", crops, index_attr("Tcrops"))], name=name)


def _square(block_size, block_shape, op_name):
    if block_shape is not None:
        if block_size is not None:
            raise ValueError(f"Cannot specify both 'block_size' and 'block_shape' for {op_name}")
        block_size = block_shape
    return np.array([block_size, block_size], np.int64)


def _with_rank_4(t):
    t.set_shape(t.shape.merge_with(unknown_shape(4)))
    return t


def space_to_batch(input, paddings, block_size=None, name=None, block_shape=None):  # noqa: A002
    """TF1's tf.space_to_batch: space_to_batch_nd over two spatial dims with a square block."""
    return _with_rank_4(space_to_batch_nd(input, _square(block_size, block_shape, "space_to_batch"), paddings, name))


def batch_to_space(input, crops, block_size, name=None, block_shape=None):  # noqa: A002
    """TF1's tf.batch_to_space: batch_to_space_nd over two spatial dims with a square block."""
    return _with_rank_4(batch_to_space_nd(input, _square(block_size, block_shape, "batch_to_space"),
                                          convert_to_tensor(crops), name))


__all__ = ["batch_to_space", "batch_to_space_nd", "depth_to_space", "space_to_batch", "space_to_batch_nd",
           "space_to_depth"]
