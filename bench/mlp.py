#!/usr/bin/env python3
"""MLP training step benchmark: a 784-512-512-10 ReLU MLP, softmax cross-entropy, plain SGD, batch 256.

    build_mlp_train_step(tf)   -> step(): one `sess.run(train_op, feed)` of the TF1 graph (tfsess by default)
    numpy_mlp_train_step()     -> step(): the same forward, backward and update written by hand in NumPy float32

Both start from the same weights and data, so their losses agree step by step. Run this file
to print the median step time of each (after warm-up) and their ratio.
"""
from __future__ import annotations

import statistics
import sys
import time

import numpy as np

SIZES = (784, 512, 512, 10)
BATCH = 256
LEARNING_RATE = 0.01


def _weights(seed=0):
    """Glorot-uniform kernels and zero biases, float32."""
    rng = np.random.default_rng(seed)
    params = []
    for fan_in, fan_out in zip(SIZES[:-1], SIZES[1:]):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        params.append(rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32))
        params.append(np.zeros(fan_out, np.float32))
    return params


def _data(batch=BATCH, seed=1):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, SIZES[0])).astype(np.float32)
    labels = rng.integers(0, SIZES[-1], batch)
    y = np.eye(SIZES[-1], dtype=np.float32)[labels]
    return x, y


def build_mlp_train_step(tf=None, batch=BATCH, seed=0, learning_rate=LEARNING_RATE, return_loss=False, config=None):
    """One training step of the MLP as a TF1 graph (a session with `config`); returns `step()` (the loss if asked)."""
    if tf is None:
        import tfsess as tf
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(tf.float32, [None, SIZES[0]], name="x")
        y = tf.placeholder(tf.float32, [None, SIZES[-1]], name="y")
        params = [tf.Variable(p) for p in _weights(seed)]
        h = x
        for i in range(0, len(params), 2):
            h = tf.matmul(h, params[i]) + params[i + 1]
            if i + 2 < len(params):
                h = tf.nn.relu(h)
        loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=h))
        train = tf.train.GradientDescentOptimizer(learning_rate).minimize(loss)
        init = tf.global_variables_initializer()
    sess = tf.Session(graph=graph, config=config)
    sess.run(init)
    xs, ys = _data(batch)
    feed = {x: xs, y: ys}
    if return_loss:
        return lambda: sess.run([train, loss], feed)[1]
    return lambda: sess.run(train, feed)


def numpy_mlp_train_step(batch=BATCH, seed=0, learning_rate=LEARNING_RATE, return_loss=False):
    """The same step written by hand in NumPy float32 (forward, backward, in-place SGD); returns `step()`."""
    w1, b1, w2, b2, w3, b3 = _weights(seed)
    x, y = _data(batch)
    lr = np.float32(learning_rate)
    inv_batch = np.float32(1.0 / batch)

    def step():
        z1 = x @ w1 + b1
        h1 = np.maximum(z1, 0)
        z2 = h1 @ w2 + b2
        h2 = np.maximum(z2, 0)
        logits = h2 @ w3 + b3
        shifted = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        total = exp.sum(axis=1, keepdims=True)
        probs = exp / total
        loss = np.mean(-(y * (shifted - np.log(total))).sum(axis=1))
        d_logits = (probs - y) * inv_batch
        d_h2 = d_logits @ w3.T
        d_z2 = d_h2 * (z2 > 0)
        d_h1 = d_z2 @ w2.T
        d_z1 = d_h1 * (z1 > 0)
        for param, grad in ((w3, h2.T @ d_logits), (b3, d_logits.sum(0)), (w2, h1.T @ d_z2),
                            (b2, d_z2.sum(0)), (w1, x.T @ d_z1), (b1, d_z1.sum(0))):
            param -= lr * grad
        return loss if return_loss else None

    return step


def median_step_times(steps, warmup=3, runs=20):
    """Median seconds per call of each step function, the calls interleaved so load hits all alike."""
    for step in steps:
        for _ in range(warmup):
            step()
    times = [[] for _ in steps]
    for _ in range(runs):
        for step, record in zip(steps, times):
            t0 = time.perf_counter()
            step()
            record.append(time.perf_counter() - t0)
    return [statistics.median(record) for record in times]


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    runs = int(args[0]) if args else 20
    numpy_s, tfsess_s = median_step_times([numpy_mlp_train_step(), build_mlp_train_step()], runs=runs)
    print(f"numpy floor  {numpy_s * 1e3:8.2f} ms/step")
    print(f"tfsess       {tfsess_s * 1e3:8.2f} ms/step")
    print(f"ratio        {tfsess_s / numpy_s:8.2f}x")


if __name__ == "__main__":
    main()
