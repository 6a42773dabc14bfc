"""sort/argsort (stable, direction, axis, dtypes, errors) and tf.image functions: adjust_*,
rgb_to_hsv/yuv/yiq, total_variation, psnr/ssim, image_gradients, sobel_edges, resize with
preserve_aspect_ratio/antialias, crop_and_resize, extract_glimpse, non_max_suppression variants,
draw_bounding_boxes and seeded random_* shapes."""
import numpy as np

from _harness import catch, message_has


def _img(shape, seed=0):
    return np.random.RandomState(seed).uniform(0.0, 1.0, shape).astype(np.float32)


def case_x_msweep_sort_dtypes_axes_errors(tf):
    x = np.array([[3, 1, 2, 1], [0, -5, 7, 7]], np.int64)
    f = np.array([[0.5, -np.inf, np.inf, 2.0], [1.0, 1.0, -0.0, 0.0]], np.float32)
    sess = tf.Session()
    out = {"int64": sess.run([tf.sort(x), tf.sort(x, direction="DESCENDING"), tf.sort(x, axis=0),
                              tf.argsort(x, stable=True), tf.argsort(x, direction="DESCENDING", stable=True),
                              tf.argsort(x, axis=0, direction="DESCENDING", stable=True)]),
           "u8": sess.run(tf.sort(tf.constant([3, 250, 1], tf.uint8), direction="DESCENDING")),
           "f16": sess.run(tf.sort(tf.constant([1.5, -2.0, 0.25], tf.float16))),
           "f64_axis_neg": sess.run(tf.sort(tf.constant([[3.0, 1.0], [2.0, 5.0]], tf.float64), axis=-2)),
           "float_asc": sess.run(tf.argsort(f[0], stable=True)),
           "zeros": sess.run(tf.argsort(f[1], stable=True)),
           "argsort_dtype": tf.argsort(x).dtype.name,
           "names": [tf.sort(x).op.name, tf.argsort(x).op.name, tf.sort(x, name="s").op.type],
           "scalar": catch(tf.sort, tf.constant(3)),
           "bad_axis": catch(tf.sort, x, axis=2),
           "bad_dir": message_has(lambda: tf.argsort(x, direction="UP"), "UP", "ASCENDING", "DESCENDING"),
           "string": catch(tf.sort, tf.constant(["b", "a"])),
           "bool": catch(tf.sort, tf.constant([True, False])),
           "axis_tensor": catch(tf.sort, x, axis=tf.constant(1))}
    p = tf.placeholder(tf.float32, [None, None])
    s = tf.sort(p, axis=0)
    out["unknown"] = [s.shape.as_list(), sess.run(s, {p: [[2.0, 1.0], [1.0, 3.0]]}).tolist()]
    return out


def case_x_msweep_adjust_ops(tf):
    img = _img([2, 3, 4, 3])
    u8 = (img * 255).astype(np.uint8)
    sess = tf.Session()
    ops = [tf.image.adjust_brightness(img, 0.2), tf.image.adjust_brightness(u8, 0.1),
           tf.image.adjust_contrast(img, 1.7), tf.image.adjust_contrast(u8, 0.5),
           tf.image.adjust_gamma(img, 2.0, 0.5), tf.image.adjust_gamma(u8, 0.5),
           tf.image.adjust_hue(img, 0.3), tf.image.adjust_hue(u8, -0.2),
           tf.image.adjust_saturation(img, 1.8), tf.image.adjust_saturation(u8, 0.3),
           tf.image.adjust_jpeg_quality(u8[0], 50).shape.as_list() if False else tf.image.grayscale_to_rgb(tf.image.rgb_to_grayscale(img))]
    vals = sess.run(ops)
    return {"vals": [np.round(v.astype(np.float64), 4) for v in vals], "dtypes": [o.dtype.name for o in ops],
            "gamma_neg": catch(lambda: sess.run(tf.image.adjust_gamma(img, -1.0))),
            "gamma_tensor_neg": catch(lambda: sess.run(tf.image.adjust_gamma(img, tf.constant(-1.0)))),
            "gamma_tensor": sess.run(tf.image.adjust_gamma(u8, tf.constant(2.0), 0.5)),
            "hue_range": catch(tf.image.adjust_hue, img, 1.5),
            "bad_channels": [catch(lambda: sess.run(tf.image.adjust_hue(_img([4, 4, 2]), 0.1))),
                             catch(lambda: sess.run(tf.image.adjust_saturation(_img([4, 4, 2]), 0.1))),
                             catch(lambda: tf.image.adjust_hue(_img([4, 2]), 0.1))],
            "names": [o.op.name for o in ops]}


