"""Second-pass variations of the public misc_sort_image cases: sort/argsort/top_k inside while_loop,
gradients through sort, unknown ranks, float16/int8/uint8 and NaN; arg_max on bool/empty; image
resize under gradients and with preserve_aspect_ratio/antialias, crop_and_resize methods,
pad_to_bounding_box errors, rot90 k values, adjust_* over uint8/float16, convert_image_dtype
saturate, total_variation, psnr/ssim dtypes; PNG round trip through tf.data."""
# pending_*: cases recorded from TF 2.21 whose tfsess results still differ (defects found in round 12,
# listed in that round's closing note); the runner collects only case_*, so rename one back once fixed.
import numpy as np

from _harness import catch
from _casekit import drain


# ---- sort_directions_and_axes
def case_x_m12_sort_gradient_and_negative_axis(tf):
    x = tf.constant([[3.0, -1.0, 2.5], [1.0, 4.0, -2.0]])
    s = tf.sort(x, axis=-1, direction="DESCENDING")
    s0 = tf.sort(x, axis=-2)
    g = tf.gradients(tf.reduce_sum(s * tf.constant([1.0, 2.0, 3.0])), x)[0]
    g0 = tf.gradients(tf.reduce_sum(s0 * tf.constant([[1.0], [10.0]])), x)[0]
    sess = tf.Session()
    return {"s": sess.run(s), "s0": sess.run(s0), "g": sess.run(g), "g0": sess.run(g0),
            "bad_axis": catch(tf.sort, x, axis=2), "float_axis": catch(tf.sort, x, axis=1.0)}


def case_x_m12_sort_small_dtypes_and_nan(tf):
    sess = tf.Session()
    out = sess.run({
        "int8": tf.sort(tf.constant([3, -128, 127, 0], tf.int8), direction="DESCENDING"),
        "uint8": tf.sort(tf.constant([200, 3, 255, 0], tf.uint8)),
        "half": tf.sort(tf.constant([0.5, -2.0, 1.5], tf.float16)),
        "f64_desc": tf.argsort(tf.constant([0.5, -2.0, 1.5, 0.5], tf.float64), direction="DESCENDING", stable=True),
        "inf": tf.sort(tf.constant([np.inf, -np.inf, 0.0, 1.0])),
    })
    out["bool"] = catch(tf.sort, tf.constant([True, False]))
    out["string"] = catch(tf.sort, tf.constant(["b", "a"]))
    return out


def case_x_m12_sort_in_while_loop_and_unknown(tf):
    p = tf.placeholder(tf.float32)
    i0 = tf.constant(0)
    x0 = tf.constant([4.0, 1.0, 3.0])
    _, res = tf.while_loop(lambda i, x: i < 2, lambda i, x: (i + 1, tf.sort(x * -1.0)), [i0, x0])
    un = tf.sort(p)
    sess = tf.Session()
    return {"loop": sess.run(res), "unknown": sess.run(un, {p: [[2.0, 1.0], [0.0, -1.0]]}),
            "static": un.shape.ndims,
            "scalar": catch(sess.run, un, {p: 3.0}),
            "argsort_static": tf.argsort(tf.placeholder(tf.float32, [None, 5])).shape.as_list()}


# ---- argsort_and_stable_ties
def case_x_m12_argsort_ties_axis0_and_top_k_sorted(tf):
    t = tf.constant([[1, 2], [1, 0], [0, 2], [1, 2]])
    vals, idx = tf.nn.top_k(tf.constant([1.0, 3.0, 3.0, 2.0, 3.0]), k=3)
    v2, i2 = tf.nn.top_k(tf.constant([[5, 1, 5], [2, 2, 9]], tf.int32), k=2, sorted=True)
    sess = tf.Session()
    out = sess.run({"axis0_stable": tf.argsort(t, axis=0, stable=True),
                    "axis0_desc": tf.argsort(t, axis=0, direction="DESCENDING", stable=True),
                    "top_vals": vals, "top_idx": idx, "v2": v2, "i2": i2})
    out["k_too_big"] = catch(lambda: tf.nn.top_k(tf.constant([1.0, 2.0]), k=3))
    out["k_negative"] = catch(lambda: tf.nn.top_k(tf.constant([1.0, 2.0]), k=-1))
    out["names"] = [vals.op.name, vals.op.type]
    return out


