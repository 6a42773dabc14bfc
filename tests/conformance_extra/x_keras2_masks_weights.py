"""tf.keras masks and weights in TF1 graph mode (legacy Keras): Masking and Embedding(mask_zero) masks
carried through layers and models, masked RNN steps and pooling, merge masks, and losses/metrics
weighted by masks, sample_weight, class_weight, sample_weight_mode='temporal' and weighted_metrics.

Recorded from TF 2.21 with tf-keras and TF_USE_LEGACY_KERAS=1 (np.random.seed fixes fit's shuffle)."""
import numpy as np

from _casekit import wave as _fixed


def _glorot(tf, seed):
    return tf.keras.initializers.glorot_uniform(seed=seed)


def _orth(tf, seed):
    return tf.keras.initializers.Orthogonal(seed=seed)


def _run(tf, fetches, feed=None):
    return tf.keras.backend.get_session().run(fetches, feed_dict=feed)


def _hist(history):
    return {k: np.asarray(v, np.float32) for k, v in history.history.items()}


def _f32(values):
    return np.asarray(values, np.float32)


_IDS = np.array([[1, 2, 0, 0], [3, 0, 0, 0], [4, 5, 6, 1], [2, 2, 2, 0], [6, 1, 0, 0], [5, 0, 0, 0]], np.int32)


def _seq_model(tf, cell="LSTM", return_sequences=False, units=3):
    x = tf.keras.Input(shape=(4,), dtype="int32")
    e = tf.keras.layers.Embedding(7, 3, mask_zero=True,
                                  embeddings_initializer=tf.keras.initializers.RandomUniform(seed=1))(x)
    r = getattr(tf.keras.layers, cell)(units, return_sequences=return_sequences, kernel_initializer=_glorot(tf, 3),
                                       recurrent_initializer=_orth(tf, 4))(e)
    return x, e, r


def case_x_keras2_embedding_mask_lstm_values(tf):
    x, e, r = _seq_model(tf, return_sequences=True)
    d = tf.keras.layers.Dense(2, kernel_initializer=_glorot(tf, 2))(r)
    g = tf.keras.layers.GlobalAveragePooling1D()(d)
    m = tf.keras.Model(x, [d, g])
    return {"mask_op": e._keras_mask.op.type, "mask_name": e._keras_mask.name,
            "carried": [r._keras_mask is e._keras_mask, d._keras_mask is e._keras_mask,
                        getattr(g, "_keras_mask", None) is None],
            "values": _run(tf, [e._keras_mask, r, d, g], {x: _IDS}), "predict": m.predict(_IDS)}


def case_x_keras2_masked_last_output_rnns(tf):
    out = {}
    for cell in ("SimpleRNN", "GRU", "LSTM"):
        x, _, r = _seq_model(tf, cell=cell)
        out[cell] = _run(tf, r, {x: _IDS})
        out[cell + "_mask"] = getattr(r, "_keras_mask", None) is None
    return out


def case_x_keras2_masking_layer_backwards_states(tf):
    data = _fixed([3, 5, 2])
    data[0, 3:] = 0.0
    data[1, :2] = 0.0
    data[2, 2] = 0.0
    x = tf.keras.Input(shape=(5, 2))
    masked = tf.keras.layers.Masking(0.0)(x)
    seq, h, c = tf.keras.layers.LSTM(2, return_sequences=True, return_state=True, go_backwards=True,
                                     kernel_initializer=_glorot(tf, 5), recurrent_initializer=_orth(tf, 6))(masked)
    bi = tf.keras.layers.Bidirectional(tf.keras.layers.GRU(2, kernel_initializer=_glorot(tf, 7),
                                                           recurrent_initializer=_orth(tf, 8)))(masked)
    return {"mask_op": masked._keras_mask.op.type, "state_masks": [getattr(t, "_keras_mask", None) is None
                                                                   for t in (h, c, bi)],
            "seq_mask": seq._keras_mask is masked._keras_mask,
            "values": _run(tf, [masked, masked._keras_mask, seq, h, c, bi], {x: data})}


