#!/usr/bin/env python3
"""Writes TF-written training meta graphs whose forward and gradient ops TF fuses (SqrtGrad, RsqrtGrad,
ReciprocalGrad, Xlogy, Xdivy, Xlog1py, EuclideanNorm, SparseSegment*Grad, DenseBincount, PreventGradient)
for x_lead13_tfops.py to import and train (run once, with TensorFlow 2.21):

    /path/to/tf-venv/bin/python tests/conformance_extra/fixtures_tfops/make_fixtures.py
"""
import os

import numpy as np
import tensorflow.compat.v1 as tf

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    tf.disable_v2_behavior()
    with tf.Graph().as_default():
        w = tf.Variable(np.linspace(0.5, 2.0, 12).reshape(4, 3).astype(np.float32), name="w")
        emb = tf.Variable(np.linspace(-1.0, 1.0, 15).reshape(5, 3).astype(np.float32), name="emb")
        ids = tf.SparseTensor([[0, 0], [0, 1], [1, 0], [2, 0]], tf.constant([1, 3, 3, 4], tf.int64), [3, 2])
        looked = tf.concat([tf.nn.embedding_lookup_sparse(emb, ids, None, combiner=c) for c in ("sum", "mean", "sqrtn")],
                           0)
        normed = tf.nn.batch_normalization(w, *tf.nn.moments(w, [0]), 0.1, 1.2, 1e-3)
        counts = tf.cast(tf.math.bincount(tf.constant([0, 2, 2, 3])), tf.float32)
        loss = tf.add_n([
            tf.reduce_sum(tf.sqrt(w)), tf.reduce_sum(tf.reciprocal(w + 1.0)), tf.reduce_sum(tf.rsqrt(w)),
            tf.reduce_sum(tf.math.xlogy(w, w + 1.0)), tf.reduce_sum(tf.math.xdivy(w, w + 2.0)),
            tf.reduce_sum(tf.math.xlog1py(w, w)), tf.reduce_sum(tf.math.reduce_euclidean_norm(w, 1)),
            tf.reduce_sum(normed * normed), tf.reduce_sum(looked * looked), tf.reduce_sum(counts),
            tf.reduce_sum(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0, 1, 2, 0], logits=w)),
        ], name="loss")
        tf.train.GradientDescentOptimizer(0.05).minimize(loss, name="train")
        tf.train.export_meta_graph(os.path.join(HERE, "fused_ops_training.meta"))
    print("wrote", os.listdir(HERE))


if __name__ == "__main__":
    main()
