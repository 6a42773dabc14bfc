"""Gamma, Poisson and stateless samplers: TF's values from the seeds, shapes, dtypes and gradients."""
import numpy as np


def _runs(tf, fetches, runs=2):
    with tf.Session() as sess:
        return [sess.run(fetches) for _ in range(runs)]


def case_x_ops_random_more_gamma_values(tf):
    return _runs(tf, {
        "f32": tf.random_gamma([5], [0.3, 1.0, 2.5, 40.0], seed=3),
        "f64_beta": tf.random_gamma([2, 3], [[0.1], [5.0]], beta=[1.0, 2.0], dtype=tf.float64, seed=4),
        "f16": tf.random_gamma([4], [0.5, 4.0], dtype=tf.float16, seed=8),
        "scalar_alpha": tf.random.gamma([3], 2.0, seed=5),
    })


def case_x_ops_random_more_gamma_graph_seed_and_static_shape(tf):
    tf.set_random_seed(7)
    g = tf.random_gamma([2, 2], tf.constant([1.5, 0.5]))
    unknown = tf.random_gamma(tf.placeholder_with_default([3], [None]), [1.0])
    return {"value": _runs(tf, g), "shape": g.shape.as_list(), "unknown": str(unknown.shape),
            "types": sorted({op.type for op in tf.get_default_graph().get_operations()})}


def case_x_ops_random_more_gamma_gradient(tf):
    alpha = tf.constant([0.7, 2.0, 9.0], tf.float64)
    beta = tf.constant(2.0, tf.float64)
    s = tf.random_gamma([4], alpha, beta=beta, dtype=tf.float64, seed=9)
    ga, gb = tf.gradients(tf.reduce_sum(s * s), [alpha, beta])
    raw = tf.random.gamma([2], tf.constant([0.5, 3.0]), seed=1)
    with tf.Session() as sess:
        return sess.run({"ga": ga, "gb": gb, "raw_grad": tf.gradients(raw, raw.op.inputs[0])[0]})


def case_x_ops_random_more_poisson_values(tf):
    lam = [0.5, 3.0, 9.99, 10.0, 12.0, 150.0]
    return _runs(tf, {
        "f32": tf.random_poisson(lam, [4], seed=5),
        "int64": tf.random.poisson(lam, [2], dtype=tf.int64, seed=6),
        "f64_rate": tf.random_poisson(tf.constant([[1.5], [25.0]], tf.float64), [3], dtype=tf.float64, seed=7),
        "half_rate": tf.random_poisson(tf.constant([2.0, 20.0], tf.float16), [3], dtype=tf.int32, seed=8),
        "zero_rate": tf.random_poisson([0.0], [3], seed=9),
    })


def case_x_ops_random_more_poisson_shapes(tf):
    p = tf.random_poisson(tf.ones([2, 3]), [4, 1], seed=1)
    empty = tf.random_poisson([1.0, 2.0], [0], seed=2)
    with tf.Session() as sess:
        return {"shape": p.shape.as_list(), "op": p.op.type, "empty": sess.run(empty)}


def case_x_ops_random_more_stateless_gamma(tf):
    with tf.Session() as sess:
        return sess.run({
            "f32": tf.random.stateless_gamma([4, 3], [1, 2], alpha=[0.5, 1.0, 7.0]),
            "f64": tf.random.stateless_gamma([2, 2, 2], [5, 6], alpha=[[1.5], [0.2]], beta=[1.0, 3.0],
                                             dtype=tf.float64),
            "again": tf.random.stateless_gamma([4, 3], [1, 2], alpha=[0.5, 1.0, 7.0]),
            "other_seed": tf.random.stateless_gamma([3], [2, 1], alpha=2.0),
        })


def case_x_ops_random_more_stateless_poisson(tf):
    with tf.Session() as sess:
        return sess.run({
            "int32": tf.random.stateless_poisson([5, 3], [3, 4], lam=[0.5, 4.0, 40.0]),
            "f32": tf.random.stateless_poisson([4], [3, 4], lam=2.5, dtype=tf.float32),
            "int64": tf.random.stateless_poisson([2, 2], [9, 9], lam=[[1.0], [100.0]], dtype=tf.int64),
        })


def case_x_ops_random_more_stateless_categorical(tf):
    logits = [[0.0, 1.0, 2.0], [5.0, 0.0, -1.0]]
    with tf.Session() as sess:
        return sess.run({
            "int64": tf.random.stateless_categorical(logits, 7, [8, 9]),
            "int32": tf.random.stateless_categorical(logits, 4, [8, 9], dtype=tf.int32),
            "multinomial": tf.random.stateless_multinomial(tf.constant([[0.0, 1.0]], tf.float64), 5, [1, 1],
                                                           output_dtype=tf.int32),
            "wide": tf.random.stateless_categorical(tf.log(tf.constant(np.tile(np.linspace(0.1, 1.0, 20), (3, 1)))), 30,
                                                    [123, 456]),
        })


def case_x_ops_random_more_stateless_errors(tf):
    out = {}
    for name, build in (("gamma_tail", lambda: tf.random.stateless_gamma([3, 2], [1, 2], alpha=[1.0, 2.0, 3.0])),
                        ("poisson_tail", lambda: tf.random.stateless_poisson([2], [1, 2], lam=[1.0, 2.0, 3.0]))):
        try:
            with tf.Session() as sess:
                out[name] = sess.run(build())
        except Exception as e:  # noqa: BLE001 - the class is the result
            out[name] = type(e).__name__
    return out


def case_x_ops_random_more_fold_in_split_full_int(tf):
    with tf.Session() as sess:
        return sess.run({
            "fold_in": tf.random.fold_in([1, 2], 3),
            "fold_in64": tf.random.fold_in(tf.constant([7, 9], tf.int64), tf.constant(5, tf.int64)),
            "split": tf.random.split([1, 2], 3),
            "split64": tf.random.split(tf.constant([3, 4], tf.int64)),
            "full_int64": tf.random.stateless_uniform([3], [1, 2], minval=None, maxval=None, dtype=tf.int64),
            "full_uint32": tf.random.stateless_uniform([5], [8, 2], minval=None, maxval=None, dtype=tf.uint32),
        })


def case_x_ops_random_more_stateless_binomial(tf):
    # count * p >= 10 (TF's BTRS branch): TF's values; below, the distribution's facts only
    big = tf.random.stateless_binomial([6, 3], [1, 2], counts=[50.0, 100.0, 1000.0], probs=[0.5, 0.8, 0.03])
    f64 = tf.random.stateless_binomial([3, 2, 2], [3, 4], counts=tf.constant([[200.0], [1000.0]], tf.float64),
                                       probs=tf.constant([0.9, 0.8], tf.float64), output_dtype=tf.int64)
    small = tf.random.stateless_binomial([500], [5, 6], counts=4.0, probs=0.25)
    edge = tf.random.stateless_binomial([2, 4], [5, 6], counts=[0.0, 10.0, 10.0, -3.0], probs=[0.5, 0.0, 1.0, 0.5])
    with tf.Session() as sess:
        out = sess.run({"big": big, "f64": f64, "small": small, "edge": edge})
    small_v = out.pop("small")
    out["small_range"] = [int(small_v.min()) >= 0, int(small_v.max()) <= 4, small_v.dtype.name, small.shape.as_list()]
    return out
