"""Records TF's values for random_bits_cases.py into random_bits_tf.npz.

Run with a TensorFlow 2.21 environment: python tests/ops/record_random_bits.py
"""
import os
import sys

import numpy as np

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")  # tf.layers.dropout
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import random_bits_cases  # noqa: E402
import tensorflow.compat.v1 as tf  # noqa: E402

tf.disable_v2_behavior()

recorded = {}
for case in random_bits_cases.CASES:
    for key, value in random_bits_cases.run_case(tf, case).items():
        recorded[f"{case}:{key}"] = value
np.savez_compressed(os.path.join(HERE, "random_bits_tf.npz"), **recorded)
print(f"{len(recorded)} arrays recorded")
