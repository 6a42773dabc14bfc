#!/usr/bin/env python3
"""Writes the Keras HDF5 weights files x_keras3_hdf5.py loads, with TensorFlow 2.21's legacy Keras.

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


if __name__ == "__main__":
    main()
