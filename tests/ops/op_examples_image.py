"""Examples for the image, CTC and py_function ops (see op_examples.py)."""
import io

import numpy as np

from op_examples import F23, IMG, Built, builder, grads, plain

EXAMPLES = {}

_U8 = (np.arange(4 * 5 * 3) * 4 % 256).astype(np.uint8).reshape(4, 5, 3)


def _png_bytes():
    import tfsess as tf
    with tf.Graph().as_default():
        return tf.Session().run(tf.image.encode_png(_U8))


def _jpeg_bytes():
    from PIL import Image
    out = io.BytesIO()
    Image.fromarray(_U8).save(out, format="JPEG", quality=95)
    return out.getvalue()


# ------------------------------------------------------------------ resizing and its gradients
EXAMPLES["ResizeBilinear"] = plain(lambda tf, x: tf.image.resize_bilinear(x, [3, 5]), IMG, variants=False)
EXAMPLES["ResizeNearestNeighbor"] = plain(lambda tf, x: tf.image.resize_nearest_neighbor(x, [6, 3]), IMG)
EXAMPLES["ResizeBicubic"] = plain(lambda tf, x: tf.image.resize_bicubic(x, [5, 5]), IMG, variants=False)
EXAMPLES["ResizeArea"] = plain(lambda tf, x: tf.image.resize_area(x, [2, 3]), IMG, variants=False)


def _resize_grad(method):
    def build(tf, tmp):
        x = tf.constant(IMG)
        return grads(tf, method(tf)(x, [3, 5]), [x])
    return builder(build)


EXAMPLES["ResizeBilinearGrad"] = _resize_grad(lambda tf: tf.image.resize_bilinear)
EXAMPLES["ResizeBicubicGrad"] = _resize_grad(lambda tf: tf.image.resize_bicubic)
EXAMPLES["ResizeNearestNeighborGrad"] = _resize_grad(lambda tf: tf.image.resize_nearest_neighbor)
EXAMPLES["ScaleAndTranslate"] = plain(lambda tf, x: tf.compat.v2.image.resize(x, [3, 5], method="lanczos3"), IMG,
                                      variants=False)
EXAMPLES["ScaleAndTranslateGrad"] = _resize_grad(
    lambda tf: lambda x, size: tf.compat.v2.image.resize(x, size, method="mitchellcubic", antialias=True))

# ------------------------------------------------------------------ codecs (string scalars in and out)
EXAMPLES["EncodePng"] = plain(lambda tf, x: tf.image.encode_png(x), _U8, partial=False)
EXAMPLES["EncodeJpeg"] = plain(lambda tf, x: tf.image.encode_jpeg(x), _U8, partial=False)
EXAMPLES["DecodePng"] = builder(lambda tf, tmp: Built(fetch=[tf.image.decode_png(tf.constant(_png_bytes()),
                                                                                 channels=3)]))
EXAMPLES["DecodeJpeg"] = builder(lambda tf, tmp: Built(fetch=[tf.image.decode_jpeg(tf.constant(_jpeg_bytes()))]))
EXAMPLES["DecodeImage"] = builder(lambda tf, tmp: Built(fetch=[tf.image.decode_image(tf.constant(_png_bytes()))]))

# ------------------------------------------------------------------ CTC
_LOGITS = np.log(np.array([[[0.6, 0.3, 0.1]], [[0.2, 0.7, 0.1]], [[0.1, 0.2, 0.7]]], np.float32))


def _ctc_labels(tf):
    return tf.SparseTensor([[0, 0], [0, 1]], tf.constant([0, 1], tf.int32), [1, 2])


EXAMPLES["CTCLoss"] = builder(lambda tf, tmp: Built(fetch=[tf.nn.ctc_loss(_ctc_labels(tf), tf.constant(_LOGITS),
                                                                          [3])]))
def _greedy(tf, tmp):
    (decoded,), log_probability = tf.nn.ctc_greedy_decoder(tf.constant(_LOGITS), [3])
    return Built(fetch=[decoded.indices, decoded.values, decoded.dense_shape, log_probability])


EXAMPLES["CTCGreedyDecoder"] = builder(_greedy)

# ------------------------------------------------------------------ py_function: outputs of unknown shape
EXAMPLES["EagerPyFunc"] = plain(lambda tf, x: tf.py_function(lambda t: t * 2.0, [x], tf.float32), F23,
                                variants=False)
