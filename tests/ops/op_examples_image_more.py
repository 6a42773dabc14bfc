"""Examples for non-max suppression, HSV, bounding-box, crop/patch and BMP/GIF/JPEG-header ops
(see op_examples.py)."""
import io

import numpy as np

from op_examples import IMG, Built, builder, grads, op, plain

EXAMPLES = {}

_BOXES = np.array([[0, 0, 1, 1], [0, 0.1, 1, 1.1], [0, -0.1, 1, 0.9], [0, 10, 1, 11], [0, 10.1, 1, 11.1]], np.float32)
_SCORES = np.array([0.9, 0.75, 0.6, 0.95, 0.5], np.float32)
_RGB = (np.arange(2 * 3 * 4 * 3).reshape(2, 3, 4, 3) % 7 / 6.0).astype(np.float32)
_U8 = (np.arange(4 * 5 * 3) * 4 % 256).astype(np.uint8).reshape(4, 5, 3)


def _encoded(fmt, **options):
    from PIL import Image
    out = io.BytesIO()
    Image.fromarray(_U8).save(out, format=fmt, **options)
    return out.getvalue()


# ------------------------------------------------------------------ non-max suppression
EXAMPLES["NonMaxSuppressionV3"] = plain(lambda tf, b, s: tf.image.non_max_suppression(b, s, 3, 0.5), _BOXES, _SCORES,
                                        variants=False)
EXAMPLES["NonMaxSuppressionV4"] = plain(
    lambda tf, b, s: list(tf.image.non_max_suppression_padded(b, s, 4, pad_to_max_output_size=True)), _BOXES, _SCORES,
    variants=False)
EXAMPLES["NonMaxSuppressionV5"] = plain(
    lambda tf, b, s: list(tf.image.non_max_suppression_with_scores(b, s, 4, 1.0, soft_nms_sigma=0.5)), _BOXES,
    _SCORES, variants=False)
EXAMPLES["NonMaxSuppressionWithOverlaps"] = plain(
    lambda tf, o, s: tf.image.non_max_suppression_overlaps(o, s, 3, 0.5),
    np.array([[1, 0.7, 0.1], [0.7, 1, 0.2], [0.1, 0.2, 1]], np.float32), np.array([0.9, 0.8, 0.7], np.float32),
    variants=False)
EXAMPLES["CombinedNonMaxSuppression"] = plain(
    lambda tf, b, s: list(tf.image.combined_non_max_suppression(b, s, 2, 3, 0.5, 0.1)),
    (_BOXES / 11)[None, :, None, :], np.stack([_SCORES, _SCORES[::-1]], axis=1)[None], variants=False)

# ------------------------------------------------------------------ colour
EXAMPLES["RGBToHSV"] = plain(lambda tf, x: tf.image.rgb_to_hsv(x), _RGB)
EXAMPLES["HSVToRGB"] = plain(lambda tf, x: tf.image.hsv_to_rgb(x), _RGB)
EXAMPLES["AdjustContrastv2"] = plain(lambda tf, x: tf.image.adjust_contrast(x, 0.5), _RGB, variants=False)
EXAMPLES["AdjustHue"] = plain(lambda tf, x: op("AdjustHue", [x, tf.constant(0.2)]).outputs[0], _RGB, variants=False)
EXAMPLES["AdjustSaturation"] = plain(lambda tf, x: op("AdjustSaturation", [x, tf.constant(0.5)]).outputs[0], _RGB,
                                     variants=False)

# ------------------------------------------------------------------ boxes
EXAMPLES["DrawBoundingBoxes"] = plain(lambda tf, x: tf.image.draw_bounding_boxes(x, [[[0.1, 0.2, 0.9, 0.7]]] * 2),
                                      _RGB, variants=False)
EXAMPLES["DrawBoundingBoxesV2"] = plain(
    lambda tf, x: tf.image.draw_bounding_boxes(x, [[[0.1, 0.2, 0.9, 0.7]]] * 2, colors=[[1.0, 0.5, 0.0]]), _RGB,
    variants=False)
EXAMPLES["SampleDistortedBoundingBoxV2"] = builder(lambda tf, tmp: Built(fetch=list(
    tf.image.sample_distorted_bounding_box([40, 60, 3], [[[0.1, 0.1, 0.5, 0.6]]], seed=3, seed2=4))))

# ------------------------------------------------------------------ crops and patches
_CROP_BOXES = np.array([[0, 0, 1, 1], [0.2, 0.1, 0.7, 0.9]], np.float32)
EXAMPLES["CropAndResize"] = plain(lambda tf, x: tf.image.crop_and_resize(x, _CROP_BOXES, [0, 1], [3, 2]), IMG,
                                  variants=False)


def _crop_grads(tf, tmp):
    x, boxes = tf.constant(IMG), tf.constant(_CROP_BOXES)
    return grads(tf, tf.image.crop_and_resize(x, boxes, [0, 1], [3, 2]), [x, boxes])


EXAMPLES["CropAndResizeGradImage"] = builder(_crop_grads)
EXAMPLES["CropAndResizeGradBoxes"] = builder(_crop_grads)
EXAMPLES["ExtractGlimpse"] = plain(lambda tf, x: tf.image.extract_glimpse(x, [2, 2], [[0.0, 0.0], [0.1, -0.1]]), IMG,
                                   variants=False)
EXAMPLES["ExtractImagePatches"] = plain(
    lambda tf, x: tf.image.extract_image_patches(x, [1, 2, 3, 1], [1, 2, 1, 1], [1, 1, 2, 1], "SAME"), IMG)

# ------------------------------------------------------------------ codecs
EXAMPLES["DecodeBmp"] = builder(lambda tf, tmp: Built(fetch=[tf.image.decode_bmp(tf.constant(_encoded("BMP")))]))
EXAMPLES["DecodeGif"] = builder(lambda tf, tmp: Built(fetch=[tf.image.decode_gif(tf.constant(_encoded("GIF")))]))
EXAMPLES["ExtractJpegShape"] = builder(lambda tf, tmp: Built(fetch=[
    tf.image.extract_jpeg_shape(tf.constant(_encoded("JPEG")))]))
EXAMPLES["DecodeAndCropJpeg"] = builder(lambda tf, tmp: Built(fetch=[
    tf.image.decode_and_crop_jpeg(tf.constant(_encoded("JPEG")), [1, 1, 2, 3])]))
EXAMPLES["EncodeJpegVariableQuality"] = plain(
    lambda tf, x: op("EncodeJpegVariableQuality", [x, tf.constant(50)]).outputs[0], _U8, partial=False)
# a 2x3 RGB JPEG XL image (lossless; written by imagecodecs)
_JXL = bytes.fromhex("ff0a0840100908040100a0004b188b15525cf39b0a4af9e470fac88ead76813000a09c3c7d7710fd998f86d350da68ad19302b09")
EXAMPLES["DecodeJxl"] = builder(lambda tf, tmp: Built(fetch=[tf.io.decode_jxl(tf.constant(_JXL))]))
