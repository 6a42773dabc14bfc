"""More tf.image probes: non-max suppression (hard, soft, padded, overlaps, combined), HSV and
hue/saturation, bounding boxes (drawn and sampled), crop_and_resize and its gradients, glimpses,
image patches, SSIM / MS-SSIM / gradients / Sobel, and the BMP, GIF and JPEG-header codecs."""
import base64
import struct

import numpy as np

from _harness import catch, message_has


def _img(h, w, c=3, dtype=np.float32):
    return (np.arange(h * w * c).reshape(h, w, c) % 7 / 6.0).astype(dtype)


def _noise(shape, seed=0):
    return np.random.RandomState(seed).rand(*shape).astype(np.float32)


_BOXES = [[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11], [0, 10.1, 1, 11.1], [0, 100, 1, 101]]
_SCORES = [0.9, 0.75, 0.6, 0.95, 0.5, 0.3]


# ------------------------------------------------------------------ non-max suppression
def case_x_misc_image_non_max_suppression(tf):
    boxes = tf.constant([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11],
                         [0, 10.1, 1, 11.1], [0, 100, 1, 101]], tf.float32)
    scores = tf.constant([0.9, 0.75, 0.6, 0.95, 0.5, 0.3])
    sess = tf.Session()
    return {"sel": sess.run(tf.image.non_max_suppression(boxes, scores, 3, iou_threshold=0.5)),
            "sel_score": sess.run(tf.image.non_max_suppression(boxes, scores, 6, 0.5, score_threshold=0.4)),
            "iou": sess.run(tf.image.draw_bounding_boxes(tf.zeros([1, 4, 4, 3]), [[[0.0, 0.0, 0.5, 0.5]]]))[0, :, :, 0]}


def case_x_misc_image_nms_soft_and_padded(tf):
    boxes, scores = tf.constant(_BOXES, tf.float32), tf.constant(_SCORES)
    soft = tf.image.non_max_suppression_with_scores(boxes, scores, 6, 1.0, 0.0, soft_nms_sigma=0.5)
    soft_threshold = tf.image.non_max_suppression_with_scores(boxes, scores, 6, 0.5, 0.35, soft_nms_sigma=0.3)
    padded = tf.image.non_max_suppression_padded(boxes, scores, 5, pad_to_max_output_size=True)
    unpadded = tf.image.non_max_suppression_padded(boxes, scores, 5)
    batch = tf.image.non_max_suppression_padded(tf.stack([boxes, boxes * 2]), tf.stack([scores, scores[::-1]]), 4,
                                                pad_to_max_output_size=True, score_threshold=0.4)
    sess = tf.Session()
    return {"soft": sess.run(soft), "soft_threshold": sess.run(soft_threshold), "padded": sess.run(padded),
            "unpadded": sess.run(unpadded), "batch": sess.run(batch),
            "shapes": [t.shape.as_list() for t in (soft[0], soft[1], padded[0], padded[1], batch[0], batch[1])],
            "batched_unpadded": catch(tf.image.non_max_suppression_padded, tf.stack([boxes, boxes]),
                                      tf.stack([scores, scores]), 3)}


def case_x_misc_image_nms_overlaps_and_combined(tf):
    overlaps = tf.constant(_noise([6, 6]))
    scores = tf.constant(_SCORES)
    boxes = tf.constant(_noise([2, 5, 1, 4], 1))
    class_scores = tf.constant(_noise([2, 5, 3], 2))
    boxes_per_class = tf.constant(_noise([2, 5, 3, 4], 3) * 1.4 - 0.2)
    combined = tf.image.combined_non_max_suppression(boxes, class_scores, 2, 4, 0.5, 0.1)
    per_class = tf.image.combined_non_max_suppression(boxes, class_scores, 2, 10, 0.5, 0.1, pad_per_class=True)
    unclipped = tf.image.combined_non_max_suppression(boxes_per_class, class_scores, 3, 5, 0.3, 0.2,
                                                      clip_boxes=False)
    clipped = tf.image.combined_non_max_suppression(boxes_per_class, class_scores, 3, 5, 0.3, 0.2)
    sess = tf.Session()
    return {"overlaps": sess.run(tf.image.non_max_suppression_overlaps(overlaps, scores, 4, 0.5)),
            "overlaps_score": sess.run(tf.image.non_max_suppression_overlaps(overlaps, scores, 6, 0.7, 0.55)),
            "combined": sess.run(list(combined)), "per_class": sess.run(list(per_class)),
            "unclipped": sess.run(list(unclipped)), "clipped": sess.run(list(clipped)),
            "shapes": [t.shape.as_list() for t in list(combined) + list(per_class)]}


