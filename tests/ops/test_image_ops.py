"""tf.image: resize sampling rules and gradients, geometry, dtype/colour ops, codecs (values from TF 2.21)."""
import struct

import numpy as np
import pytest

import tfsess as tf

IMG = np.arange(2 * 3 * 4, dtype=np.float32).reshape(2, 3, 4, 1)
I3 = np.arange(12).reshape(3, 4, 1)
U8 = np.array([[[0, 128, 255], [10, 20, 30]]], np.uint8)


@pytest.fixture
def sess():
    with tf.Graph().as_default():
        yield tf.Session()


def test_half_pixel_resizes_match_tf(sess):
    bilinear = sess.run(tf.image.resize_bilinear(IMG, [5, 3], half_pixel_centers=True))[0, :, :, 0]
    np.testing.assert_allclose(bilinear[1], [1.7666667, 3.1000001, 4.4333334], rtol=1e-6)
    nearest = sess.run(tf.image.resize_nearest_neighbor(IMG, [5, 3], half_pixel_centers=True))[0, :, :, 0]
    assert nearest.tolist() == [[0, 2, 3], [0, 2, 3], [4, 6, 7], [8, 10, 11], [8, 10, 11]]
    bicubic = sess.run(tf.image.resize_bicubic(IMG, [4, 6], half_pixel_centers=True))[0, :, :, 0]
    np.testing.assert_allclose(bicubic[0], [-0.274844, 0.2028095, 0.958037, 1.6240525, 2.37928, 2.856933], rtol=1e-5)


def test_area_upsampling_and_bilinear_gradient_match_tf(sess):
    area = sess.run(tf.image.resize_area(IMG, [4, 6]))[0, :, :, 0]
    np.testing.assert_allclose(area[1], [2.6666667, 3.1666667, 3.6666663, 4.666667, 5.1666675, 5.666665], rtol=1e-5)
    x = tf.constant(IMG)
    weights = np.arange(2 * 5 * 7, dtype=np.float32).reshape(2, 5, 7, 1)
    grad = sess.run(tf.gradients(tf.reduce_sum(tf.image.resize_bilinear(x, [5, 7]) * weights), x)[0])
    np.testing.assert_allclose(grad[0, 0, :, 0], [4.6, 9.2, 13.2, 22.0], rtol=1e-5)
    np.testing.assert_allclose(grad[0, 2, :, 0], [68.857147, 87.88571, 93.6, 124.857155], rtol=1e-5)


def test_resize_errors_and_shapes():
    with tf.Graph().as_default():
        with pytest.raises(ValueError, match="3 or 4 dimensions"):
            tf.image.resize_images(tf.zeros([4, 4]), [2, 2])
        with pytest.raises(ValueError, match="2 elements"):
            tf.image.resize_images(tf.zeros([4, 4, 1]), [2, 2, 2])
        same = tf.zeros([1, 4, 4, 1])
        assert tf.image.resize_images(same, [4, 4]) is same
        assert tf.image.resize_nearest_neighbor(tf.zeros([1, 4, 4, 2], tf.uint8), [3, 5]).dtype == tf.uint8
        bad = tf.image.resize_bilinear(tf.zeros([1, 2, 2, 1]), tf.placeholder(tf.int32, [2]), align_corners=True,
                                       half_pixel_centers=True)
        with pytest.raises(tf.errors.InvalidArgumentError, match="half_pixel_centers"):
            tf.Session().run(bad, {bad.op.inputs[1]: [3, 3]})


def test_geometry_matches_tf(sess):
    assert sess.run(tf.image.rot90(I3))[:, :, 0].tolist() == [[3, 7, 11], [2, 6, 10], [1, 5, 9], [0, 4, 8]]
    assert sess.run(tf.image.rot90(I3, 3))[:, :, 0].tolist() == [[8, 4, 0], [9, 5, 1], [10, 6, 2], [11, 7, 3]]
    k = tf.placeholder(tf.int32, [])
    assert sess.run(tf.image.rot90(I3, k), {k: 6})[:, :, 0].tolist() == np.rot90(I3[:, :, 0], 2).tolist()
    assert sess.run(tf.image.crop_to_bounding_box(I3, 1, 1, 2, 2))[:, :, 0].tolist() == [[5, 6], [9, 10]]
    padded = sess.run(tf.image.pad_to_bounding_box(I3, 1, 0, 4, 5))[:, :, 0]
    assert padded.tolist() == [[0] * 5, [0, 1, 2, 3, 0], [4, 5, 6, 7, 0], [8, 9, 10, 11, 0]]
    assert sess.run(tf.image.resize_image_with_crop_or_pad(I3, 2, 6))[:, :, 0].tolist() == [[0, 0, 1, 2, 3, 0],
                                                                                           [0, 4, 5, 6, 7, 0]]
    central = sess.run(tf.image.central_crop(np.arange(36).reshape(6, 6, 1), 0.5))[:, :, 0]
    assert central.tolist() == [[7, 8, 9, 10], [13, 14, 15, 16], [19, 20, 21, 22], [25, 26, 27, 28]]
    with pytest.raises(ValueError, match="width must be >= target"):
        tf.image.crop_to_bounding_box(I3, 0, 2, 2, 3)
    with pytest.raises(ValueError, match="central_fraction"):
        tf.image.central_crop(I3, 0.0)


