"""Bounding-box ops: DrawBoundingBoxes / DrawBoundingBoxesV2 (outlines on a batch of images) and
SampleDistortedBoundingBoxV2 (a random crop honouring area, aspect-ratio and coverage constraints),
with tf.image's wrappers.

Both follow TF's kernels: box corners scale by (size - 1) and truncate to pixels when drawn, and
the sampler draws an aspect ratio, then a height and an offset, as TF's GenerateRandomCrop does,
from TF's bits: each run reserves `max_attempts` Philox blocks of the kernel's stream (TF's
ReserveSamples32(4 * max_attempts)) and reads their words one at a time as TF's SimplePhilox does
(RandFloat, and Uniform's exact rejection sampling), so seeded crops are TF's crops.
"""
from __future__ import annotations

import collections

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply_op, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.lib import philox
from tfsess.ops import random_ops
from tfsess.ops._infer import check_dtype, fmt_shape

# TF's default colours (RGBA), cycled through box by box
_COLOR_TABLE = np.array([[1, 1, 0, 1], [0, 0, 1, 1], [1, 0, 0, 1], [0, 1, 0, 1], [0.5, 0, 0.5, 1], [0.5, 0.5, 0, 1],
                         [0.5, 0, 0, 1], [0, 0, 0.5, 1], [0, 1, 1, 1], [1, 0, 1, 1]], np.float32)


def _invalid(message):
    return errors.InvalidArgumentError(None, None, message)


def _draw_infer(inputs, attrs):
    images, boxes = inputs[:2]
    check_dtype(images, (dtypes.float16, dtypes.float32), "images")
    check_dtype(boxes, (dtypes.float32,), "boxes")
    if images.shape.ndims not in (None, 4):
        raise ValueError(f"Shape must be rank 4 but is rank {images.shape.ndims} for images with input shapes: "
                         f"{fmt_shape(images.shape)}, {fmt_shape(boxes.shape)}.")
    if boxes.shape.ndims not in (None, 3) or (boxes.shape.ndims == 3 and boxes.shape.dims[2].value not in (None, 4)):
        raise ValueError(f"Shape must be [batch, num_boxes, 4] for boxes with input shapes: "
                         f"{fmt_shape(images.shape)}, {fmt_shape(boxes.shape)}.")
    if images.shape.ndims == 4 and images.shape.dims[3].value not in (None, 1, 3, 4):
        raise ValueError(f"Channel depth should be either 1 (GRY), 3 (RGB), or 4 (RGBA) with input shapes: "
                         f"{fmt_shape(images.shape)}, {fmt_shape(boxes.shape)}.")
    return [(images.dtype.base_dtype, images.shape)]


def _draw(images, boxes, colors):
    if images.ndim != 4 or images.shape[3] not in (1, 3, 4):
        raise _invalid(f"Channel depth should be either 1 (GRY), 3 (RGB), or 4 (RGBA), got shape "
                       f"{list(images.shape)}")
    if boxes.ndim != 3 or boxes.shape[2] != 4 or boxes.shape[0] != images.shape[0]:
        raise _invalid(f"boxes must be [batch, num_boxes, 4] with the images' batch, got {list(boxes.shape)}")
    batch, height, width, depth = images.shape
    table = _COLOR_TABLE
    if colors is not None and colors.size:
        if colors.ndim != 2:
            raise _invalid(f"colors must be a 2-D matrix, got shape {list(colors.shape)}")
        if colors.shape[1] < depth:
            raise _invalid(f"colors must have at least as many columns as the image depth ({depth}), got "
                           f"{list(colors.shape)}")
        table = colors.astype(np.float32)
    elif depth == 1:
        table = _COLOR_TABLE.copy()
        table[:, 0] = 1  # TF draws every default-coloured box white on a grey image
    canvas = np.array(images, copy=True)
    for b in range(batch):
        for k in range(boxes.shape[1]):
            color = table[k % len(table), :depth].astype(canvas.dtype)
            # float products truncated toward zero, as TF's int64 conversions
            top, left, bottom, right = (int(np.float32(boxes[b, k, i]) * np.float32(size - 1))
                                        for i, size in ((0, height), (1, width), (2, height), (3, width)))
            if top > bottom or left > right or top >= height or bottom < 0 or left >= width or right < 0:
                continue  # an inverted box or one wholly outside the image is skipped
            row0, row1 = max(top, 0), min(bottom, height - 1)
            col0, col1 = max(left, 0), min(right, width - 1)
            if top >= 0:
                canvas[b, top, col0:col1 + 1] = color
            if bottom < height:
                canvas[b, bottom, col0:col1 + 1] = color
            if left >= 0:
                canvas[b, row0:row1 + 1, left] = color
            if right < width:
                canvas[b, row0:row1 + 1, right] = color
    return canvas


@register_op("DrawBoundingBoxes", infer=_draw_infer, gpu=False, no_gradient=True)
def _draw_bounding_boxes(xp, images, boxes):
    return _draw(images, boxes, None)


