"""HSV colour ops: RGBToHSV (with its gradient), HSVToRGB, AdjustHue, AdjustSaturation, AdjustContrastv2,
and tf.image's adjust_hue / adjust_saturation / adjust_contrast and their random_* variants.

Kernels use TF's formulas in TF's order of operations, in float32 (float64 for float64 images;
float16 images are computed in float32 and rounded back, within a float16 ulp of TF's): RGBToHSV/HSVToRGB are TF's Eigen
expressions; AdjustHue rotates the hue in TF's six-sector (h, v_min, v_max) form; AdjustSaturation
goes through TF's scalar rgb_to_hsv / hsv_to_rgb.
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, convert_to_tensor, op_scope
from tfsess.framework.registry import kernel_dtypes_check, register_op
from tfsess.ops import image_ops, logic_ops, math_ops, random_ops, stack_ops
from tfsess.ops._infer import FLOAT, check_dtype, fmt_shape

_HALF_FLOAT = (dtypes.float16, dtypes.float32)


def _rgb_infer(allowed, min_rank=1, check_channels=True):
    """Shape inference of an op over RGB images; AdjustHue/AdjustSaturation leave the channels to the run."""
    def infer(inputs, attrs):
        images = inputs[0]
        check_dtype(images, allowed, "images")
        if images.shape.ndims is not None and images.shape.ndims < min_rank:
            raise ValueError(f"Shape must be at least rank {min_rank} but is rank {images.shape.ndims} for images "
                             f"with input shapes: {fmt_shape(images.shape)}.")
        if check_channels and images.shape.ndims is not None and images.shape.dims[-1].value not in (None, 3):
            raise ValueError(f"Dimension must be 3 but is {images.shape.dims[-1].value} for the last dimension of "
                             f"images with input shapes: {fmt_shape(images.shape)}.")
        for t in inputs[1:]:
            if t.shape.ndims not in (None, 0):
                raise ValueError(f"Shape must be rank 0 but is rank {t.shape.ndims} for {t.name} with input "
                                 f"shapes: {fmt_shape(t.shape)}.")
        return [(images.dtype.base_dtype, images.shape)]
    return infer


def _channels(images, adjust=False):
    """The r, g, b (or h, s, v) planes. A last axis other than 3 is, as in TF's kernels, a
    FailedPreconditionError for the colour-space conversions and an InvalidArgumentError for Adjust*."""
    if images.ndim < 1 or images.shape[-1] != 3:
        have = images.shape[-1] if images.ndim else 0
        if adjust:
            raise errors.InvalidArgumentError(None, None,
                                              f"input must have 3 channels but instead has {have} channels.")
        raise errors.FailedPreconditionError(None, None,
                                             f"input must have 3 channels but input only has {have} channels.")
    work = np.float64 if images.dtype == np.float64 else np.float32
    x = np.asarray(images).astype(work)
    return x[..., 0], x[..., 1], x[..., 2]


@register_op("RGBToHSV", infer=_rgb_infer(FLOAT), gpu=False)
def _rgb_to_hsv(xp, images):
    r, g, b = _channels(images)
    t = r.dtype.type
    value = np.maximum(np.maximum(r, g), b)
    spread = value - np.minimum(np.minimum(r, g), b)
    with np.errstate(divide="ignore", invalid="ignore"):
        saturation = np.where(value > 0, spread / value, t(0))
        norm = (t(1) / spread) * (t(1) / t(6))
        hue = np.where(r == value, norm * (g - b),
                       np.where(g == value, norm * (b - r) + t(2) / t(6), norm * (r - g) + t(4) / t(6)))
    hue = np.where(spread > 0, hue, t(0))
    hue = np.where(hue < 0, hue + t(1), hue)
    return np.stack([hue, saturation, value], axis=-1).astype(images.dtype)


@register_op("HSVToRGB", infer=_rgb_infer(FLOAT), no_gradient=True, gpu=False)
def _hsv_to_rgb(xp, images):
    h, s, v = _channels(images)
    t = h.dtype.type
    dh = h * t(6)
    dr = np.clip(np.abs(dh - t(3)) - t(1), t(0), t(1))
    dg = np.clip(-np.abs(dh - t(2)) + t(2), t(0), t(1))
    db = np.clip(-np.abs(dh - t(4)) + t(2), t(0), t(1))
    one_minus_s = t(1) - s
    rgb = [(one_minus_s + s * d) * v for d in (dr, dg, db)]
    return np.stack(rgb, axis=-1).astype(images.dtype)


@_rgb_to_hsv.gradient
def _rgb_to_hsv_grad(op, grad):
    """The analytic derivative of h, s, v, with TF's choice of max and min channel on ties."""
    images = op.inputs[0]
    dtype = images.dtype.base_dtype
    r, g, b = (images[..., i] for i in range(3))
    as_float = lambda cond: math_ops.cast(cond, dtype)  # noqa: E731
    biggest = [as_float(logic_ops.logical_and(r >= b, r >= g)), as_float(logic_ops.logical_and(g > r, g >= b)),
               as_float(logic_ops.logical_and(b > r, b > g))]
    smallest = [as_float(logic_ops.logical_and(r < b, r < g)), as_float(logic_ops.logical_and(g <= r, g < b)),
                as_float(logic_ops.logical_and(b <= r, b <= g))]
    value = op.outputs[0][..., 2]
    low = smallest[0] * r + smallest[1] * g + smallest[2] * b
    spread = value - low
    numerator = biggest[0] * (g - b) + biggest[1] * (b - r) + biggest[2] * (r - g)
    d_numerator = [biggest[2] - biggest[1], biggest[0] - biggest[2], biggest[1] - biggest[0]]
    grad_h, grad_s, grad_v = grad[..., 0], grad[..., 1], grad[..., 2]
    per_channel = []
    for c in range(3):
        d_spread = biggest[c] - smallest[c]
        d_hue = math_ops.div_no_nan(d_numerator[c] * spread - numerator * d_spread, 6.0 * spread * spread)
        d_sat = biggest[c] * math_ops.div_no_nan(low, value * value) - smallest[c] * math_ops.div_no_nan(
            math_ops.cast(1.0, dtype), value)
        per_channel.append(grad_h * d_hue + grad_s * d_sat + grad_v * biggest[c])
    return [stack_ops.stack(per_channel, axis=-1)]


