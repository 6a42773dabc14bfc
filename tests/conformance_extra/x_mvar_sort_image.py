"""Variations of the public misc_sort_image cases: sort/argsort over other dtypes, ranks and axes,
unknown shapes and errors; arg_min/arg_max dtypes and empty axes; tf.image resizes with
uint8/uint16/float16/float64, batch vs single images and unknown shapes; PNG decode/encode of
other channel counts and depths; flips, rot90 and per_image_standardization variations."""
import struct
import zlib

import numpy as np

from _harness import catch


def _png(pixels, bit_depth=8):
    h, w, c = pixels.shape
    color_type = {1: 0, 2: 4, 3: 2, 4: 6}[c]
    chunk = lambda kind, data: (struct.pack(">I", len(data)) + kind + data  # noqa: E731
                                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + pixels[r].astype(">u2" if bit_depth == 16 else np.uint8).tobytes() for r in range(h))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, bit_depth, color_type, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


# ---- sort_directions_and_axes
def case_x_mvar_sort_dtypes(tf):
    sess = tf.Session()
    out = {}
    for name, dt in (("f64", tf.float64), ("f16", tf.float16), ("i64", tf.int64), ("i32", tf.int32),
                     ("i8", tf.int8), ("u8", tf.uint8)):
        x = tf.cast(tf.constant([[3, 1, 2], [0, 5, 4]]), dt)
        out[name] = catch(lambda: sess.run([tf.sort(x), tf.sort(x, direction="DESCENDING")]))
    return out


def case_x_mvar_sort_3d_axes_and_names(tf):
    x = tf.constant(np.array([[[4, 1], [2, 9]], [[0, 7], [3, 3]]], np.float32))
    s0 = tf.sort(x, axis=0, name="along0")
    s1 = tf.sort(x, axis=1, direction="DESCENDING")
    sm = tf.sort(x, axis=-2)
    sess = tf.Session()
    return {"vals": sess.run([s0, s1, sm]), "shapes": [t.shape.as_list() for t in (s0, s1, sm)],
            "name_prefix": s0.name.split("/")[0], "scalar": catch(tf.sort, tf.constant(3.0))}


def case_x_mvar_sort_unknown_shapes_and_empty(tf):
    p = tf.placeholder(tf.float32, [None, None])
    u = tf.placeholder(tf.int32)
    sp = tf.sort(p, direction="DESCENDING")
    su = tf.sort(u)
    sess = tf.Session()
    return {"static": [sp.shape.as_list(), su.shape.ndims], "fed": sess.run(sp, {p: [[1.0, 3.0, 2.0]]}),
            "fed_rank3": sess.run(su, {u: [[[3, 1, 2]]]}), "empty": sess.run(sp, {p: np.zeros([2, 0], np.float32)}),
            "argsort_unknown": sess.run(tf.argsort(u, direction="DESCENDING"), {u: [5, 9, 1]})}


# ---- argsort_and_stable_ties
def case_x_mvar_argsort_dtypes_and_axis(tf):
    f64 = tf.constant([[0.5, -1.0, 0.5], [2.0, 2.0, -3.0]], tf.float64)
    i64 = tf.constant([7, 7, 1, 9, 1], tf.int64)
    sess = tf.Session()
    a = tf.argsort(f64, axis=0, stable=True)
    return {"f64_axis0": sess.run(a), "f64_desc": sess.run(tf.argsort(f64, direction="DESCENDING", stable=True)),
            "i64": sess.run(tf.argsort(i64, stable=True)), "i64_desc": sess.run(tf.argsort(i64, direction="DESCENDING")),
            "dtype": a.dtype.name, "neg_axis": sess.run(tf.argsort(f64, axis=-2))}


def case_x_mvar_argsort_ties_unstable_default(tf):
    ties = tf.constant([[1.0, 1.0, 0.0, 1.0], [2.0, 2.0, 2.0, 2.0]])
    sess = tf.Session()
    return {"asc": sess.run(tf.argsort(ties)), "desc": sess.run(tf.argsort(ties, direction="DESCENDING")),
            "sort_desc": sess.run(tf.sort(ties, direction="DESCENDING"))}


# ---- sort_bad_direction
def case_x_mvar_sort_bad_arguments(tf):
    x = tf.constant([[1, 2], [3, 4]])
    return {"lower": catch(tf.sort, x, direction="ascending"), "axis_out": catch(tf.sort, x, axis=2),
            "axis_neg_out": catch(tf.argsort, x, axis=-3), "tensor_axis": catch(tf.sort, x, axis=tf.constant(1)),
            "strings": catch(tf.sort, tf.constant(["b", "a"])), "bools": catch(tf.sort, tf.constant([True, False]))}


