"""Image resizing ops (ResizeBilinear, ResizeNearestNeighbor, ResizeBicubic, ResizeArea) and tf.image.resize_images.

Kernels follow TF's C++ sampling rules exactly: the scale is in/out, or (in-1)/(out-1) with
align_corners; TF1 samples at `i * scale` ("legacy" centers) unless half_pixel_centers, which
samples at `(i + 0.5) * scale - 0.5` (nearest neighbour: `(i + 0.5) * scale`). Bicubic uses Keys'
kernel with a = -0.75 (a = -0.5 with half-pixel centers) through TF's 1024-entry weight table.
Every resize is separable and linear, so each gradient is the transposed per-axis weight matrix.
"""
from __future__ import annotations

import enum

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, constant_value, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops
from tfsess.ops._infer import REAL, check_dtype, fmt_shape


class ResizeMethod(enum.IntEnum):
    """tf.image.ResizeMethod of TF1 (tf.compat.v1.image.ResizeMethod)."""

    BILINEAR = 0
    NEAREST_NEIGHBOR = 1
    BICUBIC = 2
    AREA = 3


def size_dims(size):
    """The constant sizes, None where unknown (-1 reads as unknown, as in TF's constant_value_as_shape)."""
    value = constant_value(size)
    if value is None:
        return [None, None]
    return [None if int(v) == -1 else int(v) for v in np.ravel(value)]


# the TF2 method names that tf.compat.v1's resize_images accepts besides ResizeMethod's integers
_METHOD_NAMES = {"bilinear": ResizeMethod.BILINEAR, "nearest": ResizeMethod.NEAREST_NEIGHBOR,
                 "bicubic": ResizeMethod.BICUBIC, "area": ResizeMethod.AREA}


def _resize_method(method):
    if isinstance(method, str) and method in _METHOD_NAMES:
        return _METHOD_NAMES[method]
    if not isinstance(method, str) and method in tuple(ResizeMethod):
        return ResizeMethod(method)
    raise ValueError(f"Resize method is not implemented: {method}")


def _resize_infer(float_output):
    def infer(inputs, attrs):
        images, size = inputs
        check_dtype(images, REAL, "images")
        if images.shape.ndims not in (None, 4):
            raise ValueError(f"Shape must be rank 4 but is rank {images.shape.ndims} for images with input shapes: "
                             f"{fmt_shape(images.shape)}, {fmt_shape(size.shape)}.")
        if size.dtype.base_dtype != dtypes.int32:
            raise TypeError(f"size must be int32, got {size.dtype.name}")
        if not size.shape.is_compatible_with([2]):
            raise ValueError(f"Shape must be rank 1 with 2 elements for size, got {fmt_shape(size.shape)}.")
        batch, _, _, channels = images.shape.as_list() if images.shape.ndims == 4 else [None] * 4
        out = TensorShape([batch] + size_dims(size) + [channels])
        return [(dtypes.float32 if float_output else images.dtype.base_dtype, out)]
    return infer


def _scale(in_size, out_size, align_corners):
    if align_corners and out_size > 1:
        return np.float32((in_size - 1) / np.float32(out_size - 1))
    return np.float32(in_size / np.float32(out_size))


def _check_sizes(images, size, align_corners, half_pixel_centers):
    if images.ndim != 4:
        raise errors.InvalidArgumentError(None, None, f"input must be 4-dimensional{list(images.shape)}")
    out_h, out_w = (int(s) for s in np.ravel(size))
    if out_h <= 0 or out_w <= 0:
        raise errors.InvalidArgumentError(None, None, f"output dimensions must be positive, got {[out_h, out_w]}")
    if align_corners and half_pixel_centers:
        raise errors.InvalidArgumentError(None, None, "If half_pixel_centers is True, align_corners must be False.")
    if images.shape[1] == 0 or images.shape[2] == 0:
        raise errors.InvalidArgumentError(None, None, f"input image must be of non-zero size, got {list(images.shape)}")
    return out_h, out_w


