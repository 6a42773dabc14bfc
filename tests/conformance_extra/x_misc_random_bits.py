"""Seeded samplers draw TF's Philox bits: the candidate samplers (log-uniform, uniform, learned and fixed
unigram, hence nce_loss and sampled_softmax_loss) and sample_distorted_bounding_box's crops (aspect
ratio, height and offsets through SimplePhilox's exact uniform integers), run after run, and the
random crop they feed (Inception-style preprocessing)."""
import numpy as np


def _samples(tf, size, boxes, runs=3, **kwargs):
    begin, extent, bbox = tf.image.sample_distorted_bounding_box(tf.constant(size), tf.constant(boxes, tf.float32),
                                                                 use_image_if_no_bounding_boxes=True, **kwargs)
    sess = tf.Session()
    return [sess.run({"begin": begin, "size": extent, "bbox": bbox}) for _ in range(runs)]


def case_x_misc_random_bits_sample_boxes_default_ranges(tf):
    return _samples(tf, [480, 640, 3], [[[0.1, 0.2, 0.5, 0.9]]], seed=1, seed2=2)


def case_x_misc_random_bits_sample_boxes_two_boxes_odd_size(tf):
    return _samples(tf, [100, 37, 1], [[[0.0, 0.0, 1.0, 1.0], [0.3, 0.3, 0.35, 0.4]]], seed=7, seed2=0,
                    min_object_covered=0.5, aspect_ratio_range=(0.5, 2.0), area_range=(0.1, 0.9), max_attempts=20)


def case_x_misc_random_bits_sample_boxes_no_boxes(tf):
    return _samples(tf, [33, 33, 3], np.zeros((1, 0, 4), np.float32), seed=3, seed2=11, min_object_covered=0.0,
                    aspect_ratio_range=(0.9, 1.1), area_range=(0.05, 0.5), max_attempts=5)


def case_x_misc_random_bits_sample_boxes_hard_cover_falls_back(tf):
    # a tiny box to cover at 90%: most attempts fail, some runs fall back to the whole image
    return _samples(tf, [224, 224, 3], [[[0.2, 0.2, 0.3, 0.3]]], runs=5, seed=123, seed2=456,
                    min_object_covered=0.9, aspect_ratio_range=(3 / 4, 4 / 3), area_range=(0.08, 1.0))


def case_x_misc_random_bits_distorted_crop_pipeline(tf):
    image = tf.constant((np.arange(48 * 64 * 3) % 251).reshape(48, 64, 3).astype(np.uint8))
    tf.set_random_seed(42)
    begin, size, _ = tf.image.sample_distorted_bounding_box(tf.shape(image), [[[0.0, 0.0, 1.0, 1.0]]],
                                                            min_object_covered=0.25, seed=5)
    crop = tf.slice(image, begin, size)
    resized = tf.image.resize_images(tf.image.convert_image_dtype(crop, tf.float32), [16, 16])
    flipped = tf.image.random_flip_left_right(resized, seed=9)
    sess = tf.Session()
    return [dict(zip(("shape", "sum"), sess.run([tf.shape(crop), tf.reduce_sum(flipped)]))) for _ in range(3)]


# ------------------------------------------------------------------ candidate samplers (word2vec's nce_loss, sampled softmax)
def _samplers(tf, unique):
    classes = tf.constant([[1, 5], [7, 0], [3, 3]], tf.int64)
    return {"log_uniform": tf.nn.log_uniform_candidate_sampler(classes, 2, 6, unique, 50, seed=3),
            "uniform": tf.nn.uniform_candidate_sampler(classes, 2, 5, unique, 13, seed=4),
            "learned": tf.nn.learned_unigram_candidate_sampler(classes, 2, 4, unique, 9, seed=5),
            "fixed": tf.nn.fixed_unigram_candidate_sampler(classes, 2, 5, unique, 10, distortion=0.75, seed=6,
                                                           unigrams=[1, 2, 3, 4, 5, 6, 7, 8, 9, 10.5])}


def case_x_misc_random_bits_candidate_samplers(tf):
    samplers = _samplers(tf, unique=False)
    sess = tf.Session()
    return [{k: [list(v) for v in out] for k, out in sess.run(samplers).items()} for _ in range(2)]


def case_x_misc_random_bits_candidate_samplers_unique(tf):
    samplers = _samplers(tf, unique=True)
    sess = tf.Session()
    return [{k: [list(v) for v in out] for k, out in sess.run(samplers).items()} for _ in range(2)]


def case_x_misc_random_bits_nce_loss_graph_seed(tf):
    tf.set_random_seed(7)
    weights = tf.constant(np.sin(np.arange(40 * 6)).reshape(40, 6).astype(np.float32))
    biases = tf.constant(np.cos(np.arange(40)).astype(np.float32) * 0.1)
    inputs = tf.constant(np.cos(np.arange(8 * 6) * 0.3).reshape(8, 6).astype(np.float32))
    labels = tf.constant(np.arange(8).reshape(8, 1) * 3 % 40, tf.int64)
    nce = tf.reduce_mean(tf.nn.nce_loss(weights, biases, labels, inputs, num_sampled=5, num_classes=40))
    sampled = tf.reduce_mean(tf.nn.sampled_softmax_loss(weights, biases, labels, inputs, num_sampled=5,
                                                        num_classes=40))
    sess = tf.Session()
    return [sess.run([nce, sampled]) for _ in range(3)]
