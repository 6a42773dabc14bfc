"""The dataset pipelines of the interop fixtures, built with either TensorFlow's compat.v1 or tfsess
(`tf`), and how their values are read back from a session over an imported graph."""
import numpy as np


def build(tf):
    """One-shot and initializable iterators over map/filter/batch/shuffle(seed), with captures,
    parallel map, flat_map, interleave, reduce and scan. Returns the name of the initializer."""
    scale = tf.constant(3.0, name="scale")
    ds = tf.data.Dataset.from_tensor_slices(np.arange(12, dtype=np.int64))
    ds = ds.map(lambda x: tf.cast(x, tf.float32) * scale).filter(lambda x: x > 2.)
    ds = ds.shuffle(4, seed=1).batch(2).map(lambda x: x + 1, num_parallel_calls=2)
    ds = ds.flat_map(lambda x: tf.data.Dataset.from_tensors(x))
    ds = ds.interleave(lambda x: tf.data.Dataset.from_tensors(x).repeat(2), cycle_length=2)
    tf.identity(tf.data.make_one_shot_iterator(ds).get_next(), name="one_shot_next")
    limit = tf.placeholder(tf.int64, [], name="limit")
    total = tf.data.Dataset.range(limit).map(lambda x: x * x).reduce(tf.constant(0, tf.int64), lambda s, x: s + x)
    tf.identity(total, name="reduced")
    scanned = tf.data.Dataset.range(limit).scan(tf.constant(0, tf.int64), lambda s, x: (s + x, s))
    scanned = scanned.take_while(lambda x: x < 20).shuffle(3, seed=5, reshuffle_each_iteration=False).batch(3)
    it = tf.data.make_initializable_iterator(scanned)
    tf.identity(it.get_next(), name="init_next")
    return it.initializer.name


def read(tf, sess, initializer):
    """The values the fixture's graph gives: the one-shot pass, a reduce, two initialized passes."""
    out = {"one_shot": _drain(tf, sess, "one_shot_next:0"), "reduced": int(sess.run("reduced:0", {"limit:0": 5}))}
    for n in (10, 4):
        sess.run(initializer, {"limit:0": n})
        out[f"init_{n}"] = _drain(tf, sess, "init_next:0")
    return out


def _drain(tf, sess, name):
    values = []
    while True:
        try:
            values.append(sess.run(name).tolist())
        except tf.errors.OutOfRangeError:
            return values
