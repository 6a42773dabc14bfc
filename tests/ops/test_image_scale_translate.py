"""ScaleAndTranslate and tf.compat.v2.image.resize (values from TF 2.21)."""
import numpy as np
import pytest

import tfsess as tf


def _img():
    return tf.constant(np.arange(36, dtype=np.float32).reshape(1, 6, 6, 1))


def test_v2_resize_kernels_match_tf():
    r = tf.compat.v2.image.resize
    with tf.Graph().as_default(), tf.Session() as sess:
        img = _img()
        aa = sess.run(r(img, [3, 3], antialias=True))
        lanczos = sess.run(r(img, [4, 4], method="lanczos3"))
        nearest = r(tf.cast(img, tf.uint8), [4, 4], method=tf.compat.v2.image.ResizeMethod.NEAREST_NEIGHBOR)
        assert nearest.dtype == tf.uint8
        assert r(img, [6, 6]).op.type == "ResizeBilinear"  # TF2 resizes even to the same size
    np.testing.assert_allclose(aa.ravel(), [5.0, 6.785715, 8.57143, 15.714287, 17.5, 19.285717, 26.428576, 28.214289,
                                            30.000006], rtol=1e-5)
    np.testing.assert_allclose(lanczos.ravel()[:4], [0.9971843, 2.6451168, 4.064342, 5.7122746], rtol=1e-5)


def test_bad_method_kernel_and_namespace():
    with tf.Graph().as_default(), tf.Session() as sess:
        with pytest.raises(ValueError, match="not implemented: cubic"):
            tf.compat.v2.image.resize(_img(), [2, 2], method="cubic")
        from tfsess.ops import image_scale_translate
        bad = image_scale_translate.scale_and_translate(_img(), [2, 2], [0.5, 0.5], [0.0, 0.0], kernel_type="nope")
        with pytest.raises(tf.errors.InvalidArgumentError, match="Unrecognized kernel type: nope"):
            sess.run(bad)
    with pytest.raises(AttributeError, match="tf.compat.v2.image.flip_left_right is not in tfsess"):
        tf.compat.v2.image.flip_left_right


def test_gradient_is_the_transposed_map():
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.constant(np.random.RandomState(0).rand(1, 4, 3, 1).astype(np.float32))
        y = tf.compat.v2.image.resize(x, [2, 5], method="gaussian", antialias=True)
        w = tf.constant(np.random.RandomState(1).rand(1, 2, 5, 1).astype(np.float32))
        g = tf.gradients(tf.reduce_sum(y * w), x)[0]
        assert g.op.type == "ScaleAndTranslateGrad"
        # <resize(x), w> == <x, grad>: both sides of one linear map
        np.testing.assert_allclose(sess.run(tf.reduce_sum(y * w)), sess.run(tf.reduce_sum(x * g)), rtol=1e-5)


def test_colour_kernels_error_classes_and_grayscale_checks():
    # TF's kernels: RGBToHSV/HSVToRGB refuse 4 channels with FailedPrecondition, Adjust* with InvalidArgument
    with tf.Graph().as_default(), tf.Session() as sess:
        p = tf.placeholder(tf.float32, None)
        four = np.zeros([2, 2, 4], np.float32)
        with pytest.raises(tf.errors.FailedPreconditionError, match="only has 4 channels"):
            sess.run(tf.image.rgb_to_hsv(p), {p: four})
        with pytest.raises(tf.errors.InvalidArgumentError, match="instead has 4 channels"):
            sess.run(tf.image.adjust_hue(p, 0.1), {p: four})
        with pytest.raises(ValueError, match="Last dimension of a grayscale image should be size 1"):
            tf.image.grayscale_to_rgb(tf.zeros([2, 2, 3]))
        with pytest.raises(tf.errors.InvalidArgumentError, match="should be size 1"):
            sess.run(tf.image.grayscale_to_rgb(p), {p: np.zeros([2, 3], np.float32)})
        assert sess.run(tf.image.grayscale_to_rgb(p), {p: [[1.0]]}).tolist() == [[1.0, 1.0, 1.0]]
        with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
            tf.image.extract_glimpse(tf.zeros([2, 4, 4, 1]), [2, 2], tf.zeros([3, 2]))
