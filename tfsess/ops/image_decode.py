"""More image codecs: DecodeBmp, DecodeGif, ExtractJpegShape, DecodeAndCropJpeg and
EncodeJpegVariableQuality, with tf.image's is_jpeg, adjust_jpeg_quality and random_jpeg_quality.

The decode kernels call image_decoder.decode, as every Decode* op; JPEG headers are read from
the file's SOF marker without decoding.
"""
from __future__ import annotations

import io
import struct

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, constant_value, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape
from tfsess.ops import image_ops, logic_ops, random_ops, string_ops
from tfsess.ops._infer import check_dtype, fmt_shape
from tfsess.ops.image_codec import _as_bytes, _pil_image, check_jpeg_flags
from tfsess.ops.image_decoder import check_channels, contents_bytes, decode


def _invalid(message):
    return errors.InvalidArgumentError(None, None, message)


def _contents(inputs):
    contents = inputs[0]
    check_dtype(contents, (dtypes.string,), "contents")
    if contents.shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {contents.shape.ndims} for contents with input shapes: "
                         f"{fmt_shape(contents.shape)}.")


def _bmp_infer(inputs, attrs):
    _contents(inputs)
    return [(dtypes.uint8, TensorShape([None, None, attrs.get("channels", 0) or None]))]


@register_op("DecodeBmp", infer=_bmp_infer, gpu=False, no_gradient=True)
def _decode_bmp(xp, contents, *, channels=0):
    check_channels(channels)
    return decode("DecodeBmp", contents_bytes(contents), channels=channels)


def _gif_infer(inputs, attrs):
    _contents(inputs)
    return [(dtypes.uint8, TensorShape([None, None, None, 3]))]


@register_op("DecodeGif", infer=_gif_infer, gpu=False, no_gradient=True)
def _decode_gif(xp, contents):
    return decode("DecodeGif", contents_bytes(contents))


