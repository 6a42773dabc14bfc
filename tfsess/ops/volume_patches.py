"""ExtractVolumePatches (tf.extract_volume_patches) and its gradient.

Each output position [b, p, r, c] holds the input window of ksizes[1:4] starting at p * strides[1]
(etc.) less the SAME padding before it, flattened in (plane, row, col, depth) order; entries in the
padding are 0. The gradient sends each patch entry back to its voxel, through patches of an index
volume (TF's rule).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops, math_ops, reduction_ops, sequence_ops, stack_ops
from tfsess.ops._infer import REAL, check_dtype, fmt_shape


def _geometry(size, ksize, stride, padding):
    """(output size, padding before) along one axis, as TF's GetWindowedOutputSize."""
    if padding == "VALID":
        return max((size - ksize + stride) // stride, 0), 0
    out = (size + stride - 1) // stride
    return out, max((out - 1) * stride + ksize - size, 0) // 2


def _check_attrs(attrs):
    for name in ("ksizes", "strides"):
        if len(attrs[name]) < 5:
            raise ValueError(f"Attr '{name}' of 'ExtractVolumePatches' Op passed list of length {len(attrs[name])} "
                             f"less than minimum 5.")
    if attrs["padding"] not in ("SAME", "VALID"):
        raise ValueError(f"padding must be SAME or VALID, got {attrs['padding']!r}")


def _patches_infer(inputs, attrs):
    x = inputs[0]
    check_dtype(x, REAL, "input")
    if x.shape.ndims is not None and x.shape.ndims != 5:
        raise ValueError(f"Shape must be rank 5 but is rank {x.shape.ndims} for 'ExtractVolumePatches' with input "
                         f"shapes: {fmt_shape(x.shape)}.")
    _check_attrs(attrs)
    dims = x.shape.as_list() if x.shape.ndims == 5 else [None] * 5
    out = [None if dims[i] is None else _geometry(dims[i], attrs["ksizes"][i], attrs["strides"][i],
                                                   attrs["padding"])[0] for i in (1, 2, 3)]
    k = int(np.prod(attrs["ksizes"][1:4]))
    return [(x.dtype.base_dtype, TensorShape([dims[0]] + out + [None if dims[4] is None else k * dims[4]]))]


@register_op("ExtractVolumePatches", infer=_patches_infer, gpu=False)
def _extract_volume_patches(xp, x, *, ksizes, strides, padding):
    for name, values in (("ksizes", ksizes), ("strides", strides)):
        if len(values) != 5:
            raise errors.InvalidArgumentError(None, None, f"{name} must be a 5-element list")
        if values[0] != 1 or values[4] != 1:
            raise errors.UnimplementedError(None, None, f"Only support {name} across planes/rows/cols.")
    batch, depth = x.shape[0], x.shape[4]
    geo = [_geometry(x.shape[i], ksizes[i], strides[i], padding) for i in (1, 2, 3)]
    if any(out <= 0 for out, _ in geo):
        raise errors.InvalidArgumentError(None, None, "Computed output size would be negative")
    index, valid = [], []
    for axis, (out, before) in zip((1, 2, 3), geo):
        pos = (np.arange(out) * strides[axis] - before)[:, None] + np.arange(ksizes[axis])  # [out, k]
        valid.append((pos >= 0) & (pos < x.shape[axis]))
        index.append(np.clip(pos, 0, x.shape[axis] - 1))
    p, r, c = index
    # [b, op, kp, or, kr, oc, kc, d]
    taken = x[:, p[:, :, None, None, None, None], r[None, None, :, :, None, None], c[None, None, None, None, :, :]]
    mask = (valid[0][:, :, None, None, None, None] & valid[1][None, None, :, :, None, None]
            & valid[2][None, None, None, None, :, :])[None, ..., None]
    taken = xp.where(xp.asarray(mask), taken, xp.zeros((), x.dtype))
    out = taken.transpose(0, 1, 3, 5, 2, 4, 6, 7)
    return out.reshape(batch, geo[0][0], geo[1][0], geo[2][0], int(np.prod(ksizes[1:4])) * depth)


@_extract_volume_patches.gradient
def _extract_volume_patches_grad(op, grad):
    """Each patch entry's gradient summed into its voxel; voxel numbers come from patching an index volume."""
    x = op.inputs[0]
    shape = array_ops.shape(x, out_type=dtypes.int32)
    planes, rows, cols, depth = shape[1], shape[2], shape[3], shape[4]
    voxels = planes * rows * cols
    index_volume = array_ops.reshape(math_ops.cast(sequence_ops.range_(1, voxels + 1), dtypes.float64),
                                     stack_ops.stack([1, planes, rows, cols, 1]))
    attrs = {k: op.get_attr(k) for k in ("ksizes", "strides")}
    attrs["padding"] = op.get_attr("padding").decode()  # get_attr gives a string attr as bytes, as TF
    index_patches = apply_op("ExtractVolumePatches", [index_volume], attrs).outputs[0]
    positions = array_ops.reshape(math_ops.cast(index_patches, dtypes.int32), [-1])  # 0: padding
    per_entry = array_ops.transpose(array_ops.reshape(grad, stack_ops.stack([shape[0], -1, depth])), [1, 0, 2])
    summed = reduction_ops.unsorted_segment_sum(per_entry, positions, voxels + 1)[1:]
    summed = array_ops.reshape(summed, stack_ops.stack([planes, rows, cols, shape[0], depth]))
    return [array_ops.transpose(summed, [3, 0, 1, 2, 4])]


def extract_volume_patches(input, ksizes, strides, padding, name=None):  # noqa: A002 - TF's argument name
    """Patches of ksizes ([1, kp, kr, kc, 1]) taken at `strides` from a 5-D `input`, as the depth of the
    output (tf.extract_volume_patches); padding "SAME" or "VALID"."""
    attrs = {"ksizes": [int(v) for v in ksizes], "strides": [int(v) for v in strides],
             "padding": padding.decode() if isinstance(padding, bytes) else padding}
    with op_scope(name, "ExtractVolumePatches") as scope:
        x = convert_to_tensor(input, name="input")
        return apply_op("ExtractVolumePatches", [x], attrs, name=scope).outputs[0]


__all__ = ["extract_volume_patches"]
