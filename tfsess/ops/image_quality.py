"""Image comparison and filtering built from other ops, as TF builds them: ssim and ssim_multiscale
(Gaussian-windowed SSIM through a depthwise convolution; MS-SSIM over 2x average-pooled scales),
image_gradients (forward differences) and sobel_edges (3x3 Sobel filters over a reflect-padded image).
"""
from __future__ import annotations

import numpy as np

from tfsess.framework import dtypes
from tfsess.framework.graph_api import control_dependencies
from tfsess.framework.op_builder import convert_to_tensor, op_scope
from tfsess.ops import (array_ops, broadcast_ops, check_ops, cond_ops, constant_op, depthwise_conv_ops, image_ops,
                        list_arg_ops, logic_ops, math_ops, nn_ops, pool_ops, reduction_ops, sequence_ops, softmax_ops,
                        stack_ops, unary_ops)


def _verify_compatible_image_shapes(img1, img2):
    """(shape1, shape2, run-time checks) of two image batches whose last three dimensions must match.

    Raises:
      ValueError: ranks below 3, or statically incompatible shapes.
    """
    shape1 = img1.shape.with_rank_at_least(3)
    shape2 = img2.shape.with_rank_at_least(3)
    shape1[-3:].assert_is_compatible_with(shape2[-3:])
    if shape1.ndims is not None and shape2.ndims is not None:
        for dim1, dim2 in zip(reversed(shape1.dims[:-3]), reversed(shape2.dims[:-3])):
            if not (dim1 == 1 or dim2 == 1 or dim1.is_compatible_with(dim2)):
                raise ValueError(f"Two images are not compatible: {shape1} and {shape2}")
    shape1, shape2 = list_arg_ops.shape_n([img1, img2])
    checks = [check_ops.Assert(logic_ops.greater_equal(array_ops.size(shape1), 3), [shape1, shape2], summarize=10),
              check_ops.Assert(reduction_ops.reduce_all(logic_ops.equal(shape1[-3:], shape2[-3:])),
                               [shape1, shape2], summarize=10)]
    return shape1, shape2, checks


def psnr(a, b, max_val, name=None):
    """Peak signal-to-noise ratio 20 log10(max_val) - 10 log10(mse) over the last three axes (float32)
    (tf.image.psnr); as TF, the result waits for the run-time checks that the images' shapes match.

    Raises:
      ValueError: ranks below 3, or statically incompatible shapes.
    """
    with op_scope(name, "PSNR", [a, b]):
        a = convert_to_tensor(a, name="a")
        max_val = image_ops.convert_image_dtype(math_ops.cast(max_val, a.dtype), dtypes.float32)
        a = image_ops.convert_image_dtype(a, dtypes.float32)
        b = image_ops.convert_image_dtype(convert_to_tensor(b, name="b"), dtypes.float32)
        mse = reduction_ops.reduce_mean(math_ops.squared_difference(a, b), [-3, -2, -1])
        psnr_val = math_ops.subtract(20 * unary_ops.log(max_val) / unary_ops.log(10.0),
                                     np.float32(10 / np.log(10)) * unary_ops.log(mse), name="psnr")
        _, _, checks = _verify_compatible_image_shapes(a, b)
        with control_dependencies(checks):
            return array_ops.identity(psnr_val)


def _ssim_helper(x, y, reducer, max_val, compensation=1.0, k1=0.01, k2=0.03):
    """(luminance, contrast-structure) terms of SSIM, the means taken by `reducer`."""
    c1 = (k1 * max_val) ** 2
    c2 = (k2 * max_val) ** 2
    mean0, mean1 = reducer(x), reducer(y)
    num0 = mean0 * mean1 * 2.0
    den0 = unary_ops.square(mean0) + unary_ops.square(mean1)
    luminance = (num0 + c1) / (den0 + c1)
    num1 = reducer(x * y) * 2.0
    den1 = reducer(unary_ops.square(x) + unary_ops.square(y))
    c2 *= compensation
    return luminance, (num1 - num0 + c2) / (den1 - den0 + c2)


