"""One decoder behind every Decode* op, as TF 2.x's DecodeImageV2 kernel.

TF's DecodePng, DecodeJpeg, DecodeGif, DecodeBmp, DecodeWebP, DecodeJxl, DecodeAndCropJpeg and
DecodeImage share one kernel: it reads the format from the file's first bytes, not from the op,
so `decode_png` decodes a JPEG, a GIF or a WebP too. The op decides only the shape (DecodeGif
gives [frames, h, w, c] whatever it decodes; WebP gives four dimensions except from DecodeImage
with expand_animations=False), which pairs it refuses (DecodeBmp takes only BMP and WebP; only
DecodeBmp and DecodeImage take a BMP; DecodeWebP and DecodeJxl refuse a GIF), and the dtype:
8-bit sources scale to uint16 by 256 and to float by 1/255, PNGs decode at 16 bits when the
dtype is not uint8 (libpng's 257 per step) and scale to float by 1/65535.

Pixels come from Pillow (PNG, JPEG, GIF, WebP; the `image` extra) and from imagecodecs (JPEG XL;
the `jxl` extra); BMP is read here as TF reads it (the pixel offset, width, height and bits per
pixel from the header, rows padded to 4 bytes, no palette lookup), every length checked first.
"""
from __future__ import annotations

import io
import struct

import numpy as np

from tfsess.framework import dtypes, errors
from tfsess.ops import png16


def _pil_image():
    try:
        from PIL import Image  # optional dependency: Pillow (the `image` extra)
    except ImportError:
        raise errors.UnimplementedError(None, None, "Decoding images needs Pillow: pip install 'tfsess[image]'") \
            from None
    return Image


def _luma(rgb):
    """libpng's rgb-to-gray with TF's weights (0.299, 0.587; coefficients 9797 and 19234 of 32768):
    8-bit samples truncate, 16-bit ones round; a pixel with equal components keeps its value."""
    r, g, b = (rgb[..., i].astype(np.int64) for i in range(3))
    half = 16384 if rgb.dtype == np.uint16 else 0
    gray = (9797 * r + 19234 * g + 3737 * b + half) >> 15
    return np.where((r == g) & (g == b), r, gray).astype(rgb.dtype)


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


_JXL_CONTAINER = b"\x00\x00\x00\x0cJXL \r\n\x87\n"
_BMP_USERS = ("DecodeBmp", "DecodeImage")


def _invalid(message):
    return errors.InvalidArgumentError(None, None, message)