# ------------------------------------------------------------------ hue and saturation kernels
def _hue_ranges(r, g, b):
    """TF's rgb_to_hv_range: hue in [0, 6) by sector, and the min and max channel values."""
    sectors = [(r >= g) & (g >= b), (g > r) & (r >= b), (g >= b) & (b > r), (b > g) & (g > r), (b > r) & (r >= g)]
    order = [(r, g, b), (g, r, b), (g, b, r), (b, g, r), (b, r, g), (r, b, g)]  # (max, mid, min) per sector
    category = np.select(sectors, [0, 1, 2, 3, 4], 5)
    v_max = np.select(sectors, [o[0] for o in order[:5]], order[5][0])
    v_mid = np.select(sectors, [o[1] for o in order[:5]], order[5][1])
    v_min = np.select(sectors, [o[2] for o in order[:5]], order[5][2])
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = (v_mid - v_min) / (v_max - v_min)
    hue = category + np.where(category % 2 == 0, ratio, np.float32(1) - ratio)
    return np.where(v_max == v_min, np.float32(0), hue).astype(np.float32), v_min, v_max


def _from_hue_ranges(hue, v_min, v_max):
    category = hue.astype(np.int64)
    ratio = hue - category.astype(np.float32)
    ratio = np.where(category % 2 == 0, ratio, np.float32(1) - ratio)
    v_mid = v_min + ratio * (v_max - v_min)
    cases = [category == k for k in range(5)]
    pick = lambda *choices: np.select(cases, choices[:5], choices[5])  # noqa: E731
    return (pick(v_max, v_mid, v_min, v_min, v_mid, v_max), pick(v_mid, v_max, v_max, v_mid, v_min, v_min),
            pick(v_min, v_min, v_mid, v_max, v_max, v_mid))