# ------------------------------------------------------------------ JPEG headers and crops
_SOF_MARKERS = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_shape(data: bytes):
    """(height, width, components) from a JPEG's start-of-frame segment."""
    if not data.startswith(b"\xff\xd8"):
        start = " ".join(f"0x{b:02x}" for b in data[:2])
        raise _invalid(f"Invalid JPEG data, size {len(data)} (not a JPEG file: starts with {start})")
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            pos += 1
            continue
        marker = data[pos + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7 or marker == 0xFF:
            pos += 1 if marker == 0xFF else 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        if marker in _SOF_MARKERS and pos + 10 <= len(data):
            height, width = struct.unpack(">HH", data[pos + 5:pos + 9])
            return height, width, data[pos + 9]
        pos += 2 + length
    raise _invalid(f"Invalid JPEG data, size {len(data)} (no frame header found)")


def _shape_infer(inputs, attrs):
    _contents(inputs)
    return [(dtypes.as_dtype(attrs.get("output_type", dtypes.int32)), TensorShape([3]))]


@register_op("ExtractJpegShape", infer=_shape_infer, gpu=False, no_gradient=True)
def _extract_jpeg_shape(xp, contents, *, output_type=dtypes.int32):
    return np.array(_jpeg_shape(_as_bytes(contents)), dtypes.as_dtype(output_type).as_numpy_dtype)


def _crop_infer(inputs, attrs):
    _contents(inputs)
    window = inputs[1]
    check_dtype(window, (dtypes.int32,), "crop_window")
    if not window.shape.is_compatible_with([4]):
        raise ValueError(f"Shape must be rank 1 with 4 elements for crop_window, got {fmt_shape(window.shape)}.")
    value = constant_value(window)
    height, width = (int(value[2]), int(value[3])) if value is not None else (None, None)
    return [(dtypes.uint8, TensorShape([height, width, attrs.get("channels", 0) or None]))]


@register_op("DecodeAndCropJpeg", infer=_crop_infer, gpu=False, no_gradient=True)
def _decode_and_crop_jpeg(xp, contents, crop_window, *, channels=0, ratio=1, fancy_upscaling=True,
                          try_recover_truncated=False, acceptable_fraction=1.0, dct_method=""):
    check_jpeg_flags(ratio, dct_method)
    check_channels(channels)
    window = np.asarray(crop_window)
    if window.ndim != 1:
        raise _invalid(f"crop_window must be 1-D, got shape {fmt_shape(window.shape)}")
    if window.shape[0] != 4:
        raise _invalid(f"crop_size must have four elements {fmt_shape(window.shape)}")
    return decode("DecodeAndCropJpeg", contents_bytes(contents), channels=channels, ratio=ratio, crop_window=window)


def _encode_quality_infer(inputs, attrs):
    images, quality = inputs
    check_dtype(images, (dtypes.uint8,), "images")
    if images.shape.ndims not in (None, 3):
        raise ValueError(f"Shape must be rank 3 but is rank {images.shape.ndims} for images with input shapes: "
                         f"{fmt_shape(images.shape)}.")
    if quality.shape.ndims not in (None, 0):
        raise ValueError(f"Shape must be rank 0 but is rank {quality.shape.ndims} for quality with input shapes: "
                         f"{fmt_shape(quality.shape)}.")
    return [(dtypes.string, TensorShape([]))]


@register_op("EncodeJpegVariableQuality", infer=_encode_quality_infer, gpu=False, no_gradient=True)
def _encode_jpeg_variable_quality(xp, images, quality):
    images = np.asarray(images)
    if images.ndim != 3 or images.shape[2] not in (1, 3):
        raise _invalid(f"image must be [height, width, 1 or 3], got {list(images.shape)}")
    quality = int(quality)
    if not 0 <= quality <= 100:
        raise _invalid(f"quality must be in [0,100], got {quality}")
    pil = _pil_image().fromarray(images[:, :, 0] if images.shape[2] == 1 else images)
    out = io.BytesIO()
    pil.save(out, format="JPEG", quality=quality)
    return np.array(out.getvalue(), dtype=object)


# ------------------------------------------------------------------ public API
def decode_bmp(contents, channels=0, name=None):
    """A BMP file's pixels as uint8 [height, width, channels] (0 channels: as stored; 3 or 4)."""
    return apply1("DecodeBmp", [convert_to_tensor(contents, dtypes.string)], {"channels": int(channels)},
                  name=name or "DecodeBmp")


def decode_gif(contents, name=None):
    """A GIF's frames as uint8 [num_frames, height, width, 3]."""
    return apply1("DecodeGif", [convert_to_tensor(contents, dtypes.string)], name=name or "DecodeGif")


def extract_jpeg_shape(contents, output_type=dtypes.int32, name=None):
    """[height, width, channels] of a JPEG, read from its header."""
    return apply1("ExtractJpegShape", [convert_to_tensor(contents, dtypes.string)],
                  {"output_type": dtypes.as_dtype(output_type)}, name=name or "ExtractJpegShape")


def decode_and_crop_jpeg(contents, crop_window, channels=0, ratio=1, fancy_upscaling=True,
                         try_recover_truncated=False, acceptable_fraction=1, dct_method="", name=None):
    """The crop_window ([y, x, height, width]) of a decoded JPEG, uint8 [height, width, channels]."""
    attrs = {"channels": int(channels), "ratio": int(ratio), "fancy_upscaling": bool(fancy_upscaling),
             "try_recover_truncated": bool(try_recover_truncated), "acceptable_fraction": float(acceptable_fraction),
             "dct_method": dct_method}
    return apply1("DecodeAndCropJpeg", [convert_to_tensor(contents, dtypes.string),
                                        convert_to_tensor(crop_window, dtypes.int32)], attrs,
                  name=name or "DecodeAndCropJpeg")


def is_jpeg(contents, name=None):
    """True where `contents` starts with JPEG's magic bytes FF D8 FF."""
    with op_scope(name, "is_jpeg"):
        prefix = string_ops.substr(contents, 0, 3)
        return logic_ops.equal(prefix, b"\xff\xd8\xff", name=name)


def adjust_jpeg_quality(image, jpeg_quality, dct_method="", name=None):
    """The image after a JPEG round trip at `jpeg_quality` (0-100), in its own dtype."""
    with op_scope(name, "adjust_jpeg_quality", [image]):
        image = convert_to_tensor(image, name="image")
        channels = image.shape.as_list()[-1]
        orig_dtype = image.dtype.base_dtype
        image = image_ops.convert_image_dtype(image, dtypes.uint8, saturate=True)
        jpeg_quality = convert_to_tensor(jpeg_quality, dtypes.int32)
        encoded = apply1("EncodeJpegVariableQuality", [image, jpeg_quality], name="EncodeJpegVariableQuality")
        decoded = apply1("DecodeJpeg", [encoded], {"channels": int(channels or 0), "ratio": 1,
                                                   "fancy_upscaling": True, "try_recover_truncated": False,
                                                   "acceptable_fraction": 1.0, "dct_method": dct_method},
                         name="DecodeJpeg")
        return image_ops.convert_image_dtype(decoded, orig_dtype, saturate=True)


def random_jpeg_quality(image, min_jpeg_quality, max_jpeg_quality, seed=None):
    """adjust_jpeg_quality at a quality drawn uniformly from [min_jpeg_quality, max_jpeg_quality).

    Raises:
      ValueError: a range outside [0, 100] or an empty one.
    """
    if min_jpeg_quality < 0 or max_jpeg_quality < 0 or min_jpeg_quality > 100 or max_jpeg_quality > 100:
        raise ValueError("jpeg encoding range must be between 0 and 100.")
    if min_jpeg_quality >= max_jpeg_quality:
        raise ValueError("`min_jpeg_quality` must be less than `max_jpeg_quality`.")
    quality = random_ops.random_uniform([], min_jpeg_quality, max_jpeg_quality, seed=seed, dtype=dtypes.int32)
    return adjust_jpeg_quality(image, quality)


__all__ = ["adjust_jpeg_quality", "decode_and_crop_jpeg", "decode_bmp", "decode_gif", "extract_jpeg_shape",
           "is_jpeg", "random_jpeg_quality"]
