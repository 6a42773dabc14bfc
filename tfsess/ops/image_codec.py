"""Image codecs: DecodePng/EncodePng, DecodeJpeg/EncodeJpeg and DecodeImage.

Every Decode* kernel calls image_decoder.decode, which reads the format from the data as TF's
shared kernel does. JPEG encoding goes through Pillow (the optional `image` extra, imported when a
kernel first runs). PNG encoding is written here with zlib: it is a few chunks, and it keeps 16-bit
colour images, which Pillow cannot write.
"""
from __future__ import annotations

import io
import struct
import zlib

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.framework.op_builder import apply1, convert_to_tensor, op_scope
from tfsess.framework.registry import register_op
from tfsess.framework.tensor_shape import TensorShape, unknown_shape
from tfsess.ops._infer import check_dtype, fmt_shape
from tfsess.ops.image_decoder import _pil_image, check_channels, contents_bytes, decode

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _as_bytes(contents) -> bytes:
    value = contents.item() if isinstance(contents, np.ndarray) else contents
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def _decode_infer(rank=3):
    def infer(inputs, attrs):
        contents = inputs[0]
        check_dtype(contents, (dtypes.string,), "contents")
        if contents.shape.ndims not in (None, 0):
            raise ValueError(f"Shape must be rank 0 but is rank {contents.shape.ndims} for contents with input "
                             f"shapes: {fmt_shape(contents.shape)}.")
        channels = attrs.get("channels", 0)
        if channels < 0:
            raise ValueError(f"channels must be non-negative, got {channels}")
        dtype = dtypes.as_dtype(attrs.get("dtype", dtypes.uint8))
        if rank is None and attrs.get("expand_animations", True):
            return [(dtype, unknown_shape())]
        return [(dtype, TensorShape([None, None, channels or None]))]
    return infer


@register_op("DecodePng", infer=_decode_infer(), gpu=False, no_gradient=True)
def _decode_png(xp, contents, *, channels=0, dtype=dtypes.uint8):
    if dtypes.as_dtype(dtype) not in (dtypes.uint8, dtypes.uint16):
        raise errors.InvalidArgumentError(None, None, "`dtype` for `DecodePng` must be unit8, unit16 but got: "
                                          f"{dtypes.as_dtype(dtype).as_datatype_enum}")
    check_channels(channels)
    return decode("DecodePng", contents_bytes(contents), channels=channels, dtype=dtype)


@register_op("DecodeJpeg", infer=_decode_infer(), gpu=False, no_gradient=True)
def _decode_jpeg(xp, contents, *, channels=0, ratio=1, fancy_upscaling=True, try_recover_truncated=False,
                 acceptable_fraction=1.0, dct_method=""):
    check_jpeg_flags(ratio, dct_method)
    check_channels(channels)
    return decode("DecodeJpeg", contents_bytes(contents), channels=channels, ratio=ratio)


def check_jpeg_flags(ratio, dct_method):
    """The checks TF's kernel makes of DecodeJpeg's and DecodeAndCropJpeg's attrs before reading the data."""
    if ratio not in (1, 2, 4, 8):
        raise errors.InvalidArgumentError(None, None, f"ratio must be 1, 2, 4, or 8, got {ratio}")
    if dct_method not in ("", "INTEGER_FAST", "INTEGER_ACCURATE"):
        raise errors.InvalidArgumentError(None, None, "dct_method must be one of {'', 'INTEGER_FAST', "
                                          "'INTEGER_ACCURATE'}")


@register_op("DecodeImage", infer=_decode_infer(rank=None), gpu=False, no_gradient=True)
def _decode_image(xp, contents, *, channels=0, dtype=dtypes.uint8, expand_animations=True):
    if dtypes.as_dtype(dtype) not in (dtypes.uint8, dtypes.uint16, dtypes.float32):
        raise errors.InvalidArgumentError(None, None, "`dtype` for `DecodeImage` must be unit8, unit16, float but "
                                          f"got: {dtypes.datatype_enum_name(dtype)}")
    check_channels(channels)
    return decode("DecodeImage", contents_bytes(contents), channels=channels, dtype=dtype,
                  expand_animations=expand_animations)


def _encode_infer(inputs, attrs):
    image = inputs[0]
    if image.shape.ndims not in (None, 3):
        raise ValueError(f"Shape must be rank 3 but is rank {image.shape.ndims} for image with input shapes: "
                         f"{fmt_shape(image.shape)}.")
    return [(dtypes.string, TensorShape([]))]


def _encode_png_infer(inputs, attrs):
    """TF 2.21's EncodePng takes a batch too: one string per image of the leading dimensions."""
    image = inputs[0]
    if image.shape.ndims is None:
        return [(dtypes.string, unknown_shape())]
    if image.shape.ndims < 3:
        raise ValueError(f"Shape must be at least rank 3 but is rank {image.shape.ndims} for image with input "
                         f"shapes: {fmt_shape(image.shape)}.")
    return [(dtypes.string, TensorShape(image.shape.dims[:-3]))]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


@register_op("EncodePng", infer=_encode_png_infer, gpu=False, no_gradient=True)
def _encode_png(xp, image, *, compression=-1):
    image = np.asarray(image)
    if image.ndim < 3 or image.shape[-1] not in (1, 2, 3, 4):
        raise errors.InvalidArgumentError(None, None, f"image must be at least 3-dimensional with 1-4 channels, "
                                                      f"got shape {list(image.shape)}")
    if image.dtype not in (np.uint8, np.uint16):
        raise errors.InvalidArgumentError(None, None, f"EncodePng supports uint8 and uint16, got {image.dtype}")
    if image.ndim > 3:
        batch = image.shape[:-3]
        images = image.reshape((int(np.prod(batch)),) + image.shape[-3:])
        out = np.empty(len(images), dtype=object)
        out[:] = [_png_bytes(one, compression) for one in images]
        return out.reshape(batch)
    return np.array(_png_bytes(image, compression), dtype=object)