def case_x_misc_image_nms_errors(tf):
    boxes, scores = tf.constant(_BOXES, tf.float32), tf.constant(_SCORES)
    sess = tf.Session()
    return {"iou_range": catch(lambda: sess.run(tf.image.non_max_suppression(boxes, scores, 3, 1.5))),
            "negative_size": catch(lambda: sess.run(tf.image.non_max_suppression(boxes, scores, -1))),
            "box_columns": catch(tf.image.non_max_suppression, boxes[:, :3], scores, 3),
            "score_count": catch(tf.image.non_max_suppression, boxes, scores[:3], 3),
            "sigma": catch(lambda: sess.run(tf.image.non_max_suppression_with_scores(boxes, scores, 3,
                                                                                     soft_nms_sigma=-1.0))),
            "still_runs": sess.run(tf.image.non_max_suppression(boxes, scores, 2)),
            "unknown_size": tf.image.non_max_suppression(boxes, scores, tf.placeholder(tf.int32, [])).shape.as_list()}


# ------------------------------------------------------------------ colour
def case_x_misc_image_hsv_crop_and_resize_ssim(tf):
    x = tf.constant(_img(2, 3))
    sess = tf.Session()
    return {"hsv": sess.run(tf.image.rgb_to_hsv(x)),
            "rgb": sess.run(tf.image.hsv_to_rgb(tf.image.rgb_to_hsv(x))),
            "saturation": sess.run(tf.image.adjust_saturation(x, 0.5)),
            "hue": sess.run(tf.image.adjust_hue(x, 0.1)),
            "crop_and_resize": sess.run(tf.image.crop_and_resize(
                tf.constant(_img(5, 6))[None], [[0.0, 0.0, 1.0, 1.0], [0.2, 0.1, 0.7, 0.9]], [0, 0], [2, 3])),
            "ssim_shape": tf.image.ssim(tf.constant(_img(16, 16)[None]), tf.constant(_img(16, 16)[None]),
                                        max_val=1.0).shape.as_list()}


def case_x_misc_image_hue_saturation_more(tf):
    x = _noise([2, 4, 5, 3], 4)
    x[0, 0, :3] = [[0.5, 0.5, 0.5], [0.2, 0.5, 0.5], [0.0, 0.0, 0.0]]
    t = tf.constant(x)
    u8 = tf.constant((x * 255).astype(np.uint8))
    weights = tf.constant(_noise([2, 4, 5, 3], 5))
    grad = tf.gradients(tf.reduce_sum(tf.image.rgb_to_hsv(t) * weights), t)[0]
    sess = tf.Session()
    out = {f"hue_{d}": sess.run(tf.image.adjust_hue(t, d)) for d in (-0.9, -0.3, 0.45, 1.0)}
    out.update({f"sat_{f}": sess.run(tf.image.adjust_saturation(t, f)) for f in (0.0, 1.7, 5.0)})
    out.update({"hue_u8": sess.run(tf.image.adjust_hue(u8, 0.2)), "sat_u8": sess.run(tf.image.adjust_saturation(u8, 0.3)),
                "hsv64": sess.run(tf.image.rgb_to_hsv(tf.constant(x.astype(np.float64)))),
                "hsv_to_rgb": sess.run(tf.image.hsv_to_rgb(t)), "grad": sess.run(grad),
                "random_hue": sess.run(tf.image.random_hue(t, 0.2, seed=1)).shape,
                "random_saturation": sess.run(tf.image.random_saturation(u8, 0.5, 1.5, seed=1)).dtype.name,
                "hue_too_big": catch(tf.image.random_hue, t, 0.6),
                "hue_negative": catch(tf.image.random_hue, t, -0.1),
                "saturation_range": catch(tf.image.random_saturation, t, 1.0, 0.5),
                "saturation_negative": catch(tf.image.random_saturation, t, -1.0, 0.5),
                "channels": catch(tf.image.rgb_to_hsv, tf.zeros([2, 2, 4])),
                "static": [tf.image.rgb_to_hsv(tf.placeholder(tf.float32, [None, 3])).shape.as_list(),
                           tf.image.adjust_hue(u8, 0.1).dtype.name]})
    return out


