"""Sampling windows out of images: CropAndResize (with CropAndResizeGradImage / GradBoxes),
ExtractGlimpse and ExtractImagePatches (its gradient scatters back through an index image, as TF's).

CropAndResize follows TF's kernel in float32: a box [y1, x1, y2, x2] in normalized coordinates maps
crop row y to y1 * (h - 1) + y * (y2 - y1) * (h - 1) / (crop_h - 1) (the box centre when crop_h is
1); samples outside the image take extrapolation_value.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, constant_value, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops, math_ops, reduction_ops, sequence_ops, stack_ops
from tfsess.ops._infer import REAL, check_dtype, fmt_shape

f32 = np.float32


def _invalid(message):
    return errors.InvalidArgumentError(None, None, message)


def _rank(tensor, rank, what):
    if tensor.shape.ndims not in (None, rank):
        raise ValueError(f"Shape must be rank {rank} but is rank {tensor.shape.ndims} for {what} with input shapes: "
                         f"{fmt_shape(tensor.shape)}.")


def _dim(tensor, i):
    return tensor.shape.dims[i].value if tensor.shape.ndims is not None else None


def _pair(tensor):
    value = constant_value(tensor)
    return [int(v) for v in np.ravel(value)] if value is not None else [None, None]


def _crop_infer(inputs, attrs):
    image, boxes, box_ind, crop_size = inputs
    check_dtype(image, REAL, "image")
    for t, rank, what in ((image, 4, "image"), (boxes, 2, "boxes"), (box_ind, 1, "box_ind"),
                          (crop_size, 1, "crop_size")):
        _rank(t, rank, what)
    if attrs.get("method", "bilinear") not in ("bilinear", "nearest"):
        raise ValueError(f"method must be 'bilinear' or 'nearest', got {attrs.get('method')!r}")
    if _dim(boxes, 1) not in (None, 4):
        raise ValueError(f"Dimension must be 4 but is {_dim(boxes, 1)} for 'CropAndResize' with input shapes: "
                         f"{', '.join(fmt_shape(t.shape) for t in inputs)}.")
    if _dim(crop_size, 0) not in (None, 2):
        raise ValueError(f"Dimension must be 2 but is {_dim(crop_size, 0)} for 'CropAndResize' with input shapes: "
                         f"{', '.join(fmt_shape(t.shape) for t in inputs)}.")
    n_boxes, n_ind = _dim(boxes, 0), _dim(box_ind, 0)
    if None not in (n_boxes, n_ind) and n_boxes != n_ind:
        raise ValueError(f"Dimensions must be equal, but are {n_boxes} and {n_ind} for boxes and box_ind with input "
                         f"shapes: {fmt_shape(boxes.shape)}, {fmt_shape(box_ind.shape)}.")
    return [(dtypes.float32, TensorShape([n_boxes if n_boxes is not None else n_ind] + _pair(crop_size)
                                         + [_dim(image, 3)]))]


def _axis_samples(lo, hi, crop, size):
    """(positions, inside) of one box along one axis, in TF's float32 arithmetic."""
    index = np.arange(crop, dtype=f32)
    if crop > 1:
        scale = f32(f32(hi - lo) * f32(size - 1)) / f32(crop - 1)
        pos = f32(lo) * f32(size - 1) + index * scale
    else:
        pos = np.full(crop, f32(0.5) * f32(lo + hi) * f32(size - 1), f32)
    pos = pos.astype(f32)
    return pos, (pos >= 0) & (pos <= size - 1)


