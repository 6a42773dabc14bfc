"""tf.image geometry and colour ops built from primitives: flips, transposes, crops and pads,
standardization, dtype conversion, brightness/gamma, grayscale and YUV, total variation, PSNR,
and the random variants."""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.graph_api import control_dependencies
from tfsess.framework.graph_mode import is_tensor
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.ops import (array_ops, broadcast_ops, check_ops, cond_ops, constant_op, control_flow_ops, indexing_ops,
                        linalg_ops, logic_ops, math_ops, random_ops, reduction_ops, stack_ops, unary_ops)


def _image_rank(image, minimum=3):
    rank = image.shape.ndims
    if rank is None:
        raise ValueError(f"'image' ({image.name}) must have a known rank.")
    if rank < minimum or rank > 4:
        raise ValueError(f"'image' (shape {image.shape}) must be at least three-dimensional.")
    return rank


def _assert_at_least_3d(image):
    """TF's _AssertAtLeast3DImage: static checks where the shape says enough, run-time asserts (rank at
    least 3, inner dims > 0) where it does not."""
    shape = image.shape
    if shape.ndims is not None and shape.ndims < 3:
        raise ValueError(f"'image' (shape {shape}) must be at least three-dimensional.")
    inner = None if shape.ndims is None else shape.as_list()[-3:]
    if inner is not None and 0 in inner:
        raise ValueError(f"inner 3 dims of 'image.shape' must be > 0: {shape}")
    if inner is not None and None not in inner:
        return image
    checks = [check_ops.assert_positive(array_ops.shape(image)[-3:], ["inner 3 dims of 'image.shape' must be > 0."]),
              check_ops.assert_greater_equal(array_ops.rank(image), 3,
                                             message="'image' must be at least three-dimensional.")]
    with control_dependencies(checks):
        return array_ops.identity(image)


def _by_rank(image, rank3, rank4):
    """rank3() or rank4() by image's static rank; a cond on its run-time rank when that is unknown."""
    rank = image.shape.ndims
    if rank is None:
        return cond_ops.cond(logic_ops.equal(array_ops.rank(image), 3), rank3, rank4)
    if rank == 3:
        return rank3()
    if rank == 4:
        return rank4()
    raise ValueError(f"'image' (shape {image.shape}) must have either 3 or 4 dimensions.")


def _flip(image, flip_index, scope_name):
    with op_scope(None, scope_name, [image]):
        image = _assert_at_least_3d(convert_to_tensor(image, name="image"))
        return _by_rank(image, lambda: broadcast_ops.reverse(image, [flip_index]),
                        lambda: broadcast_ops.reverse(image, [flip_index + 1]))


def flip_left_right(image):
    """Mirrors [h, w, c] or [batch, h, w, c] images along the width."""
    return _flip(image, 1, "flip_left_right")


def flip_up_down(image):
    """Mirrors [h, w, c] or [batch, h, w, c] images along the height."""
    return _flip(image, 0, "flip_up_down")


def transpose_image(image, name=None):
    """Swaps height and width of [h, w, c] or [batch, h, w, c] images."""
    with op_scope(name, "transpose", [image]):
        image = _assert_at_least_3d(convert_to_tensor(image, name="image"))
        return _by_rank(image, lambda: array_ops.transpose(image, [1, 0, 2], name=name),
                        lambda: array_ops.transpose(image, [0, 2, 1, 3], name=name))


def _rot90_case(image, k, offset):
    """TF's _rot90_3D/_rot90_4D: a case over k (its result the outer cond's Merge), so height and width
    are unknown statically unless equal."""
    perm = [0, 2, 1, 3] if offset else [1, 0, 2]
    rotations = {1: lambda: array_ops.transpose(broadcast_ops.reverse(image, [1 + offset]), perm),
                 2: lambda: broadcast_ops.reverse(image, [offset, 1 + offset]),
                 3: lambda: broadcast_ops.reverse(array_ops.transpose(image, perm), [1 + offset])}
    out = lambda: image  # noqa: E731
    for turn in (3, 2, 1):
        out = (lambda t, rest: lambda: cond_ops.cond(logic_ops.equal(k, t), rotations[t], rest))(turn, out)
    result = out()
    dims = image.shape.as_list() if image.shape.ndims is not None else [None] * (3 + offset)
    result.set_shape(dims[:offset] + [None, None] + dims[-1:])
    return result


