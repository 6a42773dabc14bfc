"""Image codecs: DecodePng/EncodePng, DecodeJpeg/EncodeJpeg and DecodeImage (PNG, JPEG, GIF, BMP).

Decoding and JPEG encoding go through Pillow (the optional `image` extra, imported when a kernel
first runs). PNG encoding is written here with zlib: it is a few chunks, and it keeps 16-bit
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

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_MAGIC = {b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF8": "GIF", b"BM": "BMP"}


def _pil_image():
    try:
        from PIL import Image  # optional dependency: Pillow (the `image` extra)
    except ImportError:
        raise errors.UnimplementedError(None, None, "Decoding images needs Pillow: pip install 'tfsess[image]'") \
            from None
    return Image


def _as_bytes(contents) -> bytes:
    value = contents.item() if isinstance(contents, np.ndarray) else contents
    return value.encode("utf-8") if isinstance(value, str) else bytes(value)


def _format_of(data: bytes):
    return next((fmt for magic, fmt in _MAGIC.items() if data.startswith(magic)), None)


def _open(data: bytes, expected):
    fmt = _format_of(data)
    if fmt is None or (expected and fmt not in expected):
        raise errors.InvalidArgumentError(
            None, None, f"Expected image ({', '.join(expected or ('JPEG', 'PNG', 'GIF', 'BMP'))}), got unknown "
                        f"format starting with {data[:16]!r}")
    try:
        image = _pil_image().open(io.BytesIO(data))
        image.load()
    except errors.OpError:
        raise
    except Exception as exc:  # noqa: BLE001 - any decoder failure is TF's InvalidArgumentError
        raise errors.InvalidArgumentError(None, None, f"Invalid {fmt} data, size {len(data)}: {exc}") from None
    return image


def _luma(rgb):
    # ITU-R 601 weights in 16-bit fixed point, rounded (libpng's and Pillow's rgb-to-gray)
    r, g, b = (rgb[..., i].astype(np.int64) for i in range(3))
    return ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16).astype(rgb.dtype)


def _pixels(image):
    """[h, w, c] uint8 or uint16 pixels of a PIL image in its own channel count."""
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode in ("1", "CMYK", "YCbCr", "LAB", "HSV", "F", "RGBX", "PA", "La"):
        image = image.convert({"PA": "RGBA", "La": "LA"}.get(image.mode, "RGB" if image.mode != "1" else "L"))
    array = np.asarray(image)
    if image.mode.startswith("I"):
        array = array.astype(np.uint16)
    return array if array.ndim == 3 else array[:, :, None]


def _to_channels(pixels, channels):
    have = pixels.shape[2]
    if channels in (0, have):
        return pixels
    top = np.iinfo(pixels.dtype).max
    color = pixels[:, :, :3] if have >= 3 else np.repeat(pixels[:, :, :1], 3, axis=2)
    alpha = pixels[:, :, have - 1:] if have in (2, 4) else np.full(pixels.shape[:2] + (1,), top, pixels.dtype)
    if channels == 1:
        return _luma(color)[:, :, None] if have >= 3 else pixels[:, :, :1]
    if channels == 2:
        gray = _luma(color)[:, :, None] if have >= 3 else pixels[:, :, :1]
        return np.concatenate([gray, alpha], axis=2)
    return color if channels == 3 else np.concatenate([color, alpha], axis=2)


def _to_depth(pixels, dtype):
    if dtype == np.uint8 and pixels.dtype == np.uint16:
        return (pixels >> 8).astype(np.uint8)
    if dtype == np.uint16 and pixels.dtype == np.uint8:
        return pixels.astype(np.uint16) * 257
    if np.issubdtype(dtype, np.floating):
        return (pixels.astype(np.float64) / np.iinfo(pixels.dtype).max).astype(dtype)
    return pixels.astype(dtype)


def _decode_infer(allowed_channels, rank=3):
    def infer(inputs, attrs):
        contents = inputs[0]
        check_dtype(contents, (dtypes.string,), "contents")
        if contents.shape.ndims not in (None, 0):
            raise ValueError(f"Shape must be rank 0 but is rank {contents.shape.ndims} for contents with input "
                             f"shapes: {fmt_shape(contents.shape)}.")
        channels = attrs.get("channels", 0)
        if channels < 0:
            raise ValueError(f"channels must be non-negative, got {channels}")
        if channels in _KERNEL_CHANNELS and channels not in allowed_channels:
            raise ValueError(f"channels must be one of {allowed_channels}, got {channels}")
        dtype = dtypes.as_dtype(attrs.get("dtype", dtypes.uint8))
        if rank is None and attrs.get("expand_animations", True):
            return [(dtype, unknown_shape())]
        return [(dtype, TensorShape([None, None, channels or None]))]
    return infer


_KERNEL_CHANNELS = (0, 1, 3, 4)


def _check_channels(channels):
    """TF's decode kernels take any non-negative channels when built and refuse others when they run."""
    if channels not in _KERNEL_CHANNELS:
        raise errors.InvalidArgumentError(None, None, f"`channels` must be 0, 1, 3 or 4 but got {channels}")


@register_op("DecodePng", infer=_decode_infer((0, 1, 3, 4)), gpu=False, no_gradient=True)
def _decode_png(xp, contents, *, channels=0, dtype=dtypes.uint8):
    _check_channels(channels)
    pixels = _to_channels(_pixels(_open(_as_bytes(contents), ("PNG",))), channels)
    return _to_depth(pixels, dtypes.as_dtype(dtype).as_numpy_dtype)


@register_op("DecodeJpeg", infer=_decode_infer((0, 1, 3)), gpu=False, no_gradient=True)
def _decode_jpeg(xp, contents, *, channels=0, ratio=1, fancy_upscaling=True, try_recover_truncated=False,
                 acceptable_fraction=1.0, dct_method=""):
    _check_channels(channels)
    image = _open(_as_bytes(contents), ("JPEG",))
    if ratio not in (1, 2, 4, 8):
        raise errors.InvalidArgumentError(None, None, f"ratio must be 1, 2, 4, or 8, got {ratio}")
    return _to_channels(_pixels(image.reduce(ratio) if ratio > 1 else image), channels)


@register_op("DecodeImage", infer=_decode_infer((0, 1, 3, 4), rank=None), gpu=False, no_gradient=True)
def _decode_image(xp, contents, *, channels=0, dtype=dtypes.uint8, expand_animations=True):
    _check_channels(channels)
    data = _as_bytes(contents)
    image = _open(data, None)
    dtype = dtypes.as_dtype(dtype).as_numpy_dtype
    if _format_of(data) == "GIF" and expand_animations:
        frames = []
        for i in range(getattr(image, "n_frames", 1)):
            image.seek(i)
            frames.append(_to_depth(_to_channels(_pixels(image.convert("RGB")), channels or 3), dtype))
        return np.stack(frames)
    return _to_depth(_to_channels(_pixels(image), channels), dtype)


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