def _check_boxes(image, boxes, box_ind):
    if image.ndim != 4:
        raise _invalid(f"input image must be 4-D, got shape {list(image.shape)}")
    if boxes.ndim != 2 or boxes.shape[1] != 4 or box_ind.ndim != 1 or box_ind.shape[0] != boxes.shape[0]:
        raise _invalid(f"boxes must be [num_boxes, 4] and box_index [num_boxes], got {list(boxes.shape)} and "
                       f"{list(box_ind.shape)}")
    bad = (box_ind < 0) | (box_ind >= image.shape[0])
    if np.any(bad):
        raise errors.OutOfRangeError(None, None, f"box_index has values outside [0, batch_size): {box_ind[bad][0]}")
    if image.shape[1] <= 0 or image.shape[2] <= 0:
        raise _invalid(f"image dimensions must be positive, got {list(image.shape)}")


def _round_half_away(pos):
    """C's roundf for the non-negative positions inside an image (np.round rounds halves to even)."""
    low = np.floor(pos)
    return (low + (pos - low >= f32(0.5))).astype(np.int64)


def _bilinear_taps(pos):
    low = np.floor(pos).astype(np.int64)
    high = np.ceil(pos).astype(np.int64)
    return low, high, (pos - low.astype(f32)).astype(f32)


@register_op("CropAndResize", infer=_crop_infer, gpu=False)
def _crop_and_resize(xp, image, boxes, box_ind, crop_size, *, method="bilinear", extrapolation_value=0.0):
    _check_boxes(image, boxes, box_ind)
    crop_h, crop_w = (int(v) for v in np.ravel(crop_size))
    if crop_h <= 0 or crop_w <= 0:
        raise _invalid("crop dimensions must be positive")
    _, height, width, depth = image.shape
    out = np.full((boxes.shape[0], crop_h, crop_w, depth), f32(extrapolation_value), f32)
    for k, (y1, x1, y2, x2) in enumerate(np.asarray(boxes, f32)):
        src = image[int(box_ind[k])].astype(f32)
        ys, y_ok = _axis_samples(y1, y2, crop_h, height)
        xs, x_ok = _axis_samples(x1, x2, crop_w, width)
        yi, xi = np.nonzero(y_ok)[0], np.nonzero(x_ok)[0]
        if method == "nearest":
            rows, cols = _round_half_away(ys[yi]), _round_half_away(xs[xi])
            out[k][np.ix_(yi, xi)] = src[np.ix_(rows, cols)]
            continue
        top, bottom, y_lerp = _bilinear_taps(ys[yi])
        left, right, x_lerp = _bilinear_taps(xs[xi])
        x_lerp = x_lerp[None, :, None]
        upper = src[np.ix_(top, left)] + (src[np.ix_(top, right)] - src[np.ix_(top, left)]) * x_lerp
        lower = src[np.ix_(bottom, left)] + (src[np.ix_(bottom, right)] - src[np.ix_(bottom, left)]) * x_lerp
        out[k][np.ix_(yi, xi)] = upper + (lower - upper) * y_lerp[:, None, None]
    return out


def _grad_image_infer(inputs, attrs):
    grads, boxes, box_ind, image_size = inputs
    _rank(grads, 4, "grads")
    size = constant_value(image_size)
    shape = [int(v) for v in np.ravel(size)] if size is not None else [None] * 4
    return [(dtypes.as_dtype(attrs["T"]), TensorShape(shape))]


