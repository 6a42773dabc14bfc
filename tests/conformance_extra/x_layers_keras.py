"""tf.keras in TF1 graph mode (legacy Keras): layer variables, names and values with seeded
initializers, the Keras session, functional and Sequential models trained with compile/fit
(np.random.seed fixes fit's shuffle), evaluate/predict/*_on_batch, losses, metrics, optimizers.

Recorded from TF 2.21 with tf-keras and TF_USE_LEGACY_KERAS=1."""
import os
import tempfile

import numpy as np

from _casekit import wave as _fixed, variable_names as _names


def _glorot(tf, seed):
    return tf.keras.initializers.glorot_uniform(seed=seed)


def _run(tf, fetches, feed=None):
    return tf.keras.backend.get_session().run(fetches, feed_dict=feed)


def case_x_layers_keras_dense_names_values(tf):
    x = tf.constant(_fixed([2, 3]))
    d = tf.keras.layers.Dense(4, kernel_initializer=_glorot(tf, 1), bias_initializer="ones", activation="relu")
    y = d(x)
    z = tf.keras.layers.Dense(2, kernel_initializer=_glorot(tf, 2))(y)
    return {"vars": _names(tf.global_variables()), "ops": [y.op.name, z.op.name], "shape": y.shape.as_list(),
            "y": _run(tf, y), "z": _run(tf, z), "name": d.name, "trainable": len(d.trainable_weights)}


def case_x_layers_keras_dense_reuse_call_twice(tf):
    d = tf.keras.layers.Dense(2, kernel_initializer=_glorot(tf, 3), name="fc")
    a = d(tf.constant(_fixed([1, 3])))
    b = d(tf.constant(_fixed([2, 3], phase=1.0)))
    return {"vars": _names(tf.global_variables()), "ops": [a.op.name, b.op.name], "a": _run(tf, a), "b": _run(tf, b)}


def case_x_layers_keras_dense_rank3(tf):
    x = tf.constant(_fixed([2, 3, 4]))
    y = tf.keras.layers.Dense(2, kernel_initializer=_glorot(tf, 4))(x)
    return {"shape": y.shape.as_list(), "y": _run(tf, y)}


def case_x_layers_keras_conv2d_pool_flatten(tf):
    x = tf.constant(_fixed([2, 6, 6, 2]))
    c = tf.keras.layers.Conv2D(3, 3, padding="same", activation="relu", kernel_initializer=_glorot(tf, 5))(x)
    p = tf.keras.layers.MaxPooling2D()(c)
    a = tf.keras.layers.AveragePooling2D(pool_size=(3, 3), strides=1)(c)
    f = tf.keras.layers.Flatten()(p)
    return {"vars": _names(tf.global_variables()), "shapes": [t.shape.as_list() for t in (c, p, a, f)],
            "values": _run(tf, [c, p, a, f])}


def case_x_layers_keras_conv1d_global_pool(tf):
    x = tf.constant(_fixed([2, 7, 3]))
    c = tf.keras.layers.Conv1D(4, 3, strides=2, kernel_initializer=_glorot(tf, 6))(x)
    g = tf.keras.layers.GlobalAveragePooling1D()(c)
    m = tf.keras.layers.GlobalMaxPooling1D()(c)
    p = tf.keras.layers.MaxPooling1D(2)(c)
    return {"shapes": [t.shape.as_list() for t in (c, g, m, p)], "values": _run(tf, [c, g, m, p])}


def case_x_layers_keras_conv_variants(tf):
    x = tf.constant(_fixed([1, 5, 5, 2]))
    t = tf.keras.layers.Conv2DTranspose(2, 3, strides=2, kernel_initializer=_glorot(tf, 7))(x)
    s = tf.keras.layers.SeparableConv2D(3, 2, depthwise_initializer=_glorot(tf, 8),
                                        pointwise_initializer=_glorot(tf, 9))(x)
    d = tf.keras.layers.DepthwiseConv2D(2, depth_multiplier=2, depthwise_initializer=_glorot(tf, 10))(x)
    g = tf.keras.layers.GlobalMaxPooling2D()(x)
    return {"vars": _names(tf.global_variables()), "shapes": [v.shape.as_list() for v in (t, s, d, g)],
            "values": _run(tf, [t, s, d, g])}


