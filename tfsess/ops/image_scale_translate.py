"""ScaleAndTranslate (and its gradient) and TF2's tf.image.resize (tf.compat.v2.image.resize).

ScaleAndTranslate samples each output pixel at `(x + 0.5) / scale - translate / scale` in input
coordinates with one of TF's sampling kernels (sampling_kernels.h), widened by 1/scale when
`antialias` and the image shrinks; each output's taps are the input pixels whose centres lie within
the kernel's radius, their weights normalized to sum to 1, and a sample outside the image is 0. The
op is separable and linear, so it is a per-axis [out, in] weight matrix applied to rows and columns,
and its gradient is the transposed pair.
"""
from __future__ import annotations

import math

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops, constant_op, image_resize, math_ops
from tfsess.ops._infer import REAL, check_dtype, fmt_shape

_PI = np.float32(3.14159265359)


def _lanczos(radius):
    def kernel(x):
        x = np.abs(x)
        safe = np.where(x <= 1e-3, np.float32(1), x)
        value = radius * np.sin(_PI * safe) * np.sin(_PI * safe / radius) / (_PI * _PI * safe * safe)
        return np.where(x > radius, 0, np.where(x <= 1e-3, 1, value)).astype(np.float32)
    return kernel, float(radius)


def _gaussian(x):
    x = np.abs(x)
    sigma = np.float32(0.5)  # radius 1.5 over TF's multiplier 3
    return np.where(x >= 1.5, 0, np.exp(-x * x / (2 * sigma * sigma))).astype(np.float32)


def _box(x):
    x = np.abs(x)
    return np.where(x < 0.5, 1, np.where(x == 0.5, 0.5, 0)).astype(np.float32)


def _triangle(x):
    x = np.abs(x)
    return np.where(x < 1, 1 - x, 0).astype(np.float32)


def _keys_cubic(x):
    x = np.abs(x)
    far = ((-0.5 * x + 2.5) * x - 4.0) * x + 2.0
    near = (1.5 * x - 2.5) * x * x + 1.0
    return np.where(x >= 2, 0, np.where(x >= 1, far, near)).astype(np.float32)


def _mitchell_cubic(x):
    x = np.abs(x)
    far = (((-7.0 / 18.0) * x + 2.0) * x - 10.0 / 3.0) * x + 16.0 / 9.0
    near = (((7.0 / 6.0) * x - 2.0) * x) * x + 8.0 / 9.0
    return np.where(x >= 2, 0, np.where(x >= 1, far, near)).astype(np.float32)


# kernel_type -> (kernel, radius)
KERNELS = {"lanczos1": _lanczos(1), "lanczos3": _lanczos(3), "lanczos5": _lanczos(5), "gaussian": (_gaussian, 1.5),
           "box": (_box, 1.0), "triangle": (_triangle, 1.0), "keyscubic": (_keys_cubic, 2.0),
           "mitchellcubic": (_mitchell_cubic, 2.0)}


def _kernel(kernel_type):
    kernel_type = kernel_type.decode() if isinstance(kernel_type, bytes) else kernel_type
    if kernel_type not in KERNELS:
        raise errors.InvalidArgumentError(None, None, f"Unrecognized kernel type: {kernel_type}")
    return KERNELS[kernel_type]


def _axis_weights(kernel_type, antialias, in_size, out_size, scale, translate):
    """The [out, in] float32 weights of one axis, built span by span as TF's ComputeSpans does."""
    kernel, radius = _kernel(kernel_type)
    inv_scale = np.float32(1) / np.float32(scale)
    inv_translate = -inv_scale * np.float32(translate)
    kernel_scale = max(inv_scale, np.float32(1)) if antialias else np.float32(1)
    reach = np.float32(radius) * kernel_scale
    weights = np.zeros((out_size, in_size), np.float32)
    for x in range(out_size):
        sample = np.float32(x + 0.5) * inv_scale + inv_translate
        if sample < 0 or sample > in_size:
            continue  # outside the image: no taps, the output is 0
        start = min(max(math.ceil(sample - reach - np.float32(0.5)), 0), in_size - 1)
        end = min(max(math.floor(sample + reach - np.float32(0.5)), 0), in_size - 1) + 1
        taps = kernel(np.abs((np.arange(start, end, dtype=np.float32) + np.float32(0.5) - sample)
                             * (np.float32(1) / kernel_scale)))
        total = np.float32(0)
        for t in taps:  # TF sums the taps in order in float32
            total = np.float32(total + t)
        if abs(total) >= 1000 * np.finfo(np.float32).tiny:
            weights[x, start:end] = taps * (np.float32(1) / total)
    return weights


def _checked(images, size, scale, translation):
    if images.ndim != 4:
        raise errors.InvalidArgumentError(None, None, f"input must be 4-dimensional{list(images.shape)}")
    out_h, out_w = (int(s) for s in np.ravel(size))
    if out_h <= 0 or out_w <= 0:
        raise errors.InvalidArgumentError(None, None, "output dimensions must be positive")
    if images.shape[1] == 0 or images.shape[2] == 0:
        raise errors.InvalidArgumentError(None, None, f"input image must be of non-zero size, got {list(images.shape)}")
    scale, translation = np.ravel(scale).astype(np.float32), np.ravel(translation).astype(np.float32)
    if scale.size != 2 or translation.size != 2:
        raise errors.InvalidArgumentError(None, None, "scale and translation must be 1-D tensors of 2 elements")
    if not (scale > 0).all():
        raise errors.InvalidArgumentError(None, None, f"Scale must be greater than zero, got {scale.tolist()}")
    return out_h, out_w, scale, translation