@register_op("CropAndResizeGradImage", infer=_grad_image_infer, no_gradient=True, gpu=False)
def _crop_and_resize_grad_image(xp, grads, boxes, box_ind, image_size, *, T, method="bilinear"):  # noqa: N803
    batch, height, width, depth = (int(v) for v in np.ravel(image_size))
    out = np.zeros((batch, height, width, depth), f32)
    _, crop_h, crop_w, _ = grads.shape
    for k, (y1, x1, y2, x2) in enumerate(np.asarray(boxes, f32)):
        b = int(box_ind[k])
        if not 0 <= b < batch:
            raise errors.OutOfRangeError(None, None, f"box_index has values outside [0, batch_size): {b}")
        ys, y_ok = _axis_samples(y1, y2, crop_h, height)
        xs, x_ok = _axis_samples(x1, x2, crop_w, width)
        yi, xi = np.nonzero(y_ok)[0], np.nonzero(x_ok)[0]
        g = np.asarray(grads[k], f32)[np.ix_(yi, xi)]
        if method == "nearest":
            rows, cols = _round_half_away(ys[yi]), _round_half_away(xs[xi])
            r, c = np.meshgrid(rows, cols, indexing="ij")
            np.add.at(out[b], (r, c), g)
            continue
        top, bottom, y_lerp = _bilinear_taps(ys[yi])
        left, right, x_lerp = _bilinear_taps(xs[xi])
        wy, wx = y_lerp[:, None, None], x_lerp[None, :, None]
        d_top, d_bottom = (f32(1) - wy) * g, wy * g
        for rows, part in ((top, d_top), (bottom, d_bottom)):
            for cols, weight in ((left, f32(1) - wx), (right, wx)):
                r, c = np.meshgrid(rows, cols, indexing="ij")
                np.add.at(out[b], (r, c), weight * part)
    return out.astype(dtypes.as_dtype(T).as_numpy_dtype)


def _grad_boxes_infer(inputs, attrs):
    grads, image, boxes, box_ind = inputs
    return [(dtypes.float32, TensorShape([_dim(boxes, 0), 4]))]


@register_op("CropAndResizeGradBoxes", infer=_grad_boxes_infer, no_gradient=True, gpu=False)
def _crop_and_resize_grad_boxes(xp, grads, image, boxes, box_ind, *, method="bilinear"):
    _check_boxes(image, boxes, box_ind)
    _, height, width, _ = image.shape
    _, crop_h, crop_w, _ = grads.shape
    out = np.zeros((boxes.shape[0], 4), f32)
    h_ratio = f32(height - 1) / f32(crop_h - 1) if crop_h > 1 else f32(0)
    w_ratio = f32(width - 1) / f32(crop_w - 1) if crop_w > 1 else f32(0)
    for k, (y1, x1, y2, x2) in enumerate(np.asarray(boxes, f32)):
        src = image[int(box_ind[k])].astype(f32)
        ys, y_ok = _axis_samples(y1, y2, crop_h, height)
        xs, x_ok = _axis_samples(x1, x2, crop_w, width)
        yi, xi = np.nonzero(y_ok)[0], np.nonzero(x_ok)[0]
        top, bottom, y_lerp = _bilinear_taps(ys[yi])
        left, right, x_lerp = _bilinear_taps(xs[xi])
        tl, tr = src[np.ix_(top, left)], src[np.ix_(top, right)]
        bl, br = src[np.ix_(bottom, left)], src[np.ix_(bottom, right)]
        wy, wx = y_lerp[:, None, None], x_lerp[None, :, None]
        g = np.asarray(grads[k], f32)[np.ix_(yi, xi)]
        grad_y = ((f32(1) - wx) * (bl - tl) + wx * (br - tr)) * g
        grad_x = ((f32(1) - wy) * (tr - tl) + wy * (br - bl)) * g
        if crop_h > 1:
            y_pos = yi.astype(f32)[:, None, None] * h_ratio
            out[k, 0] += np.sum(grad_y * (f32(height - 1) - y_pos), dtype=np.float64)
            out[k, 2] += np.sum(grad_y * y_pos, dtype=np.float64)
        else:
            out[k, [0, 2]] += np.sum(grad_y * f32(0.5) * f32(height - 1), dtype=np.float64)
        if crop_w > 1:
            x_pos = xi.astype(f32)[None, :, None] * w_ratio
            out[k, 1] += np.sum(grad_x * (f32(width - 1) - x_pos), dtype=np.float64)
            out[k, 3] += np.sum(grad_x * x_pos, dtype=np.float64)
        else:
            out[k, [1, 3]] += np.sum(grad_x * f32(0.5) * f32(width - 1), dtype=np.float64)
    return out