def file_format(data: bytes):
    """TF's ClassifyFileFormat: 'JPEG', 'PNG', 'GIF', 'BMP', 'WebP', 'JXL' or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"GIF8"):
        return "GIF"
    if data.startswith(b"BM"):
        return "BMP"
    if data.startswith(b"RIFF") and len(data) > 12 and data[8:12] == b"WEBP":
        return "WebP"
    if data.startswith(b"\xff\x0a") or data.startswith(_JXL_CONTAINER):
        return "JXL"
    return None


def contents_bytes(contents) -> bytes:
    """The bytes of a scalar string input (TF's kernel refuses any other shape when it runs)."""
    if isinstance(contents, np.ndarray):
        if contents.ndim != 0:
            raise _invalid(f"`contents` must be scalar but got shape[{','.join(map(str, contents.shape))}]")
        contents = contents.item()
    return contents.encode("utf-8") if isinstance(contents, str) else bytes(contents)


def check_channels(channels):
    """The channel counts every Decode* op but DecodeGif takes, checked before anything is read."""
    if channels not in (0, 1, 3, 4):
        raise _invalid(f"`channels` must be 0, 1, 3 or 4 but got {channels}")


def decode(op_type, data: bytes, *, channels=0, dtype=dtypes.uint8, expand_animations=True, ratio=1,
           crop_window=None):
    """The image in `data` as `op_type` returns it: a uint8, uint16 or float32 array of 3 or 4 dimensions."""
    if not data:
        raise _invalid("Input is empty.")
    found = file_format(data)
    if found is None:
        raise _invalid("Unknown image file format. One of JPEG, JPEG XL, PNG, GIF, BMP, WebP required.")
    dtype = np.dtype(dtypes.as_dtype(dtype).as_numpy_dtype)
    if op_type == "DecodeGif":  # TF's kernel gives DecodeGif (which has no channels attr) three
        channels = 3
    if op_type == "DecodeAndCropJpeg" and found not in ("JPEG", "WebP", "JXL"):
        raise _invalid(f"DecodeAndCropJpeg operation can run on JPEG only, but detected {found}.")
    if found == "JPEG":
        return _jpeg(op_type, data, channels, dtype, ratio, crop_window)
    if found == "PNG":
        return _png(op_type, data, channels, dtype)
    if found == "GIF":
        return _gif(op_type, data, channels, dtype, expand_animations)
    if found == "BMP":
        return _bmp(op_type, data, channels, dtype)
    if found == "WebP":
        return _webp(data, channels, dtype, op_type != "DecodeImage" or expand_animations)
    return _jxl(data, channels, dtype)


def _from_bytes(pixels, dtype):
    """8-bit pixels in `dtype` as TF's kernel converts them: x 256 for uint16, x (1/255 as float32) for float."""
    if dtype == np.uint16:
        return pixels.astype(np.uint16) * np.uint16(256)
    if dtype == np.float32:
        return pixels.astype(np.float32) * np.float32(1.0 / 255)
    return pixels


_DECODE_FAILED = {"JPEG": "jpeg::Uncompress failed. Invalid JPEG data or crop window.",
                  "PNG": "Invalid PNG data, size {size}", "GIF": "Invalid GIF data (size {size}), {error}"}


def _pillow(data, what, ratio=1, mode=None):
    """The decoded image. For a JPEG, libjpeg itself scales by `ratio` (2, 4 or 8) in the DCT and
    converts to `mode` ('L': its luma plane), as it does for TF (Pillow's draft mode; an image smaller
    than the ratio is averaged down instead)."""
    try:
        image = _pil_image().open(io.BytesIO(data))
        width, height = image.size
        scaled = ratio > 1 and min(width, height) >= ratio
        if scaled or (mode is not None and image.mode != mode):
            image.draft(mode or image.mode, (width // ratio, height // ratio) if scaled else image.size)
        image.load()
        if ratio > 1 and min(width, height) < ratio:
            image = image.reduce(ratio)
    except errors.OpError:
        raise
    except Exception as exc:  # noqa: BLE001 - any decoder failure is TF's InvalidArgumentError
        raise _invalid(_DECODE_FAILED[what].format(size=len(data), error=exc)) from None
    return image


def _batched(op_type, image):
    return image[None] if op_type == "DecodeGif" else image


def _jpeg(op_type, data, channels, dtype, ratio, crop_window):
    if channels == 4:
        raise _invalid("JPEG does not support 4 channels")
    if op_type == "DecodeBmp":
        raise _invalid("Trying to decode JPEG format using DecodeBmp op. Use `decode_jpeg` or `decode_image` instead.")
    image = _pillow(data, "JPEG", ratio, "L" if channels == 1 else None)
    pixels = _to_channels(_pixels(image), channels)
    if crop_window is not None:
        y, x, h, w = (int(v) for v in np.ravel(crop_window))
        height, width = pixels.shape[:2]
        if y < 0 or x < 0 or h <= 0 or w <= 0 or y + h > height or x + w > width:
            raise _invalid(f"jpeg::Uncompress failed. Invalid JPEG data or crop window: {[y, x, h, w]} does not "
                           f"fit a {height}x{width} image")
        pixels = np.ascontiguousarray(pixels[y:y + h, x:x + w])
    return _batched(op_type, _from_bytes(pixels, dtype))


def _png(op_type, data, channels, dtype):
    try:  # libpng reads the chunks up to the image data before anything else is checked
        _pil_image().open(io.BytesIO(data))
    except errors.OpError:
        raise
    except Exception:  # noqa: BLE001 - any header failure is TF's InvalidArgumentError
        raise _invalid("Invalid PNG. Failed to initialize decoder.") from None
    if op_type == "DecodeBmp":
        raise _invalid("Trying to decode PNG format using DecodeBmp op. Use `decode_png` or `decode_image` instead.")
    image = _pillow(data, "PNG")  # decodes (and so checks) every PNG, whichever path gives its samples
    deep = png16.decode(data) if dtype != np.uint8 else None  # Pillow cuts 16-bit colour to 8 bits
    pixels = _to_channels(_pixels(image) if deep is None else deep, channels)
    if dtype == np.uint8:
        pixels = (pixels >> 8).astype(np.uint8) if pixels.dtype == np.uint16 else pixels
    else:  # libpng decodes at 16 bits: 8-bit samples widen by 257
        wide = pixels if pixels.dtype == np.uint16 else pixels.astype(np.uint16) * np.uint16(257)
        pixels = wide if dtype == np.uint16 else wide.astype(np.float32) * np.float32(1.0 / 65535)
    return _batched(op_type, pixels)


def _gif(op_type, data, channels, dtype, expand_animations):
    if channels not in (0, 3):
        raise _invalid(f"channels must be 0 or 3 for GIF, got {channels}")
    if op_type == "DecodeBmp":
        raise _invalid("Trying to decode GIF format using DecodeBmp op. Use `decode_gif` or `decode_image` instead.")
    image = _pillow(data, "GIF")
    count = getattr(image, "n_frames", 1) if op_type != "DecodeImage" or expand_animations else 1
    if op_type in ("DecodePng", "DecodeJpeg") and count != 1:
        raise _invalid(f"Got {count} frames, but animated gifs can only be decoded by tf.io.decode_gif or "
                       f"tf.io.decode_image")
    if op_type not in ("DecodePng", "DecodeJpeg", "DecodeGif", "DecodeImage"):
        raise _invalid(f"Bad op type {op_type}")
    frames = []
    for index in range(count):
        image.seek(index)
        frames.append(np.asarray(image.convert("RGB")))
    pixels = _from_bytes(np.stack(frames), dtype)
    three_d = op_type in ("DecodePng", "DecodeJpeg") or (op_type == "DecodeImage" and not expand_animations)
    return pixels[0] if three_d else pixels


def _bmp(op_type, data, channels, dtype):
    if channels == 1:
        raise _invalid(f"`channels` must be 0, 3 or 4 for BMP, but got {channels}")
    if op_type not in _BMP_USERS:
        raise _invalid(f"Trying to decode BMP format using a wrong op. Use `decode_bmp` or `decode_image` instead. "
                       f"Op used: {op_type}")
    if len(data) < 32:
        raise _invalid(f"Incomplete bmp content, requires at least 32 bytes to find the header size, width, height, "
                       f"and bpp, got {len(data)} bytes")
    (offset,) = struct.unpack_from("<i", data, 10)
    width, height = struct.unpack_from("<ii", data, 18)
    (bpp,) = struct.unpack_from("<h", data, 28)
    depth = int(bpp / 8)  # C++ division truncates toward zero
    if depth not in (1, 3, 4):
        raise _invalid(f"Number of channels inherent in the image must be 1, 3 or 4, was {depth}")
    if width <= 0:
        raise _invalid("Width must be positive")
    if height == 0:
        raise _invalid("Height must be nonzero")
    if offset < 0:
        raise _invalid("header size must be nonnegative")
    rows = abs(height)
    if width * rows >= (2 ** 31 - 1) // 8:
        raise _invalid("Total possible pixel bytes must be less than 2^30")
    stride = (depth * width + 3) // 4 * 4
    size_diff = len(data) - offset - stride * rows
    if size_diff != 0:
        raise _invalid(f"Input size should match (header_size + row_size * abs_height) but they differ by "
                       f"{size_diff}")
    raw = np.frombuffer(data, np.uint8, stride * rows, offset).reshape(rows, stride)[:, :width * depth]
    pixels = raw.reshape(rows, width, depth)
    if height > 0:  # bottom-up rows
        pixels = pixels[::-1]
    if depth >= 3:
        pixels = pixels[:, :, [2, 1, 0, 3][:depth]]  # BGR(A) to RGB(A)
    pixels = _bmp_channels(pixels, channels or depth)
    return _from_bytes(np.ascontiguousarray(pixels), dtype)


def _bmp_channels(pixels, wanted):
    """TF's BMP channel rules: gray repeats into colour, missing alpha is 255, extra alpha is dropped."""
    have = pixels.shape[2]
    if wanted == have:
        return pixels
    color = np.repeat(pixels, 3, axis=2) if have == 1 else pixels[:, :, :3]
    if wanted == 3:
        return color
    alpha = pixels[:, :, 3:] if have == 4 else np.full(pixels.shape[:2] + (1,), 255, np.uint8)
    return np.concatenate([color, alpha], axis=2)


def _webp(data, channels, dtype, four_d):
    if channels not in (0, 3, 4):
        raise _invalid("WebP only supports 3 or 4 channels")
    if dtype != np.uint8:
        raise _invalid("WebP only supports uint8 for dtype")
    try:
        image = _pil_image().open(io.BytesIO(data))
    except errors.OpError:
        raise
    except Exception:  # noqa: BLE001 - any header failure is TF's InvalidArgumentError
        raise _invalid("Failed to decode WebP header.") from None
    animated = getattr(image, "n_frames", 1) > 1
    # the header's count (TF's WebPGetFeatures): an animation without alpha says 3, whose frames TF's
    # kernel then writes as RGBA past its buffer (a crash); here its frames come out as RGB
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    stored = 4 if has_alpha else 3
    if channels not in (0, stored):
        raise _invalid("Number of channels requested does not match input")
    if animated and channels not in (0, 4):
        raise _invalid("WebP Animation must be 4 channel RGBA")
    frames = []
    try:
        for index in range(getattr(image, "n_frames", 1) if four_d else 1):
            image.seek(index)
            frames.append(np.asarray(image.convert("RGBA" if has_alpha else "RGB")))
    except Exception as exc:  # noqa: BLE001
        raise _invalid(f"Failed to decode WebP image. {exc}") from None
    return np.stack(frames) if four_d else frames[0]


def _jxl(data, channels, dtype):
    if channels not in (0, 1, 3, 4):
        raise _invalid("JXL only supports 1, 3, or 4 channels")
    if dtype != np.uint8:
        raise _invalid("JXL only supports uint8 for dtype")
    try:
        import imagecodecs  # optional dependency: the `jxl` extra
    except ImportError:
        raise errors.UnimplementedError(None, None, "Decoding JPEG XL needs imagecodecs: pip install 'tfsess[jxl]'") \
            from None
    try:
        pixels = np.asarray(imagecodecs.jpegxl_decode(data))
    except Exception:  # noqa: BLE001 - any decoder failure is TF's InvalidArgumentError
        raise _invalid("Failed to decode JXL header") from None
    if pixels.ndim == 2:
        pixels = pixels[:, :, None]
    if pixels.ndim != 3 or pixels.shape[2] not in (1, 2, 3, 4):
        raise _invalid("Failed to decode JXL image")
    if channels not in (0, pixels.shape[2]):
        raise _invalid("Number of channels requested does not match input")
    if pixels.dtype != np.uint8:  # TF asks libjxl for 8-bit samples
        top = np.iinfo(pixels.dtype).max if pixels.dtype.kind in "ui" else 1.0
        pixels = np.clip(np.rint(pixels.astype(np.float64) * (255.0 / top)), 0, 255).astype(np.uint8)
    return np.ascontiguousarray(pixels)