def case_x_msweep_color_spaces(tf):
    img = _img([2, 5, 3])
    sess = tf.Session()
    ops = [tf.image.rgb_to_hsv(img), tf.image.hsv_to_rgb(tf.image.rgb_to_hsv(img)), tf.image.rgb_to_yuv(img),
           tf.image.yuv_to_rgb(tf.image.rgb_to_yuv(img)), tf.image.rgb_to_yiq(img),
           tf.image.yiq_to_rgb(tf.image.rgb_to_yiq(img)), tf.image.rgb_to_grayscale(img),
           tf.image.rgb_to_hsv(tf.constant(img, tf.float64)),
           tf.image.rgb_to_hsv(tf.constant([[[0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [1.0, 0.0, 0.0], [0.2, 0.8, 0.8]]]))]
    return {"vals": sess.run(ops), "dtypes": [o.dtype.name for o in ops], "shapes": [o.shape.as_list() for o in ops],
            "int_hsv": catch(tf.image.rgb_to_hsv, tf.constant([[[1, 2, 3]]])),
            "int_yuv": catch(tf.image.rgb_to_yuv, tf.constant([[[1, 2, 3]]])),
            "bad_chan": catch(tf.image.rgb_to_yiq, _img([2, 2, 4]))}


def case_x_msweep_quality_metrics(tf):
    a = _img([2, 16, 16, 3], 1)
    b = np.clip(a + _img([2, 16, 16, 3], 2) * 0.1, 0, 1).astype(np.float32)
    sess = tf.Session()
    ops = [tf.image.total_variation(tf.constant(a)), tf.image.total_variation(tf.constant(a[0])), tf.image.psnr(a, b, max_val=1.0),
           tf.image.psnr((a * 255).astype(np.uint8), (b * 255).astype(np.uint8), max_val=255),
           tf.image.ssim(a, b, max_val=1.0), tf.image.ssim(a, b, 1.0, filter_size=5, filter_sigma=1.0, k1=0.02),
           tf.image.ssim_multiscale(np.tile(a, [1, 2, 2, 1]), np.tile(b, [1, 2, 2, 1]), 1.0,
                                    power_factors=(0.5, 0.5)),
           tf.image.psnr(a, a, 1.0)]
    vals = sess.run(ops)
    return {"vals": vals, "dtypes": [o.dtype.name for o in ops], "shapes": [o.shape.as_list() for o in ops],
            "names": [o.op.name for o in ops],
            "psnr_mismatch": catch(tf.image.psnr, a, b[:, :8], 1.0),
            "tv_rank": catch(tf.image.total_variation, tf.constant(a[0, 0])),
            "tv_array": catch(tf.image.total_variation, a)}


def case_x_msweep_gradients_sobel(tf):
    img = tf.constant(_img([1, 4, 5, 2]))
    sess = tf.Session()
    dy, dx = tf.image.image_gradients(img)
    sob = tf.image.sobel_edges(img)
    return {"vals": sess.run([dy, dx, sob]), "shapes": [dy.shape.as_list(), sob.shape.as_list()],
            "rank3": catch(tf.image.image_gradients, img[0]),
            "arrays": [catch(tf.image.image_gradients, _img([1, 2, 2, 1])), catch(tf.image.sobel_edges, _img([1, 2, 2, 1]))],
            "int": sess.run(tf.image.image_gradients(tf.constant([[[[1], [4]], [[2], [9]]]]))[1])}


def case_x_msweep_resize_methods_and_aspect(tf):
    img = _img([1, 6, 9, 1])
    sess = tf.Session()
    ops = [tf.image.resize(img, [4, 4], preserve_aspect_ratio=True),
           tf.image.resize(img, [12, 4], preserve_aspect_ratio=True, method="nearest"),
           tf.image.resize(img, [3, 4], method="bicubic"),
           tf.image.resize(img, [3, 4], method="area"),
           tf.image.resize(img, [3, 4], method=tf.image.ResizeMethod.AREA),
           tf.image.resize(img, [12, 18], method=1, align_corners=True),
           tf.image.resize(img, [6, 9], method="nearest"),
           tf.image.resize_images(img[0], [4, 4], preserve_aspect_ratio=True),
           tf.image.resize_image_with_pad(img, 5, 5), tf.image.resize_with_crop_or_pad(img, 4, 11)]
    vals = sess.run(ops)
    p = tf.placeholder(tf.int32, [2])
    dyn = tf.image.resize(img, p)
    return {"vals": [np.round(v.astype(np.float64), 5) for v in vals], "shapes": [o.shape.as_list() for o in ops],
            "dtypes": [o.dtype.name for o in ops], "op_types": [o.op.type for o in ops],
            "dyn": [dyn.shape.as_list(), sess.run(dyn, {p: [2, 3]}).shape, catch(sess.run, dyn, {p: [0, 3]})],
            "bad_method": message_has(lambda: tf.image.resize(img, [2, 2], method="foo"), "Resize method is not implemented", "foo"),
            "v2_only_method": catch(tf.image.resize, img, [2, 2], method="lanczos3"),
            "same_size_bad_method": catch(lambda: tf.image.resize(img, [6, 9], method="foo").op.type),
            "antialias": catch(tf.image.resize, img, [2, 2], antialias=True),
            "minus_one": catch(lambda: tf.image.resize(img, [-1, 2]).shape.as_list()),
            "minus_one_run": catch(lambda: sess.run(tf.image.resize(img, [-1, 2]))),
            "size_rank": catch(tf.image.resize, img, [2, 2, 2])}


def case_x_msweep_crop_and_resize_glimpse(tf):
    img = np.arange(2 * 5 * 6 * 2, dtype=np.float32).reshape([2, 5, 6, 2])
    boxes = np.array([[0.0, 0.0, 1.0, 1.0], [0.2, 0.1, 0.7, 0.9], [0.5, 0.5, 1.2, -0.1]], np.float32)
    sess = tf.Session()
    ops = [tf.image.crop_and_resize(img, boxes, [0, 1, 0], [3, 4]),
           tf.image.crop_and_resize(img, boxes, [1, 1, 0], [2, 2], method="nearest", extrapolation_value=-1.0),
           tf.image.extract_glimpse(img, [3, 3], [[0.0, 0.0], [0.5, -0.5]]),
           tf.image.extract_glimpse(img, [2, 4], [[1.0, 2.0], [3.0, 2.5]], centered=False, normalized=False,
                                    uniform_noise=False),
           tf.image.extract_glimpse(img, [3, 3], [[0.0, 0.0], [0.2, 0.1]], uniform_noise=False)]
    return {"vals": sess.run(ops), "shapes": [o.shape.as_list() for o in ops],
            "bad_index": catch(lambda: sess.run(tf.image.crop_and_resize(img, boxes, [0, 2, 0], [2, 2]))),
            "bad_box_shape": catch(tf.image.crop_and_resize, img, boxes[:, :3], [0, 0, 0], [2, 2]),
            "bad_crop": catch(tf.image.crop_and_resize, img, boxes, [0, 0, 0], [0, 2]),
            "bad_crop_len": catch(tf.image.crop_and_resize, img, boxes, [0, 0, 0], [2, 2, 2]),
            "zero_crop_run": catch(lambda: sess.run(tf.image.crop_and_resize(img, boxes, [0, 0, 0], [0, 2])))}


def case_x_msweep_nms_variants(tf):
    boxes = np.array([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11], [0, 10.1, 1, 11.1],
                      [0, 100, 1, 101]], np.float32)
    scores = np.array([0.9, 0.75, 0.6, 0.95, 0.5, 0.3], np.float32)
    sess = tf.Session()
    sel = tf.image.non_max_suppression(boxes, scores, 3, iou_threshold=0.5)
    sel_t = tf.image.non_max_suppression(boxes, scores, 6, iou_threshold=0.5, score_threshold=0.55)
    pad = tf.image.non_max_suppression_padded(boxes, scores, 5, iou_threshold=0.5, pad_to_max_output_size=True)
    soft = tf.image.non_max_suppression_with_scores(boxes, scores, 6, iou_threshold=1.0, soft_nms_sigma=0.5)
    ov = tf.image.non_max_suppression_overlaps(np.eye(4, dtype=np.float32) + 0.3, scores[:4], 4, overlap_threshold=0.5)
    out = {"vals": sess.run([sel, sel_t, pad[0], pad[1], soft[0], soft[1], ov]),
           "dtypes": [sel.dtype.name, soft[1].dtype.name, pad[1].dtype.name],
           "shapes": [sel.shape.as_list(), pad[0].shape.as_list()],
           "bad_iou": catch(lambda: sess.run(tf.image.non_max_suppression(boxes, scores, 3, iou_threshold=1.5))),
           "bad_scores": catch(tf.image.non_max_suppression, boxes, scores[:3], 3),
           "neg_max": catch(lambda: sess.run(tf.image.non_max_suppression(boxes, scores, -1)))}
    return out