# ------------------------------------------------------------------ per-axis sampling
def _linear_axis(in_size, out_size, align_corners, half_pixel_centers):
    scale = _scale(in_size, out_size, align_corners)
    i = np.arange(out_size, dtype=np.float32)
    pos = (i + np.float32(0.5)) * scale - np.float32(0.5) if half_pixel_centers else i * scale
    floor = np.floor(pos)
    lower = np.maximum(floor.astype(np.int64), 0)
    upper = np.minimum(np.ceil(pos).astype(np.int64), in_size - 1)
    return lower, upper, (pos - floor).astype(np.float32)


def _nearest_axis(in_size, out_size, align_corners, half_pixel_centers):
    scale = _scale(in_size, out_size, align_corners)
    i = np.arange(out_size, dtype=np.float32)
    pos = (i + np.float32(0.5)) * scale if half_pixel_centers else i * scale
    # roundf rounds halves away from zero; positions are never negative here
    idx = np.floor(pos + np.float32(0.5)) if align_corners else np.floor(pos)
    idx = np.minimum(idx.astype(np.int64), in_size - 1)
    return np.maximum(idx, 0) if half_pixel_centers else idx


_TABLE_SIZE = 1024


def _cubic_table(a):
    x = np.arange(_TABLE_SIZE + 1, dtype=np.float64) / _TABLE_SIZE
    near = (((a + 2) * x - (a + 3)) * x * x + 1).astype(np.float32)
    x1 = x + 1.0
    far = (((a * x1 - 5 * a) * x1 + 8 * a) * x1 - 4 * a).astype(np.float32)
    return near, far


_CUBIC_TABLES = {-0.75: _cubic_table(-0.75), -0.5: _cubic_table(-0.5)}


def _cubic_axis(in_size, out_size, align_corners, half_pixel_centers):
    """(indices [out, 4], weights [out, 4]) of TF's bicubic sampling along one axis."""
    scale = _scale(in_size, out_size, align_corners)
    i = np.arange(out_size, dtype=np.float32)
    pos = (i + np.float32(0.5)) * scale - np.float32(0.5) if half_pixel_centers else i * scale
    base = np.floor(pos).astype(np.int64)
    offset = np.rint((pos - base) * _TABLE_SIZE).astype(np.int64)
    near, far = _CUBIC_TABLES[-0.5 if half_pixel_centers else -0.75]
    weights = np.stack([far[offset], near[offset], near[_TABLE_SIZE - offset], far[_TABLE_SIZE - offset]], axis=1)
    indices = np.clip(base[:, None] + np.arange(-1, 3)[None, :], 0, in_size - 1)
    if half_pixel_centers:
        # Keys' cubic with half-pixel centers drops taps outside the image and renormalizes.
        inside = (base[:, None] + np.arange(-1, 3)[None, :] >= 0) & (base[:, None] + np.arange(-1, 3) < in_size)
        weights = np.where(inside, weights, np.float32(0))
        weights = (weights / weights.sum(axis=1, keepdims=True)).astype(np.float32)
    return indices, weights


def _axis_matrix(kind, in_size, out_size, align_corners, half_pixel_centers):
    """The [out, in] float64 weight matrix of one axis (for the gradients)."""
    m = np.zeros((out_size, in_size))
    rows = np.arange(out_size)
    if kind == "bilinear":
        lower, upper, lerp = _linear_axis(in_size, out_size, align_corners, half_pixel_centers)
        np.add.at(m, (rows, lower), 1.0 - lerp.astype(np.float64))
        np.add.at(m, (rows, upper), lerp.astype(np.float64))
    elif kind == "nearest":
        m[rows, _nearest_axis(in_size, out_size, align_corners, half_pixel_centers)] = 1.0
    else:
        indices, weights = _cubic_axis(in_size, out_size, align_corners, half_pixel_centers)
        for k in range(4):
            np.add.at(m, (rows, indices[:, k]), weights[:, k].astype(np.float64))
    return m