def _matrices(kernel_type, antialias, in_shape, out_shape, scale, translation):
    return [_axis_weights(kernel_type, antialias, in_shape[a], out_shape[a], scale[a], translation[a]) for a in (0, 1)]


def _infer(inputs, attrs):
    images, size = inputs[0], inputs[1]
    check_dtype(images, REAL, "images")
    if images.shape.ndims not in (None, 4):
        raise ValueError(f"Shape must be rank 4 but is rank {images.shape.ndims} for 'ScaleAndTranslate' with input "
                         f"shapes: {fmt_shape(images.shape)}, {fmt_shape(size.shape)}.")
    batch, _, _, channels = images.shape.as_list() if images.shape.ndims == 4 else [None] * 4
    return [(dtypes.float32, TensorShape([batch] + image_resize.size_dims(size) + [channels]))]


@register_op("ScaleAndTranslate", infer=_infer)
def _scale_and_translate(xp, images, size, scale, translation, *, kernel_type="lanczos3", antialias=True):
    out_h, out_w, scale, translation = _checked(images, size, scale, translation)
    my, mx = _matrices(kernel_type, antialias, images.shape[1:3], (out_h, out_w), scale, translation)
    columns = xp.einsum("nhwc,xw->nhxc", images.astype(np.float32), xp.asarray(mx))
    return xp.einsum("yh,nhxc->nyxc", xp.asarray(my), columns).astype(np.float32)


def _grad_infer(inputs, attrs):
    return [(dtypes.float32, inputs[1].shape)]


@register_op("ScaleAndTranslateGrad", infer=_grad_infer, no_gradient=True)
def _scale_and_translate_grad(xp, grads, original_image, scale, translation, *, kernel_type="lanczos3",
                              antialias=True):
    scale, translation = np.ravel(scale).astype(np.float32), np.ravel(translation).astype(np.float32)
    my, mx = _matrices(kernel_type, antialias, original_image.shape[1:3], grads.shape[1:3], scale, translation)
    return xp.einsum("yh,nyxc,xw->nhwc", xp.asarray(my), grads.astype(np.float32), xp.asarray(mx)).astype(np.float32)


@_scale_and_translate.gradient
def _scale_and_translate_gradient(op, grad):
    attrs = {"kernel_type": op.get_attr("kernel_type"), "antialias": op.get_attr("antialias")}
    return [apply1("ScaleAndTranslateGrad", [grad, op.inputs[0], op.inputs[2], op.inputs[3]], attrs,
                   name="ScaleAndTranslateGrad"), None, None, None]


def scale_and_translate(images, size, scale, translation, kernel_type="lanczos3", antialias=True, name=None):
    """ScaleAndTranslate: [batch, h, w, c] images sampled onto `size` with a TF sampling kernel (float32 out)."""
    with op_scope(name, "ScaleAndTranslate", [images, size, scale, translation]) as scope:
        inputs = [convert_to_tensor(images, name="images"), convert_to_tensor(size, dtype=dtypes.int32, name="size"),
                  convert_to_tensor(scale, dtype=dtypes.float32, name="scale"),
                  convert_to_tensor(translation, dtype=dtypes.float32, name="translation")]
        return apply1("ScaleAndTranslate", inputs, {"kernel_type": kernel_type, "antialias": bool(antialias)},
                      name=scope)


class ResizeMethodV2:
    """TF2's tf.image.ResizeMethod: the method names tf.image.resize takes."""

    BILINEAR = "bilinear"
    NEAREST_NEIGHBOR = "nearest"
    BICUBIC = "bicubic"
    AREA = "area"
    LANCZOS3 = "lanczos3"
    LANCZOS5 = "lanczos5"
    GAUSSIAN = "gaussian"
    MITCHELLCUBIC = "mitchellcubic"


_SCALED = {"lanczos3", "lanczos5", "gaussian", "mitchellcubic"}


def resize_v2(images, size, method=ResizeMethodV2.BILINEAR, preserve_aspect_ratio=False, antialias=False, name=None):
    """TF2's tf.image.resize: half-pixel centres, `antialias` and the ScaleAndTranslate kernels.

    Nearest neighbour keeps the dtype, every other method gives float32; unlike TF1's resize_images a
    resize to the same size still runs.

    Raises:
      ValueError: images not of rank 3 or 4, a bad `size`, or an unknown method.
    """
    def resize_fn(images, new_size):
        def scaled(kernel_type):
            shape = math_ops.cast(array_ops.shape(images)[1:3], dtypes.float32)
            return scale_and_translate(images, new_size, math_ops.cast(new_size, dtypes.float32) / shape,
                                       constant_op.zeros([2]), kernel_type=kernel_type, antialias=antialias)
        if method == ResizeMethodV2.BILINEAR:
            return scaled("triangle") if antialias else image_resize.resize_bilinear(images, new_size,
                                                                                      half_pixel_centers=True)
        if method == ResizeMethodV2.NEAREST_NEIGHBOR:
            return image_resize.resize_nearest_neighbor(images, new_size, half_pixel_centers=True)
        if method == ResizeMethodV2.BICUBIC:
            return scaled("keyscubic") if antialias else image_resize.resize_bicubic(images, new_size,
                                                                                     half_pixel_centers=True)
        if method == ResizeMethodV2.AREA:
            return image_resize.resize_area(images, new_size)
        if method in _SCALED:
            return scaled(method)
        raise ValueError(f"Resize method is not implemented: {method}")

    return image_resize.resize_common(images, size, resize_fn, preserve_aspect_ratio, skip_resize_if_same=False,
                                      name=name)


__all__ = ["ResizeMethodV2", "resize_v2", "scale_and_translate"]