# TF registers CPU kernels of the Adjust* ops for float32 only (half runs on GPUs): a half image
# passes graph building, then the placer refuses the graph.
_FLOAT32_KERNELS = ("float32",)


@register_op("AdjustHue", infer=_rgb_infer(_HALF_FLOAT, min_rank=3, check_channels=False), no_gradient=True, gpu=False,
             graph_error=kernel_dtypes_check("AdjustHue", _FLOAT32_KERNELS))
def _adjust_hue(xp, images, delta):
    r, g, b = (c.astype(np.float32) for c in _channels(images, adjust=True))
    hue, v_min, v_max = _hue_ranges(r, g, b)
    hue = hue + np.float32(delta) * np.float32(6)
    for _ in range(2):  # TF's while loops back into [0, 6): |delta| <= 1 needs at most two turns
        hue = np.where(hue < 0, hue + np.float32(6), hue)
        hue = np.where(hue >= 6, hue - np.float32(6), hue)
    return np.stack(_from_hue_ranges(hue, v_min, v_max), axis=-1).astype(images.dtype)


def _scalar_rgb_to_hsv(r, g, b):
    value = np.maximum(r, np.maximum(g, b))
    spread = value - np.minimum(r, np.minimum(g, b))
    with np.errstate(divide="ignore", invalid="ignore"):
        saturation = np.where(value > 0, spread / value, np.float32(0))
        norm = np.float32(1) / (np.float32(6) * spread)
        # the 2.0 / 6.0 and 4.0 / 6.0 offsets are doubles in TF's code: the sum is rounded once to float
        hue = np.where(r == value, norm * (g - b),
                       np.where(g == value, ((norm * (b - r)).astype(np.float64) + 2.0 / 6.0).astype(np.float32),
                                ((norm * (r - g)).astype(np.float64) + 4.0 / 6.0).astype(np.float32)))
    hue = np.where(spread <= 0, np.float32(0), hue)
    return np.where(hue < 0, hue + np.float32(1), hue).astype(np.float32), saturation.astype(np.float32), value


def _scalar_hsv_to_rgb(h, s, v):
    chroma = s * v
    low = v - chroma
    dh = h * np.float32(6)
    category = dh.astype(np.int64)
    fmodu = np.where(dh <= 0, dh + np.float32(2), dh)
    fmodu = np.mod(fmodu, np.float32(2)).astype(np.float32)
    x = chroma * (np.float32(1) - np.abs(fmodu - np.float32(1)))
    zero = np.zeros_like(chroma)
    cases = [category == k for k in range(6)]
    rr = np.select(cases, [chroma, x, zero, zero, x, chroma], zero)
    gg = np.select(cases, [x, chroma, chroma, x, zero, zero], zero)
    bb = np.select(cases, [zero, zero, x, chroma, chroma, x], zero)
    return rr + low, gg + low, bb + low


@register_op("AdjustSaturation", infer=_rgb_infer(_HALF_FLOAT, min_rank=3, check_channels=False), no_gradient=True,
             gpu=False, graph_error=kernel_dtypes_check("AdjustSaturation", _FLOAT32_KERNELS))
def _adjust_saturation(xp, images, scale):
    r, g, b = (c.astype(np.float32) for c in _channels(images, adjust=True))
    hue, saturation, value = _scalar_rgb_to_hsv(r, g, b)
    saturation = np.minimum(np.float32(1), np.maximum(np.float32(0), saturation * np.float32(scale)))
    return np.stack(_scalar_hsv_to_rgb(hue, saturation, value), axis=-1).astype(images.dtype)


# TF defines no gradient for AdjustContrastv2: tf.gradients through adjust_contrast is a LookupError
@register_op("AdjustContrastv2", infer=_rgb_infer(_HALF_FLOAT, min_rank=3, check_channels=False), gpu=False,
             graph_error=kernel_dtypes_check("AdjustContrastv2", _FLOAT32_KERNELS))