@_crop_and_resize.gradient
def _crop_and_resize_grad(op, grad):
    image, boxes, box_ind = op.inputs[:3]
    shape = image.shape.as_list() if image.shape.is_fully_defined() else array_ops.shape(image)
    image_size = convert_to_tensor(shape, dtypes.int32)
    d_image = None
    if image.dtype.base_dtype in (dtypes.float16, dtypes.float32, dtypes.float64):
        d_image = apply_op("CropAndResizeGradImage", [grad, boxes, box_ind, image_size],
                           {"T": image.dtype.base_dtype, "method": op.get_attr("method").decode()}).outputs[0]
    d_boxes = apply_op("CropAndResizeGradBoxes", [grad, image, boxes, box_ind]).outputs[0]
    return [d_image, d_boxes, None, None]


# ------------------------------------------------------------------ glimpses
def _glimpse_infer(inputs, attrs):
    images, size, offsets = inputs
    check_dtype(images, (dtypes.float32,), "input")
    _rank(images, 4, "input")
    _rank(offsets, 2, "offsets")
    if size.shape.ndims == 1 and size.shape.dims[0].value not in (None, 2):
        raise ValueError(f"Dimension must be 2 but is {size.shape.dims[0].value} for size with input shapes: "
                         f"{fmt_shape(size.shape)}.")
    shapes = ", ".join(fmt_shape(t.shape) for t in inputs)
    batch, offsets_batch = _dim(images, 0), _dim(offsets, 0)
    if None not in (batch, offsets_batch) and batch != offsets_batch:
        raise ValueError(f"Dimensions must be equal, but are {batch} and {offsets_batch} for 'ExtractGlimpse' "
                         f"with input shapes: {shapes}.")
    if _dim(offsets, 1) not in (None, 2):
        raise ValueError(f"Dimension must be 2 but is {_dim(offsets, 1)} for 'ExtractGlimpse' with input shapes: "
                         f"{shapes}.")
    batch = offsets_batch if batch is None else batch
    return [(dtypes.float32, TensorShape([batch] + _pair(size) + [_dim(images, 3)]))]


def _glimpse_rng(ctx):
    # TF draws its noise unseeded: a fresh generator per op and session
    return ctx.resources.get_or_create(("random_stream", ctx.op.name), np.random.default_rng)


@register_op("ExtractGlimpse", infer=_glimpse_infer, stateful=True, needs_ctx=True, gpu=False, no_gradient=True)
def _extract_glimpse(xp, images, size, offsets, *, ctx, centered=True, normalized=True, uniform_noise=True,
                     noise="uniform"):
    if uniform_noise and noise not in ("", "uniform"):
        raise _invalid("The uniform_noise and noise should not be specified at the same time")
    if images.ndim != 4 or offsets.ndim != 2 or offsets.shape != (images.shape[0], 2):
        raise _invalid(f"input must be 4-D and offsets [batch, 2], got {list(images.shape)} and "
                       f"{list(offsets.shape)}")
    glimpse_h, glimpse_w = (int(v) for v in np.ravel(size))
    batch, height, width, channels = images.shape
    out = np.zeros((batch, glimpse_h, glimpse_w, channels), f32)
    for i in range(batch):
        y, x = f32(offsets[i, 0]), f32(offsets[i, 1])
        if normalized:
            x, y = x * f32(width), y * f32(height)
        if centered:
            x, y = x / f32(2) + f32(width) / f32(2), y / f32(2) + f32(height) / f32(2)
        top, left = int(y - f32(glimpse_h) / f32(2)), int(x - f32(glimpse_w) / f32(2))  # truncation, as TF
        src = images[i]
        rows = np.arange(top, top + glimpse_h)
        cols = np.arange(left, left + glimpse_w)
        r_ok, c_ok = (rows >= 0) & (rows < height), (cols >= 0) & (cols < width)
        if not (r_ok.all() and c_ok.all()):
            if noise == "gaussian" and not uniform_noise:
                fill = _glimpse_rng(ctx).standard_normal(out[i].shape) * src.std() + src.mean()
            elif noise == "zero" and not uniform_noise:
                fill = np.zeros(out[i].shape)
            else:
                fill = src.min() + _glimpse_rng(ctx).random(out[i].shape) * (src.max() - src.min())
            out[i] = fill.astype(f32)
        out[i][np.ix_(r_ok, c_ok)] = src[np.ix_(rows[r_ok], cols[c_ok])]
    return out


