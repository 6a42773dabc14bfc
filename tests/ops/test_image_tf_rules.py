"""tf.image behaviours that follow TF 2.21's Python and kernels (values from TF 2.21)."""
import numpy as np
import pytest

import tfsess as tf


def test_draw_bounding_boxes_default_colours_are_white_on_grey_images():
    with tf.Graph().as_default():
        boxes = np.array([[[0.1, 0.1, 0.6, 0.6], [0.5, 0.0, 1.0, 0.4]]], np.float32)
        drawn = tf.image.draw_bounding_boxes(np.zeros([1, 4, 4, 1], np.float32), boxes)
        with tf.Session() as sess:
            assert sess.run(drawn)[0, :, :, 0].tolist() == [[1, 1, 0, 0]] * 4


def test_adjust_gamma_checks_a_number_at_once_and_a_tensor_at_run():
    with tf.Graph().as_default():
        img = np.full([2, 2, 1], 0.5, np.float32)
        with pytest.raises(ValueError, match="Gamma should be a non-negative real number"):
            tf.image.adjust_gamma(img, -1.0)
        out = tf.image.adjust_gamma(img, tf.constant(-1.0))
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError):
                sess.run(out)
            np.testing.assert_allclose(sess.run(tf.image.adjust_gamma(img, tf.constant(2.0), 2.0)), 0.5)


def test_adjust_hue_and_saturation_check_channels_when_run():
    with tf.Graph().as_default():
        two = np.zeros([3, 3, 2], np.float32)
        hue, sat = tf.image.adjust_hue(two, 0.1), tf.image.adjust_saturation(two, 0.5)
        assert hue.shape.as_list() == [3, 3, 2]
        with tf.Session() as sess:
            for t in (hue, sat):
                with pytest.raises(tf.errors.InvalidArgumentError, match="3 channels"):
                    sess.run(t)
        with pytest.raises(ValueError, match="at least rank 3"):
            tf.image.adjust_hue(np.zeros([3, 3], np.float32), 0.1)


def test_resize_v1_accepts_v2_method_names_and_minus_one_sizes():
    with tf.Graph().as_default():
        img = np.zeros([1, 6, 9, 1], np.float32)
        assert tf.image.resize(img, [3, 4], method="nearest").op.type == "ResizeNearestNeighbor"
        assert tf.image.resize(img, [3, 4], method="area").op.type == "ResizeArea"
        with pytest.raises(ValueError, match="Resize method is not implemented: lanczos3"):
            tf.image.resize(img, [3, 4], method="lanczos3")
        unknown = tf.image.resize(img, [-1, 2])
        assert unknown.shape.as_list() == [1, None, 2, 1]
        with tf.Session() as sess:
            with pytest.raises(tf.errors.InvalidArgumentError):
                sess.run(unknown)


def test_crop_and_resize_boxes_and_crop_size_shapes_checked_when_built():
    with tf.Graph().as_default():
        img = np.zeros([1, 4, 4, 1], np.float32)
        with pytest.raises(ValueError, match="Dimension must be 4 but is 3"):
            tf.image.crop_and_resize(img, np.zeros([2, 3], np.float32), [0, 0], [2, 2])
        with pytest.raises(ValueError, match="Dimension must be 2 but is 3"):
            tf.image.crop_and_resize(img, np.zeros([2, 4], np.float32), [0, 0], [2, 2, 2])


def test_gradient_helpers_need_tensors_as_in_tf():
    with tf.Graph().as_default():
        for fn in (tf.image.total_variation, tf.image.image_gradients, tf.image.sobel_edges):
            with pytest.raises(AttributeError, match="get_shape"):
                fn(np.zeros([1, 2, 2, 1], np.float32))
        dy, _ = tf.image.image_gradients(tf.constant([[[[1.0], [4.0]], [[2.0], [9.0]]]]))
        with tf.Session() as sess:
            assert sess.run(dy)[0, :, :, 0].tolist() == [[1.0, 5.0], [0.0, 0.0]]


def test_resize_with_crop_or_pad_ends_like_tf():
    with tf.Graph().as_default():
        batch = tf.image.resize_with_crop_or_pad(np.ones([1, 6, 9, 1], np.float32), 4, 11)
        single = tf.image.resize_with_crop_or_pad(np.ones([6, 9, 1], np.float32), 4, 11)
        assert (batch.op.type, single.op.type) == ("Identity", "Squeeze")
        with tf.Session() as sess:
            assert sess.run(single)[:, :, 0].tolist() == [[0.0] + [1.0] * 9 + [0.0]] * 4