def _apply_transposed(xp, grads, kind, in_h, in_w, align_corners, half_pixel_centers, dtype):
    my = xp.asarray(_axis_matrix(kind, in_h, grads.shape[1], align_corners, half_pixel_centers))
    mx = xp.asarray(_axis_matrix(kind, in_w, grads.shape[2], align_corners, half_pixel_centers))
    out = xp.einsum("yh,nyxc,xw->nhwc", my, grads.astype(np.float64), mx)
    return out.astype(dtype)


# ------------------------------------------------------------------ kernels
@register_op("ResizeBilinear", infer=_resize_infer(True))
def _resize_bilinear(xp, images, size, *, align_corners=False, half_pixel_centers=False):
    out_h, out_w = _check_sizes(images, size, align_corners, half_pixel_centers)
    x = images.astype(np.float32)
    yl, yu, ylerp = _linear_axis(images.shape[1], out_h, align_corners, half_pixel_centers)
    xl, xu, xlerp = _linear_axis(images.shape[2], out_w, align_corners, half_pixel_centers)
    xlerp = xp.asarray(xlerp)[None, None, :, None]
    top_rows, bottom_rows = x[:, yl], x[:, yu]
    top = top_rows[:, :, xl] + (top_rows[:, :, xu] - top_rows[:, :, xl]) * xlerp
    bottom = bottom_rows[:, :, xl] + (bottom_rows[:, :, xu] - bottom_rows[:, :, xl]) * xlerp
    return (top + (bottom - top) * xp.asarray(ylerp)[None, :, None, None]).astype(np.float32)


@register_op("ResizeNearestNeighbor", infer=_resize_infer(False))
def _resize_nearest_neighbor(xp, images, size, *, align_corners=False, half_pixel_centers=False):
    out_h, out_w = _check_sizes(images, size, align_corners, half_pixel_centers)
    ys = _nearest_axis(images.shape[1], out_h, align_corners, half_pixel_centers)
    xs = _nearest_axis(images.shape[2], out_w, align_corners, half_pixel_centers)
    return images[:, ys][:, :, xs]


def _weighted_sum(xp, values, weights, axis):
    # TF sums the four taps in order in float32: w0*v0 + w1*v1 + w2*v2 + w3*v3
    shape = [1] * values[0].ndim
    shape[axis] = -1
    total = None
    for v, w in zip(values, weights):
        term = v * xp.asarray(w).reshape(shape)
        total = term if total is None else total + term
    return total


@register_op("ResizeBicubic", infer=_resize_infer(True))
def _resize_bicubic(xp, images, size, *, align_corners=False, half_pixel_centers=False):
    out_h, out_w = _check_sizes(images, size, align_corners, half_pixel_centers)
    x = images.astype(np.float32)
    yi, yw = _cubic_axis(images.shape[1], out_h, align_corners, half_pixel_centers)
    xi, xw = _cubic_axis(images.shape[2], out_w, align_corners, half_pixel_centers)
    rows = [_weighted_sum(xp, [x[:, yi[:, k]][:, :, xi[:, j]] for j in range(4)], [xw[:, j] for j in range(4)], 2)
            for k in range(4)]
    return _weighted_sum(xp, rows, [yw[:, k] for k in range(4)], 1).astype(np.float32)


def _area_axis(in_size, out_size, align_corners):
    scale = _scale(in_size, out_size, align_corners)
    m = np.zeros((out_size, in_size), np.float32)
    for o in range(out_size):
        start, end = np.float32(o) * scale, np.float32(o + 1) * scale
        for i in range(int(np.floor(start)), int(np.ceil(end))):
            m[o, min(max(i, 0), in_size - 1)] += np.float32(min(i + 1, end) - max(i, start))
    return m, scale


