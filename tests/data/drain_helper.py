"""drain(ds): a dataset's elements through a one-shot iterator, for the tf.data unit tests."""
import tfsess as tf


def drain(ds, limit=50):
    """Up to `limit` elements of `ds`, fetched one by one in a new session; fails if the dataset goes on."""
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    out = []
    with tf.Session() as sess:
        for _ in range(limit):
            try:
                out.append(sess.run(nxt))
            except tf.errors.OutOfRangeError:
                return out
    raise AssertionError("the dataset did not end")