# ---- arg_min_arg_max
def case_x_mvar_arg_min_max_dtypes(tf):
    sess = tf.Session()
    out = {}
    for name, dt in (("f64", tf.float64), ("f16", tf.float16), ("u8", tf.uint8), ("i64", tf.int64)):
        x = tf.cast(tf.constant([[3, 9, 9], [4, 1, 1]]), dt)
        out[name] = sess.run([tf.argmax(x, 1), tf.argmin(x, 0), tf.arg_min(x, 1, output_type=tf.int32)])
    out["bool"] = catch(lambda: sess.run(tf.argmax(tf.constant([False, True, True]), 0)))
    out["neg_axis"] = sess.run(tf.argmax(tf.constant([[1, 5], [6, 2]]), axis=-1))
    out["default_axis"] = sess.run(tf.argmax(tf.constant([[1, 5], [6, 2]])))
    return out


def case_x_mvar_arg_max_errors_and_shapes(tf):
    p = tf.placeholder(tf.float32, [None, 3])
    am = tf.argmax(p, 1)
    sess = tf.Session()
    return {"static": am.shape.as_list(), "empty_axis": catch(sess.run, tf.argmax(p, 0), {p: np.zeros([0, 3])}),
            "empty_other": sess.run(am, {p: np.zeros([0, 3])}).shape,
            "axis_out": catch(tf.argmax, tf.constant([1, 2]), 1),
            "bad_out_type": catch(tf.argmax, tf.constant([1, 2]), 0, output_type=tf.float32),
            "name": tf.argmax(tf.constant([1, 2]), 0, name="best").op.name,
            "type": tf.arg_max(tf.constant([1, 2]), 0).op.type}


# ---- resize_images_methods
def case_x_mvar_resize_images_dtypes(tf):
    img8 = tf.constant(np.arange(16, dtype=np.uint8).reshape(4, 4, 1) * 15)
    img16 = tf.cast(img8, tf.uint16) * 200
    imgh = tf.cast(img8, tf.float16)
    img64 = tf.cast(img8, tf.float64)
    m = tf.image.ResizeMethod
    outs = {"u8_bilinear": tf.image.resize_images(img8, [3, 5]),
            "u8_nearest": tf.image.resize_images(img8, [3, 5], method=m.NEAREST_NEIGHBOR),
            "u16_area": tf.image.resize_images(img16, [2, 2], method=m.AREA),
            "f16_bicubic": tf.image.resize_images(imgh, [3, 3], method=m.BICUBIC),
            "f64_bilinear": tf.image.resize_images(img64, [2, 6])}
    sess = tf.Session()
    vals = sess.run(outs)
    vals["dtypes"] = {k: v.dtype.name for k, v in outs.items()}
    return vals


def case_x_mvar_resize_images_batch_unknown_and_int_methods(tf):
    batch = tf.placeholder(tf.float32, [None, None, None, 2])
    size = tf.placeholder(tf.int32, [2])
    r_static = tf.image.resize_images(batch, [3, 4], method=1)
    r_dyn = tf.image.resize_images(batch, size, method=tf.image.ResizeMethod.BILINEAR)
    data = np.arange(2 * 2 * 3 * 2, dtype=np.float32).reshape(2, 2, 3, 2)
    sess = tf.Session()
    return {"static": [r_static.shape.as_list(), r_dyn.shape.as_list()],
            "nearest_int": sess.run(r_static, {batch: data}), "dyn": sess.run(r_dyn, {batch: data, size: [3, 3]}),
            "same_size": sess.run(tf.image.resize_images(tf.constant(data), [2, 3])).tolist() == data.tolist()}


def case_x_mvar_resize_images_aspect_and_errors(tf):
    img = tf.zeros([4, 8, 3])
    m = tf.image.ResizeMethod
    return {"aspect": tf.image.resize_images(img, [6, 6], preserve_aspect_ratio=True).shape.as_list(),
            "aspect_batch": tf.image.resize_images(tf.zeros([2, 10, 5, 1]), [4, 4],
                                                   preserve_aspect_ratio=True).shape.as_list(),
            "rank2": catch(tf.image.resize_images, tf.zeros([4, 4]), [2, 2]),
            "size3": catch(tf.image.resize_images, img, [2, 2, 2]),
            "float_size": catch(tf.image.resize_images, img, [2.0, 2.0]),
            "bad_method": catch(lambda: tf.Session().run(tf.image.resize_images(img, [2, 2], method=9))),
            "area_align": catch(tf.image.resize_images, img, [2, 2], method=m.AREA, align_corners=True)}