@register_op("ResizeArea", infer=_resize_infer(True), no_gradient=True)
def _resize_area(xp, images, size, *, align_corners=False):
    out_h, out_w = _check_sizes(images, size, align_corners, False)
    my, sy = _area_axis(images.shape[1], out_h, align_corners)
    mx, sx = _area_axis(images.shape[2], out_w, align_corners)
    total = xp.einsum("yh,nhwc,xw->nyxc", xp.asarray(my), images.astype(np.float32), xp.asarray(mx))
    return (total * np.float32(1.0 / (sy * sx))).astype(np.float32)


# ------------------------------------------------------------------ gradients
def _image_grad_infer(inputs, attrs):
    return [(inputs[1].dtype.base_dtype, inputs[1].shape)]


def _nn_grad_infer(inputs, attrs):
    grads, size = inputs
    batch, _, _, channels = grads.shape.as_list() if grads.shape.ndims == 4 else [None] * 4
    return [(grads.dtype.base_dtype, TensorShape([batch] + size_dims(size) + [channels]))]


@register_op("ResizeBilinearGrad", infer=_image_grad_infer, no_gradient=True)
def _resize_bilinear_grad_kernel(xp, grads, original_image, *, align_corners=False, half_pixel_centers=False):
    return _apply_transposed(xp, grads, "bilinear", original_image.shape[1], original_image.shape[2],
                             align_corners, half_pixel_centers, original_image.dtype)


@register_op("ResizeBicubicGrad", infer=_image_grad_infer, no_gradient=True)
def _resize_bicubic_grad_kernel(xp, grads, original_image, *, align_corners=False, half_pixel_centers=False):
    return _apply_transposed(xp, grads, "bicubic", original_image.shape[1], original_image.shape[2],
                             align_corners, half_pixel_centers, original_image.dtype)


@register_op("ResizeNearestNeighborGrad", infer=_nn_grad_infer, no_gradient=True)
def _resize_nearest_neighbor_grad_kernel(xp, grads, size, *, align_corners=False, half_pixel_centers=False):
    in_h, in_w = (int(s) for s in np.ravel(size))
    return _apply_transposed(xp, grads, "nearest", in_h, in_w, align_corners, half_pixel_centers, grads.dtype)


def _attrs(op):
    return {"align_corners": op.get_attr("align_corners"), "half_pixel_centers": op.get_attr("half_pixel_centers")}


@_resize_bilinear.gradient
def _resize_bilinear_grad(op, grad):
    return [apply1("ResizeBilinearGrad", [grad, op.inputs[0]], _attrs(op), name="ResizeBilinearGrad"), None]


@_resize_bicubic.gradient
def _resize_bicubic_grad(op, grad):
    return [apply1("ResizeBicubicGrad", [grad, op.inputs[0]], _attrs(op), name="ResizeBicubicGrad"), None]


@_resize_nearest_neighbor.gradient
def _resize_nearest_neighbor_grad(op, grad):
    image_size = array_ops.shape(op.inputs[0])[1:3]
    return [apply1("ResizeNearestNeighborGrad", [grad, image_size], _attrs(op), name="ResizeNearestNeighborGrad"),
            None]


# ------------------------------------------------------------------ public API
def _resize_op(op_type):
    def resize(images, size, align_corners=False, half_pixel_centers=False, name=None):
        with op_scope(name, op_type, [images, size]) as scope:  # TF converts inside the op's scope: "<name>/size"
            images = convert_to_tensor(images, name="images")
            size = convert_to_tensor(size, dtype=dtypes.int32, name="size")
            return apply1(op_type, [images, size], {"align_corners": bool(align_corners),
                                                    "half_pixel_centers": bool(half_pixel_centers)}, name=scope)
    return resize