def _png_bytes(image, compression):
    """The PNG file of one [height, width, channels] uint8/uint16 image."""
    height, width, channels = image.shape
    depth = 16 if image.dtype == np.uint16 else 8
    color_type = {1: 0, 2: 4, 3: 2, 4: 6}[channels]
    rows = image.astype(">u2" if depth == 16 else np.uint8).reshape(height, width * channels)
    raw = b"".join(b"\x00" + row.tobytes() for row in rows)  # filter type 0 (None) on every row
    header = struct.pack(">IIBBBBB", width, height, depth, color_type, 0, 0, 0)
    data = zlib.compress(raw, compression if 0 <= compression <= 9 else 6)
    return _PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


@register_op("EncodeJpeg", infer=_encode_infer, gpu=False, no_gradient=True)
def _encode_jpeg(xp, image, *, format="", quality=95, progressive=False, optimize_size=False,  # noqa: A002
                 chroma_downsampling=True, density_unit="in", x_density=300, y_density=300, xmp_metadata=""):
    image = np.asarray(image)
    if image.ndim != 3 or image.shape[2] not in (1, 3) or image.dtype != np.uint8:
        raise errors.InvalidArgumentError(None, None, f"image must be a uint8 [height, width, 1 or 3] tensor, got "
                                                      f"{image.dtype} {list(image.shape)}")
    channels = {"grayscale": 1, "rgb": 3}.get(format, image.shape[2])
    pil = _pil_image().fromarray(image[:, :, 0] if image.shape[2] == 1 else image)
    pil = pil.convert("L" if channels == 1 else "RGB")
    out = io.BytesIO()
    dpi = (x_density, y_density) if density_unit == "in" else (x_density * 2.54, y_density * 2.54)
    pil.save(out, format="JPEG", quality=quality, progressive=progressive, optimize=optimize_size,
             subsampling=2 if chroma_downsampling else 0, dpi=dpi)
    return np.array(out.getvalue(), dtype=object)


def decode_png(contents, channels=0, dtype=dtypes.uint8, name=None):
    """A PNG file's pixels as a uint8 or uint16 [height, width, channels] tensor (0 channels: as stored)."""
    dtype = dtypes.as_dtype(dtype)
    if dtype not in (dtypes.uint8, dtypes.uint16):
        raise TypeError(f"Value passed to parameter 'dtype' has DataType {dtype.name} not in list of allowed "
                        "values: uint8, uint16")
    return apply1("DecodePng", [convert_to_tensor(contents, dtypes.string)],
                  {"channels": int(channels), "dtype": dtype}, name=name or "DecodePng")


def decode_jpeg(contents, channels=0, ratio=1, fancy_upscaling=True, try_recover_truncated=False,
                acceptable_fraction=1, dct_method="", name=None):
    """A JPEG file's pixels as a uint8 [height, width, channels] tensor, optionally downscaled by `ratio`."""
    attrs = {"channels": int(channels), "ratio": int(ratio), "fancy_upscaling": bool(fancy_upscaling),
             "try_recover_truncated": bool(try_recover_truncated), "acceptable_fraction": float(acceptable_fraction),
             "dct_method": dct_method}
    return apply1("DecodeJpeg", [convert_to_tensor(contents, dtypes.string)], attrs, name=name or "DecodeJpeg")


def decode_image(contents, channels=None, dtype=dtypes.uint8, name=None, expand_animations=True):
    """Decodes PNG, JPEG, BMP or GIF (GIF: [frames, h, w, 3] when expand_animations); floats are in [0, 1]."""
    attrs = {"channels": int(channels or 0), "dtype": dtypes.as_dtype(dtype),
             "expand_animations": bool(expand_animations)}
    with op_scope(name, "decode_image", [contents]):  # TF's op is decode_image/DecodeImage
        return apply1("DecodeImage", [convert_to_tensor(contents, dtypes.string)], attrs, name="DecodeImage")


def encode_png(image, compression=-1, name=None):
    """PNG bytes of a uint8 or uint16 [..., height, width, 1-4] image (one string per image of a batch);
    compression 0-9 (-1: zlib's default)."""
    image = convert_to_tensor(image, name="image")
    check_dtype(image, (dtypes.uint8, dtypes.uint16), "image")
    return apply1("EncodePng", [image], {"compression": int(compression)}, name=name or "EncodePng")


def encode_jpeg(image, format="", quality=95, progressive=False, optimize_size=False,  # noqa: A002
                chroma_downsampling=True, density_unit="in", x_density=300, y_density=300, xmp_metadata="",
                name=None):
    """JPEG bytes of a uint8 [height, width, 1 or 3] image."""
    image = convert_to_tensor(image, name="image")
    check_dtype(image, (dtypes.uint8,), "image")
    attrs = {"format": format, "quality": int(quality), "progressive": bool(progressive),
             "optimize_size": bool(optimize_size), "chroma_downsampling": bool(chroma_downsampling),
             "density_unit": density_unit, "x_density": int(x_density), "y_density": int(y_density),
             "xmp_metadata": xmp_metadata}
    return apply1("EncodeJpeg", [image], attrs, name=name or "EncodeJpeg")


__all__ = ["decode_image", "decode_jpeg", "decode_png", "encode_jpeg", "encode_png"]