# ---- arg_min_arg_max
def case_x_m12_arg_max_special_inputs(tf):
    sess = tf.Session()
    out = sess.run({
        "bool": tf.argmax(tf.constant([False, True, True])),
        "nan": tf.argmax(tf.constant([1.0, np.nan, 3.0])),
        "uint8": tf.argmin(tf.constant([[3, 1], [0, 9]], tf.uint8), axis=0),
        "neg_axis": tf.argmax(tf.constant([[1, 5, 2]]), axis=-1),
        "half": tf.argmin(tf.constant([0.5, -1.0, -1.0], tf.float16)),
    })
    out["empty_axis"] = catch(sess.run, tf.argmax(tf.zeros([0, 3]), axis=0))
    out["axis_tensor"] = sess.run(tf.argmax(tf.constant([[1, 9], [8, 2]]), axis=tf.constant(0)))
    out["bad_output"] = catch(tf.argmax, tf.constant([1, 2]), output_type=tf.float32)
    return out


# ---- resize_images_methods
def case_x_m12_resize_images_v1_preserve_and_gradients(tf):
    img = tf.reshape(tf.range(12, dtype=tf.float32), [1, 3, 4, 1])
    m = tf.image.ResizeMethod
    keep = tf.image.resize_images(img, [6, 6], preserve_aspect_ratio=True)
    area = tf.image.resize_images(img, [2, 2], method=m.AREA, align_corners=False)
    up = tf.image.resize_images(img, [5, 7])
    grad = tf.gradients(tf.reduce_sum(up * up), img)[0]
    nn_grad = tf.gradients(tf.reduce_sum(tf.image.resize_images(img, [6, 8], method=m.NEAREST_NEIGHBOR)), img)[0]
    sess = tf.Session()
    return {"keep_shape": keep.shape.as_list(), "keep": sess.run(keep), "area": sess.run(area),
            "grad": sess.run(grad), "nn_grad": sess.run(nn_grad),
            "bad_method": catch(tf.image.resize_images, img, [2, 2], method=7),
            "zero_size": catch(tf.image.resize_images, img, [0, 2])}


def case_x_m12_resize_v2_antialias_and_methods(tf):
    img = tf.constant(np.arange(36, dtype=np.float32).reshape(1, 6, 6, 1))
    sess = tf.Session()
    r = tf.compat.v2.image.resize
    out = sess.run({
        "bilinear_aa": r(img, [3, 3], antialias=True),
        "bilinear": r(img, [3, 3]),
        "lanczos3": r(img, [4, 4], method="lanczos3"),
        "mitchell": r(img, [4, 4], method="mitchellcubic"),
        "gaussian": r(img, [3, 3], method="gaussian"),
        "area": r(img, [4, 4], method="area"),
        "nearest": r(img, [4, 4], method="nearest"),
    })
    out["nearest_dtype"] = r(tf.cast(img, tf.uint8), [4, 4], method="nearest").dtype.name
    out["bilinear_dtype"] = r(tf.cast(img, tf.uint8), [4, 4]).dtype.name
    out["bad"] = catch(r, img, [2, 2], method="cubic")
    return out


# ---- resize_bilinear_and_nearest
def case_x_m12_resize_bilinear_half_pixel_and_fed(tf):
    p = tf.placeholder(tf.float32, [None, None, None, 2])
    size = tf.placeholder(tf.int32, [2])
    hp = tf.image.resize_bilinear(p, size, half_pixel_centers=True)
    nn_hp = tf.image.resize_nearest_neighbor(p, size, half_pixel_centers=True)
    img = np.arange(2 * 3 * 2, dtype=np.float32).reshape(1, 2, 3, 2)
    sess = tf.Session()
    return {"hp": sess.run(hp, {p: img, size: [3, 5]}), "nn_hp": sess.run(nn_hp, {p: img, size: [4, 2]}),
            "static": hp.shape.as_list(),
            "both": catch(tf.image.resize_bilinear, p, [2, 2], align_corners=True, half_pixel_centers=True),
            "bad_size": catch(sess.run, hp, {p: img, size: [0, 2]}),
            "names": [hp.op.type, nn_hp.op.type]}


