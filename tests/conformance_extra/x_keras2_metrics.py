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


def case_x_keras2_rnn_dropout_inference_and_training(tf):
    data = np.sin(np.arange(2 * 5 * 3) * 0.7).reshape(2, 5, 3).astype(np.float32)
    out = {}
    for cell in ("SimpleRNN", "GRU", "LSTM"):
        x = tf.keras.Input((5, 3))
        layer = getattr(tf.keras.layers, cell)(4, dropout=0.4, recurrent_dropout=0.3, return_sequences=True,
                                               kernel_initializer=tf.keras.initializers.glorot_uniform(seed=1),
                                               recurrent_initializer=tf.keras.initializers.Orthogonal(seed=2))
        y = layer(x)
        sess = tf.keras.backend.get_session()
        infer = sess.run(y, {x: data})
        fixed = sess.run(layer(x, training=False), {x: data})
        train = sess.run(layer(x, training=True), {x: data})
        m = tf.keras.Model(x, y)
        out[cell] = {"infer": infer, "fixed_equal": bool(np.array_equal(infer, fixed)), "predict": m.predict(data),
                     "train_differs": bool(np.abs(train - infer).max() > 1e-6), "train_shape": train.shape,
                     "dropout": [layer.cell.dropout, layer.cell.recurrent_dropout]}
    return out


def case_x_keras2_stateful_rnn_predict_and_reset(tf):
    model = tf.keras.Sequential([tf.keras.layers.LSTM(2, stateful=True, batch_input_shape=(2, 3, 1),
                                                      kernel_initializer=tf.keras.initializers.glorot_uniform(seed=4),
                                                      recurrent_initializer=tf.keras.initializers.Orthogonal(seed=5))])
    layer = model.layers[0]
    data = np.linspace(-1, 1, 12).reshape(4, 3, 1).astype(np.float32)
    first = model.predict(data[:2])
    second = model.predict(data[:2])
    four = model.predict(data)
    layer.reset_states()
    again = model.predict(data[:2])
    layer.reset_states([np.full((2, 2), 0.5, np.float32), np.zeros((2, 2), np.float32)])
    seeded = model.predict(data[:2])
    out = {"weights": [w.name for w in model.weights], "states": [v.name for v in layer.states],
           "values": [first, second, four, again, seeded]}
    try:
        tf.keras.layers.GRU(2, stateful=True)(tf.keras.Input((3, 1)))
    except ValueError as e:
        out["error"] = str(e).split(":")[0]
    try:
        layer.reset_states([np.zeros((3, 2), np.float32), np.zeros((2, 2), np.float32)])
    except ValueError as e:
        out["bad_state"] = str(e).split(":")[0]  # TF prints the variable in the expected shape: a TF slip
    return out