@register_op("DrawBoundingBoxesV2", infer=_draw_infer, gpu=False, no_gradient=True)
def _draw_bounding_boxes_v2(xp, images, boxes, colors):
    return _draw(images, boxes, colors)


# ------------------------------------------------------------------ sample_distorted_bounding_box
def _sample_infer(inputs, attrs):
    image_size, boxes = inputs[:2]
    dtype = check_dtype(image_size, (dtypes.uint8, dtypes.int8, dtypes.int16, dtypes.int32, dtypes.int64),
                        "image_size")
    check_dtype(boxes, (dtypes.float32,), "bounding_boxes")
    if image_size.shape.ndims not in (None, 1) or (image_size.shape.ndims == 1
                                                   and image_size.shape.dims[0].value not in (None, 3)):
        raise ValueError(f"Shape must be rank 1 with 3 elements for image_size with input shapes: "
                         f"{fmt_shape(image_size.shape)}.")
    if boxes.shape.ndims not in (None, 3):
        raise ValueError(f"Shape must be rank 3 but is rank {boxes.shape.ndims} for bounding_boxes with input "
                         f"shapes: {fmt_shape(boxes.shape)}.")
    return [(dtype, TensorShape([3])), (dtype, TensorShape([3])), (dtypes.float32, TensorShape([1, 1, 4]))]


def _random_crop(draws, width, height, min_area_fraction, max_area_fraction, aspect_ratio):
    """TF's GenerateRandomCrop: (x0, y0, x1, y1) or None when this aspect ratio cannot fit the area range."""
    if max_area_fraction <= 0 or aspect_ratio <= 0 or min_area_fraction > max_area_fraction:
        return None
    f32 = np.float32
    min_area = f32(min_area_fraction) * f32(width) * f32(height)
    max_area = f32(max_area_fraction) * f32(width) * f32(height)
    crop_h = int(np.rint(np.sqrt(min_area / aspect_ratio, dtype=f32)))
    max_h = int(np.rint(np.sqrt(max_area / aspect_ratio, dtype=f32)))
    if int(np.rint(f32(max_h) * aspect_ratio)) > width:
        max_h = int((width + 0.5 - 1e-7) / aspect_ratio)
        if int(np.rint(f32(max_h) * aspect_ratio)) > width:
            max_h -= 1
    max_h = min(max_h, height)
    crop_h = min(crop_h, max_h)
    if crop_h < max_h:
        crop_h += draws.uniform(max_h - crop_h + 1)
    crop_w = int(np.rint(f32(crop_h) * aspect_ratio))
    if crop_w * crop_h < min_area:
        crop_h += 1
        crop_w = int(np.rint(f32(crop_h) * aspect_ratio))
    if crop_w * crop_h < min_area:
        return None
    if crop_w * crop_h > max_area:
        crop_h -= 1
        crop_w = int(np.rint(f32(crop_h) * aspect_ratio))
    area = crop_w * crop_h
    if area < min_area or area > max_area or crop_w > width or crop_h > height or crop_w <= 0 or crop_h <= 0:
        return None
    y = draws.uniform(height - crop_h) if crop_h < height else 0
    x = draws.uniform(width - crop_w) if crop_w < width else 0
    return x, y, x + crop_w, y + crop_h


def _covers(crop, boxes, min_object_covered):
    if not boxes:
        return True
    x0, y0, x1, y1 = crop
    for bx0, by0, bx1, by1 in boxes:
        area = (bx1 - bx0) * (by1 - by0)
        if area <= 0:
            continue
        inter = max(min(x1, bx1) - max(x0, bx0), 0) * max(min(y1, by1) - max(y0, by0), 0)
        if np.float32(inter) / np.float32(area) >= min_object_covered:  # float32, as TF compares
            return True
    return False


def _pixel_boxes(bounding_boxes, height, width, use_image):
    flat = np.asarray(bounding_boxes, np.float32).reshape(-1, 4)
    if flat.shape[0] == 0:
        if not use_image:
            raise _invalid("No bounding boxes provided as input. One must enable use_image_if_no_bounding_boxes "
                           "if you wish to not provide any bounding boxes.")
        return [(0, 0, width, height)]
    if np.any(flat < 0) or np.any(flat > 1):
        raise _invalid("All bounding box coordinates must be in [0.0, 1.0]")
    if np.any(flat[:, 0] >= flat[:, 2]) or np.any(flat[:, 1] >= flat[:, 3]):
        raise _invalid("Bounding boxes must have y_min < y_max and x_min < x_max")
    return [(int(xmin * width), int(ymin * height), int(xmax * width), int(ymax * height))
            for ymin, xmin, ymax, xmax in flat]


@register_op("SampleDistortedBoundingBoxV2", infer=_sample_infer, stateful=True, needs_ctx=True, gpu=False,
             no_gradient=True)