# ---- crop_and_resize / pad / rot90
def case_x_m12_crop_and_resize_methods_and_pad_errors(tf):
    img = tf.constant(np.arange(2 * 4 * 4 * 1, dtype=np.float32).reshape(2, 4, 4, 1))
    boxes = tf.constant([[0.0, 0.0, 1.0, 1.0], [0.25, 0.5, 0.75, 1.5]])
    idx = tf.constant([0, 1])
    sess = tf.Session()
    out = {"bilinear": sess.run(tf.image.crop_and_resize(img, boxes, idx, [3, 3])),
           "nearest": sess.run(tf.image.crop_and_resize(img, boxes, idx, [2, 3], method="nearest",
                                                        extrapolation_value=-1.0)),
           "bad_method": catch(tf.image.crop_and_resize, img, boxes, idx, [2, 2], method="bicubic"),
           "bad_index": catch(sess.run, tf.image.crop_and_resize(img, boxes, tf.constant([0, 5]), [2, 2]))}
    small = tf.ones([2, 2, 1])
    out["pad"] = sess.run(tf.image.pad_to_bounding_box(small, 1, 0, 4, 3))
    out["pad_neg"] = catch(tf.image.pad_to_bounding_box, small, -1, 0, 4, 4)
    out["pad_small"] = catch(tf.image.pad_to_bounding_box, small, 0, 0, 1, 4)
    out["crop_big"] = catch(tf.image.crop_to_bounding_box, small, 0, 0, 3, 2)
    return out


def case_x_m12_rot90_k_values_and_transpose(tf):
    img = tf.reshape(tf.range(6), [2, 3, 1])
    batch = tf.reshape(tf.range(8), [2, 2, 2, 1])
    sess = tf.Session()
    out = sess.run({"k0": tf.image.rot90(img, 0), "k2": tf.image.rot90(img, 2), "k3": tf.image.rot90(img, 3),
                    "k5": tf.image.rot90(img, 5), "kneg": tf.image.rot90(img, -1),
                    "batch": tf.image.rot90(batch, 1), "transpose_batch": tf.image.transpose(batch)})
    out["shapes"] = [tf.image.rot90(img, k).shape.as_list() for k in (1, 2)]
    out["rank2"] = catch(tf.image.rot90, tf.ones([2, 2]))
    return out


def case_x_m12_adjust_ops_uint8_and_half(tf):
    u8 = tf.constant(np.array([[[10, 100, 250], [0, 128, 255]]], np.uint8))
    h = tf.constant(np.array([[[0.1, 0.5, 0.9], [0.0, 0.25, 1.0]]], np.float16))
    sess = tf.Session()
    ops = {"bright_u8": tf.image.adjust_brightness(u8, 0.1),
           "contrast_u8": tf.image.adjust_contrast(u8, 2.0),
           "gamma_u8": tf.image.adjust_gamma(u8, 2.0),
           "sat_u8": tf.image.adjust_saturation(u8, 0.5),
           "hue_h": tf.image.adjust_hue(h, 0.2),
           "bright_h": tf.image.adjust_brightness(h, -0.2),
           "contrast_h": tf.image.adjust_contrast(h, 0.5)}
    out = sess.run(ops)
    out["dtypes"] = {k: v.dtype.name for k, v in ops.items()}
    out["gamma_neg"] = catch(lambda: sess.run(tf.image.adjust_gamma(h, -1.0)))
    return out


def case_x_m12_convert_image_dtype_saturate(tf):
    f = tf.constant([-0.5, 0.0, 0.5, 1.0, 1.5])
    sess = tf.Session()
    out = sess.run({"u8": tf.image.convert_image_dtype(f, tf.uint8),
                    "u8_sat": tf.image.convert_image_dtype(f, tf.uint8, saturate=True),
                    "i16_sat": tf.image.convert_image_dtype(f, tf.int16, saturate=True),
                    "u8_to_i32": tf.image.convert_image_dtype(tf.constant([0, 255, 7], tf.uint8), tf.int32),
                    "i32_to_u8": tf.image.convert_image_dtype(tf.constant([0, 2 ** 31 - 1], tf.int32), tf.uint8),
                    "u8_to_f16": tf.image.convert_image_dtype(tf.constant([0, 255], tf.uint8), tf.float16),
                    "f_to_f64": tf.image.convert_image_dtype(f, tf.float64)})
    out["same"] = tf.image.convert_image_dtype(f, tf.float32).op.type
    out["bad"] = catch(tf.image.convert_image_dtype, f, tf.string)
    return out