def case_x_layers_keras_padding_upsampling_reshape(tf):
    x = tf.constant(_fixed([1, 2, 3, 2]))
    z = tf.keras.layers.ZeroPadding2D(((1, 0), (0, 2)))(x)
    u = tf.keras.layers.UpSampling2D((2, 1))(x)
    r = tf.keras.layers.Reshape((3, -1))(x)
    p = tf.keras.layers.Permute((2, 1))(r)
    v = tf.keras.layers.RepeatVector(2)(tf.constant(_fixed([2, 3])))
    return {"shapes": [t.shape.as_list() for t in (z, u, r, p, v)], "values": _run(tf, [z, u, r, p, v])}


def case_x_layers_keras_activation_layers(tf):
    x = tf.constant(_fixed([2, 4], 3.0))
    outs = [tf.keras.layers.Activation("tanh")(x), tf.keras.layers.LeakyReLU()(x),
            tf.keras.layers.ReLU(max_value=1.0)(x), tf.keras.layers.Softmax()(x), tf.keras.layers.ELU()(x),
            tf.keras.layers.Activation("hard_sigmoid")(x), tf.keras.layers.Activation("softplus")(x)]
    return {"values": _run(tf, outs), "names": [o.op.name.split("/")[0] for o in outs]}


def case_x_layers_keras_activations_functions(tf):
    x = tf.constant(_fixed([3, 3], 4.0))
    a = tf.keras.activations
    return {"values": _run(tf, [a.relu(x, alpha=0.1), a.relu(x, max_value=2.0), a.elu(x, alpha=0.5), a.selu(x),
                                a.sigmoid(x), a.softsign(x), a.swish(x), a.exponential(x * 0.1),
                                a.softmax(x, axis=0), a.get("linear")(x)])}


def case_x_layers_keras_merge_layers(tf):
    a, b = tf.constant(_fixed([2, 3])), tf.constant(_fixed([2, 3], phase=2.0))
    outs = [tf.keras.layers.Add()([a, b]), tf.keras.layers.Subtract()([a, b]), tf.keras.layers.Multiply()([a, b]),
            tf.keras.layers.Average()([a, b]), tf.keras.layers.Maximum()([a, b]), tf.keras.layers.Minimum()([a, b]),
            tf.keras.layers.Concatenate()([a, b]), tf.keras.layers.concatenate([a, b], axis=0),
            tf.keras.layers.add([a, b, a])]
    return {"values": _run(tf, outs), "shapes": [o.shape.as_list() for o in outs]}


def case_x_layers_keras_embedding_lambda(tf):
    ids = tf.constant([[0, 2], [3, 1]])
    e = tf.keras.layers.Embedding(4, 3, embeddings_initializer=tf.keras.initializers.RandomUniform(seed=11))
    y = e(ids)
    lam = tf.keras.layers.Lambda(lambda t, k: t * k, arguments={"k": 2.0})(y)
    return {"vars": _names(tf.global_variables()), "y": _run(tf, y), "lam": _run(tf, lam)}


def case_x_layers_keras_dropout_learning_phase(tf):
    x = tf.ones([4, 5])
    y = tf.keras.layers.Dropout(0.5, seed=3)(x)
    phase = tf.keras.backend.learning_phase()
    test = _run(tf, y)
    train = _run(tf, y, {phase: True})
    return {"test": test, "train_zeros_or_two": sorted(set(np.round(train.ravel(), 4).tolist())),
            "phase": phase.op.name, "phase_type": phase.op.type}


def case_x_layers_keras_batchnorm_updates(tf):
    x = tf.constant(_fixed([4, 3], 2.0, 0.3))
    bn = tf.keras.layers.BatchNormalization(momentum=0.9)
    y_train = bn(x, training=True)
    y_test = bn(x, training=False)
    sess = tf.keras.backend.get_session()
    first = sess.run(y_train)
    sess.run(bn.updates)
    return {"vars": _names(bn.weights), "n_updates": len(bn.updates), "train": first,
            "moving": sess.run([bn.moving_mean, bn.moving_variance]), "test": sess.run(y_test),
            "trainable": [v.name for v in bn.trainable_weights]}


def case_x_layers_keras_batchnorm_conv_fused_like(tf):
    x = tf.constant(_fixed([2, 3, 3, 2], 1.5))
    bn = tf.keras.layers.BatchNormalization()
    y = bn(x, training=True)
    sess = tf.keras.backend.get_session()
    out = sess.run(y)
    sess.run(bn.updates)
    return {"y": out, "moving": sess.run([bn.moving_mean, bn.moving_variance])}