# ------------------------------------------------------------------ bounding boxes
def case_x_misc_image_draw_bounding_boxes(tf):
    boxes = [[[0.1, 0.2, 0.9, 0.7], [-0.5, 0.5, 0.5, 1.5], [0.6, 0.6, 0.2, 0.9]]]
    sess = tf.Session()
    return {"default": sess.run(tf.image.draw_bounding_boxes(tf.zeros([1, 5, 6, 3]), boxes)),
            "colors": sess.run(tf.image.draw_bounding_boxes(tf.zeros([1, 5, 6, 3]), boxes,
                                                            colors=[[0.5, 0.25, 1.0], [0.0, 1.0, 0.0]])),
            "gray": sess.run(tf.image.draw_bounding_boxes(tf.ones([2, 4, 4, 1]), [[[0, 0, 1, 1]], [[0.3, 0.3, 0.6, 0.9]]])),
            "rgba": sess.run(tf.image.draw_bounding_boxes(tf.zeros([1, 4, 5, 4], tf.float16), [[[0, 0, 0.5, 0.5]] * 12])),
            "depth2": catch(tf.image.draw_bounding_boxes, tf.zeros([1, 5, 6, 2]), boxes),
            "names": [tf.image.draw_bounding_boxes(tf.zeros([1, 3, 3, 3]), boxes).op.type,
                      tf.image.draw_bounding_boxes(tf.zeros([1, 3, 3, 3]), boxes, colors=[[1.0, 0, 0]]).op.type]}


def case_x_misc_image_sample_distorted_bounding_box(tf):
    begin, size, bbox = tf.image.sample_distorted_bounding_box([40, 60, 3], [[[0.1, 0.1, 0.5, 0.6]]], seed=3,
                                                               min_object_covered=0.2, area_range=(0.2, 0.8),
                                                               aspect_ratio_range=(0.5, 2.0))
    sess = tf.Session()
    checks = []
    for _ in range(20):
        b, s, bb = sess.run([begin, size, bbox])
        area = s[0] * s[1] / 2400.0
        inter = max(min(b[0] + s[0], 20) - max(b[0], 4), 0) * max(min(b[1] + s[1], 36) - max(b[1], 6), 0)
        checks.append(bool(b[0] >= 0 and b[1] >= 0 and b[0] + s[0] <= 40 and b[1] + s[1] <= 60 and b[2] == 0
                           and s[2] == -1 and 0.2 <= area <= 0.8 and inter / (16 * 30) >= 0.2
                           and np.allclose(bb[0, 0], [b[0] / 40, b[1] / 60, (b[0] + s[0]) / 40, (b[1] + s[1]) / 60])))
    whole = tf.image.sample_distorted_bounding_box(tf.constant([40, 60, 3], tf.int64), tf.zeros([0, 0, 4]), seed=3,
                                                   use_image_if_no_bounding_boxes=True, area_range=(0.99, 1.0),
                                                   aspect_ratio_range=(5, 6))
    return {"checks": checks, "static": [t.shape.as_list() for t in (begin, size, bbox)],
            "dtypes": [t.dtype.name for t in whole], "whole": sess.run(list(whole)),
            "no_boxes": catch(lambda: sess.run(tf.image.sample_distorted_bounding_box([40, 60, 3],
                                                                                      tf.zeros([0, 0, 4]))))}


# ------------------------------------------------------------------ crops, glimpses, patches
def case_x_misc_image_crop_and_resize_more(tf):
    image = tf.constant(_noise([2, 6, 7, 3], 6))
    boxes = tf.constant([[0, 0, 1, 1], [0.2, 0.1, 0.7, 0.9], [-0.3, 0.2, 1.4, 0.8], [0.9, 0.8, 0.1, 0.2],
                         [0.3, 0.3, 0.6, 0.6]], tf.float32)
    box_ind = tf.constant([0, 1, 0, 1, 1])
    weights = tf.constant(_noise([5, 4, 5, 3], 7))
    out = {}
    sess = tf.Session()
    for method in ("bilinear", "nearest"):
        crops = tf.image.crop_and_resize(image, boxes, box_ind, [4, 5], method=method, extrapolation_value=-1.0)
        d_image, d_boxes = tf.gradients(tf.reduce_sum(crops * weights), [image, boxes])
        out[method] = sess.run([crops, d_image, d_boxes])
    single = tf.image.crop_and_resize(image, boxes, box_ind, [1, 3])
    out["single"] = sess.run([single] + tf.gradients(tf.reduce_sum(single), [image, boxes]))
    out["uint8"] = sess.run(tf.image.crop_and_resize(tf.constant((_noise([1, 4, 4, 1]) * 255).astype(np.uint8)),
                                                     [[0.1, 0.1, 0.9, 0.9]], [0], [3, 3]))
    out["box_indices_kw"] = sess.run(tf.image.crop_and_resize(image, [[0, 0, 0.5, 0.5]], crop_size=[2, 2],
                                                              box_indices=[1]))
    out["static"] = tf.image.crop_and_resize(image, boxes, box_ind, [4, 5]).shape.as_list()
    out["bad_index"] = catch(lambda: sess.run(tf.image.crop_and_resize(image, boxes, [0, 1, 2, 0, 0], [2, 2])))
    out["mismatch"] = catch(tf.image.crop_and_resize, image, boxes, [0, 1], [2, 2])
    return out


