"""TF 2.x's shared image decoder: every Decode* op reads the format from the data, so decode_png
decodes a JPEG, GIF or WebP; the op decides the shape (DecodeGif is 4-D, WebP is 4-D but for
decode_image(expand_animations=False)), the dtype scaling and which formats it refuses, with the
kernel's messages. JPEGs are compared exactly with dct_method INTEGER_ACCURATE (TF's default fast
DCT rounds differently from Pillow's decoder; those are compared by shape). Fixtures:
fixtures_imgdec/ (written by its make_fixtures.py)."""
import os

import numpy as np

FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures_imgdec")
FILES = ["rgb.png", "rgba.png", "gray.png", "gray16.png", "rgb.jpg", "gray.jpg", "static.gif", "anim.gif",
         "rgb24.bmp", "rgba32.bmp", "gray8.bmp", "topdown.bmp", "padded.bmp", "rgb.webp", "rgba.webp",
         "rgb.jxl", "gray.jxl", "rgba.jxl", "junk.bin", "truncated.png"]
MESSAGES = [
    "Unknown image file format. One of JPEG, JPEG XL, PNG, GIF, BMP, WebP required.", "Input is empty.",
    "Trying to decode BMP format using a wrong op", "using DecodeBmp op", "Bad op type", "JPEG does not support 4",
    "channels must be 0 or 3 for GIF", "`channels` must be 0, 3 or 4 for BMP", "WebP only supports 3 or 4 channels",
    "WebP only supports uint8 for dtype", "Number of channels requested does not match input",
    "JXL only supports uint8 for dtype", "`channels` must be 0, 1, 3 or 4 but got", "animated gifs can only be decoded",
    "Input size should match", "DecodeAndCropJpeg operation can run on JPEG only", "Invalid PNG",
    "WebP Animation must be 4 channel RGBA", "`contents` must be scalar", "ratio must be 1, 2, 4, or 8",
    "dct_method must be one of",
]


def _data(name):
    with open(os.path.join(FIX, name), "rb") as f:
        return f.read()


def _outcome(sess, tensor, exact=True):
    try:
        value = sess.run(tensor)
    except Exception as exc:  # the error is the result
        return {"raised": type(exc).__name__, "has": [m for m in MESSAGES if m in str(exc)]}
    return {"shape": list(value.shape), "dtype": str(value.dtype), "values": value if exact else None}


def _sweep(tf, decode, files=FILES, jpeg_exact=False):
    sess = tf.Session()
    out = {}
    for name in files:
        out[name] = _outcome(sess, decode(_data(name)), exact=jpeg_exact or not name.endswith(".jpg"))
    return out


def case_animated_webp(tf):
    """TF 2.21's animated-WebP path writes past its buffer for an animation without alpha (the header
    says 3 channels, a crash): only the calls that stop before decoding."""
    sess = tf.Session()
    data = _data("anim.webp")
    out = {name: _outcome(sess, fn(data)) for name, fn in (
        ("gif", tf.io.decode_gif), ("webp3", lambda d: tf.io.decode_webp(d, channels=3)),
        ("webp4", lambda d: tf.io.decode_webp(d, channels=4)),
        ("image_u16", lambda d: tf.io.decode_image(d, dtype=tf.uint16)))}
    return out


def case_decode_png_every_format(tf):
    return _sweep(tf, tf.io.decode_png)


def case_decode_png_uint16_every_format(tf):
    return _sweep(tf, lambda d: tf.io.decode_png(d, dtype=tf.uint16))


def case_decode_jpeg_every_format_accurate_dct(tf):
    return _sweep(tf, lambda d: tf.io.decode_jpeg(d, dct_method="INTEGER_ACCURATE"), jpeg_exact=True)


def case_decode_jpeg_channels_and_ratio(tf):
    files = ["rgb.jpg", "gray.jpg", "rgb.png", "rgba.png", "static.gif"]
    out = {}
    for kwargs in ({"channels": 1}, {"channels": 3}, {"channels": 4}, {"ratio": 2}, {"ratio": 4}, {"ratio": 3},
                   {"dct_method": "BOGUS"}):
        out[str(sorted(kwargs.items()))] = _sweep(
            tf, lambda d, kw=kwargs: tf.io.decode_jpeg(d, dct_method="INTEGER_ACCURATE", **kw)
            if "dct_method" not in kw else tf.io.decode_jpeg(d, **kw), files, jpeg_exact=True)
    return out


def case_decode_gif_every_format(tf):
    return _sweep(tf, tf.io.decode_gif)


def case_decode_bmp_every_format_and_channels(tf):
    out = {"default": _sweep(tf, tf.io.decode_bmp)}
    for channels in (3, 4):
        out[channels] = _sweep(tf, lambda d, c=channels: tf.io.decode_bmp(d, channels=c),
                               ["rgb24.bmp", "rgba32.bmp", "gray8.bmp", "topdown.bmp", "rgb.webp", "rgb.png"])
    return out


