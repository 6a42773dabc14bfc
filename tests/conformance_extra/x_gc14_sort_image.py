"""Round-14 variations of the public misc_sort_image cases: sort/argsort at the integer extremes,
NaN and infinities in both directions, argsort's index dtype; arg_max over float16/bool with
fed inputs; resize_images of fed images with unknown sizes and of float64/int input; nearest and
bilinear resizes with half_pixel_centers; PNG decode of grey+alpha and 16-bit RGBA, encode of
unknown-shape images; flips/transposes of unknown batches; per_image_standardization under a
gradient and on int inputs; colour spaces, crop_and_resize, glimpse and box drawing composed."""
import struct
import zlib

import numpy as np

from _harness import catch, message_has


def png_bytes(pixels, bit_depth=8):
    """A PNG file (filter 0 rows) for an [h, w, c] uint8/uint16 array, built without TF."""
    h, w, c = pixels.shape
    color_type = {1: 0, 2: 4, 3: 2, 4: 6}[c]
    chunk = lambda kind, data: (struct.pack(">I", len(data)) + kind + data  # noqa: E731
                                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + pixels[r].astype(">u2" if bit_depth == 16 else np.uint8).tobytes() for r in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


# ---- sort_directions_and_axes
def case_x_gc14_sort_integer_extremes(tf):
    i32 = tf.constant([0, -2147483648, 2147483647, -1, 5], tf.int32)
    i64 = tf.constant([3, -9223372036854775808, 7, -1], tf.int64)
    u8 = tf.constant([0, 255, 7, 128], tf.uint8)
    sess = tf.Session()
    return sess.run({
        "i32_asc": tf.sort(i32), "i32_desc": tf.sort(i32, direction="DESCENDING"),
        "i64_asc": tf.sort(i64), "u8_asc": tf.sort(u8), "u8_desc": tf.sort(u8, direction="DESCENDING"),
        "i32_argsort": tf.argsort(i32),
    })


def case_x_gc14_sort_nan_and_inf_both_ways(tf):
    x = tf.constant([[1.0, np.nan, -np.inf, 2.0, np.inf, -0.5]], tf.float64)
    sess = tf.Session()
    out = sess.run({"asc": tf.sort(x), "desc": tf.sort(x, direction="DESCENDING"),
                    "arg_desc": tf.argsort(x, direction="DESCENDING")})
    out["arg_dtype"] = tf.argsort(x).dtype.name
    return out


def case_x_gc14_sort_fed_rank_and_axis_none(tf):
    p = tf.placeholder(tf.float32, None)
    s = tf.sort(p, axis=0)
    sess = tf.Session()
    return {"shape": s.shape.ndims, "col": sess.run(s, {p: [[3.0, 1.0], [2.0, 5.0], [0.0, 4.0]]}),
            "vec": sess.run(tf.argsort(p, axis=-1, stable=True), {p: [2.0, 2.0, 1.0, 2.0]}),
            "axis_none": catch(tf.sort, tf.constant([1.0]), axis=None),
            "string": message_has(lambda: tf.sort(tf.constant(["b", "a"])), "string")}


# ---- arg_min_arg_max
def case_x_gc14_arg_max_half_bool_and_fed(tf):
    h = tf.constant([[1.5, -2.0, 1.5], [0.0, 0.25, 7.0]], tf.float16)
    b = tf.constant([[False, True, True], [False, False, False]])
    p = tf.placeholder(tf.int32, [None, 3])
    sess = tf.Session()
    out = sess.run({"h1": tf.argmax(h, 1), "h0": tf.argmin(h, 0), "b": tf.argmax(b, 1),
                    "u8": tf.argmin(tf.constant([9, 3, 3], tf.uint8), output_type=tf.int32)})
    out["fed"] = sess.run(tf.arg_max(p, 1), {p: [[1, 2, 3], [3, 3, 1]]})
    out["fed_shape"] = tf.arg_max(p, 1).shape.as_list()
    out["axis_tensor"] = sess.run(tf.argmax(p, tf.constant(0, tf.int64)), {p: [[1, 9, 3], [3, 3, 1]]})
    out["name"] = tf.argmax(h, 1, name="best").name
    return out


# ---- resize_images_methods
def case_x_gc14_resize_images_fed_size_and_dtypes(tf):
    img = tf.placeholder(tf.float32, [None, None, None, 1])
    size = tf.placeholder(tf.int32, [2])
    r = tf.image.resize_images(img, size)
    x = np.arange(9, dtype=np.float32).reshape(1, 3, 3, 1)
    f64 = tf.constant(x.astype(np.float64))
    ints = tf.constant(x.astype(np.int32))
    sess = tf.Session()
    return {"fed": sess.run(r, {img: x, size: [2, 4]}), "static": r.shape.as_list(),
            "f64": sess.run(tf.image.resize_images(f64, [2, 2])), "f64_dtype": tf.image.resize_images(f64, [2, 2]).dtype.name,
            "int_area": sess.run(tf.image.resize_images(ints, [2, 2], method=tf.image.ResizeMethod.AREA)),
            "int_nearest_dtype": tf.image.resize_images(ints, [2, 2], method=1).dtype.name,
            "same_size": sess.run(tf.image.resize_images(f64, [3, 3])).dtype.name}


def case_x_gc14_resize_images_bad_sizes(tf):
    img = tf.zeros([1, 4, 4, 1])
    return {"rank1": catch(tf.image.resize_images, tf.zeros([4]), [2, 2]),
            "three": catch(tf.image.resize_images, img, [2, 2, 2]),
            "float_size": catch(tf.image.resize_images, img, [2.0, 2.0]),
            "zero": catch(tf.image.resize_images, img, [0, 2]),
            "bad_method": catch(tf.image.resize_images, img, [2, 2], method=9)}


# ---- resize_bilinear_and_nearest
def case_x_gc14_resize_half_pixel_nearest_and_bilinear(tf):
    x = tf.constant(np.arange(12, dtype=np.float32).reshape(1, 3, 4, 1))
    sess = tf.Session()
    out = sess.run({
        "nn_half": tf.image.resize_nearest_neighbor(x, [5, 3], half_pixel_centers=True),
        "bl_half_down": tf.image.resize_bilinear(x, [2, 3], half_pixel_centers=True),
        "bicubic_half": tf.image.resize_bicubic(x, [4, 5], half_pixel_centers=True),
        "area": tf.image.resize_area(x, [2, 3]),
    })
    out["both"] = catch(lambda: sess.run(tf.image.resize_nearest_neighbor(x, [2, 2], align_corners=True,
                                                                          half_pixel_centers=True)))
    out["area_dtype"] = tf.image.resize_area(tf.cast(x, tf.uint8), [2, 2]).dtype.name
    return out


# ---- decode_png_built_file
def case_x_gc14_decode_png_grey_alpha_and_16bit_rgba(tf):
    ga = np.array([[[10, 255], [20, 0]], [[30, 128], [40, 64]]], np.uint8)
    rgba16 = (np.arange(2 * 2 * 4, dtype=np.uint16).reshape(2, 2, 4) * 4000)
    data = tf.placeholder(tf.string, [])
    sess = tf.Session()
    return {"ga": sess.run(tf.image.decode_png(data), {data: png_bytes(ga)}),
            "ga_as_rgb": sess.run(tf.image.decode_png(data, channels=3), {data: png_bytes(ga)}),
            "rgba16_as_8": sess.run(tf.image.decode_png(data), {data: png_bytes(rgba16, 16)}),
            "rgba16": sess.run(tf.image.decode_png(data, channels=3, dtype=tf.uint16), {data: png_bytes(rgba16, 16)}),
            "image_float": sess.run(tf.image.decode_image(data, dtype=tf.float32), {data: png_bytes(ga)}),
            "bad_channels": catch(sess.run, tf.image.decode_png(data, channels=2), {data: png_bytes(ga)}),
            "truncated": catch(sess.run, tf.image.decode_png(data), {data: png_bytes(ga)[:30]})}


def _filtered_png16(pixels, colour):
    """A 16-bit PNG whose rows use the filters 0-4 in turn (the encoder side of each filter)."""
    h, w, c = pixels.shape
    bpp = 2 * c
    lines = [np.frombuffer(pixels[r].astype(">u2").tobytes(), np.uint8).astype(np.int32) for r in range(h)]
    out = b""
    for r, line in enumerate(lines):
        kind = r % 5
        up = lines[r - 1] if r else np.zeros_like(line)
        left = np.r_[np.zeros(bpp, np.int32), line[:-bpp]]
        upleft = np.r_[np.zeros(bpp, np.int32), up[:-bpp]]
        p = left + up - upleft
        pa, pb, pc = abs(p - left), abs(p - up), abs(p - upleft)
        paeth = np.where((pa <= pb) & (pa <= pc), left, np.where(pb <= pc, up, upleft))
        guess = [0, left, up, (left + up) // 2, paeth][kind]
        out += bytes([kind]) + ((line - guess) & 0xFF).astype(np.uint8).tobytes()
    chunk = lambda kind, data: (struct.pack(">I", len(data)) + kind + data  # noqa: E731
                                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 16, colour, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(out)) + chunk(b"IEND", b""))


def case_x_gc14_decode_png16_colour_every_row_filter(tf):
    rgb = ((np.arange(6 * 5 * 3).reshape(6, 5, 3) * 2749) % 65536).astype(np.uint16)
    ga = ((np.arange(5 * 3 * 2).reshape(5, 3, 2) * 40009 + 7) % 65536).astype(np.uint16)
    data = tf.placeholder(tf.string, [])
    sess = tf.Session()
    return {"rgb": sess.run(tf.image.decode_png(data, dtype=tf.uint16), {data: _filtered_png16(rgb, 2)}),
            "rgb8": sess.run(tf.image.decode_png(data), {data: _filtered_png16(rgb, 2)}),
            "rgb_gray": sess.run(tf.image.decode_png(data, channels=1, dtype=tf.uint16), {data: _filtered_png16(rgb, 2)}),
            "ga": sess.run(tf.image.decode_png(data, dtype=tf.uint16), {data: _filtered_png16(ga, 4)}),
            "ga_rgba": sess.run(tf.image.decode_png(data, channels=4, dtype=tf.uint16), {data: _filtered_png16(ga, 4)}),
            "ga_float": sess.run(tf.image.decode_image(data, dtype=tf.float32), {data: _filtered_png16(ga, 4)})}


# ---- encode_png_round_trip
def case_x_gc14_encode_png_fed_and_errors(tf):
    p = tf.placeholder(tf.uint8, None)
    enc = tf.image.encode_png(p)
    back = tf.image.decode_png(enc)
    sess = tf.Session()
    img = np.arange(2 * 3 * 2, dtype=np.uint8).reshape(2, 3, 2) * 11
    out = {"back": sess.run(back, {p: img}), "enc_shape": enc.shape.as_list(),
           "rank2": catch(sess.run, enc, {p: img[:, :, 0]}),
           "five_channels": catch(sess.run, enc, {p: np.zeros([2, 2, 5], np.uint8)}),
           "float": catch(tf.image.encode_png, tf.zeros([2, 2, 1]))}
    out["after"] = sess.run(back, {p: img[:1]})
    return out


# ---- flips
def case_x_gc14_flips_unknown_batch_and_gradients(tf):
    p = tf.placeholder(tf.float32, [None, 2, 3, 1])
    lr = tf.image.flip_left_right(p)
    ud = tf.image.flip_up_down(p)
    tr = tf.image.transpose_image(p)
    w = tf.constant(np.arange(6, dtype=np.float32).reshape(1, 2, 3, 1))
    g = tf.gradients(tf.reduce_sum(tf.image.flip_left_right(p) * w), p)[0]
    x = np.arange(12, dtype=np.float32).reshape(2, 2, 3, 1)
    sess = tf.Session()
    out = sess.run({"lr": lr, "ud": ud, "tr": tr, "g": g}, {p: x})
    out["shapes"] = [lr.shape.as_list(), tr.shape.as_list()]
    out["ops"] = [lr.op.type, ud.op.type, tr.op.type]
    out["rot_strings"] = sess.run(tf.image.rot90(tf.constant([[["a"], ["b"]], [["c"], ["d"]]])))
    return out


# ---- per_image_standardization
def case_x_gc14_standardization_int_and_gradient(tf):
    x = tf.constant(np.array([[[1], [2]], [[3], [10]]], np.int32))
    f = tf.placeholder(tf.float64, [2, 2, 1])
    s = tf.image.per_image_standardization(f)
    g = tf.gradients(tf.reduce_sum(s * tf.constant([[[1.0], [0.0]], [[0.0], [0.0]]])), f)[0]
    sess = tf.Session()
    out = {"int": sess.run(tf.image.per_image_standardization(x)),
           "int_dtype": tf.image.per_image_standardization(x).dtype.name,
           "f64_dtype": s.dtype.name}
    out.update(sess.run({"s": s, "g": g}, {f: [[[1.0], [2.0]], [[4.0], [8.0]]]}))
    out["rank2"] = catch(tf.image.per_image_standardization, tf.zeros([3, 3]))
    return out


# ---- composed image ops
def case_x_gc14_color_spaces_float64_and_half(tf):
    rgb = np.array([[[0.2, 0.4, 0.6], [1.0, 0.0, 0.5]]], np.float64)
    sess = tf.Session()
    out = sess.run({
        "hsv64": tf.image.rgb_to_hsv(tf.constant(rgb)),
        "back64": tf.image.hsv_to_rgb(tf.image.rgb_to_hsv(tf.constant(rgb))),
        "yuv": tf.image.rgb_to_yuv(tf.constant(rgb)),
        "yiq_back": tf.image.yiq_to_rgb(tf.image.rgb_to_yiq(tf.constant(rgb))),
        "gray_half": tf.image.rgb_to_grayscale(tf.constant(rgb, tf.float16)),
        "gray_u8": tf.image.rgb_to_grayscale(tf.constant([[[10, 200, 30]]], tf.uint8)),
        "to_rgb": tf.image.grayscale_to_rgb(tf.constant([[[0.5]]])),
    })
    out["int_hsv"] = catch(tf.image.rgb_to_hsv, tf.constant([[[1, 2, 3]]]))
    out["yuv_int"] = catch(tf.image.rgb_to_yuv, tf.constant([[[1, 2, 3]]]))
    return out


def case_x_gc14_crop_and_resize_extrapolation_and_bad_index(tf):
    img = tf.constant(np.arange(2 * 4 * 4 * 1, dtype=np.float32).reshape(2, 4, 4, 1))
    boxes = tf.constant([[-0.5, -0.5, 0.5, 0.5], [0.25, 0.0, 1.5, 1.0]])
    idx = tf.placeholder(tf.int32, [2])
    cr = tf.image.crop_and_resize(img, boxes, idx, [3, 2], extrapolation_value=-1.0)
    nn = tf.image.crop_and_resize(img, boxes, idx, [2, 2], method="nearest")
    sess = tf.Session()
    out = sess.run({"cr": cr, "nn": nn}, {idx: [1, 0]})
    out["bad_index"] = catch(sess.run, cr, {idx: [0, 2]})
    out["after"] = sess.run(cr, {idx: [0, 0]})
    out["bad_method"] = catch(tf.image.crop_and_resize, img, boxes, [0, 0], [2, 2], method="area")
    return out


def case_x_gc14_glimpse_and_draw_boxes(tf):
    img = tf.constant(np.arange(1 * 5 * 5 * 1, dtype=np.float32).reshape(1, 5, 5, 1))
    sess = tf.Session()
    out = sess.run({
        "glimpse_abs": tf.image.extract_glimpse(img, [3, 3], [[2.0, 2.0]], centered=False, normalized=False,
                                                uniform_noise=False),
        "glimpse_centered": tf.image.extract_glimpse(img, [2, 2], [[0.0, 0.0]], centered=True, normalized=True,
                                                     uniform_noise=False),
        "draw_f": tf.image.draw_bounding_boxes(tf.zeros([1, 4, 5, 3]), [[[0.0, 0.0, 0.5, 0.75]]]),
        "draw_colors": tf.image.draw_bounding_boxes(tf.zeros([1, 4, 4, 3]), [[[0.25, 0.25, 1.0, 1.0]]],
                                                    colors=[[0.5, 0.25, 1.0, 1.0]]),
    })
    out["draw_u8"] = catch(lambda: sess.run(tf.image.draw_bounding_boxes(tf.zeros([1, 3, 3, 1], tf.uint8),
                                                                         [[[0.0, 0.0, 1.0, 1.0]]])))
    return out


def case_x_gc14_nms_scores_threshold_and_half(tf):
    boxes = tf.constant([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11],
                         [0, 10.1, 1, 11.1], [0, 100, 1, 101]], tf.float32)
    scores = tf.constant([0.9, 0.75, 0.6, 0.95, 0.5, 0.3])
    sess = tf.Session()
    sel, sc = tf.image.non_max_suppression_with_scores(boxes, scores, 6, iou_threshold=0.5,
                                                       score_threshold=0.4, soft_nms_sigma=0.5)
    out = sess.run({
        "thresh": tf.image.non_max_suppression(boxes, scores, 6, 0.5, score_threshold=0.55),
        "half": tf.image.non_max_suppression(tf.cast(boxes, tf.float16), tf.cast(scores, tf.float16), 3),
        "soft_sel": sel, "soft_sc": sc,
        "overlaps": tf.image.non_max_suppression_overlaps(tf.constant([[1.0, 0.6], [0.6, 1.0]]),
                                                          tf.constant([0.3, 0.7]), 2, overlap_threshold=0.5),
    })
    out["bad_scores"] = catch(tf.image.non_max_suppression, boxes, tf.constant([0.9, 0.8]), 3)
    return out