def _fspecial_gauss(size, sigma):
    """A [size, size, 1, 1] normalized Gaussian window (a softmax of -x^2 / 2 sigma^2, as TF)."""
    size = convert_to_tensor(size, dtypes.int32)
    sigma = convert_to_tensor(sigma)
    coords = math_ops.cast(sequence_ops.range_(size), sigma.dtype)
    coords -= math_ops.cast(size - 1, sigma.dtype) / 2.0
    g = unary_ops.square(coords)
    g *= -0.5 / unary_ops.square(sigma)
    g = array_ops.reshape(g, [1, -1]) + array_ops.reshape(g, [-1, 1])
    g = softmax_ops.softmax(array_ops.reshape(g, [1, -1]))
    return array_ops.reshape(g, stack_ops.stack([size, size, 1, 1]))


def _ssim_per_channel(img1, img2, max_val=1.0, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03,
                      return_index_map=False):
    filter_size = constant_op.constant(filter_size, dtype=dtypes.int32)
    filter_sigma = constant_op.constant(filter_sigma, dtype=img1.dtype)
    shape1, shape2 = list_arg_ops.shape_n([img1, img2])
    checks = [check_ops.Assert(reduction_ops.reduce_all(logic_ops.greater_equal(shape1[-3:-1], filter_size)),
                               [shape1, filter_size], summarize=8),
              check_ops.Assert(reduction_ops.reduce_all(logic_ops.greater_equal(shape2[-3:-1], filter_size)),
                               [shape2, filter_size], summarize=8)]
    with control_dependencies(checks):
        img1 = array_ops.identity(img1)
    kernel = _fspecial_gauss(filter_size, filter_sigma)
    kernel = broadcast_ops.tile(kernel, stack_ops.stack([1, 1, shape1[-1], 1]))

    def reducer(x):
        shape = array_ops.shape(x)
        x = array_ops.reshape(x, stack_ops.concat([[-1], shape[-3:]], 0))
        y = depthwise_conv_ops.depthwise_conv2d(x, kernel, strides=[1, 1, 1, 1], padding="VALID")
        return array_ops.reshape(y, stack_ops.concat([shape[:-3], array_ops.shape(y)[1:]], 0))

    luminance, cs = _ssim_helper(img1, img2, reducer, max_val, 1.0, k1, k2)
    if return_index_map:
        return luminance * cs, cs
    axes = constant_op.constant([-3, -2], dtype=dtypes.int32)
    return reduction_ops.reduce_mean(luminance * cs, axes), reduction_ops.reduce_mean(cs, axes)


def _float_images(img1, img2, max_val):
    max_val = image_ops.convert_image_dtype(math_ops.cast(max_val, img1.dtype), dtypes.float32)
    return (image_ops.convert_image_dtype(img1, dtypes.float32), image_ops.convert_image_dtype(img2, dtypes.float32),
            max_val)


def ssim(img1, img2, max_val, filter_size=11, filter_sigma=1.5, k1=0.01, k2=0.03, return_index_map=False):
    """Structural similarity of two image batches ([..., h, w, c]; h and w >= filter_size), averaged
    over the image and its channels (or per pixel with return_index_map); max_val is the dynamic range.

    Raises:
      ValueError: ranks below 3 or incompatible shapes.
    """
    with op_scope(None, "SSIM", [img1, img2]):
        img1 = convert_to_tensor(img1, name="img1")
        img2 = convert_to_tensor(img2, name="img2")
        _, _, checks = _verify_compatible_image_shapes(img1, img2)
        with control_dependencies(checks):
            img1 = array_ops.identity(img1)
        img1, img2, max_val = _float_images(img1, img2, max_val)
        per_channel, _ = _ssim_per_channel(img1, img2, max_val, filter_size, filter_sigma, k1, k2, return_index_map)
        return reduction_ops.reduce_mean(per_channel, [-1])


_MSSSIM_WEIGHTS = (0.0448, 0.2856, 0.3001, 0.2363, 0.1333)


