#!/usr/bin/env python3
"""Convnet training step benchmark: two conv(5x5, SAME) + relu + 2x2 max-pool layers (32 and 64
channels) and a dense layer on 28x28x1 images, batch 64, softmax cross-entropy, one
GradientDescent step.

    build_convnet_train_step(tf)   -> step(): one `sess.run(train_op)` (tfsess by default)
    numpy_convnet_train_step()     -> step(): the same forward, backward and update in NumPy

Both start from the same weights and data, so their losses agree step by step. Run this file to
print the median step time of each and their ratio.
"""
from __future__ import annotations

import sys

import numpy as np

from timing import median_time

BATCH, SIZE, CLASSES, KERNEL = 64, 28, 10, 5
CHANNELS = (1, 32, 64)
LEARNING_RATE = 0.05


def _params(seed=0):
    rng = np.random.default_rng(seed)
    params = []
    for cin, cout in zip(CHANNELS[:-1], CHANNELS[1:]):
        params += [rng.normal(0, 0.1, (KERNEL, KERNEL, cin, cout)).astype(np.float32), np.zeros(cout, np.float32)]
    flat = (SIZE // 4) ** 2 * CHANNELS[-1]
    params += [rng.normal(0, 0.02, (flat, CLASSES)).astype(np.float32), np.zeros(CLASSES, np.float32)]
    return params


def _data(seed=1):
    rng = np.random.default_rng(seed)
    return rng.random((BATCH, SIZE, SIZE, 1), dtype=np.float32), rng.integers(0, CLASSES, BATCH)


def build_convnet_train_step(tf=None, seed=0, return_loss=False):
    """One training step as a TF1 graph; returns `step()` (which returns the loss if asked)."""
    if tf is None:
        import tfsess as tf  # the default implementation, imported on demand like lstm.py's
    x_value, labels_value = _data()
    graph = tf.Graph()
    with graph.as_default():
        x = tf.constant(x_value)
        labels = tf.constant(labels_value.astype(np.int32))
        w1, b1, w2, b2, w3, b3 = (tf.Variable(p) for p in _params(seed))
        h = x
        for w, b in ((w1, b1), (w2, b2)):
            h = tf.nn.relu(tf.nn.conv2d(h, w, [1, 1, 1, 1], "SAME") + b)
            h = tf.nn.max_pool(h, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
        logits = tf.matmul(tf.reshape(h, [BATCH, -1]), w3) + b3
        loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits))
        train = tf.train.GradientDescentOptimizer(LEARNING_RATE).minimize(loss)
        init = tf.global_variables_initializer()
    sess = tf.Session(graph=graph)
    sess.run(init)
    if return_loss:
        return lambda: sess.run([train, loss])[1]
    return lambda: sess.run(train)


def _im2col(x):
    """(n*h*w, k*k*c) SAME windows of an NHWC batch (stride 1)."""
    n, h, w, c = x.shape
    pad = KERNEL // 2
    padded = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, (KERNEL, KERNEL), axis=(1, 2))  # n,h,w,c,k,k
    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(n * h * w, KERNEL * KERNEL * c)


def _col2im(cols, shape):
    n, h, w, c = shape
    pad = KERNEL // 2
    taps = cols.reshape(n, h, w, KERNEL, KERNEL, c)
    out = np.zeros((n, h + 2 * pad, w + 2 * pad, c), np.float32)
    for i in range(KERNEL):
        for j in range(KERNEL):
            out[:, i:i + h, j:j + w] += taps[:, :, :, i, j]
    return out[:, pad:pad + h, pad:pad + w]


def numpy_convnet_train_step(seed=0, return_loss=False):
    """The same step by hand: im2col convolutions, max-pool masks, backprop, SGD update (float32)."""
    x, labels = _data()
    params = _params(seed)
    onehot = np.eye(CLASSES, dtype=np.float32)[labels]

    def step():
        w1, b1, w2, b2, w3, b3 = params
        tape, h = [], x
        for w, b in ((w1, b1), (w2, b2)):
            cols = _im2col(h)
            a = np.maximum(cols @ w.reshape(-1, w.shape[3]) + b, 0).reshape(*h.shape[:3], w.shape[3])
            n, hh, ww, c = a.shape
            quads = a.reshape(n, hh // 2, 2, ww // 2, 2, c)
            pooled = quads.max(axis=(2, 4))
            tape.append((h.shape, cols, a, quads == pooled[:, :, None, :, None, :]))
            h = pooled
        flat = h.reshape(BATCH, -1)
        logits = flat @ w3 + b3
        p = np.exp(logits - logits.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        loss = -np.mean(np.log(p[np.arange(BATCH), labels]))
        dlogits = (p - onehot) / BATCH
        grads = [flat.T @ dlogits, dlogits.sum(0)]
        dh = (dlogits @ w3.T).reshape(h.shape)
        for (shape, cols, a, mask), w in zip(reversed(tape), (w2, w1)):
            da = (mask * dh[:, :, None, :, None, :]).reshape(a.shape) * (a > 0)
            da2 = da.reshape(-1, da.shape[3])
            grads = [(cols.T @ da2).reshape(w.shape), da2.sum(0)] + grads
            dh = _col2im(da2 @ w.reshape(-1, w.shape[3]).T, shape)
        for param, grad in zip(params, grads):
            param -= LEARNING_RATE * grad
        return loss
    return step if return_loss else (lambda: step() and None)


if __name__ == "__main__":
    ours, floor = median_time(build_convnet_train_step()), median_time(numpy_convnet_train_step())
    print(f"tfsess {ours * 1e3:.1f} ms   numpy {floor * 1e3:.1f} ms   ratio {ours / floor:.2f}x", file=sys.stdout)