def case_x_keras2_merge_and_concat_masks(tf):
    a = tf.keras.Input(shape=(3,), dtype="int32")
    b = tf.keras.Input(shape=(3,), dtype="int32")
    emb = tf.keras.layers.Embedding(5, 2, mask_zero=True, embeddings_initializer=tf.keras.initializers.RandomUniform(seed=2))
    ea, eb = emb(a), emb(b)
    plain = tf.keras.layers.Dense(2, kernel_initializer=_glorot(tf, 9))(tf.keras.Input(shape=(3, 2)))
    added = tf.keras.layers.Add()([ea, eb])
    cat_last = tf.keras.layers.Concatenate()([ea, eb])
    cat_time = tf.keras.layers.Concatenate(axis=1)([ea, eb])
    feed = {a: np.array([[1, 2, 0], [3, 0, 0]], np.int32), b: np.array([[1, 0, 0], [4, 4, 4]], np.int32)}
    return {"masks": _run(tf, [added._keras_mask, cat_last._keras_mask, cat_time._keras_mask], feed),
            "unmasked": getattr(plain, "_keras_mask", None) is None,
            "values": _run(tf, [added, cat_time], feed)}


def case_x_keras2_softmax_and_pool_explicit_mask(tf):
    x = tf.constant(_fixed([2, 4]))
    mask = tf.constant([[True, True, False, True], [False, True, True, True]])
    s = tf.keras.layers.Softmax()(x, mask=mask)
    seq = tf.constant(_fixed([2, 4, 3]))
    p = tf.keras.layers.GlobalAveragePooling1D()(seq, mask=mask)
    return {"softmax": _run(tf, s), "pool": _run(tf, p)}


def case_x_keras2_masked_temporal_loss_fit(tf):
    np.random.seed(3)
    x, _, r = _seq_model(tf, return_sequences=True)
    out = tf.keras.layers.Dense(1, kernel_initializer=_glorot(tf, 11))(r)
    m = tf.keras.Model(x, out)
    m.compile(tf.keras.optimizers.SGD(0.3), "mse", metrics=["mae"])
    y = _fixed([6, 4, 1], phase=0.4)
    h = m.fit(_IDS, y, epochs=3, batch_size=4, verbose=0)
    return {"history": _hist(h), "eval": _f32(m.evaluate(_IDS, y, batch_size=4, verbose=0)),
            "test": _f32(m.test_on_batch(_IDS, y)), "weights": m.get_weights()}


def _mlp(tf, out_units=2):
    inp = tf.keras.Input((3,))
    h = tf.keras.layers.Dense(4, activation="relu", kernel_initializer=_glorot(tf, 21))(inp)
    out = tf.keras.layers.Dense(out_units, activation="softmax", kernel_initializer=_glorot(tf, 22))(h)
    return tf.keras.Model(inp, out)


def _data():
    rng = np.random.RandomState(0)
    x = rng.rand(12, 3).astype(np.float32)
    y = (x.sum(1) > 1.5).astype(np.int32)
    return x, y


def case_x_keras2_sample_weight_fit_evaluate(tf):
    np.random.seed(5)
    x, y = _data()
    sw = np.linspace(0.0, 2.0, 12).astype(np.float32)
    m = _mlp(tf)
    m.compile(tf.keras.optimizers.SGD(0.2), "sparse_categorical_crossentropy", metrics=["accuracy"],
              weighted_metrics=["accuracy", "sparse_categorical_crossentropy"])
    h = m.fit(x, y, epochs=2, batch_size=5, sample_weight=sw, verbose=0)
    return {"names": m.metrics_names, "history": _hist(h),
            "eval": _f32(m.evaluate(x, y, sample_weight=sw, batch_size=5, verbose=0)),
            "eval_plain": _f32(m.evaluate(x, y, batch_size=5, verbose=0)), "weights": m.get_weights()}