def _sample_distorted_bounding_box(xp, image_size, bounding_boxes, min_object_covered, *, ctx, seed=0, seed2=0,
                                   aspect_ratio_range=(0.75, 1.33), area_range=(0.05, 1.0), max_attempts=100,
                                   use_image_if_no_bounding_boxes=False):
    size = np.asarray(image_size)
    if size.shape != (3,):
        raise _invalid(f"image_size must be 1-dimensional with 3 elements, got shape {list(size.shape)}")
    height, width = int(size[0]), int(size[1])
    if height <= 0 or width <= 0:
        raise _invalid(f"image height and width must be positive, got {[height, width]}")
    covered = float(min_object_covered)
    if covered < 0:
        raise _invalid(f"min_object_covered must be non-negative: {covered}")
    if max_attempts <= 0:
        raise _invalid(f"max_attempts must be positive: {max_attempts}")
    low_ratio, high_ratio = (float(v) for v in aspect_ratio_range)
    low_area, high_area = (float(v) for v in area_range)
    if low_ratio <= 0 or high_ratio <= 0:
        raise _invalid(f"aspect_ratio_range must be positive: [{low_ratio}, {high_ratio}]")
    if low_area <= 0 or high_area > 1 or low_area > high_area:
        raise _invalid(f"area_range must be within (0, 1] and increasing: [{low_area}, {high_area}]")
    boxes = _pixel_boxes(bounding_boxes, height, width, use_image_if_no_bounding_boxes)
    stream = random_ops.kernel_stream(ctx, seed, seed2)
    draws = philox.SimplePhilox(stream.key, stream.reserve(max_attempts))
    f32 = np.float32
    crop = None
    for _ in range(max_attempts):
        ratio = draws.rand_float() * (f32(high_ratio) - f32(low_ratio)) + f32(low_ratio)
        candidate = _random_crop(draws, width, height, low_area, high_area, ratio)
        if candidate is not None and _covers(candidate, boxes, f32(covered)):
            crop = candidate
            break
    x0, y0, x1, y1 = crop if crop is not None else (0, 0, width, height)
    dtype = size.dtype
    box = np.array([[[y0 / height, x0 / width, y1 / height, x1 / width]]], np.float32)
    return np.array([y0, x0, 0], dtype), np.array([y1 - y0, x1 - x0, -1], dtype), box


# ------------------------------------------------------------------ public API
def draw_bounding_boxes(images, boxes, name=None, colors=None):
    """Draws box outlines on [batch, h, w, 1|3|4] float images; boxes are [batch, n, 4] as
    [y_min, x_min, y_max, x_max] in [0, 1]; `colors` ([k, >= depth] rows) replaces TF's colour table."""
    with op_scope(name, "DrawBoundingBoxes" if colors is None else "DrawBoundingBoxesV2") as scope:
        images = convert_to_tensor(images, name="images")
        boxes = convert_to_tensor(boxes, dtypes.float32, name="boxes")
        if colors is None:
            return apply_op("DrawBoundingBoxes", [images, boxes], name=scope).outputs[0]
        colors = convert_to_tensor(colors, dtypes.float32, name="colors")
        return apply_op("DrawBoundingBoxesV2", [images, boxes, colors], name=scope).outputs[0]


def sample_distorted_bounding_box(image_size, bounding_boxes, seed=None, seed2=None, min_object_covered=0.1,
                                  aspect_ratio_range=None, area_range=None, max_attempts=None,
                                  use_image_if_no_bounding_boxes=None, name=None):
    """(begin, size, bboxes) of a random crop of an image of `image_size` ([h, w, c]).

    The crop's aspect ratio lies in aspect_ratio_range, its area fraction in area_range, and it
    covers at least min_object_covered of one of `bounding_boxes` ([batch, n, 4] in [0, 1]); after
    max_attempts failures it is the whole image. begin/size feed tf.slice; bboxes is [1, 1, 4].
    """
    with op_scope(name, "sample_distorted_bounding_box"):
        image_size = convert_to_tensor(image_size, name="image_size")
        boxes = convert_to_tensor(bounding_boxes, dtypes.float32, name="bounding_boxes")
        covered = convert_to_tensor(min_object_covered, dtypes.float32, name="min_object_covered")
        attrs = {"seed": int(seed or 0), "seed2": int(seed2 or 0),  # TF1's wrapper passes both seeds as given
                 "aspect_ratio_range": list(aspect_ratio_range or (0.75, 1.33)),
                 "area_range": list(area_range or (0.05, 1.0)), "max_attempts": int(max_attempts or 100),
                 "use_image_if_no_bounding_boxes": bool(use_image_if_no_bounding_boxes)}
        return _SAMPLED_BOX(*apply_op("SampleDistortedBoundingBoxV2", [image_size, boxes, covered], attrs).outputs)


# as TF's generated wrapper, the crop comes back as a namedtuple named after the op type
_SAMPLED_BOX = collections.namedtuple("SampleDistortedBoundingBoxV2", ["begin", "size", "bboxes"])


__all__ = ["draw_bounding_boxes", "sample_distorted_bounding_box"]