def _adjust_contrast_v2(xp, images, contrast_factor):
    if images.ndim < 3:
        raise errors.InvalidArgumentError(None, None, f"input must be at least 3-D, got shape{list(images.shape)}")
    mean = xp.mean(images, axis=(-3, -2), keepdims=True, dtype=np.float32)
    factor = np.float32(contrast_factor)
    return ((images - mean) * factor + mean).astype(images.dtype)


# ------------------------------------------------------------------ public API
def rgb_to_hsv(images, name=None):
    """RGB float images in [0, 1] to HSV: hue in [0, 1), saturation and value in [0, 1]."""
    return apply1("RGBToHSV", [convert_to_tensor(images, name="images")], name=name or "RGBToHSV")


def hsv_to_rgb(images, name=None):
    """HSV float images (each channel in [0, 1]) back to RGB."""
    return apply1("HSVToRGB", [convert_to_tensor(images, name="images")], name=name or "HSVToRGB")


def _adjusted(op_type, scope_name, image, amount, name):
    with op_scope(name, scope_name, [image]):
        image = convert_to_tensor(image, name="image")
        float_image = image if image.dtype.base_dtype in _HALF_FLOAT else image_ops.convert_image_dtype(
            image, dtypes.float32)
        amount = convert_to_tensor(amount, dtypes.float32)
        adjusted = apply1(op_type, [float_image, amount], name=op_type)
        return image_ops.convert_image_dtype(adjusted, image.dtype.base_dtype)


def adjust_contrast(images, contrast_factor):
    """(x - mean) * contrast_factor + mean, with the mean per image and channel (the AdjustContrastv2 op)."""
    with op_scope(None, "adjust_contrast", [images, contrast_factor]) as scope:
        images = convert_to_tensor(images, name="images")
        float_images = images if images.dtype.base_dtype in _HALF_FLOAT else image_ops.convert_image_dtype(
            images, dtypes.float32)
        factor = convert_to_tensor(contrast_factor, dtypes.float32, name="contrast_factor")
        adjusted = apply1("AdjustContrastv2", [float_images, factor], name=scope)
        return image_ops.convert_image_dtype(adjusted, images.dtype.base_dtype, saturate=True)


def adjust_hue(image, delta, name=None):
    """Rotates the hue of RGB images by `delta` (a fraction of the colour circle, in [-1, 1])."""
    return _adjusted("AdjustHue", "adjust_hue", image, delta, name)


def adjust_saturation(image, saturation_factor, name=None):
    """Scales the saturation of RGB images by `saturation_factor`, clipped to [0, 1]."""
    return _adjusted("AdjustSaturation", "adjust_saturation", image, saturation_factor, name)


def random_hue(image, max_delta, seed=None):
    """adjust_hue by a delta drawn uniformly from [-max_delta, max_delta).

    Raises:
      ValueError: max_delta above 0.5 or negative.
    """
    if max_delta > 0.5:
        raise ValueError("max_delta must be <= 0.5.")
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    delta = random_ops.random_uniform([], -max_delta, max_delta, seed=seed)
    return adjust_hue(image, delta)


def random_contrast(image, lower, upper, seed=None):
    """adjust_contrast by a factor drawn uniformly from [lower, upper) (ValueError as image_ops.random_factor)."""
    return adjust_contrast(image, image_ops.random_factor(lower, upper, seed))


def random_saturation(image, lower, upper, seed=None):
    """adjust_saturation by a factor drawn uniformly from [lower, upper) (ValueError as image_ops.random_factor)."""
    return adjust_saturation(image, image_ops.random_factor(lower, upper, seed))


__all__ = ["adjust_contrast", "adjust_hue", "adjust_saturation", "hsv_to_rgb", "random_contrast", "random_hue",
           "random_saturation", "rgb_to_hsv"]