def test_dtype_and_colour_match_tf(sess):
    np.testing.assert_allclose(sess.run(tf.image.convert_image_dtype(U8, tf.float32))[0, 0],
                               [0.0, 0.5019608, 1.0], rtol=1e-6)
    assert sess.run(tf.image.convert_image_dtype(U8, tf.uint16)).tolist() == [[[0, 32768, 65280],
                                                                              [2560, 5120, 7680]]]
    floats = np.array([0.0, 0.5, 1.0, 1.2], np.float32)
    assert sess.run(tf.image.convert_image_dtype(floats, tf.uint8, saturate=True)).tolist() == [0, 127, 255, 255]
    assert sess.run(tf.image.rgb_to_grayscale(U8)).tolist() == [[[104], [18]]]
    assert sess.run(tf.image.adjust_brightness(U8, 0.1)).tolist() == [[[25, 153, 255], [35, 45, 55]]]
    assert sess.run(tf.image.adjust_contrast(U8, 2.0)).tolist() == [[[0, 182, 255], [15, 0, 0]]]


def test_random_flips_are_seeded_and_batched(sess):
    batch = tf.constant(np.arange(8 * 2 * 3).reshape(8, 2, 3, 1).astype(np.float32))
    flipped = tf.image.random_flip_left_right(batch, seed=3)
    tf.set_random_seed(1)
    first, again = sess.run(flipped), sess.run(flipped)
    for image, out in zip(sess.run(batch), first):
        assert np.array_equal(out, image) or np.array_equal(out, image[:, ::-1])
    assert first.shape == (8, 2, 3, 1) and again.shape == first.shape
    crop = sess.run(tf.image.random_crop(tf.constant(I3), [2, 2, 1], seed=4))
    assert crop.shape == (2, 2, 1) and crop[0, 1, 0] == crop[0, 0, 0] + 1


def test_png_round_trips_and_errors(sess):
    gray16 = np.array([[[0], [65535]], [[1234], [40000]]], np.uint16)
    encoded = sess.run(tf.image.encode_png(gray16))
    assert struct.unpack(">IIBB", encoded[16:26]) == (2, 2, 16, 0)
    back = sess.run(tf.image.decode_png(encoded, dtype=tf.uint16))
    assert back.dtype == np.uint16 and np.array_equal(back, gray16)
    rgba = sess.run(tf.image.decode_png(tf.image.encode_png(U8), channels=4))
    assert rgba.shape == (1, 2, 4) and rgba[..., 3].tolist() == [[255, 255]]
    data = tf.placeholder(tf.string, [])
    with pytest.raises(tf.errors.InvalidArgumentError, match="Invalid JPEG data"):  # TF reads the format from the data
        sess.run(tf.image.decode_png(data), {data: b"\xff\xd8\xff not a png"})
    with pytest.raises(tf.errors.InvalidArgumentError, match="Unknown image file format"):
        sess.run(tf.image.decode_png(data), {data: b"not an image"})
    with pytest.raises(TypeError):
        tf.image.encode_png(tf.zeros([2, 2, 3]))


def test_jpeg_round_trip_and_decode_image(sess):
    image = np.tile(np.linspace(0, 250, 16, dtype=np.uint8)[None, :, None], (8, 1, 3))
    encoded = tf.image.encode_jpeg(tf.constant(image), quality=100)
    decoded = sess.run(tf.image.decode_jpeg(encoded))
    assert decoded.shape == (8, 16, 3) and np.abs(decoded.astype(int) - image).max() <= 3
    assert sess.run(tf.image.decode_jpeg(encoded, channels=1)).shape == (8, 16, 1)
    generic = sess.run(tf.image.decode_image(tf.image.encode_png(U8), dtype=tf.float32))
    np.testing.assert_allclose(generic, U8 / 255.0, rtol=1e-6)
    assert tf.image.decode_image(encoded, expand_animations=False).shape.as_list() == [None, None, None]