def ssim_multiscale(img1, img2, max_val, power_factors=_MSSSIM_WEIGHTS, filter_size=11, filter_sigma=1.5, k1=0.01,
                    k2=0.03):
    """Multi-scale SSIM: the contrast-structure terms of successively 2x average-pooled images (odd
    sizes padded symmetrically first) and the last scale's SSIM, weighted by `power_factors`."""
    with op_scope(None, "MS-SSIM", [img1, img2]):
        img1 = convert_to_tensor(img1, name="img1")
        img2 = convert_to_tensor(img2, name="img2")
        shape1, shape2, checks = _verify_compatible_image_shapes(img1, img2)
        with control_dependencies(checks):
            img1 = array_ops.identity(img1)
        img1, img2, max_val = _float_images(img1, img2, max_val)
        imgs = [img1, img2]
        heads = [s[:-3] for s in (shape1, shape2)]
        tails = [s[-3:] for s in (shape1, shape2)]
        divisor = [1, 2, 2, 1]
        divisor_tensor = constant_op.constant(divisor[1:], dtype=dtypes.int32)

        def do_pad(images, remainder):
            padding = broadcast_ops.pad(array_ops.expand_dims(remainder, -1), [[1, 0], [1, 0]])
            return [broadcast_ops.pad(x, padding, mode="SYMMETRIC") for x in images]

        mcs = []
        per_channel = None
        for k in range(len(power_factors)):
            with op_scope(None, f"Scale{k}", imgs):
                if k > 0:
                    flat = [array_ops.reshape(x, stack_ops.concat([[-1], t], 0)) for x, t in zip(imgs, tails)]
                    remainder = math_ops.floormod(tails[0], divisor_tensor)
                    need_padding = reduction_ops.reduce_any(logic_ops.not_equal(remainder, 0))
                    padded = cond_ops.cond(need_padding, lambda: do_pad(flat, remainder), lambda: flat)
                    downscaled = [pool_ops.avg_pool(x, ksize=divisor, strides=divisor, padding="VALID")
                                  for x in padded]
                    tails = [x[1:] for x in list_arg_ops.shape_n(downscaled)]
                    imgs = [array_ops.reshape(x, stack_ops.concat([h, t], 0))
                            for x, h, t in zip(downscaled, heads, tails)]
                per_channel, cs = _ssim_per_channel(*imgs, max_val=max_val, filter_size=filter_size,
                                                    filter_sigma=filter_sigma, k1=k1, k2=k2)
                mcs.append(nn_ops.relu(cs))
        mcs.pop()  # the last scale contributes its full SSIM instead
        mcs_and_ssim = stack_ops.stack(mcs + [nn_ops.relu(per_channel)], axis=-1)
        ms_ssim = reduction_ops.reduce_prod(math_ops.pow(mcs_and_ssim, power_factors), [-1])
        return reduction_ops.reduce_mean(ms_ssim, [-1])


def image_gradients(image):
    """(dy, dx): forward differences of a [batch, h, w, d] image, zero in the last row / column.

    Raises:
      ValueError: an image not of rank 4.
      AttributeError: an image that is not a tensor (TF reads its static shape first).
    """
    if image.get_shape().ndims != 4:  # as in TF: arrays and lists, not tensors, fail with AttributeError
        raise ValueError(f"image_gradients expects a 4D tensor [batch_size, h, w, d], not {image.shape}.")
    image = convert_to_tensor(image, name="image")
    image_shape = array_ops.shape(image)
    batch_size, height, width, depth = stack_ops.unstack(image_shape)
    dy = image[:, 1:, :, :] - image[:, :-1, :, :]
    dx = image[:, :, 1:, :] - image[:, :, :-1, :]
    dy = stack_ops.concat([dy, constant_op.zeros(stack_ops.stack([batch_size, 1, width, depth]), image.dtype)], 1)
    dx = stack_ops.concat([dx, constant_op.zeros(stack_ops.stack([batch_size, height, 1, depth]), image.dtype)], 2)
    return array_ops.reshape(dy, image_shape), array_ops.reshape(dx, image_shape)


def sobel_edges(image):
    """[batch, h, w, d, 2]: the vertical and horizontal Sobel responses of each channel (reflect padding)."""
    static_shape = image.get_shape()  # as in TF: arrays and lists, not tensors, fail with AttributeError
    image = convert_to_tensor(image, name="image")
    image_shape = array_ops.shape(image)
    kernels = np.array([[[-1, -2, -1], [0, 0, 0], [1, 2, 1]], [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]])
    kernels = np.expand_dims(np.transpose(kernels, (1, 2, 0)), -2)
    kernels_tf = constant_op.constant(kernels, dtype=image.dtype)
    kernels_tf = broadcast_ops.tile(kernels_tf, stack_ops.stack([1, 1, image_shape[-1], 1]), name="sobel_filters")
    padded = broadcast_ops.pad(image, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="REFLECT")
    output = depthwise_conv_ops.depthwise_conv2d(padded, kernels_tf, [1, 1, 1, 1], "VALID")
    output = array_ops.reshape(output, stack_ops.concat([image_shape, [2]], 0))
    output.set_shape(static_shape.concatenate([2]))
    return output


__all__ = ["image_gradients", "psnr", "sobel_edges", "ssim", "ssim_multiscale"]
