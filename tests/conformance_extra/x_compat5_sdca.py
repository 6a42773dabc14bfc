"""tf.train.sdca_optimizer: the SdcaOptimizer op's values for each loss (examples whose features do not
overlap, so TF's random visiting order cannot change the result; adaptive sampling on one example), its
outputs' structure and shapes, and its errors for bad labels, shapes and indices.

The example state is always fed: TF's kernel writes its new state into its input's buffer, so a constant
state (merged with an equal constant, or run twice) would carry one run's state into the next."""
import numpy as np
from _harness import catch, message_has

LOSSES = ["logistic_loss", "squared_loss", "hinge_loss", "smooth_hinge_loss", "poisson_loss"]


FEEDS = {}


def _state(tf, value):
    """A fed example state: a fresh buffer for each run."""
    t = tf.placeholder(tf.float32, np.shape(value))
    FEEDS[t] = np.asarray(value, np.float32)
    return t


def _disjoint(tf, loss, adaptative=False, labels=(1.0, 0.0, 1.0)):
    return tf.train.sdca_optimizer(
        [tf.constant([0, 0, 1, 2], tf.int64), tf.constant([0, 1, 2], tf.int64)],
        [tf.constant([0, 2, 1, 3], tf.int64), tf.constant([5, 6, 7], tf.int64)],
        [tf.constant([1.0, 2.0, 3.0, -1.5])], [],
        tf.constant([1.0, 2.0, 0.5]), tf.constant(labels),
        [tf.constant([0, 1, 2, 3], tf.int64), tf.constant([5, 6, 7], tf.int64)],
        [tf.constant([0.1, 0.2, 0.3, -0.4]), tf.constant([0.5, 0.0, -0.5])], [],
        _state(tf, [[0.1, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 2.0], [0.2, 0.0, 0.0, 0.5]]), loss, 0.1, 1.0, 1, 1,
        adaptative=adaptative)


def _dense_one(tf, loss, adaptative):
    return tf.train.sdca_optimizer(
        [tf.constant([0], tf.int64)], [tf.constant([1], tf.int64)], [], [tf.constant([[1.0, -2.0]])],
        tf.constant([1.5]), tf.constant([1.0]), [tf.constant([0, 1], tf.int64)], [tf.constant([0.3, 0.1])],
        [tf.constant([0.25, -0.5])], _state(tf, np.zeros([1, 4])), loss, 0.05, 0.5, 2, 1, adaptative=adaptative)


def case_x_compat5_sdca_values(tf):
    results = {}
    for loss in LOSSES:
        FEEDS.clear()
        ops = [_disjoint(tf, loss), _dense_one(tf, loss, False), _dense_one(tf, loss, True)]
        with tf.Session() as sess:
            results[loss] = sess.run(ops, FEEDS)
    return results


def case_x_compat5_sdca_graph(tf):
    result = _disjoint(tf, "squared_loss")
    op = result.out_example_state_data.op
    return {"type": op.type, "name": op.name, "fields": list(result._fields),
            "shapes": [str(result.out_example_state_data.shape)]
            + [str(t.shape) for t in result.out_delta_sparse_weights],
            "dense": result.out_delta_dense_weights,
            "attrs": [op.get_attr("loss_type"), op.get_attr("num_sparse_features"),
                      op.get_attr("num_sparse_features_with_values"), op.get_attr("num_dense_features"),
                      op.get_attr("adaptative"), op.get_attr("num_loss_partitions")],
            "n_inputs": len(op.inputs)}


def case_x_compat5_sdca_errors(tf):
    def run(build):
        FEEDS.clear()
        op = build()
        with tf.Session() as sess:
            return sess.run(op, FEEDS)

    return {
        "label": message_has(lambda: run(lambda: _disjoint(tf, "logistic_loss", labels=(1.0, 0.5, 1.0))),
                             "Only labels of 0.0 or 1.0 are supported right now"),
        "poisson_label": message_has(lambda: run(lambda: _disjoint(tf, "poisson_loss", labels=(1.0, -1.0, 1.0))),
                                     "Only non-negative labels"),
        "loss_type": message_has(lambda: _disjoint(tf, "cubic_loss"), "Attr 'loss_type' of 'SdcaOptimizer' Op passed "
                                                                    "string 'cubic_loss' not in:"),
        "state_shape": message_has(lambda: run(lambda: tf.train.sdca_optimizer(
            [], [], [], [tf.constant([[1.0], [2.0]])], tf.constant([1.0, 1.0]), tf.constant([1.0, 1.0]), [], [],
            [tf.constant([0.0])], tf.zeros([3, 4]), "squared_loss", 0.0, 1.0, 1, 1)), "for example_state_data"),
        "index_range": message_has(lambda: run(lambda: tf.train.sdca_optimizer(
            [tf.constant([0], tf.int64)], [tf.constant([9], tf.int64)], [], [], tf.constant([1.0]), tf.constant([1.0]),
            [tf.constant([0, 1], tf.int64)], [tf.constant([0.0, 0.0])], [], tf.zeros([1, 4]), "squared_loss",
            0.0, 1.0, 1, 1)), "Found sparse feature indices out of valid range: 9"),
        "duplicate": message_has(lambda: run(lambda: tf.train.sdca_optimizer(
            [tf.constant([0, 0], tf.int64)], [tf.constant([1, 1], tf.int64)], [], [], tf.constant([1.0]),
            tf.constant([1.0]), [tf.constant([0, 1], tf.int64)], [tf.constant([0.0, 0.0])], [], tf.zeros([1, 4]),
            "squared_loss", 0.0, 1.0, 1, 1)), "Duplicate index in sparse vector."),
        "not_list": catch(lambda: tf.train.sdca_optimizer(
            tf.constant([0], tf.int64), [], [], [], tf.constant([1.0]), tf.constant([1.0]), [], [], [],
            tf.zeros([1, 4]), "squared_loss", 0.0, 1.0, 1, 1)),
        "lengths": message_has(lambda: tf.train.sdca_optimizer(
            [tf.constant([0], tf.int64)], [], [], [], tf.constant([1.0]), tf.constant([1.0]), [], [], [],
            tf.zeros([1, 4]), "squared_loss", 0.0, 1.0, 1, 1), "must match length 1 of argument "
                                                              "'sparse_example_indices'"),
    }