def case_x_misc_image_glimpse_and_patches(tf):
    image = tf.constant(_noise([2, 6, 7, 3], 8))
    sess = tf.Session()
    out = {"glimpse": sess.run(tf.image.extract_glimpse(image, [3, 4], [[0.0, 0.0], [0.2, -0.3]])),
           "glimpse_pixels": sess.run(tf.image.extract_glimpse(image, [2, 3], [[1.0, 2.0], [3.0, 1.0]],
                                                               centered=False, normalized=False)),
           "glimpse_static": tf.image.extract_glimpse(image, [3, 4], [[0.0, 0.0], [0.2, -0.3]]).shape.as_list()}
    configs = [([1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], "VALID"), ([1, 3, 2, 1], [1, 2, 3, 1], [1, 1, 1, 1], "SAME"),
               ([1, 2, 3, 1], [1, 2, 1, 1], [1, 2, 2, 1], "SAME"), ([1, 2, 2, 1], [1, 3, 3, 1], [1, 2, 1, 1], "VALID")]
    for i, (sizes, strides, rates, padding) in enumerate(configs):
        patches = tf.image.extract_image_patches(image, sizes, strides, rates, padding)
        out[f"patches{i}"] = sess.run([patches, tf.gradients(tf.reduce_sum(patches * patches), image)[0]])
        out[f"static{i}"] = patches.shape.as_list()
    out["extract_patches"] = sess.run(tf.image.extract_patches(tf.constant(_img(4, 4)[None]), [1, 2, 2, 1],
                                                               [1, 2, 2, 1], [1, 1, 1, 1], "VALID"))
    out["int_patches"] = sess.run(tf.image.extract_image_patches(tf.constant(np.arange(16).reshape(1, 4, 4, 1)),
                                                                 [1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], "SAME"))
    out["bad_sizes"] = catch(lambda: sess.run(tf.image.extract_image_patches(image, [2, 2, 2, 1], [1, 1, 1, 1],
                                                                              [1, 1, 1, 1], "VALID")))
    out["bad_sizes_length"] = catch(tf.image.extract_image_patches, image, [2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1],
                                    "VALID")
    return out


def case_x_misc_image_ssim_gradients_sobel(tf):
    a = _noise([2, 32, 33, 3], 9)
    b = np.clip(a + np.random.RandomState(10).randn(*a.shape).astype(np.float32) * 0.1, 0, 1)
    ta, tb = tf.constant(a), tf.constant(b)
    dy, dx = tf.image.image_gradients(ta)
    sess = tf.Session()
    return {"ssim": sess.run(tf.image.ssim(ta, tb, 1.0)),
            "ssim_map": sess.run(tf.image.ssim(ta, tb, 1.0, filter_size=5, return_index_map=True)),
            "ssim_uint8": sess.run(tf.image.ssim((a * 255).astype(np.uint8), (b * 255).astype(np.uint8), 255)),
            "ms_ssim": sess.run(tf.image.ssim_multiscale(tf.constant(_noise([1, 180, 181, 1], 11)),
                                                         tf.constant(_noise([1, 180, 181, 1], 11) * 0.9 + 0.05), 1.0,
                                                         filter_size=7)),
            "ms_ssim_two": sess.run(tf.image.ssim_multiscale(ta, tb, 1.0, power_factors=(0.5, 0.5), filter_size=5)),
            "ssim_grad": sess.run(tf.gradients(tf.image.ssim(ta, tb, 1.0), ta)[0]),
            "dy": sess.run(dy), "dx": sess.run(dx), "sobel": sess.run(tf.image.sobel_edges(ta)),
            "static": [tf.image.ssim(ta, tb, 1.0).shape.as_list(), tf.image.sobel_edges(ta).shape.as_list()],
            "incompatible": catch(tf.image.ssim, ta, tf.zeros([2, 32, 30, 3]), 1.0),
            "gradients_rank": catch(tf.image.image_gradients, tf.zeros([3, 3, 1]))}