def case_decode_webp_every_format(tf):
    out = {"default": _sweep(tf, tf.io.decode_webp)}
    for channels in (3, 4):
        out[channels] = _sweep(tf, lambda d, c=channels: tf.io.decode_webp(d, channels=c),
                               ["rgb.webp", "rgba.webp", "rgb.png", "gray.png"])
    return out


def case_decode_image_every_format_and_dtype(tf):
    out = {}
    for dtype in (tf.uint8, tf.uint16, tf.float32):
        for expand in (True, False):
            # TF 2.21 sizes a top-down BMP's conversion buffer by its negative height (a crash): uint8 only
            files = FILES if dtype == tf.uint8 else [f for f in FILES if f != "topdown.bmp"]
            out[f"{dtype.name}/{expand}"] = _sweep(
                tf, lambda d, t=dtype, e=expand: tf.io.decode_image(d, dtype=t, expand_animations=e), files)
    return out


def case_decode_image_channels(tf):
    out = {}
    for channels in (1, 3, 4):
        out[channels] = _sweep(tf, lambda d, c=channels: tf.io.decode_image(d, channels=c, expand_animations=False),
                               ["rgb.png", "rgba.png", "gray.png", "static.gif", "rgb24.bmp", "rgba32.bmp",
                                "gray8.bmp", "rgb.webp", "rgba.webp", "rgb.jxl", "gray.jxl"])
    return out


def case_decode_image_static_shapes(tf):
    shapes = {}
    for expand in (True, False):
        for channels in (None, 1, 3):
            t = tf.io.decode_image(_data("rgb.png"), channels=channels, expand_animations=expand)
            shapes[f"{expand}/{channels}"] = (t.shape.ndims, t.shape.as_list() if t.shape.ndims is not None else None,
                                              t.op.type, t.op.name)
    return shapes


def case_decode_jxl_every_format(tf):
    out = {"default": _sweep(tf, tf.io.decode_jxl)}
    for channels in (1, 3, 4):
        out[channels] = _sweep(tf, lambda d, c=channels: tf.io.decode_jxl(d, channels=c),
                               ["rgb.jxl", "gray.jxl", "rgba.jxl", "rgb.png"])
    t = tf.io.decode_jxl(_data("rgb.jxl"), channels=3, name="jx")
    out["graph"] = (t.op.type, t.name, t.shape.as_list(), tf.image.decode_jxl is tf.io.decode_jxl)
    return out


def case_decode_and_crop_jpeg_other_formats(tf):
    window = [1, 1, 3, 2]
    return _sweep(tf, lambda d: tf.image.decode_and_crop_jpeg(d, window, dct_method="INTEGER_ACCURATE"),
                  ["rgb.jpg", "gray.jpg", "rgb.png", "static.gif", "rgb24.bmp", "junk.bin"], jpeg_exact=True)


def case_decode_bad_contents_fed(tf):
    contents = tf.placeholder(tf.string)
    sess = tf.Session()
    out = {}
    for name, op in (("png", tf.io.decode_png), ("image", tf.io.decode_image), ("bmp", tf.io.decode_bmp),
                     ("webp", tf.io.decode_webp), ("jxl", tf.io.decode_jxl)):
        t = op(contents)
        out[name] = []
        for feed in (b"", [b"a", b"b"], _data("rgb.png")):
            try:
                value = sess.run(t, {contents: feed})
                out[name].append(list(value.shape))
            except Exception as exc:  # noqa: BLE001
                out[name].append({"raised": type(exc).__name__, "has": [m for m in MESSAGES if m in str(exc)]})
    return out


def case_decode_channels_attr_checked_when_run(tf):
    sess = tf.Session()
    out = {}
    for name, op in (("png", tf.io.decode_png), ("image", tf.io.decode_image), ("bmp", tf.io.decode_bmp),
                     ("jxl", tf.io.decode_jxl), ("webp", tf.io.decode_webp)):
        for channels in (2, 5):
            try:
                t = op(_data("rgb.png"), channels=channels)
            except Exception as exc:  # noqa: BLE001
                out[f"{name}/{channels}"] = {"built": type(exc).__name__}
                continue
            out[f"{name}/{channels}"] = _outcome(sess, t)
    return out


def case_decoded_png_float_scaling(tf):
    sess = tf.Session()
    gray16 = sess.run(tf.io.decode_image(_data("gray16.png"), dtype=tf.float32))
    gray8 = sess.run(tf.io.decode_image(_data("gray.png"), dtype=tf.float32))
    bmp = sess.run(tf.io.decode_image(_data("rgb24.bmp"), dtype=tf.float32))
    gif16 = sess.run(tf.io.decode_image(_data("static.gif"), dtype=tf.uint16))
    return {"gray16": gray16, "gray8": gray8, "bmp": bmp, "gif16": np.asarray(gif16[0, :2, :2])}
