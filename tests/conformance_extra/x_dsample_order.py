"""sample_from_datasets draws as TF does (seeded order exact): list, default and dataset weights,
stop_on_empty_dataset, inputs of weight 0 left out, a single input, and TF's argument errors."""
import numpy as np

from _harness import catch


def _drain(tf, ds, limit=40):
    nxt = tf.data.make_one_shot_iterator(ds).get_next()
    out = []
    with tf.Session() as sess:
        for _ in range(limit):
            try:
                out.append(int(sess.run(nxt)))
            except tf.errors.OutOfRangeError:
                break
    return out


def case_x_dsample_order_seeded(tf):
    sample = tf.data.experimental.sample_from_datasets
    a, b, c = tf.data.Dataset.range(0, 3), tf.data.Dataset.range(100, 110), tf.data.Dataset.range(200, 204)
    return {"stop": _drain(tf, sample([a, b], [0.5, 0.5], seed=11, stop_on_empty_dataset=True)),
            "go_on": _drain(tf, sample([a, b, c], [0.2, 0.5, 0.3], seed=7)),
            "uniform": _drain(tf, sample([a, b, c], seed=3)),
            "float32_tensor": _drain(tf, sample([a, b], tf.constant([0.9, 0.1]), seed=4)),
            "zero_weight": _drain(tf, sample([a, b, c], [0.0, 1.0, 1.0], seed=5)),
            "method": _drain(tf, tf.data.Dataset.sample_from_datasets([a, c], seed=9))}


def case_x_dsample_order_graph_seed(tf):
    tf.set_random_seed(17)
    a, b = tf.data.Dataset.range(0, 5), tf.data.Dataset.range(50, 55)
    return _drain(tf, tf.data.experimental.sample_from_datasets([a, b], [0.3, 0.7]))


def case_x_dsample_order_weight_dataset(tf):
    a, b = tf.data.Dataset.range(0, 6), tf.data.Dataset.range(100, 106)
    weights = tf.data.Dataset.from_tensor_slices(np.array([[0.9, 0.1], [0.1, 0.9]] * 4, np.float32))
    return _drain(tf, tf.data.experimental.sample_from_datasets([a, b], weights, seed=21))


def case_x_dsample_order_single_and_errors(tf):
    sample = tf.data.experimental.sample_from_datasets
    a, b = tf.data.Dataset.range(3), tf.data.Dataset.range(10, 13)
    single = sample([a, b], [0.0, 2.0], seed=1)
    all_zero = sample([a, b], [0.0, 0.0], seed=1)
    return {"single": _drain(tf, single), "all_zero": _drain(tf, all_zero),
            "length": catch(sample, [a, b], [0.5, 0.2, 0.3]),
            "shape": catch(sample, [a, b], tf.constant([0.5, 0.2, 0.3])),
            "int_weights": catch(sample, [a, b], [1, 2]),
            "empty": catch(sample, [])}