# ---- resize_images_methods through TF2's resize
def case_x_gc14_resize_v2_kernels_dtypes_and_gradient(tf):
    r = tf.compat.v2.image.resize
    x = np.arange(5 * 4 * 2, dtype=np.float32).reshape(5, 4, 2) ** 1.5
    img = tf.constant(x)
    u8 = tf.constant(x.astype(np.uint8))
    sess = tf.Session()
    out = sess.run({
        "bicubic_aa": r(img, [3, 2], method="bicubic", antialias=True),
        "lanczos5_up": r(img, [7, 6], method="lanczos5"),
        "gaussian_aa": r(img, [2, 3], method="gaussian", antialias=True),
        "mitchell_u8": r(u8, [3, 3], method="mitchellcubic"),
        "aspect": r(img, [10, 4], preserve_aspect_ratio=True, method="lanczos3", antialias=True),
        "bicubic": r(img, [3, 6], method="bicubic"),
    })
    resized = r(tf.expand_dims(img, 0), [3, 3], method="lanczos3", antialias=True)
    out["grad"] = sess.run(tf.gradients(tf.reduce_sum(resized * tf.constant([1.0, -1.0])), img)[0])
    out["static"] = [resized.shape.as_list(), r(img, [10, 4], preserve_aspect_ratio=True).shape.as_list()]
    out["types"] = [resized.op.type, r(u8, [3, 3], method="lanczos3").dtype.name]
    p = tf.placeholder(tf.float32, [None, None, None, 1])
    fed = r(p, [2, 2], method="lanczos3", antialias=True)
    out["fed"] = sess.run(fed, {p: np.ones([1, 4, 4, 1], np.float32) * 3})
    out["fed_static"] = fed.shape.as_list()
    return out