def case_x_layers_keras_layer_normalization(tf):
    x = tf.constant(_fixed([3, 4], 2.0))
    y = tf.keras.layers.LayerNormalization()(x)
    return {"y": _run(tf, y), "vars": _names(tf.global_variables())}


def case_x_layers_keras_custom_layer(tf):
    class Scale(tf.keras.layers.Layer):
        def build(self, input_shape):
            self.w = self.add_weight("w", shape=[int(input_shape[-1])], initializer="ones")
            self.c = self.add_weight("c", shape=[], initializer="zeros", trainable=False)
            super().build(input_shape)

        def call(self, inputs):
            return inputs * self.w + self.c

    layer = Scale()
    y = layer(tf.constant(_fixed([2, 3])))
    return {"name": layer.name, "vars": _names(layer.weights), "trainable": _names(layer.trainable_weights),
            "y": _run(tf, y), "weights": layer.get_weights()}


def case_x_layers_keras_set_get_weights(tf):
    d = tf.keras.layers.Dense(2)
    y = d(tf.constant(_fixed([1, 3])))
    d.set_weights([_fixed([3, 2]), np.array([1.0, -1.0], np.float32)])
    return {"weights": d.get_weights(), "y": _run(tf, y), "count": d.count_params()}


def case_x_layers_keras_regularizers_losses(tf):
    d = tf.keras.layers.Dense(2, kernel_initializer=_glorot(tf, 12), kernel_regularizer=tf.keras.regularizers.l2(0.1),
                              bias_regularizer=tf.keras.regularizers.l1(0.5), bias_initializer="ones")
    d(tf.constant(_fixed([2, 3])))
    return {"n": len(d.losses), "values": _run(tf, d.losses),
            "l1l2": _run(tf, tf.keras.regularizers.l1_l2(0.1, 0.2)(tf.constant(_fixed([3]))))}


def case_x_layers_keras_initializers_seeded(tf):
    i = tf.keras.initializers
    vals = [i.RandomNormal(seed=1)([2, 3]), i.RandomUniform(seed=2)([2, 3]), i.TruncatedNormal(seed=3)([2, 3]),
            i.he_normal(seed=4)([3, 2]), i.lecun_uniform(seed=5)([3, 2]), i.glorot_normal(seed=6)([3, 2]),
            i.Constant(0.5)([2]), i.Orthogonal(seed=7)([3, 3])]
    return {"values": _run(tf, vals)}


def case_x_layers_keras_backend_helpers(tf):
    K = tf.keras.backend
    v = K.variable(_fixed([2, 2]), name="kv")
    K.set_value(v, np.ones([2, 2], np.float32) * 3)
    p = K.placeholder(shape=(None, 4))
    return {"v": K.get_value(v), "eval": K.eval(v * 2), "batch": K.batch_get_value([v, v + 1]),
            "int_shape": K.int_shape(p), "floatx": K.floatx(), "eps": K.epsilon(), "name": v.name,
            "ndim": K.ndim(p), "dtype": K.dtype(p)}


def _hist(history):
    """Epoch values at float32 precision (TF's own tolerance for them)."""
    return {k: np.asarray(v, np.float32) for k, v in history.history.items()}


def _data():
    rng = np.random.RandomState(0)
    x = rng.rand(12, 3).astype(np.float32)
    y = (x.sum(1) > 1.5).astype(np.int32)
    return x, y


def _mlp(tf, out_units=2, out_activation="softmax"):
    inp = tf.keras.Input((3,))
    h = tf.keras.layers.Dense(4, activation="relu", kernel_initializer=_glorot(tf, 21))(inp)
    out = tf.keras.layers.Dense(out_units, activation=out_activation, kernel_initializer=_glorot(tf, 22))(h)
    return tf.keras.Model(inp, out)


def case_x_layers_keras_functional_fit_adam(tf):
    np.random.seed(1)
    x, y = _data()
    m = _mlp(tf)
    m.compile(tf.keras.optimizers.Adam(0.05), "sparse_categorical_crossentropy", metrics=["accuracy"])
    h = m.fit(x, y, epochs=3, batch_size=5, verbose=0, validation_data=(x, y))
    return {"history": _hist(h), "epoch": h.epoch, "metrics_names": m.metrics_names,
            "vars": [v.name for v in tf.global_variables()], "eval": m.evaluate(x, y, verbose=0),
            "predict": m.predict(x[:3]), "layers": [l.name for l in m.layers]}