def case_x_m12_total_variation_psnr_ssim_dtypes(tf):
    a = np.linspace(0, 1, 48, dtype=np.float32).reshape(1, 4, 4, 3)
    b = a[:, ::-1]
    sess = tf.Session()
    out = sess.run({"tv3": tf.image.total_variation(tf.constant(a[0])),
                    "tv4": tf.image.total_variation(tf.constant(a)),
                    "tv_u8": tf.image.total_variation(tf.constant((a * 255).astype(np.uint8))),
                    "psnr64": tf.image.psnr(tf.constant(a, tf.float64), tf.constant(b, tf.float64), 1.0),
                    "psnr_u8": tf.image.psnr(tf.constant((a * 255).astype(np.uint8)),
                                             tf.constant((b * 255).astype(np.uint8)), 255),
                    "psnr_same": tf.image.psnr(tf.constant(a), tf.constant(a), 1.0),
                    "ssim_u8": tf.image.ssim(tf.constant((np.tile(a, (1, 3, 3, 1)) * 255).astype(np.uint8)),
                                             tf.constant((np.tile(b, (1, 3, 3, 1)) * 255).astype(np.uint8)), 255,
                                             filter_size=5)})
    out["tv_dtype"] = tf.image.total_variation(tf.constant((a * 255).astype(np.uint8))).dtype.name
    out["psnr_mismatch"] = catch(tf.image.psnr, tf.constant(a), tf.constant(a, tf.float64), 1.0)
    return out


# ---- decode/encode png
def case_x_m12_png_round_trip_in_dataset(tf):
    imgs = np.arange(2 * 2 * 3 * 1, dtype=np.uint8).reshape(2, 2, 3, 1) * 20
    ds = tf.data.Dataset.from_tensor_slices(imgs).map(tf.image.encode_png).map(
        lambda s: tf.image.decode_png(s, channels=3))
    got = drain(tf, ds)
    enc = tf.image.encode_png(tf.constant(imgs[0]), name="enc")
    return {"got": got, "shapes": ds.output_shapes.as_list() if hasattr(ds, "output_shapes") else None,
            "enc": [enc.op.name, enc.op.type, enc.shape.as_list()],
            "bad_rank": catch(tf.image.encode_png, tf.constant(imgs)),
            "bad_dtype": catch(tf.image.encode_png, tf.constant(imgs[0], tf.int32))}


# ---- flips
def case_x_m12_flips_unknown_rank_and_random_seeded(tf):
    p = tf.placeholder(tf.int32)
    lr = tf.image.flip_left_right(p)
    img = tf.reshape(tf.range(12), [2, 3, 2])
    r = tf.image.random_flip_left_right(img, seed=3)
    sess = tf.Session()
    one = sess.run(r)
    return {"fed3": sess.run(lr, {p: np.arange(6).reshape(1, 3, 2)}),
            "fed4": sess.run(lr, {p: np.arange(8).reshape(2, 1, 2, 2)}),
            "fed2": catch(sess.run, lr, {p: np.arange(4).reshape(2, 2)}),
            "random_is_flip": bool(np.array_equal(one, sess.run(img)) or
                                   np.array_equal(one, sess.run(img)[:, ::-1])),
            "names": [lr.op.type, tf.image.flip_up_down(img).op.type]}


# ---- per_image_standardization
def case_x_m12_standardization_gradient_and_half(tf):
    x = tf.constant(np.arange(8, dtype=np.float32).reshape(2, 2, 2))
    s = tf.image.per_image_standardization(x)
    g = tf.gradients(tf.reduce_sum(s * tf.constant(np.arange(8, dtype=np.float32).reshape(2, 2, 2))), x)[0]
    half = tf.image.per_image_standardization(tf.constant(np.arange(4, dtype=np.float16).reshape(2, 2, 1)))
    sess = tf.Session()
    return {"g": sess.run(g), "half": sess.run(half), "half_dtype": half.dtype.name,
            "rank2": catch(tf.image.per_image_standardization, tf.ones([2, 2])),
            "int": sess.run(tf.image.per_image_standardization(tf.constant([[[1], [3]]], tf.int32)))}