# ---- resize_bilinear_and_nearest
def case_x_mvar_resize_bilinear_half_pixel_and_dtypes(tf):
    img = tf.constant(np.arange(1 * 3 * 4 * 1, dtype=np.float32).reshape(1, 3, 4, 1))
    sess = tf.Session()
    outs = {"half_pixel": tf.image.resize_bilinear(img, [5, 3], half_pixel_centers=True),
            "f64": tf.image.resize_bilinear(tf.cast(img, tf.float64), [2, 2]),
            "f16": tf.image.resize_bilinear(tf.cast(img, tf.float16), [4, 5]),
            "i32": tf.image.resize_bilinear(tf.cast(img, tf.int32), [2, 3]),
            "nn_half": tf.image.resize_nearest_neighbor(img, [5, 7], half_pixel_centers=True),
            "nn_f64": tf.image.resize_nearest_neighbor(tf.cast(img, tf.float64), [2, 2]),
            "nn_i64": tf.image.resize_nearest_neighbor(tf.cast(img, tf.int64), [6, 2])}
    vals = sess.run(outs)
    vals["dtypes"] = {k: v.dtype.name for k, v in outs.items()}
    vals["both"] = catch(tf.image.resize_bilinear, img, [2, 2], align_corners=True, half_pixel_centers=True)
    return vals


def case_x_mvar_resize_bilinear_errors_and_names(tf):
    img = tf.placeholder(tf.float32, [None, 3, 3, 1])
    size = tf.placeholder(tf.int32, [2])
    r = tf.image.resize_bilinear(img, size, name="grow")
    sess = tf.Session()
    data = np.ones([1, 3, 3, 1], np.float32)
    return {"name": r.op.name, "type": r.op.type, "static": r.shape.as_list(),
            "neg_size": catch(sess.run, r, {img: data, size: [-1, 2]}),
            "zero_size": catch(sess.run, r, {img: data, size: [0, 2]}),
            "ok": sess.run(r, {img: data, size: [2, 2]}).shape,
            "rank3": catch(tf.image.resize_bilinear, tf.zeros([3, 3, 1]), [2, 2]),
            "nn_rank3": catch(tf.image.resize_nearest_neighbor, tf.zeros([3, 3, 1]), [2, 2])}


# ---- decode_png_built_file
def case_x_mvar_decode_png_channel_conversions(tf):
    gray = (np.arange(6, dtype=np.uint8).reshape(2, 3, 1) * 40)
    ga = np.concatenate([gray, np.full_like(gray, 200)], axis=2)
    rgba = np.arange(2 * 2 * 4, dtype=np.uint8).reshape(2, 2, 4) * 15
    data = tf.placeholder(tf.string, [])
    sess = tf.Session()
    return {"gray_as_rgb": sess.run(tf.image.decode_png(data, channels=3), {data: _png(gray)}),
            "ga": sess.run(tf.image.decode_png(data), {data: _png(ga)}),
            "ga_as_gray": sess.run(tf.image.decode_png(data, channels=1), {data: _png(ga)}),
            "rgba_as_rgb": sess.run(tf.image.decode_png(data, channels=3), {data: _png(rgba)}),
            "rgba_as_gray": sess.run(tf.image.decode_png(data, channels=1), {data: _png(rgba)}),
            "static": [tf.image.decode_png(data).shape.as_list(), tf.image.decode_png(data, channels=2).shape.as_list()]}


def case_x_mvar_decode_png_depths_and_errors(tf):
    g16 = (np.arange(4, dtype=np.uint16).reshape(2, 2, 1) * 20000)
    rgb8 = np.arange(12, dtype=np.uint8).reshape(2, 2, 3) * 20
    data = tf.placeholder(tf.string, [])
    sess = tf.Session()
    truncated = _png(rgb8)[:40]
    return {"16_as_8": sess.run(tf.image.decode_png(data), {data: _png(g16, 16)}),
            "8_as_16": sess.run(tf.image.decode_png(data, dtype=tf.uint16), {data: _png(rgb8)}),
            "bad_dtype": catch(tf.image.decode_png, data, dtype=tf.float32),
            "bad_channels": catch(lambda: sess.run(tf.image.decode_png(data, channels=5), {data: _png(rgb8)})),
            "truncated": catch(sess.run, tf.image.decode_png(data), {data: truncated}),
            "empty": catch(sess.run, tf.image.decode_png(data), {data: b""}),
            "usable": sess.run(tf.image.decode_png(data), {data: _png(rgb8)}).shape,
            "decode_image": sess.run(tf.image.decode_image(data), {data: _png(rgb8)}).shape}