def rot90(image, k=1, name=None):
    """Rotates images counter-clockwise by k * 90 degrees (k may be a tensor)."""
    with op_scope(name, "rot90", [image, k]):
        image = _assert_at_least_3d(convert_to_tensor(image, name="image"))
        k = convert_to_tensor(k, dtype=dtypes.int32, name="k")
        if k.shape.ndims not in (None, 0):
            raise ValueError(f"Shape {k.shape} must have rank 0")
        k = math_ops.floormod(k, 4)
        return _by_rank(image, lambda: _rot90_case(image, k, 0), lambda: _rot90_case(image, k, 1))


def _dims(image):
    """(height, width) as ints where static, else scalar tensors."""
    offset = image.shape.ndims - 3
    static = image.shape.as_list()[offset:offset + 2]
    dynamic = array_ops.shape(image)
    return [s if s is not None else dynamic[offset + i] for i, s in enumerate(static)]


def _check_static(conditions):
    for ok, message in conditions:
        if isinstance(ok, (bool, np.bool_)) and not ok:
            raise ValueError(message)


def crop_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """Crops the [target_height, target_width] box whose top-left corner is at the offsets.

    Raises:
      ValueError: statically negative offsets, non-positive targets or a box past the image.
    """
    with op_scope(None, "crop_to_bounding_box", [image]):
        image = convert_to_tensor(image, name="image")
        rank = _image_rank(image)
        height, width = _dims(image)
        known = lambda *v: all(isinstance(x, int) for x in v)  # noqa: E731
        _check_static([(offset_width >= 0 if known(offset_width) else True, "offset_width must be >= 0."),
                       (offset_height >= 0 if known(offset_height) else True, "offset_height must be >= 0."),
                       (target_width > 0 if known(target_width) else True, "target_width must be > 0."),
                       (target_height > 0 if known(target_height) else True, "target_height must be > 0."),
                       (width >= target_width + offset_width if known(width, target_width, offset_width) else True,
                        "width must be >= target + offset."),
                       (height >= target_height + offset_height if known(height, target_height, offset_height)
                        else True, "height must be >= target + offset.")])
        begin = stack_ops.stack([0] * (rank - 3) + [offset_height, offset_width, 0])
        size = stack_ops.stack([-1] * (rank - 3) + [target_height, target_width, -1])
        return indexing_ops.slice_(image, begin, size)


def pad_to_bounding_box(image, offset_height, offset_width, target_height, target_width):
    """Pads with zeros to [target_height, target_width], the image's corner at the offsets.

    Raises:
      ValueError: statically negative offsets or a target smaller than image + offset.
    """
    with op_scope(None, "pad_to_bounding_box", [image]):
        image = convert_to_tensor(image, name="image")
        rank = _image_rank(image)
        height, width = _dims(image)
        after_w = target_width - offset_width - width
        after_h = target_height - offset_height - height
        known = lambda *v: all(isinstance(x, int) for x in v)  # noqa: E731
        _check_static([(offset_height >= 0 if known(offset_height) else True, "offset_height must be >= 0"),
                       (offset_width >= 0 if known(offset_width) else True, "offset_width must be >= 0"),
                       (after_w >= 0 if known(after_w) else True, "width must be <= target - offset"),
                       (after_h >= 0 if known(after_h) else True, "height must be <= target - offset")])
        rows = [[0, 0]] * (rank - 3) + [[offset_height, after_h], [offset_width, after_w], [0, 0]]
        paddings = array_ops.reshape(stack_ops.stack([v for row in rows for v in row]), [rank, 2])
        return broadcast_ops.pad(image, paddings)


def _max(a, b):
    return max(a, b) if isinstance(a, int) and isinstance(b, int) else math_ops.maximum(a, b)


def _min(a, b):
    return min(a, b) if isinstance(a, int) and isinstance(b, int) else math_ops.minimum(a, b)


