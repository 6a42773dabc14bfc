"""Seeded random graphs whose values tfsess must share with TensorFlow (TF1 graph mode, CPU).

`CASES` maps a name to `build(tf)`, which returns a dict of arrays; it runs against either
implementation: record_random_bits.py stores TF's results, test_random_bits.py compares ours.
"""
import numpy as np

SHAPES = ([1], [3], [5], [7, 3], [259])
FLOATS = ("float16", "float32", "float64")


def _runs(tf, fetches, runs=3, sessions=1, init=False):
    """Each session's successive runs of `fetches`, flattened into one dict (name/session/run)."""
    out = {}
    for s in range(sessions):
        with tf.Session() as sess:
            if init:
                sess.run(tf.global_variables_initializer())
            for r in range(runs):
                for name, value in sess.run(fetches).items():
                    out[f"{name}/{s}/{r}"] = np.asarray(value)
    return out


def _distribution(draw):
    def build(tf):
        fetches = {}
        for dtype in FLOATS:
            for i, shape in enumerate(SHAPES):
                fetches[f"{dtype}_{i}"] = draw(tf, shape, dtype, seed=3 + i)
        return _runs(tf, fetches)
    return build


def _ints(tf):
    fetches = {}
    for dtype, bounds in (("int32", [(0, 10), (-5, 7), (-2**31, 2**31 - 1)]),
                          ("int64", [(0, 10), (-5, 7), (-2**62, 2**62), (-2**63, 2**63 - 1)])):
        for i, (lo, hi) in enumerate(bounds):
            fetches[f"{dtype}_{i}"] = tf.random_uniform([9], lo, hi, dtype=dtype, seed=11 + i)
    return _runs(tf, fetches)


def _shuffle_and_multinomial(tf):
    return _runs(tf, {
        "shuffle_1d": tf.random_shuffle(tf.range(10), seed=4),
        "shuffle_2d": tf.random_shuffle(tf.reshape(tf.range(21), [7, 3]), seed=9),
        "shuffle_big": tf.random_shuffle(tf.range(1003), seed=1),
        "multinomial": tf.multinomial(tf.log([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]]), 6, seed=2),
        "categorical_inf": tf.random.categorical([[0.0, -np.inf, 1.0], [2.0, 1.0, 0.0]], 5, seed=8),
    })


def _multinomial_sharded(tf):
    """Rows split over two intra-op threads as TF splits them: each range starts its own stream."""
    logits = tf.constant(np.log(np.linspace(0.1, 1.0, 64 * 1000).reshape(64, 1000)), tf.float32)
    op = tf.multinomial(logits, 50, seed=3)
    with tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=2)) as sess:
        return {"two_threads": sess.run(op)}


def _graph_seed(tf):
    tf.set_random_seed(42)
    normal = tf.random_normal([3, 2])
    one = tf.constant(1.0)
    return _runs(tf, {"normal": normal, "uniform": tf.random_uniform([5]) + one,
                      "scaled": tf.random_uniform([4], -2.0, 3.0, dtype=tf.float64),
                      "truncated": tf.truncated_normal([5], 1.0, 2.0)}, runs=2, sessions=2)


def _initializers(tf):
    tf.set_random_seed(7)
    tf.get_variable("default", [3, 5])
    tf.Variable(tf.truncated_normal([4], stddev=0.1), name="explicit")
    tf.get_variable("scaling", [2, 2], initializer=tf.variance_scaling_initializer())
    tf.get_variable("normal", [2, 3], initializer=tf.random_normal_initializer(1.0, 2.0))
    tf.get_variable("uniform", [3], initializer=tf.random_uniform_initializer(-1.0, 1.0, seed=5))
    tf.get_variable("glorot_normal", [4, 3], initializer=tf.glorot_normal_initializer())
    tf.get_variable("orthogonal", [3, 3], initializer=tf.orthogonal_initializer())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return {v.op.name: sess.run(v) for v in tf.global_variables()}


def _dropout(tf):
    tf.set_random_seed(3)
    x = tf.ones([4, 5])
    return _runs(tf, {"keep_prob": tf.nn.dropout(x, keep_prob=0.5), "rate": tf.nn.dropout(x, rate=0.3, seed=2),
                      "layers": tf.layers.dropout(x, 0.25, training=True)}, runs=2)


def _image(tf):
    tf.set_random_seed(1)
    img = tf.reshape(tf.range(48, dtype=tf.float32), [4, 4, 3])
    return _runs(tf, {"flip": tf.image.random_flip_left_right(img), "crop": tf.random_crop(img, [2, 3, 3])}, runs=3)


CASES = {
    "uniform": _distribution(lambda tf, shape, dtype, seed: tf.random_uniform(shape, dtype=dtype, seed=seed)),
    "normal": _distribution(lambda tf, shape, dtype, seed: tf.random_normal(shape, dtype=dtype, seed=seed)),
    "truncated": _distribution(lambda tf, shape, dtype, seed: tf.truncated_normal(shape, dtype=dtype, seed=seed)),
    "ints": _ints,
    "shuffle_multinomial": _shuffle_and_multinomial,
    "multinomial_sharded": _multinomial_sharded,
    "graph_seed": _graph_seed,
    "initializers": _initializers,
    "dropout": _dropout,
    "image": _image,
}


def run_case(tf, name):
    """One case in a fresh default graph."""
    with tf.Graph().as_default():
        return CASES[name](tf)