# ---- encode_png_round_trip
def case_x_mvar_encode_png_uint16_and_channels(tf):
    img16 = tf.constant((np.arange(2 * 3 * 1, dtype=np.uint16).reshape(2, 3, 1) * 9000))
    ga = tf.constant(np.arange(2 * 2 * 2, dtype=np.uint8).reshape(2, 2, 2) * 30)
    rgba = tf.constant(np.arange(1 * 2 * 4, dtype=np.uint8).reshape(1, 2, 4) * 30)
    sess = tf.Session()
    e16 = sess.run(tf.image.encode_png(img16))
    out = {"back16": sess.run(tf.image.decode_png(tf.image.encode_png(img16), dtype=tf.uint16)),
           "header16": list(struct.unpack(">IIBB", e16[16:26])),
           "ga_back": sess.run(tf.image.decode_png(tf.image.encode_png(ga))),
           "rgba_back": sess.run(tf.image.decode_png(tf.image.encode_png(rgba)))}
    out["rgba_header"] = list(struct.unpack(">IIBB", sess.run(tf.image.encode_png(rgba))[16:26]))
    return out


def case_x_mvar_encode_png_errors(tf):
    sess = tf.Session()
    p = tf.placeholder(tf.uint8)
    enc = tf.image.encode_png(p)
    return {"rank2": catch(sess.run, enc, {p: np.zeros([2, 2], np.uint8)}),
            "five_channels": catch(sess.run, enc, {p: np.zeros([2, 2, 5], np.uint8)}),
            "float": catch(tf.image.encode_png, tf.zeros([2, 2, 1])),
            "ok_after": len(sess.run(enc, {p: np.zeros([1, 1, 1], np.uint8)})) > 8,
            "static": enc.shape.ndims, "name": tf.image.encode_png(tf.zeros([1, 1, 1], tf.uint8), name="png").op.name}


# ---- flips
def case_x_mvar_flips_batched_and_dtypes(tf):
    batch = tf.cast(tf.reshape(tf.range(12), [2, 3, 2, 1]), tf.float16)
    u8 = tf.constant(np.arange(6, dtype=np.uint8).reshape(1, 2, 3))
    sess = tf.Session()
    return sess.run({"ud": tf.image.flip_up_down(batch), "lr": tf.image.flip_left_right(batch),
                     "tr": tf.image.transpose_image(batch), "u8_lr": tf.image.flip_left_right(u8),
                     "rot90": tf.image.rot90(batch), "rot_k3": tf.image.rot90(u8, k=3),
                     "rot_k2": tf.image.rot90(batch, k=2)})


def case_x_mvar_flips_unknown_and_errors(tf):
    p = tf.placeholder(tf.int32, [None, None, 1])
    u = tf.placeholder(tf.int32)
    lr = tf.image.flip_left_right(p)
    sess = tf.Session()
    return {"static": lr.shape.as_list(), "fed": sess.run(lr, {p: [[[1], [2], [3]]]}),
            "unknown_rank": catch(lambda: sess.run(tf.image.flip_up_down(u), {u: [[[1], [2]]]})),
            "rank2": catch(tf.image.flip_left_right, tf.zeros([2, 2])),
            "rank5": catch(tf.image.flip_up_down, tf.zeros([1, 1, 2, 2, 1])),
            "zero_dim": catch(tf.image.flip_left_right, tf.zeros([2, 0, 1]))}


# ---- per_image_standardization
def case_x_mvar_standardization_dtypes(tf):
    base = np.array([[[1], [4]], [[9], [16]]], np.float64)
    sess = tf.Session()
    outs = {"f64": tf.image.per_image_standardization(tf.constant(base)),
            "f16": tf.image.per_image_standardization(tf.constant(base.astype(np.float16))),
            "i32": tf.image.per_image_standardization(tf.constant(base.astype(np.int32))),
            "u8_batch": tf.image.per_image_standardization(tf.constant(np.stack([base, base * 2]).astype(np.uint8)))}
    vals = sess.run(outs)
    vals["dtypes"] = {k: v.dtype.name for k, v in outs.items()}
    return vals


def case_x_mvar_standardization_unknown_and_single_pixel(tf):
    p = tf.placeholder(tf.float32, [None, None, 3])
    s = tf.image.per_image_standardization(p)
    sess = tf.Session()
    return {"static": s.shape.as_list(), "one_pixel": sess.run(s, {p: [[[1.0, 2.0, 3.0]]]}),
            "rank2": catch(tf.image.per_image_standardization, tf.zeros([2, 2])),
            "fed": sess.run(s, {p: np.arange(12, dtype=np.float32).reshape(2, 2, 3) ** 2})}