# ------------------------------------------------------------------ patches
def _patch_geometry(size, ksize, stride, rate, padding):
    effective = ksize + (ksize - 1) * (rate - 1)
    if padding == "VALID":
        out = (size - effective + stride) // stride
        return max(out, 0), 0
    out = (size + stride - 1) // stride
    return out, max((out - 1) * stride + effective - size, 0) // 2


def _check_window(attrs):
    for name in ("ksizes", "strides", "rates"):
        if len(attrs[name]) != 4:
            raise ValueError(f"ExtractImagePatches requires the {name} attribute to contain 4 values, but got: "
                             f"{len(attrs[name])}")


def _patches_infer(inputs, attrs):
    images = inputs[0]
    _rank(images, 4, "images")
    _check_window(attrs)
    if attrs["padding"] not in ("SAME", "VALID"):
        raise ValueError(f"padding must be SAME or VALID, got {attrs['padding']!r}")
    batch, height, width, depth = images.shape.as_list() if images.shape.ndims == 4 else [None] * 4
    dims = []
    for size, i in ((height, 1), (width, 2)):
        dims.append(None if size is None else _patch_geometry(size, attrs["ksizes"][i], attrs["strides"][i],
                                                              attrs["rates"][i], attrs["padding"])[0])
    k = attrs["ksizes"][1] * attrs["ksizes"][2]
    return [(images.dtype.base_dtype, TensorShape([batch] + dims + [None if depth is None else k * depth]))]


@register_op("ExtractImagePatches", infer=_patches_infer, gpu=False)
def _extract_image_patches(xp, images, *, ksizes, strides, rates, padding):
    if any(v[0] != 1 or v[3] != 1 for v in (ksizes, strides, rates)):
        raise errors.UnimplementedError(None, None, "Only support ksizes, strides and rates across space (their batch "
                                                    "and depth entries must be 1)")
    batch, height, width, depth = images.shape
    (out_h, pad_top), (out_w, pad_left) = (_patch_geometry(s, ksizes[i], strides[i], rates[i], padding)
                                           for s, i in ((height, 1), (width, 2)))
    rows = (np.arange(out_h) * strides[1] - pad_top)[:, None] + np.arange(ksizes[1]) * rates[1]  # [out_h, kh]
    cols = (np.arange(out_w) * strides[2] - pad_left)[:, None] + np.arange(ksizes[2]) * rates[2]
    r_ok, c_ok = (rows >= 0) & (rows < height), (cols >= 0) & (cols < width)
    taken = images[:, np.clip(rows, 0, height - 1)][:, :, :, np.clip(cols, 0, width - 1)]  # [b, oh, kh, ow, kw, d]
    mask = (r_ok[:, :, None, None] & c_ok[None, None, :, :])[None, :, :, :, :, None]
    taken = xp.where(xp.asarray(mask), taken, xp.zeros((), images.dtype))
    return taken.transpose(0, 1, 3, 2, 4, 5).reshape(batch, out_h, out_w, ksizes[1] * ksizes[2] * depth)


