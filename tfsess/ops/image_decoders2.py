"""More of tf.image: decode_webp (the DecodeWebP op; image_decoder.py decodes), rgb_to_yiq /
yiq_to_rgb and resize_image_with_pad (compositions of existing ops, as TF builds them)."""
from __future__ import annotations

from tfsess.framework import dtypes
from tfsess.framework.op_builder import apply1, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import array_ops, math_ops, stack_ops, unary_ops
from tfsess.ops.image_decoder import check_channels, contents_bytes, decode
from tfsess.ops.image_decode import _contents
from tfsess.ops.image_ops import _mix_channels, pad_to_bounding_box
from tfsess.ops.image_resize import ResizeMethod, resize_images

_WEBP_DTYPES = (dtypes.uint8, dtypes.float32)


# ------------------------------------------------------------------ WebP
def _webp_infer(inputs, attrs):
    _contents(inputs)
    dtype = dtypes.as_dtype(attrs.get("dtype", dtypes.uint8))
    return [(dtype, TensorShape([None, None, None, attrs.get("channels", 0) or None]))]


@register_op("DecodeWebP", infer=_webp_infer, gpu=False, no_gradient=True)
def _decode_webp(xp, contents, *, channels=0, dtype=dtypes.uint8):
    check_channels(channels)
    return decode("DecodeWebP", contents_bytes(contents), channels=channels, dtype=dtype)


def decode_webp(contents, channels=0, dtype=dtypes.uint8, name=None):
    """A WebP image's frames as [num_frames, height, width, channels] (0 channels: as stored, 3 or 4)."""
    dtype = dtypes.as_dtype(dtype)
    if dtype not in _WEBP_DTYPES:
        raise TypeError(f"Value passed to parameter 'dtype' has DataType {dtype.name} not in list of allowed "
                        "values: uint8, float32")
    return apply1("DecodeWebP", [convert_to_tensor(contents, dtypes.string, name="contents")],
                  {"channels": int(channels), "dtype": dtype}, name=name or "DecodeWebP")


# ------------------------------------------------------------------ JPEG XL
def _jxl_infer(inputs, attrs):
    _contents(inputs)
    return [(dtypes.uint8, TensorShape([None, None, attrs.get("channels", 0) or None]))]


@register_op("DecodeJxl", infer=_jxl_infer, gpu=False, no_gradient=True)
def _decode_jxl(xp, contents, *, channels=0, dtype=dtypes.uint8):
    check_channels(channels)
    return decode("DecodeJxl", contents_bytes(contents), channels=channels, dtype=dtype)


def decode_jxl(contents, channels=0, dtype=dtypes.uint8, name=None):
    """A JPEG XL image as [height, width, channels] uint8 (0 channels: as stored; else 1, 3 or 4, which
    must match the file). Decoding needs imagecodecs (the `jxl` extra); like TF's shared decoder it
    decodes the other formats too."""
    dtype = dtypes.as_dtype(dtype)
    if dtype != dtypes.uint8:
        raise TypeError(f"Value passed to parameter 'dtype' has DataType {dtype.name} not in list of allowed "
                        "values: uint8")
    return apply1("DecodeJxl", [convert_to_tensor(contents, dtypes.string, name="contents")],
                  {"channels": int(channels), "dtype": dtype}, name=name or "DecodeJxl")


# ------------------------------------------------------------------ YIQ
_RGB_TO_YIQ = [[0.299, 0.59590059, 0.2115], [0.587, -0.27455667, -0.52273617], [0.114, -0.32134392, 0.31119955]]
_YIQ_TO_RGB = [[1, 1, 1], [0.95598634, -0.27201283, -1.10674021], [0.6208248, -0.64720424, 1.70423049]]


def rgb_to_yiq(images):
    """RGB float images to YIQ (Y in [0, 1], I in [-0.5957, 0.5957], Q in [-0.5226, 0.5226]) by TF's matrix."""
    return _mix_channels(images, _RGB_TO_YIQ, "rgb_to_yiq")


def yiq_to_rgb(images):
    """YIQ images back to RGB by TF's inverse matrix."""
    return _mix_channels(images, _YIQ_TO_RGB, "yiq_to_rgb")


# ------------------------------------------------------------------ resize with pad
def resize_image_with_pad(image, target_height, target_width, method=ResizeMethod.BILINEAR, align_corners=False):
    """Resizes [h, w, c] or [batch, h, w, c] images to fit [target_height, target_width] keeping their
    aspect ratio, then pads them with zeros, centred (tf.compat.v1.image.resize_image_with_pad).

    Raises:
      ValueError: images not of rank 3 or 4, or a static target size that is not positive.
    """
    with op_scope(None, "resize_image_with_pad", [image]):
        image = convert_to_tensor(image, name="image")
        if image.shape.ndims is None:
            raise ValueError("'image' contains no shape.")
        is_batch = image.shape.ndims == 4
        if image.shape.ndims == 3:
            image = array_ops.expand_dims(image, 0)
        elif image.shape.ndims != 4:
            raise ValueError(f"'image' (shape {image.shape}) must have either 3 or 4 dimensions.")
        for value, what in ((target_width, "target_width"), (target_height, "target_height")):
            if isinstance(value, int) and value <= 0:
                raise ValueError(f"{what} must be > 0.")
        dims = image.shape.as_list()
        shape = array_ops.shape(image)
        height = dims[1] if dims[1] is not None else shape[1]
        width = dims[2] if dims[2] is not None else shape[2]
        as_float = lambda v: math_ops.cast(v, dtypes.float32)  # noqa: E731
        f_height, f_width = as_float(height), as_float(width)
        f_target_height, f_target_width = as_float(target_height), as_float(target_width)
        ratio = math_ops.maximum(f_width / f_target_width, f_height / f_target_height)
        resized_height, resized_width = f_height / ratio, f_width / ratio
        size = [math_ops.cast(unary_ops.floor(resized_height), dtypes.int32),
                math_ops.cast(unary_ops.floor(resized_width), dtypes.int32)]
        pad_height = math_ops.maximum(0, math_ops.cast(unary_ops.floor((f_target_height - resized_height) / 2),
                                                       dtypes.int32))
        pad_width = math_ops.maximum(0, math_ops.cast(unary_ops.floor((f_target_width - resized_width) / 2),
                                                      dtypes.int32))
        resized = resize_images(image, stack_ops.stack(size), method, align_corners=align_corners)
        padded = pad_to_bounding_box(resized, pad_height, pad_width, target_height, target_width)
        static = [dims[0], target_height if isinstance(target_height, int) else None,
                  target_width if isinstance(target_width, int) else None, dims[3]]
        padded.set_shape(static)
        return padded if is_batch else array_ops.squeeze(padded, axis=[0])


__all__ = ["decode_jxl", "decode_webp", "resize_image_with_pad", "rgb_to_yiq", "yiq_to_rgb"]