def case_x_keras2_class_weight_and_on_batch(tf):
    np.random.seed(6)
    x, y = _data()
    m = _mlp(tf)
    m.compile(tf.keras.optimizers.SGD(0.2), "sparse_categorical_crossentropy", metrics=["accuracy"])
    h = m.fit(x, y, epochs=2, batch_size=4, class_weight={0: 0.5, 1: 3.0}, verbose=0)
    sw = np.array([1, 0, 2, 1, 0, 1, 1, 3, 0, 1, 1, 2], np.float32)
    train = m.train_on_batch(x, y, sample_weight=sw, class_weight={0: 2.0, 1: 1.0})
    test = m.test_on_batch(x, y, sample_weight=sw)
    return {"history": _hist(h), "train": _f32(train), "test": _f32(test), "weights": m.get_weights()}


def case_x_keras2_one_hot_class_weight_validation(tf):
    np.random.seed(7)
    x, y = _data()
    onehot = np.eye(2, dtype=np.float32)[y]
    sw = np.linspace(1.0, 0.2, 12).astype(np.float32)
    m = _mlp(tf)
    m.compile(tf.keras.optimizers.Adam(0.05), "categorical_crossentropy", metrics=["acc"],
              weighted_metrics=["acc"])
    h = m.fit(x[:8], onehot[:8], epochs=2, batch_size=3, class_weight={0: 1.5, 1: 0.5},
              validation_data=(x[8:], onehot[8:], sw[8:]), verbose=0)
    return {"history": _hist(h), "weights": m.get_weights()}


def case_x_keras2_temporal_sample_weights(tf):
    np.random.seed(8)
    x = tf.keras.Input(shape=(4, 2))
    out = tf.keras.layers.Dense(1, kernel_initializer=_glorot(tf, 12))(x)
    m = tf.keras.Model(x, out)
    m.compile(tf.keras.optimizers.SGD(0.1), "mae", sample_weight_mode="temporal", weighted_metrics=["mse"])
    data, target = _fixed([5, 4, 2]), _fixed([5, 4, 1], phase=1.0)
    sw = (np.arange(20).reshape(5, 4) % 3).astype(np.float32)
    h = m.fit(data, target, sample_weight=sw, epochs=2, batch_size=2, verbose=0)
    return {"history": _hist(h), "eval": _f32(m.evaluate(data, target, sample_weight=sw, verbose=0))}


def case_x_keras2_loss_objects_sample_weight(tf):
    L = tf.keras.losses
    yt, yp = tf.constant(_fixed([3, 4])), tf.constant(_fixed([3, 4], phase=0.7))
    sw = tf.constant([1.0, 0.0, 2.5])
    sw2 = tf.constant([[1.0], [0.5], [0.0]])
    vals = [L.MeanSquaredError()(yt, yp, sample_weight=sw), L.MeanAbsoluteError(reduction="sum")(yt, yp, sw),
            L.MeanSquaredError(reduction="none")(yt, yp, sample_weight=sw2), L.Huber()(yt, yp, sample_weight=2.0),
            L.MeanSquaredError()(yt, yp, sample_weight=sw2)]
    return _run(tf, vals)


def case_x_keras2_weight_errors(tf):
    x, y = _data()
    m = _mlp(tf)
    m.compile("sgd", "sparse_categorical_crossentropy")
    out = {}
    try:
        m.fit(x, y, sample_weight=np.ones((12, 2)), verbose=0)
    except ValueError as e:
        out["rank"] = str(e).split(".")[0]
    try:
        m.fit(x, y, class_weight={0: 1.0}, verbose=0)
    except ValueError as e:
        out["class"] = str(e)
    try:
        m.fit(x, y, sample_weight=np.ones(5), verbose=0)
    except ValueError as e:
        out["length"] = type(e).__name__
    return out