# ------------------------------------------------------------------ codecs
def _bmp(pixels, bits):
    """An uncompressed bottom-up BMP of uint8 RGB(A) pixels (24 or 32 bits)."""
    height, width, _ = pixels.shape
    depth = bits // 8
    stride = (width * depth + 3) // 4 * 4
    rows = b""
    for row in pixels[::-1]:
        data = row[:, [2, 1, 0, 3][:depth]].tobytes()
        rows += data + b"\0" * (stride - len(data))
    header = struct.pack("<IiiHHIIiiII", 40, width, height, 1, bits, 0, len(rows), 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 54 + len(rows), 0, 0, 54) + header + rows


_GIF = base64.b64decode(
    "R0lGODlhBwAFAIIAAJTjfi/NbbqSmSeOb6JOYSxAbZ0NuS4VmSH/C05FVFNDQVBFMi4wAwEAAAAh+QQACgAAACwAAAAABwAFAAAIJwABCAAQ"
    "AMABAQIGCAhgQAABAwQKGBxwoICBAAIKWCQwIMDDAQACAgAh+QQBCgAIACwAAAAABwAFAIKU434vzW26kpknjm+iTmEsQG2dDbkuFZkIJgAJ"
    "DAhAwMAAAAUMBBBQICGChxARCBggIIABAQQACAAQAMABAQEBADs=")


def case_x_misc_image_bmp_gif_jpeg_header(tf):
    pixels = (_noise([5, 7, 4], 13) * 255).astype(np.uint8)
    rgb, rgba = _bmp(pixels[:, :, :3], 24), _bmp(pixels, 32)
    sess = tf.Session()
    jpeg = sess.run(tf.image.encode_jpeg(tf.constant(pixels[:, :, :3])))
    gray_jpeg = sess.run(tf.image.encode_jpeg(tf.constant(pixels[:, :, :1])))
    out = {f"bmp{bits}_{c}": catch(lambda: sess.run(tf.image.decode_bmp(data, channels=c)))
           for bits, data in ((24, rgb), (32, rgba)) for c in (0, 3, 4)}
    crop = tf.image.decode_and_crop_jpeg(jpeg, [1, 2, 3, 4])
    out.update({"bmp_one_channel": catch(lambda: sess.run(tf.image.decode_bmp(rgb, channels=1))),
                "bmp_static": [tf.image.decode_bmp(rgb).shape.as_list(),
                               tf.image.decode_bmp(rgb, channels=3).shape.as_list()],
                "gif": sess.run(tf.image.decode_gif(_GIF)), "gif_static": tf.image.decode_gif(_GIF).shape.as_list(),
                "gif_not": catch(lambda: sess.run(tf.image.decode_gif(rgb))),
                "is_jpeg": sess.run([tf.image.is_jpeg(jpeg), tf.image.is_jpeg(rgb), tf.image.is_jpeg(_GIF)]),
                "jpeg_shape": sess.run([tf.image.extract_jpeg_shape(jpeg), tf.image.extract_jpeg_shape(gray_jpeg),
                                        tf.image.extract_jpeg_shape(jpeg, tf.int64)]),
                "jpeg_shape_not": message_has(lambda: sess.run(tf.image.extract_jpeg_shape(rgb)), "Invalid JPEG data"),
                "bmp_wrong_op": message_has(lambda: sess.run(tf.image.decode_bmp(jpeg)), "decode_jpeg", "DecodeBmp"),
                "crop_shape": [sess.run(crop).shape, crop.shape.as_list(),
                               sess.run(tf.image.decode_and_crop_jpeg(jpeg, [0, 0, 5, 7], channels=1)).shape],
                "crop_outside": catch(lambda: sess.run(tf.image.decode_and_crop_jpeg(jpeg, [3, 2, 3, 4]))),
                "quality": [(v.shape, v.dtype.name) for v in sess.run([
                    tf.image.adjust_jpeg_quality(pixels[:, :, :3], 50),
                    tf.image.adjust_jpeg_quality(pixels[:, :, :3].astype(np.float32) / 255, 80),
                    tf.image.random_jpeg_quality(pixels[:, :, :3], 20, 90, seed=1)])],
                "quality_static": tf.image.adjust_jpeg_quality(pixels[:, :, :3], 50).shape.as_list(),
                "quality_range": catch(tf.image.random_jpeg_quality, pixels[:, :, :3], 50, 120)})
    return out