def case_x_msweep_draw_boxes_and_random_shapes(tf):
    img = np.zeros([1, 6, 6, 3], np.float32)
    boxes = np.array([[[0.1, 0.1, 0.6, 0.6], [0.5, 0.0, 1.0, 0.4]]], np.float32)
    sess = tf.Session()
    drawn = tf.image.draw_bounding_boxes(img, boxes, colors=np.array([[1, 0, 0, 1], [0, 0.5, 1, 1]], np.float32))
    plain = tf.image.draw_bounding_boxes(np.zeros([1, 4, 4, 1], np.float32), boxes)
    x = tf.constant(_img([4, 5, 3]))
    rs = [tf.image.random_flip_left_right(x, seed=3), tf.image.random_flip_up_down(x, seed=4),
          tf.image.random_brightness(x, 0.2, seed=1), tf.image.random_contrast(x, 0.5, 1.5, seed=2),
          tf.image.random_hue(x, 0.2, seed=5), tf.image.random_saturation(x, 0.5, 1.5, seed=6),
          tf.image.random_crop(x, [2, 3, 3], seed=7), tf.image.random_jpeg_quality(tf.cast(x * 255, tf.uint8), 30, 90, seed=8)]
    return {"drawn": sess.run(drawn), "plain": sess.run(plain),
            "shapes": [r.shape.as_list() for r in rs], "dtypes": [r.dtype.name for r in rs],
            "bad_contrast": catch(tf.image.random_contrast, x, 1.5, 0.5),
            "bad_hue": catch(tf.image.random_hue, x, 0.6),
            "bad_sat": catch(tf.image.random_saturation, x, -1.0, 0.5),
            "bad_brightness": catch(tf.image.random_brightness, x, -0.1),
            "bad_crop": catch(lambda: sess.run(tf.image.random_crop(x, [5, 5, 3]))),
            "bad_jpeg": catch(tf.image.random_jpeg_quality, x, 50, 40)}