resize_bilinear = _resize_op("ResizeBilinear")
resize_bilinear.__doc__ = "Bilinear resize of a [batch, h, w, c] batch to `size` = [new_h, new_w] (float32 out)."
resize_nearest_neighbor = _resize_op("ResizeNearestNeighbor")
resize_nearest_neighbor.__doc__ = "Nearest-neighbour resize of a [batch, h, w, c] batch (keeps the dtype)."
resize_bicubic = _resize_op("ResizeBicubic")
resize_bicubic.__doc__ = "Bicubic resize of a [batch, h, w, c] batch (float32 out)."


def resize_area(images, size, align_corners=False, name=None):
    """Area (box-average) resize of a [batch, h, w, c] batch (float32 out)."""
    images = convert_to_tensor(images, name="images")
    size = convert_to_tensor(size, dtype=dtypes.int32, name="size")
    return apply1("ResizeArea", [images, size], {"align_corners": bool(align_corners)}, name=name or "ResizeArea")


_RESIZERS = {ResizeMethod.BILINEAR: resize_bilinear, ResizeMethod.NEAREST_NEIGHBOR: resize_nearest_neighbor,
             ResizeMethod.BICUBIC: resize_bicubic}


def _batched(images):
    images = convert_to_tensor(images, name="images")
    if images.shape.ndims is None:
        raise ValueError("'images' contains no shape.")
    if images.shape.ndims == 3:
        return array_ops.expand_dims(images, 0), False
    if images.shape.ndims != 4:
        raise ValueError("'images' must have either 3 or 4 dimensions.")
    return images, True


def resize_common(images, size, resize_fn, preserve_aspect_ratio, skip_resize_if_same, name=None):
    """What TF1's and TF2's resizes share (TF's _resize_images_common): rank-3 images batched, `size`
    checked, the aspect ratio kept if asked, then `resize_fn(images, size)`; the same static size
    returns the images untouched when `skip_resize_if_same`."""
    with op_scope(name, "resize", [images, size]):
        images, is_batch = _batched(images)
        try:
            size = convert_to_tensor(size, dtype=dtypes.int32, name="size")
        except (TypeError, ValueError):
            raise ValueError("'size' must be a 1-D int32 Tensor") from None
        if not size.shape.is_compatible_with([2]):
            raise ValueError("'size' must be a 1-D Tensor of 2 elements: new_height, new_width")
        height, width = images.shape.as_list()[1:3]
        new_h, new_w = size_dims(size)
        if preserve_aspect_ratio and None not in (height, width, new_h, new_w):
            factor = min(new_h / height, new_w / width)
            new_h, new_w = max(int(round(height * factor)), 1), max(int(round(width * factor)), 1)
            size = convert_to_tensor([new_h, new_w], dtype=dtypes.int32, name="size")
        if skip_resize_if_same and None not in (height, width, new_h, new_w) and (height, width) == (new_h, new_w):
            return images if is_batch else array_ops.squeeze(images, axis=[0])
        resized = resize_fn(images, size)
        return resized if is_batch else array_ops.squeeze(resized, axis=[0])


def resize_images(images, size, method=ResizeMethod.BILINEAR, align_corners=False, preserve_aspect_ratio=False,
                  name=None):
    """Resizes [h, w, c] or [batch, h, w, c] images to `size` (tf.compat.v1.image.resize_images).

    Bilinear, bicubic and area give float32; nearest neighbour keeps the dtype. A resize to the
    same static size returns the images unchanged.

    Raises:
      ValueError: images not of rank 3 or 4, a `size` that is not 2 elements, or a method that is neither
        a ResizeMethod nor one of TF2's "bilinear", "nearest", "bicubic", "area".
    """
    def resize_fn(images, size):
        chosen = _resize_method(method)
        if chosen == ResizeMethod.AREA:
            return resize_area(images, size, align_corners=align_corners)
        return _RESIZERS[chosen](images, size, align_corners=align_corners)

    return resize_common(images, size, resize_fn, preserve_aspect_ratio, skip_resize_if_same=True, name=name)


__all__ = ["ResizeMethod", "resize_area", "resize_bicubic", "resize_bilinear", "resize_images",
           "resize_nearest_neighbor"]
