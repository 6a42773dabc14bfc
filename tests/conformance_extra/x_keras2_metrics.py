"""tf.keras.metrics objects in TF1 graph mode (legacy Keras): confusion counts, Precision/Recall at
thresholds, Sum, RootMeanSquaredError, top-k accuracies, hinge/logcosh/cosine metrics, with sample
weights, over two updates and after reset_states.

Recorded from TF 2.21 with tf-keras and TF_USE_LEGACY_KERAS=1."""
import numpy as np

_TRUE = np.array([[0, 1, 1], [1, 0, 1]], np.float32)
_PRED = np.array([[0.2, 0.7, 0.4], [0.9, 0.6, 0.1]], np.float32)
_SW = np.array([[1.0], [0.5]], np.float32)


def _updates(tf, metric, *args, **kwargs):
    sess = tf.keras.backend.get_session()
    first = sess.run(metric(*args, **kwargs))
    second = sess.run(metric(*args, **kwargs))
    metric.reset_states()
    return [first, second, sess.run(metric.result())]


def case_x_keras2_confusion_counts_precision_recall(tf):
    M = tf.keras.metrics
    yt, yp = tf.constant(_TRUE), tf.constant(_PRED)
    out = {}
    for name, metric in (("tp", M.TruePositives()), ("fp", M.FalsePositives(thresholds=[0.3, 0.65])),
                         ("tn", M.TrueNegatives()), ("fn", M.FalseNegatives(thresholds=0.5)),
                         ("prec", M.Precision()), ("rec", M.Recall(thresholds=[0.1, 0.5, 0.8]))):
        out[name] = _updates(tf, metric, yt, yp)
    out["prec_w"] = _updates(tf, M.Precision(), yt, yp, sample_weight=tf.constant(_SW))
    return out


def case_x_keras2_mean_family_metrics(tf):
    M = tf.keras.metrics
    yt, yp = tf.constant(_TRUE), tf.constant(_PRED)
    out = {}
    for name, metric in (("rmse", M.RootMeanSquaredError()), ("hinge", M.Hinge()), ("sq_hinge", M.SquaredHinge()),
                         ("logcosh", M.LogCoshError()), ("cos", M.CosineSimilarity()),
                         ("top2", M.TopKCategoricalAccuracy(k=2))):
        out[name] = _updates(tf, metric, yt, yp)
    out["rmse_w"] = _updates(tf, M.RootMeanSquaredError(), yt, yp, sample_weight=tf.constant([1.0, 3.0]))
    out["sparse_top1"] = _updates(tf, M.SparseTopKCategoricalAccuracy(k=1), tf.constant([1, 2]), yp)
    out["sum"] = _updates(tf, M.Sum(), tf.constant([1.0, 2.5, 4.0]), sample_weight=tf.constant([1.0, 0.0, 2.0]))
    out["mean_w"] = _updates(tf, M.Mean(), tf.constant([[1.0, 2.0], [3.0, 5.0]]), sample_weight=tf.constant([1.0, 2.0]))
    return out


def case_x_keras2_metric_functions_in_compile(tf):
    np.random.seed(9)
    rng = np.random.RandomState(1)
    x = rng.rand(10, 3).astype(np.float32)
    y = np.eye(3, dtype=np.float32)[rng.randint(0, 3, 10)]
    inp = tf.keras.Input((3,))
    out = tf.keras.layers.Dense(3, activation="softmax",
                                kernel_initializer=tf.keras.initializers.glorot_uniform(seed=3))(inp)
    m = tf.keras.Model(inp, out)
    m.compile(tf.keras.optimizers.SGD(0.5), "categorical_crossentropy",
              metrics=["top_k_categorical_accuracy", "cosine_similarity", "hinge", tf.keras.metrics.LogCoshError()])
    h = m.fit(x, y, epochs=2, batch_size=4, verbose=0)
    return {"names": m.metrics_names, "history": {k: np.asarray(v, np.float32) for k, v in h.history.items()}}