# ---- argsort_and_stable_ties: top_k, which sort is built on
def case_x_gc14_top_k_unsorted_heap_order_and_nan(tf):
    x = tf.constant([[1.0, 5.0, 3.0, 4.0, 2.0, 9.0, 0.0, 7.0], [2.0, 2.0, 1.0, 2.0, 3.0, 3.0, 0.0, 2.0]])
    n = tf.constant([[1.0, np.nan, 3.0, 4.0, np.nan, 2.0, 9.0, 0.0, 7.0]])
    ints = tf.constant([[4, 1, 4, 0, 4, 2, 4]], tf.int64)
    sess = tf.Session()
    return sess.run({"unsorted3": tf.nn.top_k(x, 3, sorted=False), "unsorted5": tf.nn.top_k(x, 5, sorted=False),
                     "sorted": tf.nn.top_k(x, 3), "nan_sorted": tf.nn.top_k(n, 4),
                     "nan_unsorted": tf.nn.top_k(n, 4, sorted=False), "nan_all": tf.nn.top_k(n, 9, sorted=False),
                     "ints_unsorted": tf.nn.top_k(ints, 4, sorted=False), "k1_nan": tf.nn.top_k(n, 1)})


# ---- composed image ops: error classes at graph build and at run
def case_x_gc14_colour_and_glimpse_error_paths(tf):
    p = tf.placeholder(tf.float32, None)
    four = np.zeros([2, 2, 4], np.float32)
    sess = tf.Session()
    out = {"hsv_run": catch(sess.run, tf.image.rgb_to_hsv(p), {p: four}),
           "rgb_run": catch(sess.run, tf.image.hsv_to_rgb(p), {p: four}),
           "hue_run": message_has(lambda: sess.run(tf.image.adjust_hue(p, 0.2), {p: four}), "instead has 4"),
           "sat_run": catch(sess.run, tf.image.adjust_saturation(p, 0.2), {p: four}),
           "gray_static": message_has(lambda: tf.image.grayscale_to_rgb(tf.zeros([2, 2, 3])), "size 1"),
           "gray_rank1": message_has(lambda: tf.image.grayscale_to_rgb(tf.zeros([2])), "two-dimensional"),
           "gray_fed": catch(sess.run, tf.image.grayscale_to_rgb(p), {p: np.zeros([2, 3], np.float32)}),
           "glimpse_batch": message_has(lambda: tf.image.extract_glimpse(tf.zeros([2, 4, 4, 1]), [2, 2],
                                                                         tf.zeros([3, 2])), "Dimensions must be equal"),
           "glimpse_width": catch(tf.image.extract_glimpse, tf.zeros([2, 4, 4, 1]), [2, 2], tf.zeros([2, 3]))}
    gray = tf.image.grayscale_to_rgb(p)
    out["gray_ok"] = sess.run(gray, {p: [[[1.0], [2.0]]]})
    out["gray_shapes"] = [gray.shape.ndims, tf.image.grayscale_to_rgb(tf.placeholder(tf.float32, [None, 5, 1])).shape
                          .as_list()]
    q = tf.placeholder(tf.float32, [None, 4, 4, 1])
    out["glimpse_batch_from_offsets"] = tf.image.extract_glimpse(q, [2, 2], tf.zeros([3, 2])).shape.as_list()
    return out