def resize_image_with_crop_or_pad(image, target_height, target_width):
    """Centrally crops and/or zero-pads images to [target_height, target_width]."""
    with op_scope(None, "resize_image_with_crop_or_pad", [image]):
        image = convert_to_tensor(image, name="image")
        is_batch = _image_rank(image) == 4
        if not is_batch:
            image = array_ops.expand_dims(image, 0)
        height, width = _dims(image)
        width_diff, height_diff = target_width - width, target_height - height
        cropped = crop_to_bounding_box(image, _max(-height_diff // 2, 0), _max(-width_diff // 2, 0),
                                       _min(target_height, height), _min(target_width, width))
        resized = pad_to_bounding_box(cropped, _max(height_diff // 2, 0), _max(width_diff // 2, 0),
                                      target_height, target_width)
        # TF ends on its (here empty) size asserts' Identity, then drops the batch it added
        resized = control_flow_ops.with_dependencies([], resized)
        return resized if is_batch else array_ops.squeeze(resized, axis=[0])


def central_crop(image, central_fraction):
    """Keeps the central `central_fraction` of each image's height and width.

    Raises:
      ValueError: central_fraction outside (0, 1].
    """
    with op_scope(None, "central_crop", [image]):
        image = convert_to_tensor(image, name="image")
        if central_fraction <= 0.0 or central_fraction > 1.0:
            raise ValueError("central_fraction must be within (0, 1]")
        if central_fraction == 1.0:
            return image
        rank = _image_rank(image)
        height, width = _dims(image)
        starts = []
        for size in (height, width):
            if isinstance(size, int):
                starts.append(int((size - size * central_fraction) / 2))
            else:
                size_f = math_ops.cast(size, dtypes.float64)
                starts.append(math_ops.cast((size_f - size_f * central_fraction) / 2, dtypes.int32))
        begin = stack_ops.stack([0] * (rank - 3) + starts + [0])
        size = stack_ops.stack([-1] * (rank - 3) + [height - starts[0] * 2, width - starts[1] * 2, -1])
        return indexing_ops.slice_(image, begin, size)


def per_image_standardization(image):
    """(x - mean) / max(stddev, 1/sqrt(num_pixels)) per image, in float32."""
    with op_scope(None, "per_image_standardization", [image]) as scope:
        image = _assert_at_least_3d(convert_to_tensor(image, name="image"))
        image = math_ops.cast(image, dtypes.float32)
        num_pixels = reduction_ops.reduce_prod(array_ops.shape(image)[-3:])
        mean = reduction_ops.reduce_mean(image, axis=[-1, -2, -3], keepdims=True)
        variance = reduction_ops.reduce_mean(math_ops.squared_difference(image, mean), axis=[-1, -2, -3],
                                             keepdims=True)
        min_stddev = unary_ops.rsqrt(math_ops.cast(num_pixels, dtypes.float32))
        adjusted_stddev = math_ops.maximum(unary_ops.sqrt(variance), min_stddev)
        return math_ops.divide(image - mean, adjusted_stddev, name=scope)


def convert_image_dtype(image, dtype, saturate=False, name=None):
    """Converts between image dtypes, rescaling: floats are in [0, 1], integers in [0, dtype.max].

    Raises:
      AttributeError: a dtype that is neither floating point nor integer (TF's error class).
    """
    image = convert_to_tensor(image, name="image")
    dtype = dtypes.as_dtype(dtype)
    if not (dtype.is_floating or dtype.is_integer):
        raise AttributeError("dtype must be either floating point or integer")
    if not (image.dtype.is_floating or image.dtype.is_integer):
        raise AttributeError("image dtype must be either floating point or integer")
    if dtype == image.dtype:
        return array_ops.identity(image, name=name)
    cast = math_ops.saturate_cast if saturate else math_ops.cast
    with op_scope(name, "convert_image", [image]) as scope:
        if image.dtype.is_integer and dtype.is_integer:
            scale_in, scale_out = image.dtype.max, dtype.max
            if scale_in > scale_out:  # scale down first: in.max lands below out.max + 1
                return cast(math_ops.floordiv(image, (scale_in + 1) // (scale_out + 1)), dtype, name=scope)
            return math_ops.multiply(cast(image, dtype), (scale_out + 1) // (scale_in + 1), name=scope)
        if image.dtype.is_floating and dtype.is_floating:
            return math_ops.cast(image, dtype, name=scope)
        if image.dtype.is_integer:
            return math_ops.multiply(math_ops.cast(image, dtype), 1.0 / image.dtype.max, name=scope)
        scaled = math_ops.multiply(image, dtype.max + 0.5)  # + 0.5 avoids rounding down in the cast
        return cast(scaled, dtype, name=scope)


def _as_float_image(image):
    return image if image.dtype in (dtypes.float16, dtypes.float32) else convert_image_dtype(image, dtypes.float32)


def adjust_brightness(image, delta):
    """Adds `delta` to images (in [0, 1] float terms), saturating back to the original dtype."""
    with op_scope(None, "adjust_brightness", [image, delta]) as scope:
        image = convert_to_tensor(image, name="image")
        flt = _as_float_image(image)
        adjusted = math_ops.add(flt, math_ops.cast(delta, flt.dtype), name=scope)
        return convert_image_dtype(adjusted, image.dtype, saturate=True)


def adjust_gamma(image, gamma=1, gain=1):
    """gain * image ** gamma on [0, 1] float images, converted back to the image's dtype (saturating)."""
    with op_scope(None, "adjust_gamma", [image, gamma, gain]):
        image = convert_to_tensor(image, name="image")
        flt = _as_float_image(image)
        message = "Gamma should be a non-negative real number."
        if is_tensor(gamma):  # a tensor is checked when the op runs, a number at once (as TF's _assert)
            gamma = control_flow_ops.with_dependencies([check_ops.Assert(gamma >= 0, [message])], gamma)
        elif not gamma >= 0:
            raise ValueError(message)
        adjusted = gain * flt ** gamma
        return convert_image_dtype(adjusted, image.dtype, saturate=True)


_RGB_TO_YUV = [[0.299, -0.14714119, 0.61497538], [0.587, -0.28886916, -0.51496512], [0.114, 0.43601035, -0.10001026]]
_YUV_TO_RGB = [[1, 1, 1], [0, -0.394642334, 2.03206185], [1.13988303, -0.58062185, 0]]


def _mix_channels(images, kernel, name):
    images = convert_to_tensor(images, name="images")
    kernel = convert_to_tensor(kernel, images.dtype.base_dtype, name="kernel")
    return linalg_ops.tensordot(images, kernel, [[images.shape.ndims - 1], [0]], name=name)


def rgb_to_yuv(images):
    """RGB float images in [0, 1] to YUV (Y in [0, 1], U and V in [-0.5, 0.5]) by TF's 3x3 matrix."""
    return _mix_channels(images, _RGB_TO_YUV, "rgb_to_yuv")


def yuv_to_rgb(images):
    """YUV images back to RGB by TF's inverse 3x3 matrix."""
    return _mix_channels(images, _YUV_TO_RGB, "yuv_to_rgb")


def total_variation(images, name=None):
    """The sum of absolute differences of neighbouring pixels: a scalar for one image, one per image for a batch."""
    with op_scope(name, "total_variation", [images]):
        ndims = images.get_shape().ndims  # as in TF: arrays and lists, not tensors, fail with AttributeError
        images = convert_to_tensor(images, name="images")
        if ndims == 3:
            dif_h, dif_w, axis = images[1:, :, :] - images[:-1, :, :], images[:, 1:, :] - images[:, :-1, :], None
        elif ndims == 4:
            dif_h, dif_w = images[:, 1:, :, :] - images[:, :-1, :, :], images[:, :, 1:, :] - images[:, :, :-1, :]
            axis = [1, 2, 3]
        else:
            raise ValueError("'images' must be either 3 or 4-dimensional.")
        # TF sums with `+`: the op is named "add", as the operator names it
        return math_ops.add(reduction_ops.reduce_sum(unary_ops.abs(dif_h), axis=axis),
                            reduction_ops.reduce_sum(unary_ops.abs(dif_w), axis=axis), name="add")


def rgb_to_grayscale(images, name=None):
    """One channel 0.2989 R + 0.5870 G + 0.1140 B, in the images' dtype."""
    with op_scope(name, "rgb_to_grayscale", [images]) as scope:
        images = convert_to_tensor(images, name="images")
        flt = convert_image_dtype(images, dtypes.float32)
        gray = linalg_ops.tensordot(flt, convert_to_tensor([0.2989, 0.5870, 0.1140], dtypes.float32), [-1, -1])
        return convert_image_dtype(array_ops.expand_dims(gray, -1), images.dtype, name=scope)


def grayscale_to_rgb(images, name=None):
    """Repeats the single channel three times."""
    with op_scope(name, "grayscale_to_rgb", [images]) as scope:
        images = _assert_grayscale(convert_to_tensor(images, name="images"))
        rank_less_one = array_ops.expand_dims(array_ops.rank(images) - 1, 0)
        multiples = stack_ops.concat([constant_op.ones(rank_less_one, dtype=dtypes.int32), [3]], 0)
        rgb = broadcast_ops.tile(images, multiples, name=scope)
        rgb.set_shape((images.shape[:-1] if images.shape.ndims is not None else images.shape).concatenate([3]))
        return rgb


def _assert_grayscale(image):
    """TF's _AssertGrayscaleImage: rank >= 2 and a last axis of 1, checked now where the shape is fully
    known, else by asserts the result depends on."""
    shape = image.shape
    if shape.ndims is not None and shape.ndims < 2:
        raise ValueError(f"A grayscale image (shape {shape}) must be at least two-dimensional.")
    if shape.is_fully_defined():
        if shape.as_list()[-1] != 1:
            raise ValueError("Last dimension of a grayscale image should be size 1.")
        return image
    checks = [check_ops.assert_equal(array_ops.shape(image)[-1], 1,
                                     message="Last dimension of a grayscale image should be size 1."),
              check_ops.assert_greater_equal(array_ops.rank(image), 2,
                                             message="A grayscale image must be at least two-dimensional.")]
    with control_dependencies(checks):
        return array_ops.identity(image)


def _random_flip(image, flip_index, seed, scope_name):
    with op_scope(None, scope_name, [image]) as scope:
        image = convert_to_tensor(image, name="image")
        if _image_rank(image) == 3:
            mirror = logic_ops.less(random_ops.random_uniform([], 0, 1.0, seed=seed), 0.5)
            return cond_ops.cond(mirror, lambda: broadcast_ops.reverse(image, [flip_index]), lambda: image,
                                 name=scope)
        batch = array_ops.shape(image)[0]
        flips = unary_ops.round(array_ops.reshape(random_ops.random_uniform(stack_ops.stack([batch]), 0, 1.0,
                                                                            seed=seed),
                                                  stack_ops.stack([batch, 1, 1, 1])))
        flips = math_ops.cast(flips, image.dtype)
        return flips * broadcast_ops.reverse(image, [flip_index + 1]) + (1 - flips) * image


def random_flip_left_right(image, seed=None):
    """Mirrors each image along the width with probability 1/2."""
    return _random_flip(image, 1, seed, "random_flip_left_right")


def random_flip_up_down(image, seed=None):
    """Mirrors each image along the height with probability 1/2."""
    return _random_flip(image, 0, seed, "random_flip_up_down")


def random_brightness(image, max_delta, seed=None):
    """adjust_brightness by a delta drawn uniformly from [-max_delta, max_delta).

    Raises:
      ValueError: a negative max_delta.
    """
    if max_delta < 0:
        raise ValueError("max_delta must be non-negative.")
    delta = random_ops.random_uniform([], -max_delta, max_delta, seed=seed)
    return adjust_brightness(image, delta)


def random_factor(lower, upper, seed):
    """A scalar drawn uniformly from [lower, upper), TF's checks first (random_contrast, random_saturation).

    Raises:
      ValueError: upper <= lower or a negative lower.
    """
    if upper <= lower:
        raise ValueError("upper must be > lower.")
    if lower < 0:
        raise ValueError("lower must be non-negative.")
    return random_ops.random_uniform([], lower, upper, seed=seed)


def random_crop(value, size, seed=None, name=None):
    """A slice of `size` at a uniformly random offset (InvalidArgumentError at run time if too large)."""
    with op_scope(name, "random_crop", [value, size]) as scope:
        value = convert_to_tensor(value, name="value")
        size = convert_to_tensor(size, dtype=dtypes.int32, name="size")
        shape = array_ops.shape(value)
        check = check_ops.Assert(reduction_ops.reduce_all(logic_ops.greater_equal(shape, size)),
                                 ["Need value.shape >= size, got ", shape, size], summarize=1000)
        shape = control_flow_ops.with_dependencies([check], shape)
        limit = shape - size + 1
        offset = math_ops.floormod(random_ops.random_uniform(array_ops.shape(shape), dtype=size.dtype,
                                                             maxval=size.dtype.max, seed=seed), limit)
        return indexing_ops.slice_(value, offset, size, name=scope)


__all__ = ["adjust_brightness", "adjust_gamma", "central_crop", "convert_image_dtype", "crop_to_bounding_box",
           "flip_left_right", "flip_up_down", "grayscale_to_rgb", "pad_to_bounding_box", "per_image_standardization",
           "random_brightness", "random_crop", "random_flip_left_right", "random_flip_up_down",
           "resize_image_with_crop_or_pad", "rgb_to_grayscale", "rgb_to_yuv", "rot90", "total_variation",
           "transpose_image", "yuv_to_rgb"]
