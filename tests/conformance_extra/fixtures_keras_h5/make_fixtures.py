#!/usr/bin/env python3
"""Writes the Keras HDF5 weights and model files x_keras3_*.py load, with TensorFlow 2.21's legacy Keras.

    TF_USE_LEGACY_KERAS=1 /path/to/tf-venv/bin/python tests/conformance_extra/fixtures_keras_h5/make_fixtures.py
"""
import os

import numpy as np

os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
import tensorflow.compat.v1 as tf  # noqa: E402

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    layers = tf.keras.layers
    model = tf.keras.Sequential([layers.Dense(5, activation="relu", input_shape=(4,), name="hidden"),
                                 layers.BatchNormalization(name="norm"), layers.Dropout(0.5, name="drop"),
                                 layers.Dense(3, name="logits")])
    rng = np.random.default_rng(11)
    model.set_weights([rng.normal(size=w.shape.as_list()).astype(np.float32) for w in model.weights])
    model.save_weights(os.path.join(HERE, "mlp_weights.h5"))
    x = tf.keras.Input((6,), name="features")
    h = layers.Conv1D(2, 3, name="conv")(layers.Reshape((6, 1), name="as_seq")(x))
    y = layers.Dense(2, name="head")(layers.Flatten(name="flat")(h))
    conv = tf.keras.Model(x, y)
    conv.set_weights([rng.normal(size=w.shape.as_list()).astype(np.float32) for w in conv.weights])
    conv.save_weights(os.path.join(HERE, "conv_weights.hdf5"))
    _models(layers, rng)


def _models(layers, rng):
    """Whole-model HDF5 files (config, weights, compile arguments), as model.save('m.h5') writes them."""
    cnn = tf.keras.Sequential([layers.Conv2D(4, 3, padding="same", activation="relu", input_shape=(8, 8, 1)),
                               layers.MaxPooling2D(), layers.Conv2D(6, (3, 3), strides=2), layers.Flatten(),
                               layers.Dense(3), layers.Activation("softmax")], name="small_cnn")
    x = tf.keras.Input((6,), name="features")
    a = layers.Dense(4, activation="tanh", name="a")(x)
    b = layers.Dense(4, kernel_regularizer=tf.keras.regularizers.l2(0.01), name="b")(x)
    merged = layers.Concatenate(name="both")([layers.Concatenate(name="ab")([a, b]), layers.Add(name="sum")([a, b])])
    functional = tf.keras.Model(x, layers.Dense(2, name="out")(merged), name="two_branches")
    rnn = tf.keras.Sequential([layers.Embedding(20, 5, input_length=7), layers.LSTM(6, return_sequences=True),
                               layers.GRU(4), layers.Dense(2)], name="recurrent")
    mlp = tf.keras.Sequential([layers.Dense(5, activation="relu", input_shape=(4,)), layers.BatchNormalization(),
                               layers.Dropout(0.5), layers.Dense(3, activation="softmax")], name="mlp")
    for name, model, optimizer in (("cnn", cnn, "sgd"), ("functional", functional, tf.keras.optimizers.Adam(0.01)),
                                   ("rnn", rnn, "rmsprop"), ("mlp", mlp, "adam")):
        model.set_weights([np.abs(v) if "variance" in w.name else v for w, v in zip(
            model.weights, [rng.normal(size=w.shape.as_list()).astype(np.float32) * 0.3 for w in model.weights])])
        model.compile(optimizer=optimizer, loss="mse", metrics=["mae"])
        model.save(os.path.join(HERE, f"{name}_model.h5"))


if __name__ == "__main__":
    main()