@_extract_image_patches.gradient
def _extract_image_patches_grad(op, grad):
    """Scatters each patch entry back to its pixel: the pixel indices come from patching an index image."""
    images = op.inputs[0]
    shape = array_ops.shape(images, out_type=dtypes.int32)
    height, width, depth = shape[1], shape[2], shape[3]
    pixels = height * width
    index_image = array_ops.reshape(math_ops.cast(sequence_ops.range_(1, pixels + 1), dtypes.float64),
                                    stack_ops.stack([1, height, width, 1]))
    attrs = {k: op.get_attr(k) for k in ("ksizes", "strides", "rates")}
    attrs["padding"] = op.get_attr("padding").decode()  # get_attr gives a string attr as bytes, as TF
    index_patches = apply_op("ExtractImagePatches", [index_image], attrs).outputs[0]
    positions = array_ops.reshape(math_ops.cast(index_patches, dtypes.int32), [-1])  # 0: padding
    per_entry = array_ops.transpose(array_ops.reshape(grad, stack_ops.stack([shape[0], -1, depth])), [1, 0, 2])
    summed = reduction_ops.unsorted_segment_sum(per_entry, positions, pixels + 1)[1:]
    summed = array_ops.reshape(summed, stack_ops.stack([height, width, shape[0], depth]))
    return [array_ops.transpose(summed, [2, 0, 1, 3])]


# ------------------------------------------------------------------ public API
def crop_and_resize(image, boxes, box_ind=None, crop_size=None, method="bilinear", extrapolation_value=0,
                    name=None, box_indices=None):
    """Crops boxes ([n, 4] normalized [y1, x1, y2, x2]) out of images box_ind[i] and resizes each to
    crop_size, bilinear or nearest; float32 [n, crop_h, crop_w, depth] out."""
    if box_ind is None:
        box_ind = box_indices
    with op_scope(name, "CropAndResize") as scope:
        image = convert_to_tensor(image, name="image")
        boxes = convert_to_tensor(boxes, dtypes.float32, name="boxes")
        box_ind = convert_to_tensor(box_ind, dtypes.int32, name="box_ind")
        crop_size = convert_to_tensor(crop_size, dtypes.int32, name="crop_size")
        attrs = {"method": method, "extrapolation_value": float(extrapolation_value)}
        return apply_op("CropAndResize", [image, boxes, box_ind, crop_size], attrs, name=scope).outputs[0]


def extract_glimpse(input, size, offsets, centered=True, normalized=True, uniform_noise=True,  # noqa: A002
                    name=None):
    """Windows of `size` ([h, w]) around `offsets` ([batch, 2] as (y, x)); parts outside the image are
    filled with uniform noise between the image's min and max (TF1's behaviour)."""
    with op_scope(name, "ExtractGlimpse") as scope:
        images = convert_to_tensor(input, dtypes.float32, name="input")
        size = convert_to_tensor(size, dtypes.int32, name="size")
        offsets = convert_to_tensor(offsets, dtypes.float32, name="offsets")
        attrs = {"centered": bool(centered), "normalized": bool(normalized), "uniform_noise": bool(uniform_noise),
                 "noise": "uniform"}
        return apply_op("ExtractGlimpse", [images, size, offsets], attrs, name=scope).outputs[0]


def extract_image_patches(images, ksizes=None, strides=None, rates=None, padding=None, name=None, sizes=None):
    """Patches of ksizes ([1, kh, kw, 1]) at `strides`, dilated by `rates`, as the depth of the output
    ([batch, out_h, out_w, kh * kw * depth], each patch in (row, column, channel) order)."""
    ksizes = ksizes if ksizes is not None else sizes
    with op_scope(name, "ExtractImagePatches") as scope:
        images = convert_to_tensor(images, name="images")
        attrs = {"ksizes": [int(v) for v in ksizes], "strides": [int(v) for v in strides],
                 "rates": [int(v) for v in rates], "padding": padding}
        return apply_op("ExtractImagePatches", [images], attrs, name=scope).outputs[0]


def extract_patches(images, sizes, strides, rates, padding, name=None):
    """extract_image_patches with TF2's argument name `sizes`."""
    return extract_image_patches(images, sizes, strides, rates, padding, name=name)


__all__ = ["crop_and_resize", "extract_glimpse", "extract_image_patches", "extract_patches"]
