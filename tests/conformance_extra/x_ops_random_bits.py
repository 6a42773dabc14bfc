"""Seeded random ops draw TF's own values: op and graph seeds, successive runs, new sessions, dtypes."""
import numpy as np


def _runs(tf, fetches, runs=2):
    with tf.Session() as sess:
        return [sess.run(fetches) for _ in range(runs)]


def case_x_ops_random_bits_op_seeds(tf):
    return _runs(tf, {
        "uniform": tf.random_uniform([2, 5], seed=1),
        "uniform_f64": tf.random_uniform([3], -1.0, 2.0, dtype=tf.float64, seed=2),
        "uniform_f16": tf.random_uniform([6], dtype=tf.float16, seed=3),
        "normal": tf.random_normal([7], 1.0, 3.0, seed=4),
        "normal_f64": tf.random_normal([3], dtype=tf.float64, seed=5),
        "truncated": tf.truncated_normal([3, 3], stddev=0.5, seed=6),
        "truncated_f64": tf.truncated_normal([5], dtype=tf.float64, seed=7),
    })


def case_x_ops_random_bits_ints_shuffle_multinomial(tf):
    return _runs(tf, {
        "int32": tf.random_uniform([7], -3, 100, dtype=tf.int32, seed=1),
        "int64": tf.random_uniform([5], -2**40, 2**40, dtype=tf.int64, seed=2),
        "shuffle": tf.random_shuffle(tf.range(9), seed=3),
        "shuffle_rows": tf.random_shuffle(tf.reshape(tf.range(12), [4, 3]), seed=4),
        "multinomial": tf.multinomial(tf.log([[0.2, 0.3, 0.5]]), 8, seed=5),
    }, runs=3)


def case_x_ops_random_bits_graph_seed_and_new_sessions(tf):
    tf.set_random_seed(1234)
    a = tf.random_normal([4])
    b = tf.random_uniform([3], seed=9)
    c = tf.random_uniform([2], 0, 10, dtype=tf.int32)
    first = _runs(tf, [a, b, c])
    again = _runs(tf, [a, b, c], runs=1)
    return {"first": first, "again": again, "seeds": [(op.get_attr("seed"), op.get_attr("seed2")) for op in
                                                      (a.op.inputs[0].op.inputs[0].op, c.op)]}


def case_x_ops_random_bits_initializers_and_dropout(tf):
    tf.set_random_seed(5)
    v = tf.get_variable("v", [3, 4])
    w = tf.get_variable("w", [2, 3], initializer=tf.truncated_normal_initializer(stddev=0.1))
    u = tf.get_variable("u", [4], initializer=tf.variance_scaling_initializer(distribution="uniform"))
    drop = tf.nn.dropout(tf.ones([3, 4]), rate=0.5)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run({"v": v, "w": w, "u": u, "drop": drop})


def case_x_ops_random_bits_multinomial_rows_split_over_threads(tf):
    logits = tf.constant(np.log(np.linspace(0.1, 1.0, 48 * 500).reshape(48, 500)), tf.float32)
    op = tf.multinomial(logits, 40, seed=11)
    with tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=2)) as sess:
        return sess.run(op)