def case_x_layers_keras_sequential_sgd_momentum(tf):
    np.random.seed(2)
    x, y = _data()
    m = tf.keras.Sequential([tf.keras.layers.Dense(5, activation="tanh", input_shape=(3,),
                                                   kernel_initializer=_glorot(tf, 23)),
                             tf.keras.layers.Dense(1, activation="sigmoid", kernel_initializer=_glorot(tf, 24))])
    m.compile(tf.keras.optimizers.SGD(0.1, momentum=0.9, nesterov=True), "binary_crossentropy", metrics=["acc"])
    h = m.fit(x, y.astype(np.float32), epochs=2, batch_size=4, verbose=0, shuffle="batch")
    return {"history": _hist(h), "weights": m.get_weights(), "names": m.metrics_names,
            "vars": [v.name for v in tf.global_variables()]}


def case_x_layers_keras_sequential_mse_no_shuffle(tf):
    x, _ = _data()
    target = (x @ np.array([[1.0], [-2.0], [0.5]], np.float32)).astype(np.float32)
    m = tf.keras.Sequential()
    m.add(tf.keras.layers.Dense(1, input_dim=3, kernel_initializer="zeros"))
    m.compile(tf.keras.optimizers.SGD(0.1), "mse", metrics=["mae"])
    h = m.fit(x, target, epochs=4, batch_size=6, shuffle=False, verbose=0)
    return {"history": _hist(h), "weights": m.get_weights(), "eval": m.evaluate(x, target, verbose=0)}


def case_x_layers_keras_fit_one_shuffled_epoch(tf):
    np.random.seed(4)
    x, y = _data()
    m = _mlp(tf)
    m.compile(tf.keras.optimizers.SGD(0.2), "sparse_categorical_crossentropy", metrics=["accuracy"])
    h = m.fit(x, y, epochs=1, batch_size=5, verbose=0)
    return {"history": _hist(h), "weights": m.get_weights()}


def case_x_layers_keras_rmsprop_adagrad(tf):
    x, y = _data()
    results = {}
    for name, opt in (("rms", tf.keras.optimizers.RMSprop(0.01)), ("adagrad", tf.keras.optimizers.Adagrad(0.1))):
        m = _mlp(tf)
        m.compile(opt, "sparse_categorical_crossentropy")
        results[name] = [m.train_on_batch(x, y) for _ in range(3)]
        results[name + "_slots"] = sorted(v.name.split("/", 1)[1] for v in tf.global_variables()
                                          if name[:3] in v.name.lower())
    return results


