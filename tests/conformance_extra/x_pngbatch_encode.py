"""EncodePng over batches (TF 2.21 takes rank >= 3: one PNG string per image of the leading dimensions):
static shapes, values decoded back, empty batches, and the rank/channel errors."""
import numpy as np

from _harness import catch


def case_x_pngbatch_encode_shapes_and_values(tf):
    x = np.random.default_rng(3).integers(0, 255, (2, 3, 5, 4, 3), dtype=np.uint8)
    encoded = tf.image.encode_png(tf.constant(x))
    unknown = tf.image.encode_png(tf.placeholder(tf.uint8, None))
    partial = tf.image.encode_png(tf.placeholder(tf.uint16, [None, 4, 4, 1]))
    flat = tf.reshape(encoded, [-1])
    decoded = [tf.image.decode_png(flat[i], channels=3) for i in range(6)]
    with tf.Session() as sess:
        strings, images = sess.run([encoded, decoded])
    return {"shapes": [str(encoded.shape), str(unknown.shape), str(partial.shape)],
            "out_shape": list(strings.shape), "png": [bytes(s[:8]) for s in strings.reshape(-1)],
            "round_trip": [np.array_equal(img, x.reshape(6, 5, 4, 3)[i]) for i, img in enumerate(images)]}


def case_x_pngbatch_encode_empty_and_errors(tf):
    empty_batch = tf.image.encode_png(tf.zeros([0, 3, 4, 3], tf.uint8))
    five = tf.image.encode_png(tf.zeros([3, 4, 5], tf.uint8))  # batched, TF 2.21 aborts the process
    with tf.Session() as sess:
        a = sess.run(empty_batch)
        bad = catch(sess.run, five)
    return {"empty_batch": list(a.shape),
            "five_channels": bad, "rank2": catch(tf.image.encode_png, tf.zeros([3, 4], tf.uint8)),
            "jpeg_batch": catch(tf.image.encode_jpeg, tf.zeros([2, 3, 4, 3], tf.uint8))}
