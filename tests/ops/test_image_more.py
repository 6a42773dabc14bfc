"""tf.image's NMS, HSV, box, crop/patch and codec ops: behaviour the differential cases cannot pin
down (seeded draws, noise bounds, sessions after failed runs, soft-NMS against its definition)."""
import numpy as np
import pytest

import tfsess as tf
from tfsess.ops.image_nms import greedy_nms


def _boxes_scores(n=40, seed=0):
    rng = np.random.RandomState(seed)
    corners = rng.rand(n, 2).astype(np.float32)
    boxes = np.concatenate([corners, corners + rng.rand(n, 2).astype(np.float32) * 0.4], axis=1)
    return boxes, rng.rand(n).astype(np.float32)


def _iou(a, b):
    inter = max(min(a[2], b[2]) - max(a[0], b[0]), 0) * max(min(a[3], b[3]) - max(a[1], b[1]), 0)
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union


def test_hard_nms_keeps_no_pair_above_the_threshold_and_picks_by_score():
    boxes, scores = _boxes_scores()
    with tf.Graph().as_default():
        selected = tf.Session().run(tf.image.non_max_suppression(boxes, scores, 40, 0.3))
    assert list(scores[selected]) == sorted(scores[selected], reverse=True)
    assert all(_iou(boxes[i], boxes[j]) <= 0.3 for k, i in enumerate(selected) for j in selected[:k])
    rejected = set(range(40)) - set(selected)
    assert all(any(_iou(boxes[r], boxes[s]) > 0.3 for s in selected if scores[s] > scores[r]) for r in rejected)


def test_soft_nms_scores_decay_by_the_gaussian_of_the_overlap():
    boxes = np.array([[0, 0, 1, 1], [0, 0.5, 1, 1.5]], np.float32)
    selected, kept = greedy_nms(lambda i, js: np.array([_iou(boxes[i], boxes[j]) for j in js], np.float32),
                                [0.9, 0.8], 2, 1.0, 0.0, soft_nms_sigma=0.5)
    assert list(selected) == [0, 1]
    overlap = 1 / 3
    assert kept[1] == pytest.approx(0.8 * np.exp(-0.5 * overlap ** 2 / 0.5), rel=1e-6)


def test_failed_nms_leaves_the_session_usable():
    boxes, scores = _boxes_scores(6)
    with tf.Graph().as_default():
        threshold = tf.placeholder(tf.float32, [])
        selected = tf.image.non_max_suppression(boxes, scores, 3, threshold)
        sess = tf.Session()
        with pytest.raises(tf.errors.InvalidArgumentError, match="iou_threshold must be in"):
            sess.run(selected, {threshold: 2.0})
        assert len(sess.run(selected, {threshold: 0.5})) <= 3


def test_sampled_boxes_repeat_with_the_same_seeds_and_honour_the_ranges():
    def draws():
        with tf.Graph().as_default():
            sample = tf.image.sample_distorted_bounding_box([50, 80, 3], [[[0.2, 0.2, 0.6, 0.7]]], seed=7, seed2=2,
                                                            min_object_covered=0.5, area_range=(0.1, 0.6),
                                                            aspect_ratio_range=(0.8, 1.25))
            sess = tf.Session()
            return [sess.run(sample) for _ in range(15)]
    first, second = draws(), draws()
    for (begin, size, box), (begin2, size2, _) in zip(first, second):
        assert list(begin) == list(begin2) and list(size) == list(size2)
        assert begin[0] + size[0] <= 50 and begin[1] + size[1] <= 80
        assert 0.1 <= size[0] * size[1] / 4000 <= 0.6
        ratio = size[1] / size[0]
        assert 0.7 <= ratio <= 1.4  # rounding to whole pixels moves the drawn ratio a little
    assert len({tuple(b) for b, _, _ in first}) > 1


def test_glimpse_noise_lies_between_the_image_extremes():
    image = np.random.RandomState(1).rand(1, 5, 5, 1).astype(np.float32) * 0.5 + 0.25
    with tf.Graph().as_default():
        glimpse = tf.Session().run(tf.image.extract_glimpse(image, [4, 4], [[-1.0, -1.0]]))
    assert glimpse.min() >= image.min() and glimpse.max() <= image.max()
    np.testing.assert_array_equal(glimpse[0, 2:, 2:], image[0, :2, :2])


def test_crop_and_resize_of_the_whole_image_at_its_size_is_the_image():
    image = np.random.RandomState(2).rand(2, 5, 6, 3).astype(np.float32)
    with tf.Graph().as_default():
        crops = tf.Session().run(tf.image.crop_and_resize(image, [[0, 0, 1, 1]] * 2, [1, 0], [5, 6]))
    np.testing.assert_array_equal(crops, image[::-1])


def test_patches_gradient_counts_how_often_each_pixel_is_used():
    with tf.Graph().as_default():
        image = tf.ones([1, 4, 4, 1])
        patches = tf.image.extract_image_patches(image, [1, 2, 2, 1], [1, 1, 1, 1], [1, 1, 1, 1], "VALID")
        counts = tf.Session().run(tf.gradients(tf.reduce_sum(patches), image)[0])[0, :, :, 0]
    np.testing.assert_array_equal(counts, [[1, 2, 2, 1], [2, 4, 4, 2], [2, 4, 4, 2], [1, 2, 2, 1]])


def test_decode_gif_matches_decode_image_and_decodes_other_formats_as_tf():
    pytest.importorskip("PIL")
    import io
    from PIL import Image
    pixels = (np.arange(4 * 6 * 3) * 9 % 256).astype(np.uint8).reshape(4, 6, 3)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="GIF")
    with tf.Graph().as_default():
        sess = tf.Session()
        gif = sess.run(tf.image.decode_gif(out.getvalue()))
        assert gif.shape == (1, 4, 6, 3)
        np.testing.assert_array_equal(gif, sess.run(tf.image.decode_image(out.getvalue())))
        png = sess.run(tf.image.encode_png(pixels))
        # TF 2.x's shared decoder reads the format from the data: DecodeGif takes a PNG, as four dimensions
        np.testing.assert_array_equal(sess.run(tf.image.decode_gif(png)), pixels[None])
        bmp = b"BM" + bytes(60)
        with pytest.raises(tf.errors.InvalidArgumentError, match="decode_bmp"):
            sess.run(tf.image.decode_gif(bmp))