def case_x_layers_keras_on_batch_methods(tf):
    x, y = _data()
    m = _mlp(tf, 2)
    m.compile("sgd", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return {"train": m.train_on_batch(x, y), "test": m.test_on_batch(x, y), "predict": m.predict_on_batch(x[:2])}


def case_x_layers_keras_categorical_onehot(tf):
    x, y = _data()
    y1 = tf.keras.utils.to_categorical(y, 2)
    m = _mlp(tf, 2)
    m.compile(tf.keras.optimizers.SGD(0.5), "categorical_crossentropy", metrics=["accuracy"])
    h = m.fit(x, y1, epochs=2, batch_size=12, verbose=0)
    return {"onehot": y1, "history": _hist(h)}


def case_x_layers_keras_loss_functions(tf):
    yt = tf.constant([[0.0, 1.0], [1.0, 0.0]])
    yp = tf.constant([[0.2, 0.8], [0.6, 0.4]])
    L = tf.keras.losses
    vals = [L.mean_squared_error(yt, yp), L.mean_absolute_error(yt, yp), L.categorical_crossentropy(yt, yp),
            L.categorical_crossentropy(yt, yp, from_logits=True), L.binary_crossentropy(yt, yp),
            L.binary_crossentropy(yt, yp, from_logits=True), L.sparse_categorical_crossentropy([1, 0], yp),
            L.sparse_categorical_crossentropy([1, 0], yp, from_logits=True)]
    return {"values": _run(tf, vals)}


def case_x_layers_keras_loss_classes(tf):
    yt = tf.constant([[0.0, 1.0], [1.0, 0.0]])
    yp = tf.constant([[0.2, 0.8], [0.6, 0.4]])
    L = tf.keras.losses
    vals = [L.MeanSquaredError()(yt, yp), L.MeanAbsoluteError(reduction="sum")(yt, yp),
            L.CategoricalCrossentropy(from_logits=True)(yt, yp), L.BinaryCrossentropy()(yt, yp),
            L.SparseCategoricalCrossentropy()([1, 0], yp), L.Huber(delta=0.1)(yt, yp),
            L.MeanSquaredError(reduction="none")(yt, yp), L.MeanSquaredError()(yt, yp, sample_weight=[1.0, 0.0])]
    return {"values": _run(tf, vals)}


def case_x_layers_keras_metric_functions_and_mean(tf):
    M = tf.keras.metrics
    yt = tf.constant([[0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    yp = tf.constant([[0.2, 0.8], [0.3, 0.7], [0.9, 0.1]])
    vals = [M.categorical_accuracy(yt, yp), M.binary_accuracy(yt, yp), M.sparse_categorical_accuracy([1, 0, 1], yp)]
    mean = M.Mean()
    update = mean.update_state([1.0, 2.0, 6.0])
    result = mean.result()
    sess = tf.keras.backend.get_session()
    sess.run(tf.local_variables_initializer())
    sess.run(update)
    return {"values": sess.run(vals), "mean": sess.run(result)}


def case_x_layers_keras_optimizer_minimize(tf):
    v = tf.keras.backend.variable([1.0, -2.0], name="w")
    loss = tf.reduce_sum(tf.square(v))
    opt = tf.keras.optimizers.SGD(0.1, momentum=0.5)
    step = opt.get_updates(loss, [v])
    sess = tf.keras.backend.get_session()
    sess.run(tf.global_variables_initializer())
    for _ in range(3):
        sess.run(step)
    return {"v": sess.run(v), "iter": sess.run(opt.iterations)}


def case_x_layers_keras_lstm_gru_simple(tf):
    x = tf.constant(_fixed([2, 4, 3]))
    outs = []
    for cls, seed in ((tf.keras.layers.SimpleRNN, 31), (tf.keras.layers.LSTM, 32), (tf.keras.layers.GRU, 33)):
        layer = cls(3, return_sequences=True, kernel_initializer=_glorot(tf, seed),
                    recurrent_initializer=tf.keras.initializers.Orthogonal(seed=seed + 10))
        outs.append(layer(x))
    last = tf.keras.layers.LSTM(2, return_state=True, kernel_initializer=_glorot(tf, 41),
                                recurrent_initializer=tf.keras.initializers.Orthogonal(seed=42))(x)
    return {"vars": _names(tf.global_variables()), "values": _run(tf, outs + list(last)),
            "shapes": [o.shape.as_list() for o in outs]}


def case_x_layers_keras_callbacks(tf):
    np.random.seed(3)
    x, y = _data()
    m = _mlp(tf)
    m.compile(tf.keras.optimizers.SGD(0.01), "sparse_categorical_crossentropy")
    seen = []
    cb = tf.keras.callbacks.LambdaCallback(on_epoch_end=lambda e, logs: seen.append((e, sorted(logs))))
    stop = tf.keras.callbacks.EarlyStopping(monitor="loss", patience=0, min_delta=10.0)
    h = m.fit(x, y, epochs=5, batch_size=4, verbose=0, callbacks=[cb, stop])
    return {"seen": seen, "epochs": h.epoch, "stopped": stop.stopped_epoch}


def case_x_layers_keras_summary_text(tf):
    m = tf.keras.Sequential([tf.keras.layers.Conv2D(2, 3, input_shape=(5, 5, 1)), tf.keras.layers.Flatten(),
                             tf.keras.layers.Dense(3), tf.keras.layers.BatchNormalization()])
    lines = []
    m.summary(print_fn=lines.append)
    return {"lines": lines}


def case_x_layers_keras_save_load_weights(tf):
    m = _mlp(tf)
    before = m.get_weights()
    path = os.path.join(tempfile.mkdtemp(), "w.ckpt")
    m.save_weights(path)
    m.set_weights([w * 0 for w in before])
    zeroed = m.get_weights()[0].sum()
    m.load_weights(path)
    return {"restored": [np.allclose(a, b) for a, b in zip(before, m.get_weights())], "zeroed": zeroed}


def case_x_layers_keras_subclassed_model(tf):
    class Net(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.d1 = tf.keras.layers.Dense(3, activation="relu", kernel_initializer=_glorot(tf, 51))
            self.d2 = tf.keras.layers.Dense(1, kernel_initializer=_glorot(tf, 52))

        def call(self, inputs):
            return self.d2(self.d1(inputs))

    net = Net()
    y = net(tf.constant(_fixed([2, 4])))
    return {"name": net.name, "vars": _names(net.weights), "y": _run(tf, y), "n_layers": len(net.layers)}


def case_x_layers_keras_input_errors(tf):
    out = {}
    try:
        tf.keras.layers.Conv2D(2, 3)(tf.ones([2, 3]))
    except ValueError as e:
        out["conv"] = str(e).split(":")[0]
    try:
        tf.keras.layers.Dense(2, bogus=1)
    except TypeError as e:
        out["kwarg"] = str(e)
    return out


def case_x_layers_keras_bidirectional_time_distributed(tf):
    x = tf.constant(_fixed([2, 3, 4]))
    bi = tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(2, return_sequences=True, kernel_initializer=_glorot(tf, 61),
                                                            recurrent_initializer=tf.keras.initializers.Orthogonal(seed=62)))
    y = bi(x)
    td = tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(3, kernel_initializer=_glorot(tf, 63)))
    z = td(x)
    s = tf.keras.layers.Bidirectional(tf.keras.layers.SimpleRNN(2, kernel_initializer=_glorot(tf, 64),
                                                                recurrent_initializer="zeros"), merge_mode="sum")(x)
    return {"vars": _names(tf.global_variables()), "shapes": [t.shape.as_list() for t in (y, z, s)],
            "values": _run(tf, [y, z, s])}


def case_x_layers_keras_clear_session_names(tf):
    a = tf.keras.layers.Dense(1).name
    b = tf.keras.layers.Dense(1).name
    tf.keras.backend.clear_session()
    c = tf.keras.layers.Dense(1).name
    m = tf.keras.Sequential()
    return {"names": [a, b, c, m.name], "graph_ops": len(tf.get_default_graph().get_operations())}


def case_x_layers_keras_set_learning_phase_dropout(tf):
    tf.keras.backend.set_learning_phase(0)
    y = tf.keras.layers.Dropout(0.5)(tf.ones([2, 3]))
    return {"y": _run(tf, y), "type": y.op.type}


def case_x_layers_keras_deferred_sequential_validation_split(tf):
    x, y = _data()
    m = tf.keras.Sequential([tf.keras.layers.Dense(3, activation="relu", kernel_initializer=_glorot(tf, 71)),
                             tf.keras.layers.Dense(2, activation="softmax", kernel_initializer=_glorot(tf, 72))])
    m.compile(tf.keras.optimizers.SGD(0.3), "sparse_categorical_crossentropy", metrics=["accuracy"])
    h = m.fit(x, y, epochs=2, batch_size=3, verbose=0, validation_split=0.25, shuffle=False)
    return {"history": _hist(h), "params": h.params, "eval": m.evaluate(x, y, batch_size=5, verbose=0)}


def case_x_layers_keras_compile_with_tf_train_optimizer(tf):
    x, y = _data()
    m = _mlp(tf)
    m.compile(tf.train.GradientDescentOptimizer(0.5), "sparse_categorical_crossentropy")
    h = m.fit(x, y, epochs=2, batch_size=6, verbose=0, shuffle=False)
    return {"history": _hist(h), "evaluate": m.evaluate(x, y, verbose=0)}


def case_x_layers_keras_multi_input_output(tf):
    a, b = tf.keras.Input((2,), name="a"), tf.keras.Input((3,), name="b")
    h = tf.keras.layers.concatenate([a, b])
    o1 = tf.keras.layers.Dense(1, name="o1", kernel_initializer=_glorot(tf, 81))(h)
    o2 = tf.keras.layers.Dense(2, name="o2", activation="softmax", kernel_initializer=_glorot(tf, 82))(h)
    m = tf.keras.Model([a, b], [o1, o2])
    m.compile(tf.keras.optimizers.SGD(0.1), ["mse", "sparse_categorical_crossentropy"], loss_weights=[1.0, 0.5])
    xa, xb = _fixed([4, 2]), _fixed([4, 3], phase=1.0)
    y1, y2 = _fixed([4, 1]), np.array([0, 1, 1, 0], np.int32)
    out = m.train_on_batch([xa, xb], [y1, y2])
    return {"names": m.metrics_names, "train": out, "predict": m.predict([xa, xb]),
            "layers": [l.name for l in m.layers]}
