"""drain(ds): a dataset's elements through a one-shot iterator, for the tf.data unit tests."""
import tfsess as tf


def drain(ds, sess=None, limit=200):
    """Up to `limit` elements of `ds`, fetched one by one in `sess` (else a new session); fails if `ds` goes on."""
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    sess = sess or tf.Session()
    out = []
    for _ in range(limit):
        try:
            out.append(sess.run(nxt))
        except tf.errors.OutOfRangeError:
            return out
    raise AssertionError("the dataset did not end")
